package endian

import (
	"fmt"
	"strconv"
)

// Bool is a boolean stored in one byte: 0 is false and 1 is true, as in
// the flag bytes of many formats. Go's bool cannot be overlaid, since a
// byte of 2 to 255 read as a bool breaks the language's invariants, so
// package layout rejects it; Bool holds the byte instead, and its
// Validate method rejects the other 254 values. Package cast runs Validate
// for every Bool field of a struct it casts, so a cast struct's Bools all
// hold 0 or 1.
type Bool [1]byte

// NewBool returns v encoded as a Bool, for use in composite literals.
func NewBool(v bool) Bool {
	var b Bool
	b.Set(v)
	return b
}

// Get reports whether b is true: whether its byte is nonzero, as C reads a
// flag byte. A Bool that [Bool.Validate] accepts is 0 or 1.
func (b Bool) Get() bool {
	return b[0] != 0
}

// Set stores v in b as 1 or 0. When b points into a buffer, as an overlay
// does, Set writes to the buffer.
func (b *Bool) Set(v bool) {
	var x byte
	if v {
		x = 1
	}
	b[0] = x
}

// Validate reports an error unless b's byte is 0 or 1. It is the method
// package cast calls on every Bool field of a struct it casts.
func (b *Bool) Validate() error {
	if b[0] <= 1 {
		return nil
	}
	return fmt.Errorf("endian.Bool holds %d (%#02x), want 0 or 1", b[0], b[0])
}

// String returns "true" or "false", as fmt's %v formats a bool.
func (b Bool) String() string {
	return strconv.FormatBool(b.Get())
}

// Format implements fmt.Formatter: every verb, flag and width formats
// b.Get() as fmt formats a bool, except %s, which formats String() as for
// a fmt.Stringer.
func (b Bool) Format(f fmt.State, verb rune) {
	if verb == 's' {
		_, _ = fmt.Fprintf(f, fmt.FormatString(f, verb), b.String())
		return
	}
	_, _ = fmt.Fprintf(f, fmt.FormatString(f, verb), b.Get())
}

// AppendText implements encoding.TextAppender: it appends String() to dst.
func (b Bool) AppendText(dst []byte) ([]byte, error) {
	return strconv.AppendBool(dst, b.Get()), nil
}

// MarshalText implements encoding.TextMarshaler: it returns String().
func (b Bool) MarshalText() ([]byte, error) {
	return b.AppendText(nil)
}

// UnmarshalText implements encoding.TextUnmarshaler: it sets b to the
// boolean that text holds in any form strconv.ParseBool accepts ("true",
// "false", "1", "0", "t", "F", ...). On error it leaves b unchanged.
func (b *Bool) UnmarshalText(text []byte) error {
	v, err := strconv.ParseBool(string(text))
	if err != nil {
		return textError("Bool", err)
	}
	b.Set(v)
	return nil
}

// MarshalJSON implements encoding/json's Marshaler: it writes b as JSON
// true or false.
func (b Bool) MarshalJSON() ([]byte, error) {
	return b.AppendText(nil)
}

// UnmarshalJSON implements encoding/json's Unmarshaler: it sets b from
// JSON true or false, as encoding/json sets a bool; null leaves b
// unchanged.
func (b *Bool) UnmarshalJSON(data []byte) error {
	switch string(data) {
	case "null":
		return nil
	case "true", "false":
		b.Set(data[0] == 't')
		return nil
	}
	return fmt.Errorf("endian.Bool: cannot unmarshal %s, want true or false", data)
}

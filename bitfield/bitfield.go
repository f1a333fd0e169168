// Package bitfield holds what the accessors that cmd/overlaybits writes for
// bits struct tags need at run time: the error a setter returns for a value
// that does not fit its sub-field.
//
// A bits tag divides an unsigned word field into named sub-fields, most
// significant bit first, by width, as RFC diagrams draw them:
//
//	type IPv4 struct {
//		_             structs.HostLayout
//		VersionIHL    uint8        `bits:"Version:4,IHL:4"`
//		...
//		FlagsFragment endian.U16BE `bits:"_:1,DF:1,MF:1,FragOffset:13"`
//		...
//	}
//
//	//go:generate go run github.com/go-overlay/overlay/cmd/overlaybits
//
// gives (*IPv4).Version, SetVersion, IHL, SetIHL, DF, SetDF, and so on; a
// sub-field named _ is reserved and gets none. The tags are checked by
// package layout's engine, so by layoutcheck at vet time and by package
// cast at run time; see layout.ParseBits for the rules.
package bitfield

import (
	"strconv"
)

// A RangeError reports a value too wide for the sub-field a generated
// setter was to store it in. The setter that returns it leaves the word
// unchanged. It wraps strconv.ErrRange, as endian.RangeError does.
type RangeError struct {
	Field string // the sub-field, as Type.Name: "IPv4.IHL"
	Value uint64 // the value that does not fit
	Width int    // the sub-field's width in bits
}

func (e *RangeError) Error() string {
	return "bitfield: " + e.Field + ": " + strconv.FormatUint(e.Value, 10) + " (0x" + strconv.FormatUint(e.Value, 16) +
		") does not fit in " + strconv.Itoa(e.Width) + " bits"
}

// Unwrap returns strconv.ErrRange, so that errors.Is(err, strconv.ErrRange)
// holds for a RangeError.
func (e *RangeError) Unwrap() error { return strconv.ErrRange }

package endian

import (
	"fmt"
	"math"
	"strconv"
)

// The generated Format, MarshalJSON and UnmarshalText methods of every
// number type share these helpers.

// number is the set of Go types that the number types hold.
type number interface {
	uint16 | uint32 | uint64 | int16 | int32 | int64 | float32 | float64
}

// format formats v as fmt formats a Go number for verb and f's flags,
// width and precision, except that %s formats v's String form, as for a
// fmt.Stringer: a number type's String method existed before its Format
// method, and fmt rejects %s for a plain number. The common plain %v is
// written without building a format string.
func format[V number](f fmt.State, verb rune, v V) {
	switch {
	case (verb == 'v' || verb == 's') && plain(f):
		var buf [32]byte
		_, _ = f.Write(appendNumber(buf[:0], v))
	case verb == 's':
		_, _ = fmt.Fprintf(f, fmt.FormatString(f, verb), string(appendNumber(nil, v)))
	default:
		_, _ = fmt.Fprintf(f, fmt.FormatString(f, verb), v)
	}
}

// plain reports whether f has no flags, width or precision.
func plain(f fmt.State) bool {
	if _, ok := f.Width(); ok {
		return false
	}
	if _, ok := f.Precision(); ok {
		return false
	}
	return !f.Flag('+') && !f.Flag('-') && !f.Flag('#') && !f.Flag(' ') && !f.Flag('0')
}

// appendNumber appends v in the form of the number types' String methods,
// which is fmt's %v.
func appendNumber[V number](dst []byte, v V) []byte {
	switch v := any(v).(type) {
	case uint16:
		return strconv.AppendUint(dst, uint64(v), 10)
	case uint32:
		return strconv.AppendUint(dst, uint64(v), 10)
	case uint64:
		return strconv.AppendUint(dst, v, 10)
	case int16:
		return strconv.AppendInt(dst, int64(v), 10)
	case int32:
		return strconv.AppendInt(dst, int64(v), 10)
	case int64:
		return strconv.AppendInt(dst, v, 10)
	case float32:
		return strconv.AppendFloat(dst, float64(v), 'g', -1, 32)
	case float64:
		return strconv.AppendFloat(dst, v, 'g', -1, 64)
	}
	panic("unreachable")
}

// jsonFloat returns f, a float of the given bit size, as
// encoding/json writes a float32 or float64: like strconv's shortest 'f'
// form, switching to the 'e' form below 1e-6 and from 1e21 on, with a
// one-digit negative exponent written without its leading zero (1e-7, not
// 1e-07). JSON has no NaN or infinity.
func jsonFloat(f float64, bits int) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, fmt.Errorf("endian: JSON cannot represent %v", f)
	}
	form := byte('f')
	if abs := math.Abs(f); abs != 0 {
		if bits == 32 {
			abs = float64(float32(abs))
		}
		if abs < 1e-6 || abs >= 1e21 {
			form = 'e'
		}
	}
	dst := strconv.AppendFloat(nil, f, form, -1, bits)
	if n := len(dst); form == 'e' && n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
		dst[n-2] = dst[n-1]
		dst = dst[:n-1]
	}
	return dst, nil
}

// textError names the type whose UnmarshalText failed.
func textError(name string, err error) error {
	return fmt.Errorf("endian.%s: %w", name, err)
}

// A RangeError reports a value too large for the number type it was to be
// stored in, such as a value of 1<<24 or more for a U24BE. The Set that
// returns it leaves the stored bytes unchanged. It wraps strconv.ErrRange.
type RangeError struct {
	Value uint64 // the value that does not fit
	Bits  int    // the width of the number type
}

func (e *RangeError) Error() string {
	return fmt.Sprintf("endian: %d (%#x) does not fit in %d bits", e.Value, e.Value, e.Bits)
}

// Unwrap returns strconv.ErrRange, so that errors.Is(err, strconv.ErrRange)
// holds for a RangeError.
func (e *RangeError) Unwrap() error { return strconv.ErrRange }

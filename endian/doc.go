// Package endian implements number types with a fixed byte order, for
// overlaying binary data, and marker types that declare the byte order of
// a struct.
//
// Each number type is a byte array holding one integer or floating-point
// value in a fixed byte order: U32BE is a uint32 in big-endian order, I16LE
// an int16 in little-endian order, F64BE a float64 in big-endian order, and
// so on for unsigned (U), signed two's-complement (I) and IEEE 754 (F) numbers
// of 16, 32 and 64 bits, plus the 24-bit unsigned U24BE and U24LE (3 bytes,
// held in a uint32) of TLS and HTTP/2 lengths. Because they are arrays of
// bytes, their alignment is 1 and their size is exactly the width of the
// number: a struct built from them has no padding, has the same layout on
// every architecture, and can be overlaid on a byte slice at any offset.
// Their methods convert between the stored bytes and Go numbers:
//
//	Get    returns the stored value as a Go number
//	Set    stores a Go number, writing through to the overlaid bytes
//	String formats the stored value as fmt's %v formats the Go number
//
// A constructor, such as NewU32BE, encodes a value for composite literals.
// Get and Set are implemented with [encoding/binary] and are inlined, so they
// compile to the loads, stores and byte swaps of the encoding/binary calls on
// the same bytes, without their bounds checks. The Set of a 24-bit type
// returns a *[RangeError], and writes nothing, for a value of 1<<24 or more.
//
// The types print, marshal and parse as the numbers they hold: Format
// (fmt.Formatter) makes every fmt verb, flag, width and precision format
// the Go number as fmt would, so %#x of a U32BE holding 0x7f454c46 prints
// 0x7f454c46 (%s prints String, as for a fmt.Stringer); AppendText,
// MarshalText and UnmarshalText (the encoding text interfaces) use the
// String form, for flags, templates and text encoders; MarshalJSON and
// UnmarshalJSON make encoding/json read and write JSON numbers, exactly as
// for the Go number.
//
// U16, U24, U32, U64, I16, I32, I64, F32 and F64 are the same numbers with
// the byte order as a type parameter, [Big] or [Little], for formats that
// record their byte order in the data; see [Order].
//
// The marker types Big, Little and Native have size zero. A marker used as a
// blank field at the start of a struct, as in
//
//	type Header struct {
//		_      structs.HostLayout
//		_      endian.Big
//		Magic  uint32
//		Length uint16
//		Flags  uint16
//	}
//
// declares the byte order of the struct's native multi-byte numbers (uint32,
// int64, float64 and so on). Package cast rejects a struct marked Big on a
// little-endian host, and one marked Little on a big-endian host, with
// cast.ErrByteOrder; Native declares that the struct is in the host's byte
// order on purpose, as for kernel ABI structs or shared memory. The
// layoutcheck analyzer warns about structs that hold native multi-byte
// numbers but no marker, and about marked structs without a
// [structs.HostLayout] field, without which Go does not promise to keep the
// fields in order. Fields of the fixed-order types in this package are
// correct on every host and need no marker.
package endian

//go:generate go run gen.go

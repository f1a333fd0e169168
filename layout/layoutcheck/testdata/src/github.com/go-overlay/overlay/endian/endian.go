// Package endian is a stub of github.com/go-overlay/overlay/endian for the
// layoutcheck tests: its types, without their methods (but Bool's
// Validate).
package endian

// The fixed-order numbers.
type (
	U16BE [2]byte
	U16LE [2]byte
	U24BE [3]byte
	U24LE [3]byte
	U32BE [4]byte
	U32LE [4]byte
	U64BE [8]byte
	U64LE [8]byte
	I16BE [2]byte
	I16LE [2]byte
	I32BE [4]byte
	I32LE [4]byte
	I64BE [8]byte
	I64LE [8]byte
	F32BE [4]byte
	F32LE [4]byte
	F64BE [8]byte
	F64LE [8]byte
)

// The order-generic numbers.
type (
	U16[O Order] [2]byte
	U24[O Order] [3]byte
	U32[O Order] [4]byte
	U64[O Order] [8]byte
	I16[O Order] [2]byte
	I32[O Order] [4]byte
	I64[O Order] [8]byte
	F32[O Order] [4]byte
	F64[O Order] [8]byte
)

// Bool is a flag byte, 0 or 1.
type Bool [1]byte

// Validate reports a byte other than 0 or 1.
func (b *Bool) Validate() error { return nil }

// Order is the constraint of the order-generic numbers.
type Order interface {
	Little | Big
}

type Big struct{ _ bigEndian }
type Little struct{ _ littleEndian }
type Native struct{ _ native }

type bigEndian struct{}
type littleEndian struct{}
type native struct{}

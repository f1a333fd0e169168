// Package endian is a stub of github.com/go-overlay/overlay/endian for the
// layoutcheck tests.
package endian

type (
	U16BE [2]byte
	U16LE [2]byte
	U32BE [4]byte
	U32LE [4]byte
	U64BE [8]byte
	U64LE [8]byte
)

type Big struct{ _ bigEndian }
type Little struct{ _ littleEndian }
type Native struct{ _ native }

type bigEndian struct{}
type littleEndian struct{}
type native struct{}

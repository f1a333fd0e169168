package endian

// Big is a zero-size marker declaring that the native multi-byte numbers of
// a struct (uint32, int64, float64 and so on) are stored in big-endian byte
// order. Use it as a blank field at the start of the struct, next to
// [structs.HostLayout]:
//
//	type Header struct {
//		_      structs.HostLayout
//		_      endian.Big
//		Magic  uint32
//		Length uint16
//	}
//
// Package cast rejects a struct marked Big on a little-endian host with
// cast.ErrByteOrder, so such a struct can only be overlaid where its bytes
// mean what it declares.
//
// A marker belongs before the fields that have a size: a zero-size field at
// the end of a struct makes Go add trailing padding.
type Big struct{ _ bigEndian }

type bigEndian struct{}

// Little is a zero-size marker declaring that the native multi-byte numbers
// of a struct are stored in little-endian byte order. Use it at the start of
// the struct, like [Big]. Package cast rejects a struct marked Little on a
// big-endian host with cast.ErrByteOrder.
type Little struct{ _ littleEndian }

type littleEndian struct{}

// Native is a zero-size marker declaring that the native multi-byte numbers
// of a struct are in the host's byte order on purpose, as for kernel ABI
// structs, shared memory between processes on one machine, or files that
// never leave it. Use it at the start of the struct, like [Big]. Package
// cast accepts a struct marked Native on every host; the marker tells
// layoutcheck that the host order is intended.
type Native struct{ _ native }

type native struct{}

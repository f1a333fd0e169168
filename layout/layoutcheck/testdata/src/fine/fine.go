// Package fine holds overlay types that are correct: no diagnostics.
package fine

import (
	"structs"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// IPv4 is a packet header built from fixed-order types.
//
//layoutcheck:overlay
type IPv4 struct {
	_        structs.HostLayout
	VerIHL   uint8
	TOS      uint8
	Length   endian.U16BE
	ID       endian.U16BE
	Frag     endian.U16BE
	TTL      uint8
	Protocol uint8
	Checksum endian.U16BE
	Src, Dst [4]uint8
}

// Native is a host-order struct with natural alignment and no gaps.
type Native struct {
	_ structs.HostLayout
	_ endian.Native
	A uint64
	B uint32
	C uint16
	D uint8
	E uint8
	F [2]float32
	G complex64
}

// Aligned forces 8-byte alignment with a leading zero-size array.
type Aligned struct {
	_ structs.HostLayout
	_ endian.Little
	_ [0]uint64
	A [8]uint8
}

// Nested structs and arrays of structs without gaps.
type Record struct {
	_    structs.HostLayout
	_    endian.Big
	Head IPv4
	Rows [4]struct {
		_ structs.HostLayout
		K uint32
		V uint32
	}
}

// Single has one field: HostLayout is not needed.
type Single struct {
	_ endian.Big
	N uint64
}

// Bytes holds only single bytes: no byte order to declare.
//
//layoutcheck:overlay
type Bytes struct {
	_ structs.HostLayout
	A uint8
	B [3]int8
}

// Every is built from every kind of endian type: no byte order to
// declare, no bool, no padding.
type Every struct {
	_   structs.HostLayout
	A   endian.U16BE
	B   endian.U24LE
	C   endian.I32BE
	D   endian.I64LE
	E   endian.F32BE
	F   endian.F64LE
	G   endian.Bool
	H   [3]endian.U24BE
	Gen Generic[endian.Little]
}

// Generic is a format of either byte order, known at run time.
type Generic[O endian.Order] struct {
	_ structs.HostLayout
	A endian.U32[O]
	B endian.U16[O]
	C endian.U24[O]
	D endian.I16[O]
	E [3]byte
	F endian.F64[O]
	G endian.F32[O]
	H endian.I32[O]
	I endian.U64[O]
	J endian.I64[O]
}

// Alias of a fine type.
type Alias = Record

func use(b []byte) {
	_, _ = cast.To[IPv4](b)
	_, _, _ = cast.Decode[Alias](b, nil) // a big-endian type, read on any host
	_, _ = cast.Slice[endian.U32LE](b)
	_, _ = cast.To[[16]uint8](b)
	_, _ = cast.Read[uint64](b)
	_, _ = cast.To[[2]Native](b)
	_ = cast.MustOverlay[IPv4]()
	_, _ = cast.To[Every](b)
	_, _ = cast.Slice[Generic[endian.Big]](b)
	_, _ = cast.Slice[endian.Bool](b)
	_, _ = cast.Append[Record](nil, nil, &Record{})
}

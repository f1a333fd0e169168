// Package demo holds overlay structs with the mistakes layoutcheck exists to
// catch. It lives under testdata so that ./... skips it; name it explicitly:
//
//	go run ./cmd/layoutcheck ./testdata/demo
package demo

import (
	"structs"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// Record is padded on 64-bit arches only: Seq is 8-byte aligned there and
// 4-byte aligned on 386, arm, mips and mipsle.
type Record struct {
	_    structs.HostLayout
	_    endian.Little
	Kind uint32
	Seq  uint64
}

// Header has a bool, a platform-sized int and a pointer, and its native
// numbers have no declared byte order.
//
//layoutcheck:overlay
type Header struct {
	_     structs.HostLayout
	Magic uint32
	Valid bool
	Count int
	Name  *byte
}

// Frame has no structs.HostLayout field and pads before Len everywhere.
type Frame struct {
	_    endian.Big
	Tag  uint8
	Len  uint16
	Body [4]endian.U32BE
}

// Parse casts a Record; layoutcheck reports the type argument here too.
func Parse(b []byte) (*Record, error) {
	return cast.To[Record](b)
}

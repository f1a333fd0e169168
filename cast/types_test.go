package cast_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"structs"
	"unsafe"

	"golang.org/x/sys/cpu"

	"github.com/go-overlay/overlay/endian"
)

// Types the tests cast to. Names are short because messages include them:
// "cast.To[cast_test.Header]: ...".

// Header is a 24-byte header in host byte order, declared as such: it casts
// on every host. Its alignment is that of uint64 (8 on 64-bit arches, 4 on
// 32-bit ones).
type Header struct {
	_        structs.HostLayout
	_        endian.Native
	Magic    uint32
	Version  uint16
	Flags    uint16
	Length   uint64
	Checksum uint64
}

// rec is an 8-byte record with alignment 4, for slices.
type rec struct {
	_ structs.HostLayout
	_ endian.Native
	A uint32
	B uint32
}

// beHeader is 16 bytes of big-endian numbers built from endian types: it
// casts on every host and at every offset (alignment 1).
type beHeader struct {
	_      structs.HostLayout
	Magic  endian.U32BE
	Length endian.U16BE
	Flags  endian.U16LE
	Seq    endian.I64BE
}

// beMirror is beHeader as plain numbers, for binary.Decode with BigEndian
// (Flags is little-endian in beHeader and is compared separately).
type beMirror struct {
	Magic  uint32
	Length uint16
	Flags  [2]byte
	Seq    int64
}

// leRec declares little-endian byte order: it casts only on little-endian
// hosts.
type leRec struct {
	_ structs.HostLayout
	_ endian.Little
	A uint32
	B uint16
	C uint16
	D uint64
}

// leMirror is leRec without markers, for binary.Decode.
type leMirror struct {
	A uint32
	B uint16
	C uint16
	D uint64
}

// beRec declares big-endian byte order: it casts only on big-endian hosts.
type beRec struct {
	_ structs.HostLayout
	_ endian.Big
	A uint32
	B uint32
}

// checked has a Validate method: its magic must be 0xCAFEBABE.
type checked struct {
	_     structs.HostLayout
	Magic endian.U32BE
	Len   endian.U16BE
	_     [2]byte
}

var errBadMagic = errors.New("bad magic")

// magicError is the error type checked.Validate returns, for errors.As.
type magicError struct{ got uint32 }

func (e *magicError) Error() string { return fmt.Sprintf("magic %#x", e.got) }
func (e *magicError) Unwrap() error { return errBadMagic }

func (c *checked) Validate() error {
	if m := c.Magic.Get(); m != 0xCAFEBABE {
		return &magicError{got: m}
	}
	return nil
}

// wideChecked has a Validate method and alignment above 1.
type wideChecked struct {
	_ structs.HostLayout
	_ endian.Native
	A uint32
	B uint32
}

func (w *wideChecked) Validate() error {
	if w.A > w.B {
		return fmt.Errorf("A %d > B %d", w.A, w.B)
	}
	return nil
}

// Types that cannot be overlaid.
type (
	padded struct {
		_ structs.HostLayout
		A uint8
		B uint32
	}
	withPointer struct {
		_ structs.HostLayout
		P *int
		N uint64
	}
	withBool struct {
		_  structs.HostLayout
		OK bool
		N  uint8
	}
	withInt struct {
		_ structs.HostLayout
		N int
	}
	conflicting struct {
		_ structs.HostLayout
		_ endian.Big
		_ endian.Little
		A uint32
	}
	empty struct{}
)

// hostOrder is the host's byte order, for decoding Native types.
var hostOrder binary.ByteOrder = binary.LittleEndian

func init() {
	if cpu.IsBigEndian {
		hostOrder = binary.BigEndian
	}
}

// aligned returns a buffer of n bytes whose address is a multiple of 8 (of
// 64 with pad), backed by []uint64 so that the allocator guarantees the
// alignment on every arch.
func aligned(n int) []byte {
	words := make([]uint64, (n+64+7)/8)
	b := unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), len(words)*8)
	off := (64 - int(uintptr(unsafe.Pointer(&b[0]))%64)) % 64
	return b[off : off+n : off+n]
}

// addr returns the address of b's first byte.
func addr(b []byte) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(b))) }

// pattern fills b with 1, 2, 3, ...
func pattern(b []byte) []byte {
	for i := range b {
		b[i] = byte(i + 1)
	}
	return b
}

// alignOf returns T's alignment.
func alignOf[T any]() uintptr {
	var t T
	return unsafe.Alignof(t)
}

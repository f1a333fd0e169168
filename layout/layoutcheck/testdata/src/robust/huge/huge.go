// Package huge holds arrays and structs too large for the address space
// of 32-bit arches, of every arch, or of int64 itself.
//
// go/types accepts all of them on 64-bit hosts, and the gc compiler
// compiles those below 1<<50 bytes; with GOARCH=arm (or any 32-bit arch)
// the array lengths above 1<<31-1 are type errors, so this package is also
// broken code there.
package huge

import (
	"structs"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// Big33 overflows the 32-bit address space only.
type Big33 [1 << 33]byte

// Big62 is 1<<65 bytes: overflows everywhere, even int64 arithmetic.
type Big62 [1 << 62]uint64

// Sum overflows int64 only when its fields are added up.
//
//layoutcheck:overlay
type Sum struct { // robust:want too-large
	_ structs.HostLayout
	X [1 << 62]byte
	Y [1 << 62]byte
}

// Nested multiplies: 1<<31 elements of 1<<31 elements of 8 bytes.
type Nested [1 << 31][1 << 31]uint64

// Edge is exactly 1<<31 bytes: one more than a 32-bit arch's largest
// object.
type Edge [1 << 31]byte

// Edge1 is 1<<31 - 1 bytes.
type Edge1 [1<<31 - 1]byte

// MaxInt is the longest array length go/types allows on 64-bit.
type MaxInt [1<<63 - 1]byte

// Header holds a huge array after a marker.
type Header struct {
	_    structs.HostLayout
	_    endian.Big
	Len  uint32
	Data [1 << 40]uint32
}

// Padded is huge and padded: the padding is past 1<<32.
type Padded struct {
	_ structs.HostLayout
	A [1 << 32]byte
	B uint16
	C uint8
}

// ZeroOfHuge is a zero-length array of a huge element: size 0.
type ZeroOfHuge [0]Big62

// HugeOfZero is a huge array of a zero-size element: size 0.
type HugeOfZero [1 << 62]struct{}

// Slices of huge arrays are small.
type Small struct {
	_ endian.Little
	P *Big62
	S []Big33
}

func Uses(b []byte) {
	_, _ = cast.To[Big33](b) // robust:want too-large
	_, _ = cast.To[Big62](b) // robust:want too-large
	_, _ = cast.To[Sum](b)
	_, _ = cast.To[Nested](b)
	_, _ = cast.To[Edge](b)
	_, _ = cast.To[Edge1](b)
	_, _ = cast.To[MaxInt](b)
	_, _ = cast.To[Header](b)
	_, _ = cast.Slice[Padded](b)
	_, _ = cast.To[ZeroOfHuge](b)
	_, _ = cast.To[HugeOfZero](b)
	_, _ = cast.To[Small](b)
	_, _, _ = cast.SlicePrefix[Big62](b, 1<<62)
	_ = cast.MustOverlay[[1 << 50]uint64]()
}

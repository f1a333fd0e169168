// Package unsafeconv checks, with -unsafe, hand-written overlays: unsafe
// conversions of pointers into byte memory.
package unsafeconv

import (
	"structs"
	"unsafe"

	"github.com/go-overlay/overlay/endian"

	"unsafegen"
)

// Hdr has padding and a pointer; it has no marker, so it is checked
// where it is converted.
type Hdr struct {
	_   structs.HostLayout
	Tag uint8
	Len uint32
	P   *int
}

// Good is a fine overlay.
type Good struct {
	_   structs.HostLayout
	_   endian.Big
	Len uint32
}

// Loose has no HostLayout and no byte order: warnings, as at a cast.
type Loose struct {
	A uint16
	B uint16
}

// Other is a struct that is not byte memory.
type Other struct {
	_ structs.HostLayout
	P *int
	S string
}

func index(b []byte) {
	_ = (*Hdr)(unsafe.Pointer(&b[0])) // want `unsafe conversion to \*unsafeconv.Hdr: 3 bytes of padding at offset 1, before field Len; make it explicit: _ \[3\]byte before Len; convert with cast.To\[unsafeconv.Hdr\], which also checks the length and alignment` `unsafe conversion to \*unsafeconv.Hdr: field P \(\*int\) at offset 8, size 8, holds a pointer` `unsafe conversion to \*unsafeconv.Hdr: field Len \(uint32\) at offset 4 is a multi-byte number`
	_ = (*Hdr)(unsafe.Pointer(&b[4])) // once per type
	_ = (*Good)(unsafe.Pointer(&b[0]))
	_ = (*Loose)(unsafe.Pointer(&b[0])) // want `unsafe conversion to \*unsafeconv.Loose: the struct \(unsafeconv.Loose\) has no _ structs.HostLayout` `unsafe conversion to \*unsafeconv.Loose: field A \(uint16\) at offset 0 is a multi-byte number`
}

// Twice is converted at two sites; an ignore at the first covers that
// site only.
type Twice struct {
	_ structs.HostLayout
	_ [0]uint64
	A uint8
}

func sites(b []byte) {
	_ = (*Twice)(unsafe.Pointer(&b[0])) //layoutcheck:ignore the length is checked by the caller
	_ = (*Twice)(unsafe.Pointer(&b[8])) // want `unsafe conversion to \*unsafeconv.Twice: 7 bytes of trailing padding at offset 1`
	_ = (*Twice)(unsafe.Pointer(&b[16]))
}

func forms(b []byte, arr [64]byte, parr *[64]byte, p *byte, s string, n int) {
	_ = *(*int)(unsafe.Pointer(&arr[0]))                          // want `unsafe conversion to \*int: the type \(int\) at offset 0, size 8, has a size that differs by arch.*; convert with cast.To\[int\]`
	_ = (*[2]bool)(unsafe.Pointer(unsafe.SliceData(b)))           // want `unsafe conversion to \*\[2\]bool: the type \(\[2\]bool\) at offset 0 is a bool`
	_ = (*uintptr)(unsafe.Add(unsafe.Pointer(&parr[8]), n))       // want `unsafe conversion to \*uintptr: the type \(uintptr\)`
	_ = (*[4]uint)(unsafe.Pointer(&arr))                          // want `unsafe conversion to \*\[4\]uint: the type \(\[4\]uint\)`
	_ = (**int)(unsafe.Pointer(p))                                // want `unsafe conversion to \*\*int: the type \(\*int\) at offset 0, size 8, holds a pointer`
	_ = (*string)(unsafe.Pointer(uintptr(unsafe.Pointer(p)) + 8)) // want `unsafe conversion to \*string: the type \(string\)`
	_ = unsafe.Slice((*complex64)(unsafe.Pointer(&b[0])), n)
	_ = unsafe.Slice((*struct{ A, B any })(unsafe.Pointer(&b[0])), n) // want `unsafe conversion to \*struct \{ A interface \{\}; B interface \{\} \}: field A \(interface \{\}\) at offset 0, size 16, holds a pointer.*; convert with cast.Slice\[struct \{ A interface \{\}; B interface \{\} \}\]` `field B \(interface \{\}\)` `has no _ structs.HostLayout`
	_ = (*[1]Other)(unsafe.Pointer(unsafe.StringData(s)))             // want `unsafe conversion to \*\[1\]unsafeconv.Other: field \[0\].P \(\*int\)` `field \[0\].S \(string\)`
	ptr := unsafe.Pointer(&b[0])
	off := uintptr(ptr) + 2
	_ = (*func())(unsafe.Pointer(off)) // want `unsafe conversion to \*func\(\): the type \(func\(\)\)`
	_ = (*struct {                     // want `unsafe conversion to \*struct \{ A uint8; B int64 \}: 7 bytes of padding at offset 1, before field B \(on 64-bit arches; 3 bytes at offset 1 on 32-bit arches .*\); make it explicit: _ \[7\]byte before B .*; convert with cast.To` `field B \(int64\) at offset 8 is a multi-byte number` `\*struct \{ A uint8; B int64 \}: the struct \(struct\{...\}\) has no _ structs.HostLayout`
		A uint8
		B int64
	})(ptr)
}

// Unseen would be reported at any conversion from byte memory.
type Unseen struct {
	_ structs.HostLayout
	P *int
	S string
}

// notBytes holds conversions that are not overlays of byte memory.
func notBytes(o *Other, h *Hdr, words []uint32, s string, up unsafe.Pointer, n int) {
	_ = (*Unseen)(unsafe.Pointer(o))         // struct to struct: out of scope
	_ = (*Unseen)(unsafe.Pointer(h))         // struct to struct
	_ = (*Unseen)(unsafe.Pointer(&words[0])) // not byte memory
	_ = (*Unseen)(unsafe.Pointer(&o.S))      // a string header
	_ = (*Unseen)(up)                        // unknown origin
	_ = (*Unseen)(unsafe.Add(up, n))         // unknown origin
	var q unsafe.Pointer
	q = unsafe.Pointer(&words[0])
	q = unsafe.Add(q, 4)
	_ = (*Unseen)(q) // reassigned: not followed
	r := unsafe.Pointer(&h.Tag)
	r = unsafe.Pointer(o)
	_ = (*Unseen)(r) // reassigned: not followed, even from bytes
	_ = (*[8]byte)(unsafe.Pointer(&words[0]))
	_ = (*[8]byte)(unsafe.Pointer(&words[0]))
	_ = unsafe.Slice(&words[0], n)
}

// generic conversions are checked where T is known.
func generic[T any](b []byte) *T { return (*T)(unsafe.Pointer(&b[0])) } // want generic:`\(\*T0\)\(unsafe.Pointer\)`

func pair[A, B any](b []byte) *[2]struct{ X A } { return (*[2]struct{ X A })(unsafe.Pointer(&b[0])) } // want pair:`\(\*\[2\]struct\{X T0\}\)\(unsafe.Pointer\)`

func useGeneric(b []byte) {
	_ = generic[Unseen](b)        // want `unsafe conversion to \*unsafeconv.Unseen \(in unsafeconv.generic\[unsafeconv.Unseen\]\): field P \(\*int\)` `field S \(string\)`
	_ = generic[Good](b)          // fine
	_ = pair[bool, string](b)     // want `unsafe conversion to \*\[2\]struct \{ X bool \} \(in unsafeconv.pair\[bool,string\]\): field \[0\].X \(bool\)`
	_ = unsafegen.View[[3]int](b) // want `unsafe conversion to \*\[3\]int \(in unsafegen.View\[\[3\]int\]\): the type \(\[3\]int\)`
	_ = unsafegen.View[uint32](b)
}

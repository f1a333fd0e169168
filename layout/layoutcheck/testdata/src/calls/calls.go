// Package calls checks the type arguments of cast generics.
package calls

import (
	"structs"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
	"other"
)

// Header is not marked: it is checked because it is cast to.
type Header struct {
	Kind uint8
	Len  uint32
}

// Good is fine.
type Good struct {
	_    structs.HostLayout
	_    endian.Big
	Kind uint8
	Pad  [3]uint8
	Len  uint32
}

// Marked is checked at its declaration, not at its uses.
type Marked struct {
	_ structs.HostLayout
	_ endian.Big
	A uint8
	B uint16 // want `calls.Marked: 1 byte of padding at offset 1, before field B`
}

// HeaderAlias is an alias.
type HeaderAlias = Header

type Flags uint16

func use(b []byte) {
	_, _ = cast.To[Header](b)      // want `cast.To\[calls.Header\]: 3 bytes of padding at offset 1, before field Len; make it explicit: _ \[3\]byte before Len` `cast.To\[calls.Header\]: field Len \(uint32\) at offset 4 is a multi-byte number in host byte order` `cast.To\[calls.Header\]: the struct \(calls.Header\) has no _ structs.HostLayout field`
	_, _ = cast.To[Header](b)      // reported once per type and package
	_, _ = cast.To[HeaderAlias](b) // an alias is the same type
	_, _ = cast.To[Good](b)        // want `cast.To\[calls.Good\]: calls.Good declares big endian byte order \(_ endian.Big\), so the cast fails with cast.ErrByteOrder on little-endian arches \(386, amd64, arm, arm64, loong64, mips64le, mipsle, ppc64le, riscv64, wasm\); read it with cast.Decode\[calls.Good\]\(b, binary.BigEndian\), which converts its numbers on any host$`
	_, _ = cast.To[Marked](b)      // reported once per type and package
	_, _ = cast.Read[Flags](b)
	_, _ = cast.Slice[[4]endian.U32BE](b)

	// Types from other packages: errors, and their implicit byte order,
	// which the codec can give (but not HostLayout, which the user cannot).
	_, _ = cast.To[other.Padded](b) // want `cast.To\[other.Padded\]: 3 bytes of padding at offset 1, before field B; make it explicit` `cast.To\[other.Padded\]: field B \(uint32\) at offset 4 is a multi-byte number in host byte order, but no struct declares one; other.Padded is declared in another package, which this code cannot give a byte order: copy it with cast.Decode\[other.Padded\]\(b, order\), order being the data's \(binary.BigEndian or binary.LittleEndian\)$`
	_, _ = cast.To[other.Alias](b)
	_, _, _ = cast.Prefix[other.Ptr](b) // want `cast.Prefix\[other.Ptr\]: field P \(\*int\) at offset 0, size 8, holds a pointer`
	_, _ = cast.To[other.Fine](b)
	_, _ = cast.Slice[[2]other.Ptr](b)   // want `cast.Slice\[\[2\]other.Ptr\]: field \[0\].P \(\*int\) at offset 0, size 8, holds a pointer, which no byte buffer can supply, in each of 2 array elements`
	_, _ = cast.To[other.Gen[uint32]](b) // want `cast.To\[other.Gen\[uint32\]\]: 3 bytes of padding at offset 1, before field V` `cast.To\[other.Gen\[uint32\]\]: field V \(uint32\) at offset 4 is a multi-byte number in host byte order, .*: copy it with cast.Decode\[other.Gen\[uint32\]\]`

	// Type literals and basic types.
	_, _ = cast.To[struct { // want `cast.To\[struct \{ A uint8; B uint16 \}\]: 1 byte of padding at offset 1, before field B` `has no _ structs.HostLayout` `multi-byte number in host byte order`
		A uint8
		B uint16
	}](b)
	_, _ = cast.To[int](b)        // want `cast.To\[int\]: the type \(int\) at offset 0, size 8, has a size that differs by arch`
	_, _ = cast.Read[bool](b)     // want `cast.Read\[bool\]: the type \(bool\) at offset 0 is a bool`
	_, _ = cast.To[string](b)     // want `cast.To\[string\]: the type \(string\) at offset 0, size 16, holds a pointer`
	_, _ = cast.Slice[uintptr](b) // want `cast.Slice\[uintptr\]: the type \(uintptr\)`
	_ = cast.Check[struct{}]()    // want `cast.Check\[struct \{\}\]: the type has size 0: there is nothing to overlay`
	_, _ = cast.To[[0]uint32](b)  // want `cast.To\[\[0\]uint32\]: the type has size 0`
	_, _ = cast.To[uint32](b)
	_, _ = cast.To[[16]uint8](b)

	// Inferred type arguments.
	var h *[3]int
	_ = cast.Bytes(h) // want `cast.Bytes\[\[3\]int\]: the type \(\[3\]int\) at offset 0, size 24, has a size that differs by arch`

	// Generic types of package cast.
	var ov cast.Overlay[[2]uint] // want `cast.Overlay\[\[2\]uint\]: the type \(\[2\]uint\)`
	_ = ov
	_ = cast.MustOverlay[[2]bool]() // want `cast.MustOverlay\[\[2\]bool\]: the type \(\[2\]bool\) at offset 0 is a bool`

	// Silenced at the call.
	_, _ = cast.To[[3]int16](b)
	_, _ = cast.To[[2]int](b) //layoutcheck:ignore test of a silenced call
	//layoutcheck:ignore:pointer the line above covers this call
	_, _ = cast.To[[2]string](b)
}

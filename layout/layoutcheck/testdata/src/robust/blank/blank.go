// Package blank holds blank fields, embedded pointers, embedded structs
// and empty structs.
package blank

import (
	"structs"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

type Inner struct {
	_ structs.HostLayout
	A endian.U16BE
	B uint8
	_ uint8
}

// Blanks is made of blank fields only.
//
//layoutcheck:overlay
type Blanks struct {
	_ structs.HostLayout
	_ uint8
	_ [3]byte
	_ uint32
	_ Inner
	_ struct{ _, _ uint8 }
}

// BlankPadding has blank fields that leave padding between them.
//
//layoutcheck:overlay
type BlankPadding struct {
	_ structs.HostLayout
	_ endian.Little
	_ uint8
	_ uint64
	_ [0]uint64
}

// EmbedPtr embeds a pointer to a struct and a pointer to a basic-named
// type.
type Word uint32

//layoutcheck:overlay
type EmbedPtr struct {
	_ structs.HostLayout
	*Inner
	*Word
	N uint16
}

// EmbedValue embeds structs by value, two levels deep.
//
//layoutcheck:overlay
type EmbedValue struct {
	_ structs.HostLayout
	Inner
	Outer
}

type Outer struct {
	Inner Inner
	Word
}

// Empty types.
type (
	Empty       struct{}
	EmptyMarked struct {
		_ structs.HostLayout
		_ endian.Big
	}
	OnlyZero struct {
		_ [0]uint64
		_ [0]func()
	}
)

// ZeroArrayOfPointers holds a [0]*T: size 0, but pointer-ish.
//
//layoutcheck:overlay
type ZeroArrayOfPointers struct {
	_ structs.HostLayout
	P [0]*Inner
	N uint8
}

// MarkerMidway puts the marker after a field, and twice.
type MarkerMidway struct {
	N uint8
	_ endian.Big
	M uint8
	_ endian.Big
}

// EmbeddedMarker embeds the marker type instead of using a blank field.
type EmbeddedMarker struct {
	endian.Little
	N uint32
}

// BlankMarkerInArray: markers inside arrays and nested structs.
type BlankMarkerInArray struct {
	_ [2]endian.Big
	N uint32
	S struct {
		_ endian.Little
		M uint32
	}
}

// AlignForced starts with a zero-length array that only raises the
// alignment, as DESIGN.md allows: it holds no number, so it does not make
// the struct's byte order implicit.
//
//layoutcheck:overlay
type AlignForced struct {
	_ structs.HostLayout // robust:wantnot implicit-order
	_ [0]uint64          // robust:wantnot implicit-order
	A endian.U32BE
	B endian.U32BE
}

func Uses(b []byte) {
	_, _ = cast.To[Blanks](b)
	_, _ = cast.To[BlankPadding](b)
	_, _ = cast.To[EmbedPtr](b)
	_, _ = cast.To[EmbedValue](b)
	_, _ = cast.To[Empty](b)
	_, _ = cast.To[EmptyMarked](b)
	_, _ = cast.To[OnlyZero](b)
	_, _ = cast.To[ZeroArrayOfPointers](b)
	_, _ = cast.To[MarkerMidway](b)
	_, _ = cast.To[EmbeddedMarker](b)
	_, _ = cast.To[BlankMarkerInArray](b)
	_, _ = cast.To[AlignForced](b)
	_, _ = cast.To[struct{}](b)
	_, _ = cast.To[[0]byte](b)
	_, _ = cast.To[struct {
		_ endian.Big
		X uint16
	}](b)
}

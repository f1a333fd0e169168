// Package aliases holds type aliases of overlay types, of markers, of
// pointers and of unnamed structs, and generic aliases.
package aliases

import (
	"structs"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

type Header struct {
	_     structs.HostLayout
	_     endian.Big
	Magic uint32
	Len   uint16
	Flags uint16
}

type (
	H      = Header
	HP     = *Header
	HS     = []Header
	HArr   = [2]Header
	BigM   = endian.Big // alias of a marker
	LitM   = endian.Little
	Anon   = struct{ A, B uint8 }
	Byte   = byte
	Rune   = rune
	U32    = endian.U32BE
	Chain3 = Chain2
	Chain2 = Chain1
	Chain1 = Header
)

// Generic aliases (Go 1.24).
type (
	Pair[A, B any] struct {
		_ structs.HostLayout
		X A
		Y B
	}
	Same[T any]   = Pair[T, T]
	Twice[T any]  = Same[Same[T]]
	PtrTo[T any]  = *T
	ArrOf[T any]  = [3]T
	Marked[T any] = struct {
		_ BigM
		V T
	}
)

// Aliased marks its byte order through an alias of endian.Big.
type Aliased struct {
	_ structs.HostLayout
	_ BigM
	N uint32
}

// Conflict uses aliases of both markers.
type Conflict struct {
	_ BigM
	_ LitM
	N uint32
}

// MisplacedAlias ends in an aliased marker: zero-size trailing field.
type MisplacedAlias struct {
	N uint32
	_ BigM
}

// EmbedAlias embeds through aliases.
//
//layoutcheck:overlay
type EmbedAlias struct {
	_ structs.HostLayout
	H
	Anon
}

// EmbedPtrAlias embeds a pointer through an alias of a named type.
//
//layoutcheck:overlay
type EmbedPtrAlias struct {
	*Chain3
}

func Uses(b []byte) {
	_, _ = cast.To[H](b)
	_, _ = cast.To[HP](b)
	_, _ = cast.To[HS](b)
	_, _ = cast.To[HArr](b)
	_, _ = cast.To[Anon](b)
	_, _ = cast.To[Byte](b)
	_, _ = cast.To[Rune](b)
	_, _ = cast.To[U32](b)
	_, _ = cast.To[Chain3](b)
	_, _ = cast.To[Same[uint8]](b)
	_, _ = cast.To[Same[uint16]](b)
	_, _ = cast.To[Twice[endian.U16LE]](b)
	_, _ = cast.To[PtrTo[Header]](b)
	_, _ = cast.To[ArrOf[Header]](b)
	_, _ = cast.To[Marked[uint32]](b)
	_, _ = cast.To[Marked[uint8]](b)
	_, _ = cast.To[Aliased](b)
	_, _ = cast.To[Conflict](b)
	_, _ = cast.To[MisplacedAlias](b)
	_, _ = cast.To[EmbedAlias](b)
	_, _ = cast.To[BigM](b)
	_ = cast.MustOverlay[Same[Chain1]]()
}

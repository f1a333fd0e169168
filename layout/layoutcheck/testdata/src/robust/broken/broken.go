// Package broken does not type-check, on purpose: undefined types,
// invalid recursion, bad array lengths, wrong instantiations, misuse of
// cast. The analyzer must not panic on what go/types makes of it.
package broken

import (
	"structs"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
	"nonexistent.example/missing"
)

// Undefined field types.
//
//layoutcheck:overlay
type Undef struct {
	_ structs.HostLayout
	_ endian.Big
	A Undefined
	B [4]AlsoUndefined
	C missing.Type
	D endian.NoSuchType
	E uint32
}

// TrailingUndef ends in a field of an undefined type: its size is
// unknown, so nothing may be said about padding after it.
//
//layoutcheck:overlay
type TrailingUndef struct {
	_ structs.HostLayout
	_ endian.Big
	N uint32
	M Undefined // robust:wantnot zero-size-padding padding trailing-padding
}

// Direct recursion by value: invalid recursive type.
//
//layoutcheck:overlay
type Self struct { // robust:wantnot zero-size
	_ endian.Little
	X Self
	N uint32
}

// Mutual recursion by value.
type (
	MA struct { // robust:wantnot zero-size
		_ endian.Big
		B MB
	}
	MB struct{ A [2]MA }
)

// Recursion through an array and an alias.
type (
	RA   [3]RB
	RB   struct{ A RA }
	RAli = RC
	RC   struct{ X RAli }
)

// Bad array lengths.
type (
	Neg      [-1]byte
	Frac     [1.5]byte
	NonConst [n]byte
	TooBig   [1 << 64]byte
	StrLen   ["four"]byte
	SelfLen  [len(SelfLen{})]byte
	SizeOf   [unsafeSizeof(Undef{})]byte
)

var n = 4

// Type-invalid generics.
type G[T any] struct {
	_ structs.HostLayout
	V T
}

type Bad struct {
	A G           // missing type argument
	B G[int, int] // too many
	C G[Undefined]
	D InfInst[int]
}

// InfInst instantiates itself with a growing argument: an instantiation
// cycle.
type InfInst[T any] struct {
	X *InfInst[[2]T]
	Y InfInst[*T]
}

// Embedding a type parameter is not allowed.
type EmbedTP[T any] struct {
	T
	N uint8
}

// A constraint interface used as a field type is not allowed.
type Constraint interface{ ~int | ~uint8 }

type UsesConstraint struct {
	_ endian.Native
	C Constraint
}

// A duplicate field and a duplicate type.
type Dup struct {
	A uint8
	A uint16
}

type Dup struct{ B uint8 }

// A marker name used as a value, and a function used as a type.
type BadMarker struct {
	_ [endian.Big{}]byte
	F Uses
	N uint32
}

func Uses(b []byte) {
	_, _ = cast.To[Undef](b)
	_, _ = cast.To[Self](b)
	_, _ = cast.To[MA](b)
	_, _ = cast.To[RA](b)
	_, _ = cast.To[RC](b)
	_, _ = cast.To[Neg](b)
	_, _ = cast.To[TooBig](b)
	_, _ = cast.To[SelfLen](b)
	_, _ = cast.To[Bad](b)
	_, _ = cast.To[EmbedTP[uint8]](b)
	_, _ = cast.To[UsesConstraint](b)
	_, _ = cast.To[Dup](b)
	_, _ = cast.To[BadMarker](b)
	_, _ = cast.To[Undefined](b)
	_, _ = cast.To[missing.Type](b)
	_, _ = cast.To[uint32, uint32](b)
	_, _ = cast.To(b)
	_, _ = cast.To[G](b)
	_, _ = cast.To[G[Undefined]](b)
	_, _ = cast.To[InfInst[uint8]](b)
	_, _ = cast.NoSuchFunc[uint32](b)
	_ = cast.Bytes(nil)
	_ = cast.Bytes(b)
	_ = cast.SliceBytes(undefinedVar)
	_, _, _ = cast.SlicePrefix[uint32](b, "three")
	var o cast.Overlay[Self]
	_, _ = o.To(b)
	_, _ = o.NoSuchMethod(b)
	_ = cast.MustOverlay[Constraint]()
	_ = cast.Check[interface{ M() }]()
	_, _ = cast.To[[unknownConst]byte](b)
	_ = Generic[Undefined]
	_, _ = Generic[Self](b)
}

func Generic[T any](b []byte) (*T, error) {
	var x T
	_ = x.Field // selector on a type parameter
	return cast.To[T](b)
}

// A method on a non-local type and on a pointer-to-pointer.
func (e endian.U32BE) Bad() {}

type PP **Undef

func (p PP) M() {}

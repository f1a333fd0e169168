// Package generics holds generic overlay structs, type parameters as
// fields, cast calls with type-parameter arguments and instantiations of
// all of them, good and bad.
package generics

import (
	"structs"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// Pair is a generic struct whose fields are type parameters.
type Pair[A, B any] struct {
	_     structs.HostLayout
	First A
	Last  B
}

// BE is a generic overlay with a marker and a type-parameter field.
type BE[T any] struct {
	_   structs.HostLayout
	_   endian.Big
	Tag uint16
	Val T
}

// Arr has a type-parameter element in an array.
//
//layoutcheck:overlay
type Arr[T any] struct {
	_     structs.HostLayout
	Items [4]T
}

// Num is constrained to fixed-size numbers.
type Num interface {
	~int8 | ~uint8 | ~int16 | ~uint16 | ~int32 | ~uint32 | ~int64 | ~uint64
}

// Counted embeds a type parameter's instantiation and a generic struct.
//
//layoutcheck:overlay
type Counted[N Num] struct {
	_ structs.HostLayout
	_ endian.Little
	Pair[N, N]
	Count N
}

// List is a recursive generic type.
type List[T any] struct {
	Next *List[T]
	Val  T
}

// Nest instantiates generic types with generic types.
type Nest[T any] struct {
	_ structs.HostLayout
	P Pair[Pair[T, T], Arr[T]]
}

// Parse forwards its type parameter to cast: checked at Parse's
// instantiations.
func Parse[T any](b []byte) (*T, error) { return cast.To[T](b) }

// ParseAll forwards to another generic function.
func ParseAll[T any](b []byte) ([]T, error) {
	if _, err := Parse[T](b); err != nil {
		return nil, err
	}
	return cast.Slice[T](b)
}

// ParsePair casts an instantiation that involves the type parameter.
func ParsePair[T Num](b []byte) (*Pair[T, uint8], error) {
	return cast.To[Pair[T, uint8]](b)
}

// Reader is a generic type whose field is a cast.Overlay of its parameter.
type Reader[T any] struct {
	ov cast.Overlay[T]
}

// NewReader instantiates cast.MustOverlay with a type parameter.
func NewReader[T any]() *Reader[T] { return &Reader[T]{ov: cast.MustOverlay[T]()} }

func (r *Reader[T]) Next(b []byte) (*T, []byte, error) { return r.ov.Prefix(b) }

// Method value and function value of generic functions.
var (
	parseU32 = Parse[endian.U32BE]
	readPair = cast.Read[Pair[uint8, uint8]]
)

// Uses instantiates everything with good and bad types.
func Uses(b []byte) {
	_, _ = Parse[Pair[uint8, endian.U16LE]](b)
	_, _ = Parse[Pair[uint8, uint32]](b) // padding on every arch
	_, _ = Parse[Pair[*int, string]](b)  // pointers
	_, _ = ParseAll[BE[uint32]](b)
	_, _ = ParseAll[BE[uint8]](b) // interior or trailing padding
	_, _ = ParsePair[int8](b)
	_, _ = ParsePair[int64](b)
	_, _ = cast.To[Arr[uint8]](b)
	_, _ = cast.To[Arr[bool]](b)
	_, _ = cast.To[Counted[uint16]](b)
	_, _ = cast.To[List[uint8]](b)
	_, _ = cast.To[Nest[uint8]](b)
	_, _ = cast.To[Nest[uint64]](b)
	_, _ = cast.To[Pair[struct{}, uint8]](b)
	_, _ = cast.To[Pair[uint8, struct{}]](b) // zero-size trailing field
	_, _ = cast.To[Pair[[0]uint64, uint8]](b)
	_, _, _ = NewReader[BE[endian.U64BE]]().Next(b)
	_, _, _ = NewReader[BE[int]]().Next(b)
	_, _ = parseU32(b)
	_, _ = readPair(b)
	_, _ = cast.To[Pair[Pair[Pair[uint8, uint8], uint16], uint32]](b)
	// An instantiation through a local generic type.
	type local[T any] struct{ V T }
	_, _ = cast.To[local[uint8]](b)
	_, _ = cast.To[local[uintptr]](b)
	// Inferred type arguments.
	var p Pair[uint8, uint8]
	_ = cast.Bytes(&p)
	_ = cast.SliceBytes([]BE[endian.U16BE]{})
}

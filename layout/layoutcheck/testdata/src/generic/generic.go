// Package generic checks cast generics used in generic code: a type
// argument that is a type parameter is checked where the enclosing
// generic function or type is instantiated.
package generic

import (
	"structs"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// Rec is not marked: it is checked because it reaches cast.To.
type Rec struct {
	A uint8
	B uint64
}

// Ok is fine, but casts only on big-endian hosts.
type Ok struct {
	_ structs.HostLayout
	_ endian.Big
	A uint32
}

// Parse is not checked itself: T is unknown here.
func Parse[T any](b []byte) (*T, error) { return cast.To[T](b) } // want Parse:`cast\.To\[T0\]`

// ParseArr casts to an array of T.
func ParseArr[T any](b []byte) (*[2]T, error) { return cast.To[[2]T](b) } // want ParseArr:`cast\.To\[\[2\]T0\]`

// Ptr is wrong whatever T is, so it is reported here.
func Ptr[T any](b []byte) (**T, error) { return cast.To[*T](b) } // want `cast.To\[\*T\]: the type \(\*T\) at offset 0, size 8, holds a pointer`

// Outer reaches cast.To through Parse.
func Outer[T any](b []byte) { _, _ = Parse[T](b) } // want Outer:`cast\.To\[T0\]`

// Never is never instantiated: nothing to report.
func Never[T any](b []byte) { _, _ = cast.Slice[T](b) } // want Never:`cast\.Slice\[T0\]`

// Reader holds a cast.Overlay[T] and casts in a method.
type Reader[T any] struct{ ov cast.Overlay[T] } // want Reader:`cast\.Overlay\[T0\], cast\.To\[T0\]`

func (r *Reader[T]) Next(b []byte) (*T, error) { return cast.To[T](b) }

// Decoder casts in a method only.
type Decoder[K comparable, V any] struct{ n int32 } // want Decoder:`cast\.Read\[T1\]`

func (d Decoder[K, V]) Decode(b []byte) (V, error) { return cast.Read[V](b) }

// Pair is generic and passes a struct of its type parameters.
type Pair[A, B any] struct {
	X A
	Y B
}

func ParsePair[A, B any](b []byte) (*Pair[A, B], error) { return cast.To[Pair[A, B]](b) } // want ParsePair:`cast\.To\[generic\.Pair\[T0,T1\]\]`

func use(b []byte) {
	_, _ = Parse[Ok](b)      // want `cast.To\[generic.Ok\] \(in generic.Parse\[generic.Ok\]\): generic.Ok declares big endian byte order \(_ endian.Big\), so the cast fails with cast.ErrByteOrder on little-endian arches \(386, .*\); read it with cast.Decode\[generic.Ok\]\(b, binary.BigEndian\)`
	_, _ = Parse[Rec](b)     // want `cast.To\[generic.Rec\] \(in generic.Parse\[generic.Rec\]\): 7 bytes of padding at offset 1, before field B` `cast.To\[generic.Rec\] \(in generic.Parse\[generic.Rec\]\): the struct \(generic.Rec\) has no _ structs.HostLayout` `cast.To\[generic.Rec\] \(in generic.Parse\[generic.Rec\]\): field B \(uint64\) at offset 8 is a multi-byte number`
	_, _ = Parse[Rec](b)     // once per type
	_, _ = ParseArr[bool](b) // want `cast.To\[\[2\]bool\] \(in generic.ParseArr\[bool\]\): the type \(\[2\]bool\) at offset 0 is a bool`
	Outer[[2]int](b)         // want `cast.To\[\[2\]int\] \(in generic.Parse\[\[2\]int\] in generic.Outer\[\[2\]int\]\): the type \(\[2\]int\) at offset 0, size 16, has a size that differs by arch`
	var r Reader[uint]       // want `cast.Overlay\[uint\] \(in generic.Reader\[uint\]\): the type \(uint\)`
	_ = r
	var d Decoder[string, [4]uintptr] // want `cast.Read\[\[4\]uintptr\] \(in generic.Decoder\[string,\[4\]uintptr\]\): the type \(\[4\]uintptr\)`
	_ = d
	_, _ = ParsePair[uint8, uint16](b)    // want `cast.To\[generic.Pair\[uint8,uint16\]\] \(in generic.ParsePair\[uint8,uint16\]\): 1 byte of padding at offset 1, before field Y` `Pair\[uint8,uint16\]\): the struct .* has no _ structs.HostLayout` `Pair\[uint8,uint16\]\): field Y \(uint16\) at offset 2 is a multi-byte number`
	_, _ = ParsePair[uint16, uint16](b)   // want `cast.To\[generic.Pair\[uint16,uint16\]\] .*: the struct .* has no _ structs.HostLayout` `cast.To\[generic.Pair\[uint16,uint16\]\] .*: field X \(uint16\) at offset 0 is a multi-byte number`
	_, _ = ParsePair[Ok, endian.U32BE](b) // want `cast.To\[generic.Pair\[generic.Ok,endian.U32BE\]\] \(in generic.ParsePair\[generic.Ok,endian.U32BE\]\): the struct .* has no _ structs.HostLayout` `cast.To\[generic.Pair\[generic.Ok,endian.U32BE\]\] .*: generic.Pair\[generic.Ok,endian.U32BE\] declares big endian byte order .* on little-endian arches`
}

// Local casts a type declared in its own body, holding its type parameter.
func Local[X any]() error { // want Local:`cast\.Check\[generic\.L\]`
	type L struct {
		_ structs.HostLayout
		_ endian.Big
		A X
	}
	return cast.Check[L]()
}

// LocalArr reaches a local type through an array and another generic.
func LocalArr[X any]() { // want LocalArr:`cast\.Check\[generic\.L\]`
	type Elem struct {
		_ structs.HostLayout
		_ endian.Big
		V X
	}
	_ = Local[[2]Elem]
}

func useLocal() {
	_ = Local[*int]         // want `cast.Check\[generic.L\] \(in generic.Local\[\*int\]\): field A \(\*int\) at offset 0, size 8, holds a pointer`
	_ = Local[bool]         // want `cast.Check\[generic.L\] \(in generic.Local\[bool\]\): field A \(bool\) at offset 0 is a bool`
	_ = Local[endian.U32BE] // want `cast.Check\[generic.L\] \(in generic.Local\[endian.U32BE\]\): generic.L declares big endian byte order \(_ endian.Big\), so the cast fails with cast.ErrByteOrder on little-endian arches`
	_ = Local[uint32]       // L declares its byte order; the one above is reported once per type
	LocalArr[uint]()        // want `cast.Check\[generic.L\] \(in generic.Local\[\[2\]generic.Elem\] in generic.LocalArr\[uint\]\): field A\[0\].V \(uint\) at offset 0, size 8, has a size that differs by arch`
}

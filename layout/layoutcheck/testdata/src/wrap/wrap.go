// Package wrap holds generic helpers around cast, checked where other
// packages instantiate them (through facts).
package wrap

import (
	"structs"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// Check casts T.
func Check[T any]() error { return cast.Check[T]() } // want Check:`cast.Check\[T0\]`

// Arr casts an array of T.
func Arr[T any](b []byte) (*[2]T, error) { return cast.To[[2]T](b) } // want Arr:`cast.To\[\[2\]T0\]`

// Pair is a struct of its type parameters.
type Pair[A, B any] struct {
	X A
	Y B
}

// Deeper reaches cast through Check, with its parameters swapped.
func Deeper[A, B any]() error { return Check[Pair[B, A]]() } // want Deeper:`cast.Check\[wrap.Pair\[T1,T0\]\]`

// Reader holds an overlay of T.
type Reader[T any] struct{ ov cast.Overlay[T] } // want Reader:`cast.Overlay\[T0\]`

// Local casts a type declared in its body.
func Local[X any]() error { // want Local:`cast.Check\[wrap.L\]`
	type L struct {
		_ structs.HostLayout
		_ endian.Big
		A X
	}
	return cast.Check[L]()
}

// Plain has no type parameters, so no fact.
func Plain() error { return cast.Check[uint8]() }

// Unused does not reach a cast: no fact.
func Unused[T any]() {}

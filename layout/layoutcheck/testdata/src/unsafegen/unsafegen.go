// Package unsafegen holds a generic hand-written overlay, checked with
// -unsafe where other packages instantiate it (through facts).
package unsafegen

import "unsafe"

// View overlays T on b without any check.
func View[T any](b []byte) *T { return (*T)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(b)), 0)) } // want View:`\(\*T0\)\(unsafe.Pointer\)`

// Words converts non-byte memory: no fact.
func Words[T any](w []uint32) *T { return (*T)(unsafe.Pointer(&w[0])) }

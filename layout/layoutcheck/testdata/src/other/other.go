// Package other declares types that the layoutcheck test packages use
// from another package. It is not checked itself.
package other

import "github.com/go-overlay/overlay/endian"

// Padded has 3 bytes of padding before B.
type Padded struct {
	A uint8
	B uint32
}

// Fine has no problems.
type Fine struct {
	A endian.U32BE
	B endian.U16LE
}

// Ptr holds a pointer.
type Ptr struct{ P *int }

// Alias is an alias of Padded.
type Alias = Padded

// Gen is a generic struct.
type Gen[T any] struct {
	A uint8
	V T
}

// Pad64A and Pad64B are in host order on purpose and padded on 64-bit
// arches only.
type Pad64A struct {
	_ endian.Native
	A uint32
	B uint64
}

type Pad64B struct {
	_ endian.Native
	A uint32
	B uint64
}

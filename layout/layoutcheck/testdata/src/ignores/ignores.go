// Package ignores tests //layoutcheck:ignore.
package ignores

import (
	"structs"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// Kernel mirrors a kernel ABI struct, padding included.
//
//layoutcheck:ignore the kernel ABI has this padding
type Kernel struct {
	_ endian.Native
	A uint8
	B uint64
	C bool
}

type Field struct { // want `ignores.Field: 6 bytes of trailing padding at offset 26`
	_ structs.HostLayout
	_ endian.Native
	A uint8
	B uint64 //layoutcheck:ignore the format reserves these bytes
	C uint8
	//layoutcheck:ignore a doc comment on the field works too
	D uint32
	E bool // want `ignores.Field: field E \(bool\) at offset 24 is a bool`
	F bool //layoutcheck:ignore:padding the wrong category does not silence // want `ignores.Field: field F \(bool\) at offset 25 is a bool`
}

//layoutcheck:ignore:hostlayout,implicit-order only the warnings
type Categories struct {
	_ endian.Native
	A bool   // want `ignores.Categories: field A \(bool\) at offset 0 is a bool`
	B uint16 // want `ignores.Categories: 1 byte of padding at offset 1, before field B`
}

// Trailing findings go at the type name: an ignore on its line covers them.
type Trailing struct { //layoutcheck:ignore:trailing-padding tail is checksum space
	_ structs.HostLayout
	_ endian.Big
	A uint32
	B uint8
}

type NoReason struct {
	_ structs.HostLayout
	_ endian.Big
	A uint8
	// want +1 `//layoutcheck:ignore needs a reason`
	B uint16 //layoutcheck:ignore
}

// want +2 `unknown directive //layoutcheck:ingore`
//
//layoutcheck:ingore typo
type Typo struct {
	_ structs.HostLayout
	_ endian.Big
	A uint8
	B uint16 // want `ignores.Typo: 1 byte of padding at offset 1, before field B`
}

// want +2 `unknown category "paddding"`
//
//layoutcheck:ignore:paddding typo in the category
type BadCategory struct {
	_ structs.HostLayout
	_ endian.Big
	A uint8
	B uint16 // want `ignores.BadCategory: 1 byte of padding at offset 1, before field B`
}

// Unmarked is cast to; its declaration's ignore covers the call.
//
//layoutcheck:ignore legacy type, checked at run time
type Unmarked struct {
	A uint8
	B uint64
}

type UnmarkedField struct {
	_ structs.HostLayout
	A uint8
	B uint32 //layoutcheck:ignore:padding covers the finding at the call
}

func use(b []byte) {
	_, _ = cast.To[Unmarked](b)
	_, _ = cast.To[UnmarkedField](b) // want `cast.To\[ignores.UnmarkedField\]: field B \(uint32\) at offset 4 is a multi-byte number in host byte order`
}

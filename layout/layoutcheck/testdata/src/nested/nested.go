// Package nested tests where padding of a named struct type of this
// package is reported when another type holds it: at its own declaration,
// with its fix, once however many types hold it.
package nested

import (
	"structs"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
	"other"
)

// Part is not marked; its padding shows where it is used, and is
// reported here.
type Part struct {
	_ structs.HostLayout
	A uint8
	B uint16 // want `nested.Part \(in nested.First\): 1 byte of padding at offset 1, before field B; make it explicit: _ \[1\]byte before B`
}

type First struct {
	_ structs.HostLayout
	_ endian.Little
	P Part
}

// Second holds Part too: no second report.
type Second struct {
	_ structs.HostLayout
	_ endian.Little
	X uint32
	P [2]Part
}

// Own is marked: its own check reports its padding, the holder's does not.
type Own struct {
	_ structs.HostLayout
	_ endian.Little
	A uint8
	B uint32 // want `nested.Own: 3 bytes of padding at offset 1, before field B; make it explicit: _ \[3\]byte before B`
}

type HoldsOwn struct {
	_ structs.HostLayout
	_ endian.Little
	O Own
}

// Silenced holds padded structs under an ignore: the holder's ignore
// still covers them.
type Silenced struct {
	_ structs.HostLayout
	_ endian.Little
	Q Quiet //layoutcheck:ignore:padding the kernel ABI has this gap
}

type Quiet struct {
	_ structs.HostLayout
	A uint8
	B uint64
}

// Foreign holds a padded struct of another package: reported here, as
// there is nothing to edit in this package.
type Foreign struct {
	_ structs.HostLayout
	_ endian.Little
	F other.Padded // want `nested.Foreign: 3 bytes of padding at offset 1, before field F.B`
}

// Unmarked padding found at a call is reported at the declaration too.
type Called struct {
	_  structs.HostLayout
	In Inner
}

type Inner struct {
	_ structs.HostLayout
	A uint16
	B uint32 // want `nested.Inner \(in cast.To\[nested.Called\]\): 2 bytes of padding at offset 2, before field B; make it explicit: _ \[2\]byte before B`
}

func use(b []byte) {
	_, _ = cast.To[Called](b) // want `cast.To\[nested.Called\]: field In.A \(uint16\) at offset 0 is a multi-byte number in host byte order`
}

// Package flags is checked with the warnings turned off and the arches
// limited to 32-bit ones.
package flags

import (
	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
	"other"
)

// NoHostLayout and implicit order are not reported with the flags off;
// padding that exists only on 64-bit arches is not reported for 32-bit
// ones.
//
//layoutcheck:overlay
type Header struct { // want `flags.Header: 3 bytes of trailing padding at offset 21 \(on 386, arm\)`
	A uint32
	B uint64
	C uint8
	D uint32 // want `flags.Header: 3 bytes of padding at offset 13, before field D \(on 386, arm\)`
	E bool   // want `flags.Header: field E \(bool\) at offset 20 is a bool: .* \(on 386, arm\)`
}

type Marked struct {
	_ endian.Little
	A uint8
	B uint16 // want `flags.Marked: 1 byte of padding at offset 1, before field B \(on 386, arm\)`
}

// Big is refused on little-endian hosts: of the arches checked, 386 and
// arm.
type Big struct {
	_ endian.Big
	N uint32
}

func use(b []byte) {
	_, _ = cast.To[Big](b)    // want `cast.To\[flags.Big\]: flags.Big declares big endian byte order \(_ endian.Big\), so the cast fails with cast.ErrByteOrder on little-endian arches \(386, arm\); `
	_, _ = cast.To[Marked](b) // little endian, as every arch checked
	// No implicit-order warning: the flag is off.
	_, _ = cast.To[other.Padded](b) // want `cast.To\[other.Padded\]: 3 bytes of padding at offset 1, before field B \(on 386, arm\); make it explicit: _ \[3\]byte before B$`
}

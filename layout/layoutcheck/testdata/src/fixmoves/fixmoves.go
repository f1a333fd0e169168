// Package fixmoves tests the padding fixes that move fields on some
// arches, which layoutcheck offers only with -allow-moves.
package fixmoves

import (
	"structs"

	"github.com/go-overlay/overlay/endian"
)

type Wide struct {
	_ structs.HostLayout
	_ endian.Big
	A uint8
	B uint64 // want `fixmoves.Wide: 7 bytes of padding at offset 1, before field B \(on 64-bit arches; 3 bytes at offset 1 on 32-bit arches \(386, arm, mips, mipsle\)\); make it explicit: _ \[7\]byte before B \(this moves the fields after it and grows the struct on 32-bit arches \(386, arm, mips, mipsle\)\)$`
}

type Tail struct { // want `fixmoves.Tail: 4 bytes of trailing padding at offset 12 \(on 64-bit arches\); make it explicit: _ \[4\]byte as the last field \(this grows the struct on 32-bit arches \(386, arm, mips, mipsle\)\)$`
	_ structs.HostLayout
	_ endian.Big
	A uint64
	B uint32
}

package fixes

import (
	"structs"

	"github.com/go-overlay/overlay/endian"
)

// Explicit padding next to a gap grows rather than gets a neighbor.
type Merge struct { // want `fixes.Merge: 1 byte of trailing padding at offset 11`
	_ structs.HostLayout
	_ endian.Big
	A uint8
	_ [1]byte
	B uint32 // want `fixes.Merge: 2 bytes of padding at offset 2, before field B; make it explicit: _ \[2\]byte before B`
	C uint16
	_ [1]uint8
}

// Zero-size padding (an alignment forcer of [0]byte) grows too.
type ZeroTailBytes struct {
	_ structs.HostLayout
	_ endian.Big
	A uint32
	_ [0]byte // want `fixes.ZeroTailBytes: 4 bytes of padding at offset 4 after trailing zero-size field _`
}

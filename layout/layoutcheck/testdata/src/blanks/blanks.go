// Package blanks holds structs whose problems sit at blank fields, which
// only the engine's field-index paths tell apart.
package blanks

import (
	"structs"

	"github.com/go-overlay/overlay/endian"
)

// Repeated is the repro of issue 11: two gaps, each before a blank field.
// Both are reported once, with all arches and with -arches=386,arm64.
type Repeated struct {
	_ structs.HostLayout
	_ endian.Little
	A uint32
	_ uint64 // want `blanks.Repeated: 4 bytes of padding at offset 4, before field _ \(on (64-bit arches|arm64)\); make it explicit: _ \[4\]byte before _`
	B uint32
	_ uint64 // want `blanks.Repeated: 4 bytes of padding at offset 20, before field _ \(on (64-bit arches|arm64)\); make it explicit: _ \[4\]byte before _`
}

// InBlank has a struct in a blank field at offset 0, right after the
// HostLayout marker, which is also a blank field at offset 0: its
// problems belong to the struct's field, not to the marker.
type InBlank struct {
	_ structs.HostLayout
	_ endian.Little
	_ struct { // want `blanks.InBlank: struct _ \(struct\{...\}\) has no _ structs.HostLayout field`
		A uint8
		B uint32 // want `blanks.InBlank: 3 bytes of padding at offset 1, before field _.B`
	}
}

// Package target holds a struct padded differently by word size, for
// checking that go vet gives the figures of the GOARCH it analyses (see
// cmd/layoutcheck's TestVetToolGOARCH).
package target

import (
	"structs"

	"github.com/go-overlay/overlay/endian"
)

// T has 7 bytes of padding before B on 64-bit arches, 3 on 32-bit ones.
type T struct {
	_ structs.HostLayout
	_ endian.Little
	A uint8
	B uint64
}

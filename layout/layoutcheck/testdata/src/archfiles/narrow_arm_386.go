//go:build arm || 386

package archfiles

import (
	"structs"

	"github.com/go-overlay/overlay/endian"
)

// Narrow is built for arm and 386, where uint64 has alignment 4: no
// padding, although 64-bit arches would have 4 bytes.
type Narrow struct {
	_ structs.HostLayout
	_ endian.Little
	A uint32
	B uint64
}

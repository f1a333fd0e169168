//go:build arm || 386

package archfiles

import (
	"structs"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
	"other"
)

// Narrow is built for arm and 386, where uint64 has alignment 4: no
// padding, although 64-bit arches would have 4 bytes.
type Narrow struct {
	_ structs.HostLayout
	_ endian.Little
	A uint32
	B uint64
}

// Casts here are judged on arm and 386 alone: other.Pad64B is padded on
// 64-bit arches only, and Narrow is little endian, as both are.
func narrow(b []byte) {
	_, _ = cast.To[other.Pad64B](b)
	_, _ = cast.To[Narrow](b)
}

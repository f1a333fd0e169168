//go:build !(386 || arm || mips || mipsle)

package archfiles

import (
	"structs"

	"github.com/go-overlay/overlay/endian"
)

// Wide is built for 64-bit arches only, all of which pad it alike.
type Wide struct {
	_ structs.HostLayout
	_ endian.Little
	A uint32
	B uint64 // want `archfiles.Wide: 4 bytes of padding at offset 4, before field B \(on 64-bit arches\)`
}

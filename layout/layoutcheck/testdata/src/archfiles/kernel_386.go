package archfiles

import (
	"structs"

	"github.com/go-overlay/overlay/endian"
)

// Kernel386 mirrors a 386 kernel struct, the ztypes_linux_386.go pattern:
// no padding on 386, the only arch its file builds for.
type Kernel386 struct {
	_     structs.HostLayout
	_     endian.Little
	Flags uint32
	Ino   uint64
	Mode  uint16
	_     [2]byte
}

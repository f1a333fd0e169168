package archfiles

import (
	"structs"

	"github.com/go-overlay/overlay/endian"
)

// KernelAMD64 is built for amd64 only, and is padded there.
type KernelAMD64 struct {
	_     structs.HostLayout
	_     endian.Little
	Flags uint32
	Ino   uint64 // want `archfiles.KernelAMD64: 4 bytes of padding at offset 4, before field Ino \(on amd64\)`
	Mode  uint16
	_     [6]byte
}

package archfiles

import (
	"structs"

	"github.com/go-overlay/overlay/endian"
)

// KernelARM64 is built for arm64 only (the _test suffix does not
// matter), and is padded there.
type KernelARM64 struct {
	_     structs.HostLayout
	_     endian.Little
	Flags uint32
	Ino   uint64 // want `archfiles.KernelARM64: 4 bytes of padding at offset 4, before field Ino \(on arm64\)`
	Mode  uint16
	_     [6]byte
}

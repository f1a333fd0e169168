//go:build !(386 || arm || mips || mipsle)

package archfiles

import (
	"structs"

	"github.com/go-overlay/overlay/endian"
)

// Ino is the 64-bit declaration (see ino_32.go).
type Ino struct {
	_     structs.HostLayout
	_     endian.Little
	Flags uint32
	_     [4]byte
	V     uint64
}

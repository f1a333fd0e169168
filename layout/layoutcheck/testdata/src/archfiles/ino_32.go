//go:build 386 || arm || mips || mipsle

package archfiles

import (
	"structs"

	"github.com/go-overlay/overlay/endian"
)

// Ino is declared per word size, as in x/sys's per-arch files: packed on
// 32-bit arches, padded explicitly on 64-bit ones (ino_64.go).
type Ino struct {
	_     structs.HostLayout
	_     endian.Little
	Flags uint32
	V     uint64
}

//go:build amd64 || s390x || mips

package byteorder

import (
	"structs"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// Some is big endian, and cast in a file for amd64, s390x and mips.
type Some struct {
	_ structs.HostLayout
	_ endian.Big
	N uint32
}

func onSome(b []byte) {
	_, _ = cast.To[Some](b) // want `^cast.To\[byteorder.Some\]: byteorder.Some declares big endian byte order \(_ endian.Big\), so the cast fails with cast.ErrByteOrder on little-endian arches \(amd64\); `
}

package byteorder

import (
	"structs"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// S390 is big endian, and cast only in a file for s390x, a big-endian arch.
type S390 struct {
	_ structs.HostLayout
	_ endian.Big
	N uint32
}

// S390LE is little endian, and cast only in a file for s390x.
type S390LE struct {
	_ structs.HostLayout
	_ endian.Little
	N uint32
}

func onS390x(b []byte) {
	_, _ = cast.To[S390](b)
	_, _ = cast.To[S390LE](b) // want `^cast.To\[byteorder.S390LE\]: byteorder.S390LE declares little endian byte order \(_ endian.Little\), so the cast fails with cast.ErrByteOrder on big-endian arches \(s390x\); `
}

// Package archfiles holds overlays in files built for some arches only:
// each is judged on the arches its file builds for. The test runs it for
// several GOARCHes; each run sees the files of its GOARCH.
package archfiles

import (
	"structs"

	"github.com/go-overlay/overlay/endian"
)

// Mixed is built everywhere and padded on 64-bit arches only.
type Mixed struct {
	_ structs.HostLayout
	_ endian.Little
	A uint32
	B uint64 // want `archfiles.Mixed: 4 bytes of padding at offset 4, before field B \(on 64-bit arches\)`
}

// Entry is built everywhere but holds Ino, declared per word size: as a
// 32-bit run sees it, it is a 32-bit type, and is not judged on 64-bit
// arches, where its 32-bit Ino would be padded.
type Entry struct {
	_ structs.HostLayout
	_ endian.Little
	N uint64
	I Ino
}

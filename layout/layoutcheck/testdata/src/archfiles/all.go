// Package archfiles holds overlays in files built for some arches only:
// each is judged on the arches its file builds for. The test runs it for
// several GOARCHes; each run sees the files of its GOARCH.
package archfiles

import (
	"structs"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
	"other"
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

// A cast here is judged on every arch (the one in narrow_arm_386.go on
// arm and 386 alone).
func everywhere(b []byte) {
	_, _ = cast.To[other.Pad64A](b) // want `cast.To\[other.Pad64A\]: 4 bytes of padding at offset 4, before field B \(on 64-bit arches\)`
}

// Package selfuse calls the accessors generated for it: the generator
// must read it although, without them, the calls do not compile.
package selfuse

import "github.com/go-overlay/overlay/endian"

type H struct {
	VersionIHL uint8        `bits:"Version:4,IHL:4"`
	Flags      endian.U16BE `bits:"_:3,Off:13"`
}

// Len is the header's length, from IHL.
func (h *H) Len() int { return int(h.IHL()) * 4 }

func check(h *H) error { return h.SetOff(uint16(h.Version())) }

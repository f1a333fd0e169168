// Package usewrap instantiates the generic helpers of package wrap.
package usewrap

import (
	"github.com/go-overlay/overlay/endian"

	"wrap"
)

func use(b []byte) {
	_ = wrap.Check[*int]() // want `cast.Check\[\*int\] \(in wrap.Check\[\*int\]\): the type \(\*int\) at offset 0, size 8, holds a pointer`
	_ = wrap.Check[endian.U32BE]()
	_, _ = wrap.Arr[bool](b)         // want `cast.To\[\[2\]bool\] \(in wrap.Arr\[bool\]\): the type \(\[2\]bool\) at offset 0 is a bool`
	_ = wrap.Deeper[uint8, uint32]() // want `cast.Check\[wrap.Pair\[uint32,uint8\]\] \(in wrap.Deeper\[uint8,uint32\]\): 3 bytes of trailing padding at offset 5` `cast.Check\[wrap.Pair\[uint32,uint8\]\] \(in wrap.Deeper\[uint8,uint32\]\): field X \(uint32\) at offset 0 is a multi-byte number in host byte order, .*; wrap.Pair\[uint32,uint8\] is declared in another package`
	var r wrap.Reader[uint]          // want `cast.Overlay\[uint\] \(in wrap.Reader\[uint\]\): the type \(uint\) at offset 0, size 8, has a size that differs by arch`
	_ = r
	_ = wrap.Local[bool]()   // want `cast.Check\[wrap.L\] \(in wrap.Local\[bool\]\): field A \(bool\) at offset 0 is a bool`
	_ = wrap.Local[uint64]() // want `cast.Check\[wrap.L\] \(in wrap.Local\[uint64\]\): wrap.L declares big endian byte order \(_ endian.Big\), so the cast fails with cast.ErrByteOrder on little-endian arches`
	_ = wrap.Unused[*int]
}

// G reaches cast through a generic of another package.
func G[U any]() error { return wrap.Check[[1]U]() } // want G:`cast.Check\[\[1\]T0\]`

func useG() {
	_ = G[string]() // want `cast.Check\[\[1\]string\] \(in wrap.Check\[\[1\]string\] in usewrap.G\[string\]\): the type \(\[1\]string\) at offset 0, size 16, holds a pointer`
}

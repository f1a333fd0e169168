// Package byteorder checks the byte order of the types cast at calls: the
// implicit order of types from other packages, which the codec can give;
// the codec, which takes the order from the call; and types marked
// endian.Big or endian.Little, which cast refuses on hosts of the other
// order. The test runs it for several GOARCHes: the findings name the
// same arches on every one, and each run sees the files of its GOARCH.
package byteorder

import (
	"structs"

	"elfhdr"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// Header is unmarked and of this package: its author can give it an order.
type Header struct {
	_   structs.HostLayout
	Len uint32
}

// BE is big endian.
type BE struct {
	_ structs.HostLayout
	_ endian.Big
	N uint32
}

// LE is little endian.
type LE struct {
	_ structs.HostLayout
	_ endian.Little
	N uint32
}

// MarkerOnly declares an order but holds only endian types: cast refuses
// it on hosts of the other order all the same.
type MarkerOnly struct {
	_ structs.HostLayout
	_ endian.Big
	N endian.U32BE
}

// Wrapped is a type of this package over a type of another: its author
// can add a marker, so the local warning is given, once.
type Wrapped elfhdr.Sym64

// HdrAlias is another package's type under a local name.
type HdrAlias = elfhdr.Header64

// Unordered is padded and declares no order: cast and codec alike reject
// its padding.
type Unordered struct {
	A uint8
	B uint16
}

// PaddedBE is big endian and padded on 64-bit arches: cast refuses it
// on every host with ErrLayout, so the padding alone is reported.
type PaddedBE struct {
	_ structs.HostLayout
	_ endian.Big
	A uint32
	B uint64 // want `^byteorder.PaddedBE: 4 bytes of padding at offset 4, before field B \(on 64-bit arches\)`
}

//layoutcheck:ignore:byte-order read on big-endian hosts only
type Ignored struct {
	_ structs.HostLayout
	_ endian.Big
	N uint32
}

func casts(b []byte) {
	// Types from another package, by what each cast does.
	_, _ = cast.To[elfhdr.Header64](b)    // want `^cast.To\[elfhdr.Header64\]: field Type \(uint16\) at offset 16 is a multi-byte number in host byte order, but no struct declares one; elfhdr.Header64 is declared in another package, which this code cannot give a byte order: copy it with cast.Decode\[elfhdr.Header64\]\(b, order\), order being the data's \(binary.BigEndian or binary.LittleEndian\)$`
	_, _ = cast.Read[elfhdr.Header64](b)  // once per type and package
	_, _ = cast.Read[HdrAlias](b)         // the same type
	_, _ = cast.Slice[elfhdr.Sym64](b)    // want `^cast.Slice\[elfhdr.Sym64\]: field Name \(uint32\) at offset 0 is a multi-byte number in host byte order, .*: copy it with cast.DecodeSlice\[elfhdr.Sym64\]\(dst, b, order\), order being`
	_ = cast.SliceBytes[elfhdr.Note](nil) // want `^cast.SliceBytes\[elfhdr.Note\]: 3 bytes of padding at offset 65, before field Len` `^cast.SliceBytes\[elfhdr.Note\]: field H.Type \(uint16\) at offset 16 is a multi-byte number in host byte order, .*: copy it with cast.AppendSlice\[elfhdr.Note\]\(b, order, s\)`
	_ = cast.MustOverlay[elfhdr.Native]()
	_, _ = cast.To[elfhdr.Fixed](b)
	_, _ = cast.To[elfhdr.Bytes](b)
	_, _ = cast.To[[2]elfhdr.Bytes](b)
	_, _ = cast.To[Wrapped](b) // want `^cast.To\[byteorder.Wrapped\]: the struct \(byteorder.Wrapped\) has no _ structs.HostLayout` `^cast.To\[byteorder.Wrapped\]: field Name \(uint32\) at offset 0 is a multi-byte number in host byte order, but no struct declares one; add _ endian.Little`

	// Types of this package: the local warning, which says to add a marker.
	_, _ = cast.To[Header](b) // want `^cast.To\[byteorder.Header\]: field Len \(uint32\) at offset 0 is a multi-byte number in host byte order, but no struct declares one; add _ endian.Little, _ endian.Big or _ endian.Native as the first field, or use endian types$`

	// Declared orders: refused on hosts of the other order.
	_, _ = cast.To[BE](b)                // want `^cast.To\[byteorder.BE\]: byteorder.BE declares big endian byte order \(_ endian.Big\), so the cast fails with cast.ErrByteOrder on little-endian arches \(386, amd64, arm, arm64, loong64, mips64le, mipsle, ppc64le, riscv64, wasm\); read it with cast.Decode\[byteorder.BE\]\(b, binary.BigEndian\), which converts its numbers on any host$`
	_, _ = cast.Slice[BE](b)             // once per type and package
	_, _, _ = cast.SlicePrefix[LE](b, 2) // want `^cast.SlicePrefix\[byteorder.LE\]: byteorder.LE declares little endian byte order \(_ endian.Little\), so the cast fails with cast.ErrByteOrder on big-endian arches \(mips, mips64, ppc64, s390x\); read it with cast.DecodeSlice\[byteorder.LE\]\(dst, b, binary.LittleEndian\), which converts its numbers on any host$`
	_ = cast.Check[MarkerOnly]()         // want `^cast.Check\[byteorder.MarkerOnly\]: byteorder.MarkerOnly declares big endian byte order .* on little-endian arches \(386, amd64,`
	_ = cast.Bytes[elfhdr.Big](nil)      // want `^cast.Bytes\[elfhdr.Big\]: elfhdr.Big declares big endian byte order .*; read it with cast.Append\[elfhdr.Big\]\(b, binary.BigEndian, p\)`
	var ov cast.Overlay[[2]LE]           // want `^cast.Overlay\[\[2\]byteorder.LE\]: \[2\]byteorder.LE declares little endian byte order .* on big-endian arches \(mips, mips64, ppc64, s390x\)`
	_ = ov
	_, _ = cast.To[Ignored](b)
	_, _ = cast.To[PaddedBE](b)
	_, _ = cast.To[struct { // want `^cast.To\[struct \{ _ structs.HostLayout; _ endian.Little; N uint16 \}\]: struct \{ _ structs.HostLayout; _ endian.Little; N uint16 \} declares little endian byte order`
		_ structs.HostLayout
		_ endian.Little
		N uint16
	}](b)
	_, _ = cast.To[[2]uint32](b) // a bare array declares no order
}

func silenced(b []byte) {
	//layoutcheck:ignore:byte-order the call runs on big-endian hosts only
	_, _ = cast.Read[struct {
		_ structs.HostLayout
		_ endian.Big
		N uint64
	}](b)
	_, _ = cast.To[elfhdr.Sym64](b) //layoutcheck:ignore:implicit-order the data is in host order
}

// codec: the order is the call's, so no implicit-order warning and no
// byte-order error; layout errors and a missing HostLayout are still
// reported.
func codec(b []byte, order any) {
	var h elfhdr.Header64
	_, _, _ = cast.Decode[elfhdr.Header64](b, order)
	_, _ = cast.Encode(b, order, &h)
	_, _ = cast.Append(b, order, &h)
	_, _ = cast.DecodeSlice(make([]elfhdr.Sym64, 2), b, order)
	_, _ = cast.AppendSlice(b, order, []elfhdr.Sym64{})
	_ = cast.Swap(&h, order)
	_ = cast.SwapSlice([]Header{}, order)
	_, _, _ = cast.Borrow[LE](b, order)
	_, _, _ = cast.Decode[BE](b, order)
	_, _, _ = cast.Decode[MarkerOnly](b, order)
	_, _, _ = cast.Decode[Unordered](b, order)   // want `^cast.Decode\[byteorder.Unordered\]: 1 byte of padding at offset 1, before field B` `^cast.Decode\[byteorder.Unordered\]: the struct \(byteorder.Unordered\) has no _ structs.HostLayout`
	_, _, _ = cast.Decode[elfhdr.Note](b, order) // its padding was reported above
}

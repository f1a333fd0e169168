package layout_test

import (
	"errors"
	"fmt"
	"reflect"
	"structs"

	"github.com/go-overlay/overlay/endian"
	"github.com/go-overlay/overlay/layout"
)

// UDPHeader is the UDP header of RFC 768.
type UDPHeader struct {
	_        structs.HostLayout
	_        endian.Big
	SrcPort  endian.U16BE
	DstPort  endian.U16BE
	Length   endian.U16BE
	Checksum endian.U16BE
}

// Of lays a type out on the host. The endian fields of UDPHeader have
// alignment 1, so its layout is the same on every arch.
func ExampleOf() {
	l := layout.Of[UDPHeader]()
	fmt.Printf("%s: %d bytes, byte order %s, error %v\n", l.Type, l.Size, l.Order, l.Err())
	for _, f := range l.Fields {
		fmt.Printf("%2d %d %-8s %s\n", f.Offset, f.Size, f.Path, f.Type)
	}
	// Output:
	// layout_test.UDPHeader: 8 bytes, byte order big endian, error <nil>
	//  0 0 _        structs.HostLayout
	//  0 0 _        endian.Big
	//  0 2 SrcPort  endian.U16BE
	//  2 2 DstPort  endian.U16BE
	//  4 2 Length   endian.U16BE
	//  6 2 Checksum endian.U16BE
}

// TLV is a type-length-value record header that a careless reader might
// declare with native numbers.
type TLV struct {
	_      structs.HostLayout
	_      endian.Little
	Type   uint8
	Length uint32
}

// String shows a layout as a table, then its problems. Compute lays a type
// out on a given arch; problems are found on every arch either way.
func ExampleLayout_String() {
	tree, _ := layout.FromReflect(reflect.TypeFor[TLV]())
	arm, _ := layout.ArchByName("arm")
	fmt.Print(layout.Compute(tree, arm))
	// Output:
	// layout of layout_test.TLV on arm: size 8, align 4, byte order: little endian
	// offset  size  field   type
	//      0     0  _       structs.HostLayout
	//      0     0  _       endian.Little
	//      0     1  Type    uint8
	//      1     3  -       (padding)
	//      4     4  Length  uint32
	// error: 3 bytes of padding at offset 1, before field Length; make it explicit: _ [3]byte before Length
}

func ExampleLayout_Diagram() {
	tree, _ := layout.FromReflect(reflect.TypeFor[UDPHeader]())
	amd64, _ := layout.ArchByName("amd64")
	fmt.Print(layout.Compute(tree, amd64).Diagram())
	// Output:
	// layout_test.UDPHeader on amd64, 8 bytes
	//        0                   1                   2                   3
	//        0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
	//       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
	//     0 |            SrcPort            |            DstPort            |
	//       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
	//     4 |            Length             |           Checksum            |
	//       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
}

// Record is padded on 64-bit arches only: int64 is 8-byte aligned there and
// 4-byte aligned on 32-bit ones.
type Record struct {
	_     structs.HostLayout
	_     endian.Little
	Kind  uint32
	Stamp int64
}

func ExampleLayout_Err() {
	err := layout.Of[Record]().Err()
	fmt.Println(err)

	var lerr *layout.Error
	if errors.As(err, &lerr) {
		p := lerr.Problems[0]
		fmt.Println(p.Kind, p.Path, p.Offset, p.Size, p.Arches.Names())
	}
	// Output:
	// layout_test.Record cannot be overlaid: 4 bytes of padding at offset 4, before field Stamp (on 64-bit arches); make it explicit: _ [4]byte before Stamp (this moves the fields after it and grows the struct on 32-bit arches (386, arm, mips, mipsle))
	// padding Stamp 4 4 [amd64 arm64 loong64 mips64 mips64le ppc64 ppc64le riscv64 s390x wasm]
}

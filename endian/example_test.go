package endian_test

import (
	"encoding/json"
	"fmt"
	"structs"
	"unsafe"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// A field of a network header, read and written in place: the total-length
// field of an IPv4 header is a big-endian uint16 at offset 2, and the
// source address a big-endian uint32 at offset 12.
func ExampleU16BE() {
	pkt := []byte{
		0x45, 0x00, 0x00, 0x54, 0x12, 0x34, 0x40, 0x00,
		0x40, 0x01, 0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01,
		0xc0, 0xa8, 0x00, 0xc7,
	}
	length := (*endian.U16BE)(pkt[2:4])
	src := (*endian.U32BE)(pkt[12:16])
	fmt.Println(length.Get(), length)
	fmt.Printf("%#08x\n", src.Get())

	length.Set(20) // writes through to pkt
	fmt.Printf("% x\n", pkt[:4])
	// Output:
	// 84 84
	// 0xc0a80001
	// 45 00 00 14
}

// The same value in both byte orders.
func ExampleU32BE() {
	be := endian.NewU32BE(0xcafebabe)
	le := endian.NewU32LE(0xcafebabe)
	fmt.Printf("% x | % x\n", be[:], le[:])
	fmt.Println(be.Get() == le.Get())
	// Output:
	// ca fe ba be | be ba fe ca
	// true
}

// A struct of fixed-byte-order fields has the same layout on every
// architecture: no padding, alignment 1. The constructors build it in a
// composite literal.
func ExampleNewU32LE() {
	type record struct {
		Magic   endian.U32LE
		Version endian.U16LE
		Offset  endian.I64LE
		Scale   endian.F32LE
	}
	r := record{
		Magic:   endian.NewU32LE(0x464c457f),
		Version: endian.NewU16LE(2),
		Offset:  endian.NewI64LE(-4096),
		Scale:   endian.NewF32LE(0.5),
	}
	r.Version.Set(r.Version.Get() + 1)
	fmt.Println(r)
	fmt.Printf("%#x\n", r.Magic.Get())
	// Output:
	// {1179403647 3 -4096 0.5}
	// 0x464c457f
}

func ExampleF64BE() {
	b := []byte{0x40, 0x09, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18}
	f := (*endian.F64BE)(b)
	fmt.Println(f.Get())
	f.Set(-0.25)
	fmt.Printf("% x\n", b)
	// Output:
	// 3.141592653589793
	// bf d0 00 00 00 00 00 00
}

// A marker declares the byte order of the native numbers in a struct. Here
// the header of a format defined as big-endian is written with native
// fields; package cast refuses to overlay it on a little-endian host, where
// its uint32s would be read backwards.
func ExampleBig() {
	type header struct {
		_       structs.HostLayout // Go keeps the fields in order
		_       endian.Big         // the uint32 and uint16s are big-endian
		Magic   uint32
		Version uint16
		Flags   uint16
	}
	h := header{Magic: 0xcafebabe, Version: 1}
	fmt.Printf("%#x %d %d\n", h.Magic, h.Version, h.Flags)
	fmt.Println(unsafe.Sizeof(h), "bytes: the marker takes no space")
	// Output:
	// 0xcafebabe 1 0
	// 8 bytes: the marker takes no space
}

// Endian numbers format as the numbers they hold, with every fmt verb: a
// magic number in hex, a 24-bit length in decimal, a float with a
// precision. (Before endian's types implemented fmt.Formatter, %#x printed
// the hex of the decimal text: 0x32313335323437393432.)
func ExampleU32BE_Format() {
	b := []byte{
		0x7f, 'E', 'L', 'F', // magic
		0x00, 0x00, 0x01, // length, little-endian
		0x02,                                           // flags
		0x3f, 0xf8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // scale
	}
	type header struct {
		Magic  endian.U32BE
		Length endian.U24LE
		Flags  uint8
		Scale  endian.F64BE
	}
	h, err := cast.To[header](b)
	if err != nil {
		panic(err)
	}
	fmt.Printf("magic %#x, length %d, scale %.2f\n", h.Magic, h.Length, h.Scale)
	fmt.Printf("%q %08b %v %+v\n", h.Flags, h.Flags, *h, *h)
	fmt.Printf("[%6d] [%-6x] [%06.1f]\n", h.Length, h.Length, h.Scale)
	// Output:
	// magic 0x7f454c46, length 65536, scale 1.50
	// '\x02' 00000010 {2135247942 65536 2 1.5} {Magic:2135247942 Length:65536 Flags:2 Scale:1.5}
	// [ 65536] [10000 ] [0001.5]
}

// Endian numbers marshal to JSON as numbers, and unmarshal from them,
// exactly as the Go numbers do.
func ExampleU32BE_MarshalJSON() {
	type record struct {
		ID     endian.U32BE
		Length endian.U24[endian.Big]
		Delta  endian.I16LE
		Ratio  endian.F32LE
	}
	r := record{
		ID:     endian.NewU32BE(0x7f454c46),
		Length: endian.NewU24[endian.Big](1<<24 - 1),
		Delta:  endian.NewI16LE(-3),
		Ratio:  endian.NewF32LE(0.1),
	}
	out, err := json.Marshal(r)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(out))

	var back record
	err = json.Unmarshal([]byte(`{"ID":1,"Length":16777216}`), &back)
	fmt.Println(err)
	// Output:
	// {"ID":2135247942,"Length":16777215,"Delta":-3,"Ratio":0.1}
	// endian.U24: strconv.ParseUint: parsing "16777216": value out of range
}

// A flag byte as a Bool: it reads and writes like a bool, and a cast of a
// struct holding it rejects a byte other than 0 or 1, naming the field.
func ExampleBool() {
	type option struct {
		Code    endian.U16BE
		Enabled endian.Bool
		Weight  uint8
	}
	b := []byte{0x00, 0x2a, 0x01, 0x07}
	o, err := cast.To[option](b)
	if err != nil {
		panic(err)
	}
	fmt.Println(o.Code, o.Enabled, o.Enabled.Get() && o.Weight > 5)
	o.Enabled.Set(false) // writes 0 to b[2]
	fmt.Printf("% x\n", b)

	b[2] = 2
	_, err = cast.To[option](b)
	fmt.Println(err)
	// Output:
	// 42 true true
	// 00 2a 00 07
	// cast.To[endian_test.option]: invalid value: Enabled: endian.Bool holds 2 (0x02), want 0 or 1
}

package cast_test

import (
	"encoding/binary"
	"fmt"
	"slices"
	"structs"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// IPv4 is the fixed part of an IPv4 header (RFC 791); IHL gives the whole
// header's length, options included, in 32-bit words.
type IPv4 struct {
	_           structs.HostLayout
	VersionIHL  uint8
	TOS         uint8
	TotalLength endian.U16BE
	ID          endian.U16BE
	Fragment    endian.U16BE
	TTL         uint8
	Protocol    uint8
	Checksum    endian.U16BE
	Src, Dst    [4]byte
}

// HeaderLen returns the header's length in bytes, options included: the
// frame length of an IPv4 header.
func (h *IPv4) HeaderLen() int { return int(h.VersionIHL&0xf) * 4 }

// OptionKind is the first byte of an IP option.
type OptionKind struct{ Kind uint8 }

var ipv4 = cast.MustOverlay[IPv4]()

// options is the length rule of IPv4 and TCP options: kinds 0 (End of
// Option List, which ends them) and 1 (No-Operation) are one byte; the
// others have a length byte after the kind that counts both.
var options = cast.Length{Offset: 1, Size: 1, Scale: 1, Short: []byte{1}, End: []byte{0}}

// optionLen is options as a function, for the tests of that form: a
// negative length says that the option is malformed.
func optionLen(k *OptionKind, after []byte) int {
	switch {
	case k.Kind <= 1:
		return 1
	case len(after) == 0 || after[0] < 2:
		return -1
	}
	return int(after[0])
}

func ExampleFrame() {
	pkt := []byte{
		0x46, 0, 0, 28, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, // IHL 6: 24 bytes
		0x94, 0x04, 0x00, 0x00, // option 148 (Router Alert), length 4
		0xde, 0xad, 0xbe, 0xef, // payload
	}
	pkt[0] = 0x47 // IHL 7: a NOP and an End of Option List, then padding
	pkt = slices.Insert(pkt, 24, 1, 0, 0xff, 0xff)
	h, opts, payload, err := ipv4.Frame(pkt, (*IPv4).HeaderLen)
	if err != nil {
		panic(err)
	}
	fmt.Printf("proto %d, %d bytes of options, payload % x\n", h.Protocol, len(opts), payload)

	recs := cast.NewRecordsLength[OptionKind](opts, 1, options)
	for k, body := range recs.All() {
		fmt.Printf("option %d, data [% x]\n", k.Kind, body[min(len(body), 1):])
	}
	if err := recs.Err(); err != nil {
		panic(err)
	}
	fmt.Printf("after End of Option List: % x\n", recs.Rest())

	pkt[0] = 0x4f // IHL 15: 60 bytes, more than the packet holds
	_, _, _, err = ipv4.Frame(pkt, (*IPv4).HeaderLen)
	fmt.Println(err)

	for _, bad := range [][]byte{{1, 1, 2}, {1, 2, 1, 0}} { // a kind without its length, a length below 2
		recs = cast.NewRecordsLength[OptionKind](bad, 1, options)
		for k := range recs.All() {
			fmt.Println("option", k.Kind)
		}
		fmt.Println(recs.Err())
	}
	// Output:
	// proto 17, 8 bytes of options, payload de ad be ef
	// option 148, data [00 00]
	// option 1, data []
	// option 0, data []
	// after End of Option List: ff ff
	// cast.Overlay[cast_test.IPv4].Frame: frame length 60 exceeds the 32 bytes left
	// option 1
	// option 1
	// cast.Records[cast_test.OptionKind]: record 2 at offset 2: no room for the 1-byte length field at offset 1: 1 bytes left
	// option 1
	// cast.Records[cast_test.OptionKind]: record 1 at offset 1: frame length ends before the end of its 1-byte length field at offset 1
}

// PcapRecord is the header of a pcap record, in the byte order of the
// file (little-endian here); CapLen bytes of packet data follow it.
type PcapRecord struct {
	_      structs.HostLayout
	TsSec  endian.U32LE
	TsFrac endian.U32LE
	CapLen endian.U32LE
	Len    endian.U32LE
}

var pcapRecord = cast.MustOverlay[PcapRecord]()

func ExampleNewRecords() {
	var file []byte
	for i, pkt := range []string{"first", "second", "third"} {
		file = binary.LittleEndian.AppendUint32(file, uint32(1000+i))
		file = binary.LittleEndian.AppendUint32(file, 0)
		file = binary.LittleEndian.AppendUint32(file, uint32(len(pkt)))
		file = binary.LittleEndian.AppendUint32(file, 1500)
		file = append(file, pkt...)
	}
	// CapLen counts the packet data, the body: add the header's size.
	frameLen := func(h *PcapRecord) int { return pcapRecord.Size() + int(h.CapLen.Get()) }

	recs := pcapRecord.Records(file, 1, frameLen)
	for h, pkt := range recs.All() {
		fmt.Printf("%d at offset %d: %q\n", h.TsSec.Get(), recs.Offset(), pkt)
	}
	fmt.Println("err:", recs.Err())

	recs = pcapRecord.Records(file[:len(file)-1], 1, frameLen) // the last record truncated
	for range recs.All() {
	}
	fmt.Println("err:", recs.Err())
	// Output:
	// 1000 at offset 0: "first"
	// 1001 at offset 21: "second"
	// 1002 at offset 43: "third"
	// err: <nil>
	// err: cast.Records[cast_test.PcapRecord]: record 2 at offset 43: frame length 21 exceeds the 20 bytes left
}

func ExampleRecords_AllFunc() {
	// A TCP SYN's options: MSS 1460, SACK permitted, a No-Operation,
	// window scale 7, End of Option List and its padding.
	opts := []byte{2, 4, 0x05, 0xb4, 4, 2, 1, 3, 3, 7, 0, 0}

	recs := optionKind.Records(opts, 1, nil)
	for k, body := range recs.AllFunc(optionLen) {
		if k.Kind == 0 { // End of Option List: the rest is padding
			break
		}
		fmt.Printf("kind %d at offset %d: [% x]\n", k.Kind, recs.Offset(), body)
	}
	fmt.Println("err:", recs.Err())

	recs = optionKind.Records([]byte{2, 4, 0x05}, 1, nil) // MSS cut short
	for range recs.AllFunc(optionLen) {
	}
	fmt.Println("err:", recs.Err())
	// Output:
	// kind 2 at offset 0: [04 05 b4]
	// kind 4 at offset 4: [02]
	// kind 1 at offset 6: []
	// kind 3 at offset 7: [03 07]
	// err: <nil>
	// err: cast.Records[cast_test.OptionKind]: record 0 at offset 0: frame length 4 exceeds the 3 bytes left
}

// Shdr is an entry of a table whose entries a file may make longer than
// the struct (an ELF section header table with a larger e_shentsize).
type Shdr struct {
	_    structs.HostLayout
	Name endian.U32LE
	Type endian.U32LE
}

func ExampleNewTable() {
	// Three entries, 12 bytes apart: 4 bytes after each are unknown to us.
	tab := []byte{
		1, 0, 0, 0, 3, 0, 0, 0, 0xff, 0xff, 0xff, 0xff,
		7, 0, 0, 0, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff,
		9, 0, 0, 0, 2, 0, 0, 0, // the last entry needs only its own 8 bytes
	}
	t, err := cast.NewTable[Shdr](tab, 3, 12)
	if err != nil {
		panic(err)
	}
	for i, s := range t.All() {
		fmt.Println(i, s.Name.Get(), s.Type.Get())
	}
	fmt.Println(t.At(2).Name.Get())

	_, err = cast.NewTable[Shdr](tab, 4, 12)
	fmt.Println(err)
	_, err = cast.NewTable[Shdr](tab, 3, 4)
	fmt.Println(err)
	// Output:
	// 0 1 3
	// 1 7 1
	// 2 9 2
	// 9
	// cast.NewTable[cast_test.Shdr]: buffer is 32 bytes, want 44 for 4 elements
	// cast.NewTable[cast_test.Shdr]: stride 4 is below the entry size 8
}

func ExampleCString() {
	segname := [16]byte{'_', '_', 'T', 'E', 'X', 'T'} // NUL-padded fixed field
	name, _ := cast.CString(segname[:])
	fmt.Printf("%q\n", name)
	fmt.Printf("%q\n", cast.GoString(segname[:]))

	strtab := []byte("\x00.text\x00.data") // an ELF string table, last string unterminated
	s, ok := cast.CString(strtab[1:])
	fmt.Printf("%q %v\n", s, ok)
	s, ok = cast.CString(strtab[7:])
	fmt.Printf("%q %v\n", s, ok)
	// Output:
	// "__TEXT"
	// "__TEXT"
	// ".text" true
	// ".data" false
}

func ExamplePrefixSlice() {
	// A header with a count, then that many 4-byte entries.
	type header struct {
		_     structs.HostLayout
		Count endian.U16BE
	}
	b := []byte{0, 2, 0, 1, 0, 10, 0, 2, 0, 20, 'x'}
	h, entries, rest, err := cast.PrefixSlice[header, Entry](b, func(h *header) int { return int(h.Count.Get()) })
	if err != nil {
		panic(err)
	}
	fmt.Println(h.Count.Get(), entries[1].ID.Get(), entries[1].Value.Get(), string(rest))

	b[1] = 3
	_, _, _, err = cast.PrefixSlice[header, Entry](b, func(h *header) int { return int(h.Count.Get()) })
	fmt.Println(err)
	// Output:
	// 2 2 20 x
	// cast.PrefixSlice[cast_test.header, cast_test.Entry]: buffer is 9 bytes, want 12 for 3 elements
}

package cast_test

import (
	"errors"
	"fmt"
	"structs"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// Packet is a header in network byte order, built from endian types: it
// has alignment 1, so it casts at any offset, on any host.
type Packet struct {
	_      structs.HostLayout
	Magic  endian.U32BE
	Length endian.U16BE
	Flags  endian.U16BE
}

// Entry is a record of a table that follows a Packet.
type Entry struct {
	_     structs.HostLayout
	ID    endian.U16BE
	Value endian.U16BE
}

// Sealed is a Packet whose magic number is checked on every cast.
type Sealed Packet

// Validate rejects a Sealed whose magic number is wrong.
func (s *Sealed) Validate() error {
	if s.Magic.Get() != 0xFEEDFACE {
		return fmt.Errorf("bad magic %#x", s.Magic.Get())
	}
	return nil
}

func ExampleTo() {
	buf := []byte{0xFE, 0xED, 0xFA, 0xCE, 0x00, 0x2A, 0x80, 0x01}
	p, err := cast.To[Packet](buf)
	if err != nil {
		panic(err)
	}
	fmt.Printf("magic %#x, length %d, flags %#x\n", p.Magic.Get(), p.Length.Get(), p.Flags.Get())

	// p points into buf: writes go through.
	p.Length.Set(7)
	fmt.Printf("% x\n", buf[4:6])

	_, err = cast.To[Packet](buf[:5])
	fmt.Println(err)
	// Output:
	// magic 0xfeedface, length 42, flags 0x8001
	// 00 07
	// cast.To[cast_test.Packet]: buffer is 5 bytes, want 8
}

func ExamplePrefix() {
	msg := []byte{0xFE, 0xED, 0xFA, 0xCE, 0x00, 0x02, 0x00, 0x00, 'h', 'i'}
	p, body, err := cast.Prefix[Packet](msg)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d bytes of body: %q\n", p.Length.Get(), body)
	// Output:
	// 2 bytes of body: "hi"
}

func ExampleSuffix() {
	frame := []byte{'d', 'a', 't', 'a', 0xFE, 0xED, 0xFA, 0xCE, 0x00, 0x04, 0x00, 0x00}
	data, trailer, err := cast.Suffix[Packet](frame)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%q, trailer says %d bytes\n", data, trailer.Length.Get())
	// Output:
	// "data", trailer says 4 bytes
}

func ExampleSlice() {
	table := []byte{0, 1, 0, 10, 0, 2, 0, 20, 0, 3, 0, 30}
	entries, err := cast.Slice[Entry](table)
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		fmt.Println(e.ID.Get(), e.Value.Get())
	}
	// The slice shares table's memory.
	entries[0].Value.Set(11)
	fmt.Printf("% x\n", table[:4])

	_, err = cast.Slice[Entry](table[:10])
	fmt.Println(err)

	// An empty table is zero entries, not an error.
	none, err := cast.Slice[Entry](table[12:])
	fmt.Println(len(none), err)
	// Output:
	// 1 10
	// 2 20
	// 3 30
	// 00 01 00 0b
	// cast.Slice[cast_test.Entry]: buffer is 10 bytes, not a multiple of 4
	// 0 <nil>
}

func ExampleSlicePrefix() {
	// A header that gives the number of entries, the entries, then more.
	msg := []byte{
		0xFE, 0xED, 0xFA, 0xCE, 0x00, 0x02, 0x00, 0x00,
		0, 1, 0, 10, 0, 2, 0, 20,
		'e', 'n', 'd',
	}
	hdr, rest, err := cast.Prefix[Packet](msg)
	if err != nil {
		panic(err)
	}
	entries, rest, err := cast.SlicePrefix[Entry](rest, int(hdr.Length.Get()))
	if err != nil {
		panic(err)
	}
	fmt.Println(len(entries), entries[1].Value.Get(), string(rest))

	// A count taken from untrusted input cannot overflow or panic.
	_, _, err = cast.SlicePrefix[Entry](rest, -1)
	fmt.Println(err)
	// Output:
	// 2 20 end
	// cast.SlicePrefix[cast_test.Entry]: n is -1
}

func ExampleRead() {
	// Read copies, so the bytes may sit at any offset.
	buf := []byte{0xFF, 0xFE, 0xED, 0xFA, 0xCE, 0x00, 0x2A, 0x00, 0x00}
	p, err := cast.Read[Packet](buf[1:])
	if err != nil {
		panic(err)
	}
	buf[6] = 0 // does not change p
	fmt.Println(p.Length.Get())
	// Output:
	// 42
}

func ExampleOverlay() {
	// Validated once, at package initialization in real code; the methods
	// then cost only the length and alignment checks.
	packets := cast.MustOverlay[Packet]()

	stream := []byte{
		0xFE, 0xED, 0xFA, 0xCE, 0x00, 0x01, 0x00, 0x00,
		0xFE, 0xED, 0xFA, 0xCE, 0x00, 0x02, 0x00, 0x00,
	}
	for len(stream) > 0 {
		p, rest, err := packets.Prefix(stream)
		if err != nil {
			panic(err)
		}
		fmt.Println("packet", p.Length.Get())
		stream = rest
	}
	// Output:
	// packet 1
	// packet 2
}

func ExampleCheck() {
	type Padded struct {
		_    structs.HostLayout
		Kind uint8
		Size uint32
	}
	fmt.Println(cast.Check[Packet]())
	fmt.Println(cast.Check[Padded]())
	// Output:
	// <nil>
	// cast.Check[cast_test.Padded]: cast_test.Padded cannot be overlaid: 3 bytes of padding at offset 1, before field Size; make it explicit: _ [3]byte before Size
}

func ExampleError() {
	bad := []byte{0xDE, 0xAD, 0xBE, 0xEF, 0x00, 0x00, 0x00, 0x00}
	_, err := cast.To[Sealed](bad)

	// errors.Is tests the cause; errors.As gets the details.
	fmt.Println(errors.Is(err, cast.ErrInvalid), errors.Is(err, cast.ErrSize))
	var ce *cast.Error
	if errors.As(err, &ce) {
		fmt.Println(ce.Op, ce.Type)
	}
	fmt.Println(err)

	_, err = cast.To[Sealed](bad[:3])
	if errors.As(err, &ce) {
		fmt.Printf("%v: want %d bytes, got %d\n", ce.Err, ce.Want, ce.Got)
	}
	// Output:
	// true false
	// cast.To cast_test.Sealed
	// cast.To[cast_test.Sealed]: invalid value: bad magic 0xdeadbeef
	// cast: wrong buffer size: want 8 bytes, got 3
}

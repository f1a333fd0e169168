package netpkt_test

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/examples/pcapdump/netpkt"
)

// Example_bitFields shows the accessors that overlaybits generates from
// IPv4's bits tags: they read and write the sub-fields in place, most
// significant bit first as RFC 791 draws them, and a setter refuses a value
// that does not fit, leaving the word as it was.
func Example_bitFields() {
	b := make([]byte, 20)
	h, err := cast.To[netpkt.IPv4](b)
	if err != nil {
		panic(err)
	}
	_ = h.SetVersion(4)
	_ = h.SetIHL(5)
	_ = h.SetFlags(0b010) // DF
	_ = h.SetFragOffset(185)
	fmt.Printf("bytes % x: version %d, header %d bytes, flags %03b, offset %d bytes\n",
		b[:8], h.Version(), h.HeaderLen(), h.Flags(), h.FragmentOffset())

	err = h.SetIHL(16)
	fmt.Println(err, errors.Is(err, strconv.ErrRange))
	fmt.Printf("first byte still %#x\n", b[0])
	// Output:
	// bytes 45 00 00 00 00 00 40 b9: version 4, header 20 bytes, flags 010, offset 1480 bytes
	// bitfield: IPv4.IHL: 16 (0x10) does not fit in 4 bits true
	// first byte still 0x45
}

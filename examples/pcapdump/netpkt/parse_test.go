package netpkt_test

import (
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/examples/pcapdump/netpkt"
)

// ipv4Hdr returns a 20-byte IPv4 header (version 4) with the given IHL
// and total length, followed by n bytes.
func ipv4Hdr(ihl byte, totalLen uint16, n int) []byte {
	b := make([]byte, 20+n)
	b[0] = 0x40 | ihl
	binary.BigEndian.PutUint16(b[2:], totalLen)
	return b
}

// TestParseLengths checks the length rules of PCAPDUMP.md on each header:
// lengths beyond the capture and zero lengths are not errors, lengths
// below the header and headers that do not fit are.
func TestParseLengths(t *testing.T) {
	for _, c := range []struct {
		name     string
		b        []byte
		hdrLen   int // of the header and its options
		payload  int // bytes of payload
		errMatch string
	}{
		{"exact", ipv4Hdr(5, 28, 8), 20, 8, ""},
		{"ethernet padding dropped", ipv4Hdr(5, 24, 10), 20, 4, ""},
		{"total length beyond the capture", ipv4Hdr(5, 1500, 8), 20, 8, ""},
		{"total length 0 (TSO)", ipv4Hdr(5, 0, 30), 20, 30, ""},
		{"options", ipv4Hdr(6, 30, 10), 24, 6, ""},
		{"IHL 4", ipv4Hdr(4, 28, 8), 0, 0, "frame length 16 is below the header size 20"},
		{"IHL beyond the capture", ipv4Hdr(15, 60, 8), 0, 0, "frame length 60 exceeds the 28 bytes left"},
		{"total length below IHL", ipv4Hdr(6, 22, 8), 0, 0, "total length 22 is below the header length 24"},
		{"fixed part cut", ipv4Hdr(5, 20, 0)[:19], 0, 0, "buffer is 19 bytes, want at least 20"},
	} {
		h, opts, payload, err := netpkt.ParseIPv4(c.b)
		if c.errMatch != "" {
			require.ErrorContains(t, err, c.errMatch, c.name)
			assert.Nil(t, h, c.name)
			continue
		}
		require.NoError(t, err, c.name)
		assert.Len(t, opts, c.hdrLen-20, c.name)
		assert.Len(t, payload, c.payload, c.name)
	}
	b := ipv4Hdr(5, 20, 0)
	b[0] = 0x65
	_, _, _, err := netpkt.ParseIPv4(b)
	require.ErrorContains(t, err, "version 6")

	udp := func(length uint16, n int) []byte {
		b := make([]byte, 8+n)
		binary.BigEndian.PutUint16(b[4:], length)
		return b
	}
	for _, c := range []struct {
		b       []byte
		payload int
		err     string
	}{
		{udp(12, 4), 4, ""}, {udp(12, 10), 4, ""}, {udp(100, 4), 4, ""}, {udp(0, 9), 9, ""},
		{udp(8, 3), 0, ""}, {udp(7, 3), 0, "UDP length 7 is below 8"}, {udp(1, 0), 0, "below 8"},
	} {
		_, p, err := netpkt.ParseUDP(c.b)
		if c.err != "" {
			require.ErrorContains(t, err, c.err)
			continue
		}
		require.NoError(t, err)
		assert.Len(t, p, c.payload)
	}

	tcp := func(off byte, n int) []byte {
		b := make([]byte, 20+n)
		b[12] = off << 4
		return b
	}
	_, opts, p, err := netpkt.ParseTCP(tcp(6, 10))
	require.NoError(t, err)
	assert.Len(t, opts, 4)
	assert.Len(t, p, 6)
	_, _, _, err = netpkt.ParseTCP(tcp(4, 10))
	require.ErrorContains(t, err, "frame length 16 is below the header size 20")
	_, _, _, err = netpkt.ParseTCP(tcp(15, 10))
	require.ErrorContains(t, err, "frame length 60 exceeds the 30 bytes left")

	ip6 := func(pl uint16, n int) []byte {
		b := make([]byte, 40+n)
		b[0] = 0x60
		binary.BigEndian.PutUint16(b[4:], pl)
		return b
	}
	for _, c := range []struct {
		pl         uint16
		n, payload int
	}{{8, 8, 8}, {8, 20, 8}, {100, 8, 8}, {0, 13, 13}} {
		_, p, err := netpkt.ParseIPv6(ip6(c.pl, c.n))
		require.NoError(t, err)
		assert.Len(t, p, c.payload)
	}

	_, data, rest, err := netpkt.ParseIPv6Ext([]byte{6, 1, 0xc2, 4, 0, 1, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	require.NoError(t, err)
	assert.Len(t, data, 14)
	assert.Equal(t, []byte{9}, rest)
	n, ok := netpkt.JumboLength(data)
	assert.True(t, ok)
	assert.Equal(t, uint32(65536), n)
	_, _, _, err = netpkt.ParseIPv6Ext([]byte{6, 1, 0, 0, 0, 0, 0, 0})
	require.ErrorContains(t, err, "frame length 16 exceeds the 8 bytes left")

	_, sha, spa, tha, tpa, rest, err := netpkt.ParseARP([]byte{0, 1, 8, 0, 2, 1, 0, 1, 0xa, 0xb, 1, 0xc, 0xd, 2, 0xee})
	require.NoError(t, err)
	assert.Equal(t, [][]byte{{0xa, 0xb}, {1}, {0xc, 0xd}, {2}, {0xee}}, [][]byte{sha, spa, tha, tpa, rest})
	_, _, _, _, _, _, err = netpkt.ParseARP([]byte{0, 1, 8, 0, 6, 4, 0, 1, 0})
	require.ErrorContains(t, err, "frame length 28 exceeds the 9 bytes left")
}

func TestOptions(t *testing.T) {
	type option struct{ kind, len int }
	collect := func(b []byte) (opts []option, err error) {
		o := netpkt.Options(b)
		for k, body := range o.All() {
			opts = append(opts, option{int(k.Kind), 1 + len(body)})
		}
		return opts, o.Err()
	}
	opts, err := collect([]byte{2, 4, 5, 0xb4, 1, 3, 3, 7, 0, 99, 99})
	require.NoError(t, err)
	assert.Equal(t, []option{{2, 4}, {1, 1}, {3, 3}, {0, 1}}, opts) // ends at End of Options
	for _, c := range []struct {
		b    string
		good int // options before the bad one
		msg  string
	}{
		{"\x01\x07", 1, "record 1 at offset 1: no room for the 1-byte length field at offset 1: 1 bytes left"},
		{"\x07\x01\x00", 0, "record 0 at offset 0: frame length ends before the end of its 1-byte length field at offset 1"},
		{"\x01\x07\x09\x00", 1, "record 1 at offset 1: frame length 9 exceeds the 3 bytes left"},
	} {
		opts, err := collect([]byte(c.b))
		require.ErrorContains(t, err, c.msg)
		assert.Len(t, opts, c.good)
	}
	opts, err = collect([]byte{0x94, 2})
	require.NoError(t, err)
	assert.Equal(t, []option{{0x94, 2}}, opts)
}

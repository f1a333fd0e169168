package cast_test

import (
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"structs"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/cast"
)

type seen struct {
	typ       uint8
	body      string
	off, idx  int
	recordLen int
}

func collect[H any](r *cast.Records[H], typ func(*H) uint8) []seen {
	var out []seen
	for h, body := range r.All() {
		out = append(out, seen{typ(h), string(body), r.Offset(), r.Index(), len(r.Record())})
	}
	return out
}

func tlvType(h *tlv) uint8 { return h.Type }

func TestRecordsAligned(t *testing.T) {
	// Frames of 5, 3 and 4 bytes with alignment 4: padding after the first
	// two; the last record's padding is missing, which is allowed.
	b := []byte{
		1, 0, 5, 'a', 'b', 0xee, 0xee, 0xee,
		2, 0, 3, 0xee,
		3, 0, 4, 'c',
	}
	r := cast.NewRecords(b, 4, tlvLen)
	assert.Equal(t, -1, r.Index())
	got := collect(&r, tlvType)
	require.NoError(t, r.Err())
	require.NoError(t, r.Cause())
	assert.Equal(t, []seen{{1, "ab", 0, 0, 5}, {2, "", 8, 1, 3}, {3, "c", 12, 2, 4}}, got)
	assert.Empty(t, r.Rest())
	_, _, ok := r.Next()
	assert.False(t, ok, "Next after the end")

	// Without padding, the same bytes are malformed at record 1 (offset 5).
	r = tlvOverlay.Records(b, 1, tlvLen)
	got = collect(&r, tlvType)
	assert.Equal(t, []seen{{1, "ab", 0, 0, 5}}, got)
	err := r.Err()
	e := sizeErr(t, err)
	assert.Equal(t, 1, e.Index)
	assert.Equal(t, 5, e.Offset)
	assert.Equal(t, 1, r.Index())
	assert.Equal(t, 5, r.Offset())
	assert.Equal(t, b[5:], r.Rest(), "Rest starts at the malformed record")
	assert.Nil(t, r.Record())
	assert.Equal(t, cast.ErrSize, r.Cause())
	require.EqualError(t, err, "cast.Records[cast_test.tlv]: record 1 at offset 5: frame length 61166 exceeds the 11 bytes left")
	_, _, ok = r.Next()
	assert.False(t, ok, "Next after a failure")
	require.Error(t, r.Err(), "the failure stays")
}

func TestRecordsErrors(t *testing.T) {
	b := []byte{1, 0, 3, 2, 0}
	r := cast.NewRecords(b, 1, tlvLen)
	assert.Len(t, collect(&r, tlvType), 1)
	require.EqualError(t, r.Err(), "cast.Records[cast_test.tlv]: record 1 at offset 3: buffer is 2 bytes, want at least 3")

	r = cast.NewRecords([]byte{1, 0, 2}, 1, tlvLen)
	assert.Empty(t, collect(&r, tlvType))
	require.EqualError(t, r.Err(), "cast.Records[cast_test.tlv]: record 0 at offset 0: frame length 2 is below the header size 3")

	r = cast.NewRecords(b, 0, tlvLen)
	assert.Empty(t, collect(&r, tlvType))
	require.ErrorIs(t, r.Err(), cast.ErrAlign)
	require.EqualError(t, r.Err(), "cast.Records[cast_test.tlv]: record 0 at offset 0: record alignment 0 is below 1")

	bad := cast.NewRecords(b, 1, func(*padded) int { return 8 })
	_, _, ok := bad.Next()
	assert.False(t, ok)
	require.ErrorIs(t, bad.Err(), cast.ErrLayout)
	assert.Equal(t, cast.ErrLayout, bad.Cause())
	empty := cast.NewRecords(nil, 1, func(*padded) int { return 8 })
	_, _, ok = empty.Next()
	assert.False(t, ok)
	require.ErrorIs(t, empty.Err(), cast.ErrLayout, "an empty buffer does not hide a bad type")

	// A misaligned header: 8-byte frames of rec (alignment 4) from offset 2.
	buf := aligned(64)
	recs := cast.NewRecords(buf[2:18], 1, func(*rec) int { return 8 })
	_, _, ok = recs.Next()
	assert.False(t, ok)
	require.ErrorIs(t, recs.Err(), cast.ErrAlign)
	// Aligned records, then 6 bytes that cannot hold a header.
	recs = cast.NewRecords(buf[:22], 8, func(*rec) int { return 8 })
	n := 0
	for range recs.All() {
		n++
	}
	require.ErrorIs(t, recs.Err(), cast.ErrSize, "6 bytes left: a short header")
	assert.Equal(t, 2, n)

	// Validate runs on every record before frameLen sees it.
	good := []byte{0xCA, 0xFE, 0xBA, 0xBE, 0, 8, 0, 0}
	two := append(append([]byte{}, good...), good...)
	two[8] = 0
	calls := 0
	cr := cast.NewRecords(two, 1, func(c *checked) int { calls++; return int(c.Len.Get()) })
	assert.Len(t, collect(&cr, func(*checked) uint8 { return 0 }), 1)
	require.ErrorIs(t, cr.Err(), cast.ErrInvalid)
	require.ErrorIs(t, cr.Err(), errBadMagic)
	assert.Equal(t, 1, calls)
	assert.Equal(t, 1, cr.Index())

	var zero cast.Records[tlv]
	_, _, ok = zero.Next()
	assert.False(t, ok)
	require.NoError(t, zero.Err())
}

func TestRecordsBreak(t *testing.T) {
	b := []byte{1, 0, 3, 2, 0, 3, 3, 0, 3}
	r := cast.NewRecords(b, 1, tlvLen)
	for h := range r.All() {
		if h.Type == 2 {
			break
		}
	}
	assert.Equal(t, b[6:], r.Rest(), "breaking leaves the cursor after the record")
	h, _, ok := r.Next()
	require.True(t, ok)
	assert.Equal(t, uint8(3), h.Type)
}

// ext is the two bytes that begin every IPv6 extension header.
type ext struct {
	_          structs.HostLayout
	NextHeader uint8
	HdrExtLen  uint8
}

// TestRecordsChain walks an IPv6 extension header chain: the type of each
// header is the previous one's NextHeader, which decides its length rule
// and whether another extension header follows at all.
func TestRecordsChain(t *testing.T) {
	const (
		hopByHop = 0
		tcp      = 6
		routing  = 43
		fragment = 44
		ah       = 51
	)
	isExt := func(p uint8) bool { return p == hopByHop || p == routing || p == fragment || p == ah }
	payload := []byte{
		routing, 0, 0, 0, 0, 0, 0, 0, // hop-by-hop: (0+1)*8 bytes
		fragment, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // routing: (1+1)*8
		ah, 0xff, 0, 0, 0, 0, 0, 0, // fragment: always 8 (the length byte is reserved)
		tcp, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // AH: (1+2)*4
		0xaa, 0xbb, // the TCP header
	}
	proto := uint8(hopByHop) // from the IPv6 header
	extLen := func(h *ext) int {
		switch proto {
		case fragment:
			return 8
		case ah:
			return (int(h.HdrExtLen) + 2) * 4
		}
		return (int(h.HdrExtLen) + 1) * 8
	}
	exts := cast.NewRecords[ext](payload, 1, nil)
	var chain []uint8
	for isExt(proto) {
		h, _, ok := exts.NextFunc(extLen)
		require.True(t, ok, "%v", exts.Err())
		chain = append(chain, proto)
		proto = h.NextHeader
	}
	require.NoError(t, exts.Err())
	assert.Equal(t, []uint8{hopByHop, routing, fragment, ah}, chain)
	assert.Equal(t, uint8(tcp), proto)
	assert.Equal(t, []byte{0xaa, 0xbb}, exts.Rest())
	assert.Equal(t, 32, exts.Offset())
}

func TestRecordsFunc(t *testing.T) {
	opts := []byte{
		1,          // NOP
		2, 4, 5, 6, // MSS 0x0506
		1, 0, // NOP, EOL
	}
	r := cast.NewRecordsFunc(opts, 1, optionLen)
	var kinds []uint8
	var bodies []string
	for k, body := range r.All() {
		kinds = append(kinds, k.Kind)
		bodies = append(bodies, string(body))
	}
	require.NoError(t, r.Err())
	assert.Equal(t, []uint8{1, 2, 1, 0}, kinds)
	assert.Equal(t, []string{"", "\x04\x05\x06", "", ""}, bodies)

	for _, bad := range [][]byte{{2}, {2, 1}, {2, 0}, {2, 5, 0}} {
		r := cast.MustOverlay[OptionKind]().RecordsFunc(bad, 1, optionLen)
		for range r.All() {
			t.Errorf("% x: a record from a malformed option", bad)
		}
		require.ErrorIs(t, r.Err(), cast.ErrSize, "% x", bad)
	}
}

func TestRecordsLength(t *testing.T) {
	// pcap-like records: a 4-byte big-endian body length at offset 1 of a
	// 5-byte header, after a 3-byte file header that Start skips.
	b := []byte{0xf, 0xf, 0xf, 7, 0, 0, 0, 2, 'h', 'i', 8, 0, 0, 0, 0}
	l := cast.Length{Offset: 1, Size: 4, Order: binary.BigEndian, Scale: 1, Bias: 5}
	r := cast.NewRecordsLength[hdr5](b, 1, l)
	r.Start(3)
	assert.Equal(t, 3, r.Offset())
	var bodies []string
	for h, body := range r.All() {
		bodies = append(bodies, fmt.Sprint(h.Type, string(body), r.Offset()))
	}
	require.NoError(t, r.Err())
	assert.Equal(t, []string{"7hi3", "810"}, bodies)

	for _, c := range []struct {
		name string
		b    []byte
		l    cast.Length
		want string
	}{
		{"field beyond the buffer", []byte{7, 0, 0}, l, "record 0 at offset 0: buffer is 3 bytes, want at least 5"},
		{"too long", []byte{7, 0, 0, 0, 9, 0}, l, "record 0 at offset 0: frame length 14 exceeds the 6 bytes left"},
		{"overflow", []byte{7, 0xff, 0xff, 0xff, 0xff, 0}, cast.Length{Offset: 1, Size: 4, Order: binary.LittleEndian, Scale: math.MaxInt / 2}, "record 0 at offset 0: frame length " + strconv.Itoa(math.MaxInt) + " exceeds the 6 bytes left"},
		{"bias overflow", []byte{7, 0xff, 0xff, 0xff, 0xff, 0}, cast.Length{Offset: 1, Size: 4, Order: binary.LittleEndian, Scale: 1, Bias: math.MaxInt}, "record 0 at offset 0: frame length " + strconv.Itoa(math.MaxInt) + " exceeds the 6 bytes left"},
		{"field past the header", []byte{7, 0, 0, 0, 0, 0}, cast.Length{Offset: 5, Size: 2, Order: binary.NativeEndian, Scale: 1}, "record 0 at offset 0: no room for the 2-byte length field at offset 5: 6 bytes left"},
		{"length short of the field", []byte{7, 0, 0, 0, 4, 0}, cast.Length{Offset: 1, Size: 4, Order: binary.BigEndian, Scale: 1}, "record 0 at offset 0: frame length ends before the end of its 4-byte length field at offset 1"},
		{"size 3", b, cast.Length{Size: 3}, "record 0 at offset 0: invalid Length{Offset: 0, Size: 3, Scale: 0}"},
		{"no order", b, cast.Length{Size: 2, Scale: 1}, "record 0 at offset 0: invalid Length{Offset: 0, Size: 2, Scale: 1}"},
		{"negative scale", b, cast.Length{Size: 1, Scale: -1}, "invalid Length{Offset: 0, Size: 1, Scale: -1}"},
		{"negative offset", b, cast.Length{Offset: -1, Size: 1, Scale: 1}, "invalid Length{Offset: -1, Size: 1, Scale: 1}"},
		{"kinds on a wide header", b, cast.Length{Size: 1, Scale: 1, Short: []byte{1}}, "invalid Length{Offset: 0, Size: 1, Scale: 1}"},
	} {
		r := cast.NewRecordsLength[hdr5](c.b, 1, c.l)
		_, _, ok := r.Next()
		assert.False(t, ok, c.name)
		require.ErrorIs(t, r.Err(), cast.ErrSize, c.name)
		assert.Contains(t, r.Err().Error(), c.want, c.name)
	}

	r = cast.NewRecordsLength[hdr5](b, 1, l)
	r.Start(len(b) + 1)
	require.EqualError(t, r.Err(), "cast.Records[cast_test.hdr5]: record 0 at offset 0: start 16 is outside the 15 bytes")
}

// TestRecordsEnd: a record whose first byte is in End ends the sequence
// cleanly; what follows it is Rest. Short kinds are one byte anywhere.
func TestRecordsEnd(t *testing.T) {
	opts := []byte{1, 3, 3, 7, 0, 0xee, 0xee}
	r := cast.NewRecordsLength[OptionKind](opts, 1, options)
	var kinds []uint8
	for k := range r.All() {
		kinds = append(kinds, k.Kind)
	}
	require.NoError(t, r.Err())
	assert.Equal(t, []uint8{1, 3, 0}, kinds)
	assert.Equal(t, []byte{0xee, 0xee}, r.Rest())
	assert.Equal(t, []byte{0}, r.Record())
	assert.Equal(t, 2, r.Index())

	// With alignment 4 the End record's padding is skipped too.
	r = cast.NewRecordsLength[OptionKind]([]byte{0, 0xee, 0xee, 0xee, 0xaa}, 4, options)
	for range r.All() {
	}
	require.NoError(t, r.Err())
	assert.Equal(t, []byte{0xaa}, r.Rest())
}

// TestNextFuncNil: NextFunc(nil) fails the record as malformed instead of
// panicking.
func TestNextFuncNil(t *testing.T) {
	r := cast.NewRecords[ext]([]byte{0, 0}, 1, nil)
	_, _, ok := r.NextFunc(nil)
	assert.False(t, ok)
	require.EqualError(t, r.Err(), "cast.Records[cast_test.ext]: record 0 at offset 0: malformed header (frame length -1)")
}

// hdr5 is a 5-byte record header: a type and a 32-bit length.
type hdr5 struct {
	_    structs.HostLayout
	Type uint8
	Len  [4]byte
}

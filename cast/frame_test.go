package cast_test

import (
	"math"
	"structs"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// tlv is a 3-byte record header: a type and a 16-bit frame length that
// counts the header.
type tlv struct {
	_    structs.HostLayout
	Type uint8
	Len  endian.U16BE
}

func tlvLen(h *tlv) int { return int(h.Len.Get()) }

var tlvOverlay = cast.MustOverlay[tlv]()

func sizeErr(t *testing.T, err error) *cast.Error {
	t.Helper()
	require.ErrorIs(t, err, cast.ErrSize)
	var e *cast.Error
	require.ErrorAs(t, err, &e)
	return e
}

func TestFrame(t *testing.T) {
	b := []byte{7, 0, 5, 'a', 'b', 'c', 'd'}
	h, body, rest, err := cast.Frame(b, tlvLen)
	require.NoError(t, err)
	assert.Equal(t, uint8(7), h.Type)
	assert.Equal(t, []byte("ab"), body)
	assert.Equal(t, 2, cap(body), "body's capacity stops at the frame")
	assert.Equal(t, []byte("cd"), rest)
	assert.Same(t, &b[0], &cast.Bytes(h)[0])

	h, body, rest, err = tlvOverlay.Frame(b[:3], func(*tlv) int { return 3 })
	require.NoError(t, err)
	assert.NotNil(t, h)
	assert.Empty(t, body)
	assert.Empty(t, rest)

	for _, tc := range []struct {
		name     string
		b        []byte
		n        int
		want     string
		wantWant int
	}{
		{"short header", b[:2], 3, "cast.Frame[cast_test.tlv]: buffer is 2 bytes, want at least 3", 3},
		{"below header", b, 2, "cast.Frame[cast_test.tlv]: frame length 2 is below the header size 3", 2},
		{"zero", b, 0, "cast.Frame[cast_test.tlv]: frame length 0 is below the header size 3", 0},
		{"negative: malformed", b, -1, "cast.Frame[cast_test.tlv]: malformed header (frame length -1)", -1},
		{"min int", b, math.MinInt, "", math.MinInt},
		{"beyond", b, 8, "cast.Frame[cast_test.tlv]: frame length 8 exceeds the 7 bytes left", 8},
		{"max int", b, math.MaxInt, "", math.MaxInt},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, body, rest, err := cast.Frame(tc.b, func(*tlv) int { return tc.n })
			e := sizeErr(t, err)
			assert.Nil(t, h)
			assert.Nil(t, body)
			assert.Nil(t, rest)
			assert.Equal(t, tc.wantWant, e.Want)
			assert.Equal(t, len(tc.b), e.Got)
			if tc.want != "" {
				require.EqualError(t, err, tc.want)
			}
		})
	}

	_, _, _, err = tlvOverlay.Frame(b, func(*tlv) int { return 99 })
	require.EqualError(t, err, "cast.Overlay[cast_test.tlv].Frame: frame length 99 exceeds the 7 bytes left")
}

func TestFrameChecksHeaderFirst(t *testing.T) {
	called := false
	never := func(*checked) int { called = true; return 8 }
	_, _, _, err := cast.Frame(make([]byte, 8), never)
	require.ErrorIs(t, err, cast.ErrInvalid)
	assert.False(t, called, "frameLen must not see a header that Validate rejected")

	_, _, _, err = cast.Frame(make([]byte, 8), func(*padded) int { called = true; return 8 })
	require.ErrorIs(t, err, cast.ErrLayout)
	assert.False(t, called)

	buf := aligned(32)
	_, _, _, err = cast.Frame(buf[1:], func(*Header) int { called = true; return 24 })
	require.ErrorIs(t, err, cast.ErrAlign)
	assert.Contains(t, err.Error(), "cast.Frame[cast_test.Header]:")
	assert.False(t, called)

	var zero cast.Overlay[tlv]
	_, _, _, err = zero.Frame([]byte{1, 2, 3}, tlvLen)
	require.ErrorIs(t, err, cast.ErrLayout)
}

func TestPrefixSlice(t *testing.T) {
	buf := aligned(64)
	for i := range buf {
		buf[i] = 0
	}
	buf[0] = 2 // rec.A of the header: the count, in host order's low byte on LE
	count := func(h *rec) int { return int(h.A & 0xff) }
	if hostOrder.Uint32([]byte{2, 0, 0, 0}) != 2 {
		count = func(h *rec) int { return int(h.A >> 24) }
	}
	h, s, rest, err := cast.PrefixSlice[rec, Header](buf, count)
	require.NoError(t, err)
	assert.NotNil(t, h)
	assert.Len(t, s, 2)
	assert.Len(t, rest, 64-8-48)
	assert.Same(t, &buf[8], &cast.SliceBytes(s)[0])

	_, _, _, err = cast.PrefixSlice[rec, Header](buf[:55], count)
	e := sizeErr(t, err)
	assert.Equal(t, "cast_test.rec, cast_test.Header", e.Type)
	require.EqualError(t, err, "cast.PrefixSlice[cast_test.rec, cast_test.Header]: buffer is 47 bytes, want 48 for 2 elements")

	_, _, _, err = cast.PrefixSlice[rec, Header](buf, func(*rec) int { return -1 })
	require.ErrorIs(t, err, cast.ErrSize)
	_, _, _, err = cast.PrefixSlice[rec, Header](buf, func(*rec) int { return math.MaxInt })
	require.ErrorIs(t, err, cast.ErrSize)

	// E's alignment is checked: a 4-byte header puts 8-aligned elements off.
	type four struct {
		_ structs.HostLayout
		N uint8
		_ [3]byte
	}
	if alignOf[Header]() > 4 {
		_, _, _, err = cast.PrefixSlice[four, Header](buf, func(*four) int { return 1 })
		require.ErrorIs(t, err, cast.ErrAlign)
	}
	_, _, _, err = cast.PrefixSlice[four, padded](buf, func(*four) int { return 1 })
	require.ErrorIs(t, err, cast.ErrLayout)
}

func TestOverlaySizeReadPrefix(t *testing.T) {
	assert.Equal(t, 3, tlvOverlay.Size())
	assert.Equal(t, 24, cast.MustOverlay[Header]().Size())

	b := []byte{9, 0, 4, 'x', 'y'}
	for off := range 2 {
		buf := append(make([]byte, off), b...)[off:]
		v, rest, err := tlvOverlay.ReadPrefix(buf)
		require.NoError(t, err)
		assert.Equal(t, uint8(9), v.Type)
		assert.Equal(t, uint16(4), v.Len.Get())
		assert.Equal(t, []byte("xy"), rest)
	}
	_, rest, err := tlvOverlay.ReadPrefix(b[:2])
	require.EqualError(t, err, "cast.Overlay[cast_test.tlv].ReadPrefix: buffer is 2 bytes, want at least 3")
	assert.Nil(t, rest)

	ch := cast.MustOverlay[checked]()
	_, _, err = ch.ReadPrefix(make([]byte, 9))
	require.ErrorIs(t, err, cast.ErrInvalid)
	good := []byte{0xCA, 0xFE, 0xBA, 0xBE, 0, 1, 0, 0, 'z'}
	v, rest, err := ch.ReadPrefix(good)
	require.NoError(t, err)
	assert.Equal(t, uint16(1), v.Len.Get())
	assert.Equal(t, []byte("z"), rest)

	var zero cast.Overlay[tlv]
	_, _, err = zero.ReadPrefix(b)
	require.ErrorIs(t, err, cast.ErrLayout)
	assert.Equal(t, 3, zero.Size(), "Size is T's size even for the zero Overlay")
}

func TestOffset(t *testing.T) {
	b := make([]byte, 10)
	h, _, err := cast.Prefix[tlv](b[4:])
	require.NoError(t, err)
	off, ok := cast.Offset(b, h)
	assert.True(t, ok)
	assert.Equal(t, 4, off)

	_, ok = cast.Offset(b[:6], h) // the T sticks out of b
	assert.False(t, ok)
	_, ok = cast.Offset(b[5:], h) // before b
	assert.False(t, ok)
	_, ok = cast.Offset(b, (*tlv)(nil))
	assert.False(t, ok)
	_, ok = cast.Offset(make([]byte, 10), h) // another buffer
	assert.False(t, ok)
	h, _, err = cast.Prefix[tlv](b[7:])
	require.NoError(t, err)
	off, ok = cast.Offset(b, h)
	assert.True(t, ok)
	assert.Equal(t, 7, off)
}

package cast_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/cast"
)

// codecChecked has a Validate method that sees the decoded (host-order)
// value: its magic must be 0xCAFEBABE as a number.
type codecChecked struct {
	Magic uint32
	Len   uint16
	_     [2]byte
}

func (c *codecChecked) Validate() error {
	if c.Magic != 0xCAFEBABE {
		return &magicError{got: c.Magic}
	}
	return nil
}

// otherOrder is a binary.ByteOrder the codec does not know.
type otherOrder struct{ binary.ByteOrder }

func hostIsBig() bool { return binary.NativeEndian.Uint16([]byte{0, 1}) == 1 }

// TestCodecLayoutErrors: a type that cannot be overlaid fails every codec
// form with ErrLayout and its problems, before anything else is looked at.
func TestCodecLayoutErrors(t *testing.T) {
	const typ = "cast_test.padded"
	var v padded
	b := make([]byte, 64)
	r := bytes.NewReader(b)
	errs := map[string]error{}
	_, _, errs["cast.Decode"] = cast.Decode[padded](b, binary.BigEndian)
	_, errs["cast.Encode"] = cast.Encode(b, binary.BigEndian, &v)
	_, errs["cast.Append"] = cast.Append(nil, binary.BigEndian, &v)
	_, errs["cast.DecodeSlice"] = cast.DecodeSlice(make([]padded, 1), b, binary.BigEndian)
	_, errs["cast.AppendSlice"] = cast.AppendSlice(nil, binary.BigEndian, []padded{v})
	errs["cast.Swap"] = cast.Swap(&v, binary.BigEndian)
	errs["cast.SwapSlice"] = cast.SwapSlice([]padded{v}, binary.BigEndian)
	_, _, errs["cast.Borrow"] = cast.Borrow[padded](b, binary.BigEndian)
	_, errs["cast.DecodeFrom"] = cast.DecodeFrom[padded](r, binary.BigEndian)
	_, errs["cast.DecodeAt"] = cast.DecodeAt[padded](r, 0, binary.BigEndian)
	_, errs["cast.DecodeSliceAt"] = cast.DecodeSliceAt[padded](r, 0, 1, 1, binary.BigEndian)
	errs["cast.EncodeTo"] = cast.EncodeTo(io.Discard, binary.BigEndian, &v)
	require.Len(t, errs, 12)
	for op, err := range errs {
		ce := requireCastError(t, err, cast.ErrLayout, op, typ, "padding")
		assert.NotEmpty(t, ce.Problems, op)
	}
	assert.Equal(t, 64, r.Len(), "nothing read")
	// A nil v or an unknown order does not hide the layout error.
	_, err := cast.Encode[padded](b, otherOrder{binary.BigEndian}, nil)
	requireCastError(t, err, cast.ErrLayout, "cast.Encode", typ)
}

func TestCodecOrderErrors(t *testing.T) {
	b := make([]byte, 64)
	for _, order := range []binary.ByteOrder{otherOrder{binary.BigEndian}, nil} {
		_, rest, err := cast.Decode[uint32](b, order)
		assert.Nil(t, rest)
		requireCastError(t, err, cast.ErrByteOrder, "cast.Decode", "uint32",
			"is none of binary.BigEndian, binary.LittleEndian and binary.NativeEndian")
		_, err = cast.Append(nil, order, new(uint32))
		requireCastError(t, err, cast.ErrByteOrder, "cast.Append", "uint32")
		_, err = cast.DecodeFrom[uint32](bytes.NewReader(b), order)
		requireCastError(t, err, cast.ErrByteOrder, "cast.DecodeFrom", "uint32")
	}
	_, _, err := cast.Decode[uint32](b, otherOrder{binary.BigEndian})
	assert.Contains(t, err.Error(), "cast_test.otherOrder")

	// A marked type decodes only with its own order, on any host.
	v, _, err := cast.Decode[markedBig](b, binary.LittleEndian)
	assert.Zero(t, v)
	requireCastError(t, err, cast.ErrByteOrder, "cast.Decode", "cast_test.markedBig",
		"cast_test.markedBig declares big endian byte order, not little endian")
	_, err = cast.Encode(b, binary.BigEndian, &markedLittle{})
	requireCastError(t, err, cast.ErrByteOrder, "cast.Encode", "cast_test.markedLittle",
		"declares little endian byte order, not big endian")
	_, err = cast.DecodeSliceAt[markedLittle](bytes.NewReader(b), 0, 1, 1, binary.BigEndian)
	requireCastError(t, err, cast.ErrByteOrder, "cast.DecodeSliceAt", "cast_test.markedLittle")
	err = cast.Swap(&markedBig{}, binary.LittleEndian)
	requireCastError(t, err, cast.ErrByteOrder, "cast.Swap", "cast_test.markedBig")
	_, _, err = cast.Decode[markedBig](b, binary.BigEndian)
	require.NoError(t, err)
	_, _, err = cast.Decode[markedLittle](b, binary.LittleEndian)
	require.NoError(t, err)

	// NativeEndian is the host's order.
	_, _, errBig := cast.Decode[markedBig](b, binary.NativeEndian)
	_, _, errLittle := cast.Decode[markedLittle](b, binary.NativeEndian)
	if hostIsBig() {
		assert.NoError(t, errBig)
		requireCastError(t, errLittle, cast.ErrByteOrder, "cast.Decode", "cast_test.markedLittle",
			"not big endian (binary.NativeEndian on "+runtime.GOARCH+")")
	} else {
		assert.NoError(t, errLittle)
		requireCastError(t, errBig, cast.ErrByteOrder, "cast.Decode", "cast_test.markedBig",
			"not little endian (binary.NativeEndian on "+runtime.GOARCH+")")
	}
}

func TestCodecSizeErrors(t *testing.T) {
	b := make([]byte, 64)
	const typ = "cast_test.codecChecked" // 8 bytes
	for _, n := range []int{0, 1, 7} {
		v, rest, err := cast.Decode[codecChecked](b[:n], binary.BigEndian)
		assert.Zero(t, v)
		assert.Nil(t, rest)
		ce := requireCastError(t, err, cast.ErrSize, "cast.Decode", typ, fmt.Sprintf("buffer is %d bytes, want at least 8", n))
		assert.Equal(t, 8, ce.Want)
		assert.Equal(t, n, ce.Got)

		out := bytes.Repeat([]byte{0xEE}, n)
		rest, err = cast.Encode(out, binary.BigEndian, &codecChecked{Magic: 1})
		assert.Nil(t, rest)
		requireCastError(t, err, cast.ErrSize, "cast.Encode", typ, "want at least 8")
		assert.Equal(t, bytes.Repeat([]byte{0xEE}, n), out, "Encode wrote nothing")
	}
	dst := make([]codecChecked, 3)
	rest, err := cast.DecodeSlice(dst, b[:23], binary.BigEndian)
	assert.Nil(t, rest)
	requireCastError(t, err, cast.ErrSize, "cast.DecodeSlice", typ, "buffer is 23 bytes, want 24 for 3 elements")
	s, copied, err := cast.Borrow[codecChecked](b[:12], binary.BigEndian)
	assert.Nil(t, s)
	assert.False(t, copied)
	requireCastError(t, err, cast.ErrSize, "cast.Borrow", typ, "buffer is 12 bytes, not a multiple of 8")
}

func TestCodecInvalid(t *testing.T) {
	good := []byte{0xCA, 0xFE, 0xBA, 0xBE, 0, 5, 0, 0}
	v, rest, err := cast.Decode[codecChecked](good, binary.BigEndian)
	require.NoError(t, err)
	assert.Equal(t, codecChecked{Magic: 0xCAFEBABE, Len: 5}, v)
	assert.Empty(t, rest)

	// The same bytes in the other order are another number: Validate sees
	// the converted value.
	v, rest, err = cast.Decode[codecChecked](good, binary.LittleEndian)
	assert.Zero(t, v)
	assert.Nil(t, rest)
	requireCastError(t, err, cast.ErrInvalid, "cast.Decode", "cast_test.codecChecked", "magic 0xbebafeca")
	require.ErrorIs(t, err, errBadMagic)
	var me *magicError
	require.ErrorAs(t, err, &me)
	assert.Equal(t, uint32(0xBEBAFECA), me.got)

	// Slices: the bad element is named, and dst is left as it was.
	two := append(bytes.Clone(good), 0xCA, 0xFE, 0xBA, 0xBF, 0, 0, 0, 0)
	dst := []codecChecked{{Magic: 1}, {Magic: 2}}
	_, err = cast.DecodeSlice(dst, two, binary.BigEndian)
	requireCastError(t, err, cast.ErrInvalid, "cast.DecodeSlice", "cast_test.codecChecked", "element 1: invalid value: magic 0xcafebabf")
	assert.Equal(t, []codecChecked{{Magic: 1}, {Magic: 2}}, dst)
	_, err = cast.DecodeSliceAt[codecChecked](bytes.NewReader(two), 0, 2, 2, binary.BigEndian)
	requireCastError(t, err, cast.ErrInvalid, "cast.DecodeSliceAt", "cast_test.codecChecked", "element 1:")
	_, _, err = cast.Borrow[codecChecked](two, binary.BigEndian)
	requireCastError(t, err, cast.ErrInvalid, "cast.Borrow", "cast_test.codecChecked", "element 1:")
	_, err = cast.DecodeFrom[codecChecked](bytes.NewReader(two[8:]), binary.BigEndian)
	requireCastError(t, err, cast.ErrInvalid, "cast.DecodeFrom", "cast_test.codecChecked")
	_, err = cast.DecodeAt[codecChecked](bytes.NewReader(two), 8, binary.BigEndian)
	requireCastError(t, err, cast.ErrInvalid, "cast.DecodeAt", "cast_test.codecChecked")

	// A nil value to write.
	_, err = cast.Encode[codecChecked](make([]byte, 8), binary.BigEndian, nil)
	requireCastError(t, err, cast.ErrInvalid, "cast.Encode", "cast_test.codecChecked", "nil pointer")
	_, err = cast.Append[uint16](nil, binary.BigEndian, nil)
	requireCastError(t, err, cast.ErrInvalid, "cast.Append", "uint16", "nil pointer")
	requireCastError(t, cast.Swap[uint16](nil, binary.BigEndian), cast.ErrInvalid, "cast.Swap", "uint16")
	requireCastError(t, cast.EncodeTo[uint16](io.Discard, binary.BigEndian, nil), cast.ErrInvalid, "cast.EncodeTo", "uint16")
	// Encode does not validate: it writes what it is given.
	out, err := cast.Append(nil, binary.BigEndian, &codecChecked{Magic: 7})
	require.NoError(t, err)
	assert.Equal(t, []byte{0, 0, 0, 7, 0, 0, 0, 0}, out)
}

// TestCodecReaderErrors: short reads are ErrSize wrapping io.EOF (nothing
// read) or io.ErrUnexpectedEOF, like binary.Read; other reader errors are
// wrapped as they are.
func TestCodecReaderErrors(t *testing.T) {
	data := []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	const typ = "[2]uint64"

	_, err := cast.DecodeFrom[[2]uint64](bytes.NewReader(nil), binary.BigEndian)
	ce := requireCastError(t, err, cast.ErrSize, "cast.DecodeFrom", typ, "read 0 bytes, want 16: EOF")
	require.ErrorIs(t, err, io.EOF)
	assert.Equal(t, binary.Read(bytes.NewReader(nil), binary.BigEndian, new([2]uint64)), io.EOF, "as binary.Read")
	assert.Equal(t, 16, ce.Want)

	v, err := cast.DecodeFrom[[2]uint64](bytes.NewReader(data), binary.BigEndian)
	assert.Zero(t, v)
	ce = requireCastError(t, err, cast.ErrSize, "cast.DecodeFrom", typ, "read 10 bytes, want 16: unexpected EOF")
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Equal(t, 10, ce.Got)

	// Byte-at-a-time readers are fine.
	v, err = cast.DecodeFrom[[2]uint64](iotest.OneByteReader(bytes.NewReader(append(data, data...))), binary.BigEndian)
	require.NoError(t, err)
	assert.Equal(t, [2]uint64{0x0102030405060708, 0x090a01020304_0506}, v)

	boom := errors.New("boom")
	_, err = cast.DecodeFrom[[2]uint64](iotest.ErrReader(boom), binary.BigEndian)
	requireCastError(t, err, boom, "cast.DecodeFrom", typ, "boom")
	_, err = cast.DecodeAt[[2]uint64](errReaderAt{boom}, 0, binary.BigEndian)
	requireCastError(t, err, boom, "cast.DecodeAt", typ, "boom")

	// A T larger than the io forms' buffer, read in pieces.
	big := make([]byte, 3000)
	for i := range big {
		big[i] = byte(i)
	}
	type wide [375]uint64
	w, err := cast.DecodeFrom[wide](iotest.HalfReader(bytes.NewReader(big)), binary.LittleEndian)
	require.NoError(t, err)
	assert.Equal(t, binary.LittleEndian.Uint64(big[2992:]), w[374])
	_, err = cast.DecodeFrom[wide](bytes.NewReader(big[:2999]), binary.LittleEndian)
	requireCastError(t, err, cast.ErrSize, "cast.DecodeFrom", "cast_test.wide", "read 2999 bytes, want 3000: unexpected EOF")
	_, err = cast.DecodeAt[wide](bytes.NewReader(big), 1, binary.LittleEndian)
	requireCastError(t, err, cast.ErrSize, "cast.DecodeAt", "cast_test.wide", "read 2999 bytes, want 3000: unexpected EOF")
	var ww bytes.Buffer
	require.NoError(t, cast.EncodeTo(&ww, binary.LittleEndian, &w))
	assert.Equal(t, big, ww.Bytes())

	// DecodeAt: offsets.
	_, err = cast.DecodeAt[[2]uint64](bytes.NewReader(data), 0, binary.BigEndian)
	requireCastError(t, err, cast.ErrSize, "cast.DecodeAt", typ, "read 10 bytes, want 16: unexpected EOF")
	_, err = cast.DecodeAt[[2]uint64](bytes.NewReader(data), 100, binary.BigEndian)
	requireCastError(t, err, cast.ErrSize, "cast.DecodeAt", typ, "read 0 bytes, want 16: unexpected EOF")
	for _, off := range []int64{-1, math.MinInt64, math.MaxInt64, math.MaxInt64 - 15} {
		_, err = cast.DecodeAt[[2]uint64](bytes.NewReader(data), off, binary.BigEndian)
		requireCastError(t, err, cast.ErrSize, "cast.DecodeAt", typ, fmt.Sprintf("offset %d is negative or too large", off))
	}
}

type errReaderAt struct{ err error }

func (r errReaderAt) ReadAt([]byte, int64) (int, error) { return 0, r.err }

// countingReaderAt counts the bytes asked for, to prove that hostile counts
// do not make DecodeSliceAt read (or allocate) beyond the data.
type countingReaderAt struct {
	r     io.ReaderAt
	asked int
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	c.asked += len(p)
	return c.r.ReadAt(p, off)
}

func TestCodecHostileCounts(t *testing.T) {
	data := make([]byte, 100)
	r := bytes.NewReader(data)
	const typ = "uint64"
	for _, n := range []int{-1, -100, math.MinInt} {
		s, err := cast.DecodeSliceAt[uint64](r, 0, n, 10, binary.BigEndian)
		assert.Nil(t, s)
		requireCastError(t, err, cast.ErrSize, "cast.DecodeSliceAt", typ, fmt.Sprintf("n is %d", n))
	}
	for _, n := range []int{math.MaxInt, math.MaxInt/8 + 1} {
		_, err := cast.DecodeSliceAt[uint64](r, 0, n, math.MaxInt, binary.BigEndian)
		requireCastError(t, err, cast.ErrSize, "cast.DecodeSliceAt", typ, "overflow int")
	}
	_, err := cast.DecodeSliceAt[uint64](r, 0, 11, 10, binary.BigEndian)
	requireCastError(t, err, cast.ErrSize, "cast.DecodeSliceAt", typ, "n is 11, more than the maximum 10")
	_, err = cast.DecodeSliceAt[uint64](r, math.MaxInt64-100, 20, 100, binary.BigEndian)
	requireCastError(t, err, cast.ErrSize, "cast.DecodeSliceAt", typ, "offset")
	_, err = cast.DecodeSliceAt[uint64](r, -8, 1, 100, binary.BigEndian)
	requireCastError(t, err, cast.ErrSize, "cast.DecodeSliceAt", typ, "offset -8")

	// A count within the maximum but beyond the data: a short read, and
	// no more asked for than a chunk past the end.
	c := &countingReaderAt{r: r}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	huge := math.MaxInt / 8
	_, err = cast.DecodeSliceAt[uint64](c, 0, huge, huge, binary.BigEndian)
	runtime.ReadMemStats(&after)
	requireCastError(t, err, cast.ErrSize, "cast.DecodeSliceAt", typ, fmt.Sprintf("read 100 bytes, want %d: unexpected EOF", huge*8))
	assert.LessOrEqual(t, c.asked, 4096, "asked for at most one chunk")
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(64<<10), "allocated for what was read, not for n")

	s, err := cast.DecodeSliceAt[uint64](r, 4, 12, 12, binary.LittleEndian)
	require.NoError(t, err)
	require.Len(t, s, 12)
	_, err = cast.DecodeSliceAt[uint64](r, 8, 12, 12, binary.LittleEndian)
	requireCastError(t, err, cast.ErrSize, "cast.DecodeSliceAt", typ, "read 92 bytes, want 96")
	s, err = cast.DecodeSliceAt[uint64](r, 1000, 0, 0, binary.LittleEndian)
	require.NoError(t, err)
	assert.Empty(t, s)

	// Many elements, read in growing pieces, equal binary.Read's.
	big := make([]byte, 8*5000)
	for i := range big {
		big[i] = byte(i * 13)
	}
	s, err = cast.DecodeSliceAt[uint64](bytes.NewReader(big), 0, 5000, 5000, binary.BigEndian)
	require.NoError(t, err)
	want := make([]uint64, 5000)
	require.NoError(t, binary.Read(bytes.NewReader(big), binary.BigEndian, want))
	assert.Equal(t, want, s)
}

func TestCodecWriterErrors(t *testing.T) {
	v := [2]uint32{1, 2}
	boom := errors.New("boom")
	err := cast.EncodeTo(failWriter{err: boom}, binary.BigEndian, &v)
	requireCastError(t, err, boom, "cast.EncodeTo", "[2]uint32", "boom")
	err = cast.EncodeTo(failWriter{n: 3}, binary.BigEndian, &v)
	requireCastError(t, err, io.ErrShortWrite, "cast.EncodeTo", "[2]uint32", "short write")
}

type failWriter struct {
	n   int
	err error
}

func (w failWriter) Write(p []byte) (int, error) { return min(w.n, len(p)), w.err }

// TestCodecZeroAllocs: every value path allocates nothing.
func TestCodecZeroAllocs(t *testing.T) {
	b := benchBytes(64 * 8)
	var h nested
	hs := make([]nested, 2)
	out := make([]byte, 0, 1024)
	r := bytes.NewReader(b)
	aligned := make([]uint64, 8)
	ab := sliceMemOf(aligned)
	magic := []byte{0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 0}
	cases := map[string]func(){
		"Decode":        func() { h, allocBytes, allocErr = cast.Decode[nested](b, binary.BigEndian) },
		"Decode native": func() { h, allocBytes, allocErr = cast.Decode[nested](b, binary.NativeEndian) },
		"Encode":        func() { allocBytes, allocErr = cast.Encode(b, binary.BigEndian, &h) },
		"Append":        func() { allocBytes, allocErr = cast.Append(out[:0], binary.LittleEndian, &h) },
		"DecodeSlice":   func() { allocBytes, allocErr = cast.DecodeSlice(hs, b, binary.BigEndian) },
		"AppendSlice":   func() { allocBytes, allocErr = cast.AppendSlice(out[:0], binary.BigEndian, hs) },
		"Swap":          func() { allocErr = cast.Swap(&h, binary.BigEndian) },
		"SwapSlice":     func() { allocErr = cast.SwapSlice(hs, binary.BigEndian) },
		"Borrow view": func() {
			var s []uint64
			s, _, allocErr = cast.Borrow[uint64](ab, binary.NativeEndian)
			allocBytes = sliceMemOf(s)
		},
		"DecodeFrom": func() { r.Reset(b); h, allocErr = cast.DecodeFrom[nested](r, binary.BigEndian) },
		"DecodeAt":   func() { h, allocErr = cast.DecodeAt[nested](r, 5, binary.BigEndian) },
		"EncodeTo":   func() { allocErr = cast.EncodeTo(io.Discard, binary.BigEndian, &h) },
		"Decode, validated": func() { // on a pooled scratch T, as Read validates
			var c codecChecked
			c, allocBytes, allocErr = cast.Decode[codecChecked](magic, binary.BigEndian)
			_ = c
		},
	}
	for name, f := range cases {
		f() // warm the caches and the pool
		require.NoError(t, allocErr, name)
		allocs := testing.AllocsPerRun(100, f)
		assert.Zero(t, allocs, name)
	}
}

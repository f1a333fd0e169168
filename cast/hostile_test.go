package cast_test

import (
	"fmt"
	"math"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/cast"
)

// The sweeps below run every operation over every length 0..64 at every
// offset 0..64 into one aligned buffer, and compare the outcome with a
// model written independently of the implementation: which check fails
// first, or where the result must point. A result must lie inside the
// buffer it came from; an empty slice result (Slice of an empty buffer,
// SlicePrefix with count 0) points at the buffer, which is never nil here,
// so the result is never nil either.

// outcome is what the model predicts: a sentinel error, or success with
// the T at offset at (relative to b) and count elements.
type outcome struct {
	err   error
	at    int
	count int
}

// model predicts an operation on a buffer of length n at address a, for a
// type of size size and alignment align; count is SlicePrefix's n.
func model(op string, n int, a uintptr, size, align int, count int) outcome {
	misaligned := func(off int) bool { return (a+uintptr(off))%uintptr(align) != 0 }
	switch op {
	case "To":
		if n != size {
			return outcome{err: cast.ErrSize}
		}
	case "Prefix", "ReadPrefix":
		if n < size {
			return outcome{err: cast.ErrSize}
		}
	case "Suffix":
		if n < size {
			return outcome{err: cast.ErrSize}
		}
		if misaligned(n - size) {
			return outcome{err: cast.ErrAlign}
		}
		return outcome{at: n - size, count: 1}
	case "Read":
		if n != size {
			return outcome{err: cast.ErrSize}
		}
		return outcome{count: 1}
	case "Slice":
		// 0 is a multiple of size: an empty buffer is zero elements, and,
		// as for SlicePrefix with count 0, its address must still be
		// aligned.
		if n%size != 0 {
			return outcome{err: cast.ErrSize}
		}
		if misaligned(0) {
			return outcome{err: cast.ErrAlign}
		}
		return outcome{count: n / size}
	case "SlicePrefix":
		// Compare without multiplying, as a careful caller would.
		if count < 0 || count > n/size {
			return outcome{err: cast.ErrSize}
		}
		if misaligned(0) {
			return outcome{err: cast.ErrAlign}
		}
		return outcome{count: count}
	}
	if op == "ReadPrefix" {
		return outcome{count: 1}
	}
	if misaligned(0) {
		return outcome{err: cast.ErrAlign}
	}
	return outcome{count: 1}
}

// result is what an operation returned, reduced to addresses and lengths.
type result struct {
	ptr   uintptr // address of the T or first element; 0 for nil
	count int     // elements in a slice result, 1 for a pointer, 0 for nil
	rest  []byte  // the other slice result, if any
	err   error
}

func TestSweepLengthsAndOffsets(t *testing.T) {
	const span = 64
	big := pattern(aligned(3 * span))
	hdr := cast.MustOverlay[Header]()
	recs := cast.MustOverlay[rec]()
	counts := []int{-1, 0, 1, 2, 3, 8, math.MaxInt, math.MaxInt/recSize + 1, math.MinInt}

	type op struct {
		name        string
		size, align int
		run         func(b []byte, n int) result
	}
	ptrResult := func(p unsafe.Pointer, rest []byte, err error) result {
		r := result{ptr: uintptr(p), rest: rest, err: err}
		if p != nil {
			r.count = 1
		}
		return r
	}
	sliceResult := func(s []rec, rest []byte, err error) result {
		return result{ptr: uintptr(unsafe.Pointer(unsafe.SliceData(s))), count: len(s), rest: rest, err: err}
	}
	ops := []op{
		{"To", headerSize, headerAlign, func(b []byte, _ int) result {
			p, err := cast.To[Header](b)
			return ptrResult(unsafe.Pointer(p), nil, err)
		}},
		{"To", headerSize, headerAlign, func(b []byte, _ int) result { p, err := hdr.To(b); return ptrResult(unsafe.Pointer(p), nil, err) }},
		{"Prefix", headerSize, headerAlign, func(b []byte, _ int) result {
			p, rest, err := cast.Prefix[Header](b)
			return ptrResult(unsafe.Pointer(p), rest, err)
		}},
		{"Prefix", headerSize, headerAlign, func(b []byte, _ int) result {
			p, rest, err := hdr.Prefix(b)
			return ptrResult(unsafe.Pointer(p), rest, err)
		}},
		{"Suffix", headerSize, headerAlign, func(b []byte, _ int) result {
			head, p, err := cast.Suffix[Header](b)
			return ptrResult(unsafe.Pointer(p), head, err)
		}},
		{"Suffix", headerSize, headerAlign, func(b []byte, _ int) result {
			head, p, err := hdr.Suffix(b)
			return ptrResult(unsafe.Pointer(p), head, err)
		}},
		{"Slice", recSize, recAlign, func(b []byte, _ int) result { s, err := cast.Slice[rec](b); return sliceResult(s, nil, err) }},
		{"Slice", recSize, recAlign, func(b []byte, _ int) result { s, err := recs.Slice(b); return sliceResult(s, nil, err) }},
		{"SlicePrefix", recSize, recAlign, func(b []byte, n int) result { return sliceResult(cast.SlicePrefix[rec](b, n)) }},
		{"SlicePrefix", recSize, recAlign, func(b []byte, n int) result { return sliceResult(recs.SlicePrefix(b, n)) }},
		{"Read", headerSize, headerAlign, func(b []byte, _ int) result {
			v, err := cast.Read[Header](b)
			return readResult(b, v, nil, err)
		}},
		{"Read", headerSize, headerAlign, func(b []byte, _ int) result {
			v, err := hdr.Read(b)
			return readResult(b, v, nil, err)
		}},
		{"ReadPrefix", headerSize, headerAlign, func(b []byte, _ int) result {
			v, rest, err := cast.ReadPrefix[Header](b)
			return readResult(b, v, rest, err)
		}},
	}
	checked := 0
	for i, o := range ops {
		for off := 0; off <= span; off++ {
			for n := 0; n <= span; n++ {
				b := big[off : off+n]
				for _, count := range counts {
					if o.name != "SlicePrefix" && count != counts[0] {
						continue
					}
					want := model(o.name, n, addr(b), o.size, o.align, count)
					got := o.run(b, count)
					where := fmt.Sprintf("op %d %s, offset %d, length %d, n %d", i, o.name, off, n, count)
					checked++
					if want.err != nil {
						require.ErrorIs(t, got.err, want.err, where)
						require.Zero(t, got.ptr, where)
						require.Zero(t, got.count, where)
						require.Nil(t, got.rest, where)
						continue
					}
					require.NoError(t, got.err, where)
					require.Equal(t, want.count, got.count, where)
					if o.name == "Read" || o.name == "ReadPrefix" {
						require.Equal(t, uintptr(1), got.ptr, where+": value differs from the bytes")
					} else {
						require.Equal(t, addr(b)+uintptr(want.at), got.ptr, where)
						end := got.ptr + uintptr(got.count*o.size)
						require.LessOrEqual(t, end, addr(b)+uintptr(n), where+": result past the buffer")
					}
					switch o.name {
					case "Prefix", "ReadPrefix":
						require.Len(t, got.rest, n-o.size, where)
						require.Equal(t, addr(b)+uintptr(o.size), addr(got.rest), where)
					case "Suffix":
						require.Len(t, got.rest, n-o.size, where)
						require.Equal(t, n-o.size, cap(got.rest), where+": head's capacity must not reach the T")
					case "SlicePrefix":
						require.Len(t, got.rest, n-count*o.size, where)
					}
				}
			}
		}
	}
	t.Logf("%d cases", checked)
}

// readResult reports a Read's success as ptr 1 when the value holds b's
// first bytes, 2 when it does not.
func readResult(b []byte, v Header, rest []byte, err error) result {
	if err != nil {
		r := result{err: err, rest: rest}
		if v != (Header{}) {
			r.ptr = 2 // a non-zero value on error
		}
		return r
	}
	ok := string(cast.Bytes(&v)) == string(b[:headerSize])
	r := result{ptr: 2, count: 1, rest: rest}
	if ok {
		r.ptr = 1
	}
	return r
}

// TestSliceCapacityStopsAtTheBuffer checks that appending to a cast slice
// copies instead of writing over the bytes after it.
func TestSliceCapacityStopsAtTheBuffer(t *testing.T) {
	b := pattern(aligned(64))
	s, rest, err := cast.SlicePrefix[rec](b, 2)
	require.NoError(t, err)
	require.Equal(t, 2, cap(s))
	before := string(rest)
	s = append(s, rec{A: 0xFFFFFFFF, B: 0xFFFFFFFF})
	assert.Equal(t, before, string(rest), "append wrote past the slice")
	assert.Len(t, s, 3)

	all, err := cast.Slice[rec](b[:16])
	require.NoError(t, err)
	assert.Equal(t, 2, cap(all))
}

func TestSuffixOfExactSize(t *testing.T) {
	b := aligned(headerSize)
	head, p, err := cast.Suffix[Header](b)
	require.NoError(t, err)
	assert.Equal(t, addr(b), uintptr(unsafe.Pointer(p)))
	assert.Empty(t, head)
	assert.Equal(t, 0, cap(head))
	assert.NotNil(t, head, "head is b[:0:0], not nil")
}

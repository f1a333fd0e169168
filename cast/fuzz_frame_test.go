package cast_test

import (
	"encoding/binary"
	"math"
	"math/big"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/cast"
)

// Fuzz targets for frames, records and tables, each differential against a
// naive reference that reads the bytes with encoding/binary and explicit
// offsets. The frame length is a field of the input plus a delta that the
// fuzzer chooses freely, so every boundary is reached: negative, zero,
// below the header, exact, one past the buffer, math.MaxInt, and values
// that overflow when added to an offset.

// hostileInts are seeds at the boundaries of int.
var hostileInts = []int64{0, 1, -1, 2, 3, 4, -3, math.MaxInt32, math.MinInt32, math.MaxInt64, math.MinInt64, math.MaxInt64 - 2, 1 << 32}

// naiveFrame is the reference for Frame over tlv: the length is the
// big-endian 16-bit field at offset 1, plus delta.
func naiveFrame(b []byte, delta int) (body, rest []byte, ok bool) {
	if len(b) < 3 {
		return nil, nil, false
	}
	n := int(binary.BigEndian.Uint16(b[1:3])) + delta
	if n < 3 || n > len(b) {
		return nil, nil, false
	}
	return b[3:n], b[n:], true
}

func FuzzFrame(f *testing.F) {
	for _, d := range hostileInts {
		f.Add([]byte{1, 0, 5, 'a', 'b', 'c'}, d)
		f.Add([]byte{1, 0xff, 0xff}, d)
	}
	f.Add([]byte{1, 0}, int64(0))
	f.Fuzz(func(t *testing.T, b []byte, delta64 int64) {
		delta := int(delta64) // wraps on 32-bit hosts, for both sides
		frameLen := func(h *tlv) int { return int(h.Len.Get()) + delta }
		body, rest, ok := naiveFrame(b, delta)
		h, gotBody, gotRest, err := cast.Frame(b, frameLen)
		require.Equal(t, ok, err == nil, "error: %v", err)
		if !ok {
			require.ErrorIs(t, err, cast.ErrSize)
			assert.Nil(t, h)
			return
		}
		assert.Same(t, &b[0], &cast.Bytes(h)[0])
		assert.Equal(t, body, gotBody)
		assert.Equal(t, rest, gotRest)
		assert.Equal(t, len(gotBody), cap(gotBody))
		_, ovBody, ovRest, err := tlvOverlay.Frame(b, frameLen)
		require.NoError(t, err)
		assert.Equal(t, body, ovBody)
		assert.Equal(t, rest, ovRest)
	})
}

// naiveRecord is what the reference sees of a record.
type naiveRecord struct {
	typ       byte
	body      []byte
	off       int
	recordLen int
}

// naiveRecords is the reference for Records: records of a 3-byte header
// (tlv) or, with wide, of an 8-byte, 4-aligned one (rec) whose length is
// its first byte plus 8; delta is added to the length; the next record
// starts at the next multiple of align from the start of b.
func naiveRecords(b []byte, align, delta int, wide bool) (out []naiveRecord, failIdx, failOff int, rest []byte, ok bool) {
	hdr, a := 3, 1
	if wide {
		hdr, a = 8, 4
	}
	if align < 1 {
		return nil, 0, 0, b, false
	}
	off := 0
	for off < len(b) {
		if len(b)-off < hdr || (wide && uintptr(unsafe.Pointer(&b[off]))%uintptr(a) != 0) {
			return out, len(out), off, b[off:], false
		}
		var n int
		if wide {
			n = 8 + int(b[off]) + delta
		} else {
			n = int(binary.BigEndian.Uint16(b[off+1:])) + delta
		}
		if n < hdr || n > len(b)-off {
			return out, len(out), off, b[off:], false
		}
		out = append(out, naiveRecord{b[off], b[off+hdr : off+n], off, n})
		end := off + n
		next := end
		if r := end % align; r != 0 {
			next = end + (align - r)
			if next > len(b) || next < end {
				next = len(b)
			}
		}
		off = next
	}
	return out, 0, 0, b[len(b):], true
}

func FuzzRecords(f *testing.F) {
	for _, d := range hostileInts {
		f.Add([]byte{1, 0, 5, 'a', 'b', 0, 0, 0, 2, 0, 3}, int64(4), d, false, uint8(0))
		f.Add([]byte{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}, int64(4), d, true, uint8(0))
	}
	for _, a := range hostileInts {
		f.Add([]byte{1, 0, 4, 'x', 2, 0, 3}, a, int64(0), false, uint8(0))
	}
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0}, int64(1), int64(0), true, uint8(2))
	f.Add([]byte{1, 0, 5, 'a', 'b', 0, 0, 0, 2, 0, 3}, int64(4), int64(0), false, uint8(8))
	f.Add([]byte{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}, int64(8), int64(-1), true, uint8(9))
	f.Fuzz(func(t *testing.T, data []byte, align64, delta64 int64, wide bool, shift uint8) {
		align, delta := int(align64), int(delta64)
		buf := aligned(len(data) + 8)
		b := buf[shift%8 : int(shift%8)+len(data)]
		copy(b, data)
		want, failIdx, failOff, wantRest, ok := naiveRecords(b, align, delta, wide)

		var got []naiveRecord
		var r interface {
			Err() error
			Cause() error
			Index() int
			Offset() int
			Rest() []byte
		}
		// Bit 3 of shift picks the iterator: All with the sequence's rule,
		// or AllFunc with the same rule given by the call.
		allFunc := shift&8 != 0
		if wide {
			frameLen := func(h *rec) int { return 8 + int(byte(h.A>>(8*hostLowByte()))) + delta }
			recs := cast.NewRecords(b, align, frameLen)
			seq := recs.All()
			if allFunc {
				seq = recs.AllFunc(func(h *rec, _ []byte) int { return frameLen(h) })
			}
			for h, body := range seq {
				got = append(got, naiveRecord{cast.Bytes(h)[0], body, recs.Offset(), len(recs.Record())})
			}
			r = &recs
		} else {
			frameLen := func(h *tlv) int { return int(h.Len.Get()) + delta }
			recs := cast.NewRecords(b, align, frameLen)
			seq := recs.All()
			if allFunc {
				seq = recs.AllFunc(func(h *tlv, _ []byte) int { return frameLen(h) })
			}
			for h, body := range seq {
				got = append(got, naiveRecord{h.Type, body, recs.Offset(), len(recs.Record())})
			}
			r = &recs
		}
		require.Len(t, got, len(want), "err: %v", r.Err())
		for i := range want {
			assert.Equal(t, want[i], got[i], "record %d", i)
		}
		assert.Equal(t, wantRest, r.Rest())
		if ok {
			require.NoError(t, r.Err())
			require.NoError(t, r.Cause())
			return
		}
		err := r.Err()
		require.Error(t, err)
		require.ErrorIs(t, err, r.Cause())
		var e *cast.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, failIdx, e.Index)
		assert.Equal(t, failOff, e.Offset)
		if align >= 1 {
			assert.Equal(t, failIdx, r.Index())
			assert.Equal(t, failOff, r.Offset())
		}
	})
}

// hostLowByte returns which byte of a uint32 in host order is its first
// in memory: 0 on little-endian hosts, 3 on big-endian ones.
func hostLowByte() uint32 {
	if hostOrder.Uint32([]byte{1, 0, 0, 0}) == 1 {
		return 0
	}
	return 3
}

// naiveTable is the reference for NewTable[rec]: 8-byte entries aligned to
// 4, with the arithmetic done in math/big so that it cannot overflow.
func naiveTable(b []byte, n, stride int) bool {
	if stride < 8 || n < 0 {
		return false
	}
	if n == 0 {
		return true
	}
	need := new(big.Int).Mul(big.NewInt(int64(n-1)), big.NewInt(int64(stride)))
	need.Add(need, big.NewInt(8))
	if need.Cmp(big.NewInt(int64(len(b)))) > 0 {
		return false
	}
	if addr(b)%4 != 0 || (n > 1 && stride%4 != 0) {
		return false
	}
	return true
}

func FuzzTable(f *testing.F) {
	for _, n := range hostileInts {
		for _, s := range []int64{8, 12, 7, 0, -8, math.MaxInt64, math.MinInt64, 1 << 31} {
			f.Add(uint16(40), n, s, uint8(0))
		}
	}
	f.Add(uint16(32), int64(3), int64(12), uint8(0))
	f.Add(uint16(31), int64(3), int64(12), uint8(0))
	f.Add(uint16(32), int64(3), int64(12), uint8(2))
	f.Fuzz(func(t *testing.T, size uint16, n64, stride64 int64, shift uint8) {
		size %= 4096
		buf := aligned(int(size) + 8)
		b := buf[shift%8 : int(shift%8)+int(size)]
		n, stride := int(n64), int(stride64)
		if int64(n) != n64 || int64(stride) != stride64 {
			return // does not fit int on this host
		}
		ok := naiveTable(b, n, stride)
		tab, err := cast.NewTable[rec](b, n, stride)
		require.Equal(t, ok, err == nil, "error: %v", err)
		if !ok {
			assert.Equal(t, 0, tab.Len())
			return
		}
		require.Equal(t, n, tab.Len())
		for i, p := range tab.All() {
			require.Same(t, (*rec)(unsafe.Pointer(&b[i*stride])), p)
			require.Same(t, p, tab.At(i))
		}
		assert.Panics(t, func() { tab.At(n) })
	})
}

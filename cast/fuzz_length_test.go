package cast_test

import (
	"encoding/binary"
	"math/big"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/cast"
)

// naiveLength is the reference for NewRecordsLength and Records.Start:
// records of a hdr-byte header from byte start, the frame length read
// byte by byte and computed in math/big, so that it cannot overflow.
// It returns the records, the failing record's index and offset, and the
// rest, or ok.
func naiveLength(b []byte, start, align, hdr int, l cast.Length) (out []naiveRecord, failIdx, failOff int, rest []byte, ok bool) {
	if start < 0 || start > len(b) {
		return nil, 0, 0, b, false
	}
	off := start
	for idx := 0; off < len(b); idx++ {
		fail := func() ([]naiveRecord, int, int, []byte, bool) { return out, idx, off, b[off:], false }
		left := len(b) - off
		if left < hdr {
			return fail()
		}
		c := b[off]
		n := big.NewInt(1)
		end := slices.Contains(l.End, c)
		if !end && !slices.Contains(l.Short, c) {
			if l.Offset+l.Size > left {
				return fail()
			}
			field := new(big.Int)
			for i := range l.Size {
				j := i // big-endian: the first byte is the most significant
				if l.Order == binary.LittleEndian {
					j = l.Size - 1 - i
				}
				field.Lsh(field, 8)
				field.Or(field, big.NewInt(int64(b[off+l.Offset+j])))
			}
			n.Mul(field, big.NewInt(int64(l.Scale)))
			n.Add(n, big.NewInt(int64(l.Bias)))
			if n.Cmp(big.NewInt(int64(l.Offset+l.Size))) < 0 {
				return fail()
			}
		}
		if n.Cmp(big.NewInt(int64(hdr))) < 0 || n.Cmp(big.NewInt(int64(left))) > 0 {
			return fail()
		}
		fl := int(n.Int64())
		out = append(out, naiveRecord{c, b[off+hdr : off+fl], off, fl})
		next := off + fl
		if r := next % align; r != 0 {
			next = min(next+align-r, len(b))
		}
		off = next
		if end {
			break
		}
	}
	return out, 0, 0, b[off:], true
}

// FuzzRecordsLength compares records whose length rule is a Length with
// naiveLength, for a one-byte header with one-byte and ending kinds, and
// a three-byte one without; field sizes 0 to 8, both orders, scales and
// biases up to the extremes, and a start offset.
func FuzzRecordsLength(f *testing.F) {
	f.Add([]byte{1, 2, 4, 5, 6, 0, 9}, uint8(1), uint8(1), false, uint16(1), int64(0), 0, uint8(1), uint8(0), true, uint8(1))
	f.Add([]byte{1, 0, 5, 'a', 'b', 0, 0, 0, 2, 0, 3}, uint8(1), uint8(2), true, uint16(1), int64(0), 0, uint8(0), uint8(0), false, uint8(4))
	f.Add([]byte{0, 0, 0, 0, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, uint8(8), uint8(8), false, uint16(0xffff), int64(16), 4, uint8(3), uint8(3), false, uint8(1))
	f.Add([]byte{0x3b, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, uint8(1), uint8(1), false, uint16(8), int64(8), 0, uint8(0), uint8(0), false, uint8(1))
	f.Add([]byte{1, 1, 1}, uint8(0), uint8(0), false, uint16(0), int64(-1<<62), 0, uint8(0), uint8(0), false, uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, off, size uint8, bigEndian bool, scale uint16, bias int64, start int, short, end uint8, kinds bool, align uint8) {
		l := cast.Length{Offset: int(off % 12), Size: []int{0, 1, 2, 4, 8}[size%5], Order: binary.LittleEndian, Scale: int(scale), Bias: int(bias)}
		if bigEndian {
			l.Order = binary.BigEndian
		}
		al := int(align%8) + 1
		var got []naiveRecord
		var r interface {
			Err() error
			Cause() error
			Index() int
			Offset() int
			Rest() []byte
		}
		hdr := 3
		if kinds {
			hdr = 1
			l.Short, l.End = []byte{short}, []byte{end}
			recs := cast.NewRecordsLength[OptionKind](data, al, l)
			recs.Start(start)
			for h, body := range recs.All() {
				got = append(got, naiveRecord{h.Kind, body, recs.Offset(), len(recs.Record())})
			}
			r = &recs
		} else {
			recs := tlvOverlay.RecordsLength(data, al, l)
			recs.Start(start)
			for h, body := range recs.All() {
				got = append(got, naiveRecord{h.Type, body, recs.Offset(), len(recs.Record())})
			}
			r = &recs
		}
		want, failIdx, failOff, wantRest, ok := naiveLength(data, start, al, hdr, l)
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
		require.ErrorIs(t, err, cast.ErrSize)
		require.ErrorIs(t, err, r.Cause())
		var e *cast.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, failIdx, e.Index, "%v", err)
		assert.Equal(t, failOff, e.Offset, "%v", err)
	})
}

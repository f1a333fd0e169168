package cast_test

import (
	"encoding/binary"
	"math"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/cpu"

	"github.com/go-overlay/overlay/cast"
)

// The fuzz targets are differential: whenever a cast succeeds, the values
// it shows must equal what encoding/binary.Decode decodes from the same
// bytes; whenever it fails, the error must be the sentinel that the checks,
// applied by hand, predict. Two types cover both kinds of byte order:
// beHeader (endian types: alignment 1, casts on every host) against
// beMirror decoded big-endian, and leRec (native numbers under an
// endian.Little marker: alignment of uint64, casts only on little-endian
// hosts) against leMirror decoded little-endian. The buffer is placed at
// every offset 0..63 from an aligned address, to reach misalignment.

const (
	beSize = 16
	leSize = 16
)

var leAlign = int(unsafe.Alignof(leRec{}))

// place copies data into a fresh buffer at the given offset from a 64-byte
// aligned address.
func place(data []byte, off uint8) []byte {
	o := int(off % 64)
	b := aligned(len(data) + 64)[o : o+len(data)]
	copy(b, data)
	return b
}

// requireBEEqual checks p against binary.Decode of b's first 16 bytes.
func requireBEEqual(t *testing.T, b []byte, p *beHeader) {
	t.Helper()
	var m beMirror
	n, err := binary.Decode(b, binary.BigEndian, &m)
	require.NoError(t, err)
	require.Equal(t, beSize, n)
	require.Equal(t, m.Magic, p.Magic.Get())
	require.Equal(t, m.Length, p.Length.Get())
	require.Equal(t, binary.LittleEndian.Uint16(m.Flags[:]), p.Flags.Get())
	require.Equal(t, m.Seq, p.Seq.Get())
}

// requireLEEqual checks p against binary.Decode of b's first 16 bytes.
func requireLEEqual(t *testing.T, b []byte, p *leRec) {
	t.Helper()
	var m leMirror
	n, err := binary.Decode(b, binary.LittleEndian, &m)
	require.NoError(t, err)
	require.Equal(t, leSize, n)
	require.Equal(t, leMirror{A: p.A, B: p.B, C: p.C, D: p.D}, m)
}

// leWant predicts the error of a cast to leRec that needs size rule ok and
// alignment at address a.
func leWant(sizeOK bool, a uintptr) error {
	switch {
	case cpu.IsBigEndian:
		return cast.ErrByteOrder
	case !sizeOK:
		return cast.ErrSize
	case a%uintptr(leAlign) != 0:
		return cast.ErrAlign
	}
	return nil
}

func addSeeds(f *testing.F) {
	f.Add([]byte{}, uint8(0))
	f.Add(make([]byte, 16), uint8(0))
	f.Add(make([]byte, 16), uint8(1))
	f.Add([]byte("\xca\xfe\xba\xbe\x00\x10\x01\x02\xff\xff\xff\xff\xff\xff\xff\xfe"), uint8(4))
	f.Add([]byte("0123456789abcdefXYZ"), uint8(8))
	f.Add(make([]byte, 48), uint8(3))
}

func FuzzTo(f *testing.F) {
	addSeeds(f)
	beO := cast.MustOverlay[beHeader]()
	f.Fuzz(func(t *testing.T, data []byte, off uint8) {
		b := place(data, off)

		p, err := cast.To[beHeader](b)
		q, oerr := beO.To(b)
		if len(b) != beSize {
			require.ErrorIs(t, err, cast.ErrSize)
			require.ErrorIs(t, oerr, cast.ErrSize)
			require.Nil(t, p)
			require.Nil(t, q)
		} else {
			require.NoError(t, err)
			require.NoError(t, oerr)
			require.Equal(t, addr(b), uintptr(unsafe.Pointer(p)))
			require.Same(t, p, q)
			requireBEEqual(t, b, p)
		}

		r, err := cast.To[leRec](b)
		if want := leWant(len(b) == leSize, addr(b)); want != nil {
			require.ErrorIs(t, err, want)
			require.Nil(t, r)
		} else {
			require.NoError(t, err)
			requireLEEqual(t, b, r)
		}

		c, err := cast.To[checked](b)
		switch {
		case len(b) != 8:
			require.ErrorIs(t, err, cast.ErrSize)
		case binary.BigEndian.Uint32(b) != 0xCAFEBABE:
			require.ErrorIs(t, err, cast.ErrInvalid)
			require.ErrorIs(t, err, errBadMagic)
		default:
			require.NoError(t, err)
			require.Equal(t, binary.BigEndian.Uint16(b[4:]), c.Len.Get())
		}
		if err != nil {
			require.Nil(t, c)
		}
	})
}

func FuzzPrefix(f *testing.F) {
	addSeeds(f)
	leO, leErr := cast.NewOverlay[leRec]()
	f.Fuzz(func(t *testing.T, data []byte, off uint8) {
		b := place(data, off)

		p, rest, err := cast.Prefix[beHeader](b)
		if len(b) < beSize {
			require.ErrorIs(t, err, cast.ErrSize)
			require.Nil(t, p)
			require.Nil(t, rest)
		} else {
			require.NoError(t, err)
			requireBEEqual(t, b, p)
			require.Equal(t, addr(b)+beSize, addr(rest))
			require.Len(t, rest, len(b)-beSize)
		}

		head, s, err := cast.Suffix[beHeader](b)
		if len(b) < beSize {
			require.ErrorIs(t, err, cast.ErrSize)
			require.Nil(t, s)
			require.Nil(t, head)
		} else {
			require.NoError(t, err)
			requireBEEqual(t, b[len(b)-beSize:], s)
			require.Len(t, head, len(b)-beSize)
		}

		want := leWant(len(b) >= leSize, addr(b))
		r, rest, err := cast.Prefix[leRec](b)
		if want != nil {
			require.ErrorIs(t, err, want)
			require.Nil(t, r)
			require.Nil(t, rest)
		} else {
			require.NoError(t, err)
			requireLEEqual(t, b, r)
			require.Len(t, rest, len(b)-leSize)
		}
		if leErr == nil {
			r2, _, err := leO.Prefix(b)
			if want != nil {
				require.ErrorIs(t, err, want)
			} else {
				require.Same(t, r, r2)
			}
		} else {
			require.ErrorIs(t, leErr, cast.ErrByteOrder)
		}
	})
}

func FuzzSlicePrefix(f *testing.F) {
	for _, n := range []int{-1, 0, 1, 2, 3, math.MaxInt, math.MaxInt/beSize + 1, math.MinInt} {
		f.Add(make([]byte, 40), uint8(0), n)
		f.Add(make([]byte, 48), uint8(5), n)
	}
	f.Add([]byte("0123456789abcdef0123456789ABCDEF!"), uint8(8), 2)
	beO := cast.MustOverlay[beHeader]()
	f.Fuzz(func(t *testing.T, data []byte, off uint8, n int) {
		b := place(data, off)

		s, rest, err := cast.SlicePrefix[beHeader](b, n)
		s2, rest2, err2 := beO.SlicePrefix(b, n)
		if n < 0 || n > len(b)/beSize {
			require.ErrorIs(t, err, cast.ErrSize)
			require.ErrorIs(t, err2, cast.ErrSize)
			require.Nil(t, s)
			require.Nil(t, rest)
			require.Nil(t, s2)
			require.Nil(t, rest2)
		} else {
			require.NoError(t, err)
			require.NoError(t, err2)
			require.Len(t, s, n)
			require.Len(t, rest, len(b)-n*beSize)
			require.Len(t, s2, len(s))
			m := make([]beMirror, n)
			_, err := binary.Decode(b, binary.BigEndian, m)
			require.NoError(t, err)
			for i := range s {
				requireBEEqual(t, b[i*beSize:], &s[i])
				require.Same(t, &s[i], &s2[i])
				require.Equal(t, m[i].Seq, s[i].Seq.Get())
			}
		}

		ls, rest, err := cast.SlicePrefix[leRec](b, n)
		var want error
		switch {
		case cpu.IsBigEndian:
			want = cast.ErrByteOrder
		case n < 0 || n > len(b)/leSize:
			want = cast.ErrSize
		case addr(b)%uintptr(leAlign) != 0:
			want = cast.ErrAlign
		}
		if want != nil {
			require.ErrorIs(t, err, want)
			require.Nil(t, ls)
			require.Nil(t, rest)
		} else {
			require.NoError(t, err)
			require.Len(t, ls, n)
			for i := range ls {
				requireLEEqual(t, b[i*leSize:], &ls[i])
			}
		}

		all, err := cast.Slice[beHeader](b)
		if len(b)%beSize != 0 {
			require.ErrorIs(t, err, cast.ErrSize)
			require.Nil(t, all)
		} else {
			require.NoError(t, err)
			require.Len(t, all, len(b)/beSize)
			require.Equal(t, b == nil, all == nil)
		}
	})
}

func FuzzRead(f *testing.F) {
	addSeeds(f)
	leO, leErr := cast.NewOverlay[leRec]()
	f.Fuzz(func(t *testing.T, data []byte, off uint8) {
		b := place(data, off)

		v, err := cast.Read[beHeader](b)
		if len(b) != beSize {
			require.ErrorIs(t, err, cast.ErrSize)
			require.Zero(t, v)
		} else {
			require.NoError(t, err)
			requireBEEqual(t, b, &v)
		}

		// Read copies: alignment does not matter, byte order does.
		var want error
		switch {
		case cpu.IsBigEndian:
			want = cast.ErrByteOrder
		case len(b) != leSize:
			want = cast.ErrSize
		}
		r, err := cast.Read[leRec](b)
		if want != nil {
			require.ErrorIs(t, err, want)
			require.Zero(t, r)
		} else {
			require.NoError(t, err)
			requireLEEqual(t, b, &r)
		}
		if leErr == nil {
			r2, err := leO.Read(b)
			require.Equal(t, want == nil, err == nil)
			require.Equal(t, r, r2)
		}

		r3, rest, err := cast.ReadPrefix[leRec](b)
		if cpu.IsBigEndian || len(b) < leSize {
			require.Error(t, err)
			require.Zero(t, r3)
			require.Nil(t, rest)
		} else {
			require.NoError(t, err)
			requireLEEqual(t, b, &r3)
			require.Len(t, rest, len(b)-leSize)
		}
	})
}

package cast_test

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/cpu"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/layout"
)

var (
	headerSize  = int(unsafe.Sizeof(Header{}))
	headerAlign = int(unsafe.Alignof(Header{}))
	recSize     = int(unsafe.Sizeof(rec{}))
	recAlign    = int(unsafe.Alignof(rec{}))
)

// requireCastError checks that err is an *cast.Error for sentinel, from op
// on typ, and that its message names op, typ and every part in parts. It
// returns a copy of the *cast.Error's fields.
func requireCastError(t *testing.T, err error, sentinel error, op, typ string, parts ...string) cast.Error {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, sentinel)
	var ce *cast.Error
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, op, ce.Op)
	assert.Equal(t, typ, ce.Type)
	msg := err.Error()
	name := op + "[" + typ + "]"
	if method, ok := strings.CutPrefix(op, "cast.Overlay."); ok {
		name = "cast.Overlay[" + typ + "]." + method
	}
	assert.True(t, strings.HasPrefix(msg, name+": "), "message %q should start with %q", msg, name)
	for _, p := range parts {
		assert.Contains(t, msg, p)
	}
	for _, other := range []error{cast.ErrSize, cast.ErrAlign, cast.ErrLayout, cast.ErrByteOrder, cast.ErrInvalid} {
		if !errors.Is(sentinel, other) {
			require.NotErrorIs(t, err, other)
		}
	}
	return *ce
}

func TestToSizeError(t *testing.T) {
	b := aligned(64)
	for _, n := range []int{0, 1, headerSize - 1, headerSize + 1, 64} {
		p, err := cast.To[Header](b[:n])
		assert.Nil(t, p)
		ce := requireCastError(t, err, cast.ErrSize, "cast.To", "cast_test.Header",
			fmt.Sprintf("buffer is %d bytes, want %d", n, headerSize))
		assert.Equal(t, []int{headerSize, n}, []int{ce.Want, ce.Got}, "Want, Got")
	}
	_, err := cast.To[Header](b[:20])
	require.EqualError(t, err, fmt.Sprintf("cast.To[cast_test.Header]: buffer is 20 bytes, want %d", headerSize))
}

func TestNilAndEmptyBuffers(t *testing.T) {
	hdr := cast.MustOverlay[Header]()
	recs := cast.MustOverlay[rec]()
	for _, b := range [][]byte{nil, {}, make([]byte, 0, 64)} {
		p, err := cast.To[Header](b)
		assert.Nil(t, p)
		require.ErrorIs(t, err, cast.ErrSize)
		p, rest, err := cast.Prefix[Header](b)
		assert.Nil(t, p)
		assert.Nil(t, rest)
		require.ErrorIs(t, err, cast.ErrSize)
		head, p, err := cast.Suffix[Header](b)
		assert.Nil(t, p)
		assert.Nil(t, head)
		require.ErrorIs(t, err, cast.ErrSize)
		v, err := cast.Read[Header](b)
		assert.Zero(t, v)
		require.ErrorIs(t, err, cast.ErrSize)
		v, rest, err = cast.ReadPrefix[Header](b)
		assert.Zero(t, v)
		assert.Nil(t, rest)
		require.ErrorIs(t, err, cast.ErrSize)

		p, err = hdr.To(b)
		assert.Nil(t, p)
		require.ErrorIs(t, err, cast.ErrSize)

		// An empty buffer is zero elements (0 is a multiple of any size):
		// an empty slice at b's address, nil exactly when b is.
		for name, slice := range map[string]func([]byte) ([]rec, error){
			"cast.Slice": cast.Slice[rec], "Overlay.Slice": recs.Slice,
		} {
			s, err := slice(b)
			require.NoError(t, err, name)
			assert.Empty(t, s, name)
			assert.Equal(t, 0, cap(s), name)
			assert.Equal(t, b == nil, s == nil, "%s: nil b gives a nil slice, empty b an empty one", name)
			assert.Equal(t, addr(b), uintptr(unsafe.Pointer(unsafe.SliceData(s))), name)
		}
	}
	// Zero elements of an empty buffer are fine; of a nil one, the slice
	// is nil too.
	s, rest, err := cast.SlicePrefix[rec](nil, 0)
	require.NoError(t, err)
	assert.Nil(t, s)
	assert.Nil(t, rest)
	s, rest, err = recs.SlicePrefix(nil, 0)
	require.NoError(t, err)
	assert.Nil(t, s)
	assert.Nil(t, rest)
	b := aligned(8)[:0]
	s, rest, err = cast.SlicePrefix[rec](b, 0)
	require.NoError(t, err)
	assert.Empty(t, s)
	assert.Equal(t, 0, cap(s))
	assert.Empty(t, rest)
}

// TestSliceOfEmptyBuffer checks Slice and Overlay.Slice on empty buffers,
// as parsers see them for empty tables (ELF e_phnum == 0, an empty symbol
// table): a nil buffer yields nil, a non-nil one an empty non-nil slice,
// both with a nil error; the type checks still come first, and the
// address check still applies, as it does for SlicePrefix(b, 0), with
// which Slice agrees on every empty buffer.
func TestSliceOfEmptyBuffer(t *testing.T) {
	recs := cast.MustOverlay[rec]()
	b := aligned(64)

	s, err := cast.Slice[rec](nil)
	require.NoError(t, err)
	assert.Nil(t, s)
	s, err = recs.Slice(nil)
	require.NoError(t, err)
	assert.Nil(t, s)

	s, err = cast.Slice[rec](b[:0])
	require.NoError(t, err)
	require.NotNil(t, s)
	assert.Empty(t, s)
	assert.Equal(t, 0, cap(s))
	assert.Equal(t, addr(b), uintptr(unsafe.Pointer(unsafe.SliceData(s))))
	s, err = recs.Slice(b[8:8])
	require.NoError(t, err)
	require.NotNil(t, s)
	assert.Empty(t, s)
	assert.Equal(t, addr(b)+8, uintptr(unsafe.Pointer(unsafe.SliceData(s))))

	// A type with a Validate method: nothing to validate.
	chk := cast.MustOverlay[checked]()
	cs, err := cast.Slice[checked](b[:0])
	require.NoError(t, err)
	require.NotNil(t, cs)
	assert.Empty(t, cs)
	cs, err = chk.Slice(nil)
	require.NoError(t, err)
	assert.Nil(t, cs)

	// A type that cannot be overlaid fails even on an empty buffer, nil
	// included, before the size check; so does the zero Overlay.
	for _, e := range [][]byte{nil, {}, b[:0]} {
		ps, err := cast.Slice[padded](e)
		assert.Nil(t, ps)
		requireCastError(t, err, cast.ErrLayout, "cast.Slice", "cast_test.padded", "3 bytes of padding at offset 1, before field B")
		ws, err := cast.Slice[withPointer](e)
		assert.Nil(t, ws)
		require.ErrorIs(t, err, cast.ErrLayout)
		zs, err := cast.Overlay[rec]{}.Slice(e)
		assert.Nil(t, zs)
		require.ErrorIs(t, err, cast.ErrLayout)
		assert.Contains(t, err.Error(), "zero Overlay")
		// And so does a type declaring the other byte order.
		var wrong error
		if cpu.IsBigEndian {
			_, wrong = cast.Slice[leRec](e)
		} else {
			_, wrong = cast.Slice[beRec](e)
		}
		require.ErrorIs(t, wrong, cast.ErrByteOrder)
	}

	// An empty buffer at a misaligned address fails as SlicePrefix(b, 0)
	// does: Slice and SlicePrefix agree on every empty buffer.
	for off := range 8 {
		e := b[off:off]
		s, err := cast.Slice[rec](e)
		ps, rest, perr := cast.SlicePrefix[rec](e, 0)
		os, oerr := recs.Slice(e)
		if off%recAlign != 0 {
			requireCastError(t, err, cast.ErrAlign, "cast.Slice", "cast_test.rec",
				fmt.Sprintf("buffer at %#x is not %d-byte aligned", addr(e), recAlign))
			require.ErrorIs(t, perr, cast.ErrAlign)
			require.ErrorIs(t, oerr, cast.ErrAlign)
			assert.Nil(t, s)
			assert.Nil(t, os)
			assert.Nil(t, ps)
			assert.Nil(t, rest)
			continue
		}
		require.NoError(t, err, "offset %d", off)
		require.NoError(t, perr, "offset %d", off)
		require.NoError(t, oerr, "offset %d", off)
		assert.Equal(t, uintptr(unsafe.Pointer(unsafe.SliceData(ps))), uintptr(unsafe.Pointer(unsafe.SliceData(s))))
		assert.Equal(t, uintptr(unsafe.Pointer(unsafe.SliceData(ps))), uintptr(unsafe.Pointer(unsafe.SliceData(os))))
		assert.NotNil(t, s)
	}
}

func TestAlignError(t *testing.T) {
	if headerAlign == 1 {
		t.Skip("Header has alignment 1 on this arch")
	}
	b := aligned(headerSize + 8)[1 : headerSize+1]
	p, err := cast.To[Header](b)
	assert.Nil(t, p)
	ce := requireCastError(t, err, cast.ErrAlign, "cast.To", "cast_test.Header",
		fmt.Sprintf("buffer at %#x is not %d-byte aligned", addr(b), headerAlign))
	assert.Equal(t, []int{headerAlign, 1}, []int{ce.Want, ce.Got}, "Want, Got")
	assert.Equal(t, addr(b), ce.Addr)

	// Suffix names the suffix's address, not the buffer's.
	b = aligned(headerSize + 8)[:headerSize+1]
	_, p, err = cast.Suffix[Header](b)
	assert.Nil(t, p)
	ce = requireCastError(t, err, cast.ErrAlign, "cast.Suffix", "cast_test.Header",
		fmt.Sprintf("suffix at %#x is not %d-byte aligned", addr(b)+1, headerAlign))
	assert.Equal(t, addr(b)+1, ce.Addr)
}

func TestSliceErrors(t *testing.T) {
	b := aligned(64)
	s, err := cast.Slice[rec](b[:25])
	assert.Nil(t, s)
	ce := requireCastError(t, err, cast.ErrSize, "cast.Slice", "cast_test.rec", "buffer is 25 bytes, not a multiple of 8")
	assert.Equal(t, 8, ce.Want)
	assert.Equal(t, 25, ce.Got)
	require.EqualError(t, err, "cast.Slice[cast_test.rec]: buffer is 25 bytes, not a multiple of 8")

	s, err = cast.Slice[rec](b[2:18])
	assert.Nil(t, s)
	requireCastError(t, err, cast.ErrAlign, "cast.Slice", "cast_test.rec", fmt.Sprintf("buffer at %#x is not 4-byte aligned", addr(b)+2))

	recs := cast.MustOverlay[rec]()
	s, err = recs.Slice(b[:25])
	assert.Nil(t, s)
	require.EqualError(t, err, "cast.Overlay[cast_test.rec].Slice: buffer is 25 bytes, not a multiple of 8")
}

func TestSlicePrefixCounts(t *testing.T) {
	b := aligned(64)[:40] // room for 5 records
	recs := cast.MustOverlay[rec]()
	type slicePrefixFunc func([]byte, int) ([]rec, []byte, error)
	for _, f := range []struct {
		op string
		fn slicePrefixFunc
	}{
		{"cast.SlicePrefix", cast.SlicePrefix[rec]},
		{"cast.Overlay.SlicePrefix", recs.SlicePrefix},
	} {
		t.Run(f.op, func(t *testing.T) {
			for _, n := range []int{0, 1, 4, 5} {
				s, rest, err := f.fn(b, n)
				require.NoError(t, err, "n=%d", n)
				assert.Len(t, s, n)
				assert.Equal(t, n, cap(s))
				assert.Len(t, rest, 40-8*n)
				if n > 0 {
					assert.Equal(t, addr(b), uintptr(unsafe.Pointer(&s[0])))
				}
				assert.Equal(t, addr(b)+uintptr(8*n), addr(rest))
			}
			for _, tc := range []struct {
				n    int
				msg  string
				want int
			}{
				{-1, "n is -1", 0},
				{math.MinInt, fmt.Sprintf("n is %d", math.MinInt), 0},
				{6, "buffer is 40 bytes, want 48 for 6 elements", 48},
				{math.MaxInt / 8, fmt.Sprintf("buffer is 40 bytes, want %d for %d elements", math.MaxInt/8*8, math.MaxInt/8), math.MaxInt / 8 * 8},
				{math.MaxInt/8 + 1, fmt.Sprintf("n is %d: %d elements of 8 bytes overflow int", math.MaxInt/8+1, math.MaxInt/8+1), 0},
				{math.MaxInt, fmt.Sprintf("n is %d: %d elements of 8 bytes overflow int", math.MaxInt, math.MaxInt), 0},
			} {
				s, rest, err := f.fn(b, tc.n)
				assert.Nil(t, s)
				assert.Nil(t, rest)
				ce := requireCastError(t, err, cast.ErrSize, f.op, "cast_test.rec", tc.msg)
				assert.Equal(t, tc.want, ce.Want, "n=%d", tc.n)
				assert.Equal(t, 40, ce.Got)
			}
		})
	}
	_, _, err := cast.SlicePrefix[rec](b, -1)
	require.EqualError(t, err, "cast.SlicePrefix[cast_test.rec]: n is -1")
	// Alignment is checked after the count, and for n == 0 too.
	_, _, err = cast.SlicePrefix[rec](b[1:], 0)
	require.ErrorIs(t, err, cast.ErrAlign)
	_, _, err = cast.SlicePrefix[rec](b[1:], 100)
	require.ErrorIs(t, err, cast.ErrSize)
}

func TestLayoutErrors(t *testing.T) {
	cases := []struct {
		name  string
		check func() error
		to    func([]byte) error
		typ   string
		kind  layout.ProblemKind
	}{
		{"padding", cast.Check[padded], func(b []byte) error { _, err := cast.To[padded](b); return err }, "cast_test.padded", layout.InteriorPadding},
		{"pointer", cast.Check[withPointer], func(b []byte) error { _, err := cast.To[withPointer](b); return err }, "cast_test.withPointer", layout.PointerField},
		{"bool", cast.Check[withBool], func(b []byte) error { _, err := cast.To[withBool](b); return err }, "cast_test.withBool", layout.BoolField},
		{"int", cast.Check[withInt], func(b []byte) error { _, err := cast.To[withInt](b); return err }, "cast_test.withInt", layout.PlatformSized},
		{"markers", cast.Check[conflicting], func(b []byte) error { _, err := cast.To[conflicting](b); return err }, "cast_test.conflicting", layout.MarkerConflict},
		{"empty struct", cast.Check[empty], func(b []byte) error { _, err := cast.To[empty](b); return err }, "cast_test.empty", layout.ZeroSize},
		{"empty array", cast.Check[[0]uint32], func(b []byte) error { _, err := cast.To[[0]uint32](b); return err }, "[0]uint32", layout.ZeroSize},
		{"string", cast.Check[string], func(b []byte) error { _, err := cast.To[string](b); return err }, "string", layout.PointerField},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.check()
			ce := requireCastError(t, err, cast.ErrLayout, "cast.Check", tc.typ, tc.typ+" cannot be overlaid")
			require.NotEmpty(t, ce.Problems)
			kinds := make([]layout.ProblemKind, len(ce.Problems))
			for i, p := range ce.Problems {
				kinds[i] = p.Kind
				assert.False(t, p.IsWarning())
			}
			assert.Contains(t, kinds, tc.kind)
			// Layout comes first: even a buffer of any size fails with
			// ErrLayout.
			for _, n := range []int{0, 1, 8, 16, 64} {
				requireCastError(t, tc.to(aligned(n)), cast.ErrLayout, "cast.To", tc.typ)
			}
		})
	}
}

func TestRejectedTypeEveryOp(t *testing.T) {
	b := aligned(64)
	var errs []error
	_, err := cast.To[padded](b)
	errs = append(errs, err)
	_, _, err = cast.Prefix[padded](b)
	errs = append(errs, err)
	_, _, err = cast.Suffix[padded](b)
	errs = append(errs, err)
	s, err := cast.Slice[padded](b)
	assert.Nil(t, s)
	errs = append(errs, err)
	s, rest, err := cast.SlicePrefix[padded](b, 0)
	assert.Nil(t, s)
	assert.Nil(t, rest)
	errs = append(errs, err)
	_, _, err = cast.SlicePrefix[padded](nil, 0)
	errs = append(errs, err)
	v, err := cast.Read[padded](b[:8])
	assert.Zero(t, v)
	errs = append(errs, err)
	_, _, err = cast.ReadPrefix[padded](b)
	errs = append(errs, err)
	ops := []string{"cast.To", "cast.Prefix", "cast.Suffix", "cast.Slice", "cast.SlicePrefix", "cast.SlicePrefix", "cast.Read", "cast.ReadPrefix"}
	for i, err := range errs {
		requireCastError(t, err, cast.ErrLayout, ops[i], "cast_test.padded", "3 bytes of padding at offset 1, before field B")
	}
	o, err := cast.NewOverlay[padded]()
	assert.Zero(t, o)
	requireCastError(t, err, cast.ErrLayout, "cast.NewOverlay", "cast_test.padded")
}

func TestMustOverlayPanics(t *testing.T) {
	defer func() {
		r := recover()
		require.NotNil(t, r)
		err, ok := r.(error)
		require.True(t, ok, "panic value %T is not an error", r)
		requireCastError(t, err, cast.ErrLayout, "cast.MustOverlay", "cast_test.withBool", "is a bool")
	}()
	cast.MustOverlay[withBool]()
}

func TestBytesPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"Bytes":      func() { cast.Bytes(&padded{}) },
		"Bytes(nil)": func() { cast.Bytes[padded](nil) },
		"SliceBytes": func() { cast.SliceBytes([]padded{{}}) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				r := recover()
				require.NotNil(t, r)
				err, ok := r.(error)
				require.True(t, ok)
				require.ErrorIs(t, err, cast.ErrLayout)
				assert.Contains(t, err.Error(), "cast_test.padded cannot be overlaid")
			}()
			f()
		})
	}
}

func TestByteOrder(t *testing.T) {
	host := "little endian"
	if cpu.IsBigEndian {
		host = "big endian"
	}
	b := aligned(16)
	// The marker that differs from the host fails, before the size check,
	// and the matching one casts.
	wrongTo := func(b []byte) error { _, err := cast.To[beRec](b); return err }
	wrongName, wrongOrder := "cast_test.beRec", "big endian"
	rightTo := func(b []byte) error { _, err := cast.To[leRec](b); return err }
	if cpu.IsBigEndian {
		wrongTo = func(b []byte) error { _, err := cast.To[leRec](b); return err }
		wrongName, wrongOrder = "cast_test.leRec", "little endian"
		rightTo = func(b []byte) error { _, err := cast.To[beRec](b); return err }
	}
	for _, n := range []int{0, 1, 8, 16} {
		requireCastError(t, wrongTo(b[:n]), cast.ErrByteOrder, "cast.To", wrongName,
			fmt.Sprintf("%s declares %s byte order, but this host (%s) is %s", wrongName, wrongOrder, runtime.GOARCH, host))
	}
	if cpu.IsBigEndian {
		require.NoError(t, rightTo(b[:8]))
		require.ErrorIs(t, cast.Check[leRec](), cast.ErrByteOrder)
		require.NoError(t, cast.Check[beRec]())
	} else {
		require.NoError(t, rightTo(b[:16]))
		require.ErrorIs(t, cast.Check[beRec](), cast.ErrByteOrder)
		require.NoError(t, cast.Check[leRec]())
	}
	_, err := cast.NewOverlay[beRec]()
	assert.Equal(t, cpu.IsBigEndian, err == nil)
	_, err = cast.NewOverlay[leRec]()
	assert.Equal(t, !cpu.IsBigEndian, err == nil)

	// Native and endian types cast everywhere.
	require.NoError(t, cast.Check[Header]())
	require.NoError(t, cast.Check[beHeader]())
	_, err = cast.To[Header](aligned(headerSize))
	require.NoError(t, err)

	// A wrong-order type also makes Bytes panic.
	assert.Panics(t, func() {
		if cpu.IsBigEndian {
			cast.Bytes(&leRec{})
		} else {
			cast.Bytes(&beRec{})
		}
	})
}

func TestEndianTypesCastAnywhere(t *testing.T) {
	size := int(unsafe.Sizeof(beHeader{}))
	require.Equal(t, 16, size)
	require.Equal(t, uintptr(1), unsafe.Alignof(beHeader{}))
	big := pattern(aligned(128))
	o := cast.MustOverlay[beHeader]()
	for off := range 64 {
		b := big[off : off+size]
		p, err := cast.To[beHeader](b)
		require.NoError(t, err, "offset %d", off)
		assert.Equal(t, addr(b), uintptr(unsafe.Pointer(p)))
		assert.Equal(t, uint32(off+1)<<24|uint32(off+2)<<16|uint32(off+3)<<8|uint32(off+4), p.Magic.Get())
		q, err := o.To(b)
		require.NoError(t, err)
		assert.Same(t, p, q)
		s, err := cast.Slice[beHeader](big[off : off+3*size])
		require.NoError(t, err)
		assert.Len(t, s, 3)
		_, q, err = cast.Suffix[beHeader](big[off : off+size+off%5])
		require.NoError(t, err)
		assert.Equal(t, addr(big)+uintptr(off+off%5), uintptr(unsafe.Pointer(q)))
	}
}

func TestValidate(t *testing.T) {
	good := aligned(8)
	copy(good, []byte{0xCA, 0xFE, 0xBA, 0xBE, 0, 5, 0, 0})
	bad := aligned(8)
	copy(bad, []byte{0xDE, 0xAD, 0xBE, 0xEF, 0, 5, 0, 0})

	p, err := cast.To[checked](good)
	require.NoError(t, err)
	assert.Equal(t, uint16(5), p.Len.Get())
	v, err := cast.Read[checked](good)
	require.NoError(t, err)
	assert.Equal(t, *p, v)

	p, err = cast.To[checked](bad)
	assert.Nil(t, p)
	ce := requireCastError(t, err, cast.ErrInvalid, "cast.To", "cast_test.checked", "invalid value: magic 0xdeadbeef")
	require.ErrorIs(t, err, errBadMagic, "errors.Is reaches the Validate error's chain")
	var me *magicError
	require.ErrorAs(t, err, &me)
	assert.Equal(t, uint32(0xDEADBEEF), me.got)
	assert.Zero(t, ce.Want)
	require.EqualError(t, err, "cast.To[cast_test.checked]: invalid value: magic 0xdeadbeef")

	o := cast.MustOverlay[checked]()
	for _, fn := range []func([]byte) error{
		func(b []byte) error { _, err := o.To(b); return err },
		func(b []byte) error { _, _, err := o.Prefix(b); return err },
		func(b []byte) error { _, _, err := o.Suffix(b); return err },
		func(b []byte) error { _, err := o.Slice(b); return err },
		func(b []byte) error { _, _, err := o.SlicePrefix(b, 1); return err },
		func(b []byte) error { _, err := o.Read(b); return err },
		func(b []byte) error { _, _, err := cast.Prefix[checked](b); return err },
		func(b []byte) error { _, _, err := cast.Suffix[checked](b); return err },
		func(b []byte) error { _, err := cast.Slice[checked](b); return err },
		func(b []byte) error { _, _, err := cast.SlicePrefix[checked](b, 1); return err },
		func(b []byte) error { _, _, err := cast.ReadPrefix[checked](b); return err },
	} {
		require.NoError(t, fn(good))
		err := fn(bad)
		require.ErrorIs(t, err, cast.ErrInvalid)
		require.ErrorIs(t, err, errBadMagic)
	}
	// Read on a rejected value returns the zero value, not the bytes.
	rv, err := o.Read(bad)
	assert.Zero(t, rv)
	require.Error(t, err)

	// Slices validate every element, and name the first bad one.
	three := aligned(24)
	copy(three, good)
	copy(three[8:], good)
	copy(three[16:], bad)
	s, err := cast.Slice[checked](three)
	assert.Nil(t, s)
	requireCastError(t, err, cast.ErrInvalid, "cast.Slice", "cast_test.checked", "element 2: invalid value: magic 0xdeadbeef")
	s, rest, err := cast.SlicePrefix[checked](three, 2)
	require.NoError(t, err)
	assert.Len(t, s, 2)
	assert.Len(t, rest, 8)
	_, _, err = o.SlicePrefix(three, 3)
	requireCastError(t, err, cast.ErrInvalid, "cast.Overlay.SlicePrefix", "cast_test.checked", "element 2")

	// The checks before Validate still come first.
	_, err = cast.To[checked](bad[:7])
	require.ErrorIs(t, err, cast.ErrSize)
	invalid := aligned(16)
	invalid[0] = 1 // A = 1 (1<<24 on big-endian hosts) > B = 0
	_, err = cast.To[wideChecked](invalid[:8])
	require.ErrorIs(t, err, cast.ErrInvalid)
	_, err = cast.To[wideChecked](invalid[1:9])
	require.ErrorIs(t, err, cast.ErrAlign, "misaligned beats invalid")
	// Read copies before validating, so any alignment is fine.
	valid := aligned(16)
	valid[5] = 1 // at offset 1: A = 0, B > 0
	r, err := cast.Read[wideChecked](valid[1:9])
	require.NoError(t, err)
	assert.Zero(t, r.A)
	assert.NotZero(t, r.B)
	_, err = cast.Read[wideChecked](invalid[:8])
	require.ErrorIs(t, err, cast.ErrInvalid)
}

func TestZeroOverlay(t *testing.T) {
	var o cast.Overlay[Header]
	b := aligned(64)
	var errs []error
	p, err := o.To(b[:headerSize])
	assert.Nil(t, p)
	errs = append(errs, err)
	p, rest, err := o.Prefix(b)
	assert.Nil(t, p)
	assert.Nil(t, rest)
	errs = append(errs, err)
	_, p, err = o.Suffix(b)
	assert.Nil(t, p)
	errs = append(errs, err)
	s, err := o.Slice(b[:2*headerSize])
	assert.Nil(t, s)
	errs = append(errs, err)
	s, _, err = o.SlicePrefix(b, 1)
	assert.Nil(t, s)
	errs = append(errs, err)
	_, _, err = o.SlicePrefix(nil, 0)
	errs = append(errs, err)
	v, err := o.Read(b[:headerSize])
	assert.Zero(t, v)
	errs = append(errs, err)
	for _, err := range errs {
		require.ErrorIs(t, err, cast.ErrLayout)
		var ce *cast.Error
		require.ErrorAs(t, err, &ce)
		assert.Empty(t, ce.Type)
		assert.Contains(t, err.Error(), "zero Overlay: make it with cast.NewOverlay or cast.MustOverlay")
		assert.True(t, strings.HasPrefix(err.Error(), "cast.Overlay[?]."), err.Error())
	}
}

func TestOverlayErrorsNameTheMethod(t *testing.T) {
	o := cast.MustOverlay[Header]()
	b := aligned(64)
	_, err := o.To(b[:20])
	require.EqualError(t, err, fmt.Sprintf("cast.Overlay[cast_test.Header].To: buffer is 20 bytes, want %d", headerSize))
	_, _, err = o.Prefix(b[:20])
	requireCastError(t, err, cast.ErrSize, "cast.Overlay.Prefix", "cast_test.Header", fmt.Sprintf("buffer is 20 bytes, want at least %d", headerSize))
	_, _, err = o.Suffix(b[:20])
	requireCastError(t, err, cast.ErrSize, "cast.Overlay.Suffix", "cast_test.Header", fmt.Sprintf("want at least %d", headerSize))
	_, err = o.Read(b[:20])
	requireCastError(t, err, cast.ErrSize, "cast.Overlay.Read", "cast_test.Header", fmt.Sprintf("buffer is 20 bytes, want %d", headerSize))
	_, _, err = cast.ReadPrefix[Header](b[:20])
	requireCastError(t, err, cast.ErrSize, "cast.ReadPrefix", "cast_test.Header", fmt.Sprintf("buffer is 20 bytes, want at least %d", headerSize))
	if headerAlign > 1 {
		_, err = o.To(b[1 : headerSize+1])
		requireCastError(t, err, cast.ErrAlign, "cast.Overlay.To", "cast_test.Header", fmt.Sprintf("is not %d-byte aligned", headerAlign))
		_, _, err = o.Prefix(b[1:])
		requireCastError(t, err, cast.ErrAlign, "cast.Overlay.Prefix", "cast_test.Header")
		_, _, err = o.Suffix(b[:headerSize+1])
		requireCastError(t, err, cast.ErrAlign, "cast.Overlay.Suffix", "cast_test.Header", "suffix at")
	}
}

// TestErrorsAsFromWrapped checks that a wrapped *cast.Error still answers
// errors.Is and errors.As.
func TestErrorsAsFromWrapped(t *testing.T) {
	_, err := cast.To[Header](nil)
	wrapped := fmt.Errorf("parsing packet: %w", err)
	require.ErrorIs(t, wrapped, cast.ErrSize)
	var ce *cast.Error
	require.ErrorAs(t, wrapped, &ce)
	assert.Equal(t, "cast.To", ce.Op)
	assert.Same(t, cast.ErrSize, ce.Unwrap())
	require.ErrorIs(t, ce, cast.ErrSize)
}

func TestCheck(t *testing.T) {
	require.NoError(t, cast.Check[Header]())
	require.NoError(t, cast.Check[rec]())
	require.NoError(t, cast.Check[beHeader]())
	require.NoError(t, cast.Check[uint32]())
	require.NoError(t, cast.Check[[16]byte]())
	require.NoError(t, cast.Check[[4]rec]())
	require.NoError(t, cast.Check[complex128]())
	// Warnings do not fail Check: no HostLayout, implicit byte order.
	type noHostLayout struct{ A, B uint32 }
	require.NoError(t, cast.Check[noHostLayout]())
	assert.NotEmpty(t, layout.Of[noHostLayout]().Warnings())
	// Check's answer is cached, but each call returns its own error value.
	e1, e2 := cast.Check[padded](), cast.Check[padded]()
	assert.NotSame(t, e1, e2)
	assert.Equal(t, e1.Error(), e2.Error())
}

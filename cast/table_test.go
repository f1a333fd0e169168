package cast_test

import (
	"math"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/cast"
)

func TestTable(t *testing.T) {
	buf := pattern(aligned(64))
	tab, err := cast.NewTable[rec](buf, 3, 12)
	require.NoError(t, err)
	assert.Equal(t, 3, tab.Len())
	assert.Equal(t, 12, tab.Stride())
	for i := range 3 {
		assert.Same(t, (*rec)(unsafe.Pointer(&buf[12*i])), tab.At(i))
	}
	n := 0
	for i, p := range tab.All() {
		assert.Same(t, tab.At(i), p)
		n++
	}
	assert.Equal(t, 3, n)
	assert.PanicsWithValue(t, "cast: Table.At: index 3 out of range [0:3]", func() { tab.At(3) })
	assert.Panics(t, func() { tab.At(-1) })

	// The last entry needs only its own size: 2*12 + 8.
	_, err = cast.NewTable[rec](buf[:32], 3, 12)
	require.NoError(t, err)
	_, err = cast.NewTable[rec](buf[:31], 3, 12)
	e := sizeErr(t, err)
	assert.Equal(t, 32, e.Want)
	assert.Equal(t, 31, e.Got)

	// Packed: the same as Slice.
	packed, err := cast.MustOverlay[rec]().Table(buf, 8, 8)
	require.NoError(t, err)
	s, err := cast.Slice[rec](buf)
	require.NoError(t, err)
	for i := range s {
		assert.Same(t, &s[i], packed.At(i))
	}

	empty, err := cast.NewTable[rec](nil, 0, 8)
	require.NoError(t, err)
	assert.Equal(t, 0, empty.Len())
	for range empty.All() {
		t.Error("an entry in an empty table")
	}
	var zero cast.Table[rec]
	assert.Equal(t, 0, zero.Len())
	assert.Panics(t, func() { zero.At(0) })
}

func TestTableErrors(t *testing.T) {
	buf := aligned(64)
	for _, tc := range []struct {
		name      string
		b         []byte
		n, stride int
		is        error
		msg       string
	}{
		{"stride below size", buf, 2, 4, cast.ErrSize, "cast.NewTable[cast_test.rec]: stride 4 is below the entry size 8"},
		{"negative stride", buf, 2, -8, cast.ErrSize, ""},
		{"negative n", buf, -1, 8, cast.ErrSize, "cast.NewTable[cast_test.rec]: n is -1"},
		{"min n", buf, math.MinInt, 8, cast.ErrSize, ""},
		{"overflow", buf, math.MaxInt, 8, cast.ErrSize, ""},
		{"overflow stride", buf, 2, math.MaxInt, cast.ErrSize, ""},
		{"huge stride fits", buf, 1, math.MaxInt, nil, ""},
		{"short", buf[:20], 3, 8, cast.ErrSize, "cast.NewTable[cast_test.rec]: buffer is 20 bytes, want 24 for 3 elements"},
		{"misaligned", buf[2:], 2, 8, cast.ErrAlign, ""},
		{"stride misaligned", buf, 2, 10, cast.ErrAlign, "cast.NewTable[cast_test.rec]: stride 10 is not a multiple of the alignment 4"},
		{"stride misaligned, one entry", buf, 1, 10, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tab, err := cast.NewTable[rec](tc.b, tc.n, tc.stride)
			if tc.is == nil {
				require.NoError(t, err)
				assert.Equal(t, tc.n, tab.Len())
				return
			}
			require.ErrorIs(t, err, tc.is)
			assert.Equal(t, 0, tab.Len())
			if tc.msg != "" {
				require.EqualError(t, err, tc.msg)
			}
		})
	}

	_, err := cast.NewTable[padded](buf, 1, 8)
	require.ErrorIs(t, err, cast.ErrLayout)
	_, err = cast.NewTable[padded](nil, 0, 8)
	require.ErrorIs(t, err, cast.ErrLayout, "an empty table does not hide a bad type")
	var zero cast.Overlay[rec]
	_, err = zero.Table(buf, 1, 8)
	require.ErrorIs(t, err, cast.ErrLayout)

	good := []byte{0xCA, 0xFE, 0xBA, 0xBE, 0, 8, 0, 0}
	b := append(append(append([]byte{}, good...), 0xff, 0xff), good...)
	_, err = cast.NewTable[checked](b, 2, 10)
	require.NoError(t, err, "Validate sees the entries, not the gaps")
	b[10] = 0
	_, err = cast.NewTable[checked](b, 2, 10)
	require.ErrorIs(t, err, cast.ErrInvalid)
	require.ErrorIs(t, err, errBadMagic)
	assert.Contains(t, err.Error(), "element 1:")
}

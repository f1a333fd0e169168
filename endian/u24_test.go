package endian_test

import (
	"encoding/binary"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/endian"
)

// u24 is the API of a pointer to a 24-bit type.
type u24 interface {
	Get() uint32
	Set(uint32) error
}

// TestU24 checks the 24-bit types against encoding/binary's 32-bit
// encoding with its high byte dropped: every value near the ends of the
// range and random ones in between, and values that do not fit, which
// Set must refuse without writing.
func TestU24(t *testing.T) {
	t.Parallel()
	types := []struct {
		name string
		big  bool
		view func([]byte) u24
	}{
		{"U24BE", true, func(b []byte) u24 { return (*endian.U24BE)(b) }},
		{"U24LE", false, func(b []byte) u24 { return (*endian.U24LE)(b) }},
		{"U24[Big]", true, func(b []byte) u24 { return (*endian.U24[endian.Big])(b) }},
		{"U24[Little]", false, func(b []byte) u24 { return (*endian.U24[endian.Little])(b) }},
	}
	r := rand.New(rand.NewPCG(5, 6))
	var vals []uint32
	for v := range uint32(300) {
		vals = append(vals, v, 1<<24-1-v, 1<<23+v, 1<<23-1-v)
	}
	for range 3000 {
		vals = append(vals, r.Uint32N(1<<24))
	}
	for _, tt := range types {
		want := func(v uint32) []byte {
			var w [4]byte
			if tt.big {
				binary.BigEndian.PutUint32(w[:], v)
				return w[1:]
			}
			binary.LittleEndian.PutUint32(w[:], v)
			return w[:3]
		}
		buf := []byte{0xA5, 0, 0, 0, 0xA5}
		p := tt.view(buf[1:4])
		for _, v := range vals {
			require.NoError(t, p.Set(v), "%s.Set(%#x)", tt.name, v)
			require.Equal(t, want(v), buf[1:4], "%s.Set(%#x)", tt.name, v)
			copy(buf[1:4], want(v^0xffffff))
			copy(buf[1:4], want(v))
			require.Equal(t, v, p.Get(), "%s.Get of % x", tt.name, buf[1:4])
		}
		assert.Equal(t, []byte{0xA5, 0xA5}, []byte{buf[0], buf[4]}, "%s wrote outside its 3 bytes", tt.name)

		// A value that does not fit is refused, and nothing is written.
		copy(buf[1:4], want(0x123456))
		for _, v := range []uint32{1 << 24, 1<<24 + 1, 0x12345678, 1<<32 - 1} {
			err := p.Set(v)
			var re *endian.RangeError
			require.ErrorAs(t, err, &re, "%s.Set(%#x)", tt.name, v)
			assert.Equal(t, endian.RangeError{Value: uint64(v), Bits: 24}, *re)
			require.ErrorIs(t, err, strconv.ErrRange)
			assert.Equal(t, "endian: "+strconv.FormatUint(uint64(v), 10)+" (0x"+strconv.FormatUint(uint64(v), 16)+") does not fit in 24 bits", err.Error())
			assert.Equal(t, want(0x123456), buf[1:4], "%s.Set(%#x) wrote", tt.name, v)
		}
	}

	// The constructors encode like Set, and panic on a value that does not
	// fit, rather than truncate it.
	assert.Equal(t, [3]byte{0xab, 0xcd, 0xef}, [3]byte(endian.NewU24BE(0xabcdef)))
	assert.Equal(t, [3]byte{0xef, 0xcd, 0xab}, [3]byte(endian.NewU24LE(0xabcdef)))
	assert.Equal(t, [3]byte(endian.NewU24BE(0xabcdef)), [3]byte(endian.NewU24[endian.Big](0xabcdef)))
	assert.Equal(t, [3]byte(endian.NewU24LE(0xabcdef)), [3]byte(endian.NewU24[endian.Little](0xabcdef)))
	for _, f := range []func(){
		func() { endian.NewU24BE(1 << 24) }, func() { endian.NewU24LE(1 << 24) },
		func() { endian.NewU24[endian.Big](1 << 24) }, func() { endian.NewU24[endian.Little](1 << 24) },
	} {
		assert.PanicsWithError(t, "endian: 16777216 (0x1000000) does not fit in 24 bits", f)
	}
	var z endian.U24BE
	assert.NoError(t, z.Set(1<<24-1))
}

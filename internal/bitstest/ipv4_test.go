package bitstest_test

import (
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/bitfield"
	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/internal/bitstest"
)

// packet is an IPv4 header (DSCP 46, ECN 1, DF set, fragment offset
// 0x123) and an 802.1Q tag (PCP 5, DEI 1, VID 100).
var packet = []byte{
	0x45, 0xb9, 0x00, 0x54, 0x12, 0x34, 0x41, 0x23, 0x40, 0x01, 0x00, 0x00, 10, 0, 0, 1, 10, 0, 0, 2,
}

var tag = []byte{0xb0, 0x64, 0x08, 0x00}

// TestIPv4 reads a header through the generated accessors and checks them
// against the fields computed from the bytes with encoding/binary.
func TestIPv4(t *testing.T) {
	b := append([]byte(nil), packet...)
	h, err := cast.To[bitstest.IPv4](b)
	require.NoError(t, err)
	ff := binary.BigEndian.Uint16(b[6:])
	assert.Equal(t, b[0]>>4, h.Version())
	assert.Equal(t, b[0]&0x0f, h.IHL())
	assert.Equal(t, uint8(46), h.DSCP())
	assert.Equal(t, uint8(1), h.ECN())
	assert.Equal(t, uint8(ff>>14&1), h.DF())
	assert.Equal(t, uint8(ff>>13&1), h.MF())
	assert.Equal(t, ff&0x1fff, h.FragOffset())
	assert.Equal(t, uint16(0x123), h.FragOffset())

	// Set writes through to the bytes, leaving the other bits.
	require.NoError(t, h.SetMF(1))
	require.NoError(t, h.SetFragOffset(0x1fff))
	assert.Equal(t, []byte{0x7f, 0xff}, b[6:8])
	require.NoError(t, h.SetIHL(6))
	assert.Equal(t, byte(0x46), b[0])
	// Too large: an error, nothing written.
	err = h.SetFragOffset(0x2000)
	var re *bitfield.RangeError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, bitfield.RangeError{Field: "IPv4.FragOffset", Value: 0x2000, Width: 13}, *re)
	require.EqualError(t, err, "bitfield: IPv4.FragOffset: 8192 (0x2000) does not fit in 13 bits")
	assert.Equal(t, []byte{0x7f, 0xff}, b[6:8])
	require.Error(t, h.SetVersion(16))
	assert.Equal(t, byte(0x46), b[0])

	v, err := cast.To[bitstest.VLAN](append([]byte(nil), tag...))
	require.NoError(t, err)
	assert.Equal(t, []uint16{5, 1, 100}, []uint16{uint16(v.PCP()), uint16(v.DEI()), v.VID()})
}

var sink uint64

func headers(b *testing.B) []bitstest.IPv4 {
	hs := make([]bitstest.IPv4, 1024)
	for i := range hs {
		var err error
		hs[i], err = cast.Read[bitstest.IPv4](packet)
		require.NoError(b, err)
		hs[i].FlagsFragment.Set(uint16(i * 7919))
		hs[i].VersionIHL = byte(i)
	}
	return hs
}

// BenchmarkGet reads five sub-fields of 1024 headers: through the
// generated accessors and through hand-written ones.
func BenchmarkGet(b *testing.B) {
	hs := headers(b)
	b.Run("generated", func(b *testing.B) {
		for b.Loop() {
			var s uint64
			for i := range hs {
				h := &hs[i]
				s += uint64(h.Version()) + uint64(h.IHL()) + uint64(h.DF()) + uint64(h.MF()) + uint64(h.FragOffset())
			}
			sink = s
		}
	})
	b.Run("hand", func(b *testing.B) {
		for b.Loop() {
			var s uint64
			for i := range hs {
				h := (*bitstest.HandIPv4)(&hs[i])
				s += uint64(h.Version()) + uint64(h.IHL()) + uint64(h.DF()) + uint64(h.MF()) + uint64(h.FragOffset())
			}
			sink = s
		}
	})
}

// BenchmarkSet sets two sub-fields of 1024 headers.
func BenchmarkSet(b *testing.B) {
	hs := headers(b)
	b.Run("generated", func(b *testing.B) {
		for b.Loop() {
			for i := range hs {
				h := &hs[i]
				if h.SetIHL(uint8(i)&0x0f) != nil || h.SetFragOffset(uint16(i)) != nil {
					b.Fatal("set")
				}
			}
		}
	})
	b.Run("hand", func(b *testing.B) {
		for b.Loop() {
			for i := range hs {
				h := (*bitstest.HandIPv4)(&hs[i])
				if h.SetIHL(uint8(i)&0x0f) != nil || h.SetFragOffset(uint16(i)) != nil {
					b.Fatal("set")
				}
			}
		}
	})
	b.Run("hand-sentinel", func(b *testing.B) {
		for b.Loop() {
			for i := range hs {
				h := (*bitstest.HandIPv4)(&hs[i])
				if h.SetIHLSentinel(uint8(i)&0x0f) != nil || h.SetFragOffsetSentinel(uint16(i)) != nil {
					b.Fatal("set")
				}
			}
		}
	})
}

package endian_test

import (
	"encoding/binary"
	"math"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"

	"github.com/go-overlay/overlay/endian"
)

func TestOrderIsBig(t *testing.T) {
	assert.True(t, endian.IsBig[endian.Big]())
	assert.False(t, endian.IsBig[endian.Little]())
	assert.Equal(t, binary.ByteOrder(binary.BigEndian), endian.ByteOrderOf[endian.Big]())
	assert.Equal(t, binary.ByteOrder(binary.LittleEndian), endian.ByteOrderOf[endian.Little]())
}

// The generic types must produce exactly the bytes of package endian's
// fixed-order types, and decode them back.
func TestOrderMatchesFixed(t *testing.T) {
	for _, v := range []uint64{0, 1, 0x0102030405060708, math.MaxUint64, 0x8000000000000000, 0xfedcba9876543210} {
		assert.Equal(t, [2]byte(endian.NewU16LE(uint16(v))), [2]byte(endian.NewU16[endian.Little](uint16(v))))
		assert.Equal(t, [2]byte(endian.NewU16BE(uint16(v))), [2]byte(endian.NewU16[endian.Big](uint16(v))))
		assert.Equal(t, [4]byte(endian.NewU32LE(uint32(v))), [4]byte(endian.NewU32[endian.Little](uint32(v))))
		assert.Equal(t, [4]byte(endian.NewU32BE(uint32(v))), [4]byte(endian.NewU32[endian.Big](uint32(v))))
		assert.Equal(t, [8]byte(endian.NewU64LE(v)), [8]byte(endian.NewU64[endian.Little](v)))
		assert.Equal(t, [8]byte(endian.NewU64BE(v)), [8]byte(endian.NewU64[endian.Big](v)))
		assert.Equal(t, [2]byte(endian.NewI16LE(int16(v))), [2]byte(endian.NewI16[endian.Little](int16(v))))
		assert.Equal(t, [2]byte(endian.NewI16BE(int16(v))), [2]byte(endian.NewI16[endian.Big](int16(v))))
		assert.Equal(t, [4]byte(endian.NewI32LE(int32(v))), [4]byte(endian.NewI32[endian.Little](int32(v))))
		assert.Equal(t, [4]byte(endian.NewI32BE(int32(v))), [4]byte(endian.NewI32[endian.Big](int32(v))))
		assert.Equal(t, [8]byte(endian.NewI64LE(int64(v))), [8]byte(endian.NewI64[endian.Little](int64(v))))
		assert.Equal(t, [8]byte(endian.NewI64BE(int64(v))), [8]byte(endian.NewI64[endian.Big](int64(v))))

		b := endian.U64[endian.Big](endian.NewU64BE(v))
		assert.Equal(t, v, b.Get())
		l := endian.U64[endian.Little](endian.NewU64LE(v))
		assert.Equal(t, v, l.Get())
		i := endian.I32[endian.Big](endian.NewI32BE(int32(v)))
		assert.Equal(t, int32(v), i.Get())
		assert.Equal(t, endian.NewI32BE(int32(v)).String(), i.String())
		assert.Equal(t, endian.NewU64LE(v).String(), l.String())
	}
}

// Set writes through a pointer into the underlying buffer.
func TestOrderSetWritesThrough(t *testing.T) {
	buf := make([]byte, 16)
	p := (*endian.U32[endian.Big])(buf[3:7])
	p.Set(0xdeadbeef)
	assert.Equal(t, []byte{0, 0, 0, 0xde, 0xad, 0xbe, 0xef, 0}, buf[:8])
	q := (*endian.I16[endian.Little])(buf[9:11])
	q.Set(-2)
	assert.Equal(t, []byte{0xfe, 0xff}, buf[9:11])
	assert.Equal(t, uintptr(1), unsafe.Alignof(endian.U64[endian.Big]{}))
}

type hdrLE struct {
	A, B, C, D endian.U32LE
	E, F       endian.U64LE
}

type hdrG[O endian.Order] struct {
	A, B, C, D endian.U32[O]
	E, F       endian.U64[O]
}

var sink uint64

func sumG[O endian.Order](s []hdrG[O]) (n uint64) {
	for i := range s {
		n += uint64(s[i].A.Get()+s[i].D.Get()) + s[i].E.Get() ^ s[i].F.Get()
	}
	return n
}

func sumE(s []hdrLE) (n uint64) {
	for i := range s {
		n += uint64(s[i].A.Get()+s[i].D.Get()) + s[i].E.Get() ^ s[i].F.Get()
	}
	return n
}

// BenchmarkGet compares generic-order fields with package endian's
// fixed-order fields: the ns/op must be the same.
func BenchmarkOrderGet(b *testing.B) {
	const n = 4096
	b.Run("endian.U32LE", func(b *testing.B) {
		s := make([]hdrLE, n)
		for b.Loop() {
			sink += sumE(s)
		}
	})
	b.Run("U32[Little]", func(b *testing.B) {
		s := make([]hdrG[endian.Little], n)
		for b.Loop() {
			sink += sumG(s)
		}
	})
	b.Run("U32[Big]", func(b *testing.B) {
		s := make([]hdrG[endian.Big], n)
		for b.Loop() {
			sink += sumG(s)
		}
	})
}

package endian_test

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"structs"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/endian"
)

// number is the set of Go types that the endian types hold.
type number interface {
	~uint16 | ~uint32 | ~uint64 | ~int16 | ~int32 | ~int64 | ~float32 | ~float64
}

// integer is the integer subset of number.
type integer interface {
	~uint16 | ~uint32 | ~uint64 | ~int16 | ~int32 | ~int64
}

// accessor is the method set of a pointer to an endian type holding a V.
type accessor[V number] interface {
	Get() V
	Set(v V)
	String() string
}

// A codec is the reference encoding of one endian type, built from
// encoding/binary, and the endian type's API under test.
type codec[E any, P interface {
	*E
	accessor[V]
}, V number] struct {
	size     int              // bytes
	order    binary.ByteOrder // reference byte order
	newE     func(V) E        // constructor under test, e.g. endian.NewU32BE
	view     func([]byte) P   // overlay: slice-to-array-pointer conversion
	toBits   func(V) uint64   // V's bit pattern (sign-extended for signed integers)
	fromBits func(uint64) V   // inverse of toBits on the low size*8 bits
	edges    []V
}

func intBits[V integer](v V) uint64     { return uint64(v) }
func intFromBits[V integer](b uint64) V { return V(b) }
func f32Bits(v float32) uint64          { return uint64(math.Float32bits(v)) }
func f32FromBits(b uint64) float32      { return math.Float32frombits(uint32(b)) }
func f64FromBits(b uint64) float64      { return math.Float64frombits(b) }

// put encodes the low size*8 bits of bits with the reference byte order.
func (c codec[E, P, V]) put(b []byte, bits uint64) {
	switch c.size {
	case 2:
		c.order.PutUint16(b, uint16(bits))
	case 4:
		c.order.PutUint32(b, uint32(bits))
	case 8:
		c.order.PutUint64(b, bits)
	default:
		panic("bad size")
	}
}

// same reports whether x and y have the same bits, so that NaNs compare
// equal to themselves and -0 differs from +0.
func (c codec[E, P, V]) same(x, y V) bool { return c.toBits(x) == c.toBits(y) }

// values returns the edge cases followed by n values with random bit
// patterns (for floats: random signs, exponents, NaN payloads, subnormals).
func (c codec[E, P, V]) values(n int) []V {
	r := rand.New(rand.NewPCG(1, 2)) // fixed seed: reproducible
	vs := append([]V(nil), c.edges...)
	for range n {
		vs = append(vs, c.fromBits(r.Uint64()))
	}
	return vs
}

// test checks the endian type against encoding/binary for every value.
func (c codec[E, P, V]) test(t *testing.T) {
	t.Helper()
	const guard = 0xA5 // fill byte around overlays, to catch stray writes
	const off = 3      // odd offset: the types must work unaligned
	n := 5000
	if testing.Short() {
		n = 500
	}
	want := make([]byte, c.size)
	buf := make([]byte, off+c.size+off)
	var bad int
	for _, v := range c.values(n) {
		c.put(want, c.toBits(v))

		// The constructor encodes like encoding/binary.
		e := c.newE(v)
		enc := make([]byte, c.size)
		*c.view(enc) = e
		ok := assert.Equal(t, want, enc, "New(%v)", v)

		// Get on a value decodes it back, bit for bit.
		ok = assert.Truef(t, c.same(v, P(&e).Get()), "New(%v).Get() = %v", v, P(&e).Get()) && ok

		// Set through an overlay writes exactly the value's bytes.
		for i := range buf {
			buf[i] = guard
		}
		p := c.view(buf[off : off+c.size])
		p.Set(v)
		ok = assert.Equal(t, want, buf[off:off+c.size], "Set(%v)", v) && ok
		for i, g := range append(buf[:off:off], buf[off+c.size:]...) {
			ok = assert.Equalf(t, byte(guard), g, "Set(%v) wrote outside the overlay at guard byte %d", v, i) && ok
		}

		// Get through an overlay decodes bytes written by encoding/binary.
		c.put(buf[off:], ^c.toBits(v))
		c.put(buf[off:], c.toBits(v))
		got := p.Get()
		ok = assert.Truef(t, c.same(v, got), "Get() = %v, want %v (bits %#x)", got, v, c.toBits(v)) && ok

		// String formats like fmt's %v on the Go number.
		ok = assert.Equal(t, fmt.Sprint(v), p.String(), "String of %v", v) && ok
		ok = assert.Equal(t, p.String(), fmt.Sprint(e), "fmt.Sprint of value %v", v) && ok

		if !ok {
			bad++
			require.Less(t, bad, 10, "too many failures")
		}
	}
}

func newCodec[E any, P interface {
	*E
	accessor[V]
}, V number](size int, order binary.ByteOrder, newE func(V) E, view func([]byte) P,
	toBits func(V) uint64, fromBits func(uint64) V, edges ...V,
) codec[E, P, V] {
	return codec[E, P, V]{size, order, newE, view, toBits, fromBits, edges}
}

// Edge cases for each Go type. Each holds an asymmetric value too, so a
// wrong byte order cannot pass.
var (
	u16Edges = []uint16{0, 1, 0x0102, 0x8000, math.MaxUint16 - 1, math.MaxUint16}
	u32Edges = []uint32{0, 1, 0x01020304, 0x80000000, math.MaxUint32 - 1, math.MaxUint32}
	u64Edges = []uint64{0, 1, 0x0102030405060708, 1 << 63, math.MaxUint64 - 1, math.MaxUint64}
	i16Edges = []int16{0, 1, -1, 0x0102, math.MinInt16, math.MinInt16 + 1, math.MaxInt16}
	i32Edges = []int32{0, 1, -1, 0x01020304, math.MinInt32, math.MinInt32 + 1, math.MaxInt32}
	i64Edges = []int64{0, 1, -1, 0x0102030405060708, math.MinInt64, math.MinInt64 + 1, math.MaxInt64}
	f32Edges = []float32{
		0, float32(math.Copysign(0, -1)), 1, -1, 0.1, 1.5, -2.75, 16777216, 1e20,
		math.MaxFloat32, -math.MaxFloat32,
		math.SmallestNonzeroFloat32, -math.SmallestNonzeroFloat32,
		math.Float32frombits(0x007FFFFF), // largest subnormal
		math.Float32frombits(0x00800000), // smallest normal
		float32(math.Inf(1)), float32(math.Inf(-1)),
		float32(math.NaN()),
		math.Float32frombits(0x7FC00001), // quiet NaN with payload
		math.Float32frombits(0x7F800001), // signaling NaN (IEEE 754-2008)
		math.Float32frombits(0xFFC00000), // negative NaN
	}
	f64Edges = []float64{
		0, math.Copysign(0, -1), 1, -1, 0.1, 1.5, -2.75, 1 << 53, 1e21, 1e-7,
		math.MaxFloat64, -math.MaxFloat64,
		math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64,
		math.Float64frombits(0x000FFFFFFFFFFFFF), // largest subnormal
		math.Float64frombits(0x0010000000000000), // smallest normal
		math.Inf(1), math.Inf(-1),
		math.NaN(),
		math.Float64frombits(0x7FF8000000000001), // quiet NaN with payload
		math.Float64frombits(0x7FF0000000000001), // signaling NaN (IEEE 754-2008)
		math.Float64frombits(0xFFF8000000000000), // negative NaN
	}
)

var be, le = binary.BigEndian, binary.LittleEndian

// codecs lists every endian type with its reference encoding, except the
// 24-bit ones, whose Set returns an error (see TestU24).
var codecs = []struct {
	name string
	test func(*testing.T)
}{
	{"U16BE", newCodec(2, be, endian.NewU16BE, func(b []byte) *endian.U16BE { return (*endian.U16BE)(b) }, intBits[uint16], intFromBits[uint16], u16Edges...).test},
	{"U16LE", newCodec(2, le, endian.NewU16LE, func(b []byte) *endian.U16LE { return (*endian.U16LE)(b) }, intBits[uint16], intFromBits[uint16], u16Edges...).test},
	{"U32BE", newCodec(4, be, endian.NewU32BE, func(b []byte) *endian.U32BE { return (*endian.U32BE)(b) }, intBits[uint32], intFromBits[uint32], u32Edges...).test},
	{"U32LE", newCodec(4, le, endian.NewU32LE, func(b []byte) *endian.U32LE { return (*endian.U32LE)(b) }, intBits[uint32], intFromBits[uint32], u32Edges...).test},
	{"U64BE", newCodec(8, be, endian.NewU64BE, func(b []byte) *endian.U64BE { return (*endian.U64BE)(b) }, intBits[uint64], intFromBits[uint64], u64Edges...).test},
	{"U64LE", newCodec(8, le, endian.NewU64LE, func(b []byte) *endian.U64LE { return (*endian.U64LE)(b) }, intBits[uint64], intFromBits[uint64], u64Edges...).test},
	{"I16BE", newCodec(2, be, endian.NewI16BE, func(b []byte) *endian.I16BE { return (*endian.I16BE)(b) }, intBits[int16], intFromBits[int16], i16Edges...).test},
	{"I16LE", newCodec(2, le, endian.NewI16LE, func(b []byte) *endian.I16LE { return (*endian.I16LE)(b) }, intBits[int16], intFromBits[int16], i16Edges...).test},
	{"I32BE", newCodec(4, be, endian.NewI32BE, func(b []byte) *endian.I32BE { return (*endian.I32BE)(b) }, intBits[int32], intFromBits[int32], i32Edges...).test},
	{"I32LE", newCodec(4, le, endian.NewI32LE, func(b []byte) *endian.I32LE { return (*endian.I32LE)(b) }, intBits[int32], intFromBits[int32], i32Edges...).test},
	{"I64BE", newCodec(8, be, endian.NewI64BE, func(b []byte) *endian.I64BE { return (*endian.I64BE)(b) }, intBits[int64], intFromBits[int64], i64Edges...).test},
	{"I64LE", newCodec(8, le, endian.NewI64LE, func(b []byte) *endian.I64LE { return (*endian.I64LE)(b) }, intBits[int64], intFromBits[int64], i64Edges...).test},
	{"F32BE", newCodec(4, be, endian.NewF32BE, func(b []byte) *endian.F32BE { return (*endian.F32BE)(b) }, f32Bits, f32FromBits, f32Edges...).test},
	{"F32LE", newCodec(4, le, endian.NewF32LE, func(b []byte) *endian.F32LE { return (*endian.F32LE)(b) }, f32Bits, f32FromBits, f32Edges...).test},
	{"F64BE", newCodec(8, be, endian.NewF64BE, func(b []byte) *endian.F64BE { return (*endian.F64BE)(b) }, math.Float64bits, f64FromBits, f64Edges...).test},
	{"F64LE", newCodec(8, le, endian.NewF64LE, func(b []byte) *endian.F64LE { return (*endian.F64LE)(b) }, math.Float64bits, f64FromBits, f64Edges...).test},
	// The order-generic types, for both orders.
	{"U16[Big]", newCodec(2, be, endian.NewU16[endian.Big], func(b []byte) *endian.U16[endian.Big] { return (*endian.U16[endian.Big])(b) }, intBits[uint16], intFromBits[uint16], u16Edges...).test},
	{"U16[Little]", newCodec(2, le, endian.NewU16[endian.Little], func(b []byte) *endian.U16[endian.Little] { return (*endian.U16[endian.Little])(b) }, intBits[uint16], intFromBits[uint16], u16Edges...).test},
	{"U32[Big]", newCodec(4, be, endian.NewU32[endian.Big], func(b []byte) *endian.U32[endian.Big] { return (*endian.U32[endian.Big])(b) }, intBits[uint32], intFromBits[uint32], u32Edges...).test},
	{"U32[Little]", newCodec(4, le, endian.NewU32[endian.Little], func(b []byte) *endian.U32[endian.Little] { return (*endian.U32[endian.Little])(b) }, intBits[uint32], intFromBits[uint32], u32Edges...).test},
	{"U64[Big]", newCodec(8, be, endian.NewU64[endian.Big], func(b []byte) *endian.U64[endian.Big] { return (*endian.U64[endian.Big])(b) }, intBits[uint64], intFromBits[uint64], u64Edges...).test},
	{"U64[Little]", newCodec(8, le, endian.NewU64[endian.Little], func(b []byte) *endian.U64[endian.Little] { return (*endian.U64[endian.Little])(b) }, intBits[uint64], intFromBits[uint64], u64Edges...).test},
	{"I16[Big]", newCodec(2, be, endian.NewI16[endian.Big], func(b []byte) *endian.I16[endian.Big] { return (*endian.I16[endian.Big])(b) }, intBits[int16], intFromBits[int16], i16Edges...).test},
	{"I16[Little]", newCodec(2, le, endian.NewI16[endian.Little], func(b []byte) *endian.I16[endian.Little] { return (*endian.I16[endian.Little])(b) }, intBits[int16], intFromBits[int16], i16Edges...).test},
	{"I32[Big]", newCodec(4, be, endian.NewI32[endian.Big], func(b []byte) *endian.I32[endian.Big] { return (*endian.I32[endian.Big])(b) }, intBits[int32], intFromBits[int32], i32Edges...).test},
	{"I32[Little]", newCodec(4, le, endian.NewI32[endian.Little], func(b []byte) *endian.I32[endian.Little] { return (*endian.I32[endian.Little])(b) }, intBits[int32], intFromBits[int32], i32Edges...).test},
	{"I64[Big]", newCodec(8, be, endian.NewI64[endian.Big], func(b []byte) *endian.I64[endian.Big] { return (*endian.I64[endian.Big])(b) }, intBits[int64], intFromBits[int64], i64Edges...).test},
	{"I64[Little]", newCodec(8, le, endian.NewI64[endian.Little], func(b []byte) *endian.I64[endian.Little] { return (*endian.I64[endian.Little])(b) }, intBits[int64], intFromBits[int64], i64Edges...).test},
	{"F32[Big]", newCodec(4, be, endian.NewF32[endian.Big], func(b []byte) *endian.F32[endian.Big] { return (*endian.F32[endian.Big])(b) }, f32Bits, f32FromBits, f32Edges...).test},
	{"F32[Little]", newCodec(4, le, endian.NewF32[endian.Little], func(b []byte) *endian.F32[endian.Little] { return (*endian.F32[endian.Little])(b) }, f32Bits, f32FromBits, f32Edges...).test},
	{"F64[Big]", newCodec(8, be, endian.NewF64[endian.Big], func(b []byte) *endian.F64[endian.Big] { return (*endian.F64[endian.Big])(b) }, math.Float64bits, f64FromBits, f64Edges...).test},
	{"F64[Little]", newCodec(8, le, endian.NewF64[endian.Little], func(b []byte) *endian.F64[endian.Little] { return (*endian.F64[endian.Little])(b) }, math.Float64bits, f64FromBits, f64Edges...).test},
}

// TestAgainstBinary checks New, Get, Set and String of every type against
// encoding/binary and fmt, for edge cases and thousands of random values.
func TestAgainstBinary(t *testing.T) {
	t.Parallel()
	for _, c := range codecs {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.test(t)
		})
	}
}

// TestKnownBytes pins the encoding of one asymmetric value per type to
// literal bytes, independently of encoding/binary.
func TestKnownBytes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		got  []byte
		want []byte
	}{
		{"U16BE", bytesOf(endian.NewU16BE(0x0102)), []byte{1, 2}},
		{"U16LE", bytesOf(endian.NewU16LE(0x0102)), []byte{2, 1}},
		{"U32BE", bytesOf(endian.NewU32BE(0x01020304)), []byte{1, 2, 3, 4}},
		{"U32LE", bytesOf(endian.NewU32LE(0x01020304)), []byte{4, 3, 2, 1}},
		{"U64BE", bytesOf(endian.NewU64BE(0x0102030405060708)), []byte{1, 2, 3, 4, 5, 6, 7, 8}},
		{"U64LE", bytesOf(endian.NewU64LE(0x0102030405060708)), []byte{8, 7, 6, 5, 4, 3, 2, 1}},
		{"I16BE", bytesOf(endian.NewI16BE(-2)), []byte{0xFF, 0xFE}},
		{"I16LE", bytesOf(endian.NewI16LE(-2)), []byte{0xFE, 0xFF}},
		{"I32BE", bytesOf(endian.NewI32BE(-2)), []byte{0xFF, 0xFF, 0xFF, 0xFE}},
		{"I32LE", bytesOf(endian.NewI32LE(-2)), []byte{0xFE, 0xFF, 0xFF, 0xFF}},
		{"I64BE", bytesOf(endian.NewI64BE(math.MinInt64 + 1)), []byte{0x80, 0, 0, 0, 0, 0, 0, 1}},
		{"I64LE", bytesOf(endian.NewI64LE(math.MinInt64 + 1)), []byte{1, 0, 0, 0, 0, 0, 0, 0x80}},
		{"F32BE", bytesOf(endian.NewF32BE(-2.5)), []byte{0xC0, 0x20, 0, 0}},
		{"F32LE", bytesOf(endian.NewF32LE(-2.5)), []byte{0, 0, 0x20, 0xC0}},
		{"F64BE", bytesOf(endian.NewF64BE(-2.5)), []byte{0xC0, 0x04, 0, 0, 0, 0, 0, 0}},
		{"F64LE", bytesOf(endian.NewF64LE(-2.5)), []byte{0, 0, 0, 0, 0, 0, 0x04, 0xC0}},
		{"U24BE", bytesOf(endian.NewU24BE(0x010203)), []byte{1, 2, 3}},
		{"U24LE", bytesOf(endian.NewU24LE(0x010203)), []byte{3, 2, 1}},
		{"U24[Big]", bytesOf(endian.NewU24[endian.Big](0x010203)), []byte{1, 2, 3}},
		{"U24[Little]", bytesOf(endian.NewU24[endian.Little](0x010203)), []byte{3, 2, 1}},
		{"F32[Big]", bytesOf(endian.NewF32[endian.Big](-2.5)), []byte{0xC0, 0x20, 0, 0}},
		{"F64[Little]", bytesOf(endian.NewF64[endian.Little](-2.5)), []byte{0, 0, 0, 0, 0, 0, 0x04, 0xC0}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.got, tt.name)
	}
}

// bytesOf returns a copy of the bytes of an endian type, via reflection so
// that one helper serves all sixteen array types.
func bytesOf(v any) []byte {
	rv := reflect.ValueOf(v)
	b := make([]byte, rv.Len())
	reflect.Copy(reflect.ValueOf(b), rv)
	return b
}

// TestSizeAlign checks that every type is exactly as large as its number,
// with alignment 1, on every GOARCH the test runs on.
func TestSizeAlign(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		size, align uintptr
		want        uintptr
	}{
		{"U16BE", unsafe.Sizeof(endian.U16BE{}), unsafe.Alignof(endian.U16BE{}), 2},
		{"U16LE", unsafe.Sizeof(endian.U16LE{}), unsafe.Alignof(endian.U16LE{}), 2},
		{"U32BE", unsafe.Sizeof(endian.U32BE{}), unsafe.Alignof(endian.U32BE{}), 4},
		{"U32LE", unsafe.Sizeof(endian.U32LE{}), unsafe.Alignof(endian.U32LE{}), 4},
		{"U64BE", unsafe.Sizeof(endian.U64BE{}), unsafe.Alignof(endian.U64BE{}), 8},
		{"U64LE", unsafe.Sizeof(endian.U64LE{}), unsafe.Alignof(endian.U64LE{}), 8},
		{"I16BE", unsafe.Sizeof(endian.I16BE{}), unsafe.Alignof(endian.I16BE{}), 2},
		{"I16LE", unsafe.Sizeof(endian.I16LE{}), unsafe.Alignof(endian.I16LE{}), 2},
		{"I32BE", unsafe.Sizeof(endian.I32BE{}), unsafe.Alignof(endian.I32BE{}), 4},
		{"I32LE", unsafe.Sizeof(endian.I32LE{}), unsafe.Alignof(endian.I32LE{}), 4},
		{"I64BE", unsafe.Sizeof(endian.I64BE{}), unsafe.Alignof(endian.I64BE{}), 8},
		{"I64LE", unsafe.Sizeof(endian.I64LE{}), unsafe.Alignof(endian.I64LE{}), 8},
		{"F32BE", unsafe.Sizeof(endian.F32BE{}), unsafe.Alignof(endian.F32BE{}), 4},
		{"F32LE", unsafe.Sizeof(endian.F32LE{}), unsafe.Alignof(endian.F32LE{}), 4},
		{"F64BE", unsafe.Sizeof(endian.F64BE{}), unsafe.Alignof(endian.F64BE{}), 8},
		{"F64LE", unsafe.Sizeof(endian.F64LE{}), unsafe.Alignof(endian.F64LE{}), 8},
		{"U24BE", unsafe.Sizeof(endian.U24BE{}), unsafe.Alignof(endian.U24BE{}), 3},
		{"U24LE", unsafe.Sizeof(endian.U24LE{}), unsafe.Alignof(endian.U24LE{}), 3},
		{"U24[Big]", unsafe.Sizeof(endian.U24[endian.Big]{}), unsafe.Alignof(endian.U24[endian.Big]{}), 3},
		{"U24[Little]", unsafe.Sizeof(endian.U24[endian.Little]{}), unsafe.Alignof(endian.U24[endian.Little]{}), 3},
		{"F32[Big]", unsafe.Sizeof(endian.F32[endian.Big]{}), unsafe.Alignof(endian.F32[endian.Big]{}), 4},
		{"F32[Little]", unsafe.Sizeof(endian.F32[endian.Little]{}), unsafe.Alignof(endian.F32[endian.Little]{}), 4},
		{"F64[Big]", unsafe.Sizeof(endian.F64[endian.Big]{}), unsafe.Alignof(endian.F64[endian.Big]{}), 8},
		{"F64[Little]", unsafe.Sizeof(endian.F64[endian.Little]{}), unsafe.Alignof(endian.F64[endian.Little]{}), 8},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.size, "unsafe.Sizeof(%s)", tt.name)
		assert.Equal(t, uintptr(1), tt.align, "unsafe.Alignof(%s)", tt.name)
	}

	// A struct of endian types has no padding anywhere, on any GOARCH.
	type header struct {
		_     structs.HostLayout
		_     endian.Big
		A     endian.U16BE
		B     endian.U64LE
		C     endian.I32BE
		D     endian.F64BE
		Flags uint8
		E     endian.F32LE
	}
	var h header
	assert.Equal(t, uintptr(2+8+4+8+1+4), unsafe.Sizeof(h))
	assert.Equal(t, uintptr(1), unsafe.Alignof(h))
	assert.Equal(t, uintptr(2), unsafe.Offsetof(h.B))
	assert.Equal(t, uintptr(23), unsafe.Offsetof(h.E))
}

// TestMarkers checks that the byte-order markers are zero-size, distinct
// types that the layout engine can recognize by package path and name.
func TestMarkers(t *testing.T) {
	t.Parallel()
	markers := []struct {
		name string
		typ  reflect.Type
		size uintptr
	}{
		{"Big", reflect.TypeFor[endian.Big](), unsafe.Sizeof(endian.Big{})},
		{"Little", reflect.TypeFor[endian.Little](), unsafe.Sizeof(endian.Little{})},
		{"Native", reflect.TypeFor[endian.Native](), unsafe.Sizeof(endian.Native{})},
	}
	for i, m := range markers {
		assert.Equal(t, uintptr(0), m.size, "unsafe.Sizeof(endian.%s{})", m.name)
		assert.Equal(t, uintptr(0), m.typ.Size(), m.name)
		assert.Equal(t, 1, m.typ.Align(), m.name)
		assert.Equal(t, reflect.Struct, m.typ.Kind(), m.name)
		assert.Equal(t, "github.com/go-overlay/overlay/endian", m.typ.PkgPath(), m.name)
		assert.Equal(t, m.name, m.typ.Name())

		// Like structs.HostLayout, a marker is a struct whose only field is
		// blank and of an unexported empty struct type, so its identity
		// survives conversion: no two markers convert to each other, and
		// struct{}{} converts to none of them.
		require.Equal(t, 1, m.typ.NumField(), m.name)
		f := m.typ.Field(0)
		assert.Equal(t, "_", f.Name, m.name)
		assert.Equal(t, reflect.Struct, f.Type.Kind(), m.name)
		assert.Equal(t, 0, f.Type.NumField(), m.name)
		assert.False(t, f.Type.Name() == "" || f.IsExported(), m.name)
		assert.False(t, reflect.TypeFor[struct{}]().ConvertibleTo(m.typ), "struct{} converts to %s", m.name)
		for j, o := range markers {
			if i != j {
				assert.False(t, m.typ.ConvertibleTo(o.typ), "%s converts to %s", m.name, o.name)
			}
		}
	}

	// First in a struct, a marker adds no size.
	type withMarker struct {
		_ endian.Little
		X endian.U32LE
	}
	assert.Equal(t, uintptr(4), unsafe.Sizeof(withMarker{}))
}

// TestStringFormat checks String against literal output for a few values
// and that fmt uses it for %v and %s.
func TestStringFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    fmt.Stringer
		want string
	}{
		{endian.NewU16BE(65535), "65535"},
		{endian.NewU32LE(4294967295), "4294967295"},
		{endian.NewU64BE(math.MaxUint64), "18446744073709551615"},
		{endian.NewI16LE(math.MinInt16), "-32768"},
		{endian.NewI32BE(-1), "-1"},
		{endian.NewI64LE(math.MinInt64), "-9223372036854775808"},
		{endian.NewF32BE(0.1), "0.1"},
		{endian.NewF32LE(float32(math.Inf(-1))), "-Inf"},
		{endian.NewF64BE(math.NaN()), "NaN"},
		{endian.NewF64LE(math.Copysign(0, -1)), "-0"},
		{endian.NewF64LE(1e21), "1e+21"},
		{endian.NewF64BE(math.SmallestNonzeroFloat64), "5e-324"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.v.String())
		assert.Equal(t, tt.want+" "+tt.want, fmt.Sprintf("%v %s", tt.v, tt.v))
	}
	h := struct {
		A endian.U16BE
		B endian.F32LE
	}{endian.NewU16BE(80), endian.NewF32LE(1.5)}
	assert.Equal(t, "{80 1.5}", fmt.Sprint(h))
}

package cast_test

import (
	"bytes"
	"encoding/binary"
	"math"
	"strings"
	"structs"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// FuzzShapes is differential against encoding/binary over a fixed menu of
// struct shapes, the input choosing the shape, the buffer's offset from an
// aligned address, its bytes, and an element count. Every operation of
// cast and of Overlay runs on the buffer; each value a cast shows must
// hold the buffer's bytes and equal what encoding/binary decodes from
// them in the shape's byte order, and each error must be what the checks,
// applied by hand in the documented order, predict from the compiler's
// own size and alignment (unsafe.Sizeof, unsafe.Alignof) and the host's
// byte order as encoding/binary sees it.
func FuzzShapes(f *testing.F) {
	for i := range shapes {
		f.Add(uint8(i), uint8(0), uint8(1), bytes.Repeat([]byte{0xA5, 0x01, 0xFF, 0x7F, 0x80, 0x00, 0x3C}, 12))
		f.Add(uint8(i), uint8(1), uint8(2), make([]byte, 96))
		f.Add(uint8(i), uint8(4), uint8(0), []byte("0123456789abcdefghijklmnopqrstuvwxyz"))
	}
	f.Add(uint8(0), uint8(3), uint8(255), []byte{})
	f.Fuzz(func(t *testing.T, shape, off, n uint8, data []byte) {
		s := shapes[int(shape)%len(shapes)]
		s.run(t, place(data, off&63), int(int8(n)))
	})
}

// A shape is one menu entry: run checks every operation for its type.
type shape struct {
	name string
	run  func(t *testing.T, b []byte, n int)
}

// hostLittle is the host's byte order, as encoding/binary sees it.
var hostLittle = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// order says which byte order a shape's native numbers are in, and so
// whether it casts on this host.
type order int

const (
	orderNative   order = iota // no marker or endian.Native: casts everywhere
	orderLittle                // endian.Little: casts on little-endian hosts
	orderBig                   // endian.Big: casts on big-endian hosts
	orderRejected              // cannot be overlaid: padding, bool, ...
)

func (o order) byteOrder() binary.ByteOrder {
	switch o {
	case orderLittle:
		return binary.LittleEndian
	case orderBig:
		return binary.BigEndian
	default:
		return binary.NativeEndian
	}
}

// castErr is the sentinel every cast to a type of order o fails with
// before looking at the buffer, or nil.
func (o order) castErr() error {
	switch {
	case o == orderRejected:
		return cast.ErrLayout
	case o == orderLittle && !hostLittle, o == orderBig && hostLittle:
		return cast.ErrByteOrder
	}
	return nil
}

func shapeOf[T any](name string, o order) shape {
	return shape{name, func(t *testing.T, b []byte, n int) { checkShape[T](t, o, b, n) }}
}

var shapes = []shape{
	shapeOf[allInts]("allInts", orderNative),
	shapeOf[floats]("floats", orderNative),
	shapeOf[arrays]("arrays", orderNative),
	shapeOf[shapeNested]("shapeNested", orderNative),
	shapeOf[deep]("deep", orderNative),
	shapeOf[littleRec]("littleRec", orderLittle),
	shapeOf[bigRec]("bigRec", orderBig),
	shapeOf[endianOnly]("endianOnly", orderNative),
	shapeOf[mixed]("mixed", orderNative),
	shapeOf[uint64]("uint64", orderNative),
	shapeOf[[7]byte]("[7]byte", orderNative),
	shapeOf[[5]int16]("[5]int16", orderNative),
	shapeOf[[3]float64]("[3]float64", orderNative),
	shapeOf[padded]("padded", orderRejected),
	shapeOf[withBool]("withBool", orderRejected),
}

// The menu. Every field is exported and every field that is not a marker
// has a size, so that encoding/binary reads and writes exactly the bytes
// the struct occupies. None has padding on any arch.
type (
	allInts struct {
		_ structs.HostLayout
		_ endian.Native
		A uint8
		B int8
		C uint16
		D int16
		I uint16
		E uint32
		F int32
		G uint64
		H int64
	}
	floats struct {
		_    structs.HostLayout
		_    endian.Native
		F32  float32
		X    uint32
		F64  float64
		C64  complex64
		C128 complex128
	}
	arrays struct {
		_ structs.HostLayout
		_ endian.Native
		A [3]uint16
		B [2]uint8
		C [2][2]uint32
	}
	shapeInner struct {
		_ structs.HostLayout
		X uint32
		Y uint16
		Z [2]uint8
	}
	shapeNested struct {
		_    structs.HostLayout
		_    endian.Native
		Head shapeInner
		Tail [2]shapeInner
	}
	deep struct {
		_ structs.HostLayout
		_ endian.Native
		A [2]struct {
			_ structs.HostLayout
			B [2]struct {
				_ structs.HostLayout
				C uint16
				D int16
			}
		}
	}
	littleRec struct {
		_ structs.HostLayout
		_ endian.Little
		A uint32
		E uint32
		B uint64
		C uint16
		D int16
		F float32
	}
	bigRec struct {
		_ structs.HostLayout
		_ endian.Big
		A uint32
		B uint16
		C int16
	}
	endianOnly struct {
		_ structs.HostLayout
		A endian.U16BE
		B endian.U32LE
		C endian.I64BE
		D endian.F32LE
		E endian.U64LE
		F [3]byte
	}
	mixed struct {
		_  structs.HostLayout
		_  endian.Native
		N  uint32
		BE endian.U32BE
		LE endian.I16LE
		P  [2]byte
	}
)

// encoded returns what encoding/binary writes for v in order o.
func encoded[T any](t *testing.T, o order, v *T) []byte {
	t.Helper()
	out, err := binary.Append(nil, o.byteOrder(), v)
	require.NoError(t, err)
	return out
}

// wantErr returns the sentinel a cast with the given size and alignment
// verdicts must fail with (nil: success), in the documented order.
func wantErr(o order, sizeOK, alignOK bool) error {
	switch {
	case o.castErr() != nil:
		return o.castErr()
	case !sizeOK:
		return cast.ErrSize
	case !alignOK:
		return cast.ErrAlign
	}
	return nil
}

func checkErr(t *testing.T, op string, want, got error) bool {
	t.Helper()
	if want == nil {
		require.NoError(t, got, op)
		return true
	}
	require.ErrorIs(t, got, want, op)
	var e *cast.Error
	require.ErrorAs(t, got, &e, op)
	return false
}

// checkShape runs every operation for T on b (n elements for
// SlicePrefix) and checks each against encoding/binary and the hand
// checks.
func checkShape[T any](t *testing.T, o order, b []byte, n int) {
	size := int(unsafe.Sizeof(*new(T)))
	align := unsafe.Alignof(*new(T))
	addr := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	aligned := func(a uintptr) bool { return align <= 1 || a%align == 0 }
	// same reports whether p points at b[at].
	same := func(p unsafe.Pointer, at int) bool { return uintptr(p) == addr+uintptr(at) }
	// wantValue checks that v holds the bytes src, and that its fields
	// are what encoding/binary decodes from src in T's byte order. (The
	// fields are compared through binary.Append of both values, not with
	// src: encoding/binary passes a float32 through float64, which quiets
	// a signaling NaN, so it does not reproduce every float32's bytes.)
	wantValue := func(op string, v *T, src []byte) {
		t.Helper()
		require.Equal(t, src, unsafe.Slice((*byte)(unsafe.Pointer(v)), size), "%s: the bytes of the value", op)
		var d T
		_, err := binary.Decode(src, o.byteOrder(), &d)
		require.NoError(t, err)
		require.Equal(t, encoded(t, o, &d), encoded(t, o, v), "%s: differs from binary.Decode", op)
	}

	// expect is wantErr for op: the methods of the zero Overlay that
	// NewOverlay returns with its error all fail with ErrLayout.
	expect := func(op string, sizeOK, alignOK bool) error {
		if o.castErr() != nil && strings.HasPrefix(op, "Overlay.") {
			return cast.ErrLayout
		}
		return wantErr(o, sizeOK, alignOK)
	}
	ov, ovErr := cast.NewOverlay[T]()
	checkErr(t, "NewOverlay", o.castErr(), ovErr)
	checkErr(t, "Check", o.castErr(), cast.Check[T]())

	// To, Overlay.To: exactly size bytes, aligned.
	for op, f := range map[string]func([]byte) (*T, error){"To": cast.To[T], "Overlay.To": ov.To} {
		p, err := f(b)
		if checkErr(t, op, expect(op, len(b) == size, aligned(addr)), err) {
			require.True(t, same(unsafe.Pointer(p), 0), op)
			wantValue(op, p, b)
			require.True(t, same(unsafe.Pointer(unsafe.SliceData(cast.Bytes(p))), 0), "Bytes")
			require.Len(t, cast.Bytes(p), size, "Bytes")
		} else {
			require.Nil(t, p, op)
		}
	}
	// Prefix: at least size bytes, aligned; rest is b[size:].
	for op, f := range map[string]func([]byte) (*T, []byte, error){"Prefix": cast.Prefix[T], "Overlay.Prefix": ov.Prefix} {
		p, rest, err := f(b)
		if checkErr(t, op, expect(op, len(b) >= size, aligned(addr)), err) {
			require.True(t, same(unsafe.Pointer(p), 0), op)
			wantValue(op, p, b[:size])
			require.Len(t, rest, len(b)-size, op)
			require.Equal(t, cap(b)-size, cap(rest), op)
			if len(rest) > 0 {
				require.True(t, same(unsafe.Pointer(&rest[0]), size), op)
			}
		} else {
			require.Nil(t, p, op)
			require.Nil(t, rest, op)
		}
	}
	// Suffix: at least size bytes, the last size aligned; head capped.
	for op, f := range map[string]func([]byte) ([]byte, *T, error){"Suffix": cast.Suffix[T], "Overlay.Suffix": ov.Suffix} {
		head, p, err := f(b)
		at := len(b) - size
		if checkErr(t, op, expect(op, at >= 0, at >= 0 && aligned(addr+uintptr(at))), err) {
			require.True(t, same(unsafe.Pointer(p), at), op)
			wantValue(op, p, b[at:])
			require.Len(t, head, at, op)
			require.Equal(t, at, cap(head), op)
		} else {
			require.Nil(t, p, op)
			require.Nil(t, head, op)
		}
	}
	// Slice: a multiple of size, aligned; every element.
	for op, f := range map[string]func([]byte) ([]T, error){"Slice": cast.Slice[T], "Overlay.Slice": ov.Slice} {
		s, err := f(b)
		if checkErr(t, op, expect(op, len(b)%size == 0, aligned(addr)), err) {
			require.Len(t, s, len(b)/size, op)
			require.Equal(t, len(s), cap(s), op)
			for i := range s {
				wantValue(op, &s[i], b[i*size:(i+1)*size])
			}
			if len(s) > 0 {
				require.True(t, same(unsafe.Pointer(&s[0]), 0), op)
				bs := cast.SliceBytes(s)
				require.Len(t, bs, len(b), "SliceBytes")
				require.True(t, same(unsafe.Pointer(&bs[0]), 0), "SliceBytes")
			}
		} else {
			require.Nil(t, s, op)
		}
	}
	// SlicePrefix: 0 <= n <= len/size, aligned; rest after n elements.
	for op, f := range map[string]func([]byte, int) ([]T, []byte, error){"SlicePrefix": cast.SlicePrefix[T], "Overlay.SlicePrefix": ov.SlicePrefix} {
		s, rest, err := f(b, n)
		if checkErr(t, op, expect(op, n >= 0 && n <= len(b)/size, aligned(addr)), err) {
			require.Len(t, s, n, op)
			for i := range s {
				wantValue(op, &s[i], b[i*size:(i+1)*size])
			}
			require.Len(t, rest, len(b)-n*size, op)
		} else {
			require.Nil(t, s, op)
			require.Nil(t, rest, op)
		}
	}
	// Read, Overlay.Read: exactly size bytes, any alignment, a copy.
	for op, f := range map[string]func([]byte) (T, error){"Read": cast.Read[T], "Overlay.Read": ov.Read} {
		v, err := f(b)
		if checkErr(t, op, expect(op, len(b) == size, true), err) {
			wantValue(op, &v, b)
		} else {
			var zero T
			require.Equal(t, encoded(t, orderNative, &zero), encoded(t, orderNative, &v), op)
		}
	}
	// ReadPrefix: at least size bytes, any alignment.
	v, rest, err := cast.ReadPrefix[T](b)
	if checkErr(t, "ReadPrefix", wantErr(o, len(b) >= size, true), err) {
		wantValue("ReadPrefix", &v, b[:size])
		require.Len(t, rest, len(b)-size)
	} else {
		require.Nil(t, rest)
	}
	// Bytes and SliceBytes panic, with the layout error, for a type
	// that cannot be overlaid at all (not for a byte-order mismatch).
	if o == orderRejected {
		for op, f := range map[string]func(){
			"Bytes":      func() { cast.Bytes(new(T)) },
			"SliceBytes": func() { cast.SliceBytes(make([]T, 1)) },
		} {
			func() {
				defer func() {
					e, ok := recover().(error)
					require.True(t, ok, "%s did not panic with an error", op)
					require.ErrorIs(t, e, cast.ErrLayout, op)
				}()
				f()
			}()
		}
	}
	checkEndianGet(t, b)
}

// checkEndianGet checks the Get methods of endianOnly, cast at any
// alignment, against encoding/binary on the same bytes.
func checkEndianGet(t *testing.T, b []byte) {
	p, _, err := cast.Prefix[endianOnly](b)
	if err != nil {
		assert.ErrorIs(t, err, cast.ErrSize, "endianOnly has alignment 1")
		return
	}
	assert.Equal(t, binary.BigEndian.Uint16(b[0:]), p.A.Get())
	assert.Equal(t, binary.LittleEndian.Uint32(b[2:]), p.B.Get())
	assert.Equal(t, int64(binary.BigEndian.Uint64(b[6:])), p.C.Get())
	assert.Equal(t, math.Float32bits(p.D.Get()), binary.LittleEndian.Uint32(b[14:]))
	assert.Equal(t, binary.LittleEndian.Uint64(b[18:]), p.E.Get())
}

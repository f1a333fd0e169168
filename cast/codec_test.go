package cast_test

import (
	"bytes"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"encoding/binary"
	"math"
	"reflect"
	"structs"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// The codec is checked against encoding/binary, an independent decoder of
// the same format, over a menu of types: every number kind, floats whose
// NaN payloads must survive (compared as bits), complex numbers, arrays,
// nested structs and arrays of structs, endian-typed fields, explicit
// blank padding (which encoding/binary skips: see blanks), types with a
// byte-order marker, and the header types of debug/elf, debug/macho and
// debug/pe. Each type runs in both orders (and NativeEndian), from the
// table test over fixed inputs and from the fuzz target over any input.

type allKinds struct {
	_    structs.HostLayout
	I64  int64
	U64  uint64
	F64  float64
	C128 complex128
	C64  complex64
	I32  int32
	U32  uint32
	F32  float32
	I16  int16
	U16  uint16
	I8   int8
	U8   uint8
	_    [6]byte
}

type inner struct {
	X uint32
	Y uint16
	Z int16
}

type nested struct {
	A  inner
	B  [2]inner
	C  [3][2]uint16
	_  [4]byte
	D  uint64
	E  [2][2]inner
	F  [0]uint64 // no element: nothing to swap
	G  [5]uint8
	_  [3]byte
	H  float32
	Hs [3]complex64
	_  uint32
}

type withEndian struct {
	A endian.U32BE
	B uint32
	C endian.U16LE
	D uint16
	E endian.U64LE
	F [2]endian.I16BE
	G int32
	H [4]byte
}

type blankPadded struct {
	A uint8
	_ [3]byte
	B uint32
	_ [2]uint16
	C uint16
	_ [2]byte
}

type markedBig struct {
	_ structs.HostLayout
	_ endian.Big
	A uint32
	B uint16
	C int16
	D [2]uint64
}

type markedLittle struct {
	_ structs.HostLayout
	_ endian.Little
	A float64
	B [3]uint16
	C uint16
}

type markedNative struct {
	_ endian.Native
	A uint32
	B float32
}

type bigArray [64]uint32

// codecMenu lists the differential cases. Each is one generic function
// instantiated for one type.
var codecMenu = []struct {
	name string
	run  func(t *testing.T, data []byte, order binary.ByteOrder)
}{
	{"uint16", diffCodec[uint16]},
	{"int32", diffCodec[int32]},
	{"uint64", diffCodec[uint64]},
	{"float32", diffCodec[float32]},
	{"float64", diffCodec[float64]},
	{"complex64", diffCodec[complex64]},
	{"complex128", diffCodec[complex128]},
	{"[3]int16", diffCodec[[3]int16]},
	{"[2][3]uint32", diffCodec[[2][3]uint32]},
	{"[4]float64", diffCodec[[4]float64]},
	{"bigArray", diffCodec[bigArray]},
	{"allKinds", diffCodec[allKinds]},
	{"nested", diffCodec[nested]},
	{"withEndian", diffCodec[withEndian]},
	{"blankPadded", diffCodec[blankPadded]},
	{"markedBig", diffCodec[markedBig]},
	{"markedLittle", diffCodec[markedLittle]},
	{"markedNative", diffCodec[markedNative]},
	{"elf.Header64", diffCodec[elf.Header64]},
	{"elf.Header32", diffCodec[elf.Header32]},
	{"elf.Section64", diffCodec[elf.Section64]},
	{"elf.Section32", diffCodec[elf.Section32]},
	{"elf.Prog64", diffCodec[elf.Prog64]},
	{"elf.Prog32", diffCodec[elf.Prog32]},
	{"elf.Sym64", diffCodec[elf.Sym64]},
	{"elf.Sym32", diffCodec[elf.Sym32]},
	{"elf.Rela64", diffCodec[elf.Rela64]},
	{"elf.Dyn64", diffCodec[elf.Dyn64]},
	{"macho.FileHeader", diffCodec[macho.FileHeader]},
	{"macho.Segment64", diffCodec[macho.Segment64]},
	{"macho.Section64", diffCodec[macho.Section64]},
	{"macho.Nlist64", diffCodec[macho.Nlist64]},
	{"macho.SymtabCmd", diffCodec[macho.SymtabCmd]},
	{"pe.FileHeader", diffCodec[pe.FileHeader]},
	{"pe.OptionalHeader32", diffCodec[pe.OptionalHeader32]},
	{"pe.SectionHeader32", diffCodec[pe.SectionHeader32]},
	{"pe.DataDirectory", diffCodec[pe.DataDirectory]},
}

var codecOrders = []binary.ByteOrder{binary.BigEndian, binary.LittleEndian, binary.NativeEndian}

// allowed reports whether T, by its marker, may be used with order.
func allowed[T any](order binary.ByteOrder) bool {
	var t T
	switch any(t).(type) {
	case markedBig:
		return isBig(order)
	case markedLittle:
		return !isBig(order)
	}
	return true
}

func isBig(order binary.ByteOrder) bool {
	return order == binary.BigEndian || order == binary.NativeEndian && binary.NativeEndian.Uint16([]byte{0, 1}) == 1
}

// blanks returns the byte ranges of t's blank (_) fields, which
// encoding/binary skips when reading and writes as zeros, and the codec
// copies.
func blanks(t reflect.Type, base uintptr, acc [][2]uintptr) [][2]uintptr {
	switch t.Kind() {
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Name == "_" {
				acc = append(acc, [2]uintptr{base + f.Offset, base + f.Offset + f.Type.Size()})
				continue
			}
			acc = blanks(f.Type, base+f.Offset, acc)
		}
	case reflect.Array:
		for i := range t.Len() {
			acc = blanks(t.Elem(), base+uintptr(i)*t.Elem().Size(), acc)
		}
	}
	return acc
}

// floats32 returns the offsets of t's float32s, complex64 halves
// included.
func floats32(t reflect.Type, base uintptr, acc []uintptr) []uintptr {
	switch t.Kind() {
	case reflect.Float32:
		acc = append(acc, base)
	case reflect.Complex64:
		acc = append(acc, base, base+4)
	case reflect.Struct:
		for i := range t.NumField() {
			acc = floats32(t.Field(i).Type, base+t.Field(i).Offset, acc)
		}
	case reflect.Array:
		for i := range t.Len() {
			acc = floats32(t.Elem(), base+uintptr(i)*t.Elem().Size(), acc)
		}
	}
	return acc
}

// oracleView returns b (one or more Ts in host order) in a form that
// encoding/binary's decoding and the codec's agree on: blank fields zero,
// and every float32 NaN replaced by one quiet NaN. encoding/binary's
// reflection path converts float32s to float64 and back, and hardware
// rewrites NaNs on the way, differently by arch: amd64 and arm set the
// quiet bit of a signaling NaN, legacy-NaN mips replaces it with its
// default NaN 0x7fffffff. The codec keeps every bit; the round-trip
// checks prove that.
func oracleView[T any](b []byte) []byte {
	out := clearBlanks[T](b)
	size := int(unsafe.Sizeof(*new(T)))
	offs := floats32(reflect.TypeFor[T](), 0, nil)
	for at := 0; at+size <= len(out); at += size {
		for _, o := range offs {
			f := out[at+int(o) : at+int(o)+4]
			x := binary.NativeEndian.Uint32(f)
			if x&0x7f80_0000 == 0x7f80_0000 && x&0x007f_ffff != 0 {
				binary.NativeEndian.PutUint32(f, 0x7fc0_0000)
			}
		}
	}
	return out
}

// clearBlanks zeroes the bytes of b (one or more Ts) that are T's blank
// fields.
func clearBlanks[T any](b []byte) []byte {
	size := int(unsafe.Sizeof(*new(T)))
	out := bytes.Clone(b)
	spans := blanks(reflect.TypeFor[T](), 0, nil)
	for at := 0; at+size <= len(out); at += size {
		for _, s := range spans {
			clear(out[at+int(s[0]) : at+int(s[1])])
		}
	}
	return out
}

// diffCodec checks every codec form for T against encoding/binary on
// data in order.
func diffCodec[T any](t *testing.T, data []byte, order binary.ByteOrder) {
	size := int(unsafe.Sizeof(*new(T)))
	require.Equal(t, size, binary.Size(new(T)), "encoding/binary's size")
	if !allowed[T](order) {
		_, _, err := cast.Decode[T](data, order)
		require.ErrorIs(t, err, cast.ErrByteOrder)
		var v T
		_, err = cast.Append(nil, order, &v)
		assert.ErrorIs(t, err, cast.ErrByteOrder)
		return
	}

	// Decode against binary.Decode.
	got, rest, err := cast.Decode[T](data, order)
	var want T
	_, werr := binary.Decode(data, order, &want)
	if len(data) < size {
		require.Error(t, werr)
		require.ErrorIs(t, err, cast.ErrSize)
		assert.Nil(t, rest)
		assert.Zero(t, got)
		return
	}
	require.NoError(t, werr)
	require.NoError(t, err)
	assert.Equal(t, data[size:], rest)
	gotBytes := memOf(&got)
	// encoding/binary leaves blank fields zero; the codec copies them.
	assert.Equal(t, oracleView[T](memOf(&want)), oracleView[T](gotBytes), "Decode's numbers, as bits")

	// Encode and Append against binary.Encode and binary.Append: of the
	// decoded value they give back data, blanks included.
	enc := make([]byte, size+3)
	erest, err := cast.Encode(enc, order, &got)
	require.NoError(t, err)
	assert.Len(t, erest, 3)
	assert.Equal(t, data[:size], enc[:size], "Encode of Decode round trip")
	wenc := make([]byte, size)
	_, err = binary.Encode(wenc, order, &want)
	require.NoError(t, err)
	clean := want // blanks zero, as binary writes them
	cenc, err := cast.Append([]byte("pre"), order, &clean)
	require.NoError(t, err)
	wapp, err := binary.Append([]byte("pre"), order, &want)
	require.NoError(t, err)
	assert.Equal(t, wapp, cenc, "Append")
	assert.Equal(t, wenc, cenc[3:], "Encode")

	// DecodeFrom and EncodeTo against binary.Read and binary.Write.
	r := bytes.NewReader(data)
	rgot, err := cast.DecodeFrom[T](r, order)
	require.NoError(t, err)
	assert.Equal(t, gotBytes, memOf(&rgot), "DecodeFrom")
	assert.Equal(t, len(data)-size, r.Len(), "DecodeFrom reads exactly T")
	var w bytes.Buffer
	require.NoError(t, cast.EncodeTo(&w, order, &clean))
	var ww bytes.Buffer
	require.NoError(t, binary.Write(&ww, order, &want))
	assert.Equal(t, ww.Bytes(), w.Bytes(), "EncodeTo")
	agot, err := cast.DecodeAt[T](r, int64(len(data)-size), order)
	require.NoError(t, err)
	wat, _, _ := cast.Decode[T](data[len(data)-size:], order)
	assert.Equal(t, memOf(&wat), memOf(&agot), "DecodeAt")

	// The slice forms against binary.Read and binary.Append of a []T.
	n := len(data) / size
	s := make([]T, n)
	srest, err := cast.DecodeSlice(s, data, order)
	require.NoError(t, err)
	assert.Len(t, srest, len(data)-n*size)
	ws := make([]T, n)
	require.NoError(t, binary.Read(bytes.NewReader(data), order, ws))
	assert.Equal(t, oracleView[T](sliceMemOf(ws)), oracleView[T](sliceMemOf(s)), "DecodeSlice")
	sat, err := cast.DecodeSliceAt[T](bytes.NewReader(data), 0, n, n, order)
	require.NoError(t, err)
	assert.Equal(t, sliceMemOf(s), sliceMemOf(sat), "DecodeSliceAt")
	sapp, err := cast.AppendSlice([]byte{9}, order, s)
	require.NoError(t, err)
	assert.Equal(t, append([]byte{9}, data[:n*size]...), sapp, "AppendSlice round trip")
	csapp, err := cast.AppendSlice([]byte{9}, order, ws)
	require.NoError(t, err)
	wsapp, err := binary.Append([]byte{9}, order, ws)
	require.NoError(t, err)
	assert.Equal(t, wsapp, csapp, "AppendSlice")

	// Borrow: the same elements, viewed or copied.
	bs, copied, err := cast.Borrow[T](data[:n*size], order)
	require.NoError(t, err)
	assert.Equal(t, sliceMemOf(s), sliceMemOf(bs), "Borrow")
	swaps := orderSwapsForTest(order)
	aligned := uintptr(unsafe.Pointer(unsafe.SliceData(data)))%unsafe.Alignof(*new(T)) == 0
	assert.Equal(t, swaps || !aligned, copied, "Borrow copies exactly when it must")

	// Swap of a raw copy is Decode.
	raw, err := cast.Read[T](data[:size])
	if err == nil { // a marked T on a host of the other order cannot be Read
		require.NoError(t, cast.Swap(&raw, order))
		assert.Equal(t, gotBytes, memOf(&raw), "Swap")
		require.NoError(t, cast.Swap(&raw, order))
		assert.Equal(t, data[:size], memOf(&raw), "Swap twice")
		rs := bytes.Clone(data[:n*size])
		sv := make([]T, n)
		copy(sliceMemOf(sv), rs)
		require.NoError(t, cast.SwapSlice(sv, order))
		assert.Equal(t, sliceMemOf(s), sliceMemOf(sv), "SwapSlice")
	}
}

// memOf and sliceMemOf are cast.Bytes and cast.SliceBytes for any T,
// including a T marked with the order this host has not.
func memOf[T any](p *T) []byte { return unsafe.Slice((*byte)(unsafe.Pointer(p)), unsafe.Sizeof(*p)) }

func sliceMemOf[T any](s []T) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*int(unsafe.Sizeof(*new(T))))
}

// orderSwapsForTest reports whether order differs from the host's.
func orderSwapsForTest(order binary.ByteOrder) (swaps bool) {
	host := binary.NativeEndian.Uint16([]byte{0, 1}) == 1
	return order != binary.NativeEndian && isBig(order) != host
}

// codecInputs returns inputs for the table test: patterns, NaN payloads,
// a misaligned copy, short and long buffers.
func codecInputs() map[string][]byte {
	ramp := make([]byte, 700)
	for i := range ramp {
		ramp[i] = byte(i*37 + 11)
	}
	nans := make([]byte, 0, 704)
	for len(nans) < 700 {
		// signaling and quiet NaNs with payloads, both orders' patterns
		nans = binary.BigEndian.AppendUint64(nans, 0x7ff0_0000_0000_0001)
		nans = binary.LittleEndian.AppendUint64(nans, 0x7ff8_dead_beef_0001)
		nans = binary.BigEndian.AppendUint32(nans, 0x7f80_0001)
		nans = binary.LittleEndian.AppendUint32(nans, 0xffc0_1234)
		nans = binary.BigEndian.AppendUint64(nans, math.Float64bits(math.Inf(-1)))
	}
	return map[string][]byte{
		"ramp":       ramp,
		"misaligned": append(make([]byte, 1, 702), ramp...)[1:],
		"nans":       nans,
		"ones":       bytes.Repeat([]byte{0xff}, 520),
		"short":      ramp[:3],
		"empty":      nil,
	}
}

func TestCodecDifferential(t *testing.T) {
	require.GreaterOrEqual(t, len(codecMenu), 20)
	for _, c := range codecMenu {
		for name, data := range codecInputs() {
			for _, order := range codecOrders {
				t.Run(c.name+"/"+name+"/"+orderString(order), func(t *testing.T) {
					c.run(t, data, order)
				})
			}
		}
	}
}

func orderString(o binary.ByteOrder) string {
	if o == binary.NativeEndian {
		return "native"
	}
	return o.String()
}

func FuzzCodec(f *testing.F) {
	for _, data := range codecInputs() {
		f.Add(byte(0), byte(0), data)
	}
	f.Add(byte(18), byte(1), codecInputs()["nans"])
	f.Fuzz(func(t *testing.T, which, order byte, data []byte) {
		c := codecMenu[int(which)%len(codecMenu)]
		c.run(t, data, codecOrders[int(order)%len(codecOrders)])
	})
}

// TestCodecLongSlices runs the slice forms over more elements than one
// block of the swap (64) and one read of DecodeSliceAt, against
// binary.Read.
func TestCodecLongSlices(t *testing.T) {
	t.Run("elf.Sym64", longSlice[elf.Sym64])
	t.Run("nested", longSlice[nested])
	t.Run("allKinds", longSlice[allKinds])
	t.Run("[3]int16", longSlice[[3]int16])
}

func longSlice[T any](t *testing.T) {
	const n = 1000
	size := int(unsafe.Sizeof(*new(T)))
	data := make([]byte, n*size+1)[1:]
	for i := range data {
		data[i] = byte(i*131 + i>>8)
	}
	for _, order := range []binary.ByteOrder{binary.BigEndian, binary.LittleEndian} {
		want := make([]T, n)
		require.NoError(t, binary.Read(bytes.NewReader(data), order, want))
		got := make([]T, n)
		_, err := cast.DecodeSlice(got, data, order)
		require.NoError(t, err)
		assert.Equal(t, oracleView[T](sliceMemOf(want)), oracleView[T](sliceMemOf(got)), "DecodeSlice")
		at, err := cast.DecodeSliceAt[T](bytes.NewReader(data), 0, n, n, order)
		require.NoError(t, err)
		assert.Equal(t, sliceMemOf(got), sliceMemOf(at), "DecodeSliceAt")
		b, copied, err := cast.Borrow[T](data, order)
		require.NoError(t, err)
		assert.True(t, copied)
		assert.Equal(t, sliceMemOf(got), sliceMemOf(b), "Borrow")
		enc, err := cast.AppendSlice(nil, order, got)
		require.NoError(t, err)
		assert.Equal(t, data, enc, "AppendSlice round trip")
		require.NoError(t, cast.SwapSlice(got, order))
		swaps := orderSwapsForTest(order)
		if swaps {
			assert.Equal(t, data, sliceMemOf(got), "SwapSlice undoes DecodeSlice")
		}
	}
}

// TestCodecEncodeOverlap encodes a value that lives in the buffer it is
// written to, at the same address and overlapping it partly in both
// directions: the result must be that of encoding a copy.
func TestCodecEncodeOverlap(t *testing.T) {
	t.Run("nested", encodeOverlap[nested])
	t.Run("elf.Header64", encodeOverlap[elf.Header64])
	t.Run("[9]uint64", encodeOverlap[[9]uint64])
}

func encodeOverlap[T any](t *testing.T) {
	size := int(unsafe.Sizeof(*new(T)))
	align := int(unsafe.Alignof(*new(T)))
	for _, order := range []binary.ByteOrder{binary.BigEndian, binary.LittleEndian} {
		for _, shift := range []int{-2 * align, -align, 0, align, 2 * align} {
			mem := make([]uint64, (3*size)/8+2) // 8-aligned backing
			buf := unsafe.Slice((*byte)(unsafe.Pointer(&mem[0])), len(mem)*8)
			for i := range buf {
				buf[i] = byte(i*29 + 5)
			}
			at := size // where the value lives
			v := (*T)(unsafe.Pointer(&buf[at]))
			want, err := cast.Append(nil, order, new(*v))
			require.NoError(t, err)
			rest, err := cast.Encode(buf[at+shift:], order, v)
			require.NoError(t, err, "shift %d", shift)
			assert.Equal(t, want, buf[at+shift:at+shift+size], "Encode %v, shift %d", order, shift)
			assert.Len(t, rest, len(buf)-at-shift-size)
		}
	}
}

package cast_test

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// sameMemory reports whether a and b are the same bytes: same address,
// same length.
func sameMemory(a, b []byte) bool {
	return len(a) == len(b) && unsafe.SliceData(a) == unsafe.SliceData(b)
}

func TestToAliases(t *testing.T) {
	b := aligned(headerSize)
	h, err := cast.To[Header](b)
	require.NoError(t, err)

	h.Magic = 0x01020304
	h.Length = 0x1122334455667788
	assert.Equal(t, uint32(0x01020304), hostOrder.Uint32(b[0:4]), "write through the pointer shows in b")
	assert.Equal(t, uint64(0x1122334455667788), hostOrder.Uint64(b[8:16]))

	hostOrder.PutUint16(b[4:6], 7)
	assert.Equal(t, uint16(7), h.Version, "write to b shows through the pointer")

	back := cast.Bytes(h)
	assert.True(t, sameMemory(b, back), "Bytes gives back exactly the bytes cast")
	back[6] = 0xFF
	assert.Equal(t, byte(0xFF), b[6])
}

func TestEndianFieldsAlias(t *testing.T) {
	b := make([]byte, 16)
	h, err := cast.To[beHeader](b)
	require.NoError(t, err)
	h.Magic.Set(0xCAFEBABE)
	h.Flags.Set(0x0102)
	h.Seq.Set(-2)
	assert.Equal(t, []byte{0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0x02, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE}, b)
	b[4], b[5] = 0x12, 0x34
	assert.Equal(t, uint16(0x1234), h.Length.Get())
}

func TestPrefixSuffixAlias(t *testing.T) {
	b := pattern(aligned(2*headerSize + 8))
	hdr := cast.MustOverlay[Header]()
	p, rest, err := hdr.Prefix(b)
	require.NoError(t, err)
	assert.True(t, sameMemory(cast.Bytes(p), b[:headerSize]))
	assert.True(t, sameMemory(rest, b[headerSize:]))
	p.Flags = 0xFFFF
	assert.Equal(t, []byte{0xFF, 0xFF}, b[6:8])

	head, q, err := hdr.Suffix(b)
	require.NoError(t, err)
	assert.True(t, sameMemory(cast.Bytes(q), b[len(b)-headerSize:]))
	assert.True(t, sameMemory(head, b[:len(b)-headerSize]))
	q.Checksum = 0
	assert.Equal(t, make([]byte, 8), b[len(b)-8:])
}

func TestSliceAliases(t *testing.T) {
	b := pattern(aligned(5 * recSize))
	s, err := cast.Slice[rec](b)
	require.NoError(t, err)
	require.Len(t, s, 5)
	assert.True(t, sameMemory(cast.SliceBytes(s), b), "SliceBytes gives back exactly the bytes cast")
	for i := range s {
		assert.Equal(t, hostOrder.Uint32(b[8*i:]), s[i].A)
		s[i].B = uint32(i)
	}
	for i := range s {
		assert.Equal(t, uint32(i), hostOrder.Uint32(b[8*i+4:]))
	}
	b[8*3] = 0xAA
	assert.Equal(t, byte(0xAA), byte(s[3].A>>(8*hostShift())))

	s2, rest, err := cast.MustOverlay[rec]().SlicePrefix(b, 2)
	require.NoError(t, err)
	assert.True(t, sameMemory(cast.SliceBytes(s2), b[:16]))
	assert.True(t, sameMemory(rest, b[16:]))
	assert.Same(t, &s[1], &s2[1])
}

// hostShift returns which byte (0 or 3) of a uint32 holds its lowest
// address, in bytes of shift.
func hostShift() int {
	if hostOrder.Uint32([]byte{1, 0, 0, 0}) == 1 {
		return 0
	}
	return 3
}

func TestReadCopies(t *testing.T) {
	b := pattern(aligned(headerSize + 1))
	v, err := cast.Read[Header](b[1:])
	require.NoError(t, err)
	assert.Equal(t, string(b[1:]), string(cast.Bytes(&v)))
	b[1] = 0
	assert.NotZero(t, byte(v.Magic), "Read's result does not alias b")

	v2, rest, err := cast.ReadPrefix[Header](b)
	require.NoError(t, err)
	assert.Equal(t, string(b[:headerSize]), string(cast.Bytes(&v2)))
	assert.True(t, sameMemory(rest, b[headerSize:]))
}

func TestBytesOfValues(t *testing.T) {
	var h Header
	bs := cast.Bytes(&h)
	require.Len(t, bs, headerSize)
	assert.Equal(t, headerSize, cap(bs))
	assert.Equal(t, uintptr(unsafe.Pointer(&h)), addr(bs))
	bs[0] = 1
	assert.NotZero(t, h.Magic)

	assert.Nil(t, cast.Bytes[Header](nil))
	assert.Nil(t, cast.SliceBytes[rec](nil))
	e := cast.SliceBytes([]rec{})
	assert.NotNil(t, e)
	assert.Empty(t, e)
	recs := make([]rec, 3, 10)
	assert.Len(t, cast.SliceBytes(recs), 3*recSize)
	assert.Empty(t, cast.SliceBytes(recs[:0]))

	u := endian.NewU32BE(0xCAFEBABE)
	assert.Equal(t, []byte{0xCA, 0xFE, 0xBA, 0xBE}, cast.Bytes(&u))
}

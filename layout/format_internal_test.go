package layout

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/endian"
)

// TestWordCellsAreMemoryBits checks the diagram's cells of random bits
// tags against encoding/binary: the bits drawn for a sub-field are the
// bits of memory that hold it when the word holds only that sub-field's
// bits, set, in the word's byte order, each byte drawn most significant
// bit first.
func TestWordCellsAreMemoryBits(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 1))
	orders := map[bool]binary.ByteOrder{true: binary.BigEndian, false: binary.LittleEndian}
	for range 2000 {
		n := []int{8, 16, 32, 64}[r.IntN(4)]
		var entries []string
		for used := 0; used < n; {
			w := 1 + r.IntN(min(16, n-used))
			entries = append(entries, fmt.Sprintf("F%d:%d", len(entries), w))
			used += w
		}
		tag := strings.Join(entries, ",")
		subs, err := ParseBits(tag, n)
		require.NoError(t, err, tag)
		for big, order := range orders {
			w := wordView{bits: n, subs: subs, big: big}
			const off = 3 // bytes before the word
			cells := w.cells(off * 8)
			for _, s := range subs {
				mem := make([]byte, n/8)
				v := (uint64(1)<<s.Width - 1) << s.Shift
				switch n {
				case 8:
					mem[0] = uint8(v)
				case 16:
					order.PutUint16(mem, uint16(v))
				case 32:
					order.PutUint32(mem, uint32(v))
				case 64:
					order.PutUint64(mem, v)
				}
				var want, got []int64
				for p := range int64(n) {
					if mem[p/8]&(0x80>>(p%8)) != 0 {
						want = append(want, off*8+p)
					}
				}
				for _, c := range cells {
					if c.label == s.Name {
						for p := c.off; p < c.end; p++ {
							got = append(got, p)
						}
					}
				}
				assert.Equal(t, want, got, "%s in a %d-bit word, big endian %v: %s", s.Name, n, big, tag)
			}
		}
	}
}

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		s     string
		width int
		want  []string
	}{
		{"DataOffset", 7, []string{"Data", "Offset"}},
		{"SYN", 1, []string{"S", "Y", "N"}},
		{"VeryLongName", 5, []string{"Very", "Long", "Name"}},
		{"abcdefgh", 3, []string{"abc", "def", "gh"}},
		{"IPv4Flags", 5, []string{"IPv4", "Flags"}},
		{"(12)", 1, []string{"(", "1", "2", ")"}},
	} {
		assert.Equal(t, tc.want, wrap(tc.s, tc.width), "%q in %d", tc.s, tc.width)
	}
}

// TestEndianWordOrder checks endianWordBig, which reads a word's byte
// order from its name, against what the endian types store: the first
// byte of the value 0x01...
func TestEndianWordOrder(t *testing.T) {
	for _, v := range []any{
		endian.NewU16BE(0x0102), endian.NewU16LE(0x0102), endian.NewU16[endian.Big](0x0102), endian.NewU16[endian.Little](0x0102),
		endian.NewU24BE(0x010203), endian.NewU24LE(0x010203), endian.NewU24[endian.Big](0x010203), endian.NewU24[endian.Little](0x010203),
		endian.NewU32BE(0x01020304), endian.NewU32LE(0x01020304), endian.NewU32[endian.Big](0x01020304), endian.NewU32[endian.Little](0x01020304),
		endian.NewU64BE(0x0102030405060708), endian.NewU64LE(0x0102030405060708),
		endian.NewU64[endian.Big](0x0102030405060708), endian.NewU64[endian.Little](0x0102030405060708),
	} {
		rv := reflect.ValueOf(v)
		tree, err := FromReflect(rv.Type())
		require.NoError(t, err)
		require.Positive(t, tree.WordBits(), tree.Name)
		first := rv.Index(0).Uint()
		for _, a := range []Arch{mustArchNamed(t, "amd64"), mustArchNamed(t, "s390x")} {
			assert.Equal(t, first == 1, endianWordBig(tree.Name, a), "%s on %s", tree.Name, a.Name)
		}
	}
}

func mustArchNamed(t *testing.T, name string) Arch {
	a, ok := ArchByName(name)
	require.True(t, ok, name)
	return a
}

// TestNoteInNarrowCell checks that a note number too wide for a one-bit
// cell is written down it whole.
func TestNoteInNarrowCell(t *testing.T) {
	d := diagram{notes: make([]string, 9)}
	assert.Equal(t, []string{"(", "1", "0", ")"}, d.labelLines("LongName", 1))
	assert.Equal(t, []string{"(11)"}, d.labelLines("abcdefghijklmnopq", 5))
	assert.Equal(t, []string{"L", "o", "n"}, d.labelLines("Lon", 1))
}

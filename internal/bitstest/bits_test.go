package bitstest_test

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/bitfield"
	"github.com/go-overlay/overlay/endian"
	"github.com/go-overlay/overlay/internal/bitstest"
)

// A word reads and writes the bits of one field of a struct value through
// reflect and encoding/binary, not through the code under test.
type word struct {
	v     reflect.Value // the field
	bits  int
	order binary.ByteOrder // nil for a plain word
}

func (w word) get() uint64 {
	if w.order == nil {
		return w.v.Uint()
	}
	var b [8]byte
	n := w.bits / 8
	for i := range n {
		b[i] = byte(w.v.Index(i).Uint())
	}
	if w.order == binary.BigEndian {
		// Right-align the n bytes in 8, so that one Uint64 reads them.
		copy(b[8-n:], b[:n])
		clear(b[:8-n])
	}
	return w.order.Uint64(b[:])
}

func (w word) set(x uint64) {
	if w.order == nil {
		w.v.SetUint(x)
		return
	}
	var b [8]byte
	w.order.PutUint64(b[:], x)
	n := w.bits / 8
	if w.order == binary.BigEndian {
		copy(b[:n], b[8-n:])
	}
	for i := range n {
		w.v.Index(i).SetUint(uint64(b[i]))
	}
}

// naiveGet and naiveSet are the reference: one bit at a time.
func naiveGet(x uint64, shift, width int) uint64 {
	var v uint64
	for i := range width {
		if x&(1<<(shift+i)) != 0 {
			v |= 1 << i
		}
	}
	return v
}

func naiveSet(x uint64, shift, width int, v uint64) uint64 {
	for i := range width {
		bit := uint64(1) << (shift + i)
		x &^= bit
		if v&(1<<i) != 0 {
			x |= bit
		}
	}
	return x
}

// A sub is a sub-field, found by its name: S<shift>W<width>.
type sub struct {
	name         string
	shift, width int
	word         int // field index
}

// subs lists the sub-fields of struct type t from the names in its tags.
func subs(t *testing.T, rt reflect.Type) []sub {
	var ss []sub
	for i := range rt.NumField() {
		for e := range strings.SplitSeq(rt.Field(i).Tag.Get("bits"), ",") {
			name, _, _ := strings.Cut(e, ":")
			if name == "_" {
				continue
			}
			var s sub
			_, err := fmt.Sscanf(name, "S%dW%d", &s.shift, &s.width)
			require.NoError(t, err, "%s", name)
			s.name, s.word = name, i
			ss = append(ss, s)
		}
	}
	return ss
}

func maxOf(width int) uint64 { return uint64(1)<<(width-1)<<1 - 1 }

// check tests every sub-field of *p, a pointer to a struct of words of
// bits bits in byte order order (nil for plain words).
func check(t *testing.T, p any, bits int, order binary.ByteOrder) {
	rng := rand.New(rand.NewPCG(1, 2)) // fixed, so that a failure repeats
	pv := reflect.ValueOf(p)
	rt := pv.Elem().Type()
	ss := subs(t, rt)
	require.NotEmpty(t, ss)
	words := []uint64{0, maxOf(bits), 0xaaaaaaaaaaaaaaaa & maxOf(bits), 0x5555555555555555 & maxOf(bits)}
	nrand := 64
	if testing.Short() {
		nrand = 8
	}
	for range nrand {
		words = append(words, rng.Uint64()&maxOf(bits))
	}
	for _, s := range ss {
		w := word{v: pv.Elem().Field(s.word), bits: bits, order: order}
		get := pv.MethodByName(s.name)
		setter := pv.MethodByName("Set" + s.name)
		require.True(t, get.IsValid() && setter.IsValid(), "%s.%s: no accessors", rt.Name(), s.name)
		vt := setter.Type().In(0)
		wantBits := 8
		for wantBits < s.width {
			wantBits *= 2
		}
		require.Equal(t, wantBits, vt.Bits(), "%s.%s: value type %s", rt.Name(), s.name, vt)
		require.Equal(t, vt, get.Type().Out(0))

		// Get, on words of every pattern.
		for _, x := range words {
			w.set(x)
			require.Equal(t, x, w.get(), "the reference's word")
			got := get.Call(nil)[0].Uint()
			if got != naiveGet(x, s.shift, s.width) {
				t.Fatalf("%s.%s() of %#x = %#x, want %#x", rt.Name(), s.name, x, got, naiveGet(x, s.shift, s.width))
			}
		}

		// Set, of every value when there are few, else edges and random.
		var values []uint64
		if s.width <= 8 {
			for v := range maxOf(s.width) + 1 {
				values = append(values, v)
			}
		} else {
			values = append(values, 0, 1, maxOf(s.width), maxOf(s.width)-1, 1<<(s.width-1))
			for range nrand {
				values = append(values, rng.Uint64()&maxOf(s.width))
			}
		}
		for i, v := range values {
			x := words[i%len(words)]
			w.set(x)
			errv := setter.Call([]reflect.Value{reflect.ValueOf(v).Convert(vt)})[0]
			require.True(t, errv.IsNil(), "%s.Set%s(%#x): %v", rt.Name(), s.name, v, errv)
			if got, want := w.get(), naiveSet(x, s.shift, s.width, v); got != want {
				t.Fatalf("%s.Set%s(%#x) on %#x: word %#x, want %#x", rt.Name(), s.name, v, x, got, want)
			}
		}

		// Too large: an error, and the word unchanged.
		if s.width < vt.Bits() {
			for _, v := range []uint64{1 << s.width, maxOf(vt.Bits()), maxOf(s.width) + 1 + rng.Uint64N(maxOf(vt.Bits())-maxOf(s.width))} {
				x := words[rng.IntN(len(words))]
				w.set(x)
				err, _ := setter.Call([]reflect.Value{reflect.ValueOf(v).Convert(vt)})[0].Interface().(error)
				var re *bitfield.RangeError
				require.ErrorAs(t, err, &re, "%s.Set%s(%#x)", rt.Name(), s.name, v)
				typeName, _, _ := strings.Cut(rt.Name(), "[")
				assert.Equal(t, bitfield.RangeError{Field: typeName + "." + s.name, Value: v, Width: s.width}, *re)
				require.ErrorIs(t, err, strconv.ErrRange)
				require.Equal(t, x, w.get(), "%s.Set%s(%#x) changed the word", rt.Name(), s.name, v)
			}
		}
	}
	t.Logf("%s: %d sub-fields", rt, len(ss))
}

func TestAccessors(t *testing.T) {
	be, le := binary.BigEndian, binary.LittleEndian
	for _, tc := range []struct {
		p     any
		bits  int
		order binary.ByteOrder
	}{
		{&bitstest.U8{}, 8, nil}, {&bitstest.U16{}, 16, nil}, {&bitstest.U32{}, 32, nil}, {&bitstest.U64{}, 64, nil},
		{&bitstest.U16BE{}, 16, be}, {&bitstest.U16LE{}, 16, le}, {&bitstest.U24BE{}, 24, be}, {&bitstest.U24LE{}, 24, le},
		{&bitstest.U32BE{}, 32, be}, {&bitstest.U32LE{}, 32, le}, {&bitstest.U64BE{}, 64, be}, {&bitstest.U64LE{}, 64, le},
		{&bitstest.G16[endian.Big]{}, 16, be}, {&bitstest.G24[endian.Big]{}, 24, be},
		{&bitstest.G32[endian.Big]{}, 32, be}, {&bitstest.G64[endian.Big]{}, 64, be},
		{&bitstest.G16[endian.Little]{}, 16, le}, {&bitstest.G24[endian.Little]{}, 24, le},
		{&bitstest.G32[endian.Little]{}, 32, le}, {&bitstest.G64[endian.Little]{}, 64, le},
	} {
		name := reflect.TypeOf(tc.p).Elem().Name()
		t.Run(name, func(t *testing.T) { check(t, tc.p, tc.bits, tc.order) })
	}
}

// TestCoverage checks that the fixtures hold what the test claims: every
// width from 1 to 16 at every position of the plain words.
func TestCoverage(t *testing.T) {
	for _, tc := range []struct {
		rt   reflect.Type
		bits int
	}{
		{reflect.TypeFor[bitstest.U8](), 8}, {reflect.TypeFor[bitstest.U16](), 16},
		{reflect.TypeFor[bitstest.U32](), 32}, {reflect.TypeFor[bitstest.U64](), 64},
	} {
		have := map[[2]int]bool{}
		for _, s := range subs(t, tc.rt) {
			have[[2]int{s.shift, s.width}] = true
		}
		n := 0
		for w := 1; w <= min(16, tc.bits); w++ {
			for shift := 0; shift+w <= tc.bits; shift++ {
				assert.True(t, have[[2]int{shift, w}], "%s: no sub-field of width %d at bit %d", tc.rt, w, shift)
				n++
			}
		}
		assert.Len(t, have, n, "%s", tc.rt)
	}
}

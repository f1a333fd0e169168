package cast_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// vlog records the Validate calls of the types below, in order.
var vlog []string

// kind is a validated enum: 0..3.
type kind uint8

func (k *kind) Validate() error {
	vlog = append(vlog, fmt.Sprintf("kind %d", *k))
	if *k > 3 {
		return kindError(*k)
	}
	return nil
}

type kindError uint8

func (e kindError) Error() string { return fmt.Sprintf("kind %d is not 0..3", uint8(e)) }

type item struct {
	Kind kind
	On   endian.Bool
	Len  endian.U16BE
}

func (it *item) Validate() error {
	vlog = append(vlog, "item")
	if it.Len.Get() > 1000 {
		return fmt.Errorf("length %d > 1000", it.Len.Get())
	}
	return nil
}

// msg has validated parts at every depth: a field, struct array
// elements, an array of arrays, and its own Validate.
type msg struct {
	Tag   endian.U32LE
	Items [3]item
	Grid  [2][2]kind
	Last  endian.Bool
}

func (m *msg) Validate() error {
	vlog = append(vlog, "msg")
	if m.Tag.Get() == 0xdead {
		return errors.New("dead tag")
	}
	return nil
}

const msgSize = 4 + 3*4 + 4 + 1

func goodMsg() []byte { return make([]byte, msgSize) }

// TestNestedValidateOrder checks that every part is validated, innermost
// first, then the type itself.
func TestNestedValidateOrder(t *testing.T) {
	b := goodMsg()
	vlog = nil
	_, err := cast.To[msg](b)
	require.NoError(t, err)
	item := []string{"kind 0", "item"}
	var want []string
	for range 3 {
		want = append(want, item...)
	}
	want = append(want, "kind 0", "kind 0", "kind 0", "kind 0", "msg")
	assert.Equal(t, want, vlog)
}

// TestNestedValidatePaths breaks one part at a time and checks that every
// cast fails with ErrInvalid, the method's error and the part's path.
func TestNestedValidatePaths(t *testing.T) {
	cases := []struct {
		off  int
		val  byte
		path string
		msg  string
	}{
		{4 + 1*4, 9, "Items[1].Kind", "kind 9 is not 0..3"},
		{4 + 2*4 + 1, 2, "Items[2].On", "endian.Bool holds 2 (0x02), want 0 or 1"},
		{4 + 0*4 + 2, 0xff, "Items[0]", "length 65280 > 1000"},
		{4 + 12 + 3, 4, "Grid[1][1]", "kind 4 is not 0..3"},
		{4 + 12 + 4, 7, "Last", "endian.Bool holds 7 (0x07), want 0 or 1"},
		{0, 0xad, "", "dead tag"},
	}
	ov := cast.MustOverlay[msg]()
	for _, tc := range cases {
		b := goodMsg()
		b[tc.off] = tc.val
		if tc.path == "" {
			b[1] = 0xde
		}
		want := tc.msg
		if tc.path != "" {
			want = tc.path + ": " + tc.msg
		}
		two := append(goodMsg(), b...) // element 1 is the bad one
		errs := map[string]error{}
		_, errs["To"] = cast.To[msg](b)
		_, _, errs["Prefix"] = cast.Prefix[msg](append(b[:len(b):len(b)], 1, 2))
		_, _, errs["Suffix"] = cast.Suffix[msg](append([]byte{1}, b...))
		_, errs["Read"] = cast.Read[msg](b)
		_, _, errs["ReadPrefix"] = cast.ReadPrefix[msg](b)
		_, errs["Overlay.To"] = ov.To(b)
		_, errs["Overlay.Read"] = ov.Read(b)
		_, errs["Slice"] = cast.Slice[msg](two)
		_, _, errs["SlicePrefix"] = cast.SlicePrefix[msg](two, 2)
		_, errs["Overlay.Slice"] = ov.Slice(two)
		for op, err := range errs {
			require.Error(t, err, "%s with %q broken", op, tc.path)
			require.ErrorIs(t, err, cast.ErrInvalid, op)
			assert.True(t, strings.HasSuffix(err.Error(), "invalid value: "+want), "%s: %v", op, err)
			if strings.Contains(op, "Slice") {
				assert.Contains(t, err.Error(), "element 1: invalid value: ", op)
			}
			if strings.HasSuffix(tc.path, "Kind") || strings.HasPrefix(tc.path, "Grid") {
				// The method's own error is reached through the chain.
				var ke kindError
				require.ErrorAs(t, err, &ke, op)
				assert.Equal(t, kindError(tc.val), ke, op)
			}
		}
	}
}

// A Validate method of a part stops the cast before T's own runs.
func TestNestedValidateStops(t *testing.T) {
	b := goodMsg()
	b[4] = 5
	vlog = nil
	_, err := cast.To[msg](b)
	require.Error(t, err)
	assert.Equal(t, []string{"kind 5"}, vlog)
}

// plainNums has no Validate anywhere: Overlay keeps the fast path (see
// TestNestedFastPath in the internal tests); flags has one only deep
// inside, which still runs.
type flags struct {
	A uint8
	B [2]struct {
		C uint8
		D [1]endian.Bool
	}
}

func TestNestedDeepOnly(t *testing.T) {
	_, err := cast.To[flags]([]byte{9, 0, 1, 0, 3})
	require.ErrorIs(t, err, cast.ErrInvalid)
	assert.True(t, strings.HasSuffix(err.Error(), "invalid value: B[1].D[0]: endian.Bool holds 3 (0x03), want 0 or 1"), err.Error())
	_, err = cast.To[flags]([]byte{9, 0, 1, 0, 0})
	require.NoError(t, err)
	_, err = cast.To[[4]endian.Bool]([]byte{0, 1, 1, 2})
	require.ErrorIs(t, err, cast.ErrInvalid)
	assert.True(t, strings.HasSuffix(err.Error(), "invalid value: [3]: endian.Bool holds 2 (0x02), want 0 or 1"), err.Error())
	// reflect's view of the type agrees with the paths the errors name.
	assert.Equal(t, "D", reflect.TypeFor[flags]().Field(1).Type.Elem().Field(1).Name)
}

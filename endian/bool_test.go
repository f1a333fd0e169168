package endian_test

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/endian"
)

// TestBool checks every byte value: 0 and 1 are valid and read as false
// and true, every other byte fails Validate with an error naming it.
func TestBool(t *testing.T) {
	t.Parallel()
	assert.Equal(t, uintptr(1), unsafe.Sizeof(endian.Bool{}))
	assert.Equal(t, uintptr(1), unsafe.Alignof(endian.Bool{}))
	for i := range 256 {
		buf := []byte{0xA5, byte(i), 0xA5}
		b := (*endian.Bool)(buf[1:2])
		assert.Equal(t, i != 0, b.Get(), "byte %d", i)
		err := b.Validate()
		if i <= 1 {
			require.NoError(t, err, "byte %d", i)
			continue
		}
		require.Error(t, err, "byte %d", i)
		assert.Equal(t, fmt.Sprintf("endian.Bool holds %d (%#02x), want 0 or 1", i, i), err.Error())
	}
	buf := []byte{0xA5, 7, 0xA5}
	b := (*endian.Bool)(buf[1:2])
	b.Set(true)
	assert.Equal(t, []byte{0xA5, 1, 0xA5}, buf)
	b.Set(false)
	assert.Equal(t, []byte{0xA5, 0, 0xA5}, buf)
	assert.Equal(t, [1]byte{1}, [1]byte(endian.NewBool(true)))
	assert.Equal(t, [1]byte{0}, [1]byte(endian.NewBool(false)))
}

// Bool formats, marshals and parses as a bool does.
func TestBoolFormatText(t *testing.T) {
	t.Parallel()
	for _, v := range []bool{false, true} {
		b := endian.NewBool(v)
		for _, f := range []string{"%v", "%t", "%6t", "%-6v|", "%+v", "%#v", "%d", "%x", "%q", "%T"} {
			want := fmt.Sprintf(f, v)
			if f == "%T" {
				want = "endian.Bool"
			}
			assert.Equal(t, want, fmt.Sprintf(f, b), f)
		}
		assert.Equal(t, fmt.Sprintf("%6s|%-6s", strconv.FormatBool(v), strconv.FormatBool(v)), fmt.Sprintf("%6s|%-6s", b, &b))
		text, err := b.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, strconv.FormatBool(v), string(text))
		want, err := json.Marshal(v)
		require.NoError(t, err)
		got, err := json.Marshal(b)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got))
	}
	for _, in := range []string{"true", "false", "null", "1", "0", `"true"`, "tru", "[]"} {
		var want bool
		wantErr := json.Unmarshal([]byte(in), &want)
		var b endian.Bool
		err := json.Unmarshal([]byte(in), &b)
		if wantErr != nil {
			require.Error(t, err, in)
		} else {
			require.NoError(t, err, in)
		}
		assert.Equal(t, want, b.Get(), in)
	}
	var b endian.Bool
	for _, in := range []string{"1", "t", "TRUE", "True"} {
		b.Set(false)
		require.NoError(t, b.UnmarshalText([]byte(in)), in)
		assert.True(t, b.Get(), in)
	}
	err := b.UnmarshalText([]byte("yes"))
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "endian.Bool: "), err.Error())
	assert.True(t, b.Get(), "a failed UnmarshalText changed b")
}

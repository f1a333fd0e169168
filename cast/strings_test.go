package cast_test

import (
	"strings"
	"testing"
	"unicode/utf8"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/cast"
)

func TestCString(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"", "", false},
		{"\x00", "", true},
		{"abc", "abc", false},
		{"abc\x00", "abc", true},
		{"ab\x00c\x00", "ab", true},
	} {
		b := []byte(tc.in)
		s, ok := cast.CString(b)
		assert.Equal(t, tc.want, string(s), "%q", tc.in)
		assert.Equal(t, tc.ok, ok, "%q", tc.in)
		assert.Equal(t, len(s), cap(s), "%q: capacity cut", tc.in)
		if len(s) > 0 {
			assert.Same(t, &b[0], &s[0], "%q: a view", tc.in)
		}
		g := cast.GoString(b)
		assert.Equal(t, tc.want, g)
		if len(b) > 0 {
			b[0] ^= 0xff
			assert.Equal(t, tc.want, g, "GoString copies")
		}
	}
}

func TestString(t *testing.T) {
	b := []byte("héllo")
	s, err := cast.String(b)
	require.NoError(t, err)
	assert.Equal(t, "héllo", s)
	assert.Equal(t, unsafe.Pointer(&b[0]), unsafe.Pointer(unsafe.StringData(s)), "no copy")

	s, err = cast.String(nil)
	require.NoError(t, err)
	assert.Empty(t, s)

	for _, bad := range []string{"\xff", "ab\xc3", "ab\xc3(", "\xed\xa0\x80", strings.Repeat("a", 100) + "\x80"} {
		s, err := cast.String([]byte(bad))
		require.ErrorIs(t, err, cast.ErrInvalid, "%q", bad)
		assert.Empty(t, s)
		var e *cast.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, len(bad), e.Got)
		// The offset is where the longest valid prefix ends.
		assert.True(t, utf8.ValidString(bad[:e.Want]), "%q: prefix %d", bad, e.Want)
		assert.False(t, utf8.ValidString(bad[:e.Want+1]) && e.Want+1 == len(bad), "%q", bad)
	}
	_, err = cast.String([]byte("ab\xc3"))
	require.EqualError(t, err, "cast.String: invalid UTF-8 at byte 2 of 3")
}

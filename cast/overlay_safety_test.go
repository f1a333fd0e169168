package cast

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestForeignVerdictRefused builds what no ordinary code can: an Overlay
// of a 64-byte type holding the verdict of an 8-byte one, as a conversion
// between Overlay types once made (issue 10), or a future bug, would. Every
// method must refuse it on the slow path instead of trusting the verdict's
// size: without the key check, To returns a *[64]byte over 8 bytes, and
// Prefix, Suffix and SlicePrefix slice past the buffer.
func TestForeignVerdictRefused(t *testing.T) {
	small := MustOverlay[[8]byte]()
	forged := Overlay[[64]byte]{nmask: small.nmask, v: small.v}
	MustOverlay[[64]byte]() // cache [64]byte's verdict, so the error can name it

	b := make([]byte, 8)
	wantErr := func(t *testing.T, err error) {
		t.Helper()
		require.Error(t, err)
		require.ErrorIs(t, err, ErrLayout)
		var e *Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, "[64]uint8", e.Type)
		assert.Contains(t, err.Error(), "holds the verdict of [8]uint8")
	}
	t.Run("To", func(t *testing.T) {
		p, err := forged.To(b)
		wantErr(t, err)
		assert.Nil(t, p)
	})
	t.Run("Prefix", func(t *testing.T) {
		p, rest, err := forged.Prefix(b)
		wantErr(t, err)
		assert.Nil(t, p)
		assert.Nil(t, rest)
	})
	t.Run("Suffix", func(t *testing.T) {
		head, p, err := forged.Suffix(b)
		wantErr(t, err)
		assert.Nil(t, p)
		assert.Nil(t, head)
	})
	t.Run("Slice", func(t *testing.T) {
		s, err := forged.Slice(b)
		wantErr(t, err)
		assert.Nil(t, s)
	})
	t.Run("SlicePrefix", func(t *testing.T) {
		s, rest, err := forged.SlicePrefix(b, 1)
		wantErr(t, err)
		assert.Nil(t, s)
		assert.Nil(t, rest)
	})
	t.Run("Read", func(t *testing.T) {
		v, err := forged.Read(b)
		wantErr(t, err)
		assert.Equal(t, [64]byte{}, v)
	})
	t.Run("uncached type argument", func(t *testing.T) {
		type never [64]byte // never cast, so its name is unknown
		_, err := Overlay[never]{nmask: small.nmask, v: small.v}.To(b)
		require.ErrorIs(t, err, ErrLayout)
		assert.Contains(t, err.Error(), "cast.Overlay[?].To: Overlay holds the verdict of [8]uint8")
	})
}

// goTool returns the path of the go command, or skips the test.
func goTool(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not available:", err)
	}
	return p
}

// buildSnippet type-checks and compiles src as a package inside this
// module (next to package cast, through go build -overlay, so that the
// tree is not touched), and returns the go command's output and error.
func buildSnippet(t *testing.T, src string, flags ...string) (string, error) {
	t.Helper()
	gocmd := goTool(t)
	wd, err := os.Getwd()
	require.NoError(t, err)
	dir := t.TempDir()
	file := filepath.Join(dir, "snippet.go")
	require.NoError(t, os.WriteFile(file, []byte(src), 0o600))
	virtual := filepath.Join(wd, "zz_snippet_overlay_only", "snippet.go")
	overlay := filepath.Join(dir, "overlay.json")
	js, err := json.Marshal(map[string]map[string]string{"Replace": {virtual: file}})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(overlay, js, 0o600))
	args := append([]string{"build", "-overlay=" + overlay, "-o", os.DevNull}, flags...)
	cmd := exec.Command(gocmd, append(args, "./zz_snippet_overlay_only")...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestOverlayConversionDoesNotCompile proves, with the compiler, that an
// Overlay of one type does not convert to an Overlay of another (issue 10:
// cast.Overlay[[64]byte](cast.MustOverlay[[8]byte]()) compiled and read 56
// bytes past the buffer). The same snippet converting to its own type
// must compile, so that a broken harness cannot pass the test.
func TestOverlayConversionDoesNotCompile(t *testing.T) {
	const snippet = `package snippet

import "github.com/go-overlay/overlay/cast"

var Big = cast.Overlay[%s](cast.MustOverlay[[8]byte]())
`
	out, err := buildSnippet(t, fmt.Sprintf(snippet, "[8]byte"))
	require.NoError(t, err, "the control snippet must compile:\n%s", out)

	for _, target := range []string{"[64]byte", "*int", "[8]int8"} {
		out, err := buildSnippet(t, fmt.Sprintf(snippet, target))
		var exit *exec.ExitError
		require.ErrorAs(t, err, &exit, "converting to Overlay[%s] compiled (%v):\n%s", target, err, out)
		assert.Contains(t, out, "cannot convert", "converting to Overlay[%s]", target)
	}
}

// TestOverlayLayout checks that the field that mentions T costs nothing:
// an Overlay is still two words.
func TestOverlayLayout(t *testing.T) {
	assert.Equal(t, 2*unsafe.Sizeof(uintptr(0)), unsafe.Sizeof(Overlay[[64]byte]{}))
}

// TestForgedMaskStillAligned forges, with unsafe, an Overlay whose nmask
// lets every address through (an alignment mask of 0) for a type aligned
// to 8. The fast paths align to T's own alignment too, so a misaligned
// buffer still goes to the slow path, which refuses it with ErrAlign;
// with the Overlay's mask alone, each method returned a misaligned *T.
func TestForgedMaskStillAligned(t *testing.T) {
	type aligned8 struct{ A, B uint64 } // aligned to 8, or 4 on 32-bit arches
	good := MustOverlay[aligned8]()
	require.Equal(t, ^(unsafe.Alignof(aligned8{}) - 1), good.nmask)
	forged := Overlay[aligned8]{nmask: ^uintptr(0), v: good.v}

	mem := make([]uint64, 8)
	b := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(mem))), 64)[2:] // safe: mem is 64 bytes; b starts 2 bytes in, misaligned for 4 and 8
	require.NotZero(t, uintptr(unsafe.Pointer(&b[0]))%unsafe.Alignof(aligned8{}))

	_, err := forged.To(b[:16])
	require.ErrorIs(t, err, ErrAlign, "To")
	_, _, err = forged.Prefix(b)
	require.ErrorIs(t, err, ErrAlign, "Prefix")
	_, _, err = forged.Suffix(b[:32]) // the T at byte 18 of mem
	require.ErrorIs(t, err, ErrAlign, "Suffix")
	_, err = forged.Slice(b[:32])
	require.ErrorIs(t, err, ErrAlign, "Slice")
	_, _, err = forged.SlicePrefix(b, 2)
	require.ErrorIs(t, err, ErrAlign, "SlicePrefix")

	// The control: the same forged Overlay on an aligned buffer succeeds.
	p, err := forged.To(b[6:22])
	require.NoError(t, err)
	assert.Equal(t, unsafe.Pointer(&b[6]), unsafe.Pointer(p))
}

package endian_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGenerated fails when a generated file differs from what gen.go
// writes, so that an edit to gen.go without "go generate", or a hand edit
// to its output, cannot land.
func TestGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	dir := t.TempDir()
	out, err := exec.Command(goCmd, "run", "gen.go", "-dir", dir).CombinedOutput()
	require.NoError(t, err, "go run gen.go: %s", out)

	files, err := filepath.Glob(filepath.Join(dir, "*"))
	require.NoError(t, err)
	require.Len(t, files, 2, "gen.go writes types.go and ordertypes.go")
	for _, f := range files {
		want, err := os.ReadFile(f)
		require.NoError(t, err)
		name := filepath.Base(f)
		got, err := os.ReadFile(name)
		require.NoError(t, err, "gen.go writes %s, which is not committed", name)
		assert.Equal(t, string(want), string(got), "%s differs from what gen.go writes: run go generate", name)
	}
}

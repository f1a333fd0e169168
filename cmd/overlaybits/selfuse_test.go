package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPackageCallsItsAccessors checks that a package whose own code calls
// the accessors is generated for although, before the file exists (or
// while it is masked), that code does not compile; and that a tagged field
// whose type does not resolve still stops the generator.
func TestPackageCallsItsAccessors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(src), 0o600))
	}
	wd, err := os.Getwd()
	require.NoError(t, err)
	root := filepath.Join(wd, "..", "..")
	write("go.mod", "module example.com/m\n\ngo 1.26\n\nrequire github.com/go-overlay/overlay v0.0.0\n\nreplace github.com/go-overlay/overlay => "+root+"\n")
	write("m.go", "package m\n\ntype T struct {\n\tW uint8 `bits:\"Hi:4,Lo:4\"`\n}\n\n// Sum calls the generated accessors.\nfunc (t *T) Sum() int { return int(t.Hi()) + int(t.Lo()) }\n")
	require.NoError(t, run(dir, "bits_gen.go"))
	src, err := os.ReadFile(filepath.Join(dir, "bits_gen.go"))
	require.NoError(t, err)
	assert.Contains(t, string(src), "func (t *T) Hi() uint8 { return t.W >> 4 }")
	// Once more, now that the file exists and is masked.
	require.NoError(t, run(dir, "bits_gen.go"))

	write("m.go", "package m\n\ntype T struct {\n\tW Missing `bits:\"Hi:4,Lo:4\"`\n}\n")
	err = run(dir, "bits_gen.go")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "m.go:4:4: undefined: Missing")
}

// Package testfiles loads the binary test files that ship with the Go
// toolchain (GOROOT/src/debug/elf/testdata and the like), for the
// differential tests of the format overlays.
package testfiles

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// File is one test file, decoded.
type File struct {
	Name string // base name, as in the directory
	Data []byte // contents, after undoing .base64 and .gz
}

var (
	gorootOnce sync.Once
	goroot     string
)

// GOROOT returns the root of the Go installation whose sources hold the test
// files: `go env GOROOT` if the go command runs, else runtime.GOROOT().
func GOROOT() string {
	gorootOnce.Do(func() {
		if out, err := exec.Command("go", "env", "GOROOT").Output(); err == nil {
			goroot = strings.TrimSpace(string(out))
		}
		if goroot == "" {
			goroot = runtime.GOROOT() //nolint:staticcheck // fallback only
		}
	})
	return goroot
}

// Dir returns GOROOT/src/<pkg>/testdata.
func Dir(pkg string) string {
	return filepath.Join(GOROOT(), "src", filepath.FromSlash(pkg), "testdata")
}

// Load reads every regular file in GOROOT/src/<pkg>/testdata, sorted by
// name, decoding files named *.base64 and *.gz. Directories are skipped.
func Load(pkg string) ([]File, error) {
	dir := Dir(pkg)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []File
	for _, e := range ents {
		if !e.Type().IsRegular() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name())) //nolint:gosec // G304: test files under GOROOT
		if err != nil {
			return nil, err
		}
		if data, err = Decode(e.Name(), data); err != nil {
			return nil, err
		}
		files = append(files, File{Name: e.Name(), Data: data})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	return files, nil
}

// Decode undoes the encoding that name's suffix announces: .base64 (as in
// debug/macho/testdata) and .gz.
func Decode(name string, data []byte) ([]byte, error) {
	if strings.HasSuffix(name, ".base64") {
		out := make([]byte, base64.StdEncoding.DecodedLen(len(data)))
		n, err := base64.StdEncoding.Decode(out, bytes.TrimSpace(data))
		if err != nil {
			return nil, err
		}
		data, name = out[:n], strings.TrimSuffix(name, ".base64")
	}
	if strings.HasSuffix(name, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		return io.ReadAll(zr)
	}
	return data, nil
}

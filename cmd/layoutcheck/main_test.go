package main

// End-to-end tests: the command is built with go build and run on the
// GOPATH-style fixtures of layout/layoutcheck, standalone, with -json and
// -fix, as go vet -vettool, and in explain mode.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bin is the built command, testdata the fixtures' GOPATH.
var bin, testdata string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	// Under qemu (GOARCH=arm go test -exec qemu-arm-static) this test
	// binary is emulated, but the layoutcheck it builds and the go vet it
	// runs would be for that GOARCH too, with other offsets in every
	// message: the end-to-end tests are for the host.
	if host, err := exec.Command("go", "env", "GOHOSTARCH").Output(); err == nil && strings.TrimSpace(string(host)) != runtime.GOARCH {
		fmt.Printf("skipping end-to-end tests: test binary is %s, host is %s\n", runtime.GOARCH, strings.TrimSpace(string(host)))
		return 0
	}
	dir, err := os.MkdirTemp("", "layoutcheck-e2e")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	bin = filepath.Join(dir, "layoutcheck")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		os.Stderr.Write(out)
		panic("go build: " + err.Error())
	}
	testdata, err = filepath.Abs(filepath.Join("..", "..", "layout", "layoutcheck", "testdata"))
	if err != nil {
		panic(err)
	}
	return m.Run()
}

// result is the outcome of one command.
type result struct {
	stdout, stderr string
	code           int
}

// runIn runs name with args in GOPATH mode with gopath as GOPATH.
func runIn(t *testing.T, gopath, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = filepath.Join(gopath, "src")
	cmd.Env = append(os.Environ(), "GOPATH="+gopath, "GO111MODULE=off", "GOWORK=off", "GOFLAGS=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return result{stdout.String(), stderr.String(), code}
}

func TestStandaloneFindings(t *testing.T) {
	r := runIn(t, testdata, bin, "decls")
	assert.Equal(t, 3, r.code, "exit status with findings; stderr:\n%s", r.stderr)
	for _, want := range []string{
		"decls.go:45:2: decls.Interior: 3 bytes of padding at offset 1, before field B; make it explicit: _ [3]byte before B",
		"decls.Mixed: 4 bytes of padding at offset 4, before field B (on 64-bit arches)",
		"decls.Pointers: field S (string) at offset 16, size 16, holds a pointer",
		"decls.Conflict: field In._ (endian.Little) conflicts with the byte-order marker at _ (endian.Big)",
		"decls.NoHost: the struct (decls.NoHost) has no _ structs.HostLayout field",
	} {
		assert.Contains(t, r.stderr, want)
	}
}

func TestStandaloneClean(t *testing.T) {
	r := runIn(t, testdata, bin, "fine")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Empty(t, r.stderr)
	assert.Empty(t, r.stdout)
}

func TestFlags(t *testing.T) {
	r := runIn(t, testdata, bin, "-hostlayout=false", "-implicit-order=false", "-arches=386,arm", "flags")
	assert.Equal(t, 3, r.code, r.stderr)
	assert.Contains(t, r.stderr, "flags.Header: 3 bytes of padding at offset 13, before field D (on 386, arm)")
	assert.NotContains(t, r.stderr, "HostLayout field")

	r = runIn(t, testdata, bin, "-arches=amd64,bogus", "flags")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, `unknown arch "bogus"`)
}

// jsonOutput is the shape of -json output: package, analyzer, diagnostics.
type jsonOutput map[string]map[string][]struct {
	Category       string `json:"category"`
	Posn           string `json:"posn"`
	Message        string `json:"message"`
	SuggestedFixes []struct {
		Message string `json:"message"`
		Edits   []struct {
			Filename   string `json:"filename"`
			Start, End int
			New        string `json:"new"`
		} `json:"edits"`
	} `json:"suggested_fixes"`
}

func TestJSON(t *testing.T) {
	r := runIn(t, testdata, bin, "-json", "calls")
	require.Equal(t, 0, r.code, "-json exits 0; stderr:\n%s", r.stderr)
	var out jsonOutput
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	diags := out["calls"]["layoutcheck"]
	require.NotEmpty(t, diags)
	cats := map[string]int{}
	fixes := 0
	for _, d := range diags {
		cats[d.Category]++
		fixes += len(d.SuggestedFixes)
		assert.NotEmpty(t, d.Posn)
		assert.NotEmpty(t, d.Message)
	}
	for _, c := range []string{"padding", "pointer", "bool", "platform-sized", "zero-size", "hostlayout", "implicit-order"} {
		assert.Positive(t, cats[c], "category %s in %v", c, cats)
	}
	assert.Positive(t, fixes, "suggested fixes in the JSON")
	first := diags[0]
	assert.Equal(t, "padding", first.Category)
	assert.Contains(t, first.Message, "calls.Marked: 1 byte of padding at offset 1, before field B")
	require.Len(t, first.SuggestedFixes, 1)
	assert.Equal(t, "Insert _ [1]byte before B", first.SuggestedFixes[0].Message)
}

func TestFix(t *testing.T) {
	gopath := t.TempDir()
	require.NoError(t, os.CopyFS(gopath, os.DirFS(testdata)))
	r := runIn(t, gopath, bin, "-fix", "fixes")
	assert.Contains(t, []int{0, 3}, r.code, r.stderr)
	dir := filepath.Join(gopath, "src", "fixes")
	goldens, _ := filepath.Glob(filepath.Join(dir, "*.golden"))
	require.NotEmpty(t, goldens)
	for _, g := range goldens {
		want, err := os.ReadFile(g)
		require.NoError(t, err)
		got, err := os.ReadFile(strings.TrimSuffix(g, ".golden"))
		require.NoError(t, err)
		want, err = format.Source(want)
		require.NoError(t, err)
		got, err = format.Source(got)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), "%s after -fix", filepath.Base(g))
	}
	// The fixed package builds and has only the unfixable findings left:
	// the warning with no fix, and padding whose fix would move fields on
	// 32-bit arches, which -fix declines to insert.
	r = runIn(t, gopath, "go", "vet", "fixes")
	assert.Equal(t, 0, r.code, r.stderr)
	r = runIn(t, gopath, bin, "fixes")
	assert.Equal(t, 3, r.code)
	assert.Equal(t, 2, strings.Count(r.stderr, ": cast.To[fixes.Unmarked]"), r.stderr)
	assert.Contains(t, r.stderr, "field A (uint16) at offset 0 is a multi-byte number in host byte order")
	assert.Equal(t, 5, strings.Count(r.stderr, "-fix does not insert it, as it changes the layout on 32-bit arches"), r.stderr)
}

func TestVetTool(t *testing.T) {
	r := runIn(t, testdata, "go", "vet", "-vettool="+bin, "decls")
	assert.Equal(t, 1, r.code, "go vet fails on findings; stderr:\n%s", r.stderr)
	assert.Contains(t, r.stderr, "decls.Interior: 3 bytes of padding at offset 1, before field B")
	assert.Contains(t, r.stderr, "decls.Generic[uint32]: 3 bytes of padding at offset 1, before field V")

	r = runIn(t, testdata, "go", "vet", "-vettool="+bin, "fine", "other")
	assert.Equal(t, 0, r.code, r.stderr)

	// Analyzer flags pass through go vet.
	r = runIn(t, testdata, "go", "vet", "-vettool="+bin, "-hostlayout=false", "-implicit-order=false", "fixes")
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Contains(t, r.stderr, "fixes.Interior: 3 bytes of padding")
	assert.NotContains(t, r.stderr, "HostLayout field")
	assert.NotContains(t, r.stderr, "host byte order")

	// go vet -json.
	r = runIn(t, testdata, "go", "vet", "-vettool="+bin, "-json", "ignores")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout+r.stderr, `"category": "directive"`)
}

// TestVetToolGOARCH checks that go vet's figures are those of the GOARCH
// it analyzes, not of the tool's own, and that its fix moves no field on
// any arch.
func TestVetToolGOARCH(t *testing.T) {
	for _, tc := range []struct{ goarch, msg, fix string }{
		{"386", "target.T: 3 bytes of padding at offset 1, before field B", "_ [3]byte"},
		{"arm", "target.T: 3 bytes of padding at offset 1, before field B", "_ [3]byte"},
		// The fix is the same whatever the GOARCH: the one that moves no
		// field on any arch.
		{"amd64", "target.T: 7 bytes of padding at offset 1, before field B", "_ [3]byte"},
		{"s390x", "target.T: 7 bytes of padding at offset 1, before field B", "_ [3]byte"},
	} {
		t.Run(tc.goarch, func(t *testing.T) {
			t.Setenv("GOARCH", tc.goarch)
			t.Setenv("CGO_ENABLED", "0")
			r := runIn(t, testdata, "go", "vet", "-vettool="+bin, "-json", "target")
			require.Equal(t, 0, r.code, r.stderr)
			out := r.stdout + r.stderr
			assert.Contains(t, out, `"message": "`+tc.msg)
			assert.Contains(t, out, `"new": "`+tc.fix)
			assert.Equal(t, 1, strings.Count(out, `"new": "_ [`), "one padding fix:\n%s", out)
		})
	}
}

func TestExplain(t *testing.T) {
	r := runIn(t, testdata, bin, "explain", "-arch=amd64", "decls", "Mixed")
	require.Equal(t, 0, r.code, r.stderr)
	for _, want := range []string{
		"layout of decls.Mixed on amd64: size 16, align 8, byte order: big endian",
		"     4     4  -      (padding)",
		"error: 4 bytes of padding at offset 4, before field B (on 64-bit arches)",
		"decls.Mixed on amd64, 16 bytes",
		"|                           (padding)                           |",
	} {
		assert.Contains(t, r.stdout, want)
	}

	r = runIn(t, testdata, bin, "explain", "-arch=386", "decls.Mixed")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "layout of decls.Mixed on 386: size 12, align 4")
	assert.NotContains(t, r.stdout, "(padding)  ")

	r = runIn(t, testdata, bin, "explain", "-arch=all", "decls", "Generic[uint16]", "[2]Elem")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, 14*2, strings.Count(r.stdout, "# decls."), "one table per arch and type")
	assert.Contains(t, r.stdout, "layout of decls.Generic[uint16] on s390x")
	assert.Contains(t, r.stdout, "layout of [2]decls.Elem on wasm")

	r = runIn(t, testdata, bin, "explain", "decls", "Nope")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "no type Nope in decls: decls declares no Nope")

	// Type arguments from imported packages resolve as in the package's
	// files; a name that does not says why.
	r = runIn(t, testdata, bin, "explain", "-arch=amd64", "decls", "Generic[other.Padded]", "[2]other.Fine")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "layout of decls.Generic[other.Padded] on amd64")
	assert.Contains(t, r.stdout, "layout of [2]other.Fine on amd64")
	for arg, why := range map[string]string{
		"Generic[nope.T]":      "no file of decls imports a package named nope (its files import atomic, endian, other, structs, unsafe)",
		"Generic[other.Nope]":  "in decls: undefined: other.Nope",
		"Generic[uint8,uint8]": "in decls: too many type arguments",
		"Scalars.B":            "in decls: Scalars.B undefined",
		"Generic[":             `"Generic[" is not a type expression`,
	} {
		r = runIn(t, testdata, bin, "explain", "decls", arg)
		assert.Equal(t, 1, r.code, arg)
		assert.Contains(t, r.stderr, "no type "+arg+" in decls: "+why)
	}

	r = runIn(t, testdata, bin, "explain", "decls", "Generic")
	assert.Equal(t, 1, r.code)

	r = runIn(t, testdata, bin, "explain", "-arch=vax", "decls", "Mixed")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, `unknown arch "vax"`)

	r = runIn(t, testdata, bin, "explain")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "usage: layoutcheck explain")
}

// TestModule runs the command in module mode on this repository's layout
// package, whose overlay types are well formed.
func TestModule(t *testing.T) {
	cmd := exec.Command(bin, "-test=false", "github.com/go-overlay/overlay/layout")
	out, err := cmd.CombinedOutput()
	assert.NoError(t, err, "%s", out)
}

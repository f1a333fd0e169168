package layoutcheck_test

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/go-overlay/overlay/layout/layoutcheck"
)

func TestDecls(t *testing.T) {
	need64bit(t)
	analysistest.Run(t, analysistest.TestData(), layoutcheck.Analyzer, "decls")
}

func TestCalls(t *testing.T) {
	need64bit(t)
	analysistest.Run(t, analysistest.TestData(), layoutcheck.Analyzer, "calls")
}

func TestGeneric(t *testing.T) {
	need64bit(t)
	analysistest.Run(t, analysistest.TestData(), layoutcheck.Analyzer, "generic")
}

func TestIgnores(t *testing.T) {
	need64bit(t)
	analysistest.Run(t, analysistest.TestData(), layoutcheck.Analyzer, "ignores")
}

func TestFine(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), layoutcheck.Analyzer, "fine")
}

func TestFlags(t *testing.T) {
	need64bit(t)
	a := layoutcheck.NewAnalyzer(layoutcheck.DefaultConfig())
	for name, value := range map[string]string{"implicit-order": "false", "hostlayout": "false", "arches": "386,arm"} {
		if err := a.Flags.Set(name, value); err != nil {
			t.Fatal(err)
		}
	}
	analysistest.Run(t, analysistest.TestData(), a, "flags")
}

func TestSuggestedFixes(t *testing.T) {
	need64bit(t)
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), layoutcheck.Analyzer, "fixes")
}

// TestFixedCodeIsClean applies the fixes (the .golden files) and checks
// that layoutcheck finds no padding and no missing HostLayout in the
// result.
func TestFixedCodeIsClean(t *testing.T) {
	gopath := t.TempDir()
	if err := os.CopyFS(gopath, os.DirFS(analysistest.TestData())); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(gopath, "src", "fixes")
	goldens, err := filepath.Glob(filepath.Join(dir, "*.go.golden"))
	if err != nil || len(goldens) == 0 {
		t.Fatalf("no golden files in %s: %v", dir, err)
	}
	for _, g := range goldens {
		b, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(strings.TrimSuffix(g, ".golden"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	diags := runOn(t, gopath, layoutcheck.Analyzer, "fixes")
	fixable := map[string]bool{"padding": true, "trailing-padding": true, "zero-size-padding": true, "hostlayout": true}
	var rest []string
	for _, d := range diags {
		if fixable[d.Category] {
			t.Errorf("%s: still reported after the fixes: %s", d.Position, d.Message)
		}
		rest = append(rest, d.Category)
	}
	// Only the warning that has no fix remains.
	if want := []string{"implicit-order"}; !slices.Equal(rest, want) {
		t.Errorf("categories after the fixes: %v, want %v", rest, want)
	}
}

// need64bit skips tests whose // want messages give 64-bit offsets and
// sizes: the analyzer states them for the arch it runs on, which under
// qemu-arm or qemu-mips is a 32-bit one. Which arches a problem occurs on
// is computed the same everywhere and is checked on 64-bit hosts.
func need64bit(t *testing.T) {
	t.Helper()
	if strconv.IntSize != 64 {
		t.Skipf("want messages give 64-bit offsets; this host (%s) is 32-bit", runtime.GOARCH)
	}
}

func TestDirectives(t *testing.T) {
	a := layoutcheck.NewAnalyzer(layoutcheck.Config{HostLayout: true})
	analysistest.Run(t, analysistest.TestData(), a, "directives")
}

// TestArchFiles runs the analyzer as `GOARCH=... go vet` would, for
// several GOARCHes: each run loads the files of its GOARCH, and judges
// each overlay on the arches its file builds for.
func TestArchFiles(t *testing.T) {
	for _, goarch := range []string{"amd64", "386", "arm64", "arm", "s390x"} {
		t.Run(goarch, func(t *testing.T) {
			t.Setenv("GOOS", "linux")
			t.Setenv("GOARCH", goarch)
			t.Setenv("CGO_ENABLED", "0")
			analysistest.Run(t, analysistest.TestData(), layoutcheck.Analyzer, "archfiles")
		})
	}
}

func TestUnsafe(t *testing.T) {
	need64bit(t)
	a := layoutcheck.NewAnalyzer(layoutcheck.DefaultConfig())
	if err := a.Flags.Set("unsafe", "true"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, analysistest.TestData(), a, "unsafeconv")
}

// TestFacts checks generics of other packages where they are instantiated,
// and the facts that carry their casts.
func TestFacts(t *testing.T) {
	need64bit(t)
	analysistest.Run(t, analysistest.TestData(), layoutcheck.Analyzer, "wrap", "usewrap", "usewrap2")
}

// TestFileDirectives checks //layoutcheck:overlay and //layoutcheck:abi
// before the package clause and //layoutcheck:abi on a declaration, with
// -unsafe, whose conversions still report the pointers of ABI structs.
func TestFileDirectives(t *testing.T) {
	need64bit(t)
	a := layoutcheck.NewAnalyzer(layoutcheck.DefaultConfig())
	if err := a.Flags.Set("unsafe", "true"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, analysistest.TestData(), a, "overlayfile", "abifile")
}

// TestBlankFields checks that problems at repeated blank fields are told
// apart by the engine's field indexes: each gap of the issue 11 repro is
// reported (and fixed) once, on every arch and with -arches, and a struct
// in a blank field after the HostLayout marker is not taken for the marker.
func TestBlankFields(t *testing.T) {
	need64bit(t)
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), layoutcheck.Analyzer, "blanks")
	a := layoutcheck.NewAnalyzer(layoutcheck.DefaultConfig())
	if err := a.Flags.Set("arches", "386,arm64"); err != nil {
		t.Fatal(err)
	}
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), a, "blanks")
}

// TestDeepTypes checks the one depth limit: a pointer 80 named structs
// deep is found, a type 101 levels deep is reported, one 100 deep is not.
func TestDeepTypes(t *testing.T) {
	need64bit(t)
	analysistest.Run(t, analysistest.TestData(), layoutcheck.Analyzer, "deep")
}

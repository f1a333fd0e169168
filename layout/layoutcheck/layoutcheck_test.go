package layoutcheck_test

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
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
// result, but what -fix declines to change: padding whose fix would move
// fields on some arches.
func TestFixedCodeIsClean(t *testing.T) {
	rest := fixedFindings(t, layoutcheck.Analyzer, "fixes")
	want := []string{"padding", "implicit-order", "padding", "trailing-padding", "trailing-padding", "padding"}
	if !slices.Equal(rest, want) {
		t.Errorf("categories after the fixes: %v, want %v", rest, want)
	}
}

// TestAllowMoves checks -allow-moves: the fixes that move fields on some
// arches are offered, and remove the padding on every arch.
func TestAllowMoves(t *testing.T) {
	need64bit(t)
	a := withFlags(t, "allow-moves", "true")
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), a, "fixmoves")
	if rest := fixedFindings(t, a, "fixmoves"); len(rest) != 0 {
		t.Errorf("categories after the fixes: %v, want none", rest)
	}
}

// fixedFindings applies the fixes of package pkg (its .golden files) in a
// copy of the test data, runs a on the result and returns the categories
// of what it reports. A padding or HostLayout finding that remains must be
// one whose message says why -fix left it.
func fixedFindings(t *testing.T, a *analysis.Analyzer, pkg string) []string {
	t.Helper()
	gopath := t.TempDir()
	if err := os.CopyFS(gopath, os.DirFS(analysistest.TestData())); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(gopath, "src", pkg)
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
	fixable := map[string]bool{"padding": true, "trailing-padding": true, "zero-size-padding": true, "hostlayout": true}
	var rest []string
	for _, d := range runOn(t, gopath, a, pkg) {
		if fixable[d.Category] && !strings.Contains(d.Message, "-fix does not insert it") {
			t.Errorf("%s: still reported after the fixes: %s", d.Position, d.Message)
		}
		rest = append(rest, d.Category)
	}
	return rest
}

// withFlags returns a layoutcheck analyzer with the given flags set, as
// name, value pairs.
func withFlags(t *testing.T, nameValues ...string) *analysis.Analyzer {
	t.Helper()
	a := layoutcheck.NewAnalyzer(layoutcheck.DefaultConfig())
	for i := 0; i+1 < len(nameValues); i += 2 {
		if err := a.Flags.Set(nameValues[i], nameValues[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	return a
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

// TestByteOrder checks the byte order of the types cast at calls, under
// several GOARCHes: the findings name the same arches whatever the
// analyzed one, and a call in a file built for some arches only is judged
// on those (order_s390x.go, order_some.go).
func TestByteOrder(t *testing.T) {
	for _, goarch := range []string{"amd64", "arm", "s390x"} {
		t.Run(goarch, func(t *testing.T) {
			t.Setenv("GOOS", "linux")
			t.Setenv("GOARCH", goarch)
			t.Setenv("CGO_ENABLED", "0")
			analysistest.Run(t, analysistest.TestData(), layoutcheck.Analyzer, "byteorder")
		})
	}
}

// TestCodecOrder checks the order arguments of codec calls. It is apart
// from TestByteOrder because it imports encoding/binary, whose
// dependencies the test analyzes too.
func TestCodecOrder(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), layoutcheck.Analyzer, "codecorder")
	// After the fixes, the NativeEndian findings are gone; the three calls
	// with the other fixed order, which have no fix, remain.
	rest := fixedFindings(t, layoutcheck.Analyzer, "codecorder")
	if want := []string{"byte-order", "byte-order", "byte-order"}; !slices.Equal(rest, want) {
		t.Errorf("categories after the fixes: %v, want %v", rest, want)
	}
}

func TestNested(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), layoutcheck.Analyzer, "nested")
}

func TestUnsafe(t *testing.T) {
	need64bit(t)
	a := withFlags(t, "unsafe", "true")
	analysistest.Run(t, analysistest.TestData(), a, "unsafegen", "unsafeconv")
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
	a := withFlags(t, "unsafe", "true")
	analysistest.Run(t, analysistest.TestData(), a, "overlayfile", "abifile")
}

// TestBlankFields checks that problems at repeated blank fields are told
// apart by the engine's field indexes: each gap of the issue 11 repro is
// reported (and fixed) once, on every arch and with -arches, and a struct
// in a blank field after the HostLayout marker is not taken for the marker.
func TestBlankFields(t *testing.T) {
	need64bit(t)
	// The gaps are on 64-bit arches only, so their fixes move fields on
	// 32-bit ones: -allow-moves offers them, for the golden file.
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), withFlags(t, "allow-moves", "true"), "blanks")
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), withFlags(t, "allow-moves", "true", "arches", "386,arm64"), "blanks")
}

// TestDeepTypes checks the one depth limit: a pointer 80 named structs
// deep is found, a type 101 levels deep is reported, one 100 deep is not.
func TestDeepTypes(t *testing.T) {
	need64bit(t)
	analysistest.Run(t, analysistest.TestData(), layoutcheck.Analyzer, "deep")
}

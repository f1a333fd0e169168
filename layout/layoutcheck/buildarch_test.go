package layoutcheck

import (
	"fmt"
	"go/build"
	"go/build/constraint"
	"go/parser"
	"go/token"
	"io"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/layout"
)

var all = layout.AllArches

// archCase is a file, given by name and header, and the arches it builds
// for.
type archCase struct {
	name   string
	header string // the lines above "package p"
	want   layout.ArchSet
}

var archCases = []archCase{
	// File names.
	{"x.go", "", all},
	{"x_386.go", "", layout.ArchSetOf("386")},
	{"x_386_test.go", "", layout.ArchSetOf("386")},
	{"ztypes_linux_arm64.go", "", layout.ArchSetOf("arm64")},
	{"ztypes_linux_mips64le.go", "", layout.ArchSetOf("mips64le")},
	{"x_linux_arm64_test.go", "", layout.ArchSetOf("arm64")},
	{"x_test.go", "", all},
	{"linux.go", "", all},                               // a name, not a suffix
	{"x_linux.go", "", all &^ layout.ArchSetOf("wasm")}, // wasm runs js and wasip1 only
	{"x_android.go", "", layout.ArchSetOf("386", "amd64", "arm", "arm64")},
	{"x_windows.go", "", layout.ArchSetOf("386", "amd64", "arm64")},
	{"x_js.go", "", layout.ArchSetOf("wasm")},
	{"x_wasip1_wasm.go", "", layout.ArchSetOf("wasm")},
	{"x_windows_s390x.go", "", 0},                             // no such port
	{"x_sparc64.go", "", 0},                                   // known arch, no port
	{"x_nacl.go", "", 0},                                      // a past GOOS
	{"x_unix.go", "", all},                                    // unix is a tag, not a suffix
	{"x_foo.go", "", all},                                     // unknown suffix
	{"x_386.pb.go", "", layout.ArchSetOf("386")},              // suffix before the first dot
	{"x.386.go", "", all},                                     // not an _ suffix
	{"x_test_386.go", "", layout.ArchSetOf("386")},            // _test only counts last
	{"x_linux_test_386.go", "", layout.ArchSetOf("386")},      // linux not next to the arch
	{"x_arm64_linux.go", "", all &^ layout.ArchSetOf("wasm")}, // GOOS last: only it counts
	{"dir_386/x.go", "", all},                                 // directories do not count

	// //go:build lines.
	{"x.go", "//go:build 386\n", layout.ArchSetOf("386")},
	{"x.go", "//go:build arm || 386\n", layout.ArchSetOf("386", "arm")},
	{"x.go", "//go:build !386\n", all &^ layout.ArchSetOf("386")},
	{"x.go", "//go:build amd64 && 386\n", 0},
	{"x.go", "//go:build ignore\n", all}, // ignore is a tag like any other
	{"x.go", "//go:build linux && (mips || mipsle)\n", layout.ArchSetOf("mips", "mipsle")},
	{"x.go", "//go:build unix\n", all &^ layout.ArchSetOf("wasm")},
	{"x.go", "//go:build !unix\n", layout.ArchSetOf("386", "amd64", "arm", "arm64", "wasm")}, // plan9, windows, js, wasip1
	{"x.go", "//go:build windows || plan9\n", layout.ArchSetOf("386", "amd64", "arm", "arm64")},
	{"x.go", "//go:build aix\n", layout.ArchSetOf("ppc64")},
	{"x.go", "//go:build solaris\n", layout.ArchSetOf("amd64")}, // illumos too
	{"x.go", "//go:build darwin\n", layout.ArchSetOf("amd64", "arm64")},
	{"x.go", "//go:build linux && !android\n", all &^ layout.ArchSetOf("wasm")},

	// Tags no target decides may be on or off.
	{"x.go", "//go:build purego\n", all},
	{"x.go", "//go:build !purego && amd64\n", layout.ArchSetOf("amd64")},
	{"x.go", "//go:build purego && !purego\n", 0},
	{"x.go", "//go:build (a || b) && !a && !b\n", 0},
	{"x.go", "//go:build cgo && go1.22 && gc\n", all},
	{"x.go", "//go:build !gc\n", all},
	{"x.go", "//go:build amd64.v3\n", layout.ArchSetOf("amd64")},
	{"x.go", "//go:build !arm.v7\n", all},
	{"x.go", "//go:build arm.v7 || 386\n", layout.ArchSetOf("386", "arm")},
	{"x.go", "//go:build (t1 || t2 || t3 || t4 || t5 || t6 || t7 || t8 || t9 || t10 || t11) && 386\n", layout.ArchSetOf("386")},
	{"x.go", "//go:build (t1 || t2 || t3 || t4 || t5 || t6 || t7 || t8 || t9 || t10 || t11) && !386 && 386\n", 0},

	// Name and line together.
	{"x_amd64.go", "//go:build 386\n", 0},
	{"x_linux.go", "//go:build arm64 || wasm\n", layout.ArchSetOf("arm64")},
	{"x_test.go", "//go:build arm\n", layout.ArchSetOf("arm")},

	// Where the line is.
	{"x.go", "// Copyright.\n\n//go:build 386\n", layout.ArchSetOf("386")},
	{"x.go", "//go:build 386\n// Package p does.\n", layout.ArchSetOf("386")}, // in the doc comment: still read
	{"x.go", "/* block */\n//go:build 386\n", layout.ArchSetOf("386")},
	{"x.go", "/* //go:build 386 */\n", all},
	{"x.go", "/*\n//go:build 386\n*/\n", all},
	{"x.go", "/* c */ //go:build 386\n", all},
	{"x.go", "// //go:build 386\n", all},
	{"x.go", "//go:build\n", all}, // malformed: the go command rejects the file

	// Legacy +build lines: honored without a //go:build line, above a
	// blank line, ANDed.
	{"x.go", "// +build 386 arm\n\n", layout.ArchSetOf("386", "arm")},
	{"x.go", "// +build 386 arm\n// +build !arm\n\n", layout.ArchSetOf("386")},
	{"x.go", "// +build 386\n", all},                                       // no blank line before package
	{"x.go", "// +build 386\n// Package p.\n", all},                        // part of the doc comment
	{"x.go", "// +build 386\n\n// Package p.\n", layout.ArchSetOf("386")},  // doc comment after the blank
	{"x.go", "// +build 386\n\n/* c */\n", layout.ArchSetOf("386")},        // a block comment ends the header
	{"x.go", "/* c */\n\n// +build 386\n\n", all},                          // after the header
	{"x.go", "//go:build arm\n// +build 386\n\n", layout.ArchSetOf("arm")}, // //go:build controls
	{"x.go", "// +build linux,386 darwin\n\n", layout.ArchSetOf("386", "amd64", "arm64")},
}

func TestFileArches(t *testing.T) {
	for _, tc := range archCases {
		t.Run(tc.name+" "+strings.ReplaceAll(tc.header, "\n", `\n`), func(t *testing.T) {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, tc.name, tc.header+"package p\n", parser.ParseComments)
			require.NoError(t, err)
			got := fileArches(fset, tc.name, f)
			assert.Equal(t, tc.want.Names(), got.Names())
		})
	}
}

// TestFileArchesGoBuild compares fileArches with go/build, the go
// command's own reading of file names and build constraints: a file
// builds for an arch if go/build matches it for some GOOS of that arch
// and some setting of the tags no target decides.
func TestFileArchesGoBuild(t *testing.T) {
	for _, tc := range archCases {
		t.Run(tc.name+" "+strings.ReplaceAll(tc.header, "\n", `\n`), func(t *testing.T) {
			want, ok := goBuildArches(t, tc.name, tc.header+"package p\n")
			if !ok {
				t.Skip("go/build rejects the file")
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, tc.name, tc.header+"package p\n", parser.ParseComments)
			require.NoError(t, err)
			assert.Equal(t, want.Names(), fileArches(fset, tc.name, f).Names())
		})
	}
}

var tagWord = regexp.MustCompile(`[A-Za-z0-9_.]+`)

// goBuildArches asks go/build which arches the file builds for. ok is
// false when go/build reports an error for it.
func goBuildArches(t *testing.T, name, src string) (set layout.ArchSet, ok bool) {
	t.Helper()
	// The tags a target does not set: those of every constraint line
	// that name no GOOS or GOARCH, as go/build/constraint reads them (a
	// malformed +build line reads as "ignore"). Feature tags of an arch
	// (amd64.v3) exist only on it, as cmd/go sets them.
	var free []string
	for line := range strings.SplitSeq(src, "\n") {
		x, err := constraint.Parse(strings.TrimSpace(line))
		if err != nil {
			continue
		}
		var walk func(constraint.Expr)
		walk = func(x constraint.Expr) {
			switch x := x.(type) {
			case *constraint.TagExpr:
				if w := x.Tag; !knownOS[w] && !knownArch[w] && w != "unix" && !slices.Contains(free, w) {
					free = append(free, w)
				}
			case *constraint.NotExpr:
				walk(x.X)
			case *constraint.AndExpr:
				walk(x.X)
				walk(x.Y)
			case *constraint.OrExpr:
				walk(x.X)
				walk(x.Y)
			}
		}
		walk(x)
	}
	require.LessOrEqual(t, len(free), 12, "too many tags to enumerate")
	for _, port := range distList(t) {
		goos, goarch, _ := strings.Cut(port, "/")
		if !layout.AllArches.Has(goarch) {
			continue
		}
		for bits := range 1 << len(free) {
			var tags []string
			for i, tag := range free {
				arch, _, feature := strings.Cut(tag, ".")
				if bits&(1<<i) != 0 && (!feature || !knownArch[arch] || arch == goarch) {
					tags = append(tags, tag)
				}
			}
			ctxt := build.Context{
				GOOS: goos, GOARCH: goarch, BuildTags: tags,
				OpenFile: func(string) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(src)), nil },
			}
			match, err := ctxt.MatchFile(".", name)
			if err != nil {
				return 0, false
			}
			if match {
				set |= layout.ArchSetOf(goarch)
				break
			}
		}
	}
	return set, true
}

// distList returns `go tool dist list`, or the ports table when the go
// command cannot be run.
func distList(t *testing.T) []string {
	t.Helper()
	distOnce.Do(func() {
		out, err := exec.Command("go", "tool", "dist", "list").Output()
		if err != nil {
			return
		}
		distPorts = strings.Fields(string(out))
	})
	if distPorts == nil {
		t.Skip("go tool dist list cannot run here")
	}
	return distPorts
}

var (
	distOnce  sync.Once
	distPorts []string
)

// TestPorts checks the ports table against the toolchain's.
func TestPorts(t *testing.T) {
	want := map[string][]string{}
	for _, port := range distList(t) {
		goos, goarch, _ := strings.Cut(port, "/")
		if layout.AllArches.Has(goarch) {
			want[goarch] = append(want[goarch], goos)
		}
	}
	for _, oses := range want {
		slices.Sort(oses)
	}
	assert.Equal(t, want, ports)
	for _, a := range layout.Arches {
		assert.True(t, knownArch[a.Name], "%s is not in knownArch", a.Name)
		for _, goos := range ports[a.Name] {
			assert.True(t, knownOS[goos], "%s is not in knownOS", goos)
		}
	}
}

// TestFreeTagsBound checks the three-valued fallback against enumeration
// on every case: it may only over-approximate.
func TestFreeTagsBound(t *testing.T) {
	for _, src := range []string{
		"a && !a", "(a || b) && !a && !b", "a && 386", "!a || amd64", "linux && (a || !b)", "a && !(b || linux)",
	} {
		x, err := constraint.Parse("//go:build " + src)
		require.NoError(t, err)
		free := freeTags(x)
		for _, a := range layout.Arches {
			for _, goos := range ports[a.Name] {
				exact := satisfiable(x, goos, a.Name, free)
				if exact {
					assert.True(t, maybe(x, goos, a.Name), "%s on %s/%s", src, goos, a.Name)
				}
			}
		}
	}
	x, err := constraint.Parse("//go:build linux && a")
	require.NoError(t, err)
	assert.False(t, maybe(x, "windows", "amd64"), fmt.Sprint(x))
}

// FuzzFileArches compares fileArches with go/build on arbitrary file
// names and headers.
func FuzzFileArches(f *testing.F) {
	for _, tc := range archCases {
		f.Add(tc.name, tc.header)
	}
	f.Fuzz(func(t *testing.T, name, header string) {
		if name == "" || strings.ContainsAny(name, "/\\\x00") || !strings.HasSuffix(name, ".go") ||
			strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			return // not a file name, or one the go command ignores whatever the target
		}
		src := header + "\npackage p\n"
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.PackageClauseOnly)
		if err != nil {
			return
		}
		if n := len(tagWord.FindAllString(header, -1)); n > 12 {
			return // too many tags for the oracle to enumerate
		}
		if strings.Contains(strings.ReplaceAll(header, "\r\n", "\n"), "\r") {
			return // a bare CR inside a comment, which go/scanner drops: see buildConstraint
		}
		want, ok := goBuildArches(t, name, src)
		if !ok {
			return
		}
		assert.Equal(t, want.Names(), fileArches(fset, name, file).Names())
	})
}

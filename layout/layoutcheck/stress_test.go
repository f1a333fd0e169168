package layoutcheck

// The stress test runs the analyzer, with every type declaration treated as
// an overlay, over real packages (syscall and golang.org/x/sys ABI structs,
// runtime, reflect, net) for several GOOS/GOARCH: it must not fail or
// panic, and every diagnostic and fix must be well formed.
//
//	LAYOUTCHECK_STRESS=std go test -run Stress ./layout/layoutcheck
//
// runs it over other packages (here, the whole standard library).

import (
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	achecker "golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

func TestStress(t *testing.T) {
	if testing.Short() {
		t.Skip("loads large packages")
	}
	patterns := []string{"syscall", "golang.org/x/sys/unix", "golang.org/x/sys/cpu", "os", "reflect", "runtime", "net", "encoding/binary", "debug/elf"}
	platforms := []string{"linux/amd64", "linux/386", "windows/amd64"}
	if p := os.Getenv("LAYOUTCHECK_STRESS"); p != "" {
		patterns = strings.Fields(p)
		platforms = []string{""}
	}
	checkEveryDecl = true
	t.Cleanup(func() { checkEveryDecl = false })
	a := *Analyzer
	a.Run = func(pass *analysis.Pass) (res any, err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
			}
		}()
		return Analyzer.Run(pass)
	}
	for _, platform := range platforms {
		t.Run(strings.ReplaceAll(platform, "/", "_"), func(t *testing.T) {
			env := os.Environ()
			if goos, goarch, ok := strings.Cut(platform, "/"); ok {
				env = append(env, "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0")
			}
			cfg := &packages.Config{Mode: packages.LoadAllSyntax, Env: env}
			ps := patterns
			if strings.HasPrefix(platform, "windows") {
				ps = append(slices.Clone(ps), "golang.org/x/sys/windows")
			}
			pkgs, err := packages.Load(cfg, ps...)
			if err != nil {
				t.Fatal(err)
			}
			graph, err := achecker.Analyze([]*analysis.Analyzer{&a}, pkgs, nil)
			if err != nil {
				t.Fatal(err)
			}
			n, fixes := 0, 0
			for _, act := range graph.Roots {
				if act.Err != nil {
					t.Errorf("%s: %v", act.Package.PkgPath, act.Err)
					continue
				}
				for _, d := range act.Diagnostics {
					n++
					fixes += len(d.SuggestedFixes)
					checkWellFormed(t, act.Package, d)
				}
			}
			t.Logf("%d packages, %d diagnostics, %d fixes", len(graph.Roots), n, fixes)
			if n == 0 {
				t.Errorf("no diagnostics: is checkEveryDecl in effect?")
			}
		})
	}
}

// checkWellFormed checks that d is inside the package's files and that each
// of its fixes applies to a parsable file without overlapping edits.
func checkWellFormed(t *testing.T, p *packages.Package, d analysis.Diagnostic) {
	t.Helper()
	tf := p.Fset.File(d.Pos)
	if tf == nil || !slices.Contains(p.CompiledGoFiles, tf.Name()) || d.End < d.Pos || d.Message == "" || d.Category == "" {
		t.Errorf("%s: malformed diagnostic %+v", p.PkgPath, d)
		return
	}
	for _, fix := range d.SuggestedFixes {
		src, err := os.ReadFile(tf.Name())
		if err != nil {
			t.Fatal(err)
		}
		edits := slices.Clone(fix.TextEdits)
		slices.SortStableFunc(edits, func(a, b analysis.TextEdit) int { return int(a.Pos - b.Pos) })
		var out []byte
		last := 0
		for _, e := range edits {
			if p.Fset.File(e.Pos) != tf {
				t.Errorf("%s: fix %q edits another file", p.Fset.Position(d.Pos), fix.Message)
				return
			}
			start, end := tf.Offset(e.Pos), tf.Offset(e.End)
			if start < last {
				t.Errorf("%s: fix %q: overlapping edits", p.Fset.Position(d.Pos), fix.Message)
				return
			}
			out = append(append(out, src[last:start]...), e.NewText...)
			last = end
		}
		out = append(out, src[last:]...)
		if _, err := parser.ParseFile(token.NewFileSet(), tf.Name(), out, 0); err != nil {
			t.Errorf("%s: fix %q leaves a file that does not parse: %v", p.Fset.Position(d.Pos), fix.Message, err)
		}
	}
}

package layoutcheck_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// A diag is a diagnostic with its position.
type diag struct {
	Position string
	analysis.Diagnostic
}

// runOn runs a on the packages matching patterns in the GOPATH-style tree
// gopath, and returns its diagnostics sorted by position.
func runOn(t *testing.T, gopath string, a *analysis.Analyzer, patterns ...string) []diag {
	t.Helper()
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  filepath.Join(gopath, "src"),
		Env:  append(os.Environ(), "GOPATH="+gopath, "GO111MODULE=off", "GOWORK=off"),
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("packages have errors")
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var diags []diag
	for act := range graph.All() {
		if act.Analyzer != a || !act.IsRoot {
			continue
		}
		if act.Err != nil {
			t.Fatalf("%s: %v", act, act.Err)
		}
		for _, d := range act.Diagnostics {
			diags = append(diags, diag{Position: act.Package.Fset.Position(d.Pos).String(), Diagnostic: d})
		}
	}
	slices.SortStableFunc(diags, func(a, b diag) int { return strings.Compare(a.Position, b.Position) })
	return diags
}

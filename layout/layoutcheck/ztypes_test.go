package layoutcheck

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/analysis"
	achecker "golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/go-overlay/overlay/layout"
)

// TestZtypes runs the analyzer, with every struct treated as an overlay,
// over x/sys v0.50.0's generated kernel ABI files ztypes_linux*.go, once
// per GOARCH as `GOOS=linux GOARCH=... go vet` would: the go command picks
// ztypes_linux.go and the file of the arch. go/types, with the sizes of
// that arch, is the oracle: each padding finding must be padding that
// go/types sees on an arch the file is built for (as the go command's
// choice of files shows), with the figures of the arch analyzed, and every
// struct go/types sees padded must be reported.
func TestZtypes(t *testing.T) {
	if testing.Short() {
		t.Skip("loads x/sys's ztypes files once per arch")
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}} {{.Version}}", "golang.org/x/sys").Output()
	require.NoError(t, err)
	xsys, version, _ := strings.Cut(strings.TrimSpace(string(out)), " ")
	if version != "v0.50.0" || xsys == "" {
		t.Skipf("golang.org/x/sys is %q at %q, want v0.50.0 in the module cache", version, xsys)
	}
	srcs, err := filepath.Glob(filepath.Join(xsys, "unix", "ztypes_linux*.go"))
	require.NoError(t, err)
	require.NotEmpty(t, srcs)
	dir := t.TempDir()
	for _, src := range srcs {
		b, err := os.ReadFile(src)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.Base(src)), b, 0o644))
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module ztypes\n\ngo 1.26\n"), 0o644))

	checkEveryDecl = true
	t.Cleanup(func() { checkEveryDecl = false })
	a := NewAnalyzer(Config{})

	type declKey struct{ file, name string }
	type finding struct {
		arch string
		key  declKey
		d    analysis.Diagnostic
		pos  string
	}
	padded := map[string]map[declKey][]gap{} // per arch: the gaps go/types sees in each struct
	loadedOn := map[string]layout.ArchSet{}  // per file: the arches the go command builds it for
	var findings []finding
	structs := 0
	for _, arch := range layout.Arches {
		if !strings.Contains(strings.Join(ports[arch.Name], " "), "linux") {
			continue
		}
		cfg := &packages.Config{
			Mode: packages.LoadAllSyntax,
			Dir:  dir,
			Env:  append(os.Environ(), "GOOS=linux", "GOARCH="+arch.Name, "CGO_ENABLED=0", "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off"),
		}
		pkgs, err := packages.Load(cfg, ".")
		require.NoError(t, err)
		require.Len(t, pkgs, 1)
		pkg := pkgs[0]
		require.Empty(t, pkg.Errors, arch.Name)
		sizes := types.SizesFor("gc", arch.Name)
		padded[arch.Name] = map[declKey][]gap{}
		for _, f := range pkg.Syntax {
			file := filepath.Base(pkg.Fset.File(f.Pos()).Name())
			loadedOn[file] |= layout.ArchSetOf(arch.Name)
			for _, d := range f.Decls {
				for _, spec := range typeSpecs(d) {
					obj := pkg.TypesInfo.Defs[spec.Name]
					if _, ok := obj.Type().Underlying().(*types.Struct); !ok {
						continue
					}
					structs++
					var gs []gap
					gapsOf(obj.Type(), sizes, 0, &gs, 0)
					if len(gs) > 0 {
						padded[arch.Name][declKey{file, spec.Name.Name}] = gs
					}
				}
			}
		}

		graph, err := achecker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
		require.NoError(t, err)
		for act := range graph.All() {
			if act.Analyzer != a {
				continue
			}
			require.NoError(t, act.Err)
			for _, d := range act.Diagnostics {
				if !strings.HasSuffix(d.Category, "padding") {
					continue
				}
				f := enclosingFile(pkg, d.Pos)
				spec := enclosingSpec(f, d.Pos)
				require.NotNil(t, spec, "%s: %s", pkg.Fset.Position(d.Pos), d.Message)
				key := declKey{filepath.Base(pkg.Fset.File(d.Pos).Name()), spec.Name.Name}
				findings = append(findings, finding{arch.Name, key, d, pkg.Fset.Position(d.Pos).String()})
			}
		}
	}
	t.Logf("%d structs over %d arches, %d padding findings", structs, len(padded), len(findings))

	reported := map[string]map[declKey]bool{}
	for _, f := range findings {
		if reported[f.arch] == nil {
			reported[f.arch] = map[declKey]bool{}
		}
		reported[f.arch][f.key] = true
		var on []string
		for _, b := range loadedOn[f.key.file].Names() {
			if padded[b][f.key] != nil {
				on = append(on, b)
			}
		}
		if !assert.NotEmpty(t, on, "GOARCH=%s: %s: %s: go/types sees no padding on any arch %s is built for (%s)",
			f.arch, f.pos, f.d.Message, f.key.file, loadedOn[f.key.file]) {
			continue
		}
		// The figures are those of the arch analyzed, where it is padded.
		if gs := padded[f.arch][f.key]; gs != nil {
			size, off, ok := figures(f.d.Message)
			if assert.True(t, ok, "no figures in %q", f.d.Message) {
				assert.Contains(t, gs, gap{off, size}, "GOARCH=%s: %s: %s: not a gap go/types sees on %s", f.arch, f.pos, f.d.Message, f.arch)
			}
		}
	}
	for arch, decls := range padded {
		for key, gs := range decls {
			assert.True(t, reported[arch][key], "GOARCH=%s: %s.%s has padding %v that is not reported", arch, key.file, key.name, gs)
		}
	}
}

// A gap is padding: Size bytes at Offset from the start of the outer type.
type gap struct{ Offset, Size int64 }

func (g gap) String() string { return fmt.Sprintf("%d bytes at %d", g.Size, g.Offset) }

// gapsOf appends the gaps go/types sees in t at base: between fields,
// after the last one, in nested struct literals and in the first element
// of arrays of them. The gaps of named struct types are theirs: layoutcheck
// reports them at their declarations.
func gapsOf(t types.Type, sizes types.Sizes, base int64, out *[]gap, depth int) {
	if depth > 50 {
		return
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		fields := make([]*types.Var, u.NumFields())
		for i := range fields {
			fields[i] = u.Field(i)
		}
		offs := sizes.Offsetsof(fields)
		end := int64(0)
		for i, f := range fields {
			if offs[i] > end {
				*out = append(*out, gap{base + end, offs[i] - end})
			}
			if _, named := types.Unalias(elemType(f.Type())).(*types.Named); !named {
				// A named struct's own gaps are reported at its
				// declaration (all are checked here), not in t's.
				gapsOf(f.Type(), sizes, base+offs[i], out, depth+1)
			}
			end = offs[i] + sizes.Sizeof(f.Type())
		}
		if total := sizes.Sizeof(t); total > end {
			*out = append(*out, gap{base + end, total - end})
		}
	case *types.Array:
		if u.Len() > 0 {
			gapsOf(u.Elem(), sizes, base, out, depth+1)
		}
	}
}

// elemType strips arrays from t.
func elemType(t types.Type) types.Type {
	for {
		a, ok := t.Underlying().(*types.Array)
		if !ok {
			return t
		}
		t = a.Elem()
	}
}

var figuresRE = regexp.MustCompile(`(\d+) bytes? of (?:trailing |zero-size )?padding at offset (\d+)`)

// figures returns the size and offset a padding message gives.
func figures(msg string) (size, offset int64, ok bool) {
	m := figuresRE.FindStringSubmatch(msg)
	if m == nil {
		return 0, 0, false
	}
	size, _ = strconv.ParseInt(m[1], 10, 64)
	offset, _ = strconv.ParseInt(m[2], 10, 64)
	return size, offset, true
}

func typeSpecs(d ast.Decl) []*ast.TypeSpec {
	gen, ok := d.(*ast.GenDecl)
	if !ok {
		return nil
	}
	var specs []*ast.TypeSpec
	for _, s := range gen.Specs {
		if ts, ok := s.(*ast.TypeSpec); ok && ts.TypeParams == nil {
			specs = append(specs, ts)
		}
	}
	return specs
}

// enclosingFile returns the file of pkg that holds pos.
func enclosingFile(pkg *packages.Package, pos token.Pos) *ast.File {
	for _, f := range pkg.Syntax {
		if f.FileStart <= pos && pos < f.FileEnd {
			return f
		}
	}
	return nil
}

// enclosingSpec returns the package-level type declaration of f that
// holds pos.
func enclosingSpec(f *ast.File, pos token.Pos) *ast.TypeSpec {
	if f == nil {
		return nil
	}
	for _, d := range f.Decls {
		for _, spec := range typeSpecs(d) {
			if spec.Pos() <= pos && pos < spec.End() {
				return spec
			}
		}
	}
	return nil
}

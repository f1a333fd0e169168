package layoutcheck_test

// Robustness: layoutcheck and typesfront.Tree over a corpus of unusual
// code in testdata/src/robust (recursive types, generics, aliases, syscall
// structs, huge arrays, blank and embedded fields, code that does not
// type-check or parse). Neither may panic, and what they produce must be
// sane: positions inside the package's files, fixes that apply and parse,
// layouts that agree with go/types' gc sizes wherever both are defined.
//
// The corpus lives in the main module (testdata is skipped by ./... but
// loads fine by explicit path), so it imports the real cast and endian
// packages.

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/go-overlay/overlay/layout"
	"github.com/go-overlay/overlay/layout/layoutcheck"
	"github.com/go-overlay/overlay/layout/typesfront"
)

const robustDir = "testdata/src/robust"

// robustPackages are the corpus packages, and whether each type-checks
// (on 64-bit GOARCHes: huge holds arrays longer than a 32-bit int).
var robustPackages = map[string]bool{
	"robust":           true,
	"robust/aliases":   true,
	"robust/blank":     true,
	"robust/generics":  true,
	"robust/huge":      true,
	"robust/recursive": true,
	"robust/syscalls":  true,
	"robust/broken":    false,
	"robust/syntax":    false,
}

// syntaxSrc is robust/syntax/syntax.go, supplied through go/packages'
// Overlay rather than kept on disk, where gofmt -l and editors would choke
// on it. Half's field M, the last cast calls and everything after them are
// unparsable.
const syntaxSrc = `package syntax

import (
	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

type Good struct {
	_ endian.Big
	N uint32
}

type Half struct {
	_ endian.Big
	N uint32
	M [ // robust:wantnot zero-size-padding
}

func Uses(b []byte) {
	_, _ = cast.To[Good](b)
	_, _ = cast.To[Half](b
	_, _ = cast.To[(b)
}

type After struct {
	X uint16
	Y uint8
}
`

// overlay maps absolute file names to the contents go/packages sees.
var overlay = map[string][]byte{}

// readSource reads a corpus file as go/packages saw it.
func readSource(name string) ([]byte, error) {
	if src, ok := overlay[name]; ok {
		return src, nil
	}
	return os.ReadFile(name)
}

var loadRobust = sync.OnceValues(func() ([]*packages.Package, error) {
	dir, err := filepath.Abs(robustDir)
	if err != nil {
		return nil, err
	}
	overlay[filepath.Join(dir, "syntax", "syntax.go")] = []byte(syntaxSrc)
	cfg := &packages.Config{
		Overlay: overlay,
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
			packages.NeedImports | packages.NeedDeps | packages.NeedTypes |
			packages.NeedTypesSizes | packages.NeedSyntax | packages.NeedTypesInfo |
			packages.NeedModule,
		Dir: dir,
		// No network: the broken package imports a module that does
		// not exist.
		Env: append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod", "GOWORK=off"),
	}
	return packages.Load(cfg, "./...")
})

// robustLoad loads the corpus, skipping where go/packages cannot run.
func robustLoad(t *testing.T) []*packages.Package {
	t.Helper()
	pkgs, err := loadRobust()
	if err != nil {
		t.Skipf("cannot load the corpus with go/packages: %v", err)
	}
	var broken []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		ours := strings.HasPrefix(p.PkgPath, "github.com/go-overlay/overlay/") && !strings.Contains(p.PkgPath, "/testdata/")
		if ours && len(p.Errors) > 0 {
			broken = append(broken, fmt.Sprint(p.Errors))
		}
	})
	if len(broken) > 0 {
		t.Skipf("a package the corpus imports does not build: %v", broken)
	}
	var got []string
	for _, p := range pkgs {
		got = append(got, shortPath(p.PkgPath))
		if p.Types == nil || p.TypesInfo == nil {
			t.Fatalf("%s: no types after loading: %v", p.PkgPath, p.Errors)
		}
	}
	for want := range robustPackages {
		if !slices.Contains(got, want) {
			t.Errorf("corpus package %s not loaded (got %v)", want, got)
		}
	}
	return pkgs
}

// shortPath turns ".../testdata/src/robust/x" into "robust/x".
func shortPath(path string) string {
	if i := strings.Index(path, "/testdata/src/"); i >= 0 {
		return path[i+len("/testdata/src/"):]
	}
	return path
}

// wantWellTyped reports whether p should type-check here.
func wantWellTyped(p *packages.Package) bool {
	ok := robustPackages[shortPath(p.PkgPath)]
	if shortPath(p.PkgPath) == "robust/huge" && p.TypesSizes != nil && p.TypesSizes.Sizeof(types.Typ[types.Uintptr]) == 4 {
		return false // [1<<33]byte: invalid array length on 32-bit
	}
	return ok
}

// guarded wraps a's Run so that a panic becomes an error carrying the
// stack: checker.Analyze runs analyzers in goroutines, where a panic would
// kill the test binary without naming the package.
func guarded(a *analysis.Analyzer, despiteErrors bool) *analysis.Analyzer {
	g := *a
	g.RunDespiteErrors = g.RunDespiteErrors || despiteErrors
	run := a.Run
	g.Run = func(pass *analysis.Pass) (res any, err error) {
		defer func() {
			if r := recover(); r != nil {
				res, err = nil, fmt.Errorf("%w: %v\n%s", errPanic, r, debug.Stack())
			}
		}()
		return run(pass)
	}
	return &g
}

var errPanic = errors.New("analyzer panicked")

// TestRobustAnalyzer runs layoutcheck over the corpus as drivers do:
// as is (ill-typed packages are skipped, as go vet and nogo skip them),
// and with RunDespiteErrors forced on, as gopls and golangci-lint run
// analyzers that ask for it on code being edited.
func TestRobustAnalyzer(t *testing.T) {
	pkgs := robustLoad(t)
	for _, p := range pkgs {
		if wantWellTyped(p) != (len(p.Errors) == 0) {
			t.Errorf("%s: errors %v, want well-typed=%v", shortPath(p.PkgPath), p.Errors, wantWellTyped(p))
		}
	}
	analyzers := map[string]*analysis.Analyzer{
		"default": layoutcheck.Analyzer,
		"mips-only": layoutcheck.NewAnalyzer(layoutcheck.Config{
			ImplicitOrder: true, HostLayout: true, Arches: []string{"mips"},
		}),
		"no-warnings": layoutcheck.NewAnalyzer(layoutcheck.Config{}),
	}
	for name, a := range analyzers {
		for _, despite := range []bool{false, true} {
			if testing.Short() && (name != "default" || !despite) {
				continue // -short (as under qemu): the configuration that sees the most
			}
			t.Run(fmt.Sprintf("%s/despiteErrors=%v", name, despite), func(t *testing.T) {
				g := guarded(a, despite)
				res, err := checker.Analyze([]*analysis.Analyzer{g}, pkgs, &checker.Options{SanityCheck: true})
				if err != nil {
					t.Fatalf("Analyze: %v", err)
				}
				ndiag := 0
				for _, act := range res.Roots {
					pkg := shortPath(act.Package.PkgPath)
					switch {
					case errors.Is(act.Err, errPanic):
						t.Errorf("%s: %v", pkg, act.Err)
						continue
					case act.Err != nil && (g.RunDespiteErrors || wantWellTyped(act.Package)):
						t.Errorf("%s: %v", pkg, act.Err)
						continue
					case act.Err != nil:
						continue // skipped: ill-typed
					}
					for _, d := range act.Diagnostics {
						checkDiagnostic(t, act.Package, d)
						if os.Getenv("ROBUST_DUMP") != "" {
							pos := act.Package.Fset.Position(d.Pos)
							t.Logf("%s/%s:%d:%d: [%s] %s (%d fixes)", shortPath(act.Package.PkgPath), filepath.Base(pos.Filename), pos.Line, pos.Column, d.Category, d.Message, len(d.SuggestedFixes))
						}
					}
					ndiag += len(act.Diagnostics)
				}
				t.Logf("%d diagnostics", ndiag)
			})
		}
	}
}

// TestRobustAnalyzerFindings checks the corpus's robust:want and
// robust:wantnot comments against the default analyzer, run as gopls
// would (despite type errors). It is separate from TestRobustAnalyzer,
// which is about not crashing.
func TestRobustAnalyzerFindings(t *testing.T) {
	pkgs := robustLoad(t)
	res, err := checker.Analyze([]*analysis.Analyzer{guarded(layoutcheck.Analyzer, true)}, pkgs, nil)
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	for _, act := range res.Roots {
		if act.Err != nil {
			t.Errorf("%s: %v", shortPath(act.Package.PkgPath), act.Err)
			continue
		}
		checkWants(t, act.Package, act.Diagnostics)
	}
}

// checkDiagnostic checks that d lies in p's files and that its fixes
// apply: edits inside one file, in order, not overlapping, and leaving a
// file that parses if it parsed before.
func checkDiagnostic(t *testing.T, p *packages.Package, d analysis.Diagnostic) {
	t.Helper()
	fset := p.Fset
	at := fset.Position(d.Pos)
	where := fmt.Sprintf("%s: %s: %q", shortPath(p.PkgPath), at, d.Message)
	tf := fset.File(d.Pos)
	switch {
	case !d.Pos.IsValid() || tf == nil:
		t.Errorf("%s: invalid position", where)
		return
	case !slices.Contains(p.CompiledGoFiles, tf.Name()):
		t.Errorf("%s: position outside the package's files", where)
	case d.End.IsValid() && (fset.File(d.End) != tf || d.End < d.Pos):
		t.Errorf("%s: end %s before start or in another file", where, fset.Position(d.End))
	case strings.TrimSpace(d.Message) == "":
		t.Errorf("%s: empty message", where)
	case !strings.Contains(layoutcheck.Doc, "\n  ["+d.Category+"]"): // listed in Doc's findings
		t.Errorf("%s: undocumented category %q", where, d.Category)
	}
	for _, fix := range d.SuggestedFixes {
		byFile := map[*token.File][]analysis.TextEdit{}
		for _, e := range fix.TextEdits {
			ef := fset.File(e.Pos)
			end := e.End
			if !end.IsValid() {
				end = e.Pos
			}
			if ef == nil || fset.File(end) != ef || end < e.Pos {
				t.Errorf("%s: fix %q: edit [%s, %s) is not a range in one file", where, fix.Message, fset.Position(e.Pos), fset.Position(e.End))
				continue
			}
			byFile[ef] = append(byFile[ef], analysis.TextEdit{Pos: e.Pos, End: end, NewText: e.NewText})
		}
		for ef, edits := range byFile {
			src, err := readSource(ef.Name())
			if err != nil {
				t.Errorf("%s: %v", where, err)
				continue
			}
			slices.SortStableFunc(edits, func(a, b analysis.TextEdit) int { return int(a.Pos - b.Pos) })
			var out bytes.Buffer
			last := 0
			for _, e := range edits {
				start, end := ef.Offset(e.Pos), ef.Offset(e.End)
				if start < last || end > len(src) {
					t.Errorf("%s: fix %q: edits overlap or run past the end", where, fix.Message)
					break
				}
				out.Write(src[last:start])
				out.Write(e.NewText)
				last = end
			}
			out.Write(src[min(last, len(src)):])
			if _, err := parser.ParseFile(token.NewFileSet(), ef.Name(), src, 0); err != nil {
				continue // did not parse before either
			}
			if _, err := parser.ParseFile(token.NewFileSet(), ef.Name(), out.Bytes(), 0); err != nil {
				t.Errorf("%s: fix %q leaves a file that does not parse: %v\n%s", where, fix.Message, err, out.Bytes())
			}
		}
	}
}

// checkWants checks the corpus's "// robust:want cat1 cat2" comments: each
// listed category must be reported on the comment's line; and its
// "// robust:wantnot cat1 cat2" comments: none of them may be. Other
// findings are not checked: the corpus is about not crashing, the
// analyzer's own tests are about what it reports.
func checkWants(t *testing.T, p *packages.Package, diags []analysis.Diagnostic) {
	t.Helper()
	type key struct {
		file string
		line int
	}
	got := map[key][]string{}
	for _, d := range diags {
		pos := p.Fset.Position(d.Pos)
		got[key{pos.Filename, pos.Line}] = append(got[key{pos.Filename, pos.Line}], d.Category)
	}
	for _, f := range p.Syntax {
		for _, g := range f.Comments {
			for _, c := range g.List {
				text, want := strings.CutPrefix(c.Text, "// robust:want ")
				if want && !wantWellTyped(p) {
					continue // the types may be invalid here: nothing to report
				}
				if !want {
					var ok bool
					if text, ok = strings.CutPrefix(c.Text, "// robust:wantnot "); !ok {
						continue
					}
				}
				pos := p.Fset.Position(c.Pos())
				k := key{pos.Filename, pos.Line}
				for _, cat := range strings.Fields(text) {
					if slices.Contains(got[k], cat) != want {
						verb := "no"
						if !want {
							verb = "an unwanted"
						}
						t.Errorf("%s:%d: %s %s finding (got %v)", shortPath(p.PkgPath)+"/"+filepath.Base(pos.Filename), pos.Line, verb, cat, got[k])
					}
				}
			}
		}
	}
}

// TestRobustFromTypes type-checks the corpus again with go/types,
// tolerating every error, and lays out every type it finds — declared,
// instantiated, local, of any expression — on every arch.
func TestRobustFromTypes(t *testing.T) {
	pkgs := robustLoad(t)
	for _, p := range pkgs {
		t.Run(shortPath(p.PkgPath), func(t *testing.T) {
			info := &types.Info{
				Types:     map[ast.Expr]types.TypeAndValue{},
				Defs:      map[*ast.Ident]types.Object{},
				Uses:      map[*ast.Ident]types.Object{},
				Instances: map[*ast.Ident]types.Instance{},
			}
			var nerr int
			conf := types.Config{
				Importer: importerFunc(func(path string) (*types.Package, error) {
					if imp := p.Imports[path]; imp != nil && imp.Types != nil {
						return imp.Types, nil
					}
					return nil, fmt.Errorf("no package %q", path)
				}),
				Error: func(error) { nerr++ },
				Sizes: p.TypesSizes,
			}
			tpkg, _ := conf.Check(p.PkgPath, p.Fset, p.Syntax, info)
			if (nerr == 0) != wantWellTyped(p) {
				t.Errorf("%d type errors, want well-typed=%v", nerr, wantWellTyped(p))
			}
			all := collectTypes(tpkg, info)
			// Also the types go/packages' own check made.
			all = append(all, collectTypes(p.Types, p.TypesInfo)...)
			for _, ty := range all {
				checkFromTypes(t, ty)
			}
			t.Logf("%d type errors, %d types laid out on %d arches", nerr, len(all), len(robustArches()))
		})
	}
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// collectTypes returns every distinct type that pkg and info mention.
func collectTypes(pkg *types.Package, info *types.Info) []types.Type {
	var all []types.Type
	seen := map[types.Type]bool{}
	add := func(t types.Type) {
		if t != nil && !seen[t] {
			seen[t] = true
			all = append(all, t)
		}
	}
	if pkg != nil {
		for _, name := range pkg.Scope().Names() {
			o := pkg.Scope().Lookup(name)
			add(o.Type())
			if n, ok := types.Unalias(o.Type()).(*types.Named); ok {
				add(n.Underlying())
				for i := range n.NumMethods() {
					add(n.Method(i).Type())
				}
			}
		}
	}
	for _, tv := range info.Types {
		add(tv.Type)
	}
	for _, o := range info.Defs {
		if o != nil {
			add(o.Type())
		}
	}
	for _, o := range info.Uses {
		add(o.Type())
	}
	for _, inst := range info.Instances {
		add(inst.Type)
		if inst.TypeArgs != nil {
			for i := range inst.TypeArgs.Len() {
				add(inst.TypeArgs.At(i))
			}
		}
	}
	// Deterministic order, for reproducible failures.
	slices.SortStableFunc(all, func(a, b types.Type) int { return strings.Compare(a.String(), b.String()) })
	return all
}

// checkFromTypes lays ty out on every arch and checks the result.
func checkFromTypes(t *testing.T, ty types.Type) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s: panic: %v\n%s", ty, r, debug.Stack())
		}
	}()
	tree, err := typesfront.Tree(ty)
	if err != nil || tree == nil {
		t.Errorf("FromTypes(%s) = %v, %v", ty, tree, err)
		return
	}
	invalid := hasInvalid(tree, 0)
	for _, a := range robustArches() {
		l := layout.Compute(tree, a)
		where := fmt.Sprintf("%s on %s", ty, a.Name)
		if l == nil {
			t.Errorf("%s: nil layout", where)
			continue
		}
		_ = l.Err()
		_ = l.Warnings()
		_ = l.String()
		if l.Size <= 1<<20 {
			_ = l.Diagram() // big layouts are drawn collapsed, but only the size is checked above 1 MiB
		} else if d := l.Diagram(); len(d) > 1<<16 {
			t.Errorf("%s: diagram of %d bytes for a %d-byte type", where, len(d), l.Size)
		}
		if l.Size < -1 || l.Size > a.MaxSize || (l.Size >= 0 && l.Align < 1) {
			t.Errorf("%s: size %d align %d", where, l.Size, l.Align)
		}
		if l.Size >= 0 {
			for _, f := range l.Fields {
				if f.Offset < 0 || f.Size < 0 || f.Offset+f.Size > l.Size {
					t.Errorf("%s: field %s at [%d,+%d) outside [0,%d)", where, f.Path, f.Offset, f.Size, l.Size)
				}
			}
			for _, s := range l.Padding {
				if s.Offset < 0 || s.Size <= 0 || s.Offset+s.Size > l.Size {
					t.Errorf("%s: padding %s at [%d,+%d) outside [0,%d)", where, s.Path, s.Offset, s.Size, l.Size)
				}
			}
		}
		for _, p := range l.Problems {
			if strings.HasPrefix(p.Kind.String(), "ProblemKind(") || p.String() == "" {
				t.Errorf("%s: malformed problem %#v", where, p)
			}
		}
		if invalid {
			if l.Err() == nil {
				t.Errorf("%s: a tree with an invalid node passes", where)
			}
			continue
		}
		// Where go/types can lay the type out, the engine must agree.
		sizes := types.SizesFor("gc", a.Name)
		if sizes == nil || hasTypeParam(ty) {
			continue
		}
		gs, ok := gcSizeof(sizes, ty)
		if !ok {
			continue
		}
		switch {
		case l.Size >= 0 && gs != l.Size:
			t.Errorf("%s: size %d, go/types says %d", where, l.Size, gs)
		case l.Size >= 0 && sizes.Alignof(ty) != l.Align:
			t.Errorf("%s: align %d, go/types says %d", where, l.Align, sizes.Alignof(ty))
		case l.Size < 0 && gs >= 0 && gs <= a.MaxSize:
			t.Errorf("%s: too large, go/types says %d bytes", where, gs)
		}
	}
}

// gcSizeof returns go/types' gc size of t, or false if go/types panics:
// its gcSizes asserts on struct offsets that overflow int64, as in
// huge.Sum (struct{ X, Y [1<<62]byte }), as of Go 1.26.
func gcSizeof(sizes types.Sizes, t types.Type) (n int64, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return sizes.Sizeof(t), true
}

// robustArches returns the arches TestRobustFromTypes lays types out on:
// all of them, or with -short (as under qemu, where type-checking is
// slow) a 64-bit little-endian, a 32-bit and a big-endian one.
func robustArches() []layout.Arch {
	if !testing.Short() {
		return layout.Arches
	}
	var as []layout.Arch
	for _, name := range []string{"amd64", "arm", "s390x"} {
		a, _ := layout.ArchByName(name)
		as = append(as, a)
	}
	return as
}

// hasInvalid reports whether tree holds an Invalid node.
func hasInvalid(t *layout.Type, depth int) bool {
	if t == nil || depth > 200 {
		return true
	}
	switch t.Kind {
	case layout.Invalid:
		return true
	case layout.Array:
		return hasInvalid(t.Elem, depth+1)
	case layout.Struct:
		for _, f := range t.Fields {
			if hasInvalid(f.Type, depth+1) {
				return true
			}
		}
	}
	return false
}

// hasTypeParam reports whether the layout of t depends on a type
// parameter, or is otherwise not something gc sizes apply to (tuples,
// untyped constants).
func hasTypeParam(t types.Type) bool {
	found := false
	var visit func(t types.Type, depth int)
	visit = func(t types.Type, depth int) {
		if found || depth > 100 {
			found = true
			return
		}
		switch t := types.Unalias(t).(type) {
		case *types.TypeParam, *types.Tuple, *types.Union:
			found = true
		case *types.Basic:
			found = found || t.Info()&types.IsUntyped != 0 || t.Kind() == types.Invalid
		case *types.Named:
			visit(t.Underlying(), depth+1)
		case *types.Array:
			visit(t.Elem(), depth+1)
		case *types.Struct:
			for i := range t.NumFields() {
				visit(t.Field(i).Type(), depth+1)
			}
		case *types.Interface:
			found = found || !t.IsMethodSet()
		}
	}
	visit(t, 0)
	return found
}

// Regression tests for layout bugs the corpus found. Each builds its type
// with go/types directly, so it does not depend on loading the corpus.

func newStruct(fields ...*types.Var) *types.Struct { return types.NewStruct(fields, nil) }

func field(name string, t types.Type) *types.Var {
	return types.NewField(token.NoPos, nil, name, t, false)
}

// computeAll lays ty out on every arch, in the order of layout.Arches.
func computeAll(t *testing.T, ty types.Type) []*layout.Layout {
	t.Helper()
	tree, err := typesfront.Tree(ty)
	if err != nil {
		t.Fatal(err)
	}
	var ls []*layout.Layout
	for _, a := range layout.Arches {
		ls = append(ls, layout.Compute(tree, a))
	}
	return ls
}

// onceErrors reports each distinct message once, listing the arches
// (layouts) it occurred for.
type onceErrors struct {
	order  []string
	arches map[string][]string
}

func (o *onceErrors) add(arch, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if o.arches == nil {
		o.arches = map[string][]string{}
	}
	if _, ok := o.arches[msg]; !ok {
		o.order = append(o.order, msg)
	}
	o.arches[msg] = append(o.arches[msg], arch)
}

func (o *onceErrors) report(t *testing.T) {
	t.Helper()
	for _, msg := range o.order {
		t.Errorf("%s (computed for %s)", msg, strings.Join(o.arches[msg], ","))
	}
}

// TestRobustLayoutInvalidFieldHasNoPadding: a field whose type could not
// be determined (an undefined name, a syntax error, invalid recursion)
// has no known size, so no padding or zero-size finding may be derived
// from it — only Unsupported. The engine treats it as size 0 and reports
// "padding after trailing zero-size field M", for which layoutcheck even
// offers a fix inserting _ [4]byte (robust/syntax Half, robust/broken
// TrailingUndef), and "the type has size 0" for type T struct{ x T }.
func TestRobustLayoutInvalidFieldHasNoPadding(t *testing.T) {
	invalid := types.Typ[types.Invalid]
	cases := map[string]types.Type{
		"struct{N uint32; M invalid}": newStruct(field("N", types.Typ[types.Uint32]), field("M", invalid)),
		"struct{M invalid; N uint8}":  newStruct(field("M", invalid), field("N", types.Typ[types.Uint8])),
		"struct{X invalid}":           newStruct(field("X", invalid)),
		"[4]invalid":                  types.NewArray(invalid, 4),
	}
	names := slices.Sorted(maps.Keys(cases))
	var errs onceErrors
	for _, name := range names {
		for _, l := range computeAll(t, cases[name]) {
			var unsupported bool
			for _, p := range l.Problems {
				switch {
				case p.Kind == layout.Unsupported:
					unsupported = true
				case p.Kind.IsPadding() || p.Kind == layout.ZeroSize || p.Kind == layout.TooLarge:
					errs.add(l.Arch.Name, "%s: %v problem derived from a type of unknown size: %s", name, p.Kind, p)
				}
			}
			if !unsupported {
				errs.add(l.Arch.Name, "%s: no Unsupported problem in %v", name, l.Problems)
			}
		}
	}
	errs.report(t)
}

// TestRobustLayoutAlignForcerNotImplicitOrder: DESIGN.md allows _ [0]T
// alignment forcers at the start of a struct. A zero-length array holds
// no number, so it must not make the struct's byte order implicit; the
// engine warns "field _ ([0]uint64) at offset 0 is a multi-byte number in
// host byte order" (robust/blank AlignForced).
func TestRobustLayoutAlignForcerNotImplicitOrder(t *testing.T) {
	u32be := types.NewArray(types.Typ[types.Uint8], 4) // shape of endian.U32BE
	ty := newStruct(
		field("_", types.NewArray(types.Typ[types.Uint64], 0)),
		field("A", u32be),
		field("B", u32be),
	)
	var errs onceErrors
	for _, l := range computeAll(t, ty) {
		for _, p := range l.Problems {
			if p.Kind == layout.ImplicitByteOrder {
				errs.add(l.Arch.Name, "%s", p)
			}
		}
		if l.Order != layout.OrderNone {
			errs.add(l.Arch.Name, "order %v, want %v", l.Order, layout.OrderNone)
		}
	}
	errs.report(t)
}

// TestRobustLayoutNoNegativeOffsets: on an arch where a type overflows
// the address space, its problems other than TooLarge are measured at
// offset -1 and say so: "field B (uint16) at offset -1 is a multi-byte
// number" (robust/huge Padded, with layoutcheck -arches=mips).
func TestRobustLayoutNoNegativeOffsets(t *testing.T) {
	ty := newStruct(
		field("A", types.NewArray(types.Typ[types.Uint8], 1<<32)),
		field("B", types.Typ[types.Uint16]),
		field("C", types.Typ[types.Uint8]),
	)
	var errs onceErrors
	for _, l := range computeAll(t, ty) {
		for _, p := range l.Problems {
			if p.Kind != layout.TooLarge && (p.Offset < 0 || strings.Contains(p.String(), "offset -")) {
				errs.add(l.Arch.Name, "%v problem at offset %d: %s", p.Kind, p.Offset, p)
			}
		}
	}
	errs.report(t)
}

package layoutcheck

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/go-overlay/overlay/layout"
	"github.com/go-overlay/overlay/layout/typesfront"
)

// checker holds the state of one pass.
type checker struct {
	pass    *analysis.Pass
	cfg     *Config
	sel     layout.ArchSet
	primary layout.Arch

	dirs    *directives
	files   map[*token.File]*ast.File
	sources map[*token.File][]byte

	decls   map[*types.TypeName]*declInfo // every type declaration of the package
	checked map[*types.TypeName]bool      // declarations reported as such
	generic map[*types.TypeName]*declInfo // marked generic types: checked per instance
	seen    map[string]bool               // findings at call sites, once per type and problem

	archesOf map[*ast.File]layout.ArchSet // the arches each file builds for, once computed
	nested   map[*types.TypeName]bool     // unmarked declarations checked for padding as parts of others

	imported map[types.Object]*castUses // facts of generics of other packages; nil: none
	dec      *tmplDecoder

	fileMarks map[*token.File]mark // file-level directives

	diags []analysis.Diagnostic
}

// declInfo is a type declaration of the package.
type declInfo struct {
	obj  *types.TypeName
	spec *ast.TypeSpec
	gen  *ast.GenDecl
}

func run(pass *analysis.Pass, cfg *Config) (any, error) {
	c := &checker{
		pass:    pass,
		cfg:     cfg,
		sel:     cfg.archSet(),
		files:   map[*token.File]*ast.File{},
		sources: map[*token.File][]byte{},
		decls:   map[*types.TypeName]*declInfo{},
		checked: map[*types.TypeName]bool{},
		generic: map[*types.TypeName]*declInfo{},
		seen:    map[string]bool{},

		imported: map[types.Object]*castUses{},

		fileMarks: map[*token.File]mark{},
	}
	c.primary = analyzedArch(pass.TypesSizes)
	if !c.sel.Has(c.primary.Name) {
		c.primary, _ = layout.ArchByName(c.sel.Names()[0])
	}
	for _, f := range pass.Files {
		if tf := pass.Fset.File(f.Pos()); tf != nil {
			c.files[tf] = f
		}
	}
	c.dirs = parseDirectives(pass.Fset, pass.Files, c.source, func(pos, end token.Pos, msg string) {
		c.diags = append(c.diags, c.directiveDiag(pos, end, msg))
	})
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c.collectDecls(ins)
	c.checkOverlayPlacement()
	c.checkDecls()
	var convs []genericConv
	if cfg.Unsafe {
		convs = c.checkUnsafe(ins)
	}
	c.checkInstances(ins, convs)

	slices.SortStableFunc(c.diags, func(a, b analysis.Diagnostic) int { return cmp.Compare(a.Pos, b.Pos) })
	for _, d := range c.diags {
		pass.Report(d)
	}
	return nil, nil
}

// source returns the content of a file of the package, or nil.
func (c *checker) source(tf *token.File) []byte {
	if b, ok := c.sources[tf]; ok {
		return b
	}
	var b []byte
	if c.pass.ReadFile != nil {
		b, _ = c.pass.ReadFile(tf.Name())
	} else {
		// Drivers older than Pass.ReadFile: the file on disk, if it is
		// the one that was parsed (checked by size below).
		b, _ = os.ReadFile(tf.Name())
	}
	if b != nil && len(b) != tf.Size() {
		b = nil // not the file that was parsed
	}
	c.sources[tf] = b
	return b
}

// collectDecls indexes every type declaration, local ones included.
func (c *checker) collectDecls(ins *inspector.Inspector) {
	for n := range ins.PreorderSeq((*ast.GenDecl)(nil)) {
		gen := n.(*ast.GenDecl)
		if gen.Tok != token.TYPE {
			continue
		}
		for _, s := range gen.Specs {
			spec, ok := s.(*ast.TypeSpec)
			if !ok {
				continue
			}
			if obj, ok := c.pass.TypesInfo.Defs[spec.Name].(*types.TypeName); ok {
				c.decls[obj] = &declInfo{obj: obj, spec: spec, gen: gen}
			}
		}
	}
}

// sortedDecls returns the declarations in source order.
func (c *checker) sortedDecls() []*declInfo {
	ds := make([]*declInfo, 0, len(c.decls))
	for _, d := range c.decls {
		ds = append(ds, d)
	}
	slices.SortFunc(ds, func(a, b *declInfo) int { return cmp.Compare(a.spec.Pos(), b.spec.Pos()) })
	return ds
}

// checkEveryDecl makes every type declaration count as marked: a test
// hook for running the analyzer over real code that has no overlays.
var checkEveryDecl = false

// marked reports whether a declaration asks to be checked: a
// //layoutcheck:overlay comment or a byte-order marker field.
func (c *checker) marked(d *declInfo) bool {
	if checkEveryDecl || hasOverlayDirective(d.spec.Doc, d.spec.Comment, d.gen.Doc) || c.declMark(d) != unmarked {
		return true
	}
	st, ok := ast.Unparen(d.spec.Type).(*ast.StructType)
	if !ok {
		return false
	}
	for _, f := range st.Fields.List {
		switch markerOf(c.pass.TypesInfo.TypeOf(f.Type)) {
		case layout.Big, layout.Little, layout.Native:
			return true
		}
	}
	return false
}

// markerOf returns the marker t is.
func markerOf(t types.Type) layout.Marker {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return layout.NoMarker
	}
	return layout.MarkerOf(n.Obj().Pkg().Path(), n.Obj().Name())
}

func (c *checker) checkDecls() {
	for _, d := range c.sortedDecls() {
		if !c.marked(d) {
			continue
		}
		if d.spec.TypeParams != nil {
			c.generic[d.obj] = d // checked where it is instantiated
			continue
		}
		t := d.obj.Type()
		if containsTypeParam(t) {
			continue // a local type of a generic function
		}
		s, ok := c.declSubject(d)
		if !ok {
			continue
		}
		c.checked[d.obj] = true
		if n, ok := types.Unalias(t).(*types.Named); ok {
			c.checked[n.Obj()] = true
		}
		c.check(s)
	}
}

// declSubject returns the subject that checks the declaration d on the
// arches it is built for, or false if there is nothing to check.
func (c *checker) declSubject(d *declInfo) (*subject, bool) {
	t := d.obj.Type()
	tree, err := typesfront.Tree(t)
	if err != nil {
		return nil, false
	}
	arches := c.fileArches(d.spec.Pos()) & c.typeArches(t)
	if arches == 0 {
		return nil, false // built for no arch of layout.Arches, or of types built for none
	}
	return &subject{
		arches:   arches,
		typ:      t,
		tree:     tree,
		prefix:   c.declName(d),
		pos:      d.spec.Name.Pos(),
		end:      d.spec.Name.End(),
		decl:     d,
		rootExpr: d.spec.Type,
		warnings: true,
		fixes:    true,
		mark:     c.declMark(d),
	}, true
}

// A subject is one type to check and how to report its problems.
type subject struct {
	arches   layout.ArchSet // the arches it is checked on (with -arches); 0: every one of -arches
	typ      types.Type
	tree     *layout.Type
	prefix   string    // how messages name the type: "pkt.Header", "cast.To[pkt.Header]"
	pos, end token.Pos // where findings go that name no field written in the declaration
	atCall   bool      // every finding goes at pos
	decl     *declInfo // the declaration of the type in this package, or nil
	rootExpr ast.Expr  // the syntax of the type, or nil
	warnings bool      // report warnings too
	fixes    bool      // offer fixes
	dedupe   string    // if set, report each problem once per package under this key
	advice   string    // ends every message: "; convert with cast.To[T] ..."
	mark     mark      // the directives' mark of a declaration checked as such
	allowed  bool      // only the problems mark allowed at the declaration
	// paddingOnly reports padding alone: the type is checked as a part
	// of another (see toNested).
	paddingOnly bool
	related     []analysis.RelatedInformation

	// At a call site (see checkAt):
	use  use    // how the call uses the type
	fn   string // the cast generic called, "" for an unsafe conversion
	name string // the type argument, as messages show it
	// atDecl: the type's layout is reported at its declaration, so
	// only what depends on the call is reported at the call.
	atDecl bool
	// foreignOrder reports implicit byte order, though other warnings
	// are off: the type is of another package, and the cast reads its
	// numbers in host order (see foreignOrderAdvice).
	foreignOrder bool
	// orderArg is the order argument of a codec call, if it is one of
	// encoding/binary's (see callSite).
	orderArg   string
	orderIdent *ast.Ident
}

// wants reports whether problems of kind k are reported for s, as far as
// s alone decides.
func (s *subject) wants(k layout.ProblemKind) bool {
	switch {
	case s.atDecl:
		return false
	case s.paddingOnly:
		return k.IsPadding()
	case k == layout.ImplicitByteOrder && s.use == useCodec:
		return false // the call gives the order
	case k == layout.ImplicitByteOrder && s.foreignOrder:
		return true
	case k.IsWarning():
		return s.warnings
	}
	return true
}

// check lays out s on the checked arches and reports its problems. A type
// that go/types could not describe (broken code, which the compiler
// reports) is skipped.
func (c *checker) check(s *subject) {
	sel := c.sel
	if s.arches != 0 {
		sel &= s.arches
	}
	if sel == 0 {
		return
	}
	// Assess: the analyzer needs no leaf list, and a type built from
	// shared structs has exponentially many.
	l := layout.Assess(s.tree, c.primary, sel)
	if l.Invalid {
		return
	}
	switch s.use {
	case useCast:
		c.checkHostOrder(s, l, sel)
	case useCodec:
		c.checkCodecOrder(s, l, sel)
	}
	for _, p := range l.Problems {
		if !c.cfg.reports(p.Kind) || !s.wants(p.Kind) || s.mark.allows(p.Kind) != s.allowed {
			continue
		}
		if s.dedupe != "" {
			key := fmt.Sprintf("%s\x00%d\x00%v\x00%s\x00%d", s.dedupe, p.Kind, p.Index, p.Arch, p.Offset)
			if c.seen[key] {
				continue
			}
			c.seen[key] = c.report(s, l, p)
			continue
		}
		c.report(s, l, p)
	}
}

// report turns one problem into a diagnostic, unless an ignore directive
// covers it. It returns false when only an ignore at the call silenced
// it, so that a later call of the same type still reports it.
func (c *checker) report(s *subject, l *layout.Layout, p layout.Problem) (done bool) {
	cat := p.Kind.Category()
	nav := c.navigate(s.tree, s.rootExpr, p, false)
	if p.Kind == layout.NoHostLayout && c.foreign(s.typ, nav) {
		return true // a struct of another package: not the user's to fix
	}

	pos, end := s.pos, s.end
	ignores := c.declIgnores(s)
	for _, st := range nav.steps {
		if st.field == nil {
			continue
		}
		ignores = append(ignores, c.dirs.inGroups(st.field.Doc, st.field.Comment)...)
		if !s.atCall {
			pos, end = st.namePos()
		}
	}
	for _, ig := range ignores {
		if ig.covers(cat) {
			return true
		}
	}
	for _, ig := range c.dirs.atLine(pos) {
		if ig.covers(cat) {
			// An ignore at one call covers that call only: the next
			// call of the same type is reported.
			return !s.atCall
		}
	}
	if p.Kind.IsPadding() && c.toNested(s, p) {
		return true // reported at the nested declaration
	}

	var fixes []analysis.SuggestedFix
	var note string
	if s.fixes {
		fixes, note = c.suggestFixes(s, l, p, pos)
	}
	text := p.String()
	if p.Kind == layout.ImplicitByteOrder && s.foreignOrder {
		// The kind's advice (add a marker) is not this code's to follow.
		text = strings.TrimSuffix(text, "; "+p.Advice()) + "; " + foreignOrderAdvice(s.fn, s.name)
	}
	msg := s.prefix + ": " + text + note + s.advice
	d := analysis.Diagnostic{Pos: pos, End: end, Category: cat, Message: msg, SuggestedFixes: fixes}
	if c.cfg.Related {
		d.Related = s.related
	}
	c.diags = append(c.diags, d)
	return true
}

// declIgnores returns the ignore directives of the declaration of s's
// type, which cover its findings wherever they are reported.
func (c *checker) declIgnores(s *subject) []*ignore {
	if s.decl == nil {
		return nil
	}
	ignores := c.dirs.inGroups(s.decl.spec.Doc, s.decl.spec.Comment, s.decl.gen.Doc)
	return append(ignores, c.dirs.atLine(s.decl.spec.Name.Pos())...)
}

// containsTypeParam reports whether t holds a type parameter by value,
// where it decides the layout.
func containsTypeParam(t types.Type) bool {
	return holdsTypeParam(t, map[types.Type]bool{}, 0)
}

func holdsTypeParam(t types.Type, seen map[types.Type]bool, depth int) bool {
	if depth > 100 || seen[t] {
		return false
	}
	seen[t] = true
	switch t := types.Unalias(t).(type) {
	case *types.TypeParam:
		return true
	case *types.Named:
		return holdsTypeParam(t.Underlying(), seen, depth+1)
	case *types.Array:
		return holdsTypeParam(t.Elem(), seen, depth+1)
	case *types.Struct:
		for i := range t.NumFields() {
			if holdsTypeParam(t.Field(i).Type(), seen, depth+1) {
				return true
			}
		}
	}
	return false
}

// declName names a type declared in this package.
func (c *checker) declName(d *declInfo) string { return c.pass.Pkg.Name() + "." + d.spec.Name.Name }

// declOf returns the declaration in this package of the named type t, if
// it is not generic.
func (c *checker) declOf(t types.Type) *declInfo {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.TypeArgs().Len() > 0 {
		return nil
	}
	return c.decls[n.Obj()]
}

// ownedType reports whether t is written in this package (a type declared
// here, or a type literal), so that its warnings are the user's to fix.
func (c *checker) ownedType(t types.Type, depth int) bool {
	if depth > 100 {
		return false
	}
	switch t := types.Unalias(t).(type) {
	case *types.Named:
		return t.Obj().Pkg() == c.pass.Pkg
	case *types.Array:
		return c.ownedType(t.Elem(), depth+1)
	case *types.Struct:
		return true
	}
	return false
}

// typeKey identifies a type for deduplication.
func typeKey(t types.Type) string { return types.TypeString(types.Unalias(t), nil) }

// describe names a use of a generic function or type.
func describe(obj types.Object, args []types.Type) string {
	var b strings.Builder
	if obj.Pkg() != nil {
		b.WriteString(obj.Pkg().Name() + ".")
	}
	b.WriteString(obj.Name())
	b.WriteString("[")
	for i, a := range args {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(typesfront.TypeString(a))
	}
	b.WriteString("]")
	return b.String()
}

// foreign reports whether the struct a path names is a named type declared
// in another package.
func (c *checker) foreign(root types.Type, n nav) bool {
	t := root
	for _, st := range n.steps {
		s, ok := t.Underlying().(*types.Struct)
		if !ok || st.index >= s.NumFields() {
			return false
		}
		t = s.Field(st.index).Type()
		// Array indexes between fields.
		for range 100 {
			a, ok := t.Underlying().(*types.Array)
			if !ok {
				break
			}
			t = a.Elem()
		}
	}
	if t == root {
		return false
	}
	named, ok := types.Unalias(t).(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg() != c.pass.Pkg
}

package layoutcheck

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/go-overlay/overlay/layout"
)

// suggestFixes returns the fixes for p, and a note for the message saying
// what the fix does (or what to do by hand). Fixes only edit struct
// literals in the file of the diagnostic at pos.
func (c *checker) suggestFixes(s *subject, p layout.Problem, pos token.Pos) ([]analysis.SuggestedFix, string) {
	tf := c.pass.Fset.File(pos)
	if tf == nil {
		return nil, ""
	}
	nav := c.navigate(s.tree, s.rootExpr, p, true)
	inFile := func(st *ast.StructType) bool {
		return st != nil && c.pass.Fset.File(st.Pos()) == tf && c.source(tf) != nil
	}
	switch p.Kind {
	case layout.InteriorPadding:
		last, ok := nav.last()
		if !ok {
			return nil, ""
		}
		n, ok := c.paddingSize(s.tree, last.node, last.index)
		if !ok {
			return nil, ""
		}
		note := fmt.Sprintf("make it explicit: _ [%d]byte before %s", n, fieldName(last))
		if !inFile(last.st) || (last.ident != nil && last.field.Names[0] != last.ident) {
			return nil, note
		}
		edit := c.insertBefore(tf, last.st, last.field, fmt.Sprintf("_ [%d]byte", n))
		return []analysis.SuggestedFix{{Message: fmt.Sprintf("Insert _ [%d]byte before %s", n, fieldName(last)), TextEdits: []analysis.TextEdit{edit}}}, note

	case layout.TrailingPadding:
		target := nav.target
		if target == nil || target.Kind != layout.Struct {
			return nil, ""
		}
		n, ok := c.paddingSize(s.tree, target, len(target.Fields))
		if !ok {
			return nil, ""
		}
		note := fmt.Sprintf("make it explicit: _ [%d]byte as the last field", n)
		if !inFile(nav.targetExpr) {
			return nil, note
		}
		edit := c.insertAtEnd(tf, nav.targetExpr, fmt.Sprintf("_ [%d]byte", n))
		return []analysis.SuggestedFix{{Message: fmt.Sprintf("Insert trailing _ [%d]byte", n), TextEdits: []analysis.TextEdit{edit}}}, note

	case layout.ZeroSizePadding:
		last, ok := nav.last()
		if !ok {
			return nil, ""
		}
		if m := last.node.Fields[last.index].Type.Marker; m != layout.NoMarker {
			return c.moveMarkerFix(s, tf, last, inFile(last.st))
		}
		n, ok := c.paddingSize(s.tree, last.node, len(last.node.Fields))
		if !ok {
			return nil, ""
		}
		note := fmt.Sprintf("make it explicit: _ [%d]byte after %s", n, fieldName(last))
		if !inFile(last.st) {
			return nil, note
		}
		edit := c.insertAtEnd(tf, last.st, fmt.Sprintf("_ [%d]byte", n))
		return []analysis.SuggestedFix{{Message: fmt.Sprintf("Insert _ [%d]byte after %s", n, fieldName(last)), TextEdits: []analysis.TextEdit{edit}}}, note

	case layout.NoHostLayout:
		st := nav.targetExpr
		if !inFile(st) {
			return nil, ""
		}
		file := c.files[tf]
		name, importEdit, ok := c.structsImport(file)
		if !ok {
			return nil, ""
		}
		edits := []analysis.TextEdit{c.insertAtStart(tf, st, "_ "+name+".HostLayout", false)}
		if importEdit != nil {
			edits = append(edits, *importEdit)
		}
		return []analysis.SuggestedFix{{Message: "Insert _ structs.HostLayout as the first field", TextEdits: edits}}, ""
	}
	return nil, ""
}

func fieldName(s step) string {
	if s.ident != nil {
		return s.ident.Name
	}
	return s.node.Fields[s.index].Name
}

// paddingSize returns the size of an explicit padding field that, inserted
// into the struct node at index i, fills the gap there on every checked
// arch without adding padding anywhere else; i == len(node.Fields) means
// the gap at the end. It tries the gap's size on each checked arch,
// largest first, and verifies each by laying out the fixed tree again.
func (c *checker) paddingSize(tree, node *layout.Type, i int) (int64, bool) {
	var sizes []int64
	for _, a := range c.arches() {
		if g, ok := localGap(node, i, a); ok && g > 0 && !slices.Contains(sizes, g) {
			sizes = append(sizes, g)
		}
	}
	slices.Sort(sizes)
	slices.Reverse(sizes)
	for _, n := range sizes {
		fixed, repl := insertField(tree, node, i, layout.Field{Name: "_", Type: padType(n)})
		if c.fixVerified(tree, fixed, func(a layout.Arch) bool {
			// No gap before the padding, nor after it.
			g1, ok1 := localGap(repl, i, a)
			g2, ok2 := localGap(repl, i+1, a)
			return ok1 && ok2 && g1 == 0 && g2 == 0
		}) {
			return n, true
		}
	}
	return 0, false
}

// fixVerified reports whether fixed, tree after a fix, passes local on
// every checked arch and has no more padding than tree anywhere.
func (c *checker) fixVerified(tree, fixed *layout.Type, local func(layout.Arch) bool) bool {
	before := c.paddingOf(tree)
	for i, a := range c.arches() {
		if local != nil && !local(a) {
			return false
		}
		if padBytes(layout.Compute(fixed, a)) > before[i] {
			return false
		}
	}
	return true
}

// paddingOf returns the padding bytes of tree on each checked arch.
func (c *checker) paddingOf(tree *layout.Type) []int64 {
	if p, ok := c.padding[tree]; ok {
		return p
	}
	var p []int64
	for _, a := range c.arches() {
		p = append(p, padBytes(layout.Compute(tree, a)))
	}
	c.padding[tree] = p
	return p
}

// arches returns the checked arches.
func (c *checker) arches() []layout.Arch {
	var as []layout.Arch
	for _, a := range layout.Arches {
		if c.sel.Has(a.Name) {
			as = append(as, a)
		}
	}
	return as
}

// padBytes counts the padding bytes of a layout, array elements included.
func padBytes(l *layout.Layout) int64 {
	var n int64
	for _, s := range l.Padding {
		n += s.Size * s.Count
	}
	return n
}

// localGap returns the gap on arch a before field i of the struct node, or
// at its end when i == len(node.Fields).
func localGap(node *layout.Type, i int, a layout.Arch) (int64, bool) {
	offs := layout.FieldOffsets(node, a)
	if offs == nil || i < 0 || i > len(node.Fields) {
		return 0, false
	}
	end := int64(0)
	if i > 0 {
		s := sizeOn(node.Fields[i-1].Type, a)
		if offs[i-1] < 0 || s < 0 {
			return 0, false
		}
		end = offs[i-1] + s
	}
	if i < len(node.Fields) {
		if offs[i] < 0 {
			return 0, false
		}
		return offs[i] - end, true
	}
	size := sizeOn(node, a)
	if size < 0 {
		return 0, false
	}
	return size - end, true
}

// sizeOn returns the size of t on arch a (-1 on overflow): the offset of
// a byte that follows t in a struct, which the engine computes without
// looking for problems.
func sizeOn(t *layout.Type, a layout.Arch) int64 {
	probe := &layout.Type{Kind: layout.Struct, Fields: []layout.Field{{Name: "t", Type: t}, {Name: "b", Type: padType(1)}}}
	return layout.FieldOffsets(probe, a)[1]
}

// padType is [n]byte.
func padType(n int64) *layout.Type {
	return &layout.Type{Kind: layout.Array, Name: fmt.Sprintf("[%d]uint8", n), Len: n, Elem: &layout.Type{Kind: layout.Uint8, Name: "uint8"}}
}

// insertField returns a copy of tree in which the struct node has f
// inserted at index i, and the copy of node.
func insertField(tree, node *layout.Type, i int, f layout.Field) (*layout.Type, *layout.Type) {
	fields := slices.Insert(slices.Clone(node.Fields), i, f)
	return replaceNode(tree, node, fields)
}

// replaceNode returns a copy of tree in which node has the given fields,
// and the copy of node.
func replaceNode(tree, node *layout.Type, fields []layout.Field) (*layout.Type, *layout.Type) {
	repl := &layout.Type{}
	*repl = *node
	repl.Fields = fields
	done := map[*layout.Type]*layout.Type{node: repl}
	var cp func(t *layout.Type, depth int) *layout.Type
	cp = func(t *layout.Type, depth int) *layout.Type {
		if t == nil || depth > 200 {
			return t
		}
		if n, ok := done[t]; ok {
			return n
		}
		n := *t
		done[t] = &n
		if t.Elem != nil {
			n.Elem = cp(t.Elem, depth+1)
		}
		if t.Fields != nil {
			n.Fields = make([]layout.Field, len(t.Fields))
			for i, f := range t.Fields {
				f.Type = cp(f.Type, depth+1)
				n.Fields[i] = f
			}
		}
		return &n
	}
	return cp(tree, 0), repl
}

// moveMarkerFix moves a marker that ends a struct to its start.
func (c *checker) moveMarkerFix(s *subject, tf *token.File, last step, inFile bool) ([]analysis.SuggestedFix, string) {
	f := last.node.Fields[last.index]
	fields := slices.Delete(slices.Clone(last.node.Fields), last.index, last.index+1)
	fields = slices.Insert(fields, 0, f)
	moved, _ := replaceNode(s.tree, last.node, fields)
	if !c.fixVerified(s.tree, moved, nil) || padBytes(layout.Compute(moved, c.primary)) >= padBytes(layout.Compute(s.tree, c.primary)) {
		return nil, ""
	}
	note := fmt.Sprintf("move %s (%s) to the start of the struct", fieldName(last), f.Type)
	if !inFile || last.field == nil || len(last.field.Names) > 1 {
		return nil, note
	}
	del, ok := c.deleteField(tf, last.st, last.field)
	if !ok {
		return nil, note
	}
	text := types.ExprString(last.field.Type)
	if last.ident != nil {
		text = last.ident.Name + " " + text
	}
	ins := c.insertAtStart(tf, last.st, text, true)
	return []analysis.SuggestedFix{{
		Message:   fmt.Sprintf("Move %s to the start of the struct", text),
		TextEdits: []analysis.TextEdit{ins, del},
	}}, note
}

// Text edits. Inserted fields are indented like their neighbors; the
// analysis drivers gofmt the result anyway.

func (c *checker) lineStart(tf *token.File, pos token.Pos) token.Pos {
	return tf.LineStart(tf.Line(pos))
}

// indentOf returns the white space that starts the line of pos.
func (c *checker) indentOf(tf *token.File, pos token.Pos) string {
	src := c.source(tf)
	start, off := tf.Offset(c.lineStart(tf, pos)), tf.Offset(pos)
	if src == nil || off > len(src) {
		return "\t"
	}
	line := src[start:off]
	n := len(line) - len(strings.TrimLeft(string(line), " \t"))
	return string(line[:n])
}

// fieldStart returns where a field begins, its doc comment included.
func fieldStart(f *ast.Field) token.Pos {
	if f.Doc != nil {
		return f.Doc.Pos()
	}
	return f.Pos()
}

// prevEnd returns where the syntax before field f of st ends: the previous
// field or the opening brace.
func prevEnd(st *ast.StructType, f *ast.Field) token.Pos {
	end := st.Fields.Opening + 1
	for _, g := range st.Fields.List {
		if g == f {
			break
		}
		end = g.End()
		if g.Comment != nil {
			end = g.Comment.End()
		}
	}
	return end
}

// insertBefore inserts a field declaration before field f of st.
func (c *checker) insertBefore(tf *token.File, st *ast.StructType, f *ast.Field, text string) analysis.TextEdit {
	start := fieldStart(f)
	if tf.Line(prevEnd(st, f)) == tf.Line(start) {
		return analysis.TextEdit{Pos: start, End: start, NewText: []byte(text + "; ")}
	}
	return analysis.TextEdit{Pos: start, End: start, NewText: []byte(text + "\n" + c.indentOf(tf, start))}
}

// insertAtEnd inserts a field declaration after the last field of st.
func (c *checker) insertAtEnd(tf *token.File, st *ast.StructType, text string) analysis.TextEdit {
	closing := st.Fields.Closing
	lastEnd := st.Fields.Opening + 1
	indent := "\t"
	if n := len(st.Fields.List); n > 0 {
		last := st.Fields.List[n-1]
		lastEnd = last.End()
		indent = c.indentOf(tf, fieldStart(last))
	}
	if tf.Line(lastEnd) == tf.Line(closing) {
		return analysis.TextEdit{Pos: closing, End: closing, NewText: []byte("; " + text + " ")}
	}
	ls := c.lineStart(tf, closing)
	return analysis.TextEdit{Pos: ls, End: ls, NewText: []byte(indent + text + "\n")}
}

// insertAtStart inserts a field declaration before the first field of st.
// afterBrace puts it right after the opening brace, so that it does not
// collide with another insertion before the first field.
func (c *checker) insertAtStart(tf *token.File, st *ast.StructType, text string, afterBrace bool) analysis.TextEdit {
	opening := st.Fields.Opening
	if tf.Line(opening) == tf.Line(st.Fields.Closing) || len(st.Fields.List) == 0 {
		return analysis.TextEdit{Pos: opening + 1, End: opening + 1, NewText: []byte(" " + text + ";")}
	}
	first := fieldStart(st.Fields.List[0])
	indent := c.indentOf(tf, first)
	if tf.Line(first) == tf.Line(opening) {
		return analysis.TextEdit{Pos: opening + 1, End: opening + 1, NewText: []byte("\n" + indent + text)}
	}
	if afterBrace {
		// At the end of the brace's line, after any comment there.
		eol := tf.LineStart(tf.Line(opening)+1) - 1
		return analysis.TextEdit{Pos: eol, End: eol, NewText: []byte("\n" + indent + text)}
	}
	ls := c.lineStart(tf, first)
	return analysis.TextEdit{Pos: ls, End: ls, NewText: []byte(indent + text + "\n")}
}

// deleteField deletes field f of st: its whole line when it has one to
// itself, else the field and the separator before it.
func (c *checker) deleteField(tf *token.File, st *ast.StructType, f *ast.Field) (analysis.TextEdit, bool) {
	end := f.End()
	if f.Comment != nil {
		end = f.Comment.End()
	}
	start := fieldStart(f)
	prev := prevEnd(st, f)
	nextLine := tf.Line(st.Fields.Closing)
	for i, g := range st.Fields.List {
		if g == f && i+1 < len(st.Fields.List) {
			nextLine = tf.Line(fieldStart(st.Fields.List[i+1]))
		}
	}
	if tf.Line(prev) < tf.Line(start) && tf.Line(end) < nextLine {
		// Alone on its lines: delete them.
		from := c.lineStart(tf, start)
		line := tf.Line(end)
		if line >= tf.LineCount() {
			return analysis.TextEdit{}, false
		}
		to := tf.LineStart(line + 1)
		return analysis.TextEdit{Pos: from, End: to}, true
	}
	if prev == st.Fields.Opening+1 {
		return analysis.TextEdit{}, false // first field sharing a line: not worth it
	}
	return analysis.TextEdit{Pos: prev, End: end}, true
}

// structsImport returns the name under which file imports package structs,
// and the edit adding the import if it does not.
func (c *checker) structsImport(file *ast.File) (string, *analysis.TextEdit, bool) {
	if file == nil {
		return "", nil, false
	}
	if v := c.pass.TypesInfo.FileVersions[file]; v != "" && version.Compare(v, "go1.23") < 0 {
		return "", nil, false // structs.HostLayout is new in Go 1.23
	}
	for _, imp := range file.Imports {
		if path, err := strconv.Unquote(imp.Path.Value); err != nil || path != "structs" {
			continue
		}
		switch {
		case imp.Name == nil:
			return "structs", nil, true
		case imp.Name.Name == "_" || imp.Name.Name == ".":
			return "", nil, false
		default:
			return imp.Name.Name, nil, true
		}
	}
	if c.pass.Pkg.Scope().Lookup("structs") != nil {
		return "", nil, false // the name is taken
	}
	for _, d := range file.Decls {
		gen, ok := d.(*ast.GenDecl)
		if !ok || gen.Tok != token.IMPORT {
			continue
		}
		if gen.Lparen.IsValid() {
			// Into the first group if it holds standard packages, else
			// as a group of its own before it.
			text := "\n\t\"structs\"\n"
			if spec, ok := gen.Specs[0].(*ast.ImportSpec); ok && isStd(spec) {
				text = "\n\t\"structs\""
			}
			return "structs", &analysis.TextEdit{Pos: gen.Lparen + 1, End: gen.Lparen + 1, NewText: []byte(text)}, true
		}
		// import "x" becomes import ( "structs"; "x" ).
		spec, ok := gen.Specs[0].(*ast.ImportSpec)
		src := c.source(c.pass.Fset.File(gen.Pos()))
		if !ok || src == nil || spec.Doc != nil || spec.Comment != nil {
			return "structs", &analysis.TextEdit{Pos: gen.End(), End: gen.End(), NewText: []byte("\n\nimport \"structs\"")}, true
		}
		tf := c.pass.Fset.File(gen.Pos())
		old := string(src[tf.Offset(spec.Pos()):tf.Offset(spec.End())])
		sep := "\n\n\t"
		if isStd(spec) {
			sep = "\n\t"
		}
		return "structs", &analysis.TextEdit{Pos: spec.Pos(), End: spec.End(), NewText: []byte("(\n\t\"structs\"" + sep + old + "\n)")}, true
	}
	return "structs", &analysis.TextEdit{Pos: file.Name.End(), End: file.Name.End(), NewText: []byte("\n\nimport \"structs\"")}, true
}

// isStd reports whether an import is of a standard package: no dot in the
// first path element.
func isStd(spec *ast.ImportSpec) bool {
	path, err := strconv.Unquote(spec.Path.Value)
	if err != nil {
		return false
	}
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

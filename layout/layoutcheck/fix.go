package layoutcheck

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"math"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/go-overlay/overlay/layout"
)

// suggestFixes returns the fixes for p, a problem of l, and a note for
// the message when the fix offered is not the one the message advises.
// Fixes only edit struct literals in the file of the diagnostic at pos.
//
// A padding fix never moves a field on an arch of the subject's set
// unless -allow-moves says so. Where the gap differs by arch, the
// engine's fix (p.Fix) fills the largest gap and grows the struct on the
// arches with a smaller one (Fix.Moves), which would silently break their
// ABI: it is described in the message, and -fix inserts the smallest gap
// instead (l.SafeFix), which moves nothing and leaves the rest of the
// padding, on the arches the note names, to the author.
func (c *checker) suggestFixes(s *subject, l *layout.Layout, p layout.Problem, pos token.Pos) ([]analysis.SuggestedFix, string) {
	if !p.Kind.IsPadding() || c.cfg.AllowMoves || (p.Fix != nil && p.Fix.Moves == 0) {
		return c.editFixes(s, p, pos), ""
	}
	if sf, ok := l.SafeFix(p); ok {
		q := p
		q.Fix = &sf
		fixes := c.editFixes(s, q, pos)
		if len(fixes) == 0 {
			return nil, ""
		}
		if p.Fix == nil {
			return fixes, fmt.Sprintf("; -fix inserts _ [%d]byte, which moves no field and leaves padding on %s", sf.Size, sf.Leaves)
		}
		return fixes, fmt.Sprintf("; -fix inserts _ [%d]byte instead, which moves no field and leaves padding on %s (-allow-moves inserts the above)", sf.Size, sf.Leaves)
	}
	if p.Fix == nil {
		return nil, ""
	}
	return nil, "; -fix does not insert it, as it changes the layout on " + p.Fix.Moves.String() +
		" (-allow-moves does): reorder the fields, or split the declaration by arch"
}

// editFixes returns the edits of p's fix: the engine's padding fix
// (p.Fix), or the HostLayout field.
func (c *checker) editFixes(s *subject, p layout.Problem, pos token.Pos) []analysis.SuggestedFix {
	tf := c.pass.Fset.File(pos)
	if tf == nil {
		return nil
	}
	inFile := func(st *ast.StructType) bool {
		return st != nil && c.pass.Fset.File(st.Pos()) == tf && c.source(tf) != nil
	}
	if p.Kind == layout.NoHostLayout {
		return c.hostLayoutFix(tf, c.navigate(s.tree, s.rootExpr, p, true).targetExpr, inFile)
	}
	f := p.Fix
	if f == nil {
		return nil
	}
	// The struct the fix edits, and the field it is placed by.
	nav := c.navigate(s.tree, s.rootExpr, layout.Problem{Index: f.Struct}, true)
	st := nav.targetExpr
	if !inFile(st) {
		return nil
	}
	field := func(i int) (*ast.Field, *ast.Ident) { return fieldSyntax(st, i) }
	text := fmt.Sprintf("_ [%d]byte", f.Size)
	switch {
	case f.Kind == layout.MoveToStart:
		return c.moveToStartFix(tf, st, *f)
	case f.At > 0:
		if fix, ok := c.mergePadding(st, f.At-1, f.Size); ok {
			return []analysis.SuggestedFix{fix}
		}
	}
	if f.At < fieldCount(st) {
		fd, ident := field(f.At)
		if fd == nil || (ident != nil && fd.Names[0] != ident) {
			return nil // the field shares its declaration with the one before
		}
		edit := c.insertBefore(tf, st, fd, text)
		return []analysis.SuggestedFix{{Message: fmt.Sprintf("Insert %s before %s", text, f.Field), TextEdits: []analysis.TextEdit{edit}}}
	}
	edit := c.insertAtEnd(tf, st, text)
	msg := "Insert trailing " + text
	if p.Kind == layout.ZeroSizePadding {
		msg = fmt.Sprintf("Insert %s after %s", text, f.Field)
	}
	return []analysis.SuggestedFix{{Message: msg, TextEdits: []analysis.TextEdit{edit}}}
}

// mergePadding returns the fix that grows explicit padding field i of st,
// written _ [k]byte or _ [k]uint8 with a field of its own, by n bytes: the
// same layout as a second _ [n]byte right after it, in one field.
func (c *checker) mergePadding(st *ast.StructType, i int, n int64) (analysis.SuggestedFix, bool) {
	fd, ident := fieldSyntax(st, i)
	if fd == nil || len(fd.Names) != 1 || ident == nil || ident.Name != "_" {
		return analysis.SuggestedFix{}, false
	}
	at, ok := fd.Type.(*ast.ArrayType)
	if !ok || at.Len == nil {
		return analysis.SuggestedFix{}, false
	}
	if b, ok := c.pass.TypesInfo.TypeOf(at.Elt).(*types.Basic); !ok || b.Kind() != types.Uint8 {
		return analysis.SuggestedFix{}, false
	}
	lit, ok := ast.Unparen(at.Len).(*ast.BasicLit)
	if !ok || lit.Kind != token.INT {
		return analysis.SuggestedFix{}, false
	}
	k, err := strconv.ParseInt(lit.Value, 0, 64)
	if err != nil || k < 0 || k > math.MaxInt64-n {
		return analysis.SuggestedFix{}, false
	}
	grown := strconv.FormatInt(k+n, 10)
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("Grow _ [%s]%s to _ [%s]%s", lit.Value, types.ExprString(at.Elt), grown, types.ExprString(at.Elt)),
		TextEdits: []analysis.TextEdit{{Pos: lit.Pos(), End: lit.End(), NewText: []byte(grown)}},
	}, true
}

// hostLayoutFix inserts _ structs.HostLayout first in st.
func (c *checker) hostLayoutFix(tf *token.File, st *ast.StructType, inFile func(*ast.StructType) bool) []analysis.SuggestedFix {
	if !inFile(st) {
		return nil
	}
	name, importEdit, ok := c.structsImport(c.files[tf])
	if !ok {
		return nil
	}
	edits := []analysis.TextEdit{c.insertAtStart(tf, st, "_ "+name+".HostLayout", false)}
	if importEdit != nil {
		edits = append(edits, *importEdit)
	}
	return []analysis.SuggestedFix{{Message: "Insert _ structs.HostLayout as the first field", TextEdits: edits}}
}

// fieldCount returns the number of fields st declares.
func fieldCount(st *ast.StructType) int {
	n := 0
	for _, f := range st.Fields.List {
		n += max(len(f.Names), 1)
	}
	return n
}

// moveToStartFix moves the marker field f.At of st to its start.
func (c *checker) moveToStartFix(tf *token.File, st *ast.StructType, f layout.Fix) []analysis.SuggestedFix {
	fd, ident := fieldSyntax(st, f.At)
	if fd == nil || len(fd.Names) > 1 {
		return nil
	}
	del, ok := c.deleteField(tf, st, fd)
	if !ok {
		return nil
	}
	text := types.ExprString(fd.Type)
	if ident != nil {
		text = ident.Name + " " + text
	}
	ins := c.insertAtStart(tf, st, text, true)
	return []analysis.SuggestedFix{{
		Message:   fmt.Sprintf("Move %s to the start of the struct", text),
		TextEdits: []analysis.TextEdit{ins, del},
	}}
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

package layoutcheck

import (
	"go/ast"
	"go/token"
	"strings"

	"github.com/go-overlay/overlay/layout"
)

// abiName is the directive that marks kernel or hardware ABI structs:
// checked like overlays, but allowed to hold pointers, which Go code
// stores for the other side to read (cilium/ebpf's BPF attr structs).
const abiName = "abi"

// A mark is what the //layoutcheck: directives make of a declaration.
type mark uint8

const (
	unmarked  mark = iota
	overlayed      // checked as an overlay
	abiStruct      // checked as an overlay, pointers allowed
)

// declMark returns how the directives of a declaration, or of its file,
// mark it. A directive in a comment before the package clause marks
// every struct type declared at package level in the file: the case of
// generated files of ABI structs (x/sys's ztypes_*.go).
func (c *checker) declMark(d *declInfo) mark {
	if d == nil {
		return unmarked
	}
	if hasDirective(abiName, d.spec.Doc, d.spec.Comment, d.gen.Doc) {
		return abiStruct
	}
	if _, ok := ast.Unparen(d.spec.Type).(*ast.StructType); !ok || d.obj.Parent() != c.pass.Pkg.Scope() {
		return unmarked
	}
	return c.fileMark(d.spec.Pos())
}

// fileMark returns the mark of the directives before the package clause
// of the file holding pos.
func (c *checker) fileMark(pos token.Pos) mark {
	tf := c.pass.Fset.File(pos)
	if m, ok := c.fileMarks[tf]; ok {
		return m
	}
	m := unmarked
	if f := c.files[tf]; f != nil {
		var before []*ast.CommentGroup
		for _, g := range f.Comments {
			if beforePackage(f, g) {
				before = append(before, g)
			}
		}
		switch {
		case hasDirective(abiName, before...):
			m = abiStruct
		case hasDirective(overlayName, before...):
			m = overlayed
		}
	}
	c.fileMarks[tf] = m
	return m
}

// beforePackage reports whether comment group g precedes the package
// clause of f, where //layoutcheck:overlay and //layoutcheck:abi apply to
// the whole file.
func beforePackage(f *ast.File, g *ast.CommentGroup) bool { return g.End() < f.Package }

// allows reports whether a declaration of mark m accepts problems of
// kind k (which casts to it still report).
func (m mark) allows(k layout.ProblemKind) bool {
	return m == abiStruct && k == layout.PointerField
}

// hasDirective reports whether a comment group holds //layoutcheck:name,
// alone or followed by text.
func hasDirective(name string, groups ...*ast.CommentGroup) bool {
	for _, g := range groups {
		if g == nil {
			continue
		}
		for _, cm := range g.List {
			rest, ok := strings.CutPrefix(cm.Text, directivePrefix)
			if !ok {
				continue
			}
			if n, _, _ := strings.Cut(rest, " "); strings.TrimSpace(n) == name {
				return true
			}
		}
	}
	return false
}

package layoutcheck

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/go-overlay/overlay/layout"
)

// A step is one field on the path of a problem: the struct that holds it,
// in the tree and, when the struct is written in this package, in the
// syntax.
type step struct {
	node  *layout.Type    // the struct
	index int             // the field's index in node.Fields
	st    *ast.StructType // the struct's syntax, or nil
	field *ast.Field      // the field's syntax, or nil
	ident *ast.Ident      // the field's name; nil for an embedded field
}

// namePos returns the range of the field's name, or of its type when it
// is embedded.
func (s step) namePos() (token.Pos, token.Pos) {
	if s.ident != nil {
		return s.ident.Pos(), s.ident.End()
	}
	return s.field.Type.Pos(), s.field.Type.End()
}

// A nav is a problem's path resolved in the tree and the syntax.
type nav struct {
	steps      []step
	target     *layout.Type    // the type the whole path names
	targetExpr *ast.StructType // its syntax when it is a struct written here
}

// last returns the last step, if the path names a field.
func (n nav) last() (step, bool) {
	if len(n.steps) == 0 {
		return step{}, false
	}
	return n.steps[len(n.steps)-1], true
}

// A pathComp is one dotted component of a problem path: a field name (empty
// for an array at the root) followed by n array indexes.
type pathComp struct {
	name    string
	indexes int
}

func parsePath(path string) []pathComp {
	if path == "" {
		return nil
	}
	var comps []pathComp
	for part := range strings.SplitSeq(path, ".") {
		name, _, _ := strings.Cut(part, "[")
		comps = append(comps, pathComp{name: name, indexes: strings.Count(part, "[")})
	}
	return comps
}

// navigate resolves p.Path from root, whose syntax is expr (or nil). With
// follow, it goes on into the declarations of named types of this package;
// without, it stays in the syntax of expr.
func (c *checker) navigate(root *layout.Type, expr ast.Expr, p layout.Problem, follow bool) nav {
	arch, ok := layout.ArchByName(p.Arch)
	if !ok {
		arch = c.primary
	}
	comps := parsePath(p.Path)
	node := root
	base := int64(0)
	cur := c.resolve(expr, true, 0) // the root's own syntax is always followed
	var n nav
walk:
	for i, comp := range comps {
		if comp.name != "" {
			if node == nil || node.Kind != layout.Struct || node.Marker != layout.NoMarker {
				break
			}
			offs := layout.FieldOffsets(node, arch)
			idx := pickField(node, offs, base, comp.name, arch, p, i == len(comps)-1 && comp.indexes == 0)
			if idx < 0 {
				break
			}
			st, _ := cur.(*ast.StructType)
			field, ident := fieldSyntax(st, idx)
			if field == nil {
				st = nil
			}
			n.steps = append(n.steps, step{node: node, index: idx, st: st, field: field, ident: ident})
			if offs[idx] >= 0 {
				base += offs[idx]
			}
			node = node.Fields[idx].Type
			cur = nil
			if field != nil {
				cur = c.resolve(field.Type, follow, 0)
			}
		}
		for range comp.indexes {
			if node == nil || node.Kind != layout.Array {
				node = nil
				break walk
			}
			node = node.Elem
			if at, ok := cur.(*ast.ArrayType); ok {
				cur = c.resolve(at.Elt, follow, 0)
			} else {
				cur = nil
			}
		}
	}
	n.target = node
	n.targetExpr, _ = cur.(*ast.StructType)
	return n
}

// resolve returns the struct or array syntax that expr denotes: expr
// itself, or with follow, the declaration of the named type it names, if
// that is declared (not generic) in this package.
func (c *checker) resolve(expr ast.Expr, follow bool, depth int) ast.Expr {
	if expr == nil || depth > 20 {
		return nil
	}
	switch e := ast.Unparen(expr).(type) {
	case *ast.StructType, *ast.ArrayType:
		return e
	case *ast.Ident, *ast.SelectorExpr:
		if !follow {
			return nil
		}
		var id *ast.Ident
		if sel, ok := e.(*ast.SelectorExpr); ok {
			id = sel.Sel
		} else {
			id = e.(*ast.Ident)
		}
		obj, ok := c.pass.TypesInfo.Uses[id].(*types.TypeName)
		if !ok {
			return nil
		}
		d := c.decls[obj]
		if d == nil || d.spec.TypeParams != nil {
			return nil
		}
		return c.resolve(d.spec.Type, follow, depth+1)
	}
	return nil
}

// pickField returns the index of the field of node named name that p is
// about: the only one, or, among several blank fields, the one at the
// offset p gives. last says that the field ends the path.
func pickField(node *layout.Type, offs []int64, base int64, name string, arch layout.Arch, p layout.Problem, last bool) int {
	var cands []int
	for i, f := range node.Fields {
		if f.Name == name {
			cands = append(cands, i)
		}
	}
	switch len(cands) {
	case 0:
		return -1
	case 1:
		return cands[0]
	}
	at := func(off int64) int {
		for _, i := range cands {
			if offs[i] >= 0 && base+offs[i] == off {
				return i
			}
		}
		return -1
	}
	within := func(off int64) int {
		for _, i := range cands {
			size := layout.Compute(node.Fields[i].Type, arch).Size
			if offs[i] >= 0 && base+offs[i] <= off && off < base+offs[i]+max(size, 1) {
				return i
			}
		}
		return -1
	}
	idx := -1
	switch {
	case !last, p.Kind == layout.TrailingPadding:
		idx = within(p.Offset)
	case p.Kind == layout.InteriorPadding:
		idx = at(p.Offset + p.Size)
	case p.Kind == layout.ZeroSizePadding:
		idx = cands[len(cands)-1]
	case p.Kind == layout.MarkerConflict:
		for _, i := range cands {
			if m := node.Fields[i].Type.Marker; m == layout.Big || m == layout.Little {
				idx = i
			}
		}
	default:
		idx = at(p.Offset)
	}
	if idx < 0 {
		idx = cands[0]
	}
	return idx
}

// fieldSyntax returns the field of st with index idx in the flattened
// field list, and its name (nil when embedded).
func fieldSyntax(st *ast.StructType, idx int) (*ast.Field, *ast.Ident) {
	if st == nil || st.Fields == nil {
		return nil, nil
	}
	i := 0
	for _, f := range st.Fields.List {
		if len(f.Names) == 0 {
			if i == idx {
				return f, nil
			}
			i++
			continue
		}
		for _, name := range f.Names {
			if i == idx {
				return f, name
			}
			i++
		}
	}
	return nil, nil
}

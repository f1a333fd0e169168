package layoutcheck

import (
	"go/ast"
	"go/token"
	"go/types"

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

// navigate resolves p.Index from root, whose syntax is expr (or nil). With
// follow, it goes on into the declarations of named types of this package;
// without, it stays in the syntax of expr. The engine's index path names
// each field by its index, so repeated blank fields need no guessing.
func (c *checker) navigate(root *layout.Type, expr ast.Expr, p layout.Problem, follow bool) nav {
	node := root
	cur := c.resolve(expr, true, 0) // the root's own syntax is always followed
	node, cur = c.throughArrays(node, cur, follow)
	var n nav
	for _, idx := range p.Index {
		if node == nil || node.Kind != layout.Struct || idx < 0 || idx >= len(node.Fields) {
			node, cur = nil, nil
			break
		}
		st, _ := cur.(*ast.StructType)
		field, ident := fieldSyntax(st, idx)
		if field == nil {
			st = nil
		}
		n.steps = append(n.steps, step{node: node, index: idx, st: st, field: field, ident: ident})
		cur = nil
		if field != nil {
			cur = c.resolve(field.Type, follow, 0)
		}
		node, cur = c.throughArrays(node.Fields[idx].Type, cur, follow)
	}
	n.target = node
	n.targetExpr, _ = cur.(*ast.StructType)
	return n
}

// throughArrays passes from an array to its element type, in the tree and
// in the syntax, as an index path does.
func (c *checker) throughArrays(node *layout.Type, cur ast.Expr, follow bool) (*layout.Type, ast.Expr) {
	for range layout.MaxDepth + 1 {
		if node == nil || node.Kind != layout.Array {
			break
		}
		node = node.Elem
		if at, ok := cur.(*ast.ArrayType); ok {
			cur = c.resolve(at.Elt, follow, 0)
		} else {
			cur = nil
		}
	}
	return node, cur
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

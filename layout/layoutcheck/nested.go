package layoutcheck

import (
	"go/types"

	"github.com/go-overlay/overlay/layout"
)

// Padding inside a named struct type declared in this package is the
// padding of that declaration: it is reported there, with a fix that
// edits it, rather than at the field of the outer type that uses it.

// toNested reports padding problem p of s at the declaration of the named
// struct type of this package that holds the gap, when that is not s's
// own type, and reports whether it did (then s reports nothing). A
// declaration that is checked on its own (marked) reports its padding
// itself; another is checked for padding only, once, naming the first
// type it was found in.
func (c *checker) toNested(s *subject, p layout.Problem) bool {
	path := p.Index // TrailingPadding: the struct; the others: a field of it
	if p.Kind != layout.TrailingPadding {
		if len(path) == 0 {
			return false
		}
		path = path[:len(path)-1]
	}
	if len(path) == 0 {
		return false // the gap is in s's own struct
	}
	n := namedAt(s.typ, path)
	if n == nil || n.TypeArgs().Len() > 0 {
		return false
	}
	d := c.decls[n.Obj()]
	if d == nil || d == s.decl || d.spec.TypeParams != nil {
		return false
	}
	if c.marked(d) {
		return true // reported by its own check
	}
	if c.nested == nil {
		c.nested = map[*types.TypeName]bool{}
	}
	if !c.nested[d.obj] {
		c.nested[d.obj] = true
		if ns, ok := c.declSubject(d); ok {
			ns.prefix += " (in " + s.prefix + ")"
			ns.paddingOnly = true
			c.check(ns)
		}
	}
	return true
}

// namedAt returns the named type at index path in t (arrays passed
// through, as a problem's Index takes them), or nil.
func namedAt(t types.Type, path []int) *types.Named {
	t = elemOf(t)
	for _, i := range path {
		st, ok := t.Underlying().(*types.Struct)
		if !ok || i < 0 || i >= st.NumFields() {
			return nil
		}
		t = elemOf(st.Field(i).Type())
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n
}

// elemOf strips arrays from t.
func elemOf(t types.Type) types.Type {
	for range layout.MaxDepth + 1 {
		a, ok := t.Underlying().(*types.Array)
		if !ok {
			break
		}
		t = a.Elem()
	}
	return t
}

package layoutcheck

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/go-overlay/overlay/layout/typesfront"
)

// unsafeConversion stands for an -unsafe conversion among the uses of a
// generic declaration, as a cast generic does; facts name it by its name.
var unsafeConversion = types.NewTypeName(token.NoPos, nil, "(*T)(unsafe.Pointer)", nil)

// A genericConv is a conversion to *T in generic code, where T holds a
// type parameter: checked where the generic is instantiated.
type genericConv struct {
	pos token.Pos
	t   types.Type
}

// checkUnsafe checks, with -unsafe, the type T of every conversion
// (*T)(p) of an unsafe.Pointer p that points into byte memory: the
// hand-written form of cast.To[T]. T gets the rules of a cast call and is
// reported at the conversion. Conversions between other pointers, such as
// struct-to-struct ones, are not overlays of bytes and are not checked.
// It returns the conversions whose T holds a type parameter.
func (c *checker) checkUnsafe(ins *inspector.Inspector) []genericConv {
	var generic []genericConv
	u := &unsafeScan{c: c, inits: map[*types.Var]ast.Expr{}, reassigned: map[*types.Var]bool{}, sliced: map[*ast.CallExpr]bool{}}
	u.indexVars(ins)
	for n := range ins.PreorderSeq((*ast.CallExpr)(nil)) {
		call := n.(*ast.CallExpr)
		if u.builtin(call) == "Slice" && len(call.Args) == 2 {
			if conv, ok := ast.Unparen(call.Args[0]).(*ast.CallExpr); ok {
				u.sliced[conv] = true // PreorderSeq visits the outer call first
			}
			continue
		}
		if len(call.Args) != 1 {
			continue
		}
		tv, ok := c.pass.TypesInfo.Types[call.Fun]
		if !ok || !tv.IsType() {
			continue
		}
		ptr, ok := types.Unalias(tv.Type).Underlying().(*types.Pointer)
		if !ok || !isUnsafePointer(c.pass.TypesInfo.TypeOf(call.Args[0])) {
			continue
		}
		t := ptr.Elem()
		if !u.byteMemory(call.Args[0], 0) {
			continue
		}
		if containsTypeParam(t) {
			generic = append(generic, genericConv{pos: call.Pos(), t: t})
			continue
		}
		var arg ast.Expr
		if star, ok := ast.Unparen(call.Fun).(*ast.StarExpr); ok {
			arg = star.X
		}
		name := typesfront.TypeString(t)
		fn := "To"
		if u.sliced[call] {
			fn = "Slice"
		}
		prefix := "unsafe conversion to *" + name
		advice := "; convert with cast." + fn + "[" + name + "], which also checks the length and alignment"
		c.checkAt(callSite{node: call}, t, prefix, arg, "unsafe\x00"+typeKey(t), advice)
	}
	return generic
}

// checkUnsafeArg checks the type T of a conversion to *T in generic code,
// instantiated at in with T as t.
func (c *checker) checkUnsafeArg(in instance, t types.Type, via string) {
	name := typesfront.TypeString(t)
	prefix := "unsafe conversion to *" + name + " (in " + via + ")"
	advice := "; convert with cast.To[" + name + "], which also checks the length and alignment"
	c.checkAt(callSite{node: in.site}, t, prefix, nil, "unsafe\x00"+typeKey(t), advice)
}

// An unsafeScan finds what unsafe.Pointer values point into byte memory.
type unsafeScan struct {
	c *checker
	// inits holds the one value assigned to a variable, where it has one;
	// reassigned the variables assigned more than once or whose address
	// is taken, whose value cannot be followed.
	inits      map[*types.Var]ast.Expr
	reassigned map[*types.Var]bool
	sliced     map[*ast.CallExpr]bool // first arguments of unsafe.Slice
}

// indexVars records the single value of each variable assigned once.
func (u *unsafeScan) indexVars(ins *inspector.Inspector) {
	info := u.c.pass.TypesInfo
	varOf := func(e ast.Expr) *types.Var {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return nil
		}
		v, _ := info.ObjectOf(id).(*types.Var)
		return v
	}
	assign := func(lhs ast.Expr, rhs ast.Expr) {
		v := varOf(lhs)
		if v == nil {
			return
		}
		if _, seen := u.inits[v]; seen || rhs == nil {
			u.reassigned[v] = true
		}
		u.inits[v] = rhs
	}
	for n := range ins.PreorderSeq((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.IncDecStmt)(nil), (*ast.UnaryExpr)(nil), (*ast.RangeStmt)(nil)) {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				var r ast.Expr
				if len(n.Lhs) == len(n.Rhs) && (n.Tok == token.ASSIGN || n.Tok == token.DEFINE) {
					r = n.Rhs[i]
				}
				assign(l, r)
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				var r ast.Expr
				if len(n.Names) == len(n.Values) {
					r = n.Values[i]
				}
				assign(name, r)
			}
		case *ast.IncDecStmt:
			assign(n.X, nil)
		case *ast.RangeStmt:
			if n.Key != nil {
				assign(n.Key, nil)
			}
			if n.Value != nil {
				assign(n.Value, nil)
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if v := varOf(n.X); v != nil {
					u.reassigned[v] = true
				}
			}
		}
	}
}

// byteMemory reports whether e, an unsafe.Pointer or uintptr expression,
// points into byte memory: it derives, through unsafe.Pointer and uintptr
// conversions, unsafe.Add, uintptr arithmetic and variables assigned
// once, from a pointer to a 1-byte integer or to an array of them (&b[i],
// &arr, unsafe.SliceData(b), a *byte).
func (u *unsafeScan) byteMemory(e ast.Expr, depth int) bool {
	if depth > 20 {
		return false
	}
	info := u.c.pass.TypesInfo
	e = ast.Unparen(e)
	if pointsToBytes(info.TypeOf(e)) {
		return true
	}
	switch x := e.(type) {
	case *ast.CallExpr:
		if tv, ok := info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			if isUnsafePointer(tv.Type) || isUintptr(tv.Type) {
				return u.byteMemory(x.Args[0], depth+1)
			}
			return false
		}
		if u.builtin(x) == "Add" && len(x.Args) == 2 {
			return u.byteMemory(x.Args[0], depth+1)
		}
	case *ast.BinaryExpr:
		if x.Op == token.ADD || x.Op == token.SUB {
			return u.byteMemory(x.X, depth+1) || (x.Op == token.ADD && u.byteMemory(x.Y, depth+1))
		}
	case *ast.Ident:
		v, ok := info.Uses[x].(*types.Var)
		if !ok || u.reassigned[v] {
			return false
		}
		if init := u.inits[v]; init != nil {
			return u.byteMemory(init, depth+1)
		}
	}
	return false
}

// builtin returns the name of the package unsafe function call calls, or "".
func (u *unsafeScan) builtin(call *ast.CallExpr) string {
	var id *ast.Ident
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		id = f.Sel
	case *ast.Ident:
		id = f
	default:
		return ""
	}
	b, ok := u.c.pass.TypesInfo.Uses[id].(*types.Builtin)
	if !ok || b.Pkg() == nil || b.Pkg().Path() != "unsafe" {
		return ""
	}
	return b.Name()
}

// pointsToBytes reports whether t is a pointer to a 1-byte integer or to
// an array (of arrays) of them.
func pointsToBytes(t types.Type) bool {
	if t == nil {
		return false
	}
	p, ok := t.Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	e := p.Elem().Underlying()
	for range 10 {
		a, ok := e.(*types.Array)
		if !ok {
			break
		}
		e = a.Elem().Underlying()
	}
	b, ok := e.(*types.Basic)
	return ok && (b.Kind() == types.Uint8 || b.Kind() == types.Int8)
}

func isUnsafePointer(t types.Type) bool {
	b, ok := types.Unalias(t).(*types.Basic)
	return ok && b.Kind() == types.UnsafePointer
}

func isUintptr(t types.Type) bool {
	b, ok := types.Unalias(t).(*types.Basic)
	return ok && b.Kind() == types.Uintptr
}

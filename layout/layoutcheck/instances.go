package layoutcheck

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/go-overlay/overlay/layout/typesfront"
)

// An instance is one instantiation of a generic function or type.
type instance struct {
	id   *ast.Ident
	obj  types.Object // the generic function or type
	args []types.Type
	site ast.Node      // the expression to report at: cast.To[T], or the identifier
	call *ast.CallExpr // the call of site, if it is called
}

// A genericUse is an instantiation, inside a generic declaration of this
// package, whose type arguments mention the declaration's type
// parameters: checked when the declaration is instantiated.
type genericUse struct {
	obj     types.Object // the instantiated generic
	args    []types.Type // mention tparams
	tparams *types.TypeParamList
}

// A genericDecl is a generic function, or a generic type with its
// methods, declared in this package.
type genericDecl struct {
	pos, end token.Pos
	key      types.Object // *types.Func, or the *types.TypeName of the type
	tparams  *types.TypeParamList
}

// checkInstances checks the type arguments of the package's
// instantiations of cast generics, directly or through generics of this
// package and, by their facts, of others, and exports the facts of the
// package's own generics. convs are the -unsafe conversions in generic
// code, checked like cast instantiations: where the generic is
// instantiated.
func (c *checker) checkInstances(ins *inspector.Inspector, convs []genericConv) {
	if len(c.pass.TypesInfo.Instances) == 0 && len(convs) == 0 {
		return
	}
	// The outermost expression naming each instantiated identifier.
	sites := map[*ast.Ident]ast.Node{}
	calls := map[ast.Node]*ast.CallExpr{}
	for n := range ins.PreorderSeq((*ast.SelectorExpr)(nil), (*ast.IndexExpr)(nil), (*ast.IndexListExpr)(nil), (*ast.CallExpr)(nil)) {
		if call, ok := n.(*ast.CallExpr); ok {
			calls[ast.Unparen(call.Fun)] = call
			continue
		}
		if id := identOf(n.(ast.Expr)); id != nil && sites[id] == nil {
			sites[id] = n
		}
	}
	var list []instance
	for id, inst := range c.pass.TypesInfo.Instances {
		obj := c.pass.TypesInfo.Uses[id]
		if obj == nil || inst.TypeArgs == nil {
			continue
		}
		args := make([]types.Type, inst.TypeArgs.Len())
		for i := range args {
			args[i] = inst.TypeArgs.At(i)
		}
		site := sites[id]
		if site == nil {
			site = id
		}
		list = append(list, instance{id: id, obj: obj, args: args, site: site, call: calls[site]})
	}
	slices.SortFunc(list, func(a, b instance) int { return cmp.Compare(a.id.Pos(), b.id.Pos()) })

	decls := c.genericDecls()
	uses := map[types.Object][]genericUse{}
	var concrete []instance
	for _, in := range list {
		if !c.relevant(in.obj) {
			continue
		}
		if slices.ContainsFunc(in.args, containsTypeParam) {
			if d := enclosing(decls, in.id.Pos()); d != nil {
				uses[d.key] = append(uses[d.key], genericUse{obj: in.obj, args: in.args, tparams: d.tparams})
			}
			continue
		}
		concrete = append(concrete, in)
	}
	for _, cv := range convs {
		if d := enclosing(decls, cv.pos); d != nil {
			uses[d.key] = append(uses[d.key], genericUse{obj: unsafeConversion, args: []types.Type{cv.t}, tparams: d.tparams})
		}
	}
	for _, in := range concrete {
		c.instantiated(in, in.obj, in.args, "", uses, map[string]bool{}, 0)
	}
	c.exportFacts(decls, uses)
}

// relevant reports whether instantiations of obj can lead to a check: obj
// is a cast generic or a generic of this package.
func (c *checker) relevant(obj types.Object) bool {
	return isCast(obj) || (obj.Pkg() != nil && obj.Pkg() == c.pass.Pkg) || c.importedUses(obj) != nil
}

// isCast reports whether obj is one of the exported generics of package
// cast; its unexported helpers (inside package cast) are not casts.
func isCast(obj types.Object) bool {
	return obj.Pkg() != nil && obj.Pkg().Path() == CastPath && obj.Exported()
}

// instantiated checks an instantiation of obj with concrete args found at
// in (directly, or through the generic declarations named by via).
func (c *checker) instantiated(in instance, obj types.Object, args []types.Type, via string, uses map[types.Object][]genericUse, visited map[string]bool, depth int) {
	if depth > 20 {
		return
	}
	if isCast(obj) || obj == unsafeConversion {
		for _, a := range args {
			c.checkCastArg(in, obj.Name(), a, via)
		}
		return
	}
	key := originKey(obj)
	if f := c.importedUses(key); f != nil {
		c.instantiatedImported(in, obj, args, via, f)
		return
	}
	if tn, ok := obj.(*types.TypeName); ok && depth == 0 {
		if d := c.generic[tn]; d != nil {
			c.checkGenericInstance(in, d, args)
		}
	}
	us := uses[key]
	if len(us) == 0 {
		return
	}
	name := describe(obj, args)
	if visited[name] {
		return
	}
	visited[name] = true
	if via == "" {
		via = name
	} else {
		via = name + " in " + via
	}
	for _, u := range us {
		m := map[*types.TypeParam]types.Type{}
		for i := 0; i < u.tparams.Len() && i < len(args); i++ {
			m[u.tparams.At(i)] = args[i]
		}
		sub := make([]types.Type, len(u.args))
		ok := true
		for i, a := range u.args {
			sub[i] = subst(a, m, 0)
			if containsTypeParam(sub[i]) {
				ok = false
			}
		}
		if ok {
			c.instantiated(in, u.obj, sub, via, uses, visited, depth+1)
		}
	}
}

// checkCastArg checks the type argument t of the cast generic named fn.
func (c *checker) checkCastArg(in instance, fn string, t types.Type, via string) {
	if fn == unsafeConversion.Name() {
		c.checkUnsafeArg(in, t, via)
		return
	}
	prefix := "cast." + fn + "[" + typesfront.TypeString(t) + "]"
	var arg ast.Expr
	site := callSite{node: in.site, fn: fn}
	if via != "" {
		prefix += " (in " + via + ")"
	} else {
		arg = typeArgExpr(in.site, t, c.pass.TypesInfo)
		site.order, site.orderIdent = c.orderArg(in)
	}
	c.checkAt(site, t, prefix, arg, typeKey(t), "")
}

// A callSite is where a type is used: a call of the cast generic named fn
// (or a conversion with -unsafe, fn ""), at node.
type callSite struct {
	node ast.Node
	fn   string
	// order is the codec call's order argument when it is one of
	// encoding/binary's: "BigEndian", "LittleEndian" or "NativeEndian".
	order      string
	orderIdent *ast.Ident
}

// checkAt checks the type t used at site and reports its problems there,
// each once per dedupe key. arg is the syntax of t at site, if written
// there; advice ends every message. The call is judged on the arches its
// file is built for.
func (c *checker) checkAt(site callSite, t types.Type, prefix string, arg ast.Expr, dedupe, advice string) {
	fn := site.fn
	decl := c.declOf(t)
	allowed, atDecl := false, false
	if decl != nil && c.checked[decl.obj] {
		if c.declMark(decl) != abiStruct {
			atDecl = true // its layout is reported at its declaration
		} else {
			allowed = true // the pointers an ABI struct may hold, which a cast rejects
		}
	}
	u := useOf(fn)
	if atDecl && u != useCast && site.order == "" {
		return // nothing depends on the call
	}
	arches := c.fileArches(site.node.Pos()) & c.typeArches(t)
	if arches == 0 {
		return
	}
	tree, err := typesfront.Tree(t)
	if err != nil {
		return
	}
	owned := c.ownedType(t, 0)
	s := &subject{
		arches:   arches,
		typ:      t,
		tree:     tree,
		prefix:   prefix,
		pos:      site.node.Pos(),
		end:      site.node.End(),
		atCall:   true,
		decl:     decl,
		warnings: owned,
		fixes:    true,
		dedupe:   dedupe,
		advice:   advice,
		rootExpr: arg,
		mark:     c.declMark(decl),
		allowed:  allowed,

		use:          u,
		fn:           fn,
		name:         typesfront.TypeString(t),
		atDecl:       atDecl,
		foreignOrder: u == useCast && !owned,
		orderArg:     site.order,
		orderIdent:   site.orderIdent,
	}
	if decl != nil {
		s.rootExpr = decl.spec.Type
		s.related = []analysis.RelatedInformation{{Pos: decl.spec.Name.Pos(), End: decl.spec.Name.End(), Message: tree.String() + " is declared here"}}
	}
	c.check(s)
}

// checkGenericInstance checks an instantiation of a marked generic type of
// this package.
func (c *checker) checkGenericInstance(in instance, d *declInfo, args []types.Type) {
	n, ok := d.obj.Type().(*types.Named)
	if !ok {
		return
	}
	inst, err := types.Instantiate(nil, n, args, false)
	if err != nil {
		return
	}
	tree, err := typesfront.Tree(inst)
	if err != nil {
		return
	}
	c.check(&subject{
		typ:      inst,
		tree:     tree,
		prefix:   tree.String(),
		pos:      in.site.Pos(),
		end:      in.site.End(),
		atCall:   true,
		decl:     d,
		rootExpr: d.spec.Type,
		warnings: true,
		dedupe:   typeKey(inst),
		related:  []analysis.RelatedInformation{{Pos: d.spec.Name.Pos(), End: d.spec.Name.End(), Message: c.declName(d) + " is declared here"}},
	})
}

// typeArgExpr returns the syntax of the type argument t at site, if it is
// written there.
func typeArgExpr(site ast.Node, t types.Type, info *types.Info) ast.Expr {
	var idx []ast.Expr
	switch e := site.(type) {
	case *ast.IndexExpr:
		idx = []ast.Expr{e.Index}
	case *ast.IndexListExpr:
		idx = e.Indices
	}
	for _, x := range idx {
		if tv, ok := info.Types[x]; ok && tv.IsType() && types.Identical(tv.Type, t) {
			return x
		}
	}
	return nil
}

// identOf returns the identifier an instantiation expression names.
func identOf(e ast.Expr) *ast.Ident {
	for range 10 {
		switch x := e.(type) {
		case *ast.Ident:
			return x
		case *ast.SelectorExpr:
			return x.Sel
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		default:
			return nil
		}
	}
	return nil
}

// genericDecls lists the generic functions and types of the package, and
// the methods of generic types, sorted by position.
func (c *checker) genericDecls() []genericDecl {
	var ds []genericDecl
	for _, f := range c.pass.Files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				fn, ok := c.pass.TypesInfo.Defs[d.Name].(*types.Func)
				if !ok {
					continue
				}
				sig := fn.Signature()
				if sig.TypeParams().Len() > 0 {
					ds = append(ds, genericDecl{pos: d.Pos(), end: d.End(), key: fn, tparams: sig.TypeParams()})
				} else if sig.RecvTypeParams().Len() > 0 && sig.Recv() != nil {
					if n := recvNamed(sig.Recv().Type()); n != nil {
						ds = append(ds, genericDecl{pos: d.Pos(), end: d.End(), key: n.Origin().Obj(), tparams: sig.RecvTypeParams()})
					}
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					ts, ok := s.(*ast.TypeSpec)
					if !ok || ts.TypeParams == nil {
						continue
					}
					tn, ok := c.pass.TypesInfo.Defs[ts.Name].(*types.TypeName)
					if !ok {
						continue
					}
					if n, ok := tn.Type().(*types.Named); ok {
						ds = append(ds, genericDecl{pos: ts.Pos(), end: ts.End(), key: tn, tparams: n.TypeParams()})
					}
				}
			}
		}
	}
	slices.SortFunc(ds, func(a, b genericDecl) int { return cmp.Compare(a.pos, b.pos) })
	return ds
}

func recvNamed(t types.Type) *types.Named {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, _ := t.(*types.Named)
	return n
}

// enclosing returns the generic declaration holding pos.
func enclosing(ds []genericDecl, pos token.Pos) *genericDecl {
	i, _ := slices.BinarySearchFunc(ds, pos, func(d genericDecl, p token.Pos) int { return cmp.Compare(d.pos, p+1) })
	for i--; i >= 0; i-- {
		if ds[i].pos <= pos && pos < ds[i].end {
			return &ds[i]
		}
		if ds[i].end <= pos {
			break
		}
	}
	return nil
}

// subst replaces the type parameters of t that m maps, where they decide
// the layout (arrays, structs, type arguments); elsewhere, as behind a
// pointer, they do not matter and stay.
func subst(t types.Type, m map[*types.TypeParam]types.Type, depth int) types.Type {
	if depth > 50 {
		return t
	}
	switch x := types.Unalias(t).(type) {
	case *types.TypeParam:
		if r, ok := m[x]; ok {
			return r
		}
		return x
	case *types.Array:
		if e := subst(x.Elem(), m, depth+1); e != x.Elem() {
			return types.NewArray(e, x.Len())
		}
		return x
	case *types.Struct:
		var vars []*types.Var
		var tags []string
		changed := false
		for i := range x.NumFields() {
			f := x.Field(i)
			ft := subst(f.Type(), m, depth+1)
			changed = changed || ft != f.Type()
			vars = append(vars, types.NewField(f.Pos(), f.Pkg(), f.Name(), ft, f.Embedded()))
			tags = append(tags, x.Tag(i))
		}
		if changed {
			return types.NewStruct(vars, tags)
		}
		return x
	case *types.Named:
		targs := x.TypeArgs()
		if targs.Len() == 0 {
			return substLocal(x, m, depth)
		}
		args := make([]types.Type, targs.Len())
		changed := false
		for i := range args {
			args[i] = subst(targs.At(i), m, depth+1)
			changed = changed || args[i] != targs.At(i)
		}
		if !changed {
			return x
		}
		if r, err := types.Instantiate(nil, x.Origin(), args, false); err == nil {
			return r
		}
		return x
	}
	return t
}

// substLocal instantiates a type declared inside a generic function, whose
// underlying type mentions the function's type parameters: go/types has
// one Named for it whatever the type arguments, so the instance is a new
// Named of the same name over the substituted underlying type.
func substLocal(x *types.Named, m map[*types.TypeParam]types.Type, depth int) types.Type {
	obj := x.Obj()
	if obj.Pkg() == nil || obj.Parent() == nil || obj.Parent() == obj.Pkg().Scope() || obj.Parent() == types.Universe {
		return x
	}
	u := subst(x.Underlying(), m, depth+1)
	if u == x.Underlying() {
		return x
	}
	return types.NewNamed(types.NewTypeName(obj.Pos(), obj.Pkg(), obj.Name(), nil), u, nil)
}

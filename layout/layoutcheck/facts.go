package layoutcheck

import (
	"fmt"
	"go/token"
	"go/types"
	"strings"
)

// A castUses fact is exported for each generic function and generic type
// (its methods included) of a package whose type parameters reach a cast
// generic, directly or through other generics: the cast instantiations
// with their type arguments written in terms of the type parameters. An
// instantiation in another package is then checked where it is written,
// as the printf analyzer checks calls of printf wrappers.
type castUses struct {
	Uses []castUse
}

// A castUse is one instantiation of a cast generic, cast.Name[Args...].
type castUse struct {
	Name string
	Args []tmpl
}

// AFact marks castUses as an analysis fact.
func (*castUses) AFact() {}

// String shows the uses as `cast.To[[2]T0]` or, for -unsafe conversions,
// `(*T0)(unsafe.Pointer)`, type parameters by index.
func (f *castUses) String() string {
	var b strings.Builder
	for i, u := range f.Uses {
		if i > 0 {
			b.WriteString(", ")
		}
		if u.Name == unsafeConversion.Name() && len(u.Args) == 1 {
			b.WriteString("(*")
			u.Args[0].write(&b)
			b.WriteString(")(unsafe.Pointer)")
			continue
		}
		b.WriteString("cast." + u.Name + "[")
		for j, a := range u.Args {
			if j > 0 {
				b.WriteString(",")
			}
			a.write(&b)
		}
		b.WriteString("]")
	}
	return b.String()
}

// tmplKind is the kind of a tmpl node.
type tmplKind uint8

const (
	tParam    tmplKind = iota + 1 // N: the index of the type parameter
	tBasic                        // N: the types.BasicKind
	tNamed                        // Path.Name, instantiated with Elems if any
	tLocal                        // a type declared in a function: Name over Elems[0]
	tUniverse                     // a predeclared named type: Name
	tArray                        // [N]Elems[0]
	tPointer                      // *Elems[0]
	tSlice                        // []Elems[0]
	tMap                          // map[Elems[0]]Elems[1]
	tChan                         // chan Elems[0]
	tStruct                       // Fields
	tFunc                         // a func type, shown as func()
	tIface                        // an interface type, shown as interface {}
)

// A tmpl is a type written in terms of the type parameters of a generic,
// in a form a fact can carry (gob cannot encode go/types types). Named
// types are referenced by package path and name; the importing package
// finds them among the packages its type checker loaded.
type tmpl struct {
	K      tmplKind
	N      int64
	Path   string // package path of a named or local type, or of a field
	Pkg    string // package name of a local type
	Name   string
	Elems  []tmpl
	Fields []tmplField
}

// A tmplField is a field of a struct tmpl.
type tmplField struct {
	Name     string
	Path     string // package of an unexported name
	Embedded bool
	T        tmpl
}

// maxTmplDepth bounds the templates of facts, which only need to reach
// the type parameters inside a type argument.
const maxTmplDepth = 50

// encodeType returns the template of t, or false if t cannot be written
// as one (too deep).
func encodeType(t types.Type, depth int) (tmpl, bool) {
	if depth > maxTmplDepth {
		return tmpl{}, false
	}
	elems := func(ts ...types.Type) ([]tmpl, bool) {
		out := make([]tmpl, len(ts))
		for i, e := range ts {
			var ok bool
			if out[i], ok = encodeType(e, depth+1); !ok {
				return nil, false
			}
		}
		return out, true
	}
	switch x := types.Unalias(t).(type) {
	case *types.TypeParam:
		return tmpl{K: tParam, N: int64(x.Index())}, true
	case *types.Basic:
		return tmpl{K: tBasic, N: int64(x.Kind())}, true
	case *types.Named:
		obj := x.Obj()
		if obj.Pkg() == nil {
			return tmpl{K: tUniverse, Name: obj.Name()}, true
		}
		if obj.Parent() != nil && obj.Parent() != obj.Pkg().Scope() {
			u, ok := elems(x.Underlying())
			return tmpl{K: tLocal, Path: obj.Pkg().Path(), Pkg: obj.Pkg().Name(), Name: obj.Name(), Elems: u}, ok
		}
		var args []types.Type
		for a := range x.TypeArgs().Types() {
			args = append(args, a)
		}
		es, ok := elems(args...)
		return tmpl{K: tNamed, Path: obj.Pkg().Path(), Name: obj.Name(), Elems: es}, ok
	case *types.Array:
		es, ok := elems(x.Elem())
		return tmpl{K: tArray, N: x.Len(), Elems: es}, ok
	case *types.Pointer:
		es, ok := elems(x.Elem())
		return tmpl{K: tPointer, Elems: es}, ok
	case *types.Slice:
		es, ok := elems(x.Elem())
		return tmpl{K: tSlice, Elems: es}, ok
	case *types.Map:
		es, ok := elems(x.Key(), x.Elem())
		return tmpl{K: tMap, Elems: es}, ok
	case *types.Chan:
		es, ok := elems(x.Elem())
		return tmpl{K: tChan, N: int64(x.Dir()), Elems: es}, ok
	case *types.Struct:
		fs := make([]tmplField, x.NumFields())
		for i := range fs {
			f := x.Field(i)
			ft, ok := encodeType(f.Type(), depth+1)
			if !ok {
				return tmpl{}, false
			}
			fs[i] = tmplField{Name: f.Name(), Embedded: f.Embedded(), T: ft}
			if !f.Exported() && f.Pkg() != nil {
				fs[i].Path = f.Pkg().Path()
			}
		}
		return tmpl{K: tStruct, Fields: fs}, true
	case *types.Signature:
		return tmpl{K: tFunc}, true
	case *types.Interface:
		return tmpl{K: tIface}, true
	}
	return tmpl{}, false
}

// write shows a template for String.
func (t tmpl) write(b *strings.Builder) {
	elem := func(i int) {
		if i < len(t.Elems) {
			t.Elems[i].write(b)
		}
	}
	switch t.K {
	case tParam:
		fmt.Fprintf(b, "T%d", t.N)
	case tBasic:
		b.WriteString(types.Typ[t.N].Name())
	case tNamed, tLocal, tUniverse:
		if t.Path != "" {
			b.WriteString(t.Path[strings.LastIndex(t.Path, "/")+1:] + ".")
		}
		b.WriteString(t.Name)
		if t.K == tNamed && len(t.Elems) > 0 {
			b.WriteString("[")
			for i := range t.Elems {
				if i > 0 {
					b.WriteString(",")
				}
				elem(i)
			}
			b.WriteString("]")
		}
	case tArray:
		fmt.Fprintf(b, "[%d]", t.N)
		elem(0)
	case tPointer:
		b.WriteString("*")
		elem(0)
	case tSlice:
		b.WriteString("[]")
		elem(0)
	case tMap:
		b.WriteString("map[")
		elem(0)
		b.WriteString("]")
		elem(1)
	case tChan:
		b.WriteString("chan ")
		elem(0)
	case tStruct:
		b.WriteString("struct{")
		for i, f := range t.Fields {
			if i > 0 {
				b.WriteString("; ")
			}
			if !f.Embedded {
				b.WriteString(f.Name + " ")
			}
			f.T.write(b)
		}
		b.WriteString("}")
	case tFunc:
		b.WriteString("func()")
	case tIface:
		b.WriteString("interface{}")
	}
}

// A tmplDecoder turns templates back into types of the packages the
// current pass's type checker loaded.
type tmplDecoder struct {
	pkgs map[string]*types.Package
}

// newTmplDecoder indexes pkg and every package it imports, transitively.
func newTmplDecoder(pkg *types.Package) *tmplDecoder {
	d := &tmplDecoder{pkgs: map[string]*types.Package{}}
	var walk func(p *types.Package)
	walk = func(p *types.Package) {
		if d.pkgs[p.Path()] != nil {
			return
		}
		d.pkgs[p.Path()] = p
		for _, q := range p.Imports() {
			walk(q)
		}
	}
	walk(pkg)
	return d
}

// decode returns the type t denotes with its type parameters replaced by
// args, or false if a named type it mentions is not loaded here or args
// do not fit.
func (d *tmplDecoder) decode(t tmpl, args []types.Type, depth int) (types.Type, bool) {
	if depth > maxTmplDepth {
		return nil, false
	}
	elem := func(i int) (types.Type, bool) {
		if i >= len(t.Elems) {
			return nil, false
		}
		return d.decode(t.Elems[i], args, depth+1)
	}
	switch t.K {
	case tParam:
		if t.N < 0 || t.N >= int64(len(args)) {
			return nil, false
		}
		return args[t.N], true
	case tBasic:
		if t.N < 0 || t.N >= int64(len(types.Typ)) || types.Typ[t.N] == nil {
			return nil, false
		}
		return types.Typ[t.N], true
	case tUniverse:
		if tn, ok := types.Universe.Lookup(t.Name).(*types.TypeName); ok {
			return tn.Type(), true
		}
	case tNamed:
		p := d.pkgs[t.Path]
		if p == nil {
			return nil, false
		}
		tn, ok := p.Scope().Lookup(t.Name).(*types.TypeName)
		if !ok {
			return nil, false
		}
		if len(t.Elems) == 0 {
			return tn.Type(), true
		}
		targs := make([]types.Type, len(t.Elems))
		for i := range targs {
			if targs[i], ok = elem(i); !ok {
				return nil, false
			}
		}
		inst, err := types.Instantiate(nil, tn.Type(), targs, false)
		return inst, err == nil
	case tLocal:
		u, ok := elem(0)
		if !ok {
			return nil, false
		}
		p := d.pkgs[t.Path]
		if p == nil {
			p = types.NewPackage(t.Path, t.Pkg)
		}
		return types.NewNamed(types.NewTypeName(token.NoPos, p, t.Name, nil), u.Underlying(), nil), true
	case tArray:
		e, ok := elem(0)
		if !ok || t.N < 0 {
			return nil, false
		}
		return types.NewArray(e, t.N), true
	case tPointer:
		e, ok := elem(0)
		if !ok {
			return nil, false
		}
		return types.NewPointer(e), true
	case tSlice:
		e, ok := elem(0)
		if !ok {
			return nil, false
		}
		return types.NewSlice(e), true
	case tMap:
		k, ok1 := elem(0)
		e, ok2 := elem(1)
		if !ok1 || !ok2 {
			return nil, false
		}
		return types.NewMap(k, e), true
	case tChan:
		e, ok := elem(0)
		if !ok {
			return nil, false
		}
		return types.NewChan(types.ChanDir(t.N), e), true
	case tStruct:
		vars := make([]*types.Var, len(t.Fields))
		for i, f := range t.Fields {
			ft, ok := d.decode(f.T, args, depth+1)
			if !ok {
				return nil, false
			}
			var p *types.Package
			if f.Path != "" {
				if p = d.pkgs[f.Path]; p == nil {
					p = types.NewPackage(f.Path, f.Path[strings.LastIndex(f.Path, "/")+1:])
				}
			}
			vars[i] = types.NewField(token.NoPos, p, f.Name, ft, f.Embedded)
		}
		return types.NewStruct(vars, nil), true
	case tFunc:
		return types.NewSignatureType(nil, nil, nil, nil, nil, false), true
	case tIface:
		return types.NewInterfaceType(nil, nil).Complete(), true
	}
	return nil, false
}

// originKey returns the object uses and facts are keyed by: the generic
// function itself for an instance of it, or the generic type's name.
func originKey(obj types.Object) types.Object {
	if f, ok := obj.(*types.Func); ok {
		return f.Origin()
	}
	return obj
}

// importedUses returns the fact of a generic of another package, or nil.
func (c *checker) importedUses(obj types.Object) *castUses {
	obj = originKey(obj)
	if obj.Pkg() == nil || obj.Pkg() == c.pass.Pkg {
		return nil
	}
	if f, ok := c.imported[obj]; ok {
		return f
	}
	var f *castUses
	if fact := new(castUses); c.pass.ImportObjectFact(obj, fact) {
		f = fact
	}
	c.imported[obj] = f
	return f
}

// instantiatedImported checks the casts that the instantiation of obj, a
// generic of another package, with concrete args reaches, as its fact
// lists them.
func (c *checker) instantiatedImported(in instance, obj types.Object, args []types.Type, via string, f *castUses) {
	name := describe(obj, args)
	if via == "" {
		via = name
	} else {
		via = name + " in " + via
	}
	for _, u := range f.Uses {
		for _, a := range u.Args {
			t, ok := c.decoder().decode(a, args, 0)
			if ok && !containsTypeParam(t) {
				c.checkCastArg(in, u.Name, t, via)
			}
		}
	}
}

// decoder returns the pass's template decoder.
func (c *checker) decoder() *tmplDecoder {
	if c.dec == nil {
		c.dec = newTmplDecoder(c.pass.Pkg)
	}
	return c.dec
}

// exportFacts exports, for each generic declaration of the package, the
// cast instantiations its type parameters reach.
func (c *checker) exportFacts(decls []genericDecl, uses map[types.Object][]genericUse) {
	memo := map[types.Object][]castUse{}
	busy := map[types.Object]bool{}
	done := map[types.Object]bool{}
	for _, d := range decls {
		if done[d.key] {
			continue // a type and its methods share a key
		}
		done[d.key] = true
		if us := c.flatten(d.key, uses, memo, busy); len(us) > 0 {
			c.pass.ExportObjectFact(d.key, &castUses{Uses: us})
		}
	}
}

// flatten returns the cast instantiations the generic key of this package
// reaches, in terms of its type parameters, through generics of this
// package and the facts of other packages.
func (c *checker) flatten(key types.Object, uses map[types.Object][]genericUse, memo map[types.Object][]castUse, busy map[types.Object]bool) []castUse {
	if r, ok := memo[key]; ok {
		return r
	}
	if busy[key] {
		return nil // recursion: the outer call collects the rest
	}
	busy[key] = true
	defer delete(busy, key)
	var out []castUse
	seen := map[string]bool{}
	add := func(name string, args []types.Type) {
		u := castUse{Name: name}
		for _, a := range args {
			t, ok := encodeType(a, 0)
			if !ok {
				return
			}
			u.Args = append(u.Args, t)
		}
		f := castUses{Uses: []castUse{u}}
		if k := f.String(); !seen[k] {
			seen[k] = true
			out = append(out, u)
		}
	}
	for _, u := range uses[key] {
		if isCast(u.obj) || u.obj == unsafeConversion {
			add(u.obj.Name(), u.args)
			continue
		}
		inner := c.flatten(originKey(u.obj), uses, memo, busy)
		if f := c.importedUses(u.obj); f != nil {
			inner = f.Uses
		}
	next:
		for _, iu := range inner {
			args := make([]types.Type, len(iu.Args))
			for i, a := range iu.Args {
				var ok bool
				if args[i], ok = c.decoder().decode(a, u.args, 0); !ok {
					continue next
				}
			}
			add(iu.Name, args)
		}
	}
	memo[key] = out
	return out
}

// Package typesfront is the go/types front end of the layout engine: it
// builds the neutral type tree ([layout.Type]) of a go/types type, for the
// layoutcheck analyzer and the layoutcheck command. It lives apart from
// package layout so that programs that only cast (package cast and its
// users, through layout's reflect front end) link none of go/types.
package typesfront

import (
	"errors"
	"fmt"
	"go/types"
	"reflect"
	"strconv"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/go-overlay/overlay/layout"
)

// Tree builds the neutral type tree of t, a type from go/types: the
// counterpart of [layout.FromReflect], giving the same tree for the same
// type (the layout tests check it on every arch).
//
// Nodes are named by [TypeString], the way [layout.FromReflect] names them.
// Aliases are resolved ([types.Unalias]); markers are recognized by
// [layout.MarkerOf] from the package path and name of the named type.
// Identical types share one node, as reflect.Type values do.
//
// Pointers, unsafe.Pointer, strings, slices, maps, channels, functions and
// interfaces become leaves that the tree does not look inside, so recursive
// types give finite trees. Type parameters, untyped and invalid types
// become [layout.Invalid] leaves, for which the engine reports
// [layout.Unsupported]; a type that contains itself by value (possible only
// in code that does not compile, such as type T struct{ x T }) gets an
// Invalid leaf where it recurs. Depth is not limited here: the engine
// judges it ([layout.MaxDepth]) the same way for both front ends. Tree
// never panics on the types of broken code; it fails only for a nil t.
func Tree(t types.Type) (*layout.Type, error) {
	if t == nil {
		return nil, errors.New("typesfront: nil types.Type")
	}
	b := &builder{busy: map[types.Type]bool{}}
	return b.build(t), nil
}

// builder converts go/types types, sharing the node of identical types.
type builder struct {
	done typeutil.Map        // finished nodes, by type identity
	busy map[types.Type]bool // named types being converted: a use is a cycle
}

// qualifyByName shows a package by its name, as reflect does.
func qualifyByName(p *types.Package) string { return p.Name() }

var basicKinds = [...]layout.Kind{
	types.Bool: layout.Bool, types.Int: layout.Int, types.Int8: layout.Int8, types.Int16: layout.Int16,
	types.Int32: layout.Int32, types.Int64: layout.Int64, types.Uint: layout.Uint, types.Uint8: layout.Uint8,
	types.Uint16: layout.Uint16, types.Uint32: layout.Uint32, types.Uint64: layout.Uint64,
	types.Uintptr: layout.Uintptr, types.Float32: layout.Float32, types.Float64: layout.Float64,
	types.Complex64: layout.Complex64, types.Complex128: layout.Complex128,
	types.String: layout.String, types.UnsafePointer: layout.UnsafePointer,
}

func (b *builder) build(t types.Type) *layout.Type {
	t = types.Unalias(t)
	if t == nil {
		return &layout.Type{Kind: layout.Invalid, Name: "<nil>"}
	}
	if n, ok := b.done.At(t).(*layout.Type); ok {
		return n
	}
	var n *layout.Type
	if named, ok := t.(*types.Named); ok {
		n = b.named(named)
		if n.Kind == layout.Invalid {
			return n // a cycle: not the type's node
		}
	} else {
		n = b.convert(t)
	}
	b.done.Set(t, n)
	return n
}

// convert makes a fresh node for an unnamed type.
func (b *builder) convert(t types.Type) *layout.Type {
	switch t := t.(type) {
	case *types.Basic:
		k := t.Kind()
		if int(k) >= len(basicKinds) || (basicKinds[k] == layout.Invalid) {
			return &layout.Type{Kind: layout.Invalid, Name: t.Name()}
		}
		return &layout.Type{Kind: basicKinds[k], Name: TypeString(t)}
	case *types.Array:
		elem := b.build(t.Elem())
		if t.Len() < 0 {
			return &layout.Type{Kind: layout.Invalid, Name: "[?]" + elem.String()}
		}
		return &layout.Type{Kind: layout.Array, Name: TypeString(t), Len: t.Len(), Elem: elem}
	case *types.Struct:
		fields := make([]layout.Field, t.NumFields())
		for i := range fields {
			f := t.Field(i)
			fields[i] = layout.Field{Name: f.Name(), Type: b.build(f.Type()), Embedded: f.Embedded(),
				Bits: reflect.StructTag(t.Tag(i)).Get("bits")}
		}
		return &layout.Type{Kind: layout.Struct, Fields: fields}
	case *types.Pointer:
		return &layout.Type{Kind: layout.Pointer, Name: TypeString(t)}
	case *types.Slice:
		return &layout.Type{Kind: layout.Slice, Name: TypeString(t)}
	case *types.Map:
		return &layout.Type{Kind: layout.Map, Name: TypeString(t)}
	case *types.Chan:
		return &layout.Type{Kind: layout.Chan, Name: TypeString(t)}
	case *types.Signature:
		return &layout.Type{Kind: layout.Func, Name: TypeString(t)}
	case *types.Interface:
		return &layout.Type{Kind: layout.Interface, Name: TypeString(t)}
	case *types.TypeParam:
		return &layout.Type{Kind: layout.Invalid, Name: t.Obj().Name()}
	}
	// Tuples, unions and anything newer.
	return &layout.Type{Kind: layout.Invalid, Name: TypeString(t)}
}

func (b *builder) named(t *types.Named) *layout.Type {
	name := TypeString(t)
	if b.busy[t] {
		// Only a type that contains itself by value gets here: the tree
		// never looks behind pointers.
		return &layout.Type{Kind: layout.Invalid, Name: name}
	}
	obj := t.Obj()
	if obj != nil && obj.Pkg() != nil {
		if m := layout.MarkerOf(obj.Pkg().Path(), obj.Name()); m != layout.NoMarker {
			if _, ok := t.Underlying().(*types.Struct); ok {
				return &layout.Type{Kind: layout.Struct, Name: name, Marker: m}
			}
		}
	}
	b.busy[t] = true
	u := types.Unalias(t.Underlying())
	var n *layout.Type
	if _, ok := u.(*types.Named); ok || u == nil {
		n = b.build(u) // broken code only
		n = &layout.Type{Kind: n.Kind, Len: n.Len, Elem: n.Elem, Fields: n.Fields}
	} else {
		// A fresh node (convert does not share), so it can take the name.
		n = b.convert(u)
	}
	delete(b.busy, t)
	n.Name = name
	if obj != nil && obj.Pkg() != nil && n.Kind == layout.Array {
		n.Word = layout.EndianWordBits(obj.Pkg().Path(), obj.Name())
	}
	return n
}

// TypeString names a go/types type the way [layout.FromReflect] names the
// same type at run time, so that vet-time and run-time messages agree:
// packages by name ("pkt.Header"), in type arguments too
// ("pkt.Pair[other.T,uint8]"), basic types by kind ("uint8", not "byte"),
// aliases resolved, "unsafe.Pointer", "interface {}", anonymous structs as
// "struct { A uint8; B uint32 }". [Tree] names its nodes with it.
func TypeString(t types.Type) string {
	var sb strings.Builder
	writeTypeName(&sb, t, 0)
	return sb.String()
}

func writeTypeName(sb *strings.Builder, t types.Type, depth int) {
	if depth > layout.MaxDepth {
		sb.WriteString("...")
		return
	}
	t = types.Unalias(t)
	switch t := t.(type) {
	case *types.Named:
		obj := t.Obj()
		if obj == nil {
			break
		}
		if obj.Pkg() != nil {
			sb.WriteString(obj.Pkg().Name() + ".")
		}
		sb.WriteString(obj.Name())
		if args := t.TypeArgs(); args.Len() > 0 {
			sb.WriteString("[")
			for i := range args.Len() {
				if i > 0 {
					sb.WriteString(",")
				}
				writeTypeName(sb, args.At(i), depth+1)
			}
			sb.WriteString("]")
		}
		return
	case *types.Basic:
		switch {
		case t.Kind() == types.UnsafePointer:
			sb.WriteString("unsafe.Pointer")
			return
		case int(t.Kind()) < len(types.Typ) && t.Kind() != types.Invalid:
			sb.WriteString(types.Typ[t.Kind()].Name())
			return
		}
	case *types.Pointer:
		sb.WriteString("*")
		writeTypeName(sb, t.Elem(), depth+1)
		return
	case *types.Slice:
		sb.WriteString("[]")
		writeTypeName(sb, t.Elem(), depth+1)
		return
	case *types.Array:
		fmt.Fprintf(sb, "[%d]", t.Len())
		writeTypeName(sb, t.Elem(), depth+1)
		return
	case *types.Map:
		sb.WriteString("map[")
		writeTypeName(sb, t.Key(), depth+1)
		sb.WriteString("]")
		writeTypeName(sb, t.Elem(), depth+1)
		return
	case *types.Chan:
		switch t.Dir() {
		case types.SendOnly:
			sb.WriteString("chan<- ")
		case types.RecvOnly:
			sb.WriteString("<-chan ")
		default:
			sb.WriteString("chan ")
		}
		writeTypeName(sb, t.Elem(), depth+1)
		return
	case *types.Struct:
		if t.NumFields() == 0 {
			sb.WriteString("struct {}")
			return
		}
		sb.WriteString("struct { ")
		for i := range t.NumFields() {
			if i > 0 {
				sb.WriteString("; ")
			}
			f := t.Field(i)
			if !f.Embedded() {
				sb.WriteString(f.Name() + " ")
			}
			writeTypeName(sb, f.Type(), depth+1)
			if tag := t.Tag(i); tag != "" {
				sb.WriteString(" " + strconv.Quote(tag))
			}
		}
		sb.WriteString(" }")
		return
	case *types.Interface:
		if t.Empty() {
			sb.WriteString("interface {}")
			return
		}
	}
	sb.WriteString(types.TypeString(t, qualifyByName))
}

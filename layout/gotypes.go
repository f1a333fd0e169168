package layout

import (
	"errors"
	"fmt"
	"go/types"
	"strconv"
	"strings"
)

// FromTypes builds the neutral type tree of t, a type from go/types: the
// front end the layoutcheck analyzer uses, the counterpart of
// [FromReflect].
//
// Names follow [FromReflect] as far as go/types allows: a named type is
// shown qualified by its package's name ("pkt.Header", "endian.U16BE"), a
// basic type by its kind ("uint8" for byte), an unnamed array as
// "[4]uint8", an unnamed struct with no name at all. Aliases are resolved
// ([types.Unalias]); markers are recognized by [MarkerOf] from the package
// path and name of the named type.
//
// Pointers, unsafe.Pointer, strings, slices, maps, channels, functions and
// interfaces become leaves that the tree does not look inside, so recursive
// types give finite trees. Type parameters, untyped and invalid types
// become [Invalid] leaves, for which [Compute] reports [Unsupported]; a
// type that contains itself by value (possible only in code that does not
// compile, such as type T struct{ x T }) gets an Invalid leaf where it
// recurs. FromTypes never panics on the types of broken code; it fails only
// for a nil t.
func FromTypes(t types.Type) (*Type, error) {
	if t == nil {
		return nil, errors.New("layout: nil types.Type")
	}
	b := &typesBuilder{done: map[types.Type]*Type{}, busy: map[types.Type]bool{}}
	return b.build(t, 0), nil
}

// typesBuilder converts go/types types, sharing the node of a named type
// between its uses.
type typesBuilder struct {
	done map[types.Type]*Type // finished nodes of named types
	busy map[types.Type]bool  // named types being converted: a use is a cycle
}

// qualifyByName shows a package by its name, as reflect does.
func qualifyByName(p *types.Package) string { return p.Name() }

var basicKinds = [...]Kind{
	types.Bool: Bool, types.Int: Int, types.Int8: Int8, types.Int16: Int16,
	types.Int32: Int32, types.Int64: Int64, types.Uint: Uint, types.Uint8: Uint8,
	types.Uint16: Uint16, types.Uint32: Uint32, types.Uint64: Uint64,
	types.Uintptr: Uintptr, types.Float32: Float32, types.Float64: Float64,
	types.Complex64: Complex64, types.Complex128: Complex128,
	types.String: String, types.UnsafePointer: UnsafePointer,
}

func (b *typesBuilder) build(t types.Type, depth int) *Type {
	if depth > maxDepth {
		return &Type{Kind: Invalid, Name: "(nested too deeply)"}
	}
	t = types.Unalias(t)
	switch t := t.(type) {
	case nil:
		return &Type{Kind: Invalid, Name: "<nil>"}
	case *types.Named:
		return b.named(t, depth)
	case *types.Basic:
		k := t.Kind()
		if int(k) >= len(basicKinds) || (basicKinds[k] == Invalid) {
			return &Type{Kind: Invalid, Name: t.Name()}
		}
		return &Type{Kind: basicKinds[k], Name: typeName(t)}
	case *types.Array:
		elem := b.build(t.Elem(), depth+1)
		if t.Len() < 0 {
			return &Type{Kind: Invalid, Name: "[?]" + elem.String()}
		}
		return &Type{Kind: Array, Name: typeName(t), Len: t.Len(), Elem: elem}
	case *types.Struct:
		return &Type{Kind: Struct, Fields: b.fields(t, depth)}
	case *types.Pointer:
		return &Type{Kind: Pointer, Name: typeName(t)}
	case *types.Slice:
		return &Type{Kind: Slice, Name: typeName(t)}
	case *types.Map:
		return &Type{Kind: Map, Name: typeName(t)}
	case *types.Chan:
		return &Type{Kind: Chan, Name: typeName(t)}
	case *types.Signature:
		return &Type{Kind: Func, Name: typeName(t)}
	case *types.Interface:
		return &Type{Kind: Interface, Name: typeName(t)}
	case *types.TypeParam:
		return &Type{Kind: Invalid, Name: t.Obj().Name()}
	}
	// Tuples, unions and anything newer.
	return &Type{Kind: Invalid, Name: typeName(t)}
}

func (b *typesBuilder) fields(s *types.Struct, depth int) []Field {
	fields := make([]Field, s.NumFields())
	for i := range fields {
		f := s.Field(i)
		fields[i] = Field{Name: f.Name(), Type: b.build(f.Type(), depth+1), Embedded: f.Embedded()}
	}
	return fields
}

func (b *typesBuilder) named(t *types.Named, depth int) *Type {
	if n, ok := b.done[t]; ok {
		return n
	}
	name := typeName(t)
	if b.busy[t] {
		// Only a type that contains itself by value gets here: the tree
		// never looks behind pointers.
		return &Type{Kind: Invalid, Name: name}
	}
	obj := t.Obj()
	if obj != nil && obj.Pkg() != nil {
		if m := MarkerOf(obj.Pkg().Path(), obj.Name()); m != NoMarker {
			if _, ok := t.Underlying().(*types.Struct); ok {
				n := &Type{Kind: Struct, Name: name, Marker: m}
				b.done[t] = n
				return n
			}
		}
	}
	b.busy[t] = true
	n := b.build(t.Underlying(), depth+1)
	delete(b.busy, t)
	// The underlying node is fresh (only named types are shared), so it
	// can take the name.
	n.Name = name
	b.done[t] = n
	return n
}

// TypeString names a go/types type the way reflect.Type.String names the
// same type at run time, so that vet-time and run-time messages agree:
// packages by name ("pkt.Header"), basic types by kind ("uint8", not
// "byte"), aliases resolved, "unsafe.Pointer", "interface {}", anonymous
// structs as "struct { A uint8; B uint32 }", type arguments as
// "pkt.Pair[uint8,uint64]". [FromTypes] names its nodes with it.
func TypeString(t types.Type) string { return typeName(t) }

func typeName(t types.Type) string {
	var sb strings.Builder
	writeTypeName(&sb, t, 0)
	return sb.String()
}

func writeTypeName(sb *strings.Builder, t types.Type, depth int) {
	if depth > maxDepth {
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

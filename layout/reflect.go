package layout

import (
	"errors"
	"reflect"
)

// Of returns the layout of T on the host arch, with problems on every arch.
func Of[T any]() *Layout {
	l, _ := OfType(reflect.TypeFor[T]())
	return l
}

// OfType returns the layout of t on the host arch, with problems on every
// arch. It fails only for a nil t.
func OfType(t reflect.Type) (*Layout, error) {
	tt, err := FromReflect(t)
	if err != nil {
		return nil, err
	}
	return Compute(tt, HostArch()), nil
}

// FromReflect builds the neutral type tree of t. It does not look inside
// pointers, maps and the like, so recursive types give finite trees.
func FromReflect(t reflect.Type) (*Type, error) {
	if t == nil {
		return nil, errors.New("layout: nil reflect.Type")
	}
	return fromReflect(t, map[reflect.Type]*Type{}), nil
}

var reflectKinds = [...]Kind{
	reflect.Bool: Bool, reflect.Int: Int, reflect.Int8: Int8, reflect.Int16: Int16,
	reflect.Int32: Int32, reflect.Int64: Int64, reflect.Uint: Uint, reflect.Uint8: Uint8,
	reflect.Uint16: Uint16, reflect.Uint32: Uint32, reflect.Uint64: Uint64,
	reflect.Uintptr: Uintptr, reflect.Float32: Float32, reflect.Float64: Float64,
	reflect.Complex64: Complex64, reflect.Complex128: Complex128, reflect.Array: Array,
	reflect.Chan: Chan, reflect.Func: Func, reflect.Interface: Interface, reflect.Map: Map,
	reflect.Pointer: Pointer, reflect.Slice: Slice, reflect.String: String,
	reflect.Struct: Struct, reflect.UnsafePointer: UnsafePointer,
}

func fromReflect(t reflect.Type, seen map[reflect.Type]*Type) *Type {
	if n, ok := seen[t]; ok {
		return n
	}
	n := &Type{Name: t.String()}
	if k := t.Kind(); int(k) < len(reflectKinds) {
		n.Kind = reflectKinds[k]
	}
	seen[t] = n
	switch n.Kind {
	case Array:
		n.Len = int64(t.Len())
		n.Elem = fromReflect(t.Elem(), seen)
	case Struct:
		if n.Marker = MarkerOf(t.PkgPath(), t.Name()); n.Marker != NoMarker {
			return n
		}
		if t.Name() == "" {
			n.Name = "" // anonymous: String() abbreviates it
		}
		n.Fields = make([]Field, t.NumField())
		for i := range n.Fields {
			f := t.Field(i)
			n.Fields[i] = Field{Name: f.Name, Type: fromReflect(f.Type, seen), Embedded: f.Anonymous}
		}
	}
	return n
}

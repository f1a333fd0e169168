package layout

import (
	"errors"
	"reflect"
	"strings"
)

// Of returns the layout of T on the host arch, with problems on every arch.
// Its tree is built by [FromReflect].
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

// AssessType is [OfType] without the field and padding lists: see
// [Assess]. Package cast judges its types with it.
func AssessType(t reflect.Type) (*Layout, error) {
	tt, err := FromReflect(t)
	if err != nil {
		return nil, err
	}
	return Assess(tt, HostArch(), AllArches), nil
}

// FromReflect builds the neutral type tree of t. It does not look inside
// pointers, maps and the like, so recursive types give finite trees.
//
// Nodes are named as reflect.Type.String names them, except that packages
// in type arguments are shown by name, as everywhere else
// ("main.Pair[other.T,uint8]", where reflect says
// "main.Pair[example.com/m/other.T,uint8]"): the go/types front end
// (package layout/typesfront) names types the same way. Reflect does not
// know the name of a type argument's package, so it is taken from the
// import path: its last element, without a major-version element ("/v2")
// or suffix (".v3"), which is the package's name wherever the path
// follows Go's conventions.
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
	n := &Type{}
	if k := t.Kind(); int(k) < len(reflectKinds) {
		n.Kind = reflectKinds[k]
	}
	if n.Kind != Struct || t.Name() != "" {
		// An anonymous struct has no name: String() abbreviates it.
		n.Name = reflectName(t)
	}
	seen[t] = n
	switch n.Kind {
	case Array:
		n.Len = int64(t.Len())
		n.Elem = fromReflect(t.Elem(), seen)
		n.Word = EndianWordBits(t.PkgPath(), t.Name())
	case Struct:
		if n.Marker = MarkerOf(t.PkgPath(), t.Name()); n.Marker != NoMarker {
			return n
		}
		n.Fields = make([]Field, t.NumField())
		for i := range n.Fields {
			f := t.Field(i)
			n.Fields[i] = Field{Name: f.Name, Type: fromReflect(f.Type, seen), Embedded: f.Anonymous, Bits: f.Tag.Get("bits")}
		}
	}
	return n
}

// NameOf names t as the engine's messages do, and as package
// layout/typesfront names the same type at vet time: reflect's String,
// with the packages of type arguments shown by name
// ("main.Pair[other.T,uint8]"). Package cast names types with it.
func NameOf(t reflect.Type) string { return reflectName(t) }

// reflectName is t.String() with the import paths of type arguments
// shortened to package names.
func reflectName(t reflect.Type) string {
	s := t.String()
	if !strings.Contains(s, "/") {
		return s
	}
	var b strings.Builder
	for len(s) > 0 {
		i := strings.IndexFunc(s, isPathRune)
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		s = s[i:]
		j := strings.IndexFunc(s, func(r rune) bool { return !isPathRune(r) })
		if j < 0 {
			j = len(s)
		}
		b.WriteString(shortQualified(s[:j]))
		s = s[j:]
	}
	return b.String()
}

func isPathRune(r rune) bool {
	return r == '.' || r == '/' || r == '-' || r == '_' || r == '~' || r == '+' ||
		'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r >= 0x80
}

// shortQualified turns "example.com/m/other.T" into "other.T".
func shortQualified(q string) string {
	slash := strings.LastIndexByte(q, '/')
	if slash < 0 {
		return q
	}
	path, last := q[:slash], q[slash+1:]
	dot := strings.LastIndexByte(last, '.')
	if dot < 0 {
		return q // not a qualified identifier
	}
	pkg, name := last[:dot], last[dot+1:]
	if isMajor(pkg) {
		// example.com/m/v2.T: the package is m.
		if k := strings.LastIndexByte(path, '/'); k >= 0 {
			pkg = path[k+1:]
		} else {
			pkg = path
		}
	} else if k := strings.LastIndex(pkg, ".v"); k > 0 && isMajor(pkg[k+1:]) {
		pkg = pkg[:k] // gopkg.in/yaml.v3.T: the package is yaml
	}
	return pkg + "." + name
}

// isMajor reports whether s is a major-version path element such as "v2".
func isMajor(s string) bool {
	if len(s) < 2 || s[0] != 'v' {
		return false
	}
	for _, r := range s[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

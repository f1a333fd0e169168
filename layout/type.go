package layout

import "fmt"

// A Kind is the kind of a [Type] node. It is coarser than reflect.Kind in
// one way only: every type the engine never looks inside (pointers, maps,
// channels, functions, interfaces) keeps its own kind so that messages can
// name it.
type Kind uint8

// The kinds of [Type] nodes.
const (
	Invalid Kind = iota // a type no front end could describe (type parameters, broken code)
	Int8
	Int16
	Int32
	Int64
	Uint8
	Uint16
	Uint32
	Uint64
	Float32
	Float64
	Complex64
	Complex128
	Int     // platform-sized
	Uint    // platform-sized
	Uintptr // platform-sized
	Bool
	Pointer
	UnsafePointer
	String
	Slice
	Map
	Chan
	Func
	Interface
	Array
	Struct
)

var kindNames = [...]string{
	Invalid: "invalid", Int8: "int8", Int16: "int16", Int32: "int32", Int64: "int64",
	Uint8: "uint8", Uint16: "uint16", Uint32: "uint32", Uint64: "uint64",
	Float32: "float32", Float64: "float64", Complex64: "complex64", Complex128: "complex128",
	Int: "int", Uint: "uint", Uintptr: "uintptr", Bool: "bool",
	Pointer: "pointer", UnsafePointer: "unsafe.Pointer", String: "string", Slice: "slice",
	Map: "map", Chan: "chan", Func: "func", Interface: "interface", Array: "array", Struct: "struct",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// fixedSize returns the size of a kind whose size is the same on every
// arch, or 0 and false.
func (k Kind) fixedSize() (int64, bool) {
	switch k {
	case Int8, Uint8, Bool:
		return 1, true
	case Int16, Uint16:
		return 2, true
	case Int32, Uint32, Float32:
		return 4, true
	case Int64, Uint64, Float64, Complex64:
		return 8, true
	case Complex128:
		return 16, true
	}
	return 0, false
}

// isPointerish reports whether values of kind k hold addresses, which
// no byte buffer may supply.
func (k Kind) isPointerish() bool {
	switch k {
	case Pointer, UnsafePointer, String, Slice, Map, Chan, Func, Interface:
		return true
	}
	return false
}

// isMultiByteNumber reports whether k is a number stored in host byte order
// with more than one byte.
func (k Kind) isMultiByteNumber() bool {
	switch k {
	case Int16, Int32, Int64, Uint16, Uint32, Uint64, Float32, Float64, Complex64, Complex128, Int, Uint, Uintptr:
		return true
	}
	return false
}

// A Marker identifies a zero-size type whose presence as a field carries
// meaning: it is recognized by package path and name, never by shape.
type Marker uint8

// The recognized markers.
const (
	NoMarker   Marker = iota
	HostLayout        // structs.HostLayout
	Big               // endian.Big
	Little            // endian.Little
	Native            // endian.Native
	Align64           // sync/atomic's align64: zero size, 8-byte alignment everywhere
)

// EndianPath is the import path of the package that defines the byte-order
// markers.
const EndianPath = "github.com/go-overlay/overlay/endian"

// MarkerOf returns the marker that the named type pkgPath.name is, or
// NoMarker. Both front ends call it, so a marker is recognized the same way
// at run time and at vet time.
func MarkerOf(pkgPath, name string) Marker {
	switch pkgPath {
	case "structs":
		if name == "HostLayout" {
			return HostLayout
		}
	case EndianPath:
		switch name {
		case "Big":
			return Big
		case "Little":
			return Little
		case "Native":
			return Native
		}
	case "sync/atomic", "internal/runtime/atomic", "runtime/internal/atomic":
		if name == "align64" {
			return Align64
		}
	}
	return NoMarker
}

func (m Marker) String() string {
	switch m {
	case HostLayout:
		return "structs.HostLayout"
	case Big:
		return "endian.Big"
	case Little:
		return "endian.Little"
	case Native:
		return "endian.Native"
	case Align64:
		return "atomic.align64"
	}
	return "no marker"
}

// isByteOrder reports whether m declares a byte order.
func (m Marker) isByteOrder() bool { return m == Big || m == Little || m == Native }

// A Type is a node of the neutral type tree that the engine lays out. Front
// ends build it from reflect.Type (see [FromReflect]) or from go/types. A
// tree must be finite: front ends stop at pointers, maps and the like, which
// the engine never looks inside.
type Type struct {
	Kind Kind
	// Name is how messages show the type: "pkt.Header", "uint32",
	// "[4]endian.U16BE". It may be empty for anonymous types.
	Name string
	// Marker is set for a recognized marker type (Kind Struct, no Fields).
	Marker Marker
	Len    int64   // Array: number of elements
	Elem   *Type   // Array: element type
	Fields []Field // Struct: fields in declaration order
	// Word is, for an unsigned number type of package endian (U16BE,
	// U24[O], ...), its width in bits, as [EndianWordBits] gives it; 0 for
	// every other type. See [Type.WordBits].
	Word int
}

// A Field is a field of a struct [Type].
type Field struct {
	Name     string // "_" for blank fields; the type's name for embedded ones
	Type     *Type
	Embedded bool
	// Bits is the field's bits tag, which divides an unsigned word into
	// named sub-fields (see [ParseBits]), or "".
	Bits string
}

// String returns t's name, or a description of its shape if it has none.
func (t *Type) String() string {
	switch {
	case t == nil:
		return "<nil>"
	case t.Name != "":
		return t.Name
	case t.Kind == Array && t.Elem != nil:
		return fmt.Sprintf("[%d]%s", t.Len, t.Elem)
	case t.Kind == Struct:
		return "struct{...}"
	}
	return t.Kind.String()
}

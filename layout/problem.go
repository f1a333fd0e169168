package layout

import (
	"fmt"
	"strings"
)

// A ProblemKind classifies a [Problem].
type ProblemKind uint8

// Problem kinds. Those before ImplicitByteOrder are errors: a type that has
// one cannot be overlaid. The rest are warnings, which layoutcheck reports
// and cast accepts.
const (
	// InteriorPadding is a gap between two fields.
	InteriorPadding ProblemKind = iota + 1
	// TrailingPadding is a gap after a struct's last field.
	TrailingPadding
	// ZeroSizePadding is trailing padding that exists because the struct
	// ends in a zero-size field: gc grows such a struct by a byte so that a
	// pointer to that field cannot point past the object.
	ZeroSizePadding
	// PointerField is a pointer, unsafe.Pointer, string, slice, map, chan,
	// func or interface: bytes cannot supply a valid one.
	PointerField
	// BoolField is a bool, whose bit patterns other than 0 and 1 are invalid.
	BoolField
	// PlatformSized is an int, uint or uintptr, whose size differs by arch.
	PlatformSized
	// MarkerConflict is a byte-order marker that contradicts another one in
	// the same type.
	MarkerConflict
	// ZeroSize is a type of size 0, which has nothing to overlay.
	ZeroSize
	// TooLarge is a type whose size does not fit the address space.
	TooLarge
	// Unsupported is a type no front end could describe, or a recursive one.
	Unsupported

	// ImplicitByteOrder is a native multi-byte number in a struct with no
	// byte-order marker: its value depends on the host's byte order.
	ImplicitByteOrder
	// NoHostLayout is a struct without a structs.HostLayout field: Go does
	// not promise to keep the declared field order without one.
	NoHostLayout
)

var problemKindNames = [...]string{
	InteriorPadding:   "padding",
	TrailingPadding:   "trailing padding",
	ZeroSizePadding:   "zero-size field padding",
	PointerField:      "pointer",
	BoolField:         "bool",
	PlatformSized:     "platform-sized",
	MarkerConflict:    "conflicting markers",
	ZeroSize:          "zero size",
	TooLarge:          "too large",
	Unsupported:       "unsupported",
	ImplicitByteOrder: "implicit byte order",
	NoHostLayout:      "no HostLayout",
}

func (k ProblemKind) String() string {
	if int(k) < len(problemKindNames) && problemKindNames[k] != "" {
		return problemKindNames[k]
	}
	return fmt.Sprintf("ProblemKind(%d)", k)
}

// IsWarning reports whether problems of kind k are warnings rather than
// errors.
func (k ProblemKind) IsWarning() bool { return k >= ImplicitByteOrder }

// IsPadding reports whether k is one of the padding kinds.
func (k ProblemKind) IsPadding() bool {
	return k == InteriorPadding || k == TrailingPadding || k == ZeroSizePadding
}

// A Problem is one reason a type cannot be overlaid (or, for warnings, one
// reason it may not mean what it says).
type Problem struct {
	Kind ProblemKind
	// Path is the dotted field path the problem is about, "" for the type
	// itself; elements of an array of structs appear as "A[0]". For
	// InteriorPadding it is the field after the gap, for TrailingPadding
	// the struct that ends in the gap, for ZeroSizePadding the zero-size
	// field, for NoHostLayout the struct.
	Path string
	// Type is the type at Path, as [Type.String] shows it.
	Type string
	// Offset and Size locate the problem, in bytes from the start of the
	// outermost type, on the arch named by Arch. For padding inside array
	// elements they locate it in the first element.
	Offset, Size int64
	// Count is how many times the problem repeats: the number of array
	// elements it sits in, 1 outside arrays.
	Count int64
	// Arch is the GOARCH Offset and Size were measured on; Arches is every
	// arch on which the problem occurs.
	Arch   string
	Arches ArchSet
	// Detail adds what the kind alone does not say: for MarkerConflict the
	// path of the marker this one conflicts with.
	Detail string
}

// IsWarning reports whether p is a warning rather than an error.
func (p Problem) IsWarning() bool { return p.Kind.IsWarning() }

func (p Problem) field() string {
	if p.Path == "" {
		return "the type"
	}
	return "field " + p.Path
}

func (p Problem) where() string {
	var b strings.Builder
	if p.Count > 1 {
		fmt.Fprintf(&b, ", in each of %d array elements", p.Count)
	}
	if p.Arches != AllArches && p.Arches != 0 {
		fmt.Fprintf(&b, " (on %s)", p.Arches)
	}
	return b.String()
}

// String describes the problem in one line, naming the field path, the
// offset and size, and the arches where it occurs when that is not all of
// them.
func (p Problem) String() string {
	var s string
	switch p.Kind {
	case InteriorPadding:
		s = fmt.Sprintf("%s of padding at offset %d, before field %s", nbytes(p.Size), p.Offset, p.Path)
	case TrailingPadding:
		at := ""
		if p.Path != "" {
			at = ", at the end of " + p.Path
		}
		s = fmt.Sprintf("%s of trailing padding at offset %d%s", nbytes(p.Size), p.Offset, at)
	case ZeroSizePadding:
		s = fmt.Sprintf("%s of padding at offset %d after trailing zero-size field %s (gc pads a struct that ends in a zero-size field)", nbytes(p.Size), p.Offset, p.Path)
	case PointerField:
		s = fmt.Sprintf("%s (%s) at offset %d, size %d, holds a pointer, which no byte buffer can supply", p.field(), p.Type, p.Offset, p.Size)
	case BoolField:
		s = fmt.Sprintf("%s (%s) at offset %d is a bool: bytes other than 0 and 1 would be invalid bools; use uint8", p.field(), p.Type, p.Offset)
	case PlatformSized:
		s = fmt.Sprintf("%s (%s) at offset %d, size %d, has a size that differs by arch; use a fixed-size type such as int64 or endian.I64LE", p.field(), p.Type, p.Offset, p.Size)
	case MarkerConflict:
		s = fmt.Sprintf("%s (%s) conflicts with the byte-order marker at %s", p.field(), p.Type, p.Detail)
	case ZeroSize:
		s = "the type has size 0: there is nothing to overlay"
	case TooLarge:
		if p.Size >= 0 {
			s = fmt.Sprintf("the type's size, %d bytes, does not fit the address space", p.Size)
		} else {
			s = "the type's size overflows the address space"
		}
	case Unsupported:
		s = fmt.Sprintf("%s (%s) cannot be laid out: %s", p.field(), p.Type, p.Detail)
	case ImplicitByteOrder:
		s = fmt.Sprintf("%s (%s) at offset %d is a multi-byte number in host byte order, but no struct declares one; add _ endian.Little, _ endian.Big or _ endian.Native as the first field, or use endian types", p.field(), p.Type, p.Offset)
	case NoHostLayout:
		what := "the struct"
		if p.Path != "" {
			what = "struct " + p.Path
		}
		s = fmt.Sprintf("%s (%s) has no _ structs.HostLayout field: Go does not promise to keep its field order without one", what, p.Type)
	default:
		s = fmt.Sprintf("%s at %s", p.Kind, p.field())
	}
	return s + p.where()
}

// An Error lists the problems that keep a type from being overlaid.
type Error struct {
	Type     string    // the type, as [Type.String] shows it
	Problems []Problem // errors only, never warnings
}

// maxErrorProblems bounds how many problems Error spells out.
const maxErrorProblems = 3

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s cannot be overlaid: ", e.Type)
	for i, p := range e.Problems {
		if i == maxErrorProblems {
			fmt.Fprintf(&b, "; and %d more", len(e.Problems)-i)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// nbytes says "1 byte" or "n bytes".
func nbytes(n int64) string {
	if n == 1 {
		return "1 byte"
	}
	return fmt.Sprintf("%d bytes", n)
}

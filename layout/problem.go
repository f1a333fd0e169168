package layout

import (
	"fmt"
	"slices"
	"strings"
)

// A ProblemKind classifies a [Problem]. Everything the front ends need to
// know about a kind (its name, its layoutcheck category, whether it is an
// error or a warning, and what to do about it) is in one table, [Kinds]
// lists every kind.
type ProblemKind uint8

// Problem kinds. Whether a kind is an error (a type that has one cannot be
// overlaid) or a warning (layoutcheck reports it, cast accepts it) is said
// by the kind table, not by the order of this list.
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
	// Unsupported is a type no front end could describe, a recursive one,
	// or one nested more than [MaxDepth] levels deep.
	Unsupported
	// ImplicitByteOrder is a native multi-byte number in a struct with no
	// byte-order marker: its value depends on the host's byte order.
	ImplicitByteOrder
	// NoHostLayout is a struct without a structs.HostLayout field: Go does
	// not promise to keep the declared field order without one.
	NoHostLayout
	// BitsSyntax is a bits tag entry that is not name:width with a Go
	// identifier (or _) and a width of at least 1 (see [ParseBits]).
	BitsSyntax
	// BitsNumbering is a bits tag entry that gives bit positions or a range
	// ("Version:0-3") where its width belongs.
	BitsNumbering
	// BitsOverflow is a bits tag whose widths add up to more than its word.
	BitsOverflow
	// BitsName is a sub-field whose name, or its setter's, is used twice in
	// the struct: by another sub-field, setter or field.
	BitsName
	// BitsNotWord is a bits tag on a field that is not an unsigned word.
	BitsNotWord
	// BitsUndeclared is a bits tag whose widths leave low bits of the word
	// undeclared.
	BitsUndeclared
)

// kindInfo is a row of the kind table.
type kindInfo struct {
	name     string // for messages and ProblemKind.String
	category string // layoutcheck's diagnostic category, the name //layoutcheck:ignore: takes
	warning  bool   // a warning, not an error
	advice   string // what to do, appended to every message about the kind
}

// kinds is the kind table. A new kind needs a row here and the rule that
// finds it (compute.go); its message falls back to name and advice.
var kinds = [...]kindInfo{
	InteriorPadding: {"padding", "padding", false,
		"the padding differs by arch, so no one explicit field removes it everywhere: reorder the fields or use the endian types (alignment 1)"},
	TrailingPadding: {"trailing padding", "trailing-padding", false,
		"the padding differs by arch, so no one explicit field removes it everywhere: reorder the fields or use the endian types (alignment 1)"},
	ZeroSizePadding: {"zero-size field padding", "zero-size-padding", false,
		"move the zero-size field to the start of the struct"},
	PointerField: {"pointer", "pointer", false,
		"store offsets or indexes as fixed-size numbers instead"},
	BoolField: {"bool", "bool", false,
		"use endian.Bool (one byte that casts validate as 0 or 1, with Get and Set) or uint8"},
	PlatformSized: {"platform-sized", "platform-sized", false,
		"use a fixed-size type such as int64 or endian.I64LE"},
	MarkerConflict: {"conflicting markers", "marker-conflict", false,
		"declare one byte order per type"},
	ZeroSize: {"zero size", "zero-size", false,
		""},
	TooLarge: {"too large", "too-large", false,
		""},
	Unsupported: {"unsupported", "unsupported", false,
		""},
	ImplicitByteOrder: {"implicit byte order", "implicit-order", true,
		"add _ endian.Little, _ endian.Big or _ endian.Native as the first field, or use endian types"},
	NoHostLayout: {"no HostLayout", "hostlayout", true,
		"add _ structs.HostLayout as the first field"},
	BitsSyntax: {"invalid bits tag", "bits-syntax", false,
		`write name:width for each sub-field, most significant bits first, as in bits:"Version:4,IHL:4"`},
	BitsNumbering: {"bit numbering", "bits-numbering", false,
		`write widths, not bit positions: sub-fields are listed most significant bit first, as RFC diagrams draw them, as in bits:"Version:4,IHL:4"`},
	BitsOverflow: {"bits past the word", "bits-overflow", false,
		"make the widths add up to the word's bits, or use a wider word"},
	BitsName: {"bit field name", "bits-name", false,
		"rename the sub-field: its accessors X and SetX are methods of the struct, which no field or other accessor may share"},
	BitsNotWord: {"bits tag on a non-word", "bits-type", false,
		"put the bits tag on an unsigned word: uint8 to uint64, or one of endian's unsigned types (U16BE to U64LE, U24BE, U24LE, U16[O] to U64[O])"},
	BitsUndeclared: {"undeclared bits", "bits-undeclared", true,
		"declare the rest, or reserve it with _:width (a sub-field named _ gets no accessors)"},
}

// Kinds returns every problem kind, in the order of the constants.
func Kinds() []ProblemKind {
	var ks []ProblemKind
	for k := range kinds {
		if kinds[k].name != "" {
			ks = append(ks, ProblemKind(k))
		}
	}
	return ks
}

// KindOfCategory returns the kind whose [ProblemKind.Category] is cat.
func KindOfCategory(cat string) (ProblemKind, bool) {
	for _, k := range Kinds() {
		if k.Category() == cat {
			return k, true
		}
	}
	return 0, false
}

func (k ProblemKind) info() kindInfo {
	if int(k) < len(kinds) {
		return kinds[k]
	}
	return kindInfo{}
}

func (k ProblemKind) String() string {
	if n := k.info().name; n != "" {
		return n
	}
	return fmt.Sprintf("ProblemKind(%d)", k)
}

// Category returns the short name of the kind that layoutcheck uses as the
// diagnostic category and //layoutcheck:ignore:<categories> accepts, such
// as "padding" or "hostlayout".
func (k ProblemKind) Category() string {
	if c := k.info().category; c != "" {
		return c
	}
	return strings.ReplaceAll(k.String(), " ", "-")
}

// IsWarning reports whether problems of kind k are warnings rather than
// errors. A kind missing from the table is an error.
func (k ProblemKind) IsWarning() bool { return k.info().warning }

// Advice returns what to do about a problem of kind k, or "" when its
// message says it all. A padding problem that one explicit field fixes
// gets the more precise [Problem.Advice].
func (k ProblemKind) Advice() string { return k.info().advice }

// IsPadding reports whether k is one of the padding kinds.
func (k ProblemKind) IsPadding() bool {
	return k == InteriorPadding || k == TrailingPadding || k == ZeroSizePadding
}

// A Figure is where a problem lies on some arches: its offset from the
// start of the outermost type, its size, and how many array elements it
// repeats in (1 outside arrays).
type Figure struct {
	Offset, Size, Count int64
	Arches              ArchSet
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
	// Index is Path as field indexes: Index[i] is the index of a field in
	// the struct reached by Index[:i], arrays passed through to their
	// element type (see [Type.At]). Unlike Path it tells repeated blank
	// fields apart.
	Index []int
	// Type is the type at Path, as [Type.String] shows it.
	Type string
	// Offset and Size locate the problem, in bytes from the start of the
	// outermost type, on the arch named by Arch. For padding inside array
	// elements they locate it in the first element.
	Offset, Size int64
	// Count is how many times the problem repeats at Path: the number of
	// array elements it sits in, 1 outside arrays.
	Count int64
	// Paths is the number of field paths at which the problem occurs: more
	// than 1 when the struct it is in is used in several places of the
	// type. It is reported once, at its first path.
	Paths int64
	// Arch is the GOARCH Offset and Size were measured on (the arch the
	// layout was computed for, when the problem occurs there); Arches is
	// every arch, of those asked about, on which the problem occurs.
	Arch   string
	Arches ArchSet
	// Figures gives the offset, size and count on each arch of Arches,
	// one entry per distinct figure, the entry for Arch first.
	Figures []Figure
	// Detail adds what the kind alone does not say: for MarkerConflict the
	// path of the marker this one conflicts with.
	Detail string
	// Fix is the edit that removes a padding problem on every arch of
	// the layout's set (see [Layout.Fix]), nil if there is none.
	Fix *Fix
}

// Clone returns a copy of p that shares no memory with it: its Index,
// Figures and Fix are copied too. Front ends that hand a cached problem to
// callers, who may edit it, give them a clone.
func (p Problem) Clone() Problem {
	p.Index = slices.Clone(p.Index)
	p.Figures = slices.Clone(p.Figures)
	if p.Fix != nil {
		f := *p.Fix
		f.Struct = slices.Clone(f.Struct)
		p.Fix = &f
	}
	return p
}

// Advice says what to do about p: the fix when there is one ("make it
// explicit: _ [3]byte before B"), else the advice of its kind. Every
// [Problem.String] ends with it, so cast's run-time errors and
// layoutcheck's diagnostics give the same advice.
func (p Problem) Advice() string {
	f := p.Fix
	if f == nil {
		return p.Kind.Advice()
	}
	var s string
	switch {
	case f.Kind == MoveToStart:
		return fmt.Sprintf("move %s (%s) to the start of the struct", f.Field, p.Type)
	case p.Kind == TrailingPadding:
		s = fmt.Sprintf("make it explicit: _ [%d]byte as the last field", f.Size)
	case p.Kind == ZeroSizePadding:
		s = fmt.Sprintf("make it explicit: _ [%d]byte after %s", f.Size, f.Field)
	default:
		s = fmt.Sprintf("make it explicit: _ [%d]byte before %s", f.Size, f.Field)
	}
	switch {
	case f.Moves == 0:
	case p.Kind == InteriorPadding:
		s += fmt.Sprintf(" (this moves the fields after it and grows the struct on %s)", f.Moves)
	default:
		s += fmt.Sprintf(" (this grows the struct on %s)", f.Moves)
	}
	return s
}

// IsWarning reports whether p is a warning rather than an error.
func (p Problem) IsWarning() bool { return p.Kind.IsWarning() }

func (p Problem) field() string {
	if p.Path == "" {
		return "the type"
	}
	return "field " + p.Path
}

// where says where else the problem occurs: array elements, other paths,
// other figures on other arches, and the arches when not all.
func (p Problem) where() string {
	var b strings.Builder
	if p.Count > 1 {
		fmt.Fprintf(&b, ", in each of %d array elements", p.Count)
	}
	if p.Paths > 1 {
		fmt.Fprintf(&b, ", and at %d more field paths that use the same type", p.Paths-1)
	}
	if len(p.Figures) > 1 {
		fmt.Fprintf(&b, " (on %s", p.Figures[0].Arches)
		for _, f := range p.Figures[1:] {
			fmt.Fprintf(&b, "; %s at offset %d on %s", nbytes(f.Size), f.Offset, f.Arches)
		}
		b.WriteString(")")
	} else if p.Arches != AllArches && p.Arches != 0 {
		fmt.Fprintf(&b, " (on %s)", p.Arches)
	}
	return b.String()
}

// String describes the problem in one line: what and where (field path,
// offset and size, the figures on other arches and the arches where it
// occurs when that is not all of them), then the kind's advice.
func (p Problem) String() string {
	s := p.describe() + p.where()
	if a := p.Advice(); a != "" {
		s += "; " + a
	}
	return s
}

// describe says what the problem is, without the advice.
func (p Problem) describe() string {
	switch p.Kind {
	case InteriorPadding:
		return fmt.Sprintf("%s of padding at offset %d, before field %s", nbytes(p.Size), p.Offset, p.Path)
	case TrailingPadding:
		at := ""
		if p.Path != "" {
			at = ", at the end of " + p.Path
		}
		return fmt.Sprintf("%s of trailing padding at offset %d%s", nbytes(p.Size), p.Offset, at)
	case ZeroSizePadding:
		return fmt.Sprintf("%s of padding at offset %d after trailing zero-size field %s (gc pads a struct that ends in a zero-size field)", nbytes(p.Size), p.Offset, p.Path)
	case PointerField:
		return fmt.Sprintf("%s (%s) at offset %d, size %d, holds a pointer, which no byte buffer can supply", p.field(), p.Type, p.Offset, p.Size)
	case BoolField:
		return fmt.Sprintf("%s (%s) at offset %d is a bool: bytes other than 0 and 1 would be invalid bools", p.field(), p.Type, p.Offset)
	case PlatformSized:
		return fmt.Sprintf("%s (%s) at offset %d, size %d, has a size that differs by arch", p.field(), p.Type, p.Offset, p.Size)
	case MarkerConflict:
		return fmt.Sprintf("%s (%s) conflicts with the byte-order marker at %s", p.field(), p.Type, p.Detail)
	case ZeroSize:
		return "the type has size 0: there is nothing to overlay"
	case TooLarge:
		if p.Size >= 0 {
			return fmt.Sprintf("the type's size, %d bytes, does not fit the address space", p.Size)
		}
		return "the type's size overflows the address space"
	case Unsupported:
		return fmt.Sprintf("%s (%s) cannot be laid out: %s", p.field(), p.Type, p.Detail)
	case ImplicitByteOrder:
		return fmt.Sprintf("%s (%s) at offset %d is a multi-byte number in host byte order, but no struct declares one", p.field(), p.Type, p.Offset)
	case BitsSyntax, BitsNumbering, BitsOverflow, BitsName, BitsNotWord, BitsUndeclared:
		return fmt.Sprintf("%s (%s) at offset %d has %s", p.field(), p.Type, p.Offset, p.Detail)
	case NoHostLayout:
		what := "the struct"
		if p.Path != "" {
			what = "struct " + p.Path
		}
		return fmt.Sprintf("%s (%s) has no _ structs.HostLayout field: Go does not promise to keep its field order without one", what, p.Type)
	}
	return fmt.Sprintf("%s at %s", p.Kind, p.field())
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

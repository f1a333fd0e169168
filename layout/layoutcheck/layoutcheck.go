// Package layoutcheck defines an Analyzer that proves, at vet time, that the
// types overlay casts and the structs marked as overlays have a fixed
// layout: no padding, no pointers, no bools or platform-sized integers, one
// byte order, on every GOARCH.
//
// The rules are those of package layout, applied to a tree built from
// go/types by [typesfront.Tree]; this package only decides what to check,
// where to report and how to fix. See [Doc] for what it reports.
package layoutcheck

import (
	"flag"
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"

	"github.com/go-overlay/overlay/layout"
)

// Doc is the analyzer's documentation, shown by `layoutcheck -help` and
// `go vet -vettool=$(which layoutcheck) help layoutcheck`. Its list of
// findings follows the engine's kind table ([layout.Kinds]).
var Doc = docHead + "\n\n" + findingsDoc() + "\n" + docTail

const docHead = `check that overlay types have a fixed, padding-free, pointer-free layout

layoutcheck reports, at vet time and for every GOARCH at once, the layout
problems that make package cast reject a type at run time, and two
warnings about layouts that are fixed only by accident.

What is checked:

  - the type argument of every instantiation of a generic function or type
    of package github.com/go-overlay/overlay/cast (cast.To[T], cast.Slice[T],
    cast.MustOverlay[T], cast.Overlay[T], ...), reported at the call as
    "cast.To[pkt.Header]: ...". A type argument that holds a type parameter
    is checked where the generic function or type is instantiated with
    concrete types, in this package or another one ("... (in
    pkt.Parse[pkt.Header])"), also through types declared inside the
    generic function; facts carry the casts of generics across packages.
    Errors are reported for every type; warnings for types declared in
    the package being checked, which its author can fix, and, for a type
    of another package (debug/elf.Header64), its implicit byte order,
    which the codec can give: cast.Decode and the others of its generics
    that take a binary.ByteOrder (Encode, Append, DecodeSlice, ...) read
    the numbers in the order of the call, and get no implicit-order
    warning; their order argument, when it is binary.BigEndian,
    LittleEndian or NativeEndian, is checked against the type's marker;
  - with -unsafe, the type T of every conversion (*T)(p) where p points
    into byte memory: derived from a pointer to a 1-byte integer or an
    array of them (&b[i], &arr, unsafe.SliceData(b), a *byte) through
    unsafe.Pointer and uintptr conversions, unsafe.Add, uintptr arithmetic
    and variables assigned once; reported at the conversion, with the
    rules of a cast call, as "unsafe conversion to *pkt.Header: ...", or,
    when T holds a type parameter, where the generic is instantiated;
  - every struct type declaration with an endian.Big, endian.Little or
    endian.Native marker field;
  - every type declaration whose doc comment holds //layoutcheck:overlay,
    and every package-level struct of a file with //layoutcheck:overlay in
    a comment before its package clause;
  - //layoutcheck:abi, in a type's doc comment or before the package
    clause, marks ABI structs that hold pointers for the kernel to read:
    checked as overlays, but their pointer fields are not reported at the
    declaration (a cast of bytes to them still reports them).

Nested structs, arrays of structs and embedded structs are checked as part
of the outer type and named by field path ("H.Inner.B", "Recs[0].Len").
A problem is reported once per declaration (and once per type and package
for call sites), at the field it names when the field is written in the
declaration, else at the type's name or the call. Padding inside a named
struct type declared in the package is reported at that type's
declaration, with its fix ("pkt.Rec (in pkt.Table): ..."), once however
many types hold it.

Layout is computed with the size and alignment rules of the gc toolchain
for every GOARCH (386, amd64, arm, arm64, loong64, mips, mips64, mips64le,
mipsle, ppc64, ppc64le, riscv64, s390x, wasm), whatever GOARCH the tool
runs for; a problem that occurs only on some of them names them, as in
"(on 32-bit arches (386, arm, mips, mipsle))". Offsets and sizes are
those of the GOARCH being analyzed (GOARCH=386 go vet gives 386's), then
every other figure with its arches: "3 bytes of padding at offset 1, before
field B (on 32-bit arches (...); 7 bytes at offset 1 on 64-bit arches)";
-json carries the same messages.

A type declaration is judged only on the arches its file can be built
for, as its name suffix (x_386.go, x_linux_arm64.go) and //go:build line
say, for any GOOS and with tags that name no GOOS or GOARCH (cgo, purego,
custom ones) taken as possibly on or off, and only on those the files of
the named types it holds are built for too: a struct in
ztypes_linux_386.go, or one in ztypes_linux.go that holds a type of
ztypes_linux_386.go, is checked for 386 alone. A cast is judged likewise
on the arches its file is built for.`

const docTail = `Padding fixes are offered only when one explicit field removes the gap on
every arch the type is checked on without creating another (verified by
laying out the fixed type again); padding that differs by arch in a way
no single field fixes is reported without a fix. A fix never moves a
field silently: where the gap differs by arch (7 bytes on 64-bit arches,
3 on 32-bit ones), the field that fills the largest gap grows the struct
on the other arches; the message says so and names them, and -fix
inserts instead the smallest gap (_ [3]byte), which moves no field on any
arch, and says where padding remains (-allow-moves inserts the larger
one). Where some arch has no gap at all, -fix inserts nothing. The fix
does not depend on the GOARCH being analyzed. Explicit padding next to the
gap (_ [1]byte) grows instead of getting a second field. Fixes edit
struct literals in the same file as the diagnostic.

Silencing: a comment

	//layoutcheck:ignore <reason>

on the line of a finding, on the line above it, on a field, or in the doc
comment of a type declaration (which covers all of the declaration's
findings, wherever they are reported) silences it. The reason is
required. //layoutcheck:ignore:padding,hostlayout <reason> silences only
the listed categories.

Flags turn the warnings off (-implicit-order=false, -hostlayout=false),
limit the arches considered (-arches=amd64,arm64) and offer the fixes that
move fields on some arches (-allow-moves).

The layoutcheck command also explains a type's layout:
"layoutcheck explain [-arch=GOARCH|all] package Type" prints its field
table and byte diagram.`

// findingDocs describes the findings of each category, the engine's
// kinds and the analyzer's own; a kind with no entry is described by its
// name and advice.
var findingDocs = map[string]string{
	"padding": "a gap between two fields: its bytes are not part of any field, so a cast would expose or ignore them. " +
		"Suggested fix: an explicit _ [N]byte field.",
	"trailing-padding": "a gap after the last field, up to the struct's alignment. Suggested fix: a trailing _ [N]byte field.",
	"zero-size-padding": "a struct that ends in a zero-size field (such as a misplaced marker) is grown by gc so that a pointer to the field stays inside the object. " +
		"Suggested fix: move a marker to the start, else pad explicitly.",
	"pointer":         "a pointer, unsafe.Pointer, string, slice, map, chan, func or interface: no byte buffer can supply one.",
	"bool":            "a bool: bytes other than 0 and 1 are invalid bools.",
	"platform-sized":  "int, uint or uintptr, whose size differs by arch.",
	"marker-conflict": "endian.Big and endian.Little in the same type, or two different byte-order markers in one struct.",
	"zero-size":       "a type of size 0: nothing to overlay.",
	"too-large":       "a type larger than the address space of an arch.",
	"unsupported":     "a type that cannot be laid out (broken code).",
	"implicit-order": "native multi-byte numbers (uint32, float64, ...) in a struct with no byte-order marker, whose meaning depends on the host. " +
		"Add _ endian.Big, _ endian.Little or _ endian.Native, or use the fixed-order types of package endian; " +
		"for a type of another package, read it with the codec (cast.Decode[T](b, order)).",
	"hostlayout": "a struct of two or more fields with no _ structs.HostLayout field: Go does not promise to keep its declared field order without one. " +
		"Not reported for structs of other packages. Suggested fix: insert _ structs.HostLayout first.",
	byteOrderCategory: "a cast of a type marked endian.Big on the little-endian arches checked, or of one marked endian.Little on the big-endian ones: " +
		"cast refuses it there with cast.ErrByteOrder. Use cast.Decode with the type's order, which reads it on any host. " +
		"Also a codec call with an order the marker excludes: binary.LittleEndian for a type marked endian.Big, or binary.NativeEndian on the little-endian arches " +
		"(suggested fix: the declared order, which reads the same where NativeEndian works).",
	directiveCategory: "a malformed //layoutcheck: comment; a comment meant as one that is not (// layoutcheck:overlay, //LayoutCheck:ignore), which would do nothing; " +
		"a //layoutcheck:overlay outside a type's doc comment (such as one a blank line separates from it).",
}

// findingsDoc lists the categories of findings for [Doc]: the engine's
// kinds, in the order of its table, then the analyzer's own.
func findingsDoc() string {
	var b strings.Builder
	b.WriteString("Findings (the diagnostic category is in brackets):\n\n")
	entry := func(cat, text string) {
		const indent, width = 23, 76
		line := fmt.Sprintf("  %-*s", indent-2, "["+cat+"]")
		if len(strings.TrimRight(line, " ")) >= indent-1 {
			b.WriteString(strings.TrimRight(line, " ") + "\n")
			line = strings.Repeat(" ", indent)
		}
		// A blank identifier stays with its type: "_ endian.Big".
		for i, w := range strings.Fields(strings.ReplaceAll(text, "_ ", "_\x00")) {
			w = strings.ReplaceAll(w, "\x00", " ")
			switch {
			case i == 0:
			case len(line)+1+len(w) > width:
				b.WriteString(line + "\n")
				line = strings.Repeat(" ", indent-1)
				fallthrough
			default:
				line += " "
			}
			line += w
		}
		b.WriteString(line + "\n")
	}
	for _, k := range layout.Kinds() {
		text, ok := findingDocs[k.Category()]
		if !ok {
			text = k.String()
			if a := k.Advice(); a != "" {
				text += ": " + a
			}
			text += "."
		}
		if k.IsWarning() {
			text = "warning: " + text
		}
		entry(k.Category(), text)
	}
	entry(byteOrderCategory, findingDocs[byteOrderCategory])
	entry(directiveCategory, findingDocs[directiveCategory])
	return b.String()
}

// CastPath is the import path of the package whose generic functions and
// types layoutcheck checks the type arguments of.
const CastPath = "github.com/go-overlay/overlay/cast"

// Config selects what an analyzer made by [NewAnalyzer] reports. The zero
// Config reports nothing optional; [DefaultConfig] reports everything.
type Config struct {
	// ImplicitOrder reports native multi-byte numbers in structs that
	// declare no byte order (category implicit-order).
	ImplicitOrder bool
	// HostLayout reports structs without a structs.HostLayout field
	// (category hostlayout).
	HostLayout bool
	// Arches limits the arches considered, by GOARCH name; empty means
	// all of layout.Arches.
	Arches []string
	// AllowMoves offers padding fixes that move fields on some of the
	// arches checked (flag -allow-moves): where a gap differs by arch, the
	// field that fills the largest one grows the struct on the others.
	// Without it such fixes are described in the message only.
	AllowMoves bool
	// Unsafe also checks the target type T of every conversion of a
	// pointer into byte memory to *T (see unsafeconv.go).
	Unsafe bool
	// Related attaches to findings reported at a call the position of
	// the type's declaration ("pkt.Header is declared here"). Editors
	// show it as a link; golangci-lint shows it as an extra issue, so its
	// plugin turns it off. Not a flag.
	Related bool
}

// DefaultConfig returns the configuration of [Analyzer] before flags:
// every warning on, every arch, related information on.
func DefaultConfig() Config { return Config{ImplicitOrder: true, HostLayout: true, Related: true} }

// Analyzer is the layoutcheck analyzer with the default configuration,
// adjustable by its flags.
var Analyzer = NewAnalyzer(DefaultConfig())

// NewAnalyzer returns a layoutcheck analyzer with its own configuration,
// initialized from cfg and adjustable by the analyzer's flags. It fails
// only for an unknown arch name, which it reports by panicking; validate
// names with [ValidateArches] first.
func NewAnalyzer(cfg Config) *analysis.Analyzer {
	if err := ValidateArches(cfg.Arches); err != nil {
		panic(err)
	}
	c := &cfg
	c.Arches = append([]string(nil), cfg.Arches...)
	a := &analysis.Analyzer{
		Name:      "layoutcheck",
		Doc:       Doc,
		URL:       "https://pkg.go.dev/github.com/go-overlay/overlay/layout/layoutcheck",
		Requires:  []*analysis.Analyzer{inspect.Analyzer},
		FactTypes: []analysis.Fact{new(castUses)},
		Run:       func(pass *analysis.Pass) (any, error) { return run(pass, c) },
	}
	a.Flags.BoolVar(&c.ImplicitOrder, "implicit-order", c.ImplicitOrder,
		"report native multi-byte numbers in structs with no byte-order marker")
	a.Flags.BoolVar(&c.HostLayout, "hostlayout", c.HostLayout,
		"report structs without a _ structs.HostLayout field")
	a.Flags.BoolVar(&c.AllowMoves, "allow-moves", c.AllowMoves,
		"offer padding fixes that move fields on some arches (where the padding differs by arch)")
	a.Flags.BoolVar(&c.Unsafe, "unsafe", c.Unsafe,
		"also check the type T of every conversion of a pointer into byte memory to *T, as in (*T)(unsafe.Pointer(&b[0]))")
	a.Flags.Var((*archesFlag)(&c.Arches), "arches",
		"comma-separated GOARCHes to check (default: all of "+strings.Join(layout.AllArches.Names(), ",")+")")
	return a
}

// ValidateArches reports an error for a name that is not a GOARCH of
// layout.Arches.
func ValidateArches(names []string) error {
	for _, n := range names {
		if _, ok := layout.ArchByName(n); !ok {
			return fmt.Errorf("layoutcheck: unknown arch %q (known: %s)", n, strings.Join(layout.AllArches.Names(), ", "))
		}
	}
	return nil
}

type archesFlag []string

var _ flag.Value = (*archesFlag)(nil)

// String returns the arches as the flag takes them.
func (f *archesFlag) String() string { return strings.Join(*f, ",") }

// Set parses a comma-separated list of GOARCHes.
func (f *archesFlag) Set(s string) error {
	var names []string
	for n := range strings.SplitSeq(s, ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	if err := ValidateArches(names); err != nil {
		return err
	}
	*f = names
	return nil
}

// archSet returns the arches c selects.
func (c *Config) archSet() layout.ArchSet {
	if len(c.Arches) == 0 {
		return layout.AllArches
	}
	return layout.ArchSetOf(c.Arches...)
}

// reports tells whether findings of kind k are on.
func (c *Config) reports(k layout.ProblemKind) bool {
	switch k {
	case layout.ImplicitByteOrder:
		return c.ImplicitOrder
	case layout.NoHostLayout:
		return c.HostLayout
	}
	return true
}

// Category returns the diagnostic category of findings of kind k, the
// name //layoutcheck:ignore:<categories> accepts: [layout.ProblemKind.Category].
func Category(k layout.ProblemKind) string { return k.Category() }

// directiveCategory is the category of findings about //layoutcheck:
// comments themselves.
const directiveCategory = "directive"

// categories lists every category, for validating ignore directives.
var categories = func() map[string]bool {
	m := map[string]bool{directiveCategory: true, byteOrderCategory: true}
	for _, k := range layout.Kinds() {
		m[k.Category()] = true
	}
	return m
}()

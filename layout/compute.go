package layout

import (
	"encoding/binary"
	"math"
	"slices"
	"strings"
)

// An Order is the byte order a type declares for its native numbers.
type Order uint8

// Byte orders of a [Layout].
const (
	// OrderNone: the type holds no native multi-byte numbers and no marker,
	// so it reads the same on every host (bytes and endian types only).
	OrderNone Order = iota
	// OrderImplicit: native multi-byte numbers with no marker.
	OrderImplicit
	OrderBig    // declared by endian.Big
	OrderLittle // declared by endian.Little
	OrderNative // declared by endian.Native: host order on purpose
	// OrderConflict: both endian.Big and endian.Little appear.
	OrderConflict
)

// FitsHost reports whether a type declaring order o reads correctly on a
// host of arch a: a Big type only on big-endian arches, a Little type only
// on little-endian ones, a conflicting type nowhere, any other everywhere.
func (o Order) FitsHost(a Arch) bool {
	switch o {
	case OrderBig:
		return a.BigEndian
	case OrderLittle:
		return !a.BigEndian
	case OrderConflict:
		return false
	}
	return true
}

func (o Order) String() string {
	switch o {
	case OrderNone:
		return "none (no native multi-byte numbers)"
	case OrderImplicit:
		return "implicit (host order, undeclared)"
	case OrderBig:
		return "big endian"
	case OrderLittle:
		return "little endian"
	case OrderNative:
		return "native (host order)"
	case OrderConflict:
		return "conflicting"
	}
	return "Order(?)"
}

// A Leaf is a field of a layout that the engine does not split further: a
// number, an array, an endian type, a marker.
type Leaf struct {
	Path   string // dotted field path; "" when the type itself is not a struct
	Offset int64
	Size   int64
	Type   string
}

// A Span is a run of padding bytes on one arch.
type Span struct {
	Kind   ProblemKind // InteriorPadding, TrailingPadding or ZeroSizePadding
	Path   string      // as in [Problem]
	Offset int64       // in the first array element when Count > 1
	Size   int64
	Count  int64 // number of array elements that hold this span; 1 outside arrays
}

// A Layout is a type's memory layout on one arch, and its problems on every
// arch.
type Layout struct {
	Type *Type
	Arch Arch // the arch Size, Align, Fields and Padding describe
	// Size and Align are the type's size and alignment on Arch. Size is -1
	// when it overflows the address space of Arch, or cannot be known (the
	// type is reported Unsupported).
	Size, Align int64
	Order       Order
	Fields      []Leaf // in offset order
	Padding     []Span // on Arch, in offset order
	// Problems holds the problems on every arch in [Arches], errors first,
	// then by offset.
	Problems []Problem
}

// Err returns nil if the type can be overlaid: it has no error-kind
// problem on any arch. Otherwise it returns an *[Error].
func (l *Layout) Err() error {
	errs := l.Errors()
	if len(errs) == 0 {
		return nil
	}
	return &Error{Type: l.Type.String(), Problems: errs}
}

// Errors returns the error-kind problems: those that keep the type from
// being overlaid. It is empty exactly when [Layout.Err] is nil.
func (l *Layout) Errors() []Problem {
	var errs []Problem
	for _, p := range l.Problems {
		if !p.IsWarning() {
			errs = append(errs, p)
		}
	}
	return errs
}

// Warnings returns the warning-kind problems.
func (l *Layout) Warnings() []Problem {
	var ws []Problem
	for _, p := range l.Problems {
		if p.IsWarning() {
			ws = append(ws, p)
		}
	}
	return ws
}

// maxDepth bounds nesting, so a cyclic tree from broken code cannot recurse
// forever.
const maxDepth = 100

// Compute lays t out on arch and finds its problems on every arch in
// [Arches]. Offsets in problems are given for arch when the problem occurs
// there. t may be nil or malformed; the result then reports Unsupported.
func Compute(t *Type, arch Arch) *Layout {
	if t == nil {
		t = &Type{Kind: Invalid, Name: "<nil>"}
	}
	l := &Layout{Type: t, Arch: arch}
	m := merger{index: map[problemKey]int{}}
	order := []Arch{arch}
	for _, a := range Arches {
		if a.Name != arch.Name {
			order = append(order, a)
		}
	}
	// Sizes depend only on the word size and the maximum alignment, so
	// arches that share both share a calculator and its memo; a walk
	// depends on the arch only through its calculator and MaxSize, so one
	// walk finds the problems of every arch that shares all three.
	calcs := map[[2]int64]*calc{}
	sameWalk := func(a, b Arch) bool {
		return a.WordSize == b.WordSize && a.MaxAlign == b.MaxAlign && a.MaxSize == b.MaxSize
	}
	var walked ArchSet
	for i, a := range order {
		bit := archBit(a)
		if i > 0 && walked&bit != 0 {
			continue
		}
		for _, b := range Arches {
			if sameWalk(a, b) {
				bit |= archBit(b)
			}
		}
		walked |= bit
		c := calcs[[2]int64{a.WordSize, a.MaxAlign}]
		if c == nil {
			c = newCalc(a)
			calcs[[2]int64{a.WordSize, a.MaxAlign}] = c
		}
		w := walker{calc: c, arch: a, bit: bit, m: &m, first: i == 0}
		root := w.calc.of(t)
		tooLarge := !root.unknown && (root.size < 0 || root.size > a.MaxSize)
		switch {
		case root.unknown:
			// Some part has no known size: only Unsupported can be said
			// of it, not that it is too large, empty or padded.
		case tooLarge:
			m.add(a, w.bit, "", Problem{Kind: TooLarge, Type: t.String(), Offset: 0, Size: root.size, Count: 1})
		case root.size == 0:
			m.add(a, w.bit, "", Problem{Kind: ZeroSize, Type: t.String(), Count: 1})
		}
		w.sizesValid = !tooLarge && !root.unknown
		w.walk(t, "", 0, 1, NoMarker, 0)
		switch {
		case w.cyclic:
			m.add(a, w.bit, "", Problem{Kind: Unsupported, Type: t.String(), Count: 1, Detail: "the type is recursive or nested too deeply"})
		case root.unknown && !w.unsupported:
			m.add(a, w.bit, "", Problem{Kind: Unsupported, Type: t.String(), Count: 1, Detail: "its size could not be determined"})
		}
		if i == 0 {
			l.Size, l.Align = root.size, root.align
			if tooLarge || root.unknown {
				l.Size = -1
			}
			l.Fields, l.Padding = w.leaves, w.spans
			l.Order = w.order()
		}
	}
	if t.Kind != Struct {
		// Only a struct can declare a byte order; a bare number or array
		// says nothing either way. (Dropped after every arch is walked:
		// dropping after the first let the other arches add it back.)
		m.dropKind(ImplicitByteOrder)
	}
	l.Problems = m.sorted()
	return l
}

// sizeAlign is a type's size and alignment on one arch; size < 0 means
// overflow. unknown is set when the type holds an Invalid node, or is
// recursive or nested too deeply: its size and alignment are then
// placeholders, and nothing may be derived from them.
type sizeAlign struct {
	size, align int64
	unknown     bool
}

var unknownSize = sizeAlign{0, 1, true}

// calc computes sizes and alignments on one arch with the rules of gc
// (go/types' gcSizes), memoised per node.
type calc struct {
	arch  Arch
	memo  map[*Type]sizeAlign
	depth int
}

func newCalc(a Arch) *calc { return &calc{arch: a, memo: map[*Type]sizeAlign{}} }

var inProgress = sizeAlign{-2, 1, true}

func (c *calc) of(t *Type) sizeAlign {
	if t == nil {
		return unknownSize
	}
	if v, ok := c.memo[t]; ok {
		if v == inProgress {
			return unknownSize
		}
		return v
	}
	if c.depth >= maxDepth {
		return unknownSize
	}
	c.depth++
	c.memo[t] = inProgress
	v := c.compute(t)
	c.memo[t] = v
	c.depth--
	return v
}

func (c *calc) basicAlign(size int64) int64 {
	return max(1, min(size, c.arch.MaxAlign))
}

func (c *calc) compute(t *Type) sizeAlign {
	w := c.arch.WordSize
	if n, ok := t.Kind.fixedSize(); ok {
		a := n
		if t.Kind == Complex64 || t.Kind == Complex128 {
			a = n / 2
		}
		return sizeAlign{n, c.basicAlign(a), false}
	}
	switch t.Kind {
	case Int, Uint, Uintptr, Pointer, UnsafePointer, Map, Chan, Func:
		return sizeAlign{w, w, false}
	case String, Interface:
		return sizeAlign{2 * w, w, false}
	case Slice:
		return sizeAlign{3 * w, w, false}
	case Array:
		e := c.of(t.Elem)
		switch {
		case e.unknown:
			return unknownSize
		case t.Len <= 0 || e.size == 0:
			return sizeAlign{0, e.align, false}
		case e.size < 0 || t.Len > math.MaxInt64/e.size:
			return sizeAlign{-1, e.align, false}
		}
		return sizeAlign{e.size * t.Len, e.align, false}
	case Struct:
		switch t.Marker {
		case Align64:
			return sizeAlign{0, 8, false}
		case NoMarker:
		default:
			return sizeAlign{0, 1, false}
		}
		for _, f := range t.Fields {
			if c.of(f.Type).unknown {
				return unknownSize
			}
		}
		_, size, align := c.structLayout(t)
		return sizeAlign{size, align, false}
	}
	return unknownSize // Invalid, or a Kind no front end makes
}

// structLayout returns the field offsets, size and alignment of a struct
// (size < 0 on overflow), following gc: each field at the next multiple of
// its alignment, a trailing zero-size field at a non-zero offset counted as
// one byte, and the size rounded up to the struct's alignment.
func (c *calc) structLayout(t *Type) (offs []int64, size, align int64) {
	align = 1
	offs = make([]int64, len(t.Fields))
	var off int64
	var last sizeAlign
	for i, f := range t.Fields {
		fa := c.of(f.Type)
		align = max(align, fa.align)
		if off >= 0 {
			off = alignUp(off, fa.align)
		}
		offs[i] = off
		last = fa
		if off >= 0 && fa.size >= 0 && off <= math.MaxInt64-fa.size {
			off += fa.size
		} else {
			off = -1
		}
	}
	if len(t.Fields) == 0 {
		return offs, 0, align
	}
	if off < 0 {
		return offs, -1, align
	}
	if lastOff := offs[len(offs)-1]; lastOff > 0 && last.size == 0 {
		off++
	}
	if off > math.MaxInt64-align {
		return offs, -1, align
	}
	return offs, alignUp(off, align), align
}

// FieldOffsets returns the offsets of the fields of struct t on arch a,
// in declaration order, relative to the start of t (-1 where an offset
// overflows), or nil if t is not a struct. It tells apart fields that a
// [Problem] path cannot, such as several blank fields.
func FieldOffsets(t *Type, a Arch) []int64 {
	if t == nil || t.Kind != Struct || t.Marker != NoMarker {
		return nil
	}
	offs, _, _ := newCalc(a).structLayout(t)
	return offs
}

func alignUp(n, a int64) int64 {
	if a <= 1 || n < 0 {
		return n
	}
	return (n + a - 1) / a * a
}

// walker visits a tree on one arch, collecting leaves and padding (on the
// first arch only) and problems (on every arch).
type walker struct {
	calc        *calc
	arch        Arch
	bit         ArchSet // the arches this walk stands for: arch and those laid out alike
	m           *merger
	first       bool
	sizesValid  bool
	cyclic      bool
	unsupported bool // an Unsupported problem was reported
	stack       []*Type
	inArray     int   // how many arrays of structs enclose the node being walked
	index       []int // field indexes from the root to the node being walked

	leaves []Leaf
	spans  []Span

	firstMarker     Marker
	firstMarkerPath string
	sawBig, sawLit  bool
	sawNative       bool
	sawNumber       bool
}

func (w *walker) order() Order {
	switch {
	case w.sawBig && w.sawLit:
		return OrderConflict
	case w.sawBig:
		return OrderBig
	case w.sawLit:
		return OrderLittle
	case w.sawNative:
		return OrderNative
	case w.sawNumber:
		return OrderImplicit
	}
	return OrderNone
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// noElements reports whether array t, or an array nested in it, has
// length 0, so that t holds no element.
func noElements(t *Type) bool {
	for i := 0; t != nil && t.Kind == Array && i < maxDepth; i++ {
		if t.Len <= 0 {
			return true
		}
		t = t.Elem
	}
	return false
}

// innermost strips array types off t.
func innermost(t *Type) *Type {
	for i := 0; t != nil && t.Kind == Array && i < maxDepth; i++ {
		t = t.Elem
	}
	return t
}

func (w *walker) leaf(path string, off, size int64, t *Type) {
	// An array is one leaf, so the fields of its elements are not leaves,
	// even when it has a single element.
	if w.first && w.inArray == 0 {
		w.leaves = append(w.leaves, Leaf{Path: path, Offset: off, Size: size, Type: t.String()})
	}
}

func (w *walker) problem(p Problem) { w.m.add(w.arch, w.bit, w.where(), p) }

// where encodes the field indexes of the node being visited.
func (w *walker) where() string {
	var b []byte
	for _, i := range w.index {
		b = binary.AppendUvarint(b, uint64(i))
	}
	return string(b)
}

func (w *walker) padding(kind ProblemKind, path, typ string, off, size, count int64) {
	if !w.sizesValid || size <= 0 || count <= 0 {
		return
	}
	if w.first {
		w.spans = append(w.spans, Span{Kind: kind, Path: path, Offset: off, Size: size, Count: count})
	}
	w.problem(Problem{Kind: kind, Path: path, Type: typ, Offset: off, Size: size, Count: count})
}

// walk visits t at offset off. count is how many array elements t stands
// for (1 outside arrays, 0 inside a zero-length array); scope is the
// byte-order marker in force.
func (w *walker) walk(t *Type, path string, off, count int64, scope Marker, depth int) {
	if t == nil {
		t = &Type{Kind: Invalid, Name: "<nil>"}
	}
	if depth > maxDepth || slices.Contains(w.stack, t) {
		w.cyclic = true
		return
	}
	sa := w.calc.of(t)
	switch {
	case t.Kind == Struct && t.Marker == NoMarker:
		w.stack = append(w.stack, t)
		w.walkStruct(t, path, off, count, scope, depth)
		w.stack = w.stack[:len(w.stack)-1]
	case t.Kind == Array:
		if count == 1 {
			w.leaf(path, off, sa.size, t)
		}
		in := innermost(t)
		if in != nil && in.Kind == Struct && in.Marker == NoMarker {
			// Structs inside arrays are walked in their first element
			// and stand for every element.
			w.stack = append(w.stack, t)
			w.inArray++
			w.walk(t.Elem, path+"[0]", off, count*max(t.Len, 0), scope, depth+1)
			w.inArray--
			w.stack = w.stack[:len(w.stack)-1]
			return
		}
		// An array of numbers (or of anything else) is judged by its
		// element kind but reported as the array.
		if in == nil || in.Kind == Array {
			w.cyclic = true
			return
		}
		if noElements(t) {
			count = 0
		}
		w.rules(in, t, path, off, sa.size, count, scope)
	default:
		if count == 1 {
			w.leaf(path, off, sa.size, t)
		}
		w.rules(t, t, path, off, sa.size, count, scope)
	}
}

// rules applies the per-kind rules to a leaf of kind k.Kind, reporting it
// as shown (the leaf itself or the array holding it).
func (w *walker) rules(k, shown *Type, path string, off, size, count int64, scope Marker) {
	p := Problem{Path: path, Type: shown.String(), Offset: off, Size: size, Count: max(count, 1)}
	switch {
	case k.Kind == Invalid || k.Kind > Struct:
		p.Kind, p.Detail = Unsupported, "its type could not be determined"
		w.unsupported = true
	case count == 0:
		// Inside an array of no elements: there is no value to be
		// invalid, and no number to have a byte order.
		return
	case k.Kind.isPointerish():
		p.Kind = PointerField
	case k.Kind == Bool:
		p.Kind = BoolField
	case k.Kind == Int || k.Kind == Uint || k.Kind == Uintptr:
		p.Kind = PlatformSized
	case k.Kind.isMultiByteNumber():
		w.sawNumber = true
		if scope != NoMarker {
			return
		}
		p.Kind = ImplicitByteOrder
	default:
		return
	}
	w.problem(p)
}

func (w *walker) walkStruct(t *Type, path string, off, count int64, scope Marker, depth int) {
	offs, size, align := w.calc.structLayout(t)
	// A byte-order marker among the fields sets the scope for the struct
	// and everything nested in it.
	fields, hasHostLayout := 0, false
	if len(t.Fields) == 0 && count == 1 {
		w.leaf(path, off, 0, t)
	}
	for i, f := range t.Fields {
		m := markerOf(f.Type)
		switch {
		case m == HostLayout:
			hasHostLayout = true
		case m.isByteOrder():
			w.index = append(w.index, i)
			w.marker(m, join(path, f.Name), off+offs[i], f.Type)
			w.index = w.index[:len(w.index)-1]
			if scope == NoMarker || scope == Native {
				scope = m
			}
		case m == NoMarker:
			fields++
		}
	}
	if !hasHostLayout && fields >= 2 {
		w.problem(Problem{Kind: NoHostLayout, Path: path, Type: t.String(), Offset: off, Size: size, Count: max(count, 1)})
	}
	valid := w.sizesValid && size >= 0 && off >= 0
	end := off
	for i, f := range t.Fields {
		fp := join(path, f.Name)
		// Offsets are measured even where the type is too large for the
		// arch; only an offset that overflows int64 is unknown (-1).
		fo := off + offs[i]
		if off < 0 || offs[i] < 0 || offs[i] > math.MaxInt64-off {
			fo = -1
		}
		fs := w.calc.of(f.Type).size
		w.index = append(w.index, i)
		if valid && fo > end {
			w.padding(InteriorPadding, fp, f.Type.String(), end, fo-end, count)
		}
		w.walk(f.Type, fp, fo, count, scope, depth+1)
		w.index = w.index[:len(w.index)-1]
		if valid && fs >= 0 {
			end = fo + fs
		}
	}
	if !valid || end >= off+size {
		return
	}
	n := len(t.Fields)
	// The padding is the zero-size field's doing only if the struct would
	// end sooner without the byte gc adds for it.
	if last := t.Fields[n-1]; offs[n-1] > 0 && w.calc.of(last.Type).size == 0 && alignUp(offs[n-1], align) < size {
		w.index = append(w.index, n-1)
		w.padding(ZeroSizePadding, join(path, last.Name), last.Type.String(), end, off+size-end, count)
		w.index = w.index[:len(w.index)-1]
		return
	}
	w.padding(TrailingPadding, path, t.String(), end, off+size-end, count)
}

// markerOf returns the marker of t, or NoMarker.
func markerOf(t *Type) Marker {
	if t == nil || t.Kind != Struct {
		return NoMarker
	}
	return t.Marker
}

func (w *walker) marker(m Marker, path string, off int64, t *Type) {
	switch m {
	case Big:
		w.sawBig = true
	case Little:
		w.sawLit = true
	case Native:
		w.sawNative = true
	}
	if m == Native {
		return
	}
	if w.firstMarker == NoMarker {
		w.firstMarker, w.firstMarkerPath = m, path
		return
	}
	if m != w.firstMarker {
		w.problem(Problem{Kind: MarkerConflict, Path: path, Type: t.String(), Offset: off, Count: 1, Detail: w.firstMarkerPath + " (" + w.firstMarker.String() + ")"})
	}
}

// A problemKey identifies a problem across arches. Paths alone are
// ambiguous when blank fields repeat (two "_ bool" fields in one struct), so
// the key also holds the field indexes leading to the problem.
type problemKey struct {
	kind  ProblemKind
	path  string
	where string // field indexes, as from walker.where
}

// merger folds the problems found on each arch into one list, keeping the
// offsets of the first arch that reports each.
type merger struct {
	list  []Problem
	keys  []problemKey // keys[i] is the key of list[i]
	index map[problemKey]int
}

func (m *merger) add(a Arch, bit ArchSet, where string, p Problem) {
	k := problemKey{p.Kind, p.Path, where}
	if i, ok := m.index[k]; ok {
		m.list[i].Arches |= bit
		return
	}
	p.Arch, p.Arches = a.Name, bit
	if p.Count == 0 {
		p.Count = 1
	}
	m.index[k] = len(m.list)
	m.list = append(m.list, p)
	m.keys = append(m.keys, k)
}

func (m *merger) dropKind(k ProblemKind) {
	m.list = slices.DeleteFunc(m.list, func(p Problem) bool { return p.Kind == k })
	m.keys = slices.DeleteFunc(m.keys, func(pk problemKey) bool { return pk.kind == k })
	clear(m.index)
	for i, pk := range m.keys {
		m.index[pk] = i
	}
}

func (m *merger) sorted() []Problem {
	// Implicit byte order is one finding per type, not one per field.
	seenImplicit := false
	list := slices.DeleteFunc(slices.Clone(m.list), func(p Problem) bool {
		if p.Kind != ImplicitByteOrder {
			return false
		}
		drop := seenImplicit
		seenImplicit = true
		return drop
	})
	slices.SortStableFunc(list, func(a, b Problem) int {
		if a.IsWarning() != b.IsWarning() {
			if a.IsWarning() {
				return 1
			}
			return -1
		}
		if a.Offset != b.Offset {
			if a.Offset < b.Offset {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Path, b.Path)
	})
	return list
}

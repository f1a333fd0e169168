package layout

import (
	"fmt"
	"slices"
	"strconv"
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
	// OrderConflict: no host can read the type: endian.Big and
	// endian.Little both appear, or one struct declares two different
	// byte orders. endian.Native in one struct and endian.Big (or Little)
	// in a struct nested in it, or the reverse, is no conflict: each
	// struct's numbers are in the order it declares, and the type fits the
	// hosts of the declared order ([OrderBig] or [OrderLittle]). The same
	// two markers in one struct are: its numbers cannot be in both.
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
	Index  []int  // Path as field indexes, as in [Problem]
	Offset int64
	Size   int64
	Type   string
}

// A Span is a run of padding bytes on one arch.
type Span struct {
	Kind   ProblemKind // InteriorPadding, TrailingPadding or ZeroSizePadding
	Path   string      // as in [Problem]
	Index  []int       // as in [Problem]
	Offset int64       // in the first array element when Count > 1
	Size   int64
	Count  int64 // number of array elements that hold this span; 1 outside arrays
}

// A Layout is a type's memory layout on one arch, and its problems on a
// set of arches.
type Layout struct {
	Type *Type
	Arch Arch // the arch Size, Align, Fields and Padding describe
	// Arches is the set of arches Problems were looked for on.
	Arches ArchSet
	// Size and Align are the type's size and alignment on Arch. Size is -1
	// when it overflows the address space of Arch, or cannot be known (the
	// type is reported Unsupported).
	Size, Align int64
	Order       Order
	// Fields and Padding list the leaves and padding on Arch, in offset
	// order. [Assess] leaves them nil: a type built from shared structs
	// can have exponentially many.
	Fields  []Leaf
	Padding []Span
	// Problems holds the problems on every arch of Arches, errors first,
	// then by offset. A problem of a struct used at several places of the
	// type is listed once, at its first path (see [Problem.Paths]).
	Problems []Problem
	// Invalid reports that the tree holds an [Invalid] node: a front end
	// could not describe part of the type (broken code, type parameters).
	Invalid bool
}

// A calcCache holds a calculator per size model, shared by the queries of
// one computation so that each struct is laid out once per model.
type calcCache map[[3]int64]*calc

func (cc calcCache) get(a Arch) *calc {
	k := [3]int64{a.WordSize, a.MaxAlign, a.MaxStructSize}
	if cc[k] == nil {
		cc[k] = newCalc(a)
	}
	return cc[k]
}

// Err returns nil if the type can be overlaid: it has no error-kind
// problem on any arch. Otherwise it returns an *[Error] listing all of
// them.
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

// MaxDepth is how deeply a type may nest: the number of struct and array
// types from the outermost one down to its deepest field, both front ends
// counting the same way (a named type is the node of its underlying type,
// not a level of its own). A deeper type is reported [Unsupported].
const MaxDepth = 100

// Compute lays t out on arch and finds its problems on every arch in
// [Arches]. t may be nil or malformed; the result then reports Unsupported.
func Compute(t *Type, arch Arch) *Layout { return ComputeFor(t, arch, AllArches) }

// ComputeFor lays t out on arch, listing its fields and padding there, and
// finds its problems on the arches of set. Problems give their offset and
// size on arch when they occur there, and on every arch in
// [Problem.Figures].
func ComputeFor(t *Type, arch Arch, set ArchSet) *Layout {
	cc := calcCache{}
	l := assess(t, arch, set, cc)
	if h, cyclic, _ := measureTree(l.Type); cyclic || h > MaxDepth {
		return l
	}
	c := cc.get(arch)
	if c.of(l.Type).unknown {
		return l
	}
	// Leaves are listed even for a type too large for arch; padding only
	// where offsets mean something.
	col := collector{calc: c, l: l, valid: l.Size >= 0}
	col.walk(l.Type, "", nil, 0, 1, false)
	return l
}

// Assess is [ComputeFor] without [Layout.Fields] and [Layout.Padding]: its
// cost is linear in the number of distinct types in t, however often they
// are used. Package cast uses it.
func Assess(t *Type, arch Arch, set ArchSet) *Layout { return assess(t, arch, set, calcCache{}) }

func assess(t *Type, arch Arch, set ArchSet, cc calcCache) *Layout {
	if t == nil {
		t = &Type{Kind: Invalid, Name: "<nil>"}
	}
	l := &Layout{Type: t, Arch: arch, Arches: set, Size: -1, Align: 1}
	m := merger{index: map[string]int{}, primary: arch.Name, root: t}
	height, cyclic, invalid := measureTree(t)
	l.Invalid = invalid
	if cyclic || height > MaxDepth {
		detail := "the type is recursive"
		if !cyclic {
			detail = fmt.Sprintf("the type is nested %d levels deep, more than the limit of %d", height, MaxDepth)
		}
		if set != 0 {
			m.add(arch.Name, set, finding{kind: Unsupported, typ: t.String(), count: 1, paths: 1, detail: detail})
		}
		l.Problems = m.sorted()
		return l
	}
	walkers := map[*calc]*walker{} // summaries depend on the calculator only
	for _, g := range walkGroups(arch, set, cc.get) {
		w := walkers[g.calc]
		if w == nil {
			w = &walker{calc: g.calc, memo: map[memoKey]*summary{}}
			walkers[g.calc] = w
		}
		root := g.calc.of(t)
		s := w.summarize(t, false)
		if g.first {
			l.Size, l.Align = root.size, root.align
			if root.unknown || !fits(root, g.arch) {
				l.Size = -1
			}
			l.Order = s.order()
		}
		if g.bits == 0 {
			continue // the primary arch, not asked about
		}
		m.addRoot(g, t, root, s)
	}
	if t.Kind != Struct {
		// Only a struct can declare a byte order; a bare number or array
		// says nothing either way.
		m.dropKind(ImplicitByteOrder)
	}
	l.Problems = m.sorted()
	for i := range l.Problems {
		if p := &l.Problems[i]; p.Kind.IsPadding() {
			if f, ok := l.fix(*p, cc); ok {
				p.Fix = &f
			}
		}
	}
	return l
}

// fits reports whether a type of measure sa fits arch a's address space.
func fits(sa sizeAlign, a Arch) bool {
	return sa.size >= 0 && sa.size <= a.MaxSize && !sa.bigStruct
}

// A walkGroup is a set of arches that one walk stands for: sizes depend
// only on the word size and the maximum alignment, and a walk on the arch
// only through its sizes and limits.
type walkGroup struct {
	arch  Arch    // the arch that represents the group
	bits  ArchSet // the arches of the set it stands for
	calc  *calc
	first bool // the group of the primary arch
}

func walkGroups(primary Arch, set ArchSet, calcOf func(Arch) *calc) []walkGroup {
	same := func(a, b Arch) bool {
		return a.WordSize == b.WordSize && a.MaxAlign == b.MaxAlign && a.MaxSize == b.MaxSize && a.MaxStructSize == b.MaxStructSize
	}
	groups := []walkGroup{{arch: primary, calc: calcOf(primary), first: true}}
	var done ArchSet
	for i, a := range Arches {
		bit := ArchSet(1) << i
		if set&bit == 0 || done&bit != 0 {
			continue
		}
		g := walkGroup{arch: a, calc: calcOf(a)}
		gi := -1
		if same(a, primary) {
			gi = 0
		}
		for j, b := range Arches {
			if set&(1<<j) != 0 && same(a, b) {
				g.bits |= 1 << j
			}
		}
		done |= g.bits
		if gi == 0 {
			groups[0].bits = g.bits
			continue
		}
		groups = append(groups, g)
	}
	return groups
}

// measureTree returns how many struct and array levels t nests, whether it
// contains itself, and whether it holds an Invalid node, visiting each
// distinct node once.
func measureTree(t *Type) (height int, cyclic, invalid bool) {
	const busy = -1
	memo := map[*Type]int{}
	var visit func(t *Type) int
	visit = func(t *Type) int {
		if t == nil || t.Kind == Invalid || t.Kind > Struct {
			invalid = true
			return 0
		}
		if h, ok := memo[t]; ok {
			if h == busy {
				cyclic = true
				return 0
			}
			return h
		}
		memo[t] = busy
		h := 0
		switch {
		case t.Kind == Array:
			h = 1 + visit(t.Elem)
		case t.Kind == Struct && t.Marker == NoMarker:
			h = 1
			for _, f := range t.Fields {
				h = max(h, 1+visit(f.Type))
			}
		}
		memo[t] = h
		return h
	}
	height = visit(t)
	return height, cyclic, invalid
}

// sizeAlign is a type's size and alignment on one arch; size < 0 means
// overflow. unknown is set when the type holds an Invalid node, or is
// recursive or nested too deeply: its size and alignment are then
// placeholders, and nothing may be derived from them. bigStruct is set
// when the type is or holds a struct larger than the arch's MaxStructSize.
type sizeAlign struct {
	size, align int64
	unknown     bool
	bigStruct   bool
}

var unknownSize = sizeAlign{size: 0, align: 1, unknown: true}

// calc computes sizes and alignments on one arch with the rules of gc
// (go/types' gcSizes), memoised per node.
type calc struct {
	arch   Arch
	memo   map[*Type]sizeAlign
	shapes map[*Type]*structShape
	pads   map[*Type]int64
	depth  int
}

func newCalc(a Arch) *calc {
	return &calc{arch: a, memo: map[*Type]sizeAlign{}, shapes: map[*Type]*structShape{}, pads: map[*Type]int64{}}
}

var inProgress = sizeAlign{size: -2, align: 1, unknown: true}

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
	if c.depth > MaxDepth+1 {
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
		return sizeAlign{size: n, align: c.basicAlign(a)}
	}
	switch t.Kind {
	case Int, Uint, Uintptr, Pointer, UnsafePointer, Map, Chan, Func:
		return sizeAlign{size: w, align: w}
	case String, Interface:
		return sizeAlign{size: 2 * w, align: w}
	case Slice:
		return sizeAlign{size: 3 * w, align: w}
	case Array:
		e := c.of(t.Elem)
		switch {
		case e.unknown:
			return unknownSize
		case t.Len <= 0 || e.size == 0:
			return sizeAlign{size: 0, align: e.align, bigStruct: e.bigStruct}
		case e.size < 0 || t.Len > maxInt64/e.size:
			return sizeAlign{size: -1, align: e.align, bigStruct: e.bigStruct}
		}
		return sizeAlign{size: e.size * t.Len, align: e.align, bigStruct: e.bigStruct}
	case Struct:
		switch t.Marker {
		case Align64:
			return sizeAlign{size: 0, align: 8}
		case NoMarker:
		default:
			return sizeAlign{size: 0, align: 1}
		}
		big := false
		for _, f := range t.Fields {
			fa := c.of(f.Type)
			if fa.unknown {
				return unknownSize
			}
			big = big || fa.bigStruct
		}
		sh := c.shape(t)
		big = big || sh.size < 0 || sh.size > c.arch.MaxStructSize
		return sizeAlign{size: sh.size, align: sh.align, bigStruct: big}
	}
	return unknownSize // Invalid, or a Kind no front end makes
}

const maxInt64 = 1<<63 - 1

// structShape is the layout of one struct on one arch: the rule of gc for
// field offsets, and the gaps it leaves. Every front end question about
// offsets and gaps, and every padding rule, reads it.
type structShape struct {
	offs        []int64 // field offsets; -1 where an offset overflows
	size, align int64   // size < 0 on overflow
	// before[i] is the gap before field i; trail the gap after the last
	// field, up to size. Both are 0 where sizes overflow.
	before []int64
	trail  int64
	// trailEnd is where the gap at the end starts.
	trailEnd int64
	// zeroSizeTrail says the trailing gap exists because the struct ends
	// in a zero-size field: without the byte gc adds for it, the struct
	// would end sooner.
	zeroSizeTrail bool
}

// shape lays out struct t following gc: each field at the next multiple
// of its alignment, a trailing zero-size field at a non-zero offset
// counted as one byte, and the size rounded up to the struct's alignment.
func (c *calc) shape(t *Type) *structShape {
	if sh, ok := c.shapes[t]; ok {
		return sh
	}
	n := len(t.Fields)
	sh := &structShape{offs: make([]int64, n), before: make([]int64, n), align: 1}
	var off, end int64
	var last sizeAlign
	for i, f := range t.Fields {
		fa := c.of(f.Type)
		sh.align = max(sh.align, fa.align)
		if off >= 0 {
			off = alignUp(off, fa.align)
		}
		sh.offs[i] = off
		if off >= 0 && end >= 0 && off > end {
			sh.before[i] = off - end
		}
		last = fa
		if off >= 0 && fa.size >= 0 && off <= maxInt64-fa.size {
			off += fa.size
		} else {
			off = -1
		}
		end = off
	}
	switch {
	case n == 0:
		sh.size = 0
	case off < 0:
		sh.size = -1
	default:
		if lastOff := sh.offs[n-1]; lastOff > 0 && last.size == 0 {
			off++
		}
		if off > maxInt64-sh.align {
			sh.size = -1
		} else {
			sh.size = alignUp(off, sh.align)
		}
	}
	if sh.size < 0 {
		clear(sh.before)
	} else if n > 0 && end < sh.size {
		sh.trail, sh.trailEnd = sh.size-end, end
		lastOff := sh.offs[n-1]
		sh.zeroSizeTrail = lastOff > 0 && last.size == 0 && alignUp(lastOff, sh.align) < sh.size
	}
	c.shapes[t] = sh
	return sh
}

// padBytes returns the padding bytes of t on the calc's arch, in every
// array element and at every use of a shared struct, visiting each
// distinct node once (-1 when sizes overflow).
func (c *calc) padBytes(t *Type) int64 {
	if t == nil {
		return 0
	}
	if n, ok := c.pads[t]; ok {
		return n
	}
	c.pads[t] = 0 // a cycle adds nothing; Assess reports it
	var n int64
	switch {
	case t.Kind == Array:
		e := c.padBytes(t.Elem)
		switch {
		case e < 0:
			n = -1
		case t.Len > 0 && e > 0:
			n = satMul(e, t.Len)
		}
	case t.Kind == Struct && t.Marker == NoMarker:
		sh := c.shape(t)
		if sh.size < 0 {
			n = -1
			break
		}
		n = sh.trail
		for i, f := range t.Fields {
			fp := c.padBytes(f.Type)
			if fp < 0 {
				n = -1
				break
			}
			n = satAdd(n, satAdd(sh.before[i], fp))
		}
	}
	c.pads[t] = n
	return n
}

func satAdd(a, b int64) int64 {
	if a < 0 || b < 0 {
		return -1
	}
	if a > maxInt64-b {
		return maxInt64
	}
	return a + b
}

func satMul(a, b int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	if a > maxInt64/b {
		return maxInt64
	}
	return a * b
}

func alignUp(n, a int64) int64 {
	if a <= 1 || n < 0 {
		return n
	}
	return (n + a - 1) / a * a
}

// A Shape is a type's layout on one arch, without its problems: what a
// front end asks when it needs one figure, such as the size of a field's
// type or the gaps of one struct.
type Shape struct {
	// Size and Align of the type; Size is -1 when it overflows int64.
	Size, Align int64
	// Known is false when the size cannot be known: the type holds an
	// Invalid node or contains itself.
	Known bool
	// Offsets of a struct's fields, in declaration order, relative to the
	// start of the struct (-1 where an offset overflows); nil for other
	// types.
	Offsets []int64
	// Gaps of a struct: Gaps[i] is the padding before field i, and
	// Gaps[len(Fields)] the padding after the last field; nil for other
	// types, and all 0 when the size overflows.
	Gaps []int64
	// Padding is the number of padding bytes in the whole type, in every
	// array element and nested struct (-1 when sizes overflow).
	Padding int64
}

// ShapeOf returns the shape of t on arch a.
func ShapeOf(t *Type, a Arch) Shape {
	if _, cyclic, _ := measureTree(t); cyclic {
		return Shape{Size: -1, Align: 1}
	}
	c := newCalc(a)
	sa := c.of(t)
	s := Shape{Size: sa.size, Align: sa.align, Known: !sa.unknown}
	if !s.Known {
		return s
	}
	s.Padding = c.padBytes(t)
	if t.Kind == Struct && t.Marker == NoMarker {
		sh := c.shape(t)
		s.Offsets = slices.Clone(sh.offs)
		s.Gaps = append(slices.Clone(sh.before), sh.trail)
	}
	return s
}

// FieldOffsets returns the offsets of the fields of struct t on arch a:
// [ShapeOf](t, a).Offsets.
func FieldOffsets(t *Type, a Arch) []int64 { return ShapeOf(t, a).Offsets }

// noElements reports whether array t, or an array nested in it, has
// length 0, so that t holds no element.
func noElements(t *Type) bool {
	for i := 0; t != nil && t.Kind == Array && i <= MaxDepth; i++ {
		if t.Len <= 0 {
			return true
		}
		t = t.Elem
	}
	return false
}

// Innermost returns t with array types stripped off: the element type of
// an array of arrays, t itself for any other type.
func (t *Type) Innermost() *Type {
	for i := 0; t != nil && t.Kind == Array && i <= MaxDepth; i++ {
		t = t.Elem
	}
	return t
}

// At returns the type that index leads to from t, as [Problem.Index]
// gives it: each index selects a field of the struct reached so far,
// after passing through arrays to their element type. It returns nil for
// an index path that does not fit t.
func (t *Type) At(index []int) *Type {
	for _, i := range index {
		s := t.Innermost()
		if s == nil || s.Kind != Struct || i < 0 || i >= len(s.Fields) {
			return nil
		}
		t = s.Fields[i].Type
	}
	return t
}

// markerOf returns the marker of t, or NoMarker.
func markerOf(t *Type) Marker {
	if t == nil || t.Kind != Struct {
		return NoMarker
	}
	return t.Marker
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// An origin identifies the rule that found a problem: the struct and its
// field (-1 for the struct itself) the rule looked at. A struct used at
// several places of a type yields the same origin at each; the problem is
// reported once.
type origin struct {
	node  *Type
	field int
	kind  ProblemKind
}

// A finding is a problem relative to the node it was found in.
type finding struct {
	kind   ProblemKind
	index  []int // the field indexes below the node; the path is derived from them (pathAt)
	typ    string
	off    int64 // from the start of the node; -1 when it overflows
	size   int64
	count  int64 // array elements at the first path
	paths  int64 // field paths at which it occurs
	detail string
	origin origin
}

// A markerUse is a byte-order marker field found below a node.
type markerUse struct {
	marker Marker
	index  []int
	typ    string
	off    int64
	origin origin
}

// A summary is what one walk found in a node: its problems relative to it,
// its byte-order markers in field order, and whether it holds native
// multi-byte numbers. The walk computes it once per node and scope.
type summary struct {
	finds    []finding
	markers  []markerUse
	numbers  bool
	conflict bool // a struct declares two different byte orders
}

func (s *summary) order() Order {
	seen := map[Marker]bool{}
	for _, m := range s.markers {
		seen[m.marker] = true
	}
	switch {
	case s.conflict || seen[Big] && seen[Little]:
		return OrderConflict
	case seen[Big]:
		return OrderBig
	case seen[Little]:
		return OrderLittle
	case seen[Native]:
		return OrderNative
	case s.numbers:
		return OrderImplicit
	}
	return OrderNone
}

type memoKey struct {
	t      *Type
	scoped bool // a byte-order marker is in force
}

// walker finds the problems of a tree on one group of arches, computing
// the summary of each distinct node (and scope) once.
type walker struct {
	calc *calc
	memo map[memoKey]*summary
}

var noSummary = &summary{}

func (w *walker) summarize(t *Type, scoped bool) *summary {
	k := memoKey{t, scoped}
	if s, ok := w.memo[k]; ok {
		return s
	}
	w.memo[k] = noSummary // only a cycle finds it, and Assess refused cycles
	var s *summary
	switch {
	case t == nil:
		s = w.leafSummary(&Type{Kind: Invalid, Name: "<nil>"}, scoped)
	case t.Kind == Struct && t.Marker == NoMarker:
		s = w.structSummary(t, scoped)
	case t.Kind == Array && t.Innermost() != nil && t.Innermost().Kind == Struct && t.Innermost().Marker == NoMarker:
		s = w.arraySummary(t, scoped)
	default:
		// A leaf, or an array of leaves: judged by the element kind,
		// reported as the array.
		s = w.leafSummary(t, scoped)
	}
	w.memo[k] = s
	return s
}

// arraySummary walks the first element of an array of structs, which
// stands for every element.
func (w *walker) arraySummary(t *Type, scoped bool) *summary {
	e := w.summarize(t.Elem, scoped)
	s := &summary{}
	if t.Len <= 0 {
		// No element: no value to be invalid, no padding, no number to
		// have a byte order and no marker to declare one. What is wrong
		// with the element type itself is still said.
		for _, f := range e.finds {
			if f.kind == Unsupported || f.kind == NoHostLayout || f.kind.IsBits() {
				f.count = 1
				s.finds = append(s.finds, f)
			}
		}
		return s
	}
	s.numbers, s.conflict = e.numbers, e.conflict
	for _, f := range e.finds {
		f.count = satMul(f.count, t.Len)
		s.finds = append(s.finds, f)
	}
	s.markers = e.markers
	return s
}

// leafSummary applies the per-kind rules to a leaf, or to the element kind
// of an array of leaves.
func (w *walker) leafSummary(t *Type, scoped bool) *summary {
	s := &summary{}
	k := t.Innermost()
	f := finding{typ: t.String(), size: w.calc.of(t).size, count: 1, paths: 1}
	switch {
	case k == nil || k.Kind == Invalid || k.Kind > Struct:
		f.kind, f.detail = Unsupported, "its type could not be determined"
	case noElements(t):
		return s
	case k.Kind.isPointerish():
		f.kind = PointerField
	case k.Kind == Bool:
		f.kind = BoolField
	case k.Kind == Int || k.Kind == Uint || k.Kind == Uintptr:
		f.kind = PlatformSized
	case k.Kind.isMultiByteNumber():
		s.numbers = true
		if scoped {
			return s
		}
		f.kind = ImplicitByteOrder
	default:
		return s
	}
	s.finds = append(s.finds, f)
	return s
}

// structSummary applies the struct rules (HostLayout, markers, padding)
// and gathers what the fields hold.
func (w *walker) structSummary(t *Type, scoped bool) *summary {
	b := &structBuild{t: t, sh: w.calc.shape(t), s: &summary{}, seen: map[origin]int{}, seenMarker: map[origin]bool{}}
	scoped = b.markers() || scoped
	b.bits(w.calc)
	for i, f := range t.Fields {
		if g := b.sh.before[i]; g > 0 {
			b.add(b.at(InteriorPadding, i, b.sh.offs[i]-g, g))
		}
		b.include(i, w.summarize(f.Type, scoped))
	}
	if sh := b.sh; sh.trail > 0 {
		if n := len(t.Fields); sh.zeroSizeTrail {
			b.add(b.at(ZeroSizePadding, n-1, sh.trailEnd, sh.trail))
		} else {
			b.add(finding{kind: TrailingPadding, typ: t.String(), off: sh.trailEnd, size: sh.trail, count: 1, paths: 1, origin: origin{t, n, TrailingPadding}})
		}
	}
	return b.s
}

// structBuild is the summary of one struct being built.
type structBuild struct {
	t          *Type
	sh         *structShape
	s          *summary
	seen       map[origin]int // index in s.finds of each origin
	seenMarker map[origin]bool
}

// add adds f, or counts its paths if its origin is already there: a
// struct used by several fields is reported once.
func (b *structBuild) add(f finding) {
	if i, ok := b.seen[f.origin]; ok {
		b.s.finds[i].paths = satAdd(b.s.finds[i].paths, f.paths)
		return
	}
	b.seen[f.origin] = len(b.s.finds)
	b.s.finds = append(b.s.finds, f)
}

// at returns a finding of kind k about field i.
func (b *structBuild) at(k ProblemKind, i int, off, size int64) finding {
	f := b.t.Fields[i]
	return finding{kind: k, index: []int{i}, typ: f.Type.String(), off: off, size: size, count: 1, paths: 1, origin: origin{b.t, i, k}}
}

// markers applies the rules about the struct's own zero-size markers and
// reports whether it declares a byte order.
func (b *structBuild) markers() (scoped bool) {
	fields, hasHostLayout := 0, false
	for i, f := range b.t.Fields {
		switch m := markerOf(f.Type); {
		case m == HostLayout:
			hasHostLayout = true
		case m.isByteOrder():
			// A byte-order marker sets the scope for the struct and
			// everything nested in it; it must agree with the other
			// markers of the struct.
			mu := markerUse{marker: m, index: []int{i}, typ: f.Type.String(), off: b.sh.offs[i], origin: origin{b.t, i, MarkerConflict}}
			if len(b.s.markers) > 0 && b.s.markers[0].marker != m {
				b.s.conflict = true
				first := b.s.markers[0]
				c := b.at(MarkerConflict, i, mu.off, 0)
				c.detail = b.t.Fields[first.index[0]].Name + " (" + first.marker.String() + ") in the same struct"
				b.add(c)
			}
			b.s.markers = append(b.s.markers, mu)
			b.seenMarker[mu.origin] = true
			scoped = true
		case m == NoMarker:
			fields++
		}
	}
	if !hasHostLayout && fields >= 2 {
		b.add(finding{kind: NoHostLayout, typ: b.t.String(), size: b.sh.size, count: 1, paths: 1, origin: origin{b.t, -1, NoHostLayout}})
	}
	return scoped
}

// include adds the summary of field i: its findings and markers, moved
// to the field's path and offset.
func (b *structBuild) include(i int, fs *summary) {
	off := b.sh.offs[i]
	b.s.numbers = b.s.numbers || fs.numbers
	b.s.conflict = b.s.conflict || fs.conflict
	for _, cf := range fs.finds {
		cf.index = append([]int{i}, cf.index...)
		cf.off = offsetIn(off, cf.off)
		if cf.origin.node == nil {
			cf.origin = origin{b.t, i, cf.kind} // a leaf: found at this field
		}
		b.add(cf)
	}
	for _, cm := range fs.markers {
		if b.seenMarker[cm.origin] {
			continue
		}
		b.seenMarker[cm.origin] = true
		cm.index = append([]int{i}, cm.index...)
		cm.off = offsetIn(off, cm.off)
		b.s.markers = append(b.s.markers, cm)
	}
}

// offsetIn returns the offset of something at off in a field at base.
func offsetIn(base, off int64) int64 {
	if base < 0 || off < 0 || off > maxInt64-base {
		return -1
	}
	return base + off
}

// merger folds the problems found on each group of arches into one list,
// one Figure per distinct offset, size and count.
type merger struct {
	root    *Type
	primary string
	list    []Problem
	index   map[string]int // by kind and index path
}

// pathAt returns the dotted path of a problem of kind k at index below t:
// field names, and "[0]" for each array passed into its element struct.
// The arrays of the last field count only for problems about the struct
// itself (trailing padding, no HostLayout), which lie inside the element.
func pathAt(t *Type, k ProblemKind, index []int) string {
	var b strings.Builder
	elems := func(t *Type) {
		for i := 0; t != nil && t.Kind == Array && i <= MaxDepth; i++ {
			b.WriteString("[0]")
			t = t.Elem
		}
	}
	inside := k == TrailingPadding || k == NoHostLayout
	if len(index) > 0 || inside {
		elems(t)
	}
	for j, i := range index {
		s := t.Innermost()
		if s == nil || i < 0 || i >= len(s.Fields) {
			break
		}
		if j > 0 || b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.Fields[i].Name)
		t = s.Fields[i].Type
		if j < len(index)-1 || inside {
			elems(t)
		}
	}
	return b.String()
}

func indexKey(k ProblemKind, index []int) string {
	b := []byte{byte(k)}
	for _, i := range index {
		b = strconv.AppendInt(append(b, ','), int64(i), 10)
	}
	return string(b)
}

// root adds the problems a walk found in the root on group g.
func (m *merger) addRoot(g walkGroup, t *Type, root sizeAlign, s *summary) {
	name := g.arch.Name
	if g.bits&ArchSetOf(m.primary) != 0 {
		name = m.primary
	}
	tooLarge := !root.unknown && !fits(root, g.arch)
	switch {
	case root.unknown:
		// Some part has no known size: only Unsupported can be said of
		// it, not that it is too large, empty or padded.
	case tooLarge:
		m.add(name, g.bits, finding{kind: TooLarge, typ: t.String(), size: root.size, count: 1, paths: 1})
	case root.size == 0:
		m.add(name, g.bits, finding{kind: ZeroSize, typ: t.String(), count: 1, paths: 1})
	}
	unsupported := false
	for _, f := range s.finds {
		if f.kind.IsPadding() && (tooLarge || root.unknown) {
			continue // offsets beyond the address space mean nothing
		}
		unsupported = unsupported || f.kind == Unsupported
		m.add(name, g.bits, f)
	}
	if root.unknown && !unsupported {
		m.add(name, g.bits, finding{kind: Unsupported, typ: t.String(), count: 1, paths: 1, detail: "its size could not be determined"})
	}
	// endian.Big and endian.Little must not meet anywhere in a type: each
	// disagrees with the first of the two.
	var first *markerUse
	for i := range s.markers {
		mu := &s.markers[i]
		if mu.marker == Native {
			continue
		}
		if first == nil {
			first = mu
			continue
		}
		if mu.marker != first.marker {
			m.add(name, g.bits, finding{kind: MarkerConflict, index: mu.index, typ: mu.typ, off: mu.off, count: 1, paths: 1,
				detail: pathAt(t, MarkerConflict, first.index) + " (" + first.marker.String() + ")"})
		}
	}
}

func (m *merger) add(arch string, bits ArchSet, f finding) {
	k := indexKey(f.kind, f.index)
	fig := Figure{Offset: f.off, Size: f.size, Count: max(f.count, 1), Arches: bits}
	if i, ok := m.index[k]; ok {
		p := &m.list[i]
		p.Arches |= bits
		for j := range p.Figures {
			if q := &p.Figures[j]; q.Offset == fig.Offset && q.Size == fig.Size && q.Count == fig.Count {
				q.Arches |= bits
				return
			}
		}
		p.Figures = append(p.Figures, fig)
		return
	}
	m.index[k] = len(m.list)
	m.list = append(m.list, Problem{
		Kind: f.kind, Path: pathAt(m.root, f.kind, f.index), Index: f.index, Type: f.typ,
		Offset: f.off, Size: f.size, Count: max(f.count, 1), Paths: max(f.paths, 1),
		Arch: arch, Arches: bits, Figures: []Figure{fig}, Detail: f.detail,
	})
}

func (m *merger) dropKind(k ProblemKind) {
	m.list = slices.DeleteFunc(m.list, func(p Problem) bool { return p.Kind == k })
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

// collector lists the leaves and padding of a tree on one arch, visiting
// every path.
type collector struct {
	calc  *calc
	l     *Layout
	valid bool
}

// walk visits t at off; count is how many array elements it stands for,
// inArray whether it is inside an array (whose elements are not leaves).
func (c *collector) walk(t *Type, path string, index []int, off, count int64, inArray bool) {
	switch {
	case t == nil:
	case t.Kind == Struct && t.Marker == NoMarker:
		sh := c.calc.shape(t)
		if len(t.Fields) == 0 && !inArray {
			c.leaf(path, index, off, 0, t)
		}
		for i, f := range t.Fields {
			fp, fi := join(path, f.Name), append(slices.Clip(index), i)
			if g := sh.before[i]; g > 0 {
				c.span(InteriorPadding, fp, fi, off+sh.offs[i]-g, g, count)
			}
			c.walk(f.Type, fp, fi, offsetIn(off, sh.offs[i]), count, inArray)
		}
		if sh.trail > 0 {
			n := len(t.Fields)
			if sh.zeroSizeTrail {
				c.span(ZeroSizePadding, join(path, t.Fields[n-1].Name), append(slices.Clip(index), n-1), off+sh.trailEnd, sh.trail, count)
			} else {
				c.span(TrailingPadding, path, index, off+sh.trailEnd, sh.trail, count)
			}
		}
	case t.Kind == Array:
		if !inArray {
			c.leaf(path, index, off, c.calc.of(t).size, t)
		}
		if in := t.Innermost(); in != nil && in.Kind == Struct && in.Marker == NoMarker {
			c.walk(t.Elem, path+"[0]", index, off, satMul(count, max(t.Len, 0)), true)
		}
	default:
		if !inArray {
			c.leaf(path, index, off, c.calc.of(t).size, t)
		}
	}
}

func (c *collector) leaf(path string, index []int, off, size int64, t *Type) {
	c.l.Fields = append(c.l.Fields, Leaf{Path: path, Index: slices.Clone(index), Offset: off, Size: size, Type: t.String()})
}

func (c *collector) span(kind ProblemKind, path string, index []int, off, size, count int64) {
	if !c.valid || size <= 0 || count <= 0 {
		return
	}
	c.l.Padding = append(c.l.Padding, Span{Kind: kind, Path: path, Index: slices.Clone(index), Offset: off, Size: size, Count: count})
}

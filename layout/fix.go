package layout

import (
	"slices"
	"strconv"
)

// A FixKind says how a [Fix] edits a struct.
type FixKind uint8

// The kinds of fixes.
const (
	// PadField inserts an explicit _ [Size]byte field before field At
	// (after the last field when At is the number of fields).
	PadField FixKind = iota + 1
	// MoveToStart moves field At, a zero-size marker, to the start of
	// the struct.
	MoveToStart
)

// A Fix is an edit of one struct of a type that removes a padding problem
// on every arch of a layout's set without adding padding anywhere else,
// verified by laying the edited type out again.
type Fix struct {
	Kind FixKind
	// Struct is the index path of the struct to edit, as [Type.At] takes
	// it (arrays on the way stand for their elements).
	Struct []int
	At     int
	// Field names the field the edit is placed by: for PadField the field
	// at At (or, at the end, the field before), for MoveToStart the
	// field moved.
	Field string
	Size  int64 // PadField: N of the inserted _ [N]byte
	// Moves is the set of arches on which the edit moves the fields after
	// the insertion point: there the gap was smaller than Size, so the
	// struct grows (without new padding).
	Moves ArchSet
	// Leaves is, for a fix from [Layout.SafeFix], the set of arches on
	// which padding remains at the insertion point, smaller by Size.
	Leaves ArchSet
}

// Fix returns the edit that removes padding problem p of l on every arch
// of l.Arches, if one explicit field (or moving a misplaced marker) does:
// padding that differs by arch in a way no one field fills has none.
func (l *Layout) Fix(p Problem) (Fix, bool) { return l.fix(p, calcCache{}) }

// fixSite returns the edit p calls for, without its size, and the struct
// it edits.
func (l *Layout) fixSite(p Problem) (Fix, *Type, bool) {
	var f Fix
	switch p.Kind {
	case InteriorPadding:
		if len(p.Index) == 0 {
			return Fix{}, nil, false
		}
		f = Fix{Kind: PadField, Struct: p.Index[:len(p.Index)-1], At: p.Index[len(p.Index)-1]}
	case TrailingPadding:
		s := l.Type.At(p.Index).Innermost()
		if s == nil || s.Kind != Struct {
			return Fix{}, nil, false
		}
		f = Fix{Kind: PadField, Struct: p.Index, At: len(s.Fields)}
	case ZeroSizePadding:
		if len(p.Index) == 0 {
			return Fix{}, nil, false
		}
		f = Fix{Kind: PadField, Struct: p.Index[:len(p.Index)-1], At: p.Index[len(p.Index)-1] + 1}
		if markerOf(l.Type.At(p.Index)) != NoMarker {
			f = Fix{Kind: MoveToStart, Struct: f.Struct, At: f.At - 1}
		}
	default:
		return Fix{}, nil, false
	}
	node := l.Type.At(f.Struct).Innermost()
	if node == nil || node.Kind != Struct || node.Marker != NoMarker || f.At < 0 || f.At > len(node.Fields) {
		return Fix{}, nil, false
	}
	if f.At < len(node.Fields) {
		f.Field = node.Fields[f.At].Name
	} else if f.At > 0 {
		f.Field = node.Fields[f.At-1].Name
	}
	return f, node, true
}

func (l *Layout) fix(p Problem, cc calcCache) (Fix, bool) {
	f, node, ok := l.fixSite(p)
	if !ok {
		return Fix{}, false
	}
	calcs := l.setCalcs(cc)
	before := make([]int64, len(calcs))
	for i, c := range calcs {
		if before[i] = c.padBytes(l.Type); before[i] < 0 {
			return Fix{}, false
		}
	}
	if f.Kind == MoveToStart {
		fields := slices.Delete(slices.Clone(node.Fields), f.At, f.At+1)
		fields = slices.Insert(fields, 0, node.Fields[f.At])
		moved := replaceNode(l.Type, node, fields)
		pc := cc.get(l.Arch)
		if !fixHolds(calcs, moved, before, nil) || pc.padBytes(moved.root) >= pc.padBytes(l.Type) {
			return Fix{}, false
		}
		return f, true
	}
	// The gap at the insertion point on each arch is a candidate size,
	// largest first.
	gapAt := func(c modelCalc, n *Type, i int) int64 {
		sh := c.shape(n)
		if i < len(n.Fields) {
			return sh.before[i]
		}
		return sh.trail
	}
	var sizes []int64
	for _, c := range calcs {
		if g := gapAt(c, node, f.At); g > 0 && !slices.Contains(sizes, g) {
			sizes = append(sizes, g)
		}
	}
	slices.Sort(sizes)
	slices.Reverse(sizes)
	for _, n := range sizes {
		fields := slices.Insert(slices.Clone(node.Fields), f.At, Field{Name: "_", Type: bytesType(n)})
		fixed := replaceNode(l.Type, node, fields)
		if !fixHolds(calcs, fixed, before, func(c modelCalc, repl *Type) bool {
			return gapAt(c, repl, f.At) == 0 && gapAt(c, repl, f.At+1) == 0
		}) {
			continue
		}
		f.Size = n
		for _, c := range calcs {
			if gapAt(c, node, f.At) != n {
				f.Moves |= c.set
			}
		}
		return f, true
	}
	return Fix{}, false
}

// SafeFix returns the explicit padding field that narrows padding problem
// p without moving any field on any arch of l.Arches: _ [N]byte with N
// the smallest gap at the insertion point. It removes the padding on the
// arches where the gap is N and leaves the rest (Fix.Leaves) elsewhere.
// It is what to offer when [Layout.Fix] would grow the struct on some
// arches (Fix.Moves), or finds no one field. It returns false when the gap
// is 0 on some arch of the set, or for a marker to move.
func (l *Layout) SafeFix(p Problem) (Fix, bool) {
	cc := calcCache{}
	f, node, ok := l.fixSite(p)
	if !ok || f.Kind != PadField {
		return Fix{}, false
	}
	gap := func(c modelCalc, n *Type) int64 {
		if c.of(n).unknown {
			return -1
		}
		sh := c.shape(n)
		if f.At < len(n.Fields) {
			return sh.before[f.At]
		}
		return sh.trail
	}
	calcs := l.setCalcs(cc)
	n := int64(-1)
	for _, c := range calcs {
		g := gap(c, node)
		if g <= 0 {
			return Fix{}, false
		}
		if n < 0 || g < n {
			n = g
		}
	}
	if n <= 0 {
		return Fix{}, false
	}
	// Verify: on every arch the edited struct has the size and field
	// offsets it had (its fields after the insertion shifted by one), so
	// nothing around it moves either.
	fixed := replaceNode(l.Type, node, slices.Insert(slices.Clone(node.Fields), f.At, Field{Name: "_", Type: bytesType(n)}))
	for _, c := range calcs {
		was, now := c.shape(node), c.shape(fixed.repl)
		if c.of(fixed.repl).unknown || c.of(fixed.repl).size != c.of(node).size || len(now.offs) != len(was.offs)+1 {
			return Fix{}, false
		}
		for i, off := range was.offs {
			j := i
			if i >= f.At {
				j++
			}
			if now.offs[j] != off {
				return Fix{}, false
			}
		}
	}
	f.Size = n
	for _, c := range calcs {
		if gap(c, node) > n {
			f.Leaves |= c.set
		}
	}
	return f, true
}

// A modelCalc is a calculator and the arches of l's set it stands for.
type modelCalc struct {
	*calc
	set ArchSet
}

// setCalcs returns l's calculator for each distinct size model among
// l.Arches.
func (l *Layout) setCalcs(cc calcCache) []modelCalc {
	var cs []modelCalc
	for i, a := range Arches {
		if l.Arches&(1<<i) == 0 {
			continue
		}
		c := cc.get(a)
		j := slices.IndexFunc(cs, func(m modelCalc) bool { return m.calc == c })
		if j < 0 {
			j = len(cs)
			cs = append(cs, modelCalc{calc: c})
		}
		cs[j].set |= 1 << i
	}
	return cs
}

// fixHolds reports whether the fixed tree has no more padding than before
// under any of calcs, and passes local there.
func fixHolds(calcs []modelCalc, fixed *edited, before []int64, local func(modelCalc, *Type) bool) bool {
	for i, c := range calcs {
		if local != nil && !local(c, fixed.repl) {
			return false
		}
		if p := c.padBytes(fixed.root); p < 0 || p > before[i] {
			return false
		}
	}
	return true
}

// bytesType is [n]byte.
func bytesType(n int64) *Type {
	return &Type{Kind: Array, Name: "[" + strconv.FormatInt(n, 10) + "]uint8", Len: n, Elem: &Type{Kind: Uint8, Name: "uint8"}}
}

// An edited tree is a copy of a tree with one struct node replaced.
type edited struct {
	root, repl *Type
}

// replaceNode returns a copy of tree in which node has the given fields,
// at every place node is used. Only the nodes that contain node are
// copied; the others are shared, so calculators keep their memos for them.
func replaceNode(tree, node *Type, fields []Field) *edited {
	repl := &Type{}
	*repl = *node
	repl.Fields = fields
	reaches := map[*Type]bool{node: true}
	var reach func(t *Type) bool
	reach = func(t *Type) bool {
		if t == nil {
			return false
		}
		if r, ok := reaches[t]; ok {
			return r
		}
		reaches[t] = false // a cycle: Assess refused it
		r := reach(t.Elem)
		for _, f := range t.Fields {
			r = reach(f.Type) || r
		}
		reaches[t] = r
		return r
	}
	done := map[*Type]*Type{node: repl}
	var cp func(t *Type) *Type
	cp = func(t *Type) *Type {
		if !reach(t) {
			return t
		}
		if n, ok := done[t]; ok {
			return n
		}
		n := *t
		done[t] = &n
		n.Elem = cp(t.Elem)
		if t.Fields != nil {
			n.Fields = make([]Field, len(t.Fields))
			for i, f := range t.Fields {
				f.Type = cp(f.Type)
				n.Fields[i] = f
			}
		}
		return &n
	}
	for i, f := range fields {
		repl.Fields[i].Type = cp(f.Type)
	}
	return &edited{root: cp(tree), repl: repl}
}

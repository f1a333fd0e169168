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
}

// Fix returns the edit that removes padding problem p of l on every arch
// of l.Arches, if one explicit field (or moving a misplaced marker) does:
// padding that differs by arch in a way no one field fills has none.
func (l *Layout) Fix(p Problem) (Fix, bool) {
	var f Fix
	switch p.Kind {
	case InteriorPadding:
		if len(p.Index) == 0 {
			return Fix{}, false
		}
		f = Fix{Kind: PadField, Struct: p.Index[:len(p.Index)-1], At: p.Index[len(p.Index)-1]}
	case TrailingPadding:
		s := l.Type.At(p.Index).Innermost()
		if s == nil || s.Kind != Struct {
			return Fix{}, false
		}
		f = Fix{Kind: PadField, Struct: p.Index, At: len(s.Fields)}
	case ZeroSizePadding:
		if len(p.Index) == 0 {
			return Fix{}, false
		}
		f = Fix{Kind: PadField, Struct: p.Index[:len(p.Index)-1], At: p.Index[len(p.Index)-1] + 1}
		if markerOf(l.Type.At(p.Index)) != NoMarker {
			f = Fix{Kind: MoveToStart, Struct: f.Struct, At: f.At - 1}
		}
	default:
		return Fix{}, false
	}
	node := l.Type.At(f.Struct).Innermost()
	if node == nil || node.Kind != Struct || node.Marker != NoMarker || f.At < 0 || f.At > len(node.Fields) {
		return Fix{}, false
	}
	if f.At < len(node.Fields) {
		f.Field = node.Fields[f.At].Name
	} else if f.At > 0 {
		f.Field = node.Fields[f.At-1].Name
	}
	calcs := l.setCalcs()
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
		pc := l.primaryCalc(calcs)
		if !fixHolds(calcs, moved, before, nil) || pc.padBytes(moved.root) >= pc.padBytes(l.Type) {
			return Fix{}, false
		}
		return f, true
	}
	// The gap at the insertion point on each arch is a candidate size,
	// largest first.
	gapAt := func(c *calc, n *Type, i int) int64 {
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
		if !fixHolds(calcs, fixed, before, func(c *calc, repl *Type) bool {
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

// setCalcs returns a calculator per distinct size model among l.Arches,
// each knowing the arches of the set it stands for.
func (l *Layout) setCalcs() []*calc {
	var cs []*calc
	byModel := map[[2]int64]*calc{}
	for i, a := range Arches {
		k := [2]int64{a.WordSize, a.MaxAlign}
		if l.Arches&(1<<i) == 0 {
			continue
		}
		if byModel[k] == nil {
			byModel[k] = newCalc(a)
			cs = append(cs, byModel[k])
		}
		byModel[k].set |= 1 << i
	}
	return cs
}

// primaryCalc returns the calculator of calcs for l.Arch, or a new one.
func (l *Layout) primaryCalc(calcs []*calc) *calc {
	for _, c := range calcs {
		if c.arch.WordSize == l.Arch.WordSize && c.arch.MaxAlign == l.Arch.MaxAlign {
			return c
		}
	}
	return newCalc(l.Arch)
}

// fixHolds reports whether the fixed tree has no more padding than before
// under any of calcs, and passes local there.
func fixHolds(calcs []*calc, fixed *edited, before []int64, local func(*calc, *Type) bool) bool {
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

package layout_test

// The property test: thousands of random type trees, each built twice — as
// a reflect.Type (reflect.StructOf, reflect.ArrayOf) and as the equivalent
// go/types type — and laid out by the engine from the reflect front end.
// On the host the engine must agree with reflect; on every arch in
// layout.Arches it must agree with types.SizesFor("gc", arch); and the
// padding it reports must add up to the bytes that no leaf covers.

import (
	"encoding/binary"
	"fmt"
	"go/token"
	"go/types"
	"math/rand/v2"
	"os"
	"os/exec"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"structs"
	"sync/atomic"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/endian"
	"github.com/go-overlay/overlay/layout"
	"github.com/go-overlay/overlay/layout/typesfront"
)

// A propSpec is one node of a random type tree, with both of its
// representations.
type propSpec struct {
	kind   propKind
	rt     reflect.Type
	gt     types.Type
	len    int64       // array
	elem   *propSpec   // array
	fields []*propSpec // struct
}

type propKind uint8

const (
	propLeafKind   propKind = iota // a number, bool, pointer-ish or endian type
	propMarkerKind                 // a recognized zero-size marker: a leaf of size 0
	propArrayKind
	propStructKind
)

// A propBasic pairs a reflect type with its go/types type.
type propBasic struct {
	rt reflect.Type
	gt types.Type
}

var (
	propNumbers = []propBasic{
		{reflect.TypeFor[int8](), types.Typ[types.Int8]},
		{reflect.TypeFor[int16](), types.Typ[types.Int16]},
		{reflect.TypeFor[int32](), types.Typ[types.Int32]},
		{reflect.TypeFor[int64](), types.Typ[types.Int64]},
		{reflect.TypeFor[uint8](), types.Typ[types.Uint8]},
		{reflect.TypeFor[uint16](), types.Typ[types.Uint16]},
		{reflect.TypeFor[uint32](), types.Typ[types.Uint32]},
		{reflect.TypeFor[uint64](), types.Typ[types.Uint64]},
		{reflect.TypeFor[float32](), types.Typ[types.Float32]},
		{reflect.TypeFor[float64](), types.Typ[types.Float64]},
		{reflect.TypeFor[complex64](), types.Typ[types.Complex64]},
		{reflect.TypeFor[complex128](), types.Typ[types.Complex128]},
		{reflect.TypeFor[int](), types.Typ[types.Int]},
		{reflect.TypeFor[uint](), types.Typ[types.Uint]},
		{reflect.TypeFor[uintptr](), types.Typ[types.Uintptr]},
		{reflect.TypeFor[bool](), types.Typ[types.Bool]},
	}
	propPointerish = []propBasic{
		{reflect.TypeFor[*int](), types.NewPointer(types.Typ[types.Int])},
		{reflect.TypeFor[unsafe.Pointer](), types.Typ[types.UnsafePointer]},
		{reflect.TypeFor[string](), types.Typ[types.String]},
		{reflect.TypeFor[[]int](), types.NewSlice(types.Typ[types.Int])},
		{reflect.TypeFor[map[string]int](), types.NewMap(types.Typ[types.String], types.Typ[types.Int])},
		{reflect.TypeFor[chan int](), types.NewChan(types.SendRecv, types.Typ[types.Int])},
		{reflect.TypeFor[func()](), types.NewSignatureType(nil, nil, nil, nil, nil, false)},
		{reflect.TypeFor[any](), types.NewInterfaceType(nil, nil).Complete()},
	}
	propEndianTypes = []propBasic{
		{reflect.TypeFor[endian.U16BE](), types.NewArray(types.Typ[types.Uint8], 2)},
		{reflect.TypeFor[endian.I32LE](), types.NewArray(types.Typ[types.Uint8], 4)},
		{reflect.TypeFor[endian.F64BE](), types.NewArray(types.Typ[types.Uint8], 8)},
	}
	propMarkers = []propBasic{
		{reflect.TypeFor[structs.HostLayout](), propNamed("structs", "HostLayout")},
		{reflect.TypeFor[endian.Big](), propNamed(layout.EndianPath, "Big")},
		{reflect.TypeFor[endian.Little](), propNamed(layout.EndianPath, "Little")},
		{reflect.TypeFor[endian.Native](), propNamed(layout.EndianPath, "Native")},
		// sync/atomic's align64: zero size, alignment 8 even on 32-bit
		// arches. reflect reaches it through atomic.Int64's fields.
		{propAlign64(), propNamed("sync/atomic", "align64")},
	}
)

// propNamed returns a go/types named empty struct pkg.name. go/types
// recognizes sync/atomic.align64 by package path and name, as the engine
// does.
func propNamed(path, name string) types.Type {
	pkg := types.NewPackage(path, path[strings.LastIndex(path, "/")+1:])
	obj := types.NewTypeName(token.NoPos, pkg, name, nil)
	return types.NewNamed(obj, types.NewStruct(nil, nil), nil)
}

func propAlign64() reflect.Type {
	t := reflect.TypeFor[atomic.Int64]()
	for i := range t.NumField() {
		if f := t.Field(i); f.Type.Name() == "align64" {
			return f.Type
		}
	}
	panic("sync/atomic.Int64 has no align64 field")
}

var propPkg = types.NewPackage("example.com/propGen", "propGen")

// propGen makes random type trees.
type propGen struct {
	r *rand.Rand
}

func (g *propGen) pick(n int) int { return g.r.IntN(n) }

// chance reports true with probability p percent.
func (g *propGen) chance(p int) bool { return g.r.IntN(100) < p }

func propLeaf(b propBasic) *propSpec { return &propSpec{kind: propLeafKind, rt: b.rt, gt: b.gt} }

// leaf returns a random non-aggregate: mostly numbers, sometimes endian
// types, occasionally pointer-ish kinds.
func (g *propGen) leaf() *propSpec {
	switch {
	case g.chance(6):
		return propLeaf(propPointerish[g.pick(len(propPointerish))])
	case g.chance(8):
		return propLeaf(propEndianTypes[g.pick(len(propEndianTypes))])
	}
	return propLeaf(propNumbers[g.pick(len(propNumbers))])
}

func (g *propGen) array(elem *propSpec, n int64) *propSpec {
	return &propSpec{
		kind: propArrayKind, len: n, elem: elem,
		rt: reflect.ArrayOf(int(n), elem.rt),
		gt: types.NewArray(elem.gt, n),
	}
}

func (g *propGen) strct(fields []*propSpec) *propSpec {
	sf := make([]reflect.StructField, len(fields))
	vars := make([]*types.Var, len(fields))
	for i, f := range fields {
		name := fmt.Sprintf("F%d", i)
		sf[i] = reflect.StructField{Name: name, Type: f.rt}
		vars[i] = types.NewField(token.NoPos, propPkg, name, f.gt, false)
	}
	return &propSpec{kind: propStructKind, fields: fields, rt: reflect.StructOf(sf), gt: types.NewStruct(vars, nil)}
}

// zeroSize returns a random zero-size type: struct{}, a marker, [0]T, an
// array of empty structs, or a struct of zero-size fields.
func (g *propGen) zeroSize(depth int) *propSpec {
	switch g.pick(6) {
	case 0:
		return g.strct(nil)
	case 1:
		m := propMarkers[g.pick(len(propMarkers))]
		return &propSpec{kind: propMarkerKind, rt: m.rt, gt: m.gt}
	case 2:
		return g.array(g.typ(depth-1), 0)
	case 3:
		return g.array(g.strct(nil), int64(1+g.pick(3)))
	case 4:
		if depth > 0 {
			return g.strct([]*propSpec{g.zeroSize(depth - 1), g.zeroSize(depth - 1)})
		}
		return g.strct(nil)
	}
	return g.array(propLeaf(propNumbers[g.pick(len(propNumbers))]), 0)
}

var propArrayLens = []int64{0, 1, 1, 2, 2, 3, 4, 5, 7}

// typ returns a random type of at most depth levels of nesting.
func (g *propGen) typ(depth int) *propSpec {
	if depth <= 0 {
		return g.leaf()
	}
	switch n := g.pick(10); {
	case n < 5:
		return g.leaf()
	case n < 7:
		if g.chance(15) {
			// A long array, of something small.
			return g.array(g.leaf(), int64(8+g.pick(120)))
		}
		return g.array(g.typ(depth-1), propArrayLens[g.pick(len(propArrayLens))])
	}
	return g.structOf(depth)
}

// structOf returns a random struct with zero-size fields sprinkled at its
// start, middle and end.
func (g *propGen) structOf(depth int) *propSpec {
	if g.chance(4) {
		return g.strct(nil)
	}
	var fields []*propSpec
	if g.chance(20) {
		fields = append(fields, g.zeroSize(depth-1))
	}
	for range 1 + g.pick(6) {
		if g.chance(8) {
			fields = append(fields, g.zeroSize(depth-1))
		}
		fields = append(fields, g.typ(depth-1))
	}
	if g.chance(15) {
		fields = append(fields, g.zeroSize(depth-1))
	}
	return g.strct(fields)
}

// root returns a random root: mostly structs, sometimes arrays.
func (g *propGen) root() *propSpec {
	if g.chance(5) {
		return g.array(g.typ(3), propArrayLens[g.pick(len(propArrayLens))])
	}
	return g.structOf(3)
}

// propWant is a leaf as the engine should report it.
type propWant struct {
	Path         string
	Offset, Size int64
}

// propSizer computes the expected layout of a propSpec on one arch, from
// go/types or from reflect.
type propSizer interface {
	size(s *propSpec) int64
	offsets(s *propSpec) []int64
}

// propTypesSizer asks go/types, remembering sizes: go/types recomputes
// them for every enclosing type.
type propTypesSizer struct {
	types.Sizes
	memo map[*propSpec]int64
}

func (z propTypesSizer) size(s *propSpec) int64 {
	n, ok := z.memo[s]
	if !ok {
		n = z.Sizeof(s.gt)
		z.memo[s] = n
	}
	return n
}
func (z propTypesSizer) offsets(s *propSpec) []int64 {
	st := s.gt.Underlying().(*types.Struct)
	vars := make([]*types.Var, st.NumFields())
	for i := range vars {
		vars[i] = st.Field(i)
	}
	return z.Offsetsof(vars)
}

type propReflectSizer struct{}

func (propReflectSizer) size(s *propSpec) int64 { return int64(s.rt.Size()) }
func (propReflectSizer) offsets(s *propSpec) []int64 {
	offs := make([]int64, s.rt.NumField())
	for i := range offs {
		offs[i] = int64(s.rt.Field(i).Offset)
	}
	return offs
}

func propJoin(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// propLeaves lists the leaves of s at absolute offsets: fields of structs are
// split, everything else (arrays included) is one leaf.
func propLeaves(z propSizer, s *propSpec, path string, base int64, out []propWant) []propWant {
	if s.kind != propStructKind || len(s.fields) == 0 {
		return append(out, propWant{path, base, z.size(s)})
	}
	offs := z.offsets(s)
	for i, f := range s.fields {
		out = propLeaves(z, f, propJoin(path, fmt.Sprintf("F%d", i)), base+offs[i], out)
	}
	return out
}

// propLeafBytes returns how many bytes of s belong to some leaf, counting every
// array element: the size of s minus its padding.
func propLeafBytes(z propSizer, s *propSpec) int64 {
	switch s.kind {
	case propArrayKind:
		return s.len * propLeafBytes(z, s.elem)
	case propStructKind:
		var n int64
		for _, f := range s.fields {
			n += propLeafBytes(z, f)
		}
		return n
	}
	return z.size(s)
}

// propArrayOfPadded reports whether s holds a non-empty array whose elements
// hold padding.
func propArrayOfPadded(z propSizer, s *propSpec) bool {
	switch s.kind {
	case propArrayKind:
		return s.len > 0 && propLeafBytes(z, s.elem) < z.size(s.elem) || propArrayOfPadded(z, s.elem)
	case propStructKind:
		return slices.ContainsFunc(s.fields, func(f *propSpec) bool { return propArrayOfPadded(z, f) })
	}
	return false
}

// propShape returns what of l does not depend on how a front end names types.
func propShape(l *layout.Layout) any {
	type problem struct {
		Kind                layout.ProblemKind
		Path                string
		Offset, Size, Count int64
		Arch                string
		Arches              layout.ArchSet
	}
	ps := make([]problem, len(l.Problems))
	for i, p := range l.Problems {
		ps[i] = problem{p.Kind, p.Path, p.Offset, p.Size, p.Count, p.Arch, p.Arches}
	}
	return []any{l.Size, l.Align, l.Order, propGotLeaves(l), l.Padding, ps}
}

func propGotLeaves(l *layout.Layout) []propWant {
	out := make([]propWant, len(l.Fields))
	for i, f := range l.Fields {
		out[i] = propWant{f.Path, f.Offset, f.Size}
	}
	return out
}

// propName names a tree in messages; it is formatted only on failure.
type propName struct {
	i  int
	rt reflect.Type
}

func (n propName) String() string { return fmt.Sprintf("tree %d: %v", n.i, n.rt) }

// propTrees is how many random trees TestProperty lays out.
func propTrees() int {
	if testing.Short() {
		return 1000
	}
	return 5000
}

func TestProperty(t *testing.T) {
	g := &propGen{r: rand.New(rand.NewPCG(0x6f7665726c6179, 2026))}
	host := layout.HostArch()
	sizes := make([]propTypesSizer, len(layout.Arches))
	for i, a := range layout.Arches {
		sz := types.SizesFor("gc", a.Name)
		require.NotNil(t, sz, "types.SizesFor(gc, %s)", a.Name)
		sizes[i] = propTypesSizer{sz, map[*propSpec]int64{}}
	}

	var structsN, arraysN, checks, padded, someArches, fails int
	for i := range propTrees() {
		s := g.root()
		if s.kind == propStructKind {
			structsN++
		} else {
			arraysN++
		}
		name := propName{i, s.rt}
		for _, z := range sizes {
			clear(z.memo)
		}
		tree, err := layout.FromReflect(s.rt)
		require.NoError(t, err)

		// On the host: the engine agrees with reflect.
		hl := layout.Compute(tree, host)
		ok := propSame(t, int64(s.rt.Size()), hl.Size, "%s: host size", name) &&
			propSame(t, int64(s.rt.Align()), hl.Align, "%s: host align", name) &&
			propSame(t, propLeaves(propReflectSizer{}, s, "", 0, nil), propGotLeaves(hl), "%s: host leaves", name)

		// The go/types front end builds a tree that lays out the same.
		gtree, err := typesfront.Tree(s.gt)
		require.NoError(t, err)
		gl := layout.Compute(gtree, host)
		ok = ok && propSame(t, propShape(hl), propShape(gl), "%s: FromTypes vs FromReflect", name)

		// On every arch: the engine agrees with go/types.
		for ai, a := range layout.Arches {
			z := sizes[ai]
			l := layout.Compute(tree, a)
			checks++
			ok = ok && propSame(t, z.size(s), l.Size, "%s on %s: size", name, a.Name) &&
				propSame(t, z.Alignof(s.gt), l.Align, "%s on %s: align", name, a.Name) &&
				propSame(t, propLeaves(z, s, "", 0, nil), propGotLeaves(l), "%s on %s: leaves", name, a.Name) &&
				propCheckPadding(t, z, s, l, hl, name)
		}
		if !ok {
			if fails++; fails >= 5 {
				t.Fatalf("giving up after %d failing trees", fails)
			}
		}
		var paddedOn layout.ArchSet
		for _, p := range hl.Problems {
			if p.Kind.IsPadding() {
				paddedOn |= p.Arches
			}
		}
		if paddedOn != 0 {
			padded++
		}
		if paddedOn != 0 && paddedOn != layout.AllArches {
			someArches++
		}
	}
	t.Logf("%d struct and %d array roots × %d arches = %d layouts checked against go/types; "+
		"%d padded, %d of them on some arches only", structsN, arraysN, len(layout.Arches), checks, padded, someArches)
}

// propCheckPadding checks the padding l (computed for one arch) reports
// against the bytes no leaf covers, and the padding problems hl (computed
// for the host) reports for that arch.
func propCheckPadding(t *testing.T, z propSizer, s *propSpec, l, hl *layout.Layout, name propName) bool {
	t.Helper()
	a := l.Arch.Name
	size := z.size(s)
	gap := size - propLeafBytes(z, s)

	// Every padding byte is in exactly one span, counting array elements.
	var spanned, top, leafSum int64
	for _, sp := range l.Padding {
		spanned += sp.Size * sp.Count
		if !strings.Contains(sp.Path, "[") {
			top += sp.Size
		}
	}
	for _, f := range l.Fields {
		leafSum += f.Size
	}
	ok := propSame(t, gap, spanned, "%s on %s: padding bytes (spans %+v)", name, a, l.Padding)
	// Leaves and the spans outside arrays tile the type.
	ok = ok && propSame(t, size, leafSum+top, "%s on %s: leaves + top-level spans", name, a)
	if !propArrayOfPadded(z, s) {
		var ones int64
		for _, sp := range l.Padding {
			if sp.Count == 1 {
				ones += sp.Size
			}
		}
		ok = ok && propSame(t, size, leafSum+ones, "%s on %s: leaves + spans", name, a)
	}

	// Each span is a problem on this arch, with the propSame propNumbers.
	for _, sp := range l.Padding {
		i := slices.IndexFunc(l.Problems, func(p layout.Problem) bool { return p.Kind == sp.Kind && p.Path == sp.Path })
		if i < 0 {
			t.Errorf("%s on %s: span %+v has no problem", name, a, sp)
			return false
		}
		p := l.Problems[i]
		ok = ok && propSame(t, []any{sp.Offset, sp.Size, sp.Count, a, true}, []any{p.Offset, p.Size, p.Count, p.Arch, p.Arches.Has(a)},
			"%s on %s: problem for span %+v", name, a, sp)
	}

	// The host layout reports padding on this arch iff there is some.
	reported := slices.ContainsFunc(hl.Problems, func(p layout.Problem) bool { return p.Kind.IsPadding() && p.Arches.Has(a) })
	return ok && propSame(t, gap > 0, reported, "%s on %s: padding reported (%d bytes)", name, a, gap)
}

// propSame reports whether want and got are equal, and if not fails the test
// with a short message: testify's diffs are too long for a loop over
// thousands of trees.
func propSame(t *testing.T, want, got any, format string, args ...any) bool {
	t.Helper()
	if reflect.DeepEqual(want, got) {
		return true
	}
	t.Errorf(format+":\n\twant %+v\n\t got %+v", append(args, want, got)...)
	return false
}

// TestArches checks the arch tables against go/types and go tool dist.
func TestArches(t *testing.T) {
	bigEndian := []string{"mips", "mips64", "ppc64", "s390x"}
	assert.True(t, slices.IsSortedFunc(layout.Arches, func(a, b layout.Arch) int { return strings.Compare(a.Name, b.Name) }), "Arches sorted by name")
	for _, a := range layout.Arches {
		sz := types.SizesFor("gc", a.Name)
		if !assert.NotNil(t, sz, a.Name) {
			continue
		}
		assert.Equal(t, sz.Sizeof(types.Typ[types.Uintptr]), a.WordSize, "%s: WordSize", a.Name)
		// No propBasic type is aligned beyond 8, so float64's alignment is the
		// arch's MaxAlign.
		assert.Equal(t, sz.Alignof(types.Typ[types.Float64]), a.MaxAlign, "%s: MaxAlign", a.Name)
		assert.Equal(t, slices.Contains(bigEndian, a.Name), a.BigEndian, "%s: BigEndian", a.Name)
		if a.WordSize == 4 {
			assert.Contains(t, []int64{1<<31 - 1, 1<<31 - 2}, a.MaxSize, "%s: MaxSize (TestSizeLimitsMatchCompiler checks which)", a.Name)
		} else {
			assert.Greater(t, a.MaxSize, int64(1<<40), "%s: MaxSize", a.Name)
		}
		got, ok := layout.ArchByName(a.Name)
		assert.True(t, ok)
		assert.Equal(t, a, got)
	}
	_, ok := layout.ArchByName("pdp11")
	assert.False(t, ok)

	t.Run("host", func(t *testing.T) {
		h := layout.HostArch()
		assert.Equal(t, runtime.GOARCH, h.Name)
		assert.Equal(t, int64(unsafe.Sizeof(uintptr(0))), h.WordSize)
		hostBig := binary.NativeEndian.Uint16([]byte{1, 0}) == 0x0100
		assert.Equal(t, hostBig, h.BigEndian)
	})

	t.Run("dist list", func(t *testing.T) {
		goTool, err := exec.LookPath("go")
		if err != nil {
			t.Skip("go is not on PATH")
		}
		cmd := exec.Command(goTool, "tool", "dist", "list")
		// Under go test -exec, GOARCH and GOOS name the target; dist must
		// run for the host.
		cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool {
			return strings.HasPrefix(kv, "GOARCH=") || strings.HasPrefix(kv, "GOOS=")
		})
		out, err := cmd.Output()
		if err != nil {
			t.Skipf("go tool dist list: %v", err)
		}
		seen := map[string]bool{}
		for _, line := range strings.Fields(string(out)) {
			_, arch, ok := strings.Cut(line, "/")
			require.True(t, ok, "dist list line %q", line)
			if !seen[arch] {
				seen[arch] = true
				_, known := layout.ArchByName(arch)
				assert.True(t, known, "GOARCH %s from go tool dist list is missing from layout.Arches", arch)
			}
		}
		for _, a := range layout.Arches {
			if !seen[a.Name] {
				t.Logf("layout.Arches has %s, which go tool dist list no longer lists", a.Name)
			}
		}
		t.Logf("%d GOARCH values from go tool dist list, all in layout.Arches", len(seen))
	})
}

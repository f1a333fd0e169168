package layout_test

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"structs"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/endian"
	"github.com/go-overlay/overlay/layout"
)

var (
	archAMD64 = mustArch("amd64")
	arch386   = mustArch("386")
	bits64    = wordArches(8)
	bits32    = wordArches(4)
	all       = layout.AllArches
)

func mustArch(name string) layout.Arch {
	a, ok := layout.ArchByName(name)
	if !ok {
		panic("no arch " + name)
	}
	return a
}

func wordArches(w int64) layout.ArchSet {
	var names []string
	for _, a := range layout.Arches {
		if a.WordSize == w {
			names = append(names, a.Name)
		}
	}
	return layout.ArchSetOf(names...)
}

// treeOf returns the neutral tree of T.
func treeOf[T any](t *testing.T) *layout.Type {
	t.Helper()
	tt, err := layout.FromReflect(reflect.TypeFor[T]())
	require.NoError(t, err)
	return tt
}

// prob is the part of a Problem that the tables check.
type prob struct {
	Kind                layout.ProblemKind
	Path                string
	Offset, Size, Count int64
	Arches              layout.ArchSet
}

func probs(ps []layout.Problem, keep func(layout.Problem) bool) []prob {
	var out []prob
	for _, p := range ps {
		if keep(p) {
			out = append(out, prob{p.Kind, p.Path, p.Offset, p.Size, p.Count, p.Arches})
		}
	}
	return out
}

func errorProbs(l *layout.Layout) []prob {
	return probs(l.Problems, func(p layout.Problem) bool { return !p.IsWarning() })
}

func warningProbs(l *layout.Layout) []prob {
	return probs(l.Problems, layout.Problem.IsWarning)
}

// Fixture types for the problem tables. Each declares HostLayout and a byte
// order unless it is about them, so that only the problem under test shows.
type (
	interior struct {
		_ structs.HostLayout
		_ endian.Little
		A uint8
		B uint32
	}
	trailing struct {
		_ structs.HostLayout
		_ endian.Little
		A uint32
		B uint8
	}
	nestedTrailing struct {
		_ structs.HostLayout
		_ endian.Little
		N struct {
			_ structs.HostLayout
			A uint32
			B uint8
		}
		C uint64
	}
	elem3 struct {
		_ structs.HostLayout
		X uint16
		Y uint8
	}
	elemGap struct {
		_ structs.HostLayout
		X uint8
		Y uint16
	}
	arrayTrailing struct {
		_ structs.HostLayout
		_ endian.Little
		A [3]elem3
	}
	arrayInterior struct {
		_ structs.HostLayout
		_ endian.Little
		A [2]elemGap
	}
	arrayNested struct {
		_ structs.HostLayout
		_ endian.Little
		A [2][3]elem3
	}
	arrayOne struct {
		_ structs.HostLayout
		_ endian.Little
		A [1]elem3
	}
	arrayZero struct {
		_ structs.HostLayout
		_ endian.Little
		A [0]elem3
		B uint16
	}
	zeroTail struct {
		_ structs.HostLayout
		_ endian.Little
		A uint32
		Z struct{}
	}
	markerTail struct {
		_ structs.HostLayout
		A [4]byte
		_ endian.Big
	}
	zeroArrayTail struct {
		_ structs.HostLayout
		A uint8
		B uint8
		Z [0]uint16
	}
	// The struct is padded at the end anyway: the zero-size field adds
	// nothing, so the padding is ordinary trailing padding.
	zeroTailPadded struct {
		_ structs.HostLayout
		_ endian.Little
		A uint64
		B uint8
		Z struct{}
	}
	only64 struct {
		_ structs.HostLayout
		_ endian.Little
		A uint32
		B uint64
	}
	// With fixed-size fields, padding on a 32-bit arch implies padding on
	// every 64-bit one (alignments there are multiples of the 32-bit ones,
	// and sizes are equal), so 32-bit-only padding needs a platform-sized
	// field next to sync/atomic's 8-byte alignment.
	only32Interior struct {
		_ structs.HostLayout
		_ endian.Little
		P uintptr
		V atomic.Int64
	}
	only32Trailing struct {
		_ structs.HostLayout
		_ endian.Little
		V atomic.Int64
		P [3]uintptr
	}
	blanks struct {
		_ structs.HostLayout
		_ endian.Little
		A uint8
		_ uint16
		B uint8
		_ uint32
		_ bool
		C uint8
		_ bool
	}
	bools struct {
		_ structs.HostLayout
		A uint8
		B bool
		C [2]bool
	}
	platform struct {
		_ structs.HostLayout
		_ endian.Little
		A int
		B uint
		C uintptr
	}
	// Zero-length arrays hold no values: no pointer, bool or number.
	zeroArrays struct {
		_ structs.HostLayout
		_ [0]uint64
		_ [0]*int
		_ [0]bool
		_ [2][0]int
		_ [0]struct{ P *int }
		A endian.U32BE
		B [4]byte
	}
	ptrArray struct {
		_ structs.HostLayout
		A [3]*int
	}
	ptrElem struct {
		_ structs.HostLayout
		_ endian.Little
		A [2]struct {
			_ structs.HostLayout
			X uint64
			P *int
		}
	}
	ptrNested struct {
		_ structs.HostLayout
		_ endian.Little
		N struct {
			_ structs.HostLayout
			X uint64
			S string
		}
	}
	conflictNested struct {
		_ structs.HostLayout
		_ endian.Big
		A uint32
		N struct {
			_ endian.Little
			B uint32
		}
	}
	conflictFlat struct {
		_ endian.Big
		_ endian.Little
		A uint8
	}
	markersOnly struct {
		_ structs.HostLayout
		_ endian.Big
	}
)

// hugeArray returns [n]elem as a hand-built tree: reflect.ArrayOf cannot
// make arrays this large.
func hugeArray(n int64, elem layout.Kind) *layout.Type {
	return &layout.Type{Kind: layout.Array, Len: n, Elem: &layout.Type{Kind: elem}}
}

func TestProblems(t *testing.T) {
	tests := []struct {
		name string
		tree *layout.Type
		arch layout.Arch // amd64 if zero
		want []prob      // the errors, exactly
		size int64       // Layout.Size on arch, if not 0
	}{
		{name: "clean", tree: treeOf[endian.U32BE](t), want: nil, size: 4},
		{name: "interior padding", tree: treeOf[interior](t),
			want: []prob{{layout.InteriorPadding, "B", 1, 3, 1, all}}},
		{name: "trailing padding", tree: treeOf[trailing](t),
			want: []prob{{layout.TrailingPadding, "", 5, 3, 1, all}}},
		{name: "trailing padding of a nested struct", tree: treeOf[nestedTrailing](t),
			want: []prob{{layout.TrailingPadding, "N", 5, 3, 1, all}}},
		{name: "padding in array elements", tree: treeOf[arrayTrailing](t),
			want: []prob{{layout.TrailingPadding, "A[0]", 3, 1, 3, all}}},
		{name: "interior padding in array elements", tree: treeOf[arrayInterior](t),
			want: []prob{{layout.InteriorPadding, "A[0].Y", 1, 1, 2, all}}},
		{name: "nested arrays multiply the count", tree: treeOf[arrayNested](t),
			want: []prob{{layout.TrailingPadding, "A[0][0]", 3, 1, 6, all}}},
		{name: "array of one element", tree: treeOf[arrayOne](t),
			want: []prob{{layout.TrailingPadding, "A[0]", 3, 1, 1, all}}},
		{name: "array of no elements has no padding", tree: treeOf[arrayZero](t), want: nil, size: 2},
		{name: "trailing zero-size field", tree: treeOf[zeroTail](t),
			want: []prob{{layout.ZeroSizePadding, "Z", 4, 4, 1, all}}},
		{name: "trailing marker", tree: treeOf[markerTail](t),
			want: []prob{{layout.ZeroSizePadding, "_", 4, 1, 1, all}}},
		{name: "trailing zero-length array", tree: treeOf[zeroArrayTail](t),
			want: []prob{{layout.ZeroSizePadding, "Z", 2, 2, 1, all}}},
		{name: "trailing zero-size field after padding", tree: treeOf[zeroTailPadded](t),
			want: []prob{{layout.TrailingPadding, "", 9, 7, 1, all}}},
		{name: "padding only on 64-bit arches", tree: treeOf[only64](t),
			want: []prob{{layout.InteriorPadding, "B", 4, 4, 1, bits64}}},
		{name: "padding only on 64-bit arches, seen from 386", tree: treeOf[only64](t), arch: arch386,
			want: []prob{{layout.InteriorPadding, "B", 4, 4, 1, bits64}}, size: 12},
		{name: "padding only on 32-bit arches", tree: treeOf[only32Interior](t),
			want: []prob{
				{layout.PlatformSized, "P", 0, 8, 1, all},
				{layout.InteriorPadding, "V", 4, 4, 1, bits32},
			}},
		{name: "trailing padding only on 32-bit arches", tree: treeOf[only32Trailing](t),
			want: []prob{
				{layout.PlatformSized, "P", 8, 24, 1, all},
				{layout.TrailingPadding, "", 20, 4, 1, bits32},
			}},
		{name: "repeated blank fields are told apart", tree: treeOf[blanks](t),
			want: []prob{
				{layout.InteriorPadding, "_", 1, 1, 1, all},
				{layout.InteriorPadding, "_", 5, 3, 1, all},
				{layout.BoolField, "_", 12, 1, 1, all},
				{layout.BoolField, "_", 14, 1, 1, all},
				{layout.TrailingPadding, "", 15, 1, 1, all},
			}},
		{name: "bool", tree: treeOf[bools](t),
			want: []prob{
				{layout.BoolField, "B", 1, 1, 1, all},
				{layout.BoolField, "C", 2, 2, 1, all},
			}},
		{name: "platform-sized", tree: treeOf[platform](t),
			want: []prob{
				{layout.PlatformSized, "A", 0, 8, 1, all},
				{layout.PlatformSized, "B", 8, 8, 1, all},
				{layout.PlatformSized, "C", 16, 8, 1, all},
			}},
		{name: "platform-sized on 386", tree: treeOf[platform](t), arch: arch386,
			want: []prob{
				{layout.PlatformSized, "A", 0, 4, 1, all},
				{layout.PlatformSized, "B", 4, 4, 1, all},
				{layout.PlatformSized, "C", 8, 4, 1, all},
			}},
		{name: "zero-length arrays", tree: treeOf[zeroArrays](t), want: nil, size: 8},
		{name: "pointers in an array", tree: treeOf[ptrArray](t),
			want: []prob{{layout.PointerField, "A", 0, 24, 1, all}}},
		{name: "pointer in array elements", tree: treeOf[ptrElem](t),
			want: []prob{{layout.PointerField, "A[0].P", 8, 8, 2, all}}},
		{name: "string in a nested struct", tree: treeOf[ptrNested](t),
			want: []prob{{layout.PointerField, "N.S", 8, 16, 1, all}}},
		{name: "conflicting nested markers", tree: treeOf[conflictNested](t),
			want: []prob{{layout.MarkerConflict, "N._", 4, 0, 1, all}}},
		{name: "conflicting markers in one struct", tree: treeOf[conflictFlat](t),
			want: []prob{{layout.MarkerConflict, "_", 0, 0, 1, all}}},
		{name: "empty struct", tree: treeOf[struct{}](t),
			want: []prob{{layout.ZeroSize, "", 0, 0, 1, all}}},
		{name: "markers only", tree: treeOf[markersOnly](t),
			want: []prob{{layout.ZeroSize, "", 0, 0, 1, all}}},
		{name: "zero-length array", tree: treeOf[[0]uint32](t),
			want: []prob{{layout.ZeroSize, "", 0, 0, 1, all}}},
		{name: "marker as the root", tree: treeOf[endian.Big](t),
			want: []prob{{layout.ZeroSize, "", 0, 0, 1, all}}},
		{name: "too large for 32-bit arches", tree: hugeArray(1<<40, layout.Uint8),
			want: []prob{{layout.TooLarge, "", 0, 1 << 40, 1, bits32}}, size: 1 << 40},
		{name: "too large for 32-bit arches, seen from 386", tree: hugeArray(1<<40, layout.Uint8), arch: arch386,
			want: []prob{{layout.TooLarge, "", 0, 1 << 40, 1, bits32}}, size: -1},
		{name: "too large everywhere", tree: hugeArray(1<<62, layout.Uint64),
			want: []prob{{layout.TooLarge, "", 0, -1, 1, all}}, size: -1},
		{name: "too large for 64-bit arches", tree: hugeArray(1<<52, layout.Uint8),
			want: []prob{{layout.TooLarge, "", 0, 1 << 52, 1, all}}, size: -1},
		{name: "too large field", tree: &layout.Type{Kind: layout.Struct, Name: "big", Fields: []layout.Field{
			{Name: "_", Type: &layout.Type{Kind: layout.Struct, Marker: layout.HostLayout}},
			{Name: "A", Type: &layout.Type{Kind: layout.Uint8}},
			{Name: "B", Type: hugeArray(1<<40, layout.Uint8)},
		}}, want: []prob{{layout.TooLarge, "", 0, 1<<40 + 1, 1, bits32}}, size: 1<<40 + 1},
		{name: "offsets beyond the address space are measured", tree: &layout.Type{Kind: layout.Struct, Name: "big", Fields: []layout.Field{
			{Name: "_", Type: &layout.Type{Kind: layout.Struct, Marker: layout.HostLayout}},
			{Name: "A", Type: hugeArray(1<<32, layout.Uint8)},
			{Name: "B", Type: &layout.Type{Kind: layout.Bool}},
		}}, arch: arch386, want: []prob{
			{layout.TooLarge, "", 0, 1<<32 + 1, 1, bits32},
			{layout.BoolField, "B", 1 << 32, 1, 1, all},
		}, size: -1},
		{name: "pointers in a too large array", tree: &layout.Type{Kind: layout.Array, Len: 1 << 62, Elem: &layout.Type{Kind: layout.Pointer}},
			want: []prob{{layout.TooLarge, "", 0, -1, 1, all}, {layout.PointerField, "", 0, -1, 1, all}}, size: -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			arch := tc.arch
			if arch.Name == "" {
				arch = archAMD64
			}
			l := layout.Compute(tc.tree, arch)
			assert.Equal(t, tc.want, errorProbs(l), "errors:\n%s", l)
			if tc.size != 0 {
				assert.Equal(t, tc.size, l.Size)
			}
			checkErr(t, l)
			for _, p := range l.Problems {
				// Offsets come from arch when the problem occurs there,
				// otherwise from the first arch in Arches that has it.
				if p.Arches.Has(arch.Name) {
					assert.Equal(t, arch.Name, p.Arch, "%v", p)
				} else {
					assert.Equal(t, p.Arches.Names()[0], p.Arch, "%v", p)
				}
			}
		})
	}
}

// checkErr checks Err against the problems of l.
func checkErr(t *testing.T, l *layout.Layout) {
	t.Helper()
	hasError := slices.ContainsFunc(l.Problems, func(p layout.Problem) bool { return !p.IsWarning() })
	err := l.Err()
	if !hasError {
		assert.NoError(t, err)
		return
	}
	var le *layout.Error
	require.ErrorAs(t, err, &le)
	assert.Equal(t, l.Type.String(), le.Type)
	assert.Equal(t, l.Problems[:len(le.Problems)], le.Problems, "errors come first")
	for _, p := range le.Problems {
		assert.False(t, p.IsWarning())
	}
	assert.True(t, strings.HasPrefix(err.Error(), l.Type.String()+" cannot be overlaid: "), err.Error())
	assert.Contains(t, err.Error(), le.Problems[0].String())
}

func TestPointerKinds(t *testing.T) {
	type holder[T any] struct {
		_ structs.HostLayout
		_ endian.Little
		A uint64
		P T
	}
	tests := []struct {
		tree *layout.Type
		kind layout.Kind
		typ  string
		size int64 // on amd64
	}{
		{treeOf[holder[*int]](t), layout.Pointer, "*int", 8},
		{treeOf[holder[unsafe.Pointer]](t), layout.UnsafePointer, "unsafe.Pointer", 8},
		{treeOf[holder[string]](t), layout.String, "string", 16},
		{treeOf[holder[[]byte]](t), layout.Slice, "[]uint8", 24},
		{treeOf[holder[map[int]int]](t), layout.Map, "map[int]int", 8},
		{treeOf[holder[chan int]](t), layout.Chan, "chan int", 8},
		{treeOf[holder[func()]](t), layout.Func, "func()", 8},
		{treeOf[holder[any]](t), layout.Interface, "interface {}", 16},
		{treeOf[holder[error]](t), layout.Interface, "error", 16},
	}
	for _, tc := range tests {
		t.Run(tc.kind.String(), func(t *testing.T) {
			assert.Equal(t, tc.kind, tc.tree.Fields[3].Type.Kind)
			for _, a := range []layout.Arch{archAMD64, arch386} {
				l := layout.Compute(tc.tree, a)
				size := tc.size * a.WordSize / 8
				assert.Equal(t, []prob{{layout.PointerField, "P", 8, size, 1, all}}, errorProbs(l), a.Name)
				assert.Equal(t, tc.typ, l.Problems[0].Type)
				assert.Contains(t, l.Problems[0].String(), "field P ("+tc.typ+") at offset 8, size "+strconv.FormatInt(size, 10)+", holds a pointer")
			}
		})
	}
}

func TestUnsupported(t *testing.T) {
	cyclic := &layout.Type{Kind: layout.Struct, Name: "cyclic"}
	cyclic.Fields = []layout.Field{{Name: "A", Type: &layout.Type{Kind: layout.Uint8}}, {Name: "Self", Type: cyclic}}
	cyclicArray := &layout.Type{Kind: layout.Array, Len: 2, Name: "cyclicArray"}
	cyclicArray.Elem = cyclicArray
	viaArray := &layout.Type{Kind: layout.Struct, Name: "viaArray"}
	viaArray.Fields = []layout.Field{{Name: "A", Type: &layout.Type{Kind: layout.Array, Len: 2, Elem: viaArray}}}
	deep := &layout.Type{Kind: layout.Uint8}
	for range 300 {
		deep = &layout.Type{Kind: layout.Struct, Fields: []layout.Field{{Name: "F", Type: deep}}}
	}
	tests := []struct {
		name string
		tree *layout.Type
	}{
		{"nil", nil},
		{"invalid", &layout.Type{Kind: layout.Invalid, Name: "T"}},
		{"unknown kind", &layout.Type{Kind: layout.Kind(200)}},
		{"invalid field", &layout.Type{Kind: layout.Struct, Fields: []layout.Field{
			{Name: "A", Type: &layout.Type{Kind: layout.Uint32}},
			{Name: "B", Type: &layout.Type{Kind: layout.Invalid}},
		}}},
		{"unknown field kind", &layout.Type{Kind: layout.Struct, Fields: []layout.Field{
			{Name: "A", Type: &layout.Type{Kind: layout.Uint32}},
			{Name: "B", Type: &layout.Type{Kind: layout.Kind(99)}},
		}}},
		{"nil field type", &layout.Type{Kind: layout.Struct, Fields: []layout.Field{{Name: "A"}, {Name: "B", Type: &layout.Type{Kind: layout.Uint8}}}}},
		{"array of nil", &layout.Type{Kind: layout.Array, Len: 4}},
		{"cyclic struct", cyclic},
		{"cyclic array", cyclicArray},
		{"cyclic through an array", viaArray},
		{"nested too deeply", deep},
		{"invalid last field", &layout.Type{Kind: layout.Struct, Fields: []layout.Field{
			{Name: "N", Type: &layout.Type{Kind: layout.Uint32}},
			{Name: "M", Type: &layout.Type{Kind: layout.Invalid}},
		}}},
		{"array of invalid", &layout.Type{Kind: layout.Array, Len: 4, Elem: &layout.Type{Kind: layout.Invalid}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			done := make(chan *layout.Layout)
			go func() {
				l := layout.Compute(tc.tree, archAMD64)
				_ = l.String()
				_ = l.Diagram()
				done <- l
			}()
			var l *layout.Layout
			select {
			case l = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("Compute does not return")
			}
			assert.True(t, slices.ContainsFunc(l.Problems, func(p layout.Problem) bool {
				return p.Kind == layout.Unsupported && p.Arches == all
			}), "no Unsupported problem on every arch:\n%s", l)
			// Nothing about sizes can be derived from a type of unknown
			// size.
			for _, p := range l.Problems {
				assert.False(t, p.Kind.IsPadding() || p.Kind == layout.ZeroSize || p.Kind == layout.TooLarge, "%v", p)
			}
			assert.Equal(t, int64(-1), l.Size)
			assert.Empty(t, l.Padding)
			require.Error(t, l.Err())
			checkErr(t, l)
		})
	}
}

func TestDiagramOfHugeType(t *testing.T) {
	// A 1 TiB array is fine on 64-bit arches; its diagram is a few lines.
	done := make(chan string)
	go func() { done <- layout.Compute(hugeArray(1<<40, layout.Uint8), archAMD64).Diagram() }()
	select {
	case d := <-done:
		assert.Contains(t, d, "~")
		assert.Less(t, strings.Count(d, "\n"), 12, d)
	case <-time.After(10 * time.Second):
		t.Fatal("Diagram does not return")
	}
}

type (
	implicitMany struct {
		_ structs.HostLayout
		A uint32
		C [2]uint16
		B uint64
		D [8]uint8
	}
	implicitBig struct {
		_ structs.HostLayout
		_ endian.Big
		A uint32
	}
	implicitLittle struct {
		_ structs.HostLayout
		_ endian.Little
		A uint32
	}
	implicitNative struct {
		_ structs.HostLayout
		_ endian.Native
		A float64
	}
	implicitInherited struct {
		_ structs.HostLayout
		_ endian.Big
		N struct{ A uint32 }
	}
	implicitOuter struct {
		_ structs.HostLayout
		A complex64
		N struct {
			_ endian.Big
			B uint32
		}
	}
	implicitInner struct {
		_ structs.HostLayout
		A [2]uint8
		N [2]struct{ B uint16 }
	}
	endianOnly struct {
		_ structs.HostLayout
		A endian.U32BE
		B [4]byte
		C endian.F64LE
	}
	noHostLayout struct {
		A uint8
		B uint8
	}
	oneField         struct{ A uint8 }
	markersDontCount struct {
		_ endian.Big
		A uint8
	}
	nestedNoHostLayout struct {
		_ structs.HostLayout
		A uint8
		N struct {
			B, C uint8
		}
	}
)

func TestWarnings(t *testing.T) {
	tests := []struct {
		name  string
		tree  *layout.Type
		want  []prob // the warnings, exactly
		order layout.Order
	}{
		{"implicit byte order, once per type", treeOf[implicitMany](t),
			[]prob{{layout.ImplicitByteOrder, "A", 0, 4, 1, all}}, layout.OrderImplicit},
		{"endian.Big", treeOf[implicitBig](t), nil, layout.OrderBig},
		{"endian.Little", treeOf[implicitLittle](t), nil, layout.OrderLittle},
		{"endian.Native", treeOf[implicitNative](t), nil, layout.OrderNative},
		{"outer marker covers nested structs", treeOf[implicitInherited](t), nil, layout.OrderBig},
		{"nested marker does not cover the outer struct", treeOf[implicitOuter](t),
			[]prob{{layout.ImplicitByteOrder, "A", 0, 8, 1, all}}, layout.OrderBig},
		{"implicit byte order in array elements", treeOf[implicitInner](t),
			[]prob{{layout.ImplicitByteOrder, "N[0].B", 2, 2, 2, all}}, layout.OrderImplicit},
		{"endian types only", treeOf[endianOnly](t), nil, layout.OrderNone},
		{"alignment forcers hold no numbers", treeOf[zeroArrays](t), nil, layout.OrderNone},
		{"no HostLayout", treeOf[noHostLayout](t),
			[]prob{{layout.NoHostLayout, "", 0, 2, 1, all}}, layout.OrderNone},
		{"one field needs no HostLayout", treeOf[oneField](t), nil, layout.OrderNone},
		{"markers are not fields", treeOf[markersDontCount](t), nil, layout.OrderBig},
		{"nested struct without HostLayout", treeOf[nestedNoHostLayout](t),
			[]prob{{layout.NoHostLayout, "N", 1, 2, 1, all}}, layout.OrderNone},
		{"uint32 root", treeOf[uint32](t), nil, layout.OrderImplicit},
		{"complex128 root", treeOf[complex128](t), nil, layout.OrderImplicit},
		{"array root", treeOf[[4]uint16](t), nil, layout.OrderImplicit},
		{"byte array root", treeOf[[4]byte](t), nil, layout.OrderNone},
		{"endian root", treeOf[endian.U64LE](t), nil, layout.OrderNone},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, a := range []layout.Arch{archAMD64, arch386, layout.HostArch()} {
				l := layout.Compute(tc.tree, a)
				assert.Equal(t, tc.want, warningProbs(l), "on %s:\n%s", a.Name, l)
				assert.Equal(t, tc.order, l.Order, "on %s", a.Name)
				assert.Equal(t, warningProbs(l), probs(l.Warnings(), func(layout.Problem) bool { return true }))
				assert.NoError(t, l.Err(), "warnings are not errors")
			}
		})
	}
}

func TestOrder(t *testing.T) {
	type nativeBig struct {
		_ structs.HostLayout
		_ endian.Native
		A uint32
		N struct {
			_ endian.Big
			B uint32
		}
	}
	type conflict struct {
		_ endian.Little
		N struct {
			_ endian.Big
			B uint32
		}
	}
	type nativeBigSame struct {
		_ structs.HostLayout
		_ endian.Native
		_ endian.Big
		A uint32
	}
	type zeroLenMarker struct {
		_ structs.HostLayout
		_ endian.Little
		_ [0]struct {
			_ endian.Big
			X uint32
		}
		A uint32
	}
	type onlyZeroLenMarker struct {
		_ structs.HostLayout
		_ [0]struct {
			_ endian.Big
			X uint32
		}
		A uint32
	}
	tests := []struct {
		tree *layout.Type
		want layout.Order
		str  string
	}{
		{treeOf[oneField](t), layout.OrderNone, "none (no native multi-byte numbers)"},
		{treeOf[implicitMany](t), layout.OrderImplicit, "implicit (host order, undeclared)"},
		{treeOf[implicitBig](t), layout.OrderBig, "big endian"},
		{treeOf[implicitLittle](t), layout.OrderLittle, "little endian"},
		{treeOf[implicitNative](t), layout.OrderNative, "native (host order)"},
		{treeOf[conflict](t), layout.OrderConflict, "conflicting"},
		// Native does not contradict a Big struct nested in it: each
		// struct's numbers are in the order it declares, so the type fits
		// big-endian hosts.
		{treeOf[nativeBig](t), layout.OrderBig, "big endian"},
		// In one struct they contradict each other.
		{treeOf[nativeBigSame](t), layout.OrderConflict, "conflicting"},
		// A marker in a zero-length array declares nothing.
		{treeOf[zeroLenMarker](t), layout.OrderLittle, "little endian"},
		{treeOf[onlyZeroLenMarker](t), layout.OrderImplicit, "implicit (host order, undeclared)"},
	}
	for _, tc := range tests {
		l := layout.Compute(tc.tree, archAMD64)
		assert.Equal(t, tc.want, l.Order, "%s", l.Type)
		assert.Equal(t, tc.str, l.Order.String())
	}
	assert.Empty(t, layout.Compute(treeOf[nativeBig](t), archAMD64).Problems)
	assert.Empty(t, layout.Compute(treeOf[zeroLenMarker](t), archAMD64).Problems, "no conflict with a marker in no element")
	assert.Equal(t, []prob{{layout.MarkerConflict, "_", 0, 0, 1, all}},
		errorProbs(layout.Compute(treeOf[nativeBigSame](t), archAMD64)))
	// The warning agrees with the order: no marker declares one.
	assert.Equal(t, []prob{{layout.ImplicitByteOrder, "A", 0, 4, 1, all}},
		warningProbs(layout.Compute(treeOf[onlyZeroLenMarker](t), archAMD64)))
	assert.Equal(t, "Order(?)", layout.Order(99).String())
}

func TestOf(t *testing.T) {
	_, err := layout.OfType(nil)
	require.Error(t, err)
	_, err = layout.FromReflect(nil)
	require.Error(t, err)

	host := layout.HostArch()
	tests := []struct {
		l           *layout.Layout
		rt          reflect.Type
		size, align int64
		err         bool
	}{
		{layout.Of[uint32](), reflect.TypeFor[uint32](), 4, 4, false},
		{layout.Of[[4]uint16](), reflect.TypeFor[[4]uint16](), 8, 2, false},
		{layout.Of[endian.U32BE](), reflect.TypeFor[endian.U32BE](), 4, 1, false},
		{layout.Of[[3]endian.I16LE](), reflect.TypeFor[[3]endian.I16LE](), 6, 1, false},
		{layout.Of[endian.Big](), reflect.TypeFor[endian.Big](), 0, 1, true},
		{layout.Of[structs.HostLayout](), reflect.TypeFor[structs.HostLayout](), 0, 1, true},
		{layout.Of[interior](), reflect.TypeFor[interior](), 8, 4, true},
		{layout.Of[int](), reflect.TypeFor[int](), host.WordSize, host.WordSize, true},
		{layout.Of[*int](), reflect.TypeFor[*int](), host.WordSize, host.WordSize, true},
	}
	for _, tc := range tests {
		t.Run(tc.rt.String(), func(t *testing.T) {
			l, err := layout.OfType(tc.rt)
			require.NoError(t, err)
			assert.Equal(t, tc.l, l, "Of and OfType agree")
			assert.Equal(t, host, l.Arch)
			assert.Equal(t, tc.rt.String(), l.Type.String())
			assert.Equal(t, tc.size, l.Size)
			assert.Equal(t, tc.align, l.Align)
			assert.Equal(t, int64(tc.rt.Size()), l.Size)
			assert.Equal(t, int64(tc.rt.Align()), l.Align)
			assert.Equal(t, tc.err, l.Err() != nil, "%v", l.Err())
			checkErr(t, l)
			if tc.rt.Kind() != reflect.Struct {
				require.Len(t, l.Fields, 1)
				assert.Equal(t, layout.Leaf{Path: "", Offset: 0, Size: tc.size, Type: tc.rt.String()}, l.Fields[0])
			}
		})
	}
}

func TestFromReflect(t *testing.T) {
	type inner struct {
		_ structs.HostLayout
		X uint16
	}
	type outer struct {
		_ structs.HostLayout
		_ endian.Big
		inner
		A [2]inner
		P *outer // recursive through a pointer: a leaf
		M map[string]outer
	}
	tt := treeOf[outer](t)
	assert.Equal(t, layout.Struct, tt.Kind)
	assert.Equal(t, "layout_test.outer", tt.Name)
	require.Len(t, tt.Fields, 6)
	assert.Equal(t, layout.HostLayout, tt.Fields[0].Type.Marker)
	assert.Equal(t, layout.Big, tt.Fields[1].Type.Marker)
	assert.Empty(t, tt.Fields[1].Type.Fields, "a marker is a leaf")
	assert.True(t, tt.Fields[2].Embedded)
	assert.Equal(t, "inner", tt.Fields[2].Name)
	assert.Same(t, tt.Fields[2].Type, tt.Fields[3].Type.Elem, "one node per reflect.Type")
	assert.Equal(t, int64(2), tt.Fields[3].Type.Len)
	assert.Equal(t, layout.Pointer, tt.Fields[4].Type.Kind)
	assert.Nil(t, tt.Fields[4].Type.Elem)
	assert.Equal(t, layout.Map, tt.Fields[5].Type.Kind)

	anon := treeOf[struct{ A uint8 }](t)
	assert.Empty(t, anon.Name)
	assert.Equal(t, "struct{...}", anon.String())

	a64 := treeOf[atomic.Int64](t)
	assert.True(t, slices.ContainsFunc(a64.Fields, func(f layout.Field) bool { return f.Type.Marker == layout.Align64 }))
	l := layout.Compute(&layout.Type{Kind: layout.Struct, Fields: []layout.Field{
		{Name: "A", Type: &layout.Type{Kind: layout.Uint32}},
		{Name: "V", Type: a64},
	}}, arch386)
	assert.Equal(t, int64(8), l.Align, "align64 aligns to 8 on 386")
	assert.Equal(t, int64(16), l.Size)
}

func TestTypeString(t *testing.T) {
	tests := []struct {
		t    *layout.Type
		want string
	}{
		{nil, "<nil>"},
		{&layout.Type{Kind: layout.Uint16}, "uint16"},
		{&layout.Type{Kind: layout.Uint16, Name: "pkt.Port"}, "pkt.Port"},
		{&layout.Type{Kind: layout.Array, Len: 3, Elem: &layout.Type{Kind: layout.Uint8}}, "[3]uint8"},
		{&layout.Type{Kind: layout.Array, Len: 3}, "array"},
		{&layout.Type{Kind: layout.Struct}, "struct{...}"},
		{&layout.Type{Kind: layout.UnsafePointer}, "unsafe.Pointer"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, tc.t.String())
	}
}

func TestKindStrings(t *testing.T) {
	assert.Equal(t, "invalid", layout.Invalid.String())
	assert.Equal(t, "complex128", layout.Complex128.String())
	assert.Equal(t, "struct", layout.Struct.String())
	assert.Equal(t, "Kind(200)", layout.Kind(200).String())
	for k := layout.Invalid; k <= layout.Struct; k++ {
		assert.NotContains(t, k.String(), "Kind(", "kind %d has no name", k)
	}

	errorKinds := []layout.ProblemKind{
		layout.InteriorPadding, layout.TrailingPadding, layout.ZeroSizePadding, layout.PointerField,
		layout.BoolField, layout.PlatformSized, layout.MarkerConflict, layout.ZeroSize,
		layout.TooLarge, layout.Unsupported,
	}
	for _, k := range errorKinds {
		assert.False(t, k.IsWarning(), "%v", k)
		assert.NotContains(t, k.String(), "ProblemKind(")
	}
	for _, k := range []layout.ProblemKind{layout.ImplicitByteOrder, layout.NoHostLayout} {
		assert.True(t, k.IsWarning(), "%v", k)
		assert.NotContains(t, k.String(), "ProblemKind(")
	}
	var padding []layout.ProblemKind
	for k := layout.ProblemKind(0); k < 20; k++ {
		if k.IsPadding() {
			padding = append(padding, k)
		}
	}
	assert.Equal(t, []layout.ProblemKind{layout.InteriorPadding, layout.TrailingPadding, layout.ZeroSizePadding}, padding)
	assert.Equal(t, "ProblemKind(0)", layout.ProblemKind(0).String())
	assert.Equal(t, "ProblemKind(99)", layout.ProblemKind(99).String())

	markers := []struct {
		pkg, name string
		want      layout.Marker
		str       string
	}{
		{"structs", "HostLayout", layout.HostLayout, "structs.HostLayout"},
		{layout.EndianPath, "Big", layout.Big, "endian.Big"},
		{layout.EndianPath, "Little", layout.Little, "endian.Little"},
		{layout.EndianPath, "Native", layout.Native, "endian.Native"},
		{"sync/atomic", "align64", layout.Align64, "atomic.align64"},
		{"internal/runtime/atomic", "align64", layout.Align64, "atomic.align64"},
		{"encoding/binary", "Big", layout.NoMarker, "no marker"},
		{layout.EndianPath, "U16BE", layout.NoMarker, "no marker"},
		{"structs", "Other", layout.NoMarker, "no marker"},
	}
	for _, m := range markers {
		assert.Equal(t, m.want, layout.MarkerOf(m.pkg, m.name), "%s.%s", m.pkg, m.name)
		assert.Equal(t, m.str, m.want.String())
	}
	// The markers in the endian package are the ones the engine knows.
	for _, rt := range []reflect.Type{reflect.TypeFor[endian.Big](), reflect.TypeFor[endian.Little](), reflect.TypeFor[endian.Native](), reflect.TypeFor[structs.HostLayout]()} {
		assert.NotEqual(t, layout.NoMarker, layout.MarkerOf(rt.PkgPath(), rt.Name()), "%v", rt)
	}
}

func TestArchSet(t *testing.T) {
	assert.Equal(t, len(layout.Arches), layout.AllArches.Len())
	assert.Equal(t, "all arches", layout.AllArches.String())
	assert.Equal(t, "64-bit arches", bits64.String())
	assert.Equal(t, "32-bit arches (386, arm, mips, mipsle)", bits32.String())
	assert.Equal(t, "no arch", layout.ArchSet(0).String())
	s := layout.ArchSetOf("arm", "amd64", "bogus")
	assert.Equal(t, 2, s.Len())
	assert.Equal(t, []string{"amd64", "arm"}, s.Names())
	assert.Equal(t, "amd64, arm", s.String())
	assert.True(t, s.Has("arm"))
	assert.False(t, s.Has("386"))
	assert.False(t, s.Has("bogus"))
	assert.Equal(t, layout.AllArches, bits32|bits64)
	assert.Zero(t, bits32&bits64)
}

func TestProblemStrings(t *testing.T) {
	tests := []struct {
		tree *layout.Type
		arch layout.Arch
		want []string
	}{
		{treeOf[interior](t), archAMD64, []string{"3 bytes of padding at offset 1, before field B; make it explicit: _ [3]byte before B"}},
		{treeOf[trailing](t), archAMD64, []string{"3 bytes of trailing padding at offset 5; make it explicit: _ [3]byte as the last field"}},
		{treeOf[nestedTrailing](t), archAMD64, []string{"3 bytes of trailing padding at offset 5, at the end of N; make it explicit: _ [3]byte as the last field"}},
		{treeOf[arrayTrailing](t), archAMD64, []string{"1 byte of trailing padding at offset 3, at the end of A[0], in each of 3 array elements; make it explicit: _ [1]byte as the last field"}},
		{treeOf[zeroTail](t), archAMD64, []string{"4 bytes of padding at offset 4 after trailing zero-size field Z (gc pads a struct that ends in a zero-size field); make it explicit: _ [4]byte after Z"}},
		{treeOf[only64](t), arch386, []string{"4 bytes of padding at offset 4, before field B (on 64-bit arches); make it explicit: _ [4]byte before B (this moves the fields after it and grows the struct on 32-bit arches (386, arm, mips, mipsle))"}},
		{treeOf[only32Interior](t), archAMD64, []string{
			"field P (uintptr) at offset 0, size 8, has a size that differs by arch (on 64-bit arches; 4 bytes at offset 0 on 32-bit arches (386, arm, mips, mipsle)); use a fixed-size type such as int64 or endian.I64LE",
			"4 bytes of padding at offset 4, before field V (on 32-bit arches (386, arm, mips, mipsle)); the padding differs by arch, so no one explicit field removes it everywhere: reorder the fields or use the endian types (alignment 1)",
			"struct V (atomic.Int64) has no _ structs.HostLayout field: Go does not promise to keep its field order without one; add _ structs.HostLayout as the first field",
		}},
		{treeOf[bools](t), archAMD64, []string{
			"field B (bool) at offset 1 is a bool: bytes other than 0 and 1 would be invalid bools; use endian.Bool (one byte that casts validate as 0 or 1, with Get and Set) or uint8",
			"field C ([2]bool) at offset 2 is a bool: bytes other than 0 and 1 would be invalid bools; use endian.Bool (one byte that casts validate as 0 or 1, with Get and Set) or uint8",
		}},
		{treeOf[ptrElem](t), archAMD64, []string{"field A[0].P (*int) at offset 8, size 8, holds a pointer, which no byte buffer can supply, in each of 2 array elements (on 64-bit arches; 4 bytes at offset 8 on 32-bit arches (386, arm, mips, mipsle)); store offsets or indexes as fixed-size numbers instead"}},
		{treeOf[conflictNested](t), archAMD64, []string{"field N._ (endian.Little) conflicts with the byte-order marker at _ (endian.Big); declare one byte order per type"}},
		{treeOf[struct{}](t), archAMD64, []string{"the type has size 0: there is nothing to overlay"}},
		{hugeArray(1<<40, layout.Uint8), archAMD64, []string{"the type's size, 1099511627776 bytes, does not fit the address space (on 32-bit arches (386, arm, mips, mipsle))"}},
		{hugeArray(1<<62, layout.Uint64), archAMD64, []string{"the type's size overflows the address space"}},
		{&layout.Type{Kind: layout.Invalid, Name: "T"}, archAMD64, []string{"the type (T) cannot be laid out: its type could not be determined"}},
		{treeOf[implicitMany](t), archAMD64, []string{"field A (uint32) at offset 0 is a multi-byte number in host byte order, but no struct declares one; add _ endian.Little, _ endian.Big or _ endian.Native as the first field, or use endian types"}},
		{treeOf[noHostLayout](t), archAMD64, []string{"the struct (layout_test.noHostLayout) has no _ structs.HostLayout field: Go does not promise to keep its field order without one; add _ structs.HostLayout as the first field"}},
		{treeOf[nestedNoHostLayout](t), archAMD64, []string{"struct N (struct{...}) has no _ structs.HostLayout field: Go does not promise to keep its field order without one; add _ structs.HostLayout as the first field"}},
	}
	for _, tc := range tests {
		l := layout.Compute(tc.tree, tc.arch)
		var got []string
		for _, p := range l.Problems {
			got = append(got, p.String())
		}
		assert.Equal(t, tc.want, got, "%s", l.Type)
	}
}

func TestErrorMessage(t *testing.T) {
	type manyBools struct {
		_                structs.HostLayout
		A, B, C, D, E, F bool
	}
	l := layout.Compute(treeOf[manyBools](t), archAMD64)
	err := l.Err()
	require.Error(t, err)
	var le *layout.Error
	require.ErrorAs(t, err, &le)
	assert.Len(t, le.Problems, 6)
	msg := err.Error()
	assert.True(t, strings.HasPrefix(msg, "layout_test.manyBools cannot be overlaid: field A (bool) at offset 0 is a bool"), msg)
	assert.Contains(t, msg, "; field C (bool) at offset 2")
	assert.NotContains(t, msg, "field D")
	assert.True(t, strings.HasSuffix(msg, "; and 3 more"), msg)

	err = layout.Compute(treeOf[only64](t), arch386).Err()
	require.Error(t, err)
	assert.Equal(t, "layout_test.only64 cannot be overlaid: 4 bytes of padding at offset 4, before field B (on 64-bit arches); make it explicit: _ [4]byte before B (this moves the fields after it and grows the struct on 32-bit arches (386, arm, mips, mipsle))", err.Error())

	// Warnings alone are no error.
	assert.NoError(t, layout.Compute(treeOf[noHostLayout](t), archAMD64).Err())
}

// TestArrayElementsAreNotLeaves checks that an array, even of one struct,
// is one leaf of the table.
func TestArrayElementsAreNotLeaves(t *testing.T) {
	l := layout.Compute(treeOf[arrayOne](t), archAMD64)
	assert.Equal(t, []layout.Leaf{
		{Path: "_", Index: []int{0}, Offset: 0, Size: 0, Type: "structs.HostLayout"},
		{Path: "_", Index: []int{1}, Offset: 0, Size: 0, Type: "endian.Little"},
		{Path: "A", Index: []int{2}, Offset: 0, Size: 4, Type: "[1]layout_test.elem3"},
	}, l.Fields)
	assert.Equal(t, []layout.Span{{Kind: layout.TrailingPadding, Path: "A[0]", Index: []int{2}, Offset: 3, Size: 1, Count: 1}}, l.Padding)

	l = layout.Compute(treeOf[[1]struct{}](t), archAMD64)
	assert.Equal(t, []layout.Leaf{{Path: "", Offset: 0, Size: 0, Type: "[1]struct {}"}}, l.Fields)
}

func TestOrderFitsHost(t *testing.T) {
	for _, a := range layout.Arches {
		t.Run(a.Name, func(t *testing.T) {
			assert.Equal(t, a.BigEndian, layout.OrderBig.FitsHost(a))
			assert.Equal(t, !a.BigEndian, layout.OrderLittle.FitsHost(a))
			assert.False(t, layout.OrderConflict.FitsHost(a))
			for _, o := range []layout.Order{layout.OrderNone, layout.OrderImplicit, layout.OrderNative} {
				assert.True(t, o.FitsHost(a), o.String())
			}
		})
	}
}

func TestErrorsMatchesErr(t *testing.T) {
	type padded struct {
		_ structs.HostLayout
		A uint8
		B uint32
	}
	type implicit struct {
		_ structs.HostLayout
		A uint32
	}
	bad, good := layout.Of[padded](), layout.Of[implicit]()
	require.Error(t, bad.Err())
	var le *layout.Error
	require.ErrorAs(t, bad.Err(), &le)
	assert.Equal(t, le.Problems, bad.Errors())
	require.NoError(t, good.Err())
	assert.Empty(t, good.Errors())
	assert.NotEmpty(t, good.Warnings(), "implicit byte order is a warning, not an error")
}

package layout_test

import (
	"fmt"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/layout"
	"github.com/go-overlay/overlay/layout/typesfront"
)

// dag returns a struct tree of levels levels, each holding two fields of
// the level below, over a padded leaf struct: 2^levels field paths lead
// to the leaf's padding. (reflect.StructOf cannot build it: the string of
// an anonymous struct doubles with each level.)
func dag(levels int) *layout.Type {
	t := &layout.Type{Kind: layout.Struct, Name: "leaf", Fields: []layout.Field{
		{Name: "X", Type: &layout.Type{Kind: layout.Uint8, Name: "uint8"}},
		{Name: "Y", Type: &layout.Type{Kind: layout.Uint16, Name: "uint16"}},
	}}
	for i := range levels {
		t = &layout.Type{Kind: layout.Struct, Name: fmt.Sprint("level", i+1), Fields: []layout.Field{{Name: "A", Type: t}, {Name: "B", Type: t}}}
	}
	return t
}

// TestSharedStructsOnce checks that a type built from a DAG of shared
// structs is laid out per distinct struct and its problems reported once,
// at their first path, with the number of paths.
func TestSharedStructsOnce(t *testing.T) {
	const levels = 24 // 16M paths: hopeless for a walk per path
	tree := dag(levels)
	l := layout.Assess(tree, archAMD64, all)
	assert.Equal(t, int64(4<<levels), l.Size)
	errs := l.Errors()
	require.Len(t, errs, 1, "%v", errs)
	p := errs[0]
	assert.Equal(t, layout.InteriorPadding, p.Kind)
	assert.Equal(t, strings.Repeat("A.", levels)+"Y", p.Path)
	assert.Equal(t, int64(1)<<levels, p.Paths)
	assert.Equal(t, int64(1), p.Offset)
	require.NotNil(t, p.Fix)
	assert.Equal(t, int64(1), p.Fix.Size)
	// Every struct of the DAG lacks HostLayout: one warning each, and one
	// for the implicit byte order.
	assert.Len(t, l.Warnings(), levels+2)
	// The padding is counted at every use.
	assert.Equal(t, int64(1)<<levels, layout.ShapeOf(tree, archAMD64).Padding)
}

// nested returns a chain of n struct levels around a uint8, as reflect
// builds it and as go/types does.
func nested(n int) (reflect.Type, types.Type) {
	rt := reflect.TypeFor[uint8]()
	var gt types.Type = types.Typ[types.Uint8]
	for range n {
		rt = reflect.StructOf([]reflect.StructField{{Name: "X", Type: rt}})
		gt = types.NewStruct([]*types.Var{types.NewField(0, nil, "X", gt, false)}, nil)
	}
	return rt, gt
}

// TestDepthLimit checks that both front ends meet the one depth limit at
// the same depth, and that exceeding it is reported.
func TestDepthLimit(t *testing.T) {
	for _, n := range []int{layout.MaxDepth - 1, layout.MaxDepth, layout.MaxDepth + 1, 3 * layout.MaxDepth} {
		rt, gt := nested(n)
		rtree, err := layout.FromReflect(rt)
		require.NoError(t, err)
		gtree, err := typesfront.Tree(gt)
		require.NoError(t, err)
		rl, gl := layout.Compute(rtree, archAMD64), layout.Compute(gtree, archAMD64)
		rl.Type, gl.Type = nil, nil
		assert.Equal(t, rl, gl, "depth %d: reflect and go/types agree", n)
		if n <= layout.MaxDepth {
			require.NoError(t, rl.Err(), "depth %d", n)
			assert.Equal(t, int64(1), rl.Size)
			continue
		}
		require.Error(t, rl.Err(), "depth %d", n)
		require.Len(t, rl.Problems, 1)
		p := rl.Problems[0]
		assert.Equal(t, layout.Unsupported, p.Kind)
		assert.Equal(t, fmt.Sprintf("the type is nested %d levels deep, more than the limit of %d", n, layout.MaxDepth), p.Detail)
	}
}

// TestSizeLimitsMatchCompiler builds, for every 32-bit arch, arrays and
// structs at the engine's size limits and one byte over, and checks that
// gc accepts exactly those the engine does.
func TestSizeLimitsMatchCompiler(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build for each 32-bit arch")
	}
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module lim\n\ngo 1.26\n"), 0o644))
	build := func(arch, decl string) bool {
		src := "package main\n\n" + decl + "\n\nvar p *T\n\nfunc main() { println(p != nil) }\n"
		require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644))
		cmd := exec.Command("go", "build", "-o", os.DevNull, ".")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOARCH="+arch, "GOOS=linux", "CGO_ENABLED=0")
		return cmd.Run() == nil
	}
	u8 := &layout.Type{Kind: layout.Uint8, Name: "uint8"}
	array := func(n int64) *layout.Type {
		return &layout.Type{Kind: layout.Array, Name: "[n]uint8", Len: n, Elem: u8}
	}
	for _, a := range layout.Arches {
		if a.WordSize != 4 {
			continue
		}
		for _, n := range []int64{a.MaxSize, a.MaxSize + 1} {
			if n >= 1<<31 {
				continue // not even a valid array length on 32-bit arches
			}
			fits := !hasKind(layout.ComputeFor(array(n), a, layout.ArchSetOf(a.Name)), layout.TooLarge)
			assert.Equal(t, fits, build(a.Name, fmt.Sprintf("type T [%d]byte", n)), "%s: [%d]byte", a.Name, n)
		}
		for _, n := range []int64{a.MaxStructSize, a.MaxStructSize + 1} {
			st := &layout.Type{Kind: layout.Struct, Name: "T", Fields: []layout.Field{{Name: "A", Type: array(n - 1)}, {Name: "B", Type: u8}}}
			fits := !hasKind(layout.ComputeFor(st, a, layout.ArchSetOf(a.Name)), layout.TooLarge)
			assert.Equal(t, fits, build(a.Name, fmt.Sprintf("type T struct{ A [%d]byte; B byte }", n-1)), "%s: %d-byte struct", a.Name, n)
		}
	}
}

func hasKind(l *layout.Layout, k layout.ProblemKind) bool {
	for _, p := range l.Problems {
		if p.Kind == k {
			return true
		}
	}
	return false
}

// TestArchSetIsAnInput checks that problems are looked for on the arches
// asked about only, with figures for each.
func TestArchSetIsAnInput(t *testing.T) {
	type gaps struct {
		A uint32
		B uint64
	}
	tree := treeOf[gaps](t)
	l := layout.ComputeFor(tree, arch386, layout.ArchSetOf("386", "arm"))
	assert.Empty(t, l.Errors(), "no gap on 32-bit arches")
	l = layout.ComputeFor(tree, arch386, layout.ArchSetOf("386", "arm64"))
	errs := l.Errors()
	require.Len(t, errs, 1)
	assert.Equal(t, layout.ArchSetOf("arm64"), errs[0].Arches)
	assert.Equal(t, "arm64", errs[0].Arch, "measured on an arch asked about")
	assert.Equal(t, []layout.Figure{{Offset: 4, Size: 4, Count: 1, Arches: layout.ArchSetOf("arm64")}}, errs[0].Figures)
	require.NotNil(t, errs[0].Fix)
	assert.Equal(t, layout.Fix{Kind: layout.PadField, Struct: []int{}, At: 1, Field: "B", Size: 4, Moves: layout.ArchSetOf("386")}, *errs[0].Fix)

	// A problem whose figures differ by arch lists each.
	type ptrs struct {
		A uint8
		P *int
	}
	l = layout.Compute(treeOf[ptrs](t), archAMD64)
	var ptr layout.Problem
	for _, p := range l.Problems {
		if p.Kind == layout.PointerField {
			ptr = p
		}
	}
	assert.Equal(t, []layout.Figure{
		{Offset: 8, Size: 8, Count: 1, Arches: bits64},
		{Offset: 4, Size: 4, Count: 1, Arches: bits32},
	}, ptr.Figures)
	assert.Equal(t, []int{1}, ptr.Index)
}

// TestShapeOf checks the one-arch query against go/types' sizes.
func TestShapeOf(t *testing.T) {
	type s struct {
		A uint8
		B uint64
		C uint16
	}
	tree := treeOf[s](t)
	for _, a := range []layout.Arch{archAMD64, arch386} {
		sz := types.SizesFor("gc", a.Name)
		st := types.NewStruct([]*types.Var{
			types.NewField(0, nil, "A", types.Typ[types.Uint8], false),
			types.NewField(0, nil, "B", types.Typ[types.Uint64], false),
			types.NewField(0, nil, "C", types.Typ[types.Uint16], false),
		}, nil)
		offs := sz.Offsetsof([]*types.Var{st.Field(0), st.Field(1), st.Field(2)})
		size := sz.Sizeof(st)
		sh := layout.ShapeOf(tree, a)
		assert.True(t, sh.Known)
		assert.Equal(t, size, sh.Size, a.Name)
		assert.Equal(t, sz.Alignof(st), sh.Align, a.Name)
		assert.Equal(t, offs, sh.Offsets, a.Name)
		wantGaps := []int64{0, offs[1] - 1, 0, size - (offs[2] + 2)}
		assert.Equal(t, wantGaps, sh.Gaps, a.Name)
		assert.Equal(t, wantGaps[1]+wantGaps[3], sh.Padding, a.Name)
	}
}

// TestSizeLimits checks the limits TestSizeLimitsMatchCompiler found in
// gc: a 1<<31-1 byte array is too large for mips and mipsle only, a
// 1<<31-1 byte struct for every 32-bit arch.
func TestSizeLimits(t *testing.T) {
	u8 := &layout.Type{Kind: layout.Uint8, Name: "uint8"}
	arr := &layout.Type{Kind: layout.Array, Name: "[2147483647]uint8", Len: 1<<31 - 1, Elem: u8}
	tooLarge := func(tree *layout.Type) layout.ArchSet {
		for _, p := range layout.Compute(tree, archAMD64).Problems {
			if p.Kind == layout.TooLarge {
				return p.Arches
			}
		}
		return 0
	}
	assert.Equal(t, layout.ArchSetOf("mips", "mipsle"), tooLarge(arr))
	st := &layout.Type{Kind: layout.Struct, Name: "T", Fields: []layout.Field{
		{Name: "A", Type: &layout.Type{Kind: layout.Array, Name: "[2147483646]uint8", Len: 1<<31 - 2, Elem: u8}},
		{Name: "B", Type: u8},
	}}
	assert.Equal(t, bits32, tooLarge(st))
	// Inside an array that itself fits, the struct is still too large.
	assert.Equal(t, bits32, tooLarge(&layout.Type{Kind: layout.Array, Name: "[1]T", Len: 1, Elem: st}))
	st.Fields[0].Type = &layout.Type{Kind: layout.Array, Name: "[2147483645]uint8", Len: 1<<31 - 3, Elem: u8}
	assert.Equal(t, layout.ArchSet(0), tooLarge(st))
}

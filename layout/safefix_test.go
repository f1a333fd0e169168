package layout_test

import (
	"go/token"
	"go/types"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/layout"
	"github.com/go-overlay/overlay/layout/typesfront"
)

// TestSafeFix checks SafeFix against go/types: on every arch the struct
// with the field inserted keeps the size and the offset of every field it
// had, and the padding left at the insertion point is the gap minus the
// field, on the arches Fix.Leaves names.
func TestSafeFix(t *testing.T) {
	for _, tc := range []struct {
		src  string
		kind layout.ProblemKind
		size int64 // 0: no safe fix
	}{
		{"struct{A uint8; B uint64}", layout.InteriorPadding, 3},
		{"struct{A uint64; B uint8}", layout.TrailingPadding, 3},
		{"struct{A uint16; B uint64; C uint8}", layout.InteriorPadding, 2},
		{"struct{A uint8; B uint32}", layout.InteriorPadding, 3},  // the same everywhere
		{"struct{A uint32; B uint64}", layout.InteriorPadding, 0}, // no gap on 32-bit arches
		{"struct{A uint64; B [0]uint8}", layout.ZeroSizePadding, 4},
	} {
		t.Run(tc.src, func(t *testing.T) {
			tv, err := types.Eval(token.NewFileSet(), types.NewPackage("p", "p"), token.NoPos, tc.src)
			require.NoError(t, err)
			st := tv.Type.(*types.Struct)
			tree, err := typesfront.Tree(st)
			require.NoError(t, err)
			l := layout.ComputeFor(tree, layout.Arches[1], layout.AllArches)
			var p *layout.Problem
			for i := range l.Problems {
				if l.Problems[i].Kind == tc.kind {
					p = &l.Problems[i]
				}
			}
			require.NotNil(t, p, "no %s problem in %v", tc.kind, l.Problems)
			f, ok := l.SafeFix(*p)
			if tc.size == 0 {
				assert.False(t, ok, "%+v", f)
				return
			}
			require.True(t, ok)
			assert.Equal(t, tc.size, f.Size)
			assert.Equal(t, layout.PadField, f.Kind)
			assert.Empty(t, f.Struct)

			// The struct with the field, by go/types.
			var fields []*types.Var
			for i := range st.NumFields() {
				fields = append(fields, st.Field(i))
			}
			pad := types.NewField(token.NoPos, nil, "_", types.NewArray(types.Typ[types.Byte], f.Size), false)
			fixed := append(append(append([]*types.Var(nil), fields[:f.At]...), pad), fields[f.At:]...)
			fixedSt := types.NewStruct(fixed, nil)
			var leaves layout.ArchSet
			for _, a := range layout.Arches {
				sizes := types.SizesFor("gc", a.Name)
				was, now := sizes.Offsetsof(fields), sizes.Offsetsof(fixed)
				assert.Equal(t, sizes.Sizeof(st), sizes.Sizeof(fixedSt), "size on %s", a.Name)
				for i := range fields {
					j := i
					if i >= f.At {
						j++
					}
					assert.Equal(t, was[i], now[j], "offset of %s on %s", fields[i].Name(), a.Name)
				}
				// Padding left right after the inserted field.
				next := sizes.Sizeof(fixedSt)
				if f.At+1 < len(fixed) {
					next = now[f.At+1]
				}
				if next > now[f.At]+f.Size {
					leaves |= layout.ArchSetOf(a.Name)
				}
			}
			assert.Equal(t, leaves.Names(), f.Leaves.Names())
		})
	}
}

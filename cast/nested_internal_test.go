package cast

import (
	"reflect"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/endian"
	"github.com/go-overlay/overlay/layout"
)

type noValidator struct {
	A endian.U32BE
	B [4]struct{ C, D uint8 }
	E endian.F64LE
}

type withBools struct {
	A    endian.U64LE
	Flag endian.Bool
	Pad  [3]uint8
	Arr  [2]struct {
		X uint16
		B endian.Bool
		_ uint8
	}
}

// A type with no Validate anywhere has no validation and keeps the fast
// path; one with a validator deep inside has both a validation and the
// slow path.
func TestNestedFastPath(t *testing.T) {
	v := verdictOf[noValidator]()
	require.Nil(t, v.err)
	assert.Nil(t, v.validate)
	assert.Nil(t, v.scratch)
	assert.NotZero(t, v.nmask, "fast path")

	w := verdictOf[withBools]()
	require.Nil(t, w.err)
	assert.NotNil(t, w.validate)
	assert.NotNil(t, w.scratch)
	assert.Zero(t, w.nmask, "slow path")
}

// The plan's offsets, which come from the layout engine, are the
// compiler's.
func TestNestedPlanOffsets(t *testing.T) {
	rt := reflect.TypeFor[withBools]()
	pl := validationPlan(t, rt)
	require.Len(t, pl.parts, 2)
	assert.Equal(t, "Flag", pl.parts[0].name)
	assert.Equal(t, unsafe.Offsetof(withBools{}.Flag), pl.parts[0].off)
	assert.Equal(t, "Arr", pl.parts[1].name)
	assert.Equal(t, unsafe.Offsetof(withBools{}.Arr), pl.parts[1].off)
	arr := pl.parts[1].plan.parts[0]
	assert.Equal(t, 2, arr.count)
	assert.Equal(t, rt.Field(3).Type.Elem().Size(), arr.stride)
	assert.Equal(t, rt.Field(3).Type.Elem().Field(1).Offset, arr.plan.parts[0].off)
}

func validationPlan(t *testing.T, rt reflect.Type) *vplan {
	t.Helper()
	lt, err := layout.FromReflect(rt)
	require.NoError(t, err)
	pl := planOf(rt, lt, false)
	require.NotNil(t, pl)
	return pl
}

package cast_test

import (
	"errors"
	"reflect"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/layout"
)

// rejections returns the *cast.Error that each entry point returns for a
// type that cannot be overlaid.
func rejections[T any](t *testing.T) []*cast.Error {
	t.Helper()
	var errs []error
	errs = append(errs, cast.Check[T]())
	_, err := cast.NewOverlay[T]()
	errs = append(errs, err)
	_, err = cast.To[T](make([]byte, 8))
	errs = append(errs, err)
	_, err = cast.Read[T](make([]byte, 8))
	errs = append(errs, err)
	_, _, err = cast.SlicePrefix[T](make([]byte, 8), 1)
	errs = append(errs, err)
	var out []*cast.Error
	for _, err := range errs {
		var e *cast.Error
		require.ErrorAs(t, err, &e)
		require.ErrorIs(t, err, cast.ErrLayout)
		require.NotEmpty(t, e.Problems)
		out = append(out, e)
	}
	return out
}

// TestErrorProblemsAreTheCallersCopy edits the Problems of a returned
// error every way a caller might, and checks that later errors for the
// type, from every entry point, are unchanged (issue 10: the slice was the
// verdict cache's own, so an edit changed every later error, process-wide).
func TestErrorProblemsAreTheCallersCopy(t *testing.T) {
	want := append([]layout.Problem(nil), rejections[padded](t)[0].Problems...)
	wantMsg := cast.Check[padded]().Error()

	for _, e := range rejections[padded](t) {
		e.Problems[0].Path = "Edited"
		e.Problems[0].Offset = -1
		e.Problems[len(e.Problems)-1].Kind = layout.PointerField
		e.Problems = append(e.Problems[:0], layout.Problem{Kind: layout.BoolField})
	}
	for _, e := range rejections[padded](t) {
		assert.Equal(t, want, e.Problems, "%s", e.Op)
	}
	assert.Equal(t, wantMsg, cast.Check[padded]().Error())
}

// TestErrorsShareNoMemory checks, field by field through reflect, that two
// errors for the same type share no slice, map or pointer target: so a
// field that package layout adds to Problem later (a path of indices, a
// table of offsets per arch) cannot bring the sharing back unnoticed.
func TestErrorsShareNoMemory(t *testing.T) {
	a, b := rejections[conflicting](t), rejections[conflicting](t)
	for i := range a {
		seen := map[uintptr]string{}
		collectRefs(reflect.ValueOf(a[i].Problems), "Problems", seen)
		shared := map[uintptr]string{}
		collectRefs(reflect.ValueOf(b[i].Problems), "Problems", shared)
		for p, path := range shared {
			if other, ok := seen[p]; ok {
				t.Errorf("%s: two errors share memory at %s and %s", a[i].Op, other, path)
			}
		}
	}
}

// collectRefs records the address of every non-empty slice's array, every
// map and every pointer target reachable from v.
func collectRefs(v reflect.Value, path string, refs map[uintptr]string) {
	switch v.Kind() {
	case reflect.Slice:
		if v.Cap() > 0 {
			refs[uintptr(v.UnsafePointer())] = path
		}
		for i := range v.Len() {
			collectRefs(v.Index(i), path+"[i]", refs)
		}
	case reflect.Map:
		if !v.IsNil() {
			refs[uintptr(v.UnsafePointer())] = path
		}
		for it := v.MapRange(); it.Next(); {
			collectRefs(it.Value(), path+"[k]", refs)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			refs[uintptr(v.UnsafePointer())] = path
			collectRefs(v.Elem(), "*"+path, refs)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			collectRefs(v.Field(i), path+"."+v.Type().Field(i).Name, refs)
		}
	case reflect.Array:
		for i := range v.Len() {
			collectRefs(v.Index(i), path+"[i]", refs)
		}
	default:
	}
}

// TestErrorProblemsConcurrentEdits has goroutines edit the errors they get
// while others read theirs; with a shared slice, -race reports it.
func TestErrorProblemsConcurrentEdits(t *testing.T) {
	want := rejections[withPointer](t)[0].Problems
	var wg sync.WaitGroup
	fails := make([]string, 8)
	for g := range 8 {
		wg.Go(func() {
			for range 200 {
				var e *cast.Error
				if !errors.As(cast.Check[withPointer](), &e) || len(e.Problems) == 0 {
					fails[g] = "no problems"
					return
				}
				if !reflect.DeepEqual(e.Problems, want) {
					fails[g] = "problems changed under us"
					return
				}
				if g%2 == 0 {
					e.Problems[0].Path = "goroutine"
					e.Problems[0].Size = int64(g)
				}
			}
		})
	}
	wg.Wait()
	for g, f := range fails {
		assert.Empty(t, f, "goroutine %d", g)
	}
}

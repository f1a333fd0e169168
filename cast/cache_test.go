package cast

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// firstUse casts to T through the public API, and returns the cached
// verdict, so that the test can compare what each goroutine saw.
func firstUse[T any]() (*verdict, error) {
	size := int(unsafe.Sizeof(*new(T)))
	buf := make([]uint64, size/8+1)
	b := unsafe.Slice((*byte)(unsafe.Pointer(&buf[0])), size)
	p, err := To[T](b)
	if err == nil && unsafe.Pointer(p) != unsafe.Pointer(&buf[0]) {
		return nil, fmt.Errorf("To returned %p, want %p", p, &buf[0])
	}
	if _, err2 := Slice[T](b); (err == nil) != (err2 == nil) {
		return nil, fmt.Errorf("To and Slice disagree: %w, %w", err, err2)
	}
	return lookup(typeKey[T]()), err
}

// TestConcurrentFirstUse has 64 goroutines cast to 88 types none of which
// has been used before, each goroutine in a different order, all at once.
// Every goroutine must get the same answer and, per type, the very same
// cached verdict. Run it with -race.
func TestConcurrentFirstUse(t *testing.T) {
	const goroutines = 64
	seen := make([][]*verdict, goroutines)
	errs := make([][]error, goroutines)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for g := range goroutines {
		seen[g] = make([]*verdict, len(concTypes))
		errs[g] = make([]error, len(concTypes))
		wg.Go(func() {
			<-start
			for k := range concTypes {
				i := (k + 7*g) % len(concTypes) // a different order per goroutine
				if g%2 == 1 {
					i = len(concTypes) - 1 - i
				}
				seen[g][i], errs[g][i] = concTypes[i].use()
				if k%8 == 0 {
					runtime.Gosched()
				}
			}
		})
	}
	close(start)
	wg.Wait()
	for i, c := range concTypes {
		for g := range goroutines {
			require.NotNil(t, seen[g][i], "type %d, goroutine %d: no verdict cached", i, g)
			assert.Same(t, seen[0][i], seen[g][i], "type %d: goroutines saw different verdicts", i)
			if c.ok {
				require.NoError(t, errs[g][i], "type %d (%s)", i, seen[g][i].name)
			} else {
				require.ErrorIs(t, errs[g][i], ErrLayout, "type %d (%s)", i, seen[g][i].name)
			}
		}
	}
	// Every type is in the table exactly once, and found by lookup.
	tab := cache.Load()
	count := 0
	for i := range tab.slots {
		if v := tab.slots[i].Load(); v != nil {
			count++
			assert.Same(t, v, lookup(v.key))
		}
	}
	cacheMu.Lock()
	assert.Equal(t, tab.count, count)
	cacheMu.Unlock()
	assert.LessOrEqual(t, 2*tab.count, len(tab.slots), "load factor above 1/2")
}

// TestTableProbing stores verdicts whose keys share a home slot, and
// checks that lookup finds each through linear probing, across growth.
func TestTableProbing(t *testing.T) {
	t0 := cache.Load()
	arena := make([]byte, 1<<16+16*len(t0.slots))
	home := t0.home(unsafe.Pointer(&arena[0]))
	var keys []unsafe.Pointer
	for i := range arena {
		k := unsafe.Pointer(&arena[i])
		if t0.home(k) == home {
			keys = append(keys, k)
			if len(keys) == 8 {
				break
			}
		}
	}
	require.Len(t, keys, 8, "could not find colliding keys")
	// Enough other keys to make the table grow at least once.
	for i := 1<<16 + 1; len(keys) < len(t0.slots)+8; i += 16 {
		keys = append(keys, unsafe.Pointer(&arena[i]))
	}
	stored := make(map[unsafe.Pointer]*verdict)
	for _, k := range keys {
		if stored[k] != nil {
			continue
		}
		v := &verdict{key: k, name: "fake"}
		assert.Same(t, v, store(v))
		assert.Same(t, v, store(&verdict{key: k}), "a second store of a key returns the first verdict")
		stored[k] = v
	}
	for k, v := range stored {
		assert.Same(t, v, lookup(k))
	}
	assert.Nil(t, lookup(unsafe.Pointer(&arena[1<<16+2])))
	assert.Greater(t, len(cache.Load().slots), len(t0.slots), "table did not grow")
	// The arena must outlive the table entries that point into it.
	runtime.KeepAlive(arena)
}

func TestTypeKeyDistinguishesTypes(t *testing.T) {
	type a [4]byte
	type b [4]byte
	k1, k2 := typeKey[a](), typeKey[a]()
	assert.Equal(t, k1, k2)
	assert.NotEqual(t, typeKey[a](), typeKey[b]())
	assert.NotEqual(t, typeKey[a](), typeKey[[4]byte]())
	assert.NotEqual(t, typeKey[int](), typeKey[*int]())
}

// TestTypeKeyIsReflectsDescriptor checks that typeKey, which reads the
// type word of an interface, returns the type descriptor that reflect
// reports through its documented API, for types of every kind.
func TestTypeKeyIsReflectsDescriptor(t *testing.T) {
	type named [3]uint16
	type generic[A any] struct{ A A }
	checks := map[string][2]unsafe.Pointer{
		"int":              {typeKey[int](), descriptor((*int)(nil))},
		"named":            {typeKey[named](), descriptor((*named)(nil))},
		"*int":             {typeKey[*int](), descriptor((**int)(nil))},
		"generic[named]":   {typeKey[generic[named]](), descriptor((*generic[named])(nil))},
		"struct{}":         {typeKey[struct{}](), descriptor((*struct{})(nil))},
		"[0]byte":          {typeKey[[0]byte](), descriptor((*[0]byte)(nil))},
		"func()":           {typeKey[func()](), descriptor((*func())(nil))},
		"map[string]int":   {typeKey[map[string]int](), descriptor((*map[string]int)(nil))},
		"any":              {typeKey[any](), descriptor((*any)(nil))},
		"generic[[4]byte]": {typeKey[generic[[4]byte]](), descriptor((*generic[[4]byte])(nil))},
	}
	seen := map[unsafe.Pointer]string{}
	for name, c := range checks {
		assert.Equal(t, c[1], c[0], name)
		assert.NotContains(t, seen, c[0], "%s shares a key", name)
		seen[c[0]] = name
	}
}

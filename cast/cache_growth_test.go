package cast

import (
	"runtime"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cacheGrowths returns how many times the cache has been copied into a
// bigger table, and how many verdicts it holds.
func cacheGrowths() (growth, count int) {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	return growths, cache.Load().count
}

// allocated returns the bytes allocated by the program so far.
func allocated() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.TotalAlloc
}

// TestCacheGrowsByDoubling stores 10,000 verdicts with distinct keys and
// checks that the table was copied only when it doubled, and that the
// slots allocated for it are linear in the number of verdicts (issue 10:
// a copy of the whole table per new type, 1.26 GB for 10,000 types).
func TestCacheGrowsByDoubling(t *testing.T) {
	const n = 10_000
	keys := make([]byte, n) // each element's address is a distinct key
	verdicts := make([]verdict, n)
	g0, c0 := cacheGrowths()
	before := allocated()
	for i := range verdicts {
		verdicts[i] = verdict{key: unsafe.Pointer(&keys[i]), name: "fake"}
		require.Same(t, &verdicts[i], store(&verdicts[i]))
	}
	grew := allocated() - before
	g1, c1 := cacheGrowths()
	require.Equal(t, c0+n, c1)

	// The table doubles from at least 2*c0 slots to at most 4*c1:
	// log2(4*c1 / (2*c0)) doublings, plus one for rounding.
	maxGrowths := 1
	for s := 2 * max(c0, minSlots/2); s < 4*c1; s *= 2 {
		maxGrowths++
	}
	assert.LessOrEqual(t, g1-g0, maxGrowths, "table copied %d times for %d verdicts", g1-g0, n)
	assert.GreaterOrEqual(t, g1-g0, 1, "table never grew")
	// All tables ever made for them: at most 2+1+1/2+... times the final
	// one, which has at most 4 slots per verdict.
	slot := uint64(unsafe.Sizeof(cache.Load().slots[0]))
	assert.LessOrEqual(t, grew, 2*4*uint64(c1)*slot+64<<10, "%d bytes allocated to cache %d verdicts", grew, n)
	for i := range verdicts {
		assert.Same(t, &verdicts[i], lookup(verdicts[i].key))
	}
	runtime.KeepAlive(keys)
}

// TestFirstUseOfManyTypesIsLinear casts to 10,000 distinct types for the
// first time, in 10 groups of 1,000, and checks that the bytes allocated
// per group do not grow with the number of types already cached (they
// did, quadratically: every new type copied the whole table). The types
// are pointers, so that each generic function below compiles once (one
// GC shape) however many types it is instantiated with; they cannot be
// overlaid, but their verdicts are cached like any other.
func TestFirstUseOfManyTypesIsLinear(t *testing.T) {
	groups := []func(){
		l0[*t0], l0[*t1], l0[*t2], l0[*t3], l0[*t4],
		l0[*t5], l0[*t6], l0[*t7], l0[*t8], l0[*t9],
	}
	g0, c0 := cacheGrowths()
	cost := make([]uint64, len(groups))
	for i, group := range groups {
		before := allocated()
		group()
		cost[i] = allocated() - before
	}
	g1, c1 := cacheGrowths()
	require.Equal(t, c0+10_000, c1, "10,000 new verdicts")
	assert.LessOrEqual(t, g1-g0, 9, "table copies for 10,000 types")
	for i, c := range cost {
		assert.LessOrEqual(t, c, 2*cost[0], "group %d allocated %d bytes, the first %d", i, c, cost[0])
	}
	t.Logf("bytes per group of 1,000 types: %v", cost)
}

// Ten distinct types, and pairs of them.
type (
	t0 [0]byte
	t1 [1]byte
	t2 [2]byte
	t3 [3]byte
	t4 [4]byte
	t5 [5]byte
	t6 [6]byte
	t7 [7]byte
	t8 [8]byte
	t9 [9]byte
)

type pair[A, B any] struct {
	A A
	B B
}

// l0[A] makes 1,000 distinct types from A, three levels of pairs deep,
// and checks each: l0 and l1 instantiate the next level with
// *pair[A, *tN] for the ten tN, and l2 checks each *pair[A, *tN]. Every
// type argument is a pointer.
func l0[A any]() {
	l1[*pair[A, *t0]]()
	l1[*pair[A, *t1]]()
	l1[*pair[A, *t2]]()
	l1[*pair[A, *t3]]()
	l1[*pair[A, *t4]]()
	l1[*pair[A, *t5]]()
	l1[*pair[A, *t6]]()
	l1[*pair[A, *t7]]()
	l1[*pair[A, *t8]]()
	l1[*pair[A, *t9]]()
}

func l1[A any]() {
	l2[*pair[A, *t0]]()
	l2[*pair[A, *t1]]()
	l2[*pair[A, *t2]]()
	l2[*pair[A, *t3]]()
	l2[*pair[A, *t4]]()
	l2[*pair[A, *t5]]()
	l2[*pair[A, *t6]]()
	l2[*pair[A, *t7]]()
	l2[*pair[A, *t8]]()
	l2[*pair[A, *t9]]()
}

func l2[A any]() {
	use[*pair[A, *t0]]()
	use[*pair[A, *t1]]()
	use[*pair[A, *t2]]()
	use[*pair[A, *t3]]()
	use[*pair[A, *t4]]()
	use[*pair[A, *t5]]()
	use[*pair[A, *t6]]()
	use[*pair[A, *t7]]()
	use[*pair[A, *t8]]()
	use[*pair[A, *t9]]()
}

func use[A any]() {
	if Check[A]() == nil {
		panic("a pointer type passed Check")
	}
}

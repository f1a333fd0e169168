package cast

import (
	"fmt"
	"math"
	"math/bits"
	"reflect"
	"sync"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/cpu"

	"github.com/go-overlay/overlay/layout"
)

const (
	maxInt        = math.MaxInt
	hostBigEndian = cpu.IsBigEndian
)

var hostArch = layout.HostArch()

// A verdict is everything this package needs to know about a type argument
// T: whether layout accepts it on this host, and its size and alignment. It
// is computed once per type (see [verdictOf]) and never changes.
type verdict struct {
	key unsafe.Pointer // identifies T: see typeKey

	// nmask is what an Overlay stores to select the fast path: the
	// complement of the alignment mask, or 0 if every cast must take the
	// slow path (T is rejected, or *T has a Validate method). See fast.go.
	nmask uintptr
	mask  uintptr // alignment - 1

	size, align int
	name        string // T as reflect shows it, for messages
	// err is why T cannot be cast (ErrLayout or ErrByteOrder), without
	// Op; nil if it can.
	err *Error
	// validate runs the Validate methods of T's parts and then of T on
	// the T at p (see nested.go); nil if none has one. scratch then holds spare Ts (as unsafe.Pointer)
	// for Read to validate its copy in; see readInto.
	validate func(p unsafe.Pointer) error
	scratch  *sync.Pool

	plan atomic.Pointer[plan] // the codec's plan for T, made on first use (plan.go)
}

// validator is the optional hook a type argument's pointer type may
// implement to reject bytes that are well-sized but meaningless.
type validator interface{ Validate() error }

// typeKey returns a word that identifies T within this program: the
// address of the runtime's type descriptor for *T. It costs one load from
// the generic dictionary, where reflect.TypeFor[T]() as a map key would
// cost hashing an interface on every cast.
//
// Why this is sound. An interface value is two words, the first of which,
// for an empty interface, is the dynamic type's descriptor: the layout is
// the runtime's (internal/abi.EmptyInterface), has not changed since Go
// 1.4, and reflect, the race detector and much of the ecosystem depend on
// it. Nothing here relies on more than that: the key is compared, never
// dereferenced. The cache's correctness needs only that distinct types
// have distinct keys, which holds because distinct types have distinct
// descriptors (objects that never move or die: T is a compile-time type
// argument, so its *T descriptor is static data); a type with two
// descriptors (possible with plugins) would only get two cache entries,
// both correct. Should the layout ever change, init below fails closed:
// it compares keyOf with the descriptor address that reflect reports
// through its documented API, and panics on a mismatch, before any cast
// could use a wrong verdict. TestTypeKeyIsReflectsDescriptor checks the
// same for many types.
func typeKey[T any]() unsafe.Pointer {
	return keyOf((*T)(nil))
}

// keyOf returns the typeKey of the type of p, a (*T)(nil).
func keyOf(p any) unsafe.Pointer {
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&p))[0] // safe: an interface is two words, its type first (see typeKey)
}

// descriptor returns the address of the type descriptor of p's dynamic
// type, by reflect's documented API: what keyOf(p) must return.
func descriptor(p any) unsafe.Pointer {
	return reflect.ValueOf(reflect.TypeOf(p)).UnsafePointer()
}

func init() {
	ki, ku := keyOf((*int)(nil)), keyOf((*uint)(nil))
	if ki != descriptor((*int)(nil)) || ku != descriptor((*uint)(nil)) || ki == ku {
		panic("cast: this Go release lays out interfaces differently; cast cannot identify types")
	}
}

// verdictOf returns the verdict for T. After the first call for a T it
// costs a few nanoseconds: a lookup in a read-only hash table, without
// locks or writes. It is too big to be inlined, so the casts, which must
// not pay for a call, spell it out: lookup (inlined), then resolve on a
// miss.
func verdictOf[T any]() *verdict {
	if v := lookup(typeKey[T]()); v != nil {
		return v
	}
	return resolve[T]()
}

// The cache of verdicts is an open-addressing hash table keyed by typeKey,
// with linear probing. Readers load the current table with one atomic
// load and probe its slots with atomic loads, without locks or writes. A
// writer, under cacheMu, stores a new verdict into an empty slot of the
// current table in place; a reader probing at the same time sees the slot
// empty (a miss, so it resolves the type and store finds the verdict) or
// full, never half-written. Slots are never emptied, so a probe that
// reaches an empty slot has passed every slot its key could be in. Only
// when the table would be more than half full does the writer copy it
// into one twice as big, then publish that: so n first uses copy O(n)
// slots in all, not one table per type.
type table struct {
	slots []atomic.Pointer[verdict] // length a power of two; nil marks an empty slot
	shift uint                      // bits.UintSize - log2(len(slots))
	count int                       // full slots; read and written under cacheMu only
}

var (
	cache   atomic.Pointer[table]
	cacheMu sync.Mutex
	// growths counts the tables copied into bigger ones, under cacheMu:
	// tests check that it grows with the log of the number of types.
	growths int
)

const minSlots = 64

func init() {
	cache.Store(newTable(minSlots))
}

func newTable(n int) *table {
	return &table{slots: make([]atomic.Pointer[verdict], n), shift: uint(bits.UintSize - bits.TrailingZeros(uint(n)))}
}

// hashMul is the 64-bit golden-ratio multiplier cut to the word size:
// multiplying spreads the low-entropy bits of an address into the high
// bits, which index the table.
const hashMul = uintptr(0x9E3779B97F4A7C15 >> (64 - bits.UintSize))

func (t *table) home(key unsafe.Pointer) uintptr {
	return (uintptr(key) * hashMul) >> (t.shift & (bits.UintSize - 1))
}

// lookup returns the cached verdict for key, or nil.
func lookup(key unsafe.Pointer) *verdict {
	t := cache.Load()
	mask := uintptr(len(t.slots) - 1)
	for i := t.home(key); ; i = (i + 1) & mask {
		v := t.slots[i&mask].Load()
		if v == nil || v.key == key {
			return v
		}
	}
}

// put inserts v into t, which must have a free slot and not hold v.key.
// The caller holds cacheMu.
func (t *table) put(v *verdict) {
	mask := uintptr(len(t.slots) - 1)
	i := t.home(v.key)
	for t.slots[i].Load() != nil {
		i = (i + 1) & mask
	}
	t.slots[i].Store(v)
	t.count++
}

// store caches v unless a verdict for v.key is already cached, and returns
// the cached one. Concurrent first uses of a type may all compute a
// verdict; the first one stored wins, and all return it.
func store(v *verdict) *verdict {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if w := lookup(v.key); w != nil {
		return w
	}
	t := cache.Load()
	if 2*(t.count+1) <= len(t.slots) { // keep the load factor at most 1/2
		t.put(v)
		return v
	}
	bigger := newTable(2 * len(t.slots))
	for i := range t.slots {
		if w := t.slots[i].Load(); w != nil {
			bigger.put(w)
		}
	}
	bigger.put(v)
	cache.Store(bigger)
	growths++
	return v
}

// resolve computes, caches and returns the verdict for T, after lookup
// missed. It is out of line so that the callers' fast paths stay small.
//
//go:noinline
func resolve[T any]() *verdict {
	v := compute(reflect.TypeFor[T]())
	v.key = typeKey[T]()
	if v.err == nil {
		v.validate = validation[T]() // see nested.go
	}
	if v.validate != nil {
		v.scratch = &sync.Pool{New: func() any { return unsafe.Pointer(new(T)) }} // safe: a fresh T, kept as a pointer
	}
	if v.err == nil && v.validate == nil {
		v.nmask = ^v.mask
	}
	v = store(v)
	if v.nmask != 0 {
		markFast(v.key)
	}
	return v
}

// The package functions (To, Prefix, Read, ...) cannot hold a verdict as
// an Overlay does; what their fast path needs is only whether T is one of
// the types whose casts need no more than the length and alignment
// checks (T accepted, no Validate anywhere), since T's size and alignment
// are compile-time constants in the generic body. So that answer gets its
// own set, fastKeys, a fixed array of buckets of typeKeys, read with one
// load: where the verdict cache costs four dependent loads (cache, table,
// slot, verdict) and a probe loop, fastKeys costs the hash and one load
// from a static address. A key is stored once into an empty slot, with a
// compare-and-swap, and never removed (a type's verdict never changes), so
// a reader sees a slot either empty or holding its final key. A type
// whose bucket is full is simply not in the set: its casts take the slow
// path, which looks the verdict up in the cache, and are as correct,
// only slower. With 512 buckets of 2, a program's few dozen hot types
// rarely meet a full bucket.
const fastBits = 9

var fastKeys [1 << fastBits][2]unsafe.Pointer

func fastBucket(key unsafe.Pointer) *[2]unsafe.Pointer {
	return &fastKeys[(uintptr(key)*hashMul)>>(bits.UintSize-fastBits)]
}

// markFast adds key, the typeKey of a type whose casts may take the fast
// path, to fastKeys if its bucket has room.
func markFast(key unsafe.Pointer) {
	s := fastBucket(key)
	for i := range s {
		if atomic.CompareAndSwapPointer(&s[i], nil, key) || atomic.LoadPointer(&s[i]) == key {
			return
		}
	}
}

// fastMask returns the nmask of an Overlay (see fast.go) for the package
// functions: the complement of align-1, T's alignment mask, if key, T's
// typeKey, is in fastKeys, and 0, which sends every call to the slow path,
// otherwise. It is not generic, and its callers pass keyOf((*T)(nil))
// rather than typeKey[T](): each generic call between a package function
// and the key would add a dependent load (a sub-dictionary) to the fast
// path.
func fastMask(key unsafe.Pointer, align uintptr) uintptr {
	if s := fastBucket(key); atomic.LoadPointer(&s[0]) == key || atomic.LoadPointer(&s[1]) == key {
		return ^(align - 1)
	}
	return 0
}

// compute asks the layout engine for t's verdict on this host. Every rule
// about what may be overlaid lives in package layout; compute only reads
// its answer, adds the byte-order check against this host, and refuses to
// trust a size or alignment that disagrees with the compiler's.
func compute(t reflect.Type) *verdict {
	v := &verdict{name: layout.NameOf(t), size: int(t.Size()), align: t.Align()}
	v.mask = uintptr(v.align - 1)
	l, err := layout.AssessType(t)
	if err != nil { // only for a nil type, which T cannot be
		v.err = &Error{Type: v.name, Err: ErrLayout}
		return v
	}
	if errs := l.Errors(); len(errs) != 0 {
		v.err = &Error{Type: v.name, Err: ErrLayout, Problems: errs}
		return v
	}
	if l.Size != int64(v.size) || l.Align != int64(v.align) || v.size <= 0 {
		// The engine and the compiler disagree: never cast with a size
		// the compiler does not use.
		v.err = &Error{Type: v.name, Err: ErrLayout, Problems: []layout.Problem{{
			Kind: layout.Unsupported, Type: v.name, Count: 1,
			Detail: fmt.Sprintf("layout computes size %d, align %d; the compiler uses size %d, align %d", l.Size, l.Align, v.size, v.align),
		}}}
		return v
	}
	if !l.Order.FitsHost(hostArch) {
		v.err = &Error{Type: v.name, Err: ErrByteOrder, order: l.Order.String()}
	}
	return v
}

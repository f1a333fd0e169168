package cast

import (
	"runtime"
	"unsafe"
)

// The fast paths.
//
// Every cast is split in two. A fast path, generic and small enough for
// the compiler to inline into the caller, does only the length and
// alignment checks and builds the result. Everything else (a rejected
// type, a zero Overlay, a Validate method, and every failing check) goes
// to a slow path, which is not generic, is not inlined, and checks again
// in the documented order: layout, byte order, size, alignment, Validate.
// The slow path reports only an error: if there is none, the fast path's
// result, computed from b, n and T's size alone, is right.
//
// The fast paths compare lengths with T's size as the compiler knows it,
// unsafe.Sizeof on the type parameter, which is a constant in each
// generic (GC shape) body: no load, and divisions by it compile to
// multiplications. The alignment test uses the Overlay's mask, stored
// complemented (nmask = ^(align-1)). A type that must always take the slow
// path (rejected, or with a Validate method) stores nmask = 0, which is
// also the zero Overlay's: its effective mask is all ones, so any buffer
// whose address is not 0 fails the alignment test. Every fast path first
// requires at least max(size, 1) bytes, so the buffer is not empty and its
// address is not 0 (the max matters for zero-size types, which layout
// rejects: with size 0, an empty or nil buffer would pass). So the fast
// path needs no test beyond the two a raw cast needs. Read, which has no
// alignment test, tests nmask != 0 instead.
//
// The mask the test applies is nmask & -align, with align T's alignment as
// the compiler knows it (-align is ^(align-1), T's own complemented mask):
// for an Overlay made by NewOverlay, nmask is already that, so the AND
// changes nothing, but an Overlay whose nmask is not T's (forged with
// unsafe, or a future bug) still cannot pass a buffer misaligned for T.
// It costs 3 of the inliner's budget; see TestForgedMaskStillAligned.

// The slow path is passed to the fast path as a function-typed parameter.
// This is deliberate: the inliner charges 57 for a call to a function it
// cannot inline, which leaves no room under its budget of 80 for the
// checks, but only 17 for a call to a parameter, since inlining may make
// it constant, which it then does: each call site passes a top-level
// function, so after inlining the call is direct.

// exact is the fast path of To: len(b) == size, b aligned.
func exact[T any](b []byte, ov Overlay[T], slow slowCheck) (p *T, err error) {
	if (len(b) != int(max(unsafe.Sizeof(*p), 1)) || uintptr(unsafe.Pointer(unsafe.SliceData(b)))&^(ov.nmask&-unsafe.Alignof(*(*T)(nil))) != 0) && slow(b, ov.v, typeOf[T]{}, &err) { // safe: the address only, for the alignment test
		return
	}
	return (*T)(unsafe.Pointer(unsafe.SliceData(b))), nil // safe: len(b) is T's size and b is aligned for T, or the slow path checked both
}

// prefix is the fast path of Prefix: len(b) >= size, b aligned.
func prefix[T any](b []byte, ov Overlay[T], slow slowCheck) (p *T, rest []byte, err error) {
	if (len(b) < int(max(unsafe.Sizeof(*p), 1)) || uintptr(unsafe.Pointer(unsafe.SliceData(b)))&^(ov.nmask&-unsafe.Alignof(*(*T)(nil))) != 0) && slow(b, ov.v, typeOf[T]{}, &err) { // safe: the address only, for the alignment test
		return
	}
	return (*T)(unsafe.Pointer(unsafe.SliceData(b))), b[unsafe.Sizeof(*p):], nil // safe: len(b) >= T's size and b is aligned for T, or the slow path checked both
}

// suffix is the fast path of Suffix: len(b) >= size, the last size bytes
// aligned.
func suffix[T any](b []byte, ov Overlay[T], slow slowCheck) (head []byte, p *T, err error) {
	at := len(b) - int(max(unsafe.Sizeof(*p), 1))
	if (at < 0 || (uintptr(unsafe.Pointer(unsafe.SliceData(b)))+uintptr(at))&^(ov.nmask&-unsafe.Alignof(*(*T)(nil))) != 0) && slow(b, ov.v, typeOf[T]{}, &err) { // safe: the address only, for the alignment test
		return
	}
	return b[:at:at], (*T)(unsafe.Pointer(&b[at])), nil // safe: b[at:] is T's size bytes, aligned for T, or the slow path checked both
}

// slice is the fast path of Slice: len(b) a non-zero multiple of size, b
// aligned. The size is at least 1 in the divisions: a zero-size T is
// rejected by layout (and so goes to the slow path through the alignment
// test), but the fast path's condition runs before anything knows that.
//
// An empty b is valid (0 elements), but takes the slow path, as
// SlicePrefix's n == 0 does: a nil b has address 0, which passes any
// alignment mask, nmask == 0 included, so without the len(b) == 0 test a
// rejected type or a zero Overlay would succeed on it. When the slow path
// accepts an empty b, the result below is unsafe.Slice(p, 0): nil if b's
// data pointer is nil, an empty non-nil slice at b's (checked) address
// otherwise, as SlicePrefix(b, 0) returns.
func slice[T any](b []byte, ov Overlay[T], slow slowCheck) (s []T, err error) {
	if (len(b)%int(max(unsafe.Sizeof(*(*T)(nil)), 1)) != 0 || len(b) == 0 || uintptr(unsafe.Pointer(unsafe.SliceData(b)))&^(ov.nmask&-unsafe.Alignof(*(*T)(nil))) != 0) && slow(b, ov.v, typeOf[T]{}, &err) { // safe: the address only, for the alignment test
		return
	}
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/int(max(unsafe.Sizeof(*(*T)(nil)), 1))), nil // safe: len(b)/size Ts fit in b, which is aligned for T, or the slow path checked both
}

// slicePrefix is the fast path of SlicePrefix: 1 <= n <= len(b)/size, b
// aligned. Comparing n with len(b)/size, not n*size with len(b), cannot
// overflow. n == 0 takes the slow path, so that the fast path never sees
// a nil b, whose address 0 would pass any alignment mask.
func slicePrefix[T any](b []byte, n int, ov Overlay[T], slow slowCheckN) (s []T, rest []byte, err error) {
	if (uintptr(n-1) >= uintptr(len(b))/max(unsafe.Sizeof(*(*T)(nil)), 1) || uintptr(unsafe.Pointer(unsafe.SliceData(b)))&^(ov.nmask&-unsafe.Alignof(*(*T)(nil))) != 0) && slow(b, n, ov.v, typeOf[T]{}, &err) { // safe: the address only, for the alignment test
		return
	}
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), n), b[uintptr(n)*unsafe.Sizeof(*(*T)(nil)):], nil // safe: n <= len(b)/size Ts fit in b, which is aligned for T, or the slow path checked both
}

// read is the fast path of Read: len(b) == size, any alignment; it
// writes the T to *t, the caller's result. The bytes are copied with a
// typed load, which the compiler turns into a few moves, where the
// hardware loads misaligned words (see unalignedLoads), and where b is
// aligned; elsewhere with memmove. A *T to a misaligned address is allowed
// for a T without pointers, which every castable T is: checkptr checks
// the alignment of pointer conversions only for types with pointers
// (runtime.checkptrAlignment, Go issue 37298).
func read[T any](b []byte, ov Overlay[T], slow slowRead, t *T) error {
	if len(b) == int(max(unsafe.Sizeof(*t), 1)) && ov.nmask != 0 {
		if unalignedLoads {
			*t = *(*T)(unsafe.Pointer(unsafe.SliceData(b))) // safe: len(b) is T's size; T has no pointers; misaligned loads work here
			return nil
		}
		if uintptr(unsafe.Pointer(unsafe.SliceData(b)))&^(ov.nmask&-unsafe.Alignof(*t)) == 0 { // safe: the address only, for the alignment test
			*t = *(*T)(unsafe.Pointer(unsafe.SliceData(b))) // safe: len(b) is T's size, b aligned for T
			return nil
		}
		copy(unsafe.Slice((*byte)(unsafe.Pointer(t)), unsafe.Sizeof(*t)), b) // safe: *t is T's size bytes, T has no pointers
		return nil
	}
	return slow(b, ov.v, unsafe.Pointer(t), typeOf[T]{}) // safe: t is the caller's T; the slow path writes T's size bytes to it
}

// unalignedLoads is whether the compiler's loads of T's fields work at any
// address on this GOARCH, and cost little more than aligned ones; the
// others (arm, mips, riscv64, loong64, ...) fault or trap on some of them.
// A constant, so that read keeps only one branch.
const unalignedLoads = runtime.GOARCH == "amd64" || runtime.GOARCH == "386" ||
	runtime.GOARCH == "arm64" || runtime.GOARCH == "s390x" ||
	runtime.GOARCH == "ppc64le" || runtime.GOARCH == "ppc64"

// The slow paths check everything, in the documented order, and return
// nil only if the fast path's result is then correct: the fast paths
// compute their results from b, n and T's compile-time size alone. They
// take no op argument, which would cost inlining budget; instead each
// caller passes a wrapper that supplies its op. The fast path passes a
// typeOf[T]{} as a typeArg, which names T for the price of a constant
// (the itab comes from T's dictionary; computing typeKey in the fast path
// would cost 15 of the inliner's budget), so that the slow path can refuse
// a verdict that is not T's (see castable), and the package functions'
// slow paths can find T's verdict.
//
// The fast path trusts the Overlay only to say whether T may take it at
// all (nmask != 0): it compares lengths with T's own size and aligns to
// T's own alignment, so even a forged Overlay cannot make it reach past b
// or hand out a misaligned pointer; only the slow path reads sizes from
// the verdict, after checking that the verdict is T's. An Overlay cannot
// say "fast" for a T that layout rejects, or that has a Validate method,
// without unsafe: its fields are unexported, the zero Overlay says
// "slow", NewOverlay and MustOverlay take nmask from T's own verdict, and
// Overlay[A] does not convert to Overlay[B] (the _ [0]*T field).

type (
	slowCheck  func(b []byte, v *verdict, t typeArg, err *error) (failed bool)
	slowCheckN func(b []byte, n int, v *verdict, t typeArg, err *error) (failed bool)
	slowRead   func(b []byte, v *verdict, dst unsafe.Pointer, t typeArg) error
)

// A typeArg names the type argument T to the slow paths, which are not
// generic: its typeKey, and its verdict, which the package functions'
// slow paths look up (their fast path holds none; see fastMask). The
// fast paths pass a typeOf[T]{}, a zero-size value whose conversion to
// typeArg costs one load from the generic dictionary, and allocates
// nothing.
type typeArg interface {
	key() unsafe.Pointer
	verdict() *verdict
}

type typeOf[T any] struct{}

func (typeOf[T]) key() unsafe.Pointer { return typeKey[T]() }
func (typeOf[T]) verdict() *verdict   { return verdictOf[T]() }

// fail stores e in *err and reports whether it is an error: the fast
// paths' slow functions write the error through a pointer and return
// whether there is one, which costs less of the inliner's budget than
// returning the error to test.
func fail(err *error, e error) bool {
	*err = e
	return e != nil
}

// The package functions' slow paths ignore v (nil) and use T's verdict;
// the Overlay methods' use the Overlay's, which castable refuses unless
// it is T's.

func toFunc(b []byte, _ *verdict, t typeArg, err *error) bool {
	return fail(err, t.verdict().check(opTo, b, 0, t.key()))
}
func toMethod(b []byte, v *verdict, t typeArg, err *error) bool {
	return fail(err, v.check(opOverlayTo, b, 0, t.key()))
}
func prefixFunc(b []byte, _ *verdict, t typeArg, err *error) bool {
	return fail(err, t.verdict().check(opPrefix, b, 0, t.key()))
}
func prefixMethod(b []byte, v *verdict, t typeArg, err *error) bool {
	return fail(err, v.check(opOverlayPrefix, b, 0, t.key()))
}
func suffixFunc(b []byte, _ *verdict, t typeArg, err *error) bool {
	return fail(err, t.verdict().check(opSuffix, b, 0, t.key()))
}
func suffixMethod(b []byte, v *verdict, t typeArg, err *error) bool {
	return fail(err, v.check(opOverlaySuffix, b, 0, t.key()))
}
func sliceFunc(b []byte, _ *verdict, t typeArg, err *error) bool {
	return fail(err, t.verdict().check(opSlice, b, 0, t.key()))
}
func sliceMethod(b []byte, v *verdict, t typeArg, err *error) bool {
	return fail(err, v.check(opOverlaySlice, b, 0, t.key()))
}
func slicePrefixFunc(b []byte, n int, _ *verdict, t typeArg, err *error) bool {
	return fail(err, t.verdict().check(opSlicePrefix, b, n, t.key()))
}
func slicePrefixMethod(b []byte, n int, v *verdict, t typeArg, err *error) bool {
	return fail(err, v.check(opOverlaySlicePrefix, b, n, t.key()))
}
func readFunc(b []byte, _ *verdict, dst unsafe.Pointer, t typeArg) error {
	return t.verdict().readInto(opRead, b, dst, t.key())
}
func readMethod(b []byte, v *verdict, dst unsafe.Pointer, t typeArg) error {
	return v.readInto(opOverlayRead, b, dst, t.key())
}

// check validates b (and n, for SlicePrefix) for op on v's type: layout
// and byte order (v.err), size, alignment, then Validate on every element.
// v is nil for a zero Overlay.
//
//go:noinline
func (v *verdict) check(o op, b []byte, n int, key unsafe.Pointer) error {
	if err := v.castable(o, key); err != nil {
		return err
	}
	at, count := 0, 1
	switch o {
	case opTo, opOverlayTo:
		if len(b) != v.size {
			return v.sizeError(o, ruleExact, v.size, len(b))
		}
	case opPrefix, opOverlayPrefix:
		if len(b) < v.size {
			return v.sizeError(o, ruleAtLeast, v.size, len(b))
		}
	case opSuffix, opOverlaySuffix:
		if len(b) < v.size {
			return v.sizeError(o, ruleAtLeast, v.size, len(b))
		}
		at = len(b) - v.size
	case opSlice, opOverlaySlice:
		// 0 is a multiple too: an empty b passes, and then, as for
		// SlicePrefix with n == 0, only its address is checked.
		if len(b)%v.size != 0 {
			return v.sizeError(o, ruleMultiple, v.size, len(b))
		}
		count = len(b) / v.size
	case opSlicePrefix, opOverlaySlicePrefix:
		if n < 0 || n > len(b)/v.size {
			return v.countError(o, n, len(b))
		}
		count = n
	default:
		panic("cast: check called for " + o.String())
	}
	p := unsafe.Add(unsafe.Pointer(unsafe.SliceData(b)), at) // safe: at <= len(b): the address of the T in b, checked before any use
	if uintptr(p)&v.mask != 0 {
		return v.alignError(o, uintptr(p))
	}
	return v.valid(o, p, count)
}

// readInto validates b for Read or ReadPrefix and copies its first bytes
// into the T at dst. On error *dst is left zero.
//
// A Validate method runs on a copy of the bytes in a scratch T, then the
// copy goes to dst: so Validate sees exactly the bytes Read returns, even
// if b changes meanwhile, and dst, usually the caller's stack, never
// reaches Validate. It must not: Validate is called through a func value,
// so escape analysis would move every caller's result to the heap, one
// allocation per call. The scratch Ts come from a sync.Pool per type, so
// a steady stream of Reads allocates nothing (a GC empties the pool; the
// next Read allocates one T again). The price is that a scratch T is
// reused: a Validate method that keeps its receiver, or returns an error
// that points to it, sees it change on a later Read. Validate methods that
// read fields and return, as the contract in the package doc expects, are
// unaffected.
//
//go:noinline
func (v *verdict) readInto(o op, b []byte, dst, key unsafe.Pointer) error {
	if err := v.castable(o, key); err != nil {
		return err
	}
	switch {
	case o == opReadPrefix && len(b) < v.size:
		return v.sizeError(o, ruleAtLeast, v.size, len(b))
	case o != opReadPrefix && len(b) != v.size:
		return v.sizeError(o, ruleExact, v.size, len(b))
	}
	if v.validate == nil {
		copy(unsafe.Slice((*byte)(dst), v.size), b) // safe: dst is a T, v.size bytes (castable checked that v is T's verdict)
		return nil
	}
	tmp := v.scratch.Get().(unsafe.Pointer)   // safe: the pool holds only new(T)s
	src := unsafe.Slice((*byte)(tmp), v.size) // safe: tmp is a T, v.size bytes
	copy(src, b)
	err := v.valid(o, tmp, 1)
	if err == nil {
		copy(unsafe.Slice((*byte)(dst), v.size), src) // safe: dst is a T, v.size bytes
	}
	v.scratch.Put(tmp)
	return err
}

// castable returns the error for a type that no cast can succeed for, or
// nil. v is nil for a zero Overlay. key is the typeKey of the type
// argument: a verdict of another type is refused, whatever it says, since
// its size and alignment are not T's. Ordinary code cannot make such an
// Overlay (its fields mention T, so Overlay[A] does not convert to
// Overlay[B]); this check keeps a future bug, or unsafe, from turning the
// mismatch into reads past the buffer.
func (v *verdict) castable(o op, key unsafe.Pointer) error {
	switch {
	case v == nil || v.err != nil:
		return v.rejection(o)
	case v.key != key:
		return v.foreign(o, key)
	}
	return nil
}

// valid runs v's Validate hook, if any, on count elements starting at p.
func (v *verdict) valid(o op, p unsafe.Pointer, count int) error {
	if v.validate == nil {
		return nil
	}
	for i := range count {
		if err := v.validate(unsafe.Add(p, i*v.size)); err != nil { // safe: i < count elements, all inside the checked buffer
			return v.invalid(o, i, err)
		}
	}
	return nil
}

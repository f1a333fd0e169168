package cast

import "unsafe"

// To returns b as a *T: a pointer to b's first byte, so that T's fields
// are b's bytes. Writes through the pointer change b, and writes to b
// change the pointee. len(b) must equal T's size and b's address must be a
// multiple of T's alignment; T must pass [Check], and, if *T has a
// Validate() error method, Validate must return nil.
//
// On error To returns nil and an [*Error] wrapping ErrLayout,
// ErrByteOrder, ErrSize, ErrAlign or ErrInvalid, checked in that order.
func To[T any](b []byte) (p *T, err error) {
	return exact[T](b, Overlay[T]{nmask: fastMask(keyOf((*T)(nil)), unsafe.Alignof(*(*T)(nil)))}, toFunc)
}

// Prefix returns the first size-of-T bytes of b as a *T, and the bytes
// after them. The pointer points into b, as with [To]; rest is b[size:],
// sharing b's memory and capacity. len(b) must be at least T's size and b's
// address a multiple of T's alignment (rest has no alignment requirement).
//
// On error Prefix returns nil, nil and an [*Error], as [To] does.
func Prefix[T any](b []byte) (p *T, rest []byte, err error) {
	return prefix[T](b, Overlay[T]{nmask: fastMask(keyOf((*T)(nil)), unsafe.Alignof(*(*T)(nil)))}, prefixFunc)
}

// Suffix returns the last size-of-T bytes of b as a *T, and the bytes
// before them. The pointer points into b, as with [To]. head is
// b[:len(b)-size] with its capacity cut to its length, so appending to
// head cannot overwrite the T. len(b) must be at least T's size and the
// address of the T (not of b) a multiple of T's alignment.
//
// On error Suffix returns nil, nil and an [*Error], as [To] does.
func Suffix[T any](b []byte) (head []byte, p *T, err error) {
	return suffix[T](b, Overlay[T]{nmask: fastMask(keyOf((*T)(nil)), unsafe.Alignof(*(*T)(nil)))}, suffixFunc)
}

// Slice returns b as a []T of len(b)/size elements, sharing b's memory:
// element i is bytes [i*size, (i+1)*size) of b. The slice's capacity equals
// its length, so appending to it copies rather than overwriting memory
// after b. len(b) must be a multiple of T's size, and b's address a
// multiple of T's alignment. Slice costs the same for any length, unless
// *T has a Validate method: then Slice calls it on every element, in order,
// and fails on the first error (O(n)).
//
// An empty b (0 is a multiple of any size) yields zero elements, as
// [SlicePrefix] with n == 0 does: nil if b is nil (its data pointer is
// nil), otherwise an empty, non-nil slice at b's address, which must still
// be aligned. T is checked first even then, so an empty b does not hide a
// type that cannot be overlaid.
//
// On error Slice returns nil and an [*Error], as [To] does.
func Slice[T any](b []byte) ([]T, error) {
	return slice[T](b, Overlay[T]{nmask: fastMask(keyOf((*T)(nil)), unsafe.Alignof(*(*T)(nil)))}, sliceFunc)
}

// SlicePrefix returns the first n elements of b as a []T, as [Slice] does,
// and the bytes after them. n must be between 0 and len(b)/size; n == 0
// yields an empty slice (nil if b's data pointer is nil) and all of b.
// A negative n, or one so large that n*size overflows, is an ErrSize
// error, never a panic. b's address must be a multiple of T's alignment.
// With a Validate method on *T, SlicePrefix calls it on each of the n
// elements.
//
// On error SlicePrefix returns nil, nil and an [*Error], as [To] does.
func SlicePrefix[T any](b []byte, n int) (s []T, rest []byte, err error) {
	return slicePrefix[T](b, n, Overlay[T]{nmask: fastMask(keyOf((*T)(nil)), unsafe.Alignof(*(*T)(nil)))}, slicePrefixFunc)
}

// Read returns a copy of the T that b holds. len(b) must equal T's size;
// b may have any alignment, since Read copies. The result does not alias
// b. T must pass [Check]; a Validate method on *T is called on a copy of
// the bytes, which is then the result. That copy is a scratch T that
// Read reuses (from a sync.Pool per type, so that Read allocates nothing),
// so Validate must not keep its receiver, or return an error that points
// to it, beyond the call.
//
// On error Read returns the zero T and an [*Error], as [To] does, without
// the alignment check.
func Read[T any](b []byte) (t T, err error) {
	err = read[T](b, Overlay[T]{nmask: fastMask(keyOf((*T)(nil)), unsafe.Alignof(*(*T)(nil)))}, readFunc, &t)
	return
}

// ReadPrefix returns a copy of the T that the first size-of-T bytes of b
// hold, and the bytes after them (b[size:]). len(b) must be at least T's
// size; b may have any alignment.
//
// On error ReadPrefix returns the zero T, nil and an [*Error], as [Read]
// does.
func ReadPrefix[T any](b []byte) (t T, rest []byte, err error) {
	nmask := fastMask(keyOf((*T)(nil)), unsafe.Alignof(*(*T)(nil)))
	switch {
	case len(b) < int(max(unsafe.Sizeof(t), 1)) || nmask == 0:
		if err = verdictOf[T]().readInto(opReadPrefix, b, unsafe.Pointer(&t), typeKey[T]()); err != nil { // safe: t is a T; readInto writes T's size bytes
			return t, nil, err
		}
	case unalignedLoads || uintptr(unsafe.Pointer(unsafe.SliceData(b)))&^nmask == 0: // safe: the address only, for the alignment test
		t = *(*T)(unsafe.Pointer(unsafe.SliceData(b))) // safe: len(b) >= T's size; T has no pointers; aligned, or misaligned loads work (see read)
	default:
		copy(unsafe.Slice((*byte)(unsafe.Pointer(&t)), unsafe.Sizeof(t)), b) // safe: t is T's size bytes; T has no pointers
	}
	return t, b[unsafe.Sizeof(t):], nil
}

// Bytes returns the memory of *p as a []byte of T's size: the inverse of
// [To]. Writes through either change both. Bytes(nil) returns nil.
//
// Bytes panics with the [*Error] that [Check] returns if T cannot be
// overlaid on bytes: that is a programmer error, which the layoutcheck
// analyzer reports at vet time.
func Bytes[T any](p *T) []byte {
	v := lookup(typeKey[T]())
	if v == nil {
		v = resolve[T]()
	}
	if v.err != nil {
		panic(v.rejection(opBytes))
	}
	if p == nil {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(p)), v.size) // safe: *p is a T of v.size bytes, with no pointers (layout accepted T)
}

// SliceBytes returns the memory of s's elements as a []byte of len(s)
// times T's size: the inverse of [Slice]. Writes through either change
// both. A nil s yields nil; an empty, non-nil s yields an empty, non-nil
// slice.
//
// SliceBytes panics as [Bytes] does if T cannot be overlaid on bytes.
func SliceBytes[T any](s []T) []byte {
	v := lookup(typeKey[T]())
	if v == nil {
		v = resolve[T]()
	}
	if v.err != nil {
		panic(v.rejection(opSliceBytes))
	}
	if s == nil {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*v.size) // safe: s's len(s) Ts are len(s)*v.size bytes, with no pointers
}

// Check reports whether T can be overlaid on bytes on this host: it
// returns nil, or an [*Error] wrapping ErrLayout (with the problems the
// layout engine found on any arch in [Error.Problems]) or ErrByteOrder.
// Warnings, such as a missing structs.HostLayout field, do not fail Check.
// The answer is computed once per type and cached.
func Check[T any]() error {
	v := lookup(typeKey[T]())
	if v == nil {
		v = resolve[T]()
	}
	if v.err != nil {
		return v.rejection(opCheck)
	}
	return nil
}

package cast

// An Overlay is a prepared, validated-once cast to T, for hot loops. The
// package functions look T's verdict up in a cache on every call; an
// Overlay holds it, so its methods cost only the length and alignment
// checks that a raw unsafe cast needs, and are small enough to be inlined
// into the caller:
//
//	var hdr = cast.MustOverlay[Header]()
//
//	func parse(b []byte) (*Header, error) {
//		return hdr.To(b)
//	}
//
// Each method has the contract of the function of the same name (aliasing,
// checks, errors, zero results on error); errors name the method, as in
// "cast.Overlay[pkt.Header].To: buffer is 20 bytes, want 24". If *T has a
// Validate method, every call takes the slow path to call it.
//
// An Overlay is a small immutable value: copy it freely and use it from any
// number of goroutines. The zero Overlay is not usable: its methods return
// an [*Error] wrapping ErrLayout. Make one with [NewOverlay] or
// [MustOverlay].
type Overlay[T any] struct {
	// The field mentions T so that Overlay[A] and Overlay[B] have
	// different underlying types: without it, ordinary Go converts one
	// into the other, and the result casts to B with A's verdict, out of
	// bounds. It is first, since a trailing zero-size field adds padding.
	_ [0]*T

	// nmask is the complement of the alignment mask (align-1), or 0 if
	// every call must take the slow path: T has a Validate method, or this
	// is the zero Overlay. See fast.go.
	nmask uintptr
	v     *verdict // nil in the zero Overlay
}

// NewOverlay returns an Overlay for T, or the [*Error] that [Check]
// would return (wrapping ErrLayout or ErrByteOrder) and the zero Overlay.
func NewOverlay[T any]() (Overlay[T], error) {
	return newOverlay[T](opNewOverlay)
}

// MustOverlay is like [NewOverlay] but panics with the [*Error] if T
// cannot be overlaid. It suits package-level variables, where a bad T is a
// programmer error.
func MustOverlay[T any]() Overlay[T] {
	o, err := newOverlay[T](opMustOverlay)
	if err != nil {
		panic(err)
	}
	return o
}

func newOverlay[T any](o op) (Overlay[T], error) {
	v := verdictOf[T]()
	if v.err != nil {
		return Overlay[T]{}, v.rejection(o)
	}
	return Overlay[T]{nmask: v.nmask, v: v}, nil
}

// The methods assign their results and return them bare: the inliner
// charges less for that than for returning the call's results directly,
// which keeps every method under its budget (see fast.go).

// To is [To] without the cache lookup: b as a *T, pointing into b.
func (o Overlay[T]) To(b []byte) (p *T, err error) {
	p, err = exact[T](b, o, toMethod)
	return
}

// Prefix is [Prefix] without the cache lookup: the first bytes of b as a
// *T, pointing into b, and the rest of b.
func (o Overlay[T]) Prefix(b []byte) (p *T, rest []byte, err error) {
	p, rest, err = prefix[T](b, o, prefixMethod)
	return
}

// Suffix is [Suffix] without the cache lookup: the bytes of b before the
// T, and the last bytes of b as a *T, pointing into b.
func (o Overlay[T]) Suffix(b []byte) (head []byte, p *T, err error) {
	head, p, err = suffix[T](b, o, suffixMethod)
	return
}

// Slice is [Slice] without the cache lookup: b as a []T sharing b's
// memory, in constant time unless *T has a Validate method.
func (o Overlay[T]) Slice(b []byte) (s []T, err error) {
	s, err = slice[T](b, o, sliceMethod)
	return
}

// SlicePrefix is [SlicePrefix] without the cache lookup: the first n
// elements of b as a []T sharing b's memory, and the rest of b.
func (o Overlay[T]) SlicePrefix(b []byte, n int) (s []T, rest []byte, err error) {
	s, rest, err = slicePrefix[T](b, n, o, slicePrefixMethod)
	return
}

// Read is [Read] without the cache lookup: a copy of the T that b holds, b
// of any alignment.
func (o Overlay[T]) Read(b []byte) (t T, err error) {
	err = read[T](b, o, readMethod, &t)
	return
}

package cast

import (
	"iter"
	"strconv"
	"unsafe"
)

// A Table is n entries of T, stride bytes apart, in a buffer: a table whose
// entry size the file gives and may grow in later versions of the format,
// as ELF's section and program header tables (e_shentsize, e_phentsize) or
// Mach-O's and PE's arrays of fixed records. Entry i is at byte i*stride;
// stride ≥ the size of T, and the bytes between entries are ignored. With
// stride equal to T's size, a Table is what [Slice] gives, as a []T.
//
// A Table is validated once, when it is made; [Table.At] then costs the
// index check and a multiplication. It is a small immutable value: copy it
// freely. It keeps the buffer alive; entries alias it. The zero Table is
// empty.
type Table[T any] struct {
	p      unsafe.Pointer // entry 0; nil for an empty table
	n      int
	stride int
}

// NewTable returns the n entries of T that b holds, stride bytes apart. b
// must hold (n-1)*stride plus T's size bytes (nothing when n is 0, so any
// b will do); its address, and stride if n > 1, must be multiples of T's
// alignment;
// if *T has a Validate method, it must accept every entry.
//
// On error NewTable returns the zero Table and an [*Error]: ErrLayout or
// ErrByteOrder for T; ErrSize for a stride below T's size (Got the stride,
// Want the size), a negative n or one whose byte length overflows int, or
// a short b (Want the bytes needed, Got len(b)); ErrAlign for a misaligned
// b or stride; ErrInvalid, naming the entry, from Validate.
func NewTable[T any](b []byte, n, stride int) (Table[T], error) {
	v := lookup(typeKey[T]())
	if v == nil {
		v = resolve[T]()
	}
	return makeTable[T](v, b, n, stride, opTable)
}

// Table is [NewTable] without the cache lookup.
func (o Overlay[T]) Table(b []byte, n, stride int) (Table[T], error) {
	return makeTable[T](o.v, b, n, stride, opOverlayTable)
}

func makeTable[T any](v *verdict, b []byte, n, stride int, o op) (Table[T], error) {
	if err := v.castable(o, typeKey[T]()); err != nil {
		return Table[T]{}, err
	}
	if stride < v.size {
		e := v.sizeError(o, ruleStride, v.size, stride)
		return Table[T]{}, e
	}
	if n < 0 || (n > 1 && n-1 > (maxInt-v.size)/stride) {
		e := v.countError(o, n, len(b))
		if n >= 0 {
			e.rule = ruleOverflow
		}
		return Table[T]{}, e
	}
	if n == 0 {
		return Table[T]{stride: stride}, nil
	}
	need := (n-1)*stride + v.size
	if len(b) < need {
		e := v.sizeError(o, ruleCount, need, len(b))
		e.n = n
		return Table[T]{}, e
	}
	p := unsafe.Pointer(unsafe.SliceData(b))
	if uintptr(p)&v.mask != 0 {
		return Table[T]{}, v.alignError(o, uintptr(p))
	}
	if n > 1 && uintptr(stride)&v.mask != 0 {
		e := v.newError(o, ErrAlign)
		e.rule, e.Want, e.Got = ruleStrideAlign, v.align, stride
		return Table[T]{}, e
	}
	if v.validate != nil {
		for i := range n {
			// safe: entry i lies inside b (need bytes), aligned.
			if err := v.validate(unsafe.Add(p, i*stride)); err != nil {
				return Table[T]{}, v.invalid(o, i, err)
			}
		}
	}
	return Table[T]{p: p, n: n, stride: stride}, nil
}

// Len returns the number of entries.
func (t Table[T]) Len() int { return t.n }

// Stride returns the distance between entries, in bytes.
func (t Table[T]) Stride() int { return t.stride }

// At returns entry i, pointing into the buffer. Like indexing a slice, it
// panics if i is out of range [0, Len()): check indexes that come from
// input against Len first.
func (t Table[T]) At(i int) *T {
	if uint(i) >= uint(t.n) {
		panicIndex(i, t.n)
	}
	// safe: NewTable checked that entry t.n-1, and so every entry below
	// it, lies inside the buffer and is aligned for T.
	return (*T)(unsafe.Add(t.p, i*t.stride))
}

func panicIndex(i, n int) {
	panic("cast: Table.At: index " + strconv.Itoa(i) + " out of range [0:" + strconv.Itoa(n) + "]")
}

// All returns an iterator over the entries' indexes and pointers, in order.
func (t Table[T]) All() iter.Seq2[int, *T] {
	return func(yield func(int, *T) bool) {
		for i := range t.n {
			// safe: as in At, i < t.n.
			if !yield(i, (*T)(unsafe.Add(t.p, i*t.stride))) {
				return
			}
		}
	}
}

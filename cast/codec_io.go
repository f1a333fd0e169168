package cast

import (
	"encoding/binary"
	"errors"
	"io"
	"math"
	"slices"
	"sync"
	"unsafe"
)

// The codec's io forms read through a pooled buffer, not into the T: a T
// passed to an io.Reader's method escapes to the heap, which would cost an
// allocation per call.

const chunk = 512

var chunks = sync.Pool{New: func() any { return new([chunk]byte) }}

// DecodeFrom reads a T from r in order, as [Decode] decodes one from bytes:
// exactly T's size bytes, no more. The T is validated as Decode validates
// it.
//
// On error DecodeFrom returns the zero T and an [*Error]: ErrLayout or
// ErrByteOrder before anything is read; if r ends before T's size,
// ErrSize wrapping io.EOF when no byte was read and io.ErrUnexpectedEOF
// otherwise, as binary.Read does; any other error of r, wrapped; or
// ErrInvalid.
func DecodeFrom[T any](r io.Reader, order binary.ByteOrder) (t T, err error) {
	p := codecOf[T]()
	swaps, ok := orderSwaps(order)
	if !ok || !p.allow[b2i(swaps)] {
		return t, p.fail(opDecodeFrom, order, -1, 0)
	}
	if err = readInto(p, opDecodeFrom, unsafe.Pointer(&t), func(b []byte, _ int) (int, error) {
		return io.ReadFull(r, b)
	}); err != nil {
		var zero T
		return zero, err
	}
	return t, p.finish(opDecodeFrom, unsafe.Pointer(&t), swaps)
}

// DecodeAt reads a T from r at offset off in order, as debug/elf reads a
// file's header: exactly T's size bytes.
//
// On error DecodeAt returns the zero T and an [*Error]: ErrLayout or
// ErrByteOrder before anything is read; ErrSize for a negative off, or
// wrapping io.ErrUnexpectedEOF if r ends before T does; any other error of
// r, wrapped; or ErrInvalid.
func DecodeAt[T any](r io.ReaderAt, off int64, order binary.ByteOrder) (t T, err error) {
	p := codecOf[T]()
	swaps, ok := orderSwaps(order)
	if !ok || !p.allow[b2i(swaps)] || off < 0 || off > math.MaxInt64-int64(unsafe.Sizeof(t)) {
		return t, p.failAt(opDecodeAt, order, off, 1, 1)
	}
	if err = readInto(p, opDecodeAt, unsafe.Pointer(&t), func(b []byte, done int) (int, error) {
		return readFullAt(r, b, off+int64(done))
	}); err != nil {
		var zero T
		return zero, err
	}
	return t, p.finish(opDecodeAt, unsafe.Pointer(&t), swaps)
}

// DecodeSliceAt reads n Ts from r at offset off in order and returns them
// in a new slice. n usually comes from an untrusted header, so it must be
// between 0 and limit, which the caller chooses: no n, however large,
// makes DecodeSliceAt allocate more than limit elements, and it allocates
// as it reads (at most a few KiB beyond what r delivered), so a small file
// claiming many elements costs little. With a Validate method on *T, every
// element is validated.
//
// On error DecodeSliceAt returns nil and an [*Error]: ErrLayout or
// ErrByteOrder; ErrSize if n is negative, above limit, or so large that the
// byte count overflows, or if off is negative or r ends before the n-th
// element (wrapping io.ErrUnexpectedEOF); any other error of r, wrapped;
// or ErrInvalid.
func DecodeSliceAt[T any](r io.ReaderAt, off int64, n, limit int, order binary.ByteOrder) ([]T, error) {
	p := codecOf[T]()
	swaps, ok := orderSwaps(order)
	size := max(int(unsafe.Sizeof(*(*T)(nil))), 1)
	if !ok || !p.allow[b2i(swaps)] || n < 0 || n > limit || n > math.MaxInt/size || off < 0 || off > math.MaxInt64-int64(n)*int64(size) {
		return nil, p.failAt(opDecodeSliceAt, order, off, n, limit)
	}
	per := max(4*chunk/size, 1) // elements per read
	s := make([]T, 0, min(n, per))
	for len(s) < n {
		i := len(s)
		k := min(n-i, max(per, i)) // double the slice at most, as append would
		s = slices.Grow(s, k)[:i+k]
		b := sliceMem(s[i:])
		if got, err := readFullAt(r, b, off+int64(i*size)); err != nil {
			return nil, p.readError(opDecodeSliceAt, i*size+got, n*size, err)
		}
		if swaps {
			p.swapN(unsafe.Pointer(&s[i]), k)
		}
		if err := p.v.valid(opDecodeSliceAt, unsafe.Pointer(&s[i]), k); err != nil {
			if e, ok := errors.AsType[*Error](err); ok {
				e.n += i
			}
			return nil, err
		}
	}
	return s, nil
}

// EncodeTo writes *v to w in order, as [Encode] writes it into bytes.
//
// On error EncodeTo returns an [*Error]: ErrLayout, ErrByteOrder or
// ErrInvalid for a nil v, before anything is written; or the error of w,
// wrapped (io.ErrShortWrite if w wrote less without saying why).
func EncodeTo[T any](w io.Writer, order binary.ByteOrder, v *T) error {
	p := codecOf[T]()
	swaps, ok := orderSwaps(order)
	if !ok || !p.allow[b2i(swaps)] || v == nil {
		return p.failValue(opEncodeTo, order, -1, v == nil)
	}
	t := *v
	if swaps {
		p.swap(unsafe.Pointer(&t))
	}
	buf := chunks.Get().(*[chunk]byte)
	defer chunks.Put(buf)
	// safe: t is a T, Sizeof(t) bytes.
	src := unsafe.Slice((*byte)(unsafe.Pointer(&t)), unsafe.Sizeof(t))
	for len(src) > 0 {
		m := copy(buf[:], src)
		src = src[m:]
		k, err := w.Write(buf[:m])
		if err == nil && k < m {
			err = io.ErrShortWrite
		}
		if err != nil {
			e := p.v.newError(opEncodeTo, err)
			return e
		}
	}
	return nil
}

// readInto fills the T at dst (p.v.size bytes) by calling read with
// pooled chunks; read is told how many bytes are already done.
func readInto(p *plan, o op, dst unsafe.Pointer, read func(b []byte, done int) (int, error)) error {
	buf := chunks.Get().(*[chunk]byte)
	defer chunks.Put(buf)
	// safe: dst points at a T, p.v.size bytes.
	out := unsafe.Slice((*byte)(dst), p.v.size)
	for done := 0; done < len(out); {
		m := min(len(out)-done, chunk)
		got, err := read(buf[:m], done)
		if err != nil {
			return p.readError(o, done+got, len(out), err)
		}
		done += copy(out[done:], buf[:m])
	}
	return nil
}

// finish converts and validates a T read by readInto.
func (p *plan) finish(o op, t unsafe.Pointer, swaps bool) error {
	if swaps {
		p.swap(t)
	}
	if p.v.validate != nil {
		return p.validate(o, t, 1)
	}
	return nil
}

// readFullAt reads len(b) bytes at off, or fails: an io.EOF with fewer
// bytes becomes io.ErrUnexpectedEOF, and an io.EOF with all of them is
// success, as io.ReaderAt allows.
func readFullAt(r io.ReaderAt, b []byte, off int64) (int, error) {
	n, err := r.ReadAt(b, off)
	switch {
	case n == len(b):
		return n, nil
	case err == nil || errors.Is(err, io.EOF):
		return n, io.ErrUnexpectedEOF
	}
	return n, err
}

// readError wraps an error of a reader: a short read as ErrSize (got of
// want bytes), anything else as it is.
//
//go:noinline
func (p *plan) readError(o op, got, want int, err error) error {
	if err != io.EOF && err != io.ErrUnexpectedEOF { //nolint:errorlint // io.ReadFull returns these two unwrapped
		return p.v.newError(o, err)
	}
	if got > 0 {
		err = io.ErrUnexpectedEOF // io.ReadFull's io.EOF for a later chunk
	}
	e := p.v.newError(o, &shortError{err})
	e.rule, e.Want, e.Got = ruleShortRead, want, got
	return e
}

// failAt is fail for the ReaderAt forms: the order, then n against limit,
// then off.
//
//go:noinline
func (p *plan) failAt(o op, order binary.ByteOrder, off int64, n, limit int) error {
	if swaps, ok := orderSwaps(order); !ok || !p.allow[b2i(swaps)] || p.v.err != nil && !errors.Is(p.v.err.Err, ErrByteOrder) {
		return p.fail(o, order, -1, 0)
	}
	switch {
	case n < 0 || n > math.MaxInt/p.v.size:
		return p.v.countError(o, n, 0)
	case n > limit:
		e := p.v.sizeError(o, ruleMax, limit, 0)
		e.n = n
		return e
	}
	e := p.v.sizeError(o, ruleOffset, 0, 0)
	e.off = off
	return e
}

// shortError is the cause of a short read: ErrSize and the reader's
// io.EOF or io.ErrUnexpectedEOF.
type shortError struct{ eof error }

func (e *shortError) Error() string   { return e.eof.Error() }
func (e *shortError) Unwrap() []error { return []error{ErrSize, e.eof} }

package cast

import (
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"unsafe"

	"github.com/go-overlay/overlay/layout"
)

// The codec: copies that convert byte order.
//
// The casts serve types whose bytes are already in the right order. The
// codec serves the others, types of native numbers such as debug/elf's
// Header64, whose bytes are in an order known only at run time: it copies
// a T out of bytes or into them, converting every native multi-byte
// number (int16 to int64, uint16 to uint64, float32, float64, and each half
// of complex64 and complex128) between the given order and the host's.
// Bytes, int8, uint8 and the fixed-order types of package endian are
// copied as they are.
//
// The codec applies the casts' rules to T (ErrLayout: no padding, no
// pointers, ... on any arch), so a T that decodes on one host decodes on
// every host, and it is exactly encoding/binary's fixed-size format for
// such types, with one difference: encoding/binary skips blank (_) fields,
// writing zeros and reading nothing into them, where the codec copies
// their bytes like any other field's. A format's reserved bytes declared as
// _ [N]byte thus survive a Decode and Encode round trip.
//
// The orders are binary.BigEndian, binary.LittleEndian and
// binary.NativeEndian (the host's order); any other binary.ByteOrder is
// an ErrByteOrder error. A T that declares its order with _ endian.Big or
// _ endian.Little is decoded and encoded only with that order (or with
// NativeEndian on a host of that order), and then on every host: that is
// how a type marked Big is read on a little-endian host, where [To]
// refuses it.
//
// For each T the codec computes once, from the layout engine's leaves, a
// plan (the offsets of the numbers to swap, as runs of equal-size numbers)
// and caches it with T's verdict; a conversion is then one copy and a loop
// over those runs, with no reflection. The value forms do not allocate.

// Decode returns a copy of the T at the start of b, converting its native
// multi-byte numbers from order to the host's, and the bytes after it,
// b[size:]. b may have any alignment. If *T has a Validate method, it is
// called on the converted copy.
//
// On error Decode returns the zero T, nil and an [*Error] wrapping
// ErrLayout, ErrByteOrder (an order the codec does not know, or one that
// T's marker excludes), ErrSize (b shorter than T) or ErrInvalid, checked
// in that order.
func Decode[T any](b []byte, order binary.ByteOrder) (t T, rest []byte, err error) {
	// The fast path: a cached plan, an order T admits, no Validate
	// method, enough bytes. Everything else goes to decode, which checks
	// again in the documented order. Each step here is spelled out for
	// its cost: the key is keyOf, not typeKey[T]() (one dependent load
	// less), orderIndex selects the row of p.fast with one compare, and
	// the swap is p.swapFrom inlined, since the call and the spills around
	// it cost a tenth of a Decode.
	p := cached(keyOf((*T)(nil)))
	i := orderIndex(order)
	if p == nil || !p.fast[i&3] || len(b) < int(unsafe.Sizeof(t)) {
		rest, err = decode(b, order, &t)
		return t, rest, err
	}
	if unalignedLoads {
		t = *(*T)(unsafe.Pointer(unsafe.SliceData(b))) // safe: b holds at least a T; T has no pointers; misaligned loads work here
	} else {
		copy(unsafe.Slice((*byte)(unsafe.Pointer(&t)), unsafe.Sizeof(t)), b) // safe: t is a T, Sizeof(t) bytes
	}
	if i != 0 {
		// p.swapFrom(&t, b): see there.
		dst, src := unsafe.Pointer(&t), unsafe.Pointer(unsafe.SliceData(b)) // safe: b holds at least a T's bytes
		for _, off := range p.offs[k16] {
			swap16(dst, src, off)
		}
		for _, off := range p.offs[k32] {
			swap32(dst, src, off)
		}
		for _, off := range p.offs[k64] {
			swap64(dst, src, off)
		}
		for _, off := range p.offs[k16x2] {
			swap16x2(dst, src, off)
		}
		for _, off := range p.offs[k16x4] {
			swap16x4(dst, src, off)
		}
		for _, off := range p.offs[k32x2] {
			swap32x2(dst, src, off)
		}
		if p.long != nil {
			p.swapLong(dst, src)
		}
	}
	return t, b[unsafe.Sizeof(t):], nil
}

// decode is Decode off its fast path: the first use of T, a failed check,
// or a Validate method. It writes the T to *t, the caller's zero result,
// and on error leaves it zero.
//
//go:noinline
func decode[T any](b []byte, order binary.ByteOrder, t *T) (rest []byte, err error) {
	p := codecOf[T]()
	swaps, ok := orderSwaps(order)
	if !ok || !p.allow[b2i(swaps)] || len(b) < int(unsafe.Sizeof(*t)) {
		return nil, p.fail(opDecode, order, len(b), 1)
	}
	// safe: *t is a T, so its memory is Sizeof(*t) bytes.
	copy(unsafe.Slice((*byte)(unsafe.Pointer(t)), unsafe.Sizeof(*t)), b)
	if swaps {
		// safe: b holds at least a T's bytes.
		p.swapFrom(unsafe.Pointer(t), unsafe.Pointer(unsafe.SliceData(b)))
	}
	if p.v.validate != nil {
		if err = p.validate(opDecode, unsafe.Pointer(t), 1); err != nil {
			*t = *new(T)
			return nil, err
		}
	}
	return b[unsafe.Sizeof(*t):], nil
}

// Encode writes *v at the start of b in order, converting its native
// multi-byte numbers from the host's order, and returns the bytes after
// it, b[size:]. b may have any alignment. Encode writes *v as it is: it does
// not call a Validate method.
//
// On error Encode writes nothing and returns nil and an [*Error] wrapping
// ErrLayout, ErrByteOrder, ErrSize (b shorter than T), or ErrInvalid for
// a nil v.
func Encode[T any](b []byte, order binary.ByteOrder, v *T) (rest []byte, err error) {
	p := cached(typeKey[T]()) // codecOf[T](), spelled out
	if p == nil {
		p = resolvePlan[T]()
	}
	swaps, ok := orderSwaps(order)
	if !ok || !p.allow[b2i(swaps)] || len(b) < int(unsafe.Sizeof(*v)) || v == nil {
		return nil, p.failValue(opEncode, order, len(b), v == nil)
	}
	encode(p, b, v, swaps)
	return b[unsafe.Sizeof(*v):], nil
}

// Append appends *v to b in order, as [Encode] writes it, and returns the
// extended slice. It allocates only when b lacks the capacity.
//
// On error Append returns nil and an [*Error] wrapping ErrLayout,
// ErrByteOrder, or ErrInvalid for a nil v.
func Append[T any](b []byte, order binary.ByteOrder, v *T) ([]byte, error) {
	p := cached(typeKey[T]()) // codecOf[T](), spelled out
	if p == nil {
		p = resolvePlan[T]()
	}
	swaps, ok := orderSwaps(order)
	if !ok || !p.allow[b2i(swaps)] || v == nil {
		return nil, p.failValue(opAppend, order, -1, v == nil)
	}
	n := len(b)
	b = grow(b, int(unsafe.Sizeof(*v)))
	encode(p, b[n:], v, swaps)
	return b, nil
}

// encode writes *v to the first bytes of b, which has room for it.
func encode[T any](p *plan, b []byte, v *T, swaps bool) {
	// safe: v points at a T, Sizeof(*v) bytes.
	src := unsafe.Slice((*byte)(unsafe.Pointer(v)), unsafe.Sizeof(*v))
	dst := unsafe.Pointer(unsafe.SliceData(b))
	if !swaps {
		copy(b, src)
		return
	}
	if at, from := uintptr(dst), uintptr(unsafe.Pointer(v)); at != from && at < from+uintptr(len(src)) && from < at+uintptr(len(src)) {
		// *v overlaps b partly: convert a copy, which the first bytes
		// written to b cannot change.
		t := *v
		p.swap(unsafe.Pointer(&t))
		// safe: t is a T, Sizeof(t) bytes.
		copy(b, unsafe.Slice((*byte)(unsafe.Pointer(&t)), unsafe.Sizeof(t)))
		return
	}
	copy(b, src)
	// safe: b has room for a T and *v is one.
	p.swapFrom(dst, unsafe.Pointer(v))
}

// grow returns b extended by n bytes, whose contents the caller overwrites.
func grow(b []byte, n int) []byte {
	if cap(b)-len(b) < n {
		return append(b, make([]byte, n)...)
	}
	return b[:len(b)+n]
}

// DecodeSlice decodes len(dst) Ts from the start of b into dst, as
// [Decode] decodes one, and returns the bytes after them. With a Validate
// method on *T, every element is validated before dst is written.
//
// On error DecodeSlice leaves dst unchanged and returns nil and an
// [*Error], as [Decode] does; ErrSize when b holds fewer than len(dst)
// elements.
func DecodeSlice[T any](dst []T, b []byte, order binary.ByteOrder) (rest []byte, err error) {
	p := codecOf[T]()
	swaps, ok := orderSwaps(order)
	size := int(unsafe.Sizeof(*(*T)(nil)))
	if !ok || !p.allow[b2i(swaps)] || len(b)/max(size, 1) < len(dst) {
		return nil, p.fail(opDecodeSlice, order, len(b), len(dst))
	}
	n := len(dst) * size
	if p.v.validate != nil {
		if err = p.validateBytes(opDecodeSlice, b[:n], swaps); err != nil {
			return nil, err
		}
	}
	if !swaps || p.uniform != 0 || len(p.ops) == 0 {
		copy(sliceMem(dst), b[:n])
		if swaps {
			p.swapN(unsafe.Pointer(unsafe.SliceData(dst)), len(dst))
		}
		return b[n:], nil
	}
	// Copy and swap block by block, so that each block is swapped while
	// it is still in the cache.
	out := sliceMem(dst)
	for i := 0; i < len(dst); i += block {
		m := min(block, len(dst)-i)
		copy(out[i*size:(i+m)*size], b[i*size:])
		p.swapBlock(unsafe.Pointer(&dst[i]), m)
	}
	return b[n:], nil
}

// AppendSlice appends the elements of s to b in order, as [Append] appends
// one, and returns the extended slice.
//
// On error AppendSlice returns nil and an [*Error] wrapping ErrLayout or
// ErrByteOrder.
func AppendSlice[T any](b []byte, order binary.ByteOrder, s []T) ([]byte, error) {
	p := codecOf[T]()
	swaps, ok := orderSwaps(order)
	if !ok || !p.allow[b2i(swaps)] {
		return nil, p.fail(opAppendSlice, order, -1, 0)
	}
	n := len(b)
	b = grow(b, len(s)*int(unsafe.Sizeof(*(*T)(nil))))
	out := b[n:]
	if !swaps {
		copy(out, sliceMem(s))
		return b, nil
	}
	for i := range s {
		encode(p, out[i*p.v.size:], &s[i], true)
	}
	return b, nil
}

// Swap converts *p in place between order and the host's order: after a
// cast of bytes in order (such as [To] of a T of native numbers), it makes
// *p's numbers host-order numbers, and applied again it makes them order's
// again. With an order equal to the host's it does nothing.
//
// On error Swap leaves *p unchanged and returns an [*Error] wrapping
// ErrLayout, ErrByteOrder, or ErrInvalid for a nil p.
func Swap[T any](p *T, order binary.ByteOrder) error {
	pl := codecOf[T]()
	swaps, ok := orderSwaps(order)
	if !ok || !pl.allow[b2i(swaps)] || p == nil {
		return pl.failValue(opSwap, order, -1, p == nil)
	}
	if swaps {
		pl.swap(unsafe.Pointer(p))
	}
	return nil
}

// SwapSlice converts every element of s in place, as [Swap] converts one.
//
// On error SwapSlice leaves s unchanged and returns an [*Error] wrapping
// ErrLayout or ErrByteOrder.
func SwapSlice[T any](s []T, order binary.ByteOrder) error {
	p := codecOf[T]()
	swaps, ok := orderSwaps(order)
	if !ok || !p.allow[b2i(swaps)] {
		return p.fail(opSwapSlice, order, -1, 0)
	}
	if swaps {
		p.swapN(unsafe.Pointer(unsafe.SliceData(s)), len(s))
	}
	return nil
}

// Borrow returns b as a []T of len(b)/size elements in host order, without
// copying when it can: if order is the host's and b is aligned for T, the
// result is a view of b, as [Slice] returns (copied is false); otherwise it
// is a new slice holding the decoded elements (copied is true), which does
// not alias b. With a Validate method on *T, every element is validated.
// An empty b yields an empty slice and copied false.
//
// On error Borrow returns nil, false and an [*Error] wrapping ErrLayout,
// ErrByteOrder, ErrSize (len(b) not a multiple of T's size) or ErrInvalid.
func Borrow[T any](b []byte, order binary.ByteOrder) (s []T, copied bool, err error) {
	p := codecOf[T]()
	swaps, ok := orderSwaps(order)
	size := max(int(unsafe.Sizeof(*(*T)(nil))), 1)
	if !ok || !p.allow[b2i(swaps)] || len(b)%size != 0 {
		return nil, false, p.fail(opBorrow, order, len(b), -1)
	}
	n := len(b) / size
	if n == 0 {
		return []T{}, false, nil
	}
	data := unsafe.Pointer(unsafe.SliceData(b))
	if !swaps && uintptr(data)&p.v.mask == 0 {
		if err = p.v.valid(opBorrow, data, n); err != nil {
			return nil, false, err
		}
		// safe: b holds n Ts at an address aligned for T, and T passed
		// the layout checks.
		return unsafe.Slice((*T)(data), n), false, nil
	}
	s = make([]T, n)
	if _, err = DecodeSlice(s, b, order); err != nil {
		if e, ok := errors.AsType[*Error](err); ok {
			e.Op, e.op = opBorrow.String(), opBorrow
		}
		return nil, false, err
	}
	return s, true, nil
}

// sliceMem is SliceBytes for any T, even one marked with the other order.
func sliceMem[T any](s []T) []byte {
	// safe: s's elements are len(s)*Sizeof(T) bytes of memory.
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), uintptr(len(s))*unsafe.Sizeof(*(*T)(nil)))
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// validate runs the Validate methods on the n Ts at src, through a
// scratch T, as Read does (see readInto): src is often the caller's stack,
// which must not reach Validate.
func (p *plan) validate(o op, src unsafe.Pointer, n int) error {
	tmp := p.v.scratch.Get().(unsafe.Pointer)
	defer p.v.scratch.Put(tmp)
	for i := range n {
		copy(unsafe.Slice((*byte)(tmp), p.v.size), unsafe.Slice((*byte)(unsafe.Add(src, i*p.v.size)), p.v.size))
		if err := p.v.valid(o, tmp, 1); err != nil {
			if e, ok := errors.AsType[*Error](err); ok {
				e.n = i
			}
			return err
		}
	}
	return nil
}

// validateBytes runs the Validate method on each T that b holds in the
// order that swaps says, converted, without writing anywhere but a heap
// copy.
func (p *plan) validateBytes(o op, b []byte, swaps bool) error {
	tmp := p.v.scratch.Get().(unsafe.Pointer)
	defer p.v.scratch.Put(tmp)
	for i := 0; i+p.v.size <= len(b); i += p.v.size {
		copy(unsafe.Slice((*byte)(tmp), p.v.size), b[i:])
		if swaps {
			p.swap(tmp)
		}
		if err := p.v.valid(o, tmp, 1); err != nil {
			if e, ok := errors.AsType[*Error](err); ok {
				e.n = i / p.v.size
			}
			return err
		}
	}
	return nil
}

// fail returns the error of a codec call that failed its checks, in the
// documented order: layout, byte order, size. got is len(b), or -1 where
// no size is checked; count is 1 for one T, the element count for a slice
// form (DecodeSlice, the io forms), or -1 for a whole-multiple rule
// (Borrow).
//
//go:noinline
func (p *plan) fail(o op, order binary.ByteOrder, got, count int) error {
	v := p.v
	if v.err != nil && !errors.Is(v.err.Err, ErrByteOrder) {
		return v.rejection(o)
	}
	swaps, ok := orderSwaps(order)
	if !ok {
		e := v.newError(o, ErrByteOrder)
		e.with = fmt.Sprintf("%T", order)
		return e
	}
	if !p.allow[b2i(swaps)] {
		e := v.newError(o, ErrByteOrder)
		e.order = p.declared.String()
		e.with = orderName(order)
		return e
	}
	switch {
	case got < 0:
	case count == -1 && got%v.size != 0:
		return v.sizeError(o, ruleMultiple, v.size, got)
	case count == 1 && got < v.size:
		return v.sizeError(o, ruleAtLeast, v.size, got)
	case count > 1 && got/v.size < count:
		return v.countError(o, count, got)
	}
	panic("cast: codec check failed without a cause")
}

// failValue is fail for the forms that take a *T, which may be nil.
//
//go:noinline
func (p *plan) failValue(o op, order binary.ByteOrder, got int, isNil bool) error {
	if v := p.v; v.err != nil && !errors.Is(v.err.Err, ErrByteOrder) {
		return v.rejection(o)
	}
	if swaps, ok := orderSwaps(order); !ok || !p.allow[b2i(swaps)] || !isNil {
		return p.fail(o, order, got, 1)
	}
	return p.v.invalid(o, 0, errNilValue)
}

var errNilValue = errors.New("nil pointer")

// orderName describes a known byte order for messages: "big endian", or
// "little endian (binary.NativeEndian on amd64)".
func orderName(order binary.ByteOrder) string {
	swaps, _ := orderSwaps(order)
	big := convertsFromBig(swaps)
	s := layout.OrderLittle.String()
	if big {
		s = layout.OrderBig.String()
	}
	if order == binary.NativeEndian {
		s += " (binary.NativeEndian on " + runtime.GOARCH + ")"
	}
	return s
}

// codecOrderMessage writes the message of a codec's ErrByteOrder error.
func (e *Error) codecOrderMessage(b *strings.Builder) {
	if e.order == "" {
		fmt.Fprintf(b, "byte order %s is none of binary.BigEndian, binary.LittleEndian and binary.NativeEndian", e.with)
		return
	}
	fmt.Fprintf(b, "%s declares %s byte order, not %s", e.Type, e.order, e.with)
}

package cast

import (
	"cmp"
	"encoding/binary"
	"errors"
	"math"
	"math/bits"
	"reflect"
	"slices"
	"sync/atomic"
	"unsafe"

	"github.com/go-overlay/overlay/layout"
)

// A plan is what the codec needs to know about a type argument T beyond
// its verdict: the byte order T declares and where its native multi-byte
// numbers are. Converting a T between host order and the other order is
// one copy plus a byte swap of each of those numbers, in place, run by run.
// A plan is computed once per type from the layout engine's leaves (see
// [codecOf]) and never changes.
type plan struct {
	v *verdict
	// declared is the byte order T declares: OrderBig and OrderLittle
	// restrict the orders T may be decoded with.
	declared layout.Order
	// runs lists T's native multi-byte numbers as runs of equal-size
	// numbers at consecutive addresses, in offset order. Complex numbers
	// are two numbers of half their size.
	runs []run
	// key is T's typeKey, for the plan cache (see codecOf).
	key unsafe.Pointer
	// ops is runs compiled for swap (see compile), for slices. offs and
	// long hold the same ops for one T without a dispatch per op: offs[k]
	// the offsets of the word ops of kind k, long the runs.
	ops  []swapOp
	offs [kRun16][]uintptr
	long []swapOp
	// allow says which conversions T admits, indexed by b2i(swaps):
	// none for a rejected T, one for a T marked Big or Little.
	allow [2]bool
	// fast is allow without a Validate method, indexed by orderIndex:
	// Decode's fast path.
	fast [4]bool
	// uniform is set when the runs cover all of T with numbers of one
	// size, as for [8]uint32: then a slice of T is one run too.
	uniform uint8
}

// A run is n numbers of size bytes each (2, 4 or 8) starting at off.
type run struct {
	off  uintptr
	n    int
	size uint8
}

// codecOf returns the plan for T, computing it on first use. After that it
// costs two dependent loads (see cached). It is too big to be inlined, so
// the hottest of the codec's functions spell it out.
func codecOf[T any]() *plan {
	if p := cached(typeKey[T]()); p != nil {
		return p
	}
	return resolvePlan[T]()
}

// cached returns the plan of the type whose key is k from plans, or nil:
// two dependent loads, the slot and the plan's key, which proves that the
// slot holds k's plan.
func cached(k unsafe.Pointer) *plan {
	if p := plans[planSlot(k)].Load(); p != nil && p.key == k {
		return p
	}
	return nil
}

// plans is a direct-mapped cache of plans in front of the verdicts' table:
// the codec's hot paths reach a plan in two loads instead of the table's
// probe plus the verdict's pointer. A slot holds the plan last resolved
// for any key that maps to it; two types that share a slot and alternate
// each take the slow path (resolvePlan, a table lookup) and stay correct.
var plans [1 << planBits]atomic.Pointer[plan]

const planBits = 8

func planSlot(k unsafe.Pointer) uintptr {
	return uintptr(k) * hashMul >> (bits.UintSize - planBits)
}

// resolvePlan computes and caches T's plan, after codecOf missed.
// Concurrent first uses may each compute one; the first stored wins.
//
//go:noinline
func resolvePlan[T any]() *plan {
	v := verdictOf[T]()
	if p := v.plan.Load(); p != nil {
		plans[planSlot(p.key)].Store(p)
		return p
	}
	p := &plan{v: v, key: v.key}
	if v.err == nil || errors.Is(v.err.Err, ErrByteOrder) {
		// A type whose layout is wrong has no plan: every codec call fails
		// with the verdict's ErrLayout before it could need one.
		if l, err := layout.OfType(reflect.TypeFor[T]()); err == nil {
			p.declared = l.Order
			p.runs = mergeRuns(swapsOf(l, 0, nil))
			p.ops = compile(p.runs, v.align)
			for _, o := range p.ops {
				if o.kind < kRun16 {
					p.offs[o.kind] = append(p.offs[o.kind], o.off)
				} else {
					p.long = append(p.long, o)
				}
			}
		}
		for i, swaps := range [2]bool{false, true} {
			big := convertsFromBig(swaps)
			switch p.declared {
			case layout.OrderBig:
				p.allow[i] = big
			case layout.OrderLittle:
				p.allow[i] = !big
			case layout.OrderConflict:
			default:
				p.allow[i] = true
			}
		}
		p.fast = [4]bool{p.allow[0] && v.validate == nil, p.allow[1] && v.validate == nil}
		if len(p.runs) == 1 && p.runs[0].off == 0 && p.runs[0].n*int(p.runs[0].size) == v.size {
			p.uniform = p.runs[0].size
		}
	}
	v.plan.CompareAndSwap(nil, p)
	p = v.plan.Load()
	plans[planSlot(p.key)].Store(p)
	return p
}

// swapsOf appends to acc, as runs of one number each, the native
// multi-byte numbers of the layout l placed at base. Arrays of numbers
// are one run; an array of structs repeats the element's numbers at the
// element's stride, which the engine computes for the element type.
func swapsOf(l *layout.Layout, base int64, acc []run) []run {
	for _, f := range l.Fields {
		n := l.Type.At(f.Index)
		if n == nil || f.Size <= 0 {
			continue
		}
		elems := int64(1)
		for n.Kind == layout.Array && n.Elem != nil {
			elems *= max(n.Len, 0)
			n = n.Elem
		}
		if elems == 0 {
			continue
		}
		off := base + f.Offset
		if size := numberSize(n.Kind); size != 0 {
			acc = append(acc, run{off: uintptr(off), n: int(f.Size / size), size: uint8(size)})
			continue
		}
		if n.Kind != layout.Struct || n.Marker != layout.NoMarker {
			continue // bytes, endian types (byte arrays), markers
		}
		el := layout.Compute(n, hostArch)
		if el.Size <= 0 {
			continue
		}
		sub := swapsOf(el, 0, nil)
		for i := range f.Size / el.Size {
			for _, r := range sub {
				r.off += uintptr(off + i*el.Size)
				acc = append(acc, r)
			}
		}
	}
	return acc
}

// numberSize returns the size of the numbers a byte order swaps in a value
// of kind k: the size of a multi-byte integer or float, half that of a
// complex, or 0 for anything a byte order does not affect.
func numberSize(k layout.Kind) int64 {
	switch k {
	case layout.Int16, layout.Uint16:
		return 2
	case layout.Int32, layout.Uint32, layout.Float32, layout.Complex64:
		return 4
	case layout.Int64, layout.Uint64, layout.Float64, layout.Complex128:
		return 8
	}
	return 0
}

// mergeRuns sorts runs by offset and joins runs of equal size that touch.
func mergeRuns(rs []run) []run {
	slices.SortFunc(rs, func(a, b run) int { return cmp.Compare(a.off, b.off) })
	var out []run
	for _, r := range rs {
		if k := len(out) - 1; k >= 0 && out[k].size == r.size && out[k].off+uintptr(out[k].n)*uintptr(r.size) == r.off {
			out[k].n += r.n
			continue
		}
		out = append(out, r)
	}
	return slices.Clip(out)
}

// A swapOp is one step of a plan's swap: reverse the bytes of one number,
// of a word of numbers at once, or of a run of n numbers.
type swapOp struct {
	off  uintptr
	n    uint32 // kRun*: the count
	kind uint8
}

// The kinds of ops. A word op loads the word that holds several numbers
// once; it needs the word aligned for its type, which T's alignment and
// the word's offset guarantee (see compile).
const (
	k16    = iota // one uint16
	k32           // one uint32
	k64           // one uint64
	k16x2         // a uint32 word of two uint16s
	k16x4         // a uint64 word of four uint16s
	k32x2         // a uint64 word of two uint32s
	kRun16        // n uint16s
	kRun32        // n uint32s
	kRun64        // n uint64s
)

// maxShort is the longest run that compile splits into single numbers;
// longer runs are one op.
const maxShort = 8

// compile turns merged runs into ops for a T of alignment align.
func compile(runs []run, align int) []swapOp {
	type num struct {
		off  uintptr
		size uint8
	}
	var nums []num
	var ops []swapOp
	for _, r := range runs {
		if r.n <= maxShort {
			for i := range r.n {
				nums = append(nums, num{r.off + uintptr(i)*uintptr(r.size), r.size})
			}
			continue
		}
		for off, n := r.off, r.n; n > 0; {
			k := min(n, math.MaxInt32)
			ops = append(ops, swapOp{off: off, n: uint32(k), kind: kRun16 + uint8(bits.TrailingZeros8(r.size)) - 1})
			off += uintptr(k) * uintptr(r.size)
			n -= k
		}
	}
	// seq reports whether the count numbers from nums[i] are of size and
	// consecutive.
	seq := func(i, count int, size uint8) bool {
		if i+count > len(nums) {
			return false
		}
		for j := range count {
			if nums[i+j].size != size || nums[i+j].off != nums[i].off+uintptr(j)*uintptr(size) {
				return false
			}
		}
		return true
	}
	for i := 0; i < len(nums); {
		n := nums[i]
		o := swapOp{off: n.off}
		step := 1
		switch {
		case align >= 8 && n.off%8 == 0 && seq(i, 4, 2):
			o.kind, step = k16x4, 4
		case align >= 8 && n.off%8 == 0 && seq(i, 2, 4):
			o.kind, step = k32x2, 2
		case align >= 4 && n.off%4 == 0 && seq(i, 2, 2):
			o.kind, step = k16x2, 2
		default:
			o.kind = uint8(bits.TrailingZeros8(n.size)) - 1
		}
		ops = append(ops, o)
		i += step
	}
	slices.SortFunc(ops, func(a, b swapOp) int { return cmp.Compare(a.off, b.off) })
	return slices.Clip(ops)
}

// swap reverses the bytes of every number of the T at base, in place.
func (p *plan) swap(base unsafe.Pointer) { p.swapFrom(base, base) }

// swapFrom writes to the T at dst the numbers of the T at src with their
// bytes reversed; dst and src are the same T, or dst already holds a copy
// of src's bytes (the bytes that are not numbers). Neither need be
// aligned: each number is loaded and stored through a byte array, which
// the compiler turns into one load or store where the machine allows it.
// Reading from src, not from the copy just written to dst, keeps the
// loads independent of the copy's stores.
func (p *plan) swapFrom(dst, src unsafe.Pointer) {
	// One loop per kind of op, without a dispatch per op: this is the
	// hot path of Encode, and Decode spells it out.
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

// swapLong is swapFrom for the runs, which few types have.
func (p *plan) swapLong(dst, src unsafe.Pointer) {
	for _, o := range p.long {
		// safe: o is o.n numbers of its kind's size at o.off inside a T.
		d, s := unsafe.Add(dst, o.off), unsafe.Add(src, o.off)
		switch o.kind {
		case kRun16:
			for i := range uintptr(o.n) {
				swap16(d, s, 2*i)
			}
		case kRun32:
			for i := range uintptr(o.n) {
				swap32(d, s, 4*i)
			}
		case kRun64:
			for i := range uintptr(o.n) {
				swap64(d, s, 8*i)
			}
		}
	}
}

// swap16 and the others are the word ops: each writes to dst+off the
// number, or word of numbers, at src+off with its bytes reversed.
// safe (all six): off is the offset of a number, or of a word of numbers,
// inside a T, and dst and src each point at a T's memory; the loads and
// stores go through byte arrays, of alignment 1.
func swap16(dst, src unsafe.Pointer, off uintptr) {
	put16(unsafe.Add(dst, off), bits.ReverseBytes16(get16(unsafe.Add(src, off))))
}

func swap32(dst, src unsafe.Pointer, off uintptr) {
	put32(unsafe.Add(dst, off), bits.ReverseBytes32(get32(unsafe.Add(src, off))))
}

func swap64(dst, src unsafe.Pointer, off uintptr) {
	put64(unsafe.Add(dst, off), bits.ReverseBytes64(get64(unsafe.Add(src, off))))
}

// swap16x2 swaps the two uint16s of a uint32 word: reversing the word
// swaps the bytes of each and their order, which the rotation restores.
func swap16x2(dst, src unsafe.Pointer, off uintptr) {
	put32(unsafe.Add(dst, off), bits.RotateLeft32(bits.ReverseBytes32(get32(unsafe.Add(src, off))), 16))
}

func swap16x4(dst, src unsafe.Pointer, off uintptr) {
	q := get64(unsafe.Add(src, off))
	put64(unsafe.Add(dst, off), q>>8&0x00ff00ff00ff00ff|q&0x00ff00ff00ff00ff<<8)
}

func swap32x2(dst, src unsafe.Pointer, off uintptr) {
	put64(unsafe.Add(dst, off), bits.RotateLeft64(bits.ReverseBytes64(get64(unsafe.Add(src, off))), 32))
}

// get16 and the others load and store host-order numbers at any
// alignment.
func get16(q unsafe.Pointer) uint16 { return binary.NativeEndian.Uint16((*[2]byte)(q)[:]) }
func get32(q unsafe.Pointer) uint32 { return binary.NativeEndian.Uint32((*[4]byte)(q)[:]) }
func get64(q unsafe.Pointer) uint64 { return binary.NativeEndian.Uint64((*[8]byte)(q)[:]) }

func put16(q unsafe.Pointer, v uint16) { binary.NativeEndian.PutUint16((*[2]byte)(q)[:], v) }
func put32(q unsafe.Pointer, v uint32) { binary.NativeEndian.PutUint32((*[4]byte)(q)[:], v) }
func put64(q unsafe.Pointer, v uint64) { binary.NativeEndian.PutUint64((*[8]byte)(q)[:], v) }

// swapN swaps n consecutive Ts at base, in blocks that stay in the
// cache while each op runs down the block: a tight loop per op, not the
// op loop per element.
func (p *plan) swapN(base unsafe.Pointer, n int) {
	if p.uniform != 0 {
		swapRun(base, n*p.v.size/int(p.uniform), p.uniform)
		return
	}
	if len(p.ops) == 0 {
		return
	}
	for i := 0; i < n; i += block {
		p.swapBlock(unsafe.Add(base, i*p.v.size), min(block, n-i))
	}
}

// block is how many elements swapN converts at a time.
const block = 64

// swapBlock swaps the m Ts at base, op by op.
func (p *plan) swapBlock(base unsafe.Pointer, m int) {
	size := uintptr(p.v.size)
	for _, o := range p.ops {
		off := o.off
		end := off + uintptr(m)*size
		// safe: as in swap, for each of the m Ts at base.
		switch o.kind {
		case k16:
			for at := off; at < end; at += size {
				q := (*uint16)(unsafe.Add(base, at))
				*q = bits.ReverseBytes16(*q)
			}
		case k32:
			for at := off; at < end; at += size {
				q := (*uint32)(unsafe.Add(base, at))
				*q = bits.ReverseBytes32(*q)
			}
		case k64:
			for at := off; at < end; at += size {
				q := (*uint64)(unsafe.Add(base, at))
				*q = bits.ReverseBytes64(*q)
			}
		case k16x2:
			for at := off; at < end; at += size {
				q := (*uint32)(unsafe.Add(base, at))
				*q = *q>>8&0x00ff00ff | *q&0x00ff00ff<<8
			}
		case k16x4:
			for at := off; at < end; at += size {
				q := (*uint64)(unsafe.Add(base, at))
				*q = *q>>8&0x00ff00ff00ff00ff | *q&0x00ff00ff00ff00ff<<8
			}
		case k32x2:
			for at := off; at < end; at += size {
				q := (*uint64)(unsafe.Add(base, at))
				*q = bits.RotateLeft64(bits.ReverseBytes64(*q), 32)
			}
		default: // kRun16, kRun32, kRun64
			for at := off; at < end; at += size {
				swapRun(unsafe.Add(base, at), int(o.n), 2<<(o.kind-kRun16))
			}
		}
	}
}

func swapRun(q unsafe.Pointer, n int, size uint8) {
	switch size {
	case 2:
		// safe: q points at n uint16s inside a T, at their natural alignment.
		s := unsafe.Slice((*uint16)(q), n)
		for i := range s {
			s[i] = bits.ReverseBytes16(s[i])
		}
	case 4:
		// safe: as above, n uint32s.
		s := unsafe.Slice((*uint32)(q), n)
		for i := range s {
			s[i] = bits.ReverseBytes32(s[i])
		}
	case 8:
		// safe: as above, n uint64s.
		s := unsafe.Slice((*uint64)(q), n)
		for i := range s {
			s[i] = bits.ReverseBytes64(s[i])
		}
	}
}

// convertsFromBig reports whether a conversion that swaps (or not)
// converts from big-endian bytes.
func convertsFromBig(swaps bool) bool {
	if hostBigEndian {
		return !swaps
	}
	return swaps
}

// orderSwaps reports whether converting between order and the host's
// order swaps bytes, and whether order is one the codec knows. It asserts
// the dynamic type of order, which compares the interface's type word with
// a constant: comparing the interfaces themselves calls the runtime. Each
// order is a zero-size struct, so its type is its value.
func orderSwaps(order binary.ByteOrder) (swaps, ok bool) {
	switch {
	case isOrder(order, binary.BigEndian):
		return !hostBigEndian, true
	case isOrder(order, binary.LittleEndian):
		return hostBigEndian, true
	case isOrder(order, binary.NativeEndian):
		return false, true
	}
	return false, false
}

// orderIndex returns 0 for an order that converts nothing on this host,
// 1 for one that swaps, and 2 for one the codec does not know.
func orderIndex(order binary.ByteOrder) uint {
	switch {
	case isOrder(order, binary.BigEndian):
		if hostBigEndian {
			return 0
		}
		return 1
	case isOrder(order, binary.LittleEndian):
		if hostBigEndian {
			return 1
		}
		return 0
	case isOrder(order, binary.NativeEndian):
		return 0
	}
	return 2
}

// isOrder reports whether order's dynamic type is O, the type of the
// second argument: the known orders' types are not exported, but their
// values name them.
func isOrder[O binary.ByteOrder](order binary.ByteOrder, _ O) bool {
	_, ok := order.(O)
	return ok
}

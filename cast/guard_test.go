package cast_test

// Guard-page tests: every cast, slice and read function runs over buffers
// that end exactly where a PROT_NONE page begins (internal/guardpage), at
// every length from 0 to 3*size+1 and every distance 0..16 from the guard,
// with debug.SetPanicOnFault(true), so that reading one byte past a buffer
// is a test failure naming the call instead of a crash. Each result is
// compared with the same call on a heap buffer with the same bytes, the
// same address modulo 64 and different bytes around it: a read past the
// end that does not reach the guard (distance > 0) still shows up as a
// different value.
//
// Names in this file start with "guard" so as not to collide with the
// cast engineer's tests in package cast_test.

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"structs"
	"sync"
	"testing"
	"unsafe"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
	"github.com/go-overlay/overlay/internal/guardpage"
)

// Test types.

// guardPacked is 1-byte aligned: endian types and bytes, 18 bytes.
type guardPacked struct {
	_ structs.HostLayout
	A endian.U16BE
	B endian.U32LE
	C endian.U64BE
	D uint8
	E [3]byte
}

// guardAligned is 8-byte aligned on 64-bit arches (4 on 32-bit), 16
// bytes, in host order on purpose.
type guardAligned struct {
	_ structs.HostLayout
	_ endian.Native
	A uint64
	B uint32
	C uint16
	D uint8
	E uint8
}

// guardHeader is a 24-byte header mixing endian types and native numbers.
type guardHeader struct {
	_       structs.HostLayout
	_       endian.Native
	Magic   [4]byte
	Version endian.U16BE
	Flags   endian.U16BE
	Length  uint64
	Count   uint32
	Check   endian.U32LE
}

// guardValidated has a Validate method, which reads the value, so that
// the Validate path runs over guarded memory too.
type guardValidated struct {
	_    structs.HostLayout
	Tag  uint8
	Len  uint8
	Data [6]byte
}

var errGuardTag = errors.New("bad tag")

func (v *guardValidated) Validate() error {
	if v.Tag == 0xFF || v.Len&0x0F == 0x0F || v.Data[5] == 0xEE {
		return errGuardTag
	}
	return nil
}

// guardBig declares big-endian order: it casts on big-endian hosts and
// fails with ErrByteOrder on little-endian ones.
type guardBig struct {
	_ structs.HostLayout
	_ endian.Big
	A uint32
	B uint16
	C [2]byte
}

// guardPadded cannot be overlaid (padding): every call fails with
// ErrLayout, whatever the buffer, and must not touch it.
type guardPadded struct {
	A uint8
	B uint32
}

func TestGuardPages(t *testing.T) {
	if !guardpage.Supported() {
		t.Skip(guardpage.ErrUnsupported)
	}
	t.Run("packed", guardSweep[guardPacked])
	t.Run("aligned", guardSweep[guardAligned])
	t.Run("header", guardSweep[guardHeader])
	t.Run("validated", guardSweep[guardValidated])
	t.Run("big", guardSweep[guardBig])
	t.Run("padded", guardSweep[guardPadded])
	t.Run("uint32", guardSweep[uint32])
	t.Run("bytes3", guardSweep[[3]byte])
	t.Run("u16le", guardSweep[endian.U16LE])
	t.Run("array", guardSweep[[3]guardAligned])
}

// A guardResult is what one call returned, described relative to the
// buffer it was given, so that calls on different buffers compare.
type guardResult struct {
	err   error
	ptr   int        // offset of the returned pointer or slice data from the buffer, -1 if nil
	len   int        // elements of a returned slice
	cap   int        // capacity of a returned slice
	val   []byte     // the bytes read through the pointer or slice, or the value read
	other guardSlice // the second slice (rest or head)
	value bool       // val is a copied value (Read), not memory of the buffer
	zero  bool       // for a value: it is T's zero value (padding bytes aside)
}

// A guardSlice describes a second result slice relative to the buffer.
type guardSlice struct {
	set           bool // the operation returns one
	isNil         bool
	off, len, cap int // off is -1 when cap is 0 (the pointer means nothing)
}

func (g guardSlice) String() string {
	switch {
	case !g.set:
		return "none"
	case g.isNil:
		return "nil"
	}
	return fmt.Sprintf("{off=%d len=%d cap=%d}", g.off, g.len, g.cap)
}

func (r guardResult) String() string {
	s := fmt.Sprintf("ptr=%d len=%d cap=%d val=%x other=%s", r.ptr, r.len, r.cap, r.val, r.other)
	if r.err != nil {
		s += " err=" + r.err.Error()
	}
	return s
}

var guardErrs = []error{cast.ErrSize, cast.ErrAlign, cast.ErrLayout, cast.ErrByteOrder, cast.ErrInvalid, errGuardTag}

// guardMask returns the set of guardErrs that err wraps, with bit 63 for
// an error that wraps none of them.
func guardMask(err error) uint64 {
	if err == nil {
		return 0
	}
	var m uint64
	for i, e := range guardErrs {
		if errors.Is(err, e) {
			m |= 1 << i
		}
	}
	if m == 0 {
		m = 1 << 63
	}
	return m
}

// guardSentinels lists the sentinel errors in a mask.
func guardSentinels(m uint64) string {
	var s []string
	for i, e := range guardErrs {
		if m&(1<<i) != 0 {
			s = append(s, e.Error())
		}
	}
	if m&(1<<63) != 0 {
		s = append(s, "unknown error")
	}
	return strings.Join(s, "+")
}

// guardOffset returns p's offset from the start of b, or -1 for nil.
func guardOffset(b []byte, p unsafe.Pointer) int {
	if p == nil {
		return -1
	}
	return int(uintptr(p) - uintptr(unsafe.Pointer(unsafe.SliceData(b))))
}

// guardDescribe describes a second result slice relative to b.
func guardDescribe(b, s []byte) guardSlice {
	if s == nil {
		return guardSlice{set: true, isNil: true}
	}
	off := -1
	if cap(s) > 0 {
		off = guardOffset(b, unsafe.Pointer(unsafe.SliceData(s)))
	}
	return guardSlice{set: true, off: off, len: len(s), cap: cap(s)}
}

// guardRead copies n bytes from p; on guarded memory it is the read that
// faults if the pointer is bad.
func guardRead(p unsafe.Pointer, n int) []byte {
	if p == nil || n == 0 {
		return nil
	}
	return slices.Clone(unsafe.Slice((*byte)(p), n))
}

// A guardOp is one call under test.
type guardOp struct {
	name string
	call func(b []byte) guardResult
}

func guardPtrResult[T any](b []byte, p *T, err error) guardResult {
	return guardResult{err: err, ptr: guardOffset(b, unsafe.Pointer(p)), val: guardRead(unsafe.Pointer(p), int(unsafe.Sizeof(*p)))}
}

func guardSliceResult[T any](b []byte, s []T, err error) guardResult {
	r := guardResult{err: err, ptr: -1, len: len(s), cap: cap(s)}
	if s != nil {
		r.ptr = guardOffset(b, unsafe.Pointer(unsafe.SliceData(s)))
		r.val = guardRead(unsafe.Pointer(unsafe.SliceData(s)), len(s)*int(unsafe.Sizeof(s[0])))
		if r.len == 0 {
			r.ptr = 0 // an empty slice's pointer means nothing
		}
	}
	return r
}

func guardValueResult[T any](t T, err error) guardResult {
	return guardResult{err: err, ptr: -1, val: guardRead(unsafe.Pointer(&t), int(unsafe.Sizeof(t))), value: true,
		zero: reflect.ValueOf(&t).Elem().IsZero()}
}

// guardOps returns every cast, slice and read function for T, the
// methods of a valid Overlay and of the zero Overlay, and the
// SlicePrefix calls for each interesting n.
func guardOps[T any]() []guardOp {
	size := int(unsafe.Sizeof(*new(T)))
	ov, _ := cast.NewOverlay[T]() // the zero Overlay if T is rejected
	var zero cast.Overlay[T]
	ops := []guardOp{
		{"To", func(b []byte) guardResult { p, err := cast.To[T](b); return guardPtrResult(b, p, err) }},
		{"Prefix", func(b []byte) guardResult {
			p, rest, err := cast.Prefix[T](b)
			r := guardPtrResult(b, p, err)
			r.other = guardDescribe(b, rest)
			return r
		}},
		{"Suffix", func(b []byte) guardResult {
			head, p, err := cast.Suffix[T](b)
			r := guardPtrResult(b, p, err)
			r.other = guardDescribe(b, head)
			return r
		}},
		{"Slice", func(b []byte) guardResult { s, err := cast.Slice[T](b); return guardSliceResult(b, s, err) }},
		{"Read", func(b []byte) guardResult { v, err := cast.Read[T](b); return guardValueResult(v, err) }},
		{"ReadPrefix", func(b []byte) guardResult {
			v, rest, err := cast.ReadPrefix[T](b)
			r := guardValueResult(v, err)
			r.other = guardDescribe(b, rest)
			return r
		}},
		{"Bytes(To)", func(b []byte) guardResult {
			p, err := cast.To[T](b)
			if err != nil {
				return guardResult{err: err, ptr: -1}
			}
			v := cast.Bytes(p)
			return guardSliceResult(b, v, nil)
		}},
		{"SliceBytes(Slice)", func(b []byte) guardResult {
			s, err := cast.Slice[T](b)
			if err != nil {
				return guardResult{err: err, ptr: -1}
			}
			return guardSliceResult(b, cast.SliceBytes(s), nil)
		}},
	}
	for _, o := range []struct {
		name string
		ov   cast.Overlay[T]
	}{{"Overlay", ov}, {"zeroOverlay", zero}} {
		ov := o.ov
		ops = append(ops,
			guardOp{o.name + ".To", func(b []byte) guardResult { p, err := ov.To(b); return guardPtrResult(b, p, err) }},
			guardOp{o.name + ".Prefix", func(b []byte) guardResult {
				p, rest, err := ov.Prefix(b)
				r := guardPtrResult(b, p, err)
				r.other = guardDescribe(b, rest)
				return r
			}},
			guardOp{o.name + ".Suffix", func(b []byte) guardResult {
				head, p, err := ov.Suffix(b)
				r := guardPtrResult(b, p, err)
				r.other = guardDescribe(b, head)
				return r
			}},
			guardOp{o.name + ".Slice", func(b []byte) guardResult { s, err := ov.Slice(b); return guardSliceResult(b, s, err) }},
			guardOp{o.name + ".Read", func(b []byte) guardResult { v, err := ov.Read(b); return guardValueResult(v, err) }},
		)
	}
	ns := []int{-1, 0, 1, 2, 3, math.MaxInt, math.MinInt, math.MaxInt / max(size, 1), math.MaxInt/max(size, 1) + 1, math.MaxInt/2 + 1}
	for i, n := range ns {
		ops = append(ops, guardOp{fmt.Sprintf("SlicePrefix(n=%d)", n), func(b []byte) guardResult {
			s, rest, err := cast.SlicePrefix[T](b, n)
			r := guardSliceResult(b, s, err)
			r.other = guardDescribe(b, rest)
			return r
		}})
		if i >= 5 && i != 8 {
			continue // the method shares the fast path: fewer n will do
		}
		ops = append(ops, guardOp{fmt.Sprintf("Overlay.SlicePrefix(n=%d)", n), func(b []byte) guardResult {
			s, rest, err := ov.SlicePrefix(b, n)
			r := guardSliceResult(b, s, err)
			r.other = guardDescribe(b, rest)
			return r
		}})
		if i > 2 {
			continue
		}
		ops = append(ops, guardOp{fmt.Sprintf("zeroOverlay.SlicePrefix(n=%d)", n), func(b []byte) guardResult {
			s, rest, err := zero.SlicePrefix(b, n)
			r := guardSliceResult(b, s, err)
			r.other = guardDescribe(b, rest)
			return r
		}})
	}
	// n relative to the buffer: all of it, one more, one less.
	for _, rel := range []int{-1, 0, 1} {
		ops = append(ops, guardOp{fmt.Sprintf("SlicePrefix(n=len/size%+d)", rel), func(b []byte) guardResult {
			s, rest, err := cast.SlicePrefix[T](b, len(b)/max(size, 1)+rel)
			r := guardSliceResult(b, s, err)
			r.other = guardDescribe(b, rest)
			return r
		}})
	}
	return ops
}

// guardPattern fills b with bytes that differ by position, length and
// distance from the guard.
func guardPattern(b []byte, k, o int) {
	for i := range b {
		b[i] = byte(i*37 + k*11 + o*101 + 1)
	}
}

// guardWindow returns the k bytes of buf at off, with capacity k+extra,
// built with unsafe.Slice so that even an empty window points at off
// (b[i:i:i] would point at b[0]): an empty window at the guard points
// into the guard page.
func guardWindow(buf []byte, off, k, extra int) []byte {
	p := (*byte)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(buf)), off))
	return unsafe.Slice(p, k+extra)[:k]
}

// guardHeapWindow returns a window of heap like guardWindow's, whose
// address is congruent to want modulo 64, so that alignment checks give
// the same answers as for the guarded window.
func guardHeapWindow(heap []byte, want uintptr, k, extra int) []byte {
	base := uintptr(unsafe.Pointer(unsafe.SliceData(heap)))
	return guardWindow(heap, int((want-base)%64), k, extra)
}

func guardSweep[T any](t *testing.T) {
	size := int(unsafe.Sizeof(*new(T)))
	maxDist := 16
	if size > 24 || testing.Short() {
		maxDist = 8 // distances 0..8 still cover every address mod 8
	}
	maxLen := 3*size + 1
	region := guardpage.New(t, maxLen+maxDist+64)
	heap := make([]byte, len(region)+2*64)
	ops := guardOps[T]()
	type outcome struct {
		op   int
		errs uint64
	}
	outcomes := map[outcome]int{}
	calls, failures := 0, 0
	for dist := 0; dist <= maxDist; dist++ {
		for k := 0; k <= maxLen; k++ {
			for _, capped := range []bool{true, false} {
				if !capped && dist%4 != 1 {
					// Capacity past the length (up to the guard) matters
					// only for the rest slices; a few distances cover it.
					continue
				}
				end := len(region) - dist
				extra := 0
				if !capped {
					extra = dist // capacity up to the guard
				}
				for i := range region {
					region[i] = 0xA5
				}
				for i := range heap {
					heap[i] = 0x5A
				}
				g := guardWindow(region, end-k, k, extra)
				h := guardHeapWindow(heap, uintptr(unsafe.Pointer(unsafe.SliceData(g))), k, extra)
				guardPattern(g, k, dist)
				guardPattern(h, k, dist)
				calls += len(ops)
				guardRun(t, ops, g, h, func(op int, errs uint64) { outcomes[outcome{op, errs}]++ }, func() string {
					return fmt.Sprintf("[%T] on %d bytes ending %d bytes before the guard (cap %d)", *new(T), k, dist, cap(g))
				}, &failures)
			}
		}
	}
	// The sweep must have reached every outcome it is about.
	var summary []string
	succeeded := map[string]bool{}
	for o, n := range outcomes {
		summary = append(summary, fmt.Sprintf("%s: %s ×%d", ops[o.op].name, guardSentinels(o.errs), n))
		if o.errs == 0 {
			succeeded[ops[o.op].name] = true
		}
	}
	slices.Sort(summary)
	t.Logf("%d calls, size %d, outcomes:\n\t%s", calls, size, strings.Join(summary, "\n\t"))
	if err := cast.Check[T](); err == nil {
		for _, op := range []string{"To", "Prefix", "Suffix", "Slice", "Read", "ReadPrefix", "Overlay.To", "Overlay.Slice", "SlicePrefix(n=1)"} {
			if !succeeded[op] {
				t.Errorf("%s never succeeded", op)
			}
		}
	}
}

// guardRun runs every op on the guarded window g, catching faults, and on
// its heap twin h, and compares the results. seen records each outcome;
// failures counts failed comparisons, and the test stops after 20.
func guardRun(t *testing.T, ops []guardOp, g, h []byte, seen func(op int, errs uint64), where func() string, failures *int) {
	t.Helper()
	fail := func() {
		if *failures++; *failures > 20 {
			t.Fatal("too many failures; stopping")
		}
	}
	for oi, op := range ops {
		at := func() string { return op.name + where() }
		var got guardResult
		if f := guardpage.Catch(func() { got = op.call(g) }); f != nil {
			t.Errorf("%s: %v", at(), f)
			fail()
			continue
		}
		want := op.call(h)
		if seen != nil {
			seen(oi, guardMask(got.err))
		}
		if !guardCompare(t, at, g, got, want) {
			fail()
		}
	}
}

// guardCompare checks one guarded result against its heap twin and
// against the contract, and reports whether it passed.
func guardCompare(t *testing.T, where func() string, b []byte, got, want guardResult) bool {
	t.Helper()
	if guardMask(got.err) != guardMask(want.err) {
		t.Errorf("%s: error %q, on the heap %q", where(), got.err, want.err)
		return false
	}
	if got.err != nil {
		var ge, he *cast.Error
		if !errors.As(got.err, &ge) || !errors.As(want.err, &he) {
			t.Errorf("%s: error %v is not a *cast.Error", where(), got.err)
			return false
		} else if ge.Op != he.Op || ge.Type != he.Type || ge.Want != he.Want || ge.Got != he.Got {
			t.Errorf("%s: error %+v, on the heap %+v", where(), *ge, *he)
			return false
		}
		if got.ptr != -1 || (got.val != nil && !got.value) || (got.other.set && !got.other.isNil) ||
			(got.value && !got.zero) {
			t.Errorf("%s: failed with non-zero results: %v", where(), got)
			return false
		}
		return true
	}
	if got.ptr != want.ptr || got.len != want.len || got.cap != want.cap || string(got.val) != string(want.val) || got.other != want.other {
		t.Errorf("%s:\n\tguarded: %v\n\theap:    %v", where(), got, want)
		return false
	}
	// The result lies within the buffer.
	if !got.value && got.ptr >= 0 && (got.ptr+len(got.val) > len(b)) {
		t.Errorf("%s: result [%d, %d) outside the %d-byte buffer", where(), got.ptr, got.ptr+len(got.val), len(b))
		return false
	}
	return true
}

// TestGuardWindowEndsAtGuard checks the harness: a window built for the
// sweep really ends at the guard, so a one-byte over-read faults.
func TestGuardWindowEndsAtGuard(t *testing.T) {
	if !guardpage.Supported() {
		t.Skip(guardpage.ErrUnsupported)
	}
	region := guardpage.New(t, 64)
	for k := range 17 {
		g := guardWindow(region, len(region)-k, k, 0)
		over := unsafe.Slice(unsafe.SliceData(g), k+1)
		var sink byte
		if f := guardpage.Catch(func() { sink = over[k] }); f == nil {
			t.Errorf("reading byte %d of a %d-byte window did not fault", k, k)
		}
		if k > 0 {
			if f := guardpage.Catch(func() { sink = g[k-1] }); f != nil {
				t.Errorf("reading the last byte of a %d-byte window faulted: %v", k, f)
			}
		}
		_ = sink
	}
}

// TestGuardZeroSizeTypes: a zero-size T cannot be overlaid (layout
// reports ZeroSize), so every function must return an ErrLayout error for
// it, whatever the buffer, and none may panic. The fast paths assume a
// non-empty buffer has a non-zero address, which a nil buffer with a
// zero-size T breaks: To and Prefix succeed with a nil pointer, Suffix
// indexes b[0] of an empty slice, Slice and SlicePrefix divide by the size
// 0.
func TestGuardZeroSizeTypes(t *testing.T) {
	t.Run("struct{}", guardZeroSize[struct{}])
	t.Run("[0]uint64", guardZeroSize[[0]uint64])
	t.Run("marker", guardZeroSize[endian.Big])
}

func guardZeroSize[T any](t *testing.T) {
	if err := cast.Check[T](); !errors.Is(err, cast.ErrLayout) {
		t.Fatalf("Check[%T]() = %v, want ErrLayout", *new(T), err)
	}
	var buf [8]byte
	for _, bc := range []struct {
		name string
		b    []byte
	}{{"nil", nil}, {"empty", []byte{}}, {"8 bytes", buf[:]}, {"empty at the guard", nil}} {
		b := bc.b
		if bc.name == "empty at the guard" && guardpage.Supported() {
			b = guardpage.New(t, 0)
		}
		for _, op := range guardOps[T]() {
			if strings.Contains(op.name, "SlicePrefix") && !strings.HasSuffix(op.name, "(n=1)") {
				continue // one n is enough to show it
			}
			where := fmt.Sprintf("%s[%T] on %s buffer", op.name, *new(T), bc.name)
			var r guardResult
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Errorf("%s: panic: %v", where, p)
						r.err = cast.ErrLayout
					}
				}()
				r = op.call(b)
			}()
			if !errors.Is(r.err, cast.ErrLayout) {
				t.Errorf("%s: %v, want ErrLayout", where, r)
			}
		}
	}
}

// The fuzz target: fuzz data placed so that it ends dist bytes before a
// guard page (dist%17), cast as one of the test types (which%len), every
// function, compared with a heap copy. The guarded region is mapped once
// per process and never freed.

var guardFuzzRegion = sync.OnceValues(func() ([]byte, error) {
	b, _, err := guardpage.Alloc(guardFuzzMax + 16 + 64)
	return b, err
})

const guardFuzzMax = 4096

// guardFuzzers instantiate the ops once per type.
var guardFuzzers = sync.OnceValue(func() []func(t *testing.T, data []byte, dist int) {
	return []func(*testing.T, []byte, int){
		guardFuzzOne[guardPacked](),
		guardFuzzOne[guardAligned](),
		guardFuzzOne[guardHeader](),
		guardFuzzOne[guardValidated](),
		guardFuzzOne[guardBig](),
		guardFuzzOne[uint32](),
		guardFuzzOne[[3]guardAligned](),
	}
})

func guardFuzzOne[T any]() func(t *testing.T, data []byte, dist int) {
	ops := guardOps[T]()
	return func(t *testing.T, data []byte, dist int) {
		region, err := guardFuzzRegion()
		if err != nil {
			t.Skip(err)
		}
		k := len(data)
		g := guardWindow(region, len(region)-dist-k, k, dist)
		copy(g, data)
		heap := make([]byte, k+dist+2*64)
		h := guardHeapWindow(heap, uintptr(unsafe.Pointer(unsafe.SliceData(g))), k, dist)
		copy(h, data)
		failures := 0
		guardRun(t, ops, g, h, nil, func() string {
			return fmt.Sprintf("[%T] on %d fuzz bytes ending %d bytes before the guard", *new(T), k, dist)
		}, &failures)
	}
}

func FuzzGuard(f *testing.F) {
	if !guardpage.Supported() {
		f.Skip(guardpage.ErrUnsupported)
	}
	f.Add([]byte{}, uint8(0), uint8(0))
	f.Add(make([]byte, 18), uint8(0), uint8(0))
	f.Add(make([]byte, 16), uint8(1), uint8(1))
	f.Add(make([]byte, 24), uint8(8), uint8(2))
	f.Add([]byte("\xff\x0f\x00\x00\x00\x00\x00\xee\x01\x02\x03\x04\x05\x06\x07\x08"), uint8(0), uint8(3))
	f.Add(make([]byte, 8), uint8(0), uint8(4))
	f.Add(make([]byte, 4), uint8(3), uint8(5))
	f.Add(make([]byte, 145), uint8(5), uint8(6))
	f.Fuzz(func(t *testing.T, data []byte, dist, which uint8) {
		if len(data) > guardFuzzMax {
			data = data[:guardFuzzMax]
		}
		fz := guardFuzzers()
		fz[int(which)%len(fz)](t, data, int(dist)%17)
	})
}

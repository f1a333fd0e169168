package cast

import (
	"errors"
	"iter"
	"unsafe"
)

// Records is a sequence of frames (see [Frame]) packed one after another in
// a buffer: pcap records, netlink messages, ELF notes, Mach-O load
// commands, IP and TCP options, IPv6 extension headers. Each record is a
// header H and a body, frameLen(h) bytes in all, header included; the next
// record starts at the first multiple of the record alignment (1 for
// pcap, 4 for netlink, 4 or 8 for ELF notes), counted from the start of
// the buffer, at or after the end of the frame. The padding after the
// last record may be missing.
//
// Records works like a [bufio.Scanner]: call [Records.Next] until it
// reports false, or range over [Records.All]; then [Records.Err] tells a
// clean end (nil: the buffer held whole records and nothing else) from a
// malformed record, which it names by index and offset. The checks are
// those of [Frame] for each record, and each is made once: H's layout
// when the sequence is made, then, per record, its length, alignment,
// Validate method (if *H has one) and frame length. Nothing is read
// outside the buffer whatever frameLen returns.
//
//	recs := cast.NewRecords(data, 1, func(h *Rec) int { return recSize + int(h.Len.Get()) })
//	for h, body := range recs.All() {
//		use(h, body)
//	}
//	if err := recs.Err(); err != nil {
//		return err // cast.Records[pkt.Rec]: record 3 at offset 4242: frame length 70000 exceeds the 120 bytes left
//	}
//
// Next is also a step-wise cursor, for chains whose next record's type
// depends on the previous one (IPv6 extension headers): frameLen may be a
// closure over the caller's state, the caller decides before each call
// whether another record follows, and [Records.Rest] returns what follows
// the last record (the upper-layer header, say). A single frame parsed
// with Next and Rest is [Frame] whose failure does not allocate.
//
// A failed record costs no allocation: Next records the numbers in the
// Records value, [Records.Cause], [Records.Index] and [Records.Offset]
// report them for free, and only Err builds the [*Error]. A decoder of
// hostile input that must not allocate per bad input tests Cause (or
// Err == nil at the end of its own work) instead of formatting Err.
//
// A Records is a value holding the sequence's state; call its methods on
// a variable, which it needs to advance. Successful iteration does not
// allocate. The zero Records is an empty sequence.
type Records[H any] struct {
	o        Overlay[H]
	frameLen func(h *H) int
	lenAfter func(h *H, after []byte) int // instead of frameLen: NewRecordsFunc
	align    int

	rest  []byte // the bytes from the next record on
	rec   []byte // the current record: header and body
	next  int    // offset of rest in the buffer
	off   int    // offset of the current record
	count int    // records started: returned, or failed
	state recState

	// Why the sequence failed, kept as numbers so that failing costs no
	// allocation; Err builds the *Error from them.
	cause      error // the sentinel
	rule       rule
	want, got  int
	addr       uintptr
	validation error // ErrInvalid: what Validate returned
}

type recState uint8

const (
	recRunning recState = iota
	recDone
	recFailed
)

// NewRecords returns the records of b, which start at b's first byte and
// are align bytes apart at most (align ≥ 1; see [Records]). frameLen
// returns the length of a whole record, header included, from its header;
// it is called once per record, in order.
//
// NewRecords does not fail: if H cannot be overlaid, or align is below 1,
// the sequence fails at its first record, and Err says why.
func NewRecords[H any](b []byte, align int, frameLen func(h *H) int) Records[H] {
	v := lookup(typeKey[H]())
	if v == nil {
		v = resolve[H]()
	}
	return Overlay[H]{nmask: v.nmask, v: v}.Records(b, align, frameLen)
}

// Records is [NewRecords] without the cache lookup.
func (o Overlay[T]) Records(b []byte, align int, frameLen func(h *T) int) Records[T] {
	r := Records[T]{o: o, frameLen: frameLen, align: align, rest: b}
	switch {
	case o.v.castable(opRecords, typeKey[T]()) != nil:
		r.fail(ErrLayout, ruleExact, 0, 0)
	case align < 1:
		r.fail(ErrAlign, ruleRecordAlign, align, 0)
	}
	return r
}

// NewRecordsFunc is [NewRecords] for formats whose records do not all
// carry their length in a header of fixed size: frameLen also sees the
// bytes after the header, up to the end of the buffer (a view with its
// capacity cut, which frameLen must not keep). IP and TCP options are the
// example: kinds 0 and 1 are one byte long, other kinds have their length
// in the byte after the kind, which a one-byte header cannot hold, and
// which may be missing from a malformed packet:
//
//	type Kind struct{ Kind uint8 }
//
//	opts := cast.NewRecordsFunc(b, 1, func(k *Kind, after []byte) int {
//		switch {
//		case k.Kind <= 1:
//			return 1 // End of Option List, No-Operation
//		case len(after) == 0 || after[0] < 2:
//			return 0 // no length byte, or one below 2: malformed (ErrSize)
//		}
//		return int(after[0]) // kind and length bytes included
//	})
//
// (see the example of Frame for the whole of it). What frameLen returns is
// checked as for NewRecords.
func NewRecordsFunc[H any](b []byte, align int, frameLen func(h *H, after []byte) int) Records[H] {
	r := NewRecords[H](b, align, nil)
	r.lenAfter = frameLen
	return r
}

// RecordsFunc is [NewRecordsFunc] without the cache lookup.
func (o Overlay[T]) RecordsFunc(b []byte, align int, frameLen func(h *T, after []byte) int) Records[T] {
	r := o.Records(b, align, nil)
	r.lenAfter = frameLen
	return r
}

// Next returns the next record's header and body (the bytes after the
// header, up to frameLen(h)), both aliasing the buffer, and true; or nil,
// nil, false at the end of the buffer or at a malformed record, which
// [Records.Err] then describes. Once it has returned false it always does.
func (r *Records[H]) Next() (h *H, body []byte, ok bool) {
	if r.state != recRunning {
		return nil, nil, false
	}
	rest := r.rest
	size := int(unsafe.Sizeof(*h))
	if len(rest) < max(size, 1) || uintptr(unsafe.Pointer(unsafe.SliceData(rest)))&^r.o.nmask != 0 {
		if !r.check() {
			return nil, nil, false
		}
	}
	// safe: rest holds at least size bytes, aligned for H, and H passed
	// the layout check (or check above has just said so).
	h = (*H)(unsafe.Pointer(unsafe.SliceData(rest)))
	var n int
	if r.lenAfter == nil {
		n = r.frameLen(h)
	} else {
		n = r.lenAfter(h, rest[size:len(rest):len(rest)])
	}
	if n < size || n > len(rest) {
		r.count++
		r.off = r.next
		r.fail(ErrSize, frameRule(n, size), n, len(rest))
		return nil, nil, false
	}
	r.count++
	r.off = r.next
	r.rec = rest[:n:n]
	adv := n
	if r.align > 1 {
		// pad < align; compared with what is left, so that n+pad cannot
		// overflow.
		if pad := (r.align - (r.next+n)%r.align) % r.align; pad > len(rest)-n {
			adv = len(rest)
		} else {
			adv = n + pad
		}
	}
	r.rest = rest[adv:]
	r.next += adv
	return h, rest[size:n:n], true
}

func frameRule(n, size int) rule {
	if n < size {
		return ruleFrameShort
	}
	return ruleFrameLong
}

// check is Next's slow path: the end of the buffer, a short or misaligned
// record, and H's Validate method. It reports whether the record's header
// may be cast; if not, it has ended or failed the sequence.
//
//go:noinline
func (r *Records[H]) check() bool {
	v := r.o.v
	switch {
	case len(r.rest) == 0:
		r.state = recDone
		return false
	case v == nil || v.err != nil || v.key != typeKey[H](): // unreachable: the constructor failed
		r.fail(ErrLayout, ruleExact, 0, 0)
		return false
	}
	r.count++
	r.off = r.next
	p := unsafe.Pointer(unsafe.SliceData(r.rest))
	switch {
	case len(r.rest) < v.size:
		r.fail(ErrSize, ruleAtLeast, v.size, len(r.rest))
		return false
	case uintptr(p)&v.mask != 0:
		r.fail(ErrAlign, ruleExact, v.align, int(uintptr(p)&v.mask))
		r.addr = uintptr(p)
		return false
	}
	if v.validate != nil {
		if err := v.validate(p); err != nil {
			r.fail(ErrInvalid, ruleExact, 0, 0)
			r.validation = err
			return false
		}
	}
	r.count-- // Next counts the record
	return true
}

func (r *Records[H]) fail(cause error, ru rule, want, got int) {
	r.state = recFailed
	r.cause, r.rule, r.want, r.got = cause, ru, want, got
	r.rec = nil
}

// All returns an iterator over the records' headers and bodies, which
// calls [Records.Next] until it reports false. Check [Records.Err] after
// the loop.
func (r *Records[H]) All() iter.Seq2[*H, []byte] {
	return func(yield func(*H, []byte) bool) {
		for {
			h, body, ok := r.Next()
			if !ok || !yield(h, body) {
				return
			}
		}
	}
}

// Err returns nil if the sequence is still going or ended cleanly, or an
// [*Error] describing the malformed record, with its index and offset in
// Error.Index and Error.Offset: ErrSize for a record shorter than the
// header or a frame length below the header's size or beyond the buffer
// (Want is then the frame length, Got the bytes left), ErrAlign for a
// misaligned header or an align below 1, ErrInvalid if H's Validate
// method rejected it, ErrLayout if H cannot be overlaid. Each call
// allocates the error it returns.
func (r *Records[H]) Err() error {
	if r.state != recFailed {
		return nil
	}
	v := r.o.v
	var e *Error
	switch {
	case errors.Is(r.cause, ErrLayout):
		e = v.rejection(opRecords)
	case errors.Is(r.cause, ErrInvalid):
		e = v.invalid(opRecords, 0, r.validation)
	case errors.Is(r.cause, ErrAlign):
		e = v.newError(opRecords, ErrAlign)
		e.rule, e.Want, e.Got, e.Addr = r.rule, r.want, r.got, r.addr
	default:
		e = v.sizeError(opRecords, r.rule, r.want, r.got)
	}
	e.Index, e.Offset = max(r.count-1, 0), r.off
	return e
}

// Cause returns the sentinel error that [Records.Err] wraps (ErrSize,
// ErrAlign, ErrInvalid or ErrLayout), or nil. Unlike Err it never
// allocates.
func (r *Records[H]) Cause() error {
	if r.state != recFailed {
		return nil
	}
	return r.cause
}

// Index returns the index of the record that Next last returned (0 for the
// first), or, after a failure, of the malformed record; -1 before the
// first record.
func (r *Records[H]) Index() int { return r.count - 1 }

// Offset returns the offset, from the start of the buffer, of the record
// that Index counts (0 before the first record).
func (r *Records[H]) Offset() int { return r.off }

// Record returns the whole record that Next last returned, header and
// body, without the alignment padding after it: a view of the buffer. It
// is nil before the first record and after a failure.
func (r *Records[H]) Record() []byte { return r.rec }

// Rest returns the bytes after the record that Next last returned and its
// padding: where the next record starts, or, after a failure, the
// malformed record and everything after it.
func (r *Records[H]) Rest() []byte { return r.rest }

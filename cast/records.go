package cast

import (
	"encoding/binary"
	"errors"
	"iter"
	"math"
	"unsafe"
)

// Records is a sequence of frames (see [Frame]) packed one after another in
// a buffer: pcap records, netlink messages, ELF notes, Mach-O load
// commands, IP and TCP options, IPv6 extension headers. Each record is a
// header H and a body, its frame length in all, header included; the next
// record starts at the first multiple of the record alignment (1 for
// pcap, 4 for netlink, 4 or 8 for ELF notes), counted from the start of
// the buffer, at or after the end of the frame. The padding after the
// last record may be missing.
//
// The frame length comes from a length rule, given as data ([Length]:
// where the length field is and how to scale it, and which first bytes
// make a one-byte record or end the sequence), which the iterator reads
// itself; or from a function of the header (NewRecords), for the formats
// a Length cannot describe (ELF notes, whose length is the sum of two
// padded fields); or from a function given to [Records.AllFunc], the
// fast form for a decoding loop, which the compiler inlines with the
// iterator into the range loop, close to a hand-written loop.
//
// Records works like a [bufio.Scanner]: call [Records.Next] until it
// reports false, or range over [Records.All]; then [Records.Err] tells a
// clean end (nil: the buffer held whole records and nothing else, or
// records up to one that ends the sequence) from a malformed record,
// which it names by index and offset. The checks are those of [Frame] for
// each record, and each is made once: H's layout when the sequence is
// made, then, per record, its length, alignment, Validate method (if *H
// has one) and frame length. Nothing is read outside the buffer whatever
// the length rule says.
//
//	recs := cast.NewRecordsLength[Rec](data, 1, cast.Length{Offset: 8, Size: 4, Order: binary.LittleEndian, Scale: 1, Bias: 16})
//	for h, body := range recs.All() {
//		use(h, body)
//	}
//	if err := recs.Err(); err != nil {
//		return err // cast.Records[pkt.Rec]: record 3 at offset 4242: frame length 70000 exceeds the 120 bytes left
//	}
//
// [Records.NextFunc] is a step-wise cursor for chains whose next record's
// length rule depends on the previous record (IPv6 extension headers): the
// caller passes the rule for each record and decides before each call
// whether another record follows, and [Records.Rest] returns what follows
// the last record (the upper-layer header, say).
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
	length   lengthRule                   // without either function: NewRecordsLength
	align    int

	// The cursor, as offsets into buf, so that a record costs few stores.
	buf   []byte
	next  int // where the next record starts
	off   int // where the current record starts
	end   int // where the current record ends, without its padding
	count int // records started: returned, or failed
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

// A Length is a record length rule given as data, for [NewRecordsLength]:
// a record's frame length (header included) is Scale times the unsigned
// integer of Size bytes at byte Offset of the record, plus Bias. A record
// whose first byte is in Short is one byte long instead (IP and TCP
// options: End of Option List and No-Operation, kinds 0 and 1), and one
// whose first byte is in End is one byte long and the last record of the
// sequence (End of Option List), whatever follows it.
//
// The rules of some formats:
//
//	pcap records:            Length{Offset: 8, Size: 4, Order: order, Scale: 1, Bias: 16}
//	IPv4 and TCP options:    Length{Offset: 1, Size: 1, Scale: 1, Short: []byte{1}, End: []byte{0}}
//	IPv6 extension headers:  Length{Offset: 1, Size: 1, Scale: 8, Bias: 8}
//	IPv6 fragment header:    Length{Bias: 8}
//	Mach-O load commands:    Length{Offset: 4, Size: 4, Order: order, Scale: 1}
//	zip extra fields:        Length{Offset: 2, Size: 2, Order: binary.LittleEndian, Scale: 1, Bias: 4}
//	netlink messages:        Length{Size: 4, Order: binary.NativeEndian, Scale: 1}
//
// The length field may lie beyond H (the option length byte after a
// one-byte kind). A record that does not hold its length field, or whose
// frame length does not cover the field, is malformed (ErrSize); so is a
// frame length below H's size or beyond the buffer, as for [Frame]. The
// arithmetic cannot overflow: a length beyond math.MaxInt is too long.
//
// A Length is valid with Offset ≥ 0, Size 0 (no field: every record is
// Bias bytes), 1, 2, 4 or 8, Order [binary.BigEndian],
// [binary.LittleEndian] or [binary.NativeEndian] when Size > 1, Scale ≥
// 0, and Short and End only for a one-byte H; the records of an invalid
// Length fail at the first one (ErrSize).
type Length struct {
	Offset int              // where the length field starts in the record
	Size   int              // the field's size in bytes
	Order  binary.ByteOrder // the field's byte order, if Size > 1
	Scale  int
	Bias   int
	Short  []byte // first bytes of one-byte records
	End    []byte // first bytes of a one-byte record that ends the sequence
}

// lengthRule is a Length compiled for Next: bit sets instead of the byte
// lists, the order as a flag.
type lengthRule struct {
	off, end    int // the field is record[off:end]
	size        int
	big         bool
	scale, bias int
	maxField    uint64    // the largest field value whose scaled length fits an int
	kinds       bool      // Short or End is not empty
	short, last [4]uint64 // bit sets of first bytes: one-byte records, and ends
}

// compile checks l and returns its rule, or false.
func (l *Length) compile(headerSize int) (lengthRule, bool) {
	r := lengthRule{off: l.Offset, size: l.Size, scale: l.Scale, bias: l.Bias}
	switch l.Size {
	case 0, 1:
	case 2, 4, 8:
		switch l.Order {
		case binary.BigEndian:
			r.big = true
		case binary.LittleEndian:
		case binary.NativeEndian:
			r.big = hostBigEndian
		default:
			return r, false
		}
	default:
		return r, false
	}
	if l.Offset < 0 || l.Offset > maxInt-l.Size || l.Scale < 0 {
		return r, false
	}
	r.end = l.Offset + l.Size
	r.maxField = math.MaxUint64
	if l.Scale != 0 {
		r.maxField = uint64(maxInt / l.Scale)
	}
	for _, c := range l.Short {
		r.short[c>>6] |= 1 << (c & 63)
	}
	for _, c := range l.End {
		r.short[c>>6] |= 1 << (c & 63)
		r.last[c>>6] |= 1 << (c & 63)
	}
	r.kinds = len(l.Short)+len(l.End) > 0
	if r.kinds && headerSize > 1 {
		return r, false
	}
	return r, true
}

// Frame lengths that a length rule gives a malformed header: below 0, so
// that the length check catches them; frameRule tells them apart.
const (
	lenMalformed = -1 - iota // the length function said so
	lenNoField               // Length: the field lies beyond the buffer
	lenShort                 // Length: the frame length does not cover the field
)

// field returns the length field's value; f is its bytes.
func (l *lengthRule) field(f []byte) uint64 {
	if l.big {
		switch l.size {
		case 2:
			return uint64(binary.BigEndian.Uint16(f))
		case 4:
			return uint64(binary.BigEndian.Uint32(f))
		}
		return binary.BigEndian.Uint64(f)
	}
	switch l.size {
	case 2:
		return uint64(binary.LittleEndian.Uint16(f))
	case 4:
		return uint64(binary.LittleEndian.Uint32(f))
	}
	return binary.LittleEndian.Uint64(f)
}

// scaled returns the frame length that the length field's value v gives,
// or lenShort if it does not cover the field.
func (l *lengthRule) scaled(v uint64) int {
	if v > l.maxField {
		return maxInt
	}
	n := int(v) * l.scale
	switch {
	case l.bias > 0 && n > maxInt-l.bias:
		return maxInt
	case n+l.bias < l.end:
		return lenShort
	}
	return n + l.bias
}

// NewRecords returns the records of b, which start at b's first byte and
// are align bytes apart at most (align ≥ 1; see [Records]). frameLen
// returns the length of a whole record, header included, from its header,
// or a negative number for a malformed header; it is called once per
// record, in order. A sequence walked only by [Records.NextFunc] needs no
// frameLen: pass nil.
//
// NewRecords does not fail: if H cannot be overlaid, or align is below 1,
// the sequence fails at its first record, and Err says why.
func NewRecords[H any](b []byte, align int, frameLen func(h *H) int) Records[H] {
	return overlayOf[H]().Records(b, align, frameLen)
}

// overlayOf returns H's Overlay, from the cache.
func overlayOf[H any]() Overlay[H] {
	v := lookup(typeKey[H]())
	if v == nil {
		v = resolve[H]()
	}
	return Overlay[H]{nmask: v.nmask, v: v}
}

// Records is [NewRecords] without the cache lookup.
func (o Overlay[T]) Records(b []byte, align int, frameLen func(h *T) int) Records[T] {
	r := Records[T]{o: o, frameLen: frameLen, align: align, buf: b}
	switch {
	case o.v.castable(opRecords, typeKey[T]()) != nil:
		r.fail(ErrLayout, ruleExact, 0, 0)
	case align < 1:
		r.fail(ErrAlign, ruleRecordAlign, align, 0)
	}
	return r
}

// NewRecordsLength is [NewRecords] with the length rule given as data
// (see [Length]), which the iterator evaluates without calling a
// function: faster than NewRecords, and the form for sequences that End
// ends. [Records.AllFunc] is faster still.
func NewRecordsLength[H any](b []byte, align int, l Length) Records[H] {
	return overlayOf[H]().RecordsLength(b, align, l)
}

// RecordsLength is [NewRecordsLength] without the cache lookup.
func (o Overlay[T]) RecordsLength(b []byte, align int, l Length) Records[T] {
	r := o.Records(b, align, nil)
	rule, ok := l.compile(int(unsafe.Sizeof(*new(T))))
	if !ok && r.state == recRunning {
		r.count, r.off = 1, 0
		r.fail(ErrSize, ruleLength, l.Size, l.Offset)
	}
	r.length = rule
	return r
}

// NewRecordsFunc is [NewRecords] for formats whose records do not all
// carry their length in a header of fixed size: frameLen also sees the
// bytes after the header, up to the end of the buffer (a view with its
// capacity cut, which frameLen must not keep). [NewRecordsLength]
// describes the usual such formats (IP and TCP options) as data, and is
// faster; [Records.AllFunc] takes such a frameLen and is the fastest.
// What frameLen returns is checked as for NewRecords.
func NewRecordsFunc[H any](b []byte, align int, frameLen func(h *H, after []byte) int) Records[H] {
	return overlayOf[H]().RecordsFunc(b, align, frameLen)
}

// RecordsFunc is [NewRecordsFunc] without the cache lookup.
func (o Overlay[T]) RecordsFunc(b []byte, align int, frameLen func(h *T, after []byte) int) Records[T] {
	r := o.Records(b, align, nil)
	r.lenAfter = frameLen
	return r
}

// Start makes the sequence start at byte off of its buffer instead of its
// first byte: the records follow a file header, say. Offsets (those of
// [Records.Offset] and [Records.Err], and the record alignment) still
// count from the start of the buffer. Call it before the first Next; an
// off outside the buffer fails the sequence at its first record (ErrSize).
func (r *Records[H]) Start(off int) {
	if r.state != recRunning || r.count != 0 || r.next != 0 {
		return
	}
	if off < 0 || off > len(r.buf) {
		r.count, r.off = 1, 0
		r.fail(ErrSize, ruleStart, off, len(r.buf))
		return
	}
	r.next, r.off, r.end = off, off, off
}

// Next returns the next record's header and body (the bytes after the
// header, up to its frame length), both aliasing the buffer, and true; or
// nil, nil, false at the end of the sequence or at a malformed record,
// which [Records.Err] then describes. Once it has returned false it always
// does.
func (r *Records[H]) Next() (h *H, body []byte, ok bool) { return r.step(nil) }

// NextFunc is [Records.Next] with the length rule of this record given
// by the call: frameLen as for [NewRecords], which may be a closure over
// the caller's state (it is not kept, so it does not escape). It serves
// chains whose records' types, and so length rules, the previous record
// gives, as IPv6 extension headers: a fragment header is 8 bytes, the
// others (HdrExtLen+1)*8.
func (r *Records[H]) NextFunc(frameLen func(h *H) int) (h *H, body []byte, ok bool) {
	if frameLen == nil {
		return r.step(malformed[H])
	}
	return r.step(func(h *H, _ []byte) int { return frameLen(h) })
}

// malformed is the length rule of NextFunc(nil) and AllFunc(nil).
func malformed[H any](*H, []byte) int { return lenMalformed }

// step is Next, with the length rule fl if it is not nil. It is one
// function, the length rule evaluated in it, so that a record costs one
// call.
func (r *Records[H]) step(fl func(h *H, after []byte) int) (h *H, body []byte, ok bool) {
	if r.state != recRunning {
		return nil, nil, false
	}
	rest := r.buf[r.next:]
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
	data, last := false, false
	if fl == nil {
		fl = r.lenAfter
	}
	switch {
	case fl != nil:
		n = fl(h, rest[size:len(rest):len(rest)])
	case r.frameLen != nil:
		n = r.frameLen(h)
	default:
		data = true
		l := &r.length
		if c := rest[0]; l.kinds && l.short[c>>6]&(1<<(c&63)) != 0 {
			n, last = 1, l.last[c>>6]&(1<<(c&63)) != 0
			break
		}
		if l.end > len(rest) {
			n = lenNoField
			break
		}
		var v uint64
		switch f := rest[l.off:l.end]; len(f) {
		case 0:
		case 1:
			v = uint64(f[0])
		default:
			v = l.field(f)
		}
		n = l.scaled(v)
	}
	r.count++
	r.off = r.next
	if ru := frameRule(n, size, len(rest)); ru != ruleExact {
		r.failFrame(ru, n, data)
		return nil, nil, false
	}
	r.end = r.next + n
	r.next += r.advance(r.next, n, len(rest))
	if last {
		r.state = recDone
	}
	return h, rest[size:n:n], true
}

// advance returns how far after off the record that follows the one of
// frame length n at off starts, with left bytes from off to the end of
// the buffer: n and the padding to the record alignment, or left if the
// padding is missing.
func (r *Records[H]) advance(off, n, left int) int {
	if r.align <= 1 {
		return n
	}
	// pad < align; compared with what is left, so that n+pad cannot
	// overflow.
	if pad := (r.align - (off+n)%r.align) % r.align; pad <= left-n {
		return n + pad
	}
	return left
}

// check is Next's slow path: the end of the buffer, a short or misaligned
// record, and H's Validate method. It reports whether the record's header
// may be cast; if not, it has ended or failed the sequence.
//
//go:noinline
func (r *Records[H]) check() bool {
	v := r.o.v
	rest := r.buf[r.next:]
	switch {
	case len(rest) == 0:
		r.state = recDone
		return false
	case v == nil || v.err != nil || v.key != typeKey[H](): // unreachable: the constructor failed
		r.fail(ErrLayout, ruleExact, 0, 0)
		return false
	}
	p := unsafe.Pointer(unsafe.SliceData(rest))
	switch {
	case len(rest) < v.size:
		r.count++
		r.off = r.next
		r.fail(ErrSize, ruleAtLeast, v.size, len(rest))
		return false
	case uintptr(p)&v.mask != 0:
		r.count++
		r.off = r.next
		r.fail(ErrAlign, ruleExact, v.align, int(uintptr(p)&v.mask))
		r.addr = uintptr(p)
		return false
	}
	if v.validate != nil {
		if err := v.validate(p); err != nil {
			r.count++
			r.off = r.next
			r.fail(ErrInvalid, ruleExact, 0, 0)
			r.validation = err
			return false
		}
	}
	return true
}

// failFrame fails the sequence at a record whose frame length n broke
// rule ru.
//
//go:noinline
func (r *Records[H]) failFrame(ru rule, n int, data bool) {
	left := len(r.buf) - r.next
	switch {
	case data && n == lenNoField:
		r.fail(ErrSize, ruleNoField, r.length.off, left)
	case data && n == lenShort:
		r.fail(ErrSize, ruleFieldShort, r.length.off, left)
	default:
		r.fail(ErrSize, ru, n, left)
	}
}

func (r *Records[H]) fail(cause error, ru rule, want, got int) {
	r.state = recFailed
	r.cause, r.rule, r.want, r.got = cause, ru, want, got
}

// All returns an iterator over the records' headers and bodies, which
// calls [Records.Next] until it reports false. Check [Records.Err] after
// the loop.
func (r *Records[H]) All() iter.Seq2[*H, []byte] {
	return func(yield func(*H, []byte) bool) { r.each(yield, nil) }
}

// each calls yield with the records, with the length rule fl if it is not
// nil, until yield or the records end.
func (r *Records[H]) each(yield func(*H, []byte) bool, fl func(h *H, after []byte) int) {
	for {
		h, body, ok := r.step(fl)
		if !ok || !yield(h, body) {
			return
		}
	}
}

// AllFunc is [Records.All] with the length rule given by the call, as
// [Records.NextFunc] takes it, in place of the sequence's own: frameLen
// returns a record's frame length from its header and the bytes after the
// header up to the end of the buffer (a view with its capacity cut, which
// frameLen must not keep), or a negative number for a malformed header,
// and the result is checked as for [NewRecords].
//
// AllFunc is the fast form for a decoding loop: the iterator and a
// frameLen that the compiler can inline (a function or a function literal
// named at the call) are compiled into the range loop, the cursor kept in
// registers, as a hand-written loop keeps it. The loop body may call
// Records' other methods (Index, Offset, Record, Rest), but not Next, and
// may break out of the loop, at the end of an IP option list say, leaving
// Err nil.
//
//	for o, body := range recs.AllFunc(func(o *Option, after []byte) int {
//		if o.Kind <= 1 { // End of Option List, No-Operation
//			return 1
//		}
//		if len(after) == 0 {
//			return -1 // no length byte
//		}
//		return int(after[0])
//	}) {
//		if o.Kind == 0 {
//			break
//		}
//		use(o, body)
//	}
func (r *Records[H]) AllFunc(frameLen func(h *H, after []byte) int) iter.Seq2[*H, []byte] {
	return func(yield func(*H, []byte) bool) {
		switch {
		case r.state != recRunning:
			return
		case frameLen == nil:
			r.each(yield, malformed[H])
			return
		case r.o.nmask == 0: // H has a Validate method: check each record
			r.each(yield, frameLen)
			return
		}
		// Next with the cursor in locals; the stores to r keep Index,
		// Offset, Record and Rest right, and are off the loop's critical
		// path, which loads of the cursor would be on. The state changes
		// only in check, at the end of the buffer, and on the failures
		// that return.
		size := int(unsafe.Sizeof(*new(H)))
		next, count := r.next, r.count
		rest := r.buf[next:len(r.buf):len(r.buf)] // so that rest[size:] has its capacity cut
		for {
			// With nmask not 0, an H of alignment 1 is never misaligned,
			// and for it the compiler drops the test.
			if len(rest) < max(size, 1) || unsafe.Alignof(*new(H)) > 1 && uintptr(unsafe.Pointer(unsafe.SliceData(rest)))&^r.o.nmask != 0 {
				if !r.check() {
					return
				}
			}
			// safe: as in step.
			h := (*H)(unsafe.Pointer(unsafe.SliceData(rest)))
			n := frameLen(h, rest[size:])
			count++
			r.count, r.off = count, next
			if uint(n-size) > uint(len(rest)-size) { // n < size || n > len(rest)
				r.failFrame(frameRule(n, size, len(rest)), n, false)
				return
			}
			r.end = next + n
			adv := r.advance(next, n, len(rest))
			next += adv
			r.next = next
			body := rest[size:n:n]
			rest = rest[adv:]
			if !yield(h, body) {
				return
			}
		}
	}
}

// Err returns nil if the sequence is still going or ended cleanly, or an
// [*Error] describing the malformed record, with its index and offset in
// Error.Index and Error.Offset: ErrSize for a record shorter than the
// header, a malformed header (a negative frame length, or for a [Length]
// a missing length field or a frame length that does not cover it), or a
// frame length below the header's size or beyond the buffer (Want is then
// the frame length, Got the bytes left), or an invalid Length; ErrAlign
// for a misaligned header or an align below 1, ErrInvalid if H's
// Validate method rejected it, ErrLayout if H cannot be overlaid. Each
// call allocates the error it returns.
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
		e.n = r.length.size // ruleNoField, ruleFieldShort
		if r.rule == ruleLength {
			e.n = r.length.scale
		}
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
// that Index counts (0 before the first record, or where [Records.Start]
// put it).
func (r *Records[H]) Offset() int { return r.off }

// Record returns the whole record that Next last returned, header and
// body, without the alignment padding after it: a view of the buffer. It
// is nil before the first record and after a failure.
func (r *Records[H]) Record() []byte {
	if r.count == 0 || r.state == recFailed {
		return nil
	}
	return r.buf[r.off:r.end:r.end]
}

// Rest returns the bytes after the record that Next last returned and its
// padding: where the next record starts, or, after a failure, the
// malformed record and everything after it; after a record that ends the
// sequence ([Length].End), what follows it.
func (r *Records[H]) Rest() []byte { return r.buf[r.next:] }

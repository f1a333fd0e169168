package cast

import "unsafe"

// Frames: a fixed header H followed by a body whose length the header
// gives. Every function here takes the frame's length as a function of the
// header, frameLen, and calls it once the header has been cast (and
// validated): frameLen returns the length of the whole frame in bytes,
// header included, which is how most formats count (IPv4 IHL, TCP data
// offset, IPv6 extension headers, netlink, Mach-O load commands, IP
// options). For a format that gives the body's length (pcap records, zip
// extra fields), frameLen adds the header's size, [Overlay.Size].
//
// frameLen sees only a header that the bytes hold; what it returns is
// checked before anything is sliced: a negative length says that the
// header is malformed (its length fields contradict each other, say), and
// a length below the header's size or beyond the buffer is an error too,
// ErrSize with the numbers. On 32-bit hosts int is 32 bits: compute a sum of several
// 32-bit length fields in uint64 or int64 and return min(sum, math.MaxInt),
// so that it cannot wrap around to a small positive length.

// Frame returns the frame at the start of b: its header, cast as [Prefix]
// casts it, the body (the bytes after the header, up to frameLen(h)) and
// the rest of b after the frame. h and body alias b; body's capacity is
// cut to its length, so appending to it cannot overwrite the rest.
//
// On error Frame returns nil, nil, nil and an [*Error]: the errors of
// [Prefix] for the header, or ErrSize if frameLen(h) is below the header's
// size or beyond len(b) (Error.Want is the frame length, Error.Got
// len(b)).
func Frame[H any](b []byte, frameLen func(h *H) int) (h *H, body, rest []byte, err error) {
	v := lookup(typeKey[H]())
	if v == nil {
		v = resolve[H]()
	}
	return Overlay[H]{nmask: v.nmask, v: v}.frame(b, frameLen, opFrame)
}

// Frame is [Frame] without the cache lookup.
func (o Overlay[T]) Frame(b []byte, frameLen func(h *T) int) (h *T, body, rest []byte, err error) {
	return o.frame(b, frameLen, opOverlayFrame)
}

func (o Overlay[T]) frame(b []byte, frameLen func(h *T) int, op op) (h *T, body, rest []byte, err error) {
	size := int(unsafe.Sizeof(*h))
	if len(b) < max(size, 1) || uintptr(unsafe.Pointer(unsafe.SliceData(b)))&^o.nmask != 0 {
		if err = relabel(o.v.check(opPrefix, b, 0, typeKey[T]()), op); err != nil {
			return nil, nil, nil, err
		}
	}
	// safe: b holds at least size bytes at an address aligned for T, and
	// T passed the layout check (or the slow path above returned).
	h = (*T)(unsafe.Pointer(unsafe.SliceData(b)))
	n := frameLen(h)
	if ru := frameRule(n, size, len(b)); ru != ruleExact {
		return nil, nil, nil, o.v.sizeError(op, ru, n, len(b))
	}
	return h, b[size:n:n], b[n:], nil
}

// frameRule is the length rule of frames, for Frame and Records alike: it
// returns the rule that frame length n breaks, for a header of size bytes
// and left bytes in the buffer, or ruleExact if there is none.
func frameRule(n, size, left int) rule {
	switch {
	case n < 0:
		return ruleMalformed
	case n < size:
		return ruleFrameShort
	case n > left:
		return ruleFrameLong
	}
	return ruleExact
}

// PrefixSlice returns the header H at the start of b and the count(h)
// elements of E that follow it, as [Prefix] and then [SlicePrefix] on the
// bytes after the header would, and the bytes after the elements. The
// address of the first element must be aligned for E. h and s alias b.
//
// On error PrefixSlice returns nil, nil, nil and an [*Error] whose Type
// names both type arguments: the errors of Prefix for H, then those of
// SlicePrefix for E (a negative count, one whose byte length overflows, or
// one the bytes cannot hold is ErrSize).
func PrefixSlice[H, E any](b []byte, count func(h *H) int) (h *H, s []E, rest []byte, err error) {
	h, after, err := Prefix[H](b)
	if err != nil {
		return nil, nil, nil, pairError(err, typeName[H](), typeName[E]())
	}
	s, rest, err = SlicePrefix[E](after, count(h))
	if err != nil {
		return nil, nil, nil, pairError(err, typeName[H](), typeName[E]())
	}
	return h, s, rest, nil
}

func typeName[T any]() string {
	v := lookup(typeKey[T]())
	if v == nil {
		v = resolve[T]()
	}
	return v.name
}

// pairError relabels an error of Prefix or SlicePrefix as PrefixSlice's.
func pairError(err error, h, e string) error {
	ce, ok := err.(*Error) //nolint:errorlint // our own unwrapped *Error
	if !ok {
		return err
	}
	ce.Op, ce.op = opPrefixSlice.String(), opPrefixSlice
	ce.Type = h + ", " + e
	return ce
}

// relabel gives an error of the slow path (computed for a Prefix) the op
// of the caller. It returns nil for nil.
func relabel(err error, o op) error {
	if err == nil {
		return nil
	}
	if e, ok := err.(*Error); ok { //nolint:errorlint // our own unwrapped *Error
		e.Op, e.op = o.String(), o
	}
	return err
}

package cast

import "unsafe"

// Size returns the size of T in bytes: the length that [Overlay.To] wants
// and [Overlay.Prefix] takes from the front of a buffer, a constant the
// compiler folds.
func (o Overlay[T]) Size() int { return int(unsafe.Sizeof(*(*T)(nil))) }

// ReadPrefix is [ReadPrefix] without the cache lookup: a copy of the T that
// the first bytes of b hold, b of any alignment, and the rest of b.
func (o Overlay[T]) ReadPrefix(b []byte) (t T, rest []byte, err error) {
	size := int(unsafe.Sizeof(t))
	if len(b) < max(size, 1) || o.nmask == 0 {
		if err = relabel(o.v.readInto(opReadPrefix, b, unsafe.Pointer(&t), typeKey[T]()), opOverlayReadPrefix); err != nil { // safe: t is a T; readInto writes T's size bytes, after checking that o.v is T's verdict
			return t, nil, err
		}
		return t, b[size:], nil
	}
	copy(unsafe.Slice((*byte)(unsafe.Pointer(&t)), size), b) // safe: t is size bytes; T has no pointers (nmask != 0 only for an accepted T)
	return t, b[size:], nil
}

// Offset returns where the T that p points to sits in b: its offset from
// b's first byte, and true, if the whole T lies inside b; 0 and false
// otherwise (nil p included). It compares addresses only, and so tells,
// for example, at which byte of a file a cast header or a [Table] entry
// is, for error messages. For a cast made with Prefix or Frame from a
// buffer that was itself cut from b, len(b)-len(sub) is the same number.
func Offset[T any](b []byte, p *T) (int, bool) {
	if p == nil || len(b) == 0 {
		return 0, false
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b))) // safe: addresses only, compared, never turned back into pointers
	at := uintptr(unsafe.Pointer(p))                      // safe: as start
	size := unsafe.Sizeof(*p)
	if at < start || at-start > uintptr(len(b)) || uintptr(len(b))-(at-start) < size {
		return 0, false
	}
	return int(at - start), true
}

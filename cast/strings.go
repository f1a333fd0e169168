package cast

import (
	"bytes"
	"unicode/utf8"
	"unsafe"
)

// CString returns the bytes of b before its first NUL byte, and whether b
// holds a NUL: a view of b (capacity cut to its length), not a copy. It
// reads both kinds of C string in binary formats: fixed-size name fields
// padded with NULs, which may fill the whole field (Mach-O segment names,
// PE section names, tar headers: ignore the bool), and strings in a string
// table, which must end in a NUL (ELF: call CString(tab[off:]) after
// checking off, and treat false as a malformed table).
func CString(b []byte) (s []byte, terminated bool) {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return b[:i:i], true
	}
	return b[:len(b):len(b)], false
}

// GoString returns the bytes of b before its first NUL byte (all of b if it
// has none) as a string: a copy, as cgo's C.GoString makes, which stays
// valid whatever happens to b. Use [CString] for a view.
func GoString(b []byte) string {
	s, _ := CString(b)
	return string(s)
}

// String returns b as a string without copying it, after checking that b
// is valid UTF-8: the string's bytes are b's memory.
//
// The string is valid only while b's bytes do not change. Go strings are
// immutable, and the compiler, the runtime and every function that takes a
// string may rely on that (map keys, interning, cached hashes, and the
// check made here); so b must not be written, through b, another slice or
// a cast, nor its memory be unmapped or reused, as long as the string or
// any substring of it is in use. Read-only data fits: a PROT_READ mapping
// of a file (which no one modifies meanwhile), a buffer that is filled once
// and then only read. Copy with string(b) otherwise.
//
// On error String returns "" and an [*Error] wrapping ErrInvalid, whose
// Want is the offset of the first byte that is not part of a valid UTF-8
// encoding and Got is len(b).
func String(b []byte) (string, error) {
	if !utf8.Valid(b) {
		at := 0
		for at < len(b) {
			r, n := utf8.DecodeRune(b[at:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			at += n
		}
		return "", &Error{Op: opString.String(), op: opString, Err: ErrInvalid, rule: ruleUTF8, Want: at, Got: len(b)}
	}
	// safe: the caller promises, as documented, that b does not change
	// while the string is used; b's bytes are valid UTF-8.
	return unsafe.String(unsafe.SliceData(b), len(b)), nil
}

// Package cast reinterprets byte slices as pointers to fixed-layout structs
// and slices of them, without copying, and checks every cast.
//
// A cast to T succeeds only if T can be overlaid on bytes at all (no
// padding, no pointers, no bools, no platform-sized integers, on any
// GOARCH: the rules of package layout), if T's declared byte order matches
// the host's, if the buffer has the right length, and if it is aligned for
// T. The checks run in this order, and the first that fails decides the
// error:
//
//  1. layout: the type's layout, as package layout computes it, has no
//     error-kind problem on any arch (ErrLayout). The verdict is computed
//     once per type, on first use, and cached: later casts look it up in a
//     few nanoseconds, without locks.
//  2. byte order: a struct marked _ endian.Big casts only on big-endian
//     hosts, one marked _ endian.Little only on little-endian hosts
//     (ErrByteOrder). endian.Native, no marker, and structs built from the
//     fixed-order types of package endian cast everywhere.
//  3. size: the buffer's length is T's size (To, Read), at least that
//     (Prefix, Suffix, ReadPrefix), a multiple of it (Slice; an empty
//     buffer yields an empty slice), or enough for n elements (SlicePrefix;
//     n may be 0) (ErrSize).
//  4. alignment: the address of the T is a multiple of T's alignment, if
//     that is above 1 (ErrAlign). Read and ReadPrefix copy, so they accept
//     any alignment. Structs of endian types have alignment 1 and cast at
//     any offset.
//  5. Validate: if *T has a method Validate() error, it is called on the
//     cast value, or on every element of a slice, and a non-nil result
//     fails the cast (ErrInvalid, wrapping the method's error). So is
//     the Validate method of every field, array element and nested
//     struct of T whose pointer type has one (such as endian.Bool, or
//     an enum type's), innermost first, then T's own; the error names the
//     part's path ("Items[1].Kind: ..."). Which parts to validate is
//     worked out once per type; a T with no Validate anywhere pays
//     nothing. Read and ReadPrefix call it on a reused scratch copy (see
//     [Read]), so Validate must not keep its receiver after it returns.
//
// Every failure is an [*Error] naming the operation, the type and the
// numbers ("cast.To[pkt.Header]: buffer is 20 bytes, want 24"), wrapping
// one of the sentinel errors; on failure every other result is a zero
// value. No input, whatever its length, address or element count, makes a
// function panic or read outside the buffer, except that [Bytes] and
// [SliceBytes] panic for a type that cannot be overlaid, a programmer
// error.
//
// A successful cast aliases the buffer: the *T or []T points into b, so
// writes through it change b and writes to b change it, and b must stay
// alive and unmoved as long as the result is used (a Go slice's backing
// array does; memory from unix.Mmap does until unmapped). Successful casts
// do not allocate.
//
// A cast cannot tell read-only memory from writable memory. Over a
// PROT_READ mapping the result reads correctly, but any write through it (a
// field store, an endian Set, a copy into [Bytes]) is a fatal SIGSEGV that
// recover cannot catch (a recoverable panic under debug.SetPanicOnFault).
// Treat such results as read-only, or copy with [Read] and [ReadPrefix].
//
// For example, with a header declared in network byte order:
//
//	type Header struct {
//		_      structs.HostLayout
//		Magic  endian.U32BE
//		Length endian.U16BE
//		Flags  endian.U16BE
//	}
//
//	h, err := cast.To[Header](buf[:8])
//	if err != nil {
//		return err // for example, cast.ErrSize
//	}
//	n := h.Length.Get()
//	h.Flags.Set(0) // writes buf[6:8]
//
// # Overlay[T] for hot loops
//
// The package functions look T's verdict up on every call. An [Overlay]
// holds it, validated once, so its methods cost only the length and
// alignment checks of a raw unsafe cast, and are small enough to be
// inlined into the caller. Make one per type, typically in a package-level
// variable:
//
//	var hdr = cast.MustOverlay[Header]()
//
//	for len(buf) > 0 {
//		h, rest, err := hdr.Prefix(buf)
//		...
//	}
//
// # Variable-length data
//
// Real formats are fixed headers followed by data whose length a header
// field gives. [Frame] (and [Overlay.Frame]) casts a header H and cuts the
// body whose whole-frame length, header included, a function of the
// header returns; [PrefixSlice] casts a header and the count(h) elements
// after it. [Records] walks a buffer of such frames at a record alignment,
// as an iterator or a step-wise cursor, and reports the malformed record
// by index and offset; its failures cost no allocation. Its length rule is
// data, a [Length] (the length field's offset, size, order, scale and
// bias, and the one-byte and ending kinds of IP options), or a function
// of the header; [Records.NextFunc] takes the rule per record, for chains
// such as IPv6 extension headers, and [Records.AllFunc] takes it at the
// range loop, where the compiler inlines it with the iterator: the fast
// form for a decoding loop. [Table] is n entries at a stride of at least
// their size, validated once. [CString],
// [GoString] and [String] read NUL-terminated fields and borrow UTF-8
// text. Every length they are given (negative, zero, beyond the buffer,
// overflowing) is checked before anything is sliced.
//
//	h, opts, payload, err := ipv4.Frame(pkt, (*IPv4).HeaderLen)
//
//	recs := rec.RecordsLength(file, 1, cast.Length{Offset: 8, Size: 4, Order: binary.LittleEndian, Scale: 1, Bias: 16})
//	recs.Start(24) // after the file header
//	for h, data := range recs.All() {
//		...
//	}
//	err := recs.Err() // cast.Records[pcap.Rec]: record 3 at offset 4242: ...
//
// # Relationship to layoutcheck
//
// Package cast checks at run time; the layoutcheck analyzer (package
// layout/layoutcheck, the command cmd/layoutcheck) applies the same rules,
// from the same engine, at vet time: it reports every instantiation of a
// cast function with a type argument that would fail the layout or
// byte-order check, on every GOARCH (a cast of a type marked _ endian.Big
// is reported with the little-endian arches on which it fails with
// ErrByteOrder, and the [Decode] call that reads it on any host), and
// also warns about what cast accepts but may not mean what it says:
// numbers in host byte order with no byte-order marker (for a type of
// another package, such as debug/elf's Header64, with the [Decode] call
// that gives them an order), and structs without a structs.HostLayout
// field. The codec's functions ([Decode], [Encode], [Append] and their
// slice and io forms) take the byte order from their argument and get no
// implicit-order warning; layoutcheck reports an argument that the type's
// marker excludes (binary.LittleEndian for a type marked _ endian.Big,
// and binary.NativeEndian on little-endian arches). Run
// both: layoutcheck catches bad types before they ship, cast catches bad
// buffers, which only run time can see.
package cast

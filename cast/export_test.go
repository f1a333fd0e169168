package cast

import (
	"debug/elf"
	"encoding/binary"
	"unsafe"
)

// DecodeHeader64Floor is Decode[elf.Header64] with the plan's loops over
// offsets replaced by the eight swaps they make for that type, written
// out: the same lookup, checks and copy, and no loop. It is the floor of
// any plan-driven Decode, for BenchmarkCodecHeader64.
func DecodeHeader64Floor(b []byte, order binary.ByteOrder) (t elf.Header64, rest []byte, err error) {
	p := cached(keyOf((*elf.Header64)(nil)))
	i := orderIndex(order)
	if p == nil || !p.fast[i&3] || len(b) < int(unsafe.Sizeof(t)) {
		rest, err = decode(b, order, &t)
		return t, rest, err
	}
	if unalignedLoads {
		t = *(*elf.Header64)(unsafe.Pointer(unsafe.SliceData(b))) // safe: as in Decode
	} else {
		copy(unsafe.Slice((*byte)(unsafe.Pointer(&t)), unsafe.Sizeof(t)), b) // safe: as in Decode
	}
	if i != 0 {
		dst, src := unsafe.Pointer(&t), unsafe.Pointer(unsafe.SliceData(b)) // safe: b holds at least a T's bytes
		swap16x2(dst, src, 16)                                              // Type, Machine
		swap32(dst, src, 20)                                                // Version
		swap64(dst, src, 24)                                                // Entry
		swap64(dst, src, 32)                                                // Phoff
		swap64(dst, src, 40)                                                // Shoff
		swap32(dst, src, 48)                                                // Flags
		swap16x4(dst, src, 52)                                              // Ehsize .. Shentsize
		swap16x2(dst, src, 60)                                              // Shnum, Shstrndx
	}
	return t, b[unsafe.Sizeof(t):], nil
}

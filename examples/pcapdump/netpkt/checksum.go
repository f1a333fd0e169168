package netpkt

import (
	"encoding/binary"

	"github.com/go-overlay/overlay/cast"
)

// Sum adds b to the running one's-complement sum acc as a sequence of
// big-endian 16-bit words, a trailing odd byte padded with zero (RFC 1071).
// The result is not folded: pass it to Fold, or to Sum again for the next
// piece (each piece but the last must have an even length).
func Sum(acc uint64, b []byte) uint64 {
	// Eight bytes at a time into a 64-bit accumulator: the carries
	// accumulate in the high bits and Fold adds them back (RFC 1071,
	// "deferred carries"), which the byte order of the loads does not
	// affect beyond a final swap, avoided here by big-endian loads.
	for len(b) >= 8 {
		v := binary.BigEndian.Uint64(b)
		acc += v >> 32
		acc += v & 0xffffffff
		b = b[8:]
	}
	for len(b) >= 2 {
		acc += uint64(binary.BigEndian.Uint16(b))
		b = b[2:]
	}
	if len(b) == 1 {
		acc += uint64(b[0]) << 8
	}
	return acc
}

// Fold folds the carries of acc into 16 bits.
func Fold(acc uint64) uint16 {
	for acc>>16 != 0 {
		acc = acc&0xffff + acc>>16
	}
	return uint16(acc)
}

// Checksum returns the Internet checksum of b: the complement of its
// one's-complement sum. Over data that includes a correct checksum field
// it is 0.
func Checksum(b []byte) uint16 { return ^Fold(Sum(0, b)) }

// ComputeChecksum returns the header checksum of h with its options: the
// checksum field counts as zero, so the result is what the field should
// hold.
func (h *IPv4) ComputeChecksum(opts []byte) uint16 {
	b := cast.Bytes(h)
	acc := Sum(0, b[:10])  // up to the checksum field
	acc = Sum(acc, b[12:]) // after it
	return ^Fold(Sum(acc, opts))
}

// ChecksumOK reports whether h's checksum field is correct.
func (h *IPv4) ChecksumOK(opts []byte) bool {
	return Fold(Sum(Sum(0, cast.Bytes(h)), opts)) == 0xffff
}

// PseudoHeaderSum returns the unfolded sum of the IPv4 pseudo-header for a
// TCP or UDP segment of the given length (RFC 793, RFC 768): source and
// destination addresses, protocol and length.
func (h *IPv4) PseudoHeaderSum(proto uint8, length int) uint64 {
	acc := Sum(0, h.Src[:])
	acc = Sum(acc, h.Dst[:])
	return acc + uint64(proto) + uint64(length)
}

// PseudoHeaderSum returns the unfolded sum of the IPv6 pseudo-header
// (RFC 8200 section 8.1): addresses, upper-layer length (32 bits) and next
// header.
func (h *IPv6) PseudoHeaderSum(next uint8, length int) uint64 {
	acc := Sum(0, h.Src[:])
	acc = Sum(acc, h.Dst[:])
	return acc + uint64(uint32(length)>>16) + uint64(uint32(length)&0xffff) + uint64(next)
}

// transportChecksum returns the checksum of seg with the pseudo-header sum
// pseudo, the 2-byte checksum field at off counting as zero.
func transportChecksum(pseudo uint64, seg []byte, off int) uint16 {
	if len(seg) < off+2 {
		return ^Fold(Sum(pseudo, seg))
	}
	acc := Sum(pseudo, seg[:off])
	return ^Fold(Sum(acc, seg[off+2:]))
}

// TCPChecksum returns the checksum a TCP segment (header, options and data)
// should carry, given the pseudo-header sum from IPv4.PseudoHeaderSum or
// IPv6.PseudoHeaderSum. The segment's own checksum field counts as zero.
func TCPChecksum(pseudo uint64, seg []byte) uint16 { return transportChecksum(pseudo, seg, 16) }

// UDPChecksum returns the checksum a UDP datagram should carry, given the
// pseudo-header sum. A computed 0 is returned as 0xffff, since 0 in the
// field means "no checksum" (RFC 768).
func UDPChecksum(pseudo uint64, dgram []byte) uint16 {
	c := transportChecksum(pseudo, dgram, 6)
	if c == 0 {
		c = 0xffff
	}
	return c
}

// ICMPv6Checksum returns the checksum an ICMPv6 message should carry,
// given the IPv6 pseudo-header sum (next header 58).
func ICMPv6Checksum(pseudo uint64, msg []byte) uint16 { return transportChecksum(pseudo, msg, 2) }

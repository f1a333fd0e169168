// Package netpkt defines overlays for network packet headers: Ethernet II,
// IPv4, IPv6, UDP and TCP (all big-endian, "network byte order"), and the
// pcap capture file format (in the byte order of the machine that wrote
// it); and computes the Internet checksums (RFC 1071) of IPv4 headers and
// of TCP and UDP segments with their pseudo-headers, over the overlays.
//
// A packet is parsed by casting each header off the front of the bytes that
// remain:
//
//	eth, rest, err := cast.Prefix[netpkt.Ethernet](frame)
//	ip, opts, payload, err := netpkt.ParseIPv4(rest)
//	udp, data, err := cast.Prefix[netpkt.UDP](payload)
//	ok := netpkt.UDPChecksum(ip.PseudoHeaderSum(netpkt.ProtoUDP, len(payload)), payload) == 0
//
// Every header is built from package endian's alignment-1 types and bytes,
// so the casts succeed at any offset: an IPv4 header after a 14-byte
// Ethernet header is at offset 14, not a multiple of 4.
package netpkt

import (
	"structs"

	"github.com/go-overlay/overlay/endian"
)

// EtherTypes and IP protocol numbers used here.
const (
	EtherTypeIPv4 = 0x0800
	EtherTypeIPv6 = 0x86dd

	ProtoTCP    = 6
	ProtoUDP    = 17
	ProtoICMPv6 = 58
)

// Ethernet is an Ethernet II header (14 bytes).
//
//layoutcheck:overlay
type Ethernet struct {
	_         structs.HostLayout
	Dst       [6]byte
	Src       [6]byte
	EtherType endian.U16BE
}

// IPv4 is the fixed part of an IPv4 header (20 bytes); IHL()-20 bytes of
// options follow.
//
//layoutcheck:overlay
type IPv4 struct {
	_             structs.HostLayout
	VersionIHL    uint8 // version << 4 | header length in 32-bit words
	TOS           uint8 // DSCP << 2 | ECN
	TotalLength   endian.U16BE
	ID            endian.U16BE
	FlagsFragment endian.U16BE // flags << 13 | fragment offset in 8-byte units
	TTL           uint8
	Protocol      uint8
	Checksum      endian.U16BE
	Src           [4]byte
	Dst           [4]byte
}

// Version returns the IP version, 4 for a valid header.
func (h *IPv4) Version() uint8 { return h.VersionIHL >> 4 }

// HeaderLen returns the header length in bytes, options included.
func (h *IPv4) HeaderLen() int { return int(h.VersionIHL&0xf) * 4 }

// SetVersionHeaderLen sets the version to 4 and the header length to n
// bytes (a multiple of 4, 20 to 60).
func (h *IPv4) SetVersionHeaderLen(n int) { h.VersionIHL = 4<<4 | uint8(n/4)&0xf }

// Flags returns the 3 flag bits (reserved, DF, MF).
func (h *IPv4) Flags() uint8 { return uint8(h.FlagsFragment.Get() >> 13) }

// FragmentOffset returns the fragment offset in bytes.
func (h *IPv4) FragmentOffset() int { return int(h.FlagsFragment.Get()&0x1fff) * 8 }

// IPv6 is an IPv6 header (40 bytes).
//
//layoutcheck:overlay
type IPv6 struct {
	_                structs.HostLayout
	VersionClassFlow endian.U32BE // version << 28 | traffic class << 20 | flow label
	PayloadLength    endian.U16BE
	NextHeader       uint8
	HopLimit         uint8
	Src              [16]byte
	Dst              [16]byte
}

// Version returns the IP version, 6 for a valid header.
func (h *IPv6) Version() uint8 { return uint8(h.VersionClassFlow.Get() >> 28) }

// TrafficClass returns the traffic class.
func (h *IPv6) TrafficClass() uint8 { return uint8(h.VersionClassFlow.Get() >> 20) }

// FlowLabel returns the 20-bit flow label.
func (h *IPv6) FlowLabel() uint32 { return h.VersionClassFlow.Get() & 0xfffff }

// SetVersionClassFlow sets the version to 6 and the traffic class and flow
// label.
func (h *IPv6) SetVersionClassFlow(class uint8, flow uint32) {
	h.VersionClassFlow.Set(6<<28 | uint32(class)<<20 | flow&0xfffff)
}

// UDP is a UDP header (8 bytes).
//
//layoutcheck:overlay
type UDP struct {
	_        structs.HostLayout
	SrcPort  endian.U16BE
	DstPort  endian.U16BE
	Length   endian.U16BE // header and data
	Checksum endian.U16BE // 0: none (IPv4 only)
}

// TCP is the fixed part of a TCP header (20 bytes); DataOffset()-20 bytes
// of options follow.
//
//layoutcheck:overlay
type TCP struct {
	_               structs.HostLayout
	SrcPort         endian.U16BE
	DstPort         endian.U16BE
	Seq             endian.U32BE
	Ack             endian.U32BE
	DataOffsetFlags endian.U16BE // data offset << 12 | reserved << 9 | flags (NS CWR ECE URG ACK PSH RST SYN FIN)
	Window          endian.U16BE
	Checksum        endian.U16BE
	Urgent          endian.U16BE
}

// TCP flags.
const (
	TCPFin = 1 << iota
	TCPSyn
	TCPRst
	TCPPsh
	TCPAck
	TCPUrg
	TCPEce
	TCPCwr
	TCPNs
)

// DataOffset returns the header length in bytes, options included.
func (h *TCP) DataOffset() int { return int(h.DataOffsetFlags.Get()>>12) * 4 }

// Flags returns the 9 flag bits (TCPFin ... TCPNs).
func (h *TCP) Flags() uint16 { return h.DataOffsetFlags.Get() & 0x1ff }

// SetDataOffsetFlags sets the header length to n bytes (a multiple of 4,
// 20 to 60) and the flags.
func (h *TCP) SetDataOffsetFlags(n int, flags uint16) {
	h.DataOffsetFlags.Set(uint16(n/4)<<12 | flags&0x1ff)
}

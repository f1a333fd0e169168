// Package netpkt defines overlays for network packet headers: Ethernet II
// and IEEE 802.3, Linux cooked capture (SLL), 802.1Q VLAN tags, ARP, IPv4,
// IPv6 and its extension headers, TCP, UDP, ICMPv4 and ICMPv6 (all
// big-endian, "network byte order"), and the pcap capture file format (in
// the byte order of the machine that wrote it); it splits each header from
// its payload with the length rules of real captures (snap lengths,
// segmentation offload, jumbograms), and computes the Internet checksums
// (RFC 1071) of IPv4 headers and of TCP and UDP segments with their
// pseudo-headers, over the overlays.
//
// It is the library half of examples/pcapdump and uses only overlay's
// public packages, so it can be copied as it is.
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
//
// Fields below the byte (IPv4's version and header length, TCP's data
// offset and flags, the VLAN identifier...) are declared by bits tags on
// their words, most significant bits first as the RFCs draw them; their
// accessors (Version and SetVersion, VID and SetVID, ...) are generated
// into bits_gen.go by cmd/overlaybits, and a setter refuses a value too
// wide for its bits.
package netpkt

//go:generate go run github.com/go-overlay/overlay/cmd/overlaybits

import (
	"structs"

	"github.com/go-overlay/overlay/endian"
)

// EtherTypes and IP protocol numbers used here.
const (
	EtherTypeIPv4  = 0x0800
	EtherTypeARP   = 0x0806
	EtherTypeDot1Q = 0x8100 // 802.1Q VLAN tag
	EtherTypeQinQ  = 0x88a8 // 802.1ad service VLAN tag
	EtherTypeIPv6  = 0x86dd

	// EtherTypes below this are 802.3 frame lengths.
	EtherTypeMin = 1536

	ProtoHopByHop    = 0
	ProtoICMPv4      = 1
	ProtoIPIP        = 4
	ProtoTCP         = 6
	ProtoUDP         = 17
	ProtoIPv6        = 41
	ProtoRouting     = 43
	ProtoFragment    = 44
	ProtoICMPv6      = 58
	ProtoDestination = 60
)

// Link types (libpcap's LINKTYPE_*) of the link layers overlaid here.
const (
	LinkTypeEthernet = 1
	LinkTypeLinuxSLL = 113
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

// LinuxSLL is a Linux "cooked" capture header (16 bytes), linktype 113.
//
//layoutcheck:overlay
type LinuxSLL struct {
	_          structs.HostLayout
	PacketType endian.U16BE // to us, broadcast, multicast, to another host, from us
	ARPHRD     endian.U16BE // ARPHRD_* link-layer address type
	AddrLen    endian.U16BE // bytes of Addr in use
	Addr       [8]byte
	Protocol   endian.U16BE // EtherType of the payload
}

// Address returns the link-layer address: AddrLen bytes of Addr, at most 8.
func (h *LinuxSLL) Address() []byte { return h.Addr[:min(int(h.AddrLen.Get()), len(h.Addr))] }

// Dot1Q is an IEEE 802.1Q (or 802.1ad) VLAN tag (4 bytes): it follows the
// EtherType 0x8100 (0x88a8) and holds the EtherType of what follows it.
//
//layoutcheck:overlay
type Dot1Q struct {
	_         structs.HostLayout
	TCI       endian.U16BE `bits:"PCP:3,DEI:1,VID:12"` // priority code point, drop eligible indicator, VLAN identifier
	EtherType endian.U16BE
}

// ARP is the fixed part of an ARP packet (8 bytes); the sender and target
// hardware (HLen bytes) and protocol (PLen bytes) addresses follow.
//
//layoutcheck:overlay
type ARP struct {
	_     structs.HostLayout
	HType endian.U16BE
	PType endian.U16BE
	HLen  uint8
	PLen  uint8
	Op    endian.U16BE
}

// Len returns the length of the ARP packet, its four addresses included.
func (h *ARP) Len() int { return 8 + 2*int(h.HLen) + 2*int(h.PLen) }

// ICMPv4 is an ICMP header (8 bytes): type, code, checksum and the 4 bytes
// whose meaning the type gives (identifier and sequence, pointer, MTU...).
//
//layoutcheck:overlay
type ICMPv4 struct {
	_        structs.HostLayout
	Type     uint8
	Code     uint8
	Checksum endian.U16BE
	Rest     [4]byte
}

// ICMPv6 is an ICMPv6 header (4 bytes); the message body follows.
//
//layoutcheck:overlay
type ICMPv6 struct {
	_        structs.HostLayout
	Type     uint8
	Code     uint8
	Checksum endian.U16BE
}

// IPv6Ext is the start of an IPv6 hop-by-hop, routing or destination
// options header (2 bytes); the header is (HdrExtLen+1)*8 bytes in all.
//
//layoutcheck:overlay
type IPv6Ext struct {
	_          structs.HostLayout
	NextHeader uint8
	HdrExtLen  uint8
}

// Len returns the header's length in bytes.
func (h *IPv6Ext) Len() int { return (int(h.HdrExtLen) + 1) * 8 }

// IPv6Routing is the fixed part of an IPv6 routing header (4 bytes).
//
//layoutcheck:overlay
type IPv6Routing struct {
	_ structs.HostLayout
	IPv6Ext
	RoutingType  uint8
	SegmentsLeft uint8
}

// IPv6Fragment is an IPv6 fragment header (8 bytes).
//
//layoutcheck:overlay
type IPv6Fragment struct {
	_          structs.HostLayout
	NextHeader uint8
	Reserved   uint8
	OffsetFlag endian.U16BE `bits:"Offset:13,_:2,More:1"` // fragment offset in 8-byte units, M: 1 if more fragments follow
	ID         endian.U32BE
}

// IPv4 is the fixed part of an IPv4 header (20 bytes); IHL()-20 bytes of
// options follow.
//
//layoutcheck:overlay
type IPv4 struct {
	_             structs.HostLayout
	VersionIHL    uint8 `bits:"Version:4,IHL:4"` // IHL: header length in 32-bit words, options included
	TOS           uint8 // DSCP << 2 | ECN
	TotalLength   endian.U16BE
	ID            endian.U16BE
	FlagsFragment endian.U16BE `bits:"Flags:3,FragOffset:13"` // flags: reserved, DF, MF; offset in 8-byte units
	TTL           uint8
	Protocol      uint8
	Checksum      endian.U16BE
	Src           [4]byte
	Dst           [4]byte
}

// HeaderLen returns the header length in bytes, options included.
func (h *IPv4) HeaderLen() int { return int(h.IHL()) * 4 }

// FragmentOffset returns the fragment offset in bytes.
func (h *IPv4) FragmentOffset() int { return int(h.FragOffset()) * 8 }

// IsFragment reports whether h is a fragment of a larger datagram: MF set
// or a nonzero offset.
func (h *IPv4) IsFragment() bool { return h.Flags()&1 != 0 || h.FragOffset() != 0 }

// IPv6 is an IPv6 header (40 bytes).
//
//layoutcheck:overlay
type IPv6 struct {
	_                structs.HostLayout
	VersionClassFlow endian.U32BE `bits:"Version:4,TrafficClass:8,FlowLabel:20"`
	PayloadLength    endian.U16BE
	NextHeader       uint8
	HopLimit         uint8
	Src              [16]byte
	Dst              [16]byte
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
	DataOffsetFlags endian.U16BE `bits:"DataOffsetWords:4,_:3,Flags:9"` // flags: NS CWR ECE URG ACK PSH RST SYN FIN (TCPNs ... TCPFin)
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
func (h *TCP) DataOffset() int { return int(h.DataOffsetWords()) * 4 }

package netpkt

import (
	"fmt"
	"structs"

	"github.com/go-overlay/overlay/cast"
)

// Each Parse function splits one header off the front of b, the bytes
// captured from where the header starts: it returns the header, its
// variable part if any, and its payload. A header that does not fit in b,
// or whose own length fields are smaller than the header, is an error. A
// length field that is larger than b is not: captures cut packets at a
// snap length, so the payload is then what was captured.

var (
	ethernet = cast.MustOverlay[Ethernet]()
	linuxSLL = cast.MustOverlay[LinuxSLL]()
	dot1Q    = cast.MustOverlay[Dot1Q]()
	arp      = cast.MustOverlay[ARP]()
	ipv4     = cast.MustOverlay[IPv4]()
	ipv6     = cast.MustOverlay[IPv6]()
	ipv6Ext  = cast.MustOverlay[IPv6Ext]()
	ipv6Rt   = cast.MustOverlay[IPv6Routing]()
	ipv6Frag = cast.MustOverlay[IPv6Fragment]()
	tcp      = cast.MustOverlay[TCP]()
	udp      = cast.MustOverlay[UDP]()
	icmpv4   = cast.MustOverlay[ICMPv4]()
	icmpv6   = cast.MustOverlay[ICMPv6]()
)

// ParseEthernet splits an Ethernet header from its payload. For an IEEE
// 802.3 frame (EtherType below EtherTypeMin, a length) the payload is
// bounded by that length.
func ParseEthernet(b []byte) (h *Ethernet, payload []byte, err error) {
	h, payload, err = ethernet.Prefix(b)
	if err != nil {
		return nil, nil, err
	}
	if n := int(h.EtherType.Get()); n < EtherTypeMin {
		payload = payload[:min(n, len(payload))]
	}
	return h, payload, nil
}

// ParseLinuxSLL splits a Linux cooked capture header from its payload.
func ParseLinuxSLL(b []byte) (h *LinuxSLL, payload []byte, err error) {
	return linuxSLL.Prefix(b)
}

// ParseDot1Q splits a VLAN tag from its payload.
func ParseDot1Q(b []byte) (h *Dot1Q, payload []byte, err error) {
	return dot1Q.Prefix(b)
}

// ParseARP splits an ARP packet into its fixed part, its four addresses
// (sender hardware, sender protocol, target hardware, target protocol) and
// the bytes after them.
func ParseARP(b []byte) (h *ARP, sha, spa, tha, tpa, rest []byte, err error) {
	h, addrs, rest, err := arp.Frame(b, (*ARP).Len)
	if err != nil {
		return nil, nil, nil, nil, nil, nil, err
	}
	hl, pl := int(h.HLen), int(h.PLen)
	return h, addrs[:hl], addrs[hl : hl+pl], addrs[hl+pl : 2*hl+pl], addrs[2*hl+pl:], rest, nil
}

// ParseIPv4 splits an IPv4 packet into its header, its options and its
// payload, which TotalLength bounds (bytes after it, such as Ethernet
// padding, are dropped). A TotalLength of 0 (segmentation offload) or one
// beyond b means the payload runs to the end of b.
func ParseIPv4(b []byte) (h *IPv4, opts, payload []byte, err error) {
	if h, _, err = ipv4.Prefix(b); err != nil {
		return nil, nil, nil, err
	}
	if h.Version() != 4 {
		return nil, nil, nil, fmt.Errorf("netpkt: IPv4 header has version %d", h.Version())
	}
	if h, opts, payload, err = ipv4.Frame(b, (*IPv4).HeaderLen); err != nil {
		return nil, nil, nil, err // IHL below 5, or beyond the capture
	}
	switch tl := int(h.TotalLength.Get()); {
	case tl != 0 && tl < h.HeaderLen():
		return nil, nil, nil, fmt.Errorf("netpkt: IPv4 total length %d is below the header length %d", tl, h.HeaderLen())
	case tl != 0:
		payload = payload[:min(tl-h.HeaderLen(), len(payload))]
	}
	return h, opts, payload, nil
}

// ParseIPv6 splits an IPv6 packet into its header and its payload, which
// PayloadLength bounds; extension headers are part of the payload. A
// PayloadLength of 0 (a jumbogram, or segmentation offload) or one beyond b
// means the payload runs to the end of b: for a jumbogram, bound it by
// JumboLength.
func ParseIPv6(b []byte) (h *IPv6, payload []byte, err error) {
	h, payload, err = ipv6.Prefix(b)
	if err != nil {
		return nil, nil, err
	}
	if h.Version() != 6 {
		return nil, nil, fmt.Errorf("netpkt: IPv6 header has version %d", h.Version())
	}
	if n := int(h.PayloadLength.Get()); n != 0 && n < len(payload) {
		payload = payload[:n]
	}
	return h, payload, nil
}

// ParseIPv6Ext splits an IPv6 hop-by-hop, routing or destination options
// header into its start, its data (the (HdrExtLen+1)*8-2 bytes after the
// start) and the bytes after it.
func ParseIPv6Ext(b []byte) (h *IPv6Ext, data, rest []byte, err error) {
	return ipv6Ext.Frame(b, (*IPv6Ext).Len)
}

// ParseIPv6Routing splits an IPv6 routing header from the bytes after it.
func ParseIPv6Routing(b []byte) (h *IPv6Routing, rest []byte, err error) {
	if h, _, err = ipv6Rt.Prefix(b); err != nil {
		return nil, nil, err
	}
	if _, _, rest, err = ParseIPv6Ext(b); err != nil {
		return nil, nil, err
	}
	return h, rest, nil
}

// ParseIPv6Fragment splits an IPv6 fragment header from its payload.
func ParseIPv6Fragment(b []byte) (h *IPv6Fragment, payload []byte, err error) {
	return ipv6Frag.Prefix(b)
}

// JumboLength returns the length of the Jumbo Payload option (RFC 2675)
// among the options of a hop-by-hop header, the data ParseIPv6Ext returns.
func JumboLength(opts []byte) (n uint32, ok bool) {
	for len(opts) > 0 {
		if opts[0] == 0 { // Pad1
			opts = opts[1:]
			continue
		}
		if len(opts) < 2 || len(opts) < 2+int(opts[1]) {
			return 0, false
		}
		if opts[0] == 0xc2 && opts[1] == 4 {
			v := opts[2:6]
			return uint32(v[0])<<24 | uint32(v[1])<<16 | uint32(v[2])<<8 | uint32(v[3]), true
		}
		opts = opts[2+int(opts[1]):]
	}
	return 0, false
}

// ParseTCP splits a TCP segment into its header, its options and its data.
func ParseTCP(b []byte) (h *TCP, opts, payload []byte, err error) {
	return tcp.Frame(b, (*TCP).DataOffset)
}

// ParseUDP splits a UDP datagram into its header and its data, which Length
// bounds. A Length of 0 (a jumbogram, RFC 2675) or one beyond b means the
// data runs to the end of b.
func ParseUDP(b []byte) (h *UDP, payload []byte, err error) {
	h, payload, err = udp.Prefix(b)
	if err != nil {
		return nil, nil, err
	}
	n := int(h.Length.Get())
	if n > 0 && n < 8 {
		return nil, nil, fmt.Errorf("netpkt: UDP length %d is below 8", n)
	}
	if n != 0 && n-8 < len(payload) {
		payload = payload[:n-8]
	}
	return h, payload, nil
}

// ParseICMPv4 splits an ICMP message into its 8-byte header and its body.
func ParseICMPv4(b []byte) (h *ICMPv4, payload []byte, err error) {
	return icmpv4.Prefix(b)
}

// ParseICMPv6 splits an ICMPv6 message into its 4-byte header and its body.
func ParseICMPv6(b []byte) (h *ICMPv6, payload []byte, err error) {
	return icmpv6.Prefix(b)
}

// OptionKind is the first byte of an IPv4 or TCP option.
//
//layoutcheck:overlay
type OptionKind struct {
	_    structs.HostLayout
	Kind uint8
}

// options is the length rule of IPv4 and TCP options: kinds 0 (End of
// Options, which ends them) and 1 (No-Operation) are one byte; the others
// have a length byte after the kind that counts both, at least 2.
var options = cast.Length{Offset: 1, Size: 1, Scale: 1, Short: []byte{1}, End: []byte{0}}

var optionKind = cast.MustOverlay[OptionKind]()

// Options returns the options in opts, the variable part of an IPv4 or
// TCP header, as records: each option's kind and its bytes after the kind
// (its length byte and data). The options end after an End of Options
// (kind 0), or at a malformed option (one without room for its length
// byte, with a length below 2, or running past opts), which the records'
// Err then reports.
func Options(opts []byte) cast.Records[OptionKind] {
	return optionKind.RecordsLength(opts, 1, options)
}

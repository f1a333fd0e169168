package main

import (
	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/examples/pcapdump/netpkt"
)

// A Layer is one decoded header of a packet.
type Layer struct {
	Name      string // "ethernet", "ipv4", ...: the names of PCAPDUMP.md
	Offset    int    // where the header starts in the captured bytes
	HeaderLen int    // its bytes, options and extension data included

	// Hdr is the header's overlay, a *netpkt.Ethernet, *netpkt.IPv4...,
	// pointing into the captured bytes.
	Hdr any

	// Var is the header's variable part: IPv4 and TCP options, the four
	// ARP addresses.
	Var []byte

	// OptsBad reports a malformed option that ends an IPv4 or TCP
	// header's options (netpkt.Options' Err says which).
	OptsBad bool
}

// A Packet is a decoded packet. Decode reuses its storage, so that
// decoding a capture allocates only while the deepest packet so far grows
// Layers.
type Packet struct {
	Layers []Layer

	// PayloadOffset and PayloadLen locate the innermost layer's payload,
	// bounded by every enclosing length field and by what was captured.
	PayloadOffset, PayloadLen int

	// ErrLayer names the header that could not be decoded, Err says why;
	// both are zero when nothing failed.
	ErrLayer string
	Err      error
}

// Decode decodes the captured bytes b of a packet of the given link type.
// It never fails: a header that cannot be decoded ends the layers and is
// reported in ErrLayer and Err.
func (p *Packet) Decode(linkType uint16, b []byte) {
	p.Layers = p.Layers[:0]
	p.PayloadOffset, p.PayloadLen = 0, 0
	p.ErrLayer, p.Err = "", nil
	switch linkType {
	case netpkt.LinkTypeEthernet:
		p.ethernet(b)
	case netpkt.LinkTypeLinuxSLL:
		p.sll(b)
	}
}

// add appends a layer that starts at offset off; its payload, for now
// the innermost, is rest.
func (p *Packet) add(name string, off, hlen int, hdr any, v []byte, rest []byte) {
	p.Layers = append(p.Layers, Layer{Name: name, Offset: off, HeaderLen: hlen, Hdr: hdr, Var: v})
	p.PayloadOffset, p.PayloadLen = off+hlen, len(rest)
}

// fail records that the header name, at the start of the innermost
// layer's payload, could not be decoded.
func (p *Packet) fail(name string, err error) {
	p.ErrLayer, p.Err = name, err
}

// next returns where the innermost layer's payload starts.
func (p *Packet) next() int { return p.PayloadOffset }

func (p *Packet) ethernet(b []byte) {
	h, rest, err := netpkt.ParseEthernet(b)
	if err != nil {
		p.fail("ethernet", err)
		return
	}
	p.add("ethernet", 0, 14, h, nil, rest)
	if et := h.EtherType.Get(); et >= netpkt.EtherTypeMin {
		p.etherType(et, rest)
	}
}

func (p *Packet) sll(b []byte) {
	h, rest, err := netpkt.ParseLinuxSLL(b)
	if err != nil {
		p.fail("sll", err)
		return
	}
	p.add("sll", 0, 16, h, nil, rest)
	p.etherType(h.Protocol.Get(), rest)
}

// etherType decodes b, the payload of a header that gives its type as
// EtherType et. Unknown types end the layers.
func (p *Packet) etherType(et uint16, b []byte) {
	for {
		switch et {
		case netpkt.EtherTypeDot1Q, netpkt.EtherTypeQinQ:
			h, rest, err := netpkt.ParseDot1Q(b)
			if err != nil {
				p.fail("dot1q", err)
				return
			}
			p.add("dot1q", p.next(), 4, h, nil, rest)
			et, b = h.EtherType.Get(), rest
			continue // stacked tags (QinQ) loop instead of recursing
		case netpkt.EtherTypeARP:
			p.arp(b)
		case netpkt.EtherTypeIPv4:
			p.ipv4(b)
		case netpkt.EtherTypeIPv6:
			p.ipv6(b)
		}
		return
	}
}

func (p *Packet) arp(b []byte) {
	h, sha, _, _, _, rest, err := netpkt.ParseARP(b)
	if err != nil {
		p.fail("arp", err)
		return
	}
	n := 8 + 2*len(sha) + 2*int(h.PLen)
	p.add("arp", p.next(), n, h, b[8:n], rest)
}

func (p *Packet) ipv4(b []byte) {
	h, opts, payload, err := netpkt.ParseIPv4(b)
	if err != nil {
		p.fail("ipv4", err)
		return
	}
	p.add("ipv4", p.next(), h.HeaderLen(), h, opts, payload)
	p.checkOptions(opts)
	if h.IsFragment() {
		return // no reassembly
	}
	switch h.Protocol {
	case netpkt.ProtoTCP:
		p.tcp(payload)
	case netpkt.ProtoUDP:
		p.udp(payload)
	case netpkt.ProtoICMPv4:
		h, rest, err := netpkt.ParseICMPv4(payload)
		if err != nil {
			p.fail("icmpv4", err)
			return
		}
		p.add("icmpv4", p.next(), 8, h, nil, rest)
	}
}

// checkOptions walks the options of the innermost layer and records
// whether one is malformed, without allocating.
func (p *Packet) checkOptions(opts []byte) {
	if len(opts) == 0 {
		return
	}
	o := netpkt.Options(opts)
	for range o.All() {
	}
	p.Layers[len(p.Layers)-1].OptsBad = o.Cause() != nil
}

// ipv6ExtName names the extension header that next header nh announces
// in an IPv6 chain, or returns "".
func ipv6ExtName(nh uint8) string {
	switch nh {
	case netpkt.ProtoHopByHop:
		return "ipv6_hop_by_hop"
	case netpkt.ProtoRouting:
		return "ipv6_routing"
	case netpkt.ProtoFragment:
		return "ipv6_fragment"
	case netpkt.ProtoDestination:
		return "ipv6_destination"
	}
	return ""
}

var ipv6ExtHdr = cast.MustOverlay[netpkt.IPv6Ext]()

// fragmentLen is the frame length of an IPv6 fragment header.
func fragmentLen(*netpkt.IPv6Ext) int { return 8 }

func (p *Packet) ipv6(b []byte) {
	h, payload, err := netpkt.ParseIPv6(b)
	if err != nil {
		p.fail("ipv6", err)
		return
	}
	p.add("ipv6", p.next(), 40, h, nil, payload)
	// The extension headers are a chain of records whose type, and so
	// length rule, the previous one gives: a fragment header is 8 bytes,
	// the others (HdrExtLen+1)*8. NextFunc takes the rule of each.
	nh := h.NextHeader
	jumbo := h.PayloadLength.Get() == 0 // a jumbo option may bound the payload
	chain := ipv6ExtHdr.Records(payload, 1, nil)
	for name := ipv6ExtName(nh); name != ""; name, jumbo = ipv6ExtName(nh), false {
		extLen := (*netpkt.IPv6Ext).Len
		if nh == netpkt.ProtoFragment {
			extLen = fragmentLen
		}
		e, data, ok := chain.NextFunc(extLen)
		if !ok {
			p.fail(name, chain.Err())
			return
		}
		rec, rest := chain.Record(), chain.Rest()
		var hdr any = e
		switch nh {
		case netpkt.ProtoHopByHop:
			if n, ok := netpkt.JumboLength(data); ok && jumbo {
				// n counts the hop-by-hop header too.
				rest = rest[:min(uint64(len(rest)), max(uint64(n), uint64(len(rec)))-uint64(len(rec)))]
			}
		case netpkt.ProtoRouting:
			hdr, _, _ = netpkt.ParseIPv6Routing(rec) // cannot fail: rec is 8 bytes or more
		case netpkt.ProtoFragment:
			f, _, _ := netpkt.ParseIPv6Fragment(rec) // cannot fail: rec is 8 bytes
			hdr = f
			if f.More() != 0 || f.Offset() != 0 {
				p.add(name, p.next(), len(rec), hdr, nil, rest)
				return // no reassembly
			}
		}
		p.add(name, p.next(), len(rec), hdr, nil, rest)
		nh, payload = e.NextHeader, rest
	}
	switch nh {
	case netpkt.ProtoTCP:
		p.tcp(payload)
	case netpkt.ProtoUDP:
		p.udp(payload)
	case netpkt.ProtoICMPv6:
		h, rest, err := netpkt.ParseICMPv6(payload)
		if err != nil {
			p.fail("icmpv6", err)
			return
		}
		p.add("icmpv6", p.next(), 4, h, nil, rest)
	}
}

func (p *Packet) tcp(b []byte) {
	h, opts, payload, err := netpkt.ParseTCP(b)
	if err != nil {
		p.fail("tcp", err)
		return
	}
	p.add("tcp", p.next(), h.DataOffset(), h, opts, payload)
	p.checkOptions(opts)
}

func (p *Packet) udp(b []byte) {
	h, payload, err := netpkt.ParseUDP(b)
	if err != nil {
		p.fail("udp", err)
		return
	}
	p.add("udp", p.next(), 8, h, nil, payload)
}

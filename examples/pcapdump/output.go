package main

import (
	"encoding/hex"
	"encoding/json"
	"net/netip"
	"strconv"

	"github.com/go-overlay/overlay/examples/pcapdump/netpkt"
)

// FileInfo is what a pcap file header says.
type FileInfo struct {
	Name                       string
	Magic                      [4]byte
	Big, Nanosecond            bool
	VersionMajor, VersionMinor uint16
	SnapLen                    uint32
	LinkType                   uint16
}

// RecordInfo is what a pcap record header says.
type RecordInfo struct {
	Index                          int
	TsSec, TsFrac, CapLen, OrigLen uint32
}

// jsonWriter appends JSON Lines objects, in the field order of
// PCAPDUMP.md, to a reused buffer.
type jsonWriter struct{ b []byte }

func (w *jsonWriter) str(s string) {
	q, _ := json.Marshal(s) // a string always marshals; invalid UTF-8 becomes U+FFFD
	w.b = append(w.b, q...)
}

func (w *jsonWriter) key(k string) {
	if n := len(w.b); n > 0 && w.b[n-1] != '{' && w.b[n-1] != '[' {
		w.b = append(w.b, ',')
	}
	w.b = append(w.b, '"')
	w.b = append(w.b, k...)
	w.b = append(w.b, '"', ':')
}

func (w *jsonWriter) num(k string, v uint64) {
	w.key(k)
	w.b = strconv.AppendUint(w.b, v, 10)
}

func (w *jsonWriter) text(k, v string) {
	w.key(k)
	w.str(v)
}

func (w *jsonWriter) hex(k string, v []byte) {
	w.key(k)
	w.b = append(w.b, '"')
	w.b = hex.AppendEncode(w.b, v)
	w.b = append(w.b, '"')
}

func (w *jsonWriter) mac(k string, v []byte) {
	w.key(k)
	w.b = append(w.b, '"')
	for i, c := range v {
		if i > 0 {
			w.b = append(w.b, ':')
		}
		w.b = hex.AppendEncode(w.b, []byte{c})
	}
	w.b = append(w.b, '"')
}

func (w *jsonWriter) addr(k string, a netip.Addr) {
	w.key(k)
	w.b = append(w.b, '"')
	w.b = a.AppendTo(w.b)
	w.b = append(w.b, '"')
}

func (w *jsonWriter) file(f *FileInfo) {
	w.b = append(w.b, '{')
	w.text("file", f.Name)
	w.hex("magic", f.Magic[:])
	order := "little"
	if f.Big {
		order = "big"
	}
	w.text("byte_order", order)
	w.key("nanosecond")
	w.b = strconv.AppendBool(w.b, f.Nanosecond)
	w.num("version_major", uint64(f.VersionMajor))
	w.num("version_minor", uint64(f.VersionMinor))
	w.num("snaplen", uint64(f.SnapLen))
	w.num("linktype", uint64(f.LinkType))
	w.b = append(w.b, '}', '\n')
}

// truncated writes the object that ends a file whose last record is cut
// short.
func (w *jsonWriter) truncated(index int, err error) {
	w.b = append(w.b, '{')
	w.num("record", uint64(index))
	w.errorObj("pcap", err)
	w.b = append(w.b, '}', '\n')
}

func (w *jsonWriter) errorObj(layer string, err error) {
	w.key("error")
	w.b = append(w.b, '{')
	w.text("layer", layer)
	w.text("reason", err.Error())
	w.b = append(w.b, '}')
}

func (w *jsonWriter) record(r *RecordInfo, p *Packet) {
	w.b = append(w.b, '{')
	w.num("record", uint64(r.Index))
	w.num("ts_sec", uint64(r.TsSec))
	w.num("ts_frac", uint64(r.TsFrac))
	w.num("caplen", uint64(r.CapLen))
	w.num("origlen", uint64(r.OrigLen))
	w.key("layers")
	w.b = append(w.b, '[')
	for i := range p.Layers {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.layer(&p.Layers[i], i == len(p.Layers)-1, p)
	}
	w.b = append(w.b, ']')
	if p.Err != nil {
		w.errorObj(p.ErrLayer, p.Err)
	}
	w.b = append(w.b, '}', '\n')
}

func (w *jsonWriter) layer(l *Layer, innermost bool, p *Packet) {
	w.b = append(w.b, '{')
	w.text("layer", l.Name)
	w.num("offset", uint64(l.Offset))
	w.num("header_len", uint64(l.HeaderLen))
	switch h := l.Hdr.(type) {
	case *netpkt.Ethernet:
		w.mac("dst", h.Dst[:])
		w.mac("src", h.Src[:])
		if et := h.EtherType.Get(); et >= netpkt.EtherTypeMin {
			w.num("ethertype", uint64(et))
		} else {
			w.num("length", uint64(et))
		}
	case *netpkt.LinuxSLL:
		w.num("packet_type", uint64(h.PacketType.Get()))
		w.num("arphrd", uint64(h.ARPHRD.Get()))
		w.num("addr_len", uint64(h.AddrLen.Get()))
		w.hex("addr", h.Address())
		w.num("protocol", uint64(h.Protocol.Get()))
	case *netpkt.Dot1Q:
		w.num("pcp", uint64(h.PCP()))
		w.num("dei", uint64(h.DEI()))
		w.num("vid", uint64(h.VID()))
		w.num("ethertype", uint64(h.EtherType.Get()))
	case *netpkt.ARP:
		w.num("htype", uint64(h.HType.Get()))
		w.num("ptype", uint64(h.PType.Get()))
		w.num("hlen", uint64(h.HLen))
		w.num("plen", uint64(h.PLen))
		w.num("op", uint64(h.Op.Get()))
		a, hl, pl := l.Var, int(h.HLen), int(h.PLen)
		w.hex("sha", a[:hl])
		w.hex("spa", a[hl:hl+pl])
		w.hex("tha", a[hl+pl:2*hl+pl])
		w.hex("tpa", a[2*hl+pl:])
	case *netpkt.IPv4:
		w.num("version", uint64(h.Version()))
		w.num("ihl", uint64(h.IHL()))
		w.num("tos", uint64(h.TOS))
		w.num("total_length", uint64(h.TotalLength.Get()))
		w.num("id", uint64(h.ID.Get()))
		w.num("flags", uint64(h.Flags()))
		w.num("frag_offset", uint64(h.FragOffset()))
		w.num("ttl", uint64(h.TTL))
		w.num("protocol", uint64(h.Protocol))
		w.num("checksum", uint64(h.Checksum.Get()))
		w.addr("src", netip.AddrFrom4(h.Src))
		w.addr("dst", netip.AddrFrom4(h.Dst))
		if h.IHL() > 5 {
			w.options(l.Var)
		}
	case *netpkt.IPv6:
		w.num("version", uint64(h.Version()))
		w.num("traffic_class", uint64(h.TrafficClass()))
		w.num("flow_label", uint64(h.FlowLabel()))
		w.num("payload_length", uint64(h.PayloadLength.Get()))
		w.num("next_header", uint64(h.NextHeader))
		w.num("hop_limit", uint64(h.HopLimit))
		w.addr("src", netip.AddrFrom16(h.Src))
		w.addr("dst", netip.AddrFrom16(h.Dst))
	case *netpkt.IPv6Ext:
		w.num("next_header", uint64(h.NextHeader))
		w.num("hdr_ext_len", uint64(h.HdrExtLen))
	case *netpkt.IPv6Routing:
		w.num("next_header", uint64(h.NextHeader))
		w.num("hdr_ext_len", uint64(h.HdrExtLen))
		w.num("routing_type", uint64(h.RoutingType))
		w.num("segments_left", uint64(h.SegmentsLeft))
	case *netpkt.IPv6Fragment:
		w.num("next_header", uint64(h.NextHeader))
		w.num("frag_offset", uint64(h.Offset()))
		w.num("more", uint64(h.More()))
		w.num("id", uint64(h.ID.Get()))
	case *netpkt.TCP:
		w.num("src_port", uint64(h.SrcPort.Get()))
		w.num("dst_port", uint64(h.DstPort.Get()))
		w.num("seq", uint64(h.Seq.Get()))
		w.num("ack", uint64(h.Ack.Get()))
		w.num("data_offset", uint64(h.DataOffsetWords()))
		w.num("flags", uint64(h.Flags()))
		w.num("window", uint64(h.Window.Get()))
		w.num("checksum", uint64(h.Checksum.Get()))
		w.num("urgent", uint64(h.Urgent.Get()))
		if h.DataOffsetWords() > 5 {
			w.options(l.Var)
		}
	case *netpkt.UDP:
		w.num("src_port", uint64(h.SrcPort.Get()))
		w.num("dst_port", uint64(h.DstPort.Get()))
		w.num("length", uint64(h.Length.Get()))
		w.num("checksum", uint64(h.Checksum.Get()))
	case *netpkt.ICMPv4:
		w.num("type", uint64(h.Type))
		w.num("code", uint64(h.Code))
		w.num("checksum", uint64(h.Checksum.Get()))
	case *netpkt.ICMPv6:
		w.num("type", uint64(h.Type))
		w.num("code", uint64(h.Code))
		w.num("checksum", uint64(h.Checksum.Get()))
	}
	if innermost {
		w.num("payload_offset", uint64(p.PayloadOffset))
		w.num("payload_len", uint64(p.PayloadLen))
	}
	w.b = append(w.b, '}')
}

// options writes an IPv4 or TCP header's options list, and options_error
// if a malformed option ended it.
func (w *jsonWriter) options(opts []byte) {
	w.key("options")
	w.b = append(w.b, '[')
	o := netpkt.Options(opts)
	for k, body := range o.All() {
		if o.Index() > 0 {
			w.b = append(w.b, ',')
		}
		w.b = append(w.b, '{')
		w.num("kind", uint64(k.Kind))
		w.num("len", uint64(1+len(body)))
		w.b = append(w.b, '}')
	}
	w.b = append(w.b, ']')
	if err := o.Err(); err != nil {
		w.text("options_error", err.Error())
	}
}

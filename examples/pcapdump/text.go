package main

import (
	"fmt"
	"net/netip"
	"strconv"

	"github.com/go-overlay/overlay/examples/pcapdump/netpkt"
)

// textWriter prints one line per file and per packet, for people.
type textWriter struct {
	b      []byte
	digits int // of the timestamps' fractions: 6 or 9
}

func (w *textWriter) buf() *[]byte { return &w.b }

func (w *textWriter) printf(format string, args ...any) {
	w.b = fmt.Appendf(w.b, format, args...)
}

func (w *textWriter) file(f *FileInfo) {
	order, unit := "little-endian", "us"
	if f.Big {
		order = "big-endian"
	}
	w.digits = 6
	if f.Nanosecond {
		unit, w.digits = "ns", 9
	}
	w.printf("%s: pcap %d.%d, %s, %s timestamps, snaplen %d, linktype %d\n",
		f.Name, f.VersionMajor, f.VersionMinor, order, unit, f.SnapLen, f.LinkType)
}

func (w *textWriter) truncated(index int, err error) {
	w.printf("%d error pcap: %v\n", index, err)
}

var tcpFlags = "FSRPAUECN"

func (w *textWriter) record(r *RecordInfo, p *Packet) {
	w.printf("%d %d.%0*d %d/%d", r.Index, r.TsSec, w.digits, r.TsFrac, r.CapLen, r.OrigLen)
	for i := range p.Layers {
		l := &p.Layers[i]
		w.b = append(w.b, " | "...)
		w.b = append(w.b, l.Name...)
		switch h := l.Hdr.(type) {
		case *netpkt.Ethernet:
			w.printf(" %x > %x", h.Src, h.Dst)
			if et := h.EtherType.Get(); et >= netpkt.EtherTypeMin {
				w.printf(" type %#04x", et)
			} else {
				w.printf(" length %d", et)
			}
		case *netpkt.LinuxSLL:
			w.printf(" %x type %d proto %#04x", h.Address(), h.PacketType.Get(), h.Protocol.Get())
		case *netpkt.Dot1Q:
			w.printf(" vlan %d pcp %d type %#04x", h.VID(), h.PCP(), h.EtherType.Get())
		case *netpkt.ARP:
			w.printf(" op %d", h.Op.Get())
		case *netpkt.IPv4:
			w.printf(" %v > %v proto %d ttl %d len %d id %d", netip.AddrFrom4(h.Src), netip.AddrFrom4(h.Dst),
				h.Protocol, h.TTL, h.TotalLength.Get(), h.ID.Get())
			if h.IsFragment() {
				w.printf(" frag %d%s", h.FragmentOffset(), map[bool]string{true: "+", false: ""}[h.Flags()&1 != 0])
			}
		case *netpkt.IPv6:
			w.printf(" %v > %v next %d hlim %d len %d", netip.AddrFrom16(h.Src), netip.AddrFrom16(h.Dst),
				h.NextHeader, h.HopLimit, h.PayloadLength.Get())
		case *netpkt.IPv6Ext:
			w.printf(" next %d", h.NextHeader)
		case *netpkt.IPv6Routing:
			w.printf(" type %d left %d next %d", h.RoutingType, h.SegmentsLeft, h.NextHeader)
		case *netpkt.IPv6Fragment:
			w.printf(" offset %d more %d id %#x next %d", h.Offset(), h.More(), h.ID.Get(), h.NextHeader)
		case *netpkt.TCP:
			w.printf(" %d > %d [", h.SrcPort.Get(), h.DstPort.Get())
			for i := range len(tcpFlags) {
				if h.Flags()&(1<<i) != 0 {
					w.b = append(w.b, tcpFlags[i])
				}
			}
			w.printf("] seq %d ack %d win %d", h.Seq.Get(), h.Ack.Get(), h.Window.Get())
		case *netpkt.UDP:
			w.printf(" %d > %d len %d", h.SrcPort.Get(), h.DstPort.Get(), h.Length.Get())
		case *netpkt.ICMPv4:
			w.printf(" type %d code %d", h.Type, h.Code)
		case *netpkt.ICMPv6:
			w.printf(" type %d code %d", h.Type, h.Code)
		}
		if l.OptsBad {
			o := netpkt.Options(l.Var)
			for range o.All() {
			}
			w.printf(" (bad option: %v)", o.Err())
		}
	}
	if len(p.Layers) > 0 {
		w.b = append(w.b, " | payload "...)
		w.b = strconv.AppendInt(w.b, int64(p.PayloadLen), 10)
	}
	if p.Err != nil {
		w.printf(" | error %s: %v", p.ErrLayer, p.Err)
	}
	w.b = append(w.b, '\n')
}

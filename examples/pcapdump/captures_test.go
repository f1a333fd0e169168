package main

import (
	"bytes"
	"encoding/binary"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The captures in testdata are made by this file, from packets crafted
// here with encoding/binary (not with the overlays under test): go test
// -run TestCaptures -update rewrites them, and TestCaptures checks that
// the committed files are what it makes.
//
// testdata/loopback_*.pcap are real traffic, captured on this machine's
// loopback interface with tcpdump (TCP, UDP and ping over 127.0.0.1 and
// ::1, made by the test's author): loopback_eth_us.pcap with
// "tcpdump -i lo -s 96" (linktype 1, snap length 96, so long segments are
// cut), loopback_sll_ns.pcap with "tcpdump -i any -y LINUX_SLL
// --time-stamp-precision=nano -s 128" (linktype 113, nanoseconds).

var update = flag.Bool("update", false, "rewrite testdata/*.pcap")

var be = binary.BigEndian

// ip4 builds an IPv4 header with the given options (padded to a multiple
// of 4 with zeros) for a payload of n bytes; totalLen < 0 means the right
// one.
func ip4(proto byte, opts []byte, n, totalLen int) []byte {
	for len(opts)%4 != 0 {
		opts = append(opts, 0)
	}
	hl := 20 + len(opts)
	if totalLen < 0 {
		totalLen = hl + n
	}
	b := []byte{0x40 | byte(hl/4), 0x28}
	b = be.AppendUint16(b, uint16(totalLen))
	b = be.AppendUint16(b, 0x1c46)
	b = be.AppendUint16(b, 0x4000) // DF
	b = append(b, 64, proto, 0, 0, 192, 0, 2, 1, 198, 51, 100, 7)
	b = append(b, opts...)
	var sum uint32
	for i := 0; i < len(b); i += 2 {
		sum += uint32(be.Uint16(b[i:]))
	}
	for sum > 0xffff {
		sum = sum>>16 + sum&0xffff
	}
	be.PutUint16(b[10:], ^uint16(sum))
	return b
}

// ip6 builds an IPv6 header.
func ip6(next byte, payloadLen int) []byte {
	b := be.AppendUint32(nil, 6<<28|0xb8<<20|0x12345)
	b = be.AppendUint16(b, uint16(payloadLen))
	b = append(b, next, 64)
	b = append(b, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)
	return append(b, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x1c, 0x42, 0xff, 0xfe, 0, 0, 0x01)
}

// tcpSeg builds a TCP header with options (padded with zeros).
func tcpSeg(flags uint16, opts []byte) []byte {
	for len(opts)%4 != 0 {
		opts = append(opts, 0)
	}
	b := be.AppendUint16(nil, 49152)
	b = be.AppendUint16(b, 443)
	b = be.AppendUint32(b, 0xfedcba98)
	b = be.AppendUint32(b, 0x01234567)
	b = be.AppendUint16(b, uint16(5+len(opts)/4)<<12|flags)
	b = be.AppendUint16(b, 65535)
	b = be.AppendUint16(b, 0xbeef)
	b = be.AppendUint16(b, 7)
	return append(b, opts...)
}

func udpDgram(length int, data []byte) []byte {
	b := be.AppendUint16(nil, 40000)
	b = be.AppendUint16(b, 53)
	b = be.AppendUint16(b, uint16(length))
	b = be.AppendUint16(b, 0x1234)
	return append(b, data...)
}

func ext(next, hdrExtLen byte, rest ...byte) []byte {
	b := append([]byte{next, hdrExtLen}, rest...)
	for len(b) < (int(hdrExtLen)+1)*8 {
		b = append(b, 0)
	}
	return b
}

func eth(et uint16, payload ...[]byte) []byte {
	b := []byte{0x00, 0x1b, 0x21, 0x3c, 0x9d, 0xf8, 0x02, 0x00, 0x5e, 0x10, 0xab, 0xcd}
	b = be.AppendUint16(b, et)
	return append(b, bytes.Join(payload, nil)...)
}

func sll(proto uint16, addrLen int, payload ...[]byte) []byte {
	b := be.AppendUint16(nil, 4) // sent by us
	b = be.AppendUint16(b, 1)    // ARPHRD_ETHER
	b = be.AppendUint16(b, uint16(addrLen))
	b = append(b, 0x02, 0x42, 0xac, 0x11, 0x00, 0x02, 0xee, 0xff)
	b = be.AppendUint16(b, proto)
	return append(b, bytes.Join(payload, nil)...)
}

func vlan(tci, et uint16) []byte { return be.AppendUint16(be.AppendUint16(nil, tci), et) }

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

var (
	tcpOpts  = []byte{2, 4, 0x05, 0xb4, 1, 3, 3, 7, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0} // MSS, NOP, WS, SACKP, TS
	data     = []byte("GET / HTTP/1.0\r\n\r\n")
	icmpEcho = []byte{8, 0, 0xf7, 0xff, 0, 1, 0, 0, 'p', 'i', 'n', 'g'}
	arpReq   = []byte{0, 1, 8, 0, 6, 4, 0, 1, 2, 0, 0x5e, 0x10, 0xab, 0xcd, 192, 0, 2, 1, 0, 0, 0, 0, 0, 0, 192, 0, 2, 2}
	llc      = []byte{0x42, 0x42, 0x03, 0, 0, 0, 0, 0}
)

// packet is a crafted packet: its captured bytes, and its length on the
// wire if it was cut (0: as captured).
type packet struct {
	data    []byte
	origLen int
}

// networkPackets are the packets above the link layer, each a (payload,
// EtherType) pair that both link layers carry.
func networkPackets() (out []struct {
	et  uint16
	pkt []byte
}) {
	add := func(et uint16, parts ...[]byte) {
		out = append(out, struct {
			et  uint16
			pkt []byte
		}{et, cat(parts...)})
	}
	tcp := tcpSeg(0x018, tcpOpts) // PSH ACK
	add(0x0800, ip4(6, nil, len(tcp)+len(data), -1), tcp, data)
	add(0x0800, ip4(17, []byte{7, 7, 4, 0, 0, 0, 0, 1, 0}, 8+5, -1), udpDgram(13, []byte("hello"))) // RR, NOP, EOL
	add(0x0800, ip4(1, nil, len(icmpEcho), -1), icmpEcho)                                           // ping
	add(0x0806, arpReq)                                                                             // ARP
	add(0x8100, vlan(0xa00a, 0x0800), ip4(17, nil, 8+4, -1), udpDgram(12, []byte("vlan")))          // 802.1Q
	add(0x88a8, vlan(0x0064, 0x8100), vlan(0x3065, 0x86dd), ip6(6, 20), tcpSeg(0x002, nil))         // QinQ
	add(0x86dd, ip6(58, 8), []byte{128, 0, 0x12, 0x34, 0, 1, 0, 2})                                 // ICMPv6 echo
	add(0x86dd, ip6(0, 8+8+24+8+20), ext(60, 0, 5, 2, 0, 0), ext(43, 0, 1, 4, 0, 0, 0, 0),          // HBH (router alert), dest (PadN)
		ext(6, 2, 0, 1, 0, 0, 0, 0, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2), // routing type 0
		tcpSeg(0x011, nil)) // FIN ACK
	add(0x86dd, ip6(43, 24+8), ext(17, 2, 4, 1), udpDgram(8, nil))                            // routing type 4 (SRH)
	add(0x86dd, ip6(44, 8+16), []byte{17, 0, 0, 1, 0xde, 0xad, 0xbe, 0xef}, make([]byte, 16)) // first fragment (M)
	add(0x86dd, ip6(44, 8+16), []byte{17, 0, 0, 0x18, 0, 0, 0, 1}, make([]byte, 16))          // last fragment, offset 3
	add(0x86dd, ip6(44, 8+12), []byte{17, 0, 0, 0, 0, 0, 0, 2}, udpDgram(12, []byte("atom"))) // atomic fragment
	frag := ip4(17, nil, 16, -1)
	frag[6] |= 0x20 // MF
	add(0x0800, frag, make([]byte, 16))
	frag = ip4(17, nil, 16, -1)
	frag[7] = 0x10 // offset 16 (128 bytes)
	add(0x0800, frag, make([]byte, 16))
	inner := cat(ip4(17, nil, 8, -1), udpDgram(8, nil))
	add(0x0800, ip4(4, nil, len(inner), -1), inner)                                                           // IP in IP
	add(0x0800, ip4(41, nil, 40, -1), ip6(59, 0))                                                             // IPv6 in IPv4
	add(0x86dd, ip6(41, 40), ip6(59, 0))                                                                      // IPv6 in IPv6
	add(0x86dd, ip6(4, len(inner)), inner)                                                                    // IPv4 in IPv6
	add(0x0800, ip4(6, nil, 0, 0), tcpSeg(0x010, nil), data)                                                  // total_length 0 (TSO)
	add(0x86dd, ip6(6, 0), tcpSeg(0x010, nil), data)                                                          // payload_length 0, no jumbo
	add(0x86dd, ip6(0, 0), ext(17, 0, 0xc2, 4, 0, 1, 0, 0), udpDgram(0, []byte("jumbo")))                     // jumbogram beyond the capture, UDP length 0
	add(0x86dd, ip6(0, 0), ext(17, 0, 0xc2, 4, 0, 0, 0, 8+8+5), udpDgram(0, []byte("jumbo")), []byte("junk")) // jumbo length below 65536, bounding the payload
	add(0x0800, ip4(17, nil, 8+4, -1), udpDgram(0, []byte("zero")))                                           // UDP length 0 over IPv4
	add(0x0800, ip4(17, nil, 8+100, -1), udpDgram(108, []byte("short")))                                      // lengths beyond the capture
	add(0x0800, ip4(58, nil, 4, -1), []byte{128, 0, 0, 0})                                                    // ICMPv6 number in IPv4: not decoded
	add(0x0800, ip4(47, nil, 4, -1), []byte{0, 0, 0x08, 0})                                                   // GRE: unknown
	add(0x88cc, []byte{0x02, 0x07, 0x04, 0, 0x1b, 0x21, 0x3c, 0x9d, 0xf8})                                    // LLDP: unknown
	add(0x86dd, ip6(59, 0))                                                                                   // no next header
	// Malformed options: the layer is decoded, its options end before the bad one.
	add(0x0800, ip4(17, []byte{1, 7, 1, 0}, 8, -1), udpDgram(8, nil))                       // RR length 1
	add(0x0800, ip4(17, []byte{1, 7, 40, 0}, 8, -1), udpDgram(8, nil))                      // RR past the header
	add(0x0800, ip4(17, []byte{1, 1, 1, 0x94}, 8, -1), udpDgram(8, nil))                    // kind 148 without length byte
	add(0x0800, ip4(17, []byte{0x94, 2, 1, 1}, 8, -1), udpDgram(8, nil))                    // length 2: valid
	add(0x0800, cat(ip4(6, nil, 28, -1), tcpSeg(0x002, []byte{2, 4, 5, 0xb4, 8, 0, 0, 0}))) // TS length 0
	add(0x0800, cat(ip4(6, nil, 28, -1), tcpSeg(0x002, []byte{1, 1, 1, 30})))               // kind 30 without length
	add(0x0800, cat(ip4(6, nil, 28, -1), tcpSeg(0x002, []byte{1, 5, 10, 0})))               // SACK past the header
	add(0x0800, cat(ip4(6, nil, 28, -1), tcpSeg(0x1c2, []byte{0, 2, 4, 5})))                // EOL then junk; NS CWR ECE SYN
	// Malformed headers: errors of their layer.
	add(0x0800, []byte{0x45, 0, 0, 20, 0, 0}) // cut in the fixed part
	bad := ip4(17, nil, 8, -1)
	bad[0] = 0x44 // IHL 4
	add(0x0800, bad, udpDgram(8, nil))
	bad = ip4(17, nil, 8, -1)
	bad[0] = 0x4f // IHL 15: 60 bytes, 28 captured
	add(0x0800, bad, udpDgram(8, nil))
	bad = ip4(17, nil, 8, -1)
	bad[0] = 0x65 // version 6
	add(0x0800, bad, udpDgram(8, nil))
	add(0x0800, ip4(17, nil, 8, 12), udpDgram(8, nil))        // total_length below IHL*4
	add(0x0800, ip4(6, nil, 10, -1), tcpSeg(0x002, nil)[:10]) // TCP cut short
	tcpBad := tcpSeg(0x002, nil)
	tcpBad[12] = 0x30 // data offset 3
	add(0x0800, ip4(6, nil, 20, -1), tcpBad)
	tcpBad = tcpSeg(0x002, nil)
	tcpBad[12] = 0xf0 // data offset 15, 20 bytes captured
	add(0x0800, ip4(6, nil, 20, -1), tcpBad)
	add(0x0800, ip4(17, nil, 8, -1), udpDgram(5, nil))     // UDP length 5
	add(0x0800, ip4(17, nil, 4, -1), udpDgram(8, nil)[:4]) // UDP cut short
	add(0x0800, ip4(1, nil, 4, -1), icmpEcho[:4])          // ICMPv4 cut short
	add(0x86dd, ip6(58, 2), []byte{1, 0})                  // ICMPv6 cut short
	v4in6 := ip6(6, 0)
	v4in6[0] = 0x45
	add(0x86dd, v4in6)                                     // version 4 in an IPv6 header
	add(0x86dd, ip6(6, 0)[:30])                            // IPv6 cut short
	add(0x86dd, ip6(0, 16), ext(6, 3, 1, 0))               // hop-by-hop: 32 bytes, 8 captured
	add(0x86dd, ip6(60, 1), []byte{6})                     // destination cut in the fixed part
	add(0x86dd, ip6(43, 4), []byte{6, 0, 0, 0})            // routing: 8 bytes, 4 captured
	add(0x86dd, ip6(44, 4), []byte{6, 0, 0, 0})            // fragment cut short
	add(0x0806, []byte{0, 1, 8, 0, 255, 4, 0, 1, 1, 2, 3}) // ARP hlen 255
	add(0x0806, arpReq[:6])                                // ARP cut short
	add(0x8100, []byte{0, 1})                              // VLAN tag cut short
	return out
}

// ethPackets are the Ethernet frames, linktype 1.
func ethPackets() []packet {
	var out []packet
	for _, n := range networkPackets() {
		out = append(out, packet{data: eth(n.et, n.pkt)})
	}
	short := eth(0x0800, ip4(17, nil, 8+1, -1), udpDgram(9, []byte("x")))
	out = append(out,
		packet{data: append(short, make([]byte, 60-len(short))...)},  // padded to 60 bytes
		packet{data: eth(uint16(len(llc)), llc, []byte{0, 0, 0, 0})}, // 802.3, padded
		packet{data: eth(100, llc)},                                  // 802.3 length beyond the capture
		packet{data: eth(0x0800)[:10]},                               // cut in the Ethernet header
		packet{data: eth(0x0800)},                                    // nothing after the header
	)
	// Snap length: an IPv4/TCP frame cut at 54+8 bytes of 54+20+len(data).
	full := eth(0x0800, ip4(6, nil, 20+len(data), -1), tcpSeg(0x018, nil), data)
	out = append(out, packet{data: full[:34+8], origLen: len(full)})
	full = eth(0x86dd, ip6(17, 8+len(data)), udpDgram(8+len(data), data))
	out = append(out, packet{data: full[:14+40+8+4], origLen: len(full)})
	return out
}

func sllPackets() []packet {
	var out []packet
	for _, n := range networkPackets()[:12] {
		out = append(out, packet{data: sll(n.et, 6, n.pkt)})
	}
	out = append(out,
		packet{data: sll(0x0800, 8, ip4(1, nil, len(icmpEcho), -1), icmpEcho)},
		packet{data: sll(0x86dd, 0, ip6(59, 0))},
		packet{data: sll(0x0800, 20, ip4(1, nil, len(icmpEcho), -1), icmpEcho)}, // addr_len beyond the field
		packet{data: sll(0x0800, 65535)[:16]},                                   // ... and beyond the capture
		packet{data: sll(0x0004, 6, llc)},                                       // 802.2 LLC: unknown
		packet{data: sll(0x0800, 6)[:12]},                                       // cut short
	)
	return out
}

// pcapFile writes a pcap file in order bo, in nanoseconds if nano.
func pcapFile(bo binary.AppendByteOrder, nano bool, snaplen, linkType uint32, pkts []packet) []byte {
	magic := uint32(0xa1b2c3d4)
	if nano {
		magic = 0xa1b23c4d
	}
	b := bo.AppendUint32(nil, magic)
	b = bo.AppendUint16(b, 2)
	b = bo.AppendUint16(b, 4)
	b = bo.AppendUint32(b, 0)
	b = bo.AppendUint32(b, 0)
	b = bo.AppendUint32(b, snaplen)
	b = bo.AppendUint32(b, linkType)
	for i, p := range pkts {
		frac := uint32(i) * 1234
		if nano {
			frac = uint32(i)*123456789%1000000000 + 7
		}
		orig := p.origLen
		if orig == 0 {
			orig = len(p.data)
		}
		b = bo.AppendUint32(b, 1700000000+uint32(i))
		b = bo.AppendUint32(b, frac)
		b = bo.AppendUint32(b, uint32(len(p.data)))
		b = bo.AppendUint32(b, uint32(orig))
		b = append(b, p.data...)
	}
	return b
}

// captures returns the test captures by file name.
func captures() map[string][]byte {
	le, bg := binary.LittleEndian, binary.BigEndian
	ethp, sllp := ethPackets(), sllPackets()
	raw := []packet{{data: cat(ip4(17, nil, 8, -1), udpDgram(8, nil))}}
	over := []packet{{data: eth(0x0800, ip4(17, nil, 8+80, -1), udpDgram(88, make([]byte, 80)))}} // 122 bytes, snaplen 64
	cut := pcapFile(le, false, 65535, 1, ethp[:3])
	return map[string][]byte{
		"eth_le_us.pcap":    pcapFile(le, false, 262144, 1, ethp),
		"eth_be_ns.pcap":    pcapFile(bg, true, 65535, 1, ethp),
		"sll_le_ns.pcap":    pcapFile(le, true, 262144, 113, sllp),
		"sll_be_us.pcap":    pcapFile(bg, false, 262144, 113, sllp),
		"fcs_bits.pcap":     pcapFile(bg, false, 65535, 0x1000_0001, ethp[:2]), // FCS present flag, linktype 1
		"raw_ip.pcap":       pcapFile(le, false, 65535, 101, raw),              // linktype RAW: not decoded
		"over_snaplen.pcap": pcapFile(le, false, 64, 1, over),                  // caplen > snaplen
		"cut_body.pcap":     cut[:len(cut)-5],
		"cut_header.pcap":   cut[:len(cut)-len(ethp[2].data)-9],
		"header_only.pcap":  pcapFile(bg, true, 65535, 113, nil),
	}
}

func TestCaptures(t *testing.T) {
	for name, want := range captures() {
		path := filepath.Join("testdata", name)
		if *update {
			require.NoError(t, os.WriteFile(path, want, 0o644))
			continue
		}
		got, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, want, got, "%s differs from what captures_test.go makes: go test -run TestCaptures -update", name)
	}
}

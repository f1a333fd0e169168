package netpkt_test

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
	"github.com/go-overlay/overlay/examples/pcapdump/netpkt"
)

// refChecksum is a straightforward RFC 1071 checksum, written from section
// 4.1 of the RFC independently of package netpkt: add 16-bit big-endian
// words, pad an odd byte with zero, fold the carries, complement.
func refChecksum(data []byte) uint16 {
	var sum uint32
	for i := 0; i+1 < len(data); i += 2 {
		sum += uint32(data[i])<<8 | uint32(data[i+1])
	}
	if len(data)%2 == 1 {
		sum += uint32(data[len(data)-1]) << 8
	}
	for sum>>16 != 0 {
		sum = sum&0xffff + sum>>16
	}
	return ^uint16(sum)
}

// refPseudo4 builds the IPv4 pseudo-header bytes (RFC 793 section 3.1).
func refPseudo4(src, dst []byte, proto uint8, length int) []byte {
	b := append(append([]byte{}, src...), dst...)
	return binary.BigEndian.AppendUint16(append(b, 0, proto), uint16(length))
}

// refPseudo6 builds the IPv6 pseudo-header bytes (RFC 8200 section 8.1).
func refPseudo6(src, dst []byte, next uint8, length int) []byte {
	b := append(append([]byte{}, src...), dst...)
	b = binary.BigEndian.AppendUint32(b, uint32(length))
	return append(b, 0, 0, 0, next)
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	require.NoError(t, err)
	return b
}

func TestSizes(t *testing.T) {
	assert.Equal(t, 14, int(unsafe.Sizeof(netpkt.Ethernet{})))
	assert.Equal(t, 20, int(unsafe.Sizeof(netpkt.IPv4{})))
	assert.Equal(t, 40, int(unsafe.Sizeof(netpkt.IPv6{})))
	assert.Equal(t, 8, int(unsafe.Sizeof(netpkt.UDP{})))
	assert.Equal(t, 20, int(unsafe.Sizeof(netpkt.TCP{})))
	assert.Equal(t, 24, int(unsafe.Sizeof(netpkt.PcapFileHeader[endian.Little]{})))
	assert.Equal(t, 16, int(unsafe.Sizeof(netpkt.PcapRecordHeader[endian.Big]{})))
	for _, err := range []error{
		cast.Check[netpkt.Ethernet](), cast.Check[netpkt.IPv4](), cast.Check[netpkt.IPv6](),
		cast.Check[netpkt.UDP](), cast.Check[netpkt.TCP](),
		cast.Check[netpkt.PcapFileHeader[endian.Little]](), cast.Check[netpkt.PcapRecordHeader[endian.Big]](),
	} {
		assert.NoError(t, err)
	}
}

// TestRFC1071Example is the numerical example of RFC 1071 section 3: the
// one's-complement sum of 00 01 f2 03 f4 f5 f6 f7 is dd f2.
func TestRFC1071Example(t *testing.T) {
	b := unhex(t, "0001 f203 f4f5 f6f7")
	assert.Equal(t, uint16(0xddf2), netpkt.Fold(netpkt.Sum(0, b)))
	assert.Equal(t, uint16(0x220d), netpkt.Checksum(b))
	assert.Equal(t, refChecksum(b), netpkt.Checksum(b))
	// The sum is independent of how the data is split into even pieces.
	assert.Equal(t, uint16(0xddf2), netpkt.Fold(netpkt.Sum(netpkt.Sum(0, b[:2]), b[2:])))
}

// Real packets, with the checksums their senders computed.
var (
	// The classic IPv4 header example (Wikipedia, "Internet checksum" /
	// "IPv4 header checksum"): checksum b861.
	ipv4Example = "4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7"

	// A DNS response (xkcd.com MX) captured with tcpdump, as published in
	// gopacket's layers/udp_test.go: Ethernet, IPv4 (checksum a6f9), UDP
	// (checksum 754a).
	dnsFrame = `24be 0527 0b17 001f cab3 75c0 0800 4500 00e6 68cf 0000 3f11 a6f9 ac10 ff01 ac1d
		140f 0035 896d 00d2 754a b8d8 8180 0001 0007 0000 0000 0478 6b63 6403 636f 6d00
		000f 0001 c00c 000f 0001 0000 0258 0018 0014 0441 4c54 3205 4153 504d 5801 4c06
		474f 4f47 4c45 c011 c00c 000f 0001 0000 0258 0016 001e 0641 5350 4d58 320a 474f
		4f47 4c45 4d41 494c c011 c00c 000f 0001 0000 0258 000b 001e 0641 5350 4d58 33c0
		53c0 0c00 0f00 0100 0002 5800 0b00 1e06 4153 504d 5834 c053 c00c 000f 0001 0000
		0258 000b 001e 0641 5350 4d58 35c0 53c0 0c00 0f00 0100 0002 5800 0400 0ac0 2dc0
		0c00 0f00 0100 0002 5800 0900 1404 414c 5431 c02d`

	// A TLS application-data record over TCP/IPv4 in an Ethernet frame,
	// a capture published as test data in a Go project that uses gopacket:
	// IPv4 checksum 66f4, TCP checksum 239d.
	tlsFrame = `b03c dc87 c85a b019 21af 4410 0800 4500 0041 29da 4000 3606 66f4 6812 8a43 c0a8
		00eb 01bb 512d 0a34 8e3e 2ab3 e697 5018 000b 239d 0000 1703 0300 143f ee7e e65c
		1fdb 813a 0775 aecb 7666 b6e3 a4bd af`

	// An IPv4 header built by the Linux kernel (ip_send_check) for a UDP
	// datagram to 127.0.0.1, read from a raw socket on the machine where
	// this test was written: checksum 60c7.
	kernelIPv4 = "4500 0029 dbfa 4000 4011 60c7 7f00 0001 7f00 0001"

	// UDP and TCP over IPv6 from ::1 to ::1, checksummed by the Linux
	// kernel (raw IPv6 sockets with IPV6_CHECKSUM), read back from a raw
	// socket: UDP checksum 1d2f, TCP checksum cd00.
	kernelUDP6 = `9c40 270f 0034 1d2f 6f76 6572 6c61 7920 6f76 6572 2049 5076 362c 2063 6865 636b
		7375 6d6d 6564 2062 7920 7468 6520 6b65 726e 656c`
	kernelTCP6 = "9c41 0050 0102 0304 a0b0 c0d0 5018 0200 cd00 0000 4745 5420 2f20 4854 5450 2f31 2e30 0d0a 0d0a"
)

var loopback6 = [16]byte{15: 1}

func TestRealIPv4Headers(t *testing.T) {
	for _, s := range []string{ipv4Example, kernelIPv4} {
		b := unhex(t, s)
		h, opts, _, err := netpkt.ParseIPv4(append(b, make([]byte, 0x73)...))
		require.NoError(t, err)
		assert.True(t, h.ChecksumOK(opts))
		assert.Equal(t, h.Checksum.Get(), h.ComputeChecksum(opts))
		assert.Equal(t, uint16(0), refChecksum(b))
	}
}

func TestRealFrames(t *testing.T) {
	// UDP over IPv4.
	frame := unhex(t, dnsFrame)
	eth, rest, err := cast.Prefix[netpkt.Ethernet](frame)
	require.NoError(t, err)
	assert.Equal(t, uint16(netpkt.EtherTypeIPv4), eth.EtherType.Get())
	ip, opts, payload, err := netpkt.ParseIPv4(rest)
	require.NoError(t, err)
	assert.Equal(t, uint16(0xa6f9), ip.Checksum.Get())
	assert.Equal(t, ip.Checksum.Get(), ip.ComputeChecksum(opts))
	assert.Equal(t, []byte{172, 16, 255, 1}, ip.Src[:])
	udp, dns, err := cast.Prefix[netpkt.UDP](payload)
	require.NoError(t, err)
	assert.Equal(t, []uint16{53, 35181, 210, 0x754a}, []uint16{udp.SrcPort.Get(), udp.DstPort.Get(), udp.Length.Get(), udp.Checksum.Get()})
	assert.Equal(t, udp.Checksum.Get(), netpkt.UDPChecksum(ip.PseudoHeaderSum(netpkt.ProtoUDP, len(payload)), payload))
	assert.Equal(t, uint16(0), refChecksum(append(refPseudo4(ip.Src[:], ip.Dst[:], netpkt.ProtoUDP, len(payload)), payload...)))
	assert.Equal(t, "xkcd", string(dns[13:17]))

	// TCP over IPv4.
	frame = unhex(t, tlsFrame)
	_, rest, err = cast.Prefix[netpkt.Ethernet](frame)
	require.NoError(t, err)
	ip, opts, payload, err = netpkt.ParseIPv4(rest)
	require.NoError(t, err)
	assert.Equal(t, uint16(0x66f4), ip.Checksum.Get())
	assert.Equal(t, ip.Checksum.Get(), ip.ComputeChecksum(opts))
	tcp, _, err := cast.Prefix[netpkt.TCP](payload)
	require.NoError(t, err)
	assert.Equal(t, uint16(443), tcp.SrcPort.Get())
	assert.Equal(t, 20, tcp.DataOffset())
	assert.Equal(t, uint16(netpkt.TCPPsh|netpkt.TCPAck), tcp.Flags())
	assert.Equal(t, uint16(0x239d), tcp.Checksum.Get())
	assert.Equal(t, tcp.Checksum.Get(), netpkt.TCPChecksum(ip.PseudoHeaderSum(netpkt.ProtoTCP, len(payload)), payload))
	assert.Equal(t, uint16(0), refChecksum(append(refPseudo4(ip.Src[:], ip.Dst[:], netpkt.ProtoTCP, len(payload)), payload...)))

	// UDP and TCP over IPv6, from the kernel.
	var ip6 netpkt.IPv6
	require.NoError(t, ip6.SetVersion(6))
	ip6.Src, ip6.Dst = loopback6, loopback6
	seg := unhex(t, kernelUDP6)
	assert.Equal(t, uint16(0x1d2f), netpkt.UDPChecksum(ip6.PseudoHeaderSum(netpkt.ProtoUDP, len(seg)), seg))
	assert.Equal(t, uint16(0), refChecksum(append(refPseudo6(ip6.Src[:], ip6.Dst[:], netpkt.ProtoUDP, len(seg)), seg...)))
	seg = unhex(t, kernelTCP6)
	assert.Equal(t, uint16(0xcd00), netpkt.TCPChecksum(ip6.PseudoHeaderSum(netpkt.ProtoTCP, len(seg)), seg))
	assert.Equal(t, uint16(0), refChecksum(append(refPseudo6(ip6.Src[:], ip6.Dst[:], netpkt.ProtoTCP, len(seg)), seg...)))
}

// TestChecksumsAgainstReference compares every checksum function with the
// reference on random headers and segments of every length up to 300
// bytes, odd ones included, and checks that a stored checksum verifies.
func TestChecksumsAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		return b
	}
	for n := range 300 {
		b := random(n)
		assert.Equal(t, refChecksum(b), netpkt.Checksum(b), "length %d", n)
		// All-ones data: the sum that needs end-around carries most.
		ones := bytes.Repeat([]byte{0xff}, n)
		assert.Equal(t, refChecksum(ones), netpkt.Checksum(ones), "length %d", n)

		// IPv4 header with options.
		optLen := 4 * (n % 11)
		hdr := random(20 + optLen)
		ip, err := cast.To[netpkt.IPv4](hdr[:20])
		require.NoError(t, err)
		require.NoError(t, ip.SetVersion(4))
		require.NoError(t, ip.SetIHL(uint8(5+optLen/4)))
		ip.Checksum.Set(0)
		want := refChecksum(hdr)
		assert.Equal(t, want, ip.ComputeChecksum(hdr[20:]))
		ip.Checksum.Set(want)
		assert.True(t, ip.ChecksumOK(hdr[20:]))
		assert.Equal(t, uint16(0), refChecksum(hdr))

		// TCP and UDP over IPv4 and IPv6.
		seg := random(n + 20)
		var ip6 netpkt.IPv6
		copy(ip6.Src[:], random(16))
		copy(ip6.Dst[:], random(16))
		for _, c := range []struct {
			proto  uint8
			off    int
			pseudo []byte
			sum    uint64
		}{
			{netpkt.ProtoTCP, 16, refPseudo4(ip.Src[:], ip.Dst[:], netpkt.ProtoTCP, len(seg)), ip.PseudoHeaderSum(netpkt.ProtoTCP, len(seg))},
			{netpkt.ProtoUDP, 6, refPseudo4(ip.Src[:], ip.Dst[:], netpkt.ProtoUDP, len(seg)), ip.PseudoHeaderSum(netpkt.ProtoUDP, len(seg))},
			{netpkt.ProtoTCP, 16, refPseudo6(ip6.Src[:], ip6.Dst[:], netpkt.ProtoTCP, len(seg)), ip6.PseudoHeaderSum(netpkt.ProtoTCP, len(seg))},
			{netpkt.ProtoUDP, 6, refPseudo6(ip6.Src[:], ip6.Dst[:], netpkt.ProtoUDP, len(seg)), ip6.PseudoHeaderSum(netpkt.ProtoUDP, len(seg))},
		} {
			s := bytes.Clone(seg)
			s[c.off], s[c.off+1] = 0, 0
			want := refChecksum(append(bytes.Clone(c.pseudo), s...))
			var got uint16
			if c.proto == netpkt.ProtoTCP {
				got = netpkt.TCPChecksum(c.sum, seg)
			} else {
				got = netpkt.UDPChecksum(c.sum, seg)
				if want == 0 {
					want = 0xffff
				}
			}
			assert.Equal(t, want, got, "length %d proto %d", len(seg), c.proto)
			binary.BigEndian.PutUint16(s[c.off:], got)
			assert.Equal(t, uint16(0), refChecksum(append(bytes.Clone(c.pseudo), s...)))
		}
	}
}

// buildUDP4 builds an Ethernet/IPv4/UDP frame through the overlays, with
// IPv4 options, and fills in both checksums.
func buildUDP4(t testing.TB, payload []byte) []byte {
	opts := []byte{0x94, 0x04, 0x00, 0x00} // Router Alert
	frame := make([]byte, 14+24+8+len(payload))
	eth, rest, err := cast.Prefix[netpkt.Ethernet](frame)
	require.NoError(t, err)
	eth.Dst = [6]byte{0x02, 0, 0, 0, 0, 0x02}
	eth.Src = [6]byte{0x02, 0, 0, 0, 0, 0x01}
	eth.EtherType.Set(netpkt.EtherTypeIPv4)
	ip, rest, err := cast.Prefix[netpkt.IPv4](rest)
	require.NoError(t, err)
	require.NoError(t, ip.SetVersion(4))
	require.NoError(t, ip.SetIHL(6))
	ip.TotalLength.Set(uint16(24 + 8 + len(payload)))
	ip.ID.Set(0x1234)
	ip.FlagsFragment.Set(0x4000) // DF
	ip.TTL = 64
	ip.Protocol = netpkt.ProtoUDP
	ip.Src = [4]byte{192, 0, 2, 1}
	ip.Dst = [4]byte{198, 51, 100, 7}
	copy(rest, opts)
	ip.Checksum.Set(ip.ComputeChecksum(rest[:4]))
	dgram := rest[4:]
	udp, data, err := cast.Prefix[netpkt.UDP](dgram)
	require.NoError(t, err)
	udp.SrcPort.Set(40000)
	udp.DstPort.Set(9) // discard
	udp.Length.Set(uint16(len(dgram)))
	copy(data, payload)
	udp.Checksum.Set(netpkt.UDPChecksum(ip.PseudoHeaderSum(netpkt.ProtoUDP, len(dgram)), dgram))
	return frame
}

// buildTCP6 builds an Ethernet/IPv6/TCP frame with TCP options.
func buildTCP6(t testing.TB, payload []byte) []byte {
	opts := []byte{0x02, 0x04, 0x05, 0xb4, 0x01, 0x01, 0x04, 0x02} // MSS 1460, NOP, NOP, SACK permitted
	frame := make([]byte, 14+40+28+len(payload))
	eth, rest, err := cast.Prefix[netpkt.Ethernet](frame)
	require.NoError(t, err)
	eth.EtherType.Set(netpkt.EtherTypeIPv6)
	ip, seg, err := cast.Prefix[netpkt.IPv6](rest)
	require.NoError(t, err)
	require.NoError(t, ip.SetVersion(6))
	require.NoError(t, ip.SetTrafficClass(0x28))
	require.NoError(t, ip.SetFlowLabel(0xbeef5))
	ip.PayloadLength.Set(uint16(len(seg)))
	ip.NextHeader = netpkt.ProtoTCP
	ip.HopLimit = 255
	ip.Src = [16]byte{0x20, 0x01, 0x0d, 0xb8, 15: 1}
	ip.Dst = [16]byte{0x20, 0x01, 0x0d, 0xb8, 14: 0xab, 15: 0xcd}
	tcp, rest, err := cast.Prefix[netpkt.TCP](seg)
	require.NoError(t, err)
	tcp.SrcPort.Set(49152)
	tcp.DstPort.Set(443)
	tcp.Seq.Set(0xfedcba98)
	tcp.Ack.Set(0x01234567)
	require.NoError(t, tcp.SetDataOffsetWords(7))
	require.NoError(t, tcp.SetFlags(netpkt.TCPSyn|netpkt.TCPAck|netpkt.TCPEce))
	tcp.Window.Set(65535)
	copy(rest, opts)
	copy(rest[8:], payload)
	tcp.Checksum.Set(netpkt.TCPChecksum(ip.PseudoHeaderSum(netpkt.ProtoTCP, len(seg)), seg))
	return frame
}

// TestRoundTrip sets every field through the overlays, checks the wire
// bytes against an encoding with encoding/binary, and reads them back.
func TestRoundTrip(t *testing.T) {
	frame := buildUDP4(t, []byte("hello"))
	want := []byte{0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00}
	want = append(want, 0x46, 0)
	want = binary.BigEndian.AppendUint16(want, 24+8+5)
	want = binary.BigEndian.AppendUint16(want, 0x1234)
	want = binary.BigEndian.AppendUint16(want, 0x4000)
	want = append(want, 64, 17)
	want = binary.BigEndian.AppendUint16(want, binary.BigEndian.Uint16(frame[24:])) // checksum, checked below
	want = append(want, 192, 0, 2, 1, 198, 51, 100, 7, 0x94, 0x04, 0, 0)
	want = binary.BigEndian.AppendUint16(want, 40000)
	want = binary.BigEndian.AppendUint16(want, 9)
	want = binary.BigEndian.AppendUint16(want, 13)
	want = binary.BigEndian.AppendUint16(want, binary.BigEndian.Uint16(frame[44:]))
	want = append(want, "hello"...)
	assert.Equal(t, want, frame)
	assert.Equal(t, uint16(0), refChecksum(frame[14:38]))
	assert.Equal(t, uint16(0), refChecksum(append(refPseudo4(frame[26:30], frame[30:34], 17, 13), frame[38:]...)))

	_, rest, err := cast.Prefix[netpkt.Ethernet](frame)
	require.NoError(t, err)
	ip, opts, payload, err := netpkt.ParseIPv4(rest)
	require.NoError(t, err)
	assert.Len(t, payload, 13)
	assert.Equal(t, []any{uint8(4), 24, uint8(2), 0, uint8(64)}, []any{ip.Version(), ip.HeaderLen(), ip.Flags(), ip.FragmentOffset(), ip.TTL})
	assert.True(t, ip.ChecksumOK(opts))
	assert.Equal(t, frame[14:34], cast.Bytes(ip))

	frame = buildTCP6(t, []byte("data"))
	_, rest, err = cast.Prefix[netpkt.Ethernet](frame)
	require.NoError(t, err)
	ip6, seg, err := netpkt.ParseIPv6(rest)
	require.NoError(t, err)
	assert.Equal(t, []any{uint8(6), uint8(0x28), uint32(0xbeef5), 32, uint8(6), uint8(255)},
		[]any{ip6.Version(), ip6.TrafficClass(), ip6.FlowLabel(), int(ip6.PayloadLength.Get()), ip6.NextHeader, ip6.HopLimit})
	assert.Equal(t, unhex(t, "6 28 beef5"), frame[14:18])
	tcp, _, err := cast.Prefix[netpkt.TCP](seg)
	require.NoError(t, err)
	assert.Equal(t, []any{uint16(49152), uint16(443), uint32(0xfedcba98), uint32(0x01234567), 28, uint16(0x52), uint16(65535)},
		[]any{tcp.SrcPort.Get(), tcp.DstPort.Get(), tcp.Seq.Get(), tcp.Ack.Get(), tcp.DataOffset(), tcp.Flags(), tcp.Window.Get()})
	assert.Equal(t, unhex(t, "c000 01bb fedcba98 01234567 7052 ffff"), cast.Bytes(tcp)[:16])
	assert.Equal(t, uint16(0), refChecksum(append(refPseudo6(ip6.Src[:], ip6.Dst[:], 6, len(seg)), seg...)))

	// Truncated and malformed packets are errors, not panics.
	for n := range 60 {
		_, _, _, _ = netpkt.ParseIPv4(frame[14:][:min(n, len(frame)-14)])
		_, _, _ = netpkt.ParseIPv6(frame[14:][:min(n, len(frame)-14)])
	}
	_, _, _, err = netpkt.ParseIPv4(make([]byte, 20))
	require.Error(t, err)
	_, _, err = netpkt.ParseIPv6(make([]byte, 40))
	require.Error(t, err)
}

// writePcap writes the frames as a pcap file in byte order O.
func writePcap[O endian.Order](frames [][]byte) []byte {
	b := netpkt.AppendPcapHeader[O](nil, 65535, netpkt.LinkTypeEthernet)
	for i, f := range frames {
		b = netpkt.AppendPcapRecord[O](b, 1700000000+uint32(i), 250000*uint32(i), f)
	}
	return b
}

func readPcap[O endian.Order](t *testing.T, b []byte, frames [][]byte) {
	p, err := netpkt.ParsePcap[O](b)
	require.NoError(t, err)
	assert.Equal(t, []any{uint16(2), uint16(4), uint32(65535), uint32(1)},
		[]any{p.Header.VersionMajor.Get(), p.Header.VersionMinor.Get(), p.Header.SnapLen.Get(), p.Header.LinkType.Get()})
	var got [][]byte
	for h, data := range p.Records() {
		assert.Equal(t, h.InclLen.Get(), h.OrigLen.Get())
		assert.Equal(t, 1700000000+uint32(len(got)), h.TsSec.Get())
		got = append(got, data)
	}
	assert.Equal(t, frames, got)
	require.NoError(t, p.Err())
	// The header fields agree with encoding/binary in the file's order.
	bo := endian.ByteOrderOf[O]()
	assert.Equal(t, uint32(netpkt.PcapMagicMicros), bo.Uint32(b))
	assert.Equal(t, uint32(len(frames[0])), bo.Uint32(b[24+8:]))
	// A truncated file stops early and says so.
	p, err = netpkt.ParsePcap[O](b[:len(b)-1])
	require.NoError(t, err)
	n := 0
	for range p.Records() {
		n++
	}
	assert.Equal(t, len(frames)-1, n)
	assert.ErrorContains(t, p.Err(), "record 3 at offset")
}

// TestPcap writes the frames in both byte orders, reads them back, and,
// when tcpdump is installed, has it read both files and verify every
// checksum.
func TestPcap(t *testing.T) {
	frames := [][]byte{unhex(t, dnsFrame), unhex(t, tlsFrame), buildUDP4(t, []byte("hello, odd")), buildTCP6(t, []byte("even"))}
	le, be := writePcap[endian.Little](frames), writePcap[endian.Big](frames)
	assert.Equal(t, unhex(t, "d4c3b2a1 0200 0400"), le[:8])
	assert.Equal(t, unhex(t, "a1b2c3d4 0002 0004"), be[:8])
	for _, c := range []struct {
		b   []byte
		big bool
	}{{le, false}, {be, true}} {
		big, nanos, err := netpkt.PcapOrder(c.b)
		require.NoError(t, err)
		assert.Equal(t, c.big, big)
		assert.False(t, nanos)
	}
	readPcap[endian.Little](t, le, frames)
	readPcap[endian.Big](t, be, frames)
	_, err := netpkt.ParsePcap[endian.Big](le)
	require.Error(t, err)

	tcpdump, err := exec.LookPath("tcpdump")
	if err != nil {
		t.Log("tcpdump not installed: pcap files not checked with it")
		return
	}
	for name, b := range map[string][]byte{"le.pcap": le, "be.pcap": be} {
		path := filepath.Join(t.TempDir(), name)
		require.NoError(t, os.WriteFile(path, b, 0o644))
		out, err := exec.Command(tcpdump, "-r", path, "-nn", "-vv").CombinedOutput()
		require.NoError(t, err, "%s", out)
		s := string(out)
		t.Logf("tcpdump -vv %s:\n%s", name, s)
		assert.NotContains(t, s, "bad")
		assert.NotContains(t, s, "incorrect")
		assert.Len(t, regexp.MustCompile(`(?m)^\d\d:\d\d:\d\d\.\d+ IP`).FindAllString(s, -1), 4, name)
		assert.Contains(t, s, "udp sum ok")
		assert.Contains(t, s, "cksum 0x239d (correct)")
		assert.Equal(t, 2, strings.Count(s, "(correct)"), name) // the two TCP segments
	}
}

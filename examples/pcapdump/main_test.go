package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExitStatus(t *testing.T) {
	dir := t.TempDir()
	notPcap := filepath.Join(dir, "not.pcap")
	require.NoError(t, os.WriteFile(notPcap, []byte("this is not a capture file at all"), 0o644))
	short := filepath.Join(dir, "short.pcap")
	require.NoError(t, os.WriteFile(short, []byte{0xd4, 0xc3, 0xb2, 0xa1, 2, 0}, 0o644))
	good := "testdata/eth_le_us.pcap"
	for _, c := range []struct {
		args   []string
		status int
		stderr string
	}{
		{[]string{good}, 0, ""},
		{[]string{"-json", good, "testdata/cut_body.pcap"}, 0, ""}, // a truncated record is data
		{[]string{"-bogus", good}, 2, "flag provided but not defined"},
		{nil, 2, "usage"},
		{[]string{"-json"}, 2, "usage"},
		{[]string{filepath.Join(dir, "missing.pcap"), good}, 1, "missing.pcap"},
		{[]string{"-json", notPcap, good}, 1, "not.pcap: not a pcap file: magic 74686973"},
		{[]string{short, good}, 1, "short.pcap: not a pcap file: 6 bytes"},
	} {
		var out, errb bytes.Buffer
		assert.Equal(t, c.status, run(c.args, &out, &errb), "%v", c.args)
		if c.stderr == "" {
			assert.Empty(t, errb.String(), "%v", c.args)
		} else {
			assert.Contains(t, errb.String(), c.stderr, "%v", c.args)
		}
		if c.status == 1 { // the good file is still dumped
			assert.Contains(t, out.String(), good)
		}
	}
}

// TestOutput checks the shape of both modes on every committed capture:
// one line per file header and per record, valid JSON with the fields of
// PCAPDUMP.md, layers and payloads inside the captured bytes.
func TestOutput(t *testing.T) {
	paths, err := filepath.Glob("testdata/*.pcap")
	require.NoError(t, err)
	for _, path := range paths {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		n := countRecords(data)

		var text, errb bytes.Buffer
		require.Equal(t, 0, run([]string{path}, &text, &errb))
		assert.Equal(t, 1+n, strings.Count(text.String(), "\n"), path)

		objs := pcapdumpJSON(t, path)
		require.Len(t, objs, 1+n, path)
		assert.Equal(t, path, objs[0]["file"])
		for i, o := range objs[1:] {
			assert.Equal(t, i, int(o["record"].(float64)))
			if _, ok := o["layers"]; !ok { // the record cut short by the end of the file
				assert.Equal(t, n-1, i, path)
				assert.Equal(t, "pcap", o["error"].(obj)["layer"])
				continue
			}
			caplen := o["caplen"].(float64)
			ls := o["layers"].([]any)
			end := 0.0
			for j, l := range ls {
				l := l.(obj)
				assert.GreaterOrEqual(t, l["offset"].(float64), end, "%s record %d: layers overlap", path, i)
				end = l["offset"].(float64) + l["header_len"].(float64)
				assert.LessOrEqual(t, end, caplen)
				_, has := l["payload_len"]
				assert.Equal(t, j == len(ls)-1, has, "%s record %d: only the innermost layer has a payload", path, i)
				if has {
					assert.Equal(t, int(end), int(l["payload_offset"].(float64)))
					assert.LessOrEqual(t, end+l["payload_len"].(float64), caplen)
				}
			}
		}
	}
}

// countRecords counts the records of a pcap file with encoding/binary, a
// cut-short last one included.
func countRecords(b []byte) int {
	var bo binary.ByteOrder = binary.LittleEndian
	if b[0] == 0xa1 {
		bo = binary.BigEndian
	}
	n := 0
	for b = b[24:]; len(b) > 0; n++ {
		if len(b) < 16 || int(bo.Uint32(b[8:])) > len(b)-16 {
			return n + 1
		}
		b = b[16+bo.Uint32(b[8:]):]
	}
	return n
}

// packets returns the captured bytes and link type of every record of the
// captures in dir.
func packets(tb testing.TB, dir string) (pkts [][]byte, links []uint16) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.pcap"))
	require.NoError(tb, err)
	for _, path := range paths {
		data, err := os.ReadFile(path)
		require.NoError(tb, err)
		if !isPcap(data) {
			continue
		}
		var bo binary.ByteOrder = binary.LittleEndian
		if data[0] == 0xa1 {
			bo = binary.BigEndian
		}
		link := uint16(bo.Uint32(data[20:]))
		for b := data[24:]; len(b) >= 16 && int(bo.Uint32(b[8:])) <= len(b)-16; b = b[16+bo.Uint32(b[8:]):] {
			pkts = append(pkts, b[16:16+bo.Uint32(b[8:])])
			links = append(links, link)
		}
	}
	return pkts, links
}

// TestDecodeAllocs checks that decoding well-formed packets allocates
// nothing once the Packet has grown.
func TestDecodeAllocs(t *testing.T) {
	pkts, links := packets(t, "testdata")
	var p Packet
	var good [][]byte
	var goodLinks []uint16
	for i, b := range pkts {
		p.Decode(links[i], b)
		if p.Err == nil && !hasOptsErr(&p) {
			good = append(good, b)
			goodLinks = append(goodLinks, links[i])
		}
	}
	require.Greater(t, len(good), 50)
	allocs := testing.AllocsPerRun(10, func() {
		for i, b := range good {
			p.Decode(goodLinks[i], b)
		}
	})
	assert.Zero(t, allocs)
}

func hasOptsErr(p *Packet) bool {
	for _, l := range p.Layers {
		if l.OptsBad {
			return true
		}
	}
	return false
}

// FuzzDecode decodes arbitrary packets: no panic, layers inside the
// bytes, valid JSON.
func FuzzDecode(f *testing.F) {
	pkts, links := packets(f, "testdata")
	for i, b := range pkts {
		f.Add(links[i], b)
	}
	var w jsonWriter
	f.Fuzz(func(t *testing.T, link uint16, b []byte) {
		var p Packet
		p.Decode(link, b)
		end := 0
		for _, l := range p.Layers {
			if l.Offset < end || l.Offset+l.HeaderLen > len(b) {
				t.Fatalf("layer %s at %d+%d outside %d bytes (previous ends at %d)", l.Name, l.Offset, l.HeaderLen, len(b), end)
			}
			end = l.Offset + l.HeaderLen
		}
		if len(p.Layers) > 0 && (p.PayloadOffset != end || p.PayloadOffset+p.PayloadLen > len(b)) {
			t.Fatalf("payload %d+%d after %d, in %d bytes", p.PayloadOffset, p.PayloadLen, end, len(b))
		}
		w.b = w.b[:0]
		w.record(&RecordInfo{CapLen: uint32(len(b))}, &p)
		if !json.Valid(w.b) {
			t.Fatalf("invalid JSON: %s", w.b)
		}
	})
}

// FuzzFile dumps arbitrary files: no panic, valid JSON Lines, and the exit
// status only 0 or 1.
func FuzzFile(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*.pcap")
	for _, p := range paths {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var out bytes.Buffer
		err := dump("fuzz", data, &jsonWriter{}, &out)
		if err != nil && out.Len() > 0 {
			t.Fatalf("error %v after output", err)
		}
		sc := bufio.NewScanner(&out)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			if !json.Valid(sc.Bytes()) {
				t.Fatalf("invalid JSON: %s", sc.Bytes())
			}
		}
	})
}

// benchPackets returns the packets of $PCAPDUMP_CORPUS, or of testdata,
// with link type 1 or 113.
func benchPackets(b *testing.B) (pkts [][]byte, links []uint16) {
	dir := os.Getenv("PCAPDUMP_CORPUS")
	if dir == "" {
		dir = "testdata"
	}
	all, ls := packets(b, dir)
	for i, p := range all {
		if ls[i] == 1 || ls[i] == 113 {
			pkts = append(pkts, p)
			links = append(links, ls[i])
		}
	}
	return pkts, links
}

// BenchmarkDecode compares pcapdump's decoder (without the JSON writer)
// with gopacket's DecodingLayerParser and preallocated layers, on the same
// packets: ns/op is per packet.
func BenchmarkDecode(b *testing.B) {
	pkts, links := benchPackets(b)
	b.Run("pcapdump", func(b *testing.B) {
		var p Packet
		i := 0
		for b.Loop() {
			p.Decode(links[i], pkts[i])
			if i++; i == len(pkts) {
				i = 0
			}
		}
	})
	// The packets split by outcome, for allocations per packet on each
	// path (run with -benchmem).
	var good, bad [][]byte
	var goodLinks, badLinks []uint16
	for i, pkt := range pkts {
		var p Packet
		p.Decode(links[i], pkt)
		if p.Err != nil {
			bad, badLinks = append(bad, pkt), append(badLinks, links[i])
		} else {
			good, goodLinks = append(good, pkt), append(goodLinks, links[i])
		}
	}
	for _, c := range []struct {
		name  string
		pkts  [][]byte
		links []uint16
	}{{"pcapdump well-formed", good, goodLinks}, {"pcapdump malformed", bad, badLinks}} {
		if len(c.pkts) == 0 {
			continue
		}
		b.Run(c.name, func(b *testing.B) {
			var p Packet
			i := 0
			for b.Loop() {
				p.Decode(c.links[i], c.pkts[i])
				if i++; i == len(c.pkts) {
					i = 0
				}
			}
		})
	}
	b.Run("gopacket", func(b *testing.B) {
		var (
			eth   layers.Ethernet
			sll   layers.LinuxSLL
			dot1q layers.Dot1Q
			arp   layers.ARP
			ip4   layers.IPv4
			ip6   layers.IPv6
			ext   layers.IPv6ExtensionSkipper
			tcp   layers.TCP
			udp   layers.UDP
			icmp4 layers.ICMPv4
			icmp6 layers.ICMPv6
			pl    gopacket.Payload
		)
		all := []gopacket.DecodingLayer{&dot1q, &arp, &ip4, &ip6, &ext, &tcp, &udp, &icmp4, &icmp6, &pl}
		ethP := gopacket.NewDecodingLayerParser(layers.LayerTypeEthernet, append([]gopacket.DecodingLayer{&eth}, all...)...)
		sllP := gopacket.NewDecodingLayerParser(layers.LayerTypeLinuxSLL, append([]gopacket.DecodingLayer{&sll}, all...)...)
		ethP.IgnoreUnsupported, sllP.IgnoreUnsupported = true, true
		decoded := make([]gopacket.LayerType, 0, 16)
		i := 0
		for b.Loop() {
			parser := ethP
			if links[i] == 113 {
				parser = sllP
			}
			_ = parser.DecodeLayers(pkts[i], &decoded) // malformed packets are part of the set
			if i++; i == len(pkts) {
				i = 0
			}
		}
	})
}

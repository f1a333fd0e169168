package layout_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"structs"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/endian"
	"github.com/go-overlay/overlay/layout"
)

var archS390X = mustArch("s390x")

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// ipv4Header is the IPv4 header of RFC 791, section 3.1, without options,
// with its sub-fields as the RFC's figure draws them.
type ipv4Header struct {
	_           structs.HostLayout
	_           endian.Big
	VersionIHL  uint8 `bits:"Version:4,IHL:4"`
	TOS         uint8
	TotalLength endian.U16BE
	ID          endian.U16BE
	FlagsFrag   endian.U16BE `bits:"Flags:3,FragOffset:13"`
	TTL         uint8
	Protocol    uint8
	Checksum    endian.U16BE
	Src         [4]byte
	Dst         [4]byte
}

// ipv6Header is the IPv6 header of RFC 8200, section 3.
type ipv6Header struct {
	_                structs.HostLayout
	VersionClassFlow endian.U32BE `bits:"Version:4,TrafficClass:8,FlowLabel:20"`
	PayloadLength    endian.U16BE
	NextHeader       uint8
	HopLimit         uint8
	Src              [16]byte
	Dst              [16]byte
}

// tcpHeader is the TCP header of RFC 9293, section 3.1, without options:
// its flags are one bit each, drawn down their cells as in the RFC.
type tcpHeader struct {
	_           structs.HostLayout
	SrcPort     endian.U16BE
	DstPort     endian.U16BE
	Seq         endian.U32BE
	Ack         endian.U32BE
	OffsetFlags endian.U16BE `bits:"DataOffset:4,_:4,CWR:1,ECE:1,URG:1,ACK:1,PSH:1,RST:1,SYN:1,FIN:1"`
	Window      endian.U16BE
	Checksum    endian.U16BE
	Urgent      endian.U16BE
}

// dot1QTag is the IEEE 802.1Q tag: the TPID (0x8100) and the tag control
// information.
type dot1QTag struct {
	_    structs.HostLayout
	TPID endian.U16BE
	TCI  endian.U16BE `bits:"PCP:3,DEI:1,VID:12"`
}

// bitsOrders has the same sub-fields in words of each byte order (its
// native word has no marker, so it is drawn in the arch's order), and
// words with undeclared and reserved bits.
type bitsOrders struct {
	_      structs.HostLayout
	BE     endian.U16BE `bits:"BHi:6,BMd:4,BLo:6"`
	LE     endian.U16LE `bits:"LHi:6,LMd:4,LLo:6"`
	Native uint16       `bits:"NHi:6,NMd:4,NLo:6"`
	Part   uint8        `bits:"Top:2,_:2"`
	Byte   uint8
	Wide   endian.U32LE `bits:"A:12,B:20"`
	Long   endian.U64BE `bits:"Head:24,Body:40"`
}

// ipv4Native is the same header with native numbers and a byte-order
// marker.
type ipv4Native struct {
	_           structs.HostLayout
	_           endian.Big
	VersionIHL  uint8
	TOS         uint8
	TotalLength uint16
	ID          uint16
	FlagsFrag   uint16
	TTL         uint8
	Protocol    uint8
	Checksum    uint16
	Src         uint32
	Dst         uint32
}

// record is padded in the middle and at the end; its trailing zero-size
// field adds padding on 32-bit arches only.
type record struct {
	Flags uint8
	ID    uint32
	Name  [5]byte
	Stamp int64
	Kind  uint32
	Tail  struct{}
}

type recordEntry struct {
	_   structs.HostLayout
	Tag uint8
	Len uint16
}

// arrays has arrays of padded structs, a long array and a zero-length
// alignment forcer.
type arrays struct {
	_       structs.HostLayout
	_       endian.Little
	_       [0]uint64
	Entries [2]recordEntry
	One     [1]recordEntry
	Grid    [2][2]recordEntry
	Payload [100]byte
	Sum     uint32
}

// unaligned has endian fields that straddle rows and a label too long for
// its cell.
type unaligned struct {
	_                        structs.HostLayout
	Kind                     [2]byte
	Offset                   endian.U64BE
	Flags                    [2]byte
	Name                     [3]byte
	Length                   endian.U32LE
	Reserved                 [9]byte
	AVeryLongFieldNameIndeed uint8
	A                        struct {
		B struct{ CDEFGHIJKLMNOPQ [2]uint8 }
	}
	Digest [16]byte
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		tree *layout.Type
		arch layout.Arch
	}{
		{"ipv4", treeOf[ipv4Header](t), archAMD64},
		{"ipv4_native", treeOf[ipv4Native](t), archAMD64},
		{"ipv6", treeOf[ipv6Header](t), archAMD64},
		{"tcp", treeOf[tcpHeader](t), archAMD64},
		{"dot1q", treeOf[dot1QTag](t), archAMD64},
		{"bits_orders", treeOf[bitsOrders](t), archAMD64},
		{"bits_orders_s390x", treeOf[bitsOrders](t), archS390X},
		{"record", treeOf[record](t), archAMD64},
		{"record_386", treeOf[record](t), arch386},
		{"arrays", treeOf[arrays](t), archAMD64},
		{"unaligned", treeOf[unaligned](t), archAMD64},
		{"bytes", treeOf[[3]byte](t), archAMD64},
		{"uint64", treeOf[uint64](t), archAMD64},
		{"empty", treeOf[struct{}](t), archAMD64},
		{"huge", hugeArray(1<<40, layout.Uint8), archAMD64},
		{"huge_386", hugeArray(1<<40, layout.Uint8), arch386},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := layout.Compute(tc.tree, tc.arch)
			got := l.String() + "\n" + l.Diagram()
			for i, line := range strings.Split(got, "\n") {
				assert.Equal(t, strings.TrimRight(line, " "), line, "line %d ends in spaces", i+1)
			}
			golden := filepath.Join("testdata", tc.name+".golden")
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test -run TestGolden -update to create it")
			assert.Equal(t, string(want), got)
		})
	}
}

// TestDiagramCoversEveryByte checks, for the golden fixtures and on every
// arch, that each row of the diagram is 4 bytes wide (the last one as wide
// as the bytes left) and that rows are numbered in steps of 4.
func TestDiagramCoversEveryByte(t *testing.T) {
	trees := []*layout.Type{
		treeOf[ipv4Header](t), treeOf[record](t), treeOf[arrays](t), treeOf[unaligned](t),
		treeOf[[3]byte](t), treeOf[[7]uint16](t), treeOf[ptrElem](t), treeOf[only32Trailing](t),
		treeOf[ipv6Header](t), treeOf[tcpHeader](t), treeOf[dot1QTag](t), treeOf[bitsOrders](t),
	}
	for _, tree := range trees {
		for _, a := range layout.Arches {
			l := layout.Compute(tree, a)
			d := l.Diagram()
			lines := strings.Split(strings.TrimSuffix(d, "\n"), "\n")
			next, rows := int64(0), 0
			for _, line := range lines[4:] {
				if strings.HasPrefix(line, "(") {
					continue // a note
				}
				fields := strings.Fields(line)
				if len(fields) == 0 || !strings.HasSuffix(line, "|") {
					continue // a border or a "~" line
				}
				bar := strings.Index(line, "|")
				if fields[0][0] == '|' {
					// A second line of a row: a label written down a
					// narrow cell.
					assert.Len(t, line[bar:], int(min(4, l.Size-(next-4)))*16+1, "%s on %s: %q", tree, a.Name, line)
					continue
				}
				var off int64
				_, err := fmt.Sscan(fields[0], &off)
				require.NoError(t, err, "%s on %s: %q", tree, a.Name, line)
				if off > next {
					// Collapsed rows follow a "~" line.
					assert.Contains(t, d, "~", "%s on %s: rows %d to %d missing", tree, a.Name, next, off)
				}
				next = off + 4
				width := int(min(4, l.Size-off))*16 + 1
				assert.Len(t, line[bar:], width, "%s on %s: %q", tree, a.Name, line)
				rows++
			}
			assert.True(t, next-4 < l.Size && l.Size <= next, "%s on %s: last row ends at %d, size %d", tree, a.Name, next, l.Size)
			assert.Positive(t, rows)
		}
	}
}

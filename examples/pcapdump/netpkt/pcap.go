package netpkt

import (
	"errors"
	"fmt"
	"iter"
	"math"
	"structs"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// Pcap magic numbers, as written in the writer's byte order.
const (
	PcapMagicMicros = 0xa1b2c3d4 // timestamps in microseconds
	PcapMagicNanos  = 0xa1b23c4d // timestamps in nanoseconds
)

// PcapFileHeader is the global header of a pcap file (24 bytes), in the
// byte order of the machine that wrote it: read its magic to choose O.
//
//layoutcheck:overlay
type PcapFileHeader[O endian.Order] struct {
	_            structs.HostLayout
	Magic        endian.U32[O]
	VersionMajor endian.U16[O] // 2
	VersionMinor endian.U16[O] // 4
	ThisZone     endian.I32[O]
	SigFigs      endian.U32[O]
	SnapLen      endian.U32[O]
	LinkType     endian.U32[O]
}

// PcapRecordHeader precedes each captured packet (16 bytes).
//
//layoutcheck:overlay
type PcapRecordHeader[O endian.Order] struct {
	_       structs.HostLayout
	TsSec   endian.U32[O]
	TsFrac  endian.U32[O] // microseconds or nanoseconds, after the magic
	InclLen endian.U32[O] // bytes captured, following this header
	OrigLen endian.U32[O] // bytes on the wire
}

// PcapOrder returns the byte order of a pcap file from its first four
// bytes: big reports big-endian, nanos nanosecond timestamps.
func PcapOrder(b []byte) (big, nanos bool, err error) {
	if len(b) < 4 {
		return false, false, errors.New("netpkt: pcap file too short")
	}
	le, be := endian.U32LE(b[:4]).Get(), endian.U32BE(b[:4]).Get()
	switch {
	case le == PcapMagicMicros:
		return false, false, nil
	case le == PcapMagicNanos:
		return false, true, nil
	case be == PcapMagicMicros:
		return true, false, nil
	case be == PcapMagicNanos:
		return true, true, nil
	}
	return false, false, fmt.Errorf("netpkt: not a pcap file (magic % x)", b[:4])
}

// Pcap is a parsed pcap file of byte order O.
type Pcap[O endian.Order] struct {
	Header *PcapFileHeader[O]
	file   []byte
	recs   cast.Records[PcapRecordHeader[O]]
}

// ParsePcap casts the file header of a pcap file of byte order O.
func ParsePcap[O endian.Order](b []byte) (*Pcap[O], error) {
	h, _, err := cast.Prefix[PcapFileHeader[O]](b)
	if err != nil {
		return nil, err
	}
	if m := h.Magic.Get(); m != PcapMagicMicros && m != PcapMagicNanos {
		return nil, fmt.Errorf("netpkt: pcap magic %#x in the wrong byte order", m)
	}
	return &Pcap[O]{Header: h, file: b}, nil
}

// Nanosecond reports whether the records' TsFrac counts nanoseconds
// rather than microseconds.
func (p *Pcap[O]) Nanosecond() bool { return p.Header.Magic.Get() == PcapMagicNanos }

// pcapRecordLen is the frame length of a pcap record: its 16-byte header
// and InclLen bytes, summed in 64 bits so that it cannot wrap on 32-bit
// hosts.
func pcapRecordLen[O endian.Order](h *PcapRecordHeader[O]) int {
	return int(min(16+uint64(h.InclLen.Get()), math.MaxInt))
}

// Records returns the records in order: each header and the InclLen
// captured bytes, views of the file. It stops at the first record whose
// header or data is cut short by the end of the file, which Err then
// reports.
func (p *Pcap[O]) Records() iter.Seq2[*PcapRecordHeader[O], []byte] {
	p.recs = cast.NewRecords(p.file, 1, pcapRecordLen[O])
	p.recs.Start(cast.MustOverlay[PcapFileHeader[O]]().Size()) // the records follow the file header
	return p.recs.All()
}

// Err reports the record that ended the last iteration of Records early,
// or nil if the records ended with the file.
func (p *Pcap[O]) Err() error {
	if err := p.recs.Err(); err != nil {
		return fmt.Errorf("record %d at file offset %d cut short: %w", p.recs.Index(), p.recs.Offset(), err)
	}
	return nil
}

// AppendPcapHeader appends a pcap file header in byte order O.
func AppendPcapHeader[O endian.Order](b []byte, snaplen, linkType uint32) []byte {
	var h PcapFileHeader[O]
	h.Magic.Set(PcapMagicMicros)
	h.VersionMajor.Set(2)
	h.VersionMinor.Set(4)
	h.SnapLen.Set(snaplen)
	h.LinkType.Set(linkType)
	return append(b, cast.Bytes(&h)...)
}

// AppendPcapRecord appends a record holding pkt, captured whole.
func AppendPcapRecord[O endian.Order](b []byte, sec, usec uint32, pkt []byte) []byte {
	var h PcapRecordHeader[O]
	h.TsSec.Set(sec)
	h.TsFrac.Set(usec)
	h.InclLen.Set(uint32(len(pkt)))
	h.OrigLen.Set(uint32(len(pkt)))
	return append(append(b, cast.Bytes(&h)...), pkt...)
}

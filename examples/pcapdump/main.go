// Command pcapdump decodes pcap capture files without copying them: each
// file is mapped read-only and every header of every packet is read in
// place through the overlays of package netpkt, which casts the mapping
// with package cast. The same code reads files of either byte order, with
// microsecond or nanosecond timestamps.
//
// Usage:
//
//	pcapdump [-json] FILE...
//
// By default it prints one readable line per packet; with -json, one JSON
// object per file header and per record (JSON Lines), in the format that
// PCAPDUMP.md fixes. It decodes Ethernet (and 802.3), Linux cooked
// captures, VLAN tags, ARP, IPv4 with options, IPv6 with its hop-by-hop,
// routing, fragment and destination options headers, TCP with options,
// UDP, ICMPv4 and ICMPv6. Malformed and truncated packets are reported in
// the output, not as failures.
//
// Exit status: 0 when every file was read, 1 when a file could not be
// opened or is not a pcap file (the other files are still dumped), 2 for
// bad flags.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/go-overlay/overlay/endian"
	"github.com/go-overlay/overlay/examples/pcapdump/netpkt"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dumps the files that args name to stdout and returns the exit
// status.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("pcapdump", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print JSON Lines instead of text")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: pcapdump [-json] FILE...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	out := bufio.NewWriterSize(stdout, 1<<16)
	defer out.Flush()
	var w writer = &textWriter{}
	if *asJSON {
		w = &jsonWriter{}
	}
	status := 0
	for _, name := range fs.Args() {
		if err := dumpPath(name, w, out); err != nil {
			_ = out.Flush() // keep stdout and stderr in order
			fmt.Fprintf(stderr, "pcapdump: %s: %v\n", name, err)
			status = 1
		}
	}
	return status
}

// A writer formats file headers and records into its buffer.
type writer interface {
	file(f *FileInfo)
	record(r *RecordInfo, p *Packet)
	truncated(index int, err error)
	buf() *[]byte
}

func (w *jsonWriter) buf() *[]byte { return &w.b }

func dumpPath(name string, w writer, out io.Writer) error {
	data, unmap, err := mapFile(name)
	if err != nil {
		return err
	}
	defer unmap()
	return dump(name, data, w, out)
}

// errNotPcap reports a file without a pcap file header.
var errNotPcap = errors.New("not a pcap file")

// dump decodes the pcap file data and writes it to out through w.
func dump(name string, data []byte, w writer, out io.Writer) error {
	if len(data) < 24 {
		return fmt.Errorf("%w: %d bytes, the file header is 24", errNotPcap, len(data))
	}
	big, _, err := netpkt.PcapOrder(data)
	if err != nil {
		return fmt.Errorf("%w: magic %x", errNotPcap, data[:4])
	}
	if big {
		return dumpRecords[endian.Big](name, data, w, out)
	}
	return dumpRecords[endian.Little](name, data, w, out)
}

func dumpRecords[O endian.Order](name string, data []byte, w writer, out io.Writer) error {
	pf, err := netpkt.ParsePcap[O](data)
	if err != nil {
		return err
	}
	h := pf.Header
	f := FileInfo{
		Name: name, Big: endian.IsBig[O](), Nanosecond: pf.Nanosecond(),
		VersionMajor: h.VersionMajor.Get(), VersionMinor: h.VersionMinor.Get(),
		SnapLen: h.SnapLen.Get(), LinkType: uint16(h.LinkType.Get()),
	}
	copy(f.Magic[:], data)
	b := w.buf()
	w.file(&f)
	var p Packet
	var r RecordInfo
	for rh, body := range pf.Records() {
		r.TsSec, r.TsFrac = rh.TsSec.Get(), rh.TsFrac.Get()
		r.CapLen, r.OrigLen = rh.InclLen.Get(), rh.OrigLen.Get()
		p.Decode(f.LinkType, body)
		w.record(&r, &p)
		r.Index++
		if len(*b) >= 1<<15 {
			if _, err := out.Write(*b); err != nil {
				return err
			}
			*b = (*b)[:0]
		}
	}
	if err := pf.Err(); err != nil {
		w.truncated(r.Index, err)
	}
	_, err = out.Write(*b)
	*b = (*b)[:0]
	return err
}

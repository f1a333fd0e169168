package zip

import (
	"encoding/binary"
	"errors"
	"io"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// ErrFormat is returned for data that is not a valid ZIP archive (the
// same condition as archive/zip.ErrFormat).
var ErrFormat = errors.New("zip: not a valid zip file")

// Reader is a ZIP archive in memory. Its records are overlays of the
// archive's bytes and its names, extra fields and comments are views of
// them: NewReader copies nothing.
type Reader struct {
	data []byte

	// End is the end of central directory record; End64 the ZIP64 one, or
	// nil.
	End   *DirectoryEnd
	End64 *Directory64End
	// Comment is the archive comment.
	Comment []byte
	// DirRecords, DirSize and DirOffset describe the central directory,
	// from End64 when present.
	DirRecords, DirSize, DirOffset uint64
	// BaseOffset is where the archive starts in the data: non-zero for an
	// archive with data prepended (a self-extracting archive).
	BaseOffset int64
	// Files are the central directory entries, in order.
	Files []File
}

// File is one central directory entry.
type File struct {
	Header               *DirectoryHeader
	Name, Extra, Comment []byte
	// CompressedSize64 and UncompressedSize64 are the sizes, from the
	// ZIP64 extra field when the header holds 0xffffffff.
	CompressedSize64, UncompressedSize64 uint64
	// HeaderOffset is the offset of the local file header in the data,
	// base offset included.
	HeaderOffset int64
	// Zip64 reports whether the entry has a ZIP64 extra field.
	Zip64 bool

	r *Reader
}

// NewReader finds and validates the central directory of the archive in
// data, as archive/zip.NewReader does.
func NewReader(data []byte) (*Reader, error) {
	r := &Reader{data: data}
	if err := r.readDirectoryEnd(); err != nil {
		return nil, err
	}
	pos := r.BaseOffset + int64(r.DirOffset)
	rest := r.data[pos:]
	var err error
	for {
		var f File
		f, rest, err = readDirectoryHeader(rest)
		if errors.Is(err, ErrFormat) || errors.Is(err, io.ErrUnexpectedEOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		f.HeaderOffset += r.BaseOffset
		f.r = r
		r.Files = append(r.Files, f)
	}
	// The record count is 16 bits in the non-ZIP64 end record; like
	// archive/zip, read until a bad header and compare modulo 65536.
	if uint16(len(r.Files)) != uint16(r.DirRecords) {
		return nil, err
	}
	return r, nil
}

func (r *Reader) readDirectoryEnd() error {
	data, size := r.data, int64(len(r.data))
	// Look for the end record in the last 1 KiB, then the last 65 KiB.
	var buf []byte
	var endOff int64
	for i, n := range []int64{1024, 65 * 1024} {
		n = min(n, size)
		buf = data[size-n:]
		if p := findSignatureInBlock(buf); p >= 0 {
			buf, endOff = buf[p:], size-n+int64(p)
			break
		}
		if i == 1 || n == size {
			return ErrFormat
		}
	}
	end, b, err := cast.Prefix[DirectoryEnd](buf)
	if err != nil {
		return ErrFormat // unreachable: findSignatureInBlock checked the length
	}
	r.End = end
	l := int(end.CommentLen.Get())
	if l > len(b) {
		return errors.New("zip: invalid comment length")
	}
	r.Comment = b[:l:l]
	r.DirRecords, r.DirSize, r.DirOffset = uint64(end.DirRecords.Get()), uint64(end.DirSize.Get()), uint64(end.DirOffset.Get())

	// archive/zip takes these values as signs of ZIP64; it compares the
	// 32-bit size with 0xffff, and so does this.
	if r.DirRecords == 0xffff || r.DirSize == 0xffff || r.DirOffset == 0xffffffff {
		if p := findDirectory64End(data, endOff); p >= 0 {
			endOff = p
			if p > size-56 {
				return io.ErrUnexpectedEOF
			}
			e64, _, err := cast.Prefix[Directory64End](data[p:])
			if err != nil {
				return err
			}
			if e64.Signature.Get() != Directory64EndSignature {
				return ErrFormat
			}
			r.End64 = e64
			r.DirRecords, r.DirSize, r.DirOffset = e64.DirRecords.Get(), e64.DirSize.Get(), e64.DirOffset.Get()
		}
	}
	const maxInt64 = 1<<63 - 1
	if r.DirSize > maxInt64 || r.DirOffset > maxInt64 {
		return ErrFormat
	}
	r.BaseOffset = endOff - int64(r.DirSize) - int64(r.DirOffset)
	if o := r.BaseOffset + int64(r.DirOffset); o < 0 || o >= size {
		return ErrFormat
	}
	// An end record that implies data before the archive is sometimes
	// wrong: if a valid header is at the recorded offset itself, use that.
	if r.BaseOffset > 0 && r.DirOffset <= uint64(size) {
		if _, _, err := readDirectoryHeader(data[r.DirOffset:]); err == nil {
			r.BaseOffset = 0
		}
	}
	return nil
}

// findSignatureInBlock returns the offset of the last end record in b
// whose comment fits, or -1, as archive/zip does (giving up at the first
// record with a truncated comment).
func findSignatureInBlock(b []byte) int {
	for i := len(b) - 22; i >= 0; i-- {
		if b[i] == 'P' && b[i+1] == 'K' && b[i+2] == 0x05 && b[i+3] == 0x06 {
			n := int(b[i+20]) | int(b[i+21])<<8
			if n+22+i > len(b) {
				return -1
			}
			return i
		}
	}
	return -1
}

// findDirectory64End returns the offset of the ZIP64 end record that the
// locator before endOff points to, or -1.
func findDirectory64End(data []byte, endOff int64) int64 {
	locOff := endOff - 20
	if locOff < 0 {
		return -1
	}
	loc, _, err := cast.Prefix[Directory64Locator](data[locOff:])
	if err != nil || loc.Signature.Get() != Directory64LocSignature || loc.DirEndDisk.Get() != 0 {
		return -1
	}
	if loc.TotalDisks.Get() != 1 {
		return -1
	}
	return int64(loc.DirEndOffset.Get())
}

// readDirectoryHeader reads the directory header at the start of b and
// returns it and the bytes after it. Like archive/zip, it returns io.EOF
// when b is empty, io.ErrUnexpectedEOF when it is cut short, and
// ErrFormat for a bad signature or unusable ZIP64 data.
func readDirectoryHeader(b []byte) (f File, rest []byte, err error) {
	if len(b) == 0 {
		return f, nil, io.EOF
	}
	h, rest, err := cast.Prefix[DirectoryHeader](b)
	if err != nil {
		return f, nil, io.ErrUnexpectedEOF
	}
	if h.Signature.Get() != DirectoryHeaderSignature {
		return f, nil, ErrFormat
	}
	nl, el, cl := int(h.NameLen.Get()), int(h.ExtraLen.Get()), int(h.CommentLen.Get())
	if n := nl + el + cl; n > 0 && len(rest) == 0 {
		return f, nil, io.EOF
	} else if n > len(rest) {
		return f, nil, io.ErrUnexpectedEOF
	}
	f = File{Header: h, Name: rest[:nl:nl], Extra: rest[nl : nl+el : nl+el], Comment: rest[nl+el : nl+el+cl : nl+el+cl]}
	rest = rest[nl+el+cl:]
	f.CompressedSize64, f.UncompressedSize64 = uint64(h.CompressedSize.Get()), uint64(h.UncompressedSize.Get())
	f.HeaderOffset = int64(h.LocalHeaderOffset.Get())

	needUSize := h.UncompressedSize.Get() == ^uint32(0)
	needCSize := h.CompressedSize.Get() == ^uint32(0)
	needOffset := h.LocalHeaderOffset.Get() == ^uint32(0)
	u64 := func(field []byte) (uint64, []byte, error) {
		v, field, err := cast.ReadPrefix[endian.U64LE](field)
		if err != nil {
			return 0, nil, ErrFormat
		}
		return v.Get(), field, nil
	}
	// Blocks of a tag, a size and size bytes. As archive/zip does, a
	// malformed block (or 1 to 3 bytes left over) silently ends the extra
	// field: Err is not consulted.
	extras := extraHeader.RecordsLength(f.Extra, 1, extraLength)
	for xh, field := range extras.All() {
		if xh.Tag.Get() != Zip64ExtraID {
			continue
		}
		// The ZIP64 extra field holds the values that the header sets to
		// 0xffffffff, in this order.
		f.Zip64 = true
		if needUSize {
			needUSize = false
			if f.UncompressedSize64, field, err = u64(field); err != nil {
				return File{}, nil, err
			}
		}
		if needCSize {
			needCSize = false
			if f.CompressedSize64, field, err = u64(field); err != nil {
				return File{}, nil, err
			}
		}
		if needOffset {
			needOffset = false
			var off uint64
			if off, _, err = u64(field); err != nil {
				return File{}, nil, err
			}
			f.HeaderOffset = int64(off)
		}
	}
	if needCSize || needOffset {
		return File{}, nil, ErrFormat
	}
	return f, rest, nil
}

var extraHeader = cast.MustOverlay[ExtraHeader]()

// Local returns the file's local header.
func (f *File) Local() (*LocalFileHeader, error) {
	if f.HeaderOffset < 0 || f.HeaderOffset > int64(len(f.r.data)) {
		return nil, io.ErrUnexpectedEOF
	}
	h, _, err := cast.Prefix[LocalFileHeader](f.r.data[f.HeaderOffset:])
	if err != nil {
		return nil, io.ErrUnexpectedEOF
	}
	if h.Signature.Get() != LocalFileHeaderSignature {
		return nil, ErrFormat
	}
	return h, nil
}

// DataOffset returns the offset of the file's (possibly compressed) data.
func (f *File) DataOffset() (int64, error) {
	h, err := f.Local()
	if err != nil {
		return 0, err
	}
	return f.HeaderOffset + int64(len(cast.Bytes(h))) + int64(h.NameLen.Get()) + int64(h.ExtraLen.Get()), nil
}

// RawData returns the file's data as stored (compressed or not): a view of
// the archive, cut short if the archive is.
func (f *File) RawData() ([]byte, error) {
	off, err := f.DataOffset()
	if err != nil {
		return nil, err
	}
	data := f.r.data
	if off > int64(len(data)) {
		return data[len(data):], nil
	}
	n := min(f.CompressedSize64, uint64(len(data))-uint64(off))
	return data[off : uint64(off)+n], nil
}

// extraLength is the length rule of an extra field's blocks: the 16-bit
// size at byte 2 counts the data after the 4-byte block header.
var extraLength = cast.Length{Offset: 2, Size: 2, Order: binary.LittleEndian, Scale: 1, Bias: 4}

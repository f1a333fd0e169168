package zip_test

import (
	stdzip "archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/internal/formats/testfiles"
	"github.com/go-overlay/overlay/internal/formats/zip"
)

func TestSizes(t *testing.T) {
	// The records are packed: these sizes are not multiples of their
	// fields' natural alignment, which endian's alignment-1 types allow.
	assert.Equal(t, 30, int(unsafe.Sizeof(zip.LocalFileHeader{})))
	assert.Equal(t, 46, int(unsafe.Sizeof(zip.DirectoryHeader{})))
	assert.Equal(t, 22, int(unsafe.Sizeof(zip.DirectoryEnd{})))
	assert.Equal(t, 20, int(unsafe.Sizeof(zip.Directory64Locator{})))
	assert.Equal(t, 56, int(unsafe.Sizeof(zip.Directory64End{})))
	assert.Equal(t, 16, int(unsafe.Sizeof(zip.DataDescriptor{})))
	assert.Equal(t, 4, int(unsafe.Sizeof(zip.ExtraHeader{})))
	for _, err := range []error{
		cast.Check[zip.LocalFileHeader](), cast.Check[zip.DirectoryHeader](), cast.Check[zip.DirectoryEnd](),
		cast.Check[zip.Directory64Locator](), cast.Check[zip.Directory64End](), cast.Check[zip.DataDescriptor](),
		cast.Check[zip.ExtraHeader](),
	} {
		require.NoError(t, err)
	}
	// Castable at an odd offset.
	b := make([]byte, 47)
	h, err := cast.To[zip.DirectoryHeader](b[1:])
	require.NoError(t, err)
	h.LocalHeaderOffset.Set(0xdeadbeef)
	assert.Equal(t, []byte{0xef, 0xbe, 0xad, 0xde}, b[43:47])
}

type tally struct {
	rejectedNames                    []string
	files, accepted, rejected        int
	entries, zip64, local, raw, read int
	end64                            int
}

func (c *tally) String() string {
	return fmt.Sprintf("%d archives (%d accepted, %d with a ZIP64 end record; %d rejected by both): %d entries (%d ZIP64) compared, %d local headers, %d raw data views, %d stored entries read",
		c.files, c.accepted, c.end64, c.rejected, c.entries, c.zip64, c.local, c.raw, c.read)
}

func compareArchive(t *testing.T, name string, data []byte, c *tally) {
	t.Helper()
	c.files++
	ref, refErr := stdzip.NewReader(bytes.NewReader(data), int64(len(data)))
	if errors.Is(refErr, stdzip.ErrInsecurePath) {
		refErr = nil // a policy warning: the reader is complete
	}
	r, err := zip.NewReader(data)
	if refErr != nil || err != nil {
		if assert.Equal(t, refErr == nil, err == nil, "%s: archive/zip error %v, NewReader error %v", name, refErr, err) {
			c.rejected++
			c.rejectedNames = append(c.rejectedNames, name)
		}
		return
	}
	c.accepted++
	if r.End64 != nil {
		c.end64++
	}
	assert.Equal(t, ref.Comment, string(r.Comment), name)
	require.Len(t, r.Files, len(ref.File), name)
	for i, rf := range ref.File {
		f := &r.Files[i]
		h := f.Header
		assert.Equal(t, []any{rf.Name, rf.Comment, rf.CreatorVersion, rf.ReaderVersion, rf.Flags, rf.Method,
			rf.ModifiedTime, rf.ModifiedDate, rf.CRC32, rf.CompressedSize, rf.UncompressedSize,
			rf.CompressedSize64, rf.UncompressedSize64, nilIfEmpty(rf.Extra), rf.ExternalAttrs},
			[]any{string(f.Name), string(f.Comment), h.CreatorVersion.Get(), h.ReaderVersion.Get(), h.Flags.Get(),
				h.Method.Get(), h.ModifiedTime.Get(), h.ModifiedDate.Get(), h.CRC32.Get(), h.CompressedSize.Get(),
				h.UncompressedSize.Get(), f.CompressedSize64, f.UncompressedSize64, nilIfEmpty(f.Extra), h.ExternalAttrs.Get()},
			"%s: entry %d", name, i)
		// The MS-DOS time and date through the generated accessors, as
		// archive/zip's ModTime decodes them.
		assert.Equal(t, rf.ModTime(), dosTime(h.Year1980(), h.Month(), h.Day(), h.Hour(), h.Minute(), h.Second2()), "%s: entry %d", name, i)
		c.entries++
		if f.Zip64 {
			c.zip64++
		}

		// The local header and data offset.
		wantOff, refErr := rf.DataOffset()
		gotOff, err := f.DataOffset()
		if !assert.Equal(t, refErr == nil, err == nil, "%s: entry %d: %v / %v", name, i, refErr, err) || err != nil {
			continue
		}
		assert.Equal(t, wantOff, gotOff, "%s: entry %d", name, i)
		c.local++
		// The local header's MS-DOS time and date, as archive/zip
		// decodes the same two words.
		l, err := f.Local()
		require.NoError(t, err)
		raw := &stdzip.FileHeader{ModifiedTime: l.ModifiedTime.Get(), ModifiedDate: l.ModifiedDate.Get()}                                                  //nolint:staticcheck // the MS-DOS fields are what is compared
		assert.Equal(t, raw.ModTime(), dosTime(l.Year1980(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second2()), "%s: entry %d local header", name, i) //nolint:staticcheck // ModTime is the oracle

		// The stored bytes: a view of the archive, equal to what
		// OpenRaw reads.
		rr, err := rf.OpenRaw()
		require.NoError(t, err)
		want, _ := io.ReadAll(rr)
		got, err := f.RawData()
		require.NoError(t, err)
		assert.Equal(t, nilIfEmpty(want), nilIfEmpty(got), "%s: entry %d raw data", name, i)
		c.raw++
		if h.Method.Get() == stdzip.Store && uint64(len(got)) == f.UncompressedSize64 && h.Flags.Get()&0x1 == 0 {
			rc, err := rf.Open()
			require.NoError(t, err)
			content, err := io.ReadAll(rc)
			if err == nil { // archive/zip checks the CRC: then so do we
				assert.Equal(t, nilIfEmpty(content), nilIfEmpty(got), "%s: entry %d", name, i)
				// archive/zip skips the check only for a directory, or a
				// zero CRC and no data descriptor.
				assert.True(t, strings.HasSuffix(rf.Name, "/") || h.CRC32.Get() == 0 && h.Flags.Get()&0x8 == 0 ||
					crc32.ChecksumIEEE(got) == rf.CRC32, "%s: entry %d CRC", name, i)
				c.read++
			}
			rc.Close()
		}
	}
}

func nilIfEmpty(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}

func TestTestdata(t *testing.T) {
	files, err := testfiles.Load("archive/zip")
	require.NoError(t, err)
	var c tally
	for _, tf := range files {
		compareArchive(t, tf.Name, tf.Data, &c)
	}
	t.Log(c.String())
	t.Logf("rejected by both: %q", c.rejectedNames)
	assert.Positive(t, c.rejected)
	assert.Positive(t, c.zip64)
}

// TestMutations corrupts the records that steer the directory search and
// checks that NewReader accepts exactly what archive/zip accepts.
func TestMutations(t *testing.T) {
	files, err := testfiles.Load("archive/zip")
	require.NoError(t, err)
	var c tally
	for _, tf := range files {
		data := tf.Data
		if len(data) > 1<<16 {
			data = data[len(data)-1<<16:] // keep it quick: the directory is at the end
		}
		r, err := zip.NewReader(data)
		if err != nil {
			continue
		}
		for _, n := range []int{1, 21, 22, 23, len(data) / 2} {
			compareArchive(t, fmt.Sprintf("%s[%d:]", tf.Name, n), data[n:], &c)
			compareArchive(t, fmt.Sprintf("%s[:%d]", tf.Name, len(data)-n), data[:len(data)-n], &c)
		}
		end := len(data) - 22 - len(r.Comment)
		for _, fo := range [][2]int{{8, 2}, {10, 2}, {12, 4}, {16, 4}, {20, 2}} {
			for _, v := range []uint32{0, 1, 0xffff, 0xffffffff, uint32(len(data))} {
				compareArchive(t, fmt.Sprintf("%s end@%d=%#x", tf.Name, fo[0], v), with(data, end+fo[0], fo[1], v), &c)
			}
		}
		dir := int(r.BaseOffset + int64(r.DirOffset))
		for i := range min(len(r.Files), 3) {
			for _, fo := range [][2]int{{0, 4}, {20, 4}, {24, 4}, {28, 2}, {30, 2}, {32, 2}, {42, 4}} {
				for _, v := range []uint32{0, 0xffff, 0xffffffff} {
					compareArchive(t, fmt.Sprintf("%s entry %d @%d=%#x", tf.Name, i, fo[0], v), with(data, dir+fo[0], fo[1], v), &c)
				}
			}
			h := r.Files[i].Header
			dir += 46 + int(h.NameLen.Get()) + int(h.ExtraLen.Get()) + int(h.CommentLen.Get())
		}
	}
	t.Log(c.String())
}

func with(data []byte, off, size int, v uint32) []byte {
	m := bytes.Clone(data)
	if size == 2 {
		binary.LittleEndian.PutUint16(m[off:], uint16(v))
	} else {
		binary.LittleEndian.PutUint32(m[off:], v)
	}
	return m
}

// TestWriterRoundTrip writes archives with archive/zip, including ZIP64
// ones and a prefix, and reads them back with NewReader.
func TestWriterRoundTrip(t *testing.T) {
	var c tally
	for _, zip64 := range []bool{false, true} {
		var buf bytes.Buffer
		buf.WriteString("#!/bin/sh\nexec unzip \"$0\"\n") // a self-extracting prefix
		w := stdzip.NewWriter(&buf)
		w.SetOffset(int64(buf.Len()))
		for i := range 300 {
			fh := &stdzip.FileHeader{Name: fmt.Sprintf("dir/file%03d.txt", i), Method: stdzip.Store, Comment: "c"}
			if i%2 == 1 {
				fh.Method = stdzip.Deflate
			}
			if zip64 && i%3 == 0 {
				// Claimed sizes above 4 GiB force ZIP64 extra fields;
				// CreateRaw writes the claim without checking it.
				fh.Method = stdzip.Store
				fh.CompressedSize64, fh.UncompressedSize64 = 1<<32+uint64(i), 1<<32+uint64(i)
				fw, err := w.CreateRaw(fh)
				require.NoError(t, err)
				fmt.Fprintf(fw, "raw %d\n", i)
				continue
			}
			fw, err := w.CreateHeader(fh)
			require.NoError(t, err)
			fmt.Fprintf(fw, "content of file %d\n", i)
		}
		require.NoError(t, w.SetComment("archive comment"))
		require.NoError(t, w.Close())
		compareArchive(t, fmt.Sprintf("written zip64=%v", zip64), buf.Bytes(), &c)
	}
	t.Log(c.String())
	assert.Equal(t, 2, c.accepted)
	assert.Equal(t, 100, c.zip64)
}

func FuzzNewReader(f *testing.F) {
	files, err := testfiles.Load("archive/zip")
	require.NoError(f, err)
	for _, tf := range files {
		if len(tf.Data) < 1<<14 {
			f.Add(tf.Data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var c tally
		compareArchive(t, "fuzz", data, &c)
	})
}

// dosTime is the time of the sub-fields of an MS-DOS date and time, as
// archive/zip's FileHeader.ModTime builds it (time.Date normalizes
// out-of-range values the same way for both).
func dosTime(year1980, month, day, hour, minute, second2 uint8) time.Time {
	return time.Date(int(year1980)+1980, time.Month(month), int(day), int(hour), int(minute), int(second2)*2, 0, time.UTC)
}

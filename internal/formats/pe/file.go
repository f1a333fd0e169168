package pe

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// File is a PE image or COFF object in memory. Its fields point into the
// bytes given to [Parse]: nothing is copied, and writes through the
// overlays change those bytes.
//
// Parse accepts and rejects the same files as debug/pe.NewFile: the tests
// check it on the Go toolchain's PE test files and on corrupted variants.
type File struct {
	data []byte

	// DOS is the MS-DOS header of an image; nil for an object file, which
	// starts with the COFF file header.
	DOS *DOSHeader
	// Header is the COFF file header.
	Header *FileHeader
	// Optional32 or Optional64 is the optional header, following its
	// magic; both are nil if SizeOfOptionalHeader is 0.
	Optional32 *OptionalHeader32
	Optional64 *OptionalHeader64
	// DataDirectories are the NumberOfRvaAndSizes entries that follow the
	// optional header.
	DataDirectories []DataDirectory
	// Sections are the section headers.
	Sections []SectionHeader
	// Symbols are the COFF symbol table records, auxiliary records
	// included (read one with AuxFormat5).
	Symbols []COFFSymbol
	// StringTable is the COFF string table after its 4-byte length; nil if
	// there is none. String table offsets count the length: offset 4 is
	// StringTable[0].
	StringTable []byte

	relocs [][]Reloc
}

// FormatError reports a malformed PE file.
type FormatError struct {
	Off int64
	Msg string
}

func (e *FormatError) Error() string { return fmt.Sprintf("pe: %s at offset %#x", e.Msg, e.Off) }

// dosHeaderRead is how many bytes debug/pe reads for the MS-DOS header; it
// rejects shorter files.
const dosHeaderRead = 96

// span returns data[off:off+n], or an error if that is not inside data.
func span(data []byte, off, n uint64, what string) ([]byte, error) {
	if n == 0 {
		return data[:0:0], nil // an empty read succeeds at any offset, as in the debug packages
	}
	if off > uint64(len(data)) || n > uint64(len(data))-off {
		return nil, &FormatError{int64(off), fmt.Sprintf("%s (%d bytes) extends past end of file", what, n)}
	}
	return data[off : off+n], nil
}

// Parse validates data as a PE image or COFF object file.
func Parse(data []byte) (*File, error) {
	f := &File{data: data}
	if len(data) < dosHeaderRead {
		return nil, &FormatError{0, "file too short"}
	}
	var base uint64
	if data[0] == 'M' && data[1] == 'Z' {
		dos, _, err := cast.Prefix[DOSHeader](data)
		if err != nil {
			return nil, err
		}
		f.DOS = dos
		signoff := uint64(dos.Lfanew.Get())
		sig, _ := span(data, signoff, 4, "PE signature")
		if !bytes.Equal(sig, Signature[:]) {
			return nil, &FormatError{int64(signoff), fmt.Sprintf("invalid PE file signature: % x", sig)}
		}
		base = signoff + 4
	}
	b, err := span(data, base, 20, "COFF file header")
	if err != nil {
		return nil, err
	}
	if f.Header, err = cast.To[FileHeader](b); err != nil {
		return nil, err
	}
	h := f.Header
	switch h.Machine.Get() {
	case IMAGE_FILE_MACHINE_AMD64, IMAGE_FILE_MACHINE_ARM64, IMAGE_FILE_MACHINE_ARMNT,
		IMAGE_FILE_MACHINE_I386, IMAGE_FILE_MACHINE_RISCV32, IMAGE_FILE_MACHINE_RISCV64,
		IMAGE_FILE_MACHINE_RISCV128, IMAGE_FILE_MACHINE_UNKNOWN:
	default:
		return nil, &FormatError{int64(base), fmt.Sprintf("unrecognized PE machine: %#x", h.Machine.Get())}
	}

	// String table: right after the symbol table, a 4-byte length that
	// counts itself, then the strings. The offset wraps at 32 bits, as in
	// debug/pe.
	symPtr, nsyms := h.PointerToSymbolTable.Get(), h.NumberOfSymbols.Get()
	if symPtr > 0 {
		off := uint64(symPtr + COFFSymbolSize*nsyms)
		lb, err := span(data, off, 4, "string table length")
		if err != nil {
			return nil, err
		}
		l, err := cast.Read[endian.U32LE](lb)
		if err != nil {
			return nil, err
		}
		if n := l.Get(); n > 4 {
			if f.StringTable, err = span(data, off+4, uint64(n-4), "string table"); err != nil {
				return nil, err
			}
		}
	}

	// COFF symbols, auxiliary records included.
	if symPtr != 0 && nsyms > 0 {
		tab, err := span(data, uint64(symPtr), uint64(nsyms)*COFFSymbolSize, "symbol table")
		if err != nil {
			return nil, err
		}
		if f.Symbols, err = cast.Slice[COFFSymbol](tab); err != nil {
			return nil, err
		}
		for i := 0; i < len(f.Symbols); i++ {
			naux := int(f.Symbols[i].NumberOfAuxSymbols)
			if _, err := f.SymbolName(i); err != nil {
				return nil, err
			}
			if naux > len(f.Symbols)-1-i {
				return nil, &FormatError{int64(symPtr), fmt.Sprintf("fail to read symbol table: %d aux symbols unread", naux-(len(f.Symbols)-1-i))}
			}
			i += naux
		}
	}

	// Optional header and data directories.
	pos := base + 20
	sz := uint64(h.SizeOfOptionalHeader.Get())
	if sz > 0 {
		if sz < 2 {
			return nil, &FormatError{int64(pos), "optional header size is less than optional header magic size"}
		}
		mb, err := span(data, pos, 2, "optional header magic")
		if err != nil {
			return nil, err
		}
		magic, err := cast.Read[endian.U16LE](mb)
		if err != nil {
			return nil, err
		}
		var fixed uint64
		var ndirs uint32
		switch magic := magic.Get(); magic {
		case PE32Magic:
			fixed = 96
			if sz < fixed {
				return nil, &FormatError{int64(pos), fmt.Sprintf("optional header size(%d) is less minimum size (%d) of PE32 optional header", sz, fixed)}
			}
			b, err := span(data, pos, fixed, "PE32 optional header")
			if err != nil {
				return nil, err
			}
			if f.Optional32, err = cast.To[OptionalHeader32](b); err != nil {
				return nil, err
			}
			ndirs = f.Optional32.NumberOfRvaAndSizes.Get()
		case PE32PlusMagic:
			fixed = 112
			if sz < fixed {
				return nil, &FormatError{int64(pos), fmt.Sprintf("optional header size(%d) is less minimum size (%d) for PE32+ optional header", sz, fixed)}
			}
			b, err := span(data, pos, fixed, "PE32+ optional header")
			if err != nil {
				return nil, err
			}
			if f.Optional64, err = cast.To[OptionalHeader64](b); err != nil {
				return nil, err
			}
			ndirs = f.Optional64.NumberOfRvaAndSizes.Get()
		default:
			return nil, &FormatError{int64(pos), fmt.Sprintf("optional header has unexpected Magic of %#x", magic)}
		}
		if sz-fixed != uint64(ndirs)*8 {
			return nil, &FormatError{int64(pos), fmt.Sprintf("size of data directories(%d) is inconsistent with number of data directories(%d)", sz-fixed, ndirs)}
		}
		b, err := span(data, pos+fixed, sz-fixed, "data directories")
		if err != nil {
			return nil, err
		}
		if f.DataDirectories, _, err = cast.SlicePrefix[DataDirectory](b, int(ndirs)); err != nil {
			return nil, err
		}
		pos += sz
	}

	// Section headers, names and relocations.
	nsec := uint64(h.NumberOfSections.Get())
	tab, err := span(data, pos, nsec*40, "section table")
	if err != nil {
		return nil, err
	}
	if f.Sections, _, err = cast.SlicePrefix[SectionHeader](tab, int(nsec)); err != nil {
		return nil, err
	}
	for i := range f.Sections {
		if _, err := f.SectionName(i); err != nil {
			return nil, err
		}
	}
	f.relocs = make([][]Reloc, len(f.Sections))
	for i := range f.Sections {
		s := &f.Sections[i]
		n := uint64(s.NumberOfRelocations.Get())
		if n == 0 {
			continue
		}
		b, err := span(data, uint64(s.PointerToRelocations.Get()), n*10, "relocations")
		if err != nil {
			return nil, err
		}
		if f.relocs[i], _, err = cast.SlicePrefix[Reloc](b, int(n)); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// Data returns the bytes f was parsed from.
func (f *File) Data() []byte { return f.data }

// SectionData returns the raw data of section i, a view of the file. It is
// nil for a section with no data in the file (PointerToRawData 0, such as
// .bss, which debug/pe reads as zeros), and an error if the data extends
// past the end of the file.
func (f *File) SectionData(i int) ([]byte, error) {
	s := &f.Sections[i]
	if s.PointerToRawData.Get() == 0 {
		return nil, nil
	}
	return span(f.data, uint64(s.PointerToRawData.Get()), uint64(s.SizeOfRawData.Get()), "section data")
}

// Relocs returns the relocations of section i, a view of the file.
func (f *File) Relocs(i int) []Reloc { return f.relocs[i] }

// String returns the NUL-terminated string at offset off of the string
// table; offsets count the table's 4-byte length, as in COFF.
func (f *File) String(off uint32) (string, error) {
	if off < 4 {
		return "", fmt.Errorf("pe: offset %d is before the start of string table", off)
	}
	start := uint64(off - 4)
	if start > uint64(len(f.StringTable)) {
		return "", fmt.Errorf("pe: offset %d is beyond the end of string table", start)
	}
	return cast.GoString(f.StringTable[start:]), nil
}

// SectionName returns the name of section i: its Name field, or for a
// "/123" name, the string at that offset of the string table.
func (f *File) SectionName(i int) (string, error) {
	name := f.Sections[i].Name
	if name[0] != '/' {
		return cast.GoString(name[:]), nil
	}
	off, err := strconv.Atoi(cast.GoString(name[1:]))
	if err != nil {
		return "", fmt.Errorf("pe: section %d name %q: %w", i, name[:], err)
	}
	return f.String(uint32(off))
}

// SymbolName returns the name of symbol record i: its Name field, or, if
// the first four bytes are zero, the string table entry the last four give.
func (f *File) SymbolName(i int) (string, error) {
	name := &f.Symbols[i].Name
	if name[0] == 0 && name[1] == 0 && name[2] == 0 && name[3] == 0 {
		if off := uint32(name[4]) | uint32(name[5])<<8 | uint32(name[6])<<16 | uint32(name[7])<<24; off != 0 {
			return f.String(off)
		}
	}
	return cast.GoString(name[:]), nil
}

// AuxFormat5 returns symbol record i read as a section definition's
// auxiliary record: the same 18 bytes, overlaid with another type.
func (f *File) AuxFormat5(i int) (*COFFSymbolAuxFormat5, error) {
	return cast.To[COFFSymbolAuxFormat5](cast.Bytes(&f.Symbols[i]))
}

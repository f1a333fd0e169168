package elf

import (
	"errors"
	"fmt"
	"math"
	"unsafe"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// FormatError reports a malformed ELF file: what is wrong and at which file
// offset.
type FormatError struct {
	Off int64
	Msg string
	Val any
}

func (e *FormatError) Error() string {
	if e.Val == nil {
		return fmt.Sprintf("elf: %s at offset %#x", e.Msg, e.Off)
	}
	return fmt.Sprintf("elf: %s %v at offset %#x", e.Msg, e.Val, e.Off)
}

// ErrNoSymbols is returned by [File.Symbols] when the file has no symbol
// table of the requested type, or an empty one.
var ErrNoSymbols = errors.New("elf: no symbol section")

// File is an ELF file in memory: a byte slice, often a read-only mapping
// of the file. It validates the file header and the program and section
// header tables once, in [Parse], and then reads entries straight from the
// bytes through the overlays, whatever the file's class and byte order.
// Apart from the section names, nothing is copied.
//
// File accepts and rejects the same files as debug/elf.NewFile (the tests
// check this on the Go toolchain's ELF test files), except that it does not
// decompress a compressed section name table.
type File struct {
	FileHeader

	data     []byte
	big      bool // ELFDATA2MSB
	is64     bool // ELFCLASS64
	shent    int  // section header table stride
	shnum    int
	shstrndx int
	phent    int
	phnum    int
	shstrtab []byte

	// section and prog decode entry i of the section and program header
	// tables, cast.Tables of the file's class and byte order.
	section func(i int) SectionHeader
	prog    func(i int) ProgHeader
}

// Parse validates data as an ELF file.
func Parse(data []byte) (*File, error) {
	id, _, err := cast.Prefix[Ident](data)
	if err != nil {
		return nil, &FormatError{0, "file too short for ELF identification", len(data)}
	}
	if id.Magic != Magic {
		return nil, &FormatError{0, "bad magic number", id.Magic}
	}
	f := &File{data: data}
	switch id.Class {
	case ELFCLASS32:
	case ELFCLASS64:
		f.is64 = true
	default:
		return nil, &FormatError{0, "unknown ELF class", id.Class}
	}
	switch id.Data {
	case ELFDATA2LSB:
	case ELFDATA2MSB:
		f.big = true
	default:
		return nil, &FormatError{0, "unknown ELF data encoding", id.Data}
	}
	if id.Version != EV_CURRENT {
		return nil, &FormatError{0, "unknown ELF version", id.Version}
	}
	if f.big {
		err = parse[endian.Big](f)
	} else {
		err = parse[endian.Little](f)
	}
	if err != nil {
		return nil, err
	}
	return f, nil
}

// span returns data[off:off+n], or an error if that is not inside data.
func span(data []byte, off, n uint64, what string) ([]byte, error) {
	if n == 0 {
		return data[:0:0], nil // as debug/elf: an empty read succeeds at any offset
	}
	if off > uint64(len(data)) || n > uint64(len(data))-off {
		return nil, &FormatError{int64(off), what + " extends past end of file", n}
	}
	return data[off : off+n], nil
}

// table casts the n entries of a header table at off, stride bytes apart,
// and returns a function that decodes entry i. debug/elf reads n*stride
// bytes, so the whole of them must be in the file, although the last entry
// needs only the struct's size; Parse has checked that stride is at least
// that size when n > 0.
func table[T any, D any](data []byte, off uint64, n, stride int, what string, decode func(*T) D) (func(int) D, error) {
	b, err := span(data, off, uint64(n)*uint64(stride), what)
	if err != nil || n == 0 {
		return func(int) D { panic("elf: index out of range of an empty " + what) }, err
	}
	t, err := cast.NewTable[T](b, n, stride)
	if err != nil {
		return nil, &FormatError{int64(off), what + ": " + err.Error(), nil}
	}
	return func(i int) D { return decode(t.At(i)) }, nil
}

func parse[O endian.Order](f *File) error {
	var wantPh, wantSh uint64
	if f.is64 {
		h, _, err := cast.Prefix[Ehdr64[O]](f.data)
		if err != nil {
			return &FormatError{0, "file too short for ELF header", len(f.data)}
		}
		f.FileHeader = h.Decode()
		wantPh, wantSh = uint64(unsafe.Sizeof(Phdr64[O]{})), uint64(unsafe.Sizeof(Shdr64[O]{}))
	} else {
		h, _, err := cast.Prefix[Ehdr32[O]](f.data)
		if err != nil {
			return &FormatError{0, "file too short for ELF header", len(f.data)}
		}
		f.FileHeader = h.Decode()
		wantPh, wantSh = uint64(unsafe.Sizeof(Phdr32[O]{})), uint64(unsafe.Sizeof(Shdr32[O]{}))
	}
	h := &f.FileHeader
	// debug/elf compares only the low byte of e_version (its Version
	// type is a byte); do the same, to accept the same files.
	if uint8(h.Version) != h.Ident.Version {
		return &FormatError{0, "mismatched ELF version", h.Version}
	}
	if int64(h.Shoff) < 0 {
		return &FormatError{0, "invalid shoff", int64(h.Shoff)}
	}
	if int64(h.Phoff) < 0 {
		return &FormatError{0, "invalid phoff", int64(h.Phoff)}
	}
	f.shnum, f.shstrndx, f.shent = int(h.Shnum), int(h.Shstrndx), int(h.Shentsize)
	f.phnum, f.phent = int(h.Phnum), int(h.Phentsize)
	if h.Shoff == 0 && f.shnum != 0 {
		return &FormatError{0, "invalid ELF shnum for shoff=0", f.shnum}
	}
	if f.shnum > 0 && f.shstrndx >= f.shnum {
		return &FormatError{0, "invalid ELF shstrndx", f.shstrndx}
	}
	if f.phnum > 0 && uint64(f.phent) < wantPh {
		return &FormatError{0, "invalid ELF phentsize", f.phent}
	}

	var err error
	if f.is64 {
		f.prog, err = table(f.data, h.Phoff, f.phnum, f.phent, "program header table", (*Phdr64[O]).Decode)
	} else {
		f.prog, err = table(f.data, h.Phoff, f.phnum, f.phent, "program header table", (*Phdr32[O]).Decode)
	}
	if err != nil {
		return err
	}
	for i := range f.phnum {
		p := f.Prog(i)
		if int64(p.Offset) < 0 {
			return &FormatError{int64(h.Phoff) + int64(i*f.phent), "invalid program header offset", p.Offset}
		}
		if int64(p.Filesz) < 0 {
			return &FormatError{int64(h.Phoff) + int64(i*f.phent), "invalid program header file size", p.Filesz}
		}
	}

	// Extended numbering: with 0xff00 sections or more, e_shnum is 0 and
	// the count is in section 0's sh_size (and e_shstrndx in its sh_link).
	if h.Shoff > 0 && f.shnum == 0 {
		b, err := span(f.data, h.Shoff, wantSh, "section header 0")
		if err != nil {
			return err
		}
		var s0 SectionHeader
		if f.is64 {
			s0 = decode0[Shdr64[O]](b, (*Shdr64[O]).Decode)
		} else {
			s0 = decode0[Shdr32[O]](b, (*Shdr32[O]).Decode)
		}
		if s0.Type != SHT_NULL {
			return &FormatError{int64(h.Shoff), "invalid type of the initial section", s0.Type}
		}
		if s0.Size < SHN_LORESERVE || s0.Size > math.MaxInt32 {
			return &FormatError{int64(h.Shoff), "invalid ELF shnum contained in sh_size", s0.Size}
		}
		f.shnum = int(s0.Size)
		if f.shstrndx == SHN_XINDEX {
			f.shstrndx = int(s0.Link)
			if f.shstrndx < SHN_LORESERVE {
				return &FormatError{int64(h.Shoff), "invalid ELF shstrndx contained in sh_link", f.shstrndx}
			}
		}
		if f.shstrndx >= f.shnum {
			return &FormatError{0, "invalid ELF shstrndx", f.shstrndx}
		}
	}
	if f.shnum > 0 && uint64(f.shent) < wantSh {
		return &FormatError{0, "invalid ELF shentsize", f.shent}
	}
	if f.is64 {
		f.section, err = table(f.data, h.Shoff, f.shnum, f.shent, "section header table", (*Shdr64[O]).Decode)
	} else {
		f.section, err = table(f.data, h.Shoff, f.shnum, f.shent, "section header table", (*Shdr32[O]).Decode)
	}
	if err != nil {
		return err
	}
	for i := range f.shnum {
		s := f.Section(i)
		off := int64(h.Shoff) + int64(i*f.shent)
		if int64(s.Offset) < 0 {
			return &FormatError{off, "invalid section offset", int64(s.Offset)}
		}
		if int64(s.Size) < 0 {
			return &FormatError{off, "invalid section size", int64(s.Size)}
		}
		if s.Flags&SHF_COMPRESSED != 0 {
			if _, err := f.Compression(i); err != nil {
				return err
			}
		}
	}
	if f.shnum == 0 || f.shstrndx == 0 {
		return nil
	}
	shstr := f.Section(f.shstrndx)
	if shstr.Type != SHT_STRTAB {
		return &FormatError{int64(h.Shoff) + int64(f.shstrndx*f.shent), "invalid ELF section name string table type", shstr.Type}
	}
	if shstr.Flags&SHF_COMPRESSED != 0 {
		return &FormatError{int64(shstr.Offset), "compressed section name string table not supported", nil}
	}
	if f.shstrtab, err = f.SectionData(f.shstrndx); err != nil {
		return err
	}
	for i := range f.shnum {
		if _, ok := CString(f.shstrtab, f.Section(i).Name); !ok {
			return &FormatError{int64(h.Shoff) + int64(i*f.shent), "bad section name index", f.Section(i).Name}
		}
	}
	return nil
}

// Data returns the bytes f was parsed from.
func (f *File) Data() []byte { return f.data }

// Big reports whether the file is big-endian (ELFDATA2MSB).
func (f *File) Big() bool { return f.big }

// Is64 reports whether the file is ELFCLASS64.
func (f *File) Is64() bool { return f.is64 }

// NumSections returns the number of section headers, including the null
// section 0 and taking extended numbering into account.
func (f *File) NumSections() int { return f.shnum }

// Shstrndx returns the index of the section name string table, taking
// extended numbering into account.
func (f *File) Shstrndx() int { return f.shstrndx }

// NumProgs returns the number of program headers.
func (f *File) NumProgs() int { return f.phnum }

// Section returns section header i, for 0 <= i < NumSections().
func (f *File) Section(i int) SectionHeader { return f.section(i) }

// Prog returns program header i, for 0 <= i < NumProgs().
func (f *File) Prog(i int) ProgHeader { return f.prog(i) }

// decode0 decodes the T at the start of b, which span has checked holds
// one.
func decode0[T any, D any](b []byte, decode func(*T) D) D {
	p, _, err := cast.Prefix[T](b)
	if err != nil {
		panic(err) // unreachable: b holds a whole T, of alignment 1
	}
	return decode(p)
}

// SectionName returns the name of section i: a view of the section name
// string table, not a copy.
func (f *File) SectionName(i int) []byte {
	name, _ := CString(f.shstrtab, f.Section(i).Name)
	return name
}

// SectionData returns the bytes of section i as stored in the file (still
// compressed if SHF_COMPRESSED is set): a view of f's data, not a copy.
// It fails for an SHT_NOBITS section and for one that extends past the
// end of the file.
func (f *File) SectionData(i int) ([]byte, error) {
	s := f.Section(i)
	if s.Type == SHT_NOBITS {
		return nil, &FormatError{int64(s.Offset), "SHT_NOBITS section has no data", i}
	}
	return span(f.data, s.Offset, s.Size, "section")
}

// contents returns the bytes of section i as debug/elf's Section.Data
// would, without decompressing: empty for a section of (uncompressed) size
// 0, whatever its type or offset, and an error for compressed contents.
func (f *File) contents(i int) ([]byte, error) {
	s := f.Section(i)
	if s.Flags&SHF_COMPRESSED != 0 {
		ch, err := f.Compression(i)
		if err != nil {
			return nil, err
		}
		if ch.Size == 0 {
			return nil, nil
		}
		return nil, &FormatError{int64(s.Offset), "compressed section contents not supported", i}
	}
	if s.Size == 0 {
		return nil, nil
	}
	return f.SectionData(i)
}

// Compression returns the compression header of section i, which must have
// SHF_COMPRESSED set.
func (f *File) Compression(i int) (CompressionHeader, error) {
	s := f.Section(i)
	if s.Flags&SHF_COMPRESSED == 0 {
		return CompressionHeader{}, &FormatError{int64(s.Offset), "section is not compressed", i}
	}
	// Only the header must be in the file, as for debug/elf.
	n := uint64(unsafe.Sizeof(Chdr32[endian.Little]{}))
	if f.is64 {
		n = uint64(unsafe.Sizeof(Chdr64[endian.Little]{}))
	}
	b, err := span(f.data, s.Offset, min(n, s.Size), "compressed section")
	if err != nil {
		return CompressionHeader{}, err
	}
	if f.big {
		return compression[endian.Big](f, b, s.Offset)
	}
	return compression[endian.Little](f, b, s.Offset)
}

func compression[O endian.Order](f *File, b []byte, off uint64) (CompressionHeader, error) {
	if f.is64 {
		c, _, err := cast.Prefix[Chdr64[O]](b)
		if err != nil {
			return CompressionHeader{}, &FormatError{int64(off), "compressed section too short for header", len(b)}
		}
		return c.Decode(), nil
	}
	c, _, err := cast.Prefix[Chdr32[O]](b)
	if err != nil {
		return CompressionHeader{}, &FormatError{int64(off), "compressed section too short for header", len(b)}
	}
	return c.Decode(), nil
}

// CString returns the NUL-terminated string at off in the string table tab,
// without the NUL, and whether there is one: off inside tab and a NUL after
// it.
func CString(tab []byte, off uint32) ([]byte, bool) {
	if uint64(off) >= uint64(len(tab)) {
		return nil, false
	}
	return cast.CString(tab[off:])
}

// Symbols is a symbol table of a File: entries are decoded on access.
type Symbols struct {
	Section int // index of the symbol table section
	at      func(i int) Symbol
	strtab  []byte // the linked string table
	n       int
}

// SymbolTable returns the first section of type typ (SHT_SYMTAB or
// SHT_DYNSYM) as a symbol table, following debug/elf: ErrNoSymbols if there
// is none or it is empty, an error if its size is not a whole number of
// entries or its string table link is invalid.
func (f *File) SymbolTable(typ uint32) (Symbols, error) {
	idx := -1
	for i := range f.shnum {
		if f.Section(i).Type == typ {
			idx = i
			break
		}
	}
	if idx < 0 {
		return Symbols{}, ErrNoSymbols
	}
	return f.SymbolsIn(idx)
}

// SymbolsIn returns section idx, which should be of type SHT_SYMTAB or
// SHT_DYNSYM, as a symbol table.
func (f *File) SymbolsIn(idx int) (Symbols, error) {
	if idx < 0 || idx >= f.shnum {
		return Symbols{}, &FormatError{0, "no such section", idx}
	}
	s := f.Section(idx)
	tab, err := f.contents(idx)
	if err != nil {
		return Symbols{}, fmt.Errorf("elf: cannot load symbol section: %w", err)
	}
	if len(tab) == 0 {
		return Symbols{}, ErrNoSymbols
	}
	size := int(unsafe.Sizeof(Sym32[endian.Little]{}))
	if f.is64 {
		size = int(unsafe.Sizeof(Sym64[endian.Little]{}))
	}
	if len(tab)%size != 0 {
		return Symbols{}, &FormatError{int64(s.Offset), "length of symbol section is not a multiple of the symbol size", len(tab)}
	}
	if s.Link == 0 || uint64(s.Link) >= uint64(f.shnum) {
		return Symbols{}, &FormatError{int64(s.Offset), "section has invalid string table link", s.Link}
	}
	strtab, err := f.contents(int(s.Link))
	if err != nil {
		return Symbols{}, fmt.Errorf("elf: cannot load string table section: %w", err)
	}
	n := len(tab) / size
	var at func(int) Symbol
	switch {
	case f.big && f.is64:
		at, err = table(tab, 0, n, size, "symbol table", (*Sym64[endian.Big]).Decode)
	case f.big:
		at, err = table(tab, 0, n, size, "symbol table", (*Sym32[endian.Big]).Decode)
	case f.is64:
		at, err = table(tab, 0, n, size, "symbol table", (*Sym64[endian.Little]).Decode)
	default:
		at, err = table(tab, 0, n, size, "symbol table", (*Sym32[endian.Little]).Decode)
	}
	if err != nil {
		return Symbols{}, err // unreachable: tab holds n whole entries
	}
	return Symbols{Section: idx, at: at, strtab: strtab, n: n}, nil
}

// Len returns the number of entries, including the null symbol 0.
func (s Symbols) Len() int { return s.n }

// StringTable returns the linked string table.
func (s Symbols) StringTable() []byte { return s.strtab }

// At returns symbol i, for 0 <= i < Len().
func (s *Symbols) At(i int) Symbol {
	if s.at == nil {
		panic("elf: At on a zero Symbols")
	}
	return s.at(i)
}

// Name returns the name of symbol i, a view of the string table; nil when
// the name offset is invalid or no NUL ends the name before the end of the
// table (debug/elf gives "" for both).
func (s *Symbols) Name(i int) []byte {
	name, ok := CString(s.strtab, s.At(i).Name)
	if !ok {
		return nil
	}
	return name
}

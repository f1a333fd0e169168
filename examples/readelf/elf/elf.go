// Package elf defines overlays for the ELF file format: the file header,
// section header, program header, symbol, relocation entry and compression
// header, for 32-bit and 64-bit files in both byte orders. The sub-fields
// of symbols' st_info and st_other and of relocations' r_info are declared
// by bits tags; their accessors (Bind, Type, Visibility, Sym) are generated
// into bits_gen.go by cmd/overlaybits.
//
// # Byte order is a type parameter
//
// An ELF file states its byte order in e_ident[EI_DATA], so a reader learns
// it only at run time. Every multi-byte field is therefore a
// [endian.U32], [endian.U64] and so on, whose order is the type
// parameter O, either [endian.Little] or [endian.Big]:
//
//	sh, err := cast.Slice[elf.Shdr64[endian.Big]](table)
//	off := sh[3].Offset.Get()
//
// One definition serves both orders, and code written once as a generic
// function over O is compiled once for both (the orders share a GC shape)
// and tests O as it runs: endian/order.go measures what that costs, 15-25%
// more CPU than hard-coded order.
// A program reads the 16-byte [Ident], then dispatches once:
//
//	switch id.Data {
//	case elf.ELFDATA2LSB:
//		err = walk[endian.Little](data)
//	case elf.ELFDATA2MSB:
//		err = walk[endian.Big](data)
//	}
//
// The word size (ELFCLASS32, ELFCLASS64) changes field order as well as
// width (compare [Sym32] with [Sym64]), so it is a separate type, not a
// parameter. Each overlay has a Decode method that returns a class-neutral
// copy in Go numbers ([FileHeader], [SectionHeader], [ProgHeader],
// [Symbol]); [File] uses them to offer one API over all four kinds of file.
//
// All overlay types are padding-free on every GOARCH, begin with
// structs.HostLayout, and have alignment 1, so they can be cast at any
// offset, including from a memory-mapped file.
package elf

//go:generate go run github.com/go-overlay/overlay/cmd/overlaybits

import (
	"structs"

	"github.com/go-overlay/overlay/endian"
)

// Indexes into Ident, as in the ELF specification.
//
//nolint:revive // the ELF specification's names, as in debug/elf
const (
	EI_MAG0       = 0
	EI_CLASS      = 4
	EI_DATA       = 5
	EI_VERSION    = 6
	EI_OSABI      = 7
	EI_ABIVERSION = 8
	EI_PAD        = 9
	EI_NIDENT     = 16
)

// Values of Ident.Class, Ident.Data and the version fields.
//
//nolint:revive // the ELF specification's names, as in debug/elf
const (
	ELFCLASSNONE = 0
	ELFCLASS32   = 1
	ELFCLASS64   = 2

	ELFDATANONE = 0
	ELFDATA2LSB = 1 // little-endian
	ELFDATA2MSB = 2 // big-endian

	EV_NONE    = 0
	EV_CURRENT = 1
)

// Magic is the value of Ident.Magic.
var Magic = [4]byte{0x7f, 'E', 'L', 'F'}

// Section types (sh_type), a selection.
//
//nolint:revive // the ELF specification's names, as in debug/elf
const (
	SHT_NULL           = 0
	SHT_PROGBITS       = 1
	SHT_SYMTAB         = 2
	SHT_STRTAB         = 3
	SHT_RELA           = 4 //nolint:misspell // the ELF name
	SHT_HASH           = 5
	SHT_DYNAMIC        = 6
	SHT_NOTE           = 7
	SHT_NOBITS         = 8
	SHT_REL            = 9
	SHT_SHLIB          = 10
	SHT_DYNSYM         = 11
	SHT_INIT_ARRAY     = 14
	SHT_FINI_ARRAY     = 15
	SHT_PREINIT_ARRAY  = 16
	SHT_GROUP          = 17
	SHT_SYMTAB_SHNDX   = 18
	SHT_GNU_ATTRIBUTES = 0x6ffffff5
	SHT_GNU_HASH       = 0x6ffffff6
	SHT_GNU_LIBLIST    = 0x6ffffff7
	SHT_GNU_VERDEF     = 0x6ffffffd
	SHT_GNU_VERNEED    = 0x6ffffffe
	SHT_GNU_VERSYM     = 0x6fffffff
)

// Section flags (sh_flags).
//
//nolint:revive // the ELF specification's names, as in debug/elf
const (
	SHF_WRITE            = 0x1
	SHF_ALLOC            = 0x2
	SHF_EXECINSTR        = 0x4
	SHF_MERGE            = 0x10
	SHF_STRINGS          = 0x20
	SHF_INFO_LINK        = 0x40
	SHF_LINK_ORDER       = 0x80
	SHF_OS_NONCONFORMING = 0x100
	SHF_GROUP            = 0x200
	SHF_TLS              = 0x400
	SHF_COMPRESSED       = 0x800
)

// Special section indexes.
//
//nolint:revive // the ELF specification's names, as in debug/elf
const (
	SHN_UNDEF     = 0
	SHN_LORESERVE = 0xff00
	SHN_ABS       = 0xfff1
	SHN_COMMON    = 0xfff2
	SHN_XINDEX    = 0xffff
)

// Ident is e_ident, the first 16 bytes of every ELF file. It is the same in
// both classes and byte orders, and says which of them the rest uses.
//
//layoutcheck:overlay
type Ident struct {
	_          structs.HostLayout
	Magic      [4]byte // 0x7f 'E' 'L' 'F'
	Class      uint8   // ELFCLASS32 or ELFCLASS64
	Data       uint8   // ELFDATA2LSB or ELFDATA2MSB
	Version    uint8   // EV_CURRENT
	OSABI      uint8
	ABIVersion uint8
	Pad        [7]byte
}

// Ehdr32 is Elf32_Ehdr, the file header of a 32-bit file (52 bytes).
//
//layoutcheck:overlay
type Ehdr32[O endian.Order] struct {
	_         structs.HostLayout
	Ident     Ident
	Type      endian.U16[O]
	Machine   endian.U16[O]
	Version   endian.U32[O]
	Entry     endian.U32[O]
	Phoff     endian.U32[O]
	Shoff     endian.U32[O]
	Flags     endian.U32[O]
	Ehsize    endian.U16[O]
	Phentsize endian.U16[O]
	Phnum     endian.U16[O]
	Shentsize endian.U16[O]
	Shnum     endian.U16[O]
	Shstrndx  endian.U16[O]
}

// Ehdr64 is Elf64_Ehdr, the file header of a 64-bit file (64 bytes).
//
//layoutcheck:overlay
type Ehdr64[O endian.Order] struct {
	_         structs.HostLayout
	Ident     Ident
	Type      endian.U16[O]
	Machine   endian.U16[O]
	Version   endian.U32[O]
	Entry     endian.U64[O]
	Phoff     endian.U64[O]
	Shoff     endian.U64[O]
	Flags     endian.U32[O]
	Ehsize    endian.U16[O]
	Phentsize endian.U16[O]
	Phnum     endian.U16[O]
	Shentsize endian.U16[O]
	Shnum     endian.U16[O]
	Shstrndx  endian.U16[O]
}

// Shdr32 is Elf32_Shdr, a section header of a 32-bit file (40 bytes).
//
//layoutcheck:overlay
type Shdr32[O endian.Order] struct {
	_         structs.HostLayout
	Name      endian.U32[O] // offset in the section name string table
	Type      endian.U32[O]
	Flags     endian.U32[O]
	Addr      endian.U32[O]
	Offset    endian.U32[O]
	Size      endian.U32[O]
	Link      endian.U32[O]
	Info      endian.U32[O]
	Addralign endian.U32[O]
	Entsize   endian.U32[O]
}

// Shdr64 is Elf64_Shdr, a section header of a 64-bit file (64 bytes).
//
//layoutcheck:overlay
type Shdr64[O endian.Order] struct {
	_         structs.HostLayout
	Name      endian.U32[O] // offset in the section name string table
	Type      endian.U32[O]
	Flags     endian.U64[O]
	Addr      endian.U64[O]
	Offset    endian.U64[O]
	Size      endian.U64[O]
	Link      endian.U32[O]
	Info      endian.U32[O]
	Addralign endian.U64[O]
	Entsize   endian.U64[O]
}

// Phdr32 is Elf32_Phdr, a program header of a 32-bit file (32 bytes).
//
//layoutcheck:overlay
type Phdr32[O endian.Order] struct {
	_      structs.HostLayout
	Type   endian.U32[O]
	Offset endian.U32[O]
	Vaddr  endian.U32[O]
	Paddr  endian.U32[O]
	Filesz endian.U32[O]
	Memsz  endian.U32[O]
	Flags  endian.U32[O]
	Align  endian.U32[O]
}

// Phdr64 is Elf64_Phdr, a program header of a 64-bit file (56 bytes). Flags
// comes second, unlike in Phdr32.
//
//layoutcheck:overlay
type Phdr64[O endian.Order] struct {
	_      structs.HostLayout
	Type   endian.U32[O]
	Flags  endian.U32[O]
	Offset endian.U64[O]
	Vaddr  endian.U64[O]
	Paddr  endian.U64[O]
	Filesz endian.U64[O]
	Memsz  endian.U64[O]
	Align  endian.U64[O]
}

// Sym32 is Elf32_Sym, a symbol table entry of a 32-bit file (16 bytes).
//
//layoutcheck:overlay
type Sym32[O endian.Order] struct {
	_     structs.HostLayout
	Name  endian.U32[O] // offset in the linked string table
	Value endian.U32[O]
	Size  endian.U32[O]
	Info  uint8 `bits:"Bind:4,Type:4"`    // STB_*, STT_*
	Other uint8 `bits:"_:6,Visibility:2"` // STV_*
	Shndx endian.U16[O]
}

// Sym64 is Elf64_Sym, a symbol table entry of a 64-bit file (24 bytes).
//
//layoutcheck:overlay
type Sym64[O endian.Order] struct {
	_     structs.HostLayout
	Name  endian.U32[O] // offset in the linked string table
	Info  uint8         `bits:"Bind:4,Type:4"`    // STB_*, STT_*
	Other uint8         `bits:"_:6,Visibility:2"` // STV_*
	Shndx endian.U16[O]
	Value endian.U64[O]
	Size  endian.U64[O]
}

// Chdr32 is Elf32_Chdr, the header at the start of a section with
// SHF_COMPRESSED set, in a 32-bit file (12 bytes).
//
//layoutcheck:overlay
type Chdr32[O endian.Order] struct {
	_         structs.HostLayout
	Type      endian.U32[O]
	Size      endian.U32[O] // uncompressed size
	Addralign endian.U32[O] // uncompressed alignment
}

// Chdr64 is Elf64_Chdr, the compression header in a 64-bit file (24 bytes).
//
//layoutcheck:overlay
type Chdr64[O endian.Order] struct {
	_         structs.HostLayout
	Type      endian.U32[O]
	Reserved  endian.U32[O]
	Size      endian.U64[O] // uncompressed size
	Addralign endian.U64[O] // uncompressed alignment
}

// Class-neutral copies, in Go numbers.

// FileHeader is a decoded Ehdr32 or Ehdr64.
type FileHeader struct {
	Ident                                                Ident
	Type, Machine                                        uint16
	Version                                              uint32
	Entry, Phoff, Shoff                                  uint64
	Flags                                                uint32
	Ehsize, Phentsize, Phnum, Shentsize, Shnum, Shstrndx uint16
}

// SectionHeader is a decoded Shdr32 or Shdr64.
type SectionHeader struct {
	Name, Type                uint32
	Flags, Addr, Offset, Size uint64
	Link, Info                uint32
	Addralign, Entsize        uint64
}

// ProgHeader is a decoded Phdr32 or Phdr64.
type ProgHeader struct {
	Type, Flags                                uint32
	Offset, Vaddr, Paddr, Filesz, Memsz, Align uint64
}

// Symbol is a decoded Sym32 or Sym64, with the same accessors for the
// sub-fields of Info and Other.
type Symbol struct {
	Name        uint32
	Info        uint8 `bits:"Bind:4,Type:4"`
	Other       uint8 `bits:"_:6,Visibility:2"`
	Shndx       uint16
	Value, Size uint64
}

// CompressionHeader is a decoded Chdr32 or Chdr64.
type CompressionHeader struct {
	Type            uint32
	Size, Addralign uint64
}

// Decode returns h in Go numbers.
func (h *Ehdr32[O]) Decode() FileHeader {
	return FileHeader{
		Ident: h.Ident, Type: h.Type.Get(), Machine: h.Machine.Get(), Version: h.Version.Get(),
		Entry: uint64(h.Entry.Get()), Phoff: uint64(h.Phoff.Get()), Shoff: uint64(h.Shoff.Get()),
		Flags: h.Flags.Get(), Ehsize: h.Ehsize.Get(), Phentsize: h.Phentsize.Get(), Phnum: h.Phnum.Get(),
		Shentsize: h.Shentsize.Get(), Shnum: h.Shnum.Get(), Shstrndx: h.Shstrndx.Get(),
	}
}

// Decode returns h in Go numbers.
func (h *Ehdr64[O]) Decode() FileHeader {
	return FileHeader{
		Ident: h.Ident, Type: h.Type.Get(), Machine: h.Machine.Get(), Version: h.Version.Get(),
		Entry: h.Entry.Get(), Phoff: h.Phoff.Get(), Shoff: h.Shoff.Get(),
		Flags: h.Flags.Get(), Ehsize: h.Ehsize.Get(), Phentsize: h.Phentsize.Get(), Phnum: h.Phnum.Get(),
		Shentsize: h.Shentsize.Get(), Shnum: h.Shnum.Get(), Shstrndx: h.Shstrndx.Get(),
	}
}

// Decode returns s in Go numbers.
func (s *Shdr32[O]) Decode() SectionHeader {
	return SectionHeader{
		Name: s.Name.Get(), Type: s.Type.Get(), Flags: uint64(s.Flags.Get()), Addr: uint64(s.Addr.Get()),
		Offset: uint64(s.Offset.Get()), Size: uint64(s.Size.Get()), Link: s.Link.Get(), Info: s.Info.Get(),
		Addralign: uint64(s.Addralign.Get()), Entsize: uint64(s.Entsize.Get()),
	}
}

// Decode returns s in Go numbers.
func (s *Shdr64[O]) Decode() SectionHeader {
	return SectionHeader{
		Name: s.Name.Get(), Type: s.Type.Get(), Flags: s.Flags.Get(), Addr: s.Addr.Get(),
		Offset: s.Offset.Get(), Size: s.Size.Get(), Link: s.Link.Get(), Info: s.Info.Get(),
		Addralign: s.Addralign.Get(), Entsize: s.Entsize.Get(),
	}
}

// Decode returns p in Go numbers.
func (p *Phdr32[O]) Decode() ProgHeader {
	return ProgHeader{
		Type: p.Type.Get(), Flags: p.Flags.Get(), Offset: uint64(p.Offset.Get()), Vaddr: uint64(p.Vaddr.Get()),
		Paddr: uint64(p.Paddr.Get()), Filesz: uint64(p.Filesz.Get()), Memsz: uint64(p.Memsz.Get()),
		Align: uint64(p.Align.Get()),
	}
}

// Decode returns p in Go numbers.
func (p *Phdr64[O]) Decode() ProgHeader {
	return ProgHeader{
		Type: p.Type.Get(), Flags: p.Flags.Get(), Offset: p.Offset.Get(), Vaddr: p.Vaddr.Get(),
		Paddr: p.Paddr.Get(), Filesz: p.Filesz.Get(), Memsz: p.Memsz.Get(), Align: p.Align.Get(),
	}
}

// Decode returns s in Go numbers.
func (s *Sym32[O]) Decode() Symbol {
	return Symbol{
		Name: s.Name.Get(), Info: s.Info, Other: s.Other, Shndx: s.Shndx.Get(),
		Value: uint64(s.Value.Get()), Size: uint64(s.Size.Get()),
	}
}

// Decode returns s in Go numbers.
func (s *Sym64[O]) Decode() Symbol {
	return Symbol{
		Name: s.Name.Get(), Info: s.Info, Other: s.Other, Shndx: s.Shndx.Get(),
		Value: s.Value.Get(), Size: s.Size.Get(),
	}
}

// Decode returns c in Go numbers.
func (c *Chdr32[O]) Decode() CompressionHeader {
	return CompressionHeader{Type: c.Type.Get(), Size: uint64(c.Size.Get()), Addralign: uint64(c.Addralign.Get())}
}

// Decode returns c in Go numbers.
func (c *Chdr64[O]) Decode() CompressionHeader {
	return CompressionHeader{Type: c.Type.Get(), Size: c.Size.Get(), Addralign: c.Addralign.Get()}
}

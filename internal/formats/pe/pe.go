// Package pe defines overlays for the PE/COFF file format of Windows
// executables, DLLs and object files: the MS-DOS stub header, the COFF file
// header, the PE32 and PE32+ optional headers with their data directories,
// section headers, relocations and COFF symbols.
//
// PE is always little-endian, so every field is one of package endian's
// little-endian types; a COFF symbol is 18 bytes and a relocation 10,
// which endian's alignment-1 types can overlay at any offset. [File] walks
// a whole image, accepting and rejecting the same files as debug/pe.
//
// The optional header is split as the file is: [OptionalHeader32] and
// [OptionalHeader64] are the fixed parts, followed by NumberOfRvaAndSizes
// [DataDirectory] entries (16 in practice, but the count is the file's):
//
//	oh, rest, err := cast.Prefix[pe.OptionalHeader64](b)
//	dirs, _, err := cast.SlicePrefix[pe.DataDirectory](rest, int(oh.NumberOfRvaAndSizes.Get()))
package pe

import (
	"structs"

	"github.com/go-overlay/overlay/endian"
)

// Machine types (FileHeader.Machine), those debug/pe accepts.
//
//nolint:revive // the PE specification's names, as in debug/pe
const (
	IMAGE_FILE_MACHINE_UNKNOWN  = 0x0
	IMAGE_FILE_MACHINE_I386     = 0x14c
	IMAGE_FILE_MACHINE_ARMNT    = 0x1c4
	IMAGE_FILE_MACHINE_RISCV32  = 0x5032
	IMAGE_FILE_MACHINE_RISCV64  = 0x5064
	IMAGE_FILE_MACHINE_RISCV128 = 0x5128
	IMAGE_FILE_MACHINE_AMD64    = 0x8664
	IMAGE_FILE_MACHINE_ARM64    = 0xaa64
)

// Optional header magics.
const (
	PE32Magic     = 0x10b
	PE32PlusMagic = 0x20b
)

// Signature is the 4-byte PE signature at DOSHeader.Lfanew.
var Signature = [4]byte{'P', 'E', 0, 0}

// DOSHeader is IMAGE_DOS_HEADER, the MS-DOS stub header at the start of an
// image (64 bytes). Only Magic ("MZ") and Lfanew, the offset of the PE
// signature, matter to a PE reader.
//
//layoutcheck:overlay
type DOSHeader struct {
	_        structs.HostLayout
	Magic    [2]byte // "MZ"
	Cblp     endian.U16LE
	Cp       endian.U16LE
	Crlc     endian.U16LE
	Cparhdr  endian.U16LE
	Minalloc endian.U16LE
	Maxalloc endian.U16LE
	Ss       endian.U16LE
	Sp       endian.U16LE
	Csum     endian.U16LE
	IP       endian.U16LE
	Cs       endian.U16LE
	Lfarlc   endian.U16LE
	Ovno     endian.U16LE
	Res      [4]endian.U16LE
	Oemid    endian.U16LE
	Oeminfo  endian.U16LE
	Res2     [10]endian.U16LE
	Lfanew   endian.U32LE
}

// FileHeader is IMAGE_FILE_HEADER, the COFF file header (20 bytes). In an
// image it follows the PE signature; an object file starts with it.
//
//layoutcheck:overlay
type FileHeader struct {
	_                    structs.HostLayout
	Machine              endian.U16LE
	NumberOfSections     endian.U16LE
	TimeDateStamp        endian.U32LE
	PointerToSymbolTable endian.U32LE
	NumberOfSymbols      endian.U32LE
	SizeOfOptionalHeader endian.U16LE
	Characteristics      endian.U16LE
}

// OptionalHeader32 is the fixed part of IMAGE_OPTIONAL_HEADER32, the PE32
// optional header (96 bytes), without its trailing data directories.
//
//layoutcheck:overlay
type OptionalHeader32 struct {
	_                           structs.HostLayout
	Magic                       endian.U16LE // PE32Magic
	MajorLinkerVersion          uint8
	MinorLinkerVersion          uint8
	SizeOfCode                  endian.U32LE
	SizeOfInitializedData       endian.U32LE
	SizeOfUninitializedData     endian.U32LE
	AddressOfEntryPoint         endian.U32LE
	BaseOfCode                  endian.U32LE
	BaseOfData                  endian.U32LE
	ImageBase                   endian.U32LE
	SectionAlignment            endian.U32LE
	FileAlignment               endian.U32LE
	MajorOperatingSystemVersion endian.U16LE
	MinorOperatingSystemVersion endian.U16LE
	MajorImageVersion           endian.U16LE
	MinorImageVersion           endian.U16LE
	MajorSubsystemVersion       endian.U16LE
	MinorSubsystemVersion       endian.U16LE
	Win32VersionValue           endian.U32LE
	SizeOfImage                 endian.U32LE
	SizeOfHeaders               endian.U32LE
	CheckSum                    endian.U32LE
	Subsystem                   endian.U16LE
	DllCharacteristics          endian.U16LE
	SizeOfStackReserve          endian.U32LE
	SizeOfStackCommit           endian.U32LE
	SizeOfHeapReserve           endian.U32LE
	SizeOfHeapCommit            endian.U32LE
	LoaderFlags                 endian.U32LE
	NumberOfRvaAndSizes         endian.U32LE
}

// OptionalHeader64 is the fixed part of IMAGE_OPTIONAL_HEADER64, the PE32+
// optional header (112 bytes): no BaseOfData, and 64-bit ImageBase and
// stack and heap sizes.
//
//layoutcheck:overlay
type OptionalHeader64 struct {
	_                           structs.HostLayout
	Magic                       endian.U16LE // PE32PlusMagic
	MajorLinkerVersion          uint8
	MinorLinkerVersion          uint8
	SizeOfCode                  endian.U32LE
	SizeOfInitializedData       endian.U32LE
	SizeOfUninitializedData     endian.U32LE
	AddressOfEntryPoint         endian.U32LE
	BaseOfCode                  endian.U32LE
	ImageBase                   endian.U64LE
	SectionAlignment            endian.U32LE
	FileAlignment               endian.U32LE
	MajorOperatingSystemVersion endian.U16LE
	MinorOperatingSystemVersion endian.U16LE
	MajorImageVersion           endian.U16LE
	MinorImageVersion           endian.U16LE
	MajorSubsystemVersion       endian.U16LE
	MinorSubsystemVersion       endian.U16LE
	Win32VersionValue           endian.U32LE
	SizeOfImage                 endian.U32LE
	SizeOfHeaders               endian.U32LE
	CheckSum                    endian.U32LE
	Subsystem                   endian.U16LE
	DllCharacteristics          endian.U16LE
	SizeOfStackReserve          endian.U64LE
	SizeOfStackCommit           endian.U64LE
	SizeOfHeapReserve           endian.U64LE
	SizeOfHeapCommit            endian.U64LE
	LoaderFlags                 endian.U32LE
	NumberOfRvaAndSizes         endian.U32LE
}

// DataDirectory is IMAGE_DATA_DIRECTORY (8 bytes).
//
//layoutcheck:overlay
type DataDirectory struct {
	_              structs.HostLayout
	VirtualAddress endian.U32LE
	Size           endian.U32LE
}

// SectionHeader is IMAGE_SECTION_HEADER (40 bytes).
//
//layoutcheck:overlay
type SectionHeader struct {
	_                    structs.HostLayout
	Name                 [8]byte // NUL-padded, or "/123": offset 123 in the string table
	VirtualSize          endian.U32LE
	VirtualAddress       endian.U32LE
	SizeOfRawData        endian.U32LE
	PointerToRawData     endian.U32LE
	PointerToRelocations endian.U32LE
	PointerToLineNumbers endian.U32LE
	NumberOfRelocations  endian.U16LE
	NumberOfLineNumbers  endian.U16LE
	Characteristics      endian.U32LE
}

// Reloc is IMAGE_RELOCATION, a COFF relocation (10 bytes).
//
//layoutcheck:overlay
type Reloc struct {
	_                structs.HostLayout
	VirtualAddress   endian.U32LE
	SymbolTableIndex endian.U32LE
	Type             endian.U16LE
}

// COFFSymbol is IMAGE_SYMBOL, a COFF symbol table record (18 bytes).
//
//layoutcheck:overlay
type COFFSymbol struct {
	_                  structs.HostLayout
	Name               [8]byte // NUL-padded, or 4 zero bytes and a string table offset
	Value              endian.U32LE
	SectionNumber      endian.I16LE
	Type               endian.U16LE
	StorageClass       uint8
	NumberOfAuxSymbols uint8
}

// COFFSymbolAuxFormat5 is the auxiliary record that follows a section
// definition symbol (18 bytes): the same bytes as a COFFSymbol, read
// another way.
//
//layoutcheck:overlay
type COFFSymbolAuxFormat5 struct {
	_              structs.HostLayout
	Size           endian.U32LE
	NumRelocs      endian.U16LE
	NumLineNumbers endian.U16LE
	Checksum       endian.U32LE
	SecNum         endian.U16LE
	Selection      uint8
	Unused         [3]byte
}

// COFFSymbolSize is the size of a COFF symbol record.
const COFFSymbolSize = 18

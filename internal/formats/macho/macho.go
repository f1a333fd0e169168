// Package macho defines overlays for the Mach-O file format of Apple
// platforms: the mach_header (32 and 64-bit), load command header,
// segment commands and sections, symtab, dysymtab, dylib and rpath
// commands, nlist symbols, relocation entries, and the universal ("fat")
// header and fat_arch records.
//
// A Mach-O file is in its CPU's byte order, recognized from the magic
// (MH_MAGIC read in either order), so every overlay except the fat ones is
// generic over the byte order O, [endian.Little] or [endian.Big], as in
// package examples/readelf/elf. The fat header and fat_arch records are
// always big-endian and use package endian's big-endian types directly.
//
// [File] reads a whole image through the overlays and accepts and rejects
// the same files as debug/macho.NewFile; [FatFile] does the same for
// debug/macho.NewFatFile.
package macho

import (
	"structs"

	"github.com/go-overlay/overlay/endian"
)

// Magic numbers.
const (
	Magic32  = 0xfeedface
	Magic64  = 0xfeedfacf
	MagicFat = 0xcafebabe
)

// Load command types, those File decodes.
//
//nolint:revive // the Mach-O headers' names
const (
	LC_SEGMENT    = 0x1
	LC_SYMTAB     = 0x2
	LC_DYSYMTAB   = 0xb
	LC_LOAD_DYLIB = 0xc
	LC_SEGMENT_64 = 0x19
	LC_RPATH      = 0x8000001c
)

// Header32 is mach_header (28 bytes).
//
//layoutcheck:overlay
type Header32[O endian.Order] struct {
	_          structs.HostLayout
	Magic      endian.U32[O]
	Cputype    endian.U32[O]
	Cpusubtype endian.U32[O]
	Filetype   endian.U32[O]
	Ncmds      endian.U32[O]
	Sizeofcmds endian.U32[O]
	Flags      endian.U32[O]
}

// Header64 is mach_header_64 (32 bytes).
//
//layoutcheck:overlay
type Header64[O endian.Order] struct {
	_          structs.HostLayout
	Magic      endian.U32[O]
	Cputype    endian.U32[O]
	Cpusubtype endian.U32[O]
	Filetype   endian.U32[O]
	Ncmds      endian.U32[O]
	Sizeofcmds endian.U32[O]
	Flags      endian.U32[O]
	Reserved   endian.U32[O]
}

// LoadCommand is load_command, the header of every load command (8 bytes).
//
//layoutcheck:overlay
type LoadCommand[O endian.Order] struct {
	_       structs.HostLayout
	Cmd     endian.U32[O]
	Cmdsize endian.U32[O] // including this header
}

// SegmentCommand32 is segment_command, LC_SEGMENT (56 bytes), followed by
// Nsects Section32 records.
//
//layoutcheck:overlay
type SegmentCommand32[O endian.Order] struct {
	_        structs.HostLayout
	Cmd      endian.U32[O]
	Cmdsize  endian.U32[O]
	Segname  [16]byte
	Vmaddr   endian.U32[O]
	Vmsize   endian.U32[O]
	Fileoff  endian.U32[O]
	Filesize endian.U32[O]
	Maxprot  endian.U32[O]
	Initprot endian.U32[O]
	Nsects   endian.U32[O]
	Flags    endian.U32[O]
}

// SegmentCommand64 is segment_command_64, LC_SEGMENT_64 (72 bytes),
// followed by Nsects Section64 records.
//
//layoutcheck:overlay
type SegmentCommand64[O endian.Order] struct {
	_        structs.HostLayout
	Cmd      endian.U32[O]
	Cmdsize  endian.U32[O]
	Segname  [16]byte
	Vmaddr   endian.U64[O]
	Vmsize   endian.U64[O]
	Fileoff  endian.U64[O]
	Filesize endian.U64[O]
	Maxprot  endian.U32[O]
	Initprot endian.U32[O]
	Nsects   endian.U32[O]
	Flags    endian.U32[O]
}

// Section32 is section (68 bytes).
//
//layoutcheck:overlay
type Section32[O endian.Order] struct {
	_         structs.HostLayout
	Sectname  [16]byte
	Segname   [16]byte
	Addr      endian.U32[O]
	Size      endian.U32[O]
	Offset    endian.U32[O]
	Align     endian.U32[O]
	Reloff    endian.U32[O]
	Nreloc    endian.U32[O]
	Flags     endian.U32[O]
	Reserved1 endian.U32[O]
	Reserved2 endian.U32[O]
}

// Section64 is section_64 (80 bytes).
//
//layoutcheck:overlay
type Section64[O endian.Order] struct {
	_         structs.HostLayout
	Sectname  [16]byte
	Segname   [16]byte
	Addr      endian.U64[O]
	Size      endian.U64[O]
	Offset    endian.U32[O]
	Align     endian.U32[O]
	Reloff    endian.U32[O]
	Nreloc    endian.U32[O]
	Flags     endian.U32[O]
	Reserved1 endian.U32[O]
	Reserved2 endian.U32[O]
	Reserved3 endian.U32[O]
}

// SymtabCommand is symtab_command, LC_SYMTAB (24 bytes).
//
//layoutcheck:overlay
type SymtabCommand[O endian.Order] struct {
	_       structs.HostLayout
	Cmd     endian.U32[O]
	Cmdsize endian.U32[O]
	Symoff  endian.U32[O]
	Nsyms   endian.U32[O]
	Stroff  endian.U32[O]
	Strsize endian.U32[O]
}

// DysymtabCommand is dysymtab_command, LC_DYSYMTAB (80 bytes).
//
//layoutcheck:overlay
type DysymtabCommand[O endian.Order] struct {
	_              structs.HostLayout
	Cmd            endian.U32[O]
	Cmdsize        endian.U32[O]
	Ilocalsym      endian.U32[O]
	Nlocalsym      endian.U32[O]
	Iextdefsym     endian.U32[O]
	Nextdefsym     endian.U32[O]
	Iundefsym      endian.U32[O]
	Nundefsym      endian.U32[O]
	Tocoffset      endian.U32[O]
	Ntoc           endian.U32[O]
	Modtaboff      endian.U32[O]
	Nmodtab        endian.U32[O]
	Extrefsymoff   endian.U32[O]
	Nextrefsyms    endian.U32[O]
	Indirectsymoff endian.U32[O]
	Nindirectsyms  endian.U32[O]
	Extreloff      endian.U32[O]
	Nextrel        endian.U32[O]
	Locreloff      endian.U32[O]
	Nlocrel        endian.U32[O]
}

// DylibCommand is dylib_command, LC_LOAD_DYLIB and friends (24 bytes);
// the name is a NUL-terminated string at offset Name of the command.
//
//layoutcheck:overlay
type DylibCommand[O endian.Order] struct {
	_                    structs.HostLayout
	Cmd                  endian.U32[O]
	Cmdsize              endian.U32[O]
	Name                 endian.U32[O]
	Timestamp            endian.U32[O]
	CurrentVersion       endian.U32[O]
	CompatibilityVersion endian.U32[O]
}

// RpathCommand is rpath_command, LC_RPATH (12 bytes); the path is a
// NUL-terminated string at offset Path of the command.
//
//layoutcheck:overlay
type RpathCommand[O endian.Order] struct {
	_       structs.HostLayout
	Cmd     endian.U32[O]
	Cmdsize endian.U32[O]
	Path    endian.U32[O]
}

// Nlist32 is nlist, a symbol of a 32-bit file (12 bytes).
//
//layoutcheck:overlay
type Nlist32[O endian.Order] struct {
	_     structs.HostLayout
	Strx  endian.U32[O]
	Type  uint8
	Sect  uint8
	Desc  endian.U16[O]
	Value endian.U32[O]
}

// Nlist64 is nlist_64, a symbol of a 64-bit file (16 bytes; the 64-bit
// Value is at offset 8, which alignment-1 fields allow without padding).
//
//layoutcheck:overlay
type Nlist64[O endian.Order] struct {
	_     structs.HostLayout
	Strx  endian.U32[O]
	Type  uint8
	Sect  uint8
	Desc  endian.U16[O]
	Value endian.U64[O]
}

// RelocationInfo is relocation_info, or scattered_relocation_info when the
// top bit of Word0 is set (8 bytes). Its second word packs C bit-fields,
// whose bit order follows the byte order: use Decode.
//
//layoutcheck:overlay
type RelocationInfo[O endian.Order] struct {
	_     structs.HostLayout
	Word0 endian.U32[O] // r_address, or the scattered flags and address
	Word1 endian.U32[O] // r_symbolnum:24 r_pcrel:1 r_length:2 r_extern:1 r_type:4, or r_value
}

// FatHeader is fat_header, the start of a universal file (8 bytes), always
// big-endian.
//
//layoutcheck:overlay
type FatHeader struct {
	_        structs.HostLayout
	Magic    endian.U32BE // MagicFat
	NfatArch endian.U32BE
}

// FatArch is fat_arch, one image of a universal file (20 bytes), always
// big-endian.
//
//layoutcheck:overlay
type FatArch struct {
	_          structs.HostLayout
	Cputype    endian.U32BE
	Cpusubtype endian.U32BE
	Offset     endian.U32BE
	Size       endian.U32BE
	Align      endian.U32BE
}

// Reloc is a decoded RelocationInfo.
type Reloc struct {
	Addr      uint32
	Value     uint32 // symbol number, section number, or (scattered) address
	Type      uint8
	Len       uint8 // 0=byte, 1=word, 2=long, 3=quad
	Pcrel     bool
	Extern    bool
	Scattered bool
}

// Decode unpacks r's bit-fields.
func (r *RelocationInfo[O]) Decode() Reloc {
	w0, w1 := r.Word0.Get(), r.Word1.Get()
	if w0&(1<<31) != 0 { // scattered: the same layout in both byte orders
		return Reloc{
			Addr: w0 & (1<<24 - 1), Type: uint8(w0 >> 24 & 0xf), Len: uint8(w0 >> 28 & 3),
			Pcrel: w0&(1<<30) != 0, Value: w1, Scattered: true,
		}
	}
	if endian.IsBig[O]() {
		return Reloc{Addr: w0, Value: w1 >> 8, Pcrel: w1&(1<<7) != 0, Len: uint8(w1 >> 5 & 3),
			Extern: w1&(1<<4) != 0, Type: uint8(w1 & 0xf)}
	}
	return Reloc{Addr: w0, Value: w1 & (1<<24 - 1), Pcrel: w1&(1<<24) != 0, Len: uint8(w1 >> 25 & 3),
		Extern: w1&(1<<27) != 0, Type: uint8(w1 >> 28 & 0xf)}
}

// Encode packs rel into r, the inverse of Decode.
func (r *RelocationInfo[O]) Encode(rel Reloc) {
	b := func(v bool) uint32 {
		if v {
			return 1
		}
		return 0
	}
	if rel.Scattered {
		r.Word0.Set(1<<31 | b(rel.Pcrel)<<30 | uint32(rel.Len&3)<<28 | uint32(rel.Type&0xf)<<24 | rel.Addr&(1<<24-1))
		r.Word1.Set(rel.Value)
		return
	}
	r.Word0.Set(rel.Addr)
	if endian.IsBig[O]() {
		r.Word1.Set(rel.Value<<8 | b(rel.Pcrel)<<7 | uint32(rel.Len&3)<<5 | b(rel.Extern)<<4 | uint32(rel.Type&0xf))
	} else {
		r.Word1.Set(rel.Value&(1<<24-1) | b(rel.Pcrel)<<24 | uint32(rel.Len&3)<<25 | b(rel.Extern)<<27 | uint32(rel.Type&0xf)<<28)
	}
}

package cast_test

import (
	"bytes"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"encoding/binary"
	"io"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
	"github.com/go-overlay/overlay/internal/formats/testfiles"
)

// The codec on real data: every ELF, PE and Mach-O test file of the Go
// toolchain, read through debug/elf's, debug/pe's and debug/macho's own
// header types with the codec (the way those packages read them with
// binary.Read), compared with what the packages decode.

func loadTestFiles(t *testing.T, pkg string) []testfiles.File {
	t.Helper()
	files, err := testfiles.Load(pkg)
	if err != nil {
		t.Skipf("no %s test files: %v", pkg, err)
	}
	require.NotEmpty(t, files)
	return files
}

func TestCodecELFFiles(t *testing.T) {
	var nfiles, nsects, nprogs, nsyms, ndyn int
	for _, tf := range loadTestFiles(t, "debug/elf") {
		f, err := elf.NewFile(bytes.NewReader(tf.Data))
		if err != nil {
			continue // hello.c and the like
		}
		t.Run(tf.Name, func(t *testing.T) {
			r := bytes.NewReader(tf.Data)
			order := f.ByteOrder
			var shoff, phoff int64
			var shnum, phnum, shentsize, phentsize int
			switch f.Class {
			case elf.ELFCLASS64:
				h, err := cast.DecodeAt[elf.Header64](r, 0, order)
				require.NoError(t, err)
				assert.Equal(t, f.Type, elf.Type(h.Type))
				assert.Equal(t, f.Machine, elf.Machine(h.Machine))
				assert.Equal(t, f.Entry, h.Entry)
				assert.Equal(t, f.Version, elf.Version(h.Version))
				assert.Equal(t, f.OSABI, elf.OSABI(h.Ident[elf.EI_OSABI]))
				shoff, phoff, shnum, phnum = int64(h.Shoff), int64(h.Phoff), int(h.Shnum), int(h.Phnum)
				shentsize, phentsize = int(h.Shentsize), int(h.Phentsize)
			case elf.ELFCLASS32:
				h, err := cast.DecodeAt[elf.Header32](r, 0, order)
				require.NoError(t, err)
				assert.Equal(t, f.Type, elf.Type(h.Type))
				assert.Equal(t, f.Machine, elf.Machine(h.Machine))
				assert.Equal(t, f.Entry, uint64(h.Entry))
				shoff, phoff, shnum, phnum = int64(h.Shoff), int64(h.Phoff), int(h.Shnum), int(h.Phnum)
				shentsize, phentsize = int(h.Shentsize), int(h.Phentsize)
			}
			nfiles++

			// Sections, at e_shentsize stride.
			require.Len(t, f.Sections, shnum)
			for i, s := range f.Sections {
				off := shoff + int64(i*shentsize)
				var got elf.SectionHeader
				if f.Class == elf.ELFCLASS64 {
					sh, err := cast.DecodeAt[elf.Section64](r, off, order)
					require.NoError(t, err)
					got = elf.SectionHeader{Type: elf.SectionType(sh.Type), Flags: elf.SectionFlag(sh.Flags), Addr: sh.Addr,
						Offset: sh.Off, FileSize: sh.Size, Link: sh.Link, Info: sh.Info, Addralign: sh.Addralign, Entsize: sh.Entsize}
				} else {
					sh, err := cast.DecodeAt[elf.Section32](r, off, order)
					require.NoError(t, err)
					got = elf.SectionHeader{Type: elf.SectionType(sh.Type), Flags: elf.SectionFlag(sh.Flags), Addr: uint64(sh.Addr),
						Offset: uint64(sh.Off), FileSize: uint64(sh.Size), Link: sh.Link, Info: sh.Info, Addralign: uint64(sh.Addralign), Entsize: uint64(sh.Entsize)}
				}
				want := s.SectionHeader
				want.Name, want.Size = "", 0 // a string, and the uncompressed size of compressed sections
				assert.Equal(t, want, got, "section %d", i)
				nsects++
			}

			// Segments, at e_phentsize stride.
			require.Len(t, f.Progs, phnum)
			for i, p := range f.Progs {
				off := phoff + int64(i*phentsize)
				var got elf.ProgHeader
				if f.Class == elf.ELFCLASS64 {
					ph, err := cast.DecodeAt[elf.Prog64](r, off, order)
					require.NoError(t, err)
					got = elf.ProgHeader{Type: elf.ProgType(ph.Type), Flags: elf.ProgFlag(ph.Flags), Off: ph.Off, Vaddr: ph.Vaddr,
						Paddr: ph.Paddr, Filesz: ph.Filesz, Memsz: ph.Memsz, Align: ph.Align}
				} else {
					ph, err := cast.DecodeAt[elf.Prog32](r, off, order)
					require.NoError(t, err)
					got = elf.ProgHeader{Type: elf.ProgType(ph.Type), Flags: elf.ProgFlag(ph.Flags), Off: uint64(ph.Off), Vaddr: uint64(ph.Vaddr),
						Paddr: uint64(ph.Paddr), Filesz: uint64(ph.Filesz), Memsz: uint64(ph.Memsz), Align: uint64(ph.Align)}
				}
				assert.Equal(t, p.ProgHeader, got, "segment %d", i)
				nprogs++
			}

			// Symbols, static and dynamic: each whole table in one
			// DecodeSliceAt, bounded by the section's size.
			if want, err := f.Symbols(); err == nil {
				nsyms += elfSymbols(t, f, r, elf.SHT_SYMTAB, want)
			}
			if want, err := f.DynamicSymbols(); err == nil {
				ndyn += elfSymbols(t, f, r, elf.SHT_DYNSYM, want)
			}
		})
	}
	t.Logf("%d ELF files: %d section headers, %d program headers, %d symbols, %d dynamic symbols", nfiles, nsects, nprogs, nsyms, ndyn)
	assert.GreaterOrEqual(t, nfiles, 20)
	assert.Positive(t, nsyms)
	assert.Positive(t, ndyn)
	assert.Positive(t, nprogs)
}

// elfSymbols decodes the symbol table of f's first section of type typ
// with the codec and compares it with want, debug/elf's decoding of the
// same table (which drops the null symbol 0 and adds names and
// versions, which are strings). It returns the number of symbols.
func elfSymbols(t *testing.T, f *elf.File, r io.ReaderAt, typ elf.SectionType, want []elf.Symbol) int {
	t.Helper()
	sec := f.SectionByType(typ)
	require.NotNil(t, sec)
	var got []elf.Symbol
	if f.Class == elf.ELFCLASS64 {
		syms, err := cast.DecodeSliceAt[elf.Sym64](r, int64(sec.Offset), int(sec.FileSize/elf.Sym64Size), 1<<20, f.ByteOrder)
		require.NoError(t, err)
		for _, s := range syms[1:] {
			got = append(got, elf.Symbol{Info: s.Info, Other: s.Other, Section: elf.SectionIndex(s.Shndx), Value: s.Value, Size: s.Size})
		}
	} else {
		syms, err := cast.DecodeSliceAt[elf.Sym32](r, int64(sec.Offset), int(sec.FileSize/elf.Sym32Size), 1<<20, f.ByteOrder)
		require.NoError(t, err)
		for _, s := range syms[1:] {
			got = append(got, elf.Symbol{Info: s.Info, Other: s.Other, Section: elf.SectionIndex(s.Shndx), Value: uint64(s.Value), Size: uint64(s.Size)})
		}
	}
	require.Len(t, got, len(want))
	for i := range want {
		w := want[i]
		w.Name, w.Version, w.Library, w.VersionIndex, w.HasVersion = "", "", "", 0, false
		assert.Equal(t, w, got[i], "%v symbol %d", typ, i+1)
	}
	return len(got)
}

func TestCodecPEFiles(t *testing.T) {
	var nfiles, nsects, nopt, nrelocs, nsyms int
	for _, tf := range loadTestFiles(t, "debug/pe") {
		f, err := pe.NewFile(bytes.NewReader(tf.Data))
		if err != nil {
			continue
		}
		t.Run(tf.Name, func(t *testing.T) {
			// As debug/pe: a DOS stub's e_lfanew points at "PE\0\0", after
			// which the COFF header follows; an object file starts with it.
			var base int64
			if bytes.HasPrefix(tf.Data, []byte("MZ")) {
				lfanew, _, err := cast.Decode[uint32](tf.Data[0x3c:], binary.LittleEndian)
				require.NoError(t, err)
				base = int64(lfanew) + 4
			}
			r := bytes.NewReader(tf.Data)
			fh, err := cast.DecodeAt[pe.FileHeader](r, base, binary.LittleEndian)
			require.NoError(t, err)
			assert.Equal(t, f.FileHeader, fh)
			nfiles++

			optOff := base + int64(binary.Size(fh))
			switch oh := f.OptionalHeader.(type) {
			case *pe.OptionalHeader32:
				if int(fh.SizeOfOptionalHeader) == binary.Size(oh) {
					got, err := cast.DecodeAt[pe.OptionalHeader32](r, optOff, binary.LittleEndian)
					require.NoError(t, err)
					assert.Equal(t, *oh, got)
					nopt++
				}
			case *pe.OptionalHeader64:
				if int(fh.SizeOfOptionalHeader) == binary.Size(oh) {
					got, err := cast.DecodeAt[pe.OptionalHeader64](r, optOff, binary.LittleEndian)
					require.NoError(t, err)
					assert.Equal(t, *oh, got)
					nopt++
				}
			}

			secs, err := cast.DecodeSliceAt[pe.SectionHeader32](r, optOff+int64(fh.SizeOfOptionalHeader), int(fh.NumberOfSections), 1<<16, binary.LittleEndian)
			require.NoError(t, err)
			require.Len(t, secs, len(f.Sections))
			for i, s := range secs {
				w := f.Sections[i].SectionHeader
				assert.Equal(t, pe.SectionHeader{
					Name: w.Name, VirtualSize: s.VirtualSize, VirtualAddress: s.VirtualAddress, Size: s.SizeOfRawData,
					Offset: s.PointerToRawData, PointerToRelocations: s.PointerToRelocations, PointerToLineNumbers: s.PointerToLineNumbers,
					NumberOfRelocations: s.NumberOfRelocations, NumberOfLineNumbers: s.NumberOfLineNumbers, Characteristics: s.Characteristics,
				}, w, "section %d", i)
				nsects++

				// Relocations, through peReloc (see coffSymbol).
				rs, err := cast.DecodeSliceAt[peReloc](r, int64(s.PointerToRelocations), int(s.NumberOfRelocations), 1<<16, binary.LittleEndian)
				require.NoError(t, err)
				require.Len(t, rs, len(f.Sections[i].Relocs))
				for j, x := range rs {
					assert.Equal(t, f.Sections[i].Relocs[j], pe.Reloc{VirtualAddress: x.VirtualAddress.Get(),
						SymbolTableIndex: x.SymbolTableIndex.Get(), Type: x.Type.Get()}, "section %d relocation %d", i, j)
				}
				nrelocs += len(rs)
			}

			// COFF symbols, auxiliary records included, through coffSymbol.
			if fh.PointerToSymbolTable != 0 {
				syms, err := cast.DecodeSliceAt[coffSymbol](r, int64(fh.PointerToSymbolTable), int(fh.NumberOfSymbols), 1<<20, binary.LittleEndian)
				require.NoError(t, err)
				require.Len(t, syms, len(f.COFFSymbols))
				naux := 0
				for j, x := range syms {
					if naux > 0 {
						// debug/pe reads an auxiliary record through
						// pe.COFFSymbolAuxFormat5, whose last 3 bytes are
						// a blank field, which binary.Read skips and leaves
						// zero; the codec copies every byte.
						naux--
						x.Type[1], x.StorageClass, x.NumberOfAuxSymbols = 0, 0, 0
					} else {
						naux = int(x.NumberOfAuxSymbols)
					}
					assert.Equal(t, f.COFFSymbols[j], pe.COFFSymbol{Name: x.Name, Value: x.Value.Get(), SectionNumber: x.SectionNumber.Get(),
						Type: x.Type.Get(), StorageClass: x.StorageClass, NumberOfAuxSymbols: x.NumberOfAuxSymbols}, "COFF symbol %d", j)
				}
				nsyms += len(syms)
			}
		})
	}
	t.Logf("%d PE files: %d section headers, %d optional headers, %d relocations, %d COFF symbols", nfiles, nsects, nopt, nrelocs, nsyms)
	assert.GreaterOrEqual(t, nfiles, 5)
	assert.Positive(t, nsects)
	assert.Positive(t, nrelocs)
	assert.Positive(t, nsyms)

	// The three debug/pe types the codec cannot serve: in the file they
	// are 18, 10 and 18 bytes, which binary.Read reads, but Go pads them to
	// 20, 12 and 20 (their uint32s align them to 4). The codec refuses them
	// rather than read 2 bytes of the next record.
	for _, c := range []struct {
		name       string
		file, host int
		err        error
	}{
		{"pe.COFFSymbol", binary.Size(pe.COFFSymbol{}), int(unsafe.Sizeof(pe.COFFSymbol{})), decodeErr[pe.COFFSymbol]()},
		{"pe.Reloc", binary.Size(pe.Reloc{}), int(unsafe.Sizeof(pe.Reloc{})), decodeErr[pe.Reloc]()},
		{"pe.COFFSymbolAuxFormat5", binary.Size(pe.COFFSymbolAuxFormat5{}), int(unsafe.Sizeof(pe.COFFSymbolAuxFormat5{})), decodeErr[pe.COFFSymbolAuxFormat5]()},
	} {
		assert.Equal(t, c.file+2, c.host, c.name)
		assert.ErrorIs(t, c.err, cast.ErrLayout, c.name)
	}
	assert.Equal(t, binary.Size(pe.COFFSymbol{}), int(unsafe.Sizeof(coffSymbol{})))
	assert.Equal(t, binary.Size(pe.Reloc{}), int(unsafe.Sizeof(peReloc{})))
}

// coffSymbol and peReloc are pe.COFFSymbol and pe.Reloc as they are in the
// file, 18 and 10 bytes: their numbers are endian types, of alignment 1,
// so Go adds no padding. The codec reads them where it must refuse
// debug/pe's own types.
type coffSymbol struct {
	Name               [8]uint8
	Value              endian.U32LE
	SectionNumber      endian.I16LE
	Type               endian.U16LE
	StorageClass       uint8
	NumberOfAuxSymbols uint8
}

type peReloc struct {
	VirtualAddress   endian.U32LE
	SymbolTableIndex endian.U32LE
	Type             endian.U16LE
}

func decodeErr[T any]() error {
	_, _, err := cast.Decode[T](make([]byte, 64), binary.LittleEndian)
	return err
}

func TestCodecMachOFiles(t *testing.T) {
	var nfiles, nsegs, nsects, nsyms, nfat int
	for _, tf := range loadTestFiles(t, "debug/macho") {
		if ff, err := macho.NewFatFile(bytes.NewReader(tf.Data)); err == nil {
			t.Run(tf.Name, func(t *testing.T) {
				// A fat file's header and architecture table, big-endian
				// on every host.
				r := bytes.NewReader(tf.Data)
				h, err := cast.DecodeAt[[2]uint32](r, 0, binary.BigEndian) // magic, count
				require.NoError(t, err)
				assert.Equal(t, ff.Magic, h[0])
				archs, err := cast.DecodeSliceAt[macho.FatArchHeader](r, 8, int(h[1]), 1<<10, binary.BigEndian)
				require.NoError(t, err)
				require.Len(t, archs, len(ff.Arches))
				for i, a := range archs {
					assert.Equal(t, ff.Arches[i].FatArchHeader, a, "arch %d", i)
				}
				nfat += len(archs)
			})
			continue
		}
		f, err := macho.NewFile(bytes.NewReader(tf.Data))
		if err != nil {
			continue // hello.c
		}
		t.Run(tf.Name, func(t *testing.T) {
			r := bytes.NewReader(tf.Data)
			order := f.ByteOrder
			fh, err := cast.DecodeAt[macho.FileHeader](r, 0, order)
			require.NoError(t, err)
			assert.Equal(t, f.FileHeader, fh)
			nfiles++
			is64 := fh.Magic == macho.Magic64
			off := int64(binary.Size(fh))
			if is64 {
				off += 4 // reserved
			}
			var segs []macho.SegmentHeader
			var sects []macho.SectionHeader
			var syms []macho.Symbol
			for range fh.Ncmd {
				cmd, err := cast.DecodeAt[[2]uint32](r, off, order) // cmd, cmdsize
				require.NoError(t, err)
				switch macho.LoadCmd(cmd[0]) {
				case macho.LoadCmdSegment64:
					s, err := cast.DecodeAt[macho.Segment64](r, off, order)
					require.NoError(t, err)
					segs = append(segs, macho.SegmentHeader{Cmd: s.Cmd, Len: s.Len, Name: cstr(s.Name[:]), Addr: s.Addr, Memsz: s.Memsz,
						Offset: s.Offset, Filesz: s.Filesz, Maxprot: s.Maxprot, Prot: s.Prot, Nsect: s.Nsect, Flag: s.Flag})
					ss, err := cast.DecodeSliceAt[macho.Section64](r, off+int64(binary.Size(s)), int(s.Nsect), 1<<16, order)
					require.NoError(t, err)
					for _, x := range ss {
						sects = append(sects, macho.SectionHeader{Name: cstr(x.Name[:]), Seg: cstr(x.Seg[:]), Addr: x.Addr, Size: x.Size,
							Offset: x.Offset, Align: x.Align, Reloff: x.Reloff, Nreloc: x.Nreloc, Flags: x.Flags})
					}
				case macho.LoadCmdSegment:
					s, err := cast.DecodeAt[macho.Segment32](r, off, order)
					require.NoError(t, err)
					segs = append(segs, macho.SegmentHeader{Cmd: s.Cmd, Len: s.Len, Name: cstr(s.Name[:]), Addr: uint64(s.Addr), Memsz: uint64(s.Memsz),
						Offset: uint64(s.Offset), Filesz: uint64(s.Filesz), Maxprot: s.Maxprot, Prot: s.Prot, Nsect: s.Nsect, Flag: s.Flag})
					ss, err := cast.DecodeSliceAt[macho.Section32](r, off+int64(binary.Size(s)), int(s.Nsect), 1<<16, order)
					require.NoError(t, err)
					for _, x := range ss {
						sects = append(sects, macho.SectionHeader{Name: cstr(x.Name[:]), Seg: cstr(x.Seg[:]), Addr: uint64(x.Addr), Size: uint64(x.Size),
							Offset: x.Offset, Align: x.Align, Reloff: x.Reloff, Nreloc: x.Nreloc, Flags: x.Flags})
					}
				case macho.LoadCmdSymtab:
					st, err := cast.DecodeAt[macho.SymtabCmd](r, off, order)
					require.NoError(t, err)
					if is64 {
						ns, err := cast.DecodeSliceAt[macho.Nlist64](r, int64(st.Symoff), int(st.Nsyms), 1<<20, order)
						require.NoError(t, err)
						for _, n := range ns {
							syms = append(syms, macho.Symbol{Type: n.Type, Sect: n.Sect, Desc: n.Desc, Value: n.Value})
						}
					} else {
						ns, err := cast.DecodeSliceAt[macho.Nlist32](r, int64(st.Symoff), int(st.Nsyms), 1<<20, order)
						require.NoError(t, err)
						for _, n := range ns {
							syms = append(syms, macho.Symbol{Type: n.Type, Sect: n.Sect, Desc: n.Desc, Value: uint64(n.Value)})
						}
					}
				}
				off += int64(cmd[1])
			}
			var wantSegs []macho.SegmentHeader
			for _, l := range f.Loads {
				if s, ok := l.(*macho.Segment); ok {
					wantSegs = append(wantSegs, s.SegmentHeader)
				}
			}
			assert.Equal(t, wantSegs, segs)
			var wantSects []macho.SectionHeader
			for _, s := range f.Sections {
				wantSects = append(wantSects, s.SectionHeader)
			}
			assert.Equal(t, wantSects, sects)
			if f.Symtab != nil {
				require.Len(t, syms, len(f.Symtab.Syms))
				for i, s := range f.Symtab.Syms {
					s.Name = ""
					assert.Equal(t, s, syms[i], "symbol %d", i)
				}
			}
			nsegs += len(segs)
			nsects += len(sects)
			nsyms += len(syms)
		})
	}
	t.Logf("%d Mach-O files: %d segments, %d sections, %d symbols; %d fat arch headers", nfiles, nsegs, nsects, nsyms, nfat)
	assert.GreaterOrEqual(t, nfiles, 5)
	assert.Positive(t, nsyms)
	assert.Positive(t, nfat)
}

// cstr returns the NUL-terminated string at the start of b.
func cstr(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return string(b[:i])
	}
	return string(b)
}

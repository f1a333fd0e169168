package macho

import (
	"errors"
	"fmt"
	"unsafe"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// FormatError reports a malformed Mach-O file.
type FormatError struct {
	Off int64
	Msg string
}

func (e *FormatError) Error() string { return fmt.Sprintf("macho: %s at offset %#x", e.Msg, e.Off) }

// ErrNotFat is returned by ParseFat for a plain (thin) Mach-O file.
var ErrNotFat = errors.New("macho: not a fat Mach-O file")

// FileHeader is a decoded Header32 or Header64, without Reserved.
type FileHeader struct {
	Magic, CPU, SubCPU, Type, Ncmd, Cmdsz, Flags uint32
}

// Load is one load command. Raw is the whole command, a view of the file;
// for the commands File decodes, one of the typed fields is set.
type Load struct {
	Cmd      uint32
	Raw      []byte
	Segment  *Segment
	Dylib    *Dylib
	Rpath    *Rpath
	Symtab   *Symtab
	Dysymtab *Dysymtab
}

// Segment is a decoded SegmentCommand32 or SegmentCommand64. Its sections
// are File.Sections[FirstSection : FirstSection+Nsect].
type Segment struct {
	Cmd, Len                    uint32
	Name                        string
	Addr, Memsz, Offset, Filesz uint64
	Maxprot, Prot, Nsect, Flag  uint32
	FirstSection                int
}

// Section is a decoded Section32 or Section64, with its relocations.
type Section struct {
	Name, Seg                            string
	Addr, Size                           uint64
	Offset, Align, Reloff, Nreloc, Flags uint32
	Relocs                               []Reloc
}

// Dylib is a decoded DylibCommand.
type Dylib struct {
	Name                                string
	Time, CurrentVersion, CompatVersion uint32
}

// Rpath is a decoded RpathCommand.
type Rpath struct{ Path string }

// Symbol is a decoded Nlist32 or Nlist64, with its name.
type Symbol struct {
	Name       string
	Type, Sect uint8
	Desc       uint16
	Value      uint64
}

// Symtab is a decoded SymtabCommand with its symbols.
type Symtab struct {
	Symoff, Nsyms, Stroff, Strsize uint32
	Syms                           []Symbol
}

// Dysymtab is a decoded DysymtabCommand with its indirect symbol table.
type Dysymtab struct {
	Ilocalsym, Nlocalsym, Iextdefsym, Nextdefsym, Iundefsym, Nundefsym    uint32
	Tocoffset, Ntoc, Modtaboff, Nmodtab, Extrefsymoff, Nextrefsyms        uint32
	Indirectsymoff, Nindirectsyms, Extreloff, Nextrel, Locreloff, Nlocrel uint32
	IndirectSyms                                                          []uint32
}

// File is a Mach-O image in memory, read through the overlays.
type File struct {
	FileHeader
	Big      bool // big-endian
	Loads    []Load
	Sections []Section
	Symtab   *Symtab
	Dysymtab *Dysymtab

	data []byte
}

// Data returns the bytes f was parsed from.
func (f *File) Data() []byte { return f.data }

func span(data []byte, off, n uint64, what string) ([]byte, error) {
	if n == 0 {
		return data[:0:0], nil // an empty read succeeds at any offset, as in the debug packages
	}
	if off > uint64(len(data)) || n > uint64(len(data))-off {
		return nil, &FormatError{int64(off), fmt.Sprintf("%s (%d bytes) extends past end of file", what, n)}
	}
	return data[off : off+n], nil
}

// Parse validates data as a Mach-O file (not a fat one: see ParseFat).
func Parse(data []byte) (*File, error) {
	if len(data) < 4 {
		return nil, &FormatError{0, "file too short"}
	}
	be, err := cast.Read[endian.U32BE](data[:4])
	if err != nil {
		return nil, err
	}
	f := &File{data: data}
	// Magic32 and Magic64 differ in the low bit; big-endian is tried
	// first, as in debug/macho.
	switch m := uint32(Magic32) &^ 1; m {
	case be.Get() &^ 1:
		f.Big = true
		err = parse[endian.Big](f)
	case endian.U32LE(be).Get() &^ 1:
		err = parse[endian.Little](f)
	default:
		return nil, &FormatError{0, "invalid magic number"}
	}
	if err != nil {
		return nil, err
	}
	return f, nil
}

func parse[O endian.Order](f *File) error {
	data := f.data
	h, _, err := cast.Prefix[Header32[O]](data)
	if err != nil {
		return &FormatError{0, "file too short for header"}
	}
	f.FileHeader = FileHeader{Magic: h.Magic.Get(), CPU: h.Cputype.Get(), SubCPU: h.Cpusubtype.Get(),
		Type: h.Filetype.Get(), Ncmd: h.Ncmds.Get(), Cmdsz: h.Sizeofcmds.Get(), Flags: h.Flags.Get()}
	is64 := f.Magic == Magic64
	offset := uint64(unsafe.Sizeof(Header32[O]{}))
	if is64 {
		offset = uint64(unsafe.Sizeof(Header64[O]{}))
	}
	dat, err := span(data, offset, uint64(f.Cmdsz), "load commands")
	if err != nil {
		return err
	}
	// Ncmd commands, each Cmdsize bytes long, header included; what
	// follows them in Sizeofcmds is ignored, as by debug/macho.
	cmds := cast.NewRecords(dat, 1, func(lc *LoadCommand[O]) int { return int(lc.Cmdsize.Get()) })
	for range f.Ncmd {
		lc, _, ok := cmds.Next()
		if !ok {
			if len(cmds.Rest()) < int(unsafe.Sizeof(LoadCommand[O]{})) {
				return &FormatError{int64(offset), "command block too small"}
			}
			return &FormatError{int64(offset), "invalid command block size"}
		}
		cmd, siz := lc.Cmd.Get(), lc.Cmdsize.Get()
		cmddat := cmds.Record()
		offset += uint64(siz)
		l := Load{Cmd: cmd, Raw: cmddat}
		switch cmd {
		case LC_RPATH:
			c, _, err := cast.Prefix[RpathCommand[O]](cmddat)
			if err != nil {
				return &FormatError{int64(offset), "rpath command too short"}
			}
			if c.Path.Get() >= siz {
				return &FormatError{int64(offset), "invalid path in rpath command"}
			}
			l.Rpath = &Rpath{Path: cast.GoString(cmddat[c.Path.Get():])}
		case LC_LOAD_DYLIB:
			c, _, err := cast.Prefix[DylibCommand[O]](cmddat)
			if err != nil {
				return &FormatError{int64(offset), "dylib command too short"}
			}
			if c.Name.Get() >= siz {
				return &FormatError{int64(offset), "invalid name in dynamic library command"}
			}
			l.Dylib = &Dylib{Name: cast.GoString(cmddat[c.Name.Get():]), Time: c.Timestamp.Get(),
				CurrentVersion: c.CurrentVersion.Get(), CompatVersion: c.CompatibilityVersion.Get()}
		case LC_SYMTAB:
			c, _, err := cast.Prefix[SymtabCommand[O]](cmddat)
			if err != nil {
				return &FormatError{int64(offset), "symtab command too short"}
			}
			if l.Symtab, err = symtab[O](data, c, is64, int64(offset)); err != nil {
				return err
			}
			f.Symtab = l.Symtab
		case LC_DYSYMTAB:
			c, _, err := cast.Prefix[DysymtabCommand[O]](cmddat)
			if err != nil {
				return &FormatError{int64(offset), "dysymtab command too short"}
			}
			if l.Dysymtab, err = dysymtab[O](data, c, f.Symtab, int64(offset)); err != nil {
				return err
			}
			f.Dysymtab = l.Dysymtab
		case LC_SEGMENT:
			// int(), as in debug/macho: on 32-bit hosts, nsects >= 1<<31
			// means no sections.
			c, secs, _, err := cast.PrefixSlice[SegmentCommand32[O], Section32[O]](cmddat,
				func(c *SegmentCommand32[O]) int { return max(int(c.Nsects.Get()), 0) })
			if err != nil {
				return segmentError(len(cmddat) < int(unsafe.Sizeof(*c)), offset)
			}
			l.Segment = &Segment{Cmd: cmd, Len: siz, Name: cast.GoString(c.Segname[:]), Addr: uint64(c.Vmaddr.Get()),
				Memsz: uint64(c.Vmsize.Get()), Offset: uint64(c.Fileoff.Get()), Filesz: uint64(c.Filesize.Get()),
				Maxprot: c.Maxprot.Get(), Prot: c.Initprot.Get(), Nsect: c.Nsects.Get(), Flag: c.Flags.Get(),
				FirstSection: len(f.Sections)}
			for i := range secs {
				s := &secs[i]
				sec := Section{Name: cast.GoString(s.Sectname[:]), Seg: cast.GoString(s.Segname[:]), Addr: uint64(s.Addr.Get()),
					Size: uint64(s.Size.Get()), Offset: s.Offset.Get(), Align: s.Align.Get(), Reloff: s.Reloff.Get(),
					Nreloc: s.Nreloc.Get(), Flags: s.Flags.Get()}
				if err := f.pushSection(sec, relocs[O]); err != nil {
					return err
				}
			}
		case LC_SEGMENT_64:
			c, secs, _, err := cast.PrefixSlice[SegmentCommand64[O], Section64[O]](cmddat,
				func(c *SegmentCommand64[O]) int { return max(int(c.Nsects.Get()), 0) })
			if err != nil {
				return segmentError(len(cmddat) < int(unsafe.Sizeof(*c)), offset)
			}
			l.Segment = &Segment{Cmd: cmd, Len: siz, Name: cast.GoString(c.Segname[:]), Addr: c.Vmaddr.Get(),
				Memsz: c.Vmsize.Get(), Offset: c.Fileoff.Get(), Filesz: c.Filesize.Get(),
				Maxprot: c.Maxprot.Get(), Prot: c.Initprot.Get(), Nsect: c.Nsects.Get(), Flag: c.Flags.Get(),
				FirstSection: len(f.Sections)}
			for i := range secs {
				s := &secs[i]
				sec := Section{Name: cast.GoString(s.Sectname[:]), Seg: cast.GoString(s.Segname[:]), Addr: s.Addr.Get(),
					Size: s.Size.Get(), Offset: s.Offset.Get(), Align: s.Align.Get(), Reloff: s.Reloff.Get(),
					Nreloc: s.Nreloc.Get(), Flags: s.Flags.Get()}
				if err := f.pushSection(sec, relocs[O]); err != nil {
					return err
				}
			}
		}
		if s := l.Segment; s != nil {
			if int64(s.Offset) < 0 {
				return &FormatError{int64(offset), "invalid section offset"}
			}
			if int64(s.Filesz) < 0 {
				return &FormatError{int64(offset), "invalid section file size"}
			}
		}
		f.Loads = append(f.Loads, l)
	}
	return nil
}

// segmentError reports a segment command too short for its header, or
// for its section headers.
func segmentError(short bool, offset uint64) error {
	if short {
		return &FormatError{int64(offset), "segment command too short"}
	}
	return &FormatError{int64(offset), "section header past end of segment command"}
}

func (f *File) pushSection(s Section, relocs func([]byte) ([]Reloc, error)) error {
	if s.Nreloc > 0 {
		b, err := span(f.data, uint64(s.Reloff), uint64(s.Nreloc)*8, "relocations")
		if err != nil {
			return err
		}
		if s.Relocs, err = relocs(b); err != nil {
			return err
		}
	}
	f.Sections = append(f.Sections, s)
	return nil
}

func relocs[O endian.Order](b []byte) ([]Reloc, error) {
	ri, err := cast.Slice[RelocationInfo[O]](b)
	if err != nil {
		return nil, err
	}
	out := make([]Reloc, len(ri))
	for i := range ri {
		out[i] = ri[i].Decode()
	}
	return out, nil
}

func symtab[O endian.Order](data []byte, c *SymtabCommand[O], is64 bool, off int64) (*Symtab, error) {
	st := &Symtab{Symoff: c.Symoff.Get(), Nsyms: c.Nsyms.Get(), Stroff: c.Stroff.Get(), Strsize: c.Strsize.Get()}
	strtab, err := span(data, uint64(st.Stroff), uint64(st.Strsize), "string table")
	if err != nil {
		return nil, err
	}
	size := uint64(unsafe.Sizeof(Nlist32[O]{}))
	if is64 {
		size = uint64(unsafe.Sizeof(Nlist64[O]{}))
	}
	symdat, err := span(data, uint64(st.Symoff), uint64(st.Nsyms)*size, "symbol table")
	if err != nil {
		return nil, err
	}
	st.Syms = make([]Symbol, st.Nsyms)
	for i := range st.Syms {
		var strx uint32
		if is64 {
			n, rest, _ := cast.Prefix[Nlist64[O]](symdat)
			strx, symdat = n.Strx.Get(), rest
			st.Syms[i] = Symbol{Type: n.Type, Sect: n.Sect, Desc: n.Desc.Get(), Value: n.Value.Get()}
		} else {
			n, rest, _ := cast.Prefix[Nlist32[O]](symdat)
			strx, symdat = n.Strx.Get(), rest
			st.Syms[i] = Symbol{Type: n.Type, Sect: n.Sect, Desc: n.Desc.Get(), Value: uint64(n.Value.Get())}
		}
		if uint64(strx) >= uint64(len(strtab)) {
			return nil, &FormatError{off, "invalid name in symbol table"}
		}
		st.Syms[i].Name = cast.GoString(strtab[strx:])
	}
	return st, nil
}

func dysymtab[O endian.Order](data []byte, c *DysymtabCommand[O], st *Symtab, off int64) (*Dysymtab, error) {
	d := &Dysymtab{
		Ilocalsym: c.Ilocalsym.Get(), Nlocalsym: c.Nlocalsym.Get(), Iextdefsym: c.Iextdefsym.Get(),
		Nextdefsym: c.Nextdefsym.Get(), Iundefsym: c.Iundefsym.Get(), Nundefsym: c.Nundefsym.Get(),
		Tocoffset: c.Tocoffset.Get(), Ntoc: c.Ntoc.Get(), Modtaboff: c.Modtaboff.Get(), Nmodtab: c.Nmodtab.Get(),
		Extrefsymoff: c.Extrefsymoff.Get(), Nextrefsyms: c.Nextrefsyms.Get(), Indirectsymoff: c.Indirectsymoff.Get(),
		Nindirectsyms: c.Nindirectsyms.Get(), Extreloff: c.Extreloff.Get(), Nextrel: c.Nextrel.Get(),
		Locreloff: c.Locreloff.Get(), Nlocrel: c.Nlocrel.Get(),
	}
	switch {
	case st == nil:
		return nil, &FormatError{off, "dynamic symbol table seen before any ordinary symbol table"}
	case uint64(d.Iundefsym) > uint64(len(st.Syms)):
		return nil, &FormatError{off, "undefined symbols index in dynamic symbol table command is greater than symbol table length"}
	case uint64(d.Iundefsym+d.Nundefsym) > uint64(len(st.Syms)): // wraps at 32 bits, as in debug/macho
		return nil, &FormatError{off, "number of undefined symbols after index in dynamic symbol table command is greater than symbol table length"}
	}
	b, err := span(data, uint64(d.Indirectsymoff), uint64(d.Nindirectsyms)*4, "indirect symbol table")
	if err != nil {
		return nil, err
	}
	ind, _, err := cast.SlicePrefix[endian.U32[O]](b, int(d.Nindirectsyms))
	if err != nil {
		return nil, err
	}
	d.IndirectSyms = make([]uint32, len(ind))
	for i := range ind {
		d.IndirectSyms[i] = ind[i].Get()
	}
	return d, nil
}

// FatArchFile is one image of a fat file.
type FatArchFile struct {
	CPU, SubCPU, Offset, Size, Align uint32
	*File
}

// FatFile is a universal Mach-O file.
type FatFile struct {
	Magic  uint32
	Header *FatHeader
	Arches []FatArchFile
}

// ParseFat validates data as a fat Mach-O file, and each image in it, as
// debug/macho.NewFatFile does. A thin Mach-O file gives ErrNotFat.
func ParseFat(data []byte) (*FatFile, error) {
	h, rest, err := cast.Prefix[FatHeader](data)
	if err != nil {
		if len(data) < 4 {
			return nil, &FormatError{0, "error reading magic number"}
		}
		h = &FatHeader{Magic: endian.U32BE(data[:4])}
	}
	if m := h.Magic.Get(); m != MagicFat {
		if le := endian.U32LE(h.Magic).Get(); le == Magic32 || le == Magic64 {
			return nil, ErrNotFat
		}
		return nil, &FormatError{0, "invalid magic number"}
	}
	if err != nil {
		return nil, &FormatError{4, "invalid fat_header"}
	}
	narch := h.NfatArch.Get()
	if narch < 1 {
		return nil, &FormatError{8, "file contains no images"}
	}
	ff := &FatFile{Magic: MagicFat, Header: h}
	seen := map[uint64]bool{}
	off := int64(8)
	for i := range narch {
		var fa *FatArch
		if fa, rest, err = cast.Prefix[FatArch](rest); err != nil {
			return nil, &FormatError{off, "invalid fat_arch header"}
		}
		off += int64(unsafe.Sizeof(*fa))
		// debug/macho reads each image through an io.SectionReader,
		// which ends at the file's end: clamp the view the same way.
		lo := min(uint64(fa.Offset.Get()), uint64(len(data)))
		hi := min(uint64(fa.Offset.Get())+uint64(fa.Size.Get()), uint64(len(data)))
		img, err := Parse(data[lo:hi])
		if err != nil {
			return nil, err
		}
		a := FatArchFile{CPU: fa.Cputype.Get(), SubCPU: fa.Cpusubtype.Get(), Offset: fa.Offset.Get(),
			Size: fa.Size.Get(), Align: fa.Align.Get(), File: img}
		key := uint64(a.CPU)<<32 | uint64(a.SubCPU)
		if seen[key] {
			return nil, &FormatError{off, fmt.Sprintf("duplicate architecture cpu=%v, subcpu=%#x", a.CPU, a.SubCPU)}
		}
		seen[key] = true
		if i > 0 && img.Type != ff.Arches[0].Type {
			return nil, &FormatError{off, fmt.Sprintf("Mach-O type for architecture #%d (type=%#x) does not match first (type=%#x)", i, img.Type, ff.Arches[0].Type)}
		}
		ff.Arches = append(ff.Arches, a)
	}
	return ff, nil
}

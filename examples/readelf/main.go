// Command readelf prints the file header, section headers and symbol tables
// of an ELF file, in the format of binutils' `readelf -h`, `-S` and `-s`
// (wide mode): a subset of readelf's options and columns, with the same
// values.
//
// Usage:
//
//	readelf [-h] [-S] [-s] [-W] file
//
// Options may be combined (-hSs); with none, -h is assumed. -W is
// accepted for compatibility: the output is always wide.
//
// The file is memory-mapped read-only and never copied: every header and
// symbol is read in place through the overlays of the example's own package
// elf (examples/readelf/elf), which casts the mapping with overlay's public
// packages cast and endian only: its section, program header and symbol
// tables are cast.Tables at the file's entry size, its notes cast.Records.
// The same code prints 32-bit and 64-bit files of either byte order. The
// example directory is self-contained: copy it, with its elf package,
// into any module that requires overlay.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/examples/readelf/elf"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "readelf:", err)
		os.Exit(1)
	}
}

type options struct{ header, sections, symbols bool }

// run parses args, maps the file and prints it to out.
func run(args []string, out io.Writer) error {
	var opt options
	var path string
	for _, a := range args {
		if !strings.HasPrefix(a, "-") || a == "-" {
			if path != "" {
				return errors.New("usage: readelf [-h] [-S] [-s] [-W] file")
			}
			path = a
			continue
		}
		for _, c := range a[1:] {
			switch c {
			case 'h':
				opt.header = true
			case 'S':
				opt.sections = true
			case 's':
				opt.symbols = true
			case 'W':
			default:
				return fmt.Errorf("unknown option -%c", c)
			}
		}
	}
	if path == "" {
		return errors.New("usage: readelf [-h] [-S] [-s] [-W] file")
	}
	if !opt.header && !opt.sections && !opt.symbols {
		opt.header = true
	}
	data, unmap, err := mapFile(path)
	if err != nil {
		return err
	}
	defer unmap()
	f, err := elf.Parse(data)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	w := bufio.NewWriter(out)
	if opt.header {
		printHeader(w, f)
	}
	if opt.sections {
		printSections(w, f, opt.header)
	}
	if opt.symbols {
		if err := printSymbols(w, f); err != nil {
			_ = w.Flush()
			return err
		}
	}
	return w.Flush()
}

func printHeader(w *bufio.Writer, f *elf.File) {
	h := &f.FileHeader
	field := func(name, format string, args ...any) {
		fmt.Fprintf(w, "  %-35s"+format+"\n", append([]any{name + ":"}, args...)...)
	}
	fmt.Fprintf(w, "ELF Header:\n  Magic:  ")
	for _, b := range cast.Bytes(&h.Ident) {
		fmt.Fprintf(w, " %02x", b)
	}
	fmt.Fprintln(w, " ")
	class := "ELF32"
	if f.Is64() {
		class = "ELF64"
	}
	field("Class", "%s", class)
	data := "2's complement, little endian"
	if f.Big() {
		data = "2's complement, big endian"
	}
	field("Data", "%s", data)
	version := ""
	if h.Ident.Version == elf.EV_CURRENT {
		version = " (current)"
	}
	field("Version", "%d%s", h.Ident.Version, version)
	field("OS/ABI", "%s", lookup(osabiNames, uint32(h.Ident.OSABI), "<unknown: %x>"))
	field("ABI Version", "%d", h.Ident.ABIVersion)
	field("Type", "%s", lookup(typeNames, uint32(h.Type), "<unknown>: %x"))
	field("Machine", "%s", lookup(machineNames, uint32(h.Machine), "<unknown>: 0x%x"))
	field("Version", "%#x", h.Version)
	field("Entry point address", "%#x", h.Entry)
	field("Start of program headers", "%d (bytes into file)", h.Phoff)
	field("Start of section headers", "%d (bytes into file)", h.Shoff)
	field("Flags", "%#x", h.Flags)
	field("Size of this header", "%d (bytes)", h.Ehsize)
	field("Size of program headers", "%d (bytes)", h.Phentsize)
	field("Number of program headers", "%d", h.Phnum)
	field("Size of section headers", "%d (bytes)", h.Shentsize)
	if int(h.Shnum) != f.NumSections() {
		field("Number of section headers", "%d (%d)", h.Shnum, f.NumSections())
	} else {
		field("Number of section headers", "%d", h.Shnum)
	}
	if int(h.Shstrndx) != f.Shstrndx() {
		field("Section header string table index", "%d (%d)", h.Shstrndx, f.Shstrndx())
	} else {
		field("Section header string table index", "%d", h.Shstrndx)
	}
}

func printSections(w *bufio.Writer, f *elf.File, afterHeader bool) {
	if f.NumSections() == 0 {
		fmt.Fprintf(w, "\nThere are no sections in this file.\n")
		return
	}
	if !afterHeader {
		fmt.Fprintf(w, "There are %d section headers, starting at offset %#x:\n", f.NumSections(), f.Shoff)
	}
	addrWidth := 8
	if f.Is64() {
		addrWidth = 16
	}
	fmt.Fprintf(w, "\nSection Headers:\n  [Nr] Name              Type            %-*s Off    Size   ES Flg Lk Inf Al\n", addrWidth, "Address")
	for i := range f.NumSections() {
		s := f.Section(i)
		fmt.Fprintf(w, "  [%2d] %-17s %-15s %0*x %06x %06x %02x %3s %2d %3d %2d\n",
			i, f.SectionName(i), sectionType(f, s.Type), addrWidth, s.Addr, s.Offset, s.Size,
			s.Entsize, sectionFlags(f, s.Flags), s.Link, s.Info, s.Addralign)
	}
	fmt.Fprintf(w, "Key to Flags:\n  W (write), A (alloc), X (execute), M (merge), S (strings), I (info),\n"+
		"  L (link order), O (extra OS processing required), G (group), T (TLS),\n"+
		"  C (compressed), x (unknown), o (OS specific), E (exclude),\n"+
		"  D (mbind), l (large), p (processor specific)\n")
}

// printSymbols prints every SHT_DYNSYM and SHT_SYMTAB section, in section
// order, as readelf -s does.
func printSymbols(w *bufio.Writer, f *elf.File) error {
	for i := range f.NumSections() {
		s := f.Section(i)
		if s.Type != elf.SHT_SYMTAB && s.Type != elf.SHT_DYNSYM {
			continue
		}
		syms, err := f.SymbolsIn(i)
		if errors.Is(err, elf.ErrNoSymbols) {
			continue
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\nSymbol table '%s' contains %d entries:\n", f.SectionName(i), syms.Len())
		if f.Is64() {
			fmt.Fprintf(w, "   Num:    Value          Size Type    Bind   Vis      Ndx Name\n")
		} else {
			fmt.Fprintf(w, "   Num:    Value  Size Type    Bind   Vis      Ndx Name\n")
		}
		addrWidth := 8
		if f.Is64() {
			addrWidth = 16
		}
		for j := range syms.Len() {
			sym := syms.At(j)
			name := syms.Name(j)
			if sym.Type() == sttSection && len(name) == 0 && int(sym.Shndx) < f.NumSections() {
				name = f.SectionName(int(sym.Shndx)) // as readelf does
			}
			size := fmt.Sprintf("%5d", sym.Size)
			if sym.Size > 99999 {
				size = fmt.Sprintf("%#5x", sym.Size)
			}
			fmt.Fprintf(w, "%6d: %0*x %s %-7s %-6s %-7s %4s %s\n", j, addrWidth, sym.Value, size,
				symbolType(f, sym.Type()), lookup(bindNames, uint32(sym.Bind()), "<unknown>: %d"),
				lookup(visNames, uint32(sym.Visibility()), "%d"), sectionIndex(f, sym.Shndx), name)
		}
	}
	return nil
}

func lookup(names map[uint32]string, v uint32, unknown string) string {
	if s, ok := names[v]; ok {
		return s
	}
	return fmt.Sprintf(unknown, v)
}

const (
	em386    = 3
	emMIPS   = 8
	emARM    = 40
	emX86_64 = 62
	emRISCV  = 243

	sttSection = 3
)

var (
	osabiNames = map[uint32]string{0: "UNIX - System V", 1: "UNIX - HP-UX", 2: "UNIX - NetBSD", 3: "UNIX - GNU",
		6: "UNIX - Solaris", 7: "UNIX - AIX", 8: "UNIX - IRIX", 9: "UNIX - FreeBSD", 10: "UNIX - TRU64",
		11: "Novell - Modesto", 12: "UNIX - OpenBSD", 13: "VMS - OpenVMS", 14: "HP - Non-Stop Kernel",
		15: "AROS", 16: "FenixOS", 17: "Nuxi CloudABI", 18: "Stratus Technologies OpenVOS", 255: "Standalone App"}
	typeNames = map[uint32]string{0: "NONE (None)", 1: "REL (Relocatable file)", 2: "EXEC (Executable file)",
		3: "DYN (Shared object file)", 4: "CORE (Core file)"}
	machineNames = map[uint32]string{0: "None", 2: "Sparc", em386: "Intel 80386", emMIPS: "MIPS R3000",
		20: "PowerPC", 21: "PowerPC64", 22: "IBM S/390", emARM: "ARM", 43: "Sparc v9",
		emX86_64: "Advanced Micro Devices X86-64", 183: "AArch64", emRISCV: "RISC-V", 258: "LoongArch"}
	sectionTypeNames = map[uint32]string{
		elf.SHT_NULL: "NULL", elf.SHT_PROGBITS: "PROGBITS", elf.SHT_SYMTAB: "SYMTAB", elf.SHT_STRTAB: "STRTAB",
		elf.SHT_RELA: "RELA", //nolint:misspell // the ELF section type
		elf.SHT_HASH: "HASH", elf.SHT_DYNAMIC: "DYNAMIC", elf.SHT_NOTE: "NOTE",
		elf.SHT_NOBITS: "NOBITS", elf.SHT_REL: "REL", elf.SHT_SHLIB: "SHLIB", elf.SHT_DYNSYM: "DYNSYM",
		elf.SHT_INIT_ARRAY: "INIT_ARRAY", elf.SHT_FINI_ARRAY: "FINI_ARRAY", elf.SHT_PREINIT_ARRAY: "PREINIT_ARRAY",
		elf.SHT_GROUP: "GROUP", elf.SHT_SYMTAB_SHNDX: "SYMTAB SECTION INDICES", 19: "RELR",
		elf.SHT_GNU_ATTRIBUTES: "GNU_ATTRIBUTES", elf.SHT_GNU_HASH: "GNU_HASH", elf.SHT_GNU_LIBLIST: "GNU_LIBLIST",
		elf.SHT_GNU_VERDEF: "VERDEF", elf.SHT_GNU_VERNEED: "VERNEED", elf.SHT_GNU_VERSYM: "VERSYM",
		0x6fff4c03: "LLVM_ADDRSIG",
	}
	// Processor-specific section types, by machine.
	procSectionTypeNames = map[uint16]map[uint32]string{
		emX86_64: {0x70000001: "X86_64_UNWIND"},
		emARM:    {0x70000001: "ARM_EXIDX", 0x70000002: "ARM_PREEMPTMAP", 0x70000003: "ARM_ATTRIBUTES"},
		emRISCV:  {0x70000003: "RISCV_ATTRIBUTES"},
		emMIPS: {0x70000006: "MIPS_REGINFO", 0x7000000d: "MIPS_OPTIONS", 0x7000001e: "MIPS_DWARF",
			0x7000002a: "MIPS_ABIFLAGS"},
	}
	bindNames = map[uint32]string{0: "LOCAL", 1: "GLOBAL", 2: "WEAK", 10: "UNIQUE"}
	visNames  = map[uint32]string{0: "DEFAULT", 1: "INTERNAL", 2: "HIDDEN", 3: "PROTECTED"}
)

func sectionType(f *elf.File, t uint32) string {
	if s, ok := sectionTypeNames[t]; ok {
		return s
	}
	if s, ok := procSectionTypeNames[f.Machine][t]; ok {
		return s
	}
	switch {
	case t >= 0x70000000 && t <= 0x7fffffff:
		return fmt.Sprintf("LOPROC+%#x", t-0x70000000)
	case t >= 0x60000000 && t <= 0x6fffffff:
		return fmt.Sprintf("LOOS+%#x", t-0x60000000)
	case t >= 0x80000000:
		return fmt.Sprintf("LOUSER+%#x", t-0x80000000)
	}
	return fmt.Sprintf("%08x: <unknown>", t)
}

func symbolType(f *elf.File, t uint8) string {
	switch t {
	case 0:
		return "NOTYPE"
	case 1:
		return "OBJECT"
	case 2:
		return "FUNC"
	case 3:
		return "SECTION"
	case 4:
		return "FILE"
	case 5:
		return "COMMON"
	case 6:
		return "TLS"
	case 10:
		if osabi := f.Ident.OSABI; osabi == 0 || osabi == 3 || osabi == 9 {
			return "IFUNC"
		}
	}
	return fmt.Sprintf("<unknown>: %d", t)
}

// sectionFlags spells flags with readelf's letters.
func sectionFlags(f *elf.File, flags uint64) string {
	letters := []struct {
		bit    uint64
		letter byte
	}{
		{elf.SHF_WRITE, 'W'}, {elf.SHF_ALLOC, 'A'}, {elf.SHF_EXECINSTR, 'X'}, {elf.SHF_MERGE, 'M'},
		{elf.SHF_STRINGS, 'S'}, {elf.SHF_INFO_LINK, 'I'}, {elf.SHF_LINK_ORDER, 'L'},
		{elf.SHF_OS_NONCONFORMING, 'O'}, {elf.SHF_GROUP, 'G'}, {elf.SHF_TLS, 'T'},
		{elf.SHF_COMPRESSED, 'C'}, {0x80000000, 'E'},
	}
	var b []byte
	for _, l := range letters {
		if flags&l.bit != 0 {
			b = append(b, l.letter)
			flags &^= l.bit
		}
	}
	if f.Machine == emX86_64 && flags&0x10000000 != 0 {
		b = append(b, 'l')
		flags &^= 0x10000000
	}
	if flags&0x0ff00000 != 0 {
		b = append(b, 'o')
	}
	if flags&0xf0000000 != 0 {
		b = append(b, 'p')
	}
	if flags&^0xfff00000 != 0 {
		b = append(b, 'x')
	}
	return string(b)
}

func sectionIndex(f *elf.File, i uint16) string {
	switch {
	case i == elf.SHN_UNDEF:
		return "UND"
	case i == elf.SHN_ABS:
		return "ABS"
	case i == elf.SHN_COMMON:
		return "COM"
	case i < elf.SHN_LORESERVE && int(i) >= f.NumSections():
		return fmt.Sprintf("bad section index[%3d]", i) // as readelf
	}
	return strconv.FormatUint(uint64(i), 10)
}

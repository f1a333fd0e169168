package elf_test

import (
	"bytes"
	stdelf "debug/elf"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
	"github.com/go-overlay/overlay/examples/readelf/elf"
	"github.com/go-overlay/overlay/internal/formats/testfiles"
)

// The overlays have the sizes of the C structs, on every arch (the types
// are byte arrays, so the host's sizes are every arch's sizes).
func TestSizes(t *testing.T) {
	sizes := []struct {
		got, want uintptr
		name      string
	}{
		{unsafe.Sizeof(elf.Ident{}), 16, "Ident"},
		{unsafe.Sizeof(elf.Ehdr32[endian.Big]{}), 52, "Ehdr32"},
		{unsafe.Sizeof(elf.Ehdr64[endian.Little]{}), 64, "Ehdr64"},
		{unsafe.Sizeof(elf.Shdr32[endian.Big]{}), 40, "Shdr32"},
		{unsafe.Sizeof(elf.Shdr64[endian.Little]{}), 64, "Shdr64"},
		{unsafe.Sizeof(elf.Phdr32[endian.Big]{}), 32, "Phdr32"},
		{unsafe.Sizeof(elf.Phdr64[endian.Little]{}), 56, "Phdr64"},
		{unsafe.Sizeof(elf.Sym32[endian.Big]{}), 16, "Sym32"},
		{unsafe.Sizeof(elf.Sym64[endian.Little]{}), 24, "Sym64"},
		{unsafe.Sizeof(elf.Chdr32[endian.Big]{}), 12, "Chdr32"},
		{unsafe.Sizeof(elf.Chdr64[endian.Little]{}), 24, "Chdr64"},
	}
	for _, s := range sizes {
		assert.Equal(t, s.want, s.got, s.name)
	}
	// The same sizes as debug/elf's own definitions.
	assert.Equal(t, uintptr(binary.Size(stdelf.Header64{})), unsafe.Sizeof(elf.Ehdr64[endian.Big]{}))
	assert.Equal(t, uintptr(binary.Size(stdelf.Section32{})), unsafe.Sizeof(elf.Shdr32[endian.Big]{}))
	assert.Equal(t, uintptr(binary.Size(stdelf.Prog64{})), unsafe.Sizeof(elf.Phdr64[endian.Big]{}))
	assert.Equal(t, uintptr(stdelf.Sym32Size), unsafe.Sizeof(elf.Sym32[endian.Big]{}))
}

// Every overlay passes cast's validation in both byte orders.
func TestCastable(t *testing.T) {
	for _, err := range []error{
		cast.Check[elf.Ident](),
		cast.Check[elf.Ehdr32[endian.Little]](), cast.Check[elf.Ehdr32[endian.Big]](),
		cast.Check[elf.Ehdr64[endian.Little]](), cast.Check[elf.Ehdr64[endian.Big]](),
		cast.Check[elf.Shdr32[endian.Little]](), cast.Check[elf.Shdr32[endian.Big]](),
		cast.Check[elf.Shdr64[endian.Little]](), cast.Check[elf.Shdr64[endian.Big]](),
		cast.Check[elf.Phdr32[endian.Little]](), cast.Check[elf.Phdr32[endian.Big]](),
		cast.Check[elf.Phdr64[endian.Little]](), cast.Check[elf.Phdr64[endian.Big]](),
		cast.Check[elf.Sym32[endian.Little]](), cast.Check[elf.Sym32[endian.Big]](),
		cast.Check[elf.Sym64[endian.Little]](), cast.Check[elf.Sym64[endian.Big]](),
		cast.Check[elf.Chdr32[endian.Little]](), cast.Check[elf.Chdr32[endian.Big]](),
		cast.Check[elf.Chdr64[endian.Little]](), cast.Check[elf.Chdr64[endian.Big]](),
	} {
		assert.NoError(t, err)
	}
}

// tally counts what the differential tests compared.
type tally struct {
	rejectedNames             []string
	files, accepted, rejected int
	kinds                     map[string]int // "ELFCLASS64/ELFDATA2MSB" -> files
	headers, progs, sections  int
	symbols, dynsyms          int
	compressed                int
}

func (c *tally) String() string {
	return fmt.Sprintf("%d files (%d accepted, %d rejected by both), kinds %v: %d headers, %d program headers, %d section headers (%d compressed), %d symbols, %d dynamic symbols compared",
		c.files, c.accepted, c.rejected, c.kinds, c.headers, c.progs, c.sections, c.compressed, c.symbols, c.dynsyms)
}

// compareFile parses data with both Parse and debug/elf and compares every
// field of every header, section and symbol. It returns whether both
// accepted the file.
func compareFile(t *testing.T, name string, data []byte, c *tally) bool {
	t.Helper()
	c.files++
	ref, refErr := stdelf.NewFile(bytes.NewReader(data))
	f, err := elf.Parse(data)
	if refErr != nil || err != nil {
		if !assert.Equal(t, refErr == nil, err == nil, "%s: debug/elf error %v, Parse error %v", name, refErr, err) {
			return false
		}
		c.rejected++
		c.rejectedNames = append(c.rejectedNames, name)
		return false
	}
	c.accepted++
	kind := fmt.Sprintf("%v/%v", ref.Class, ref.Data)
	if c.kinds == nil {
		c.kinds = map[string]int{}
	}
	c.kinds[kind]++

	// File header: debug/elf's decoded fields, and the raw fields via
	// encoding/binary into debug/elf's own Header32/Header64.
	h := f.FileHeader
	assert.Equal(t, ref.Class, stdelf.Class(h.Ident.Class), name)
	assert.Equal(t, ref.Data, stdelf.Data(h.Ident.Data), name)
	assert.Equal(t, ref.Version, stdelf.Version(h.Ident.Version), name)
	assert.Equal(t, ref.OSABI, stdelf.OSABI(h.Ident.OSABI), name)
	assert.Equal(t, ref.ABIVersion, h.Ident.ABIVersion, name)
	assert.Equal(t, ref.Type, stdelf.Type(h.Type), name)
	assert.Equal(t, ref.Machine, stdelf.Machine(h.Machine), name)
	assert.Equal(t, ref.Entry, h.Entry, name)
	assert.Equal(t, ref.Data == stdelf.ELFDATA2MSB, f.Big(), name)
	assert.Equal(t, ref.Class == stdelf.ELFCLASS64, f.Is64(), name)
	rawHeader(t, name, data, ref.ByteOrder, h)
	c.headers++

	require.Equal(t, len(ref.Progs), f.NumProgs(), name)
	for i, p := range ref.Progs {
		got := f.Prog(i)
		want := elf.ProgHeader{
			Type: uint32(p.Type), Flags: uint32(p.Flags), Offset: p.Off, Vaddr: p.Vaddr,
			Paddr: p.Paddr, Filesz: p.Filesz, Memsz: p.Memsz, Align: p.Align,
		}
		assert.Equal(t, want, got, "%s: program header %d", name, i)
		c.progs++
	}

	require.Equal(t, len(ref.Sections), f.NumSections(), name)
	for i, s := range ref.Sections {
		got := f.Section(i)
		assert.Equal(t, s.Name, string(f.SectionName(i)), "%s: section %d name", name, i)
		assert.Equal(t, s.Type, stdelf.SectionType(got.Type), "%s: section %d", name, i)
		assert.Equal(t, s.Flags, stdelf.SectionFlag(got.Flags), "%s: section %d", name, i)
		assert.Equal(t, s.Addr, got.Addr, "%s: section %d", name, i)
		assert.Equal(t, s.Offset, got.Offset, "%s: section %d", name, i)
		assert.Equal(t, s.FileSize, got.Size, "%s: section %d", name, i)
		assert.Equal(t, s.Link, got.Link, "%s: section %d", name, i)
		assert.Equal(t, s.Info, got.Info, "%s: section %d", name, i)
		assert.Equal(t, s.Entsize, got.Entsize, "%s: section %d", name, i)
		size, align := got.Size, got.Addralign
		if got.Flags&elf.SHF_COMPRESSED != 0 {
			// debug/elf reports the uncompressed size and alignment,
			// from the compression header.
			ch, err := f.Compression(i)
			require.NoError(t, err, name)
			size, align = ch.Size, ch.Addralign
			c.compressed++
		}
		assert.Equal(t, s.Size, size, "%s: section %d size", name, i)
		assert.Equal(t, s.Addralign, align, "%s: section %d", name, i)
		c.sections++
	}
	rawSections(t, name, data, ref, f)

	c.symbols += compareSymbols(t, name, f, elf.SHT_SYMTAB, ref.Symbols)
	c.dynsyms += compareSymbols(t, name, f, elf.SHT_DYNSYM, ref.DynamicSymbols)
	return true
}

// rawHeader compares every field of the file header with an
// encoding/binary decode into debug/elf's Header32 or Header64.
func rawHeader(t *testing.T, name string, data []byte, bo binary.ByteOrder, h elf.FileHeader) {
	t.Helper()
	var want elf.FileHeader
	if h.Ident.Class == elf.ELFCLASS64 {
		var r stdelf.Header64
		require.NoError(t, binary.Read(bytes.NewReader(data), bo, &r), name)
		want = elf.FileHeader{Type: r.Type, Machine: r.Machine, Version: r.Version, Entry: r.Entry,
			Phoff: r.Phoff, Shoff: r.Shoff, Flags: r.Flags, Ehsize: r.Ehsize, Phentsize: r.Phentsize,
			Phnum: r.Phnum, Shentsize: r.Shentsize, Shnum: r.Shnum, Shstrndx: r.Shstrndx}
		copy(cast.Bytes(&want.Ident), r.Ident[:])
	} else {
		var r stdelf.Header32
		require.NoError(t, binary.Read(bytes.NewReader(data), bo, &r), name)
		want = elf.FileHeader{Type: r.Type, Machine: r.Machine, Version: r.Version, Entry: uint64(r.Entry),
			Phoff: uint64(r.Phoff), Shoff: uint64(r.Shoff), Flags: r.Flags, Ehsize: r.Ehsize, Phentsize: r.Phentsize,
			Phnum: r.Phnum, Shentsize: r.Shentsize, Shnum: r.Shnum, Shstrndx: r.Shstrndx}
		copy(cast.Bytes(&want.Ident), r.Ident[:])
	}
	assert.Equal(t, want, h, "%s: raw file header", name)
}

// rawSections casts the whole section header table with cast.Slice, in a
// function generic over the byte order as a user would write it, and
// compares each raw entry with an encoding/binary decode into debug/elf's
// Section32 or Section64.
func rawSections(t *testing.T, name string, data []byte, ref *stdelf.File, f *elf.File) {
	t.Helper()
	if f.NumSections() == 0 {
		return
	}
	if f.Big() {
		rawSectionsOf[endian.Big](t, name, data, ref, f)
	} else {
		rawSectionsOf[endian.Little](t, name, data, ref, f)
	}
}

func rawSectionsOf[O endian.Order](t *testing.T, name string, data []byte, ref *stdelf.File, f *elf.File) {
	t.Helper()
	// Entries are Shentsize apart, which ELF (and debug/elf) allow to be
	// larger than the header itself: compare each at its own offset.
	size := 40
	if f.Is64() {
		size = 64
	}
	stride := int(f.Shentsize)
	require.GreaterOrEqual(t, stride, size, name)
	for i := range f.NumSections() {
		entry := data[int(f.Shoff)+i*stride:]
		var want, got []any
		if f.Is64() {
			g, _, err := cast.Prefix[elf.Shdr64[O]](entry)
			require.NoError(t, err, name)
			var w stdelf.Section64
			require.NoError(t, binary.Read(bytes.NewReader(entry), ref.ByteOrder, &w), name)
			want = []any{w.Name, w.Type, w.Flags, w.Addr, w.Off, w.Size, w.Link, w.Info, w.Addralign, w.Entsize}
			got = []any{g.Name.Get(), g.Type.Get(), g.Flags.Get(), g.Addr.Get(), g.Offset.Get(), g.Size.Get(),
				g.Link.Get(), g.Info.Get(), g.Addralign.Get(), g.Entsize.Get()}
		} else {
			g, _, err := cast.Prefix[elf.Shdr32[O]](entry)
			require.NoError(t, err, name)
			var w stdelf.Section32
			require.NoError(t, binary.Read(bytes.NewReader(entry), ref.ByteOrder, &w), name)
			want = []any{w.Name, w.Type, w.Flags, w.Addr, w.Off, w.Size, w.Link, w.Info, w.Addralign, w.Entsize}
			got = []any{g.Name.Get(), g.Type.Get(), g.Flags.Get(), g.Addr.Get(), g.Offset.Get(), g.Size.Get(),
				g.Link.Get(), g.Info.Get(), g.Addralign.Get(), g.Entsize.Get()}
		}
		assert.Equal(t, want, got, "%s: raw section %d", name, i)
	}
}

// compareSymbols compares a symbol table entry by entry with debug/elf's
// Symbols or DynamicSymbols (which leave out the null symbol 0), and returns
// the number of symbols compared.
func compareSymbols(t *testing.T, name string, f *elf.File, typ uint32, refSyms func() ([]stdelf.Symbol, error)) int {
	t.Helper()
	want, refErr := refSyms()
	syms, err := f.SymbolTable(typ)
	if typ == elf.SHT_DYNSYM && refErr != nil && err == nil && strings.Contains(refErr.Error(), "version") {
		// DynamicSymbols also decodes .gnu.version and .gnu.version_r and
		// fails on a bad version record; SymbolTable reads symbols only,
		// so a file whose symbols are fine but whose versions are not
		// (found by FuzzParse) has nothing to compare.
		return 0
	}
	if refErr != nil || err != nil {
		assert.Equal(t, refErr == nil, err == nil, "%s: debug/elf error %v, SymbolTable error %v", name, refErr, err)
		assert.Equal(t, errors.Is(refErr, stdelf.ErrNoSymbols), errors.Is(err, elf.ErrNoSymbols), "%s: %v / %v", name, refErr, err)
		return 0
	}
	require.Equal(t, len(want)+1, syms.Len(), name)
	for i, w := range want {
		got := syms.At(i + 1)
		if !assert.Equal(t, []any{w.Name, w.Info, w.Other, w.Section, w.Value, w.Size},
			[]any{string(syms.Name(i + 1)), got.Info, got.Other, stdelf.SectionIndex(got.Shndx), got.Value, got.Size},
			"%s: symbol %d of section type %d", name, i+1, typ) {
			break
		}
	}
	return len(want)
}

// TestTestdata compares every file in GOROOT/src/debug/elf/testdata.
func TestTestdata(t *testing.T) {
	files, err := testfiles.Load("debug/elf")
	require.NoError(t, err)
	var c tally
	for _, tf := range files {
		compareFile(t, tf.Name, tf.Data, &c)
	}
	t.Log(c.String())
	t.Logf("rejected by both: %q", c.rejectedNames)
	// Both classes and both byte orders are covered.
	for _, k := range []string{"ELFCLASS32/ELFDATA2LSB", "ELFCLASS32/ELFDATA2MSB", "ELFCLASS64/ELFDATA2LSB", "ELFCLASS64/ELFDATA2MSB"} {
		assert.Positive(t, c.kinds[k], "no %s test file", k)
	}
	assert.Positive(t, c.rejected, "no file was rejected by both")
	assert.Positive(t, c.compressed, "no compressed section")
	assert.Positive(t, c.symbols)
	assert.Positive(t, c.dynsyms)
}

// hostBinaries returns the go command and a few ELF files of the host.
func hostBinaries() []string {
	paths := []string{filepath.Join(testfiles.GOROOT(), "bin", "go")}
	seen := map[string]bool{}
	for _, p := range []string{"/usr/bin/ls", "/usr/bin/env", "/bin/sh", "/usr/bin/readelf",
		"/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libc.so.6"} {
		if target, err := filepath.EvalSymlinks(p); err == nil && !seen[target] {
			seen[target] = true
			paths = append(paths, p)
		}
	}
	return paths
}

// TestHostBinaries compares the go command itself and a few system
// binaries and libraries.
func TestHostBinaries(t *testing.T) {
	var c tally
	for _, p := range hostBinaries() {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Logf("skip %s: %v", p, err)
			continue
		}
		if !bytes.HasPrefix(data, []byte("\x7fELF")) {
			continue
		}
		if !compareFile(t, p, data, &c) {
			t.Errorf("%s: rejected", p)
		}
	}
	t.Log(c.String())
	assert.Positive(t, c.symbols)
}

// TestMutations corrupts the header fields that drive parsing (and
// truncates each file) and checks that Parse accepts exactly the variants
// debug/elf accepts, compares the accepted ones in full, and never panics.
func TestMutations(t *testing.T) {
	files, err := testfiles.Load("debug/elf")
	require.NoError(t, err)
	var c tally
	for _, tf := range files {
		data := tf.Data
		if len(data) < 64 || !bytes.HasPrefix(data, elf.Magic[:]) {
			continue
		}
		for _, n := range []int{0, 3, 15, 16, 40, 51, 52, 63, 64, len(data) / 2, len(data) - 1} {
			compareFile(t, fmt.Sprintf("%s[:%d]", tf.Name, n), data[:n], &c)
		}
		f, err := elf.Parse(data)
		require.NoError(t, err)
		// Offsets of header fields, per class.
		fields := map[string][2]int{ // name -> {offset, size}
			"class": {4, 1}, "data": {5, 1}, "version": {6, 1}, "e_version": {20, 4},
		}
		if f.Is64() {
			for k, v := range map[string][2]int{"phoff": {32, 8}, "shoff": {40, 8}, "phentsize": {54, 2},
				"phnum": {56, 2}, "shentsize": {58, 2}, "shnum": {60, 2}, "shstrndx": {62, 2}} {
				fields[k] = v
			}
		} else {
			for k, v := range map[string][2]int{"phoff": {28, 4}, "shoff": {32, 4}, "phentsize": {42, 2},
				"phnum": {44, 2}, "shentsize": {46, 2}, "shnum": {48, 2}, "shstrndx": {50, 2}} {
				fields[k] = v
			}
		}
		for fname, fo := range fields {
			// 0x301: debug/elf checks only the low byte of e_version.
			for _, v := range []uint64{0, 1, 2, 0x301, 0xffff, 0xff00, 1<<63 + 5, uint64(len(data))} {
				m := bytes.Clone(data)
				put(m[fo[0]:fo[0]+fo[1]], v, f.Big())
				compareFile(t, fmt.Sprintf("%s with %s=%#x", tf.Name, fname, v), m, &c)
			}
		}
		// Corrupt each section header's offset, size, name and link.
		// An empty symbol table, whatever its type, offset or flags, is
		// no symbol table.
		if syms, err := f.SymbolTable(elf.SHT_SYMTAB); err == nil {
			base := int(f.Shoff) + syms.Section*int(f.Shentsize)
			flags, off, size := [2]int{8, 4}, [2]int{16, 4}, [2]int{20, 4}
			if f.Is64() {
				flags, off, size = [2]int{8, 8}, [2]int{24, 8}, [2]int{32, 8}
			}
			for name, m := range map[string][]byte{
				"NOBITS":     with(with(data, base+4, 4, elf.SHT_NOBITS, f.Big()), base+size[0], size[1], 0, f.Big()),
				"empty":      with(with(data, base+size[0], size[1], 0, f.Big()), base+off[0], off[1], uint64(len(data))+100, f.Big()),
				"compressed": with(data, base+flags[0], flags[1], elf.SHF_COMPRESSED, f.Big()),
			} {
				compareFile(t, fmt.Sprintf("%s with %s symtab", tf.Name, name), m, &c)
			}
		}
		// Corrupt the first sections and the section name table.
		for _, i := range []int{1, 2, 3, f.Shstrndx()} {
			if i >= f.NumSections() {
				continue
			}
			base := int(f.Shoff) + i*int(f.Shentsize)
			offs := [][2]int{{0, 4}, {16, 4}, {20, 4}, {24, 4}} // name, offset, size, link (32-bit)
			if f.Is64() {
				offs = [][2]int{{0, 4}, {24, 8}, {32, 8}, {40, 4}}
			}
			for _, fo := range offs {
				m := bytes.Clone(data)
				put(m[base+fo[0]:base+fo[0]+fo[1]], uint64(len(data))-2, f.Big())
				compareFile(t, fmt.Sprintf("%s with section %d field @%d", tf.Name, i, fo[0]), m, &c)
			}
		}
	}
	t.Log(c.String())
}

// with returns a copy of data with the size-byte field at off set to v.
func with(data []byte, off, size int, v uint64, big bool) []byte {
	m := bytes.Clone(data)
	put(m[off:off+size], v, big)
	return m
}

func put(b []byte, v uint64, big bool) {
	for i := range b {
		shift := 8 * i
		if big {
			shift = 8 * (len(b) - 1 - i)
		}
		b[i] = byte(v >> shift)
	}
}

// FuzzParse: Parse never panics, and accepts what debug/elf accepts.
func FuzzParse(f *testing.F) {
	files, err := testfiles.Load("debug/elf")
	require.NoError(f, err)
	for _, tf := range files {
		if len(tf.Data) < 1<<16 {
			f.Add(tf.Data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var c tally
		compareFile(t, "fuzz", data, &c)
	})
}

// The decoded structs have exactly the fields the overlays have (a guard
// against forgetting a field in Decode).
func TestDecodeCoversFields(t *testing.T) {
	count := func(v any) int {
		n := 0
		rt := reflect.TypeOf(v)
		for i := range rt.NumField() {
			if rt.Field(i).Name != "_" {
				n++
			}
		}
		return n
	}
	assert.Equal(t, count(elf.Ehdr64[endian.Big]{}), count(elf.FileHeader{}))
	assert.Equal(t, count(elf.Shdr64[endian.Big]{}), count(elf.SectionHeader{}))
	assert.Equal(t, count(elf.Phdr64[endian.Big]{}), count(elf.ProgHeader{}))
	assert.Equal(t, count(elf.Sym64[endian.Big]{}), count(elf.Symbol{}))
	assert.Equal(t, count(elf.Chdr64[endian.Big]{})-1, count(elf.CompressionHeader{}))

	// Decode reads every byte: fill an overlay with distinct bytes and
	// check that each decoded field depends on them.
	b := make([]byte, 64)
	for i := range b {
		b[i] = byte(i + 1)
	}
	h, err := cast.To[elf.Ehdr64[endian.Big]](b)
	require.NoError(t, err)
	d := h.Decode()
	assert.Equal(t, uint16(0x1112), d.Type)
	assert.Equal(t, uint64(0x191a1b1c1d1e1f20), d.Entry)
	assert.Equal(t, uint16(0x3f40), d.Shstrndx)
}

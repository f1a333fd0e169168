package elf_test

import (
	"bytes"
	stdelf "debug/elf"
	"os"
	"path/filepath"
	"structs"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
	"github.com/go-overlay/overlay/examples/readelf/elf"
	"github.com/go-overlay/overlay/internal/formats/testfiles"
)

// walkSum is what every walker computes from every section header and
// every symbol: a sum over all numeric fields and name lengths, so that no
// field read can be optimized away, and the counts.
type walkSum struct {
	sum               uint64
	sections, symbols int
}

// walkOverlay walks a file of byte order O through the overlays, as a user
// of overlay writes it: one cast of each table, then field reads.
func walkOverlay[O endian.Order](data []byte) (w walkSum, err error) {
	h, _, err := cast.Prefix[elf.Ehdr64[O]](data)
	if err != nil {
		return w, err
	}
	sh, _, err := cast.SlicePrefix[elf.Shdr64[O]](data[h.Shoff.Get():], int(h.Shnum.Get()))
	if err != nil {
		return w, err
	}
	str := &sh[h.Shstrndx.Get()]
	shstrtab := data[str.Offset.Get():][:str.Size.Get()]
	symtab := -1
	for i := range sh {
		s := &sh[i]
		name, _ := elf.CString(shstrtab, s.Name.Get())
		w.sum += uint64(len(name)) + uint64(s.Type.Get()) + s.Flags.Get() + s.Addr.Get() + s.Offset.Get() +
			s.Size.Get() + uint64(s.Link.Get()+s.Info.Get()) + s.Addralign.Get() + s.Entsize.Get()
		if s.Type.Get() == elf.SHT_SYMTAB && symtab < 0 {
			symtab = i
		}
	}
	w.sections = len(sh)
	st := &sh[symtab]
	ss := &sh[st.Link.Get()]
	strtab := data[ss.Offset.Get():][:ss.Size.Get()]
	syms, err := cast.Slice[elf.Sym64[O]](data[st.Offset.Get():][:st.Size.Get()])
	if err != nil {
		return w, err
	}
	for i := range syms[1:] {
		s := &syms[1+i]
		name, _ := elf.CString(strtab, s.Name.Get())
		w.sum += uint64(len(name)) + uint64(s.Info) + uint64(s.Other) + uint64(s.Shndx.Get()) + s.Value.Get() + s.Size.Get()
	}
	w.symbols = len(syms) - 1
	return w, nil
}

// walkFile walks through the class- and order-neutral File API.
func walkFile(data []byte) (w walkSum, err error) {
	f, err := elf.Parse(data)
	if err != nil {
		return w, err
	}
	for i := range f.NumSections() {
		s := f.Section(i)
		w.sum += uint64(len(f.SectionName(i))) + uint64(s.Type) + s.Flags + s.Addr + s.Offset +
			s.Size + uint64(s.Link+s.Info) + s.Addralign + s.Entsize
	}
	w.sections = f.NumSections()
	syms, err := f.SymbolTable(elf.SHT_SYMTAB)
	if err != nil {
		return w, err
	}
	strtab := syms.StringTable()
	for i := 1; i < syms.Len(); i++ {
		s := syms.At(i)
		name, _ := elf.CString(strtab, s.Name)
		w.sum += uint64(len(name)) + uint64(s.Info) + uint64(s.Other) + uint64(s.Shndx) + s.Value + s.Size
	}
	w.symbols = syms.Len() - 1
	return w, nil
}

// walkStd walks with debug/elf: NewFile, Sections, Symbols.
func walkStd(data []byte) (w walkSum, err error) {
	f, err := stdelf.NewFile(bytes.NewReader(data))
	if err != nil {
		return w, err
	}
	for _, s := range f.Sections {
		w.sum += uint64(len(s.Name)) + uint64(s.Type) + uint64(s.Flags) + s.Addr + s.Offset +
			s.FileSize + uint64(s.Link+s.Info) + s.Addralign + s.Entsize
	}
	w.sections = len(f.Sections)
	syms, err := f.Symbols()
	if err != nil {
		return w, err
	}
	for _, s := range syms {
		w.sum += uint64(len(s.Name)) + uint64(s.Info) + uint64(s.Other) + uint64(s.Section) + s.Value + s.Size
	}
	w.symbols = len(syms)
	return w, nil
}

// Hand-written little-endian-only overlays with package endian's types,
// to measure what the byte-order type parameter costs.
type shdr64LE struct {
	_                         structs.HostLayout
	Name, Type                endian.U32LE
	Flags, Addr, Offset, Size endian.U64LE
	Link, Info                endian.U32LE
	Addralign, Entsize        endian.U64LE
}

type sym64LE struct {
	_           structs.HostLayout
	Name        endian.U32LE
	Info, Other uint8
	Shndx       endian.U16LE
	Value, Size endian.U64LE
}

func walkConcreteLE(data []byte) (w walkSum, err error) {
	h, _, err := cast.Prefix[elf.Ehdr64[endian.Little]](data)
	if err != nil {
		return w, err
	}
	sh, _, err := cast.SlicePrefix[shdr64LE](data[h.Shoff.Get():], int(h.Shnum.Get()))
	if err != nil {
		return w, err
	}
	str := &sh[h.Shstrndx.Get()]
	shstrtab := data[str.Offset.Get():][:str.Size.Get()]
	symtab := -1
	for i := range sh {
		s := &sh[i]
		name, _ := elf.CString(shstrtab, s.Name.Get())
		w.sum += uint64(len(name)) + uint64(s.Type.Get()) + s.Flags.Get() + s.Addr.Get() + s.Offset.Get() +
			s.Size.Get() + uint64(s.Link.Get()+s.Info.Get()) + s.Addralign.Get() + s.Entsize.Get()
		if s.Type.Get() == elf.SHT_SYMTAB && symtab < 0 {
			symtab = i
		}
	}
	w.sections = len(sh)
	st := &sh[symtab]
	ss := &sh[st.Link.Get()]
	strtab := data[ss.Offset.Get():][:ss.Size.Get()]
	syms, err := cast.Slice[sym64LE](data[st.Offset.Get():][:st.Size.Get()])
	if err != nil {
		return w, err
	}
	for i := range syms[1:] {
		s := &syms[1+i]
		name, _ := elf.CString(strtab, s.Name.Get())
		w.sum += uint64(len(name)) + uint64(s.Info) + uint64(s.Other) + uint64(s.Shndx.Get()) + s.Value.Get() + s.Size.Get()
	}
	w.symbols = len(syms) - 1
	return w, nil
}

func goBinary(tb testing.TB) []byte {
	data, err := os.ReadFile(filepath.Join(testfiles.GOROOT(), "bin", "go"))
	if err != nil {
		tb.Skipf("go binary: %v", err)
	}
	id, err := cast.Read[elf.Ident](data[:16])
	require.NoError(tb, err)
	if id.Magic != elf.Magic || id.Class != elf.ELFCLASS64 || id.Data != elf.ELFDATA2LSB {
		tb.Skip("the go binary is not a 64-bit little-endian ELF file")
	}
	return data
}

// All walkers agree (on the go binary, debug/elf's FileSize is the raw
// size: it has no compressed sections).
func TestWalkersAgree(t *testing.T) {
	data := goBinary(t)
	std, err := walkStd(data)
	require.NoError(t, err)
	for name, walk := range map[string]func([]byte) (walkSum, error){
		"overlay": walkOverlay[endian.Little], "File": walkFile, "concreteLE": walkConcreteLE,
	} {
		w, err := walk(data)
		require.NoError(t, err, name)
		require.Equal(t, std, w, name)
	}
	t.Logf("go binary: %d sections, %d symbols", std.sections, std.symbols)
}

var benchSink walkSum

// BenchmarkWalkGoBinary walks every section header and every symbol of the
// go command, from the file's bytes in memory.
func BenchmarkWalkGoBinary(b *testing.B) {
	data := goBinary(b)
	for _, bm := range []struct {
		name string
		walk func([]byte) (walkSum, error)
	}{
		{"debug-elf", walkStd},
		{"overlay-generic", walkOverlay[endian.Little]},
		{"overlay-endianLE", walkConcreteLE},
		{"overlay-File", walkFile},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			var w walkSum
			cpu0, ok := cpuTime()
			for b.Loop() {
				var err error
				if w, err = bm.walk(data); err != nil {
					b.Fatal(err)
				}
			}
			if cpu1, ok1 := cpuTime(); ok && ok1 {
				b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
			}
			benchSink = w
			b.ReportMetric(float64(w.sections+w.symbols), "entries/op")
		})
	}
}

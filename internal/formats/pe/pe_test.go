package pe_test

import (
	"bytes"
	stdpe "debug/pe"
	"encoding/binary"
	"fmt"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/internal/formats/pe"
	"github.com/go-overlay/overlay/internal/formats/testfiles"
)

func TestSizes(t *testing.T) {
	assert.Equal(t, 64, int(unsafe.Sizeof(pe.DOSHeader{})))
	assert.Equal(t, binary.Size(stdpe.FileHeader{}), int(unsafe.Sizeof(pe.FileHeader{})))
	assert.Equal(t, binary.Size(stdpe.OptionalHeader32{})-16*8, int(unsafe.Sizeof(pe.OptionalHeader32{})))
	assert.Equal(t, binary.Size(stdpe.OptionalHeader64{})-16*8, int(unsafe.Sizeof(pe.OptionalHeader64{})))
	assert.Equal(t, binary.Size(stdpe.DataDirectory{}), int(unsafe.Sizeof(pe.DataDirectory{})))
	assert.Equal(t, binary.Size(stdpe.SectionHeader32{}), int(unsafe.Sizeof(pe.SectionHeader{})))
	assert.Equal(t, binary.Size(stdpe.Reloc{}), int(unsafe.Sizeof(pe.Reloc{})))
	assert.Equal(t, stdpe.COFFSymbolSize, int(unsafe.Sizeof(pe.COFFSymbol{})))
	assert.Equal(t, stdpe.COFFSymbolSize, int(unsafe.Sizeof(pe.COFFSymbolAuxFormat5{})))
	for _, err := range []error{
		cast.Check[pe.DOSHeader](), cast.Check[pe.FileHeader](), cast.Check[pe.OptionalHeader32](),
		cast.Check[pe.OptionalHeader64](), cast.Check[pe.DataDirectory](), cast.Check[pe.SectionHeader](),
		cast.Check[pe.Reloc](), cast.Check[pe.COFFSymbol](), cast.Check[pe.COFFSymbolAuxFormat5](),
	} {
		assert.NoError(t, err)
	}
}

type tally struct {
	rejectedNames                        []string
	files, accepted, rejected            int
	pe32, pe32plus, objects              int
	sections, relocs, symbols, aux, dirs int
}

func (c *tally) String() string {
	return fmt.Sprintf("%d files (%d accepted: %d PE32, %d PE32+, %d without optional header; %d rejected by both): %d data directories, %d section headers, %d relocations, %d COFF symbol records (%d auxiliary) compared",
		c.files, c.accepted, c.pe32, c.pe32plus, c.objects, c.rejected, c.dirs, c.sections, c.relocs, c.symbols, c.aux)
}

func compareFile(t *testing.T, name string, data []byte, c *tally) {
	t.Helper()
	c.files++
	ref, refErr := stdpe.NewFile(bytes.NewReader(data))
	f, err := pe.Parse(data)
	if refErr != nil || err != nil {
		if assert.Equal(t, refErr == nil, err == nil, "%s: debug/pe error %v, Parse error %v", name, refErr, err) {
			c.rejected++
			c.rejectedNames = append(c.rejectedNames, name)
		}
		return
	}
	c.accepted++
	h := f.Header
	gotHeader := stdpe.FileHeader{
		Machine: h.Machine.Get(), NumberOfSections: h.NumberOfSections.Get(), TimeDateStamp: h.TimeDateStamp.Get(),
		PointerToSymbolTable: h.PointerToSymbolTable.Get(), NumberOfSymbols: h.NumberOfSymbols.Get(),
		SizeOfOptionalHeader: h.SizeOfOptionalHeader.Get(), Characteristics: h.Characteristics.Get(),
	}
	assert.Equal(t, ref.FileHeader, gotHeader, name)

	switch oh := ref.OptionalHeader.(type) {
	case nil:
		assert.Nil(t, f.Optional32, name)
		assert.Nil(t, f.Optional64, name)
		c.objects++
	case *stdpe.OptionalHeader32:
		require.NotNil(t, f.Optional32, name)
		o := f.Optional32
		got := stdpe.OptionalHeader32{
			Magic: o.Magic.Get(), MajorLinkerVersion: o.MajorLinkerVersion, MinorLinkerVersion: o.MinorLinkerVersion,
			SizeOfCode: o.SizeOfCode.Get(), SizeOfInitializedData: o.SizeOfInitializedData.Get(),
			SizeOfUninitializedData: o.SizeOfUninitializedData.Get(), AddressOfEntryPoint: o.AddressOfEntryPoint.Get(),
			BaseOfCode: o.BaseOfCode.Get(), BaseOfData: o.BaseOfData.Get(), ImageBase: o.ImageBase.Get(),
			SectionAlignment: o.SectionAlignment.Get(), FileAlignment: o.FileAlignment.Get(),
			MajorOperatingSystemVersion: o.MajorOperatingSystemVersion.Get(), MinorOperatingSystemVersion: o.MinorOperatingSystemVersion.Get(),
			MajorImageVersion: o.MajorImageVersion.Get(), MinorImageVersion: o.MinorImageVersion.Get(),
			MajorSubsystemVersion: o.MajorSubsystemVersion.Get(), MinorSubsystemVersion: o.MinorSubsystemVersion.Get(),
			Win32VersionValue: o.Win32VersionValue.Get(), SizeOfImage: o.SizeOfImage.Get(), SizeOfHeaders: o.SizeOfHeaders.Get(),
			CheckSum: o.CheckSum.Get(), Subsystem: o.Subsystem.Get(), DllCharacteristics: o.DllCharacteristics.Get(),
			SizeOfStackReserve: o.SizeOfStackReserve.Get(), SizeOfStackCommit: o.SizeOfStackCommit.Get(),
			SizeOfHeapReserve: o.SizeOfHeapReserve.Get(), SizeOfHeapCommit: o.SizeOfHeapCommit.Get(),
			LoaderFlags: o.LoaderFlags.Get(), NumberOfRvaAndSizes: o.NumberOfRvaAndSizes.Get(),
		}
		copyDirs(got.DataDirectory[:], f.DataDirectories)
		assert.Equal(t, *oh, got, name)
		c.pe32++
		c.dirs += len(f.DataDirectories)
	case *stdpe.OptionalHeader64:
		require.NotNil(t, f.Optional64, name)
		o := f.Optional64
		got := stdpe.OptionalHeader64{
			Magic: o.Magic.Get(), MajorLinkerVersion: o.MajorLinkerVersion, MinorLinkerVersion: o.MinorLinkerVersion,
			SizeOfCode: o.SizeOfCode.Get(), SizeOfInitializedData: o.SizeOfInitializedData.Get(),
			SizeOfUninitializedData: o.SizeOfUninitializedData.Get(), AddressOfEntryPoint: o.AddressOfEntryPoint.Get(),
			BaseOfCode: o.BaseOfCode.Get(), ImageBase: o.ImageBase.Get(),
			SectionAlignment: o.SectionAlignment.Get(), FileAlignment: o.FileAlignment.Get(),
			MajorOperatingSystemVersion: o.MajorOperatingSystemVersion.Get(), MinorOperatingSystemVersion: o.MinorOperatingSystemVersion.Get(),
			MajorImageVersion: o.MajorImageVersion.Get(), MinorImageVersion: o.MinorImageVersion.Get(),
			MajorSubsystemVersion: o.MajorSubsystemVersion.Get(), MinorSubsystemVersion: o.MinorSubsystemVersion.Get(),
			Win32VersionValue: o.Win32VersionValue.Get(), SizeOfImage: o.SizeOfImage.Get(), SizeOfHeaders: o.SizeOfHeaders.Get(),
			CheckSum: o.CheckSum.Get(), Subsystem: o.Subsystem.Get(), DllCharacteristics: o.DllCharacteristics.Get(),
			SizeOfStackReserve: o.SizeOfStackReserve.Get(), SizeOfStackCommit: o.SizeOfStackCommit.Get(),
			SizeOfHeapReserve: o.SizeOfHeapReserve.Get(), SizeOfHeapCommit: o.SizeOfHeapCommit.Get(),
			LoaderFlags: o.LoaderFlags.Get(), NumberOfRvaAndSizes: o.NumberOfRvaAndSizes.Get(),
		}
		copyDirs(got.DataDirectory[:], f.DataDirectories)
		assert.Equal(t, *oh, got, name)
		c.pe32plus++
		c.dirs += len(f.DataDirectories)
	}

	require.Len(t, f.Sections, len(ref.Sections), name)
	for i, rs := range ref.Sections {
		s := &f.Sections[i]
		sname, err := f.SectionName(i)
		require.NoError(t, err, name)
		gotSection := stdpe.SectionHeader{
			Name: sname, VirtualSize: s.VirtualSize.Get(), VirtualAddress: s.VirtualAddress.Get(),
			Size: s.SizeOfRawData.Get(), Offset: s.PointerToRawData.Get(),
			PointerToRelocations: s.PointerToRelocations.Get(), PointerToLineNumbers: s.PointerToLineNumbers.Get(),
			NumberOfRelocations: s.NumberOfRelocations.Get(), NumberOfLineNumbers: s.NumberOfLineNumbers.Get(),
			Characteristics: s.Characteristics.Get(),
		}
		assert.Equal(t, rs.SectionHeader, gotSection, "%s: section %d", name, i)
		relocs := f.Relocs(i)
		require.Len(t, relocs, len(rs.Relocs), "%s: section %d", name, i)
		for j, r := range relocs {
			got := stdpe.Reloc{VirtualAddress: r.VirtualAddress.Get(), SymbolTableIndex: r.SymbolTableIndex.Get(), Type: r.Type.Get()}
			assert.Equal(t, rs.Relocs[j], got, "%s: section %d reloc %d", name, i, j)
		}
		c.relocs += len(relocs)
		// The section's bytes: a view of the file, equal to what
		// debug/pe reads.
		want, refErr := rs.Data()
		got, err := f.SectionData(i)
		if s.PointerToRawData.Get() != 0 {
			assert.Equal(t, refErr == nil, err == nil, "%s: section %d data: %v / %v", name, i, refErr, err)
			if err == nil && refErr == nil {
				assert.Equal(t, want, got, "%s: section %d data", name, i)
			}
		} else {
			assert.Nil(t, got)
		}
		c.sections++
	}

	assert.Equal(t, []byte(ref.StringTable), f.StringTable, name)
	require.Len(t, f.Symbols, len(ref.COFFSymbols), name)
	var primary []*stdpe.Symbol
	for i := 0; i < len(f.Symbols); i++ {
		s := &f.Symbols[i]
		got := stdpe.COFFSymbol{Name: s.Name, Value: s.Value.Get(), SectionNumber: s.SectionNumber.Get(),
			Type: s.Type.Get(), StorageClass: s.StorageClass, NumberOfAuxSymbols: s.NumberOfAuxSymbols}
		assert.Equal(t, ref.COFFSymbols[i], got, "%s: symbol %d", name, i)
		sname, err := f.SymbolName(i)
		require.NoError(t, err)
		primary = append(primary, &stdpe.Symbol{Name: sname, Value: s.Value.Get(), SectionNumber: s.SectionNumber.Get(),
			Type: s.Type.Get(), StorageClass: s.StorageClass})
		c.symbols++
		for range s.NumberOfAuxSymbols {
			// debug/pe stores auxiliary records in a COFFSymbol, written
			// through an unsafe COFFSymbolAuxFormat5 view of its memory;
			// read them back the same way.
			i++
			want := (*stdpe.COFFSymbolAuxFormat5)(unsafe.Pointer(&ref.COFFSymbols[i]))
			aux, err := f.AuxFormat5(i)
			require.NoError(t, err)
			got := stdpe.COFFSymbolAuxFormat5{Size: aux.Size.Get(), NumRelocs: aux.NumRelocs.Get(),
				NumLineNumbers: aux.NumLineNumbers.Get(), Checksum: aux.Checksum.Get(), SecNum: aux.SecNum.Get(),
				Selection: aux.Selection}
			assert.Equal(t, *want, got, "%s: aux symbol %d", name, i)
			c.symbols++
			c.aux++
		}
	}
	assert.Equal(t, ref.Symbols, primary, name)
}

func copyDirs(dst []stdpe.DataDirectory, src []pe.DataDirectory) {
	for i, d := range src {
		dst[i] = stdpe.DataDirectory{VirtualAddress: d.VirtualAddress.Get(), Size: d.Size.Get()}
	}
}

func TestTestdata(t *testing.T) {
	files, err := testfiles.Load("debug/pe")
	require.NoError(t, err)
	var c tally
	for _, tf := range files {
		compareFile(t, tf.Name, tf.Data, &c)
	}
	t.Log(c.String())
	t.Logf("rejected by both: %q", c.rejectedNames)
	assert.Positive(t, c.pe32)
	assert.Positive(t, c.pe32plus)
	assert.Positive(t, c.objects)
	assert.Positive(t, c.rejected)
	assert.Positive(t, c.aux)
	assert.Positive(t, c.relocs)
}

// TestMutations corrupts the fields that steer parsing and checks that
// Parse accepts exactly what debug/pe accepts, and never panics.
func TestMutations(t *testing.T) {
	files, err := testfiles.Load("debug/pe")
	require.NoError(t, err)
	var c tally
	for _, tf := range files {
		data := tf.Data
		f, err := pe.Parse(data)
		if err != nil {
			continue
		}
		base := 0
		if f.DOS != nil {
			base = int(f.DOS.Lfanew.Get()) + 4
			for _, v := range []uint64{0, 2, 60, uint64(len(data)) - 3, 1 << 31} {
				compareFile(t, fmt.Sprintf("%s lfanew=%#x", tf.Name, v), with(data, 60, 4, v), &c)
			}
		}
		for _, n := range []int{0, 50, 95, 96, base + 19, base + 20, base + 40, base + 200, len(data) / 2, len(data) - 1} {
			if n <= len(data) {
				compareFile(t, fmt.Sprintf("%s[:%d]", tf.Name, n), data[:n], &c)
			}
		}
		fields := [][2]int{{0, 2}, {2, 2}, {8, 4}, {12, 4}, {16, 2}} // machine, nsections, symptr, nsyms, optsize
		for _, fo := range fields {
			for _, v := range []uint64{0, 1, 3, 0x7f, 0xe0, 0xf0, 0xffff, uint64(len(data)), 1 << 31, 0xffffffff} {
				compareFile(t, fmt.Sprintf("%s field %d=%#x", tf.Name, fo[0], v), with(data, base+fo[0], fo[1], v), &c)
			}
		}
		if f.Optional32 != nil || f.Optional64 != nil {
			opt := base + 20
			for _, v := range []uint64{0, 0x10b, 0x20b, 0x107} {
				compareFile(t, fmt.Sprintf("%s magic=%#x", tf.Name, v), with(data, opt, 2, v), &c)
			}
			nrva := opt + 92
			if f.Optional64 != nil {
				nrva = opt + 108
			}
			for _, v := range []uint64{0, 1, 15, 17, 0xffffffff} {
				compareFile(t, fmt.Sprintf("%s NumberOfRvaAndSizes=%#x", tf.Name, v), with(data, nrva, 4, v), &c)
			}
		}
		secs := base + 20 + int(f.Header.SizeOfOptionalHeader.Get())
		for i := range min(len(f.Sections), 4) {
			s := secs + 40*i
			m := bytes.Clone(data)
			copy(m[s:s+8], "/99999\x00\x00")
			compareFile(t, fmt.Sprintf("%s section %d long name", tf.Name, i), m, &c)
			copy(m[s:s+8], "/x\x00\x00\x00\x00\x00\x00")
			compareFile(t, fmt.Sprintf("%s section %d bad name", tf.Name, i), m, &c)
			compareFile(t, fmt.Sprintf("%s section %d relocs", tf.Name, i), with(data, s+32, 2, 0xffff), &c)
			// Empty data far past the end of the file is fine; data that
			// does not fit is not.
			compareFile(t, fmt.Sprintf("%s section %d empty data", tf.Name, i), with(with(data, s+16, 4, 0), s+20, 4, 0x30303030), &c)
			compareFile(t, fmt.Sprintf("%s section %d data", tf.Name, i), with(data, s+20, 4, uint64(len(data)-1)), &c)
			compareFile(t, fmt.Sprintf("%s section %d relocptr", tf.Name, i), with(with(data, s+32, 2, 1), s+24, 4, uint64(len(data)-5)), &c)
		}
		for i := range min(len(f.Symbols), 6) {
			s := int(f.Header.PointerToSymbolTable.Get()) + 18*i
			compareFile(t, fmt.Sprintf("%s symbol %d name offset", tf.Name, i), with(data, s, 8, 0xffff<<32), &c)
			compareFile(t, fmt.Sprintf("%s symbol %d naux", tf.Name, i), with(data, s+17, 1, 0xff), &c)
		}
	}
	t.Log(c.String())
}

// with returns a copy of data with the size-byte little-endian field at off
// set to v.
func with(data []byte, off, size int, v uint64) []byte {
	m := bytes.Clone(data)
	for i := range size {
		m[off+i] = byte(v >> (8 * i))
	}
	return m
}

func FuzzParse(f *testing.F) {
	files, err := testfiles.Load("debug/pe")
	require.NoError(f, err)
	for _, tf := range files {
		if len(tf.Data) < 1<<15 {
			f.Add(tf.Data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var c tally
		compareFile(t, "fuzz", data, &c)
	})
}

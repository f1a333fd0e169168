package macho_test

import (
	"bytes"
	stdmacho "debug/macho"
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
	"github.com/go-overlay/overlay/internal/formats/macho"
	"github.com/go-overlay/overlay/internal/formats/testfiles"
)

func TestSizes(t *testing.T) {
	type B = endian.Big
	for _, c := range []struct {
		got  uintptr
		want int
	}{
		{unsafe.Sizeof(macho.Header32[B]{}), 28}, {unsafe.Sizeof(macho.Header64[B]{}), 32},
		{unsafe.Sizeof(macho.LoadCommand[B]{}), 8},
		{unsafe.Sizeof(macho.SegmentCommand32[B]{}), binary.Size(stdmacho.Segment32{})},
		{unsafe.Sizeof(macho.SegmentCommand64[B]{}), binary.Size(stdmacho.Segment64{})},
		{unsafe.Sizeof(macho.Section32[B]{}), binary.Size(stdmacho.Section32{})},
		{unsafe.Sizeof(macho.Section64[B]{}), binary.Size(stdmacho.Section64{})},
		{unsafe.Sizeof(macho.SymtabCommand[B]{}), binary.Size(stdmacho.SymtabCmd{})},
		{unsafe.Sizeof(macho.DysymtabCommand[B]{}), binary.Size(stdmacho.DysymtabCmd{})},
		{unsafe.Sizeof(macho.DylibCommand[B]{}), binary.Size(stdmacho.DylibCmd{})},
		{unsafe.Sizeof(macho.RpathCommand[B]{}), binary.Size(stdmacho.RpathCmd{})},
		{unsafe.Sizeof(macho.Nlist32[B]{}), binary.Size(stdmacho.Nlist32{})},
		{unsafe.Sizeof(macho.Nlist64[B]{}), binary.Size(stdmacho.Nlist64{})},
		{unsafe.Sizeof(macho.RelocationInfo[B]{}), 8},
		{unsafe.Sizeof(macho.FatHeader{}), 8},
		{unsafe.Sizeof(macho.FatArch{}), binary.Size(stdmacho.FatArchHeader{})},
	} {
		assert.Equal(t, uintptr(c.want), c.got)
	}
	assert.NoError(t, cast.Check[macho.Nlist64[endian.Little]]())
	assert.NoError(t, cast.Check[macho.SegmentCommand64[endian.Big]]())
	assert.NoError(t, cast.Check[macho.FatArch]())
}

type tally struct {
	rejectedNames                               []string
	files, accepted, rejected, fat, fatRejected int
	kinds                                       map[string]int
	loads, segments, sections, relocs, symbols  int
	indirect, dylibs, rpaths                    int
}

func (c *tally) String() string {
	return fmt.Sprintf("%d files (%d thin accepted, %d rejected by both as thin; %d fat accepted, %d rejected by both as fat), kinds %v: %d load commands, %d segments, %d sections, %d relocations, %d symbols, %d indirect symbols, %d dylibs, %d rpaths compared",
		c.files, c.accepted, c.rejected, c.fat, c.fatRejected, c.kinds, c.loads, c.segments, c.sections, c.relocs, c.symbols, c.indirect, c.dylibs, c.rpaths)
}

// compareData parses data as a thin and as a fat file with both decoders
// and compares everything.
func compareData(t *testing.T, name string, data []byte, c *tally) {
	t.Helper()
	c.files++
	ref, refErr := stdmacho.NewFile(bytes.NewReader(data))
	f, err := macho.Parse(data)
	if refErr != nil || err != nil {
		if assert.Equal(t, refErr == nil, err == nil, "%s: debug/macho error %v, Parse error %v", name, refErr, err) {
			c.rejected++
			c.rejectedNames = append(c.rejectedNames, name)
		}
	} else {
		compareFile(t, name, ref, f, c)
	}

	refFat, refErr := stdmacho.NewFatFile(bytes.NewReader(data))
	ff, err := macho.ParseFat(data)
	if refErr != nil || err != nil {
		if assert.Equal(t, refErr == nil, err == nil, "%s: debug/macho fat error %v, ParseFat error %v", name, refErr, err) {
			c.fatRejected++
		}
		assert.Equal(t, errors.Is(refErr, stdmacho.ErrNotFat), errors.Is(err, macho.ErrNotFat), "%s: %v / %v", name, refErr, err)
		return
	}
	c.fat++
	assert.Equal(t, refFat.Magic, ff.Magic, name)
	require.Len(t, ff.Arches, len(refFat.Arches), name)
	for i, ra := range refFat.Arches {
		a := ff.Arches[i]
		got := stdmacho.FatArchHeader{Cpu: stdmacho.Cpu(a.CPU), SubCpu: a.SubCPU,
			Offset: a.Offset, Size: a.Size, Align: a.Align}
		assert.Equal(t, ra.FatArchHeader, got, name)
		compareFile(t, fmt.Sprintf("%s arch %d", name, i), ra.File, a.File, c)
	}
}

func compareFile(t *testing.T, name string, ref *stdmacho.File, f *macho.File, c *tally) {
	t.Helper()
	c.accepted++
	if c.kinds == nil {
		c.kinds = map[string]int{}
	}
	kind := "Magic32"
	if ref.Magic == stdmacho.Magic64 {
		kind = "Magic64"
	}
	c.kinds[fmt.Sprintf("%s/%v", kind, ref.ByteOrder)]++
	gotHeader := stdmacho.FileHeader{Magic: f.Magic, Cpu: stdmacho.Cpu(f.CPU), SubCpu: f.SubCPU,
		Type: stdmacho.Type(f.Type), Ncmd: f.Ncmd, Cmdsz: f.Cmdsz, Flags: f.Flags}
	assert.Equal(t, ref.FileHeader, gotHeader, name)
	assert.Equal(t, ref.ByteOrder == binary.BigEndian, f.Big, name)

	require.Len(t, f.Loads, len(ref.Loads), name)
	for i, rl := range ref.Loads {
		l := f.Loads[i]
		assert.Equal(t, rl.Raw(), l.Raw, "%s: load %d", name, i)
		assert.True(t, binary.LittleEndian.Uint32(l.Raw) == l.Cmd || binary.BigEndian.Uint32(l.Raw) == l.Cmd)
		switch r := rl.(type) {
		case *stdmacho.Segment:
			require.NotNil(t, l.Segment, name)
			s := l.Segment
			got := stdmacho.SegmentHeader{Cmd: stdmacho.LoadCmd(s.Cmd), Len: s.Len, Name: s.Name,
				Addr: s.Addr, Memsz: s.Memsz, Offset: s.Offset, Filesz: s.Filesz, Maxprot: s.Maxprot, Prot: s.Prot,
				Nsect: s.Nsect, Flag: s.Flag}
			assert.Equal(t, r.SegmentHeader, got, "%s: load %d", name, i)
			c.segments++
		case *stdmacho.Dylib:
			require.NotNil(t, l.Dylib, name)
			assert.Equal(t, []any{r.Name, r.Time, r.CurrentVersion, r.CompatVersion},
				[]any{l.Dylib.Name, l.Dylib.Time, l.Dylib.CurrentVersion, l.Dylib.CompatVersion}, "%s: load %d", name, i)
			c.dylibs++
		case *stdmacho.Rpath:
			require.NotNil(t, l.Rpath, name)
			assert.Equal(t, r.Path, l.Rpath.Path, name)
			c.rpaths++
		case *stdmacho.Symtab:
			require.NotNil(t, l.Symtab, name)
			st := l.Symtab
			// debug/macho leaves Symtab.SymtabCmd zero: decode the raw
			// command with encoding/binary instead.
			var want stdmacho.SymtabCmd
			require.NoError(t, binary.Read(bytes.NewReader(rl.Raw()), ref.ByteOrder, &want))
			got := stdmacho.SymtabCmd{Cmd: stdmacho.LoadCmd(l.Cmd), Len: uint32(len(l.Raw)),
				Symoff: st.Symoff, Nsyms: st.Nsyms, Stroff: st.Stroff, Strsize: st.Strsize}
			assert.Equal(t, want, got, name)
			syms := make([]stdmacho.Symbol, len(st.Syms))
			for j, s := range st.Syms {
				n := s.Name
				if strings.Contains(n, ".") && n[0] == '_' { // debug/macho strips Go's "_" prefix
					n = n[1:]
				}
				syms[j] = stdmacho.Symbol{Name: n, Type: s.Type, Sect: s.Sect, Desc: s.Desc, Value: s.Value}
			}
			assert.Equal(t, r.Syms, syms, name)
			c.symbols += len(syms)
		case *stdmacho.Dysymtab:
			require.NotNil(t, l.Dysymtab, name)
			d := l.Dysymtab
			got := stdmacho.DysymtabCmd{Cmd: stdmacho.LoadCmd(l.Cmd), Len: uint32(len(l.Raw)),
				Ilocalsym: d.Ilocalsym, Nlocalsym: d.Nlocalsym, Iextdefsym: d.Iextdefsym, Nextdefsym: d.Nextdefsym,
				Iundefsym: d.Iundefsym, Nundefsym: d.Nundefsym, Tocoffset: d.Tocoffset, Ntoc: d.Ntoc,
				Modtaboff: d.Modtaboff, Nmodtab: d.Nmodtab, Extrefsymoff: d.Extrefsymoff, Nextrefsyms: d.Nextrefsyms,
				Indirectsymoff: d.Indirectsymoff, Nindirectsyms: d.Nindirectsyms, Extreloff: d.Extreloff,
				Nextrel: d.Nextrel, Locreloff: d.Locreloff, Nlocrel: d.Nlocrel}
			assert.Equal(t, r.DysymtabCmd, got, name)
			assert.Equal(t, r.IndirectSyms, d.IndirectSyms, name)
			c.indirect += len(d.IndirectSyms)
		default:
			assert.True(t, l.Segment == nil && l.Dylib == nil && l.Rpath == nil && l.Symtab == nil && l.Dysymtab == nil, name)
		}
		c.loads++
	}

	require.Len(t, f.Sections, len(ref.Sections), name)
	for i, rs := range ref.Sections {
		s := f.Sections[i]
		got := stdmacho.SectionHeader{Name: s.Name, Seg: s.Seg, Addr: s.Addr, Size: s.Size,
			Offset: s.Offset, Align: s.Align, Reloff: s.Reloff, Nreloc: s.Nreloc, Flags: s.Flags}
		assert.Equal(t, rs.SectionHeader, got, "%s: section %d", name, i)
		relocs := make([]stdmacho.Reloc, len(s.Relocs))
		for j, r := range s.Relocs {
			relocs[j] = stdmacho.Reloc(r)
		}
		if len(relocs) == 0 {
			relocs = nil
		}
		assert.Equal(t, rs.Relocs, relocs, "%s: section %d", name, i)
		c.relocs += len(relocs)
		c.sections++
	}
	if ref.Symtab == nil {
		assert.Nil(t, f.Symtab, name)
	}
	if ref.Dysymtab == nil {
		assert.Nil(t, f.Dysymtab, name)
	}
}

func TestTestdata(t *testing.T) {
	files, err := testfiles.Load("debug/macho")
	require.NoError(t, err)
	var c tally
	for _, tf := range files {
		compareData(t, tf.Name, tf.Data, &c)
	}
	t.Log(c.String())
	t.Logf("rejected by both: %q", c.rejectedNames)
	assert.Positive(t, c.fat)
	assert.Positive(t, c.rejected)
	assert.Positive(t, c.relocs)
	assert.Positive(t, c.kinds["Magic32/LittleEndian"])
	assert.Positive(t, c.kinds["Magic64/LittleEndian"])
}

// swapFields reverses the bytes of every byteorder number field of the
// overlay type T in b, converting it between byte orders: the field list
// comes from T itself, by reflection.
func swapFields[T any](b []byte) {
	swapType(reflect.TypeFor[T](), b)
}

func swapType(rt reflect.Type, b []byte) {
	switch {
	case rt.Kind() == reflect.Struct:
		for i := range rt.NumField() {
			f := rt.Field(i)
			swapType(f.Type, b[f.Offset:][:f.Type.Size()])
		}
	case rt.PkgPath() == reflect.TypeFor[endian.U32[endian.Big]]().PkgPath():
		slices.Reverse(b[:rt.Size()])
	}
}

// toBig converts a little-endian thin Mach-O file to big-endian: every
// number field of every structure File decodes is byte-swapped through the
// overlays, and relocation bit-fields are re-encoded. Other load commands'
// payloads stay as they are (both decoders keep them as raw bytes).
func toBig(t *testing.T, data []byte) []byte {
	t.Helper()
	f, err := macho.Parse(data)
	require.NoError(t, err)
	require.False(t, f.Big)
	out := bytes.Clone(data)
	type L = endian.Little
	type B = endian.Big
	is64 := f.Magic == macho.Magic64
	if is64 {
		swapFields[macho.Header64[L]](out)
	} else {
		swapFields[macho.Header32[L]](out)
	}
	off := 28
	if is64 {
		off = 32
	}
	for _, l := range f.Loads {
		cmd := out[off:][:len(l.Raw)]
		off += len(l.Raw)
		switch l.Cmd {
		case macho.LC_SEGMENT, macho.LC_SEGMENT_64:
			secs := cmd[unsafe.Sizeof(macho.SegmentCommand32[L]{}):]
			secSize := int(unsafe.Sizeof(macho.Section32[L]{}))
			if l.Cmd == macho.LC_SEGMENT {
				swapFields[macho.SegmentCommand32[L]](cmd)
			} else {
				swapFields[macho.SegmentCommand64[L]](cmd)
				secs = cmd[unsafe.Sizeof(macho.SegmentCommand64[L]{}):]
				secSize = int(unsafe.Sizeof(macho.Section64[L]{}))
			}
			for i := range int(l.Segment.Nsect) {
				if l.Cmd == macho.LC_SEGMENT {
					swapFields[macho.Section32[L]](secs[i*secSize:])
				} else {
					swapFields[macho.Section64[L]](secs[i*secSize:])
				}
				s := f.Sections[l.Segment.FirstSection+i]
				for j := range int(s.Nreloc) {
					b := out[int(s.Reloff)+8*j:][:8]
					le, err := cast.To[macho.RelocationInfo[L]](b)
					require.NoError(t, err)
					r := le.Decode()
					be, err := cast.To[macho.RelocationInfo[B]](b)
					require.NoError(t, err)
					be.Encode(r)
					require.Equal(t, r, be.Decode())
				}
			}
		case macho.LC_SYMTAB:
			swapFields[macho.SymtabCommand[L]](cmd)
			st := l.Symtab
			for i := range int(st.Nsyms) {
				if is64 {
					swapFields[macho.Nlist64[L]](out[int(st.Symoff)+16*i:])
				} else {
					swapFields[macho.Nlist32[L]](out[int(st.Symoff)+12*i:])
				}
			}
		case macho.LC_DYSYMTAB:
			swapFields[macho.DysymtabCommand[L]](cmd)
			d := l.Dysymtab
			for i := range int(d.Nindirectsyms) {
				swapFields[endian.U32[L]](out[int(d.Indirectsymoff)+4*i:])
			}
		case macho.LC_LOAD_DYLIB:
			swapFields[macho.DylibCommand[L]](cmd)
		case macho.LC_RPATH:
			swapFields[macho.RpathCommand[L]](cmd)
		default:
			swapFields[macho.LoadCommand[L]](cmd)
		}
	}
	return out
}

// TestBigEndian converts every little-endian test file to big-endian and
// compares the two decoders on the result, and the result with the
// original.
func TestBigEndian(t *testing.T) {
	files, err := testfiles.Load("debug/macho")
	require.NoError(t, err)
	var c tally
	for _, tf := range files {
		var thins [][]byte
		if ff, err := macho.ParseFat(tf.Data); err == nil {
			for _, a := range ff.Arches {
				thins = append(thins, a.Data())
			}
		} else if _, err := macho.Parse(tf.Data); err == nil {
			thins = append(thins, tf.Data)
		}
		for i, le := range thins {
			be := toBig(t, le)
			name := fmt.Sprintf("%s#%d as big-endian", tf.Name, i)
			compareData(t, name, be, &c)
			// The conversion kept every value.
			fl, err := macho.Parse(le)
			require.NoError(t, err)
			fb, err := macho.Parse(be)
			require.NoError(t, err)
			assert.True(t, fb.Big)
			for j := range fl.Loads {
				fl.Loads[j].Raw, fb.Loads[j].Raw = nil, nil
			}
			fl.Big = true
			assert.Equal(t, fl.FileHeader, fb.FileHeader, name)
			assert.Equal(t, fl.Loads, fb.Loads, name)
			assert.Equal(t, fl.Sections, fb.Sections, name)
		}
	}
	t.Log(c.String())
	assert.Positive(t, c.kinds["Magic32/BigEndian"])
	assert.Positive(t, c.kinds["Magic64/BigEndian"])
}

// TestMutations corrupts the fields that steer parsing and checks that
// Parse and ParseFat accept exactly what debug/macho accepts.
func TestMutations(t *testing.T) {
	files, err := testfiles.Load("debug/macho")
	require.NoError(t, err)
	var c tally
	for _, tf := range files {
		data := tf.Data
		for _, n := range []int{0, 3, 4, 7, 8, 27, 28, 31, 32, 100, len(data) / 2, len(data) - 1} {
			if n <= len(data) {
				compareData(t, fmt.Sprintf("%s[:%d]", tf.Name, n), data[:n], &c)
			}
		}
		if ff, err := macho.ParseFat(data); err == nil {
			for _, v := range []uint32{0, 1, 2, 3, 0xffffffff} {
				compareData(t, fmt.Sprintf("%s nfat=%d", tf.Name, v), withBE(data, 4, v), &c)
			}
			for i := range ff.Arches {
				a := 8 + 20*i
				for _, v := range []uint32{0, uint32(len(data)), 0xfffffff0} {
					compareData(t, fmt.Sprintf("%s arch %d offset", tf.Name, i), withBE(data, a+8, v), &c)
					compareData(t, fmt.Sprintf("%s arch %d size", tf.Name, i), withBE(data, a+12, v), &c)
				}
				compareData(t, fmt.Sprintf("%s arch %d cpu", tf.Name, i), withBE(data, a, 7), &c)
			}
			continue
		}
		f, err := macho.Parse(data)
		if err != nil {
			continue
		}
		for _, fo := range []int{16, 20} { // ncmds, sizeofcmds
			for _, v := range []uint32{0, 1, 7, 8, 0xffff, uint32(len(data)), 0xffffffff} {
				compareData(t, fmt.Sprintf("%s header@%d=%#x", tf.Name, fo, v), withLE(data, fo, v), &c)
			}
		}
		off := 28
		if f.Magic == macho.Magic64 {
			off = 32
		}
		for i, l := range f.Loads {
			for _, fo := range []int{4, 8, 12, 16, 20, 24, 48, 64} { // cmdsize and payload words
				if fo+4 > len(l.Raw) {
					continue
				}
				for _, v := range []uint32{0, 7, uint32(len(data)), 0x7fffffff, 0xffffffff} {
					compareData(t, fmt.Sprintf("%s load %d (%#x) @%d=%#x", tf.Name, i, l.Cmd, fo, v), withLE(data, off+fo, v), &c)
				}
			}
			off += len(l.Raw)
		}
	}
	t.Log(c.String())
}

func withLE(data []byte, off int, v uint32) []byte {
	m := bytes.Clone(data)
	binary.LittleEndian.PutUint32(m[off:], v)
	return m
}

func withBE(data []byte, off int, v uint32) []byte {
	m := bytes.Clone(data)
	binary.BigEndian.PutUint32(m[off:], v)
	return m
}

func FuzzParse(f *testing.F) {
	files, err := testfiles.Load("debug/macho")
	require.NoError(f, err)
	for _, tf := range files {
		f.Add(tf.Data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var c tally
		compareData(t, "fuzz", data, &c)
	})
}

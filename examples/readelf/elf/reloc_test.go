package elf_test

import (
	"bytes"
	"encoding/binary"
	"io"
	"testing"

	stdelf "debug/elf"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
	"github.com/go-overlay/overlay/examples/readelf/elf"
	"github.com/go-overlay/overlay/internal/formats/testfiles"
)

// relocCount counts what TestBitFieldsAgainstDebugElf compared.
type relocCount struct{ rel32, rela32, rel64, rela64, syms int }

// TestBitFieldsAgainstDebugElf reads every relocation and symbol table of
// GOROOT/src/debug/elf/testdata through the overlays' generated bit-field
// accessors and compares them with debug/elf: the raw entries via
// encoding/binary into debug/elf's Rel32...Rela64 and Sym32/Sym64, the
// sub-fields via its R_SYM32/R_TYPE32, R_SYM64/R_TYPE64, ST_BIND, ST_TYPE
// and ST_VISIBILITY. Each setter stores what R_INFO and ST_INFO pack.
func TestBitFieldsAgainstDebugElf(t *testing.T) {
	files, err := testfiles.Load("debug/elf")
	require.NoError(t, err)
	var n relocCount
	for _, tf := range files {
		ref, err := stdelf.NewFile(bytes.NewReader(tf.Data))
		if err != nil {
			continue
		}
		if ref.Data == stdelf.ELFDATA2MSB {
			compareBitFields[endian.Big](t, tf.Name, ref, &n)
		} else {
			compareBitFields[endian.Little](t, tf.Name, ref, &n)
		}
	}
	t.Logf("compared %d Rel32, %d Rela32, %d Rel64, %d Rela64 entries, %d symbols", n.rel32, n.rela32, n.rel64, n.rela64, n.syms)
	assert.Positive(t, n.rel32)
	assert.Positive(t, n.rela32)
	assert.Positive(t, n.rela64)
	assert.Positive(t, n.syms)
}

func compareBitFields[O endian.Order](t *testing.T, name string, ref *stdelf.File, n *relocCount) {
	t.Helper()
	is64 := ref.Class == stdelf.ELFCLASS64
	for i, s := range ref.Sections {
		if s.Flags&stdelf.SHF_COMPRESSED != 0 || s.Type == stdelf.SHT_NOBITS {
			continue
		}
		data, err := io.ReadAll(s.Open())
		if err != nil {
			continue
		}
		where := func(j int) []any { return []any{"%s: section %d (%s) entry %d", name, i, s.Name, j} }
		switch {
		case s.Type == stdelf.SHT_REL && !is64:
			var want []stdelf.Rel32
			got := decodeBoth[elf.Rel32[O]](t, data, ref.ByteOrder, &want)
			for j, w := range want {
				g := &got[j]
				assert.Equal(t, []uint32{w.Off, stdelf.R_SYM32(w.Info), stdelf.R_TYPE32(w.Info)},
					[]uint32{g.Off.Get(), g.Sym(), uint32(g.Type())}, where(j)...)
				var e elf.Rel32[O]
				require.NoError(t, e.SetSym(g.Sym()))
				require.NoError(t, e.SetType(g.Type()))
				assert.Equal(t, stdelf.R_INFO32(stdelf.R_SYM32(w.Info), stdelf.R_TYPE32(w.Info)), e.Info.Get(), where(j)...)
				n.rel32++
			}
		case s.Type == stdelf.SHT_RELA && !is64: //nolint:misspell // the ELF name
			var want []stdelf.Rela32
			got := decodeBoth[elf.Rela32[O]](t, data, ref.ByteOrder, &want)
			for j, w := range want {
				g := &got[j]
				assert.Equal(t, []int64{int64(w.Off), int64(stdelf.R_SYM32(w.Info)), int64(stdelf.R_TYPE32(w.Info)), int64(w.Addend)},
					[]int64{int64(g.Off.Get()), int64(g.Sym()), int64(g.Type()), int64(g.Addend.Get())}, where(j)...)
				n.rela32++
			}
		case s.Type == stdelf.SHT_REL && is64:
			var want []stdelf.Rel64
			got := decodeBoth[elf.Rel64[O]](t, data, ref.ByteOrder, &want)
			for j, w := range want {
				g := &got[j]
				assert.Equal(t, []uint64{w.Off, uint64(stdelf.R_SYM64(w.Info)), uint64(stdelf.R_TYPE64(w.Info))},
					[]uint64{g.Off.Get(), uint64(g.Sym()), uint64(g.Type())}, where(j)...)
				n.rel64++
			}
		case s.Type == stdelf.SHT_RELA && is64: //nolint:misspell // the ELF name
			var want []stdelf.Rela64
			got := decodeBoth[elf.Rela64[O]](t, data, ref.ByteOrder, &want)
			for j, w := range want {
				g := &got[j]
				assert.Equal(t, []int64{int64(w.Off), int64(stdelf.R_SYM64(w.Info)), int64(stdelf.R_TYPE64(w.Info)), w.Addend},
					[]int64{int64(g.Off.Get()), int64(g.Sym()), int64(g.Type()), g.Addend.Get()}, where(j)...)
				var e elf.Rela64[O]
				require.NoError(t, e.SetSym(g.Sym()))
				require.NoError(t, e.SetType(g.Type()))
				assert.Equal(t, stdelf.R_INFO(stdelf.R_SYM64(w.Info), stdelf.R_TYPE64(w.Info)), e.Info.Get(), where(j)...)
				n.rela64++
			}
		case (s.Type == stdelf.SHT_SYMTAB || s.Type == stdelf.SHT_DYNSYM) && !is64:
			var want []stdelf.Sym32
			got := decodeBoth[elf.Sym32[O]](t, data, ref.ByteOrder, &want)
			for j, w := range want {
				g := &got[j]
				assert.Equal(t, []uint8{uint8(stdelf.ST_BIND(w.Info)), uint8(stdelf.ST_TYPE(w.Info)), uint8(stdelf.ST_VISIBILITY(w.Other))},
					[]uint8{g.Bind(), g.Type(), g.Visibility()}, where(j)...)
				var e elf.Sym32[O]
				require.NoError(t, e.SetBind(g.Bind()))
				require.NoError(t, e.SetType(g.Type()))
				assert.Equal(t, stdelf.ST_INFO(stdelf.ST_BIND(w.Info), stdelf.ST_TYPE(w.Info)), e.Info, where(j)...)
				n.syms++
			}
		case s.Type == stdelf.SHT_SYMTAB || s.Type == stdelf.SHT_DYNSYM:
			var want []stdelf.Sym64
			got := decodeBoth[elf.Sym64[O]](t, data, ref.ByteOrder, &want)
			for j, w := range want {
				g := &got[j]
				assert.Equal(t, []uint8{uint8(stdelf.ST_BIND(w.Info)), uint8(stdelf.ST_TYPE(w.Info)), uint8(stdelf.ST_VISIBILITY(w.Other))},
					[]uint8{g.Bind(), g.Type(), g.Visibility()}, where(j)...)
				var e elf.Sym64[O]
				require.NoError(t, e.SetBind(g.Bind()))
				require.NoError(t, e.SetType(g.Type()))
				assert.Equal(t, stdelf.ST_INFO(stdelf.ST_BIND(w.Info), stdelf.ST_TYPE(w.Info)), e.Info, where(j)...)
				n.syms++
			}
		}
	}
}

// decodeBoth reads the whole entries of data both as overlays of T and,
// with encoding/binary, as debug/elf's D into want.
func decodeBoth[T, D any](t *testing.T, data []byte, order binary.ByteOrder, want *[]D) []T {
	t.Helper()
	size := binary.Size(new(D))
	data = data[:len(data)/size*size]
	*want = make([]D, len(data)/size)
	require.NoError(t, binary.Read(bytes.NewReader(data), order, *want))
	got, err := cast.Slice[T](data)
	require.NoError(t, err)
	require.Len(t, got, len(*want))
	return got
}

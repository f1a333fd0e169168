package elf_test

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/examples/readelf/elf"
	"github.com/go-overlay/overlay/internal/formats/testfiles"
)

var (
	notesIn   = regexp.MustCompile(`^Displaying notes found in: (\S+)`)
	noteOwner = regexp.MustCompile(`^  (\S*)\s+0x([0-9a-f]+)\t`)
)

// readelfNotes runs binutils' readelf -n and returns, per note section,
// "owner size" for each note.
// It returns nil if readelf fails (it does on some of Go's deliberately
// odd test files, whatever it is asked).
func readelfNotes(t *testing.T, path string) map[string][]string {
	t.Helper()
	out, err := exec.Command("readelf", "-n", "-W", path).Output()
	if err != nil {
		t.Logf("readelf -n %s: %v", filepath.Base(path), err)
		return nil
	}
	notes := map[string][]string{}
	sec := ""
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if m := notesIn.FindStringSubmatch(sc.Text()); m != nil {
			sec = m[1]
			notes[sec] = []string{}
		} else if m := noteOwner.FindStringSubmatch(sc.Text()); m != nil && sec != "" {
			n, err := strconv.ParseUint(m[2], 16, 64)
			require.NoError(t, err)
			notes[sec] = append(notes[sec], fmt.Sprintf("%s %d", m[1], n))
		}
	}
	return notes
}

// TestNotesMatchReadelf compares the notes of every SHT_NOTE section of
// the host's binaries and of the Go toolchain's ELF test files (both byte
// orders, both classes) with readelf -n's owners and descriptor sizes.
func TestNotesMatchReadelf(t *testing.T) {
	if _, err := exec.LookPath("readelf"); err != nil {
		t.Skip("no readelf")
	}
	paths := hostBinaries()
	files, err := testfiles.Load("debug/elf")
	require.NoError(t, err)
	dir := t.TempDir()
	for _, tf := range files {
		p := filepath.Join(dir, tf.Name)
		require.NoError(t, os.WriteFile(p, tf.Data, 0o600))
		paths = append(paths, p)
	}
	sections, notes := 0, 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil || !bytes.HasPrefix(data, []byte("\x7fELF")) {
			continue
		}
		f, err := elf.Parse(data)
		if err != nil {
			continue
		}
		want := readelfNotes(t, p)
		if want == nil {
			continue
		}
		got := map[string][]string{}
		for i := range f.NumSections() {
			if f.Section(i).Type != elf.SHT_NOTE || f.Section(i).Size == 0 {
				continue
			}
			ns, err := f.SectionNotes(i)
			require.NoError(t, err, "%s: section %d", p, i)
			name := string(f.SectionName(i))
			got[name] = []string{}
			for _, n := range ns {
				got[name] = append(got[name], fmt.Sprintf("%s %d", n.Name, len(n.Desc)))
			}
			sections++
			notes += len(ns)
		}
		assert.Equal(t, want, got, "%s", filepath.Base(p))
	}
	t.Logf("%d note sections, %d notes", sections, notes)
	assert.Positive(t, notes)
}

// naiveNotes is the reference the fuzz target compares with: the gABI's
// note layout read with encoding/binary and explicit offsets.
func naiveNotes(data []byte, align int, order binary.ByteOrder) ([]elf.Note, bool) {
	var out []elf.Note
	a := uint64(align)
	for off := uint64(0); off < uint64(len(data)); {
		if uint64(len(data))-off < 12 {
			return out, false
		}
		namesz := uint64(order.Uint32(data[off:]))
		descsz := uint64(order.Uint32(data[off+4:]))
		typ := order.Uint32(data[off+8:])
		desc := (off + 12 + namesz + a - 1) / a * a
		end := desc + descsz
		if end > uint64(len(data)) {
			return out, false
		}
		name := data[off+12 : off+12+namesz]
		if i := bytes.IndexByte(name, 0); i >= 0 {
			name = name[:i]
		}
		out = append(out, elf.Note{Name: name, Type: typ, Desc: data[desc:end]})
		off = min((end+a-1)/a*a, uint64(len(data)))
	}
	return out, true
}

// noteFile wraps note bytes in a minimal ELF file with one SHT_NOTE
// section, so that they go through the public API.
func noteFile(notes []byte, big bool, align uint64) []byte {
	var order binary.ByteOrder = binary.LittleEndian
	data := byte(elf.ELFDATA2LSB)
	if big {
		order, data = binary.BigEndian, elf.ELFDATA2MSB
	}
	const ehsize, shsize = 64, 64
	b := make([]byte, ehsize)
	copy(b, "\x7fELF")
	b[4], b[5], b[6] = elf.ELFCLASS64, data, elf.EV_CURRENT
	order.PutUint16(b[16:], 1) // ET_REL
	order.PutUint32(b[20:], 1)
	shoff := uint64(ehsize + len(notes))
	shoff = (shoff + 7) &^ 7
	order.PutUint64(b[40:], shoff)
	order.PutUint16(b[52:], ehsize)
	order.PutUint16(b[58:], shsize)
	order.PutUint16(b[60:], 2) // null section and the notes
	b = append(b, notes...)
	b = append(b, make([]byte, int(shoff)-len(b))...)
	sh := make([]byte, 2*shsize)
	order.PutUint32(sh[shsize+4:], elf.SHT_NOTE)
	order.PutUint64(sh[shsize+24:], ehsize)
	order.PutUint64(sh[shsize+32:], uint64(len(notes)))
	order.PutUint64(sh[shsize+48:], align)
	return append(b, sh...)
}

func FuzzNotes(f *testing.F) {
	le := binary.LittleEndian
	note := func(name string, typ uint32, desc string, align int) []byte {
		b := le.AppendUint32(nil, uint32(len(name)))
		b = le.AppendUint32(b, uint32(len(desc)))
		b = le.AppendUint32(b, typ)
		b = append(b, name...)
		for (len(b))%align != 0 {
			b = append(b, 0)
		}
		b = append(b, desc...)
		for len(b)%align != 0 {
			b = append(b, 0)
		}
		return b
	}
	f.Add(append(note("GNU\x00", 3, "0123456789abcdefghij", 4), note("Go\x00\x00", 4, "x", 4)...), false, uint8(4))
	f.Add(note("GNU\x00", 5, "0123456789abcdef", 8), false, uint8(8))
	f.Add(note("GNU\x00", 5, "01234", 8)[:20], true, uint8(8))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0}, false, uint8(4))
	f.Add([]byte{0xfc, 0xff, 0xff, 0xff, 0x08, 0, 0, 0, 1, 0, 0, 0}, false, uint8(8))
	f.Add([]byte{1, 0, 0, 0}, true, uint8(4))
	f.Fuzz(func(t *testing.T, notes []byte, big bool, align uint8) {
		file, err := elf.Parse(noteFile(notes, big, uint64(align)))
		require.NoError(t, err)
		got, err := file.SectionNotes(1)
		a := int(align)
		if a < 4 {
			a = 4
		}
		if a != 4 && a != 8 {
			require.Error(t, err)
			return
		}
		var order binary.ByteOrder = binary.LittleEndian
		if big {
			order = binary.BigEndian
		}
		want, ok := naiveNotes(notes, a, order)
		assert.Equal(t, ok, err == nil, "error: %v", err)
		assert.Len(t, got, len(want))
		for i := range min(len(want), len(got)) {
			assert.Equal(t, want[i].Type, got[i].Type)
			assert.Equal(t, string(want[i].Name), string(got[i].Name))
			assert.Equal(t, string(want[i].Desc), string(got[i].Desc))
		}
	})
}

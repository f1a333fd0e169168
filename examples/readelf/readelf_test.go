package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/internal/formats/testfiles"
)

// report is what both programs print, as values: numbers parsed, names
// normalized, formatting dropped.
type report struct {
	Header   map[string]string
	Sections []section
	Symtabs  []symtab
}

type section struct {
	Nr                  int
	Name, Type, Flags   string
	Addr, Off, Size, ES uint64
	Link, Info, Align   uint64
}

type symtab struct {
	Name    string
	Entries int
	Syms    []symbol
}

type symbol struct {
	Num                  int
	Value, Size          uint64
	Type, Bind, Vis, Ndx string
	Name                 string
}

var (
	headerLine  = regexp.MustCompile(`^  ([^:]+):\s+(.*?)\s*$`)
	sectionLine = regexp.MustCompile(`^  \[\s*(\d+)\] (\S*)\s+(.+?)\s+([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+)\s+([A-Za-z]*)\s+(\d+)\s+(\d+)\s+(\d+)$`)
	symtabLine  = regexp.MustCompile(`^Symbol table '(.*)' contains (\d+) entries:$`)
	symbolLine  = regexp.MustCompile(`^\s*(\d+): ([0-9a-f]+)\s+(0x[0-9a-f]+|\d+) (\S+)\s+(\S+)\s+(\S+)\s+(?:\[[^\]]*\]\s+)?(\S+) ?(.*)$`)
)

func parseReport(t *testing.T, out []byte) report {
	t.Helper()
	r := report{Header: map[string]string{}}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	mode := ""
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "ELF Header:":
			mode = "header"
			continue
		case line == "Section Headers:":
			mode = "sections"
			continue
		case symtabLine.MatchString(line):
			m := symtabLine.FindStringSubmatch(line)
			r.Symtabs = append(r.Symtabs, symtab{Name: m[1], Entries: atoi(t, m[2])})
			mode = "symbols"
			continue
		case line == "" || strings.HasPrefix(line, "Key to Flags:"):
			mode = ""
			continue
		}
		switch mode {
		case "header":
			m := headerLine.FindStringSubmatch(line)
			require.NotNil(t, m, "header line %q", line)
			key, val := m[1], m[2]
			if _, dup := r.Header[key]; dup {
				key += "#2" // Version appears twice: e_ident and e_version
			}
			switch key {
			case "Type", "Flags": // "DYN (Position-Independent ...)", "0x5000000, Version5 EABI"
				val = strings.FieldsFunc(val, func(r rune) bool { return r == ' ' || r == ',' })[0]
			}
			r.Header[key] = val
		case "sections":
			if strings.HasPrefix(line, "  [Nr]") {
				continue
			}
			m := sectionLine.FindStringSubmatch(line)
			require.NotNil(t, m, "section line %q", line)
			flags := []byte(m[8])
			slices.Sort(flags)
			r.Sections = append(r.Sections, section{
				Nr: atoi(t, m[1]), Name: m[2], Type: m[3], Addr: hex(t, m[4]), Off: hex(t, m[5]),
				Size: hex(t, m[6]), ES: hex(t, m[7]), Flags: string(flags),
				Link: num(t, m[9]), Info: num(t, m[10]), Align: num(t, m[11]),
			})
		case "symbols":
			if strings.HasPrefix(line, "   Num:") {
				continue
			}
			m := symbolLine.FindStringSubmatch(line)
			require.NotNil(t, m, "symbol line %q", line)
			name := m[8]
			if i := strings.IndexByte(name, '@'); i > 0 && r.Symtabs[len(r.Symtabs)-1].Name == ".dynsym" {
				name = name[:i] // readelf appends symbol versions, which the example does not decode
			}
			st := &r.Symtabs[len(r.Symtabs)-1]
			st.Syms = append(st.Syms, symbol{
				Num: atoi(t, m[1]), Value: hex(t, m[2]), Size: num(t, m[3]),
				Type: m[4], Bind: m[5], Vis: m[6], Ndx: m[7], Name: name,
			})
		}
	}
	require.NoError(t, sc.Err())
	return r
}

func atoi(t *testing.T, s string) int {
	n, err := strconv.Atoi(s)
	require.NoError(t, err)
	return n
}

func hex(t *testing.T, s string) uint64 {
	n, err := strconv.ParseUint(s, 16, 64)
	require.NoError(t, err)
	return n
}

// num parses decimal or 0x-prefixed hexadecimal.
func num(t *testing.T, s string) uint64 {
	n, err := strconv.ParseUint(s, 0, 64)
	require.NoError(t, err, s)
	return n
}

// targets returns the files to compare: every ELF file in
// GOROOT/src/debug/elf/testdata (decompressed into dir when needed), the go
// command and /usr/bin/ls.
func targets(t *testing.T, dir string) []string {
	files, err := testfiles.Load("debug/elf")
	require.NoError(t, err)
	var paths []string
	for _, f := range files {
		if !bytes.HasPrefix(f.Data, []byte("\x7fELF")) {
			continue
		}
		p := filepath.Join(testfiles.Dir("debug/elf"), f.Name)
		if strings.HasSuffix(f.Name, ".gz") {
			p = filepath.Join(dir, strings.TrimSuffix(f.Name, ".gz"))
			require.NoError(t, os.WriteFile(p, f.Data, 0o644))
		}
		paths = append(paths, p)
	}
	paths = append(paths, filepath.Join(testfiles.GOROOT(), "bin", "go"))
	if _, err := os.Stat("/usr/bin/ls"); err == nil {
		paths = append(paths, "/usr/bin/ls")
	}
	return paths
}

// TestMatchesBinutils compares the example's output with binutils' readelf
// -hSsW, value by value.
func TestMatchesBinutils(t *testing.T) {
	readelf, err := exec.LookPath("readelf")
	if err != nil {
		t.Skip("readelf (binutils) not installed")
	}
	var nfiles, nsections, nsyms int
	for _, path := range targets(t, t.TempDir()) {
		want, err := exec.Command(readelf, "-hSsW", path).Output()
		if err != nil {
			t.Logf("%s: readelf failed (%v), skipped", path, err)
			continue
		}
		var got bytes.Buffer
		require.NoError(t, run([]string{"-hSs", path}, &got), path)
		w, g := parseReport(t, want), parseReport(t, got.Bytes())
		require.NotEmpty(t, w.Header, path)
		assert.Equal(t, w.Header, g.Header, path)
		assert.Equal(t, w.Sections, g.Sections, path)
		if !assert.Len(t, g.Symtabs, len(w.Symtabs), path) {
			continue
		}
		for i := range w.Symtabs {
			assert.Equal(t, w.Symtabs[i].Name, g.Symtabs[i].Name, path)
			assert.Equal(t, w.Symtabs[i].Entries, g.Symtabs[i].Entries, path)
			require.Len(t, g.Symtabs[i].Syms, len(w.Symtabs[i].Syms), path)
			for j := range w.Symtabs[i].Syms {
				if !assert.Equal(t, w.Symtabs[i].Syms[j], g.Symtabs[i].Syms[j], "%s: %s", path, w.Symtabs[i].Name) {
					break
				}
			}
			nsyms += len(w.Symtabs[i].Syms)
		}
		nfiles++
		nsections += len(w.Sections)
	}
	t.Logf("compared with readelf: %d files, %d section headers, %d symbols", nfiles, nsections, nsyms)
	assert.Positive(t, nfiles)
}

func TestUsage(t *testing.T) {
	var out bytes.Buffer
	require.Error(t, run(nil, &out))
	require.Error(t, run([]string{"-q", "x"}, &out))
	require.Error(t, run([]string{filepath.Join(t.TempDir(), "missing")}, &out))
	empty := filepath.Join(t.TempDir(), "empty")
	require.NoError(t, os.WriteFile(empty, nil, 0o644))
	require.Error(t, run([]string{empty}, &out))
	notELF := filepath.Join(t.TempDir(), "text")
	require.NoError(t, os.WriteFile(notELF, []byte("hello, world\n"), 0o644))
	assert.Error(t, run([]string{notELF}, &out))
}

package layout

import (
	"fmt"
	"strconv"
	"strings"
)

// Bit fields.
//
// A struct tag on an unsigned word field names the word's sub-fields, most
// significant bit first, as RFC diagrams read left to right, by width only:
//
//	VersionIHL    uint8        `bits:"Version:4,IHL:4"`
//	FlagsFragment endian.U16BE `bits:"_:1,DF:1,MF:1,FragOffset:13"`
//
// The first sub-field holds the word's most significant bits, each next one
// the bits below: Version is VersionIHL>>4, IHL is VersionIHL&0xf. No bit
// number appears in a tag, so no reader has to know whether bits count
// from the most or the least significant end; a position or range where a
// width belongs ("Version:0-3") is the error [BitsNumbering]. The bits are
// those of the word's value (what Get returns for an endian type), whatever
// its byte order in memory. Widths that add up to less than the word leave
// its low bits undeclared ([BitsUndeclared], a warning): declare bits that
// a format reserves with the name "_", which gets no accessors.
//
// Sub-fields cannot overlap: each starts where the one before it ends, so
// there is no overlap to check, only widths that run past the word
// ([BitsOverflow]).
//
// The words are uint8, uint16, uint32, uint64 (and types defined from
// them), and the unsigned types of package endian: U16BE … U64LE, U24BE,
// U24LE, and U16[O], U24[O], U32[O], U64[O]. Package endian's types are
// recognized by package path and name ([EndianWordBits]), never by shape.
//
// Each named sub-field X gets accessors on a pointer to the struct, written
// by cmd/overlaybits: X() returns it and SetX(v) sets it (an unexported x
// gets x and setX, see [SubField.Setter]). A sub-field name must be a Go
// identifier, and neither it nor its setter's name may be that of another
// sub-field, setter or field of the struct ([BitsName]).

// A SubField is a named run of bits inside an unsigned word.
type SubField struct {
	Name  string // "_" for reserved bits
	Shift int    // position of its least significant bit, counting from the word's bit 0 (its LSB)
	Width int    // in bits, ≥ 1
}

// Mask returns the sub-field's bits in place in the word:
// (1<<Width - 1) << Shift.
func (s SubField) Mask() uint64 { return (1<<(s.Width-1)<<1 - 1) << s.Shift }

// Setter returns the name of the method that sets s: "Set" and the name for
// an exported name ("SetVersion"), "set" and the name with its first letter
// in upper case for an unexported one ("setVersion" for "version"). The
// getter's name is the sub-field's name.
func (s SubField) Setter() string {
	if s.Name == "" || 'A' <= s.Name[0] && s.Name[0] <= 'Z' {
		return "Set" + s.Name
	}
	return "set" + string(s.Name[0]&^0x20) + s.Name[1:] // an ASCII identifier: see isIdent
}

// MaxWordBits is the width of the widest word a bits tag may divide.
const MaxWordBits = 64

// EndianWordBits returns the width in bits of the unsigned number held by
// the named type pkgPath.name, if it is one of package endian's unsigned
// types (U16BE, U24LE, U32[O], ...; type arguments after the name are
// ignored), and 0 for every other type. Both front ends call it to set
// [Type.Word], so an endian word is recognized the same way at run time and
// at vet time.
func EndianWordBits(pkgPath, name string) int {
	if pkgPath != EndianPath {
		return 0
	}
	if i := strings.IndexByte(name, '['); i >= 0 {
		name = name[:i]
	}
	switch name {
	case "U16BE", "U16LE", "U16":
		return 16
	case "U24BE", "U24LE", "U24":
		return 24
	case "U32BE", "U32LE", "U32":
		return 32
	case "U64BE", "U64LE", "U64":
		return 64
	}
	return 0
}

// WordBits returns the width in bits of the unsigned word t is (8, 16, 24,
// 32 or 64), or 0 if t is no unsigned word and so cannot carry a bits tag.
func (t *Type) WordBits() int {
	switch {
	case t == nil:
		return 0
	case t.Kind == Array:
		return t.Word
	case t.Kind >= Uint8 && t.Kind <= Uint64:
		n, _ := t.Kind.fixedSize()
		return int(n) * 8
	}
	return 0
}

// A bitsIssue is one thing wrong with a bits tag.
type bitsIssue struct {
	kind ProblemKind
	msg  string
}

func (e *bitsIssue) Error() string { return "bits tag: " + e.msg }

// ParseBits parses a bits tag for a word of wordBits bits and returns its
// sub-fields MSB first. Spaces around names and widths are ignored. Widths
// that add up to less than wordBits are no error: the low bits are left
// undeclared. It fails on an entry that is not name:width, a width that is
// 0, not a decimal number, or a position or range ("0-3"), a name that is
// not a Go identifier or "_", a name used twice, widths that run past the
// word, and a wordBits outside 1..[MaxWordBits].
func ParseBits(tag string, wordBits int) ([]SubField, error) {
	subs, issues := parseBits(tag, wordBits)
	for _, is := range issues {
		if !is.kind.IsWarning() {
			return nil, &is
		}
	}
	return subs, nil
}

// parseBits parses a tag and returns its valid sub-fields and everything
// wrong with it, warnings included, in the order found. It avoids strconv
// and most of strings: package cast links it, and the parsers of those add
// kilobytes to every program that casts (TestCastBinarySize).
func parseBits(tag string, wordBits int) ([]SubField, []bitsIssue) {
	var (
		subs   []SubField
		issues []bitsIssue
		used   int // bits declared so far, from the MSB
	)
	bad := func(k ProblemKind, msg string) { issues = append(issues, bitsIssue{k, msg}) }
	if wordBits < 1 || wordBits > MaxWordBits {
		bad(BitsNotWord, fmt.Sprintf("a word of %d bits cannot be divided", wordBits))
		return nil, issues
	}
	if trimSpace(tag) == "" {
		bad(BitsSyntax, "the tag is empty")
		return nil, issues
	}
	rest, n := tag, 0
	for more := true; more; {
		var entry string
		entry, rest, more = strings.Cut(rest, ",")
		n++
		name, width, ok := strings.Cut(entry, ":")
		name, width = trimSpace(name), trimSpace(width)
		w := decimal(width)
		switch {
		case trimSpace(entry) == "":
			bad(BitsSyntax, fmt.Sprintf("entry %d is empty", n))
		case !ok:
			bad(BitsSyntax, fmt.Sprintf("entry %q has no width: write it as name:width", entry))
		case name == "":
			bad(BitsSyntax, fmt.Sprintf("entry %q has no name: name reserved bits _", entry))
		case name != "_" && !isIdent(name):
			bad(BitsSyntax, fmt.Sprintf("sub-field name %q is not a Go identifier", name))
		case isRange(width):
			bad(BitsNumbering, name+":"+width+" gives bit positions where its width belongs: positions are implied by the order, most significant bit first")
		case w < 0:
			bad(BitsSyntax, fmt.Sprintf("the width of %s, %q, is not a decimal number of bits", name, width))
		case w == 0:
			bad(BitsSyntax, name+" has width 0: a sub-field has at least 1 bit")
		default:
			for _, s := range subs {
				if s.Name == name && name != "_" {
					bad(BitsName, "sub-field name "+name+" is used twice")
					break
				}
			}
			if used+w > wordBits {
				if used <= wordBits {
					bad(BitsOverflow, fmt.Sprintf("the widths add up to more than the %d-bit word at %s:%s (%d bits declared before it)", wordBits, name, width, used))
				}
				used = wordBits + 1
				continue
			}
			used += w
			subs = append(subs, SubField{Name: name, Shift: wordBits - used, Width: w})
		}
	}
	// Undeclared bits are worth a warning only when the widths are known:
	// not after an entry whose width could not be read.
	known := true
	for _, is := range issues {
		known = known && is.kind != BitsSyntax && is.kind != BitsNumbering
	}
	if used < wordBits && known {
		bad(BitsUndeclared, fmt.Sprintf("the widths add up to %d bits, so the low %d of the %d-bit word are undeclared", used, wordBits-used, wordBits))
	}
	return subs, issues
}

// trimSpace is strings.TrimSpace for ASCII spaces and tabs, which links
// no Unicode tables.
func trimSpace(s string) string {
	for s != "" && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for s != "" && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

// decimal returns the number s holds in decimal digits, capped at
// MaxWordBits+1, or -1 if s is not one.
func decimal(s string) int {
	n := digits(s)
	if n == 0 || n < len(s) {
		return -1
	}
	w := 0
	for i := range len(s) {
		w = min(w*10+int(s[i]-'0'), MaxWordBits+1)
	}
	return w
}

// digits returns the length of the run of decimal digits s starts with.
func digits(s string) int {
	i := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	return i
}

// isRange reports whether s is two numbers joined by "-", "..", "...", ":",
// "–", "—" or "to", possibly in brackets or parentheses: bit positions, not a
// width.
func isRange(s string) bool {
	if len(s) >= 2 && (s[0] == '[' && s[len(s)-1] == ']' || s[0] == '(' && s[len(s)-1] == ')') {
		s = s[1 : len(s)-1]
	}
	i, j := digits(s), len(s)
	for j > i && '0' <= s[j-1] && s[j-1] <= '9' {
		j--
	}
	if i == 0 || j == len(s) {
		return false // no number first, or none last
	}
	switch trimSpace(s[i:j]) {
	case "-", "..", "...", ":", "–", "—", "to":
		return true
	}
	return false
}

// isIdent reports whether s is an ASCII Go identifier other than "_" and
// the keywords. (Go allows any Unicode letter; the tables that tell them
// would add 60 KB to every program that casts.)
func isIdent(s string) bool {
	switch s {
	case "", "_", "break", "case", "chan", "const", "continue", "default", "defer", "else",
		"fallthrough", "for", "func", "go", "goto", "if", "import", "interface", "map",
		"package", "range", "return", "select", "struct", "switch", "type", "var":
		return false
	}
	for i := range len(s) {
		c := s[i]
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// bits applies the bit-field rules to the struct's tagged fields: each
// tag's own, and that no sub-field or setter takes a name another
// sub-field, setter or field of the struct has.
func (b *structBuild) bits(c *calc) {
	names := map[string]string{} // method or field name → what has it
	for _, f := range b.t.Fields {
		if f.Name != "_" && f.Name != "" {
			names[f.Name] = "field " + f.Name
		}
	}
	for i, f := range b.t.Fields {
		if f.Bits == "" {
			continue
		}
		wb := f.Type.WordBits()
		if wb == 0 {
			b.addBits(i, c, f.Bits, []bitsIssue{{BitsNotWord, "its type, " + f.Type.String() + ", is not an unsigned word"}})
			continue
		}
		subs, issues := parseBits(f.Bits, wb)
		for _, s := range subs {
			if s.Name == "_" {
				continue
			}
			for j, n := range [2]string{s.Name, s.Setter()} {
				what := "sub-field " + s.Name + " of " + f.Name
				if j == 1 {
					what = "the setter " + n + " of " + what
				}
				switch other, ok := names[n]; {
				case !ok:
					names[n] = what
				case other != what: // else a name used twice in the tag, which parseBits reported
					issues = append(issues, bitsIssue{BitsName, fmt.Sprintf("%s has the name of %s", strings.TrimSuffix(what, " of "+f.Name), other)})
				}
			}
		}
		b.addBits(i, c, f.Bits, issues)
	}
}

// addBits adds a finding about field i, whose bits tag is tag, per kind of
// the issues, their messages joined.
func (b *structBuild) addBits(i int, c *calc, tag string, issues []bitsIssue) {
	for _, is := range issues {
		if j, ok := b.seen[origin{b.t, i, is.kind}]; ok {
			if d := &b.s.finds[j].detail; !strings.Contains(*d, is.msg) {
				*d += "; " + is.msg
			}
			continue
		}
		fd := b.at(is.kind, i, b.sh.offs[i], c.of(b.t.Fields[i].Type).size)
		fd.detail = "bits:" + strconv.Quote(tag) + ": " + is.msg
		b.add(fd)
	}
}

// IsBits reports whether k is one of the bit-field kinds.
func (k ProblemKind) IsBits() bool { return k >= BitsSyntax && k <= BitsUndeclared }

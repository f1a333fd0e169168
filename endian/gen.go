//go:build ignore

// gen writes the number types of package endian: types.go, the 18
// fixed-byte-order types (U16BE, U24LE, F64BE, ...), and ordertypes.go, the
// 9 order-generic ones (U16[O], ..., F64[O]). Each type gets its
// constructor and the methods Get, Set, String, Format, AppendText,
// MarshalText, UnmarshalText, MarshalJSON and UnmarshalJSON.
//
// Run it with "go generate" in the endian directory; gen_test.go fails
// when the committed files differ from what gen writes.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"path/filepath"
	"strings"
	"text/template"
)

// A numType describes one generated type, e.g. U32BE or U32[O].
type numType struct {
	Base  string // U32: the name without order
	Go    string // uint32: the Go type that Get returns
	Kind  string // "uint", "int" or "float"
	Bits  int    // 32: the number's width; 24 for U24, whose Go type is uint32
	Order string // "BE", "LE", or "" for order-generic
}

// Name is the type's name: U32BE, or U32 for the order-generic type.
func (t numType) Name() string { return t.Base + t.Order }

// Recv is the type as a method receiver or value type: U32BE, or U32[O].
func (t numType) Recv() string {
	if t.Order == "" {
		return t.Base + "[O]"
	}
	return t.Name()
}

// Generic reports whether the byte order is the type parameter O.
func (t numType) Generic() bool { return t.Order == "" }

func (t numType) Bytes() int { return t.Bits / 8 }

// Checked reports whether Set can be given a value that does not fit: the
// Go type is wider than the stored number.
func (t numType) Checked() bool { return t.Bits == 24 }

// A is the indefinite article for the name: "a U32BE", "an I32BE", "an F32BE".
func (t numType) A() string {
	if t.Kind == "uint" {
		return "a"
	}
	return "an"
}

// Desc describes the Go value, e.g. "an IEEE 754 binary32 float32".
func (t numType) Desc() string {
	switch {
	case t.Checked():
		return fmt.Sprintf("a %d-bit unsigned number, held in a %s,", t.Bits, t.Go)
	case t.Kind == "uint":
		return "a " + t.Go
	case t.Kind == "int":
		return fmt.Sprintf("an %s (two's complement)", t.Go)
	default:
		return fmt.Sprintf("an IEEE 754 binary%d %s", t.Bits, t.Go)
	}
}

// OrderDesc describes the byte order.
func (t numType) OrderDesc() string {
	switch t.Order {
	case "BE":
		return "most significant byte first (big-endian)"
	case "LE":
		return "least significant byte first (little-endian)"
	}
	return "in byte order O (Big or Little)"
}

// Short is the short order, as in "stores v in b, big-endian."
func (t numType) Short() string {
	switch t.Order {
	case "BE":
		return "big-endian"
	case "LE":
		return "little-endian"
	}
	return "in byte order O"
}

// binOrder is the encoding/binary ByteOrder variable of a fixed order.
func (t numType) binOrder() string {
	if t.Order == "BE" {
		return "binary.BigEndian"
	}
	return "binary.LittleEndian"
}

// GetExpr is the body of a fixed-order Get: the value decoded from b.
func (t numType) GetExpr() string {
	if t.Checked() {
		hi, lo := 0, 2
		if t.Order == "BE" {
			hi, lo = 2, 0
		}
		return fmt.Sprintf("%[1]s(b[%[2]d]) | %[1]s(b[1])<<8 | %[1]s(b[%[3]d])<<16", t.Go, hi, lo)
	}
	raw := fmt.Sprintf("%s.Uint%d(b[:])", t.binOrder(), t.Bits)
	switch t.Kind {
	case "uint":
		return raw
	case "int":
		return fmt.Sprintf("%s(%s)", t.Go, raw)
	default:
		return fmt.Sprintf("math.Float%dfrombits(%s)", t.Bits, raw)
	}
}

// SetStmt is the body of a fixed-order Set, after any range check: it
// stores v in b.
func (t numType) SetStmt() string {
	if t.Checked() {
		if t.Order == "BE" {
			return "b[0], b[1], b[2] = byte(v>>16), byte(v>>8), byte(v)"
		}
		return "b[0], b[1], b[2] = byte(v), byte(v>>8), byte(v>>16)"
	}
	arg := "v"
	switch t.Kind {
	case "int":
		arg = fmt.Sprintf("uint%d(v)", t.Bits)
	case "float":
		arg = fmt.Sprintf("math.Float%dbits(v)", t.Bits)
	}
	return fmt.Sprintf("%s.PutUint%d(b[:], %s)", t.binOrder(), t.Bits, arg)
}

// conv converts the expression v, of the type's Go type, to the wider
// type that strconv takes.
func (t numType) conv(to, v string) string {
	if t.Go == to {
		return v
	}
	return to + "(" + v + ")"
}

// FormatExpr is the body of String.
func (t numType) FormatExpr() string {
	switch t.Kind {
	case "uint":
		return fmt.Sprintf("strconv.FormatUint(%s, 10)", t.conv("uint64", "b.Get()"))
	case "int":
		return fmt.Sprintf("strconv.FormatInt(%s, 10)", t.conv("int64", "b.Get()"))
	default:
		return fmt.Sprintf("strconv.FormatFloat(%s, 'g', -1, %d)", t.conv("float64", "b.Get()"), t.Bits)
	}
}

// AppendExpr appends the String form of b to dst.
func (t numType) AppendExpr() string {
	switch t.Kind {
	case "uint":
		return fmt.Sprintf("strconv.AppendUint(dst, %s, 10)", t.conv("uint64", "b.Get()"))
	case "int":
		return fmt.Sprintf("strconv.AppendInt(dst, %s, 10)", t.conv("int64", "b.Get()"))
	default:
		return fmt.Sprintf("strconv.AppendFloat(dst, %s, 'g', -1, %d)", t.conv("float64", "b.Get()"), t.Bits)
	}
}

// ParseExpr parses text into a value of the parser's result type
// (uint64, int64 or float64) and an error.
func (t numType) ParseExpr() string {
	switch t.Kind {
	case "uint":
		return fmt.Sprintf("strconv.ParseUint(string(text), 10, %d)", t.Bits)
	case "int":
		return fmt.Sprintf("strconv.ParseInt(string(text), 10, %d)", t.Bits)
	default:
		return fmt.Sprintf("strconv.ParseFloat(string(text), %d)", t.Bits)
	}
}

// JSONExpr is the body of MarshalJSON.
func (t numType) JSONExpr() string {
	if t.Kind == "float" {
		return fmt.Sprintf("jsonFloat(%s, %d)", t.conv("float64", "b.Get()"), t.Bits)
	}
	return "b.AppendText(nil)"
}

// FromParsed converts v, the uint64, int64 or float64 that ParseExpr
// returns, to the Go type.
func (t numType) FromParsed() string {
	if t.Go == t.Kind+"64" {
		return "v"
	}
	return t.Go + "(v)"
}

// ParseDoc says which forms UnmarshalText accepts.
func (t numType) ParseDoc() string {
	if t.Kind == "float" {
		return "in the form String() returns, or in any other form strconv.ParseFloat accepts"
	}
	return "in decimal, the form String() returns"
}

// StringDoc says how String formats the value.
func (t numType) StringDoc() string {
	if t.Kind == "float" {
		return fmt.Sprintf("as fmt's %%v formats a %s: in the shortest form that reads back exactly, like strconv.FormatFloat with format 'g', precision -1 and bit size %d", t.Go, t.Bits)
	}
	a := "a"
	if t.Kind == "int" {
		a = "an"
	}
	return fmt.Sprintf("in decimal, as fmt's %%v formats %s %s", a, t.Go)
}

// comment formats text as a doc comment wrapped at 76 columns.
func comment(text string) string {
	var b strings.Builder
	line := "//"
	for _, w := range strings.Fields(text) {
		if len(line)+1+len(w) > 76 && line != "//" {
			b.WriteString(line + "\n")
			line = "//"
		}
		line += " " + w
	}
	b.WriteString(line)
	return b.String()
}

const header = `// Code generated by "go run gen.go"; DO NOT EDIT.

package endian

import (
`

// fixedTmpl declares a fixed-order type, its constructor, Get and Set.
const fixedTmpl = `
{{comment (printf "%s is %s stored in %d bytes, %s. Its alignment is 1, so %s %s field never adds padding and a *%s can point at any offset in a byte slice." .Name .Desc .Bytes .OrderDesc .A .Name .Name)}}
type {{.Name}} [{{.Bytes}}]byte

{{if .Checked -}}
{{comment (printf "New%s returns v encoded as %s %s, for use in composite literals. It panics with a *RangeError if v does not fit in %d bits." .Name .A .Name .Bits)}}
func New{{.Name}}(v {{.Go}}) {{.Name}} {
	var b {{.Name}}
	if err := b.Set(v); err != nil {
		panic(err)
	}
	return b
}
{{- else -}}
// New{{.Name}} returns v encoded as {{.A}} {{.Name}}, for use in composite literals.
func New{{.Name}}(v {{.Go}}) {{.Name}} {
	var b {{.Name}}
	{{.SetStmt}}
	return b
}
{{- end}}

// Get returns the {{if .Checked}}number{{else}}{{.Go}}{{end}} stored in b.
func (b {{.Name}}) Get() {{.Go}} {
	return {{.GetExpr}}
}

{{if .Checked -}}
{{comment (printf "Set stores v in b, %s. When b points into a buffer, as an overlay does, Set writes to the buffer. If v does not fit in %d bits, Set leaves b unchanged and returns a *RangeError." .Short .Bits)}}
func (b *{{.Name}}) Set(v {{.Go}}) error {
	if v >= 1<<{{.Bits}} {
		return &RangeError{Value: uint64(v), Bits: {{.Bits}}}
	}
	{{.SetStmt}}
	return nil
}
{{- else -}}
{{comment (printf "Set stores v in b, %s. When b points into a buffer, as an overlay does, Set writes to the buffer." .Short)}}
func (b *{{.Name}}) Set(v {{.Go}}) {
	{{.SetStmt}}
}
{{- end}}
`

// genericTmpl declares an order-generic type, its constructor, Get and
// Set, which select the fixed-order type's method by O.
const genericTmpl = `
{{comment (printf "%s is %s stored in %d bytes, %s. Its alignment is 1, like %sBE's and %sLE's, whose bytes it holds for O Big and Little." .Name .Desc .Bytes .OrderDesc .Base .Base)}}
type {{.Name}}[O Order] [{{.Bytes}}]byte

{{if .Checked -}}
{{comment (printf "New%s returns v encoded as %s %s[O], for use in composite literals. It panics with a *RangeError if v does not fit in %d bits." .Name .A .Name .Bits)}}
func New{{.Name}}[O Order](v {{.Go}}) {{.Recv}} {
	var b {{.Recv}}
	if err := b.Set(v); err != nil {
		panic(err)
	}
	return b
}
{{- else -}}
// New{{.Name}} returns v encoded as {{.A}} {{.Name}}[O], for use in composite literals.
func New{{.Name}}[O Order](v {{.Go}}) {{.Recv}} {
	var b {{.Recv}}
	b.Set(v)
	return b
}
{{- end}}

// Get returns the {{if .Checked}}number{{else}}{{.Go}}{{end}} stored in b.
func (b {{.Recv}}) Get() {{.Go}} {
	if IsBig[O]() {
		return {{.Base}}BE(b).Get()
	}
	return {{.Base}}LE(b).Get()
}

{{if .Checked -}}
{{comment (printf "Set stores v in b, %s. When b points into a buffer, as an overlay does, Set writes to the buffer. If v does not fit in %d bits, Set leaves b unchanged and returns a *RangeError." .Short .Bits)}}
func (b *{{.Recv}}) Set(v {{.Go}}) error {
	if IsBig[O]() {
		return (*{{.Base}}BE)(b).Set(v)
	}
	return (*{{.Base}}LE)(b).Set(v)
}
{{- else -}}
{{comment (printf "Set stores v in b, %s. When b points into a buffer, as an overlay does, Set writes to the buffer." .Short)}}
func (b *{{.Recv}}) Set(v {{.Go}}) {
	if IsBig[O]() {
		(*{{.Base}}BE)(b).Set(v)
	} else {
		(*{{.Base}}LE)(b).Set(v)
	}
}
{{- end}}
`

// methodsTmpl holds the methods written in terms of Get and Set, the same
// for fixed-order and order-generic types.
const methodsTmpl = `
{{comment (printf "String returns the value of b formatted %s." .StringDoc)}}
func (b {{.Recv}}) String() string {
	return {{.FormatExpr}}
}

{{comment (printf "Format implements fmt.Formatter: every verb, flag, width and precision formats b.Get() as fmt formats a %s, except %%s, which formats String() as for a fmt.Stringer." .Go)}}
func (b {{.Recv}}) Format(f fmt.State, verb rune) {
	format(f, verb, b.Get())
}

// AppendText implements encoding.TextAppender: it appends String() to dst.
func (b {{.Recv}}) AppendText(dst []byte) ([]byte, error) {
	return {{.AppendExpr}}, nil
}

// MarshalText implements encoding.TextMarshaler: it returns String().
func (b {{.Recv}}) MarshalText() ([]byte, error) {
	return b.AppendText(nil)
}

{{comment (printf "UnmarshalText implements encoding.TextUnmarshaler: it sets b to the %s that text holds %s. On error it leaves b unchanged." .Go .ParseDoc)}}
func (b *{{.Recv}}) UnmarshalText(text []byte) error {
	v, err := {{.ParseExpr}}
	if err != nil {
		return textError("{{.Name}}", err)
	}
	{{if .Checked}}return b.Set({{.Go}}(v)){{else}}b.Set({{.FromParsed}})
	return nil{{end}}
}

{{comment (printf "MarshalJSON implements encoding/json's Marshaler: it writes b as a JSON number, as encoding/json writes a %s%s." .Go (or (and (eq .Kind "float") ", and fails for NaN and infinities, which JSON cannot represent") ""))}}
func (b {{.Recv}}) MarshalJSON() ([]byte, error) {
	return {{.JSONExpr}}
}

{{comment (printf "UnmarshalJSON implements encoding/json's Unmarshaler: it sets b to the JSON number in data, as encoding/json sets a %s; null leaves b unchanged." .Go)}}
func (b *{{.Recv}}) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		return nil
	}
	return b.UnmarshalText(data)
}
`

var funcs = template.FuncMap{"comment": comment}

func main() {
	log.SetFlags(0)
	log.SetPrefix("gen: ")
	dir := flag.String("dir", ".", "output `directory`")
	flag.Parse()

	var fixed, generic []numType
	for _, k := range []struct {
		prefix, kind string
		bits         []int
	}{
		{"U", "uint", []int{16, 24, 32, 64}},
		{"I", "int", []int{16, 32, 64}},
		{"F", "float", []int{32, 64}},
	} {
		for _, bits := range k.bits {
			t := numType{Base: fmt.Sprintf("%s%d", k.prefix, bits), Kind: k.kind, Bits: bits, Go: fmt.Sprintf("%s%d", k.kind, bits)}
			if bits == 24 {
				t.Go = "uint32"
			}
			generic = append(generic, t)
			for _, o := range []string{"BE", "LE"} {
				t.Order = o
				fixed = append(fixed, t)
			}
		}
	}
	write(filepath.Join(*dir, "types.go"), fixedTmpl, fixed, "encoding/binary", "fmt", "math", "strconv")
	write(filepath.Join(*dir, "ordertypes.go"), genericTmpl, generic, "fmt", "strconv")
}

func write(file, decl string, types []numType, imports ...string) {
	t := template.Must(template.New("decl").Funcs(funcs).Parse(decl))
	template.Must(t.New("methods").Parse(methodsTmpl))
	var buf bytes.Buffer
	buf.WriteString(header)
	for _, imp := range imports {
		fmt.Fprintf(&buf, "\t%q\n", imp)
	}
	buf.WriteString(")\n")
	for _, typ := range types {
		if err := t.ExecuteTemplate(&buf, "decl", typ); err != nil {
			log.Fatal(err)
		}
		if err := t.ExecuteTemplate(&buf, "methods", typ); err != nil {
			log.Fatal(err)
		}
	}
	src, err := format.Source(buf.Bytes())
	if err != nil {
		log.Fatalf("formatting %s: %v\n%s", file, err, buf.Bytes())
	}
	if err := os.WriteFile(file, src, 0o644); err != nil { //nolint:gosec // source files are world-readable
		log.Fatal(err)
	}
}

package main

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/go-overlay/overlay/layout"
	"github.com/go-overlay/overlay/layout/typesfront"
)

// bitfieldPath is the package of the error the setters return.
const bitfieldPath = "github.com/go-overlay/overlay/bitfield"

// A word is a bits-tagged field of a struct and its sub-fields.
type word struct {
	field  string // the field's name
	bits   int    // the word's width
	endian bool   // an endian type: read and written through Get and Set
	typ    string // the field's type as the generated file names it (plain words)
	subs   []layout.SubField
}

// A target is a struct type with bits-tagged fields.
type target struct {
	name    string // the type's name
	recv    string // the receiver's type: "T", "T[O]"
	recvVar string
	words   []word
}

// generate returns the source of the accessors of the package in dir, to
// be written to the file out, or nil if the package has no bits tags. It
// fails, naming file:line, on tags with engine errors.
func generate(dir, out string) ([]byte, error) {
	out, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	cfg := &packages.Config{
		// NeedDeps|NeedImports: type-check the dependencies from source,
		// so that go list does not compile the package itself for export
		// data, which fails while the accessors it calls are not written.
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo |
			packages.NeedDeps | packages.NeedImports,
		Dir: dir,
	}
	// Read the package without the file being generated: a stale one
	// (accessors of a sub-field since renamed) would not compile.
	if f, err := parser.ParseFile(token.NewFileSet(), out, nil, parser.PackageClauseOnly); err == nil {
		cfg.Overlay = map[string][]byte{out: []byte("package " + f.Name.Name + "\n")}
	}
	pkgs, err := packages.Load(cfg, ".")
	if err != nil {
		return nil, err
	}
	if len(pkgs) != 1 {
		return nil, fmt.Errorf("overlaybits: %d packages in %s, want 1", len(pkgs), dir)
	}
	pkg := pkgs[0]
	// The package may call the accessors it is about to get, so type
	// errors are expected: they matter only if they touch a tagged
	// struct (typeSpec checks). Syntax errors and a package go/types could
	// not check at all stop here.
	var typeErrs []string
	for _, e := range pkg.Errors {
		if e.Kind == packages.ParseError || pkg.Types == nil || pkg.TypesInfo == nil {
			return nil, fmt.Errorf("overlaybits: %w", e)
		}
		typeErrs = append(typeErrs, e.Error())
	}
	g := &generator{pkg: pkg, imports: map[string]string{}, typeErrs: typeErrs}
	for _, f := range pkg.Syntax {
		if pkg.Fset.File(f.Pos()).Name() == out {
			continue
		}
		for _, d := range f.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
				for _, s := range gd.Specs {
					g.typeSpec(s.(*ast.TypeSpec))
				}
			}
		}
	}
	if len(g.errs) > 0 {
		return nil, errors.New(strings.Join(g.errs, "\n"))
	}
	if len(g.targets) == 0 {
		return nil, nil
	}
	return g.source()
}

type generator struct {
	pkg     *packages.Package
	targets []target
	imports map[string]string // path → name, for the types of plain words
	errs    []string
	// typeErrs are the package's type errors, which do not stop the
	// generator unless a tagged struct has a field of an invalid type.
	typeErrs []string
}

func (g *generator) errorf(pos token.Pos, format string, args ...any) {
	g.errs = append(g.errs, fmt.Sprintf("%s: %s", g.pkg.Fset.Position(pos), fmt.Sprintf(format, args...)))
}

// typeSpec collects the bits-tagged fields of a struct type, checked by the
// engine.
func (g *generator) typeSpec(spec *ast.TypeSpec) {
	if _, ok := spec.Type.(*ast.StructType); !ok || spec.Assign.IsValid() {
		// Only a struct type literal declares tags: type B A, whose
		// fields A declared, gets no accessors (nor A's methods).
		return
	}
	tn, ok := g.pkg.TypesInfo.Defs[spec.Name].(*types.TypeName)
	if !ok {
		return
	}
	named, ok := tn.Type().(*types.Named)
	if !ok {
		return
	}
	st, ok := named.Underlying().(*types.Struct)
	if !ok {
		return
	}
	tagged := false
	for i := range st.NumFields() {
		tagged = tagged || reflect.StructTag(st.Tag(i)).Get("bits") != ""
	}
	if !tagged {
		return
	}
	tree, err := typesfront.Tree(named)
	if err != nil {
		g.errorf(spec.Pos(), "%v", err)
		return
	}
	// The engine's rules, not the generator's: the bits problems of the
	// type's own fields (nested structs are judged where they are
	// declared). They do not depend on the arch.
	l := layout.Assess(tree, layout.HostArch(), layout.AllArches)
	if l.Invalid && len(g.typeErrs) > 0 {
		g.errorf(spec.Pos(), "%s: the type has fields of types that do not compile:\n%s", tn.Name(), strings.Join(g.typeErrs, "\n"))
		return
	}
	failed := false
	for _, p := range l.Problems {
		if p.Kind.IsBits() && !p.IsWarning() && len(p.Index) == 1 {
			g.errorf(st.Field(p.Index[0]).Pos(), "%s: %s [%s]", tn.Name(), p, p.Kind.Category())
			failed = true
		}
	}
	if failed {
		return
	}
	t := target{name: tn.Name(), recv: tn.Name(), recvVar: receiverName(tn.Name())}
	if tps := named.TypeParams(); tps.Len() > 0 {
		var names []string
		for i := range tps.Len() {
			names = append(names, tps.At(i).Obj().Name())
		}
		t.recv += "[" + strings.Join(names, ", ") + "]"
	}
	methods := map[string]token.Pos{}
	for i := range named.NumMethods() {
		m := named.Method(i)
		methods[m.Name()] = m.Pos()
	}
	for i, f := range tree.Fields {
		if f.Bits == "" {
			continue
		}
		sf := st.Field(i)
		subs, err := layout.ParseBits(f.Bits, f.Type.WordBits())
		if err != nil { // the engine reported it above
			g.errorf(sf.Pos(), "%s.%s: %v", t.name, sf.Name(), err)
			continue
		}
		w := word{field: sf.Name(), bits: f.Type.WordBits(), endian: f.Type.Kind == layout.Array}
		if !w.endian {
			w.typ = types.TypeString(sf.Type(), g.qualify)
		}
		for _, s := range subs {
			if s.Name == "_" {
				continue
			}
			if sf.Name() == "_" {
				g.errorf(sf.Pos(), "%s: sub-field %s of a blank field: its accessors could not reach it; name the field", t.name, s.Name)
				continue
			}
			for _, m := range []string{s.Name, s.Setter()} {
				if pos, ok := methods[m]; ok {
					g.errorf(sf.Pos(), "%s: sub-field %s needs the method %s, which %s already has (at %s)", t.name, s.Name, m, t.name, g.pkg.Fset.Position(pos))
				}
			}
			w.subs = append(w.subs, s)
		}
		t.words = append(t.words, w)
	}
	g.targets = append(g.targets, t)
}

// qualify names a package for types.TypeString, importing it.
func (g *generator) qualify(p *types.Package) string {
	if p == g.pkg.Types {
		return ""
	}
	g.imports[p.Path()] = p.Name()
	return p.Name()
}

// receiverName is the receiver's name: the type's initial, lower case, as
// stringer and most hand-written methods have it, but never v, the
// setters' parameter.
func receiverName(typ string) string {
	r := strings.ToLower(typ[:1])
	if r == "v" || r[0] < 'a' || r[0] > 'z' {
		return "h"
	}
	return r
}

// valueType is the smallest unsigned type that holds width bits.
func valueType(width int) (string, int) {
	for _, n := range []int{8, 16, 32} {
		if width <= n {
			return fmt.Sprintf("uint%d", n), n
		}
	}
	return "uint64", 64
}

// source writes the file.
func (g *generator) source() ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by overlaybits from the bits tags of package %s; DO NOT EDIT.\n\n", g.pkg.Name)
	fmt.Fprintf(&b, "package %s\n\n", g.pkg.Name)
	var body bytes.Buffer
	for _, t := range g.targets {
		for _, w := range t.words {
			for _, s := range w.subs {
				g.accessors(&body, t, w, s)
			}
		}
	}
	var imports []string
	if bytes.Contains(body.Bytes(), []byte("bitfield.RangeError{")) {
		imports = append(imports, bitfieldPath)
	}
	for p := range g.imports {
		imports = append(imports, p)
	}
	slices.Sort(imports)
	if len(imports) > 0 {
		b.WriteString("import (\n")
		for _, p := range imports {
			fmt.Fprintf(&b, "\t%q\n", p)
		}
		b.WriteString(")\n")
	}
	b.Write(body.Bytes())
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("overlaybits: formatting the output: %w", err)
	}
	return src, nil
}

// accessors writes the getter and setter of sub-field s of word w.
func (g *generator) accessors(b *bytes.Buffer, t target, w word, s layout.SubField) {
	vt, vbits := valueType(s.Width)
	h := t.recvVar
	load := h + "." + w.field
	wordType := w.typ
	if w.endian {
		load += ".Get()"
		wordType, _ = valueType(w.bits) // U24's Get returns a uint32
	}
	expr := load
	if s.Shift > 0 {
		expr += fmt.Sprintf(" >> %d", s.Shift)
	}
	if s.Shift+s.Width < w.bits {
		expr += fmt.Sprintf(" & %#x", uint64(1)<<(s.Width-1)<<1-1)
	}
	where := fmt.Sprintf("bits %d to %d", s.Shift+s.Width-1, s.Shift)
	if s.Width == 1 {
		where = fmt.Sprintf("bit %d", s.Shift)
	}
	comment(b, fmt.Sprintf("%s returns the sub-field %s of %s, %s (bit 0 is the least significant).", s.Name, s.Name, w.field, where))
	fmt.Fprintf(b, "func (%s *%s) %s() %s { return %s }\n", h, t.recv, s.Name, vt, convert(vt, wordType, expr))
	comment(b, fmt.Sprintf("%s sets the sub-field %s to v. If v does not fit in %d bits, it returns a *bitfield.RangeError and leaves %s unchanged.", s.Setter(), s.Name, s.Width, w.field))
	fmt.Fprintf(b, "func (%s *%s) %s(v %s) error {\n", h, t.recv, s.Setter(), vt)
	if s.Width < vbits {
		fmt.Fprintf(b, "\tif v > %#x {\n\t\treturn &bitfield.RangeError{Field: %q, Value: uint64(v), Width: %d}\n\t}\n",
			uint64(1)<<s.Width-1, t.name+"."+s.Name, s.Width)
	}
	val := convert(wordType, vt, "v")
	if s.Shift > 0 {
		val += fmt.Sprintf(" << %d", s.Shift)
	}
	kept := load
	if s.Mask() != uint64(1)<<(w.bits-1)<<1-1 {
		kept += fmt.Sprintf(" &^ %#x", s.Mask())
	} else {
		kept = "" // the sub-field is the whole word
	}
	stored := val
	if kept != "" {
		stored = kept + " | " + val
	}
	switch {
	case !w.endian:
		fmt.Fprintf(b, "\t%s.%s = %s\n\treturn nil\n}\n", h, w.field, stored)
	case w.bits == 24:
		// U24's Set refuses a value of 25 bits or more, which stored
		// cannot be.
		fmt.Fprintf(b, "\treturn %s.%s.Set(%s)\n}\n", h, w.field, stored)
	default:
		fmt.Fprintf(b, "\t%s.%s.Set(%s)\n\treturn nil\n}\n", h, w.field, stored)
	}
}

// convert converts x of type from to type to, if they differ.
func convert(to, from, x string) string {
	if to == from {
		return x
	}
	return to + "(" + x + ")"
}

// comment writes text as a doc comment, wrapped at 76 columns.
func comment(b *bytes.Buffer, text string) {
	b.WriteString("\n//")
	n := 2
	for _, w := range strings.Fields(text) {
		if n+1+len(w) > 76 && n > 2 {
			b.WriteString("\n//")
			n = 2
		}
		b.WriteString(" " + w)
		n += 1 + len(w)
	}
	b.WriteString("\n")
}

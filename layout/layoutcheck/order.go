package layoutcheck

import (
	"fmt"
	"go/ast"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/go-overlay/overlay/layout"
)

// byteOrderCategory is the category of a cast of a type whose declared
// byte order is not the host's on some arches: the cast fails there with
// cast.ErrByteOrder. It is found at the call, from the engine's Order, so
// it is not a problem kind of the engine.
const byteOrderCategory = "byte-order"

// codecFuncs are the generics of package cast that take the byte order as
// an argument (codec.go, codec_io.go): they convert the numbers of T from
// that order, so a T with no declared order is what they are for, and a T
// marked endian.Big or endian.Little is read with its order on any host.
// TestCodecFuncs checks the list against package cast: every exported
// generic with a binary.ByteOrder parameter, and nothing else.
var codecFuncs = map[string]bool{
	"Decode": true, "Encode": true, "Append": true,
	"DecodeSlice": true, "AppendSlice": true,
	"Swap": true, "SwapSlice": true, "Borrow": true,
	"DecodeFrom": true, "DecodeAt": true, "DecodeSliceAt": true, "EncodeTo": true,
}

// A use says how a type argument is used at a call site: by a cast, by
// the codec, or by an unsafe conversion (-unsafe).
type use uint8

const (
	useNone   use = iota // not at a call site: a declaration
	useCast              // a cast: T's bytes are read in place, in host order
	useCodec             // the codec: the order is an argument of the call
	useUnsafe            // (*T)(p): no run-time check at all
)

// useOf returns the use of the cast generic named fn ("" for an unsafe
// conversion).
func useOf(fn string) use {
	switch {
	case fn == "":
		return useUnsafe
	case codecFuncs[fn]:
		return useCodec
	}
	return useCast
}

// codecFor returns the call of the codec that does what a cast with the
// generic named fn does, converting from order: what to use instead when
// the cast reads the numbers of name in the wrong order.
func codecFor(fn, name, order string) string {
	switch fn {
	case "Slice", "SlicePrefix", "NewTable", "Table":
		return fmt.Sprintf("cast.DecodeSlice[%s](dst, b, %s)", name, order)
	case "Bytes":
		return fmt.Sprintf("cast.Append[%s](b, %s, p)", name, order)
	case "SliceBytes":
		return fmt.Sprintf("cast.AppendSlice[%s](b, %s, s)", name, order)
	}
	return fmt.Sprintf("cast.Decode[%s](b, %s)", name, order)
}

// foreignOrderAdvice ends the implicit-order warning about a type of
// another package at a cast: the cast cannot give its numbers a byte
// order, but the codec can.
func foreignOrderAdvice(fn, name string) string {
	return name + " is declared in another package, which this code cannot give a byte order: copy it with " +
		codecFor(fn, name, "order") + ", order being the data's (binary.BigEndian or binary.LittleEndian)"
}

// misfits returns the arches of set on which a type declaring order o
// does not read correctly, as the engine's [layout.Order.FitsHost] says.
func misfits(o layout.Order, set layout.ArchSet) layout.ArchSet {
	var bad layout.ArchSet
	for i, a := range layout.Arches {
		if set&(1<<i) != 0 && !o.FitsHost(a) {
			bad |= 1 << i
		}
	}
	return bad
}

// checkHostOrder reports a cast, at the call, of a type marked endian.Big
// or endian.Little on the arches of sel of the other byte order, where
// package cast refuses it with ErrByteOrder.
func (c *checker) checkHostOrder(s *subject, l *layout.Layout, sel layout.ArchSet) {
	if !declaresOrder(l) {
		return
	}
	bad := misfits(l.Order, sel)
	if bad == 0 {
		return
	}
	d := orderWords(l.Order)
	key := s.dedupe + "\x00" + byteOrderCategory + "\x00" + strconv.FormatUint(uint64(bad), 10)
	if s.dedupe != "" && c.seen[key] {
		return
	}
	done := c.reportAtCall(s, byteOrderCategory, nil, fmt.Sprintf("%s: %s declares %s byte order (_ %s), so the cast fails with cast.ErrByteOrder on %s arches (%s); read it with %s, which converts its numbers on any host",
		s.prefix, s.name, l.Order, d.marker, d.other, strings.Join(bad.Names(), ", "), codecFor(s.fn, s.name, d.binary)))
	if s.dedupe != "" {
		c.seen[key] = done
	}
}

// checkCodecOrder reports a codec call, at the call, whose order argument
// is one of encoding/binary's that the type's marker excludes: the codec
// refuses binary.LittleEndian for a type marked endian.Big on every arch,
// and binary.NativeEndian, the host's order, on the arches of the other
// order, as a cast does. It is about the call, so every call is reported.
// The fix for NativeEndian is the declared order, which decodes the same
// on the hosts where NativeEndian works and also on the others; for
// LittleEndian it is none, as the argument may be right and the marker
// wrong.
func (c *checker) checkCodecOrder(s *subject, l *layout.Layout, sel layout.ArchSet) {
	if s.orderArg == "" || !declaresOrder(l) {
		return
	}
	d := orderWords(l.Order)
	var bad layout.ArchSet
	where := "every arch"
	if s.orderArg == "NativeEndian" {
		bad = misfits(l.Order, sel)
		where = d.other + " arches (" + strings.Join(bad.Names(), ", ") + ")"
	} else if !l.Order.FitsHost(archOfOrder(s.orderArg == "BigEndian")) {
		bad = sel // binary.BigEndian is read as on a big-endian host, on every host
	}
	if bad == 0 {
		return
	}
	var fixes []analysis.SuggestedFix
	if id := s.orderIdent; s.orderArg == "NativeEndian" && id != nil {
		name := strings.TrimPrefix(d.binary, "binary.")
		fixes = []analysis.SuggestedFix{{
			Message:   "pass " + d.binary,
			TextEdits: []analysis.TextEdit{{Pos: id.Pos(), End: id.End(), NewText: []byte(name)}},
		}}
	}
	c.reportAtCall(s, byteOrderCategory, fixes, fmt.Sprintf("%s: %s declares %s byte order (_ %s), so the codec refuses binary.%s with cast.ErrByteOrder on %s; pass %s, which reads it on any host",
		s.prefix, s.name, l.Order, d.marker, s.orderArg, where, d.binary))
}

// declaresOrder reports whether l's type is marked endian.Big or
// endian.Little, and has no layout error, with which cast and the codec
// refuse it on every host with ErrLayout (reported already). Conflicting
// markers are such an error; the other orders fit every host.
func declaresOrder(l *layout.Layout) bool {
	return (l.Order == layout.OrderBig || l.Order == layout.OrderLittle) && len(l.Errors()) == 0
}

// orderDesc names what messages say about a declared order.
type orderDesc struct {
	marker string // endian.Big
	binary string // binary.BigEndian
	other  string // the hosts it does not fit: little-endian
}

func orderWords(o layout.Order) orderDesc {
	if o == layout.OrderLittle {
		return orderDesc{"endian.Little", "binary.LittleEndian", "big-endian"}
	}
	return orderDesc{"endian.Big", "binary.BigEndian", "little-endian"}
}

// archOfOrder returns an arch of layout.Arches that is big endian, or
// little endian.
func archOfOrder(big bool) layout.Arch {
	for _, a := range layout.Arches {
		if a.BigEndian == big {
			return a
		}
	}
	return layout.Arch{}
}

// reportAtCall reports a finding of category cat about s at its call
// site, unless an ignore directive covers it: one of the type's
// declaration, or one at the call. Like [checker.report], it returns
// false when only an ignore at the call silenced it.
func (c *checker) reportAtCall(s *subject, cat string, fixes []analysis.SuggestedFix, msg string) (done bool) {
	for _, ig := range c.declIgnores(s) {
		if ig.covers(cat) {
			return true
		}
	}
	for _, ig := range c.dirs.atLine(s.pos) {
		if ig.covers(cat) {
			return false
		}
	}
	d := analysis.Diagnostic{Pos: s.pos, End: s.end, Category: cat, Message: msg, SuggestedFixes: fixes}
	if c.cfg.Related {
		d.Related = s.related
	}
	c.diags = append(c.diags, d)
	return true
}

// orderArg returns the order argument of the codec call in, when it is
// one of encoding/binary's byte orders: "BigEndian", "LittleEndian" or
// "NativeEndian", and the identifier that names it; else "". The codec's
// functions name it order.
func (c *checker) orderArg(in instance) (string, *ast.Ident) {
	fn, ok := in.obj.(*types.Func)
	if !ok || in.call == nil || useOf(fn.Name()) != useCodec {
		return "", nil
	}
	params := fn.Signature().Params()
	for i := range min(params.Len(), len(in.call.Args)) {
		if params.At(i).Name() != "order" {
			continue
		}
		var id *ast.Ident
		switch x := ast.Unparen(in.call.Args[i]).(type) {
		case *ast.Ident:
			id = x
		case *ast.SelectorExpr:
			id = x.Sel
		}
		v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
		if !ok || v.Pkg() == nil || v.Pkg().Path() != "encoding/binary" || v.Parent() != v.Pkg().Scope() {
			return "", nil
		}
		switch v.Name() {
		case "BigEndian", "LittleEndian", "NativeEndian":
			return v.Name(), id
		}
		return "", nil
	}
	return "", nil
}

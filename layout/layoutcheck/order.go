package layoutcheck

import (
	"fmt"
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
// package cast refuses it with ErrByteOrder. A type with a layout error
// on some arch is left alone: cast refuses it on every host with
// ErrLayout, which is reported already.
func (c *checker) checkHostOrder(s *subject, l *layout.Layout, sel layout.ArchSet) {
	if l.Order != layout.OrderBig && l.Order != layout.OrderLittle {
		return // conflicting markers are a layout error; other orders fit every host
	}
	if len(l.Errors()) != 0 {
		return
	}
	bad := misfits(l.Order, sel)
	if bad == 0 {
		return
	}
	key := s.dedupe + "\x00" + byteOrderCategory + "\x00" + strconv.FormatUint(uint64(bad), 10)
	if s.dedupe != "" && c.seen[key] {
		return
	}
	other, marker, order := "little-endian", "endian.Big", "binary.BigEndian"
	if l.Order == layout.OrderLittle {
		other, marker, order = "big-endian", "endian.Little", "binary.LittleEndian"
	}
	msg := fmt.Sprintf("%s: %s declares %s byte order (_ %s), so the cast fails with cast.ErrByteOrder on %s arches (%s); read it with %s, which converts its numbers on any host",
		s.prefix, s.name, l.Order, marker, other, strings.Join(bad.Names(), ", "), codecFor(s.fn, s.name, order))
	done := c.reportAtCall(s, byteOrderCategory, msg)
	if s.dedupe != "" {
		c.seen[key] = done
	}
}

// reportAtCall reports a finding of category cat about s at its call
// site, unless an ignore directive covers it: one of the type's
// declaration, or one at the call. Like [checker.report], it returns
// false when only an ignore at the call silenced it.
func (c *checker) reportAtCall(s *subject, cat, msg string) (done bool) {
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
	d := analysis.Diagnostic{Pos: s.pos, End: s.end, Category: cat, Message: msg}
	if c.cfg.Related {
		d.Related = s.related
	}
	c.diags = append(c.diags, d)
	return true
}

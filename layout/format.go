package layout

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// String returns a table of l's fields and padding, in offset order,
// followed by its problems:
//
//	layout of pkt.Header on amd64: size 16, align 8, byte order: big endian
//	offset  size  field  type
//	     0     0  _      endian.Big
//	     0     4  A      uint32
//	     4     4  -      (padding)
//	     8     8  B      uint64
//
// A word with a bits tag is followed by a row per sub-field, such as
// "bits 3-15, width 13, shift 0": its bits numbered from the word's most
// significant, as the tag lists them (whatever the word's byte order),
// its width, and its shift from the least significant bit; "-" rows are
// undeclared bits.
func (l *Layout) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "layout of %s on %s: size %d, align %d, byte order: %s\n",
		l.Type, l.Arch.Name, l.Size, l.Align, l.Order)
	rows := make([][4]string, 0, len(l.Fields)+len(l.Padding))
	type row struct {
		off  int64
		cols [4]string
	}
	var all []row
	for _, f := range l.Fields {
		path := f.Path
		if path == "" {
			path = "."
		}
		all = append(all, row{f.Offset, [4]string{strconv.FormatInt(f.Offset, 10), strconv.FormatInt(f.Size, 10), path, f.Type}})
		if w, ok := l.word(f); ok {
			for _, s := range w.subs {
				all = append(all, row{f.Offset, [4]string{"", "", "  " + s.label(), s.describe(w.bits)}})
			}
		}
	}
	for _, s := range l.Padding {
		if s.inArray() {
			continue // inside array elements: listed with the problems
		}
		all = append(all, row{s.Offset, [4]string{strconv.FormatInt(s.Offset, 10), strconv.FormatInt(s.Size, 10), "-", "(" + s.Kind.String() + ")"}})
	}
	slices.SortStableFunc(all, func(a, b row) int { return int(min(max(a.off-b.off, -1), 1)) })
	rows = append(rows, [4]string{"offset", "size", "field", "type"})
	for _, r := range all {
		rows = append(rows, r.cols)
	}
	var width [4]int
	for _, r := range rows {
		for i, c := range r {
			width[i] = max(width[i], len(c))
		}
	}
	for _, r := range rows {
		fmt.Fprintf(&b, "%*s  %*s  %-*s  %s\n", width[0], r[0], width[1], r[1], width[2], r[2], r[3])
	}
	for _, p := range l.Problems {
		label := "error"
		if p.IsWarning() {
			label = "warning"
		}
		fmt.Fprintf(&b, "%s: %s\n", label, p)
	}
	return b.String()
}

// inArray reports whether a padding span lies inside the elements of an
// array: the array is one field of the table and one cell of the diagram,
// so such spans are listed with the problems instead.
func (s Span) inArray() bool { return strings.Contains(s.Path, "[") }

// Diagram draws l in the style of RFC 791: four bytes a row, a cell per
// field, padding shown as such. A field that spans rows is one cell with
// its label in its middle row; one that covers more than three whole rows
// is drawn as its first and last rows around a "~" line that names it and
// its size. A label too long for its cell is replaced by a note such as
// "(1)", spelled out below the diagram.
//
//	pkt.Header on amd64, 8 bytes
//	       0                   1                   2                   3
//	       0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	      +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	    0 |       A       |   (padding)   |               B               |
//	      +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//	    4 |                               C                               |
//	      +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// A word with a bits tag is drawn as its sub-fields, each a cell over its
// bits, as RFC 791 draws Version and IHL; reserved bits ("_") are labeled
// "_" and undeclared ones are left blank. The ruler numbers the bits of a
// row from 0, the most significant bit of its first byte, as the RFCs do,
// and every byte is drawn most significant bit first. So a sub-field is
// drawn at the bits of memory that hold it: in a big-endian word (the
// endian BE types, or native numbers under endian.Big) that is one run of
// bits, the RFC's picture; in a little-endian word (the LE types, native
// numbers under endian.Little) the word's low byte comes first, and a
// sub-field that crosses a byte boundary is drawn as one cell per byte
// holding it, each with its name. Native numbers in a struct with no
// byte-order marker, or with endian.Native, are drawn in the order of the
// arch the diagram is for. A label too long for a cell narrower than a
// byte is written down the cell, on up to three lines, as RFC 793 draws
// TCP's flags.
func (l *Layout) Diagram() string {
	if l.Size <= 0 {
		return fmt.Sprintf("%s: no bytes to draw (size %d)\n", l.Type, l.Size)
	}
	d := diagram{size: l.Size * 8}
	for _, f := range l.Fields {
		if f.Size <= 0 || f.Offset < 0 {
			continue
		}
		if w, ok := l.word(f); ok {
			d.cells = append(d.cells, w.cells(f.Offset*8)...)
			continue
		}
		name := f.Path
		if name == "" {
			name = f.Type
		}
		d.cells = append(d.cells, cell{off: f.Offset * 8, end: (f.Offset + f.Size) * 8, label: name})
	}
	for _, s := range l.Padding {
		if !s.inArray() && s.Offset >= 0 {
			d.cells = append(d.cells, cell{off: s.Offset * 8, end: (s.Offset + s.Size) * 8, label: "(padding)"})
		}
	}
	d.tile()

	var b strings.Builder
	fmt.Fprintf(&b, "%s on %s, %d bytes\n", l.Type, l.Arch.Name, l.Size)
	d.margin = max(5, len(strconv.FormatInt((l.Size-1)/rowBytes*rowBytes, 10))) + 1
	d.draw(&b)
	return b.String()
}

// rowBytes is how many bytes a diagram row shows, rowBits how many bits.
const (
	rowBytes = 4
	rowBits  = rowBytes * 8
)

// maxCellRows is how many whole rows a cell may cover before the diagram
// collapses its middle rows into one "~" line.
const maxCellRows = 3

// maxLabelLines is how many lines a label may take down a cell narrower
// than a byte.
const maxLabelLines = 3

// A cell is a labeled bit range of a diagram. Bits are numbered from the
// most significant bit of byte 0: bit 8*i+j is the bit of byte i that
// j right shifts of 0x80 select.
type cell struct {
	off, end int64
	label    string
	// labelRow is the first bit of the row that shows the label, or -1
	// when the label is on a "~" line.
	labelRow int64
	// collapsed is set for a cell whose whole rows are drawn as the first,
	// a "~" line and the last.
	collapsed bool
}

type diagram struct {
	size   int64  // in bits
	cells  []cell // sorted, disjoint, covering [0, size)
	margin int    // width of the offset column, up to the first "|" or "+"
	notes  []string
}

// tile sorts the cells, drops any that overlap an earlier one, fills gaps
// with blank cells, and places the labels.
func (d *diagram) tile() {
	slices.SortStableFunc(d.cells, func(a, b cell) int { return cmp.Compare(a.off, b.off) })
	var tiled []cell
	var at int64
	for _, c := range d.cells {
		if c.off < at || c.off >= d.size {
			continue
		}
		if c.off > at {
			tiled = append(tiled, cell{off: at, end: c.off})
		}
		c.end = min(c.end, d.size)
		tiled = append(tiled, c)
		at = c.end
	}
	if at < d.size {
		tiled = append(tiled, cell{off: at, end: d.size})
	}
	for i := range tiled {
		c := &tiled[i]
		firstFull := alignUp(c.off, rowBits)
		full := (c.end/rowBits*rowBits - firstFull) / rowBits // whole rows
		switch {
		case full > maxCellRows:
			c.collapsed, c.labelRow = true, -1
		case full > 0:
			c.labelRow = firstFull + (full-1)/2*rowBits
		default:
			// At most two partial rows: the label goes where the cell
			// is wider.
			c.labelRow = c.off / rowBits * rowBits
			if next := c.labelRow + rowBits; c.end > next && c.end-next > next-c.off {
				c.labelRow = next
			}
		}
	}
	d.cells = tiled
}

// cellAt returns the index of the cell holding bit x, or -1.
func (d *diagram) cellAt(x int64) int {
	if x < 0 || x >= d.size {
		return -1
	}
	i, _ := slices.BinarySearchFunc(d.cells, x, func(c cell, x int64) int {
		switch {
		case c.end <= x:
			return -1
		case c.off > x:
			return 1
		}
		return 0
	})
	return i
}

func (d *diagram) draw(b *strings.Builder) {
	pad := strings.Repeat(" ", d.margin)
	b.WriteString(pad)
	for i := range rowBits {
		if i%10 == 0 {
			fmt.Fprintf(b, " %d", i/10)
		} else if i < rowBits-rowBits%10 {
			b.WriteString("  ")
		}
	}
	b.WriteString("\n" + pad)
	for i := range rowBits {
		fmt.Fprintf(b, " %d", i%10)
	}
	b.WriteString("\n")
	d.border(b, -1, 0)
	for start := int64(0); start < d.size; start += rowBits {
		d.row(b, start)
		if c := &d.cells[d.cellAt(start)]; c.collapsed && start == alignUp(c.off, rowBits) {
			// The first whole row of a long cell: a "~" line stands for
			// the rows up to its last whole row, which comes next.
			bytes := (c.end - c.off) / 8
			label := fmt.Sprintf("%s (%d bytes)", c.label, bytes)
			if len(label) > rowBits*2-1 {
				d.notes = append(d.notes, c.label)
				label = fmt.Sprintf("(%d) (%d bytes)", len(d.notes), bytes)
			}
			fmt.Fprintf(b, "%s~%s~\n", pad, center(label, rowBits*2-1))
			start = c.end/rowBits*rowBits - 2*rowBits
			continue
		}
		d.border(b, start, start+rowBits)
	}
	for i, n := range d.notes {
		fmt.Fprintf(b, "(%d) %s\n", i+1, n)
	}
}

// row draws the bits of the row at start: one line, or more when a label
// is written down a narrow cell.
func (d *diagram) row(b *strings.Builder, start int64) {
	stop := min(start+rowBits, d.size)
	type segment struct {
		width int
		lines []string
	}
	var segs []segment
	height := 1
	for x := start; x < stop; {
		c := &d.cells[d.cellAt(x)]
		end := min(c.end, stop)
		sg := segment{width: int(end-x)*2 - 1}
		if c.labelRow == start && c.label != "" {
			sg.lines = d.labelLines(c.label, sg.width)
			height = max(height, len(sg.lines))
		}
		segs = append(segs, sg)
		x = end
	}
	for line := range height {
		if line == 0 {
			fmt.Fprintf(b, "%*d |", d.margin-1, start/8)
		} else {
			fmt.Fprintf(b, "%*s |", d.margin-1, "")
		}
		for _, sg := range segs {
			// A short label sits on the middle line of a tall row, a tall
			// one from its top.
			text := ""
			if i := line - (height-len(sg.lines))/2; i >= 0 && i < len(sg.lines) {
				text = sg.lines[i]
			}
			b.WriteString(center(text, sg.width) + "|")
		}
		b.WriteString("\n")
	}
}

// labelLines returns the lines that show label in a cell width characters
// wide: the label itself if it fits, else the label written down the cell
// if the cell is narrower than a byte and that takes at most
// [maxLabelLines] lines, else a note number.
func (d *diagram) labelLines(label string, width int) []string {
	if len(label) <= width {
		return []string{label}
	}
	if width < 15 {
		if lines := wrap(label, width); len(lines) <= maxLabelLines {
			return lines
		}
	}
	d.notes = append(d.notes, label)
	note := fmt.Sprintf("(%d)", len(d.notes))
	if len(note) > width {
		// Written down the cell, as a label would be, however many
		// lines that takes: a note must not be cut.
		return wrap(note, width)
	}
	return []string{note}
}

// wrap breaks s into lines of at most width bytes, between the words of a
// mixed-case name ("DataOffset" into "Data" and "Offset") where it can,
// and anywhere in a word too long for a line.
func wrap(s string, width int) []string {
	var words []string
	w := 0
	for i := 1; i <= len(s); i++ {
		if i == len(s) || (isUpper(s[i]) && !isUpper(s[i-1])) || s[i] == '_' {
			words = append(words, s[w:i])
			w = i
		}
	}
	var lines []string
	line := ""
	for _, word := range words {
		if line != "" && len(line)+len(word) <= width {
			line += word
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		for len(word) > width {
			lines = append(lines, word[:width])
			word = word[width:]
		}
		line = word
	}
	return append(lines, line)
}

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

// border draws the line between the rows at above and below (-1 for none):
// a dash under each bit, except under bits whose cell goes on into the
// row below.
func (d *diagram) border(b *strings.Builder, above, below int64) {
	n := int(min(rowBits, d.size-max(above, 0)))
	cont := func(x int) bool {
		if above < 0 || x >= n {
			return false
		}
		i := d.cellAt(above + int64(x))
		return i >= 0 && i == d.cellAt(below+int64(x))
	}
	b.WriteString(strings.Repeat(" ", d.margin) + "+")
	for x := range n {
		if cont(x) {
			b.WriteString(" ")
		} else {
			b.WriteString("-")
		}
		if x+1 < n && cont(x) && cont(x+1) {
			b.WriteString(" ")
		} else {
			b.WriteString("+")
		}
	}
	b.WriteString("\n")
}

func center(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if len(s) > width {
		s = s[:width]
	}
	left := (width - len(s)) / 2
	return strings.Repeat(" ", left) + s + strings.Repeat(" ", width-len(s)-left)
}

// A wordView is a word leaf divided by its bits tag, as the table and the
// diagram show it.
type wordView struct {
	bits int
	// subs are the sub-fields, most significant first, then a run with
	// no name for undeclared low bits.
	subs []SubField
	// big reports that the word's most significant byte comes first in
	// memory.
	big bool
}

// word returns the view of f if it is a word with a valid bits tag. A tag
// with errors is drawn as no tag: its problems are listed.
func (l *Layout) word(f Leaf) (wordView, bool) {
	if len(f.Index) == 0 {
		return wordView{}, false
	}
	last := len(f.Index) - 1
	parent := l.Type.At(f.Index[:last]).Innermost()
	if parent == nil || parent.Kind != Struct || f.Index[last] >= len(parent.Fields) {
		return wordView{}, false
	}
	fd := parent.Fields[f.Index[last]]
	n := fd.Type.WordBits()
	if fd.Bits == "" || n == 0 || int64(n) != f.Size*8 {
		return wordView{}, false
	}
	subs, err := ParseBits(fd.Bits, n)
	if err != nil || len(subs) == 0 {
		return wordView{}, false
	}
	if low := subs[len(subs)-1].Shift; low > 0 {
		subs = append(subs, SubField{Shift: 0, Width: low})
	}
	return wordView{bits: n, subs: subs, big: l.bigEndianWord(f.Index, fd.Type)}, true
}

// bigEndianWord reports whether the word t at index is stored most
// significant byte first on l.Arch: an endian type by its byte order, a
// native number by the byte-order marker of the struct holding it, or by
// the arch's order when that struct has none or endian.Native.
func (l *Layout) bigEndianWord(index []int, t *Type) bool {
	if t.Kind == Array {
		return endianWordBig(t.Name, l.Arch)
	}
	parent := l.Type.At(index[:len(index)-1]).Innermost()
	for _, f := range parent.Fields {
		switch markerOf(f.Type) {
		case Big:
			return true
		case Little:
			return false
		}
	}
	return l.Arch.BigEndian
}

// endianWordBig reports whether the endian word type named name
// ("endian.U16BE", "endian.U32[endian.Little]") is big-endian on a.
func endianWordBig(name string, a Arch) bool {
	switch {
	case strings.HasSuffix(name, "BE"), strings.HasSuffix(name, "[endian.Big]"):
		return true
	case strings.HasSuffix(name, "LE"), strings.HasSuffix(name, "[endian.Little]"):
		return false
	}
	return a.BigEndian
}

// cells returns the diagram cells of w stored at bit off: each sub-field
// at the bits of memory that hold it (see [Layout.Diagram]).
func (w wordView) cells(off int64) []cell {
	var cs []cell
	for _, s := range w.subs {
		label := s.Name
		if !w.big && w.bits > 8 {
			// Byte k of memory holds value bits 8k..8k+7, its most
			// significant drawn first.
			lo, hi := s.Shift, s.Shift+s.Width
			for k := lo / 8; k*8 < hi; k++ {
				a, b := max(lo, k*8), min(hi, k*8+8)
				c := cell{off: off + int64(k*8+8-(b-k*8)), end: off + int64(k*8+8-(a-k*8)), label: label}
				if n := len(cs); n > 0 && cs[n-1].label == label && cs[n-1].end == c.off {
					cs[n-1].end = c.end
					continue
				}
				cs = append(cs, c)
			}
			continue
		}
		first := int64(w.bits - s.Shift - s.Width)
		cs = append(cs, cell{off: off + first, end: off + first + int64(s.Width), label: label})
	}
	return cs
}

// label is how the field table names s.
func (s SubField) label() string {
	if s.Name == "" {
		return "-"
	}
	return s.Name
}

// describe is the field table's type column for s in a word of n bits:
// its bits numbered from the word's most significant, its width and its
// shift, and what it is if not a named sub-field.
func (s SubField) describe(n int) string {
	first := n - s.Shift - s.Width
	d := fmt.Sprintf("bit %d", first)
	if s.Width > 1 {
		d = fmt.Sprintf("bits %d-%d", first, first+s.Width-1)
	}
	d += fmt.Sprintf(", width %d, shift %d", s.Width, s.Shift)
	switch s.Name {
	case "_":
		d += ", reserved"
	case "":
		d += ", undeclared"
	}
	return d
}

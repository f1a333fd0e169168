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
func (l *Layout) Diagram() string {
	if l.Size <= 0 {
		return fmt.Sprintf("%s: no bytes to draw (size %d)\n", l.Type, l.Size)
	}
	d := diagram{size: l.Size}
	for _, f := range l.Fields {
		if f.Size > 0 && f.Offset >= 0 {
			name := f.Path
			if name == "" {
				name = f.Type
			}
			d.cells = append(d.cells, cell{off: f.Offset, end: f.Offset + f.Size, label: name})
		}
	}
	for _, s := range l.Padding {
		if !s.inArray() && s.Offset >= 0 {
			d.cells = append(d.cells, cell{off: s.Offset, end: s.Offset + s.Size, label: "(padding)"})
		}
	}
	d.tile()

	var b strings.Builder
	fmt.Fprintf(&b, "%s on %s, %d bytes\n", l.Type, l.Arch.Name, l.Size)
	d.margin = max(5, len(strconv.FormatInt((l.Size-1)/rowBytes*rowBytes, 10))) + 1
	d.draw(&b)
	return b.String()
}

// rowBytes is how many bytes a diagram row shows.
const rowBytes = 4

// maxCellRows is how many whole rows a cell may cover before the diagram
// collapses its middle rows into one "~" line.
const maxCellRows = 3

// A cell is a labeled byte range of a diagram.
type cell struct {
	off, end int64
	label    string
	// labelRow is the offset of the row that shows the label, or -1 when
	// the label is on a "~" line.
	labelRow int64
	// collapsed is set for a cell whose whole rows are drawn as the first,
	// a "~" line and the last.
	collapsed bool
}

type diagram struct {
	size   int64
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
		firstFull := alignUp(c.off, rowBytes)
		full := (c.end/rowBytes*rowBytes - firstFull) / rowBytes // whole rows
		switch {
		case full > maxCellRows:
			c.collapsed, c.labelRow = true, -1
		case full > 0:
			c.labelRow = firstFull + (full-1)/2*rowBytes
		default:
			// At most two partial rows: the label goes where the cell
			// is wider.
			c.labelRow = c.off / rowBytes * rowBytes
			if next := c.labelRow + rowBytes; c.end > next && c.end-next > next-c.off {
				c.labelRow = next
			}
		}
	}
	d.cells = tiled
}

// cellAt returns the index of the cell holding byte x, or -1.
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
	for i := range rowBytes * 8 {
		if i%10 == 0 {
			fmt.Fprintf(b, " %d", i/10)
		} else if i < rowBytes*8-rowBytes*8%10 {
			b.WriteString("  ")
		}
	}
	b.WriteString("\n" + pad)
	for i := range rowBytes * 8 {
		fmt.Fprintf(b, " %d", i%10)
	}
	b.WriteString("\n")
	d.border(b, -1, 0)
	for start := int64(0); start < d.size; start += rowBytes {
		d.row(b, start)
		if c := &d.cells[d.cellAt(start)]; c.collapsed && start == alignUp(c.off, rowBytes) {
			// The first whole row of a long cell: a "~" line stands for
			// the rows up to its last whole row, which comes next.
			label := fmt.Sprintf("%s (%d bytes)", c.label, c.end-c.off)
			if len(label) > rowBytes*16-1 {
				d.notes = append(d.notes, c.label)
				label = fmt.Sprintf("(%d) (%d bytes)", len(d.notes), c.end-c.off)
			}
			fmt.Fprintf(b, "%s~%s~\n", pad, center(label, rowBytes*16-1))
			start = c.end/rowBytes*rowBytes - 2*rowBytes
			continue
		}
		d.border(b, start, start+rowBytes)
	}
	for i, n := range d.notes {
		fmt.Fprintf(b, "(%d) %s\n", i+1, n)
	}
}

// row draws the bytes of the row at start.
func (d *diagram) row(b *strings.Builder, start int64) {
	fmt.Fprintf(b, "%*d |", d.margin-1, start)
	stop := min(start+rowBytes, d.size)
	for x := start; x < stop; {
		c := &d.cells[d.cellAt(x)]
		end := min(c.end, stop)
		width := int(end-x)*16 - 1
		label := ""
		if c.labelRow == start {
			label = c.label
			if len(label) > width {
				d.notes = append(d.notes, label)
				label = fmt.Sprintf("(%d)", len(d.notes))
			}
		}
		b.WriteString(center(label, width) + "|")
		x = end
	}
	b.WriteString("\n")
}

// border draws the line between the rows at above and below (-1 for none):
// dashes, except under bytes whose cell goes on into the row below.
func (d *diagram) border(b *strings.Builder, above, below int64) {
	n := int(min(rowBytes, d.size-max(above, 0)))
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
			b.WriteString(strings.Repeat(" ", 15))
		} else {
			b.WriteString("-+-+-+-+-+-+-+-")
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

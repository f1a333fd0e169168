package layout

import (
	"fmt"
	"slices"
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
		all = append(all, row{f.Offset, [4]string{fmt.Sprint(f.Offset), fmt.Sprint(f.Size), path, f.Type}})
	}
	for _, s := range l.Padding {
		if s.Count > 1 {
			continue // inside array elements: listed with the problems
		}
		all = append(all, row{s.Offset, [4]string{fmt.Sprint(s.Offset), fmt.Sprint(s.Size), "-", "(" + s.Kind.String() + ")"}})
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

// Diagram draws l in the style of RFC 791: four bytes a row, a cell per
// field, padding shown as such. Fields longer than two rows are cut short.
func (l *Layout) Diagram() string {
	const rowBytes = 4
	if l.Size <= 0 {
		return fmt.Sprintf("%s: no bytes to draw (size %d)\n", l.Type, l.Size)
	}
	var cells []cell
	for _, f := range l.Fields {
		if f.Size > 0 {
			name := f.Path
			if name == "" {
				name = f.Type
			}
			cells = append(cells, cell{f.Offset, f.Offset + f.Size, name})
		}
	}
	for _, s := range l.Padding {
		if s.Count <= 1 {
			cells = append(cells, cell{s.Offset, s.Offset + s.Size, "(padding)"})
		}
	}
	slices.SortFunc(cells, func(a, b cell) int { return int(min(max(a.off-b.off, -1), 1)) })

	var b strings.Builder
	fmt.Fprintf(&b, "%s on %s, %d bytes\n", l.Type, l.Arch.Name, l.Size)
	b.WriteString("      ")
	for i := range rowBytes * 8 {
		if i%10 == 0 {
			fmt.Fprintf(&b, " %d", i/10)
		} else {
			b.WriteString("  ")
		}
	}
	b.WriteString("\n      ")
	for i := range rowBytes * 8 {
		fmt.Fprintf(&b, " %d", i%10)
	}
	border := "      " + strings.Repeat("+-", rowBytes*8) + "+\n"
	b.WriteString("\n" + border)

	rows := (l.Size + rowBytes - 1) / rowBytes
	skipping := false
	for r := range rows {
		start, stop := r*rowBytes, min((r+1)*rowBytes, l.Size)
		// Skip the middle rows of a cell that covers this row and the rows
		// on both sides of it entirely.
		if c := cellAt(cells, start); c != nil && c.off <= start-2*rowBytes && c.end >= stop+rowBytes && stop-start == rowBytes {
			if !skipping {
				fmt.Fprintf(&b, "      ~%s~\n", center(c.label+fmt.Sprintf(" (%d bytes)", c.end-c.off), rowBytes*16-1))
				skipping = true
			}
			continue
		}
		skipping = false
		fmt.Fprintf(&b, "%5d |", start)
		for x := start; x < stop; {
			c := cellAt(cells, x)
			end := stop
			label := ""
			if c != nil {
				end = min(c.end, stop)
				label = c.label
			} else if n := nextCell(cells, x); n != nil {
				end = min(n.off, stop)
			}
			width := int(end-x)*16 - 1
			fmt.Fprintf(&b, "%s|", center(label, width))
			x = end
		}
		b.WriteString("\n")
		b.WriteString("      +" + strings.Repeat("-+", int(stop-start)*8) + "\n")
	}
	return b.String()
}

// A cell is a labelled byte range of a diagram.
type cell struct {
	off, end int64
	label    string
}

// cellAt returns the cell holding byte x, or nil.
func cellAt(cells []cell, x int64) *cell {
	for i := range cells {
		if cells[i].off <= x && x < cells[i].end {
			return &cells[i]
		}
	}
	return nil
}

// nextCell returns the first cell after byte x, or nil.
func nextCell(cells []cell, x int64) *cell {
	for i := range cells {
		if cells[i].off > x {
			return &cells[i]
		}
	}
	return nil
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

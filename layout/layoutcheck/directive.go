package layoutcheck

import (
	"go/ast"
	"go/token"
	"slices"
	"strings"
)

const (
	directivePrefix = "//layoutcheck:"
	overlayName     = "overlay"
	ignoreName      = "ignore"
)

// An ignore is a //layoutcheck:ignore comment.
type ignore struct {
	pos        token.Pos
	categories []string // nil: every category
	reason     string
}

// covers reports whether the directive silences a finding of category cat.
func (ig *ignore) covers(cat string) bool {
	return ig.categories == nil || slices.Contains(ig.categories, cat)
}

// lineKey identifies a line of a file.
type lineKey struct {
	file *token.File
	line int
}

// directives holds the //layoutcheck: comments of a package.
type directives struct {
	fset *token.FileSet
	// byComment finds the ignore a comment holds.
	byComment map[*ast.Comment]*ignore
	// byLine holds, for each line, the ignores that apply to it: a
	// directive on the line itself, and one in a comment group that ends
	// on the line above and is not a trailing comment of code.
	byLine map[lineKey][]*ignore
}

// parseDirectives reads every //layoutcheck: comment of files, reporting
// malformed ones through bad.
func parseDirectives(fset *token.FileSet, files []*ast.File, src func(*token.File) []byte, bad func(pos, end token.Pos, msg string)) *directives {
	d := &directives{fset: fset, byComment: map[*ast.Comment]*ignore{}, byLine: map[lineKey][]*ignore{}}
	for _, f := range files {
		for _, g := range f.Comments {
			for _, c := range g.List {
				if msg, ok := nearMiss(c.Text); ok {
					bad(c.Pos(), c.End(), msg)
					continue
				}
				if !strings.HasPrefix(c.Text, directivePrefix) {
					continue
				}
				ig := parseComment(c, bad)
				if ig == nil {
					continue
				}
				d.byComment[c] = ig
				tf := fset.File(c.Pos())
				if tf == nil {
					continue
				}
				line := tf.Line(c.Pos())
				d.byLine[lineKey{tf, line}] = append(d.byLine[lineKey{tf, line}], ig)
				if end := tf.Line(g.End()); !trailing(tf, src(tf), g.Pos()) {
					d.byLine[lineKey{tf, end + 1}] = append(d.byLine[lineKey{tf, end + 1}], ig)
				}
			}
		}
	}
	return d
}

// trailing reports whether code precedes pos on its line.
func trailing(tf *token.File, content []byte, pos token.Pos) bool {
	off := tf.Offset(pos)
	if content == nil || off > len(content) {
		return false
	}
	start := tf.Offset(tf.LineStart(tf.Line(pos)))
	return strings.TrimSpace(string(content[start:off])) != ""
}

// parseComment parses one //layoutcheck: comment, returning the ignore it
// declares or nil.
func parseComment(c *ast.Comment, bad func(pos, end token.Pos, msg string)) *ignore {
	text := strings.TrimPrefix(c.Text, directivePrefix)
	name, rest, _ := strings.Cut(text, " ")
	if i := strings.IndexAny(name, "\t"); i >= 0 {
		name, rest = name[:i], name[i+1:]+" "+rest
	}
	rest = strings.TrimSpace(rest)
	name, cats, hasCats := strings.Cut(name, ":")
	switch {
	case (name == overlayName || name == abiName) && !hasCats:
		return nil
	case name != ignoreName:
		bad(c.Pos(), c.End(), "unknown directive "+directivePrefix+name+": want "+directivePrefix+overlayName+", "+directivePrefix+abiName+" or "+directivePrefix+ignoreName+" <reason>")
		return nil
	}
	ig := &ignore{pos: c.Pos(), reason: rest}
	if hasCats {
		ig.categories = []string{}
		for cat := range strings.SplitSeq(cats, ",") {
			cat = strings.TrimSpace(cat)
			if !categories[cat] {
				bad(c.Pos(), c.End(), "unknown category "+quote(cat)+" in "+directivePrefix+ignoreName+": want one of "+strings.Join(sortedCategories(), ", "))
				continue
			}
			ig.categories = append(ig.categories, cat)
		}
	}
	if rest == "" {
		// Still honored, so that the finding does not show twice.
		bad(c.Pos(), c.End(), directivePrefix+ignoreName+" needs a reason: "+directivePrefix+ignoreName+" <why the finding is acceptable>")
	}
	return ig
}

func quote(s string) string { return `"` + s + `"` }

func sortedCategories() []string {
	var cs []string
	for c := range categories {
		cs = append(cs, c)
	}
	slices.Sort(cs)
	return cs
}

// inGroups returns the ignores held by comment groups.
func (d *directives) inGroups(groups ...*ast.CommentGroup) []*ignore {
	var igs []*ignore
	for _, g := range groups {
		if g == nil {
			continue
		}
		for _, c := range g.List {
			if ig := d.byComment[c]; ig != nil {
				igs = append(igs, ig)
			}
		}
	}
	return igs
}

// atLine returns the ignores that apply to the line of pos.
func (d *directives) atLine(pos token.Pos) []*ignore {
	tf := d.fset.File(pos)
	if tf == nil {
		return nil
	}
	return d.byLine[lineKey{tf, tf.Line(pos)}]
}

// hasOverlayDirective reports whether a comment group holds
// //layoutcheck:overlay.
func hasOverlayDirective(groups ...*ast.CommentGroup) bool {
	for _, g := range groups {
		if g == nil {
			continue
		}
		for _, c := range g.List {
			if name, _, _ := strings.Cut(strings.TrimPrefix(c.Text, directivePrefix), " "); strings.HasPrefix(c.Text, directivePrefix) && strings.TrimSpace(name) == overlayName {
				return true
			}
		}
	}
	return false
}

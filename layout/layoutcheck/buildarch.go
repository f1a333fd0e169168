package layoutcheck

import (
	"go/ast"
	"go/build/constraint"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-overlay/overlay/layout"
)

// The tables below are those of the go command (internal/syslist and
// `go tool dist list`, Go 1.26); TestPorts compares ports with the
// installed toolchain's list.

// knownOS holds every GOOS a file name suffix can name, past ones
// included: a file named x_nacl.go is built for no arch.
var knownOS = setOf("aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js",
	"linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos")

// knownArch holds every GOARCH a file name suffix can name.
var knownArch = setOf("386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips",
	"mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le", "riscv",
	"riscv64", "s390", "s390x", "sparc", "sparc64", "wasm")

// unixOS holds the GOOSes the unix build tag matches.
var unixOS = setOf("aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "linux",
	"netbsd", "openbsd", "solaris")

// ports lists, for each GOARCH, the GOOSes the toolchain can build for it.
var ports = map[string][]string{
	"386":      {"android", "freebsd", "linux", "netbsd", "openbsd", "plan9", "windows"},
	"amd64":    {"android", "darwin", "dragonfly", "freebsd", "illumos", "ios", "linux", "netbsd", "openbsd", "plan9", "solaris", "windows"},
	"arm":      {"android", "freebsd", "linux", "netbsd", "openbsd", "plan9"},
	"arm64":    {"android", "darwin", "freebsd", "ios", "linux", "netbsd", "openbsd", "windows"},
	"loong64":  {"linux"},
	"mips":     {"linux"},
	"mips64":   {"linux"},
	"mips64le": {"linux"},
	"mipsle":   {"linux"},
	"ppc64":    {"aix", "linux", "openbsd"},
	"ppc64le":  {"linux"},
	"riscv64":  {"linux", "openbsd"},
	"s390x":    {"linux"},
	"wasm":     {"js", "wasip1"},
}

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// maxFreeTags bounds the tags whose every assignment is tried; a
// constraint with more is judged in three-valued logic, which may take an
// unsatisfiable one as satisfiable, never the reverse.
const maxFreeTags = 10

// fileArches returns the arches of [layout.Arches] that file f, named
// filename, can be built for: those its name suffix (x_386.go,
// x_linux_arm64_test.go) and its //go:build line (or, without one, its
// legacy "+build" lines) allow for some GOOS. A tag that no GOOS or GOARCH
// decides (cgo, purego, go1.22, gc, a custom tag) may be on or off: the
// file is built for an arch if some choice of such tags, and some GOOS,
// satisfies the constraint.
func fileArches(fset *token.FileSet, filename string, f *ast.File) layout.ArchSet {
	return archesFor(filename, buildConstraint(fset, f))
}

// fileArches returns the arches the file holding pos can be built for.
func (c *checker) fileArches(pos token.Pos) layout.ArchSet {
	tf := c.pass.Fset.File(pos)
	f := c.files[tf]
	if f == nil {
		return layout.AllArches
	}
	if set, ok := c.archesOf[f]; ok {
		return set
	}
	set := fileArches(c.pass.Fset, tf.Name(), f)
	if c.archesOf == nil {
		c.archesOf = map[*ast.File]layout.ArchSet{}
	}
	c.archesOf[f] = set
	return set
}

// typeArches returns the arches on which t is the type this pass sees:
// those the files of every named type it holds by value are built for. A
// struct of a file built for every arch whose field has a type declared
// in x_386.go is, as written here, a struct of 386 alone; other arches
// have their own declaration of the field's type. The files of other
// packages are judged by their names only.
func (c *checker) typeArches(t types.Type) layout.ArchSet {
	set := layout.AllArches
	seen := map[*types.TypeName]bool{}
	var walk func(types.Type, int)
	walk = func(t types.Type, depth int) {
		if depth > 100 || set == 0 {
			return
		}
		switch t := types.Unalias(t).(type) {
		case *types.Named:
			obj := t.Origin().Obj()
			if seen[obj] {
				return
			}
			seen[obj] = true
			if obj.Pkg() == c.pass.Pkg {
				set &= c.fileArches(obj.Pos())
			} else if pos := c.pass.Fset.Position(obj.Pos()); pos.Filename != "" {
				set &= archesFor(pos.Filename, nil)
			}
			walk(t.Underlying(), depth+1)
		case *types.Array:
			walk(t.Elem(), depth+1)
		case *types.Struct:
			for i := range t.NumFields() {
				walk(t.Field(i).Type(), depth+1)
			}
		}
	}
	walk(t, 0)
	return set
}

// archesFor returns the arches a file named filename with build
// constraint expr (nil: none) can be built for.
func archesFor(filename string, expr constraint.Expr) layout.ArchSet {
	nameOS, nameArch := nameTags(filename)
	var free []string
	if expr != nil {
		free = freeTags(expr)
	}
	var set layout.ArchSet
	for _, a := range layout.Arches {
		if nameArch != "" && nameArch != a.Name {
			continue
		}
		for _, goos := range ports[a.Name] {
			if nameOS != "" && !matchOS(nameOS, goos) {
				continue
			}
			if expr == nil || satisfiable(expr, goos, a.Name, free) {
				set |= layout.ArchSetOf(a.Name)
				break
			}
		}
	}
	return set
}

// nameTags returns the GOOS and GOARCH a file name's suffix requires, as
// go/build reads it: the last one or two _-separated elements of the name
// before its first dot, after dropping a final _test.
func nameTags(filename string) (goos, goarch string) {
	name, _, _ := strings.Cut(filepath.Base(filename), ".")
	i := strings.Index(name, "_")
	if i < 0 {
		return "", ""
	}
	l := strings.Split(name[i:], "_")
	if n := len(l); n > 0 && l[n-1] == "test" {
		l = l[:n-1]
	}
	n := len(l)
	switch {
	case n >= 2 && knownOS[l[n-2]] && knownArch[l[n-1]]:
		return l[n-2], l[n-1]
	case n >= 1 && knownOS[l[n-1]]:
		return l[n-1], ""
	case n >= 1 && knownArch[l[n-1]]:
		return "", l[n-1]
	}
	return "", ""
}

// matchOS reports whether the GOOS tag tag holds when building for goos:
// android files are linux files, illumos ones solaris, ios ones darwin.
func matchOS(tag, goos string) bool {
	return tag == goos ||
		goos == "android" && tag == "linux" ||
		goos == "illumos" && tag == "solaris" ||
		goos == "ios" && tag == "darwin"
}

// targetTag returns the value of tag when building for goos/goarch, and
// whether the target decides it at all.
func targetTag(tag, goos, goarch string) (value, decided bool) {
	switch {
	case knownOS[tag]:
		return matchOS(tag, goos), true
	case knownArch[tag]:
		return tag == goarch, true
	case tag == "unix":
		return unixOS[goos], true
	}
	// Architecture feature tags (amd64.v3, arm.v7, ppc64.power9) are set
	// only for their own GOARCH.
	if arch, _, ok := strings.Cut(tag, "."); ok && knownArch[arch] && arch != goarch {
		return false, true
	}
	return false, false
}

// freeTags returns the tags of expr that no target decides on every
// target: those targetTag may leave open, sorted.
func freeTags(expr constraint.Expr) []string {
	seen := map[string]bool{}
	var walk func(constraint.Expr)
	walk = func(x constraint.Expr) {
		switch x := x.(type) {
		case *constraint.TagExpr:
			if !knownOS[x.Tag] && !knownArch[x.Tag] && x.Tag != "unix" {
				seen[x.Tag] = true
			}
		case *constraint.NotExpr:
			walk(x.X)
		case *constraint.AndExpr:
			walk(x.X)
			walk(x.Y)
		case *constraint.OrExpr:
			walk(x.X)
			walk(x.Y)
		}
	}
	walk(expr)
	tags := make([]string, 0, len(seen))
	for t := range seen {
		tags = append(tags, t)
	}
	slices.Sort(tags)
	return tags
}

// satisfiable reports whether some assignment of the free tags makes expr
// hold for goos/goarch.
func satisfiable(expr constraint.Expr, goos, goarch string, free []string) bool {
	if len(free) > maxFreeTags {
		return maybe(expr, goos, goarch) // too many to enumerate
	}
	for bits := range 1 << len(free) {
		ok := expr.Eval(func(tag string) bool {
			if v, decided := targetTag(tag, goos, goarch); decided {
				return v
			}
			i, _ := slices.BinarySearch(free, tag)
			return bits&(1<<i) != 0
		})
		if ok {
			return true
		}
	}
	return false
}

// buildConstraint returns the build constraint of f as the go command
// reads it from the file's header (the comments before the package
// clause): its //go:build line, or else the conjunction of the "+build"
// lines that a blank line separates from the rest of the file. It returns
// nil when the file has none, or when a line does not parse (the go
// command rejects such a file, so it never reaches the analyzer).
//
// It reads the comments as go/scanner gives them, which drops every
// carriage return inside a comment: a line such as "//go:build\ramd64",
// with a bare CR where the go command (reading raw bytes) sees a space, is
// then no constraint, and the file is judged for every arch. That errs
// toward more findings, never fewer.
func buildConstraint(fset *token.FileSet, f *ast.File) constraint.Expr {
	tf := fset.File(f.Package)
	if tf == nil {
		return nil
	}
	var lineComments []*ast.Comment
	headerEnd := f.Package // the first line that is not a // comment or blank
	for _, g := range f.Comments {
		if g.Pos() >= f.Package {
			break
		}
		for _, c := range g.List {
			if strings.HasPrefix(c.Text, "/*") {
				if c.Pos() < headerEnd {
					headerEnd = c.Pos()
				}
				continue
			}
			if constraint.IsGoBuild(c.Text) && !codeBefore(tf, f, c) {
				x, err := constraint.Parse(c.Text)
				if err != nil {
					return nil
				}
				return x
			}
			if c.Pos() < headerEnd {
				lineComments = append(lineComments, c)
			}
		}
	}

	// Legacy "+build" lines count only above the last blank line of the header.
	covered := map[int]bool{}
	for _, c := range lineComments {
		covered[tf.Line(c.Pos())] = true
	}
	lastBlank := 0
	for l := tf.Line(headerEnd) - 1; l >= 1; l-- {
		if !covered[l] {
			lastBlank = l
			break
		}
	}
	var expr constraint.Expr
	for _, c := range lineComments {
		if tf.Line(c.Pos()) >= lastBlank || !constraint.IsPlusBuild(c.Text) {
			continue
		}
		x, err := constraint.Parse(c.Text)
		if err != nil {
			continue // go/build ignores a malformed +build line
		}
		if expr == nil {
			expr = x
		} else {
			expr = &constraint.AndExpr{X: expr, Y: x}
		}
	}
	return expr
}

// maybe reports whether expr can hold for goos/goarch when every free tag
// is unknown, in three-valued logic: false only if no assignment of them
// satisfies expr.
func maybe(expr constraint.Expr, goos, goarch string) bool {
	canTrue, _ := bounds(expr, goos, goarch)
	return canTrue
}

// bounds returns whether expr can be true and whether it can be false
// for goos/goarch, taking each free tag as either.
func bounds(expr constraint.Expr, goos, goarch string) (canTrue, canFalse bool) {
	switch x := expr.(type) {
	case *constraint.TagExpr:
		if v, decided := targetTag(x.Tag, goos, goarch); decided {
			return v, !v
		}
		return true, true
	case *constraint.NotExpr:
		t, f := bounds(x.X, goos, goarch)
		return f, t
	case *constraint.AndExpr:
		xt, xf := bounds(x.X, goos, goarch)
		yt, yf := bounds(x.Y, goos, goarch)
		return xt && yt, xf || yf
	case *constraint.OrExpr:
		xt, xf := bounds(x.X, goos, goarch)
		yt, yf := bounds(x.Y, goos, goarch)
		return xt || yt, xf && yf
	}
	return true, true
}

// codeBefore reports whether c starts after a /* */ comment on its line,
// so that it is not a line of its own.
func codeBefore(tf *token.File, f *ast.File, c *ast.Comment) bool {
	line := tf.Line(c.Pos())
	for _, g := range f.Comments {
		for _, o := range g.List {
			if o.Pos() >= c.Pos() {
				return false
			}
			if tf.Line(o.End()) == line {
				return true
			}
		}
	}
	return false
}

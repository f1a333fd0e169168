package layoutcheck

import (
	"go/ast"
	"go/token"
	"regexp"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// nearMissRE matches comments meant as a //layoutcheck: directive but not
// written as one: a space after //, other letter case, a space around or
// instead of the colon. Prose that mentions layoutcheck ("// layoutcheck
// reports ...") does not match: the word after it must be a directive
// name, after a colon unless the comment starts //layoutcheck.
var nearMissRE = regexp.MustCompile(`^//(?:\s*(?i:layoutcheck)\s*:\s*|(?i:layoutcheck)\s+)((?i:overlay|ignore|abi))\b`)

// nearMiss returns the message for a comment that looks like a directive
// but is none, and whether it is one.
func nearMiss(text string) (string, bool) {
	m := nearMissRE.FindStringSubmatch(text)
	if m == nil {
		return "", false
	}
	want := directivePrefix + strings.ToLower(m[1])
	if strings.HasPrefix(text, want) {
		return "", false // well formed
	}
	return "malformed directive " + quote(strings.TrimSpace(m[0])) + ": write " + want +
		", with no space after // and in lower case; as written it is an ordinary comment and does nothing", true
}

// checkOverlayPlacement reports every //layoutcheck:overlay that is not
// in the doc comment (or line comment) of a type declaration, where it
// does nothing.
func (c *checker) checkOverlayPlacement() {
	attached := map[*ast.CommentGroup]bool{}
	for _, d := range c.decls {
		attached[d.spec.Doc], attached[d.spec.Comment], attached[d.gen.Doc] = true, true, true
	}
	for _, f := range c.pass.Files {
		for _, g := range f.Comments {
			// Before the package clause, the directive marks the
			// file's structs (see fileMark).
			if attached[g] || beforePackage(f, g) {
				continue
			}
			for _, cm := range g.List {
				for _, dir := range []string{overlayName, abiName} {
					if !hasDirective(dir, &ast.CommentGroup{List: []*ast.Comment{cm}}) {
						continue
					}
					msg := directivePrefix + dir + " applies only in the doc comment of a type declaration, or before the package clause; here it does nothing"
					if name, ok := c.typeAfterBlank(f, g); ok {
						msg = directivePrefix + dir + " is separated from type " + name + " by a blank line, so it is not part of its doc comment and does nothing: remove the blank line"
					}
					c.diags = append(c.diags, c.directiveDiag(cm.Pos(), cm.End(), msg))
				}
			}
		}
	}
}

// typeAfterBlank returns the name of the type declared right after
// comment group g, with only blank lines between them.
func (c *checker) typeAfterBlank(f *ast.File, g *ast.CommentGroup) (string, bool) {
	tf := c.pass.Fset.File(g.Pos())
	if tf == nil {
		return "", false
	}
	for _, decl := range f.Decls {
		if decl.End() <= g.Pos() {
			continue
		}
		if decl.Pos() < g.End() {
			return "", false // g is inside decl
		}
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.TYPE || len(gen.Specs) == 0 {
			return "", false
		}
		start := gen.Pos()
		if gen.Doc != nil {
			start = gen.Doc.Pos()
		}
		// Only blank lines between: no other comment, no code.
		for _, o := range f.Comments {
			if o.Pos() > g.End() && o.End() < start {
				return "", false
			}
		}
		if tf.Line(start) <= tf.Line(g.End())+1 {
			return "", false
		}
		return gen.Specs[0].(*ast.TypeSpec).Name.Name, true
	}
	return "", false
}

// directiveDiag returns a finding about a //layoutcheck: comment.
func (c *checker) directiveDiag(pos, end token.Pos, msg string) analysis.Diagnostic {
	return analysis.Diagnostic{Pos: pos, End: end, Category: directiveCategory, Message: msg}
}

package endian

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every order-generic constructor, Get and Set, instantiated for both
// orders, so that the compiler reports whether the instantiations inline.
var _ = []any{
	NewU16[Big], U16[Big].Get, (*U16[Big]).Set, NewU16[Little], U16[Little].Get, (*U16[Little]).Set,
	NewU24[Big], U24[Big].Get, (*U24[Big]).Set, NewU24[Little], U24[Little].Get, (*U24[Little]).Set,
	NewU32[Big], U32[Big].Get, (*U32[Big]).Set, NewU32[Little], U32[Little].Get, (*U32[Little]).Set,
	NewU64[Big], U64[Big].Get, (*U64[Big]).Set, NewU64[Little], U64[Little].Get, (*U64[Little]).Set,
	NewI16[Big], I16[Big].Get, (*I16[Big]).Set, NewI16[Little], I16[Little].Get, (*I16[Little]).Set,
	NewI32[Big], I32[Big].Get, (*I32[Big]).Set, NewI32[Little], I32[Little].Get, (*I32[Little]).Set,
	NewI64[Big], I64[Big].Get, (*I64[Big]).Set, NewI64[Little], I64[Little].Get, (*I64[Little]).Set,
	NewF32[Big], F32[Big].Get, (*F32[Big]).Set, NewF32[Little], F32[Little].Get, (*F32[Little]).Set,
	NewF64[Big], F64[Big].Get, (*F64[Big]).Set, NewF64[Little], F64[Little].Get, (*F64[Little]).Set,
}

// TestInlining checks, in the manner of net/netip's test of the same name,
// that the compiler reports "can inline" for every constructor, Get and Set
// of the generated types, fixed-order and order-generic (for both orders):
// package doc promises that they cost what the encoding/binary calls cost.
// The list of functions comes from the generated files themselves, so a new
// type cannot escape the test.
func TestInlining(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	want := accessorNames(t, "types.go", "ordertypes.go", "bool.go")
	require.Len(t, want, 3*18+3*9*2+3)

	// go test -c compiles the package with this file, so the
	// instantiations above are compiled and reported.
	out, err := exec.Command(goCmd, "test", "-c", "-o", t.TempDir()+"/endian.test",
		"-gcflags=github.com/go-overlay/overlay/endian=-m", ".").CombinedOutput()
	require.NoError(t, err, "%s", out)

	shape := regexp.MustCompile(`go\.shape\.struct \{ [^ ]+endian\._ [^ ]+endian\.(big|little)Endian \}`)
	got := map[string]bool{}
	for _, line := range strings.Split(string(out), "\n") {
		_, fn, ok := strings.Cut(line, ": can inline ")
		if !ok {
			continue
		}
		fn = shape.ReplaceAllStringFunc(fn, func(s string) string {
			if strings.Contains(s, "bigEndian") {
				return "Big"
			}
			return "Little"
		})
		fn = strings.ReplaceAll(fn, "github.com/go-overlay/overlay/endian.", "")
		fn = strings.ReplaceAll(fn, "endian.", "")
		got[fn] = true
	}
	for _, fn := range want {
		assert.True(t, got[fn], "%s is not reported as inlinable", fn)
	}
}

// accessorNames returns the names, as the compiler's -m output spells
// them, of every New function and every Get and Set method declared in
// files; a generic one appears once per order.
func accessorNames(t *testing.T, files ...string) []string {
	var names []string
	fset := token.NewFileSet()
	for _, file := range files {
		f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			generic := fd.Type.TypeParams != nil
			name := fd.Name.Name
			switch {
			case fd.Recv == nil && strings.HasPrefix(name, "New"):
			case fd.Recv != nil && (name == "Get" || name == "Set"):
				recv := fd.Recv.List[0].Type
				star := false
				if s, ok := recv.(*ast.StarExpr); ok {
					recv, star = s.X, true
				}
				if ix, ok := recv.(*ast.IndexExpr); ok {
					recv, generic = ix.X, true
				}
				typ := recv.(*ast.Ident).Name
				if generic {
					typ += "[O]"
				}
				if star {
					typ = "(*" + typ + ")"
				}
				name = typ + "." + name
			default:
				continue
			}
			if !generic {
				names = append(names, name)
				continue
			}
			if fd.Recv == nil {
				name += "[O]"
			}
			for _, o := range []string{"Big", "Little"} {
				names = append(names, strings.Replace(name, "[O]", "["+o+"]", 1))
			}
		}
	}
	return names
}

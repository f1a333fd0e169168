package bitstest_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestInlining checks, in the style of net/netip's inlining_test.go, that
// the compiler reports every generated accessor of a struct of fixed types
// as inlinable, so that a Get or Set costs the shifts and masks written
// out at the call. The one exception: the setters of U24BE and U24LE
// words that check the value's range cost 85 against the budget of 80,
// because the 24-bit Set checks its own range too; they remain one call.
// The order-generic types' methods are compiled per instantiation, not in
// this package, and are not checked here: their getters inline (cost 55
// for G16[endian.Big]), their setters' shaped bodies do not (cost 113:
// the order is tested in both Get and Set, see package endian).
func TestInlining(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the package with -gcflags=-m")
	}
	out, err := exec.Command("go", "build", "-gcflags=-m", ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	inlined := map[string]bool{}
	for _, line := range strings.Split(string(out), "\n") {
		if _, fn, ok := strings.Cut(line, ": can inline "); ok {
			inlined[fn] = true
		}
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "bits_gen.go", nil, parser.SkipObjectResolution)
	require.NoError(t, err)
	n := 0
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil {
			continue
		}
		star, ok := fd.Recv.List[0].Type.(*ast.StarExpr)
		require.True(t, ok, "%s: receiver not a pointer", fd.Name)
		id, ok := star.X.(*ast.Ident)
		if !ok {
			continue // a generic type's method
		}
		name := "(*" + id.Name + ")." + fd.Name.Name
		_, checks := fd.Body.List[0].(*ast.IfStmt) // a range check
		want := !strings.HasPrefix(id.Name, "U24") || !checks
		assert.Equal(t, want, inlined[name], "%s inlined", name)
		n++
	}
	assert.Greater(t, n, 3000, "methods checked")
	for _, m := range []string{"Version", "SetVersion", "IHL", "SetIHL", "DF", "SetDF", "FragOffset", "SetFragOffset"} {
		assert.True(t, inlined["(*IPv4)."+m], "(*IPv4).%s", m)
	}
}

// TestSameCode compares the machine code of the generated accessors with
// that of the hand-written ones of HandIPv4 (hand.go), instruction by
// instruction, on the arch the test builds for: the getters, and the
// setters that return the same error.
func TestSameCode(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the package with -gcflags=-S")
	}
	out, err := exec.Command("go", "build", "-gcflags=github.com/go-overlay/overlay/internal/bitstest=-S", ".").CombinedOutput()
	require.NoError(t, err, "%.2000s", out)
	asm := functions(string(out))
	for _, m := range []string{"Version", "IHL", "DF", "MF", "FragOffset", "SetIHL", "SetFragOffset"} {
		gen, hand := asm["(*IPv4)."+m], asm["(*HandIPv4)."+m]
		require.NotEmpty(t, gen, "(*IPv4).%s not in the listing", m)
		assert.Equal(t, hand, gen, "(*IPv4).%s and (*HandIPv4).%s compile differently", m, m)
	}
}

// functions splits a -S listing into the instructions of each function of
// the package, without positions and pseudo-instructions, by
// "(*Type).Method".
func functions(listing string) map[string][]string {
	const prefix = "github.com/go-overlay/overlay/internal/bitstest."
	fns := map[string][]string{}
	var cur string
	for _, line := range strings.Split(listing, "\n") {
		if name, _, ok := strings.Cut(line, " STEXT"); ok && !strings.HasPrefix(line, "\t") {
			cur = strings.TrimPrefix(name, prefix)
			continue
		}
		if cur == "" || !strings.HasPrefix(line, "\t") {
			cur = ""
			continue
		}
		// "\t0x0008 00008 (file:line)\tANDL\t$8191, AX"
		fields := strings.SplitN(line, "\t", 4)
		if len(fields) < 3 {
			continue
		}
		switch op := fields[2]; op {
		case "TEXT", "FUNCDATA", "PCDATA":
		default:
			ins := op
			if len(fields) == 4 {
				ins += " " + fields[3]
			}
			fns[cur] = append(fns[cur], ins)
		}
	}
	return fns
}

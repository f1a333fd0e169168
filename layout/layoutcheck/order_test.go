package layoutcheck

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/packages"
)

// TestCodecFuncs checks codecFuncs against package cast itself: the
// codec's generics are exactly the exported functions of cast with a
// binary.ByteOrder parameter, so a new one cannot be missed (and get the
// implicit-order warning, or the byte-order error, its order argument
// makes wrong).
func TestCodecFuncs(t *testing.T) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedTypes | packages.NeedName}, CastPath)
	require.NoError(t, err)
	require.Len(t, pkgs, 1)
	require.Empty(t, pkgs[0].Errors)
	scope := pkgs[0].Types.Scope()
	var withOrder []string
	for _, name := range scope.Names() {
		fn, ok := scope.Lookup(name).(*types.Func)
		if !ok || !fn.Exported() {
			continue
		}
		params := fn.Signature().Params()
		for i := range params.Len() {
			if n, ok := types.Unalias(params.At(i).Type()).(*types.Named); ok &&
				n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "encoding/binary" && n.Obj().Name() == "ByteOrder" {
				withOrder = append(withOrder, name)
				// orderArg finds the argument by this name.
				assert.Equal(t, "order", params.At(i).Name(), "the binary.ByteOrder parameter of cast.%s", name)
				break
			}
		}
	}
	require.NotEmpty(t, withOrder, "package cast has no function with a binary.ByteOrder parameter")
	assert.Equal(t, withOrder, slices.Sorted(maps.Keys(codecFuncs)))
	for _, name := range withOrder {
		assert.Equal(t, useCodec, useOf(name), name)
	}
	assert.Equal(t, useCast, useOf("To"))
	assert.Equal(t, useUnsafe, useOf(""))
}

// TestEndianStub checks the stub of package endian that the analysistest
// packages import against package endian itself: every exported type,
// with its size and number of type parameters (the stub leaves out the
// methods, which layout does not look at, and Validate's body).
func TestEndianStub(t *testing.T) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedTypes | packages.NeedName}, "github.com/go-overlay/overlay/endian")
	require.NoError(t, err)
	require.Len(t, pkgs, 1)
	require.Empty(t, pkgs[0].Errors)
	want := pkgs[0].Types

	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filepath.Join("testdata", "src", "github.com", "go-overlay", "overlay", "endian", "endian.go"), nil, 0)
	require.NoError(t, err)
	stub, err := (&types.Config{}).Check(want.Path(), fset, []*ast.File{f}, nil)
	require.NoError(t, err)

	errorType := types.Universe.Lookup("error").Type().Underlying().(*types.Interface)
	sizes := types.SizesFor("gc", "amd64")
	typeParams := func(tn *types.TypeName) int {
		if n, ok := tn.Type().(*types.Named); ok {
			return n.TypeParams().Len()
		}
		return 0
	}
	checked := 0
	for _, name := range want.Scope().Names() {
		tn, ok := want.Scope().Lookup(name).(*types.TypeName)
		if !ok || !tn.Exported() || types.Implements(types.NewPointer(tn.Type()), errorType) {
			continue // RangeError: an error, not a field type
		}
		checked++
		st, ok := stub.Scope().Lookup(name).(*types.TypeName)
		if !assert.True(t, ok, "the stub lacks endian.%s", name) {
			continue
		}
		assert.Equal(t, typeParams(tn), typeParams(st), "type parameters of endian.%s", name)
		if _, isIface := tn.Type().Underlying().(*types.Interface); isIface {
			continue // the constraint Order
		}
		rt, stt := tn.Type(), st.Type()
		if typeParams(tn) == 1 {
			// A generic number, measured as its instance of Little.
			rt = instantiate(t, rt, want)
			stt = instantiate(t, stt, stub)
		}
		assert.Equal(t, sizes.Sizeof(rt), sizes.Sizeof(stt), "size of endian.%s", name)
		assert.Equal(t, sizes.Alignof(rt), sizes.Alignof(stt), "alignment of endian.%s", name)
	}
	assert.Greater(t, checked, 30, "exported types of package endian")
}

// instantiate returns generic[pkg.Little].
func instantiate(t *testing.T, generic types.Type, pkg *types.Package) types.Type {
	t.Helper()
	little := pkg.Scope().Lookup("Little")
	require.NotNil(t, little)
	inst, err := types.Instantiate(nil, generic, []types.Type{little.Type()}, true)
	require.NoError(t, err)
	return inst
}

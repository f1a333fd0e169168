package layoutcheck

import (
	"go/types"
	"maps"
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

package layoutcheck

import (
	"bytes"
	"encoding/gob"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// factSrc declares the same variables twice: in Generic with the type
// parameters T and U, in Concrete with uint8 and int16 written in their
// place, so that the type checker is the oracle for decoding templates.
const factSrc = `package p

import "unsafe"

type Named struct{ A uint32 }

type G[A, B any] struct {
	X A
	Y B
}

func Generic[T any, U comparable]() {
	var (
		a [3]T
		b *U
		c []T
		d map[U]T
		e chan T
		f struct {
			X T
			y U
			Named
		}
		g G[T, [2]U]
		h G[Named, uint16]
		i error
		j unsafe.Pointer
		k [2]struct{ A T }
		l G[G[U, T], T]
	)
	_, _, _, _, _, _, _, _, _, _, _, _ = a, b, c, d, e, f, g, h, i, j, k, l
}

func Concrete() {
	var (
		a [3]uint8
		b *int16
		c []uint8
		d map[int16]uint8
		e chan uint8
		f struct {
			X uint8
			y int16
			Named
		}
		g G[uint8, [2]int16]
		h G[Named, uint16]
		i error
		j unsafe.Pointer
		k [2]struct{ A uint8 }
		l G[G[int16, uint8], uint8]
	)
	_, _, _, _, _, _, _, _, _, _, _, _ = a, b, c, d, e, f, g, h, i, j, k, l
}
`

// TestTemplatesRoundTrip encodes the types of Generic, passes them through
// gob as a fact is, and decodes them with the type parameters themselves
// (which must give the same types back) and with uint8 and int16 (which
// must give the types of Concrete).
func TestTemplatesRoundTrip(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", factSrc, 0)
	require.NoError(t, err)
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, info)
	require.NoError(t, err)

	vars := map[string]map[string]types.Type{}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		vars[fd.Name.Name] = map[string]types.Type{}
		for id, obj := range info.Defs {
			if v, ok := obj.(*types.Var); ok && !v.IsField() && fd.Pos() <= id.Pos() && id.Pos() < fd.End() {
				vars[fd.Name.Name][id.Name] = v.Type()
			}
		}
	}
	require.Len(t, vars["Generic"], 12)
	require.Len(t, vars["Concrete"], 12)

	tparams := pkg.Scope().Lookup("Generic").(*types.Func).Signature().TypeParams()
	self := []types.Type{tparams.At(0), tparams.At(1)}
	concrete := []types.Type{types.Typ[types.Uint8], types.Typ[types.Int16]}
	dec := newTmplDecoder(pkg)
	for name, gt := range vars["Generic"] {
		tm, ok := encodeType(gt, 0)
		require.True(t, ok, name)

		var buf bytes.Buffer
		require.NoError(t, gob.NewEncoder(&buf).Encode(&castUses{Uses: []castUse{{Name: "To", Args: []tmpl{tm}}}}))
		var back castUses
		require.NoError(t, gob.NewDecoder(&buf).Decode(&back))
		require.Len(t, back.Uses, 1)

		got, ok := dec.decode(back.Uses[0].Args[0], self, 0)
		if assert.True(t, ok, name) {
			assert.True(t, types.Identical(gt, got), "%s: %s decoded as %s", name, gt, got)
		}
		got, ok = dec.decode(back.Uses[0].Args[0], concrete, 0)
		if assert.True(t, ok, name) {
			want := vars["Concrete"][name]
			assert.True(t, types.Identical(want, got), "%s: want %s, decoded %s", name, want, got)
		}
	}
}

// TestTemplatesFail checks that templates that do not fit fail instead of
// panicking: a type parameter index out of range, an unknown package or
// type, a hostile basic kind or array length.
func TestTemplatesFail(t *testing.T) {
	dec := newTmplDecoder(types.NewPackage("p", "p"))
	for name, tm := range map[string]tmpl{
		"param out of range": {K: tParam, N: 3},
		"negative param":     {K: tParam, N: -1},
		"unknown package":    {K: tNamed, Path: "nowhere", Name: "T"},
		"unknown type":       {K: tNamed, Path: "p", Name: "Missing"},
		"bad basic kind":     {K: tBasic, N: 1 << 40},
		"negative array":     {K: tArray, N: -1, Elems: []tmpl{{K: tBasic, N: int64(types.Uint8)}}},
		"array without elem": {K: tArray, N: 2},
		"map without elems":  {K: tMap},
		"unknown kind":       {K: 200},
	} {
		_, ok := dec.decode(tm, []types.Type{types.Typ[types.Uint8]}, 0)
		assert.False(t, ok, name)
	}
	deep := tmpl{K: tBasic, N: int64(types.Uint8)}
	for range maxTmplDepth + 5 {
		deep = tmpl{K: tPointer, Elems: []tmpl{deep}}
	}
	_, ok := dec.decode(deep, nil, 0)
	assert.False(t, ok, "too deep")
}

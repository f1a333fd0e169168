package layout_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"net/netip"
	"reflect"
	"structs"
	"sync"
	"sync/atomic"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/packages"

	"github.com/go-overlay/overlay/endian"
	"github.com/go-overlay/overlay/layout"
	"github.com/go-overlay/overlay/layout/typesfront"
)

// The fixtures of TestFromTypesAgreesWithReflect: each is laid out from its
// reflect.Type and from its go/types type (this file, type-checked from
// source), and the two layouts must be equal on every arch.
//
//layoutcheck:ignore fixtures with deliberate layout problems
type (
	ftFine struct {
		_ structs.HostLayout
		_ endian.Big
		A uint32
		B uint16
		C [2]uint8
	}
	ftInterior struct {
		A uint8
		B uint32
		C uint16
		D uint64
	}
	ftTrailing struct {
		A uint64
		B uint8
	}
	ftElem struct {
		A uint32
		B uint8
	}
	ftArrayElem struct {
		_   endian.Little
		Arr [3]ftElem
		N   [2][2]struct {
			X uint16
			Y uint8
		}
	}
	ftZeroTail struct {
		A uint32
		Z [0]uint64
	}
	ftMarkerTail struct {
		A uint32
		_ endian.Native
	}
	ftConflict struct {
		_ endian.Big
		A uint32
		I struct {
			_ endian.Little
			B uint16
		}
	}
	ftPointers struct {
		P  *ftFine
		U  unsafe.Pointer
		S  string
		Sl []byte
		M  map[string]int
		Ch chan<- int
		F  func(int) error
		I  any
		E  error
		Rc <-chan ftFine
	}
	ftScalars struct {
		B   bool
		I   int
		U   uint
		P   uintptr
		By  byte
		R   rune
		F   float32
		C64 complex64
		C   complex128
	}
	ftFlags   uint16
	ftEmbeds  struct{ ftElem }
	ftEmbeds2 struct {
		_       endian.Big
		ftFlags //nolint:unused // a fixture: read through reflect and go/types
		*ftFine
		ftInterior
	}
	ftAliasOf = ftTrailing
	ftAliases struct {
		A ftAliasOf
		B endian.U16BE
		C [4]endian.U32LE
	}
	ftPair[K, V any] struct {
		K K
		V V
	}
	ftPairInst = ftPair[uint8, uint64]
	// Type arguments from other packages: reflect names them by import
	// path, the front ends by package name.
	ftPairOther  = ftPair[endian.U16BE, [2]endian.U32LE]
	ftPairNested = ftPair[ftPair[endian.U16LE, uint8], *netip.Addr]
	ftList       struct {
		Next *ftList
		V    uint32
	}
	ftAtomic struct {
		A uint32
		N atomic.Int64
	}
	ftMutex   struct{ M sync.Mutex }
	ftEmpty   struct{}
	ftZeroArr [0]uint32
	ftNested  struct {
		_ endian.Big
		H struct {
			A uint8
			B struct {
				C uint16
				D uint64
			}
		}
		T ftTrailing
	}
	ftBlank struct {
		A uint8
		_ uint32
		_ uint16
	}
)

// ftFixtures lists the fixtures by name, with their reflect types.
var ftFixtures = []struct {
	name string
	rt   reflect.Type
}{
	{"ftFine", reflect.TypeFor[ftFine]()},
	{"ftInterior", reflect.TypeFor[ftInterior]()},
	{"ftTrailing", reflect.TypeFor[ftTrailing]()},
	{"ftArrayElem", reflect.TypeFor[ftArrayElem]()},
	{"ftZeroTail", reflect.TypeFor[ftZeroTail]()},
	{"ftMarkerTail", reflect.TypeFor[ftMarkerTail]()},
	{"ftConflict", reflect.TypeFor[ftConflict]()},
	{"ftPointers", reflect.TypeFor[ftPointers]()},
	{"ftScalars", reflect.TypeFor[ftScalars]()},
	{"ftFlags", reflect.TypeFor[ftFlags]()},
	{"ftEmbeds", reflect.TypeFor[ftEmbeds]()},
	{"ftEmbeds2", reflect.TypeFor[ftEmbeds2]()},
	{"ftAliasOf", reflect.TypeFor[ftAliasOf]()},
	{"ftAliases", reflect.TypeFor[ftAliases]()},
	{"ftPairInst", reflect.TypeFor[ftPairInst]()},
	{"ftPairOther", reflect.TypeFor[ftPairOther]()},
	{"ftPairNested", reflect.TypeFor[ftPairNested]()},
	{"ftList", reflect.TypeFor[ftList]()},
	{"ftAtomic", reflect.TypeFor[ftAtomic]()},
	{"ftMutex", reflect.TypeFor[ftMutex]()},
	{"ftEmpty", reflect.TypeFor[ftEmpty]()},
	{"ftZeroArr", reflect.TypeFor[ftZeroArr]()},
	{"ftNested", reflect.TypeFor[ftNested]()},
	{"ftBlank", reflect.TypeFor[ftBlank]()},
}

var (
	ftOnce  sync.Once
	ftScope *types.Scope
	ftErr   error
)

// ftTypes returns the scope of this test package, type-checked from source
// by go/packages, as the analyzer sees it.
func ftTypes(t *testing.T) *types.Scope {
	t.Helper()
	ftOnce.Do(func() {
		cfg := &packages.Config{
			Mode:  packages.NeedName | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo,
			Tests: true,
		}
		var pkgs []*packages.Package
		pkgs, ftErr = packages.Load(cfg, "github.com/go-overlay/overlay/layout")
		if ftErr != nil {
			return
		}
		for _, p := range pkgs {
			if p.Name == "layout_test" && p.Types != nil && p.Types.Scope().Lookup("ftFine") != nil {
				ftScope = p.Types.Scope()
			}
		}
	})
	require.NoError(t, ftErr)
	require.NotNil(t, ftScope, "package layout_test not loaded")
	return ftScope
}

func TestFromTypesAgreesWithReflect(t *testing.T) {
	scope := ftTypes(t)
	for _, fx := range ftFixtures {
		t.Run(fx.name, func(t *testing.T) {
			obj := scope.Lookup(fx.name)
			require.NotNil(t, obj, "fixture %s not found in the type-checked package", fx.name)
			gt, err := typesfront.Tree(obj.Type())
			require.NoError(t, err)
			rt, err := layout.FromReflect(fx.rt)
			require.NoError(t, err)
			assert.Equal(t, rt.String(), gt.String(), "names")
			for _, arch := range layout.Arches {
				want, got := layout.Compute(rt, arch), layout.Compute(gt, arch)
				// Compare everything but the trees themselves, which hold
				// pointers; their names are compared above.
				want.Type, got.Type = nil, nil
				if !assert.Equal(t, want, got, "arch %s", arch.Name) {
					return
				}
			}
		})
	}
}

func TestFromTypesAgreesWithSizes(t *testing.T) {
	scope := ftTypes(t)
	for _, fx := range ftFixtures {
		obj := scope.Lookup(fx.name)
		require.NotNil(t, obj)
		gt, err := typesfront.Tree(obj.Type())
		require.NoError(t, err)
		for _, arch := range layout.Arches {
			if fx.name == "ftBigArray" && arch.WordSize == 4 {
				continue // too large: the engine says -1, go/types something else
			}
			sizes := types.SizesFor("gc", arch.Name)
			l := layout.Compute(gt, arch)
			assert.Equal(t, sizes.Sizeof(obj.Type()), l.Size, "%s on %s: size", fx.name, arch.Name)
			assert.Equal(t, sizes.Alignof(obj.Type()), l.Align, "%s on %s: align", fx.name, arch.Name)
			if st, ok := obj.Type().Underlying().(*types.Struct); ok {
				var vars []*types.Var
				for i := range st.NumFields() {
					vars = append(vars, st.Field(i))
				}
				assert.Equal(t, sizes.Offsetsof(vars), layout.FieldOffsets(gt, arch), "%s on %s: offsets", fx.name, arch.Name)
			}
		}
	}
}

func TestFromTypesNames(t *testing.T) {
	scope := ftTypes(t)
	// One way to name a type: packages by name, in type arguments too.
	for name, want := range map[string]string{
		"ftPairOther":  "layout_test.ftPair[endian.U16BE,[2]endian.U32LE]",
		"ftPairNested": "layout_test.ftPair[layout_test.ftPair[endian.U16LE,uint8],*netip.Addr]",
	} {
		gt, err := typesfront.Tree(scope.Lookup(name).Type())
		require.NoError(t, err)
		assert.Equal(t, want, gt.Name, "typesfront")
		var rt reflect.Type
		for _, fx := range ftFixtures {
			if fx.name == name {
				rt = fx.rt
			}
		}
		require.NotNil(t, rt)
		tree, err := layout.FromReflect(rt)
		require.NoError(t, err)
		assert.Equal(t, want, tree.Name, "reflect (reflect.Type.String is %s)", rt)
		assert.Equal(t, want, layout.NameOf(rt), "NameOf")
	}
	gt, err := typesfront.Tree(scope.Lookup("ftAliases").Type())
	require.NoError(t, err)
	assert.Equal(t, "layout_test.ftAliases", gt.Name)
	require.Len(t, gt.Fields, 3)
	assert.Equal(t, "layout_test.ftTrailing", gt.Fields[0].Type.Name, "aliases resolve to the aliased type")
	assert.Equal(t, "endian.U16BE", gt.Fields[1].Type.Name)
	assert.Equal(t, layout.Array, gt.Fields[1].Type.Kind)
	assert.Equal(t, "[4]endian.U32LE", gt.Fields[2].Type.Name)

	gt, err = typesfront.Tree(scope.Lookup("ftFine").Type())
	require.NoError(t, err)
	assert.Equal(t, layout.HostLayout, gt.Fields[0].Type.Marker)
	assert.Equal(t, layout.Big, gt.Fields[1].Type.Marker)
	assert.Empty(t, gt.Fields[0].Type.Fields, "markers are not descended into")

	gt, err = typesfront.Tree(scope.Lookup("ftEmbeds2").Type())
	require.NoError(t, err)
	assert.Equal(t, []bool{false, true, true, true}, []bool{gt.Fields[0].Embedded, gt.Fields[1].Embedded, gt.Fields[2].Embedded, gt.Fields[3].Embedded})
	assert.Equal(t, "ftFine", gt.Fields[2].Name)
	assert.Equal(t, layout.Pointer, gt.Fields[2].Type.Kind)

	_, err = typesfront.Tree(nil)
	assert.Error(t, err)
}

// checkSource type-checks src, ignoring its errors, and returns its scope.
func checkSource(t *testing.T, src string) *types.Scope {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	require.NoError(t, err)
	conf := types.Config{Importer: importer.Default(), Error: func(error) {}}
	pkg, _ := conf.Check("p", fset, []*ast.File{f}, nil)
	return pkg.Scope()
}

func TestFromTypesBrokenAndGeneric(t *testing.T) {
	scope := checkSource(t, `package p

type Self struct{ X Self; Y uint32 }
type Arr [2]Arr
type Mutual struct{ O Other }
type Other struct{ M Mutual }
type Deep struct{ A struct{ B struct{ D Deep } } }
type Undefined struct{ X Nope; Y uint32 }
type Gen[T any] struct{ A T; B uint32 }
type BadLen [len(x)]uint8
type Tuple struct{ F func() (int, string) }
`)
	for _, name := range []string{"Self", "Arr", "Mutual", "Other", "Deep", "Undefined", "Gen", "BadLen"} {
		t.Run(name, func(t *testing.T) {
			obj := scope.Lookup(name)
			require.NotNil(t, obj)
			var tree *layout.Type
			require.NotPanics(t, func() {
				var err error
				tree, err = typesfront.Tree(obj.Type())
				require.NoError(t, err)
				for _, a := range layout.Arches {
					l := layout.Compute(tree, a)
					_ = l.String()
					_ = l.Diagram()
				}
			})
			l := layout.Compute(tree, layout.HostArch())
			kinds := map[layout.ProblemKind]bool{}
			for _, p := range l.Problems {
				kinds[p.Kind] = true
			}
			assert.True(t, kinds[layout.Unsupported], "%s: want an Unsupported problem, got %v", name, l.Problems)
		})
	}

	// A pointer to itself is fine: the tree stops at pointers.
	scope = checkSource(t, "package p\ntype List struct{ Next *List; V uint32 }\n")
	tree, err := typesfront.Tree(scope.Lookup("List").Type())
	require.NoError(t, err)
	l := layout.Compute(tree, layout.HostArch())
	require.NotEmpty(t, l.Problems)
	assert.Equal(t, layout.PointerField, l.Problems[0].Kind)
	assert.Equal(t, "*p.List", l.Problems[0].Type)

	// The instantiation of a generic type with concrete arguments is laid
	// out like any struct.
	scope = checkSource(t, "package p\ntype Gen[T any] struct{ A T; B uint8 }\ntype Inst = Gen[uint32]\n")
	tree, err = typesfront.Tree(scope.Lookup("Inst").Type())
	require.NoError(t, err)
	assert.Equal(t, "p.Gen[uint32]", tree.Name)
	l = layout.Compute(tree, layout.HostArch())
	assert.Equal(t, int64(8), l.Size)
}

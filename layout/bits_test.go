package layout_test

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"structs"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/endian"
	"github.com/go-overlay/overlay/layout"
	"github.com/go-overlay/overlay/layout/typesfront"
)

func TestParseBits(t *testing.T) {
	for _, tc := range []struct {
		tag  string
		word int
		want []layout.SubField
	}{
		// RFC 791: Version is the high nibble of the first byte.
		{"Version:4,IHL:4", 8, []layout.SubField{{"Version", 4, 4}, {"IHL", 0, 4}}},
		// RFC 791 flags and fragment offset: bit 0 (the MSB) reserved.
		{"_:1,DF:1,MF:1,FragOffset:13", 16, []layout.SubField{{"_", 15, 1}, {"DF", 14, 1}, {"MF", 13, 1}, {"FragOffset", 0, 13}}},
		// RFC 8200: version, traffic class, flow label.
		{"Version:4,TrafficClass:8,FlowLabel:20", 32, []layout.SubField{{"Version", 28, 4}, {"TrafficClass", 20, 8}, {"FlowLabel", 0, 20}}},
		// 802.1Q TCI.
		{"PCP:3,DEI:1,VID:12", 16, []layout.SubField{{"PCP", 13, 3}, {"DEI", 12, 1}, {"VID", 0, 12}}},
		// Undeclared low bits are no parse error.
		{"Version:4", 8, []layout.SubField{{"Version", 4, 4}}},
		{"All:64", 64, []layout.SubField{{"All", 0, 64}}},
		{"Hi:1,_:62,Lo:1", 64, []layout.SubField{{"Hi", 63, 1}, {"_", 1, 62}, {"Lo", 0, 1}}},
		{" A : 3 , b:5", 8, []layout.SubField{{"A", 5, 3}, {"b", 0, 5}}},
		{"_:4,_:4", 8, []layout.SubField{{"_", 4, 4}, {"_", 0, 4}}},
		{"a_1:8", 8, []layout.SubField{{"a_1", 0, 8}}},
		{"X:24", 24, []layout.SubField{{"X", 0, 24}}},
	} {
		got, err := layout.ParseBits(tc.tag, tc.word)
		require.NoError(t, err, "%q", tc.tag)
		assert.Equal(t, tc.want, got, "%q in %d bits", tc.tag, tc.word)
	}
}

func TestParseBitsErrors(t *testing.T) {
	for _, tc := range []struct {
		tag  string
		word int
		msg  string
	}{
		{"", 8, "empty"},
		{"   ", 8, "empty"},
		{"A:4,,B:4", 8, "entry 2 is empty"},
		{"A:4,B:4,", 8, "entry 3 is empty"},
		{"A", 8, `"A" has no width`},
		{":4", 8, `":4" has no name`},
		{"A:0", 8, "A has width 0"},
		{"A:x", 8, `the width of A, "x", is not a decimal`},
		{"A:-1", 8, `"-1", is not a decimal`},
		{"A:+4", 8, `"+4", is not a decimal`},
		{"A:0x4", 8, `"0x4", is not a decimal`},
		{"A:4.5", 8, `"4.5", is not a decimal`},
		{"A:", 8, `the width of A, "", is not`},
		{"1A:4", 8, `"1A" is not a Go identifier`},
		{"A-B:4", 8, `"A-B" is not a Go identifier`},
		{"type:4", 8, `"type" is not a Go identifier`},
		{"Ünï:4", 8, `"Ünï" is not a Go identifier`},
		{"A:4,A:4", 8, "A is used twice"},
		{"A:4,B:5", 8, "more than the 8-bit word at B:5 (4 bits declared before it)"},
		{"A:9", 8, "more than the 8-bit word at A:9 (0 bits declared"},
		{"A:65", 64, "more than the 64-bit word at A:65"},
		{"A:99999999999999999999", 64, "more than the 64-bit word"},
		{"A:1", 0, "a word of 0 bits cannot be divided"},
		{"A:1", 65, "a word of 65 bits cannot be divided"},
		// Positions and ranges where a width belongs.
		{"Version:0-3,IHL:4-7", 8, "Version:0-3 gives bit positions where its width belongs: positions are implied by the order, most significant bit first"},
		{"Version:0..3", 8, "Version:0..3 gives bit positions"},
		{"Version:3...0", 8, "Version:3...0 gives bit positions"},
		{"Version:[0:3]", 8, "Version:[0:3] gives bit positions"},
		{"Version:0:3", 8, "Version:0:3 gives bit positions"},
		{"Version:(7-4)", 8, "Version:(7-4) gives bit positions"},
		{"Version:0 to 3", 8, "Version:0 to 3 gives bit positions"},
		{"Version:0–3", 8, "Version:0–3 gives bit positions"},
	} {
		got, err := layout.ParseBits(tc.tag, tc.word)
		if assert.Error(t, err, "%q", tc.tag) {
			assert.Contains(t, err.Error(), tc.msg, "%q", tc.tag)
			assert.True(t, strings.HasPrefix(err.Error(), "bits tag: "), "%q: %v", tc.tag, err)
		}
		assert.Nil(t, got, "%q", tc.tag)
	}
}

func TestSubFieldMaskSetter(t *testing.T) {
	for _, tc := range []struct {
		s      layout.SubField
		mask   uint64
		setter string
	}{
		{layout.SubField{"Version", 4, 4}, 0xf0, "SetVersion"},
		{layout.SubField{"ihl", 0, 4}, 0x0f, "setIhl"},
		{layout.SubField{"All", 0, 64}, ^uint64(0), "SetAll"},
		{layout.SubField{"Top", 63, 1}, 1 << 63, "SetTop"},
		{layout.SubField{"flowLabel", 0, 20}, 0xfffff, "setFlowLabel"},
		{layout.SubField{"_x", 0, 8}, 0xff, "set_x"},
	} {
		assert.Equal(t, tc.mask, tc.s.Mask(), "%+v", tc.s)
		assert.Equal(t, tc.setter, tc.s.Setter(), "%+v", tc.s)
	}
}

// Engine fixtures: each holds one kind of bits mistake (or none). They are
// also type-checked from source by TestBitsFrontEndsAgree.
//
//layoutcheck:ignore fixtures with deliberate bits mistakes
type (
	bitsIPv4 struct {
		_             structs.HostLayout
		VersionIHL    uint8        `bits:"Version:4,IHL:4"`
		TOS           uint8        `bits:"DSCP:6,ECN:2"`
		TotalLen      endian.U16BE //
		ID            endian.U16BE
		FlagsFragment endian.U16BE `bits:"_:1,DF:1,MF:1,FragOffset:13"`
		TTL           uint8
		Protocol      uint8
		Checksum      endian.U16BE
		Src, Dst      [4]byte
	}
	bitsWords struct {
		_   structs.HostLayout
		_   endian.Little
		C   uint64                    `bits:"C1:1,C2:63"`
		B   uint32                    `bits:"B1:31,B2:1"`
		A   uint16                    `bits:"A1:8,A2:8"`
		L   myWord                    `bits:"L1:8"`
		D   endian.U24BE              `bits:"D1:20,D2:4"`
		E   endian.U32LE              `bits:"E1:16,E2:16"`
		F   endian.U64BE              `bits:"F1:64"`
		G   endian.U16[endian.Big]    `bits:"G1:16"`
		H   endian.U24[endian.Little] `bits:"H1:24"`
		I   endian.U32[endian.Big]    `bits:"I1:32"`
		J   endian.U64[endian.Little] `bits:"J1:64"`
		K   endian.U16LE              `bits:"K1:16"`
		Pad [7]byte
	}
	myWord         uint8
	bitsUndeclared struct {
		_ structs.HostLayout
		X [2]uint8
		W uint16 `bits:"Hi:4,Mid:4"`
	}
	bitsOverflow struct {
		_ structs.HostLayout
		X uint8
		W uint8 `bits:"A:4,B:5"`
	}
	bitsSyntax struct {
		_ structs.HostLayout
		W uint8 `bits:"A:4,B"`
	}
	bitsNumbering struct {
		_ structs.HostLayout
		W uint8 `bits:"Version:0-3,IHL:4-7"`
	}
	bitsNames struct {
		_     structs.HostLayout
		Flags uint8 `bits:"Flags:1,_:7"`
		W     uint8 `bits:"X:4,SetX:4"`
		V     uint8 `bits:"Y:4,Y:4"`
		U     uint8 `bits:"X:8"`
	}
	bitsNotWord struct {
		_ structs.HostLayout
		A int8              `bits:"X:8"`
		B [2]uint8          `bits:"X:8"`
		C float32           `bits:"X:8"`
		D endian.I16BE      `bits:"X:16"`
		E fakeU16BE         `bits:"X:16"`
		F struct{ V uint8 } `bits:"X:8"`
	}
	// fakeU16BE has endian.U16BE's name and shape, but not its package.
	fakeU16BE  [2]byte
	bitsNested struct {
		_     structs.HostLayout
		Hdrs  [3]bitsOverflow
		Inner bitsUndeclared
	}
	bitsEmptyArray struct {
		_ structs.HostLayout
		A [0]bitsOverflow
		B uint8
	}
)

var bitsFixtures = []struct {
	name string
	rt   reflect.Type
}{
	{"bitsIPv4", reflect.TypeFor[bitsIPv4]()},
	{"bitsWords", reflect.TypeFor[bitsWords]()},
	{"bitsUndeclared", reflect.TypeFor[bitsUndeclared]()},
	{"bitsOverflow", reflect.TypeFor[bitsOverflow]()},
	{"bitsSyntax", reflect.TypeFor[bitsSyntax]()},
	{"bitsNumbering", reflect.TypeFor[bitsNumbering]()},
	{"bitsNames", reflect.TypeFor[bitsNames]()},
	{"bitsNotWord", reflect.TypeFor[bitsNotWord]()},
	{"bitsNested", reflect.TypeFor[bitsNested]()},
	{"bitsEmptyArray", reflect.TypeFor[bitsEmptyArray]()},
}

// bitsProblem is what the tests compare of a problem.
type bitsProblem struct {
	Kind   layout.ProblemKind
	Path   string
	Offset int64
	Size   int64
	Count  int64
	Detail string
}

func bitsProblems(l *layout.Layout) []bitsProblem {
	var ps []bitsProblem
	for _, p := range l.Problems {
		if p.Kind.IsBits() {
			ps = append(ps, bitsProblem{p.Kind, p.Path, p.Offset, p.Size, p.Count, p.Detail})
		}
	}
	return ps
}

func TestBitsRules(t *testing.T) {
	for _, tc := range []struct {
		rt   reflect.Type
		want []bitsProblem
	}{
		{reflect.TypeFor[bitsIPv4](), nil},
		{reflect.TypeFor[bitsWords](), nil},
		{reflect.TypeFor[bitsUndeclared](), []bitsProblem{
			{layout.BitsUndeclared, "W", 2, 2, 1, `bits:"Hi:4,Mid:4": the widths add up to 8 bits, so the low 8 of the 16-bit word are undeclared`},
		}},
		{reflect.TypeFor[bitsOverflow](), []bitsProblem{
			{layout.BitsOverflow, "W", 1, 1, 1, `bits:"A:4,B:5": the widths add up to more than the 8-bit word at B:5 (4 bits declared before it)`},
		}},
		{reflect.TypeFor[bitsSyntax](), []bitsProblem{
			{layout.BitsSyntax, "W", 0, 1, 1, `bits:"A:4,B": entry "B" has no width: write it as name:width`},
		}},
		{reflect.TypeFor[bitsNumbering](), []bitsProblem{
			{layout.BitsNumbering, "W", 0, 1, 1, `bits:"Version:0-3,IHL:4-7": Version:0-3 gives bit positions where its width belongs: positions are implied by the order, most significant bit first; IHL:4-7 gives bit positions where its width belongs: positions are implied by the order, most significant bit first`},
		}},
		{reflect.TypeFor[bitsNames](), []bitsProblem{
			{layout.BitsName, "Flags", 0, 1, 1, `bits:"Flags:1,_:7": sub-field Flags has the name of field Flags`},
			{layout.BitsName, "W", 1, 1, 1, `bits:"X:4,SetX:4": sub-field SetX has the name of the setter SetX of sub-field X of W`},
			{layout.BitsName, "V", 2, 1, 1, `bits:"Y:4,Y:4": sub-field name Y is used twice`},
			{layout.BitsName, "U", 3, 1, 1, `bits:"X:8": sub-field X has the name of sub-field X of W; the setter SetX of sub-field X has the name of the setter SetX of sub-field X of W`},
		}},
		{reflect.TypeFor[bitsNotWord](), []bitsProblem{
			{layout.BitsNotWord, "A", 0, 1, 1, `bits:"X:8": its type, int8, is not an unsigned word`},
			{layout.BitsNotWord, "B", 1, 2, 1, `bits:"X:8": its type, [2]uint8, is not an unsigned word`},
			{layout.BitsNotWord, "C", 4, 4, 1, `bits:"X:8": its type, float32, is not an unsigned word`},
			{layout.BitsNotWord, "D", 8, 2, 1, `bits:"X:16": its type, endian.I16BE, is not an unsigned word`},
			{layout.BitsNotWord, "E", 10, 2, 1, `bits:"X:16": its type, layout_test.fakeU16BE, is not an unsigned word`},
			{layout.BitsNotWord, "F", 12, 1, 1, `bits:"X:8": its type, struct{...}, is not an unsigned word`},
		}},
		{reflect.TypeFor[bitsNested](), []bitsProblem{
			{layout.BitsOverflow, "Hdrs[0].W", 1, 1, 3, `bits:"A:4,B:5": the widths add up to more than the 8-bit word at B:5 (4 bits declared before it)`},
			{layout.BitsUndeclared, "Inner.W", 8, 2, 1, `bits:"Hi:4,Mid:4": the widths add up to 8 bits, so the low 8 of the 16-bit word are undeclared`},
		}},
		// No element, but the declaration is still wrong.
		{reflect.TypeFor[bitsEmptyArray](), []bitsProblem{
			{layout.BitsOverflow, "A[0].W", 1, 1, 1, `bits:"A:4,B:5": the widths add up to more than the 8-bit word at B:5 (4 bits declared before it)`},
		}},
	} {
		t.Run(tc.rt.Name(), func(t *testing.T) {
			l, err := layout.OfType(tc.rt)
			require.NoError(t, err)
			assert.Equal(t, tc.want, bitsProblems(l))
			var wantErr bool
			for _, p := range tc.want {
				wantErr = wantErr || !p.Kind.IsWarning()
			}
			assert.Equal(t, wantErr, l.Err() != nil, "Err: %v", l.Err())
			// Assess, which cast uses, finds the same problems.
			tree, err := layout.FromReflect(tc.rt)
			require.NoError(t, err)
			assert.Equal(t, tc.want, bitsProblems(layout.Assess(tree, layout.HostArch(), layout.AllArches)))
		})
	}
}

// TestBitsMessage checks a whole message, as cast and layoutcheck print it.
func TestBitsMessage(t *testing.T) {
	err := layout.Of[bitsOverflow]().Err()
	require.Error(t, err)
	assert.Equal(t, `layout_test.bitsOverflow cannot be overlaid: field W (uint8) at offset 1 has bits:"A:4,B:5": `+
		`the widths add up to more than the 8-bit word at B:5 (4 bits declared before it); make the widths add up to the word's bits, or use a wider word`,
		err.Error())
	ws := slices.DeleteFunc(layout.Of[bitsUndeclared]().Warnings(), func(p layout.Problem) bool { return !p.Kind.IsBits() })
	require.Len(t, ws, 1)
	assert.Equal(t, `field W (uint16) at offset 2 has bits:"Hi:4,Mid:4": the widths add up to 8 bits, so the low 8 of the 16-bit word are undeclared; `+
		`declare the rest, or reserve it with _:width (a sub-field named _ gets no accessors)`, ws[0].String())
	assert.NoError(t, layout.Of[bitsUndeclared]().Err(), "undeclared bits are a warning")
}

func TestBitsKinds(t *testing.T) {
	bits := []layout.ProblemKind{layout.BitsSyntax, layout.BitsNumbering, layout.BitsOverflow, layout.BitsName, layout.BitsNotWord, layout.BitsUndeclared}
	cats := map[string]bool{}
	for _, k := range layout.Kinds() {
		assert.False(t, cats[k.Category()], "category %s twice", k.Category())
		cats[k.Category()] = true
		assert.Equal(t, k.IsBits(), slices.Contains(bits, k), "%s", k)
	}
	for _, k := range bits {
		assert.True(t, strings.HasPrefix(k.Category(), "bits-"), "%s", k)
		assert.NotEmpty(t, k.Advice(), "%s", k)
		got, ok := layout.KindOfCategory(k.Category())
		assert.True(t, ok)
		assert.Equal(t, k, got)
		assert.Equal(t, k == layout.BitsUndeclared, k.IsWarning(), "%s", k)
	}
}

func TestEndianWordBits(t *testing.T) {
	for name, want := range map[string]int{
		"U16BE": 16, "U16LE": 16, "U24BE": 24, "U24LE": 24, "U32BE": 32, "U32LE": 32, "U64BE": 64, "U64LE": 64,
		"U16[github.com/go-overlay/overlay/endian.Big]": 16, "U24[x]": 24, "U32[x]": 32, "U64[x]": 64,
		"I16BE": 0, "I32LE": 0, "F32BE": 0, "F64[x]": 0, "Bool": 0, "Big": 0, "U8": 0, "U128BE": 0,
	} {
		assert.Equal(t, want, layout.EndianWordBits(layout.EndianPath, name), name)
		assert.Zero(t, layout.EndianWordBits("example.com/endian", name), "%s of another package", name)
	}
	// Both front ends set Type.Word; WordBits adds the plain words.
	tree, err := layout.FromReflect(reflect.TypeFor[bitsWords]())
	require.NoError(t, err)
	var got []int
	for _, f := range tree.Fields {
		got = append(got, f.Type.WordBits())
	}
	assert.Equal(t, []int{0, 0, 64, 32, 16, 8, 24, 32, 64, 16, 24, 32, 64, 16, 0}, got)
	gt, err := typesfront.Tree(ftTypes(t).Lookup("bitsWords").Type())
	require.NoError(t, err)
	got = got[:0]
	for _, f := range gt.Fields {
		got = append(got, f.Type.WordBits())
	}
	assert.Equal(t, []int{0, 0, 64, 32, 16, 8, 24, 32, 64, 16, 24, 32, 64, 16, 0}, got)
}

// TestBitsFrontEndsAgree checks that the go/types front end reads the same
// tags and words as the reflect one: same trees, same problems everywhere.
func TestBitsFrontEndsAgree(t *testing.T) {
	scope := ftTypes(t)
	for _, fx := range bitsFixtures {
		t.Run(fx.name, func(t *testing.T) {
			obj := scope.Lookup(fx.name)
			require.NotNil(t, obj)
			gt, err := typesfront.Tree(obj.Type())
			require.NoError(t, err)
			rt, err := layout.FromReflect(fx.rt)
			require.NoError(t, err)
			for i, f := range rt.Fields {
				assert.Equal(t, f.Bits, gt.Fields[i].Bits, "field %s", f.Name)
				assert.Equal(t, f.Type.Word, gt.Fields[i].Type.Word, "field %s", f.Name)
			}
			for _, arch := range layout.Arches {
				want, got := layout.Compute(rt, arch), layout.Compute(gt, arch)
				want.Type, got.Type = nil, nil
				if !assert.Equal(t, want, got, "arch %s", arch.Name) {
					return
				}
			}
		})
	}
}

// FuzzParseBits checks that ParseBits never panics, and that what it
// accepts is a run of sub-fields from the MSB down, each at least 1 bit,
// that the canonical tag (name:width, no spaces) parses back to.
func FuzzParseBits(f *testing.F) {
	for _, s := range []string{"Version:4,IHL:4", "_:1,DF:1,MF:1,FragOffset:13", "A:0-3", "A:4,,B", " x : 64 ", "A:99999999999999999999"} {
		f.Add(s, 8)
		f.Add(s, 16)
	}
	f.Fuzz(func(t *testing.T, tag string, word int) {
		subs, err := layout.ParseBits(tag, word)
		if err != nil {
			assert.Nil(t, subs)
			return
		}
		require.NotEmpty(t, subs)
		top := word
		var canon []string
		for _, s := range subs {
			assert.GreaterOrEqual(t, s.Width, 1, "%+v", s)
			assert.Equal(t, top-s.Width, s.Shift, "%+v in %q", s, tag)
			top = s.Shift
			canon = append(canon, s.Name+":"+strconv.Itoa(s.Width))
		}
		assert.GreaterOrEqual(t, top, 0)
		again, err := layout.ParseBits(strings.Join(canon, ","), word)
		require.NoError(t, err)
		assert.Equal(t, subs, again)
	})
}

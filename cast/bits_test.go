package cast_test

import (
	"structs"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
	"github.com/go-overlay/overlay/layout"
)

// Types whose bits tags the engine rejects: cast must refuse them at run
// time, as layoutcheck does at vet time.
type (
	bitsOK struct {
		_             structs.HostLayout
		VersionIHL    uint8        `bits:"Version:4,IHL:4"`
		TOS           uint8        `bits:"DSCP:6,ECN:2"`
		FlagsFragment endian.U16BE `bits:"_:1,DF:1,MF:1,FragOffset:13"`
	}
	bitsUndeclared struct {
		_ structs.HostLayout
		W uint8 `bits:"Version:4"`
	}
	bitsOverflow struct {
		_ structs.HostLayout
		A uint8
		W endian.U16BE `bits:"A1:8,A2:9"`
	}
	bitsNumbering struct {
		_ structs.HostLayout
		W uint8 `bits:"Version:0-3,IHL:4-7"`
	}
	bitsSyntax struct {
		_ structs.HostLayout
		W uint8 `bits:"Version:4,IHL:x"`
	}
	bitsName struct {
		_  structs.HostLayout
		W  uint8 `bits:"Hi:4,Lo:4"`
		Hi uint8
	}
	bitsSigned struct {
		_ structs.HostLayout
		W endian.I16BE `bits:"Hi:8,Lo:8"`
	}
	bitsNested struct {
		_    structs.HostLayout
		Hdrs [2]bitsOverflow
	}
)

func TestBitsRejected(t *testing.T) {
	for _, tc := range []struct {
		name  string
		check func() error
		to    func([]byte) error
		typ   string
		kind  layout.ProblemKind
		msg   string
	}{
		{"overflow", cast.Check[bitsOverflow], func(b []byte) error { _, err := cast.To[bitsOverflow](b); return err },
			"cast_test.bitsOverflow", layout.BitsOverflow,
			`field W (endian.U16BE) at offset 1 has bits:"A1:8,A2:9": the widths add up to more than the 16-bit word at A2:9 (8 bits declared before it)`},
		{"numbering", cast.Check[bitsNumbering], func(b []byte) error { _, err := cast.To[bitsNumbering](b); return err },
			"cast_test.bitsNumbering", layout.BitsNumbering,
			`Version:0-3 gives bit positions where its width belongs: positions are implied by the order, most significant bit first`},
		{"syntax", cast.Check[bitsSyntax], func(b []byte) error { _, err := cast.To[bitsSyntax](b); return err },
			"cast_test.bitsSyntax", layout.BitsSyntax, `the width of IHL, "x", is not a decimal number of bits`},
		{"name", cast.Check[bitsName], func(b []byte) error { _, err := cast.To[bitsName](b); return err },
			"cast_test.bitsName", layout.BitsName, `sub-field Hi has the name of field Hi`},
		{"signed", cast.Check[bitsSigned], func(b []byte) error { _, err := cast.To[bitsSigned](b); return err },
			"cast_test.bitsSigned", layout.BitsNotWord, `its type, endian.I16BE, is not an unsigned word`},
		{"nested", cast.Check[bitsNested], func(b []byte) error { _, err := cast.To[bitsNested](b); return err },
			"cast_test.bitsNested", layout.BitsOverflow,
			`field Hdrs[0].W (endian.U16BE) at offset 1 has bits:"A1:8,A2:9": the widths add up to more than the 16-bit word at A2:9 (8 bits declared before it), in each of 2 array elements`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ce := requireCastError(t, tc.check(), cast.ErrLayout, "cast.Check", tc.typ, tc.typ+" cannot be overlaid", tc.msg)
			require.Len(t, ce.Problems, 1, "%v", ce.Problems)
			assert.Equal(t, tc.kind, ce.Problems[0].Kind)
			for _, n := range []int{0, 1, 3, 4, 8} {
				requireCastError(t, tc.to(aligned(n)), cast.ErrLayout, "cast.To", tc.typ, tc.msg)
			}
		})
	}
	_, err := cast.NewOverlay[bitsOverflow]()
	requireCastError(t, err, cast.ErrLayout, "cast.NewOverlay", "cast_test.bitsOverflow", "A2:9")
	_, err = cast.Read[bitsNumbering]([]byte{0x45})
	requireCastError(t, err, cast.ErrLayout, "cast.Read", "cast_test.bitsNumbering", "Version:0-3")
	assert.Panics(t, func() { cast.Bytes(&bitsSyntax{}) })
}

// TestBitsAccepted checks that good bits tags, and undeclared bits (a
// warning), do not keep a type from being cast.
func TestBitsAccepted(t *testing.T) {
	require.NoError(t, cast.Check[bitsOK]())
	h, err := cast.To[bitsOK]([]byte{0x45, 0x00, 0x40, 0x00})
	require.NoError(t, err)
	assert.Equal(t, uint8(0x45), h.VersionIHL)
	assert.Equal(t, uint16(0x4000), h.FlagsFragment.Get())
	require.NoError(t, cast.Check[bitsUndeclared]())
	w, err := cast.To[bitsUndeclared]([]byte{0x40})
	require.NoError(t, err)
	assert.Equal(t, uint8(0x40), w.W)
	ws := layout.Of[bitsUndeclared]().Warnings()
	require.Len(t, ws, 1)
	assert.Equal(t, layout.BitsUndeclared, ws[0].Kind)
}

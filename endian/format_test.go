package endian_test

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"text/template"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/endian"
)

// A numKind is one endian number type: how to build one holding a Go
// number, and the Go numbers to try.
type numKind struct {
	name string
	make func(v any) any // v is a Go number of the type Get returns
	vals []any
}

func kind[E any, V comparable](name string, newE func(V) E, vals []V) numKind {
	k := numKind{name: name, make: func(v any) any { return newE(v.(V)) }}
	for _, v := range vals {
		k.vals = append(k.vals, v)
	}
	return k
}

// u24Edges are the 24-bit values to try, with those next to 1<<24.
var u24Edges = []uint32{0, 1, 0x7f, 0x80, 0xff, 0x7f454c, 0x010203, 1 << 23, 1<<24 - 2, 1<<24 - 1}

// numKinds lists every number type, fixed-order and order-generic in both
// orders.
var numKinds = []numKind{
	kind("U16BE", endian.NewU16BE, u16Edges), kind("U16LE", endian.NewU16LE, u16Edges),
	kind("U16[Big]", endian.NewU16[endian.Big], u16Edges), kind("U16[Little]", endian.NewU16[endian.Little], u16Edges),
	kind("U24BE", endian.NewU24BE, u24Edges), kind("U24LE", endian.NewU24LE, u24Edges),
	kind("U24[Big]", endian.NewU24[endian.Big], u24Edges), kind("U24[Little]", endian.NewU24[endian.Little], u24Edges),
	kind("U32BE", endian.NewU32BE, u32Edges), kind("U32LE", endian.NewU32LE, u32Edges),
	kind("U32[Big]", endian.NewU32[endian.Big], u32Edges), kind("U32[Little]", endian.NewU32[endian.Little], u32Edges),
	kind("U64BE", endian.NewU64BE, u64Edges), kind("U64LE", endian.NewU64LE, u64Edges),
	kind("U64[Big]", endian.NewU64[endian.Big], u64Edges), kind("U64[Little]", endian.NewU64[endian.Little], u64Edges),
	kind("I16BE", endian.NewI16BE, i16Edges), kind("I16LE", endian.NewI16LE, i16Edges),
	kind("I16[Big]", endian.NewI16[endian.Big], i16Edges), kind("I16[Little]", endian.NewI16[endian.Little], i16Edges),
	kind("I32BE", endian.NewI32BE, i32Edges), kind("I32LE", endian.NewI32LE, i32Edges),
	kind("I32[Big]", endian.NewI32[endian.Big], i32Edges), kind("I32[Little]", endian.NewI32[endian.Little], i32Edges),
	kind("I64BE", endian.NewI64BE, i64Edges), kind("I64LE", endian.NewI64LE, i64Edges),
	kind("I64[Big]", endian.NewI64[endian.Big], i64Edges), kind("I64[Little]", endian.NewI64[endian.Little], i64Edges),
	kind("F32BE", endian.NewF32BE, f32Edges), kind("F32LE", endian.NewF32LE, f32Edges),
	kind("F32[Big]", endian.NewF32[endian.Big], f32Edges), kind("F32[Little]", endian.NewF32[endian.Little], f32Edges),
	kind("F64BE", endian.NewF64BE, f64Edges), kind("F64LE", endian.NewF64LE, f64Edges),
	kind("F64[Big]", endian.NewF64[endian.Big], f64Edges), kind("F64[Little]", endian.NewF64[endian.Little], f64Edges),
}

// formats returns the format directives to try: every verb fmt knows for
// numbers (and %t, which it rejects for them), with combinations of flags,
// widths and precisions.
func formats() []string {
	verbs := "vdxXoObcqUeEfFgGst"
	flags := []string{"", "+", "-", "#", " ", "0", "+#", "-#", "0#", "+0", " 0", "-0", "# "}
	widths := []string{"", "1", "9", "25"}
	precs := []string{"", ".0", ".3", ".12"}
	if testing.Short() {
		flags, widths, precs = []string{"", "+", "#", "-0"}, []string{"", "9"}, []string{"", ".3"}
	}
	var fs []string
	for _, v := range verbs {
		for _, fl := range flags {
			for _, w := range widths {
				for _, p := range precs {
					fs = append(fs, "%"+fl+w+p+string(v))
				}
			}
		}
	}
	return fs
}

// TestFormatVerbs formats every number type with every directive of
// formats and compares the result with fmt's for the Go number it holds;
// %s is compared with fmt's for the String form, as for a fmt.Stringer.
func TestFormatVerbs(t *testing.T) {
	t.Parallel()
	fs := formats()
	for _, k := range numKinds {
		t.Run(k.name, func(t *testing.T) {
			t.Parallel()
			bad := 0
			for _, v := range k.vals {
				e := k.make(v)
				for _, f := range fs {
					want := fmt.Sprintf(f, v)
					if strings.HasSuffix(f, "s") {
						want = fmt.Sprintf(f, fmt.Sprint(v))
					}
					if got := fmt.Sprintf(f, e); got != want {
						bad++
						assert.Equal(t, want, got, "Sprintf(%q) of %s(%v)", f, k.name, v)
						require.Less(t, bad, 10, "too many failures")
					}
				}
				// Width and precision given as arguments, and an explicit
				// argument index.
				assert.Equal(t, fmt.Sprintf("%*.*x|%[3]d|%-[1]*[3]d|", 12, 4, v), fmt.Sprintf("%*.*x|%[3]d|%-[1]*[3]d|", 12, 4, e), "%s(%v)", k.name, v)
				// Through a pointer, as for an overlaid field.
				assert.Equal(t, fmt.Sprintf("%#x %v", v, v), fmt.Sprintf("%#x %v", e, e), "%s(%v)", k.name, v)
			}
		})
	}
}

// Literal expectations, independent of fmt's handling of the Go number: the
// cases of issue 14 that used to print the hex of the decimal text, the
// bytes, or bad-verb noise.
func TestFormatLiteral(t *testing.T) {
	t.Parallel()
	magic := endian.NewU32BE(0x7f454c46)
	assert.Equal(t, "magic 0x7f454c46", fmt.Sprintf("magic %#x", magic))
	assert.Equal(t, "magic 0x7f454c46", fmt.Sprintf("magic %#x", &magic))
	assert.Equal(t, "2135247942 7F454C46 0X7F454C46", fmt.Sprintf("%d %X %#X", magic, magic, magic))
	assert.Equal(t, "   3.14|3.142e+00", fmt.Sprintf("%7.2f|%.3e", endian.NewF64LE(math.Pi), endian.NewF64LE(math.Pi)))
	assert.Equal(t, "ffffff 0xfffffe", fmt.Sprintf("%x %#x", endian.NewU24LE(1<<24-1), endian.NewU24[endian.Big](1<<24-2)))
	assert.Equal(t, "-0x2 'A' U+0041", fmt.Sprintf("%#x %q %U", endian.NewI16BE(-2), endian.NewU16LE('A'), endian.NewU32[endian.Little]('A')))
	assert.Equal(t, "[   NaN] [+Inf]", fmt.Sprintf("[%6.2f] [%+v]", endian.NewF32BE(float32(math.NaN())), endian.NewF64[endian.Big](math.Inf(1))))
	assert.Equal(t, "|0042|  42|", fmt.Sprintf("|%04s|%4s|", endian.NewU16BE(42), endian.NewU16BE(42)))
}

// Structs of number fields format as structs of the Go numbers do.
func TestFormatStruct(t *testing.T) {
	t.Parallel()
	type goHdr struct {
		Magic uint32
		Len   uint32
		Off   int64
		Scale float32
		Order uint16
	}
	type hdr struct {
		Magic endian.U32BE
		Len   endian.U24LE
		Off   endian.I64[endian.Little]
		Scale endian.F32BE
		Order endian.U16[endian.Big]
	}
	g := goHdr{0x7f454c46, 0xabcdef, -4096, 0.25, 0xfeff}
	h := hdr{endian.NewU32BE(g.Magic), endian.NewU24LE(g.Len), endian.NewI64[endian.Little](g.Off), endian.NewF32BE(g.Scale), endian.NewU16[endian.Big](g.Order)}
	for _, f := range []string{"%v", "%+v", "%d", "%x", "%#x", "%08X", "%6v"} {
		assert.Equal(t, fmt.Sprintf(f, g), fmt.Sprintf(f, h), f)
		assert.Equal(t, fmt.Sprintf(f, &g), fmt.Sprintf(f, &h), f)
	}
	assert.Equal(t, fmt.Sprint([]goHdr{g, g}), fmt.Sprint([]hdr{h, h}))
}

// AppendText and MarshalText write String; UnmarshalText reads it back and
// rejects what strconv rejects for the Go type, leaving the number
// unchanged.
func TestText(t *testing.T) {
	t.Parallel()
	for _, k := range numKinds {
		for _, v := range k.vals {
			e := k.make(v)
			m := e.(interface {
				fmt.Stringer
				MarshalText() ([]byte, error)
				AppendText([]byte) ([]byte, error)
			})
			text, err := m.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, fmt.Sprint(v), string(text), "%s(%v)", k.name, v)
			app, err := m.AppendText([]byte("x="))
			require.NoError(t, err)
			assert.Equal(t, "x="+string(text), string(app))

			back := newZero(k)
			require.NoError(t, back.UnmarshalText(text), "%s(%v)", k.name, v)
			assert.Equal(t, m.String(), back.(fmt.Stringer).String(), "round trip of %s(%v)", k.name, v)
		}
	}
	var u endian.U16BE
	u.Set(7)
	for _, bad := range []string{"", "x", "65536", "-1", "1.5", "0x10", " 1", "1_000"} {
		err := u.UnmarshalText([]byte(bad))
		require.Error(t, err, "%q", bad)
		assert.Contains(t, err.Error(), "endian.U16BE: strconv.ParseUint: parsing")
		assert.Equal(t, uint16(7), u.Get(), "%q changed the value", bad)
	}
	var w endian.U24[endian.Little]
	err := w.UnmarshalText([]byte("16777216"))
	require.ErrorIs(t, err, strconv.ErrRange)
	require.NoError(t, w.UnmarshalText([]byte("16777215")))
	assert.Equal(t, uint32(1<<24-1), w.Get())
}

type unmarshaler interface {
	UnmarshalText([]byte) error
	UnmarshalJSON([]byte) error
}

// newZero returns a pointer to a zero number of kind k.
func newZero(k numKind) unmarshaler {
	return reflect.New(reflect.TypeOf(k.make(k.vals[0]))).Interface().(unmarshaler)
}

// json.Marshal writes every number type as it writes the Go number, and
// fails where it fails (NaN, infinities); json.Unmarshal reads every
// number type as it reads the Go number.
func TestJSON(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	for _, k := range numKinds {
		vals := k.vals
		if strings.HasPrefix(k.name, "F") { // random floats of every magnitude
			for range 2000 {
				if strings.HasPrefix(k.name, "F32") {
					vals = append(vals, math.Float32frombits(r.Uint32()))
				} else {
					vals = append(vals, math.Float64frombits(r.Uint64()))
				}
			}
		}
		for _, v := range vals {
			want, wantErr := json.Marshal(v)
			got, err := json.Marshal(k.make(v))
			if wantErr != nil {
				require.Error(t, err, "%s(%v)", k.name, v)
				continue
			}
			require.NoError(t, err, "%s(%v)", k.name, v)
			assert.Equal(t, string(want), string(got), "%s(%v)", k.name, v)
		}

		inputs := []string{
			"0", "1", "-1", "7", "255", "256", "65535", "65536", "-32768", "-32769",
			"16777215", "16777216", "4294967295", "4294967296", "-2147483649",
			"18446744073709551615", "18446744073709551616", "-9223372036854775808",
			"1.5", "-0.25", "1e3", "1E-7", "3.4e38", "3.5e38", "1e309", "-0",
			"null", `"5"`, "true", "[1]", "{}",
		}
		for _, in := range inputs {
			goPtr := reflect.New(reflect.TypeOf(k.vals[0]))
			wantErr := json.Unmarshal([]byte(in), goPtr.Interface())
			want := goPtr.Elem().Interface()
			if strings.HasPrefix(k.name, "U24") && wantErr == nil && want.(uint32) >= 1<<24 {
				wantErr = errors.New("does not fit in 24 bits")
				want = uint32(0)
			}
			p := newZero(k)
			err := json.Unmarshal([]byte(in), p)
			if wantErr != nil {
				require.Error(t, err, "%s from %s", k.name, in)
			} else {
				require.NoError(t, err, "%s from %s", k.name, in)
			}
			// On error, the number is left zero, as the Go number is.
			assert.Equal(t, fmt.Sprint(want), fmt.Sprint(p), "%s from %s", k.name, in)
		}
	}

	// A struct of number fields marshals as the struct of Go numbers does,
	// and reads back.
	type goRec struct {
		Magic uint32
		Len   uint32
		Scale float64
		Delta int16
	}
	type rec struct {
		Magic endian.U32BE
		Len   endian.U24[endian.Big]
		Scale endian.F64LE
		Delta endian.I16[endian.Little]
	}
	g := goRec{0x7f454c46, 1<<24 - 1, 0.1, -3}
	want, err := json.Marshal(g)
	require.NoError(t, err)
	got, err := json.Marshal(rec{endian.NewU32BE(g.Magic), endian.NewU24[endian.Big](g.Len), endian.NewF64LE(g.Scale), endian.NewI16[endian.Little](g.Delta)})
	require.NoError(t, err)
	assert.JSONEq(t, string(want), string(got))
	var back rec
	require.NoError(t, json.Unmarshal(got, &back))
	assert.Equal(t, goRec{back.Magic.Get(), back.Len.Get(), back.Scale.Get(), back.Delta.Get()}, g)
}

// flag and text/template use the text and fmt interfaces.
func TestFlagTemplate(t *testing.T) {
	t.Parallel()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var port endian.U16BE
	var ratio endian.F32[endian.Little]
	fs.TextVar(&port, "port", endian.NewU16BE(80), "port")
	fs.TextVar(&ratio, "ratio", endian.NewF32[endian.Little](0.5), "ratio")
	require.NoError(t, fs.Parse([]string{"-port=8080", "-ratio=1.25"}))
	assert.Equal(t, uint16(8080), port.Get())
	assert.Equal(t, "1.25", ratio.String())
	require.Error(t, fs.Parse([]string{"-port=65536"}))
	assert.Equal(t, uint16(8080), port.Get())

	tmpl := template.Must(template.New("").Parse(`{{.P}} {{printf "%#04x" .P}} {{.R}}`))
	var b strings.Builder
	require.NoError(t, tmpl.Execute(&b, map[string]any{"P": port, "R": &ratio}))
	assert.Equal(t, "8080 0x1f90 1.25", b.String())
}

package cast

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestInlining checks, in the style of net/netip's inlining_test.go, that
// the fast paths are inlined where users call them. The Overlay methods
// are generic, so a package that calls them (on a struct of alignment 8
// and on a byte array) is compiled with -m, and the report must say, at
// the line of each call, that the method's fast path (exact, prefix, ...)
// was inlined there.
//
// "can inline cast.Overlay[pkg.H].M" is not enough, and this test once
// checked only that: it is the cost of the wrapper for H, which calls the
// body shared by H's GC shape, and a call site inlines that shape body
// only if it is itself within the budget. Suffix's and ReadPrefix's
// wrappers were reported inlinable while their bodies (81 and 160) were
// not.
//
// Not promised: Suffix (81 against the budget of 80, since the fast paths
// also align to T's own alignment), ReadPrefix (it calls readInto
// directly), and Read on GOARCHes without unalignedLoads, where it keeps
// a memmove branch (the go command builds for GOARCH from the
// environment, so a cross-arch test run checks that arch's promise). The
// package functions (To, Read, ...) are never inlined: without an Overlay
// they look T up in fastKeys, and the lookup and the call to the slow
// path do not fit in the budget together.
func TestInlining(t *testing.T) {
	type call struct{ method, helper string }
	calls := []call{
		{"To(b)", "exact"},
		{"Prefix(b)", "prefix"},
		{"Slice(b)", "slice"},
		{"SlicePrefix(b, 1)", "slicePrefix"},
		{"Size()", "Overlay"}, // no helper: the method itself
	}
	if unalignedLoads {
		calls = append(calls, call{"Read(b)", "read"})
	}
	var src strings.Builder
	src.WriteString(`package snippet

import "github.com/go-overlay/overlay/cast"

type H struct {
	A, B uint32
	C    uint64
}

type B7 [7]byte

var h, p = cast.MustOverlay[H](), cast.MustOverlay[B7]()

func Use(b []byte) {
`)
	line := strings.Count(src.String(), "\n") + 1
	type site struct {
		call
		recv string
		line int
	}
	var sites []site
	for _, recv := range []string{"h", "p"} {
		for _, c := range calls {
			fmt.Fprintf(&src, "\t_ = fmt%d(%s.%s)\n", 0, recv, c.method)
			sites = append(sites, site{c, recv, line})
			line++
		}
	}
	src.WriteString("}\n\nfunc fmt0(...any) int { return 0 }\n")

	out, err := buildSnippet(t, src.String(), "-gcflags=-m")
	require.NoError(t, err, out)
	for _, s := range sites {
		re := regexp.MustCompile(fmt.Sprintf(`snippet\.go:%d:\d+: inlining call to cast\.%s\[`, s.line, regexp.QuoteMeta(s.helper)))
		assert.Regexp(t, re, out, "%s.%s: fast path not inlined at the call site", s.recv, s.method)
	}
}

// TestInliningAllFunc checks Records.AllFunc's promise: the iterator, and
// a length function named at the call, are inlined into the range loop,
// so that the loop keeps its cursor in registers as a hand-written one
// does. The compiler inlines the iterator's closure under the larger
// budget of a closure called once; this test catches a change that puts
// it over that budget, or that makes the length function a value the
// compiler can no longer see through.
func TestInliningAllFunc(t *testing.T) {
	const src = `package snippet

import "github.com/go-overlay/overlay/cast"

type Opt struct{ Kind uint8 }

var o = cast.MustOverlay[Opt]()

func optLen(k *Opt, after []byte) int {
	if k.Kind <= 1 || len(after) == 0 {
		return 1
	}
	return int(after[0])
}

func Use(b []byte) (s int) {
	recs := o.Records(b, 1, nil)
	for k, body := range recs.AllFunc(optLen) {
		s += int(k.Kind) + len(body)
	}
	return s
}
`
	before, _, found := strings.Cut(src, "range recs.AllFunc")
	require.True(t, found)
	line := strings.Count(before, "\n") + 1
	out, err := buildSnippet(t, src, "-gcflags=-m")
	require.NoError(t, err, out)
	for _, want := range []string{
		`inlining call to cast\.\(\*Records\[[^]]*\]\)\.AllFunc$`,
		`inlining call to Use\.\(\*Records\[.*\]\)\.AllFunc\.func1$`,
		`inlining call to optLen$`,
	} {
		re := regexp.MustCompile(fmt.Sprintf(`(?m)snippet\.go:%d:\d+: %s`, line, want))
		assert.Regexp(t, re, out, "AllFunc: not inlined into the range loop")
	}
}

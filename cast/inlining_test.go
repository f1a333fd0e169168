package cast

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestInlining checks, in the style of net/netip's inlining_test.go, that
// the compiler reports the fast paths as inlinable where users call them:
// the Overlay methods are generic, so a package that instantiates them
// (with a struct of alignment 8 and a byte array) is compiled with -m and
// its report read.
//
// Overlay.Prefix, Slice and SlicePrefix are not listed: they cost 87-100
// against the inliner's budget of 80 (issue 10 follow-up); they are still
// one call to a body with the fast path inlined. So is Read on GOARCHes
// without unalignedLoads (the go command builds for GOARCH from the
// environment, so a cross-arch test run checks that arch's promise).
func TestInlining(t *testing.T) {
	const snippet = `package snippet

import "github.com/go-overlay/overlay/cast"

type H struct {
	A, B uint32
	C    uint64
}

type B7 [7]byte

func Use(b []byte) {
	h := cast.MustOverlay[H]()
	h.To(b)
	h.Suffix(b)
	h.Read(b)
	h.ReadPrefix(b)
	_ = h.Size()
	p := cast.MustOverlay[B7]()
	p.To(b)
	p.Suffix(b)
	p.Read(b)
	p.ReadPrefix(b)
	_ = p.Size()
}
`
	out, err := buildSnippet(t, snippet, "-gcflags=-m")
	require.NoError(t, err, out)
	methods := []string{"To", "Suffix", "ReadPrefix", "Size"}
	if unalignedLoads { // elsewhere Read keeps its memmove branch: over budget
		methods = append(methods, "Read")
	}
	for _, typ := range []string{"H", "B7"} {
		for _, m := range methods {
			want := "can inline cast.Overlay[github.com/go-overlay/overlay/cast/zz_snippet_overlay_only." + typ + "]." + m + "\n"
			assert.Contains(t, out, want, "Overlay[%s].%s is not inlined", typ, m)
		}
	}
}

package layout_test

import (
	"math/rand/v2"
	"testing"

	"github.com/go-overlay/overlay/layout"
)

// BenchmarkCompute lays out random trees from the property test's
// generator, on every arch as Compute always does.
func BenchmarkCompute(b *testing.B) {
	g := &propGen{r: rand.New(rand.NewPCG(1, 2))}
	var trees []*layout.Type
	for range 200 {
		tree, err := layout.FromReflect(g.root().rt)
		if err != nil {
			b.Fatal(err)
		}
		trees = append(trees, tree)
	}
	host := layout.HostArch()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		layout.Compute(trees[i%len(trees)], host)
	}
}

func BenchmarkOfIPv4(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		layout.Of[ipv4Header]()
	}
}

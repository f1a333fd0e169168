package layoutcheck

import (
	"go/build"
	"go/types"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-overlay/overlay/layout"
)

func TestAnalyzedArch(t *testing.T) {
	for _, a := range layout.Arches {
		assert.Equal(t, a.Name, analyzedArch(types.SizesFor("gc", a.Name)).Name)
	}
	def := build.Default.GOARCH
	assert.Equal(t, def, analyzedArch(nil).Name)

	// Sizes not from types.SizesFor: an arch of the same word size and
	// alignment, the default one if it is such.
	got := analyzedArch(&types.StdSizes{WordSize: 4, MaxAlign: 4})
	assert.Equal(t, int64(4), got.WordSize)
	assert.Equal(t, int64(4), got.MaxAlign)
	got = analyzedArch(&types.StdSizes{WordSize: 8, MaxAlign: 8})
	assert.Equal(t, int64(8), got.WordSize)
	if a, _ := layout.ArchByName(def); a.WordSize == 8 {
		assert.Equal(t, def, got.Name)
	}
}

package layoutcheck

import (
	"go/build"
	"go/types"

	"github.com/go-overlay/overlay/layout"
)

// analyzedArch returns the arch the package is type-checked for, whose
// figures diagnostics give first: the GOARCH whose gc sizes sizes is
// (pass.TypesSizes, which every driver takes from types.SizesFor). For
// sizes of another origin it picks, among the arches with the same word
// size and alignment, build.Default.GOARCH if it is one of them, else the
// first; they lay out every type alike.
func analyzedArch(sizes types.Sizes) layout.Arch {
	def, ok := layout.ArchByName(build.Default.GOARCH)
	if !ok {
		def = layout.HostArch()
	}
	if sizes == nil {
		return def
	}
	for _, a := range layout.Arches {
		if s := types.SizesFor("gc", a.Name); s != nil && s == sizes {
			return a
		}
	}
	word := sizes.Sizeof(types.Typ[types.Uintptr])
	align := sizes.Alignof(types.Typ[types.Complex128])
	var first *layout.Arch
	for i, a := range layout.Arches {
		if a.WordSize != word || min(8, a.MaxAlign) != align {
			continue
		}
		if a.Name == def.Name {
			return a
		}
		if first == nil {
			first = &layout.Arches[i]
		}
	}
	if first != nil {
		return *first
	}
	return def
}

//go:build !(386 || arm || mips || mipsle)

package layout_test

import "reflect"

// ftBigArray is too large for the address space of 32-bit arches, where
// the compiler rejects it, so it is a fixture on 64-bit hosts only.
type ftBigArray [1 << 40]uint64

func init() {
	ftFixtures = append(ftFixtures, struct {
		name string
		rt   reflect.Type
	}{"ftBigArray", reflect.TypeFor[ftBigArray]()})
}

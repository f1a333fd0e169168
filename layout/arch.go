package layout

import (
	"math/bits"
	"runtime"
	"strings"

	"golang.org/x/sys/cpu"
)

// An Arch describes how the gc toolchain lays out memory on one GOARCH.
type Arch struct {
	Name      string // GOARCH value, such as "amd64"
	WordSize  int64  // size of int, uintptr and pointers
	MaxAlign  int64  // largest alignment of any type
	BigEndian bool
	// MaxSize is the largest type size the toolchain accepts: 1<<31-1 on
	// 386 and arm (an array's length is an int), one less on mips and
	// mipsle (gc reports a 1<<31-1 byte array as "larger than address
	// space" there); 1<<50-1 on 64-bit arches (cmd/compile's limit).
	MaxSize int64
	// MaxStructSize is the largest struct size the toolchain accepts,
	// for every struct in a type: every 32-bit gc compiler fails on a
	// struct of 1<<31-1 bytes (checked with go build for 386, arm, mips
	// and mipsle with Go 1.26), so it is 1<<31-2 there.
	MaxStructSize int64
}

const (
	maxSize32   = 1<<31 - 1
	maxSizeMIPS = 1<<31 - 2
	maxStruct32 = 1<<31 - 2
	maxSize64   = 1<<50 - 1
	maxStruct64 = maxSize64
)

// Arches lists every GOARCH that Go supports (go tool dist list), sorted by
// name. The tables match go/types.SizesFor("gc", arch).
var Arches = []Arch{
	{Name: "386", WordSize: 4, MaxAlign: 4, MaxSize: maxSize32, MaxStructSize: maxStruct32},
	{Name: "amd64", WordSize: 8, MaxAlign: 8, MaxSize: maxSize64, MaxStructSize: maxStruct64},
	{Name: "arm", WordSize: 4, MaxAlign: 4, MaxSize: maxSize32, MaxStructSize: maxStruct32},
	{Name: "arm64", WordSize: 8, MaxAlign: 8, MaxSize: maxSize64, MaxStructSize: maxStruct64},
	{Name: "loong64", WordSize: 8, MaxAlign: 8, MaxSize: maxSize64, MaxStructSize: maxStruct64},
	{Name: "mips", WordSize: 4, MaxAlign: 4, BigEndian: true, MaxSize: maxSizeMIPS, MaxStructSize: maxStruct32},
	{Name: "mips64", WordSize: 8, MaxAlign: 8, BigEndian: true, MaxSize: maxSize64, MaxStructSize: maxStruct64},
	{Name: "mips64le", WordSize: 8, MaxAlign: 8, MaxSize: maxSize64, MaxStructSize: maxStruct64},
	{Name: "mipsle", WordSize: 4, MaxAlign: 4, MaxSize: maxSizeMIPS, MaxStructSize: maxStruct32},
	{Name: "ppc64", WordSize: 8, MaxAlign: 8, BigEndian: true, MaxSize: maxSize64, MaxStructSize: maxStruct64},
	{Name: "ppc64le", WordSize: 8, MaxAlign: 8, MaxSize: maxSize64, MaxStructSize: maxStruct64},
	{Name: "riscv64", WordSize: 8, MaxAlign: 8, MaxSize: maxSize64, MaxStructSize: maxStruct64},
	{Name: "s390x", WordSize: 8, MaxAlign: 8, BigEndian: true, MaxSize: maxSize64, MaxStructSize: maxStruct64},
	{Name: "wasm", WordSize: 8, MaxAlign: 8, MaxSize: maxSize64, MaxStructSize: maxStruct64},
}

// ArchByName returns the Arch for a GOARCH value.
func ArchByName(name string) (Arch, bool) {
	for _, a := range Arches {
		if a.Name == name {
			return a, true
		}
	}
	return Arch{}, false
}

// HostArch returns the Arch this program runs on (runtime.GOARCH).
func HostArch() Arch {
	a, ok := ArchByName(runtime.GOARCH)
	if !ok {
		// A GOARCH newer than this table: assume the common 64-bit model.
		return Arch{Name: runtime.GOARCH, WordSize: 8, MaxAlign: 8, BigEndian: cpu.IsBigEndian, MaxSize: maxSize64, MaxStructSize: maxStruct64}
	}
	return a
}

// An ArchSet is a set of arches, one bit per index into [Arches].
type ArchSet uint32

// AllArches is the set of every arch in [Arches].
var AllArches = ArchSet(1)<<len(Arches) - 1

// ArchSetOf returns the set holding the named arches; unknown names are
// ignored.
func ArchSetOf(names ...string) ArchSet {
	var s ArchSet
	for _, n := range names {
		for i, a := range Arches {
			if a.Name == n {
				s |= 1 << i
			}
		}
	}
	return s
}

// Has reports whether the set holds the named arch.
func (s ArchSet) Has(name string) bool { return s&ArchSetOf(name) != 0 }

// Len returns the number of arches in the set.
func (s ArchSet) Len() int { return bits.OnesCount32(uint32(s)) }

// Names returns the GOARCH names in the set, sorted.
func (s ArchSet) Names() []string {
	var names []string
	for i, a := range Arches {
		if s&(1<<i) != 0 {
			names = append(names, a.Name)
		}
	}
	return names
}

// wordSizeSet returns the arches whose word size is w.
func wordSizeSet(w int64) ArchSet {
	var s ArchSet
	for i, a := range Arches {
		if a.WordSize == w {
			s |= 1 << i
		}
	}
	return s
}

// String describes the set for a message: "all arches", "64-bit arches",
// "32-bit arches (386, arm, mips, mipsle)" or a list of names.
func (s ArchSet) String() string {
	switch {
	case s == 0:
		return "no arch"
	case s == AllArches:
		return "all arches"
	case s == wordSizeSet(8):
		return "64-bit arches"
	case s == wordSizeSet(4):
		return "32-bit arches (" + strings.Join(s.Names(), ", ") + ")"
	}
	return strings.Join(s.Names(), ", ")
}

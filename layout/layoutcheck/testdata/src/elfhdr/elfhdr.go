// Package elfhdr declares host-order types the way debug/elf does, for
// the layoutcheck tests of types from another package. It is not checked
// itself.
package elfhdr

import "github.com/go-overlay/overlay/endian"

// Header64 is debug/elf's Header64: native numbers, no byte order.
type Header64 struct {
	Ident     [16]byte
	Type      uint16
	Machine   uint16
	Version   uint32
	Entry     uint64
	Phoff     uint64
	Shoff     uint64
	Flags     uint32
	Ehsize    uint16
	Phentsize uint16
	Phnum     uint16
	Shentsize uint16
	Shnum     uint16
	Shstrndx  uint16
}

// Sym64 is debug/elf's Sym64.
type Sym64 struct {
	Name  uint32
	Info  byte
	Other byte
	Shndx uint16
	Value uint64
	Size  uint64
}

// Note holds a Header64 and a padded word.
type Note struct {
	H    Header64
	Kind uint8
	Len  uint32
}

// Big declares its order: a cast fails on little-endian hosts.
type Big struct {
	_ endian.Big
	N uint32
}

// Native is in host order on purpose.
type Native struct {
	_ endian.Native
	N uint32
}

// Fixed holds only fixed-order types: nothing to declare.
type Fixed struct {
	A endian.U32BE
	B endian.U16LE
}

// Bytes holds single bytes.
type Bytes struct{ A, B [4]byte }

package elf

import (
	"structs"

	"github.com/go-overlay/overlay/endian"
)

// Rel32 is Elf32_Rel, a relocation entry without addend of a 32-bit file
// (8 bytes). Its Info holds the symbol index in its high 24 bits and the
// relocation type in its low 8 (ELF32_R_SYM, ELF32_R_TYPE).
//
//layoutcheck:overlay
type Rel32[O endian.Order] struct {
	_    structs.HostLayout
	Off  endian.U32[O]
	Info endian.U32[O] `bits:"Sym:24,Type:8"`
}

// Rela32 is Elf32_Rela, a relocation entry with addend of a 32-bit file
// (12 bytes).
//
//layoutcheck:overlay
//nolint:misspell // Rela is ELF's name
type Rela32[O endian.Order] struct {
	_      structs.HostLayout
	Off    endian.U32[O]
	Info   endian.U32[O] `bits:"Sym:24,Type:8"`
	Addend endian.I32[O]
}

// Rel64 is Elf64_Rel, a relocation entry without addend of a 64-bit file
// (16 bytes). Its Info holds the symbol index in its high 32 bits and the
// relocation type in its low 32 (ELF64_R_SYM, ELF64_R_TYPE).
//
//layoutcheck:overlay
type Rel64[O endian.Order] struct {
	_    structs.HostLayout
	Off  endian.U64[O]
	Info endian.U64[O] `bits:"Sym:32,Type:32"`
}

// Rela64 is Elf64_Rela, a relocation entry with addend of a 64-bit file
// (24 bytes).
//
//layoutcheck:overlay
//nolint:misspell // Rela is ELF's name
type Rela64[O endian.Order] struct {
	_      structs.HostLayout
	Off    endian.U64[O]
	Info   endian.U64[O] `bits:"Sym:32,Type:32"`
	Addend endian.I64[O]
}

package abifile

import "unsafe"

// Attr is one ABI struct marked on its own.
//
//layoutcheck:abi
type Attr struct { // want `abifile.Attr: the struct \(abifile.Attr\) has no _ structs.HostLayout`
	Key   uint64 // want `abifile.Attr: field Key \(uint64\) at offset 0 is a multi-byte number`
	Value unsafe.Pointer
}

// Plain is not marked.
type Plain struct {
	P unsafe.Pointer
}

func conv(b []byte) {
	_ = (*Attr)(unsafe.Pointer(&b[0]))  // want `unsafe conversion to \*abifile.Attr: field Value \(unsafe.Pointer\) at offset 8, size 8, holds a pointer`
	_ = (*Plain)(unsafe.Pointer(&b[0])) // want `unsafe conversion to \*abifile.Plain: field P`
}

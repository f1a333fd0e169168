//layoutcheck:abi

// Package abifile holds ABI structs that carry pointers for the kernel,
// as cilium/ebpf's BPF attr structs do.
package abifile

import (
	"structs"
	"unsafe"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

type Pointer struct {
	_   structs.HostLayout
	_   endian.Native
	ptr unsafe.Pointer
}

type ProgLoadAttr struct { // want `abifile.ProgLoadAttr: 3 bytes of trailing padding at offset 29 \(on 64-bit arches; 3 bytes at offset 21 on 32-bit arches .*\); make it explicit: _ \[3\]byte as the last field`
	_        structs.HostLayout
	_        endian.Native
	ProgType uint32
	InsnCnt  uint32
	Insns    Pointer
	License  Pointer
	LogLevel uint32
	Flag     bool // want `abifile.ProgLoadAttr: field Flag \(bool\) at offset 28 is a bool`
}

func load(b []byte) {
	_, _ = cast.To[Pointer](b) // want `cast.To\[abifile.Pointer\]: field ptr \(unsafe.Pointer\) at offset 0, size 8, holds a pointer`
}

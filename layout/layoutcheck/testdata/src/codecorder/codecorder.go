// Package codecorder checks the order arguments of codec calls against
// the byte order a type declares: the codec refuses binary.LittleEndian
// for a type marked endian.Big on every host, and binary.NativeEndian on
// little-endian ones.
package codecorder

import (
	"encoding/binary"
	"structs"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// BE is big endian.
type BE struct {
	_ structs.HostLayout
	_ endian.Big
	N uint32
}

// LE is little endian.
type LE struct {
	_ structs.HostLayout
	_ endian.Little
	N uint32
}

// Host is in no declared order: any order goes.
type Host struct {
	_ structs.HostLayout
	N uint32
}

// NativeBE is in host order, and holds a big-endian BE: big endian.
type NativeBE struct {
	_ structs.HostLayout
	_ endian.Native
	B BE
}

var order binary.ByteOrder = binary.BigEndian

func use(b []byte) {
	_, _, _ = cast.Decode[BE](b, binary.BigEndian)
	_, _, _ = cast.Decode[BE](b, binary.LittleEndian) // want `^cast.Decode\[codecorder.BE\]: codecorder.BE declares big endian byte order \(_ endian.Big\), so the codec refuses binary.LittleEndian with cast.ErrByteOrder on every arch; pass binary.BigEndian, which reads it on any host$`
	_, _, _ = cast.Decode[BE](b, binary.NativeEndian) // want `^cast.Decode\[codecorder.BE\]: codecorder.BE declares big endian byte order \(_ endian.Big\), so the codec refuses binary.NativeEndian with cast.ErrByteOrder on little-endian arches \(386, amd64, arm, arm64, loong64, mips64le, mipsle, ppc64le, riscv64, wasm\); pass binary.BigEndian, which reads it on any host$`
	_, _, _ = cast.Decode[BE](b, order)               // not known here
	// Every such call is reported: the mistake is the call's.
	_, _, _ = cast.Decode[BE](b, binary.NativeEndian) // want `refuses binary.NativeEndian`

	var le LE
	_, _ = cast.Encode(b, binary.LittleEndian, &le)
	_, _ = cast.Append(b, (binary.BigEndian), &le)                 // want `^cast.Append\[codecorder.LE\]: codecorder.LE declares little endian byte order \(_ endian.Little\), so the codec refuses binary.BigEndian with cast.ErrByteOrder on every arch; pass binary.LittleEndian`
	_, _ = cast.DecodeSlice(make([]LE, 1), b, binary.NativeEndian) // want `^cast.DecodeSlice\[codecorder.LE\]: .* refuses binary.NativeEndian with cast.ErrByteOrder on big-endian arches \(mips, mips64, ppc64, s390x\); pass binary.LittleEndian`
	_ = cast.SwapSlice([]NativeBE{}, binary.LittleEndian)          // want `^cast.SwapSlice\[codecorder.NativeBE\]: codecorder.NativeBE declares big endian byte order .* refuses binary.LittleEndian`

	var h Host
	_, _ = cast.Encode(b, binary.LittleEndian, &h)
	_, _ = cast.Encode(b, binary.BigEndian, &h)
	_, _ = cast.Encode(b, binary.NativeEndian, &h)

	//layoutcheck:ignore:byte-order this build decodes on big-endian hosts only
	_, _, _ = cast.Borrow[BE](b, binary.NativeEndian)
}

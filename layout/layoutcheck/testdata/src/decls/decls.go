// Package decls holds struct declarations that layoutcheck checks because
// they have a byte-order marker or a //layoutcheck:overlay comment.
package decls

import (
	"structs"
	"sync/atomic"
	"unsafe"

	"github.com/go-overlay/overlay/endian"
	"other"
)

// Fine has a marker, HostLayout and no padding: no diagnostic.
type Fine struct {
	_     structs.HostLayout
	_     endian.Big
	Magic uint32
	Len   uint16
	Flags [2]uint8
}

// FineEndian is built from fixed-order types only.
//
//layoutcheck:overlay
type FineEndian struct {
	_ structs.HostLayout
	A endian.U32BE
	B endian.U16LE
	C uint8
	D [3]uint8
}

// Unmarked is neither marked nor used with cast: not checked.
type Unmarked struct {
	A uint8
	B uint64
	P *int
}

type Interior struct {
	_ structs.HostLayout
	_ endian.Little
	A uint8
	B uint32 // want `decls.Interior: 3 bytes of padding at offset 1, before field B; make it explicit: _ \[3\]byte before B`
	C uint16
	D uint64 // want `decls.Interior: 6 bytes of padding at offset 10, before field D`
}

type Trailing struct { // want `decls.Trailing: 7 bytes of trailing padding at offset 9 \(on 64-bit arches; 3 bytes at offset 9 on 32-bit arches \(386, arm, mips, mipsle\)\); make it explicit: _ \[7\]byte as the last field \(this grows the struct on 32-bit arches`
	_ structs.HostLayout
	_ endian.Little
	A uint64
	B uint8
}

type Mixed struct {
	_ structs.HostLayout
	_ endian.Big
	A uint32
	B uint64 // want `decls.Mixed: 4 bytes of padding at offset 4, before field B \(on 64-bit arches\)`
}

// Elem is not marked, but is checked inside Table: its padding is
// reported here, where it can be fixed.
type Elem struct { // want `decls.Elem \(in decls.Table\): 3 bytes of trailing padding at offset 5; make it explicit: _ \[3\]byte as the last field`
	A uint32
	B uint8
}

type Table struct {
	_    structs.HostLayout
	_    endian.Big
	Rows [4]Elem        // want `decls.Table: struct Rows\[0\] \(decls.Elem\) has no _ structs.HostLayout field`
	Grid [2][3]struct { // want `decls.Table: 1 byte of trailing padding at offset 35, at the end of Grid\[0\]\[0\], in each of 6 array elements`
		_ structs.HostLayout
		X uint16
		Y uint8
	}
}

type ZeroTail struct {
	_ structs.HostLayout
	_ endian.Big
	A uint32
	Z [0]uint32 // want `decls.ZeroTail: 4 bytes of padding at offset 4 after trailing zero-size field Z .*; make it explicit: _ \[4\]byte after Z`
}

type MarkerLast struct {
	_ structs.HostLayout
	A uint32
	_ endian.Big // want `decls.MarkerLast: 4 bytes of padding at offset 4 after trailing zero-size field _ .*; move _ \(endian.Big\) to the start of the struct`
}

type Pointers struct {
	_  structs.HostLayout
	_  endian.Native
	P  *uint32        // want `decls.Pointers: field P \(\*uint32\) at offset 0, size 8, holds a pointer, which no byte buffer can supply \(on 64-bit arches; 4 bytes at offset 0 on 32-bit arches \(386, arm, mips, mipsle\)\); store offsets`
	U  unsafe.Pointer // want `decls.Pointers: field U \(unsafe.Pointer\) at offset 8, size 8, holds a pointer, which no byte buffer can supply .*; store offsets`
	S  string         // want `decls.Pointers: field S \(string\) at offset 16, size 16, holds a pointer, which no byte buffer can supply .*; store offsets`
	Sl []byte         // want `decls.Pointers: field Sl \(\[\]uint8\) at offset 32, size 24, holds a pointer, which no byte buffer can supply .*; store offsets`
	M  map[string]int // want `decls.Pointers: field M \(map\[string\]int\) at offset 56, size 8, holds a pointer, which no byte buffer can supply .*; store offsets`
	C  chan int       // want `decls.Pointers: field C \(chan int\) at offset 64, size 8, holds a pointer, which no byte buffer can supply .*; store offsets`
	F  func()         // want `decls.Pointers: field F \(func\(\)\) at offset 72, size 8, holds a pointer, which no byte buffer can supply .*; store offsets`
	I  any            // want `decls.Pointers: field I \(interface \{\}\) at offset 80, size 16, holds a pointer, which no byte buffer can supply .*; store offsets`
	E  error          // want `decls.Pointers: field E \(error\) at offset 96, size 16, holds a pointer, which no byte buffer can supply .*; store offsets`
}

type Scalars struct {
	_ structs.HostLayout
	_ endian.Little
	B bool // want `decls.Scalars: field B \(bool\) at offset 0 is a bool`
	_ [7]uint8
	I int     // want `decls.Scalars: field I \(int\) at offset 8, size 8, has a size that differs by arch`
	U uint    // want `decls.Scalars: field U \(uint\) at offset 16, size 8, has a size that differs by arch`
	P uintptr // want `decls.Scalars: field P \(uintptr\) at offset 24, size 8, has a size that differs by arch`
}

type Inner struct {
	X uint8
	Y uint16 // want `decls.Inner \(in decls.Nested\): 1 byte of padding at offset 1, before field Y; make it explicit: _ \[1\]byte before Y`
}

type Nested struct {
	_ structs.HostLayout
	_ endian.Big
	H struct {
		_ structs.HostLayout
		A uint8
		B uint32 // want `decls.Nested: 3 bytes of padding at offset 1, before field H.B; make it explicit: _ \[3\]byte before B`
	}
	// A problem of a struct used twice is reported once, at its first
	// use; padding of a named struct of this package at its declaration.
	In Inner // want `decls.Nested: struct In \(decls.Inner\) has no _ structs.HostLayout field.*, and at 1 more field paths`
	Inner
}

type Embeds struct {
	_            structs.HostLayout
	_            endian.Big
	other.Padded // want `decls.Embeds: 3 bytes of padding at offset 1, before field Padded.B`
	*Inner       // want `decls.Embeds: field Inner \(\*decls.Inner\) at offset 8, size 8, holds a pointer`
}

// Alias is an alias declared here of a type from another package.
type Alias = other.Alias

type Aliases struct {
	_ structs.HostLayout
	_ endian.Big
	A Alias             // want `decls.Aliases: 3 bytes of padding at offset 1, before field A.B`
	O other.Fine        // structs of other packages get no HostLayout warning
	G other.Gen[uint64] // want `decls.Aliases: 2 bytes of padding at offset 14, before field G;` `decls.Aliases: 7 bytes of padding at offset 17, before field G.V`
}

type Conflict struct {
	_  structs.HostLayout
	_  endian.Big
	A  uint32
	In struct {
		_ structs.HostLayout
		_ endian.Little // want `decls.Conflict: field In._ \(endian.Little\) conflicts with the byte-order marker at _ \(endian.Big\); declare one byte order per type`
		B uint16
		C uint16
	}
}

// Implicit declares no byte order.
//
//layoutcheck:overlay
type Implicit struct {
	_ structs.HostLayout
	A uint32 // want `decls.Implicit: field A \(uint32\) at offset 0 is a multi-byte number in host byte order, but no struct declares one`
	B endian.U32BE
}

type NoHost struct { // want `decls.NoHost: the struct \(decls.NoHost\) has no _ structs.HostLayout field: Go does not promise to keep its field order without one; add _ structs.HostLayout as the first field`
	_ endian.Big
	A uint32
	B uint32
}

// A marked declaration of a non-struct type.
//
//layoutcheck:overlay
type Words [4]int // want `decls.Words: the type \(decls.Words\) at offset 0, size 32, has a size that differs by arch`

// Short has a finding at its name and one at a field.
type Short struct { // want `decls.Short: the struct \(decls.Short\) has no _ structs.HostLayout`
	_ endian.Big
	A uint8
	B uint16 // want `decls.Short: 1 byte of padding at offset 1, before field B`
}

// Blanks has padding before a blank field.
type Blanks struct {
	_ structs.HostLayout
	_ endian.Big
	A uint8
	_ uint8
	B uint8
	_ uint32 // want `decls.Blanks: 1 byte of padding at offset 3, before field _; make it explicit: _ \[1\]byte before _`
}

func local() {
	type Local struct {
		_ structs.HostLayout
		_ endian.Big
		A uint8
		B uint16 // want `decls.Local: 1 byte of padding at offset 1, before field B`
	}
	_ = Local{}
}

type (
	// Grouped1 is one of a group.
	//
	//layoutcheck:overlay
	Grouped1 struct { // want `decls.Grouped1: 1 byte of trailing padding at offset 3`
		_ structs.HostLayout
		_ endian.Big
		A uint16
		B bool // want `decls.Grouped1: field B \(bool\) at offset 2 is a bool`
	}
	Grouped2 struct {
		A uint16
		B bool
	}
)

// Generic is checked where it is instantiated.
type Generic[T any] struct {
	_ structs.HostLayout
	_ endian.Big
	A uint8
	V T
}

var (
	_ Generic[uint8]
	_ Generic[uint32] // want `decls.Generic\[uint32\]: 3 bytes of padding at offset 1, before field V; make it explicit: _ \[3\]byte before V`
	_ Generic[uint32]
)

// Only32 has padding on 32-bit arches only: atomic.Int64 is 8-aligned
// everywhere, a uintptr is 4 bytes there. No single field fixes it.
type Only32 struct {
	_ structs.HostLayout
	_ endian.Native
	P uintptr      // want `decls.Only32: field P \(uintptr\) at offset 0, size 8, has a size that differs by arch`
	V atomic.Int64 // want `decls.Only32: 4 bytes of padding at offset 4, before field V \(on 32-bit arches \(386, arm, mips, mipsle\)\); the padding differs by arch, so no one explicit field removes it everywhere`
}

// Package fixes tests the suggested fixes: fixes.go.golden is this file
// with every fix applied.
package fixes

import (
	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

type Interior struct { // want `fixes.Interior: the struct \(fixes.Interior\) has no _ structs.HostLayout`
	_ endian.Big
	A uint8
	// B follows A.
	B uint32 // want `fixes.Interior: 3 bytes of padding at offset 1, before field B`
	C uint16 // C is last.
	D uint64 // want `fixes.Interior: 6 bytes of padding at offset 10, before field D.*; -fix inserts _ \[2\]byte instead, which moves no field and leaves padding on 64-bit arches \(-allow-moves inserts the above\)`
}

type Trailing struct { // want `fixes.Trailing: 7 bytes of trailing padding at offset 9.*; -fix inserts _ \[3\]byte instead, which moves no field and leaves padding on 64-bit arches \(-allow-moves inserts the above\)` `fixes.Trailing: the struct \(fixes.Trailing\) has no _ structs.HostLayout`
	_ endian.Little
	A uint64
	B uint8 // B has a comment.
}

type OneLine struct{ _ endian.Big; A uint8; B uint16 } // want `fixes.OneLine: the struct \(fixes.OneLine\) has no _ structs.HostLayout` `fixes.OneLine: 1 byte of padding at offset 1, before field B`

type Mixed struct { // want `fixes.Mixed: the struct \(fixes.Mixed\) has no _ structs.HostLayout` `fixes.Mixed: 4 bytes of trailing padding at offset 20 \(on 64-bit arches\).*; -fix does not insert it, as it changes the layout on 32-bit arches \(386, arm, mips, mipsle\) \(-allow-moves does\)`
	_ endian.Big
	A uint32
	B uint64 // want `fixes.Mixed: 4 bytes of padding at offset 4, before field B \(on 64-bit arches\).*; -fix does not insert it, as it changes the layout on 32-bit arches \(386, arm, mips, mipsle\) \(-allow-moves does\)`
	C uint32
}

// Elem is fixed through Table, at its own declaration.
type Elem struct { // want `fixes.Elem \(in fixes.Table\): 3 bytes of trailing padding at offset 5; make it explicit: _ \[3\]byte as the last field`
	A uint32
	B uint8
}

type Table struct { // want `fixes.Table: the struct \(fixes.Table\) has no _ structs.HostLayout`
	_    endian.Big
	Rows [2]Elem // want `fixes.Table: struct Rows\[0\] \(fixes.Elem\) has no _ structs.HostLayout`
	Grid [2]struct { // want `fixes.Table: 1 byte of trailing padding at offset 19, at the end of Grid\[0\]` `fixes.Table: struct Grid\[0\] \(struct\{...\}\) has no _ structs.HostLayout`
		X uint16
		Y uint8
	}
}

type ZeroTail struct { // want `fixes.ZeroTail: the struct \(fixes.ZeroTail\) has no _ structs.HostLayout`
	_ endian.Big
	A uint32
	B uint8
	Z [0]uint32 // want `fixes.ZeroTail: 3 bytes of padding at offset 5, before field Z` `fixes.ZeroTail: 4 bytes of padding at offset 8 after trailing zero-size field Z`
}

type MarkerLast struct { // want `fixes.MarkerLast: the struct \(fixes.MarkerLast\) has no _ structs.HostLayout`
	A uint32
	B uint32
	_ endian.Little // want `fixes.MarkerLast: 4 bytes of padding at offset 8 after trailing zero-size field _`
}

type Blanks struct { // want `fixes.Blanks: the struct \(fixes.Blanks\) has no _ structs.HostLayout`
	_ endian.Big
	A uint8
	_ uint8
	B uint8
	_ uint32 // want `fixes.Blanks: 1 byte of padding at offset 3, before field _`
}

type Nested struct { // want `fixes.Nested: the struct \(fixes.Nested\) has no _ structs.HostLayout`
	_ endian.Big
	H struct { // want `fixes.Nested: struct H \(struct\{...\}\) has no _ structs.HostLayout`
		A uint8
		B uint16 // want `fixes.Nested: 1 byte of padding at offset 1, before field H.B`
	}
	N uint32
}

// Unmarked is fixed from the call that casts to it.
type Unmarked struct {
	A uint16
	B uint64
}

func use(b []byte) {
	_, _ = cast.To[Unmarked](b) // want `cast.To\[fixes.Unmarked\]: 6 bytes of padding at offset 2, before field B.*; -fix inserts _ \[2\]byte instead, which moves no field and leaves padding on 64-bit arches \(-allow-moves inserts the above\)` `cast.To\[fixes.Unmarked\]: the struct \(fixes.Unmarked\) has no _ structs.HostLayout` `cast.To\[fixes.Unmarked\]: field A \(uint16\) at offset 0 is a multi-byte number`
}

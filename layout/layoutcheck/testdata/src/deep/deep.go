// Package deep holds types nested close to and beyond layout.MaxDepth
// (100 struct and array levels). Generated; both front ends count a named
// struct as one level.
package deep

import (
	"structs"

	"github.com/go-overlay/overlay/endian"
)

// Ptr80 has a pointer 80 named structs deep: within the limit, so the
// pointer is reported like any other.
type Ptr80 struct {
	_ structs.HostLayout
	_ endian.Little
	X P1 // want `deep.Ptr80: field X(\.X){78}\.P \(\*int\) at offset 0, size 8, holds a pointer`
}
type P1 struct{ X P2 }
type P2 struct{ X P3 }
type P3 struct{ X P4 }
type P4 struct{ X P5 }
type P5 struct{ X P6 }
type P6 struct{ X P7 }
type P7 struct{ X P8 }
type P8 struct{ X P9 }
type P9 struct{ X P10 }
type P10 struct{ X P11 }
type P11 struct{ X P12 }
type P12 struct{ X P13 }
type P13 struct{ X P14 }
type P14 struct{ X P15 }
type P15 struct{ X P16 }
type P16 struct{ X P17 }
type P17 struct{ X P18 }
type P18 struct{ X P19 }
type P19 struct{ X P20 }
type P20 struct{ X P21 }
type P21 struct{ X P22 }
type P22 struct{ X P23 }
type P23 struct{ X P24 }
type P24 struct{ X P25 }
type P25 struct{ X P26 }
type P26 struct{ X P27 }
type P27 struct{ X P28 }
type P28 struct{ X P29 }
type P29 struct{ X P30 }
type P30 struct{ X P31 }
type P31 struct{ X P32 }
type P32 struct{ X P33 }
type P33 struct{ X P34 }
type P34 struct{ X P35 }
type P35 struct{ X P36 }
type P36 struct{ X P37 }
type P37 struct{ X P38 }
type P38 struct{ X P39 }
type P39 struct{ X P40 }
type P40 struct{ X P41 }
type P41 struct{ X P42 }
type P42 struct{ X P43 }
type P43 struct{ X P44 }
type P44 struct{ X P45 }
type P45 struct{ X P46 }
type P46 struct{ X P47 }
type P47 struct{ X P48 }
type P48 struct{ X P49 }
type P49 struct{ X P50 }
type P50 struct{ X P51 }
type P51 struct{ X P52 }
type P52 struct{ X P53 }
type P53 struct{ X P54 }
type P54 struct{ X P55 }
type P55 struct{ X P56 }
type P56 struct{ X P57 }
type P57 struct{ X P58 }
type P58 struct{ X P59 }
type P59 struct{ X P60 }
type P60 struct{ X P61 }
type P61 struct{ X P62 }
type P62 struct{ X P63 }
type P63 struct{ X P64 }
type P64 struct{ X P65 }
type P65 struct{ X P66 }
type P66 struct{ X P67 }
type P67 struct{ X P68 }
type P68 struct{ X P69 }
type P69 struct{ X P70 }
type P70 struct{ X P71 }
type P71 struct{ X P72 }
type P72 struct{ X P73 }
type P73 struct{ X P74 }
type P74 struct{ X P75 }
type P75 struct{ X P76 }
type P76 struct{ X P77 }
type P77 struct{ X P78 }
type P78 struct{ X P79 }
type P79 struct{ P *int }

// Deep101 nests 101 struct levels: beyond the limit, so it is reported,
// not skipped.
type Deep101 struct { // want `deep.Deep101: the type \(deep.Deep101\) cannot be laid out: the type is nested 101 levels deep, more than the limit of 100`
	_ structs.HostLayout
	_ endian.Little
	X D1
}
type D1 struct{ X D2 }
type D2 struct{ X D3 }
type D3 struct{ X D4 }
type D4 struct{ X D5 }
type D5 struct{ X D6 }
type D6 struct{ X D7 }
type D7 struct{ X D8 }
type D8 struct{ X D9 }
type D9 struct{ X D10 }
type D10 struct{ X D11 }
type D11 struct{ X D12 }
type D12 struct{ X D13 }
type D13 struct{ X D14 }
type D14 struct{ X D15 }
type D15 struct{ X D16 }
type D16 struct{ X D17 }
type D17 struct{ X D18 }
type D18 struct{ X D19 }
type D19 struct{ X D20 }
type D20 struct{ X D21 }
type D21 struct{ X D22 }
type D22 struct{ X D23 }
type D23 struct{ X D24 }
type D24 struct{ X D25 }
type D25 struct{ X D26 }
type D26 struct{ X D27 }
type D27 struct{ X D28 }
type D28 struct{ X D29 }
type D29 struct{ X D30 }
type D30 struct{ X D31 }
type D31 struct{ X D32 }
type D32 struct{ X D33 }
type D33 struct{ X D34 }
type D34 struct{ X D35 }
type D35 struct{ X D36 }
type D36 struct{ X D37 }
type D37 struct{ X D38 }
type D38 struct{ X D39 }
type D39 struct{ X D40 }
type D40 struct{ X D41 }
type D41 struct{ X D42 }
type D42 struct{ X D43 }
type D43 struct{ X D44 }
type D44 struct{ X D45 }
type D45 struct{ X D46 }
type D46 struct{ X D47 }
type D47 struct{ X D48 }
type D48 struct{ X D49 }
type D49 struct{ X D50 }
type D50 struct{ X D51 }
type D51 struct{ X D52 }
type D52 struct{ X D53 }
type D53 struct{ X D54 }
type D54 struct{ X D55 }
type D55 struct{ X D56 }
type D56 struct{ X D57 }
type D57 struct{ X D58 }
type D58 struct{ X D59 }
type D59 struct{ X D60 }
type D60 struct{ X D61 }
type D61 struct{ X D62 }
type D62 struct{ X D63 }
type D63 struct{ X D64 }
type D64 struct{ X D65 }
type D65 struct{ X D66 }
type D66 struct{ X D67 }
type D67 struct{ X D68 }
type D68 struct{ X D69 }
type D69 struct{ X D70 }
type D70 struct{ X D71 }
type D71 struct{ X D72 }
type D72 struct{ X D73 }
type D73 struct{ X D74 }
type D74 struct{ X D75 }
type D75 struct{ X D76 }
type D76 struct{ X D77 }
type D77 struct{ X D78 }
type D78 struct{ X D79 }
type D79 struct{ X D80 }
type D80 struct{ X D81 }
type D81 struct{ X D82 }
type D82 struct{ X D83 }
type D83 struct{ X D84 }
type D84 struct{ X D85 }
type D85 struct{ X D86 }
type D86 struct{ X D87 }
type D87 struct{ X D88 }
type D88 struct{ X D89 }
type D89 struct{ X D90 }
type D90 struct{ X D91 }
type D91 struct{ X D92 }
type D92 struct{ X D93 }
type D93 struct{ X D94 }
type D94 struct{ X D95 }
type D95 struct{ X D96 }
type D96 struct{ X D97 }
type D97 struct{ X D98 }
type D98 struct{ X D99 }
type D99 struct{ X D100 }
type D100 struct{ V uint8 }

// Deep100 nests exactly 100 levels: within the limit, and fine.
type Deep100 struct {
	_ structs.HostLayout
	_ endian.Little
	X D2
}

// Dag is built from 16 levels of shared structs: 2^16 field paths lead to
// the padding of G0, which is reported once, at G0's declaration.
type Dag struct {
	_ structs.HostLayout
	_ endian.Little
	G G16
}

type G0 struct {
	_ structs.HostLayout
	X uint8
	Y uint16 // want `deep.G0 \(in deep.Dag\): 1 byte of padding at offset 1, before field Y; make it explicit: _ \[1\]byte before Y`
}
type G1 struct {
	_    structs.HostLayout
	A, B G0
}
type G2 struct {
	_    structs.HostLayout
	A, B G1
}
type G3 struct {
	_    structs.HostLayout
	A, B G2
}
type G4 struct {
	_    structs.HostLayout
	A, B G3
}
type G5 struct {
	_    structs.HostLayout
	A, B G4
}
type G6 struct {
	_    structs.HostLayout
	A, B G5
}
type G7 struct {
	_    structs.HostLayout
	A, B G6
}
type G8 struct {
	_    structs.HostLayout
	A, B G7
}
type G9 struct {
	_    structs.HostLayout
	A, B G8
}
type G10 struct {
	_    structs.HostLayout
	A, B G9
}
type G11 struct {
	_    structs.HostLayout
	A, B G10
}
type G12 struct {
	_    structs.HostLayout
	A, B G11
}
type G13 struct {
	_    structs.HostLayout
	A, B G12
}
type G14 struct {
	_    structs.HostLayout
	A, B G13
}
type G15 struct {
	_    structs.HostLayout
	A, B G14
}
type G16 struct {
	_    structs.HostLayout
	A, B G15
}

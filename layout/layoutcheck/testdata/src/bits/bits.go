// Package bits holds overlay structs with bits tags: a diagnostic for
// each mistake, none for correct tags and reserved bits.
package bits

import (
	"structs"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// IPv4 divides its words as RFC 791 does, with the reserved flag declared:
// no diagnostic.
//
//layoutcheck:overlay
type IPv4 struct {
	_             structs.HostLayout
	VersionIHL    uint8 `bits:"Version:4,IHL:4"`
	TOS           uint8
	TotalLength   endian.U16BE
	ID            endian.U16BE
	FlagsFragment endian.U16BE `bits:"_:1,DF:1,MF:1,FragOffset:13"`
	TTL           uint8
	Protocol      uint8
	Checksum      endian.U16BE
	Src, Dst      [4]byte
}

// Words has a tag on every unsigned word kind: no diagnostic.
type Words struct {
	_ structs.HostLayout
	_ endian.Big
	A uint64       `bits:"A1:1,A2:63"`
	B uint32       `bits:"B1:16,_:16"`
	C uint16       `bits:"_:16"`
	D uint8        `bits:"D1:8"`
	E endian.U64LE `bits:"E1:60,_:4"`
	F endian.U32LE `bits:"F1:32"`
	G endian.U16LE `bits:"G1:2,G2:14"`
	H [3]byte
}

//layoutcheck:overlay
type PastTheWord struct {
	_ structs.HostLayout
	A uint8        `bits:"Version:4,IHL:5"` // want `bits.PastTheWord: field A \(uint8\) at offset 0 has bits:"Version:4,IHL:5": the widths add up to more than the 8-bit word at IHL:5 \(4 bits declared before it\); make the widths add up to the word's bits, or use a wider word`
	B endian.U16BE `bits:"X:17"`            // want `field B \(endian.U16BE\) at offset 1 has bits:"X:17": the widths add up to more than the 16-bit word at X:17 \(0 bits declared before it\)`
}

// Undeclared leaves low bits of its words undeclared (a warning) and
// reserves them with _ (no diagnostic).
//
//layoutcheck:overlay
type Undeclared struct {
	_ structs.HostLayout
	A uint8        `bits:"Version:4"` // want `bits.Undeclared: field A \(uint8\) at offset 0 has bits:"Version:4": the widths add up to 4 bits, so the low 4 of the 8-bit word are undeclared; declare the rest, or reserve it with _:width`
	B endian.U32BE `bits:"Hi:8,Lo:8"` // want `field B \(endian.U32BE\) at offset 1 has bits:"Hi:8,Lo:8": the widths add up to 16 bits, so the low 16 of the 32-bit word are undeclared`
	C uint8        `bits:"Top:4,_:4"`
	D uint8        `bits:"_:8"`
	E uint8        `bits:"Mode:2"`  //layoutcheck:ignore:bits-undeclared the format leaves the rest to the vendor
	F uint8        `bits:"Mode2:2"` //layoutcheck:ignore:bits-overflow the wrong category does not silence // want `field F \(uint8\) at offset 8 has bits:"Mode2:2": the widths add up to 2 bits, so the low 6 of the 8-bit word are undeclared`
}

//layoutcheck:overlay
type Duplicate struct {
	_     structs.HostLayout
	A     uint8 `bits:"X:4,X:4"`       // want `field A \(uint8\) at offset 0 has bits:"X:4,X:4": sub-field name X is used twice; rename the sub-field`
	B     uint8 `bits:"Y:4,Z:4"`       // the first to take Y: reported at C
	C     uint8 `bits:"Y:8"`           // want `field C \(uint8\) at offset 2 has bits:"Y:8": sub-field Y has the name of sub-field Y of B; the setter SetY of sub-field Y has the name of the setter SetY of sub-field Y of B`
	D     uint8 `bits:"Count:4,Set:4"` // want `field D \(uint8\) at offset 3 has bits:"Count:4,Set:4": sub-field Count has the name of field Count`
	Count uint8
	E     uint8 `bits:"SetW:4,W:4"` // want `field E \(uint8\) at offset 5 has bits:"SetW:4,W:4": the setter SetW of sub-field W has the name of sub-field SetW of E`
}

// Numbering and Syntax: after an invalid entry the engine does not also
// warn of undeclared bits, which would only repeat the mistake.
//
//layoutcheck:overlay
type Numbering struct {
	_ structs.HostLayout
	A uint8        `bits:"Version:0-3,IHL:4-7"` // want `field A \(uint8\) at offset 0 has bits:"Version:0-3,IHL:4-7": Version:0-3 gives bit positions where its width belongs: positions are implied by the order, most significant bit first; IHL:4-7 gives bit positions`
	B endian.U16BE `bits:"Flags:0..2,Frag:13"`  // want `field B \(endian.U16BE\) at offset 1 has bits:"Flags:0..2,Frag:13": Flags:0..2 gives bit positions where its width belongs: positions are implied by the order, most significant bit first; write widths, not bit positions`
}

//layoutcheck:overlay
type Syntax struct {
	_ structs.HostLayout
	A uint8 `bits:"Version"`        // want `field A \(uint8\) at offset 0 has bits:"Version": entry "Version" has no width: write it as name:width`
	B uint8 `bits:"V:0,W:8"`        // want `field B \(uint8\) at offset 1 has bits:"V:0,W:8": V has width 0: a sub-field has at least 1 bit`
	C uint8 `bits:"T:four,U:4"`     // want `field C \(uint8\) at offset 2 has bits:"T:four,U:4": the width of T, "four", is not a decimal number of bits`
	D uint8 `bits:"1st:4,second:4"` // want `field D \(uint8\) at offset 3 has bits:"1st:4,second:4": sub-field name "1st" is not a Go identifier`
}

//layoutcheck:overlay
type NotWord struct {
	_ structs.HostLayout
	A int8    `bits:"V:4,W:4"` // want `field A \(int8\) at offset 0 has bits:"V:4,W:4": its type, int8, is not an unsigned word; put the bits tag on an unsigned word`
	B [2]byte `bits:"P:8,Q:8"` // want `field B \(\[2\]uint8\) at offset 1 has bits:"P:8,Q:8": its type, \[2\]uint8, is not an unsigned word`
	D Inner   `bits:"R:8"`     // want `field D \(bits.Inner\) at offset 3 has bits:"R:8": its type, bits.Inner, is not an unsigned word`
}

type Inner struct {
	_ structs.HostLayout
	X uint8
}

// Nested holds a struct with a bits mistake: reported at the field that
// holds it, with the path to the tagged field.
//
//layoutcheck:overlay
type Nested struct {
	_     structs.HostLayout
	Head  uint8
	Inner Tagged // want `bits.Nested: field Inner.W \(uint8\) at offset 1 has bits:"Hi:4,Lo:5": the widths add up to more than the 8-bit word`
}

type Tagged struct {
	_ structs.HostLayout
	W uint8 `bits:"Hi:4,Lo:5"`
}

// Called is checked because it is cast, not because it is marked: its
// problem is reported at the call.
type Called struct {
	_ structs.HostLayout
	A uint8 `bits:"Hi:4,Lo:5"`
}

func use(b []byte) {
	_, _ = cast.To[Called](b) // want `cast.To\[bits.Called\]: field A \(uint8\) at offset 0 has bits:"Hi:4,Lo:5": the widths add up to more than the 8-bit word at Lo:5 \(4 bits declared before it\)`
}

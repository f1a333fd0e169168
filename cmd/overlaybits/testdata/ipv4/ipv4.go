// Package ipv4 is the golden test's input: RFC 791's header, an 802.1Q tag,
// a word of a defined type and an order-generic one.
package ipv4

import (
	"structs"

	"github.com/go-overlay/overlay/endian"
)

// Header is RFC 791's IPv4 header.
type Header struct {
	_             structs.HostLayout
	VersionIHL    uint8        `bits:"Version:4,IHL:4"`
	TOS           uint8        `bits:"DSCP:6,ECN:2"`
	TotalLen      endian.U16BE //
	ID            endian.U16BE
	FlagsFragment endian.U16BE `bits:"_:1,DF:1,MF:1,FragOffset:13"`
	TTL           uint8
	Protocol      uint8
	Checksum      endian.U16BE
	Src, Dst      [4]byte
}

// Word is a defined word type.
type Word uint16

// Tag is an 802.1Q tag; its TCI is a Word, its unexported sub-fields get
// unexported accessors.
type Tag struct {
	_    structs.HostLayout
	TCI  Word         `bits:"pcp:3,dei:1,vid:12"`
	Size endian.U24BE `bits:"Len:24"`
}

// Rel is an ELF relocation, in either byte order.
type Rel[O endian.Order] struct {
	_    structs.HostLayout
	Off  endian.U64[O]
	Info endian.U64[O] `bits:"Sym:32,Type:32"`
}

// Copy has Header's fields and tags, but not its methods, and gets none.
type Copy Header

// NoBits has no tag and gets nothing.
type NoBits struct{ A uint8 }

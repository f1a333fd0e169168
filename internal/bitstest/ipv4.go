package bitstest

import (
	"structs"

	"github.com/go-overlay/overlay/endian"
)

// IPv4 is RFC 791's header with its sub-byte fields declared, for the
// inlining test and the benchmark against hand-written accessors.
type IPv4 struct {
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

// VLAN is an 802.1Q tag after its TPID.
type VLAN struct {
	_    structs.HostLayout
	TCI  endian.U16BE `bits:"PCP:3,DEI:1,VID:12"`
	Type endian.U16BE
}

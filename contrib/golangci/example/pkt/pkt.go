// Package pkt is a demo for the layoutcheck golangci-lint plugin: each
// declaration below has one kind of finding.
package pkt

import (
	"structs"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// Header has 3 bytes of padding before Len.
type Header struct {
	_    structs.HostLayout
	_    endian.Big
	Kind uint8
	Len  uint32
}

// Record is cast to below: a bool, no byte order, no HostLayout.
type Record struct {
	ID    uint32
	Valid bool
	Pad   [3]uint8
}

// Parse casts b to a Record.
func Parse(b []byte) (*Record, error) { return cast.To[Record](b) }

// Ptrs cannot be overlaid.
func Ptrs(b []byte) ([]*Header, error) { return cast.Slice[*Header](b) }

// Package recursive holds types that refer to themselves through pointers,
// slices, maps, channels, functions and interfaces, directly and mutually.
package recursive

import (
	"structs"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// Node is a linked list node: recursive through a pointer.
//
//layoutcheck:overlay
type Node struct {
	_    structs.HostLayout
	_    endian.Little
	Next *Node // robust:want pointer
	Val  uint32
	_    [4]byte
}

// Tree is recursive through a slice, a map, a channel, a func and an
// array of pointers.
//
//layoutcheck:overlay
type Tree struct {
	Kids   []Tree                   // robust:want pointer
	ByName map[string]Tree          // robust:want pointer
	Ch     chan Tree                // robust:want pointer
	Visit  func(Tree) Tree          // robust:want pointer
	Ptrs   [2]*Tree                 // robust:want pointer
	Any    interface{ Self() Tree } // robust:want pointer
}

// Ping and Pong are mutually recursive through pointers.
type Ping struct {
	_    endian.Big
	Pong *Pong
	N    uint64
}

type Pong struct {
	_    endian.Big
	Ping *Ping
	M    [3]*Ping
	N    uint64
}

// Wrap embeds a pointer to itself.
type Wrap struct {
	_ endian.Native
	*Wrap
	X uint16
}

// PtrSelf is a pointer type to itself; ListOf a slice of itself; Fn a
// function of itself.
type (
	PtrSelf *PtrSelf
	ListOf  []ListOf
	MapOf   map[string]MapOf
	Fn      func(Fn) Fn
	Chan    chan Chan
)

// Holder holds the self-referential non-struct types.
//
//layoutcheck:overlay
type Holder struct {
	P PtrSelf
	L ListOf
	M MapOf
	F Fn
	C Chan
}

// Deep nests anonymous structs whose leaves point back to Deep.
//
//layoutcheck:overlay
type Deep struct {
	_ structs.HostLayout
	A struct {
		B struct {
			C struct {
				D *Deep
				E [2]struct{ F *Deep }
			}
		}
	}
}

// Method-recursive: an interface whose method mentions the struct that
// holds it.
type Visitor interface{ Visit(*Visited) Visitor }

type Visited struct {
	_ endian.Little
	V Visitor
	N endian.U32LE
}

// Uses runs cast over every recursive type.
func Uses(b []byte) {
	_, _ = cast.To[Node](b)
	_, _ = cast.To[Tree](b)
	_, _ = cast.Slice[Ping](b)
	_, _, _ = cast.Prefix[Pong](b)
	_, _, _ = cast.Suffix[Wrap](b)
	_, _ = cast.Read[Holder](b)
	_, _ = cast.To[Deep](b)
	_, _ = cast.To[Visited](b)
	_, _ = cast.To[PtrSelf](b)
	_, _ = cast.To[ListOf](b)
	_ = cast.Check[Fn]()
	_ = cast.Check[Chan]()
	_, _ = cast.NewOverlay[MapOf]()
	var n Node
	_ = cast.Bytes(&n)
	_ = cast.SliceBytes([]Ping{{}})
}

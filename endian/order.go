package endian

// Order-generic numbers: fixed-width numbers whose byte order is a type
// parameter rather than part of the type's name.
//
// U32LE and U32BE fix the byte order when the program is
// written. Formats such as ELF, Mach-O and pcap record their byte order in
// the file, so a reader learns it only at run time, yet wants one
// definition of each header and one body of code for both orders. Here the
// order is a type parameter drawn from endian's marker types:
//
//	type Shdr64[O endian.Order] struct {
//		_    structs.HostLayout
//		Name endian.U32[O]
//		...
//	}
//
//	func walk[O endian.Order](secs []Shdr64[O]) { ... secs[i].Name.Get() ... }
//
//	switch data {
//	case ELFDATA2LSB:
//		walk(cast.Slice[Shdr64[endian.Little]](b))
//	case ELFDATA2MSB:
//		walk(cast.Slice[Shdr64[endian.Big]](b))
//	}
//
// The program dispatches on the order once, at the top; everything below is
// compiled separately for each order. endian.Little and endian.Big have
// different underlying types, so the gc compiler gives each its own GC
// shape, and Get and Set are inlined as a load (or store), a byte swap when
// needed, and no call. What remains is the test of O itself: gc does not
// fold the type assertion in IsBig, so each Get loads the order's type from
// the instantiation's dictionary and compares it, a predictable branch.
// BenchmarkOrderGet measures the cost against endian's fixed-order types; on a
// walk of every section header and symbol of the go command it is 15-25%
// more CPU time.
//
// Like package endian's types, each number is a byte array with alignment 1,
// so a struct built from them has no padding and can be overlaid at any
// offset.

import (
	"encoding/binary"
	"strconv"
)

// Order is the type-parameter constraint for a byte order: Little or Big.
type Order interface {
	Little | Big
}

// IsBig reports whether O is Big. It is a constant in each
// instantiation.
func IsBig[O Order]() bool {
	var o O
	_, big := any(o).(Big)
	return big
}

// ByteOrderOf returns binary.BigEndian or binary.LittleEndian, following O.
func ByteOrderOf[O Order]() binary.ByteOrder {
	if IsBig[O]() {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

// U16 is a uint16 stored in 2 bytes in byte order O.
type U16[O Order] [2]byte

// U32 is a uint32 stored in 4 bytes in byte order O.
type U32[O Order] [4]byte

// U64 is a uint64 stored in 8 bytes in byte order O.
type U64[O Order] [8]byte

// I16 is an int16 stored in 2 bytes, two's complement, in byte order O.
type I16[O Order] [2]byte

// I32 is an int32 stored in 4 bytes, two's complement, in byte order O.
type I32[O Order] [4]byte

// I64 is an int64 stored in 8 bytes, two's complement, in byte order O.
type I64[O Order] [8]byte

// NewU16 returns v encoded as a U16[O], for composite literals.
func NewU16[O Order](v uint16) (b U16[O]) { b.Set(v); return b }

// NewU32 returns v encoded as a U32[O], for composite literals.
func NewU32[O Order](v uint32) (b U32[O]) { b.Set(v); return b }

// NewU64 returns v encoded as a U64[O], for composite literals.
func NewU64[O Order](v uint64) (b U64[O]) { b.Set(v); return b }

// NewI16 returns v encoded as an I16[O], for composite literals.
func NewI16[O Order](v int16) (b I16[O]) { b.Set(v); return b }

// NewI32 returns v encoded as an I32[O], for composite literals.
func NewI32[O Order](v int32) (b I32[O]) { b.Set(v); return b }

// NewI64 returns v encoded as an I64[O], for composite literals.
func NewI64[O Order](v int64) (b I64[O]) { b.Set(v); return b }

// Get returns the stored value.
func (b U16[O]) Get() uint16 {
	if IsBig[O]() {
		return binary.BigEndian.Uint16(b[:])
	}
	return binary.LittleEndian.Uint16(b[:])
}

// Set stores v, writing through to the overlaid bytes.
func (b *U16[O]) Set(v uint16) {
	if IsBig[O]() {
		binary.BigEndian.PutUint16(b[:], v)
	} else {
		binary.LittleEndian.PutUint16(b[:], v)
	}
}

// String formats the value in decimal.
func (b U16[O]) String() string { return strconv.FormatUint(uint64(b.Get()), 10) }

// Get returns the stored value.
func (b U32[O]) Get() uint32 {
	if IsBig[O]() {
		return binary.BigEndian.Uint32(b[:])
	}
	return binary.LittleEndian.Uint32(b[:])
}

// Set stores v, writing through to the overlaid bytes.
func (b *U32[O]) Set(v uint32) {
	if IsBig[O]() {
		binary.BigEndian.PutUint32(b[:], v)
	} else {
		binary.LittleEndian.PutUint32(b[:], v)
	}
}

// String formats the value in decimal.
func (b U32[O]) String() string { return strconv.FormatUint(uint64(b.Get()), 10) }

// Get returns the stored value.
func (b U64[O]) Get() uint64 {
	if IsBig[O]() {
		return binary.BigEndian.Uint64(b[:])
	}
	return binary.LittleEndian.Uint64(b[:])
}

// Set stores v, writing through to the overlaid bytes.
func (b *U64[O]) Set(v uint64) {
	if IsBig[O]() {
		binary.BigEndian.PutUint64(b[:], v)
	} else {
		binary.LittleEndian.PutUint64(b[:], v)
	}
}

// String formats the value in decimal.
func (b U64[O]) String() string { return strconv.FormatUint(b.Get(), 10) }

// Get returns the stored value.
func (b I16[O]) Get() int16 { return int16(U16[O](b).Get()) }

// Set stores v, writing through to the overlaid bytes.
func (b *I16[O]) Set(v int16) { (*U16[O])(b).Set(uint16(v)) }

// String formats the value in decimal.
func (b I16[O]) String() string { return strconv.FormatInt(int64(b.Get()), 10) }

// Get returns the stored value.
func (b I32[O]) Get() int32 { return int32(U32[O](b).Get()) }

// Set stores v, writing through to the overlaid bytes.
func (b *I32[O]) Set(v int32) { (*U32[O])(b).Set(uint32(v)) }

// String formats the value in decimal.
func (b I32[O]) String() string { return strconv.FormatInt(int64(b.Get()), 10) }

// Get returns the stored value.
func (b I64[O]) Get() int64 { return int64(U64[O](b).Get()) }

// Set stores v, writing through to the overlaid bytes.
func (b *I64[O]) Set(v int64) { (*U64[O])(b).Set(uint64(v)) }

// String formats the value in decimal.
func (b I64[O]) String() string { return strconv.FormatInt(b.Get(), 10) }

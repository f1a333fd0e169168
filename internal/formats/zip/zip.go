// Package zip defines overlays for the records of the ZIP archive format:
// the local file header, the central directory header, the end of central
// directory record, and the ZIP64 end of central directory record and
// locator.
//
// ZIP records are little-endian and packed: 30, 46 and 22 bytes, followed
// by variable-length names, extra fields and comments, so they sit at odd
// offsets and their 32-bit fields at offsets that are not multiples of 4.
// Built from package endian's alignment-1 types, the overlays have no
// padding and can be cast at any offset in an archive.
//
// [Reader] finds and walks the central directory as archive/zip does,
// accepting and rejecting the same archives, without copying anything.
//
// The MS-DOS time and date of the headers are divided by bits tags; their
// accessors (Hour, Minute, Second2, Year1980, Month, Day and their
// setters) are generated into bits_gen.go by cmd/overlaybits.
package zip

//go:generate go run github.com/go-overlay/overlay/cmd/overlaybits

import (
	"structs"

	"github.com/go-overlay/overlay/endian"
)

// Record signatures.
const (
	LocalFileHeaderSignature = 0x04034b50 // "PK\x03\x04"
	DirectoryHeaderSignature = 0x02014b50 // "PK\x01\x02"
	DirectoryEndSignature    = 0x06054b50 // "PK\x05\x06"
	Directory64LocSignature  = 0x07064b50 // "PK\x06\x07"
	Directory64EndSignature  = 0x06064b50 // "PK\x06\x06"
	DataDescriptorSignature  = 0x08074b50 // "PK\x07\x08"
	Zip64ExtraID             = 0x0001
)

// LocalFileHeader precedes each file's data (30 bytes), followed by the
// name and the extra field.
//
//layoutcheck:overlay
type LocalFileHeader struct {
	_                structs.HostLayout
	Signature        endian.U32LE // LocalFileHeaderSignature
	ReaderVersion    endian.U16LE
	Flags            endian.U16LE
	Method           endian.U16LE
	ModifiedTime     endian.U16LE `bits:"Hour:5,Minute:6,Second2:5"` // MS-DOS time; Second2 is the seconds / 2
	ModifiedDate     endian.U16LE `bits:"Year1980:7,Month:4,Day:5"`  // MS-DOS date; Year1980 is the year - 1980
	CRC32            endian.U32LE
	CompressedSize   endian.U32LE
	UncompressedSize endian.U32LE
	NameLen          endian.U16LE
	ExtraLen         endian.U16LE
}

// DirectoryHeader is a central directory file header (46 bytes), followed
// by the name, the extra field and the comment.
//
//layoutcheck:overlay
type DirectoryHeader struct {
	_                 structs.HostLayout
	Signature         endian.U32LE // DirectoryHeaderSignature
	CreatorVersion    endian.U16LE
	ReaderVersion     endian.U16LE
	Flags             endian.U16LE
	Method            endian.U16LE
	ModifiedTime      endian.U16LE `bits:"Hour:5,Minute:6,Second2:5"` // as in LocalFileHeader
	ModifiedDate      endian.U16LE `bits:"Year1980:7,Month:4,Day:5"`
	CRC32             endian.U32LE
	CompressedSize    endian.U32LE
	UncompressedSize  endian.U32LE
	NameLen           endian.U16LE
	ExtraLen          endian.U16LE
	CommentLen        endian.U16LE
	DiskNumberStart   endian.U16LE
	InternalAttrs     endian.U16LE
	ExternalAttrs     endian.U32LE
	LocalHeaderOffset endian.U32LE
}

// DirectoryEnd is the end of central directory record (22 bytes), followed
// by the archive comment.
//
//layoutcheck:overlay
type DirectoryEnd struct {
	_                  structs.HostLayout
	Signature          endian.U32LE // DirectoryEndSignature
	DiskNumber         endian.U16LE
	DirDiskNumber      endian.U16LE
	DirRecordsThisDisk endian.U16LE
	DirRecords         endian.U16LE
	DirSize            endian.U32LE
	DirOffset          endian.U32LE
	CommentLen         endian.U16LE
}

// Directory64Locator is the ZIP64 end of central directory locator (20
// bytes), just before the DirectoryEnd.
//
//layoutcheck:overlay
type Directory64Locator struct {
	_            structs.HostLayout
	Signature    endian.U32LE // Directory64LocSignature
	DirEndDisk   endian.U32LE
	DirEndOffset endian.U64LE
	TotalDisks   endian.U32LE
}

// Directory64End is the ZIP64 end of central directory record (56 bytes
// before its extensible data).
//
//layoutcheck:overlay
type Directory64End struct {
	_                  structs.HostLayout
	Signature          endian.U32LE // Directory64EndSignature
	RecordSize         endian.U64LE
	CreatorVersion     endian.U16LE
	ReaderVersion      endian.U16LE
	DiskNumber         endian.U32LE
	DirDiskNumber      endian.U32LE
	DirRecordsThisDisk endian.U64LE
	DirRecords         endian.U64LE
	DirSize            endian.U64LE
	DirOffset          endian.U64LE
}

// DataDescriptor follows a file's data when bit 3 of Flags is set (16
// bytes, with the optional signature).
//
//layoutcheck:overlay
type DataDescriptor struct {
	_                structs.HostLayout
	Signature        endian.U32LE // DataDescriptorSignature
	CRC32            endian.U32LE
	CompressedSize   endian.U32LE
	UncompressedSize endian.U32LE
}

// ExtraHeader starts each block of an extra field (4 bytes).
//
//layoutcheck:overlay
type ExtraHeader struct {
	_    structs.HostLayout
	Tag  endian.U16LE
	Size endian.U16LE
}

package elf

import (
	"math"
	"structs"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// Nhdr is the header of a note (Elf32_Nhdr and Elf64_Nhdr, which are the
// same, 12 bytes): the sizes of the name and descriptor that follow it.
//
//layoutcheck:overlay
type Nhdr[O endian.Order] struct {
	_      structs.HostLayout
	Namesz endian.U32[O]
	Descsz endian.U32[O]
	Type   endian.U32[O]
}

// A Note is one note of a SHT_NOTE section or PT_NOTE segment. Name and
// Desc are views of the file.
type Note struct {
	Name []byte // the owner, namesz bytes with its NUL cut off
	Type uint32
	Desc []byte
}

// SectionNotes returns the notes of section i, which should be of type
// SHT_NOTE, aligned as binutils' readelf aligns them: to 8 bytes if the
// section's sh_addralign is 8, to 4 if it is below 4, and an error for any
// other alignment.
func (f *File) SectionNotes(i int) ([]Note, error) {
	s := f.Section(i)
	data, err := f.SectionData(i)
	if err != nil {
		return nil, err
	}
	return f.notes(data, s.Addralign, int64(s.Offset))
}

// ProgNotes returns the notes of program header i, which should be of type
// PT_NOTE, aligned by its p_align as [File.SectionNotes] is.
func (f *File) ProgNotes(i int) ([]Note, error) {
	p := f.Prog(i)
	data, err := span(f.data, p.Offset, p.Filesz, "note segment")
	if err != nil {
		return nil, err
	}
	return f.notes(data, p.Align, int64(p.Offset))
}

func (f *File) notes(data []byte, align uint64, off int64) ([]Note, error) {
	switch {
	case align < 4:
		align = 4
	case align != 4 && align != 8:
		return nil, &FormatError{off, "note alignment is not 4 or 8", align}
	}
	if f.big {
		return notes[endian.Big](data, int(align), off)
	}
	return notes[endian.Little](data, int(align), off)
}

// notes reads a sequence of notes, each a header, the name padded to the
// alignment, and the descriptor, the next one starting at the next
// multiple of the alignment (the gABI's rule, and binutils' for 8-byte
// aligned GNU property notes).
func notes[O endian.Order](data []byte, align int, off int64) ([]Note, error) {
	descOff := func(h *Nhdr[O]) uint64 {
		return alignUp(12+uint64(h.Namesz.Get()), uint64(align))
	}
	recs := cast.NewRecords(data, align, func(h *Nhdr[O]) int {
		// In uint64, so that two 32-bit sizes cannot wrap around int
		// on 32-bit hosts.
		return int(min(descOff(h)+uint64(h.Descsz.Get()), math.MaxInt))
	})
	var out []Note
	for h, body := range recs.All() {
		name, _ := cast.CString(body[:h.Namesz.Get()])
		out = append(out, Note{Name: name, Type: h.Type.Get(), Desc: body[descOff(h)-12:]})
	}
	if err := recs.Err(); err != nil {
		return out, &FormatError{off + int64(recs.Offset()), "malformed note:", err}
	}
	return out, nil
}

func alignUp(n, a uint64) uint64 { return (n + a - 1) &^ (a - 1) }

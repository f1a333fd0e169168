package cast_test

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"testing"

	"github.com/go-overlay/overlay/cast"
)

// Benchmarks of the codec against encoding/binary and a hand-written
// decoder, beside each other so that one run gives the ratios:
//
//	go test -run='^$' -bench=Codec -count=5 -benchmem ./cast/

var (
	sinkElfHeader elf.Header64
	sinkSyms      []elf.Sym64
)

// decodeHeader64BE decodes an ELF64 header field by field, as debug/elf's
// callers would by hand with binary.BigEndian.
func decodeHeader64BE(b []byte) (h elf.Header64, rest []byte, ok bool) {
	if len(b) < 64 {
		return h, nil, false
	}
	_ = b[63]
	copy(h.Ident[:], b)
	h.Type = binary.BigEndian.Uint16(b[16:])
	h.Machine = binary.BigEndian.Uint16(b[18:])
	h.Version = binary.BigEndian.Uint32(b[20:])
	h.Entry = binary.BigEndian.Uint64(b[24:])
	h.Phoff = binary.BigEndian.Uint64(b[32:])
	h.Shoff = binary.BigEndian.Uint64(b[40:])
	h.Flags = binary.BigEndian.Uint32(b[48:])
	h.Ehsize = binary.BigEndian.Uint16(b[52:])
	h.Phentsize = binary.BigEndian.Uint16(b[54:])
	h.Phnum = binary.BigEndian.Uint16(b[56:])
	h.Shentsize = binary.BigEndian.Uint16(b[58:])
	h.Shnum = binary.BigEndian.Uint16(b[60:])
	h.Shstrndx = binary.BigEndian.Uint16(b[62:])
	return h, b[64:], true
}

func benchBytes(n int) []byte {
	b := make([]byte, n+1)[1:] // misaligned on purpose, as file data is
	for i := range b {
		b[i] = byte(i*7 + 3)
	}
	return b
}

func BenchmarkCodecHeader64(b *testing.B) {
	buf := benchBytes(64)
	for _, o := range []struct {
		name  string
		order binary.ByteOrder
	}{{"big", binary.BigEndian}, {"little", binary.LittleEndian}} {
		b.Run(o.name+"/cast.Decode", func(b *testing.B) {
			for b.Loop() {
				sinkElfHeader, sinkBytes, sinkErr = cast.Decode[elf.Header64](buf, o.order)
			}
		})
		b.Run(o.name+"/binary.Decode", func(b *testing.B) {
			for b.Loop() {
				_, sinkErr = binary.Decode(buf, o.order, &sinkElfHeader)
			}
		})
	}
	b.Run("big/hand-written", func(b *testing.B) {
		for b.Loop() {
			var ok bool
			sinkElfHeader, sinkBytes, ok = decodeHeader64BE(buf)
			if !ok {
				b.Fatal("short")
			}
		}
	})

	// The floor of a plan-driven Decode: Decode with its loops over the
	// plan's offsets written out as the swaps they make.
	want, _, _ := decodeHeader64BE(buf)
	if h, _, err := cast.DecodeHeader64Floor(buf, binary.BigEndian); err != nil || h != want {
		b.Fatalf("floor: %+v, %v; want %+v", h, err, want)
	}
	b.Run("big/floor", func(b *testing.B) {
		for b.Loop() {
			sinkElfHeader, sinkBytes, sinkErr = cast.DecodeHeader64Floor(buf, binary.BigEndian)
		}
	})
}

func BenchmarkCodecSym64(b *testing.B) {
	const n = 100_000
	buf := benchBytes(n * 24)
	syms := make([]elf.Sym64, n)
	b.Run("cast.DecodeSlice", func(b *testing.B) {
		for b.Loop() {
			sinkBytes, sinkErr = cast.DecodeSlice(syms, buf, binary.BigEndian)
		}
	})
	b.Run("binary.Read", func(b *testing.B) {
		for b.Loop() {
			sinkErr = binary.Read(bytes.NewReader(buf), binary.BigEndian, syms)
		}
	})
	sinkSyms = syms
}

func BenchmarkCodecAppend(b *testing.B) {
	h, _, err := cast.Decode[elf.Header64](benchBytes(64), binary.BigEndian)
	if err != nil {
		b.Fatal(err)
	}
	out := make([]byte, 0, 64)
	b.Run("cast.Append", func(b *testing.B) {
		for b.Loop() {
			sinkBytes, sinkErr = cast.Append(out[:0], binary.BigEndian, &h)
		}
	})
	b.Run("binary.Append", func(b *testing.B) {
		for b.Loop() {
			sinkBytes, sinkErr = binary.Append(out[:0], binary.BigEndian, &h)
		}
	})
}

func BenchmarkCodecReader(b *testing.B) {
	buf := benchBytes(64)
	r := bytes.NewReader(buf)
	b.Run("cast.DecodeFrom", func(b *testing.B) {
		for b.Loop() {
			r.Reset(buf)
			sinkElfHeader, sinkErr = cast.DecodeFrom[elf.Header64](r, binary.BigEndian)
		}
	})
	b.Run("binary.Read", func(b *testing.B) {
		for b.Loop() {
			r.Reset(buf)
			sinkErr = binary.Read(r, binary.BigEndian, &sinkElfHeader)
		}
	})
}

package cast_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strconv"
	"testing"
	"unsafe"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// Benchmarks of cast against raw unsafe and encoding/binary, beside each
// other so that one run gives the ratios:
//
//	go test -run='^$' -bench=. -count=6 -benchmem ./cast/
//
// Results go to package-level sinks so that no call can be discarded.

var (
	sinkHeader  *Header
	sinkHeaderV Header
	sinkRecs    []rec
	sinkErr     error
	sinkU64     uint64
)

var (
	benchHeaderOverlay = cast.MustOverlay[Header]()
	benchRecOverlay    = cast.MustOverlay[rec]()
)

// decodeHeaderLE decodes a Header field by field, as hand-written parsers
// do. Header is in host order, so on little-endian hosts this gives what a
// cast gives.
func decodeHeaderLE(b []byte, h *Header) {
	_ = b[23]
	h.Magic = binary.LittleEndian.Uint32(b[0:])
	h.Version = binary.LittleEndian.Uint16(b[4:])
	h.Flags = binary.LittleEndian.Uint16(b[6:])
	h.Length = binary.LittleEndian.Uint64(b[8:])
	h.Checksum = binary.LittleEndian.Uint64(b[16:])
}

var errShortHeader = errors.New("short header")

// decodeHeader is the hand-written counterpart of cast.Read: the same
// contract (a Header value, an error for a wrong length), by
// binary.LittleEndian field by field.
func decodeHeader(b []byte) (Header, error) {
	if len(b) != headerSize {
		return Header{}, errShortHeader
	}
	var h Header
	decodeHeaderLE(b, &h)
	return h, nil
}

// rawHeader is the hand-written counterpart of cast.To: a length check
// and an unsafe conversion, as a user would write it.
func rawHeader(b []byte) (*Header, error) {
	if len(b) != headerSize {
		return nil, errShortHeader
	}
	return (*Header)(unsafe.Pointer(&b[0])), nil
}

// BenchmarkHeader compares the casts with their hand-written counterparts
// on a 24-byte header, each in the loop a user writes: call, check the
// error, use the result (a field, summed, so that no store of the whole
// value to memory is measured instead). Read and the decodes run on an
// aligned buffer and on one at an odd address.
func BenchmarkHeader(b *testing.B) {
	mem := pattern(aligned(headerSize + 8))
	for _, off := range []int{0, 1} {
		buf := mem[off : off+headerSize]
		name := map[int]string{0: "aligned/", 1: "misaligned/"}[off]
		if off == 0 {
			b.Run(name+"raw", func(b *testing.B) {
				var s uint64
				for b.Loop() {
					h, err := rawHeader(buf)
					if err != nil {
						b.Fatal(err)
					}
					s += h.Length
				}
				sinkU64 = s
			})
			b.Run(name+"cast.To", func(b *testing.B) {
				var s uint64
				for b.Loop() {
					h, err := cast.To[Header](buf)
					if err != nil {
						b.Fatal(err)
					}
					s += h.Length
				}
				sinkU64 = s
			})
			b.Run(name+"Overlay.To", func(b *testing.B) {
				var s uint64
				for b.Loop() {
					h, err := benchHeaderOverlay.To(buf)
					if err != nil {
						b.Fatal(err)
					}
					s += h.Length
				}
				sinkU64 = s
			})
		}
		b.Run(name+"decode", func(b *testing.B) {
			var s uint64
			for b.Loop() {
				h, err := decodeHeader(buf)
				if err != nil {
					b.Fatal(err)
				}
				s += h.Length
			}
			sinkU64 = s
		})
		b.Run(name+"cast.Read", func(b *testing.B) {
			var s uint64
			for b.Loop() {
				h, err := cast.Read[Header](buf)
				if err != nil {
					b.Fatal(err)
				}
				s += h.Length
			}
			sinkU64 = s
		})
		b.Run(name+"Overlay.Read", func(b *testing.B) {
			var s uint64
			for b.Loop() {
				h, err := benchHeaderOverlay.Read(buf)
				if err != nil {
					b.Fatal(err)
				}
				s += h.Length
			}
			sinkU64 = s
		})
		// Decoding into a variable the caller owns, with no result to
		// copy: the floor for any by-value API.
		b.Run(name+"decodeInto", func(b *testing.B) {
			var s uint64
			var h Header
			for b.Loop() {
				decodeHeaderLE(buf, &h)
				s += h.Length
			}
			sinkU64 = s
		})
	}
	buf := mem[:headerSize]
	b.Run("binary.Decode", func(b *testing.B) {
		for b.Loop() {
			_, sinkErr = binary.Decode(buf, binary.LittleEndian, &sinkHeaderV)
		}
	})
	b.Run("binary.Read", func(b *testing.B) {
		r := bytes.NewReader(buf)
		for b.Loop() {
			r.Reset(buf)
			sinkErr = binary.Read(r, binary.LittleEndian, &sinkHeaderV)
		}
	})
}

const million = 1_000_000

func BenchmarkRecords1e6(b *testing.B) {
	buf := pattern(aligned(million * recSize))
	dst := make([]rec, million)
	b.Run("raw", func(b *testing.B) {
		for b.Loop() {
			if len(buf)%8 != 0 {
				b.Fatal("ragged buffer")
			}
			sinkRecs = unsafe.Slice((*rec)(unsafe.Pointer(&buf[0])), len(buf)/8)
		}
	})
	b.Run("cast.Slice", func(b *testing.B) {
		for b.Loop() {
			sinkRecs, sinkErr = cast.Slice[rec](buf)
		}
	})
	b.Run("Overlay.Slice", func(b *testing.B) {
		for b.Loop() {
			sinkRecs, sinkErr = benchRecOverlay.Slice(buf)
		}
	})
	// The copying counterparts, into a preallocated []rec.
	b.Run("cast.Slice+copy", func(b *testing.B) {
		b.SetBytes(int64(len(buf)))
		for b.Loop() {
			s, err := cast.Slice[rec](buf)
			sinkErr = err
			copy(dst, s)
		}
	})
	b.Run("binary.LittleEndian", func(b *testing.B) {
		b.SetBytes(int64(len(buf)))
		for b.Loop() {
			p := buf[:len(dst)*8]
			for i := range dst {
				dst[i].A = binary.LittleEndian.Uint32(p[8*i:])
				dst[i].B = binary.LittleEndian.Uint32(p[8*i+4:])
			}
		}
	})
	b.Run("binary.Decode", func(b *testing.B) {
		b.SetBytes(int64(len(buf)))
		for b.Loop() {
			_, sinkErr = binary.Decode(buf, binary.LittleEndian, dst)
		}
	})
	b.Run("binary.Read", func(b *testing.B) {
		b.SetBytes(int64(len(buf)))
		r := bytes.NewReader(buf)
		for b.Loop() {
			r.Reset(buf)
			sinkErr = binary.Read(r, binary.LittleEndian, dst)
		}
	})
	sinkU64 = uint64(dst[len(dst)-1].A)
}

// BenchmarkSliceLen shows that Slice costs the same at any length.
func BenchmarkSliceLen(b *testing.B) {
	buf := aligned(million * recSize)
	for _, n := range []int{10, 1000, million} {
		p := buf[:n*recSize]
		b.Run("cast.Slice/"+strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				sinkRecs, sinkErr = cast.Slice[rec](p)
			}
		})
		b.Run("Overlay.Slice/"+strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				sinkRecs, sinkErr = benchRecOverlay.Slice(p)
			}
		})
	}
}

// BenchmarkOverlayMethods covers the other prepared fast paths.
func BenchmarkOverlayMethods(b *testing.B) {
	buf := aligned(4 * headerSize)
	b.Run("Prefix", func(b *testing.B) {
		for b.Loop() {
			sinkHeader, _, sinkErr = benchHeaderOverlay.Prefix(buf)
		}
	})
	b.Run("Suffix", func(b *testing.B) {
		for b.Loop() {
			_, sinkHeader, sinkErr = benchHeaderOverlay.Suffix(buf)
		}
	})
	b.Run("SlicePrefix", func(b *testing.B) {
		for b.Loop() {
			sinkRecs, _, sinkErr = benchRecOverlay.SlicePrefix(buf, 3)
		}
	})
	b.Run("cast.Prefix", func(b *testing.B) {
		for b.Loop() {
			sinkHeader, _, sinkErr = cast.Prefix[Header](buf)
		}
	})
	b.Run("cast.SlicePrefix", func(b *testing.B) {
		for b.Loop() {
			sinkRecs, _, sinkErr = cast.SlicePrefix[rec](buf, 3)
		}
	})
}

// cheapPlain and cheapValid are the same 16-byte record; in cheapValid one
// byte is an endian.Bool, so every cast also runs its Validate (one
// compare), through the plan built for the type.
type cheapPlain struct {
	ID    endian.U32BE
	Len   endian.U32BE
	Off   endian.U32BE
	Flag  uint8
	Spare [3]uint8
}

type cheapValid struct {
	ID    endian.U32BE
	Len   endian.U32BE
	Off   endian.U32BE
	Flag  endian.Bool
	Spare [3]uint8
}

var (
	sinkCheapPlain  *cheapPlain
	sinkCheapValid  *cheapValid
	sinkCheapPlains []cheapPlain
	sinkCheapValids []cheapValid
)

// BenchmarkNestedValidate measures what validating one Bool field costs
// against the cast alone: To, Overlay.To, and Slice of 1000 records.
func BenchmarkNestedValidate(b *testing.B) {
	one := make([]byte, 16)
	many := make([]byte, 16*1000)
	po, vo := cast.MustOverlay[cheapPlain](), cast.MustOverlay[cheapValid]()
	b.Run("To/plain", func(b *testing.B) {
		for b.Loop() {
			sinkCheapPlain, sinkErr = cast.To[cheapPlain](one)
		}
	})
	b.Run("To/Bool", func(b *testing.B) {
		for b.Loop() {
			sinkCheapValid, sinkErr = cast.To[cheapValid](one)
		}
	})
	b.Run("Overlay.To/plain", func(b *testing.B) {
		for b.Loop() {
			sinkCheapPlain, sinkErr = po.To(one)
		}
	})
	b.Run("Overlay.To/Bool", func(b *testing.B) {
		for b.Loop() {
			sinkCheapValid, sinkErr = vo.To(one)
		}
	})
	b.Run("Slice1000/plain", func(b *testing.B) {
		for b.Loop() {
			sinkCheapPlains, sinkErr = cast.Slice[cheapPlain](many)
		}
	})
	b.Run("Slice1000/Bool", func(b *testing.B) {
		for b.Loop() {
			sinkCheapValids, sinkErr = cast.Slice[cheapValid](many)
		}
	})
}

// cheapOwn is cheapPlain with its own Validate, doing what cheapValid's
// Bool does: the slow path that T's own method always took.
type cheapOwn cheapPlain

func (c *cheapOwn) Validate() error {
	if c.Flag > 1 {
		return errors.New("bad flag")
	}
	return nil
}

var (
	sinkCheapOwn  *cheapOwn
	sinkCheapOwns []cheapOwn
)

// BenchmarkNestedValidateOwn is the baseline for BenchmarkNestedValidate's
// Bool cases: the same check as T's own Validate method.
func BenchmarkNestedValidateOwn(b *testing.B) {
	one := make([]byte, 16)
	many := make([]byte, 16*1000)
	oo := cast.MustOverlay[cheapOwn]()
	b.Run("Overlay.To/own", func(b *testing.B) {
		for b.Loop() {
			sinkCheapOwn, sinkErr = oo.To(one)
		}
	})
	b.Run("Slice1000/own", func(b *testing.B) {
		for b.Loop() {
			sinkCheapOwns, sinkErr = cast.Slice[cheapOwn](many)
		}
	})
}

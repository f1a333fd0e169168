package endian_test

import (
	"encoding/binary"
	"fmt"
	"math"
	"testing"
	"unsafe"

	"github.com/go-overlay/overlay/endian"
)

// The benchmarks compare each type's Get and Set with the encoding/binary
// call they wrap, on the same bytes in the same loop: benchN values
// overlaid at offset 3 of benchBuf, so that every access is unaligned. Each
// iteration reads or writes all benchN values through a helper function, so
// that b.Loop's own bookkeeping, and its keeping alive of the loop's
// variables in memory, do not drown the few instructions under test;
// ns/value is the cost of one Get or Set. Results go to package-level sinks
// so that the compiler cannot discard the work.
//
// Signed types compile to the same code as unsigned ones. The helpers are
// written out per type because a generic one would call the methods through
// a dictionary instead of inlining them.

const benchN = 16

var benchBuf [3 + 8*benchN]byte

var (
	sinkU16 uint16
	sinkU32 uint32
	sinkU64 uint64
	sinkF32 float32
	sinkF64 float64
)

// perValue reports the cost of one Get or Set.
func perValue(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchN), "ns/value")
}

func getU16BE(v *[benchN]endian.U16BE) (s uint16) {
	for i := range v {
		s += v[i].Get()
	}
	return s
}

func binGetU16BE(v *[benchN]endian.U16BE) (s uint16) {
	for i := range v {
		s += binary.BigEndian.Uint16(v[i][:])
	}
	return s
}

func setU16BE(v *[benchN]endian.U16BE, x uint16) {
	for i := range v {
		v[i].Set(x)
		x++
	}
}

func binSetU16BE(v *[benchN]endian.U16BE, x uint16) {
	for i := range v {
		binary.BigEndian.PutUint16(v[i][:], x)
		x++
	}
}

func BenchmarkU16BE(b *testing.B) {
	buf := benchBuf[3 : 3+2*benchN]
	vals := (*[benchN]endian.U16BE)(unsafe.Pointer(&buf[0])) // what cast.To does, minus its checks
	b.Run("Get", func(b *testing.B) {
		for b.Loop() {
			sinkU16 += getU16BE(vals)
		}
		perValue(b)
	})
	b.Run("binary.BigEndian.Uint16", func(b *testing.B) {
		for b.Loop() {
			sinkU16 += binGetU16BE(vals)
		}
		perValue(b)
	})
	b.Run("Set", func(b *testing.B) {
		var x uint16
		for b.Loop() {
			setU16BE(vals, x)
			x++
		}
		sinkU16 = vals[benchN-1].Get()
		perValue(b)
	})
	b.Run("binary.BigEndian.PutUint16", func(b *testing.B) {
		var x uint16
		for b.Loop() {
			binSetU16BE(vals, x)
			x++
		}
		sinkU16 = vals[benchN-1].Get()
		perValue(b)
	})
}

func getU16LE(v *[benchN]endian.U16LE) (s uint16) {
	for i := range v {
		s += v[i].Get()
	}
	return s
}

func binGetU16LE(v *[benchN]endian.U16LE) (s uint16) {
	for i := range v {
		s += binary.LittleEndian.Uint16(v[i][:])
	}
	return s
}

func setU16LE(v *[benchN]endian.U16LE, x uint16) {
	for i := range v {
		v[i].Set(x)
		x++
	}
}

func binSetU16LE(v *[benchN]endian.U16LE, x uint16) {
	for i := range v {
		binary.LittleEndian.PutUint16(v[i][:], x)
		x++
	}
}

func BenchmarkU16LE(b *testing.B) {
	buf := benchBuf[3 : 3+2*benchN]
	vals := (*[benchN]endian.U16LE)(unsafe.Pointer(&buf[0])) // what cast.To does, minus its checks
	b.Run("Get", func(b *testing.B) {
		for b.Loop() {
			sinkU16 += getU16LE(vals)
		}
		perValue(b)
	})
	b.Run("binary.LittleEndian.Uint16", func(b *testing.B) {
		for b.Loop() {
			sinkU16 += binGetU16LE(vals)
		}
		perValue(b)
	})
	b.Run("Set", func(b *testing.B) {
		var x uint16
		for b.Loop() {
			setU16LE(vals, x)
			x++
		}
		sinkU16 = vals[benchN-1].Get()
		perValue(b)
	})
	b.Run("binary.LittleEndian.PutUint16", func(b *testing.B) {
		var x uint16
		for b.Loop() {
			binSetU16LE(vals, x)
			x++
		}
		sinkU16 = vals[benchN-1].Get()
		perValue(b)
	})
}

func getU32BE(v *[benchN]endian.U32BE) (s uint32) {
	for i := range v {
		s += v[i].Get()
	}
	return s
}

func binGetU32BE(v *[benchN]endian.U32BE) (s uint32) {
	for i := range v {
		s += binary.BigEndian.Uint32(v[i][:])
	}
	return s
}

func setU32BE(v *[benchN]endian.U32BE, x uint32) {
	for i := range v {
		v[i].Set(x)
		x++
	}
}

func binSetU32BE(v *[benchN]endian.U32BE, x uint32) {
	for i := range v {
		binary.BigEndian.PutUint32(v[i][:], x)
		x++
	}
}

func BenchmarkU32BE(b *testing.B) {
	buf := benchBuf[3 : 3+4*benchN]
	vals := (*[benchN]endian.U32BE)(unsafe.Pointer(&buf[0])) // what cast.To does, minus its checks
	b.Run("Get", func(b *testing.B) {
		for b.Loop() {
			sinkU32 += getU32BE(vals)
		}
		perValue(b)
	})
	b.Run("binary.BigEndian.Uint32", func(b *testing.B) {
		for b.Loop() {
			sinkU32 += binGetU32BE(vals)
		}
		perValue(b)
	})
	b.Run("Set", func(b *testing.B) {
		var x uint32
		for b.Loop() {
			setU32BE(vals, x)
			x++
		}
		sinkU32 = vals[benchN-1].Get()
		perValue(b)
	})
	b.Run("binary.BigEndian.PutUint32", func(b *testing.B) {
		var x uint32
		for b.Loop() {
			binSetU32BE(vals, x)
			x++
		}
		sinkU32 = vals[benchN-1].Get()
		perValue(b)
	})
}

func getU32LE(v *[benchN]endian.U32LE) (s uint32) {
	for i := range v {
		s += v[i].Get()
	}
	return s
}

func binGetU32LE(v *[benchN]endian.U32LE) (s uint32) {
	for i := range v {
		s += binary.LittleEndian.Uint32(v[i][:])
	}
	return s
}

func setU32LE(v *[benchN]endian.U32LE, x uint32) {
	for i := range v {
		v[i].Set(x)
		x++
	}
}

func binSetU32LE(v *[benchN]endian.U32LE, x uint32) {
	for i := range v {
		binary.LittleEndian.PutUint32(v[i][:], x)
		x++
	}
}

func BenchmarkU32LE(b *testing.B) {
	buf := benchBuf[3 : 3+4*benchN]
	vals := (*[benchN]endian.U32LE)(unsafe.Pointer(&buf[0])) // what cast.To does, minus its checks
	b.Run("Get", func(b *testing.B) {
		for b.Loop() {
			sinkU32 += getU32LE(vals)
		}
		perValue(b)
	})
	b.Run("binary.LittleEndian.Uint32", func(b *testing.B) {
		for b.Loop() {
			sinkU32 += binGetU32LE(vals)
		}
		perValue(b)
	})
	b.Run("Set", func(b *testing.B) {
		var x uint32
		for b.Loop() {
			setU32LE(vals, x)
			x++
		}
		sinkU32 = vals[benchN-1].Get()
		perValue(b)
	})
	b.Run("binary.LittleEndian.PutUint32", func(b *testing.B) {
		var x uint32
		for b.Loop() {
			binSetU32LE(vals, x)
			x++
		}
		sinkU32 = vals[benchN-1].Get()
		perValue(b)
	})
}

func getU64BE(v *[benchN]endian.U64BE) (s uint64) {
	for i := range v {
		s += v[i].Get()
	}
	return s
}

func binGetU64BE(v *[benchN]endian.U64BE) (s uint64) {
	for i := range v {
		s += binary.BigEndian.Uint64(v[i][:])
	}
	return s
}

func setU64BE(v *[benchN]endian.U64BE, x uint64) {
	for i := range v {
		v[i].Set(x)
		x++
	}
}

func binSetU64BE(v *[benchN]endian.U64BE, x uint64) {
	for i := range v {
		binary.BigEndian.PutUint64(v[i][:], x)
		x++
	}
}

func BenchmarkU64BE(b *testing.B) {
	buf := benchBuf[3 : 3+8*benchN]
	vals := (*[benchN]endian.U64BE)(unsafe.Pointer(&buf[0])) // what cast.To does, minus its checks
	b.Run("Get", func(b *testing.B) {
		for b.Loop() {
			sinkU64 += getU64BE(vals)
		}
		perValue(b)
	})
	b.Run("binary.BigEndian.Uint64", func(b *testing.B) {
		for b.Loop() {
			sinkU64 += binGetU64BE(vals)
		}
		perValue(b)
	})
	b.Run("Set", func(b *testing.B) {
		var x uint64
		for b.Loop() {
			setU64BE(vals, x)
			x++
		}
		sinkU64 = vals[benchN-1].Get()
		perValue(b)
	})
	b.Run("binary.BigEndian.PutUint64", func(b *testing.B) {
		var x uint64
		for b.Loop() {
			binSetU64BE(vals, x)
			x++
		}
		sinkU64 = vals[benchN-1].Get()
		perValue(b)
	})
}

func getU64LE(v *[benchN]endian.U64LE) (s uint64) {
	for i := range v {
		s += v[i].Get()
	}
	return s
}

func binGetU64LE(v *[benchN]endian.U64LE) (s uint64) {
	for i := range v {
		s += binary.LittleEndian.Uint64(v[i][:])
	}
	return s
}

func setU64LE(v *[benchN]endian.U64LE, x uint64) {
	for i := range v {
		v[i].Set(x)
		x++
	}
}

func binSetU64LE(v *[benchN]endian.U64LE, x uint64) {
	for i := range v {
		binary.LittleEndian.PutUint64(v[i][:], x)
		x++
	}
}

func BenchmarkU64LE(b *testing.B) {
	buf := benchBuf[3 : 3+8*benchN]
	vals := (*[benchN]endian.U64LE)(unsafe.Pointer(&buf[0])) // what cast.To does, minus its checks
	b.Run("Get", func(b *testing.B) {
		for b.Loop() {
			sinkU64 += getU64LE(vals)
		}
		perValue(b)
	})
	b.Run("binary.LittleEndian.Uint64", func(b *testing.B) {
		for b.Loop() {
			sinkU64 += binGetU64LE(vals)
		}
		perValue(b)
	})
	b.Run("Set", func(b *testing.B) {
		var x uint64
		for b.Loop() {
			setU64LE(vals, x)
			x++
		}
		sinkU64 = vals[benchN-1].Get()
		perValue(b)
	})
	b.Run("binary.LittleEndian.PutUint64", func(b *testing.B) {
		var x uint64
		for b.Loop() {
			binSetU64LE(vals, x)
			x++
		}
		sinkU64 = vals[benchN-1].Get()
		perValue(b)
	})
}

func getF32BE(v *[benchN]endian.F32BE) (s float32) {
	for i := range v {
		s += v[i].Get()
	}
	return s
}

func binGetF32BE(v *[benchN]endian.F32BE) (s float32) {
	for i := range v {
		s += math.Float32frombits(binary.BigEndian.Uint32(v[i][:]))
	}
	return s
}

func setF32BE(v *[benchN]endian.F32BE, x float32) {
	for i := range v {
		v[i].Set(x)
		x += 1.5
	}
}

func binSetF32BE(v *[benchN]endian.F32BE, x float32) {
	for i := range v {
		binary.BigEndian.PutUint32(v[i][:], math.Float32bits(x))
		x += 1.5
	}
}

func BenchmarkF32BE(b *testing.B) {
	buf := benchBuf[3 : 3+4*benchN]
	vals := (*[benchN]endian.F32BE)(unsafe.Pointer(&buf[0])) // what cast.To does, minus its checks
	b.Run("Get", func(b *testing.B) {
		for b.Loop() {
			sinkF32 += getF32BE(vals)
		}
		perValue(b)
	})
	b.Run("binary.BigEndian.Uint32", func(b *testing.B) {
		for b.Loop() {
			sinkF32 += binGetF32BE(vals)
		}
		perValue(b)
	})
	b.Run("Set", func(b *testing.B) {
		var x float32
		for b.Loop() {
			setF32BE(vals, x)
			x++
		}
		sinkF32 = vals[benchN-1].Get()
		perValue(b)
	})
	b.Run("binary.BigEndian.PutUint32", func(b *testing.B) {
		var x float32
		for b.Loop() {
			binSetF32BE(vals, x)
			x++
		}
		sinkF32 = vals[benchN-1].Get()
		perValue(b)
	})
}

func getF64LE(v *[benchN]endian.F64LE) (s float64) {
	for i := range v {
		s += v[i].Get()
	}
	return s
}

func binGetF64LE(v *[benchN]endian.F64LE) (s float64) {
	for i := range v {
		s += math.Float64frombits(binary.LittleEndian.Uint64(v[i][:]))
	}
	return s
}

func setF64LE(v *[benchN]endian.F64LE, x float64) {
	for i := range v {
		v[i].Set(x)
		x += 1.5
	}
}

func binSetF64LE(v *[benchN]endian.F64LE, x float64) {
	for i := range v {
		binary.LittleEndian.PutUint64(v[i][:], math.Float64bits(x))
		x += 1.5
	}
}

func BenchmarkF64LE(b *testing.B) {
	buf := benchBuf[3 : 3+8*benchN]
	vals := (*[benchN]endian.F64LE)(unsafe.Pointer(&buf[0])) // what cast.To does, minus its checks
	b.Run("Get", func(b *testing.B) {
		for b.Loop() {
			sinkF64 += getF64LE(vals)
		}
		perValue(b)
	})
	b.Run("binary.LittleEndian.Uint64", func(b *testing.B) {
		for b.Loop() {
			sinkF64 += binGetF64LE(vals)
		}
		perValue(b)
	})
	b.Run("Set", func(b *testing.B) {
		var x float64
		for b.Loop() {
			setF64LE(vals, x)
			x++
		}
		sinkF64 = vals[benchN-1].Get()
		perValue(b)
	})
	b.Run("binary.LittleEndian.PutUint64", func(b *testing.B) {
		var x float64
		for b.Loop() {
			binSetF64LE(vals, x)
			x++
		}
		sinkF64 = vals[benchN-1].Get()
		perValue(b)
	})
}

// BenchmarkFormat compares fmt on endian numbers with fmt on the Go
// numbers they hold: plain %v (Format's fast path), a directive with
// flags and width (rebuilt and passed to fmt), and a struct.
func BenchmarkFormat(b *testing.B) {
	u := endian.NewU32BE(0x7f454c46)
	v := u.Get()
	type goHdr struct{ A, B, C, D uint32 }
	type hdr struct{ A, B, C, D endian.U32BE }
	gs, es := goHdr{v, v, v, v}, hdr{u, u, u, u}
	for _, bm := range []struct {
		name   string
		format string
		goArg  any
		endArg any
	}{
		{"v", "%v", v, u},
		{"#08x", "%#08x", v, u},
		{"struct", "%v", gs, es},
	} {
		b.Run(bm.name+"/uint32", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkString = fmt.Sprintf(bm.format, bm.goArg)
			}
		})
		b.Run(bm.name+"/U32BE", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkString = fmt.Sprintf(bm.format, bm.endArg)
			}
		})
	}
}

var sinkString string

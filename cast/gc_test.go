package cast_test

// GC: the pointers and slices that casts return are ordinary Go pointers
// into the buffer's backing array, often interior ones (Suffix, the rest
// of Prefix, elements of Slice), so they alone must keep the whole array
// alive while the collector runs under heavy allocation, and the array
// must be freed once they are dropped. A cleanup (runtime.AddCleanup) on
// the array records when it is collected; the values read through the
// cast are compared with copies taken at the start.

import (
	"fmt"
	"runtime"
	"structs"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// gcRec is a 16-byte record, 8-byte aligned on 64-bit arches.
type gcRec struct {
	_ structs.HostLayout
	_ endian.Native
	A uint64
	B endian.U32BE
	C uint32
}

// A gcHold is whatever a cast returned: it keeps references to the buffer
// and can check the values it sees against the values expected.
type gcHold struct {
	name  string
	check func() error // reads through the references
	drop  func()       // clears them
}

// gcBuffer allocates an N-byte array on the heap, fills it, and registers
// a cleanup that sets collected; only the array's address escapes.
func gcBuffer[A any](collected *atomic.Bool) *A {
	arr := new(A)
	b := unsafe.Slice((*byte)(unsafe.Pointer(arr)), unsafe.Sizeof(*arr))
	for i := range b {
		b[i] = byte(i*131 + 7)
	}
	runtime.AddCleanup(arr, func(c *atomic.Bool) { c.Store(true) }, collected)
	return arr
}

// gcSetups lists the casts under test. Each makes its own buffer, of
// array type A, and returns a hold on the cast's results only; the
// array itself is unreachable when it returns.
func gcSetups[A any]() []func(collected *atomic.Bool) gcHold {
	const rec = 16
	expect := func(off int) gcRec { // the record at byte offset off, computed independently
		var r gcRec
		b := unsafe.Slice((*byte)(unsafe.Pointer(&r)), rec)
		for i := range b {
			b[i] = byte((off+i)*131 + 7)
		}
		return r
	}
	n := int(unsafe.Sizeof(*new(A)))
	return []func(*atomic.Bool) gcHold{
		func(collected *atomic.Bool) gcHold {
			arr := gcBuffer[A](collected)
			p, err := cast.To[gcRec](unsafe.Slice((*byte)(unsafe.Pointer(arr)), n)[16:32])
			if err != nil {
				panic(err)
			}
			want := expect(16)
			return gcHold{"To (interior pointer)", func() error { return gcCompare(*p, want) }, func() { p = nil }}
		},
		func(collected *atomic.Bool) gcHold {
			arr := gcBuffer[A](collected)
			_, p, err := cast.Suffix[gcRec](unsafe.Slice((*byte)(unsafe.Pointer(arr)), n))
			if err != nil {
				panic(err)
			}
			want := expect(n - rec)
			return gcHold{"Suffix (pointer to the last bytes)", func() error { return gcCompare(*p, want) }, func() { p = nil }}
		},
		func(collected *atomic.Bool) gcHold {
			arr := gcBuffer[A](collected)
			s, err := cast.Slice[gcRec](unsafe.Slice((*byte)(unsafe.Pointer(arr)), n)[rec:])
			if err != nil {
				panic(err)
			}
			s = s[len(s)-1:] // keep only a slice of the last element
			want := expect(n - rec)
			return gcHold{"Slice (last element only)", func() error { return gcCompare(s[0], want) }, func() { s = nil }}
		},
		func(collected *atomic.Bool) gcHold {
			arr := gcBuffer[A](collected)
			_, rest, err := cast.Prefix[gcRec](unsafe.Slice((*byte)(unsafe.Pointer(arr)), n))
			if err != nil {
				panic(err)
			}
			rest = rest[len(rest)-1:] // the last byte, via the rest slice
			want := byte((n-1)*131 + 7)
			return gcHold{"Prefix (rest)", func() error {
				if rest[0] != want {
					return fmt.Errorf("last byte %#x, want %#x", rest[0], want)
				}
				return nil
			}, func() { rest = nil }}
		},
		func(collected *atomic.Bool) gcHold {
			arr := gcBuffer[A](collected)
			ov := cast.MustOverlay[gcRec]()
			s, _, err := ov.SlicePrefix(unsafe.Slice((*byte)(unsafe.Pointer(arr)), n)[2*rec:], 1)
			if err != nil {
				panic(err)
			}
			want := expect(2 * rec)
			return gcHold{"Overlay.SlicePrefix", func() error { return gcCompare(s[0], want) }, func() { s = nil }}
		},
		func(collected *atomic.Bool) gcHold {
			arr := gcBuffer[A](collected)
			p, err := cast.To[gcRec](unsafe.Slice((*byte)(unsafe.Pointer(arr)), n)[rec : 2*rec])
			if err != nil {
				panic(err)
			}
			b := cast.Bytes(p) // keep only the byte view of the cast
			want := expect(rec)
			return gcHold{"Bytes(To)", func() error {
				return gcCompare(*(*gcRec)(unsafe.Pointer(&b[0])), want)
			}, func() { b = nil }}
		},
	}
}

func gcCompare(got, want gcRec) error {
	if got != want {
		return fmt.Errorf("got %+v, want %+v", got, want)
	}
	return nil
}

// gcChurn allocates garbage in several goroutines, filled with a pattern
// that would show if a freed buffer were reused under a live cast.
func gcChurn(stop <-chan struct{}, wg *sync.WaitGroup) {
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var keep [][]byte
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				b := make([]byte, 16+(i*7919+g*104729)%(70<<10))
				for j := range b {
					b[j] = 0xCC
				}
				m := map[int]*[32]byte{i: new([32]byte)}
				_ = m
				keep = append(keep, b)
				if len(keep) > 64 {
					keep = keep[:0]
				}
			}
		}()
	}
}

func TestGCKeepsBuffersAlive(t *testing.T) {
	t.Run("64B", gcTest[[64]byte])
	t.Run("4KiB", gcTest[[4096]byte])
	t.Run("80KiB", gcTest[[80 << 10]byte]) // a large object: its own span
}

func gcTest[A any](t *testing.T) {
	rounds := 10
	if testing.Short() {
		rounds = 5
	}
	setups := gcSetups[A]()
	collected := make([]atomic.Bool, len(setups))
	var holds []gcHold
	for i, setup := range setups {
		holds = append(holds, setup(&collected[i]))
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	gcChurn(stop, &wg)
	for round := range rounds {
		runtime.GC()
		for i, h := range holds {
			if collected[i].Load() {
				t.Fatalf("round %d: %s: the buffer was collected while the cast result is live", round, h.name)
			}
			if err := h.check(); err != nil {
				t.Fatalf("round %d: %s: %v", round, h.name, err)
			}
		}
		time.Sleep(time.Millisecond)
	}
	close(stop)
	wg.Wait()
	// Drop the results: now each buffer must be collected.
	for i := range holds {
		holds[i].drop()
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		runtime.GC()
		done := 0
		for i := range holds {
			if collected[i].Load() {
				done++
			}
		}
		if done == len(holds) {
			break
		}
		if time.Now().After(deadline) {
			for i, h := range holds {
				if !collected[i].Load() {
					t.Errorf("%s: buffer not collected after the cast result was dropped", h.name)
				}
			}
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	runtime.KeepAlive(holds)
}

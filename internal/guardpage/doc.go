// Package guardpage allocates byte buffers that end exactly where an
// inaccessible page begins, for tests that must prove code never reads or
// writes past the end of a buffer.
//
// A buffer from [Alloc] or [AllocReadOnly] is the tail of an anonymous
// memory mapping: its last byte is the last byte of a page, and the next
// page is mapped PROT_NONE. Any access beyond the end of the buffer, even by
// a single byte, raises SIGSEGV. Combined with debug.SetPanicOnFault(true) in
// the goroutine under test, the fault becomes a recoverable runtime.Error
// panic that a test can report (see [Catch]) instead of a crash.
//
// The buffers live outside the Go heap: the garbage collector neither
// scans nor frees them. Call the returned free function (or use [New] and
// [NewReadOnly], which register it with t.Cleanup) when done, and do not
// use the buffer afterwards.
//
// Guard pages need mmap and mprotect; the package implements them on Linux.
// On other systems Alloc and AllocReadOnly return [ErrUnsupported] and New
// and NewReadOnly skip the test.
package guardpage

import (
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

// ErrUnsupported is returned by [Alloc] and [AllocReadOnly] on systems
// without guard-page support.
var ErrUnsupported = errors.New("guardpage: guard pages are not supported on " + runtime.GOOS)

// Supported reports whether guard pages work on this system.
func Supported() bool { return supported }

// New returns a read-write buffer of n bytes followed by a guard page, freed
// when t's test ends. It skips the test where guard pages are unsupported
// and fails it if the mapping fails.
func New(t testing.TB, n int) []byte {
	t.Helper()
	b, free, err := Alloc(n)
	if errors.Is(err, ErrUnsupported) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(free)
	return b
}

// NewReadOnly returns a read-only copy of data followed by a guard page,
// freed when t's test ends. It skips the test where guard pages are
// unsupported and fails it if the mapping fails.
func NewReadOnly(t testing.TB, data []byte) []byte {
	t.Helper()
	b, free, err := AllocReadOnly(data)
	if errors.Is(err, ErrUnsupported) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(free)
	return b
}

// A Fault describes a memory fault caught by [Catch].
//
// Addr is only as precise as the kernel (or emulator) makes it: s390x
// reports the faulting page, not the byte, and qemu-arm-static reports no
// address at all, so the runtime sees address 0 and raises its
// nil-dereference panic, which Catch also reports as a Fault with Addr 0.
type Fault struct {
	Err  error   // the runtime.Error the fault was turned into
	Addr uintptr // the faulting address, 0 if unknown
}

func (f *Fault) Error() string {
	return fmt.Sprintf("memory fault at %#x: %v", f.Addr, f.Err)
}

// Catch runs fn with debug.SetPanicOnFault(true) in the calling goroutine
// and returns a *[Fault] if fn faulted on a bad address, such as a guard
// page. Any other panic propagates. Faults in other goroutines that fn
// starts are not caught.
//
// fn must not rely on the state it leaves behind when it faults: a fault
// stops it in the middle of a statement.
func Catch(fn func()) (fault *Fault) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		err, ok := r.(runtime.Error)
		if !ok {
			panic(r)
		}
		if a, ok := r.(interface{ Addr() uintptr }); ok {
			fault = &Fault{Err: err, Addr: a.Addr()}
			return
		}
		if strings.HasPrefix(err.Error(), "runtime error: invalid memory address") {
			// A fault whose address the runtime did not learn (or a
			// nil dereference, which is as much a bug under test).
			fault = &Fault{Err: err}
			return
		}
		// Not a fault (index out of range, nil map write...): a bug for
		// the caller to see with its own stack.
		panic(r)
	}()
	fn()
	return nil
}

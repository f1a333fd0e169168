package guardpage_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"github.com/go-overlay/overlay/internal/guardpage"
)

// past returns the address of the byte just after b: the first byte of
// the guard page.
func past(b []byte) *byte {
	return (*byte)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(b)), len(b)))
}

var sink byte

// faultAt reports whether f is a fault at p, as precisely as the platform
// tells: some report only the page (s390x), some nothing (qemu-arm).
func faultAt(f *guardpage.Fault, p unsafe.Pointer) bool {
	ps := uintptr(guardpage.PageSize)
	return f.Addr == 0 || f.Addr/ps == uintptr(p)/ps
}

func TestAllocShape(t *testing.T) {
	ps := guardpage.PageSize
	for _, n := range []int{0, 1, 7, 8, 100, ps - 1, ps, ps + 1, 3*ps + 5} {
		b := guardpage.New(t, n)
		if len(b) != n || cap(b) != n {
			t.Fatalf("Alloc(%d): len %d cap %d", n, len(b), cap(b))
		}
		end := uintptr(unsafe.Pointer(past(b)))
		if end%uintptr(ps) != 0 {
			t.Errorf("Alloc(%d): end %#x is not page aligned", n, end)
		}
		for i := range b {
			if b[i] != 0 {
				t.Fatalf("Alloc(%d): b[%d] = %d, want 0", n, i, b[i])
			}
			b[i] = byte(i)
		}
		for i := range b {
			if b[i] != byte(i) {
				t.Fatalf("Alloc(%d): b[%d] = %d after write", n, i, b[i])
			}
		}
	}
}

func TestReadPastEndFaults(t *testing.T) {
	for _, n := range []int{0, 1, 8, guardpage.PageSize} {
		b := guardpage.New(t, n)
		if n > 0 {
			if f := guardpage.Catch(func() { sink = b[n-1] }); f != nil {
				t.Fatalf("Alloc(%d): reading the last byte faulted: %v", n, f)
			}
		}
		p := past(b)
		f := guardpage.Catch(func() { sink = *p })
		if f == nil {
			t.Fatalf("Alloc(%d): reading one byte past the end did not fault", n)
		}
		if !faultAt(f, unsafe.Pointer(p)) {
			t.Errorf("Alloc(%d): fault at %#x, want %#x", n, f.Addr, uintptr(unsafe.Pointer(p)))
		}
		var rerr runtime.Error
		if !errors.As(f.Err, &rerr) {
			t.Errorf("fault error %T is not a runtime.Error", f.Err)
		}
		t.Logf("Alloc(%d): %v", n, f)
	}
}

func TestWritePastEndFaults(t *testing.T) {
	b := guardpage.New(t, 16)
	p := past(b)
	if f := guardpage.Catch(func() { *p = 1 }); f == nil {
		t.Fatal("writing one byte past the end did not fault")
	}
}

func TestReadOnly(t *testing.T) {
	data := []byte("read-only bytes at the end of a page")
	b := guardpage.NewReadOnly(t, data)
	if !bytes.Equal(b, data) || cap(b) != len(data) {
		t.Fatalf("AllocReadOnly: got %q (cap %d), want %q", b, cap(b), data)
	}
	if f := guardpage.Catch(func() { sink = b[len(b)-1] }); f != nil {
		t.Fatalf("reading the last byte faulted: %v", f)
	}
	f := guardpage.Catch(func() { b[0] = 'X' })
	if f == nil {
		t.Fatal("writing to a read-only buffer did not fault")
	}
	if !faultAt(f, unsafe.Pointer(&b[0])) {
		t.Errorf("write fault at %#x, want %#x", f.Addr, uintptr(unsafe.Pointer(&b[0])))
	}
	t.Logf("write: %v", f)
	if f := guardpage.Catch(func() { sink = *past(b) }); f == nil {
		t.Fatal("reading past the end of a read-only buffer did not fault")
	}
	if !bytes.Equal(b, data) {
		t.Fatalf("read-only buffer changed: %q", b)
	}
}

func TestFree(t *testing.T) {
	b, free, err := guardpage.Alloc(10)
	if errors.Is(err, guardpage.ErrUnsupported) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	b[0] = 1
	free()
	free() // idempotent
	if f := guardpage.Catch(func() { sink = b[0] }); f == nil {
		t.Error("reading a freed buffer did not fault")
	}
}

func TestCatchPassesOtherPanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(error).Error(), "index out of range") {
			t.Fatalf("recovered %v, want the index panic", r)
		}
	}()
	var s []int
	i := 3
	_ = guardpage.Catch(func() { _ = s[i] })
	t.Fatal("Catch swallowed an index panic")
}

// TestFaultCrashesWithoutCatch proves the guard without SetPanicOnFault:
// the test binary re-runs itself to read past a guarded buffer and must die
// of SIGSEGV.
func TestFaultCrashesWithoutCatch(t *testing.T) {
	if os.Getenv("GUARDPAGE_CRASH") == "1" {
		b, _, err := guardpage.Alloc(3)
		if err != nil {
			os.Exit(3)
		}
		sink = *past(b)
		os.Exit(0) // not reached
	}
	if !guardpage.Supported() {
		t.Skip(guardpage.ErrUnsupported)
	}
	if testing.Short() {
		t.Skip("runs a subprocess")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestFaultCrashesWithoutCatch$", "-test.count=1")
	cmd.Env = append(os.Environ(), "GUARDPAGE_CRASH=1")
	out, err := cmd.CombinedOutput()
	if errors.Is(err, syscall.ENOEXEC) {
		// Cross-arch binary run by go test -exec qemu-*-static, with no
		// binfmt_misc registration to run it again.
		t.Skipf("cannot re-execute the test binary: %v", err)
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 || !bytes.Contains(out, []byte("SIGSEGV")) {
		t.Fatalf("child: %v, want exit status 2 with SIGSEGV; output:\n%s", err, out)
	}
	first, _, _ := bytes.Cut(out, []byte("\n"))
	t.Logf("child: %v: %s", err, first)
}

package cast_test

// Read-only memory: casts of a PROT_READ mapping (as from unix.Mmap of a
// file opened O_RDONLY, or mmap with PROT_READ) work for reading, and the
// values equal what encoding/binary decodes from the same bytes.
//
// Writing through a cast of read-only memory — an assignment to a field,
// endian's Set, copy into cast.Bytes(p) — is a write to a page the process
// may not write, and the kernel delivers SIGSEGV (code SEGV_ACCERR):
//
//   - by default the Go runtime treats it as a fatal error: the program
//     dies with "unexpected fault address 0x…" / "fatal error: fault" /
//     "[signal SIGSEGV: segmentation violation code=0x2 addr=0x… pc=0x…]",
//     exit status 2; recover cannot catch it
//     (TestReadOnlyWriteCrashesByDefault);
//   - in a goroutine that has called debug.SetPanicOnFault(true), it is a
//     panic with a runtime.Error ("invalid memory address or nil pointer
//     dereference") whose Addr() method returns the faulting address, the
//     written field's (s390x reports only its page; qemu-arm reports
//     address 0); the mapping is unchanged (TestReadOnlyWriteFaults).
//
// package cast does not and cannot detect read-only memory: a cast
// succeeds and the *T looks writable. Callers that map files read-only
// must treat the result as read-only, or use Read/ReadPrefix to copy.

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"os/exec"
	"runtime"
	"structs"
	"syscall"
	"testing"
	"unsafe"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
	"github.com/go-overlay/overlay/internal/guardpage"
)

// roRecord mixes native numbers (host order, declared) and endian types:
// 32 bytes, 8-byte aligned on 64-bit arches, no padding anywhere.
type roRecord struct {
	_ structs.HostLayout
	_ endian.Native
	A uint32
	B uint16
	C int16
	D uint64
	E endian.U32BE
	F endian.I64LE
	G float32
}

// roChecked is byte-aligned and has a Validate method, which runs on the
// read-only memory itself.
type roChecked struct {
	_    structs.HostLayout
	Kind uint8
	Len  endian.U16BE
	Sum  endian.U32LE
	Pad  uint8
}

func (c *roChecked) Validate() error {
	if c.Kind == 0 {
		return errors.New("kind 0")
	}
	return nil
}

func roData(n int) []byte {
	b := make([]byte, n)
	x := uint32(2463534242)
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	return b
}

// roWant decodes record i of data with encoding/binary, independently of
// package cast and package endian.
func roWant(t *testing.T, data []byte) (a uint32, b uint16, c int16, d uint64, e uint32, f int64, g float32) {
	t.Helper()
	var r struct {
		A uint32
		B uint16
		C int16
		D uint64
		E [4]byte
		F [8]byte
		G float32
	}
	if n, err := binary.Decode(data, binary.NativeEndian, &r); err != nil || n != 32 {
		t.Fatalf("binary.Decode: %d, %v", n, err)
	}
	return r.A, r.B, r.C, r.D, binary.BigEndian.Uint32(r.E[:]), int64(binary.LittleEndian.Uint64(r.F[:])), r.G
}

func roCheck(t *testing.T, what string, got *roRecord, data []byte) {
	t.Helper()
	a, b, c, d, e, f, g := roWant(t, data)
	if got.A != a || got.B != b || got.C != c || got.D != d || got.E.Get() != e || got.F.Get() != f ||
		!(got.G == g || got.G != got.G && g != g) {
		t.Errorf("%s: got {%d %d %d %d %d %d %g}, binary.Decode says {%d %d %d %d %d %d %g}",
			what, got.A, got.B, got.C, got.D, got.E.Get(), got.F.Get(), got.G, a, b, c, d, e, f, g)
	}
}

func TestReadOnlyCasts(t *testing.T) {
	if unsafe.Sizeof(roRecord{}) != 32 {
		t.Fatalf("roRecord is %d bytes", unsafe.Sizeof(roRecord{}))
	}
	const n = 100
	data := roData(n*32 + 5)
	ro := guardpage.NewReadOnly(t, data)
	if f := guardpage.Catch(func() { ro[0] = data[0] }); f == nil {
		t.Fatal("the mapping is writable")
	}
	// The records start 5 bytes before the end of a page plus a multiple
	// of 32: align the region's start for roRecord by skipping bytes.
	skip := int(-uintptr(unsafe.Pointer(&ro[0]))) & (int(unsafe.Alignof(roRecord{})) - 1)
	if skip > 5 {
		t.Fatalf("cannot align: skip %d", skip)
	}
	recs := ro[skip : skip+(len(ro)-skip)/32*32]
	dec := data[skip : skip+len(recs)]

	f := guardpage.Catch(func() {
		s, err := cast.Slice[roRecord](recs)
		if err != nil {
			t.Fatalf("Slice: %v", err)
		}
		for i := range s {
			roCheck(t, "Slice", &s[i], dec[i*32:])
		}
		p, err := cast.To[roRecord](recs[32:64])
		if err != nil {
			t.Fatalf("To: %v", err)
		}
		roCheck(t, "To", p, dec[32:])
		p, rest, err := cast.Prefix[roRecord](recs)
		if err != nil || len(rest) != len(recs)-32 {
			t.Fatalf("Prefix: %v", err)
		}
		roCheck(t, "Prefix", p, dec)
		head, p, err := cast.Suffix[roRecord](recs)
		if err != nil || len(head) != len(recs)-32 {
			t.Fatalf("Suffix: %v", err)
		}
		roCheck(t, "Suffix", p, dec[len(dec)-32:])
		v, err := cast.Read[roRecord](ro[1:33]) // misaligned: Read copies
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		roCheck(t, "Read", &v, data[1:])
		v, _, err = cast.ReadPrefix[roRecord](ro[len(ro)-32:])
		if err != nil {
			t.Fatalf("ReadPrefix: %v", err)
		}
		roCheck(t, "ReadPrefix at the guard", &v, data[len(data)-32:])
		ov := cast.MustOverlay[roRecord]()
		s2, rest, err := ov.SlicePrefix(recs, n-1)
		if err != nil || len(s2) != n-1 || len(rest) != len(recs)-(n-1)*32 {
			t.Fatalf("Overlay.SlicePrefix: %v", err)
		}
		roCheck(t, "Overlay.SlicePrefix", &s2[n-2], dec[(n-2)*32:])
		if !bytes.Equal(cast.SliceBytes(s2), dec[:(n-1)*32]) {
			t.Error("SliceBytes differs from the mapping")
		}
		// Validate runs on the read-only memory; byte-aligned casts at every
		// offset up to the guard.
		for off := 0; off+8 <= len(ro); off += 7 {
			c, err := cast.To[roChecked](ro[off : off+8])
			if (ro[off] == 0) != errors.Is(err, cast.ErrInvalid) {
				t.Fatalf("To[roChecked] at %d: %v", off, err)
			}
			if err == nil && (c.Len.Get() != binary.BigEndian.Uint16(data[off+1:]) || c.Sum.Get() != binary.LittleEndian.Uint32(data[off+3:])) {
				t.Fatalf("To[roChecked] at %d: wrong values", off)
			}
		}
	})
	if f != nil {
		t.Fatalf("reading a read-only mapping through casts faulted: %v", f)
	}
	if !bytes.Equal(ro, data) {
		t.Fatal("the mapping changed")
	}
}

// TestReadOnlyWriteFaults documents what writing through a cast of
// read-only memory does under debug.SetPanicOnFault(true): a runtime.Error
// panic at the written address, for a plain field store, an endian Set and
// a copy into cast.Bytes; the mapping stays unchanged.
func TestReadOnlyWriteFaults(t *testing.T) {
	data := roData(64)
	ro := guardpage.NewReadOnly(t, data)
	skip := int(-uintptr(unsafe.Pointer(&ro[0]))) & (int(unsafe.Alignof(roRecord{})) - 1)
	p, err := cast.To[roRecord](ro[skip : skip+32])
	if err != nil {
		t.Fatal(err)
	}
	writes := []struct {
		name  string
		addr  unsafe.Pointer
		write func()
	}{
		{"field store p.D = 1", unsafe.Pointer(&p.D), func() { p.D = 1 }},
		{"p.E.Set(7)", unsafe.Pointer(&p.E), func() { p.E.Set(7) }},
		{"copy(cast.Bytes(p), ...)", unsafe.Pointer(p), func() { copy(cast.Bytes(p), make([]byte, 32)) }},
		{"*p = roRecord{}", unsafe.Pointer(p), func() { *p = roRecord{} }},
	}
	ps := uintptr(guardpage.PageSize)
	for _, w := range writes {
		f := guardpage.Catch(w.write)
		if f == nil {
			t.Errorf("%s: no fault", w.name)
			continue
		}
		var re runtime.Error
		if !errors.As(f.Err, &re) {
			t.Errorf("%s: %T is not a runtime.Error", w.name, f.Err)
		}
		// Exact on amd64/arm64; the page on s390x; unknown (0) under
		// qemu-arm. A whole-struct store may fault a few bytes in.
		if f.Addr != 0 && f.Addr/ps != uintptr(w.addr)/ps {
			t.Errorf("%s: fault at %#x, want %p", w.name, f.Addr, w.addr)
		}
		t.Logf("%s: %v (field at %p)", w.name, f, w.addr)
	}
	if !bytes.Equal(ro, data) {
		t.Fatal("the mapping changed")
	}
}

// TestReadOnlyWriteCrashesByDefault documents the default: without
// SetPanicOnFault the write kills the process with a fatal SIGSEGV that
// recover does not catch. The test binary re-runs itself to show it.
func TestReadOnlyWriteCrashesByDefault(t *testing.T) {
	if os.Getenv("OVERLAY_RO_CRASH") == "1" {
		b, _, err := guardpage.AllocReadOnly(make([]byte, 8))
		if err != nil {
			os.Exit(3)
		}
		p, err := cast.To[[2]endian.U32LE](b)
		if err != nil {
			os.Exit(4)
		}
		func() {
			defer func() {
				_ = recover() // does not help: the runtime throws, it does not panic
				os.Exit(5)
			}()
			p[1].Set(1)
		}()
		os.Exit(0)
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
	cmd := exec.Command(exe, "-test.run=^TestReadOnlyWriteCrashesByDefault$", "-test.count=1")
	cmd.Env = append(os.Environ(), "OVERLAY_RO_CRASH=1")
	out, err := cmd.CombinedOutput()
	if errors.Is(err, syscall.ENOEXEC) {
		t.Skipf("cannot re-execute the test binary (cross-arch under qemu-user): %v", err)
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 || !bytes.Contains(out, []byte("unexpected fault address")) ||
		!bytes.Contains(out, []byte("SIGSEGV")) {
		t.Fatalf("child: %v; want exit status 2 with a fatal SIGSEGV; output:\n%s", err, out)
	}
	lines := bytes.SplitN(out, []byte("\n"), 4)
	t.Logf("child: %v:\n%s", err, bytes.Join(lines[:min(3, len(lines))], []byte("\n")))
}

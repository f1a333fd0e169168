package cast_test

// Byte order on the host: a struct marked _ endian.Big casts only on
// big-endian hosts and one marked _ endian.Little only on little-endian
// hosts (ErrByteOrder elsewhere); endian.Native, no marker, and structs of
// endian types cast everywhere, and every value read agrees with
// encoding/binary. The expectations follow golang.org/x/sys/cpu's
// IsBigEndian, so the same test runs natively and under
// GOARCH=s390x/mips go test -exec qemu-*-static.

import (
	"encoding/binary"
	"errors"
	"runtime"
	"structs"
	"testing"
	"unsafe"

	"golang.org/x/sys/cpu"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

type boBig struct {
	_ structs.HostLayout
	_ endian.Big
	A uint32
	B uint16
	C int16
}

type boLittle struct {
	_ structs.HostLayout
	_ endian.Little
	A uint32
	B uint16
	C int16
}

type boNative struct {
	_ structs.HostLayout
	_ endian.Native
	A uint32
	B uint16
	C int16
}

type boFixed struct {
	_ structs.HostLayout
	A endian.U32BE
	B endian.U16LE
	C endian.I16BE
}

// boNested hides the marker in a nested struct.
type boNested struct {
	_     structs.HostLayout
	Inner boBig
}

func TestByteOrderOnHost(t *testing.T) {
	big := cpu.IsBigEndian
	if big != (binary.NativeEndian.Uint16([]byte{1, 2}) == 0x0102) {
		t.Fatalf("cpu.IsBigEndian = %v disagrees with binary.NativeEndian", big)
	}
	b := []byte{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0xF7, 0x08}
	var words [1]uint64 // an aligned copy for the types with native numbers
	aligned := unsafe.Slice((*byte)(unsafe.Pointer(&words)), 8)
	copy(aligned, b)
	order := binary.ByteOrder(binary.LittleEndian)
	if big {
		order = binary.BigEndian
	}
	wantA, wantB, wantC := order.Uint32(b), order.Uint16(b[4:]), int16(order.Uint16(b[6:]))

	check := func(name string, err error, wantOK bool, a uint32, bb uint16, c int16) {
		t.Helper()
		switch {
		case wantOK && err != nil:
			t.Errorf("%s: %v, want success on this host", name, err)
		case !wantOK && !errors.Is(err, cast.ErrByteOrder):
			t.Errorf("%s: %v, want ErrByteOrder on this host", name, err)
		case wantOK && (a != wantA || bb != wantB || c != wantC):
			t.Errorf("%s: got %#x %#x %#x, encoding/binary says %#x %#x %#x", name, a, bb, c, wantA, wantB, wantC)
		}
	}

	pb, err := cast.To[boBig](aligned)
	if err == nil {
		check("To[boBig]", err, big, pb.A, pb.B, pb.C)
	} else {
		check("To[boBig]", err, big, 0, 0, 0)
	}
	pl, err := cast.To[boLittle](aligned)
	if err == nil {
		check("To[boLittle]", err, !big, pl.A, pl.B, pl.C)
	} else {
		check("To[boLittle]", err, !big, 0, 0, 0)
	}
	pn, err := cast.To[boNative](aligned)
	check("To[boNative]", err, true, pn.A, pn.B, pn.C)
	pf, err := cast.To[boFixed](b[:8])
	if err != nil || pf.A.Get() != binary.BigEndian.Uint32(b) || pf.B.Get() != binary.LittleEndian.Uint16(b[4:]) ||
		pf.C.Get() != int16(binary.BigEndian.Uint16(b[6:])) {
		t.Errorf("To[boFixed]: %v", err)
	}
	_, err = cast.To[boNested](aligned)
	check("To[boNested]", err, big, wantA, wantB, wantC)

	// Every entry point reports ErrByteOrder the same way, Check and
	// NewOverlay included.
	wrong := func(name string, err error) {
		t.Helper()
		if !errors.Is(err, cast.ErrByteOrder) {
			t.Errorf("%s: %v, want ErrByteOrder", name, err)
		}
	}
	if big {
		wrong("Check[boLittle]", cast.Check[boLittle]())
		_, err = cast.NewOverlay[boLittle]()
		wrong("NewOverlay[boLittle]", err)
		_, err = cast.Read[boLittle](b)
		wrong("Read[boLittle]", err)
		_, err = cast.Slice[boLittle](aligned)
		wrong("Slice[boLittle]", err)
		if err := cast.Check[boBig](); err != nil {
			t.Errorf("Check[boBig]: %v", err)
		}
		v, err := cast.Read[boBig](b)
		check("Read[boBig]", err, true, v.A, v.B, v.C)
	} else {
		wrong("Check[boBig]", cast.Check[boBig]())
		_, err = cast.NewOverlay[boBig]()
		wrong("NewOverlay[boBig]", err)
		_, err = cast.Read[boBig](b)
		wrong("Read[boBig]", err)
		_, err = cast.Slice[boBig](aligned)
		wrong("Slice[boBig]", err)
		if err := cast.Check[boLittle](); err != nil {
			t.Errorf("Check[boLittle]: %v", err)
		}
		v, err := cast.Read[boLittle](b)
		check("Read[boLittle]", err, true, v.A, v.B, v.C)
	}
	_, errBig := cast.To[boBig](aligned)
	_, errLittle := cast.To[boLittle](aligned)
	t.Logf("GOARCH=%s cpu.IsBigEndian=%v: To[Big-marked] err=%v; To[Little-marked] err=%v; Native and endian types cast",
		runtime.GOARCH, big, errBig, errLittle)
}

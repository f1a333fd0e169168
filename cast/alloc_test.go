package cast_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/cast"
)

// Sinks keep the compiler from discarding the calls under test.
var (
	allocHeader  *Header
	allocHeaderV Header
	allocRecs    []rec
	allocBytes   []byte
	allocErr     error
	allocChecked *checked
)

// TestZeroAllocs proves that every success path allocates nothing, for
// the package functions and the Overlay methods, including a type with a
// Validate method (Read of one validates a pooled scratch copy), and
// the empty and nil buffers that Slice accepts.
func TestZeroAllocs(t *testing.T) {
	hb := aligned(headerSize + 16)
	hdrBuf := hb[:headerSize]
	rb := aligned(4 * recSize)
	hdr := cast.MustOverlay[Header]()
	recs := cast.MustOverlay[rec]()
	good := make([]byte, 8)
	copy(good, []byte{0xCA, 0xFE, 0xBA, 0xBE})
	chk := cast.MustOverlay[checked]()
	goodOdd := make([]byte, 9)[1:]
	wide := aligned(9)[:8] // zeros: A <= B
	wideOdd := aligned(9)[1:]
	copy(goodOdd, good)

	cases := map[string]func(){
		"To":                  func() { allocHeader, allocErr = cast.To[Header](hdrBuf) },
		"Prefix":              func() { allocHeader, allocBytes, allocErr = cast.Prefix[Header](hb) },
		"Suffix":              func() { allocBytes, allocHeader, allocErr = cast.Suffix[Header](hb) },
		"Slice":               func() { allocRecs, allocErr = cast.Slice[rec](rb) },
		"SlicePrefix":         func() { allocRecs, allocBytes, allocErr = cast.SlicePrefix[rec](rb, 3) },
		"SlicePrefix(0)":      func() { allocRecs, allocBytes, allocErr = cast.SlicePrefix[rec](rb, 0) },
		"Read":                func() { allocHeaderV, allocErr = cast.Read[Header](hb[1 : headerSize+1]) },
		"ReadPrefix":          func() { allocHeaderV, allocBytes, allocErr = cast.ReadPrefix[Header](hb[3:]) },
		"Bytes":               func() { allocBytes = cast.Bytes(allocHeader) },
		"SliceBytes":          func() { allocBytes = cast.SliceBytes(allocRecs) },
		"Check":               func() { allocErr = cast.Check[Header]() },
		"NewOverlay":          func() { _, allocErr = cast.NewOverlay[Header]() },
		"Overlay.To":          func() { allocHeader, allocErr = hdr.To(hdrBuf) },
		"Overlay.Prefix":      func() { allocHeader, allocBytes, allocErr = hdr.Prefix(hb) },
		"Overlay.Suffix":      func() { allocBytes, allocHeader, allocErr = hdr.Suffix(hb) },
		"Overlay.Slice":       func() { allocRecs, allocErr = recs.Slice(rb) },
		"Overlay.SlicePrefix": func() { allocRecs, allocBytes, allocErr = recs.SlicePrefix(rb, 2) },
		"Overlay.Read":        func() { allocHeaderV, allocErr = hdr.Read(hb[5 : headerSize+5]) },
		"Validate To":         func() { allocChecked, allocErr = cast.To[checked](good) },
		"Validate Overlay.To": func() { allocChecked, allocErr = chk.To(good) },
		"Validate Slice":      func() { _, allocErr = chk.Slice(good) },

		// Read validates a pooled scratch copy (issue 10: it allocated one
		// per call), at any alignment.
		"Validate Read":                   func() { _, allocErr = cast.Read[checked](good) },
		"Validate Read(misaligned)":       func() { _, allocErr = cast.Read[checked](goodOdd) },
		"Validate ReadPrefix":             func() { _, allocBytes, allocErr = cast.ReadPrefix[checked](goodOdd) },
		"Validate Overlay.Read":           func() { _, allocErr = chk.Read(good) },
		"Validate Overlay.Read(misalign)": func() { _, allocErr = chk.Read(goodOdd) },
		"Validate Read(align 4, at 1)":    func() { _, allocErr = cast.Read[wideChecked](wideOdd) },
		"Validate Read(align 4, at 0)":    func() { _, allocErr = cast.Read[wideChecked](wide) },

		// Slice accepts empty buffers (zero elements) on the slow path.
		"Slice(empty)":          func() { allocRecs, allocErr = cast.Slice[rec](rb[:0]) },
		"Slice(nil)":            func() { allocRecs, allocErr = cast.Slice[rec](nil) },
		"Overlay.Slice(empty)":  func() { allocRecs, allocErr = recs.Slice(rb[:0]) },
		"Overlay.Slice(nil)":    func() { allocRecs, allocErr = recs.Slice(nil) },
		"Validate Slice(empty)": func() { _, allocErr = chk.Slice(good[:0]) },
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			f() // first use: computes and caches the verdict
			require.NoError(t, allocErr)
			assert.Zero(t, testing.AllocsPerRun(100, f))
			require.NoError(t, allocErr)
		})
	}
}

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
// Validate method (except Read of one, which validates a heap copy), and
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

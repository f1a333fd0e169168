package cast_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/cast"
)

var (
	allocTLV    *tlv
	allocTLVV   tlv
	allocTable  cast.Table[rec]
	allocString string
	allocOK     bool
	allocInt    int
)

// quiet is checked with a Validate method that returns a sentinel, which
// costs no allocation (checked's returns a new error).
type quiet checked

func (q *quiet) Validate() error {
	if q.Magic.Get() != 0xCAFEBABE {
		return errBadMagic
	}
	return nil
}

// TestZeroAllocsFrames proves that the success paths of frames, records,
// tables and strings allocate nothing, and that a failing record sequence
// does not either, as long as only Cause, Index and Offset are asked
// (Err allocates the error it returns).
func TestZeroAllocsFrames(t *testing.T) {
	frames := []byte{1, 0, 5, 'a', 'b', 0, 0, 0, 2, 0, 3, 0, 3, 0, 4, 'c'}
	bad := []byte{1, 0, 5, 'a', 'b', 2, 0, 9}
	rb := aligned(64)
	recs := cast.MustOverlay[rec]()
	text := []byte("zero-copy ünïcode")
	opts := []byte{1, 1, 2, 4, 5, 6, 0}
	badOpts := []byte{1, 2}
	good := []byte{0xCA, 0xFE, 0xBA, 0xBE, 0, 8, 0, 0}
	zeros := make([]byte, 8)

	success := map[string]func(){
		"Frame":         func() { allocTLV, allocBytes, allocBytes, allocErr = cast.Frame(frames, tlvLen) },
		"Overlay.Frame": func() { allocTLV, allocBytes, allocBytes, allocErr = tlvOverlay.Frame(frames, tlvLen) },
		"PrefixSlice": func() {
			allocRecs, allocErr = nil, nil
			_, allocRecs, allocBytes, allocErr = cast.PrefixSlice[rec, rec](rb, func(*rec) int { return 3 })
		},
		"Overlay.ReadPrefix": func() { allocTLVV, allocBytes, allocErr = tlvOverlay.ReadPrefix(frames[1:]) },
		"Records.All": func() {
			r := cast.NewRecords(frames, 4, tlvLen)
			for h, body := range r.All() {
				allocTLV, allocBytes = h, body
			}
			allocErr = r.Err()
		},
		"Overlay.Records.Next": func() {
			r := tlvOverlay.Records(frames, 4, tlvLen)
			for {
				h, body, ok := r.Next()
				if !ok {
					break
				}
				allocTLV, allocBytes = h, body
			}
			allocErr = r.Err()
		},
		"RecordsFunc": func() {
			r := cast.NewRecordsFunc(opts, 1, optionLen)
			for range r.All() {
				allocInt++
			}
			allocErr = r.Err()
		},
		"RecordsLength": func() {
			r := cast.NewRecordsLength[OptionKind](opts, 1, options)
			r.Start(1)
			for range r.All() {
				allocInt++
			}
			allocErr = r.Err()
		},
		"NextFunc closure": func() {
			r := tlvOverlay.Records(frames, 4, nil)
			extra := len(frames) - 16 // 0: state the closure captures, as an IPv6 chain's next header
			for {
				h, body, ok := r.NextFunc(func(h *tlv) int { return int(h.Len.Get()) + extra })
				if !ok {
					break
				}
				allocTLV, allocBytes = h, body
			}
			allocErr = r.Err()
		},
		"NewTable": func() { allocTable, allocErr = cast.NewTable[rec](rb, 5, 12) },
		"Overlay.Table": func() {
			allocTable, allocErr = recs.Table(rb, 5, 12)
			for _, p := range allocTable.All() {
				allocInt += int(p.A)
			}
			allocInt += int(allocTable.At(4).B)
		},
		"String":   func() { allocString, allocErr = cast.String(text) },
		"CString":  func() { allocBytes, allocOK = cast.CString(frames) },
		"Validate": func() { _, _, _, allocErr = cast.Frame(good, func(*checked) int { return 8 }) },
	}
	for name, f := range success {
		t.Run(name, func(t *testing.T) {
			f()
			require.NoError(t, allocErr)
			assert.Zero(t, testing.AllocsPerRun(100, f))
		})
	}

	failure := map[string]func(){
		"Records short": func() {
			r := cast.NewRecords(bad, 1, tlvLen)
			for range r.All() {
			}
			allocErr = r.Cause()
			allocInt = r.Index() + r.Offset()
		},
		"Records align": func() {
			r := recs.Records(rb[1:], 1, func(*rec) int { return 8 })
			_, _, allocOK = r.Next()
			allocErr = r.Cause()
		},
		"Records validate": func() {
			r := cast.NewRecords(zeros, 1, func(*quiet) int { return 8 })
			_, _, allocOK = r.Next()
			allocErr = r.Cause()
		},
		"RecordsFunc malformed option": func() {
			r := cast.NewRecordsFunc(badOpts, 1, optionLen)
			for range r.All() {
			}
			allocErr = r.Cause()
		},
		"RecordsLength malformed option": func() {
			r := cast.NewRecordsLength[OptionKind](badOpts, 1, options)
			for range r.All() {
			}
			allocErr = r.Cause()
		},
		"Frame via Records": func() {
			r := tlvOverlay.Records(bad[5:], 1, tlvLen)
			allocTLV, allocBytes, allocOK = r.Next()
			allocErr = r.Cause()
		},
	}
	for name, f := range failure {
		t.Run("failure "+name, func(t *testing.T) {
			f()
			require.Error(t, allocErr)
			assert.Zero(t, testing.AllocsPerRun(100, f))
		})
	}
}

package cast

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"unsafe"

	"github.com/go-overlay/overlay/layout"
)

// Sentinel errors. Every error that this package returns is an [*Error]
// whose [Error.Unwrap] yields one of these, so callers can test the cause
// with [errors.Is].
var (
	// ErrSize: the buffer's length does not fit the type: not its size, too
	// short for a prefix or suffix, not a multiple of the element size, or
	// too short for the requested number of elements (including a negative
	// count or one whose byte length overflows int).
	ErrSize = errors.New("cast: wrong buffer size")
	// ErrAlign: the buffer's address is not a multiple of the type's
	// alignment.
	ErrAlign = errors.New("cast: misaligned buffer")
	// ErrLayout: the type cannot be overlaid on bytes at all (padding,
	// pointers, bools, platform-sized integers, ... as listed in
	// [Error.Problems]); also returned by the methods of a zero [Overlay].
	ErrLayout = errors.New("cast: type cannot be overlaid")
	// ErrByteOrder: the type declares a byte order (endian.Big or
	// endian.Little) that differs from the host's.
	ErrByteOrder = errors.New("cast: byte order differs from the host's")
	// ErrInvalid: the type's Validate method rejected the bytes (the
	// error that Validate returned is wrapped too, so errors.Is and
	// errors.As reach it), or [String] found bytes that are not UTF-8.
	ErrInvalid = errors.New("cast: invalid value")
)

// An Error describes a failed cast. Every function and method of this
// package that fails returns one (as an error); use [errors.As] to get at
// its fields and [errors.Is] to test its cause against the sentinels.
type Error struct {
	// Op is the operation that failed: "cast.To", "cast.SlicePrefix",
	// "cast.Overlay.To", "cast.Check", "cast.NewOverlay", ...
	Op string
	// Type is the type argument, as reflect shows it: "pkt.Header". It is
	// empty for the methods of a zero [Overlay].
	Type string
	// Want and Got are the numbers the check compared. For ErrSize, Got is
	// the buffer's length and Want the length wanted: the exact size (To,
	// Read), the minimum size (Prefix, Suffix, ReadPrefix), the element size
	// that the length must be a multiple of (Slice), or n times the element
	// size (SlicePrefix; 0 when n is negative or the product overflows). For
	// ErrAlign, Want is the alignment and Got the address modulo the
	// alignment. Both are 0 for other errors.
	Want, Got int
	// Addr is the address that is misaligned (ErrAlign only).
	Addr uintptr
	// Index and Offset locate the record that [Records] stopped at: its
	// index (0 for the first record) and its offset from the start of the
	// buffer. Both are 0 for other operations.
	Index, Offset int
	// Problems lists what keeps the type from being overlaid (ErrLayout
	// only): the error-kind problems that layout.Of reports, on every arch.
	Problems []layout.Problem
	// Err is the cause: one of the sentinels ErrSize, ErrAlign, ErrLayout
	// or ErrByteOrder, or, for ErrInvalid, an error wrapping both
	// ErrInvalid and the error that Validate returned.
	Err error

	op    op
	rule  rule   // which size rule failed, for the message
	n     int    // SlicePrefix: the element count asked for; ErrInvalid in a slice: the element index
	elem  int    // the type's size, for messages about element counts
	order string // ErrByteOrder: the byte order the type declares
	with  string // ErrByteOrder from the codec: the order asked for, or the unknown ByteOrder's type
	off   int64  // ErrSize for an offset (the codec's io forms)
	// foreign is the type whose verdict an Overlay of another type holds
	// (ErrLayout; see verdict.foreign).
	foreign string
	cause   error // ErrInvalid: the error Validate returned
}

// Unwrap returns e.Err, so that errors.Is(err, cast.ErrSize) and the like
// work, and, through it, the error that a Validate method returned.
func (e *Error) Unwrap() error { return e.Err }

// Error describes the failure, naming the operation, the type and the
// numbers: "cast.To[pkt.Header]: buffer is 20 bytes, want 24".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.opName())
	b.WriteString(": ")
	if e.op == opRecords {
		fmt.Fprintf(&b, "record %d at offset %d: ", e.Index, e.Offset)
	}
	switch {
	case e.foreign != "":
		fmt.Fprintf(&b, "Overlay holds the verdict of %s, another type: make it with cast.NewOverlay or cast.MustOverlay", e.foreign)
	case e.op.isOverlay() && e.Type == "" && errors.Is(e.Err, ErrLayout):
		b.WriteString("zero Overlay: make it with cast.NewOverlay or cast.MustOverlay")
	case errors.Is(e.Err, ErrLayout):
		if len(e.Problems) == 0 {
			fmt.Fprintf(&b, "%s cannot be overlaid", e.Type)
			break
		}
		b.WriteString((&layout.Error{Type: e.Type, Problems: e.Problems}).Error())
	case errors.Is(e.Err, ErrByteOrder) && e.op.isCodec():
		e.codecOrderMessage(&b)
	case errors.Is(e.Err, ErrByteOrder):
		host := layout.OrderLittle
		if hostBigEndian {
			host = layout.OrderBig
		}
		fmt.Fprintf(&b, "%s declares %s byte order, but this host (%s) is %s", e.Type, e.order, runtime.GOARCH, host)
	case e.rule == ruleUTF8:
		fmt.Fprintf(&b, "invalid UTF-8 at byte %d of %d", e.Want, e.Got)
	case errors.Is(e.Err, ErrSize):
		e.sizeMessage(&b)
	case e.rule == ruleRecordAlign:
		fmt.Fprintf(&b, "record alignment %d is below 1", e.Want)
	case e.rule == ruleStrideAlign:
		fmt.Fprintf(&b, "stride %d is not a multiple of the alignment %d", e.Got, e.Want)
	case errors.Is(e.Err, ErrAlign):
		what := "buffer"
		if e.op == opSuffix || e.op == opOverlaySuffix {
			what = "suffix"
		}
		fmt.Fprintf(&b, "%s at %#x is not %d-byte aligned", what, e.Addr, e.Want)
	case errors.Is(e.Err, ErrInvalid):
		if e.op.isSlice() {
			fmt.Fprintf(&b, "element %d: ", e.n)
		}
		b.WriteString("invalid value: ")
		if e.cause != nil {
			b.WriteString(e.cause.Error())
		} else {
			b.WriteString("<nil>")
		}
	case e.Err != nil:
		b.WriteString(e.Err.Error())
	default:
		b.WriteString("cast failed")
	}
	return b.String()
}

func (e *Error) sizeMessage(b *strings.Builder) {
	switch e.rule {
	case ruleAtLeast:
		fmt.Fprintf(b, "buffer is %d bytes, want at least %d", e.Got, e.Want)
	case ruleMultiple:
		fmt.Fprintf(b, "buffer is %d bytes, not a multiple of %d", e.Got, e.Want)
	case ruleCount:
		fmt.Fprintf(b, "buffer is %d bytes, want %d for %d elements", e.Got, e.Want, e.n)
	case ruleNegative:
		fmt.Fprintf(b, "n is %d", e.n)
	case ruleFrameShort:
		fmt.Fprintf(b, "frame length %d is below the header size %d", e.Want, e.elem)
	case ruleFrameLong:
		fmt.Fprintf(b, "frame length %d exceeds the %d bytes left", e.Want, e.Got)
	case ruleMalformed:
		fmt.Fprintf(b, "malformed header (frame length %d)", e.Want)
	case ruleNoField:
		fmt.Fprintf(b, "no room for the %d-byte length field at offset %d: %d bytes left", e.n, e.Want, e.Got)
	case ruleFieldShort:
		fmt.Fprintf(b, "frame length ends before the end of its %d-byte length field at offset %d", e.n, e.Want)
	case ruleLength:
		fmt.Fprintf(b, "invalid Length{Offset: %d, Size: %d, Scale: %d}: want Size 0, 1, 2, 4 or 8 (with Order BigEndian, LittleEndian or NativeEndian above 1), Offset and Scale not negative, Short and End only for a 1-byte header", e.Got, e.Want, e.n)
	case ruleStart:
		fmt.Fprintf(b, "start %d is outside the %d bytes", e.Want, e.Got)
	case ruleStride:
		fmt.Fprintf(b, "stride %d is below the entry size %d", e.Got, e.Want)
	case ruleOverflow:
		fmt.Fprintf(b, "n is %d: %d elements of %d bytes overflow int", e.n, e.n, e.elem)
	case ruleMax:
		fmt.Fprintf(b, "n is %d, more than the maximum %d", e.n, e.Want)
	case ruleOffset:
		fmt.Fprintf(b, "offset %d is negative or too large", e.off)
	case ruleShortRead:
		fmt.Fprintf(b, "read %d bytes, want %d: %v", e.Got, e.Want, e.Err)
	default:
		fmt.Fprintf(b, "buffer is %d bytes, want %d", e.Got, e.Want)
	}
}

// opName returns the operation with its type argument, as Go spells an
// instantiation: "cast.To[pkt.Header]", "cast.Overlay[pkt.Header].To".
func (e *Error) opName() string {
	typ := e.Type
	if e.op == opString {
		return e.Op
	}
	if typ == "" {
		typ = "?"
	}
	if method, ok := strings.CutPrefix(e.Op, "cast.Overlay."); ok {
		return "cast.Overlay[" + typ + "]." + method
	}
	return e.Op + "[" + typ + "]"
}

// An op is an operation of this package, for error messages. Passing a
// small constant instead of a string keeps the inlined fast paths cheap.
type op uint8

const (
	opTo op = iota
	opPrefix
	opSuffix
	opSlice
	opSlicePrefix
	opRead
	opReadPrefix
	opBytes
	opSliceBytes
	opCheck
	opNewOverlay
	opMustOverlay
	opOverlayTo
	opOverlayPrefix
	opOverlaySuffix
	opOverlaySlice
	opOverlaySlicePrefix
	opOverlayRead
	opOverlayReadPrefix
	opOverlayFrame
	opOverlayTable
	// Functions of frame.go, records.go, table.go, strings.go, after the
	// Overlay methods: isOverlay tells them apart by opFrame.
	opFrame
	opPrefixSlice
	opRecords
	opTable
	opString
	// The codec's functions (codec.go, codec_io.go), from here on.
	opDecode
	opEncode
	opAppend
	opDecodeSlice
	opAppendSlice
	opSwap
	opSwapSlice
	opBorrow
	opDecodeFrom
	opDecodeAt
	opDecodeSliceAt
	opEncodeTo
)

var opNames = [...]string{
	opTo:                 "cast.To",
	opPrefix:             "cast.Prefix",
	opSuffix:             "cast.Suffix",
	opSlice:              "cast.Slice",
	opSlicePrefix:        "cast.SlicePrefix",
	opRead:               "cast.Read",
	opReadPrefix:         "cast.ReadPrefix",
	opBytes:              "cast.Bytes",
	opSliceBytes:         "cast.SliceBytes",
	opCheck:              "cast.Check",
	opNewOverlay:         "cast.NewOverlay",
	opMustOverlay:        "cast.MustOverlay",
	opOverlayTo:          "cast.Overlay.To",
	opOverlayPrefix:      "cast.Overlay.Prefix",
	opOverlaySuffix:      "cast.Overlay.Suffix",
	opOverlaySlice:       "cast.Overlay.Slice",
	opOverlaySlicePrefix: "cast.Overlay.SlicePrefix",
	opOverlayRead:        "cast.Overlay.Read",
	opOverlayReadPrefix:  "cast.Overlay.ReadPrefix",
	opOverlayFrame:       "cast.Overlay.Frame",
	opOverlayTable:       "cast.Overlay.Table",
	opFrame:              "cast.Frame",
	opPrefixSlice:        "cast.PrefixSlice",
	opRecords:            "cast.Records",
	opTable:              "cast.NewTable",
	opString:             "cast.String",
	opDecode:             "cast.Decode",
	opEncode:             "cast.Encode",
	opAppend:             "cast.Append",
	opDecodeSlice:        "cast.DecodeSlice",
	opAppendSlice:        "cast.AppendSlice",
	opSwap:               "cast.Swap",
	opSwapSlice:          "cast.SwapSlice",
	opBorrow:             "cast.Borrow",
	opDecodeFrom:         "cast.DecodeFrom",
	opDecodeAt:           "cast.DecodeAt",
	opDecodeSliceAt:      "cast.DecodeSliceAt",
	opEncodeTo:           "cast.EncodeTo",
}

func (o op) String() string { return opNames[o] }

func (o op) isOverlay() bool { return o >= opOverlayTo && o < opFrame }

func (o op) isCodec() bool { return o >= opDecode }

func (o op) isSlice() bool {
	switch o {
	case opSlice, opSlicePrefix, opOverlaySlice, opOverlaySlicePrefix, opTable, opOverlayTable,
		opDecodeSlice, opBorrow, opDecodeSliceAt:
		return true
	}
	return false
}

// A rule is the size rule a buffer failed.
type rule uint8

const (
	ruleExact       rule = iota // len(b) == size
	ruleAtLeast                 // len(b) >= size
	ruleMultiple                // len(b) a multiple of size (0 included)
	ruleCount                   // len(b) >= n*size
	ruleNegative                // n < 0
	ruleOverflow                // n*size overflows int
	ruleFrameShort              // frame length below the header size
	ruleFrameLong               // frame length beyond the buffer
	ruleMalformed               // frame length negative: a malformed header
	ruleNoField                 // Records with a Length: no room for the length field
	ruleFieldShort              // Records with a Length: frame length short of the field's end
	ruleLength                  // Records with a Length: invalid Length
	ruleStart                   // Records.Start: offset outside the buffer
	ruleStride                  // table stride below the entry size
	ruleUTF8                    // String: not UTF-8
	ruleRecordAlign             // Records: record alignment below 1
	ruleStrideAlign             // Table: stride not a multiple of the alignment
	ruleMax                     // n above the caller's maximum (DecodeSliceAt)
	ruleShortRead               // a reader ran out of bytes (the codec's io forms)
	ruleOffset                  // a reader's offset is negative or overflows
)

// newError returns an error for op on the type v describes.
func (v *verdict) newError(o op, err error) *Error {
	e := &Error{Op: o.String(), op: o, Err: err}
	if v != nil {
		e.Type, e.elem = v.name, v.size
	}
	return e
}

func (v *verdict) sizeError(o op, r rule, want, got int) *Error {
	e := v.newError(o, ErrSize)
	e.rule, e.Want, e.Got = r, want, got
	return e
}

// countError reports that a buffer of got bytes cannot hold n elements.
func (v *verdict) countError(o op, n, got int) *Error {
	e := v.sizeError(o, ruleCount, 0, got)
	e.n = n
	switch {
	case n < 0:
		e.rule = ruleNegative
	case n > maxInt/v.size:
		e.rule = ruleOverflow
	default:
		e.Want = n * v.size
	}
	return e
}

func (v *verdict) alignError(o op, addr uintptr) *Error {
	e := v.newError(o, ErrAlign)
	e.Want, e.Got, e.Addr = v.align, int(addr&v.mask), addr
	return e
}

// rejection returns the error for a type that cannot be cast at all, for
// op: a copy of the error computed once per type, with op filled in. The
// copy has its own Problems: the cached ones are shared by every
// goroutine, and the caller may edit what it gets.
func (v *verdict) rejection(o op) *Error {
	if v == nil {
		return (*verdict)(nil).newError(o, ErrLayout)
	}
	e := *v.err
	e.Op, e.op = o.String(), o
	e.Problems = slices.Clone(e.Problems)
	for i := range e.Problems {
		e.Problems[i] = e.Problems[i].Clone()
	}
	return &e
}

// foreign returns the error for a verdict that is not the type argument's
// (key is the type argument's typeKey): an Overlay forged with unsafe.
// The type argument is named if its verdict is cached.
func (v *verdict) foreign(o op, key unsafe.Pointer) *Error {
	e := (*verdict)(nil).newError(o, ErrLayout)
	e.foreign = v.name
	if w := lookup(key); w != nil {
		e.Type, e.elem = w.name, w.size
	}
	return e
}

func (v *verdict) invalid(o op, index int, cause error) *Error {
	e := v.newError(o, &invalidError{cause})
	e.n, e.cause = index, cause
	return e
}

// invalidError wraps the error a Validate method returned together with
// ErrInvalid.
type invalidError struct{ cause error }

func (e *invalidError) Error() string   { return "invalid value: " + e.cause.Error() }
func (e *invalidError) Unwrap() []error { return []error{ErrInvalid, e.cause} }

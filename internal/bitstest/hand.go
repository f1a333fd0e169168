package bitstest

import (
	"errors"

	"github.com/go-overlay/overlay/bitfield"
)

// HandIPv4 is IPv4 with the accessors one would write by hand: the
// baseline of the benchmarks and of the assembly comparison
// (TestSameCode), with the same shifts, masks and range checks.
type HandIPv4 IPv4

var errTooLarge = errors.New("bitstest: too large")

// Version is (*IPv4).Version, by hand.
func (h *HandIPv4) Version() uint8 { return h.VersionIHL >> 4 }

// IHL is (*IPv4).IHL, by hand.
func (h *HandIPv4) IHL() uint8 { return h.VersionIHL & 0x0f }

// DF is (*IPv4).DF, by hand.
func (h *HandIPv4) DF() uint8 { return uint8(h.FlagsFragment.Get() >> 14 & 1) }

// MF is (*IPv4).MF, by hand.
func (h *HandIPv4) MF() uint8 { return uint8(h.FlagsFragment.Get() >> 13 & 1) }

// FragOffset is (*IPv4).FragOffset, by hand.
func (h *HandIPv4) FragOffset() uint16 { return h.FlagsFragment.Get() & 0x1fff }

// SetIHL is (*IPv4).SetIHL, by hand, with the same error.
func (h *HandIPv4) SetIHL(v uint8) error {
	if v > 0x0f {
		return &bitfield.RangeError{Field: "IPv4.IHL", Value: uint64(v), Width: 4}
	}
	h.VersionIHL = h.VersionIHL&0xf0 | v
	return nil
}

// SetFragOffset is (*IPv4).SetFragOffset, by hand, with the same error.
func (h *HandIPv4) SetFragOffset(v uint16) error {
	if v > 0x1fff {
		return &bitfield.RangeError{Field: "IPv4.FragOffset", Value: uint64(v), Width: 13}
	}
	h.FlagsFragment.Set(h.FlagsFragment.Get()&0xe000 | v)
	return nil
}

// SetIHLSentinel is SetIHL with a sentinel error, which says less (no
// name, value or width) and costs less: no allocation on the error path,
// which a caller's loop keeps registers free for.
func (h *HandIPv4) SetIHLSentinel(v uint8) error {
	if v > 0x0f {
		return errTooLarge
	}
	h.VersionIHL = h.VersionIHL&0xf0 | v
	return nil
}

// SetFragOffsetSentinel is SetFragOffset with a sentinel error.
func (h *HandIPv4) SetFragOffsetSentinel(v uint16) error {
	if v > 0x1fff {
		return errTooLarge
	}
	h.FlagsFragment.Set(h.FlagsFragment.Get()&0xe000 | v)
	return nil
}

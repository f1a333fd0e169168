package cast

import (
	"sync/atomic"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// inFast reports whether key is in fastKeys.
func inFast(key unsafe.Pointer) bool {
	s := fastBucket(key)
	return atomic.LoadPointer(&s[0]) == key || atomic.LoadPointer(&s[1]) == key
}

type (
	fastAccepted struct{ A, B uint32 }
	fastPadded   struct {
		A uint8
		B uint32
	}
	fastValidated struct{ A uint32 }
)

func (*fastValidated) Validate() error { return nil }

// fastKeys holds exactly the types whose verdict selects the fast path:
// accepted, no Validate. A rejected type or one with a Validate method
// must never be there, or the package functions would skip its checks.
func TestFastKeysMembership(t *testing.T) {
	b := make([]byte, 8)
	_, err := To[fastAccepted](b)
	require.NoError(t, err)
	assert.True(t, inFast(typeKey[fastAccepted]()), "accepted type missing")

	_, err = To[fastPadded](b)
	require.ErrorIs(t, err, ErrLayout)
	assert.False(t, inFast(typeKey[fastPadded]()), "rejected type present")

	_, err = To[fastValidated](b[:4])
	require.NoError(t, err)
	assert.False(t, inFast(typeKey[fastValidated]()), "type with Validate present")

	// And for every type the verdict cache holds: in fastKeys only if its
	// verdict selects the fast path (a type may be missing when its bucket
	// is full).
	tab := cache.Load()
	n := 0
	for i := range tab.slots {
		if v := tab.slots[i].Load(); v != nil && inFast(v.key) {
			n++
			assert.NotZero(t, v.nmask, "%s is in fastKeys without the fast path", v.name)
		}
	}
	assert.NotZero(t, n)
}

type fastCrowded [3]uint16

// A type whose bucket is full is not added, and its casts still succeed,
// and fail, as they should, through the slow path.
func TestFastKeysFullBucket(t *testing.T) {
	key := typeKey[fastCrowded]()
	require.Nil(t, lookup(key), "fastCrowded must not have been cast before this test")
	s := fastBucket(key)
	var fillers [2]byte
	for i := range s {
		if atomic.CompareAndSwapPointer(&s[i], nil, unsafe.Pointer(&fillers[i])) {
			t.Cleanup(func() { atomic.CompareAndSwapPointer(&s[i], unsafe.Pointer(&fillers[i]), nil) })
		}
	}

	b := aligned8(16)
	p, err := To[fastCrowded](b[:6])
	require.NoError(t, err)
	assert.Equal(t, unsafe.Pointer(&b[0]), unsafe.Pointer(p))
	assert.False(t, inFast(key), "added to a full bucket")
	assert.Zero(t, fastMask(key, unsafe.Alignof(fastCrowded{})))

	_, err = To[fastCrowded](b[:5])
	assert.ErrorIs(t, err, ErrSize)
	_, err = To[fastCrowded](b[1:7])
	assert.ErrorIs(t, err, ErrAlign)
	v, err := Read[fastCrowded](b[1:7])
	require.NoError(t, err)
	assert.Equal(t, fastCrowded{}, v)
	s2, rest, err := SlicePrefix[fastCrowded](b, 2)
	require.NoError(t, err)
	assert.Len(t, s2, 2)
	assert.Len(t, rest, 4)
}

// aligned8 returns n zero bytes at an address that is a multiple of 8.
func aligned8(n int) []byte {
	w := make([]uint64, (n+7)/8)
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(w))), n) // safe: w is n or more bytes, uint64-aligned, no pointers
}

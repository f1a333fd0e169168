package bitfield_test

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-overlay/overlay/bitfield"
)

func TestRangeError(t *testing.T) {
	var err error = &bitfield.RangeError{Field: "IPv4.IHL", Value: 16, Width: 4}
	require.EqualError(t, err, "bitfield: IPv4.IHL: 16 (0x10) does not fit in 4 bits")
	require.ErrorIs(t, err, strconv.ErrRange)
	var re *bitfield.RangeError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 4, re.Width)
}

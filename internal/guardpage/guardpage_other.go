//go:build !linux

package guardpage

import "os"

const supported = false

// PageSize is the size of the pages that guard buffers.
var PageSize = os.Getpagesize()

// Alloc returns ErrUnsupported: guard pages are implemented on Linux only.
func Alloc(n int) (b []byte, free func(), err error) { return nil, nil, ErrUnsupported }

// AllocReadOnly returns ErrUnsupported: guard pages are implemented on
// Linux only.
func AllocReadOnly(data []byte) (b []byte, free func(), err error) {
	return nil, nil, ErrUnsupported
}

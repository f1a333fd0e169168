//go:build linux

package guardpage

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

const supported = true

// PageSize is the size of the pages that guard buffers.
var PageSize = os.Getpagesize()

// Alloc maps a read-write buffer of n zero bytes that ends at a page
// boundary followed by a PROT_NONE guard page. len(b) == cap(b) == n, so
// even b[:cap(b)] cannot reach the guard; only unsafe code can. For n == 0,
// b is an empty slice whose pointer is the first byte of the guard page.
//
// free unmaps the buffer and the guard; it may be called more than once.
func Alloc(n int) (b []byte, free func(), err error) {
	return alloc(n, nil, unix.PROT_READ|unix.PROT_WRITE)
}

// AllocReadOnly maps a copy of data that ends at a page boundary followed
// by a PROT_NONE guard page, then makes the copy PROT_READ, so writing
// through b faults as well as reading past its end. len(b) == cap(b) ==
// len(data).
func AllocReadOnly(data []byte) (b []byte, free func(), err error) {
	return alloc(len(data), data, unix.PROT_READ)
}

func alloc(n int, data []byte, prot int) (b []byte, free func(), err error) {
	if n < 0 {
		return nil, nil, fmt.Errorf("guardpage: negative size %d", n)
	}
	ps := PageSize
	dataLen := (n + ps - 1) / ps * ps
	if dataLen < n || dataLen+ps < dataLen {
		return nil, nil, fmt.Errorf("guardpage: size %d overflows", n)
	}
	mem, err := unix.Mmap(-1, 0, dataLen+ps, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON)
	if err != nil {
		return nil, nil, fmt.Errorf("guardpage: mmap %d bytes: %w", dataLen+ps, err)
	}
	done := false
	free = func() {
		if !done {
			done = true
			if err := unix.Munmap(mem); err != nil {
				panic("guardpage: munmap: " + err.Error())
			}
		}
	}
	if err := unix.Mprotect(mem[dataLen:], unix.PROT_NONE); err != nil {
		free()
		return nil, nil, fmt.Errorf("guardpage: mprotect guard page: %w", err)
	}
	b = mem[dataLen-n : dataLen : dataLen]
	copy(b, data)
	if prot != unix.PROT_READ|unix.PROT_WRITE && dataLen > 0 {
		if err := unix.Mprotect(mem[:dataLen], prot); err != nil {
			free()
			return nil, nil, fmt.Errorf("guardpage: mprotect buffer: %w", err)
		}
	}
	return b, free, nil
}

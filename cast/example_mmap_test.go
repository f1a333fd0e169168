//go:build unix

package cast_test

import (
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"

	"github.com/go-overlay/overlay/cast"
)

// ExampleString maps a file read-only and reads a UTF-8 name from it as a
// string without copying: the mapping is never written, so the string's
// bytes cannot change while it is used (until Munmap, after which the
// string must not be used).
func ExampleString() {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("cast-example-%d", os.Getpid()))
	if err := os.WriteFile(path, []byte("\x07\x00Grüße, world"), 0o600); err != nil {
		panic(err)
	}
	defer os.Remove(path)
	f, err := os.Open(path)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		panic(err)
	}
	data, err := unix.Mmap(int(f.Fd()), 0, int(st.Size()), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		panic(err)
	}
	defer func() { _ = unix.Munmap(data) }()

	n := int(data[0]) // the name's length in bytes, after a reserved byte
	name, err := cast.String(data[2 : 2+n])
	fmt.Printf("%q %v\n", name, err)
	_, err = cast.String(data[2:5]) // "Gr" and half of "ü"
	fmt.Println(err)
	// Output:
	// "Grüße" <nil>
	// cast.String: invalid UTF-8 at byte 2 of 3
}

// Command overlaybits writes the accessors of the bit fields that bits
// struct tags declare in a package.
//
// A bits tag divides an unsigned word field (uint8 to uint64, or one of
// package endian's unsigned types) into named sub-fields, listed most
// significant bit first by width, as RFC diagrams draw them:
//
//	VersionIHL    uint8        `bits:"Version:4,IHL:4"`
//	FlagsFragment endian.U16BE `bits:"_:1,DF:1,MF:1,FragOffset:13"`
//
// Run it from a //go:generate line in the package:
//
//	//go:generate go run github.com/go-overlay/overlay/cmd/overlaybits
//
// For each sub-field X of a struct type T declared with a struct type
// literal (type T struct{...}, not type T U) it writes, into bits_gen.go
// beside the package's files (-o names another file):
//
//	func (h *T) X() uint8           // the sub-field's value
//	func (h *T) SetX(v uint8) error // stores v; a *bitfield.RangeError, and nothing changed, if v does not fit
//
// with the plain shift and mask a hand-written accessor would use, through
// Get and Set for the endian types; they inline. The value type is the
// smallest of uint8, uint16, uint32 and uint64 that holds the width, a
// single bit included (uint8, so that every setter can refuse a value that
// does not fit). An unexported sub-field x gets x and setX; a sub-field
// named _ is reserved and gets none.
//
// The tags are checked by package layout's engine, as layoutcheck and cast
// check them: overlaybits refuses a package in which a tag has an error
// (printing file:line and the engine's message, exit status 1), and a
// struct that already has a method of an accessor's name. It reads the
// package's non-test files for the current GOOS and GOARCH; its own output
// file is ignored, so a stale one does not get in the way. A package with no
// bits tags gets no file (a stale one is removed).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	out := flag.String("o", "bits_gen.go", "the file to write, in the package's directory")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: overlaybits [-o file]\n\nWrites the accessors of the bits tags of the package in the current directory.\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(".", *out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run generates the accessors of the package in dir into the file out.
func run(dir, out string) error {
	path := out
	if !filepath.IsAbs(out) {
		path = filepath.Join(dir, out)
	}
	src, err := generate(dir, path)
	if err != nil {
		return err
	}
	if src == nil {
		if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
			return err
		}
		return nil
	}
	if old, err := os.ReadFile(path); err == nil && string(old) == string(src) { //nolint:gosec // G304: the file the user named
		return nil
	}
	return os.WriteFile(path, src, 0o644) //nolint:gosec // G306: a source file, readable like the others
}

// Command fmtonly decodes a header with encoding/binary and prints it: the
// baseline of TestCastBinarySize.
package main

import (
	"encoding/binary"
	"fmt"
	"os"
)

func main() {
	b := make([]byte, 8)
	copy(b, os.Args[0])
	fmt.Println(binary.BigEndian.Uint32(b), binary.BigEndian.Uint16(b[4:]), binary.BigEndian.Uint16(b[6:]))
}

// Command castonly casts one header and prints it: what a cast user
// links (TestCastLinksNoGoTypes, TestCastBinarySize).
package main

import (
	"encoding/binary"
	"fmt"
	"os"
	"structs"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

type header struct {
	_    structs.HostLayout
	Kind endian.U32BE
	Len  endian.U16BE
	ID   endian.U16BE
}

func main() {
	b := make([]byte, 8)
	copy(b, os.Args[0])
	h, err := cast.To[header](b)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(h.Kind.Get(), h.Len.Get(), h.ID.Get(), binary.BigEndian.Uint16(b[6:]))
}

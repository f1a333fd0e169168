// Package usewrap2 instantiates a generic whose fact comes from another
// generic's fact.
package usewrap2

import "usewrap"

func use() {
	_ = usewrap.G[complex64]()
	_ = usewrap.G[chan int]() // want `cast.Check\[\[1\]chan int\] \(in usewrap.G\[chan int\]\): the type \(\[1\]chan int\) at offset 0, size 8, holds a pointer`
}

package cast_test

import (
	"errors"
	"fmt"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// Opcode is a validated enum: its Validate method runs for every Opcode
// field of every struct that is cast, so each struct need not re-check it.
type Opcode uint8

const (
	OpRead Opcode = iota + 1
	OpWrite
	OpErase
)

var errOpcode = errors.New("unknown opcode")

func (op *Opcode) Validate() error {
	if *op < OpRead || *op > OpErase {
		return fmt.Errorf("%w %d", errOpcode, *op)
	}
	return nil
}

type Command struct {
	Op     Opcode
	Flags  uint8
	Length endian.U16BE
}

type Batch struct {
	Count endian.U16BE
	Cmds  [2]Command
}

// A validated enum field: casts of a Batch, or of a slice of them, check
// every Opcode, and the error names the element and the field.
func Example_validatedEnum() {
	b := []byte{
		0, 2, 1, 0, 0, 16, 2, 0, 0, 32, // batch 0: read 16, write 32
		0, 2, 3, 0, 0, 1, 9, 0, 0, 1, // batch 1: erase, then opcode 9
	}
	batches, err := cast.Slice[Batch](b)
	fmt.Println(len(batches), err)
	fmt.Println(errors.Is(err, cast.ErrInvalid), errors.Is(err, errOpcode))

	one, err := cast.To[Batch](b[:10])
	fmt.Println(one.Cmds[1].Op, one.Cmds[1].Length, err)
	// Output:
	// 0 cast.Slice[cast_test.Batch]: element 1: invalid value: Cmds[1].Op: unknown opcode 9
	// true true
	// 2 32 <nil>
}

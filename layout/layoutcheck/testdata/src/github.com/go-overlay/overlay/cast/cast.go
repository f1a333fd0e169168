// Package cast is a stub of github.com/go-overlay/overlay/cast for the
// layoutcheck tests: only the signatures matter.
package cast

func To[T any](b []byte) (*T, error)             { return nil, nil }
func Prefix[T any](b []byte) (*T, []byte, error) { return nil, b, nil }
func Slice[T any](b []byte) ([]T, error)         { return nil, nil }
func Read[T any](b []byte) (T, error)            { var t T; return t, nil }
func Bytes[T any](p *T) []byte                   { return nil }
func Check[T any]() error                        { return nil }

type Overlay[T any] struct{ size int }

func NewOverlay[T any]() (Overlay[T], error) { return Overlay[T]{}, nil }
func MustOverlay[T any]() Overlay[T]         { return Overlay[T]{} }

func (o Overlay[T]) To(b []byte) (*T, error) { return To[T](b) }

func Suffix[T any](b []byte) ([]byte, *T, error)              { return b, nil, nil }
func SlicePrefix[T any](b []byte, n int) ([]T, []byte, error) { return nil, b, nil }
func SliceBytes[T any](s []T) []byte                          { return nil }

// The codec. The order parameters are binary.ByteOrder in package cast;
// any keeps the stub free of imports, which the tests would analyze too.

func Decode[T any](b []byte, order any) (T, []byte, error)            { var t T; return t, b, nil }
func Encode[T any](b []byte, order any, v *T) ([]byte, error)         { return b, nil }
func Append[T any](b []byte, order any, v *T) ([]byte, error)         { return b, nil }
func DecodeSlice[T any](dst []T, b []byte, order any) ([]byte, error) { return b, nil }
func AppendSlice[T any](b []byte, order any, s []T) ([]byte, error)   { return b, nil }
func Swap[T any](p *T, order any) error                               { return nil }
func SwapSlice[T any](s []T, order any) error                         { return nil }
func Borrow[T any](b []byte, order any) ([]T, bool, error)            { return nil, false, nil }

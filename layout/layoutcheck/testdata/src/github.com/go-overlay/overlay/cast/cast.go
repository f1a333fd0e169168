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

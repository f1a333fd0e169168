// Package bitstest holds the types whose generated bit-field accessors the
// tests check against a bit-by-bit reference: sub-fields of every width
// from 1 to 16 at every position of plain words, and at three positions of
// each endian word type (see gen_words.go).
package bitstest

//go:generate go run gen_words.go
//go:generate go run github.com/go-overlay/overlay/cmd/overlaybits

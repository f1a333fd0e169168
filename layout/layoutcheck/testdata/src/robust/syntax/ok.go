// Package syntax has a file with a syntax error, syntax.go, which
// robust_test.go supplies through go/packages' Overlay (so that gofmt and
// editors never see an unparsable file in the tree). The parser recovers
// with Bad nodes and go/packages type-checks what it could parse.
package syntax

import "github.com/go-overlay/overlay/cast"

// Fine is in a file that parses, next to one that does not.
//
//layoutcheck:overlay
type Fine struct {
	A uint8
	B uint32
}

func UsesFine(b []byte) { _, _ = cast.To[Fine](b) }

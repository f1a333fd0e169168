// Package directives tests the reports of comments meant as directives
// that are not: each would otherwise be ignored without a word, and the
// type it was meant for goes unchecked. It is checked with
// -implicit-order=false, so that only padding shows that a type is checked.
//
// Prose that mentions layoutcheck is not reported, even at the start of a
// line:
// layoutcheck ignores generated files? No.
// layoutcheck: overlays are checked on every arch.
// Layoutcheck overlay checks run at vet time.
package directives

import "structs"

// A space after //.
//
// layoutcheck:overlay // want `malformed directive "// layoutcheck:overlay": write //layoutcheck:overlay, with no space after // and in lower case`
type Spaced struct {
	_ structs.HostLayout
	A uint8
	B uint32
}

// Other letter case: gofmt makes a doc comment line of it, as it does
// with every comment that is not a directive in Go's form.
//
// LayoutCheck:overlay // want `malformed directive "// LayoutCheck:overlay": write //layoutcheck:overlay`
type Upper struct {
	_ structs.HostLayout
	A uint8
	B uint32
}

type UpperName struct { // want `directives.UpperName: the struct \(directives.UpperName\) has no _ structs.HostLayout field`
	A uint8
	B uint32 //layoutcheck:Ignore reserved // want `malformed directive "//layoutcheck:Ignore": write //layoutcheck:ignore` `directives.UpperName: 3 bytes of padding at offset 1, before field B`
} //layoutcheck:overlay

// A space after the colon, and a missing colon.
//
//layoutcheck:overlay
type SpacedColon struct {
	_ structs.HostLayout
	A uint8
	B uint32 //layoutcheck: ignore the gap is reserved // want `malformed directive "//layoutcheck: ignore": write //layoutcheck:ignore` `directives.SpacedColon: 3 bytes of padding at offset 1, before field B`
}

//layoutcheck:overlay
type NoColon struct {
	_ structs.HostLayout
	A uint8
	B uint32 //layoutcheck ignore reserved // want `malformed directive "//layoutcheck ignore": write //layoutcheck:ignore` `directives.NoColon: 3 bytes of padding at offset 1, before field B`
}

// A malformed ignore does not silence the finding.
//
//layoutcheck:overlay
type BadIgnore struct {
	_ structs.HostLayout
	A uint8
	B uint32 // LAYOUTCHECK:IGNORE:padding reserved // want `malformed directive "// LAYOUTCHECK:IGNORE": write //layoutcheck:ignore` `directives.BadIgnore: 3 bytes of padding at offset 1, before field B`
}

// A directive separated from its type by a blank line is not part of
// the type's doc comment.

//layoutcheck:overlay // want `//layoutcheck:overlay is separated from type Detached by a blank line, so it is not part of its doc comment and does nothing: remove the blank line`

type Detached struct {
	_ structs.HostLayout
	A uint8
	B uint32
}

//layoutcheck:overlay // want `//layoutcheck:overlay is separated from type DetachedDoc by a blank line`

// DetachedDoc has a doc comment of its own.
type DetachedDoc struct {
	A uint8
	B uint32
}

// An overlay directive on anything but a type.
//
//layoutcheck:overlay // want `//layoutcheck:overlay applies only in the doc comment of a type declaration, or before the package clause; here it does nothing`
func F() {}

// An abi directive on anything but a type.
//
//layoutcheck:abi // want `//layoutcheck:abi applies only in the doc comment of a type declaration, or before the package clause; here it does nothing`
func G() {}

// layoutcheck:abi // want `malformed directive "// layoutcheck:abi": write //layoutcheck:abi`
type SpacedABI struct {
	A uint8
}

type Field struct {
	_ structs.HostLayout
	//layoutcheck:overlay // want `//layoutcheck:overlay applies only in the doc comment of a type declaration`
	A uint8
}

type WrongCaseABI struct { //layoutcheck:Abi // want `malformed directive "//layoutcheck:Abi": write //layoutcheck:abi`
	P *byte
}

// Unknown directive names.
//
//layoutcheck:overlays // want `unknown directive //layoutcheck:overlays: want //layoutcheck:overlay, //layoutcheck:abi or //layoutcheck:ignore <reason>`
type Plural struct {
	A uint8
}

// Well-formed directives in every place they apply.
//
//layoutcheck:overlay
type Good struct {
	_ structs.HostLayout
	A uint8
	B uint32 // want `directives.Good: 3 bytes of padding at offset 1, before field B`
}

type OneLine struct{ A, B uint8 } //layoutcheck:overlay // want `directives.OneLine: the struct \(directives.OneLine\) has no _ structs.HostLayout field`

// Not a place for a directive: the struct's first line is not its doc.
type Brace struct { //layoutcheck:overlay // want `//layoutcheck:overlay applies only in the doc comment of a type declaration`
	_ structs.HostLayout
	A uint8
	B uint32
}

//layoutcheck:overlay
type (
	InGroup struct {
		_ structs.HostLayout
		A uint8
		B uint32 // want `directives.InGroup: 3 bytes of padding at offset 1, before field B`
	}
)

package fixes

// Words has no imports in its file.
//
//layoutcheck:overlay
type Words struct { // want `fixes.Words: the struct \(fixes.Words\) has no _ structs.HostLayout`
	A [2]uint8
	B [3]uint8
}

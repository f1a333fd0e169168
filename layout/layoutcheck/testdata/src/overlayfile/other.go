package overlayfile

// Unmarked is in a file without the directive.
type Unmarked struct {
	A uint8
	B uint64
}

package broken

type T struct {
	W Undefined `bits:"A:8"`
}

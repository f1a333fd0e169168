package stale

type T struct {
	W uint8 `bits:"New:8"`
}

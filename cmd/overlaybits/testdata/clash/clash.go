package clash

type Clash struct {
	W uint8 `bits:"Q:8"`
}

func (c *Clash) SetQ() {}

type Blank struct {
	_ uint8 `bits:"R:8"`
}

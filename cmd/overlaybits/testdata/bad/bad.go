package bad

type Bad struct {
	F1 uint8  `bits:"A:4,B:5"`
	F2 uint8  `bits:"Version:0-3,IHL:4-7"`
	F3 int16  `bits:"X:16"`
	F4 uint8  `bits:"D:4,D:4"`
	F5 uint16 `bits:"E:8"`
	F6 uint8  `bits:"F1:8"`
}

package fixes

import "github.com/go-overlay/overlay/endian"

type Single struct { // want `fixes.Single: the struct \(fixes.Single\) has no _ structs.HostLayout`
	_ endian.Big
	A uint8
	B uint8
	C uint16
}

package fixes

import (
	st "structs"

	"github.com/go-overlay/overlay/endian"
)

type Renamed struct {
	_ st.HostLayout
	_ endian.Big
	A uint8
	B struct { // want `fixes.Renamed: struct B \(struct\{...\}\) has no _ structs.HostLayout`
		C uint8
		D uint8
	}
}

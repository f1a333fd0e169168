package layout

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestShortQualified(t *testing.T) {
	for in, want := range map[string]string{
		"example.com/m/other.T": "other.T",
		"example.com/m/v2.T":    "m.T",
		"gopkg.in/yaml.v3.Node": "yaml.Node",
		"net/netip.Addr":        "netip.Addr",
		"main.T":                "main.T",
		"example.com/m":         "example.com/m", // no identifier: left alone
	} {
		assert.Equal(t, want, shortQualified(in), in)
	}
}

package main

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestExplainBits explains, at vet time (the go/types front end), overlays
// whose words have bits tags: the table lists the sub-fields under their
// words and the diagram draws them at their bits, as the run-time front
// end's golden files in layout/testdata do.
func TestExplainBits(t *testing.T) {
	for _, name := range []string{"IPv4", "Words"} {
		t.Run(name, func(t *testing.T) {
			r := runIn(t, testdata, bin, "explain", "-arch=amd64", "bits", name)
			require.Equal(t, 0, r.code, r.stderr)
			golden := filepath.Join("testdata", "bits_"+name+".golden")
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(r.stdout), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test -run TestExplainBits -update to create it")
			assert.Equal(t, string(want), r.stdout)
		})
	}
}

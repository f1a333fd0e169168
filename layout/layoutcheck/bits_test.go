package layoutcheck_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/go-overlay/overlay/layout/layoutcheck"
)

// TestBits checks that layoutcheck reports each kind of bits tag mistake
// the engine finds, at the tagged field, and nothing for correct tags and
// reserved bits.
func TestBits(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), layoutcheck.Analyzer, "bits")
}

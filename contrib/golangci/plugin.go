// Package golangci registers the layoutcheck analyzer as a golangci-lint
// v2 module plugin named "layoutcheck".
//
// It lives in its own module so that the main module does not depend on
// github.com/golangci/plugin-module-register. Build a golangci-lint that
// includes it with `golangci-lint custom` and a .custom-gcl.yml such as:
//
//	version: v2.15.0
//	plugins:
//	  - module: github.com/go-overlay/overlay/contrib/golangci
//	    version: v0.1.0   # or path: ./contrib/golangci for a local checkout
//
// then enable it in .golangci.yml:
//
//	version: "2"
//	linters:
//	  enable:
//	    - layoutcheck
//	  settings:
//	    custom:
//	      layoutcheck:
//	        type: module
//	        description: overlay struct layout checks
//	        settings:
//	          implicit-order: true    # -implicit-order
//	          hostlayout: true        # -hostlayout
//	          unsafe: false           # -unsafe: also hand-written unsafe overlays
//	          arches: ["386", arm64]  # -arches; default: every GOARCH
package golangci

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/go-overlay/overlay/layout/layoutcheck"
)

func init() {
	register.Plugin("layoutcheck", New)
}

// Settings are the plugin's settings in .golangci.yml. They map to the
// analyzer's flags; a setting left out keeps the flag's default.
type Settings struct {
	// ImplicitOrder reports native multi-byte numbers in structs that
	// declare no byte order (flag -implicit-order, default true).
	ImplicitOrder *bool `json:"implicit-order"`
	// HostLayout reports structs without a _ structs.HostLayout field
	// (flag -hostlayout, default true).
	HostLayout *bool `json:"hostlayout"`
	// Unsafe also checks the types of conversions of pointers into byte
	// memory, (*T)(unsafe.Pointer(&b[0])) (flag -unsafe, default false).
	Unsafe *bool `json:"unsafe"`
	// Arches limits the GOARCHes considered (flag -arches, default all).
	// YAML reads an unquoted 386 as a number: numbers are taken as the
	// names they spell.
	Arches Arches `json:"arches"`
	// AllowMoves offers padding fixes that move fields on some arches
	// (flag -allow-moves, default false).
	AllowMoves *bool `json:"allow-moves"`
}

// Arches is a list of GOARCH names, as YAML gives it: strings, or numbers
// for unquoted names such as 386.
type Arches []string

// UnmarshalJSON decodes a list of names and numbers, or one
// comma-separated string.
func (a *Arches) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		*a = nil
		for n := range strings.SplitSeq(one, ",") {
			if n = strings.TrimSpace(n); n != "" {
				*a = append(*a, n)
			}
		}
		return nil
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("arches: want a list of GOARCH names such as [\"386\", \"arm64\"], got %s", b)
	}
	names := make([]string, 0, len(raw))
	for _, r := range raw {
		var name string
		if json.Unmarshal(r, &name) == nil {
			names = append(names, name)
			continue
		}
		d := json.NewDecoder(bytes.NewReader(r))
		d.UseNumber()
		var num json.Number
		if err := d.Decode(&num); err != nil {
			return fmt.Errorf("arches: want GOARCH names, got %s", r)
		}
		names = append(names, num.String())
	}
	*a = names
	return nil
}

// Plugin is the layoutcheck golangci-lint plugin.
type Plugin struct {
	cfg layoutcheck.Config
}

var _ register.LinterPlugin = (*Plugin)(nil)

// New returns the plugin configured by settings, the plugin's section of
// .golangci.yml (nil when it has none).
func New(settings any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		return nil, fmt.Errorf("layoutcheck: %w", err)
	}
	cfg := layoutcheck.DefaultConfig()
	if s.ImplicitOrder != nil {
		cfg.ImplicitOrder = *s.ImplicitOrder
	}
	if s.HostLayout != nil {
		cfg.HostLayout = *s.HostLayout
	}
	if s.Unsafe != nil {
		cfg.Unsafe = *s.Unsafe
	}
	if s.AllowMoves != nil {
		cfg.AllowMoves = *s.AllowMoves
	}
	if err := layoutcheck.ValidateArches(s.Arches); err != nil {
		return nil, err
	}
	cfg.Arches = s.Arches
	// golangci-lint turns related information into issues of their own.
	cfg.Related = false
	return &Plugin{cfg: cfg}, nil
}

// BuildAnalyzers returns the layoutcheck analyzer with the plugin's
// configuration.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{layoutcheck.NewAnalyzer(p.cfg)}, nil
}

// GetLoadMode asks for type information: layoutcheck needs go/types.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }

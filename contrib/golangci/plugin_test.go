package golangci

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
	"golang.org/x/tools/go/analysis/analysistest"
)

// testdata is the analyzer's own fixtures.
var testdata = func() string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "layout", "layoutcheck", "testdata"))
	if err != nil {
		panic(err)
	}
	return dir
}()

func TestRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin("layoutcheck")
	require.NoError(t, err)
	p, err := newPlugin(nil)
	require.NoError(t, err)
	assert.Equal(t, register.LoadModeTypesInfo, p.GetLoadMode())
	as, err := p.BuildAnalyzers()
	require.NoError(t, err)
	require.Len(t, as, 1)
	assert.Equal(t, "layoutcheck", as[0].Name)
}

func TestSettings(t *testing.T) {
	// As golangci-lint passes them: decoded YAML.
	p, err := New(map[string]any{"implicit-order": false, "hostlayout": false, "arches": []any{"386", "arm"}})
	require.NoError(t, err)
	as, err := p.BuildAnalyzers()
	require.NoError(t, err)
	// The same expectations as the analyzer's own flags test.
	analysistest.Run(t, testdata, as[0], "flags")
}

func TestUnsafeSetting(t *testing.T) {
	if strconv.IntSize != 64 {
		t.Skip("want messages give 64-bit offsets")
	}
	p, err := New(map[string]any{"unsafe": true})
	require.NoError(t, err)
	as, err := p.BuildAnalyzers()
	require.NoError(t, err)
	analysistest.Run(t, testdata, as[0], "unsafeconv")
}

func TestDefaults(t *testing.T) {
	p, err := New(map[string]any{})
	require.NoError(t, err)
	as, err := p.BuildAnalyzers()
	require.NoError(t, err)
	analysistest.Run(t, testdata, as[0], "decls", "fine")
}

func TestBadSettings(t *testing.T) {
	_, err := New(map[string]any{"arches": []any{"vax"}})
	require.ErrorContains(t, err, `unknown arch "vax"`)
	_, err = New(map[string]any{"hostlayuot": false})
	require.ErrorContains(t, err, "hostlayuot")
	_, err = New(map[string]any{"hostlayout": "yes"})
	assert.Error(t, err)
}

// TestUnquotedArches decodes settings as golangci-lint does, from YAML:
// an unquoted 386 is a number there.
func TestUnquotedArches(t *testing.T) {
	for src, want := range map[string][]string{
		`arches: [386, arm64]`:     {"386", "arm64"},
		`arches: ["386", "arm64"]`: {"386", "arm64"},
		`arches: "386, arm64"`:     {"386", "arm64"},
		`arches: [amd64]`:          {"amd64"},
	} {
		var settings map[string]any
		require.NoError(t, yaml.Unmarshal([]byte(src), &settings), src)
		p, err := New(settings)
		require.NoError(t, err, src)
		assert.Equal(t, want, p.(*Plugin).cfg.Arches, src)
	}
	for src, msg := range map[string]string{
		`arches: [386.5]`:      `unknown arch "386.5"`,
		`arches: [386, vax]`:   `unknown arch "vax"`,
		`arches: {a: 1}`:       `arches: want a list of GOARCH names such as ["386", "arm64"]`,
		`arches: [[386]]`:      `arches: want GOARCH names, got [386]`,
		`allow-moves: "no"`:    `allow-moves`,
		`arches: [true, 386]`:  `arches: want GOARCH names, got true`,
		`arches: [null, arm]`:  `unknown arch ""`,
		`archess: [386, arm]`:  `archess`,
		`arches: 386`:          `arches: want a list of GOARCH names`,
		`hostlayout: [1]`:      `hostlayout`,
		`implicit-order: 1`:    `implicit-order`,
		`arches: [arm64, 386]`: "",
	} {
		var settings map[string]any
		require.NoError(t, yaml.Unmarshal([]byte(src), &settings), src)
		_, err := New(settings)
		if msg == "" {
			require.NoError(t, err, src)
			continue
		}
		assert.ErrorContains(t, err, msg, src)
	}
}

// TestExampleConfig reads the example configurations (and README's) as
// golangci-lint would: the plugin accepts their settings, and they show
// every finding.
func TestExampleConfig(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	_, block, ok := strings.Cut(string(readme), "and enable it in `.golangci.yml`:\n\n```yaml\n")
	require.True(t, ok, "README's .golangci.yml block")
	block, _, _ = strings.Cut(block, "```")
	for _, name := range []string{"example.golangci.yml", filepath.Join("example", ".golangci.yml"), "README.md"} {
		b, err := os.ReadFile(name)
		if name == "README.md" {
			b, err = []byte(block), nil
		}
		require.NoError(t, err)
		var cfg struct {
			Linters struct {
				Enable   []string
				Settings struct {
					Custom map[string]struct {
						Type     string
						Settings map[string]any
					}
				}
				Exclusions struct{ Generated string }
			}
			Issues map[string]any
		}
		require.NoError(t, yaml.Unmarshal(b, &cfg), name)
		assert.Contains(t, cfg.Linters.Enable, "layoutcheck", name)
		lc, ok := cfg.Linters.Settings.Custom["layoutcheck"]
		require.True(t, ok, name)
		assert.Equal(t, "module", lc.Type, name)
		_, err = New(lc.Settings)
		require.NoError(t, err, name)
		assert.Equal(t, "disable", cfg.Linters.Exclusions.Generated, "%s: findings in generated files are shown", name)
		assert.Equal(t, map[string]any{"max-issues-per-linter": 0, "max-same-issues": 0, "uniq-by-line": false}, cfg.Issues, name)
	}
}

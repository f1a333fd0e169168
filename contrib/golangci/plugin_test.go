package golangci

import (
	"path/filepath"
	"strconv"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

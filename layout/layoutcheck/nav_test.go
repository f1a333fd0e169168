package layoutcheck

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParsePath(t *testing.T) {
	for path, want := range map[string][]pathComp{
		"":              nil,
		"A":             {{"A", 0}},
		"A.B":           {{"A", 0}, {"B", 0}},
		"Rows[0]":       {{"Rows", 1}},
		"Grid[0][0].X":  {{"Grid", 2}, {"X", 0}},
		"[0].A":         {{"", 1}, {"A", 0}},
		"_._":           {{"_", 0}, {"_", 0}},
		"H.Arr[0].In._": {{"H", 0}, {"Arr", 1}, {"In", 0}, {"_", 0}},
	} {
		assert.Equal(t, want, parsePath(path), path)
	}
}

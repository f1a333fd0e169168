// Command layoutcheck runs the layoutcheck analyzer: it proves that the
// types overlay casts, and the structs marked as overlays, have no padding,
// no pointers and a declared byte order, on every GOARCH.
//
// Usage:
//
//	layoutcheck [-flags] packages...        # check, like go vet
//	layoutcheck -fix packages...            # apply the suggested fixes
//	layoutcheck -json packages...           # diagnostics as JSON
//	go vet -vettool=$(which layoutcheck) packages...
//	layoutcheck explain [-arch=GOARCH|all] [-tags=...] package Type...
//	layoutcheck explain package.Type
//
// The analyzer's flags are -implicit-order=false and -hostlayout=false,
// which turn the two warnings off, -arches=amd64,arm64, which limits the
// arches considered, and -allow-moves, which lets -fix insert padding
// that moves fields on some arches; run layoutcheck -help for the rest,
// which are those of every go/analysis command.
//
// The explain subcommand prints the field table and byte diagram of named
// types (or any type expression valid in the package, such as
// "Pair[uint8,uint32]" or "[4]Header") as the layout engine computes them
// for one arch, the host's by default, followed by the type's problems on
// every arch.
package main

import (
	"os"

	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/go-overlay/overlay/layout/layoutcheck"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "explain" {
		os.Exit(explain(os.Args[2:], os.Stdout, os.Stderr))
	}
	singlechecker.Main(layoutcheck.Analyzer)
}

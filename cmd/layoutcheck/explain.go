package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/go-overlay/overlay/layout"
	"github.com/go-overlay/overlay/layout/typesfront"
)

const explainUsage = `usage: layoutcheck explain [-arch=GOARCH|all] [-tags=tag,list] package Type...
       layoutcheck explain [flags] package.Type

Prints the field table and byte diagram of each type as laid out on one
arch (the host's by default; -arch=all for every arch), followed by the
type's problems on every arch. A Type is a name declared at package level
or any type expression valid in the package's files, such as
"Pair[uint8,uint32]", "[4]Header" or "FileHeader[endian.Big]" (a package
its files import, by the name they import it under); package is an
import path or a pattern such as ./internal/...
`

// explain runs the explain subcommand and returns the exit status: 0 when
// every type was explained, 1 when one could not be found or loaded, 2 for
// a usage error.
func explain(args []string, stdout, stderr io.Writer) int {
	req, status := parseExplain(args, stderr)
	if req == nil {
		return status
	}
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedTypes | packages.NeedTypesInfo | packages.NeedSyntax}
	if req.tags != "" {
		cfg.BuildFlags = []string{"-tags=" + req.tags}
	}
	pkgs, err := packages.Load(cfg, req.pattern)
	if err != nil {
		fmt.Fprintf(stderr, "layoutcheck explain: %v\n", err)
		return 1
	}
	if len(pkgs) == 0 {
		fmt.Fprintf(stderr, "layoutcheck explain: no packages match %q\n", req.pattern)
		return 1
	}
	for _, name := range req.names {
		if !req.explainName(pkgs, name, stdout, stderr) {
			status = 1
		}
	}
	return status
}

// An explainRequest is what the explain command line asks for.
type explainRequest struct {
	arches  []layout.Arch
	tags    string
	pattern string   // the packages
	names   []string // the types
}

// parseExplain parses the explain command line. On a usage error or -help
// it returns nil and the exit status.
func parseExplain(args []string, stderr io.Writer) (*explainRequest, int) {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, explainUsage, "\nFlags:\n")
		fs.PrintDefaults()
	}
	archFlag := fs.String("arch", layout.HostArch().Name, "GOARCH to lay the types out for, or all")
	tags := fs.String("tags", "", "comma-separated build tags for loading the package")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, 0
		}
		return nil, 2
	}
	req := &explainRequest{tags: *tags}
	if *archFlag == "all" {
		req.arches = layout.Arches
	} else {
		a, ok := layout.ArchByName(*archFlag)
		if !ok {
			fmt.Fprintf(stderr, "layoutcheck explain: unknown arch %q (known: %s, all)\n", *archFlag, strings.Join(layout.AllArches.Names(), ", "))
			return nil, 2
		}
		req.arches = []layout.Arch{a}
	}
	rest := fs.Args()
	switch {
	case len(rest) == 1:
		// package.Type: split at the last dot after the last slash.
		arg := rest[0]
		slash := strings.LastIndex(arg, "/")
		dot := strings.LastIndex(arg, ".")
		if dot <= slash || dot == len(arg)-1 {
			fmt.Fprintf(stderr, "layoutcheck explain: %q names no type; want package Type or package.Type\n", arg)
			fs.Usage()
			return nil, 2
		}
		req.pattern, req.names = arg[:dot], []string{arg[dot+1:]}
	case len(rest) >= 2:
		req.pattern, req.names = rest[0], rest[1:]
	default:
		fs.Usage()
		return nil, 2
	}
	return req, 0
}

// explainName prints the layouts of the type name in each of pkgs that
// has it, and reports whether it found one and laid it out.
func (req *explainRequest) explainName(pkgs []*packages.Package, name string, stdout, stderr io.Writer) bool {
	found, ok := false, true
	var why []string // why name does not resolve in each package
	for _, p := range pkgs {
		if p.Types == nil {
			continue
		}
		t, err := lookupType(p, name)
		if err != nil {
			why = append(why, err.Error())
			continue
		}
		found = true
		tree, err := typesfront.Tree(t)
		if err != nil {
			fmt.Fprintf(stderr, "layoutcheck explain: %s: %v\n", name, err)
			ok = false
			continue
		}
		for _, a := range req.arches {
			l := layout.Compute(tree, a)
			fmt.Fprintf(stdout, "# %s.%s\n", p.PkgPath, name)
			fmt.Fprint(stdout, l.String())
			fmt.Fprintln(stdout)
			fmt.Fprint(stdout, l.Diagram())
			fmt.Fprintln(stdout)
		}
	}
	if found {
		return ok
	}
	var errs []string
	for _, p := range pkgs {
		for _, e := range p.Errors {
			errs = append(errs, e.Error())
		}
	}
	msg := fmt.Sprintf("no type %s in %s", name, req.pattern)
	if len(why) > 0 {
		msg += ": " + strings.Join(why, "; ")
	}
	if len(errs) > 0 {
		msg += " (" + strings.Join(errs, "; ") + ")"
	}
	fmt.Fprintf(stderr, "layoutcheck explain: %s\n", msg)
	return false
}

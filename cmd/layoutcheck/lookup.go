package main

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"
)

// lookupType resolves a type name or type expression in package p, as it
// would resolve in p's source: a name qualified by a package name, as in
// "FileHeader[endian.Big]" or "Pair[other.T,uint8]", resolves as in a
// file of p that imports that package under that name. The error says
// why an expression does not resolve.
func lookupType(p *packages.Package, expr string) (types.Type, error) {
	scope := p.Types.Scope()
	if obj := scope.Lookup(expr); obj != nil {
		tn, ok := obj.(*types.TypeName)
		if !ok {
			return nil, fmt.Errorf("in %s, %s is a %s, not a type", p.PkgPath, expr, objectKind(obj))
		}
		if n, ok := types.Unalias(tn.Type()).(*types.Named); ok && n.TypeParams().Len() > 0 && n.TypeArgs().Len() == 0 {
			return nil, fmt.Errorf("%s is generic: name an instantiation such as %s[uint32]", expr, expr)
		}
		return tn.Type(), nil
	}
	x, err := parser.ParseExpr(expr)
	if err != nil {
		return nil, fmt.Errorf("%q is not a type expression: %w", expr, err)
	}
	if id, ok := x.(*ast.Ident); ok {
		return nil, fmt.Errorf("%s declares no %s", p.PkgPath, id.Name)
	}
	// The package names the expression uses: X of X.Sel where X is not
	// declared in the package itself.
	var quals []string
	ast.Inspect(x, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && scope.Lookup(id.Name) == nil && !slices.Contains(quals, id.Name) {
				quals = append(quals, id.Name)
			}
		}
		return true
	})
	pos := p.Types.Scope().Pos() // package scope: no imports
	if len(quals) > 0 {
		f := fileImporting(p, quals)
		if f == nil {
			return nil, fmt.Errorf("no file of %s imports a package named %s (its files import %s)",
				p.PkgPath, orList(quals), orList(importNames(p)))
		}
		pos = f.Package
	}
	tv, err := types.Eval(p.Fset, p.Types, pos, expr)
	if err != nil {
		var terr types.Error
		if errors.As(err, &terr) {
			return nil, fmt.Errorf("in %s: %s", p.PkgPath, terr.Msg)
		}
		return nil, fmt.Errorf("in %s: %w", p.PkgPath, err)
	}
	if !tv.IsType() {
		return nil, fmt.Errorf("in %s, %s is a value, not a type", p.PkgPath, expr)
	}
	return tv.Type, nil
}

// fileImporting returns a file of p that imports a package under each of
// names, or nil.
func fileImporting(p *packages.Package, names []string) *ast.File {
	if p.TypesInfo == nil {
		return nil
	}
	for _, f := range p.Syntax {
		fs := p.TypesInfo.Scopes[f]
		if fs == nil {
			continue
		}
		all := true
		for _, n := range names {
			if _, ok := fs.Lookup(n).(*types.PkgName); !ok {
				all = false
				break
			}
		}
		if all {
			return f
		}
	}
	return nil
}

// importNames returns the names under which p's files import packages.
func importNames(p *packages.Package) []string {
	var names []string
	if p.TypesInfo == nil {
		return nil
	}
	for _, f := range p.Syntax {
		fs := p.TypesInfo.Scopes[f]
		if fs == nil {
			continue
		}
		for _, n := range fs.Names() {
			if pn, ok := fs.Lookup(n).(*types.PkgName); ok && n != "_" && n != "." && !slices.Contains(names, pn.Name()) {
				names = append(names, pn.Name())
			}
		}
	}
	slices.Sort(names)
	return names
}

// orList lists names for a message.
func orList(names []string) string {
	if len(names) == 0 {
		return "nothing"
	}
	return strings.Join(names, ", ")
}

// objectKind names what kind of object obj is.
func objectKind(obj types.Object) string {
	switch obj.(type) {
	case *types.Func:
		return "func"
	case *types.Var:
		return "var"
	case *types.Const:
		return "const"
	}
	return "name"
}

package main

import "go/ast"

// countFuncs counts the function and method declarations among decls.
func countFuncs(decls []ast.Decl) int {
	n := 0
	for _, d := range decls {
		if _, ok := d.(*ast.FuncDecl); ok {
			n++
		}
	}
	return n
}

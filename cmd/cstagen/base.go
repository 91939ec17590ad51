package main

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/cstagen/cstagen/asn1"
	"github.com/cstagen/cstagen/asn1/syntax"
	"github.com/cstagen/cstagen/schemas"
)

// cstaPackage is the Go package generated from the embedded schemas.
const cstaPackage = "github.com/cstagen/cstagen/csta"

// baseSet is a set of modules compiled already into a Go package (-base).
type baseSet struct {
	pkg   string // Go import path
	dir   string // schema folder, or "" for the embedded schemas
	files []asn1.File
}

// parseBaseFlag reads -base: comma-separated IMPORTPATH or IMPORTPATH=DIR
// entries, or "none".
func parseBaseFlag(s string) ([]baseSet, error) {
	if s == "" || s == "none" {
		return nil, nil
	}
	var out []baseSet
	for _, e := range strings.Split(s, ",") {
		pkg, dir, _ := strings.Cut(e, "=")
		if pkg == "" || strings.ContainsAny(pkg, " \t") {
			return nil, fmt.Errorf("-base %q: want IMPORTPATH or IMPORTPATH=DIR", e)
		}
		out = append(out, baseSet{pkg: pkg, dir: dir})
	}
	return out, nil
}

// read loads the schema files of the set.
func (b *baseSet) read() error {
	var err error
	if b.dir == "" {
		b.files, err = asn1.ReadDir(schemas.FS, ".")
		return err
	}
	b.files, err = asn1.ReadDir(os.DirFS(b.dir), ".")
	for i := range b.files {
		b.files[i].Name = strings.TrimSuffix(b.dir, "/") + "/" + b.files[i].Name
	}
	return err
}

// moduleNames returns the modules the files define and those they import.
// Files that do not parse define nothing here: Compile reports them.
func moduleNames(files []asn1.File) (defined, imported map[string]bool) {
	defined, imported = map[string]bool{}, map[string]bool{}
	for _, f := range files {
		ast, err := syntax.ParseFile(f.Name, f.Src)
		if err != nil {
			continue
		}
		for _, m := range ast.Modules {
			defined[m.Name] = true
			if m.Imports != nil {
				for _, from := range m.Imports.From {
					imported[from.Module] = true
				}
			}
		}
	}
	return defined, imported
}

// withBase adds to the user's schema files the base sets their modules
// import from: a set is used when the user's modules import a module it
// defines and define none of its modules themselves (a folder with its own
// copy of ECMA-285 is compiled whole, as without -base). It returns the
// files and the Go package of each module of a used set.
func withBase(files []asn1.File, sets []baseSet) ([]asn1.File, map[string]string, error) {
	defined, imported := moduleNames(files)
	missing := map[string]bool{}
	for name := range imported {
		if !defined[name] {
			missing[name] = true
		}
	}
	if len(missing) == 0 {
		return files, nil, nil
	}
	base := map[string]string{}
	for _, b := range sets {
		if err := b.read(); err != nil {
			return nil, nil, fmt.Errorf("-base %s: %v", b.pkg, err)
		}
		mods, _ := moduleNames(b.files)
		used, clash := false, false
		for name := range mods {
			used = used || missing[name]
			clash = clash || defined[name]
			if _, ok := base[name]; ok {
				return nil, nil, fmt.Errorf("-base %s: module %s is also in -base %s", b.pkg, name, base[name])
			}
		}
		if !used || clash {
			continue
		}
		names := make([]string, 0, len(mods))
		for name := range mods {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			base[name] = b.pkg
			delete(missing, name)
		}
		files = append(files, b.files...)
	}
	if len(base) == 0 {
		return files, nil, nil
	}
	return files, base, nil
}

package asn1

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/cstagen/cstagen/asn1/syntax"
)

// File is one ASN.1 source file.
type File struct {
	Name string // shown in positions
	Src  []byte
}

// ErrorList is the list of problems found; it is the error type Compile returns.
type ErrorList = syntax.ErrorList

// Error is one positioned problem.
type Error = syntax.Error

// Options tune Compile.
type Options struct {
	// MaxErrors stops collecting after this many errors (0 means 50).
	MaxErrors int
}

// ReadDir reads every *.asn1 and *.asn file in dir of fsys (not recursive),
// sorted by name.
func ReadDir(fsys fs.FS, dir string) ([]File, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var files []File
	for _, e := range entries {
		if e.IsDir() || !(strings.HasSuffix(e.Name(), ".asn1") || strings.HasSuffix(e.Name(), ".asn")) {
			continue
		}
		p := path.Join(dir, e.Name())
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Name: p, Src: src})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	return files, nil
}

// Compile parses and resolves files into a Model. It returns the model and
// nil when the input is valid (warnings are in Model.Warnings); otherwise a
// possibly partial model and an ErrorList sorted by position.
func Compile(files []File, opts *Options) (*Model, error) {
	r := newResolver(opts)
	for _, f := range files {
		ast, err := syntax.ParseFile(f.Name, f.Src)
		if err != nil {
			if list, ok := err.(syntax.ErrorList); ok {
				r.errs = append(r.errs, list...)
			} else {
				r.errs.Add(Pos{Filename: f.Name}, "%v", err)
			}
			continue
		}
		for _, m := range ast.Modules {
			r.addModule(f.Name, m)
		}
	}
	if len(r.errs.Errors()) == 0 {
		r.run()
	}
	m := r.model
	m.Warnings = dedupe(r.errs.Warnings())
	errs := r.errs.Errors()
	if len(errs) > 0 {
		errs.Sort()
		return m, errs
	}
	return m, nil
}

// errorf records an error at pos; it stops recording past the limit.
func (r *resolver) errorf(pos Pos, format string, args ...any) {
	if len(r.errs.Errors()) >= r.maxErrors {
		return
	}
	r.errs.Add(pos, format, args...)
}

func (r *resolver) warnf(pos Pos, format string, args ...any) {
	r.errs.Warn(pos, format, args...)
}

func oidArcs(v *syntax.ObjIDValue) ([]uint32, bool) {
	if v == nil {
		return nil, false
	}
	var arcs []uint32
	for i, c := range v.Components {
		switch {
		case c.Number != nil:
			arcs = append(arcs, uint32(*c.Number))
		case c.Only != nil:
			arcs = append(arcs, uint32(*c.Only))
		default:
			n, ok := wellKnownArc(i, arcs, c.Name)
			if !ok {
				return nil, false
			}
			arcs = append(arcs, n)
		}
	}
	return arcs, true
}

// wellKnownArc resolves a name-only OID arc (X.660 Annex A names).
func wellKnownArc(i int, prev []uint32, name string) (uint32, bool) {
	if i == 0 {
		switch name {
		case "itu-t", "ccitt":
			return 0, true
		case "iso":
			return 1, true
		case "joint-iso-itu-t", "joint-iso-ccitt":
			return 2, true
		}
		return 0, false
	}
	if i == 1 && prev[0] == 1 {
		switch name {
		case "standard":
			return 0, true
		case "registration-authority":
			return 1, true
		case "member-body":
			return 2, true
		case "identified-organization":
			return 3, true
		}
	}
	if i == 1 && prev[0] == 0 {
		switch name {
		case "recommendation":
			return 0, true
		case "question":
			return 1, true
		case "administration":
			return 2, true
		case "network-operator":
			return 3, true
		case "identified-organization":
			return 4, true
		}
	}
	return 0, false
}

// dedupe folds warnings with the same message into the first one, noting
// how many more places repeat it (CSTA modules repeat one import hundreds of times).
func dedupe(list syntax.ErrorList) []error {
	list.Sort()
	count := map[string]int{}
	var order []*syntax.Error
	for _, w := range list {
		if count[w.Msg] == 0 {
			order = append(order, w)
		}
		count[w.Msg]++
	}
	out := make([]error, 0, len(order))
	for _, w := range order {
		if n := count[w.Msg] - 1; n > 0 {
			cp := *w
			cp.Msg = fmt.Sprintf("%s (and %d more places)", w.Msg, n)
			w = &cp
		}
		out = append(out, w)
	}
	return out
}

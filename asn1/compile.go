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

// wellKnownArc resolves a name-only OID arc: the name forms X.660 Annex A
// and X.680 32.7 allow for the top arcs, the arcs under them, and the
// letters under itu-t recommendation.
func wellKnownArc(i int, prev []uint32, name string) (uint32, bool) {
	var n uint32
	var ok bool
	switch {
	case i == 0:
		n, ok = topArcs[name]
	case i == 1:
		n, ok = secondArcs[prev[0]][name]
	case i == 2 && prev[0] == 0 && prev[1] == 0 && len(name) == 1 && name[0] >= 'a' && name[0] <= 'z':
		n, ok = uint32(name[0]-'a'+1), true
	}
	return n, ok
}

// topArcs are the names of the root arcs (X.660 A.2).
var topArcs = map[string]uint32{
	"itu-t": 0, "ccitt": 0,
	"iso":             1,
	"joint-iso-itu-t": 2, "joint-iso-ccitt": 2,
}

// secondArcs are the names of the arcs under each root arc (X.660 A.3-A.5
// and the joint-iso-itu-t arcs registered under it).
var secondArcs = map[uint32]map[string]uint32{
	0: {"recommendation": 0, "question": 1, "administration": 2, "network-operator": 3,
		"identified-organization": 4, "r-recommendation": 5, "data": 9},
	1: {"standard": 0, "registration-authority": 1, "member-body": 2, "identified-organization": 3},
	2: {"presentation": 0, "asn1": 1, "association-control": 2, "reliable-transfer": 3,
		"remote-operations": 4, "ds": 5, "directory": 5, "mhs": 6, "mhs-motis": 6, "ccr": 7,
		"oda": 8, "ms": 9, "osi-management": 9, "transaction-processing": 10, "dor": 11,
		"distinguished-object-reference": 11, "reference-data-transfer": 12, "network-layer": 13,
		"network-layer-management": 13, "transport-layer": 14, "transport-layer-management": 14,
		"datalink-layer": 15, "datalink-layer-management": 15, "datalink-layer-management-information": 15,
		"country": 16, "registration-procedures": 17, "registration-procedure": 17,
		"physical-layer": 18, "physical-layer-management": 18, "mheg": 19, "genericULS": 20,
		"generic-upper-layers-security": 20, "guls": 20, "transport-layer-security-protocol": 21,
		"network-layer-security-protocol": 22, "international-organizations": 23, "internationalRA": 23,
		"sios": 24, "uuid": 25, "odp": 26, "upu": 40},
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

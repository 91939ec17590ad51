package gen

import (
	"fmt"
	"sort"
	"strings"

	"github.com/cstagen/cstagen/asn1"
)

// unrolledTypes returns the ASN.1 types (of assignments, and the inline
// types inside them) whose BER codecs are unrolled: every type under
// Options.UnrollAll; otherwise the types on the path of the events (the
// event types, the types that hold them, such as CSTAEventReportArgument,
// and every type these hold), the ROSE PDU with what holds it and what it
// holds, and the types Options.Unroll names with what they hold. Nil means
// every type.
//
// The other types are compact (gen/README.md, "Compact and unrolled BER"):
// the same codecs, with the headers read and sized through calls where the
// unrolled ones inline the short forms.
func (g *generator) unrolledTypes() (map[*asn1.Type]bool, error) {
	if g.opts.UnrollAll {
		return nil, nil
	}
	defs := map[*asn1.TypeDef]bool{} // the roots
	for _, e := range g.model.Events {
		if e.Type != nil && e.Type.Ref != nil {
			defs[e.Type.Ref] = true
		}
	}
	if ros, ok := g.findROS(); ok && ros.def != nil {
		defs[ros.def] = true
	}
	// The types that hold a root, directly or through other such types.
	var all []*asn1.TypeDef
	for _, mod := range g.model.Modules {
		all = append(all, mod.Types...)
	}
	holds := func(t *asn1.Type) bool {
		found := false
		walkTypes(t, func(t *asn1.Type) bool {
			if t.Ref != nil {
				found = found || defs[t.Ref]
				return false
			}
			return !found
		})
		return found
	}
	for changed := true; changed; {
		changed = false
		for _, d := range all {
			if !defs[d] && holds(d.Type) {
				defs[d] = true
				changed = true
			}
		}
	}
	for _, name := range g.opts.Unroll {
		d, err := g.lookupDef(name)
		if err != nil {
			return nil, err
		}
		defs[d] = true
	}
	// Everything the roots hold.
	out := map[*asn1.Type]bool{}
	var visit func(d *asn1.TypeDef)
	seen := map[*asn1.TypeDef]bool{}
	visit = func(d *asn1.TypeDef) {
		if seen[d] {
			return
		}
		seen[d] = true
		var refs []*asn1.TypeDef
		walkTypes(d.Type, func(t *asn1.Type) bool {
			out[t] = true
			if t.Ref != nil {
				refs = append(refs, t.Ref)
			}
			return true
		})
		for _, r := range refs {
			visit(r)
		}
	}
	var roots []*asn1.TypeDef
	for d := range defs {
		roots = append(roots, d)
	}
	sort.Slice(roots, func(i, j int) bool { return originOf(roots[i]) < originOf(roots[j]) })
	for _, d := range roots {
		visit(d)
	}
	return out, nil
}

// walkTypes calls f on t and, while f returns true, on the types t is
// built of: components and the element of a SEQUENCE OF. It does not follow
// references (t.Ref), nor into what an open type can hold (an open type is
// its encoding, []byte, which a PDU decodes apart).
func walkTypes(t *asn1.Type, f func(*asn1.Type) bool) {
	if t == nil || !f(t) {
		return
	}
	for _, c := range t.Components {
		walkTypes(c.Type, f)
	}
	walkTypes(t.Elem, f)
}

// lookupDef finds the type assignment name names: "Module.Type", or "Type"
// when one module of the model defines it.
func (g *generator) lookupDef(name string) (*asn1.TypeDef, error) {
	module, typ := "", name
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		module, typ = name[:i], name[i+1:]
	}
	var found []*asn1.TypeDef
	for _, mod := range g.model.Modules {
		if module != "" && mod.Name != module {
			continue
		}
		for _, d := range mod.Types {
			if d.Name == typ {
				found = append(found, d)
			}
		}
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("gen: Unroll: no type %s in the schemas", name)
	case 1:
		return found[0], nil
	}
	var in []string
	for _, d := range found {
		in = append(in, d.Module.Name)
	}
	return nil, fmt.Errorf("gen: Unroll: %s is defined in %s: name it Module.Type", name, strings.Join(in, ", "))
}

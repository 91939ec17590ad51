package gen

import "github.com/cstagen/cstagen/asn1"

// Messages are the types a program encodes and decodes on their own: they
// get the document methods (SizeBER, AppendBER, DecodeBER, DecodeBERLimits,
// AppendXML, AppendXMLNS, DecodeXML, DecodeXMLFrom) and implement Message.
// The other types are coded only inside a message, through the content and
// element methods their parents call; they need no document methods, and
// leaving them out is the largest single saving in what the package costs
// to compile (csta: some 4,600 functions and a fifth of the compile time).
// Options.AllMessages gives every type the document methods.

// findMessages returns the message types among the types generated here: the
// types an operation, error or event names; the types of the objects of
// table-constrained open types (decoded on their own by the check of the
// open type); the ECMA-354 documents of the overrides; the types no other
// generated type refers to (the PDUs: ROSE's, ACSE's, a vendor module's
// private data); and the targets of aliases of those. Every type is one
// with Options.AllMessages, and in a package generated on top of another
// (Options.Base): a vendor's few types, whose private data types
// (runtime/privdata) are decoded on their own while other types hold them.
func (g *generator) findMessages() map[*goType]bool {
	out := map[*goType]bool{}
	if g.opts.AllMessages || len(g.opts.Base) != 0 {
		for _, gt := range g.types {
			out[gt] = true
		}
		return out
	}
	markDef := func(d *asn1.TypeDef) {
		if gt := g.byDef[d]; gt != nil && gt.pkg == "" {
			out[gt] = true
		}
	}
	mark := func(t *asn1.Type) {
		if t != nil && t.Ref != nil {
			markDef(t.Ref)
		}
	}
	for _, op := range g.model.Operations {
		mark(op.Argument)
		mark(op.Result)
	}
	for _, e := range g.model.Errors {
		mark(e.Parameter)
	}
	for _, e := range g.model.Events {
		mark(e.Type)
	}
	if g.xmlo != nil {
		for _, d := range g.xmlo.docs {
			markDef(d.def)
		}
	}
	referenced := map[*asn1.TypeDef]bool{}
	var walk func(t *asn1.Type)
	walk = func(t *asn1.Type) {
		if t == nil {
			return
		}
		if t.Ref != nil {
			referenced[t.Ref] = true
			return
		}
		if t.Open != nil && t.Open.Set != nil {
			for _, obj := range t.Open.Set.Objects {
				mark(obj.Types[t.Open.Field])
			}
		}
		for _, c := range t.Components {
			walk(c.Type)
		}
		walk(t.Elem)
	}
	for _, gt := range g.types {
		if gt.def != nil {
			walk(gt.def.Type)
		}
	}
	for _, gt := range g.types {
		if gt.def != nil && !referenced[gt.def] {
			out[gt] = true
		}
	}
	// An alias has the methods of its target.
	for changed := true; changed; {
		changed = false
		for _, gt := range g.types {
			if !out[gt] || gt.def == nil || !isAlias(gt.def) {
				continue
			}
			if target := g.byDef[gt.def.Type.Ref]; target != nil && target.pkg == "" && !out[target] {
				out[target] = true
				changed = true
			}
		}
	}
	return out
}

// isAlias reports whether the type assignment d is generated as a Go alias
// of the type it names (emitReference): same tags, no constraint added.
func isAlias(d *asn1.TypeDef) bool {
	if d.Type.Ref == nil {
		return false
	}
	sameTags := asn1.Describe(&asn1.Type{Tags: d.Type.Tags, Kind: asn1.KindNull}) == asn1.Describe(&asn1.Type{Tags: d.Type.Ref.Type.Tags, Kind: asn1.KindNull})
	return sameTags && d.Type.Size == nil && d.Type.Range == nil
}

package gen

import (
	"github.com/cstagen/cstagen/asn1"
	"github.com/dave/jennifer/jen"
)

// Packages built on another generated package (Options.Base): a vendor's
// modules that import ECMA-285 types use the types of the shipped csta
// package instead of generating them again. The generated code of the
// vendor package codes a component of a base type as the base package's
// own code does, through the codec methods every generated type exports
// for generated code (SizeBERContent, PutBERContent, DecodeBERContent,
// SizeBERChoice, PutBERChoice, DecodeBERChoice, DecodeBERChoiceElem,
// AppendXMLElem, DecodeXMLElem, SetXMLText; gen/README.md lists them).

// id is the Go name of gt where generated code uses it: qualified with its
// package when gt belongs to a base package.
func (gt *goType) id() *jen.Statement {
	if gt.pkg != "" {
		return jen.Qual(gt.pkg, gt.name)
	}
	return jen.Id(gt.name)
}

// basePackage returns the Go import path of the base package that holds
// the module's types, or "" when they are generated here.
func (g *generator) basePackage(mod *asn1.Module) string {
	if mod == nil {
		return ""
	}
	return g.opts.Base[mod.Name]
}

// localView returns the part of m that this generation writes: without the
// modules of base packages and their operations, errors and events. The
// types of base modules stay reachable through the references of the
// local ones.
func localView(m *asn1.Model, base map[string]string) *asn1.Model {
	if len(base) == 0 {
		return m
	}
	local := func(mod *asn1.Module) bool { return mod == nil || base[mod.Name] == "" }
	v := *m
	v.Modules = nil
	for _, mod := range m.Modules {
		if local(mod) {
			v.Modules = append(v.Modules, mod)
		}
	}
	v.Operations, v.ROSEOperations = nil, nil
	for _, op := range m.Operations {
		if local(op.Module) {
			v.Operations = append(v.Operations, op)
		}
	}
	v.Errors, v.ROSEErrors = nil, nil
	for _, e := range m.Errors {
		if local(e.Module) {
			v.Errors = append(v.Errors, e)
		}
	}
	v.Events = nil
	for _, e := range m.Events {
		if e.Type != nil && e.Type.Ref != nil && local(e.Type.Ref.Module) {
			v.Events = append(v.Events, e)
		}
	}
	return &v
}

// dropBaseDocuments leaves out of the overrides' documents those of base
// packages: their XMLDocuments table is theirs.
func (g *generator) dropBaseDocuments() {
	docs := g.xmlo.docs[:0]
	for _, d := range g.xmlo.docs {
		if g.basePackage(d.def.Module) == "" {
			docs = append(docs, d)
		}
	}
	g.xmlo.docs = docs
}

// usesBase reports whether a value of the local type gt contains a value
// of a base package's type, through its components. The generated tests
// (codec_test.go) cannot fill such values with random data (the base
// package's fillRandom is a test function of its own), so they leave these
// types out; the package's own tests cover them.
func (g *generator) usesBase(gt *goType, seen map[*goType]bool) bool {
	if gt == nil {
		return false
	}
	if gt.pkg != "" {
		return true
	}
	if v, ok := seen[gt]; ok {
		return v
	}
	seen[gt] = false
	t := gt.t
	if gt.def != nil && gt.def.Type.Ref != nil {
		r := g.usesBase(g.byDef[gt.def.Type.Ref], seen)
		seen[gt] = r
		return r
	}
	var walk func(t *asn1.Type) bool
	walk = func(t *asn1.Type) bool {
		if t == nil {
			return false
		}
		if t.Ref != nil {
			return g.usesBase(g.byDef[t.Ref], seen)
		}
		if in := g.inline[t]; in != nil && in != gt {
			return g.usesBase(in, seen)
		}
		for _, c := range t.Components {
			if walk(c.Type) {
				return true
			}
		}
		return walk(t.Elem)
	}
	r := false
	for _, c := range t.Components {
		if walk(c.Type) {
			r = true
			break
		}
	}
	if !r {
		r = walk(t.Elem)
	}
	seen[gt] = r
	return r
}

// generatedDocs are the doc comments of the codec methods that generated
// code calls, in this package and in packages built on it.
var generatedDocs = map[string]string{
	"SizeBERContent":      "returns the length of the contents of v's encoding",
	"PutBERContent":       "writes the contents of v's encoding so that they end at b[i] and returns their start",
	"DecodeBERContent":    "decodes the contents of an element entered in r into v",
	"SizeBERChoice":       "returns the length of the encoding of v's chosen alternative",
	"PutBERChoice":        "writes v's chosen alternative so that it ends at b[i] and returns its start",
	"DecodeBERChoice":     "reads one alternative of v from r, chosen by its tag",
	"DecodeBERChoiceElem": "decodes the alternative whose element, with tag t, was entered in c",
	"AppendXMLElem":       "appends v as the CSTA-XML element name (in namespace ns, when not empty) with the names of the edition ed",
	"DecodeXMLElem":       "decodes the CSTA-XML element whose start tag r has just read into v",
	"SetXMLText":          "sets v from its CSTA-XML text (an identifier or a number) and reports whether it is one",
}

// genDoc writes the one-line doc comment of the codec method name, which
// generated code calls (there are thousands: gen/README.md documents them).
func genDoc(f *jen.File, name string) {
	f.Commentf("%s, for generated code, %s.", name, generatedDocs[name])
}

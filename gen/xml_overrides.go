package gen

import (
	"bufio"
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/cstagen/cstagen/asn1"
	"github.com/cstagen/cstagen/schemas"
	"github.com/dave/jennifer/jen"
)

// xmlOverrides is the parsed table of schemas/csta-xml.overrides: the places
// where CSTA-XML departs from the names and shapes derived from the ASN.1.
// The file documents the directives.
type xmlOverrides struct {
	names   map[*asn1.Component]string // element name of a component
	items   map[*asn1.Type]string      // item element name of a SEQUENCE OF
	inline  map[*asn1.Type]bool        // SEQUENCE OF CHOICE written without item elements
	raw     map[*asn1.Component]bool   // NULL alternative kept as raw XML
	empty   map[string]bool            // NULL alternatives an empty element stands for
	shape   map[*asn1.Type]string      // deviceid, connectionid
	wrap    map[*asn1.Type]string      // string type written inside a child element
	hexT    map[*asn1.Type]bool        // OCTET STRING type written as hexBinary
	hexC    map[*asn1.Component]bool   // OCTET STRING component written as hexBinary
	message map[string]string          // operation name -> request root element
	event   map[string]string          // event type name -> root element
	order   map[*asn1.Type][]string    // SEQUENCE components in the schema's order
	bits    map[*asn1.Type][]string    // named bits in the schema's order (by underlying type)
	listof  map[*asn1.Type]string      // SEQUENCE written as a list of one item element
	in      map[*asn1.Component]string // component whose value is written inside a child element
	// flags (flags PATH.component ID=XML...): ENUMERATED components written
	// as the schema's list of booleans; flagNames, by the underlying type,
	// the flag elements' names where they differ from the identifiers.
	flags     map[*asn1.Component]bool
	flagNames map[*asn1.Type]map[string]string
	boolean   map[*asn1.Component]bool // INTEGER written as an xs:boolean
	unsigned  map[*asn1.Component]bool // INTEGER whose XSD datatype is nonNegativeInteger
	notext    map[*asn1.Component]bool // string the schema makes attributes and XML content
	// skipped are the lines of directives whose module the model does not
	// have (a schema set without it); for the embedded schemas, none.
	skipped []int
	docs    []xmlDocument // messages of their own (document)

	named map[*asn1.Type]map[string]string // named: the CSTA-XML name of a named bit or ENUMERATED identifier
	// names6 and named6 are the ed6 directives: the names an ECMA-323 ed6
	// document uses where they differ from the ed3 ones above.
	names6 map[*asn1.Component]string
	named6 map[*asn1.Type]map[string]string
	// flags6 (ed6 flag): the attributes of DeviceID components that ed6
	// makes xsd:booleans of another meaning (whether the number or name is
	// private): a boolean value is kept as read, not taken for the component.
	flags6 map[*asn1.Component]bool
	// noform (noform ED PATH): what an edition of ECMA-323 has no form for,
	// by edition (xmlEditions): components (of SEQUENCEs, SETs and DeviceID
	// attributes), and named bits and ENUMERATED identifiers by the
	// underlying type.
	noform      [2]map[*asn1.Component]bool
	noformNamed [2]map[*asn1.Type]map[string]bool
	renames     map[*asn1.TypeDef]string // goname: the Go name of a type
	suffixes    map[*asn1.Module]string  // gosuffix: appended to the Go names of a module's BIT STRINGs
}

// xmlOrdered returns the fields of the SEQUENCE t (fields as g.fields gives
// them, in the ASN.1 order) in the order its CSTA-XML element writes its
// children: the order directive's, or the same.
func (o *xmlOverrides) xmlOrdered(t *asn1.Type, fields []field) []field {
	if o == nil {
		return fields
	}
	return inOrder(fields, o.order[t], func(fd field) string { return fd.c.Name })
}

// namedOrdered returns the named bits of the BIT STRING u in the order of
// its CSTA-XML elements: the order directive's, or the ASN.1 one.
func (o *xmlOverrides) namedOrdered(u *asn1.Type) []asn1.NamedNumber {
	if o == nil {
		return u.Named
	}
	return inOrder(u.Named, o.bits[u], func(n asn1.NamedNumber) string { return n.Name })
}

// inOrder returns items in the order of names (which the order directive
// checked to name each item once), or items itself when names is nil.
func inOrder[T any](items []T, names []string, name func(T) string) []T {
	if names == nil {
		return items
	}
	out := make([]T, 0, len(items))
	for _, n := range names {
		for _, it := range items {
			if name(it) == n {
				out = append(out, it)
			}
		}
	}
	return out
}

// xmlDocument is a type that is a whole CSTA-XML message of its own, not an
// operation's argument or result or an event (the ECMA-354 session
// messages): its root element is the type's name, in namespace ns.
type xmlDocument struct {
	def *asn1.TypeDef
	ns  string
}

// parseXMLOverrides reads the override table against the model. Paths that
// name nothing in the model are errors, unless the model lacks the module
// altogether (a schema set without CSTA, such as the known-answer schema).
func parseXMLOverrides(m *asn1.Model, src []byte) (*xmlOverrides, error) {
	o := &xmlOverrides{names: map[*asn1.Component]string{}, items: map[*asn1.Type]string{}, inline: map[*asn1.Type]bool{},
		raw: map[*asn1.Component]bool{}, empty: map[string]bool{}, shape: map[*asn1.Type]string{},
		wrap: map[*asn1.Type]string{}, hexT: map[*asn1.Type]bool{}, hexC: map[*asn1.Component]bool{}, message: map[string]string{}, event: map[string]string{}, order: map[*asn1.Type][]string{}, bits: map[*asn1.Type][]string{}, listof: map[*asn1.Type]string{}, in: map[*asn1.Component]string{},
		flags: map[*asn1.Component]bool{}, flagNames: map[*asn1.Type]map[string]string{}, boolean: map[*asn1.Component]bool{}, unsigned: map[*asn1.Component]bool{}, notext: map[*asn1.Component]bool{},
		named: map[*asn1.Type]map[string]string{}, names6: map[*asn1.Component]string{}, flags6: map[*asn1.Component]bool{}, named6: map[*asn1.Type]map[string]string{}, renames: map[*asn1.TypeDef]string{}, suffixes: map[*asn1.Module]string{}}
	for e := range o.noform {
		o.noform[e] = map[*asn1.Component]bool{}
		o.noformNamed[e] = map[*asn1.Type]map[string]bool{}
	}
	// Operations and events are checked only against the CSTA schemas (a
	// test schema of other modules has none).
	csta := slices.ContainsFunc(m.Modules, func(mod *asn1.Module) bool { return strings.HasPrefix(mod.Name, "CSTA-") })
	sc := bufio.NewScanner(bytes.NewReader(src))
	line := 0
	var errs []string
	for sc.Scan() {
		line++
		text := sc.Text()
		if i := strings.IndexByte(text, '#'); i >= 0 {
			text = text[:i]
		}
		f := strings.Fields(text)
		if len(f) == 0 {
			continue
		}
		bad := func(format string, args ...any) {
			errs = append(errs, fmt.Sprintf("csta-xml.overrides:%d: %s", line, fmt.Sprintf(format, args...)))
		}
		// resolve is resolvePath for this line: a directive for a module
		// the model lacks is skipped (and recorded), a bad path reported;
		// ok only when the path resolves.
		resolve := func(path string) (*asn1.Type, *asn1.Component, bool) {
			t, c, skip, err := resolvePath(m, path)
			if skip {
				o.skipped = append(o.skipped, line)
			} else if err != nil {
				bad("%v", err)
			}
			return t, c, !skip && err == nil
		}
		// "ed6 name ..." and "ed6 named ...": the names of ed6 documents;
		// "ed6 flag ...": an attribute ed6 makes a boolean.
		ed6 := f[0] == "ed6"
		if ed6 {
			if len(f) < 2 || f[1] != "name" && f[1] != "named" && f[1] != "flag" {
				bad("ed6 qualifies a name, named or flag directive")
				continue
			}
			f = f[1:]
			if f[0] == "flag" {
				if len(f) != 2 {
					bad("ed6 flag takes 1 field")
					continue
				}
				_, c, ok := resolve(f[1])
				if !ok {
					continue
				}
				if !o.inDeviceID(c) {
					bad("%s is not a component of a type of shape deviceid (given by a shape directive before)", f[1])
					continue
				}
				if k := c.Type.Underlying().Kind; k != asn1.KindString && k != asn1.KindOctetString {
					bad("%s is not a string component", f[1])
					continue
				}
				o.flags6[c] = true
				continue
			}
		}
		if f[0] == "noform" {
			if len(f) != 3 {
				bad("noform takes an edition and a path")
				continue
			}
			e := slices.Index(xmlEditions[:], f[1])
			if e < 0 {
				bad("noform: %q is no edition (%s)", f[1], strings.Join(xmlEditions[:], ", "))
				continue
			}
			// A named bit or an ENUMERATED identifier, or else a component.
			if i := strings.LastIndex(f[2], "."); i > 0 {
				if t, _, skip, err := resolvePath(m, f[2][:i]); skip {
					o.skipped = append(o.skipped, line)
					continue
				} else if err == nil {
					u, id := t.Underlying(), f[2][i+1:]
					if (u.Kind == asn1.KindBitString || u.Kind == asn1.KindEnumerated) && slices.ContainsFunc(u.Named, func(n asn1.NamedNumber) bool { return n.Name == id }) {
						if o.noformNamed[e][u] == nil {
							o.noformNamed[e][u] = map[string]bool{}
						}
						o.noformNamed[e][u][id] = true
						continue
					}
				}
			}
			_, c, ok := resolve(f[2])
			if !ok {
				continue
			}
			if c == nil {
				bad("noform: %s is no component, named bit or ENUMERATED identifier", f[2])
				continue
			}
			if !c.Optional && c.Default == nil && !o.inDeviceID(c) {
				bad("noform: %s is a mandatory component: every value has it", f[2])
				continue
			}
			o.noform[e][c] = true
			continue
		}
		if f[0] == "flags" || f[0] == "boolean" || f[0] == "unsigned" || f[0] == "notext" {
			if len(f) < 2 || f[0] != "flags" && len(f) != 2 {
				bad("%s takes a component", f[0])
				continue
			}
			if _, c, ok := resolve(f[1]); ok {
				o.valueForm(f, c, bad)
			}
			continue
		}
		want := map[string]int{"name": 3, "named": 3, "item": 3, "inline": 2, "raw": 2, "empty": 2, "shape": 3, "wrap": 3, "hex": 2, "message": 3, "event": 3, "document": 3, "goname": 3, "gosuffix": 3, "listof": 3, "in": 3}
		if f[0] == "order" { // order PATH component...: any number of fields
			if len(f) < 4 {
				bad("order takes a type and its components")
				continue
			}
			t, c, ok := resolve(f[1])
			if !ok {
				continue
			}
			u := t.Underlying()
			if (u.Kind == asn1.KindSequenceOf || u.Kind == asn1.KindSetOf) && u.Elem != nil && u.Elem.Ref == nil {
				// A list of anonymous SEQUENCEs: the order of its items.
				t, u = u.Elem, u.Elem.Underlying()
			}
			named := u.Kind == asn1.KindBitString && len(u.Named) > 0
			if c != nil || u.Kind != asn1.KindSequence && !named {
				bad("%s is not a SEQUENCE type or a BIT STRING with named bits", f[1])
				continue
			}
			var have []string
			for _, c := range u.Components {
				have = append(have, c.Name)
			}
			for _, n := range u.Named {
				have = append(have, n.Name)
			}
			if got := slices.Sorted(slices.Values(f[2:])); !slices.Equal(got, slices.Sorted(slices.Values(have))) {
				bad("order of %s must list each of its components or named bits once: %s", f[1], strings.Join(have, " "))
				continue
			}
			if named {
				o.bits[u] = f[2:]
			} else {
				o.order[t] = f[2:]
			}
			continue
		}
		n, ok := want[f[0]]
		if !ok {
			bad("unknown directive %q", f[0])
			continue
		}
		if len(f) != n {
			bad("%s takes %d fields", f[0], n-1)
			continue
		}
		if f[0] == "empty" {
			o.empty[f[1]] = true
			continue
		}
		if f[0] == "message" {
			found := false
			for _, op := range m.Operations {
				found = found || op.Name == f[1]
			}
			if !found && csta {
				bad("no operation %s", f[1])
				continue
			}
			o.message[f[1]] = f[2]
			continue
		}
		if f[0] == "event" {
			found := false
			for _, e := range m.Events {
				found = found || e.TypeName() == f[1]
			}
			if !found && csta {
				bad("no event type %s", f[1])
				continue
			}
			o.event[f[1]] = f[2]
			continue
		}
		if f[0] == "gosuffix" {
			if mod := m.Module(f[1]); mod != nil {
				o.suffixes[mod] = f[2]
			}
			continue
		}
		if f[0] == "named" {
			i := strings.LastIndex(f[1], ".")
			t, _, ok := resolve(f[1][:max(i, 0)])
			if !ok {
				continue
			}
			u, id := t.Underlying(), f[1][i+1:]
			if u.Kind != asn1.KindBitString && u.Kind != asn1.KindEnumerated || !slices.ContainsFunc(u.Named, func(n asn1.NamedNumber) bool { return n.Name == id }) {
				bad("%s is not a named bit of a BIT STRING or an identifier of an ENUMERATED", f[1])
				continue
			}
			named := o.named
			if ed6 {
				if u.Kind != asn1.KindBitString {
					bad("ed6 named applies to the named bits of a BIT STRING")
					continue
				}
				named = o.named6
			}
			if named[u] == nil {
				named[u] = map[string]string{}
			}
			named[u][id] = f[2]
			continue
		}
		if f[0] == "document" || f[0] == "goname" {
			parts := strings.Split(f[1], ".")
			if len(parts) != 2 {
				bad("%q is not Module.Type", f[1])
				continue
			}
			mod := m.Module(parts[0])
			if mod == nil {
				continue
			}
			d := mod.LookupType(parts[1])
			if d == nil {
				bad("module %s has no type %s", parts[0], parts[1])
				continue
			}
			if f[0] == "goname" {
				o.renames[d] = f[2]
				continue
			}
			o.docs = append(o.docs, xmlDocument{def: d, ns: f[2]})
			continue
		}
		t, c, ok := resolve(f[1])
		if !ok {
			continue
		}
		switch f[0] {
		case "name":
			if c == nil {
				bad("%s is not a component", f[1])
				continue
			}
			if ed6 {
				o.names6[c] = f[2]
				continue
			}
			o.names[c] = f[2]
		case "in":
			if c == nil || !slices.Contains([]asn1.Kind{asn1.KindSequence, asn1.KindSet, asn1.KindChoice}, c.Type.Underlying().Kind) && o.shape[c.Type.Underlying()] == "" {
				bad("%s is not a component of a structured type", f[1])
				continue
			}
			o.in[c] = f[2]
		case "listof":
			if k := t.Underlying().Kind; c != nil || k != asn1.KindSequence && k != asn1.KindSet {
				bad("%s is not a SEQUENCE or SET type", f[1])
				continue
			}
			o.listof[t] = f[2]
		case "item":
			if k := t.Underlying().Kind; k != asn1.KindSequenceOf && k != asn1.KindSetOf {
				bad("%s is not a SEQUENCE OF", f[1])
				continue
			}
			o.items[t] = f[2]
		case "inline":
			u := t.Underlying()
			if (u.Kind != asn1.KindSequenceOf && u.Kind != asn1.KindSetOf) || u.Elem.Underlying().Kind != asn1.KindChoice {
				bad("%s is not a SEQUENCE OF CHOICE", f[1])
				continue
			}
			o.inline[t] = true
		case "raw":
			if c == nil || t.Underlying().Kind != asn1.KindNull {
				bad("%s is not a NULL component", f[1])
				continue
			}
			o.raw[c] = true
		case "wrap":
			if u := t.Underlying(); u.Kind != asn1.KindOctetString && u.Kind != asn1.KindString && (u.Kind != asn1.KindInteger || len(u.Named) > 0) {
				bad("%s is not a string type or an INTEGER without named numbers", f[1])
				continue
			}
			o.wrap[t] = f[2]
		case "hex":
			if t.Underlying().Kind != asn1.KindOctetString {
				bad("%s is not an OCTET STRING", f[1])
				continue
			}
			if c != nil {
				o.hexC[c] = true
			} else {
				o.hexT[t] = true
			}
		case "shape":
			if f[2] != "deviceid" && f[2] != "connectionid" && f[2] != "empty" {
				bad("unknown shape %q", f[2])
				continue
			}
			if u := t.Underlying(); f[2] == "empty" && (c != nil || u.Kind != asn1.KindBitString || len(u.Named) > 0) {
				bad("shape empty: %s is not a BIT STRING type without named bits", f[1])
				continue
			}
			o.shape[t.Underlying()] = f[2]
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return o, nil
}

// valueForm records the directive f (flags, boolean, unsigned or notext) for the
// component c: a form the schema gives a component's value that differs
// from the one derived from its ASN.1 type.
func (o *xmlOverrides) valueForm(f []string, c *asn1.Component, bad func(string, ...any)) {
	if c == nil || c.Type == nil {
		bad("%s: %s is not a component", f[0], f[1])
		return
	}
	u := c.Type.Underlying()
	if f[0] == "notext" {
		if u.Kind != asn1.KindString && u.Kind != asn1.KindOctetString || c.Type.Ref != nil {
			bad("notext: %s is not a component of a string type written in place", f[1])
			return
		}
		o.notext[c] = true
		return
	}
	if f[0] != "flags" {
		if u.Kind != asn1.KindInteger || len(u.Named) > 0 {
			bad("%s: %s is not an INTEGER without named numbers", f[0], f[1])
			return
		}
		if f[0] == "boolean" {
			o.boolean[c] = true
		} else {
			o.unsigned[c] = true
		}
		return
	}
	if u.Kind != asn1.KindEnumerated || c.Type.Ref == nil {
		bad("flags: %s is not a component of an ENUMERATED type", f[1])
		return
	}
	if c.Optional {
		bad("flags: %s is OPTIONAL (a mandatory component only)", f[1])
		return
	}
	names := map[string]string{}
	for _, kv := range f[2:] {
		id, x, ok := strings.Cut(kv, "=")
		if !ok || x == "" || !slices.ContainsFunc(u.Named, func(n asn1.NamedNumber) bool { return n.Name == id }) {
			bad("flags: %q is not IDENTIFIER=XML with an identifier of %s", kv, f[1])
			return
		}
		names[id] = x
	}
	if prev, ok := o.flagNames[u]; ok && !maps.Equal(prev, names) {
		bad("flags: the flag names of %s differ from those of an earlier flags directive on its type", f[1])
		return
	}
	o.flags[c] = true
	o.flagNames[u] = names
}

// flagName is the element name of the flag of the identifier id of the
// ENUMERATED u (a flags directive's), in CSTA-XML.
func (o *xmlOverrides) flagName(u *asn1.Type, id string) string {
	if x := o.flagNames[u][id]; x != "" {
		return x
	}
	return id
}

// xmlEditions are the editions of ECMA-323 that noform directives name, in
// the order of xml.Edition (xml.Ed3, xml.Ed6).
var xmlEditions = [2]string{"ed3", "ed6"}

// inDeviceID reports whether c is a component of a type of shape deviceid
// (given by a shape directive before), an attribute of its element.
func (o *xmlOverrides) inDeviceID(c *asn1.Component) bool {
	for u, shape := range o.shape {
		if shape == "deviceid" && c != nil && slices.Contains(u.Components, c) {
			return true
		}
	}
	return false
}

// noformIn returns the editions (indexes of xmlEditions) that have no form
// for the component c.
func (o *xmlOverrides) noformIn(c *asn1.Component) []int {
	var eds []int
	for e := range o.noform {
		if o.noform[e][c] {
			eds = append(eds, e)
		}
	}
	return eds
}

// noformNamedIn returns the editions that have no form for the named bit or
// ENUMERATED identifier id of the type u (underlying).
func (o *xmlOverrides) noformNamedIn(u *asn1.Type, id string) []int {
	var eds []int
	for e := range o.noformNamed {
		if o.noformNamed[e][u][id] {
			eds = append(eds, e)
		}
	}
	return eds
}

// resolvePath finds Module.Type[.component...]: the type at the end and,
// when the path ends in a component, that component. skip is set when the
// module is not in the model.
func resolvePath(m *asn1.Model, path string) (t *asn1.Type, c *asn1.Component, skip bool, err error) {
	parts := strings.Split(path, ".")
	if len(parts) < 2 {
		return nil, nil, false, fmt.Errorf("%q is not Module.Type", path)
	}
	mod := m.Module(parts[0])
	if mod == nil {
		return nil, nil, true, nil
	}
	d := mod.LookupType(parts[1])
	if d == nil {
		return nil, nil, false, fmt.Errorf("module %s has no type %s", parts[0], parts[1])
	}
	t = d.Type
	for _, name := range parts[2:] {
		u := t.Underlying()
		for u != nil && (u.Kind == asn1.KindSequenceOf || u.Kind == asn1.KindSetOf) {
			u = u.Elem.Underlying()
		}
		c = nil
		if u != nil {
			for _, comp := range u.Components {
				if comp.Name == name {
					c = comp
				}
			}
		}
		if c == nil {
			return nil, nil, false, fmt.Errorf("%s: no component %s", path, name)
		}
		t = c.Type
	}
	return t, c, false, nil
}

// elemName is the XML element name of a component.
func (o *xmlOverrides) elemName(c *asn1.Component) string {
	if n, ok := o.names[c]; ok {
		return n
	}
	return c.Name
}

// hex reports whether a value of type t, the type of component c (nil
// for a type's own codec, or a list item), is written as hexBinary: c or
// the type t refers to is named by a hex directive.
func (o *xmlOverrides) hex(t *asn1.Type, c *asn1.Component) bool {
	if o == nil || t == nil {
		return false
	}
	if c != nil && o.hexC[c] {
		return true
	}
	for k := 0; t != nil && k < 16; k++ {
		if o.hexT[t] {
			return true
		}
		if t.Ref == nil {
			break
		}
		t = t.Ref.Type
	}
	return false
}

// elemName6 is the XML element name of a component in an ed6 document.
func (o *xmlOverrides) elemName6(c *asn1.Component) string {
	if n, ok := o.names6[c]; ok {
		return n
	}
	return o.elemName(c)
}

// readNames are the element names a decoder accepts for c: the name it
// writes (ECMA-323's spelling, of ed3 and of ed6) and, where that differs,
// the ASN.1 identifier, which peers also send.
func (o *xmlOverrides) readNames(c *asn1.Component) []jen.Code {
	return distinctLits(o.elemName(c), o.elemName6(c), c.Name)
}

// distinctLits are the literals of names, each once, in their order.
func distinctLits(names ...string) []jen.Code {
	var out []jen.Code
	for i, n := range names {
		if !slices.Contains(names[:i], n) {
			out = append(out, jen.Lit(n))
		}
	}
	return out
}

// loadXMLOverrides parses Options.XMLOverrides, or the table embedded in
// package schemas.
func (g *generator) loadXMLOverrides() error {
	src := g.opts.XMLOverrides
	if src == nil {
		src = schemas.XMLOverrides
	}
	o, err := parseXMLOverrides(g.full, src)
	if err != nil {
		return fmt.Errorf("gen: %v", err)
	}
	g.xmlo = o
	g.dropBaseDocuments()
	return nil
}

// namedXML is the CSTA-XML spelling of the named bit or ENUMERATED
// identifier id of u: its named override, or id itself.
func (o *xmlOverrides) namedXML(u *asn1.Type, id string) string {
	if o != nil {
		if x := o.named[u][id]; x != "" {
			return x
		}
	}
	return id
}

// namedXML6 is namedXML in an ed6 document.
func (o *xmlOverrides) namedXML6(u *asn1.Type, id string) string {
	if o != nil {
		if x := o.named6[u][id]; x != "" {
			return x
		}
	}
	return o.namedXML(u, id)
}

// namedReads are the case labels that read the named bit or ENUMERATED
// identifier id of u: its ASN.1 name and, where the schema (ed3 or ed6)
// spells it otherwise, the schema's spellings as well.
func (o *xmlOverrides) namedReads(u *asn1.Type, id string) []jen.Code {
	return distinctLits(id, o.namedXML(u, id), o.namedXML6(u, id))
}

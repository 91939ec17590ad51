package asn1

import (
	"fmt"
	"math"
	"math/big"
	"strconv"

	"github.com/cstagen/cstagen/asn1/syntax"
)

// header is what a reference needs to know about the type it names: its
// kind and effective tags, without resolving its components.
type header struct {
	kind       Kind
	tags       []Tag
	stringType string
	ok         bool
}

// usefulTypes are the types X.680 defines by name (clause 46-48) rather
// than by reserved word.
var usefulTypes = map[string]Kind{
	"GeneralizedTime":  KindTime,
	"UTCTime":          KindTime,
	"ObjectDescriptor": KindString,
	// The time types of X.680 (2008) clause 38. They are reserved words
	// there; read as type references here so that older modules that
	// define types of these names keep their own definitions.
	"TIME":        KindTime,
	"DATE":        KindTime,
	"TIME-OF-DAY": KindTime,
	"DATE-TIME":   KindTime,
	"DURATION":    KindTime,
}

func (r *resolver) scopeFor(td *TypeDef) *scope {
	if td.binding != nil {
		return td.binding
	}
	return &scope{mod: td.Module}
}

// syntaxOf returns the type written in td's assignment: the right-hand side,
// or the governor of a value set type assignment.
func syntaxOf(td *TypeDef) *syntax.Type {
	a := td.assign.(*syntax.Assignment)
	if a.Governor != nil {
		return a.Governor
	}
	return a.Type
}

// headerOfDef returns the kind and tags of td, following references, and
// reports reference cycles ("A ::= B", "B ::= A").
func (r *resolver) headerOfDef(td *TypeDef) header {
	if td.hdr != nil {
		if !td.hdr.ok && td.hdrBusy {
			r.errorf(td.Pos, "type %s refers to itself without any structure in between", td.Name)
			td.hdrBusy = false
		}
		return *td.hdr
	}
	td.hdr = &header{}
	td.hdrBusy = true
	h := r.headerOf(syntaxOf(td), r.scopeFor(td))
	td.hdrBusy = false
	*td.hdr = h
	return h
}

// headerOf computes the kind and tags of a written type.
func (r *resolver) headerOf(st *syntax.Type, sc *scope) header {
	if !r.enter(st.Pos) {
		return header{}
	}
	defer r.leave()
	var h header
	switch {
	case st.Builtin != nil && st.Builtin.Selection != nil:
		t := r.selection(st.Builtin.Selection, sc)
		h = header{kind: t.Kind, tags: t.Tags, stringType: t.StringType, ok: t.Kind != KindInvalid}
	case st.Builtin != nil && hasAssociatedType(st.Builtin):
		h = r.headerOfDef(r.associatedDef(st.Builtin))
	case st.Builtin != nil:
		h = builtinHeader(st.Builtin)
	case st.Ref != nil:
		h = r.refHeader(st.Ref, sc)
	}
	if !h.ok {
		return h
	}
	if st.Tag != nil {
		tags, ok := r.applyTag(h, st, sc.mod)
		if !ok {
			return header{}
		}
		h.tags = tags
	}
	return h
}

// externalModule defines the type associated with EXTERNAL (X.680 37.5,
// X.690 8.18), so that EXTERNAL is coded like any SEQUENCE.
const externalModule = `ASN1-External DEFINITIONS IMPLICIT TAGS ::= BEGIN
External ::= [UNIVERSAL 8] IMPLICIT SEQUENCE {
  direct-reference      OBJECT IDENTIFIER OPTIONAL,
  indirect-reference    INTEGER OPTIONAL,
  data-value-descriptor ObjectDescriptor OPTIONAL,
  encoding CHOICE {
    single-ASN1-type [0] ANY,
    octet-aligned    [1] IMPLICIT OCTET STRING,
    arbitrary        [2] IMPLICIT BIT STRING } }
END`

// identificationType is the identification CHOICE of the types
// associated with EMBEDDED PDV and CHARACTER STRING (X.680 36.5, 44.5).
const identificationType = `CHOICE {
    syntaxes SEQUENCE { abstract OBJECT IDENTIFIER, transfer OBJECT IDENTIFIER },
    syntax OBJECT IDENTIFIER,
    presentation-context-id INTEGER,
    context-negotiation SEQUENCE { presentation-context-id INTEGER, transfer-syntax OBJECT IDENTIFIER },
    transfer-syntax OBJECT IDENTIFIER,
    fixed NULL }`

// embeddedPDVModule defines the type associated with EMBEDDED PDV (X.680
// 36.5), which BER encodes in its place (X.690 8.19).
const embeddedPDVModule = `ASN1-Embedded-PDV DEFINITIONS AUTOMATIC TAGS ::= BEGIN
EmbeddedPDV ::= [UNIVERSAL 11] IMPLICIT SEQUENCE {
  identification ` + identificationType + `,
  data-value-descriptor ObjectDescriptor OPTIONAL,
  data-value OCTET STRING }
  (WITH COMPONENTS { ..., data-value-descriptor ABSENT })
END`

// characterStringModule defines the type associated with CHARACTER STRING
// (X.680 44.5), which BER encodes in its place (X.690 8.20).
const characterStringModule = `ASN1-Character-String DEFINITIONS AUTOMATIC TAGS ::= BEGIN
CharacterString ::= [UNIVERSAL 29] IMPLICIT SEQUENCE {
  identification ` + identificationType + `,
  data-value-descriptor ObjectDescriptor OPTIONAL,
  string-value OCTET STRING }
  (WITH COMPONENTS { ..., data-value-descriptor ABSENT })
END`

// builtinSources are the modules that define the types associated with
// EXTERNAL, EMBEDDED PDV and CHARACTER STRING, by the name of their file.
var builtinSources = map[string]string{
	"<EXTERNAL>":         externalModule,
	"<EMBEDDED PDV>":     embeddedPDVModule,
	"<CHARACTER STRING>": characterStringModule,
}

// externalDef returns the type assignment behind EXTERNAL.
func (r *resolver) externalDef() *TypeDef { return r.builtinDef("<EXTERNAL>") }

// builtinDef returns the type assignment of one of builtinSources, adding
// its module to the model on first use (so that a model has only the ones
// its modules use).
func (r *resolver) builtinDef(file string) *TypeDef {
	if td := r.builtins[file]; td != nil {
		return td
	}
	f, err := syntax.ParseFile(file, []byte(builtinSources[file]))
	if err != nil {
		panic("asn1: internal error: built-in module " + file + ": " + err.Error())
	}
	r.addModule(file, f.Modules[0])
	m := r.model.Modules[len(r.model.Modules)-1]
	m.Builtin = true
	r.linkModule(m)
	td := m.Types[0]
	if r.builtins == nil {
		r.builtins = map[string]*TypeDef{}
	}
	r.builtins[file] = td
	r.typeDef(td)
	return td
}

// associatedDef returns the built-in type assignment b stands for
// (EXTERNAL, INSTANCE OF, EMBEDDED PDV, CHARACTER STRING), or nil.
func (r *resolver) associatedDef(b *syntax.BuiltinType) *TypeDef {
	switch {
	case isExternal(b):
		return r.externalDef()
	case b.Embedded:
		return r.builtinDef("<EMBEDDED PDV>")
	case b.CharString:
		return r.builtinDef("<CHARACTER STRING>")
	}
	return nil
}

func builtinHeader(b *syntax.BuiltinType) header {
	k, st := builtinKind(b)
	h := header{kind: k, stringType: st, ok: k != KindInvalid}
	if n := universalNumber(k, st); n != 0 {
		h.tags = []Tag{{Class: Universal, Number: n}}
	}
	return h
}

func builtinKind(b *syntax.BuiltinType) (Kind, string) {
	switch {
	case b.Sequence != nil:
		return KindSequence, ""
	case b.SequenceOf != nil:
		return KindSequenceOf, ""
	case b.Set != nil:
		return KindSet, ""
	case b.SetOf != nil:
		return KindSetOf, ""
	case b.Choice != nil:
		return KindChoice, ""
	case b.Enumerated != nil:
		return KindEnumerated, ""
	case b.Integer != nil:
		return KindInteger, ""
	case b.BitString != nil:
		return KindBitString, ""
	case b.Any != nil:
		return KindOpen, ""
	case b.OctetStr:
		return KindOctetString, ""
	case b.ObjectID:
		return KindObjectIdentifier, ""
	case b.Embedded, b.CharString:
		return KindSequence, ""
	case b.InstanceOf != "":
		return KindExternal, ""
	}
	switch b.Simple {
	case "BOOLEAN":
		return KindBoolean, ""
	case "NULL":
		return KindNull, ""
	case "REAL":
		return KindReal, ""
	case "EXTERNAL":
		return KindExternal, ""
	case "RELATIVE-OID":
		return KindRelativeOID, ""
	}
	if _, ok := stringTags[b.Simple]; ok {
		return KindString, b.Simple
	}
	return KindInvalid, ""
}

// refHeader computes the header of a referenced type.
func (r *resolver) refHeader(ref *syntax.TypeReference, sc *scope) header {
	if len(ref.Dotted) > 0 {
		ft := r.fieldType(ref, sc)
		if ft == nil {
			return header{}
		}
		return header{kind: ft.Kind, tags: ft.Tags, stringType: ft.StringType, ok: true}
	}
	if ap := sc.lookupParam(ref.Name); ap != nil {
		st, ok := r.paramType(ap, ref)
		if !ok {
			return header{}
		}
		return r.headerOf(st, ap.sc)
	}
	if ref.Actuals != nil {
		inst := r.instantiate(ref, sc)
		if inst == nil {
			return header{}
		}
		return r.headerOfDef(inst)
	}
	switch td, useful := r.namedType(ref, sc); {
	case td != nil:
		return r.headerOfDef(td)
	case useful != nil:
		return header{kind: useful.Kind, stringType: useful.StringType, tags: useful.Tags, ok: true}
	}
	return header{}
}

// namedType resolves a plain type reference (no fields, no actual
// parameters) to its type assignment, or to a useful type (X.680 46-48)
// when no assignment has the name; otherwise it reports an error and
// returns neither.
func (r *resolver) namedType(ref *syntax.TypeReference, sc *scope) (*TypeDef, *Type) {
	switch d := r.lookupRef(sc.mod, ref.Module, ref.Name).(type) {
	case *TypeDef:
		return d, nil
	case nil:
		if k, ok := usefulTypes[ref.Name]; ok && ref.Module == "" {
			return nil, &Type{Kind: k, StringType: ref.Name, Tags: []Tag{{Class: Universal, Number: stringTags[ref.Name]}}}
		}
		if ref.Module != "" {
			r.errorf(ref.Pos, "undefined type %s.%s", ref.Module, ref.Name)
			break
		}
		r.errorf(ref.Pos, "undefined type %s", ref.Name)
	case *ambiguousName:
		r.errorf(ref.Pos, "%s", d.message())
	case *paramDef:
		r.errorf(ref.Pos, "%s is parameterized: give its actual parameters", ref.Name)
	default:
		r.errorf(ref.Pos, "%s is not a type", ref.Name)
	}
	return nil, nil
}

// applyTag applies the tag written on st to the inner header (X.680 31.2).
func (r *resolver) applyTag(inner header, st *syntax.Type, m *Module) ([]Tag, bool) {
	t, ok := r.tagOf(st.Tag, m)
	if !ok {
		return nil, false
	}
	untaggedChoice := len(inner.tags) == 0 // untagged CHOICE or open type
	var implicit bool
	switch st.Mode {
	case "IMPLICIT":
		if untaggedChoice {
			r.errorf(st.Pos, "IMPLICIT cannot be applied to an untagged %s (X.680 31.2.7); the tag must be EXPLICIT", inner.kind)
			return nil, false
		}
		implicit = true
	case "EXPLICIT":
	default:
		implicit = m.TagDefault != TagExplicit && !untaggedChoice
	}
	if implicit {
		t.Explicit = inner.tags[0].Explicit
		out := make([]Tag, 0, len(inner.tags))
		out = append(out, t)
		return append(out, inner.tags[1:]...), true
	}
	t.Explicit = true
	out := make([]Tag, 0, len(inner.tags)+1)
	out = append(out, t)
	return append(out, inner.tags...), true
}

func (r *resolver) tagOf(tg *syntax.Tag, m *Module) (Tag, bool) {
	t := Tag{Class: Context}
	switch tg.Class {
	case "UNIVERSAL":
		t.Class = Universal
	case "APPLICATION":
		t.Class = Application
	case "PRIVATE":
		t.Class = Private
	}
	switch {
	case tg.Number != nil:
		if *tg.Number < 0 || *tg.Number > 1<<28 {
			r.errorf(tg.Pos, "tag number %d out of range", *tg.Number)
			return t, false
		}
		t.Number = uint32(*tg.Number)
	default:
		v, ok := r.lookup(m, tg.Value).(*ValueDef)
		if !ok {
			r.errorf(tg.Pos, "undefined value %s used as a tag number", tg.Value)
			return t, false
		}
		r.valueDef(v)
		if v.Value == nil || v.Value.Kind != ValueInteger || v.Value.Int < 0 {
			r.errorf(tg.Pos, "tag number %s is not a non-negative INTEGER", tg.Value)
			return t, false
		}
		t.Number = uint32(v.Value.Int)
	}
	return t, true
}

// typeDef resolves a type assignment completely.
func (r *resolver) typeDef(td *TypeDef) *Type {
	if td.state != 0 {
		return td.Type
	}
	td.state = 1
	td.Type = &Type{Pos: td.Pos}
	t := r.typeOf(syntaxOf(td), r.scopeFor(td))
	if a := td.assign.(*syntax.Assignment); a.Governor != nil && a.Value != nil {
		// A value set type assignment: the type is the governor; the set
		// itself constrains values, which BER does not encode.
		_ = a.Value
	}
	*td.Type = *t
	td.state = 2
	return td.Type
}

// typeOf resolves a written type at one place of use.
func (r *resolver) typeOf(st *syntax.Type, sc *scope) *Type {
	if !r.enter(st.Pos) {
		return &Type{Pos: st.Pos}
	}
	defer r.leave()
	var t *Type
	switch {
	case st.Builtin != nil && hasAssociatedType(st.Builtin):
		d := r.associatedDef(st.Builtin)
		h := r.headerOfDef(d)
		t = &Type{Kind: h.kind, Tags: h.tags, Ref: d}
	case st.Builtin != nil:
		t = r.builtin(st.Builtin, sc)
	case st.Ref != nil:
		t = r.reference(st.Ref, sc)
	default:
		t = &Type{}
	}
	t.Pos = st.Pos
	if st.Tag != nil && t.Kind != KindInvalid {
		if tags, ok := r.applyTag(header{kind: t.Kind, tags: t.Tags, ok: true}, st, sc.mod); ok {
			t.Tags = tags
		}
	}
	for _, c := range st.Constraints {
		r.constrain(t, c, sc)
	}
	r.model.allTypes = append(r.model.allTypes, t)
	return t
}

// reference resolves a type reference to a Type that names its TypeDef.
func (r *resolver) reference(ref *syntax.TypeReference, sc *scope) *Type {
	if len(ref.Dotted) > 0 {
		ft := r.fieldType(ref, sc)
		if ft == nil {
			return &Type{}
		}
		c := *ft
		return &c
	}
	if ap := sc.lookupParam(ref.Name); ap != nil {
		st, ok := r.paramType(ap, ref)
		if !ok {
			return &Type{}
		}
		return r.typeOf(st, ap.sc)
	}
	var td *TypeDef
	if ref.Actuals != nil {
		td = r.instantiate(ref, sc)
	} else {
		var useful *Type
		if td, useful = r.namedType(ref, sc); useful != nil {
			return useful
		}
	}
	if td == nil {
		return &Type{}
	}
	h := r.headerOfDef(td)
	if !h.ok {
		return &Type{}
	}
	return &Type{Kind: h.kind, Tags: h.tags, StringType: h.stringType, Ref: td}
}

// builtin resolves a built-in type notation.
func (r *resolver) builtin(b *syntax.BuiltinType, sc *scope) *Type {
	h := builtinHeader(b)
	if !h.ok && b.Selection == nil {
		r.errorf(b.Pos, "unsupported built-in type")
	}
	t := &Type{Kind: h.kind, Tags: h.tags, StringType: h.stringType}
	switch {
	case b.Sequence != nil:
		r.components(t, b.Sequence, sc)
	case b.Set != nil:
		r.components(t, b.Set, sc)
	case b.Choice != nil:
		r.components(t, b.Choice, sc)
	case b.SequenceOf != nil || b.SetOf != nil:
		of := b.SequenceOf
		if of == nil {
			of = b.SetOf
		}
		t.Elem = r.typeOf(of.Element, sc)
		t.ElemName = of.Name
		if of.Constraint != nil {
			r.constrainSizeOf(t, of.Constraint, sc, false)
		}
		if of.Size != nil {
			r.constrainSizeOf(t, of.Size, sc, true)
		}
	case b.Enumerated != nil:
		r.enumerated(t, b.Enumerated, sc)
	case b.Integer != nil:
		t.Named = r.namedNumbers(b.Integer.Named, sc, "named number")
	case b.BitString != nil:
		t.Named = r.namedNumbers(b.BitString.Named, sc, "named bit")
		for i, n := range t.Named {
			if n.Number < 0 {
				r.errorf(b.BitString.Named[i].Pos, "named bit %s has negative number %d", n.Name, n.Number)
			}
		}
	case b.Selection != nil:
		return r.selection(b.Selection, sc)
	case b.Any != nil:
		t.Open = &OpenType{Class: "ANY", Key: b.Any.DefinedBy}
	case b.Embedded || b.CharString:
		t.Kind = KindExternal
		t.Tags = []Tag{{Class: Universal, Number: 11}}
		if b.CharString {
			t.Tags = []Tag{{Class: Universal, Number: 29}}
		}
	}
	return t
}

// selection resolves "name < Type" (X.680 30) to the named alternative's type.
func (r *resolver) selection(s *syntax.Selection, sc *scope) *Type {
	ct := r.typeOf(s.Type, sc)
	u := r.underlying(ct)
	if u == nil || u.Kind != KindChoice {
		r.errorf(s.Pos, "selection type %s < ...: the selected type is not a CHOICE", s.Name)
		return &Type{}
	}
	for _, c := range u.Components {
		if c.Name == s.Name {
			cp := *c.Type
			return &cp
		}
	}
	r.errorf(s.Pos, "selection type: CHOICE has no alternative %s", s.Name)
	return &Type{}
}

// underlying returns the structural type t stands for, following references.
func (r *resolver) underlying(t *Type) *Type {
	for i := 0; t != nil && t.Ref != nil && i < 64; i++ {
		t = r.typeDef(t.Ref)
	}
	return t
}

// Underlying returns the structural type behind t (following type references).
func (t *Type) Underlying() *Type {
	for i := 0; t != nil && t.Ref != nil && i < 64; i++ {
		t = t.Ref.Type
	}
	return t
}

// enumerated numbers the items of an ENUMERATED type (X.680 20.3): root
// items without a number get the lowest values not used in the root; an
// addition without a number gets the lowest value not used in the root
// that is greater than every preceding addition.
func (r *resolver) enumerated(t *Type, e *syntax.EnumList, sc *scope) {
	ext := false
	used := map[int64]string{}
	names := map[string]bool{}
	var pending []int // root items without a number
	var items []*syntax.EnumItem
	for _, it := range e.Items {
		if it.Extension {
			if ext {
				r.errorf(it.Pos, "ENUMERATED has more than one extension marker")
			}
			ext = true
			t.Extensible = true
			continue
		}
		if names[it.Name] {
			r.errorf(it.Pos, "enumeration %s appears twice", it.Name)
			continue
		}
		names[it.Name] = true
		nn := NamedNumber{Name: it.Name, Extension: ext}
		if !ext {
			if it.Number != nil || it.Ref != "" {
				v, ok := r.enumNumber(it, sc)
				if !ok {
					continue
				}
				if prev, dup := used[v]; dup {
					r.errorf(it.Pos, "enumerations %s and %s both have the value %d", prev, it.Name, v)
				}
				used[v] = it.Name
				nn.Number = v
			} else {
				pending = append(pending, len(t.Named))
			}
		}
		t.Named = append(t.Named, nn)
		items = append(items, it)
	}
	next := int64(0)
	for _, i := range pending {
		for {
			if _, taken := used[next]; !taken {
				break
			}
			next++
		}
		t.Named[i].Number = next
		used[next] = t.Named[i].Name
	}
	var last *int64 // the largest addition so far
	for i := range t.Named {
		nn := &t.Named[i]
		if !nn.Extension {
			continue
		}
		it := items[i]
		if it.Number != nil || it.Ref != "" {
			v, ok := r.enumNumber(it, sc)
			if !ok {
				continue
			}
			if prev, dup := used[v]; dup {
				r.errorf(it.Pos, "enumeration %s has the value %d of %s", it.Name, v, prev)
			} else if last != nil && v <= *last {
				r.errorf(it.Pos, "enumeration %s: an extension addition must be greater than the additions before it (%d)", it.Name, *last)
			}
			nn.Number = v
		} else {
			v := int64(0)
			if last != nil {
				v = *last + 1
			}
			for {
				if _, taken := used[v]; !taken {
					break
				}
				v++
			}
			nn.Number = v
		}
		used[nn.Number] = nn.Name
		n := nn.Number
		last = &n
	}
}

// enumNumber reads the number written for an enumeration item: a signed
// number or an INTEGER value reference.
func (r *resolver) enumNumber(it *syntax.EnumItem, sc *scope) (int64, bool) {
	if it.Number != nil {
		v, err := signedValue(it.Number)
		if err != nil {
			r.errorf(it.Pos, "enumeration %s: %v", it.Name, err)
			return 0, false
		}
		return v, true
	}
	vd, ok := r.lookup(sc.mod, it.Ref).(*ValueDef)
	if !ok {
		r.errorf(it.Pos, "enumeration %s: undefined value %s", it.Name, it.Ref)
		return 0, false
	}
	r.valueDef(vd)
	if vd.Value == nil || vd.Value.Kind != ValueInteger || vd.Value.Big != nil {
		r.errorf(it.Pos, "enumeration %s: %s is not an INTEGER value", it.Name, it.Ref)
		return 0, false
	}
	return vd.Value.Int, true
}

// signedBig reads a number of any size: an int64, or a *big.Int (and the
// value clamped to the int64 range) when it does not fit.
func signedBig(n *syntax.SignedNumber) (int64, *big.Int, error) {
	if v, err := signedValue(n); err == nil {
		return v, nil, nil
	}
	b, ok := new(big.Int).SetString(n.Value, 10)
	if !ok {
		return 0, nil, fmt.Errorf("bad number %s", n.Value)
	}
	if n.Neg {
		b.Neg(b)
	}
	return clamp(b), b, nil
}

// clamp returns b limited to the int64 range.
func clamp(b *big.Int) int64 {
	if b.IsInt64() {
		return b.Int64()
	}
	if b.Sign() < 0 {
		return math.MinInt64
	}
	return math.MaxInt64
}

func signedValue(n *syntax.SignedNumber) (int64, error) {
	v, err := strconv.ParseInt(n.Value, 10, 64)
	if err != nil {
		return 0, err
	}
	if n.Neg {
		v = -v
	}
	return v, nil
}

func (r *resolver) namedNumbers(list []*syntax.NamedNumber, sc *scope, what string) []NamedNumber {
	var out []NamedNumber
	names := map[string]bool{}
	nums := map[int64]string{}
	for _, n := range list {
		var v int64
		if n.Value != nil {
			x, err := signedValue(n.Value)
			if err != nil {
				r.errorf(n.Pos, "%s %s: %v", what, n.Name, err)
				continue
			}
			v = x
		} else {
			vd, ok := r.lookup(sc.mod, n.Ref).(*ValueDef)
			if !ok {
				r.errorf(n.Pos, "%s %s: undefined value %s", what, n.Name, n.Ref)
				continue
			}
			r.valueDef(vd)
			if vd.Value == nil || vd.Value.Kind != ValueInteger {
				r.errorf(n.Pos, "%s %s: %s is not an INTEGER value", what, n.Name, n.Ref)
				continue
			}
			v = vd.Value.Int
		}
		if names[n.Name] {
			r.errorf(n.Pos, "%s %s appears twice", what, n.Name)
			continue
		}
		if prev, dup := nums[v]; dup {
			r.errorf(n.Pos, "%ss %s and %s both have the value %d", what, prev, n.Name, v)
		}
		names[n.Name] = true
		nums[v] = n.Name
		out = append(out, NamedNumber{Name: n.Name, Number: v})
	}
	return out
}

// pendingDefault is a DEFAULT value resolved after all types are known.
type pendingDefault struct {
	comp *Component
	val  *syntax.Value
	sc   *scope
}

// components resolves the component list of a SEQUENCE, SET or CHOICE.
func (r *resolver) components(t *Type, list *syntax.ComponentList, sc *scope) {
	markers := 0
	auto := sc.mod.TagDefault == TagAutomatic && !anyTagged(list.Components)
	autoTagged := map[*Component]bool{}
	groups := 0
	var group *syntax.ExtensionGroup
	var add func(c *syntax.ComponentType, ext bool)
	add = func(c *syntax.ComponentType, ext bool) {
		switch {
		case c.Extension:
			markers++
			if markers > 2 {
				r.errorf(c.Pos, "more than two extension markers")
			}
			t.Extensible = true
		case c.Group != nil:
			if group != nil {
				r.errorf(c.Pos, "extension addition groups do not nest")
				return
			}
			if markers != 1 {
				r.errorf(c.Pos, "an extension addition group must follow the extension marker")
			}
			groups++
			group = c.Group
			for _, gc := range c.Group.Components {
				add(gc, true)
			}
			group = nil
		case c.ComponentsOf != nil:
			if t.Kind == KindChoice {
				r.errorf(c.Pos, "COMPONENTS OF is not allowed in a CHOICE")
				return
			}
			src := r.underlying(r.typeOf(c.ComponentsOf, sc))
			if src == nil || (src.Kind != t.Kind) {
				r.errorf(c.Pos, "COMPONENTS OF must name a %s type", t.Kind)
				return
			}
			for _, sc := range src.Components {
				if !sc.Extension {
					cp := *sc
					if auto {
						// Automatic tagging applies after the COMPONENTS OF
						// transformation (X.680 clause 25): the copies are tagged
						// by their place here.
						ct := *sc.Type
						cp.Type = &ct
						autoTagged[&cp] = true
					}
					t.Components = append(t.Components, &cp)
				}
			}
		default:
			if t.Kind == KindChoice && markers == 2 {
				// X.680 29.1: after a CHOICE's second marker (OptionalExtensionMarker) nothing follows.
				r.errorf(c.Pos, "a CHOICE has no alternatives after its second extension marker")
			}
			comp := &Component{Name: c.Name, Pos: c.Pos, Optional: c.Optional, Extension: ext || markers == 1}
			if group != nil {
				comp.Group = groups
				if group.Version != nil {
					comp.GroupVersion = *group.Version
				}
			}
			comp.Type = r.typeOf(c.Type, sc)
			if auto {
				autoTagged[comp] = true
			}
			if c.Default != nil {
				if t.Kind == KindChoice {
					r.errorf(c.Pos, "CHOICE alternative %s cannot have a DEFAULT", c.Name)
				}
				r.pending = append(r.pending, pendingDefault{comp: comp, val: c.Default, sc: sc})
			}
			if c.Optional && t.Kind == KindChoice {
				r.errorf(c.Pos, "CHOICE alternative %s cannot be OPTIONAL", c.Name)
			}
			t.Components = append(t.Components, comp)
		}
	}
	for _, c := range list.Components {
		add(c, false)
	}
	if auto {
		// X.680 25.3: the root components are numbered first (those after
		// a second extension marker too), then the extension additions.
		n := uint32(0)
		for _, additions := range []bool{false, true} {
			for _, comp := range t.Components {
				if comp.Extension != additions {
					continue
				}
				if autoTagged[comp] && comp.Type.Kind != KindInvalid {
					autoTag(comp.Type, n)
				}
				n++
			}
		}
	}
	seen := map[string]Pos{}
	for _, c := range t.Components {
		if p, dup := seen[c.Name]; dup {
			r.errorf(c.Pos, "component %s appears twice (first at line %d)", c.Name, p.Line)
		}
		seen[c.Name] = c.Pos
	}
	r.tagChecks = append(r.tagChecks, t)
}

// autoTag puts the automatic tag [n] on t (X.680 25.3): implicit, or
// explicit on an untagged CHOICE or open type.
func autoTag(t *Type, n uint32) {
	if len(t.Tags) == 0 {
		t.Tags = []Tag{{Class: Context, Number: n, Explicit: true}}
		return
	}
	t.Tags = append([]Tag{{Class: Context, Number: n, Explicit: t.Tags[0].Explicit}}, t.Tags[1:]...)
}

func anyTagged(list []*syntax.ComponentType) bool {
	for _, c := range list {
		if c.Type != nil && c.Type.Tag != nil {
			return true
		}
		if c.Group != nil && anyTagged(c.Group.Components) {
			return true
		}
	}
	return false
}

// hasAssociatedType reports whether b is coded as a SEQUENCE type that
// X.680 associates with it: EXTERNAL, INSTANCE OF, EMBEDDED PDV, CHARACTER STRING.
func hasAssociatedType(b *syntax.BuiltinType) bool {
	return isExternal(b) || b.Embedded || b.CharString
}

// isExternal reports whether b is EXTERNAL (or INSTANCE OF, which X.681
// Annex C encodes the same way for TYPE-IDENTIFIER classes).
func isExternal(b *syntax.BuiltinType) bool {
	return b.Simple == "EXTERNAL" || b.InstanceOf != ""
}

package asn1

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/cstagen/cstagen/asn1/syntax"
)

func (sc *scope) lookupParam(name string) *actualParam {
	if sc == nil || sc.bind == nil {
		return nil
	}
	return sc.bind[name]
}

// class resolves an information object class.
func (r *resolver) class(c *Class) {
	if c.state != 0 {
		return
	}
	c.state = 1
	a := c.assign.(*syntax.Assignment)
	if a.Class == nil {
		// An alias: "MECHANISM-NAME ::= TYPE-IDENTIFIER".
		if base := r.lookupClass(c.Module, a.Type.Ref.Name, a.Type.Pos); base != nil {
			c.Fields, c.Syntax = base.Fields, base.Syntax
		}
		c.state = 2
		return
	}
	sc := &scope{mod: c.Module}
	for _, f := range a.Class.Fields {
		fs := &FieldSpec{Name: f.Name, Optional: f.Optional, Unique: f.Unique, Pos: f.Pos}
		upper := len(f.Name) > 1 && isUpper(f.Name[1:])
		switch {
		case f.TypeFrom != "":
			fs.Kind, fs.TypeFrom = ValueField, f.TypeFrom
			if upper {
				fs.Kind = ValueSetField
			}
			fs.Type = &Type{Pos: f.Pos, Kind: KindOpen, Open: &OpenType{Class: c.Name, Field: f.TypeFrom}}
		case f.Type == nil:
			fs.Kind = TypeField
		case governorIsClass(f.Type):
			fs.Class = r.lookupClass(c.Module, f.Type.Ref.Name, f.Type.Pos)
			if upper {
				fs.Kind = ObjectSetField
			} else {
				fs.Kind = ObjectField
			}
		default:
			fs.Kind = ValueField
			fs.Type = r.typeOf(f.Type, sc)
			if upper {
				fs.Kind = ValueSetField
			}
		}
		if f.Default != nil && fs.Kind == ValueField {
			fs.Default = r.value(f.Default, fs.Type, sc)
		}
		if c.Field(fs.Name) != nil {
			r.errorf(f.Pos, "class %s has two fields named %s", c.Name, fs.Name)
		}
		c.Fields = append(c.Fields, fs)
	}
	c.Syntax = syntaxItems(a.Class.Syntax)
	for _, it := range flattenSyntax(c.Syntax) {
		if it.Field != "" && c.Field(it.Field) == nil {
			r.errorf(a.Pos, "WITH SYNTAX of class %s names %s, which is not a field", c.Name, it.Field)
		}
	}
	for _, f := range c.Fields {
		if f.TypeFrom != "" {
			if tf := c.Field(f.TypeFrom); tf == nil || tf.Kind != TypeField {
				r.errorf(f.Pos, "field %s of class %s: %s is not a type field of the class", f.Name, c.Name, f.TypeFrom)
			}
		}
	}
	c.state = 2
}

func syntaxItems(toks []*syntax.SyntaxToken) []SyntaxItem {
	var out []SyntaxItem
	for _, t := range toks {
		switch {
		case t.Optional != nil:
			out = append(out, SyntaxItem{Optional: syntaxItems(t.Optional)})
		case t.Field != "":
			out = append(out, SyntaxItem{Field: t.Field})
		default:
			out = append(out, SyntaxItem{Literal: t.Literal})
		}
	}
	return out
}

func flattenSyntax(items []SyntaxItem) []SyntaxItem {
	var out []SyntaxItem
	for _, it := range items {
		if it.Optional != nil {
			out = append(out, flattenSyntax(it.Optional)...)
		} else {
			out = append(out, it)
		}
	}
	return out
}

func (r *resolver) classNamed(name string, sc *scope) *Class {
	if name == "" || name == "ANY" {
		return nil
	}
	return r.lookupClass(sc.mod, name, Pos{})
}

// fieldType resolves an ObjectClassFieldType such as OPERATION.&ArgumentType
// (X.681 14): a type field gives an open type, a fixed-type value field its type.
func (r *resolver) fieldType(ref *syntax.TypeReference, sc *scope) *Type {
	c := r.lookupClass(sc.mod, ref.Name, ref.Pos)
	if c == nil {
		return nil
	}
	for i, name := range ref.Dotted {
		f := c.Field(name)
		if f == nil {
			r.errorf(ref.Pos, "class %s has no field %s", c.Name, name)
			return nil
		}
		last := i == len(ref.Dotted)-1
		switch f.Kind {
		case TypeField:
			if !last {
				r.errorf(ref.Pos, "%s.%s is a type field; it has no fields", c.Name, name)
				return nil
			}
			return &Type{Kind: KindOpen, Open: &OpenType{Class: c.Name, Field: name}}
		case ValueField, ValueSetField:
			if !last {
				r.errorf(ref.Pos, "%s.%s is a value field; it has no fields", c.Name, name)
				return nil
			}
			cp := *f.Type
			return &cp
		default:
			if last {
				r.errorf(ref.Pos, "%s.%s is an object or object set field, not a type", c.Name, name)
				return nil
			}
			c = f.Class
			if c == nil {
				return nil
			}
		}
	}
	return nil
}

// paramType returns the actual of a type parameter as a written type.
func (r *resolver) paramType(ap *actualParam, ref *syntax.TypeReference) (*syntax.Type, bool) {
	if ap.governor != nil {
		r.errorf(ref.Pos, "parameter %s is not a type parameter", ref.Name)
		return nil, false
	}
	st, err := syntax.ParseTypeTokens(ap.toks)
	if err != nil {
		r.errorf(ref.Pos, "actual parameter for %s is not a type: %v", ref.Name, err)
		return nil, false
	}
	return st, true
}

// splitTop splits the inside of a braced token list at top-level separators.
func splitTop(toks []lexer.Token, sep func(lexer.Token) bool) [][]lexer.Token {
	if len(toks) >= 2 && toks[0].Value == "{" && toks[len(toks)-1].Value == "}" {
		toks = toks[1 : len(toks)-1]
	}
	var out [][]lexer.Token
	depth, start := 0, 0
	for i, t := range toks {
		if t.Type == syntax.Punct {
			switch t.Value {
			case "{", "(", "[":
				depth++
			case "}", ")", "]":
				depth--
			}
		}
		if depth == 0 && sep(t) {
			out = append(out, toks[start:i])
			start = i + 1
		}
	}
	if start < len(toks) || len(out) > 0 {
		out = append(out, toks[start:])
	}
	return out
}

func isComma(t lexer.Token) bool { return t.Type == syntax.Punct && t.Value == "," }

// bindParams binds the actual parameters (a braced token group) to the
// formal parameters of pd, in a new scope for pd's body.
func (r *resolver) bindParams(pd *paramDef, actuals []lexer.Token, sc *scope, pos Pos) *scope {
	args := splitTop(actuals, isComma)
	formals := pd.assign.Params
	if len(args) != len(formals) {
		r.errorf(pos, "%s takes %d parameters, got %d", pd.Name, len(formals), len(args))
		return nil
	}
	bind := map[string]*actualParam{}
	for i, f := range formals {
		bind[f.Reference] = &actualParam{governor: f.Governor, isClass: governorIsClass(f.Governor), toks: args[i], sc: sc, mod: sc.mod}
	}
	return &scope{mod: pd.Module, bind: bind}
}

// instantiate returns the type assignment for a parameterized type with
// actual parameters (X.683 9), creating it on first use.
func (r *resolver) instantiate(ref *syntax.TypeReference, sc *scope) *TypeDef {
	pd, ok := r.lookup(sc.mod, ref.Name).(*paramDef)
	if !ok {
		r.errorf(ref.Pos, "%s is not a parameterized type", ref.Name)
		return nil
	}
	if pd.assign.Type == nil || pd.assign.Governor != nil {
		r.errorf(ref.Pos, "%s is not a parameterized type", ref.Name)
		return nil
	}
	text := tokText(ref.Actuals.Tokens)
	key := fmt.Sprintf("%s.%s%s@%p", pd.Module.Name, pd.Name, text, sc.bind)
	if sc.bind == nil {
		key = fmt.Sprintf("%s.%s%s@%s", pd.Module.Name, pd.Name, text, sc.mod.Name)
	}
	if td, ok := r.instances[key]; ok {
		return td
	}
	bound := r.bindParams(pd, ref.Actuals.Tokens, sc, ref.Pos)
	if bound == nil {
		return nil
	}
	name := pd.Name
	for n := 2; pd.Module.names[name] != nil && name != pd.Name || r.instanceNamed(pd.Module, name); n++ {
		name = fmt.Sprintf("%s%d", pd.Name, n)
	}
	td := &TypeDef{Name: name, Module: pd.Module, Pos: ref.Pos, assign: pd.assign, binding: bound, Instance: pd.Name + text}
	r.instances[key] = td
	pd.Module.Instances = append(pd.Module.Instances, td)
	r.typeDef(td)
	return td
}

func (r *resolver) instanceNamed(m *Module, name string) bool {
	for _, td := range m.Instances {
		if td.Name == name {
			return true
		}
	}
	return false
}

// object resolves an information object.
func (r *resolver) object(o *Object) {
	if o.state != 0 {
		return
	}
	o.state = 1
	defer func() { o.state = 2 }()
	a := o.assign.(*syntax.Assignment)
	o.Class = r.governorClass(o.Module, a.Governor)
	if o.Class == nil {
		return
	}
	sc := &scope{mod: o.Module}
	switch {
	case a.Value != nil && a.Value.Braced != nil:
		r.objectBody(o, a.Value.Braced.Tokens, sc)
	case a.Value != nil && a.Value.Ref != nil && a.Value.Ref.Actuals != nil:
		src := r.objectInstance(a.Value.Ref.Name, a.Value.Ref.Actuals.Tokens, sc, a.Value.Pos, o.Name)
		if src == nil {
			return
		}
		o.Types, o.Values, o.Sets, o.ObjRefs, o.ValueSets = src.Types, src.Values, src.Sets, src.ObjRefs, src.ValueSets
	case a.Value != nil && a.Value.Ref != nil:
		src, ok := r.lookup(o.Module, a.Value.Ref.Name).(*Object)
		if !ok {
			r.errorf(a.Value.Pos, "undefined object %s", a.Value.Ref.Name)
			return
		}
		r.object(src)
		o.Types, o.Values, o.Sets, o.ObjRefs, o.ValueSets = src.Types, src.Values, src.Sets, src.ObjRefs, src.ValueSets
	default:
		r.errorf(a.Pos, "object %s: expected a definition in braces", o.Name)
	}
}

// governorClass resolves the governor of an object or object set
// assignment; a name that is neither a class nor a type gets an error that
// says both.
func (r *resolver) governorClass(m *Module, gov *syntax.Type) *Class {
	if r.builtinClass(gov.Ref.Name) == nil && r.lookupRef(m, gov.Ref.Module, gov.Ref.Name) == nil {
		r.errorf(gov.Pos, "undefined type or class %s", gov.Ref.Name)
		return nil
	}
	return r.lookupClass(m, gov.Ref.Name, gov.Pos)
}

// atom is a token or a balanced bracket group within an object definition.
type atom struct{ toks []lexer.Token }

func (a atom) word() string {
	if len(a.toks) == 1 && a.toks[0].Type != syntax.CString {
		return a.toks[0].Value
	}
	return ""
}

func atoms(toks []lexer.Token) []atom {
	var out []atom
	for i := 0; i < len(toks); {
		j := i + 1
		if toks[i].Type == syntax.Punct && (toks[i].Value == "{" || toks[i].Value == "(" || toks[i].Value == "[") {
			depth := 0
			for j = i; j < len(toks); j++ {
				if toks[j].Type == syntax.Punct {
					switch toks[j].Value {
					case "{", "(", "[":
						depth++
					case "}", ")", "]":
						depth--
					}
				}
				if depth == 0 {
					j++
					break
				}
			}
		}
		out = append(out, atom{toks[i:j]})
		i = j
	}
	return out
}

// objectBody fills o's settings from a braced definition, in the class's
// defined syntax (X.681 11.10) or the default syntax (X.681 11.5).
func (r *resolver) objectBody(o *Object, toks []lexer.Token, sc *scope) {
	o.Types, o.Values, o.Sets, o.ObjRefs, o.ValueSets = map[string]*Type{}, map[string]*Value{}, map[string]*ObjectSet{}, map[string]*Object{}, map[string]*Type{}
	settings := map[string][]lexer.Token{}
	inner := toks[1 : len(toks)-1]
	if o.Class.Syntax == nil {
		for _, part := range splitTop(toks, isComma) {
			if len(part) == 0 {
				continue
			}
			if part[0].Type != syntax.FieldRef || len(part) < 2 {
				r.errorf(part[0].Pos, "object %s: expected \"&field setting\"", o.Name)
				return
			}
			settings[part[0].Value] = part[1:]
		}
	} else {
		literals := map[string]bool{}
		for _, it := range flattenSyntax(o.Class.Syntax) {
			if it.Literal != "" {
				literals[it.Literal] = true
			}
		}
		as := atoms(inner)
		m := &syntaxMatcher{atoms: as, literals: literals, settings: settings}
		i, ok := m.match(o.Class.Syntax, 0)
		if !ok || i != len(as) {
			pos := toks[0].Pos
			at := "end of definition"
			if i < len(as) && len(as[i].toks) > 0 {
				pos = as[i].toks[0].Pos
				at = tokText(as[i].toks)
			}
			if m.failAt > i && m.failAt < len(as) {
				pos = as[m.failAt].toks[0].Pos
				at = tokText(as[m.failAt].toks)
			}
			r.errorf(pos, "object %s does not follow the syntax of class %s: unexpected %s", o.Name, o.Class.Name, at)
			return
		}
	}
	for name, st := range settings {
		if o.Class.Field(name) == nil {
			r.errorf(st[0].Pos, "object %s: class %s has no field %s", o.Name, o.Class.Name, name)
		}
	}
	// Settings are read in the order of the class's fields, type fields
	// first: variable-type fields take their type from them.
	for pass := 0; pass < 2; pass++ {
		for _, f := range o.Class.Fields {
			if st, ok := settings[f.Name]; ok && (f.Kind == TypeField) == (pass == 0) {
				r.setting(o, f, st, sc)
			}
		}
	}
	for _, f := range o.Class.Fields {
		if _, ok := settings[f.Name]; ok {
			continue
		}
		if f.Default != nil {
			o.Values[f.Name] = f.Default
			continue
		}
		if !f.Optional && f.Default == nil && f.Kind != 0 {
			r.errorf(toks[0].Pos, "object %s: field %s of class %s is required", o.Name, f.Name, o.Class.Name)
		}
	}
}

// setting reads the setting st of field f of object o (X.681 11.7).
func (r *resolver) setting(o *Object, f *FieldSpec, st []lexer.Token, sc *scope) {
	name := f.Name
	{
		ft := f.Type
		if f.TypeFrom != "" {
			if t := o.Types[f.TypeFrom]; t != nil {
				ft = t
			}
		}
		switch f.Kind {
		case ValueSetField:
			if len(st) > 0 && st[0].Value == "{" && len(atoms(st)) == 1 {
				c, err := syntax.ParseConstraintTokens(st)
				if err != nil {
					r.errorf(st[0].Pos, "object %s: %s must be a value set: %v", o.Name, name, err)
					return
				}
				t := &Type{}
				if ft != nil {
					*t = *ft
				}
				t.Pos = st[0].Pos
				r.constrain(t, c, sc)
				o.ValueSets[name] = t
				return
			}
			t, err := syntax.ParseTypeTokens(st)
			if err != nil {
				r.errorf(st[0].Pos, "object %s: %s must be a value set: %v", o.Name, name, err)
				return
			}
			o.ValueSets[name] = r.typeOf(t, sc)
		case TypeField:
			t, err := syntax.ParseTypeTokens(st)
			if err != nil {
				r.errorf(st[0].Pos, "object %s: %s must be a type: %v", o.Name, name, err)
				return
			}
			o.Types[name] = r.typeOf(t, sc)
		case ValueField:
			v, err := syntax.ParseValueTokens(st)
			if err != nil {
				r.errorf(st[0].Pos, "object %s: %s must be a value: %v", o.Name, name, err)
				return
			}
			o.Values[name] = r.value(v, ft, sc)
		case ObjectSetField:
			o.Sets[name] = r.objectSetFromGroup(braced(st), sc, f.Class, "")
		case ObjectField:
			if len(st) == 1 && st[0].Type == syntax.Ident {
				if ref, ok := r.lookup(sc.mod, st[0].Value).(*Object); ok {
					r.object(ref)
					o.ObjRefs[name] = ref
					return
				}
			}
			r.errorf(st[0].Pos, "object %s: %s must name an object", o.Name, name)
		}
	}
}

// braced wraps toks in braces unless it already is one braced group.
func braced(toks []lexer.Token) []lexer.Token {
	if len(toks) > 0 && toks[0].Value == "{" && len(atoms(toks)) == 1 {
		return toks
	}
	out := make([]lexer.Token, 0, len(toks)+2)
	pos := Pos{}
	if len(toks) > 0 {
		pos = toks[0].Pos
	}
	out = append(out, lexer.Token{Type: syntax.Punct, Value: "{", Pos: pos})
	out = append(out, toks...)
	return append(out, lexer.Token{Type: syntax.Punct, Value: "}", Pos: pos})
}

type syntaxMatcher struct {
	atoms    []atom
	literals map[string]bool
	settings map[string][]lexer.Token
	failAt   int
}

// match matches items against atoms from i; optional groups are skipped
// when they do not match (X.681 10.10).
func (m *syntaxMatcher) match(items []SyntaxItem, i int) (int, bool) {
	for _, it := range items {
		switch {
		case it.Literal != "":
			if i < len(m.atoms) && m.atoms[i].word() == it.Literal {
				i++
				continue
			}
			if i > m.failAt {
				m.failAt = i
			}
			return i, false
		case it.Field != "":
			j := i
			var toks []lexer.Token
			for j < len(m.atoms) && !m.literals[m.atoms[j].word()] {
				toks = append(toks, m.atoms[j].toks...)
				j++
			}
			if len(toks) == 0 {
				if i > m.failAt {
					m.failAt = i
				}
				return i, false
			}
			m.settings[it.Field] = toks
			i = j
		default:
			saved := map[string][]lexer.Token{}
			for k, v := range m.settings {
				saved[k] = v
			}
			if j, ok := m.match(it.Optional, i); ok {
				i = j
			} else {
				for k := range m.settings {
					delete(m.settings, k)
				}
				for k, v := range saved {
					m.settings[k] = v
				}
			}
		}
	}
	return i, true
}

// objectSet resolves an object set assignment.
func (r *resolver) objectSet(s *ObjectSet) {
	if s.state != 0 {
		return
	}
	s.state = 1
	a := s.assign.(*syntax.Assignment)
	s.Class = r.governorClass(s.Module, a.Governor)
	sc := &scope{mod: s.Module}
	if a.Value != nil && a.Value.Braced != nil && s.Class != nil {
		set := r.objectSetFromGroup(a.Value.Braced.Tokens, sc, s.Class, s.Name)
		s.Objects, s.Extensible = set.Objects, set.Extensible
	} else if a.Value == nil || a.Value.Braced == nil {
		r.errorf(a.Pos, "object set %s: expected a set in braces", s.Name)
	}
	s.state = 2
}

// objectSetFromGroup resolves a braced object set specification (X.681 12).
func (r *resolver) objectSetFromGroup(toks []lexer.Token, sc *scope, class *Class, name string) *ObjectSet {
	set := &ObjectSet{Name: name, Module: sc.mod, Class: class}
	if len(toks) > 0 {
		set.Pos = toks[0].Pos
	}
	if !r.enter(set.Pos) {
		return set
	}
	defer r.leave()
	seen := map[*Object]bool{}
	addObj := func(o *Object) {
		if o != nil && !seen[o] {
			seen[o] = true
			set.Objects = append(set.Objects, o)
		}
	}
	addSet := func(s *ObjectSet) {
		if s == nil {
			return
		}
		for _, o := range s.Objects {
			addObj(o)
		}
		set.Extensible = set.Extensible || s.Extensible
	}
	isSep := func(t lexer.Token) bool {
		return (t.Type == syntax.Punct && (t.Value == "|" || t.Value == ",")) || (t.Type == syntax.Keyword && t.Value == "UNION")
	}
	for _, el := range splitTop(toks, isSep) {
		as := atoms(el)
		switch {
		case len(el) == 0:
		case len(el) == 1 && el[0].Value == "...":
			set.Extensible = true
		case len(as) == 1 && el[0].Value == "{":
			if class != nil && len(el) > 2 && r.isObjectText(class, el) {
				o := &Object{Name: "", Module: sc.mod, Pos: el[0].Pos, Class: class, state: 2}
				r.objectBody(o, el, sc)
				addObj(o)
			} else {
				addSet(r.objectSetFromGroup(el, sc, class, ""))
			}
		case el[0].Type == syntax.Ident && len(el) == 1:
			addObj(r.objectRef(el[0], sc))
		case el[0].Type == syntax.Ident && len(as) == 2 && as[1].toks[0].Value == "{":
			addObj(r.objectInstance(el[0].Value, as[1].toks, sc, el[0].Pos, ""))
		case el[0].Type == syntax.TypeRef && len(el) == 1:
			addSet(r.objectSetRef(el[0], sc, class))
		case el[0].Type == syntax.TypeRef && len(as) == 2 && as[1].toks[0].Value == "{":
			addSet(r.objectSetInstance(el[0], as[1].toks, sc))
		case len(el) >= 3 && el[1].Value == "." && el[2].Type == syntax.FieldRef:
			r.objectsFromField(el, sc, class, addObj, addSet)
		default:
			r.errorf(el[0].Pos, "cannot read %q as an element of an object set", tokText(el))
		}
	}
	return set
}

// isObjectText reports whether the braced group el, an element of an
// object set of class c, is an object written in place rather than a
// nested object set: it starts with a field setting (default syntax), or
// it follows the class's defined syntax.
func (r *resolver) isObjectText(c *Class, el []lexer.Token) bool {
	if c.Syntax == nil {
		return el[1].Type == syntax.FieldRef
	}
	literals := map[string]bool{}
	for _, it := range flattenSyntax(c.Syntax) {
		if it.Literal != "" {
			literals[it.Literal] = true
		}
	}
	as := atoms(el[1 : len(el)-1])
	m := &syntaxMatcher{atoms: as, literals: literals, settings: map[string][]lexer.Token{}}
	i, ok := m.match(c.Syntax, 0)
	return ok && i == len(as) && len(m.settings) > 0
}

func (r *resolver) objectRef(t lexer.Token, sc *scope) *Object {
	if ap := sc.lookupParam(t.Value); ap != nil {
		if len(ap.toks) == 1 {
			return r.objectRef(ap.toks[0], ap.sc)
		}
		r.errorf(t.Pos, "parameter %s must be an object reference", t.Value)
		return nil
	}
	o, ok := r.lookup(sc.mod, t.Value).(*Object)
	if !ok {
		r.errorf(t.Pos, "undefined object %s", t.Value)
		return nil
	}
	r.object(o)
	return o
}

func (r *resolver) objectSetRef(t lexer.Token, sc *scope, class *Class) *ObjectSet {
	if ap := sc.lookupParam(t.Value); ap != nil {
		return r.objectSetFromGroup(braced(ap.toks), ap.sc, class, "")
	}
	s, ok := r.lookup(sc.mod, t.Value).(*ObjectSet)
	if !ok {
		r.errorf(t.Pos, "undefined object set %s", t.Value)
		return nil
	}
	r.objectSet(s)
	return s
}

// objectInstance instantiates a parameterized object "mk{1, BOOLEAN}"
// (X.683 9) as an object named name ("" for one written in an object set).
func (r *resolver) objectInstance(ref string, actuals []lexer.Token, sc *scope, pos Pos, name string) *Object {
	pd, ok := r.lookup(sc.mod, ref).(*paramDef)
	if !ok || !governorIsClass(pd.assign.Governor) || isUpper(pd.Name) || pd.assign.Value == nil || pd.assign.Value.Braced == nil {
		r.errorf(pos, "%s is not a parameterized object", ref)
		return nil
	}
	if !r.enter(pos) {
		return nil
	}
	defer r.leave()
	bound := r.bindParams(pd, actuals, sc, pos)
	if bound == nil {
		return nil
	}
	class := r.lookupClass(pd.Module, pd.assign.Governor.Ref.Name, pd.assign.Governor.Pos)
	if class == nil {
		return nil
	}
	o := &Object{Name: name, Module: sc.mod, Pos: pos, Class: class, state: 2}
	r.objectBody(o, pd.assign.Value.Braced.Tokens, bound)
	return o
}

// objectSetInstance instantiates a parameterized object set "Errors{{Ops}}".
func (r *resolver) objectSetInstance(t lexer.Token, actuals []lexer.Token, sc *scope) *ObjectSet {
	pd, ok := r.lookup(sc.mod, t.Value).(*paramDef)
	if !ok || pd.assign.Governor == nil || pd.assign.Value == nil || pd.assign.Value.Braced == nil {
		r.errorf(t.Pos, "%s is not a parameterized object set", t.Value)
		return nil
	}
	bound := r.bindParams(pd, actuals, sc, t.Pos)
	if bound == nil {
		return nil
	}
	class := r.lookupClass(pd.Module, pd.assign.Governor.Ref.Name, pd.assign.Governor.Pos)
	return r.objectSetFromGroup(pd.assign.Value.Braced.Tokens, bound, class, "")
}

// objectsFromField handles "Set.&Field" and "object.&Field" elements (X.681 15).
func (r *resolver) objectsFromField(el []lexer.Token, sc *scope, class *Class, addObj func(*Object), addSet func(*ObjectSet)) {
	var objs []*Object
	if el[0].Type == syntax.Ident {
		if o := r.objectRef(el[0], sc); o != nil {
			objs = []*Object{o}
		}
	} else if s := r.objectSetRef(el[0], sc, nil); s != nil {
		objs = s.Objects
	}
	field := el[2].Value
	if len(el) > 3 {
		r.errorf(el[3].Pos, "nested field references in object sets are not supported: %s", tokText(el))
		return
	}
	for _, o := range objs {
		if s := o.Sets[field]; s != nil {
			addSet(s)
		} else if ref := o.ObjRefs[field]; ref != nil {
			addObj(ref)
		}
	}
}

// valueDef resolves a value assignment.
func (r *resolver) valueDef(v *ValueDef) {
	if v.state != 0 {
		return
	}
	v.state = 1
	a := v.assign.(*syntax.Assignment)
	sc := &scope{mod: v.Module}
	v.Type = r.typeOf(a.Governor, sc)
	if a.Value != nil {
		v.Value = r.value(a.Value, v.Type, sc)
	} else {
		r.errorf(a.Pos, "value %s: expected a value", v.Name)
	}
	v.state = 2
}

// valueFits reports whether a value of kind vk can be a value of a type of
// kind k, for the value kinds whose type is certain.
func valueFits(vk ValueKind, k Kind) bool {
	if kindIn(k, KindInvalid, KindOpen) {
		return true
	}
	switch vk {
	case ValueBoolean:
		return k == KindBoolean
	case ValueInteger:
		return kindIn(k, KindInteger, KindReal)
	case ValueOID:
		return kindIn(k, KindObjectIdentifier, KindRelativeOID)
	}
	return true
}

func kindIn(k Kind, kinds ...Kind) bool {
	for _, x := range kinds {
		if k == x {
			return true
		}
	}
	return false
}

// value resolves a written value against the type it is a value of.
func (r *resolver) value(sv *syntax.Value, t *Type, sc *scope) *Value {
	if !r.enter(sv.Pos) {
		return nil
	}
	defer r.leave()
	u := r.underlying(t)
	kind := KindInvalid
	if u != nil {
		kind = u.Kind
	}
	v := &Value{}
	switch {
	case sv.Keyword == "TRUE" || sv.Keyword == "FALSE":
		v.Kind, v.Bool, v.Text = ValueBoolean, sv.Keyword == "TRUE", sv.Keyword
		if kind != KindBoolean && kind != KindInvalid {
			r.errorf(sv.Pos, "%s is not a value of %s", sv.Keyword, kind)
		}
	case sv.Keyword == "NULL":
		v.Kind, v.Text = ValueNull, "NULL"
		if !kindIn(kind, KindNull, KindInvalid, KindOpen) {
			r.errorf(sv.Pos, "NULL is not a value of %s", kind)
		}
	case sv.Number != nil:
		n, b, err := signedBig(sv.Number)
		if err != nil {
			r.errorf(sv.Pos, "bad number: %v", err)
			return nil
		}
		v.Kind, v.Int, v.Big, v.Text = ValueInteger, n, b, boundText(n, b)
		if b != nil {
			v.Int = 0
		}
		if kind != KindInteger && kind != KindInvalid && kind != KindReal {
			r.errorf(sv.Pos, "%s is not a value of %s", v.Text, kind)
		}
		if u != nil && u.Range != nil && !u.Range.Extensible && !u.Range.containsExact(exact(n, b)) {
			r.errorf(sv.Pos, "value %s is outside the constraint %s", v.Text, u.Range.Text)
		}
	case sv.Real != "":
		v.Kind, v.Text = ValueReal, sv.Real
		fmt.Sscan(sv.Real, &v.Real)
		if !kindIn(kind, KindReal, KindInvalid, KindOpen) {
			r.errorf(sv.Pos, "%s is not a value of %s", sv.Real, kind)
		}
	case sv.Keyword == "PLUS-INFINITY" || sv.Keyword == "MINUS-INFINITY":
		v.Kind, v.Text, v.Real = ValueReal, sv.Keyword, math.Inf(1)
		if sv.Keyword == "MINUS-INFINITY" {
			v.Real = math.Inf(-1)
		}
		if !kindIn(kind, KindReal, KindInvalid, KindOpen) {
			r.errorf(sv.Pos, "%s is not a value of %s", sv.Keyword, kind)
		}
	case sv.CString != "":
		v.Kind, v.Str, v.Text = ValueString, strings.ReplaceAll(sv.CString[1:len(sv.CString)-1], `""`, `"`), sv.CString
		if !kindIn(kind, KindString, KindTime, KindInvalid, KindOpen) {
			r.errorf(sv.Pos, "the character string %s is not a value of %s", sv.CString, kind)
		}
	case sv.BString != "" || sv.HString != "":
		v.Kind, v.Text = ValueString, sv.BString+sv.HString
		v.Str = v.Text
		if !kindIn(kind, KindBitString, KindOctetString, KindInvalid, KindOpen) {
			r.errorf(sv.Pos, "%s is not a value of %s", v.Text, kind)
		}
	case sv.Choice != nil:
		v.Kind, v.Name, v.Text = ValueChoice, sv.Choice.Name, sv.Choice.Name+":"
		var alt *Type
		if u != nil && u.Kind == KindChoice {
			for _, c := range u.Components {
				if c.Name == sv.Choice.Name {
					alt = c.Type
				}
			}
			if alt == nil {
				r.errorf(sv.Pos, "CHOICE has no alternative %s", sv.Choice.Name)
				return nil
			}
		} else if kind != KindInvalid {
			r.errorf(sv.Pos, "%s: is a CHOICE value but the type is %s", sv.Choice.Name, kind)
			return nil
		}
		v.Choice = r.value(sv.Choice.Value, alt, sc)
		if v.Choice != nil {
			v.Text += " " + v.Choice.Text
			if v.Choice.Kind == ValueInteger {
				v.Int = v.Choice.Int
			}
		}
	case sv.Braced != nil:
		return r.bracedValue(sv.Braced, u, kind, sc)
	case sv.Ref != nil:
		return r.refValue(sv.Ref, u, kind, sc)
	default:
		r.errorf(sv.Pos, "unsupported value")
		return nil
	}
	return v
}

func (r *resolver) bracedValue(g *syntax.Group, u *Type, kind Kind, sc *scope) *Value {
	text := tokText(g.Tokens)
	switch kind {
	case KindBitString:
		v := &Value{Kind: ValueBits, Text: text}
		for _, part := range splitTop(g.Tokens, isComma) {
			if len(part) == 0 {
				continue
			}
			if len(part) != 1 || part[0].Type != syntax.Ident {
				r.errorf(part[0].Pos, "expected a named bit, found %s", tokText(part))
				return nil
			}
			found := false
			for _, n := range u.Named {
				found = found || n.Name == part[0].Value
			}
			if !found {
				r.errorf(part[0].Pos, "BIT STRING has no named bit %s", part[0].Value)
				return nil
			}
			v.Bits = append(v.Bits, part[0].Value)
		}
		return v
	case KindObjectIdentifier, KindRelativeOID:
		arcs, ok := r.oidValue(g.Tokens[1:len(g.Tokens)-1], kind == KindRelativeOID, sc)
		if !ok {
			return nil
		}
		return &Value{Kind: ValueOID, OID: arcs, Text: text}
	}
	// SEQUENCE, SET, SEQUENCE OF values are kept as text: BER codecs do not
	// need them (they appear only in constraints and examples).
	return &Value{Kind: ValueString, Text: text}
}

// valueInstance resolves a parameterized value reference "v{1, 2}"
// (X.683 9) against the type u of the place it is used.
func (r *resolver) valueInstance(ref *syntax.ValueRef, u *Type, sc *scope) *Value {
	pd, ok := r.lookupRef(sc.mod, ref.Module, ref.Name).(*paramDef)
	if !ok || isUpper(pd.Name) || pd.assign.Governor == nil || governorIsClass(pd.assign.Governor) || pd.assign.Value == nil {
		r.errorf(ref.Pos, "%s is not a parameterized value", ref.Name)
		return nil
	}
	bound := r.bindParams(pd, ref.Actuals.Tokens, sc, ref.Pos)
	if bound == nil {
		return nil
	}
	t := r.typeOf(pd.assign.Governor, bound)
	v := r.value(pd.assign.Value, t, bound)
	if v != nil && u != nil && !valueFits(v.Kind, u.Kind) {
		r.errorf(ref.Pos, "%s is a value of %s, not of %s", ref.Name, r.underlying(t).Kind, u.Kind)
		return nil
	}
	return v
}

// oidValue reads the components of an OBJECT IDENTIFIER or RELATIVE-OID
// value (X.680 32.3, 33.3): numbers, "name(number)" or "name(value)",
// names of the arcs X.660 names, a value of the type itself as the first
// component, and INTEGER value references (Module.value too) as arcs.
func (r *resolver) oidValue(toks []lexer.Token, relative bool, sc *scope) ([]uint32, bool) {
	var arcs []uint32
	arc := func(t lexer.Token, v *Value) bool {
		if v == nil {
			return false
		}
		if v.Kind != ValueInteger || v.Big != nil || v.Int < 0 || v.Int > math.MaxUint32 {
			r.errorf(t.Pos, "object identifier arc %s is not an INTEGER from 0 to %d", t.Value, uint32(math.MaxUint32))
			return false
		}
		arcs = append(arcs, uint32(v.Int))
		return true
	}
	intType := &Type{Kind: KindInteger}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.Type == syntax.Number:
			n, err := strconv.ParseUint(t.Value, 10, 32)
			if err != nil {
				r.errorf(t.Pos, "object identifier arc %s is larger than %d", t.Value, uint32(math.MaxUint32))
				return nil, false
			}
			arcs = append(arcs, uint32(n))
		case t.Type == syntax.Ident && i+3 < len(toks) && toks[i+1].Value == "(" && toks[i+3].Value == ")":
			inner := toks[i+2]
			var v *Value
			switch inner.Type {
			case syntax.Number:
				v = r.value(&syntax.Value{Pos: inner.Pos, Number: &syntax.SignedNumber{Value: inner.Value}}, intType, sc)
			case syntax.Ident:
				v = r.value(&syntax.Value{Pos: inner.Pos, Ref: &syntax.ValueRef{Pos: inner.Pos, Name: inner.Value}}, intType, sc)
			default:
				r.errorf(inner.Pos, "unexpected %q in object identifier value", inner.Value)
				return nil, false
			}
			if !arc(inner, v) {
				return nil, false
			}
			i += 3
		case t.Type == syntax.Ident || (t.Type == syntax.TypeRef && i+2 < len(toks) && toks[i+1].Value == "." && toks[i+2].Type == syntax.Ident):
			ref := &syntax.ValueRef{Pos: t.Pos, Name: t.Value}
			if t.Type == syntax.TypeRef {
				ref.Module, ref.Name = t.Value, toks[i+2].Value
				i += 2
			} else if n, ok := wellKnownArc(len(arcs), arcs, t.Value); ok && !relative {
				arcs = append(arcs, n)
				continue
			}
			if ap := sc.lookupParam(ref.Name); ap != nil && ref.Module == "" {
				pv, err := syntax.ParseValueTokens(ap.toks)
				if err != nil {
					r.errorf(t.Pos, "parameter %s: %v", ref.Name, err)
					return nil, false
				}
				if pv.Braced != nil && len(arcs) == 0 {
					v := r.value(pv, &Type{Kind: KindObjectIdentifier}, ap.sc)
					if v == nil {
						return nil, false
					}
					arcs = append(arcs, v.OID...)
					continue
				}
				if !arc(t, r.value(pv, intType, ap.sc)) {
					return nil, false
				}
				continue
			}
			vd, ok := r.lookupRef(sc.mod, ref.Module, ref.Name).(*ValueDef)
			if !ok {
				r.errorf(t.Pos, "cannot resolve object identifier arc %s", ref.Name)
				return nil, false
			}
			if vd.state == 1 {
				r.errorf(t.Pos, "value %s refers to itself", vd.Name)
				return nil, false
			}
			r.valueDef(vd)
			if vd.Value == nil {
				return nil, false
			}
			if vd.Value.Kind == ValueOID {
				if len(arcs) > 0 {
					r.errorf(t.Pos, "object identifier value %s can only be the first component", ref.Name)
					return nil, false
				}
				arcs = append(arcs, vd.Value.OID...)
				continue
			}
			if !arc(t, vd.Value) {
				return nil, false
			}
		default:
			r.errorf(t.Pos, "unexpected %q in object identifier value", t.Value)
			return nil, false
		}
	}
	return arcs, true
}

func (r *resolver) refValue(ref *syntax.ValueRef, u *Type, kind Kind, sc *scope) *Value {
	if ref.Module == "" && len(ref.Dotted) == 0 && u != nil {
		for _, n := range u.Named {
			if n.Name == ref.Name {
				k := ValueInteger
				if kind == KindEnumerated {
					k = ValueEnumerated
				}
				if kind == KindBitString {
					return &Value{Kind: ValueBits, Bits: []string{n.Name}, Text: n.Name}
				}
				return &Value{Kind: k, Int: n.Number, Name: n.Name, Text: n.Name}
			}
		}
		if _, isValue := r.lookup(sc.mod, ref.Name).(*ValueDef); kind == KindEnumerated && !isValue {
			r.errorf(ref.Pos, "%s is not an enumeration of the type", ref.Name)
			return nil
		}
	}
	if ap := sc.lookupParam(ref.Name); ap != nil {
		v, err := syntax.ParseValueTokens(ap.toks)
		if err != nil {
			r.errorf(ref.Pos, "parameter %s: %v", ref.Name, err)
			return nil
		}
		return r.value(v, u, ap.sc)
	}
	if ref.Actuals != nil {
		return r.valueInstance(ref, u, sc)
	}
	def := r.lookupRef(sc.mod, ref.Module, ref.Name)
	switch d := def.(type) {
	case *ambiguousName:
		r.errorf(ref.Pos, "%s", d.message())
		return nil
	case *ValueDef:
		if d.state == 1 {
			r.errorf(ref.Pos, "value %s refers to itself", d.Name)
			return nil
		}
		r.valueDef(d)
		if d.Value == nil {
			return nil
		}
		if !valueFits(d.Value.Kind, kind) {
			r.errorf(ref.Pos, "%s is a value of %s, not of %s", ref.Name, r.underlying(d.Type).Kind, kind)
			return nil
		}
		cp := *d.Value
		cp.Text = ref.Name
		return &cp
	case *Object:
		r.object(d)
		if len(ref.Dotted) == 1 {
			if v := d.Values[ref.Dotted[0]]; v != nil {
				return v
			}
		}
		r.errorf(ref.Pos, "%s is an object, not a value", ref.Name)
		return nil
	}
	r.errorf(ref.Pos, "undefined value %s", ref.Name)
	return nil
}

package asn1

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/cstagen/cstagen/asn1/syntax"
)

// maxResolveDepth bounds the recursion of reference resolution, so that
// cycles through parameterized types or hostile input end in an error.
const maxResolveDepth = 256

type resolver struct {
	model     *Model
	errs      syntax.ErrorList
	maxErrors int

	byName  map[string][]*Module
	byOID   map[string]*Module
	ast     map[*Module]*syntax.ModuleDefinition
	imports map[*Module]map[string]*Module // symbol -> module it is imported from
	// twice holds the symbols a module imports from more than one module:
	// it may use them only as external references Module.Name.
	twice   map[*Module]map[string][]*Module
	exports map[*Module]map[string]bool // nil map means EXPORTS ALL

	instances map[string]*TypeDef
	depth     int
	pending   []pendingDefault
	builtins  map[string]*TypeDef // built-in modules' types by file name (see builtinSources)
	tagChecks []*Type
}

// paramDef is a parameterized assignment (X.683), instantiated on use.
type paramDef struct {
	Name   string
	Module *Module
	Pos    Pos
	assign *syntax.Assignment
}

// scope binds the formal parameters of a parameterized assignment while its
// body is resolved.
type scope struct {
	parent *scope
	mod    *Module
	bind   map[string]*actualParam
}

type actualParam struct {
	governor *syntax.Type // nil for a type parameter
	isClass  bool         // governor is a class
	toks     []lexer.Token
	sc       *scope // where the actual was written
	mod      *Module
}

func newResolver(opts *Options) *resolver {
	max := 50
	if opts != nil && opts.MaxErrors > 0 {
		max = opts.MaxErrors
	}
	return &resolver{
		model:     &Model{},
		maxErrors: max,
		byName:    map[string][]*Module{},
		byOID:     map[string]*Module{},
		ast:       map[*Module]*syntax.ModuleDefinition{},
		imports:   map[*Module]map[string]*Module{},
		twice:     map[*Module]map[string][]*Module{},
		exports:   map[*Module]map[string]bool{},
		instances: map[string]*TypeDef{},
	}
}

// isClassRef reports whether name is an objectclassreference: upper-case
// letters, digits and hyphens only (X.681 7.1).
func isClassRef(name string) bool {
	if name == "" || !(name[0] >= 'A' && name[0] <= 'Z') {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'a' && c <= 'z' {
			return false
		}
	}
	return true
}

func isUpper(name string) bool { return name != "" && name[0] >= 'A' && name[0] <= 'Z' }

// governorIsClass reports whether a governor type names a class.
func governorIsClass(t *syntax.Type) bool {
	return t != nil && t.Ref != nil && len(t.Ref.Dotted) == 0 && t.Tag == nil && isClassRef(t.Ref.Name)
}

func (r *resolver) addModule(file string, md *syntax.ModuleDefinition) {
	m := &Module{Name: md.Name, File: file, Pos: md.Pos, Extensible: md.Extensible, names: map[string]any{}}
	switch md.TagDefault {
	case "IMPLICIT":
		m.TagDefault = TagImplicit
	case "AUTOMATIC":
		m.TagDefault = TagAutomatic
	}
	if arcs, ok := oidArcs(md.OID); ok {
		m.OID = arcs
	} else if md.OID != nil {
		r.errorf(md.OID.Pos, "module %s: cannot resolve its object identifier", md.Name)
	}
	for _, prev := range r.byName[m.Name] {
		if OIDString(prev.OID) == OIDString(m.OID) {
			r.errorf(md.Pos, "module %s defined twice (first at %s:%d:%d)", m.Name, prev.Pos.Filename, prev.Pos.Line, prev.Pos.Column)
			return
		}
	}
	r.byName[m.Name] = append(r.byName[m.Name], m)
	if m.OID != nil {
		r.byOID[OIDString(m.OID)] = m
	}
	r.ast[m] = md
	r.model.Modules = append(r.model.Modules, m)

	for _, a := range md.Assignments {
		if prev, ok := m.names[a.Name]; ok {
			r.errorf(a.Pos, "%s is defined twice in module %s (first at line %d)", a.Name, m.Name, posOf(prev).Line)
			continue
		}
		var def any
		switch {
		case len(a.Params) > 0:
			def = &paramDef{Name: a.Name, Module: m, Pos: a.Pos, assign: a}
		case a.Class != nil:
			c := &Class{Name: a.Name, Module: m, Pos: a.Pos, assign: a}
			m.Classes = append(m.Classes, c)
			def = c
		case isUpper(a.Name) && a.Governor == nil && a.Type != nil:
			if isClassRef(a.Name) && a.Type.Ref != nil && a.Type.Tag == nil && len(a.Type.Ref.Dotted) == 0 && a.Type.Ref.Actuals == nil && len(a.Type.Constraints) == 0 && isClassRef(a.Type.Ref.Name) {
				c := &Class{Name: a.Name, Module: m, Pos: a.Pos, assign: a}
				m.Classes = append(m.Classes, c)
				def = c
			} else {
				td := &TypeDef{Name: a.Name, Module: m, Pos: a.Pos, assign: a}
				m.Types = append(m.Types, td)
				def = td
			}
		case isUpper(a.Name) && a.Governor != nil:
			if governorIsClass(a.Governor) {
				s := &ObjectSet{Name: a.Name, Module: m, Pos: a.Pos, assign: a}
				m.ObjectSets = append(m.ObjectSets, s)
				def = s
			} else {
				// A value set type assignment (X.680 15.6) defines a type.
				td := &TypeDef{Name: a.Name, Module: m, Pos: a.Pos, assign: a}
				m.Types = append(m.Types, td)
				def = td
			}
		case !isUpper(a.Name) && a.Governor != nil:
			if governorIsClass(a.Governor) {
				o := &Object{Name: a.Name, Module: m, Pos: a.Pos, assign: a}
				m.Objects = append(m.Objects, o)
				def = o
			} else {
				v := &ValueDef{Name: a.Name, Module: m, Pos: a.Pos, assign: a}
				m.Values = append(m.Values, v)
				def = v
			}
		default:
			r.errorf(a.Pos, "%s: malformed assignment", a.Name)
			continue
		}
		m.names[a.Name] = def
	}
}

func posOf(def any) Pos {
	switch d := def.(type) {
	case *TypeDef:
		return d.Pos
	case *ValueDef:
		return d.Pos
	case *Class:
		return d.Pos
	case *Object:
		return d.Pos
	case *ObjectSet:
		return d.Pos
	case *paramDef:
		return d.Pos
	}
	return Pos{}
}

// run links imports, resolves every assignment and builds the tables.
func (r *resolver) run() {
	for _, m := range r.model.Modules {
		r.linkModule(m)
	}
	if len(r.errs.Errors()) > 0 {
		return
	}
	for _, m := range r.model.Modules {
		r.reclassifyAliases(m)
	}
	for _, m := range r.model.Modules {
		r.reclassifyObjects(m)
	}
	for _, m := range r.model.Modules {
		for _, c := range m.Classes {
			r.class(c)
		}
	}
	for _, m := range r.model.Modules {
		for _, td := range m.Types {
			r.typeDef(td)
		}
		for _, v := range m.Values {
			r.valueDef(v)
		}
	}
	for _, m := range r.model.Modules {
		for _, o := range m.Objects {
			r.object(o)
		}
		for _, s := range m.ObjectSets {
			r.objectSet(s)
		}
	}
	r.buildTables()
}

// reclassifyAliases turns "X ::= Y" assignments that were read as class
// aliases (both names in capitals) into type assignments when Y is not a
// class: the two cannot be told apart by spelling alone.
func (r *resolver) reclassifyAliases(m *Module) {
	var classes []*Class
	for _, c := range m.Classes {
		if r.aliasOfClass(c, 0) {
			classes = append(classes, c)
			continue
		}
		td := &TypeDef{Name: c.Name, Module: m, Pos: c.Pos, assign: c.assign}
		m.Types = append(m.Types, td)
		m.names[c.Name] = td
	}
	m.Classes = classes
}

// reclassifyObjects turns assignments read as objects or object sets
// because their governor is spelled in capitals ("one ID ::= 1", "Days
// WEEK ::= {...}") into value and value set type assignments when the
// governor is a type, not a class.
func (r *resolver) reclassifyObjects(m *Module) {
	var objects []*Object
	for _, o := range m.Objects {
		if !r.governorIsType(m, o.assign.(*syntax.Assignment).Governor) {
			objects = append(objects, o)
			continue
		}
		v := &ValueDef{Name: o.Name, Module: m, Pos: o.Pos, assign: o.assign}
		m.Values = append(m.Values, v)
		m.names[o.Name] = v
	}
	m.Objects = objects
	var sets []*ObjectSet
	for _, s := range m.ObjectSets {
		if !r.governorIsType(m, s.assign.(*syntax.Assignment).Governor) {
			sets = append(sets, s)
			continue
		}
		td := &TypeDef{Name: s.Name, Module: m, Pos: s.Pos, assign: s.assign}
		m.Types = append(m.Types, td)
		m.names[s.Name] = td
	}
	m.ObjectSets = sets
}

// governorIsType reports whether a governor read as a class reference
// names a type instead.
func (r *resolver) governorIsType(m *Module, gov *syntax.Type) bool {
	if gov == nil || gov.Ref == nil || r.builtinClass(gov.Ref.Name) != nil {
		return false
	}
	switch r.lookupRef(m, gov.Ref.Module, gov.Ref.Name).(type) {
	case *TypeDef:
		return true
	case nil:
		_, useful := usefulTypes[gov.Ref.Name] // TIME, DATE, DATE-TIME, ...
		return useful && gov.Ref.Module == ""
	}
	return false
}

// aliasOfClass reports whether c, possibly through a chain of aliases,
// names a class definition.
func (r *resolver) aliasOfClass(c *Class, depth int) bool {
	a := c.assign.(*syntax.Assignment)
	if a.Class != nil {
		return true
	}
	name := a.Type.Ref.Name
	if r.builtinClass(name) != nil {
		return true
	}
	if depth > 16 {
		return false
	}
	if target, ok := r.lookup(c.Module, name).(*Class); ok && target != c {
		return r.aliasOfClass(target, depth+1)
	}
	return false
}

// linkModule resolves the IMPORTS of m: by object identifier when one is
// given (X.680 13.16), else by name; a name that disagrees with the module
// the identifier names is reported as a warning.
func (r *resolver) linkModule(m *Module) {
	md := r.ast[m]
	if md.Exports != nil && !md.Exports.All {
		ex := map[string]bool{}
		for _, s := range md.Exports.Symbols {
			ex[s.Name] = true
		}
		r.exports[m] = ex
	}
	imp := map[string]*Module{}
	r.imports[m] = imp
	if md.Imports == nil {
		return
	}
	for _, g := range md.Imports.From {
		var target *Module
		arcs, hasOID := oidArcs(g.OID)
		if g.Ref != "" {
			arcs, hasOID = r.assignedOID(m, g.Ref)
		}
		if hasOID {
			target = r.byOID[OIDString(arcs)]
		}
		if target == nil && hasOID && g.Selection != "" {
			target = r.successor(g.Module, arcs, g.Selection == "DESCENDANTS")
		}
		switch {
		case target != nil && target.Name != g.Module:
			r.warnf(g.Pos, "import FROM %s: the object identifier {%s} identifies module %s; using %s", g.Module, OIDString(arcs), target.Name, target.Name)
		case target == nil:
			cands := r.byName[g.Module]
			if len(cands) == 0 {
				r.errorf(g.Pos, "import FROM %s: no such module", g.Module)
				continue
			}
			target = cands[0]
			if hasOID && g.Selection == "" {
				r.warnf(g.Pos, "import FROM %s: no module has object identifier {%s}; using module %s {%s} by name", g.Module, OIDString(arcs), target.Name, OIDString(target.OID))
			}
		}
		for _, s := range g.Symbols {
			if prev, ok := imp[s.Name]; ok && prev != target {
				// Legal (X.680 13.16): uses must then be Module.Name.
				if r.twice[m] == nil {
					r.twice[m] = map[string][]*Module{}
				}
				if len(r.twice[m][s.Name]) == 0 {
					r.twice[m][s.Name] = []*Module{prev}
				}
				r.twice[m][s.Name] = append(r.twice[m][s.Name], target)
				continue
			}
			if _, local := m.names[s.Name]; local {
				r.errorf(s.Pos, "%s is both imported from %s and defined in %s", s.Name, target.Name, m.Name)
				continue
			}
			if !r.defines(target, s.Name, 0) {
				r.errorf(s.Pos, "%s is imported from %s, which does not define it", s.Name, target.Name)
				continue
			}
			if ex := r.exports[target]; ex != nil && !ex[s.Name] {
				r.errorf(s.Pos, "%s is imported from %s, which does not export it", s.Name, target.Name)
				continue
			}
			imp[s.Name] = target
		}
	}
}

// assignedIdentifier reads an AssignedIdentifier given as a defined value
// (X.680 13.16: "FROM Module valueref"): an OBJECT IDENTIFIER value of the
// importing module written with numbers and names of well-known arcs. It
// is read from the syntax, before any value is resolved; false when it
// cannot be read so (the import is then by module name).
func (r *resolver) assignedOID(m *Module, name string) ([]uint32, bool) {
	v, ok := m.names[name].(*ValueDef)
	if !ok {
		return nil, false
	}
	a := v.assign.(*syntax.Assignment)
	if a.Value == nil || a.Value.Braced == nil {
		return nil, false
	}
	toks := a.Value.Braced.Tokens
	var arcs []uint32
	for i := 1; i < len(toks)-1; i++ {
		t := toks[i]
		switch {
		case t.Type == syntax.Number:
			n, err := strconv.ParseUint(t.Value, 10, 32)
			if err != nil {
				return nil, false
			}
			arcs = append(arcs, uint32(n))
		case t.Type == syntax.Ident && i+3 < len(toks) && toks[i+1].Value == "(" && toks[i+2].Type == syntax.Number && toks[i+3].Value == ")":
			n, err := strconv.ParseUint(toks[i+2].Value, 10, 32)
			if err != nil {
				return nil, false
			}
			arcs = append(arcs, uint32(n))
			i += 3
		case t.Type == syntax.Ident:
			n, ok := wellKnownArc(len(arcs), arcs, t.Value)
			if !ok {
				return nil, false
			}
			arcs = append(arcs, n)
		default:
			return nil, false
		}
	}
	return arcs, len(arcs) > 0
}

// successor finds the module named name whose identifier extends arcs
// (WITH DESCENDANTS) or differs from it only in the last arc (WITH
// SUCCESSORS, a later version), or nil.
func (r *resolver) successor(name string, arcs []uint32, descendants bool) *Module {
	for _, m := range r.byName[name] {
		if len(m.OID) < len(arcs) {
			continue
		}
		prefix := arcs
		if !descendants {
			if len(m.OID) != len(arcs) || len(arcs) == 0 {
				continue
			}
			prefix = arcs[:len(arcs)-1]
		}
		if OIDString(m.OID[:len(prefix)]) == OIDString(prefix) {
			return m
		}
	}
	return nil
}

// defines reports whether module m defines name itself or imports it (a
// module may re-export what it imports).
func (r *resolver) defines(m *Module, name string, depth int) bool {
	if _, ok := m.names[name]; ok {
		return true
	}
	if depth > 8 {
		return false
	}
	md := r.ast[m]
	if md.Imports == nil {
		return false
	}
	for _, g := range md.Imports.From {
		for _, s := range g.Symbols {
			if s.Name == name {
				return true
			}
		}
	}
	return false
}

// ambiguousName is what lookup returns for a name imported from more
// than one module and used without its module name.
type ambiguousName struct {
	name    string
	modules []*Module
}

func (a *ambiguousName) message() string {
	var names []string
	for _, m := range a.modules {
		names = append(names, m.Name+"."+a.name)
	}
	return fmt.Sprintf("%s is imported from more than one module: write %s", a.name, strings.Join(names, " or "))
}

// lookupIn resolves an external reference Module.name (X.680 14.1).
func (r *resolver) lookupIn(module, name string) any {
	for _, m := range r.byName[module] {
		if d := r.lookup(m, name); d != nil {
			return d
		}
	}
	return nil
}

// lookupRef resolves name, qualified by module when that is not "".
func (r *resolver) lookupRef(m *Module, module, name string) any {
	if module != "" {
		return r.lookupIn(module, name)
	}
	return r.lookup(m, name)
}

// lookup finds what name means in module m: a local assignment, then an
// import (followed through re-exports).
func (r *resolver) lookup(m *Module, name string) any {
	for i := 0; i < 8 && m != nil; i++ {
		if d, ok := m.names[name]; ok {
			return d
		}
		if mods := r.twice[m][name]; len(mods) > 0 {
			return &ambiguousName{name: name, modules: mods}
		}
		next := r.imports[m][name]
		if next == nil {
			if r.imports[m] == nil {
				// Not yet linked (a module imported only transitively): link lazily.
				r.linkModule(m)
				next = r.imports[m][name]
			}
		}
		m = next
	}
	return nil
}

// builtinClass returns the predefined classes TYPE-IDENTIFIER and ABSTRACT-SYNTAX (X.681 Annex A, B).
func (r *resolver) builtinClass(name string) *Class {
	switch name {
	case "TYPE-IDENTIFIER":
		return &Class{Name: name, Fields: []*FieldSpec{
			{Name: "&id", Kind: ValueField, Type: &Type{Kind: KindObjectIdentifier, Tags: []Tag{{Universal, 6, false}}}, Unique: true},
			{Name: "&Type", Kind: TypeField},
		}, Syntax: []SyntaxItem{{Field: "&Type"}, {Literal: "IDENTIFIED"}, {Literal: "BY"}, {Field: "&id"}}}
	case "ABSTRACT-SYNTAX":
		return &Class{Name: name, Fields: []*FieldSpec{
			{Name: "&id", Kind: ValueField, Type: &Type{Kind: KindObjectIdentifier, Tags: []Tag{{Universal, 6, false}}}, Unique: true},
			{Name: "&Type", Kind: TypeField},
			{Name: "&property", Kind: ValueField, Type: &Type{Kind: KindBitString, Tags: []Tag{{Universal, 3, false}}}, Optional: true},
		}, Syntax: []SyntaxItem{{Field: "&Type"}, {Literal: "IDENTIFIED"}, {Literal: "BY"}, {Field: "&id"},
			{Optional: []SyntaxItem{{Literal: "HAS"}, {Literal: "PROPERTY"}, {Field: "&property"}}}}}
	}
	return nil
}

// lookupClass resolves a class reference.
func (r *resolver) lookupClass(m *Module, name string, pos Pos) *Class {
	if c := r.builtinClass(name); c != nil {
		return c
	}
	switch d := r.lookup(m, name).(type) {
	case *Class:
		r.class(d)
		return d
	case nil:
		r.errorf(pos, "undefined class %s", name)
	case *ambiguousName:
		r.errorf(pos, "%s", d.message())
	default:
		r.errorf(pos, "%s is not an information object class", name)
	}
	return nil
}

func (r *resolver) enter(pos Pos) bool {
	r.depth++
	if r.depth > maxResolveDepth {
		r.errorf(pos, "references nest deeper than %d (a cycle through parameterized types?)", maxResolveDepth)
		return false
	}
	return true
}

func (r *resolver) leave() { r.depth-- }

func tokText(toks []lexer.Token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Value)
	}
	return b.String()
}

func (r *resolver) String() string { return fmt.Sprintf("resolver(%d modules)", len(r.model.Modules)) }

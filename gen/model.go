package gen

import (
	"fmt"
	"sort"
	"strings"

	"github.com/cstagen/cstagen/asn1"
)

// goType is one Go type the generator emits: for a type assignment, or for
// a type written in place inside another (an inline SEQUENCE, CHOICE,
// ENUMERATED, ...), which gets the name of its parent plus the component.
type goType struct {
	name   string
	def    *asn1.TypeDef // the assignment, or nil for an inline type
	t      *asn1.Type    // the type as written (def.Type, or the component's type)
	module *asn1.Module
	origin string // ASN.1 origin for doc comments: Module.Type or Module.Type.component
	file   string // output file
	pkg    string // import path of the base package that holds it, or "" (Options.Base)

	alias bool // a Go alias of another generated type (same tags, no constraints)
	// strictEnum: the codecs check the values of an ENUMERATED without
	// extension marker (Options.StrictEnumerated).
	strictEnum bool
}

// kind is the built-in kind under t's references.
func (g *goType) kind() asn1.Kind { return g.t.Underlying().Kind }

// ownTags are the tags a value of this Go type carries when encoded on its
// own (AppendBER): the assignment's tags, or for an inline type the tags of
// its built-in type.
func (g *goType) ownTags() []asn1.Tag {
	if g.def != nil {
		return g.def.Type.Tags
	}
	return baseTags(g.t.Underlying())
}

// baseTags are the tags of a built-in type without any prefix.
func baseTags(u *asn1.Type) []asn1.Tag {
	if t, ok := asn1.UniversalTag(u.Kind, u.StringType); ok {
		return []asn1.Tag{t}
	}
	return nil
}

// collect walks the types reachable from roots and assigns Go names.
type collector struct {
	types   []*goType
	byDef   map[*asn1.TypeDef]*goType
	inline  map[*asn1.Type]*goType
	refs    map[*asn1.TypeDef]int
	pending []*asn1.TypeDef
	seen    map[*asn1.TypeDef]bool
}

func newCollector() *collector {
	return &collector{byDef: map[*asn1.TypeDef]*goType{}, inline: map[*asn1.Type]*goType{},
		refs: map[*asn1.TypeDef]int{}, seen: map[*asn1.TypeDef]bool{}}
}

// needsNamedInline reports whether an in-place type needs a Go type of its
// own (rather than int64, bool, []byte, ...).
func needsNamedInline(t *asn1.Type) bool {
	switch t.Kind {
	case asn1.KindSequence, asn1.KindSet, asn1.KindChoice, asn1.KindEnumerated, asn1.KindExternal:
		return true
	case asn1.KindInteger, asn1.KindBitString:
		return len(t.Named) > 0
	case asn1.KindSequenceOf, asn1.KindSetOf:
		return true
	}
	return false
}

// addDef queues a type assignment and everything it references.
func (c *collector) addDef(d *asn1.TypeDef) {
	if d == nil || c.seen[d] {
		return
	}
	c.seen[d] = true
	c.pending = append(c.pending, d)
}

// walk visits the types used by t (references and in-place types).
func (c *collector) walk(t *asn1.Type, visit func(*asn1.Type)) {
	if t == nil {
		return
	}
	if t.Ref != nil {
		c.refs[t.Ref]++
		c.addDef(t.Ref)
		return
	}
	visit(t)
	for _, comp := range t.Components {
		c.walk(comp.Type, visit)
	}
	c.walk(t.Elem, visit)
}

// run resolves the queue: every def reachable from the roots.
func (c *collector) run() []*asn1.TypeDef {
	var defs []*asn1.TypeDef
	for len(c.pending) > 0 {
		d := c.pending[0]
		c.pending = c.pending[1:]
		defs = append(defs, d)
		c.walk(d.Type, func(*asn1.Type) {})
		if d.Type.Ref == nil {
			for _, comp := range d.Type.Components {
				c.walk(comp.Type, func(*asn1.Type) {})
			}
			c.walk(d.Type.Elem, func(*asn1.Type) {})
		}
	}
	// Stable order: module order, then source order.
	modIndex := map[*asn1.Module]int{}
	sort.SliceStable(defs, func(i, j int) bool {
		a, b := defs[i], defs[j]
		if a.Module != b.Module {
			return a.Module.Name < b.Module.Name
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		return a.Name < b.Name
	})
	_ = modIndex
	return defs
}

// fileName returns the output file of a module: its name in lower case with
// underscores, without the "csta-" prefix.
func fileName(module string) string {
	s := strings.ToLower(module)
	s = strings.TrimPrefix(s, "csta-")
	s = strings.NewReplacer("-", "_", ".", "_").Replace(s)
	return s + ".go"
}

func originOf(d *asn1.TypeDef) string {
	if d.Instance != "" {
		return fmt.Sprintf("%s.%s (instance %s)", d.Module.Name, d.Name, d.Instance)
	}
	return d.Module.Name + "." + d.Name
}

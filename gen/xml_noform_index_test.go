package gen

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cstagen/cstagen/asn1"
	"github.com/cstagen/cstagen/internal/xsdindex"
	"github.com/cstagen/cstagen/schemas"
)

// TestNoFormIndex checks the noform directives of
// schemas/csta-xml.overrides against the ECMA-323 schema index
// (../shared/ecma-323-index) of their edition: no type of the index that
// holds at least half of the other names of the directive's type (its
// components' elements, or its named bits or identifiers), and the most of
// them, has the name the directive says the edition lacks (of several, the
// one named as the ASN.1 type, or as its capabilities, or an anonymous
// type as xsd.exe names it, parent and element). csta's TestXMLIndexRandom finds the
// directives that are missing; this test finds those that are wrong.
func TestNoFormIndex(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "ecma-323-index")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("the ECMA-323 index is not present (%v)", err)
	}
	m := embeddedModel(t)
	o, err := parseXMLOverrides(m, schemas.XMLOverrides)
	if err != nil {
		t.Fatal(err)
	}
	var bad []string
	checked := 0
	for e, ed := range xmlEditions {
		set, err := xsdindex.Load(dir, ed)
		if err != nil {
			t.Fatal(err)
		}
		types, enums := indexNames(set)
		// lacks reports whether none of the index types (or enumerations)
		// that have the most of the names others, and at least half of
		// them, has name; else it returns one that has.
		lacks := func(of map[string]map[string]bool, others []string, name, hint string) (string, bool) {
			count := func(have map[string]bool) int {
				n := 0
				for _, w := range others {
					if have[w] {
						n++
					}
				}
				return n
			}
			most := 0
			for _, have := range of {
				most = max(most, count(have))
			}
			if most == 0 || 2*most < len(others) {
				return "", true // no type of the index is this one
			}
			// Of those, the one named as the ASN.1 type (or its
			// capabilities, "Caps") alone when there is one.
			for _, tn := range []string{hint, hint + "Caps"} {
				if have, ok := of[tn]; ok && count(have) == most {
					if have[name] {
						return tn, false
					}
					return "", true
				}
			}
			for tn, have := range of {
				if count(have) == most && have[name] {
					return tn, false
				}
			}
			return "", true
		}
		elem := func(c *asn1.Component) string {
			if e == 1 {
				return o.elemName6(c)
			}
			return o.elemName(c)
		}
		named := func(u *asn1.Type, id string) string {
			if e == 1 && u.Kind == asn1.KindBitString {
				return o.namedXML6(u, id)
			}
			return o.namedXML(u, id)
		}
		seen := map[*asn1.Type]bool{}
		var walk func(u *asn1.Type, path, hint string)
		walk = func(u *asn1.Type, path, hint string) {
			if u == nil || seen[u] {
				return
			}
			seen[u] = true
			for _, c := range u.Components {
				if o.noform[e][c] {
					checked++
					var others []string
					for _, d := range u.Components {
						if d != c {
							others = append(others, elem(d))
						}
					}
					if tn, ok := lacks(types, others, elem(c), hint); !ok {
						bad = append(bad, ed+" "+path+"."+c.Name+": the index's "+tn+" has "+elem(c))
					}
				}
				if c.Type.Ref == nil {
					// xsd.exe names an anonymous type after its parent
					// and element.
					walk(c.Type, path+"."+c.Name, hint+upperFirst(c.Name))
				}
			}
			if u.Elem != nil && u.Elem.Ref == nil {
				walk(u.Elem, path, "")
			}
			for _, n := range u.Named {
				if !o.noformNamed[e][u][n.Name] {
					continue
				}
				checked++
				var others []string
				for _, k := range u.Named {
					if k.Name != n.Name {
						others = append(others, named(u, k.Name))
					}
				}
				of := types
				if u.Kind == asn1.KindEnumerated {
					of = enums
				}
				if tn, ok := lacks(of, others, named(u, n.Name), hint); !ok {
					bad = append(bad, ed+" "+path+"."+n.Name+": the index's "+tn+" has "+named(u, n.Name))
				}
			}
		}
		for _, mod := range m.Modules {
			for _, d := range mod.Types {
				walk(d.Type, mod.Name+"."+d.Name, d.Name)
			}
		}
	}
	sort.Strings(bad)
	if diff := cmp.Diff([]string(nil), bad); diff != "" {
		t.Errorf("noform directives that the index contradicts (-want +got):\n%s", diff)
	}
	if checked < 100 {
		t.Errorf("checked %d noform directives, want the 100 and more of the overrides", checked)
	}
}

// indexNames returns, for every type of the index set, the names of its
// elements (with its base types', choice alternatives and list items) and
// attributes, and for every enumeration its literals.
func indexNames(set xsdindex.Set) (types, enums map[string]map[string]bool) {
	types, enums = map[string]map[string]bool{}, map[string]map[string]bool{}
	for _, ix := range set {
		for tn, typ := range ix.Types {
			have := map[string]bool{}
			for b, k := typ, 0; b != nil && k < 16; b, k = ix.Types[b.Extends], k+1 {
				for _, mm := range b.Members {
					if mm.Name != "" {
						have[mm.Name] = true
					}
					if mm.Item != "" {
						have[mm.Item] = true
					}
					for a := range mm.Choice {
						have[a] = true
					}
				}
				for a := range b.Attrs {
					have[strings.TrimPrefix(a, "@")] = true
				}
				if b.Extends == "" {
					break
				}
			}
			types[tn] = have
		}
		for en, lits := range ix.Enums {
			enums[en] = lits
		}
	}
	return types, enums
}

package gen

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cstagen/cstagen/asn1"
	"github.com/cstagen/cstagen/internal/xsdindex"
	"github.com/cstagen/cstagen/schemas"
)

// TestHexOverridesIndex checks the hex directives of
// schemas/csta-xml.overrides against the ECMA-323 schema index
// (../shared/ecma-323-index, ed3 and ed6), by element name, both ways: an
// OCTET STRING component whose element the index types hexBinary (or byte[]
// in a CHOICE) is hex, and a hex component's element is hexBinary in the
// index.
func TestHexOverridesIndex(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "ecma-323-index")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("the ECMA-323 index is not present (%v)", err)
	}
	indexHex := map[string]bool{}
	for _, ed := range []string{"ed3", "ed6"} {
		set, err := xsdindex.Load(dir, ed)
		if err != nil {
			t.Fatal(err)
		}
		for _, ix := range set {
			for _, typ := range ix.Types {
				for _, m := range typ.Members {
					if m.Datatype == "hexBinary" {
						indexHex[m.Name] = true
					}
					for alt, at := range m.Choice {
						if at == "byte" {
							indexHex[alt] = true
						}
					}
				}
				for _, a := range typ.Attrs {
					if a.Datatype == "hexBinary" {
						indexHex[a.Name] = true
					}
				}
			}
		}
	}
	m := embeddedModel(t)
	o, err := parseXMLOverrides(m, schemas.XMLOverrides)
	if err != nil {
		t.Fatal(err)
	}
	// The element name an OCTET STRING component is written under: its
	// own, or the child of a wrap type.
	elem := func(c *asn1.Component) string {
		for t, k := c.Type, 0; t != nil && k < 16; k++ {
			if w := o.wrap[t]; w != "" {
				return w
			}
			if t.Ref == nil {
				break
			}
			t = t.Ref.Type
		}
		return o.elemName(c)
	}
	text := map[string]bool{} // octet string elements written as text
	hex := map[string]bool{}  // and as hex
	seen := map[*asn1.Type]bool{}
	var walk func(t *asn1.Type)
	walk = func(t *asn1.Type) {
		if t == nil || seen[t] {
			return
		}
		seen[t] = true
		for _, c := range t.Components {
			if c.Type.Underlying() != nil && c.Type.Underlying().Kind == asn1.KindOctetString {
				if o.hex(c.Type, c) {
					hex[elem(c)] = true
				} else {
					text[elem(c)] = true
				}
			}
			walk(c.Type)
		}
		walk(t.Elem)
	}
	for _, mod := range m.Modules {
		if mod.Builtin {
			continue
		}
		for _, d := range mod.Types {
			walk(d.Type)
		}
	}
	var bad []string
	for name := range text {
		if indexHex[name] {
			bad = append(bad, "text, hexBinary in the index: "+name)
		}
	}
	for name := range hex {
		if !indexHex[name] {
			bad = append(bad, "hex, not hexBinary in the index: "+name)
		}
	}
	sort.Strings(bad)
	if diff := cmp.Diff([]string(nil), bad); diff != "" {
		t.Errorf("hex directives and the index disagree (-want +got):\n%s", diff)
	}
	if len(hex) == 0 {
		t.Error("no hex component at all")
	}
}

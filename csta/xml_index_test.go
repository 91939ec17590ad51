package csta

import (
	"bytes"
	"errors"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cstagen/cstagen/internal/xsdindex"
	"github.com/cstagen/cstagen/runtime/xml"
)

// indexRandomValues is how many random values of each type
// TestXMLIndexRandom writes: enough that every CHOICE alternative and
// OPTIONAL component of a message shows up (a third of a second per
// edition).
const indexRandomValues = 60

// quoted matches the value a mismatch line quotes (from its first quote to
// its last, as random text may hold quotes): left out to report each kind of
// mismatch once.
var quoted = regexp.MustCompile(`".*"`)

// TestXMLIndexRandom writes random values (indexRandomValues per type) of
// every type whose root element is a message of the ECMA-323 index or of
// ECMA-354, in the namespace of ed3 (AppendXML) and of ed6, and checks each
// document against the index of the edition written: element names and
// order, attributes, enumeration literals, hexBinary, boolean and integer
// content. It fails on any mismatch: what an edition has no form for is
// refused by the encoder (TestXMLNoForm), and left out of the random
// values (xmlNoFormRandom).
func TestXMLIndexRandom(t *testing.T) {
	for _, ed := range []string{"ed3", "ed6"} {
		t.Run(ed, func(t *testing.T) { testXMLIndexRandom(t, ed) })
	}
}

func testXMLIndexRandom(t *testing.T, ed string) {
	dir := filepath.Join("..", "..", "shared", "ecma-323-index")
	set, err := xsdindex.Load(dir, ed)
	if err != nil {
		t.Skip("the ECMA-323 index is not available:", err)
	}
	// Without what the edition has no form for, which it refuses
	// (TestXMLNoForm, TestXMLDeviceIDFlags6).
	ns, e := XMLNamespace, xml.Ed3
	if ed == "ed6" {
		ns, e = XMLNamespaceEd6, xml.Ed6
	}
	xmlNoFormRandom[e] = true
	defer func() { xmlNoFormRandom[e] = false }()
	xmlSafeRandom = true
	defer func() { xmlSafeRandom = false }()
	r := rand.New(rand.NewPCG(23, 24))
	found := map[string]string{} // mismatch, quoted values left out -> one in full
	roots := 0
	for _, tc := range randomTypes {
		for k := 0; k < indexRandomValues; k++ {
			v, ok := tc.make(r).(xmlCodec)
			if !ok {
				break
			}
			doc, err := v.AppendXML(nil)
			if ns != XMLNamespace && (errors.Is(err, xml.ErrNotInEdition) || err == nil && bytes.Contains(doc, []byte(`xmlns="`+XMLNamespace+`"`))) {
				// A CSTA message (not ECMA-354), in the edition's namespace
				// (the value may hold what ed3 has no form for).
				doc, err = v.(interface {
					AppendXMLNS([]byte, string) ([]byte, error)
				}).AppendXMLNS(nil, ns)
			}
			if err != nil {
				t.Fatalf("%s: AppendXML: %v", tc.name, err)
			}
			ms := set.Check(doc)
			if len(ms) == 1 && strings.HasSuffix(ms[0], "no such root element") {
				break // a type that is no message of the schema
			}
			if k == 0 {
				roots++
			}
			for _, m := range ms {
				if k := quoted.ReplaceAllString(m, `"…"`); found[k] == "" {
					found[k] = m
				}
			}
		}
	}
	if roots == 0 {
		t.Fatal("no generated type writes a root element of the index")
	}
	for _, m := range slices.Sorted(maps.Values(found)) {
		t.Errorf("against the ECMA-323 index of %s: %s", ed, m)
	}
	t.Logf("%d message types, %d values each, agree with the index of %s", roots, indexRandomValues, ed)
}

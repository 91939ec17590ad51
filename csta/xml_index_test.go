package csta

import (
	"bytes"
	"errors"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/cstagen/cstagen/internal/xsdindex"
	"github.com/cstagen/cstagen/runtime/xml"
	"github.com/google/go-cmp/cmp"
)

var updateIndexRandom = flag.Bool("update-index", false, "rewrite testdata/index-random*.txt with the mismatches found")

// indexRandom are the committed lists, one per edition written, of what the
// CSTA-XML written for random values does not agree with the ECMA-323 index
// of that edition on; they shrink as schemas/csta-xml.overrides fixes names.
var indexRandom = map[string]string{
	"ed3": "testdata/index-random.txt",
	"ed6": "testdata/index-random-ed6.txt",
}

// quoted matches the value a mismatch line quotes (from its first quote to
// its last, as random text may hold quotes): random, so left out.
var quoted = regexp.MustCompile(`".*"`)

// TestXMLIndexRandom writes random values (five per type) of every type
// whose root element is a message of the ECMA-323 index or of ECMA-354, in
// the namespace of ed3 (AppendXML) and of ed6, and checks each document
// against the index of the edition written: element names and order,
// attributes, enumeration literals, hexBinary content. The mismatches, one
// line per message and element path with the quoted values left out, must
// be exactly those of testdata/index-random.txt (ed3) and
// index-random-ed6.txt (go test -update-index rewrites them): the test
// fails on a new mismatch and on a stale line.
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
	found := map[string]bool{}
	roots := 0
	for _, tc := range randomTypes {
		for k := 0; k < 5; k++ {
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
				found[quoted.ReplaceAllString(m, `"…"`)] = true
			}
		}
	}
	if roots == 0 {
		t.Fatal("no generated type writes a root element of the index")
	}
	got := make([]string, 0, len(found))
	for m := range found {
		got = append(got, m)
	}
	sort.Strings(got)
	if *updateIndexRandom {
		if err := os.WriteFile(indexRandom[ed], []byte(strings.Join(got, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(indexRandom[ed])
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(strings.Split(strings.TrimSpace(string(want)), "\n"), got); diff != "" {
		t.Errorf("mismatches against the ECMA-323 index differ from %s (-listed +found; go test -update-index rewrites it):\n%s", indexRandom[ed], diff)
	}
	t.Logf("%d message types, %d distinct mismatches against the index", roots, len(got))
}

package wirecli

import (
	"encoding/binary"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cstagen/cstagen/internal/xsdindex"
)

var updateIndex = flag.Bool("update-index", false, "rewrite testdata/index-mismatches.txt with the mismatches found")

// indexMismatches is the committed list of what the CSTA-XML written for
// the corpus does not agree with the ECMA-323 index on: the generator's
// names are fixed in schemas/csta-xml.overrides, and this list shrinks.
const indexMismatches = "testdata/index-mismatches.txt"

// TestTranscodeIndex transcodes every corpus message, BER and CSTA-XML, to
// CSTA-XML (ed3) and checks each document written against the ECMA-323
// schema index (internal/xsdindex): element names and order, attributes,
// enumeration literals, hexBinary content. The mismatches must be exactly
// those of testdata/index-mismatches.txt (go test -update-index rewrites
// it), so that the test fails both on a new mismatch and on a stale line.
func TestTranscodeIndex(t *testing.T) {
	needCorpus(t)
	dir := filepath.Join(corpusDir, "..", "ecma-323-index")
	set, err := xsdindex.Load(dir, "ed3")
	if err != nil {
		t.Skip("the ECMA-323 index is not available:", err)
	}
	files, _ := filepath.Glob(filepath.Join(corpusDir, "ber", "*.hex"))
	xmlFiles, _ := filepath.Glob(filepath.Join(corpusDir, "xml", "*.xml"))
	files = append(files, xmlFiles...)
	var got []string
	docs := 0
	for _, path := range files {
		name := filepath.Base(path)
		in, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		out, _, _ := transcode(t, in, "-to", "xml", "-framing", "xml")
		for b := []byte(out); len(b) >= 8; {
			n := int(binary.BigEndian.Uint16(b[2:4]))
			if n < 8 || n > len(b) {
				t.Fatalf("%s: bad CSTA-XML header in the transcode output", name)
			}
			docs++
			for _, m := range set.Check(b[8:n]) {
				got = append(got, name+": "+m)
			}
			b = b[n:]
		}
	}
	if docs == 0 {
		t.Fatal("no corpus message transcodes to CSTA-XML")
	}
	sort.Strings(got)
	got = compactStrings(got)
	if *updateIndex {
		if err := os.WriteFile(indexMismatches, []byte(strings.Join(got, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(indexMismatches)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(strings.Split(strings.TrimSpace(string(want)), "\n"), got); diff != "" {
		t.Errorf("mismatches against the ECMA-323 index differ from %s (-listed +found; go test -update-index rewrites it):\n%s", indexMismatches, diff)
	}
	t.Logf("%d documents written for %d corpus files, %d mismatches against the index", docs, len(files), len(got))
}

// compactStrings drops adjacent duplicates of a sorted slice.
func compactStrings(s []string) []string {
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

//go:build pugixml && cgo

package bench

import (
	"os"
	"testing"
)

// pugixml 1.13 (Debian libpugixml-dev), the fast C++ DOM parser, on the
// same OpenScape Voice OriginatedEvent as BenchmarkXMLTokenizerWalk and
// BenchmarkCSTAXMLDecodeOriginated: a peer for the CSTA-XML group. Run with
// -tags pugixml (make bench does when pugixml is installed).

func TestPugixmlOriginated(t *testing.T) {
	src, err := os.ReadFile(originatedEventPath)
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	root, cause, status, _ := pugiCheck(src, "cause")
	if status != 0 || root != "OriginatedEvent" || cause != "newCall" {
		t.Errorf("pugixml: root %q cause %q status %d", root, cause, status)
	}
	buf := make([]byte, len(src))
	if err := pugiParseN(src, buf, 3); err != nil {
		t.Error(err)
	}
	// A mismatched end tag fails, so the loop does parse.
	bad := []byte("<a><b></a>")
	if err := pugiParseN(bad, make([]byte, len(bad)), 1); err == nil {
		t.Error("pugixml accepted a mismatched end tag")
	}
	a0, _ := pugiCounters()
	pugiParseN(src, buf, 1)
	if a1, _ := pugiCounters(); a1 == a0 {
		t.Error("allocation counters did not move on a parse")
	}
}

// BenchmarkPugixmlParseOriginated is pugixml's in-situ DOM parse
// (xml_document::load_buffer_inplace, default options: references and line
// ends decoded, attribute values normalized) of the event, b.N times in one
// C loop with one reused xml_document; each iteration first copies the
// 1083 bytes into a reused buffer, since in-situ parsing writes into it.
// B/op and allocs/op count pugixml's allocations (its memory pages).
func BenchmarkPugixmlParseOriginated(b *testing.B) {
	src := loadOriginatedEvent(b)
	buf := make([]byte, len(src))
	a0, n0 := pugiCounters()
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	if err := pugiParseN(src, buf, b.N); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	a1, n1 := pugiCounters()
	b.ReportMetric(float64(n1-n0)/float64(b.N), "B/op")
	b.ReportMetric(float64(a1-a0)/float64(b.N), "allocs/op")
}

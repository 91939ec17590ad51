package gen

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cstagen/cstagen/asn1"
	"github.com/dave/jennifer/jen"
)

// TestOperationIndex checks the two forms of operationIndex: an array by
// code when every code is small and not negative, the binary search of
// Operations otherwise.
func TestOperationIndex(t *testing.T) {
	for _, tc := range []struct {
		codes []int64
		want  string // in the generated source
		not   string
	}{
		{[]int64{1, 2, 551}, "var operationIndexes = [552]uint8{\n\t1:   1,\n\t2:   2,\n\t551: 3,\n}", "lo, hi"},
		{[]int64{3, maxDenseCode}, "lo, hi := 0, len(Operations)", "operationIndexes"},
		{[]int64{-1, 2}, "lo, hi := 0, len(Operations)", "operationIndexes"},
		{nil, "lo, hi := 0, len(Operations)", "operationIndexes"},
	} {
		m := &asn1.Model{}
		for _, c := range tc.codes {
			m.Operations = append(m.Operations, &asn1.Operation{Name: fmt.Sprint("op", c), Code: c})
		}
		g := &generator{model: m}
		f := jen.NewFile("p")
		g.emitOperationIndex(f)
		src := fmt.Sprintf("%#v", f)
		if !strings.Contains(src, tc.want) || strings.Contains(src, tc.not) {
			t.Errorf("codes %v:\n%s\nwant %q, not %q", tc.codes, src, tc.want, tc.not)
		}
	}
}

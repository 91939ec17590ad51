package xml

import "testing"

// TestCountSiblings: after ReadStart of a list's first item, CountSiblings
// counts it and the elements after it up to the list's end tag, past
// comments, CDATA, processing instructions, attribute values that hold
// markup and nested elements; it stops short at what it cannot follow, and
// consumes nothing.
func TestCountSiblings(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		want      int
	}{
		{"one", `<l><a/></l>`, 1},
		{"three", `<l><a>1</a><a>2</a><a>3</a></l>`, 3},
		{"self-closing first", `<l><a/><a x="1"/><a></a></l>`, 3},
		{"nested", `<l><a><b><c/></b><b/></a><a><b>x</b></a></l>`, 2},
		{"markup that is no element", `<l><a/><!-- <a> --><![CDATA[<a>]]><?pi <a>?><a x="<a>" y='/>'/> text </l>`, 2},
		{"elements after the list", `<r><l><a/><a/></l><a/></r>`, 2},
		{"prefixed", `<l xmlns:p="u"><p:a/><p:a></p:a></l>`, 2},
		{"unterminated comment", `<l><a/><a/><!-- <a/>`, 2},
		{"unterminated attribute", `<l><a/><a x="/>`, 1},
		{"unterminated tag", `<l><a/><a`, 1},
		{"declaration", `<l><a/><!DOCTYPE x><a/></l>`, 1},
		{"end of input", `<l><a/><a/>`, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := NewDecoder([]byte(tc.doc), nil)
			if _, _, err := d.ReadStart(); err != nil {
				t.Fatal(err)
			}
			if tc.name == "elements after the list" {
				if _, _, err := d.ReadStart(); err != nil {
					t.Fatal(err)
				}
			}
			if _, ok, err := d.ReadStart(); !ok || err != nil {
				t.Fatalf("ReadStart of the first item: %v, %v", ok, err)
			}
			pos := d.InputOffset()
			if got := d.CountSiblings(); got != tc.want {
				t.Errorf("CountSiblings = %d, want %d", got, tc.want)
			}
			if d.InputOffset() != pos {
				t.Errorf("CountSiblings moved the decoder from %d to %d", pos, d.InputOffset())
			}
		})
	}
}

package xml

import (
	"errors"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// readChildren drives Children the way generated decoders do, over the
// children of doc's root: components are the names in comps (their index is
// the component number); a child named "bad" fails with an invalid value
// after reading into its content; others are unknown.
func readChildren(t *testing.T, r *Reader, doc string, comps []string, mandatory []int) (Extra, error) {
	t.Helper()
	r.Reset([]byte(doc))
	if _, ok, err := r.Dec.ReadStart(); err != nil || !ok {
		t.Fatalf("root: %v", err)
	}
	var x Extra
	var c Children
	c.Begin(&x)
next:
	for {
		name, ok, err := r.Dec.ReadStart()
		if err != nil {
			return x, err
		}
		if !ok {
			break
		}
		m := r.Mark()
		if string(name.Local) == "bad" {
			// Fail somewhere inside the element, like a nested decoder.
			if _, _, err := r.Dec.ReadStart(); err != nil {
				return x, err
			}
			if err := c.Keep(r, m, Invalid(r, "T", "bad", []byte("v"))); err != nil {
				return x, err
			}
			continue
		}
		for k, n := range comps {
			if n == string(name.Local) {
				if err := r.Dec.SkipElement(); err != nil {
					return x, err
				}
				c.Field(k)
				continue next
			}
		}
		if err := c.Unknown(r, "T"); err != nil {
			return x, err
		}
	}
	for _, k := range mandatory {
		if !c.Seen(k) {
			if err := c.Missing(r, "T", comps[k]); err != nil {
				return x, err
			}
		}
	}
	return x, nil
}

func TestChildren(t *testing.T) {
	comps := []string{"a", "b", "c"}
	tests := []struct {
		name string
		doc  string
		want Extra
	}{
		{"in order: nothing recorded", `<r><a/><b/><c/></r>`, Extra{}},
		{"optional left out: nothing recorded", `<r><a/><c/></r>`, Extra{}},
		{"out of order", `<r><a/><c/><b/></r>`, Extra{Order: []int16{0, 2, 1}}},
		{"unknown kept in place", `<r><a/><x y="1">t</x><b/></r>`, Extra{Order: []int16{0, -1, 1}, Unknown: [][]byte{[]byte(`<x y="1">t</x>`)}}},
		{"unknown with an ancestor's prefix", `<r xmlns:p="urn:p"><p:x/><a/></r>`, Extra{Order: []int16{-1, 0}, Unknown: [][]byte{[]byte(`<p:x xmlns:p="urn:p"/>`)}}},
		{"invalid content kept from its start tag", `<r><a/><bad><deep>1</deep><more/></bad></r>`, Extra{Order: []int16{0, -1}, Unknown: [][]byte{[]byte(`<bad><deep>1</deep><more/></bad>`)}}},
		{"mandatory missing", `<r><b/></r>`, Extra{Order: []int16{1}}},
		{"mandatory missing, nothing else", `<r></r>`, Extra{Order: []int16{OrderNothing}}},
	}
	r := NewReader(nil)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x, err := readChildren(t, r, tc.doc, comps, []int{0})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, x, cmp.Comparer(func(a, b []byte) bool { return string(a) == string(b) })); diff != "" {
				t.Errorf("Extra (-want +got):\n%s", diff)
			}
		})
	}
}

func TestChildrenStrict(t *testing.T) {
	r := NewReader(nil)
	r.Strict = true
	for _, tc := range []struct {
		doc  string
		want error
	}{
		{`<r><a/><x/></r>`, ErrUnknownElement},
		{`<r><a/><bad><deep/></bad></r>`, ErrInvalidValue},
		{`<r><b/></r>`, ErrMissing},
	} {
		_, err := readChildren(t, r, tc.doc, []string{"a", "b"}, []int{0})
		var ve *ValueError
		if !errors.Is(err, tc.want) || !errors.As(err, &ve) || ve.Offset <= 0 {
			t.Errorf("%s: got %v, want %v with an offset", tc.doc, err, tc.want)
		}
	}
}

// TestDetach checks that the reused error of a lenient Reader, once
// detached, keeps its text when the Reader goes on.
func TestDetach(t *testing.T) {
	r := NewReader(nil)
	r.Reset([]byte(`<r><a>oops</a></r>`))
	r.Dec.ReadStart()
	r.Dec.ReadStart()
	text, _ := r.Text()
	err := r.Detach(Invalid(r, "T", "a", text))
	want := err.Error()
	r.Reset([]byte(`<s><b>other</b></s>`))
	r.Dec.ReadStart()
	r.Dec.ReadStart()
	t2, _ := r.Text()
	_ = Invalid(r, "U", "b", t2)
	if got := err.Error(); got != want || want != `xml: invalid value in T.a: "oops" at offset 10` {
		t.Errorf("detached error %q, was %q", got, want)
	}
	if !errors.Is(err, ErrInvalidValue) {
		t.Error("detached error lost its sentinel")
	}
}

func TestExtraLists(t *testing.T) {
	x := Extra{Order: []int16{2, -1, 0}}
	for k, want := range map[int]bool{0: true, 1: false, 2: true, -1: true, -2: false} {
		if x.Lists(k) != want {
			t.Errorf("Lists(%d) = %v", k, !want)
		}
	}
	x.Reset()
	if !x.IsZero() {
		t.Error("not zero after Reset")
	}
}

// TestContentErrorKeptText: ErrTextContent becomes a *ValueError quoting
// the text, which Children.Keep turns into a kept element when lenient;
// KeptText then returns the text by the element's name. Other errors pass
// through ContentError unchanged.
func TestContentErrorKeptText(t *testing.T) {
	doc := []byte(`<r><dev>20&amp;0</dev><other><x/></other></r>`)
	r := NewReader(nil)
	r.Reset(doc)
	var x Extra
	var c Children
	c.Begin(&x)
	if _, ok, err := r.Dec.ReadStart(); !ok || err != nil {
		t.Fatal(ok, err)
	}
	for {
		name, ok, err := r.Dec.ReadStart()
		if err != nil || !ok {
			break
		}
		m := r.Mark()
		if string(name.Local) == "dev" {
			_, _, err := r.Dec.ReadStartOrText()
			verr := r.ContentError(err, "DeviceChoice")
			var ve *ValueError
			if !errors.Is(verr, ErrTextContent) || !errors.As(verr, &ve) || ve.Type != "DeviceChoice" {
				t.Fatalf("ContentError = %v, want a *ValueError wrapping ErrTextContent", verr)
			}
			if err := c.Keep(r, m, verr); err != nil {
				t.Fatalf("Keep: %v", err)
			}
			continue
		}
		if _, err := r.Raw(); err != nil {
			t.Fatal(err)
		}
	}
	if text, ok := x.KeptText("dev"); !ok || text != "20&0" {
		t.Errorf("KeptText(dev) = %q, %v; want \"20&0\", true", text, ok)
	}
	if _, ok := x.KeptText("other"); ok {
		t.Error("KeptText(other): found an element that was not kept")
	}
	if err := r.ContentError(io.ErrUnexpectedEOF, "T"); err != io.ErrUnexpectedEOF {
		t.Errorf("ContentError changed another error: %v", err)
	}
}

// TestMissingOf: the components of the table that were not read are missing,
// in order, as Missing has them; with Strict the first is the error.
func TestMissingOf(t *testing.T) {
	req := []Required{{K: 0, Name: "a"}, {K: 2, Name: "c"}}
	r := NewReader(nil)
	for _, tc := range []struct {
		doc     string
		missing bool
	}{
		{`<r><a/><b/><c/></r>`, false},
		{`<r><a/><b/></r>`, true},
		{`<r><b/></r>`, true},
	} {
		for _, strict := range []bool{false, true} {
			r.Strict = strict
			r.Reset([]byte(tc.doc))
			if _, _, err := r.Dec.ReadStart(); err != nil {
				t.Fatal(err)
			}
			var x Extra
			var c Children
			c.Begin(&x)
			for {
				name, ok, err := r.Dec.ReadStart()
				if err != nil {
					t.Fatal(err)
				}
				if !ok {
					break
				}
				c.Field(int(name.Local[0] - 'a'))
				if err := r.Dec.SkipElement(); err != nil {
					t.Fatal(err)
				}
			}
			err := c.MissingOf(r, "T", req)
			switch {
			case strict && tc.missing:
				if !errors.Is(err, ErrMissing) {
					t.Errorf("%s, Strict: %v, want ErrMissing", tc.doc, err)
				}
			case err != nil:
				t.Errorf("%s: %v", tc.doc, err)
			case !strict && tc.missing != (len(x.Order) > 0):
				t.Errorf("%s: Order %v, missing %v", tc.doc, x.Order, tc.missing)
			}
		}
	}
	r.Strict = false
}

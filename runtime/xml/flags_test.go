package xml

import (
	"errors"
	"testing"
)

// statusFlags and statusNames are a SystemStatus-like ENUMERATED from 0:
// the schema spells messagesLost messageLost.
var (
	statusFlags = []string{"initializing", "enabled", "", "messageLost"}
	statusNames = []string{"initializing", "enabled", "", "messagesLost"}
)

func TestAppendFlag(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
		err  error
	}{
		{0, `<f><initializing>true</initializing></f>`, nil},
		{3, `<f><messageLost>true</messageLost></f>`, nil},
		{2, ``, ErrNotEnumerated},
		{4, ``, ErrNotEnumerated},
		{-1, ``, ErrNotEnumerated},
	} {
		got, err := AppendFlag(nil, "f", "Status", statusFlags, 0, tc.n)
		if string(got) != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("%d: got %q, %v; want %q, %v", tc.n, got, err, tc.want, tc.err)
		}
	}
}

func TestDecodeFlag(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		want      int64
		err       error
	}{
		{"one flag", `<f><enabled>true</enabled></f>`, 1, nil},
		{"the schema's spelling", `<f><messageLost>1</messageLost></f>`, 3, nil},
		{"the ASN.1 spelling", `<f><messagesLost>true</messagesLost></f>`, 3, nil},
		{"false ones skipped", "<f>\n <initializing>false</initializing><!-- c --> <messageLost> true </messageLost><enabled>0</enabled></f>", 3, nil},
		{"text, the ASN.1 form", `<f> messagesLost </f>`, 3, nil},
		{"text, the schema's spelling", `<f>messageLost</f>`, 3, nil},
		{"text, a number", `<f>7</f>`, 7, nil},
		{"no flag true", `<f><enabled>false</enabled></f>`, -9, ErrNotOneFlag},
		{"empty", `<f/>`, -9, ErrInvalidValue},
		{"two flags true", `<f><enabled>true</enabled><initializing>true</initializing></f>`, -9, ErrNotOneFlag},
		{"an unknown flag", `<f><enabled>true</enabled><overloaded>true</overloaded></f>`, -9, ErrNotOneFlag},
		{"a gap is no flag", `<f><x>true</x></f>`, -9, ErrNotOneFlag},
		{"no boolean", `<f><enabled>yes</enabled></f>`, -9, ErrInvalidValue},
		{"no identifier", `<f>lost</f>`, -9, ErrInvalidValue},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := NewReader(nil)
			r.Reset([]byte(tc.doc))
			if _, _, err := r.Dec.ReadStart(); err != nil {
				t.Fatal(err)
			}
			v := int64(-9)
			err := DecodeFlag(r, &v, "Status", statusFlags, statusNames, 0)
			if !errors.Is(err, tc.err) || v != tc.want {
				t.Fatalf("got %d, %v; want %d, %v", v, err, tc.want, tc.err)
			}
			if err != nil {
				return
			}
			if _, ok, err := r.Dec.ReadStart(); ok || err != nil || r.Dec.Depth() != 0 {
				t.Errorf("not at the end of the element: depth %d, %v", r.Dec.Depth(), err)
			}
		})
	}
}

func TestReadBoolInt(t *testing.T) {
	for _, tc := range []struct {
		doc  string
		want int64
		err  error
	}{
		{`<c>true</c>`, 1, nil},
		{`<c>false</c>`, 0, nil},
		{`<c> 1 </c>`, 1, nil},
		{`<c>0</c>`, 0, nil},
		{`<c>5</c>`, 5, nil},
		{`<c>yes</c>`, 0, ErrInvalidValue},
	} {
		r := NewReader(nil)
		r.Reset([]byte(tc.doc))
		if _, _, err := r.Dec.ReadStart(); err != nil {
			t.Fatal(err)
		}
		got, err := r.ReadBoolInt("T", "c")
		if got != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("%s: got %d, %v; want %d, %v", tc.doc, got, err, tc.want, tc.err)
		}
	}
}

func TestNoForm(t *testing.T) {
	err := NoForm("MessageInfo", "contentsLength", Ed6, "negative")
	if !errors.Is(err, ErrNotInEdition) || !errors.Is(err, ErrUnencodable) {
		t.Fatalf("%v does not wrap ErrNotInEdition and ErrUnencodable", err)
	}
	if got, want := err.Error(), "xml: no form in the ECMA-323 edition written in MessageInfo.contentsLength: ed6: negative"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

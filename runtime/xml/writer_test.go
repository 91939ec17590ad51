package xml

import (
	"math"
	"testing"
	"unicode/utf8"
)

func TestWriter(t *testing.T) {
	tests := []struct {
		name string
		got  []byte
		want string
	}{
		{"declaration", AppendDeclaration(nil), `<?xml version="1.0" encoding="UTF-8"?>`},
		{"start", AppendStart([]byte("x"), "MakeCall"), `x<MakeCall>`},
		{"end", AppendEnd(nil, "MakeCall"), `</MakeCall>`},
		{"empty", AppendEmpty(nil, "notKnown"), `<notKnown/>`},
		{"start with attributes", AppendStartClose(AppendAttr(AppendAttr(AppendStartOpen(nil, "deviceID"), "typeOfNumber", "other"), "x", `a"<&>'`)),
			`<deviceID typeOfNumber="other" x="a&quot;&lt;&amp;&gt;'">`},
		{"empty with attributes", AppendEmptyClose(AppendAttrBytes(AppendStartOpen(nil, "a"), "xmlns", []byte("urn:x"))), `<a xmlns="urn:x"/>`},
		{"attribute white space", AppendAttrValue(nil, []byte("a\tb\nc\rd e")), `a&#9;b&#10;c&#13;d e`},
		{"text", AppendText(nil, []byte(`N<302>;a&b "q" 'p' ]]>`)), `N&lt;302&gt;;a&amp;b "q" 'p' ]]&gt;`},
		{"text string", AppendTextString(nil, "x\r\ny\tz\n"), "x&#13;\ny\tz\n"},
		{"control characters", AppendTextString(nil, "a\x00b\x1fc"), "a\uFFFDb\uFFFDc"},
		{"UTF-8 passes", AppendTextString(nil, "caf\u00e9 \u20ac"), "caf\u00e9 \u20ac"},
		{"element", AppendElement(nil, "cause", []byte("newCall")), `<cause>newCall</cause>`},
		{"element empty", AppendElement(nil, "string", nil), `<string/>`},
		{"element string", AppendElementString(nil, "deviceIdentifier", "N<1>"), `<deviceIdentifier>N&lt;1&gt;</deviceIdentifier>`},
		{"element string empty", AppendElementString(nil, "s", ""), `<s/>`},
	}
	for _, tt := range tests {
		if string(tt.got) != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

// TestWriterRoundTrip checks that what the writer escapes, the decoder reads
// back unchanged, for text and attribute values.
func TestWriterRoundTrip(t *testing.T) {
	values := []string{"", "plain", `<>&"'`, "a\tb\nc\rd\r\ne", " lead and trail ", "]]>", "caf\u00e9\u20ac\U0001F600", "&amp;"}
	for _, v := range values {
		doc := AppendStartOpen(nil, "a")
		doc = AppendAttr(doc, "v", v)
		doc = AppendStartClose(doc)
		doc = AppendTextString(doc, v)
		doc = AppendEnd(doc, "a")
		d := NewDecoder(doc, nil)
		if _, _, err := d.ReadStart(); err != nil {
			t.Fatalf("%q: %v", doc, err)
		}
		var s1, s2 []byte
		av, err := d.AttrValue(0, &s1)
		if err != nil || string(av) != v {
			t.Errorf("attribute %q: read back %q, %v (doc %q)", v, av, err, doc)
		}
		txt, err := d.ReadText(&s2)
		if err != nil || string(txt) != v {
			t.Errorf("text %q: read back %q, %v (doc %q)", v, txt, err, doc)
		}
	}
}

func FuzzWriterRoundTrip(f *testing.F) {
	f.Add("x<&>\r\n\t\"'")
	f.Fuzz(func(t *testing.T, v string) {
		if !utf8.ValidString(v) {
			return
		}
		for _, r := range v {
			if !isChar(r) {
				return
			}
		}
		doc := AppendStartClose(AppendAttr(AppendStartOpen(nil, "a"), "v", v))
		doc = AppendEnd(AppendTextString(doc, v), "a")
		d := NewDecoder(doc, nil)
		if _, _, err := d.ReadStart(); err != nil {
			t.Fatalf("%q: %v", doc, err)
		}
		var s1, s2 []byte
		if av, err := d.AttrValue(0, &s1); err != nil || string(av) != v {
			t.Fatalf("attribute: %q, %v", av, err)
		}
		if txt, err := d.ReadText(&s2); err != nil || string(txt) != v {
			t.Fatalf("text: %q, %v", txt, err)
		}
	})
}

func TestAppendName(t *testing.T) {
	names := []string{"zero", "", "two"}
	for _, tc := range []struct {
		n    int64
		want string
	}{
		{0, "zero"}, {2, "two"}, {1, "1"}, {3, "3"}, {-1, "-1"}, {math.MinInt64, "-9223372036854775808"},
	} {
		if got := string(AppendName([]byte("x="), names, 0, tc.n)); got != "x="+tc.want {
			t.Errorf("AppendName(%d) = %q, want %q", tc.n, got, "x="+tc.want)
		}
	}
}

package xml

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReadText(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    string
		aliases bool // result shares memory with the input
		err     error
	}{
		{"plain", `<a>hello</a>`, "hello", true, nil},
		{"empty", `<a></a>`, "", true, nil},
		{"self-closing", `<a/>`, "", true, nil},
		{"white space kept", "<a>\n  x\n</a>", "\n  x\n", true, nil},
		{"entities", `<a>N&lt;3021&gt;;noa=nk</a>`, "N<3021>;noa=nk", false, nil},
		{"char refs", `<a>&#x41;&#66;&#x20AC;</a>`, "AB\u20ac", false, nil},
		{"CRLF", "<a>x\r\ny\rz</a>", "x\ny\nz", false, nil},
		{"CDATA only", `<a><![CDATA[<x>&amp;]]></a>`, "<x>&amp;", true, nil},
		{"CDATA with CR", "<a><![CDATA[x\r\ny]]></a>", "x\ny", false, nil},
		{"text and CDATA", `<a>x<![CDATA[<]]>y</a>`, "x<y", false, nil},
		{"comment splits text", `<a>x<!-- c -->y</a>`, "xy", false, nil},
		{"comment only", `<a><!-- c --></a>`, "", true, nil},
		{"PI dropped", `<a>x<?p d?></a>`, "x", true, nil},
		{"child element", `<a>x<b/></a>`, "", false, ErrUnexpectedElement},
		{"child element first", `<a><b>x</b></a>`, "", false, ErrUnexpectedElement},
		{"unclosed", `<a>x`, "", false, ErrUnexpectedEOF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.in)
			d := NewDecoder(src, nil)
			if _, ok, err := d.ReadStart(); !ok || err != nil {
				t.Fatalf("ReadStart: %v %v", ok, err)
			}
			scratch := make([]byte, 0, 64)
			got, err := d.ReadText(&scratch)
			if !errors.Is(err, tt.err) {
				t.Fatalf("error = %v, want %v", err, tt.err)
			}
			if err != nil {
				return
			}
			if string(got) != tt.want {
				t.Errorf("text = %q, want %q", got, tt.want)
			}
			if got == nil {
				t.Error("nil text")
			}
			if len(got) > 0 {
				inSrc := inside(got, src)
				if inSrc != tt.aliases {
					t.Errorf("shares memory with input = %v, want %v", inSrc, tt.aliases)
				}
			}
			if d.Depth() != 0 {
				t.Errorf("depth after ReadText = %d", d.Depth())
			}
			if _, ok, err := d.ReadStart(); ok || err != nil {
				t.Errorf("after ReadText: ok %v err %v", ok, err)
			}
		})
	}
}

// inside reports whether b points into src.
func inside(b, src []byte) bool {
	for i := range src {
		if &src[i] == &b[0] {
			return true
		}
	}
	return false
}

// event is what a generated decoder sees while walking a document.
type event struct {
	Depth int
	Name  string
	Text  string
	Raw   string
}

// walk decodes doc the way generated code does: ReadStart for structured
// elements (known names), ReadText for leaves, RawElement for <private>,
// SkipElement for <skip>.
func walk(d *Decoder, structured map[string]bool) ([]event, error) {
	var out []event
	var scratch []byte
	var rec func() error
	rec = func() error {
		for {
			name, ok, err := d.ReadStart()
			if err != nil {
				return err
			}
			if !ok {
				return nil
			}
			local := string(name.Local)
			depth := d.Depth()
			switch {
			case local == "private":
				raw, err := d.RawElement()
				if err != nil {
					return err
				}
				out = append(out, event{Depth: depth, Name: local, Raw: string(raw)})
			case local == "skip":
				if err := d.SkipElement(); err != nil {
					return err
				}
				out = append(out, event{Depth: depth, Name: local})
			case structured[local]:
				out = append(out, event{Depth: depth, Name: local})
				if err := rec(); err != nil {
					return err
				}
			default:
				txt, err := d.ReadText(&scratch)
				if err != nil {
					return err
				}
				out = append(out, event{Depth: depth, Name: local, Text: string(txt)})
			}
		}
	}
	err := rec()
	return out, err
}

func TestReadHelpers(t *testing.T) {
	const doc = `<?xml version="1.0"?>
<csta:DeliveredEvent xmlns:csta="http://www.ecma-international.org/standards/ecma-323/csta/ed3">
  <!-- event -->
  <csta:monitorCrossRefID>
    42
  </csta:monitorCrossRefID>
  <csta:alertingDevice><csta:deviceIdentifier>N&lt;1&gt;</csta:deviceIdentifier></csta:alertingDevice>
  <csta:skip><a><b>x</b></a><c/></csta:skip>
  <csta:lastRedirectionDevice><csta:notRequired/></csta:lastRedirectionDevice>
  <csta:extensions><csta:privateData><csta:private><scx:x xmlns:scx="s">1<y/></scx:x></csta:private></csta:privateData></csta:extensions>
</csta:DeliveredEvent>
`
	d := NewDecoder([]byte(doc), nil)
	got, err := walk(d, map[string]bool{"DeliveredEvent": true, "alertingDevice": true, "lastRedirectionDevice": true, "extensions": true, "privateData": true})
	if err != nil {
		t.Fatal(err)
	}
	want := []event{
		{Depth: 1, Name: "DeliveredEvent"},
		{Depth: 2, Name: "monitorCrossRefID", Text: "\n    42\n  "},
		{Depth: 2, Name: "alertingDevice"},
		{Depth: 3, Name: "deviceIdentifier", Text: "N<1>"},
		{Depth: 2, Name: "skip"},
		{Depth: 2, Name: "lastRedirectionDevice"},
		{Depth: 3, Name: "notRequired"},
		{Depth: 2, Name: "extensions"},
		{Depth: 3, Name: "privateData"},
		{Depth: 4, Name: "private", Raw: `<csta:private><scx:x xmlns:scx="s">1<y/></scx:x></csta:private>`},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("walk (-want +got):\n%s", diff)
	}
}

func TestReadStartErrors(t *testing.T) {
	d := NewDecoder([]byte(`<a>text<b/></a>`), nil)
	if _, _, err := d.ReadStart(); err != nil {
		t.Fatal(err)
	}
	_, _, err := d.ReadStart()
	var se *SyntaxError
	if !errors.Is(err, ErrUnexpectedText) || !errors.As(err, &se) || se.Offset != 3 {
		t.Errorf("error = %v", err)
	}

	d.Reset(nil)
	if _, _, err := d.ReadStart(); !errors.Is(err, ErrUnexpectedEOF) {
		t.Errorf("empty document: %v", err)
	}
}

func TestRawElementSelfClosing(t *testing.T) {
	d := NewDecoder([]byte(`<a><p x="1" /></a>`), nil)
	d.ReadStart()
	d.ReadStart()
	raw, err := d.RawElement()
	if err != nil || string(raw) != `<p x="1" />` {
		t.Errorf("RawElement = %q, %v", raw, err)
	}
	if tok := d.Token(); tok.Kind != EndElement || string(tok.Name.Local) != "p" {
		t.Errorf("Token after RawElement = %v", conv(tok))
	}
	if name, ok, err := d.ReadStart(); ok || err != nil || string(name.Local) != "a" {
		t.Errorf("ReadStart = %q %v %v", name.Local, ok, err)
	}
	if raw, err := d.RawElement(); raw != nil || err != nil {
		t.Errorf("RawElement at document level = %q, %v", raw, err)
	}
}

func TestRootNamespace(t *testing.T) {
	d := NewDecoder([]byte(`<MakeCall xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed5"><callingDevice>1</callingDevice></MakeCall>`), nil)
	name, _, err := d.ReadStart()
	if err != nil {
		t.Fatal(err)
	}
	if string(name.Local) != "MakeCall" || string(d.NS()) != "http://www.ecma-international.org/standards/ecma-323/csta/ed5" {
		t.Errorf("root %q in %q", name.Local, d.NS())
	}
	if tok := d.Token(); tok.Kind != StartElement || string(tok.NS) != string(d.NS()) {
		t.Errorf("Token = %v", conv(tok))
	}
}

func TestNSValue(t *testing.T) {
	tests := []struct {
		name, in, want string
		aliases        bool // result shares memory with the input
	}{
		{"plain", `<a xmlns="urn:x"/>`, "urn:x", true},
		{"none", `<a/>`, "", true},
		{"entities", `<a xmlns="urn:a&amp;b&gt;c&#x41;"/>`, "urn:a&b>cA", false},
		{"white space", "<a xmlns='urn:a\tb\r\nc'/>", "urn:a b c", false},
		{"prefixed element", `<p:a xmlns:p="urn:&lt;p&gt;"/>`, "urn:<p>", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := []byte(tt.in)
			d := NewDecoder(in, nil)
			if _, _, err := d.ReadStart(); err != nil {
				t.Fatal(err)
			}
			var scratch []byte
			got := d.NSValue(&scratch)
			if string(got) != tt.want {
				t.Fatalf("NSValue = %q, want %q", got, tt.want)
			}
			if len(got) > 0 && inside(got, in) != tt.aliases {
				t.Errorf("shares memory with the input: %v, want %v", inside(got, in), tt.aliases)
			}
			// Written back as an attribute and read again, the name is the same.
			again := NewDecoder(append(AppendAttr([]byte("<a"), "xmlns", string(got)), "/>"...), nil)
			if _, _, err := again.ReadStart(); err != nil {
				t.Fatal(err)
			}
			if back := again.NSValue(&scratch); string(back) != tt.want {
				t.Errorf("written back and read again: %q, want %q", back, tt.want)
			}
		})
	}
}

func TestUnescape(t *testing.T) {
	tests := []struct {
		in, text, attr string
		bad            bool
	}{
		{"plain", "plain", "plain", false},
		{"&lt;&gt;&amp;&apos;&quot;", `<>&'"`, `<>&'"`, false},
		{"a\tb\nc\r\nd\re", "a\tb\nc\nd\ne", "a b c d e", false},
		{"&#9;&#10;&#13;", "\t\n\r", "\t\n\r", false},
		{"&#x10FFFF;", "\U0010FFFF", "\U0010FFFF", false},
		{"&#x110000;", "", "", true},
		{"&#xFFFE;", "", "", true},
		{"&nbsp;", "", "", true},
		{"&", "", "", true},
		{"&#", "", "", true},
		{"&#12", "", "", true},
	}
	for _, tt := range tests {
		got, err := Unescape(nil, []byte(tt.in))
		if (err != nil) != tt.bad || !tt.bad && string(got) != tt.text {
			t.Errorf("Unescape(%q) = %q, %v", tt.in, got, err)
		}
		if err != nil && !errors.Is(err, ErrBadEntity) {
			t.Errorf("Unescape(%q) error %v", tt.in, err)
		}
		got, err = UnescapeAttr(nil, []byte(tt.in))
		if (err != nil) != tt.bad || !tt.bad && string(got) != tt.attr {
			t.Errorf("UnescapeAttr(%q) = %q, %v", tt.in, got, err)
		}
	}
}

func TestTrimSpace(t *testing.T) {
	for in, want := range map[string]string{"": "", " \t\r\n": "", "\n x y \n": "x y", "a": "a", "\u00a0a": "\u00a0a"} {
		if got := string(TrimSpace([]byte(in))); got != want {
			t.Errorf("TrimSpace(%q) = %q", in, got)
		}
	}
}

func TestLatin1ToUTF8(t *testing.T) {
	got := Latin1ToUTF8([]byte("x"), []byte("caf\xe9 \xff\x7f"))
	if want := "xcaf\u00e9 \u00ff\x7f"; string(got) != want {
		t.Errorf("Latin1ToUTF8 = %q, want %q", got, want)
	}
}

// TestReadStartOrText: text among an element's children is
// ErrTextContent, which leaves the decoder usable (the element can still
// be skipped), where ReadStart's ErrUnexpectedText stops it; elements and
// white space read as with ReadStart.
func TestReadStartOrText(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		wantText  string // the text reported, "" for none
		wantChild string // the child read otherwise
	}{
		{"text", `<r><c>200</c><n/></r>`, "200", ""},
		{"text after white space", "<r><c>\n  200\n</c><n/></r>", "\n  200\n", ""},
		{"reference", `<r><c>a&amp;b</c><n/></r>`, "a&amp;b", ""},
		{"element", `<r><c> <d>1</d></c><n/></r>`, "", "d"},
		{"empty", `<r><c></c><n/></r>`, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := NewDecoder([]byte(tc.doc), nil)
			for range 2 {
				if _, ok, err := d.ReadStart(); !ok || err != nil {
					t.Fatal(ok, err)
				}
			}
			name, ok, err := d.ReadStartOrText()
			switch {
			case tc.wantText != "":
				if err != ErrTextContent {
					t.Fatalf("ReadStartOrText: %v, want ErrTextContent", err)
				}
				if got := string(d.Token().Data); got != tc.wantText {
					t.Errorf("text %q, want %q", got, tc.wantText)
				}
				if err := d.SkipElement(); err != nil {
					t.Fatalf("SkipElement after the text: %v", err)
				}
			case tc.wantChild != "":
				if err != nil || !ok || string(name.Local) != tc.wantChild {
					t.Fatalf("ReadStartOrText = %s, %v, %v; want <%s>", name.Local, ok, err, tc.wantChild)
				}
				if err := d.SkipElement(); err != nil {
					t.Fatal(err)
				}
				if _, ok, err := d.ReadStart(); ok || err != nil {
					t.Fatalf("end of <c>: %v, %v", ok, err)
				}
			default:
				if err != nil || ok {
					t.Fatalf("ReadStartOrText = %v, %v; want the end tag", ok, err)
				}
			}
			// The decoder goes on: the next sibling.
			if name, ok, err := d.ReadStart(); !ok || err != nil || string(name.Local) != "n" {
				t.Fatalf("the element after: %s, %v, %v", name.Local, ok, err)
			}
		})
	}
}

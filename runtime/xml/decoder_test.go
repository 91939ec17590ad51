package xml

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tk is a Token in comparable form.
type tk struct {
	Kind   TokenKind
	Prefix string
	Local  string
	NS     string
	Data   string
	Self   bool
	Esc    bool
	Off    int
}

func conv(t Token) tk {
	return tk{Kind: t.Kind, Prefix: string(t.Name.Prefix), Local: string(t.Name.Local), NS: string(t.NS),
		Data: string(t.Data), Self: t.SelfClosing, Esc: t.Escaped, Off: t.Offset}
}

// allTokens returns every token of doc, comments, PIs and DOCTYPE included.
func allTokens(doc string) ([]tk, error) {
	d := NewDecoder([]byte(doc), nil)
	d.SetFlags(ReportComments | ReportProcInsts | ReportDoctype)
	var out []tk
	for {
		t, err := d.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, conv(t))
	}
}

func start(local string, off int) tk { return tk{Kind: StartElement, Local: local, Off: off} }
func end(local string, off int) tk   { return tk{Kind: EndElement, Local: local, Off: off} }
func text(data string, off int) tk   { return tk{Kind: CharData, Data: data, Off: off} }

func TestTokens(t *testing.T) {
	const ed3 = "http://www.ecma-international.org/standards/ecma-323/csta/ed3"
	tests := []struct {
		name string
		in   string
		want []tk
	}{
		{"element", `<a>x</a>`, []tk{start("a", 0), text("x", 3), end("a", 4)}},
		{"empty element tag", `<a/>`, []tk{{Kind: StartElement, Local: "a", Self: true}, end("a", 2)}},
		{"empty element tag with space", `<a />`, []tk{{Kind: StartElement, Local: "a", Self: true}, end("a", 3)}},
		{"empty element", `<a></a>`, []tk{start("a", 0), end("a", 3)}},
		{"end tag with space", "<a></a \n>", []tk{start("a", 0), end("a", 3)}},
		{"nested", `<a><b><c/></b><d>t</d></a>`, []tk{
			start("a", 0), start("b", 3), {Kind: StartElement, Local: "c", Self: true, Off: 6}, end("c", 8),
			end("b", 10), start("d", 14), text("t", 17), end("d", 18), end("a", 22)}},
		{"white space between elements", "<a>\n  <b/>\n</a>\n", []tk{
			start("a", 0), text("\n  ", 3), {Kind: StartElement, Local: "b", Self: true, Off: 6}, end("b", 8),
			text("\n", 10), end("a", 11), text("\n", 15)}},
		{"entities", `<a>&lt;x&gt;&amp;&apos;&quot;&#65;&#x42;</a>`, []tk{
			start("a", 0), {Kind: CharData, Data: "&lt;x&gt;&amp;&apos;&quot;&#65;&#x42;", Esc: true, Off: 3}, end("a", 40)}},
		{"CR is escaped", "<a>x\r\ny</a>", []tk{start("a", 0), {Kind: CharData, Data: "x\r\ny", Esc: true, Off: 3}, end("a", 7)}},
		{"CDATA", `<a><![CDATA[<b>&amp;]]]]></a>`, []tk{start("a", 0), {Kind: CDATA, Data: "<b>&amp;]]", Off: 3}, end("a", 25)}},
		{"comment", `<!-- c --><a><!--x-y--></a>`, []tk{
			{Kind: Comment, Data: " c "}, start("a", 10), {Kind: Comment, Data: "x-y", Off: 13}, end("a", 23)}},
		{"processing instruction", `<?pi data here ?><a><?x?></a>`, []tk{
			{Kind: ProcInst, Local: "pi", Data: "data here "}, start("a", 17), {Kind: ProcInst, Local: "x", Off: 20}, end("a", 25)}},
		{"XML declaration", `<?xml version="1.0" encoding="UTF-8"?><a/>`, []tk{
			{Kind: ProcInst, Local: "xml", Data: `version="1.0" encoding="UTF-8"`},
			{Kind: StartElement, Local: "a", Self: true, Off: 38}, end("a", 40)}},
		{"BOM", "\xEF\xBB\xBF<a/>", []tk{{Kind: StartElement, Local: "a", Self: true, Off: 3}, end("a", 5)}},
		{"DOCTYPE without internal subset", `<!DOCTYPE a SYSTEM "a>.dtd"><a/>`, []tk{
			{Kind: Doctype, Data: ` a SYSTEM "a>.dtd"`}, {Kind: StartElement, Local: "a", Self: true, Off: 28}, end("a", 30)}},
		{"default namespace", `<a xmlns="` + ed3 + `"><b/></a>`, []tk{
			{Kind: StartElement, Local: "a", NS: ed3}, {Kind: StartElement, Local: "b", NS: ed3, Self: true, Off: 73},
			{Kind: EndElement, Local: "b", NS: ed3, Off: 75}, {Kind: EndElement, Local: "a", NS: ed3, Off: 77}}},
		{"prefixed namespace", `<csta:a xmlns:csta="u"><csta:b/><c/></csta:a>`, []tk{
			{Kind: StartElement, Prefix: "csta", Local: "a", NS: "u"},
			{Kind: StartElement, Prefix: "csta", Local: "b", NS: "u", Self: true, Off: 23},
			{Kind: EndElement, Prefix: "csta", Local: "b", NS: "u", Off: 30},
			{Kind: StartElement, Local: "c", Self: true, Off: 32}, end("c", 34),
			{Kind: EndElement, Prefix: "csta", Local: "a", NS: "u", Off: 36}}},
		{"default namespace undeclared", `<a xmlns="u"><b xmlns=""/><c/></a>`, []tk{
			{Kind: StartElement, Local: "a", NS: "u"}, {Kind: StartElement, Local: "b", Self: true, Off: 13}, end("b", 24),
			{Kind: StartElement, Local: "c", NS: "u", Self: true, Off: 26}, {Kind: EndElement, Local: "c", NS: "u", Off: 28},
			{Kind: EndElement, Local: "a", NS: "u", Off: 30}}},
		{"scope ends with element", `<a><b xmlns:p="u"><p:c/></b><p:c/></a>`, []tk{
			start("a", 0), start("b", 3), {Kind: StartElement, Prefix: "p", Local: "c", NS: "u", Self: true, Off: 18},
			{Kind: EndElement, Prefix: "p", Local: "c", NS: "u", Off: 22}, end("b", 24),
			{Kind: StartElement, Prefix: "p", Local: "c", Self: true, Off: 28}, {Kind: EndElement, Prefix: "p", Local: "c", Off: 32},
			end("a", 34)}},
		{"prefix redeclared", `<p:a xmlns:p="u"><p:b xmlns:p="v"/></p:a>`, []tk{
			{Kind: StartElement, Prefix: "p", Local: "a", NS: "u"},
			{Kind: StartElement, Prefix: "p", Local: "b", NS: "v", Self: true, Off: 17},
			{Kind: EndElement, Prefix: "p", Local: "b", NS: "v", Off: 33},
			{Kind: EndElement, Prefix: "p", Local: "a", NS: "u", Off: 35}}},
		{"unbound prefix tolerated", `<ns1:a/>`, []tk{{Kind: StartElement, Prefix: "ns1", Local: "a", Self: true}, {Kind: EndElement, Prefix: "ns1", Local: "a", Off: 6}}},
		// Avaya's StartApplicationSession (corpus 048): ns1 is never declared
		// and the default namespace of the element does not apply to it.
		{"unbound prefix under a default namespace", `<a xmlns="u"><ns1:b xmlns="v"><ns1:c>x</ns1:c><d/></ns1:b></a>`, []tk{
			{Kind: StartElement, Local: "a", NS: "u"},
			{Kind: StartElement, Prefix: "ns1", Local: "b", Off: 13},
			{Kind: StartElement, Prefix: "ns1", Local: "c", Off: 30}, text("x", 37), {Kind: EndElement, Prefix: "ns1", Local: "c", Off: 38},
			{Kind: StartElement, Local: "d", NS: "v", Self: true, Off: 46}, {Kind: EndElement, Local: "d", NS: "v", Off: 48},
			{Kind: EndElement, Prefix: "ns1", Local: "b", Off: 50},
			{Kind: EndElement, Local: "a", NS: "u", Off: 58}}},
		// Avaya DMCC clients (corpus 034, 036): no white space after a
		// closing quote.
		{"no white space between attributes", `<a xmlns:xsi="x"xmlns:xsd="y" b="1"c='2'd="3"/>`, []tk{
			{Kind: StartElement, Local: "a", Self: true}, end("a", 45)}},
		{"xml prefix predefined", `<xml:a/>`, []tk{
			{Kind: StartElement, Prefix: "xml", Local: "a", NS: string(xmlNS), Self: true},
			{Kind: EndElement, Prefix: "xml", Local: "a", NS: string(xmlNS), Off: 6}}},
		{"attributes both quotes", `<a b="1" c='2' d = "'" e='"'/>`, []tk{{Kind: StartElement, Local: "a", Self: true}, end("a", 28)}},
		{"names with punctuation and UTF-8", "<a-b.c_d1 x:y-z=\"1\" xmlns:x=\"u\"><\u00e9t\u00e9/></a-b.c_d1>", []tk{
			start("a-b.c_d1", 0), {Kind: StartElement, Local: "\u00e9t\u00e9", Self: true, Off: 32}, end("\u00e9t\u00e9", 38),
			end("a-b.c_d1", 40)}},
		{"trailing comment and PI", "<a/><!--x--><?p?>\n", []tk{
			{Kind: StartElement, Local: "a", Self: true}, end("a", 2), {Kind: Comment, Data: "x", Off: 4},
			{Kind: ProcInst, Local: "p", Off: 12}, text("\n", 17)}},
		{"Latin-1 bytes", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf\xe9</a>", []tk{
			{Kind: ProcInst, Local: "xml", Data: `version="1.0" encoding="ISO-8859-1"`},
			start("a", 43), text("caf\xe9", 46), end("a", 50)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := allTokens(tt.in)
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("tokens (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNextSkipsByDefault(t *testing.T) {
	d := NewDecoder([]byte(`<?xml version="1.0"?><!DOCTYPE a><!--c--><?p?><a><!--d--></a>`), nil)
	var got []tk
	for {
		tok, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, conv(tok))
	}
	want := []tk{start("a", 46), end("a", 57)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tokens (-want +got):\n%s", diff)
	}
}

type at struct {
	Prefix, Local, NS, Raw, Value string
	Esc                           bool
}

func TestAttributes(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []at
	}{
		{"quotes", `<a b="1" c='x"y' d="it's"/>`, []at{
			{Local: "b", Raw: "1", Value: "1"}, {Local: "c", Raw: `x"y`, Value: `x"y`}, {Local: "d", Raw: "it's", Value: "it's"}}},
		{"empty value", `<a b=""/>`, []at{{Local: "b"}}},
		{"references", `<a b="&lt;&#x41;&amp;&quot;&apos;&#10;"/>`, []at{
			{Local: "b", Raw: "&lt;&#x41;&amp;&quot;&apos;&#10;", Value: "<A&\"'\n", Esc: true}}},
		{"normalization", "<a b=\"x\ty\nz\r\nw\"/>", []at{{Local: "b", Raw: "x\ty\nz\r\nw", Value: "x y z w", Esc: true}}},
		{"namespaces", `<p:a xmlns:p="u" xmlns="v" p:b="1" c="2" xml:lang="en"/>`, []at{
			{Prefix: "xmlns", Local: "p", NS: string(xmlnsNS), Raw: "u", Value: "u"},
			{Local: "xmlns", Raw: "v", Value: "v"},
			{Prefix: "p", Local: "b", NS: "u", Raw: "1", Value: "1"},
			{Local: "c", Raw: "2", Value: "2"},
			{Prefix: "xml", Local: "lang", NS: string(xmlNS), Raw: "en", Value: "en"}}},
		{"CSTA device attributes", `<deviceID typeOfNumber="other" mediaClass="voice" bitRate="constant">1</deviceID>`, []at{
			{Local: "typeOfNumber", Raw: "other", Value: "other"}, {Local: "mediaClass", Raw: "voice", Value: "voice"},
			{Local: "bitRate", Raw: "constant", Value: "constant"}}},
		{"space around equals", "<a b \n= \t'1'/>", []at{{Local: "b", Raw: "1", Value: "1"}}},
		{"no white space between attributes", `<device typeOfNumber="other" mediaClass="voice"bitRate='constant'x="&lt;"/>`, []at{
			{Local: "typeOfNumber", Raw: "other", Value: "other"}, {Local: "mediaClass", Raw: "voice", Value: "voice"},
			{Local: "bitRate", Raw: "constant", Value: "constant"}, {Local: "x", Raw: "&lt;", Value: "<", Esc: true}}},
		{"unbound prefix", `<a xmlns="v" ns1:b="1" xmlns:p="u" p:c="2"/>`, []at{
			{Local: "xmlns", Raw: "v", Value: "v"},
			{Prefix: "ns1", Local: "b", Raw: "1", Value: "1"},
			{Prefix: "xmlns", Local: "p", NS: string(xmlnsNS), Raw: "u", Value: "u"},
			{Prefix: "p", Local: "c", NS: "u", Raw: "2", Value: "2"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDecoder([]byte(tt.in), nil)
			if _, ok, err := d.ReadStart(); err != nil || !ok {
				t.Fatalf("ReadStart: %v %v", ok, err)
			}
			var got []at
			var scratch []byte
			for i := 0; i < d.AttrCount(); i++ {
				a := d.Attr(i)
				v, err := d.AttrValue(i, &scratch)
				if err != nil {
					t.Fatal(err)
				}
				ns := a.NS
				if a.IsNamespaceDecl() && len(a.Name.Prefix) > 0 {
					ns = xmlnsNS
				}
				got = append(got, at{Prefix: string(a.Name.Prefix), Local: string(a.Name.Local), NS: string(ns),
					Raw: string(a.Value), Value: string(v), Esc: a.Escaped})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("attributes (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLookupAttr(t *testing.T) {
	d := NewDecoder([]byte(`<a xmlns:x="u" x:typeOfNumber="1" xmlns="v" mediaClass="voice"/>`), nil)
	if _, _, err := d.ReadStart(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		local string
		want  int
	}{{"typeOfNumber", 1}, {"mediaClass", 3}, {"xmlns", -1}, {"x", -1}, {"bitRate", -1}}
	for _, tt := range tests {
		if got := d.LookupAttr(tt.local); got != tt.want {
			t.Errorf("LookupAttr(%q) = %d, want %d", tt.local, got, tt.want)
		}
	}
	if uri, ok := d.LookupPrefix([]byte("x")); !ok || string(uri) != "u" {
		t.Errorf("LookupPrefix(x) = %q, %v", uri, ok)
	}
	if uri, ok := d.LookupPrefix(nil); !ok || string(uri) != "v" {
		t.Errorf("LookupPrefix(\"\") = %q, %v", uri, ok)
	}
	if _, ok := d.LookupPrefix([]byte("y")); ok {
		t.Error("LookupPrefix(y) bound")
	}
}

func TestErrors(t *testing.T) {
	deep := strings.Repeat("<a>", 100000)
	huge := `<a b="` + strings.Repeat("x", 10<<20) + `"/>`
	hugeText := `<a>` + strings.Repeat("x", 2<<20) + `</a>`
	tests := []struct {
		name string
		in   string
		lim  *Limits
		want error
		off  int
	}{
		{"mismatched tag", `<a><b></a></b>`, nil, ErrMismatchedTag, 6},
		{"mismatched prefix", `<p:a xmlns:p="u"></q:a>`, nil, ErrMismatchedTag, 17},
		{"end tag longer name", `<a></ab>`, nil, ErrMismatchedTag, 3},
		{"end tag without start", `</a>`, nil, ErrMismatchedTag, 0},
		{"unclosed element", `<a><b></b>`, nil, ErrUnexpectedEOF, 10},
		{"EOF in start tag", `<a b="1"`, nil, ErrUnexpectedEOF, 8},
		{"EOF in attribute value", `<a b="1`, nil, ErrUnexpectedEOF, 7},
		{"EOF after <", `<a><`, nil, ErrUnexpectedEOF, 3},
		{"EOF in end tag", `<a></a`, nil, ErrUnexpectedEOF, 6},
		{"EOF in comment", `<a><!-- x`, nil, ErrUnexpectedEOF, 9},
		{"EOF in CDATA", `<a><![CDATA[x`, nil, ErrUnexpectedEOF, 13},
		{"EOF in markup", `<a><![CDA`, nil, ErrUnexpectedEOF, 9},
		{"empty document", ``, nil, ErrUnexpectedEOF, 0},
		{"no root element", "<!-- only -->\n", nil, ErrUnexpectedEOF, 14},
		{"less-than in attribute", `<a b="<"/>`, nil, ErrSyntax, 6},
		{"unquoted attribute", `<a b=1/>`, nil, ErrSyntax, 5},
		{"attribute without value", `<a b/>`, nil, ErrSyntax, 4},
		{"no space after element name", `<a"b"/>`, nil, ErrSyntax, 2},
		{"attribute glued to a value without =", `<a b="1"c/>`, nil, ErrSyntax, 9},
		{"quote after attribute value", `<a b="1""c"/>`, nil, ErrSyntax, 8},
		{"duplicate attribute without space", `<a b="1"b="2"/>`, nil, ErrDuplicateAttr, 8},
		{"mismatched unbound prefix", `<ns1:a></ns2:a>`, nil, ErrMismatchedTag, 7},
		{"duplicate attribute", `<a b="1" b="2"/>`, nil, ErrDuplicateAttr, 9},
		{"bad entity", `<a>&foo;</a>`, nil, ErrBadEntity, 3},
		{"unterminated entity", `<a>&amp</a>`, nil, ErrBadEntity, 3},
		{"bare ampersand", `<a>AT&T</a>`, nil, ErrBadEntity, 5},
		{"bad char ref", `<a>&#0;</a>`, nil, ErrBadEntity, 3},
		{"surrogate char ref", `<a>&#xD800;</a>`, nil, ErrBadEntity, 3},
		{"huge char ref", `<a>&#99999999999;</a>`, nil, ErrBadEntity, 3},
		{"empty char ref", `<a>&#x;</a>`, nil, ErrBadEntity, 3},
		{"bad entity in attribute", `<a b="&x;"/>`, nil, ErrBadEntity, 6},
		{"control character", "<a>\x01</a>", nil, ErrSyntax, 3},
		{"CDATA end in text", `<a>]]></a>`, nil, ErrSyntax, 3},
		{"double hyphen in comment", `<a><!-- a -- b --></a>`, nil, ErrSyntax, 10},
		{"text before root", `x<a/>`, nil, ErrSyntax, 0},
		{"text after root", `<a/>x`, nil, ErrSyntax, 4},
		{"second root", `<a/><b/>`, nil, ErrSyntax, 4},
		{"CDATA outside root", `<![CDATA[x]]><a/>`, nil, ErrSyntax, 0},
		{"invalid name", `<1a/>`, nil, ErrSyntax, 1},
		{"invalid qname", `<a:b:c/>`, nil, ErrSyntax, 1},
		{"empty local name", `<a:/>`, nil, ErrSyntax, 1},
		{"empty prefix", `<:a/>`, nil, ErrSyntax, 1},
		{"empty prefix binding", `<a xmlns:p=""/>`, nil, ErrSyntax, 3},
		{"xmlns prefix declared", `<a xmlns:xmlns="u"/>`, nil, ErrSyntax, 3},
		{"misplaced XML declaration", `<a/><?xml version="1.0"?>`, nil, ErrSyntax, 4},
		{"XML declaration without version", `<?xml encoding="UTF-8"?><a/>`, nil, ErrSyntax, 6},
		{"bad XML version", `<?xml version="2.0"?><a/>`, nil, ErrSyntax, 15},
		{"bad standalone", `<?xml version="1.0" standalone="maybe"?><a/>`, nil, ErrSyntax, 32},
		{"invalid markup", `<a><!foo></a>`, nil, ErrSyntax, 3},
		{"slash in start tag", `<a / >`, nil, ErrSyntax, 3},
		{"DOCTYPE after root", `<a/><!DOCTYPE a>`, nil, ErrSyntax, 4},
		{"billion laughs", `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>`, nil, ErrForbidden, 36},
		{"external entity", `<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>`, nil, ErrForbidden, 12},
		{"undeclared entity without DTD", `<a>&lol9;</a>`, nil, ErrBadEntity, 3},
		{"UTF-16 BOM", "\xFF\xFE<\x00a\x00/\x00>\x00", nil, ErrUnsupportedEncoding, 0},
		{"UTF-16 without BOM", "<\x00a\x00/\x00>\x00", nil, ErrUnsupportedEncoding, 0},
		{"UTF-16 declared", `<?xml version="1.0" encoding="UTF-16"?><a/>`, nil, ErrUnsupportedEncoding, 30},
		{"deep nesting", deep, nil, ErrTooDeep, 3 * 256},
		{"deep nesting custom limit", `<a><a><a></a></a></a>`, &Limits{MaxDepth: 2}, ErrTooDeep, 6},
		{"huge attribute", huge, nil, ErrTooLarge, 6},
		{"huge text", hugeText, nil, ErrTooLarge, 3},
		{"long name", `<` + strings.Repeat("n", 300) + `/>`, nil, ErrTooLarge, 1},
		{"too many attributes", `<a b="" c="" d=""/>`, &Limits{MaxAttrs: 2}, ErrTooLarge, 13},
		{"too many namespaces", `<a xmlns:a="1"><b xmlns:b="2"/></a>`, &Limits{MaxNamespaces: 1}, ErrTooLarge, 18},
		{"long comment", `<a><!--` + strings.Repeat("x", 100) + `--></a>`, &Limits{MaxTokenLen: 50}, ErrTooLarge, 3},
		{"document too large", `<a>` + strings.Repeat(" ", 100) + `</a>`, &Limits{MaxDocument: 64}, ErrTooLarge, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDecoder([]byte(tt.in), tt.lim)
			var err error
			for err == nil {
				_, err = d.Next()
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("error = %v, want %v", err, tt.want)
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %T is not a *SyntaxError", err)
			}
			if se.Offset != tt.off {
				t.Errorf("offset = %d, want %d (%v)", se.Offset, tt.off, err)
			}
			// Sticky.
			if _, err2 := d.Next(); err2 != err {
				t.Errorf("second Next = %v, want the same error", err2)
			}
		})
	}
}

func TestDeepNestingIsQuick(t *testing.T) {
	in := []byte(strings.Repeat("<a>", 100000))
	d := NewDecoder(in, nil)
	n := 0
	var err error
	for err == nil {
		_, err = d.Next()
		n++
	}
	if !errors.Is(err, ErrTooDeep) {
		t.Fatalf("error = %v", err)
	}
	if n > DefaultLimits.MaxDepth+1 {
		t.Errorf("read %d tokens before failing", n)
	}
}

func TestErrorPosition(t *testing.T) {
	d := NewDecoder([]byte("<a>\n  <b>\n  </c>\n</a>"), nil)
	var err error
	for err == nil {
		_, err = d.Next()
	}
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatal(err)
	}
	got := [3]int{se.Offset, se.Line, se.Col}
	if want := [3]int{12, 3, 3}; got != want {
		t.Errorf("offset, line, col = %v, want %v", got, want)
	}
	const msg = "xml: line 3, column 3 (offset 12): element <b> closed by </c>"
	if err.Error() != msg {
		t.Errorf("message %q, want %q", err.Error(), msg)
	}
}

func TestEOF(t *testing.T) {
	d := NewDecoder([]byte("<a/>\n"), nil)
	for i := 0; i < 3; i++ {
		if _, err := d.Next(); err != nil {
			t.Fatalf("token %d: %v", i, err)
		}
	}
	for i := 0; i < 2; i++ {
		if _, err := d.Next(); err != io.EOF {
			t.Fatalf("Next after end = %v, want io.EOF", err)
		}
	}
}

func TestPeek(t *testing.T) {
	d := NewDecoder([]byte(`<a><b x="1">t</b></a>`), nil)
	if _, err := d.Next(); err != nil {
		t.Fatal(err)
	}
	p1, err := d.Peek()
	if err != nil {
		t.Fatal(err)
	}
	p2, _ := d.Peek()
	n, _ := d.Next()
	if string(p1.Name.Local) != "b" || conv(p1) != conv(p2) || conv(p1) != conv(n) {
		t.Errorf("Peek %v, %v; Next %v", conv(p1), conv(p2), conv(n))
	}
	if d.AttrCount() != 1 {
		t.Errorf("AttrCount after peek = %d", d.AttrCount())
	}
	if _, err := d.Peek(); err != nil {
		t.Fatal(err)
	}
	var scratch []byte
	got, err := d.ReadText(&scratch)
	if err != nil || string(got) != "t" {
		t.Errorf("ReadText after Peek = %q, %v", got, err)
	}
}

func TestReset(t *testing.T) {
	d := NewDecoder([]byte(`<a><b>`), nil)
	for {
		if _, err := d.Next(); err != nil {
			break
		}
	}
	d.Reset([]byte(`<?xml version="1.0" encoding="iso-8859-1"?><c/>`))
	if !d.Latin1() || string(d.Encoding()) != "iso-8859-1" {
		t.Errorf("Encoding %q, Latin1 %v", d.Encoding(), d.Latin1())
	}
	tok, err := d.Next()
	if err != nil || string(tok.Name.Local) != "c" || d.Depth() != 1 {
		t.Errorf("after Reset: %v %v depth %d", conv(tok), err, d.Depth())
	}
}

func TestEncodingNames(t *testing.T) {
	tests := []struct {
		decl   string
		latin1 bool
		err    error
	}{
		{`<?xml version="1.0"?>`, false, nil},
		{`<?xml version="1.0" encoding="UTF-8"?>`, false, nil},
		{`<?xml version='1.0' encoding='utf-8' standalone='yes'?>`, false, nil},
		{`<?xml version="1.0" encoding="ISO-8859-1"?>`, true, nil},
		{`<?xml version="1.0" encoding="latin1"?>`, true, nil},
		{`<?xml version="1.0" encoding="windows-1252"?>`, false, nil},
		{`<?xml version="1.0" encoding="utf-16le"?>`, false, ErrUnsupportedEncoding},
		{`<?xml version="1.0" encoding="UCS-4"?>`, false, ErrUnsupportedEncoding},
		{`<?xml version="1.0" encoding="8bit"?>`, false, ErrSyntax},
	}
	for _, tt := range tests {
		d := NewDecoder([]byte(tt.decl+"<a/>"), nil)
		_, err := d.Next()
		if !errors.Is(err, tt.err) && !(tt.err == nil && err == nil) {
			t.Errorf("%s: error %v, want %v", tt.decl, err, tt.err)
		}
		if d.Latin1() != tt.latin1 {
			t.Errorf("%s: Latin1 = %v", tt.decl, d.Latin1())
		}
	}
}

func TestOffsetsAlias(t *testing.T) {
	src := []byte(`<a b="v">text</a>`)
	d := NewDecoder(src, nil)
	if _, _, err := d.ReadStart(); err != nil {
		t.Fatal(err)
	}
	v := d.Attr(0).Value
	var scratch []byte
	txt, err := d.ReadText(&scratch)
	if err != nil {
		t.Fatal(err)
	}
	if &v[0] != &src[6] || &txt[0] != &src[9] {
		t.Error("results do not share memory with the input")
	}
	if !bytes.Equal(src, []byte(`<a b="v">text</a>`)) {
		t.Error("input modified")
	}
}

package xml

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestCanonical(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"declaration, comments, PIs dropped", `<?xml version="1.0"?><!--c--><a><?p?><!--x--></a><!--y-->`, `<a/>`},
		{"empty forms", `<a><b></b><c/><d>  </d></a>`, `<a><b/><c/><d/></a>`},
		{"white space between elements", "<a>\n  <b>x</b>\n</a>\n", `<a><b>x</b></a>`},
		{"leaf text trimmed", "<a>\n   42\n</a>", `<a>42</a>`},
		{"inner white space kept", "<a> x \n y </a>", "<a>x \n y</a>"},
		{"text runs merged across comments", `<a> x<!--c-->y </a>`, `<a>xy</a>`},
		{"entities re-escaped", `<a>&#60;&gt;&apos;&quot;&#38;<![CDATA[<&>]]></a>`, `<a>&lt;&gt;'"&amp;&lt;&amp;&gt;</a>`},
		{"CR", "<a>x\r\ny&#13;z&#13;</a>", "<a>x\ny&#13;z</a>"},
		{"default namespace", `<a xmlns="u"><b/></a>`, `<a xmlns="u"><b/></a>`},
		{"prefix to default", `<p:a xmlns:p="u"><p:b/></p:a>`, `<a xmlns="u"><b/></a>`},
		{"namespace change", `<a xmlns="u"><b xmlns="v"><c xmlns=""/></b></a>`, `<a xmlns="u"><b xmlns="v"><c xmlns=""/></b></a>`},
		{"unprefixed child of prefixed root", `<p:a xmlns:p="u"><b/></p:a>`, `<a xmlns="u"><b xmlns=""/></a>`},
		{"attributes sorted", `<a z="1" b='2' m="&lt;"/>`, `<a b="2" m="&lt;" z="1"/>`},
		{"attribute values normalized", "<a b=\"x\ty\" c=\"&#9;&#10;&#13;&quot;'\"/>", `<a b="x y" c="&#9;&#10;&#13;&quot;'"/>`},
		{"namespaced attributes", `<a xmlns:q="v" xmlns:p="u" p:x="1" q:y="2" p:a="3" xml:lang="en" c="4"/>`,
			`<a xmlns:a0="u" xmlns:a1="v" c="4" xml:lang="en" a0:a="3" a0:x="1" a1:y="2"/>`},
		{"ISO-8859-1", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a b=\"\xe9\">caf\xe9</a>", "<a b=\"\u00e9\">caf\u00e9</a>"},
		{"DOCTYPE dropped", `<!DOCTYPE a SYSTEM "a.dtd"><a/>`, `<a/>`},
		{"mixed content", `<a> x <b/> y </a>`, `<a>x<b/>y</a>`},
		{"undeclared prefixes", `<a xmlns="u"><ns1:b ns1:c="1" xmlns="v"><ns1:d/><e/></ns1:b></a>`, `<a xmlns="u"><b xmlns="" c="1"><d/><e xmlns="v"/></b></a>`},
		{"no white space between attributes", `<a c="1"b='2'/>`, `<a b="2" c="1"/>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Canonical([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("Canonical =\n%s\nwant\n%s", got, tt.want)
			}
			again, err := Canonical(got)
			if err != nil || !bytes.Equal(again, got) {
				t.Errorf("not idempotent: %v\n%s", err, again)
			}
		})
	}
}

func TestCanonicalEquivalent(t *testing.T) {
	const compact = `<?xml version="1.0" encoding="UTF-8"?><MakeCall xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed3"><callingDevice typeOfNumber="other" mediaClass="voice">N&lt;1&gt;</callingDevice><calledDirectoryNumber>2</calledDirectoryNumber><autoOriginate>doNotPrompt</autoOriginate><userData><string></string></userData></MakeCall>`
	const pretty = `<?xml version='1.0'?>
<!-- pretty -->
<csta:MakeCall xmlns:csta="http://www.ecma-international.org/standards/ecma-323/csta/ed3">
	<csta:callingDevice mediaClass='voice'
	    typeOfNumber="other">N<![CDATA[<]]>1&#62;</csta:callingDevice>
	<csta:calledDirectoryNumber>
		2
	</csta:calledDirectoryNumber>
	<csta:autoOriginate>doNotPrompt</csta:autoOriginate
	>
	<csta:userData><csta:string/></csta:userData>
</csta:MakeCall>
`
	a, err := Canonical([]byte(compact))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Canonical([]byte(pretty))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Errorf("compact and pretty differ:\n%s\n%s", a, b)
	}
	different := strings.Replace(compact, "doNotPrompt", "prompt", 1)
	c, err := Canonical([]byte(different))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a, c) {
		t.Error("different documents compare equal")
	}
	otherNS := strings.Replace(compact, "ed3", "ed5", 1)
	c, _ = Canonical([]byte(otherNS))
	if bytes.Equal(a, c) {
		t.Error("documents in different namespaces compare equal")
	}
}

func TestCanonicalErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"not well-formed", `<a><b></a>`, ErrMismatchedTag},
		{"same expanded attribute name", `<a xmlns:p="u" xmlns:q="u" p:x="1" q:x="2"/>`, ErrDuplicateAttr},
		{"unbound prefixes collide", `<a p:x="1" x="2"/>`, ErrDuplicateAttr},
		{"xmlns attribute with an unbound prefix", `<a p:xmlns=""/>`, ErrSyntax},
		{"canonical form too large", `<a xmlns:p="u">` + `<b` + strings.Repeat(` p:x`, 1) + `="1"` + manyNSAttrs(40) + `/></a>`, ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Canonical([]byte(tt.in))
			if !errors.Is(err, tt.want) {
				t.Errorf("error = %v, want %v", err, tt.want)
			}
		})
	}
}

// manyNSAttrs returns n attributes in n namespaces declared on the same
// element: the canonical form needs 2n attributes.
func manyNSAttrs(n int) string {
	var sb strings.Builder
	for i := 0; i < n; i++ {
		p := "n" + string(rune('a'+i%26)) + string(rune('a'+i/26))
		sb.WriteString(" xmlns:" + p + `="urn:` + p + `" ` + p + `:v="1"`)
	}
	return sb.String()
}

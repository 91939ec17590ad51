package gen

import (
	"strings"
	"testing"

	"github.com/cstagen/cstagen/asn1"
)

// TestXMLHex generates a small module with hex directives and checks that
// the hexBinary types and components are written and read as hex, and that
// the other octet strings are text, which the encoder checks.
func TestXMLHex(t *testing.T) {
	const src = `M DEFINITIONS ::= BEGIN
Code ::= OCTET STRING
Label ::= OCTET STRING
Rec ::= SEQUENCE { code Code, raw OCTET STRING, label Label, note OCTET STRING }
Pick ::= CHOICE { string OCTET STRING, other INTEGER }
END`
	m, err := asn1.Compile([]asn1.File{{Name: "m.asn1", Src: []byte(src)}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	const overrides = "hex M.Code\nhex M.Rec.raw\nhex M.Pick.string\n"
	files, err := Generate(m, Options{Package: "m", XMLOverrides: []byte(overrides)})
	if err != nil {
		t.Fatal(err)
	}
	out := string(concat(files))
	for _, want := range []string{
		`return xmlAppendHex(dst, name, ns, []byte((*v))), nil`,          // Code
		`dst = xmlAppendHex(dst, "raw", "", []byte(v.Raw))`,              // Rec.raw
		`return xmlAppendText(dst, "Label", name, ns, []byte((*v)))`,     // Label
		`xmlAppendText(dst, "Rec", "note", "", []byte(v.Note))`,          // Rec.note
		`return xmlAppendHex(dst, "string", "", []byte(v.String_)), nil`, // Pick.string
		`r.ReadHex("Code", "")`,
		`r.ReadHex("Rec", "raw")`,
		`r.ReadHex("Pick", "string")`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("generated code lacks %q", want)
		}
	}
	for _, bad := range []string{`xmlAppendText(dst, "Code"`, `xmlAppendText(dst, "Rec", "raw"`, `xmlAppendText(dst, "Pick", "string"`} {
		if strings.Contains(out, bad) {
			t.Errorf("generated code writes a hexBinary value as text: %q", bad)
		}
	}
	if _, err := Generate(m, Options{Package: "m", XMLOverrides: []byte("hex M.Pick.other\n")}); err == nil || !strings.Contains(err.Error(), "is not an OCTET STRING") {
		t.Errorf("hex on an INTEGER: err = %v, want an error saying it is not an OCTET STRING", err)
	}
}

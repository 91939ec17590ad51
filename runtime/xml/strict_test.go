package xml

import (
	"errors"
	"io"
	"testing"
)

// walkNext reads every token of doc with Next.
func walkNext(doc []byte, flags Flags) error {
	d := NewDecoder(doc, nil)
	d.SetFlags(flags)
	for {
		if _, err := d.Next(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// TestStrict checks what lenient mode tolerates and Strict rejects (the
// list of the package documentation), and that both accept the well-formed
// neighbours of each case.
func TestStrict(t *testing.T) {
	tests := []struct {
		name, doc string
		strict    error // nil: Strict accepts it too
	}{
		{"no white space between attributes", `<a x="1"y="2"/>`, ErrSyntax},
		{"no white space after a namespace declaration", `<a xmlns:p="urn:p"p:y="2"/>`, ErrSyntax},
		{"white space between attributes", `<a x="1" y="2"/>`, nil},
		{"undeclared element prefix", `<p:a/>`, ErrSyntax},
		{"undeclared element prefix in a child", `<a xmlns:q="urn:q"><p:b/></a>`, ErrSyntax},
		{"undeclared attribute prefix", `<a p:x="1"/>`, ErrSyntax},
		{"declared prefixes", `<a xmlns:p="urn:p" p:x="1"><p:b p:y="2"/></a>`, nil},
		{"prefix declared on the element itself", `<p:a xmlns:p="urn:p"/>`, nil},
		{"predefined xml prefix", `<a xml:lang="en"/>`, nil},
		{"element with the xmlns prefix", `<xmlns:a/>`, ErrSyntax},
		{"xml prefix bound elsewhere", `<a xmlns:xml="urn:x"/>`, ErrSyntax},
		{"xml prefix bound to its namespace", `<a xmlns:xml="http://www.w3.org/XML/1998/namespace"/>`, nil},
		{"another prefix bound to the xml namespace", `<a xmlns:p="http://www.w3.org/XML/1998/namespace"/>`, ErrSyntax},
		{"a prefix bound to the xmlns namespace", `<a xmlns:p="http://www.w3.org/2000/xmlns/"/>`, ErrSyntax},
		{"xml namespace as the default", `<a xmlns="http://www.w3.org/XML/1998/namespace"/>`, ErrSyntax},
		{"same expanded attribute name", `<a xmlns:p="urn:x" xmlns:q="urn:x" p:x="1" q:x="2"/>`, ErrDuplicateAttr},
		{"same local name, other namespaces", `<a xmlns:p="urn:x" xmlns:q="urn:y" p:x="1" q:x="2" x="3"/>`, nil},
		{"name character outside the XML ranges", "<a\u00d7/>", ErrSyntax},
		{"combining mark starting a name", "<\u0300a/>", ErrSyntax},
		{"combining mark starting a local part", "<a xmlns:p=\"urn:p\"><p:\u0300a/></a>", ErrSyntax},
		{"combining mark inside a name", "<a\u0300/>", nil},
		{"letters beyond ASCII in names", "<caf\u00e9 \u00e9t\u00e9=\"1\"/>", nil},
		{"invalid UTF-8 in a name", "<a\xff/>", ErrSyntax},
		{"invalid UTF-8 in an attribute name", "<a b\xff=\"1\"/>", ErrSyntax},
		{"invalid UTF-8 in text", "<a>x\xffy</a>", ErrSyntax},
		{"U+FFFE in text", "<a>\uFFFE</a>", ErrSyntax},
		{"text beyond ASCII", "<a>gr\u00fc\u00df \U0001F600</a>", nil},
		{"invalid UTF-8 in an attribute value", "<a x=\"\xc3\"/>", ErrSyntax},
		{"invalid UTF-8 in a comment", "<a><!--\xe2\x82--></a>", ErrSyntax},
		{"invalid UTF-8 in a CDATA section", "<a><![CDATA[\xff]]></a>", ErrSyntax},
		{"invalid UTF-8 in a processing instruction", "<?pi \xff?><a/>", ErrSyntax},
		{"invalid UTF-8 in a processing instruction target", "<?p\xff?><a/>", ErrSyntax},
		{"surrogate encoded in UTF-8", "<a>\xed\xa0\x80</a>", ErrSyntax},
		{"ISO-8859-1 bytes in an ISO-8859-1 document", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><caf\xe9 x=\"\xe9\">\xe9</caf\xe9>", nil},
		{"DOCTYPE with a name only", `<!DOCTYPE a><a/>`, nil},
		{"DOCTYPE with a system identifier", `<!DOCTYPE a SYSTEM 'a.dtd' ><a/>`, nil},
		{"DOCTYPE with a public identifier", `<!DOCTYPE p:a PUBLIC "-//ECMA//CSTA 'x' (1.0)" "a>.dtd"><p:a xmlns:p="urn:p"/>`, nil},
		{"DOCTYPE name that is no name", `<!DOCTYPE 1a><a/>`, ErrSyntax},
		{"DOCTYPE name that is no QName", `<!DOCTYPE a:><a/>`, ErrSyntax},
		{"DOCTYPE without white space after the name", `<!DOCTYPE a"x"><a/>`, ErrSyntax},
		{"DOCTYPE with an unknown keyword", `<!DOCTYPE a FOO "x"><a/>`, ErrSyntax},
		{"DOCTYPE SYSTEM without a literal", `<!DOCTYPE a SYSTEM><a/>`, ErrSyntax},
		{"DOCTYPE PUBLIC without a system literal", `<!DOCTYPE a PUBLIC "p"><a/>`, ErrSyntax},
		{"DOCTYPE literals without white space", `<!DOCTYPE a PUBLIC "p""s"><a/>`, ErrSyntax},
		{"DOCTYPE public identifier with a brace", `<!DOCTYPE a PUBLIC "{" "s"><a/>`, ErrSyntax},
		{"DOCTYPE with text after the identifier", `<!DOCTYPE a SYSTEM "s" x><a/>`, ErrSyntax},
		{"DOCTYPE system literal with invalid UTF-8", "<!DOCTYPE a SYSTEM \"\xff\"><a/>", ErrSyntax},
		{"declared UTF-8 in another case", `<?xml version="1.0" encoding="utf-8"?><a/>`, nil},
		{"declared US-ASCII", `<?xml version="1.0" encoding="US-ASCII"?><a>x</a>`, nil},
		{"bytes beyond ASCII in a document declared US-ASCII", "<?xml version=\"1.0\" encoding=\"US-ASCII\"?><a>\u00e9</a>", ErrSyntax},
		{"a name beyond ASCII in a document declared US-ASCII", "<?xml version=\"1.0\" encoding=\"ascii\"?><\u00e9/>", ErrSyntax},
		{"declared encoding this package does not read", `<?xml version="1.0" encoding="Shift_JIS"?><a/>`, ErrUnsupportedEncoding},
		{"byte order mark with ISO-8859-1 declared", "\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>", ErrUnsupportedEncoding},
		{"byte order mark with UTF-8 declared", "\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>", nil},
		{"xml namespace reached by a reference", `<a xmlns:p="http://www.w3.org/XML/1998/namespac&#x65;"/>`, ErrSyntax},
		{"same expanded attribute name through a reference", `<a xmlns:p="urn:x" xmlns:q="urn:&#x78;" p:x="1" q:x="2"/>`, ErrDuplicateAttr},
		{"ISO-8859-1 multiplication sign in a name", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a\xd7/>", ErrSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := walkNext([]byte(tt.doc), 0); err != nil {
				t.Errorf("lenient: %v", err)
			}
			err := walkNext([]byte(tt.doc), Strict)
			var se *SyntaxError
			switch {
			case tt.strict == nil && err != nil:
				t.Errorf("Strict: %v", err)
			case tt.strict != nil && (!errors.As(err, &se) || !errors.Is(err, tt.strict)):
				t.Errorf("Strict: got %v, want a *SyntaxError for %v", err, tt.strict)
			}
		})
	}
}

// TestReaderStrict checks that the Strict flag makes the helpers' fast
// paths, as a Reader drives them, strict too, and that it persists across
// Reset.
func TestReaderStrict(t *testing.T) {
	tests := []struct {
		name, doc string
	}{
		{"text", "<a><b>x\xffy</b></a>"},
		{"name", "<a><b\u00d7>1</b\u00d7></a>"},
		{"attributes", `<a><b x="1"y="2">1</b></a>`},
	}
	read := func(r *Reader) error {
		if _, _, err := r.Dec.ReadStart(); err != nil {
			return err
		}
		if _, _, err := r.Dec.ReadStart(); err != nil {
			return err
		}
		_, err := r.Text()
		return err
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader(nil)
			r.Reset([]byte(tt.doc))
			if err := read(r); err != nil {
				t.Errorf("lenient: %v", err)
			}
			r.Dec.SetFlags(Strict)
			r.Reset([]byte(tt.doc))
			var se *SyntaxError
			if err := read(r); !errors.As(err, &se) {
				t.Errorf("Strict: got %v, want a *SyntaxError", err)
			}
		})
	}
}

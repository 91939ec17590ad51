package xml

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// corpusDir is the shared CSTA-XML corpus, beside the repository.
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus", "xml")

// notWellFormed lists the corpus files that are not well-formed XML, with
// where and why they fail (corpus FINDINGS.md, "Not well-formed XML"). It is
// empty: the two files of f-me/dmcc that concatenate attributes without
// white space (034 xmlns:xsi="..."xmlns:xsd="...", 036
// mediaClass="voice"bitRate="constant") are read as if there were one (see
// TestCorpusLiberal).
var notWellFormed = map[string]struct {
	off    int
	reason string
}{}

// readCorpusFiles returns the corpus files by name.
func readCorpusFiles() (map[string][]byte, error) {
	entries, err := os.ReadDir(corpusDir)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]byte)
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".xml") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(corpusDir, e.Name()))
		if err != nil {
			return nil, err
		}
		out[e.Name()] = b
	}
	return out, nil
}

func readCorpus(t testing.TB) map[string][]byte {
	t.Helper()
	out, err := readCorpusFiles()
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	if len(out) == 0 {
		t.Skip("corpus is empty")
	}
	return out
}

func TestCorpusTokenizes(t *testing.T) {
	for name, doc := range readCorpus(t) {
		t.Run(name, func(t *testing.T) {
			d := NewDecoder(doc, nil)
			var err error
			tokens := 0
			for err == nil {
				_, err = d.Next()
				tokens++
			}
			if bad, ok := notWellFormed[name]; ok {
				var se *SyntaxError
				if !errors.As(err, &se) || !errors.Is(err, ErrSyntax) || se.Offset != bad.off {
					t.Errorf("known bad file (%s): error %v, want ErrSyntax at %d", bad.reason, err, bad.off)
				}
				return
			}
			if err != io.EOF {
				t.Fatalf("after %d tokens: %v", tokens, err)
			}
			c, err := Canonical(doc)
			if err != nil {
				t.Fatalf("Canonical: %v", err)
			}
			c2, err := Canonical(c)
			if err != nil || !bytes.Equal(c, c2) {
				t.Errorf("Canonical not idempotent: %v\n%s\n%s", err, c, c2)
			}
		})
	}
}

func TestCorpusDetails(t *testing.T) {
	files := readCorpus(t)
	tests := []struct {
		file, root, ns, enc string
	}{
		{"002-OriginatedEvent.xml", "OriginatedEvent", "http://www.ecma-international.org/standards/ecma-323/csta/ed4", "UTF-8"},
		{"009-StartApplicationSession.xml", "StartApplicationSession", "", "utf-8"},
		{"055-CSTAErrorCode.xml", "CSTAErrorCode", "", ""},
		{"062-SetForwarding.xml", "SetForwarding", "http://www.ecma-international.org/standards/ecma-323/csta/ed3", "ISO-8859-1"},
		{"077-Envelope.xml", "Envelope", "http://schemas.xmlsoap.org/soap/envelope/", "utf-8"},
		{"047-PlayMessage.xml", "PlayMessage", "http:// www.ecma-international.org/standards/ecma-323/csta/ed3", "utf-8"},
		{"067-GetSwitchingFunctionDevicesResponse.xml", "GetSwitchingFunctionDevicesResponse", "http://www.ecmainternational.org/standards/ecma-323/csta/ed5", "utf-8"},
	}
	for _, tt := range tests {
		doc, ok := files[tt.file]
		if !ok {
			t.Errorf("%s missing from corpus", tt.file)
			continue
		}
		d := NewDecoder(doc, nil)
		name, ok, err := d.ReadStart()
		if err != nil || !ok {
			t.Errorf("%s: %v %v", tt.file, ok, err)
			continue
		}
		if string(name.Local) != tt.root || string(d.NS()) != tt.ns || string(d.Encoding()) != tt.enc {
			t.Errorf("%s: root %q ns %q encoding %q, want %q %q %q", tt.file, name.Local, d.NS(), d.Encoding(), tt.root, tt.ns, tt.enc)
		}
	}

	// The SOAP fault's CSTA payload: prefix csta declared twice.
	d := NewDecoder(files["077-Envelope.xml"], nil)
	for {
		tok, err := d.Next()
		if err != nil {
			t.Fatal(err)
		}
		if string(tok.Name.Local) == "operation" {
			if string(tok.NS) != "http://www.ecma-international.org/standards/ecma-323/csta/ed4" {
				t.Errorf("operation in %q", tok.NS)
			}
			var scratch []byte
			txt, err := d.ReadText(&scratch)
			if err != nil || string(txt) != "Invalid CallID for this command" {
				t.Errorf("operation text %q, %v", txt, err)
			}
			break
		}
	}

	// Private data is kept byte for byte.
	d = NewDecoder(files["002-OriginatedEvent.xml"], nil)
	for {
		tok, err := d.Next()
		if err != nil {
			t.Fatalf("no <private>: %v", err)
		}
		if tok.Kind == StartElement && string(tok.Name.Local) == "private" {
			raw, err := d.RawElement()
			want := `<private xmlns:scx="http://www.siemens.com/schema/csta"><scx:extendedServicesPermitted/></private>`
			if err != nil || string(raw) != want {
				t.Errorf("RawElement = %q, %v", raw, err)
			}
			break
		}
	}
}

func TestCorpusLatin1(t *testing.T) {
	files := readCorpus(t)
	doc := files["062-SetForwarding.xml"]
	if doc == nil {
		t.Skip("062-SetForwarding.xml missing")
	}
	d := NewDecoder(doc, nil)
	if !d.Latin1() {
		t.Fatalf("Latin1() false for encoding %q", d.Encoding())
	}
	u := Latin1ToUTF8(nil, doc)
	c1, err1 := Canonical(doc)
	c2, err2 := Canonical(u)
	if err1 != nil || err2 != nil || !bytes.Equal(c1, c2) {
		t.Errorf("Latin-1 vs converted: %v %v\n%s\n%s", err1, err2, c1, c2)
	}
}

// TestCorpusLiberal checks the corpus files that break XML 1.0 or
// Namespaces in XML in ways the Decoder tolerates: attributes without white
// space between them (034, 036) and an undeclared prefix (048).
func TestCorpusLiberal(t *testing.T) {
	files := readCorpus(t)
	attrs := func(t *testing.T, d *Decoder) []at {
		var out []at
		for i := 0; i < d.AttrCount(); i++ {
			a := d.Attr(i)
			out = append(out, at{Prefix: string(a.Name.Prefix), Local: string(a.Name.Local), NS: string(a.NS), Raw: string(a.Value)})
		}
		return out
	}
	// find reads up to the start tag of the first element named local.
	find := func(t *testing.T, d *Decoder, local string) {
		t.Helper()
		for {
			tok, err := d.Next()
			if err != nil {
				t.Fatalf("no <%s>: %v", local, err)
			}
			if tok.Kind == StartElement && string(tok.Name.Local) == local {
				return
			}
		}
	}
	const appl = "http://www.ecma-international.org/standards/ecma-354/appl_session"

	t.Run("034", func(t *testing.T) {
		d := NewDecoder(files["034-ResetApplicationSessionTimer.xml"], nil)
		find(t, d, "ResetApplicationSessionTimer")
		want := []at{
			{Prefix: "xmlns", Local: "xsi", Raw: "http://www.w3.org/2001/XMLSchema-instance"},
			{Prefix: "xmlns", Local: "xsd", Raw: "http://www.w3.org/2001/XMLSchema"},
			{Local: "xmlns", Raw: appl},
		}
		if diff := cmp.Diff(want, attrs(t, d)); diff != "" {
			t.Errorf("attributes (-want +got):\n%s", diff)
		}
		if string(d.NS()) != appl {
			t.Errorf("NS = %q", d.NS())
		}
	})
	t.Run("036", func(t *testing.T) {
		d := NewDecoder(files["036-GetDeviceIdResponse.xml"], nil)
		find(t, d, "device")
		want := []at{{Local: "typeOfNumber", Raw: "other"}, {Local: "mediaClass", Raw: "voice"}, {Local: "bitRate", Raw: "constant"}}
		if diff := cmp.Diff(want, attrs(t, d)); diff != "" {
			t.Errorf("attributes (-want +got):\n%s", diff)
		}
		var scratch []byte
		if txt, err := d.ReadText(&scratch); err != nil || string(txt) != "4750::111.2.33.444:0" {
			t.Errorf("ReadText = %q, %v", txt, err)
		}
	})
	t.Run("048", func(t *testing.T) {
		doc := files["048-StartApplicationSession.xml"]
		const want = `<ns1:SessionLoginInfo xmlns="http://www.avaya.com/csta"><ns1:userName>myavayauser</ns1:userName><ns1:password>myavayapassword</ns1:password><ns1:sessionCleanupDelay>60</ns1:sessionCleanupDelay></ns1:SessionLoginInfo>`
		d := NewDecoder(doc, nil)
		find(t, d, "SessionLoginInfo")
		if tok := d.Token(); string(tok.Name.Prefix) != "ns1" || tok.NS != nil {
			t.Errorf("SessionLoginInfo: prefix %q NS %q, want ns1 and no namespace", tok.Name.Prefix, tok.NS)
		}
		if uri, ok := d.LookupPrefix([]byte("ns1")); ok {
			t.Errorf("ns1 bound to %q", uri)
		}
		raw, err := d.RawElement()
		if err != nil || string(raw) != want {
			t.Errorf("RawElement = %q, %v", raw, err)
		}
		r := NewReader(nil)
		r.Reset(doc)
		find(t, r.Dec, "SessionLoginInfo")
		raw, err = r.Raw()
		if err != nil || string(raw) != want {
			t.Errorf("Reader.Raw = %q, %v", raw, err)
		}
		c, err := Canonical(doc)
		if err != nil {
			t.Fatal(err)
		}
		const inner = `<applicationSpecificInfo><SessionLoginInfo xmlns=""><userName>myavayauser</userName>`
		if !bytes.Contains(c, []byte(inner)) {
			t.Errorf("Canonical = %s, want it to contain %s", c, inner)
		}
	})
}

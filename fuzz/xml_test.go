package fuzz

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/runtime/xml"
)

// FuzzXMLMessage feeds any bytes to csta.XMLMessage, lenient and Strict:
// no panic, allocation bounded by the input, errors typed with an offset
// inside the input; a document that decodes writes XML that decodes again
// and then writes the same bytes (decode -> encode -> decode is stable,
// xml.Extra and XMLUnknown included).
func FuzzXMLMessage(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "shared", "corpus", "xml", "*.xml"))
	for _, p := range paths {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src)
		}
	}
	for _, s := range []string{
		`<MakeCall><calledDirectoryNumber>1</calledDirectoryNumber><x:u xmlns:x="urn:x"/><callingDevice>2</callingDevice></MakeCall>`,
		`<SetForwarding><device>1</device><ringCount></ringCount></SetForwarding>`,
		`<CSTAErrorCode><privateErrorCode>x</privateErrorCode></CSTAErrorCode>`,
		`<StopApplicationSession><sessionID>s</sessionID><sessionEndReason><definedEndReason>normal</definedEndReason></sessionEndReason></StopApplicationSession>`,
		`<Envelope xmlns="urn:soap"><Body/></Envelope>`,
		// ECMA-285's privateNumber, which ed6 has no form for, read from
		// an ed6 document: written back as read.
		`<MakeCall xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed6"><callingDevice privateNumber="4711">2</callingDevice><calledDirectoryNumber>1</calledDirectoryNumber></MakeCall>`,
		// The schema's forms of ECMA-285 values: a status filter's flags
		// (two true: kept verbatim), grammars with attributes.
		`<ChangeSysStatFilter><sysStatRegisterID>1</sysStatRegisterID><requestedStatusFilter><messageLost>true</messageLost><normal>false</normal></requestedStatusFilter></ChangeSysStatFilter>`,
		`<ChangeSysStatFilterResponse><actualStatusFilter><normal>true</normal><disabled>1</disabled></actualStatusFilter></ChangeSysStatFilterResponse>`,
		`<SetVoiceAttribute><connection><callID>1</callID></connection><attributeToSet><grammars src="g.grxml"/></attributeToSet></SetVoiceAttribute>`,
	} {
		f.Add([]byte(s))
	}
	var m, strict csta.XMLMessage
	strict.Strict = true
	f.Fuzz(func(t *testing.T, doc []byte) {
		for _, msg := range []*csta.XMLMessage{&m, &strict} {
			var err error
			if msg.Strict {
				err = msg.DecodeXML(doc)
			} else if n := allocated(func() { err = msg.DecodeXML(doc) }); n > allocLimit(1, len(doc)) {
				t.Fatalf("decoding %d bytes allocated %d", len(doc), n)
			}
			if err != nil {
				// Offsets are into the document as decoded: a document
				// declared ISO-8859-1 is decoded as its UTF-8 conversion
				// (xml.Reader.Reset).
				size := len(doc)
				if xml.NewDecoder(doc, nil).Latin1() {
					size = len(xml.Latin1ToUTF8(nil, doc))
				}
				var se *xml.SyntaxError
				var ve *xml.ValueError
				switch {
				case errors.As(err, &se):
					if se.Offset < 0 || se.Offset > size {
						t.Fatalf("syntax error offset %d outside %d bytes: %v", se.Offset, size, err)
					}
				case errors.As(err, &ve):
					if ve.Offset < 0 || ve.Offset > size {
						t.Fatalf("value error offset %d outside %d bytes: %v", ve.Offset, size, err)
					}
				default:
					t.Fatalf("untyped error %v", err)
				}
				continue
			}
			enc, err := msg.AppendXML(nil)
			if err != nil && errors.Is(err, xml.ErrNotText) {
				// The decoding kept octets that are not XML text (not
				// UTF-8, or characters XML 1.0 excludes; XMLMessage.Strict
				// is about components, not the tokenizer's well-formedness
				// checks): the encoder refuses them with a typed error
				// instead of writing broken XML.
				continue
			}
			if err != nil && errors.Is(err, xml.ErrNotEnumerated) {
				// A number none of the type's enumerations, kept on
				// decoding (<cause>34</cause>), is refused on encoding, as
				// BER refuses it: the error names the type.
				var ve *xml.ValueError
				if !errors.As(err, &ve) || ve.Type == "" {
					t.Fatalf("%v: want an *xml.ValueError naming the type", err)
				}
				continue
			}
			if err != nil && errors.Is(err, xml.ErrNotInEdition) {
				// What the document's edition has no form for (a component
				// of a later edition, read under the ed3 namespace; a second
				// private data item), kept on decoding, is refused on
				// encoding in that edition: the error names the type.
				var ve *xml.ValueError
				if !errors.As(err, &ve) || ve.Type == "" {
					t.Fatalf("%v: want an *xml.ValueError naming the type", err)
				}
				continue
			}
			if err != nil {
				// A typed value missing what only XML can leave out has no
				// encoding problem in XML: every decoded message writes.
				t.Fatalf("AppendXML of a decoded %v message: %v", msg.Kind, err)
			}
			var again csta.XMLMessage
			again.Strict = msg.Strict
			if err := again.DecodeXML(enc); err != nil {
				t.Fatalf("re-decoding our own %s: %v", enc, err)
			}
			out, err := again.AppendXML(nil)
			if err != nil {
				t.Fatalf("re-encoding: %v", err)
			}
			var third csta.XMLMessage
			third.Strict = msg.Strict
			if err := third.DecodeXML(out); err != nil {
				t.Fatalf("decoding %s: %v", out, err)
			}
			if out2, _ := third.AppendXML(nil); string(out2) != string(out) {
				t.Fatalf("unstable encoding:\n%s\n%s", out, out2)
			}
		}
	})
}

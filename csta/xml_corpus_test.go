package csta

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/cstagen/cstagen/runtime/xml"
	"github.com/google/go-cmp/cmp"
)

// xmlCorpus returns the CSTA-XML files of ../shared/corpus/xml by name, or
// skips the test when the shared folder is absent.
func xmlCorpus(t testing.TB) map[string][]byte {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join("..", "..", "shared", "corpus", "xml", "*.xml"))
	if len(paths) == 0 {
		t.Skip("../shared/corpus/xml not present")
	}
	out := map[string][]byte{}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(p)] = src
	}
	return out
}

// Corpus files that are not ECMA-285 messages: DecodeXML must report
// xml.ErrUnknownMessage.
var xmlNotCSTA = map[string]string{
	"004-StartApplicationSessionPosResponse.xml": "ECMA-354 application session",
	"009-StartApplicationSession.xml":            "ECMA-354 application session",
	"032-StartApplicationSessionPosResponse.xml": "ECMA-354 application session",
	"039-StartApplicationSession.xml":            "ECMA-354 application session",
	"040-StopApplicationSession.xml":             "ECMA-354 application session (sent in the ECMA-323 namespace)",
	"048-StartApplicationSession.xml":            "ECMA-354 application session (undeclared prefix ns1)",
	"035-GetDeviceId.xml":                        "Avaya-only request (http://www.avaya.com/csta)",
	"036-GetDeviceIdResponse.xml":                "Avaya-only response, and not well-formed (no white space between attributes)",
	"044-RegisterTerminalRequest.xml":            "Avaya-only request (http://www.avaya.com/csta)",
	"045-UnregisterTerminalRequest.xml":          "Avaya-only request (http://www.avaya.com/csta)",
	"057-loginRequest.xml":                       "Zultys proprietary login",
	"077-Envelope.xml":                           "SOAP 1.1 Fault envelope (the CSTAErrorCode inside holds free text)",
}

// Corpus files that are not well-formed XML: DecodeXML must report a
// *xml.SyntaxError with the offset of the fault.
var xmlMalformed = map[string]int{
	"034-ResetApplicationSessionTimer.xml": 121, // no white space between two attributes
}

// Corpus files that are ECMA-285 messages but do not fit the schema: DecodeXML
// must fail with an *xml.ValueError for the reason given.
var xmlInvalid = map[string]error{
	"055-CSTAErrorCode.xml":    xml.ErrMissing,      // <privateErrorCode> with vendor text is no UniversalFailure alternative (Zultys)
	"062-SetForwarding.xml":    xml.ErrInvalidValue, // empty <ringCount></ringCount> is no INTEGER (BroadWorks)
	"084-ConferencedEvent.xml": xml.ErrMissing,      // mandatory addedParty absent (Yealink)
}

// Corpus files that decode but whose re-encoding is not equivalent, and why.
var xmlDiffers = map[string]string{
	"050-HoldCall.xml":                             "deviceID before callID in a ConnectionID: written back in schema order",
	"052-ClearCall.xml":                            "deviceID before callID in a ConnectionID: written back in schema order",
	"054-MakeCallResponse.xml":                     "calledDevice is no component of MakeCallResult (Zultys extension): dropped",
	"065-GetPhysicalDeviceInformationResponse.xml": "deviceCategory written with its DEFAULT value (station): omitted when written back",
}

// falseLeaf matches an element whose text is false: a named bit that is not
// set, which the writer omits ("bits not listed are false").
var falseLeaf = regexp.MustCompile(`<([A-Za-z][A-Za-z0-9_.-]*)>false</([A-Za-z][A-Za-z0-9_.-]*)>`)

// equivalent returns the canonical form of doc with false leaves dropped.
func equivalent(t *testing.T, doc []byte) string {
	t.Helper()
	c, err := xml.Canonical(doc)
	if err != nil {
		t.Fatalf("Canonical: %v\n%s", err, doc)
	}
	s := falseLeaf.ReplaceAllStringFunc(string(c), func(s string) string {
		m := falseLeaf.FindStringSubmatch(s)
		if m[1] == m[2] {
			return ""
		}
		return s
	})
	// An element left empty by that is written <x/>.
	return emptyPair.ReplaceAllStringFunc(s, func(s string) string {
		m := emptyPair.FindStringSubmatch(s)
		if m[1] == m[2] {
			return "<" + m[1] + "/>"
		}
		return s
	})
}

var emptyPair = regexp.MustCompile(`<([A-Za-z][A-Za-z0-9_.-]*)></([A-Za-z][A-Za-z0-9_.-]*)>`)

// TestXMLCorpus decodes every message of the corpus and writes it back: the
// result must be equivalent (xml.Canonical, unset named bits dropped) unless
// the file is listed above with its reason; files that are not ECMA-285 or
// not well-formed must fail the way the lists say.
func TestXMLCorpus(t *testing.T) {
	files := xmlCorpus(t)
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var m XMLMessage
	for _, name := range names {
		src := files[name]
		t.Run(name, func(t *testing.T) {
			err := m.DecodeXML(src)
			if reason, ok := xmlNotCSTA[name]; ok {
				var se *xml.SyntaxError
				if !errors.Is(err, xml.ErrUnknownMessage) && !errors.As(err, &se) {
					t.Fatalf("%s: got %v, want an unknown message", reason, err)
				}
				return
			}
			if off, ok := xmlMalformed[name]; ok {
				var se *xml.SyntaxError
				if !errors.As(err, &se) || se.Offset != off {
					t.Fatalf("got %v, want a syntax error at offset %d", err, off)
				}
				return
			}
			if want, ok := xmlInvalid[name]; ok {
				var ve *xml.ValueError
				if !errors.Is(err, want) || !errors.As(err, &ve) || ve.Offset <= 0 {
					t.Fatalf("got %v, want %v with an offset", err, want)
				}
				return
			}
			if err != nil {
				t.Fatalf("DecodeXML: %v", err)
			}
			out, err := m.AppendXMLNS(nil, string(m.Namespace))
			if err != nil {
				t.Fatalf("AppendXML: %v", err)
			}
			got, want := equivalent(t, out), equivalent(t, src)
			if reason, ok := xmlDiffers[name]; ok {
				if got == want {
					t.Fatalf("listed as differing (%s) but equivalent", reason)
				}
				return
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("re-encoding differs (-corpus +written):\n%s", diff)
			}
		})
	}
}

// berLossy lists corpus files whose XML-only content does not survive BER,
// and what is lost.
var berLossy = map[string]string{
	"002-OriginatedEvent.xml":              "<private> vendor XML (BER's private alternative is NULL)",
	"014-CallInformationEvent.xml":         "<private> vendor XML",
	"015-DeliveredEvent.xml":               "<private> vendor XML",
	"025-RequestSystemStatus.xml":          "<private> vendor XML",
	"037-MonitorStart.xml":                 "<private> vendor XML",
	"047-PlayMessage.xml":                  "<private> vendor XML; bitRate=\"constant\" written out although it is the default",
	"012-MonitorStart.xml":                 "typeOfNumber=\"dialingNumber\" written out although it is the default",
	"064-GetPhysicalDeviceInformation.xml": "typeOfNumber=\"dialingNumber\" written out although it is the default",
}

// TestXMLCorpusTranscode checks, for every corpus message that decodes,
// that XML -> Go -> BER -> Go -> XML gives the document that XML -> Go ->
// XML gives, except for content BER cannot carry (listed in berLossy).
func TestXMLCorpusTranscode(t *testing.T) {
	files := xmlCorpus(t)
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var m, back XMLMessage
	for _, name := range names {
		if err := m.DecodeXML(files[name]); err != nil {
			continue // TestXMLCorpus accounts for these
		}
		t.Run(name, func(t *testing.T) {
			direct, err := m.AppendXMLNS(nil, string(m.Namespace))
			if err != nil {
				t.Fatal(err)
			}
			var v Message
			switch m.Kind {
			case XMLRequest:
				if m.Operation.NewArgument != nil {
					v = m.Operation.NewArgument()
				}
			case XMLResponse:
				if m.Operation.NewResult != nil {
					v = m.Operation.NewResult()
				}
			case XMLEvent:
				v = m.Event.New()
			case XMLError:
				v = new(UniversalFailure)
			}
			if v != nil {
				enc, err := m.Value.AppendBER(nil)
				if err != nil {
					t.Fatalf("AppendBER: %v", err)
				}
				if err := v.DecodeBER(enc); err != nil {
					t.Fatalf("DecodeBER(%x): %v", enc, err)
				}
			}
			back.set(m.Kind, m.index, v)
			back.Operation, back.Event, back.CrossRefID, back.RootAttrs = m.Operation, m.Event, m.CrossRefID, m.RootAttrs
			out, err := back.AppendXMLNS(nil, string(m.Namespace))
			if err != nil {
				t.Fatal(err)
			}
			same := equivalent(t, out) == equivalent(t, direct)
			if reason, ok := berLossy[name]; ok {
				if same {
					t.Fatalf("listed as lossy (%s) but equivalent", reason)
				}
				return
			}
			if !same {
				t.Errorf("transcoded document differs:\n%s\n%s", direct, out)
			}
		})
	}
}

// TestXMLMessageZeroAllocs decodes and re-encodes corpus events (references
// to decode, vendor private data, pretty-printing) with a reused XMLMessage:
// no allocation in steady state.
func TestXMLMessageZeroAllocs(t *testing.T) {
	files := xmlCorpus(t)
	for _, name := range []string{"002-OriginatedEvent.xml", "015-DeliveredEvent.xml", "014-CallInformationEvent.xml", "072-SnapshotDeviceResponse.xml", "037-MonitorStart.xml"} {
		src := files[name]
		if src == nil {
			t.Fatalf("%s missing from the corpus", name)
		}
		var m XMLMessage
		if err := m.DecodeXML(src); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 0, 2*len(src))
		allocs := testing.AllocsPerRun(20, func() {
			if err := m.DecodeXML(src); err != nil {
				t.Fatal(err)
			}
			if _, err := m.AppendXML(buf[:0]); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per decode+encode, want 0", name, allocs)
		}
	}
}

// TestXMLMessageTruncated feeds every prefix of every corpus file, and the
// files with one byte changed, to DecodeXML: errors, never a panic, and every
// error carries an offset within the input.
func TestXMLMessageTruncated(t *testing.T) {
	files := xmlCorpus(t)
	var m XMLMessage
	for name, src := range files {
		try := func(doc []byte) {
			err := m.DecodeXML(doc)
			var se *xml.SyntaxError
			var ve *xml.ValueError
			switch {
			case err == nil:
			case errors.As(err, &se):
				if se.Offset < 0 || se.Offset > len(doc) {
					t.Fatalf("%s: offset %d outside %d bytes: %v", name, se.Offset, len(doc), err)
				}
			case errors.As(err, &ve):
				if ve.Offset < 0 || ve.Offset > len(doc) {
					t.Fatalf("%s: offset %d outside %d bytes: %v", name, ve.Offset, len(doc), err)
				}
			default:
				t.Fatalf("%s: untyped error %v", name, err)
			}
		}
		for n := 0; n < len(src); n++ {
			try(src[:n])
		}
		doc := append([]byte(nil), src...)
		for i := range doc {
			c := doc[i]
			for _, b := range []byte{'<', '>', '/', '&', 'x', 0} {
				doc[i] = b
				try(doc)
			}
			doc[i] = c
		}
	}
}

// TestXMLEdition checks the namespaces the corpus uses.
func TestXMLEdition(t *testing.T) {
	for _, tc := range []struct {
		ns   string
		want int
	}{
		{"http://www.ecma-international.org/standards/ecma-323/csta/ed3", 3},
		{"http://www.ecma-international.org/standards/ecma-323/csta/ed4", 4},
		{"http://www.ecma-international.org/standards/ecma-323/csta/ed3/priv4", 3},
		{"http://www.ecmainternational.org/standards/ecma-323/csta/ed5", 5},
		{"http://www.ecma.ch/standards/ecma-323/csta/ed2", 2},
		{"http://www.ecma-international.org/standards/ecma-354/appl_session", 0},
		{"http://www.avaya.com/csta", 0},
		{"", 0},
	} {
		if got := XMLEdition([]byte(tc.ns)); got != tc.want {
			t.Errorf("XMLEdition(%q) = %d, want %d", tc.ns, got, tc.want)
		}
	}
}

// TestXMLNamespaces reads one message in every namespace form into the same
// value and writes it in the namespace asked for.
func TestXMLNamespaces(t *testing.T) {
	const body = `<MakeCall%s><callingDevice>201</callingDevice><calledDirectoryNumber>202</calledDirectoryNumber></MakeCall>`
	for _, ns := range []string{"", ` xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed2"`,
		` xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed6"`,
		` xmlns="http://www.ecmainternational.org/standards/ecma-323/csta/ed5"`,
		` xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed3/priv7"`} {
		var v MakeCallArgument
		if err := v.DecodeXML([]byte(strings.Replace(body, "%s", ns, 1))); err != nil {
			t.Fatalf("%s: %v", ns, err)
		}
		if v.CallingDevice.DeviceIdentifier.Choice != DeviceIDDeviceIdentifierChoiceDialingNumber || string(v.CallingDevice.DeviceIdentifier.DialingNumber) != "201" {
			t.Fatalf("%s: decoded %+v", ns, v)
		}
	}
	var v MakeCallArgument
	_ = v.DecodeXML([]byte(strings.Replace(body, "%s", "", 1)))
	out, err := v.AppendXMLNS(nil, "http://www.ecma-international.org/standards/ecma-323/csta/ed5")
	if err != nil {
		t.Fatal(err)
	}
	want := `<?xml version="1.0" encoding="UTF-8"?><MakeCall xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed5"><callingDevice>201</callingDevice><calledDirectoryNumber>202</calledDirectoryNumber></MakeCall>`
	if string(out) != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
}

// TestXMLMessageErrorFirst decodes a CSTAErrorCode as the first document
// of a fresh XMLMessage (it once indexed the value table before making it).
func TestXMLMessageErrorFirst(t *testing.T) {
	var m XMLMessage
	doc := []byte(`<CSTAErrorCode xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed3"><operation>invalidDeviceID</operation></CSTAErrorCode>`)
	if err := m.DecodeXML(doc); err != nil {
		t.Fatal(err)
	}
	if m.Kind != XMLError {
		t.Fatalf("kind %v, want XMLError", m.Kind)
	}
}

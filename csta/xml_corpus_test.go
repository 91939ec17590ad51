package csta

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/cstagen/cstagen/runtime/ber"
	"github.com/cstagen/cstagen/runtime/xml"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
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
	// A hexBinary <string> (correlator data, user data, private data) is
	// the same octets whatever white space breaks its digits into lines.
	s = hexString.ReplaceAllStringFunc(s, func(s string) string {
		digits := strings.TrimSuffix(strings.TrimPrefix(s, "<string>"), "</string>")
		return "<string>" + strings.ToUpper(strings.Join(strings.Fields(digits), "")) + "</string>"
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

var hexString = regexp.MustCompile(`<string>[0-9A-Fa-f\s]*[0-9A-Fa-f][0-9A-Fa-f\s]*</string>`)

var emptyPair = regexp.MustCompile(`<([A-Za-z][A-Za-z0-9_.-]*)></([A-Za-z][A-Za-z0-9_.-]*)>`)

// TestXMLCorpus decodes every message of the corpus and writes it back: the
// result must be equivalent (xml.Canonical, unset named bits dropped), with
// no exception. A message whose root element names a CSTA or ECMA-354
// message must decode into its typed value; what it has beyond the schema
// is kept in the values' xml.Extra, and Strict decoding rejects it. Other
// documents (vendors' own messages, SOAP) are XMLUnknown and kept verbatim.
func TestXMLCorpus(t *testing.T) {
	files := xmlCorpus(t)
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var m, strict XMLMessage
	strict.Strict = true
	kinds := map[XMLKind]int{}
	for _, name := range names {
		src := files[name]
		t.Run(name, func(t *testing.T) {
			if err := m.DecodeXML(src); err != nil {
				t.Fatalf("DecodeXML: %v", err)
			}
			kinds[m.Kind]++
			if known, _ := xmlRoot(m.root); known != XMLNone && m.Kind == XMLUnknown {
				t.Fatalf("root <%s> names a message, but it did not decode into its type", m.root)
			}
			if m.Kind == XMLUnknown && len(m.Raw) == 0 {
				t.Fatal("XMLUnknown without Raw")
			}
			out, err := m.AppendXMLNS(nil, string(m.Namespace))
			if err != nil {
				t.Fatalf("AppendXML: %v", err)
			}
			if diff := cmp.Diff(equivalent(t, src), equivalent(t, out)); diff != "" {
				t.Errorf("re-encoding differs (-corpus +written):\n%s", diff)
			}
			// Strict decoding fails exactly where lenient decoding had to
			// keep something the schema has no place for.
			// (m is reused across files, on purpose, and its values keep what
			// absent components had; look at a fresh decoding.)
			var fresh XMLMessage
			if err := fresh.DecodeXML(src); err != nil {
				t.Fatal(err)
			}
			kept := fresh.Kind == XMLUnknown || fresh.Value != nil && keptXML(reflect.ValueOf(fresh.Value))
			err = strict.DecodeXML(src)
			if kept && err == nil {
				t.Errorf("Strict decoding accepted a document lenient decoding kept extras of")
			}
			var ve *xml.ValueError
			if err != nil && !errors.As(err, &ve) {
				t.Errorf("Strict decoding: %v, want an *xml.ValueError", err)
			}
		})
	}
	t.Logf("message kinds: %v", kinds)
}

// anyExtra reports whether v, or a value inside it, has an xml.Extra for
// which pred holds.
func anyExtra(v reflect.Value, pred func(xml.Extra) bool) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		return !v.IsNil() && anyExtra(v.Elem(), pred)
	case reflect.Struct:
		if x, ok := v.Interface().(xml.Extra); ok {
			return pred(x)
		}
		for i := 0; i < v.NumField(); i++ {
			if !v.Type().Field(i).IsExported() {
				continue // values kept for reuse
			}
			if anyExtra(v.Field(i), pred) {
				return true
			}
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return false
		}
		for i := 0; i < v.Len(); i++ {
			if anyExtra(v.Index(i), pred) {
				return true
			}
		}
	}
	return false
}

// keptXML reports whether v holds unknown or invalid children, kept.
func keptXML(v reflect.Value) bool {
	return anyExtra(v, func(x xml.Extra) bool { return len(x.Unknown) > 0 })
}

// departed reports whether v was decoded from XML that departed from the
// schema: an xml.Extra that is not empty.
func departed(v reflect.Value) bool {
	return anyExtra(v, func(x xml.Extra) bool { return !x.IsZero() })
}

// xmlOnly leaves out of comparisons what only CSTA-XML carries: the
// xml.Extra of values, the attributes of DeviceIDs kept as read, and the
// vendor XML of private data (BER's private alternative is NULL).
var xmlOnly = cmp.Options{
	cmpopts.IgnoreTypes(xml.Extra{}),
	cmp.FilterPath(func(p cmp.Path) bool {
		sf, ok := p.Last().(cmp.StructField)
		if !ok {
			return false
		}
		n := sf.Name()
		return n == "XMLAttrs" || strings.HasSuffix(n, "XML") && sf.Type() == reflect.TypeOf([]byte(nil))
	}, cmp.Ignore()),
	cmpopts.EquateEmpty(),
	ignoreKept,
}

// TestXMLCorpusTranscode checks, for every corpus message with a typed
// value, that XML -> Go -> BER -> Go gives the same value, but for what only
// XML carries (xmlOnly), and that the value read from BER writes XML that
// reads back the same. A value that cannot be written in BER must be one
// that departed from the schema (a mandatory element absent, an unknown
// CHOICE alternative).
func TestXMLCorpusTranscode(t *testing.T) {
	files := xmlCorpus(t)
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		var m XMLMessage // fresh: reused values keep unchosen alternatives
		if err := m.DecodeXML(files[name]); err != nil || m.Value == nil {
			continue // TestXMLCorpus accounts for these
		}
		t.Run(name, func(t *testing.T) {
			enc, err := m.Value.AppendBER(nil)
			if err != nil {
				if !departed(reflect.ValueOf(m.Value)) {
					t.Fatalf("AppendBER: %v, from a value that fits the schema", err)
				}
				// The departure is named: a mandatory component the
				// document lacked, or a CHOICE it left empty.
				var be *ber.Error
				if !errors.As(err, &be) || be.Type == "" || !errors.Is(err, ber.ErrMissing) && !errors.Is(err, ber.ErrNoAlternative) {
					t.Fatalf("AppendBER: %v, want a *ber.Error naming the absent component", err)
				}
				t.Logf("not encodable in BER: %v", err)
				return
			}
			back := reflect.New(reflect.TypeOf(m.Value).Elem()).Interface().(Message)
			if err := back.DecodeBER(enc); err != nil {
				t.Fatalf("DecodeBER(%x): %v", enc, err)
			}
			if diff := cmp.Diff(m.Value, back, xmlOnly); diff != "" {
				t.Fatalf("XML -> BER -> Go differs (-xml +ber):\n%s", diff)
			}
			x, ok := back.(interface {
				AppendXML([]byte) ([]byte, error)
				DecodeXML([]byte) error
			})
			if !ok {
				t.Fatalf("%T has no XML codec", back)
			}
			doc, err := x.AppendXML(nil)
			if err != nil {
				t.Fatalf("AppendXML of the BER value: %v", err)
			}
			again := reflect.New(reflect.TypeOf(m.Value).Elem()).Interface().(interface{ DecodeXML([]byte) error })
			if err := again.DecodeXML(doc); err != nil {
				t.Fatalf("DecodeXML(%s): %v", doc, err)
			}
			if diff := cmp.Diff(back, again, cmpopts.EquateEmpty(), ignoreKept); diff != "" {
				t.Fatalf("BER value -> XML -> Go differs:\n%s\n%s", diff, doc)
			}
		})
	}
}

// TestXMLMessageZeroAllocs decodes and re-encodes corpus messages (references
// to decode, vendor private data, pretty-printing, departures from the
// schema, session and unknown messages) with a reused XMLMessage: no
// allocation in steady state.
func TestXMLMessageZeroAllocs(t *testing.T) {
	files := xmlCorpus(t)
	for _, name := range []string{"002-OriginatedEvent.xml", "015-DeliveredEvent.xml", "014-CallInformationEvent.xml", "072-SnapshotDeviceResponse.xml", "037-MonitorStart.xml",
		// departures kept in xml.Extra, an ECMA-354 message, an unknown one
		"050-HoldCall.xml", "054-MakeCallResponse.xml", "062-SetForwarding.xml", "084-ConferencedEvent.xml",
		"055-CSTAErrorCode.xml", "039-StartApplicationSession.xml", "035-GetDeviceId.xml"} {
		src := files[name]
		if src == nil {
			t.Fatalf("%s missing from the corpus", name)
		}
		var m XMLMessage
		if err := m.DecodeXML(src); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 0, 2*len(src)+256) // room for a namespace added
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
		if v.CallingDevice.DeviceIdentifier.Choice != DeviceIDDeviceIdentifierChoiceDialingNumber || string(v.GetCallingDevice().GetDeviceIdentifier().GetDialingNumber()) != "201" {
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

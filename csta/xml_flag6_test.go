package csta

import (
	"bytes"
	"errors"
	"testing"

	"github.com/cstagen/cstagen/runtime/xml"

	"github.com/google/go-cmp/cmp"
)

// TestXMLDeviceIDFlags6: ECMA-285's privateNumber and privateName are a
// number and a name; ECMA-323 ed6's attributes of those names are booleans
// (whether the number or the name is private). A boolean value is kept
// with the attributes as read, written back the same, and not taken for
// ECMA-285's number or name (so not carried into BER); any other value is
// taken for it, and (in this ed6 document) kept as read too. ECMA-285's
// number and name have no form in ed6, nor in ed3: a value that holds them
// and was not read from a document of the edition (here, from BER) is
// refused there (ErrNotInEdition), also where the DeviceID is reached
// through a CHOICE (callingDevice).
func TestXMLDeviceIDFlags6(t *testing.T) {
	const head = `<DeliveredEvent xmlns="` + XMLNamespaceEd6 + `"><connection><callID>01</callID><deviceID>100</deviceID></connection><alertingDevice><deviceIdentifier>100</deviceIdentifier></alertingDevice><callingDevice><deviceIdentifier `
	const tail = `>200</deviceIdentifier></callingDevice><calledDevice><deviceIdentifier>100</deviceIdentifier></calledDevice><lastRedirectionDevice><notRequired/></lastRedirectionDevice><localConnectionInfo>alerting</localConnectionInfo><cause>newCall</cause></DeliveredEvent>`
	tests := []struct {
		name, attrs         string
		number, displayName string // ECMA-285's privateNumber and privateName, "" when absent
		kept                bool   // the attributes are kept as read
	}{
		{"ed6 flags", `privateNumber="true" privateName="false"`, "", "", true},
		{"ed6 flag and a name", `privateNumber="false" privateName="Alice"`, "", "Alice", true},
		{"ECMA-285 number and name", `privateNumber="4711" privateName="Alice"`, "4711", "Alice", true},
		{"no such attributes", `typeOfNumber="deviceNumber"`, "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := head + tt.attrs + tail
			var ev DeliveredEvent
			if err := ev.DecodeXML([]byte(src)); err != nil {
				t.Fatal(err)
			}
			d := ev.GetCallingDevice().GetDeviceIdentifier()
			got := []string{string(d.GetPrivateNumber()), string(d.GetPrivateName())}
			if diff := cmp.Diff([]string{tt.number, tt.displayName}, got); diff != "" {
				t.Errorf("privateNumber, privateName (-want +got):\n%s", diff)
			}
			if kept := len(d.XMLAttrs) > 0; kept != tt.kept {
				t.Errorf("attributes kept %v, want %v", kept, tt.kept)
			}
			// Written back in ed6: the attributes as read.
			doc, err := ev.AppendXMLNS(nil, XMLNamespaceEd6)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(doc, []byte(`<callingDevice><deviceIdentifier `+tt.attrs+`>200<`)) {
				t.Errorf("wrote %s", doc)
			}
			// BER carries ECMA-285's number and name only.
			b, err := ev.AppendBER(nil)
			if err != nil {
				t.Fatal(err)
			}
			var back DeliveredEvent
			if err := back.DecodeBER(b); err != nil {
				t.Fatal(err)
			}
			bd := back.GetCallingDevice().GetDeviceIdentifier()
			if string(bd.GetPrivateNumber()) != tt.number || string(bd.GetPrivateName()) != tt.displayName {
				t.Errorf("BER carried privateNumber %q, privateName %q", bd.GetPrivateNumber(), bd.GetPrivateName())
			}
			// The value from BER: ECMA-285's number and name have no form in
			// ed6 (its attributes of those names are booleans), nor in ed3
			// (which has no such attributes): both refuse them.
			for _, ns := range []string{XMLNamespaceEd6, XMLNamespace} {
				doc, err = back.AppendXMLNS(nil, ns)
				if refused := errors.Is(err, xml.ErrNotInEdition); refused != (tt.number != "" || tt.displayName != "") {
					t.Errorf("%s: AppendXMLNS = %s, %v; refused %v", ns, doc, err, refused)
				}
			}
		})
	}
}

package csta

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/cstagen/cstagen/runtime/xml"
)

// TestXMLNoForm: what an edition of ECMA-323 has no form for (the noform
// directives of schemas/csta-xml.overrides, and a second item of
// <privateData>, an xs:choice) is refused in that edition with an
// *xml.ValueError wrapping xml.ErrNotInEdition (an ErrUnencodable) that
// names the type and the component, named bit or identifier, and written in
// an edition that has it.
func TestXMLNoForm(t *testing.T) {
	xmlSafeRandom = true
	defer func() { xmlSafeRandom = false }()
	r := rand.New(rand.NewPCG(1, 2))

	var linkage CallLinkageData
	linkage.fillRandom(r, 0)
	result := &MakeCallResult{CallLinkageData: &linkage}
	result.CallingDevice.SetCallID(CallID("01"))
	var device DeviceID
	device.DeviceIdentifier.SetDialingNumber([]byte("100"))
	device.PrivateNumber, device.HasPrivateNumber = NumberDigits("4711"), true
	private := func(n int) *CSTACommonArguments {
		a := &CSTACommonArguments{HasPrivateData: true}
		for k := 0; k < n; k++ {
			var p CSTAPrivateData
			p.SetString_([]byte{byte(k)})
			a.PrivateData = append(a.PrivateData, p)
		}
		return a
	}
	sip := MediaCallCharacteristics{SwitchingSubDomainCCIEType: MediaCallCharacteristicsSwitchingSubDomainCCIETypeSIP, HasSwitchingSubDomainCCIEType: true}
	var sipDevice DeviceID // sip in the attribute, which ed3 has
	sipDevice.DeviceIdentifier.SetDialingNumber([]byte("100"))
	sipDevice.MediaCallCharacteristics = &sip
	cause := EventCauseCallInterception
	encrypted := CallCharacteristicsEncryptedCall | CallCharacteristicsHighPriorityCall
	notKnown := MonitorMediaClassNotKnown | MonitorMediaClassVoice

	tests := []struct {
		name       string
		v          xmlElem
		typ, field string // what the error names
		ed3, ed6   bool   // refused in ed3, in ed6
	}{
		{"an identifier ed3 lacks", &cause, "EventCause", "callInterception", true, false},
		{"a named bit ed3 lacks", &encrypted, "CallCharacteristics", "encryptedCall", true, false},
		{"a named bit neither has", &notKnown, "MonitorMediaClass", "notKnown", true, true},
		{"a component ed3 lacks", result, "MakeCallResult", "callLinkageData", true, false},
		{"an attribute neither has", &device, "DeviceID", "privateNumber", true, true},
		{"an identifier ed3's element lacks", &sip, "MediaCallCharacteristicsSwitchingSubDomainCCIEType", "sip", true, false},
		{"the same identifier in ed3's attribute", &sipDevice, "", "", false, false},
		{"two items of private data", private(2), "CSTACommonArgumentsPrivateData", "", true, true},
		{"one item of private data", private(1), "", "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, ed := range []struct {
				ns      string
				refused bool
			}{{XMLNamespace, tt.ed3}, {XMLNamespaceEd6, tt.ed6}} {
				doc, err := xmlAppendDoc(nil, tt.v, "value", ed.ns)
				if !ed.refused {
					if err != nil {
						t.Errorf("%s: %v", ed.ns, err)
					}
					continue
				}
				var ve *xml.ValueError
				if !errors.Is(err, xml.ErrNotInEdition) || !errors.Is(err, xml.ErrUnencodable) || !errors.As(err, &ve) {
					t.Fatalf("%s: wrote %s, %v; want an *xml.ValueError wrapping ErrNotInEdition", ed.ns, doc, err)
				}
				if ve.Type != tt.typ || ve.Field != tt.field {
					t.Errorf("%s: the error names %s.%s, want %s.%s (%v)", ed.ns, ve.Type, ve.Field, tt.typ, tt.field, err)
				}
			}
		})
	}
}

// TestXMLNoFormAsRead: ECMA-285's privateNumber of a DeviceID, which ed3
// has no attribute for, read from an ed3 document, is kept with the
// attributes as read: the document writes back the same, and BER carries
// the number.
func TestXMLNoFormAsRead(t *testing.T) {
	const src = `<DeliveredEvent xmlns="` + XMLNamespace + `"><connection><callID>01</callID><deviceID>100</deviceID></connection><alertingDevice><deviceIdentifier>100</deviceIdentifier></alertingDevice><callingDevice><deviceIdentifier privateNumber="4711">200</deviceIdentifier></callingDevice><calledDevice><deviceIdentifier>100</deviceIdentifier></calledDevice><lastRedirectionDevice><notRequired/></lastRedirectionDevice><localConnectionInfo>alerting</localConnectionInfo><cause>newCall</cause></DeliveredEvent>`
	var ev DeliveredEvent
	if err := ev.DecodeXML([]byte(src)); err != nil {
		t.Fatal(err)
	}
	if got := string(ev.GetCallingDevice().GetDeviceIdentifier().GetPrivateNumber()); got != "4711" {
		t.Errorf("privateNumber %q, want 4711", got)
	}
	doc, err := ev.AppendXML(nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := xml.AppendDeclaration(nil); string(doc) != string(want)+src {
		t.Errorf("wrote\n%s\nwant\n%s%s", doc, want, src)
	}
	b, err := ev.AppendBER(nil)
	if err != nil {
		t.Fatal(err)
	}
	var back DeliveredEvent
	if err := back.DecodeBER(b); err != nil {
		t.Fatal(err)
	}
	if got := string(back.GetCallingDevice().GetDeviceIdentifier().GetPrivateNumber()); got != "4711" {
		t.Errorf("BER carried privateNumber %q, want 4711", got)
	}
	// A value from BER holds the number without the document's attributes:
	// ed3 refuses it.
	if _, err := back.AppendXML(nil); !errors.Is(err, xml.ErrNotInEdition) {
		t.Errorf("AppendXML of the value from BER: %v, want ErrNotInEdition", err)
	}
}

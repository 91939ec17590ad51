package csta

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/cstagen/cstagen/runtime/ber"
	"github.com/cstagen/cstagen/runtime/xml"
)

// TestAbsentNotInvented: a mandatory component that a CSTA-XML document
// lacked is not invented. Lenient decoding records the absence, AppendXML
// writes the document back without it, and BER encoding fails with a
// *ber.Error wrapping ErrMissing that names the component, instead of
// writing a zero value (systemStatus=initializing, EventCause 0) in its
// place. With the component present, the same value encodes.
func TestAbsentNotInvented(t *testing.T) {
	const ns = `xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed3"`
	delivered := func(cause string) string {
		return `<DeliveredEvent ` + ns + `><monitorCrossRefID>1</monitorCrossRefID>` +
			`<connection><callID>01</callID><deviceID>100</deviceID></connection>` +
			`<alertingDevice><deviceIdentifier>100</deviceIdentifier></alertingDevice>` +
			`<callingDevice><deviceIdentifier>200</deviceIdentifier></callingDevice>` +
			`<calledDevice><deviceIdentifier>100</deviceIdentifier></calledDevice>` +
			`<lastRedirectionDevice><notRequired/></lastRedirectionDevice>` + cause + `</DeliveredEvent>`
	}
	for _, tc := range []struct {
		name, doc, complete string
		typ, field          string
	}{
		{"empty SystemStatus", `<SystemStatus ` + ns + `/>`,
			`<SystemStatus ` + ns + `><systemStatus>normal</systemStatus></SystemStatus>`,
			"SystemStatusArg", "systemStatus"},
		{"DeliveredEvent without cause", delivered(""), delivered("<cause>newCall</cause>"),
			"DeliveredEvent", "cause"},
		{"DeliveredEvent without callingDevice", strings.Replace(delivered("<cause>newCall</cause>"),
			"<callingDevice><deviceIdentifier>200</deviceIdentifier></callingDevice>", "", 1),
			delivered("<cause>newCall</cause>"), "DeliveredEvent", "callingDevice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var m XMLMessage
			if err := m.DecodeXML([]byte(tc.doc)); err != nil {
				t.Fatalf("lenient DecodeXML: %v", err)
			}
			back, err := m.AppendXML(nil)
			if err != nil {
				t.Fatalf("AppendXML: %v", err)
			}
			if strings.Contains(string(back), "<"+tc.field+">") {
				t.Errorf("AppendXML wrote the absent <%s>: %s", tc.field, back)
			}
			_, err = m.Value.AppendBER(nil)
			var be *ber.Error
			if !errors.Is(err, ber.ErrMissing) || !errors.As(err, &be) || be.Type != tc.typ || be.Field != tc.field {
				t.Fatalf("AppendBER: %v; want a *ber.Error for %s.%s wrapping ErrMissing", err, tc.typ, tc.field)
			}

			var full XMLMessage
			if err := full.DecodeXML([]byte(tc.complete)); err != nil {
				t.Fatal(err)
			}
			if _, err := full.Value.AppendBER(nil); err != nil {
				t.Errorf("AppendBER of the complete document: %v", err)
			}
		})
	}
}

// TestTextForElements: text where a CHOICE or SEQUENCE has child elements
// (a device number without its <deviceIdentifier>, as a real server sends
// it) is kept, leniently, as a departure: the event decodes, the component
// is absent and the text is reachable (xml.Extra.KeptText), the document
// is written back as it was, BER encoding names the absent component, and
// Strict decoding is an error wrapping xml.ErrTextContent.
func TestTextForElements(t *testing.T) {
	const ns = `xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed3"`
	doc := `<DeliveredEvent ` + ns + `><monitorCrossRefID>1</monitorCrossRefID>` +
		`<connection><callID>01</callID><deviceID>100</deviceID></connection>` +
		`<alertingDevice><deviceIdentifier>100</deviceIdentifier></alertingDevice>` +
		`<callingDevice> 200 </callingDevice>` +
		`<calledDevice><deviceIdentifier>100</deviceIdentifier></calledDevice>` +
		`<lastRedirectionDevice><notRequired/></lastRedirectionDevice><cause>newCall</cause>` +
		`<extensions>vendor</extensions></DeliveredEvent>`
	var m XMLMessage
	if err := m.DecodeXML([]byte(doc)); err != nil {
		t.Fatalf("lenient DecodeXML: %v", err)
	}
	ev, ok := m.Value.(*DeliveredEvent)
	if !ok {
		t.Fatalf("decoded %T, want *DeliveredEvent", m.Value)
	}
	if ev.CallingDevice.Choice != CallingDeviceIDChoiceNone || ev.Extensions != nil {
		t.Errorf("callingDevice %v, extensions %v: want both absent", ev.CallingDevice.Choice, ev.Extensions)
	}
	if text, ok := ev.XML.KeptText("callingDevice"); !ok || text != " 200 " {
		t.Errorf("KeptText(callingDevice) = %q, %v", text, ok)
	}
	if text, ok := ev.XML.KeptText("extensions"); !ok || text != "vendor" {
		t.Errorf("KeptText(extensions) = %q, %v", text, ok)
	}
	if ev.AlertingDevice.GetDeviceIdentifier() == nil || ev.Cause != EventCauseNewCall {
		t.Errorf("the rest of the event is lost: %v", ev)
	}
	out, err := m.AppendXML(nil)
	if err != nil {
		t.Fatal(err)
	}
	if i := strings.Index(string(out), "<DeliveredEvent"); i < 0 || string(out[i:]) != doc {
		t.Errorf("written back:\n%s\nwant\n%s", out, doc)
	}
	_, err = ev.AppendBER(nil)
	var be *ber.Error
	if !errors.As(err, &be) || be.Field != "callingDevice" || !errors.Is(err, ber.ErrMissing) {
		t.Errorf("AppendBER: %v, want callingDevice missing", err)
	}

	strict := XMLMessage{Strict: true}
	if err := strict.DecodeXML([]byte(doc)); !errors.Is(err, xml.ErrTextContent) {
		t.Errorf("Strict DecodeXML: %v, want xml.ErrTextContent", err)
	}
}

// TestNotEnumerated: a BER number that is none of its ENUMERATED type's
// enumerations is kept by decoding (real switches send them) but refused by
// encoding, with a *ber.Error wrapping ErrNotEnumerated that names the
// component.
func TestNotEnumerated(t *testing.T) {
	if EventCause(34).Defined() || !EventCauseNewCall.Defined() {
		t.Fatal("EventCause.Defined: 34 is no EventCause, newCall is")
	}
	const ns = `xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed3"`
	doc := `<DeliveredEvent ` + ns + `><monitorCrossRefID>1</monitorCrossRefID>` +
		`<connection><callID>01</callID><deviceID>100</deviceID></connection>` +
		`<alertingDevice><deviceIdentifier>100</deviceIdentifier></alertingDevice>` +
		`<callingDevice><deviceIdentifier>200</deviceIdentifier></callingDevice>` +
		`<calledDevice><deviceIdentifier>100</deviceIdentifier></calledDevice>` +
		`<lastRedirectionDevice><notRequired/></lastRedirectionDevice><cause>newCall</cause></DeliveredEvent>`
	var m XMLMessage
	if err := m.DecodeXML([]byte(doc)); err != nil {
		t.Fatal(err)
	}
	good, err := m.Value.AppendBER(nil)
	if err != nil {
		t.Fatal(err)
	}
	cause := []byte{0x0a, 0x01, byte(EventCauseNewCall)}
	if bytes.Count(good, cause) != 1 {
		t.Fatalf("no single cause element %x in %x", cause, good)
	}
	bad := bytes.Replace(good, cause, []byte{0x0a, 0x01, 34}, 1)
	var ev DeliveredEvent
	if err := ev.DecodeBER(bad); err != nil {
		t.Fatalf("DecodeBER with cause 34: %v", err)
	}
	if ev.Cause != 34 {
		t.Errorf("decoded cause %d, want 34 kept", ev.Cause)
	}
	_, err = ev.AppendBER(nil)
	var be *ber.Error
	if !errors.Is(err, ber.ErrNotEnumerated) || !errors.As(err, &be) || be.Type != "DeliveredEvent" || be.Field != "cause" {
		t.Errorf("AppendBER with cause 34: %v, want DeliveredEvent.cause not enumerated", err)
	}
	// CSTA-XML refuses it too, and reads a number it does not know as BER does.
	_, err = ev.AppendXML(nil)
	var ve *xml.ValueError
	if !errors.Is(err, xml.ErrNotEnumerated) || !errors.As(err, &ve) || ve.Type != "EventCause" || ve.Msg != "34" {
		t.Errorf("AppendXML with cause 34: %v, want EventCause 34 not enumerated", err)
	}
	var fromXML DeliveredEvent
	if err := fromXML.DecodeXML([]byte(strings.Replace(doc, "<cause>newCall</cause>", "<cause>34</cause>", 1))); err != nil || fromXML.Cause != 34 {
		t.Errorf("DecodeXML with <cause>34</cause>: cause %d, %v; want 34 kept", fromXML.Cause, err)
	}
	ev.Cause = EventCauseNewCall
	if out, err := ev.AppendBER(nil); err != nil || !bytes.Equal(out, good) {
		t.Errorf("AppendBER with newCall: %x, %v; want %x", out, err, good)
	}
}

// TestSchemaSpellings: a named bit or an enumeration that the ECMA-323
// schema spells otherwise than ECMA-285 (voiceErrorOccurred for
// voiceErrorOccured, badURI for badUri) is written as the schema spells it
// and read in both spellings; String keeps the ASN.1 name.
func TestSchemaSpellings(t *testing.T) {
	for _, tc := range []struct {
		v            EventCause
		asn1, schema string
	}{
		{EventCauseBadUri, "badUri", "badURI"},
		{EventCauseInterDigitTimeout, "interDigitTimeout", "interdigitTimeout"},
		{EventCauseNewCall, "newCall", "newCall"},
	} {
		doc, err := xmlAppendDoc(nil, &tc.v, "EventCause", XMLNamespace)
		if err != nil || !strings.Contains(string(doc), ">"+tc.schema+"<") {
			t.Errorf("AppendXML(%v) = %s, %v; want %s", tc.v, doc, err, tc.schema)
		}
		for _, text := range []string{tc.asn1, tc.schema} {
			var w EventCause
			if !w.SetXMLText([]byte(text)) || w != tc.v {
				t.Errorf("SetXMLText(%s) = %v, want %v", text, w, tc.v)
			}
		}
		if tc.v.String() != tc.asn1 {
			t.Errorf("String() = %s, want %s", tc.v, tc.asn1)
		}
	}

	v := VoiceUnitEventsFilterVoiceErrorOccured | VoiceUnitEventsFilterVoiceAttributesChange
	doc, err := xmlAppendDoc(nil, &v, "VoiceUnitEventsFilter", XMLNamespace)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<voiceErrorOccurred>true</voiceErrorOccurred>", "<voiceAttributesChanged>true</voiceAttributesChanged>"} {
		if !strings.Contains(string(doc), want) {
			t.Errorf("AppendXML wrote %s, without %s", doc, want)
		}
	}
	for _, spelling := range []string{"voiceErrorOccurred", "voiceErrorOccured"} {
		var w VoiceUnitEventsFilter
		in := `<VoiceUnitEventsFilter><` + spelling + `>true</` + spelling + `></VoiceUnitEventsFilter>`
		if err := xmlDecodeDoc([]byte(in), &w); err != nil || w != VoiceUnitEventsFilterVoiceErrorOccured {
			t.Errorf("DecodeXML(%s) = %v, %v", in, w, err)
		}
	}
	if s := v.String(); !strings.Contains(s, "voiceErrorOccured") {
		t.Errorf("String() = %q, want the ASN.1 names", s)
	}
}

// TestSchemaRootNames: the root elements the ECMA-323 schema gives
// otherwise than the ASN.1 names (TransferedEvent, ChangeSysStatFilter,
// SingleStepTransferCall, GetCSTAFeatures, ...) are written as the schema
// spells them, and read in both spellings, requests and responses alike.
func TestSchemaRootNames(t *testing.T) {
	const ns = `xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed3"`
	for _, tc := range []struct {
		asn1, schema string
		kind         XMLKind
	}{
		{"TransferredEvent", "TransferedEvent", XMLEvent},
		{"VoiceErrorOccuredEvent", "VoiceErrorOccurredEvent", XMLEvent},
		{"ChangeSysStatFilterResponse", "ChangeSysStatFilterResponse", XMLResponse},
		{"SingleStepTrans", "SingleStepTransferCall", XMLRequest},
		{"SingleStepConfResponse", "SingleStepConferenceCallResponse", XMLResponse},
		{"GetCSTAFeature", "GetCSTAFeatures", XMLRequest},
		{"GetSwitchingFunctionCapabilitiesResponse", "GetSwitchingFunctionCapsResponse", XMLResponse},
		{"IoRegister", "IORegister", XMLRequest},
		{"Queue", "QueueService", XMLRequest},
		{"ReRouteRequest", "ReRoute", XMLRequest},
		{"SendUserInfo", "SendUserInformation", XMLRequest},
	} {
		for _, root := range []string{tc.schema, tc.asn1} {
			doc := "<" + root + " " + ns + "/>"
			if tc.kind == XMLEvent {
				doc = "<" + root + " " + ns + "><monitorCrossRefID>1</monitorCrossRefID></" + root + ">"
			}
			// Mandatory children are absent: lenient decoding keeps that
			// as a departure, so only the root decides what m is.
			var m XMLMessage
			if err := m.DecodeXML([]byte(doc)); err != nil {
				t.Fatalf("%s: %v", doc, err)
			}
			if m.Kind != tc.kind || (m.Operation == nil) == (m.Event == nil) {
				t.Errorf("<%s> read as %v (operation %v, event %v), want %v", root, m.Kind, m.Operation, m.Event, tc.kind)
			}
			if got := m.RootName(); got != tc.schema {
				t.Errorf("<%s> is written <%s>, want <%s>", root, got, tc.schema)
			}
		}
	}
}

// TestDynamicDeviceID: a dynamic device identifier in a ConnectionID is
// written as ECMA-323 writes it, <deviceID typeOfNumber="dynamic">, and read
// in that form and as the <dynamicID> element of earlier versions.
func TestDynamicDeviceID(t *testing.T) {
	var local LocalDeviceID
	local.SetDynamicID([]byte("d1"))
	var v ConnectionID
	v.SetBoth(&ConnectionIDBoth{CallID: CallID("01"), DeviceID: local})
	doc, err := xmlAppendDoc(nil, &v, "ConnectionID", XMLNamespace)
	if err != nil {
		t.Fatal(err)
	}
	want := `<callID>01</callID><deviceID typeOfNumber="dynamic">d1</deviceID>`
	if !strings.Contains(string(doc), want) {
		t.Fatalf("AppendXML = %s, want %s in it", doc, want)
	}
	for _, in := range []string{string(doc), `<ConnectionID><callID>01</callID><dynamicID>d1</dynamicID></ConnectionID>`} {
		var w ConnectionID
		if err := xmlDecodeDoc([]byte(in), &w); err != nil {
			t.Fatalf("DecodeXML(%s): %v", in, err)
		}
		if w.Choice != ConnectionIDChoiceBoth || w.Both.DeviceID.Choice != LocalDeviceIDChoiceDynamicID || string(w.Both.DeviceID.DynamicID) != "d1" {
			t.Errorf("DecodeXML(%s) = %v, want the dynamic ID d1", in, &w)
		}
	}
	var static ConnectionID
	if err := xmlDecodeDoc([]byte(`<ConnectionID><deviceID typeOfNumber="deviceNumber">100</deviceID></ConnectionID>`), &static); err != nil ||
		static.DeviceID == nil || static.DeviceID.Choice != LocalDeviceIDChoiceStaticID {
		t.Errorf("a static deviceID with another typeOfNumber: %v, %v", &static, err)
	}
}

// TestWrappedInteger: the argument of privateDataVersionSelection, an
// INTEGER, is written in the element the ed3 and ed6 schemas give it,
// <privateDataVersionSelectionArgument>, and read from it.
func TestWrappedInteger(t *testing.T) {
	v := PrivateDataVersionSelectionArgument(-48)
	doc, err := v.AppendXML(nil)
	if err != nil {
		t.Fatal(err)
	}
	const want = `<PrivateDataVersionSelection xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed3"><privateDataVersionSelectionArgument>-48</privateDataVersionSelectionArgument></PrivateDataVersionSelection>`
	if !strings.HasSuffix(string(doc), want) {
		t.Errorf("AppendXML = %s, want it to end in %s", doc, want)
	}
	var m XMLMessage
	if err := m.DecodeXML(doc); err != nil {
		t.Fatal(err)
	}
	got, ok := m.Value.(*PrivateDataVersionSelectionArgument)
	if !ok || *got != v {
		t.Errorf("DecodeXML(%s) = %#v, want %d", doc, m.Value, v)
	}
	var w PrivateDataVersionSelectionArgument
	if err := w.DecodeXML([]byte(`<PrivateDataVersionSelection><privateDataVersionSelectionArgument>x</privateDataVersionSelectionArgument></PrivateDataVersionSelection>`)); err == nil {
		t.Errorf("DecodeXML of a bad number = %d, want an error", w)
	}
}

package csta

import (
	"errors"
	"strings"
	"testing"

	"github.com/cstagen/cstagen/runtime/xml"
)

// TestXMLListOfOne: messageInfo is a list of messageInfoItem in the schema
// and one SEQUENCE in ECMA-285. AppendXML writes the list of one item;
// decoding reads that and the components written in the element itself; a
// list of two items, which the value cannot hold, is kept verbatim (the
// component absent) and written back as it was, or with Strict is an error
// wrapping xml.ErrListOfOne.
func TestXMLListOfOne(t *testing.T) {
	const head = `<DeliveredEvent xmlns="` + XMLNamespace + `"><connection><callID>01</callID><deviceID>100</deviceID></connection><alertingDevice><deviceIdentifier>100</deviceIdentifier></alertingDevice><callingDevice><deviceIdentifier>200</deviceIdentifier></callingDevice><calledDevice><deviceIdentifier>100</deviceIdentifier></calledDevice><lastRedirectionDevice><notRequired/></lastRedirectionDevice><localConnectionInfo>alerting</localConnectionInfo><cause>newCall</cause>`
	const item = `<messageInfoItem><contentTypeAndSubtype>text/plain</contentTypeAndSubtype><contents>hi</contents><contentsLength>2</contentsLength></messageInfoItem>`
	const two = `<messageInfo>` + item + `<messageInfoItem><contents>there</contents></messageInfoItem></messageInfo>`
	for _, tc := range []struct {
		name, info string
	}{
		{"schema", `<messageInfo>` + item + `</messageInfo>`},
		{"schema, white space", "<messageInfo>\n  " + item + "\n</messageInfo>"},
		{"ASN.1", `<messageInfo><contents>hi</contents><contentTypeAndSubtype>text/plain</contentTypeAndSubtype><contentsLength>2</contentsLength></messageInfo>`},
	} {
		var ev DeliveredEvent
		if err := ev.DecodeXML([]byte(head + tc.info + `</DeliveredEvent>`)); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		mi := ev.GetMessageInfo()
		if string(mi.GetContents()) != "hi" || string(mi.GetContentTypeAndSubtype()) != "text/plain" || mi.GetContentsLength() != 2 {
			t.Errorf("%s: messageInfo = %v", tc.name, mi)
		}
		// Written as the schema has it, whatever the shape read.
		ev.MessageInfo.XML.Reset()
		doc, err := ev.AppendXML(nil)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(doc), `<messageInfo>`+item+`</messageInfo>`) {
			t.Errorf("%s: wrote %s", tc.name, doc)
		}
	}

	// deviceHistory: a list of DeviceHistoryListItem whose oldDeviceID holds
	// the DeviceID as the numberDialed alternative of a RedirectionDeviceID.
	for _, tc := range []struct {
		name, hist string
		number     int64 // the deviceNumber read, or -1 for none
	}{
		{"schema", `<deviceHistory><DeviceHistoryListItem><oldDeviceID><numberDialed typeOfNumber="deviceNumber">300</numberDialed></oldDeviceID><eventCause>newCall</eventCause></DeviceHistoryListItem></deviceHistory>`, 300},
		{"ASN.1", `<deviceHistory><oldDeviceID typeOfNumber="deviceNumber">300</oldDeviceID><eventCause>newCall</eventCause></deviceHistory>`, 300},
		{"other alternative", `<deviceHistory><DeviceHistoryListItem><oldDeviceID><notKnown/></oldDeviceID><eventCause>newCall</eventCause></DeviceHistoryListItem></deviceHistory>`, -1},
	} {
		src := head + tc.hist + `</DeliveredEvent>`
		var ev DeliveredEvent
		if err := ev.DecodeXML([]byte(src)); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		h := ev.GetDeviceHistory()
		if h.GetEventCause() != EventCauseNewCall {
			t.Errorf("%s: eventCause = %v", tc.name, h.GetEventCause())
		}
		got := int64(-1)
		if h.GetOldDeviceID().GetDeviceIdentifier().GetChoice() == DeviceIDDeviceIdentifierChoiceDeviceNumber {
			got = int64(h.GetOldDeviceID().GetDeviceIdentifier().GetDeviceNumber())
		}
		if got != tc.number {
			t.Errorf("%s: deviceNumber %d, want %d", tc.name, got, tc.number)
		}
		doc, err := ev.AppendXML(nil)
		if err != nil {
			t.Fatal(err)
		}
		want := `<deviceHistory><DeviceHistoryListItem><oldDeviceID><numberDialed typeOfNumber="deviceNumber">300</numberDialed></oldDeviceID>`
		if tc.number < 0 {
			want = `<oldDeviceID><notKnown/></oldDeviceID>` // kept as it was
		}
		if !strings.Contains(string(doc), want) {
			t.Errorf("%s: wrote %s, want %s in it", tc.name, doc, want)
		}
	}

	src := []byte(head + two + `</DeliveredEvent>`)
	var ev DeliveredEvent
	if err := ev.DecodeXML(src); err != nil {
		t.Fatal(err)
	}
	if ev.MessageInfo != nil {
		t.Errorf("two items decoded into %v", ev.MessageInfo)
	}
	doc, err := ev.AppendXML(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), two) {
		t.Errorf("two items written back as %s", doc)
	}
	r := xml.NewReader(nil)
	r.Strict = true
	r.Reset(src)
	if err := ev.DecodeXMLFrom(r); !errors.Is(err, xml.ErrListOfOne) {
		t.Errorf("Strict: %v, want xml.ErrListOfOne", err)
	}
}

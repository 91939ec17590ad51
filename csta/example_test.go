package csta_test

import (
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/runtime/xml"
)

// Decoding a cSTAEventReport from the bytes of one ROSE APDU: the PDU finds
// the operation by its code and decodes the argument into its typed value.
func Example_decodeEventReport() {
	frame, _ := hex.DecodeString("a1520202009d0201153049550400000007a041a43f6b0f300d80021234a1073005" +
		"80033534386307300580033534386110300e800c303137363632373534393439620730058003353438640288004e01020a0116")

	var pdu csta.PDU // reuse it for every frame: decoding then allocates nothing
	if err := pdu.DecodeBER(frame); err != nil {
		fmt.Println(err)
		return
	}
	id, _ := pdu.InvokeID()
	fmt.Println("invoke", id, "operation", pdu.Operation.Name)

	ev, _ := pdu.Argument.(*csta.CSTAEventReportArgument)
	fmt.Printf("monitor %x\n", []byte(ev.GetCrossRefIdentifier()))
	// The getters are nil-safe: a chain yields nil (or a zero value) as soon
	// as a component is absent or another alternative is chosen.
	if d := ev.GetEventSpecificInfo().GetCallControlEvents().GetDelivered(); d != nil {
		fmt.Println("delivered: from", d.GetCallingDevice().GetDeviceIdentifier().GetDeviceIdentifier().GetDialingNumber(),
			"to", d.GetAlertingDevice().GetDeviceIdentifier().GetDeviceIdentifier().GetDialingNumber(),
			"state", d.GetLocalConnectionInfo(), "cause", d.GetCause())
		kept := d.Clone() // owns its memory: safe to keep after the next frame, or to send on a channel
		_ = kept
	}
	// Output:
	// invoke 157 operation cSTAEventReport
	// monitor 00000007
	// delivered: from 017662754949 to 548 state alerting cause newCall
}

// Encoding a MakeCall invoke: fill the typed argument, then let the PDU
// wrap it in the ROSE envelope.
func Example_encodeMakeCall() {
	dialing := func(number string) csta.DeviceID {
		var id csta.DeviceID
		id.DeviceIdentifier.SetDialingNumber(csta.NumberDigits(number))
		return id
	}
	arg := csta.MakeCallArgument{
		CallingDevice:         dialing("664"),
		CalledDirectoryNumber: dialing("535"),
		AutoOriginate:         csta.AutoOriginatePrompt, // the DEFAULT: not encoded
	}
	var pdu csta.PDU
	pdu.SetRequest(4, &arg)    // the argument's type gives the operation: makeCall (csta.OpMakeCall)
	buf := make([]byte, 0, 64) // reuse a buffer: encoding then allocates nothing
	out, err := pdu.AppendBER(buf)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("% x\n", out)
	// Output:
	// a1 16 02 01 04 02 01 0a 30 0e 30 05 80 03 36 36 34 30 05 80 03 35 33 35
}

// Decoding a CSTA-XML (ECMA-323) event: XMLMessage finds the message by its
// root element, in any namespace, and decodes it into the same Go types as
// BER.
func Example_decodeXML() {
	doc := []byte(`<?xml version="1.0" encoding="UTF-8"?>
<DeliveredEvent xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed3">
  <monitorCrossRefID>7</monitorCrossRefID>
  <connection><callID>12</callID><deviceID>548</deviceID></connection>
  <alertingDevice><deviceIdentifier>548</deviceIdentifier></alertingDevice>
  <callingDevice><deviceIdentifier>017662754949</deviceIdentifier></callingDevice>
  <calledDevice><deviceIdentifier>548</deviceIdentifier></calledDevice>
  <lastRedirectionDevice><notRequired/></lastRedirectionDevice>
  <localConnectionInfo>alerting</localConnectionInfo>
  <cause>newCall</cause>
</DeliveredEvent>`)
	var m csta.XMLMessage // reuse it: decoding then allocates nothing
	if err := m.DecodeXML(doc); err != nil {
		fmt.Println(err)
		return
	}
	if d, ok := m.Value.(*csta.DeliveredEvent); ok {
		fmt.Println("monitor", string(m.CrossRefID), "call", string(d.GetConnection().GetBoth().GetCallID()),
			"from", d.GetCallingDevice().GetDeviceIdentifier().GetDeviceIdentifier().GetDialingNumber(),
			"cause", d.GetCause())
	}
	// Output:
	// monitor 7 call 12 from 017662754949 cause newCall
}

// Keeping a decoded PDU past the next decoding, or handing it to another
// goroutine: Clone copies it out of the reused PDU and the input buffer.
// String prints it on one line, binary octet strings (call and
// cross-reference IDs) in hexadecimal.
func ExamplePDU_Clone() {
	frame, _ := hex.DecodeString("a1520202009d0201153049550400000007a041a43f6b0f300d80021234a1073005" +
		"80033534386307300580033534386110300e800c303137363632373534393439620730058003353438640288004e01020a0116")

	var pdu csta.PDU
	if err := pdu.DecodeBER(frame); err != nil {
		fmt.Println(err)
		return
	}
	events := make(chan *csta.PDU, 1)
	events <- pdu.Clone() // shares nothing with pdu or frame
	clear(frame)          // the buffer is reused for the next frame
	fmt.Println((<-events).String())
	// Output:
	// invoke 157 cSTAEventReport {CrossRefIdentifier:0x00000007, EventSpecificInfo:{CallControlEvents:{Delivered:{Connection:{Both:{CallID:0x1234, DeviceID:{StaticID:{DeviceIdentifier:{DialingNumber:548}}}}}, AlertingDevice:{DeviceIdentifier:{DeviceIdentifier:{DialingNumber:548}}}, CallingDevice:{DeviceIdentifier:{DeviceIdentifier:{DialingNumber:017662754949}}}, CalledDevice:{DeviceIdentifier:{DeviceIdentifier:{DialingNumber:548}}}, LastRedirectionDevice:{notRequired}, LocalConnectionInfo:alerting, Cause:newCall}}}}
}

// Writing CSTA-XML in ECMA-323 6th edition: AppendXMLNS with the ed6
// namespace writes the ed6 spelling where the editions differ (<lampMode>
// for ed3's <LampMode>). What an edition has no form for is refused with an
// error wrapping xml.ErrNotInEdition: a DeviceID's ECMA-285 privateNumber,
// digits, in ed6 (whose privateNumber attribute is a boolean) and in ed3
// (which has no such attribute).
func Example_writeEd6() {
	lamp := csta.SetLampModeArgument{Lamp: csta.LampID("1"), LampMode: 2}
	lamp.Device.DeviceIdentifier.SetDialingNumber(csta.NumberDigits("4711"))
	doc, err := lamp.AppendXMLNS(nil, csta.XMLNamespaceEd6)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(doc))

	doc, err = lamp.AppendXML(nil) // ed3
	fmt.Println(string(doc), err)

	// ECMA-285's privateNumber: ed6's attribute of that name is a boolean,
	// and ed3 has none.
	lamp.Device.PrivateNumber, lamp.Device.HasPrivateNumber = csta.NumberDigits("8123"), true
	for _, ns := range []string{csta.XMLNamespaceEd6, csta.XMLNamespace} {
		_, err = lamp.AppendXMLNS(nil, ns)
		fmt.Println(errors.Is(err, xml.ErrNotInEdition), err)
	}
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?><SetLampMode xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed6"><device>4711</device><lamp>1</lamp><lampMode>2</lampMode></SetLampMode>
	// <?xml version="1.0" encoding="UTF-8"?><SetLampMode xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed3"><device>4711</device><lamp>1</lamp><LampMode>2</LampMode></SetLampMode> <nil>
	// true xml: no form in the ECMA-323 edition written in DeviceID.privateNumber: ed6
	// true xml: no form in the ECMA-323 edition written in DeviceID.privateNumber: ed3
}

package csta_test

import (
	"encoding/hex"
	"fmt"

	"github.com/cstagen/cstagen/csta"
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

	ev := pdu.Argument.(*csta.CSTAEventReportArgument)
	fmt.Printf("monitor %x\n", []byte(ev.CrossRefIdentifier))
	info := &ev.EventSpecificInfo
	if info.Choice == csta.EventSpecificInfoChoiceCallControlEvents &&
		info.CallControlEvents.Choice == csta.EventReportDefinitionsCallControlEventsChoiceDelivered {
		d := &info.CallControlEvents.Delivered
		fmt.Println("delivered: from", d.CallingDevice.DeviceIdentifier.DeviceIdentifier.DialingNumber,
			"to", d.AlertingDevice.DeviceIdentifier.DeviceIdentifier.DialingNumber,
			"state", d.LocalConnectionInfo, "cause", d.Cause)
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
		return csta.DeviceID{DeviceIdentifier: csta.DeviceIDDeviceIdentifier{
			Choice:        csta.DeviceIDDeviceIdentifierChoiceDialingNumber,
			DialingNumber: csta.NumberDigits(number),
		}}
	}
	arg := csta.MakeCallArgument{
		CallingDevice:         dialing("664"),
		CalledDirectoryNumber: dialing("535"),
		AutoOriginate:         csta.AutoOriginatePrompt, // the DEFAULT: not encoded
	}
	var pdu csta.PDU
	pdu.SetInvoke(4, csta.OperationByName("makeCall").Code, &arg)
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

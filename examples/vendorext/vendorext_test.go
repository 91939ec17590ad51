package vendorext

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"example.com/vendorext/vendorcsta"
)

func TestSetCallRecording(t *testing.T) {
	b, err := SetCallRecording("4711", "agent7", vendorcsta.RecordingModeAlways)
	if err != nil {
		t.Fatal(err)
	}
	// SEQUENCE { [0] "4711", [2] always, [APPLICATION 29] { 1, [0] "agent7" } }
	want := []byte{0x30, 0x16, 0x80, 0x04, '4', '7', '1', '1', 0x82, 0x01, 0x02,
		0x7d, 0x0b, 0x02, 0x01, 0x01, 0x80, 0x06, 'a', 'g', 'e', 'n', 't', '7'}
	if d := cmp.Diff(want, b); d != "" {
		t.Errorf("encoding (-want +got)\n%s", d)
	}
	var arg vendorcsta.SetCallRecordingArgument
	if err := arg.DecodeBER(b); err != nil {
		t.Fatal(err)
	}
	if string(arg.Device.DialingNumber) != "4711" || arg.Mode != vendorcsta.RecordingModeAlways || string(arg.PrivateData.AgentID) != "agent7" {
		t.Errorf("decoded %+v", arg)
	}
}

func TestOperationTable(t *testing.T) {
	op := vendorcsta.OperationByCode(1001)
	if op == nil || op.Name != "setCallRecording" || op.Argument != "SetCallRecordingArgument" {
		t.Fatalf("operation 1001: %+v", op)
	}
	if _, ok := op.NewResult().(*vendorcsta.SetCallRecordingResult); !ok {
		t.Errorf("NewResult gives %T", op.NewResult())
	}
}

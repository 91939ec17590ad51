package vendorext

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cstagen/cstagen/conn"
	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/runtime/privdata"

	"example.com/vendorext/vendorcsta"
)

func TestSetCallRecording(t *testing.T) {
	b, err := SetCallRecording("4711", "agent7", vendorcsta.RecordingModeAlways).AppendBER(nil)
	if err != nil {
		t.Fatal(err)
	}
	// SEQUENCE { csta.DeviceID SEQUENCE { [0] "4711" }, [2] always,
	// [APPLICATION 29] { 1, [0] "agent7" } }
	want := []byte{0x30, 0x18, 0x30, 0x06, 0x80, 0x04, '4', '7', '1', '1', 0x82, 0x01, 0x02,
		0x7d, 0x0b, 0x02, 0x01, 0x01, 0x80, 0x06, 'a', 'g', 'e', 'n', 't', '7'}
	if d := cmp.Diff(want, b); d != "" {
		t.Errorf("encoding (-want +got)\n%s", d)
	}
	var arg vendorcsta.SetCallRecordingArgument
	if err := arg.DecodeBER(b); err != nil {
		t.Fatal(err)
	}
	// The device is csta's own type: its getters work as on any csta value.
	if string(arg.GetDevice().GetDeviceIdentifier().GetDialingNumber()) != "4711" || arg.Mode != vendorcsta.RecordingModeAlways || string(arg.PrivateData.AgentID) != "agent7" {
		t.Errorf("decoded %v", &arg)
	}
	x, err := arg.AppendXML(nil)
	if err != nil {
		t.Fatal(err)
	}
	var back vendorcsta.SetCallRecordingArgument
	if err := back.DecodeXML(x); err != nil {
		t.Fatalf("%v\n%s", err, x)
	}
	if string(back.Device.DeviceIdentifier.DialingNumber) != "4711" || string(back.PrivateData.AgentID) != "agent7" {
		t.Errorf("from CSTA-XML %s: %v", x, &back)
	}
}

func TestOperationTable(t *testing.T) {
	op := vendorcsta.OperationByCode(vendorcsta.OpSetCallRecording)
	if op == nil || op.Name != "setCallRecording" || op.Argument != "SetCallRecordingArgument" {
		t.Fatalf("operation 1001: %+v", op)
	}
	if _, ok := op.NewResult().(*vendorcsta.SetCallRecordingResult); !ok {
		t.Errorf("NewResult gives %T", op.NewResult())
	}
	if len(vendorcsta.Operations) != 1 || len(vendorcsta.Events) != 0 || len(vendorcsta.Errors) != 0 {
		t.Errorf("tables hold csta's: %d operations, %d events, %d errors", len(vendorcsta.Operations), len(vendorcsta.Events), len(vendorcsta.Errors))
	}
}

// TestOverConn runs the vendor's operation alongside csta's makeCall over
// one conn association, with the vendor's private data in makeCall's
// extensions (csta.CSTAPrivateData) and in the vendor's own argument.
func TestOverConn(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cn, sn := net.Pipe()
	serverOpts := conn.BEROptions{
		OtherOperations: OtherOperations,
		OnRequest: func(p *csta.PDU) (csta.Message, error) {
			if p.Operation == nil { // the vendor's
				var arg vendorcsta.SetCallRecordingArgument
				if err := arg.DecodeBER(p.ROSE.GetInvoke().Argument); err != nil {
					return nil, err
				}
				id := "rec-" + string(arg.Device.DeviceIdentifier.DialingNumber) + "-" + string(arg.GetPrivateData().GetAgentID())
				return &vendorcsta.SetCallRecordingResult{RecordingID: []byte(id)}, nil
			}
			arg := p.Argument.(*csta.MakeCallArgument)
			// The typed decoder registered by this package finds the
			// vendor's data among the private data items.
			agent := "none"
			for _, pd := range arg.GetExtensions().GetPrivateData() {
				v, d, err := privdata.Default.Decode(pd.PrivateBER)
				if err != nil {
					return nil, err
				}
				if d != nil && d.Name == PrivateData.Name {
					agent = string(v.(*vendorcsta.VendorPrivateData).AgentID)
				}
			}
			res := &csta.MakeCallResult{}
			res.CallingDevice.SetCallID(csta.CallID("call-" + agent))
			return res, nil
		},
	}
	accepted := make(chan *conn.BERConn, 1)
	go func() {
		s, err := conn.AcceptBER(sn, serverOpts)
		if err != nil {
			t.Error(err)
			sn.Close()
		}
		accepted <- s
	}()
	client, err := conn.NewBER(cn, conn.BEROptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	if s := <-accepted; s != nil {
		defer s.Close()
	}

	// csta's makeCall, with the vendor's data in CSTAPrivateData.
	pd, err := Private(&vendorcsta.VendorPrivateData{Version: 1, AgentID: []byte("agent7"), HasAgentID: true})
	if err != nil {
		t.Fatal(err)
	}
	mc := &csta.MakeCallArgument{Extensions: &csta.CSTACommonArguments{PrivateData: csta.CSTACommonArgumentsPrivateData{pd}, HasPrivateData: true}}
	mc.CallingDevice.DeviceIdentifier.SetDialingNumber(csta.NumberDigits("100"))
	mc.CalledDirectoryNumber.DeviceIdentifier.SetDialingNumber(csta.NumberDigits("200"))
	res, err := client.Invoke(ctx, csta.OpMakeCall, mc)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(res.(*csta.MakeCallResult).CallingDevice.CallID); got != "call-agent7" {
		t.Errorf("makeCall answered %q, want call-agent7", got)
	}

	// The vendor's operation on the same association.
	r, err := client.Do(ctx, vendorcsta.OpSetCallRecording, SetCallRecording("4711", "agent9", vendorcsta.RecordingModeOnDemand))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Release()
	var rec vendorcsta.SetCallRecordingResult
	if err := rec.DecodeBER(r.PDU.ROSE.GetReturnResult().GetResult().Result); err != nil {
		t.Fatal(err)
	}
	if got := string(rec.RecordingID); got != "rec-4711-agent9" {
		t.Errorf("setCallRecording answered %q", got)
	}
}

func TestFromPrivate(t *testing.T) {
	pd, err := Private(&vendorcsta.VendorPrivateData{Version: 3, Tenant: []byte("ACME"), HasTenant: true})
	if err != nil {
		t.Fatal(err)
	}
	var p vendorcsta.VendorPrivateData
	if ok, err := FromPrivate(&pd, &p); !ok || err != nil || p.Version != 3 || string(p.Tenant) != "ACME" {
		t.Errorf("FromPrivate = %v, %v: %v", ok, err, &p)
	}
	var other csta.CSTAPrivateData
	other.SetString_([]byte("x"))
	if ok, err := FromPrivate(&other, &p); ok || err != nil {
		t.Errorf("FromPrivate of a string = %v, %v", ok, err)
	}
}

// TestZeroAllocs checks that the vendor's types code their csta components
// (csta.DeviceID, csta.CSTACommonArguments with private data) without
// allocating: encoding into a buffer with room, decoding into a reused
// value. The generated tests of vendorcsta leave out the types holding csta
// values (they cannot fill them at random).
func TestZeroAllocs(t *testing.T) {
	pd, err := Private(&vendorcsta.VendorPrivateData{Version: 2, AgentID: []byte("a1"), HasAgentID: true})
	if err != nil {
		t.Fatal(err)
	}
	arg := SetCallRecording("4711", "agent7", vendorcsta.RecordingModeAlways)
	arg.Extensions = &csta.CSTACommonArguments{PrivateData: csta.CSTACommonArgumentsPrivateData{pd}, HasPrivateData: true}
	arg.PrivateData.Recording = &csta.DeviceID{}
	arg.PrivateData.Recording.DeviceIdentifier.SetDialingNumber(csta.NumberDigits("9"))
	enc, err := arg.AppendBER(nil)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 0, len(enc))
	var w vendorcsta.SetCallRecordingArgument
	if err := w.DecodeBER(enc); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(arg.String(), w.String()); d != "" {
		t.Errorf("decoded (-encoded +decoded):\n%s", d)
	}
	allocs := testing.AllocsPerRun(20, func() {
		out, err := arg.AppendBER(buf[:0])
		if err != nil {
			t.Fatal(err)
		}
		if err := w.DecodeBER(out); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per encode+decode, want 0", allocs)
	}
}

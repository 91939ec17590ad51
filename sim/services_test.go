package sim

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/cstagen/cstagen/conn"
	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/runtime/framing"
	"github.com/cstagen/cstagen/sim/callmodel"
	"github.com/google/go-cmp/cmp"
)

func dialing(n string) (d csta.DeviceID) {
	d.DeviceIdentifier.SetDialingNumber(csta.NumberDigits(n))
	return d
}

// TestFeatures checks that every service and event of the model has its
// place in GetCSTAFeatureResult.
func TestFeatures(t *testing.T) {
	m, err := callmodel.New(callmodel.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	res, missing := features(m.GetCSTAFeatures())
	if len(missing) > 0 {
		t.Errorf("no component for %v", missing)
	}
	if !res.SupportedServices.GetCallControlServList().HasMakeCall || !res.GetSupportedEvents().GetCallControlEvtsList().HasDelivered {
		t.Errorf("makeCall or delivered not listed: %v", res)
	}
	if _, err := res.AppendBER(nil); err != nil {
		t.Error(err)
	}
}

// TestBERSwitchInvoked checks, over BER: the MonitorFilter honoured, the
// switchingFunctionDevices after GetSwitchingFunctionDevices, GetCSTAFeatures,
// and the switch's SystemStatus.
func TestBERSwitchInvoked(t *testing.T) {
	_, model, addr := startServer(t, "station 101-102; group 200 members 101,102 acd; trunk 9 outside 0049", Config{Encoding: BER})
	type got struct {
		code int64
		arg  csta.Message
	}
	reqs := make(chan got, 16)
	events := make(chan string, 16)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := conn.DialBER(ctx, "tcp", addr, conn.BEROptions{
		OnRequest: func(p *csta.PDU) (csta.Message, error) {
			// A copy of its own: the argument is only valid during the call.
			var arg csta.Message
			switch a := p.Argument.(type) {
			case *csta.SwitchingFunctionDevicesArgument:
				arg = a.Clone()
			case *csta.SystemStatusArg:
				arg = a.Clone()
			}
			reqs <- got{p.Operation.Code, arg}
			return nil, nil
		},
		OnEvent: func(p *csta.PDU) {
			arg := p.Argument.(*csta.CSTAEventReportArgument)
			cc := arg.GetEventSpecificInfo().GetCallControlEvents()
			events <- cc.GetChoice().String()
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	// A monitor of 102 that filters out delivered events.
	arg := &csta.MonitorStartArgument{RequestedMonitorFilter: &csta.MonitorFilter{CallControl: csta.CallControlEventsFilterDelivered}}
	d := dialing("102")
	arg.MonitorObject.SetDeviceObject(&d)
	res, err := c.Invoke(ctx, csta.OpMonitorStart, arg)
	if err != nil {
		t.Fatal(err)
	}
	if f := res.(*csta.MonitorStartResult).GetActualmonitorFilter(); f.CallControl != csta.CallControlEventsFilterDelivered {
		t.Errorf("actual filter %v", f)
	}
	if _, err := model.IncomingCall("0049123", "102"); err != nil {
		t.Fatal(err)
	}
	cid, _ := model.ConnectionOf("102")
	if err := model.AnswerCall(cid); err != nil {
		t.Fatal(err)
	}
	if e := <-events; e != "established" {
		t.Errorf("first event %s, want established (delivered filtered out)", e)
	}

	res, err = c.Invoke(ctx, csta.OpGetSwitchingFunctionDevices, &csta.GetSwitchingFunctionDevicesArgument{})
	if err != nil {
		t.Fatal(err)
	}
	xref := string(res.(*csta.GetSwitchingFunctionDevicesResult).ServiceCrossRefID)
	r := <-reqs
	sfd, ok := r.arg.(*csta.SwitchingFunctionDevicesArgument)
	if r.code != csta.OpSwitchingFunctionDevices || !ok || string(sfd.ServiceCrossRefID) != xref || !sfd.LastSegment {
		t.Fatalf("got request %d %v, want switchingFunctionDevices %s", r.code, r.arg, xref)
	}
	var devs []string
	for _, it := range sfd.DeviceList {
		devs = append(devs, string(it.DeviceID.DeviceIdentifier.DialingNumber)+" "+it.DeviceCategory.String())
	}
	if diff := cmp.Diff([]string{"101 station", "102 station", "200 group", "9 networkInterface"}, devs); diff != "" {
		t.Errorf("devices (-want +got):\n%s", diff)
	}

	res, err = c.Invoke(ctx, csta.OpGetCSTAFeature, &csta.GetCSTAFeatureArgument{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.(*csta.GetCSTAFeatureResult).SupportedServices.GetMonitoringServList().HasMonitorStart {
		t.Errorf("features: %v", res)
	}

	if err := model.SetSystemStatus(callmodel.StatusOverloadImminent); err != nil {
		t.Fatal(err)
	}
	r = <-reqs
	if st, ok := r.arg.(*csta.SystemStatusArg); r.code != csta.OpSystemStatus || !ok || st.SystemStatus != csta.SystemStatusOverloadImminent {
		t.Errorf("got request %d %v, want systemStatus overloadImminent", r.code, r.arg)
	}

	// An operation the simulator does not implement is rejected.
	_, err = c.Invoke(ctx, csta.OpGetAgentState, &csta.GetAgentStateArgument{Device: dialing("101")})
	if re, ok := err.(*conn.RejectError); !ok || re.Problem.Invoke != csta.InvokeProblemUnrecognizedOperation {
		t.Errorf("GetAgentState: %v, want a Reject unrecognizedOperation", err)
	}
}

// TestXMLSessionExpires checks that an ECMA-354 session whose timer is not
// reset ends with ApplicationSessionTerminated and the connection.
func TestXMLSessionExpires(t *testing.T) {
	_, _, addr := startServer(t, "station 101", Config{Encoding: XML, MinSession: time.Second})
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	nc.SetDeadline(time.Now().Add(10 * time.Second))
	start := []byte(`<StartApplicationSession xmlns="http://www.ecma-international.org/standards/ecma-354/appl_session">` +
		`<applicationInfo><applicationID>t</applicationID></applicationInfo><requestedProtocolVersions>` +
		`<protocolVersion>http://www.ecma-international.org/standards/ecma-323/csta/ed5</protocolVersion>` +
		`</requestedProtocolVersions><requestedSessionDuration>1</requestedSessionDuration></StartApplicationSession>`)
	if err := framing.NewXMLWriter(nc).WriteMessage(1, start); err != nil {
		t.Fatal(err)
	}
	r := framing.NewXMLReader(nc, framing.XMLOptions{})
	var roots []string
	for {
		_, body, err := r.ReadMessage()
		if err != nil {
			break // the switch closed the connection
		}
		var m csta.XMLMessage
		if err := m.DecodeXML(body); err != nil {
			t.Fatal(err)
		}
		roots = append(roots, m.RootName())
		if pos, ok := m.Value.(*csta.StartApplicationSessionPosResponse); ok && pos.ActualSessionDuration != 1 {
			t.Errorf("actual duration %d, want 1", pos.ActualSessionDuration)
		}
	}
	if diff := cmp.Diff([]string{"StartApplicationSessionPosResponse", "ApplicationSessionTerminated"}, roots); diff != "" {
		t.Errorf("messages (-want +got):\n%s", diff)
	}
}

package callmodel

import (
	"errors"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestServiceErrors(t *testing.T) {
	tests := []struct {
		name  string
		cfg   Config
		setup func(h *harness)
		op    func(m *Model) error
		want  *ServiceError
	}{
		{"AnswerCall unknown call", Config{}, nil,
			func(m *Model) error { return m.AnswerCall(cid("77", "102")) }, ErrInvalidCallID},
		{"AnswerCall unknown connection", Config{}, basicCall,
			func(m *Model) error { return m.AnswerCall(cid("1", "105")) }, ErrInvalidConnectionID},
		{"AnswerCall connected", Config{}, basicCall,
			func(m *Model) error { return m.AnswerCall(cid("1", "102")) }, ErrInvalidConnectionState},
		{"AnswerCall of the caller", Config{}, func(h *harness) { h.conn(h.m.MakeCall("101", "102")) },
			func(m *Model) error { return m.AnswerCall(cid("1", "101")) }, ErrInvalidConnectionState},
		{"AnswerCall of an external party", Config{}, func(h *harness) { h.conn(h.m.MakeCall("101", ext)) },
			func(m *Model) error { return m.AnswerCall(cid("1", ext)) }, ErrRequestIncompatible},
		{"HoldCall alerting", Config{}, func(h *harness) { h.conn(h.m.MakeCall("101", "102")) },
			func(m *Model) error { return m.HoldCall(cid("1", "102")) }, ErrInvalidConnectionState},
		{"HoldCall held", Config{}, func(h *harness) { basicCall(h); h.ok(h.m.HoldCall(cid("1", "101"))) },
			func(m *Model) error { return m.HoldCall(cid("1", "101")) }, ErrInvalidConnectionState},
		{"RetrieveCall not held", Config{}, basicCall,
			func(m *Model) error { return m.RetrieveCall(cid("1", "101")) }, ErrNoHeldCall},
		{"RetrieveCall with an active call", Config{}, func(h *harness) { basicCall(h); consult(h) },
			func(m *Model) error { return m.RetrieveCall(cid("1", "102")) }, ErrConnectedCallExists},
		{"MakeCall from unknown", Config{}, nil,
			func(m *Model) error { _, err := m.MakeCall("999", "102"); return err }, ErrInvalidCallingDeviceID},
		{"MakeCall from a group", Config{}, nil,
			func(m *Model) error { _, err := m.MakeCall("200", "102"); return err }, ErrRequestIncompatibleDevice},
		{"MakeCall to unknown", Config{}, nil,
			func(m *Model) error { _, err := m.MakeCall("101", "555"); return err }, ErrInvalidCalledDeviceID},
		{"MakeCall to self", Config{}, nil,
			func(m *Model) error { _, err := m.MakeCall("101", "101"); return err }, ErrNotDifferentDevices},
		{"MakeCall while in a call", Config{}, basicCall,
			func(m *Model) error { _, err := m.MakeCall("101", "103"); return err }, ErrInvalidCallingDeviceState},
		{"MakeCall out of service", Config{}, func(h *harness) { h.ok(h.m.SetOutOfService("101", true)) },
			func(m *Model) error { _, err := m.MakeCall("101", "103"); return err }, ErrCallingDeviceOutOfService},
		{"MakeCall beyond MaxCalls", Config{MaxCalls: 1}, basicCall,
			func(m *Model) error { _, err := m.MakeCall("103", "104"); return err }, ErrResourceLimitExceeded},
		{"ConsultationCall beyond MaxCalls", Config{MaxCalls: 1}, basicCall,
			func(m *Model) error { _, err := m.ConsultationCall(cid("1", "102"), "103"); return err }, ErrResourceLimitExceeded},
		{"ConsultationCall from held", Config{}, func(h *harness) { basicCall(h); h.ok(h.m.HoldCall(cid("1", "102"))) },
			func(m *Model) error { _, err := m.ConsultationCall(cid("1", "102"), "103"); return err }, ErrInvalidConnectionState},
		{"TransferCall of one call", Config{}, func(h *harness) { basicCall(h); h.ok(h.m.HoldCall(cid("1", "102"))) },
			func(m *Model) error { _, _, err := m.TransferCall(cid("1", "102"), cid("1", "102")); return err }, ErrInvalidParameterValue},
		{"TransferCall of two devices", Config{}, func(h *harness) {
			basicCall(h)
			h.conn(h.m.MakeCall("103", "104"))
			h.ok(h.m.AnswerCall(cid("2", "104")))
		},
			func(m *Model) error { _, _, err := m.TransferCall(cid("1", "102"), cid("2", "104")); return err }, ErrNotSameDevice},
		{"TransferCall swapped connections", Config{}, func(h *harness) { basicCall(h); consult(h) },
			func(m *Model) error { _, _, err := m.TransferCall(cid("2", "102"), cid("1", "102")); return err }, ErrInvalidHeldConnectionState},
		{"TransferCall unknown active", Config{}, func(h *harness) { basicCall(h); consult(h) },
			func(m *Model) error { _, _, err := m.TransferCall(cid("1", "102"), cid("9", "102")); return err }, ErrInvalidActiveConnectionID},
		{"ConferenceCall beyond MaxConference", Config{MaxConference: 2}, func(h *harness) { basicCall(h); consult(h) },
			func(m *Model) error { _, _, err := m.ConferenceCall(cid("1", "102"), cid("2", "102")); return err }, ErrConferenceMemberLimitExceeded},
		{"DeflectCall connected", Config{}, basicCall,
			func(m *Model) error { return m.DeflectCall(cid("1", "102"), "103") }, ErrInvalidConnectionState},
		{"DeflectCall to unknown", Config{}, func(h *harness) { h.conn(h.m.MakeCall("101", "102")) },
			func(m *Model) error { return m.DeflectCall(cid("1", "102"), "5") }, ErrInvalidDestinationDeviceID},
		{"SingleStepTransferCall alerting", Config{}, func(h *harness) { h.conn(h.m.MakeCall("101", "102")) },
			func(m *Model) error { _, _, err := m.SingleStepTransferCall(cid("1", "102"), "103"); return err }, ErrInvalidConnectionState},
		{"SingleStepTransferCall to a party of the call", Config{}, basicCall,
			func(m *Model) error { _, _, err := m.SingleStepTransferCall(cid("1", "102"), "101"); return err }, ErrNotDifferentDevices},
		{"ClearConnection unknown", Config{}, basicCall,
			func(m *Model) error { return m.ClearConnection(cid("1", "104")) }, ErrInvalidConnectionID},
		{"ClearCall unknown", Config{}, nil,
			func(m *Model) error { return m.ClearCall(ConnectionID{Call: "1"}) }, ErrInvalidCallID},
		{"SnapshotCall unknown", Config{}, nil,
			func(m *Model) error { _, err := m.SnapshotCall(ConnectionID{Call: "1"}); return err }, ErrInvalidCallID},
		{"SnapshotDevice unknown", Config{}, nil,
			func(m *Model) error { _, err := m.SnapshotDevice("1"); return err }, ErrInvalidDeviceID},
		{"SetDoNotDisturb on a trunk", Config{}, nil,
			func(m *Model) error { return m.SetDoNotDisturb("9", true) }, ErrRequestIncompatibleDevice},
		{"SetForwarding to itself", Config{}, nil,
			func(m *Model) error {
				return m.SetForwarding("101", Forwarding{Type: ForwardBusy, On: true, To: "101"})
			}, ErrInvalidForwardingDest},
		{"SetForwarding without destination", Config{}, nil,
			func(m *Model) error { return m.SetForwarding("101", Forwarding{Type: ForwardBusy, On: true}) }, ErrInvalidForwardingDest},
		{"SetForwarding unknown type", Config{}, nil,
			func(m *Model) error {
				return m.SetForwarding("101", Forwarding{Type: "forwardDND", On: true, To: "102"})
			}, ErrInvalidForwardingType},
		{"SetForwarding ring count", Config{}, nil,
			func(m *Model) error {
				return m.SetForwarding("101", Forwarding{Type: ForwardNoAnswer, On: true, To: "102", RingCount: 101})
			}, ErrValueOutOfRange},
		{"MonitorStart unknown", Config{}, nil,
			func(m *Model) error { _, err := m.MonitorStart("555", 0); return err }, ErrInvalidMonitorObject},
		{"MonitorStart beyond MaxMonitors", Config{MaxMonitors: 3}, nil,
			func(m *Model) error { _, err := m.MonitorStart("104", 0); return err }, ErrOverallMonitorLimitExceeded},
		{"MonitorStart beyond MaxMonitorsPerDevice", Config{MaxMonitorsPerDevice: 1}, nil,
			func(m *Model) error { _, err := m.MonitorStart("101", 0); return err }, ErrObjectMonitorLimitExceeded},
		{"MonitorStop unknown", Config{}, nil,
			func(m *Model) error { return m.MonitorStop("x") }, ErrInvalidMonitorCrossRefID},
		{"IncomingCall from an internal number", Config{}, nil,
			func(m *Model) error { _, err := m.IncomingCall("101", "102"); return err }, ErrInvalidCallingDeviceID},
		{"IncomingCall from a number no trunk reaches", Config{}, nil,
			func(m *Model) error { _, err := m.IncomingCall("0033123", "102"); return err }, ErrInvalidCallingDeviceID},
		{"IncomingCall to a trunk", Config{}, nil,
			func(m *Model) error { _, err := m.IncomingCall(ext, "9"); return err }, ErrInvalidCalledDeviceID},
		{"ExternalAnswer without call", Config{}, nil,
			func(m *Model) error { return m.ExternalAnswer(ext) }, ErrNoCallToAnswer},
		{"ExternalHangup without call", Config{}, nil,
			func(m *Model) error { return m.ExternalHangup(ext) }, ErrNoConnectionToClear},
		{"SetSystemStatus unknown", Config{}, nil,
			func(m *Model) error { return m.SetSystemStatus("fine") }, ErrValueOutOfRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, tt.cfg, "101", "102", "103")
			if tt.setup != nil {
				tt.setup(h)
			}
			h.got() // discard the setup's events
			before := h.m.Stats()
			wantErr(t, tt.op(h.m), tt.want)
			if got := h.got(); len(got) != 0 {
				t.Errorf("refused request produced events: %v", got)
			}
			if after := h.m.Stats(); after.Calls != before.Calls {
				t.Errorf("refused request changed the number of calls from %d to %d", before.Calls, after.Calls)
			}
		})
	}
}

func TestServiceErrorIs(t *testing.T) {
	err := error(ErrInvalidCallID.with("no call 7"))
	if !errors.Is(err, ErrInvalidCallID) {
		t.Error("errors.Is(detailed invalidCallID, ErrInvalidCallID) = false")
	}
	if errors.Is(err, ErrInvalidConnectionID) {
		t.Error("errors.Is(invalidCallID, ErrInvalidConnectionID) = true")
	}
	if got, want := err.Error(), "callmodel: operation/invalidCallID: no call 7"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestFilter(t *testing.T) {
	h := newHarness(t, Config{})
	mon, err := h.m.MonitorStart("101", FilterOut(EventServiceInitiated, EventDelivered))
	h.ok(err)
	h.mons["101"] = mon
	basicCall(h)
	var kinds []EventKind
	for _, e := range h.got()["101"] {
		kinds = append(kinds, e.Kind)
	}
	if diff := cmp.Diff([]EventKind{EventOriginated, EventEstablished}, kinds); diff != "" {
		t.Errorf("filtered kinds (-want +got):\n%s", diff)
	}
	if got, want := mon.Filter().String(), "{serviceInitiated,delivered}"; got != want {
		t.Errorf("Filter.String() = %q, want %q", got, want)
	}
}

func TestMonitorStopAndOverflow(t *testing.T) {
	h := newHarness(t, Config{EventQueue: 3}, "101", "102")
	h.ok(h.m.MonitorStop(h.mons["102"].CrossRef()))
	if err := h.mons["102"].Err(); !errors.Is(err, ErrMonitorStopped) {
		t.Errorf("stopped monitor Err() = %v", err)
	}
	basicCall(h) // four events for 101: one too many
	evs := drain(t, h.mons["101"])
	if len(evs) != 3 {
		t.Errorf("overflowed monitor delivered %d events, want the 3 queued", len(evs))
	}
	if _, open := <-h.mons["101"].Events(); open {
		t.Error("overflowed monitor's channel is open")
	}
	if err := h.mons["101"].Err(); !errors.Is(err, ErrMonitorOverflow) {
		t.Errorf("overflowed monitor Err() = %v", err)
	}
	if s := h.m.Stats(); s.Monitors != 0 || s.Overflows != 1 {
		t.Errorf("Stats = %+v, want no monitors and one overflow", s)
	}
	if err := h.m.MonitorStop(h.mons["101"].CrossRef()); !errors.Is(err, ErrInvalidMonitorCrossRefID) {
		t.Errorf("MonitorStop of an ended monitor: %v", err)
	}
}

func TestSnapshots(t *testing.T) {
	h := newHarness(t, Config{})
	basicCall(h)
	consult(h)
	dev, err := h.m.SnapshotDevice("102")
	h.ok(err)
	wantDev := []DeviceSnapshot{
		{Connection: cid("1", "102"), States: []ConnectionState{StateHold, StateConnected}},
		{Connection: cid("2", "102"), States: []ConnectionState{StateConnected, StateConnected}},
	}
	if diff := cmp.Diff(wantDev, dev); diff != "" {
		t.Errorf("SnapshotDevice (-want +got):\n%s", diff)
	}
	call, err := h.m.SnapshotCall(ConnectionID{Call: "1"})
	h.ok(err)
	wantCall := []CallSnapshot{
		{Device: "101", Connection: cid("1", "101"), State: StateConnected},
		{Device: "102", Connection: cid("1", "102"), State: StateHold},
	}
	if diff := cmp.Diff(wantCall, call); diff != "" {
		t.Errorf("SnapshotCall (-want +got):\n%s", diff)
	}
}

func TestDeviceFeatures(t *testing.T) {
	h := newHarness(t, Config{})
	h.ok(h.m.SetDoNotDisturb("101", true))
	if on, err := h.m.GetDoNotDisturb("101"); err != nil || !on {
		t.Errorf("GetDoNotDisturb = %v, %v", on, err)
	}
	h.ok(h.m.SetForwarding("101", Forwarding{Type: ForwardNoAnswer, On: true, To: "9" + ext, RingCount: 4}))
	fw, err := h.m.GetForwarding("101")
	h.ok(err)
	want := []Forwarding{
		{Type: ForwardImmediate}, {Type: ForwardBusy},
		{Type: ForwardNoAnswer, On: true, To: ext, RingCount: 4}, // the access code is resolved
	}
	if diff := cmp.Diff(want, fw); diff != "" {
		t.Errorf("GetForwarding (-want +got):\n%s", diff)
	}
	devs := h.m.GetSwitchingFunctionDevices(CategoryGroupHunt)
	if diff := cmp.Diff([]DeviceInfo{{ID: "200", Category: CategoryGroupHunt, Members: []DeviceID{"103", "104"}}}, devs); diff != "" {
		t.Errorf("GetSwitchingFunctionDevices(groupHunt) (-want +got):\n%s", diff)
	}
	if n := len(h.m.GetSwitchingFunctionDevices("")); n != 8 {
		t.Errorf("GetSwitchingFunctionDevices() has %d devices, want 8", n)
	}
	f := h.m.GetCSTAFeatures()
	for list, s := range map[string]string{"callControlServList": "makeCall", "monitoringServList": "monitorStart",
		"logicalServList": "setForwarding", "capExchangeServList": "getCSTAFeatures"} {
		found := false
		for _, x := range f.Services[list] {
			found = found || x == s
		}
		if !found {
			t.Errorf("GetCSTAFeatures lacks %s in %s", s, list)
		}
	}
	if len(f.Events) != int(numEventKinds) {
		t.Errorf("GetCSTAFeatures lists %d events, want %d", len(f.Events), numEventKinds)
	}
}

func TestSystemStatus(t *testing.T) {
	h := newHarness(t, Config{})
	if s := h.m.SystemStatus(); s != StatusNormal {
		t.Errorf("initial status %q", s)
	}
	ch, stop := h.m.WatchSystemStatus()
	h.ok(h.m.SetSystemStatus(StatusDisabled))
	if s := <-ch; s != StatusDisabled {
		t.Errorf("watched status %q", s)
	}
	stop()
	if _, open := <-ch; open {
		t.Error("watch channel open after stop")
	}
	h.ok(h.m.ReceiveSystemStatus(StatusMessagesLost))
	if s := h.m.ClientSystemStatus(); s != StatusMessagesLost {
		t.Errorf("client status %q", s)
	}
}

func TestClosed(t *testing.T) {
	h := newHarness(t, Config{}, "101")
	h.m.Close()
	if err := h.mons["101"].Err(); !errors.Is(err, ErrClosed) {
		t.Errorf("monitor Err() after Close = %v", err)
	}
	if _, err := h.m.MakeCall("101", "102"); !errors.Is(err, ErrClosed) {
		t.Errorf("MakeCall after Close = %v", err)
	}
}

// TestConcurrent runs calls from many goroutines (run with -race) and checks
// that each monitor's events are in a valid order and every call ended.
func TestConcurrent(t *testing.T) {
	spec := "station 1000-1199"
	plan, err := ParseSpec(spec)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Config{Plan: plan, EventQueue: 1 << 12})
	mons := make([]*Monitor, 0, 200)
	for _, d := range plan.Stations {
		mon, err := h.m.MonitorStart(d, 0)
		h.ok(err)
		mons = append(mons, mon)
	}
	var wg sync.WaitGroup
	for g := 0; g < 100; g++ {
		a, b := plan.Stations[2*g], plan.Stations[2*g+1]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				c, err := h.m.MakeCall(a, b)
				if err != nil {
					t.Error(err)
					return
				}
				if err := h.m.AnswerCall(ConnectionID{c.Call, b}); err != nil {
					t.Error(err)
					return
				}
				if err := h.m.ClearConnection(c); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if s := h.m.Stats(); s.Calls != 0 || s.CallsStarted != 2000 {
		t.Errorf("Stats = %+v, want 0 calls and 2000 started", s)
	}
	for i, mon := range mons {
		evs := drain(t, mon)
		want := []EventKind{EventServiceInitiated, EventOriginated, EventDelivered, EventEstablished,
			EventConnectionCleared, EventConnectionCleared, EventCallCleared}
		if i%2 == 1 {
			want = want[2:]
		}
		if len(evs) != 20*len(want) {
			t.Fatalf("monitor of %s got %d events, want %d", mon.Device(), len(evs), 20*len(want))
		}
		for j, e := range evs {
			if e.Kind != want[j%len(want)] {
				t.Fatalf("monitor of %s: event %d is %v, want %v", mon.Device(), j, e.Kind, want[j%len(want)])
			}
		}
	}
}

func TestNames(t *testing.T) {
	for _, k := range EventKinds() {
		if got, ok := ParseEventKind(k.String()); !ok || got != k {
			t.Errorf("ParseEventKind(%q) = %v, %v", k.String(), got, ok)
		}
	}
	if _, ok := ParseEventKind("bridged"); ok {
		t.Error("ParseEventKind(bridged) succeeded")
	}
	for _, tt := range []struct{ got, want string }{
		{EventKind(99).String(), "EventKind(99)"},
		{ConnectionState(9).String(), "ConnectionState(9)"},
		{ConnectionID{Call: "4"}.String(), "4"},
		{cid("4", "101").String(), "4/101"},
		{Filter(0).String(), "{}"},
		{(&ParseError{Pos: Pos{2, 3}, Err: ErrSyntax, Msg: "x"}).Error(), "2:3: syntax error: x"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

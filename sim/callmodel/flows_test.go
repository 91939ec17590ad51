package callmodel

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const ext = "0049891234"

// basicCall is the start of most flows: 101 calls 102 and 102 answers.
func basicCall(h *harness) {
	h.conn(h.m.MakeCall("101", "102"))
	h.ok(h.m.AnswerCall(cid("1", "102")))
}

// basicCallEvents are the events of basicCall, for monitors on 101 and 102.
var basicCallEvents = []delivery{
	{Event{Kind: EventServiceInitiated, Connection: cid("1", "101"), Device: "101", Cause: CauseMakeCall},
		at{"101": StateInitiated}},
	{Event{Kind: EventOriginated, Connection: cid("1", "101"), Device: "101", Called: "102", Cause: CauseMakeCall},
		at{"101": StateConnected}},
	{Event{Kind: EventDelivered, Connection: cid("1", "102"), Device: "102", Calling: "101", Called: "102", Cause: CauseNewCall},
		at{"101": StateConnected, "102": StateAlerting}},
	{Event{Kind: EventEstablished, Connection: cid("1", "102"), Device: "102", Calling: "101", Called: "102", Cause: CauseNewCall},
		at{"101": StateConnected, "102": StateConnected}},
}

// consultEvents are the events of 102 consulting 103 from call 1 and 103
// answering, for monitors on 101, 102 and 103.
var consultEvents = []delivery{
	{Event{Kind: EventHeld, Connection: cid("1", "102"), Device: "102", Cause: CauseConsultation},
		at{"101": StateConnected, "102": StateHold}},
	{Event{Kind: EventServiceInitiated, Connection: cid("2", "102"), Device: "102", Cause: CauseConsultation},
		at{"102": StateInitiated}},
	{Event{Kind: EventOriginated, Connection: cid("2", "102"), Device: "102", Called: "103", Cause: CauseConsultation},
		at{"102": StateConnected}},
	{Event{Kind: EventDelivered, Connection: cid("2", "103"), Device: "103", Calling: "102", Called: "103", Cause: CauseConsultation},
		at{"102": StateConnected, "103": StateAlerting}},
	{Event{Kind: EventEstablished, Connection: cid("2", "103"), Device: "103", Calling: "102", Called: "103", Cause: CauseConsultation},
		at{"102": StateConnected, "103": StateConnected}},
}

func consult(h *harness) {
	c2 := h.conn(h.m.ConsultationCall(cid("1", "102"), "103"))
	if c2 != cid("2", "102") {
		h.t.Fatalf("consultation connection %v, want 2/102", c2)
	}
	h.ok(h.m.AnswerCall(cid("2", "103")))
}

func concat(parts ...[]delivery) []delivery {
	var out []delivery
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func TestCallFlows(t *testing.T) {
	tests := []struct {
		name      string
		cfg       Config
		monitored []DeviceID
		run       func(h *harness)
		want      []delivery
	}{
		{
			name:      "A calls B, B answers, A clears",
			monitored: []DeviceID{"101", "102", "103"},
			run: func(h *harness) {
				basicCall(h)
				h.ok(h.m.ClearConnection(cid("1", "101")))
			},
			want: concat(basicCallEvents, []delivery{
				{Event{Kind: EventConnectionCleared, Connection: cid("1", "101"), Device: "101", Cause: CauseNormalClearing},
					at{"101": StateNull, "102": StateConnected}},
				{Event{Kind: EventConnectionCleared, Connection: cid("1", "102"), Device: "102", Cause: CauseNormalClearing},
					at{"101": StateNull, "102": StateNull}},
				{Event{Kind: EventCallCleared, Connection: ConnectionID{Call: "1"}, Cause: CauseNormalClearing},
					at{"101": StateNull, "102": StateNull}},
			}),
		},
		{
			name:      "caller clears while B alerts",
			monitored: []DeviceID{"101", "102"},
			run: func(h *harness) {
				h.conn(h.m.MakeCall("101", "102"))
				h.ok(h.m.ClearConnection(cid("1", "101")))
			},
			want: concat(basicCallEvents[:3], []delivery{
				{Event{Kind: EventConnectionCleared, Connection: cid("1", "101"), Device: "101", Cause: CauseNormalClearing},
					at{"101": StateNull, "102": StateAlerting}},
				{Event{Kind: EventConnectionCleared, Connection: cid("1", "102"), Device: "102", Cause: CauseNormalClearing},
					at{"101": StateNull, "102": StateNull}},
				{Event{Kind: EventCallCleared, Connection: ConnectionID{Call: "1"}, Cause: CauseNormalClearing},
					at{"101": StateNull, "102": StateNull}},
			}),
		},
		{
			name:      "hold and retrieve",
			monitored: []DeviceID{"101", "102"},
			run: func(h *harness) {
				basicCall(h)
				h.ok(h.m.HoldCall(cid("1", "101")))
				h.ok(h.m.RetrieveCall(cid("1", "101")))
			},
			want: concat(basicCallEvents, []delivery{
				{Event{Kind: EventHeld, Connection: cid("1", "101"), Device: "101", Cause: CauseNormal},
					at{"101": StateHold, "102": StateConnected}},
				{Event{Kind: EventRetrieved, Connection: cid("1", "101"), Device: "101", Cause: CauseNormal},
					at{"101": StateConnected, "102": StateConnected}},
			}),
		},
		{
			name:      "ClearCall",
			monitored: []DeviceID{"101", "102"},
			run: func(h *harness) {
				basicCall(h)
				h.ok(h.m.ClearCall(ConnectionID{Call: "1"}))
			},
			want: concat(basicCallEvents, []delivery{
				{Event{Kind: EventConnectionCleared, Connection: cid("1", "101"), Device: "101", Cause: CauseNormalClearing},
					at{"101": StateNull, "102": StateConnected}},
				{Event{Kind: EventConnectionCleared, Connection: cid("1", "102"), Device: "102", Cause: CauseNormalClearing},
					at{"101": StateNull, "102": StateNull}},
				{Event{Kind: EventCallCleared, Connection: ConnectionID{Call: "1"}, Cause: CauseNormalClearing},
					at{"101": StateNull, "102": StateNull}},
			}),
		},
		{
			name:      "consultation then transfer",
			monitored: []DeviceID{"101", "102", "103"},
			run: func(h *harness) {
				basicCall(h)
				consult(h)
				call, list, err := h.m.TransferCall(cid("1", "102"), cid("2", "102"))
				h.ok(err)
				if call != (ConnectionID{Call: "1"}) || len(list) != 2 {
					h.t.Errorf("TransferCall = %v, %v", call, list)
				}
				h.ok(h.m.ClearConnection(cid("1", "101")))
			},
			want: concat(basicCallEvents, consultEvents, []delivery{
				{Event{Kind: EventTransferred, Connection: cid("1", "102"), SecondaryOldCall: cid("2", "102"), Device: "102",
					TransferredTo: "103", Cause: CauseTransfer, Connections: []ConnectionListEntry{
						{New: cid("1", "101"), Old: cid("1", "101"), Endpoint: "101"},
						{New: cid("1", "103"), Old: cid("2", "103"), Endpoint: "103"},
					}},
					at{"101": StateConnected, "102": StateNull, "103": StateConnected}},
				{Event{Kind: EventConnectionCleared, Connection: cid("1", "101"), Device: "101", Cause: CauseNormalClearing},
					at{"101": StateNull, "103": StateConnected}},
				{Event{Kind: EventConnectionCleared, Connection: cid("1", "103"), Device: "103", Cause: CauseNormalClearing},
					at{"101": StateNull, "103": StateNull}},
				{Event{Kind: EventCallCleared, Connection: ConnectionID{Call: "1"}, Cause: CauseNormalClearing},
					at{"101": StateNull, "103": StateNull}},
			}),
		},
		{
			name:      "consultation then conference, then one party leaves",
			monitored: []DeviceID{"101", "102", "103"},
			run: func(h *harness) {
				basicCall(h)
				consult(h)
				c, _, err := h.m.ConferenceCall(cid("1", "102"), cid("2", "102"))
				h.ok(err)
				if c != cid("1", "102") {
					h.t.Errorf("ConferenceCall = %v, want 1/102", c)
				}
				h.ok(h.m.ClearConnection(cid("1", "103")))
			},
			want: concat(basicCallEvents, consultEvents, []delivery{
				{Event{Kind: EventConferenced, Connection: cid("1", "102"), SecondaryOldCall: cid("2", "102"), Device: "102",
					AddedParty: "103", Cause: CauseConference, Connections: []ConnectionListEntry{
						{New: cid("1", "101"), Old: cid("1", "101"), Endpoint: "101"},
						{New: cid("1", "102"), Old: cid("1", "102"), Endpoint: "102"},
						{New: cid("1", "103"), Old: cid("2", "103"), Endpoint: "103"},
					}},
					at{"101": StateConnected, "102": StateConnected, "103": StateConnected}},
				{Event{Kind: EventConnectionCleared, Connection: cid("1", "103"), Device: "103", Cause: CauseNormalClearing},
					at{"101": StateConnected, "102": StateConnected, "103": StateNull}},
			}),
		},
		{
			name:      "incoming external call deflected, external hangs up",
			monitored: []DeviceID{"101", "102", "9"},
			run: func(h *harness) {
				e := h.conn(h.m.IncomingCall(ext, "101"))
				if e != cid("1", ext) {
					h.t.Errorf("IncomingCall = %v", e)
				}
				h.ok(h.m.DeflectCall(cid("1", "101"), "102"))
				h.ok(h.m.AnswerCall(cid("1", "102")))
				h.ok(h.m.ExternalHangup(ext))
			},
			want: []delivery{
				{Event{Kind: EventDelivered, Connection: cid("1", "101"), Device: "101", Calling: ext, Called: "101", Cause: CauseNewCall},
					at{"9": StateConnected, "101": StateAlerting}},
				{Event{Kind: EventDiverted, Connection: cid("1", "101"), Device: "101", NewDestination: "102", Calling: ext, Called: "101", Cause: CauseRedirected},
					at{"9": StateConnected, "101": StateNull}},
				{Event{Kind: EventDelivered, Connection: cid("1", "102"), Device: "102", Calling: ext, Called: "101", LastRedirection: "101", Cause: CauseRedirected},
					at{"9": StateConnected, "102": StateAlerting}},
				{Event{Kind: EventEstablished, Connection: cid("1", "102"), Device: "102", Calling: ext, Called: "101", LastRedirection: "101", Cause: CauseRedirected},
					at{"9": StateConnected, "102": StateConnected}},
				{Event{Kind: EventConnectionCleared, Connection: cid("1", ext), Device: ext, Cause: CauseNormalClearing},
					at{"9": StateNull, "102": StateConnected}},
				{Event{Kind: EventConnectionCleared, Connection: cid("1", "102"), Device: "102", Cause: CauseNormalClearing},
					at{"9": StateNull, "102": StateNull}},
				{Event{Kind: EventCallCleared, Connection: ConnectionID{Call: "1"}, Cause: CauseNormalClearing},
					at{"9": StateNull, "102": StateNull}},
			},
		},
		{
			name:      "outgoing external call answered by the far end",
			monitored: []DeviceID{"101", "9"},
			run: func(h *harness) {
				h.conn(h.m.MakeCall("101", "9"+ext)) // trunk access code, then the number
				h.ok(h.m.ExternalAnswer(ext))
			},
			want: []delivery{
				{Event{Kind: EventServiceInitiated, Connection: cid("1", "101"), Device: "101", Cause: CauseMakeCall},
					at{"101": StateInitiated}},
				{Event{Kind: EventOriginated, Connection: cid("1", "101"), Device: "101", Called: ext, Cause: CauseMakeCall},
					at{"101": StateConnected}},
				{Event{Kind: EventDelivered, Connection: cid("1", ext), Device: ext, Calling: "101", Called: ext, Cause: CauseNewCall},
					at{"101": StateConnected, "9": StateAlerting}},
				{Event{Kind: EventEstablished, Connection: cid("1", ext), Device: ext, Calling: "101", Called: ext, Cause: CauseNewCall},
					at{"101": StateConnected, "9": StateConnected}},
			},
		},
		{
			name:      "single-step transfer",
			monitored: []DeviceID{"101", "102", "103"},
			run: func(h *harness) {
				basicCall(h)
				c, _, err := h.m.SingleStepTransferCall(cid("1", "102"), "103")
				h.ok(err)
				if c != cid("1", "103") {
					h.t.Errorf("SingleStepTransferCall = %v, want 1/103", c)
				}
				h.ok(h.m.AnswerCall(cid("1", "103")))
			},
			want: concat(basicCallEvents, []delivery{
				{Event{Kind: EventTransferred, Connection: cid("1", "102"), Device: "102", TransferredTo: "103", Cause: CauseSingleStepTransfer,
					Connections: []ConnectionListEntry{
						{New: cid("1", "101"), Old: cid("1", "101"), Endpoint: "101"},
						{New: cid("1", "103"), Endpoint: "103"},
					}},
					at{"101": StateConnected, "102": StateNull}},
				{Event{Kind: EventDelivered, Connection: cid("1", "103"), Device: "103", Calling: "101", Called: "102", LastRedirection: "102", Cause: CauseSingleStepTransfer},
					at{"101": StateConnected, "103": StateAlerting}},
				{Event{Kind: EventEstablished, Connection: cid("1", "103"), Device: "103", Calling: "101", Called: "102", LastRedirection: "102", Cause: CauseSingleStepTransfer},
					at{"101": StateConnected, "103": StateConnected}},
			}),
		},
		{
			name:      "do not disturb: the call fails, the caller clears",
			monitored: []DeviceID{"101", "102"},
			run: func(h *harness) {
				h.ok(h.m.SetDoNotDisturb("102", true))
				h.conn(h.m.MakeCall("101", "102"))
				h.ok(h.m.ClearConnection(cid("1", "101")))
				h.ok(h.m.SetDoNotDisturb("102", false))
			},
			want: concat([]delivery{
				{Event{Kind: EventDoNotDisturb, Device: "102", DoNotDisturb: true}, at{"102": StateNull}},
			}, basicCallEvents[:2], []delivery{
				{Event{Kind: EventFailed, Connection: cid("1", "102"), Device: "102", Calling: "101", Called: "102", Cause: CauseDoNotDisturb},
					at{"101": StateFail, "102": StateNull}},
				{Event{Kind: EventConnectionCleared, Connection: cid("1", "101"), Device: "101", Cause: CauseNormalClearing},
					at{"101": StateNull}},
				{Event{Kind: EventCallCleared, Connection: ConnectionID{Call: "1"}, Cause: CauseNormalClearing},
					at{"101": StateNull}},
				{Event{Kind: EventDoNotDisturb, Device: "102", DoNotDisturb: false}, at{"102": StateNull}},
			}),
		},
		{
			name:      "forwarding immediate",
			monitored: []DeviceID{"101", "102", "103"},
			run: func(h *harness) {
				h.ok(h.m.SetForwarding("102", Forwarding{Type: ForwardImmediate, On: true, To: "103"}))
				h.conn(h.m.MakeCall("101", "102"))
			},
			want: concat([]delivery{
				{Event{Kind: EventForwarding, Device: "102", Forwarding: Forwarding{Type: ForwardImmediate, On: true, To: "103"}}, at{"102": StateNull}},
			}, basicCallEvents[:2], []delivery{
				{Event{Kind: EventDiverted, Connection: cid("1", "102"), Device: "102", NewDestination: "103", Calling: "101", Called: "102", Cause: CauseCallForwardImmediate},
					at{"101": StateConnected, "102": StateNull}},
				{Event{Kind: EventDelivered, Connection: cid("1", "103"), Device: "103", Calling: "101", Called: "102", LastRedirection: "102", Cause: CauseCallForwardImmediate},
					at{"101": StateConnected, "103": StateAlerting}},
			}),
		},
		{
			name:      "forwarding on busy",
			monitored: []DeviceID{"105", "102"},
			run: func(h *harness) {
				h.ok(h.m.SetForwarding("102", Forwarding{Type: ForwardBusy, On: true, To: "0049555"}))
				basicCall(h)
				h.conn(h.m.MakeCall("105", "102"))
			},
			want: []delivery{
				{Event{Kind: EventForwarding, Device: "102", Forwarding: Forwarding{Type: ForwardBusy, On: true, To: "0049555"}}, at{"102": StateNull}},
				{basicCallEvents[2].ev, at{"102": StateAlerting}},
				{basicCallEvents[3].ev, at{"102": StateConnected}},
				{Event{Kind: EventServiceInitiated, Connection: cid("2", "105"), Device: "105", Cause: CauseMakeCall}, at{"105": StateInitiated}},
				{Event{Kind: EventOriginated, Connection: cid("2", "105"), Device: "105", Called: "102", Cause: CauseMakeCall}, at{"105": StateConnected}},
				{Event{Kind: EventDiverted, Connection: cid("2", "102"), Device: "102", NewDestination: "0049555", Calling: "105", Called: "102", Cause: CauseCallForwardBusy},
					at{"105": StateConnected, "102": StateNull}},
				{Event{Kind: EventDelivered, Connection: cid("2", "0049555"), Device: "0049555", Calling: "105", Called: "102", LastRedirection: "102", Cause: CauseCallForwardBusy},
					at{"105": StateConnected}},
			},
		},
		{
			name:      "forwarding on no answer after two rings",
			cfg:       Config{RingInterval: 5 * time.Second},
			monitored: []DeviceID{"101", "102", "103"},
			run: func(h *harness) {
				h.ok(h.m.SetForwarding("102", Forwarding{Type: ForwardNoAnswer, On: true, To: "103", RingCount: 2}))
				h.conn(h.m.MakeCall("101", "102"))
				h.clock.Advance(9 * time.Second)
				if _, ok := h.m.ConnectionOf("103"); ok {
					h.t.Error("forwarded before two rings")
				}
				h.clock.Advance(time.Second)
			},
			want: concat([]delivery{
				{Event{Kind: EventForwarding, Device: "102", Forwarding: Forwarding{Type: ForwardNoAnswer, On: true, To: "103", RingCount: 2}}, at{"102": StateNull}},
			}, basicCallEvents[:3], []delivery{
				{Event{Kind: EventDiverted, Connection: cid("1", "102"), Device: "102", NewDestination: "103", Calling: "101", Called: "102", Cause: CauseCallForwardNoAnswer},
					at{"101": StateConnected, "102": StateNull}},
				{Event{Kind: EventDelivered, Connection: cid("1", "103"), Device: "103", Calling: "101", Called: "102", LastRedirection: "102", Cause: CauseCallForwardNoAnswer},
					at{"101": StateConnected, "103": StateAlerting}},
			}),
		},
		{
			name:      "answered before the no-answer timer",
			cfg:       Config{RingInterval: 5 * time.Second},
			monitored: []DeviceID{"101", "102"},
			run: func(h *harness) {
				h.ok(h.m.SetForwarding("102", Forwarding{Type: ForwardNoAnswer, On: true, To: "103"}))
				basicCall(h)
				h.clock.Advance(time.Minute)
			},
			want: concat([]delivery{
				{Event{Kind: EventForwarding, Device: "102", Forwarding: Forwarding{Type: ForwardNoAnswer, On: true, To: "103"}}, at{"102": StateNull}},
			}, basicCallEvents),
		},
		{
			name:      "hunt group: distributed, then queued until a member is free",
			monitored: []DeviceID{"200", "103", "104"},
			run: func(h *harness) {
				h.conn(h.m.IncomingCall(ext, "200"))       // call 1 to 103
				h.conn(h.m.IncomingCall("0049777", "200")) // call 2 to 104
				h.conn(h.m.IncomingCall("0049888", "200")) // call 3 queued
				h.ok(h.m.ClearConnection(cid("1", "103"))) // 103 free: call 3 goes there
			},
			want: []delivery{
				{Event{Kind: EventDiverted, Connection: cid("1", "200"), Device: "200", NewDestination: "103", Calling: ext, Called: "200", Cause: CauseDistributed},
					at{"200": StateNull}},
				{Event{Kind: EventDelivered, Connection: cid("1", "103"), Device: "103", Calling: ext, Called: "200", LastRedirection: "200", Cause: CauseDistributed},
					at{"103": StateAlerting}},
				{Event{Kind: EventDiverted, Connection: cid("2", "200"), Device: "200", NewDestination: "104", Calling: "0049777", Called: "200", Cause: CauseDistributed},
					at{"200": StateNull}},
				{Event{Kind: EventDelivered, Connection: cid("2", "104"), Device: "104", Calling: "0049777", Called: "200", LastRedirection: "200", Cause: CauseDistributed},
					at{"104": StateAlerting}},
				{Event{Kind: EventQueued, Connection: cid("3", "200"), Device: "200", Calling: "0049888", Called: "200", Cause: CauseNoAvailableAgents},
					at{"200": StateQueued}},
				{Event{Kind: EventConnectionCleared, Connection: cid("1", "103"), Device: "103", Cause: CauseNormalClearing},
					at{"103": StateNull}},
				{Event{Kind: EventConnectionCleared, Connection: cid("1", ext), Device: ext, Cause: CauseNormalClearing},
					at{"103": StateNull}},
				{Event{Kind: EventCallCleared, Connection: ConnectionID{Call: "1"}, Cause: CauseNormalClearing},
					at{"103": StateNull}},
				{Event{Kind: EventDiverted, Connection: cid("3", "200"), Device: "200", NewDestination: "103", Calling: "0049888", Called: "200", Cause: CauseDistributed},
					at{"200": StateNull}},
				{Event{Kind: EventDelivered, Connection: cid("3", "103"), Device: "103", Calling: "0049888", Called: "200", LastRedirection: "200", Cause: CauseDistributed},
					at{"103": StateAlerting}},
			},
		},
		{
			name:      "out of service and back",
			monitored: []DeviceID{"101", "102"},
			run: func(h *harness) {
				h.ok(h.m.SetOutOfService("102", true))
				h.ok(h.m.SetOutOfService("102", true)) // no change, no event
				h.conn(h.m.MakeCall("101", "102"))
				h.ok(h.m.SetOutOfService("102", false))
			},
			want: concat([]delivery{
				{Event{Kind: EventOutOfService, Device: "102"}, at{"102": StateNull}},
			}, basicCallEvents[:2], []delivery{
				{Event{Kind: EventFailed, Connection: cid("1", "102"), Device: "102", Calling: "101", Called: "102", Cause: CauseDestOutOfOrder},
					at{"101": StateFail, "102": StateNull}},
				{Event{Kind: EventBackInService, Device: "102"}, at{"102": StateNull}},
			}),
		},
		{
			name:      "busy station: the external caller fails and hangs up",
			monitored: []DeviceID{"102", "9"},
			run: func(h *harness) {
				basicCall(h)
				h.conn(h.m.IncomingCall(ext, "102"))
			},
			want: []delivery{
				{basicCallEvents[2].ev, at{"102": StateAlerting}},
				{basicCallEvents[3].ev, at{"102": StateConnected}},
				{Event{Kind: EventFailed, Connection: cid("2", "102"), Device: "102", Calling: ext, Called: "102", Cause: CauseBusy},
					at{"9": StateFail, "102": StateNull}},
				{Event{Kind: EventConnectionCleared, Connection: cid("2", ext), Device: ext, Cause: CauseNormalClearing},
					at{"9": StateNull}},
				{Event{Kind: EventCallCleared, Connection: ConnectionID{Call: "2"}, Cause: CauseNormalClearing},
					at{"9": StateNull}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, tt.cfg, tt.monitored...)
			tt.run(h)
			check(t, h.got(), expand(tt.want))
		})
	}
}

// kindsOf returns "kind/cause/state" for each event.
func kindsOf(evs []Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.Kind.String()+"/"+string(e.Cause)+"/"+e.LocalState.String())
	}
	return out
}

func TestLimitsAndLoops(t *testing.T) {
	t.Run("forwarding loop ends", func(t *testing.T) {
		h := newHarness(t, Config{}, "101")
		h.ok(h.m.SetForwarding("102", Forwarding{Type: ForwardImmediate, On: true, To: "103"}))
		h.ok(h.m.SetForwarding("103", Forwarding{Type: ForwardImmediate, On: true, To: "102"}))
		h.conn(h.m.MakeCall("101", "102"))
		evs := h.got()["101"]
		if n := len(evs); n != 2+maxDiversions+1+1 {
			t.Errorf("%d events, want %d: %v", n, 2+maxDiversions+2, kindsOf(evs))
		}
		if last := evs[len(evs)-1]; last.Kind != EventFailed || last.Cause != CauseBusy || last.LocalState != StateFail {
			t.Errorf("last event %v/%v/%v, want failed/busy/fail", last.Kind, last.Cause, last.LocalState)
		}
	})
	t.Run("trunk out of service", func(t *testing.T) {
		h := newHarness(t, Config{}, "101", "9")
		h.ok(h.m.SetOutOfService("9", true))
		_, err := h.m.IncomingCall(ext, "101")
		wantErr(t, err, ErrDeviceOutOfService)
		h.conn(h.m.MakeCall("101", ext))
		got := h.got()
		want := map[DeviceID][]string{
			"101": {"serviceInitiated/makeCall/initiated", "originated/makeCall/connected", "failed/destOutOfOrder/fail"},
			"9":   {"outOfService//null", "failed/destOutOfOrder/null"},
		}
		for d, w := range want {
			if diff := cmp.Diff(w, kindsOf(got[d])); diff != "" {
				t.Errorf("events of %s (-want +got):\n%s", d, diff)
			}
		}
		if got["101"][2].Connection != cid("1", ext) {
			t.Errorf("failed connection %v, want 1/%s", got["101"][2].Connection, ext)
		}
	})
	t.Run("trunk lines", func(t *testing.T) {
		plan, err := ParseSpec("station 101-103; trunk 9 outside 00 lines 1")
		if err != nil {
			t.Fatal(err)
		}
		h := newHarness(t, Config{Plan: plan}, "102")
		h.conn(h.m.IncomingCall("0011", "101"))
		_, err = h.m.IncomingCall("0022", "102")
		wantErr(t, err, ErrTrunkLimitExceeded)
		h.conn(h.m.MakeCall("102", "0033"))
		want := []string{"serviceInitiated/makeCall/initiated", "originated/makeCall/connected", "failed/trunksBusy/fail"}
		if diff := cmp.Diff(want, kindsOf(h.got()["102"])); diff != "" {
			t.Errorf("events of 102 (-want +got):\n%s", diff)
		}
	})
}

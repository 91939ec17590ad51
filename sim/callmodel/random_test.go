package callmodel

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"
)

// TestRandomOperations applies random services and outside-world actions
// to a small office, checking after each that the model is consistent,
// that refusals are ServiceErrors, and that every monitor's events keep
// their promises (the connection's call is one the model issued, a call
// is not reported after its CallCleared).
func TestRandomOperations(t *testing.T) {
	for seed := uint64(1); seed <= 12; seed++ {
		r := rand.New(rand.NewPCG(seed, 99))
		plan, err := ParseSpec("station 101-106; group 200 members 103,104 acd queue 2; trunk 9 outside 00 lines 3")
		if err != nil {
			t.Fatal(err)
		}
		h := newHarness(t, Config{Plan: plan, MaxCalls: 6, MaxConference: 4, RingInterval: time.Second, EventQueue: 1 << 14},
			"101", "102", "103", "104", "105", "106", "200", "9")
		m := h.m
		devs := []DeviceID{"101", "102", "103", "104", "105", "106", "200", "9", "0011", "0022", "555"}
		dev := func() DeviceID { return devs[r.IntN(len(devs))] }
		station := func() DeviceID { return devs[r.IntN(6)] }
		conn := func() ConnectionID {
			snap, err := m.SnapshotDevice(dev())
			if err != nil || len(snap) == 0 {
				return ConnectionID{Call: CallID("7"), Device: dev()}
			}
			return snap[r.IntN(len(snap))].Connection
		}
		ops := []func() error{
			func() error { _, err := m.MakeCall(dev(), dev()); return err },
			func() error { _, err := m.IncomingCall(dev(), dev()); return err },
			func() error { return m.AnswerCall(conn()) },
			func() error {
				if r.IntN(3) > 0 { // let calls live long enough to be transferred
					return nil
				}
				return m.ClearConnection(conn())
			},
			func() error {
				if r.IntN(4) > 0 {
					return nil
				}
				return m.ClearCall(conn())
			},
			func() error { return m.HoldCall(conn()) },
			func() error { return m.RetrieveCall(conn()) },
			func() error { _, err := m.ConsultationCall(conn(), dev()); return err },
			func() error { _, _, err := m.TransferCall(conn(), conn()); return err },
			func() error { _, _, err := m.ConferenceCall(conn(), conn()); return err },
			func() error { return m.DeflectCall(conn(), dev()) },
			func() error { _, _, err := m.SingleStepTransferCall(conn(), dev()); return err },
			func() error { return m.SetDoNotDisturb(dev(), r.IntN(4) == 0) },
			func() error {
				types := []ForwardingType{ForwardImmediate, ForwardBusy, ForwardNoAnswer}
				return m.SetForwarding(dev(), Forwarding{Type: types[r.IntN(3)], On: r.IntN(2) == 0, To: dev(), RingCount: r.IntN(3)})
			},
			func() error { return m.SetOutOfService(dev(), r.IntN(4) == 0) },
			func() error { return m.ExternalAnswer(dev()) },
			func() error { return m.ExternalHangup(dev()) },
			func() error { h.clock.Advance(time.Duration(r.IntN(3000)) * time.Millisecond); return nil },
			// The same services on connections in the state they need, so
			// that they mostly succeed.
			func() error { _, err := m.MakeCall(station(), station()); return err },
			func() error { _, err := m.MakeCall(station(), station()); return err },
			func() error {
				_, err := m.IncomingCall([]DeviceID{"0011", "0022", "0033"}[r.IntN(3)], station())
				return err
			},
			func() error { return m.AnswerCall(connIn(m, station(), StateAlerting)) },
			func() error { return m.AnswerCall(connIn(m, station(), StateAlerting)) },
			func() error { return m.AnswerCall(connIn(m, station(), StateAlerting)) },
			func() error { return m.ExternalAnswer([]DeviceID{"0011", "0022", "0033"}[r.IntN(3)]) },
			func() error { return m.HoldCall(connIn(m, station(), StateConnected)) },
			func() error { return m.RetrieveCall(connIn(m, station(), StateHold)) },
			func() error { _, err := m.ConsultationCall(connIn(m, station(), StateConnected), dev()); return err },
			func() error {
				d := station()
				_, _, err := m.TransferCall(connIn(m, d, StateHold), connIn(m, d, StateConnected))
				return err
			},
			func() error {
				d := station()
				_, _, err := m.ConferenceCall(connIn(m, d, StateHold), connIn(m, d, StateConnected))
				return err
			},
			func() error { return m.DeflectCall(connIn(m, dev(), StateAlerting, StateQueued), dev()) },
			func() error {
				_, _, err := m.SingleStepTransferCall(connIn(m, dev(), StateConnected), dev())
				return err
			},
		}
		cleared := make(map[CallID]bool)
		for i := 0; i < 3000; i++ {
			err := ops[r.IntN(len(ops))]()

			var se *ServiceError
			if err != nil && !errors.As(err, &se) {
				t.Fatalf("seed %d op %d: error %v is not a ServiceError", seed, i, err)
			}
			if err := m.checkInvariants(); err != nil {
				t.Fatalf("seed %d op %d: %v", seed, i, err)
			}
			var ended []CallID
			for d, evs := range h.got() {
				here := make(map[CallID]bool) // calls this monitor saw end in this op
				for _, e := range evs {

					c := e.Connection.Call
					if !e.Kind.callControl() && e.Kind != EventCallCleared {
						continue
					}
					if c == "" {
						t.Fatalf("seed %d op %d: %s got %v without a call", seed, i, d, e.Kind)
					}
					if cleared[c] || here[c] {
						t.Fatalf("seed %d op %d: %s got %v of call %s after its callCleared", seed, i, d, e.Kind, c)
					}
					if e.Kind == EventCallCleared {
						here[c] = true
						ended = append(ended, c)
					}
				}
			}
			for _, c := range ended {
				cleared[c] = true
			}
		}
		// Everything can be cleared.
		for _, d := range devs[:8] {
			for {
				snap, err := m.SnapshotDevice(d)
				if err != nil || len(snap) == 0 {
					break
				}
				h.ok(m.ClearCall(snap[0].Connection))
			}
		}
		if s := m.Stats(); s.Calls != 0 {
			t.Errorf("seed %d: %d calls left after clearing all", seed, s.Calls)
		}
	}
}

// connIn returns dev's newest connection in one of the states, or a
// connection that does not exist.
func connIn(m *Model, dev DeviceID, states ...ConnectionState) ConnectionID {
	if c, ok := m.ConnectionOf(dev, states...); ok {
		return c
	}
	return ConnectionID{Call: "0", Device: dev}
}

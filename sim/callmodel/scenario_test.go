package callmodel

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestParseScenario(t *testing.T) {
	src := `# an incoming call, consulted and transferred
at 0s call from 0049891234 to 101
at 2s answer 101; at 2.5s hold 101
at 1m forward 102 noanswer to 0049555 rings 3
at 1m forward 102 busy off
at 61s dnd 103 on
at 62s status disabled`
	sc, err := ParseScenario(src)
	if err != nil {
		t.Fatal(err)
	}
	want := []Step{
		{Pos: Pos{2, 1}, At: 0, Action: ActCall, Device: ext, Target: "101", Text: "at 0s call from 0049891234 to 101"},
		{Pos: Pos{3, 1}, At: 2 * time.Second, Action: ActAnswer, Device: "101", Text: "at 2s answer 101"},
		{Pos: Pos{3, 19}, At: 2500 * time.Millisecond, Action: ActHold, Device: "101", Text: "at 2.5s hold 101"},
		{Pos: Pos{4, 1}, At: time.Minute, Action: ActForward, Device: "102", Target: "0049555", On: true, Fwd: ForwardNoAnswer, Rings: 3,
			Text: "at 1m forward 102 noanswer to 0049555 rings 3"},
		{Pos: Pos{5, 1}, At: time.Minute, Action: ActForward, Device: "102", Fwd: ForwardBusy, Text: "at 1m forward 102 busy off"},
		{Pos: Pos{6, 1}, At: 61 * time.Second, Action: ActDND, Device: "103", On: true, Text: "at 61s dnd 103 on"},
		{Pos: Pos{7, 1}, At: 62 * time.Second, Action: ActStatus, Status: StatusDisabled, Text: "at 62s status disabled"},
	}
	if diff := cmp.Diff(want, sc.Steps); diff != "" {
		t.Errorf("ParseScenario (-want +got):\n%s", diff)
	}
}

func TestParseScenarioErrors(t *testing.T) {
	tests := []struct {
		src  string
		pos  Pos
		kind error
	}{
		{"answer 101", Pos{1, 1}, ErrSyntax},
		{"at", Pos{1, 3}, ErrSyntax},
		{"at 1x answer 101", Pos{1, 4}, ErrBadDuration},
		{"at -1s answer 101", Pos{1, 4}, ErrBadDuration},
		{"at 2s answer 101\nat 1s answer 101", Pos{2, 4}, ErrTimeOrder},
		{"at 1s dance 101", Pos{1, 7}, ErrUnknownWord},
		{"at 1s call to 101", Pos{1, 12}, ErrSyntax},
		{"at 1s call from 0049 101", Pos{1, 22}, ErrSyntax},
		{"at 1s makecall 101 to", Pos{1, 22}, ErrSyntax},
		{"at 1s answer 101 now", Pos{1, 18}, ErrSyntax},
		{"at 1s forward 101 sometimes to 102", Pos{1, 19}, ErrUnknownWord},
		{"at 1s forward 101 noanswer to 102 rings 0", Pos{1, 41}, ErrBadNumber},
		{"at 1s dnd 101 maybe", Pos{1, 15}, ErrSyntax},
		{"at 1s status great", Pos{1, 14}, ErrUnknownWord},
		{"at 1s hold 1%1", Pos{1, 12}, ErrSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			_, err := ParseScenario(tt.src)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v, want a *ParseError", err)
			}
			if pe.Pos != tt.pos || !errors.Is(err, tt.kind) {
				t.Errorf("error %v, want %v at %v", err, tt.kind, tt.pos)
			}
		})
	}
}

func runScenario(t *testing.T, src string, monitored ...DeviceID) (*harness, error) {
	t.Helper()
	sc, err := ParseScenario(src)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Config{RingInterval: 5 * time.Second}, monitored...)
	return h, sc.Run(context.Background(), h.m, h.clock)
}

func TestRunScenario(t *testing.T) {
	h, err := runScenario(t, `
at 0s call from 0049891234 to 101
at 2s answer 101
at 3s consult 101 to 102
at 4s answer 102
at 5s transfer 101
at 6s hangup external`, "102", "101", "9")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := h.clock.Now().Sub(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), 6*time.Second; got != want {
		t.Errorf("scenario ended after %v, want %v", got, want)
	}
	got := h.got()
	want := expand([]delivery{
		{Event{Kind: EventDelivered, Connection: cid("2", "102"), Device: "102", Calling: "101", Called: "102", Cause: CauseConsultation},
			at{"102": StateAlerting}},
		{Event{Kind: EventEstablished, Connection: cid("2", "102"), Device: "102", Calling: "101", Called: "102", Cause: CauseConsultation},
			at{"102": StateConnected}},
		{Event{Kind: EventTransferred, Connection: cid("1", "101"), SecondaryOldCall: cid("2", "101"), Device: "101", TransferredTo: "102",
			Cause: CauseTransfer, Connections: []ConnectionListEntry{
				{New: cid("1", ext), Old: cid("1", ext), Endpoint: ext},
				{New: cid("1", "102"), Old: cid("2", "102"), Endpoint: "102"},
			}}, at{"102": StateConnected}},
		{Event{Kind: EventConnectionCleared, Connection: cid("1", ext), Device: ext, Cause: CauseNormalClearing}, at{"102": StateConnected}},
		{Event{Kind: EventConnectionCleared, Connection: cid("1", "102"), Device: "102", Cause: CauseNormalClearing}, at{"102": StateNull}},
		{Event{Kind: EventCallCleared, Connection: ConnectionID{Call: "1"}, Cause: CauseNormalClearing}, at{"102": StateNull}},
	})
	if diff := cmp.Diff(want["102"], got["102"]); diff != "" {
		t.Errorf("events of 102 (-want +got):\n%s", diff)
	}
	kinds := func(evs []Event) []string {
		var out []string
		for _, e := range evs {
			out = append(out, e.Kind.String()+"/"+e.LocalState.String())
		}
		return out
	}
	want101 := []string{"delivered/alerting", "established/connected", "held/hold", "serviceInitiated/initiated",
		"originated/connected", "delivered/connected", "established/connected", "transferred/null"}
	if diff := cmp.Diff(want101, kinds(got["101"])); diff != "" {
		t.Errorf("events of 101 (-want +got):\n%s", diff)
	}
	want9 := []string{"delivered/connected", "established/connected", "held/connected", "transferred/connected",
		"connectionCleared/null", "connectionCleared/null", "callCleared/null"}
	if diff := cmp.Diff(want9, kinds(got["9"])); diff != "" {
		t.Errorf("events of trunk 9 (-want +got):\n%s", diff)
	}
}

func TestRunScenarioTimers(t *testing.T) {
	// The no-answer timer (2 rings of 5s) fires at 10s of scenario time.
	h, err := runScenario(t, `
at 0s forward 102 noanswer to 103 rings 2
at 0s makecall 101 to 102
at 9s hold 104      # fails: 104 has no call
`, "103")
	var se *StepError
	if !errors.As(err, &se) || se.Step.Pos != (Pos{4, 1}) || !errors.Is(err, ErrNoActiveCall) {
		t.Fatalf("error %v, want a StepError at 4:1 for noActiveCall", err)
	}
	if !strings.Contains(err.Error(), "(at 9s hold 104)") {
		t.Errorf("error text %q lacks the step", err)
	}
	if got := h.got(); len(got) != 0 {
		t.Errorf("103 got events before the timer: %v", got)
	}

	h, err = runScenario(t, `
at 0s forward 102 noanswer to 103 rings 2
at 0s makecall 101 to 102
at 10s answer 103
at 12s hangup 101`, "103")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []EventKind
	for _, e := range h.got()["103"] {
		kinds = append(kinds, e.Kind)
	}
	want := []EventKind{EventDelivered, EventEstablished, EventConnectionCleared, EventConnectionCleared, EventCallCleared}
	if diff := cmp.Diff(want, kinds); diff != "" {
		t.Errorf("events of 103 (-want +got):\n%s", diff)
	}
}

func TestRunScenarioContext(t *testing.T) {
	sc, err := ParseScenario("at 1h dnd 101 on")
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(Config{Plan: &DialPlan{Stations: []DeviceID{"101"}}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := sc.Run(ctx, m, SystemClock()); !errors.Is(err, context.Canceled) {
		t.Errorf("Run with a cancelled context = %v", err)
	}
	if on, _ := m.GetDoNotDisturb("101"); on {
		t.Error("the step ran")
	}
}

func TestManualClock(t *testing.T) {
	c := NewManualClock(time.Unix(0, 0))
	var got []string
	c.AfterFunc(2*time.Second, func() { got = append(got, "b@"+c.Now().Format("05")) })
	c.AfterFunc(time.Second, func() {
		got = append(got, "a@"+c.Now().Format("05"))
		c.AfterFunc(0, func() { got = append(got, "a2@"+c.Now().Format("05")) })
	})
	stop := c.AfterFunc(time.Second, func() { got = append(got, "stopped") })
	if !stop() || stop() {
		t.Error("stop() should report true once")
	}
	c.Advance(3 * time.Second)
	if diff := cmp.Diff([]string{"a@01", "a2@01", "b@02"}, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("timer order (-want +got):\n%s", diff)
	}
	if c.Now() != time.Unix(3, 0) {
		t.Errorf("Now() = %v", c.Now())
	}
}

// TestOfficeScenario runs the example files of testdata, which use every
// action.
func TestOfficeScenario(t *testing.T) {
	spec, err := os.ReadFile("testdata/office.spec")
	if err != nil {
		t.Fatal(err)
	}
	plan, err := ParseSpec(string(spec))
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("testdata/office.scenario")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := ParseScenario(string(src))
	if err != nil {
		t.Fatal(err)
	}
	actions := make(map[Action]bool)
	for _, s := range sc.Steps {
		actions[s.Action] = true
	}
	if len(actions) != 17 {
		t.Errorf("the scenario uses %d actions, want all 17", len(actions))
	}
	clock := NewManualClock(time.Unix(0, 0))
	m, err := New(Config{Plan: plan, Clock: clock, RingInterval: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	h := &harness{t: t, m: m, clock: clock, mons: make(map[DeviceID]*Monitor)}
	for _, d := range []DeviceID{"9", "105", "110"} {
		mon, err := m.MonitorStart(d, 0)
		if err != nil {
			t.Fatal(err)
		}
		h.mons[d] = mon
	}
	status, stop := m.WatchSystemStatus()
	defer stop()
	if err := sc.Run(context.Background(), m, checkingClock{clock, m, t}); err != nil {
		t.Fatal(err)
	}
	if err := m.checkInvariants(); err != nil {
		t.Fatal(err)
	}
	if s := m.Stats(); s.Calls != 0 || s.CallsStarted != 6 {
		t.Errorf("Stats = %+v, want no call left of 6", s)
	}
	got := h.got()
	want105 := []string{"delivered/distributed/alerting", "connectionCleared/normalClearing/alerting",
		"connectionCleared/normalClearing/null", "callCleared/normalClearing/null"}
	if diff := cmp.Diff(want105, kindsOf(got["105"])); diff != "" {
		t.Errorf("events of 105 (-want +got):\n%s", diff)
	}
	want110 := []string{"forwarding//null", "delivered/newCall/alerting", "diverted/callForwardNoAnswer/null", "forwarding//null"}
	if diff := cmp.Diff(want110, kindsOf(got["110"])); diff != "" {
		t.Errorf("events of 110 (-want +got):\n%s", diff)
	}
	var trunk []string
	for _, e := range got["9"] {
		trunk = append(trunk, e.Kind.String())
	}
	wantTrunk := []string{
		"diverted", "delivered", "established", "held", "conferenced", "connectionCleared", "held", "retrieved", "transferred",
		"delivered", "established", "connectionCleared", "connectionCleared", "callCleared", // call 1
		"delivered", "established", "held", "transferred", "connectionCleared", "connectionCleared", "callCleared", // call 3
		"delivered", "established", "connectionCleared", "connectionCleared", "callCleared", // call 5, forwarded out
		"delivered", "diverted", "diverted", "delivered", "connectionCleared", "connectionCleared", "callCleared", // call 6
	}
	if diff := cmp.Diff(wantTrunk, trunk); diff != "" {
		t.Errorf("events of trunk 9 (-want +got):\n%s", diff)
	}
	if got := []SystemStatus{<-status, <-status}; got[0] != StatusOverloadImminent || got[1] != StatusNormal {
		t.Errorf("watched statuses %v", got)
	}
}

// checkingClock checks the model's invariants whenever the runner waits,
// that is between the steps of different times.
type checkingClock struct {
	*ManualClock
	m *Model
	t *testing.T
}

func (c checkingClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := c.m.checkInvariants(); err != nil {
		c.t.Fatalf("at %v: %v", c.Now(), err)
	}
	return c.ManualClock.Sleep(ctx, d)
}

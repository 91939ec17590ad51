package callmodel

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const testSpec = `
station 101-106
group 200 members 103,104 hunt queue 2
trunk 9 outside 0049
`

// harness is a model with monitors on some devices and the events each
// monitor has received.
type harness struct {
	t     *testing.T
	m     *Model
	clock *ManualClock
	mons  map[DeviceID]*Monitor
}

func newHarness(t *testing.T, cfg Config, monitored ...DeviceID) *harness {
	t.Helper()
	if cfg.Plan == nil {
		plan, err := ParseSpec(testSpec)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Plan = plan
	}
	clock := NewManualClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if cfg.Clock == nil {
		cfg.Clock = clock
	}
	m, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := m.checkInvariants(); err != nil {
			t.Errorf("model inconsistent at the end: %v", err)
		}
		m.Close()
	})
	h := &harness{t: t, m: m, clock: clock, mons: make(map[DeviceID]*Monitor)}
	for _, d := range monitored {
		mon, err := m.MonitorStart(d, 0)
		if err != nil {
			t.Fatal(err)
		}
		h.mons[d] = mon
	}
	return h
}

// ok fails the test if err is not nil.
func (h *harness) ok(err error) {
	h.t.Helper()
	if err != nil {
		h.t.Fatal(err)
	}
	if err := h.m.checkInvariants(); err != nil {
		h.t.Fatalf("model inconsistent: %v", err)
	}
}

// conn fails the test if err is not nil and returns id.
func (h *harness) conn(id ConnectionID, err error) ConnectionID {
	h.t.Helper()
	h.ok(err)
	return id
}

// drain returns the events queued to mon, checking their CrossRef and
// clearing it.
func drain(t *testing.T, mon *Monitor) []Event {
	t.Helper()
	var out []Event
	for {
		select {
		case e, ok := <-mon.Events():
			if !ok {
				return out
			}
			if e.CrossRef != mon.CrossRef() {
				t.Errorf("event %v has cross-reference %q, want %q", e.Kind, e.CrossRef, mon.CrossRef())
			}
			e.CrossRef = ""
			out = append(out, *e)
		default:
			return out
		}
	}
}

// got returns every monitored device's events so far.
func (h *harness) got() map[DeviceID][]Event {
	out := make(map[DeviceID][]Event)
	for d, mon := range h.mons {
		if evs := drain(h.t, mon); len(evs) > 0 {
			out[d] = evs
		}
	}
	return out
}

// at lists the monitored devices an event reaches, with the local
// connection state each sees.
type at map[DeviceID]ConnectionState

// delivery is one event and the monitors it reaches.
type delivery struct {
	ev Event
	to at
}

// expand turns a script of deliveries into each device's event list.
func expand(script []delivery) map[DeviceID][]Event {
	out := make(map[DeviceID][]Event)
	for _, d := range script {
		for dev, st := range d.to {
			e := d.ev
			e.LocalState = st
			out[dev] = append(out[dev], e)
		}
	}
	return out
}

func cid(call, dev string) ConnectionID { return ConnectionID{CallID(call), DeviceID(dev)} }

func check(t *testing.T, got, want map[DeviceID][]Event) {
	t.Helper()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events per monitor (-want +got):\n%s", diff)
	}
}

// wantErr checks that err is the ServiceError want, by errors.Is and by
// its Category and Value strings.
func wantErr(t *testing.T, err error, want *ServiceError) {
	t.Helper()
	var se *ServiceError
	if !errors.As(err, &se) {
		t.Fatalf("error %v, want %s/%s", err, want.Category, want.Value)
	}
	if !errors.Is(err, want) || se.Category != want.Category || se.Value != want.Value {
		t.Fatalf("error %v, want %s/%s", err, want.Category, want.Value)
	}
}

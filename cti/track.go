package cti

import (
	"sort"
	"sync"

	"github.com/cstagen/cstagen/csta"
)

// Call is a tracked call: its ID and its connections with their states,
// as the monitors' events and snapshots report them.
type Call struct {
	ID          string
	Connections []Connection // by device
}

// tracker keeps the calls the monitors see (Config.TrackCalls).
//
// Each monitor's events come in order, but the events of two monitors
// interleave: the monitor of a device that left a call may report its
// last event (a Transferred listing the remaining parties) after the other
// monitors reported the call cleared. So a cleared call's ID is kept, the
// last maxCleared of them, and events about it change nothing.
type tracker struct {
	mu      sync.Mutex
	calls   map[string]map[string]csta.LocalConnectionState // call -> device -> state
	cleared map[string]bool                                 // recently cleared calls
	order   []string                                        // cleared, oldest first
}

// maxCleared bounds the cleared call IDs kept (a switch may reuse an ID
// once that many calls ended after it).
const maxCleared = 4096

func (t *tracker) clear(call string) {
	delete(t.calls, call)
	if call == "" || t.cleared[call] {
		return
	}
	if t.cleared == nil {
		t.cleared = map[string]bool{}
	}
	if len(t.order) == maxCleared {
		delete(t.cleared, t.order[0])
		t.order = t.order[1:]
	}
	t.cleared[call] = true
	t.order = append(t.order, call)
}

func (t *tracker) set(call, dev string, st csta.LocalConnectionState) {
	if call == "" || dev == "" || t.cleared[call] {
		return
	}
	if t.calls == nil {
		t.calls = map[string]map[string]csta.LocalConnectionState{}
	}
	c := t.calls[call]
	if c == nil {
		c = map[string]csta.LocalConnectionState{}
		t.calls[call] = c
	}
	c[dev] = st
}

func (t *tracker) drop(call, dev string) {
	if c := t.calls[call]; c != nil {
		delete(c, dev)
		if len(c) == 0 {
			delete(t.calls, call)
		}
	}
}

// partyState is the state an event leaves its own connection in.
var partyState = map[string]csta.LocalConnectionState{
	"serviceInitiated": csta.LocalConnectionStateInitiated,
	"originated":       csta.LocalConnectionStateConnected,
	"delivered":        csta.LocalConnectionStateAlerting,
	"established":      csta.LocalConnectionStateConnected,
	"held":             csta.LocalConnectionStateHold,
	"retrieved":        csta.LocalConnectionStateConnected,
	"failed":           csta.LocalConnectionStateFail,
	"queued":           csta.LocalConnectionStateQueued,
}

// update applies one event seen by the monitor of device.
func (t *tracker) update(device string, e *Event) {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch e.Name {
	case "callCleared":
		t.clear(e.Call)
		return
	case "connectionCleared", "diverted":
		t.drop(e.Call, e.Party)
	case "transferred", "conferenced":
		var old *csta.ConnectionID
		var list csta.ConnectionList
		switch v := e.Value.(type) {
		case *csta.TransferredEvent:
			old, list = v.GetSecondaryOldCall(), v.GetTransferredConnections()
			t.drop(e.Call, e.Party) // the transferring device leaves
		case *csta.ConferencedEvent:
			old, list = v.GetSecondaryOldCall(), v.GetConferenceConnections()
		}
		if old != nil {
			call, _ := connectionText(old)
			t.clear(call)
		}
		for i := range list {
			if o := list[i].GetOldConnection(); o != nil {
				t.drop(connectionText(o))
			}
			if n := list[i].GetNewConnection(); n != nil {
				call, dev := connectionText(n)
				t.set(call, dev, csta.LocalConnectionStateConnected)
			}
		}
	default:
		if st, ok := partyState[e.Name]; ok {
			t.set(e.Call, e.Party, st)
		}
	}
	// The monitored device's own connection, as localConnectionInfo says.
	if _, ok := partyState[e.Name]; ok || e.Name == "connectionCleared" || e.Name == "diverted" ||
		e.Name == "transferred" || e.Name == "conferenced" {
		if e.State == csta.LocalConnectionStateNull {
			t.drop(e.Call, device)
		} else {
			t.set(e.Call, device, e.State)
		}
	}
}

// resync replaces what is known of device's connections by a snapshot.
func (t *tracker) resync(device string, snap []Connection) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for call := range t.calls {
		t.drop(call, device)
	}
	for _, c := range snap {
		t.set(c.Call, c.Device, c.State)
	}
}

// list returns the calls, by ID.
func (t *tracker) list() []Call {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]Call, 0, len(t.calls))
	for id, conns := range t.calls {
		c := Call{ID: id}
		for dev, st := range conns {
			c.Connections = append(c.Connections, Connection{Call: id, Device: dev, State: st})
		}
		sort.Slice(c.Connections, func(i, j int) bool { return c.Connections[i].Device < c.Connections[j].Device })
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

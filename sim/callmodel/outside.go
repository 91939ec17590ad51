package callmodel

import "strconv"

// IncomingCall injects a call from the outside world: the external number
// from calls a station or group of the plan through the trunk whose
// outside prefix matches from. It returns the external party's connection
// (connected). Events: the delivery events at to (Delivered, cause
// newCall, or Diverted, Queued, Failed); when the delivery fails, the
// external party hangs up (ConnectionCleared, CallCleared). Errors:
// ErrInvalidCallingDeviceID (from is a device of the plan or no trunk
// reaches it), ErrDeviceOutOfService (the trunk is out of service),
// ErrTrunkLimitExceeded, ErrInvalidCalledDeviceID (to is no
// station or group), ErrResourceLimitExceeded.
func (m *Model) IncomingCall(from, to DeviceID) (ConnectionID, error) {
	if err := m.lock(); err != nil {
		return ConnectionID{}, err
	}
	defer m.unlock()
	t, ext, ok := m.resolve(from)
	if !ok || ext == "" || ext != from {
		return ConnectionID{}, ErrInvalidCallingDeviceID.with(strconv.Quote(string(from)) + " is not an outside number of a trunk")
	}
	if t.oos {
		return ConnectionID{}, ErrDeviceOutOfService.with("trunk " + string(t.id) + " is out of service")
	}
	if t.trunk.Lines > 0 && len(t.conns) >= t.trunk.Lines {
		return ConnectionID{}, ErrTrunkLimitExceeded.with("trunk " + string(t.id) + " has " + strconv.Itoa(t.trunk.Lines) + " lines in use")
	}
	d := m.devices[to]
	if d == nil || (d.cat != CategoryStation && d.group == nil) {
		return ConnectionID{}, ErrInvalidCalledDeviceID.with(strconv.Quote(string(to)) + " is not a station or group")
	}
	c, err := m.newCall()
	if err != nil {
		return ConnectionID{}, err
	}
	c.calling, c.called = from, to
	en := m.addConn(c, t, from, true, StateConnected)
	c.from = en
	m.deliver(c, to, CauseNewCall, 0)
	return en.id(), nil
}

// external finds the newest connection of the external number ext whose
// state is in states (any state if none given).
func (m *Model) external(ext DeviceID, states ...ConnectionState) *conn {
	var found *conn
	for _, t := range m.trunks {
		for _, cn := range t.conns {
			if cn.dev != ext {
				continue
			}
			if len(states) > 0 && !containsState(states, cn.state) {
				continue
			}
			if found == nil || callNewer(cn.call, found.call) {
				found = cn
			}
		}
	}
	return found
}

func containsState(ss []ConnectionState, s ConnectionState) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// callNewer reports whether a was created after b.
func callNewer(a, b *call) bool {
	if len(a.id) != len(b.id) {
		return len(a.id) > len(b.id)
	}
	return a.id > b.id
}

// ExternalAnswer makes the far end ext answer the newest call alerting it.
// Event: Established. Error: ErrNoCallToAnswer.
func (m *Model) ExternalAnswer(ext DeviceID) error {
	if err := m.lock(); err != nil {
		return err
	}
	defer m.unlock()
	cn := m.external(ext, StateAlerting)
	if cn == nil {
		return ErrNoCallToAnswer.with("no call alerting " + strconv.Quote(string(ext)))
	}
	m.answer(cn)
	return nil
}

// ExternalHangup makes the far end ext leave its newest call, as
// ClearConnection would. Error: ErrNoConnectionToClear.
func (m *Model) ExternalHangup(ext DeviceID) error {
	if err := m.lock(); err != nil {
		return err
	}
	defer m.unlock()
	cn := m.external(ext)
	if cn == nil {
		return ErrNoConnectionToClear.with("no call with " + strconv.Quote(string(ext)))
	}
	m.clear(cn, CauseNormalClearing)
	return nil
}

// SetOutOfService takes a device of the plan out of service (or back):
// calls to an out-of-service station, group or trunk fail with cause
// destOutOfOrder, a station cannot make calls and groups skip it, a trunk
// takes no incoming calls; calls in progress go on. Events:
// OutOfService or BackInService, when the state changes. Error:
// ErrInvalidDeviceID.
func (m *Model) SetOutOfService(dev DeviceID, out bool) error {
	if err := m.lock(); err != nil {
		return err
	}
	defer m.unlock()
	d := m.devices[dev]
	if d == nil {
		return ErrInvalidDeviceID.with("no device " + strconv.Quote(string(dev)))
	}
	if d.oos == out {
		return nil
	}
	d.oos = out
	kind := EventBackInService
	if out {
		kind = EventOutOfService
	}
	m.emit(Event{Kind: kind, Device: dev}, []*device{d})
	return nil
}

// ConnectionOf returns the connection of dev that a person at the device
// would act on: the one in any of the given states (any state if none is
// given), preferring the newest. It reports false if there is none. dev
// may be an external number.
func (m *Model) ConnectionOf(dev DeviceID, states ...ConnectionState) (ConnectionID, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	d := m.devices[dev]
	if d == nil || d.cat == CategoryNetworkInterface {
		if cn := m.external(dev, states...); cn != nil {
			return cn.id(), true
		}
		return ConnectionID{}, false
	}
	for i := len(d.conns) - 1; i >= 0; i-- {
		cn := d.conns[i]
		if len(states) == 0 || containsState(states, cn.state) {
			return cn.id(), true
		}
	}
	return ConnectionID{}, false
}

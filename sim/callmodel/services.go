package callmodel

import (
	"strconv"
)

// station returns the station id, or ErrInvalidDeviceID (unknown) or
// ErrRequestIncompatibleDevice (a group or trunk).
func (m *Model) station(id DeviceID, unknown *ServiceError) (*device, error) {
	d := m.devices[id]
	if d == nil {
		return nil, unknown.with("no device " + strconv.Quote(string(id)))
	}
	if d.cat != CategoryStation {
		return nil, ErrRequestIncompatibleDevice.with(string(id) + " is a " + string(d.cat) + ", not a station")
	}
	return d, nil
}

// MonitorStart starts a monitor on a device of the plan (ECMA-269
// MonitorStart, monitorType device). Events the filter suppresses are not
// reported. Errors: ErrInvalidMonitorObject, ErrOverallMonitorLimitExceeded,
// ErrObjectMonitorLimitExceeded.
func (m *Model) MonitorStart(dev DeviceID, filter Filter) (*Monitor, error) {
	if err := m.lock(); err != nil {
		return nil, err
	}
	defer m.unlock()
	d := m.devices[dev]
	if d == nil {
		return nil, ErrInvalidMonitorObject.with("no device " + strconv.Quote(string(dev)))
	}
	if len(m.monitors) >= m.cfg.MaxMonitors {
		return nil, ErrOverallMonitorLimitExceeded.with("at most " + strconv.Itoa(m.cfg.MaxMonitors) + " monitors")
	}
	if len(d.monitors) >= m.cfg.MaxMonitorsPerDevice {
		return nil, ErrObjectMonitorLimitExceeded.with("at most " + strconv.Itoa(m.cfg.MaxMonitorsPerDevice) + " monitors of one device")
	}
	m.nextRef++
	mon := &Monitor{ref: CrossRefID(strconv.FormatUint(m.nextRef, 10)), dev: d, filter: filter, ch: make(chan *Event, m.cfg.EventQueue)}
	m.monitors[mon.ref] = mon
	d.monitors = append(d.monitors, mon)
	return mon, nil
}

// MonitorStop ends the monitor ref (ECMA-269 MonitorStop): its channel is
// closed after the events already queued. Error: ErrInvalidMonitorCrossRefID.
func (m *Model) MonitorStop(ref CrossRefID) error {
	if err := m.lock(); err != nil {
		return err
	}
	defer m.unlock()
	mon := m.monitors[ref]
	if mon == nil {
		return ErrInvalidMonitorCrossRefID.with("no monitor " + strconv.Quote(string(ref)))
	}
	m.endMonitor(mon, ErrMonitorStopped)
	return nil
}

// SnapshotDevice returns the calls a device takes part in (ECMA-269
// SnapshotDevice), one entry per connection in the order they were made.
// Error: ErrInvalidDeviceID.
func (m *Model) SnapshotDevice(dev DeviceID) ([]DeviceSnapshot, error) {
	if err := m.lock(); err != nil {
		return nil, err
	}
	defer m.unlock()
	d := m.devices[dev]
	if d == nil {
		return nil, ErrInvalidDeviceID.with("no device " + strconv.Quote(string(dev)))
	}
	out := make([]DeviceSnapshot, 0, len(d.conns))
	for _, cn := range d.conns {
		s := DeviceSnapshot{Connection: cn.id(), States: []ConnectionState{cn.state}}
		for _, o := range cn.call.conns {
			if o != cn {
				s.States = append(s.States, o.state)
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// SnapshotCall returns the connections of a call (ECMA-269 SnapshotCall),
// in the order they joined. Only call.Call is used. Error: ErrInvalidCallID.
func (m *Model) SnapshotCall(call ConnectionID) ([]CallSnapshot, error) {
	if err := m.lock(); err != nil {
		return nil, err
	}
	defer m.unlock()
	c := m.calls[call.Call]
	if c == nil {
		return nil, ErrInvalidCallID.with("no call " + strconv.Quote(string(call.Call)))
	}
	out := make([]CallSnapshot, 0, len(c.conns))
	for _, cn := range c.conns {
		out = append(out, CallSnapshot{Device: cn.dev, Connection: cn.id(), State: cn.state})
	}
	return out, nil
}

// MakeCall places a call from the station calling to the number called
// (ECMA-269 MakeCall) and returns the calling device's connection.
// Events: ServiceInitiated (cause makeCall; connection initiated),
// Originated (cause makeCall; connected), then the delivery to called:
// Delivered (cause newCall) or, per the called device, Diverted, Queued or
// Failed. Errors: ErrInvalidCallingDeviceID, ErrRequestIncompatibleDevice,
// ErrCallingDeviceOutOfService, ErrInvalidCallingDeviceState (the caller
// has a call that is not on hold), ErrInvalidCalledDeviceID,
// ErrNotDifferentDevices, ErrResourceLimitExceeded.
func (m *Model) MakeCall(calling, called DeviceID) (ConnectionID, error) {
	if err := m.lock(); err != nil {
		return ConnectionID{}, err
	}
	defer m.unlock()
	a, err := m.station(calling, ErrInvalidCallingDeviceID)
	if err != nil {
		return ConnectionID{}, err
	}
	if a.oos {
		return ConnectionID{}, ErrCallingDeviceOutOfService.with(string(calling) + " is out of service")
	}
	if busy(a) {
		return ConnectionID{}, ErrInvalidCallingDeviceState.with(string(calling) + " has a call that is not on hold")
	}
	d, ext, ok := m.resolve(called)
	if !ok {
		return ConnectionID{}, ErrInvalidCalledDeviceID.with("no device or outside number " + strconv.Quote(string(called)))
	}
	if d == a {
		return ConnectionID{}, ErrNotDifferentDevices.with("calling and called are " + string(calling))
	}
	c, err := m.newCall()
	if err != nil {
		return ConnectionID{}, err
	}
	an := m.originate(c, a, dialled(d, ext), CauseMakeCall)
	m.deliver(c, dialled(d, ext), CauseNewCall, 0)
	return an.id(), nil
}

func dialled(d *device, ext DeviceID) DeviceID {
	if ext != "" {
		return ext
	}
	return d.id
}

// originate adds a's connection to the new call c towards called, with
// ServiceInitiated and Originated.
func (m *Model) originate(c *call, a *device, called DeviceID, cause Cause) *conn {
	c.calling, c.called = a.id, called
	an := m.addConn(c, a, a.id, false, StateInitiated)
	m.emit(Event{Kind: EventServiceInitiated, Connection: an.id(), Device: a.id, Cause: cause}, involved(c))
	an.state = StateConnected
	m.emit(Event{Kind: EventOriginated, Connection: an.id(), Device: a.id, Called: called, Cause: cause}, involved(c))
	c.from = an
	return an
}

// AnswerCall answers an alerting connection of a station (ECMA-269
// AnswerCall). Event: Established, with the cause of the Delivered.
// Errors: ErrInvalidCallID, ErrInvalidConnectionID,
// ErrRequestIncompatible (not a station's connection),
// ErrInvalidConnectionState (not alerting), ErrConnectedCallExists (the
// station has an active call).
func (m *Model) AnswerCall(id ConnectionID) error {
	if err := m.lock(); err != nil {
		return err
	}
	defer m.unlock()
	cn, err := m.lookup(id, ErrInvalidCallID, ErrInvalidConnectionID)
	if err != nil {
		return err
	}
	if cn.d.cat != CategoryStation {
		return ErrRequestIncompatible.with(id.String() + " is not a station's connection")
	}
	if cn.state != StateAlerting {
		return ErrInvalidConnectionState.with(id.String() + " is " + cn.state.String() + ", not alerting")
	}
	if active(cn.d) {
		return ErrConnectedCallExists.with(string(cn.dev) + " has an active call")
	}
	m.answer(cn)
	return nil
}

// ClearConnection releases a connection, whatever its state (ECMA-269
// ClearConnection). Events: ConnectionCleared (cause normalClearing); if
// at most one connection is left, or only alerting and queued ones, their
// ConnectionCleared and CallCleared follow. Errors: ErrInvalidCallID,
// ErrInvalidConnectionID.
func (m *Model) ClearConnection(id ConnectionID) error {
	if err := m.lock(); err != nil {
		return err
	}
	defer m.unlock()
	cn, err := m.lookup(id, ErrInvalidCallID, ErrInvalidConnectionID)
	if err != nil {
		return err
	}
	m.clear(cn, CauseNormalClearing)
	return nil
}

// ClearCall releases every connection of a call (ECMA-269 ClearCall); only
// call.Call is used. Events: ConnectionCleared for each connection, in
// join order, then CallCleared (cause normalClearing). Error:
// ErrInvalidCallID.
func (m *Model) ClearCall(call ConnectionID) error {
	if err := m.lock(); err != nil {
		return err
	}
	defer m.unlock()
	c := m.calls[call.Call]
	if c == nil {
		return ErrInvalidCallID.with("no call " + strconv.Quote(string(call.Call)))
	}
	m.endCall(c, involved(c), CauseNormalClearing)
	return nil
}

// HoldCall puts a station's connected connection on hold (ECMA-269
// HoldCall). Event: Held (cause normal). Errors: ErrInvalidCallID,
// ErrInvalidConnectionID, ErrRequestIncompatible,
// ErrInvalidConnectionState (not connected).
func (m *Model) HoldCall(id ConnectionID) error {
	if err := m.lock(); err != nil {
		return err
	}
	defer m.unlock()
	cn, err := m.lookup(id, ErrInvalidCallID, ErrInvalidConnectionID)
	if err != nil {
		return err
	}
	if cn.d.cat != CategoryStation {
		return ErrRequestIncompatible.with(id.String() + " is not a station's connection")
	}
	if cn.state != StateConnected {
		return ErrInvalidConnectionState.with(id.String() + " is " + cn.state.String() + ", not connected")
	}
	m.hold(cn, CauseNormal)
	return nil
}

func (m *Model) hold(cn *conn, cause Cause) {
	cn.state = StateHold
	m.emit(Event{Kind: EventHeld, Connection: cn.id(), Device: cn.dev, Cause: cause}, involved(cn.call))
}

// RetrieveCall reconnects a held connection (ECMA-269 RetrieveCall).
// Event: Retrieved (cause normal). Errors: ErrInvalidCallID,
// ErrInvalidConnectionID, ErrNoHeldCall (not on hold),
// ErrConnectedCallExists (the station has an active call).
func (m *Model) RetrieveCall(id ConnectionID) error {
	if err := m.lock(); err != nil {
		return err
	}
	defer m.unlock()
	cn, err := m.lookup(id, ErrInvalidCallID, ErrInvalidConnectionID)
	if err != nil {
		return err
	}
	if cn.state != StateHold {
		return ErrNoHeldCall.with(id.String() + " is " + cn.state.String() + ", not hold")
	}
	if active(cn.d) {
		return ErrConnectedCallExists.with(string(cn.dev) + " has an active call")
	}
	cn.state = StateConnected
	m.emit(Event{Kind: EventRetrieved, Connection: cn.id(), Device: cn.dev, Cause: CauseNormal}, involved(cn.call))
	return nil
}

// ConsultationCall holds a station's connected call and calls consulted
// from it (ECMA-269 ConsultationCall); it returns the station's connection
// in the new call. Events: Held on the existing call, then
// ServiceInitiated, Originated and the delivery events of the new call, all
// with cause consultation. Errors: those of HoldCall, and
// ErrInvalidCalledDeviceID, ErrNotDifferentDevices,
// ErrResourceLimitExceeded.
func (m *Model) ConsultationCall(existing ConnectionID, consulted DeviceID) (ConnectionID, error) {
	if err := m.lock(); err != nil {
		return ConnectionID{}, err
	}
	defer m.unlock()
	cn, err := m.lookup(existing, ErrInvalidCallID, ErrInvalidConnectionID)
	if err != nil {
		return ConnectionID{}, err
	}
	if cn.d.cat != CategoryStation {
		return ConnectionID{}, ErrRequestIncompatible.with(existing.String() + " is not a station's connection")
	}
	if cn.state != StateConnected {
		return ConnectionID{}, ErrInvalidConnectionState.with(existing.String() + " is " + cn.state.String() + ", not connected")
	}
	d, ext, ok := m.resolve(consulted)
	if !ok {
		return ConnectionID{}, ErrInvalidCalledDeviceID.with("no device or outside number " + strconv.Quote(string(consulted)))
	}
	if d == cn.d {
		return ConnectionID{}, ErrNotDifferentDevices.with("consulted device is " + string(consulted))
	}
	if len(m.calls) >= m.cfg.MaxCalls {
		return ConnectionID{}, ErrResourceLimitExceeded.with("at most " + strconv.Itoa(m.cfg.MaxCalls) + " calls")
	}
	m.hold(cn, CauseConsultation)
	c, err := m.newCall()
	if err != nil {
		return ConnectionID{}, err
	}
	bn := m.originate(c, cn.d, dialled(d, ext), CauseConsultation)
	m.deliver(c, dialled(d, ext), CauseConsultation, 0)
	return bn.id(), nil
}

// checkPair validates the held and active connections of a station for
// TransferCall and ConferenceCall.
func (m *Model) checkPair(held, act ConnectionID) (h, a *conn, err error) {
	if h, err = m.lookup(held, ErrInvalidHeldConnectionID, ErrInvalidHeldConnectionID); err != nil {
		return nil, nil, err
	}
	if a, err = m.lookup(act, ErrInvalidActiveConnectionID, ErrInvalidActiveConnectionID); err != nil {
		return nil, nil, err
	}
	if h.d != a.d {
		return nil, nil, ErrNotSameDevice.with(held.String() + " and " + act.String() + " are of different devices")
	}
	if h.call == a.call {
		return nil, nil, ErrInvalidParameterValue.with("held and active connections are of the same call")
	}
	if h.state != StateHold {
		return nil, nil, ErrInvalidHeldConnectionState.with(held.String() + " is " + h.state.String() + ", not hold")
	}
	if a.state != StateConnected {
		return nil, nil, ErrInvalidActiveConnectionState.with(act.String() + " is " + a.state.String() + ", not connected")
	}
	for _, cn := range a.call.conns {
		if cn != a && inCall(h.call, cn.dev) {
			return nil, nil, ErrRequestIncompatible.with(string(cn.dev) + " is a party of both calls")
		}
	}
	return h, a, nil
}

// merge moves the connections of c2 into c1 and forgets c2. It returns
// the first device that came from c2.
func (m *Model) merge(c1, c2 *call) DeviceID {
	var first DeviceID
	for _, cn := range c2.conns {
		if first == "" {
			first = cn.dev
		}
		cn.call = c1
		c1.conns = append(c1.conns, cn)
	}
	c2.conns = nil
	delete(m.calls, c2.id)
	return first
}

// TransferCall joins the other parties of a station's held and active
// calls and drops the station (ECMA-269 TransferCall). The resulting call
// keeps the held call's ID; it is returned with its connections (new and
// old IDs). Event: Transferred (primaryOldCall the held connection,
// secondaryOldCall the active one, cause transfer), to the monitors of all
// parties of both calls. Errors: ErrInvalidHeldConnectionID,
// ErrInvalidActiveConnectionID, ErrNotSameDevice, ErrInvalidParameterValue
// (both are of one call), ErrInvalidHeldConnectionState,
// ErrInvalidActiveConnectionState, ErrRequestIncompatible (another device
// is a party of both calls, or no party of the result would be connected
// or held).
func (m *Model) TransferCall(held, act ConnectionID) (ConnectionID, []ConnectionListEntry, error) {
	if err := m.lock(); err != nil {
		return ConnectionID{}, nil, err
	}
	defer m.unlock()
	h, a, err := m.checkPair(held, act)
	if err != nil {
		return ConnectionID{}, nil, err
	}
	c1, c2 := h.call, a.call
	if !anchored(c1.conns, h) && !anchored(c2.conns, a) {
		return ConnectionID{}, nil, ErrRequestIncompatible.with("the transferred call would have no connected party")
	}
	to := join(involved(c1), involved(c2))
	m.removeConn(h)
	m.removeConn(a)
	var list []ConnectionListEntry
	for _, cn := range c1.conns {
		list = append(list, ConnectionListEntry{New: cn.id(), Old: cn.id(), Endpoint: cn.dev})
	}
	for _, cn := range c2.conns {
		list = append(list, ConnectionListEntry{New: ConnectionID{c1.id, cn.dev}, Old: cn.id(), Endpoint: cn.dev})
	}
	target := m.merge(c1, c2)
	c1.from = waiting(c1)
	m.emit(Event{Kind: EventTransferred, Connection: held, SecondaryOldCall: act, Device: h.dev,
		TransferredTo: target, Connections: list, Cause: CauseTransfer}, to)
	if len(c1.conns) <= 1 {
		m.endCall(c1, to, CauseNormalClearing)
	}
	return ConnectionID{Call: c1.id}, list, nil
}

// ConferenceCall joins a station's held and active calls into one call
// of all their parties (ECMA-269 ConferenceCall). The resulting call keeps
// the held call's ID; the station's connection in it is returned with the
// call's connections (new and old IDs). Event: Conferenced
// (primaryOldCall the held connection, secondaryOldCall the active one,
// cause conference). Errors: those of TransferCall, and
// ErrConferenceMemberLimitExceeded.
func (m *Model) ConferenceCall(held, act ConnectionID) (ConnectionID, []ConnectionListEntry, error) {
	if err := m.lock(); err != nil {
		return ConnectionID{}, nil, err
	}
	defer m.unlock()
	h, a, err := m.checkPair(held, act)
	if err != nil {
		return ConnectionID{}, nil, err
	}
	c1, c2 := h.call, a.call
	if n := len(c1.conns) + len(c2.conns) - 1; n > m.cfg.MaxConference {
		return ConnectionID{}, nil, ErrConferenceMemberLimitExceeded.with(strconv.Itoa(n) + " parties, at most " + strconv.Itoa(m.cfg.MaxConference))
	}
	to := join(involved(c1), involved(c2))
	m.removeConn(a)
	var list []ConnectionListEntry
	for _, cn := range c1.conns {
		list = append(list, ConnectionListEntry{New: cn.id(), Old: cn.id(), Endpoint: cn.dev})
	}
	for _, cn := range c2.conns {
		list = append(list, ConnectionListEntry{New: ConnectionID{c1.id, cn.dev}, Old: cn.id(), Endpoint: cn.dev})
	}
	added := m.merge(c1, c2)
	h.state = StateConnected
	c1.from = h
	m.emit(Event{Kind: EventConferenced, Connection: held, SecondaryOldCall: act, Device: h.dev,
		AddedParty: added, Connections: list, Cause: CauseConference}, to)
	return h.id(), list, nil
}

// DeflectCall sends an alerting (or queued) connection's call on to
// another number (ECMA-269 DeflectCall). Events: Diverted (cause
// redirected), then the delivery events at the new destination with cause
// redirected. Errors: ErrInvalidCallID, ErrInvalidConnectionID,
// ErrInvalidConnectionState, ErrInvalidDestinationDeviceID,
// ErrNotDifferentDevices.
func (m *Model) DeflectCall(id ConnectionID, dest DeviceID) error {
	if err := m.lock(); err != nil {
		return err
	}
	defer m.unlock()
	cn, err := m.lookup(id, ErrInvalidCallID, ErrInvalidConnectionID)
	if err != nil {
		return err
	}
	if cn.external || (cn.state != StateAlerting && cn.state != StateQueued) {
		return ErrInvalidConnectionState.with(id.String() + " is " + cn.state.String() + ", not alerting")
	}
	d, ext, ok := m.resolve(dest)
	if !ok {
		return ErrInvalidDestinationDeviceID.with("no device or outside number " + strconv.Quote(string(dest)))
	}
	if d == cn.d {
		return ErrNotDifferentDevices.with("new destination is " + string(dest))
	}
	m.divert(cn, dialled(d, ext), CauseRedirected, 0)
	return nil
}

// SingleStepTransferCall drops a station's connected connection and
// offers the call to another number in its place (ECMA-269
// SingleStepTransferCall); the call keeps its ID. It returns the new
// party's connection and the call's connections. Events: Transferred
// (cause singleStepTransfer; transferredConnections lists the remaining
// parties and the new one), then the delivery events at the destination
// with cause singleStepTransfer. Errors: ErrInvalidCallID,
// ErrInvalidConnectionID, ErrRequestIncompatible,
// ErrInvalidConnectionState, ErrInvalidDestinationDeviceID,
// ErrNotDifferentDevices, ErrRequestIncompatible (no other party is
// connected or held).
func (m *Model) SingleStepTransferCall(id ConnectionID, dest DeviceID) (ConnectionID, []ConnectionListEntry, error) {
	if err := m.lock(); err != nil {
		return ConnectionID{}, nil, err
	}
	defer m.unlock()
	cn, err := m.lookup(id, ErrInvalidCallID, ErrInvalidConnectionID)
	if err != nil {
		return ConnectionID{}, nil, err
	}
	if cn.d.cat != CategoryStation {
		return ConnectionID{}, nil, ErrRequestIncompatible.with(id.String() + " is not a station's connection")
	}
	if cn.state != StateConnected {
		return ConnectionID{}, nil, ErrInvalidConnectionState.with(id.String() + " is " + cn.state.String() + ", not connected")
	}
	d, ext, ok := m.resolve(dest)
	if !ok {
		return ConnectionID{}, nil, ErrInvalidDestinationDeviceID.with("no device or outside number " + strconv.Quote(string(dest)))
	}
	target := dialled(d, ext)
	if d == cn.d {
		return ConnectionID{}, nil, ErrNotDifferentDevices.with("transferred-to device is " + string(dest))
	}
	c := cn.call
	if inCall(c, target) {
		return ConnectionID{}, nil, ErrNotDifferentDevices.with(string(dest) + " is already in the call")
	}
	if !anchored(c.conns, cn) {
		return ConnectionID{}, nil, ErrRequestIncompatible.with("no other party of the call is connected or held")
	}
	to := involved(c)
	m.removeConn(cn)
	var list []ConnectionListEntry
	for _, o := range c.conns {
		list = append(list, ConnectionListEntry{New: o.id(), Old: o.id(), Endpoint: o.dev})
	}
	newID := ConnectionID{c.id, target}
	list = append(list, ConnectionListEntry{New: newID, Endpoint: target})
	m.emit(Event{Kind: EventTransferred, Connection: id, Device: cn.dev, TransferredTo: target,
		Connections: list, Cause: CauseSingleStepTransfer}, to)
	if len(c.conns) == 0 {
		m.endCall(c, to, CauseNormalClearing)
		return newID, list, nil
	}
	c.from = waiting(c)
	c.lastRedir = cn.dev
	m.deliver(c, target, CauseSingleStepTransfer, 0)
	return newID, list, nil
}

// SetDoNotDisturb switches a station's do-not-disturb on or off (ECMA-269
// SetDoNotDisturb). While it is on, calls to the station fail with cause
// doNotDisturb (or follow forwarding on busy) and groups skip it. Event:
// DoNotDisturb. Errors: ErrInvalidDeviceID, ErrRequestIncompatibleDevice.
func (m *Model) SetDoNotDisturb(dev DeviceID, on bool) error {
	if err := m.lock(); err != nil {
		return err
	}
	defer m.unlock()
	d, err := m.station(dev, ErrInvalidDeviceID)
	if err != nil {
		return err
	}
	d.dnd = on
	m.emit(Event{Kind: EventDoNotDisturb, Device: dev, DoNotDisturb: on}, []*device{d})
	return nil
}

// GetDoNotDisturb reports a station's do-not-disturb (ECMA-269
// GetDoNotDisturb). Errors: ErrInvalidDeviceID,
// ErrRequestIncompatibleDevice.
func (m *Model) GetDoNotDisturb(dev DeviceID) (bool, error) {
	if err := m.lock(); err != nil {
		return false, err
	}
	defer m.unlock()
	d, err := m.station(dev, ErrInvalidDeviceID)
	if err != nil {
		return false, err
	}
	return d.dnd, nil
}

// SetForwarding sets one forwarding of a station (ECMA-269 SetForwarding).
// Incoming calls follow it: ForwardImmediate before the station alerts,
// ForwardBusy when it is busy or in do-not-disturb, ForwardNoAnswer after
// RingCount rings; each produces Diverted with cause
// callForwardImmediate, callForwardBusy or callForwardNoAnswer. Event:
// Forwarding. Errors: ErrInvalidDeviceID, ErrRequestIncompatibleDevice,
// ErrInvalidForwardingType, ErrInvalidForwardingDest (missing, unknown or
// the station itself when On), ErrValueOutOfRange (RingCount not in
// 0..100).
func (m *Model) SetForwarding(dev DeviceID, f Forwarding) error {
	if err := m.lock(); err != nil {
		return err
	}
	defer m.unlock()
	d, err := m.station(dev, ErrInvalidDeviceID)
	if err != nil {
		return err
	}
	i := fwdIndex(f.Type)
	if i < 0 {
		return ErrInvalidForwardingType.with(strconv.Quote(string(f.Type)) + " is not supported")
	}
	if f.RingCount < 0 || f.RingCount > 100 {
		return ErrValueOutOfRange.with("ringCount " + strconv.Itoa(f.RingCount) + " is not in 1..100")
	}
	if f.On {
		t, ext, ok := m.resolve(f.To)
		if !ok || f.To == "" {
			return ErrInvalidForwardingDest.with("no device or outside number " + strconv.Quote(string(f.To)))
		}
		if t == d {
			return ErrInvalidForwardingDest.with("forwarding to itself")
		}
		f.To = dialled(t, ext)
	}
	d.fwd[i] = f
	m.emit(Event{Kind: EventForwarding, Device: dev, Forwarding: f}, []*device{d})
	return nil
}

// GetForwarding returns a station's forwarding settings, one per
// supported type (ECMA-269 GetForwarding). Errors: ErrInvalidDeviceID,
// ErrRequestIncompatibleDevice.
func (m *Model) GetForwarding(dev DeviceID) ([]Forwarding, error) {
	if err := m.lock(); err != nil {
		return nil, err
	}
	defer m.unlock()
	d, err := m.station(dev, ErrInvalidDeviceID)
	if err != nil {
		return nil, err
	}
	return append([]Forwarding(nil), d.fwd[:]...), nil
}

// SystemStatus returns the switching function's status (the answer to a
// client's RequestSystemStatus); it starts as StatusNormal.
func (m *Model) SystemStatus() SystemStatus {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.status
}

// SetSystemStatus changes the switching function's status and sends it to
// every WatchSystemStatus channel (the switch's SystemStatus request to
// its clients).
func (m *Model) SetSystemStatus(s SystemStatus) error {
	if !validStatus(s) {
		return ErrValueOutOfRange.with("system status " + strconv.Quote(string(s)))
	}
	if err := m.lock(); err != nil {
		return err
	}
	defer m.unlock()
	m.status = s
	for _, w := range m.watchers {
		select {
		case w <- s:
		default: // the receiver is behind; it can read SystemStatus
		}
	}
	return nil
}

// WatchSystemStatus returns a channel that receives each later status of
// SetSystemStatus, and a function that ends the watch and closes the
// channel. The channel holds 8 changes; when it is full, a change is not
// queued (SystemStatus always has the current one).
func (m *Model) WatchSystemStatus() (<-chan SystemStatus, func()) {
	ch := make(chan SystemStatus, 8)
	if m.lock() != nil {
		close(ch)
		return ch, func() {}
	}
	m.watchers = append(m.watchers, ch)
	m.unlock()
	return ch, func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		for i, w := range m.watchers {
			if w == ch {
				m.watchers = append(m.watchers[:i], m.watchers[i+1:]...)
				close(ch)
				return
			}
		}
	}
}

// ReceiveSystemStatus records the status a client reports with its own
// SystemStatus request (ECMA-269 SystemStatus, client to switch).
// Error: ErrValueOutOfRange.
func (m *Model) ReceiveSystemStatus(s SystemStatus) error {
	if !validStatus(s) {
		return ErrValueOutOfRange.with("system status " + strconv.Quote(string(s)))
	}
	if err := m.lock(); err != nil {
		return err
	}
	defer m.unlock()
	m.client = s
	return nil
}

// ClientSystemStatus returns the status last given to
// ReceiveSystemStatus, "" if none.
func (m *Model) ClientSystemStatus() SystemStatus {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.client
}

func validStatus(s SystemStatus) bool {
	switch s {
	case StatusInitializing, StatusEnabled, StatusNormal, StatusMessagesLost, StatusDisabled,
		StatusOverloadImminent, StatusOverloadReached, StatusOverloadRelieved, StatusPartiallyDisabled:
		return true
	}
	return false
}

// GetSwitchingFunctionDevices lists the devices of the plan in plan order
// (stations, groups, trunks), those of one category if cat is not empty
// (ECMA-269 GetSwitchingFunctionDevices).
func (m *Model) GetSwitchingFunctionDevices(cat DeviceCategory) []DeviceInfo {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []DeviceInfo
	for _, d := range m.order {
		if cat != "" && d.cat != cat {
			continue
		}
		info := DeviceInfo{ID: d.id, Category: d.cat}
		if d.group != nil {
			info.Members = append([]DeviceID(nil), d.group.Members...)
		}
		if d.trunk != nil {
			info.Outside = append([]string(nil), d.trunk.Outside...)
		}
		out = append(out, info)
	}
	return out
}

// supportedServices are the ECMA-285 service identifiers the model
// implements, by GetCSTAFeatureResult.supportedServices component.
var supportedServices = map[string][]string{
	"capExchangeServList": {"getCSTAFeatures", "getSwitchingFunctionDevices", "switchingFunctionDevices"},
	"systemStatServList":  {"requestSystemStatus", "systemStatus"},
	"monitoringServList":  {"monitorStart", "monitorStop"},
	"snapshotServList":    {"snapshotCall", "snapshotDevice"},
	"callControlServList": {"answerCall", "clearCall", "clearConnection", "conferenceCall", "consultationCall",
		"deflectCall", "holdCall", "makeCall", "retrieveCall", "singleStepTransfer", "transferCall"},
	"logicalServList": {"getDoNotDisturb", "getForwarding", "setDoNotDisturb", "setForwarding"},
}

// GetCSTAFeatures returns the services and events the model supports
// (ECMA-269 GetCSTAFeatures).
func (m *Model) GetCSTAFeatures() Features {
	f := Features{Services: make(map[string][]string, len(supportedServices)), Events: EventKinds()}
	for list, names := range supportedServices {
		f.Services[list] = append([]string(nil), names...)
	}
	return f
}

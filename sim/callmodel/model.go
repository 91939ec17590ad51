package callmodel

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Config configures a Model. Zero fields take the documented defaults.
type Config struct {
	// Plan is the dial plan; nil means an empty plan.
	Plan *DialPlan
	// MaxCalls bounds the calls that exist at once (default 10000);
	// beyond it MakeCall, ConsultationCall and IncomingCall fail with
	// ErrResourceLimitExceeded.
	MaxCalls int
	// MaxMonitors bounds the monitors of the model (default 10000);
	// beyond it MonitorStart fails with ErrOverallMonitorLimitExceeded.
	MaxMonitors int
	// MaxMonitorsPerDevice bounds the monitors of one device (default
	// 64); beyond it MonitorStart fails with ErrObjectMonitorLimitExceeded.
	MaxMonitorsPerDevice int
	// EventQueue is the capacity of each monitor's event channel (default
	// 256). The channel holds pointers (8 bytes a slot, allocated when the
	// monitor starts); each queued event takes about 300 bytes more until
	// it is read. See Monitor for the overflow policy.
	EventQueue int
	// MaxConference bounds the parties of a call a ConferenceCall may
	// produce (default 8); beyond it ConferenceCall fails with
	// ErrConferenceMemberLimitExceeded.
	MaxConference int
	// RingInterval is the duration of one ring (default 5s), for
	// forwarding on no answer.
	RingInterval time.Duration
	// NoAnswerRings is the ring count of a no-answer forwarding that sets
	// none (default 3).
	NoAnswerRings int
	// Clock is the time source of ring timers (default SystemClock()).
	Clock Clock
}

func (c *Config) setDefaults() {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.MaxCalls, 10000)
	def(&c.MaxMonitors, 10000)
	def(&c.MaxMonitorsPerDevice, 64)
	def(&c.EventQueue, 256)
	def(&c.MaxConference, 8)
	def(&c.NoAnswerRings, 3)
	if c.RingInterval <= 0 {
		c.RingInterval = 5 * time.Second
	}
	if c.Clock == nil {
		c.Clock = SystemClock()
	}
	if c.Plan == nil {
		c.Plan = &DialPlan{}
	}
}

// maxDiversions bounds the redirections (forwarding, group distribution)
// one delivery follows, so that forwarding loops end: the delivery that
// would go further fails with cause busy.
const maxDiversions = 8

// Model is the call model of a CSTA switching function: its devices, calls
// and connections, and the monitors that watch them. Its methods are the
// ECMA-269 services (MakeCall, AnswerCall, ...) and the actions of the
// outside world (IncomingCall, ExternalAnswer, ...). It is safe for
// concurrent use; one mutex serialises all changes, and events are
// delivered to each monitor's channel without blocking.
type Model struct {
	mu       sync.Mutex
	cfg      Config
	closed   bool
	devices  map[DeviceID]*device
	order    []*device // plan order
	groups   []*device
	trunks   []*device
	calls    map[CallID]*call
	monitors map[CrossRefID]*Monitor
	nextCall uint64
	nextRef  uint64
	seq      uint64 // for ACD idle order
	status   SystemStatus
	client   SystemStatus // last status the client reported
	watchers []chan SystemStatus
	stats    Stats
}

// Stats counts what a Model has done.
type Stats struct {
	Calls           int    // calls that exist now
	Monitors        int    // monitors that exist now
	CallsStarted    uint64 // calls ever created
	EventsDelivered uint64 // events queued to monitors
	Overflows       uint64 // monitors ended by a full queue
}

type device struct {
	id       DeviceID
	cat      DeviceCategory
	group    *Group
	trunk    *Trunk
	conns    []*conn // station, group: its connections; trunk: its external parties
	queue    []*conn // group: queued connections, oldest first
	dnd      bool
	fwd      [3]Forwarding
	oos      bool
	idleSeq  uint64
	monitors []*Monitor
}

type call struct {
	id        CallID
	conns     []*conn // in join order
	calling   DeviceID
	called    DeviceID
	lastRedir DeviceID
	from      *conn // the connection waiting for the current delivery (see waiting)
}

type conn struct {
	call     *call
	dev      DeviceID
	d        *device // the station or group, or the trunk of an external party
	external bool
	state    ConnectionState
	cause    Cause // delivery cause, repeated by Established
	stop     func() bool
	gone     bool
}

func (cn *conn) id() ConnectionID { return ConnectionID{cn.call.id, cn.dev} }

// Monitor is a device monitor started by MonitorStart. Its events arrive
// in order on Events. Overflow policy: the model never blocks on a
// monitor; when an event finds the monitor's queue (Config.EventQueue
// events) full, the model ends the monitor instead of dropping the event
// silently: the event and all later ones are not queued, Events is closed
// once the queued events are read, and Err returns ErrMonitorOverflow (a
// protocol layer reports this to its client as a switch-initiated
// MonitorStop).
type Monitor struct {
	ref    CrossRefID
	dev    *device
	filter Filter
	ch     chan *Event
	mu     sync.Mutex
	err    error
}

// CrossRef returns the monitor's cross-reference ID.
func (mon *Monitor) CrossRef() CrossRefID { return mon.ref }

// Device returns the monitored device.
func (mon *Monitor) Device() DeviceID { return mon.dev.id }

// Filter returns the monitor's filter.
func (mon *Monitor) Filter() Filter { return mon.filter }

// Events returns the channel of the monitor's events. Each *Event is the
// receiver's own (no other monitor shares it or its slices). The channel
// is closed when the monitor ends (MonitorStop, overflow, Model.Close).
func (mon *Monitor) Events() <-chan *Event { return mon.ch }

// Err returns nil while the monitor runs, then why it ended:
// ErrMonitorStopped, ErrMonitorOverflow or ErrClosed.
func (mon *Monitor) Err() error {
	mon.mu.Lock()
	defer mon.mu.Unlock()
	return mon.err
}

// New returns a model of the devices of cfg.Plan. It fails if the plan
// has duplicate devices or group members that are not stations (a plan
// from ParseSpec never has).
func New(cfg Config) (*Model, error) {
	cfg.setDefaults()
	m := &Model{
		cfg:      cfg,
		devices:  make(map[DeviceID]*device),
		calls:    make(map[CallID]*call),
		monitors: make(map[CrossRefID]*Monitor),
		status:   StatusNormal,
	}
	add := func(d *device) error {
		if !validDeviceID(string(d.id)) {
			return errors.New("callmodel: invalid device ID " + strconv.Quote(string(d.id)))
		}
		if _, dup := m.devices[d.id]; dup {
			return errors.New("callmodel: duplicate device " + string(d.id))
		}
		for i := range d.fwd {
			d.fwd[i].Type = fwdTypes[i]
		}
		m.devices[d.id] = d
		m.order = append(m.order, d)
		return nil
	}
	p := cfg.Plan
	for _, s := range p.Stations {
		if err := add(&device{id: s, cat: CategoryStation}); err != nil {
			return nil, err
		}
	}
	for i := range p.Groups {
		g := p.Groups[i]
		g.Members = slices.Clone(g.Members)
		if g.Queue <= 0 {
			g.Queue = DefaultGroupQueue
		}
		cat := CategoryGroupHunt
		if g.Mode == ACD {
			cat = CategoryGroupACD
		}
		d := &device{id: g.ID, cat: cat, group: &g}
		if err := add(d); err != nil {
			return nil, err
		}
		m.groups = append(m.groups, d)
	}
	for i := range p.Trunks {
		t := p.Trunks[i]
		t.Outside = slices.Clone(t.Outside)
		d := &device{id: t.ID, cat: CategoryNetworkInterface, trunk: &t}
		if err := add(d); err != nil {
			return nil, err
		}
		m.trunks = append(m.trunks, d)
	}
	for _, g := range m.groups {
		for _, id := range g.group.Members {
			if d := m.devices[id]; d == nil || d.cat != CategoryStation {
				return nil, errors.New("callmodel: member " + string(id) + " of group " + string(g.id) + " is not a station")
			}
		}
	}
	return m, nil
}

var fwdTypes = [3]ForwardingType{ForwardImmediate, ForwardBusy, ForwardNoAnswer}

func fwdIndex(t ForwardingType) int {
	for i, ft := range fwdTypes {
		if ft == t {
			return i
		}
	}
	return -1
}

// Close ends every monitor (Err returns ErrClosed), stops the ring timers
// and makes later requests fail with ErrClosed.
func (m *Model) Close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return
	}
	m.closed = true
	for _, mon := range m.monitors {
		m.endMonitor(mon, ErrClosed)
	}
	for _, c := range m.calls {
		for _, cn := range c.conns {
			if cn.stop != nil {
				cn.stop()
			}
		}
	}
	for _, w := range m.watchers {
		close(w)
	}
	m.watchers = nil
}

// Stats returns the model's counters.
func (m *Model) Stats() Stats {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := m.stats
	s.Calls = len(m.calls)
	s.Monitors = len(m.monitors)
	return s
}

// lock takes the model's mutex, failing if the model is closed.
func (m *Model) lock() error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return ErrClosed
	}
	return nil
}

// unlock settles the model (queued calls to newly idle members) and
// releases the mutex.
func (m *Model) unlock() {
	m.distribute()
	m.mu.Unlock()
}

// --- monitors and events

// endMonitor removes mon and closes its channel. Called with m.mu held.
func (m *Model) endMonitor(mon *Monitor, why error) {
	delete(m.monitors, mon.ref)
	d := mon.dev
	if i := slices.Index(d.monitors, mon); i >= 0 {
		d.monitors = slices.Delete(d.monitors, i, i+1)
	}
	mon.mu.Lock()
	mon.err = why
	mon.mu.Unlock()
	close(mon.ch)
}

// involved returns the devices with a connection in c (the trunk for an
// external party), in join order, followed by extra, without repeats.
func involved(c *call, extra ...*device) []*device {
	ds := make([]*device, 0, len(c.conns)+len(extra))
	for _, cn := range c.conns {
		if !slices.Contains(ds, cn.d) {
			ds = append(ds, cn.d)
		}
	}
	for _, d := range extra {
		if d != nil && !slices.Contains(ds, d) {
			ds = append(ds, d)
		}
	}
	return ds
}

// join returns a followed by the devices of b not in a.
func join(a, b []*device) []*device {
	for _, d := range b {
		if !slices.Contains(a, d) {
			a = append(a, d)
		}
	}
	return a
}

// localState is the state of d's connection in the call id (StateNull if
// none).
func localState(d *device, id CallID) ConnectionState {
	for _, cn := range d.conns {
		if cn.call.id == id {
			return cn.state
		}
	}
	return StateNull
}

// emit queues ev to every monitor of the devices to whose filter allows
// it, each with its cross-reference ID and local connection state.
func (m *Model) emit(ev Event, to []*device) {
	var overflow []*Monitor
	for _, d := range to {
		for _, mon := range d.monitors {
			if !mon.filter.Allows(ev.Kind) {
				continue
			}
			e := new(Event)
			*e = ev
			e.CrossRef = mon.ref
			if ev.Kind.callControl() {
				e.LocalState = localState(d, ev.Connection.Call)
			}
			if ev.Connections != nil {
				e.Connections = slices.Clone(ev.Connections)
			}
			select {
			case mon.ch <- e:
				m.stats.EventsDelivered++
			default:
				overflow = append(overflow, mon)
			}
		}
	}
	for _, mon := range overflow {
		m.stats.Overflows++
		m.endMonitor(mon, ErrMonitorOverflow)
	}
}

// --- calls and connections

func (m *Model) newCall() (*call, error) {
	if len(m.calls) >= m.cfg.MaxCalls {
		return nil, ErrResourceLimitExceeded.with("at most " + strconv.Itoa(m.cfg.MaxCalls) + " calls")
	}
	m.nextCall++
	m.stats.CallsStarted++
	c := &call{id: CallID(strconv.FormatUint(m.nextCall, 10))}
	m.calls[c.id] = c
	return c, nil
}

func (m *Model) addConn(c *call, d *device, dev DeviceID, external bool, st ConnectionState) *conn {
	cn := &conn{call: c, dev: dev, d: d, external: external, state: st}
	c.conns = append(c.conns, cn)
	d.conns = append(d.conns, cn)
	return cn
}

// removeConn takes cn out of its call and device.
func (m *Model) removeConn(cn *conn) {
	if cn.gone {
		return
	}
	cn.gone = true
	if cn.stop != nil {
		cn.stop()
		cn.stop = nil
	}
	c, d := cn.call, cn.d
	if i := slices.Index(c.conns, cn); i >= 0 {
		c.conns = slices.Delete(c.conns, i, i+1)
	}
	if i := slices.Index(d.conns, cn); i >= 0 {
		d.conns = slices.Delete(d.conns, i, i+1)
	}
	if i := slices.Index(d.queue, cn); i >= 0 {
		d.queue = slices.Delete(d.queue, i, i+1)
	}
	if d.cat == CategoryStation && len(d.conns) == 0 {
		m.seq++
		d.idleSeq = m.seq
	}
}

// lookup finds the connection id names.
func (m *Model) lookup(id ConnectionID, noCall, noConn *ServiceError) (*conn, error) {
	c := m.calls[id.Call]
	if c == nil {
		return nil, noCall.with("no call " + strconv.Quote(string(id.Call)))
	}
	for _, cn := range c.conns {
		if cn.dev == id.Device {
			return cn, nil
		}
	}
	return nil, noConn.with("no connection " + id.String())
}

// resolve maps a dialled number to a device of the plan, or to an
// external number and the trunk that reaches it.
func (m *Model) resolve(number DeviceID) (d *device, ext DeviceID, ok bool) {
	if d := m.devices[number]; d != nil {
		return d, "", true
	}
	s := string(number)
	var best *device
	bestLen := -1
	for _, t := range m.trunks {
		for _, p := range t.trunk.Outside {
			if p == "*" && bestLen < 0 {
				best, bestLen = t, 0
			} else if p != "*" && strings.HasPrefix(s, p) && len(p) > bestLen {
				best, bestLen = t, len(p)
			}
		}
	}
	if best != nil {
		return best, number, true
	}
	for _, t := range m.trunks {
		rest, found := strings.CutPrefix(s, string(t.id))
		if !found || rest == "" {
			continue
		}
		for _, p := range t.trunk.Outside {
			if p == "*" || strings.HasPrefix(rest, p) {
				return t, DeviceID(rest), true
			}
		}
	}
	return nil, "", false
}

// waiting returns the connection of c that waits for a new delivery: the
// first connected one, else the first.
func waiting(c *call) *conn {
	for _, cn := range c.conns {
		if cn.state == StateConnected {
			return cn
		}
	}
	if len(c.conns) > 0 {
		return c.conns[0]
	}
	return nil
}

// inCall reports whether dev has a connection in c.
func inCall(c *call, dev DeviceID) bool {
	for _, cn := range c.conns {
		if cn.dev == dev {
			return true
		}
	}
	return false
}

// busy reports whether station d cannot be offered a call: it has a
// connection that is not on hold.
func busy(d *device) bool {
	for _, cn := range d.conns {
		if cn.state != StateHold {
			return true
		}
	}
	return false
}

// active reports whether d has a connection in the initiated or connected
// state.
func active(d *device) bool {
	for _, cn := range d.conns {
		if cn.state == StateConnected || cn.state == StateInitiated {
			return true
		}
	}
	return false
}

// available reports whether station d can take a call from a group.
func available(d *device) bool {
	return len(d.conns) == 0 && !d.oos && !d.dnd
}

// deliver offers call c to the number dest, with the given cause; depth
// counts the redirections so far.
func (m *Model) deliver(c *call, dest DeviceID, cause Cause, depth int) {
	if c.from == nil || c.from.gone {
		c.from = waiting(c)
	}
	d, ext, ok := m.resolve(dest)
	if !ok {
		m.fail(c, dest, nil, CauseBusy)
		return
	}
	if depth > maxDiversions {
		m.fail(c, dialled(d, ext), d, CauseBusy)
		return
	}
	if d.oos {
		m.fail(c, dialled(d, ext), d, CauseDestOutOfOrder)
		return
	}
	if inCall(c, dialled(d, ext)) {
		m.fail(c, dialled(d, ext), d, CauseBusy)
		return
	}
	switch {
	case ext != "":
		if d.trunk.Lines > 0 && len(d.conns) >= d.trunk.Lines {
			m.fail(c, ext, d, CauseTrunksBusy)
			return
		}
		cn := m.addConn(c, d, ext, true, StateAlerting)
		cn.cause = cause
		m.emit(m.deliveredEvent(cn), involved(c))
	case d.group != nil:
		m.offerGroup(c, d, cause, depth)
	case d.cat == CategoryStation:
		if f := d.fwd[0]; f.On {
			m.divertAway(c, d, f.To, CauseCallForwardImmediate, depth)
			return
		}
		if busy(d) || d.dnd {
			if f := d.fwd[1]; f.On {
				m.divertAway(c, d, f.To, CauseCallForwardBusy, depth)
				return
			}
			why := CauseBusy
			if d.dnd {
				why = CauseDoNotDisturb
			}
			m.fail(c, d.id, d, why)
			return
		}
		cn := m.addConn(c, d, d.id, false, StateAlerting)
		cn.cause = cause
		m.emit(m.deliveredEvent(cn), involved(c))
		if f := d.fwd[2]; f.On {
			rings := f.RingCount
			if rings <= 0 {
				rings = m.cfg.NoAnswerRings
			}
			cn.stop = m.cfg.Clock.AfterFunc(time.Duration(rings)*m.cfg.RingInterval, func() { m.noAnswer(cn) })
		}
	default: // a trunk dialled by its own ID
		m.fail(c, d.id, d, CauseBusy)
	}
}

func (m *Model) deliveredEvent(cn *conn) Event {
	c := cn.call
	return Event{Kind: EventDelivered, Connection: cn.id(), Device: cn.dev,
		Calling: c.calling, Called: c.called, LastRedirection: c.lastRedir, Cause: cn.cause}
}

// divertAway reports that the call to d went on to dest before d's
// connection alerted (forwarding immediate or busy), and delivers it there.
func (m *Model) divertAway(c *call, d *device, dest DeviceID, cause Cause, depth int) {
	m.emit(Event{Kind: EventDiverted, Connection: ConnectionID{c.id, d.id}, Device: d.id, NewDestination: dest,
		Calling: c.calling, Called: c.called, LastRedirection: c.lastRedir, Cause: cause}, involved(c, d))
	c.lastRedir = d.id
	m.deliver(c, dest, cause, depth+1)
}

// noAnswer forwards an alerting connection whose ring timer expired.
func (m *Model) noAnswer(cn *conn) {
	if m.lock() != nil {
		return
	}
	defer m.unlock()
	if cn.gone || cn.state != StateAlerting {
		return
	}
	f := cn.d.fwd[2]
	if !f.On {
		return
	}
	cn.stop = nil
	m.divert(cn, f.To, CauseCallForwardNoAnswer, 1)
}

// divert moves the alerting or queued connection cn to dest.
func (m *Model) divert(cn *conn, dest DeviceID, cause Cause, depth int) {
	c, d := cn.call, cn.d
	to := involved(c)
	m.removeConn(cn)
	m.emit(Event{Kind: EventDiverted, Connection: ConnectionID{c.id, d.id}, Device: d.id, NewDestination: dest,
		Calling: c.calling, Called: c.called, LastRedirection: c.lastRedir, Cause: cause}, to)
	c.lastRedir = d.id
	m.deliver(c, dest, cause, depth)
}

// fail reports that the delivery of c to failing could not be made: the
// waiting connection (c.from), if connected or initiated, goes to the fail
// state; an external caller then hangs up. A call left with only alerting
// or queued parties ends.
func (m *Model) fail(c *call, failing DeviceID, d *device, cause Cause) {
	from := c.from
	if from != nil && !from.gone && (from.state == StateConnected || from.state == StateInitiated) {
		from.state = StateFail
	}
	m.emit(Event{Kind: EventFailed, Connection: ConnectionID{c.id, failing}, Device: failing,
		Calling: c.calling, Called: c.called, LastRedirection: c.lastRedir, Cause: cause}, involved(c, d))
	if from != nil && !from.gone && from.external && from.state == StateFail {
		m.clear(from, CauseNormalClearing)
	}
	if m.calls[c.id] == c && !anchored(c.conns, nil) {
		// Only alerting or queued parties are left: nobody to talk to.
		m.endCall(c, involved(c, d), CauseNormalClearing)
	}
}

// anchored reports whether conns, but for except, include a party that
// holds a call up: one that is connected, on hold, initiated or failed
// (not only alerting or queued).
func anchored(conns []*conn, except *conn) bool {
	for _, cn := range conns {
		if cn != except && cn.state != StateAlerting && cn.state != StateQueued {
			return true
		}
	}
	return false
}

// offerGroup gives c to an available member of group g, or queues it.
func (m *Model) offerGroup(c *call, g *device, cause Cause, depth int) {
	if mem := m.pickMember(g); mem != nil {
		m.emit(Event{Kind: EventDiverted, Connection: ConnectionID{c.id, g.id}, Device: g.id, NewDestination: mem.id,
			Calling: c.calling, Called: c.called, LastRedirection: c.lastRedir, Cause: CauseDistributed}, involved(c, g))
		c.lastRedir = g.id
		m.deliver(c, mem.id, CauseDistributed, depth+1)
		return
	}
	if len(g.queue) >= g.group.Queue {
		m.fail(c, g.id, g, CauseBusy)
		return
	}
	cn := m.addConn(c, g, g.id, false, StateQueued)
	cn.cause = cause
	g.queue = append(g.queue, cn)
	m.emit(Event{Kind: EventQueued, Connection: cn.id(), Device: g.id,
		Calling: c.calling, Called: c.called, LastRedirection: c.lastRedir, Cause: CauseNoAvailableAgents}, involved(c))
}

// pickMember returns the available member of g that should get a call.
func (m *Model) pickMember(g *device) *device {
	var best *device
	for _, id := range g.group.Members {
		d := m.devices[id]
		if !available(d) {
			continue
		}
		if g.group.Mode == Hunt {
			return d
		}
		if best == nil || d.idleSeq < best.idleSeq {
			best = d
		}
	}
	return best
}

// distribute gives queued calls to members that became available.
func (m *Model) distribute() {
	for changed := true; changed; {
		changed = false
		for _, g := range m.groups {
			for len(g.queue) > 0 {
				mem := m.pickMember(g)
				if mem == nil {
					break
				}
				cn := g.queue[0]
				c := cn.call
				to := involved(c)
				m.removeConn(cn)
				m.emit(Event{Kind: EventDiverted, Connection: ConnectionID{c.id, g.id}, Device: g.id, NewDestination: mem.id,
					Calling: c.calling, Called: c.called, LastRedirection: c.lastRedir, Cause: CauseDistributed}, to)
				c.lastRedir = g.id
				m.deliver(c, mem.id, CauseDistributed, 1)
				changed = true
			}
		}
	}
}

// clear drops cn with ConnectionCleared; when at most one connection is
// left, or only alerting and queued ones, the call ends: the rest are
// cleared and CallCleared follows.
func (m *Model) clear(cn *conn, cause Cause) {
	c := cn.call
	to := involved(c)
	m.removeConn(cn)
	m.emit(Event{Kind: EventConnectionCleared, Connection: cn.id(), Device: cn.dev, Cause: cause}, to)
	if len(c.conns) <= 1 || !anchored(c.conns, nil) {
		m.endCall(c, to, cause)
	}
}

// endCall clears every connection of c, then reports CallCleared to the
// devices to (and those still in the call).
func (m *Model) endCall(c *call, to []*device, cause Cause) {
	to = join(to, involved(c))
	for len(c.conns) > 0 {
		cn := c.conns[0]
		m.removeConn(cn)
		m.emit(Event{Kind: EventConnectionCleared, Connection: cn.id(), Device: cn.dev, Cause: cause}, to)
	}
	delete(m.calls, c.id)
	m.emit(Event{Kind: EventCallCleared, Connection: ConnectionID{Call: c.id}, Cause: cause}, to)
}

// answer connects the alerting connection cn.
func (m *Model) answer(cn *conn) {
	if cn.stop != nil {
		cn.stop()
		cn.stop = nil
	}
	cn.state = StateConnected
	c := cn.call
	m.emit(Event{Kind: EventEstablished, Connection: cn.id(), Device: cn.dev,
		Calling: c.calling, Called: c.called, LastRedirection: c.lastRedir, Cause: cn.cause}, involved(c))
}

// Package cti is a high-level CSTA client for applications, the same over
// ECMA-285 BER and CSTA-XML: Dial a switch, Monitor devices and receive
// their typed events (copies of their own) on a channel, Invoke any
// request with its typed argument. The monitor cross-reference IDs are
// handled inside. With Config.Redial set, a lost connection is dialled
// again with backoff, re-associated, its monitors restored, and each
// monitor receives a "restored" event whose Gap says what it missed.
// Logging goes to a log/slog Logger; Hooks count what passes.
//
//	c, err := cti.Dial(ctx, cti.Config{Address: "pbx:2555", Encoding: cti.BER})
//	mon, err := c.Monitor(ctx, "101")
//	for ev := range mon.Events() {
//		fmt.Println(ev.Name, ev.Call, ev.State) // delivered 1 alerting
//	}
package cti

import (
	"context"
	"crypto/tls"
	"errors"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/cstagen/cstagen/conn"
	"github.com/cstagen/cstagen/csta"
)

// Encoding is the protocol of the connection.
type Encoding uint8

// The encodings.
const (
	BER Encoding = iota + 1
	XML
)

// Backoff is the redial policy: waits from Initial, doubled after each
// failure up to Max, with up to 20% jitter; Attempts bounds the dials
// after one loss (0 for no bound).
type Backoff struct {
	Initial, Max time.Duration
	Attempts     int
}

// Hooks are called as things happen, for metrics; any may be nil. They
// run on the connection's goroutines and must not block.
type Hooks struct {
	// Dial is called after each dial with its result.
	Dial func(err error)
	// Request is called after each request with its operation, duration
	// and error.
	Request func(operation int64, d time.Duration, err error)
	// Event is called for each event handed to a monitor.
	Event func(name string)
	// Dropped is called for each event lost because its monitor's channel
	// was full.
	Dropped func(device string)
	// Restored is called after a redial restored the monitors.
	Restored func(down time.Duration)
}

// Config configures a Client. Address and Encoding are required.
type Config struct {
	// Address is the switch's host:port.
	Address  string
	Encoding Encoding
	// BER and XML are the connection options (framing, versions, timeouts,
	// keep-alive); their handlers are the client's own.
	BER conn.BEROptions
	XML conn.XMLOptions
	// TLS, when set, runs TLS to the switch.
	TLS *tls.Config
	// ApplicationSession (CSTA-XML) opens an ECMA-354 application session
	// with ApplicationID and SessionDuration (default 180 s) and keeps it
	// alive with ResetApplicationSessionTimer.
	ApplicationSession bool
	ApplicationID      string
	SessionDuration    time.Duration
	// Redial, when set, dials again after a lost connection and restores
	// the monitors.
	Redial *Backoff
	// TrackCalls keeps the calls the monitors see, with their connections
	// and states, updated from the events and, after a redial, from each
	// device's snapshot (Client.Calls).
	TrackCalls bool
	// EventBuffer is the capacity of each monitor's channel (default
	// 256). An event that finds it full is dropped and counted
	// (Monitor.Dropped, Hooks.Dropped): the connection never waits for the
	// application.
	EventBuffer int
	// Logger receives the association, redial and error log; nil means
	// slog.Default(). LogMessages also logs every message at debug level.
	Logger      *slog.Logger
	LogMessages bool
	Hooks       Hooks
}

// Client is a connection to a switch with its monitors. It is safe for
// concurrent use.
type Client struct {
	cfg Config
	log *slog.Logger

	track *tracker // nil unless Config.TrackCalls

	mu       sync.Mutex
	t        transport
	byRef    map[string]*Monitor // by cross-reference ID on t
	monitors map[*Monitor]struct{}
	orphans  []orphan // events for cross-references not known yet
	closed   bool
	quit     chan struct{}
	wg       sync.WaitGroup
}

// orphan is an event that came before its MonitorStart result.
type orphan struct {
	xref string
	typ  *csta.Event
	v    csta.Message
}

const maxOrphans = 256

// ErrClosed is returned after Close.
var ErrClosed = errors.New("cti: client closed")

// Dial connects to the switch and opens the association (and, for
// CSTA-XML with ApplicationSession, the application session).
func Dial(ctx context.Context, cfg Config) (*Client, error) {
	if cfg.Encoding != BER && cfg.Encoding != XML {
		return nil, errors.New("cti: Config.Encoding must be BER or XML")
	}
	if cfg.EventBuffer <= 0 {
		cfg.EventBuffer = 256
	}
	c := &Client{cfg: cfg, log: cfg.Logger, byRef: map[string]*Monitor{}, monitors: map[*Monitor]struct{}{},
		quit: make(chan struct{})}
	if c.log == nil {
		c.log = slog.Default()
	}
	if cfg.TrackCalls {
		c.track = &tracker{}
	}
	t, err := c.dial(ctx)
	if err != nil {
		return nil, err
	}
	c.t = t
	c.wg.Add(1)
	go c.supervise(t)
	return c, nil
}

func (c *Client) dial(ctx context.Context) (transport, error) {
	var t transport
	var err error
	if c.cfg.Encoding == BER {
		t, err = dialBER(ctx, &c.cfg, c)
	} else {
		t, err = dialXML(ctx, &c.cfg, c)
	}
	if h := c.cfg.Hooks.Dial; h != nil {
		h(err)
	}
	if err != nil {
		c.log.Warn("cti: dial failed", "address", c.cfg.Address, "err", err)
		return nil, err
	}
	c.log.Info("cti: connected", "address", c.cfg.Address)
	return t, nil
}

// Invoke sends a request with its typed argument (*csta.MakeCallArgument,
// ...) and returns its typed result in memory of its own (nil for an
// empty result). A CSTA error is a *conn.ServiceError (BER) or
// *conn.XMLError (CSTA-XML); Failure reads either.
func (c *Client) Invoke(ctx context.Context, arg csta.Request) (csta.Message, error) {
	c.mu.Lock()
	t, closed := c.t, c.closed
	c.mu.Unlock()
	if closed {
		return nil, ErrClosed
	}
	start := time.Now()
	c.logMessage("out", "request", arg)
	res, err := t.invoke(ctx, arg)
	if h := c.cfg.Hooks.Request; h != nil {
		h(arg.RequestCode(), time.Since(start), err)
	}
	if err != nil {
		c.log.Debug("cti: request failed", "operation", arg.RequestCode(), "err", err)
	}
	return res, err
}

// Calls returns the calls the monitors see, by ID, with their
// connections by device; nil unless Config.TrackCalls is set.
func (c *Client) Calls() []Call {
	if c.track == nil {
		return nil
	}
	return c.track.list()
}

// Monitor starts a monitor of device and returns it; its events arrive on
// Monitor.Events in order.
func (c *Client) Monitor(ctx context.Context, device string) (*Monitor, error) {
	m := &Monitor{c: c, device: device, ch: make(chan Event, c.cfg.EventBuffer)}
	if err := c.start(ctx, m); err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.monitors[m] = struct{}{}
	c.mu.Unlock()
	return m, nil
}

// start runs MonitorStart for m on the current connection.
func (c *Client) start(ctx context.Context, m *Monitor) error {
	arg := &csta.MonitorStartArgument{}
	d := Device(m.device)
	arg.MonitorObject.SetDeviceObject(&d)
	res, err := c.Invoke(ctx, arg)
	if err != nil {
		return err
	}
	r, ok := res.(*csta.MonitorStartResult)
	if !ok {
		return errors.New("cti: MonitorStart without result")
	}
	xref := string(r.CrossRefIdentifier)
	c.mu.Lock()
	m.mu.Lock()
	m.xref = xref
	m.mu.Unlock()
	c.byRef[xref] = m
	kept := c.orphans[:0]
	for _, o := range c.orphans {
		if o.xref == xref {
			c.deliver(m, o.typ, o.v)
		} else {
			kept = append(kept, o)
		}
	}
	c.orphans = kept
	c.mu.Unlock()
	return nil
}

// event is the sink of the transports: it routes an event by its
// cross-reference.
func (c *Client) event(xref string, typ *csta.Event, v csta.Message) {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.byRef[xref]
	if m == nil {
		if len(c.orphans) < maxOrphans {
			c.orphans = append(c.orphans, orphan{xref, typ, v})
		}
		return
	}
	c.deliver(m, typ, v)
}

// deliver hands an event to m without waiting (c.mu held).
func (c *Client) deliver(m *Monitor, typ *csta.Event, v csta.Message) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return
	}
	e := newEvent(m.device, m.xref, typ, v)
	if c.track != nil {
		c.track.update(m.device, &e)
	}
	select {
	case m.ch <- e:
		if h := c.cfg.Hooks.Event; h != nil {
			h(e.Name)
		}
	default:
		m.dropped++
		if h := c.cfg.Hooks.Dropped; h != nil {
			h(m.device)
		}
	}
}

// monitorStopped is the sink of a switch-invoked MonitorStop.
func (c *Client) monitorStopped(xref string) {
	c.mu.Lock()
	m := c.byRef[xref]
	delete(c.byRef, xref)
	if m != nil {
		delete(c.monitors, m)
	}
	c.mu.Unlock()
	if m != nil {
		c.log.Warn("cti: monitor stopped by the switch", "device", m.device, "crossRef", xref)
		m.end(ErrMonitorStopped)
	}
}

func (c *Client) logMessage(dir, name string, v any) {
	if c.cfg.LogMessages {
		c.log.Debug("cti: message", "dir", dir, "name", name, "value", v)
	}
}

// supervise waits for the end of connection t and redials.
func (c *Client) supervise(t transport) {
	defer c.wg.Done()
	for {
		select {
		case <-c.quit:
			return
		case <-t.done():
		}
		down, cause := time.Now(), t.err()
		c.log.Warn("cti: connection lost", "address", c.cfg.Address, "err", cause)
		if c.cfg.Redial == nil {
			c.endAll(cause)
			return
		}
		nt := c.redial()
		if nt == nil {
			c.endAll(cause)
			return
		}
		t = nt
		c.restore(down, cause)
	}
}

// redial dials until it succeeds, Attempts run out or Close.
func (c *Client) redial() transport {
	b := *c.cfg.Redial
	if b.Initial <= 0 {
		b.Initial = 100 * time.Millisecond
	}
	if b.Max < b.Initial {
		b.Max = max(b.Initial, 30*time.Second)
	}
	wait := b.Initial
	for n := 1; b.Attempts == 0 || n <= b.Attempts; n++ {
		jitter := time.Duration(rand.Int64N(int64(wait)/5 + 1))
		select {
		case <-c.quit:
			return nil
		case <-time.After(wait + jitter):
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		t, err := c.dial(ctx)
		cancel()
		if err == nil {
			c.mu.Lock()
			if c.closed {
				c.mu.Unlock()
				t.close()
				return nil
			}
			c.t = t
			c.byRef = map[string]*Monitor{}
			c.orphans = nil
			c.mu.Unlock()
			return t
		}
		wait = min(2*wait, b.Max)
	}
	return nil
}

// restore starts every monitor again on the new connection and reports
// the gap to each.
func (c *Client) restore(down time.Time, cause error) {
	c.mu.Lock()
	mons := make([]*Monitor, 0, len(c.monitors))
	for m := range c.monitors {
		mons = append(mons, m)
	}
	c.mu.Unlock()
	for _, m := range mons {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err := c.start(ctx, m)
		var snap []Connection
		if err == nil {
			d := Device(m.device)
			if res, serr := c.Invoke(ctx, &csta.SnapshotDeviceArgument{SnapshotObject: d}); serr == nil {
				snap = snapshotConnections(m.device, res)
			}
		}
		cancel()
		if err != nil {
			c.log.Warn("cti: monitor not restored", "device", m.device, "err", err)
			c.mu.Lock()
			delete(c.monitors, m)
			c.mu.Unlock()
			m.end(err)
			continue
		}
		if c.track != nil && snap != nil {
			c.track.resync(m.device, snap)
		}
		m.mu.Lock()
		gap := Event{Device: m.device, CrossRef: m.xref, Name: "restored",
			Gap: &Gap{Down: down, Up: time.Now(), Err: cause, Snapshot: snap}}
		select {
		case m.ch <- gap:
		default:
			m.dropped++
		}
		m.mu.Unlock()
	}
	if h := c.cfg.Hooks.Restored; h != nil {
		h(time.Since(down))
	}
	c.log.Info("cti: monitors restored", "monitors", len(mons), "down", time.Since(down))
}

// endAll ends every monitor with err.
func (c *Client) endAll(err error) {
	c.mu.Lock()
	mons := c.monitors
	c.monitors = map[*Monitor]struct{}{}
	c.byRef = map[string]*Monitor{}
	c.mu.Unlock()
	for m := range mons {
		m.end(err)
	}
}

// Close closes the connection and ends every monitor (their channels
// close); it does not stop the monitors on the switch, which the end of
// the association does.
func (c *Client) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	close(c.quit)
	t := c.t
	c.mu.Unlock()
	err := t.close()
	c.wg.Wait()
	c.endAll(ErrClosed)
	return err
}

// ErrMonitorStopped ends a monitor the switch stopped.
var ErrMonitorStopped = errors.New("cti: monitor stopped by the switch")

// Monitor is a monitor of one device.
type Monitor struct {
	c      *Client
	device string
	ch     chan Event

	mu      sync.Mutex
	xref    string
	closed  bool
	err     error
	dropped int
}

// Device returns the monitored device.
func (m *Monitor) Device() string { return m.device }

// Events returns the monitor's events, in order; the channel closes when
// the monitor ends (Stop, Close, the switch stopping it, a connection lost
// without Redial); Err then says why.
func (m *Monitor) Events() <-chan Event { return m.ch }

// Err returns why the monitor ended, nil while it runs or after Stop.
func (m *Monitor) Err() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.err
}

// Dropped returns the number of events lost because Events was full.
func (m *Monitor) Dropped() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.dropped
}

// Stop stops the monitor on the switch (MonitorStop) and closes Events.
func (m *Monitor) Stop(ctx context.Context) error {
	c := m.c
	c.mu.Lock()
	delete(c.monitors, m)
	m.mu.Lock()
	xref := m.xref
	m.mu.Unlock()
	delete(c.byRef, xref)
	c.mu.Unlock()
	_, err := c.Invoke(ctx, &csta.MonitorStopArgument{CrossRefIdentifier: csta.MonitorCrossRefID(xref)})
	m.end(nil)
	return err
}

func (m *Monitor) end(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return
	}
	m.closed, m.err = true, err
	close(m.ch)
}

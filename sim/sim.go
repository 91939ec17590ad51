// Package sim is a CSTA switch simulator: it serves a callmodel.Model to
// any number of clients over TCP or TLS, in ECMA-285 BER (ACSE
// association with CSTA version negotiation, ROSE operations, optional
// vendor link header such as HiPath's), in ECMA-323 CSTA-XML (the
// 8-octet header of Annex J, ECMA-354 application sessions with their
// timers), or in CSTA-XML inside SIP dialogs (uaCSTA, ECMA TR/87, over
// UDP, TCP or TLS with package uacsta: the INVITE's RequestSystemStatus
// answered in its 200 OK, requests in INFO answered in their 200 OK,
// events in INFO of the dialog).
//
// Each client request is decoded with the generated package csta, run on
// the model (callmodel.Model's method of the same name), and answered with
// its result, with the universalFailure (BER ReturnError, XML
// CSTAErrorCode) the model's *callmodel.ServiceError names, or, for an
// operation the simulator does not implement, with a Reject
// (unrecognizedOperation; CSTA-XML: CSTAErrorCode serviceNotSupported).
// The events of each monitor a client starts are sent to that client in
// order, after the MonitorStart result. A monitor the model ends (its
// queue overflowed) is reported by a switch-invoked MonitorStop. Changes
// of the model's system status (Model.SetSystemStatus) are sent to every
// client as SystemStatus requests.
//
// A test runs its application against a Server on a loopback listener:
//
//	plan, _ := callmodel.ParseSpec("station 100-120")
//	model, _ := callmodel.New(callmodel.Config{Plan: plan})
//	srv, _ := sim.New(sim.Config{Model: model, Encoding: sim.BER})
//	l, _ := net.Listen("tcp", "127.0.0.1:0")
//	go srv.Serve(l)
//	defer srv.Close()
//	// dial l.Addr() with the application, then drive the outside world:
//	model.IncomingCall("0891234", "101")
package sim

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"reflect"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cstagen/cstagen/conn"
	"github.com/cstagen/cstagen/sim/callmodel"
	"github.com/cstagen/cstagen/uacsta"
)

// Encoding is the protocol a Server speaks.
type Encoding uint8

// The encodings.
const (
	BER Encoding = iota + 1 // ECMA-285 over ACSE and ROSE
	XML                     // ECMA-323 CSTA-XML over the 8-octet header
	SIP                     // ECMA-323 CSTA-XML in SIP dialogs (uaCSTA, ECMA TR/87)
)

// String returns "ber", "xml" or "sip".
func (e Encoding) String() string {
	switch e {
	case BER:
		return "ber"
	case XML:
		return "xml"
	case SIP:
		return "sip"
	}
	return "Encoding(?)"
}

// Defaults of Config.
const (
	DefaultMaxConns        = 1024
	DefaultSessionDuration = 180 * time.Second
	MinSessionDuration     = 10 * time.Second
	MaxSessionDuration     = 3600 * time.Second
)

// Config configures a Server. Model and Encoding are required.
type Config struct {
	// Model is the switching function's call model.
	Model *callmodel.Model
	// Encoding is the protocol of every connection.
	Encoding Encoding
	// BER is the template of each BER connection (vendor prefix in
	// Framing, versions, timeouts, authentication); OnEvent and OnRequest
	// are the server's own. An ApplicationContext of nil accepts both
	// CSTA3Context and CSTA2Context (HiPath's).
	BER conn.BEROptions
	// XML is the template of each CSTA-XML connection; OnEvent and
	// OnRequest are the server's own.
	XML conn.XMLOptions
	// SIP is the template of the uaCSTA server (Encoding SIP): realm and
	// credentials, response mode, timeouts, limits; OnInvite, OnDialog,
	// OnClose, OnRequest and OnEvent are the server's own. MaxDialogs 0
	// means MaxConns.
	SIP uacsta.ServerOptions
	// TLS, when set, makes Serve run TLS over each accepted connection
	// (with Encoding SIP: SIP over TLS).
	TLS *tls.Config
	// DeviceName maps a device identifier of a request to a device of the
	// dial plan; nil means NormalizeDevice.
	DeviceName func(string) string
	// SessionDuration is the ECMA-354 application session duration given
	// to a StartApplicationSession that requests none (default
	// DefaultSessionDuration); requested durations are held within
	// MinSession..MaxSession (defaults MinSessionDuration and
	// MaxSessionDuration). A session whose timer is not reset in time ends
	// with ApplicationSessionTerminated (sessionTimerExpired) and the
	// connection closes.
	SessionDuration, MinSession, MaxSession time.Duration
	// MaxConns bounds the connections served at once (default
	// DefaultMaxConns); Serve closes those beyond it at once.
	MaxConns int
	// Logger receives the server's log (connections, associations,
	// errors); nil means slog.Default() at its level.
	Logger *slog.Logger
	// Trace, when set, receives every request, response and event as it
	// passes: dir is "in" or "out", name the operation, event or root
	// element, v the typed value (nil when there is none). It runs on the
	// connection's goroutines; v is only valid during the call. `cstagen
	// simulate -trace` prints it as `cstagen decode` does; TraceString is a
	// one-line form.
	Trace func(remote net.Addr, dir, name string, v any)
}

// Server serves a Model to CSTA clients.
type Server struct {
	cfg   Config
	model *callmodel.Model
	name  func(string) string
	log   *slog.Logger

	mu        sync.Mutex
	listeners map[net.Listener]struct{}
	packets   map[net.PacketConn]struct{}
	sessions  map[*session]struct{}
	sip       *uacsta.Server                 // Encoding SIP
	dialogs   map[*uacsta.Dialog]*sipSession // Encoding SIP: from the INVITE to the end
	closed    bool
	wg        sync.WaitGroup
	sem       chan struct{}
	refs      atomic.Uint64 // service cross-reference IDs issued
}

// serviceRef issues a serviceCrossRefID.
func (s *Server) serviceRef() string {
	return "sf" + strconv.FormatUint(s.refs.Add(1), 10)
}

// ErrServerClosed is returned by Serve after Close.
var ErrServerClosed = errors.New("sim: server closed")

// New returns a Server for cfg.
func New(cfg Config) (*Server, error) {
	if cfg.Model == nil {
		return nil, errors.New("sim: Config.Model is nil")
	}
	if cfg.Encoding != BER && cfg.Encoding != XML && cfg.Encoding != SIP {
		return nil, errors.New("sim: Config.Encoding must be BER, XML or SIP")
	}
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = DefaultMaxConns
	}
	if cfg.SessionDuration <= 0 {
		cfg.SessionDuration = DefaultSessionDuration
	}
	if cfg.MinSession <= 0 {
		cfg.MinSession = MinSessionDuration
	}
	if cfg.MaxSession < cfg.MinSession {
		cfg.MaxSession = max(MaxSessionDuration, cfg.MinSession)
	}
	s := &Server{cfg: cfg, model: cfg.Model, name: cfg.DeviceName, log: cfg.Logger,
		listeners: make(map[net.Listener]struct{}), packets: make(map[net.PacketConn]struct{}),
		sessions: make(map[*session]struct{}), dialogs: make(map[*uacsta.Dialog]*sipSession),
		sem: make(chan struct{}, cfg.MaxConns)}
	if s.name == nil {
		s.name = NormalizeDevice
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if cfg.Encoding == SIP {
		var err error
		if s.sip, err = s.newSIP(); err != nil {
			return nil, fmt.Errorf("sim: %w", err)
		}
	}
	return s, nil
}

// Serve accepts connections on l and serves each on its own goroutines
// until l fails or Close is called; it then returns the error (after
// Close, ErrServerClosed). It may be called for several listeners. With
// Encoding SIP it serves SIP over TCP (or TLS) on l; ServePacket serves
// it over UDP.
func (s *Server) Serve(l net.Listener) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		l.Close()
		return ErrServerClosed
	}
	s.listeners[l] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.listeners, l)
		s.mu.Unlock()
	}()
	if s.sip != nil {
		return s.serveSIP(l)
	}
	var delay time.Duration
	for {
		nc, err := l.Accept()
		if err != nil {
			if s.isClosed() {
				return ErrServerClosed
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				delay = min(max(2*delay, 5*time.Millisecond), time.Second)
				time.Sleep(delay)
				continue
			}
			return err
		}
		delay = 0
		select {
		case s.sem <- struct{}{}:
		default:
			s.log.Warn("sim: connection refused: limit reached", "remote", nc.RemoteAddr(), "max", s.cfg.MaxConns)
			nc.Close()
			continue
		}
		if s.cfg.TLS != nil {
			nc = tls.Server(nc, s.cfg.TLS)
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer func() { <-s.sem }()
			s.ServeConn(nc)
		}()
	}
}

// ServeConn serves one connection (already accepted, TLS already set up
// if any) until it ends. With Encoding SIP it closes nc at once: SIP
// connections go through Serve.
func (s *Server) ServeConn(nc net.Conn) {
	if s.sip != nil {
		nc.Close()
		return
	}
	sess := &session{srv: s, remote: nc.RemoteAddr(), monitors: make(map[callmodel.CrossRefID]*callmodel.Monitor)}
	if !s.track(sess, true) {
		nc.Close()
		return
	}
	defer s.track(sess, false)
	switch s.cfg.Encoding {
	case BER:
		sess.serveBER(nc)
	case XML:
		sess.serveXML(nc)
	}
}

func (s *Server) track(sess *session, add bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if add {
		if s.closed {
			return false
		}
		s.sessions[sess] = struct{}{}
		return true
	}
	delete(s.sessions, sess)
	return true
}

func (s *Server) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// Close stops the listeners, closes every connection and waits for their
// goroutines. It does not close the Model.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	for l := range s.listeners {
		l.Close()
	}
	for pc := range s.packets {
		pc.Close()
	}
	s.mu.Unlock()
	s.CloseConns() // no session is added once closed is set (track)
	if s.sip != nil {
		s.sip.Close() // ends the dialogs not yet confirmed
	}
	s.wg.Wait()
	return nil
}

// CloseConns closes every connection being served, as a switch that
// restarts its CTI link does; the listeners stay open and the model keeps
// its calls.
func (s *Server) CloseConns() {
	s.mu.Lock()
	sessions := make([]*session, 0, len(s.sessions))
	for sess := range s.sessions {
		sessions = append(sessions, sess)
	}
	s.mu.Unlock()
	for _, sess := range sessions {
		sess.close()
	}
}

// Conns returns the number of connections being served.
func (s *Server) Conns() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// trace passes a message to Config.Trace.
func (s *session) trace(dir, name string, v any) {
	if t := s.srv.cfg.Trace; t != nil {
		t(s.remote, dir, name, v)
	}
}

// TraceString returns a one-line form of a Trace call: the name and, when
// the value has one, its String.
func TraceString(name string, v any) string {
	if st, ok := v.(fmt.Stringer); ok && v != nil && !reflect.ValueOf(v).IsNil() {
		return name + " " + st.String()
	}
	return name
}

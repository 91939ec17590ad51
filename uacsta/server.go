package uacsta

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"
	"github.com/icholy/digest"

	"github.com/cstagen/cstagen/uacsta/sipmsg"
)

// Defaults for ServerOptions fields left at zero.
const (
	// DefaultMaxDialogs bounds the dialogs a Server holds at once.
	DefaultMaxDialogs = 1024
	// DefaultNonceLifetime is how long a digest nonce stays valid.
	DefaultNonceLifetime = 5 * time.Minute
)

// ServerOptions configure the server side, the switching function (a
// SIP/CSTA gateway, a simulator, a phone) that accepts CSTA dialogs. The
// zero value accepts every dialog and answers with the defaults.
type ServerOptions struct {
	// OnInvite answers the CSTA document of an INVITE (RequestSystemStatus;
	// re-INVITE refreshes too): it appends the response document for the
	// 200 OK to dst. An error refuses a new dialog: a *StatusError with its
	// code, anything else with 488 Not Acceptable Here. When nil, the
	// answer is a RequestSystemStatusResponse with systemStatus normal in
	// the request's namespace. An INVITE without a CSTA body gets an empty
	// 200 OK.
	OnInvite func(d *Dialog, m *Message, dst []byte) ([]byte, error)
	// OnDialog is told of each dialog once its 200 OK is acknowledged;
	// OnClose once it has ended (BYE either way, or Server.Close), and of
	// a dialog OnInvite answered that was not confirmed after all (its 200
	// OK failed, or the dialogs reached MaxDialogs meanwhile).
	OnDialog, OnClose func(d *Dialog)
	// OnRequest and OnEvent are Handlers.OnRequest and Handlers.OnEvent
	// with the dialog the message came in.
	OnRequest func(d *Dialog, m *Message, dst []byte) ([]byte, error)
	OnEvent   func(d *Dialog, m *Message)
	// ResponseMode says where answers to requests go: the 200 OK of the
	// INFO (the default, as Microsoft RCC) or an INFO of their own.
	ResponseMode ResponseMode
	// Realm and Credentials, when Credentials is set, require digest
	// authentication of each new dialog's INVITE (401 with a challenge,
	// then a check of the Authorization): Credentials returns the password
	// of user, or an error (such as ErrUnauthorized) to refuse it.
	Realm       string
	Credentials func(user string) (string, error)
	// Host is the host put in the Contact of responses and requests; empty
	// means the IP address of the listener the request came through.
	Host string
	// RequestTimeout bounds the wait for the 2xx of each INFO the server
	// sends. 0 means DefaultRequestTimeout, negative none.
	RequestTimeout time.Duration
	// MaxDialogs bounds the dialogs held at once (503 beyond). 0 means
	// DefaultMaxDialogs.
	MaxDialogs int
	// Limits bound the extraction of CSTA bodies.
	Limits *sipmsg.Limits
	// Logger receives diagnostics; nil means slog.Default().
	Logger *slog.Logger
}

// Server accepts uaCSTA dialogs over any number of UDP, TCP and TLS
// listeners (ServeUDP, ServeTCP, ServeTLS). It is safe for concurrent use.
type Server struct {
	opt    ServerOptions
	ua     *sipgo.UserAgent
	srv    *sipgo.Server
	cli    *sipgo.Client
	secret [32]byte // keys the digest nonces

	mu      sync.Mutex
	addrs   map[string]string // transport -> listener address
	dialogs map[string]*Dialog
	closed  bool
}

// NewServer returns a Server; it serves nothing until given listeners.
func NewServer(o ServerOptions) (*Server, error) {
	o.RequestTimeout = durationDefault(o.RequestTimeout, DefaultRequestTimeout)
	if o.MaxDialogs <= 0 {
		o.MaxDialogs = DefaultMaxDialogs
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Realm == "" {
		o.Realm = "cstagen"
	}
	s := &Server{opt: o, addrs: map[string]string{}, dialogs: map[string]*Dialog{}}
	if _, err := rand.Read(s.secret[:]); err != nil {
		return nil, err
	}
	var err error
	s.ua, err = sipgo.NewUA(sipgo.WithUserAgent("cstagen-uacsta"),
		sipgo.WithUserAgentTransportLayerOptions(sip.WithTransportLayerLogger(o.Logger)),
		sipgo.WithUserAgentTransactionLayerOptions(sip.WithTransactionLayerLogger(o.Logger)))
	if err != nil {
		return nil, err
	}
	if s.srv, err = sipgo.NewServer(s.ua, sipgo.WithServerLogger(o.Logger)); err != nil {
		s.ua.Close()
		return nil, err
	}
	if s.cli, err = sipgo.NewClient(s.ua, sipgo.WithClientLogger(o.Logger)); err != nil {
		s.ua.Close()
		return nil, err
	}
	s.srv.OnInvite(s.onInvite)
	s.srv.OnAck(s.onAck)
	s.srv.OnBye(s.onBye)
	s.srv.OnInfo(s.onInfo)
	s.srv.OnNotify(s.onInfo)
	s.srv.OnUpdate(s.onUpdate)
	s.srv.OnOptions(func(req *sip.Request, tx sip.ServerTransaction) {
		respond(tx, req, sip.StatusOK, "OK", nil, sip.NewHeader("Accept", ContentType))
	})
	return s, nil
}

func (s *Server) listening(transport string, a net.Addr) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addrs[transport] = a.String()
}

// ServeUDP serves SIP over the UDP socket pc until it is closed or the
// Server is. Note that the SIP stack refuses to send over UDP a message
// larger than its path MTU allowance (RFC 3261 18.1.1: 1300 octets by
// default, sip.UDPMTUSize): use TCP or TLS for large documents.
func (s *Server) ServeUDP(pc net.PacketConn) error {
	s.listening("UDP", pc.LocalAddr())
	return s.srv.ServeUDP(pc)
}

// ServeTCP serves SIP over TCP connections accepted from l.
func (s *Server) ServeTCP(l net.Listener) error {
	s.listening("TCP", l.Addr())
	return s.srv.ServeTCP(l)
}

// ServeTLS serves SIP over TLS connections accepted from l (made with
// tls.Listen or tls.NewListener).
func (s *Server) ServeTLS(l net.Listener) error {
	s.listening("TLS", l.Addr())
	return s.srv.ServeTLS(l)
}

// Dialogs returns the dialogs now open.
func (s *Server) Dialogs() []*Dialog {
	s.mu.Lock()
	defer s.mu.Unlock()
	ds := make([]*Dialog, 0, len(s.dialogs))
	for _, d := range s.dialogs {
		ds = append(ds, d)
	}
	return ds
}

// Close ends every dialog (without BYE) and shuts the SIP stack down; the
// listeners given to Serve* are closed by their owner.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	ds := s.dialogs
	s.dialogs = map[string]*Dialog{}
	s.mu.Unlock()
	for _, d := range ds {
		d.end(nil)
	}
	s.srv.Close()
	return s.ua.Close()
}

// contact is the Contact of the server for a request's transport.
func (s *Server) contact(req *sip.Request) sip.ContactHeader {
	s.mu.Lock()
	addr := s.addrs[strings.ToUpper(req.Transport())]
	s.mu.Unlock()
	host, port, _ := net.SplitHostPort(addr)
	if s.opt.Host != "" {
		host = s.opt.Host
	}
	p, _ := strconv.Atoi(port)
	u := sip.Uri{Scheme: "sip", User: "csta", Host: host, Port: p, UriParams: sip.NewParams()}
	if t := strings.ToLower(req.Transport()); t != "udp" {
		u.UriParams.Add("transport", t)
	}
	return sip.ContactHeader{Address: u}
}

func (s *Server) lookup(req *sip.Request) *Dialog {
	id := req.CallID()
	if id == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dialogs[id.Value()]
}

// Dialog is the server side of one uaCSTA dialog.
type Dialog struct {
	session
	srv     *Server
	dlg     *sipgo.DialogServerSession
	callID  string
	target  sip.Uri
	contact sip.ContactHeader
	tp      string

	mu        sync.Mutex
	refreshes int
	ended     bool
	expires   time.Duration // the RFC 4028 session interval, 0 if none
	timer     *time.Timer   // ends the dialog when no refresh comes in time
}

// CallID returns the Call-ID of the dialog.
func (d *Dialog) CallID() string { return d.callID }

// Refreshes returns the refreshes (re-INVITE, UPDATE) received.
func (d *Dialog) Refreshes() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.refreshes
}

func (d *Dialog) refreshed() {
	d.mu.Lock()
	d.refreshes++
	if d.timer != nil {
		d.timer.Reset(d.expires)
	}
	d.mu.Unlock()
}

// watch starts the session timer of RFC 4028 10: without a refresh within
// the session interval, the dialog ends (BYE, ErrExpired).
func (d *Dialog) watch(req *sip.Request) {
	h := req.GetHeader("Session-Expires")
	if h == nil {
		return
	}
	v, _, _ := strings.Cut(h.Value(), ";")
	secs, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || secs <= 0 {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.expires = time.Duration(secs) * time.Second
	d.timer = time.AfterFunc(d.expires, func() {
		d.srv.drop(d)
		ctx, cancel := context.WithTimeout(context.Background(), DefaultByeTimeout)
		d.dlg.Bye(ctx)
		cancel()
		d.end(ErrExpired)
	})
}

// Notify sends the event document body to the client in an INFO and waits
// for its 2xx (at most RequestTimeout).
func (d *Dialog) Notify(ctx context.Context, body []byte) error { return d.notify(ctx, body) }

// Respond sends body, the response to a request answered with
// ErrRespondLater, in an INFO.
func (d *Dialog) Respond(ctx context.Context, body []byte) error { return d.notify(ctx, body) }

// InvokeXML sends a request of the server (a SystemStatus, say) in an INFO
// and returns the client's response, matched as Conn.InvokeXML does.
func (d *Dialog) InvokeXML(ctx context.Context, body []byte) ([]byte, error) {
	return d.invoke(ctx, nil, body)
}

// Bye ends the dialog with a BYE and waits for its 200 OK.
func (d *Dialog) Bye(ctx context.Context) error {
	err := d.dlg.Bye(ctx)
	d.srv.drop(d)
	d.end(nil)
	return err
}

// end closes the session and tells OnClose once.
func (d *Dialog) end(cause error) {
	d.mu.Lock()
	first := !d.ended
	d.ended = true
	if d.timer != nil {
		d.timer.Stop()
	}
	d.mu.Unlock()
	d.session.close(cause)
	if first && d.srv.opt.OnClose != nil {
		d.srv.opt.OnClose(d)
	}
}

func (s *Server) drop(d *Dialog) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dialogs[d.callID] == d {
		delete(s.dialogs, d.callID)
	}
}

// request builds a request of the dialog to the client's Contact.
func (d *Dialog) request(method sip.RequestMethod) *sip.Request {
	req := sip.NewRequest(method, *d.target.Clone())
	req.SetTransport(d.tp)
	return req
}

// onInvite accepts a new dialog or a re-INVITE refresh.
func (s *Server) onInvite(req *sip.Request, tx sip.ServerTransaction) {
	if to := req.To(); to != nil && to.Params.Has("tag") {
		s.onReinvite(req, tx)
		return
	}
	if s.opt.Credentials != nil && !s.authorized(req, tx) {
		return
	}
	s.mu.Lock()
	full := len(s.dialogs) >= s.opt.MaxDialogs
	closed := s.closed
	s.mu.Unlock()
	if full || closed {
		respond(tx, req, sip.StatusServiceUnavailable, "Too many dialogs", nil)
		return
	}
	contact := s.contact(req)
	dua := &sipgo.DialogUA{Client: s.cli, ContactHDR: contact}
	dlg, err := dua.ReadInvite(req, tx)
	if err != nil {
		respond(tx, req, sip.StatusBadRequest, "Bad Request", nil)
		return
	}
	d := &Dialog{srv: s, dlg: dlg, callID: req.CallID().Value(), tp: req.Transport(), contact: contact}
	if ct := req.Contact(); ct != nil {
		d.target = ct.Address
	}
	d.session = session{timeout: s.opt.RequestTimeout, mode: s.opt.ResponseMode, log: s.opt.Logger, limits: s.opt.Limits}
	if s.opt.OnRequest != nil {
		d.h.OnRequest = func(m *Message, dst []byte) ([]byte, error) { return s.opt.OnRequest(d, m, dst) }
	}
	if s.opt.OnEvent != nil {
		d.h.OnEvent = func(m *Message) { s.opt.OnEvent(d, m) }
	}
	d.session.init()
	d.newRequest = d.request
	d.send = dlg.TransactionRequest
	body, err := s.inviteAnswer(d, req)
	if err != nil {
		code, reason := sip.StatusNotAcceptableHere, "Not Acceptable Here"
		var se *StatusError
		if errors.As(err, &se) {
			code, reason = se.Code, se.Reason
		}
		dlg.Respond(code, reason, nil)
		return
	}
	s.mu.Lock()
	full = len(s.dialogs) >= s.opt.MaxDialogs || s.closed
	if !full {
		s.dialogs[d.callID] = d
	}
	s.mu.Unlock()
	if full {
		dlg.Respond(sip.StatusServiceUnavailable, "Too many dialogs", nil)
		d.end(nil) // OnInvite has answered: OnClose tells the end
		return
	}
	var hdrs []sip.Header
	if body != nil {
		ct := sip.ContentTypeHeader(ContentType)
		hdrs = append(hdrs, &ct, sip.NewHeader("Content-Disposition", ContentDisposition))
	}
	hdrs = append(hdrs, timerHeaders(req)...)
	if err := dlg.Respond(sip.StatusOK, "OK", body, hdrs...); err != nil {
		s.opt.Logger.Warn("uacsta: dialog not confirmed", "call-id", d.callID, "error", err)
		s.drop(d)
		d.end(err)
		return
	}
	d.watch(req)
	if s.opt.OnDialog != nil {
		s.opt.OnDialog(d)
	}
}

// inviteAnswer returns the body of the 200 OK to an INVITE.
func (s *Server) inviteAnswer(d *Dialog, req *sip.Request) ([]byte, error) {
	doc, ok := d.cstaBody(req.ContentType(), req.Body())
	if !ok {
		return nil, nil
	}
	root, ns, ok := RootName(doc)
	if !ok {
		return nil, &StatusError{Code: sip.StatusBadRequest, Reason: "Not a CSTA-XML document"}
	}
	m := &Message{Method: "INVITE", Root: root, NS: ns, Body: doc}
	if s.opt.OnInvite != nil {
		return s.opt.OnInvite(d, m, nil)
	}
	return AppendSystemStatusResponse(nil, ns, "normal"), nil
}

// timerHeaders echo an RFC 4028 session timer request.
func timerHeaders(req *sip.Request) []sip.Header {
	h := req.GetHeader("Session-Expires")
	if h == nil {
		return nil
	}
	v := h.Value()
	if !strings.Contains(v, "refresher=") {
		v += ";refresher=uac"
	}
	return []sip.Header{sip.NewHeader("Require", "timer"), sip.NewHeader("Session-Expires", v)}
}

// onReinvite answers a re-INVITE of an open dialog: a new answer to its
// body, with the dialog's Contact.
func (s *Server) onReinvite(req *sip.Request, tx sip.ServerTransaction) {
	d := s.lookup(req)
	if d == nil {
		respond(tx, req, sip.StatusCallTransactionDoesNotExists, "Call/Transaction Does Not Exist", nil)
		return
	}
	body, err := s.inviteAnswer(d, req)
	if err != nil {
		body = nil
	}
	hdrs := append([]sip.Header{sip.HeaderClone(&d.contact)}, timerHeaders(req)...)
	if err := respond(tx, req, sip.StatusOK, "OK", body, hdrs...); err == nil {
		d.refreshed()
	}
}

// onUpdate answers an UPDATE refresh.
func (s *Server) onUpdate(req *sip.Request, tx sip.ServerTransaction) {
	d := s.lookup(req)
	if d == nil {
		respond(tx, req, sip.StatusCallTransactionDoesNotExists, "Call/Transaction Does Not Exist", nil)
		return
	}
	if err := respond(tx, req, sip.StatusOK, "OK", nil, timerHeaders(req)...); err == nil {
		d.refreshed()
	}
}

func (s *Server) onAck(req *sip.Request, tx sip.ServerTransaction) {
	if d := s.lookup(req); d != nil {
		d.dlg.ReadAck(req, tx) // the ACK of a re-INVITE's 2xx does not match: nothing to do
	}
}

func (s *Server) onBye(req *sip.Request, tx sip.ServerTransaction) {
	d := s.lookup(req)
	if d == nil {
		respond(tx, req, sip.StatusCallTransactionDoesNotExists, "Call/Transaction Does Not Exist", nil)
		return
	}
	s.drop(d)
	d.session.close(ErrByPeer)
	if err := d.dlg.ReadBye(req, tx); err != nil {
		respond(tx, req, sip.StatusOK, "OK", nil)
	}
	d.end(ErrByPeer)
}

func (s *Server) onInfo(req *sip.Request, tx sip.ServerTransaction) {
	d := s.lookup(req)
	if d == nil {
		respond(tx, req, sip.StatusCallTransactionDoesNotExists, "Call/Transaction Does Not Exist", nil)
		return
	}
	d.handle(req, tx)
}

// authorized checks the digest credentials of an INVITE, and challenges
// it (401) when they are missing or wrong.
func (s *Server) authorized(req *sip.Request, tx sip.ServerTransaction) bool {
	if h := req.GetHeader("Authorization"); h != nil {
		if cred, err := digest.ParseCredentials(h.Value()); err == nil && s.checkCredentials(req, cred) {
			return true
		}
	}
	chal := &digest.Challenge{Realm: s.opt.Realm, Nonce: s.nonce(time.Now()), Algorithm: "MD5", QOP: []string{"auth"}}
	respond(tx, req, sip.StatusUnauthorized, "Unauthorized", nil, sip.NewHeader("WWW-Authenticate", chal.String()))
	return false
}

func (s *Server) checkCredentials(req *sip.Request, cred *digest.Credentials) bool {
	if cred.Realm != s.opt.Realm || !s.validNonce(cred.Nonce, time.Now()) {
		return false
	}
	password, err := s.opt.Credentials(cred.Username)
	if err != nil {
		return false
	}
	chal := &digest.Challenge{Realm: cred.Realm, Nonce: cred.Nonce, Opaque: cred.Opaque, Algorithm: cred.Algorithm}
	if cred.QOP != "" {
		chal.QOP = []string{cred.QOP}
	}
	want, err := digest.Digest(chal, digest.Options{Method: string(req.Method), URI: cred.URI, Username: cred.Username,
		Password: password, Cnonce: cred.Cnonce, Count: cred.Nc})
	if err != nil {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(want.Response), []byte(cred.Response)) == 1
}

// nonce returns a stateless nonce: the time and its HMAC.
func (s *Server) nonce(now time.Time) string {
	ts := strconv.FormatInt(now.Unix(), 16)
	return ts + "." + s.mac(ts)
}

func (s *Server) mac(ts string) string {
	m := hmac.New(sha256.New, s.secret[:])
	m.Write([]byte(ts))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// validNonce checks a nonce's HMAC and age.
func (s *Server) validNonce(n string, now time.Time) bool {
	ts, mac, ok := strings.Cut(n, ".")
	if !ok || !hmac.Equal([]byte(mac), []byte(s.mac(ts))) {
		return false
	}
	t, err := strconv.ParseInt(ts, 16, 64)
	if err != nil {
		return false
	}
	age := now.Sub(time.Unix(t, 0))
	return age >= -time.Minute && age <= DefaultNonceLifetime
}

// String describes the dialog for logs.
func (d *Dialog) String() string { return fmt.Sprintf("uacsta dialog %s", d.callID) }

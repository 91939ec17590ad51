package uacsta

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"
	"github.com/icholy/digest"

	"github.com/cstagen/cstagen/uacsta/sipmsg"
)

// Defaults for Options fields left at zero.
const (
	// DefaultRequestTimeout bounds the wait for each CSTA response.
	DefaultRequestTimeout = 30 * time.Second
	// DefaultInviteTimeout bounds the opening INVITE exchange.
	DefaultInviteTimeout = 10 * time.Second
	// DefaultByeTimeout bounds Close's wait for the 200 OK to its BYE.
	DefaultByeTimeout = 2 * time.Second
)

// RefreshMethod is the request that refreshes the dialog.
type RefreshMethod int

const (
	// RefreshReInvite re-sends the INVITE with its body (what pidgin-sipe
	// does against Microsoft RCC gateways every 10 minutes).
	RefreshReInvite RefreshMethod = iota
	// RefreshUpdate sends an UPDATE without body (RFC 3311, RFC 4028).
	RefreshUpdate
)

// Options configure the client side, the computing function that opens
// the CSTA dialog. The zero value (with a Target) dials with the defaults.
type Options struct {
	Handlers
	// From is the local address of record (sip:alice@example.com); empty
	// means sip:cstagen@<local host>.
	From string
	// Username and Password answer digest challenges (RFC 3261 22, RFC
	// 2617) to the INVITE and to requests in the dialog; Username empty
	// means the user part of From.
	Username, Password string
	// InviteBody is the body of the INVITE (and of re-INVITE refreshes);
	// nil means DefaultRequestSystemStatus. Its response is SystemStatus().
	InviteBody []byte
	// Headers are extra header fields of the INVITE (name, value pairs).
	Headers [][2]string
	// LocalAddr is the local UDP address (host:port) for the "udp"
	// network; empty means the address the route to the target uses, with
	// a port of the system's choice. It is where the server sends its INFO.
	LocalAddr string
	// TLS configures the "tls" network (ServerName, RootCAs, ...).
	TLS *tls.Config
	// RequestTimeout bounds the wait for each response (a context deadline
	// may cut it shorter). 0 means DefaultRequestTimeout, negative none.
	RequestTimeout time.Duration
	// InviteTimeout bounds Dial's INVITE exchange. 0 means
	// DefaultInviteTimeout.
	InviteTimeout time.Duration
	// ByeTimeout bounds Close's wait for the 200 OK to its BYE. 0 means
	// DefaultByeTimeout.
	ByeTimeout time.Duration
	// RefreshInterval, when positive, refreshes the dialog every interval
	// with RefreshMethod; the INVITE then offers an RFC 4028 session timer
	// (Supported: timer, Session-Expires of twice the interval, at least
	// 90 s, refresher=uac). A refresh that fails ends the dialog with
	// ErrRefresh.
	RefreshInterval time.Duration
	RefreshMethod   RefreshMethod
	// ResponseMode says where the answers to the server's requests go.
	ResponseMode ResponseMode
	// MaxPending bounds the requests awaiting a response; 0 means no bound.
	MaxPending int
	// Limits bound the extraction of CSTA bodies (multipart parts, size).
	Limits *sipmsg.Limits
	// Logger receives the SIP stack's and the transport's diagnostics; nil
	// means slog.Default().
	Logger *slog.Logger
}

func (o Options) resolve() Options {
	o.RequestTimeout = durationDefault(o.RequestTimeout, DefaultRequestTimeout)
	o.InviteTimeout = durationDefault(o.InviteTimeout, DefaultInviteTimeout)
	o.ByeTimeout = durationDefault(o.ByeTimeout, DefaultByeTimeout)
	if o.InviteBody == nil {
		o.InviteBody = DefaultRequestSystemStatus
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// durationDefault maps 0 to def and negative values to 0 (none).
func durationDefault(d, def time.Duration) time.Duration {
	switch {
	case d == 0:
		return def
	case d < 0:
		return 0
	}
	return d
}

// Conn is the client side of a uaCSTA dialog: Dial opens it with an
// INVITE, InvokeXML sends requests as INFO, events from the server go to
// Options.OnEvent, Close sends BYE. It is safe for concurrent use.
type Conn struct {
	session
	opt Options

	ua  *sipgo.UserAgent
	cli *sipgo.Client
	srv *sipgo.Server
	dlg *sipgo.DialogClientSession
	pc  net.PacketConn // the UDP socket, or nil

	transport string
	target    sip.Uri // the peer's Contact: Request-URI in the dialog
	callID    string

	statusMu sync.Mutex
	status   []byte // the CSTA body of the last INVITE 200 OK

	refreshMu sync.Mutex // one refresh at a time
	refreshes int

	closeOnce sync.Once
	closeErr  error
	stop      chan struct{} // closed by Close: ends the refresher
	wg        sync.WaitGroup
}

// Dial opens a CSTA dialog with the SIP/CSTA server at target (a SIP URI:
// sip:csta@pbx.example.com:5060) over network "udp", "tcp" or "tls": an
// INVITE carrying Options.InviteBody (Content-Type application/csta+xml,
// Content-Disposition signal;handling=required), digest authentication
// when challenged, then ACK. The CSTA body of the 200 OK is SystemStatus().
// ctx bounds the opening, as InviteTimeout does.
func Dial(ctx context.Context, network, target string, o Options) (*Conn, error) {
	o = o.resolve()
	var uri sip.Uri
	if err := sip.ParseUri(target, &uri); err != nil {
		return nil, fmt.Errorf("uacsta: bad target %q: %w", target, err)
	}
	transport, err := transportName(network)
	if err != nil {
		return nil, err
	}
	if uri.Port == 0 {
		uri.Port = sip.DefaultPort(transport)
	}
	localHost, err := localHostFor(uri.Host, uri.Port)
	if err != nil {
		return nil, err
	}
	c := &Conn{opt: o, transport: transport, stop: make(chan struct{})}
	c.session = session{timeout: o.RequestTimeout, maxPending: o.MaxPending, mode: o.ResponseMode, h: o.Handlers, log: o.Logger, limits: o.Limits}
	c.session.init()
	c.newRequest = c.request
	c.send = func(ctx context.Context, req *sip.Request) (sip.ClientTransaction, error) {
		return c.dlg.TransactionRequest(ctx, req)
	}
	if o.Password != "" {
		c.authorize = c.auth
	}

	uaOpts := []sipgo.UserAgentOption{
		sipgo.WithUserAgent("cstagen-uacsta"),
		sipgo.WithUserAgentHostname(localHost),
		sipgo.WithUserAgentTransportLayerOptions(sip.WithTransportLayerLogger(o.Logger)),
		sipgo.WithUserAgentTransactionLayerOptions(sip.WithTransactionLayerLogger(o.Logger)),
	}
	if o.TLS != nil {
		uaOpts = append(uaOpts, sipgo.WithUserAgenTLSConfig(o.TLS))
	}
	if c.ua, err = sipgo.NewUA(uaOpts...); err != nil {
		return nil, err
	}
	cliOpts := []sipgo.ClientOption{sipgo.WithClientLogger(o.Logger)}
	if transport == "UDP" {
		laddr := o.LocalAddr
		if laddr == "" {
			laddr = net.JoinHostPort(localHost, "0")
		}
		if c.pc, err = net.ListenPacket("udp", laddr); err != nil {
			c.ua.Close()
			return nil, fmt.Errorf("uacsta: %w", err)
		}
		cliOpts = append(cliOpts, sipgo.WithClientConnectionAddr(c.pc.LocalAddr().String()))
	}
	if c.cli, err = sipgo.NewClient(c.ua, cliOpts...); err != nil {
		c.release()
		return nil, err
	}
	if c.srv, err = sipgo.NewServer(c.ua, sipgo.WithServerLogger(o.Logger)); err != nil {
		c.release()
		return nil, err
	}
	c.srv.OnInfo(c.onInfo)
	c.srv.OnNotify(c.onInfo)
	c.srv.OnBye(c.onBye)
	c.srv.OnAck(func(*sip.Request, sip.ServerTransaction) {})
	c.srv.OnInvite(c.onReinvite)
	c.srv.OnUpdate(c.onReinvite)
	if c.pc != nil {
		go c.srv.ServeUDP(c.pc)
		// Requests go through the socket once the transport holds it.
		addr := c.pc.LocalAddr().String()
		for i := 0; ; i++ {
			if _, err := c.ua.TransportLayer().GetConnection("udp", addr); err == nil {
				break
			}
			if i == 1000 {
				c.release()
				return nil, errors.New("uacsta: the UDP socket did not start serving")
			}
			time.Sleep(time.Millisecond)
		}
	}
	if err := c.invite(ctx, uri, localHost); err != nil {
		c.release()
		return nil, err
	}
	if o.RefreshInterval > 0 {
		c.wg.Add(1)
		go c.refresher()
	}
	return c, nil
}

// transportName maps a Go network name to a SIP transport.
func transportName(network string) (string, error) {
	switch strings.ToLower(network) {
	case "udp", "udp4", "udp6":
		return "UDP", nil
	case "tcp", "tcp4", "tcp6":
		return "TCP", nil
	case "tls":
		return "TLS", nil
	}
	return "", fmt.Errorf("uacsta: unsupported network %q (want udp, tcp or tls)", network)
}

// localHostFor returns the local IP address of the route to host:port
// (no packet is sent).
func localHostFor(host string, port int) (string, error) {
	u, err := net.Dial("udp", net.JoinHostPort(host, fmt.Sprint(port)))
	if err != nil {
		return "", fmt.Errorf("uacsta: no route to %s: %w", host, err)
	}
	defer u.Close()
	h, _, err := net.SplitHostPort(u.LocalAddr().String())
	return h, err
}

// invite runs the opening INVITE, its digest retry and the ACK.
func (c *Conn) invite(ctx context.Context, uri sip.Uri, localHost string) error {
	o := &c.opt
	// The wait ends at once on the caller's context or InviteTimeout
	// (sipgo's forced cancel: no CANCEL, whose wait for a provisional
	// response could last Timer B); the SIP stack is released after.
	parent := ctx
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	stop := context.AfterFunc(parent, func() { cancel(sipgo.WaitAnswerForceCancelErr) })
	defer stop()
	var timedOut atomic.Bool
	timer := time.AfterFunc(o.InviteTimeout, func() {
		timedOut.Store(true)
		cancel(sipgo.WaitAnswerForceCancelErr)
	})
	defer timer.Stop()
	from := sip.Uri{Scheme: "sip", User: "cstagen", Host: localHost}
	if o.From != "" {
		if err := sip.ParseUri(o.From, &from); err != nil {
			return fmt.Errorf("uacsta: bad From %q: %w", o.From, err)
		}
	}
	if o.Username == "" {
		o.Username = from.User
	}
	req := sip.NewRequest(sip.INVITE, uri)
	req.SetTransport(c.transport)
	fh := &sip.FromHeader{Address: from, Params: sip.NewParams()}
	fh.Params.Add("tag", sip.GenerateTagN(16))
	req.AppendHeader(fh)
	req.AppendHeader(&sip.ToHeader{Address: sip.Uri{Scheme: uri.Scheme, User: uri.User, Host: uri.Host}, Params: sip.NewParams()})
	for _, h := range c.sessionTimerHeaders() {
		req.AppendHeader(h)
	}
	for _, h := range o.Headers {
		req.AppendHeader(sip.NewHeader(h[0], h[1]))
	}
	addCSTAHeaders(req)
	req.SetBody(o.InviteBody)
	dua := &sipgo.DialogUA{Client: c.cli, ContactHDR: sip.ContactHeader{Address: sip.Uri{Scheme: "sip", User: from.User}}}
	dlg, err := dua.WriteInvite(ctx, req)
	if err != nil {
		return fmt.Errorf("uacsta: INVITE: %w", err)
	}
	c.dlg = dlg
	err = dlg.WaitAnswer(ctx, sipgo.AnswerOptions{Username: o.Username, Password: o.Password})
	var re *sipgo.ErrDialogResponse
	switch {
	case errors.As(err, &re):
		return &StatusError{Method: "INVITE", Code: re.Res.StatusCode, Reason: re.Res.Reason}
	case err != nil && timedOut.Load():
		return fmt.Errorf("%w: INVITE", ErrTimeout)
	case err != nil && parent.Err() != nil:
		return parent.Err()
	case err != nil:
		return fmt.Errorf("uacsta: INVITE: %w", err)
	}
	res := dlg.InviteResponse
	c.callID = req.CallID().Value()
	c.target = uri
	if ct := res.Contact(); ct != nil {
		c.target = ct.Address
	}
	if doc, ok := c.cstaBody(res.ContentType(), res.Body()); ok {
		c.status = append([]byte(nil), doc...)
	}
	if err := dlg.Ack(ctx); err != nil {
		return fmt.Errorf("uacsta: ACK: %w", err)
	}
	return nil
}

// sessionTimerHeaders are the RFC 4028 header fields of INVITE and
// refreshes when refreshing is on.
func (c *Conn) sessionTimerHeaders() []sip.Header {
	if c.opt.RefreshInterval <= 0 {
		return nil
	}
	return []sip.Header{
		sip.NewHeader("Supported", "timer"),
		sip.NewHeader("Session-Expires", sessionExpires(c.opt.RefreshInterval)+";refresher=uac"),
	}
}

// request builds a request of the dialog to the server's Contact.
func (c *Conn) request(method sip.RequestMethod) *sip.Request {
	req := sip.NewRequest(method, *c.target.Clone())
	req.SetTransport(c.transport)
	return req
}

// auth answers a digest challenge for a request in the dialog.
func (c *Conn) auth(req *sip.Request, res *sip.Response) bool {
	name, hname := "WWW-Authenticate", "Authorization"
	if res.StatusCode == sip.StatusProxyAuthRequired {
		name, hname = "Proxy-Authenticate", "Proxy-Authorization"
	}
	h := res.GetHeader(name)
	if h == nil {
		return false
	}
	chal, err := digest.ParseChallenge(h.Value())
	if err != nil {
		return false
	}
	chal.Algorithm = strings.ToUpper(chal.Algorithm)
	cred, err := digest.Digest(chal, digest.Options{Method: string(req.Method), URI: req.Recipient.Addr(), Username: c.opt.Username, Password: c.opt.Password})
	if err != nil {
		return false
	}
	req.AppendHeader(sip.NewHeader(hname, cred.String()))
	return true
}

// SystemStatus returns the CSTA document of the last 200 OK to the INVITE
// (a RequestSystemStatusResponse), or nil when it had none.
func (c *Conn) SystemStatus() []byte {
	c.statusMu.Lock()
	defer c.statusMu.Unlock()
	return c.status
}

// CallID returns the Call-ID of the dialog.
func (c *Conn) CallID() string { return c.callID }

// AppendInvokeXML sends the request document body in an INFO, waits for
// its response (at most RequestTimeout and while ctx is not done) and
// appends the response document to dst. The response is the CSTA body of
// the INFO's 200 OK or, when that has none, the first response document
// the server sends in an INFO whose root element is the request's with
// "Response" appended (or a CSTAErrorCode), in request order (ECMA TR/87:
// uaCSTA has no invoke IDs). A CSTAErrorCode yields an *XMLError, a SIP
// failure a *StatusError.
func (c *Conn) AppendInvokeXML(ctx context.Context, dst, body []byte) ([]byte, error) {
	return c.invoke(ctx, dst, body)
}

// InvokeXML is AppendInvokeXML into a new slice.
func (c *Conn) InvokeXML(ctx context.Context, body []byte) ([]byte, error) {
	return c.invoke(ctx, nil, body)
}

// Notify sends the event document body to the server in an INFO and
// waits for its 2xx (at most RequestTimeout): the direction SIP phones
// acting as the switching function use.
func (c *Conn) Notify(ctx context.Context, body []byte) error { return c.notify(ctx, body) }

// Respond sends body, the response to a request of the server answered
// with ErrRespondLater, in an INFO.
func (c *Conn) Respond(ctx context.Context, body []byte) error { return c.notify(ctx, body) }

// Refresh refreshes the dialog now with RefreshMethod (re-INVITE: its 200
// OK's CSTA body replaces SystemStatus()).
func (c *Conn) Refresh(ctx context.Context) error {
	c.refreshMu.Lock()
	defer c.refreshMu.Unlock()
	ctx, cancel := c.requestContext(ctx)
	defer cancel()
	if c.opt.RefreshMethod == RefreshUpdate {
		if _, _, err := c.transactWith(ctx, sip.UPDATE, nil, c.sessionTimerHeaders(), nil); err != nil {
			return err
		}
		c.refreshes++
		return nil
	}
	res, sent, err := c.transactWith(ctx, sip.INVITE, c.opt.InviteBody, c.sessionTimerHeaders(), nil)
	if err != nil {
		return err
	}
	c.ack(sent, res)
	if doc, ok := c.cstaBody(res.ContentType(), res.Body()); ok {
		c.statusMu.Lock()
		c.status = append([]byte(nil), doc...)
		c.statusMu.Unlock()
	}
	c.refreshes++
	return nil
}

// ack acknowledges the 2xx to a re-INVITE (RFC 3261 13.2.2.4): same CSeq
// number, sent outside any transaction.
func (c *Conn) ack(invite *sip.Request, res *sip.Response) {
	ack := sip.NewRequest(sip.ACK, *c.target.Clone())
	ack.SetTransport(c.transport)
	for _, name := range []string{"From", "Call-ID"} {
		if h := invite.GetHeader(name); h != nil {
			ack.AppendHeader(sip.HeaderClone(h))
		}
	}
	if to := res.To(); to != nil {
		ack.AppendHeader(sip.HeaderClone(to))
	}
	ack.AppendHeader(&sip.CSeqHeader{SeqNo: invite.CSeq().SeqNo, MethodName: sip.ACK})
	mf := sip.MaxForwardsHeader(70)
	ack.AppendHeader(&mf)
	ack.SetBody(nil)
	if err := c.cli.WriteRequest(ack, sipgo.ClientRequestAddVia); err != nil {
		c.log.Warn("uacsta: ACK of a re-INVITE failed", "error", err)
	}
}

// Refreshes returns the number of successful refreshes.
func (c *Conn) Refreshes() int {
	c.refreshMu.Lock()
	defer c.refreshMu.Unlock()
	return c.refreshes
}

// refresher refreshes the dialog every RefreshInterval until Close.
func (c *Conn) refresher() {
	defer c.wg.Done()
	t := time.NewTicker(c.opt.RefreshInterval)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-c.done:
			return
		case <-t.C:
		}
		if err := c.Refresh(context.Background()); err != nil {
			if errors.Is(err, ErrClosed) {
				return
			}
			c.fail(fmt.Errorf("%w: %w", ErrRefresh, err))
			return
		}
	}
}

// fail ends the dialog because of cause: BYE (best effort), then release.
func (c *Conn) fail(cause error) {
	if !c.session.close(cause) {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), c.opt.ByeTimeout)
	c.dlg.Bye(ctx)
	cancel()
}

// onInfo handles INFO and NOTIFY from the server.
func (c *Conn) onInfo(req *sip.Request, tx sip.ServerTransaction) {
	if !c.inDialog(req) {
		respond(tx, req, sip.StatusCallTransactionDoesNotExists, "Call/Transaction Does Not Exist", nil)
		return
	}
	c.handle(req, tx)
}

// onBye ends the dialog at the server's request.
func (c *Conn) onBye(req *sip.Request, tx sip.ServerTransaction) {
	if !c.inDialog(req) {
		respond(tx, req, sip.StatusCallTransactionDoesNotExists, "Call/Transaction Does Not Exist", nil)
		return
	}
	c.session.close(ErrByPeer)
	c.dlg.ReadBye(req, tx)
}

// onReinvite accepts a refresh by the server (re-INVITE or UPDATE)
// without a body of its own.
func (c *Conn) onReinvite(req *sip.Request, tx sip.ServerTransaction) {
	if !c.inDialog(req) {
		respond(tx, req, sip.StatusCallTransactionDoesNotExists, "Call/Transaction Does Not Exist", nil)
		return
	}
	res := sip.NewResponseFromRequest(req, sip.StatusOK, "OK", nil)
	if ct := c.dlg.InviteRequest.Contact(); ct != nil {
		res.AppendHeader(sip.HeaderClone(ct))
	}
	tx.Respond(res)
}

// inDialog reports whether req belongs to the dialog.
func (c *Conn) inDialog(req *sip.Request) bool {
	id := req.CallID()
	return c.dlg != nil && id != nil && id.Value() == c.callID
}

// Close ends the dialog: pending requests fail with ErrClosed, a BYE is
// sent (its 200 OK awaited at most ByeTimeout) unless the dialog already
// ended, and the SIP stack is shut down. It returns the BYE's error.
// Calling it again does nothing.
func (c *Conn) Close() error {
	c.closeOnce.Do(func() {
		close(c.stop)
		if c.session.close(nil) {
			ctx, cancel := context.WithTimeout(context.Background(), c.opt.ByeTimeout)
			c.closeErr = c.dlg.Bye(ctx)
			cancel()
		}
		c.wg.Wait()
		c.release()
	})
	return c.closeErr
}

// release shuts the SIP stack down.
func (c *Conn) release() {
	if c.srv != nil {
		c.srv.Close()
	}
	if c.ua != nil {
		c.ua.Close()
	}
	if c.pc != nil {
		c.pc.Close()
	}
}

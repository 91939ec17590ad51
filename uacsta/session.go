package uacsta

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/cstagen/cstagen/uacsta/sipmsg"
)

// ResponseMode says where a side puts the CSTA response to a request it
// received.
type ResponseMode int

const (
	// InSIPResponse puts it in the body of the 200 OK answering the INFO,
	// as Microsoft RCC gateways do.
	InSIPResponse ResponseMode = iota
	// InINFO answers the INFO with an empty 200 OK and sends the CSTA
	// response in an INFO of its own, as some SIP phones do.
	InINFO
)

// Handlers are the callbacks of either side. Each runs on a goroutine of
// the SIP stack (one per incoming message) and must not block for long.
type Handlers struct {
	// OnEvent receives the events (a root element named ...Event) the
	// peer sends in INFO or NOTIFY requests; they are answered with an
	// empty 200 OK.
	OnEvent func(m *Message)
	// OnRequest answers the CSTA requests the peer sends in INFO: it
	// appends the response document to dst and returns it, or returns
	// ErrRespondLater (send the response later with Respond) or another
	// error (answered with CSTAErrorCode unspecified, or with the
	// document of an *XMLError). When nil, SystemStatus is answered with
	// an empty SystemStatusResponse and everything else with CSTAErrorCode
	// unspecified.
	OnRequest func(m *Message, dst []byte) ([]byte, error)
}

// session is the part of a CSTA dialog both sides share: requests sent as
// INFO and their responses (in the 200 OK or in a later INFO), events,
// incoming INFO dispatch.
type session struct {
	timeout    time.Duration
	maxPending int
	mode       ResponseMode
	h          Handlers
	log        *slog.Logger
	limits     *sipmsg.Limits

	// newRequest returns a request of the dialog with the Request-URI set
	// (the peer's Contact); send sends it in the dialog.
	newRequest func(method sip.RequestMethod) *sip.Request
	send       func(ctx context.Context, req *sip.Request) (sip.ClientTransaction, error)
	// authorize, when set, adds credentials to req after the challenge
	// res (401 or 407); it returns false when it has none to give.
	authorize func(req *sip.Request, res *sip.Response) bool

	smu sync.Mutex // orders sends: CSeq order is pending order

	mu      sync.Mutex
	pending []*call
	closed  bool
	err     error
	done    chan struct{}
}

// call is a request awaiting its response.
type call struct {
	name  string     // root element of the request
	ch    chan reply // capacity 1: the response from an INFO
	after bool       // its INFO got a 200 OK without a body: the response comes in an INFO
}

type reply struct {
	body []byte // a copy
	err  error
}

func (s *session) init() {
	s.done = make(chan struct{})
	if s.log == nil {
		s.log = slog.Default()
	}
}

// close ends the session with cause (nil: a plain close); pending and
// later requests fail with an error wrapping ErrClosed and cause.
func (s *session) close(cause error) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.closed = true
	s.err = cause
	s.pending = nil
	close(s.done)
	return true
}

// closedError is the error of requests after the end.
func (s *session) closedError() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == nil {
		return ErrClosed
	}
	return fmt.Errorf("%w: %w", ErrClosed, s.err)
}

// Err returns nil while the dialog is up or after a plain Close, else why
// it ended.
func (s *session) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Done returns a channel closed when the dialog ends.
func (s *session) Done() <-chan struct{} { return s.done }

// Pending returns the number of requests awaiting a response.
func (s *session) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.pending)
}

func (s *session) remove(c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, p := range s.pending {
		if p == c {
			s.pending = append(s.pending[:i], s.pending[i+1:]...)
			return
		}
	}
}

// errRequestTimeout is the cause of a context ended by RequestTimeout.
var errRequestTimeout = errors.New("request timeout")

// requestContext bounds ctx by the request timeout.
func (s *session) requestContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if s.timeout > 0 {
		return context.WithTimeoutCause(ctx, s.timeout, errRequestTimeout)
	}
	return context.WithCancel(ctx)
}

// waitError maps the end of a wait: the dialog's end, the request timeout
// or the caller's context.
func (s *session) waitError(ctx context.Context, what string) error {
	select {
	case <-s.done:
		return s.closedError()
	default:
	}
	if context.Cause(ctx) == errRequestTimeout {
		return fmt.Errorf("%w: %s", ErrTimeout, what)
	}
	return ctx.Err()
}

// invoke sends the request document body in an INFO and returns the
// response document, appended to dst.
func (s *session) invoke(ctx context.Context, dst, body []byte) ([]byte, error) {
	root, _, ok := RootName(body)
	if !ok {
		return dst, ErrBadBody
	}
	name := string(root)
	ctx, cancel := s.requestContext(ctx)
	defer cancel()
	c := &call{name: name, ch: make(chan reply, 1)}
	register := func() error {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.closed {
			return s.errLocked()
		}
		if s.maxPending > 0 && len(s.pending) >= s.maxPending {
			return ErrTooManyPending
		}
		s.pending = append(s.pending, c)
		return nil
	}
	res, err := s.transact(ctx, sip.INFO, body, register)
	if err != nil {
		s.remove(c)
		return dst, err
	}
	if doc, ok := s.cstaBody(res.ContentType(), res.Body()); ok {
		s.remove(c)
		return s.result(dst, name, doc)
	}
	// An empty 200 OK: the response comes in an INFO (it may already have).
	s.mu.Lock()
	c.after = true
	s.mu.Unlock()
	select {
	case r := <-c.ch:
		if r.err != nil {
			return dst, r.err
		}
		return append(dst, r.body...), nil
	case <-s.done:
		return dst, s.closedError()
	case <-ctx.Done():
		s.remove(c)
		return dst, s.waitError(ctx, name)
	}
}

func (s *session) errLocked() error {
	if s.err == nil {
		return ErrClosed
	}
	return fmt.Errorf("%w: %w", ErrClosed, s.err)
}

// result turns a response document into the result of request name.
func (s *session) result(dst []byte, name string, doc []byte) ([]byte, error) {
	root, _, _ := RootName(doc)
	if classify(root) == kindError {
		return dst, parseXMLError(name, doc)
	}
	return append(dst, doc...), nil
}

// notify sends the document body in an INFO (an event, or a deferred
// response) and waits for its 2xx.
func (s *session) notify(ctx context.Context, body []byte) error {
	if _, _, ok := RootName(body); !ok {
		return ErrBadBody
	}
	ctx, cancel := s.requestContext(ctx)
	defer cancel()
	_, err := s.transact(ctx, sip.INFO, body, nil)
	return err
}

// transact sends a request of the dialog carrying body (nil: none) and
// returns its 2xx final response; register, when set, runs just before
// the send, under the send lock. A challenge (401, 407) is answered once
// when authorize can.
func (s *session) transact(ctx context.Context, method sip.RequestMethod, body []byte, register func() error) (*sip.Response, error) {
	res, _, err := s.transactWith(ctx, method, body, nil, register)
	return res, err
}

// transactWith is transact with extra header fields; it also returns the
// last request sent.
func (s *session) transactWith(ctx context.Context, method sip.RequestMethod, body []byte, headers []sip.Header, register func() error) (*sip.Response, *sip.Request, error) {
	var challenge *sip.Response
	for attempt := 0; attempt < 2; attempt++ {
		req := s.newRequest(method)
		for _, h := range headers {
			req.AppendHeader(sip.HeaderClone(h))
		}
		if body != nil {
			addCSTAHeaders(req)
			req.SetBody(body)
		}
		if challenge != nil && !s.authorize(req, challenge) {
			break
		}
		res, err := s.roundTrip(ctx, req, register)
		register = nil
		if err != nil {
			return nil, req, err
		}
		switch {
		case res.IsSuccess():
			return res, req, nil
		case (res.StatusCode == sip.StatusUnauthorized || res.StatusCode == sip.StatusProxyAuthRequired) &&
			s.authorize != nil && challenge == nil:
			challenge = res
			continue
		}
		return nil, req, &StatusError{Method: string(method), Code: res.StatusCode, Reason: res.Reason}
	}
	return nil, nil, &StatusError{Method: string(method), Code: challenge.StatusCode, Reason: challenge.Reason}
}

// roundTrip sends req and waits for its final response.
func (s *session) roundTrip(ctx context.Context, req *sip.Request, register func() error) (*sip.Response, error) {
	s.smu.Lock()
	if register != nil {
		if err := register(); err != nil {
			s.smu.Unlock()
			return nil, err
		}
	}
	select {
	case <-s.done:
		s.smu.Unlock()
		return nil, s.closedError()
	default:
	}
	tx, err := s.send(ctx, req)
	s.smu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("uacsta: sending %s: %w", req.Method, err)
	}
	defer tx.Terminate()
	for {
		select {
		case res := <-tx.Responses():
			if res.IsProvisional() {
				continue
			}
			return res, nil
		case <-tx.Done():
			if err := tx.Err(); err != nil {
				return nil, fmt.Errorf("uacsta: %s: %w", req.Method, err)
			}
			return nil, fmt.Errorf("uacsta: %s: transaction ended without a final response", req.Method)
		case <-s.done:
			return nil, s.closedError()
		case <-ctx.Done():
			return nil, s.waitError(ctx, string(req.Method))
		}
	}
}

// addCSTAHeaders sets the Content-Type and Content-Disposition of a CSTA
// body.
func addCSTAHeaders(m interface{ AppendHeader(sip.Header) }) {
	ct := sip.ContentTypeHeader(ContentType)
	m.AppendHeader(&ct)
	m.AppendHeader(sip.NewHeader("Content-Disposition", ContentDisposition))
}

// cstaBody returns the CSTA document of a message body, if any.
func (s *session) cstaBody(ct *sip.ContentTypeHeader, body []byte) ([]byte, bool) {
	if len(body) == 0 {
		return nil, false
	}
	ctype := []byte(ContentType) // a body without Content-Type is taken for CSTA if it is XML
	if ct != nil {
		ctype = []byte(ct.Value())
	}
	doc, err := sipmsg.Extract(ctype, body, s.limits)
	return doc, err == nil
}

// deliver hands a response document that came in an INFO to the request
// it answers: the oldest pending request named by the response (the
// oldest of any name for CSTAErrorCode), preferring those whose INFO was
// already answered without a body. It reports false when none waits.
func (s *session) deliver(root []byte, doc []byte) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := classify(root)
	pick := -1
	for pass := 0; pass < 2 && pick < 0; pass++ {
		for i, c := range s.pending {
			if pass == 0 && !c.after {
				continue
			}
			if k == kindError || string(root) == responseName(c.name) {
				pick = i
				break
			}
		}
	}
	if pick < 0 {
		return false
	}
	c := s.pending[pick]
	s.pending = append(s.pending[:pick], s.pending[pick+1:]...)
	if k == kindError {
		c.ch <- reply{err: parseXMLError(c.name, doc)}
	} else {
		c.ch <- reply{body: bytes.Clone(doc)}
	}
	return true
}

// handle answers an in-dialog INFO or NOTIFY carrying CSTA.
func (s *session) handle(req *sip.Request, tx sip.ServerTransaction) {
	doc, ok := s.cstaBody(req.ContentType(), req.Body())
	if !ok {
		if len(req.Body()) == 0 {
			respond(tx, req, sip.StatusOK, "OK", nil) // an empty INFO: a keep-alive
			return
		}
		respond(tx, req, sip.StatusUnsupportedMediaType, "Unsupported Media Type", nil)
		return
	}
	root, ns, ok := RootName(doc)
	if !ok {
		respond(tx, req, sip.StatusBadRequest, "Not a CSTA-XML document", nil)
		return
	}
	m := &Message{Method: string(req.Method), Root: root, NS: ns, Body: doc}
	switch classify(root) {
	case kindEvent:
		if s.h.OnEvent != nil {
			s.h.OnEvent(m)
		}
		respond(tx, req, sip.StatusOK, "OK", nil)
		return
	case kindResponse, kindError:
		if !s.deliver(root, doc) {
			s.log.Debug("uacsta: response matches no pending request", "root", string(root))
		}
		respond(tx, req, sip.StatusOK, "OK", nil)
		return
	}
	resp, err := s.answer(m)
	switch {
	case errors.Is(err, ErrRespondLater):
		respond(tx, req, sip.StatusOK, "OK", nil)
	case s.mode == InINFO:
		respond(tx, req, sip.StatusOK, "OK", nil)
		go func() {
			if err := s.notify(context.Background(), resp); err != nil {
				s.log.Warn("uacsta: sending a response in an INFO failed", "error", err)
			}
		}()
	default:
		respond(tx, req, sip.StatusOK, "OK", resp)
	}
}

// answer runs OnRequest (or the default) and always returns a document,
// unless the error is ErrRespondLater.
func (s *session) answer(m *Message) ([]byte, error) {
	var resp []byte
	var err error
	switch {
	case s.h.OnRequest != nil:
		resp, err = s.h.OnRequest(m, nil)
	case string(m.Root) == "SystemStatus":
		resp = appendEmptyResponse(nil, "SystemStatusResponse", m.NS)
	default:
		err = ErrServiceFailed
	}
	var xe *XMLError
	switch {
	case err == nil:
		return resp, nil
	case errors.Is(err, ErrRespondLater):
		return nil, err
	case errors.As(err, &xe) && len(xe.Body) > 0:
		return xe.Body, nil
	}
	return AppendErrorCode(nil, m.NS, "unspecified", ""), nil
}

// respond answers req; a body is sent as CSTA.
func respond(tx sip.ServerTransaction, req *sip.Request, code int, reason string, body []byte, headers ...sip.Header) error {
	res := sip.NewResponseFromRequest(req, code, reason, nil)
	for _, h := range headers {
		res.AppendHeader(h)
	}
	if body != nil {
		addCSTAHeaders(res)
		res.SetBody(body)
	}
	return tx.Respond(res)
}

// sessionExpires is the Session-Expires value (RFC 4028) for a refresh
// interval: twice the interval, at least 90 s (the RFC's minimum).
func sessionExpires(interval time.Duration) string {
	secs := int64(2*interval/time.Second) + 1
	if secs < 90 {
		secs = 90
	}
	return strconv.FormatInt(secs, 10)
}

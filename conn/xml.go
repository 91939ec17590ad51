package conn

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/cstagen/cstagen/runtime/framing"
	"github.com/cstagen/cstagen/runtime/rose"
	"github.com/cstagen/cstagen/runtime/xml"
)

// EventInvokeID is the invoke ID of unsolicited CSTA-XML messages (events),
// by OpenScape Voice and Zultys practice.
const EventInvokeID = framing.MaxInvokeID

// TypedXML is a CSTA-XML message that encodes and decodes itself: what the
// generated ECMA-323 codec provides. AppendXML appends the whole document
// (the root element, optionally preceded by an XML declaration); DecodeXML
// decodes one document.
type TypedXML interface {
	AppendXML(dst []byte) ([]byte, error)
	DecodeXML(src []byte) error
}

// XMLFrame is an incoming CSTA-XML message as the connection reads it: the
// invoke ID of its 8-octet header and the raw document, with the root
// element's name found (decode it with a typed codec such as
// csta.XMLMessage). All its slices alias the connection's read buffer and
// are only valid during the handler call.
type XMLFrame struct {
	// InvokeID is the invoke ID of the 8-octet header.
	InvokeID int
	// Root is the local name of the root element (MakeCall,
	// DeliveredEvent, SystemStatus, ...); NS its namespace URI, empty if
	// none.
	Root, NS []byte
	// Body is the whole XML document.
	Body []byte
}

// XMLError is a CSTAErrorCode answering a request (ECMA-323: the root
// CSTAErrorCode holds one element naming the error category, whose text is
// the value).
type XMLError struct {
	// InvokeID is the invoke ID of the failed request.
	InvokeID int
	// Category is the local name of CSTAErrorCode's child (operation,
	// security, ..., privateErrorCode, unspecified); empty if it has none.
	Category string
	// Value is that child's text, white space trimmed.
	Value string
	// Body is the CSTAErrorCode document.
	Body []byte
}

// Error implements error.
func (e *XMLError) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("conn: request %d failed: CSTAErrorCode %s", e.InvokeID, e.Category)
	}
	return fmt.Sprintf("conn: request %d failed: CSTAErrorCode %s: %s", e.InvokeID, e.Category, e.Value)
}

// Unwrap returns ErrServiceFailed.
func (e *XMLError) Unwrap() error { return ErrServiceFailed }

// XMLConn is a CSTA-XML connection over TCP or TLS (ECMA-323 Annex J): each
// message is an 8-octet header (format, length, four-digit invoke ID) and
// an XML document. Requests are numbered 1..9998, a response repeats its
// request's invoke ID, events come with 9999. It is safe for concurrent
// use; one reader goroutine reads and dispatches incoming messages.
type XMLConn struct {
	core
	opt XMLOptions

	r *framing.XMLReader
	w *framing.XMLWriter

	// Reader goroutine state.
	dec  *xml.Decoder
	in   XMLFrame
	resp []byte // OnRequest's response buffer
	bad  int    // messages without an element in a row

	// Writer state, guarded by the send queue's lock.
	wbuf []byte

	kaBuf []byte // keep-alive body built by AppendKeepAlive (keep-alive goroutine)
}

// DialXML connects to address, runs TLS when tlsConfig is not nil (the
// handshake bounded by AssociateTimeout and ctx; ServerName taken from
// address when tlsConfig has none), and returns the connection as NewXML
// does.
func DialXML(ctx context.Context, network, address string, tlsConfig *tls.Config, o XMLOptions) (*XMLConn, error) {
	nc, err := dial(ctx, network, address, tlsConfig, o.Options.resolve().AssociateTimeout)
	if err != nil {
		return nil, err
	}
	return NewXML(nc, o), nil
}

// NewXML starts a CSTA-XML connection over nc (either side: the protocol
// has no opening exchange) and its reader goroutine.
func NewXML(nc net.Conn, o XMLOptions) *XMLConn {
	o = o.resolve()
	c := &XMLConn{opt: o}
	c.core.init(nc, o.Options, o.MinInvokeID, o.MaxInvokeID)
	c.r = framing.NewXMLReader(&c.rd, o.Framing)
	c.w = framing.NewXMLWriter(&c.q)
	c.dec = xml.NewDecoder(nil, nil)
	c.start(&hooks{c.readFrame, c.handleInvoke, c.handleUnmatched}, c.ping)
	return c
}

// Close fails pending requests with ErrClosed and closes the connection
// (CSTA-XML has no release exchange); the reader and keep-alive goroutines
// have ended when it returns. Calling it again does nothing.
func (c *XMLConn) Close() error { return c.shutdown(nil) }

// rootName reads the root element's local name and namespace. When the
// document is not well-formed enough for the decoder (real servers send
// such documents), the name is taken from the first start tag by a plain
// scan, without namespace.
func (c *XMLConn) rootName(body []byte) (local, ns []byte, ok bool) {
	c.dec.Reset(body)
	if name, ok, err := c.dec.ReadStart(); err == nil && ok {
		return name.Local, c.dec.NS(), true
	}
	for i := 0; i+1 < len(body); i++ {
		if body[i] != '<' || body[i+1] == '?' || body[i+1] == '!' || body[i+1] == '/' {
			continue
		}
		j := i + 1
		for j < len(body) && !strings.ContainsRune(" \t\r\n/>", rune(body[j])) {
			j++
		}
		name := body[i+1 : j]
		if k := bytes.IndexByte(name, ':'); k >= 0 {
			name = name[k+1:]
		}
		return name, nil, len(name) > 0
	}
	return nil, nil, false
}

// readFrame is the rose.Reader: it reads the next message and
// classifies it by invoke ID and root element.
func (c *XMLConn) readFrame(f *rose.Frame) error {
	for {
		id, body, err := c.r.ReadMessage()
		if err != nil {
			return c.readError(err)
		}
		c.rd.frameDone(c.r.Offset())
		c.stats.framesIn.Add(1)
		root, ns, ok := c.rootName(body)
		if !ok {
			// No element at all: nothing to correlate or answer.
			c.drop(DropNoElement, int64(id), true, -1, nil, body)
			if c.bad++; c.bad >= c.opt.MaxBadFrames {
				return &ProtocolError{Detail: fmt.Sprintf("%d messages without an element in a row", c.bad)}
			}
			continue
		}
		c.bad = 0
		c.in = XMLFrame{InvokeID: id, Root: root, NS: ns, Body: body}
		*f = rose.Frame{ID: int64(id), HasID: true, Body: body}
		switch {
		case string(root) == "CSTAErrorCode":
			f.Kind = rose.KindError
		case bytes.HasSuffix(root, []byte("Response")):
			f.Kind = rose.KindResult
		case !isEvent(&c.in) && c.eng.IsPending(int64(id)):
			// An answer whose root is not named ...Response (vendors
			// have some): the invoke ID of the header says what it
			// answers.
			f.Kind = rose.KindResult
		default:
			f.Kind = rose.KindInvoke
		}
		return nil
	}
}

// readError maps an error of the framing reader.
func (c *XMLConn) readError(err error) error {
	err = c.rd.readError(err)
	var fe *framing.Error
	var te *framing.TruncatedError
	switch {
	case err == io.EOF:
		return fmt.Errorf("conn: peer closed the connection: %w", err)
	case errors.As(err, &te):
		return fmt.Errorf("conn: peer closed the connection inside a message: %w", err)
	case errors.As(err, &fe):
		return &ProtocolError{Detail: "malformed stream", Err: err}
	}
	return err
}

// isEvent reports whether m is unsolicited: invoke ID 9999 or a root
// element named ...Event.
func isEvent(m *XMLFrame) bool {
	return m.InvokeID == EventInvokeID || bytes.HasSuffix(m.Root, []byte("Event"))
}

// handleInvoke is the rose.Handler for invokes: events go to OnEvent, requests to
// OnRequest (or the defaults).
func (c *XMLConn) handleInvoke(f *rose.Frame) {
	m := &c.in
	if isEvent(m) {
		c.stats.events.Add(1)
		if c.opt.OnEvent != nil {
			c.opt.OnEvent(m)
		}
		return
	}
	var err error
	if c.opt.OnRequest != nil {
		c.stats.requests.Add(1)
		c.resp, err = c.opt.OnRequest(m, c.resp[:0])
	} else if string(m.Root) == "SystemStatus" {
		c.stats.requests.Add(1)
		c.resp = appendEmptyResponse(c.resp[:0], "SystemStatusResponse", m.NS)
	} else {
		c.drop(DropUnhandledRequest, f.ID, true, -1, nil, f.Body)
		err = ErrServiceFailed
	}
	switch {
	case err == nil:
	case errors.Is(err, ErrRespondLater):
		return
	default:
		c.resp = appendUnspecifiedError(c.resp[:0], m.NS)
	}
	c.Respond(m.InvokeID, c.resp)
}

// appendEmptyResponse appends <name xmlns="ns"/>.
func appendEmptyResponse(dst []byte, name string, ns []byte) []byte {
	dst = xml.AppendDeclaration(dst)
	dst = xml.AppendStartOpen(dst, name)
	if len(ns) > 0 {
		dst = xml.AppendAttrBytes(dst, "xmlns", ns)
	}
	return xml.AppendEmptyClose(dst)
}

// appendUnspecifiedError appends a CSTAErrorCode with the unspecified
// category.
func appendUnspecifiedError(dst []byte, ns []byte) []byte {
	dst = xml.AppendDeclaration(dst)
	dst = xml.AppendStartOpen(dst, "CSTAErrorCode")
	if len(ns) > 0 {
		dst = xml.AppendAttrBytes(dst, "xmlns", ns)
	}
	dst = xml.AppendStartClose(dst)
	dst = xml.AppendEmpty(dst, "unspecified")
	return xml.AppendEnd(dst, "CSTAErrorCode")
}

// handleUnmatched is the rose.Handler for unmatched replies: a response
// nobody waits for (it came too late) is dropped, as DropUnmatchedReply;
// CSTA-XML has no Reject.
func (c *XMLConn) handleUnmatched(f *rose.Frame) {
	c.drop(DropUnmatchedReply, f.ID, f.HasID, -1, nil, f.Body)
}

// write writes one message; see BERConn.send for the error rules.
func (c *XMLConn) write(id int, body []byte, typed TypedXML) error {
	if err := c.eng.Err(); err != nil {
		return err
	}
	if err := c.q.lock(); err != nil {
		return c.sendError(err)
	}
	if typed != nil {
		b, err := typed.AppendXML(c.wbuf[:0])
		if err != nil {
			c.q.unlock()
			return err
		}
		c.wbuf, body = b, b
	}
	// An error here is a *framing.Error: nothing was queued.
	err := c.w.WriteMessage(id, body)
	c.q.unlock()
	return err
}

// Respond sends body as the response to the peer's request id.
func (c *XMLConn) Respond(id int, body []byte) error { return c.write(id, body, nil) }

// Notify sends body with invoke ID 9999, as an event.
func (c *XMLConn) Notify(body []byte) error { return c.write(EventInvokeID, body, nil) }

// do sends a request and waits for its response.
func (c *XMLConn) do(ctx context.Context, body []byte, typed TypedXML) (*rose.Call, error) {
	call, err := c.eng.Do(ctx, func(id int64) error { return c.write(int(id), body, typed) })
	if err != nil {
		return nil, err
	}
	c.stats.replies.Add(1)
	if call.Kind == rose.KindError {
		e := c.parseError(call)
		c.eng.Release(call)
		return nil, e
	}
	return call, nil
}

// parseError builds the *XMLError of a CSTAErrorCode reply.
func (c *XMLConn) parseError(call *rose.Call) *XMLError {
	e := &XMLError{InvokeID: int(call.ID), Body: bytes.Clone(call.Body)}
	d := xml.NewDecoder(e.Body, nil)
	if _, ok, err := d.ReadStart(); err != nil || !ok {
		return e
	}
	name, ok, err := d.ReadStart()
	if err != nil || !ok {
		return e
	}
	e.Category = string(name.Local)
	var scratch []byte
	if text, err := d.ReadText(&scratch); err == nil {
		e.Value = string(xml.TrimSpace(text))
	}
	return e
}

// AppendInvokeXML sends the request document body, waits for the response
// (at most RequestTimeout and while ctx is not done) and appends its
// document to dst. It allocates nothing in steady state when dst has room.
// A CSTAErrorCode yields an *XMLError; other failures are as for
// BERConn.Do.
func (c *XMLConn) AppendInvokeXML(ctx context.Context, dst, body []byte) ([]byte, error) {
	call, err := c.do(ctx, body, nil)
	if err != nil {
		return dst, err
	}
	dst = append(dst, call.Body...)
	c.eng.Release(call)
	return dst, nil
}

// InvokeXML is AppendInvokeXML into a new slice.
func (c *XMLConn) InvokeXML(ctx context.Context, body []byte) ([]byte, error) {
	return c.AppendInvokeXML(ctx, nil, body)
}

// Invoke sends req, encoded by its AppendXML, and decodes the response
// into resp with its DecodeXML (resp may be nil to ignore the response).
// The response document is valid only during DecodeXML: a resp that keeps
// slices of it must copy them.
func (c *XMLConn) Invoke(ctx context.Context, req, resp TypedXML) error {
	call, err := c.do(ctx, nil, req)
	if err != nil {
		return err
	}
	defer c.eng.Release(call)
	if resp == nil {
		return nil
	}
	if err := resp.DecodeXML(call.Body); err != nil {
		return &ProtocolError{Detail: "undecodable response", Err: err}
	}
	return nil
}

// ping is the keep-alive request: AppendKeepAlive's document, or
// KeepAliveBody; any response counts.
func (c *XMLConn) ping(ctx context.Context) error {
	body := c.opt.KeepAliveBody
	if c.opt.AppendKeepAlive != nil {
		c.kaBuf = c.opt.AppendKeepAlive(c.kaBuf[:0])
		body = c.kaBuf
	}
	call, err := c.do(ctx, body, nil)
	if err != nil {
		return err
	}
	c.eng.Release(call)
	return nil
}

// ECMA354Namespace is the namespace of the ECMA-354 application session
// messages (StartApplicationSession, ResetApplicationSessionTimer, ...),
// which travel over CSTA-XML connections beside ECMA-323.
const ECMA354Namespace = "http://www.ecma-international.org/standards/ecma-354/appl_session"

// ResetApplicationSessionTimer returns an XMLOptions.AppendKeepAlive that
// keeps an ECMA-354 application session alive: each keep-alive is a
// ResetApplicationSessionTimer carrying the session ID that sessionID
// returns at send time (it may change when the session is restarted) and,
// when duration is positive, requestedSessionDuration in whole seconds.
// The server's ResetApplicationSessionTimerPosResponse (or NegResponse)
// counts as the keep-alive's answer.
func ResetApplicationSessionTimer(sessionID func() string, duration time.Duration) func(dst []byte) []byte {
	return func(dst []byte) []byte {
		dst = xml.AppendDeclaration(dst)
		dst = xml.AppendStartOpen(dst, "ResetApplicationSessionTimer")
		dst = xml.AppendAttr(dst, "xmlns", ECMA354Namespace)
		dst = xml.AppendStartClose(dst)
		dst = xml.AppendElementString(dst, "sessionID", sessionID())
		if secs := int64(duration / time.Second); secs > 0 {
			dst = xml.AppendStart(dst, "requestedSessionDuration")
			dst = strconv.AppendInt(dst, secs, 10)
			dst = xml.AppendEnd(dst, "requestedSessionDuration")
		}
		return xml.AppendEnd(dst, "ResetApplicationSessionTimer")
	}
}

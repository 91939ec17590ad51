package cti

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/cstagen/cstagen/conn"
	"github.com/cstagen/cstagen/csta"
)

// transport is one connection, BER or CSTA-XML, behind the same calls.
type transport interface {
	invoke(ctx context.Context, arg csta.Request) (csta.Message, error)
	done() <-chan struct{}
	err() error
	close() error
}

// sink receives what a transport reads (on its reader goroutine).
type sink interface {
	event(xref string, typ *csta.Event, v csta.Message)
	monitorStopped(xref string)
	logMessage(dir, name string, v any)
}

// berTransport is a BER association.
type berTransport struct{ c *conn.BERConn }

func dialBER(ctx context.Context, cfg *Config, s sink) (transport, error) {
	o := cfg.BER
	o.TLS = cfg.TLS
	o.OnEvent = func(p *csta.PDU) {
		arg, ok := p.Argument.(*csta.CSTAEventReportArgument)
		if !ok {
			return
		}
		v, typ := eventOf(&arg.EventSpecificInfo)
		if v == nil {
			return
		}
		s.logMessage("in", "cSTAEventReport", arg)
		s.event(string(arg.CrossRefIdentifier), typ, clone(v))
	}
	o.OnRequest = func(p *csta.PDU) (csta.Message, error) {
		s.logMessage("in", p.Operation.Name, p.Argument)
		switch a := p.Argument.(type) {
		case *csta.MonitorStopArgument:
			s.monitorStopped(string(a.CrossRefIdentifier))
			return nil, nil
		case *csta.SystemStatusArg:
			return &csta.SystemStatusRes{Choice: csta.SystemStatusResChoiceNoData}, nil
		}
		return nil, &conn.RejectError{Problem: csta.RejectProblem{Choice: csta.RejectProblemChoiceInvoke,
			Invoke: csta.InvokeProblemUnrecognizedOperation}}
	}
	c, err := conn.DialBER(ctx, "tcp", cfg.Address, o)
	if err != nil {
		return nil, err
	}
	return &berTransport{c}, nil
}

func (t *berTransport) invoke(ctx context.Context, arg csta.Request) (csta.Message, error) {
	return t.c.Invoke(ctx, arg.RequestCode(), arg)
}
func (t *berTransport) done() <-chan struct{} { return t.c.Done() }
func (t *berTransport) err() error            { return t.c.Err() }
func (t *berTransport) close() error          { return t.c.Close() }

// xmlTransport is a CSTA-XML connection, with an ECMA-354 application
// session when Config.ApplicationSession is set.
type xmlTransport struct {
	c       *conn.XMLConn
	session string
	in      csta.XMLMessage // reader goroutine
}

func dialXML(ctx context.Context, cfg *Config, s sink) (transport, error) {
	t := &xmlTransport{}
	o := cfg.XML
	o.OnEvent = func(m *conn.XMLFrame) {
		if err := t.in.DecodeXML(m.Body); err != nil || t.in.Kind != csta.XMLEvent {
			return
		}
		s.logMessage("in", t.in.RootName(), t.in.Value)
		s.event(string(t.in.CrossRefID), t.in.Event, clone(t.in.Value))
	}
	o.OnRequest = func(m *conn.XMLFrame, dst []byte) ([]byte, error) {
		if err := t.in.DecodeXML(m.Body); err != nil || t.in.Kind != csta.XMLRequest {
			return dst, errors.New("cti: unexpected request")
		}
		s.logMessage("in", t.in.RootName(), t.in.Value)
		if a, ok := t.in.Value.(*csta.MonitorStopArgument); ok {
			s.monitorStopped(string(a.CrossRefIdentifier))
		}
		var out csta.XMLMessage
		out.SetResponse(t.in.Operation, nil)
		out.Namespace = t.in.Namespace
		return out.AppendXML(dst)
	}
	if cfg.ApplicationSession {
		d := cfg.SessionDuration
		if d <= 0 {
			d = 180 * time.Second
		}
		if o.KeepAliveInterval == 0 {
			o.KeepAliveInterval = d / 3
		}
		o.AppendKeepAlive = conn.ResetApplicationSessionTimer(func() string { return t.session }, d)
	}
	c, err := conn.DialXML(ctx, "tcp", cfg.Address, cfg.TLS, o)
	if err != nil {
		return nil, err
	}
	t.c = c
	if cfg.ApplicationSession {
		if err := t.startSession(ctx, cfg); err != nil {
			c.Close()
			return nil, err
		}
	}
	return t, nil
}

// startSession opens the ECMA-354 application session.
func (t *xmlTransport) startSession(ctx context.Context, cfg *Config) error {
	d := cfg.SessionDuration
	if d <= 0 {
		d = 180 * time.Second
	}
	id := cfg.ApplicationID
	if id == "" {
		id = "cstagen-cti"
	}
	arg := &csta.StartApplicationSession{
		ApplicationInfo:           csta.ApplicationInfo{ApplicationID: []byte(id)},
		RequestedProtocolVersions: csta.ProtocolVersions{csta.ProtocolVersion(csta.XMLNamespace)},
		RequestedSessionDuration:  csta.SessionDuration(d / time.Second), HasRequestedSessionDuration: true,
	}
	var req csta.XMLMessage
	for i := range csta.XMLDocuments {
		if csta.XMLDocuments[i].Root == "StartApplicationSession" {
			req.SetDocument(&csta.XMLDocuments[i], arg)
		}
	}
	resp, err := t.call(ctx, &req)
	if err != nil {
		return err
	}
	pos, ok := resp.Value.(*csta.StartApplicationSessionPosResponse)
	if !ok {
		return &SessionError{Response: resp.RootName()}
	}
	t.session = string(pos.SessionID)
	return nil
}

func (t *xmlTransport) invoke(ctx context.Context, arg csta.Request) (csta.Message, error) {
	op := csta.OperationByCode(arg.RequestCode())
	if op == nil {
		return nil, errors.New("cti: unknown operation")
	}
	var req csta.XMLMessage
	req.SetRequest(op, arg)
	resp, err := t.call(ctx, &req)
	if err != nil {
		return nil, err
	}
	return clone(resp.Value), nil
}

// call sends req and decodes the response from a copy of its own (the
// decoded value shares memory with it).
func (t *xmlTransport) call(ctx context.Context, req *csta.XMLMessage) (*csta.XMLMessage, error) {
	body, err := req.AppendXML(nil)
	if err != nil {
		return nil, err
	}
	out, err := t.c.AppendInvokeXML(ctx, nil, body)
	if err != nil {
		return nil, err
	}
	resp := new(csta.XMLMessage)
	if err := resp.DecodeXML(out); err != nil {
		return nil, &conn.ProtocolError{Detail: "undecodable response", Err: err}
	}
	return resp, nil
}
func (t *xmlTransport) done() <-chan struct{} { return t.c.Done() }
func (t *xmlTransport) err() error            { return t.c.Err() }
func (t *xmlTransport) close() error          { return t.c.Close() }

// SessionError is a StartApplicationSession the switch did not accept.
type SessionError struct {
	Response string // the root element of the answer
}

func (e *SessionError) Error() string {
	return "cti: application session refused: " + e.Response
}

// Failure returns the category and value of the CSTA error a request
// failed with, the same for BER (ReturnError universalFailure) and
// CSTA-XML (CSTAErrorCode): ("stateIncompatibility", "invalidConnectionState").
func Failure(err error) (category, value string, ok bool) {
	var se *conn.ServiceError
	var xe *conn.XMLError
	switch {
	case errors.As(err, &se) && se.HasFailure:
		category, value, _ = strings.Cut(conn.FailureString(&se.Failure), ": ")
		return category, value, true
	case errors.As(err, &xe):
		return xe.Category, xe.Value, true
	}
	return "", "", false
}

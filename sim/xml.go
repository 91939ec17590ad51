package sim

import (
	"bytes"
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cstagen/cstagen/conn"
	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/sim/callmodel"
)

// xmlSession is the CSTA-XML state of a session.
type xmlSession struct {
	*session
	link xmlLink

	// Reader goroutine state.
	in, out csta.XMLMessage

	mu      sync.Mutex // guards what follows
	ns      string     // namespace of the events: the client's CSTA namespace
	ev      csta.XMLMessage
	evBuf   []byte
	appID   string // ECMA-354 session ID, "" when none
	appDur  time.Duration
	appTime *time.Timer // ends the session when it expires
}

// xmlLink is the transport of a CSTA-XML session: a connection with the
// 8-octet header (xmlConnLink) or a uaCSTA dialog (sipLink).
type xmlLink interface {
	// respond sends the response to the request of invoke ID id (ignored
	// by a dialog), ahead of what follows it.
	respond(id int, doc []byte) error
	// notify sends an event or another document that has no answer.
	notify(doc []byte) error
	// invoke sends a switch-invoked request without waiting for its answer.
	invoke(m *csta.XMLMessage)
	// close ends the connection or the dialog.
	close()
}

// xmlConnLink is the link of a connection with the 8-octet header.
type xmlConnLink struct{ c *conn.XMLConn }

func (l xmlConnLink) respond(id int, doc []byte) error { return l.c.Respond(id, doc) }
func (l xmlConnLink) notify(doc []byte) error          { return l.c.Notify(doc) }
func (l xmlConnLink) invoke(m *csta.XMLMessage)        { go l.c.Invoke(context.Background(), m, nil) }
func (l xmlConnLink) close()                           { l.c.Close() }

var appSessionIDs struct {
	sync.Mutex
	n int
}

// newXMLSession returns the CSTA-XML state of s; bind connects it to its
// link.
func newXMLSession(s *session) *xmlSession {
	return &xmlSession{session: s, ns: csta.XMLNamespace}
}

// bind sets the session's senders to go over link.
func (x *xmlSession) bind(link xmlLink) {
	x.link = link
	x.sendEvent = x.notifyEvent
	x.sendStop = func(ref callmodel.CrossRefID) {
		var m csta.XMLMessage
		op := csta.OperationByCode(csta.OpMonitorStop)
		m.SetRequest(op, &csta.MonitorStopArgument{CrossRefIdentifier: csta.MonitorCrossRefID(ref)})
		link.invoke(&m)
	}
	x.sendStatus = func(st callmodel.SystemStatus) {
		var m csta.XMLMessage
		m.SetRequest(csta.OperationByCode(csta.OpSystemStatus), systemStatusArg(st))
		link.invoke(&m)
	}
	x.sendRequest = func(arg csta.Request) {
		var m csta.XMLMessage
		m.SetRequest(csta.OperationByCode(arg.RequestCode()), arg)
		m.Namespace = []byte(x.eventNS())
		x.trace("out", m.RootName(), arg)
		link.invoke(&m)
	}
	x.setClose(link.close)
}

// stopTimer stops the application session timer at the end.
func (x *xmlSession) stopTimer() {
	x.mu.Lock()
	if x.appTime != nil {
		x.appTime.Stop()
	}
	x.mu.Unlock()
}

// serveXML serves one CSTA-XML client.
func (s *session) serveXML(nc net.Conn) {
	x := newXMLSession(s)
	o := s.srv.cfg.XML
	s.ready = make(chan struct{})
	o.OnEvent = func(m *conn.XMLFrame) { s.trace("in", string(m.Root), nil) }
	o.OnRequest = func(m *conn.XMLFrame, dst []byte) ([]byte, error) {
		<-s.ready
		return x.request(m.InvokeID, m.Root, m.Body, dst)
	}
	c := conn.NewXML(nc, o)
	s.srv.log.Info("sim: CSTA-XML connection", "remote", s.remote)
	x.bind(xmlConnLink{c})
	close(s.ready)
	s.watchStatus(c.Done())
	<-c.Done()
	if err := c.Err(); err != nil && !errors.Is(err, conn.ErrClosed) {
		s.srv.log.Info("sim: CSTA-XML connection ended", "remote", s.remote, "err", err)
	}
	x.stopTimer()
	s.end()
	c.Close()
}

// request answers one request, the document body of root element root
// (invoke ID id), on the reader goroutine; it returns the response
// appended to dst, or conn.ErrRespondLater once it has sent the response
// itself with what follows it (a monitor's events).
func (x *xmlSession) request(id int, root, body, dst []byte) ([]byte, error) {
	in, out := &x.in, &x.out
	if err := in.DecodeXML(body); err != nil {
		x.trace("in", string(root)+" (undecodable: "+err.Error()+")", nil)
		return dst, err
	}
	x.trace("in", in.RootName(), in.Value)
	switch in.Kind {
	case csta.XMLDocument:
		return x.appSession(dst)
	case csta.XMLRequest:
	default:
		return dst, errUnsupported
	}
	if ns := in.Namespace; bytes.Contains(ns, []byte("ecma-323")) {
		x.mu.Lock()
		if x.ns != string(ns) {
			x.ns = string(ns)
		}
		x.mu.Unlock()
	}
	op := in.Operation
	res, after, err := x.handle(request{code: op.Code, arg: in.Value})
	var se *callmodel.ServiceError
	switch {
	case err == nil:
		out.SetResponse(op, res)
	case errors.As(err, &se):
		out.SetError(failure(se))
	case errors.Is(err, errUnsupported):
		out.SetError(failure(callmodel.ErrServiceNotSupported))
	default:
		return dst, err
	}
	out.Namespace = in.Namespace
	dst, err = out.AppendXML(dst)
	if err != nil {
		return dst, err
	}
	x.trace("out", out.RootName(), out.Value)
	if after == nil {
		return dst, nil
	}
	// The response goes first (before the first event of a monitor).
	if err := x.link.respond(id, dst); err == nil {
		after()
	}
	return dst, conn.ErrRespondLater
}

// eventNS returns the namespace of the messages the switch sends.
func (x *xmlSession) eventNS() string {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.ns
}

// notifyEvent sends one event (on a monitor's goroutine).
func (x *xmlSession) notifyEvent(ev *callmodel.Event) error {
	var esi csta.EventSpecificInfo
	v, k := eventValue(ev, &esi)
	if v == nil || k < 0 {
		return nil
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.ev.SetEvent(k, []byte(ev.CrossRef), v)
	x.ev.Namespace = []byte(x.ns)
	b, err := x.ev.AppendXML(x.evBuf[:0])
	if err != nil {
		return err
	}
	x.evBuf = b
	x.trace("out", x.ev.RootName(), v)
	return x.link.notify(b)
}

// appSession answers the ECMA-354 application session messages.
func (x *xmlSession) appSession(dst []byte) ([]byte, error) {
	in, out := &x.in, &x.out
	doc := func(root string) *csta.XMLDocumentType {
		for i := range csta.XMLDocuments {
			if csta.XMLDocuments[i].Root == root {
				return &csta.XMLDocuments[i]
			}
		}
		return nil
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	switch v := in.Value.(type) {
	case *csta.StartApplicationSession:
		d := x.srv.cfg.SessionDuration
		if v.HasRequestedSessionDuration {
			d = x.srv.sessionDuration(v.RequestedSessionDuration)
		}
		res := &csta.StartApplicationSessionPosResponse{ActualSessionDuration: csta.SessionDuration(d / time.Second)}
		if len(v.RequestedProtocolVersions) > 0 {
			pv := string(v.RequestedProtocolVersions[0])
			res.ActualProtocolVersion = csta.ProtocolVersion(pv)
			if i := strings.Index(pv, "/ecma-323/csta/ed"); i >= 0 {
				ns := pv[:i+len("/ecma-323/csta/ed")]
				rest := pv[len(ns):]
				n := 0
				for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
					n++
				}
				x.ns = ns + rest[:n]
			}
		} else {
			res.ActualProtocolVersion = csta.ProtocolVersion(csta.XMLNamespace)
		}
		appSessionIDs.Lock()
		appSessionIDs.n++
		x.appID = "sim-" + strconv.Itoa(appSessionIDs.n)
		appSessionIDs.Unlock()
		res.SessionID = csta.SessionID(x.appID)
		x.appDur = d
		if x.appTime != nil {
			x.appTime.Stop()
		}
		id := x.appID
		x.appTime = time.AfterFunc(d, func() { x.expire(id) })
		x.srv.log.Info("sim: application session started", "remote", x.remote, "session", x.appID,
			"application", string(v.ApplicationInfo.ApplicationID), "duration", d)
		out.SetDocument(doc("StartApplicationSessionPosResponse"), res)
	case *csta.ResetApplicationSessionTimer:
		if x.appID == "" || string(v.SessionID) != x.appID {
			res := &csta.ResetApplicationSessionTimerNegResponse{}
			res.ErrorCode.SetDefinedError(csta.ResetApplicationSessionTimerErrorDefinedErrorInvalidSessionID)
			out.SetDocument(doc("ResetApplicationSessionTimerNegResponse"), res)
			break
		}
		if v.HasRequestedSessionDuration {
			x.appDur = x.srv.sessionDuration(v.RequestedSessionDuration)
		}
		x.appTime.Reset(x.appDur)
		out.SetDocument(doc("ResetApplicationSessionTimerPosResponse"),
			&csta.ResetApplicationSessionTimerPosResponse{ActualSessionDuration: csta.SessionDuration(x.appDur / time.Second), HasActualSessionDuration: true})
	case *csta.StopApplicationSession:
		if x.appID == "" || string(v.SessionID) != x.appID {
			res := &csta.StopApplicationSessionNegResponse{}
			res.ErrorCode.SetDefinedError(csta.StopApplicationSessionErrorDefinedErrorInvalidSessionID)
			out.SetDocument(doc("StopApplicationSessionNegResponse"), res)
			break
		}
		x.appTime.Stop()
		x.appID = ""
		out.SetDocument(doc("StopApplicationSessionPosResponse"), &csta.StopApplicationSessionPosResponse{})
	default:
		return dst, errUnsupported
	}
	out.Namespace = in.Namespace
	dst, err := out.AppendXML(dst)
	x.trace("out", out.RootName(), out.Value)
	return dst, err
}

// expire ends the application session id when its timer runs out: an
// ApplicationSessionTerminated, then the end of the connection.
func (x *xmlSession) expire(id string) {
	x.mu.Lock()
	if x.appID != id {
		x.mu.Unlock()
		return
	}
	x.appID = ""
	var m csta.XMLMessage
	t := &csta.ApplicationSessionTerminated{SessionID: csta.SessionID(id)}
	t.SessionTermReason.SetDefinedTermReason(csta.SessionTermReasonDefinedTermReasonSessionTimerExpired)
	for i := range csta.XMLDocuments {
		if csta.XMLDocuments[i].Root == "ApplicationSessionTerminated" {
			m.SetDocument(&csta.XMLDocuments[i], t)
		}
	}
	b, err := m.AppendXML(nil)
	x.mu.Unlock()
	x.srv.log.Info("sim: application session expired", "remote", x.remote, "session", id)
	if err == nil {
		x.link.notify(b)
	}
	x.link.close()
}

// sessionDuration holds a requested session duration (seconds) within the
// configured bounds.
func (s *Server) sessionDuration(secs csta.SessionDuration) time.Duration {
	return min(max(time.Duration(secs)*time.Second, s.cfg.MinSession), s.cfg.MaxSession)
}

package sim

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"net"
	"sync"

	"github.com/cstagen/cstagen/conn"
	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/sim/callmodel"
	"github.com/cstagen/cstagen/uacsta"
)

// errNotInDialog refuses, in an INVITE, a request whose response must go
// ahead of what follows it (a MonitorStart): the response of an INVITE
// goes in its 200 OK, which cannot come after an INFO.
var errNotInDialog = errors.New("sim: request needs a confirmed dialog")

// sipAddr is the remote address of a uaCSTA dialog in logs and traces: its
// Call-ID, since the dialog's messages may come over any transport.
type sipAddr string

func (a sipAddr) Network() string { return "sip" }
func (a sipAddr) String() string  { return "sip:" + string(a) }

// sipLink is the link of a uaCSTA dialog: responses that go ahead of
// events and the events themselves travel in INFO requests of the dialog.
type sipLink struct {
	d *uacsta.Dialog

	invite bool // the request being answered came in an INVITE (guarded by sipSession.reqs)
}

func (l *sipLink) respond(_ int, doc []byte) error {
	if l.invite {
		return errNotInDialog
	}
	return l.d.Respond(context.Background(), bytes.Clone(doc))
}

func (l *sipLink) notify(doc []byte) error {
	return l.d.Notify(context.Background(), bytes.Clone(doc))
}

func (l *sipLink) invoke(m *csta.XMLMessage) {
	b, err := m.AppendXML(nil)
	if err != nil {
		return
	}
	go l.d.InvokeXML(context.Background(), b)
}

func (l *sipLink) close() {
	ctx, cancel := context.WithTimeout(context.Background(), uacsta.DefaultByeTimeout)
	defer cancel()
	l.d.Bye(ctx)
}

// sipSession is the state of one uaCSTA dialog.
type sipSession struct {
	*xmlSession
	link *sipLink
	reqs sync.Mutex // serializes the dialog's requests (xmlSession.in, out)
}

// newSIP returns the uaCSTA server of s, with the callbacks of the
// template in Config.SIP replaced by the server's own.
func (s *Server) newSIP() (*uacsta.Server, error) {
	o := s.cfg.SIP
	if o.Logger == nil {
		o.Logger = s.log
	}
	if o.MaxDialogs <= 0 {
		o.MaxDialogs = s.cfg.MaxConns
	}
	o.OnInvite = s.sipInvite
	o.OnDialog = s.sipDialog
	o.OnClose = s.sipClose
	o.OnRequest = func(d *uacsta.Dialog, m *uacsta.Message, dst []byte) ([]byte, error) {
		ss := s.sipSession(d)
		if ss == nil {
			return dst, uacsta.ErrClosed
		}
		return ss.request(m, dst, false)
	}
	o.OnEvent = func(d *uacsta.Dialog, m *uacsta.Message) {
		if ss := s.sipSession(d); ss != nil {
			ss.trace("in", string(m.Root), nil)
		}
	}
	return uacsta.NewServer(o)
}

// request answers a request of the dialog, as a CSTA-XML connection does;
// invite says it came in an INVITE.
func (ss *sipSession) request(m *uacsta.Message, dst []byte, invite bool) ([]byte, error) {
	ss.reqs.Lock()
	defer ss.reqs.Unlock()
	ss.link.invite = invite
	dst, err := ss.xmlSession.request(0, m.Root, m.Body, dst)
	if errors.Is(err, conn.ErrRespondLater) {
		return dst, uacsta.ErrRespondLater
	}
	return dst, err
}

func (s *Server) sipSession(d *uacsta.Dialog) *sipSession {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dialogs[d]
}

// sipInvite answers the CSTA document of an INVITE (RequestSystemStatus)
// with the request path of every other request; the first INVITE of a
// dialog starts its session.
func (s *Server) sipInvite(d *uacsta.Dialog, m *uacsta.Message, dst []byte) ([]byte, error) {
	s.mu.Lock()
	ss := s.dialogs[d]
	isNew := ss == nil
	if isNew {
		if s.closed {
			s.mu.Unlock()
			return dst, &uacsta.StatusError{Code: 503, Reason: "Service Unavailable"}
		}
		sess := &session{srv: s, remote: sipAddr(d.CallID()), monitors: make(map[callmodel.CrossRefID]*callmodel.Monitor)}
		ss = &sipSession{xmlSession: newXMLSession(sess), link: &sipLink{d: d}}
		ss.bind(ss.link)
		s.dialogs[d] = ss
	}
	s.mu.Unlock()
	dst, err := ss.request(m, dst, true)
	if err != nil && isNew {
		// The dialog is refused: its session ends here.
		s.mu.Lock()
		delete(s.dialogs, d)
		s.mu.Unlock()
		ss.stopTimer()
		ss.end()
	}
	return dst, err
}

// sipDialog starts serving a confirmed dialog.
func (s *Server) sipDialog(d *uacsta.Dialog) {
	ss := s.sipSession(d)
	if ss == nil {
		return
	}
	if !s.track(ss.session, true) {
		ss.link.close()
		return
	}
	s.log.Info("sim: uaCSTA dialog", "remote", ss.remote)
	ss.watchStatus(d.Done())
}

// sipClose ends the session of a dialog that has ended.
func (s *Server) sipClose(d *uacsta.Dialog) {
	s.mu.Lock()
	ss := s.dialogs[d]
	delete(s.dialogs, d)
	s.mu.Unlock()
	if ss == nil {
		return
	}
	if err := d.Err(); err != nil && !errors.Is(err, uacsta.ErrByPeer) {
		s.log.Info("sim: uaCSTA dialog ended", "remote", ss.remote, "err", err)
	}
	ss.stopTimer()
	ss.end()
	s.track(ss.session, false)
}

// ServePacket serves uaCSTA (Encoding SIP) over the UDP socket pc until
// it is closed or Close is called; it then returns the error (after
// Close, ErrServerClosed). TCP and TLS go through Serve.
func (s *Server) ServePacket(pc net.PacketConn) error {
	if s.sip == nil {
		pc.Close()
		return errors.New("sim: ServePacket needs Encoding SIP")
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		pc.Close()
		return ErrServerClosed
	}
	s.packets[pc] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.packets, pc)
		s.mu.Unlock()
	}()
	err := s.sip.ServeUDP(pc)
	if s.isClosed() {
		return ErrServerClosed
	}
	return err
}

// serveSIP serves uaCSTA over the TCP (or, with Config.TLS, TLS)
// connections of l.
func (s *Server) serveSIP(l net.Listener) error {
	var err error
	if s.cfg.TLS != nil {
		err = s.sip.ServeTLS(tls.NewListener(l, s.cfg.TLS))
	} else {
		err = s.sip.ServeTCP(l)
	}
	if s.isClosed() {
		return ErrServerClosed
	}
	return err
}

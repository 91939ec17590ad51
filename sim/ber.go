package sim

import (
	"context"
	"errors"
	"net"

	"github.com/cstagen/cstagen/conn"
	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/sim/callmodel"
)

// serveBER runs the ACSE association and the ROSE operations of one BER
// client.
func (s *session) serveBER(nc net.Conn) {
	srv := s.srv
	o := srv.cfg.BER
	if o.ApplicationContext == nil {
		o.ApplicationContext = conn.CSTA3Context
		o.AcceptContexts = append(o.AcceptContexts[:len(o.AcceptContexts):len(o.AcceptContexts)], conn.CSTA2Context)
	}
	s.ready = make(chan struct{})
	var c *conn.BERConn
	o.OnEvent = func(p *csta.PDU) { s.trace("in", opName(p), p.Argument) }
	o.OnRequest = func(p *csta.PDU) (csta.Message, error) {
		<-s.ready
		s.trace("in", opName(p), p.Argument)
		id, _ := p.InvokeID()
		r := request{code: p.Operation.Code, arg: p.Argument}
		res, after, err := s.handle(r)
		if err != nil {
			err = berError(err)
			var se *conn.ServiceError
			if errors.As(err, &se) {
				s.trace("out", opName(p)+" error", &se.Failure)
			} else {
				s.trace("out", opName(p)+" rejected", nil)
			}
			return nil, err
		}
		s.trace("out", opName(p)+" result", res)
		if after == nil {
			return res, nil
		}
		// The result goes first (before the first event of a monitor).
		if err := c.Respond(id, r.code, res); err == nil {
			after()
		}
		return nil, conn.ErrRespondLater
	}
	c, err := conn.AcceptBER(nc, o)
	if err != nil {
		srv.log.Info("sim: association refused", "remote", s.remote, "err", err)
		return
	}
	srv.log.Info("sim: association accepted", "remote", s.remote, "version", c.Version().String())
	s.sendEvent = func(ev *callmodel.Event) error {
		arg, ok := eventReport(ev)
		if !ok {
			return nil
		}
		s.trace("out", "cSTAEventReport", arg)
		return c.Notify(csta.OpCSTAEventReport, arg)
	}
	s.sendStop = func(ref callmodel.CrossRefID) {
		go c.Invoke(context.Background(), csta.OpMonitorStop, &csta.MonitorStopArgument{CrossRefIdentifier: csta.MonitorCrossRefID(ref)})
	}
	s.sendStatus = func(st callmodel.SystemStatus) {
		go c.Invoke(context.Background(), csta.OpSystemStatus, systemStatusArg(st))
	}
	s.sendRequest = func(arg csta.Request) {
		if op := csta.OperationByCode(arg.RequestCode()); op != nil {
			s.trace("out", op.Name, arg)
		}
		go c.Invoke(context.Background(), arg.RequestCode(), arg)
	}
	s.setClose(func() { c.Close() })
	close(s.ready)
	s.watchStatus(c.Done())
	<-c.Done()
	if err := c.Err(); err != nil && !errors.Is(err, conn.ErrClosed) {
		srv.log.Info("sim: association ended", "remote", s.remote, "err", err)
	}
	s.end()
	c.Close()
}

// berError maps a model error to the error OnRequest returns: a
// universalFailure ReturnError, or a Reject for an unsupported operation.
func berError(err error) error {
	var se *callmodel.ServiceError
	switch {
	case errors.As(err, &se):
		return &conn.ServiceError{Failure: *failure(se), HasFailure: true}
	case errors.Is(err, errUnsupported):
		return &conn.RejectError{Problem: csta.RejectProblem{Choice: csta.RejectProblemChoiceInvoke,
			Invoke: csta.InvokeProblemUnrecognizedOperation}}
	}
	return err
}

// opName names the operation of an invoke.
func opName(p *csta.PDU) string {
	if p.Operation != nil {
		return p.Operation.Name
	}
	return "unknown operation"
}

package conn

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/runtime/framing"
	"github.com/cstagen/cstagen/runtime/rose"
)

// Operation and error codes the connection itself uses.
const (
	// OpSystemStatus is the local code of CSTA systemStatus (ECMA-285),
	// the keep-alive request.
	OpSystemStatus = 211
	// ErrCodeUniversalFailure is the local code of the CSTA error
	// universalFailure.
	ErrCodeUniversalFailure = 1
)

// errReleaseComplete ends the reader when the RLRE answering our RLRQ
// arrives.
var errReleaseComplete = errors.New("conn: association released")

// BERConn is a CSTA association over BER (ECMA-285): ACSE (X.227) to open
// and close it, ROSE (X.880) to carry operations. Create it with DialBER,
// NewBER (dialling side) or AcceptBER (switch side). It is safe for
// concurrent use: any number of goroutines may call Invoke, Do, Notify and
// the Respond methods; one reader goroutine per connection reads and
// dispatches incoming PDUs.
type BERConn struct {
	core
	opt     BEROptions
	version csta.CSTAVersion
	context []uint32

	r *framing.BERReader
	w *framing.BERWriter

	releasing atomic.Bool

	// Reader goroutine state.
	in      csta.PDU
	inACSE  csta.ACSEAPDU
	badPDUs int

	// Writer state, guarded by the send queue's lock.
	out    csta.PDU
	outACS csta.ACSEAPDU
	wbuf   []byte

	kaArg csta.SystemStatusArg // default keep-alive argument, read only

	// Invoke IDs of the peer's requests deferred with ErrRespondLater and
	// not answered yet: a request reusing one is a duplicateInvocation.
	dmu      sync.Mutex
	deferred map[int64]struct{}
}

// DialBER connects to address (network "tcp", "tcp4", "tcp6"), runs TLS
// when o.TLS is set (the handshake bounded by AssociateTimeout; ServerName
// taken from address when o.TLS has none), then opens the association as
// NewBER does. ctx bounds the whole opening.
func DialBER(ctx context.Context, network, address string, o BEROptions) (*BERConn, error) {
	nc, err := dial(ctx, network, address, o.TLS, o.Options.resolve().AssociateTimeout)
	if err != nil {
		return nil, err
	}
	stop := context.AfterFunc(ctx, func() { nc.SetDeadline(time.Unix(1, 0)) })
	c, err := NewBER(nc, o)
	if !stop() {
		// ctx ended while opening: the deadline in the past broke it.
		if c != nil {
			c.Abort()
		}
		return nil, ctx.Err()
	}
	return c, err
}

// NewBER opens a CSTA association over nc (a TCP or TLS connection): it
// runs the vendor handshake of o.Framing, sends an AARQ requesting
// o.Versions in the application context o.ApplicationContext, and reads the
// AARE. The highest version both sides support is chosen (Version). A
// rejected association yields an *AssociationError, disjoint versions a
// *VersionError; nc is closed on failure. The whole exchange is bounded by
// AssociateTimeout.
func NewBER(nc net.Conn, o BEROptions) (*BERConn, error) {
	return openBER(nc, o, (*BERConn).associate)
}

// openBER runs the opening exchange (associate or accept) under
// AssociateTimeout and starts the connection.
func openBER(nc net.Conn, o BEROptions, exchange func(*BERConn) error) (*BERConn, error) {
	c := newBERConn(nc, o)
	deadline := time.Now().Add(c.opt.AssociateTimeout)
	nc.SetDeadline(deadline)
	c.q.setDeadline(deadline)
	if err := exchange(c); err != nil {
		c.abandon(deadline)
		return nil, err
	}
	c.q.setDeadline(time.Time{})
	nc.SetDeadline(time.Time{})
	c.start(&hooks{c.readFrame, c.handleInvoke, c.handleUnmatched}, c.ping)
	return c, nil
}

// AcceptBER answers the association a client opens over nc, as a switch or
// a simulator does: it runs the switch half of the vendor handshake (set
// o.Framing.Handshake accordingly), reads the AARQ, and answers with an
// AARE accepting the highest version common to the AARQ and o.Versions, or
// rejecting the association (wrong application context, failed
// o.Authenticate, no common version). nc is closed on failure.
func AcceptBER(nc net.Conn, o BEROptions) (*BERConn, error) {
	return openBER(nc, o, (*BERConn).accept)
}

func newBERConn(nc net.Conn, o BEROptions) *BERConn {
	o = o.resolve()
	c := &BERConn{opt: o}
	c.core.init(nc, o.Options, o.MinInvokeID, o.MaxInvokeID)
	c.core.abort = c.sendAbort
	c.kaArg.SystemStatus = csta.SystemStatusNormal
	return c
}

// open runs the handshake and creates the framing reader and writer.
func (c *BERConn) open() error {
	if h := c.opt.Framing.Handshake; h != nil {
		if err := h(c.nc); err != nil {
			return err
		}
	}
	c.r = framing.NewBERReader(&c.rd, c.opt.Framing)
	c.w = framing.NewBERWriter(&c.q, c.opt.Framing)
	return nil
}

// readACSE reads one PDU and decodes it as an ACSE APDU into c.inACSE.
func (c *BERConn) readACSE(what string) error {
	pdu, err := c.r.ReadPDU()
	if err != nil {
		return c.readError(err)
	}
	c.rd.frameDone(c.r.Offset())
	if err := c.inACSE.DecodeBERLimits(pdu, acseLimits); err != nil {
		return &ProtocolError{Detail: "undecodable " + what, Err: err}
	}
	return nil
}

// associate is the dialling side of the ACSE exchange.
func (c *BERConn) associate() error {
	if err := c.open(); err != nil {
		return err
	}
	aarq, err := newAARQ(&c.opt)
	if err != nil {
		return err
	}
	if err := c.writeACSE(aarq); err != nil {
		return err
	}
	if err := c.readACSE("reply to the AARQ"); err != nil {
		return err
	}
	a := &c.inACSE
	switch a.Choice {
	case csta.ACSEAPDUChoiceAare:
	case csta.ACSEAPDUChoiceAbrt:
		return abortError(a.Abrt)
	default:
		c.sendAbort()
		return &ProtocolError{Detail: "expected an AARE, got an " + describeACSE(a)}
	}
	v, err := checkAARE(a.Aare, c.opt.Versions)
	if err != nil {
		var ve *VersionError
		if errors.As(err, &ve) && !ve.Rejected {
			// Accepted with versions we did not ask for: refuse it.
			c.sendAbort()
		}
		return err
	}
	if c.opt.VerifyAARE != nil {
		if err := c.opt.VerifyAARE(a.Aare); err != nil {
			c.sendAbort()
			return &AuthenticationError{Err: err}
		}
	}
	c.version = v
	c.context = slices.Clone(a.Aare.ASOContextName)
	return nil
}

// accept is the switch side of the ACSE exchange.
func (c *BERConn) accept() error {
	if err := c.open(); err != nil {
		return err
	}
	if err := c.readACSE("AARQ"); err != nil {
		return err
	}
	a := &c.inACSE
	if a.Choice != csta.ACSEAPDUChoiceAarq {
		c.sendAbort()
		return &ProtocolError{Detail: "expected an AARQ, got an " + describeACSE(a)}
	}
	q := a.Aarq
	ctxName := slices.Clone(q.ASOContextName)
	reject := func(diag csta.AssociateSourceDiagnosticACSEServiceUser, v csta.CSTAVersion) error {
		aare, err := newAARE(ctxName, csta.AssociateResultRejectedPermanent, userDiag(diag), v)
		if err != nil {
			return err
		}
		return c.writeACSE(aare)
	}
	if !c.acceptsContext(q.ASOContextName) {
		err := &AssociationError{Result: csta.AssociateResultRejectedPermanent,
			Diagnostic: userDiag(csta.AssociateSourceDiagnosticACSEServiceUserApplicationContextNameNotSupported)}
		return errors.Join(err, reject(err.Diagnostic.ACSEServiceUser, 0))
	}
	if c.opt.Authenticate != nil {
		if authErr := c.opt.Authenticate(q); authErr != nil {
			err := &AssociationError{Result: csta.AssociateResultRejectedPermanent,
				Diagnostic: userDiag(csta.AssociateSourceDiagnosticACSEServiceUserAuthenticationFailure)}
			return errors.Join(err, authErr, reject(err.Diagnostic.ACSEServiceUser, 0))
		}
	}
	req, ok := UserInformationVersions(q.UserInformation)
	if !q.HasUserInformation || !ok {
		req = c.opt.Versions // no CSTA user information: any version of ours
	}
	common := req & c.opt.Versions
	if common == 0 {
		err := &VersionError{Requested: req, Offered: c.opt.Versions, Rejected: true}
		return errors.Join(err, reject(csta.AssociateSourceDiagnosticACSEServiceUserNoReasonGiven, c.opt.Versions))
	}
	v := HighestVersion(common)
	aare, err := newAARE(ctxName, csta.AssociateResultAccepted, userDiag(csta.AssociateSourceDiagnosticACSEServiceUserNull), v)
	if err != nil {
		return err
	}
	if c.opt.AARE != nil {
		c.opt.AARE(aare.Aare)
	}
	if err := c.writeACSE(aare); err != nil {
		return err
	}
	c.version = v
	c.context = ctxName
	return nil
}

// acceptsContext reports whether the accepting side takes the
// application-context-name name.
func (c *BERConn) acceptsContext(name []uint32) bool {
	if slices.Equal(name, c.opt.ApplicationContext) {
		return true
	}
	for _, ctx := range c.opt.AcceptContexts {
		if slices.Equal(name, ctx) {
			return true
		}
	}
	return false
}

// Version returns the negotiated CSTA version (a single bit).
func (c *BERConn) Version() csta.CSTAVersion { return c.version }

// ApplicationContext returns the application-context-name of the AARE.
func (c *BERConn) ApplicationContext() []uint32 { return slices.Clone(c.context) }

// Close releases the association: pending requests fail with ErrClosed,
// an RLRQ is sent and the RLRE awaited (at most ReleaseTimeout), then the
// connection is closed and the reader and keep-alive goroutines have ended
// when it returns. It returns the release's error, if any. Calling it again,
// or after the connection failed, does nothing and returns nil.
func (c *BERConn) Close() error {
	return c.shutdown(c.release)
}

// Abort ends the association at once: pending requests fail with
// ErrClosed, an ABRT is sent (best effort) and the connection is closed.
func (c *BERConn) Abort() {
	c.fail(nil, true)
	c.wait()
}

// release sends the RLRQ and waits for the reader to see the RLRE.
func (c *BERConn) release() error {
	select {
	case <-c.readerExit:
		return nil // the reader already ended: nothing to release
	default:
	}
	c.releasing.Store(true)
	rlrq := &csta.ACSEAPDU{Choice: csta.ACSEAPDUChoiceRlrq, Rlrq: &csta.RLRQAPDU{Reason: csta.ReleaseRequestReasonNormal, HasReason: true}}
	if err := c.writeACSE(rlrq); err != nil {
		return err
	}
	t := time.NewTimer(c.opt.ReleaseTimeout)
	defer t.Stop()
	select {
	case <-c.readerExit:
		err := c.readerError()
		if errors.Is(err, errReleaseComplete) || errors.Is(err, ErrReleased) {
			return nil
		}
		return err
	case <-t.C:
		return fmt.Errorf("conn: no RLRE within %v: %w", c.opt.ReleaseTimeout, ErrTimeout)
	}
}

// abortTimeout bounds the flush of an ABRT (and of what is queued before
// it) when the connection fails.
const abortTimeout = time.Second

// sendAbort sends an ABRT (X.227, source acse-service-user, diagnostic
// protocol-error) after what is queued, waiting at most abortTimeout for
// it to be written; errors are ignored.
func (c *BERConn) sendAbort() {
	if c.q.lock() != nil {
		return
	}
	a := &c.outACS
	a.SetAbrt(&csta.ABRTAPDU{AbortSource: csta.ABRTSourceACSEServiceUser,
		AbortDiagnostic: csta.ABRTDiagnosticProtocolError, HasAbortDiagnostic: true})
	if b, err := a.AppendBER(c.wbuf[:0]); err == nil {
		c.wbuf = b
		c.w.WritePDU(b)
	}
	c.q.unlock()
	c.q.drain(time.Now().Add(abortTimeout))
}

// writeACSE encodes and queues an ACSE APDU.
func (c *BERConn) writeACSE(a *csta.ACSEAPDU) error {
	if err := c.q.lock(); err != nil {
		return c.sendError(err)
	}
	b, err := a.AppendBER(c.wbuf[:0])
	if err == nil {
		c.wbuf = b
		err = c.w.WritePDU(b)
	}
	c.q.unlock()
	return err
}

// readError maps an error of the framing reader.
func (c *BERConn) readError(err error) error {
	err = c.rd.readError(err)
	var fe *framing.Error
	var te *framing.TruncatedError
	switch {
	case err == io.EOF:
		return fmt.Errorf("conn: peer closed the connection: %w", err)
	case errors.As(err, &te):
		return fmt.Errorf("conn: peer closed the connection inside a PDU: %w", err)
	case errors.As(err, &fe):
		return &ProtocolError{Detail: "malformed stream", Err: err}
	}
	return err
}

// readFrame is the rose.Reader: it reads PDUs until one is a ROSE APDU
// for correlation, handling ACSE release and abort and rejecting PDUs it
// cannot use.
func (c *BERConn) readFrame(f *rose.Frame) error {
	for {
		pdu, err := c.r.ReadPDU()
		if err != nil {
			return c.readError(err)
		}
		c.rd.frameDone(c.r.Offset())
		c.stats.framesIn.Add(1)
		switch tag := pdu[0]; {
		case tag >= 0xA1 && tag <= 0xA4: // ROS: [1]..[4] constructed (X.880 9.1)
			ok, err := c.classify(pdu, f)
			if err != nil {
				return err
			}
			if ok {
				c.badPDUs = 0
				return nil
			}
		case tag&0xE0 == 0x60: // ACSE-apdu: [APPLICATION n] constructed (X.227)
			if err := c.handleACSE(pdu); err != nil {
				return err
			}
		default:
			if err := c.badPDU(DropNotROSE, general(csta.GeneralProblemUnrecognizedPDU), 0, false, nil, pdu); err != nil {
				return err
			}
		}
	}
}

// general returns a general Reject problem.
func general(p csta.GeneralProblem) csta.RejectProblem {
	return csta.RejectProblem{Choice: csta.RejectProblemChoiceGeneral, General: p}
}

// badPDU reports and rejects an unusable PDU, and fails the connection
// after MaxBadFrames of them in a row.
func (c *BERConn) badPDU(reason DropReason, p csta.RejectProblem, id int64, hasID bool, cause error, pdu []byte) error {
	c.drop(reason, id, hasID, -1, cause, pdu)
	c.badPDUs++
	if c.badPDUs >= c.opt.MaxBadFrames {
		return &ProtocolError{Detail: fmt.Sprintf("%d unusable PDUs in a row", c.badPDUs), Err: cause}
	}
	c.reject(id, hasID, p)
	return nil
}

// classify decodes a ROSE APDU into f; false means it was rejected.
func (c *BERConn) classify(pdu []byte, f *rose.Frame) (bool, error) {
	lim := c.opt.Limits
	if pdu[0] == 0xA1 {
		if err := c.in.DecodeBERLimits(pdu, lim); err != nil {
			// Tell a bad argument from a bad envelope.
			var ros csta.ROS
			if ros.DecodeBERLimits(pdu, lim) == nil && ros.GetInvoke().GetInvokeID().GetChoice() == csta.InvokeIDChoicePresent {
				return false, c.badPDU(DropMistypedArgument, csta.RejectProblem{Choice: csta.RejectProblemChoiceInvoke,
					Invoke: csta.InvokeProblemMistypedArgument}, ros.Invoke.InvokeID.Present, true, err, pdu)
			}
			return false, c.badPDU(DropBadlyStructured, general(csta.GeneralProblemBadlyStructuredPDU), 0, false, err, pdu)
		}
		id := c.in.ROSE.GetInvoke().GetInvokeID()
		*f = rose.Frame{Kind: rose.KindInvoke, ID: id.Present, HasID: id.Choice == csta.InvokeIDChoicePresent, Body: pdu}
		return true, nil
	}
	ros := &c.in.ROSE
	if err := ros.DecodeBERLimits(pdu, lim); err != nil {
		return false, c.badPDU(DropBadlyStructured, general(csta.GeneralProblemBadlyStructuredPDU), 0, false, err, pdu)
	}
	var id *csta.InvokeID
	switch ros.Choice {
	case csta.ROSChoiceReturnResult:
		f.Kind, id = rose.KindResult, ros.GetReturnResult().GetInvokeID()
	case csta.ROSChoiceReturnError:
		f.Kind, id = rose.KindError, ros.GetReturnError().GetInvokeID()
	default:
		f.Kind, id = rose.KindReject, ros.GetReject().GetInvokeID()
	}
	f.ID, f.HasID, f.Body = id.GetPresent(), id.GetChoice() == csta.InvokeIDChoicePresent, pdu
	return true, nil
}

// handleACSE handles an ACSE APDU after the association is open.
func (c *BERConn) handleACSE(pdu []byte) error {
	a := &c.inACSE
	if err := a.DecodeBERLimits(pdu, acseLimits); err != nil {
		return &ProtocolError{Detail: "undecodable ACSE APDU", Err: err}
	}
	switch a.Choice {
	case csta.ACSEAPDUChoiceRlrq:
		rlre := &csta.ACSEAPDU{Choice: csta.ACSEAPDUChoiceRlre, Rlre: &csta.RLREAPDU{Reason: csta.ReleaseResponseReasonNormal, HasReason: true}}
		c.writeACSE(rlre)
		return ErrReleased
	case csta.ACSEAPDUChoiceRlre:
		if c.releasing.Load() {
			return errReleaseComplete
		}
	case csta.ACSEAPDUChoiceAbrt:
		return abortError(a.Abrt)
	}
	return &ProtocolError{Detail: "unexpected " + describeACSE(a)}
}

func abortError(a *csta.ABRTAPDU) error {
	return &AbortError{Source: a.AbortSource, Diagnostic: a.AbortDiagnostic, HasDiagnostic: a.HasAbortDiagnostic}
}

// handleInvoke is the rose.Handler for invokes: events go to OnEvent, requests to
// OnRequest (or the defaults).
func (c *BERConn) handleInvoke(f *rose.Frame) {
	p := &c.in
	op := p.Operation
	code, known, responds := invokedCode(p), op != nil, op != nil && op.Responds
	if op == nil && c.opt.OtherOperations != nil && code >= 0 {
		responds, known = c.opt.OtherOperations(code)
	}
	if known && !responds {
		c.stats.events.Add(1)
		if c.opt.OnEvent != nil {
			c.opt.OnEvent(p)
		}
		return
	}
	if !known {
		c.drop(DropUnknownOperation, f.ID, f.HasID, code, nil, f.Body)
		if f.HasID {
			c.reject(f.ID, true, invokeProblem(csta.InvokeProblemUnrecognizedOperation))
		}
		return
	}
	if !f.HasID {
		c.drop(DropNoInvokeID, 0, false, code, nil, f.Body)
		return // nothing to answer to
	}
	if c.isDeferred(f.ID) {
		c.drop(DropDuplicateInvocation, f.ID, true, code, nil, f.Body)
		c.reject(f.ID, true, invokeProblem(csta.InvokeProblemDuplicateInvocation))
		return
	}
	if c.opt.OnRequest == nil {
		if code == OpSystemStatus {
			c.stats.requests.Add(1)
			c.Respond(f.ID, OpSystemStatus, &sysStatusNoData)
			return
		}
		c.drop(DropUnhandledRequest, f.ID, true, code, nil, f.Body)
		c.reject(f.ID, true, invokeProblem(csta.InvokeProblemUnrecognizedOperation))
		return
	}
	c.stats.requests.Add(1)
	// In progress until answered: Respond may run on another goroutine
	// before OnRequest returns ErrRespondLater.
	c.setDeferred(f.ID)
	res, err := c.opt.OnRequest(p)
	if err == nil {
		c.Respond(f.ID, code, res)
		return
	}
	c.answerError(f.ID, err)
}

// invokedCode returns the local operation code of the invoke in p, or -1.
func invokedCode(p *csta.PDU) int64 {
	if oc := p.ROSE.GetInvoke().GetOpcode(); oc.GetChoice() == csta.CodeChoiceLocal {
		return oc.Local
	}
	return -1
}

// invokeProblem returns an invoke Reject problem.
func invokeProblem(p csta.InvokeProblem) csta.RejectProblem {
	return csta.RejectProblem{Choice: csta.RejectProblemChoiceInvoke, Invoke: p}
}

// isDeferred reports whether the peer's request id awaits a deferred
// answer.
func (c *BERConn) isDeferred(id int64) bool {
	c.dmu.Lock()
	defer c.dmu.Unlock()
	_, ok := c.deferred[id]
	return ok
}

// setDeferred records the peer's request id as being answered.
func (c *BERConn) setDeferred(id int64) {
	c.dmu.Lock()
	defer c.dmu.Unlock()
	if c.deferred == nil {
		c.deferred = make(map[int64]struct{})
	}
	c.deferred[id] = struct{}{}
}

// answered forgets a deferred request once its answer is queued.
func (c *BERConn) answered(id int64) {
	c.dmu.Lock()
	if c.deferred != nil {
		delete(c.deferred, id)
	}
	c.dmu.Unlock()
}

// answerError answers request id after OnRequest returned err.
func (c *BERConn) answerError(id int64, err error) {
	var se *ServiceError
	var re *RejectError
	switch {
	case errors.Is(err, ErrRespondLater):
		// Stays recorded until Respond, RespondError or Reject.
	case errors.As(err, &se):
		if se.HasFailure {
			c.RespondError(id, &se.Failure)
		} else {
			c.RespondError(id, &unspecifiedFailure)
		}
	case errors.As(err, &re):
		c.answered(id)
		c.reject(id, true, re.Problem)
	default:
		c.RespondError(id, &unspecifiedFailure)
	}
}

var (
	sysStatusNoData    = csta.SystemStatusRes{Choice: csta.SystemStatusResChoiceNoData}
	unspecifiedFailure = csta.UniversalFailure{Choice: csta.UniversalFailureChoiceUnspecified}
)

// handleUnmatched is the rose.Handler for unmatched replies: a Reject
// without invoke ID completes the one pending request if there is exactly
// one; a ReturnResult or ReturnError for no pending request is rejected
// (X.880: unrecognizedInvocation); all are reported as DropUnmatchedReply.
func (c *BERConn) handleUnmatched(f *rose.Frame) {
	if c.closing() {
		return
	}
	if f.Kind == rose.KindReject && !f.HasID && c.eng.DeliverSole(f) {
		return
	}
	c.drop(DropUnmatchedReply, f.ID, f.HasID, -1, nil, f.Body)
	if !f.HasID {
		return
	}
	switch f.Kind {
	case rose.KindResult:
		c.reject(f.ID, true, csta.RejectProblem{Choice: csta.RejectProblemChoiceReturnResult,
			ReturnResult: csta.ReturnResultProblemUnrecognizedInvocation})
	case rose.KindError:
		c.reject(f.ID, true, csta.RejectProblem{Choice: csta.RejectProblemChoiceReturnError,
			ReturnError: csta.ReturnErrorProblemUnrecognizedInvocation})
	}
}

// send encodes c.out (set up by build under the write lock) and writes it.
// An encoding error is returned as is; a write error also fails the
// connection, and after the connection ended the error is its
// *rose.ClosedError.
func (c *BERConn) send(build func(p *csta.PDU)) error {
	if err := c.eng.Err(); err != nil {
		return err
	}
	if err := c.q.lock(); err != nil {
		return c.sendError(err)
	}
	build(&c.out)
	b, err := c.out.AppendBER(c.wbuf[:0])
	c.out.Argument, c.out.Result, c.out.Error = nil, nil, nil // keep no caller values
	if err == nil {
		c.wbuf = b
		// An error here is a *framing.Error: nothing was queued (too
		// large for the limit or prefix).
		err = c.w.WritePDU(b)
	}
	c.q.unlock()
	return err
}

// sendInvoke writes an Invoke of operation code with argument arg.
func (c *BERConn) sendInvoke(id, code int64, arg csta.Message) error {
	return c.send(func(p *csta.PDU) { p.SetInvoke(id, code, arg) })
}

// Respond answers the peer's request id of operation code with the result
// res (nil for a ReturnResult without result).
func (c *BERConn) Respond(id, code int64, res csta.Message) error {
	c.answered(id)
	return c.send(func(p *csta.PDU) { p.SetResult(id, code, res) })
}

// RespondError answers the peer's request id with a ReturnError
// universalFailure carrying failure.
func (c *BERConn) RespondError(id int64, failure *csta.UniversalFailure) error {
	c.answered(id)
	return c.send(func(p *csta.PDU) {
		p.ROSE.SetReturnError(&csta.ReturnError{
			InvokeID: csta.InvokeID{Choice: csta.InvokeIDChoicePresent, Present: id},
			Errcode:  csta.Code{Choice: csta.CodeChoiceLocal, Local: ErrCodeUniversalFailure},
		})
		p.Argument, p.Result, p.Error = nil, nil, failure
	})
}

// Reject rejects the peer's APDU id (X.880 Reject) with problem.
func (c *BERConn) Reject(id int64, problem csta.RejectProblem) error {
	c.answered(id)
	return c.send(func(p *csta.PDU) { setReject(p, id, true, problem) })
}

// reject sends a Reject from the reader goroutine, ignoring errors (a
// failed write has already failed the connection).
func (c *BERConn) reject(id int64, hasID bool, problem csta.RejectProblem) {
	if c.closing() {
		return
	}
	c.send(func(p *csta.PDU) { setReject(p, id, hasID, problem) })
}

func setReject(p *csta.PDU, id int64, hasID bool, problem csta.RejectProblem) {
	rj := &csta.Reject{Problem: problem}
	if hasID {
		rj.InvokeID.SetPresent(id)
	} else {
		rj.InvokeID.SetAbsent()
	}
	p.ROSE.SetReject(rj)
	p.Argument, p.Result, p.Error = nil, nil, nil
}

// Notify sends an Invoke that expects no reply (an event such as
// cSTAEventReport, from the switch side). Its invoke ID is one not pending.
func (c *BERConn) Notify(code int64, arg csta.Message) error {
	call, err := c.eng.Start()
	if err != nil {
		return err
	}
	err = c.sendInvoke(call.ID, code, arg)
	c.eng.Abandon(call)
	return err
}

// Reply is the ReturnResult answering a request made with Do. It is
// recycled by Release; until then PDU (and the result it decoded) stays
// valid.
type Reply struct {
	// PDU is the decoded ReturnResult: PDU.Result is the typed result (nil
	// for an empty ReturnResult or an unknown operation),
	// PDU.ROSE.ReturnResult the envelope.
	PDU csta.PDU

	call *rose.Call
	eng  *rose.Engine
}

// Result returns the typed result, or nil.
func (r *Reply) Result() csta.Message { return r.PDU.Result }

// Release recycles r; r and everything decoded into it must not be used
// afterwards.
func (r *Reply) Release() {
	if r.eng != nil {
		r.eng.Release(r.call)
	}
	r.call, r.eng = nil, nil
	r.PDU.Argument, r.PDU.Result, r.PDU.Error = nil, nil, nil
	replyPool.Put(r)
}

var replyPool = sync.Pool{New: func() any { return new(Reply) }}

// Do invokes operation code with argument arg (nil for none) and waits for
// the reply, at most RequestTimeout and while ctx is not done. A
// ReturnResult is returned as a *Reply, which the caller must Release; it
// allocates nothing in steady state. A ReturnError yields a *ServiceError,
// a Reject a *RejectError, a reply that does not decode a *ProtocolError;
// a timeout a *rose.TimeoutError, the end of the connection a
// *rose.ClosedError, a cancelled ctx ctx.Err().
func (c *BERConn) Do(ctx context.Context, code int64, arg csta.Message) (*Reply, error) {
	call, err := c.eng.Do(ctx, func(id int64) error { return c.sendInvoke(id, code, arg) })
	if err != nil {
		return nil, err
	}
	r := replyPool.Get().(*Reply)
	r.call, r.eng = call, c.eng
	c.stats.replies.Add(1)
	if err := r.PDU.DecodeBERLimits(call.Body, c.opt.Limits); err != nil {
		r.Release()
		return nil, &ProtocolError{Detail: fmt.Sprintf("undecodable reply to invoke %d", call.ID), Err: err}
	}
	switch call.Kind {
	case rose.KindResult:
		rr := r.PDU.ROSE.GetReturnResult()
		if rr.GetResult() != nil && rr.Result.Opcode.Choice == csta.CodeChoiceLocal && rr.Result.Opcode.Local != code {
			got := rr.Result.Opcode.Local
			r.Release()
			return nil, &ProtocolError{Detail: fmt.Sprintf("reply to invoke %d of operation %d names operation %d", call.ID, code, got)}
		}
		return r, nil
	case rose.KindError:
		re := r.PDU.ROSE.GetReturnError()
		e := &ServiceError{InvokeID: call.ID, Operation: code, Code: re.GetErrcode().GetLocal()}
		if re.GetErrcode().GetChoice() != csta.CodeChoiceLocal {
			e.Code = -1
		}
		if uf, ok := r.PDU.Error.(*csta.UniversalFailure); ok {
			e.Failure, e.HasFailure = *uf.Clone(), true // a copy of its own: the reply is reused
		}
		r.Release()
		return nil, e
	default:
		rj := r.PDU.ROSE.GetReject()
		e := &RejectError{InvokeID: rj.GetInvokeID().GetPresent(), HasInvokeID: rj.GetInvokeID().GetChoice() == csta.InvokeIDChoicePresent, Problem: *rj.GetProblem().Clone()}
		r.Release()
		return nil, e
	}
}

// Invoke is Do returning the typed result in memory of its own (a new value
// of the operation's result type, decoded from a copy of the reply), or nil
// for an empty ReturnResult or an operation the tables do not know.
func (c *BERConn) Invoke(ctx context.Context, code int64, arg csta.Message) (csta.Message, error) {
	r, err := c.Do(ctx, code, arg)
	if err != nil {
		return nil, err
	}
	defer r.Release()
	rr := r.PDU.ROSE.GetReturnResult()
	op := csta.OperationByCode(code)
	if rr.GetResult() == nil || op == nil || op.NewResult == nil {
		return nil, nil
	}
	res := op.NewResult()
	if err := res.DecodeBERLimits(bytes.Clone(rr.Result.Result), c.opt.Limits); err != nil {
		return nil, &ProtocolError{Detail: "undecodable result", Err: err}
	}
	return res, nil
}

// ping is the keep-alive request: BEROptions.KeepAlive's, or systemStatus
// normal.
func (c *BERConn) ping(ctx context.Context) error {
	code, arg := int64(OpSystemStatus), csta.Message(&c.kaArg)
	if c.opt.KeepAlive != nil {
		code, arg = c.opt.KeepAlive()
	}
	r, err := c.Do(ctx, code, arg)
	if err != nil {
		return err
	}
	r.Release()
	return nil
}

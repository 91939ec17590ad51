package conn

import (
	"errors"
	"fmt"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/runtime/rose"
)

// Sentinel errors; test for them with errors.Is. The typed errors below
// wrap them.
var (
	// ErrClosed reports a request ended by the end of the connection: every
	// error of a pending or later request after Close, a fatal error or the
	// peer's release wraps it (it is rose.ErrClosed).
	ErrClosed = rose.ErrClosed
	// ErrTimeout reports a request whose reply did not arrive within
	// Options.RequestTimeout (it is rose.ErrTimeout).
	ErrTimeout = rose.ErrTimeout
	// ErrServiceFailed reports a ReturnError: *ServiceError wraps it.
	ErrServiceFailed = errors.New("conn: service request failed")
	// ErrRejected reports a ROSE Reject: *RejectError wraps it.
	ErrRejected = errors.New("conn: request rejected")
	// ErrAssociationRejected reports an AARE whose result is not accepted:
	// *AssociationError wraps it.
	ErrAssociationRejected = errors.New("conn: association rejected")
	// ErrNoCommonVersion reports that the two sides share no CSTA version:
	// *VersionError wraps it.
	ErrNoCommonVersion = errors.New("conn: no common CSTA version")
	// ErrAborted reports an ABRT from the peer: *AbortError wraps it.
	ErrAborted = errors.New("conn: association aborted by the peer")
	// ErrReleased reports that the peer released the association (RLRQ).
	ErrReleased = errors.New("conn: association released by the peer")
	// ErrProtocol reports traffic that breaks the protocol: *ProtocolError
	// wraps it.
	ErrProtocol = errors.New("conn: protocol error")
	// ErrKeepAlive reports a peer that missed too many keep-alive replies.
	ErrKeepAlive = errors.New("conn: keep-alive replies missing")
	// ErrFrameTimeout reports a peer that started a PDU or message and did
	// not finish it within Options.FrameTimeout (a stalled or slowloris
	// peer).
	ErrFrameTimeout = errors.New("conn: incomplete frame timed out")
	// ErrIdleTimeout reports a peer that sent nothing for
	// Options.IdleTimeout.
	ErrIdleTimeout = errors.New("conn: peer silent for too long")
	// ErrAuthentication reports an association refused because of its
	// authentication value: *AuthenticationError wraps it.
	ErrAuthentication = errors.New("conn: authentication failed")
	// ErrRespondLater, returned by a request handler, says that the
	// application will answer later with Respond, RespondError or Reject.
	ErrRespondLater = errors.New("conn: response deferred")
)

// ServiceError is a ReturnError answering a request (X.880 ReturnError;
// ECMA-285 clause 9: the CSTA error universalFailure, local code 1, with a
// UniversalFailure parameter).
type ServiceError struct {
	// InvokeID is the invoke ID of the failed request.
	InvokeID int64
	// Operation is the local code of the request's operation.
	Operation int64
	// Code is the error's local code (1 for universalFailure), or -1 for a
	// global (OID) error code.
	Code int64
	// Failure is the UniversalFailure parameter when HasFailure is set.
	Failure    csta.UniversalFailure
	HasFailure bool
}

// Error implements error.
func (e *ServiceError) Error() string {
	name := fmt.Sprintf("operation %d", e.Operation)
	if op := csta.OperationByCode(e.Operation); op != nil {
		name = op.Name
	}
	if !e.HasFailure {
		return fmt.Sprintf("conn: %s failed: error code %d", name, e.Code)
	}
	return fmt.Sprintf("conn: %s failed: universalFailure %s", name, FailureString(&e.Failure))
}

// Unwrap returns ErrServiceFailed.
func (e *ServiceError) Unwrap() error { return ErrServiceFailed }

// FailureString renders a UniversalFailure as "category: value", e.g.
// "operation: invalidCallingDevice".
func FailureString(f *csta.UniversalFailure) string {
	var v fmt.Stringer
	switch f.Choice {
	case csta.UniversalFailureChoiceOperation:
		v = f.Operation
	case csta.UniversalFailureChoiceSecurity:
		v = f.Security
	case csta.UniversalFailureChoiceStateIncompatibility:
		v = f.StateIncompatibility
	case csta.UniversalFailureChoiceSystemResourceAvailability:
		v = f.SystemResourceAvailability
	case csta.UniversalFailureChoiceSubscribedResourceAvailability:
		v = f.SubscribedResourceAvailability
	case csta.UniversalFailureChoicePerformanceManagement:
		v = f.PerformanceManagement
	case csta.UniversalFailureChoicePrivateData:
		v = f.PrivateData
	case csta.UniversalFailureChoiceUnspecified:
		return "unspecified"
	default:
		return "none"
	}
	return f.Choice.String() + ": " + v.String()
}

// RejectError is a ROSE Reject answering a request (X.880 clause 9.1).
type RejectError struct {
	// InvokeID is the invoke ID of the rejected request; HasInvokeID is
	// false when the peer rejected without one.
	InvokeID    int64
	HasInvokeID bool
	// Problem says why the peer rejected the request.
	Problem csta.RejectProblem
}

// Error implements error.
func (e *RejectError) Error() string {
	return fmt.Sprintf("conn: invoke %d rejected: %s", e.InvokeID, ProblemString(&e.Problem))
}

// Unwrap returns ErrRejected.
func (e *RejectError) Unwrap() error { return ErrRejected }

// ProblemString renders a Reject problem as "category: value", e.g.
// "invoke: unrecognizedOperation".
func ProblemString(p *csta.RejectProblem) string {
	var v fmt.Stringer
	switch p.Choice {
	case csta.RejectProblemChoiceGeneral:
		v = p.General
	case csta.RejectProblemChoiceInvoke:
		v = p.Invoke
	case csta.RejectProblemChoiceReturnResult:
		v = p.ReturnResult
	case csta.RejectProblemChoiceReturnError:
		v = p.ReturnError
	default:
		return "none"
	}
	return p.Choice.String() + ": " + v.String()
}

// AssociationError is an AARE that did not accept the association (X.227
// Associate-result rejected-permanent or rejected-transient).
type AssociationError struct {
	Result     csta.AssociateResult
	Diagnostic csta.AssociateSourceDiagnostic
}

// Error implements error.
func (e *AssociationError) Error() string {
	d := "none"
	switch e.Diagnostic.Choice {
	case csta.AssociateSourceDiagnosticChoiceACSEServiceUser:
		d = "acse-service-user " + e.Diagnostic.ACSEServiceUser.String()
	case csta.AssociateSourceDiagnosticChoiceACSEServiceProvider:
		d = "acse-service-provider " + e.Diagnostic.ACSEServiceProvider.String()
	}
	return fmt.Sprintf("conn: association %s (diagnostic %s)", e.Result, d)
}

// Unwrap returns ErrAssociationRejected.
func (e *AssociationError) Unwrap() error { return ErrAssociationRejected }

// VersionError reports that the CSTA versions requested and offered have
// nothing in common.
type VersionError struct {
	// Requested are the versions of the AARQ, Offered those of the AARE (or,
	// on the accepting side, the supported ones).
	Requested, Offered csta.CSTAVersion
	// Rejected is set when the AARE rejected the association, false when it
	// accepted it with versions the requester did not ask for.
	Rejected bool
}

// Error implements error.
func (e *VersionError) Error() string {
	return fmt.Sprintf("conn: no common CSTA version: requested {%v}, offered {%v}", e.Requested, e.Offered)
}

// Unwrap returns ErrNoCommonVersion.
func (e *VersionError) Unwrap() error { return ErrNoCommonVersion }

// AbortError is an ABRT received from the peer (X.227 A-ABORT).
type AbortError struct {
	Source        csta.ABRTSource
	Diagnostic    csta.ABRTDiagnostic
	HasDiagnostic bool
}

// Error implements error.
func (e *AbortError) Error() string {
	if e.HasDiagnostic {
		return fmt.Sprintf("conn: association aborted by the peer (%s, %s)", e.Source, e.Diagnostic)
	}
	return fmt.Sprintf("conn: association aborted by the peer (%s)", e.Source)
}

// Unwrap returns ErrAborted.
func (e *AbortError) Unwrap() error { return ErrAborted }

// ProtocolError reports traffic from the peer that the connection cannot
// go on with: a PDU that is not ACSE or ROSE, an APDU that does not decode,
// an unexpected ACSE APDU, or a framing error (garbage, an oversize PDU).
type ProtocolError struct {
	// Detail says what was wrong.
	Detail string
	// Err is the underlying error (a *framing.Error, a *ber.Error), or nil.
	Err error
}

// Error implements error.
func (e *ProtocolError) Error() string {
	if e.Err == nil {
		return "conn: protocol error: " + e.Detail
	}
	return "conn: protocol error: " + e.Detail + ": " + e.Err.Error()
}

// Unwrap returns ErrProtocol and the underlying error.
func (e *ProtocolError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrProtocol}
	}
	return []error{ErrProtocol, e.Err}
}

// KeepAliveError reports a peer that left Misses keep-alive requests in a
// row unanswered; it wraps ErrKeepAlive.
type KeepAliveError struct {
	Misses int
	// Last is the error of the last missed keep-alive.
	Last error
}

// Error implements error.
func (e *KeepAliveError) Error() string {
	return fmt.Sprintf("conn: peer missed %d keep-alive replies in a row (last: %v)", e.Misses, e.Last)
}

// Unwrap returns ErrKeepAlive.
func (e *KeepAliveError) Unwrap() error { return ErrKeepAlive }

package erlang

import (
	"errors"
	"fmt"
)

// Sentinel errors; every error the package returns wraps one of them.
var (
	// ErrNoErlang means no erl executable (Erlang/OTP with asn1) was found.
	ErrNoErlang = errors.New("erlang oracle: erl not found")
	// ErrSchema means the input modules do not parse or resolve.
	ErrSchema = errors.New("erlang oracle: input modules are invalid")
	// ErrRewrite means a rewrite could not be applied safely.
	ErrRewrite = errors.New("erlang oracle: cannot rewrite")
	// ErrCompile means the Erlang tooling failed (not one module: that is
	// reported in Report.Modules).
	ErrCompile = errors.New("erlang oracle: compile failed")
	// ErrUnknownModule means the module was not compiled successfully.
	ErrUnknownModule = errors.New("erlang oracle: module not compiled")
	// ErrBadRequest means a request argument cannot be sent on the line protocol.
	ErrBadRequest = errors.New("erlang oracle: bad request")
	// ErrTooLarge means a request or reply exceeds Config.MaxLine.
	ErrTooLarge = errors.New("erlang oracle: line too long")
	// ErrTimeout means the helper did not answer within the timeout; it was stopped.
	ErrTimeout = errors.New("erlang oracle: timeout")
	// ErrHelper means the helper process died or broke the protocol.
	ErrHelper = errors.New("erlang oracle: helper failed")
	// ErrClosed means the oracle was closed.
	ErrClosed = errors.New("erlang oracle: closed")
	// ErrErlang means Erlang answered the request with an error: the value
	// does not decode or encode as the type.
	ErrErlang = errors.New("erlang oracle: erlang rejected the value")
)

// RequestError is a failed Decode or Encode. It unwraps to one of the
// sentinel errors (ErrErlang when Erlang itself refused the value).
type RequestError struct {
	Op     string // "decode" or "encode"
	Module string
	Type   string
	Reason string // Erlang's reason, or a description
	Err    error  // the sentinel
}

func (e *RequestError) Error() string {
	return fmt.Sprintf("%v: %s %s.%s: %s", e.Err, e.Op, e.Module, e.Type, e.Reason)
}

// Unwrap returns the sentinel error.
func (e *RequestError) Unwrap() error { return e.Err }

package rose

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Sentinel errors; test for them with errors.Is.
var (
	// ErrClosed reports that the association ended: every *ClosedError
	// wraps it.
	ErrClosed = errors.New("rose: association closed")
	// ErrTimeout reports that a reply did not arrive within
	// Options.Timeout: every *TimeoutError wraps it.
	ErrTimeout = errors.New("rose: request timed out")
	// ErrTooManyPending reports that Options.MaxPending requests already
	// await a reply.
	ErrTooManyPending = errors.New("rose: too many requests pending")
)

// ClosedError is the error of a request that the closing of its Engine
// ended, and of every Start after Close. It wraps ErrClosed and the cause
// of the closing (the transport's read error, a protocol error, nil for a
// plain Close).
type ClosedError struct {
	Cause error
}

// Error implements error.
func (e *ClosedError) Error() string {
	if e.Cause == nil {
		return "rose: association closed"
	}
	return "rose: association closed: " + e.Cause.Error()
}

// Unwrap returns ErrClosed and the cause, for errors.Is and errors.As.
func (e *ClosedError) Unwrap() []error {
	if e.Cause == nil {
		return []error{ErrClosed}
	}
	return []error{ErrClosed, e.Cause}
}

// TimeoutError is the error of a request whose reply did not arrive in
// time. It wraps ErrTimeout and context.DeadlineExceeded, and reports
// Timeout() like a net.Error.
type TimeoutError struct {
	// ID is the invoke ID of the request.
	ID int64
	// After is the timeout that elapsed.
	After time.Duration
}

// Error implements error.
func (e *TimeoutError) Error() string {
	return fmt.Sprintf("rose: no reply to invoke %d within %v", e.ID, e.After)
}

// Unwrap returns ErrTimeout and context.DeadlineExceeded.
func (e *TimeoutError) Unwrap() []error {
	return []error{ErrTimeout, context.DeadlineExceeded}
}

// Timeout reports true, as net.Error does for timeouts.
func (e *TimeoutError) Timeout() bool { return true }

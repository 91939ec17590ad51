package callmodel

import "errors"

// ErrorCategory is the alternative of ECMA-285 UniversalFailure a
// ServiceError belongs to; its value is the ASN.1 identifier.
type ErrorCategory string

// The UniversalFailure alternatives the model uses.
const (
	CategoryOperation                      ErrorCategory = "operation"
	CategoryStateIncompatibility           ErrorCategory = "stateIncompatibility"
	CategorySystemResourceAvailability     ErrorCategory = "systemResourceAvailability"
	CategorySubscribedResourceAvailability ErrorCategory = "subscribedResourceAvailability"
)

// ServiceError is a request the switching function refuses, as the
// ECMA-285 UniversalFailure it answers with: Category is the CHOICE
// alternative and Value the ASN.1 identifier of the enumerated value within
// it (for example "operation" and "invalidCallID"). Detail is a human
// explanation that is not sent on the wire.
//
// errors.Is(err, ErrX) matches on Category and Value, whatever the Detail.
type ServiceError struct {
	Category ErrorCategory
	Value    string
	Detail   string
}

// Error returns "callmodel: category/value: detail".
func (e *ServiceError) Error() string {
	s := "callmodel: " + string(e.Category) + "/" + e.Value
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// Is reports whether target is a *ServiceError with the same Category and
// Value.
func (e *ServiceError) Is(target error) bool {
	t, ok := target.(*ServiceError)
	return ok && t.Category == e.Category && t.Value == e.Value
}

// with returns a copy of e carrying detail.
func (e *ServiceError) with(detail string) *ServiceError {
	c := *e
	c.Detail = detail
	return &c
}

// The ServiceErrors the model returns. Compare with errors.Is.
var (
	// operation
	ErrInvalidCallID              = &ServiceError{CategoryOperation, "invalidCallID", ""}
	ErrInvalidConnectionID        = &ServiceError{CategoryOperation, "invalidConnectionID", ""}
	ErrInvalidActiveConnectionID  = &ServiceError{CategoryOperation, "invalidActiveConnectionID", ""}
	ErrInvalidHeldConnectionID    = &ServiceError{CategoryOperation, "invalidHeldConnectionID", ""}
	ErrInvalidDeviceID            = &ServiceError{CategoryOperation, "invalidDeviceID", ""}
	ErrInvalidCallingDeviceID     = &ServiceError{CategoryOperation, "invalidCallingDeviceID", ""}
	ErrInvalidCalledDeviceID      = &ServiceError{CategoryOperation, "invalidCalledDeviceID", ""}
	ErrInvalidDestinationDeviceID = &ServiceError{CategoryOperation, "invalidDestinationDeviceID", ""}
	ErrInvalidForwardingDest      = &ServiceError{CategoryOperation, "invalidForwardingDestination", ""}
	ErrInvalidForwardingType      = &ServiceError{CategoryOperation, "invalidForwardingType", ""}
	ErrInvalidMonitorObject       = &ServiceError{CategoryOperation, "invalidMonitorObject", ""}
	ErrInvalidMonitorCrossRefID   = &ServiceError{CategoryOperation, "invalidMonitorCrossRefID", ""}
	ErrInvalidParameterValue      = &ServiceError{CategoryOperation, "invalidParameterValue", ""}
	ErrNotDifferentDevices        = &ServiceError{CategoryOperation, "notDifferentDevices", ""}
	ErrNotSameDevice              = &ServiceError{CategoryOperation, "notSameDevice", ""}
	ErrRequestIncompatible        = &ServiceError{CategoryOperation, "requestIncompatibleWithObject", ""}
	ErrRequestIncompatibleDevice  = &ServiceError{CategoryOperation, "requestIncompatibleWithDevice", ""}
	ErrServiceNotSupported        = &ServiceError{CategoryOperation, "serviceNotSupported", ""}
	ErrValueOutOfRange            = &ServiceError{CategoryOperation, "valueOutOfRange", ""}

	// stateIncompatibility
	ErrInvalidConnectionState       = &ServiceError{CategoryStateIncompatibility, "invalidConnectionState", ""}
	ErrInvalidActiveConnectionState = &ServiceError{CategoryStateIncompatibility, "invalidActiveConnectionState", ""}
	ErrInvalidHeldConnectionState   = &ServiceError{CategoryStateIncompatibility, "invalidHeldConnectionState", ""}
	ErrInvalidCallingDeviceState    = &ServiceError{CategoryStateIncompatibility, "invalidCallingDeviceState", ""}
	ErrConnectedCallExists          = &ServiceError{CategoryStateIncompatibility, "connectedCallExists", ""}
	ErrNoActiveCall                 = &ServiceError{CategoryStateIncompatibility, "noActiveCall", ""}
	ErrNoHeldCall                   = &ServiceError{CategoryStateIncompatibility, "noHeldCall", ""}
	ErrNoCallToAnswer               = &ServiceError{CategoryStateIncompatibility, "noCallToAnswer", ""}
	ErrNoConnectionToClear          = &ServiceError{CategoryStateIncompatibility, "noConnectionToClear", ""}

	// systemResourceAvailability
	ErrResourceLimitExceeded         = &ServiceError{CategorySystemResourceAvailability, "resourceLimitExceeded", ""}
	ErrOverallMonitorLimitExceeded   = &ServiceError{CategorySystemResourceAvailability, "overallMonitorLimitExceeded", ""}
	ErrConferenceMemberLimitExceeded = &ServiceError{CategorySystemResourceAvailability, "conferenceMemberLimitExceeded", ""}
	ErrDeviceOutOfService            = &ServiceError{CategorySystemResourceAvailability, "deviceOutOfService", ""}
	ErrCallingDeviceOutOfService     = &ServiceError{CategorySystemResourceAvailability, "callingDeviceOutOfService", ""}

	// subscribedResourceAvailability
	ErrObjectMonitorLimitExceeded = &ServiceError{CategorySubscribedResourceAvailability, "objectMonitorLimitExceeded", ""}
	ErrTrunkLimitExceeded         = &ServiceError{CategorySubscribedResourceAvailability, "trunkLimitExceeded", ""}
)

// ErrMonitorOverflow is reported by Monitor.Err when the model ended a
// monitor because its event queue was full (see Config.EventQueue).
var ErrMonitorOverflow = errors.New("callmodel: monitor event queue overflow")

// ErrMonitorStopped is reported by Monitor.Err after MonitorStop.
var ErrMonitorStopped = errors.New("callmodel: monitor stopped")

// ErrClosed is reported by Monitor.Err after Model.Close, and returned by
// the services of a closed model.
var ErrClosed = errors.New("callmodel: model closed")

package conn

import (
	"crypto/subtle"
	"errors"

	"github.com/cstagen/cstagen/csta"
)

// Authentication in ACSE (X.227): the AARQ may carry a
// calling-authentication-value, the AARE a responding-authentication-value,
// each announced by the authentication bit of the ACSE requirements. conn
// checks neither by default: AcceptBER accepts any AARQ unless
// BEROptions.Authenticate is set, and the dialling side never looks at the
// AARE's responding-authentication-value unless BEROptions.VerifyAARE is
// set. The helpers below are the common case, a password carried as the
// charstring alternative (GraphicString) of Authentication-value; anything
// else (certificates, other mechanisms) goes through the same two hooks.

// AuthenticationError reports an association refused because of its
// authentication value: an AARE that VerifyAARE refused (on the dialling
// side). It wraps ErrAuthentication and the hook's error.
type AuthenticationError struct {
	// Err is the error of the check.
	Err error
}

// Error implements error.
func (e *AuthenticationError) Error() string {
	return "conn: authentication failed: " + e.Err.Error()
}

// Unwrap returns ErrAuthentication and the check's error.
func (e *AuthenticationError) Unwrap() []error { return []error{ErrAuthentication, e.Err} }

// Errors of the password checks.
var (
	// ErrNoAuthenticationValue reports an AARQ or AARE without the
	// authentication value a check requires.
	ErrNoAuthenticationValue = errors.New("conn: no authentication value")
	// ErrWrongAuthenticationValue reports an authentication value other
	// than the one required (or not a charstring).
	ErrWrongAuthenticationValue = errors.New("conn: wrong authentication value")
)

// PasswordAARQ returns a BEROptions.AARQ hook that sends password as the
// calling-authentication-value (charstring) with sender-acse-requirements
// {authentication}.
func PasswordAARQ(password []byte) func(q *csta.AARQAPDU) {
	password = append([]byte(nil), password...)
	return func(q *csta.AARQAPDU) {
		q.SenderACSERequirements |= csta.ACSERequirementsAuthentication
		q.HasSenderACSERequirements = true
		q.CallingAuthenticationValue = charstring(password)
	}
}

// PasswordAARE returns a BEROptions.AARE hook that sends password as the
// responding-authentication-value (charstring) with
// responder-acse-requirements {authentication}.
func PasswordAARE(password []byte) func(r *csta.AAREAPDU) {
	password = append([]byte(nil), password...)
	return func(r *csta.AAREAPDU) {
		r.ResponderACSERequirements |= csta.ACSERequirementsAuthentication
		r.HasResponderACSERequirements = true
		r.RespondingAuthenticationValue = charstring(password)
	}
}

// CheckPassword returns a BEROptions.Authenticate for the accepting side:
// it accepts an AARQ only if its calling-authentication-value is the
// charstring password (compared in constant time), and answers any other
// with an AARE rejected-permanent, authentication-failure.
func CheckPassword(password []byte) func(q *csta.AARQAPDU) error {
	password = append([]byte(nil), password...)
	return func(q *csta.AARQAPDU) error {
		return checkValue(q.CallingAuthenticationValue, password)
	}
}

// CheckRespondingPassword returns a BEROptions.VerifyAARE for the dialling
// side: it accepts an AARE only if its responding-authentication-value is
// the charstring password; with any other the association is aborted and
// NewBER fails with an *AuthenticationError.
func CheckRespondingPassword(password []byte) func(r *csta.AAREAPDU) error {
	password = append([]byte(nil), password...)
	return func(r *csta.AAREAPDU) error {
		return checkValue(r.RespondingAuthenticationValue, password)
	}
}

// charstring returns the charstring alternative of Authentication-value.
func charstring(b []byte) *csta.AuthenticationValue {
	return &csta.AuthenticationValue{Choice: csta.AuthenticationValueChoiceCharstring, Charstring: b}
}

// checkValue checks that v (nil when absent) is the charstring want.
func checkValue(v *csta.AuthenticationValue, want []byte) error {
	if v == nil {
		return ErrNoAuthenticationValue
	}
	if v.Choice != csta.AuthenticationValueChoiceCharstring || subtle.ConstantTimeCompare(v.Charstring, want) != 1 {
		return ErrWrongAuthenticationValue
	}
	return nil
}

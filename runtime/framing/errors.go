package framing

import (
	"errors"
	"fmt"
	"io"
)

// Sentinel errors. Every *Error wraps exactly one of them (or
// io.ErrNoProgress); test for them with errors.Is.
var (
	// ErrTooLarge reports a frame whose size exceeds the configured limit or
	// the largest size the wire format can express.
	ErrTooLarge = errors.New("framing: frame too large")
	// ErrTooDeep reports indefinite-length elements nested deeper than
	// Options.MaxDepth.
	ErrTooDeep = errors.New("framing: indefinite-length nesting too deep")
	// ErrBadTag reports malformed BER identifier octets (X.690 8.1.2).
	ErrBadTag = errors.New("framing: malformed BER identifier octets")
	// ErrBadLength reports malformed BER length octets (X.690 8.1.3) or
	// misplaced end-of-contents octets (X.690 8.1.5).
	ErrBadLength = errors.New("framing: malformed BER length octets")
	// ErrBadPrefix reports a vendor prefix that is malformed or that
	// disagrees with the TLV it wraps.
	ErrBadPrefix = errors.New("framing: malformed vendor prefix")
	// ErrNotOnePDU reports, on write, data that is not exactly one complete
	// BER TLV.
	ErrNotOnePDU = errors.New("framing: data is not exactly one BER TLV")
	// ErrBadFormat reports a CSTA-XML header whose format field (octets 0-1)
	// is not 0x0000.
	ErrBadFormat = errors.New("framing: CSTA-XML format field is not zero")
	// ErrBadHeader reports a CSTA-XML header whose length field is below 8.
	ErrBadHeader = errors.New("framing: malformed CSTA-XML header")
	// ErrBadInvokeID reports a CSTA-XML invoke ID that is not four ASCII
	// digits (read) or not in 0..9999 (write).
	ErrBadInvokeID = errors.New("framing: bad CSTA-XML invoke ID")
	// ErrHandshake reports a session preamble that received the wrong answer.
	ErrHandshake = errors.New("framing: session preamble failed")
)

// Error describes malformed, oversized or unframeable data.
type Error struct {
	// Frame names what was being read or written, e.g. "BER PDU",
	// "HiPath prefix", "CSTA-XML header".
	Frame string
	// Offset is the position of the offending octet: for readers, the number
	// of octets consumed from the underlying reader before it; for writers,
	// the index into the argument.
	Offset int64
	// Err is the sentinel this error wraps.
	Err error
	// Detail says what exactly was wrong.
	Detail string
}

// Error implements error.
func (e *Error) Error() string {
	return fmt.Sprintf("framing: %s at offset %d: %s", e.Frame, e.Offset, e.Detail)
}

// Unwrap returns the sentinel error.
func (e *Error) Unwrap() error { return e.Err }

// TruncatedError reports a stream that ended inside a frame.
type TruncatedError struct {
	// Frame names the part being read when the stream ended, e.g.
	// "BER PDU", "Alcatel OXE prefix", "CSTA-XML message".
	Frame string
	// Offset is the stream offset of the part's first octet.
	Offset int64
	// Read is the number of octets of the part that arrived.
	Read int
	// Want is the size of the part, or -1 when it was not yet known (an
	// incomplete header or an indefinite length).
	Want int
}

// Error implements error.
func (e *TruncatedError) Error() string {
	if e.Want < 0 {
		return fmt.Sprintf("framing: unexpected EOF after %d octets of %s at offset %d (length not yet known)", e.Read, e.Frame, e.Offset)
	}
	return fmt.Sprintf("framing: unexpected EOF after %d of %d octets of %s at offset %d", e.Read, e.Want, e.Frame, e.Offset)
}

// Unwrap returns io.ErrUnexpectedEOF.
func (e *TruncatedError) Unwrap() error { return io.ErrUnexpectedEOF }

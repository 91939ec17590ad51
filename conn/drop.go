package conn

import (
	"fmt"
	"sync/atomic"
)

// DropReason says why the connection rejected or skipped an incoming frame
// instead of handing it to a handler or to the request it answers.
type DropReason uint8

// The reasons of DropEvent. What the connection tells the peer is in
// brackets (BER Rejects are X.880 problems).
const (
	// DropNotROSE is a BER PDU that is neither ROSE nor ACSE [Reject
	// general unrecognizedPDU, no invoke ID].
	DropNotROSE DropReason = iota + 1
	// DropBadlyStructured is a ROSE APDU whose envelope does not decode
	// [Reject general badlyStructuredPDU].
	DropBadlyStructured
	// DropMistypedArgument is an invoke (an event or a request) whose
	// argument does not decode [Reject invoke mistypedArgument].
	DropMistypedArgument
	// DropUnknownOperation is an invoke of an operation the tables do not
	// know [Reject invoke unrecognizedOperation; nothing for an invoke
	// without invoke ID].
	DropUnknownOperation
	// DropUnhandledRequest is a request the connection answers itself
	// because OnRequest is nil (everything but systemStatus and
	// SystemStatus) [BER: Reject invoke unrecognizedOperation; CSTA-XML:
	// CSTAErrorCode unspecified].
	DropUnhandledRequest
	// DropNoInvokeID is a BER request (an operation that responds) sent
	// without invoke ID: it cannot be answered [nothing].
	DropNoInvokeID
	// DropDuplicateInvocation is a BER request reusing the invoke ID of a
	// request of the peer still being answered (OnRequest returned
	// ErrRespondLater and no answer was sent yet) [Reject invoke
	// duplicateInvocation].
	DropDuplicateInvocation
	// DropUnmatchedReply is a reply that answers no pending request (it
	// came after its request gave up, or is bogus), or a Reject without
	// invoke ID while not exactly one request is pending [BER: Reject
	// returnResult/returnError unrecognizedInvocation for a ReturnResult or
	// ReturnError with an invoke ID; nothing otherwise].
	DropUnmatchedReply
	// DropNoElement is a CSTA-XML message without any element [nothing];
	// MaxBadFrames of them in a row fail the connection.
	DropNoElement

	// NumDropReasons is one more than the largest DropReason: the size of
	// Stats.Dropped.
	NumDropReasons
)

var dropNames = [NumDropReasons]string{
	DropNotROSE:             "not ROSE",
	DropBadlyStructured:     "badly structured",
	DropMistypedArgument:    "mistyped argument",
	DropUnknownOperation:    "unknown operation",
	DropUnhandledRequest:    "unhandled request",
	DropNoInvokeID:          "request without invoke ID",
	DropDuplicateInvocation: "duplicate invocation",
	DropUnmatchedReply:      "unmatched reply",
	DropNoElement:           "no element",
}

// String names the reason.
func (r DropReason) String() string {
	if r > 0 && r < NumDropReasons {
		return dropNames[r]
	}
	return fmt.Sprintf("DropReason(%d)", uint8(r))
}

// DropEvent describes one incoming frame the connection rejected or
// skipped; Options.OnDrop receives it.
type DropEvent struct {
	// Reason says why.
	Reason DropReason
	// InvokeID is the frame's invoke ID when HasInvokeID is set.
	InvokeID    int64
	HasInvokeID bool
	// Operation is the local code of the invoked operation, or -1 when
	// unknown (a reply, a PDU that did not decode, CSTA-XML).
	Operation int64
	// Err is the decoding error, if that is the reason, or nil.
	Err error
	// Frame is the BER PDU or the CSTA-XML document; it aliases the read
	// buffer and is only valid during the OnDrop call.
	Frame []byte
}

// Stats are counters of a connection since it opened; Stats() returns a
// snapshot.
type Stats struct {
	// FramesIn counts the PDUs (BER) or messages (CSTA-XML) read after the
	// opening.
	FramesIn uint64
	// FramesOut counts the frames queued for sending, the opening
	// exchange included; Flushes counts the writes to the network that
	// carried them (FramesOut / Flushes is the write coalescing).
	FramesOut, Flushes uint64
	// Events counts the events received (handed to OnEvent, or skipped
	// when it is nil).
	Events uint64
	// Requests counts the peer's requests handed to OnRequest or answered
	// by the defaults.
	Requests uint64
	// Replies counts the replies delivered to pending requests.
	Replies uint64
	// Dropped counts the frames rejected or skipped, by reason: index it
	// with a DropReason.
	Dropped [NumDropReasons]uint64
}

// TotalDropped returns the sum of Dropped.
func (s *Stats) TotalDropped() uint64 {
	var n uint64
	for _, v := range s.Dropped {
		n += v
	}
	return n
}

// counters are the live Stats of a connection.
type counters struct {
	framesIn, events, requests, replies atomic.Uint64
	dropped                             [NumDropReasons]atomic.Uint64
}

// Stats returns a snapshot of the connection's counters.
func (c *core) Stats() Stats {
	s := Stats{
		FramesIn:  c.stats.framesIn.Load(),
		FramesOut: c.q.frames.Load(),
		Flushes:   c.q.flushes.Load(),
		Events:    c.stats.events.Load(),
		Requests:  c.stats.requests.Load(),
		Replies:   c.stats.replies.Load(),
	}
	for i := range s.Dropped {
		s.Dropped[i] = c.stats.dropped[i].Load()
	}
	return s
}

// drop counts a dropped frame and tells OnDrop.
func (c *core) drop(reason DropReason, id int64, hasID bool, op int64, err error, frame []byte) {
	c.stats.dropped[reason].Add(1)
	if c.opt.OnDrop != nil {
		c.opt.OnDrop(&DropEvent{Reason: reason, InvokeID: id, HasInvokeID: hasID, Operation: op, Err: err, Frame: frame})
	}
}

package rose

import (
	"context"
	"math"
	"sync"
	"time"
)

// Defaults for Options fields left at zero.
const (
	// DefaultMaxPending bounds the requests awaiting a reply at once.
	DefaultMaxPending = 1024
	// DefaultMaxID is the upper end of the invoke ID range when MaxID is 0:
	// the largest value of a 4-octet INTEGER, which every BER stack decodes.
	DefaultMaxID = math.MaxInt32
	// maxKeptBody is the largest reply buffer a released Call keeps for
	// reuse; larger ones are dropped so that one huge reply does not pin
	// memory forever.
	maxKeptBody = 64 << 10
)

// Options configures an Engine. The zero value numbers invokes 1..2^31-1,
// allows DefaultMaxPending requests at once and has no timeout beyond the
// caller's context.
type Options struct {
	// MinID and MaxID bound the invoke IDs handed out (inclusive). Zero
	// values mean 1 and DefaultMaxID; CSTA-XML needs 1 and 9998. A range
	// with MinID > MaxID is replaced by the default one.
	MinID, MaxID int64
	// MaxPending bounds the requests awaiting a reply; Start fails with
	// ErrTooManyPending beyond it. 0 means DefaultMaxPending. It is
	// reduced to the size of the ID range.
	MaxPending int
	// Timeout bounds the wait for each reply, counted from the start of
	// Wait; 0 means no timeout other than the context's.
	Timeout time.Duration
}

func (o Options) resolve() Options {
	if o.MinID == 0 && o.MaxID == 0 {
		o.MinID, o.MaxID = 1, DefaultMaxID
	}
	if o.MaxID == 0 {
		o.MaxID = max(o.MinID, DefaultMaxID)
	}
	if o.MinID > o.MaxID {
		o.MinID, o.MaxID = 1, DefaultMaxID
	}
	if o.MaxPending <= 0 {
		o.MaxPending = DefaultMaxPending
	}
	if size := uint64(o.MaxID - o.MinID); size < uint64(o.MaxPending) {
		o.MaxPending = int(size) + 1
	}
	return o
}

// Kind classifies an APDU (X.880 clause 9.1: ROS ::= CHOICE { invoke [1],
// returnResult [2], returnError [3], reject [4] }).
type Kind uint8

// The kinds of APDU.
const (
	// KindInvoke is a request or event sent by the peer.
	KindInvoke Kind = iota + 1
	// KindResult is a ReturnResult (a positive reply).
	KindResult
	// KindError is a ReturnError (a negative reply).
	KindError
	// KindReject is a Reject (the peer refused the APDU).
	KindReject
)

// String returns the X.880 name of the kind.
func (k Kind) String() string {
	switch k {
	case KindInvoke:
		return "invoke"
	case KindResult:
		return "returnResult"
	case KindError:
		return "returnError"
	case KindReject:
		return "reject"
	}
	return "unknown"
}

// Frame is one incoming APDU reduced to what correlation needs. A Reader
// fills it; Body may alias the Reader's buffer and is only valid until the
// next ReadFrame.
type Frame struct {
	// Kind says what the APDU is.
	Kind Kind
	// ID is the invoke ID; HasID is false when the APDU carries none (a
	// Reject of an unparsable APDU, X.880 InvokeId absent).
	ID    int64
	HasID bool
	// Body is the bytes to hand to the receiver (the whole APDU for BER, the
	// XML document for CSTA-XML).
	Body []byte
}

// Reader is what the Engine needs from a transport: the next incoming APDU.
// A transport handles its own connection-level traffic (ACSE release and
// abort, keep-alive frames) inside ReadFrame and returns an error when the
// association ends; that error closes the Engine.
type Reader interface {
	ReadFrame(f *Frame) error
}

// Handler receives the frames that no local request waits for. Both methods
// run on the goroutine of Serve: while one runs no other frame is read, so
// a handler must not wait for a reply of its own Engine (start a goroutine
// for that) and must copy what it keeps of f.Body.
type Handler interface {
	// HandleInvoke receives an invoke from the peer: an event, or a request
	// the application should answer.
	HandleInvoke(f *Frame)
	// HandleUnmatched receives a reply whose invoke ID matches no pending
	// request (it came after its request timed out, or it is bogus); X.880
	// clause 10 suggests answering it with a Reject.
	HandleUnmatched(f *Frame)
}

// Call is one request awaiting its reply. Start returns it; after a
// successful Wait, Kind and Body hold the reply until Release.
type Call struct {
	// ID is the invoke ID to send the request with.
	ID int64
	// Kind is the reply's kind: KindResult, KindError or KindReject.
	Kind Kind
	// Body is a copy of the reply's Frame.Body, owned by the Call until
	// Release.
	Body []byte

	done  chan struct{} // receives one value when the reply or Close completes the call
	err   error         // set with done by Close
	timer *time.Timer   // per-request timeout, reused
}

// Engine correlates requests and replies on one association. Create it
// with New; it is safe for concurrent use.
type Engine struct {
	opt Options

	mu     sync.Mutex
	ids    *Allocator[*Call]
	free   []*Call
	closed error         // non-nil once closed: the *ClosedError
	done   chan struct{} // closed by Close
}

// New returns an Engine configured by o.
func New(o Options) *Engine {
	o = o.resolve()
	return &Engine{
		opt:  o,
		ids:  NewAllocator[*Call](o.MinID, o.MaxID),
		done: make(chan struct{}),
	}
}

// Options returns the effective options (defaults filled in).
func (e *Engine) Options() Options { return e.opt }

// Start reserves an invoke ID for a new request and registers it as
// pending. It fails with a *ClosedError after Close, with ErrTooManyPending
// when MaxPending requests are already pending. Send the request with
// Call.ID, then call Wait, or Abandon if sending failed.
func (e *Engine) Start() (*Call, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed != nil {
		return nil, e.closed
	}
	if e.ids.Len() >= e.opt.MaxPending {
		return nil, ErrTooManyPending
	}
	var c *Call
	if n := len(e.free); n > 0 {
		c = e.free[n-1]
		e.free[n-1] = nil
		e.free = e.free[:n-1]
	} else {
		c = &Call{done: make(chan struct{}, 1)}
	}
	id, ok := e.ids.Acquire(c)
	if !ok { // MaxPending is at most the range size, so this cannot happen
		e.free = append(e.free, c)
		return nil, ErrTooManyPending
	}
	c.ID, c.Kind, c.Body, c.err = id, 0, c.Body[:0], nil
	return c, nil
}

// Wait blocks until the reply to c arrives, ctx is done, the per-request
// timeout elapses or the Engine closes. On success c.Kind and c.Body hold
// the reply (a ReturnError or Reject is a success here: the caller decides
// what it means). Otherwise it returns ctx.Err(), a *TimeoutError or a
// *ClosedError, and the request is no longer pending: a reply arriving
// later goes to Handler.HandleUnmatched. Either way, call Release(c) when
// done with it.
func (e *Engine) Wait(ctx context.Context, c *Call) error {
	var timeout <-chan time.Time
	if e.opt.Timeout > 0 {
		if c.timer == nil {
			c.timer = time.NewTimer(e.opt.Timeout)
		} else {
			c.timer.Reset(e.opt.Timeout)
		}
		timeout = c.timer.C
	}
	var cause error
	select {
	case <-c.done:
		e.stopTimer(c)
		return c.err
	case <-ctx.Done():
		cause = ctx.Err()
	case <-timeout:
		cause = &TimeoutError{ID: c.ID, After: e.opt.Timeout}
	}
	e.stopTimer(c)
	e.mu.Lock()
	if held, ok := e.ids.Lookup(c.ID); ok && held == c {
		e.ids.Remove(c.ID)
		e.mu.Unlock()
		return cause
	}
	e.mu.Unlock()
	// The reply (or Close) won the race and is completing c right now.
	<-c.done
	return c.err
}

func (e *Engine) stopTimer(c *Call) {
	if c.timer != nil {
		c.timer.Stop() // Go 1.23+: no stale value can be received after Stop
	}
}

// Abandon withdraws a request that Start registered but that could not be
// sent, and recycles c.
func (e *Engine) Abandon(c *Call) {
	e.mu.Lock()
	if held, ok := e.ids.Lookup(c.ID); ok && held == c {
		e.ids.Remove(c.ID)
		e.mu.Unlock()
		e.Release(c)
		return
	}
	e.mu.Unlock()
	<-c.done // completed by Close meanwhile
	e.Release(c)
}

// Release recycles c after Wait (or Do) returned; c and its Body must not
// be used afterwards.
func (e *Engine) Release(c *Call) {
	if c == nil {
		return
	}
	if cap(c.Body) > maxKeptBody {
		c.Body = nil
	}
	c.Body = c.Body[:0]
	c.err = nil
	e.mu.Lock()
	if len(e.free) < e.opt.MaxPending {
		e.free = append(e.free, c)
	}
	e.mu.Unlock()
}

// Do sends a request and waits for its reply: it returns at once with
// ctx.Err() if ctx is already done, reserves an ID, calls send with it
// (send writes the request; its error is returned as is), and waits as Wait
// does. On success the caller owns the returned Call and must Release it.
func (e *Engine) Do(ctx context.Context, send func(id int64) error) (*Call, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c, err := e.Start()
	if err != nil {
		return nil, err
	}
	if err := send(c.ID); err != nil {
		e.Abandon(c)
		return nil, err
	}
	if err := e.Wait(ctx, c); err != nil {
		e.Release(c)
		return nil, err
	}
	return c, nil
}

// Deliver completes the pending request that f replies to, copying f.Body
// into it, and reports whether there was one. An invoke, a frame without
// an invoke ID, or one whose ID is not pending is not delivered.
func (e *Engine) Deliver(f *Frame) bool {
	if f.Kind == KindInvoke || !f.HasID {
		return false
	}
	e.mu.Lock()
	c, ok := e.ids.Remove(f.ID)
	e.mu.Unlock()
	if !ok {
		return false
	}
	c.Kind = f.Kind
	c.Body = append(c.Body[:0], f.Body...)
	c.err = nil
	c.done <- struct{}{}
	return true
}

// DeliverSole completes the one pending request with f when exactly one is
// pending, and reports whether it did. It is for a reply that names no
// invoke ID but can only answer that request: X.880 lets a Reject carry
// InvokeId absent when the rejected APDU could not be parsed, and with a
// single request outstanding that APDU was its invoke. An invoke is never
// delivered.
func (e *Engine) DeliverSole(f *Frame) bool {
	if f.Kind == KindInvoke {
		return false
	}
	e.mu.Lock()
	if e.ids.Len() != 1 {
		e.mu.Unlock()
		return false
	}
	var c *Call
	e.ids.Drain(func(_ int64, held *Call) { c = held })
	e.mu.Unlock()
	c.Kind = f.Kind
	c.Body = append(c.Body[:0], f.Body...)
	c.err = nil
	c.done <- struct{}{}
	return true
}

// IsPending reports whether a request with invoke ID id awaits its reply.
// A transport that cannot tell a reply from a request by its content alone
// (a CSTA-XML answer whose root element is not named ...Response) uses it
// to classify the frame; the answer may be stale by the time Deliver runs,
// in which case Deliver reports false.
func (e *Engine) IsPending(id int64) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	_, ok := e.ids.Lookup(id)
	return ok
}

// Serve reads frames from r until ReadFrame fails, delivering replies to
// their requests and passing invokes and unmatched replies to h. It then
// closes the Engine with that error (unless it is already closed) and
// returns it. Run it on one goroutine per association; it returns once the
// transport's reads fail, so closing the underlying connection ends it.
func (e *Engine) Serve(r Reader, h Handler) error {
	var f Frame
	for {
		f = Frame{}
		if err := r.ReadFrame(&f); err != nil {
			e.Close(err)
			return err
		}
		switch {
		case f.Kind == KindInvoke:
			h.HandleInvoke(&f)
		case !e.Deliver(&f):
			h.HandleUnmatched(&f)
		}
	}
}

// Close ends the Engine: every pending request fails with a *ClosedError
// wrapping cause (which may be nil), and so does every later Start. Only
// the first call has an effect; it is safe to call from any goroutine.
func (e *Engine) Close(cause error) {
	e.mu.Lock()
	if e.closed != nil {
		e.mu.Unlock()
		return
	}
	closed := &ClosedError{Cause: cause}
	e.closed = closed
	close(e.done)
	var calls []*Call
	e.ids.Drain(func(_ int64, c *Call) { calls = append(calls, c) })
	e.mu.Unlock()
	for _, c := range calls {
		c.err = closed
		c.done <- struct{}{}
	}
}

// Done returns a channel that is closed when the Engine closes.
func (e *Engine) Done() <-chan struct{} { return e.done }

// Err returns nil while the Engine is open, then the *ClosedError.
func (e *Engine) Err() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.closed
}

// Pending returns the number of requests awaiting a reply.
func (e *Engine) Pending() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.ids.Len()
}

package conn

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"sync"
	"time"

	"github.com/cstagen/cstagen/runtime/rose"
)

// core is what BER and CSTA-XML connections share: the network connection,
// the rose engine, the send queue, the reader and keep-alive goroutines,
// the counters and the shutdown sequence.
type core struct {
	nc    net.Conn
	opt   Options
	eng   *rose.Engine
	rd    frameReader
	q     outQueue // send queue and its flusher goroutine; q.mu is the write lock
	stats counters

	mu         sync.Mutex
	shutting   bool          // shutdown has begun
	finished   chan struct{} // closed once the network connection is closed
	readerExit chan struct{} // closed when the reader goroutine's Serve returned
	readErr    error         // Serve's error, set before readerExit is closed
	kaDone     chan struct{} // closed when the keep-alive goroutine ended (or at once)

	abort func() // best-effort goodbye on a protocol failure (BER: ABRT), or nil
}

// init sets c up over nc and starts the flusher goroutine.
func (c *core) init(nc net.Conn, o Options, minID, maxID int64) {
	c.nc = nc
	c.opt = o
	c.eng = rose.New(rose.Options{MinID: minID, MaxID: maxID, MaxPending: o.MaxPending, Timeout: o.RequestTimeout})
	c.rd.nc = nc
	c.finished = make(chan struct{})
	c.readerExit = make(chan struct{})
	c.kaDone = make(chan struct{})
	c.q.init(nc, o.WriteTimeout, c.writeFailed)
}

// abandon ends a connection whose opening failed: what is queued (a
// rejecting AARE, an ABRT) is flushed until deadline, then nc is closed
// and the flusher waited for.
func (c *core) abandon(deadline time.Time) {
	c.q.drain(deadline)
	c.q.close()
	c.nc.Close()
	<-c.q.done
}

// hooks adapts a connection's unexported methods to rose.Reader and
// rose.Handler, so that they are not part of its API.
type hooks struct {
	read      func(f *rose.Frame) error
	invoke    func(f *rose.Frame)
	unmatched func(f *rose.Frame)
}

func (h *hooks) ReadFrame(f *rose.Frame) error { return h.read(f) }
func (h *hooks) HandleInvoke(f *rose.Frame)    { h.invoke(f) }
func (h *hooks) HandleUnmatched(f *rose.Frame) { h.unmatched(f) }

// start runs the reader goroutine (Serve over h) and, when configured, the
// keep-alive goroutine with ping.
func (c *core) start(h *hooks, ping func(ctx context.Context) error) {
	c.rd.frame = c.opt.FrameTimeout
	c.rd.idle = c.opt.IdleTimeout
	go func() {
		err := c.eng.Serve(h, h)
		c.mu.Lock()
		c.readErr = err
		c.mu.Unlock()
		close(c.readerExit)
		c.fail(err, isProtocolFailure(err))
	}()
	if c.opt.KeepAliveInterval > 0 {
		go c.keepAlive(ping)
	} else {
		close(c.kaDone)
	}
}

// isProtocolFailure reports whether err is the peer's fault in a way that
// deserves an ABRT (rather than a vanished or releasing peer).
func isProtocolFailure(err error) bool {
	return errors.Is(err, ErrProtocol) || errors.Is(err, ErrFrameTimeout) || errors.Is(err, ErrKeepAlive) || errors.Is(err, ErrIdleTimeout)
}

// keepAlive pings every KeepAliveInterval and fails the connection after
// KeepAliveMisses pings in a row got no reply in time.
func (c *core) keepAlive(ping func(ctx context.Context) error) {
	defer close(c.kaDone)
	interval := c.opt.KeepAliveInterval
	t := time.NewTicker(interval)
	defer t.Stop()
	misses := 0
	for {
		select {
		case <-c.eng.Done():
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), interval)
		err := ping(ctx)
		cancel()
		switch {
		case err == nil:
			misses = 0
		case errors.Is(err, ErrClosed):
			return
		case errors.Is(err, context.DeadlineExceeded):
			misses++
			if misses >= c.opt.KeepAliveMisses {
				c.fail(&KeepAliveError{Misses: misses, Last: err}, true)
				return
			}
		default:
			// A Reject or ReturnError still proves the peer alive; a write
			// error has already failed the connection.
			misses = 0
		}
	}
}

// begin marks the start of the shutdown; only the first caller gets true.
func (c *core) begin() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.shutting {
		return false
	}
	c.shutting = true
	return true
}

// closing reports whether the shutdown has begun.
func (c *core) closing() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.shutting
}

// fail ends the connection because of cause: pending requests fail with a
// *rose.ClosedError wrapping it, abort (if set and wanted) tells the peer,
// and the network connection is closed. Later calls do nothing. The reader
// goroutine keeps running until its read fails on the closed connection.
func (c *core) fail(cause error, sendAbort bool) {
	if !c.begin() {
		return
	}
	c.eng.Close(cause)
	if sendAbort && c.abort != nil {
		c.abort()
	} else {
		// What is queued (an RLRE answering the peer's RLRQ, answers)
		// still goes out; a dead connection fails the write at once.
		c.q.drain(time.Now().Add(abortTimeout))
	}
	c.q.close()
	c.nc.Close()
	close(c.finished)
}

// shutdown is the graceful close: pending requests fail with ErrClosed,
// release (if not nil) says goodbye, the network connection is closed and
// both goroutines are waited for. A second call waits for the first.
func (c *core) shutdown(release func() error) error {
	if !c.begin() {
		<-c.finished
		c.wait()
		return nil
	}
	c.eng.Close(nil)
	var err error
	if release != nil {
		err = release()
	}
	// Flush what is queued (answers, events, the RLRQ) before closing.
	c.q.drain(time.Now().Add(c.opt.ReleaseTimeout))
	c.q.close()
	c.nc.Close()
	close(c.finished)
	c.wait()
	return err
}

// wait waits for the reader, keep-alive and flusher goroutines; they end
// once the network connection is closed.
func (c *core) wait() {
	<-c.readerExit
	<-c.kaDone
	<-c.q.done
}

// readerError returns Serve's error once readerExit is closed.
func (c *core) readerError() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.readErr
}

// writeFailed ends the connection after a failed write: the stream may
// hold half a frame, so nothing more can be sent.
func (c *core) writeFailed(err error) {
	c.fail(err, false)
}

// Done returns a channel closed when the connection ends.
func (c *core) Done() <-chan struct{} { return c.eng.Done() }

// Err returns nil while the connection is open; afterwards a
// *rose.ClosedError wrapping the reason (nil after a plain Close).
func (c *core) Err() error { return c.eng.Err() }

// LocalAddr returns the local network address.
func (c *core) LocalAddr() net.Addr { return c.nc.LocalAddr() }

// RemoteAddr returns the peer's network address.
func (c *core) RemoteAddr() net.Addr { return c.nc.RemoteAddr() }

// Pending returns the number of requests awaiting a reply.
func (c *core) Pending() int { return c.eng.Pending() }

// sendError is the error of a send that found the queue closed: the
// connection's *rose.ClosedError once there is one.
func (c *core) sendError(err error) error {
	if cerr := c.eng.Err(); cerr != nil {
		return cerr
	}
	return err
}

// Which read deadline a frameReader has set.
const (
	deadlineNone = iota
	deadlineFrame
	deadlineIdle
)

// frameReader sits between the network connection and the framing reader
// and bounds the waits for the peer: inside a frame (some of its octets
// buffered) each Read gets a deadline of FrameTimeout minus the time
// already spent waiting in Reads for that frame, so that only the peer's
// time counts and never the time a handler ran between two Reads (a
// slowloris peer is cut off, a slow handler is not blamed on the peer);
// between frames the deadline is IdleTimeout, renewed at most every eighth
// of it. frameDone tells it where each frame ended.
type frameReader struct {
	nc      net.Conn
	frame   time.Duration // FrameTimeout; 0: none
	idle    time.Duration // IdleTimeout; 0: none
	got     int64         // octets read from nc
	inFrame bool          // octets of an incomplete frame are buffered
	waited  time.Duration // time spent in Read for the current frame
	set     int           // deadline kind set on nc
	idleAt  time.Time     // when the idle deadline was last set
}

// Read implements io.Reader.
func (r *frameReader) Read(p []byte) (int, error) {
	var start time.Time
	switch {
	case r.inFrame && r.frame > 0:
		start = time.Now()
		r.nc.SetReadDeadline(start.Add(r.frame - r.waited))
		r.set = deadlineFrame
	case r.idle > 0:
		if now := time.Now(); r.set != deadlineIdle || now.Sub(r.idleAt) > r.idle/8 {
			r.nc.SetReadDeadline(now.Add(r.idle))
			r.set, r.idleAt = deadlineIdle, now
		}
	case r.set != deadlineNone:
		r.nc.SetReadDeadline(time.Time{})
		r.set = deadlineNone
	}
	n, err := r.nc.Read(p)
	if !start.IsZero() {
		r.waited += time.Since(start)
	}
	if n > 0 {
		r.got += int64(n)
		if !r.inFrame {
			// The first octets of a frame: its clock starts now.
			r.inFrame, r.waited = true, 0
		}
	}
	return n, err
}

// frameDone is called after a frame ending at stream offset end was read.
func (r *frameReader) frameDone(end int64) {
	// Octets beyond end belong to the next frame, whose clock starts with
	// the next Read.
	r.inFrame, r.waited = r.got > end, 0
}

// readError turns a read error into the connection's error: a deadline hit
// inside a frame becomes ErrFrameTimeout, one between frames
// ErrIdleTimeout.
func (r *frameReader) readError(err error) error {
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		return err
	}
	switch r.set {
	case deadlineFrame:
		return &ProtocolError{Detail: "frame not completed in time", Err: errors.Join(ErrFrameTimeout, err)}
	case deadlineIdle:
		return fmt.Errorf("conn: no traffic from the peer for %v: %w", r.idle, errors.Join(ErrIdleTimeout, err))
	}
	return err
}

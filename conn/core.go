package conn

import (
	"context"
	"errors"
	"net"
	"os"
	"sync"
	"time"

	"github.com/cstagen/cstagen/runtime/rose"
)

// core is what BER and CSTA-XML connections share: the network connection,
// the rose engine, serialized writes, the reader and keep-alive goroutines
// and the shutdown sequence.
type core struct {
	nc  net.Conn
	opt Options
	eng *rose.Engine
	rd  frameReader

	wmu sync.Mutex // serializes writes; held from encoding to the end of the write

	mu         sync.Mutex
	shutting   bool          // shutdown has begun
	finished   chan struct{} // closed once the network connection is closed
	readerExit chan struct{} // closed when the reader goroutine's Serve returned
	readErr    error         // Serve's error, set before readerExit is closed
	kaDone     chan struct{} // closed when the keep-alive goroutine ended (or at once)

	abort func() // best-effort goodbye on a protocol failure (BER: ABRT), or nil
}

func (c *core) init(nc net.Conn, o Options, minID, maxID int64) {
	c.nc = nc
	c.opt = o
	c.eng = rose.New(rose.Options{MinID: minID, MaxID: maxID, MaxPending: o.MaxPending, Timeout: o.RequestTimeout})
	c.rd.nc = nc
	c.finished = make(chan struct{})
	c.readerExit = make(chan struct{})
	c.kaDone = make(chan struct{})
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
	c.rd.timeout = c.opt.FrameTimeout
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
	return errors.Is(err, ErrProtocol) || errors.Is(err, ErrFrameTimeout) || errors.Is(err, ErrKeepAlive)
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
	}
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
	c.nc.Close()
	close(c.finished)
	c.wait()
	return err
}

// wait waits for the reader and keep-alive goroutines; they end once the
// network connection is closed.
func (c *core) wait() {
	<-c.readerExit
	<-c.kaDone
}

// readerError returns Serve's error once readerExit is closed.
func (c *core) readerError() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.readErr
}

// lockWrite takes the write lock and sets the write deadline.
func (c *core) lockWrite() {
	c.wmu.Lock()
	if c.opt.WriteTimeout > 0 {
		c.nc.SetWriteDeadline(time.Now().Add(c.opt.WriteTimeout))
	}
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

// frameReader sits between the network connection and the framing reader.
// It counts the octets read and, when the first octet of a frame arrives,
// sets a read deadline FrameTimeout ahead, so that a peer stalling inside a
// frame (slowloris) cannot hold the reader forever; frameDone lifts it once
// the frame is complete and nothing of the next one is buffered.
type frameReader struct {
	nc      net.Conn
	timeout time.Duration // 0: no frame deadline
	got     int64         // octets read from nc
	armed   bool
}

// Read implements io.Reader.
func (r *frameReader) Read(p []byte) (int, error) {
	n, err := r.nc.Read(p)
	r.got += int64(n)
	if n > 0 && r.timeout > 0 && !r.armed {
		r.armed = true
		r.nc.SetReadDeadline(time.Now().Add(r.timeout))
	}
	return n, err
}

// frameDone is called after a frame ending at stream offset end was read.
func (r *frameReader) frameDone(end int64) {
	switch {
	case r.timeout > 0 && r.got > end:
		// Octets of the next frame are buffered: its clock runs from now.
		r.armed = true
		r.nc.SetReadDeadline(time.Now().Add(r.timeout))
	case r.armed:
		r.armed = false
		r.nc.SetReadDeadline(time.Time{})
	}
}

// readError turns a read error into the connection's error: a deadline hit
// inside a frame becomes ErrFrameTimeout.
func (r *frameReader) readError(err error) error {
	if r.armed && errors.Is(err, os.ErrDeadlineExceeded) {
		return &ProtocolError{Detail: "frame not completed in time", Err: errors.Join(ErrFrameTimeout, err)}
	}
	return err
}

package conn

import (
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Bounds of the send queue.
const (
	// maxQueued is the queued octets beyond which senders wait for the
	// flusher: the memory a peer that does not read can make us hold.
	maxQueued = 256 << 10
	// maxKeptQueue is the largest queue buffer kept for reuse after a
	// flush; a larger one (grown by one huge frame) is dropped.
	maxKeptQueue = 2 * maxQueued
)

// errQueueClosed is what a send finds after the queue was closed; senders
// report the connection's *rose.ClosedError instead when there is one.
var errQueueClosed = errors.New("conn: connection closed")

// outQueue coalesces the writes of a connection. Senders append encoded
// frames to buf under mu (the framing writers write into the queue, which
// is an io.Writer for them); one flusher goroutine swaps buf out and
// writes everything queued in one Write call, with one write deadline per
// flush. While it writes, later frames queue up behind it, so a burst of
// events or replies costs one system call rather than one per frame, and a
// lone request is written as soon as the flusher runs.
type outQueue struct {
	nc      net.Conn
	timeout time.Duration // per flush; 0: none

	mu       sync.Mutex
	more     sync.Cond // the flusher waits for frames or close
	space    sync.Cond // senders wait for room, drain for an empty queue
	buf      []byte    // queued octets
	spare    []byte    // the previous flush's buffer, reused
	flushing bool      // the flusher is writing
	closed   bool      // no more frames are accepted
	err      error     // the write error that ended the flusher
	deadline time.Time // when set, the write deadline of every flush

	frames, flushes atomic.Uint64

	failed func(error) // called (without mu) after a write error
	done   chan struct{}
}

func (q *outQueue) init(nc net.Conn, timeout time.Duration, failed func(error)) {
	q.nc, q.timeout, q.failed = nc, timeout, failed
	q.more.L, q.space.L = &q.mu, &q.mu
	q.done = make(chan struct{})
	go q.run()
}

// run is the flusher goroutine. It ends after a write error, or once the
// queue is closed and empty.
func (q *outQueue) run() {
	defer close(q.done)
	q.mu.Lock()
	for {
		for len(q.buf) == 0 && !q.closed {
			q.more.Wait()
		}
		if len(q.buf) == 0 {
			q.mu.Unlock()
			return
		}
		b := q.buf
		q.buf = q.spare[:0]
		q.spare = nil
		q.flushing = true
		// The deadline is set under mu, so that drain's shorter one is
		// never overwritten by a later flush.
		switch {
		case !q.deadline.IsZero():
			q.nc.SetWriteDeadline(q.deadline)
		case q.timeout > 0:
			q.nc.SetWriteDeadline(time.Now().Add(q.timeout))
		}
		q.mu.Unlock()
		err := write(q.nc, b)
		q.flushes.Add(1)
		q.mu.Lock()
		q.flushing = false
		if cap(b) <= maxKeptQueue {
			q.spare = b[:0]
		}
		if err != nil {
			q.err = err
			q.closed = true
			q.buf = nil
			q.space.Broadcast()
			q.mu.Unlock()
			q.failed(err)
			return
		}
		q.space.Broadcast()
	}
}

// write writes p in one call, turning a silent short write into an error.
func write(nc net.Conn, p []byte) error {
	n, err := nc.Write(p)
	if err == nil && n != len(p) {
		err = errShortWrite
	}
	return err
}

var errShortWrite = errors.New("conn: short write")

// lock takes the queue for appending frames, waiting while it holds more
// than maxQueued octets. It fails once the queue is closed; the caller
// must call unlock only after a nil error.
func (q *outQueue) lock() error {
	q.mu.Lock()
	for len(q.buf) >= maxQueued && !q.closed {
		q.space.Wait()
	}
	if q.closed {
		err := q.err
		q.mu.Unlock()
		if err == nil {
			err = errQueueClosed
		}
		return err
	}
	return nil
}

// unlock releases the queue and wakes the flusher if frames are queued.
func (q *outQueue) unlock() {
	if len(q.buf) > 0 {
		q.more.Signal()
	}
	q.mu.Unlock()
}

// Write appends one frame; the framing writers call it between lock and
// unlock.
func (q *outQueue) Write(p []byte) (int, error) {
	q.buf = append(q.buf, p...)
	q.frames.Add(1)
	return len(p), nil
}

// setDeadline makes every flush use deadline (zero: back to the per-flush
// timeout); the opening exchange runs under the association deadline.
func (q *outQueue) setDeadline(deadline time.Time) {
	q.mu.Lock()
	q.deadline = deadline
	q.mu.Unlock()
}

// drain waits until everything queued is written, or the write failed; no
// write lasts beyond deadline from now on.
func (q *outQueue) drain(deadline time.Time) {
	q.mu.Lock()
	if q.deadline.IsZero() || deadline.Before(q.deadline) {
		q.deadline = deadline
	}
	if q.flushing {
		q.nc.SetWriteDeadline(q.deadline)
	}
	for (len(q.buf) > 0 || q.flushing) && q.err == nil {
		q.space.Wait()
	}
	q.mu.Unlock()
}

// close stops accepting frames; the flusher writes what is queued and
// ends (at once if the network connection is closed too).
func (q *outQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.more.Signal()
	q.space.Broadcast()
	q.mu.Unlock()
}

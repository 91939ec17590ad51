package sipmsg

import (
	"bytes"
	"errors"
	"io"
)

// Framer cuts the SIP messages out of a byte stream that arrives in
// pieces: one direction of a TCP connection, as a capture's reassembly
// delivers it (RFC 3261 18.3: on a stream, Content-Length frames the
// body). Write hands it octets, Next returns each message once it is
// complete, Close says that the stream has ended. A message without
// Content-Length ends where the next start line begins, or at the end of
// the stream. After a malformed message (or a gap in the stream, see
// Resync) the Framer skips to the next start line.
//
// Octets arriving in many small pieces cost linear time: an incomplete
// message is looked at again only once the octets held have doubled (or
// the stream ends). It holds at most one message of Limits.MaxMessage octets and the last
// Write: a Content-Length, header section or line that would need more is
// an ErrTooLarge error, after which the octets are skipped up to the next
// start line.
type Framer struct {
	lim  *Limits
	max  int
	buf  []byte // the octets held: a window of own
	own  []byte
	off  int64 // stream offset of buf[0]
	done bool
	lost bool // skip up to the next start line
	// midLine: the octets held continue a line that was dropped (longer
	// than MaxMessage): skip to its end before looking for a start line.
	midLine bool
	// need is how many octets must be held before Next looks again at an
	// incomplete message: twice what it last looked at, so that a message
	// arriving one octet at a time costs linear time, not quadratic.
	need int
	work int // octets looked at, for the tests of the cost
}

// NewFramer returns a Framer; lim may be nil for the defaults.
func NewFramer(lim *Limits) *Framer {
	return &Framer{lim: lim, max: lim.resolve().MaxMessage}
}

// Write appends a copy of p to the stream.
func (f *Framer) Write(p []byte) {
	if len(f.buf)+len(p) > cap(f.buf) {
		// Move what is held to the front before growing, so that the
		// buffer follows what is held, not the stream.
		n := copy(f.own[:cap(f.own)], f.buf)
		f.buf = append(f.own[:n], p...)
		f.own = f.buf[:0]
		return
	}
	f.buf = append(f.buf, p...)
}

// Close ends the stream: Next frames what is left as it is.
func (f *Framer) Close() { f.done = true }

// Skip records n octets missing from the stream (a gap in a capture):
// the octets held are dropped and framing resumes at the next start line
// after the gap.
func (f *Framer) Skip(n int64) {
	f.off += int64(len(f.buf)) + n
	f.buf = f.buf[:0]
	f.lost = true
	f.midLine = false
	f.need = 0
}

// Buffered returns the number of octets held.
func (f *Framer) Buffered() int { return len(f.buf) }

// Next returns the next complete message and the stream offset of its
// first octet. It returns io.EOF when no complete message is held: more
// octets are needed, or the stream has ended. A malformed message gives
// its *Error (offsets relative to the message's start); the next call
// goes on after it. The message's slices are views of the Framer's
// buffer, valid until the next call of Next or Write.
func (f *Framer) Next() (m Message, off int64, err error) {
	for {
		if !f.done && len(f.buf) < f.need {
			return Message{}, f.off, io.EOF
		}
		f.work += len(f.buf)
		if f.midLine {
			i := bytes.IndexByte(f.buf, '\n')
			if i < 0 {
				f.consume(len(f.buf))
				return Message{}, f.off, io.EOF
			}
			f.consume(i + 1)
			f.midLine = false
		}
		p := 0
		for p < len(f.buf) && isBlank(f.buf[p]) {
			p++
		}
		if p == len(f.buf) {
			f.consume(p)
			return Message{}, f.off, io.EOF
		}
		if f.lost {
			s, ok := f.findStart(p)
			f.consume(s)
			if !ok {
				f.wait()
				return Message{}, f.off, io.EOF
			}
			f.lost = false
			continue
		}
		src := f.buf[p:]
		off = f.off + int64(p)
		// Without Content-Length the body runs to the next start line (a
		// whole one, at a line start); with it, Content-Length rules, even
		// over a start line in the body (message/sipfrag).
		e, next := f.wholeStart(src)
		if next {
			m, err = Parse(src[:e:e], f.lim)
			if err != nil && isTruncated(err) {
				m, err = Parse(src, f.lim)
			}
		} else {
			m, err = Parse(src, f.lim)
			if err == nil && m.ContentLength < 0 && !f.done {
				err = errWait // the body may go on
			}
		}
		if err == errWait || err != nil && isTruncated(err) && !f.done {
			f.consume(p)
			f.wait()
			return Message{}, off, io.EOF
		}
		if err != nil {
			// Skip the first line, or up to the start line glued inside
			// it when the line is whole (ends in LF, whether or not the
			// stream has ended: the answer must not depend on when the
			// error is seen) and within MaxMessage.
			f.lost = true
			skip := lineEnd(src, 0)
			whole := skip > 0 && src[skip-1] == '\n'
			f.midLine = !whole
			if whole && skip <= f.max {
				if s := lineStart(bytes.TrimRight(src[:skip], "\r\n")); s > 0 {
					skip = s
				}
			}
			f.consume(p + skip)
			return Message{}, off, err
		}
		f.consume(p + m.Len)
		return m, off, nil
	}
}

// errWait stands for a message that may not be whole yet.
var errWait = errors.New("wait")

// wholeStart returns the offset of the first whole start line after the
// first line of src, at a line start (the last line counts as whole once
// the stream has ended).
func (f *Framer) wholeStart(src []byte) (int, bool) {
	for p := lineEnd(src, 0); p < len(src); {
		e := bytes.IndexByte(src[p:], '\n')
		if e < 0 && !f.done {
			return 0, false
		}
		end := len(src)
		if e >= 0 {
			end = p + e
		}
		if IsStartLine(bytes.TrimSuffix(src[p:end], []byte("\r"))) {
			return p, true
		}
		p = end + 1
	}
	return 0, false
}

// wait makes Next look again once the octets held have doubled.
func (f *Framer) wait() { f.need = min(2*len(f.buf), f.max) }

// isTruncated reports whether err is an ErrTruncated *Error.
func isTruncated(err error) bool {
	e, ok := err.(*Error)
	return ok && e.Err == ErrTruncated
}

// findStart returns the offset of the first start line at or after p (at
// a line start, or glued to the end of a body, see IndexStart). When
// there is none it returns the offset of the last, incomplete line (to be
// read again with more octets), or of the end when that line is longer
// than a message may be or the stream has ended.
func (f *Framer) findStart(p int) (int, bool) {
	if s := indexStart(f.buf[p:], f.done, f.max); s >= 0 {
		return p + s, true
	}
	if f.done {
		return len(f.buf), false
	}
	last := bytes.LastIndexByte(f.buf[p:], '\n') + 1 + p
	if len(f.buf)-last > f.max {
		f.midLine = true
		return len(f.buf), false
	}
	return last, false
}

// consume drops the first n octets held.
func (f *Framer) consume(n int) {
	f.off += int64(n)
	f.buf = f.buf[n:]
	f.need = 0
}

// IndexStart returns the offset of the first SIP start line in b, or -1:
// at the start of a line, or glued to the end of the line before it, as
// a start line follows a body that does not end in CR LF on a stream
// ("...</MonitorStart>INFO sip:gw SIP/2.0"). A glued Request-Line's method
// is taken as the upper-case letters before its URI. Only whole lines are
// looked at (the last one too when atEOF), so that the answer for a prefix
// of a stream holds for the stream.
func IndexStart(b []byte, atEOF bool) int { return indexStart(b, atEOF, len(b)) }

// indexStart is IndexStart looking only at lines of at most max octets.
func indexStart(b []byte, atEOF bool, max int) int {
	for p := 0; p < len(b); {
		e := bytes.IndexByte(b[p:], '\n')
		n := e + 1 // the line's octets, its LF included
		if e < 0 {
			if !atEOF {
				return -1
			}
			e, n = len(b)-p, len(b)-p
		}
		line := b[p : p+e]
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		if n <= max {
			if s := lineStart(line); s >= 0 {
				return p + s
			}
		}
		p += e + 1
	}
	return -1
}

// lineStart returns the offset in line of a start line that ends it, or
// -1: a Request-Line whose method is the upper-case letters before its
// URI, a Status-Line ("SIP/2.0 " and a code) anywhere, whichever comes
// first, else the whole line when it is a start line.
func lineStart(line []byte) int {
	best := -1
	if rest, ok := bytes.CutSuffix(line, []byte(" SIP/2.0")); ok {
		if sp := bytes.LastIndexByte(rest, ' '); sp > 0 {
			m := sp
			for m > 0 && rest[m-1] >= 'A' && rest[m-1] <= 'Z' {
				m--
			}
			if m < sp && IsStartLine(line[m:]) {
				best = m
			}
		}
	}
	for i := 0; best < 0 || i < best; {
		j := bytes.Index(line[i:], []byte("SIP/2.0 "))
		if j < 0 || best >= 0 && i+j >= best {
			break
		}
		if IsStartLine(line[i+j:]) {
			best = i + j
			break
		}
		i += j + 1
	}
	if best < 0 && IsStartLine(line) {
		best = 0
	}
	return best
}

// IsStartLine reports whether line (without its line end) is a SIP
// Request-Line or Status-Line (RFC 3261 7.1, 7.2).
func IsStartLine(line []byte) bool {
	var m Message
	return len(line) >= len("SIP/2.0") && m.startLine(line, 0) == nil
}

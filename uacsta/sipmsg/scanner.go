package sipmsg

import (
	"bytes"
	"errors"
	"io"
)

// Scanner reads the SIP messages of a buffer one after the other: the
// octets of a TCP stream, or a text file of messages as logs and captures
// print them (CR LF or LF line ends, blank lines between messages). A
// message with Content-Length ends there; one without ends where the next
// start line (a Status-Line or a Request-Line) begins. After a malformed
// message the Scanner resumes at the next start line, so one bad message
// does not hide the rest. It never copies: messages are views of the
// buffer.
type Scanner struct {
	src []byte
	pos int
	lim *Limits
}

// NewScanner returns a Scanner over src; lim may be nil for the defaults.
func NewScanner(src []byte, lim *Limits) *Scanner {
	return &Scanner{src: src, lim: lim}
}

// Next returns the next message and its offset in the buffer, or io.EOF
// when only blank lines are left. A malformed message yields its *Error
// (with the offset of the message); the following call goes on after it.
func (s *Scanner) Next() (m Message, off int, err error) {
	p := s.pos
	for p < len(s.src) && isBlank(s.src[p]) {
		p++
	}
	if p >= len(s.src) {
		s.pos = len(s.src)
		return Message{}, len(s.src), io.EOF
	}
	off = p
	end := nextStart(s.src, lineEnd(s.src, p))
	// Without Content-Length the body stops at the next message.
	m, err = Parse(s.src[p:end], s.lim)
	if errors.Is(err, ErrTruncated) && end < len(s.src) {
		// A Content-Length body may hold a line that looks like a start
		// line (message/sipfrag): read on past it, if the message then
		// ends where a line does (not when a Content-Length that counts
		// CR LF line ends turned into LF would eat the next message).
		if m2, err2 := Parse(s.src[p:], s.lim); err2 == nil && m2.ContentLength >= 0 && endsLine(s.src, p+m2.Len) {
			m, err = m2, nil
		}
	}
	if err != nil {
		s.pos = end
		return Message{}, off, err
	}
	s.pos = p + m.Len
	return m, off, nil
}

// endsLine reports whether offset e of src is the end of src or of a line.
func endsLine(src []byte, e int) bool {
	return e >= len(src) || e > 0 && src[e-1] == '\n' || src[e] == '\r' || src[e] == '\n'
}

func isBlank(c byte) bool { return c == '\r' || c == '\n' || c == ' ' || c == '\t' }

// lineEnd returns the offset after the line at p.
func lineEnd(src []byte, p int) int {
	if i := bytes.IndexByte(src[p:], '\n'); i >= 0 {
		return p + i + 1
	}
	return len(src)
}

// nextStart returns the offset of the first line at or after p that is a
// SIP start line, or len(src).
func nextStart(src []byte, p int) int {
	for p < len(src) {
		e := lineEnd(src, p)
		line := bytes.TrimRight(src[p:e], "\r\n")
		var m Message
		if len(line) >= len("SIP/2.0") && m.startLine(line, p) == nil {
			return p
		}
		p = e
	}
	return len(src)
}

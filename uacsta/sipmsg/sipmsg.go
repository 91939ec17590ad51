// Package sipmsg finds the CSTA-XML document in a SIP message, for decoders
// and tools that read SIP from captures or text files rather than from a
// live SIP stack.
//
// [Parse] reads one SIP message (RFC 3261 clause 7) from the start of a
// buffer: the start line, the header fields (compact forms such as "l:" for
// Content-Length and "c:" for Content-Type included, folded lines joined)
// and the body, located by Content-Length when present. The CSTA document
// is the body when its Content-Type is application/csta+xml, or the first
// application/csta+xml part of a multipart/mixed body (RFC 2046 5.1).
// [Scanner] reads the messages of a buffer one after the other, [Framer]
// those of a stream that arrives in pieces (a TCP connection).
// Everything returned is a view of the input: Parse never copies the body
// and never allocates in proportion to what the message claims, so a huge
// Content-Length, an endless header section or a body that is not CSTA
// costs no memory; [Limits] bound every count, and errors are *[Error]
// values wrapping the sentinels below.
package sipmsg

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// Sentinel errors; *Error wraps one of them.
var (
	// ErrMalformed reports a message that is not SIP: a bad start line or
	// header field, a bad or duplicated Content-Length, a bad multipart
	// body.
	ErrMalformed = errors.New("sipmsg: malformed SIP message")
	// ErrTruncated reports a message shorter than its header section or its
	// Content-Length say.
	ErrTruncated = errors.New("sipmsg: truncated SIP message")
	// ErrTooLarge reports a message beyond one of the Limits.
	ErrTooLarge = errors.New("sipmsg: SIP message beyond the limits")
	// ErrNotCSTA reports a message with no CSTA-XML document: no body, a
	// body of another type, or a csta+xml body that does not start with an
	// XML tag.
	ErrNotCSTA = errors.New("sipmsg: no CSTA-XML body")
)

// Error is a failure to parse a message or to find its CSTA body.
type Error struct {
	// Offset is the octet offset in the input where the problem is.
	Offset int
	// Detail says what is wrong.
	Detail string
	// Err is one of the sentinels above.
	Err error
}

// Error implements error.
func (e *Error) Error() string {
	return fmt.Sprintf("%v: %s (offset %d)", e.Err, e.Detail, e.Offset)
}

// Unwrap returns the sentinel.
func (e *Error) Unwrap() error { return e.Err }

// CSTAContentType is the media type of ECMA-323 documents (RFC 4240 era
// registration, ECMA TR/87).
const CSTAContentType = "application/csta+xml"

// Defaults for Limits fields left at zero.
const (
	// DefaultMaxMessage is the largest message considered, headers and
	// body: the largest UDP datagram, as SIP stacks commonly assume.
	DefaultMaxMessage = 65535
	// DefaultMaxHeaders bounds the header fields of a message or part.
	DefaultMaxHeaders = 128
	// DefaultMaxParts bounds the parts of a multipart body.
	DefaultMaxParts = 16
)

// Limits bound the parsing. The zero value selects the defaults.
type Limits struct {
	// MaxMessage is the largest message, start line to the end of the body
	// (a Content-Length beyond it is refused at once).
	MaxMessage int
	// MaxHeaders bounds the header fields of the message and of each part.
	MaxHeaders int
	// MaxParts bounds the parts of a multipart/mixed body.
	MaxParts int
}

func (l *Limits) resolve() Limits {
	var r Limits
	if l != nil {
		r = *l
	}
	if r.MaxMessage <= 0 {
		r.MaxMessage = DefaultMaxMessage
	}
	if r.MaxHeaders <= 0 {
		r.MaxHeaders = DefaultMaxHeaders
	}
	if r.MaxParts <= 0 {
		r.MaxParts = DefaultMaxParts
	}
	return r
}

// Message is one parsed SIP message. Its slices alias the input.
type Message struct {
	// Method is the request method (INVITE, INFO, ...); nil for a response.
	Method []byte
	// RequestURI is the Request-URI of a request.
	RequestURI []byte
	// StatusCode and Reason are those of a response (StatusCode 0 for a
	// request).
	StatusCode int
	Reason     []byte
	// CallID, CSeq, ContentType and ContentDisposition are the values of
	// those header fields (the first one when repeated), white space
	// trimmed; nil when absent.
	CallID, CSeq, ContentType, ContentDisposition []byte
	// ContentLength is the Content-Length value, -1 when absent.
	ContentLength int
	// Body is the whole message body.
	Body []byte
	// CSTA is the CSTA-XML document: Body or one part of it; nil when there
	// is none (see CSTAErr).
	CSTA []byte
	// CSTAErr says why CSTA is nil: an *Error wrapping ErrNotCSTA or
	// ErrMalformed (a broken multipart body).
	CSTAErr error
	// Len is the number of octets of the input the message occupies,
	// leading blank lines (keep-alives) included: the next message of a
	// stream starts there.
	Len int
}

// IsRequest reports whether m is a request.
func (m *Message) IsRequest() bool { return m.Method != nil }

// Parse reads the SIP message at the start of src (blank lines before it,
// as keep-alives send, are skipped). Without Content-Length the body is the
// rest of src, as for a UDP datagram. The error is an *Error when the
// message itself cannot be read; a message without a CSTA document is no
// error (its CSTAErr says why). lim may be nil for the defaults.
func Parse(src []byte, lim *Limits) (Message, error) {
	l := lim.resolve()
	m := Message{ContentLength: -1}
	p := 0
	for p < len(src) && (src[p] == '\r' || src[p] == '\n') {
		p++
	}
	if p == len(src) {
		return m, &Error{Offset: p, Detail: "no message", Err: ErrTruncated}
	}
	start := p
	end := start + l.MaxMessage // messages must end before end
	line, next, ok := readLine(src, p, end)
	if !ok {
		return m, truncOrLarge(src, end, p, "start line")
	}
	if err := m.startLine(line, p); err != nil {
		return m, err
	}
	p = next
	h := headerReader{src: src, p: p, end: end, max: l.MaxHeaders}
	for {
		name, value, off, err := h.next()
		if err != nil {
			return m, err
		}
		if name == nil {
			break
		}
		if err := m.header(name, value, off); err != nil {
			return m, err
		}
	}
	p = h.p
	rest := src[p:]
	switch {
	case m.ContentLength < 0:
		if len(rest) > end-p {
			return m, &Error{Offset: p, Detail: "message larger than MaxMessage", Err: ErrTooLarge}
		}
		m.Body = rest
		m.Len = len(src)
	case m.ContentLength > end-p:
		return m, &Error{Offset: p, Detail: "Content-Length beyond MaxMessage", Err: ErrTooLarge}
	case m.ContentLength > len(rest):
		return m, &Error{Offset: p, Detail: fmt.Sprintf("Content-Length %d, %d octets left", m.ContentLength, len(rest)), Err: ErrTruncated}
	default:
		m.Body = rest[:m.ContentLength:m.ContentLength]
		m.Len = p + m.ContentLength
	}
	m.CSTA, m.CSTAErr = cstaBody(m.ContentType, m.Body, p, &l)
	return m, nil
}

// CSTABody returns the CSTA-XML document of the SIP message in src (see
// Parse), or an *Error saying why there is none.
func CSTABody(src []byte) ([]byte, error) {
	m, err := Parse(src, nil)
	if err != nil {
		return nil, err
	}
	return m.CSTA, m.CSTAErr
}

// truncOrLarge reports a missing line end: beyond the limit, or at the end
// of the input.
func truncOrLarge(src []byte, end, p int, what string) error {
	if len(src) >= end {
		return &Error{Offset: p, Detail: what + " beyond MaxMessage", Err: ErrTooLarge}
	}
	return &Error{Offset: p, Detail: what + " not terminated", Err: ErrTruncated}
}

// readLine returns the line at p without its CR LF (or bare LF) and the
// offset after it; ok is false when no line end comes before end or the end
// of src.
func readLine(src []byte, p, end int) (line []byte, next int, ok bool) {
	w := src
	if end < len(w) {
		w = w[:end]
	}
	i := bytes.IndexByte(w[p:], '\n')
	if i < 0 {
		return nil, 0, false
	}
	line = w[p : p+i]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line, p + i + 1, true
}

// startLine parses a Request-Line or Status-Line.
func (m *Message) startLine(line []byte, off int) error {
	bad := func(d string) error { return &Error{Offset: off, Detail: d, Err: ErrMalformed} }
	if bytes.HasPrefix(line, []byte("SIP/2.0 ")) {
		rest := line[len("SIP/2.0 "):]
		if len(rest) < 3 || (len(rest) > 3 && rest[3] != ' ') {
			return bad("bad Status-Line")
		}
		code := 0
		for _, c := range rest[:3] {
			if c < '0' || c > '9' {
				return bad("bad status code")
			}
			code = code*10 + int(c-'0')
		}
		if code < 100 {
			return bad("bad status code")
		}
		m.StatusCode = code
		m.Reason = []byte{}
		if len(rest) > 4 {
			m.Reason = rest[4:]
		}
		return nil
	}
	sp1 := bytes.IndexByte(line, ' ')
	if sp1 <= 0 {
		return bad("bad Request-Line")
	}
	sp2 := bytes.LastIndexByte(line, ' ')
	if sp2 <= sp1+1 || !bytes.Equal(line[sp2+1:], []byte("SIP/2.0")) {
		return bad("bad Request-Line")
	}
	for _, c := range line[:sp1] {
		if !isToken(c) {
			return bad("bad method")
		}
	}
	m.Method = line[:sp1:sp1]
	m.RequestURI = line[sp1+1 : sp2 : sp2]
	return nil
}

// isToken reports whether c may appear in an RFC 3261 token.
func isToken(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return bytes.IndexByte([]byte("-.!%*_+`'~"), c) >= 0
}

// headerReader reads header fields up to the empty line.
type headerReader struct {
	src    []byte
	p, end int
	max, n int
}

// next returns the next header field (name and value trimmed, a folded
// value still holding its line breaks), or a nil name after the empty line
// that ends the section.
func (h *headerReader) next() (name, value []byte, off int, err error) {
	line, next, ok := readLine(h.src, h.p, h.end)
	if !ok {
		return nil, nil, h.p, truncOrLarge(h.src, h.end, h.p, "header section")
	}
	off = h.p
	if len(line) == 0 {
		h.p = next
		return nil, nil, off, nil
	}
	if line[0] == ' ' || line[0] == '\t' {
		return nil, nil, off, &Error{Offset: off, Detail: "continuation line without a header field", Err: ErrMalformed}
	}
	h.n++
	if h.n > h.max {
		return nil, nil, off, &Error{Offset: off, Detail: "more header fields than MaxHeaders", Err: ErrTooLarge}
	}
	valueEnd := off + len(line)
	// Folded lines (RFC 3261 7.3.1): a line starting with white space
	// continues the field.
	for {
		l2, n2, ok := readLine(h.src, next, h.end)
		if !ok || len(l2) == 0 || (l2[0] != ' ' && l2[0] != '\t') {
			break
		}
		valueEnd = next + len(l2)
		next = n2
	}
	h.p = next
	colon := bytes.IndexByte(line, ':')
	if colon <= 0 {
		return nil, nil, off, &Error{Offset: off, Detail: "header field without a name and colon", Err: ErrMalformed}
	}
	name = bytes.TrimRight(line[:colon], " \t")
	for _, c := range name {
		if !isToken(c) {
			return nil, nil, off, &Error{Offset: off, Detail: "bad header field name", Err: ErrMalformed}
		}
	}
	if len(name) == 0 {
		return nil, nil, off, &Error{Offset: off, Detail: "empty header field name", Err: ErrMalformed}
	}
	value = trimSpace(h.src[off+colon+1 : valueEnd])
	return name, value, off, nil
}

// trimSpace trims SP, HT, CR and LF at both ends.
func trimSpace(b []byte) []byte {
	return bytes.Trim(b, " \t\r\n")
}

// header records the fields Message keeps.
func (m *Message) header(name, value []byte, off int) error {
	switch {
	case eqName(name, "Content-Length", "l"):
		n, ok := parseLength(value)
		if !ok {
			if len(value) > 0 && allDigits(value) {
				return &Error{Offset: off, Detail: "Content-Length too large", Err: ErrTooLarge}
			}
			return &Error{Offset: off, Detail: "bad Content-Length", Err: ErrMalformed}
		}
		if m.ContentLength >= 0 && m.ContentLength != n {
			return &Error{Offset: off, Detail: "conflicting Content-Length fields", Err: ErrMalformed}
		}
		m.ContentLength = n
	case eqName(name, "Content-Type", "c"):
		setOnce(&m.ContentType, value)
	case eqName(name, "Content-Disposition", ""):
		setOnce(&m.ContentDisposition, value)
	case eqName(name, "Call-ID", "i"):
		setOnce(&m.CallID, value)
	case eqName(name, "CSeq", ""):
		setOnce(&m.CSeq, value)
	}
	return nil
}

func setOnce(dst *[]byte, v []byte) {
	if *dst == nil {
		*dst = v[:len(v):len(v)]
	}
}

// eqName compares a header field name case-insensitively with its long and
// (if not empty) compact form.
func eqName(name []byte, long, compact string) bool {
	return bytes.EqualFold(name, []byte(long)) || (compact != "" && bytes.EqualFold(name, []byte(compact)))
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// parseLength parses a decimal Content-Length below 2^31.
func parseLength(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 10 || !allDigits(b) {
		return 0, false
	}
	n, err := strconv.ParseInt(string(b), 10, 32)
	return int(n), err == nil
}

// mediaType returns the type/subtype of a Content-Type value, parameters
// and white space removed.
func mediaType(v []byte) []byte {
	if i := bytes.IndexByte(v, ';'); i >= 0 {
		v = v[:i]
	}
	return trimSpace(v)
}

// param returns the value of parameter name in a Content-Type value,
// unquoted; nil when absent.
func param(v []byte, name string) []byte {
	for {
		i := bytes.IndexByte(v, ';')
		if i < 0 {
			return nil
		}
		v = v[i+1:]
		j := bytes.IndexByte(v, '=')
		if j < 0 {
			return nil
		}
		k := trimSpace(v[:j])
		rest := trimSpace(v[j+1:])
		var val []byte
		if len(rest) > 0 && rest[0] == '"' {
			e := bytes.IndexByte(rest[1:], '"')
			if e < 0 {
				return nil
			}
			val = rest[1 : 1+e]
			v = rest[1+e+1:]
		} else {
			e := bytes.IndexByte(rest, ';')
			if e < 0 {
				e = len(rest)
			}
			val = trimSpace(rest[:e])
			v = rest[e:]
		}
		if bytes.EqualFold(k, []byte(name)) {
			return val
		}
	}
}

// cstaBody finds the CSTA document of a body of type ctype that starts at
// offset off of the input.
func cstaBody(ctype, body []byte, off int, l *Limits) ([]byte, error) {
	mt := mediaType(ctype)
	switch {
	case len(body) == 0:
		return nil, &Error{Offset: off, Detail: "no body", Err: ErrNotCSTA}
	case bytes.EqualFold(mt, []byte(CSTAContentType)):
		return checkXML(body, off)
	case bytes.EqualFold(mt, []byte("multipart/mixed")):
		b := param(ctype, "boundary")
		if len(b) == 0 || len(b) > 70 {
			return nil, &Error{Offset: off, Detail: "multipart body without a valid boundary", Err: ErrMalformed}
		}
		return multipartCSTA(body, b, off, l)
	case ctype == nil:
		return nil, &Error{Offset: off, Detail: "body without Content-Type", Err: ErrNotCSTA}
	}
	if len(mt) > 64 {
		mt = mt[:64] // the error's size must not follow the input's
	}
	return nil, &Error{Offset: off, Detail: "body of type " + strconv.Quote(string(mt)), Err: ErrNotCSTA}
}

// checkXML accepts a document whose first non-blank octet (after a UTF-8
// byte order mark) is '<'.
func checkXML(body []byte, off int) ([]byte, error) {
	b := bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 || b[0] != '<' {
		return nil, &Error{Offset: off, Detail: "csta+xml body is not XML", Err: ErrNotCSTA}
	}
	return body, nil
}

// multipartCSTA returns the first application/csta+xml part of a
// multipart body with the given boundary.
func multipartCSTA(body, boundary []byte, off int, l *Limits) ([]byte, error) {
	delim := make([]byte, 0, 2+len(boundary))
	delim = append(append(delim, '-', '-'), boundary...)
	// The first delimiter starts the body or a line.
	p, ok := findDelimiter(body, 0, delim)
	if !ok {
		return nil, &Error{Offset: off, Detail: "multipart body without its boundary", Err: ErrMalformed}
	}
	for parts := 0; ; parts++ {
		if parts >= l.MaxParts {
			return nil, &Error{Offset: off + p, Detail: "more parts than MaxParts", Err: ErrTooLarge}
		}
		q := p + len(delim)
		if bytes.HasPrefix(body[q:], []byte("--")) {
			return nil, &Error{Offset: off, Detail: "no application/csta+xml part", Err: ErrNotCSTA}
		}
		// Transport padding, then the line end.
		for q < len(body) && (body[q] == ' ' || body[q] == '\t') {
			q++
		}
		_, q, ok = readLine(body, q, len(body))
		if !ok {
			return nil, &Error{Offset: off + p, Detail: "multipart delimiter line not terminated", Err: ErrMalformed}
		}
		next, ok := findDelimiter(body, q, delim)
		if !ok {
			return nil, &Error{Offset: off + q, Detail: "multipart part without a closing delimiter", Err: ErrMalformed}
		}
		// The part ends before the CR LF that precedes the delimiter.
		partEnd := next
		if partEnd > q && body[partEnd-1] == '\n' {
			partEnd--
			if partEnd > q && body[partEnd-1] == '\r' {
				partEnd--
			}
		}
		part := body[q:partEnd:partEnd]
		var ctype []byte
		h := headerReader{src: part, end: len(part), max: l.MaxHeaders}
		for {
			name, value, hoff, err := h.next()
			if err != nil {
				var e *Error
				if errors.As(err, &e) {
					e.Offset = off + q + hoff
					if e.Err == ErrTruncated {
						e.Err = ErrMalformed
					}
				}
				return nil, err
			}
			if name == nil {
				break
			}
			if eqName(name, "Content-Type", "c") && ctype == nil {
				ctype = value
			}
		}
		if bytes.EqualFold(mediaType(ctype), []byte(CSTAContentType)) {
			return checkXML(part[h.p:], off+q+h.p)
		}
		p = next
	}
}

// findDelimiter returns the offset of the next delimiter at or after p
// that starts the body or a line.
func findDelimiter(body []byte, p int, delim []byte) (int, bool) {
	for p <= len(body) {
		i := bytes.Index(body[p:], delim)
		if i < 0 {
			return 0, false
		}
		at := p + i
		if at == 0 || body[at-1] == '\n' {
			return at, true
		}
		p = at + 1
	}
	return 0, false
}

// Extract returns the CSTA-XML document of a body whose Content-Type value
// is contentType: the body itself for application/csta+xml, or its first
// application/csta+xml part for multipart/mixed. It is what Parse does
// after the header section, for bodies that a SIP stack has already
// separated. lim may be nil for the defaults.
func Extract(contentType, body []byte, lim *Limits) ([]byte, error) {
	l := lim.resolve()
	if len(body) > l.MaxMessage {
		return nil, &Error{Detail: "body larger than MaxMessage", Err: ErrTooLarge}
	}
	return cstaBody(contentType, body, 0, &l)
}

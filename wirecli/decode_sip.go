package wirecli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cstagen/cstagen/internal/capture"
	"github.com/cstagen/cstagen/uacsta/sipmsg"
)

// CSTA over SIP (ECMA TR/87, uaCSTA): the decode command finds SIP
// messages in text files (one message after the other, as logs print
// them), in TCP streams and in UDP datagrams of captures, and decodes the
// CSTA-XML document each carries (application/csta+xml, or that part of a
// multipart/mixed body), with the SIP context: the request's method and
// URI or the response's status, Call-ID and CSeq. sipmsg does the SIP
// parsing, bounded by -max-sip; a message without a CSTA document (an
// ACK, an empty 200 OK, an SDP body) is shown with its SIP context only.

// sipState is the SIP side of a stream.
type sipState struct {
	fr     *sipmsg.Framer // the SIP framing of a TCP stream, or a file read as SIP
	ctx    *sipInfo       // the SIP message whose CSTA body is being decoded
	note   string         // a note on how that message was read
	joined bool           // the capture began inside a SIP message
}

// sipInfo is the SIP context of a decoded message (the -json "sip"
// object).
type sipInfo struct {
	Method      string `json:"method,omitempty"`
	RequestURI  string `json:"requestUri,omitempty"`
	Status      int    `json:"status,omitempty"`
	Reason      string `json:"reason,omitempty"`
	CallID      string `json:"callId,omitempty"`
	CSeq        string `json:"cseq,omitempty"`
	ContentType string `json:"contentType,omitempty"`
	// Offset and Length place the whole SIP message in the stream (the
	// record's offset and length are those of its CSTA document).
	Offset int64 `json:"offset"`
	Length int   `json:"length"`
	// Note says how the message was read when it was not as written.
	Note string `json:"note,omitempty"`
}

// sipFieldMax bounds the octets of a SIP header value that are printed.
const sipFieldMax = 200

// sipField turns a SIP header value into printable text: as it is when it
// is printable UTF-8, else quoted; cut at sipFieldMax octets.
func sipField(b []byte) string {
	cut := len(b) > sipFieldMax
	if cut {
		b = b[:sipFieldMax]
	}
	s := string(b)
	if !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		s = strconv.Quote(s)
	}
	if cut {
		s += "..."
	}
	return s
}

func newSIPInfo(m *sipmsg.Message, off int64) *sipInfo {
	si := &sipInfo{
		Method:      sipField(m.Method),
		RequestURI:  sipField(m.RequestURI),
		Status:      m.StatusCode,
		Reason:      sipField(m.Reason),
		CallID:      sipField(m.CallID),
		CSeq:        sipField(m.CSeq),
		ContentType: sipField(m.ContentType),
		Offset:      off,
		Length:      m.Len,
	}
	return si
}

// line is the text form: "SIP INFO sip:gw@pbx, Call-ID 3a7f, CSeq 2 INFO".
func (si *sipInfo) line() string {
	var b strings.Builder
	b.WriteString("SIP ")
	if si.Status != 0 {
		fmt.Fprintf(&b, "%d %s", si.Status, si.Reason)
	} else {
		b.WriteString(si.Method + " " + si.RequestURI)
	}
	if si.CallID != "" {
		b.WriteString(", Call-ID " + si.CallID)
	}
	if si.CSeq != "" {
		b.WriteString(", CSeq " + si.CSeq)
	}
	s := strings.TrimRight(b.String(), " ")
	if si.Note != "" {
		s += " (" + si.Note + ")"
	}
	return s
}

// looksSIP reports whether b starts (after blank lines) with a SIP start
// line, or with the start of one when b ends before the line does (the
// first octets of a TCP stream): "SIP/2.0 " or a method token, a space and
// a URI scheme with its colon.
func looksSIP(b []byte) bool {
	b = bytes.TrimLeft(b, "\r\n")
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return sipmsg.IsStartLine(bytes.TrimSuffix(b[:i], []byte("\r")))
	}
	if bytes.HasPrefix(b, []byte("SIP/2.0 ")) {
		return true
	}
	sp := bytes.IndexByte(b, ' ')
	if sp <= 0 {
		return false
	}
	for _, c := range b[:sp] {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("-.!%*_+`'~", c) >= 0) {
			return false
		}
	}
	scheme := b[sp+1:]
	colon := bytes.IndexByte(scheme, ':')
	if colon <= 0 {
		return false
	}
	for i, c := range scheme[:colon] {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}

// sipText reports whether a file is read as SIP text (-framing sip, or
// auto and it starts with a SIP start line), not as hex.
func (d *decoder) sipText(data []byte) bool {
	return d.flags.framing == "sip" || d.flags.framing == "auto" && looksSIP(data)
}

// decideSIP picks the SIP framing for a stream when -framing says so or
// its first octets look like SIP. A TCP stream whose capture began inside
// a SIP message (a long-lived uaCSTA dialog) is SIP too when a start line
// comes in its first octets (sipUndecided waits for one); the octets
// before it are skipped with a notice.
func (s *stream) decideSIP(kind string) bool {
	start := looksSIP(s.head)
	inside := !start && s.tcp && (kind == "sip" || kind == "auto") && startLineInside(s.head)
	if kind != "sip" && (kind != "auto" || !start && !inside) {
		return false
	}
	s.sip.fr = sipmsg.NewFramer(s.d.sipLimits())
	if inside {
		s.sip.fr.Skip(0) // resume at the first start line
		s.sip.joined = true
	}
	return true
}

// sipJoinWindow bounds the first octets of a TCP stream held while
// looking for a SIP start line inside them.
const sipJoinWindow = 8 << 10

// sipUndecided reports whether the framing of a TCP stream should wait
// for more octets: its first ones are text that does not start with a SIP
// start line (the capture may have begun inside a SIP message), no start
// line has come yet, and fewer than sipJoinWindow octets are held.
func (s *stream) sipUndecided() bool {
	f := s.d.flags.framing
	if !s.tcp || f != "auto" && f != "sip" || len(s.head) >= sipJoinWindow || looksSIP(s.head) || startLineInside(s.head) {
		return false
	}
	for _, c := range s.head {
		if c < 0x20 && c != '\r' && c != '\n' && c != '\t' || c == 0x7f {
			return false // not text: BER, or CSTA-XML behind its header
		}
	}
	return true
}

// startLineInside reports whether b holds a whole SIP start line after
// its first line: at a line start, or glued to the end of a body.
func startLineInside(b []byte) bool {
	i := bytes.IndexByte(b, '\n')
	return i >= 0 && sipmsg.IndexStart(b[i+1:], false) >= 0 || i > 0 && sipmsg.IndexStart(b[:i+1], false) > 0
}

func (d *decoder) sipLimits() *sipmsg.Limits {
	return &sipmsg.Limits{MaxMessage: d.flags.maxSIP}
}

// pushSIP frames the SIP messages of a stream: a TCP stream with
// sipmsg.Framer as its octets come, a file with sipmsg.Scanner once it is
// whole (a file of messages as logs print them: a message without
// Content-Length ends at the next start line).
func (s *stream) pushSIP(p []byte) {
	if !s.tcp {
		s.fr.own = append(s.fr.own, p...)
		if !s.fr.done {
			return
		}
		sc := sipmsg.NewScanner(s.fr.own, s.d.sipLimits())
		for {
			m, off, err := sc.Next()
			if err == io.EOF {
				return
			}
			if errors.Is(err, sipmsg.ErrTruncated) && s.restoreCRLF(off) {
				continue
			}
			s.sipMessage(&m, int64(off), err)
		}
	}
	f := s.sip.fr
	f.Write(p)
	if s.fr.done {
		f.Close()
	}
	for {
		m, off, err := f.Next()
		if err == io.EOF {
			return
		}
		if s.sip.joined {
			s.sip.joined = false
			s.notice("the capture begins inside a SIP message: the %d octets before the first start line are skipped", off)
		}
		s.sipMessage(&m, off, err)
	}
}

// crlfNote is the SIP note of a message read with its line ends restored.
const crlfNote = "read with CR LF line ends: its Content-Length counts them, the text has LF"

// restoreCRLF reads again the message of a text file at off that its
// Content-Length says is truncated, with its LF line ends turned back
// into CR LF (as a log or an editor turns them, while Content-Length
// still counts the CR LF): when that makes the message end where the next
// one starts, it is decoded so (offsets inside it are those of the copy)
// and restoreCRLF reports true.
func (s *stream) restoreCRLF(off int) bool {
	src := s.fr.own
	end := len(src)
	for p := off; p < len(src); {
		e := bytes.IndexByte(src[p:], '\n')
		if e < 0 {
			break
		}
		p += e + 1
		if line := bytes.TrimRight(src[p:p+lineLen(src[p:])], "\r"); sipmsg.IsStartLine(line) {
			end = p
			break
		}
	}
	text := src[off:end]
	if len(text) > 2*s.d.flags.maxSIP || bytes.Contains(text, []byte("\r\n")) {
		return false // longer than a message may be with its CRs, or not converted
	}
	fixed := bytes.ReplaceAll(text, []byte("\n"), []byte("\r\n"))
	m, err := sipmsg.Parse(fixed, s.d.sipLimits())
	if err != nil || m.ContentLength < 0 || len(bytes.Trim(fixed[m.Len:], "\r\n")) != 0 {
		return false
	}
	s.sip.note = crlfNote
	s.sipMessage(&m, int64(off), nil)
	s.sip.note = ""
	return true
}

// lineLen returns the length of the first line of b without its LF.
func lineLen(b []byte) int {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return i
	}
	return len(b)
}

// sipGap tells the SIP framing of a stream that n octets are missing.
func (s *stream) sipGap(n int64) { s.sip.fr.Skip(n) }

// datagram decodes a UDP datagram of a capture: a SIP message, whole
// (RFC 3261 18.3: over UDP the body runs to the end of the datagram).
// Datagrams that are not SIP (DNS, RTP, STUN, keep-alives) are counted.
func (d *decoder) datagram(f capture.Flow, ts time.Time, p []byte) {
	if len(bytes.Trim(p, "\r\n")) == 0 {
		return // a keep-alive (RFC 5626 4.4.1)
	}
	if d.flags.framing != "sip" && !looksSIP(p) {
		d.notSIP++
		return
	}
	s := &stream{d: d, flow: "udp " + f.String(), ts: ts, decided: true}
	m, err := sipmsg.Parse(p, d.sipLimits())
	s.sipMessage(&m, 0, err)
}

// sipMessage prints one SIP message found at stream offset off: its CSTA
// document decoded, or the SIP context alone.
func (s *stream) sipMessage(m *sipmsg.Message, off int64, err error) {
	d := s.d
	if err != nil {
		d.count++
		d.failed++
		r := &record{Index: d.count, Offset: off, Flow: s.flow, Encoding: "sip", Error: err.Error()}
		var e *sipmsg.Error
		if errors.As(err, &e) {
			o := off + int64(e.Offset)
			r.ErrorStreamOffset = &o
		}
		s.sipRecord(r)
		return
	}
	si := newSIPInfo(m, off)
	si.Note = s.sip.note
	if m.CSTA != nil {
		s.sip.ctx = si
		d.message(s, off+int64(viewOffset(m, m.CSTA)), m.CSTA, true, -1)
		s.sip.ctx = nil
		return
	}
	d.count++
	r := &record{Index: d.count, Offset: off, Length: m.Len, Flow: s.flow, Encoding: "sip", SIP: si}
	switch {
	case errors.Is(m.CSTAErr, sipmsg.ErrMalformed) || bytes.EqualFold(mediaType(m.ContentType), []byte(sipmsg.CSTAContentType)):
		// A broken multipart body, or a csta+xml body that is no XML.
		d.failed++
		r.Error = m.CSTAErr.Error()
	case len(m.Body) == 0:
		r.Note = "no body"
	default:
		r.Note = "no CSTA body: " + m.CSTAErr.Error()
	}
	r.raw = m.Body
	s.sipRecord(r)
}

// sipRecord prints a record of a SIP message without a CSTA document.
func (s *stream) sipRecord(r *record) {
	if s.d.multi || s.d.flags.json {
		r.File = s.d.file
	}
	if !s.ts.IsZero() {
		r.Time = s.ts.UTC().Format("2006-01-02T15:04:05.000000Z")
	}
	s.d.print(r)
}

// mediaType returns the type/subtype of a Content-Type value.
func mediaType(v []byte) []byte {
	if i := bytes.IndexByte(v, ';'); i >= 0 {
		v = v[:i]
	}
	return bytes.TrimSpace(v)
}

// viewOffset returns the offset of part, a view of m's body, from the
// start of the message.
func viewOffset(m *sipmsg.Message, part []byte) int {
	start := m.Len - len(m.Body)
	if len(part) == 0 {
		return start
	}
	for i := range m.Body {
		if &m.Body[i] == &part[0] {
			return start + i
		}
	}
	return start
}

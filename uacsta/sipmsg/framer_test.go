package sipmsg

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// framed is what a Framer returns for one message, for comparisons.
type framed struct {
	Off    int64
	Method string
	Status int
	CallID string
	CSTA   string
	Err    error
}

// frameAll feeds src to a Framer in pieces of at most chunk octets
// (everything at once when chunk <= 0), collecting what Next returns after
// each Write and after Close. It fails the test when the Framer holds more
// than a message and a piece.
func frameAll(t testing.TB, src []byte, chunk int, lim *Limits) []framed {
	t.Helper()
	f := NewFramer(lim)
	max := lim.resolve().MaxMessage
	var got []framed
	drain := func() {
		for range len(src) + 2 {
			m, off, err := f.Next()
			if err == io.EOF {
				return
			}
			r := framed{Off: off, Method: string(m.Method), Status: m.StatusCode, CallID: string(m.CallID), CSTA: string(m.CSTA)}
			if err != nil {
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("error %v (%T) is not an *Error", err, err)
				}
				r.Err = e.Err
			}
			got = append(got, r)
		}
		t.Fatalf("Next did not return io.EOF")
	}
	if chunk <= 0 {
		chunk = len(src) + 1
	}
	for p := 0; p < len(src); p += chunk {
		piece := src[p:min(len(src), p+chunk)]
		f.Write(piece)
		drain()
		if f.Buffered() > max+len(piece) {
			t.Fatalf("the Framer holds %d octets after a piece of %d (MaxMessage %d)", f.Buffered(), len(piece), max)
		}
	}
	f.Close()
	drain()
	return got
}

var errComparer = cmp.Comparer(func(a, b error) bool { return a == b })

// TestFramer frames a TCP stream of uaCSTA messages, fed whole and in
// pieces of every size from 1 octet: the INVITE, its 200 OK, an INFO with a
// body holding a start line, a message without Content-Length, a
// malformed one and keep-alive blank lines; every feeding finds the same
// messages at the same offsets.
func TestFramer(t *testing.T) {
	invite := crlf(fmt.Sprintf("INVITE sip:rcc@gw SIP/2.0\nCall-ID: c1\nCSeq: 1 INVITE\nContent-Type: application/csta+xml\nContent-Length: %d\n\n", len(doc))) + doc
	ok := crlf("SIP/2.0 200 OK\nCall-ID: c1\nCSeq: 1 INVITE\nContent-Length: 0\n\n")
	frag := "SIP/2.0 180 Ringing\r\n"
	sipfrag := info(fmt.Sprintf("Content-Type: message/sipfrag\nContent-Length: %d\n", len(frag)), frag)
	bad := crlf("INFO sip:gw SIP/2.0\nContent-Length: x\n\n")
	junk := "garbage that is no SIP\r\nmore garbage\r\n"
	noCL := crlf("INFO sip:gw SIP/2.0\nCall-ID: c3\nContent-Type: application/csta+xml\n\n") + "<E/>\r\n"
	last := crlf("SIP/2.0 200 OK\nCall-ID: c4\nContent-Length: 0\n\n")
	src := invite + "\r\n\r\n" + ok + sipfrag + bad + junk + noCL + last
	o := func(parts ...string) int64 { return int64(len(strings.Join(parts, ""))) }
	want := []framed{
		{Off: 0, Method: "INVITE", CallID: "c1", CSTA: doc},
		{Off: o(invite, "\r\n\r\n"), Status: 200, CallID: "c1"},
		{Off: o(invite, "\r\n\r\n", ok), Method: "INFO", CallID: "abc@127.0.0.1"},
		{Off: o(invite, "\r\n\r\n", ok, sipfrag), Err: ErrMalformed},
		{Off: o(invite, "\r\n\r\n", ok, sipfrag, bad, junk), Method: "INFO", CallID: "c3", CSTA: "<E/>\r\n"},
		{Off: o(invite, "\r\n\r\n", ok, sipfrag, bad, junk, noCL), Status: 200, CallID: "c4"},
	}
	for _, chunk := range []int{0, 1, 2, 3, 5, 7, 16, 64, 100, 500} {
		got := frameAll(t, []byte(src), chunk, nil)
		if d := cmp.Diff(want, got, errComparer); d != "" {
			t.Errorf("pieces of %d: -want +got\n%s", chunk, d)
		}
	}
}

// TestFramerHostile: a huge Content-Length, an endless header section, an
// endless line and a truncated end, in a stream fed in pieces: each is a
// typed error, the Framer holds no more than MaxMessage and a piece, and
// the message after each is found.
func TestFramerHostile(t *testing.T) {
	lim := &Limits{MaxMessage: 4096}
	next := crlf("SIP/2.0 200 OK\nCall-ID: after\nContent-Length: 0\n\n")
	huge := crlf("INFO sip:gw SIP/2.0\nContent-Length: 2000000000\n\n") + strings.Repeat("<x/>", 3000) + "\r\n"
	headers := "INFO sip:gw SIP/2.0\r\n" + strings.Repeat("X-Filler: 0123456789\r\n", 1000)
	line := "INFO sip:" + strings.Repeat("a", 50000) + " SIP/2.0\r\n"
	trunc := crlf("INFO sip:gw SIP/2.0\nCall-ID: t\nContent-Length: 100\n\n") + "<short/>"
	tests := []struct {
		name, src string
		want      []framed
	}{
		{"huge Content-Length", huge + next, []framed{{Err: ErrTooLarge}, {Off: int64(len(huge)), Status: 200, CallID: "after"}}},
		{"endless headers", headers + next, []framed{{Err: ErrTooLarge}, {Off: int64(len(headers)), Status: 200, CallID: "after"}}},
		{"endless line", line + next, []framed{{Err: ErrTooLarge}, {Off: int64(len(line)), Status: 200, CallID: "after"}}},
		{"truncated", next + trunc, []framed{{Status: 200, CallID: "after"}, {Off: int64(len(next)), Err: ErrTruncated}}},
	}
	for _, tc := range tests {
		for _, chunk := range []int{1, 1460, 0} {
			got := frameAll(t, []byte(tc.src), chunk, lim)
			if d := cmp.Diff(tc.want, got, errComparer); d != "" {
				t.Errorf("%s, pieces of %d: -want +got\n%s", tc.name, chunk, d)
			}
		}
	}
}

// TestFramerSkip: a gap in the stream drops the partial message and
// framing resumes at the next start line after it.
func TestFramerSkip(t *testing.T) {
	m1 := crlf("SIP/2.0 200 OK\nCall-ID: one\nContent-Length: 0\n\n")
	m2 := crlf("SIP/2.0 200 OK\nCall-ID: two\nContent-Length: 0\n\n")
	f := NewFramer(nil)
	f.Write([]byte(m1[:20]))
	if _, _, err := f.Next(); err != io.EOF {
		t.Fatalf("partial message: %v", err)
	}
	f.Skip(10)
	f.Write([]byte(m1[30:] + m2))
	f.Close()
	m, off, err := f.Next()
	if err != nil || string(m.CallID) != "two" || off != int64(len(m1)) {
		t.Fatalf("after the gap: %q at %d, %v; want two at %d", m.CallID, off, err, len(m1))
	}
	if _, _, err := f.Next(); err != io.EOF {
		t.Fatalf("at the end: %v", err)
	}
}

// TestFramerGlued: after a bad message, the Framer finds the next start
// line glued to the end of a body without CR LF, as messages follow each
// other on a stream.
func TestFramerGlued(t *testing.T) {
	huge := crlf("INFO sip:gw SIP/2.0\nCall-ID: h\nContent-Length: 99999999\n\n") + "<MonitorStart/>"
	req := crlf("INFO sip:gw SIP/2.0\nCall-ID: r\nContent-Length: 4\n\n") + "<a/>"
	resp := crlf("SIP/2.0 200 OK\nCall-ID: s\nContent-Length: 0\n\n")
	src := huge + req + "<b/>" + resp
	want := []framed{
		{Err: ErrTooLarge},
		{Off: int64(len(huge)), Method: "INFO", CallID: "r"},
		{Off: int64(len(huge + req)), Err: ErrMalformed},
		{Off: int64(len(huge + req + "<b/>")), Status: 200, CallID: "s"},
	}
	for _, chunk := range []int{0, 1, 13} {
		if d := cmp.Diff(want, frameAll(t, []byte(src), chunk, nil), errComparer); d != "" {
			t.Errorf("pieces of %d: -want +got\n%s", chunk, d)
		}
	}
}

func TestIndexStart(t *testing.T) {
	for in, want := range map[string]int{
		"INFO sip:a SIP/2.0\r\n":                  0,
		"x\r\nSIP/2.0 200 OK\r\n":                 3,
		"</a>INFO sip:a SIP/2.0\r\n":              4,
		"textINFO sip:a SIP/2.0\r\n":              4,
		"</a>SIP/2.0 486 Busy Here\r\n":           4,
		"Via: SIP/2.0/TCP h\r\n":                  -1,
		"</a>INFO sip:a SIP/2.0":                  -1, // not a whole line yet
		"<a>x</a>\r\n\r\n":                        -1,
		"Subject: call me SIP/2.0\r\n":            -1,
		"</MonitorStart>INFO sip:gw SIP/2.0\nVia": 15,
	} {
		if got := IndexStart([]byte(in), false); got != want {
			t.Errorf("IndexStart(%q) = %d, want %d", in, got, want)
		}
	}
	if got := IndexStart([]byte("</a>INFO sip:a SIP/2.0"), true); got != 4 {
		t.Errorf("at EOF: %d, want 4", got)
	}
}

func TestIsStartLine(t *testing.T) {
	for line, want := range map[string]bool{
		"INVITE sip:a@b SIP/2.0": true,
		"SIP/2.0 200 OK":         true,
		"SIP/2.0 100":            true,
		"INFO sip:a SIP/2.1":     false,
		"SIP/2.0 20 OK":          false,
		"<MonitorStart>":         false,
		"":                       false,
	} {
		if got := IsStartLine([]byte(line)); got != want {
			t.Errorf("IsStartLine(%q) = %v", line, got)
		}
	}
}

// TestFramerLinear: messages arriving one octet at a time (a hostile
// capture of one-octet TCP segments) cost linear time: the octets looked
// at stay within a few times the stream, not once per octet.
func TestFramerLinear(t *testing.T) {
	body := strings.Repeat("<x/>\r\n", 2000)
	noCL := crlf("INFO sip:gw SIP/2.0\nCall-ID: n\nContent-Type: application/csta+xml\n\n") + body
	withCL := info(fmt.Sprintf("Content-Type: application/csta+xml\nContent-Length: %d\n", len(body)), body)
	junk := strings.Repeat("no start line here\r\n", 3000)
	for _, tc := range []struct {
		name string
		src  string
		msgs int
	}{
		{"with Content-Length", withCL + withCL, 2},
		{"without Content-Length", noCL + withCL, 2},
		{"skipping junk", "x\r\n" + junk + withCL, 2},
	} {
		f := NewFramer(nil)
		n := 0
		for i := range len(tc.src) {
			f.Write([]byte{tc.src[i]})
			for {
				_, _, err := f.Next()
				if err == io.EOF {
					break
				}
				n++
			}
		}
		f.Close()
		for {
			if _, _, err := f.Next(); err == io.EOF {
				break
			}
			n++
		}
		if n != tc.msgs {
			t.Errorf("%s: %d messages and errors, want %d", tc.name, n, tc.msgs)
		}
		if limit := 8 * len(tc.src); f.work > limit {
			t.Errorf("%s: %d octets looked at for %d octets in one-octet pieces (limit %d)", tc.name, f.work, len(tc.src), limit)
		}
	}
}

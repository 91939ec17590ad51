package sipmsg

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const doc = `<?xml version="1.0"?><MonitorStart xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed3"><monitorObject><deviceObject>tel:73124</deviceObject></monitorObject></MonitorStart>`

// crlf turns the LF line ends of a test message into CR LF.
func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

// info is an INFO carrying body with the given extra header lines.
func info(headers, body string) string {
	return crlf("INFO sip:gw@127.0.0.1 SIP/2.0\n"+
		"Via: SIP/2.0/TCP 127.0.0.1:5061;branch=z9hG4bK1\n"+
		"Call-ID: abc@127.0.0.1\n"+
		"CSeq: 2 INFO\n"+headers+"\n") + body
}

func TestParse(t *testing.T) {
	type result struct {
		Method, URI, Reason, CallID, CSeq, CType, CDisp string
		Status, CL, Len                                 int
		Body, CSTA                                      string
		CSTAErr                                         error
	}
	multipart := "--b1\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n--b1\r\nContent-Type: application/csta+xml\r\n\r\n" + doc + "\r\n--b1--\r\n"
	tests := []struct {
		name string
		in   string
		want result
	}{
		{"info", info(fmt.Sprintf("Content-Type: application/csta+xml\nContent-Disposition: signal;handling=required\nContent-Length: %d\n", len(doc)), doc),
			result{Method: "INFO", URI: "sip:gw@127.0.0.1", CallID: "abc@127.0.0.1", CSeq: "2 INFO", CType: "application/csta+xml",
				CDisp: "signal;handling=required", CL: len(doc), Body: doc, CSTA: doc}},
		{"compact forms", info(fmt.Sprintf("c: Application/CSTA+XML ; charset=utf-8\nl:%d\ni: other\n", len(doc)), doc+"TRAILER"),
			result{Method: "INFO", URI: "sip:gw@127.0.0.1", CallID: "abc@127.0.0.1", CSeq: "2 INFO", CType: "Application/CSTA+XML ; charset=utf-8",
				CL: len(doc), Body: doc, CSTA: doc}},
		{"response, LF only, no Content-Length", "SIP/2.0 200 OK\nCall-ID: x\nContent-Type: application/csta+xml\n\n" + doc,
			result{Status: 200, Reason: "OK", CallID: "x", CType: "application/csta+xml", CL: -1, Body: doc, CSTA: doc}},
		{"folded header", info("Content-Type:\n  application/csta+xml\nContent-Length: 5\n", "<a/>\n"),
			result{Method: "INFO", URI: "sip:gw@127.0.0.1", CallID: "abc@127.0.0.1", CSeq: "2 INFO", CType: "application/csta+xml", CL: 5, Body: "<a/>\n", CSTA: "<a/>\n"}},
		{"multipart", info(fmt.Sprintf("Content-Type: multipart/mixed;boundary=\"b1\"\nContent-Length: %d\n", len(multipart)), multipart),
			result{Method: "INFO", URI: "sip:gw@127.0.0.1", CallID: "abc@127.0.0.1", CSeq: "2 INFO", CType: `multipart/mixed;boundary="b1"`, CL: len(multipart), Body: multipart, CSTA: doc}},
		{"sdp only", info("Content-Type: application/sdp\nContent-Length: 5\n", "v=0\r\n"),
			result{Method: "INFO", URI: "sip:gw@127.0.0.1", CallID: "abc@127.0.0.1", CSeq: "2 INFO", CType: "application/sdp", CL: 5, Body: "v=0\r\n", CSTAErr: ErrNotCSTA}},
		{"csta type, not xml", info("Content-Type: application/csta+xml\nContent-Length: 5\n", "hello"),
			result{Method: "INFO", URI: "sip:gw@127.0.0.1", CallID: "abc@127.0.0.1", CSeq: "2 INFO", CType: "application/csta+xml", CL: 5, Body: "hello", CSTAErr: ErrNotCSTA}},
		{"empty body", "\r\n\r\n" + crlf("SIP/2.0 200 OK\nContent-Length: 0\n\n"),
			result{Status: 200, Reason: "OK", CL: 0, Body: "", CSTAErr: ErrNotCSTA}},
		{"multipart without csta", info("Content-Type: multipart/mixed;boundary=zz\nContent-Length: 46\n", "--zz\r\nContent-Type: text/plain\r\n\r\nhi\r\n--zz--\r\n"),
			result{Method: "INFO", URI: "sip:gw@127.0.0.1", CallID: "abc@127.0.0.1", CSeq: "2 INFO", CType: "multipart/mixed;boundary=zz", CL: 46, Body: "--zz\r\nContent-Type: text/plain\r\n\r\nhi\r\n--zz--\r\n", CSTAErr: ErrNotCSTA}},
		{"multipart without boundary param", info("Content-Type: multipart/mixed\nContent-Length: 4\n", "--zz"),
			result{Method: "INFO", URI: "sip:gw@127.0.0.1", CallID: "abc@127.0.0.1", CSeq: "2 INFO", CType: "multipart/mixed", CL: 4, Body: "--zz", CSTAErr: ErrMalformed}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse([]byte(tt.in), nil)
			if err != nil {
				t.Fatal(err)
			}
			got := result{Method: string(m.Method), URI: string(m.RequestURI), Reason: string(m.Reason), CallID: string(m.CallID),
				CSeq: string(m.CSeq), CType: string(m.ContentType), CDisp: string(m.ContentDisposition), Status: m.StatusCode,
				CL: m.ContentLength, Body: string(m.Body), CSTA: string(m.CSTA)}
			if m.CSTAErr != nil {
				var e *Error
				if !errors.As(m.CSTAErr, &e) {
					t.Fatalf("CSTAErr %T is not an *Error", m.CSTAErr)
				}
				got.CSTAErr = e.Err
			}
			want := tt.want
			want.Len = len(tt.in)
			if strings.HasSuffix(tt.in, "TRAILER") {
				want.Len -= len("TRAILER")
			}
			got.Len = m.Len
			if d := cmp.Diff(want, got, cmp.Comparer(func(a, b error) bool { return a == b })); d != "" {
				t.Errorf("-want +got\n%s", d)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"empty", "", ErrTruncated},
		{"blank lines", "\r\n\r\n", ErrTruncated},
		{"garbage start line", "hello world\r\n\r\n", ErrMalformed},
		{"bad status", "SIP/2.0 2x0 OK\r\n\r\n", ErrMalformed},
		{"status below 100", "SIP/2.0 099 OK\r\n\r\n", ErrMalformed},
		{"bad method", "IN<FO sip:a SIP/2.0\r\n\r\n", ErrMalformed},
		{"no end of headers", "INFO sip:a SIP/2.0\r\nVia: x\r\n", ErrTruncated},
		{"header without colon", "INFO sip:a SIP/2.0\r\nVia x\r\n\r\n", ErrMalformed},
		{"continuation first", "INFO sip:a SIP/2.0\r\n x\r\n\r\n", ErrMalformed},
		{"bad content-length", "INFO sip:a SIP/2.0\r\nContent-Length: 1e3\r\n\r\n", ErrMalformed},
		{"negative content-length", "INFO sip:a SIP/2.0\r\nl: -1\r\n\r\n", ErrMalformed},
		{"conflicting content-length", "INFO sip:a SIP/2.0\r\nl: 1\r\nContent-Length: 2\r\n\r\nab", ErrMalformed},
		{"huge content-length", "INFO sip:a SIP/2.0\r\nContent-Length: 99999999999999999999\r\n\r\n", ErrTooLarge},
		{"content-length beyond limit", "INFO sip:a SIP/2.0\r\nContent-Length: 2147483647\r\n\r\n", ErrTooLarge},
		{"truncated body", "INFO sip:a SIP/2.0\r\nContent-Length: 10\r\n\r\nabc", ErrTruncated},
		{"too many headers", "INFO sip:a SIP/2.0\r\n" + strings.Repeat("X: y\r\n", DefaultMaxHeaders+1) + "\r\n", ErrTooLarge},
		{"endless header line", "INFO sip:a SIP/2.0\r\nX: " + strings.Repeat("y", DefaultMaxMessage), ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in), nil)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v (%T) is not an *Error", err, err)
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	mp := "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n"
	in := info(fmt.Sprintf("Content-Type: multipart/mixed; boundary=b\nContent-Length: %d\n", len(mp)), mp)
	m, err := Parse([]byte(in), &Limits{MaxParts: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(m.CSTAErr, ErrTooLarge) {
		t.Errorf("two parts with MaxParts 1: CSTAErr %v, want ErrTooLarge", m.CSTAErr)
	}
	if _, err := Parse([]byte(in), &Limits{MaxMessage: 100}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("MaxMessage 100: %v, want ErrTooLarge", err)
	}
	if _, err := Parse([]byte(in), &Limits{MaxHeaders: 3}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("MaxHeaders 3: %v, want ErrTooLarge", err)
	}
}

// TestStream reads two messages from one buffer through Len.
func TestStream(t *testing.T) {
	one := info(fmt.Sprintf("Content-Type: application/csta+xml\nContent-Length: %d\n", len(doc)), doc)
	in := []byte(one + "\r\n" + one)
	var docs int
	for p, i := 0, 0; p < len(in) && i < 4; i++ {
		m, err := Parse(in[p:], nil)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(m.CSTA, []byte(doc)) {
			t.Fatalf("message %d: CSTA %q", i, m.CSTA)
		}
		docs++
		p += m.Len
	}
	if docs != 2 {
		t.Fatalf("%d documents, want 2", docs)
	}
}

// TestNoAllocation: Parse allocates nothing for a valid message and a
// fixed small amount for an error, whatever the message claims.
func TestNoAllocation(t *testing.T) {
	ok := []byte(info(fmt.Sprintf("Content-Type: application/csta+xml\nContent-Length: %d\n", len(doc)), doc))
	if n := testing.AllocsPerRun(100, func() { Parse(ok, nil) }); n != 0 {
		t.Errorf("valid INFO: %v allocations, want 0", n)
	}
	huge := []byte("INFO sip:a SIP/2.0\r\nContent-Length: 2000000000\r\n\r\n")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 100 {
		Parse(huge, nil)
	}
	runtime.ReadMemStats(&after)
	if d := after.TotalAlloc - before.TotalAlloc; d > 100*256 {
		t.Errorf("huge Content-Length: %d bytes allocated in 100 parses", d)
	}
}

func TestCSTABody(t *testing.T) {
	in := info(fmt.Sprintf("Content-Type: application/csta+xml\nContent-Length: %d\n", len(doc)), doc)
	b, err := CSTABody([]byte(in))
	if err != nil || string(b) != doc {
		t.Fatalf("CSTABody = %q, %v", b, err)
	}
	if _, err := CSTABody([]byte("garbage")); !errors.Is(err, ErrTruncated) {
		t.Fatalf("CSTABody(garbage) error %v, want ErrTruncated", err)
	}
}

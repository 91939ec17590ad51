package sipmsg

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestScanner reads a text file of SIP messages: one with Content-Length,
// one without (LF line ends, as pasted from a log), a malformed one, and a
// response.
func TestScanner(t *testing.T) {
	first := info(fmt.Sprintf("Content-Type: application/csta+xml\nContent-Length: %d\n", len(doc)), doc)
	second := "INFO sip:gw SIP/2.0\nCall-ID: two\nContent-Type: application/csta+xml\n\n<DeliveredEvent/>\n\n"
	bad := "INFO sip:gw SIP/2.0\nContent-Length: x\n\n"
	third := crlf("SIP/2.0 200 OK\nCall-ID: three\nContent-Length: 0\n\n")
	src := []byte("\n" + first + "\n\n" + second + bad + third + "\n")
	type item struct {
		Off    int
		CallID string
		CSTA   string
		Err    error
	}
	var got []item
	s := NewScanner(src, nil)
	for i := 0; i < 10; i++ {
		m, off, err := s.Next()
		if err == io.EOF {
			break
		}
		it := item{Off: off, CallID: string(m.CallID), CSTA: string(m.CSTA)}
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T", err)
			}
			it.Err = e.Err
		}
		got = append(got, it)
	}
	o2 := 1 + len(first) + 2
	want := []item{
		{Off: 1, CallID: "abc@127.0.0.1", CSTA: doc},
		{Off: o2, CallID: "two", CSTA: "<DeliveredEvent/>\n\n"},
		{Off: o2 + len(second), Err: ErrMalformed},
		{Off: o2 + len(second) + len(bad), CallID: "three"},
	}
	if d := cmp.Diff(want, got, cmp.Comparer(func(a, b error) bool { return a == b })); d != "" {
		t.Errorf("-want +got\n%s", d)
	}
}

// TestScannerLarge: a text file larger than MaxMessage of messages
// without Content-Length, and a sipfrag-like body holding a start line.
func TestScannerLarge(t *testing.T) {
	var src []byte
	const n = 2000
	for i := range n {
		src = fmt.Appendf(src, "INFO sip:gw SIP/2.0\nCall-ID: %d\nContent-Type: application/csta+xml\n\n<E/>\n", i)
	}
	frag := "SIP/2.0 200 OK\r\n"
	src = append(src, info(fmt.Sprintf("Content-Type: message/sipfrag\nContent-Length: %d\n", len(frag)), frag)...)
	s := NewScanner(src, nil)
	count := 0
	for i := 0; i < n+10; i++ {
		m, _, err := s.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		if i < n && string(m.CSTA) != "<E/>\n" {
			t.Fatalf("message %d: CSTA %q", i, m.CSTA)
		}
		if i == n && string(m.Body) != frag {
			t.Fatalf("sipfrag body %q", m.Body)
		}
		count++
	}
	if count != n+1 {
		t.Fatalf("%d messages, want %d", count, n+1)
	}
}

// TestScannerConvertedLineEnds: a text file whose CR LF line ends were
// turned into LF while Content-Length still counts them: the message is
// ErrTruncated, and the next one is found whole (not eaten by the
// Content-Length).
func TestScannerConvertedLineEnds(t *testing.T) {
	body := "<MonitorStart>\r\n\t<monitorObject/>\r\n</MonitorStart>\r\n"
	first := info(fmt.Sprintf("Content-Type: application/csta+xml\nContent-Length: %d\n", len(body)), body)
	second := crlf("SIP/2.0 200 OK\nCall-ID: next\nContent-Length: 0\n\n")
	src := []byte(strings.ReplaceAll(first+second, "\r\n", "\n"))
	s := NewScanner(src, nil)
	if _, _, err := s.Next(); !errors.Is(err, ErrTruncated) {
		t.Fatalf("first message: %v, want ErrTruncated", err)
	}
	m, _, err := s.Next()
	if err != nil || string(m.CallID) != "next" {
		t.Fatalf("second message: Call-ID %q, %v", m.CallID, err)
	}
	if _, _, err := s.Next(); err != io.EOF {
		t.Fatalf("then %v, want io.EOF", err)
	}
}

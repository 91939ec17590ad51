package sipmsg

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzParse feeds arbitrary octets to Parse. It must not panic, must
// return only views of its input, must keep its allocation small and
// independent of what the message claims, and must give the same result
// for the message alone as for the message followed by more octets.
// Seeds: testdata/fuzz/FuzzParse (INVITE, INFO and 200 OK of the RCC and
// Yealink flows, compact forms, multipart, hostile lengths).
func FuzzParse(f *testing.F) {
	f.Add([]byte(info("Content-Type: application/csta+xml\nContent-Length: 10\n", "<a>x</a>\r\n")))
	var before, after runtime.MemStats
	f.Fuzz(func(t *testing.T, in []byte) {
		// Averaged over runs: the fuzzing machinery allocates too.
		const runs = 16
		runtime.ReadMemStats(&before)
		for range runs - 1 {
			Parse(in, nil)
		}
		m, err := Parse(in, nil)
		runtime.ReadMemStats(&after)
		if d := (after.TotalAlloc - before.TotalAlloc) / runs; d > 2048 {
			t.Fatalf("Parse allocated %d bytes per call for %d input octets", d, len(in))
		}
		scan(t, in)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Offset < 0 || e.Offset > len(in) {
				t.Fatalf("error %v (%T) is not an *Error with an offset in the input", err, err)
			}
			return
		}
		if m.Len <= 0 || m.Len > len(in) {
			t.Fatalf("Len %d outside 1..%d", m.Len, len(in))
		}
		for _, s := range [][]byte{m.Method, m.RequestURI, m.Reason, m.CallID, m.CSeq, m.ContentType, m.ContentDisposition, m.Body, m.CSTA} {
			if len(s) > 0 && !within(in[:m.Len], s) {
				t.Fatalf("%q is not a view of the message", s)
			}
		}
		if (m.CSTA == nil) == (m.CSTAErr == nil) {
			t.Fatalf("CSTA %q with CSTAErr %v", m.CSTA, m.CSTAErr)
		}
		if m.ContentLength >= 0 {
			// The message alone parses the same way.
			m2, err := Parse(in[:m.Len], nil)
			if err != nil {
				t.Fatalf("the message alone fails: %v", err)
			}
			if !bytes.Equal(m2.CSTA, m.CSTA) || m2.Len != m.Len {
				t.Fatalf("the message alone differs: %q/%d vs %q/%d", m2.CSTA, m2.Len, m.CSTA, m.Len)
			}
		}
	})
}

// scan runs a Scanner over in: offsets grow, messages are views of in,
// and it ends.
func scan(t *testing.T, in []byte) {
	s := NewScanner(in, nil)
	last := -1
	for i := 0; ; i++ {
		if i > len(in)+1 {
			t.Fatalf("Scanner did not end after %d messages", i)
		}
		m, off, err := s.Next()
		if err == io.EOF {
			return
		}
		if off <= last || off > len(in) {
			t.Fatalf("offset %d after %d", off, last)
		}
		last = off
		if err == nil && len(m.CSTA) > 0 && !within(in, m.CSTA) {
			t.Fatalf("scanned CSTA %q is not a view of the input", m.CSTA)
		}
	}
}

// within reports whether s lies inside buf's memory.
func within(buf, s []byte) bool {
	if len(buf) == 0 {
		return false
	}
	for i := range buf {
		if &buf[i] == &s[0] {
			return i+len(s) <= len(buf)
		}
	}
	return false
}

// FuzzFramer frames arbitrary octets as a TCP stream fed in pieces (the
// first octet of the input chooses their size): it must not panic, must
// find the same messages, errors and offsets as when the stream is fed at
// once, must return only *Error values, and must hold no more than a
// message and a piece.
func FuzzFramer(f *testing.F) {
	body := `<?xml version="1.0"?><MonitorStart><monitorObject><deviceObject>tel:1</deviceObject></monitorObject></MonitorStart>`
	f.Add(append([]byte{7}, info(fmt.Sprintf("Content-Type: application/csta+xml\nContent-Length: %d\n", len(body)), body)+"\r\n"+crlf("SIP/2.0 200 OK\nCall-ID: x\nContent-Length: 0\n\n")...))
	f.Add(append([]byte{1}, crlf("INFO sip:gw SIP/2.0\nc: application/csta+xml\n\n<E/>\nSIP/2.0 200 OK\nl: 0\n\n")...))
	f.Add(append([]byte{3}, crlf("junk\nINFO sip:gw SIP/2.0\nContent-Length: 99999999\n\nSIP/2.0 2000 x\nSIP/2.0 200 OK\n\n")...))
	f.Add(append([]byte{5}, crlf("INFO sip:gw SIP/2.0\nl: 99999\n\n<a/>\nINFO sip:gw SIP/2.0\nl: 4\n\n<a/><b/>SIP/2.0 200 OK\nl: 0\n\n")...))
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) == 0 {
			return
		}
		lim := &Limits{MaxMessage: 512, MaxHeaders: 16, MaxParts: 4}
		chunk, src := int(in[0])%64+1, in[1:]
		whole := frameAll(t, src, 0, lim)
		pieces := frameAll(t, src, chunk, lim)
		if d := cmp.Diff(whole, pieces, cmp.Comparer(func(a, b error) bool { return a == b })); d != "" {
			t.Fatalf("pieces of %d differ from the whole stream: -whole +pieces\n%s", chunk, d)
		}
	})
}

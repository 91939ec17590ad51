package uacsta

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestServerRequest: requests from the server (a SystemStatus) reach the
// client, answered by its default handler, in either response mode.
func TestServerRequest(t *testing.T) {
	for _, mode := range []ResponseMode{InSIPResponse, InINFO} {
		t.Run(fmt.Sprint(mode), func(t *testing.T) {
			var w switchSim
			_, target := startServer(t, "udp", w.options(InSIPResponse))
			dial(t, "udp", target, Options{ResponseMode: mode})
			d := w.dialog(t)
			resp, err := d.InvokeXML(context.Background(), doc("SystemStatus", "<systemStatus>normal</systemStatus>"))
			if err != nil || rootOf(resp) != "SystemStatusResponse" {
				t.Fatalf("SystemStatus to the client: %s, %v", resp, err)
			}
			if _, err := d.InvokeXML(context.Background(), doc("MakeCall", "")); err == nil {
				t.Fatal("MakeCall to a client without OnRequest succeeded")
			}
		})
	}
}

// TestHostile sends the server malformed SIP, a huge Content-Length and
// bodies that are not CSTA; it answers what it can, drops the rest, does
// not grow, and still serves dialogs.
func TestHostile(t *testing.T) {
	var w switchSim
	_, target := startServer(t, "tcp", w.options(InSIPResponse))
	addr := strings.TrimSuffix(strings.TrimPrefix(target, "sip:csta@"), ";transport=tcp")
	c := dial(t, "tcp", target, Options{})
	d := w.dialog(t)

	connect := func() *rawPeer {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		return &rawPeer{t: t, conn: conn, r: bufio.NewReader(conn), port: conn.LocalAddr().(*net.TCPAddr).Port}
	}
	info := func(p *rawPeer, callID, ctype, body string) string {
		return fmt.Sprintf("INFO sip:csta@%s SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:%d;branch=z9hG4bK%d\r\n"+
			"From: <sip:x@127.0.0.1>;tag=1\r\nTo: <sip:csta@127.0.0.1>;tag=2\r\nCall-ID: %s\r\nCSeq: %d INFO\r\nMax-Forwards: 70\r\n"+
			"Content-Type: %s\r\nContent-Length: %d\r\n\r\n%s", addr, p.port, time.Now().UnixNano(), callID, 100+len(body), ctype, len(body), body)
	}
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)

	p := connect()
	for _, tt := range []struct {
		name, callID, ctype, body string
		code                      int
	}{
		{"outside any dialog", "nobody", "application/csta+xml", string(doc("MonitorStart", "")), 481},
		{"not CSTA", c.CallID(), "application/sdp", "v=0\r\n", 415},
		{"CSTA type, not XML", c.CallID(), "application/csta+xml", "hello", 415},
		{"XML without element", c.CallID(), "application/csta+xml", "<?xml version=\"1.0\"?>", 400},
		{"multipart without CSTA", c.CallID(), "multipart/mixed;boundary=b", "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n", 415},
	} {
		p.send(info(p, tt.callID, tt.ctype, tt.body))
		if res := p.final(); res.StatusCode != tt.code {
			t.Errorf("%s: answered %d, want %d", tt.name, res.StatusCode, tt.code)
		}
	}
	// A multipart body with a CSTA part is a request like any other.
	mp := "--b\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n--b\r\nContent-Type: application/csta+xml\r\n\r\n" +
		string(doc("MonitorStart", "")) + "\r\n--b--\r\n"
	p.send(info(p, c.CallID(), "multipart/mixed; boundary=\"b\"", mp))
	if res := p.final(); res.StatusCode != 200 || rootOf(res.CSTA) != "MonitorStartResponse" {
		t.Errorf("multipart request answered %d %q", res.StatusCode, res.CSTA)
	}

	// Garbage, a header section without end, a huge Content-Length: the
	// connection may be dropped, nothing else.
	for _, junk := range []string{
		"\x00\x01\x02 not SIP at all\r\n\r\n",
		"INFO sip:x SIP/2.0\r\nVia: " + strings.Repeat("A", 70000),
		"INFO sip:x SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:1;branch=z9hG4bK1\r\nCall-ID: " + c.CallID() + "\r\nCSeq: 9 INFO\r\nContent-Type: application/csta+xml\r\nContent-Length: 4000000000\r\n\r\n<a/>",
		"INFO sip:x SIP/2.0\r\nContent-Length: 1\r\nContent-Length: 50000\r\n\r\n",
	} {
		q := connect()
		q.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
		q.conn.Write([]byte(junk))
		q.conn.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
		var b [512]byte
		q.conn.Read(b[:]) // a 400, a close or nothing
		q.conn.Close()
	}
	// UDP garbage to a UDP server.
	_, utarget := startServer(t, "udp", w.options(InSIPResponse))
	uaddr := strings.TrimSuffix(strings.TrimPrefix(utarget, "sip:csta@"), ";transport=udp")
	if u, err := net.Dial("udp", uaddr); err == nil {
		for _, junk := range []string{"\r\n\r\n", "SIP/2.0 200\r\n", "INVITE x\r\nl: 99999999\r\n\r\n", strings.Repeat("\xff", 1400)} {
			u.Write([]byte(junk))
		}
		u.Close()
	}

	// Everything still works.
	resp, err := c.InvokeXML(context.Background(), doc("MonitorStart", ""))
	if err != nil || rootOf(resp) != "MonitorStartResponse" {
		t.Fatalf("request after the hostile input: %s, %v", resp, err)
	}
	if err := d.Notify(context.Background(), doc("DeliveredEvent", "")); err != nil {
		t.Fatalf("event after the hostile input: %v", err)
	}
	c2 := dial(t, "udp", utarget, Options{})
	if _, err := c2.InvokeXML(context.Background(), doc("MonitorStart", "")); err != nil {
		t.Fatalf("UDP request after the garbage: %v", err)
	}
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	if grow := int64(after.HeapInuse) - int64(before.HeapInuse); grow > 16<<20 {
		t.Errorf("heap grew by %d bytes", grow)
	}
}

// TestHostileFlood: many hostile messages, over TCP (each junk on a
// connection of its own, and bad bodies inside a dialog) and UDP, leave
// the server as it was: the heap within a bound, no goroutine left behind
// once the connections are closed, the dialogs still served.
func TestHostileFlood(t *testing.T) {
	var w switchSim
	_, ttarget := startServer(t, "tcp", w.options(InSIPResponse))
	_, utarget := startServer(t, "udp", w.options(InSIPResponse))
	taddr := strings.TrimSuffix(strings.TrimPrefix(ttarget, "sip:csta@"), ";transport=tcp")
	uaddr := strings.TrimSuffix(strings.TrimPrefix(utarget, "sip:csta@"), ";transport=udp")
	tc := dial(t, "tcp", ttarget, Options{})
	uc := dial(t, "udp", utarget, Options{})
	ctx := context.Background()
	if _, err := tc.InvokeXML(ctx, doc("MonitorStart", "")); err != nil {
		t.Fatal(err)
	}
	if _, err := uc.InvokeXML(ctx, doc("MonitorStart", "")); err != nil {
		t.Fatal(err)
	}
	junk := func(i int, transport, callID string) string {
		head := fmt.Sprintf("INFO sip:csta@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/%s 127.0.0.1:9;branch=z9hG4bK%d\r\n"+
			"From: <sip:x@127.0.0.1>;tag=1\r\nTo: <sip:csta@127.0.0.1>;tag=2\r\nCall-ID: %s\r\nCSeq: %d INFO\r\nMax-Forwards: 70\r\n", transport, i, callID, 1000+i)
		switch i % 6 {
		case 0:
			return head + "Content-Type: application/csta+xml\r\nContent-Length: 4000000000\r\n\r\n<a/>"
		case 1:
			return head + "Content-Type: application/sdp\r\nContent-Length: 5\r\n\r\nv=0\r\n"
		case 2:
			return head + "Content-Type: application/csta+xml\r\nContent-Length: 5\r\n\r\nhello"
		case 3:
			return head + "Broken header line\r\nContent-Length: 0\r\n\r\n"
		case 4:
			return head + "Content-Type: multipart/mixed;boundary=b\r\nContent-Length: 10\r\n\r\n--b\r\nx\r\n\r\n"
		}
		return head + "Content-Length: 1\r\nl: 7\r\n\r\nx"
	}
	round := func(n int) {
		for i := range n {
			conn, err := net.Dial("tcp", taddr)
			if err != nil {
				t.Fatal(err)
			}
			conn.SetDeadline(time.Now().Add(5 * time.Second))
			conn.Write([]byte(junk(i, "TCP", tc.CallID())))
			conn.Write([]byte(junk(i+1, "TCP", tc.CallID())))
			conn.Close()
		}
		u, err := net.Dial("udp", uaddr)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 10 * n {
			u.Write([]byte(junk(i, "UDP", uc.CallID())))
			if i%50 == 49 {
				time.Sleep(time.Millisecond) // let the server read
			}
		}
		u.Close()
	}
	round(20) // warm up: the stack's pools and the first connections
	time.Sleep(200 * time.Millisecond)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	goroutines := runtime.NumGoroutine()
	round(200)

	if _, err := tc.InvokeXML(ctx, doc("MonitorStart", "")); err != nil {
		t.Fatalf("TCP request after the flood: %v", err)
	}
	if _, err := uc.InvokeXML(ctx, doc("MonitorStart", "")); err != nil {
		t.Fatalf("UDP request after the flood: %v", err)
	}
	eventually(t, "goroutines back", func() bool { return runtime.NumGoroutine() <= goroutines+5 })
	runtime.GC()
	runtime.ReadMemStats(&after)
	t.Logf("goroutines %d before, %d after; heap %+d KiB", goroutines, runtime.NumGoroutine(), (int64(after.HeapInuse)-int64(before.HeapInuse))>>10)
	if grow := int64(after.HeapInuse) - int64(before.HeapInuse); grow > 8<<20 {
		t.Errorf("heap grew by %d KiB after 400 hostile TCP messages and 2000 UDP datagrams", grow>>10)
	}
}

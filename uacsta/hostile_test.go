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

package uacsta

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"
)

// TestSessionExpiry: a client that asked for a 1 s session interval and
// never refreshes gets a BYE, and the dialog ends with ErrExpired.
func TestSessionExpiry(t *testing.T) {
	ended := make(chan error, 1)
	s, err := NewServer(ServerOptions{Logger: quiet, OnClose: func(d *Dialog) { ended <- d.Err() }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go s.ServeTCP(l)
	conn, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	port := conn.LocalAddr().(*net.TCPAddr).Port
	p := &rawPeer{t: t, conn: conn, r: bufio.NewReader(conn), port: port}
	body := doc("RequestSystemStatus", "")
	head := func(method, to string) string {
		return fmt.Sprintf("%s sip:csta@%s;transport=tcp SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:%d;branch=z9hG4bK%s1\r\n"+
			"From: <sip:a@127.0.0.1>;tag=9\r\nTo: %s\r\nCall-ID: expiry-1\r\nCSeq: 1 %s\r\nMax-Forwards: 70\r\n"+
			"Contact: <sip:a@127.0.0.1:%d;transport=tcp>\r\n", method, l.Addr(), port, method, to, method, port)
	}
	p.send(head("INVITE", "<sip:csta@127.0.0.1>") + "Supported: timer\r\nSession-Expires: 1;refresher=uac\r\n" +
		fmt.Sprintf("Content-Type: application/csta+xml\r\nContent-Length: %d\r\n\r\n%s", len(body), body))
	ok := p.final()
	if ok.StatusCode != 200 {
		t.Fatalf("INVITE answered %d", ok.StatusCode)
	}
	p.send(head("ACK", toHeader(t, p.last)) + "Content-Length: 0\r\n\r\n")
	start := time.Now()
	bye := p.next()
	if string(bye.Method) != "BYE" {
		t.Fatalf("got %s %d, want the server's BYE", bye.Method, bye.StatusCode)
	}
	if e := time.Since(start); e < 500*time.Millisecond || e > 10*time.Second {
		t.Errorf("BYE after %v, want about 1 s", e)
	}
	select {
	case err := <-ended:
		if !errors.Is(err, ErrExpired) {
			t.Fatalf("dialog ended with %v, want ErrExpired", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("dialog not ended")
	}
	if n := len(s.Dialogs()); n != 0 {
		t.Fatalf("%d dialogs left", n)
	}
}

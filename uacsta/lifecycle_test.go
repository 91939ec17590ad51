package uacsta

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"
)

// TestInviteTimeout: an INVITE nobody answers fails within InviteTimeout,
// and a cancelled context ends Dial at once.
func TestInviteTimeout(t *testing.T) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0") // a silent peer
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	target := "sip:csta@" + pc.LocalAddr().String()
	start := time.Now()
	_, err = Dial(context.Background(), "udp", target, Options{InviteTimeout: 300 * time.Millisecond, Logger: quiet})
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("Dial to a silent peer: %v, want ErrTimeout", err)
	}
	if e := time.Since(start); e > 8*time.Second {
		t.Fatalf("Dial took %v with InviteTimeout 300 ms", e)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start = time.Now()
	if _, err := Dial(ctx, "udp", target, Options{Logger: quiet}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Dial with a cancelled context: %v, want context.Canceled", err)
	}
	if e := time.Since(start); e > 8*time.Second {
		t.Fatalf("Dial took %v to notice its context cancelled after 100 ms", e)
	}
	if _, err := Dial(context.Background(), "sctp", target, Options{Logger: quiet}); err == nil {
		t.Fatal("Dial over sctp succeeded")
	}
}

// TestCancelAndLimits: a request ends with its context; MaxPending bounds
// the requests waiting; a body without element is refused before sending.
func TestCancelAndLimits(t *testing.T) {
	var w switchSim
	_, target := startServer(t, "tcp", w.options(InSIPResponse))
	c := dial(t, "tcp", target, Options{MaxPending: 1})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := c.InvokeXML(ctx, doc("SnapshotDevice", "")) // never answered
		done <- err
	}()
	eventually(t, "one request pending", func() bool { return c.Pending() == 1 })
	if _, err := c.InvokeXML(context.Background(), doc("MonitorStart", "")); !errors.Is(err, ErrTooManyPending) {
		t.Fatalf("second request with MaxPending 1: %v, want ErrTooManyPending", err)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled request: %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("cancelled request still waiting")
	}
	if _, err := c.InvokeXML(context.Background(), []byte("not xml")); !errors.Is(err, ErrBadBody) {
		t.Fatalf("InvokeXML(not xml): %v, want ErrBadBody", err)
	}
	if err := c.Notify(context.Background(), nil); !errors.Is(err, ErrBadBody) {
		t.Fatalf("Notify(nil): %v, want ErrBadBody", err)
	}
}

// TestByeFromServer: the server's BYE ends the client's dialog and fails
// its pending request.
func TestByeFromServer(t *testing.T) {
	for _, network := range []string{"udp", "tcp"} {
		t.Run(network, func(t *testing.T) {
			var w switchSim
			_, target := startServer(t, network, w.options(InSIPResponse))
			c := dial(t, network, target, Options{})
			d := w.dialog(t)
			done := make(chan error, 1)
			go func() {
				_, err := c.InvokeXML(context.Background(), doc("SnapshotDevice", ""))
				done <- err
			}()
			eventually(t, "request pending", func() bool { return c.Pending() == 1 })
			if err := d.Bye(context.Background()); err != nil {
				t.Fatalf("server BYE: %v", err)
			}
			select {
			case <-c.Done():
			case <-time.After(5 * time.Second):
				t.Fatal("client dialog up after BYE")
			}
			if !errors.Is(c.Err(), ErrByPeer) {
				t.Fatalf("client Err %v, want ErrByPeer", c.Err())
			}
			if err := <-done; !errors.Is(err, ErrClosed) || !errors.Is(err, ErrByPeer) {
				t.Fatalf("pending request: %v, want ErrClosed and ErrByPeer", err)
			}
			if err := c.Close(); err != nil {
				t.Fatalf("Close after the peer's BYE: %v", err)
			}
		})
	}
}

// TestMaxDialogs: beyond MaxDialogs a new INVITE gets 503; From and extra
// header fields reach the server.
func TestMaxDialogs(t *testing.T) {
	var w switchSim
	o := w.options(InSIPResponse)
	o.MaxDialogs = 1
	seen := make(chan [2]string, 1)
	o.OnInvite = func(d *Dialog, m *Message, dst []byte) ([]byte, error) {
		seen <- [2]string{d.dlg.InviteRequest.From().Address.User, d.dlg.InviteRequest.GetHeader("X-Line").Value()}
		return AppendSystemStatusResponse(dst, m.NS, "normal"), nil
	}
	_, target := startServer(t, "tcp", o)
	dial(t, "tcp", target, Options{From: "sip:alice@example.com", Headers: [][2]string{{"X-Line", "tel:73124"}}})
	got := <-seen
	if from, hdr := got[0], got[1]; from != "alice" || hdr != "tel:73124" {
		t.Fatalf("server saw From user %q, X-Line %q", from, hdr)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := Dial(ctx, "tcp", target, Options{Logger: quiet})
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 503 {
		t.Fatalf("second dialog: %v, want a *StatusError 503", err)
	}
}

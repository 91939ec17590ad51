package sim

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/sim/callmodel"
	"github.com/cstagen/cstagen/uacsta"
	"github.com/emiago/sipgo/sip"
	"github.com/google/go-cmp/cmp"
)

func TestMain(m *testing.M) {
	sip.SetDefaultLogger(slog.New(slog.DiscardHandler)) // the SIP stack's own notes
	os.Exit(m.Run())
}

// sipDoc builds a CSTA-XML document <root xmlns=ed3>inner</root>.
func sipDoc(root, inner string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?><` + root + ` xmlns="` + csta.XMLNamespace + `">` + inner + `</` + root + `>`)
}

// startSIP serves a model of plan in uaCSTA on a loopback listener of
// network (udp or tcp) and returns the SIP URI to dial.
func startSIP(t *testing.T, network, plan string, cfg Config) (*Server, *callmodel.Model, string) {
	t.Helper()
	p, err := callmodel.ParseSpec(plan)
	if err != nil {
		t.Fatal(err)
	}
	m, err := callmodel.New(callmodel.Config{Plan: p})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Model, cfg.Encoding = m, SIP
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	var addr string
	switch network {
	case "udp":
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr = pc.LocalAddr().String()
		go func() { done <- srv.ServePacket(pc) }()
	case "tcp":
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr = l.Addr().String()
		go func() { done <- srv.Serve(l) }()
	}
	t.Cleanup(func() {
		srv.Close()
		if err := <-done; err != ErrServerClosed {
			t.Errorf("Serve = %v, want ErrServerClosed", err)
		}
		m.Close()
	})
	return srv, m, "sip:csta@" + addr + ";transport=" + network
}

// sipEvents collects the root elements of the events a client receives.
type sipEvents struct {
	mu    sync.Mutex
	roots []string
}

func (e *sipEvents) on(m *uacsta.Message) {
	e.mu.Lock()
	e.roots = append(e.roots, string(m.Root))
	e.mu.Unlock()
}

func (e *sipEvents) get() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.roots...)
}

// waitFor polls cond every 10 ms for at most 5 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for range 500 {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s: not within 5 s", what)
}

// TestSIPCallFlow runs a call flow over uaCSTA (UDP and TCP): the
// association by INVITE, MonitorStart, MakeCall and the events the
// monitor receives in order, a request the switch answers too late, BYE.
func TestSIPCallFlow(t *testing.T) {
	for _, network := range []string{"udp", "tcp"} {
		t.Run(network, func(t *testing.T) { testSIPCallFlow(t, network) })
	}
}

func testSIPCallFlow(t *testing.T, network string) {
	const slow = 1500 * time.Millisecond // the switch's delay for SnapshotDevice
	cfg := Config{Trace: func(_ net.Addr, dir, name string, _ any) {
		if dir == "in" && name == "SnapshotDevice" {
			time.Sleep(slow)
		}
	}}
	srv, model, target := startSIP(t, network, "station 101-102", cfg)
	var ev sipEvents
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	status := make(chan string, 4) // the switch's SystemStatus requests
	c, err := uacsta.Dial(ctx, network, target, uacsta.Options{
		Handlers: uacsta.Handlers{OnEvent: ev.on, OnRequest: func(m *uacsta.Message, dst []byte) ([]byte, error) {
			status <- string(m.Body)
			return append(dst, sipDoc("SystemStatusResponse", "")...), nil
		}},
		RequestTimeout:  time.Second,
		RefreshInterval: -1,
		Logger:          slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	defer c.Close()

	// Association: the INVITE's RequestSystemStatus, answered by the call
	// model in the 200 OK.
	if st := string(c.SystemStatus()); !strings.Contains(st, "RequestSystemStatusResponse") || !strings.Contains(st, "<systemStatus>normal</systemStatus>") {
		t.Fatalf("SystemStatus %s", st)
	}
	waitFor(t, "dialog served", func() bool { return srv.Conns() == 1 })
	if n := model.Stats().Monitors; n != 0 {
		t.Fatalf("%d monitors before MonitorStart", n)
	}

	res, err := c.InvokeXML(ctx, sipDoc("MonitorStart", "<monitorObject><deviceObject>101</deviceObject></monitorObject>"))
	if err != nil {
		t.Fatalf("MonitorStart: %v", err)
	}
	var m csta.XMLMessage
	if err := m.DecodeXML(res); err != nil || m.RootName() != "MonitorStartResponse" {
		t.Fatalf("MonitorStart response %s: %v", res, err)
	}
	res, err = c.InvokeXML(ctx, sipDoc("MakeCall", "<callingDevice>101</callingDevice><calledDirectoryNumber>102</calledDirectoryNumber>"))
	if err != nil {
		t.Fatalf("MakeCall: %v", err)
	}
	if err := m.DecodeXML(res); err != nil || m.RootName() != "MakeCallResponse" {
		t.Fatalf("MakeCall response %s: %v", res, err)
	}
	want := []string{"ServiceInitiatedEvent", "OriginatedEvent", "DeliveredEvent"}
	waitFor(t, "the MakeCall events", func() bool { return len(ev.get()) >= len(want) })
	time.Sleep(50 * time.Millisecond) // no more
	if d := cmp.Diff(want, ev.get()); d != "" {
		t.Errorf("events -want +got\n%s", d)
	}

	// A CSTAErrorCode from the model.
	_, err = c.InvokeXML(ctx, sipDoc("MonitorStart", "<monitorObject><deviceObject>999</deviceObject></monitorObject>"))
	var xe *uacsta.XMLError
	if !errors.As(err, &xe) || xe.Request != "MonitorStart" {
		t.Fatalf("MonitorStart of an unknown device: %v, want an XMLError", err)
	}

	// A response later than the client's RequestTimeout...
	start := time.Now()
	_, err = c.InvokeXML(ctx, sipDoc("SnapshotDevice", "<snapshotObject>101</snapshotObject>"))
	if !errors.Is(err, uacsta.ErrTimeout) {
		t.Fatalf("SnapshotDevice: %v, want ErrTimeout", err)
	}
	if e := time.Since(start); e < time.Second || e >= slow {
		t.Errorf("timed out after %v, want the RequestTimeout (1 s)", e)
	}
	// ... is dropped, and the dialog goes on.
	time.Sleep(slow - time.Since(start) + 100*time.Millisecond)
	res, err = c.InvokeXML(ctx, sipDoc("MonitorStart", "<monitorObject><deviceObject>102</deviceObject></monitorObject>"))
	if err != nil || m.DecodeXML(res) != nil || m.RootName() != "MonitorStartResponse" {
		t.Fatalf("MonitorStart after the timeout: %s, %v", res, err)
	}
	if n := c.Pending(); n != 0 {
		t.Errorf("%d requests pending", n)
	}

	// The switch's system status goes to the client in an INFO.
	if err := model.SetSystemStatus("disabled"); err != nil {
		t.Fatal(err)
	}
	select {
	case b := <-status:
		if !strings.Contains(b, "<SystemStatus") || !strings.Contains(b, "<systemStatus>disabled</systemStatus>") {
			t.Errorf("switch request %s, want a SystemStatus disabled", b)
		}
	case <-ctx.Done():
		t.Fatal("no SystemStatus from the switch")
	}

	// A re-INVITE refresh is answered by the model again.
	if err := c.Refresh(ctx); err != nil {
		t.Fatalf("re-INVITE refresh: %v", err)
	}
	if st := string(c.SystemStatus()); !strings.Contains(st, "RequestSystemStatusResponse") {
		t.Fatalf("SystemStatus after the refresh %s", st)
	}

	// BYE ends the session and its monitors.
	if err := c.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	waitFor(t, "session ended", func() bool { return srv.Conns() == 0 })
	if n := model.Stats().Monitors; n != 0 {
		t.Errorf("%d monitors left after BYE", n)
	}
	if n := dialogsOf(srv); n != 0 {
		t.Errorf("%d dialogs left after BYE", n)
	}
}

// TestSIPServerClose checks that Close ends the dialogs with BYE.
func TestSIPServerClose(t *testing.T) {
	srv, _, target := startSIP(t, "tcp", "station 101-102", Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := uacsta.Dial(ctx, "tcp", target, uacsta.Options{RefreshInterval: -1, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	defer c.Close()
	waitFor(t, "dialog served", func() bool { return srv.Conns() == 1 })
	srv.Close()
	select {
	case <-c.Done():
	case <-ctx.Done():
		t.Fatal("the dialog outlived Server.Close")
	}
	if !errors.Is(c.Err(), uacsta.ErrByPeer) {
		t.Errorf("client Err %v, want ErrByPeer", c.Err())
	}
}

// TestCorpusSIP sends the CSTA-XML requests of ../shared/corpus in a
// uaCSTA dialog (TCP) and checks that each is answered as over the
// 8-octet header (TestCorpusXML).
func TestCorpusSIP(t *testing.T) {
	for _, tc := range corpusXML {
		t.Run(tc.file, func(t *testing.T) {
			body := corpus(t, "xml", tc.file)
			_, _, target := startSIP(t, "tcp", corpusPlan, Config{})
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			c, err := uacsta.Dial(ctx, "tcp", target, uacsta.Options{RefreshInterval: -1, Logger: slog.New(slog.DiscardHandler)})
			if err != nil {
				t.Fatalf("Dial: %v", err)
			}
			defer c.Close()
			reply, err := c.InvokeXML(ctx, body)
			if err != nil {
				t.Fatal(err)
			}
			var m csta.XMLMessage
			if err := m.DecodeXML(reply); err != nil {
				t.Fatalf("reply %s: %v", reply, err)
			}
			if m.RootName() != tc.want {
				t.Fatalf("reply %s, want %s:\n%s", m.RootName(), tc.want, reply)
			}
			if ns := namespaceOf(body); !bytes.Equal(m.Namespace, ns) && len(ns) > 0 {
				t.Errorf("reply namespace %q, want the request's %q", m.Namespace, ns)
			}
		})
	}
}

// TestSIPInviteMonitorStart checks that an INVITE carrying a MonitorStart
// is refused (its response would have to go ahead of the events, in the
// 200 OK) and leaves no monitor behind.
func TestSIPInviteMonitorStart(t *testing.T) {
	srv, model, target := startSIP(t, "tcp", "station 101-102", Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := uacsta.Dial(ctx, "tcp", target, uacsta.Options{RefreshInterval: -1, Logger: slog.New(slog.DiscardHandler),
		InviteBody: sipDoc("MonitorStart", "<monitorObject><deviceObject>101</deviceObject></monitorObject>")})
	var se *uacsta.StatusError
	if !errors.As(err, &se) || se.Code != 488 {
		t.Fatalf("Dial: %v, want a 488 StatusError", err)
	}
	if n := model.Stats().Monitors; n != 0 {
		t.Errorf("%d monitors left", n)
	}
	if n := srv.Conns(); n != 0 {
		t.Errorf("%d sessions left", n)
	}
	if n := dialogsOf(srv); n != 0 {
		t.Errorf("%d dialogs left", n)
	}
}

// dialogsOf returns the number of dialogs srv holds.
func dialogsOf(srv *Server) int {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	return len(srv.dialogs)
}

// TestSIPMaxConns checks that the dialogs beyond MaxConns are refused
// (503) and leave nothing behind.
func TestSIPMaxConns(t *testing.T) {
	srv, _, target := startSIP(t, "tcp", "station 101-102", Config{MaxConns: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	o := uacsta.Options{RefreshInterval: -1, Logger: slog.New(slog.DiscardHandler)}
	c, err := uacsta.Dial(ctx, "tcp", target, o)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	defer c.Close()
	_, err = uacsta.Dial(ctx, "tcp", target, o)
	var se *uacsta.StatusError
	if !errors.As(err, &se) || se.Code != 503 {
		t.Fatalf("second Dial: %v, want a 503 StatusError", err)
	}
	waitFor(t, "one session", func() bool { return srv.Conns() == 1 })
	if n := dialogsOf(srv); n != 1 {
		t.Errorf("%d dialogs, want 1", n)
	}
}

package uacsta

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// switchSim is a scripted switching function: it answers MonitorStart and
// MakeCall, sends the call's events after the MakeCall response, never
// answers SnapshotDevice, and fails everything else.
type switchSim struct {
	mu      sync.Mutex
	dialogs []*Dialog
	closed  int
	invites []string
}

func (w *switchSim) options(mode ResponseMode) ServerOptions {
	return ServerOptions{
		ResponseMode: mode,
		OnInvite: func(d *Dialog, m *Message, dst []byte) ([]byte, error) {
			w.mu.Lock()
			w.invites = append(w.invites, string(m.Root))
			w.mu.Unlock()
			return AppendSystemStatusResponse(dst, m.NS, "normal"), nil
		},
		OnDialog: func(d *Dialog) {
			w.mu.Lock()
			w.dialogs = append(w.dialogs, d)
			w.mu.Unlock()
		},
		OnClose: func(d *Dialog) {
			w.mu.Lock()
			w.closed++
			w.mu.Unlock()
		},
		OnRequest: func(d *Dialog, m *Message, dst []byte) ([]byte, error) {
			switch string(m.Root) {
			case "MonitorStart":
				return append(dst, doc("MonitorStartResponse", "<monitorCrossRefID>7</monitorCrossRefID>")...), nil
			case "MakeCall":
				go func() {
					// The events follow the response (in INFO mode the
					// response INFO is sent first, on its own goroutine).
					time.Sleep(20 * time.Millisecond)
					for _, ev := range []string{"OriginatedEvent", "DeliveredEvent", "EstablishedEvent"} {
						if err := d.Notify(context.Background(), doc(ev, "<monitorCrossRefID>7</monitorCrossRefID>")); err != nil {
							return
						}
					}
				}()
				return append(dst, doc("MakeCallResponse", "<callingDevice><callID>1</callID><deviceID>100</deviceID></callingDevice>")...), nil
			case "SnapshotDevice":
				return nil, ErrRespondLater
			}
			return nil, &XMLError{Body: AppendErrorCode(nil, m.NS, "operation", "invalidDeviceID")}
		},
	}
}

func (w *switchSim) dialog(t *testing.T) *Dialog {
	t.Helper()
	var d *Dialog
	eventually(t, "dialog confirmed", func() bool {
		w.mu.Lock()
		defer w.mu.Unlock()
		if len(w.dialogs) > 0 {
			d = w.dialogs[0]
		}
		return d != nil
	})
	return d
}

// events collects the client's events.
type events struct {
	mu    sync.Mutex
	roots []string
}

func (e *events) on(m *Message) {
	e.mu.Lock()
	e.roots = append(e.roots, string(m.Root))
	e.mu.Unlock()
}

func (e *events) get() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.roots...)
}

// TestCallFlow runs the call-flow scenario over UDP and TCP, with the
// responses in the 200 OK of the INFO (Microsoft RCC) and in INFO of
// their own (SIP phones).
func TestCallFlow(t *testing.T) {
	for _, network := range []string{"udp", "tcp"} {
		for _, mode := range []ResponseMode{InSIPResponse, InINFO} {
			t.Run(fmt.Sprintf("%s/mode%d", network, mode), func(t *testing.T) {
				testCallFlow(t, network, mode)
			})
		}
	}
}

func testCallFlow(t *testing.T, network string, mode ResponseMode) {
	var w switchSim
	srv, target := startServer(t, network, w.options(mode))
	var ev events
	c := dial(t, network, target, Options{
		Handlers:        Handlers{OnEvent: ev.on},
		RequestTimeout:  2 * time.Second,
		RefreshInterval: -1,
	})
	// Association: the INVITE's RequestSystemStatus answered in the 200 OK.
	if got := rootOf(c.SystemStatus()); got != "RequestSystemStatusResponse" || !contains(c.SystemStatus(), "<systemStatus>normal</systemStatus>") {
		t.Fatalf("SystemStatus %q", c.SystemStatus())
	}
	d := w.dialog(t)
	if d.CallID() != c.CallID() {
		t.Fatalf("server Call-ID %q, client %q", d.CallID(), c.CallID())
	}
	ctx := context.Background()

	resp, err := c.InvokeXML(ctx, doc("MonitorStart", "<monitorObject><deviceObject>100</deviceObject></monitorObject>"))
	if err != nil {
		t.Fatalf("MonitorStart: %v", err)
	}
	if rootOf(resp) != "MonitorStartResponse" || !contains(resp, "<monitorCrossRefID>7<") {
		t.Fatalf("MonitorStart response %s", resp)
	}
	resp, err = c.InvokeXML(ctx, doc("MakeCall", "<callingDevice>100</callingDevice><calledDirectoryNumber>200</calledDirectoryNumber>"))
	if err != nil {
		t.Fatalf("MakeCall: %v", err)
	}
	if rootOf(resp) != "MakeCallResponse" {
		t.Fatalf("MakeCall response %s", resp)
	}
	want := []string{"OriginatedEvent", "DeliveredEvent", "EstablishedEvent"}
	eventually(t, "three events", func() bool { return len(ev.get()) == 3 })
	if d := cmp.Diff(want, ev.get()); d != "" {
		t.Errorf("events -want +got\n%s", d)
	}

	// A CSTAErrorCode answer.
	_, err = c.InvokeXML(ctx, doc("ClearConnection", ""))
	var xe *XMLError
	if !errors.As(err, &xe) || xe.Category != "operation" || xe.Value != "invalidDeviceID" || xe.Request != "ClearConnection" {
		t.Fatalf("ClearConnection: %v, want an XMLError operation invalidDeviceID", err)
	}

	// A request the server never answers times out...
	tctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	_, err = c.InvokeXML(tctx, doc("SnapshotDevice", "<snapshotObject>100</snapshotObject>"))
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("SnapshotDevice with a 300 ms context: %v, want DeadlineExceeded", err)
	}
	start := time.Now()
	_, err = c.InvokeXML(ctx, doc("SnapshotDevice", "<snapshotObject>100</snapshotObject>"))
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("SnapshotDevice: %v, want ErrTimeout", err)
	}
	if e := time.Since(start); e < 2*time.Second || e > 10*time.Second {
		t.Errorf("timed out after %v, want RequestTimeout (2 s)", e)
	}
	if n := c.Pending(); n != 0 {
		t.Errorf("%d requests pending after the timeouts", n)
	}
	// ... and its late answer is dropped, while the dialog goes on.
	if err := d.Respond(ctx, doc("SnapshotDeviceResponse", "")); err != nil {
		t.Fatalf("late Respond: %v", err)
	}

	// Dialog refresh, both ways.
	if err := c.Refresh(ctx); err != nil {
		t.Fatalf("re-INVITE refresh: %v", err)
	}
	c.opt.RefreshMethod = RefreshUpdate
	if err := c.Refresh(ctx); err != nil {
		t.Fatalf("UPDATE refresh: %v", err)
	}
	if c.Refreshes() != 2 {
		t.Fatalf("refreshes: client %d, want 2", c.Refreshes())
	}
	// The server counts a refresh once its 200 OK is sent: soon after.
	eventually(t, "two refreshes at the server", func() bool { return d.Refreshes() == 2 })
	resp, err = c.InvokeXML(ctx, doc("MonitorStart", "<monitorObject><deviceObject>101</deviceObject></monitorObject>"))
	if err != nil || rootOf(resp) != "MonitorStartResponse" {
		t.Fatalf("MonitorStart after the refreshes: %s, %v", resp, err)
	}

	// BYE.
	if err := c.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	eventually(t, "dialog closed on the server", func() bool {
		w.mu.Lock()
		defer w.mu.Unlock()
		return w.closed == 1
	})
	if n := len(srv.Dialogs()); n != 0 {
		t.Fatalf("%d dialogs left on the server", n)
	}
	if _, err := c.InvokeXML(ctx, doc("MonitorStart", "")); !errors.Is(err, ErrClosed) {
		t.Fatalf("InvokeXML after Close: %v, want ErrClosed", err)
	}
	if d.Err() != ErrByPeer {
		t.Fatalf("server dialog Err %v, want ErrByPeer", d.Err())
	}
}

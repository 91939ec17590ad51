package conn

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/runtime/ber"
	"github.com/cstagen/cstagen/runtime/framing"
	"github.com/google/go-cmp/cmp"
)

// eventPDU encodes a cSTAEventReport invoke carrying a DeliveredEvent.
func eventPDU(t *testing.T, id int64, callID string) []byte {
	t.Helper()
	var p csta.PDU
	p.SetInvoke(id, opCode(t, "cSTAEventReport"), deliveredEvent("0001", callID))
	b, err := p.AppendBER(nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// invokePDU encodes an invoke of code with arg.
func invokePDU(t *testing.T, id, code int64, arg csta.Message) []byte {
	t.Helper()
	var p csta.PDU
	p.SetInvoke(id, code, arg)
	b, err := p.AppendBER(nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// xmlFrameBytes frames body with invoke ID id (ECMA-323 Annex J).
func xmlFrameBytes(id int, body []byte) []byte {
	n := 8 + len(body)
	return append([]byte{0, 0, byte(n >> 8), byte(n), byte('0' + id/1000), byte('0' + id/100%10), byte('0' + id/10%10), byte('0' + id%10)}, body...)
}

// writeSplit writes the frames so that every write ends in the middle of
// the next frame, pausing between writes: the reader always finds a frame
// complete and the next one half buffered.
func writeSplit(t *testing.T, nc net.Conn, frames [][]byte, pause time.Duration) {
	t.Helper()
	var rest []byte
	for i, f := range frames {
		chunk := append(rest, f[:len(f)/2]...)
		rest = append([]byte(nil), f[len(f)/2:]...)
		if i == 0 {
			if _, err := nc.Write(chunk); err != nil {
				t.Error(err)
				return
			}
			continue
		}
		if _, err := nc.Write(chunk); err != nil {
			t.Error(err)
			return
		}
		time.Sleep(pause)
	}
	if _, err := nc.Write(rest); err != nil {
		t.Error(err)
	}
}

// TestSlowHandlerIsNotThePeer checks that a handler slower than
// FrameTimeout while the next frame is half buffered neither fails the
// connection nor loses frames (issue 20 item 3).
func TestSlowHandlerIsNotThePeer(t *testing.T) {
	const n = 6
	const frameTimeout = 60 * time.Millisecond
	t.Run("BER", func(t *testing.T) {
		checkGoroutines(t)
		var got []string
		var mu sync.Mutex
		c, s, err := newRawSwitch(t, BEROptions{Options: Options{FrameTimeout: frameTimeout}, OnEvent: func(p *csta.PDU) {
			ev := p.Argument.(*csta.CSTAEventReportArgument)
			mu.Lock()
			got = append(got, string(ev.EventSpecificInfo.CallControlEvents.Delivered.Connection.CallID))
			mu.Unlock()
			time.Sleep(3 * frameTimeout)
		}}, v6)
		if err != nil {
			t.Fatal(err)
		}
		var frames [][]byte
		var want []string
		for i := range n {
			id := fmt.Sprintf("%04d", i)
			frames = append(frames, eventPDU(t, int64(i+1), id))
			want = append(want, id)
		}
		writeSplit(t, s.nc, frames, frameTimeout/3)
		deadline := time.Now().Add(waitTimeout)
		for {
			mu.Lock()
			k := len(got)
			mu.Unlock()
			if k == n || time.Now().After(deadline) {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		mu.Lock()
		defer mu.Unlock()
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("events (-want +got):\n%s", diff)
		}
		if err := c.Err(); err != nil {
			t.Errorf("connection failed: %v", err)
		}
	})
	t.Run("XML", func(t *testing.T) {
		checkGoroutines(t)
		cn, sn := tcpPair(t, false)
		var got []int
		var mu sync.Mutex
		c := NewXML(cn, XMLOptions{Options: Options{FrameTimeout: frameTimeout}, OnEvent: func(m *XMLFrame) {
			mu.Lock()
			got = append(got, bytes.Count(m.Body, []byte("#")))
			mu.Unlock()
			time.Sleep(3 * frameTimeout)
		}})
		defer c.Close()
		var frames [][]byte
		var want []int
		for i := range n {
			body := []byte(`<DeliveredEvent xmlns="` + ns4 + `"><monitorCrossRefID>` + strings.Repeat("#", i) + `</monitorCrossRefID></DeliveredEvent>`)
			frames = append(frames, xmlFrameBytes(EventInvokeID, body))
			want = append(want, i)
		}
		writeSplit(t, sn, frames, frameTimeout/3)
		deadline := time.Now().Add(waitTimeout)
		for {
			mu.Lock()
			k := len(got)
			mu.Unlock()
			if k == n || time.Now().After(deadline) {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		mu.Lock()
		defer mu.Unlock()
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("events (-want +got):\n%s", diff)
		}
		if err := c.Err(); err != nil {
			t.Errorf("connection failed: %v", err)
		}
	})
}

func TestIdleTimeout(t *testing.T) {
	t.Run("silent peer is reaped", func(t *testing.T) {
		checkGoroutines(t)
		client, server := berPair(t, false, BEROptions{Options: Options{IdleTimeout: 100 * time.Millisecond}}, BEROptions{})
		start := time.Now()
		err := waitErr(t, client)
		if !errors.Is(err, ErrIdleTimeout) {
			t.Fatalf("Err = %v, want ErrIdleTimeout", err)
		}
		if d := time.Since(start); d < 80*time.Millisecond || d > 2*time.Second {
			t.Errorf("reaped after %v", d)
		}
		if err := waitErr(t, server); !errors.Is(err, ErrAborted) {
			t.Errorf("server Err = %v, want ErrAborted", err)
		}
	})
	t.Run("keep-alive keeps it open", func(t *testing.T) {
		checkGoroutines(t)
		client, _ := berPair(t, false, BEROptions{Options: Options{IdleTimeout: 100 * time.Millisecond, KeepAliveInterval: 20 * time.Millisecond}}, BEROptions{})
		time.Sleep(300 * time.Millisecond)
		if err := client.Err(); err != nil {
			t.Errorf("connection failed: %v", err)
		}
	})
	t.Run("XML", func(t *testing.T) {
		checkGoroutines(t)
		client, _ := xmlPair(t, false, XMLOptions{Options: Options{IdleTimeout: 100 * time.Millisecond}}, XMLOptions{})
		if err := waitErr(t, client); !errors.Is(err, ErrIdleTimeout) {
			t.Fatalf("Err = %v, want ErrIdleTimeout", err)
		}
	})
	t.Run("default", func(t *testing.T) {
		if got := (Options{}).resolve().IdleTimeout; got != DefaultIdleTimeout {
			t.Errorf("IdleTimeout = %v", got)
		}
		if got := (Options{IdleTimeout: -1}).resolve().IdleTimeout; got != 0 {
			t.Errorf("negative IdleTimeout = %v, want none", got)
		}
	})
}

// dropRecorder collects OnDrop events.
type dropRecorder struct {
	mu  sync.Mutex
	got []DropReason
}

func (d *dropRecorder) onDrop(e *DropEvent) {
	d.mu.Lock()
	d.got = append(d.got, e.Reason)
	d.mu.Unlock()
}

func (d *dropRecorder) reasons() []DropReason {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]DropReason(nil), d.got...)
}

// decodeROS decodes a PDU the raw switch read.
func decodeROS(t *testing.T, b []byte) *csta.ROS {
	t.Helper()
	var r csta.ROS
	if err := r.DecodeBER(b); err != nil {
		t.Fatalf("switch got an undecodable PDU: %v", err)
	}
	return &r
}

func TestDropsBER(t *testing.T) {
	unknownOp := []byte{0xA1, 0x09, 0x02, 0x01, 0x07, 0x02, 0x02, 0x03, 0xE7, 0x05, 0x00}
	tests := []struct {
		name   string
		send   []byte
		reason DropReason
		reject bool // the switch receives a Reject
	}{
		{"not ROSE", []byte{0x30, 0x00}, DropNotROSE, true},
		{"badly structured", []byte{0xA2, 0x03, 0x04, 0x01, 0x00}, DropBadlyStructured, true},
		{"mistyped argument", []byte{0xA1, 0x08, 0x02, 0x01, 0x07, 0x02, 0x01, 0x0A, 0x30, 0x00}, DropMistypedArgument, true},
		{"undecodable event", []byte{0xA1, 0x08, 0x02, 0x01, 0x07, 0x02, 0x01, 0x15, 0x30, 0x00}, DropMistypedArgument, true},
		{"unknown operation", unknownOp, DropUnknownOperation, true},
		{"unmatched result", []byte{0xA2, 0x03, 0x02, 0x01, 0x63}, DropUnmatchedReply, true},
		{"reject without ID, nothing pending", []byte{0xA4, 0x05, 0x05, 0x00, 0x80, 0x01, 0x01}, DropUnmatchedReply, false},
		{"unhandled request", nil, DropUnhandledRequest, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkGoroutines(t)
			var rec dropRecorder
			c, s, err := newRawSwitch(t, BEROptions{Options: Options{OnDrop: rec.onDrop}}, v6)
			if err != nil {
				t.Fatal(err)
			}
			send := tt.send
			if send == nil {
				send = invokePDU(t, 9, opCode(t, "makeCall"), makeCallArg("1", "2"))
			}
			if _, err := s.nc.Write(send); err != nil {
				t.Fatal(err)
			}
			if tt.reject {
				if r := decodeROS(t, s.readPDU(t)); r.Choice != csta.ROSChoiceReject {
					t.Fatalf("switch got %v, want a Reject", r.Choice)
				}
			}
			deadline := time.Now().Add(waitTimeout)
			for len(rec.reasons()) == 0 && time.Now().Before(deadline) {
				time.Sleep(time.Millisecond)
			}
			// A systemStatus round trip proves nothing else happened.
			go func() {
				inv := decodeROS(t, s.readPDU(t))
				var rr csta.PDU
				rr.SetResult(inv.Invoke.InvokeID.Present, OpSystemStatus, nil)
				b, _ := rr.AppendBER(nil)
				s.w.WritePDU(b)
			}()
			ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
			defer cancel()
			if _, err := c.Do(ctx, OpSystemStatus, nil); err != nil {
				t.Fatalf("after the frame: %v", err)
			}
			if diff := cmp.Diff([]DropReason{tt.reason}, rec.reasons()); diff != "" {
				t.Errorf("OnDrop (-want +got):\n%s", diff)
			}
			st := c.Stats()
			if st.Dropped[tt.reason] != 1 || st.TotalDropped() != 1 || st.FramesIn != 2 || st.Replies != 1 {
				t.Errorf("Stats = %+v", st)
			}
		})
	}
}

func TestRejectWithoutInvokeID(t *testing.T) {
	checkGoroutines(t)
	var rec dropRecorder
	c, s, err := newRawSwitch(t, BEROptions{Options: Options{OnDrop: rec.onDrop}}, v6)
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		s.readPDU(t) // the invoke
		s.nc.Write([]byte{0xA4, 0x05, 0x05, 0x00, 0x80, 0x01, 0x02})
	}()
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	start := time.Now()
	_, err = c.Do(ctx, OpSystemStatus, nil)
	var re *RejectError
	if !errors.As(err, &re) || re.HasInvokeID || re.Problem.Choice != csta.RejectProblemChoiceGeneral || re.Problem.General != csta.GeneralProblemBadlyStructuredPDU {
		t.Fatalf("err = %v, want the ID-less *RejectError", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("rejected after %v", d)
	}
	if got := rec.reasons(); len(got) != 0 {
		t.Errorf("drops %v", got)
	}
}

func TestDuplicateInvocation(t *testing.T) {
	checkGoroutines(t)
	var rec dropRecorder
	var calls atomic.Int64
	c, s, err := newRawSwitch(t, BEROptions{Options: Options{OnDrop: rec.onDrop}, OnRequest: func(*csta.PDU) (csta.Message, error) {
		calls.Add(1)
		return nil, ErrRespondLater
	}}, v6)
	if err != nil {
		t.Fatal(err)
	}
	makeCall := opCode(t, "makeCall")
	req := invokePDU(t, 5, makeCall, makeCallArg("1", "2"))
	s.nc.Write(req)
	s.nc.Write(req)
	r := decodeROS(t, s.readPDU(t))
	want := invokeProblem(csta.InvokeProblemDuplicateInvocation)
	if r.Choice != csta.ROSChoiceReject || r.Reject.InvokeID.Present != 5 || !cmp.Equal(want, r.Reject.Problem) {
		t.Fatalf("switch got %v %+v, want Reject duplicateInvocation of 5", r.Choice, r.Reject)
	}
	// Once answered, the ID may be used again.
	if err := c.Respond(5, makeCall, makeCallResult("0001")); err != nil {
		t.Fatal(err)
	}
	if r := decodeROS(t, s.readPDU(t)); r.Choice != csta.ROSChoiceReturnResult {
		t.Fatalf("switch got %v, want the ReturnResult", r.Choice)
	}
	s.nc.Write(req)
	deadline := time.Now().Add(waitTimeout)
	for calls.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if calls.Load() != 2 {
		t.Errorf("OnRequest called %d times, want 2", calls.Load())
	}
	if diff := cmp.Diff([]DropReason{DropDuplicateInvocation}, rec.reasons()); diff != "" {
		t.Errorf("OnDrop (-want +got):\n%s", diff)
	}
}

func TestDropsXML(t *testing.T) {
	t.Run("messages without an element", func(t *testing.T) {
		checkGoroutines(t)
		var rec dropRecorder
		cn, sn := tcpPair(t, false)
		c := NewXML(cn, XMLOptions{Options: Options{OnDrop: rec.onDrop, MaxBadFrames: 3}})
		defer c.Close()
		// Two bad ones, a good one, then three bad ones in a row.
		for _, body := range []string{"   ", "<!-- -->", "<SystemStatusResponse/>", " ", "text", "<?pi?>"} {
			sn.Write(xmlFrameBytes(1, []byte(body)))
		}
		err := waitErr(t, c)
		if !errors.Is(err, ErrProtocol) {
			t.Fatalf("Err = %v, want ErrProtocol", err)
		}
		want := []DropReason{DropNoElement, DropNoElement, DropUnmatchedReply, DropNoElement, DropNoElement, DropNoElement}
		if diff := cmp.Diff(want, rec.reasons()); diff != "" {
			t.Errorf("OnDrop (-want +got):\n%s", diff)
		}
		if st := c.Stats(); st.Dropped[DropNoElement] != 5 || st.FramesIn != 6 {
			t.Errorf("Stats = %+v", st)
		}
	})
	t.Run("answer not named Response", func(t *testing.T) {
		checkGoroutines(t)
		var rec dropRecorder
		cn, sn := tcpPair(t, false)
		c := NewXML(cn, XMLOptions{Options: Options{OnDrop: rec.onDrop}})
		defer c.Close()
		answer := []byte(`<MakeCallResult xmlns="` + ns4 + `"><callID>1</callID></MakeCallResult>`)
		go func() {
			r := framing.NewXMLReader(sn, framing.XMLOptions{})
			id, _, err := r.ReadMessage()
			if err != nil {
				t.Error(err)
				return
			}
			sn.Write(xmlFrameBytes(id, answer))
		}()
		ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
		defer cancel()
		got, err := c.InvokeXML(ctx, xmlMakeCall)
		if err != nil || !bytes.Equal(got, answer) {
			t.Fatalf("InvokeXML = %q, %v", got, err)
		}
		if got := rec.reasons(); len(got) != 0 {
			t.Errorf("drops %v", got)
		}
	})
	t.Run("unhandled request", func(t *testing.T) {
		checkGoroutines(t)
		var rec dropRecorder
		client, _ := xmlPair(t, false, XMLOptions{}, XMLOptions{Options: Options{OnDrop: rec.onDrop}})
		ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
		defer cancel()
		var xe *XMLError
		if _, err := client.InvokeXML(ctx, xmlMakeCall); !errors.As(err, &xe) || xe.Category != "unspecified" {
			t.Fatalf("err = %v, want CSTAErrorCode unspecified", err)
		}
		if diff := cmp.Diff([]DropReason{DropUnhandledRequest}, rec.reasons()); diff != "" {
			t.Errorf("OnDrop (-want +got):\n%s", diff)
		}
	})
}

func TestDropReasonString(t *testing.T) {
	for r := DropReason(1); r < NumDropReasons; r++ {
		if s := r.String(); s == "" || strings.HasPrefix(s, "DropReason(") {
			t.Errorf("reason %d has no name", r)
		}
	}
	if s := NumDropReasons.String(); s != fmt.Sprintf("DropReason(%d)", NumDropReasons) {
		t.Errorf("String() of an unknown reason = %q", s)
	}
}

func TestAuthentication(t *testing.T) {
	tests := []struct {
		name       string
		co, so     BEROptions
		is         error // the client's error
		serverDiag bool  // the switch refused with authentication-failure
	}{
		{name: "off by default", co: BEROptions{AARQ: PasswordAARQ([]byte("anything"))}},
		{name: "right passwords",
			co: BEROptions{AARQ: PasswordAARQ([]byte("secret")), VerifyAARE: CheckRespondingPassword([]byte("reply"))},
			so: BEROptions{Authenticate: CheckPassword([]byte("secret")), AARE: PasswordAARE([]byte("reply"))}},
		{name: "wrong calling password", co: BEROptions{AARQ: PasswordAARQ([]byte("guess"))},
			so: BEROptions{Authenticate: CheckPassword([]byte("secret"))}, is: ErrAssociationRejected, serverDiag: true},
		{name: "no calling password", so: BEROptions{Authenticate: CheckPassword([]byte("secret"))},
			is: ErrAssociationRejected, serverDiag: true},
		{name: "wrong responding password", co: BEROptions{VerifyAARE: CheckRespondingPassword([]byte("reply"))},
			so: BEROptions{AARE: PasswordAARE([]byte("other"))}, is: ErrWrongAuthenticationValue},
		{name: "no responding password", co: BEROptions{VerifyAARE: CheckRespondingPassword([]byte("reply"))},
			is: ErrNoAuthenticationValue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkGoroutines(t)
			cn, sn := tcpPair(t, false)
			type res struct {
				c   *BERConn
				err error
			}
			ch := make(chan res, 1)
			go func() {
				c, err := AcceptBER(sn, tt.so)
				ch <- res{c, err}
			}()
			c, err := NewBER(cn, tt.co)
			r := <-ch
			if c != nil {
				defer c.Close()
			}
			if r.c != nil {
				defer r.c.Close()
			}
			if tt.is == nil {
				if err != nil || r.err != nil {
					t.Fatalf("NewBER: %v, AcceptBER: %v", err, r.err)
				}
				return
			}
			if !errors.Is(err, tt.is) {
				t.Fatalf("NewBER: %v, want %v", err, tt.is)
			}
			var ae *AssociationError
			if tt.serverDiag {
				if !errors.As(err, &ae) || ae.Diagnostic.ACSEServiceUser != csta.AssociateSourceDiagnosticACSEServiceUserAuthenticationFailure {
					t.Errorf("client got %v, want authentication-failure", err)
				}
				if !errors.Is(r.err, ErrWrongAuthenticationValue) && !errors.Is(r.err, ErrNoAuthenticationValue) {
					t.Errorf("AcceptBER: %v", r.err)
				}
				return
			}
			var aue *AuthenticationError
			if !errors.As(err, &aue) || !errors.Is(err, ErrAuthentication) {
				t.Errorf("NewBER: %v, want an *AuthenticationError", err)
			}
		})
	}
}

func TestKeepAliveConfigurable(t *testing.T) {
	t.Run("BER built at send time", func(t *testing.T) {
		checkGoroutines(t)
		makeCall := opCode(t, "makeCall")
		var n atomic.Int64
		var mu sync.Mutex
		var seen []string
		client, _ := berPair(t, false,
			BEROptions{Options: Options{KeepAliveInterval: 20 * time.Millisecond}, KeepAlive: func() (int64, csta.Message) {
				return makeCall, makeCallArg(fmt.Sprint(n.Add(1)), "0")
			}},
			BEROptions{OnRequest: func(p *csta.PDU) (csta.Message, error) {
				if p.Operation.Code != makeCall {
					return nil, errors.New("not makeCall")
				}
				mu.Lock()
				seen = append(seen, string(p.Argument.(*csta.MakeCallArgument).CallingDevice.DeviceIdentifier.DialingNumber))
				mu.Unlock()
				return makeCallResult("1"), nil
			}})
		deadline := time.Now().Add(waitTimeout)
		for {
			mu.Lock()
			k := len(seen)
			mu.Unlock()
			if k >= 3 || time.Now().After(deadline) {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(seen) < 3 || seen[0] != "1" || seen[1] != "2" || seen[2] != "3" {
			t.Errorf("keep-alives carried %v, want 1, 2, 3...", seen)
		}
		if err := client.Err(); err != nil {
			t.Errorf("connection failed: %v", err)
		}
	})
	t.Run("XML ResetApplicationSessionTimer", func(t *testing.T) {
		checkGoroutines(t)
		var session atomic.Value
		session.Store("S-1")
		var mu sync.Mutex
		var bodies []string
		client, _ := xmlPair(t, false,
			XMLOptions{Options: Options{KeepAliveInterval: 20 * time.Millisecond},
				AppendKeepAlive: ResetApplicationSessionTimer(func() string { return session.Load().(string) }, 180*time.Second)},
			XMLOptions{OnRequest: func(m *XMLFrame, dst []byte) ([]byte, error) {
				mu.Lock()
				bodies = append(bodies, string(m.Body))
				if len(bodies) == 2 {
					session.Store("S-2")
				}
				mu.Unlock()
				if string(m.Root) != "ResetApplicationSessionTimer" || string(m.NS) != ECMA354Namespace {
					return dst, errors.New("not a session timer reset")
				}
				return append(dst, `<ResetApplicationSessionTimerPosResponse xmlns="`+ECMA354Namespace+`"><actualSessionDuration>180</actualSessionDuration></ResetApplicationSessionTimerPosResponse>`...), nil
			}})
		deadline := time.Now().Add(waitTimeout)
		for {
			mu.Lock()
			k := len(bodies)
			mu.Unlock()
			if k >= 4 || time.Now().After(deadline) {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		mu.Lock()
		defer mu.Unlock()
		want := `<?xml version="1.0" encoding="UTF-8"?><ResetApplicationSessionTimer xmlns="` + ECMA354Namespace +
			`"><sessionID>S-1</sessionID><requestedSessionDuration>180</requestedSessionDuration></ResetApplicationSessionTimer>`
		if len(bodies) < 4 {
			t.Fatalf("%d keep-alives", len(bodies))
		}
		if bodies[0] != want {
			t.Errorf("keep-alive =\n%s\nwant\n%s", bodies[0], want)
		}
		if !strings.Contains(bodies[3], "<sessionID>S-2</sessionID>") {
			t.Errorf("later keep-alive %s does not carry the new session ID", bodies[3])
		}
		if err := client.Err(); err != nil {
			t.Errorf("connection failed: %v", err)
		}
	})
}

func TestWriteCoalescing(t *testing.T) {
	checkGoroutines(t)
	const n = 2000
	var got atomic.Int64
	released := make(chan int64, 1)
	client, server := berPair(t, false, BEROptions{OnEvent: func(*csta.PDU) { got.Add(1) }}, BEROptions{})
	code := opCode(t, "cSTAEventReport")
	ev := deliveredEvent("0001", "0042")
	for range n {
		if err := server.Notify(code, ev); err != nil {
			t.Fatal(err)
		}
	}
	// Close flushes the queue before the RLRQ: every event arrives first.
	go func() {
		waitErr(t, client)
		released <- got.Load()
	}()
	if err := server.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if k := <-released; k != n {
		t.Errorf("%d of %d events before the release", k, n)
	}
	st := server.Stats()
	if st.FramesOut != n+2 || st.Flushes == 0 || st.Flushes >= st.FramesOut {
		t.Errorf("Stats: %d frames in %d flushes, want coalescing", st.FramesOut, st.Flushes)
	}
	t.Logf("%d frames in %d flushes", st.FramesOut, st.Flushes)
}

// TestDecodeBudgetBER sends an invoke whose argument holds 300,000 empty
// privateData items (600 KB on the wire, hundreds of MiB decoded without a
// budget): DefaultLimits stops it with ber.ErrBudget, the invoke is rejected
// as a mistyped argument, and the connection goes on.
func TestDecodeBudgetBER(t *testing.T) {
	checkGoroutines(t)
	var mu sync.Mutex
	var got []error
	c, s, err := newRawSwitch(t, BEROptions{Options: Options{OnDrop: func(e *DropEvent) {
		mu.Lock()
		got = append(got, e.Err)
		mu.Unlock()
	}}}, v6)
	if err != nil {
		t.Fatal(err)
	}
	arg := makeCallArg("1", "2")
	arg.Extensions = &csta.CSTACommonArguments{HasPrivateData: true, PrivateData: make(csta.CSTACommonArgumentsPrivateData, 300000)}
	for k := range arg.Extensions.PrivateData {
		arg.Extensions.PrivateData[k].Choice = csta.CSTAPrivateDataChoicePrivate
	}
	if _, err := s.nc.Write(invokePDU(t, 9, opCode(t, "makeCall"), arg)); err != nil {
		t.Fatal(err)
	}
	if r := decodeROS(t, s.readPDU(t)); r.Choice != csta.ROSChoiceReject {
		t.Fatalf("switch got %v, want a Reject", r.Choice)
	}
	for deadline := time.Now().Add(waitTimeout); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n > 0 {
			break
		}
	}
	if st := c.Stats(); st.Dropped[DropMistypedArgument] != 1 {
		t.Errorf("Stats = %+v", st)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 1 || !errors.Is(got[0], ber.ErrBudget) {
		t.Fatalf("OnDrop errors %v, want one ber.ErrBudget", got)
	}
}

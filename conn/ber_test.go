package conn

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/runtime/framing"
	"github.com/cstagen/cstagen/runtime/rose"
	"github.com/google/go-cmp/cmp"
)

const (
	v4 = csta.CSTAVersionVersionFour
	v5 = csta.CSTAVersionVersionFive
	v6 = csta.CSTAVersionVersionSix
)

func TestHighestVersion(t *testing.T) {
	tests := []struct {
		in, want csta.CSTAVersion
	}{
		{0, 0},
		{v4, v4},
		{v4 | v5 | v6, v6},
		{csta.CSTAVersionVersionOne | csta.CSTAVersionVersionTwentyfour, csta.CSTAVersionVersionTwentyfour},
	}
	for _, tt := range tests {
		if got := HighestVersion(tt.in); got != tt.want {
			t.Errorf("HighestVersion({%v}) = {%v}, want {%v}", tt.in, got, tt.want)
		}
	}
}

func TestAssociation(t *testing.T) {
	errAuth := errors.New("bad password")
	tests := []struct {
		name        string
		client      BEROptions
		server      BEROptions
		useTLS      bool
		want        csta.CSTAVersion
		clientIs    error // sentinel the client's error must match; nil for success
		serverIs    error
		wantContext []uint32
	}{
		{name: "defaults", want: v6, wantContext: CSTA3Context},
		{name: "defaults over TLS", useTLS: true, want: v6, wantContext: CSTA3Context},
		{name: "client asks only four", client: BEROptions{Versions: v4}, want: v4},
		{name: "highest common", client: BEROptions{Versions: v4 | v5}, server: BEROptions{Versions: v5 | v6}, want: v5},
		{name: "no common version", client: BEROptions{Versions: v4}, server: BEROptions{Versions: v5 | v6},
			clientIs: ErrNoCommonVersion, serverIs: ErrNoCommonVersion},
		{name: "wrong application context", client: BEROptions{ApplicationContext: CSTA2Context},
			clientIs: ErrAssociationRejected, serverIs: ErrAssociationRejected},
		{name: "HiPath style: csta2 context, prefix", want: v4, wantContext: CSTA2Context,
			client: BEROptions{ApplicationContext: CSTA2Context, Versions: v4, Framing: framing.Options{Prefix: framing.HiPathPrefix}},
			server: BEROptions{ApplicationContext: CSTA2Context, Framing: framing.Options{Prefix: framing.HiPathPrefix}}},
		{name: "Alcatel OXO handshake and prefix", want: v6,
			client: BEROptions{Framing: framing.Options{Prefix: framing.AlcatelOXEPrefix, Handshake: framing.AlcatelOXOHandshake}},
			server: BEROptions{Framing: framing.Options{Prefix: framing.AlcatelOXEPrefix, Handshake: framing.AlcatelOXOAcceptHandshake}}},
		{name: "authentication refused", server: BEROptions{Authenticate: func(*csta.AARQAPDU) error { return errAuth }},
			clientIs: ErrAssociationRejected, serverIs: errAuth},
		{name: "authentication accepted", want: v6,
			client: BEROptions{AARQ: func(q *csta.AARQAPDU) { q.CallingAPInvocationIdentifier, q.HasCallingAPInvocationIdentifier = 42, true }},
			server: BEROptions{Authenticate: func(q *csta.AARQAPDU) error {
				if !q.HasCallingAPInvocationIdentifier || q.CallingAPInvocationIdentifier != 42 {
					return errAuth
				}
				return nil
			}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkGoroutines(t)
			cn, sn := tcpPair(t, tt.useTLS)
			var server *BERConn
			var serr error
			done := make(chan struct{})
			go func() {
				defer close(done)
				server, serr = AcceptBER(sn, tt.server)
			}()
			client, cerr := NewBER(cn, tt.client)
			<-done
			if client != nil {
				defer client.Close()
			}
			if server != nil {
				defer server.Close()
			}
			if tt.clientIs != nil {
				if !errors.Is(cerr, tt.clientIs) {
					t.Errorf("client error %v, want %v", cerr, tt.clientIs)
				}
				if !errors.Is(serr, tt.serverIs) {
					t.Errorf("server error %v, want %v", serr, tt.serverIs)
				}
				return
			}
			if cerr != nil || serr != nil {
				t.Fatalf("client %v, server %v", cerr, serr)
			}
			if client.Version() != tt.want || server.Version() != tt.want {
				t.Errorf("versions client {%v} server {%v}, want {%v}", client.Version(), server.Version(), tt.want)
			}
			if tt.wantContext != nil {
				if diff := cmp.Diff(tt.wantContext, client.ApplicationContext()); diff != "" {
					t.Errorf("context (-want +got):\n%s", diff)
				}
			}
			// The association works: a systemStatus round trip (answered
			// by the server's default).
			ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
			defer cancel()
			if _, err := client.Invoke(ctx, OpSystemStatus, &csta.SystemStatusArg{SystemStatus: csta.SystemStatusNormal}); err != nil {
				t.Errorf("systemStatus: %v", err)
			}
		})
	}
}

func TestVersionErrorDetails(t *testing.T) {
	cn, sn := tcpPair(t, false)
	go AcceptBER(sn, BEROptions{Versions: v5 | v6})
	_, err := NewBER(cn, BEROptions{Versions: v4})
	var ve *VersionError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want *VersionError", err)
	}
	want := VersionError{Requested: v4, Offered: v5 | v6, Rejected: true}
	if diff := cmp.Diff(want, *ve); diff != "" {
		t.Errorf("VersionError (-want +got):\n%s", diff)
	}
	if ve.Error() != "conn: no common CSTA version: requested {versionFour}, offered {versionFive,versionSix}" {
		t.Errorf("Error() = %q", ve.Error())
	}
}

// rawSwitch is a hand-written switch: it answers the AARQ itself and then
// lets the test write whatever it wants.
type rawSwitch struct {
	nc net.Conn
	r  *framing.BERReader
	w  *framing.BERWriter
}

// newRawSwitch returns a client BERConn associated with a rawSwitch that
// accepted with versions v (the client asks for the defaults).
func newRawSwitch(t *testing.T, co BEROptions, v csta.CSTAVersion) (*BERConn, *rawSwitch, error) {
	t.Helper()
	if co.ReleaseTimeout == 0 {
		co.ReleaseTimeout = 50 * time.Millisecond // the raw switch never answers RLRQ
	}
	cn, sn := tcpPair(t, false)
	s := &rawSwitch{nc: sn, r: framing.NewBERReader(sn, framing.Options{}), w: framing.NewBERWriter(sn, framing.Options{})}
	done := make(chan error, 1)
	go func() {
		sn.SetDeadline(time.Now().Add(waitTimeout))
		defer sn.SetDeadline(time.Time{})
		if _, err := s.r.ReadPDU(); err != nil {
			done <- err
			return
		}
		aare, err := newAARE(CSTA3Context, csta.AssociateResultAccepted, userDiag(csta.AssociateSourceDiagnosticACSEServiceUserNull), v)
		if err == nil {
			var b []byte
			if b, err = aare.AppendBER(nil); err == nil {
				err = s.w.WritePDU(b)
			}
		}
		done <- err
	}()
	c, err := NewBER(cn, co)
	if serr := <-done; serr != nil {
		t.Fatalf("raw switch: %v", serr)
	}
	if c != nil {
		t.Cleanup(func() { c.Close() })
	}
	return c, s, err
}

// readPDU reads the next PDU the client sent, within waitTimeout.
func (s *rawSwitch) readPDU(t *testing.T) []byte {
	t.Helper()
	s.nc.SetReadDeadline(time.Now().Add(waitTimeout))
	p, err := s.r.ReadPDU()
	if err != nil {
		t.Fatalf("raw switch read: %v", err)
	}
	return p
}

// expectAbort reads PDUs until an ABRT (the client's goodbye).
func (s *rawSwitch) expectAbort(t *testing.T) {
	t.Helper()
	for range 20 {
		p := s.readPDU(t)
		var a csta.ACSEAPDU
		if a.DecodeBER(p) == nil && a.Choice == csta.ACSEAPDUChoiceAbrt {
			if a.Abrt.AbortDiagnostic != csta.ABRTDiagnosticProtocolError {
				t.Errorf("ABRT diagnostic %v", a.Abrt.AbortDiagnostic)
			}
			return
		}
	}
	t.Fatal("no ABRT from the client")
}

func TestAcceptedWithUnrequestedVersion(t *testing.T) {
	checkGoroutines(t)
	_, s, err := newRawSwitch(t, BEROptions{Versions: v4}, csta.CSTAVersionVersionOne)
	var ve *VersionError
	if !errors.As(err, &ve) || ve.Rejected || ve.Offered != csta.CSTAVersionVersionOne {
		t.Fatalf("err = %v, want an accepted-but-disjoint *VersionError", err)
	}
	s.expectAbort(t)
}

func TestAARENoUserInformation(t *testing.T) {
	checkGoroutines(t)
	c, _, err := newRawSwitch(t, BEROptions{Versions: v4 | v5}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if c.Version() != v5 {
		t.Errorf("Version = {%v}, want the highest requested", c.Version())
	}
}

func TestMakeCall(t *testing.T) {
	for _, useTLS := range []bool{false, true} {
		name := "tcp"
		if useTLS {
			name = "tls"
		}
		t.Run(name, func(t *testing.T) {
			checkGoroutines(t)
			makeCall := opCode(t, "makeCall")
			var calls atomic.Int64
			client, _ := berPair(t, useTLS, BEROptions{}, BEROptions{OnRequest: func(p *csta.PDU) (csta.Message, error) {
				arg, ok := p.Argument.(*csta.MakeCallArgument)
				if p.Operation.Code != makeCall || !ok {
					return nil, &RejectError{Problem: csta.RejectProblem{Choice: csta.RejectProblemChoiceInvoke, Invoke: csta.InvokeProblemUnrecognizedOperation}}
				}
				calls.Add(1)
				return makeCallResult("call-" + string(arg.CalledDirectoryNumber.DeviceIdentifier.DialingNumber)), nil
			}})
			ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
			defer cancel()

			r, err := client.Do(ctx, makeCall, makeCallArg("201", "202"))
			if err != nil {
				t.Fatal(err)
			}
			res, ok := r.Result().(*csta.MakeCallResult)
			if !ok || string(res.CallingDevice.CallID) != "call-202" {
				t.Errorf("Do result %#v", r.Result())
			}
			r.Release()

			// Invoke's result owns its memory: it survives later calls.
			m, err := client.Invoke(ctx, makeCall, makeCallArg("201", "203"))
			if err != nil {
				t.Fatal(err)
			}
			for i := range 5 {
				if _, err := client.Invoke(ctx, makeCall, makeCallArg("201", string(rune('4'+i)))); err != nil {
					t.Fatal(err)
				}
			}
			if got := string(m.(*csta.MakeCallResult).CallingDevice.CallID); got != "call-203" {
				t.Errorf("kept result changed to %q", got)
			}
			if calls.Load() != 7 {
				t.Errorf("server saw %d makeCalls, want 7", calls.Load())
			}
		})
	}
}

func TestConcurrentRequests(t *testing.T) {
	checkGoroutines(t)
	makeCall := opCode(t, "makeCall")
	client, _ := berPair(t, false, BEROptions{}, BEROptions{OnRequest: func(p *csta.PDU) (csta.Message, error) {
		arg := p.Argument.(*csta.MakeCallArgument)
		return makeCallResult(string(arg.CalledDirectoryNumber.DeviceIdentifier.DialingNumber)), nil
	}})
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				want := string(rune('a'+g)) + string(rune('a'+i))
				r, err := client.Do(ctx, makeCall, makeCallArg("1", want))
				if err != nil {
					t.Error(err)
					return
				}
				if got := string(r.Result().(*csta.MakeCallResult).CallingDevice.CallID); got != want {
					t.Errorf("got reply %q for request %q", got, want)
				}
				r.Release()
			}
		}()
	}
	wg.Wait()
}

func TestReturnError(t *testing.T) {
	checkGoroutines(t)
	failure := csta.UniversalFailure{Choice: csta.UniversalFailureChoiceOperation, Operation: csta.OperationErrorsInvalidCallingDeviceObjectType}
	tests := []struct {
		name    string
		handler func(*csta.PDU) (csta.Message, error)
		want    ServiceError
	}{
		{"universalFailure", func(*csta.PDU) (csta.Message, error) { return nil, &ServiceError{Failure: failure, HasFailure: true} },
			ServiceError{Operation: 10, Code: 1, Failure: failure, HasFailure: true}},
		{"other error is unspecified", func(*csta.PDU) (csta.Message, error) { return nil, errors.New("busy") },
			ServiceError{Operation: 10, Code: 1, Failure: csta.UniversalFailure{Choice: csta.UniversalFailureChoiceUnspecified}, HasFailure: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, _ := berPair(t, false, BEROptions{}, BEROptions{OnRequest: tt.handler})
			ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
			defer cancel()
			_, err := client.Invoke(ctx, opCode(t, "makeCall"), makeCallArg("201", "202"))
			var se *ServiceError
			if !errors.As(err, &se) || !errors.Is(err, ErrServiceFailed) {
				t.Fatalf("err = %v, want *ServiceError", err)
			}
			tt.want.InvokeID = se.InvokeID
			if diff := cmp.Diff(tt.want, *se); diff != "" {
				t.Errorf("ServiceError (-want +got):\n%s", diff)
			}
		})
	}
	if got := (&ServiceError{Operation: 10, Code: 1, Failure: failure, HasFailure: true}).Error(); got != "conn: makeCall failed: universalFailure operation: invalidCallingDeviceObjectType" {
		t.Errorf("Error() = %q", got)
	}
}

func TestReject(t *testing.T) {
	checkGoroutines(t)
	limit := csta.RejectProblem{Choice: csta.RejectProblemChoiceInvoke, Invoke: csta.InvokeProblemResourceLimitation}
	unknownOp := csta.RejectProblem{Choice: csta.RejectProblemChoiceInvoke, Invoke: csta.InvokeProblemUnrecognizedOperation}
	client, _ := berPair(t, false, BEROptions{}, BEROptions{OnRequest: func(p *csta.PDU) (csta.Message, error) {
		return nil, &RejectError{Problem: limit}
	}})
	tests := []struct {
		name string
		code int64
		arg  csta.Message
		want csta.RejectProblem
	}{
		{"handler rejects", 10, makeCallArg("1", "2"), limit},
		{"operation not in the tables", 9999, nil, unknownOp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
			defer cancel()
			_, err := client.Do(ctx, tt.code, tt.arg)
			var re *RejectError
			if !errors.As(err, &re) || !errors.Is(err, ErrRejected) {
				t.Fatalf("err = %v, want *RejectError", err)
			}
			if diff := cmp.Diff(tt.want, re.Problem); diff != "" || !re.HasInvokeID {
				t.Errorf("problem (-want +got):\n%s (HasInvokeID %v)", diff, re.HasInvokeID)
			}
		})
	}
}

func TestEventsWhilePending(t *testing.T) {
	checkGoroutines(t)
	makeCall := opCode(t, "makeCall")
	eventReport := opCode(t, "cSTAEventReport")
	requests := make(chan int64, 1)
	events := make(chan string, 10)
	client, server := berPair(t, false,
		BEROptions{OnEvent: func(p *csta.PDU) {
			ev := p.Argument.(*csta.CSTAEventReportArgument)
			events <- string(ev.EventSpecificInfo.CallControlEvents.Delivered.Connection.CallID)
		}},
		BEROptions{OnRequest: func(p *csta.PDU) (csta.Message, error) {
			id, _ := p.InvokeID()
			requests <- id
			return nil, ErrRespondLater
		}})
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	type res struct {
		r   *Reply
		err error
	}
	done := make(chan res, 1)
	go func() {
		r, err := client.Do(ctx, makeCall, makeCallArg("201", "202"))
		done <- res{r, err}
	}()
	id := <-requests
	for _, c := range []string{"c1", "c2", "c3"} {
		if err := server.Notify(eventReport, deliveredEvent("x1", c)); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for range 3 {
		select {
		case e := <-events:
			got = append(got, e)
		case <-time.After(waitTimeout):
			t.Fatal("event not delivered")
		}
	}
	if diff := cmp.Diff([]string{"c1", "c2", "c3"}, got); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if client.Pending() != 1 {
		t.Errorf("Pending = %d while the request waits", client.Pending())
	}
	if err := server.Respond(id, makeCall, makeCallResult("late")); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	if got := string(r.r.Result().(*csta.MakeCallResult).CallingDevice.CallID); got != "late" {
		t.Errorf("result %q", got)
	}
	r.r.Release()
}

func TestRequestTimeoutAndCancel(t *testing.T) {
	checkGoroutines(t)
	makeCall := opCode(t, "makeCall")
	var answer atomic.Bool
	client, _ := berPair(t, false, BEROptions{Options: Options{RequestTimeout: 100 * time.Millisecond}},
		BEROptions{OnRequest: func(p *csta.PDU) (csta.Message, error) {
			if answer.Load() {
				return makeCallResult("ok"), nil
			}
			return nil, ErrRespondLater // never answered
		}})

	start := time.Now()
	_, err := client.Do(context.Background(), makeCall, makeCallArg("1", "2"))
	var te *rose.TimeoutError
	if !errors.As(err, &te) || !errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want a timeout", err)
	}
	if d := time.Since(start); d < 90*time.Millisecond || d > 2*time.Second {
		t.Errorf("timed out after %v", d)
	}

	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(30*time.Millisecond, cancel)
	if _, err := client.Do(ctx, makeCall, makeCallArg("1", "2")); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}

	// The association survives both.
	answer.Store(true)
	ctx2, cancel2 := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel2()
	if _, err := client.Invoke(ctx2, makeCall, makeCallArg("1", "2")); err != nil {
		t.Errorf("after timeout and cancel: %v", err)
	}
	if client.Pending() != 0 {
		t.Errorf("Pending = %d", client.Pending())
	}
}

func TestLateReplyIsRejected(t *testing.T) {
	checkGoroutines(t)
	c, s, err := newRawSwitch(t, BEROptions{Options: Options{RequestTimeout: 50 * time.Millisecond}}, v6)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Do(context.Background(), OpSystemStatus, nil); !errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v", err)
	}
	var inv csta.ROS
	if err := inv.DecodeBER(s.readPDU(t)); err != nil || inv.Choice != csta.ROSChoiceInvoke {
		t.Fatalf("switch got %v, %v", inv.Choice, err)
	}
	var rr csta.PDU
	rr.SetResult(inv.Invoke.InvokeID.Present, OpSystemStatus, nil)
	b, _ := rr.AppendBER(nil)
	s.w.WritePDU(b)
	var rej csta.ROS
	if err := rej.DecodeBER(s.readPDU(t)); err != nil || rej.Choice != csta.ROSChoiceReject {
		t.Fatalf("switch got %v, %v; want a Reject", rej.Choice, err)
	}
	want := csta.RejectProblem{Choice: csta.RejectProblemChoiceReturnResult, ReturnResult: csta.ReturnResultProblemUnrecognizedInvocation}
	if diff := cmp.Diff(want, rej.Reject.Problem); diff != "" || rej.Reject.InvokeID.Present != inv.Invoke.InvokeID.Present {
		t.Errorf("Reject (-want +got):\n%s", diff)
	}
}

func TestKeepAlive(t *testing.T) {
	t.Run("alive peer", func(t *testing.T) {
		checkGoroutines(t)
		var pings atomic.Int64
		client, _ := berPair(t, false,
			BEROptions{Options: Options{KeepAliveInterval: 20 * time.Millisecond}},
			BEROptions{OnRequest: func(p *csta.PDU) (csta.Message, error) {
				if p.Operation.Code == OpSystemStatus && p.Argument.(*csta.SystemStatusArg).SystemStatus == csta.SystemStatusNormal {
					pings.Add(1)
				}
				return &sysStatusNoData, nil
			}})
		deadline := time.Now().Add(waitTimeout)
		for pings.Load() < 5 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if pings.Load() < 5 {
			t.Fatalf("%d keep-alives in %v", pings.Load(), waitTimeout)
		}
		if err := client.Err(); err != nil {
			t.Errorf("connection failed: %v", err)
		}
	})
	t.Run("dead peer", func(t *testing.T) {
		checkGoroutines(t)
		client, server := berPair(t, false,
			BEROptions{Options: Options{KeepAliveInterval: 30 * time.Millisecond, KeepAliveMisses: 2}},
			BEROptions{OnRequest: func(*csta.PDU) (csta.Message, error) { return nil, ErrRespondLater }})
		// A request pending meanwhile fails with the keep-alive error.
		errc := make(chan error, 1)
		go func() {
			_, err := client.Do(context.Background(), opCode(t, "makeCall"), makeCallArg("1", "2"))
			errc <- err
		}()
		start := time.Now()
		err := waitErr(t, client)
		var ke *KeepAliveError
		if !errors.As(err, &ke) || !errors.Is(err, ErrKeepAlive) || ke.Misses != 2 {
			t.Fatalf("Err = %v, want a *KeepAliveError after 2 misses", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("dead peer detected after %v", d)
		}
		if err := <-errc; !errors.Is(err, ErrClosed) || !errors.Is(err, ErrKeepAlive) {
			t.Errorf("pending request: %v", err)
		}
		// The switch side sees the ABRT.
		if err := waitErr(t, server); !errors.Is(err, ErrAborted) {
			t.Errorf("server Err = %v, want ErrAborted", err)
		}
	})
}

func TestClose(t *testing.T) {
	t.Run("client releases", func(t *testing.T) {
		checkGoroutines(t)
		client, server := berPair(t, false, BEROptions{}, BEROptions{OnRequest: func(*csta.PDU) (csta.Message, error) {
			return nil, ErrRespondLater
		}})
		errc := make(chan error, 1)
		go func() {
			_, err := client.Do(context.Background(), opCode(t, "makeCall"), makeCallArg("1", "2"))
			errc <- err
		}()
		for client.Pending() == 0 {
			time.Sleep(time.Millisecond)
		}
		within(t, "Close", func() {
			if err := client.Close(); err != nil {
				t.Errorf("Close = %v", err)
			}
		})
		if err := <-errc; !errors.Is(err, ErrClosed) {
			t.Errorf("pending request: %v", err)
		}
		if err := client.Close(); err != nil {
			t.Errorf("second Close = %v", err)
		}
		if _, err := client.Do(context.Background(), OpSystemStatus, nil); !errors.Is(err, ErrClosed) {
			t.Errorf("Do after Close: %v", err)
		}
		if err := waitErr(t, server); !errors.Is(err, ErrReleased) {
			t.Errorf("server Err = %v, want ErrReleased", err)
		}
	})
	t.Run("switch releases", func(t *testing.T) {
		checkGoroutines(t)
		client, server := berPair(t, false, BEROptions{}, BEROptions{})
		within(t, "Close", func() {
			if err := server.Close(); err != nil {
				t.Errorf("Close = %v", err)
			}
		})
		if err := waitErr(t, client); !errors.Is(err, ErrReleased) {
			t.Errorf("client Err = %v, want ErrReleased", err)
		}
	})
	t.Run("switch aborts", func(t *testing.T) {
		checkGoroutines(t)
		client, server := berPair(t, false, BEROptions{}, BEROptions{})
		server.Abort()
		err := waitErr(t, client)
		var ae *AbortError
		if !errors.As(err, &ae) || ae.Source != csta.ABRTSourceACSEServiceUser {
			t.Errorf("client Err = %v, want *AbortError", err)
		}
	})
	t.Run("release unanswered", func(t *testing.T) {
		checkGoroutines(t)
		c, s, err := newRawSwitch(t, BEROptions{Options: Options{ReleaseTimeout: 50 * time.Millisecond}}, v6)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Close(); !errors.Is(err, ErrTimeout) {
			t.Errorf("Close = %v, want a release timeout", err)
		}
		var a csta.ACSEAPDU
		if err := a.DecodeBER(s.readPDU(t)); err != nil || a.Choice != csta.ACSEAPDUChoiceRlrq {
			t.Errorf("switch got %v, %v; want RLRQ", a.Choice, err)
		}
	})
}

func TestHostilePeer(t *testing.T) {
	tests := []struct {
		name    string
		opts    BEROptions
		send    [][]byte
		is      error // the connection's error must match
		rejects int   // Rejects the switch must receive first
		abort   bool  // the client must say ABRT
		alive   bool  // the connection must survive
	}{
		{name: "malformed length octets", send: [][]byte{{0xA2, 0xFF, 1, 2}},
			is: framing.ErrBadLength, abort: true},
		{name: "oversize PDU", opts: BEROptions{Framing: framing.Options{MaxPDUSize: 1024}},
			send: [][]byte{{0xA1, 0x83, 0x10, 0x00, 0x00}}, is: framing.ErrTooLarge, abort: true},
		{name: "indefinite nesting too deep", opts: BEROptions{Framing: framing.Options{MaxDepth: 4}},
			send: [][]byte{{0xA1, 0x80, 0xA0, 0x80, 0xA0, 0x80, 0xA0, 0x80, 0xA0, 0x80}}, is: framing.ErrTooDeep, abort: true},
		{name: "one PDU that is not ROSE is rejected", send: [][]byte{{0x30, 0x00}}, rejects: 1, alive: true},
		{name: "one undecodable ROSE APDU is rejected", send: [][]byte{{0xA2, 0x03, 0x04, 0x01, 0x00}}, rejects: 1, alive: true},
		{name: "an argument that does not decode", send: [][]byte{{0xA1, 0x08, 0x02, 0x01, 0x07, 0x02, 0x01, 0x0A, 0x30, 0x00}}, rejects: 1, alive: true},
		{name: "a stream of PDUs that are not ROSE", send: [][]byte{{0x30, 0x00, 0x30, 0x00, 0x30, 0x00, 0x30, 0x00, 0x30, 0x00, 0x30, 0x00, 0x30, 0x00, 0x30, 0x00}},
			rejects: DefaultMaxBadFrames - 1, is: ErrProtocol, abort: true},
		{name: "unexpected AARQ", send: [][]byte{{0x60, 0x09, 0xA1, 0x07, 0x06, 0x05, 0x2B, 0x0C, 0x00, 0x81, 0x5A}}, is: ErrProtocol, abort: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkGoroutines(t)
			c, s, err := newRawSwitch(t, tt.opts, v6)
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range tt.send {
				if _, err := s.nc.Write(b); err != nil {
					t.Fatal(err)
				}
			}
			for range tt.rejects {
				var rej csta.ROS
				if err := rej.DecodeBER(s.readPDU(t)); err != nil || rej.Choice != csta.ROSChoiceReject {
					t.Fatalf("switch got %v, %v; want a Reject", rej.Choice, err)
				}
			}
			if tt.alive {
				// Still usable: a systemStatus round trip through the raw switch.
				go func() {
					var inv csta.ROS
					if inv.DecodeBER(s.readPDU(t)) != nil {
						return
					}
					var rr csta.PDU
					rr.SetResult(inv.Invoke.InvokeID.Present, OpSystemStatus, nil)
					b, _ := rr.AppendBER(nil)
					s.w.WritePDU(b)
				}()
				ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
				defer cancel()
				if _, err := c.Do(ctx, OpSystemStatus, nil); err != nil {
					t.Errorf("after the bad PDU: %v", err)
				}
				return
			}
			err = waitErr(t, c)
			if !errors.Is(err, tt.is) || !errors.Is(err, ErrClosed) {
				t.Errorf("Err = %v, want %v", err, tt.is)
			}
			if tt.abort {
				s.expectAbort(t)
			}
		})
	}
}

func TestPeerDiesMidPDU(t *testing.T) {
	checkGoroutines(t)
	c, s, err := newRawSwitch(t, BEROptions{}, v6)
	if err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() {
		_, err := c.Do(context.Background(), OpSystemStatus, nil)
		errc <- err
	}()
	s.readPDU(t) // the invoke
	// Half a ReturnResult, then the switch dies.
	s.nc.Write([]byte{0xA2, 0x10, 0x02, 0x01})
	s.nc.Close()
	select {
	case err := <-errc:
		if !errors.Is(err, ErrClosed) || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("pending request: %v, want ErrClosed wrapping io.ErrUnexpectedEOF", err)
		}
	case <-time.After(waitTimeout):
		t.Fatal("pending request not failed")
	}
	var te *framing.TruncatedError
	if err := c.Err(); !errors.As(err, &te) {
		t.Errorf("Err = %v, want a *framing.TruncatedError", err)
	}
}

func TestSlowloris(t *testing.T) {
	checkGoroutines(t)
	c, s, err := newRawSwitch(t, BEROptions{Options: Options{FrameTimeout: 150 * time.Millisecond}}, v6)
	if err != nil {
		t.Fatal(err)
	}
	// Idle time between frames is not limited.
	time.Sleep(200 * time.Millisecond)
	if err := c.Err(); err != nil {
		t.Fatalf("idle connection failed: %v", err)
	}
	start := time.Now()
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		// One octet of a long ReturnResult every 40 ms, for at most 5 s.
		pdu := append([]byte{0xA2, 0x81, 0xF0}, make([]byte, 0xF0)...)
		for _, b := range pdu[:min(len(pdu), 125)] {
			select {
			case <-stop:
				return
			case <-time.After(40 * time.Millisecond):
			}
			if _, err := s.nc.Write([]byte{b}); err != nil {
				return
			}
		}
	}()
	err = waitErr(t, c)
	if !errors.Is(err, ErrFrameTimeout) {
		t.Errorf("Err = %v, want ErrFrameTimeout", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("slowloris detected after %v", d)
	}
}

func TestWriteErrors(t *testing.T) {
	checkGoroutines(t)
	client, _ := berPair(t, false, BEROptions{Framing: framing.Options{MaxPDUSize: 64}}, BEROptions{})
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	// Too large for the limit: nothing is written, the connection lives.
	big := makeCallArg("201", string(make([]byte, 100)))
	if _, err := client.Do(ctx, 10, big); !errors.Is(err, framing.ErrTooLarge) {
		t.Errorf("oversize request: %v", err)
	}
	if err := client.Err(); err != nil {
		t.Errorf("connection failed: %v", err)
	}
	if client.Pending() != 0 {
		t.Errorf("Pending = %d", client.Pending())
	}
}

// TestOtherOperations checks that an operation csta's tables do not know
// (a vendor's) travels when BEROptions.OtherOperations knows it: a request
// answered by OnRequest with its raw argument, a non-responding one to
// OnEvent, and an unknown one rejected as before.
func TestOtherOperations(t *testing.T) {
	checkGoroutines(t)
	const vendorOp, vendorEvent, unknown = 1001, 1002, 1003
	events := make(chan []byte, 1)
	other := func(code int64) (responds, known bool) {
		switch code {
		case vendorOp:
			return true, true
		case vendorEvent:
			return false, true
		}
		return false, false
	}
	client, server := berPair(t, false, BEROptions{}, BEROptions{
		OtherOperations: other,
		OnRequest: func(p *csta.PDU) (csta.Message, error) {
			if p.Operation != nil || p.Argument != nil {
				return nil, fmt.Errorf("a vendor invoke with Operation %v, Argument %v", p.Operation, p.Argument)
			}
			// The vendor's argument is its encoding: here a snapshotDevice
			// argument, answered with the result of makeCall.
			var arg csta.SnapshotDeviceArgument
			if err := arg.DecodeBER(p.ROSE.GetInvoke().Argument); err != nil {
				return nil, err
			}
			return makeCallResult(string(arg.SnapshotObject.DeviceIdentifier.DialingNumber)), nil
		},
		OnEvent: func(p *csta.PDU) { events <- bytes.Clone(p.ROSE.GetInvoke().Argument) },
	})
	_ = server
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	dev := csta.SnapshotDeviceArgument{SnapshotObject: deviceID("4711")}
	r, err := client.Do(ctx, vendorOp, &dev)
	if err != nil {
		t.Fatal(err)
	}
	var res csta.MakeCallResult
	if err := res.DecodeBER(r.PDU.ROSE.GetReturnResult().GetResult().Result); err != nil {
		t.Fatal(err)
	}
	r.Release()
	if got := string(res.CallingDevice.CallID); got != "4711" {
		t.Errorf("vendor result for %q", got)
	}
	if err := client.Notify(vendorEvent, &dev); err != nil {
		t.Fatal(err)
	}
	within(t, "the vendor event", func() {
		want, _ := dev.AppendBER(nil)
		if got := <-events; !bytes.Equal(got, want) {
			t.Errorf("event argument %x, want %x", got, want)
		}
	})
	var re *RejectError
	if _, err := client.Do(ctx, unknown, &dev); !errors.As(err, &re) {
		t.Errorf("unknown operation: %v, want a *RejectError", err)
	}
}

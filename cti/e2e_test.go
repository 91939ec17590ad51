package cti_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"testing"
	"time"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/cti"
	"github.com/cstagen/cstagen/sim"
	"github.com/cstagen/cstagen/sim/callmodel"
	"github.com/google/go-cmp/cmp"
)

const (
	plan = "station 101-105; trunk 9 outside 0049"
	ext  = "0049891234"
	wait = 10 * time.Second
)

// rig is a simulator on loopback and a client of it.
type rig struct {
	t     *testing.T
	model *callmodel.Model
	srv   *sim.Server
	l     net.Listener
	c     *cti.Client
	mons  map[string]*cti.Monitor
	ctx   context.Context
}

func newRig(t *testing.T, enc sim.Encoding, redial *cti.Backoff, monitored ...string) *rig {
	t.Helper()
	return newRigTLS(t, enc, redial, false, monitored...)
}

// newRigTLS is newRig, over TLS when useTLS is set.
func newRigTLS(t *testing.T, enc sim.Encoding, redial *cti.Backoff, useTLS bool, monitored ...string) *rig {
	t.Helper()
	var srvTLS, cliTLS *tls.Config
	if useTLS {
		srvTLS, cliTLS = tlsConfigs(t)
	}
	p, err := callmodel.ParseSpec(plan)
	if err != nil {
		t.Fatal(err)
	}
	m, err := callmodel.New(callmodel.Config{Plan: p})
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.DiscardHandler)
	srv, err := sim.New(sim.Config{Model: m, Encoding: enc, Logger: quiet, TLS: srvTLS})
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	ctx, cancel := context.WithTimeout(context.Background(), 2*wait)
	t.Cleanup(cancel)
	cfg := cti.Config{Address: l.Addr().String(), Encoding: cti.BER, Redial: redial, Logger: quiet, TrackCalls: true, TLS: cliTLS}
	if enc == sim.XML {
		cfg.Encoding, cfg.ApplicationSession = cti.XML, true
	}
	c, err := cti.Dial(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{t: t, model: m, srv: srv, l: l, c: c, mons: map[string]*cti.Monitor{}, ctx: ctx}
	t.Cleanup(func() {
		c.Close()
		srv.Close()
		m.Close()
	})
	for _, d := range monitored {
		mon, err := c.Monitor(ctx, d)
		if err != nil {
			t.Fatalf("Monitor(%s): %v", d, err)
		}
		r.mons[d] = mon
	}
	return r
}

// do runs a request that must succeed and returns its result.
func (r *rig) do(arg csta.Request) csta.Message {
	r.t.Helper()
	res, err := r.c.Invoke(r.ctx, arg)
	if err != nil {
		r.t.Fatalf("%T: %v", arg, err)
	}
	return res
}

func (r *rig) ok(err error) {
	r.t.Helper()
	if err != nil {
		r.t.Fatal(err)
	}
}

// step is one event of a flow and the state it leaves at each device
// whose monitor receives it.
type step struct {
	name, call, party, cause string
	at                       map[string]csta.LocalConnectionState
}

const (
	null      = csta.LocalConnectionStateNull
	initiated = csta.LocalConnectionStateInitiated
	alerting  = csta.LocalConnectionStateAlerting
	connected = csta.LocalConnectionStateConnected
	hold      = csta.LocalConnectionStateHold
)

type at = map[string]csta.LocalConnectionState

// check reads the events of every monitor and compares them with what
// the steps prescribe for it, in order, then checks that no more come.
func (r *rig) check(steps []step) {
	r.t.Helper()
	for dev, mon := range r.mons {
		var want []string
		for _, s := range steps {
			if st, ok := s.at[dev]; ok {
				want = append(want, fmt.Sprintf("%s %s/%s %s %s", s.name, s.call, s.party, st, s.cause))
			}
		}
		var got []string
		for len(got) < len(want) {
			select {
			case e, ok := <-mon.Events():
				if !ok {
					r.t.Fatalf("monitor %s ended: %v", dev, mon.Err())
				}
				got = append(got, eventLine(e))
			case <-time.After(wait):
				r.t.Fatalf("monitor %s: %d events, want %d:\n%s", dev, len(got), len(want), cmp.Diff(want, got))
			}
		}
		select {
		case e := <-mon.Events():
			got = append(got, eventLine(e))
		case <-time.After(50 * time.Millisecond):
		}
		if diff := cmp.Diff(want, got); diff != "" {
			r.t.Errorf("monitor %s events (-want +got):\n%s", dev, diff)
		}
	}
}

func eventLine(e cti.Event) string {
	cause := ""
	if e.Value != nil {
		cause = e.Cause.String()
	}
	return fmt.Sprintf("%s %s/%s %s %s", e.Name, e.Call, e.Party, e.State, cause)
}

// basic is 101 calling 102, 102 answering.
func (r *rig) basic() {
	r.t.Helper()
	from, to := cti.Device("101"), cti.Device("102")
	res := r.do(&csta.MakeCallArgument{CallingDevice: from, CalledDirectoryNumber: to})
	if call, dev := connOf(res.(*csta.MakeCallResult).GetCallingDevice()); call != "1" || dev != "101" {
		r.t.Fatalf("MakeCall connection %s/%s, want 1/101", call, dev)
	}
	r.do(&csta.AnswerCallArgument{CallToBeAnswered: cti.ConnectionID("1", "102")})
}

func connOf(c *csta.ConnectionID) (call, dev string) {
	b := c.GetBoth()
	return string(b.GetCallID()), cti.DeviceText(b.GetDeviceID().GetStaticID())
}

var basicSteps = []step{
	{"serviceInitiated", "1", "101", "makeCall", at{"101": initiated}},
	{"originated", "1", "101", "makeCall", at{"101": connected}},
	{"delivered", "1", "102", "newCall", at{"101": connected, "102": alerting}},
	{"established", "1", "102", "newCall", at{"101": connected, "102": connected}},
}

func (r *rig) consult() {
	r.t.Helper()
	res := r.do(&csta.ConsultationCallArgument{ExistingCall: cti.ConnectionID("1", "102"), ConsultedDevice: cti.Device("103")})
	if call, dev := connOf(res.(*csta.ConsultationCallResult).GetInitiatedCall()); call != "2" || dev != "102" {
		r.t.Fatalf("ConsultationCall connection %s/%s, want 2/102", call, dev)
	}
	r.do(&csta.AnswerCallArgument{CallToBeAnswered: cti.ConnectionID("2", "103")})
}

var consultSteps = []step{
	{"held", "1", "102", "consultation", at{"101": connected, "102": hold}},
	{"serviceInitiated", "2", "102", "consultation", at{"102": initiated}},
	{"originated", "2", "102", "consultation", at{"102": connected}},
	{"delivered", "2", "103", "consultation", at{"102": connected, "103": alerting}},
	{"established", "2", "103", "consultation", at{"102": connected, "103": connected}},
}

func cat(parts ...[]step) []step {
	var out []step
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

var encodings = []sim.Encoding{sim.BER, sim.XML}

// TestFlows runs the call flows of issue 16 between the client and the
// simulator, over BER and CSTA-XML, and checks every monitor's events.
func TestFlows(t *testing.T) {
	flows := []struct {
		name      string
		monitored []string
		run       func(r *rig)
		want      []step
		calls     []cti.Call // tracked at the end
	}{
		{
			name:      "call, answer, hold, retrieve, clear",
			monitored: []string{"101", "102", "103"},
			run: func(r *rig) {
				r.basic()
				r.do(&csta.HoldCallArgument{CallToBeHeld: cti.ConnectionID("1", "101")})
				r.do(&csta.RetrieveCallArgument{CallToBeRetrieved: cti.ConnectionID("1", "101")})
				r.do(&csta.ClearConnectionArgument{ConnectionToBeCleared: cti.ConnectionID("1", "101")})
			},
			want: cat(basicSteps, []step{
				{"held", "1", "101", "normal", at{"101": hold, "102": connected}},
				{"retrieved", "1", "101", "normal", at{"101": connected, "102": connected}},
				{"connectionCleared", "1", "101", "normalClearing", at{"101": null, "102": connected}},
				{"connectionCleared", "1", "102", "normalClearing", at{"101": null, "102": null}},
				{"callCleared", "1", "", "normalClearing", at{"101": null, "102": null}},
			}),
		},
		{
			name:      "consult and transfer",
			monitored: []string{"101", "102", "103"},
			run: func(r *rig) {
				r.basic()
				r.consult()
				r.do(&csta.TransferCallArgument{HeldCall: cti.ConnectionID("1", "102"), ActiveCall: cti.ConnectionID("2", "102")})
				r.do(&csta.ClearCallArgument{CallToBeCleared: cti.ConnectionID("1", "")})
			},
			want: cat(basicSteps, consultSteps, []step{
				{"transferred", "1", "102", "transfer", at{"101": connected, "102": null, "103": connected}},
				{"connectionCleared", "1", "101", "normalClearing", at{"101": null, "103": connected}},
				{"connectionCleared", "1", "103", "normalClearing", at{"101": null, "103": null}},
				{"callCleared", "1", "", "normalClearing", at{"101": null, "103": null}},
			}),
		},
		{
			name:      "consult and conference, one party leaves",
			monitored: []string{"101", "102", "103"},
			run: func(r *rig) {
				r.basic()
				r.consult()
				r.do(&csta.ConferenceCallArgument{HeldCall: cti.ConnectionID("1", "102"), ActiveCall: cti.ConnectionID("2", "102")})
				r.do(&csta.ClearConnectionArgument{ConnectionToBeCleared: cti.ConnectionID("1", "103")})
			},
			want: cat(basicSteps, consultSteps, []step{
				{"conferenced", "1", "102", "conference", at{"101": connected, "102": connected, "103": connected}},
				{"connectionCleared", "1", "103", "normalClearing", at{"101": connected, "102": connected, "103": null}},
			}),
			calls: []cti.Call{{ID: "1", Connections: []cti.Connection{{Call: "1", Device: "101", State: connected}, {Call: "1", Device: "102", State: connected}}}},
		},
		{
			name:      "incoming external call deflected, external hangs up",
			monitored: []string{"101", "102", "9"},
			run: func(r *rig) {
				if _, err := r.model.IncomingCall(ext, "101"); err != nil {
					r.t.Fatal(err)
				}
				r.do(&csta.DeflectCallArgument{CallToBeDiverted: cti.ConnectionID("1", "101"), NewDestination: cti.Device("102")})
				r.do(&csta.AnswerCallArgument{CallToBeAnswered: cti.ConnectionID("1", "102")})
				r.ok(r.model.ExternalHangup(ext))
			},
			want: []step{
				{"delivered", "1", "101", "newCall", at{"9": connected, "101": alerting}},
				{"diverted", "1", "101", "redirected", at{"9": connected, "101": null}},
				{"delivered", "1", "102", "redirected", at{"9": connected, "102": alerting}},
				{"established", "1", "102", "redirected", at{"9": connected, "102": connected}},
				{"connectionCleared", "1", ext, "normalClearing", at{"9": null, "102": connected}},
				{"connectionCleared", "1", "102", "normalClearing", at{"9": null, "102": null}},
				{"callCleared", "1", "", "normalClearing", at{"9": null, "102": null}},
			},
		},
	}
	for _, enc := range encodings {
		for _, f := range flows {
			t.Run(enc.String()+"/"+f.name, func(t *testing.T) {
				r := newRig(t, enc, nil, f.monitored...)
				f.run(r)
				r.check(f.want)
				if f.calls == nil {
					f.calls = []cti.Call{}
				}
				if diff := cmp.Diff(f.calls, r.c.Calls()); diff != "" {
					t.Errorf("tracked calls (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// TestWrongState checks the ServiceErrors of requests that are not valid
// in the current state, the same over BER and CSTA-XML.
func TestWrongState(t *testing.T) {
	for _, enc := range encodings {
		t.Run(enc.String(), func(t *testing.T) {
			r := newRig(t, enc, nil)
			r.basic()
			for _, tc := range []struct {
				arg             csta.Request
				category, value string
			}{
				{&csta.AnswerCallArgument{CallToBeAnswered: cti.ConnectionID("1", "102")}, "stateIncompatibility", "invalidConnectionState"},
				{&csta.RetrieveCallArgument{CallToBeRetrieved: cti.ConnectionID("1", "101")}, "stateIncompatibility", "noHeldCall"},
				{&csta.HoldCallArgument{CallToBeHeld: cti.ConnectionID("7", "101")}, "operation", "invalidCallID"},
				{&csta.MakeCallArgument{CallingDevice: cti.Device("999"), CalledDirectoryNumber: cti.Device("102")}, "operation", "invalidCallingDeviceID"},
			} {
				_, err := r.c.Invoke(r.ctx, tc.arg)
				cat, val, ok := cti.Failure(err)
				if !ok || cat != tc.category || val != tc.value {
					t.Errorf("%T: error %v (%q %q), want %s %s", tc.arg, err, cat, val, tc.category, tc.value)
				}
			}
		})
	}
}

// TestTLS runs a call over TLS, BER and CSTA-XML.
func TestTLS(t *testing.T) {
	for _, enc := range encodings {
		t.Run(enc.String(), func(t *testing.T) {
			r := newRigTLS(t, enc, nil, true, "101", "102")
			r.basic()
			r.check(basicSteps)
		})
	}
}

// tlsConfigs returns a server config with a self-signed certificate for
// 127.0.0.1 and a client config trusting exactly it.
func tlsConfigs(t *testing.T) (srv, cli *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "cstagen test switch"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	srv = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}}, MinVersion: tls.VersionTLS12}
	cli = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	return srv, cli
}

// TestRedial cuts the connection under the client: it dials again,
// restores its monitors and reports the gap, then events flow again.
func TestRedial(t *testing.T) {
	for _, enc := range encodings {
		t.Run(enc.String(), func(t *testing.T) {
			r := newRig(t, enc, &cti.Backoff{Initial: 10 * time.Millisecond, Max: 100 * time.Millisecond}, "101", "102")
			r.basic()
			r.check(basicSteps)
			// The switch drops every connection; it keeps serving.
			r.srv.CloseConns()
			for dev, mon := range r.mons {
				select {
				case e := <-mon.Events():
					if e.Name != "restored" || e.Gap == nil {
						t.Fatalf("monitor %s: %s, want restored", dev, eventLine(e))
					}
					want := []cti.Connection{{Call: "1", Device: dev, State: connected}}
					if diff := cmp.Diff(want, e.Gap.Snapshot); diff != "" {
						t.Errorf("monitor %s: snapshot after restore (-want +got):\n%s", dev, diff)
					}
				case <-time.After(wait):
					t.Fatalf("monitor %s not restored", dev)
				}
			}
			r.do(&csta.ClearConnectionArgument{ConnectionToBeCleared: cti.ConnectionID("1", "101")})
			r.check([]step{
				{"connectionCleared", "1", "101", "normalClearing", at{"101": null, "102": connected}},
				{"connectionCleared", "1", "102", "normalClearing", at{"101": null, "102": null}},
				{"callCleared", "1", "", "normalClearing", at{"101": null, "102": null}},
			})
		})
	}
}

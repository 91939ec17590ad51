package conn

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/cstagen/cstagen/csta"
)

// waitTimeout bounds every wait of the tests.
const waitTimeout = 5 * time.Second

// checkGoroutines fails the test if goroutines started during it are still
// running shortly after it (and its cleanups) ended.
func checkGoroutines(t *testing.T) {
	t.Helper()
	base := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(waitTimeout)
		for runtime.NumGoroutine() > base {
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<16)
				n := runtime.Stack(buf, true)
				t.Errorf("goroutine leak: %d running, %d before\n%s", runtime.NumGoroutine(), base, buf[:n])
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	})
}

// tcpPair returns the two ends of a loopback TCP connection, optionally
// wrapped in TLS with a certificate made for the test.
func tcpPair(t *testing.T, useTLS bool) (client, server net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	type res struct {
		c   net.Conn
		err error
	}
	ch := make(chan res, 1)
	go func() {
		c, err := ln.Accept()
		ch <- res{c, err}
	}()
	client, err = net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	r := <-ch
	if r.err != nil {
		t.Fatal(r.err)
	}
	server = r.c
	if useTLS {
		srvCfg, cliCfg := tlsConfigs(t)
		client = tls.Client(client, cliCfg)
		server = tls.Server(server, srvCfg)
	}
	t.Cleanup(func() { client.Close(); server.Close() })
	return client, server
}

var (
	tlsOnce          sync.Once
	tlsSrv, tlsCli   *tls.Config
	errTLSGeneration error
)

// tlsConfigs returns a server config with a self-signed ECDSA certificate
// for 127.0.0.1 and a client config trusting exactly it.
func tlsConfigs(t *testing.T) (*tls.Config, *tls.Config) {
	t.Helper()
	tlsOnce.Do(func() {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			errTLSGeneration = err
			return
		}
		tmpl := &x509.Certificate{
			SerialNumber:          big.NewInt(1),
			Subject:               pkix.Name{CommonName: "cstagen test switch"},
			NotBefore:             time.Now().Add(-time.Hour),
			NotAfter:              time.Now().Add(time.Hour),
			IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
			KeyUsage:              x509.KeyUsageDigitalSignature,
			ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
			BasicConstraintsValid: true,
			IsCA:                  true,
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
		if err != nil {
			errTLSGeneration = err
			return
		}
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			errTLSGeneration = err
			return
		}
		pool := x509.NewCertPool()
		pool.AddCert(cert)
		tlsSrv = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}}, MinVersion: tls.VersionTLS12}
		tlsCli = &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
	})
	if errTLSGeneration != nil {
		t.Fatal(errTLSGeneration)
	}
	return tlsSrv, tlsCli
}

// berPair opens a BER association over loopback TCP (or TLS): the client
// with NewBER, the server with AcceptBER. Both are closed at cleanup.
func berPair(t *testing.T, useTLS bool, co, so BEROptions) (client, server *BERConn) {
	t.Helper()
	cn, sn := tcpPair(t, useTLS)
	type res struct {
		c   *BERConn
		err error
	}
	ch := make(chan res, 1)
	go func() {
		c, err := AcceptBER(sn, so)
		ch <- res{c, err}
	}()
	client, err := NewBER(cn, co)
	r := <-ch
	if err != nil {
		t.Fatalf("NewBER: %v (server: %v)", err, r.err)
	}
	if r.err != nil {
		t.Fatalf("AcceptBER: %v", r.err)
	}
	t.Cleanup(func() { client.Close(); r.c.Close() })
	return client, r.c
}

// deviceID returns a DeviceID with a dialling number.
func deviceID(number string) csta.DeviceID {
	return csta.DeviceID{DeviceIdentifier: csta.DeviceIDDeviceIdentifier{
		Choice:        csta.DeviceIDDeviceIdentifierChoiceDialingNumber,
		DialingNumber: csta.NumberDigits(number),
	}}
}

// makeCallArg returns a MakeCall argument from calling to called.
func makeCallArg(calling, called string) *csta.MakeCallArgument {
	return &csta.MakeCallArgument{CallingDevice: deviceID(calling), CalledDirectoryNumber: deviceID(called)}
}

// makeCallResult returns a MakeCall result with the call ID.
func makeCallResult(callID string) *csta.MakeCallResult {
	return &csta.MakeCallResult{CallingDevice: csta.ConnectionID{Choice: csta.ConnectionIDChoiceCallID, CallID: csta.CallID(callID)}}
}

// deliveredEvent returns a cSTAEventReport argument carrying a
// DeliveredEvent for the call ID.
func deliveredEvent(crossRef, callID string) *csta.CSTAEventReportArgument {
	ev := &csta.CSTAEventReportArgument{CrossRefIdentifier: csta.MonitorCrossRefID(crossRef)}
	d := &csta.DeliveredEvent{Cause: csta.EventCauseNewCall}
	d.Connection.SetCallID(csta.CallID(callID))
	dev := func(n string) *csta.DeviceID { id := deviceID(n); return &id }
	d.AlertingDevice.SetDeviceIdentifier(dev("202"))
	d.CallingDevice.SetDeviceIdentifier(dev("201"))
	d.CalledDevice.SetDeviceIdentifier(dev("202"))
	d.LastRedirectionDevice.SetNotRequired()
	cc := &csta.CallControlEvents{}
	cc.SetDelivered(d)
	ev.EventSpecificInfo.SetCallControlEvents(cc)
	return ev
}

// opCode returns the local code of the named operation.
func opCode(t testing.TB, name string) int64 {
	t.Helper()
	op, ok := csta.OperationByName(name)
	if !ok {
		t.Fatalf("no operation %q", name)
	}
	return op.Code
}

// within fails the test if f does not return within waitTimeout.
func within(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(waitTimeout):
		t.Fatalf("%s: not done within %v", what, waitTimeout)
	}
}

// waitErr waits for the connection to end and returns its error.
func waitErr(t *testing.T, c interface {
	Done() <-chan struct{}
	Err() error
}) error {
	t.Helper()
	select {
	case <-c.Done():
		return c.Err()
	case <-time.After(waitTimeout):
		t.Fatalf("connection did not end within %v", waitTimeout)
	}
	return errors.New("unreachable")
}

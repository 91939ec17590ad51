package conn

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"testing"
	"time"
)

// listen serves each accepted connection with serve, on loopback.
func listen(t *testing.T, serve func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			nc, err := ln.Accept()
			if err != nil {
				return
			}
			serve(nc)
		}
	}()
	t.Cleanup(func() { ln.Close(); <-done })
	return ln.Addr().String()
}

func TestDialBERTLS(t *testing.T) {
	checkGoroutines(t)
	srvCfg, cliCfg := tlsConfigs(t)
	servers := make(chan *BERConn, 1)
	addr := listen(t, func(nc net.Conn) {
		s, err := AcceptBER(tls.Server(nc, srvCfg), BEROptions{})
		if err != nil {
			t.Error(err)
		}
		servers <- s
	})
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	c, err := DialBER(ctx, "tcp", addr, BEROptions{TLS: cliCfg})
	if err != nil {
		t.Fatal(err)
	}
	s := <-servers
	if _, err := c.Invoke(ctx, OpSystemStatus, nil); err != nil {
		t.Errorf("systemStatus over TLS: %v", err)
	}
	if err := c.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := waitErr(t, s); !errors.Is(err, ErrReleased) {
		t.Errorf("server Err = %v", err)
	}
}

func TestDialBERContext(t *testing.T) {
	checkGoroutines(t)
	// A switch that accepts TCP and never answers the AARQ.
	conns := make(chan net.Conn, 1)
	addr := listen(t, func(nc net.Conn) { conns <- nc })
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := DialBER(ctx, "tcp", addr, BEROptions{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("DialBER returned after %v", d)
	}
	(<-conns).Close()
}

func TestDialXML(t *testing.T) {
	checkGoroutines(t)
	srvCfg, cliCfg := tlsConfigs(t)
	servers := make(chan *XMLConn, 1)
	addr := listen(t, func(nc net.Conn) { servers <- NewXML(tls.Server(nc, srvCfg), XMLOptions{}) })
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	c, err := DialXML(ctx, "tcp", addr, cliCfg, XMLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s := <-servers
	defer s.Close()
	resp, err := c.InvokeXML(ctx, xmlSystemStatus)
	if err != nil || len(resp) == 0 {
		t.Errorf("SystemStatus over TLS: %q, %v", resp, err)
	}
}

// selfSigned returns a server config with a self-signed certificate for
// the DNS names and a pool trusting it.
func selfSigned(t *testing.T, names ...string) (*tls.Config, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(2),
		Subject:               pkix.Name{CommonName: "cstagen test switch"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		DNSNames:              names,
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
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
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}}, MinVersion: tls.VersionTLS12}, pool
}

// TestDialTLSHandshakeTimeout dials a port that accepts TCP and never
// answers the TLS ClientHello, with a context without deadline: the
// handshake must give up after AssociateTimeout.
func TestDialTLSHandshakeTimeout(t *testing.T) {
	checkGoroutines(t)
	conns := make(chan net.Conn, 4)
	addr := listen(t, func(nc net.Conn) { conns <- nc })
	defer func() {
		for len(conns) > 0 {
			(<-conns).Close()
		}
	}()
	_, cliCfg := tlsConfigs(t)
	opts := Options{AssociateTimeout: 150 * time.Millisecond}
	for _, tt := range []struct {
		name string
		dial func() error
	}{
		{"BER", func() error {
			_, err := DialBER(context.Background(), "tcp", addr, BEROptions{Options: opts, TLS: cliCfg})
			return err
		}},
		{"XML", func() error {
			_, err := DialXML(context.Background(), "tcp", addr, cliCfg, XMLOptions{Options: opts})
			return err
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			err := tt.dial()
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("err = %v, want a handshake timeout", err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("returned after %v", d)
			}
		})
	}
}

// TestDialTLSServerName checks that a config without ServerName verifies
// the certificate against the host dialled, without changing the caller's
// config.
func TestDialTLSServerName(t *testing.T) {
	checkGoroutines(t)
	srvCfg, pool := selfSigned(t, "localhost")
	addr := listen(t, func(nc net.Conn) {
		s := NewXML(tls.Server(nc, srvCfg), XMLOptions{})
		t.Cleanup(func() { s.Close() })
	})
	_, port, _ := net.SplitHostPort(addr)
	cfg := &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()

	c, err := DialXML(ctx, "tcp", net.JoinHostPort("localhost", port), cfg, XMLOptions{})
	if err != nil {
		t.Fatalf("dial localhost: %v", err)
	}
	if _, err := c.InvokeXML(ctx, xmlSystemStatus); err != nil {
		t.Errorf("SystemStatus: %v", err)
	}
	c.Close()
	if cfg.ServerName != "" {
		t.Errorf("caller's config changed: ServerName %q", cfg.ServerName)
	}

	// The certificate does not name 127.0.0.1: the check must fail.
	_, err = DialXML(ctx, "tcp", addr, cfg, XMLOptions{})
	var he x509.HostnameError
	if !errors.As(err, &he) {
		t.Errorf("dial 127.0.0.1 with a certificate for localhost: %v, want an x509.HostnameError", err)
	}
	// An explicit ServerName is kept.
	named := &tls.Config{RootCAs: pool, ServerName: "localhost", MinVersion: tls.VersionTLS12}
	c, err = DialXML(ctx, "tcp", addr, named, XMLOptions{})
	if err != nil {
		t.Fatalf("dial with ServerName localhost: %v", err)
	}
	c.Close()
}

package uacsta

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
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestDigestAuth: the server challenges the INVITE (401), the client
// answers with its credentials; wrong ones fail with a *StatusError 401.
func TestDigestAuth(t *testing.T) {
	var asked atomic.Int32
	_, target := startServer(t, "tcp", ServerOptions{
		Realm: "rcc.example.com",
		Credentials: func(user string) (string, error) {
			asked.Add(1)
			if user != "alice" {
				return "", ErrUnauthorized
			}
			return "s3cret", nil
		},
	})
	c := dial(t, "tcp", target, Options{From: "sip:alice@example.com", Password: "s3cret"})
	if rootOf(c.SystemStatus()) != "RequestSystemStatusResponse" {
		t.Fatalf("SystemStatus %q", c.SystemStatus())
	}
	if asked.Load() != 1 {
		t.Fatalf("Credentials asked %d times, want 1", asked.Load())
	}
	if _, err := c.InvokeXML(context.Background(), doc("SystemStatus", "<systemStatus>normal</systemStatus>")); err != nil {
		t.Fatalf("request in the authenticated dialog: %v", err)
	}

	for _, tt := range []struct{ name, from, password string }{
		{"wrong password", "sip:alice@example.com", "guess"},
		{"unknown user", "sip:mallory@example.com", "s3cret"},
		{"no password", "sip:alice@example.com", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			c, err := Dial(ctx, "tcp", target, Options{From: tt.from, Password: tt.password, Logger: quiet})
			if err == nil {
				c.Close()
				t.Fatal("Dial succeeded")
			}
			var se *StatusError
			if !errors.As(err, &se) || se.Code != 401 {
				t.Fatalf("Dial: %v, want a *StatusError 401", err)
			}
		})
	}
}

// TestNonce: nonces are the server's, and expire.
func TestNonce(t *testing.T) {
	s, err := NewServer(ServerOptions{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Now()
	n := s.nonce(now)
	if !s.validNonce(n, now.Add(time.Minute)) {
		t.Error("fresh nonce refused")
	}
	if s.validNonce(n, now.Add(DefaultNonceLifetime+time.Minute)) {
		t.Error("expired nonce accepted")
	}
	// A forgery changes one hex digit of the MAC (to a different digit:
	// replacing it with a fixed one is no change when the MAC ends in it),
	// or pairs the MAC with another time.
	last := "0"
	if n[len(n)-1] == '0' {
		last = "1"
	}
	ts, mac, _ := strings.Cut(n, ".")
	for _, forged := range []string{
		n[:len(n)-1] + last,
		ts + "1." + mac,
		"123.abc",
		"",
	} {
		if s.validNonce(forged, now) {
			t.Errorf("forged nonce %q accepted", forged)
		}
	}
}

// TestTLS runs the association and one request over TLS.
func TestTLS(t *testing.T) {
	cert, pool := selfSigned(t)
	s, err := NewServer(ServerOptions{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	l, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go s.ServeTLS(l)
	c := dial(t, "tls", "sip:csta@"+l.Addr().String()+";transport=tls", Options{TLS: &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}})
	if rootOf(c.SystemStatus()) != "RequestSystemStatusResponse" {
		t.Fatalf("SystemStatus %q", c.SystemStatus())
	}
	resp, err := c.InvokeXML(context.Background(), doc("SystemStatus", "<systemStatus>normal</systemStatus>"))
	if err != nil || rootOf(resp) != "SystemStatusResponse" {
		t.Fatalf("SystemStatus over TLS: %s, %v", resp, err)
	}
}

// selfSigned makes a certificate for 127.0.0.1 and a pool trusting it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "uacsta test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:         true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// TestRefreshInterval: the client refreshes on its own, with either
// method, and a refresh the server refuses ends the dialog.
func TestRefreshInterval(t *testing.T) {
	for _, m := range []RefreshMethod{RefreshReInvite, RefreshUpdate} {
		t.Run([]string{"reinvite", "update"}[m], func(t *testing.T) {
			var w switchSim
			_, target := startServer(t, "udp", w.options(InSIPResponse))
			c := dial(t, "udp", target, Options{RefreshInterval: 100 * time.Millisecond, RefreshMethod: m})
			d := w.dialog(t)
			eventually(t, "three refreshes", func() bool { return d.Refreshes() >= 3 && c.Refreshes() >= 3 })
			if _, err := c.InvokeXML(context.Background(), doc("MonitorStart", "")); err != nil {
				t.Fatalf("request after the refreshes: %v", err)
			}
		})
	}
	t.Run("refused", func(t *testing.T) {
		var w switchSim
		srv, target := startServer(t, "tcp", w.options(InSIPResponse))
		c := dial(t, "tcp", target, Options{RefreshInterval: 100 * time.Millisecond, RefreshMethod: RefreshUpdate})
		w.dialog(t)
		srv.Close() // the dialog is forgotten: the UPDATE gets no 2xx
		select {
		case <-c.Done():
		case <-time.After(5 * time.Second):
			t.Fatal("dialog still up after a failed refresh")
		}
		if !errors.Is(c.Err(), ErrRefresh) {
			t.Fatalf("Err %v, want ErrRefresh", c.Err())
		}
	})
}

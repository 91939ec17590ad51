package conn

import (
	"context"
	"crypto/tls"
	"errors"
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

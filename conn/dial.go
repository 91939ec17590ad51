package conn

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"time"
)

// dial connects to address and, when cfg is not nil, runs the TLS client
// handshake, bounded by timeout as well as by ctx (which may have no
// deadline). A cfg without ServerName is cloned and given the host of
// address, as tls.Dial does, so that the certificate is verified against
// the name dialled; the caller's cfg is never modified.
func dial(ctx context.Context, network, address string, cfg *tls.Config, timeout time.Duration) (net.Conn, error) {
	var d net.Dialer
	nc, err := d.DialContext(ctx, network, address)
	if err != nil || cfg == nil {
		return nc, err
	}
	hctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tc := tls.Client(nc, clientConfig(cfg, address))
	if err := tc.HandshakeContext(hctx); err != nil {
		nc.Close()
		if ctx.Err() == nil && errors.Is(hctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("conn: TLS handshake with %s not completed within %v: %w", address, timeout, context.DeadlineExceeded)
		}
		return nil, fmt.Errorf("conn: TLS handshake with %s: %w", address, err)
	}
	return tc, nil
}

// clientConfig returns cfg, or a clone of it with ServerName set to the
// host of address when cfg has none.
func clientConfig(cfg *tls.Config, address string) *tls.Config {
	if cfg.ServerName != "" {
		return cfg
	}
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		host = address
	}
	c := cfg.Clone()
	c.ServerName = host
	return c
}

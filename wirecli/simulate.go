package wirecli

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"reflect"
	"strings"
	"sync"
	"syscall"

	"github.com/cstagen/cstagen/conn"
	"github.com/cstagen/cstagen/runtime/framing"
	"github.com/cstagen/cstagen/sim"
	"github.com/cstagen/cstagen/sim/callmodel"
)

const simulateUsage = `usage: cstagen simulate -listen ADDR -encoding ber|xml|sip [flags]

Runs a CSTA switch simulator: it serves the call model of a dial plan to
any number of clients, in ECMA-285 BER (ACSE, ROSE) or CSTA-XML (ECMA-323
with ECMA-354 application sessions), over TCP or TLS, or in CSTA-XML
inside SIP dialogs (uaCSTA, ECMA TR/87: -encoding sip, over UDP and TCP on
the same ADDR, or TLS alone with -tls). The first line on standard output
is "listening on ADDR"; it serves until interrupted.

-devices is a dial plan (a SPEC text, or @FILE to read one):
  station 100-120; station 130
  group 200 members 101,102 acd queue 5
  trunk 9 outside 0049,0033 lines 30
-script plays a scenario of the outside world (a file), for example:
  at 0s call from 0049891234 to 101
  at 2s answer 101
  at 5s hangup external

flags:
`

const simulateExample = `  cstagen simulate -listen 127.0.0.1:2555 -encoding ber -prefix hipath
  cstagen simulate -listen :4721 -encoding xml -devices @plan.txt -script calls.txt -trace
  cstagen simulate -listen :8800 -encoding ber -tls cert.pem,key.pem
  cstagen simulate -listen 127.0.0.1:5060 -encoding sip -trace`

// defaultDevices is the dial plan of -devices when none is given.
const defaultDevices = "station 100-199; group 200 members 101,102,103 hunt; trunk 9 outside *"

// simulateFlags are the options of the simulate command.
type simulateFlags struct {
	listen, encoding, prefix, tls, devices, script string
	trace                                          bool
	maxConns                                       int
}

// runSimulate is the simulate command: it serves until SIGINT or SIGTERM.
func runSimulate(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return simulate(ctx, args, stdout, stderr)
}

// simulate serves until ctx is done.
func simulate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd := newCommand("cstagen simulate", simulateUsage, simulateExample, stderr)
	fs := cmd.FlagSet
	var f simulateFlags
	fs.StringVar(&f.listen, "listen", "127.0.0.1:2555", "address to listen on: TCP, and UDP too for sip (port 0 picks a free one)")
	fs.StringVar(&f.encoding, "encoding", "", "protocol: ber (ECMA-285 over ACSE/ROSE), xml (CSTA-XML) or sip (CSTA-XML in SIP, uaCSTA)")
	fs.StringVar(&f.prefix, "prefix", "none", "ber: vendor header before each PDU: none, uint16, alcatel (= uint16), uint32, hipath or hipath-long")
	fs.StringVar(&f.tls, "tls", "", "serve TLS with the certificate and key of these PEM files: CERT,KEY")
	fs.StringVar(&f.devices, "devices", defaultDevices, "dial plan: a SPEC text, or @FILE")
	fs.StringVar(&f.script, "script", "", "scenario file to play once the simulator listens")
	fs.BoolVar(&f.trace, "trace", false, "print every request and event on standard output")
	fs.IntVar(&f.maxConns, "max-conns", sim.DefaultMaxConns, "connections served at once")
	if code, ok := cmd.parse(args); !ok {
		return code
	}
	usageErr := cmd.usageErr
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "cstagen simulate: "+format+"\n", a...)
		return exitInput
	}
	var cfg sim.Config
	switch f.encoding {
	case "ber":
		cfg.Encoding = sim.BER
	case "xml":
		cfg.Encoding = sim.XML
	case "sip":
		cfg.Encoding = sim.SIP
	default:
		return usageErr("-encoding %q: want ber, xml or sip", f.encoding)
	}
	switch {
	case fs.NArg() > 0:
		return usageErr("unexpected arguments %q", fs.Args())
	case prefixes[f.prefix] == nil:
		return usageErr("-prefix %q: want none, uint16, alcatel, uint32, hipath or hipath-long", f.prefix)
	case f.prefix != "none" && cfg.Encoding != sim.BER:
		return usageErr("-prefix is for -encoding ber")
	case f.maxConns <= 0:
		return usageErr("-max-conns %d: want 1 or more", f.maxConns)
	}
	cfg.BER = conn.BEROptions{Framing: framing.Options{Prefix: prefixes[f.prefix]}}
	cfg.MaxConns = f.maxConns
	if f.tls != "" {
		cert, key, ok := strings.Cut(f.tls, ",")
		if !ok {
			return usageErr("-tls %q: want CERT,KEY", f.tls)
		}
		pair, err := tls.LoadX509KeyPair(cert, key)
		if err != nil {
			return fail("-tls: %v", err)
		}
		cfg.TLS = &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}
	}
	spec := f.devices
	if name, ok := strings.CutPrefix(spec, "@"); ok {
		b, err := os.ReadFile(name)
		if err != nil {
			return fail("-devices: %v", err)
		}
		spec = string(b)
	}
	plan, err := callmodel.ParseSpec(spec)
	if err != nil {
		return fail("-devices: %v", err)
	}
	var sc *callmodel.Scenario
	if f.script != "" {
		b, err := os.ReadFile(f.script)
		if err != nil {
			return fail("-script: %v", err)
		}
		if sc, err = callmodel.ParseScenario(string(b)); err != nil {
			return fail("-script %s: %v", f.script, err)
		}
	}
	model, err := callmodel.New(callmodel.Config{Plan: plan})
	if err != nil {
		return fail("%v", err)
	}
	defer model.Close()

	var outMu sync.Mutex
	printf := func(format string, a ...any) {
		outMu.Lock()
		defer outMu.Unlock()
		fmt.Fprintf(stdout, format, a...)
	}
	cfg.Model = model
	cfg.Logger = slog.New(slog.NewTextHandler(stderr, nil))
	if f.trace {
		cfg.Trace = func(remote net.Addr, dir, name string, v any) { printf("%s", traceText(remote, dir, name, v)) }
	}
	srv, err := sim.New(cfg)
	if err != nil {
		return fail("%v", err)
	}
	done := make(chan error, 2)
	var l net.Listener
	if cfg.Encoding == sim.SIP && cfg.TLS == nil {
		var pc net.PacketConn
		if l, pc, err = listenSIP(f.listen); err != nil {
			return fail("%v", err)
		}
		go func() { done <- srv.ServePacket(pc) }()
	} else if l, err = net.Listen("tcp", f.listen); err != nil {
		return fail("%v", err)
	}
	printf("listening on %s\n", l.Addr())
	go func() { done <- srv.Serve(l) }()
	if sc != nil {
		go func() {
			if err := sc.Run(ctx, model, callmodel.SystemClock()); err != nil && ctx.Err() == nil {
				cfg.Logger.Error("scenario failed", "script", f.script, "err", err)
			} else if err == nil {
				cfg.Logger.Info("scenario done", "script", f.script)
			}
		}()
	}
	select {
	case <-ctx.Done():
		srv.Close()
		<-done
		return exitOK
	case err := <-done:
		srv.Close()
		return fail("%v", err)
	}
}

// listenSIP listens on TCP and UDP at addr, on the same port. When addr
// asks for any port (0) and the UDP port of the TCP listener's number is
// taken, it tries again with other ports (a few times).
func listenSIP(addr string) (net.Listener, net.PacketConn, error) {
	_, port, _ := net.SplitHostPort(addr)
	for try := 0; ; try++ {
		l, err := net.Listen("tcp", addr)
		if err != nil {
			return nil, nil, err
		}
		pc, err := net.ListenPacket("udp", l.Addr().String())
		if err == nil {
			return l, pc, nil
		}
		l.Close()
		if port != "0" || try == 8 {
			return nil, nil, err
		}
	}
}

// traceText renders one message of -trace: a line with the peer, the
// direction and the message's name, then its value as cstagen decode
// prints it.
func traceText(remote net.Addr, dir, name string, v any) string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s %s\n", remote, dir, name)
	if rv := reflect.ValueOf(v); v != nil && !(rv.Kind() == reflect.Pointer && rv.IsNil()) {
		valueTree("", rv).writeText(&b, 1)
	}
	return b.String()
}

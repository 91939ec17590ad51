package uacsta

import (
	"context"
	"log/slog"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"
)

// quiet is the logger of the tests: nothing, unless UACSTA_LOG is set
// (then the SIP stack's warnings and errors, hostile input included).
var quiet = func() *slog.Logger {
	if os.Getenv("UACSTA_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	return slog.New(slog.DiscardHandler)
}()

const ns3 = "http://www.ecma-international.org/standards/ecma-323/csta/ed3"

// doc builds a CSTA-XML document <root xmlns=ed3>inner</root>.
func doc(root, inner string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?><` + root + ` xmlns="` + ns3 + `">` + inner + `</` + root + `>`)
}

// startServer serves s on a new loopback listener of network and returns
// the SIP URI to dial.
func startServer(t *testing.T, network string, o ServerOptions) (*Server, string) {
	t.Helper()
	if o.Logger == nil {
		o.Logger = quiet
	}
	s, err := NewServer(o)
	if err != nil {
		t.Fatal(err)
	}
	var addr string
	switch network {
	case "udp":
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr = pc.LocalAddr().String()
		go s.ServeUDP(pc)
		t.Cleanup(func() { pc.Close() })
	case "tcp":
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr = l.Addr().String()
		go s.ServeTCP(l)
		t.Cleanup(func() { l.Close() })
	default:
		t.Fatalf("network %s", network)
	}
	t.Cleanup(func() { s.Close() })
	return s, "sip:csta@" + addr + ";transport=" + network
}

// dial opens a client dialog and closes it at the end of the test.
func dial(t *testing.T, network, target string, o Options) *Conn {
	t.Helper()
	if o.Logger == nil {
		o.Logger = quiet
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := Dial(ctx, network, target, o)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// eventually polls cond every 10 ms for at most 5 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for i := 0; i < 500; i++ {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s: not within 5 s", what)
}

// rootOf returns the root element name of a document.
func rootOf(b []byte) string {
	r, _, _ := RootName(b)
	return string(r)
}

// contains reports whether the document holds s.
func contains(b []byte, s string) bool { return strings.Contains(string(b), s) }

func TestMain(m *testing.M) {
	sip.SetDefaultLogger(quiet)
	os.Exit(m.Run())
}

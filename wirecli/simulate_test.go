package wirecli

import (
	"bufio"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cstagen/cstagen/conn"
	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/runtime/framing"
	"github.com/cstagen/cstagen/uacsta"
)

// TestSimulate runs the simulate command on a free port with a HiPath
// header and a script, dials it with conn, makes a call and checks the
// first line and the trace.
func TestSimulate(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "calls.txt")
	if err := os.WriteFile(script, []byte("at 0s call from 0049891234 to 101\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	code := make(chan int, 1)
	go func() {
		code <- simulate(ctx, []string{"-listen", "127.0.0.1:0", "-encoding", "ber", "-prefix", "hipath",
			"-devices", "station 100-102; trunk 9 outside 0049", "-script", script, "-trace"}, pw, io.Discard)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	if !lines.Scan() {
		t.Fatal("no output")
	}
	addr, ok := strings.CutPrefix(lines.Text(), "listening on ")
	if !ok {
		t.Fatalf("first line %q, want listening on ADDR", lines.Text())
	}
	trace := make(chan string, 64)
	go func() {
		for lines.Scan() {
			trace <- lines.Text()
		}
		close(trace)
	}()
	dctx, dcancel := context.WithTimeout(ctx, 10*time.Second)
	defer dcancel()
	c, err := conn.DialBER(dctx, "tcp", addr, conn.BEROptions{Framing: framing.Options{Prefix: framing.HiPathPrefix}})
	if err != nil {
		t.Fatal(err)
	}
	dialing := func(n string) (d csta.DeviceID) {
		d.DeviceIdentifier.SetDialingNumber(csta.NumberDigits(n))
		return d
	}
	res, err := c.Invoke(dctx, csta.OpMakeCall, &csta.MakeCallArgument{CallingDevice: dialing("100"), CalledDirectoryNumber: dialing("102")})
	if err != nil {
		t.Fatal(err)
	}
	if mc, ok := res.(*csta.MakeCallResult); !ok || string(mc.GetCallingDevice().GetBoth().GetCallID()) == "" {
		t.Errorf("MakeCall result %v", res)
	}
	c.Close()
	var saw, sawDevice bool
	for !saw || !sawDevice {
		select {
		case l := <-trace:
			saw = saw || strings.HasSuffix(l, " in makeCall")
			// The value follows as cstagen decode prints it.
			sawDevice = sawDevice || saw && strings.Contains(l, `calledDirectoryNumber: deviceIdentifier: dialingNumber: "102"`)
		case <-time.After(10 * time.Second):
			t.Fatal("no trace of the makeCall request")
		}
	}
	cancel()
	if got := <-code; got != exitOK {
		t.Errorf("exit %d, want 0", got)
	}
}

// TestSimulateSIP runs the simulate command in uaCSTA and makes a call
// over UDP and then over TCP, on the address of the first line.
func TestSimulateSIP(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	code := make(chan int, 1)
	go func() {
		code <- simulate(ctx, []string{"-listen", "127.0.0.1:0", "-encoding", "sip", "-devices", "station 100-105", "-trace"}, pw, io.Discard)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	if !lines.Scan() {
		t.Fatal("no output")
	}
	addr, ok := strings.CutPrefix(lines.Text(), "listening on ")
	if !ok {
		t.Fatalf("first line %q, want listening on ADDR", lines.Text())
	}
	trace := make(chan string, 256)
	go func() {
		for lines.Scan() {
			trace <- lines.Text()
		}
		close(trace)
	}()
	const ns = "http://www.ecma-international.org/standards/ecma-323/csta/ed3"
	for _, tc := range []struct{ network, from, to string }{{"udp", "100", "101"}, {"tcp", "102", "103"}} {
		network := tc.network
		makeCall := []byte(`<?xml version="1.0" encoding="UTF-8"?><MakeCall xmlns="` + ns + `"><callingDevice>` + tc.from +
			`</callingDevice><calledDirectoryNumber>` + tc.to + `</calledDirectoryNumber></MakeCall>`)
		dctx, dcancel := context.WithTimeout(ctx, 10*time.Second)
		c, err := uacsta.Dial(dctx, network, "sip:csta@"+addr+";transport="+network, uacsta.Options{RefreshInterval: -1})
		if err != nil {
			dcancel()
			t.Fatalf("%s: Dial: %v", network, err)
		}
		res, err := c.InvokeXML(dctx, makeCall)
		if err != nil || !strings.Contains(string(res), "MakeCallResponse") {
			t.Errorf("%s: MakeCall: %s, %v", network, res, err)
		}
		c.Close()
		dcancel()
		saw := false
		for !saw {
			select {
			case l := <-trace:
				saw = strings.HasPrefix(l, "sip:") && strings.HasSuffix(l, " in MakeCall")
			case <-time.After(10 * time.Second):
				t.Fatalf("%s: no trace of the MakeCall request", network)
			}
		}
	}
	cancel()
	if got := <-code; got != exitOK {
		t.Errorf("exit %d, want 0", got)
	}
}

func TestSimulateUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-encoding", "json"}, `-encoding "json": want ber, xml or sip`},
		{[]string{"-encoding", "xml", "-prefix", "hipath"}, "-prefix is for -encoding ber"},
		{[]string{"-encoding", "ber", "-prefix", "x"}, `-prefix "x"`},
		{[]string{"-encoding", "ber", "-tls", "cert.pem"}, "want CERT,KEY"},
	} {
		_, errs, code := runCLI(append([]string{"simulate"}, tc.args...)...)
		if code != exitUsage || !strings.Contains(errs, tc.want) {
			t.Errorf("simulate %v: exit %d, stderr %q; want 2 with %q", tc.args, code, errs, tc.want)
		}
	}
	_, errs, code := runCLI("simulate", "-encoding", "ber", "-devices", "station")
	if code != exitInput || !strings.Contains(errs, "-devices") {
		t.Errorf("bad -devices: exit %d, stderr %q; want 1", code, errs)
	}
}

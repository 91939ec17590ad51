package uacsta

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cstagen/cstagen/uacsta/sipmsg"
)

// corpusDir holds the real CSTA-XML messages (../shared from the
// repository root; see its SOURCES.tsv).
const corpusDir = "../../shared/corpus/xml"

// corpus reads the named corpus files, skipping the test without them.
func corpus(t *testing.T, names ...string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(corpusDir, n))
		if errors.Is(err, os.ErrNotExist) {
			t.Skipf("corpus file %s not found (../shared absent): skipping", n)
		}
		if err != nil {
			t.Fatal(err)
		}
		m[n] = b
	}
	return m
}

// echoResponse answers any request with an empty <XResponse> in its
// namespace, as a gateway acknowledging it.
func echoResponse(d *Dialog, m *Message, dst []byte) ([]byte, error) {
	return appendEmptyResponse(dst, responseName(string(m.Root)), m.NS), nil
}

// rawPeer speaks SIP over one TCP connection by hand, as pidgin-sipe
// formats its messages.
type rawPeer struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
	buf  []byte
	last []byte // the raw text of the last message read
	port int
}

func (p *rawPeer) send(msg string) {
	p.t.Helper()
	p.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	if _, err := p.conn.Write([]byte(msg)); err != nil {
		p.t.Fatal(err)
	}
}

// next reads the next whole SIP message (sipmsg.Parse on what has come).
func (p *rawPeer) next() sipmsg.Message {
	p.t.Helper()
	p.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	for i := 0; i < 1000; i++ {
		m, err := sipmsg.Parse(p.buf, nil)
		if err == nil && m.ContentLength >= 0 {
			m.Body = bytes.Clone(m.Body)
			m.CSTA = bytes.Clone(m.CSTA)
			m.Reason = bytes.Clone(m.Reason)
			p.last = bytes.Clone(p.buf[:m.Len])
			p.buf = p.buf[m.Len:]
			return m
		}
		if err != nil && !errors.Is(err, sipmsg.ErrTruncated) {
			p.t.Fatalf("bad SIP from the server: %v\n%s", err, p.buf)
		}
		var chunk [4096]byte
		n, err := p.r.Read(chunk[:])
		if err != nil {
			p.t.Fatalf("reading from the server: %v", err)
		}
		p.buf = append(p.buf, chunk[:n]...)
	}
	p.t.Fatal("no whole message")
	return sipmsg.Message{}
}

// final reads messages up to the final response.
func (p *rawPeer) final() sipmsg.Message {
	p.t.Helper()
	for i := 0; i < 10; i++ {
		if m := p.next(); m.StatusCode >= 200 {
			return m
		}
	}
	p.t.Fatal("no final response")
	return sipmsg.Message{}
}

// TestRCCCorpus: the Microsoft RCC messages of pidgin-sipe (corpus files
// 025, 027, 029, 030), in the SIP messages sip-csta.c builds (INVITE
// carrying RequestSystemStatus, then INFO, each with Content-Disposition
// signal;handling=required and Content-Type application/csta+xml), sent
// by hand over TCP and over UDP: the server accepts each and answers in
// the 200 OK.
func TestRCCCorpus(t *testing.T) {
	files := []string{"025-RequestSystemStatus.xml", "027-MonitorStart.xml", "029-MakeCall.xml", "030-ClearConnection.xml"}
	docs := corpus(t, files...)
	for _, network := range []string{"tcp", "udp"} {
		t.Run(network, func(t *testing.T) { testRCC(t, network, files, docs) })
	}
}

// testRCC runs pidgin-sipe's dialog over network: a connected socket
// (net.Dial), so that over UDP each read is one datagram from the server.
func testRCC(t *testing.T, network string, files []string, docs map[string][]byte) {
	var mu sync.Mutex
	var got [][]byte
	record := func(m *Message) {
		mu.Lock()
		got = append(got, bytes.Clone(m.Body))
		mu.Unlock()
	}
	s, err := NewServer(ServerOptions{
		Logger: quiet,
		OnInvite: func(d *Dialog, m *Message, dst []byte) ([]byte, error) {
			record(m)
			return AppendSystemStatusResponse(dst, m.NS, "normal"), nil
		},
		OnRequest: func(d *Dialog, m *Message, dst []byte) ([]byte, error) {
			record(m)
			return echoResponse(d, m, dst)
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var addr string
	if network == "udp" {
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer pc.Close()
		go s.ServeUDP(pc)
		addr = pc.LocalAddr().String()
	} else {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		go s.ServeTCP(l)
		addr = l.Addr().String()
	}
	conn, err := net.Dial(network, addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, portText, _ := net.SplitHostPort(conn.LocalAddr().String())
	var lport int
	fmt.Sscan(portText, &lport)
	p := &rawPeer{t: t, conn: conn, r: bufio.NewReader(conn), port: lport}
	gw := "sip:rcc-gw@" + addr + ";transport=" + network
	via := strings.ToUpper(network)
	callID := "b3e1f0a2c9d84e7f@127.0.0.1"
	head := func(method, to string, cseq int) string {
		return fmt.Sprintf("%s %s SIP/2.0\r\n"+
			"Via: SIP/2.0/%s 127.0.0.1:%d;branch=z9hG4bK%08x;rport\r\n"+
			"From: <sip:alice@example.com>;tag=5deb4f8a8f;epid=a1b2c3d4e5\r\n"+
			"To: %s\r\n"+
			"Max-Forwards: 70\r\n"+
			"CSeq: %d %s\r\n"+
			"User-Agent: Purple/2.6.6 Sipe/1.11.2 (linux-gnu/2.6.32)\r\n"+
			"Call-ID: %s\r\n", method, gw, via, lport, cseq*7919, to, cseq, method, callID)
	}
	withBody := func(h string, body []byte) string {
		return h + "Content-Disposition: signal;handling=required\r\n" +
			"Content-Type: application/csta+xml\r\n" +
			fmt.Sprintf("Content-Length: %d\r\n\r\n", len(body)) + string(body)
	}
	contact := fmt.Sprintf("Contact: <sip:alice@127.0.0.1:%d;transport=%s>;proxy=replace\r\n", lport, network)

	p.send(withBody(head("INVITE", "<sip:rcc-gw@example.com>", 1)+contact, docs[files[0]]))
	ok := p.final()
	if ok.StatusCode != 200 || rootOf(ok.CSTA) != "RequestSystemStatusResponse" || !contains(ok.CSTA, "<systemStatus>normal</systemStatus>") {
		t.Fatalf("INVITE answered %d %s with %q", ok.StatusCode, ok.Reason, ok.CSTA)
	}
	to := toHeader(t, p.last)
	p.send(head("ACK", to, 1) + "Content-Length: 0\r\n\r\n")

	wantRoots := []string{"MonitorStartResponse", "MakeCallResponse", "ClearConnectionResponse"}
	for i, f := range files[1:] {
		p.send(withBody(head("INFO", to, 2+i), docs[f]))
		res := p.final()
		if res.StatusCode != 200 || rootOf(res.CSTA) != wantRoots[i] {
			t.Fatalf("INFO %s answered %d with %q", f, res.StatusCode, res.CSTA)
		}
		if !contains(res.CSTA, `xmlns="`+ns3+`"`) {
			t.Errorf("%s answered outside the request's namespace: %s", f, res.CSTA)
		}
	}
	p.send(head("BYE", to, 5) + "Content-Length: 0\r\n\r\n")
	if bye := p.final(); bye.StatusCode != 200 {
		t.Fatalf("BYE answered %d", bye.StatusCode)
	}
	var want [][]byte
	for _, f := range files {
		want = append(want, docs[f])
	}
	mu.Lock()
	defer mu.Unlock()
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("documents the server was handed, -want +got\n%s", d)
	}
	eventually(t, "dialog gone", func() bool { return len(s.Dialogs()) == 0 })
}

// toHeader returns the value of the To header field of a raw message
// (with the server's tag), for the requests in the dialog.
func toHeader(t *testing.T, raw []byte) string {
	t.Helper()
	for _, line := range bytes.Split(raw, []byte("\r\n")) {
		if v, ok := bytes.CutPrefix(line, []byte("To:")); ok {
			return string(bytes.TrimSpace(v))
		}
	}
	t.Fatalf("no To in %s", raw)
	return ""
}

// yealinkResponses maps the requests a controller sends a Yealink phone to
// the phone's answers in the corpus (cstaprocesser.cpp).
var yealinkResponses = map[string]string{
	"GetSwitchingFunctionDevices": "067-GetSwitchingFunctionDevicesResponse.xml",
	"SystemRegister":              "069-SystemRegisterResponse.xml",
	"MonitorStart":                "070-MonitorStartResponse.xml",
	"SnapshotDevice":              "072-SnapshotDeviceResponse.xml",
	"GetDoNotDisturb":             "074-GetDoNotDisturbResponse.xml",
	"MakeCall":                    "075-MakeCallResponse.xml",
}

// yealinkEvents are the phone's events in the corpus.
var yealinkEvents = []string{
	"079-EstablishedEvent.xml", "080-ConnectionClearedEvent.xml", "082-FailedEvent.xml",
	"084-ConferencedEvent.xml", "085-DigitsGeneratedEvent.xml", "087-DoNotDisturbEvent.xml",
}

// TestYealinkCorpus: the server side plays a Yealink phone with the
// phone's own documents (responses in the 200 OK of the INFO or in an INFO
// of their own; events in INFO), and the client matches each response to
// its request and receives every event byte for byte. The same events
// sent by the client are accepted by the server side and answered with
// 200 OK.
func TestYealinkCorpus(t *testing.T) {
	var names []string
	for _, f := range yealinkResponses {
		names = append(names, f)
	}
	docs := corpus(t, append(names, yealinkEvents...)...)
	for _, network := range []string{"tcp", "udp"} {
		for _, mode := range []ResponseMode{InSIPResponse, InINFO} {
			t.Run(fmt.Sprintf("%s/mode%d", network, mode), func(t *testing.T) {
				testYealink(t, network, mode, docs)
			})
		}
	}
}

// udpLimit is the largest SIP message sipgo sends over UDP (RFC 3261
// 18.1.1: 1300 octets without path MTU knowledge); the SIP header fields
// of an INFO take about 400.
const udpLimit = 900

func testYealink(t *testing.T, network string, mode ResponseMode, docs map[string][]byte) {
	var mu sync.Mutex
	var serverEvents [][]byte
	var w switchSim
	o := w.options(mode)
	o.OnRequest = func(d *Dialog, m *Message, dst []byte) ([]byte, error) {
		f, ok := yealinkResponses[string(m.Root)]
		if !ok {
			return nil, ErrServiceFailed
		}
		return append(dst, docs[f]...), nil
	}
	o.OnEvent = func(d *Dialog, m *Message) {
		mu.Lock()
		serverEvents = append(serverEvents, bytes.Clone(m.Body))
		mu.Unlock()
	}
	_, target := startServer(t, network, o)
	var cmu sync.Mutex
	var clientEvents [][]byte
	c := dial(t, network, target, Options{Handlers: Handlers{OnEvent: func(m *Message) {
		cmu.Lock()
		clientEvents = append(clientEvents, bytes.Clone(m.Body))
		cmu.Unlock()
	}}})
	d := w.dialog(t)
	ctx := context.Background()
	for _, req := range []string{"GetSwitchingFunctionDevices", "SystemRegister", "MonitorStart", "SnapshotDevice", "GetDoNotDisturb", "MakeCall"} {
		resp, err := c.InvokeXML(ctx, doc(req, ""))
		if err != nil {
			t.Fatalf("%s: %v", req, err)
		}
		if !bytes.Equal(resp, docs[yealinkResponses[req]]) {
			t.Fatalf("%s answered\n%s\nwant\n%s", req, resp, docs[yealinkResponses[req]])
		}
	}
	var want [][]byte
	for _, f := range yealinkEvents {
		err := d.Notify(ctx, docs[f])
		if network == "udp" && len(docs[f]) > udpLimit {
			if err == nil {
				t.Fatalf("%s (%d octets) sent over UDP", f, len(docs[f]))
			}
			continue // too large for UDP: an error, not a hang
		}
		if err != nil {
			t.Fatalf("Notify %s: %v", f, err)
		}
		want = append(want, docs[f])
		if err := c.Notify(ctx, docs[f]); err != nil {
			t.Fatalf("client Notify %s: %v", f, err)
		}
	}
	cmu.Lock()
	gotClient := clientEvents
	cmu.Unlock()
	if diff := cmp.Diff(want, gotClient); diff != "" {
		t.Errorf("events at the client, -want +got\n%s", diff)
	}
	mu.Lock()
	defer mu.Unlock()
	if diff := cmp.Diff(want, serverEvents); diff != "" {
		t.Errorf("events at the server, -want +got\n%s", diff)
	}
}

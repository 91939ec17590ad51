package conn

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/cstagen/cstagen/runtime/framing"
	"github.com/google/go-cmp/cmp"
)

const ns4 = "http://www.ecma-international.org/standards/ecma-323/csta/ed4"

var (
	xmlMakeCall         = []byte(`<?xml version="1.0" encoding="UTF-8"?><MakeCall xmlns="` + ns4 + `"><callingDevice>201</callingDevice><calledDirectoryNumber>202</calledDirectoryNumber></MakeCall>`)
	xmlMakeCallResponse = []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<MakeCallResponse xmlns="` + ns4 + `"><callingDevice><callID>7</callID><deviceID>201</deviceID></callingDevice></MakeCallResponse>`)
	xmlFail             = []byte(`<FailMe xmlns="` + ns4 + `"/>`)
	xmlError            = []byte(`<CSTAErrorCode xmlns="` + ns4 + `"><operation> invalidDeviceID </operation></CSTAErrorCode>`)
	xmlBroken           = []byte(`<Broken/>`)
	xmlBrokenResp       = []byte(`<csta:BrokenResponse a="1"b="2"/>`)
	xmlHold             = []byte(`<Hold/>`)
	xmlDelivered        = []byte(`<DeliveredEvent xmlns="` + ns4 + `"><monitorCrossRefID>1</monitorCrossRefID></DeliveredEvent>`)
	xmlSystemStatus     = []byte(`<SystemStatus xmlns="` + ns4 + `"><systemStatus>normal</systemStatus></SystemStatus>`)
)

// xmlSwitch is the server side of the XML tests: it answers MakeCall,
// fails FailMe, answers Broken with a document that is not well-formed and
// holds Hold for the test to answer.
type xmlSwitch struct {
	mu    sync.Mutex
	ids   []int
	held  chan int
	calls int
}

func (s *xmlSwitch) onRequest(m *XMLFrame, dst []byte) ([]byte, error) {
	s.mu.Lock()
	s.ids = append(s.ids, m.InvokeID)
	s.calls++
	s.mu.Unlock()
	switch string(m.Root) {
	case "MakeCall":
		return append(dst, xmlMakeCallResponse...), nil
	case "FailMe":
		return append(dst, xmlError...), nil
	case "Broken":
		return append(dst, xmlBrokenResp...), nil
	case "Hold":
		s.held <- m.InvokeID
		return dst, ErrRespondLater
	}
	return dst, errors.New("unknown request")
}

// xmlPair returns a client and a switch XMLConn over loopback TCP (or TLS).
func xmlPair(t *testing.T, useTLS bool, co, so XMLOptions) (*XMLConn, *XMLConn) {
	t.Helper()
	cn, sn := tcpPair(t, useTLS)
	client, server := NewXML(cn, co), NewXML(sn, so)
	t.Cleanup(func() { client.Close(); server.Close() })
	return client, server
}

func TestXMLRequests(t *testing.T) {
	for _, useTLS := range []bool{false, true} {
		name := map[bool]string{false: "tcp", true: "tls"}[useTLS]
		t.Run(name, func(t *testing.T) {
			checkGoroutines(t)
			sw := &xmlSwitch{held: make(chan int, 1)}
			client, _ := xmlPair(t, useTLS, XMLOptions{}, XMLOptions{OnRequest: sw.onRequest})
			ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
			defer cancel()

			resp, err := client.InvokeXML(ctx, xmlMakeCall)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(resp, xmlMakeCallResponse) {
				t.Errorf("response %q", resp)
			}

			_, err = client.InvokeXML(ctx, xmlFail)
			var xe *XMLError
			if !errors.As(err, &xe) || !errors.Is(err, ErrServiceFailed) {
				t.Fatalf("err = %v, want *XMLError", err)
			}
			if xe.Category != "operation" || xe.Value != "invalidDeviceID" || !bytes.Equal(xe.Body, xmlError) {
				t.Errorf("XMLError = %+v", xe)
			}

			// A response that is not well-formed is still matched by its
			// root element's name.
			resp, err = client.InvokeXML(ctx, xmlBroken)
			if err != nil || !bytes.Equal(resp, xmlBrokenResp) {
				t.Errorf("broken response: %q, %v", resp, err)
			}

			// A request the switch has no answer for: CSTAErrorCode unspecified.
			_, err = client.InvokeXML(ctx, []byte(`<Unknown xmlns="`+ns4+`"/>`))
			if !errors.As(err, &xe) || xe.Category != "unspecified" {
				t.Errorf("unknown request: %v", err)
			}

			sw.mu.Lock()
			defer sw.mu.Unlock()
			for _, id := range sw.ids {
				if id < 1 || id > 9998 {
					t.Errorf("request invoke ID %d outside 1..9998", id)
				}
			}
		})
	}
}

func TestXMLEventsWhilePending(t *testing.T) {
	checkGoroutines(t)
	sw := &xmlSwitch{held: make(chan int, 1)}
	type event struct {
		ID       int
		Root, NS string
	}
	events := make(chan event, 4)
	client, server := xmlPair(t, false,
		XMLOptions{OnEvent: func(m *XMLFrame) { events <- event{m.InvokeID, string(m.Root), string(m.NS)} }},
		XMLOptions{OnRequest: sw.onRequest})
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	type res struct {
		body []byte
		err  error
	}
	done := make(chan res, 1)
	go func() {
		b, err := client.InvokeXML(ctx, xmlHold)
		done <- res{b, err}
	}()
	id := <-sw.held
	for range 2 {
		if err := server.Notify(xmlDelivered); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		select {
		case e := <-events:
			if diff := cmp.Diff(event{9999, "DeliveredEvent", ns4}, e); diff != "" {
				t.Errorf("event (-want +got):\n%s", diff)
			}
		case <-time.After(waitTimeout):
			t.Fatal("event not delivered")
		}
	}
	if err := server.Respond(id, xmlMakeCallResponse); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.err != nil || !bytes.Equal(r.body, xmlMakeCallResponse) {
		t.Errorf("held request: %q, %v", r.body, r.err)
	}
}

func TestXMLSwitchRequest(t *testing.T) {
	checkGoroutines(t)
	// OpenScape Voice starts with a SystemStatus request: the client's
	// default handler answers it with an empty SystemStatusResponse.
	_, server := xmlPair(t, false, XMLOptions{}, XMLOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	resp, err := server.InvokeXML(ctx, xmlSystemStatus)
	if err != nil {
		t.Fatal(err)
	}
	want := `<?xml version="1.0" encoding="UTF-8"?><SystemStatusResponse xmlns="` + ns4 + `"/>`
	if string(resp) != want {
		t.Errorf("response %q, want %q", resp, want)
	}
}

// rawDoc is a TypedXML that is its own document.
type rawDoc struct{ doc []byte }

func (d *rawDoc) AppendXML(dst []byte) ([]byte, error) { return append(dst, d.doc...), nil }
func (d *rawDoc) DecodeXML(src []byte) error {
	if !bytes.HasPrefix(bytes.TrimSpace(src), []byte("<")) {
		return errors.New("not XML")
	}
	d.doc = append(d.doc[:0], src...)
	return nil
}

func TestXMLTyped(t *testing.T) {
	checkGoroutines(t)
	sw := &xmlSwitch{held: make(chan int, 1)}
	client, _ := xmlPair(t, false, XMLOptions{}, XMLOptions{OnRequest: sw.onRequest})
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	var resp rawDoc
	if err := client.Invoke(ctx, &rawDoc{xmlMakeCall}, &resp); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(resp.doc, xmlMakeCallResponse) {
		t.Errorf("decoded %q", resp.doc)
	}
	if err := client.Invoke(ctx, &rawDoc{xmlMakeCall}, nil); err != nil {
		t.Errorf("nil response value: %v", err)
	}
}

func TestXMLTimeoutAndKeepAlive(t *testing.T) {
	t.Run("request timeout", func(t *testing.T) {
		checkGoroutines(t)
		sw := &xmlSwitch{held: make(chan int, 1)}
		client, _ := xmlPair(t, false, XMLOptions{Options: Options{RequestTimeout: 50 * time.Millisecond}}, XMLOptions{OnRequest: sw.onRequest})
		if _, err := client.InvokeXML(context.Background(), xmlHold); !errors.Is(err, ErrTimeout) {
			t.Errorf("err = %v, want a timeout", err)
		}
	})
	t.Run("dead peer", func(t *testing.T) {
		checkGoroutines(t)
		client, _ := xmlPair(t, false,
			XMLOptions{Options: Options{KeepAliveInterval: 30 * time.Millisecond}},
			XMLOptions{OnRequest: func(*XMLFrame, []byte) ([]byte, error) { return nil, ErrRespondLater }})
		if err := waitErr(t, client); !errors.Is(err, ErrKeepAlive) {
			t.Errorf("Err = %v, want ErrKeepAlive", err)
		}
	})
	t.Run("alive peer", func(t *testing.T) {
		checkGoroutines(t)
		var mu sync.Mutex
		pings := 0
		client, _ := xmlPair(t, false,
			XMLOptions{Options: Options{KeepAliveInterval: 20 * time.Millisecond}},
			XMLOptions{OnRequest: func(m *XMLFrame, dst []byte) ([]byte, error) {
				mu.Lock()
				pings++
				mu.Unlock()
				return append(dst, `<SystemStatusResponse/>`...), nil
			}})
		deadline := time.Now().Add(waitTimeout)
		for {
			mu.Lock()
			n := pings
			mu.Unlock()
			if n >= 5 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d keep-alives", n)
			}
			time.Sleep(10 * time.Millisecond)
		}
		if err := client.Err(); err != nil {
			t.Errorf("connection failed: %v", err)
		}
	})
}

func TestXMLHostilePeer(t *testing.T) {
	tests := []struct {
		name string
		opts XMLOptions
		send []byte
		is   error
	}{
		{"nonzero format field", XMLOptions{}, []byte{0x12, 0x34, 0x00, 0x10, '0', '0', '0', '1', '<', 'a', '/', '>', ' ', ' ', ' ', ' '}, framing.ErrBadFormat},
		{"length below the header", XMLOptions{}, []byte{0, 0, 0, 4, '0', '0', '0', '1'}, framing.ErrBadHeader},
		{"oversize message", XMLOptions{Framing: framing.XMLOptions{MaxMessageSize: 64}}, []byte{0, 0, 0x10, 0x00, '0', '0', '0', '1'}, framing.ErrTooLarge},
		{"invoke ID not digits", XMLOptions{}, []byte{0, 0, 0, 12, 'a', 'b', 'c', 'd', '<', 'a', '/', '>'}, framing.ErrBadInvokeID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkGoroutines(t)
			cn, sn := tcpPair(t, false)
			client := NewXML(cn, tt.opts)
			defer client.Close()
			if _, err := sn.Write(tt.send); err != nil {
				t.Fatal(err)
			}
			if err := waitErr(t, client); !errors.Is(err, tt.is) || !errors.Is(err, ErrProtocol) {
				t.Errorf("Err = %v, want %v", err, tt.is)
			}
		})
	}
}

func TestXMLSlowloris(t *testing.T) {
	checkGoroutines(t)
	cn, sn := tcpPair(t, false)
	client := NewXML(cn, XMLOptions{Options: Options{FrameTimeout: 100 * time.Millisecond}})
	defer client.Close()
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		msg := append([]byte{0, 0, 0, 108, '9', '9', '9', '9'}, bytes.Repeat([]byte{' '}, 100)...)
		for _, b := range msg {
			select {
			case <-stop:
				return
			case <-time.After(30 * time.Millisecond):
			}
			if _, err := sn.Write([]byte{b}); err != nil {
				return
			}
		}
	}()
	start := time.Now()
	if err := waitErr(t, client); !errors.Is(err, ErrFrameTimeout) {
		t.Errorf("Err = %v, want ErrFrameTimeout", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("detected after %v", d)
	}
}

func TestXMLAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("network round trips")
	}
	sw := &xmlSwitch{held: make(chan int, 1)}
	client, _ := xmlPair(t, false, XMLOptions{}, XMLOptions{OnRequest: sw.onRequest})
	ctx := context.Background()
	dst := make([]byte, 0, 4096)
	run := func() {
		var err error
		if dst, err = client.AppendInvokeXML(ctx, dst[:0], xmlMakeCall); err != nil {
			t.Fatal(err)
		}
	}
	for range 100 {
		run()
	}
	if n := testing.AllocsPerRun(500, run); n != 0 {
		t.Errorf("XML round trip: %v allocations, want 0", n)
	}
}

func TestXMLOptionsResolve(t *testing.T) {
	tests := []struct {
		name             string
		min, max         int64
		wantMin, wantMax int64
	}{
		{"default", 0, 0, 1, 9998},
		{"max above 9998", 1, 20000, 1, 9998},
		{"custom", 100, 200, 100, 200},
		{"inverted", 9000, 10, 1, 9998},
	}
	for _, tt := range tests {
		o := XMLOptions{Options: Options{MinInvokeID: tt.min, MaxInvokeID: tt.max}}.resolve()
		if o.MinInvokeID != tt.wantMin || o.MaxInvokeID != tt.wantMax {
			t.Errorf("%s: range %d..%d, want %d..%d", tt.name, o.MinInvokeID, o.MaxInvokeID, tt.wantMin, tt.wantMax)
		}
	}
}

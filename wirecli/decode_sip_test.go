package wirecli

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// sipMsg is one SIP message of a test conversation: fromClient says which
// side sends it.
type sipMsg struct {
	fromClient bool
	text       string
}

// sipHead is the start line and header fields of a request or response of
// a uaCSTA dialog, as pidgin-sipe (sip-csta.c) and Yealink phones send
// them; startLine is "INFO sip:..." or "SIP/2.0 200 OK".
func sipHead(startLine, method, callID string, cseq int) string {
	return startLine + "\r\n" +
		fmt.Sprintf("Via: SIP/2.0/TCP 10.0.0.1:5061;branch=z9hG4bK%08x;rport\r\n", cseq*7919) +
		"From: <sip:alice@example.com>;tag=5deb4f8a8f;epid=a1b2c3d4e5\r\n" +
		"To: <sip:rcc-gw@example.com>;tag=8a8f5deb\r\n" +
		"Max-Forwards: 70\r\n" +
		fmt.Sprintf("CSeq: %d %s\r\n", cseq, method) +
		"Call-ID: " + callID + "\r\n"
}

// sipBody ends a header section with a body of the given type (none when
// body is empty).
func sipBody(head, ctype string, body []byte) string {
	if len(body) == 0 {
		return head + "Content-Length: 0\r\n\r\n"
	}
	return head + "Content-Disposition: signal;handling=required\r\n" +
		"Content-Type: " + ctype + "\r\n" +
		fmt.Sprintf("Content-Length: %d\r\n\r\n", len(body)) + string(body)
}

const cstaType = "application/csta+xml"

// uaCSTAConversation wraps the corpus documents that SOURCES.tsv says
// travel in SIP in the messages their sources describe: Microsoft RCC
// (pidgin-sipe) opens the dialog with an INVITE carrying
// RequestSystemStatus and sends its requests in INFO, each answered 200 OK;
// a Yealink phone sends its responses and events in INFO; BroadWorks
// feature key synchronisation (062) travels in a NOTIFY of another content
// type, which is no CSTA body. It returns the messages and the corpus file
// each one carries ("" for none).
func uaCSTAConversation(t *testing.T) ([]sipMsg, []string) {
	t.Helper()
	framings := corpusFraming(t)
	var files []string
	for f, fr := range framings {
		if strings.HasPrefix(fr, "SIP INFO body") || strings.HasPrefix(fr, "SIP INVITE body") || strings.HasPrefix(fr, "SIP SUBSCRIBE/NOTIFY body") {
			files = append(files, f)
		}
	}
	if len(files) < 15 {
		t.Fatalf("SOURCES.tsv names %d SIP-borne files, want at least 15", len(files))
	}
	slices.Sort(files)
	read := func(f string) []byte {
		b, err := os.ReadFile(filepath.Join(corpusDir, "xml", f))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	var msgs []sipMsg
	var carried []string
	add := func(client bool, text, file string) {
		msgs = append(msgs, sipMsg{client, text})
		carried = append(carried, file)
	}
	rcc, yea := "b3e1f0a2c9d84e7f@10.0.0.1", "0_99f261b4@yealink"
	cseq := 1
	for _, f := range files {
		body := read(f)
		fr := framings[f]
		switch {
		case strings.HasPrefix(fr, "SIP INVITE body"):
			add(true, sipBody(sipHead("INVITE sip:rcc-gw@example.com SIP/2.0", "INVITE", rcc, cseq), cstaType, body), f)
			ok := []byte(`<?xml version="1.0"?><RequestSystemStatusResponse xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed3"><systemStatus>normal</systemStatus></RequestSystemStatusResponse>`)
			add(false, sipBody(sipHead("SIP/2.0 200 OK", "INVITE", rcc, cseq), cstaType, ok), "")
			add(true, sipBody(sipHead("ACK sip:rcc-gw@example.com SIP/2.0", "ACK", rcc, cseq), "", nil), "")
		case strings.HasPrefix(fr, "SIP SUBSCRIBE/NOTIFY body"):
			add(false, sipBody(sipHead("NOTIFY sip:alice@10.0.0.1:5061 SIP/2.0", "NOTIFY", "dfks-1", cseq), "application/x-as-feature-event+xml", body), "")
			add(true, sipBody(sipHead("SIP/2.0 200 OK", "NOTIFY", "dfks-1", cseq), "", nil), "")
		case strings.Contains(fr, "uaCSTA"): // Yealink
			add(false, sipBody(sipHead("INFO sip:3cx@10.0.0.1:5061 SIP/2.0", "INFO", yea, cseq), cstaType, body), f)
			add(true, sipBody(sipHead("SIP/2.0 200 OK", "INFO", yea, cseq), "", nil), "")
		default:
			add(true, sipBody(sipHead("INFO sip:rcc-gw@example.com SIP/2.0", "INFO", rcc, cseq), cstaType, body), f)
			add(false, sipBody(sipHead("SIP/2.0 200 OK", "INFO", rcc, cseq), "", nil), "")
		}
		cseq++
	}
	add(true, sipBody(sipHead("BYE sip:rcc-gw@example.com SIP/2.0", "BYE", rcc, cseq), "", nil), "")
	add(false, sipBody(sipHead("SIP/2.0 200 OK", "BYE", rcc, cseq), "", nil), "")
	return msgs, carried
}

// withoutPlace drops the fields of a record that say where the message was
// (its SIP context included), leaving what was decoded.
func withoutPlace(r map[string]any) map[string]any {
	c := map[string]any{}
	for k, v := range r {
		switch k {
		case "index", "file", "time", "flow", "offset", "errorStreamOffset", "sip":
		default:
			c[k] = v
		}
	}
	return c
}

// sipSummary is what a record says of its SIP message.
func sipSummary(r map[string]any) string {
	s, _ := r["sip"].(map[string]any)
	if s == nil {
		return fmt.Sprintf("no sip: %v", r)
	}
	first := fmt.Sprint(s["method"])
	if st, ok := s["status"].(float64); ok {
		first = fmt.Sprint(st)
	}
	return fmt.Sprintf("%s %v %v %v", first, s["callId"], s["cseq"], r["element"])
}

// TestDecodeSIPCorpus wraps the corpus documents that travel in SIP in
// their SIP messages and decodes them from a text file, from a pcap of one
// TCP connection (segments cut every 97 octets, two of them swapped) and
// from a pcapng of UDP datagrams (the larger ones in IP fragments, out of
// order): every message is found with its SIP
// context, and each CSTA document decodes exactly as the bare file does.
func TestDecodeSIPCorpus(t *testing.T) {
	needCorpus(t)
	msgs, carried := uaCSTAConversation(t)
	var text, cstream, sstream []byte
	spec := tcpSpec{[]byte{10, 0, 0, 1}, []byte{10, 0, 0, 2}, 5061, 5060}
	var udp []capPacket
	t0 := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	for i, m := range msgs {
		text = append(append(text, m.text...), "\r\n"...)
		s := spec
		if m.fromClient {
			cstream = append(cstream, m.text...)
		} else {
			sstream = append(sstream, m.text...)
			s = spec.reverse()
		}
		// Datagrams beyond 600 octets go as IP fragments of 576, the
		// last one first.
		frags := fragmentIPv4(ipUDP(s, []byte(m.text)), uint16(i), 576)
		slices.Reverse(frags)
		for _, f := range frags {
			udp = append(udp, capPacket{t0.Add(time.Duration(i) * time.Millisecond), ethernet(f)})
		}
	}
	var cuts []int
	for c := 97; c < len(cstream); c += 97 {
		cuts = append(cuts, c)
	}
	order := []int{0, 2, 1}
	for i := 3; i <= len(cuts); i++ {
		order = append(order, i)
	}
	tcp := pcapFile(1, conversation(spec, ethernet, cstream, cuts, order, sstream, t0))

	textRecs, errs, code := decodeJSON(t, writeTemp(t, "rcc.txt", text))
	if len(textRecs) != len(msgs) {
		t.Fatalf("text: %d records for %d messages (exit %d)\n%s", len(textRecs), len(msgs), code, errs)
	}
	failing := 0
	for i, r := range textRecs {
		if f := carried[i]; f != "" {
			bare, _, _ := decodeJSON(t, filepath.Join(corpusDir, "xml", f))
			if len(bare) != 1 {
				t.Fatalf("%s: %d records", f, len(bare))
			}
			if d := cmp.Diff(withoutPlace(bare[0]), withoutPlace(r)); d != "" {
				t.Errorf("%s in SIP decodes unlike the bare file: -bare +sip\n%s", f, d)
			}
			if bare[0]["error"] != nil {
				failing++
			}
		} else if r["encoding"] != "sip" && r["element"] != "RequestSystemStatusResponse" {
			t.Errorf("message %d (no corpus document): %v", i, r)
		}
		s, _ := r["sip"].(map[string]any)
		if s == nil {
			t.Fatalf("message %d has no SIP context: %v", i, r)
		}
		if want := strings.SplitN(msgs[i].text, "\r\n", 2)[0]; !strings.HasPrefix(want, fmt.Sprint(s["method"])+" ") && !strings.HasPrefix(want, fmt.Sprintf("SIP/2.0 %v ", s["status"])) {
			t.Errorf("message %d: SIP context %v for %q", i, s, want)
		}
	}
	t.Logf("%d records, %d corpus documents fail bare", len(textRecs), failing)
	if wantCode := min(failing, 1); code != wantCode {
		t.Errorf("text: exit %d with %d corpus documents that fail bare, want %d", code, failing, wantCode)
	}

	// The two directions of the TCP connection, each in its order, and
	// the datagrams in capture order, find the same messages.
	var wantClient, wantServer, wantAll []string
	for i, r := range textRecs {
		s := sipSummary(r)
		wantAll = append(wantAll, s)
		if msgs[i].fromClient {
			wantClient = append(wantClient, s)
		} else {
			wantServer = append(wantServer, s)
		}
	}
	tcpRecs, errs, _ := decodeJSON(t, writeTemp(t, "rcc.pcap", tcp))
	var gotClient, gotServer []string
	for _, r := range tcpRecs {
		switch r["flow"] {
		case "10.0.0.1:5061 > 10.0.0.2:5060":
			gotClient = append(gotClient, sipSummary(r))
		case "10.0.0.2:5060 > 10.0.0.1:5061":
			gotServer = append(gotServer, sipSummary(r))
		default:
			t.Errorf("tcp: record %v", r)
		}
	}
	if d := cmp.Diff(wantClient, gotClient); d != "" {
		t.Errorf("tcp client to server: -text +tcp\n%s\n%s", d, errs)
	}
	if d := cmp.Diff(wantServer, gotServer); d != "" {
		t.Errorf("tcp server to client: -text +tcp\n%s", d)
	}
	udpRecs, errs, _ := decodeJSON(t, writeTemp(t, "rcc.pcapng", pcapngFile(1, udp)))
	var gotAll []string
	for _, r := range udpRecs {
		gotAll = append(gotAll, sipSummary(r))
		if fl, _ := r["flow"].(string); !strings.HasPrefix(fl, "udp 10.0.0.") {
			t.Errorf("udp: flow %q", fl)
		}
	}
	if d := cmp.Diff(wantAll, gotAll); d != "" {
		t.Errorf("udp: -text +udp\n%s\n%s", d, errs)
	}
}

// ipUDP builds an IPv4 packet holding a UDP datagram.
func ipUDP(s tcpSpec, payload []byte) []byte {
	u := binary.BigEndian.AppendUint16(nil, s.srcPort)
	u = binary.BigEndian.AppendUint16(u, s.dstPort)
	u = binary.BigEndian.AppendUint16(u, uint16(8+len(payload)))
	u = append(append(u, 0, 0), payload...)
	ip := []byte{0x45, 0, 0, 0, 0, 1, 0x40, 0, 64, 17, 0, 0}
	binary.BigEndian.PutUint16(ip[2:], uint16(20+len(u)))
	return append(append(append(ip, s.srcIP...), s.dstIP...), u...)
}

// fragmentIPv4 cuts an IPv4 packet into fragments of at most size octets
// of payload (a multiple of 8); a packet that fits is returned whole.
func fragmentIPv4(pkt []byte, id uint16, size int) [][]byte {
	data := pkt[20:]
	if len(data) <= size {
		return [][]byte{pkt}
	}
	var out [][]byte
	for off := 0; off < len(data); off += size {
		end := min(off+size, len(data))
		ip := bytes.Clone(pkt[:20])
		binary.BigEndian.PutUint16(ip[2:], uint16(20+end-off))
		binary.BigEndian.PutUint16(ip[4:], id)
		f := uint16(off / 8)
		if end < len(data) {
			f |= 0x2000
		}
		binary.BigEndian.PutUint16(ip[6:], f)
		out = append(out, append(ip, data[off:end]...))
	}
	return out
}

// TestDecodeSIPText pins the text form of a SIP-borne message and of one
// without a CSTA body.
func TestDecodeSIPText(t *testing.T) {
	doc := `<MonitorStart xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed3"><monitorObject><deviceObject>tel:73124</deviceObject></monitorObject></MonitorStart>`
	info := sipBody(sipHead("INFO sip:rcc-gw@example.com SIP/2.0", "INFO", "c1", 2), cstaType, []byte(doc))
	ok := sipBody(sipHead("SIP/2.0 200 OK", "INFO", "c1", 2), "", nil)
	out, errs, code := runCLI("decode", writeTemp(t, "two.sip", []byte(info+ok)))
	want := fmt.Sprintf(`#1 offset %d, %d octets, XML
SIP INFO sip:rcc-gw@example.com, Call-ID c1, CSeq 2 INFO
request <MonitorStart>, monitorStart (71), MonitorStartArgument, xmlns http://www.ecma-international.org/standards/ecma-323/csta/ed3
  monitorObject: deviceObject: deviceIdentifier: dialingNumber: "tel:73124"

#2 offset %d, %d octets, SIP
SIP 200 OK, Call-ID c1, CSeq 2 INFO
note: no body

`, len(info)-len(doc), len(doc), len(info), len(ok))
	if code != 0 || out != want {
		t.Errorf("exit %d, stderr %q; -want +got\n%s", code, errs, cmp.Diff(want, out))
	}
}

// TestDecodeSIPHostile: hostile SIP in a text file and in a TCP stream (a
// huge Content-Length, malformed header fields, a csta+xml body that is no
// XML, a broken multipart body, a body of another type, an endless header
// section): typed errors with their offsets, the messages after each still
// found, exit 1, and bounded memory for a capture of 16 MiB of them.
func TestDecodeSIPHostile(t *testing.T) {
	doc := `<MonitorStop xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed3"><monitorCrossRefID>1</monitorCrossRefID></MonitorStop>`
	good := sipBody(sipHead("INFO sip:gw SIP/2.0", "INFO", "good", 9), cstaType, []byte(doc))
	huge := sipHead("INFO sip:gw SIP/2.0", "INFO", "huge", 1) + "Content-Type: application/csta+xml\r\nContent-Length: 4000000000\r\n\r\n<MonitorStop/>\r\n"
	badHeader := "INFO sip:gw SIP/2.0\r\nCall-ID x\r\nContent-Length: 0\r\n\r\n"
	twoLengths := sipHead("INFO sip:gw SIP/2.0", "INFO", "two", 2) + "Content-Length: 1\r\nl: 2\r\n\r\nxx\r\n"
	notXML := sipBody(sipHead("INFO sip:gw SIP/2.0", "INFO", "notxml", 3), cstaType, []byte("hello, not XML"))
	multipart := sipBody(sipHead("INFO sip:gw SIP/2.0", "INFO", "mp", 4), "multipart/mixed;boundary=b1", []byte("--b1\r\nContent-Type: application/csta+xml\r\n\r\n<a/>"))
	sdp := sipBody(sipHead("INVITE sip:gw SIP/2.0", "INVITE", "sdp", 5), "application/sdp", []byte("v=0\r\n"))
	many := "INFO sip:gw SIP/2.0\r\n" + strings.Repeat("X-Filler: "+strings.Repeat("y", 90)+"\r\n", 200)
	endless := "INFO sip:gw SIP/2.0\r\nX-Filler: " + strings.Repeat("y", 70000) + "\r\n"
	stream := good + huge + good + badHeader + good + twoLengths + good + notXML + multipart + sdp + many + endless + good
	wantSub := []string{
		"Call-ID good",
		"sipmsg: SIP message beyond the limits: Content-Length too large",
		"sipmsg: malformed SIP message: header field without a name and colon",
		"sipmsg: malformed SIP message: conflicting Content-Length fields",
		"sipmsg: no CSTA-XML body: csta+xml body is not XML",
		"sipmsg: malformed SIP message: multipart part without a closing delimiter",
		"no CSTA body: sipmsg: no CSTA-XML body: body of type \"application/sdp\"",
		"sipmsg: SIP message beyond the limits: more header fields than MaxHeaders",
		"sipmsg: SIP message beyond the limits: header section beyond MaxMessage",
	}
	check := func(name, out string, code int) {
		t.Helper()
		if code != exitInput {
			t.Errorf("%s: exit %d, want %d", name, code, exitInput)
		}
		for _, w := range wantSub {
			if !strings.Contains(out, w) {
				t.Errorf("%s: output lacks %q:\n%s", name, w, out)
			}
		}
		if n := strings.Count(out, "request <MonitorStop>"); n != 5 {
			t.Errorf("%s: %d good messages decoded, want 5:\n%s", name, n, out)
		}
	}
	out, _, code := runCLI("decode", writeTemp(t, "hostile.txt", []byte(stream)))
	check("text", out, code)

	spec := tcpSpec{[]byte{10, 0, 0, 1}, []byte{10, 0, 0, 2}, 5061, 5060}
	var cuts []int
	for c := 1400; c < len(stream); c += 1400 {
		cuts = append(cuts, c)
	}
	order := make([]int, len(cuts)+1)
	for i := range order {
		order[i] = i
	}
	pcap := pcapFile(1, conversation(spec, ethernet, []byte(stream), cuts, order, nil, time.Unix(0, 0)))
	out, _, code = runCLI("decode", writeTemp(t, "hostile.pcap", pcap))
	check("tcp", out, code)

	// 16 MiB of a stream that claims huge bodies and endless headers,
	// in 1400-octet segments: the SIP framing holds one message at most.
	var big []byte
	for len(big) < 16<<20 {
		big = append(big, huge...)
		big = append(big, many...)
		big = append(big, endless...)
	}
	cuts = cuts[:0]
	for c := 1400; c < len(big); c += 1400 {
		cuts = append(cuts, c)
	}
	order = make([]int, len(cuts)+1)
	for i := range order {
		order[i] = i
	}
	path := writeTemp(t, "big.pcap", pcapFile(1, conversation(spec, ethernet, big, cuts, order, nil, time.Unix(0, 0))))
	big = nil
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	peak := uint64(0)
	done := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapInuse)
			}
		}
	}()
	out, _, code = runCLI("decode", "-json", path)
	close(done)
	runtime.ReadMemStats(&after)
	peak = max(peak, after.HeapInuse)
	if code != exitInput || !strings.Contains(out, "Content-Length too large") {
		t.Errorf("big: exit %d, output starts %.300s", code, out)
	}
	t.Logf("heap grew by %d KiB", (int64(peak)-int64(before.HeapInuse))>>10)
	if grown := int64(peak) - int64(before.HeapInuse); grown > 8<<20 {
		t.Errorf("decoding a 16 MiB hostile SIP stream grew the heap by %d MiB", grown>>20)
	}
}

// TestDecodeSIPConvertedLineEnds: a text file of SIP messages whose CR LF
// line ends were turned into LF (by a log, an editor or a copy), the
// Content-Length still counting the CR of the body's lines: the message
// is read again with CR LF, decoded with a note, and the next one found.
func TestDecodeSIPConvertedLineEnds(t *testing.T) {
	needCorpus(t)
	body, err := os.ReadFile(filepath.Join(corpusDir, "xml", "079-EstablishedEvent.xml"))
	if err != nil {
		t.Fatal(err)
	}
	body = bytes.ReplaceAll(bytes.ReplaceAll(body, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n"))
	info := sipBody(sipHead("INFO sip:3cx@10.0.0.1:5061 SIP/2.0", "INFO", "y1", 7), cstaType, body)
	ok := sipBody(sipHead("SIP/2.0 200 OK", "INFO", "y1", 7), "", nil)
	text := strings.ReplaceAll(info+ok, "\r\n", "\n")
	recs, errs, code := decodeJSON(t, writeTemp(t, "lf.txt", []byte(text)))
	if code != 0 || len(recs) != 2 {
		t.Fatalf("exit %d, %d records, want 0 and 2\n%v\n%s", code, len(recs), recs, errs)
	}
	s, _ := recs[0]["sip"].(map[string]any)
	if recs[0]["element"] != "EstablishedEvent" || recs[0]["error"] != nil || s == nil || s["note"] != crlfNote {
		t.Errorf("first record %v", recs[0])
	}
	if s, _ := recs[1]["sip"].(map[string]any); s == nil || s["status"] != 200.0 || s["callId"] != "y1" {
		t.Errorf("second record %v", recs[1])
	}
}

// TestDecodeSIPJoined: a capture that begins inside a long-lived TCP
// connection, in the middle of a SIP message (no SYN): the stream is
// still taken for SIP, the partial message is skipped with a notice, and
// the messages after it decode.
func TestDecodeSIPJoined(t *testing.T) {
	doc := `<MonitorStart xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed3"><monitorObject><deviceObject>tel:1</deviceObject></monitorObject></MonitorStart>`
	first := sipBody(sipHead("INFO sip:gw SIP/2.0", "INFO", "a", 1), cstaType, []byte(doc))
	second := sipBody(sipHead("INFO sip:gw SIP/2.0", "INFO", "b", 2), cstaType, []byte(doc))
	stream := []byte(first[100:] + second + second)
	spec := tcpSpec{[]byte{10, 0, 0, 1}, []byte{10, 0, 0, 2}, 5061, 5060}
	var pkts []capPacket
	for off := 0; off < len(stream); off += 400 {
		pkts = append(pkts, capPacket{time.Unix(1, 0), ethernet(ipTCP(spec, 5000+uint32(off), 1, tcpACK, stream[off:min(off+400, len(stream))]))})
	}
	out, errs, code := runCLI("decode", writeTemp(t, "joined.pcap", pcapFile(1, pkts)))
	want := fmt.Sprintf("the capture begins inside a SIP message: the %d octets before the first start line are skipped", len(first)-100)
	if code != 0 || !strings.Contains(out, want) || strings.Count(out, "request <MonitorStart>") != 2 || strings.Contains(out, "error") {
		t.Errorf("exit %d, want 0 with %q and two MonitorStart\n%s%s", code, want, out, errs)
	}
}

package wirecli

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cstagen/cstagen/csta"
)

// corpusDir is the shared corpus, relative to this package.
var corpusDir = filepath.Join("..", "..", "shared", "corpus")

func needCorpus(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(corpusDir, "SOURCES.tsv")); err != nil {
		t.Skip("corpus not available:", err)
	}
}

// decodeJSON runs decode with -json and parses every output line.
func decodeJSON(t *testing.T, args ...string) (recs []map[string]any, stderr string, code int) {
	t.Helper()
	out, errs, code := runCLI(append([]string{"decode", "-json"}, args...)...)
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("output line is not JSON: %v\n%s", err, sc.Text())
		}
		recs = append(recs, m)
	}
	return recs, errs, code
}

// writeTemp writes data to a file in a test's temporary folder.
func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// corpusFraming reads the framing column of SOURCES.tsv per file name.
func corpusFraming(t *testing.T) map[string]string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(corpusDir, "SOURCES.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, line := range strings.Split(string(src), "\n") {
		f := strings.Split(line, "\t")
		if len(f) >= 6 {
			m[f[0]] = f[5]
		}
	}
	return m
}

// prefixFor maps a SOURCES.tsv framing description to decode flags.
func prefixFor(framing string) (args []string, vendor string) {
	switch {
	case strings.HasPrefix(framing, "none"):
		return []string{"-prefix", "none"}, "hipath"
	case strings.Contains(framing, "0x26"):
		return []string{"-prefix", "hipath"}, "hipath"
	case strings.Contains(framing, "2-byte big-endian length"):
		return []string{"-prefix", "alcatel"}, "oxe"
	case strings.Contains(framing, "8-byte header"):
		return []string{"-framing", "xml"}, "xml"
	}
	return nil, ""
}

// TestDecodeCorpusBER decodes every hex file of the corpus with the framing
// SOURCES.tsv gives, and again with everything auto-detected. HiPath and
// Zultys files decode; the Alcatel OXE ones are CSTA Phase II and must give
// a clear decode error or an "unknown operation" note, never a value.
func TestDecodeCorpusBER(t *testing.T) {
	needCorpus(t)
	framings := corpusFraming(t)
	files, _ := filepath.Glob(filepath.Join(corpusDir, "ber", "*.hex"))
	if len(files) == 0 {
		t.Fatal("no hex files in the corpus")
	}
	// want holds words the text output must contain, beyond the generic
	// checks, for files whose content the test knows.
	want := map[string][]string{
		"088-makeCall-invoke-framed.hex":                 {"invoke 4, makeCall (10), MakeCallArgument", `calledDirectoryNumber: deviceIdentifier: dialingNumber: "535"`},
		"089-cSTAEventReport-delivered-1.hex":            {"event callControl.delivered", "localConnectionInfo: alerting", "cause: newCall", `dialingNumber: "017662754949"`},
		"092-systemStatus-invoke.hex":                    {"systemStatus (211)", "systemStatus: normal"},
		"094-cSTAEventReport-hookswitch-onhook-true.hex": {"event physicalDeviceFeature.hookswitch"},
		"095-ACSE-AARQ-framed.hex":                       {"aarq, ACSE-apdu", "aSO-context-name: 1.3.12.0.218"},
		"056-keepalive-framed.hex":                       {"invoke 0000, <keepalive>", "is not an ECMA-323 or ECMA-354 message"},
		"058-MakeCall-framed.hex":                        {"invoke 0003, request <MakeCall>, makeCall (10), MakeCallArgument", `calledDirectoryNumber: deviceIdentifier: dialingNumber: "1099"`, `(xml attributes): "typeOfNumber=\"deviceID\""`},
		"099-cSTAEventReport-conferenced-framed.hex":     {"Phase II", "tag mismatch"},
		"113-systemStatus-keepalive-invoke-framed.hex":   {"operation code 52 is not an ECMA-285 operation"},
	}
	for _, path := range files {
		name := filepath.Base(path)
		args, vendor := prefixFor(framings[name])
		if vendor == "" {
			t.Errorf("%s: unknown framing %q in SOURCES.tsv", name, framings[name])
			continue
		}
		for _, mode := range []string{"given", "auto"} {
			t.Run(name+"/"+mode, func(t *testing.T) {
				a := append([]string{"decode"}, path)
				if mode == "given" {
					a = append(append([]string{"decode", "-format", "hex"}, args...), path)
				}
				out, errs, code := runCLI(a...)
				if errs != "" {
					t.Errorf("stderr: %s", errs)
				}
				if n := strings.Count(out, "\n#"); n != 0 || !strings.HasPrefix(out, "#1 ") {
					t.Errorf("want exactly one message, got:\n%s", out)
				}
				switch vendor {
				case "oxe":
					phaseIIError := strings.Contains(out, "error: ber: PDU.invoke.argument")
					unknownOp := strings.Contains(out, "is not an ECMA-285 operation")
					if phaseIIError == unknownOp {
						t.Errorf("an Alcatel OXE (Phase II) message must give a decode error or an unknown operation note:\n%s", out)
					}
					if phaseIIError && (code != exitInput || !strings.Contains(out, "  0000  ")) {
						t.Errorf("exit %d, want 1 with a hex dump:\n%s", code, out)
					}
					if unknownOp && code != exitOK {
						t.Errorf("exit %d for an unknown operation, want 0", code)
					}
				default:
					if code != exitOK || strings.Contains(out, "error:") {
						t.Errorf("exit %d:\n%s", code, out)
					}
				}
				for _, w := range want[name] {
					if !strings.Contains(out, w) {
						t.Errorf("output lacks %q:\n%s", w, out)
					}
				}
			})
		}
	}
}

// TestDecodeCorpusJSON checks that -json gives one parsable object per
// message, with the same facts as the text output.
func TestDecodeCorpusJSON(t *testing.T) {
	needCorpus(t)
	tests := []struct {
		file string
		want map[string]any
		code int
	}{
		{"089-cSTAEventReport-delivered-1.hex", map[string]any{"apdu": "invoke", "invokeId": 157.0, "operation": "cSTAEventReport", "code": 21.0, "event": "callControl.delivered", "type": "CSTAEventReportArgument"}, 0},
		{"088-makeCall-invoke-framed.hex", map[string]any{"apdu": "invoke", "operation": "makeCall", "encoding": "ber", "offset": 0.0, "length": 24.0}, 0},
		{"058-MakeCall-framed.hex", map[string]any{"encoding": "xml", "element": "MakeCall", "xmlInvokeId": 3.0}, 0},
		{"100-cSTAEventReport-connectionCleared-framed.hex", map[string]any{"apdu": "invoke", "operation": "cSTAEventReport", "errorOffset": 21.0, "errorStreamOffset": 23.0}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			recs, errs, code := decodeJSON(t, filepath.Join(corpusDir, "ber", tt.file))
			if code != tt.code || len(recs) != 1 {
				t.Fatalf("exit %d, %d records (stderr %s)", code, len(recs), errs)
			}
			got := map[string]any{}
			for k := range tt.want {
				got[k] = recs[0][k]
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("(-want +got)\n%s", d)
			}
			if tt.code == 0 && recs[0]["value"] == nil && tt.file != "056-keepalive-framed.hex" {
				t.Errorf("no value: %v", recs[0])
			}
		})
	}
	// The value tree: CHOICE alternatives as objects with the alternative
	// named under "(choice)", octet strings as hex, enumerations as names.
	recs, _, _ := decodeJSON(t, filepath.Join(corpusDir, "ber", "089-cSTAEventReport-delivered-1.hex"))
	d := recs[0]["value"].(map[string]any)["eventSpecificInfo"].(map[string]any)["callControlEvents"].(map[string]any)["delivered"].(map[string]any)
	got := []any{d["cause"], d["localConnectionInfo"], d["connection"].(map[string]any)["both"].(map[string]any)["callID"]}
	if diff := cmp.Diff([]any{"newCall", "alerting", "85f4"}, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

// TestDecodeCorpusXML frames every corpus XML document with the 8-octet
// CSTA-XML header into one stream and checks every message comes out with
// its root element.
func TestDecodeCorpusXML(t *testing.T) {
	needCorpus(t)
	files, _ := filepath.Glob(filepath.Join(corpusDir, "xml", "*.xml"))
	var stream []byte
	var roots []string
	for i, path := range files {
		doc, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(doc)+8 > 0xffff {
			continue
		}
		stream = binary.BigEndian.AppendUint16(stream, 0)
		stream = binary.BigEndian.AppendUint16(stream, uint16(len(doc)+8))
		stream = fmt.Appendf(stream, "%04d", i)
		stream = append(stream, doc...)
		roots = append(roots, rootElement(doc))
	}
	path := writeTemp(t, "xml.bin", stream)
	for _, args := range [][]string{{path}, {"-framing", "xml", path}} {
		recs, errs, code := decodeJSON(t, args...)
		if len(recs) != len(roots) {
			t.Fatalf("%v: %d messages, want %d (stderr %s)", args, len(recs), len(roots), errs)
		}
		failed, typed := 0, 0
		for i, r := range recs {
			if (r["element"] != roots[i] && r["error"] == nil) || r["encoding"] != "xml" || r["xmlInvokeId"] == nil {
				t.Errorf("message %d: element %v encoding %v, want %s xml", i, r["element"], r["encoding"], roots[i])
			}
			switch {
			case r["error"] != nil:
				// The corpus holds hand-edited and vendor-specific
				// documents: a failure must say where.
				failed++
				t.Logf("message %d (%s): %v", i, roots[i], r["error"])
				if r["errorOffset"] == nil || r["errorStreamOffset"] == nil {
					t.Errorf("message %d: error without offset: %v", i, r["error"])
				}
			case r["apdu"] != nil: // decoded into its generated type
				typed++
				if r["type"] == nil || (r["operation"] == nil && r["event"] == nil && r["apdu"] != "error" && r["apdu"] != "document") {
					t.Errorf("message %d: typed without type, operation or event: %v", i, r)
				}
			case r["note"] == nil:
				t.Errorf("message %d: neither typed, nor failed, nor noted: %v", i, r)
			}
		}
		if failed > 0 != (code == exitInput) {
			t.Errorf("exit %d with %d failed messages", code, failed)
		}
		// The others are ECMA-354 session and vendor messages (noted).
		if typed < len(recs)*2/3 {
			t.Errorf("only %d of %d corpus documents decoded into their types", typed, len(recs))
		}
	}
}

// rootElement returns the local name of a document's root, by encoding/xml.
func rootElement(doc []byte) string {
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for {
		tok, err := d.Token()
		if err != nil {
			return ""
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local
		}
	}
}

// Test PDUs, built with the generated package.
func testPDUs(t *testing.T) (client, server [][]byte) {
	t.Helper()
	event, _ := hex.DecodeString("a1520202009d0201153049550400000007a041a43f6b0f300d80021234a1073005" +
		"80033534386307300580033534386110300e800c303137363632373534393439620730058003353438640288004e01020a0116")
	dialing := func(n string) csta.DeviceID {
		var id csta.DeviceID
		id.DeviceIdentifier.SetDialingNumber(csta.NumberDigits(n))
		return id
	}
	var p csta.PDU
	enc := func() []byte {
		b, err := p.AppendBER(nil)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for id := int64(1); id <= 3; id++ {
		p.SetInvoke(id, 10, &csta.MakeCallArgument{CallingDevice: dialing(fmt.Sprint(600 + id)), CalledDirectoryNumber: dialing("535")})
		client = append(client, enc())
	}
	p.SetResult(1, 10, &csta.MakeCallResult{CallingDevice: csta.ConnectionID{Choice: csta.ConnectionIDChoiceCallID, CallID: csta.CallID{0, 7}}})
	server = append(server, enc(), event)
	return client, server
}

// Packet building for the capture tests.

// TCP flags (RFC 9293 3.1).
const (
	tcpFIN = 0x01
	tcpSYN = 0x02
	tcpACK = 0x10
)

type tcpSpec struct {
	srcIP, dstIP     []byte // 4 or 16 octets
	srcPort, dstPort uint16
}

func (s tcpSpec) reverse() tcpSpec { return tcpSpec{s.dstIP, s.srcIP, s.dstPort, s.srcPort} }

// ipTCP builds an IPv4 or IPv6 packet holding a TCP segment.
func ipTCP(s tcpSpec, seq, ack uint32, flags byte, payload []byte) []byte {
	tcp := binary.BigEndian.AppendUint16(nil, s.srcPort)
	tcp = binary.BigEndian.AppendUint16(tcp, s.dstPort)
	tcp = binary.BigEndian.AppendUint32(tcp, seq)
	tcp = binary.BigEndian.AppendUint32(tcp, ack)
	tcp = append(tcp, 6<<4, flags, 0xff, 0xff, 0, 0, 0, 0) // data offset 6 words
	tcp = append(tcp, 1, 1, 1, 0)                          // options: NOP NOP NOP EOL
	tcp = append(tcp, payload...)
	if len(s.srcIP) == 4 {
		ip := []byte{0x45, 0, 0, 0, 0, 1, 0x40, 0, 64, 6, 0, 0}
		binary.BigEndian.PutUint16(ip[2:], uint16(20+len(tcp)))
		ip = append(append(append(ip, s.srcIP...), s.dstIP...), tcp...)
		return append(ip, 0, 0, 0) // Ethernet padding beyond the IP length
	}
	ip := []byte{0x60, 0, 0, 0, 0, 0, 60, 64} // next header: destination options
	binary.BigEndian.PutUint16(ip[4:], uint16(8+len(tcp)))
	ip = append(append(ip, s.srcIP...), s.dstIP...)
	ip = append(ip, 6, 0, 1, 4, 0, 0, 0, 0) // destination options header: next TCP, PadN
	return append(ip, tcp...)
}

func ethernet(ip []byte) []byte {
	et := uint16(0x0800)
	if ip[0]>>4 == 6 {
		et = 0x86dd
	}
	f := append(make([]byte, 12), 0x81, 0x00, 0, 5) // a VLAN tag
	f = binary.BigEndian.AppendUint16(f, et)
	return append(f, ip...)
}

func linuxSLL(ip []byte) []byte {
	h := make([]byte, 14)
	return append(binary.BigEndian.AppendUint16(h, 0x86dd), ip...)
}

type capPacket struct {
	ts   time.Time
	data []byte
}

// pcapFile writes a little-endian microsecond pcap file.
func pcapFile(link uint32, pkts []capPacket) []byte {
	b := binary.LittleEndian.AppendUint32(nil, 0xa1b2c3d4)
	b = binary.LittleEndian.AppendUint16(b, 2)
	b = binary.LittleEndian.AppendUint16(b, 4)
	b = append(b, make([]byte, 8)...)
	b = binary.LittleEndian.AppendUint32(b, 65535)
	b = binary.LittleEndian.AppendUint32(b, link)
	for _, p := range pkts {
		b = binary.LittleEndian.AppendUint32(b, uint32(p.ts.Unix()))
		b = binary.LittleEndian.AppendUint32(b, uint32(p.ts.Nanosecond()/1000))
		b = binary.LittleEndian.AppendUint32(b, uint32(len(p.data)))
		b = binary.LittleEndian.AppendUint32(b, uint32(len(p.data)))
		b = append(b, p.data...)
	}
	return b
}

// pcapngFile writes a big-endian pcapng file: a section header, a name
// resolution block (to be skipped), an interface with nanosecond
// timestamps, and one enhanced packet block per packet.
func pcapngFile(link uint16, pkts []capPacket) []byte {
	bo := binary.BigEndian
	block := func(b []byte, typ uint32, body []byte) []byte {
		for len(body)%4 != 0 {
			body = append(body, 0)
		}
		n := uint32(12 + len(body))
		b = bo.AppendUint32(b, typ)
		b = bo.AppendUint32(b, n)
		b = append(b, body...)
		return bo.AppendUint32(b, n)
	}
	shb := bo.AppendUint32(nil, 0x1a2b3c4d)
	shb = append(shb, 0, 1, 0, 0)
	shb = append(shb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
	b := block(nil, 0x0a0d0d0a, shb)
	b = block(b, 4, []byte{0, 0, 0, 0})
	idb := bo.AppendUint16(nil, link)
	idb = append(idb, 0, 0, 0, 0, 0xff, 0xff)
	idb = append(idb, 0, 9, 0, 1, 9, 0, 0, 0) // if_tsresol = 10^-9
	idb = append(idb, 0, 0, 0, 0)
	b = block(b, 1, idb)
	for _, p := range pkts {
		ts := uint64(p.ts.UnixNano())
		epb := bo.AppendUint32(nil, 0)
		epb = bo.AppendUint32(epb, uint32(ts>>32))
		epb = bo.AppendUint32(epb, uint32(ts))
		epb = bo.AppendUint32(epb, uint32(len(p.data)))
		epb = bo.AppendUint32(epb, uint32(len(p.data)))
		epb = append(epb, p.data...)
		b = block(b, 6, epb)
	}
	return b
}

// conversation builds the packets of one TCP connection: handshake, the
// client's stream cut at the given points and sent in the given segment
// order (indexes may repeat: retransmissions), with the server's ACKs
// acknowledging only what arrived in order, then the server's stream, then
// FINs. A segment index of -1 sends a segment that starts 3 octets before
// the end of the highest segment sent so far and ends in the middle of the
// next one.
func conversation(spec tcpSpec, frame func([]byte) []byte, cstream []byte, cuts []int, order []int, sstream []byte, t0 time.Time) []capPacket {
	var pkts []capPacket
	ts := t0
	add := func(s tcpSpec, seq, ack uint32, flags byte, payload []byte) {
		pkts = append(pkts, capPacket{ts, frame(ipTCP(s, seq, ack, flags, payload))})
		ts = ts.Add(time.Millisecond)
	}
	const ciss, siss = 1000, 0xfffff000 // the server's sequence numbers wrap around
	add(spec, ciss, 0, tcpSYN, nil)
	add(spec.reverse(), siss, ciss+1, tcpSYN|tcpACK, nil)
	add(spec, ciss+1, siss+1, tcpACK, nil)
	var segs [][2]int
	prev := 0
	for _, c := range append(cuts, len(cstream)) {
		segs = append(segs, [2]int{prev, c})
		prev = c
	}
	got := make([]bool, len(cstream))
	inOrder := 0
	top := 0
	for _, i := range order {
		lo, hi := 0, 0
		if i < 0 {
			lo, hi = segs[top][1]-3, (segs[top+1][0]+segs[top+1][1])/2
		} else {
			lo, hi = segs[i][0], segs[i][1]
			top = max(top, i)
		}
		add(spec, ciss+1+uint32(lo), siss+1, tcpACK, cstream[lo:hi])
		for k := lo; k < hi; k++ {
			got[k] = true
		}
		for inOrder < len(got) && got[inOrder] {
			inOrder++
		}
		add(spec.reverse(), siss+1, ciss+1+uint32(inOrder), tcpACK, nil)
	}
	half := len(sstream) / 3
	add(spec.reverse(), siss+1, ciss+1+uint32(len(cstream)), tcpACK, sstream[:half])
	add(spec.reverse(), siss+1+uint32(half), ciss+1+uint32(len(cstream)), tcpACK|tcpFIN, sstream[half:])
	add(spec, ciss+1+uint32(len(cstream)), siss+1+uint32(len(sstream))+1, tcpACK|tcpFIN, nil)
	return pkts
}

// TestDecodeCapture builds pcap and pcapng captures whose TCP streams carry
// BER PDUs split across segments, with a retransmission, an overlapping
// retransmission and segments out of order, and checks that every PDU is
// found, in order, with its flow and time.
func TestDecodeCapture(t *testing.T) {
	client, server := testPDUs(t)
	cstream := bytes.Join(client, nil)
	sstream := bytes.Join(server, nil)
	// The uint16 (Alcatel) prefix for the pcapng case.
	var cpref, spref []byte
	for _, p := range client {
		cpref = append(binary.BigEndian.AppendUint16(cpref, uint16(len(p))), p...)
	}
	for _, p := range server {
		spref = append(binary.BigEndian.AppendUint16(spref, uint16(len(p))), p...)
	}
	t0 := time.Date(2024, 5, 6, 7, 8, 9, 123456000, time.UTC)
	v4 := tcpSpec{[]byte{10, 0, 0, 1}, []byte{10, 0, 0, 2}, 40000, 2555}
	v6 := tcpSpec{append(make([]byte, 15), 1), append([]byte{0xfe, 0x80}, make([]byte, 14)...), 40001, 1040}
	// Segments: cut points inside PDUs; order: 0, 2 (early), 1, 1 again
	// (retransmitted), an overlapping one, 3, 3 again, 4.
	cuts := []int{5, 30, 31, 60}
	order := []int{0, 2, 1, 1, -1, 3, 3, 4}
	wantOps := []string{"makeCall", "makeCall", "makeCall", "makeCall", "cSTAEventReport"}
	wantAPDU := []string{"invoke", "invoke", "invoke", "returnResult", "invoke"}

	other := conversation(tcpSpec{[]byte{10, 0, 0, 9}, []byte{10, 0, 0, 2}, 5555, 22}, ethernet, []byte("SSH-2.0-OpenSSH_9.6\r\n"), nil, []int{0}, []byte("SSH-2.0-x\r\n"), t0)
	tests := []struct {
		name string
		file []byte
		args []string
		flow string
	}{
		{"pcap-ethernet-ipv4", pcapFile(1, append(conversation(v4, ethernet, cstream, cuts, order, sstream, t0), other...)), []string{"-port", "2555"}, "10.0.0.1:40000 > 10.0.0.2:2555"},
		{"pcapng-sll-ipv6-uint16", pcapngFile(113, conversation(v6, linuxSLL, cpref, cuts, order, spref, t0)), nil, "[::1]:40001 > [fe80::]:1040"},
		{"pcapng-sll-ipv6-uint16-given", pcapngFile(113, conversation(v6, linuxSLL, cpref, cuts, order, spref, t0)), []string{"-prefix", "alcatel", "-format", "pcap", "-port", "1040"}, "[::1]:40001 > [fe80::]:1040"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeTemp(t, tt.name, tt.file)
			recs, errs, code := decodeJSON(t, append(tt.args, path)...)
			if code != exitOK || errs != "" {
				t.Errorf("exit %d, stderr %s", code, errs)
			}
			var ops, apdus []string
			for _, r := range recs {
				if r["error"] != nil {
					t.Errorf("message %v: %v", r["index"], r["error"])
				}
				op, _ := r["operation"].(string)
				ap, _ := r["apdu"].(string)
				ops, apdus = append(ops, op), append(apdus, ap)
			}
			if d := cmp.Diff(wantOps, ops); d != "" {
				t.Fatalf("operations (-want +got)\n%s", d)
			}
			if d := cmp.Diff(wantAPDU, apdus); d != "" {
				t.Errorf("APDUs (-want +got)\n%s", d)
			}
			if recs[0]["flow"] != tt.flow {
				t.Errorf("flow %v, want %s", recs[0]["flow"], tt.flow)
			}
			// The first PDU completes with the third data segment
			// (packet 7: handshake 0-2, then segment and ACK pairs).
			if want := t0.Add(7 * time.Millisecond).Format("2006-01-02T15:04:05.000000Z"); recs[0]["time"] != want {
				t.Errorf("time %v, want %s", recs[0]["time"], want)
			}
			if recs[1]["offset"] != float64(len(client[0])+2*bytes.Count([]byte(tt.name), []byte("uint16"))) {
				t.Errorf("second PDU at offset %v", recs[1]["offset"])
			}
			// Text output: the same messages.
			out, _, _ := runCLI(append(append([]string{"decode"}, tt.args...), path)...)
			if n := strings.Count(out, "makeCall (10)"); n != 4 {
				t.Errorf("text output has %d makeCall messages, want 4:\n%s", n, out)
			}
		})
	}
}

// TestDecodeCaptureLoss checks a capture that lost a segment: the peer's
// ACK shows the octets were delivered, so the gap is reported at once and
// decoding resumes at the next segment.
func TestDecodeCaptureLoss(t *testing.T) {
	client, server := testPDUs(t)
	cstream := bytes.Join(client, nil)
	v4 := tcpSpec{[]byte{192, 168, 1, 1}, []byte{192, 168, 1, 2}, 40000, 2555}
	cuts := []int{len(client[0]), len(client[0]) + len(client[1])}
	pkts := conversation(v4, ethernet, cstream, cuts, []int{0, 1, 2}, bytes.Join(server, nil), time.Unix(1e9, 0))
	// Drop the second data segment (packets: 3 handshake, then pairs).
	lost := append(append([]capPacket(nil), pkts[:5]...), pkts[6:]...)
	path := writeTemp(t, "loss.pcap", pcapFile(1, lost))
	out, _, code := runCLI("decode", path)
	if code != exitInput {
		t.Errorf("exit %d, want 1", code)
	}
	for _, w := range []string{"invoke 1, makeCall (10)", "-- " + path + " 192.168.1.1:40000 > 192.168.1.2:2555: " + fmt.Sprint(len(client[1])) + " octets missing from the capture at stream offset " + fmt.Sprint(len(client[0])), "invoke 3, makeCall (10)", "returnResult 1, makeCall (10)"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, "invoke 2,") {
		t.Errorf("the lost PDU was decoded:\n%s", out)
	}
}

// TestDecodeMessages covers files of several PDUs: a bad one in the middle
// is reported with its offset and decoding goes on; hex input with
// comments; framing errors; the exit codes.
func TestDecodeMessages(t *testing.T) {
	client, _ := testPDUs(t)
	bad := bytes.Clone(client[1])
	bad[len(bad)-7] = 0x99 // the tag of the called device, inside the argument
	three := bytes.Join([][]byte{client[0], bad, client[2]}, nil)
	hexText := "# three PDUs\n" + hex.EncodeToString(client[0]) + "  # the first\n\t" + strings.ToUpper(hex.EncodeToString(client[1])) + "\r\n"
	tests := []struct {
		name  string
		input []byte
		args  []string
		code  int
		want  []string
	}{
		{"bad in the middle", three, nil, 1, []string{"#1 offset 0", "invoke 1, makeCall (10)", fmt.Sprintf("#2 offset %d", len(client[0])), "error: ber: PDU.invoke.argument.calledDirectoryNumber at offset 17: tag mismatch", fmt.Sprintf("(stream offset %d)", len(client[0])+17), "  0000  a1 16 02 01 02", "#3 offset", "invoke 3, makeCall (10)"}},
		{"hex with comments", []byte(hexText), nil, 0, []string{"invoke 1, makeCall", "invoke 2, makeCall"}},
		{"hex forced", []byte("a1 0"), []string{"-format", "hex"}, 1, []string{}},
		{"binary forced", []byte(hex.EncodeToString(client[0])), []string{"-format", "binary"}, 1, []string{"error: framing:", "framing lost"}},
		{"truncated", client[0][:10], nil, 1, []string{"unexpected EOF after 10 of 24 octets"}},
		{"wrong prefix", client[0], []string{"-prefix", "hipath"}, 1, []string{"framing lost"}},
		{"hipath auto", append([]byte{0x26, 0x80, byte(len(client[0]))}, client[0]...), []string{"-dump"}, 0, []string{"invoke 1, makeCall", "  0000  a1 16"}},
		{"xml document", []byte(`<?xml version="1.0"?><MonitorStart xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed5"><monitorObject><deviceObject>22</deviceObject></monitorObject></MonitorStart>`), nil, 0, []string{"request <MonitorStart>, monitorStart (71), MonitorStartArgument, xmlns http://www.ecma-international.org/standards/ecma-323/csta/ed5", `monitorObject: deviceObject: deviceIdentifier: dialingNumber: "22"`}},
		{"xml error response first", []byte(`<CSTAErrorCode xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed3"><operation>invalidCallID</operation></CSTAErrorCode>`), nil, 0, []string{"error <CSTAErrorCode>, UniversalFailure", "operation: invalidCallID"}},
		{"xml broken", append([]byte{0, 0, 0, 18, '0', '0', '1', '2'}, "<a><b></a>"...), nil, 1, []string{"invoke 0012", "error: xml: line 1, column 7 (offset 6): element <b> closed by </a> (stream offset 14)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeTemp(t, "in", tt.input)
			out, errs, code := runCLI(append(append([]string{"decode"}, tt.args...), path)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\n%s%s", code, tt.code, out, errs)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestDecodeStdinAndUsage(t *testing.T) {
	client, _ := testPDUs(t)
	old := stdin
	defer func() { stdin = old }()
	stdin = bytes.NewReader(client[0])
	out, _, code := runCLI("decode", "-")
	if code != 0 || !strings.Contains(out, "invoke 1, makeCall (10), MakeCallArgument") {
		t.Errorf("stdin: exit %d\n%s", code, out)
	}
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"decode"}, 2, "no input"},
		{[]string{"decode", "-prefix", "cisco", "x"}, 2, "-prefix \"cisco\""},
		{[]string{"decode", "-framing", "rtp", "x"}, 2, "-framing"},
		{[]string{"decode", "-port", "70000", "x"}, 2, "-port"},
		{[]string{"decode", "-bogus"}, 2, "flag provided but not defined"},
		{[]string{"decode", "-h"}, 0, "cstagen decode -port 2555 link.pcapng"},
		{[]string{"decode", filepath.Join(t.TempDir(), "missing")}, 1, "no such file"},
	}
	for _, tt := range tests {
		_, errs, code := runCLI(tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.want) {
			t.Errorf("%v: exit %d, stderr:\n%s\nwant exit %d and %q", tt.args, code, errs, tt.code, tt.want)
		}
	}
}

// TestDecodeHostileCaptures feeds malformed and random captures: errors,
// never a panic or a huge allocation.
func TestDecodeHostileCaptures(t *testing.T) {
	client, server := testPDUs(t)
	good := pcapFile(1, conversation(tcpSpec{[]byte{1, 2, 3, 4}, []byte{5, 6, 7, 8}, 1, 2}, ethernet, bytes.Join(client, nil), []int{7}, []int{0, 1}, bytes.Join(server, nil), time.Unix(0, 0)))
	goodng := pcapngFile(1, conversation(tcpSpec{[]byte{1, 2, 3, 4}, []byte{5, 6, 7, 8}, 1, 2}, ethernet, bytes.Join(client, nil), []int{7}, []int{0, 1}, bytes.Join(server, nil), time.Unix(0, 0)))
	huge := bytes.Clone(good)
	binary.LittleEndian.PutUint32(huge[24+8:], 0x7fffffff)
	hugeng := bytes.Clone(goodng)
	binary.BigEndian.PutUint32(hugeng[4:], 0x7ffffff0)
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"pcap truncated", good[:len(good)-5], "truncated packet data"},
		{"pcap huge record", huge, "claims 2147483647 captured octets"},
		{"pcapng huge block", hugeng, "pcapng block at offset 0"},
		{"pcapng truncated", goodng[:len(goodng)-3], "truncated"},
		{"pcap header only", good[:24], "no TCP data or UDP datagram"},
	}
	for _, tt := range tests {
		path := writeTemp(t, "cap", tt.in)
		_, errs, code := runCLI("decode", path)
		if code != exitInput || !strings.Contains(errs, tt.want) {
			t.Errorf("%s: exit %d, stderr %q, want 1 and %q", tt.name, code, errs, tt.want)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 300; i++ {
		in := bytes.Clone(good)
		if i%2 == 1 {
			in = bytes.Clone(goodng)
		}
		for k := 0; k < 1+i%8; k++ {
			in[24+rng.IntN(len(in)-24)] = byte(rng.Uint32())
		}
		path := writeTemp(t, "cap", in)
		runCLI("decode", "-json", path) // must not panic
	}
}

// TestTextLayout pins the text form of one message.
func TestTextLayout(t *testing.T) {
	client, _ := testPDUs(t)
	path := writeTemp(t, "one", client[0])
	out, _, _ := runCLI("decode", path)
	want := `#1 offset 0, 24 octets, BER
invoke 1, makeCall (10), MakeCallArgument
  callingDevice: deviceIdentifier: dialingNumber: "601"
  calledDirectoryNumber: deviceIdentifier: dialingNumber: "535"
  autoOriginate: prompt

`
	if d := cmp.Diff(want, out); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
}

func TestParseHex(t *testing.T) {
	tests := []struct {
		in   string
		want []byte
		err  string
	}{
		{"a1 0B\n# c\n00ff # x", []byte{0xa1, 0x0b, 0x00, 0xff}, ""},
		{"", []byte{}, ""},
		{"a1 0", nil, "odd number"},
		{"a1\n zz", nil, "line 2 column 2"},
	}
	for _, tt := range tests {
		got, err := parseHex([]byte(tt.in))
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: err %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || !bytes.Equal(got, tt.want) {
			t.Errorf("%q: %x, %v", tt.in, got, err)
		}
	}
}

// TestDecodeInputHandling covers the sniffing of hex text, the cap on hex
// dumps and the short report of a truncated CSTA-XML document.
func TestDecodeInputHandling(t *testing.T) {
	client, _ := testPDUs(t)
	garbled := []byte("# a capture\n" + hex.EncodeToString(client[0][:9]) + " 0z " + hex.EncodeToString(client[0][10:]) + "\n")
	for _, name := range []string{"frames.hex", "frames.txt"} {
		path := writeTemp(t, name, garbled)
		out, errs, code := runCLI("decode", path)
		if want := "hex input: line 2 column 21: 'z' is not a hex digit"; code != exitInput || !strings.Contains(errs, want) || out != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 1 and %q", name, code, out, errs, want)
		}
	}
	// Binary that happens to be valid UTF-8 text is still binary when it
	// has control characters (BER always has).
	if !looksHexText("x.HEX", []byte{0x30}) || looksHexText("x", client[0]) || looksHexText("x", []byte("<?xml version='1.0'?><a/>")) || looksHexText("x", []byte("   \n")) {
		t.Errorf("looksHexText")
	}

	// A bad PDU of 1,000 octets: the dump stops after -dump-max octets.
	big := append([]byte{0xa1, 0x82, 0x03, 0xe4, 0x02, 0x01, 0x01, 0x02, 0x01, 0x0a, 0x30, 0x82, 0x03, 0xda}, bytes.Repeat([]byte{0x99}, 986)...)
	path := writeTemp(t, "big", big)
	for _, tt := range []struct {
		args       []string
		lines      int
		more       string
		jsonHexLen int
	}{
		{nil, 16, "... 744 more octets (-dump-max 0 shows them all)", 512},
		{[]string{"-dump-max", "32"}, 2, "... 968 more octets", 64},
		{[]string{"-dump-max", "0"}, 63, "", 2000},
	} {
		out, _, code := runCLI(append(append([]string{"decode"}, tt.args...), path)...)
		if n := strings.Count(out, "\n  0"); code != exitInput || n != tt.lines || (tt.more != "") != strings.Contains(out, "more octets") || !strings.Contains(out, tt.more) {
			t.Errorf("%v: exit %d, %d dump lines, want %d and %q:\n%s", tt.args, code, n, tt.lines, tt.more, out)
		}
		recs, _, _ := decodeJSON(t, append(tt.args, path)...)
		if len(recs) != 1 || len(recs[0]["hex"].(string)) != tt.jsonHexLen {
			t.Errorf("%v: JSON %v, want hex of %d digits", tt.args, recs, tt.jsonHexLen)
		}
	}

	// A CSTA-XML document of 2.4 KB cut short: the error and the text
	// around it, not a dump.
	doc := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<MonitorStart xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed5">` + "\n" +
		"<!--" + strings.Repeat(" padding", 290) + " -->\n<monitorObject><deviceObject>22</deviceObject></monitorObject></MonitorStart>"
	path = writeTemp(t, "cut.xml", []byte(doc[:len(doc)-40]))
	out, _, code := runCLI("decode", path)
	if code != exitInput || len(out) > 600 || !strings.Contains(out, "error: ") || !strings.Contains(out, "  octets ") || strings.Contains(out, "  0000  ") {
		t.Errorf("truncated XML (%d octets): exit %d, %d octets of output, want exit 1, the error and an excerpt in under 600:\n%s", len(doc)-40, code, len(out), out)
	}
	out, _, _ = runCLI("decode", "-dump", path)
	if !strings.Contains(out, "  0000  ") {
		t.Errorf("truncated XML with -dump: no hex dump:\n%s", out)
	}
}

// TestDecodeHeldLimit: with -max-held-segments, out-of-order data beyond
// the limit makes the missing octets be given up, with a warning.
func TestDecodeHeldLimit(t *testing.T) {
	client, server := testPDUs(t)
	cstream := bytes.Join(client, nil)
	var cuts, order []int
	for i := 1; i < len(cstream); i++ {
		cuts = append(cuts, i)
		order = append(order, i) // octet 0 never comes
	}
	v4 := tcpSpec{[]byte{10, 0, 0, 1}, []byte{10, 0, 0, 2}, 40000, 2555}
	pkts := conversation(v4, ethernet, cstream, cuts, order, bytes.Join(server, nil), time.Unix(0, 0))
	// Without the server's ACKs, which would reveal the loss at once.
	var kept []capPacket
	for i, p := range pkts {
		if i < 3 || i >= 3+2*len(order) || i%2 == 1 {
			kept = append(kept, p)
		}
	}
	path := writeTemp(t, "held.pcap", pcapFile(1, kept))
	out, _, code := runCLI("decode", "-max-held-segments", "10", path)
	for _, w := range []string{"more out-of-order data was held than -max-reorder (4194304 octets) or -max-held-segments (10) allow", "1 octets missing from the capture at stream offset 0"} {
		if code != exitInput || !strings.Contains(out, w) {
			t.Errorf("exit %d, output lacks %q:\n%s", code, w, out)
		}
	}
}

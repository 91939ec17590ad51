package wirecli

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/internal/capture"
	"github.com/cstagen/cstagen/runtime/ber"
	"github.com/cstagen/cstagen/runtime/framing"
	"github.com/cstagen/cstagen/runtime/xml"
	"github.com/cstagen/cstagen/uacsta/sipmsg"
)

// stdin is what "cstagen decode -" reads; tests replace it.
var stdin io.Reader = os.Stdin

const decodeUsage = `usage: cstagen decode [flags] FILE... (or - for standard input)

Decodes every message in the input and prints it as a typed value: the ROSE
APDU (invoke ID, operation name and code, the event for cSTAEventReport)
and the argument, result or error with its ASN.1 component names. A message
that fails to decode is printed with the error, its byte offset and a hex
dump of its first octets (-dump-max), or for CSTA-XML the text around the
fault, and decoding goes on with the next one.

Inputs (-format auto picks one by content):
  binary   the octets as sent on the wire
  hex      hex digits; white space anywhere, '#' starts a comment to the end of the line
           (a *.hex file, or any text that is not XML, is read as hex)
  pcap     a pcap or pcapng capture: Ethernet, Linux cooked (SLL, SLL2), raw IP or
           loopback link; IPv4 and IPv6; every TCP stream (or those on -port) is
           reassembled by sequence number and each direction decoded on its own;
           UDP datagrams that are SIP messages are decoded one by one
Framing (-framing auto picks one from the first octets):
  ber      BER PDUs back to back, with the vendor header of -prefix
  xml      CSTA-XML with the 8-octet header of ECMA-323 Annex J
  sip      SIP messages (ECMA TR/87 uaCSTA): the CSTA-XML body of each
           (application/csta+xml, or that part of multipart/mixed) is decoded
           and shown with the method or status, Call-ID and CSeq; a text file
           of SIP messages (as logs print them) is read the same way
A file of bare XML documents (one, or several one after another, as
transcode -to xml writes them) is decoded as CSTA-XML messages, one per
document.

CSTA-XML is read leniently unless -strict is given: what real peers send
beyond XML 1.0 (attributes without white space between them, undeclared
prefixes, ...: the list is in the README) and beyond the schema (unknown
elements, invalid values, absent mandatory elements, kept with the value)
is accepted. -strict makes each of these an error.

Exit status: 0 if every message decoded, 1 if any did not (or the input is
unreadable), 2 on wrong usage.

flags:
`

const decodeExample = `  cstagen decode -port 2555 link.pcapng
  cstagen decode -prefix hipath frames.hex
  cstagen decode -port 5060 rcc-sip.pcap
  tcpdump -r cap.pcap -w - port 1040 | cstagen decode -json - | jq .event`

// decodeFlags are the options of the decode command.
type decodeFlags struct {
	format, framing, prefix string
	port                    int
	json, dump, strict      bool
	maxPDU, maxReorder      int
	maxHeldSegments         int
	dumpMax                 int
	maxSIP                  int
}

// prefixes are the vendor headers -prefix accepts.
var prefixes = map[string]framing.Prefix{
	"none":        framing.NoPrefix,
	"uint16":      framing.Uint16Prefix,
	"alcatel":     framing.AlcatelOXEPrefix,
	"uint32":      framing.Uint32Prefix,
	"hipath":      framing.HiPathPrefix,
	"hipath-long": framing.HiPathLongPrefix,
}

// runDecode is the decode command: it parses its flags, decodes every input
// and returns the exit code.
func runDecode(args []string, stdout, stderr io.Writer) int {
	cmd := newCommand("cstagen decode", decodeUsage, decodeExample, stderr)
	fs := cmd.FlagSet
	var f decodeFlags
	fs.StringVar(&f.format, "format", "auto", "input format: auto, binary, hex or pcap (pcap and pcapng)")
	fs.StringVar(&f.framing, "framing", "auto", "framing of the byte stream: auto, ber, xml or sip")
	fs.StringVar(&f.prefix, "prefix", "auto", "vendor header before each BER PDU: auto, none, uint16, alcatel (= uint16), uint32, hipath or hipath-long")
	fs.IntVar(&f.port, "port", 0, "pcap: decode only the TCP connections (both directions) and UDP datagrams with this port; 0 for all")
	fs.BoolVar(&f.json, "json", false, "print one JSON object per message instead of text")
	fs.BoolVar(&f.strict, "strict", false, "CSTA-XML: reject what is not well-formed XML 1.0 with namespaces, and unknown root elements, unknown children, invalid values and absent mandatory elements, which decoding otherwise keeps")
	fs.BoolVar(&f.dump, "dump", false, "print a hex dump of every message, not only of those that fail")
	fs.IntVar(&f.maxPDU, "max-pdu", framing.DefaultMaxPDUSize, "largest BER PDU accepted, in octets")
	fs.IntVar(&f.maxReorder, "max-reorder", capture.DefaultMaxHeldOctets, "pcap: octets of out-of-order TCP data held per direction before the missing ones are given up")
	fs.IntVar(&f.maxHeldSegments, "max-held-segments", capture.DefaultMaxHeldSegments, "pcap: out-of-order TCP segments held per direction before the missing octets are given up")
	fs.IntVar(&f.dumpMax, "dump-max", defaultDumpMax, "octets of a message shown in a hex dump; 0 shows the whole message")
	fs.IntVar(&f.maxSIP, "max-sip", sipmsg.DefaultMaxMessage, "largest SIP message accepted (start line to the end of the body), in octets")
	if code, ok := cmd.parse(args); !ok {
		return code
	}
	usageErr := cmd.usageErr
	switch {
	case fs.NArg() == 0:
		return usageErr("no input: name a file, or - for standard input")
	case !oneOf(f.format, "auto", "binary", "hex", "pcap"):
		return usageErr("-format %q: want auto, binary, hex or pcap", f.format)
	case !oneOf(f.framing, "auto", "ber", "xml", "sip"):
		return usageErr("-framing %q: want auto, ber, xml or sip", f.framing)
	case f.prefix != "auto" && prefixes[f.prefix] == nil:
		return usageErr("-prefix %q: want auto, none, uint16, alcatel, uint32, hipath or hipath-long", f.prefix)
	case f.port < 0 || f.port > 65535:
		return usageErr("-port %d: want 0..65535", f.port)
	case f.maxPDU <= 0 || f.maxReorder <= 0 || f.maxHeldSegments <= 0 || f.maxSIP <= 0:
		return usageErr("-max-pdu, -max-reorder, -max-held-segments and -max-sip must be positive")
	case f.dumpMax < 0:
		return usageErr("-dump-max %d: want 0 (all) or more", f.dumpMax)
	}
	d := &decoder{flags: f, out: bufio.NewWriter(stdout), stderr: stderr, multi: fs.NArg() > 1}
	defer d.out.Flush()
	for _, name := range fs.Args() {
		d.file = name
		if err := d.decodeFile(name); err != nil {
			d.out.Flush()
			fmt.Fprintf(stderr, "cstagen decode: %s: %v\n", name, err)
			d.failed++
		}
	}
	if d.failed > 0 {
		return exitInput
	}
	return exitOK
}

func oneOf(s string, set ...string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}

// decoder holds the state of one decode run.
type decoder struct {
	flags  decodeFlags
	out    *bufio.Writer
	stderr io.Writer
	multi  bool   // several files: name the file in each message header
	file   string // the input being decoded
	count  int    // messages printed
	failed int    // messages (or inputs) that failed
	notSIP int    // UDP datagrams of the input that are not SIP

	// sink, when set, receives the messages instead of their printing
	// (transcode); name is the command, for messages ("decode" when empty).
	sink *transcoder
	name string

	pdu    csta.PDU
	acse   csta.ACSEAPDU
	xmlMsg csta.XMLMessage
	buf    bytes.Buffer
}

// decodeFile decodes one input; the error is about the input as a whole
// (unreadable, not a capture), message errors are printed and counted.
func (d *decoder) decodeFile(name string) error {
	var r io.Reader
	if name == "-" {
		r = stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	br := bufio.NewReaderSize(r, 64<<10)
	format := d.flags.format
	if format == "auto" {
		if head, _ := br.Peek(4); capture.IsCapture(head) {
			format = "pcap"
		}
	}
	if format == "pcap" {
		return d.decodeCapture(br)
	}
	data, err := io.ReadAll(br)
	if err != nil {
		return err
	}
	if format == "auto" && !d.sipText(data) && looksHexText(name, data) {
		format = "hex"
	}
	if format == "auto" || format == "hex" {
		b, herr := parseHex(data)
		switch {
		case herr == nil && len(b) > 0:
			data = b
		case format == "hex":
			if herr == nil {
				herr = errors.New("no hex digits")
			}
			return herr
		}
	}
	s := d.newStream("", false)
	s.feed(data, time.Time{}, true)
	s.close()
	return nil
}

// looksHexText reports whether an input is meant as hex text: its name
// ends in .hex, or it is text (UTF-8 without control characters other than
// white space) with a hex digit and not an XML document. Binary CSTA
// (BER, or CSTA-XML behind its binary header) is never such text, so the
// hex parser's error is the one to report.
func looksHexText(name string, data []byte) bool {
	if strings.HasSuffix(strings.ToLower(name), ".hex") {
		return true
	}
	if looksXMLDocument(data) || !utf8.Valid(data) {
		return false
	}
	digit := false
	for _, c := range data {
		switch {
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v', c == 0x7f:
			return false
		case !digit:
			_, digit = hexVal(c)
		}
	}
	return digit
}

// parseHex decodes hex text: pairs of hex digits, white space anywhere
// between digits, '#' comments to the end of the line. It fails on
// anything else, naming the line and column.
func parseHex(text []byte) ([]byte, error) {
	out := make([]byte, 0, len(text)/2)
	line, col := 1, 0
	var hi byte
	half := false
	for i := 0; i < len(text); i++ {
		c := text[i]
		col++
		switch {
		case c == '\n':
			line, col = line+1, 0
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			continue
		case c == '#':
			for i < len(text) && text[i] != '\n' {
				i++
			}
			i--
			continue
		}
		v, ok := hexVal(c)
		if !ok {
			return nil, fmt.Errorf("hex input: line %d column %d: %q is not a hex digit", line, col, c)
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		return nil, fmt.Errorf("hex input: odd number of hex digits (line %d)", line)
	}
	return out, nil
}

func hexVal(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// feedReader is the io.Reader a stream's framing reader reads from: the
// octets fed so far, then errNeedMore (which the framing readers pass
// through without failing, so the frame resumes on the next feed), or
// io.EOF once the stream is closed.
type feedReader struct {
	buf  []byte // unread octets (a window of own)
	own  []byte // backing array, reused
	done bool
}

var errNeedMore = errors.New("need more input")

func (f *feedReader) Read(p []byte) (int, error) {
	if len(f.buf) == 0 {
		if f.done {
			return 0, io.EOF
		}
		return 0, errNeedMore
	}
	n := copy(p, f.buf)
	f.buf = f.buf[n:]
	return n, nil
}

// put replaces the unread octets with a copy of p (the previous ones have
// all been read by then).
func (f *feedReader) put(p []byte) {
	f.own = append(f.own[:0], p...)
	f.buf = f.own
}

// detectWant is how many octets the framing detection looks at.
const detectWant = 16

// A stream is one byte stream (a file, or one direction of a TCP
// connection) cut into messages by a framing reader.
type stream struct {
	d    *decoder
	flow string // "a:p > b:p" for a TCP direction, "" for a file
	tcp  bool   // resynchronise at the next segment after a framing error

	head    []byte // first octets, kept until the framing is decided
	decided bool
	xmlDoc  bool // a bare XML document (files only): the whole input is one message
	prefix  framing.Prefix
	psize   int
	fr      feedReader
	berR    *framing.BERReader
	xmlR    *framing.XMLReader
	sip     sipState // SIP framing (decode_sip.go)

	fed  int64 // octets fed (and given up in gaps) so far
	base int64 // stream offset of the framing reader's first octet
	pos  int64 // octets the framing reader has returned in frames
	dead bool  // a framing error: skip until the next segment (TCP) or the end
	ts   time.Time
}

func (d *decoder) newStream(flow string, tcp bool) *stream {
	return &stream{d: d, flow: flow, tcp: tcp}
}

// feed adds octets to the stream; segStart says they begin a TCP segment (a
// place where a lost framing may be picked up again).
func (s *stream) feed(p []byte, ts time.Time, segStart bool) {
	s.ts = ts
	if !s.decided {
		s.head = append(s.head, p...)
		s.fed += int64(len(p))
		if len(s.head) < detectWant || s.sipUndecided() {
			return
		}
		s.decide()
		s.push(s.head)
		s.head = nil
		return
	}
	if s.dead {
		if !segStart || !s.tcp {
			s.fed += int64(len(p))
			return
		}
		s.notice("framing picked up again at a segment start, stream offset %d", s.fed)
		s.restart()
	}
	s.fed += int64(len(p))
	s.push(p)
}

// gap records n octets the capture lacks; the framing restarts after them.
func (s *stream) gap(n int64) {
	s.d.failed++
	s.notice("%d octets missing from the capture at stream offset %d; decoding resumes after them", n, s.fed)
	s.fed += n
	if s.sip.fr != nil {
		s.sipGap(n)
		return
	}
	if s.decided && !s.dead {
		s.restart()
	}
}

// restart resets the framing reader to start at the next octet fed.
func (s *stream) restart() {
	s.dead = false
	s.base, s.pos = s.fed, 0
	s.fr.buf = nil
	s.fr.done = false
	if s.berR != nil {
		s.berR.Reset(&s.fr)
	}
	if s.xmlR != nil {
		s.xmlR.Reset(&s.fr)
	}
}

// close ends the stream: what remains is framed with io.EOF.
func (s *stream) close() {
	if !s.decided {
		if len(s.head) == 0 {
			return
		}
		s.decide()
		s.fr.done = true
		s.push(s.head)
		s.head = nil
		return
	}
	if s.dead {
		return
	}
	s.fr.done = true
	s.push(nil)
}

// decide picks the framing from the first octets.
func (s *stream) decide() {
	s.decided = true
	f := s.d.flags
	kind := f.framing
	head := s.head
	if s.decideSIP(kind) {
		return
	}
	if kind == "auto" {
		kind = "ber"
		if looksXMLHeader(head) {
			kind = "xml"
		} else if !s.tcp && looksXMLDocument(head) {
			s.xmlDoc = true
			return
		}
	}
	if kind == "xml" {
		s.xmlR = framing.NewXMLReader(&s.fr, framing.XMLOptions{})
		return
	}
	s.prefix = prefixes[f.prefix]
	if f.prefix == "auto" {
		s.prefix = detectPrefix(head)
	}
	s.psize = s.prefix.Size()
	s.berR = framing.NewBERReader(&s.fr, framing.Options{Prefix: s.prefix, MaxPDUSize: f.maxPDU})
}

// looksXMLHeader reports whether b starts with a CSTA-XML header: format
// 0x0000, a length of at least 8, four ASCII digits of invoke ID.
func looksXMLHeader(b []byte) bool {
	if len(b) < framing.XMLHeaderSize || b[0] != 0 || b[1] != 0 || binary.BigEndian.Uint16(b[2:]) < framing.XMLHeaderSize {
		return false
	}
	for _, c := range b[4:8] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// nextXMLDocument returns the length of the first XML document of b, a
// file of documents one after another: up to the end of its root
// element, or all of b when b holds no complete root element or is
// malformed before its end (decoding then reports the fault).
func nextXMLDocument(b []byte) int {
	dec := xml.NewDecoder(b, nil)
	dec.SetFlags(xml.ReportComments | xml.ReportProcInsts | xml.ReportDoctype)
	for {
		t, err := dec.Next()
		if err != nil {
			return len(b)
		}
		if t.Kind == xml.EndElement && dec.Depth() == 0 {
			break
		}
	}
	// The comments, processing instructions and white space after the
	// root belong to the document; what the tokenizer refuses there (a
	// second root, an XML declaration, a DOCTYPE) starts the next one.
	end := dec.InputOffset()
	for {
		t, err := dec.Next()
		switch {
		case err == io.EOF:
			return len(b)
		case err != nil || t.Kind != xml.Comment && t.Kind != xml.ProcInst && t.Kind != xml.CharData:
			return end
		}
		end = dec.InputOffset()
	}
}

// looksXMLDocument reports whether b starts like an XML document.
func looksXMLDocument(b []byte) bool {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 1 && b[0] == '<' && (b[1] == '?' || b[1] == '!' || b[1] == '_' || b[1] >= 'A')
}

// detectPrefix guesses the vendor header from the first octets: the
// HiPath header when 26 80 <len> announces the TLV that follows, a 2-octet
// length when it equals the size of the TLV after it, else none.
func detectPrefix(b []byte) framing.Prefix {
	if len(b) >= 4 && b[0] == 0x26 && b[1]&0x80 != 0 {
		if n, ok := tlvSize(b[3:]); ok {
			if b[1] == 0x80 && n == int(b[2]) {
				return framing.HiPathPrefix
			}
			if int(binary.BigEndian.Uint16(b[1:])&0x7fff) == n {
				return framing.HiPathLongPrefix
			}
		}
	}
	if len(b) >= 4 {
		if n, ok := tlvSize(b[2:]); ok && n == int(binary.BigEndian.Uint16(b)) {
			return framing.Uint16Prefix
		}
	}
	return framing.NoPrefix
}

// tlvSize returns the size of the definite-length TLV at the front of b from
// its identifier and length octets (X.690 8.1.2, 8.1.3), without needing
// its contents.
func tlvSize(b []byte) (int, bool) {
	if len(b) < 2 || b[0] == 0 {
		return 0, false
	}
	i := 1
	if b[0]&0x1f == 0x1f { // high tag number form, X.690 8.1.2.4
		for i < len(b) && i < 5 && b[i]&0x80 != 0 {
			i++
		}
		i++
		if i >= len(b) {
			return 0, false
		}
	}
	l := b[i]
	i++
	switch {
	case l < 0x80: // short form, X.690 8.1.3.4
		return i + int(l), true
	case l == 0x80 || l == 0xff: // indefinite (8.1.3.6) or reserved (8.1.3.5)
		return 0, false
	}
	k := int(l & 0x7f) // long form, X.690 8.1.3.5
	if k > 3 || i+k > len(b) {
		return 0, false
	}
	n := 0
	for _, c := range b[i : i+k] {
		n = n<<8 | int(c)
	}
	return i + k + n, true
}

// push hands octets to the framing reader and prints every message it
// completes.
func (s *stream) push(p []byte) {
	if s.sip.fr != nil {
		s.pushSIP(p)
		return
	}
	if s.xmlDoc {
		s.fr.own = append(s.fr.own, p...)
		if s.fr.done {
			all := s.fr.own
			for off := 0; off < len(all); {
				n := nextXMLDocument(all[off:])
				s.d.message(s, int64(off), all[off:off+n], true, -1)
				off += n
				off += len(all[off:]) - len(bytes.TrimLeft(all[off:], " \t\r\n"))
			}
		}
		return
	}
	s.fr.put(p)
	for !s.dead {
		var (
			msg  []byte
			id   = -1
			size int
			err  error
		)
		if s.berR != nil {
			msg, err = s.berR.ReadPDU()
			size = s.psize + len(msg)
		} else {
			id, msg, err = s.xmlR.ReadMessage()
			size = framing.XMLHeaderSize + len(msg)
		}
		switch {
		case err == nil:
			s.d.message(s, s.base+s.pos, msg, s.xmlR != nil, id)
			s.pos += int64(size)
			continue
		case err == errNeedMore || err == io.EOF:
			return
		}
		s.dead = true
		s.d.failed++
		s.d.framingError(s, err)
		return
	}
}

// notice prints a remark about the input (not a message).
func (s *stream) notice(format string, a ...any) {
	d := s.d
	where := d.file
	if s.flow != "" {
		where += " " + s.flow
	}
	msg := fmt.Sprintf(format, a...)
	if d.flags.json || d.sink != nil {
		d.out.Flush()
		fmt.Fprintf(d.stderr, "cstagen %s: %s: %s\n", d.command(), where, msg)
		return
	}
	fmt.Fprintf(d.out, "-- %s: %s\n\n", where, msg)
}

// record is one decoded message, as printed (JSON field names are those of
// the -json output).
type record struct {
	Index     int    `json:"index"`
	File      string `json:"file,omitempty"`
	Time      string `json:"time,omitempty"`
	Flow      string `json:"flow,omitempty"`
	Offset    int64  `json:"offset"`
	Length    int    `json:"length"`
	Encoding  string `json:"encoding"`
	APDU      string `json:"apdu,omitempty"`
	InvokeID  *int64 `json:"invokeId,omitempty"`
	XMLID     *int   `json:"xmlInvokeId,omitempty"`
	Operation string `json:"operation,omitempty"`
	Code      *int64 `json:"code,omitempty"`
	ErrorCode string `json:"errorCode,omitempty"`
	Event     string `json:"event,omitempty"`
	Type      string `json:"type,omitempty"`
	Element   string `json:"element,omitempty"`
	Namespace string `json:"namespace,omitempty"`
	Value     *tree  `json:"value,omitempty"`
	Note      string `json:"note,omitempty"`
	Error     string `json:"error,omitempty"`
	// ErrorOffset is the offset of the fault inside the message (the
	// offset in Error); ErrorStreamOffset the same in the stream.
	ErrorOffset       *int64 `json:"errorOffset,omitempty"`
	ErrorStreamOffset *int64 `json:"errorStreamOffset,omitempty"`
	Hex               string `json:"hex,omitempty"`
	// HexOmitted counts the octets beyond -dump-max left out of Hex.
	HexOmitted int `json:"hexOmitted,omitempty"`
	// Excerpt is the text around the fault of a CSTA-XML message that
	// failed (instead of its hex dump).
	Excerpt string `json:"excerpt,omitempty"`
	// SIP is the SIP message that carried the document (decode_sip.go).
	SIP *sipInfo `json:"sip,omitempty"`

	raw  []byte
	dump []byte // the octets of Hex
}

// message decodes and prints one framed message.
func (d *decoder) message(s *stream, off int64, msg []byte, isXML bool, xmlID int) {
	if d.sink != nil {
		d.sink.message(s, off, msg, isXML, xmlID)
		return
	}
	d.count++
	r := &record{Index: d.count, Offset: off, Length: len(msg), raw: msg}
	if d.multi || d.flags.json {
		r.File = d.file
	}
	if !s.ts.IsZero() {
		r.Time = s.ts.UTC().Format("2006-01-02T15:04:05.000000Z")
	}
	r.Flow = s.flow
	r.SIP = s.sip.ctx
	r.Encoding = "ber"
	if isXML {
		r.Encoding = "xml"
		if xmlID >= 0 {
			r.XMLID = &xmlID
		}
	}
	err := d.decodeMessage(r, msg, isXML)
	if err != nil {
		d.failed++
		r.Error = err.Error()
		o := int64(-1)
		var be *ber.Error
		var xe *xml.SyntaxError
		var ve *xml.ValueError
		switch {
		case errors.As(err, &be) && be.Offset >= 0:
			o = int64(be.Offset)
		case errors.As(err, &xe):
			o = int64(xe.Offset)
		case errors.As(err, &ve) && ve.Offset >= 0:
			o = int64(ve.Offset)
		}
		if o >= 0 {
			hdr := int64(s.psize)
			if isXML && !s.xmlDoc && s.sip.ctx == nil {
				hdr = framing.XMLHeaderSize
			}
			so := off + hdr + o
			r.ErrorOffset, r.ErrorStreamOffset = &o, &so
		}
	}
	switch {
	case err != nil && isXML && !d.flags.dump:
		// The text says more than its hex: the part around the fault.
		o := -1
		if r.ErrorOffset != nil {
			o = int(*r.ErrorOffset)
		}
		r.Excerpt = excerpt(msg, o)
	case err != nil || d.flags.dump:
		shown := msg
		if n := d.flags.dumpMax; n > 0 && len(shown) > n {
			shown = shown[:n]
			r.HexOmitted = len(msg) - n
		}
		r.Hex = hex.EncodeToString(shown)
		r.dump = shown
	}
	d.print(r)
}

// defaultDumpMax is the default of -dump-max.
const defaultDumpMax = 256

// excerptSize is how many octets of a message excerpt shows on either side
// of the fault.
const excerptSize = 40

// excerpt returns the octets of msg around offset o (its start when o < 0),
// quoted, with "..." where it cuts.
func excerpt(msg []byte, o int) string {
	if o < 0 {
		o = 0
	}
	o = min(o, len(msg))
	lo, hi := max(0, o-excerptSize), min(len(msg), o+excerptSize)
	s := strconv.Quote(string(msg[lo:hi]))
	if lo > 0 {
		s = "..." + s
	}
	if hi < len(msg) {
		s += "..."
	}
	return fmt.Sprintf("octets %d-%d of %d: %s", lo, hi, len(msg), s)
}

// decodeMessage decodes msg into r. A panic in a decoder is a bug, but this
// is the tool people use on traffic that breaks things: it is reported as
// the message's error, the decoders are replaced, and the run goes on.
func (d *decoder) decodeMessage(r *record, msg []byte, isXML bool) (err error) {
	defer func() {
		if p := recover(); p != nil {
			d.pdu, d.acse, d.xmlMsg = csta.PDU{}, csta.ACSEAPDU{}, csta.XMLMessage{}
			r.Value = nil
			err = fmt.Errorf("internal error: the decoder panicked (a bug, please report it with this message): %v", p)
		}
	}()
	if isXML {
		return d.decodeXML(r, msg)
	}
	return d.decodeBER(r, msg)
}

// decodeBER decodes a BER PDU: an ACSE APDU ([APPLICATION n]) or a ROSE
// APDU with its typed argument, result or error.
func (d *decoder) decodeBER(r *record, msg []byte) error {
	if len(msg) > 0 && msg[0]&0xc0 == 0x40 { // APPLICATION class: ACSE (X.227)
		if err := d.acse.DecodeBER(msg); err != nil {
			r.APDU = "acse"
			return err
		}
		r.APDU = d.acse.Choice.String()
		r.Type = "ACSE-apdu"
		r.Value = valueTree("", reflect.ValueOf(&d.acse)).kids[0]
		return nil
	}
	p := &d.pdu
	err := p.DecodeBER(msg)
	rose := &p.ROSE
	r.APDU = rose.Choice.String()
	if id, ok := p.InvokeID(); ok {
		r.InvokeID = &id
	}
	var code *csta.Code
	switch rose.Choice {
	case csta.ROSChoiceInvoke:
		code = rose.GetInvoke().GetOpcode()
	case csta.ROSChoiceReturnResult:
		if res := rose.GetReturnResult().GetResult(); res != nil {
			code = &res.Opcode
		}
	case csta.ROSChoiceReturnError:
		c := *rose.GetReturnError().GetErrcode()
		r.ErrorCode = codeString(&c)
		if c.Choice == csta.CodeChoiceLocal {
			for _, e := range csta.Errors {
				if e.Code == c.Local {
					r.ErrorCode = e.Name
					r.Type = e.Parameter
				}
			}
		}
	}
	if code != nil && code.Choice == csta.CodeChoiceLocal {
		c := code.Local
		r.Code = &c
	}
	if p.Operation != nil {
		r.Operation = p.Operation.Name
		switch rose.Choice {
		case csta.ROSChoiceInvoke:
			r.Type = p.Operation.Argument
		case csta.ROSChoiceReturnResult:
			r.Type = p.Operation.Result
		}
	} else if code != nil && rose.Choice != csta.ROSChoiceNone {
		if code.Choice == csta.CodeChoiceLocal {
			r.Note = fmt.Sprintf("operation code %d is not an ECMA-285 operation: its value is shown undecoded", code.Local)
		} else {
			r.Note = "a global operation code (" + codeString(code) + ") is not an ECMA-285 operation"
		}
	}
	if err != nil {
		if rose.Choice == csta.ROSChoiceInvoke && r.Operation == "cSTAEventReport" && phaseIIEvent(rose.GetInvoke().GetArgument()) {
			r.Note = "the event is tagged as in CSTA Phase II (ECMA-217/218), as Alcatel OXE sends it; this decoder reads ECMA-285 (Phase III)"
		}
		return err
	}
	var typed csta.Message
	switch {
	case p.Argument != nil:
		typed = p.Argument
	case p.Result != nil:
		typed = p.Result
	case p.Error != nil:
		typed = p.Error
	}
	if typed != nil {
		r.Value = valueTree("", reflect.ValueOf(typed))
		if ev, ok := typed.(*csta.CSTAEventReportArgument); ok {
			r.Event = eventName(ev)
		}
		return nil
	}
	// No typed value: an unknown operation, a reject, or no argument.
	var v any
	switch rose.Choice {
	case csta.ROSChoiceInvoke:
		v = rose.Invoke
	case csta.ROSChoiceReturnResult:
		v = rose.ReturnResult
	case csta.ROSChoiceReturnError:
		v = rose.ReturnError
	case csta.ROSChoiceReject:
		v = rose.Reject
	}
	if v != nil {
		r.Type = strings.ToUpper(r.APDU[:1]) + r.APDU[1:]
		r.Value = valueTree("", reflect.ValueOf(v))
	}
	return nil
}

// decodeXML decodes a CSTA-XML document into its generated type, chosen by
// the root element (csta.XMLMessage). A document that names no ECMA-323
// message (ECMA-354 sessions, vendor keep-alives) is shown as its element
// tree with a note; one that fails to decode is an error, shown with its
// element tree when it is well-formed.
func (d *decoder) decodeXML(r *record, doc []byte) error {
	root, ns, t, treeErr := xmlTree(doc)
	r.Type, r.Element, r.Namespace = root, root, ns
	m := &d.xmlMsg
	m.Strict = d.flags.strict
	if d.flags.strict {
		if err := wellFormed(doc); err != nil {
			r.Value = nil
			return err
		}
	}
	err := m.DecodeXML(doc)
	switch {
	case err == nil && m.Kind == csta.XMLUnknown:
		r.Value = t
		if treeErr != nil {
			return treeErr
		}
		r.Note = "<" + root + "> is not an ECMA-323 or ECMA-354 message of this decoder, or its content does not fit the message's type: shown as its element tree"
		return nil
	case err != nil:
		r.Value = t // the elements as written, to locate the fault
		return err
	}
	r.APDU = [...]string{"", "request", "response", "event", "error", "document", ""}[m.Kind]
	switch {
	case m.Operation != nil:
		r.Operation = m.Operation.Name
		c := m.Operation.Code
		r.Code = &c
		r.Type = m.Operation.Argument
		if m.Kind == csta.XMLResponse {
			r.Type = m.Operation.Result
		}
	case m.Event != nil:
		r.Event = m.Event.Category + "." + m.Event.Name
		r.Type = m.Event.Type
	case m.Kind == csta.XMLError:
		r.Type = "UniversalFailure"
	case m.Document != nil:
		r.Type = m.Document.Root
	}
	if m.Value == nil {
		r.Value = nil
		return nil
	}
	r.Value = valueTree("", reflect.ValueOf(m.Value))
	if m.Kind == csta.XMLEvent && !r.Value.leaf {
		ref := bytesLeaf("monitorCrossRefID", m.CrossRefID)
		r.Value.kids = append([]*tree{ref}, r.Value.kids...)
	}
	return nil
}

// phaseIIEvent reports whether an event report argument looks like CSTA
// Phase II (ECMA-217): there, after the cross reference, the event type is
// an explicitly tagged [n] holding a SEQUENCE, where ECMA-285 has the event
// category [n] holding an implicitly tagged event [m].
func phaseIIEvent(arg []byte) bool {
	r := ber.NewReader(arg, nil)
	var seq, cat, ev ber.Reader
	if r.ReadElement(ber.Universal|ber.Constructed|16, &seq) != nil {
		return false
	}
	if _, err := seq.ReadAny(&ev); err != nil { // crossRefIdentifier
		return false
	}
	if t, err := seq.ReadAny(&cat); err != nil || t&ber.Constructed == 0 { // the category
		return false
	}
	if t, err := cat.ReadAny(&ev); err != nil || t&ber.Constructed == 0 { // the event
		return false
	}
	inner, ok := ev.PeekTag()
	return ok && inner == ber.Universal|ber.Constructed|16
}

// codeString prints a ROSE Code.
func codeString(c *csta.Code) string {
	switch c.Choice {
	case csta.CodeChoiceLocal:
		return fmt.Sprint(c.Local)
	case csta.CodeChoiceGlobal:
		arcs := make([]string, len(c.Global))
		for i, a := range c.Global {
			arcs[i] = fmt.Sprint(a)
		}
		return strings.Join(arcs, ".")
	}
	return "?"
}

// eventName returns "category.event" for an event report
// ("callControl.delivered").
func eventName(ev *csta.CSTAEventReportArgument) string {
	info := valueTree("", reflect.ValueOf(&ev.EventSpecificInfo))
	if len(info.kids) != 1 {
		return ""
	}
	cat := info.kids[0]
	name := strings.TrimSuffix(cat.key, "Events")
	if len(cat.kids) == 1 && !cat.list && !cat.leaf {
		name += "." + cat.kids[0].key
	}
	return name
}

// command is the command d runs, for messages.
func (d *decoder) command() string {
	if d.name == "" {
		return "decode"
	}
	return d.name
}

// framingError prints an error that stops the framing of a stream.
func (d *decoder) framingError(s *stream, err error) {
	d.count++
	r := &record{Index: d.count, Offset: s.base + s.pos, Flow: s.flow, Encoding: "ber", Error: err.Error()}
	if s.xmlR != nil {
		r.Encoding = "xml"
	}
	if d.multi || d.flags.json {
		r.File = d.file
	}
	if !s.ts.IsZero() {
		r.Time = s.ts.UTC().Format("2006-01-02T15:04:05.000000Z")
	}
	var fe *framing.Error
	var te *framing.TruncatedError
	switch {
	case errors.As(err, &fe):
		o := s.base + fe.Offset
		r.ErrorStreamOffset = &o
	case errors.As(err, &te):
		o := s.base + te.Offset
		r.ErrorStreamOffset = &o
	}
	if s.tcp {
		r.Note = "framing lost: skipping to the next TCP segment"
	} else {
		r.Note = "framing lost: the rest of the input is skipped (try -prefix or -framing)"
	}
	if d.sink != nil {
		where := d.file
		if s.flow != "" {
			where += " " + s.flow
		}
		d.out.Flush()
		note := strings.Replace(r.Note, "-prefix or -framing", "-in-prefix or -in-framing", 1)
		fmt.Fprintf(d.stderr, "cstagen %s: %s: offset %d: %v (%s)\n", d.command(), where, r.Offset, err, note)
		return
	}
	d.print(r)
}

// print writes a record as text or JSON.
func (d *decoder) print(r *record) {
	if d.flags.json {
		b, err := json.Marshal(r)
		if err != nil {
			fmt.Fprintf(d.stderr, "cstagen decode: %v\n", err)
			return
		}
		d.out.Write(b)
		d.out.WriteByte('\n')
		return
	}
	b := &d.buf
	b.Reset()
	fmt.Fprintf(b, "#%d", r.Index)
	if r.File != "" {
		fmt.Fprintf(b, " %s", r.File)
	}
	if r.Time != "" {
		fmt.Fprintf(b, " %s", r.Time)
	}
	if r.Flow != "" {
		fmt.Fprintf(b, " %s", r.Flow)
	}
	if r.APDU == "" && r.Error != "" && r.raw == nil {
		fmt.Fprintf(b, " at offset %d\n", r.Offset)
	} else {
		fmt.Fprintf(b, " offset %d, %d octets, %s\n", r.Offset, r.Length, strings.ToUpper(r.Encoding))
	}
	if r.SIP != nil {
		b.WriteString(r.SIP.line() + "\n")
	}
	var line []string
	switch {
	case r.Encoding == "xml":
		if r.XMLID != nil {
			line = append(line, fmt.Sprintf("invoke %04d", *r.XMLID))
		}
		s := "<" + r.Element + ">"
		if r.APDU != "" {
			s = r.APDU + " " + s
		}
		line = append(line, s)
		if r.Operation != "" {
			line = append(line, fmt.Sprintf("%s (%d)", r.Operation, *r.Code))
		}
		if r.Event != "" {
			line = append(line, "event "+r.Event)
		}
		if r.Type != "" && r.Type != r.Element {
			line = append(line, r.Type)
		}
		if r.Namespace != "" {
			line = append(line, "xmlns "+r.Namespace)
		}
	case r.APDU != "":
		s := r.APDU
		if r.InvokeID != nil {
			s += fmt.Sprintf(" %d", *r.InvokeID)
		}
		line = append(line, s)
		if r.Operation != "" {
			line = append(line, fmt.Sprintf("%s (%d)", r.Operation, *r.Code))
		} else if r.Code != nil {
			line = append(line, fmt.Sprintf("operation %d", *r.Code))
		}
		if r.ErrorCode != "" {
			line = append(line, "error "+r.ErrorCode)
		}
		if r.Event != "" {
			line = append(line, "event "+r.Event)
		}
		if r.Type != "" {
			line = append(line, r.Type)
		}
	}
	if len(line) > 0 {
		b.WriteString(strings.Join(line, ", "))
		b.WriteByte('\n')
	}
	if r.Value != nil {
		if s, ok := r.Value.inline(); ok && r.Value.leaf {
			fmt.Fprintf(b, "  %s\n", s)
		} else {
			r.Value.writeText(b, 1)
		}
	}
	if r.Note != "" {
		fmt.Fprintf(b, "note: %s\n", r.Note)
	}
	if r.Error != "" {
		fmt.Fprintf(b, "error: %s", r.Error)
		if r.ErrorStreamOffset != nil && (r.ErrorOffset == nil || *r.ErrorStreamOffset != *r.ErrorOffset) {
			fmt.Fprintf(b, " (stream offset %d)", *r.ErrorStreamOffset)
		}
		b.WriteByte('\n')
	}
	if r.Excerpt != "" {
		fmt.Fprintf(b, "  %s\n", r.Excerpt)
	}
	if r.Hex != "" && r.dump != nil {
		hexDump(b, r.dump, "  ")
		if r.HexOmitted > 0 {
			fmt.Fprintf(b, "  ... %d more octets (-dump-max 0 shows them all)\n", r.HexOmitted)
		}
	}
	b.WriteByte('\n')
	d.out.Write(b.Bytes())
}

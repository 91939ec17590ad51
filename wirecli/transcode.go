package wirecli

import (
	"bufio"
	"encoding/hex"
	"flag"
	"fmt"
	"io"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/internal/capture"
	"github.com/cstagen/cstagen/runtime/framing"
)

const transcodeUsage = `usage: cstagen transcode -to xml|ber [flags] FILE... (or - for standard input)

Reads every CSTA message of the input, BER or CSTA-XML, as decode does
(the same formats and framings, detected the same way: see cstagen decode
-h; -in-format, -in-framing and -in-prefix are decode's -format, -framing
and -prefix), and writes each in the encoding -to names, in input order:

  -to xml  CSTA-XML documents one after another, each on its own line (or,
           with -framing xml, each behind the 8-octet header of ECMA-323
           Annex J with the invoke ID), in the namespace of -edition
           (ECMA-354 application session messages keep their own)
  -to ber  one ROSE APDU per line in hex (or, with -format binary, the
           octets back to back), behind the vendor header of -prefix

A request, positive response, event and negative response of CSTA-XML are
a ROSE Invoke, ReturnResult, cSTAEventReport Invoke and ReturnError
(universalFailure) of BER. The invoke ID goes from the ROSE APDU to the
8-octet header and back; without a header, BER invoke IDs count from 1 in
input order. A message already in the -to encoding is decoded and encoded
again.

A message that cannot be transcoded (it does not decode, has no form in
the other encoding, such as ACSE APDUs, ROSE Rejects and ECMA-354 session
messages, or its value cannot be encoded) is reported on standard error
with the reason, and the others are still written.

Exit status: 0 if every message was transcoded, 1 if any was not (or the
input is unreadable), 2 on wrong usage.

flags:
`

const transcodeExample = `  cstagen transcode -to xml -framing xml capture.pcapng > events.xml
  cstagen transcode -to ber -format binary -prefix uint16 MakeCall.xml > makecall.ber
  cstagen transcode -to xml -edition ed6 frames.hex`

// xmlNamespaces are the ECMA-323 namespaces of -edition.
var xmlNamespaces = map[string]string{
	"ed3": csta.XMLNamespace,
	"ed6": csta.XMLNamespaceEd6,
}

// transcoder writes the messages of a transcode run.
type transcoder struct {
	to      string // "xml" or "ber"
	ns      string // namespace of -edition
	xmlHdr  bool   // -framing xml
	binary  bool   // -format binary
	prefix  framing.Prefix
	strict  bool
	out     *bufio.Writer
	xmlW    *framing.XMLWriter
	stderr  io.Writer
	d       *decoder
	nextID  int64 // the next BER invoke ID for a message without a header
	written int

	pdu    csta.PDU
	xmlMsg csta.XMLMessage
	outPDU csta.PDU
	outXML csta.XMLMessage
	buf    []byte
	hexBuf []byte
}

// runTranscode is the transcode command.
func runTranscode(args []string, stdout, stderr io.Writer) int {
	cmd := newCommand("cstagen transcode", transcodeUsage, transcodeExample, stderr)
	fs := cmd.FlagSet
	var in decodeFlags
	var to, edition, prefix, outFraming, outFormat string
	var strict bool
	fs.StringVar(&to, "to", "", "encoding to write: xml or ber (required)")
	fs.StringVar(&edition, "edition", "ed3", "-to xml: the ECMA-323 edition whose namespace the documents are in: ed3 or ed6")
	fs.StringVar(&outFraming, "framing", "none", "-to xml: none (documents one per line) or xml (the 8-octet header)")
	fs.StringVar(&outFormat, "format", "hex", "-to ber: hex (one APDU per line) or binary")
	fs.StringVar(&prefix, "prefix", "none", "-to ber: vendor header written before each APDU: none, uint16, alcatel (= uint16), uint32, hipath or hipath-long")
	fs.BoolVar(&strict, "strict", false, "read CSTA-XML strictly (see cstagen decode -h)")
	fs.StringVar(&in.format, "in-format", "auto", "input format: auto, binary, hex or pcap (pcap and pcapng)")
	fs.StringVar(&in.framing, "in-framing", "auto", "framing of the input: auto, ber or xml")
	fs.StringVar(&in.prefix, "in-prefix", "auto", "vendor header before each BER PDU of the input: auto, none, uint16, alcatel, uint32, hipath or hipath-long")
	fs.IntVar(&in.port, "port", 0, "pcap: read only the TCP connections with this port (both directions); 0 for all")
	fs.IntVar(&in.maxPDU, "max-pdu", framing.DefaultMaxPDUSize, "largest BER PDU accepted, in octets")
	in.maxReorder, in.maxHeldSegments = capture.DefaultMaxHeldOctets, capture.DefaultMaxHeldSegments
	if code, ok := cmd.parse(args); !ok {
		return code
	}
	usageErr := cmd.usageErr
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	switch {
	case !oneOf(to, "xml", "ber"):
		return usageErr("-to %q: want xml or ber", to)
	case fs.NArg() == 0:
		return usageErr("no input: name a file, or - for standard input")
	case xmlNamespaces[edition] == "":
		return usageErr("-edition %q: want ed3 or ed6", edition)
	case !oneOf(outFraming, "none", "xml"):
		return usageErr("-framing %q: want none or xml", outFraming)
	case !oneOf(outFormat, "hex", "binary"):
		return usageErr("-format %q: want hex or binary", outFormat)
	case prefixes[prefix] == nil:
		return usageErr("-prefix %q: want none, uint16, alcatel, uint32, hipath or hipath-long", prefix)
	case to == "xml" && (set["format"] || set["prefix"]):
		return usageErr("-format and -prefix describe BER output: use them with -to ber")
	case to == "ber" && (set["framing"] || set["edition"]):
		return usageErr("-framing and -edition describe CSTA-XML output: use them with -to xml")
	case !oneOf(in.format, "auto", "binary", "hex", "pcap"):
		return usageErr("-in-format %q: want auto, binary, hex or pcap", in.format)
	case !oneOf(in.framing, "auto", "ber", "xml"):
		return usageErr("-in-framing %q: want auto, ber or xml", in.framing)
	case in.prefix != "auto" && prefixes[in.prefix] == nil:
		return usageErr("-in-prefix %q: want auto, none, uint16, alcatel, uint32, hipath or hipath-long", in.prefix)
	case in.port < 0 || in.port > 65535:
		return usageErr("-port %d: want 0..65535", in.port)
	case in.maxPDU <= 0:
		return usageErr("-max-pdu must be positive")
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	t := &transcoder{
		to: to, ns: xmlNamespaces[edition], xmlHdr: outFraming == "xml", binary: outFormat == "binary",
		prefix: prefixes[prefix], strict: strict, out: out, stderr: stderr, nextID: 1,
	}
	t.xmlW = framing.NewXMLWriter(out)
	t.xmlMsg.Strict = strict
	d := &decoder{flags: in, out: out, stderr: stderr, multi: fs.NArg() > 1, sink: t, name: "transcode"}
	t.d = d
	for _, name := range fs.Args() {
		d.file = name
		if err := d.decodeFile(name); err != nil {
			out.Flush()
			fmt.Fprintf(stderr, "cstagen transcode: %s: %v\n", name, err)
			d.failed++
		}
	}
	if d.failed > 0 {
		return exitInput
	}
	return exitOK
}

// message transcodes one framed message; xmlID is the invoke ID of its
// 8-octet header, or -1.
func (t *transcoder) message(s *stream, off int64, msg []byte, isXML bool, xmlID int) {
	d := t.d
	d.count++
	var err error
	if isXML {
		err = t.fromXML(msg, xmlID)
	} else {
		err = t.fromBER(msg)
	}
	if err != nil {
		d.failed++
		where := d.file
		if s.flow != "" {
			where += " " + s.flow
		}
		t.out.Flush()
		fmt.Fprintf(t.stderr, "cstagen transcode: %s: message %d at offset %d: %v\n", where, d.count, off, err)
	}
}

// fromXML transcodes a CSTA-XML document.
func (t *transcoder) fromXML(doc []byte, xmlID int) error {
	m := &t.xmlMsg
	if t.strict {
		if err := wellFormed(doc); err != nil {
			return err
		}
	}
	if err := m.DecodeXML(doc); err != nil {
		return err
	}
	if t.to == "xml" {
		if xmlID < 0 && t.xmlHdr {
			xmlID = int(t.nextID % (framing.MaxInvokeID + 1))
			t.nextID++
		}
		return t.writeXML(m, xmlID)
	}
	id := int64(xmlID)
	if xmlID < 0 {
		id = t.nextID
		t.nextID++
	}
	if err := pduFromXML(m, id, &t.outPDU); err != nil {
		return err
	}
	return t.writeBER(&t.outPDU)
}

// fromBER transcodes a BER PDU.
func (t *transcoder) fromBER(msg []byte) error {
	if len(msg) > 0 && msg[0]&0xc0 == 0x40 { // APPLICATION class: ACSE (X.227)
		if t.to == "ber" {
			var a csta.ACSEAPDU
			if err := a.DecodeBER(msg); err != nil {
				return err
			}
			b, err := a.AppendBER(t.buf[:0])
			if err != nil {
				return err
			}
			t.buf = b
			return t.writeBytes(b)
		}
		return fmt.Errorf("%w: an ACSE APDU (CSTA-XML sessions are ECMA-354 messages)", errNoXMLForm)
	}
	p := &t.pdu
	if err := p.DecodeBER(msg); err != nil {
		return err
	}
	if t.to == "ber" {
		return t.writeBER(p)
	}
	m := &t.outXML
	if err := xmlFromPDU(p, m); err != nil {
		return err
	}
	id := -1
	if t.xmlHdr {
		n, ok := p.InvokeID()
		switch {
		case ok && n >= 0 && n <= framing.MaxInvokeID:
			id = int(n)
		case m.Kind == csta.XMLEvent:
			id = framing.MaxInvokeID
		default:
			return fmt.Errorf("invoke ID %d does not fit the 4 digits of the CSTA-XML header", n)
		}
	}
	return t.writeXML(m, id)
}

// writeXML encodes m in the namespace of -edition and writes it, behind
// the 8-octet header with invoke ID id when -framing xml asks for it.
func (t *transcoder) writeXML(m *csta.XMLMessage, id int) error {
	ns := t.ns
	if m.Kind == csta.XMLDocument && m.Document != nil {
		ns = m.Document.Namespace
	}
	b, err := m.AppendXMLNS(t.buf[:0], ns)
	if err != nil {
		return err
	}
	t.buf = b
	// What XML cannot carry (bytes that are not UTF-8, or XML characters,
	// in a text element) must not leave as broken XML. The departures that
	// lenient reading tolerates may stay: they come from the input.
	if err := writable(b); err != nil {
		return fmt.Errorf("the CSTA-XML written for it is not well-formed XML, so it is not written: %w", err)
	}
	if !t.xmlHdr {
		t.out.Write(b)
		return t.out.WriteByte('\n')
	}
	return t.xmlW.WriteMessage(id, b)
}

// writeBER encodes p and writes it.
func (t *transcoder) writeBER(p *csta.PDU) error {
	b, err := p.AppendBER(t.buf[:0])
	if err != nil {
		return err
	}
	t.buf = b
	return t.writeBytes(b)
}

// writeBytes writes one BER APDU behind the -prefix header, in hex or
// binary.
func (t *transcoder) writeBytes(apdu []byte) error {
	frame, err := t.prefix.Append(t.hexBuf[:0], len(apdu))
	if err != nil {
		return err
	}
	frame = append(frame, apdu...)
	t.hexBuf = frame
	if t.binary {
		_, err := t.out.Write(frame)
		return err
	}
	var h [64]byte
	for len(frame) > 0 {
		n := min(len(frame), len(h)/2)
		hex.Encode(h[:], frame[:n])
		t.out.Write(h[:2*n])
		frame = frame[n:]
	}
	return t.out.WriteByte('\n')
}

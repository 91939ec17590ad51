package wirecli

import (
	"bufio"
	"errors"
	"fmt"
	"time"

	"github.com/cstagen/cstagen/internal/capture"
)

// decodeCapture reads a pcap or pcapng capture from r and decodes the CSTA
// messages in its TCP streams and its SIP datagrams (internal/capture reads
// the file and reassembles the streams).
func (d *decoder) decodeCapture(r *bufio.Reader) error {
	opts := capture.Options{Port: uint16(d.flags.port), MaxHeldOctets: d.flags.maxReorder, MaxHeldSegments: d.flags.maxHeldSegments, Datagram: d.datagram}
	tr := capture.NewReassembler(opts, func(f capture.Flow) capture.Stream {
		return tcpStream{d.newStream(f.String(), true)}
	})
	err := capture.Read(r, tr.Packet)
	tr.Finish()
	if tr.Skipped > 0 {
		d.notice("%d packets were not TCP or UDP over IPv4/IPv6, and were skipped", tr.Skipped)
	}
	if tr.FragmentsDropped > 0 {
		d.notice("%d IP datagrams were dropped in reassembly from their fragments (overlapping or inconsistent fragments, or more than %d datagrams in reassembly at once)", tr.FragmentsDropped, capture.DefaultMaxFragmented)
	}
	if d.notSIP > 0 {
		d.notice("%d UDP datagrams were not SIP messages, and were skipped", d.notSIP)
		d.notSIP = 0
	}
	if tr.Refused > 0 {
		d.notice("%d packets of connections beyond the first %d TCP directions were ignored (use -port)", tr.Refused, capture.DefaultMaxFlows)
	}
	if tr.Flows == 0 && tr.Datagrams == 0 && err == nil {
		if d.flags.port != 0 {
			return fmt.Errorf("no TCP data or UDP datagram on port %d in the capture", d.flags.port)
		}
		return errors.New("no TCP data or UDP datagram in the capture")
	}
	return err
}

// notice prints a remark about the current input.
func (d *decoder) notice(format string, a ...any) {
	(&stream{d: d}).notice(format, a...)
}

// tcpStream is a stream fed by the TCP reassembly.
type tcpStream struct{ s *stream }

func (t tcpStream) Data(p []byte, ts time.Time, segStart bool) { t.s.feed(p, ts, segStart) }

func (t tcpStream) Gap(n int64, why capture.GapReason) {
	if why == capture.GapHeldLimit {
		t.s.notice("more out-of-order data was held than -max-reorder (%d octets) or -max-held-segments (%d) allow", t.s.d.flags.maxReorder, t.s.d.flags.maxHeldSegments)
	}
	t.s.gap(n)
}

func (t tcpStream) End() { t.s.close() }

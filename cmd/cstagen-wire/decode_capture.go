package main

import (
	"bufio"
	"errors"
	"fmt"
	"time"

	"github.com/cstagen/cstagen/internal/capture"
)

// decodeCapture reads a pcap or pcapng capture from r and decodes the CSTA
// messages in its TCP streams (internal/capture reads the file and
// reassembles the streams).
func (d *decoder) decodeCapture(r *bufio.Reader) error {
	opts := capture.Options{Port: uint16(d.flags.port), MaxHeldOctets: d.flags.maxReorder, MaxHeldSegments: d.flags.maxHeldSegments}
	tr := capture.NewReassembler(opts, func(f capture.Flow) capture.Stream {
		return tcpStream{d.newStream(f.String(), true)}
	})
	err := capture.Read(r, tr.Packet)
	tr.Finish()
	if tr.Skipped > 0 {
		d.notice("%d packets were not TCP over IPv4/IPv6 or were IP fragments, and were skipped", tr.Skipped)
	}
	if tr.Refused > 0 {
		d.notice("%d packets of connections beyond the first %d TCP directions were ignored (use -port)", tr.Refused, capture.DefaultMaxFlows)
	}
	if tr.Flows == 0 && err == nil {
		if d.flags.port != 0 {
			return fmt.Errorf("no TCP data on port %d in the capture", d.flags.port)
		}
		return errors.New("no TCP data in the capture")
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

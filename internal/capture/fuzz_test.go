package capture

import (
	"bufio"
	"bytes"
	"errors"
	"testing"
	"time"
)

// countingStream checks the order of a Stream's calls and counts octets.
type countingStream struct {
	t      *testing.T
	octets int64
	ended  bool
}

func (s *countingStream) Data(p []byte, _ time.Time, _ bool) {
	if s.ended || len(p) == 0 {
		s.t.Fatalf("Data of %d octets after End or empty", len(p))
	}
	s.octets += int64(len(p))
}

func (s *countingStream) Gap(n int64, why GapReason) {
	if s.ended || n <= 0 || why < GapLost || why > GapEnd {
		s.t.Fatalf("Gap(%d, %v) after End or not positive", n, why)
	}
	s.octets += n
}

func (s *countingStream) End() {
	if s.ended {
		s.t.Fatal("End twice")
	}
	s.ended = true
}

// fuzzSeeds are the captures the fuzz target starts from (also committed
// in testdata/fuzz/FuzzCapture).
func fuzzSeeds() [][]byte {
	stream := []byte("0123456789abcdefghijklmnopqrstuvwxyz")
	cuts := []int{3, 10, 11, 20, 33}
	a := segments(stream, cuts, []int{0, 3, -1, 2, 5, 1, 4})
	b := segments(stream, cuts, []int{5, 4, 3, 2, 1, 0})
	c := append(segments(stream, cuts, []int{0, 2, 4}), ipv4TCP(true, 7, 10, tcpACK|tcpSYN, []byte("x")), ipv4TCP(false, 5, 0, tcpSYN, nil))
	d := append(segments(stream, cuts, []int{1, 0}), ipUDP(false, []byte("SIP/2.0 200 OK\r\n\r\n")), ipUDP(true, []byte("INFO sip:a SIP/2.0\r\n\r\n")))
	e := fragments(ipUDP(false, bytes.Repeat([]byte("SIP"), 20)), 3, 16, 40)
	e6 := fragments(ipUDP(true, bytes.Repeat([]byte("sip"), 30)), 4, 8, 48)
	e = append(e, e6[2], e6[0], e6[1])
	return [][]byte{pcapOf(a...), pcapngOf(b...), pcapOf(c...), pcapngOf(a...), pcapOf(d...), pcapOf(e...)}
}

// FuzzCapture reads arbitrary octets as a capture and reassembles its TCP
// streams with small limits: no panic, only ErrMalformed errors, every
// stream's calls in order and ended, the held data within the limits at
// every packet, UDP payloads inside their packet.
func FuzzCapture(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		datagrams := 0
		opts := Options{MaxHeldOctets: 4096, MaxHeldSegments: 64, MaxFlows: 16, MaxFragmented: 4}
		opts.Datagram = func(f Flow, _ time.Time, p []byte) {
			if len(p) > MaxPacket || !f.Src.IsValid() || !f.Dst.IsValid() {
				t.Fatalf("datagram %v of %d octets", f, len(p))
			}
			datagrams++
		}
		var streams []*countingStream
		ra := NewReassembler(opts, func(Flow) Stream {
			s := &countingStream{t: t}
			streams = append(streams, s)
			return s
		})
		err := Read(bufio.NewReader(bytes.NewReader(in)), func(link uint32, ts time.Time, data []byte) {
			ra.Packet(link, ts, data)
			for _, d := range ra.dirs {
				if d.octets > opts.MaxHeldOctets || len(d.held) > opts.MaxHeldSegments || d.octets < 0 {
					t.Fatalf("%v holds %d octets in %d segments", d.flow, d.octets, len(d.held))
				}
			}
			if len(ra.dirs) > opts.MaxFlows {
				t.Fatalf("%d directions", len(ra.dirs))
			}
			if len(ra.frags) > opts.MaxFragmented || len(ra.fragOrder) > 2*opts.MaxFragmented+1 {
				t.Fatalf("%d datagrams in reassembly, order of %d", len(ra.frags), len(ra.fragOrder))
			}
		})
		if err != nil && !errors.Is(err, ErrMalformed) {
			t.Fatalf("error %v does not wrap ErrMalformed", err)
		}
		ra.Finish()
		for _, s := range streams {
			if !s.ended {
				t.Fatal("a stream did not end")
			}
		}
		if ra.Flows != len(streams) || ra.Datagrams != datagrams {
			t.Fatalf("Flows %d, %d streams; Datagrams %d, %d delivered", ra.Flows, len(streams), ra.Datagrams, datagrams)
		}
	})
}

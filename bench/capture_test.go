package bench

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"testing"
	"time"

	"github.com/cstagen/cstagen/internal/capture"
)

// reversedCapture is a pcap file (raw IPv4) of one TCP direction: a SYN,
// then n one-octet segments in reverse order, the worst order for
// reassembly.
func reversedCapture(n int) []byte {
	seg := func(seq uint32, flags byte, payload []byte) []byte {
		p := []byte{0x45, 0, 0, 0, 0, 1, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2}
		binary.BigEndian.PutUint16(p[2:], uint16(40+len(payload)))
		p = append(p, 0x03, 0xe8, 0x09, 0xfb) // ports 1000 > 2555
		p = binary.BigEndian.AppendUint32(p, seq)
		p = append(p, 0, 0, 0, 0, 5<<4, flags, 0xff, 0xff, 0, 0, 0, 0)
		return append(p, payload...)
	}
	b := []byte{0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 101, 0, 0, 0}
	add := func(p []byte) {
		b = append(b, make([]byte, 8)...)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(p)))
		b = binary.LittleEndian.AppendUint32(b, uint32(len(p)))
		b = append(b, p...)
	}
	add(seg(0, 0x02, nil))
	for i := n - 1; i >= 0; i-- {
		add(seg(uint32(1+i), 0x10, []byte{byte(i)}))
	}
	return b
}

// octetCounter is a capture.Stream that counts what it is given.
type octetCounter struct{ octets, gaps int64 }

func (c *octetCounter) Data(p []byte, _ time.Time, _ bool) { c.octets += int64(len(p)) }
func (c *octetCounter) Gap(n int64, _ capture.GapReason)   { c.gaps += n }
func (c *octetCounter) End()                               {}

// BenchmarkReassembleReversed reassembles 40,000 one-octet TCP segments
// that arrive in reverse order (issue 20: 5.9 s for 20,000 before the heap).
func BenchmarkReassembleReversed(b *testing.B) {
	const n = 40000
	file := reversedCapture(n)
	b.SetBytes(int64(len(file)))
	b.ReportAllocs()
	for b.Loop() {
		var c octetCounter
		ra := capture.NewReassembler(capture.Options{}, func(capture.Flow) capture.Stream { return &c })
		if err := capture.Read(bufio.NewReader(bytes.NewReader(file)), ra.Packet); err != nil {
			b.Fatal(err)
		}
		ra.Finish()
		if c.octets != n || c.gaps != 0 {
			b.Fatalf("%d octets, %d missing; want %d, 0", c.octets, c.gaps, n)
		}
	}
}

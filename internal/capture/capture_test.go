package capture

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// ipv4TCP builds a raw IPv4 packet holding a TCP segment from 10.0.0.1:1000
// to 10.0.0.2:2555, or back when rev is set.
func ipv4TCP(rev bool, seq, ack uint32, flags byte, payload []byte) []byte {
	sp, dp, sa, da := uint16(1000), uint16(2555), []byte{10, 0, 0, 1}, []byte{10, 0, 0, 2}
	if rev {
		sp, dp, sa, da = dp, sp, da, sa
	}
	tcp := binary.BigEndian.AppendUint16(nil, sp)
	tcp = binary.BigEndian.AppendUint16(tcp, dp)
	tcp = binary.BigEndian.AppendUint32(tcp, seq)
	tcp = binary.BigEndian.AppendUint32(tcp, ack)
	tcp = append(tcp, 5<<4, flags, 0xff, 0xff, 0, 0, 0, 0)
	tcp = append(tcp, payload...)
	ip := []byte{0x45, 0, 0, 0, 0, 1, 0x40, 0, 64, 6, 0, 0}
	binary.BigEndian.PutUint16(ip[2:], uint16(20+len(tcp)))
	return append(append(append(ip, sa...), da...), tcp...)
}

// pcapOf writes a little-endian microsecond pcap file of raw IP packets.
func pcapOf(pkts ...[]byte) []byte {
	b := binary.LittleEndian.AppendUint32(nil, pcapMagicMicro)
	b = binary.LittleEndian.AppendUint16(b, 2)
	b = binary.LittleEndian.AppendUint16(b, 4)
	b = append(b, make([]byte, 8)...)
	b = binary.LittleEndian.AppendUint32(b, 65535)
	b = binary.LittleEndian.AppendUint32(b, linkRaw)
	for i, p := range pkts {
		b = binary.LittleEndian.AppendUint32(b, uint32(i))
		b = binary.LittleEndian.AppendUint32(b, 0)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(p)))
		b = binary.LittleEndian.AppendUint32(b, uint32(len(p)))
		b = append(b, p...)
	}
	return b
}

// pcapngOf writes a big-endian pcapng file of raw IP packets.
func pcapngOf(pkts ...[]byte) []byte {
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
	shb = append(shb, 0, 1, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
	b := block(nil, pcapngBlockSHB, shb)
	idb := bo.AppendUint16(nil, linkRaw)
	idb = append(idb, 0, 0, 0, 0, 0xff, 0xff, 0, 9, 0, 1, 9, 0, 0, 0, 0, 0, 0, 0)
	b = block(b, pcapngIDB, idb)
	for i, p := range pkts {
		epb := bo.AppendUint32(nil, 0)
		epb = bo.AppendUint32(epb, 0)
		epb = bo.AppendUint32(epb, uint32(i)*1e6)
		epb = bo.AppendUint32(epb, uint32(len(p)))
		epb = bo.AppendUint32(epb, uint32(len(p)))
		b = block(b, pcapngEPB, append(epb, p...))
	}
	return b
}

// recorder is a Stream that records what it is given.
type recorder struct {
	flow   Flow
	data   []byte
	starts int // Data calls with segStart
	gaps   []string
	ended  bool
}

func (r *recorder) Data(p []byte, _ time.Time, segStart bool) {
	if segStart {
		r.starts++
	}
	r.data = append(r.data, p...)
}

func (r *recorder) Gap(n int64, why GapReason) {
	r.gaps = append(r.gaps, fmt.Sprintf("%d@%d %v", n, len(r.data), why))
	r.data = append(r.data, bytes.Repeat([]byte{'_'}, int(n))...)
}

func (r *recorder) End() { r.ended = true }

// reassemble reads the capture through a Reassembler and returns the
// streams in order of first appearance.
func reassemble(t *testing.T, opts Options, file []byte) (*Reassembler, []*recorder) {
	t.Helper()
	var recs []*recorder
	ra := NewReassembler(opts, func(f Flow) Stream {
		r := &recorder{flow: f}
		recs = append(recs, r)
		return r
	})
	if err := Read(bufio.NewReader(bytes.NewReader(file)), ra.Packet); err != nil {
		t.Fatal(err)
	}
	ra.Finish()
	for _, r := range recs {
		if !r.ended {
			t.Errorf("%v did not end", r.flow)
		}
	}
	return ra, recs
}

// segments cuts the client's stream at the given offsets and sends the
// pieces in the given order (-1: a piece from 2 octets before the end of
// the previous one to the middle of the next), after a SYN with ISN
// 0xfffffff0 (the sequence numbers wrap around), each acknowledged by the
// server up to what is contiguous.
func segments(stream []byte, cuts []int, order []int) [][]byte {
	const isn = 0xfffffff0
	pkts := [][]byte{ipv4TCP(false, isn, 0, tcpSYN, nil)}
	bounds := append(append([]int{0}, cuts...), len(stream))
	prev := 0
	for _, i := range order {
		lo, hi := 0, 0
		if i < 0 {
			lo, hi = bounds[prev+1]-2, (bounds[prev+1]+bounds[prev+2])/2
		} else {
			lo, hi = bounds[i], bounds[i+1]
			prev = i
		}
		pkts = append(pkts, ipv4TCP(false, isn+1+uint32(lo), 0, tcpACK, stream[lo:hi]))
	}
	return pkts
}

func TestReassembleOrders(t *testing.T) {
	stream := []byte("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ")
	cuts := []int{3, 10, 11, 20, 33}
	tests := []struct {
		name  string
		order []int
	}{
		{"in order", []int{0, 1, 2, 3, 4, 5}},
		{"reversed", []int{5, 4, 3, 2, 1, 0}},
		{"retransmissions", []int{0, 0, 2, 1, 2, 1, 3, 5, 5, 4}},
		{"overlapping", []int{0, -1, 1, 2, -1, 3, 4, 5}},
		{"early overlap", []int{0, 3, -1, 2, 5, 1, 4}},
	}
	for _, tt := range tests {
		for _, format := range []string{"pcap", "pcapng"} {
			t.Run(tt.name+"/"+format, func(t *testing.T) {
				pkts := segments(stream, cuts, tt.order)
				file := pcapOf(pkts...)
				if format == "pcapng" {
					file = pcapngOf(pkts...)
				}
				ra, recs := reassemble(t, Options{}, file)
				if len(recs) != 1 || ra.Flows != 1 || ra.Skipped != 0 {
					t.Fatalf("%d streams, %d flows, %d skipped; want 1, 1, 0", len(recs), ra.Flows, ra.Skipped)
				}
				r := recs[0]
				if string(r.data) != string(stream) || len(r.gaps) != 0 {
					t.Errorf("stream %q, gaps %q; want %q", r.data, r.gaps, stream)
				}
				if got := r.flow.String(); got != "10.0.0.1:1000 > 10.0.0.2:2555" {
					t.Errorf("flow %s", got)
				}
			})
		}
	}
}

// TestReassembleReversedOneOctet sends 40,000 one-octet segments in
// reverse order and checks the stream and the work done: the heap makes
// O(n log n) comparisons (a sorted slice, as before, made O(n² log n)).
func TestReassembleReversedOneOctet(t *testing.T) {
	const n = 40000
	stream := make([]byte, n)
	cuts := make([]int, n-1)
	order := make([]int, n)
	for i := range stream {
		stream[i] = byte('a' + i%26)
		order[i] = n - 1 - i
		if i > 0 {
			cuts[i-1] = i
		}
	}
	ra, recs := reassemble(t, Options{}, pcapOf(segments(stream, cuts, order)...))
	if len(recs) != 1 || !bytes.Equal(recs[0].data, stream) || len(recs[0].gaps) != 0 {
		t.Fatalf("the stream was not reassembled (gaps %q)", recs[0].gaps)
	}
	if recs[0].starts != n {
		t.Errorf("%d segment starts, want %d", recs[0].starts, n)
	}
	limit := 3 * n * bits.Len(n)
	if ra.work > limit {
		t.Errorf("%d comparisons for %d segments, want at most %d (3 n log2 n)", ra.work, n, limit)
	}
}

// TestHeldLimits checks that out-of-order data is held only up to the
// limits: past them the missing octets are given up, as a gap.
func TestHeldLimits(t *testing.T) {
	stream := []byte("0123456789abcdefghij")
	cuts := make([]int, 19)
	order := make([]int, 0, 19)
	for i := range cuts {
		cuts[i] = i + 1
		order = append(order, i+1) // the first octet is never sent
	}
	for _, opts := range []Options{{MaxHeldSegments: 5}, {MaxHeldOctets: 5}} {
		_, recs := reassemble(t, opts, pcapOf(segments(stream, cuts, order)...))
		want := []string{"1@0 given up: the out-of-order data held after them exceeded the limit"}
		if d := cmp.Diff(want, recs[0].gaps); d != "" {
			t.Errorf("%+v: gaps (-want +got)\n%s", opts, d)
		}
		if want := "_" + string(stream[1:]); string(recs[0].data) != want {
			t.Errorf("%+v: stream %q, want %q", opts, recs[0].data, want)
		}
	}
	// Without the limits, the hole is reported at the end.
	_, recs := reassemble(t, Options{}, pcapOf(segments(stream, cuts, order)...))
	if want := []string{"1@0 never seen before the connection ended"}; !cmp.Equal(want, recs[0].gaps) {
		t.Errorf("gaps %q, want %q", recs[0].gaps, want)
	}
}

// TestLostByCapture: the server acknowledges octets the capture lacks, so
// the gap is reported at once and the held data follows.
func TestLostByCapture(t *testing.T) {
	stream := []byte("0123456789")
	pkts := segments(stream, []int{3, 6}, []int{0, 2})
	const isn = 0xfffffff0
	pkts = append(pkts, ipv4TCP(true, 77, isn+1+10, tcpACK, nil))
	var recs []*recorder
	ra := NewReassembler(Options{}, func(f Flow) Stream { r := &recorder{flow: f}; recs = append(recs, r); return r })
	if err := Read(bufio.NewReader(bytes.NewReader(pcapOf(pkts...))), ra.Packet); err != nil {
		t.Fatal(err)
	}
	// Before Finish: the ACK alone made the gap known.
	if want := []string{"3@3 lost by the capture"}; len(recs) != 1 || !cmp.Equal(want, recs[0].gaps) || string(recs[0].data) != "012___6789" {
		t.Fatalf("streams %+v, want one with gaps %q", recs, want)
	}
	_ = ra
}

func TestPortAndFlows(t *testing.T) {
	pkts := [][]byte{
		ipv4TCP(false, 1, 0, tcpACK, []byte("a")),
		ipv4TCP(true, 1, 0, tcpACK, []byte("b")),
		{0x45, 0, 0, 20}, // truncated IP: skipped
	}
	ra, recs := reassemble(t, Options{Port: 2555}, pcapOf(pkts...))
	if len(recs) != 2 || ra.Skipped != 1 || ra.Refused != 0 {
		t.Errorf("port 2555: %d streams, %d skipped, %d refused", len(recs), ra.Skipped, ra.Refused)
	}
	_, recs = reassemble(t, Options{Port: 80}, pcapOf(pkts...))
	if len(recs) != 0 {
		t.Errorf("port 80: %d streams", len(recs))
	}
	ra, recs = reassemble(t, Options{MaxFlows: 1}, pcapOf(pkts...))
	if len(recs) != 1 || ra.Refused != 1 {
		t.Errorf("one flow: %d streams, %d refused", len(recs), ra.Refused)
	}
}

// ipUDP builds an IPv4 (v6 false) or IPv6 packet holding a UDP datagram
// from port 5060 to 5061.
func ipUDP(v6 bool, payload []byte) []byte {
	udp := binary.BigEndian.AppendUint16(nil, 5060)
	udp = binary.BigEndian.AppendUint16(udp, 5061)
	udp = binary.BigEndian.AppendUint16(udp, uint16(8+len(payload)))
	udp = append(udp, 0, 0)
	udp = append(udp, payload...)
	if !v6 {
		ip := []byte{0x45, 0, 0, 0, 0, 1, 0x40, 0, 64, protoUDP, 0, 0}
		binary.BigEndian.PutUint16(ip[2:], uint16(20+len(udp)))
		return append(append(append(ip, 10, 0, 0, 1), 10, 0, 0, 2), udp...)
	}
	ip := []byte{0x60, 0, 0, 0, 0, 0, protoUDP, 64}
	binary.BigEndian.PutUint16(ip[4:], uint16(len(udp)))
	ip = append(ip, make([]byte, 32)...)
	ip[23], ip[39] = 1, 2 // ::1 > ::2
	return append(ip, udp...)
}

// TestDatagrams: UDP datagrams over IPv4 and IPv6 reach Options.Datagram
// with their addresses, in capture order, among TCP segments; a bad UDP
// length is skipped; without Datagram, UDP is skipped; Port filters UDP.
func TestDatagrams(t *testing.T) {
	badLen := ipUDP(false, []byte("x"))
	binary.BigEndian.PutUint16(badLen[24:], 200)
	file := pcapOf(
		ipUDP(false, []byte("one")),
		ipv4TCP(false, 1, 0, tcpACK, []byte("tcp")),
		ipUDP(true, []byte("two")),
		badLen,
		ipUDP(false, nil),
	)
	var got []string
	opts := Options{Datagram: func(f Flow, _ time.Time, p []byte) {
		got = append(got, f.String()+" "+string(p))
	}}
	ra, recs := reassemble(t, opts, file)
	want := []string{"10.0.0.1:5060 > 10.0.0.2:5061 one", "[::1]:5060 > [::2]:5061 two", "10.0.0.1:5060 > 10.0.0.2:5061 "}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("datagrams: -want +got\n%s", d)
	}
	if ra.Datagrams != 3 || ra.Skipped != 1 || len(recs) != 1 || string(recs[0].data) != "tcp" {
		t.Errorf("%d datagrams, %d skipped, streams %+v", ra.Datagrams, ra.Skipped, recs)
	}
	got = nil
	opts.Port = 2555
	if ra, _ = reassemble(t, opts, file); len(got) != 0 || ra.Datagrams != 0 {
		t.Errorf("port 2555: datagrams %q", got)
	}
	if ra, _ = reassemble(t, Options{}, file); ra.Skipped != 4 || ra.Datagrams != 0 {
		t.Errorf("without Datagram: %d skipped, %d datagrams", ra.Skipped, ra.Datagrams)
	}
}

func TestMalformed(t *testing.T) {
	good := pcapOf(ipv4TCP(false, 1, 0, tcpACK, []byte("abc")))
	goodng := pcapngOf(ipv4TCP(false, 1, 0, tcpACK, []byte("abc")))
	huge := bytes.Clone(good)
	binary.LittleEndian.PutUint32(huge[24+8:], 0x7fffffff)
	hugeng := bytes.Clone(goodng)
	binary.BigEndian.PutUint32(hugeng[4:], 0x7ffffff0)
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "EOF"},
		{"pcap truncated", good[:len(good)-2], "truncated packet data"},
		{"pcap header truncated", good[:20], "pcap header"},
		{"pcap huge record", huge, "claims 2147483647 captured octets"},
		{"pcapng huge block", hugeng, "pcapng block at offset 0"},
		{"pcapng truncated", goodng[:len(goodng)-3], "truncated"},
		{"not a capture", []byte("hello world, not a capture"), "not a pcap file"},
	}
	for _, tt := range tests {
		err := Read(bufio.NewReader(bytes.NewReader(tt.in)), func(uint32, time.Time, []byte) {})
		if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want ErrMalformed and %q", tt.name, err, tt.want)
		}
	}
	if !IsCapture(good) || !IsCapture(goodng) || IsCapture([]byte("abcd")) || IsCapture(good[:3]) {
		t.Errorf("IsCapture")
	}
}

// fragments cuts the UDP datagram (header and payload) of an ipUDP packet
// into IP fragments at the given offsets (multiples of 8), IPv4 or IPv6
// as the packet is.
func fragments(pkt []byte, id uint32, cuts ...int) [][]byte {
	v6 := pkt[0]>>4 == 6
	hl := 20
	if v6 {
		hl = 40
	}
	udp := pkt[hl:]
	var out [][]byte
	bounds := append(append([]int{0}, cuts...), len(udp))
	for i := 0; i+1 < len(bounds); i++ {
		lo, hi := bounds[i], bounds[i+1]
		more := i+2 < len(bounds)
		data := udp[lo:hi]
		if !v6 {
			ip := bytes.Clone(pkt[:20])
			binary.BigEndian.PutUint16(ip[2:], uint16(20+len(data)))
			binary.BigEndian.PutUint16(ip[4:], uint16(id))
			f := uint16(lo / 8)
			if more {
				f |= 0x2000
			}
			binary.BigEndian.PutUint16(ip[6:], f)
			out = append(out, append(ip, data...))
			continue
		}
		ip := bytes.Clone(pkt[:40])
		ip[6] = 44
		binary.BigEndian.PutUint16(ip[4:], uint16(8+len(data)))
		fh := []byte{protoUDP, 0, 0, 0, 0, 0, 0, 0}
		v := uint16(lo)
		if more {
			v |= 1
		}
		binary.BigEndian.PutUint16(fh[2:], v)
		binary.BigEndian.PutUint32(fh[4:], id)
		out = append(out, append(append(ip, fh...), data...))
	}
	return out
}

// TestFragments: UDP datagrams cut into IP fragments (IPv4 and IPv6, in
// and out of order, with a duplicate) are put together; overlapping or
// inconsistent fragments drop their datagram; MaxFragmented bounds the
// datagrams held, dropping the oldest.
func TestFragments(t *testing.T) {
	payload := bytes.Repeat([]byte("0123456789abcdef"), 200) // 3200 octets
	v4 := fragments(ipUDP(false, payload), 7, 1480, 2960)
	v6 := fragments(ipUDP(true, payload), 9, 1232, 2464)
	overlapping := fragments(ipUDP(false, payload), 8, 1480, 2960)
	o := overlapping[1]
	binary.BigEndian.PutUint16(o[6:], 0x2000|uint16(1472/8)) // starts 8 octets early, other content
	o[20] ^= 0xff
	short := fragments(ipUDP(false, payload), 10, 1480) // a last fragment, then one beyond it
	beyond := fragments(ipUDP(false, payload), 10, 1480, 2960)[2]
	var got []int
	opts := Options{Datagram: func(_ Flow, _ time.Time, p []byte) {
		if !bytes.Equal(p, payload) {
			t.Errorf("datagram of %d octets is not the payload", len(p))
		}
		got = append(got, len(p))
	}}
	file := pcapOf(v4[2], v4[0], v4[0], v4[1], v6[1], v6[0], v6[2],
		overlapping[0], overlapping[1], overlapping[2],
		short[1], beyond, short[0])
	ra, _ := reassemble(t, opts, file)
	if len(got) != 2 || ra.Defragmented != 2 || ra.FragmentsDropped != 2 || ra.Skipped != 0 {
		t.Errorf("%d datagrams %v, %d defragmented, %d dropped, %d skipped; want 2, 2, 2, 0", len(got), got, ra.Defragmented, ra.FragmentsDropped, ra.Skipped)
	}
	if len(ra.frags) != 2 { // the fragments after each drop start anew
		t.Errorf("%d datagrams left in reassembly, want 2", len(ra.frags))
	}

	// The oldest goes when MaxFragmented are held.
	var pkts [][]byte
	for id := range uint32(10) {
		pkts = append(pkts, fragments(ipUDP(false, payload), id, 1480)[0])
	}
	pkts = append(pkts, fragments(ipUDP(false, payload), 9, 1480)[1], fragments(ipUDP(false, payload), 0, 1480)[1])
	got = nil
	opts.MaxFragmented = 4
	ra, _ = reassemble(t, opts, pcapOf(pkts...))
	// Held: 6 to 8, and 0 anew (its first fragment was dropped).
	if len(got) != 1 || ra.FragmentsDropped != 6 || len(ra.frags) != 4 || len(ra.fragOrder) > 2*opts.MaxFragmented {
		t.Errorf("limit 4: %d datagrams, %d dropped, %d held, order %d; want 1, 6, 4", len(got), ra.FragmentsDropped, len(ra.frags), len(ra.fragOrder))
	}
}

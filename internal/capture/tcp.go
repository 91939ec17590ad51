package capture

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"time"
)

// Defaults of Options.
const (
	// DefaultMaxHeldOctets is the default of Options.MaxHeldOctets.
	DefaultMaxHeldOctets = 4 << 20
	// DefaultMaxHeldSegments is the default of Options.MaxHeldSegments.
	DefaultMaxHeldSegments = 1 << 16
	// DefaultMaxFlows is the default of Options.MaxFlows.
	DefaultMaxFlows = 4096
	// DefaultMaxFragmented is the default of Options.MaxFragmented: with
	// IP datagrams of 65535 octets at most, 4 MiB held.
	DefaultMaxFragmented = 64
)

// Options are the limits of a Reassembler; zero values take the defaults.
type Options struct {
	// Port, when not 0, restricts the reassembly to the connections with
	// this port at either end.
	Port uint16
	// MaxHeldOctets and MaxHeldSegments bound the data held per direction
	// while an earlier segment is missing: when either is exceeded, the
	// missing octets are given up (a Gap with GapHeldLimit) and the held
	// data that follows them is delivered.
	MaxHeldOctets   int
	MaxHeldSegments int
	// MaxFlows bounds the directions followed at once; the packets of
	// further directions are counted in Reassembler.Refused and dropped.
	MaxFlows int
	// MaxFragmented bounds the IP datagrams held in reassembly from their
	// fragments (RFC 791, RFC 8200 4.5); beyond it the oldest is dropped
	// and counted in Reassembler.FragmentsDropped.
	MaxFragmented int
	// Datagram, when not nil, receives the payload of every UDP datagram
	// (RFC 768; on Port when Port is set) as it comes, valid only until it
	// returns. Without it UDP packets are counted in Skipped.
	Datagram func(f Flow, ts time.Time, payload []byte)
}

// A Flow names one direction of a TCP connection, or the source and
// destination of a UDP datagram.
type Flow struct{ Src, Dst netip.AddrPort }

// Reverse returns the other direction of the connection.
func (f Flow) Reverse() Flow { return Flow{f.Dst, f.Src} }

// String returns "src > dst" ("10.0.0.1:40000 > 10.0.0.2:2555").
func (f Flow) String() string { return f.Src.String() + " > " + f.Dst.String() }

// A GapReason says why a Stream is told of missing octets.
type GapReason int

// Gap reasons.
const (
	// GapLost: the peer acknowledged octets that the capture lacks while
	// later ones are held; they were lost by the capture and will never
	// come.
	GapLost GapReason = iota
	// GapHeldLimit: the data held after the missing octets exceeded
	// Options.MaxHeldOctets or Options.MaxHeldSegments.
	GapHeldLimit
	// GapEnd: the direction ended (end of capture, or a new connection on
	// the same ports) with octets missing before held ones.
	GapEnd
)

func (r GapReason) String() string {
	switch r {
	case GapLost:
		return "lost by the capture"
	case GapHeldLimit:
		return "given up: the out-of-order data held after them exceeded the limit"
	case GapEnd:
		return "never seen before the connection ended"
	}
	return fmt.Sprintf("GapReason(%d)", int(r))
}

// A Stream receives the octets of one direction of a TCP connection, in
// order.
type Stream interface {
	// Data delivers the octets that follow those delivered (and skipped)
	// so far; p is valid only until Data returns. segStart says that p
	// begins a TCP segment (a place where a lost framing may be found
	// again).
	Data(p []byte, ts time.Time, segStart bool)
	// Gap says that the next n octets of the stream are missing.
	Gap(n int64, why GapReason)
	// End says that the direction ended; nothing follows.
	End()
}

// A Reassembler follows the TCP connections of a capture (RFC 9293):
// segments are put in sequence-number order, retransmitted octets dropped,
// and octets that arrive before a missing segment held, up to the limits of
// Options. Held segments are kept in a heap by stream offset, so each
// segment costs O(log n) however the capture orders them.
type Reassembler struct {
	opts      Options
	newStream func(Flow) Stream
	dirs      map[Flow]*direction
	order     []*direction // in order of first appearance, for a deterministic end

	// Flows counts the directions followed, Datagrams the UDP datagrams
	// handed to Options.Datagram, Skipped the packets that were not TCP
	// (or UDP with Options.Datagram) over IPv4 or IPv6, and Refused the
	// packets of directions beyond Options.MaxFlows.
	Flows, Datagrams, Skipped, Refused int
	// Defragmented counts the IP datagrams put together from fragments,
	// FragmentsDropped those given up: overlapping or inconsistent
	// fragments, or beyond Options.MaxFragmented (a datagram still
	// incomplete at the end of the capture is not counted).
	Defragmented, FragmentsDropped int

	frags     map[fragKey]*fragDatagram
	fragOrder []fragKey // in order of first fragment, for dropping the oldest

	work int // heap comparisons, for the tests of its complexity
}

// NewReassembler returns a Reassembler that calls newStream for each new
// direction of a connection (with data or a SYN) and delivers that
// direction's octets to the Stream it returns.
func NewReassembler(opts Options, newStream func(Flow) Stream) *Reassembler {
	if opts.MaxHeldOctets <= 0 {
		opts.MaxHeldOctets = DefaultMaxHeldOctets
	}
	if opts.MaxHeldSegments <= 0 {
		opts.MaxHeldSegments = DefaultMaxHeldSegments
	}
	if opts.MaxFlows <= 0 {
		opts.MaxFlows = DefaultMaxFlows
	}
	if opts.MaxFragmented <= 0 {
		opts.MaxFragmented = DefaultMaxFragmented
	}
	return &Reassembler{opts: opts, newStream: newStream, dirs: map[Flow]*direction{}, frags: map[fragKey]*fragDatagram{}}
}

// A direction reassembles one direction of a connection.
type direction struct {
	flow    Flow
	s       Stream
	started bool   // next is known
	next    uint32 // sequence number of the next octet expected
	pos     int64  // stream offset of next: octets delivered and skipped
	held    segHeap
	octets  int           // octets in held
	starts  map[int64]int // longest held segment at each stream offset
}

// A segment is a held segment, its data copied out of the packet.
type segment struct {
	off  int64 // stream offset of data[0]
	data []byte
	ts   time.Time
}

// Link-layer header types (https://www.tcpdump.org/linktypes.html).
const (
	linkNull     = 0   // BSD loopback: 4-octet address family, host order
	linkEthernet = 1   // IEEE 802.3
	linkRaw      = 101 // raw IPv4 or IPv6
	linkLoop     = 108 // OpenBSD loopback: 4-octet address family, network order
	linkSLL      = 113 // Linux cooked capture v1
	linkIPv4     = 228
	linkIPv6     = 229
	linkSLL2     = 276 // Linux cooked capture v2
)

// IP protocol numbers.
const (
	protoTCP = 6
	protoUDP = 17
)

// TCP flags (RFC 9293 3.1).
const (
	tcpFIN = 0x01
	tcpSYN = 0x02
	tcpACK = 0x10
)

// Packet takes one captured packet (a PacketFunc).
func (t *Reassembler) Packet(link uint32, ts time.Time, data []byte) {
	ip, ok := linkPayload(link, data)
	if !ok {
		t.Skipped++
		return
	}
	pkt, ok := ipPayload(ip)
	if ok && pkt.frag {
		if pkt.payload, ok = t.defragment(&pkt); !ok {
			return // held until the datagram is whole, or dropped
		}
	}
	src, dst, seg := pkt.src, pkt.dst, pkt.payload
	if ok && pkt.proto == protoUDP {
		t.datagram(src, dst, ts, seg)
		return
	}
	if !ok || len(seg) < 20 {
		t.Skipped++
		return
	}
	// TCP header, RFC 9293 3.1.
	sport, dport := binary.BigEndian.Uint16(seg), binary.BigEndian.Uint16(seg[2:])
	seq, ack := binary.BigEndian.Uint32(seg[4:]), binary.BigEndian.Uint32(seg[8:])
	hl := int(seg[12]>>4) * 4
	flags := seg[13]
	if hl < 20 || hl > len(seg) {
		t.Skipped++
		return
	}
	if p := t.opts.Port; p != 0 && sport != p && dport != p {
		return
	}
	flow := Flow{netip.AddrPortFrom(src, sport), netip.AddrPortFrom(dst, dport)}
	payload := seg[hl:]
	d := t.dirs[flow]
	if flags&tcpSYN != 0 && d != nil && d.started && seq+1 != d.next {
		t.end(d) // a new connection on the same ports
		delete(t.dirs, flow)
		d = nil
	}
	if d == nil && (len(payload) > 0 || flags&tcpSYN != 0) {
		if len(t.dirs) >= t.opts.MaxFlows {
			t.Refused++
			return
		}
		d = &direction{flow: flow, s: t.newStream(flow), starts: map[int64]int{}}
		t.dirs[flow] = d
		t.order = append(t.order, d)
		t.Flows++
	}
	if d != nil {
		if flags&tcpSYN != 0 {
			seq++ // the SYN occupies one sequence number
			if !d.started {
				d.started, d.next = true, seq
			}
		}
		if len(payload) > 0 {
			if !d.started {
				d.started, d.next = true, seq
			}
			t.segment(d, seq, payload, ts)
		}
	}
	// The peer acknowledged octets of the reverse direction that the
	// capture does not have while later ones are held: they were lost by
	// the capture, not by the network, and will never come.
	if flags&tcpACK != 0 {
		if rev := t.dirs[flow.Reverse()]; rev != nil && len(rev.held) > 0 {
			if a := int32(ack - rev.next); a > 0 && rev.held[0].off <= rev.pos+int64(a) {
				t.skipTo(rev, rev.held[0].off, GapLost)
			}
		}
	}
}

// datagram hands a UDP datagram (RFC 768) to Options.Datagram.
func (t *Reassembler) datagram(src, dst netip.Addr, ts time.Time, seg []byte) {
	if t.opts.Datagram == nil || len(seg) < 8 {
		t.Skipped++
		return
	}
	sport, dport := binary.BigEndian.Uint16(seg), binary.BigEndian.Uint16(seg[2:])
	n := int(binary.BigEndian.Uint16(seg[4:]))
	if n < 8 || n > len(seg) {
		t.Skipped++
		return
	}
	if p := t.opts.Port; p != 0 && sport != p && dport != p {
		return
	}
	t.Datagrams++
	t.opts.Datagram(Flow{netip.AddrPortFrom(src, sport), netip.AddrPortFrom(dst, dport)}, ts, seg[8:n:n])
}

// segment places payload, which starts at sequence number seq.
func (t *Reassembler) segment(d *direction, seq uint32, payload []byte, ts time.Time) {
	if delta := int32(seq - d.next); delta > 0 { // later than expected: hold a copy
		off := d.pos + int64(delta)
		if n, ok := d.starts[off]; ok && n >= len(payload) {
			return // a retransmission of a held segment
		}
		d.starts[off] = len(payload)
		t.push(d, segment{off: off, data: append([]byte(nil), payload...), ts: ts})
		d.octets += len(payload)
		for (d.octets > t.opts.MaxHeldOctets || len(d.held) > t.opts.MaxHeldSegments) && len(d.held) > 0 {
			t.skipTo(d, d.held[0].off, GapHeldLimit)
		}
		return
	}
	skip := d.next - seq // octets already delivered (a retransmission overlaps them)
	if uint64(skip) < uint64(len(payload)) {
		t.deliver(d, payload[skip:], ts, skip == 0)
	}
	t.drain(d)
}

// deliver feeds p, the octets at d.pos.
func (t *Reassembler) deliver(d *direction, p []byte, ts time.Time, segStart bool) {
	d.s.Data(p, ts, segStart)
	d.next += uint32(len(p))
	d.pos += int64(len(p))
}

// drain delivers the held segments that have become contiguous.
func (t *Reassembler) drain(d *direction) {
	for len(d.held) > 0 && d.held[0].off <= d.pos {
		s := t.pop(d)
		if skip := d.pos - s.off; skip < int64(len(s.data)) {
			t.deliver(d, s.data[skip:], s.ts, skip == 0)
		}
	}
}

// skipTo gives up the octets before stream offset off as missing and
// delivers what follows.
func (t *Reassembler) skipTo(d *direction, off int64, why GapReason) {
	if n := off - d.pos; n > 0 {
		d.s.Gap(n, why)
		d.pos = off
		d.next += uint32(n)
	}
	t.drain(d)
}

// end closes a direction: held segments after a hole are delivered after
// reporting the hole, then the stream ends.
func (t *Reassembler) end(d *direction) {
	for len(d.held) > 0 {
		t.skipTo(d, d.held[0].off, GapEnd)
	}
	d.s.End()
}

// Finish ends every direction, in order of first appearance.
func (t *Reassembler) Finish() {
	for _, d := range t.order {
		if t.dirs[d.flow] == d {
			t.end(d)
		}
	}
	clear(t.dirs)
	t.order = nil
}

// A segHeap is a binary min-heap of held segments by stream offset.
type segHeap []segment

func (t *Reassembler) less(h segHeap, i, j int) bool {
	t.work++
	return h[i].off < h[j].off
}

// push adds s to d's held segments.
func (t *Reassembler) push(d *direction, s segment) {
	d.held = append(d.held, s)
	h := d.held
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if !t.less(h, i, p) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

// pop removes and returns d's held segment of lowest offset.
func (t *Reassembler) pop(d *direction) segment {
	h := d.held
	s := h[0]
	last := len(h) - 1
	h[0] = h[last]
	h[last] = segment{}
	h = h[:last]
	for i := 0; ; {
		l, m := 2*i+1, i
		if l < len(h) && t.less(h, l, m) {
			m = l
		}
		if r := l + 1; r < len(h) && t.less(h, r, m) {
			m = r
		}
		if m == i {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
	d.held = h
	d.octets -= len(s.data)
	if d.starts[s.off] == len(s.data) {
		delete(d.starts, s.off)
	}
	return s
}

// linkPayload strips the link-layer header and returns the IP packet.
func linkPayload(link uint32, b []byte) ([]byte, bool) {
	var etype uint16
	switch link {
	case linkEthernet:
		if len(b) < 14 {
			return nil, false
		}
		etype, b = binary.BigEndian.Uint16(b[12:]), b[14:]
		for (etype == 0x8100 || etype == 0x88a8) && len(b) >= 4 { // 802.1Q / 802.1ad VLAN tags
			etype, b = binary.BigEndian.Uint16(b[2:]), b[4:]
		}
	case linkSLL:
		if len(b) < 16 {
			return nil, false
		}
		etype, b = binary.BigEndian.Uint16(b[14:]), b[16:]
	case linkSLL2:
		if len(b) < 20 {
			return nil, false
		}
		etype, b = binary.BigEndian.Uint16(b), b[20:]
	case linkRaw, linkIPv4, linkIPv6:
		return b, len(b) > 0
	case linkNull, linkLoop:
		if len(b) < 4 {
			return nil, false
		}
		return b[4:], true // the address family; the IP version says the rest
	default:
		return nil, false
	}
	return b, etype == 0x0800 || etype == 0x86dd
}

// An ipPacket is the part of an IP packet the Reassembler uses.
type ipPacket struct {
	src, dst netip.Addr
	proto    byte
	payload  []byte // the TCP segment or UDP datagram, or this fragment of it
	frag     bool   // a fragment: id, off and more say which
	id       uint32
	off      int
	more     bool
}

// ipPayload parses an IPv4 (RFC 791) or IPv6 (RFC 8200) header and returns
// the addresses, the protocol and the payload (or fragment) of a TCP or
// UDP packet; other protocols are refused.
func ipPayload(b []byte) (p ipPacket, ok bool) {
	if len(b) < 1 {
		return p, false
	}
	switch b[0] >> 4 {
	case 4:
		if len(b) < 20 {
			return p, false
		}
		ihl := int(b[0]&0x0f) * 4
		total := int(binary.BigEndian.Uint16(b[2:]))
		if ihl < 20 || total < ihl || total > len(b) || (b[9] != protoTCP && b[9] != protoUDP) {
			return p, false
		}
		p.src, p.dst = netip.AddrFrom4([4]byte(b[12:16])), netip.AddrFrom4([4]byte(b[16:20]))
		p.proto, p.payload = b[9], b[ihl:total]
		if frag := binary.BigEndian.Uint16(b[6:]); frag&0x3fff != 0 { // MF set or an offset
			p.frag, p.id, p.off, p.more = true, uint32(binary.BigEndian.Uint16(b[4:])), int(frag&0x1fff)*8, frag&0x2000 != 0
		}
		return p, true
	case 6:
		if len(b) < 40 {
			return p, false
		}
		plen := int(binary.BigEndian.Uint16(b[4:]))
		if 40+plen > len(b) {
			return p, false
		}
		p.src, p.dst = netip.AddrFrom16([16]byte(b[8:24])), netip.AddrFrom16([16]byte(b[24:40]))
		next, rest := b[6], b[40:40+plen]
		for {
			switch next {
			case protoTCP, protoUDP:
				p.proto, p.payload = next, rest
				return p, true
			case 44: // fragment header (RFC 8200 4.5), once
				if len(rest) < 8 || p.frag {
					return p, false
				}
				v := binary.BigEndian.Uint16(rest[2:])
				p.frag, p.id, p.off, p.more = true, binary.BigEndian.Uint32(rest[4:]), int(v&^7), v&1 != 0
				next, rest = rest[0], rest[8:]
			case 0, 43, 60: // hop-by-hop, routing, destination options
				if p.frag || len(rest) < 8 || 8+int(rest[1])*8 > len(rest) {
					return p, false // options after a fragment header are in the fragments
				}
				next, rest = rest[0], rest[8+int(rest[1])*8:]
			default: // ESP, AH and anything else
				return p, false
			}
		}
	}
	return p, false
}

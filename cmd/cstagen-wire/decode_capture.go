package main

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"net/netip"
	"sort"
	"time"
)

// Limits of the capture reader.
const (
	// maxCapturedPacket bounds the captured length of one packet (snap
	// lengths are 262144 at most in practice); larger claims are errors, so
	// a corrupt header never makes the reader allocate.
	maxCapturedPacket = 1 << 20
	// maxBlock bounds a pcapng block that is read into memory (packet
	// blocks, interface descriptions); other blocks are skipped unread.
	maxBlock = maxCapturedPacket + 4096
	// defaultMaxReorder is the default of -max-reorder: octets of TCP data
	// held per direction while an earlier segment is missing.
	defaultMaxReorder = 4 << 20
	// maxFlows bounds the TCP directions followed at once.
	maxFlows = 4096
)

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

// errCapture marks a malformed capture file.
var errCapture = errors.New("malformed capture")

// packetSink receives the packets of a capture.
type packetSink func(link uint32, ts time.Time, data []byte)

// decodeCapture reads a pcap or pcapng capture from r and decodes the CSTA
// messages in its TCP streams.
func (d *decoder) decodeCapture(r *bufio.Reader) error {
	tr := newTCPReassembler(d)
	head, err := r.Peek(4)
	if err != nil {
		return fmt.Errorf("%w: %v", errCapture, err)
	}
	if binary.BigEndian.Uint32(head) == pcapngBlockSHB {
		err = readPcapng(r, tr.packet)
	} else {
		err = readPcap(r, tr.packet)
	}
	tr.finish()
	if tr.skipped > 0 {
		d.notice("%d packets were not TCP over IPv4/IPv6 or were IP fragments, and were skipped", tr.skipped)
	}
	if tr.flows == 0 && err == nil {
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

// readPcap reads a classic pcap file (the libpcap format): a 24-octet
// global header, then per packet a 16-octet record header and the data.
func readPcap(r *bufio.Reader, sink packetSink) error {
	var hdr [24]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return fmt.Errorf("%w: pcap header: %v", errCapture, err)
	}
	var bo binary.ByteOrder = binary.LittleEndian
	nano := false
	switch binary.LittleEndian.Uint32(hdr[:]) {
	case pcapMagicMicro:
	case pcapMagicNano:
		nano = true
	case pcapMagicSwapped:
		bo = binary.BigEndian
	case pcapNanoSwapped:
		bo, nano = binary.BigEndian, true
	default:
		return fmt.Errorf("%w: not a pcap file", errCapture)
	}
	link := bo.Uint32(hdr[20:]) & 0xffff // the upper bits carry FCS information
	buf := make([]byte, 0, 64<<10)
	var rec [16]byte
	for off := int64(24); ; {
		if _, err := io.ReadFull(r, rec[:]); err != nil {
			if err == io.EOF {
				return nil
			}
			return fmt.Errorf("%w: pcap record header at offset %d: truncated", errCapture, off)
		}
		sec, frac, incl := bo.Uint32(rec[0:]), bo.Uint32(rec[4:]), bo.Uint32(rec[8:])
		if incl > maxCapturedPacket {
			return fmt.Errorf("%w: pcap record at offset %d claims %d captured octets (limit %d)", errCapture, off, incl, maxCapturedPacket)
		}
		buf = growTo(buf, int(incl))
		if _, err := io.ReadFull(r, buf); err != nil {
			return fmt.Errorf("%w: pcap record at offset %d: truncated packet data", errCapture, off)
		}
		ns := int64(frac) * 1000
		if nano {
			ns = int64(frac)
		}
		sink(link, time.Unix(int64(sec), ns), buf)
		off += 16 + int64(incl)
	}
}

// growTo returns b resized to n octets, reusing its array when it can.
// Callers bound n first.
func growTo(b []byte, n int) []byte {
	if cap(b) < n {
		b = make([]byte, n)
	}
	return b[:n]
}

// pcapng block types.
const (
	pcapngIDB = 1 // interface description
	pcapngOPB = 2 // packet (obsolete)
	pcapngSPB = 3 // simple packet
	pcapngEPB = 6 // enhanced packet
)

// pcapngIface is what a packet needs of its interface.
type pcapngIface struct {
	link    uint32
	snap    uint32
	unitsHi uint64 // timestamp units per second ...
	shift   uint   // ... or, when unitsHi is 0, 2^shift units per second
	offset  int64  // if_tsoffset, seconds
}

// readPcapng reads a pcapng file: blocks of type, total length, body and
// total length again, in the byte order the section header announces.
func readPcapng(r *bufio.Reader, sink packetSink) error {
	var bo binary.ByteOrder = binary.LittleEndian
	var ifaces []pcapngIface
	buf := make([]byte, 0, 64<<10)
	var hdr [12]byte
	for off := int64(0); ; {
		if _, err := io.ReadFull(r, hdr[:8]); err != nil {
			if err == io.EOF {
				return nil
			}
			return fmt.Errorf("%w: pcapng block header at offset %d: truncated", errCapture, off)
		}
		typ := binary.LittleEndian.Uint32(hdr[:])
		if typ == pcapngBlockSHB {
			if _, err := io.ReadFull(r, hdr[8:12]); err != nil {
				return fmt.Errorf("%w: pcapng section header at offset %d: truncated", errCapture, off)
			}
			switch binary.LittleEndian.Uint32(hdr[8:]) {
			case 0x1a2b3c4d:
				bo = binary.LittleEndian
			case 0x4d3c2b1a:
				bo = binary.BigEndian
			default:
				return fmt.Errorf("%w: pcapng section header at offset %d: bad byte-order magic", errCapture, off)
			}
			ifaces = ifaces[:0] // interfaces are numbered per section
		} else {
			typ = bo.Uint32(hdr[:])
		}
		total := bo.Uint32(hdr[4:])
		if total < 12 || total%4 != 0 {
			return fmt.Errorf("%w: pcapng block at offset %d: bad length %d", errCapture, off, total)
		}
		consumed := uint32(8)
		if typ == pcapngBlockSHB {
			consumed = 12
		}
		if total < consumed+4 {
			return fmt.Errorf("%w: pcapng block at offset %d: bad length %d", errCapture, off, total)
		}
		body := int64(total) - int64(consumed) - 4 // without the trailing length
		switch typ {
		case pcapngIDB, pcapngEPB, pcapngSPB, pcapngOPB:
			if body > maxBlock {
				return fmt.Errorf("%w: pcapng block at offset %d: %d octets (limit %d)", errCapture, off, total, maxBlock)
			}
			buf = growTo(buf, int(body)+4)
			if _, err := io.ReadFull(r, buf); err != nil {
				return fmt.Errorf("%w: pcapng block at offset %d: truncated", errCapture, off)
			}
			if bo.Uint32(buf[body:]) != total {
				return fmt.Errorf("%w: pcapng block at offset %d: trailing length differs from leading length", errCapture, off)
			}
			b := buf[:body]
			if typ == pcapngIDB {
				ifc, err := parseIDB(bo, b)
				if err != nil {
					return fmt.Errorf("%w: pcapng interface description at offset %d: %v", errCapture, off, err)
				}
				ifaces = append(ifaces, ifc)
				break
			}
			if err := pcapngPacket(bo, typ, b, ifaces, sink); err != nil {
				return fmt.Errorf("%w: pcapng packet block at offset %d: %v", errCapture, off, err)
			}
		default: // section header body, statistics, name resolution, ...: skipped
			if n, err := r.Discard(int(body) + 4); err != nil || n != int(body)+4 {
				return fmt.Errorf("%w: pcapng block at offset %d: truncated", errCapture, off)
			}
		}
		off += int64(total)
	}
}

// parseIDB reads an interface description block body: link type, snap
// length and the options if_tsresol (9) and if_tsoffset (14).
func parseIDB(bo binary.ByteOrder, b []byte) (pcapngIface, error) {
	if len(b) < 8 {
		return pcapngIface{}, errors.New("too short")
	}
	ifc := pcapngIface{link: uint32(bo.Uint16(b)), snap: bo.Uint32(b[4:]), unitsHi: 1e6}
	opts := b[8:]
	for len(opts) >= 4 {
		code, n := bo.Uint16(opts), int(bo.Uint16(opts[2:]))
		if code == 0 { // opt_endofopt
			break
		}
		if 4+n > len(opts) {
			return ifc, errors.New("option overruns the block")
		}
		v := opts[4 : 4+n]
		switch {
		case code == 9 && n >= 1: // if_tsresol
			if v[0]&0x80 != 0 {
				if v[0]&0x7f > 63 {
					return ifc, errors.New("if_tsresol out of range")
				}
				ifc.unitsHi, ifc.shift = 0, uint(v[0]&0x7f)
			} else {
				if v[0] > 19 {
					return ifc, errors.New("if_tsresol out of range")
				}
				ifc.unitsHi = 1
				for range v[0] {
					ifc.unitsHi *= 10
				}
			}
		case code == 14 && n >= 8: // if_tsoffset
			ifc.offset = int64(bo.Uint64(v))
		}
		opts = opts[4+(n+3)&^3:]
	}
	return ifc, nil
}

// pcapngPacket hands the packet of an EPB, SPB or OPB body to sink.
func pcapngPacket(bo binary.ByteOrder, typ uint32, b []byte, ifaces []pcapngIface, sink packetSink) error {
	var id uint32
	var ts uint64
	var data []byte
	switch typ {
	case pcapngEPB, pcapngOPB:
		if len(b) < 20 {
			return errors.New("too short")
		}
		if typ == pcapngEPB {
			id = bo.Uint32(b)
		} else {
			id = uint32(bo.Uint16(b))
		}
		ts = uint64(bo.Uint32(b[4:]))<<32 | uint64(bo.Uint32(b[8:]))
		capLen := bo.Uint32(b[12:])
		if uint64(capLen) > uint64(len(b)-20) {
			return fmt.Errorf("captured length %d overruns the block", capLen)
		}
		data = b[20 : 20+capLen]
	case pcapngSPB:
		if len(b) < 4 {
			return errors.New("too short")
		}
		orig := bo.Uint32(b)
		data = b[4:]
		if uint64(orig) < uint64(len(data)) {
			data = data[:orig]
		}
		if len(ifaces) > 0 && ifaces[0].snap != 0 && uint64(len(data)) > uint64(ifaces[0].snap) {
			data = data[:ifaces[0].snap]
		}
	}
	if int(id) >= len(ifaces) {
		return fmt.Errorf("interface %d not described", id)
	}
	ifc := &ifaces[id]
	sink(ifc.link, ifc.time(ts), data)
	return nil
}

// time converts a timestamp in the interface's units.
func (ifc *pcapngIface) time(ts uint64) time.Time {
	var sec, ns uint64
	if ifc.unitsHi != 0 {
		sec = ts / ifc.unitsHi
		hi, lo := bits.Mul64(ts%ifc.unitsHi, 1e9)
		ns, _ = bits.Div64(hi, lo, ifc.unitsHi)
	} else {
		sec = ts >> ifc.shift
		hi, lo := bits.Mul64(ts&(1<<ifc.shift-1), 1e9)
		ns = lo>>ifc.shift | hi<<(64-ifc.shift)
		if ifc.shift == 0 {
			ns = 0
		}
	}
	return time.Unix(int64(sec)+ifc.offset, int64(ns))
}

// A tcpKey names one direction of a TCP connection.
type tcpKey struct{ src, dst netip.AddrPort }

func (k tcpKey) reverse() tcpKey { return tcpKey{k.dst, k.src} }

func (k tcpKey) String() string { return k.src.String() + " > " + k.dst.String() }

// A tcpDir reassembles one direction of a TCP connection: segments are put
// in sequence-number order (X: RFC 9293 3.4), retransmitted octets dropped,
// and octets that arrive before a missing segment held, up to a bound.
type tcpDir struct {
	key     tcpKey
	s       *stream
	started bool   // next is known
	next    uint32 // sequence number of the next octet expected
	pending []tcpSeg
	held    int // octets in pending
}

// tcpSeg is a held segment (its data copied out of the packet buffer).
type tcpSeg struct {
	seq  uint32
	data []byte
	ts   time.Time
}

// tcpReassembler follows the TCP connections of a capture.
type tcpReassembler struct {
	d       *decoder
	dirs    map[tcpKey]*tcpDir
	order   []*tcpDir // in order of first appearance, for a deterministic end
	flows   int
	skipped int
	full    bool // maxFlows reached (reported once)
}

func newTCPReassembler(d *decoder) *tcpReassembler {
	return &tcpReassembler{d: d, dirs: map[tcpKey]*tcpDir{}}
}

// TCP flags (RFC 9293 3.1).
const (
	tcpFIN = 0x01
	tcpSYN = 0x02
	tcpRST = 0x04
	tcpACK = 0x10
)

// packet takes one captured packet.
func (t *tcpReassembler) packet(link uint32, ts time.Time, data []byte) {
	ip, ok := linkPayload(link, data)
	if !ok {
		t.skipped++
		return
	}
	src, dst, seg, ok := ipPayload(ip)
	if !ok || len(seg) < 20 {
		t.skipped++
		return
	}
	// TCP header, RFC 9293 3.1.
	sport, dport := binary.BigEndian.Uint16(seg), binary.BigEndian.Uint16(seg[2:])
	seq, ack := binary.BigEndian.Uint32(seg[4:]), binary.BigEndian.Uint32(seg[8:])
	hl := int(seg[12]>>4) * 4
	flags := seg[13]
	if hl < 20 || hl > len(seg) {
		t.skipped++
		return
	}
	if p := uint16(t.d.flags.port); p != 0 && sport != p && dport != p {
		return
	}
	key := tcpKey{netip.AddrPortFrom(src, sport), netip.AddrPortFrom(dst, dport)}
	payload := seg[hl:]
	dir := t.dirs[key]
	if flags&tcpSYN != 0 && dir != nil && dir.started && seq+1 != dir.next {
		t.end(dir) // a new connection on the same ports
		delete(t.dirs, key)
		dir = nil
	}
	if dir == nil && (len(payload) > 0 || flags&tcpSYN != 0) {
		if len(t.dirs) >= maxFlows {
			if !t.full {
				t.full = true
				t.d.notice("more than %d TCP directions: the others are ignored (use -port)", maxFlows)
			}
			return
		}
		dir = &tcpDir{key: key, s: t.d.newStream(key.String(), true)}
		t.dirs[key] = dir
		t.order = append(t.order, dir)
		t.flows++
	}
	if dir != nil {
		if flags&tcpSYN != 0 {
			seq++ // the SYN occupies one sequence number
			if !dir.started {
				dir.started, dir.next = true, seq
			}
		}
		if len(payload) > 0 {
			if !dir.started {
				dir.started, dir.next = true, seq
			}
			t.segment(dir, seq, payload, ts)
		}
	}
	// The peer acknowledged octets of the reverse direction that the
	// capture does not have while later ones are held: they were lost by
	// the capture, not by the network, and will never come.
	if flags&tcpACK != 0 {
		if rev := t.dirs[key.reverse()]; rev != nil && len(rev.pending) > 0 && int32(ack-rev.next) > 0 && int32(rev.pending[0].seq-ack) <= 0 {
			t.skipTo(rev, rev.pending[0].seq)
		}
	}
}

// segment places payload, which starts at sequence number seq.
func (t *tcpReassembler) segment(dir *tcpDir, seq uint32, payload []byte, ts time.Time) {
	if int32(seq-dir.next) > 0 { // later than expected: hold a copy
		for _, p := range dir.pending {
			if p.seq == seq && len(p.data) >= len(payload) {
				return // a retransmission of a held segment
			}
		}
		dir.pending = append(dir.pending, tcpSeg{seq: seq, data: append([]byte(nil), payload...), ts: ts})
		dir.held += len(payload)
		sort.SliceStable(dir.pending, func(i, j int) bool { return int32(dir.pending[i].seq-dir.pending[j].seq) < 0 })
		for dir.held > t.d.flags.maxReorder && len(dir.pending) > 0 {
			t.skipTo(dir, dir.pending[0].seq)
		}
		return
	}
	t.deliver(dir, seq, payload, ts)
	t.drain(dir)
}

// deliver feeds the part of a segment beyond dir.next, if any.
func (t *tcpReassembler) deliver(dir *tcpDir, seq uint32, payload []byte, ts time.Time) {
	skip := dir.next - seq // octets already delivered (a retransmission overlaps them)
	if uint64(skip) >= uint64(len(payload)) {
		return
	}
	dir.s.feed(payload[skip:], ts, skip == 0)
	dir.next += uint32(len(payload)) - skip
}

// drain delivers the held segments that have become contiguous.
func (t *tcpReassembler) drain(dir *tcpDir) {
	for len(dir.pending) > 0 && int32(dir.pending[0].seq-dir.next) <= 0 {
		p := dir.pending[0]
		dir.pending = dir.pending[1:]
		dir.held -= len(p.data)
		t.deliver(dir, p.seq, p.data, p.ts)
	}
}

// skipTo gives up the octets before seq as lost and delivers what follows.
func (t *tcpReassembler) skipTo(dir *tcpDir, seq uint32) {
	if n := int32(seq - dir.next); n > 0 {
		dir.s.gap(int64(n))
		dir.next = seq
	}
	t.drain(dir)
}

// end closes a direction: held segments after a hole are delivered after
// reporting the hole, then the stream ends.
func (t *tcpReassembler) end(dir *tcpDir) {
	for len(dir.pending) > 0 {
		t.skipTo(dir, dir.pending[0].seq)
	}
	dir.s.close()
}

// finish ends every direction, in order of first appearance.
func (t *tcpReassembler) finish() {
	for _, dir := range t.order {
		if t.dirs[dir.key] == dir {
			t.end(dir)
		}
	}
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

// ipPayload parses an IPv4 (RFC 791) or IPv6 (RFC 8200) header and returns
// the addresses and the TCP segment; fragments and other protocols are
// refused.
func ipPayload(b []byte) (src, dst netip.Addr, seg []byte, ok bool) {
	if len(b) < 1 {
		return src, dst, nil, false
	}
	switch b[0] >> 4 {
	case 4:
		if len(b) < 20 {
			return src, dst, nil, false
		}
		ihl := int(b[0]&0x0f) * 4
		total := int(binary.BigEndian.Uint16(b[2:]))
		if ihl < 20 || total < ihl || total > len(b) || b[9] != 6 {
			return src, dst, nil, false
		}
		if frag := binary.BigEndian.Uint16(b[6:]); frag&0x3fff != 0 { // MF set or an offset
			return src, dst, nil, false
		}
		src, dst = netip.AddrFrom4([4]byte(b[12:16])), netip.AddrFrom4([4]byte(b[16:20]))
		return src, dst, b[ihl:total], true
	case 6:
		if len(b) < 40 {
			return src, dst, nil, false
		}
		plen := int(binary.BigEndian.Uint16(b[4:]))
		if 40+plen > len(b) {
			return src, dst, nil, false
		}
		src, dst = netip.AddrFrom16([16]byte(b[8:24])), netip.AddrFrom16([16]byte(b[24:40]))
		next, p := b[6], b[40:40+plen]
		for {
			switch next {
			case 6:
				return src, dst, p, true
			case 0, 43, 60: // hop-by-hop, routing, destination options
				if len(p) < 8 || 8+int(p[1])*8 > len(p) {
					return src, dst, nil, false
				}
				next, p = p[0], p[8+int(p[1])*8:]
			default: // fragments (44), ESP, AH and anything else
				return src, dst, nil, false
			}
		}
	}
	return src, dst, nil, false
}

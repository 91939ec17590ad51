package capture

import (
	"bytes"
	"net/netip"
	"slices"
)

// maxDatagram is the largest IP payload fragments may make (RFC 791: the
// total length is 16 bits; RFC 8200: the payload length is).
const maxDatagram = 65535

// A fragKey names one datagram in reassembly (RFC 791 3.2: source,
// destination, protocol and identification).
type fragKey struct {
	src, dst netip.Addr
	proto    byte
	id       uint32
}

// A fragDatagram holds the fragments of one datagram.
type fragDatagram struct {
	parts []fragPart
	have  int // octets held
	total int // the datagram's length, -1 until its last fragment comes
}

type fragPart struct {
	off  int
	data []byte
}

// defragment adds a fragment and returns the whole datagram's payload when
// this fragment completes it. Fragments that overlap with different
// content, or disagree about the datagram's end, drop the datagram (RFC
// 5722, and RFC 8200 4.5 for IPv6: overlapping fragments are an attack or
// a bug, never resolved by picking one).
func (t *Reassembler) defragment(p *ipPacket) ([]byte, bool) {
	k := fragKey{p.src, p.dst, p.proto, p.id}
	d := t.frags[k]
	if d == nil {
		for len(t.frags) >= t.opts.MaxFragmented {
			t.dropOldestFragmented()
		}
		d = &fragDatagram{total: -1}
		t.frags[k] = d
		t.fragOrder = append(t.fragOrder, k)
		if len(t.fragOrder) > 2*t.opts.MaxFragmented {
			// Keys of completed datagrams linger in the order: drop them.
			live := t.fragOrder[:0]
			for _, k := range t.fragOrder {
				if t.frags[k] != nil {
					live = append(live, k)
				}
			}
			clear(t.fragOrder[len(live):])
			t.fragOrder = live
		}
	}
	end := p.off + len(p.payload)
	bad := end > maxDatagram ||
		(p.more && len(p.payload)%8 != 0) || // only the last fragment may end off the 8-octet grid
		(!p.more && d.total >= 0 && d.total != end) ||
		(d.total >= 0 && end > d.total) ||
		(!p.more && d.have > 0 && d.maxEnd() > end)
	for _, q := range d.parts {
		if bad {
			break
		}
		if p.off < q.off+len(q.data) && q.off < end { // overlap
			if q.off == p.off && bytes.Equal(q.data, p.payload) {
				return nil, false // a duplicate
			}
			bad = true
		}
	}
	if bad {
		t.FragmentsDropped++
		delete(t.frags, k)
		return nil, false
	}
	if !p.more {
		d.total = end
	}
	d.parts = append(d.parts, fragPart{p.off, append([]byte(nil), p.payload...)})
	d.have += len(p.payload)
	if d.total < 0 || d.have != d.total {
		return nil, false
	}
	// Non-overlapping parts inside [0, total) that add up to total cover it.
	delete(t.frags, k)
	slices.SortFunc(d.parts, func(a, b fragPart) int { return a.off - b.off })
	out := make([]byte, 0, d.total)
	for _, q := range d.parts {
		out = append(out, q.data...)
	}
	t.Defragmented++
	return out, true
}

// maxEnd returns the end of the highest fragment held.
func (d *fragDatagram) maxEnd() int {
	m := 0
	for _, q := range d.parts {
		m = max(m, q.off+len(q.data))
	}
	return m
}

// dropOldestFragmented drops the datagram in reassembly that started
// first.
func (t *Reassembler) dropOldestFragmented() {
	for len(t.fragOrder) > 0 {
		k := t.fragOrder[0]
		t.fragOrder = t.fragOrder[1:]
		if t.frags[k] != nil {
			delete(t.frags, k)
			t.FragmentsDropped++
			break
		}
	}
}

// Package capture reads pcap and pcapng capture files and reassembles the
// TCP streams in them (and hands over the UDP datagrams), for cstagen-wire's decode command.
//
// Read hands every packet of a capture to a function; a Reassembler takes
// those packets, follows the TCP connections in them (IPv4 and IPv6 over
// Ethernet, Linux cooked capture, raw IP or loopback) and delivers each
// direction's octets in sequence-number order to a Stream, with the holes
// the capture lacks reported as gaps; UDP datagrams go to
// Options.Datagram as they come; fragmented IP datagrams are put together
// first (bounded by Options.MaxFragmented). Every size the input claims is
// bounded before anything is allocated, and the data held while a segment
// is missing is bounded by Options.
package capture

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"time"
)

// Limits of the capture reader.
const (
	// MaxPacket bounds the captured length of one packet (snap lengths
	// are 262144 at most in practice); larger claims are errors, so a
	// corrupt header never makes the reader allocate.
	MaxPacket = 1 << 20
	// maxBlock bounds a pcapng block that is read into memory (packet
	// blocks, interface descriptions); other blocks are skipped unread.
	maxBlock = MaxPacket + 4096
)

// Magic numbers of capture files.
const (
	pcapMagicMicro   = 0xa1b2c3d4
	pcapMagicNano    = 0xa1b23c4d
	pcapngBlockSHB   = 0x0a0d0d0a
	pcapMagicSwapped = 0xd4c3b2a1
	pcapNanoSwapped  = 0x4d3cb2a1
)

// ErrMalformed is wrapped by every error about the structure of a capture
// file.
var ErrMalformed = errors.New("malformed capture")

// A PacketFunc receives one captured packet: the link-layer header type
// (https://www.tcpdump.org/linktypes.html), the capture time, and the
// octets, which are valid only until it returns.
type PacketFunc func(link uint32, ts time.Time, data []byte)

// IsCapture reports whether head, the first four octets of a file, is the
// magic number of a pcap (either byte order, micro- or nanosecond) or a
// pcapng file.
func IsCapture(head []byte) bool {
	if len(head) < 4 {
		return false
	}
	switch binary.BigEndian.Uint32(head) {
	case pcapMagicMicro, pcapMagicNano, pcapMagicSwapped, pcapNanoSwapped, pcapngBlockSHB:
		return true
	}
	return false
}

// Read reads a pcap or pcapng capture from r, chosen by its magic number,
// and calls fn for every packet. It returns nil at the end of the file, or
// an error wrapping ErrMalformed.
func Read(r *bufio.Reader, fn PacketFunc) error {
	head, err := r.Peek(4)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if binary.BigEndian.Uint32(head) == pcapngBlockSHB {
		return readPcapng(r, fn)
	}
	return readPcap(r, fn)
}

// readPcap reads a classic pcap file (the libpcap format): a 24-octet
// global header, then per packet a 16-octet record header and the data.
func readPcap(r *bufio.Reader, sink PacketFunc) error {
	var hdr [24]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return fmt.Errorf("%w: pcap header: %v", ErrMalformed, err)
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
		return fmt.Errorf("%w: not a pcap file", ErrMalformed)
	}
	link := bo.Uint32(hdr[20:]) & 0xffff // the upper bits carry FCS information
	buf := make([]byte, 0, 64<<10)
	var rec [16]byte
	for off := int64(24); ; {
		if _, err := io.ReadFull(r, rec[:]); err != nil {
			if err == io.EOF {
				return nil
			}
			return fmt.Errorf("%w: pcap record header at offset %d: truncated", ErrMalformed, off)
		}
		sec, frac, incl := bo.Uint32(rec[0:]), bo.Uint32(rec[4:]), bo.Uint32(rec[8:])
		if incl > MaxPacket {
			return fmt.Errorf("%w: pcap record at offset %d claims %d captured octets (limit %d)", ErrMalformed, off, incl, MaxPacket)
		}
		buf = growTo(buf, int(incl))
		if _, err := io.ReadFull(r, buf); err != nil {
			return fmt.Errorf("%w: pcap record at offset %d: truncated packet data", ErrMalformed, off)
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
func readPcapng(r *bufio.Reader, sink PacketFunc) error {
	var bo binary.ByteOrder = binary.LittleEndian
	var ifaces []pcapngIface
	buf := make([]byte, 0, 64<<10)
	var hdr [12]byte
	for off := int64(0); ; {
		if _, err := io.ReadFull(r, hdr[:8]); err != nil {
			if err == io.EOF {
				return nil
			}
			return fmt.Errorf("%w: pcapng block header at offset %d: truncated", ErrMalformed, off)
		}
		typ := binary.LittleEndian.Uint32(hdr[:])
		if typ == pcapngBlockSHB {
			if _, err := io.ReadFull(r, hdr[8:12]); err != nil {
				return fmt.Errorf("%w: pcapng section header at offset %d: truncated", ErrMalformed, off)
			}
			switch binary.LittleEndian.Uint32(hdr[8:]) {
			case 0x1a2b3c4d:
				bo = binary.LittleEndian
			case 0x4d3c2b1a:
				bo = binary.BigEndian
			default:
				return fmt.Errorf("%w: pcapng section header at offset %d: bad byte-order magic", ErrMalformed, off)
			}
			ifaces = ifaces[:0] // interfaces are numbered per section
		} else {
			typ = bo.Uint32(hdr[:])
		}
		total := bo.Uint32(hdr[4:])
		if total < 12 || total%4 != 0 {
			return fmt.Errorf("%w: pcapng block at offset %d: bad length %d", ErrMalformed, off, total)
		}
		consumed := uint32(8)
		if typ == pcapngBlockSHB {
			consumed = 12
		}
		if total < consumed+4 {
			return fmt.Errorf("%w: pcapng block at offset %d: bad length %d", ErrMalformed, off, total)
		}
		body := int64(total) - int64(consumed) - 4 // without the trailing length
		switch typ {
		case pcapngIDB, pcapngEPB, pcapngSPB, pcapngOPB:
			if body > maxBlock {
				return fmt.Errorf("%w: pcapng block at offset %d: %d octets (limit %d)", ErrMalformed, off, total, maxBlock)
			}
			buf = growTo(buf, int(body)+4)
			if _, err := io.ReadFull(r, buf); err != nil {
				return fmt.Errorf("%w: pcapng block at offset %d: truncated", ErrMalformed, off)
			}
			if bo.Uint32(buf[body:]) != total {
				return fmt.Errorf("%w: pcapng block at offset %d: trailing length differs from leading length", ErrMalformed, off)
			}
			b := buf[:body]
			if typ == pcapngIDB {
				ifc, err := parseIDB(bo, b)
				if err != nil {
					return fmt.Errorf("%w: pcapng interface description at offset %d: %v", ErrMalformed, off, err)
				}
				ifaces = append(ifaces, ifc)
				break
			}
			if err := pcapngPacket(bo, typ, b, ifaces, sink); err != nil {
				return fmt.Errorf("%w: pcapng packet block at offset %d: %v", ErrMalformed, off, err)
			}
		default: // section header body, statistics, name resolution, ...: skipped
			if n, err := r.Discard(int(body) + 4); err != nil || n != int(body)+4 {
				return fmt.Errorf("%w: pcapng block at offset %d: truncated", ErrMalformed, off)
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
func pcapngPacket(bo binary.ByteOrder, typ uint32, b []byte, ifaces []pcapngIface, sink PacketFunc) error {
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

package framing

import (
	"encoding/binary"
	"fmt"
)

// Prefix describes the header a vendor places before each BER PDU on the
// wire. ECMA-285 defines none (BER PDUs delimit themselves), so [NoPrefix] is
// the default; other profiles describe vendor practice. A Prefix must be
// stateless: one value may serve many readers and writers at once.
type Prefix interface {
	// String names the profile in error messages, e.g. "Alcatel OXE prefix".
	String() string
	// Size is the header's length in octets; 0 means no header.
	Size() int
	// Decode parses hdr, which holds exactly Size() octets, and returns the
	// number of PDU octets that follow the header. An error that wraps
	// ErrTooLarge is reported as such; any other as ErrBadPrefix.
	Decode(hdr []byte) (n int, err error)
	// Append appends the header for a PDU of n octets to dst. It fails
	// with an error wrapping ErrTooLarge when the profile cannot express n.
	Append(dst []byte, n int) ([]byte, error)
}

// Built-in profiles.
var (
	// NoPrefix sends BER PDUs back to back with nothing in between, as
	// ECMA-285 and ECMA-217 intend.
	NoPrefix Prefix = noPrefix{}

	// Uint16Prefix is a 2-octet big-endian length counting the PDU but not
	// itself.
	Uint16Prefix Prefix = lengthPrefix{2, "uint16 length prefix"}

	// Uint32Prefix is a 4-octet big-endian length counting the PDU but not
	// itself (mentioned for some stacks; no capture in the corpus).
	Uint32Prefix Prefix = lengthPrefix{4, "uint32 length prefix"}

	// AlcatelOXEPrefix is the framing of Alcatel-Lucent OmniPCX Enterprise
	// (OXE) CSTA on TCP 2555: a 2-octet big-endian length that excludes
	// itself, then the ROSE APDU. All twelve captured OXE event frames and
	// the client templates (corpus files 099-114) follow it, e.g. 00 DB + 219
	// octets.
	AlcatelOXEPrefix Prefix = lengthPrefix{2, "Alcatel OXE prefix"}

	// HiPathPrefix is the Siemens HiPath 3000 / OpenScape Business header as
	// captured (corpus files 088, 095, 097, 098): the octet 0x26
	// ("system_application"), the octet 0x80, then a 1-octet length that
	// excludes these three octets. It cannot express PDUs over 255 octets;
	// see [HiPathLongPrefix] for the unverified wider form.
	HiPathPrefix Prefix = hiPathPrefix{long: false}

	// HiPathLongPrefix is a GUESS at how HiPath frames PDUs over 255
	// octets, not backed by any capture: 0x26, then a 2-octet big-endian
	// field whose bit 16 is the "complete message" flag (the 0x80 seen in
	// captures, as the hipathjs comments describe it) and whose low 15 bits
	// are the length excluding the 3-octet header. For PDUs up to 255
	// octets it is byte-for-byte HiPathPrefix, so it reads every captured
	// frame; use it only if a switch is seen sending longer PDUs this way.
	// (The node-asn1 writer in the same source would instead emit
	// 26 80 81 LL for long PDUs, which its own 3-octet header parser could
	// not read, so that form is not offered.)
	HiPathLongPrefix Prefix = hiPathPrefix{long: true}
)

type noPrefix struct{}

func (noPrefix) String() string                           { return "no prefix" }
func (noPrefix) Size() int                                { return 0 }
func (noPrefix) Decode([]byte) (int, error)               { return 0, nil }
func (noPrefix) Append(dst []byte, _ int) ([]byte, error) { return dst, nil }

// lengthPrefix is a big-endian length of width octets excluding itself.
type lengthPrefix struct {
	width int
	name  string
}

func (p lengthPrefix) String() string { return p.name }
func (p lengthPrefix) Size() int      { return p.width }

func (p lengthPrefix) Decode(hdr []byte) (int, error) {
	if p.width == 2 {
		return int(binary.BigEndian.Uint16(hdr)), nil
	}
	return int(binary.BigEndian.Uint32(hdr)), nil
}

func (p lengthPrefix) Append(dst []byte, n int) ([]byte, error) {
	if p.width == 2 {
		if n > 0xffff {
			return dst, fmt.Errorf("%w: %d octets do not fit a 2-octet length", ErrTooLarge, n)
		}
		return binary.BigEndian.AppendUint16(dst, uint16(n)), nil
	}
	if uint64(n) > 0xffffffff {
		return dst, fmt.Errorf("%w: %d octets do not fit a 4-octet length", ErrTooLarge, n)
	}
	return binary.BigEndian.AppendUint32(dst, uint32(n)), nil
}

// hiPathSystemApplication is the first octet of every HiPath frame.
const hiPathSystemApplication = 0x26

type hiPathPrefix struct{ long bool }

func (p hiPathPrefix) String() string {
	if p.long {
		return "HiPath long prefix"
	}
	return "HiPath prefix"
}

func (hiPathPrefix) Size() int { return 3 }

func (p hiPathPrefix) Decode(hdr []byte) (int, error) {
	if hdr[0] != hiPathSystemApplication {
		return 0, fmt.Errorf("first octet 0x%02X, want 0x26", hdr[0])
	}
	if !p.long {
		if hdr[1] != 0x80 {
			return 0, fmt.Errorf("second octet 0x%02X, want 0x80", hdr[1])
		}
		return int(hdr[2]), nil
	}
	if hdr[1]&0x80 == 0 {
		return 0, fmt.Errorf("second octet 0x%02X lacks the complete-message flag 0x80", hdr[1])
	}
	return int(hdr[1]&0x7f)<<8 | int(hdr[2]), nil
}

func (p hiPathPrefix) Append(dst []byte, n int) ([]byte, error) {
	if !p.long {
		if n > 0xff {
			return dst, fmt.Errorf("%w: %d octets do not fit the 1-octet HiPath length", ErrTooLarge, n)
		}
		return append(dst, hiPathSystemApplication, 0x80, byte(n)), nil
	}
	if n > 0x7fff {
		return dst, fmt.Errorf("%w: %d octets do not fit the 15-bit HiPath length", ErrTooLarge, n)
	}
	return append(dst, hiPathSystemApplication, 0x80|byte(n>>8), byte(n)), nil
}

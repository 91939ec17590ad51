package ber

import "math/bits"

// The Parse functions decode contents octets (as returned by
// Reader.ReadContents or a sub-Reader's Bytes). They return bare sentinel
// errors, without offsets and without allocating; the Reader.ReadX forms, or
// AtOffset, attach the position.

var (
	errEmptyInteger   = &detailError{ErrInvalid, "INTEGER with no contents octets (X.690 8.3.1)"}
	errBoolLength     = &detailError{ErrInvalid, "BOOLEAN contents must be one octet (X.690 8.2.1)"}
	errNullLength     = &detailError{ErrInvalid, "NULL contents must be empty (X.690 8.8.2)"}
	errBitStringEmpty = &detailError{ErrInvalid, "BIT STRING without initial octet (X.690 8.6.2.2)"}
	errUnusedBits     = &detailError{ErrInvalid, "BIT STRING unused-bit count above 7 (X.690 8.6.2.2)"}
	errUnusedEmpty    = &detailError{ErrInvalid, "empty BIT STRING with unused bits (X.690 8.6.2.3)"}
	errNegativeUint   = &detailError{ErrOverflow, "negative INTEGER for an unsigned value"}
)

// ParseInt64 decodes INTEGER or ENUMERATED contents (X.690 8.3, 8.4), a two's
// complement big-endian number. Redundant leading 0x00/0xFF octets, which
// X.690 8.3.2 forbids but real switches send (02 02 00 01), are accepted.
// Empty contents give ErrInvalid, a value outside int64 ErrOverflow.
func ParseInt64(c []byte) (int64, error) {
	if len(c) != 1 {
		return parseInt64(c)
	}
	return int64(int8(c[0])), nil
}

func parseInt64(c []byte) (int64, error) {
	if len(c) == 0 {
		return 0, errEmptyInteger
	}
	if len(c) > 8 {
		c = trimInt(c)
		if len(c) > 8 {
			return 0, ErrOverflow
		}
	}
	v := int64(int8(c[0]))
	for _, b := range c[1:] {
		v = v<<8 | int64(b)
	}
	return v, nil
}

// trimInt drops redundant leading sign octets (X.690 8.3.2) from a two's
// complement number.
func trimInt(c []byte) []byte {
	for len(c) > 1 && (c[0] == 0 && c[1]&0x80 == 0 || c[0] == 0xff && c[1]&0x80 != 0) {
		c = c[1:]
	}
	return c
}

// ParseUint64 decodes INTEGER contents that must be non-negative into a
// uint64 (X.690 8.3); it accepts redundant leading zero octets. A negative
// value or one above 2^64-1 gives ErrOverflow, empty contents ErrInvalid.
func ParseUint64(c []byte) (uint64, error) {
	if len(c) == 0 {
		return 0, errEmptyInteger
	}
	if c[0]&0x80 != 0 {
		return 0, errNegativeUint
	}
	for len(c) > 1 && c[0] == 0 {
		c = c[1:]
	}
	if len(c) > 8 {
		return 0, ErrOverflow
	}
	var v uint64
	for _, b := range c {
		v = v<<8 | uint64(b)
	}
	return v, nil
}

// ParseBool decodes BOOLEAN contents (X.690 8.2): exactly one octet, zero
// for FALSE and any other value for TRUE.
func ParseBool(c []byte) (bool, error) {
	if len(c) != 1 {
		return false, errBoolLength
	}
	return c[0] != 0, nil
}

// ParseNull checks NULL contents (X.690 8.8): there must be none.
func ParseNull(c []byte) error {
	if len(c) != 0 {
		return errNullLength
	}
	return nil
}

// ParseBitString decodes primitive BIT STRING contents (X.690 8.6.2): the
// initial octet counts the unused bits (0..7, and 0 when no bits follow) in
// the last subsequent octet. bits shares memory with c; unused bits are
// returned as sent.
func ParseBitString(c []byte) (unused int, bits []byte, err error) {
	if len(c) == 0 {
		return 0, nil, errBitStringEmpty
	}
	unused = int(c[0])
	if unused > 7 {
		return 0, nil, errUnusedBits
	}
	if len(c) == 1 && unused != 0 {
		return 0, nil, errUnusedEmpty
	}
	return unused, c[1:], nil
}

// ParseNamedBits decodes primitive BIT STRING contents into a uint64 for a
// BIT STRING with named bits: ASN.1 bit k (bit 0 is the most significant bit
// of the first octet) becomes bit 63-k of the result, i.e. the value is
// left-aligned, 1<<63 being ASN.1 bit 0. Unused bits are ignored; a set bit
// at position 64 or beyond gives ErrOverflow, zero padding beyond is fine.
func ParseNamedBits(c []byte) (uint64, error) {
	unused, b, err := ParseBitString(c)
	if err != nil {
		return 0, err
	}
	var v uint64
	last := len(b) - 1
	for i, x := range b {
		if i == last {
			x &= 0xff << unused
		}
		if i < 8 {
			v |= uint64(x) << (56 - 8*i)
		} else if x != 0 {
			return 0, ErrOverflow
		}
	}
	return v, nil
}

// SizeNamedBits returns the contents length of the DER encoding of the
// named-bit BIT STRING v (layout as in ParseNamedBits): trailing zero bits
// are removed (X.690 11.2.2), so 0 encodes as the single octet 00.
func SizeNamedBits(v uint64) int {
	if v == 0 {
		return 1
	}
	nbits := 64 - bits.TrailingZeros64(v)
	return 1 + (nbits+7)/8
}

// PutNamedBits writes the DER contents of the named-bit BIT STRING v,
// initial octet included, so that they end at b[i] and returns their start.
func PutNamedBits(b []byte, i int, v uint64) int {
	if v == 0 {
		b[i-1] = 0
		return i - 1
	}
	nbits := 64 - bits.TrailingZeros64(v)
	octets := (nbits + 7) / 8
	for k := octets - 1; k >= 0; k-- {
		i--
		b[i] = byte(v >> (56 - 8*k))
	}
	i--
	b[i] = byte(octets*8 - nbits)
	return i
}

// SizeBitString returns the contents length of a BIT STRING carrying the
// octets bits: the initial octet plus the bits.
func SizeBitString(bits []byte) int { return 1 + len(bits) }

// PutBitString writes BIT STRING contents (X.690 8.6.2): the initial octet
// unused (0..7, masked to three bits) followed by bits, with the unused bits
// of the last octet cleared as DER requires (X.690 11.2.1). It ends at b[i]
// and returns the start.
func PutBitString(b []byte, i int, unused int, bits []byte) int {
	unused &= 7
	if len(bits) == 0 {
		unused = 0
	}
	i -= len(bits)
	copy(b[i:], bits)
	if len(bits) > 0 {
		b[i+len(bits)-1] &= 0xff << unused
	}
	i--
	b[i] = byte(unused)
	return i
}

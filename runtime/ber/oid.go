package ber

import "math/bits"

var (
	errOIDEmpty     = &detailError{ErrInvalid, "empty OBJECT IDENTIFIER (X.690 8.19.2)"}
	errOIDPadding   = &detailError{ErrInvalid, "subidentifier with leading 0x80 (X.690 8.19.2)"}
	errOIDTruncated = &detailError{ErrInvalid, "last subidentifier octet has bit 8 set (X.690 8.19.2)"}
	errOIDArcs      = &detailError{ErrConstraint, "OBJECT IDENTIFIER needs at least two arcs, the first 0..2 and the second below 40 unless the first is 2 (X.660)"}
	errOIDArcBig    = &detailError{ErrOverflow, "OBJECT IDENTIFIER arc exceeds 2^32-1"}
)

// parseSubID decodes one base-128 subidentifier (X.690 8.19.2) from the front
// of c and returns it with the number of octets used.
func parseSubID(c []byte) (uint64, int, error) {
	if c[0] == 0x80 {
		return 0, 0, errOIDPadding
	}
	var v uint64
	for i, b := range c {
		if v > 1<<56 {
			return 0, 0, errOIDArcBig
		}
		v = v<<7 | uint64(b&0x7f)
		if b&0x80 == 0 {
			return v, i + 1, nil
		}
	}
	return 0, 0, errOIDTruncated
}

// ParseOID decodes OBJECT IDENTIFIER contents (X.690 8.19) and appends the
// arcs to dst, so a caller reusing dst[:0] allocates nothing once dst is big
// enough. The first subidentifier X*40+Y is split as X.690 8.19.4 says
// (X is 2 when it is 80 or more). Arcs must fit in uint32 (ErrOverflow).
func ParseOID(c []byte, dst []uint32) ([]uint32, error) {
	return parseOID(c, dst, true)
}

func parseOID(c []byte, dst []uint32, first bool) ([]uint32, error) {
	if len(c) == 0 {
		return dst, errOIDEmpty
	}
	for len(c) > 0 {
		v, n, err := parseSubID(c)
		if err != nil {
			return dst, err
		}
		c = c[n:]
		if first {
			first = false
			x := uint64(2)
			if v < 80 {
				x = v / 40
			}
			v -= x * 40
			dst = append(dst, uint32(x))
		}
		if v > 1<<32-1 {
			return dst, errOIDArcBig
		}
		dst = append(dst, uint32(v))
	}
	return dst, nil
}

// ParseRelativeOID decodes RELATIVE-OID contents (X.690 8.20) and appends the
// arcs to dst.
func ParseRelativeOID(c []byte, dst []uint32) ([]uint32, error) {
	return parseOID(c, dst, false)
}

// CheckOID reports whether arcs is an OBJECT IDENTIFIER value SizeOID and
// PutOID can encode: at least two arcs, the first 0, 1 or 2, the second
// below 40 unless the first is 2 (X.660 / X.690 8.19.4). It returns an error
// wrapping ErrConstraint otherwise.
func CheckOID(arcs []uint32) error {
	if len(arcs) < 2 || arcs[0] > 2 || arcs[0] < 2 && arcs[1] >= 40 {
		return errOIDArcs
	}
	return nil
}

func sizeBase128(v uint64) int { return (bits.Len64(v|1) + 6) / 7 }

func putBase128(b []byte, i int, v uint64) int {
	i--
	b[i] = byte(v & 0x7f)
	for v >>= 7; v != 0; v >>= 7 {
		i--
		b[i] = byte(v&0x7f) | 0x80
	}
	return i
}

// firstSubID combines the first two arcs (X.690 8.19.4); arcs with fewer
// than two elements encode as if the missing arcs were 0.
func firstSubID(arcs []uint32) uint64 {
	var v uint64
	if len(arcs) > 0 {
		v = uint64(arcs[0]) * 40
	}
	if len(arcs) > 1 {
		v += uint64(arcs[1])
	}
	return v
}

// SizeOID returns the contents length of the OBJECT IDENTIFIER arcs
// (X.690 8.19). arcs should pass CheckOID; other values still give a size
// PutOID agrees with.
func SizeOID(arcs []uint32) int {
	if len(arcs) == 0 {
		return 0
	}
	n := sizeBase128(firstSubID(arcs))
	if len(arcs) > 2 {
		n += SizeRelativeOID(arcs[2:])
	}
	return n
}

// PutOID writes the OBJECT IDENTIFIER contents of arcs (X.690 8.19) so that
// they end at b[i] and returns their start.
func PutOID(b []byte, i int, arcs []uint32) int {
	if len(arcs) == 0 {
		return i
	}
	if len(arcs) > 2 {
		i = PutRelativeOID(b, i, arcs[2:])
	}
	return putBase128(b, i, firstSubID(arcs))
}

// SizeRelativeOID returns the contents length of the RELATIVE-OID arcs
// (X.690 8.20).
func SizeRelativeOID(arcs []uint32) int {
	n := 0
	for _, a := range arcs {
		n += sizeBase128(uint64(a))
	}
	return n
}

// PutRelativeOID writes the RELATIVE-OID contents of arcs (X.690 8.20) so
// that they end at b[i] and returns their start.
func PutRelativeOID(b []byte, i int, arcs []uint32) int {
	for k := len(arcs) - 1; k >= 0; k-- {
		i = putBase128(b, i, uint64(arcs[k]))
	}
	return i
}

package framing

// This file holds the incremental BER scanner that finds where a PDU ends.
// It only reads identifier and length octets (X.690 8.1.2, 8.1.3); contents
// of definite-length elements are skipped whole, so the only structure it
// tracks is the nesting of indefinite-length elements (X.690 8.1.3.6).

// maxTagOctets bounds the subsequent identifier octets of the high-tag-number
// form (X.690 8.1.2.4): four octets carry a 28-bit tag number, far beyond any
// tag in CSTA, ROSE or ACSE.
const maxTagOctets = 4

// Results of parseHeader besides success.
const (
	hdrOK = iota
	hdrShort
	hdrBadTag
	hdrBadLength
	hdrTooLarge
)

// header is one parsed pair of identifier and length octets.
type header struct {
	size        int  // identifier plus length octets
	constructed bool // bit 6 of the first identifier octet (X.690 8.1.2.5)
	eoc         bool // identifier octet 0x00: end-of-contents (X.690 8.1.5)
	indefinite  bool // length octet 0x80 (X.690 8.1.3.6)
	length      int  // contents length when definite
}

// parseHeader parses the identifier and length octets at the start of b.
// A definite length above limit yields hdrTooLarge, decided from the length
// octets alone. On failure detail says why and at is the index of the
// offending octet in b.
func parseHeader(b []byte, limit int) (h header, status int, at int, detail string) {
	if len(b) == 0 {
		return h, hdrShort, 0, ""
	}
	id := b[0]
	i := 1
	// X.690 8.1.2.4: tag numbers above 30 use the leading octet's low five
	// bits all ones, then base-128 octets with bit 8 set on all but the last.
	if id&0x1f == 0x1f {
		var num uint32
		for n := 0; ; n++ {
			if i >= len(b) {
				return h, hdrShort, 0, ""
			}
			if n == maxTagOctets {
				return h, hdrBadTag, i, "tag number longer than 4 octets"
			}
			c := b[i]
			i++
			// X.690 8.1.2.4.2 c: bits 7-1 of the first subsequent octet
			// shall not all be zero.
			if n == 0 && c&0x7f == 0 {
				return h, hdrBadTag, i - 1, "high-tag-number form with leading zero octet (X.690 8.1.2.4.2 c)"
			}
			num = num<<7 | uint32(c&0x7f)
			if c&0x80 == 0 {
				break
			}
		}
		// X.690 8.1.2.2: tag numbers 0-30 use the single-octet form.
		if num <= 30 {
			return h, hdrBadTag, 0, "high-tag-number form for a tag number below 31 (X.690 8.1.2.2)"
		}
	}
	h.constructed = id&0x20 != 0
	h.eoc = id == 0x00
	if i >= len(b) {
		return h, hdrShort, 0, ""
	}
	l := b[i]
	i++
	switch {
	case l < 0x80:
		// X.690 8.1.3.4: short form.
		h.length = int(l)
	case l == 0x80:
		// X.690 8.1.3.6: indefinite form.
		h.indefinite = true
	case l == 0xff:
		// X.690 8.1.3.5 c: the value 0xFF shall not be used.
		return h, hdrBadLength, i - 1, "reserved length octet 0xFF (X.690 8.1.3.5 c)"
	default:
		// X.690 8.1.3.5: long form, 1 to 126 subsequent octets, base 256,
		// most significant first. Leading zero octets are legal in BER.
		k := int(l & 0x7f)
		var v uint64
		for j := 0; j < k; j++ {
			if i >= len(b) {
				return h, hdrShort, 0, ""
			}
			v = v<<8 | uint64(b[i])
			i++
			// Once the partial value exceeds the limit the final one does
			// too, so stop before the remaining octets arrive.
			if v > uint64(limit) {
				return h, hdrTooLarge, 1, ""
			}
		}
		h.length = int(v)
	}
	if h.length > limit {
		return h, hdrTooLarge, 1, ""
	}
	h.size = i
	return h, hdrOK, 0, ""
}

// scanner finds the end of one BER TLV in a growing buffer. Its zero value
// plus the two limits is ready; it keeps its place between calls so that
// every octet is examined about once however the data is chunked.
type scanner struct {
	maxDepth int // indefinite-length nesting limit
	maxSize  int // largest acceptable TLV

	pos     int  // offset of the next header, or end of the element being skipped
	depth   int  // open indefinite-length elements
	started bool // the outer header has been parsed
}

// scanFail describes why scan rejected the data.
type scanFail struct {
	err    error  // sentinel
	pos    int    // offset of the offending octet
	detail string // explanation
}

// want returns the TLV's total size once known, else -1.
func (s *scanner) want() int {
	if s.started && s.depth == 0 {
		return s.pos
	}
	return -1
}

// scan examines b, the octets of the TLV received so far (b[0] is its first
// octet; b may extend past the TLV). It returns n > 0 when b[:n] is one
// complete TLV, 0 when more octets are needed, or a failure.
func (s *scanner) scan(b []byte) (n int, f scanFail) {
	for {
		if s.started && s.depth == 0 {
			if len(b) >= s.pos {
				return s.pos, f
			}
			return 0, f
		}
		if s.pos >= len(b) {
			return 0, f
		}
		var (
			h      header
			st     int
			at     int
			detail string
		)
		if rest := b[s.pos:]; len(rest) >= 2 && rest[0]&0x1f != 0x1f && rest[1] <= 0x80 {
			// Fast path for the usual low tag number and short or
			// indefinite length; parseHeader handles everything else.
			h = header{size: 2, constructed: rest[0]&0x20 != 0, eoc: rest[0] == 0,
				indefinite: rest[1] == 0x80}
			if !h.indefinite {
				h.length = int(rest[1])
			}
			if h.length > s.maxSize-s.pos {
				st = hdrTooLarge
			}
		} else {
			h, st, at, detail = parseHeader(rest, s.maxSize-s.pos)
		}
		switch st {
		case hdrShort:
			return 0, f
		case hdrBadTag:
			return 0, scanFail{ErrBadTag, s.pos + at, detail}
		case hdrBadLength:
			return 0, scanFail{ErrBadLength, s.pos + at, detail}
		case hdrTooLarge:
			return 0, scanFail{ErrTooLarge, s.pos, "declared length exceeds the size limit"}
		}
		switch {
		case h.eoc:
			// X.690 8.1.5: end-of-contents is the two octets 00 00 and
			// closes the innermost indefinite-length element.
			if !s.started {
				return 0, scanFail{ErrBadTag, s.pos, "end-of-contents octets where a PDU should start"}
			}
			if h.indefinite || h.length != 0 {
				return 0, scanFail{ErrBadLength, s.pos + 1, "end-of-contents octets with nonzero length (X.690 8.1.5)"}
			}
			s.depth--
			s.pos += h.size
		case h.indefinite:
			// X.690 8.1.3.2 a: a primitive encoding uses the definite form.
			if !h.constructed {
				return 0, scanFail{ErrBadLength, s.pos + h.size - 1, "indefinite length on a primitive element (X.690 8.1.3.2 a)"}
			}
			if s.depth == s.maxDepth {
				return 0, scanFail{ErrTooDeep, s.pos, "indefinite-length elements nested deeper than the limit"}
			}
			s.depth++
			s.started = true
			s.pos += h.size
		default:
			// Definite length: skip the contents whole. parseHeader bounded
			// h.length by maxSize-pos; the header must fit too.
			end := s.pos + h.size + h.length
			if end > s.maxSize {
				return 0, scanFail{ErrTooLarge, s.pos, "element extends beyond the size limit"}
			}
			s.started = true
			s.pos = end
		}
		if s.pos > s.maxSize {
			return 0, scanFail{ErrTooLarge, s.pos, "element extends beyond the size limit"}
		}
	}
}

// checkTLV reports whether b is exactly one complete TLV whose indefinite
// nesting stays within maxDepth. n is the TLV's size when b is incomplete or
// has trailing octets (-1 when unknown).
func checkTLV(b []byte, maxDepth int) (n int, f scanFail) {
	s := scanner{maxDepth: maxDepth, maxSize: len(b)}
	n, f = s.scan(b)
	if f.err != nil {
		return n, f
	}
	if n == 0 {
		return -1, f
	}
	return n, f
}

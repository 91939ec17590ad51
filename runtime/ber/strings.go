package ber

var errSegmentUnused = &detailError{ErrInvalid, "unused bits in a BIT STRING segment other than the last (X.690 8.6.4)"}

// ReadString consumes a string element whose primitive tag is tag (OCTET
// STRING or a restricted character string, possibly implicitly retagged)
// and returns its octets. A primitive encoding is returned as a sub-slice of
// the input, without copying. A constructed encoding (X.690 8.7.3, 8.23.6)
// is flattened: its segments, each a universal OCTET STRING, primitive or
// itself constructed, are appended to *scratch and the appended part is
// returned. Earlier results in *scratch stay intact, so a caller resets
// *scratch to (*scratch)[:0] once per message and allocates nothing in the
// steady state. scratch may be nil, in which case a new slice is allocated
// for constructed encodings.
func (r *Reader) ReadString(tag Tag, scratch *[]byte) ([]byte, error) {
	tag &^= Constructed
	if len(r.s) == 0 {
		return nil, missingError(r.Offset(), tag)
	}
	t, hl, cl, tl, err := r.head()
	if err != nil {
		return nil, err
	}
	if t == tag {
		c := r.s[hl : hl+cl : hl+cl]
		r.advance(tl)
		return c, nil
	}
	if t != tag|Constructed {
		return nil, mismatchError(r.Offset(), tag, t)
	}
	var buf []byte
	if scratch != nil {
		buf = *scratch
	}
	start := len(buf)
	var c Reader
	r.commit(&c, hl, cl, tl)
	old := cap(buf)
	r.budget, buf, err = appendSegments(c, buf)
	r.ChargeGrown(old, cap(buf), 1)
	if scratch != nil {
		*scratch = buf
	}
	if err != nil {
		return nil, err
	}
	return buf[start:len(buf):len(buf)], nil
}

// appendSegments appends the OCTET STRING segments in r to dst and returns
// the element budget left after them. r is passed by value: a recursive function
// that passed the address of its local sub-Reader would move it to the heap.
func appendSegments(r Reader, dst []byte) (int32, []byte, error) {
	for len(r.s) != 0 {
		t, hl, cl, tl, err := r.head()
		if err != nil {
			return r.budget, dst, err
		}
		switch t {
		case OctetStringTag:
			dst = append(dst, r.s[hl:hl+cl]...)
			r.advance(tl)
		case OctetStringTag | Constructed:
			var c Reader
			r.commit(&c, hl, cl, tl)
			if r.budget, dst, err = appendSegments(c, dst); err != nil {
				return r.budget, dst, err
			}
		default:
			return r.budget, dst, mismatchError(r.Offset(), OctetStringTag, t)
		}
	}
	return r.budget, dst, nil
}

// ReadBitString consumes a BIT STRING element whose primitive tag is tag and
// returns the number of unused bits in the last octet and the bit octets.
// A primitive encoding is returned without copying; a constructed one
// (X.690 8.6.3, 8.6.4) is flattened into *scratch as in ReadString. Its
// segments are universal BIT STRINGs, primitive or constructed, and only the
// last may have unused bits.
func (r *Reader) ReadBitString(tag Tag, scratch *[]byte) (unused int, bits []byte, err error) {
	tag &^= Constructed
	if len(r.s) == 0 {
		return 0, nil, missingError(r.Offset(), tag)
	}
	off := r.Offset()
	t, hl, cl, tl, err := r.head()
	if err != nil {
		return 0, nil, err
	}
	if t == tag {
		unused, bits, err = ParseBitString(r.s[hl : hl+cl : hl+cl])
		if err != nil {
			return 0, nil, newError(off, err)
		}
		r.advance(tl)
		return unused, bits, nil
	}
	if t != tag|Constructed {
		return 0, nil, mismatchError(r.Offset(), tag, t)
	}
	var buf []byte
	if scratch != nil {
		buf = *scratch
	}
	start := len(buf)
	var c Reader
	r.commit(&c, hl, cl, tl)
	old := cap(buf)
	r.budget, buf, unused, err = appendBitSegments(c, buf, 0)
	r.ChargeGrown(old, cap(buf), 1)
	if scratch != nil {
		*scratch = buf
	}
	if err != nil {
		return 0, nil, err
	}
	return unused, buf[start:len(buf):len(buf)], nil
}

// appendBitSegments appends the BIT STRING segments in r to dst and returns
// the element budget left after them and the unused-bit count of the last one.
// unused is the unused-bit count of the segment before them; it must be
// zero when another segment follows.
func appendBitSegments(r Reader, dst []byte, unused int) (int32, []byte, int, error) {
	for len(r.s) != 0 {
		off := r.Offset()
		t, hl, cl, tl, err := r.head()
		if err != nil {
			return r.budget, dst, 0, err
		}
		switch t {
		case BitStringTag:
			if unused != 0 {
				return r.budget, dst, 0, newError(off, errSegmentUnused)
			}
			u, b, err := ParseBitString(r.s[hl : hl+cl])
			if err != nil {
				return r.budget, dst, 0, newError(off, err)
			}
			dst, unused = append(dst, b...), u
			r.advance(tl)
		case BitStringTag | Constructed:
			var c Reader
			r.commit(&c, hl, cl, tl)
			if r.budget, dst, unused, err = appendBitSegments(c, dst, unused); err != nil {
				return r.budget, dst, 0, err
			}
		default:
			return r.budget, dst, 0, mismatchError(r.Offset(), BitStringTag, t)
		}
	}
	return r.budget, dst, unused, nil
}

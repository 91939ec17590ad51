package ber

// Reader is a cursor over BER-encoded input, in the style of
// cryptobyte.String. Each Read method consumes one element (TLV) from the
// front. Sub-Readers returned through out parameters cover an element's
// contents, share memory with the input, and keep the absolute offset in the
// top-level input, the nesting depth and the limits of their parent.
//
// Enter and Leave are the other way down, the one generated code takes: Enter
// narrows r itself to the contents of the next element and Leave widens it
// back to what follows the element, so no sub-Reader is built or copied and
// the element count needs no carrying back. TryEnter, TryLeave and
// TryContents are their fast paths, small enough to be inlined.
//
// A Reader is a small value; copy it to look ahead. The zero Reader is empty
// and rejects every read; use NewReader. ReadAny, ReadElement, ReadOptional,
// ReadContents, Skip, ReadRaw, Enter, EnterAny and the Try methods consume
// nothing when they fail; after an error from the other Read methods the
// position is unspecified (decoding is meant to stop at the first error).
type Reader struct {
	// s is the remaining input of the current level. Its capacity may run
	// past its end, over the elements that follow an entered element (see
	// Enter): slices handed out are capped at their length.
	s []byte
	// top is the capacity of the top-level input: the absolute offset of
	// s[0] is top-cap(s), since every window is a two-index slice of it.
	top    int
	maxLen int32 // Limits.MaxLength
	budget int32 // elements this Reader tree may still read: Limits.MaxElements minus those read (see End)
	// mem is the decode budget left: Limits.MaxAlloc minus the bytes
	// charged (see Charge). Below zero, budget is 0 too, so that every
	// read takes the slow path, which reports ErrBudget.
	mem      int32
	keep     int32 // Limits.MaxKeep; 0 in sub-Readers (see Keeps)
	depth    int16 // nesting level of the elements in s (top level = 0)
	maxDepth int16 // Limits.MaxDepth
	// fastDepth is maxDepth, or 0 when maxLen < 0x80: the fast paths
	// compare depth with it, so that they never run when a short-form
	// length could exceed MaxLength.
	fastDepth int16
}

// NewReader returns a Reader over src at depth 0 and offset 0, bounded by lim
// (nil means DefaultLimits; zero fields mean the defaults). The Reader and
// everything read from it share memory with src.
func NewReader(src []byte, lim *Limits) (r Reader) {
	d, e, l := lim.resolve()
	a, k := lim.budget(len(src))
	// Field by field into the result: a composite literal is built on the
	// stack, zeroed and copied.
	r.s, r.top = src, cap(src)
	r.maxLen, r.budget = int32(l), int32(e)
	r.mem, r.keep = int32(a), int32(k)
	r.maxDepth, r.fastDepth = int16(d), int16(d)
	if l < 0x80 {
		// The fast paths skip the MaxLength check; keep them off.
		r.fastDepth = 0
	}
	return r
}

// Empty reports whether no input remains.
func (r *Reader) Empty() bool { return len(r.s) == 0 }

// Len returns the number of bytes remaining.
func (r *Reader) Len() int { return len(r.s) }

// Offset returns the absolute offset, in the top-level input, of the next
// byte to be read.
func (r *Reader) Offset() int { return r.top - cap(r.s) }

// Depth returns the nesting level of the elements r reads: 0 for a Reader
// from NewReader, one more for each enclosing element.
func (r *Reader) Depth() int { return int(r.depth) }

// Bytes returns the remaining input without consuming it. It shares memory
// with the input.
func (r *Reader) Bytes() []byte { return r.s[:len(r.s):len(r.s)] }

// PeekTag returns the tag of the next element without consuming anything.
// It reports false when r is empty or the identifier octets are truncated or
// malformed (the next Read reports why).
func (r *Reader) PeekTag() (Tag, bool) {
	if s := r.s; len(s) != 0 {
		if b0 := s[0]; b0&0x1f != 0x1f {
			return Tag(b0&0xe0)<<24 | Tag(b0&0x1f), true
		}
	}
	return r.peekSlow()
}

//go:noinline
func (r *Reader) peekSlow() (Tag, bool) {
	t, _, err := parseTag(r.s)
	return t, err == nil
}

// head parses the header of the next element without consuming it and
// checks it against the limits. It returns the tag, the header length, the
// contents length and the total length (including end-of-contents octets).
// Locating the end of an indefinite length walks the contents, and the
// elements walked are taken from r.budget. The Read methods inline a fast path
// for one identifier octet and a short-form length (X.690 8.1.2.2, 8.1.3.4)
// and call head for everything else.
func (r *Reader) head() (t Tag, hl, cl, tl int, err error) {
	if t, hl, cl, ok := r.quickHead(); ok {
		return t, hl, cl, hl + cl, nil
	}
	s := r.s
	t, hl, err = parseTag(s)
	if err != nil {
		return 0, 0, 0, 0, newError(r.Offset(), err)
	}
	if t&^Constructed == 0 {
		return 0, 0, 0, 0, newError(r.Offset(), errUnexpectedEOC)
	}
	if r.depth >= r.maxDepth {
		return 0, 0, 0, 0, newError(r.Offset(), ErrTooDeep)
	}
	if r.budget <= 0 {
		return 0, 0, 0, 0, newError(r.Offset(), r.budgetErr())
	}
	v, n, err := parseLength(s[hl:])
	if err != nil {
		return 0, 0, 0, 0, newError(r.Offset(), err)
	}
	hl += n
	if v < 0 {
		// X.690 8.1.3.6: indefinite form, constructed only; the contents
		// end at the matching end-of-contents octets.
		if t&Constructed == 0 {
			return 0, 0, 0, 0, newError(r.Offset(), errIndefPrimitive)
		}
		end, err := r.scanEOC(hl, false)
		if err != nil {
			return 0, 0, 0, 0, err
		}
		cl = end - hl
		if cl > int(r.maxLen) {
			return 0, 0, 0, 0, newError(r.Offset(), ErrTooLong)
		}
		return t, hl, cl, end + 2, nil
	}
	if v > len(s)-hl {
		return 0, 0, 0, 0, newError(r.Offset(), ErrTruncated)
	}
	if v > int(r.maxLen) {
		return 0, 0, 0, 0, newError(r.Offset(), ErrTooLong)
	}
	return t, hl, v, hl + v, nil
}

// lengthCap saturates absurd long-form lengths so they cannot overflow.
const lengthCap = 1 << 48

// parseLength decodes the length octets at the front of s (X.690 8.1.3) and
// reports how many there were. The length is -1 for the indefinite form.
// Long forms may carry leading zero octets (BER allows them, 8.1.3.5 NOTE 2);
// values beyond 2^48 saturate there. The caller compares the value with the
// bytes actually available.
func parseLength(s []byte) (v, n int, err error) {
	if len(s) == 0 {
		return 0, 0, ErrTruncated
	}
	b := s[0]
	switch {
	case b < 0x80:
		return int(b), 1, nil
	case b == 0x80:
		return -1, 1, nil
	case b == 0xff:
		return 0, 0, errReservedLength
	}
	n = int(b & 0x7f)
	if n >= len(s) {
		return 0, 0, ErrTruncated
	}
	for _, c := range s[1 : 1+n] {
		if v >= lengthCap>>8 {
			v = lengthCap
			continue
		}
		v = v<<8 | int(c)
	}
	return v, 1 + n, nil
}

// scanEOC walks r.s from pos, the start of the contents of an indefinite-length
// element at level r.depth, to its end-of-contents octets and returns their
// position. Definite-length elements are skipped by their length; nested
// indefinite ones are followed, bounded by MaxDepth. Every element walked
// counts against MaxElements. With stream set, an element longer than
// MaxLength is reported before one that runs past the input (ElementLen).
func (r *Reader) scanEOC(start int, stream bool) (int, error) {
	s := r.s
	pos := start
	level := 1 // open indefinite-length elements
	for {
		if stream && pos-start > int(r.maxLen) {
			return 0, newError(r.Offset(), ErrTooLong)
		}
		if pos >= len(s) {
			return 0, newError(r.Offset()+pos, errMissingEOC)
		}
		if s[pos] == 0 {
			// X.690 8.1.5: end-of-contents is 00 00.
			if pos+1 >= len(s) {
				return 0, newError(r.Offset()+pos, ErrTruncated)
			}
			if s[pos+1] != 0 {
				return 0, newError(r.Offset()+pos, errEOCLength)
			}
			level--
			if level == 0 {
				return pos, nil
			}
			pos += 2
			continue
		}
		if int(r.depth)+level >= int(r.maxDepth) {
			return 0, newError(r.Offset()+pos, ErrTooDeep)
		}
		if r.budget <= 0 {
			return 0, newError(r.Offset()+pos, r.budgetErr())
		}
		r.budget--
		t, n, err := parseTag(s[pos:])
		if err != nil {
			return 0, newError(r.Offset()+pos, err)
		}
		if t&^Constructed == 0 {
			return 0, newError(r.Offset()+pos, errUnexpectedEOC)
		}
		v, m, err := parseLength(s[pos+n:])
		if err != nil {
			return 0, newError(r.Offset()+pos, err)
		}
		if v < 0 {
			if t&Constructed == 0 {
				return 0, newError(r.Offset()+pos, errIndefPrimitive)
			}
			level++
			pos += n + m
			continue
		}
		avail := len(s) - pos - n - m
		if stream && v > int(r.maxLen) {
			return 0, newError(r.Offset()+pos, ErrTooLong)
		}
		if v > avail {
			return 0, newError(r.Offset()+pos, ErrTruncated)
		}
		pos += n + m + v
	}
}

// fastHead is the fast path of head: one identifier octet, a short-form
// length, and limits far away. ok is false when head must be called.
// b0&0xdf == 0 is universal 0, the end-of-contents tag.
func (r *Reader) fastHead() (t Tag, n int, ok bool) {
	s := r.s
	if len(s) < 2 {
		return 0, 0, false
	}
	b0, n := s[0], int(s[1])
	if b0&0x1f == 0x1f || n >= 0x80 || n > len(s)-2 || b0&0xdf == 0 ||
		r.depth >= r.fastDepth || r.budget <= 0 {
		return 0, 0, false
	}
	return Tag(b0&0xe0)<<24 | Tag(b0&0x1f), n, true
}

// advance consumes the next tl bytes, counting one element.
func (r *Reader) advance(tl int) {
	r.budget--
	r.s = r.s[tl:]
}

// commit consumes the element whose header head returned and points out at
// its contents.
func (r *Reader) commit(out *Reader, hl, cl, tl int) {
	r.budget--
	// Field by field: a composite literal is built on the stack and copied,
	// and the copy's wide loads stall on store forwarding.
	out.s = r.s[hl : hl+cl]
	out.top = r.top
	out.maxLen = r.maxLen
	out.budget = r.budget
	out.mem = r.mem
	out.depth = r.depth + 1
	out.maxDepth = r.maxDepth
	out.fastDepth = r.fastDepth
	r.s = r.s[tl:]
}

// ReadAny consumes the next element, whatever its tag, points out at its
// contents (excluding any end-of-contents octets) and returns its tag.
// It handles the short, long (X.690 8.1.3.5) and indefinite (8.1.3.6) length
// forms.
func (r *Reader) ReadAny(out *Reader) (Tag, error) {
	if t, n, ok := r.fastHead(); ok {
		r.commit(out, 2, n, 2+n)
		return t, nil
	}
	t, hl, cl, tl, err := r.head()
	if err != nil {
		return 0, err
	}
	r.commit(out, hl, cl, tl)
	return t, nil
}

// ReadAnyContents consumes the next element, whatever its tag, and returns
// its tag and contents octets without building a sub-Reader: the CHOICE of
// primitive alternatives in one call. The contents share memory with the
// input.
func (r *Reader) ReadAnyContents() (Tag, []byte, error) {
	if t, n, ok := r.fastHead(); ok {
		c := r.s[2 : 2+n : 2+n]
		r.advance(2 + n)
		return t, c, nil
	}
	t, hl, cl, tl, err := r.head()
	if err != nil {
		return 0, nil, err
	}
	c := r.s[hl : hl+cl : hl+cl]
	r.advance(tl)
	return t, c, nil
}

// ReadElement consumes the next element, which must have tag exactly
// (ErrTagMismatch otherwise; ErrMissing if r is empty), and points out at its
// contents. Nothing is consumed on error.
func (r *Reader) ReadElement(tag Tag, out *Reader) error {
	if t, n, ok := r.fastHead(); ok && t == tag {
		r.commit(out, 2, n, 2+n)
		return nil
	}
	if len(r.s) == 0 {
		return missingError(r.Offset(), tag)
	}
	t, hl, cl, tl, err := r.head()
	if err != nil {
		return err
	}
	if t != tag {
		return mismatchError(r.Offset(), tag, t)
	}
	r.commit(out, hl, cl, tl)
	return nil
}

// ReadOptional consumes the next element if it has tag, pointing out at its
// contents, and reports whether it did. An absent element (r empty, or
// another tag next) is not an error.
func (r *Reader) ReadOptional(tag Tag, out *Reader) (present bool, err error) {
	if t, n, ok := r.fastHead(); ok {
		if t != tag {
			return false, nil
		}
		r.commit(out, 2, n, 2+n)
		return true, nil
	}
	if t, ok := r.PeekTag(); !ok || t != tag {
		return false, nil
	}
	if err := r.ReadElement(tag, out); err != nil {
		return false, err
	}
	return true, nil
}

// ReadContents consumes the next element, which must have tag exactly, and
// returns its contents octets. It is ReadElement for leaves: no sub-Reader is
// built. The contents share memory with the input.
func (r *Reader) ReadContents(tag Tag) ([]byte, error) {
	if t, n, ok := r.fastHead(); ok && t == tag {
		c := r.s[2 : 2+n : 2+n]
		r.advance(2 + n)
		return c, nil
	}
	if len(r.s) == 0 {
		return nil, missingError(r.Offset(), tag)
	}
	t, hl, cl, tl, err := r.head()
	if err != nil {
		return nil, err
	}
	if t != tag {
		return nil, mismatchError(r.Offset(), tag, t)
	}
	c := r.s[hl : hl+cl : hl+cl]
	r.advance(tl)
	return c, nil
}

// ReadOptionalContents is ReadContents for an OPTIONAL component: it
// consumes the next element only if it has tag, and reports whether it did.
func (r *Reader) ReadOptionalContents(tag Tag) (contents []byte, present bool, err error) {
	if t, n, ok := r.fastHead(); ok {
		if t != tag {
			return nil, false, nil
		}
		c := r.s[2 : 2+n : 2+n]
		r.advance(2 + n)
		return c, true, nil
	}
	if t, ok := r.PeekTag(); !ok || t != tag {
		return nil, false, nil
	}
	c, err := r.ReadContents(tag)
	if err != nil {
		return nil, false, err
	}
	return c, true, nil
}

// Skip consumes the next element without looking inside it (beyond locating
// the end of an indefinite length). Use it for unknown extension additions.
func (r *Reader) Skip() error {
	if _, n, ok := r.fastHead(); ok {
		r.advance(2 + n)
		return nil
	}
	_, _, _, tl, err := r.head()
	if err != nil {
		return err
	}
	r.advance(tl)
	return nil
}

// ReadRaw consumes the next element and returns its tag and its complete
// encoding (identifier, length, contents and any end-of-contents octets),
// sharing memory with the input. Use it for open types such as a ROSE
// argument.
func (r *Reader) ReadRaw() (Tag, []byte, error) {
	t, _, _, tl, err := r.head()
	if err != nil {
		return 0, nil, err
	}
	raw := r.s[:tl:tl]
	r.advance(tl)
	return t, raw, nil
}

// Finish reports ErrTrailingData if input remains. Call it after the last
// component of a SEQUENCE and at the top level.
func (r *Reader) Finish() error {
	if r.mem < 0 {
		return newError(r.Offset(), ErrBudget)
	}
	if len(r.s) != 0 {
		return newError(r.Offset(), ErrTrailingData)
	}
	return nil
}

// End closes child, a sub-Reader obtained from r: it reports ErrTrailingData
// if child has input left, and carries the number of elements read through
// child back into r, so that MaxElements bounds the whole Reader tree, and
// so does the decode budget charged through child (once it is spent, the
// next read or Finish reports ErrBudget).
// Hand-written code calls r.End(&child) where it could call child.Finish();
// the latter leaves r's element count lower than the truth. A zero child
// carries nothing back.
func (r *Reader) End(child *Reader) error {
	if len(child.s) != 0 {
		return newError(child.Offset(), ErrTrailingData)
	}
	if child.budget < r.budget && child.maxDepth != 0 {
		// The decode budget is only charged after a read, so a child
		// that charged it has read an element.
		r.budget = child.budget
		r.mem = min(r.mem, child.mem)
	}
	return nil
}

// ReadInt64 consumes an element with tag (INTEGER or ENUMERATED) and decodes
// its contents with ParseInt64.
func (r *Reader) ReadInt64(tag Tag) (int64, error) {
	if t, n, ok := r.fastHead(); ok && t == tag && n == 1 {
		v := int64(int8(r.s[2]))
		r.advance(3)
		return v, nil
	}
	return r.readInt64(tag)
}

func (r *Reader) readInt64(tag Tag) (int64, error) {
	off := r.Offset()
	c, err := r.ReadContents(tag)
	if err != nil {
		return 0, err
	}
	v, err := ParseInt64(c)
	if err != nil {
		return 0, newError(off, err)
	}
	return v, nil
}

// ReadUint64 consumes an element with tag and decodes its contents with
// ParseUint64.
func (r *Reader) ReadUint64(tag Tag) (uint64, error) {
	off := r.Offset()
	c, err := r.ReadContents(tag)
	if err != nil {
		return 0, err
	}
	v, err := ParseUint64(c)
	if err != nil {
		return 0, newError(off, err)
	}
	return v, nil
}

// ReadBool consumes an element with tag and decodes its contents with
// ParseBool.
func (r *Reader) ReadBool(tag Tag) (bool, error) {
	if t, n, ok := r.fastHead(); ok && t == tag && n == 1 {
		v := r.s[2] != 0
		r.advance(3)
		return v, nil
	}
	off := r.Offset()
	c, err := r.ReadContents(tag)
	if err != nil {
		return false, err
	}
	v, err := ParseBool(c)
	if err != nil {
		return false, newError(off, err)
	}
	return v, nil
}

// ReadNull consumes an element with tag and checks that its contents are
// empty.
func (r *Reader) ReadNull(tag Tag) error {
	off := r.Offset()
	c, err := r.ReadContents(tag)
	if err != nil {
		return err
	}
	if err := ParseNull(c); err != nil {
		return newError(off, err)
	}
	return nil
}

// ReadOID consumes an element with tag and appends its arcs to dst with
// ParseOID.
func (r *Reader) ReadOID(tag Tag, dst []uint32) ([]uint32, error) {
	off := r.Offset()
	c, err := r.ReadContents(tag)
	if err != nil {
		return dst, err
	}
	out, err := ParseOID(c, dst)
	if err != nil {
		return dst, newError(off, err)
	}
	r.ChargeGrown(cap(dst), cap(out), 4)
	return out, nil
}

// ReadReal consumes an element with tag and decodes its contents with
// ParseReal.
func (r *Reader) ReadReal(tag Tag) (float64, error) {
	off := r.Offset()
	c, err := r.ReadContents(tag)
	if err != nil {
		return 0, err
	}
	v, err := ParseReal(c)
	if err != nil {
		return 0, newError(off, err)
	}
	return v, nil
}

// ReadNamedBits consumes a BIT STRING element with tag, in the primitive
// or the constructed form (X.690 8.6.3), and decodes its bits as NamedBits
// does: the compact codecs (gen/README.md) read named bits with it.
func (r *Reader) ReadNamedBits(tag Tag) (uint64, error) {
	off := r.Offset()
	if t, n, ok := r.fastHead(); ok && t == tag&^Constructed {
		// The primitive form with a short length, parsed in place.
		v, err := ParseNamedBits(r.s[2 : 2+n : 2+n])
		if err != nil {
			return 0, newError(off, err)
		}
		r.advance(2 + n)
		return v, nil
	}
	unused, bits, err := r.ReadBitString(tag, nil)
	if err != nil {
		return 0, err
	}
	v, err := NamedBits(unused, bits)
	if err != nil {
		return 0, newError(off, err)
	}
	return v, nil
}

// ElementLen returns the total length of the element at the front of src
// (identifier, length, contents and any end-of-contents octets), following
// indefinite lengths. It is meant for framing a byte stream: ErrTruncated
// means more input is needed, and an element whose contents exceed
// lim.MaxLength is rejected with ErrTooLong before its end has arrived.
func ElementLen(src []byte, lim *Limits) (int, error) {
	r := NewReader(src, lim)
	t, hl, err := parseTag(src)
	if err != nil {
		return 0, newError(0, err)
	}
	if t&^Constructed == 0 {
		return 0, newError(0, errUnexpectedEOC)
	}
	v, n, err := parseLength(src[hl:])
	if err != nil {
		return 0, newError(0, err)
	}
	hl += n
	if v < 0 {
		if t&Constructed == 0 {
			return 0, newError(0, errIndefPrimitive)
		}
		r.budget--
		end, err := r.scanEOC(hl, true)
		if err != nil {
			return 0, err
		}
		if end-hl > int(r.maxLen) {
			return 0, newError(0, ErrTooLong)
		}
		return end + 2, nil
	}
	if v > int(r.maxLen) {
		return 0, newError(0, ErrTooLong)
	}
	if v > len(src)-hl {
		return 0, newError(0, ErrTruncated)
	}
	return hl + v, nil
}

// Limits returns what is left of r's limits at its level: the nesting
// below it, the elements it may still read, the element length. A decoder
// that reads a value held in an element's contents with a Reader of its own
// (an open type checked against its table) uses them, so that the value
// gets no more room than it would have had in place.
func (r *Reader) Limits() *Limits {
	d := int(r.maxDepth) - int(r.depth)
	if d < 1 {
		d = 1
	}
	e := int(r.budget)
	if e < 1 {
		e = 1
	}
	return &Limits{MaxDepth: d, MaxElements: e, MaxLength: int(r.maxLen)}
}

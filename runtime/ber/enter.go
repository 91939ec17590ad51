package ber

// In-place descent. Enter narrows a Reader to the contents of the next
// element and Leave widens it back, so generated code walks the whole input
// with one Reader: no sub-Reader is zeroed, filled or copied per element, and
// the element count stays in the one Reader. The token Enter returns is the
// number of bytes that follow the element at its level (complemented when
// end-of-contents octets remain to be skipped); Leave re-extends the window
// over them, which the capacity of the narrowed slice allows.
//
// The Try forms are the fast paths: one identifier octet given by the caller
// (a tag number below 31; generated code computes it from the schema), a
// short-form length (X.690 8.1.3.4) and limits far away. They are small
// enough for the compiler to inline into the caller and report false,
// consuming nothing, whenever the general method must decide. Enter decides
// the next common shape inline, one identifier octet and one or two length
// octets (X.690 8.1.3.5: the larger CSTA elements); EnterAny and head do it
// through quickHead. The rest (long tags, the indefinite form, errors) goes
// through head in a helper kept out of line.

// TryEnter is the inlinable fast path of Enter: if the next element starts
// with the identifier octet id and a short-form length, it enters it as Enter
// does and reports true; otherwise it consumes nothing and reports false.
// id must be a single identifier octet: not 0 (end-of-contents) and without
// the long-form marker 0x1f in its low five bits.
func (r *Reader) TryEnter(id byte) (rest int, ok bool) {
	s := r.s
	if len(s) < 2 || s[0] != id || int(s[1]) > min(len(s)-2, 0x7f) || r.depth >= r.fastDepth || r.budget <= 0 {
		return 0, false
	}
	n := int(s[1])
	r.budget--
	r.s = s[2 : 2+n]
	r.depth++
	return len(s) - 2 - n, true
}

// Enter consumes the identifier and length octets of the next element, which
// must have tag exactly (ErrTagMismatch otherwise; ErrMissing if r is empty),
// and narrows r to its contents, one level deeper: the Read methods then read
// the element's components. Leave, called with the returned token once they
// are read, checks that none is left and moves r past the element. It handles
// every length form, as ReadElement does. Nothing is consumed on error.
func (r *Reader) Enter(tag Tag) (rest int, err error) {
	// TryEnter's short form first (for the calls that do not inline
	// TryEnter: compact codecs, components that are seldom there), else
	// one identifier octet that is tag's and one or two long-form length
	// octets (the larger CSTA elements, after a TryEnter in line failed);
	// the rest, and every error, in enterSlow.
	n := tag & numberMask
	if n >= 0x1f || tag&^Constructed == 0 {
		return r.enterSlow(tag)
	}
	id := byte(tag>>24)&0xe0 | byte(n)
	if rest, ok := r.TryEnter(id); ok {
		return rest, nil
	}
	s := r.s
	if len(s) < 3 || s[0] != id || r.budget <= 0 {
		return r.enterSlow(tag)
	}
	hl, cl := 2, int(s[1])
	switch {
	case cl == 0x81:
		hl, cl = 3, int(s[2])
	case cl == 0x82 && len(s) >= 4:
		hl, cl = 4, int(s[2])<<8|int(s[3])
	default:
		return r.enterSlow(tag)
	}
	if cl <= len(s)-hl && cl <= int(r.maxLen) && r.depth < r.maxDepth {
		r.budget--
		r.depth++
		r.s = s[hl : hl+cl]
		return len(s) - hl - cl, nil
	}
	return r.enterSlow(tag)
}

//go:noinline
func (r *Reader) enterSlow(tag Tag) (int, error) {
	if len(r.s) == 0 {
		return 0, missingError(r.Offset(), tag)
	}
	t, hl, cl, tl, err := r.head()
	if err != nil {
		return 0, err
	}
	if t != tag {
		return 0, mismatchError(r.Offset(), tag, t)
	}
	return r.narrow(hl, cl, tl), nil
}

// EnterAny is Enter for an element of any tag, which it returns: the CHOICE
// step. Primitive contents are then taken with Rest, StringContents or
// BitStringContents.
func (r *Reader) EnterAny() (Tag, int, error) {
	// TryEnter's short form, for any one-octet identifier (not
	// end-of-contents, not the long form).
	if s := r.s; len(s) != 0 && s[0]&0x1f != 0x1f && s[0]&0xdf != 0 {
		if rest, ok := r.TryEnter(s[0]); ok {
			return Tag(s[0]&0xe0)<<24 | Tag(s[0]&0x1f), rest, nil
		}
	}
	if t, hl, cl, ok := r.quickHead(); ok {
		return t, r.narrow(hl, cl, hl+cl), nil
	}
	return r.enterAnySlow()
}

//go:noinline
func (r *Reader) enterAnySlow() (Tag, int, error) {
	t, hl, cl, tl, err := r.head()
	if err != nil {
		return 0, 0, err
	}
	return t, r.narrow(hl, cl, tl), nil
}

// quickHead is head for the common shapes, decided without calls: one
// identifier octet and a definite length in short form or in long form with
// one or two octets, within the limits. ok false means head must decide (and
// report any error).
func (r *Reader) quickHead() (t Tag, hl, cl int, ok bool) {
	s := r.s
	if len(s) < 2 || r.depth >= r.maxDepth || r.budget <= 0 {
		return 0, 0, 0, false
	}
	b0 := s[0]
	if b0&0x1f == 0x1f || b0&0xdf == 0 {
		return 0, 0, 0, false
	}
	hl, cl = 2, int(s[1])
	if cl >= 0x80 {
		switch {
		case cl == 0x81 && len(s) >= 3:
			hl, cl = 3, int(s[2])
		case cl == 0x82 && len(s) >= 4:
			hl, cl = 4, int(s[2])<<8|int(s[3])
		default:
			return 0, 0, 0, false
		}
	}
	if cl > len(s)-hl || cl > int(r.maxLen) {
		return 0, 0, 0, false
	}
	return Tag(b0&0xe0)<<24 | Tag(b0&0x1f), hl, cl, true
}

// narrow enters the element whose header head returned: it counts it, makes
// its contents the input of r, one level deeper, and returns the token for
// Leave.
func (r *Reader) narrow(hl, cl, tl int) int {
	rest := len(r.s) - tl
	if tl != hl+cl {
		rest = ^rest // indefinite length: end-of-contents octets follow
	}
	r.budget--
	r.s = r.s[hl : hl+cl]
	r.depth++
	return rest
}

// TryLeave is the inlinable fast path of Leave: when the contents are all
// read and no end-of-contents octets follow, it leaves the element and
// reports true; otherwise it does nothing and reports false.
func (r *Reader) TryLeave(rest int) bool {
	if len(r.s) != 0 || rest < 0 {
		return false
	}
	r.s = r.s[:rest]
	r.depth--
	return true
}

// Leave ends an element entered with Enter, EnterAny or TryEnter, whose token
// is rest: it reports ErrTrailingData if contents remain unread, and
// otherwise moves r past the element (and its end-of-contents octets) to the
// level it was entered from. rest must come from the latest unmatched Enter
// on r.
//
//go:noinline
func (r *Reader) Leave(rest int) error {
	if len(r.s) != 0 {
		return newError(r.Offset(), ErrTrailingData)
	}
	eoc := 0
	if rest < 0 {
		rest, eoc = ^rest, 2 // X.690 8.1.5: end-of-contents octets
	}
	r.s = r.s[eoc : eoc+rest]
	r.depth--
	return nil
}

// TryContents is the inlinable fast path of ReadContents for a primitive
// element: if the next element starts with the identifier octet id and a
// short-form length, it consumes it and returns its contents (sharing
// memory with the input); otherwise it consumes nothing and reports false.
// id is restricted as for TryEnter.
func (r *Reader) TryContents(id byte) ([]byte, bool) {
	s := r.s
	if len(s) < 2 || s[0] != id || s[1] >= 0x80 || int(s[1]) > len(s)-2 || r.depth >= r.fastDepth || r.budget <= 0 {
		return nil, false
	}
	n := 2 + int(s[1])
	r.budget--
	r.s = s[n:]
	return s[2:n:n], true
}

// EnterMessage is Enter for the element of a generated message type at the
// top level of its document, whose constructed tag is t; an error is given
// the type name, as WrapField does. LeaveMessage ends it.
func (r *Reader) EnterMessage(t Tag, name string) (rest int, err error) {
	t |= Constructed
	if n := t & numberMask; n < 0x1f {
		if rest, ok := r.TryEnter(byte(t>>24)&0xe0 | byte(n)); ok {
			return rest, nil
		}
	}
	rest, err = r.Enter(t)
	return rest, WrapField(err, name, "")
}

// LeaveMessage ends the element EnterMessage entered, once its contents
// are decoded: it reports Leave's error with the type name, or else
// Finish's (input after the element). It ends the decoding: r is not used
// after it. The common case, nothing after the element, is inlined.
func (r *Reader) LeaveMessage(rest int, name string) error {
	if rest|len(r.s) == 0 && r.mem >= 0 {
		return nil
	}
	return r.leaveMessage(rest, name)
}

func (r *Reader) leaveMessage(rest int, name string) error {
	if err := r.Leave(rest); err != nil {
		return WrapField(err, name, "")
	}
	return r.Finish()
}

// FinishMessage ends the decoding of a generated message type that has no
// tag of its own (an untagged CHOICE): err is what decoding it returned,
// reported with the type name, or else Finish's. The common case is inlined.
func (r *Reader) FinishMessage(name string, err error) error {
	if err == nil && len(r.s) == 0 && r.mem >= 0 {
		return nil
	}
	return r.finishMessage(name, err)
}

func (r *Reader) finishMessage(name string, err error) error {
	if err != nil {
		return WrapField(err, name, "")
	}
	return r.Finish()
}

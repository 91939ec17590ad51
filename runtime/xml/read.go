package xml

import "io"

// ReadStart reads the next child element's start tag of the innermost open
// element (at document level: the root element), skipping white space,
// comments, processing instructions and the document type declaration, and
// returns its name.
//
// When the end tag of the innermost open element comes first, ReadStart
// consumes it and returns its name with ok == false; at document level after
// the root element it returns ok == false at the end of input. Non-white-space
// character data yields ErrUnexpectedText.
//
// The rest of the tag is available until the next read: Token (namespace,
// offset, SelfClosing), AttrCount, Attr, LookupAttr and AttrValue.
func (d *Decoder) ReadStart() (QName, bool, error) { return d.readStart(false) }

// ReadStartOrText is ReadStart for the children of an element that should
// hold elements but may hold text instead, as real servers write a device
// number as the text of a CHOICE's element (<callingDevice>200</callingDevice>,
// without the <deviceIdentifier> alternative). Non-white-space character
// data among the children is consumed and reported as ErrTextContent,
// which, unlike ReadStart's ErrUnexpectedText, does not stop the decoder:
// the rest of the element can still be skipped or kept verbatim
// (Children.Keep, after Reader.ContentError). The text is Token's.
func (d *Decoder) ReadStartOrText() (QName, bool, error) { return d.readStart(true) }

// readStart is ReadStart, and with text set ReadStartOrText.
func (d *Decoder) readStart(text bool) (QName, bool, error) {
	// Fast path: white space, then a start or end tag.
	if !d.peeked && !d.pendingEnd && d.err == nil {
		s := d.src
		p := d.pos
		if p < len(s) && cls[s[p]]&cSpace != 0 {
			p = d.skipSpace(p)
		}
		if text && p < len(s) && s[p] != '<' {
			return d.textContent()
		}
		if p+1 < len(s) && s[p] == '<' {
			// The name is returned straight from the frame: building a
			// QName in a variable first costs a copy through memory.
			if c := s[p+1]; cls[c]&cNameStart != 0 {
				d.pos = p
				if err := d.startTag(p); err != nil {
					return QName{}, false, err
				}
				f := &d.stack[len(d.stack)-1]
				if f.pe == f.n0 {
					return QName{Local: s[f.n0:f.n1:f.n1]}, true, nil
				}
				return QName{Prefix: s[f.n0:f.pe:f.pe], Local: s[f.l0:f.n1:f.n1]}, true, nil
			} else if c == '/' {
				d.pos = p
				if err := d.endTag(p); err != nil {
					return QName{}, false, err
				}
				f := &d.stack[:len(d.stack)+1][len(d.stack)] // the frame just popped
				if f.pe == f.n0 {
					return QName{Local: s[f.n0:f.n1:f.n1]}, false, nil
				}
				return QName{Prefix: s[f.n0:f.pe:f.pe], Local: s[f.l0:f.n1:f.n1]}, false, nil
			}
		}
	} else if d.pendingEnd && !d.peeked && d.err == nil {
		// The end of an empty-element tag (<notKnown/>).
		d.pendingEnd = false
		d.pop(d.pendingEndOff)
		s := d.src
		f := &d.stack[:len(d.stack)+1][len(d.stack)]
		return QName{Prefix: s[f.n0:f.pe:f.pe], Local: s[f.l0:f.n1:f.n1]}, false, nil
	}
	return d.readStartSlow()
}

// textContent is readStart's path for character data where an element's
// children are: the text is consumed, and when it is not all white space
// (skipSpace stops after MaxTokenLen bytes) it is ErrTextContent.
func (d *Decoder) textContent() (QName, bool, error) {
	if err := d.next(); err != nil {
		return QName{}, false, err
	}
	if c := &d.cur; c.kind == CharData && !allSpace(d.src[c.d0:c.d1]) {
		return QName{}, false, ErrTextContent
	}
	return d.readStart(true)
}

// skipSpace returns the offset of the first byte at or after p that is not
// white space, looking at most Limits.MaxTokenLen bytes ahead (then the
// slow path reports the overlong text).
func (d *Decoder) skipSpace(p int) int {
	s := d.src
	w := s
	if lim := p + d.lim.MaxTokenLen; lim < len(w) {
		w = w[:lim]
	}
	for p < len(w) && cls[w[p]]&cSpace != 0 {
		p++
	}
	return p
}

// readStartSlow is ReadStart through the general tokenizer.
func (d *Decoder) readStartSlow() (QName, bool, error) {
	for {
		if err := d.next(); err != nil {
			if err == io.EOF {
				return QName{}, false, nil
			}
			return QName{}, false, err
		}
		c := &d.cur
		switch c.kind {
		case StartElement, EndElement:
			f := &d.stack[:cap(d.stack)][c.fi]
			s := d.src
			return QName{Prefix: s[f.n0:f.pe:f.pe], Local: s[f.l0:f.n1:f.n1]}, c.kind == StartElement, nil
		case CharData, CDATA:
			if !allSpace(d.src[c.d0:c.d1]) {
				return QName{}, false, d.fail(int(c.off), ErrUnexpectedText, "unexpected character data")
			}
		}
	}
}

// Token returns the token read last, by Next, Peek or a helper (for
// ReadText, RawElement and SkipElement: the end tag that finished them).
func (d *Decoder) Token() (t Token) {
	d.token(&t)
	return t
}

// NS returns the namespace URI of the element whose start or end tag was
// read last, raw as declared; nil if none.
func (d *Decoder) NS() []byte {
	if k := d.cur.kind; k != StartElement && k != EndElement {
		return nil
	}
	return d.nsBytes(d.stack[:cap(d.stack)][d.cur.fi].ns)
}

// NSValue is NS decoded as a namespace name is (the value of its xmlns
// attribute, XML 1.0 §3.3.3: references decoded, white space normalized):
// NS itself when nothing needs decoding, else built in *scratch (reset to
// length zero first), which the caller reuses. Written back with AppendAttr,
// it reads as the same name.
func (d *Decoder) NSValue(scratch *[]byte) []byte {
	ns := d.NS()
	if plainRun(ns, 0, true) == len(ns) {
		return ns
	}
	// The tokenizer checked the references of the declaration.
	buf, _ := appendUnescaped((*scratch)[:0], ns, true)
	*scratch = buf
	return buf
}

// ReadText reads the content of the element whose start tag was just read,
// up to and including its end tag, and returns its text: character data and
// CDATA sections concatenated, references decoded, line ends normalized
// (XML 1.0 §2.11, §4.6), comments and processing instructions dropped. The
// text is not trimmed (see TrimSpace).
//
// When the content is a single run that needs no decoding, the result shares
// memory with the document; otherwise it is built in *scratch (reset to
// length zero first and grown as needed), which the caller reuses. A child
// element yields ErrUnexpectedElement. An empty element yields an empty,
// non-nil slice.
func (d *Decoder) ReadText(scratch *[]byte) ([]byte, error) {
	s := d.src
	if d.pendingEnd && !d.peeked {
		d.pendingEnd = false
		d.pop(d.pendingEndOff)
		return s[d.pos:d.pos], nil
	}
	// Fast path: text without anything to decode, then the end tag.
	if !d.peeked && !d.pendingEnd && d.err == nil && len(d.stack) > 0 {
		p := d.pos
		w := s
		if lim := p + d.lim.MaxTokenLen; lim < len(w) {
			w = w[:lim]
		}
		i := textRun(w, p)
		if i+1 < len(w) && w[i] == '<' && w[i+1] == '/' {
			f := &d.stack[len(d.stack)-1]
			ln := int(f.n1 - f.n0)
			j := i + 2 + ln
			if j < len(s) && s[j] == '>' && sameBytes(s, i+2, int(f.n0), ln) {
				if d.strict() {
					if err := d.checkText(p, i); err != nil {
						return nil, err
					}
				}
				d.pos = j + 1
				d.pop(int32(i))
				return s[p:i:i], nil
			}
		}
	}
	if err := d.next(); err != nil {
		return nil, err
	}
	// One plain text run followed by the end tag.
	if c := d.cur; c.kind == CharData && !c.esc {
		if p := d.pos; p+1 < len(s) && s[p+1] == '/' {
			if err := d.endTag(p); err != nil {
				return nil, err
			}
			return s[c.d0:c.d1:c.d1], nil
		}
	}
	var first rawTok
	pieces := 0
	var buf []byte
	for {
		c := &d.cur
		switch c.kind {
		case CharData, CDATA:
			pieces++
			if pieces == 1 {
				first = *c
			} else {
				if pieces == 2 {
					buf = d.appendPiece((*scratch)[:0], &first)
				}
				buf = d.appendPiece(buf, c)
			}
		case EndElement:
			switch {
			case pieces == 0:
				return s[c.off:c.off], nil
			case pieces == 1 && !first.esc:
				return s[first.d0:first.d1:first.d1], nil
			case pieces == 1:
				buf = d.appendPiece((*scratch)[:0], &first)
			}
			*scratch = buf
			return buf, nil
		case StartElement:
			return nil, d.fail(int(c.off), ErrUnexpectedElement, "unexpected child element <"+string(d.curName().Local)+"> in text-only element")
		}
		if err := d.next(); err != nil {
			return nil, err
		}
	}
}

// appendPiece appends the decoded text of a CharData or CDATA token. The
// tokenizer has validated its references.
func (d *Decoder) appendPiece(dst []byte, t *rawTok) []byte {
	data := d.src[t.d0:t.d1]
	if !t.esc {
		return append(dst, data...)
	}
	if t.kind == CDATA {
		return appendCRLF(dst, data)
	}
	dst, _ = appendUnescaped(dst, data, false)
	return dst
}

// SkipElement consumes the rest of the innermost open element, children
// included, up to and including its end tag. Depth is bounded by
// Limits.MaxDepth. At document level it does nothing.
func (d *Decoder) SkipElement() error {
	depth := len(d.stack)
	if depth == 0 {
		return nil
	}
	for {
		if err := d.next(); err != nil {
			return err
		}
		if d.cur.kind == EndElement && len(d.stack) < depth {
			return nil
		}
	}
}

// RawElement consumes the rest of the innermost open element like
// SkipElement and returns its exact source bytes, from its '<' to the end of
// its end tag (for an empty-element tag, the tag). The result shares memory
// with the document. Namespace declarations made on ancestors are not part
// of it (see LookupPrefix). At document level it returns nil.
func (d *Decoder) RawElement() ([]byte, error) {
	n := len(d.stack)
	if n == 0 {
		return nil, nil
	}
	start := int(d.stack[n-1].n0) - 1
	if err := d.SkipElement(); err != nil {
		return nil, err
	}
	return d.src[start:d.pos:d.pos], nil
}

// AttrCount returns the number of attributes (namespace declarations
// included) of the start tag read last.
func (d *Decoder) AttrCount() int { return len(d.attrs) }

// Attr returns attribute i of the start tag read last, 0 <= i < AttrCount().
func (d *Decoder) Attr(i int) Attr {
	a := &d.attrs[i]
	s := d.src
	return Attr{
		Name:    qname(s, a.n0, a.pe, a.l0, a.n1),
		NS:      d.nsBytes(a.ns),
		Value:   s[a.v0:a.v1:a.v1],
		Offset:  int(a.n0),
		Escaped: a.esc,
	}
}

// LookupAttr returns the index of the first attribute of the start tag read
// last whose local name is local, skipping namespace declarations, or -1.
func (d *Decoder) LookupAttr(local string) int {
	s := d.src
	for i := range d.attrs {
		a := &d.attrs[i]
		if string(s[a.l0:a.n1]) != local {
			continue
		}
		if a.pe == a.n0 && local == "xmlns" || string(s[a.n0:a.pe]) == "xmlns" {
			continue
		}
		return i
	}
	return -1
}

// AttrIs reports whether the start tag read last has the attribute local
// (in no namespace) with exactly the value value as written, without
// references (typeOfNumber="dynamic").
func (d *Decoder) AttrIs(local, value string) bool {
	i := d.LookupAttr(local)
	return i >= 0 && string(d.Attr(i).Value) == value
}

// AttrValue returns the decoded value of attribute i of the start tag read
// last (references decoded, white space normalized per XML 1.0 §3.3.3).
// When no decoding is needed the result shares memory with the document;
// otherwise it is built in *scratch (reset to length zero first).
func (d *Decoder) AttrValue(i int, scratch *[]byte) ([]byte, error) {
	a := &d.attrs[i]
	v := d.src[a.v0:a.v1:a.v1]
	if !a.esc {
		return v, nil
	}
	buf, _ := appendUnescaped((*scratch)[:0], v, true)
	*scratch = buf
	return buf, nil
}

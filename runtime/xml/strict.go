package xml

import "unicode/utf8"

// The checks of Strict mode: what lenient mode tolerates (see the package
// documentation) is a *SyntaxError. They run only when the Decoder is
// strict, off the paths of lenient decoding.

// strict reports whether d rejects what lenient mode tolerates (the Strict
// flag).
func (d *Decoder) strict() bool { return d.flags&Strict != 0 }

// checkName checks the bytes >= 0x80 of the name s[from:to] (XML 1.0 §2.3
// NameStartChar, NameChar), which lenient mode takes as name characters
// unchecked: valid UTF-8 (or ISO-8859-1 when declared) of the Unicode ranges
// XML allows, a start character at the name's start and after its colon.
func (d *Decoder) checkName(from, to int) error {
	s := d.src
	latin1 := d.Latin1()
	start := true
	for k := from; k < to; {
		c := s[k]
		if c < 0x80 {
			start = c == ':'
			k++
			continue
		}
		r, size := rune(c), 1
		if !latin1 {
			r, size = utf8.DecodeRune(s[k:to])
			if r == utf8.RuneError && size <= 1 {
				return d.fail(k, ErrSyntax, "invalid UTF-8 in name")
			}
		}
		if !isNameStartRune(r) && (start || !isNameRune(r)) {
			return d.fail(k, ErrSyntax, "invalid name character "+strconvQuote(s[k:k+size]))
		}
		start = false
		k += size
	}
	return nil
}

// isNameStartRune reports whether r >= 0x80 is a NameStartChar (XML 1.0
// §2.3).
func isNameStartRune(r rune) bool {
	switch {
	case r >= 0xC0 && r <= 0xD6, r >= 0xD8 && r <= 0xF6, r >= 0xF8 && r <= 0x2FF,
		r >= 0x370 && r <= 0x37D, r >= 0x37F && r <= 0x1FFF, r >= 0x200C && r <= 0x200D,
		r >= 0x2070 && r <= 0x218F, r >= 0x2C00 && r <= 0x2FEF, r >= 0x3001 && r <= 0xD7FF,
		r >= 0xF900 && r <= 0xFDCF, r >= 0xFDF0 && r <= 0xFFFD, r >= 0x10000 && r <= 0xEFFFF:
		return true
	}
	return false
}

// isNameRune reports whether r >= 0x80 is a NameChar (XML 1.0 §2.3).
func isNameRune(r rune) bool {
	return isNameStartRune(r) || r == 0xB7 || r >= 0x300 && r <= 0x36F || r >= 0x203F && r <= 0x2040
}

// checkText checks the bytes >= 0x80 of s[from:to] (character data, an
// attribute value, a comment, a processing instruction, a CDATA section):
// valid UTF-8 encoding XML characters (§2.2 Char: no U+FFFE, U+FFFF;
// surrogates are no valid UTF-8). An ISO-8859-1 document has nothing to
// check: every byte is a character.
func (d *Decoder) checkText(from, to int) error {
	if d.Latin1() {
		return nil
	}
	s := d.src
	for k := from; k < to; {
		if s[k] < 0x80 {
			k++
			continue
		}
		r, size := utf8.DecodeRune(s[k:to])
		if r == utf8.RuneError && size <= 1 {
			return d.fail(k, ErrSyntax, "invalid UTF-8")
		}
		if r == 0xFFFE || r == 0xFFFF {
			return d.fail(k, ErrSyntax, "invalid character "+strconvQuote(s[k:k+size]))
		}
		k += size
	}
	return nil
}

// checkNamespaces checks the start tag just read against Namespaces in XML
// 1.0 (§3 the reserved prefixes and names, §5 declared prefixes, §6.3
// unique expanded attribute names); ns is the element's namespace and
// colon its name's colon or -1.
func (d *Decoder) checkNamespaces(nameStart, colon int, ns nsRef) error {
	s := d.src
	if colon >= 0 {
		prefix := s[nameStart:colon]
		if string(prefix) == "xmlns" {
			return d.fail(nameStart, ErrSyntax, "element name with the xmlns prefix")
		}
		if ns.lo == ns.hi {
			return d.fail(nameStart, ErrSyntax, "undeclared namespace prefix "+strconvQuote(prefix))
		}
	}
	for x := range d.attrs {
		a := &d.attrs[x]
		value := string(s[a.v0:a.v1])
		switch {
		case a.pe == a.n0 && string(s[a.n0:a.n1]) == "xmlns":
			if value == string(xmlNS) || value == string(xmlnsNS) {
				return d.fail(int(a.n0), ErrSyntax, "reserved namespace declared as the default")
			}
		case a.pe == a.n0:
		case string(s[a.n0:a.pe]) == "xmlns":
			isXML := string(s[a.l0:a.n1]) == "xml"
			if isXML != (value == string(xmlNS)) || value == string(xmlnsNS) {
				return d.fail(int(a.n0), ErrSyntax, "the xml prefix and the reserved namespaces are bound only to each other")
			}
		case a.ns.lo == a.ns.hi:
			return d.fail(int(a.n0), ErrSyntax, "undeclared namespace prefix "+strconvQuote(s[a.n0:a.pe]))
		default:
			for y := range x {
				b := &d.attrs[y]
				if b.pe > b.n0 && string(s[b.l0:b.n1]) == string(s[a.l0:a.n1]) &&
					string(d.nsBytes(b.ns)) == string(d.nsBytes(a.ns)) {
					return d.fail(int(a.n0), ErrDuplicateAttr, "duplicate attribute "+strconvQuote(s[a.l0:a.n1])+" in one namespace")
				}
			}
		}
	}
	return nil
}

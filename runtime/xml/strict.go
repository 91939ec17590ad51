package xml

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

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
	latin1, ascii := d.Latin1(), d.ascii()
	start := true
	for k := from; k < to; {
		c := s[k]
		if c < 0x80 {
			start = c == ':'
			k++
			continue
		}
		if ascii {
			return d.fail(k, ErrSyntax, "byte "+quoteByte(c)+" in a document declared US-ASCII")
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
		if d.ascii() {
			return d.fail(k, ErrSyntax, "byte "+quoteByte(s[k])+" in a document declared US-ASCII")
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
		value := string(nsName(s[a.v0:a.v1]))
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
					string(nsName(d.nsBytes(b.ns))) == string(nsName(d.nsBytes(a.ns))) {
					return d.fail(int(a.n0), ErrDuplicateAttr, "duplicate attribute "+strconvQuote(s[a.l0:a.n1])+" in one namespace")
				}
			}
		}
	}
	return nil
}

// nsName returns a namespace name as declared (raw, between the quotes)
// with its references decoded and its white space normalized, the form
// Namespaces in XML compares: raw itself when it has nothing to decode.
func nsName(raw []byte) []byte {
	if bytes.IndexByte(raw, '&') < 0 && bytes.IndexAny(raw, "\t\n\r") < 0 {
		return raw
	}
	v, err := UnescapeAttr(nil, raw)
	if err != nil { // the tokenizer has validated the references
		return raw
	}
	return v
}

// asciiNames are the registered names of US-ASCII (IANA character sets).
var asciiNames = [...]string{"us-ascii", "ascii", "ansi_x3.4-1968", "ansi_x3.4-1986", "iso-ir-6", "iso_646.irv:1991", "iso646-us", "us", "ibm367", "cp367", "csascii"}

// ascii reports whether the declared encoding is US-ASCII.
func (d *Decoder) ascii() bool {
	if d.encoding == nil {
		return false
	}
	for _, n := range asciiNames {
		if equalFold(d.encoding, n) {
			return true
		}
	}
	return false
}

// checkEncoding checks the encoding declared by the XML declaration at
// s[p] (XML 1.0 §4.3.3): one this package reads (UTF-8, US-ASCII,
// ISO-8859-1), and UTF-8 when the document starts with a UTF-8 byte order
// mark. Lenient mode reads any other ASCII-compatible encoding as UTF-8.
func (d *Decoder) checkEncoding(p int) error {
	enc := d.encoding
	switch {
	case enc == nil:
		return nil
	case equalFold(enc, "utf-8"):
		return nil
	case p > 0: // after a byte order mark
		return d.fail(p, ErrUnsupportedEncoding, "encoding "+strconvQuote(enc)+" declared after a UTF-8 byte order mark")
	case d.Latin1(), d.ascii():
		return nil
	}
	return d.fail(p, ErrUnsupportedEncoding, "unsupported encoding "+strconvQuote(enc))
}

// checkDoctype checks the document type declaration whose content (after
// "<!DOCTYPE") is s[from:to] (XML 1.0 §2.8 doctypedecl without an internal
// subset, §4.2.2 ExternalID, §2.3 SystemLiteral and PubidLiteral): S Name
// (S ExternalID)? S?. Lenient mode skips it unchecked.
func (d *Decoder) checkDoctype(from, to int) error {
	s := d.src[:to]
	k := from
	for k < to && isSpace(s[k]) {
		k++
	}
	end, _, err := d.scanName(k)
	if err != nil {
		return err
	}
	if end > to {
		return d.fail(to, ErrSyntax, "expected a name in DOCTYPE")
	}
	if err := d.checkName(k, end); err != nil {
		return err
	}
	k = end
	sp := k
	for k < to && isSpace(s[k]) {
		k++
	}
	if k == to {
		return nil
	}
	if k == sp {
		return d.fail(k, ErrSyntax, "expected white space after the DOCTYPE name")
	}
	pub := false
	switch {
	case hasPrefix(s[k:], "SYSTEM"):
		k += 6
	case hasPrefix(s[k:], "PUBLIC"):
		pub = true
		k += 6
	default:
		return d.fail(k, ErrSyntax, "expected SYSTEM or PUBLIC in DOCTYPE")
	}
	// literal reads a quoted literal after required white space and returns
	// the offset past it.
	literal := func(k int, pubid bool) (int, error) {
		sp := k
		for k < to && isSpace(s[k]) {
			k++
		}
		if k == sp || k == to || s[k] != '"' && s[k] != '\'' {
			return 0, d.fail(k, ErrSyntax, "expected white space and a quoted literal in DOCTYPE")
		}
		q := s[k]
		v := k + 1
		e := v + bytes.IndexByte(s[v:], q)
		if e < v {
			return 0, d.fail(k, ErrSyntax, "unterminated literal in DOCTYPE")
		}
		if pubid {
			for x := v; x < e; x++ {
				if !isPubidChar(s[x]) {
					return 0, d.fail(x, ErrSyntax, "invalid public identifier character "+quoteByte(s[x]))
				}
			}
		} else if err := d.checkChars(v, e); err != nil {
			return 0, err
		}
		return e + 1, nil
	}
	if pub {
		if k, err = literal(k, true); err != nil {
			return err
		}
	}
	if k, err = literal(k, false); err != nil {
		return err
	}
	for k < to && isSpace(s[k]) {
		k++
	}
	if k != to {
		return d.fail(k, ErrSyntax, "unexpected "+quoteByte(s[k])+" in DOCTYPE")
	}
	return nil
}

// isPubidChar reports whether c is a PubidChar (XML 1.0 §2.3).
func isPubidChar(c byte) bool {
	switch {
	case c == ' ' || c == '\r' || c == '\n':
		return true
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("-'()+,./:=?;!*#@$_%", c) >= 0
}

package xml

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

// Character classes, one byte per input byte (XML 1.0 fifth edition, §2.2
// Char, §2.3 S/NameStartChar/NameChar). Bytes >= 0x80 count as name
// characters: multi-byte UTF-8 sequences (and ISO-8859-1 letters) are taken
// as they are rather than checked against the Unicode name ranges.
const (
	cSpace       = 1 << iota // S: #x20 | #x9 | #xD | #xA
	cNameStart               // NameStartChar
	cName                    // NameChar
	cNameStartNC             // NameStartChar other than ':'
	cText                    // needs a closer look in character data
	cAttr                    // needs a closer look in an attribute value
	cNameNC                  // NameChar other than ':' (NCName character)
)

var cls = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		var v uint8
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			v |= cSpace
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', c >= 0x80:
			v |= cNameStart | cName
		case c == ':':
			v |= cNameStart | cName
		case c >= '0' && c <= '9', c == '-', c == '.':
			v |= cName
		}
		if v&cName != 0 && c != ':' {
			v |= cNameNC
		}
		if v&cNameStart != 0 && c != ':' {
			v |= cNameStartNC
		}
		// Character data: markup start, references, "]]>", CR (end-of-line
		// handling, §2.11) and the C0 controls that are not Char (§2.2).
		if c == '<' || c == '&' || c == ']' || c == '\r' || (c < 0x20 && c != '\t' && c != '\n') {
			v |= cText
		}
		// Attribute values: quotes, '<' (forbidden, §3.1 AttValue),
		// references, and every C0 control (whitespace is normalized, §3.3.3).
		if c == '"' || c == '\'' || c == '<' || c == '&' || c < 0x20 {
			v |= cAttr
		}
		t[c] = v
	}
	return t
}()

// nameRun returns the end of the run of NCName characters (cNameNC) at
// w[i:]. Names in CSTA are long runs of letters (callControlServices,
// deviceIdentifier): eight letters are skipped at a time, the rest (digits,
// '-', '.', '_', bytes >= 0x80, and the byte that ends the name) goes byte
// by byte.
func nameRun(w []byte, i int) int {
	for i >= 0 && i+8 <= len(w) {
		if m := notLetters(binary.LittleEndian.Uint64(w[i:])); m != 0 {
			i += bits.TrailingZeros64(m) >> 3
			break
		}
		i += 8
	}
	for i < len(w) && cls[w[i]]&cNameNC != 0 {
		i++
	}
	return i
}

// notLetters flags the bytes of x that are no ASCII letter, exactly: on
// seven-bit values sums do not carry from one byte into the next, and bytes
// >= 0x80 are flagged by their own high bit.
func notLetters(x uint64) uint64 {
	y := (x | lo8*0x20) & (lo8 * 0x7f) // folded to lower case
	return (^(y + lo8*(0x80-'a')) | (y + lo8*(0x80-'z'-1)) | x) & hi8
}

// Attribute values (namespace names are long) are scanned eight bytes at a
// time (SWAR): a mask flags the bytes that may need a closer look, and the
// lowest flag is exact (borrows only spread flags upwards), so its
// position is that of the first such byte.
const (
	lo8 = 0x0101010101010101
	hi8 = 0x8080808080808080
)

// below flags the bytes of x less than n (n <= 0x80).
func below(x uint64, n byte) uint64 { return (x - lo8*uint64(n)) &^ x & hi8 }

// equal flags the bytes of x equal to c.
func equal(x uint64, c byte) uint64 {
	y := x ^ lo8*uint64(c)
	return (y - lo8) &^ y & hi8
}

// textRun returns the offset of the first byte at w[i:] that needs a closer
// look in character data (cText), or len(w). Eight bytes at a time, the
// mask flags every C0 control: a tab or line feed it stops at is stepped
// over.
func textRun(w []byte, i int) int {
	for i >= 0 && i+8 <= len(w) {
		x := binary.LittleEndian.Uint64(w[i:])
		m := below(x, 0x20) | equal(x, '<') | equal(x, '&') | equal(x, ']')
		if m == 0 {
			i += 8
			continue
		}
		k := i + bits.TrailingZeros64(m)>>3
		if cls[w[k]]&cText != 0 {
			return k
		}
		i = k + 1
	}
	for i < len(w) && cls[w[i]]&cText == 0 {
		i++
	}
	return i
}

// attrRun returns the offset of the first byte at w[i:] that needs a closer
// look in an attribute value (cAttr), or len(w).
func attrRun(w []byte, i int) int {
	for i >= 0 && i+8 <= len(w) {
		x := binary.LittleEndian.Uint64(w[i:])
		m := below(x, 0x20) | equal(x, '<') | equal(x, '&') | equal(x, '"') | equal(x, '\'')
		if m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		i += 8
	}
	for i < len(w) && cls[w[i]]&cAttr == 0 {
		i++
	}
	return i
}

// isSpace reports whether c is XML white space (§2.3 S).
func isSpace(c byte) bool { return cls[c]&cSpace != 0 }

// allSpace reports whether b consists of XML white space only.
func allSpace(b []byte) bool {
	for _, c := range b {
		if cls[c]&cSpace == 0 {
			return false
		}
	}
	return true
}

// TrimSpace returns b without leading and trailing XML white space (space,
// tab, CR, LF). It shares memory with b.
func TrimSpace(b []byte) []byte {
	i, j := 0, len(b)
	for i < j && cls[b[i]]&cSpace != 0 {
		i++
	}
	for j > i && cls[b[j-1]]&cSpace != 0 {
		j--
	}
	return b[i:j]
}

// isChar reports whether r is a legal XML character (§2.2 Char).
func isChar(r rune) bool {
	switch {
	case r == 0x9 || r == 0xA || r == 0xD:
		return true
	case r >= 0x20 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// Predefined entities (§4.6) decode to a single byte; character references
// (§4.1 CharRef) decode to a rune.
//
// parseRef decodes the reference starting at s[i] == '&'. It returns the
// decoded rune and the index just past the ';'. ok is false for an unknown
// entity, an unterminated reference or a character reference that is not a
// legal Char. No custom entity is ever expanded.
func parseRef(s []byte, i int) (r rune, next int, ok bool) {
	j := i + 1
	if j >= len(s) {
		return 0, 0, false
	}
	if s[j] == '#' {
		j++
		hex := false
		if j < len(s) && s[j] == 'x' {
			hex = true
			j++
		}
		start := j
		var v rune
		for ; j < len(s) && s[j] != ';'; j++ {
			c := s[j]
			var dv rune
			switch {
			case c >= '0' && c <= '9':
				dv = rune(c - '0')
			case hex && c >= 'a' && c <= 'f':
				dv = rune(c-'a') + 10
			case hex && c >= 'A' && c <= 'F':
				dv = rune(c-'A') + 10
			default:
				return 0, 0, false
			}
			if hex {
				v = v<<4 | dv
			} else {
				v = v*10 + dv
			}
			if v > utf8.MaxRune {
				return 0, 0, false
			}
		}
		if j >= len(s) || j == start || !isChar(v) {
			return 0, 0, false
		}
		return v, j + 1, true
	}
	// Entity names are short; look at most 5 bytes ahead for the ';'.
	n := len(s) - j
	if n > 5 {
		n = 5
	}
	k := 0
	for k < n && s[j+k] != ';' {
		k++
	}
	if k == n {
		return 0, 0, false
	}
	switch string(s[j : j+k]) {
	case "lt":
		r = '<'
	case "gt":
		r = '>'
	case "amp":
		r = '&'
	case "apos":
		r = '\''
	case "quot":
		r = '"'
	default:
		return 0, 0, false
	}
	return r, j + k + 1, true
}

// appendUnescaped appends raw with references decoded and end-of-line
// handling applied (§2.11: CR LF and lone CR become LF). attr additionally
// applies attribute-value normalization (§3.3.3: each literal white space
// character becomes a space; characters produced by references are kept).
// It returns the offset within raw of the first bad reference, or -1.
func appendUnescaped(dst, raw []byte, attr bool) ([]byte, int) {
	for i := 0; i < len(raw); {
		// Copy the run up to the next byte that changes, in one go.
		if j := plainRun(raw, i, attr); j > i {
			dst = append(dst, raw[i:j]...)
			if i = j; i == len(raw) {
				break
			}
		}
		c := raw[i]
		switch {
		case c == '&':
			r, next, ok := parseRef(raw, i)
			if !ok {
				return dst, i
			}
			dst = utf8.AppendRune(dst, r)
			i = next
			continue
		case c == '\r':
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
			if attr {
				c = ' '
			} else {
				c = '\n'
			}
		case attr && (c == '\n' || c == '\t'):
			c = ' '
		}
		dst = append(dst, c)
		i++
	}
	return dst, -1
}

// plainRun returns the offset of the first byte at raw[i:] that
// appendUnescaped changes: '&' and CR, and in an attribute value (attr)
// also tab and LF; or len(raw). Eight bytes at a time, the mask flags every
// C0 control: one that needs no change is stepped over.
func plainRun(raw []byte, i int, attr bool) int {
	for i+8 <= len(raw) {
		x := binary.LittleEndian.Uint64(raw[i:])
		m := below(x, 0x20) | equal(x, '&')
		if m == 0 {
			i += 8
			continue
		}
		k := i + bits.TrailingZeros64(m)>>3
		if c := raw[k]; c == '&' || c == '\r' || attr && (c == '\n' || c == '\t') {
			return k
		}
		i = k + 1
	}
	for ; i < len(raw); i++ {
		if c := raw[i]; c == '&' || c == '\r' || attr && (c == '\n' || c == '\t') {
			return i
		}
	}
	return i
}

// appendCRLF appends CDATA content with end-of-line handling only (§2.11).
func appendCRLF(dst, raw []byte) []byte {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c == '\r' {
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
			c = '\n'
		}
		dst = append(dst, c)
	}
	return dst
}

// Unescape appends to dst the character data raw (as found between tags,
// e.g. Token.Data of a CharData token) with entity and character references
// decoded and line ends normalized to LF, and returns the extended slice.
// A bad reference yields a *SyntaxError (ErrBadEntity) whose Offset is
// relative to raw.
func Unescape(dst, raw []byte) ([]byte, error) {
	out, bad := appendUnescaped(dst, raw, false)
	if bad >= 0 {
		return dst, newError(raw, bad, ErrBadEntity, "bad entity or character reference")
	}
	return out, nil
}

// UnescapeAttr is Unescape for an attribute value as written between its
// quotes (Attr.Value): it also replaces each literal tab, CR and LF with a
// space (attribute-value normalization, XML 1.0 §3.3.3).
func UnescapeAttr(dst, raw []byte) ([]byte, error) {
	out, bad := appendUnescaped(dst, raw, true)
	if bad >= 0 {
		return dst, newError(raw, bad, ErrBadEntity, "bad entity or character reference")
	}
	return out, nil
}

// Latin1ToUTF8 appends src, read as ISO-8859-1, to dst as UTF-8 and returns
// the extended slice. Use it on a document whose Decoder reports Latin1()
// before reading its text (the tokenizer itself works on Latin-1 bytes, but
// text must be UTF-8 for Go strings and for decoded character references
// to be consistent). It grows dst at most once.
func Latin1ToUTF8(dst, src []byte) []byte {
	n := 0
	for _, c := range src {
		if c >= 0x80 {
			n++
		}
	}
	if cap(dst)-len(dst) < len(src)+n {
		grown := make([]byte, len(dst), len(dst)+len(src)+n)
		copy(grown, dst)
		dst = grown
	}
	for _, c := range src {
		if c < 0x80 {
			dst = append(dst, c)
		} else {
			dst = append(dst, 0xC0|c>>6, 0x80|c&0x3F)
		}
	}
	return dst
}

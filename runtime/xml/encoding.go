package xml

import (
	"bytes"
	"strconv"
)

var (
	dashDash    = []byte("--")
	cdataEnd    = []byte("]]>")
	piEnd       = []byte("?>")
	utf8BOM     = "\xEF\xBB\xBF"
	declPrefix  = "<?xml"
	commonDecl  = `<?xml version="1.0" encoding="UTF-8"?>`
	latin1Names = [...]string{"iso-8859-1", "iso_8859-1", "iso_8859-1:1987", "latin1", "l1", "iso-ir-100", "cp819", "ibm819", "csisolatin1"}
)

// hasPrefix reports whether b starts with s.
func hasPrefix(b []byte, s string) bool { return len(b) >= len(s) && string(b[:len(s)]) == s }

// isPrefixOf reports whether b is a proper prefix of s (input cut short).
func isPrefixOf(b []byte, s string) bool { return len(b) < len(s) && string(b) == s[:len(b)] }

func indexString(w []byte, sep string) int {
	switch sep {
	case "--":
		return bytes.Index(w, dashDash)
	case "]]>":
		return bytes.Index(w, cdataEnd)
	}
	return bytes.Index(w, piEnd)
}

func quoteByte(c byte) string { return strconv.QuoteRune(rune(c)) }

func strconvQuote(b []byte) string { return strconv.Quote(string(b)) }

// equalFold reports whether b equals the lower-case ASCII s, ignoring case.
func equalFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		c := b[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

func isLatin1Name(enc []byte) bool {
	for _, n := range latin1Names {
		if equalFold(enc, n) {
			return true
		}
	}
	return false
}

// isWideName reports whether enc names an encoding that is not
// ASCII-compatible (UTF-16, UTF-32, UCS-2, UCS-4).
func isWideName(enc []byte) bool {
	if len(enc) < 5 {
		return false
	}
	var p [6]byte
	for i := 0; i < len(p) && i < len(enc); i++ {
		c := enc[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		p[i] = c
	}
	s := string(p[:])
	return s[:6] == "utf-16" || s[:6] == "utf-32" || s[:5] == "ucs-2" || s[:5] == "ucs-4" || s[:5] == "utf16" || s[:5] == "utf32"
}

// prolog reads a byte order mark and the XML declaration (XML 1.0 §2.8
// XMLDecl, §4.3.3, Appendix F) at the start of the document.
func (d *Decoder) prolog() {
	s := d.src
	if hasPrefix(s, utf8BOM) {
		d.pos = 3
	} else if len(s) >= 2 && (s[0] == 0xFE && s[1] == 0xFF || s[0] == 0xFF && s[1] == 0xFE || s[0] == 0 || s[1] == 0) {
		d.fail(0, ErrUnsupportedEncoding, "UTF-16 or UTF-32 input")
		return
	}
	p := d.pos
	if hasPrefix(s[p:], commonDecl) {
		d.declStart, d.declEnd = p, p+len(commonDecl)
		d.encoding = s[p+30 : p+35 : p+35]
		return
	}
	if !hasPrefix(s[p:], declPrefix) || len(s) <= p+5 || cls[s[p+5]]&cSpace == 0 {
		return
	}
	i := p + 5
	seen := 0 // 1 version, 2 encoding, 3 standalone: they must come in order
	for {
		j := i
		for j < len(s) && cls[s[j]]&cSpace != 0 {
			j++
		}
		if j+1 < len(s) && s[j] == '?' && s[j+1] == '>' {
			if seen == 0 {
				d.fail(p, ErrSyntax, "XML declaration without version")
				return
			}
			d.declStart, d.declEnd = p, j+2
			return
		}
		if j >= len(s) {
			d.fail(len(s), ErrUnexpectedEOF, "unexpected end of input in XML declaration")
			return
		}
		if j == i {
			d.fail(j, ErrSyntax, "expected white space in XML declaration")
			return
		}
		k := j
		for k < len(s) && s[k] >= 'a' && s[k] <= 'z' {
			k++
		}
		name := s[j:k]
		for k < len(s) && cls[s[k]]&cSpace != 0 {
			k++
		}
		if k >= len(s) || s[k] != '=' {
			d.fail(k, ErrSyntax, "malformed XML declaration")
			return
		}
		k++
		for k < len(s) && cls[s[k]]&cSpace != 0 {
			k++
		}
		if k >= len(s) || (s[k] != '"' && s[k] != '\'') {
			d.fail(k, ErrSyntax, "malformed XML declaration")
			return
		}
		q := s[k]
		k++
		v := k
		for k < len(s) && s[k] != q && k-v < 64 {
			k++
		}
		if k >= len(s) || s[k] != q {
			d.fail(v, ErrSyntax, "malformed XML declaration value")
			return
		}
		val := s[v:k:k]
		switch {
		case string(name) == "version" && seen == 0:
			if len(val) < 3 || val[0] != '1' || val[1] != '.' || !allDigits(val[2:]) {
				d.fail(v, ErrSyntax, "unsupported XML version")
				return
			}
			seen = 1
		case string(name) == "encoding" && seen == 1:
			if len(val) == 0 || !isEncName(val) {
				d.fail(v, ErrSyntax, "invalid encoding name")
				return
			}
			if isWideName(val) {
				d.fail(v, ErrUnsupportedEncoding, "declared encoding "+string(val))
				return
			}
			d.encoding = val
			seen = 2
		case string(name) == "standalone" && seen >= 1 && seen < 3:
			if string(val) != "yes" && string(val) != "no" {
				d.fail(v, ErrSyntax, "standalone must be yes or no")
				return
			}
			seen = 3
		default:
			d.fail(j, ErrSyntax, "unexpected "+strconvQuote(name)+" in XML declaration")
			return
		}
		i = k + 1
	}
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

// isEncName checks §4.3.3 EncName: [A-Za-z] ([A-Za-z0-9._] | '-')*.
func isEncName(b []byte) bool {
	for i, c := range b {
		alpha := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if i == 0 && !alpha {
			return false
		}
		if !alpha && !(c >= '0' && c <= '9') && c != '.' && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

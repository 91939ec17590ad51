package xml

import "strconv"

// Writer helpers. Each appends to dst and returns the extended slice; none
// allocates beyond growing dst. Names are written as given: they must be
// valid XML names (generated code passes constants). Text and attribute
// values must be UTF-8; they are escaped so that a conforming parser reads
// back exactly the bytes given, except that C0 control characters that XML
// cannot represent (all but tab, LF and CR) are replaced by U+FFFD.

// Declaration is the XML declaration written by AppendDeclaration.
const Declaration = `<?xml version="1.0" encoding="UTF-8"?>`

// AppendDeclaration appends `<?xml version="1.0" encoding="UTF-8"?>`.
func AppendDeclaration(dst []byte) []byte { return append(dst, Declaration...) }

// AppendStart appends the start tag <name>.
func AppendStart(dst []byte, name string) []byte {
	dst = append(dst, '<')
	dst = append(dst, name...)
	return append(dst, '>')
}

// AppendStartOpen appends "<name", the start of a start tag whose
// attributes follow (AppendAttr) and which is finished by AppendStartClose
// (">") or AppendEmptyClose ("/>").
func AppendStartOpen(dst []byte, name string) []byte {
	dst = append(dst, '<')
	return append(dst, name...)
}

// AppendStartClose appends ">", finishing a start tag begun by
// AppendStartOpen.
func AppendStartClose(dst []byte) []byte { return append(dst, '>') }

// AppendEmptyClose appends "/>", finishing an empty-element tag begun by
// AppendStartOpen.
func AppendEmptyClose(dst []byte) []byte { return append(dst, '/', '>') }

// AppendAttr appends ` name="value"` with value escaped (see
// AppendAttrValue).
func AppendAttr(dst []byte, name, value string) []byte {
	dst = append(dst, ' ')
	dst = append(dst, name...)
	dst = append(dst, '=', '"')
	dst = appendEscaped(dst, value, cEscAttr)
	return append(dst, '"')
}

// AppendAttrBytes is AppendAttr for a []byte value.
func AppendAttrBytes(dst []byte, name string, value []byte) []byte {
	dst = append(dst, ' ')
	dst = append(dst, name...)
	dst = append(dst, '=', '"')
	dst = appendEscapedBytes(dst, value, cEscAttr)
	return append(dst, '"')
}

// AppendAttrValue appends value escaped for a double-quoted attribute: & < >
// " become entity references and tab, LF, CR become character references
// (so that attribute-value normalization, XML 1.0 §3.3.3, keeps them).
func AppendAttrValue(dst []byte, value []byte) []byte {
	return appendEscapedBytes(dst, value, cEscAttr)
}

// AppendEnd appends the end tag </name>.
func AppendEnd(dst []byte, name string) []byte {
	dst = append(dst, '<', '/')
	dst = append(dst, name...)
	return append(dst, '>')
}

// AppendEmpty appends the empty-element tag <name/>.
func AppendEmpty(dst []byte, name string) []byte {
	dst = append(dst, '<')
	dst = append(dst, name...)
	return append(dst, '/', '>')
}

// AppendText appends text escaped as character data: & < > become entity
// references and CR becomes &#13; (so that end-of-line handling, XML 1.0
// §2.11, keeps it).
func AppendText(dst []byte, text []byte) []byte { return appendEscapedBytes(dst, text, cEscText) }

// AppendTextString is AppendText for a string.
func AppendTextString(dst []byte, text string) []byte { return appendEscaped(dst, text, cEscText) }

// AppendElement appends <name>text</name> with text escaped as by
// AppendText, or <name/> for empty text.
func AppendElement(dst []byte, name string, text []byte) []byte {
	if len(text) == 0 {
		return AppendEmpty(dst, name)
	}
	dst = AppendStart(dst, name)
	dst = appendEscapedBytes(dst, text, cEscText)
	return AppendEnd(dst, name)
}

// AppendElementString is AppendElement for a string.
func AppendElementString(dst []byte, name string, text string) []byte {
	if len(text) == 0 {
		return AppendEmpty(dst, name)
	}
	dst = AppendStart(dst, name)
	dst = appendEscaped(dst, text, cEscText)
	return AppendEnd(dst, name)
}

const (
	cEscText = 1 << iota
	cEscAttr
)

var escTab = func() (t [256]uint8) {
	for c := 0; c < 0x20; c++ {
		t[c] = cEscText | cEscAttr
	}
	t['\t'] = cEscAttr
	t['\n'] = cEscAttr
	t['&'] = cEscText | cEscAttr
	t['<'] = cEscText | cEscAttr
	t['>'] = cEscText | cEscAttr
	t['"'] = cEscAttr
	return t
}()

// escapeOf returns the replacement for a byte flagged in escTab.
func escapeOf(c byte) string {
	switch c {
	case '&':
		return "&amp;"
	case '<':
		return "&lt;"
	case '>':
		return "&gt;"
	case '"':
		return "&quot;"
	case '\t':
		return "&#9;"
	case '\n':
		return "&#10;"
	case '\r':
		return "&#13;"
	}
	return "\uFFFD"
}

func appendEscaped(dst []byte, s string, mask uint8) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		if escTab[s[i]]&mask == 0 {
			continue
		}
		dst = append(dst, s[last:i]...)
		dst = append(dst, escapeOf(s[i])...)
		last = i + 1
	}
	return append(dst, s[last:]...)
}

func appendEscapedBytes(dst []byte, s []byte, mask uint8) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		if escTab[s[i]]&mask == 0 {
			continue
		}
		dst = append(dst, s[last:i]...)
		dst = append(dst, escapeOf(s[i])...)
		last = i + 1
	}
	return append(dst, s[last:]...)
}

// AppendName appends the identifier of the number n of an ENUMERATED type
// whose CSTA-XML identifiers names holds by number, from first ("" for a
// number without one), or n in decimal when it has none.
func AppendName(dst []byte, names []string, first, n int64) []byte {
	if k := uint64(n - first); k < uint64(len(names)) && names[k] != "" {
		return append(dst, names[k]...)
	}
	return strconv.AppendInt(dst, n, 10)
}

package xml

import "bytes"

// CountSiblings returns the number of elements from the one whose start tag
// ReadStart just returned to the end of its parent: that element and the
// sibling elements after it. Generated list decoders call it once, when a
// list outgrows its capacity, to allocate the rest of the list at once
// instead of growing it by append.
//
// It consumes nothing and is a count, not a parse: it looks only for tags,
// skipping comments, CDATA sections, processing instructions and quoted
// attribute values, and stops at the parent's end tag, at the end of the
// input or at anything it cannot follow (then the count is short, and the
// decoder, which reports the fault when it gets there, grows the list again
// if it must). It reads each byte once, and at most to the parent's end.
func (d *Decoder) CountSiblings() int {
	if d.peeked || d.err != nil || len(d.stack) == 0 {
		return 1
	}
	s := d.src
	i := d.pos
	if i > len(s) {
		return 1
	}
	depth := 1 // inside the element just started
	if d.pendingEnd {
		depth = 0
	}
	n := 1
	for {
		j := bytes.IndexByte(s[i:], '<')
		if j < 0 || i+j+1 >= len(s) {
			return n
		}
		i += j + 1
		switch c := s[i]; {
		case c == '/':
			if depth == 0 {
				return n // the parent's end tag
			}
			depth--
			i++
		case c == '!':
			end := "-->"
			switch {
			case bytes.HasPrefix(s[i:], []byte("!--")):
				i += 3
			case bytes.HasPrefix(s[i:], []byte("![CDATA[")):
				i += 8
				end = "]]>"
			default:
				return n // no declaration belongs inside an element
			}
			k := bytes.Index(s[i:], []byte(end))
			if k < 0 {
				return n
			}
			i += k + len(end)
		case c == '?':
			k := bytes.Index(s[i:], []byte("?>"))
			if k < 0 {
				return n
			}
			i += k + 2
		default:
			// A start tag: find its '>' outside the attribute values.
			for i < len(s) && s[i] != '>' {
				if q := s[i]; q == '"' || q == '\'' {
					k := bytes.IndexByte(s[i+1:], q)
					if k < 0 {
						return n
					}
					i += k + 1
				}
				i++
			}
			if i >= len(s) {
				return n
			}
			if depth == 0 {
				n++
			}
			if s[i-1] != '/' {
				depth++
			}
			i++
		}
	}
}

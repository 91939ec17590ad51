package xml

import (
	"io"
	"sort"
	"strconv"
)

// Canonical returns a canonical form of the document doc, so that two
// documents that a CSTA-XML codec must treat as equal compare byte-equal. It
// is meant for tests and allocates. The rules:
//
//   - A document declared ISO-8859-1 is converted to UTF-8 first; the output
//     is UTF-8 with no XML declaration.
//   - The XML declaration, document type declaration, comments and
//     processing instructions are dropped.
//   - Elements are written by local name. An element whose namespace URI
//     differs from its parent's (for the root: is not empty) carries
//     xmlns="URI"; prefixes and namespace declarations of the input vanish.
//     Undeclared prefixes resolve to no namespace (an attribute p:xmlns
//     with p undeclared is an error: it has no form without a prefix).
//   - Attributes other than namespace declarations are sorted by (namespace
//     URI, local name). A namespaced attribute is written with the prefix aN
//     (N counting the distinct URIs on that element in order), declared on
//     the same element just before the attributes; the XML namespace keeps
//     the prefix xml. Two attributes with the same URI and local name are an
//     error (ErrDuplicateAttr).
//   - Values are decoded (references, line ends, attribute-value
//     normalization) and re-escaped uniformly, by AppendAttrValue and
//     AppendText.
//   - Character data between two tags (text runs, CDATA sections and
//     references, across dropped comments) is decoded as one run and trimmed
//     of leading and trailing white space; an empty run is dropped. White
//     space inside text is kept as it is. So white space between elements
//     disappears and a leaf's text loses the line breaks and indentation
//     servers put around it, while text that differs inside is still
//     different.
//   - An element without content is written <x/>.
//
// Canonical(Canonical(doc)) equals Canonical(doc): when the canonical form
// would exceed DefaultLimits (it can have more attributes or longer names
// than the input), Canonical returns ErrTooLarge instead.
func Canonical(doc []byte) ([]byte, error) {
	d := NewDecoder(doc, nil)
	if d.Err() == nil && d.Latin1() {
		doc = Latin1ToUTF8(nil, doc)
		d.Reset(doc)
	}
	lim := DefaultLimits
	type cframe struct {
		local string
		ns    string
		open  bool // start tag not yet closed by '>'
		decls int  // prefixes declared on the element
	}
	type cattr struct {
		ns, local string
		value     []byte
	}
	var (
		out     []byte
		text    []byte
		stack   []cframe
		attrs   []cattr
		inScope int
	)
	tooLarge := func(msg string) error {
		return &SyntaxError{Offset: len(out), Line: 1, Col: len(out) + 1, Msg: "canonical form: " + msg, Err: ErrTooLarge}
	}
	closeStart := func() {
		if n := len(stack); n > 0 && stack[n-1].open {
			out = append(out, '>')
			stack[n-1].open = false
		}
	}
	flushText := func() error {
		t := TrimSpace(text)
		text = text[:0]
		if len(t) == 0 || len(stack) == 0 {
			return nil
		}
		closeStart()
		n := len(out)
		out = AppendText(out, t)
		if len(out)-n > lim.MaxTokenLen {
			return tooLarge("text longer than MaxTokenLen")
		}
		return nil
	}
	for {
		tok, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch tok.Kind {
		case CharData:
			text, _ = appendUnescaped(text, tok.Data, false)
		case CDATA:
			text = appendCRLF(text, tok.Data)
		case StartElement:
			if err := flushText(); err != nil {
				return nil, err
			}
			closeStart()
			ns, err := UnescapeAttr(nil, tok.NS)
			if err != nil {
				return nil, err
			}
			parentNS := ""
			if n := len(stack); n > 0 {
				parentNS = stack[n-1].ns
			}
			local := string(tok.Name.Local)
			out = AppendStartOpen(out, local)
			count := 0
			if string(ns) != parentNS {
				out = AppendAttrBytes(out, "xmlns", ns)
				count++
			}
			attrs = attrs[:0]
			for i := 0; i < d.AttrCount(); i++ {
				a := d.Attr(i)
				if a.IsNamespaceDecl() {
					continue
				}
				ans, err := UnescapeAttr(nil, a.NS)
				if err != nil {
					return nil, err
				}
				if len(ans) == 0 && string(a.Name.Local) == "xmlns" {
					// p:xmlns with p undeclared: written as xmlns, it would
					// become a namespace declaration.
					return nil, &SyntaxError{Offset: a.Offset, Line: 1, Col: a.Offset + 1, Msg: "attribute " + strconv.Quote(string(a.Name.Prefix)+":xmlns") + " with an undeclared prefix has no canonical form", Err: ErrSyntax}
				}
				v, err := UnescapeAttr(nil, a.Value)
				if err != nil {
					return nil, err
				}
				attrs = append(attrs, cattr{ns: string(ans), local: string(a.Name.Local), value: v})
			}
			sort.Slice(attrs, func(i, j int) bool {
				if attrs[i].ns != attrs[j].ns {
					return attrs[i].ns < attrs[j].ns
				}
				return attrs[i].local < attrs[j].local
			})
			decls := 0
			prefixes := make([]string, len(attrs))
			for i, a := range attrs {
				if i > 0 && a.ns == attrs[i-1].ns && a.local == attrs[i-1].local {
					return nil, &SyntaxError{Offset: tok.Offset, Line: 1, Col: tok.Offset + 1, Msg: "attributes with the same expanded name " + strconv.Quote(a.local), Err: ErrDuplicateAttr}
				}
				switch {
				case a.ns == "":
				case a.ns == string(xmlNS):
					prefixes[i] = "xml"
				case i > 0 && a.ns == attrs[i-1].ns:
					prefixes[i] = prefixes[i-1]
				default:
					prefixes[i] = "a" + strconv.Itoa(decls)
					decls++
					out = AppendAttr(out, "xmlns:"+prefixes[i], a.ns)
					count++
				}
			}
			for i, a := range attrs {
				name := a.local
				if prefixes[i] != "" {
					name = prefixes[i] + ":" + a.local
				}
				if len(name) > lim.MaxNameLen {
					return nil, tooLarge("attribute name longer than MaxNameLen")
				}
				n := len(out)
				out = AppendAttrBytes(out, name, a.value)
				if len(out)-n-len(name)-4 > lim.MaxTokenLen {
					return nil, tooLarge("attribute value longer than MaxTokenLen")
				}
				count++
			}
			inScope += decls
			if count > lim.MaxAttrs {
				return nil, tooLarge("more attributes than MaxAttrs")
			}
			if inScope > lim.MaxNamespaces {
				return nil, tooLarge("more namespace declarations in scope than MaxNamespaces")
			}
			stack = append(stack, cframe{local: local, ns: string(ns), open: true, decls: decls})
		case EndElement:
			if err := flushText(); err != nil {
				return nil, err
			}
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			inScope -= top.decls
			if top.open {
				out = AppendEmptyClose(out)
			} else {
				out = AppendEnd(out, top.local)
			}
		}
	}
	if len(out) > lim.MaxDocument {
		return nil, tooLarge("document larger than MaxDocument")
	}
	return out, nil
}

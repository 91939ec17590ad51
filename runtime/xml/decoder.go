package xml

import (
	"encoding/binary"
	"io"
)

// The tokenizer keeps positions as int32 offsets into the document rather
// than slices: storing them costs no write barriers and keeps the per-token
// state small. Slices are made only when a Token or Attr is handed out.

// nsRef locates a namespace URI: src[lo:hi], nothing when lo == hi, or a
// predefined namespace when lo < 0.
type nsRef struct{ lo, hi int32 }

const (
	nsXML   = -1 // http://www.w3.org/XML/1998/namespace
	nsXMLNS = -2 // http://www.w3.org/2000/xmlns/
)

// Predefined namespaces (Namespaces in XML 1.0, §3).
var (
	xmlNS   = []byte("http://www.w3.org/XML/1998/namespace")
	xmlnsNS = []byte("http://www.w3.org/2000/xmlns/")
)

// rawTok is the current token. A StartElement or EndElement refers to its
// element's frame by index: after a pop the frame stays in the backing array
// of Decoder.stack until the next push, which also replaces the token.
type rawTok struct {
	kind   TokenKind
	self   bool  // empty-element tag
	esc    bool  // data needs decoding
	off    int32 // offset of the token
	fi     int32 // StartElement, EndElement: index of the frame
	d0, d1 int32 // data
	t0, t1 int32 // ProcInst target
}

// frame is one open element.
type frame struct {
	n0, pe int32 // name start (the '<' is at n0-1), prefix end (n0 when unprefixed)
	l0, n1 int32 // local name start, name end
	ns     nsRef // namespace of the element
	def    nsRef // default namespace in scope inside the element
	nsTop  int32 // len(Decoder.ns) before the element's declarations
}

// binding is one prefix declaration in scope (default declarations live in
// frame.def).
type binding struct {
	p0, p1 int32 // prefix
	uri    nsRef
}

// rawAttr is one attribute of the current start tag.
type rawAttr struct {
	n0, pe int32 // name start, prefix end (n0 when unprefixed)
	l0, n1 int32 // local name start, name end
	v0, v1 int32 // value between the quotes
	ns     nsRef
	esc    bool
}

// Decoder tokenizes one in-memory document. Create it with NewDecoder and
// reuse it with Reset: in steady state it does not allocate. A Decoder is not
// safe for concurrent use. After the first error every call returns that
// error.
type Decoder struct {
	src   []byte
	pos   int
	lim   Limits
	flags Flags
	err   error
	cur   rawTok

	stack []frame
	ns    []binding
	attrs []rawAttr

	pendingEnd    bool  // the last StartElement was <x/>: its EndElement is due
	pendingEndOff int32 // offset of the '/' of "/>"
	peeked        bool  // cur holds a token returned by Peek
	peekErr       error

	rootSeen    bool // the root start tag was read
	doctypeSeen bool
	declStart   int // offset of the XML declaration, or -1
	declEnd     int // offset just past it
	encoding    []byte
}

// NewDecoder returns a Decoder reading src with the given limits (nil for
// DefaultLimits).
func NewDecoder(src []byte, lim *Limits) *Decoder {
	d := &Decoder{
		lim:   lim.withDefaults(),
		stack: make([]frame, 0, 32),
		ns:    make([]binding, 0, 8),
		attrs: make([]rawAttr, 0, 16),
	}
	d.Reset(src)
	return d
}

// SetFlags sets the optional behaviour; it persists across Reset.
func (d *Decoder) SetFlags(f Flags) { d.flags = f }

// Reset makes d read src from the start, keeping its limits, flags and
// buffers. It reads a byte order mark and the XML declaration at once, so
// Encoding and Latin1 are valid after it; an error there is returned by the
// first read.
func (d *Decoder) Reset(src []byte) {
	d.src = src
	d.pos = 0
	d.err = nil
	d.cur = rawTok{}
	d.stack = d.stack[:0]
	d.ns = d.ns[:0]
	d.attrs = d.attrs[:0]
	d.pendingEnd = false
	d.peeked = false
	d.peekErr = nil
	d.rootSeen = false
	d.doctypeSeen = false
	d.declStart = -1
	d.declEnd = 0
	d.encoding = nil
	if len(src) > d.lim.MaxDocument {
		d.fail(0, ErrTooLarge, "document larger than MaxDocument")
		return
	}
	d.prolog()
}

// Encoding returns the encoding named in the XML declaration, or nil if
// there is none (then the document is UTF-8).
func (d *Decoder) Encoding() []byte { return d.encoding }

// Latin1 reports whether the declared encoding is ISO-8859-1 under one of
// its registered names. Convert such a document with Latin1ToUTF8 before
// using its text.
func (d *Decoder) Latin1() bool { return isLatin1Name(d.encoding) }

// Depth returns the number of open elements.
func (d *Decoder) Depth() int { return len(d.stack) }

// InputOffset returns the offset just past the last token read.
func (d *Decoder) InputOffset() int { return d.pos }

// Err returns the first error met, or nil.
func (d *Decoder) Err() error { return d.err }

// fail records the first error and returns it.
func (d *Decoder) fail(off int, sentinel error, msg string) error {
	if d.err == nil {
		d.err = newError(d.src, off, sentinel, msg)
	}
	return d.err
}

// nsBytes returns the URI r refers to.
func (d *Decoder) nsBytes(r nsRef) []byte {
	switch {
	case r.lo == r.hi:
		return nil
	case r.lo == nsXML:
		return xmlNS
	case r.lo == nsXMLNS:
		return xmlnsNS
	}
	return d.src[r.lo:r.hi:r.hi]
}

func qname(s []byte, n0, pe, l0, n1 int32) QName {
	return QName{Prefix: s[n0:pe:pe], Local: s[l0:n1:n1]}
}

// nameSpan converts scanName's result to (start, prefix end, local start,
// end).
func nameSpan(i, end, colon int) (n0, pe, l0, n1 int32) {
	if colon < 0 {
		return int32(i), int32(i), int32(i), int32(end)
	}
	return int32(i), int32(colon), int32(colon + 1), int32(end)
}

// token writes the public form of the current token into *t, field by
// field: returning a Token built in a variable costs a copy through memory.
func (d *Decoder) token(t *Token) {
	c := &d.cur
	s := d.src
	t.Kind, t.Escaped, t.Offset = c.kind, c.esc, int(c.off)
	if k := c.kind; k == StartElement || k == EndElement {
		f := &d.stack[:cap(d.stack)][c.fi]
		t.SelfClosing = c.self
		t.Name.Prefix, t.Name.Local = s[f.n0:f.pe:f.pe], s[f.l0:f.n1:f.n1]
		t.NS = d.nsBytes(f.ns)
		return
	}
	if c.kind != 0 {
		t.Data = s[c.d0:c.d1:c.d1]
	}
	if c.kind == ProcInst {
		t.Name.Local = s[c.t0:c.t1:c.t1]
	}
}

// curName returns the name of the current StartElement or EndElement.
func (d *Decoder) curName() QName {
	f := &d.stack[:cap(d.stack)][d.cur.fi]
	s := d.src
	return QName{Prefix: s[f.n0:f.pe:f.pe], Local: s[f.l0:f.n1:f.n1]}
}

// Next returns the next token, or io.EOF after the root element and the
// trailing white space, comments and processing instructions. Comments,
// processing instructions and the document type declaration are skipped
// unless the matching Flags are set. White-space character data is
// returned.
func (d *Decoder) Next() (t Token, err error) {
	for {
		if err = d.next(); err != nil {
			return t, err
		}
		switch d.cur.kind {
		case Comment:
			if d.flags&ReportComments == 0 {
				continue
			}
		case ProcInst:
			if d.flags&ReportProcInsts == 0 {
				continue
			}
		case Doctype:
			if d.flags&ReportDoctype == 0 {
				continue
			}
		}
		d.token(&t)
		return t, nil
	}
}

// Peek returns the token Next would return, without consuming it. Depth,
// attributes and namespaces already reflect a peeked start tag.
func (d *Decoder) Peek() (t Token, err error) {
	if d.peeked {
		if d.peekErr != nil {
			return t, d.peekErr
		}
		d.token(&t)
		return t, nil
	}
	tok, err := d.Next()
	d.peeked, d.peekErr = true, err
	return tok, err
}

// next reads the next token of any kind into d.cur.
func (d *Decoder) next() error {
	if d.peeked {
		d.peeked = false
		return d.peekErr
	}
	if d.err != nil {
		return d.err
	}
	if d.pendingEnd {
		d.pendingEnd = false
		d.pop(d.pendingEndOff)
		return nil
	}
	s := d.src
	p := d.pos
	if p >= len(s) {
		return d.eof()
	}
	if s[p] != '<' {
		return d.text(p)
	}
	if p+1 >= len(s) {
		return d.fail(p, ErrUnexpectedEOF, "unexpected end of input in markup")
	}
	switch s[p+1] {
	case '/':
		return d.endTag(p)
	case '!':
		return d.bang(p)
	case '?':
		return d.procInst(p)
	}
	return d.startTag(p)
}

// eof handles the end of input.
func (d *Decoder) eof() error {
	if n := len(d.stack); n > 0 {
		f := &d.stack[n-1]
		return d.fail(len(d.src), ErrUnexpectedEOF, "unexpected end of input: <"+string(d.src[f.n0:f.n1])+"> not closed")
	}
	if !d.rootSeen {
		return d.fail(len(d.src), ErrUnexpectedEOF, "no root element")
	}
	return io.EOF
}

// setTag makes a StartElement or EndElement the current token.
func (d *Decoder) setTag(kind TokenKind, self bool, off int32, fi int) {
	c := &d.cur
	c.kind, c.self, c.esc, c.off, c.fi = kind, self, false, off, int32(fi)
}

// setData makes a token with data and no name the current token.
func (d *Decoder) setData(kind TokenKind, esc bool, off, d0, d1 int) {
	c := &d.cur
	c.kind, c.self, c.esc, c.off = kind, false, esc, int32(off)
	c.d0, c.d1 = int32(d0), int32(d1)
}

// pop closes the innermost element, making its EndElement the current
// token.
func (d *Decoder) pop(off int32) {
	n := len(d.stack) - 1
	f := &d.stack[n]
	d.setTag(EndElement, false, off, n)
	if top := int(f.nsTop); top != len(d.ns) {
		d.ns = d.ns[:top]
	}
	d.stack = d.stack[:n]
}

// scanName reads a qualified name at s[i] (XML 1.0 §2.3 Name; Namespaces in
// XML §3 QName). It returns the end of the name and the colon position (or
// -1).
func (d *Decoder) scanName(i int) (end, colon int, err error) {
	s := d.src
	if i >= len(s) {
		return 0, 0, d.fail(i, ErrUnexpectedEOF, "unexpected end of input, expected a name")
	}
	if cls[s[i]]&cNameStart == 0 {
		return 0, 0, d.fail(i, ErrSyntax, "invalid name start character "+quoteByte(s[i]))
	}
	w := s
	if lim := i + d.lim.MaxNameLen; lim < len(w) {
		w = w[:lim]
	}
	colon = -1
	j := i + 1
	colons := 0
	if s[i] == ':' {
		colons, colon = 1, i
	}
	for {
		// The run stops at a colon (not in cNameNC).
		j = nameRun(w, j)
		if j >= len(w) || w[j] != ':' {
			break
		}
		if colons == 0 {
			colon = j
		}
		colons++
		j++
	}
	if j == len(w) && j < len(s) && cls[s[j]]&cName != 0 {
		return 0, 0, d.fail(i, ErrTooLarge, "name longer than MaxNameLen")
	}
	// QName form: one colon, both parts non-empty, the local part starting
	// with a name start character.
	if colons > 0 && (colons > 1 || colon == i || colon == j-1 || cls[s[colon+1]]&cNameStart == 0) {
		return 0, 0, d.fail(i, ErrSyntax, "invalid qualified name "+strconvQuote(s[i:j]))
	}
	return j, colon, nil
}

// startTag reads a start tag or an empty-element tag at s[p] == '<' (XML 1.0
// §3.1 STag, EmptyElemTag, Attribute; Namespaces in XML §5, §6) and returns
// the element's name. This is the fast path, for <name> and <name/> with an
// unprefixed name; startTagFull reads the rest.
func (d *Decoder) startTag(p int) error {
	s := d.src
	n := len(d.stack)
	i := p + 1
	w := s
	if lim := i + d.lim.MaxNameLen; lim < len(w) {
		w = w[:lim]
	}
	e := i
	if i < len(w) && cls[w[i]]&cNameStartNC != 0 {
		e = nameRun(w, i+1)
	}
	self := false
	switch {
	case e == i || e >= len(w) || n >= d.lim.MaxDepth || n == 0 && d.rootSeen || d.strict():
		return d.startTagFull(p)
	case w[e] == '>':
	case w[e] == '/' && e+1 < len(s) && s[e+1] == '>':
		self = true
		d.pendingEndOff = int32(e)
		e++
	default:
		return d.startTagFull(p)
	}
	d.attrs = d.attrs[:0]
	var def nsRef
	if n > 0 {
		def = d.stack[n-1].def
	}
	if n == cap(d.stack) {
		d.stack = append(d.stack, frame{})
	} else {
		d.stack = d.stack[:n+1]
	}
	f := &d.stack[n]
	end := e
	if self {
		end--
	}
	f.n0, f.pe, f.l0, f.n1 = int32(i), int32(i), int32(i), int32(end)
	f.ns, f.def = def, def
	f.nsTop = int32(len(d.ns))
	d.rootSeen = true
	d.pendingEnd = self
	d.pos = e + 1
	d.setTag(StartElement, self, int32(p), n)
	return nil
}

// startTagFull is startTag for any start tag: with attributes, a prefixed
// name, or an error.
func (d *Decoder) startTagFull(p int) error {
	s := d.src
	n := len(d.stack)
	if n >= d.lim.MaxDepth || n == 0 && d.rootSeen {
		if n == 0 {
			return d.fail(p, ErrSyntax, "second root element")
		}
		return d.fail(p, ErrTooDeep, "element nesting deeper than MaxDepth")
	}

	// The name. The common case, an unprefixed name shorter than
	// MaxNameLen followed by something that is no name character, is
	// scanned here; scanName handles the rest (and the errors).
	i := p + 1
	w := s
	if lim := i + d.lim.MaxNameLen; lim < len(w) {
		w = w[:lim]
	}
	nameEnd, colon := i, -1
	if i < len(w) && cls[w[i]]&cNameStartNC != 0 {
		nameEnd = nameRun(w, i+1)
	}
	if nameEnd == i || nameEnd == len(w) || w[nameEnd] == ':' {
		var err error
		if nameEnd, colon, err = d.scanName(i); err != nil {
			return err
		}
	}
	strict := d.strict()
	if strict {
		if err := d.checkName(i, nameEnd); err != nil {
			return err
		}
	}

	// The attributes.
	d.attrs = d.attrs[:0]
	hasDecl, hasPrefixed := false, false
	k := nameEnd
	selfClosing := false
	if k < len(s) && s[k] == '>' {
		k++
	} else {
		for {
			j := k
			for j < len(s) && cls[s[j]]&cSpace != 0 {
				j++
			}
			if j >= len(s) {
				return d.fail(j, ErrUnexpectedEOF, "unexpected end of input in start tag")
			}
			c := s[j]
			if c == '>' {
				k = j + 1
				break
			}
			if c == '/' {
				if j+1 < len(s) && s[j+1] == '>' {
					selfClosing = true
					d.pendingEndOff = int32(j)
					k = j + 2
					break
				}
				if j+1 >= len(s) {
					return d.fail(j+1, ErrUnexpectedEOF, "unexpected end of input in start tag")
				}
				return d.fail(j, ErrSyntax, "expected '>' after '/' in start tag")
			}
			// XML 1.0 §3.1 wants white space between attributes; real
			// servers (Avaya DMCC clients) omit it after a closing quote,
			// where the boundary is unambiguous: accept that unless
			// Strict, but never a name glued to the element name.
			if j == k && (j == nameEnd || strict) {
				return d.fail(j, ErrSyntax, "expected white space before attribute")
			}
			next, err := d.attr(j)
			if err != nil {
				return err
			}
			a := &d.attrs[len(d.attrs)-1]
			if a.pe > a.n0 {
				if string(s[a.n0:a.pe]) == "xmlns" {
					hasDecl = true
				} else {
					hasPrefixed = true
				}
			} else if string(s[a.n0:a.n1]) == "xmlns" {
				hasDecl = true
			}
			k = next
		}
	}

	// Push the element and resolve namespaces. Fields are stored one by
	// one: building a struct and copying it costs store-forwarding stalls.
	nsTop := len(d.ns)
	var def nsRef
	if n > 0 {
		def = d.stack[n-1].def
	}
	if hasDecl {
		var err error
		if def, err = d.declare(def); err != nil {
			return err
		}
	}
	ns := def
	if colon >= 0 {
		ns = d.lookup(s[i:colon])
	}
	if n == cap(d.stack) {
		d.stack = append(d.stack, frame{})
	} else {
		d.stack = d.stack[:n+1]
	}
	f := &d.stack[n]
	if colon < 0 {
		f.n0, f.pe, f.l0, f.n1 = int32(i), int32(i), int32(i), int32(nameEnd)
	} else {
		f.n0, f.pe, f.l0, f.n1 = int32(i), int32(colon), int32(colon+1), int32(nameEnd)
	}
	f.ns, f.def = ns, def
	f.nsTop = int32(nsTop)
	if hasPrefixed {
		for x := range d.attrs {
			a := &d.attrs[x]
			if a.pe > a.n0 && string(s[a.n0:a.pe]) != "xmlns" {
				a.ns = d.lookup(s[a.n0:a.pe])
			}
		}
	}
	if strict {
		if err := d.checkNamespaces(i, colon, ns); err != nil {
			return err
		}
	}
	d.rootSeen = true
	d.pendingEnd = selfClosing
	d.pos = k
	d.setTag(StartElement, selfClosing, int32(p), n)
	return nil
}

// attr reads one attribute at s[j] (XML 1.0 §3.1 Attribute, §3.3.3) into
// d.attrs and returns the offset past its closing quote.
func (d *Decoder) attr(j int) (int, error) {
	s := d.src
	// An unprefixed name shorter than MaxNameLen is scanned here, the rest
	// by scanName.
	w := s
	if lim := j + d.lim.MaxNameLen; lim < len(w) {
		w = w[:lim]
	}
	aEnd, aColon := j, -1
	if j < len(w) && cls[w[j]]&cNameStartNC != 0 {
		aEnd = nameRun(w, j+1)
	}
	if aEnd == j || aEnd >= len(w) || w[aEnd] == ':' {
		var err error
		if aEnd, aColon, err = d.scanName(j); err != nil {
			return 0, err
		}
	}
	if len(d.attrs) >= d.lim.MaxAttrs {
		return 0, d.fail(j, ErrTooLarge, "more attributes than MaxAttrs")
	}
	k := aEnd
	for k < len(s) && cls[s[k]]&cSpace != 0 {
		k++
	}
	if k >= len(s) {
		return 0, d.fail(k, ErrUnexpectedEOF, "unexpected end of input in attribute")
	}
	if s[k] != '=' {
		return 0, d.fail(k, ErrSyntax, "expected '=' after attribute name")
	}
	k++
	for k < len(s) && cls[s[k]]&cSpace != 0 {
		k++
	}
	if k >= len(s) {
		return 0, d.fail(k, ErrUnexpectedEOF, "unexpected end of input in attribute")
	}
	q := s[k]
	if q != '"' && q != '\'' {
		return 0, d.fail(k, ErrSyntax, "expected quote to start attribute value")
	}
	k++
	vStart := k
	w = s
	if lim := k + d.lim.MaxTokenLen; lim < len(w) {
		w = w[:lim]
	}
	escaped := false
	for {
		k = attrRun(w, k)
		if k >= len(w) {
			if len(w) < len(s) {
				return 0, d.fail(vStart, ErrTooLarge, "attribute value longer than MaxTokenLen")
			}
			return 0, d.fail(len(s), ErrUnexpectedEOF, "unexpected end of input in attribute value")
		}
		c := w[k]
		if c == q {
			break
		}
		switch {
		case c == '&':
			_, next, ok := parseRef(s, k)
			if !ok {
				return 0, d.fail(k, ErrBadEntity, "bad entity or character reference")
			}
			escaped = true
			k = next
			continue
		case c == '<':
			return 0, d.fail(k, ErrSyntax, "'<' in attribute value")
		case c == '\t' || c == '\n' || c == '\r':
			escaped = true
		case c < 0x20:
			return 0, d.fail(k, ErrSyntax, "invalid character "+quoteByte(c))
		}
		k++
	}
	if d.strict() {
		if err := d.checkName(j, aEnd); err != nil {
			return 0, err
		}
		if err := d.checkText(vStart, k); err != nil {
			return 0, err
		}
	}
	// Unique attribute names (§3.1 WFC: Unique Att Spec).
	name := s[j:aEnd]
	for x := range d.attrs {
		a := &d.attrs[x]
		if string(s[a.n0:a.n1]) == string(name) {
			return 0, d.fail(j, ErrDuplicateAttr, "duplicate attribute "+strconvQuote(name))
		}
	}
	a := rawAttr{v0: int32(vStart), v1: int32(k), esc: escaped}
	a.n0, a.pe, a.l0, a.n1 = nameSpan(j, aEnd, aColon)
	d.attrs = append(d.attrs, a)
	return k + 1, nil
}

// declare applies the namespace declarations of the current start tag to f
// and the binding stack (Namespaces in XML §3).
func (d *Decoder) declare(def nsRef) (nsRef, error) {
	s := d.src
	for x := range d.attrs {
		a := &d.attrs[x]
		if a.pe == a.n0 {
			if string(s[a.n0:a.n1]) == "xmlns" {
				def = nsRef{a.v0, a.v1}
			}
			continue
		}
		if string(s[a.n0:a.pe]) != "xmlns" {
			continue
		}
		prefix := s[a.l0:a.n1]
		if string(prefix) == "xmlns" {
			return def, d.fail(int(a.n0), ErrSyntax, "the xmlns prefix must not be declared")
		}
		if a.v0 == a.v1 {
			return def, d.fail(int(a.n0), ErrSyntax, "empty namespace name for a prefix")
		}
		if len(d.ns) >= d.lim.MaxNamespaces {
			return def, d.fail(int(a.n0), ErrTooLarge, "more namespace declarations in scope than MaxNamespaces")
		}
		d.ns = append(d.ns, binding{p0: a.l0, p1: a.n1, uri: nsRef{a.v0, a.v1}})
	}
	return def, nil
}

// lookup resolves a prefix in the current scope; the zero nsRef (no
// namespace) if unbound, which is tolerated rather than an error.
func (d *Decoder) lookup(prefix []byte) nsRef {
	s := d.src
	for i := len(d.ns) - 1; i >= 0; i-- {
		b := &d.ns[i]
		if string(s[b.p0:b.p1]) == string(prefix) {
			return b.uri
		}
	}
	switch string(prefix) {
	case "xml":
		return nsRef{nsXML, 0}
	case "xmlns":
		return nsRef{nsXMLNS, 0}
	}
	return nsRef{}
}

// LookupPrefix returns the namespace URI bound to prefix in the scope of the
// innermost open element (the default namespace for an empty prefix), raw
// as written in the declaration, and whether it is bound.
func (d *Decoder) LookupPrefix(prefix []byte) ([]byte, bool) {
	if len(prefix) == 0 {
		if n := len(d.stack); n > 0 {
			uri := d.nsBytes(d.stack[n-1].def)
			return uri, uri != nil
		}
		return nil, false
	}
	uri := d.nsBytes(d.lookup(prefix))
	return uri, uri != nil
}

// endTag reads an end tag at s[p] == '<', s[p+1] == '/' (XML 1.0 §3.1
// ETag; WFC: Element Type Match) and returns the element's name.
func (d *Decoder) endTag(p int) error {
	s := d.src
	n := len(d.stack)
	if n == 0 {
		return d.fail(p, ErrMismatchedTag, "end tag without open element")
	}
	f := &d.stack[n-1]
	i := p + 2
	ln := int(f.n1 - f.n0)
	j := i + ln
	if j < len(s) && s[j] == '>' && sameBytes(s, i, int(f.n0), ln) {
		d.pos = j + 1
		d.pop(int32(p))
		return nil
	}
	return d.endTagSlow(p)
}

// sameBytes reports whether s[a:a+n] and s[b:b+n], both within s, are
// equal: eight bytes at a time, inline, where calling memequal costs more
// than the compare for the short names of end tags.
func sameBytes(s []byte, a, b, n int) bool {
	for ; n >= 8; a, b, n = a+8, b+8, n-8 {
		if binary.LittleEndian.Uint64(s[a:]) != binary.LittleEndian.Uint64(s[b:]) {
			return false
		}
	}
	for k := 0; k < n; k++ {
		if s[a+k] != s[b+k] {
			return false
		}
	}
	return true
}

// endTagSlow is endTag for an end tag with white space before its '>', or
// an error.
func (d *Decoder) endTagSlow(p int) error {
	s := d.src
	f := &d.stack[len(d.stack)-1]
	i := p + 2
	j := i + int(f.n1-f.n0)
	if j > len(s) || string(s[i:j]) != string(s[f.n0:f.n1]) || (j < len(s) && cls[s[j]]&cName != 0) {
		end, _, err := d.scanName(i)
		if err != nil {
			return err
		}
		return d.fail(p, ErrMismatchedTag, "element <"+string(s[f.n0:f.n1])+"> closed by </"+string(s[i:end])+">")
	}
	for j < len(s) && cls[s[j]]&cSpace != 0 {
		j++
	}
	if j >= len(s) {
		return d.fail(j, ErrUnexpectedEOF, "unexpected end of input in end tag")
	}
	if s[j] != '>' {
		return d.fail(j, ErrSyntax, "expected '>' in end tag")
	}
	d.pos = j + 1
	d.pop(int32(p))
	return nil
}

// text reads character data starting at s[p] != '<' (XML 1.0 §2.4).
func (d *Decoder) text(p int) error {
	s := d.src
	w := s
	if lim := p + d.lim.MaxTokenLen; lim < len(w) {
		w = w[:lim]
	}
	i := p
	escaped := false
	for {
		i = textRun(w, i)
		if i >= len(w) {
			break
		}
		c := w[i]
		if c == '<' {
			break
		}
		switch {
		case c == '&':
			_, next, ok := parseRef(s, i)
			if !ok {
				return d.fail(i, ErrBadEntity, "bad entity or character reference")
			}
			escaped = true
			i = next
			continue
		case c == '\r':
			escaped = true
		case c == ']':
			if i+2 < len(s) && s[i+1] == ']' && s[i+2] == '>' {
				return d.fail(i, ErrSyntax, "']]>' in character data")
			}
		default:
			return d.fail(i, ErrSyntax, "invalid character "+quoteByte(c))
		}
		i++
	}
	if i-p > d.lim.MaxTokenLen || (i >= len(w) && len(w) < len(s) && s[i] != '<') {
		return d.fail(p, ErrTooLarge, "character data longer than MaxTokenLen")
	}
	if len(d.stack) == 0 {
		for k := p; k < i; k++ {
			if cls[s[k]]&cSpace == 0 {
				return d.fail(k, ErrSyntax, "character data outside the root element")
			}
		}
	}
	if d.strict() {
		if err := d.checkText(p, i); err != nil {
			return err
		}
	}
	d.pos = i
	d.setData(CharData, escaped, p, p, i)
	return nil
}

// bang reads "<!": a comment, a CDATA section or a document type
// declaration.
func (d *Decoder) bang(p int) error {
	rest := d.src[p:]
	switch {
	case hasPrefix(rest, "<!--"):
		return d.comment(p)
	case hasPrefix(rest, "<![CDATA["):
		return d.cdata(p)
	case hasPrefix(rest, "<!DOCTYPE"):
		return d.doctype(p)
	}
	if isPrefixOf(rest, "<!--") || isPrefixOf(rest, "<![CDATA[") || isPrefixOf(rest, "<!DOCTYPE") {
		return d.fail(len(d.src), ErrUnexpectedEOF, "unexpected end of input in markup")
	}
	return d.fail(p, ErrSyntax, "invalid markup after '<!'")
}

// window returns s[from:] cut to n bytes.
func window(s []byte, from, n int) []byte {
	end := from + n
	if end > len(s) || end < from {
		end = len(s)
	}
	return s[from:end]
}

// comment reads "<!--" ... "-->" (XML 1.0 §2.5; "--" must not occur
// inside).
func (d *Decoder) comment(p int) error {
	s := d.src
	i := p + 4
	w := window(s, i, d.lim.MaxTokenLen+3)
	k := indexString(w, "--")
	if k < 0 || k+2 >= len(w) {
		if len(w) < len(s)-i {
			return d.fail(p, ErrTooLarge, "comment longer than MaxTokenLen")
		}
		return d.fail(len(s), ErrUnexpectedEOF, "unexpected end of input in comment")
	}
	if w[k+2] != '>' {
		return d.fail(i+k, ErrSyntax, "'--' inside comment")
	}
	if err := d.checkChars(i, i+k); err != nil {
		return err
	}
	d.pos = i + k + 3
	d.setData(Comment, false, p, i, i+k)
	return nil
}

// checkChars rejects C0 controls other than tab, CR and LF in s[from:to]
// (XML 1.0 §2.2 Char), and with Strict what checkText rejects.
func (d *Decoder) checkChars(from, to int) error {
	s := d.src
	for k := from; k < to; k++ {
		if c := s[k]; c < 0x20 && cls[c]&cSpace == 0 {
			return d.fail(k, ErrSyntax, "invalid character "+quoteByte(c))
		}
	}
	if d.strict() {
		return d.checkText(from, to)
	}
	return nil
}

// cdata reads "<![CDATA[" ... "]]>" (XML 1.0 §2.7).
func (d *Decoder) cdata(p int) error {
	s := d.src
	if len(d.stack) == 0 {
		return d.fail(p, ErrSyntax, "CDATA section outside the root element")
	}
	i := p + 9
	w := window(s, i, d.lim.MaxTokenLen+3)
	k := indexString(w, "]]>")
	if k < 0 {
		if len(w) < len(s)-i {
			return d.fail(p, ErrTooLarge, "CDATA section longer than MaxTokenLen")
		}
		return d.fail(len(s), ErrUnexpectedEOF, "unexpected end of input in CDATA section")
	}
	escaped := false
	for x := i; x < i+k; x++ {
		if c := s[x]; c < 0x20 {
			if c == '\r' {
				escaped = true
			} else if c != '\t' && c != '\n' {
				return d.fail(x, ErrSyntax, "invalid character "+quoteByte(c))
			}
		}
	}
	if d.strict() {
		if err := d.checkText(i, i+k); err != nil {
			return err
		}
	}
	d.pos = i + k + 3
	d.setData(CDATA, escaped, p, i, i+k)
	return nil
}

// doctype reads a document type declaration (XML 1.0 §2.8 doctypedecl).
// Only the form without an internal subset is accepted.
func (d *Decoder) doctype(p int) error {
	s := d.src
	if d.rootSeen || d.doctypeSeen {
		return d.fail(p, ErrSyntax, "misplaced DOCTYPE")
	}
	i := p + 9
	if i < len(s) && cls[s[i]]&cSpace == 0 {
		return d.fail(i, ErrSyntax, "expected white space after DOCTYPE")
	}
	end := i + d.lim.MaxTokenLen
	if end > len(s) {
		end = len(s)
	}
	var q byte
	for k := i; k < end; k++ {
		c := s[k]
		switch {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case c == '[':
			return d.fail(k, ErrForbidden, "DOCTYPE with internal subset")
		case c == '<':
			return d.fail(k, ErrSyntax, "'<' in DOCTYPE")
		case c == '>':
			if d.strict() {
				if err := d.checkDoctype(i, k); err != nil {
					return err
				}
			}
			d.doctypeSeen = true
			d.pos = k + 1
			d.setData(Doctype, false, p, i, k)
			return nil
		}
	}
	if end < len(s) {
		return d.fail(p, ErrTooLarge, "DOCTYPE longer than MaxTokenLen")
	}
	return d.fail(len(s), ErrUnexpectedEOF, "unexpected end of input in DOCTYPE")
}

// procInst reads "<?" target ... "?>" (XML 1.0 §2.6), or returns the XML
// declaration read by Reset.
func (d *Decoder) procInst(p int) error {
	s := d.src
	if p == d.declStart {
		d0 := p + 5
		for cls[s[d0]]&cSpace != 0 {
			d0++
		}
		if d.strict() {
			if err := d.checkEncoding(p); err != nil {
				return err
			}
		}
		d.pos = d.declEnd
		d.cur = rawTok{kind: ProcInst, off: int32(p), t0: int32(p + 2), t1: int32(p + 5), d0: int32(d0), d1: int32(d.declEnd - 2)}
		return nil
	}
	end, colon, err := d.scanName(p + 2)
	if err != nil {
		return err
	}
	target := s[p+2 : end]
	if d.strict() {
		if err := d.checkName(p+2, end); err != nil {
			return err
		}
	}
	if colon >= 0 {
		return d.fail(p+2, ErrSyntax, "colon in processing instruction target")
	}
	if len(target) == 3 && (target[0]|0x20) == 'x' && (target[1]|0x20) == 'm' && (target[2]|0x20) == 'l' {
		return d.fail(p, ErrSyntax, "XML declaration not at the start of the document")
	}
	i := end
	w := window(s, i, d.lim.MaxTokenLen+2)
	k := indexString(w, "?>")
	if k < 0 {
		if len(w) < len(s)-i {
			return d.fail(p, ErrTooLarge, "processing instruction longer than MaxTokenLen")
		}
		return d.fail(len(s), ErrUnexpectedEOF, "unexpected end of input in processing instruction")
	}
	if k > 0 && cls[s[i]]&cSpace == 0 {
		return d.fail(i, ErrSyntax, "expected white space after processing instruction target")
	}
	if err := d.checkChars(i, i+k); err != nil {
		return err
	}
	d0 := i
	for d0 < i+k && cls[s[d0]]&cSpace != 0 {
		d0++
	}
	d.pos = i + k + 2
	d.cur = rawTok{kind: ProcInst, off: int32(p), t0: int32(p + 2), t1: int32(end), d0: int32(d0), d1: int32(i + k)}
	return nil
}

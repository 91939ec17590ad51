package xml

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strconv"
	"sync"
	"unicode/utf8"
)

// This file holds what generated CSTA-XML codecs share: Reader, the decoding
// state (tokenizer plus an arena for text that had to be decoded), value
// parsers, and ValueError for documents that are well-formed XML but do not
// fit the schema.

// Sentinel errors of generated codecs, carried by *ValueError.
var (
	// ErrMissing reports a mandatory element that is absent.
	ErrMissing = errors.New("xml: missing mandatory element")
	// ErrInvalidValue reports text that is not a value of the element's type
	// (an unknown enumeration identifier, a malformed integer, ...).
	ErrInvalidValue = errors.New("xml: invalid value")
	// ErrUnknownMessage reports a root element that names no known message.
	ErrUnknownMessage = errors.New("xml: unknown message")
	// ErrUnencodable reports a value that has no XML form (a CHOICE with no
	// alternative set, an alternative known only by its BER encoding).
	ErrUnencodable = errors.New("xml: value cannot be encoded")
	// ErrNotEnumerated reports, on encoding, a number that is none of the
	// enumerations of an ENUMERATED type without extension marker (decoding
	// keeps such a number, as switches send them).
	ErrNotEnumerated = errors.New("xml: not one of the type's enumerations")
)

// ValueError reports a well-formed document whose content does not fit the
// schema: where (Offset, a byte offset into the document; -1 when encoding),
// in which type and element, and what (Err, one of the sentinels above, for
// errors.Is).
type ValueError struct {
	Offset int
	Type   string // Go type being decoded or encoded
	Field  string // element name, or ""
	Msg    string // detail, or ""
	Err    error

	// A Reader's own error (see Reader.valueError) keeps the element name
	// and the offending text as views until Detach makes them strings.
	field, text []byte
}

// Error implements error.
func (e *ValueError) Error() string {
	s := e.Err.Error() + " in " + e.Type
	if e.Field != "" {
		s += "." + e.Field
	} else if len(e.field) > 0 {
		s += "." + string(e.field)
	}
	if e.Msg != "" {
		s += ": " + e.Msg
	} else if e.text != nil {
		s += ": " + quoteText(e.text)
	}
	if e.Offset >= 0 {
		s += " at offset " + strconv.Itoa(e.Offset)
	}
	return s
}

// Unwrap returns the sentinel error.
func (e *ValueError) Unwrap() error { return e.Err }

// Reader is the state of generated CSTA-XML decoders: the tokenizer over one
// document and an arena that holds text which could not be returned as a
// view of the document (text with entity or character references, split
// runs, or a whole ISO-8859-1 document converted to UTF-8). Decoded []byte
// values point into the document or into the arena, so they stay valid until
// the next Reset. A Reader is reused across documents: in steady state it
// allocates nothing. It is not safe for concurrent use.
type Reader struct {
	Dec *Decoder
	// Strict makes generated decoders reject what they otherwise keep in a
	// value's xml.Extra: child elements that name no component
	// (ErrUnknownElement), content that is no valid value
	// (ErrInvalidValue) and absent mandatory elements (ErrMissing). The
	// tokenizer has its own switch, Dec.SetFlags(Strict), for what is not
	// well-formed XML 1.0 with namespaces (then a *SyntaxError).
	Strict bool

	arena   []byte
	scratch []byte
	conv    []byte
	extra   []byte

	// mem is the decode budget left for the document (Limits.MaxAlloc
	// minus the bytes charged); maxKeep is Limits.MaxKeep.
	mem, maxKeep int

	// verr is the error generated decoders get, when not Strict, for
	// content they then keep in an xml.Extra: reused, so that keeping it
	// allocates nothing. Detach copies it before it leaves the decoder.
	verr ValueError
}

// NewReader returns a Reader with the given tokenizer limits (nil for
// DefaultLimits).
func NewReader(lim *Limits) *Reader {
	return &Reader{Dec: NewDecoder(nil, lim)}
}

// Reset starts reading src. A document declared ISO-8859-1 is converted to
// UTF-8 into a buffer the Reader owns, which decoded values then share; the
// offsets in errors are then offsets into that conversion (at or after the
// octet's offset in src: each octet from 0x80 on takes two).
func (r *Reader) Reset(src []byte) {
	lim := &r.Dec.lim
	r.mem, r.maxKeep = lim.MaxAlloc, lim.MaxKeep
	if r.mem <= 0 {
		r.mem = DefaultAllocBase + DefaultAllocPerByte*len(src)
	}
	if cap(r.arena) > r.maxKeep {
		r.arena = nil
	}
	if cap(r.scratch) > r.maxKeep || cap(r.conv) > r.maxKeep || cap(r.extra) > r.maxKeep {
		r.scratch, r.conv, r.extra = nil, nil, nil
	}
	r.arena = r.arena[:0]
	r.Dec.Reset(src)
	if r.Dec.Err() == nil && r.Dec.Latin1() {
		old := cap(r.conv)
		r.conv = Latin1ToUTF8(r.conv[:0], src)
		r.Dec.Reset(r.conv)
		if cap(r.conv) != old {
			r.Charge(cap(r.conv))
		}
	}
}

// keep returns b stored in the arena. Earlier arena slices stay valid when
// the arena has to grow: they keep the old array.
func (r *Reader) keep(b []byte) []byte {
	if len(r.arena)+len(b) > cap(r.arena) {
		n := 2*cap(r.arena) + len(b)
		if n < 256 {
			n = 256
		}
		r.Charge(n)
		r.arena = make([]byte, 0, n)
	}
	start := len(r.arena)
	r.arena = append(r.arena, b...)
	return r.arena[start:len(r.arena):len(r.arena)]
}

// Text reads the text content of the element whose start tag was just read,
// through its end tag, trimmed of white space at both ends (servers indent
// and break lines around values).
func (r *Reader) Text() ([]byte, error) {
	r.scratch = r.scratch[:0]
	t, err := r.Dec.ReadText(&r.scratch)
	if err != nil {
		return nil, err
	}
	t = TrimSpace(t)
	if len(r.scratch) > 0 && len(t) > 0 { // built in scratch: keep a copy
		return r.keep(t), nil
	}
	return t, nil
}

// Offset returns the byte offset of the token read last, for errors.
func (r *Reader) Offset() int { return r.Dec.Token().Offset }

// Raw consumes the element whose start tag was just read and returns its
// exact source bytes. When the element uses namespace prefixes declared on
// its ancestors (the private data of a CallInformationEvent declares scx on
// the root), the declarations are added to its start tag, so that the
// result is a self-contained piece of XML that can be written into another
// document; that copy lives in the arena.
func (r *Reader) Raw() ([]byte, error) { return r.RawFrom(r.Mark()) }

// selfContained adds to raw's start tag the declarations of the prefixes
// raw uses but does not declare, looked up in the decoder's current scope.
func (r *Reader) selfContained(raw []byte) []byte {
	// Only a prefix bound where raw is read can be missing: with none bound
	// (the usual case: private data declares its own) there is nothing to
	// look for, unless raw uses the predefined xmlns prefix as an element
	// prefix, which the loop below declares.
	if len(r.Dec.ns) == 0 && !bytes.Contains(raw, xmlnsElem) {
		return raw
	}
	tagEnd := nameEnd(raw, 1)
	out := r.extra[:0]
	for i := nextLT(raw, 0); i >= 0 && i+1 < len(raw); i = nextLT(raw, i+1) {
		if raw[i+1] == '/' || raw[i+1] == '!' || raw[i+1] == '?' {
			continue
		}
		e := nameEnd(raw, i+1)
		name := raw[i+1 : e]
		c := indexByte(name, ':')
		if c <= 0 {
			continue
		}
		prefix := name[:c]
		if string(prefix) == "xml" {
			continue
		}
		// The scope first: it holds a few bindings, raw may be long.
		uri, ok := r.Dec.LookupPrefix(prefix)
		if !ok || declares(raw, prefix) || declares(out, prefix) {
			continue
		}
		out = append(out, " xmlns:"...)
		out = append(out, prefix...)
		out = append(out, '=', '"')
		out = AppendAttrValue(out, uri)
		out = append(out, '"')
	}
	r.extra = out[:0]
	if len(out) == 0 {
		return raw
	}
	start := len(r.arena)
	r.keep(raw[:tagEnd])
	r.keep(out)
	r.keep(raw[tagEnd:])
	if len(r.arena)-start == len(raw)+len(out) {
		return r.arena[start:len(r.arena):len(r.arena)]
	}
	// The arena grew in between: build the piece again in one go.
	r.Charge(len(raw) + len(out))
	buf := make([]byte, 0, len(raw)+len(out))
	buf = append(append(append(buf, raw[:tagEnd]...), out...), raw[tagEnd:]...)
	return buf
}

// xmlnsElem is the start of an element with the xmlns prefix.
var xmlnsElem = []byte("<xmlns:")

// nextLT returns the offset of the first '<' in raw at or after from, or
// -1.
func nextLT(raw []byte, from int) int {
	if k := bytes.IndexByte(raw[from:], '<'); k >= 0 {
		return from + k
	}
	return -1
}

// declares reports whether raw holds a declaration of prefix.
func declares(raw, prefix []byte) bool {
	for i := 0; i+6+len(prefix) < len(raw); i++ {
		if raw[i] == 'x' && string(raw[i:i+6]) == "xmlns:" && string(raw[i+6:i+6+len(prefix)]) == string(prefix) && raw[i+6+len(prefix)] == '=' {
			return true
		}
	}
	return false
}

// nameEnd returns the end of the name starting at raw[i].
func nameEnd(raw []byte, i int) int {
	for i < len(raw) {
		switch raw[i] {
		case ' ', '\t', '\r', '\n', '/', '>', '=':
			return i
		}
		i++
	}
	return i
}

func indexByte(b []byte, c byte) int {
	for i := range b {
		if b[i] == c {
			return i
		}
	}
	return -1
}

// ParseBool parses an XML Schema boolean: true, false, 1 or 0.
func ParseBool(b []byte) (bool, bool) {
	switch string(b) {
	case "true", "1":
		return true, true
	case "false", "0":
		return false, true
	}
	return false, false
}

// ParseInt parses a decimal integer with an optional sign (XML Schema
// integer lexical space, within int64).
func ParseInt(b []byte) (int64, bool) {
	neg := false
	if len(b) > 0 && (b[0] == '+' || b[0] == '-') {
		neg = b[0] == '-'
		b = b[1:]
	}
	if len(b) == 0 {
		return 0, false
	}
	var u uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		if u > (1<<63)/10 {
			return 0, false
		}
		u = u*10 + uint64(c-'0')
		if u > 1<<63 {
			return 0, false
		}
	}
	if neg {
		return int64(-u), true
	}
	if u > 1<<63-1 {
		return 0, false
	}
	return int64(u), true
}

// ParseFloat parses an XML Schema double (INF, -INF and NaN included).
func ParseFloat(b []byte) (float64, bool) {
	if len(b) == 0 || len(b) > 64 {
		return 0, false
	}
	var buf [64]byte
	s := append(buf[:0], b...)
	switch string(s) {
	case "INF":
		s = append(s[:0], "+Inf"...)
	case "-INF":
		s = append(s[:0], "-Inf"...)
	}
	f, err := strconv.ParseFloat(string(s), 64)
	return f, err == nil
}

// AppendFloat appends f in the XML Schema double form (INF, -INF, NaN).
func AppendFloat(dst []byte, f float64) []byte {
	switch {
	case f != f:
		return append(dst, "NaN"...)
	case f > 1.7976931348623157e308:
		return append(dst, "INF"...)
	case f < -1.7976931348623157e308:
		return append(dst, "-INF"...)
	}
	return strconv.AppendFloat(dst, f, 'g', -1, 64)
}

// ParseOID parses dotted decimal arcs (1.3.12.0.285) into dst[:0].
func ParseOID(dst []uint32, b []byte) ([]uint32, bool) {
	dst = dst[:0]
	if len(b) == 0 {
		return dst, false
	}
	var v uint64
	digits := 0
	for i := 0; i <= len(b); i++ {
		if i == len(b) || b[i] == '.' {
			if digits == 0 {
				return dst, false
			}
			dst = append(dst, uint32(v))
			v, digits = 0, 0
			continue
		}
		c := b[i]
		if c < '0' || c > '9' {
			return dst, false
		}
		v = v*10 + uint64(c-'0')
		digits++
		if v > 1<<32-1 {
			return dst, false
		}
	}
	return dst, true
}

// AppendOID appends arcs in dotted decimal form.
func AppendOID(dst []byte, arcs []uint32) []byte {
	for k, a := range arcs {
		if k > 0 {
			dst = append(dst, '.')
		}
		dst = strconv.AppendUint(dst, uint64(a), 10)
	}
	return dst
}

// AppendHex appends b in upper-case hexadecimal (XML Schema hexBinary).
func AppendHex(dst, b []byte) []byte {
	const digits = "0123456789ABCDEF"
	for _, c := range b {
		dst = append(dst, digits[c>>4], digits[c&15])
	}
	return dst
}

// ParseHex decodes hexBinary text into dst[:0] (XML white space inside is
// ignored).
func ParseHex(dst, b []byte) ([]byte, bool) {
	dst = dst[:0]
	var hi byte
	half := false
	for _, c := range b {
		var v byte
		switch {
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			continue
		default:
			return dst, false
		}
		if half {
			dst = append(dst, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	return dst, !half
}

// Bytes returns a copy of b in the arena (for values built from text, such
// as hexBinary decoded into octets).
func (r *Reader) Bytes(b []byte) []byte { return r.keep(b) }

// Scratch returns the Reader's scratch buffer, emptied, for building a
// value that is then stored with Bytes.
func (r *Reader) Scratch() []byte { return r.scratch[:0] }

// SetScratch keeps b (grown from Scratch) for reuse.
func (r *Reader) SetScratch(b []byte) { r.scratch = b[:0] }

var readers = sync.Pool{New: func() any { return NewReader(nil) }}

// GetReader returns a Reader from a pool, reset to read src. Give it back
// with PutReader when the values decoded with it are no longer used, or keep
// it: values that point into its arena must not outlive its next use.
func GetReader(src []byte) *Reader {
	r := readers.Get().(*Reader)
	r.Reset(src)
	return r
}

// PutReader returns r to the pool. detach drops r's arena first, so that
// values decoded with r keep their text after r is reused.
func PutReader(r *Reader, detach bool) {
	if detach && len(r.arena) > 0 {
		r.arena = nil
	}
	r.Dec.Reset(nil)
	readers.Put(r)
}

// Attr returns the decoded value of attribute i of the start tag read last:
// a view of the document, or a copy in the arena when it had to be decoded.
func (r *Reader) Attr(i int) ([]byte, error) {
	r.scratch = r.scratch[:0]
	v, err := r.Dec.AttrValue(i, &r.scratch)
	if err != nil {
		return nil, err
	}
	if len(r.scratch) > 0 && len(v) > 0 {
		return r.keep(v), nil
	}
	return v, nil
}

// Attrs returns the attributes of the start tag read last, namespace
// declarations left out, written again as ` name="value"` each (values
// re-escaped, a prefixed name preceded by the declaration of its prefix), in
// the arena: a form that can be written into another start tag as it is.
func (r *Reader) Attrs() []byte {
	out := r.extra[:0]
	for i := 0; i < r.Dec.AttrCount(); i++ {
		a := r.Dec.Attr(i)
		if a.IsNamespaceDecl() {
			continue
		}
		r.scratch = r.scratch[:0]
		v, err := r.Dec.AttrValue(i, &r.scratch)
		if err != nil {
			continue
		}
		if len(a.Name.Prefix) > 0 && string(a.Name.Prefix) != "xml" && !declares(out, a.Name.Prefix) {
			if uri, ok := r.Dec.LookupPrefix(a.Name.Prefix); ok {
				out = append(out, " xmlns:"...)
				out = append(out, a.Name.Prefix...)
				out = append(out, '=', '"')
				out = AppendAttrValue(out, uri)
				out = append(out, '"')
			}
		}
		out = append(out, ' ')
		if len(a.Name.Prefix) > 0 {
			out = append(out, a.Name.Prefix...)
			out = append(out, ':')
		}
		out = append(out, a.Name.Local...)
		out = append(out, '=', '"')
		out = AppendAttrValue(out, v)
		out = append(out, '"')
	}
	r.extra = out[:0]
	if len(out) == 0 {
		return nil
	}
	return r.keep(out)
}

// Concat returns a followed by b, in the arena unless a is empty.
func (r *Reader) Concat(a, b []byte) []byte {
	if len(a) == 0 {
		return b
	}
	out := append(append(r.extra[:0], a...), b...)
	r.extra = out[:0]
	return r.keep(out)
}

// Missing returns the error for a mandatory element absent from the element
// read last.
func Missing(r *Reader, typ, field string) error {
	return r.valueError(r.Dec.InputOffset(), typ, field, nil, nil, ErrMissing)
}

// Invalid returns the error for text that is no value of the element's type.
func Invalid(r *Reader, typ, field string, text []byte) error {
	if len(text) > 64 {
		text = text[:64]
	}
	if text == nil {
		text = []byte{}
	}
	return r.valueError(r.Offset(), typ, field, nil, text, ErrInvalidValue)
}

// quoteText is how ValueError shows the offending text.
func quoteText(text []byte) string { return "\"" + string(text) + "\"" }

// valueError returns a *ValueError. When r is not Strict the error is r's
// own, reused: generated decoders mostly keep the content it is about in an
// xml.Extra and drop the error, which then costs no allocation; one that
// leaves the decoder goes through Detach.
func (r *Reader) valueError(off int, typ, field string, fieldB, text []byte, err error) error {
	if r.Strict {
		e := &ValueError{Offset: off, Type: typ, Field: field, Err: err}
		if len(fieldB) > 0 {
			e.Field = string(fieldB)
		}
		if text != nil {
			e.Msg = quoteText(text)
		}
		return e
	}
	r.verr = ValueError{Offset: off, Type: typ, Field: field, Err: err, field: fieldB, text: text}
	return &r.verr
}

// Detach returns err, made independent of r when it is r's own reused
// error. Generated code calls it on every error it returns to its caller.
func (r *Reader) Detach(err error) error {
	if e, ok := err.(*ValueError); ok && e == &r.verr {
		c := r.verr
		if c.Field == "" && len(c.field) > 0 {
			c.Field = string(c.field)
		}
		if c.Msg == "" && c.text != nil {
			c.Msg = quoteText(c.text)
		}
		c.field, c.text = nil, nil
		return &c
	}
	return err
}

// UnknownMessage returns the error for a root element, named local, that
// names no message.
func UnknownMessage(r *Reader, typ string, local []byte) error {
	return r.valueError(r.Offset(), typ, "", nil, local, ErrUnknownMessage)
}

// NotEnumerated returns the *ValueError (ErrNotEnumerated) of the number n,
// which is none of the enumerations of the Go type typ, on encoding. Like
// the other error constructors, it is kept out of line: generated code
// calls it on its error paths.
//
//go:noinline
func NotEnumerated(typ string, n int64) error {
	return &ValueError{Offset: -1, Type: typ, Msg: strconv.FormatInt(n, 10), Err: ErrNotEnumerated}
}

// Unencodable returns the error for a value that has no XML form.
//
//go:noinline
func Unencodable(typ, what string) error {
	return &ValueError{Offset: -1, Type: typ, Msg: what, Err: ErrUnencodable}
}

// IsEmptyElement reports whether raw, one element's source, has no
// attributes and no content other than white space (<private/>,
// <private></private>).
func IsEmptyElement(raw []byte) bool {
	lt, gt := 0, -1
	for i, c := range raw {
		switch c {
		case '=':
			return false
		case '<':
			lt++
			if lt > 2 {
				return false
			}
			if lt == 2 && gt >= 0 {
				for _, w := range raw[gt+1 : i] {
					if w != ' ' && w != '\t' && w != '\r' && w != '\n' {
						return false
					}
				}
			}
		case '>':
			if gt < 0 {
				gt = i
			}
		}
	}
	return lt == 1 || lt == 2
}

// ErrNotText reports octets that a text element or attribute cannot carry:
// bytes that are not UTF-8, or characters XML 1.0 does not allow (C0
// controls other than tab, line feed and carriage return, U+FFFE, U+FFFF).
// It is an ErrUnencodable: errors.Is holds for both.
var ErrNotText = &notTextError{}

// notTextError is the type of ErrNotText, which wraps ErrUnencodable.
type notTextError struct{}

func (*notTextError) Error() string { return "xml: octets that are not XML text" }
func (*notTextError) Unwrap() error { return ErrUnencodable }

// CheckText returns the index of the first byte of b that does not start a
// character XML 1.0 text can hold (invalid UTF-8, or no Char of §2.2), or
// -1 when b is all such text.
func CheckText(b []byte) int {
	for i := 0; i < len(b); {
		// Eight octets at a time while they are all printable ASCII: no
		// octet at or above 0x80, none below 0x20.
		for i+8 <= len(b) {
			w := binary.LittleEndian.Uint64(b[i:])
			if (w|(w-0x2020202020202020))&0x8080808080808080 != 0 {
				break
			}
			i += 8
		}
		if i >= len(b) {
			break
		}
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 || !isChar(r) {
			return i
		}
		i += n
	}
	return -1
}

// NotText returns the error for the value b of the element or attribute
// field of type typ, which CheckText found not to be text at b[i]: text
// elements are written as they are, and XML cannot carry those octets.
func NotText(typ, field string, b []byte, i int) error {
	return &ValueError{Offset: -1, Type: typ, Field: field, Err: ErrNotText,
		Msg: "octet " + strconv.Itoa(i) + " (0x" + string(AppendHex(nil, b[i:i+1])) + ") of " + strconv.Itoa(len(b)) + " is not XML text"}
}

// Package xml is a zero-allocation streaming XML tokenizer and writer for the
// generated CSTA-XML (ECMA-323) codecs.
//
// The entry type is Decoder: it tokenizes a whole in-memory document in
// place. Tokens, names, attribute values and text returned by it share
// memory with the document, which is never modified; they stay valid as long
// as the document does. Generated code mostly uses the helpers ReadStart,
// ReadText, SkipElement and RawElement; Next is the general pull API.
//
// The writer side is a family of Append* functions that append markup to a
// caller's slice. Canonical produces a normalized form of a document for
// comparing documents in tests.
//
// What is checked: well-formedness per XML 1.0 (fifth edition) and
// Namespaces in XML 1.0 (third edition). By default (lenient mode) the
// Decoder tolerates exactly these departures, because real CSTA peers send
// some of them (the corpus has the first two) and checking the others
// costs time on every document:
//
//   - an attribute that follows the closing quote of the previous one
//     without white space (xmlns:xsi="..."xmlns:xsd="..."; XML 1.0 §3.1
//     requires it); never a name glued to the element's name;
//   - a prefix that is never declared, on an element or an attribute: it
//     is bound to no namespace (Token.NS and Attr.NS empty) instead of being
//     an error (Namespaces in XML §5); the source bytes of such elements are
//     kept as they are (RawElement);
//   - the reserved names of Namespaces in XML §3 used otherwise: an element
//     with the xmlns prefix, the xml prefix bound to another namespace, or
//     another prefix (or the default namespace) bound to the xml or xmlns
//     namespace;
//   - two attributes with the same local name whose prefixes are bound to
//     the same namespace (Namespaces in XML §6.3; attributes spelled the
//     same are always an error);
//   - bytes >= 0x80 in names, taken as name characters without checking
//     that they are UTF-8 of the Unicode ranges of NameStartChar and
//     NameChar (XML 1.0 §2.3);
//   - bytes >= 0x80 in text, attribute values, comments, processing
//     instructions and CDATA sections, passed through without checking that
//     they are UTF-8 of XML characters (§2.2 Char: U+FFFE and U+FFFF are
//     none); the C0 controls XML forbids are always an error.
//
// With the Strict flag (Decoder.SetFlags) each of these is a
// *SyntaxError (ErrSyntax; the duplicate attribute ErrDuplicateAttr): the
// Decoder accepts only well-formed XML 1.0 with namespaces, in UTF-8 or a
// declared ISO-8859-1 (whose bytes are all characters). Everything else
// that is not well-formed is a *SyntaxError in both modes, except inside a
// document type declaration (without internal subset), which both modes
// skip to its '>', minding quotes, without checking its syntax.
//
// What is refused: document type declarations with an internal subset
// (ErrForbidden) — no entity is ever expanded beyond the five predefined
// ones and character references — and UTF-16/UTF-32 input
// (ErrUnsupportedEncoding). All sizes are bounded by Limits.
package xml

// TokenKind says what a Token is.
type TokenKind uint8

// Token kinds.
const (
	// StartElement is a start tag or an empty-element tag (then
	// Token.SelfClosing is set and an EndElement follows).
	StartElement TokenKind = iota + 1
	// EndElement is an end tag, or the end of an empty-element tag.
	EndElement
	// CharData is text between tags; Token.Data is raw (references not
	// decoded, see Token.Escaped and Unescape).
	CharData
	// CDATA is a CDATA section; Token.Data is its content.
	CDATA
	// Comment is a comment; Token.Data is its content. Reported only with
	// ReportComments.
	Comment
	// ProcInst is a processing instruction, including the XML declaration;
	// Token.Name.Local is the target and Token.Data the rest. Reported only
	// with ReportProcInsts.
	ProcInst
	// Doctype is a document type declaration (without internal subset);
	// Token.Data is its content after "<!DOCTYPE". Reported only with
	// ReportDoctype.
	Doctype
)

var kindNames = [...]string{"invalid", "StartElement", "EndElement", "CharData", "CDATA", "Comment", "ProcInst", "Doctype"}

// String returns the constant's name.
func (k TokenKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "invalid"
}

// QName is a qualified name split at its colon. Prefix is empty for an
// unprefixed name. Both share memory with the document.
type QName struct {
	Prefix []byte // namespace prefix, without the colon; empty if none
	Local  []byte // local part
}

// Token is one piece of markup or text. Slices share memory with the
// document.
type Token struct {
	Kind        TokenKind
	SelfClosing bool   // StartElement: written as <x/>
	Escaped     bool   // CharData: Data holds '&' or CR, decode with Unescape; CDATA: Data holds CR
	Name        QName  // StartElement, EndElement; ProcInst target in Local
	NS          []byte // StartElement, EndElement: resolved namespace URI, raw; empty if none
	Data        []byte // CharData, CDATA, Comment, ProcInst, Doctype content
	Offset      int    // byte offset of the token in the document
}

// Flags select optional behaviour of a Decoder.
type Flags uint8

// Flags for Decoder.SetFlags.
const (
	ReportComments  Flags = 1 << iota // Next returns Comment tokens
	ReportProcInsts                   // Next returns ProcInst tokens (XML declaration included)
	ReportDoctype                     // Next returns Doctype tokens
	// Strict rejects, as a *SyntaxError, what the Decoder otherwise
	// tolerates (see the package documentation): the input must be
	// well-formed XML 1.0 with namespaces. It persists across Reset; a
	// Reader's Strict field does not set it (Reader.Dec.SetFlags does).
	Strict
)

// Limits bounds what a Decoder accepts. A zero or negative field means the
// value of DefaultLimits for that field.
type Limits struct {
	MaxDepth      int // element nesting
	MaxAttrs      int // attributes (namespace declarations included) per start tag
	MaxNameLen    int // bytes in a qualified name
	MaxTokenLen   int // bytes in one text run, attribute value, comment, CDATA section, PI or DOCTYPE
	MaxDocument   int // bytes in the document
	MaxNamespaces int // namespace declarations in scope at once
}

// DefaultLimits are the limits used for a nil *Limits or a zero field. They
// are generous for CSTA (messages are a few KB, nesting about 10 deep).
var DefaultLimits = Limits{
	MaxDepth:      256,
	MaxAttrs:      64,
	MaxNameLen:    256,
	MaxTokenLen:   1 << 20,
	MaxDocument:   16 << 20,
	MaxNamespaces: 128,
}

func (l *Limits) withDefaults() Limits {
	out := DefaultLimits
	if l == nil {
		return out
	}
	if l.MaxDepth > 0 {
		out.MaxDepth = l.MaxDepth
	}
	if l.MaxAttrs > 0 {
		out.MaxAttrs = l.MaxAttrs
	}
	if l.MaxNameLen > 0 {
		out.MaxNameLen = l.MaxNameLen
	}
	if l.MaxTokenLen > 0 {
		out.MaxTokenLen = l.MaxTokenLen
	}
	if l.MaxDocument > 0 {
		out.MaxDocument = l.MaxDocument
	}
	if l.MaxNamespaces > 0 {
		out.MaxNamespaces = l.MaxNamespaces
	}
	if out.MaxDocument > maxDocument {
		out.MaxDocument = maxDocument
	}
	return out
}

// maxDocument bounds Limits.MaxDocument: offsets are kept as int32.
const maxDocument = 1 << 30

// Attr is one attribute of the current start tag. Slices share memory with
// the document.
type Attr struct {
	Name    QName  // attribute name
	NS      []byte // namespace URI for a prefixed name, raw; empty otherwise (unprefixed attributes have no namespace)
	Value   []byte // value between the quotes, raw: use Decoder.AttrValue or UnescapeAttr to decode
	Offset  int    // byte offset of the attribute name
	Escaped bool   // Value holds a reference or a tab, CR or LF and needs decoding
}

// IsNamespaceDecl reports whether a is a namespace declaration (xmlns or
// xmlns:p).
func (a *Attr) IsNamespaceDecl() bool {
	if len(a.Name.Prefix) == 0 {
		return string(a.Name.Local) == "xmlns"
	}
	return string(a.Name.Prefix) == "xmlns"
}

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
//     none); the C0 controls XML forbids are always an error;
//   - a declared encoding other than UTF-8, US-ASCII and ISO-8859-1 (read as
//     UTF-8), bytes >= 0x80 in a document declared US-ASCII, and an
//     encoding other than UTF-8 declared after a UTF-8 byte order mark
//     (XML 1.0 §4.3.3);
//   - a namespace name that reaches a reserved namespace, or another
//     declaration's namespace, only through character references:
//     namespace names are compared as written;
//   - the content of a document type declaration (without internal
//     subset), skipped to its '>', minding quotes, without checking the
//     syntax of its name and external identifier (§2.8, §4.2.2).
//
// With the Strict flag (Decoder.SetFlags) each of these is a *SyntaxError
// (ErrSyntax; the duplicate attribute ErrDuplicateAttr; an encoding this
// package does not read ErrUnsupportedEncoding): the Decoder accepts only
// well-formed XML 1.0 with namespaces, in UTF-8, US-ASCII or a declared
// ISO-8859-1 (whose bytes are all characters). Everything else that is not
// well-formed is a *SyntaxError in both modes.
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
	// MaxAlloc is the decode budget of a Reader: the bytes of Go values
	// generated decoders may allocate for one document, weighted by their
	// size (a list that grows is charged its element size times its new
	// capacity, a pointer component or CHOICE alternative made for the
	// first time its size, text copied to the arena and unknown content
	// kept in an Extra their bytes). Capacity reused from an earlier
	// document costs nothing. More fails the document with a *SyntaxError
	// wrapping ErrBudget. Zero means DefaultAllocBase + DefaultAllocPerByte
	// times the length of the document.
	MaxAlloc int
	// MaxKeep is the capacity, in bytes, that a decoded list, and each of
	// the Reader's own buffers, may keep from one document to the next:
	// one larger is dropped when the next document reaches it.
	MaxKeep int
}

// Defaults of the decode budget (Limits.MaxAlloc, Limits.MaxKeep); they are
// the BER runtime's (ber.DefaultAllocBase, ...).
const (
	DefaultAllocBase    = 256 << 10
	DefaultAllocPerByte = 8
	DefaultMaxKeep      = 64 << 10
)

// DefaultLimits are the limits used for a nil *Limits or a zero field. They
// are generous for CSTA (messages are a few KB, nesting about 10 deep).
var DefaultLimits = Limits{
	MaxDepth:      256,
	MaxAttrs:      64,
	MaxNameLen:    256,
	MaxTokenLen:   1 << 20,
	MaxDocument:   16 << 20,
	MaxNamespaces: 128,
	MaxKeep:       DefaultMaxKeep,
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
	if l.MaxAlloc > 0 {
		out.MaxAlloc = l.MaxAlloc
	}
	if l.MaxKeep > 0 {
		out.MaxKeep = l.MaxKeep
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

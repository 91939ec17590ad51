package xml

import (
	"errors"
	"io"
	"strconv"
)

// Sentinel errors. Every error reported by a Decoder is a *SyntaxError whose
// Err field is one of these, so callers test the category with errors.Is.
var (
	// ErrSyntax reports input that is not well-formed XML 1.0.
	ErrSyntax = errors.New("xml: syntax error")
	// ErrUnexpectedEOF reports input that ends inside a construct or before
	// the root element. It is io.ErrUnexpectedEOF so that callers treating
	// truncated input generically can test for that.
	ErrUnexpectedEOF = io.ErrUnexpectedEOF
	// ErrTooDeep reports element nesting deeper than Limits.MaxDepth.
	ErrTooDeep = errors.New("xml: nesting too deep")
	// ErrTooLarge reports a document, name, token, attribute list or
	// namespace scope larger than the corresponding Limits field.
	ErrTooLarge = errors.New("xml: too large")
	// ErrForbidden reports a construct this package refuses by design: a
	// document type declaration with an internal subset (where entity
	// declarations live; entity expansion attacks cannot happen because
	// custom entities are never expanded).
	ErrForbidden = errors.New("xml: forbidden construct")
	// ErrMismatchedTag reports an end tag that does not match the open
	// element, or an end tag with no open element.
	ErrMismatchedTag = errors.New("xml: mismatched end tag")
	// ErrBadEntity reports an unknown entity reference or an invalid
	// character reference.
	ErrBadEntity = errors.New("xml: bad entity or character reference")
	// ErrDuplicateAttr reports an attribute that appears twice in a start tag.
	ErrDuplicateAttr = errors.New("xml: duplicate attribute")
	// ErrUnsupportedEncoding reports UTF-16 or UTF-32 input (by byte order
	// mark, by the first bytes, or by the declared encoding).
	ErrUnsupportedEncoding = errors.New("xml: unsupported encoding")
	// ErrUnexpectedElement reports a child element where Decoder.ReadText
	// expected only text.
	ErrUnexpectedElement = errors.New("xml: unexpected child element")
	// ErrUnexpectedText reports non-whitespace character data where
	// Decoder.ReadStart expected only child elements.
	ErrUnexpectedText = errors.New("xml: unexpected character data")
	// ErrTextContent reports character data where an element's children
	// were expected (Decoder.ReadStartOrText): in a value, the element is
	// no valid value of its component, and lenient decoding keeps it
	// verbatim in the parent's Extra.
	ErrTextContent = errors.New("xml: text where child elements were expected")
	// ErrBudget reports a document whose decoding would allocate more than
	// Limits.MaxAlloc bytes of Go values (see Reader.Charge).
	ErrBudget = errors.New("xml: decode budget exceeded")
)

// SyntaxError is the error type of this package: what went wrong (Msg, and
// the sentinel Err for errors.Is) and where (Offset, a byte offset into the
// document given to the Decoder; Line and Col are derived from it, 1-based,
// Col counting bytes).
type SyntaxError struct {
	Offset int    // byte offset of the offending construct
	Line   int    // 1-based line of Offset
	Col    int    // 1-based byte column of Offset
	Msg    string // human-readable detail, lower case
	Err    error  // sentinel, one of the Err* variables
}

// Error implements error.
func (e *SyntaxError) Error() string {
	return "xml: line " + strconv.Itoa(e.Line) + ", column " + strconv.Itoa(e.Col) +
		" (offset " + strconv.Itoa(e.Offset) + "): " + e.Msg
}

// Unwrap returns the sentinel error.
func (e *SyntaxError) Unwrap() error { return e.Err }

// newError builds a SyntaxError for src at off. Line and column are computed
// here, on the error path only.
func newError(src []byte, off int, err error, msg string) *SyntaxError {
	if off > len(src) {
		off = len(src)
	}
	if off < 0 {
		off = 0
	}
	line, lineStart := 1, 0
	for i := 0; i < off; i++ {
		if src[i] == '\n' {
			line++
			lineStart = i + 1
		}
	}
	return &SyntaxError{Offset: off, Line: line, Col: off - lineStart + 1, Msg: msg, Err: err}
}

package syntax

import (
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
)

// Token types produced by the ASN.1 lexer (X.680 clause 12, lexical items).
const (
	// Keyword is a reserved word of X.680/X.681/X.682/X.683 (SEQUENCE, IMPLICIT, CLASS, ...).
	Keyword lexer.TokenType = iota + 1
	// TypeRef is a reference starting with an upper-case letter: type,
	// module, class and object-set references.
	TypeRef
	// Ident is a reference starting with a lower-case letter: identifiers,
	// value and object references.
	Ident
	// FieldRef is an information object class field reference: &Type or &value.
	FieldRef
	// Number is an unsigned decimal number.
	Number
	// RealNumber is a decimal number with a fraction or exponent.
	RealNumber
	// CString is a quoted character string, quotes included.
	CString
	// BString is a binary string such as '0101'B.
	BString
	// HString is a hexadecimal string such as 'AB'H.
	HString
	// Punct is a punctuation item: ::= ... .. { } ( ) [ ] , ; | ^ ! @ . : < > -
	Punct
)

var symbols = map[string]lexer.TokenType{
	"EOF":        lexer.EOF,
	"Keyword":    Keyword,
	"TypeRef":    TypeRef,
	"Ident":      Ident,
	"FieldRef":   FieldRef,
	"Number":     Number,
	"RealNumber": RealNumber,
	"CString":    CString,
	"BString":    BString,
	"HString":    HString,
	"Punct":      Punct,
}

// reserved lists the reserved words of X.680 clause 12.38 (plus ANY and
// DEFINED for old modules). Useful types (GeneralizedTime, UTCTime,
// ObjectDescriptor) are type references, not reserved words.
var reserved = map[string]bool{
	"ABSENT": true, "ABSTRACT-SYNTAX": true, "ALL": true, "ANY": true, "APPLICATION": true,
	"AUTOMATIC": true, "BEGIN": true, "BIT": true, "BMPString": true, "BOOLEAN": true,
	"BY": true, "CHARACTER": true, "CHOICE": true, "CLASS": true, "COMPONENT": true,
	"COMPONENTS": true, "CONSTRAINED": true, "CONTAINING": true, "DEFAULT": true,
	"DEFINED": true, "DEFINITIONS": true, "EMBEDDED": true, "ENCODED": true, "END": true,
	"ENUMERATED": true, "EXCEPT": true, "EXPLICIT": true, "EXPORTS": true,
	"EXTENSIBILITY": true, "EXTERNAL": true, "FALSE": true, "FROM": true,
	"GeneralString": true, "GraphicString": true, "IA5String": true,
	"IDENTIFIER": true, "IMPLICIT": true, "IMPLIED": true, "IMPORTS": true,
	"INCLUDES": true, "INSTANCE": true, "INTEGER": true, "INTERSECTION": true,
	"ISO646String": true, "MAX": true, "MIN": true, "MINUS-INFINITY": true,
	"NULL": true, "NumericString": true, "OBJECT": true, "OCTET": true, "OF": true,
	"OPTIONAL": true, "PATTERN": true, "PDV": true, "PLUS-INFINITY": true,
	"PRESENT": true, "PrintableString": true, "PRIVATE": true, "REAL": true,
	"RELATIVE-OID": true, "SEQUENCE": true, "SET": true, "SIZE": true, "STRING": true,
	"SYNTAX": true, "T61String": true, "TAGS": true, "TeletexString": true,
	"TRUE": true, "TYPE-IDENTIFIER": true, "UNION": true, "UNIQUE": true,
	"UNIVERSAL": true, "UniversalString": true, "UTF8String": true,
	"VideotexString": true, "VisibleString": true, "WITH": true,
}

// IsReserved reports whether word is an ASN.1 reserved word.
func IsReserved(word string) bool { return reserved[word] }

// lexDefinition implements participle's lexer.Definition for ASN.1 text.
type lexDefinition struct{}

// Lexer is the participle lexer definition for ASN.1 module text.
var Lexer lexer.Definition = lexDefinition{}

func (lexDefinition) Symbols() map[string]lexer.TokenType { return symbols }

func (d lexDefinition) Lex(filename string, r io.Reader) (lexer.Lexer, error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return d.LexBytes(filename, src)
}

func (d lexDefinition) LexString(filename string, input string) (lexer.Lexer, error) {
	return d.LexBytes(filename, []byte(input))
}

func (lexDefinition) LexBytes(filename string, input []byte) (lexer.Lexer, error) {
	toks, err := Tokenize(filename, input)
	if err != nil {
		return nil, err
	}
	return &sliceLexer{toks: toks}, nil
}

// sliceLexer replays a token slice; the last token is always EOF.
type sliceLexer struct {
	toks []lexer.Token
	i    int
}

func (l *sliceLexer) Next() (lexer.Token, error) {
	t := l.toks[l.i]
	if l.i < len(l.toks)-1 {
		l.i++
	}
	return t, nil
}

// lexError is a lexical error with a position.
type lexError struct {
	pos lexer.Position
	msg string
}

func (e *lexError) Error() string { return fmt.Sprintf("%s: %s", e.pos, e.msg) }

// Position returns the position of the error, for participle.
func (e *lexError) Position() lexer.Position { return e.pos }

// Message returns the message of the error without position.
func (e *lexError) Message() string { return e.msg }

// Tokenize splits ASN.1 text into tokens, dropping white space and comments
// (X.680 12.6: "--" to the next "--" or end of line; "/*" to the matching
// "*/", nested). Bytes that are not valid UTF-8 are allowed inside comments
// only, where PDF-extracted modules carry them. The returned slice ends with
// an EOF token.
func Tokenize(filename string, src []byte) ([]lexer.Token, error) {
	s := scanner{src: src, pos: lexer.Position{Filename: filename, Line: 1, Column: 1}}
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		s.off, s.pos.Offset = 3, 3 // a UTF-8 byte order mark is not part of the text
	}
	toks := make([]lexer.Token, 0, len(src)/5+1)
	for {
		tok, err := s.next()
		if err != nil {
			return nil, err
		}
		toks = append(toks, tok)
		if tok.Type == lexer.EOF {
			return toks, nil
		}
	}
}

type scanner struct {
	src []byte
	off int
	pos lexer.Position
}

func (s *scanner) peek(k int) byte {
	if s.off+k < len(s.src) {
		return s.src[s.off+k]
	}
	return 0
}

// advance moves over n bytes, keeping line and column (columns count runes).
func (s *scanner) advance(n int) {
	end := s.off + n
	for s.off < end {
		c := s.src[s.off]
		if c == '\n' {
			s.pos.Line++
			s.pos.Column = 1
			s.off++
			continue
		}
		if c < utf8.RuneSelf {
			s.off++
		} else {
			_, size := utf8.DecodeRune(s.src[s.off:end])
			s.off += size
		}
		s.pos.Column++
	}
	s.pos.Offset = s.off
}

func (s *scanner) errorf(format string, args ...any) error {
	return &lexError{pos: s.pos, msg: fmt.Sprintf(format, args...)}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

func (s *scanner) skipSpaceAndComments() error {
	for s.off < len(s.src) {
		c := s.src[s.off]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			s.advance(1)
		case c == 0xC2 && s.peek(1) == 0xA0: // no-break space from PDF extraction
			s.advance(2)
		case c == '-' && s.peek(1) == '-':
			s.advance(2)
			for s.off < len(s.src) {
				if s.src[s.off] == '\n' || s.src[s.off] == '\r' {
					break
				}
				if s.src[s.off] == '-' && s.peek(1) == '-' {
					s.advance(2)
					break
				}
				s.advanceByte()
			}
		case c == '/' && s.peek(1) == '*':
			start := s.pos
			depth := 0
			for {
				if s.off >= len(s.src) {
					s.pos = start
					return s.errorf("comment not terminated")
				}
				if s.src[s.off] == '/' && s.peek(1) == '*' {
					depth++
					s.advance(2)
				} else if s.src[s.off] == '*' && s.peek(1) == '/' {
					depth--
					s.advance(2)
					if depth == 0 {
						break
					}
				} else {
					s.advanceByte()
				}
			}
		default:
			return nil
		}
	}
	return nil
}

// advanceByte moves over one byte of comment text, which may be invalid UTF-8.
func (s *scanner) advanceByte() {
	c := s.src[s.off]
	if c == '\n' {
		s.pos.Line++
		s.pos.Column = 1
	} else if c < utf8.RuneSelf || c >= 0xC0 {
		s.pos.Column++ // count a rune at its first byte
	}
	s.off++
	s.pos.Offset = s.off
}

func (s *scanner) next() (lexer.Token, error) {
	if err := s.skipSpaceAndComments(); err != nil {
		return lexer.Token{}, err
	}
	start := s.pos
	if s.off >= len(s.src) {
		return lexer.EOFToken(start), nil
	}
	c := s.src[s.off]
	emit := func(t lexer.TokenType, n int) (lexer.Token, error) {
		v := string(s.src[s.off : s.off+n])
		s.advance(n)
		return lexer.Token{Type: t, Value: v, Pos: start}, nil
	}
	switch {
	case isLetter(c) || (c == '&' && isLetter(s.peek(1))):
		n := 0
		if c == '&' {
			n = 1
		}
		n += s.referenceLen(s.off + n)
		word := string(s.src[s.off : s.off+n])
		switch {
		case c == '&':
			return emit(FieldRef, n)
		case reserved[word]:
			return emit(Keyword, n)
		case c >= 'A' && c <= 'Z':
			return emit(TypeRef, n)
		default:
			return emit(Ident, n)
		}
	case isDigit(c):
		n := 0
		for isDigit(s.peek(n)) {
			n++
		}
		kind := Number
		// A real number has a fraction ("1.5") but not a range ("1..5").
		if s.peek(n) == '.' && isDigit(s.peek(n+1)) {
			n++
			for isDigit(s.peek(n)) {
				n++
			}
			kind = RealNumber
		}
		if (s.peek(n) == 'e' || s.peek(n) == 'E') && (isDigit(s.peek(n+1)) || (s.peek(n+1) == '-' && isDigit(s.peek(n+2)))) {
			n += 2
			for isDigit(s.peek(n)) {
				n++
			}
			kind = RealNumber
		}
		return emit(kind, n)
	case c == '"':
		n := 1
		for {
			if s.off+n >= len(s.src) {
				return lexer.Token{}, s.errorf("character string not terminated")
			}
			if s.src[s.off+n] == '"' {
				if s.peek(n+1) == '"' { // "" is an escaped quote (X.680 12.14)
					n += 2
					continue
				}
				n++
				break
			}
			n++
		}
		return emit(CString, n)
	case c == '\'':
		n := 1
		for s.off+n < len(s.src) && s.src[s.off+n] != '\'' {
			n++
		}
		if s.off+n >= len(s.src) {
			return lexer.Token{}, s.errorf("bstring or hstring not terminated")
		}
		n++
		switch s.peek(n) {
		case 'B':
			return emit(BString, n+1)
		case 'H':
			return emit(HString, n+1)
		}
		return lexer.Token{}, s.errorf("quoted string must end in 'B or 'H")
	}
	for _, p := range puncts {
		if s.off+len(p) <= len(s.src) && string(s.src[s.off:s.off+len(p)]) == p {
			return emit(Punct, len(p))
		}
	}
	if c >= utf8.RuneSelf {
		r, _ := utf8.DecodeRune(s.src[s.off:])
		if r == utf8.RuneError {
			return lexer.Token{}, s.errorf("invalid byte 0x%02X outside a comment", c)
		}
		return lexer.Token{}, s.errorf("unexpected character %q", r)
	}
	return lexer.Token{}, s.errorf("unexpected character %q", rune(c))
}

// puncts are the punctuation items, longest first.
var puncts = []string{"::=", "...", "..", "{", "}", "(", ")", "[", "]", ",", ";", "|", "^", "!", "@", ".", ":", "<", ">", "-"}

// referenceLen returns the length of the reference starting at i: letters,
// digits and single hyphens, not ending in a hyphen (X.680 12.2).
func (s *scanner) referenceLen(i int) int {
	j := i
	for j < len(s.src) {
		c := s.src[j]
		if isLetter(c) || isDigit(c) {
			j++
			continue
		}
		if c == '-' && j+1 < len(s.src) && (isLetter(s.src[j+1]) || isDigit(s.src[j+1])) && j > i && s.src[j-1] != '-' {
			j++
			continue
		}
		break
	}
	return j - i
}

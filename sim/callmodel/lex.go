package callmodel

import (
	"errors"
	"fmt"
	"strconv"
)

// Pos is a position in a SPEC or scenario text: 1-based line and column
// (column counted in bytes).
type Pos struct {
	Line, Column int
}

// String returns "line:column".
func (p Pos) String() string { return strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Column) }

// ParseError is an error in a SPEC or scenario text, at Pos. It unwraps to
// one of the ErrSyntax... sentinels, which say what kind of error it is.
type ParseError struct {
	Pos Pos
	Err error  // one of ErrSyntax, ErrUnknownWord, ErrBadNumber, ErrDuplicateDevice, ErrUnknownDevice, ErrBadDuration, ErrTimeOrder, ErrLimit
	Msg string // what was found, for humans
}

// Error returns "line:column: kind: msg".
func (e *ParseError) Error() string {
	return e.Pos.String() + ": " + e.Err.Error() + ": " + e.Msg
}

// Unwrap returns the error's kind.
func (e *ParseError) Unwrap() error { return e.Err }

// The kinds of ParseError.
var (
	ErrSyntax          = errors.New("syntax error")
	ErrUnknownWord     = errors.New("unknown keyword")
	ErrBadNumber       = errors.New("bad number")
	ErrDuplicateDevice = errors.New("duplicate device")
	ErrUnknownDevice   = errors.New("unknown device")
	ErrBadDuration     = errors.New("bad duration")
	ErrTimeOrder       = errors.New("time goes backwards")
	ErrLimit           = errors.New("limit exceeded")
)

// token is a word or a comma of a statement.
type token struct {
	pos  Pos
	text string
}

// statement is the tokens between two separators (';' or newline).
type statement struct {
	pos    Pos
	tokens []token
}

// maxStatements bounds the number of statements of one text.
const maxStatements = 100000

// lex splits src into statements. Words are runs of bytes other than space,
// tab, CR, newline, ',', ';' and '#'; a ',' is a token of its own; '#'
// starts a comment that runs to the end of the line.
func lex(src string) ([]statement, error) {
	var stmts []statement
	var cur statement
	line, col := 1, 1
	flush := func() error {
		if len(cur.tokens) > 0 {
			if len(stmts) == maxStatements {
				return &ParseError{Pos: cur.pos, Err: ErrLimit, Msg: fmt.Sprintf("more than %d statements", maxStatements)}
			}
			stmts = append(stmts, cur)
		}
		cur = statement{}
		return nil
	}
	add := func(t token) {
		if len(cur.tokens) == 0 {
			cur.pos = t.pos
		}
		cur.tokens = append(cur.tokens, t)
	}
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			if err := flush(); err != nil {
				return nil, err
			}
			i++
			line, col = line+1, 1
			continue
		case c == ';':
			if err := flush(); err != nil {
				return nil, err
			}
		case c == ' ' || c == '\t' || c == '\r':
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			continue
		case c == ',':
			add(token{Pos{line, col}, ","})
		default:
			start, startCol := i, col
			for i < len(src) && !isSep(src[i]) {
				i++
				col++
			}
			add(token{Pos{line, startCol}, src[start:i]})
			continue
		}
		i++
		col++
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return stmts, nil
}

func isSep(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', ',', ';', '#':
		return true
	}
	return false
}

// parser reads the tokens of one statement.
type parser struct {
	st statement
	i  int
}

// end is the position just after the statement's last token.
func (p *parser) end() Pos {
	if len(p.st.tokens) == 0 {
		return p.st.pos
	}
	t := p.st.tokens[len(p.st.tokens)-1]
	return Pos{t.pos.Line, t.pos.Column + len(t.text)}
}

func (p *parser) more() bool { return p.i < len(p.st.tokens) }

// peek returns the next token's text, "" at the end.
func (p *parser) peek() string {
	if p.more() {
		return p.st.tokens[p.i].text
	}
	return ""
}

// pos returns the next token's position, or the end of the statement.
func (p *parser) pos() Pos {
	if p.more() {
		return p.st.tokens[p.i].pos
	}
	return p.end()
}

// next returns the next token, or a syntax error naming what was wanted.
func (p *parser) next(want string) (token, error) {
	if !p.more() {
		return token{}, &ParseError{Pos: p.end(), Err: ErrSyntax, Msg: "missing " + want}
	}
	t := p.st.tokens[p.i]
	p.i++
	return t, nil
}

// word returns the next token, which must not be a comma.
func (p *parser) word(want string) (token, error) {
	t, err := p.next(want)
	if err != nil {
		return t, err
	}
	if t.text == "," {
		return t, &ParseError{Pos: t.pos, Err: ErrSyntax, Msg: "unexpected \",\", want " + want}
	}
	return t, nil
}

// expect consumes the keyword kw.
func (p *parser) expect(kw string) error {
	t, err := p.next("\"" + kw + "\"")
	if err != nil {
		return err
	}
	if t.text != kw {
		return &ParseError{Pos: t.pos, Err: ErrSyntax, Msg: fmt.Sprintf("got %q, want %q", t.text, kw)}
	}
	return nil
}

// accept consumes the keyword kw if it comes next.
func (p *parser) accept(kw string) bool {
	if p.peek() == kw {
		p.i++
		return true
	}
	return false
}

// done reports an error if tokens are left.
func (p *parser) done() error {
	if p.more() {
		t := p.st.tokens[p.i]
		return &ParseError{Pos: t.pos, Err: ErrSyntax, Msg: fmt.Sprintf("unexpected %q", t.text)}
	}
	return nil
}

// number reads a decimal integer in [lo, hi].
func (p *parser) number(want string, lo, hi int) (int, error) {
	t, err := p.word(want)
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(t.text)
	if err != nil || n < lo || n > hi {
		return 0, &ParseError{Pos: t.pos, Err: ErrBadNumber, Msg: fmt.Sprintf("%q is not a %s in %d..%d", t.text, want, lo, hi)}
	}
	return n, nil
}

// validDeviceID reports whether s may name a device: 1 to 64 bytes of
// digits, letters, '*', '+' and '#'-free dial characters.
func validDeviceID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '*', c == '+', c == '.', c == '_', c == '@':
		default:
			return false
		}
	}
	return true
}

// device reads a device ID.
func (p *parser) device(want string) (DeviceID, Pos, error) {
	t, err := p.word(want)
	if err != nil {
		return "", t.pos, err
	}
	if !validDeviceID(t.text) {
		return "", t.pos, &ParseError{Pos: t.pos, Err: ErrSyntax, Msg: fmt.Sprintf("%q is not a device ID", t.text)}
	}
	return DeviceID(t.text), t.pos, nil
}

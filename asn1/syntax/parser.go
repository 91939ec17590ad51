package syntax

import (
	"errors"
	"fmt"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

var (
	fileParser       = participle.MustBuild[ModuleFile](participle.Lexer(Lexer), participle.UseLookahead(participle.MaxLookahead))
	typeParser       = participle.MustBuild[Type](participle.Lexer(Lexer), participle.UseLookahead(participle.MaxLookahead))
	valueParser      = participle.MustBuild[Value](participle.Lexer(Lexer), participle.UseLookahead(participle.MaxLookahead))
	constraintParser = participle.MustBuild[Constraint](participle.Lexer(Lexer), participle.UseLookahead(participle.MaxLookahead))
)

// MaxNesting bounds the bracket nesting the parser accepts, so that hostile
// input cannot exhaust the stack of the recursive-descent parser.
const MaxNesting = 200

// ParseFile parses the ASN.1 text of one file. The error, if any, is an
// ErrorList whose entries carry file:line:col positions.
func ParseFile(filename string, src []byte) (*ModuleFile, error) {
	toks, err := Tokenize(filename, src)
	if err != nil {
		return nil, toErrorList(err)
	}
	if err := checkNesting(toks); err != nil {
		return nil, err
	}
	toks, controls := dropEncodingControl(toks)
	f, err := parseTokens(fileParser, toks)
	if err != nil {
		return nil, toErrorList(err)
	}
	for _, m := range f.Modules {
		m.EncodingControl = controls[m.End.Offset]
	}
	return f, nil
}

// dropEncodingControl removes the ENCODING-CONTROL sections (X.680 13.1:
// "ENCODING-CONTROL encodingreference" and instructions for those encoding
// rules, up to the next section or END). It returns the remaining tokens
// and the encoding references of the sections dropped, keyed by the offset
// of the END that closes them.
func dropEncodingControl(toks []lexer.Token) ([]lexer.Token, map[int][]string) {
	var out []lexer.Token
	var controls map[int][]string
	var names []string
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.Type != TypeRef || t.Value != "ENCODING-CONTROL" || i+1 >= len(toks) || toks[i+1].Type != TypeRef {
			out = append(out, t)
			continue
		}
		if out == nil {
			out = make([]lexer.Token, 0, len(toks))
			out = append(out, toks[:i]...)
		}
		names = append(names, toks[i+1].Value)
		j := i + 2
		for j < len(toks) && !(toks[j].Type == Keyword && toks[j].Value == "END") && !(toks[j].Type == TypeRef && toks[j].Value == "ENCODING-CONTROL") && toks[j].Type != lexer.EOF {
			j++
		}
		if j < len(toks) && toks[j].Value == "END" {
			if controls == nil {
				controls = map[int][]string{}
			}
			controls[toks[j].Pos.Offset] = names
			names = nil
		}
		i = j - 1
	}
	if out == nil {
		return toks, nil
	}
	return out, controls
}

// ParseTypeTokens parses toks (without a trailing EOF) as one Type. The
// resolver uses it for settings of type fields in defined-syntax objects.
func ParseTypeTokens(toks []lexer.Token) (*Type, error) {
	return parseTokens(typeParser, withEOF(toks))
}

// ParseValueTokens parses toks (without a trailing EOF) as one Value.
func ParseValueTokens(toks []lexer.Token) (*Value, error) {
	return parseTokens(valueParser, withEOF(toks))
}

func withEOF(toks []lexer.Token) []lexer.Token {
	out := make([]lexer.Token, len(toks), len(toks)+1)
	copy(out, toks)
	var pos lexer.Position
	if len(toks) > 0 {
		pos = toks[len(toks)-1].Pos
		pos.Column += len(toks[len(toks)-1].Value)
	}
	return append(out, lexer.EOFToken(pos))
}

func parseTokens[G any](p *participle.Parser[G], toks []lexer.Token) (*G, error) {
	peek, err := lexer.Upgrade(&sliceLexer{toks: toks})
	if err != nil {
		return nil, err
	}
	v, err := p.ParseFromLexer(peek)
	if err != nil {
		return nil, err
	}
	if t := peek.Peek(); !t.EOF() {
		return nil, &Error{Pos: t.Pos, Msg: fmt.Sprintf("unexpected %q", t.Value)}
	}
	return v, nil
}

// checkNesting rejects input whose brackets nest deeper than MaxNesting or
// do not balance, before the recursive parser sees it.
func checkNesting(toks []lexer.Token) error {
	var stack []lexer.Token
	closer := map[string]string{"{": "}", "(": ")", "[": "]"}
	for _, t := range toks {
		if t.Type != Punct {
			continue
		}
		switch t.Value {
		case "{", "(", "[":
			if len(stack) >= MaxNesting {
				return ErrorList{&Error{Pos: t.Pos, Msg: fmt.Sprintf("brackets nested deeper than %d", MaxNesting)}}
			}
			stack = append(stack, t)
		case "}", ")", "]":
			if len(stack) == 0 || closer[stack[len(stack)-1].Value] != t.Value {
				if len(stack) == 0 {
					return ErrorList{&Error{Pos: t.Pos, Msg: fmt.Sprintf("unbalanced %q", t.Value)}}
				}
				open := stack[len(stack)-1]
				return ErrorList{&Error{Pos: t.Pos, Msg: fmt.Sprintf("%q does not match %q at %d:%d", t.Value, open.Value, open.Pos.Line, open.Pos.Column)}}
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		open := stack[len(stack)-1]
		return ErrorList{&Error{Pos: open.Pos, Msg: fmt.Sprintf("%q is never closed", open.Value)}}
	}
	return nil
}

// toErrorList converts lexer and participle errors into an ErrorList.
func toErrorList(err error) error {
	var list ErrorList
	if errors.As(err, &list) {
		return list
	}
	var e *Error
	if errors.As(err, &e) {
		return ErrorList{e}
	}
	var pe participle.Error
	if errors.As(err, &pe) {
		return ErrorList{&Error{Pos: pe.Position(), Msg: pe.Message()}}
	}
	return ErrorList{&Error{Msg: err.Error()}}
}

// ParseConstraintTokens parses a braced value set "{ ElementSetSpecs }"
// (X.680 16.7), given as tokens without a trailing EOF, as the constraint
// "( ElementSetSpecs )" it stands for.
func ParseConstraintTokens(toks []lexer.Token) (*Constraint, error) {
	if len(toks) < 2 || toks[0].Value != "{" || toks[len(toks)-1].Value != "}" {
		return nil, fmt.Errorf("a value set must be written in braces")
	}
	cp := make([]lexer.Token, len(toks))
	copy(cp, toks)
	cp[0].Value, cp[len(cp)-1].Value = "(", ")"
	return parseTokens(constraintParser, withEOF(cp))
}

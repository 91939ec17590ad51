package syntax

import (
	"fmt"
	"sort"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
)

// Error is one problem found in ASN.1 source, at a position (go/scanner style).
type Error struct {
	Pos     lexer.Position
	Msg     string
	Warning bool // a warning does not make the input invalid
}

// Error formats the error as "file:line:col: message".
func (e *Error) Error() string {
	kind := ""
	if e.Warning {
		kind = "warning: "
	}
	if e.Pos.Filename == "" && e.Pos.Line == 0 {
		return kind + e.Msg
	}
	return fmt.Sprintf("%s:%d:%d: %s%s", e.Pos.Filename, e.Pos.Line, e.Pos.Column, kind, e.Msg)
}

// Position returns where the error is.
func (e *Error) Position() lexer.Position { return e.Pos }

// Message returns the message without the position.
func (e *Error) Message() string { return e.Msg }

// ErrorList is a list of errors, sortable by position.
type ErrorList []*Error

// Add appends an error at pos.
func (l *ErrorList) Add(pos lexer.Position, format string, args ...any) {
	*l = append(*l, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// Warn appends a warning at pos.
func (l *ErrorList) Warn(pos lexer.Position, format string, args ...any) {
	*l = append(*l, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...), Warning: true})
}

// Sort orders the list by file, line and column.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}

// Errors returns the entries that are not warnings.
func (l ErrorList) Errors() ErrorList {
	var out ErrorList
	for _, e := range l {
		if !e.Warning {
			out = append(out, e)
		}
	}
	return out
}

// Warnings returns the entries that are warnings.
func (l ErrorList) Warnings() ErrorList {
	var out ErrorList
	for _, e := range l {
		if e.Warning {
			out = append(out, e)
		}
	}
	return out
}

// Err returns the list as an error when it holds at least one real error
// (warnings alone do not count), or nil.
func (l ErrorList) Err() error {
	if len(l.Errors()) == 0 {
		return nil
	}
	return l.Errors()
}

// Error returns all messages, one per line.
func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

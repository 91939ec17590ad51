package syntax

import (
	"bytes"
	"io"
	"strconv"
	"strings"
)

// The printer writes the AST back as ASN.1 text in one canonical layout, so
// that printing, parsing and printing again gives the same bytes. Layout
// rules:
//   - four spaces per indentation level, no tabs;
//   - SEQUENCE, SET and CHOICE components and CLASS fields one per line,
//     aligned in columns (name, type, OPTIONAL/DEFAULT) per list, gofmt style;
//   - objects in defined syntax (X.681 11.5) one "WORD setting" per line,
//     settings aligned;
//   - braced groups, enumerations and named-number lists on one line when
//     short, one element per line otherwise;
//   - UNION and INTERSECTION are written "|" and "^" (X.680 50.1 synonyms);
//   - no comments: the lexer drops them, so the AST holds none.

const (
	indentUnit = "    "
	// inlineLimit is the longest braced list (enumeration, named numbers,
	// object set, WITH COMPONENTS ...) printed on one line.
	inlineLimit = 64
	// fillWidth is the line width for filled symbol lists (EXPORTS, IMPORTS).
	fillWidth = 80
)

// Fprint writes every module of f to w in canonical layout, modules
// separated by one empty line.
func Fprint(w io.Writer, f *ModuleFile) error {
	var buf bytes.Buffer
	for i, m := range f.Modules {
		if i > 0 {
			buf.WriteByte('\n')
		}
		buf.Write(FormatModule(m))
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// FormatModule returns the canonical text of one module definition
// (X.680 13.1), ending in a newline.
func FormatModule(m *ModuleDefinition) []byte {
	var b strings.Builder
	b.WriteString(m.Name)
	if m.OID != nil {
		b.WriteString(" ")
		b.WriteString(formatOID(m.OID))
	}
	if m.IRI != "" {
		b.WriteString(" " + m.IRI)
	}
	b.WriteString("\nDEFINITIONS")
	if m.TagDefault != "" {
		b.WriteString(" " + m.TagDefault + " TAGS")
	}
	if m.Extensible {
		b.WriteString(" EXTENSIBILITY IMPLIED")
	}
	b.WriteString(" ::=\nBEGIN\n")
	if m.Exports != nil {
		b.WriteString("\n")
		b.WriteString(formatExports(m.Exports))
	}
	if m.Imports != nil {
		b.WriteString("\n")
		b.WriteString(formatImports(m.Imports))
	}
	for _, a := range m.Assignments {
		b.WriteString("\n")
		b.WriteString(formatAssignment(a))
		b.WriteString("\n")
	}
	b.WriteString("\nEND\n")
	return []byte(b.String())
}

// FormatType returns the canonical text of a type, as it would appear at
// the top level of a module.
func FormatType(t *Type) string { return typ(t, 0) }

// FormatValue returns the canonical text of a value.
func FormatValue(v *Value) string { return value(v, 0) }

// FormatOID returns an OBJECT IDENTIFIER value as "{iso(1) member-body(2) 3}".
func FormatOID(o *ObjIDValue) string { return formatOID(o) }

func formatOID(o *ObjIDValue) string {
	parts := make([]string, len(o.Components))
	for i, c := range o.Components {
		switch {
		case c.Only != nil:
			parts[i] = strconv.FormatInt(*c.Only, 10)
		case c.Number != nil:
			parts[i] = c.Name + "(" + strconv.FormatInt(*c.Number, 10) + ")"
		default:
			parts[i] = c.Name
		}
	}
	return "{" + strings.Join(parts, " ") + "}"
}

func ind(n int) string { return strings.Repeat(indentUnit, n) }

func symbolNames(syms []*Symbol) []string {
	out := make([]string, len(syms))
	for i, s := range syms {
		out[i] = s.Name
		if s.Param {
			out[i] += "{}"
		}
	}
	return out
}

// fill joins words with ", " into lines of at most fillWidth columns; every
// line starts with prefix.
func fill(words []string, prefix string) string {
	var b strings.Builder
	line := prefix
	for i, w := range words {
		if i < len(words)-1 {
			w += ","
		}
		if line != prefix && len(line)+1+len(w) > fillWidth {
			b.WriteString(line + "\n")
			line = prefix
		}
		if line != prefix {
			line += " "
		}
		line += w
	}
	b.WriteString(line)
	return b.String()
}

// formatExports prints X.680 13.13 Exports.
func formatExports(e *Exports) string {
	switch {
	case e.All:
		return "EXPORTS ALL;\n"
	case len(e.Symbols) == 0:
		return "EXPORTS;\n"
	}
	return "EXPORTS\n" + fill(symbolNames(e.Symbols), ind(1)) + ";\n"
}

// formatImports prints X.680 13.16 Imports, one "symbols FROM module" group
// after another.
func formatImports(im *Imports) string {
	if len(im.From) == 0 {
		return "IMPORTS;\n"
	}
	var b strings.Builder
	b.WriteString("IMPORTS\n")
	for i, f := range im.From {
		b.WriteString(fill(symbolNames(f.Symbols), ind(1)))
		b.WriteString("\n" + ind(2) + "FROM " + f.Module)
		if f.OID != nil {
			b.WriteString(" " + formatOID(f.OID))
		}
		if f.Ref != "" {
			b.WriteString(" " + f.Ref)
		}
		if f.Selection != "" {
			b.WriteString(" WITH " + f.Selection)
		}
		if i == len(im.From)-1 {
			b.WriteString(";")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// formatAssignment prints one assignment (X.680 15.1, X.681 9.1, 11.1,
// 12.1, X.683 8.1).
func formatAssignment(a *Assignment) string {
	var b strings.Builder
	b.WriteString(a.Name)
	if len(a.Params) > 0 {
		ps := make([]string, len(a.Params))
		for i, p := range a.Params {
			ps[i] = p.Reference
			if p.Governor != nil {
				ps[i] = typ(p.Governor, 0) + ": " + p.Reference
			}
		}
		b.WriteString("{" + strings.Join(ps, ", ") + "}")
	}
	if a.Governor != nil {
		b.WriteString(" " + typ(a.Governor, 0))
	}
	b.WriteString(" ::= ")
	switch {
	case a.Class != nil:
		b.WriteString(class(a.Class))
	case a.Type != nil:
		b.WriteString(typ(a.Type, 0))
	case a.Value != nil:
		if a.Value.Braced != nil && isClassRef(a.Governor) {
			b.WriteString(object(a.Value.Braced, 0))
		} else {
			b.WriteString(value(a.Value, 0))
		}
	}
	return b.String()
}

// isClassRef reports whether t is a plain reference written like an
// objectclassreference (X.681 7.1: upper-case letters, digits, hyphens).
func isClassRef(t *Type) bool {
	if t == nil || t.Ref == nil || t.Tag != nil || len(t.Ref.Dotted) > 0 || t.Ref.Actuals != nil {
		return false
	}
	return strings.ToUpper(t.Ref.Name) == t.Ref.Name
}

// row is one line of an aligned list: name, middle column, suffix.
type row struct {
	text   string // a row printed as is (extension marker, COMPONENTS OF, ...)
	name   string
	middle string
	suffix string
}

// rows prints aligned rows at indentation level n, separated by commas.
func rows(rs []row, n int) string {
	nameW, midW := 0, 0
	for _, r := range rs {
		if r.text != "" {
			continue
		}
		nameW = max(nameW, len(r.name))
		if r.suffix != "" && !strings.Contains(r.middle, "\n") {
			midW = max(midW, len(r.middle))
		}
	}
	var b strings.Builder
	for i, r := range rs {
		b.WriteString(ind(n))
		if r.text != "" {
			b.WriteString(r.text)
		} else {
			line := r.name
			if r.middle != "" || r.suffix != "" {
				line += strings.Repeat(" ", nameW-len(r.name)+1)
			}
			line += r.middle
			if r.suffix != "" {
				pad := 1
				if !strings.Contains(r.middle, "\n") {
					pad = midW - len(r.middle) + 1
				}
				if r.middle == "" {
					pad = 0
				}
				line += strings.Repeat(" ", pad) + r.suffix
			}
			b.WriteString(line)
		}
		if i < len(rs)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// class prints an ObjectClassDefn with its WITH SYNTAX list (X.681 9.3, 10.5).
func class(c *ClassDefinition) string {
	rs := make([]row, len(c.Fields))
	for i, f := range c.Fields {
		r := row{name: f.Name}
		if f.Type != nil {
			r.middle = typ(f.Type, 1)
		}
		if f.TypeFrom != "" {
			r.middle = f.TypeFrom
		}
		if f.Unique {
			r.middle = strings.TrimPrefix(r.middle+" UNIQUE", " ")
		}
		switch {
		case f.Optional:
			r.suffix = "OPTIONAL"
		case f.Default != nil:
			r.suffix = "DEFAULT " + value(f.Default, 1)
		}
		rs[i] = r
	}
	s := "CLASS {\n" + rows(rs, 1) + "}"
	if len(c.Syntax) == 0 {
		return s
	}
	var lines []string
	cur := ""
	prevBreaks := false // the previous item ends a "WORD setting" phrase
	for _, t := range c.Syntax {
		text := syntaxToken(t)
		switch {
		case cur == "":
			cur = text
		case t.Literal == ",":
			cur += ","
		case t.Optional != nil || (t.Literal != "" && prevBreaks):
			lines = append(lines, cur)
			cur = text
		default:
			cur += " " + text
		}
		prevBreaks = t.Optional != nil || t.Field != ""
	}
	lines = append(lines, cur)
	return s + "\nWITH SYNTAX {\n" + ind(1) + strings.Join(lines, "\n"+ind(1)) + "\n}"
}

func syntaxToken(t *SyntaxToken) string {
	switch {
	case t.Optional != nil:
		s := ""
		for i, o := range t.Optional {
			if i > 0 && o.Literal != "," {
				s += " "
			}
			s += syntaxToken(o)
		}
		return "[" + s + "]"
	case t.Field != "":
		return t.Field
	}
	return t.Literal
}

// typ prints a type whose closing braces sit at indentation level n.
func typ(t *Type, n int) string {
	var b strings.Builder
	if t.Tag != nil {
		b.WriteString("[")
		if t.Tag.Class != "" {
			b.WriteString(t.Tag.Class + " ")
		}
		if t.Tag.Number != nil {
			b.WriteString(strconv.FormatInt(*t.Tag.Number, 10))
		} else {
			b.WriteString(t.Tag.Value)
		}
		b.WriteString("] ")
	}
	if t.Mode != "" {
		b.WriteString(t.Mode + " ")
	}
	switch {
	case t.Builtin != nil:
		b.WriteString(builtin(t.Builtin, n))
	case t.Ref != nil:
		b.WriteString(typeRef(t.Ref, n))
	}
	for _, c := range t.Constraints {
		b.WriteString(" " + constraint(c, n))
	}
	return b.String()
}

func typeRef(r *TypeReference, n int) string {
	s := r.Name
	if r.Module != "" {
		s = r.Module + "." + s
	}
	for _, d := range r.Dotted {
		s += "." + d
	}
	if r.Actuals != nil {
		s += group(r.Actuals, n)
	}
	return s
}

func builtin(b *BuiltinType, n int) string {
	switch {
	case b.Sequence != nil:
		return "SEQUENCE " + components(b.Sequence.Components, n)
	case b.SequenceOf != nil:
		return "SEQUENCE " + collectionOf(b.SequenceOf, n)
	case b.Set != nil:
		return "SET " + components(b.Set.Components, n)
	case b.SetOf != nil:
		return "SET " + collectionOf(b.SetOf, n)
	case b.Choice != nil:
		return "CHOICE " + components(b.Choice.Components, n)
	case b.Enumerated != nil:
		items := make([]string, len(b.Enumerated.Items))
		for i, it := range b.Enumerated.Items {
			switch {
			case it.Extension && it.Exception != nil:
				items[i] = "... ! " + exception(it.Exception, n+1)
			case it.Extension:
				items[i] = "..."
			case it.Number != nil:
				items[i] = it.Name + "(" + signed(it.Number) + ")"
			case it.Ref != "":
				items[i] = it.Name + "(" + it.Ref + ")"
			default:
				items[i] = it.Name
			}
		}
		return "ENUMERATED " + list(items, n)
	case b.Integer != nil:
		if len(b.Integer.Named) == 0 {
			return "INTEGER"
		}
		return "INTEGER " + list(namedNumbers(b.Integer.Named), n)
	case b.BitString != nil:
		if len(b.BitString.Named) == 0 {
			return "BIT STRING"
		}
		return "BIT STRING " + list(namedNumbers(b.BitString.Named), n)
	case b.Selection != nil:
		return b.Selection.Name + " < " + typ(b.Selection.Type, n)
	case b.Any != nil:
		if b.Any.DefinedBy != "" {
			return "ANY DEFINED BY " + b.Any.DefinedBy
		}
		return "ANY"
	case b.Simple != "":
		return b.Simple
	case b.OctetStr:
		return "OCTET STRING"
	case b.ObjectID:
		return "OBJECT IDENTIFIER"
	case b.Embedded:
		return "EMBEDDED PDV"
	case b.CharString:
		return "CHARACTER STRING"
	case b.InstanceOf != "":
		return "INSTANCE OF " + b.InstanceOf
	}
	return ""
}

func namedNumbers(nn []*NamedNumber) []string {
	out := make([]string, len(nn))
	for i, x := range nn {
		if x.Value != nil {
			out[i] = x.Name + "(" + signed(x.Value) + ")"
		} else {
			out[i] = x.Name + "(" + x.Ref + ")"
		}
	}
	return out
}

func signed(s *SignedNumber) string {
	if s.Neg {
		return "-" + s.Value
	}
	return s.Value
}

// list prints a braced, comma-separated list on one line when it is short,
// else one element per line.
func list(items []string, n int) string {
	inline := "{" + strings.Join(items, ", ") + "}"
	if len(inline) <= inlineLimit && !strings.Contains(inline, "\n") {
		return inline
	}
	return "{\n" + ind(n+1) + strings.Join(items, ",\n"+ind(n+1)) + "\n" + ind(n) + "}"
}

// components prints the body of SEQUENCE, SET or CHOICE (X.680 25, 27, 29).
func components(cs []*ComponentType, n int) string {
	if len(cs) == 0 {
		return "{}"
	}
	return "{\n" + rows(componentRows(cs, n+1), n+1) + ind(n) + "}"
}

// componentRows builds the aligned rows of a component list printed at
// indentation level n.
func componentRows(cs []*ComponentType, n int) []row {
	rs := make([]row, len(cs))
	for i, c := range cs {
		switch {
		case c.Extension && c.Exception != nil:
			rs[i] = row{text: "... ! " + exception(c.Exception, n)}
		case c.Extension:
			rs[i] = row{text: "..."}
		case c.Group != nil:
			head := "[["
			if c.Group.Version != nil {
				head += strconv.FormatInt(*c.Group.Version, 10) + ":"
			}
			rs[i] = row{text: head + "\n" + rows(componentRows(c.Group.Components, n+1), n+1) + ind(n) + "]]"}
		case c.ComponentsOf != nil:
			rs[i] = row{text: "COMPONENTS OF " + typ(c.ComponentsOf, n)}
		default:
			r := row{name: c.Name, middle: typ(c.Type, n)}
			switch {
			case c.Optional:
				r.suffix = "OPTIONAL"
			case c.Default != nil:
				r.suffix = "DEFAULT " + value(c.Default, n)
			}
			rs[i] = r
		}
	}
	return rs
}

// collectionOf prints the tail of SEQUENCE OF / SET OF (X.680 26, 28, 50.5).
func collectionOf(c *CollectionOf, n int) string {
	s := ""
	switch {
	case c.Constraint != nil:
		s = constraint(c.Constraint, n) + " "
	case c.Size != nil:
		s = "SIZE " + constraint(c.Size, n) + " "
	}
	s += "OF "
	if c.Name != "" {
		s += c.Name + " "
	}
	return s + typ(c.Element, n)
}

// constraint prints "(" ConstraintSpec ExceptionSpec ")" (X.680 49.1).
func constraint(c *Constraint, n int) string {
	s := "("
	switch {
	case c.General != nil:
		s += "CONSTRAINED BY " + group(c.General.Body, n)
	case c.Set != nil:
		s += elementSetSpecs(c.Set, n)
	}
	if c.Exception != nil {
		s += " ! " + exception(c.Exception, n)
	}
	return s + ")"
}

func exception(e *ExceptionSpec, n int) string {
	if e.Type != "" {
		return e.Type + ": " + value(e.Value, n)
	}
	return value(e.Plain, n)
}

func elementSetSpecs(e *ElementSetSpecs, n int) string {
	if e.OnlyExt {
		return "..."
	}
	s := elementSetSpec(e.Root, n)
	if e.Extension {
		s += ", ..."
		if e.Additions != nil {
			s += ", " + elementSetSpec(e.Additions, n)
		}
	}
	return s
}

func elementSetSpec(e *ElementSetSpec, n int) string {
	if e.AllExcept != nil {
		return "ALL EXCEPT " + elements(e.AllExcept, n)
	}
	us := make([]string, len(e.Unions))
	for i, u := range e.Unions {
		is := make([]string, len(u.Elements))
		for j, x := range u.Elements {
			is[j] = elements(x.Elems, n)
			if x.Except != nil {
				is[j] += " EXCEPT " + elements(x.Except, n)
			}
		}
		us[i] = strings.Join(is, " ^ ")
	}
	return strings.Join(us, " | ")
}

// elements prints X.680 50.5 Elements and the subtype elements of 51.
func elements(e *Elements, n int) string {
	switch {
	case e.Nested != nil:
		return "(" + elementSetSpec(e.Nested, n) + ")"
	case e.Size != nil:
		return "SIZE " + constraint(e.Size, n)
	case e.From != nil:
		return "FROM " + constraint(e.From, n)
	case e.WithComponent != nil:
		return "WITH COMPONENT " + constraint(e.WithComponent, n)
	case e.WithComponents != nil:
		return "WITH COMPONENTS " + group(e.WithComponents, n)
	case e.Pattern != nil:
		return "PATTERN " + value(e.Pattern, n)
	case e.Containing != nil:
		s := "CONTAINING " + typ(e.Containing, n)
		if e.EncodedBy != nil {
			s += " ENCODED BY " + value(e.EncodedBy, n)
		}
		return s
	case e.EncodedOnly != nil:
		return "ENCODED BY " + value(e.EncodedOnly, n)
	case e.Table != nil:
		s := group(e.Table.Set, n)
		if e.Table.AtNotation != nil {
			s += group(e.Table.AtNotation, n)
		}
		return s
	case e.Range != nil:
		r := e.Range
		s := value(r.Lower, n)
		if r.Upper == nil {
			return s
		}
		if r.LowerOpen {
			s += "<"
		}
		s += ".."
		if r.UpperOpen {
			s += "<"
		}
		return s + value(r.Upper, n)
	case e.Includes != nil:
		return "INCLUDES " + typ(e.Includes, n)
	case e.TypeElem != nil:
		return typ(e.TypeElem, n)
	}
	return ""
}

// value prints X.680 17.7 Value.
func value(v *Value, n int) string {
	switch {
	case v.Braced != nil:
		return group(v.Braced, n)
	case v.Choice != nil:
		return v.Choice.Name + ": " + value(v.Choice.Value, n)
	case v.Number != nil:
		return signed(v.Number)
	case v.Real != "":
		return v.Real
	case v.Keyword != "":
		return v.Keyword
	case v.CString != "":
		return v.CString
	case v.BString != "":
		return v.BString
	case v.HString != "":
		return v.HString
	case v.Ref != nil:
		s := v.Ref.Name
		if v.Ref.Module != "" {
			s = v.Ref.Module + "." + s
		}
		if v.Ref.Actuals != nil {
			s += group(v.Ref.Actuals, n)
		}
		for _, d := range v.Ref.Dotted {
			s += "." + d
		}
		return s
	}
	return ""
}

// An item is one printed element of a token group: a token, or a nested
// group already printed.
type item struct {
	text  string
	group bool
}

func groupItems(g *Group, n int) []item {
	out := make([]item, len(g.Items))
	for i, it := range g.Items {
		if it.Group != nil {
			out[i] = item{text: group(it.Group, n), group: true}
		} else {
			out[i] = item{text: it.Token}
		}
	}
	return out
}

// group prints a balanced token group: on one line when short or when it
// has no top-level "," or "|" to break at, else one element per line.
func group(g *Group, n int) string {
	items := groupItems(g, n+1)
	inline := "{" + join(items) + "}"
	if len(inline) <= inlineLimit && !strings.Contains(inline, "\n") {
		return inline
	}
	var lines [][]item
	var cur []item
	for _, it := range items {
		cur = append(cur, it)
		if !it.group && (it.text == "," || it.text == "|") {
			lines = append(lines, cur)
			cur = nil
		}
	}
	if len(lines) == 0 {
		// Nothing to break at: print the items again, nested groups one
		// level shallower, so the closing brace lines up.
		return "{" + join(groupItems(g, n)) + "}"
	}
	if len(cur) > 0 {
		lines = append(lines, cur)
	}
	var b strings.Builder
	b.WriteString("{\n")
	for _, l := range lines {
		b.WriteString(ind(n+1) + join(l) + "\n")
	}
	b.WriteString(ind(n) + "}")
	return b.String()
}

// object prints an object in defined syntax (X.681 11.5), one
// "WORD setting" phrase per line with the settings aligned. A word is a
// token of upper-case letters and hyphens that X.681 10.6 allows as a word.
func object(g *Group, n int) string {
	items := groupItems(g, n+1)
	type phrase struct{ words, setting []item }
	var ps []phrase
	for i, it := range items {
		w := !it.group && isWord(it.text)
		if w && (i == 0 || len(ps[len(ps)-1].setting) > 0) {
			ps = append(ps, phrase{})
		}
		if len(ps) == 0 {
			ps = append(ps, phrase{})
		}
		p := &ps[len(ps)-1]
		if w && len(p.setting) == 0 {
			p.words = append(p.words, it)
		} else {
			p.setting = append(p.setting, it)
		}
	}
	if len(ps) < 2 {
		return group(g, n)
	}
	wordW := 0
	for _, p := range ps {
		if len(p.setting) > 0 {
			wordW = max(wordW, len(join(p.words)))
		}
	}
	var b strings.Builder
	b.WriteString("{\n")
	for _, p := range ps {
		line := join(p.words)
		if len(p.setting) > 0 {
			if line != "" {
				line += strings.Repeat(" ", wordW-len(line)+1)
			}
			line += join(p.setting)
		}
		b.WriteString(ind(n+1) + line + "\n")
	}
	b.WriteString(ind(n) + "}")
	return b.String()
}

// notWords are reserved words that X.681 10.6 excludes from "word".
var notWords = map[string]bool{
	"BIT": true, "BOOLEAN": true, "CHARACTER": true, "CHOICE": true, "EMBEDDED": true,
	"END": true, "ENUMERATED": true, "EXTERNAL": true, "FALSE": true, "INSTANCE": true,
	"INTEGER": true, "INTERSECTION": true, "MINUS-INFINITY": true, "NULL": true,
	"OBJECT": true, "OCTET": true, "PLUS-INFINITY": true, "REAL": true,
	"RELATIVE-OID": true, "SEQUENCE": true, "SET": true, "TRUE": true, "UNION": true,
}

func isWord(s string) bool {
	if s == "" || notWords[s] || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 'A' || c > 'Z') && c != '-' {
			return false
		}
	}
	return true
}

// join prints items with the token spacing of the canonical layout: no
// space inside brackets, before "," ";" ":" or around "." and "..", one
// space elsewhere; never a join that would lex differently.
func join(items []item) string {
	var b strings.Builder
	prev := ""
	for i, it := range items {
		first := it.text
		if it.group {
			first = "{"
		}
		if i > 0 && needSpace(prev, first) && !namedNumber(items, i) && !(it.group && isParameterized(items[i-1])) {
			b.WriteByte(' ')
		}
		b.WriteString(it.text)
		prev = it.text
		if it.group {
			prev = "}"
		}
	}
	return b.String()
}

// namedNumber reports whether items[i] opens the "(n)" of a named number or
// OID arc such as "ds(5)", written without a space.
func namedNumber(items []item, i int) bool {
	if items[i].text != "(" || i+2 >= len(items) || items[i+1].group || items[i+2].text != ")" {
		return false
	}
	p := items[i-1].text
	return !items[i-1].group && p[0] >= 'a' && p[0] <= 'z'
}

// isParameterized reports whether a group following it is its actual
// parameter list: it is a reference (not a defined-syntax word, not a
// keyword), so "Forward{{ops}}" is written like "ROS{...}" in a type.
func isParameterized(it item) bool {
	if it.group || !isLetter(it.text[0]) {
		return false
	}
	return strings.ToUpper(it.text) != it.text
}

func needSpace(prev, next string) bool {
	space := true
	switch prev {
	case "{", "(", "[", "@", ".", "..", "-":
		space = false
	}
	switch next {
	case "}", ")", "]", ",", ";", ":", ".", "..":
		space = false
	}
	if space {
		return true
	}
	// Guard against joins that the lexer would read differently.
	a, z := prev[len(prev)-1], next[0]
	switch {
	case isLetter(a) || isDigit(a):
		return isLetter(z) || isDigit(z)
	case a == '-' && z == '-', a == '.' && z == '.', a == ':' && z == ':':
		return true
	case prev == "." && isDigit(z):
		return true
	}
	return false
}

package erlang

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/cstagen/cstagen/asn1"
	"github.com/cstagen/cstagen/asn1/syntax"
)

// RewriteKind says what one rewrite changed.
type RewriteKind uint8

// The rewrites. ImplicitChoice and ImportName are the two rewrites
// schema-facts.md names; UntaggedCopy, ExportSymbol and ImportSymbol are the
// declarations that make an ImplicitChoice rewrite's new type visible.
const (
	// ImplicitChoice replaces "[n] IMPLICIT T", T a tagged CHOICE, by
	// "[n] TUntagged" (X.680 31.2.7, X.690 8.14: same octets).
	ImplicitChoice RewriteKind = iota + 1
	// UntaggedCopy adds "TUntagged ::= CHOICE {...}" (T's alternatives,
	// copied verbatim) to the module that defines T.
	UntaggedCopy
	// ExportSymbol adds TUntagged to the EXPORTS list of T's module.
	ExportSymbol
	// ImportSymbol adds TUntagged to the IMPORTS list naming T.
	ImportSymbol
	// ImportName replaces an import's module name by the name of the module
	// its object identifier identifies (X.680 13.16: the OID, when given,
	// identifies the module).
	ImportName
)

func (k RewriteKind) String() string {
	switch k {
	case ImplicitChoice:
		return "implicit-choice"
	case UntaggedCopy:
		return "untagged-copy"
	case ExportSymbol:
		return "export-symbol"
	case ImportSymbol:
		return "import-symbol"
	case ImportName:
		return "import-name"
	}
	return fmt.Sprintf("RewriteKind(%d)", uint8(k))
}

// Rewrite is one change made to a module's text.
type Rewrite struct {
	Kind   RewriteKind
	Module string // the module whose text changed
	File   string // its source file
	Line   int    // 1-based line in the source file (for UntaggedCopy: the line of END)
	Before string // the source line, trimmed ("" for UntaggedCopy)
	After  string // the rewritten line, trimmed (UntaggedCopy: the added assignment)
}

func (r Rewrite) String() string {
	if r.Kind == UntaggedCopy {
		return fmt.Sprintf("%s:%d: %s %s: added %q", filepath.Base(r.File), r.Line, r.Module, r.Kind, r.After)
	}
	return fmt.Sprintf("%s:%d: %s %s: %q -> %q", filepath.Base(r.File), r.Line, r.Module, r.Kind, r.Before, r.After)
}

// untaggedSuffix names the untagged copy of a tagged CHOICE.
const untaggedSuffix = "Untagged"

// source is one input file with its parse tree and tokens.
type source struct {
	name string
	src  []byte
	ast  *syntax.ModuleFile
	toks []lexer.Token
	// byOffset indexes toks by byte offset.
	byOffset map[int]int
	edits    []edit
}

// edit replaces src[start:end] by text.
type edit struct {
	start, end int
	text       string
	rw         *Rewrite // the rewrite this edit records (nil: none)
}

// rewriter applies the oracle's rewrites to a set of modules, guided by
// the resolved model.
type rewriter struct {
	model   *asn1.Model
	sources map[string]*source                  // by file name
	mods    map[string]*syntax.ModuleDefinition // by module name
	modFile map[string]*source                  // by module name
	// syntaxTypes maps "file:offset" to the written type at that place.
	syntaxTypes map[string]*syntax.Type
	assigns     map[string]*syntax.Assignment // "file:offset" of an assignment
	rewrites    []*Rewrite
	// untagged records the copies already added: qualified name of T -> TUntagged.
	untagged map[string]string
	imported map[string]bool // "module\x00TUntagged" already imported
}

func posKey(file string, off int) string { return fmt.Sprintf("%s:%d", file, off) }

// readSources reads every *.asn1 / *.asn file of the directories (or the
// files themselves) named by srcDirs, sorted by path.
func readSources(srcDirs []string) ([]asn1.File, error) {
	var paths []string
	for _, d := range srcDirs {
		fi, err := os.Stat(d)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			paths = append(paths, d)
			continue
		}
		ents, err := os.ReadDir(d)
		if err != nil {
			return nil, err
		}
		for _, e := range ents {
			n := e.Name()
			if e.IsDir() || !(strings.HasSuffix(n, ".asn1") || strings.HasSuffix(n, ".asn")) {
				continue
			}
			paths = append(paths, filepath.Join(d, n))
		}
	}
	sort.Strings(paths)
	files := make([]asn1.File, 0, len(paths))
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		files = append(files, asn1.File{Name: p, Src: src})
	}
	return files, nil
}

// rewriteModules resolves files and returns each module's rewritten text
// and source file (by module name) and the rewrites applied.
func rewriteModules(files []asn1.File) (texts map[string][]byte, origin map[string]string, _ []Rewrite, _ error) {
	model, err := asn1.Compile(files, nil)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%w: %v", ErrSchema, err)
	}
	rw := &rewriter{
		model:       model,
		sources:     map[string]*source{},
		mods:        map[string]*syntax.ModuleDefinition{},
		modFile:     map[string]*source{},
		syntaxTypes: map[string]*syntax.Type{},
		assigns:     map[string]*syntax.Assignment{},
		untagged:    map[string]string{},
		imported:    map[string]bool{},
	}
	for _, f := range files {
		ast, err := syntax.ParseFile(f.Name, f.Src)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("%w: %v", ErrSchema, err)
		}
		toks, err := syntax.Tokenize(f.Name, f.Src)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("%w: %v", ErrSchema, err)
		}
		s := &source{name: f.Name, src: f.Src, ast: ast, toks: toks, byOffset: make(map[int]int, len(toks))}
		for i, t := range toks {
			s.byOffset[t.Pos.Offset] = i
		}
		rw.sources[f.Name] = s
		for _, m := range ast.Modules {
			rw.mods[m.Name] = m
			rw.modFile[m.Name] = s
			for _, a := range m.Assignments {
				rw.assigns[posKey(f.Name, a.Pos.Offset)] = a
				if a.Type != nil {
					rw.indexType(f.Name, a.Type)
				}
				if a.Governor != nil {
					rw.indexType(f.Name, a.Governor)
				}
			}
		}
	}
	if err := rw.importNames(); err != nil {
		return nil, nil, nil, err
	}
	if err := rw.implicitChoices(); err != nil {
		return nil, nil, nil, err
	}
	texts, origin = map[string][]byte{}, map[string]string{}
	for _, m := range model.Modules {
		s := rw.modFile[m.Name]
		md := rw.mods[m.Name]
		text, err := s.moduleText(md)
		if err != nil {
			return nil, nil, nil, err
		}
		texts[m.Name] = text
		origin[m.Name] = s.name
	}
	list := make([]Rewrite, len(rw.rewrites))
	for i, r := range rw.rewrites {
		list[i] = *r
	}
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].Module != list[j].Module {
			return list[i].Module < list[j].Module
		}
		return list[i].Line < list[j].Line
	})
	return texts, origin, list, nil
}

// indexType records every written type under t by position.
func (rw *rewriter) indexType(file string, t *syntax.Type) {
	if t == nil {
		return
	}
	rw.syntaxTypes[posKey(file, t.Pos.Offset)] = t
	b := t.Builtin
	if b == nil {
		return
	}
	for _, cl := range []*syntax.ComponentList{b.Sequence, b.Set, b.Choice} {
		if cl == nil {
			continue
		}
		rw.indexComponents(file, cl.Components)
	}
	for _, co := range []*syntax.CollectionOf{b.SequenceOf, b.SetOf} {
		if co != nil {
			rw.indexType(file, co.Element)
		}
	}
	if b.Selection != nil {
		rw.indexType(file, b.Selection.Type)
	}
}

func (rw *rewriter) indexComponents(file string, cs []*syntax.ComponentType) {
	for _, c := range cs {
		switch {
		case c.Group != nil:
			rw.indexComponents(file, c.Group.Components)
		case c.ComponentsOf != nil:
			rw.indexType(file, c.ComponentsOf)
		case c.Type != nil:
			rw.indexType(file, c.Type)
		}
	}
}

// modelTypes returns every type of the model reachable from type
// assignments, instances, value and object definitions, without repeats.
func modelTypes(m *asn1.Model) []*asn1.Type {
	seen := map[*asn1.Type]bool{}
	var out []*asn1.Type
	var walk func(t *asn1.Type)
	walk = func(t *asn1.Type) {
		if t == nil || seen[t] {
			return
		}
		seen[t] = true
		out = append(out, t)
		for _, c := range t.Components {
			walk(c.Type)
		}
		walk(t.Elem)
	}
	for _, mod := range m.Modules {
		for _, td := range mod.Types {
			walk(td.Type)
		}
		for _, td := range mod.Instances {
			walk(td.Type)
		}
		for _, vd := range mod.Values {
			walk(vd.Type)
		}
		for _, c := range mod.Classes {
			for _, f := range c.Fields {
				walk(f.Type)
			}
		}
		for _, o := range mod.Objects {
			keys := make([]string, 0, len(o.Types))
			for k := range o.Types {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				walk(o.Types[k])
			}
		}
	}
	return out
}

// implicitChoices finds every "[n] IMPLICIT T" whose resolved type is a
// CHOICE (legal only when T is a tagged CHOICE, X.680 31.2.7) and rewrites
// it to "[n] TUntagged", adding TUntagged where needed.
func (rw *rewriter) implicitChoices() error {
	type site struct {
		t  *asn1.Type
		st *syntax.Type
		s  *source
	}
	var sites []site
	for _, t := range modelTypes(rw.model) {
		if t.Kind != asn1.KindChoice || t.Ref == nil || t.Pos.Filename == "" {
			continue
		}
		st := rw.syntaxTypes[posKey(t.Pos.Filename, t.Pos.Offset)]
		if st == nil || st.Tag == nil || st.Mode != "IMPLICIT" || st.Ref == nil {
			continue
		}
		sites = append(sites, site{t, st, rw.sources[t.Pos.Filename]})
	}
	// The model may hold one written type more than once (parameterized
	// instances); rewrite each place once, in source order.
	sort.Slice(sites, func(i, j int) bool {
		if sites[i].s.name != sites[j].s.name {
			return sites[i].s.name < sites[j].s.name
		}
		return sites[i].st.Pos.Offset < sites[j].st.Pos.Offset
	})
	done := map[string]bool{}
	for _, x := range sites {
		k := posKey(x.s.name, x.st.Pos.Offset)
		if done[k] {
			continue
		}
		done[k] = true
		if err := rw.rewriteSite(x.s, x.st, x.t); err != nil {
			return err
		}
	}
	return nil
}

// moduleAt returns the module definition of s containing offset off.
func (s *source) moduleAt(off int) *syntax.ModuleDefinition {
	for _, m := range s.ast.Modules {
		if off >= m.Pos.Offset && off <= s.endOffset(m) {
			return m
		}
	}
	return nil
}

// endOffset returns the offset of md's closing END: the last END keyword
// before the next module of the file.
func (s *source) endOffset(md *syntax.ModuleDefinition) int {
	limit := len(s.src)
	for _, m := range s.ast.Modules {
		if m.Pos.Offset > md.Pos.Offset && m.Pos.Offset < limit {
			limit = m.Pos.Offset
		}
	}
	end := -1
	for _, t := range s.toks {
		if t.Pos.Offset >= limit {
			break
		}
		if t.Pos.Offset >= md.Pos.Offset && t.Type == syntax.Keyword && t.Value == "END" {
			end = t.Pos.Offset
		}
	}
	return end
}

func (rw *rewriter) rewriteSite(s *source, st *syntax.Type, t *asn1.Type) error {
	useMod := s.moduleAt(st.Pos.Offset)
	if useMod == nil {
		return fmt.Errorf("%w: %s: no module around this place", ErrRewrite, st.Pos)
	}
	td := t.Ref
	defSrc := rw.modFile[td.Module.Name]
	a := rw.assigns[posKey(td.Pos.Filename, td.Pos.Offset)]
	if defSrc == nil || a == nil || a.Type == nil || a.Type.Builtin == nil || a.Type.Builtin.Choice == nil || a.Type.Tag == nil {
		return fmt.Errorf("%w: %s: IMPLICIT tag on %s, which is not written as \"[tag] CHOICE {...}\"", ErrRewrite, st.Pos, td.QualifiedName())
	}
	if len(st.Ref.Dotted) > 0 || st.Ref.Actuals != nil {
		return fmt.Errorf("%w: %s: IMPLICIT tag on a qualified or parameterized reference", ErrRewrite, st.Pos)
	}
	name, err := rw.untaggedCopy(td, a, defSrc)
	if err != nil {
		return err
	}
	// "[n] IMPLICIT T" -> "[n] TUntagged": replace from IMPLICIT to the end of T.
	i, ok := s.byOffset[st.Tag.Pos.Offset]
	if !ok {
		return fmt.Errorf("%w: %s: no token at the tag", ErrRewrite, st.Pos)
	}
	for i < len(s.toks) && s.toks[i].Value != "]" {
		i++
	}
	i++
	if i >= len(s.toks) || s.toks[i].Value != "IMPLICIT" {
		return fmt.Errorf("%w: %s: expected IMPLICIT after the tag", ErrRewrite, st.Pos)
	}
	refTok, ok := s.byOffset[st.Ref.Pos.Offset]
	if !ok || s.toks[refTok].Value != st.Ref.Name {
		return fmt.Errorf("%w: %s: no token at the type reference", ErrRewrite, st.Pos)
	}
	repl := name
	if useMod.TagDefault != "" {
		// Under IMPLICIT or AUTOMATIC TAGS a tag on an untagged CHOICE is
		// still explicit (X.680 31.2.7 c); say so for the reader.
		repl = "EXPLICIT " + name
	}
	start := s.toks[i].Pos.Offset
	end := s.toks[refTok].Pos.Offset + len(st.Ref.Name)
	s.add(edit{start: start, end: end, text: repl, rw: rw.record(ImplicitChoice, useMod.Name, s, start, "")})

	if useMod.Name != td.Module.Name {
		return rw.importSymbol(s, useMod, td, name)
	}
	return nil
}

// untaggedCopy adds (once) "TUntagged ::= CHOICE {...}" to T's module and
// exports it when the module has an explicit export list.
func (rw *rewriter) untaggedCopy(td *asn1.TypeDef, a *syntax.Assignment, s *source) (string, error) {
	if n, ok := rw.untagged[td.QualifiedName()]; ok {
		return n, nil
	}
	md := rw.mods[td.Module.Name]
	name := td.Name + untaggedSuffix
	for n := 2; hasAssignment(md, name); n++ {
		name = fmt.Sprintf("%s%s%d", td.Name, untaggedSuffix, n)
	}
	// Copy "CHOICE { ... }" verbatim (comments included) from the source.
	i, ok := s.byOffset[a.Type.Builtin.Pos.Offset]
	if !ok || s.toks[i].Value != "CHOICE" {
		return "", fmt.Errorf("%w: %s: no CHOICE token", ErrRewrite, a.Pos)
	}
	j, depth := i+1, 0
	for ; j < len(s.toks); j++ {
		switch s.toks[j].Value {
		case "{":
			depth++
		case "}":
			depth--
		}
		if depth == 0 {
			break
		}
	}
	if j >= len(s.toks) {
		return "", fmt.Errorf("%w: %s: unbalanced CHOICE body", ErrRewrite, a.Pos)
	}
	body := string(s.src[s.toks[i].Pos.Offset : s.toks[j].Pos.Offset+1])
	text := fmt.Sprintf("-- Added by the cstagen Erlang oracle: %s without its tag, for \"[n] IMPLICIT %s\".\n%s ::= %s\n\n",
		td.Name, td.Name, name, body)
	endOff := s.endOffset(md)
	if endOff < 0 {
		return "", fmt.Errorf("%w: module %s has no END", ErrRewrite, md.Name)
	}
	r := rw.record(UntaggedCopy, md.Name, s, endOff, strings.TrimSpace(name+" ::= "+body))
	s.add(edit{start: endOff, end: endOff, text: text, rw: r})
	rw.untagged[td.QualifiedName()] = name

	if md.Exports != nil && !md.Exports.All && len(md.Exports.Symbols) > 0 {
		sym := findSymbol(md.Exports.Symbols, td.Name)
		if sym == nil {
			return "", fmt.Errorf("%w: %s does not export %s", ErrRewrite, md.Name, td.Name)
		}
		off := sym.Pos.Offset + len(sym.Name)
		s.add(edit{start: off, end: off, text: ", " + name, rw: rw.record(ExportSymbol, md.Name, s, off, "")})
	}
	return name, nil
}

// importSymbol adds name next to td's symbol in useMod's IMPORTS.
func (rw *rewriter) importSymbol(s *source, useMod *syntax.ModuleDefinition, td *asn1.TypeDef, name string) error {
	k := useMod.Name + "\x00" + name
	if rw.imported[k] {
		return nil
	}
	rw.imported[k] = true
	if useMod.Imports != nil {
		for _, g := range useMod.Imports.From {
			if rw.importTarget(g) != td.Module.Name {
				continue
			}
			if sym := findSymbol(g.Symbols, td.Name); sym != nil {
				off := sym.Pos.Offset + len(sym.Name)
				s.add(edit{start: off, end: off, text: ", " + name, rw: rw.record(ImportSymbol, useMod.Name, s, off, "")})
				return nil
			}
		}
	}
	return fmt.Errorf("%w: module %s uses %s without importing it from %s", ErrRewrite, useMod.Name, td.Name, td.Module.Name)
}

func findSymbol(syms []*syntax.Symbol, name string) *syntax.Symbol {
	for _, s := range syms {
		if s.Name == name {
			return s
		}
	}
	return nil
}

func hasAssignment(md *syntax.ModuleDefinition, name string) bool {
	for _, a := range md.Assignments {
		if a.Name == name {
			return true
		}
	}
	return false
}

// importTarget names the module an import group refers to: the module its
// object identifier identifies when there is one, else the written name.
func (rw *rewriter) importTarget(g *syntax.SymbolsFromModule) string {
	if arcs, ok := oidArcs(g.OID); ok {
		want := asn1.OIDString(arcs)
		for _, m := range rw.model.Modules {
			if m.OID != nil && asn1.OIDString(m.OID) == want {
				return m.Name
			}
		}
	}
	return g.Module
}

// importNames rewrites each "FROM Name {oid}" whose OID identifies a
// module of another name to that module's name.
func (rw *rewriter) importNames() error {
	names := make([]string, 0, len(rw.mods))
	for n := range rw.mods {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		md, s := rw.mods[n], rw.modFile[n]
		if md.Imports == nil {
			continue
		}
		for _, g := range md.Imports.From {
			target := rw.importTarget(g)
			if target == g.Module {
				continue
			}
			last := g.Symbols[len(g.Symbols)-1]
			i, ok := s.byOffset[last.Pos.Offset]
			if !ok {
				return fmt.Errorf("%w: %s: no token at import symbol", ErrRewrite, last.Pos)
			}
			for i < len(s.toks) && s.toks[i].Value != "FROM" {
				i++
			}
			if i+1 >= len(s.toks) || s.toks[i+1].Value != g.Module {
				return fmt.Errorf("%w: %s: no FROM %s", ErrRewrite, g.Pos, g.Module)
			}
			tk := s.toks[i+1]
			s.add(edit{start: tk.Pos.Offset, end: tk.Pos.Offset + len(tk.Value), text: target,
				rw: rw.record(ImportName, md.Name, s, tk.Pos.Offset, "")})
		}
	}
	return nil
}

// record starts a Rewrite at offset off of s; After is filled in once all
// edits are known (moduleText).
func (rw *rewriter) record(kind RewriteKind, module string, s *source, off int, after string) *Rewrite {
	line := 1 + bytes.Count(s.src[:off], []byte{'\n'})
	r := &Rewrite{Kind: kind, Module: module, File: s.name, Line: line, After: after}
	if kind != UntaggedCopy {
		ls, le := lineBounds(s.src, off)
		r.Before = strings.TrimSpace(string(s.src[ls:le]))
	}
	rw.rewrites = append(rw.rewrites, r)
	return r
}

func (s *source) add(e edit) { s.edits = append(s.edits, e) }

// lineBounds returns the start and end offsets of the line holding off.
func lineBounds(src []byte, off int) (int, int) {
	ls := bytes.LastIndexByte(src[:off], '\n') + 1
	le := bytes.IndexByte(src[off:], '\n')
	if le < 0 {
		le = len(src)
	} else {
		le += off
	}
	return ls, le
}

// moduleText returns md's text with its edits applied, and fills in the
// After line of each rewrite. Edits never add line breaks before END, so
// every line keeps its number and Erlang's messages point at the source.
func (s *source) moduleText(md *syntax.ModuleDefinition) ([]byte, error) {
	start, end := md.Pos.Offset, s.endOffset(md)
	if end < 0 {
		return nil, fmt.Errorf("%w: module %s has no END", ErrRewrite, md.Name)
	}
	end += len("END")
	last := s.ast.Modules[len(s.ast.Modules)-1] == md
	if last {
		// The last module keeps the rest of the file (comments after END).
		end = len(s.src)
	}
	var es []edit
	for _, e := range s.edits {
		if e.start >= start && e.end <= end {
			es = append(es, e)
		}
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].start < es[j].start })
	for i := 1; i < len(es); i++ {
		if es[i].start < es[i-1].end {
			return nil, fmt.Errorf("%w: overlapping edits in module %s", ErrRewrite, md.Name)
		}
	}
	var out bytes.Buffer
	// Keep the text before the module (leading comments) so that line
	// numbers match the source file; a later module of a multi-module file
	// gets blank lines in place of the modules before it.
	if s.ast.Modules[0] == md {
		out.Write(s.src[:start])
	} else {
		out.Write(bytes.Repeat([]byte{'\n'}, bytes.Count(s.src[:start], []byte{'\n'})))
	}
	at := start
	for _, e := range es {
		out.Write(s.src[at:e.start])
		out.WriteString(e.text)
		at = e.end
	}
	out.Write(s.src[at:end])
	if !last {
		out.WriteByte('\n')
	}
	// After lines: the source line with the edits that fall inside it.
	for _, e := range es {
		if e.rw == nil || e.rw.Kind == UntaggedCopy {
			continue
		}
		ls, le := lineBounds(s.src, e.start)
		var b strings.Builder
		at := ls
		for _, f := range es {
			if f.start < ls || f.end > le || f.rw != nil && f.rw.Kind == UntaggedCopy {
				continue
			}
			b.Write(s.src[at:f.start])
			b.WriteString(f.text)
			at = f.end
		}
		b.Write(s.src[at:le])
		e.rw.After = strings.TrimSpace(b.String())
	}
	return out.Bytes(), nil
}

// oidArcs evaluates an OBJECT IDENTIFIER value written with numbers (and
// the X.660 names of the top arcs) to its arcs.
func oidArcs(v *syntax.ObjIDValue) ([]uint32, bool) {
	if v == nil {
		return nil, false
	}
	arcs := make([]uint32, 0, len(v.Components))
	for i, c := range v.Components {
		switch {
		case c.Number != nil && *c.Number >= 0 && *c.Number <= 1<<32-1:
			arcs = append(arcs, uint32(*c.Number))
		case c.Only != nil && *c.Only >= 0 && *c.Only <= 1<<32-1:
			arcs = append(arcs, uint32(*c.Only))
		case i == 0 && (c.Name == "itu-t" || c.Name == "ccitt"):
			arcs = append(arcs, 0)
		case i == 0 && c.Name == "iso":
			arcs = append(arcs, 1)
		case i == 0 && (c.Name == "joint-iso-itu-t" || c.Name == "joint-iso-ccitt"):
			arcs = append(arcs, 2)
		case i == 1 && arcs[0] == 1 && c.Name == "identified-organization":
			arcs = append(arcs, 3)
		case i == 1 && arcs[0] == 1 && c.Name == "standard":
			arcs = append(arcs, 0)
		default:
			return nil, false
		}
	}
	return arcs, true
}

// Package xsdindex reads the index of the ECMA-323 (CSTA-XML) and ECMA-354
// XML schemas kept beside the project (../shared/ecma-323-index: every
// type's elements in schema order, its choices, attributes and simple
// content, and every enumeration's literals; its README gives the format)
// and checks CSTA-XML documents against it: element names and order,
// attribute names, enumeration literals and hexBinary content.
//
// It is a test aid: the generated codecs do not use it. An index is facts
// about the schema rather than the schema, so the checks are those the
// facts allow (no facets, no optionality of elements of reference type).
package xsdindex

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Index is one index file: the types and enumerations of one schema.
type Index struct {
	// Types are the complex types by name; Roots by global element name.
	Types map[string]*Type
	Roots map[string]*Type
	// Enums are the enumeration literals by enumeration name; EnumRoots
	// the enumerations of global elements, by element name.
	Enums     map[string]map[string]bool
	EnumRoots map[string]string
}

// Type is a complex type of the index.
type Type struct {
	Name    string
	Root    string // global element of this type, or ""
	Extends string // base type, or ""
	// Anonymous says xsd.exe named the type after its element (the types
	// of messages are anonymous; named types are the schema's own).
	Anonymous bool
	// Members are the elements and choices in schema order.
	Members []*Member
	// Attrs are the attributes by name.
	Attrs map[string]*Member
	// Text is the type of the simple content (#text), or "" for none.
	Text string
	// Any says the type has an xs:any extension point.
	Any bool
}

// Member is an element, a choice or an attribute of a Type.
type Member struct {
	// Name is the element or attribute name; "" for a choice.
	Name string
	// Type is the member's type without the repetition suffix: a type or
	// enumeration of the index, or a built-in (string, bool, byte[], ...).
	Type string
	// List says the member repeats ("[]").
	List bool
	// Datatype is the XSD datatype when the index gives one (hexBinary,
	// integer, ...), without the slash.
	Datatype string
	// Array and Item name the list wrapper element and its items ("?" when
	// the index does not know the item name).
	Array, Item string
	// Choice maps each alternative's element name to its type; Multi says
	// the alternatives may repeat and mix (xsd.exe's "Items").
	Choice map[string]string
	Multi  bool
}

// Parse reads one index file.
func Parse(r io.Reader) (*Index, error) {
	ix := &Index{Types: map[string]*Type{}, Roots: map[string]*Type{}, Enums: map[string]map[string]bool{}, EnumRoots: map[string]string{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	var cur *Type
	var enum map[string]bool
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		bad := func(why string) error { return fmt.Errorf("line %d: %s: %q", line, why, s) }
		switch {
		case strings.HasPrefix(s, "#"):
			continue
		case strings.TrimSpace(s) == "":
			continue
		case strings.HasPrefix(s, "type "):
			f := strings.Fields(s)
			if len(f) < 2 {
				return nil, bad("type without name")
			}
			cur, enum = &Type{Name: f[1], Attrs: map[string]*Member{}}, nil
			for _, a := range f[2:] {
				k, v, _ := strings.Cut(a, "=")
				switch k {
				case "ROOT":
					cur.Root = v
				case "extends":
					cur.Extends = v
				case "anonymous":
					cur.Anonymous = true
				}
			}
			ix.Types[cur.Name] = cur
			if cur.Root != "" {
				ix.Roots[cur.Root] = cur
			}
			continue
		case strings.HasPrefix(s, "enum "):
			f := strings.Fields(s)
			if len(f) < 2 {
				return nil, bad("enum without name")
			}
			cur, enum = nil, map[string]bool{}
			ix.Enums[f[1]] = enum
			for _, a := range f[2:] {
				if k, v, _ := strings.Cut(a, "="); k == "ROOT" {
					ix.EnumRoots[v] = f[1]
				}
			}
			continue
		case !strings.HasPrefix(s, "  "):
			return nil, bad("unknown line")
		}
		body := strings.TrimSpace(s)
		if enum != nil {
			if !strings.HasPrefix(body, "= ") {
				return nil, bad("enumeration line without '='")
			}
			for _, lit := range strings.Split(body[2:], "|") {
				enum[strings.TrimSpace(lit)] = true
			}
			continue
		}
		if cur == nil {
			return nil, bad("member outside a type")
		}
		switch {
		case strings.HasPrefix(body, "(ignored)"):
		case strings.HasPrefix(body, "<any>"):
			cur.Any = true
		case strings.HasPrefix(body, "CHOICE "):
			open, end := strings.Index(body, "{"), strings.Index(body, "}")
			if open < 0 || end < open {
				return nil, bad("choice without {...}")
			}
			m := &Member{Choice: map[string]string{}, Multi: strings.HasPrefix(body, "CHOICE Items")}
			for _, alt := range strings.Split(body[open+1:end], ",") {
				name, typ, ok := strings.Cut(strings.TrimSpace(alt), ":")
				if !ok {
					return nil, bad("choice alternative without type")
				}
				m.Choice[name] = strings.TrimSuffix(typ, "[]")
			}
			cur.Members = append(cur.Members, m)
		default:
			m, err := member(body)
			if err != nil {
				return nil, bad(err.Error())
			}
			switch {
			case m.Name == "#text":
				cur.Text = m.Type
			case strings.HasPrefix(m.Name, "@"):
				m.Name = m.Name[1:]
				cur.Attrs[m.Name] = m
			default:
				cur.Members = append(cur.Members, m)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return ix, nil
}

// member parses "name : type [/datatype] [default=...] [?opt] [array=X item=Y]".
func member(body string) (*Member, error) {
	name, rest, ok := strings.Cut(body, " : ")
	if !ok {
		return nil, fmt.Errorf("member without ' : '")
	}
	f := strings.Fields(rest)
	if len(f) == 0 {
		return nil, fmt.Errorf("member without type")
	}
	// A list wrapper whose type is a named list type is T[][] in xsd.exe's
	// classes (RegistrationInfo's registrationList: a jagged array of
	// RegistrationListEntry): its items are T.
	typ := f[0]
	if strings.HasSuffix(typ, "[][]") {
		typ = strings.TrimSuffix(typ, "[]")
	}
	m := &Member{Name: name, Type: strings.TrimSuffix(typ, "[]"), List: strings.HasSuffix(typ, "[]")}
	for _, a := range f[1:] {
		switch k, v, _ := strings.Cut(a, "="); {
		case strings.HasPrefix(a, "/"):
			m.Datatype = a[1:]
		case k == "array":
			m.Array = v
		case k == "item":
			m.Item = v
		}
	}
	return m, nil
}

// Set is the indexes a document may be checked against: ECMA-323 of one
// edition and ECMA-354, whose roots do not overlap.
type Set []*Index

// Files are the index files of each edition, in the folder of the index.
var Files = map[string][]string{
	"ed3": {"ecma323-ed3.idx", "ecma354.idx"},
	"ed6": {"ecma323-ed6.idx", "ecma354.idx"},
}

// Load reads the index files of edition ("ed3" or "ed6") from dir.
func Load(dir, edition string) (Set, error) {
	names, ok := Files[edition]
	if !ok {
		return nil, fmt.Errorf("xsdindex: no edition %q", edition)
	}
	var set Set
	for _, n := range names {
		ix, err := loadFile(dir, n)
		if err != nil {
			return nil, err
		}
		set = append(set, ix)
	}
	if edition != "ed3" {
		ed3, err := loadFile(dir, Files["ed3"][0])
		if err != nil {
			return nil, err
		}
		repairRoots(set[0], ed3)
	}
	return set, nil
}

// loadFile reads the index file name from dir.
func loadFile(dir, name string) (*Index, error) {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ix, err := Parse(f)
	if err != nil {
		return nil, fmt.Errorf("xsdindex: %s: %w", name, err)
	}
	return ix, nil
}

// repairRoots mends, in the index ix of a later edition, a root element that
// xsd.exe gave to a named type of the schema when the message's own
// anonymous type had the same name: ed6's root SnapshotCallData is the
// type SnapshotCallDataList there (the content of SnapshotCallResponse's
// snapshotData), and the SnapshotCallData message, which ed3 has as an
// anonymous type, is missing. Such a root takes the members of the ed3
// message, whose types the later edition's index resolves by name.
func repairRoots(ix, ed3 *Index) {
	for name, t := range ix.Roots {
		if t.Anonymous {
			continue
		}
		if m := ed3.Roots[name]; m != nil && m.Anonymous && m.Name != t.Name {
			ix.Roots[name] = &Type{Name: name, Root: name, Anonymous: true, Members: m.Members, Attrs: m.Attrs, Text: m.Text, Any: m.Any, Extends: m.Extends}
		}
	}
}

package xsdindex

import (
	"cmp"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/cstagen/cstagen/runtime/xml"
)

// element is a parsed element of a document being checked.
type element struct {
	name  string
	attrs [][2]string // name (prefix:local as written), value
	text  string
	kids  []*element
}

// parse reads doc into an element tree.
func parse(doc []byte) (*element, error) {
	d := xml.NewDecoder(doc, nil)
	var stack []*element
	var root *element
	var scratch []byte
	for {
		t, err := d.Next()
		if err == io.EOF {
			return root, nil
		}
		if err != nil {
			return nil, err
		}
		switch t.Kind {
		case xml.StartElement:
			e := &element{name: string(t.Name.Local)}
			for i := 0; i < d.AttrCount(); i++ {
				a := d.Attr(i)
				if a.IsNamespaceDecl() || string(a.Name.Prefix) == "xsi" {
					continue
				}
				v, err := d.AttrValue(i, &scratch)
				if err != nil {
					return nil, err
				}
				e.attrs = append(e.attrs, [2]string{string(a.Name.Local), string(v)})
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, e)
			} else {
				root = e
			}
			stack = append(stack, e)
		case xml.CharData, xml.CDATA:
			if len(stack) > 0 {
				data := t.Data
				if t.Escaped {
					if data, err = xml.Unescape(nil, data); err != nil {
						return nil, err
					}
				}
				stack[len(stack)-1].text += string(data)
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
}

// Check checks the CSTA-XML document doc against the index of its root
// element and returns what does not agree, one line each, naming the
// element path ("MakeCall/callingDevice: ..."). A document that is not
// well-formed, or whose root is in none of the indexes, is one line.
func (s Set) Check(doc []byte) []string {
	root, err := parse(doc)
	if err != nil {
		return []string{"not well-formed: " + err.Error()}
	}
	if root == nil {
		return []string{"no root element"}
	}
	for _, ix := range s {
		c := &checker{ix: ix}
		if t := ix.Roots[root.name]; t != nil {
			c.class(root.name, root, t)
			return c.out
		}
		if e, ok := ix.EnumRoots[root.name]; ok {
			c.value(root.name, root, e, "", false)
			return c.out
		}
	}
	return []string{root.name + ": no such root element"}
}

// checker collects the mismatches of one document.
type checker struct {
	ix  *Index
	out []string
}

func (c *checker) add(path, format string, a ...any) {
	c.out = append(c.out, path+": "+fmt.Sprintf(format, a...))
}

// members returns the members of t after those of its base types.
func (c *checker) members(t *Type) []*Member {
	var chain []*Type
	for b := t; b != nil && len(chain) < 16; b = c.ix.Types[b.Extends] {
		chain = append(chain, b)
	}
	var ms []*Member
	for i := len(chain) - 1; i >= 0; i-- {
		ms = append(ms, chain[i].Members...)
	}
	return ms
}

// attr returns the attribute name of t or of a base type.
func (c *checker) attr(t *Type, name string) *Member {
	for b := t; b != nil; b = c.ix.Types[b.Extends] {
		if a := b.Attrs[name]; a != nil {
			return a
		}
		if b.Extends == "" {
			break
		}
	}
	return nil
}

// text returns the simple content type of t or of a base type.
func (c *checker) text(t *Type) string {
	for b := t; b != nil; b = c.ix.Types[b.Extends] {
		if b.Text != "" || b.Extends == "" {
			return b.Text
		}
	}
	return ""
}

// any reports whether t or a base type has an extension point.
func (c *checker) any(t *Type) bool {
	for b := t; b != nil; b = c.ix.Types[b.Extends] {
		if b.Any {
			return true
		}
		if b.Extends == "" {
			break
		}
	}
	return false
}

// value checks an element of type typ (a type of the index, an
// enumeration or a built-in) with datatype dt; list says its text is a
// list of literals.
func (c *checker) value(path string, e *element, typ, dt string, list bool) {
	if t := c.ix.Types[typ]; t != nil {
		c.class(path, e, t)
		return
	}
	if len(e.kids) > 0 {
		c.add(path, "child <%s> in a value of type %s", e.kids[0].name, typ)
		return
	}
	for _, a := range e.attrs {
		c.add(path, "attribute %s on a value of type %s", a[0], typ)
	}
	c.simple(path, strings.TrimSpace(e.text), typ, dt, list)
}

// simple checks simple content: enumeration literals, hexBinary, booleans
// and integers.
func (c *checker) simple(path, text, typ, dt string, list bool) {
	switch {
	case typ == "bool" && !list:
		if text != "true" && text != "false" && text != "1" && text != "0" {
			c.add(path, "%q is no boolean", text)
		}
		return
	case (typ == "long" || typ == "int" || dt == "integer" || dt == "nonNegativeInteger") && !list:
		if _, err := strconv.ParseInt(text, 10, 64); err != nil || dt == "nonNegativeInteger" && strings.HasPrefix(text, "-") {
			c.add(path, "%q is no %s", text, cmp.Or(dt, "integer"))
		}
		return
	}
	if lits, ok := c.ix.Enums[typ]; ok {
		words := []string{text}
		if list {
			words = strings.Fields(text)
		}
		for _, w := range words {
			if !lits[w] {
				c.add(path, "%q is no literal of %s", w, typ)
			}
		}
		return
	}
	if dt == "hexBinary" {
		if len(text)%2 != 0 || strings.Trim(text, "0123456789abcdefABCDEF") != "" {
			c.add(path, "%q is not hexBinary", text)
		}
	}
}

// class checks an element of the complex type t.
func (c *checker) class(path string, e *element, t *Type) {
	for _, a := range e.attrs {
		m := c.attr(t, a[0])
		if m == nil {
			c.add(path, "attribute %s is not in %s", a[0], t.Name)
			continue
		}
		c.simple(path+"/@"+a[0], a[1], m.Type, m.Datatype, m.List)
	}
	if text := strings.TrimSpace(e.text); text != "" {
		if tt := c.text(t); tt == "" {
			c.add(path, "text %q in %s, which has no simple content", text, t.Name)
		} else {
			c.simple(path, text, tt, "", false)
		}
	}
	ms := c.members(t)
	pos := 0
	for _, k := range e.kids {
		kp := path + "/" + k.name
		j, m, typ := find(ms, pos, k.name)
		if m == nil {
			if j, _, _ = find(ms, 0, k.name); j >= 0 && j < pos {
				c.add(kp, "out of the order of %s", t.Name)
				continue
			}
			if !c.any(t) {
				c.add(kp, "no such element in %s", t.Name)
			}
			continue
		}
		pos = j
		if !m.List && !m.Multi && m.Array == "" {
			pos = j + 1
		}
		switch {
		case m.Array != "" && m.Array == k.name:
			if m.Item == "" || m.Item == "?" {
				for _, it := range k.kids {
					c.value(kp+"/"+it.name, it, m.Type, m.Datatype, false)
				}
				continue
			}
			for _, it := range k.kids {
				if it.name != m.Item {
					c.add(kp+"/"+it.name, "not the item element %s of the list", m.Item)
					continue
				}
				c.value(kp+"/"+it.name, it, m.Type, m.Datatype, false)
			}
		default:
			c.value(kp, k, typ, m.Datatype, false)
		}
	}
}

// find returns the index of the first member at or after from that holds
// the element name (by its name, a choice alternative or a list wrapper),
// the member and the element's type; -1 and nil when none does.
func find(ms []*Member, from int, name string) (int, *Member, string) {
	for j := from; j < len(ms); j++ {
		m := ms[j]
		switch {
		case m.Choice != nil:
			if typ, ok := m.Choice[name]; ok {
				return j, m, typ
			}
		case m.Name == name || m.Array == name:
			return j, m, m.Type
		}
	}
	return -1, nil, ""
}

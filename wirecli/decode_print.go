package wirecli

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/cstagen/cstagen/asn1"
	"github.com/cstagen/cstagen/gen"
	"github.com/cstagen/cstagen/runtime/ber"
	"github.com/cstagen/cstagen/runtime/privdata"
	"github.com/cstagen/cstagen/runtime/xml"
)

// A tree is a decoded value prepared for printing: a leaf, an object (the
// components of a SEQUENCE or SET, the chosen alternative of a CHOICE, the
// children of an XML element) or a list (SEQUENCE OF, SET OF). The text and
// JSON printers render the same tree, so both show the same content.
type tree struct {
	key  string  // component, alternative or element name; "" for list elements
	leaf bool    // text and js are set
	text string  // leaf: the value as printed in text output
	js   []byte  // leaf: the value as JSON
	list bool    // kids are elements
	kids []*tree // object members or list elements
	// choice marks a CHOICE, whose one member is the chosen alternative alt
	// ("" for none): JSON names it under "(choice)" too.
	choice bool
	alt    string
}

// asn1Names maps Go field names back to the ASN.1 component names they were
// made from. The generated code does not carry them at run time, so they are
// recomputed from the schemas the csta package was generated from: every
// component name of every type, through the generator's own naming function.
var asn1Names = sync.OnceValue(func() map[string]string {
	names := map[string]string{}
	m, err := loadEmbedded()
	if err != nil || m == nil {
		return names
	}
	seen := map[*asn1.Type]bool{}
	for _, mod := range m.Modules {
		for _, def := range mod.Types {
			collectNames(def.Type, names, seen)
		}
		for _, def := range mod.Instances {
			collectNames(def.Type, names, seen)
		}
	}
	return names
})

// collectNames adds the component names of t and of the types written in
// place inside it.
func collectNames(t *asn1.Type, names map[string]string, seen map[*asn1.Type]bool) {
	if t == nil || seen[t] {
		return
	}
	seen[t] = true
	for _, c := range t.Components {
		names[gen.GoName(c.Name)] = c.Name
		collectNames(c.Type, names, seen)
	}
	collectNames(t.Elem, names, seen)
}

// xmlOnlyFields are the fields the generator adds for CSTA-XML round trips,
// with the names they are shown under.
var xmlOnlyFields = map[string]string{
	"XMLAttrs": "(xml attributes)",
}

// extraType is the type of the XML field of generated structures.
var extraType = reflect.TypeOf(xml.Extra{})

// extraKey is the name under which the unknown children a value's
// xml.Extra kept are shown.
const extraKey = "(unknown xml elements)"

// extraLeaf shows the unknown children of x, or returns nil when there are
// none.
func extraLeaf(x reflect.Value) *tree {
	e, ok := x.Interface().(xml.Extra)
	if !ok || len(e.Unknown) == 0 {
		return nil
	}
	s := string(bytes.TrimSpace(bytes.Join(e.Unknown, nil)))
	return leafJSON(extraKey, strconv.Quote(s), quoteJSON(s))
}

// fieldName returns the ASN.1 name of a generated struct field.
func fieldName(goName string) string {
	if n, ok := asn1Names()[goName]; ok {
		return n
	}
	return strings.ToLower(goName[:1]) + goName[1:]
}

// valueTree converts a generated value (a pointer to it or the value) to a
// tree, by reflection: Has flags that are false hide their component, a
// CHOICE shows only its chosen alternative (named by its Choice's String),
// ENUMERATED and named INTEGER values and bit sets print with String.
// Text output shows octet strings as quoted text when printable, else as
// hex; JSON output has one shape per ASN.1 type (README, "JSON output").
func valueTree(key string, v reflect.Value) *tree { return typedTree(key, v, nil) }

// typedTree is valueTree for a value whose ASN.1 type is hint when its Go
// type does not say (an unnamed []byte field, a list element).
func typedTree(key string, v reflect.Value, hint *asn1.Type) *tree {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return leafJSON(key, "NULL", []byte("null"))
		}
		v = v.Elem()
	}
	t := v.Type()
	a := asn1Types().lookup(t, hint)
	switch {
	case t == reflect.TypeFor[ber.BitString]():
		bs := v.Interface().(ber.BitString)
		return bitStringLeaf(key, bs)
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		if k := kindOf(a); k == asn1.KindString || k == asn1.KindTime {
			return textLeaf(key, v.Bytes())
		}
		return bytesLeaf(key, v.Bytes())
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint32:
		arcs := make([]string, v.Len())
		for i := range arcs {
			arcs[i] = strconv.FormatUint(v.Index(i).Uint(), 10)
		}
		s := strings.Join(arcs, ".")
		return leafJSON(key, s, quoteJSON(s))
	}
	if s, ok := v.Interface().(fmt.Stringer); ok && t.Kind() != reflect.Struct {
		return stringerLeaf(key, v, s.String(), kindOf(a))
	}
	switch t.Kind() {
	case reflect.Struct:
		if f, ok := t.FieldByName("Choice"); ok && f.Type.Kind() == reflect.Uint8 && strings.HasSuffix(f.Type.Name(), "Choice") {
			return choiceTree(key, v)
		}
		if kindOf(a) == asn1.KindNull || t.NumField() == 0 {
			return leafJSON(key, "NULL", []byte("null"))
		}
		return sequenceTree(key, v)
	case reflect.Slice, reflect.Array:
		n := &tree{key: key, list: true}
		var elem *asn1.Type
		if a != nil {
			elem = a.Elem
		}
		for i := 0; i < v.Len(); i++ {
			n.kids = append(n.kids, typedTree("", v.Index(i), elem))
		}
		return n
	case reflect.Bool:
		s := strconv.FormatBool(v.Bool())
		return leafJSON(key, s, []byte(s))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		s := strconv.FormatInt(v.Int(), 10)
		return leafJSON(key, s, []byte(s))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		s := strconv.FormatUint(v.Uint(), 10)
		return leafJSON(key, s, []byte(s))
	case reflect.Float32, reflect.Float64:
		s := strconv.FormatFloat(v.Float(), 'g', -1, 64)
		js, err := json.Marshal(v.Float())
		if err != nil { // NaN, ±Inf: JSON has no number for them (X.697 writes them as strings too)
			js = quoteJSON(s)
		}
		return leafJSON(key, s, js)
	case reflect.String:
		return leafJSON(key, strconv.Quote(v.String()), quoteJSON(v.String()))
	}
	return leafJSON(key, fmt.Sprint(v.Interface()), quoteJSON(fmt.Sprint(v.Interface())))
}

// sequenceTree lists the present components of a SEQUENCE or SET.
func sequenceTree(key string, v reflect.Value) *tree {
	t := v.Type()
	n := &tree{key: key}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		if strings.HasPrefix(f.Name, "Has") && f.Type.Kind() == reflect.Bool {
			if _, ok := t.FieldByName(f.Name[3:]); ok {
				continue // the presence flag of the next field
			}
		}
		if has, ok := t.FieldByName("Has" + f.Name); ok && has.Type.Kind() == reflect.Bool && !v.FieldByIndex(has.Index).Bool() {
			continue
		}
		if f.Type.Kind() == reflect.Pointer && v.Field(i).IsNil() {
			continue // an absent OPTIONAL component
		}
		if f.Type == extraType {
			if leaf := extraLeaf(v.Field(i)); leaf != nil {
				n.kids = append(n.kids, leaf)
			}
			continue
		}
		if key, ok := xmlOnlyFields[f.Name]; ok && f.Type.Kind() == reflect.Slice {
			// Not ASN.1 components: what a CSTA-XML document held beyond the
			// schema, shown when there is any.
			if b := v.Field(i).Bytes(); len(bytes.TrimSpace(b)) > 0 {
				s := string(bytes.TrimSpace(b))
				n.kids = append(n.kids, leafJSON(key, strconv.Quote(s), quoteJSON(s)))
			}
			continue
		}
		n.kids = append(n.kids, typedTree(fieldName(f.Name), v.Field(i), asn1Types().field(t, f.Name)))
	}
	return n
}

// choiceTree shows the chosen alternative of a CHOICE; a NULL alternative,
// which has no field, shows as NULL. In JSON the object also names the
// alternative under "(choice)" (null when none is chosen), which sets a
// CHOICE apart from a SEQUENCE with one component present.
func choiceTree(key string, v reflect.Value) *tree {
	n := &tree{key: key, choice: true}
	c := v.FieldByName("Choice")
	alt := c.Interface().(fmt.Stringer).String()
	n.alt = alt
	if alt == "" {
		if x := v.FieldByName("XML"); x.IsValid() {
			if leaf := extraLeaf(x); leaf != nil {
				n.kids = append(n.kids, leaf)
				return n
			}
		}
		n.kids = append(n.kids, leafJSON("(no alternative)", "NULL", []byte("null")))
		return n
	}
	if f := alternativeField(v.Type(), alt); f != nil {
		n.kids = append(n.kids, typedTree(alt, v.FieldByIndex(f.Index), asn1Types().field(v.Type(), f.Name)))
	} else if raw := rawTree(alt, v); raw != nil {
		n.kids = append(n.kids, raw)
	} else {
		n.kids = append(n.kids, leafJSON(alt, "NULL", []byte("null")))
	}
	return n
}

// rawTree shows what a vendor put in place of a NULL alternative that
// stands for any content (CSTAPrivateData's private): the XML element
// verbatim, or the BER element as hex and as an outline of its TLVs. It
// returns nil when the alternative holds the NULL itself.
func rawTree(alt string, v reflect.Value) *tree {
	name := gen.GoName(alt)
	if f := v.FieldByName(name + "XML"); f.IsValid() && f.Kind() == reflect.Slice && f.Len() > 0 {
		s := string(f.Bytes())
		return leafJSON(alt, strconv.Quote(s), quoteJSON(s))
	}
	if f := v.FieldByName(name + "BER"); f.IsValid() && f.Kind() == reflect.Slice && f.Len() > 0 {
		b := f.Bytes()
		n := &tree{key: alt}
		n.kids = append(n.kids, leafJSON("(ber)", hex.EncodeToString(b), quoteJSON(hex.EncodeToString(b))))
		n.kids = append(n.kids, &tree{key: "(tlv)", list: true, kids: tlvOutline(b, 0)})
		if typed := vendorTree(b); typed != nil {
			n.kids = append(n.kids, typed)
		}
		return n
	}
	return nil
}

// vendorTree shows the BER element b as the typed value of the vendor
// decoder registered for it in privdata.Default (a build of this command
// that links the vendor's package, which registers it), or returns nil when
// none is registered.
func vendorTree(b []byte) *tree {
	v, d, err := privdata.Default.Decode(b)
	if d == nil {
		return nil
	}
	n := &tree{key: "(vendor)"}
	n.kids = append(n.kids, leafJSON("type", d.Name, quoteJSON(d.Name)))
	if err != nil {
		return append1(n, leafJSON("error", err.Error(), quoteJSON(err.Error())))
	}
	s := v.String()
	return append1(n, leafJSON("value", s, quoteJSON(s)))
}

// append1 adds kid to n's children and returns n.
func append1(n, kid *tree) *tree {
	n.kids = append(n.kids, kid)
	return n
}

// maxOutlineDepth bounds the nesting tlvOutline follows.
const maxOutlineDepth = 16

// tlvOutline lists the elements of b: each as its tag and length, with its
// elements when constructed, or its contents in hex when primitive. What
// does not parse is shown as the remaining octets.
func tlvOutline(b []byte, depth int) []*tree {
	var out []*tree
	r := ber.NewReader(b, nil)
	for !r.Empty() {
		t, contents, err := r.ReadAnyContents()
		if err != nil {
			rest := hex.EncodeToString(r.Bytes())
			return append(out, leafJSON("", "(not BER) "+rest, quoteJSON(rest)))
		}
		label := fmt.Sprintf("%v, %d octets", t, len(contents))
		if len(contents) == 1 {
			label = fmt.Sprintf("%v, 1 octet", t)
		}
		if t.Constructed() && depth < maxOutlineDepth {
			out = append(out, &tree{kids: []*tree{
				leafJSON("tag", label, quoteJSON(label)),
				{key: "elements", list: true, kids: tlvOutline(contents, depth+1)},
			}})
			continue
		}
		h := hex.EncodeToString(contents)
		out = append(out, leafJSON("", label+": "+h, quoteJSON(label+": "+h)))
	}
	return out
}

// alternativeField finds the field of a CHOICE alternative, or nil for a
// NULL alternative.
func alternativeField(t reflect.Type, alt string) *reflect.StructField {
	if f, ok := t.FieldByName(gen.GoName(alt)); ok && f.Name != "Choice" {
		return &f
	}
	for i := 0; i < t.NumField(); i++ {
		if f := t.Field(i); f.IsExported() && f.Name != "Choice" && strings.EqualFold(f.Name, gen.GoName(alt)) {
			return &f
		}
	}
	return nil
}

// stringerLeaf prints an ENUMERATED or named INTEGER value by its name and
// a bit set as the list of its set bits. In JSON an INTEGER is always a
// number and an ENUMERATED always a string (the number in decimal when the
// value has no name), whatever the value.
func stringerLeaf(key string, v reflect.Value, s string, kind asn1.Kind) *tree {
	switch v.Kind() {
	case reflect.Uint64, reflect.Array: // bit sets
		var bits []string
		if s != "" {
			bits = strings.Split(s, ",")
		}
		js, _ := json.Marshal(bits)
		if bits == nil {
			js = []byte("[]")
		}
		return leafJSON(key, "{"+strings.Join(bits, ", ")+"}", js)
	}
	if kind == asn1.KindInteger {
		var n string
		switch v.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			n = strconv.FormatInt(v.Int(), 10)
		default:
			n = strconv.FormatUint(v.Uint(), 10)
		}
		return leafJSON(key, s, []byte(n))
	}
	return leafJSON(key, s, quoteJSON(s))
}

// bytesLeaf prints an OCTET STRING (or an open type's encoding): in text
// as quoted text when it is printable UTF-8, else as 0x and hex; in JSON
// always as a string of hex digits, as XML hexBinary (and X.697) write it.
func bytesLeaf(key string, b []byte) *tree {
	h := hex.EncodeToString(b)
	if printable(b) {
		return leafJSON(key, strconv.Quote(string(b)), quoteJSON(h))
	}
	return leafJSON(key, "0x"+h, quoteJSON(h))
}

// textLeaf prints a character string or time: quoted, in JSON a string
// (bytes that are not UTF-8 become U+FFFD there).
func textLeaf(key string, b []byte) *tree {
	return leafJSON(key, strconv.Quote(string(b)), quoteJSON(string(b)))
}

// bitStringLeaf prints a BIT STRING without named bits as its bits.
func bitStringLeaf(key string, bs ber.BitString) *tree {
	var sb strings.Builder
	n := len(bs.Bytes)*8 - bs.Unused
	for i := 0; i < n; i++ {
		if bs.Bytes[i/8]&(0x80>>(i%8)) != 0 {
			sb.WriteByte('1')
		} else {
			sb.WriteByte('0')
		}
	}
	s := sb.String()
	return leafJSON(key, "'"+s+"'B", quoteJSON(s))
}

// printable reports whether b is non-empty text that can be shown quoted.
func printable(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	for _, r := range string(b) {
		if !unicode.IsPrint(r) && r != ' ' {
			return false
		}
	}
	return true
}

func leafJSON(key, text string, js []byte) *tree {
	return &tree{key: key, leaf: true, text: text, js: js}
}

func quoteJSON(s string) []byte {
	b, _ := json.Marshal(s)
	return b
}

// inline renders n on one line if it can: a leaf, an empty object or list,
// or an object with a single member that is itself inline
// ("deviceIdentifier: dialingNumber: \"548\"").
func (n *tree) inline() (string, bool) {
	switch {
	case n.leaf:
		return n.text, true
	case len(n.kids) == 0 && n.list:
		return "[]", true
	case len(n.kids) == 0:
		return "{}", true
	case !n.list && len(n.kids) == 1:
		if s, ok := n.kids[0].inline(); ok {
			return n.kids[0].key + ": " + s, true
		}
	}
	return "", false
}

// writeText writes the members or elements of n, one per line, indented.
func (n *tree) writeText(b *bytes.Buffer, indent int) {
	pad := strings.Repeat("  ", indent)
	for _, k := range n.kids {
		b.WriteString(pad)
		if k.key == "" {
			b.WriteByte('-') // a list element
		} else {
			b.WriteString(k.key)
			b.WriteByte(':')
		}
		if s, ok := k.inline(); ok {
			b.WriteByte(' ')
			b.WriteString(s)
			b.WriteByte('\n')
			continue
		}
		if k.key == "" && !k.list {
			// An element that is an object: its first member goes on the
			// "-" line, the others below it.
			var sub bytes.Buffer
			k.writeText(&sub, indent+1)
			b.WriteByte(' ')
			b.Write(sub.Bytes()[len(pad)+2:])
			continue
		}
		// A chain of objects with one member each goes on one line:
		// "eventSpecificInfo: callControlEvents: delivered:".
		for !k.list && len(k.kids) == 1 && !k.kids[0].list {
			k = k.kids[0]
			b.WriteString(" " + k.key + ":")
		}
		b.WriteByte('\n')
		k.writeText(b, indent+1)
	}
}

// appendJSON appends n as JSON: an object for objects, an array for lists.
func (n *tree) appendJSON(b []byte) []byte {
	switch {
	case n.leaf:
		return append(b, n.js...)
	case n.list:
		b = append(b, '[')
		for i, k := range n.kids {
			if i > 0 {
				b = append(b, ',')
			}
			b = k.appendJSON(b)
		}
		return append(b, ']')
	}
	b = append(b, '{')
	if n.choice {
		b = append(b, `"(choice)":`...)
		if n.alt == "" {
			b = append(b, "null"...)
		} else {
			b = append(b, quoteJSON(n.alt)...)
		}
		if len(n.kids) > 0 {
			b = append(b, ',')
		}
	}
	for i, k := range n.kids {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, quoteJSON(k.key)...)
		b = append(b, ':')
		b = k.appendJSON(b)
	}
	return append(b, '}')
}

// MarshalJSON implements json.Marshaler.
func (n *tree) MarshalJSON() ([]byte, error) { return n.appendJSON(nil), nil }

// xmlTree converts a CSTA-XML document into a tree without a schema: an
// element with text only is a leaf, attributes are members named "@name",
// repeated child elements become a list. It returns the root element's
// local name and namespace.
func xmlTree(doc []byte) (root, ns string, n *tree, err error) {
	d := xml.NewDecoder(doc, nil)
	type frame struct {
		n    *tree
		text []byte
	}
	var stack []*frame
	var scratch []byte
	for {
		tok, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return root, ns, nil, err
		}
		switch tok.Kind {
		case xml.StartElement:
			f := &frame{n: &tree{key: string(tok.Name.Local)}}
			if len(stack) == 0 {
				root, ns = string(tok.Name.Local), string(tok.NS)
			}
			for i := 0; i < d.AttrCount(); i++ {
				a := d.Attr(i)
				if a.IsNamespaceDecl() {
					continue
				}
				val, err := d.AttrValue(i, &scratch)
				if err != nil {
					return root, ns, nil, err
				}
				f.n.kids = append(f.n.kids, leafJSON("@"+string(a.Name.Local), strconv.Quote(string(val)), quoteJSON(string(val))))
			}
			stack = append(stack, f)
		case xml.CharData, xml.CDATA:
			if len(stack) > 0 {
				data := tok.Data
				if tok.Escaped {
					if data, err = xml.Unescape(nil, data); err != nil {
						return root, ns, nil, err
					}
				}
				stack[len(stack)-1].text = append(stack[len(stack)-1].text, data...)
			}
		case xml.EndElement:
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			text := bytes.TrimSpace(f.text)
			el := f.n
			if len(el.kids) == 0 {
				if len(text) == 0 {
					el = leafJSON(el.key, "(empty)", []byte("null"))
				} else {
					el = leafJSON(el.key, strconv.Quote(string(text)), quoteJSON(string(text)))
				}
			} else if len(text) > 0 {
				el.kids = append(el.kids, leafJSON("#text", strconv.Quote(string(text)), quoteJSON(string(text))))
			}
			if len(stack) == 0 {
				n = el
				continue
			}
			parent := stack[len(stack)-1].n
			parent.kids = appendMember(parent.kids, el)
		}
	}
	if n == nil {
		return root, ns, nil, fmt.Errorf("xml: no root element")
	}
	if n.leaf { // a root element with text only, or empty
		if n.js[0] == 'n' {
			return root, ns, nil, nil
		}
		n = &tree{key: n.key, kids: []*tree{leafJSON("#text", n.text, n.js)}}
	}
	return root, ns, n, nil
}

// appendMember adds el to an element's members, turning a repeated name into
// a list.
func appendMember(kids []*tree, el *tree) []*tree {
	for i, k := range kids {
		if k.key != el.key {
			continue
		}
		if !k.list {
			first := *k
			first.key = ""
			kids[i] = &tree{key: el.key, list: true, kids: []*tree{&first}}
		}
		e := *el
		e.key = ""
		kids[i].kids = append(kids[i].kids, &e)
		return kids
	}
	return append(kids, el)
}

// hexDump writes b as hex with offsets and printable characters, as
// hexdump -C does, each line indented.
func hexDump(w *bytes.Buffer, b []byte, indent string) {
	for off := 0; off < len(b); off += 16 {
		line := b[off:min(off+16, len(b))]
		fmt.Fprintf(w, "%s%04x  ", indent, off)
		for i := 0; i < 16; i++ {
			if i < len(line) {
				fmt.Fprintf(w, "%02x ", line[i])
			} else {
				w.WriteString("   ")
			}
			if i == 7 {
				w.WriteByte(' ')
			}
		}
		w.WriteString(" |")
		for _, c := range line {
			if c >= 0x20 && c < 0x7f {
				w.WriteByte(c)
			} else {
				w.WriteByte('.')
			}
		}
		w.WriteString("|\n")
	}
}

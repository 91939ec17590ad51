package xml

import "strconv"

// NamedBits describes a BIT STRING type with named bits, for the code that
// generated types share: in CSTA-XML each named bit is a boolean child
// element (ECMA-323 writes those that are set), in an attribute the value is
// the space-separated list of the names of the bits that are set.
//
// A bit set is held in words: ASN.1 bit k is words[k/64]&(1<<(63-k%64)).
// Generated code keeps one NamedBits per type and passes, with it, a
// function index that maps an element name to its position in Names (or -1):
// a generated switch, which the compiler turns into a search on lengths and
// bytes that no table lookup beats.
type NamedBits struct {
	// Type is the name of the Go type, for errors.
	Type string
	// Names are the identifiers of the bits, in the order of the schema,
	// which is the order in which they are written.
	Names []string
	// Bits[i] is the number of the bit named Names[i].
	Bits []uint16
	// XML, when not nil, holds the CSTA-XML names of the bits where the
	// ECMA-323 schema spells them otherwise than Names (reRoute for
	// reroute), "" for the others: writing uses them, reading accepts both.
	XML []string
}

// xmlName is the name written for the bit Names[i].
func (t *NamedBits) xmlName(i int) string {
	if i < len(t.XML) && t.XML[i] != "" {
		return t.XML[i]
	}
	return t.Names[i]
}

// has reports whether the bit named Names[i] is set in words.
func (t *NamedBits) has(words []uint64, i int) bool {
	b := int(t.Bits[i])
	return b/64 < len(words) && words[b/64]&(1<<(63-uint(b%64))) != 0
}

// set sets or clears the bit named Names[i] in words.
func (t *NamedBits) set(words []uint64, i int, on bool) {
	b := int(t.Bits[i])
	if b/64 >= len(words) {
		return
	}
	m := uint64(1) << (63 - uint(b%64))
	if on {
		words[b/64] |= m
	} else {
		words[b/64] &^= m
	}
}

// Append appends the element name (in namespace ns, "" for none) holding
// one <bit>true</bit> child per bit set in words, or an empty element when
// none is.
func (t *NamedBits) Append(dst []byte, name, ns string, words []uint64) []byte {
	dst = AppendStartOpen(dst, name)
	if ns != "" {
		dst = AppendAttr(dst, "xmlns", ns)
	}
	dst = append(dst, '>')
	n := len(dst)
	for i := range t.Names {
		if t.has(words, i) {
			dst = AppendElementString(dst, t.xmlName(i), "true")
		}
	}
	if len(dst) == n {
		return append(dst[:n-1], '/', '>')
	}
	return AppendEnd(dst, name)
}

// Decode reads the children of the element whose start tag r has just read,
// through its end tag, into words (cleared first): each child named after a
// bit is a boolean. Children with other names are skipped.
func (t *NamedBits) Decode(r *Reader, words []uint64, index func(name []byte) int) error {
	clear(words)
	for {
		name, ok, err := r.Dec.ReadStart()
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		i := index(name.Local)
		if i < 0 {
			if err := r.Dec.SkipElement(); err != nil {
				return err
			}
			continue
		}
		on, err := r.ReadBool(t.Type, t.Names[i])
		if err != nil {
			return err
		}
		t.set(words, i, on)
	}
}

// AppendNames appends the names of the bits set in words, separated by
// spaces: the attribute form.
func (t *NamedBits) AppendNames(dst []byte, words []uint64) []byte {
	n := len(dst)
	for i := range t.Names {
		if t.has(words, i) {
			if len(dst) > n {
				dst = append(dst, ' ')
			}
			dst = append(dst, t.xmlName(i)...)
		}
	}
	return dst
}

// ParseNames sets words (cleared first) from the space-separated names in
// b; it reports false when a name is no bit's.
func (t *NamedBits) ParseNames(b []byte, words []uint64, index func(name []byte) int) bool {
	clear(words)
	for len(b) > 0 {
		i := 0
		for i < len(b) && b[i] != ' ' {
			i++
		}
		word := b[:i]
		for i < len(b) && b[i] == ' ' {
			i++
		}
		b = b[i:]
		if len(word) == 0 {
			continue
		}
		k := index(word)
		if k < 0 {
			return false
		}
		t.set(words, k, true)
	}
	return true
}

// Format lists the bits set in words, separated by commas, in the order of
// their numbers: by name, or by number for a bit the type does not name.
// It is the String form of generated bit sets.
func (t *NamedBits) Format(words []uint64) string {
	var dst []byte
	for k := 0; k < len(words)*64; k++ {
		if words[k/64]&(1<<(63-uint(k%64))) == 0 {
			continue
		}
		if len(dst) > 0 {
			dst = append(dst, ',')
		}
		if i := t.position(k); i >= 0 {
			dst = append(dst, t.Names[i]...)
		} else {
			dst = strconv.AppendInt(dst, int64(k), 10)
		}
	}
	return string(dst)
}

// position returns the index in Names of bit number k, or -1.
func (t *NamedBits) position(k int) int {
	for i, b := range t.Bits {
		if int(b) == k {
			return i
		}
	}
	return -1
}

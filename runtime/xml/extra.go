package xml

import "errors"

// ErrUnknownElement reports, when Reader.Strict is set, a child element that
// names no component of its parent's type.
var ErrUnknownElement = errors.New("xml: unknown element")

// Extra records how the CSTA-XML element a value was decoded from departed
// from the way AppendXML writes that value, so that writing the value back
// gives an equivalent document. Real servers send children out of ASN.1
// order, write out DEFAULT values, add elements of their own, leave
// mandatory elements out or put text that is no valid value into an
// element; Extra keeps each of these. It stays empty, and costs nothing, for
// an element written the way AppendXML writes it.
//
// Generated SEQUENCE, SET and CHOICE types have an Extra in their field XML.
// Values built in code leave it empty. After changing the fields of a decoded
// value, Reset its Extra to have it written in ASN.1 order without what the
// document had beyond the schema.
type Extra struct {
	// Order, when not empty, lists the element's children in document
	// order: n >= 0 stands for the value's component n (counted in ASN.1
	// order from 0; for a CHOICE, alternative n), n < 0 for Unknown[-1-n],
	// OrderNothing for no child.
	// AppendXML then writes the children in this order, a listed DEFAULT
	// component even when it has its default value, and a mandatory
	// component only if it is listed (it was absent from the document). An
	// OPTIONAL component present in the value but not listed (set after
	// decoding) is written after the listed children.
	Order []int16
	// Unknown holds, verbatim, the child elements that name no component,
	// and those whose content is no valid value of their component (which
	// is then absent from the value). Each is self-contained XML: it
	// declares the namespace prefixes it uses.
	Unknown [][]byte
}

// Reset empties x, keeping its memory for the next decoding.
func (x *Extra) Reset() {
	x.Order = x.Order[:0]
	x.Unknown = x.Unknown[:0]
}

// IsZero reports whether x records nothing.
func (x *Extra) IsZero() bool { return len(x.Order) == 0 && len(x.Unknown) == 0 }

// Lists reports whether Order lists component k.
func (x *Extra) Lists(k int) bool {
	for _, n := range x.Order {
		if int(n) == k {
			return true
		}
	}
	return false
}

// Unknown returns the error for the child element whose start tag was just
// read when it names nothing its parent (typ) can hold and the parent cannot
// keep it: a *ValueError wrapping ErrUnknownElement, which makes the
// element's own parent keep the whole element verbatim.
func Unknown(r *Reader, typ string) error {
	return r.valueError(r.Offset(), typ, "", r.Dec.Token().Name.Local, nil, ErrUnknownElement)
}

// ContentError returns err, from Decoder.ReadStartOrText reading the
// children of an element of type typ: ErrTextContent becomes a *ValueError
// (quoting the text), which makes the element's parent keep the whole
// element verbatim (Children.Keep) when r is not Strict; any other error is
// returned as it is.
func (r *Reader) ContentError(err error, typ string) error {
	if err != ErrTextContent {
		return err
	}
	t := r.Dec.Token()
	return r.valueError(t.Offset, typ, "", nil, t.Data, ErrTextContent)
}

// KeptText returns the text of the child element named local that was
// kept verbatim in x because it held text where its type has child
// elements (a device number written without its <deviceIdentifier>), or
// any other content with no child elements; ok is false when x keeps no
// such element. The value's component is then absent: this is what the
// document had in its place.
func (x *Extra) KeptText(local string) (text string, ok bool) {
	for _, raw := range x.Unknown {
		d := NewDecoder(raw, nil)
		name, started, err := d.ReadStart()
		if err != nil || !started || string(name.Local) != local {
			continue
		}
		var scratch []byte
		b, err := d.ReadText(&scratch)
		if err != nil {
			continue
		}
		return string(b), true
	}
	return "", false
}

// Mark is the position of a child element whose start tag was just read:
// where it starts and how deep it is, so that Children.Keep can take its
// source when decoding it fails.
type Mark struct {
	off, depth int
}

// Mark returns the position of the element whose start tag was just read.
func (r *Reader) Mark() Mark {
	d := r.Dec
	n := len(d.stack)
	if n == 0 {
		return Mark{off: -1}
	}
	return Mark{off: int(d.stack[n-1].n0) - 1, depth: n} // the '<' is just before the name
}

// Children records, while generated code decodes the children of one
// element, how they depart from ASN.1 order into the element's Extra. It
// lives on the decoder's stack: create it with Begin.
type Children struct {
	x       *Extra
	seen    [maxSeen / 64]uint64 // components 0..maxSeen-1 read so far
	last    int                  // the component read last, while in ASN.1 order
	ordered bool                 // Order is being written (a departure was seen)
}

// maxSeen bounds the components whose presence Children tracks; the
// generator refuses types with more.
const maxSeen = 256

// Begin starts recording into x, which it resets.
func (c *Children) Begin(x *Extra) {
	x.Reset()
	c.x, c.seen, c.last, c.ordered = x, [maxSeen / 64]uint64{}, -1, false
}

// Seen reports whether component k was read.
func (c *Children) Seen(k int) bool {
	return k >= 0 && k < maxSeen && c.seen[k/64]&(1<<uint(k%64)) != 0
}

// see marks component k as read.
func (c *Children) see(k int) {
	if k >= 0 && k < maxSeen {
		c.seen[k/64] |= 1 << uint(k%64)
	}
}

// order switches to writing Order: the components read so far, which came
// in ASN.1 order, are listed first.
func (c *Children) order() {
	if c.ordered {
		return
	}
	c.ordered = true
	for k := 0; k <= c.last; k++ {
		if c.Seen(k) {
			c.x.Order = append(c.x.Order, int16(k))
		}
	}
}

// Field records that component k was read.
func (c *Children) Field(k int) {
	if !c.ordered && k > c.last && k < maxSeen {
		c.see(k)
		c.last = k
		return
	}
	c.Listed(k)
}

// Listed records that component k was read and must be written back even
// though AppendXML would leave it out (a DEFAULT component with its default
// value).
func (c *Children) Listed(k int) {
	c.order()
	c.see(k)
	c.x.Order = append(c.x.Order, int16(k))
}

// unknown records raw as the next child; a list of unknown children that
// grows is charged to r's decode budget.
func (c *Children) unknown(r *Reader, raw []byte) {
	c.order()
	if n := len(c.x.Unknown); n == cap(c.x.Unknown) {
		r.Charge(growCap(n) * sliceHeader)
	}
	c.x.Unknown = append(c.x.Unknown, raw)
	c.x.Order = append(c.x.Order, int16(-len(c.x.Unknown)))
}

// Unknown keeps the child element whose start tag was just read, which
// names no component, verbatim; with r.Strict it is an error instead.
func (c *Children) Unknown(r *Reader, typ string) error {
	if r.Strict {
		return Unknown(r, typ)
	}
	raw, err := r.Raw()
	if err != nil {
		return err
	}
	c.unknown(r, raw)
	return nil
}

// Keep handles err, returned by decoding the child element at m: a
// *ValueError (the content is no valid value of the component) makes the
// element's source an unknown child, kept verbatim, and Keep returns nil;
// any other error, or any error with r.Strict, is returned as it is.
func (c *Children) Keep(r *Reader, m Mark, err error) error {
	if r.Strict {
		return err
	}
	if _, ok := err.(*ValueError); !ok {
		var ve *ValueError
		if !errors.As(err, &ve) {
			return err
		}
	}
	raw, rerr := r.RawFrom(m)
	if rerr != nil {
		return rerr
	}
	if raw == nil {
		return err
	}
	c.unknown(r, raw)
	return nil
}

// RawFrom consumes what is left of the element at m, however far decoding
// it got, and returns its source from its start tag through its end tag,
// self-contained like Raw's.
func (r *Reader) RawFrom(m Mark) ([]byte, error) {
	for r.Dec.Depth() >= m.depth && m.depth > 0 {
		if err := r.Dec.SkipElement(); err != nil {
			return nil, err
		}
	}
	end := r.Dec.InputOffset()
	src := r.Dec.src
	if m.off < 0 || end > len(src) || m.off >= end {
		return nil, nil
	}
	return r.selfContained(src[m.off:end:end]), nil
}

// Missing handles a mandatory component absent from the element: with
// r.Strict an error naming it; else the absence is recorded (the component
// is not written back) and Missing returns nil.
func (c *Children) Missing(r *Reader, typ, field string) error {
	if r.Strict {
		return Missing(r, typ, field)
	}
	c.order()
	if len(c.x.Order) == 0 {
		// Nothing was read: Order must still say that the document is
		// to be written as it was, without the mandatory component.
		c.x.Order = append(c.x.Order, OrderNothing)
	}
	return nil
}

// Required is a mandatory component of a structure, for MissingOf: its
// index in the order of the structure's element and its element name.
type Required struct {
	K    uint16
	Name string
}

// MissingOf calls Missing, in order, for each component of req that was not
// read (generated decoders pass the table of a structure's mandatory
// components that hold scalars, which they emptied before).
func (c *Children) MissingOf(r *Reader, typ string, req []Required) error {
	for _, q := range req {
		if !c.Seen(int(q.K)) {
			if err := c.Missing(r, typ, q.Name); err != nil {
				return err
			}
		}
	}
	return nil
}

// OrderNothing is the entry of Order of an element that had none of its
// mandatory components (nor anything else): it stands for no child, and
// makes Order not empty, so that AppendXML writes the element without them.
const OrderNothing int16 = -1 << 15

// End reports whether the children departed from ASN.1 order at all.
func (c *Children) End() bool { return c.ordered }

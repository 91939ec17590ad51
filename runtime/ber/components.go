package ber

import "unsafe"

// Components reads the components of a SEQUENCE in order, one call per
// component, as cryptobyte's String reads its fields: the first error is
// kept with the name of the component it arose in, and every later call
// does nothing but report the component absent. The compact decoders
// (gen/README.md, "Compact and unrolled BER") are written with it, so that
// a type's decoder is straight-line code, one statement a component, with
// less machine code than the reads and branches it replaces:
//
//	c := r.Components()
//	c.Content("callingDevice", ber.Universal|ber.Constructed|16, &v.CallingDevice)
//	v.HasAccountCode = c.OptBytes("accountCode", ber.Context|0, (*[]byte)(&v.AccountCode))
//	v.HasReason = c.OptInt64("reason", ber.Context|8, (*int64)(&v.Reason))
//	return c.Err("MakeCallArgument")
//
// A component decodes as the unrolled code decodes it, with the same
// checks and errors: an OPTIONAL or DEFAULT one, whose tag number must be
// below 31, is read when the next element has its tag (a string's in
// either form, X.690 8.7.3), and is otherwise absent, its value cleared
// (nil, zero or the DEFAULT), so that nothing of an earlier decoding
// shows.
type Components struct {
	r     *Reader
	err   error
	field string
}

// Components returns a Components reading the element r has entered.
func (r *Reader) Components() Components { return Components{r: r} }

// Err returns nil when every component was read, and otherwise the first
// error, wrapped with typeName and the component's name (WrapField).
func (c *Components) Err(typeName string) error {
	if c.err == nil {
		return nil
	}
	return WrapField(c.err, typeName, c.field)
}

// Failed reports whether a component has failed; code that reads a
// component in line, not through c, checks it first.
func (c *Components) Failed() bool { return c.err != nil }

// fail records err, the first error, in component field.
//
//go:noinline
func (c *Components) fail(field string, err error) {
	c.err, c.field = err, field
}

// next reports whether the next element has the tag t exactly, and c has
// not failed: one comparison of the identifier octet, as the unrolled
// decoders make it. The OPTIONAL and DEFAULT components read through c
// have tag numbers below 31 (one identifier octet, X.690 8.1.2.2); the
// generator reads the others in line. A tag of the long form is never
// next.
func (c *Components) next(t Tag) bool {
	s := c.r.s
	return c.err == nil && len(s) != 0 && t&numberMask < 0x1f && s[0] == byte(t>>24)&0xe0|byte(t)
}

// nextString is next for a string, which may come in either form.
func (c *Components) nextString(t Tag) bool {
	s := c.r.s
	return c.err == nil && len(s) != 0 && t&numberMask < 0x1f && s[0]&^0x20 == byte(t>>24)&0xc0|byte(t)
}

// Content reads the mandatory component field, the element with the
// constructed tag t holding v's contents.
//
//go:noinline
func (c *Components) Content(field string, t Tag, v Content) {
	if c.err != nil {
		return
	}
	if err := c.content(t, v); err != nil {
		c.fail(field, err)
	}
}

func (c *Components) content(t Tag, v Content) error {
	rest, err := c.r.Enter(t)
	if err != nil {
		return err
	}
	if err := v.DecodeBERContent(c.r); err != nil {
		return err
	}
	if !c.r.TryLeave(rest) {
		return c.r.Leave(rest)
	}
	return nil
}

// OptContent reads the OPTIONAL component field, held by value with a
// presence flag (a list): it reports whether the element with tag t was
// there. When it is not, the caller empties v.
//
//go:noinline
func (c *Components) OptContent(field string, t Tag, v Content) bool {
	if !c.next(t) {
		return false
	}
	if err := c.content(t, v); err != nil {
		c.fail(field, err)
		return false
	}
	return true
}

// OptPointer reads the OPTIONAL component field held behind a pointer, and
// returns the pointer: nil when the element with tag t is not next, and
// otherwise the value kept in *keep by an earlier decoding, or, the first
// time, a new one, which is charged to the decode budget (Charge) and kept.
func OptPointer[T any, P interface {
	*T
	Content
}](c *Components, field string, t Tag, keep **T) *T {
	if !c.next(t) {
		return nil
	}
	p := kept(c, keep)
	if err := c.content(t, P(p)); err != nil {
		c.fail(field, err)
	}
	return p
}

// kept returns the value *keep holds, from an earlier decoding; the first
// time, it makes one, charged to the decode budget (Charge), and keeps it.
func kept[T any](c *Components, keep **T) *T {
	if *keep == nil {
		var zero T
		c.r.Charge(int(unsafe.Sizeof(zero)))
		*keep = new(T)
	}
	return *keep
}

// Choice reads the mandatory untagged CHOICE component field.
//
//go:noinline
func (c *Components) Choice(field string, v Choice) {
	if c.err != nil {
		return
	}
	if err := v.DecodeBERChoice(c.r); err != nil {
		c.fail(field, err)
	}
}

// Bytes reads the mandatory string component field (an OCTET STRING, a
// character string or a time, in either form) with tag t into *dst.
//
//go:noinline
func (c *Components) Bytes(field string, t Tag, dst *[]byte) {
	if c.err != nil {
		return
	}
	s, err := c.r.ReadString(t, nil)
	if err != nil {
		c.fail(field, err)
		return
	}
	*dst = s
}

// OptBytes reads the OPTIONAL string component field into *dst and
// reports whether it was there; when it is not, *dst is nil.
//
//go:noinline
func (c *Components) OptBytes(field string, t Tag, dst *[]byte) bool {
	if !c.nextString(t) {
		*dst = nil
		return false
	}
	s, err := c.r.ReadString(t, nil)
	if err != nil {
		c.fail(field, err)
		return false
	}
	*dst = s
	return true
}

// Int64 reads the mandatory INTEGER or ENUMERATED component field into *dst.
//
//go:noinline
func (c *Components) Int64(field string, t Tag, dst *int64) {
	if c.err != nil {
		return
	}
	x, err := c.r.ReadInt64(t)
	if err != nil {
		c.fail(field, err)
		return
	}
	*dst = x
}

// OptInt64 reads the OPTIONAL INTEGER or ENUMERATED component field into
// *dst and reports whether it was there; when it is not, *dst is 0.
//
//go:noinline
func (c *Components) OptInt64(field string, t Tag, dst *int64) bool {
	return c.DefaultInt64(field, t, dst, 0)
}

// DefaultInt64 reads the INTEGER or ENUMERATED component field with a
// DEFAULT into *dst, which is def when the component is absent; it reports
// whether it was there.
//
//go:noinline
func (c *Components) DefaultInt64(field string, t Tag, dst *int64, def int64) bool {
	if !c.next(t) {
		*dst = def
		return false
	}
	x, err := c.r.ReadInt64(t)
	if err != nil {
		c.fail(field, err)
		return false
	}
	*dst = x
	return true
}

// Bool reads the mandatory BOOLEAN component field into *dst.
//
//go:noinline
func (c *Components) Bool(field string, t Tag, dst *bool) {
	if c.err != nil {
		return
	}
	x, err := c.r.ReadBool(t)
	if err != nil {
		c.fail(field, err)
		return
	}
	*dst = x
}

// OptBool reads the OPTIONAL BOOLEAN component field into *dst and
// reports whether it was there; when it is not, *dst is false.
//
//go:noinline
func (c *Components) OptBool(field string, t Tag, dst *bool) bool {
	return c.DefaultBool(field, t, dst, false)
}

// DefaultBool reads the BOOLEAN component field with a DEFAULT into *dst,
// which is def when the component is absent; it reports whether it was
// there.
//
//go:noinline
func (c *Components) DefaultBool(field string, t Tag, dst *bool, def bool) bool {
	if !c.next(t) {
		*dst = def
		return false
	}
	x, err := c.r.ReadBool(t)
	if err != nil {
		c.fail(field, err)
		return false
	}
	*dst = x
	return true
}

// NamedBits reads the mandatory BIT STRING component field, with named
// bits below 64, into *dst (ReadNamedBits).
//
//go:noinline
func (c *Components) NamedBits(field string, t Tag, dst *uint64) {
	if c.err != nil {
		return
	}
	x, err := c.r.ReadNamedBits(t)
	if err != nil {
		c.fail(field, err)
		return
	}
	*dst = x
}

// OptNamedBits reads the OPTIONAL BIT STRING component field into *dst and
// reports whether it was there; when it is not, *dst is 0.
//
//go:noinline
func (c *Components) OptNamedBits(field string, t Tag, dst *uint64) bool {
	return c.DefaultNamedBits(field, t, dst, 0)
}

// DefaultNamedBits reads the BIT STRING component field with a DEFAULT
// into *dst, which is def when the component is absent; it reports whether
// it was there.
//
//go:noinline
func (c *Components) DefaultNamedBits(field string, t Tag, dst *uint64, def uint64) bool {
	if !c.nextString(t) {
		*dst = def
		return false
	}
	x, err := c.r.ReadNamedBits(t)
	if err != nil {
		c.fail(field, err)
		return false
	}
	*dst = x
	return true
}

// Null reads the mandatory NULL component field.
//
//go:noinline
func (c *Components) Null(field string, t Tag) {
	if c.err != nil {
		return
	}
	if err := c.r.ReadNull(t); err != nil {
		c.fail(field, err)
	}
}

// OptNull reads the OPTIONAL NULL component field and reports whether it
// was there.
//
//go:noinline
func (c *Components) OptNull(field string, t Tag) bool {
	if !c.next(t) {
		return false
	}
	if err := c.r.ReadNull(t); err != nil {
		c.fail(field, err)
		return false
	}
	return true
}

// TaggedChoice reads the mandatory CHOICE component field with the tag t
// (explicit, as a tagged CHOICE's is: X.680 31.2.7), around the element of
// v's alternative.
//
//go:noinline
func (c *Components) TaggedChoice(field string, t Tag, v Choice) {
	if c.err != nil {
		return
	}
	if err := c.taggedChoice(t, v); err != nil {
		c.fail(field, err)
	}
}

func (c *Components) taggedChoice(t Tag, v Choice) error {
	rest, err := c.r.Enter(t)
	if err != nil {
		return err
	}
	if err := v.DecodeBERChoice(c.r); err != nil {
		return err
	}
	if !c.r.TryLeave(rest) {
		return c.r.Leave(rest)
	}
	return nil
}

// OptTaggedChoice is OptPointer for an OPTIONAL CHOICE component with the
// tag t (TaggedChoice).
func OptTaggedChoice[T any, P interface {
	*T
	Choice
}](c *Components, field string, t Tag, keep **T) *T {
	if !c.next(t) {
		return nil
	}
	p := kept(c, keep)
	if err := c.taggedChoice(t, P(p)); err != nil {
		c.fail(field, err)
	}
	return p
}

// OptExplicitBytes reads the OPTIONAL string component field that an
// explicit tag outer wraps (the string's own tag is t) into *dst, and
// reports whether it was there; when it is not, *dst is nil.
//
//go:noinline
func (c *Components) OptExplicitBytes(field string, outer, t Tag, dst *[]byte) bool {
	if !c.next(outer) {
		*dst = nil
		return false
	}
	s, err := c.explicitBytes(outer, t)
	if err != nil {
		c.fail(field, err)
		return false
	}
	*dst = s
	return true
}

func (c *Components) explicitBytes(outer, t Tag) ([]byte, error) {
	rest, err := c.r.Enter(outer)
	if err != nil {
		return nil, err
	}
	s, err := c.r.ReadString(t, nil)
	if err != nil {
		return nil, err
	}
	if !c.r.TryLeave(rest) {
		return nil, c.r.Leave(rest)
	}
	return s, nil
}

// ExplicitContent reads the mandatory component field in the explicit tag
// outer around the element with the constructed tag t holding v's contents
// (consultedDevice [1] EXPLICIT DeviceID).
//
//go:noinline
func (c *Components) ExplicitContent(field string, outer, t Tag, v Content) {
	if c.err != nil {
		return
	}
	if err := c.explicitContent(outer, t, v); err != nil {
		c.fail(field, err)
	}
}

func (c *Components) explicitContent(outer, t Tag, v Content) error {
	rest, err := c.r.Enter(outer)
	if err != nil {
		return err
	}
	if err := c.content(t, v); err != nil {
		return err
	}
	if !c.r.TryLeave(rest) {
		return c.r.Leave(rest)
	}
	return nil
}

// OptExplicitPointer is OptPointer for a component in the explicit tag
// outer around the element with the constructed tag t (ExplicitContent).
func OptExplicitPointer[T any, P interface {
	*T
	Content
}](c *Components, field string, outer, t Tag, keep **T) *T {
	if !c.next(outer) {
		return nil
	}
	p := kept(c, keep)
	if err := c.explicitContent(outer, t, P(p)); err != nil {
		c.fail(field, err)
	}
	return p
}

package ber

import (
	"slices"
	"sync"
)

// Generated message types (operation arguments and results, error values,
// events, PDUs) have AppendBER and DecodeBER of their own. The other
// structured types are coded inside the messages that hold them, through
// the content methods their parents call; these functions code one of them
// on its own, with the tag the context gives it.

// Content is what a generated SEQUENCE, SET or list type implements: the
// encoding of its contents, without its own tag and length.
type Content interface {
	SizeBERContent() int
	PutBERContent(b []byte, i int) (int, error)
	DecodeBERContent(r *Reader) error
}

// Choice is what a generated CHOICE type implements: the encoding of the
// chosen alternative, with the alternative's tag.
type Choice interface {
	SizeBERChoice() int
	PutBERChoice(b []byte, i int) (int, error)
	DecodeBERChoice(r *Reader) error
}

// AppendContent appends v as one element with the constructed tag t (for
// example Universal|Constructed|16, or the context tag of the component
// that holds it). It grows dst at most once.
func AppendContent(dst []byte, t Tag, v Content) ([]byte, error) {
	n := v.SizeBERContent()
	total := SizeTLV(t|Constructed, n)
	dst = slices.Grow(dst, total)
	b := dst[len(dst) : len(dst)+total]
	i, err := v.PutBERContent(b, total)
	if err != nil {
		return dst, err
	}
	PutHeader(b, i, t|Constructed, total-i)
	return dst[:len(dst)+total], nil
}

// DecodeContent decodes src, which must hold exactly one element with the
// constructed tag t, into v; lim nil means DefaultLimits. It allocates
// nothing in steady state: the Reader comes from a pool, since it is handed
// to v's method through an interface.
func DecodeContent(src []byte, t Tag, v Content, lim *Limits) error {
	r := getReader(src, lim)
	defer putReader(r)
	rest, err := r.Enter(t | Constructed)
	if err != nil {
		return err
	}
	if err := v.DecodeBERContent(r); err != nil {
		return err
	}
	if err := r.Leave(rest); err != nil {
		return err
	}
	return r.Finish()
}

// DecodeMessage decodes src, which must hold exactly one element with the
// constructed tag t, into v, of the generated message type name, as its
// DecodeBERLimits does when it decodes in line (EnterMessage,
// LeaveMessage): errors name the type. The compact message types
// (gen/README.md) decode through it; the Reader comes from a pool, as in
// DecodeContent.
func DecodeMessage(src []byte, lim *Limits, t Tag, name string, v Content) error {
	r := getReader(src, lim)
	defer putReader(r)
	rest, err := r.EnterMessage(t, name)
	if err != nil {
		return err
	}
	if err := v.DecodeBERContent(r); err != nil {
		return WrapField(err, name, "")
	}
	return r.LeaveMessage(rest, name)
}

// DecodeChoiceMessage is DecodeMessage for an untagged CHOICE (FinishMessage).
func DecodeChoiceMessage(src []byte, lim *Limits, name string, v Choice) error {
	r := getReader(src, lim)
	defer putReader(r)
	return r.FinishMessage(name, v.DecodeBERChoice(r))
}

// readers holds the Readers of DecodeContent, DecodeChoice, DecodeMessage
// and DecodeChoiceMessage, which would otherwise escape to the heap at every
// call.
var readers = sync.Pool{New: func() any { return new(Reader) }}

// AcquireReader returns a Reader of src with the limits lim (nil means
// DefaultLimits) from the pool DecodeMessage takes its Readers from, for a
// decoder that hands it to methods through interfaces (the compact codecs,
// gen/README.md), where a Reader on its stack would escape to the heap at
// every call. ReleaseReader gives it back.
func AcquireReader(src []byte, lim *Limits) *Reader { return getReader(src, lim) }

// ReleaseReader returns r, from AcquireReader, to the pool; r must not be
// used again.
func ReleaseReader(r *Reader) { putReader(r) }

func getReader(src []byte, lim *Limits) *Reader {
	r := readers.Get().(*Reader)
	*r = NewReader(src, lim)
	return r
}

// putReader returns r to the pool, without the input it held.
func putReader(r *Reader) {
	*r = Reader{}
	readers.Put(r)
}

// AppendChoice appends the chosen alternative of v. It grows dst at most once.
func AppendChoice(dst []byte, v Choice) ([]byte, error) {
	n := v.SizeBERChoice()
	dst = slices.Grow(dst, n)
	if _, err := v.PutBERChoice(dst[len(dst):len(dst)+n], n); err != nil {
		return dst, err
	}
	return dst[:len(dst)+n], nil
}

// DecodeChoice decodes src, which must hold exactly one alternative of v,
// into v; lim nil means DefaultLimits. Like DecodeContent, it allocates
// nothing in steady state.
func DecodeChoice(src []byte, v Choice, lim *Limits) error {
	r := getReader(src, lim)
	defer putReader(r)
	if err := v.DecodeBERChoice(r); err != nil {
		return err
	}
	return r.Finish()
}

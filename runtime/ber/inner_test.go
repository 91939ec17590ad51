package ber

import (
	"bytes"
	"encoding/hex"
	"errors"
	"slices"
	"testing"
)

// pair is a SEQUENCE { a INTEGER, b INTEGER } coded as generated types code
// their contents.
type pair struct{ a, b int64 }

func (p *pair) SizeBERContent() int {
	return SizeTLV(Universal|2, SizeInt64(p.a)) + SizeTLV(Universal|2, SizeInt64(p.b))
}

func (p *pair) PutBERContent(b []byte, i int) (int, error) {
	for _, v := range []int64{p.b, p.a} {
		end := i
		i = PutInt64(b, i, v)
		i = PutHeader(b, i, Universal|2, end-i)
	}
	return i, nil
}

func (p *pair) DecodeBERContent(r *Reader) (err error) {
	if p.a, err = r.ReadInt64(Universal | 2); err != nil {
		return err
	}
	p.b, err = r.ReadInt64(Universal | 2)
	return err
}

// either is a CHOICE { a [0] INTEGER, b [1] INTEGER }.
type either struct {
	second bool
	v      int64
}

func (e *either) tag() Tag {
	if e.second {
		return Context | 1
	}
	return Context | 0
}

func (e *either) SizeBERChoice() int { return SizeTLV(e.tag(), SizeInt64(e.v)) }

func (e *either) PutBERChoice(b []byte, i int) (int, error) {
	end := i
	i = PutInt64(b, i, e.v)
	return PutHeader(b, i, e.tag(), end-i), nil
}

func (e *either) DecodeBERChoice(r *Reader) (err error) {
	t, ok := r.PeekTag()
	if !ok {
		return errors.New("no alternative")
	}
	e.second = t == Context|1
	e.v, err = r.ReadInt64(t)
	return err
}

func TestInnerCodecs(t *testing.T) {
	seq, err := AppendContent([]byte{0xff}, Application|30, &pair{1, 300})
	if err != nil {
		t.Fatal(err)
	}
	if want := "ff7e070201010202012c"; hex.EncodeToString(seq) != want {
		t.Errorf("AppendContent = %x, want %s", seq, want)
	}
	var p pair
	if err := DecodeContent(seq[1:], Application|30, &p, nil); err != nil || p != (pair{1, 300}) {
		t.Errorf("DecodeContent = %v, %v", p, err)
	}
	if err := DecodeContent(append(seq[1:], 0), Application|30, &p, nil); err == nil {
		t.Error("DecodeContent accepted trailing data")
	}
	if err := DecodeContent(seq[1:], Universal|16, &p, nil); err == nil {
		t.Error("DecodeContent accepted another tag")
	}

	ch, err := AppendChoice(nil, &either{true, 5})
	if err != nil || !bytes.Equal(ch, []byte{0x81, 0x01, 0x05}) {
		t.Errorf("AppendChoice = %x, %v", ch, err)
	}
	var e either
	if err := DecodeChoice(ch, &e, nil); err != nil || e != (either{true, 5}) {
		t.Errorf("DecodeChoice = %v, %v", e, err)
	}
	if err := DecodeChoice(append(ch, 0x81, 0x01, 0x06), &e, nil); err == nil {
		t.Error("DecodeChoice accepted a second element")
	}
}

// DecodeContent and DecodeChoice hand their Reader to an interface method;
// they still allocate nothing in steady state, and neither do the message
// forms generated types call (EnterMessage, LeaveMessage, FinishMessage).
func TestInnerCodecsAllocs(t *testing.T) {
	seq, err := AppendContent(nil, Application|30, &pair{1, 300})
	if err != nil {
		t.Fatal(err)
	}
	ch, err := AppendChoice(nil, &either{true, 5})
	if err != nil {
		t.Fatal(err)
	}
	var p pair
	var e either
	tests := []struct {
		name string
		f    func() error
	}{
		{"DecodeContent", func() error { return DecodeContent(seq, Application|30, &p, nil) }},
		{"DecodeChoice", func() error { return DecodeChoice(ch, &e, nil) }},
		{"EnterMessage/LeaveMessage", func() error {
			r := NewReader(seq, nil)
			rest, err := r.EnterMessage(Application|30, "Pair")
			if err != nil {
				return err
			}
			if err := p.DecodeBERContent(&r); err != nil {
				return err
			}
			return r.LeaveMessage(rest, "Pair")
		}},
		{"FinishMessage", func() error {
			r := NewReader(ch, nil)
			return r.FinishMessage("Either", e.DecodeBERChoice(&r))
		}},
		{"DecodeMessage", func() error { return DecodeMessage(seq, nil, Application|30, "Pair", &p) }},
		{"DecodeChoiceMessage", func() error { return DecodeChoiceMessage(ch, nil, "Either", &e) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if n := testing.AllocsPerRun(100, func() {
				if err := tt.f(); err != nil {
					t.Fatal(err)
				}
			}); n != 0 {
				t.Errorf("%v allocations per call, want 0", n)
			}
		})
	}
}

// The message forms name the type in their errors, as WrapField does.
func TestMessageErrors(t *testing.T) {
	seq, err := AppendContent(nil, Application|30, &pair{1, 300})
	if err != nil {
		t.Fatal(err)
	}
	var p pair
	decode := func(src []byte, tag Tag) error {
		r := NewReader(src, nil)
		rest, err := r.EnterMessage(tag, "Pair")
		if err != nil {
			return err
		}
		if err := p.DecodeBERContent(&r); err != nil {
			return WrapField(err, "Pair", "")
		}
		return r.LeaveMessage(rest, "Pair")
	}
	tests := []struct {
		name string
		src  []byte
		tag  Tag
		want error
		typ  string
	}{
		{"another tag", seq, Universal | 16, ErrTagMismatch, "Pair"},
		{"trailing data", append(slices.Clone(seq), 0), Application | 30, ErrTrailingData, ""},
		{"component missing", append([]byte{0x7e, 0x03}, seq[2:5]...), Application | 30, ErrMissing, "Pair"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := decode(tt.src, tt.tag)
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			// The pooled DecodeMessage of the compact types gives the same.
			if pooled := DecodeMessage(tt.src, nil, tt.tag, "Pair", &p); pooled == nil || pooled.Error() != err.Error() {
				t.Errorf("DecodeMessage error %v, in line %v", pooled, err)
			}
			var be *Error
			if !errors.As(err, &be) {
				t.Fatalf("error %#v is no *Error", err)
			}
			if be.Type != tt.typ {
				t.Errorf("error %v names type %q, want %q", err, be.Type, tt.typ)
			}
		})
	}
	r := NewReader([]byte{0x81, 0x01}, nil)
	var e either
	err = r.FinishMessage("Either", e.DecodeBERChoice(&r))
	var be *Error
	if !errors.As(err, &be) || be.Type != "Either" {
		t.Errorf("FinishMessage error %v does not name Either", err)
	}
	if pooled := DecodeChoiceMessage([]byte{0x81, 0x01}, nil, "Either", &e); pooled == nil || pooled.Error() != err.Error() {
		t.Errorf("DecodeChoiceMessage error %v, FinishMessage %v", pooled, err)
	}
}

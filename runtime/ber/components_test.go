package ber

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// inner is a SEQUENCE { n INTEGER }, and innerChoice a CHOICE of
// [8] INTEGER and [9] BOOLEAN, for the Components tests.
type inner struct{ N int64 }

func (v *inner) SizeBERContent() int { return SizeTLV(Universal|2, SizeInt64(v.N)) }
func (v *inner) PutBERContent(b []byte, i int) (int, error) {
	return PutInt64Element(b, i, Universal|2, v.N), nil
}
func (v *inner) DecodeBERContent(r *Reader) error {
	c := r.Components()
	c.Int64("n", Universal|2, &v.N)
	return c.Err("Inner")
}

type innerChoice struct {
	Alt  int // 1: n, 2: b
	N    int64
	Bool bool
}

func (v *innerChoice) SizeBERChoice() int                        { return 0 }
func (v *innerChoice) PutBERChoice(b []byte, i int) (int, error) { return i, nil }
func (v *innerChoice) DecodeBERChoice(r *Reader) error {
	t, _ := r.PeekTag()
	switch t {
	case Context | 8:
		v.Alt = 1
		c := r.Components()
		c.Int64("n", Context|8, &v.N)
		return c.Err("InnerChoice")
	case Context | 9:
		v.Alt = 2
		c := r.Components()
		c.Bool("b", Context|9, &v.Bool)
		return c.Err("InnerChoice")
	}
	return UnknownAlternative(r.Offset(), "InnerChoice", t)
}

// outer is decoded from a SEQUENCE {
//
//	a     Inner,                      -- 30
//	s     [0] OCTET STRING OPTIONAL,  -- 80 / a0
//	i     [1] INTEGER DEFAULT 7,      -- 81
//	b     [2] BOOLEAN OPTIONAL,       -- 82
//	bits  [3] BIT STRING {...} OPTIONAL, -- 83
//	null  [4] NULL OPTIONAL,          -- 84
//	tch   [5] InnerChoice OPTIONAL,   -- a5
//	us    [6] EXPLICIT OCTET STRING OPTIONAL, -- a6 04
//	p     [7] Inner OPTIONAL,         -- a7
//	e     [10] EXPLICIT Inner OPTIONAL, -- aa 30
//	ch    InnerChoice                 -- 88 / 89
//
// } with every component read through a Components.
type outer struct {
	A             inner
	S             []byte
	HasS          bool
	I             int64
	B, HasB       bool
	Bits          uint64
	HasBits       bool
	HasNull       bool
	Ch            innerChoice
	TCh, keepTCh  *innerChoice
	US            []byte
	HasUS         bool
	P, keepP      *inner
	E, keepE      *inner
	last          string // the component the test stops before, "" for none
	failedAtGuard bool
}

func (v *outer) DecodeBERContent(r *Reader) error {
	c := r.Components()
	c.Content("a", Universal|Constructed|16, &v.A)
	v.HasS = c.OptBytes("s", Context|0, &v.S)
	c.DefaultInt64("i", Context|1, &v.I, 7)
	v.HasB = c.OptBool("b", Context|2, &v.B)
	v.HasBits = c.OptNamedBits("bits", Context|3, &v.Bits)
	v.HasNull = c.OptNull("null", Context|4)
	v.TCh = OptTaggedChoice(&c, "tch", Context|Constructed|5, &v.keepTCh)
	v.HasUS = c.OptExplicitBytes("us", Context|Constructed|6, Universal|4, &v.US)
	v.P = OptPointer(&c, "p", Context|Constructed|7, &v.keepP)
	v.E = OptExplicitPointer(&c, "e", Context|Constructed|10, Universal|Constructed|16, &v.keepE)
	v.failedAtGuard = c.Failed()
	c.Choice("ch", &v.Ch)
	return c.Err("Outer")
}

func decodeOuter(v *outer, src string) error { return decodeOuterBytes(v, h(src), new(Reader)) }

// decodeOuterBytes decodes src into v with r, which Components hands to
// the interface methods of the components (so that it is on the heap, as
// the pooled Readers of generated code are).
func decodeOuterBytes(v *outer, src []byte, r *Reader) error {
	*r = NewReader(src, nil)
	rest, err := r.Enter(Universal | Constructed | 16)
	if err != nil {
		return err
	}
	if err := v.DecodeBERContent(r); err != nil {
		return err
	}
	return r.Leave(rest)
}

func TestComponents(t *testing.T) {
	type want struct {
		A             int64
		S             string
		HasS          bool
		I             int64
		B, HasB       bool
		Bits          uint64
		HasBits       bool
		HasNull       bool
		ChAlt         int
		TCh           bool
		US            string
		HasUS         bool
		P             int64 // -1: absent
		E             int64 // -1: absent
		FailedAtGuard bool
	}
	got := func(v *outer) want {
		w := want{A: v.A.N, S: string(v.S), HasS: v.HasS, I: v.I, B: v.B, HasB: v.HasB, Bits: v.Bits, HasBits: v.HasBits,
			HasNull: v.HasNull, ChAlt: v.Ch.Alt, TCh: v.TCh != nil, US: string(v.US), HasUS: v.HasUS, P: -1, FailedAtGuard: v.failedAtGuard}
		if v.P != nil {
			w.P = v.P.N
		}
		w.E = -1
		if v.E != nil {
			w.E = v.E.N
		}
		return w
	}
	tests := []struct {
		name  string
		src   string
		want  want
		field string // of the error; "" for none
		cause error
	}{
		{"mandatory only, DEFAULT taken", "30 08  30 03 02 01 05  88 01 09",
			want{A: 5, I: 7, ChAlt: 1, P: -1, E: -1}, "", nil},
		{"every component", "30 2f  30 03 02 01 05  80 02 68 69  81 01 03  82 01 ff  83 02 06 c0  84 00  a5 03 89 01 00  a6 04 04 02 6f 6b  a7 03 02 01 08  aa 05 30 03 02 01 09  89 01 ff",
			want{A: 5, S: "hi", HasS: true, I: 3, B: true, HasB: true, Bits: 0xc000000000000000, HasBits: true, HasNull: true, ChAlt: 2, TCh: true, US: "ok", HasUS: true, P: 8, E: 9}, "", nil},
		{"constructed string", "30 0f  30 03 02 01 05  a0 05 04 03 61 62 63  89 01 00",
			want{A: 5, S: "abc", HasS: true, I: 7, ChAlt: 2, P: -1, E: -1}, "", nil},
		{"mandatory absent: the later calls do nothing", "30 05  80 01 09 80 00",
			want{I: 7, P: -1, FailedAtGuard: true, E: -1}, "a", ErrTagMismatch},
		{"bad INTEGER in an OPTIONAL component", "30 0a  30 03 02 01 05  81 00  82 01 ff",
			want{A: 5, P: -1, FailedAtGuard: true, E: -1}, "i", ErrInvalid},
		{"error inside a pointer component", "30 0a  30 03 02 01 05  a7 03 01 01 08",
			want{A: 5, I: 7, P: 0, FailedAtGuard: true, E: -1}, "p.n", ErrTagMismatch},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var v outer
			err := decodeOuter(&v, tc.src)
			if diff := cmp.Diff(tc.want, got(&v)); diff != "" {
				t.Errorf("decoded (-want +got):\n%s", diff)
			}
			if tc.field == "" {
				if err != nil {
					t.Fatalf("error %v", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Field != tc.field || e.Type != "Outer" || !errors.Is(err, tc.cause) {
				t.Errorf("error %v, want one in Outer.%s that is %v", err, tc.field, tc.cause)
			}
		})
	}
}

// A value decoded again keeps the pointers of the first decoding, and a
// component absent the second time shows nothing of the first.
func TestComponentsReuse(t *testing.T) {
	var v outer
	full := "30 2f  30 03 02 01 05  80 02 68 69  81 01 03  82 01 ff  83 02 06 c0  84 00  a5 03 89 01 00  a6 04 04 02 6f 6b  a7 03 02 01 08  aa 05 30 03 02 01 09  89 01 ff"
	if err := decodeOuter(&v, full); err != nil {
		t.Fatal(err)
	}
	p, e, tch := v.P, v.E, v.TCh
	if err := decodeOuter(&v, "30 08  30 03 02 01 06  88 01 09"); err != nil {
		t.Fatal(err)
	}
	if v.P != nil || v.E != nil || v.TCh != nil || v.HasS || v.S != nil || v.HasUS || v.US != nil || v.HasB || v.B || v.HasBits || v.Bits != 0 || v.HasNull || v.I != 7 {
		t.Errorf("absent components show an earlier value: %+v", v)
	}
	if err := decodeOuter(&v, full); err != nil {
		t.Fatal(err)
	}
	if v.P != p || v.E != e || v.TCh != tch {
		t.Error("the kept values were not reused")
	}
	src, r := h(full), new(Reader)
	allocs := testing.AllocsPerRun(100, func() {
		if err := decodeOuterBytes(&v, src, r); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per decoding into a reused value", allocs)
	}
}

// The first pointer component is charged to the decode budget.
func TestComponentsCharge(t *testing.T) {
	src := h("30 0d  30 03 02 01 05  a7 03 02 01 08  89 01 ff")
	lim := DefaultLimits
	lim.MaxAlloc = 1
	r := NewReader(src, &lim)
	rest, err := r.Enter(Universal | Constructed | 16)
	if err == nil {
		var v outer
		if err = v.DecodeBERContent(&r); err == nil {
			err = r.Leave(rest)
		}
	}
	if !errors.Is(err, ErrBudget) {
		t.Errorf("error %v, want ErrBudget", err)
	}
}

// A mandatory structure in an explicit tag, and the errors of each level.
func TestComponentsExplicitContent(t *testing.T) {
	tests := []struct {
		src   string
		want  int64
		field string
	}{
		{"a1 05 30 03 02 01 04", 4, ""},
		{"a2 05 30 03 02 01 04", 0, "x"},
		{"a1 05 31 03 02 01 04", 0, "x"},
		{"a1 05 30 03 01 01 04", 0, "x.n"},
	}
	for _, tc := range tests {
		var v inner
		r := NewReader(h(tc.src), nil)
		c := r.Components()
		c.ExplicitContent("x", Context|Constructed|1, Universal|Constructed|16, &v)
		err := c.Err("T")
		if tc.field == "" {
			if err != nil || v.N != tc.want || !r.Empty() {
				t.Errorf("%s: %d, %v; want %d", tc.src, v.N, err, tc.want)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Type != "T" || e.Field != tc.field {
			t.Errorf("%s: error %v, want one in T.%s", tc.src, err, tc.field)
		}
	}
}

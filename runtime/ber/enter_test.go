package ber

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// walkInPlace reads every element of r with EnterAny and Leave, recursing
// into constructed ones, and returns the tags and primitive contents seen.
func walkInPlace(r *Reader, out *[]string) error {
	for !r.Empty() {
		t, rest, err := r.EnterAny()
		if err != nil {
			return err
		}
		if t.Constructed() {
			*out = append(*out, t.String()+"{")
			if err := walkInPlace(r, out); err != nil {
				return err
			}
			*out = append(*out, "}")
		} else {
			*out = append(*out, t.String()+"="+hx(r.Rest()))
		}
		if err := r.Leave(rest); err != nil {
			return err
		}
	}
	return nil
}

func TestEnterLeave(t *testing.T) {
	t.Run("walkthrough", func(t *testing.T) {
		r := NewReader(invokePDU, nil)
		inv, err := r.Enter(Context | Constructed | 1)
		if err != nil {
			t.Fatal(err)
		}
		if r.Offset() != 2 || r.Depth() != 1 || r.Len() != 0x15 {
			t.Fatalf("entered: offset %d depth %d len %d", r.Offset(), r.Depth(), r.Len())
		}
		if id, err := r.ReadInt64(IntegerTag); err != nil || id != 0x9d {
			t.Fatalf("invokeId = %d, %v", id, err)
		}
		c, ok := r.TryContents(0x02)
		if !ok || !cmp.Equal(c, h("15")) || cap(c) != 1 {
			t.Fatalf("TryContents = %s, %v (cap %d)", hx(c), ok, cap(c))
		}
		if _, ok := r.TryContents(0x02); ok || r.Offset() != 9 {
			t.Fatal("TryContents of another tag consumed input")
		}
		arg, ok := r.TryEnter(0x30)
		if !ok || r.Offset() != 11 || r.Depth() != 2 {
			t.Fatalf("TryEnter = %v: offset %d depth %d", ok, r.Offset(), r.Depth())
		}
		if b := r.Bytes(); cap(b) != len(b) {
			t.Error("Bytes exposes input past the entered element")
		}
		if _, ok := r.TryEnter(0xa0); ok {
			t.Fatal("TryEnter of another tag succeeded")
		}
		if _, err := r.ReadContents(Application | 21); err != nil {
			t.Fatal(err)
		}
		if r.TryLeave(arg) {
			t.Fatal("TryLeave with contents left succeeded")
		}
		if err := r.Leave(arg); !errors.Is(err, ErrTrailingData) {
			t.Fatalf("Leave with contents left = %v", err)
		}
		cc, ok := r.TryEnter(0xa0)
		if !ok {
			t.Fatal("TryEnter a0 failed")
		}
		if err := r.Skip(); err != nil {
			t.Fatal(err)
		}
		if err := r.Skip(); err != nil {
			t.Fatal(err)
		}
		for _, rest := range []int{cc, arg} {
			if !r.TryLeave(rest) {
				t.Fatalf("TryLeave(%d) failed at offset %d", rest, r.Offset())
			}
		}
		if err := r.Leave(inv); err != nil {
			t.Fatal(err)
		}
		if r.Depth() != 0 || r.Offset() != len(invokePDU) || r.Finish() != nil {
			t.Errorf("after leaving: depth %d offset %d", r.Depth(), r.Offset())
		}
		if n := DefaultMaxElements - r.budget; n != 8 {
			t.Errorf("element count %d, want 8", n)
		}
	})
	t.Run("indefinite and long-form lengths", func(t *testing.T) {
		// X.690 8.1.3.5, 8.1.3.6: the same tree with three length forms.
		for _, in := range []string{
			"30 08 a1 03 02 01 05 04 01 41 02 01 07",
			"30 80 a1 80 02 01 05 00 00 04 01 41 00 00 02 01 07",
			"30 81 0b a1 82 00 03 02 01 05 04 81 01 41 02 01 07",
		} {
			r := NewReader(h(in), nil)
			var got []string
			if err := walkInPlace(&r, &got); err != nil {
				t.Fatalf("%s: %v", in, err)
			}
			want := []string{"[UNIVERSAL 16] constructed{", "[1] constructed{", "[UNIVERSAL 2]=05", "}", "[UNIVERSAL 4]=41", "}", "[UNIVERSAL 2]=07"}
			if !cmp.Equal(got, want) {
				t.Errorf("%s: walk = %q", in, got)
			}
			if r.Offset() != len(h(in)) || r.Depth() != 0 {
				t.Errorf("%s: ended at offset %d depth %d", in, r.Offset(), r.Depth())
			}
		}
	})
	t.Run("errors consume nothing", func(t *testing.T) {
		r := NewReader(h("30 03 02 01"), nil)
		if _, err := r.Enter(SequenceTag); !errors.Is(err, ErrTruncated) || r.Offset() != 0 || r.Depth() != 0 {
			t.Errorf("Enter of a truncated element = %v at %d", err, r.Offset())
		}
		if _, ok := r.TryEnter(0x30); ok {
			t.Error("TryEnter of a truncated element succeeded")
		}
		r = NewReader(h("02 01 05"), nil)
		if _, err := r.Enter(SequenceTag); !errors.Is(err, ErrTagMismatch) || r.Len() != 3 {
			t.Errorf("Enter of another tag = %v", err)
		}
		r = NewReader(nil, nil)
		if _, err := r.Enter(SequenceTag); !errors.Is(err, ErrMissing) {
			t.Errorf("Enter on empty = %v", err)
		}
		if _, _, err := r.EnterAny(); !errors.Is(err, ErrTruncated) {
			t.Errorf("EnterAny on empty = %v", err)
		}
	})
	t.Run("limits", func(t *testing.T) {
		in := h("30 06 30 04 30 02 05 00")
		r := NewReader(in, &Limits{MaxDepth: 3})
		for k := 0; k < 3; k++ {
			if _, ok := r.TryEnter(0x30); !ok {
				t.Fatalf("TryEnter level %d failed", k)
			}
		}
		if _, ok := r.TryContents(0x05); ok {
			t.Error("TryContents read below MaxDepth")
		}
		if _, err := r.ReadContents(NullTag); !errors.Is(err, ErrTooDeep) {
			t.Errorf("read below MaxDepth = %v", err)
		}
		r = NewReader(in, &Limits{MaxElements: 2})
		r.TryEnter(0x30)
		r.TryEnter(0x30)
		if _, ok := r.TryEnter(0x30); ok {
			t.Error("TryEnter past MaxElements succeeded")
		}
		if _, err := r.Enter(SequenceTag); !errors.Is(err, ErrTooManyElements) {
			t.Errorf("Enter past MaxElements = %v", err)
		}
		// A short-form length above MaxLength takes the checked path.
		r = NewReader(h("04 03 41 42 43"), &Limits{MaxLength: 2})
		if _, ok := r.TryContents(0x04); ok {
			t.Error("TryContents ignored MaxLength")
		}
		if _, err := r.ReadContents(OctetStringTag); !errors.Is(err, ErrTooLong) {
			t.Errorf("ReadContents past MaxLength = %v", err)
		}
		// EnterAny's short-form path keeps the same limits.
		r = NewReader(in, &Limits{MaxDepth: 2})
		for k := 0; k < 2; k++ {
			if _, _, err := r.EnterAny(); err != nil {
				t.Fatalf("EnterAny level %d: %v", k, err)
			}
		}
		if _, _, err := r.EnterAny(); !errors.Is(err, ErrTooDeep) {
			t.Errorf("EnterAny below MaxDepth = %v", err)
		}
		r = NewReader(in, &Limits{MaxElements: 1})
		r.EnterAny()
		if _, _, err := r.EnterAny(); !errors.Is(err, ErrTooManyElements) {
			t.Errorf("EnterAny past MaxElements = %v", err)
		}
		r = NewReader(h("30 03 02 01 05"), &Limits{MaxLength: 2})
		if _, _, err := r.EnterAny(); !errors.Is(err, ErrTooLong) || r.Len() != 5 {
			t.Errorf("EnterAny past MaxLength = %v, %d left", err, r.Len())
		}
	})
}

// TestEnterForms checks Enter on each length form and against each limit,
// twice nested so that the second Enter runs one level down (MaxLength, which
// the outer element always reaches first, is checked there): the inline
// decision of one identifier octet with one or two long-form length octets,
// and the shapes it leaves to head. On error nothing is consumed.
func TestEnterForms(t *testing.T) {
	seq := Universal | Constructed | TagSequence
	tests := []struct {
		name  string
		in    string
		lim   *Limits
		tag   Tag
		want  string // the inner contents, as hex
		err   error  // of the second Enter, or of the first with outer set
		outer bool
	}{
		{"short", "30 05 30 03 02 01 05", nil, seq, "02 01 05", nil, false},
		{"one length octet", "30 81 06 30 81 03 02 01 05", nil, seq, "02 01 05", nil, false},
		{"two length octets", "30 82 00 07 30 82 00 03 02 01 05", nil, seq, "02 01 05", nil, false},
		{"three length octets", "30 83 00 00 08 30 83 00 00 03 02 01 05", nil, seq, "02 01 05", nil, false},
		{"indefinite", "30 80 30 80 02 01 05 00 00 00 00", nil, seq, "02 01 05", nil, false},
		{"long tag", "bf 1f 81 07 bf 1f 81 03 02 01 05", nil, Context | Constructed | 31, "02 01 05", nil, false},
		{"truncated one octet", "30 81 06 30 81 04 02 01 05", nil, seq, "", ErrTruncated, false},
		{"truncated two octets", "30 82 00 07 30 82 00 04 02 01 05", nil, seq, "", ErrTruncated, false},
		{"length octet missing", "30 02 30 81", nil, seq, "", ErrTruncated, false},
		{"second length octet missing", "30 03 30 82 00", nil, seq, "", ErrTruncated, false},
		{"over MaxLength", "30 81 86 30 81 83" + strings.Repeat(" 04", 0x83), &Limits{MaxLength: 0x85}, seq, "", ErrTooLong, true},
		{"over MaxLength, two octets", "30 82 01 03 30 82 01 00" + strings.Repeat(" 04", 0x100), &Limits{MaxLength: 0x102}, seq, "", ErrTooLong, true},
		{"at MaxLength", "30 81 86 30 81 83" + strings.Repeat(" 04", 0x83), &Limits{MaxLength: 0x86}, seq, strings.TrimSpace(strings.Repeat("04 ", 0x83)), nil, false},
		{"MaxDepth", "30 81 06 30 81 03 02 01 05", &Limits{MaxDepth: 1}, seq, "", ErrTooDeep, false},
		{"MaxElements", "30 81 06 30 81 03 02 01 05", &Limits{MaxElements: 1}, seq, "", ErrTooManyElements, false},
		{"other tag", "30 81 06 31 81 03 02 01 05", nil, seq, "", ErrTagMismatch, false},
		{"end-of-contents", "30 03 00 81 00", nil, seq, "", errUnexpectedEOC, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader(h(tt.in), tt.lim)
			outer, err := r.Enter(tt.tag)
			if tt.outer {
				if !errors.Is(err, tt.err) {
					t.Fatalf("outer Enter = %v, want %v", err, tt.err)
				}
				if r.Offset() != 0 || r.Depth() != 0 {
					t.Errorf("after the error: offset %d, depth %d; want 0, 0", r.Offset(), r.Depth())
				}
				return
			}
			if err != nil {
				t.Fatalf("outer Enter = %v", err)
			}
			before := r.Offset()
			inner, err := r.Enter(tt.tag)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("inner Enter = %v, want %v", err, tt.err)
				}
				if r.Offset() != before || r.Depth() != 1 {
					t.Errorf("after the error: offset %d, depth %d; want %d, 1", r.Offset(), r.Depth(), before)
				}
				return
			}
			if err != nil {
				t.Fatalf("inner Enter = %v", err)
			}
			if got := hx(r.Rest()); got != tt.want {
				t.Errorf("contents %s, want %s", got, tt.want)
			}
			if err := r.Leave(inner); err != nil {
				t.Fatalf("inner Leave = %v", err)
			}
			if err := r.Leave(outer); err != nil {
				t.Fatalf("outer Leave = %v", err)
			}
			if err := r.Finish(); err != nil {
				t.Errorf("Finish = %v", err)
			}
		})
	}
}

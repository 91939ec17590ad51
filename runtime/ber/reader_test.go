package ber

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A ROSE Invoke carrying a HiPath-style event: a1 { 02 invokeId, 02 opcode,
// 30 { 55 crossRef, a0 { ... } } }.
var invokePDU = h("a1 15 02 02 00 9d 02 01 15 30 0c 55 02 00 00 a0 06 4e 01 02 0a 01 16")

func TestReaderWalkthrough(t *testing.T) {
	r := NewReader(invokePDU, nil)
	var inv, arg, cc Reader
	if err := r.ReadElement(Context|Constructed|1, &inv); err != nil {
		t.Fatal(err)
	}
	if inv.Offset() != 2 || inv.Depth() != 1 || inv.Len() != 0x15 {
		t.Fatalf("invoke reader: offset %d depth %d len %d", inv.Offset(), inv.Depth(), inv.Len())
	}
	id, err := inv.ReadInt64(IntegerTag)
	if err != nil || id != 0x9d {
		t.Fatalf("invokeId = %d, %v", id, err)
	}
	op, err := inv.ReadInt64(IntegerTag)
	if err != nil || op != 21 {
		t.Fatalf("opcode = %d, %v", op, err)
	}
	if err := inv.ReadElement(SequenceTag, &arg); err != nil {
		t.Fatal(err)
	}
	if arg.Offset() != 11 || arg.Depth() != 2 {
		t.Errorf("arg offset %d depth %d", arg.Offset(), arg.Depth())
	}
	present, err := arg.ReadOptional(Context|1, &cc)
	if err != nil || present {
		t.Errorf("ReadOptional of absent tag = %v, %v", present, err)
	}
	xref, err := arg.ReadContents(Application | 21)
	if err != nil || !cmp.Equal(xref, h("00 00")) {
		t.Errorf("crossRef = %s, %v", hx(xref), err)
	}
	present, err = arg.ReadOptional(Context|Constructed|0, &cc)
	if err != nil || !present {
		t.Fatalf("ReadOptional = %v, %v", present, err)
	}
	if tag, ok := cc.PeekTag(); !ok || tag != Application|14 {
		t.Errorf("PeekTag = %v, %v", tag, ok)
	}
	if err := cc.Skip(); err != nil {
		t.Fatal(err)
	}
	tag, raw, err := cc.ReadRaw()
	if err != nil || tag != EnumeratedTag || !cmp.Equal(raw, h("0a 01 16")) {
		t.Errorf("ReadRaw = %v, %s, %v", tag, hx(raw), err)
	}
	if !cc.Empty() {
		t.Error("cc not empty")
	}
	if _, ok := cc.PeekTag(); ok {
		t.Error("PeekTag on empty reader reported a tag")
	}
	present, err = cc.ReadOptional(EnumeratedTag, &cc)
	if present || err != nil {
		t.Errorf("ReadOptional on empty = %v, %v", present, err)
	}
	for _, step := range []struct {
		parent, child *Reader
	}{{&arg, &cc}, {&inv, &arg}, {&r, &inv}} {
		if err := step.parent.End(step.child); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Finish(); err != nil {
		t.Fatal(err)
	}
	// Elements: a1, 02, 02, 30, 55, a0, 4e, 0a.
	if n := DefaultMaxElements - r.budget; n != 8 {
		t.Errorf("element count %d, want 8", n)
	}
}

func TestReaderErrors(t *testing.T) {
	t.Run("tag mismatch names want and got and offset", func(t *testing.T) {
		r := NewReader(invokePDU, nil)
		var inv, c Reader
		if err := r.ReadElement(Context|Constructed|1, &inv); err != nil {
			t.Fatal(err)
		}
		err := inv.ReadElement(Application|Constructed|11, &c)
		if !errors.Is(err, ErrTagMismatch) {
			t.Fatalf("error = %v", err)
		}
		if got, want := err.Error(), "ber: at offset 2: tag mismatch: want [APPLICATION 11] constructed, got [UNIVERSAL 2]"; got != want {
			t.Errorf("Error() = %q\nwant     %q", got, want)
		}
		if inv.Offset() != 2 {
			t.Error("a failed read consumed input")
		}
		err = WrapField(err, "DeviceID", "deviceIdentifier")
		err = WrapField(err, "MakeCallArgument", "callingDevice")
		if got, want := err.Error(), "ber: MakeCallArgument.callingDevice.deviceIdentifier at offset 2: tag mismatch: want [APPLICATION 11] constructed, got [UNIVERSAL 2]"; got != want {
			t.Errorf("wrapped Error() = %q\nwant             %q", got, want)
		}
		var e *Error
		if !errors.As(err, &e) || e.Type != "MakeCallArgument" || e.Field != "callingDevice.deviceIdentifier" || e.Offset != 2 {
			t.Errorf("wrapped = %#v", e)
		}
	})
	t.Run("missing", func(t *testing.T) {
		r := NewReader(h("30 00"), nil)
		var c, d Reader
		if err := r.ReadElement(SequenceTag, &c); err != nil {
			t.Fatal(err)
		}
		err := c.ReadElement(IntegerTag, &d)
		if !errors.Is(err, ErrMissing) {
			t.Fatalf("error = %v", err)
		}
		if got, want := err.Error(), "ber: at offset 2: missing mandatory component: want [UNIVERSAL 2], got end of contents"; got != want {
			t.Errorf("Error() = %q", got)
		}
		for _, f := range []func() error{
			func() error { _, err := c.ReadContents(IntegerTag); return err },
			func() error { _, err := c.ReadString(OctetStringTag, nil); return err },
			func() error { _, _, err := c.ReadBitString(BitStringTag, nil); return err },
			func() error { _, err := c.ReadInt64(IntegerTag); return err },
		} {
			if err := f(); !errors.Is(err, ErrMissing) {
				t.Errorf("read on empty = %v, want ErrMissing", err)
			}
		}
		for _, f := range []func() error{
			func() error { _, err := c.ReadAny(&d); return err },
			func() error { return c.Skip() },
			func() error { _, _, err := c.ReadRaw(); return err },
		} {
			if err := f(); !errors.Is(err, ErrTruncated) {
				t.Errorf("read on empty = %v, want ErrTruncated", err)
			}
		}
	})
	t.Run("trailing data", func(t *testing.T) {
		r := NewReader(h("02 01 05 ff"), nil)
		if _, err := r.ReadInt64(IntegerTag); err != nil {
			t.Fatal(err)
		}
		err := r.Finish()
		if !errors.Is(err, ErrTrailingData) || err.Error() != "ber: at offset 3: trailing data" {
			t.Errorf("Finish = %v", err)
		}
		r = NewReader(h("30 03 02 01 05"), nil)
		var c Reader
		if err := r.ReadElement(SequenceTag, &c); err != nil {
			t.Fatal(err)
		}
		if err := r.End(&c); !errors.Is(err, ErrTrailingData) {
			t.Errorf("End with data left = %v", err)
		}
	})
	t.Run("ReadBool", func(t *testing.T) {
		for in, want := range map[string]bool{"01 01 00": false, "01 01 ff": true, "01 01 01": true, "01 81 01 00": false} {
			r := NewReader(h(in), nil)
			if v, err := r.ReadBool(BooleanTag); err != nil || v != want || !r.Empty() {
				t.Errorf("ReadBool(%s) = %v, %v, %d left; want %v", in, v, err, r.Len(), want)
			}
		}
	})
	t.Run("content errors carry the element offset", func(t *testing.T) {
		r := NewReader(h("30 07 01 01 ff 01 02 00 00"), nil)
		var c Reader
		if err := r.ReadElement(SequenceTag, &c); err != nil {
			t.Fatal(err)
		}
		if v, err := c.ReadBool(BooleanTag); err != nil || !v {
			t.Fatalf("ReadBool = %v, %v", v, err)
		}
		_, err := c.ReadBool(BooleanTag)
		var e *Error
		if !errors.As(err, &e) || e.Offset != 5 || !errors.Is(err, ErrInvalid) {
			t.Errorf("ReadBool error = %#v", err)
		}
	})
	t.Run("ReadX tag mismatch", func(t *testing.T) {
		for _, f := range []func(r *Reader) error{
			func(r *Reader) error { _, err := r.ReadInt64(EnumeratedTag); return err },
			func(r *Reader) error { _, err := r.ReadUint64(EnumeratedTag); return err },
			func(r *Reader) error { _, err := r.ReadBool(BooleanTag); return err },
			func(r *Reader) error { return r.ReadNull(NullTag) },
			func(r *Reader) error { _, err := r.ReadOID(OIDTag, nil); return err },
			func(r *Reader) error { _, err := r.ReadReal(RealTag); return err },
			func(r *Reader) error { _, err := r.ReadNamedBits(BitStringTag); return err },
			func(r *Reader) error { _, err := r.ReadString(IA5StringTag, nil); return err },
			func(r *Reader) error { _, _, err := r.ReadBitString(BitStringTag, nil); return err },
			func(r *Reader) error { var c Reader; _, err := r.ReadOptional(IntegerTag|Constructed, &c); return err },
		} {
			r := NewReader(h("02 01 05"), nil)
			if err := f(&r); err != nil && !errors.Is(err, ErrTagMismatch) {
				t.Errorf("error = %v, want ErrTagMismatch or none", err)
			} else if err != nil && r.Len() != 3 {
				t.Error("mismatch consumed input")
			}
		}
	})
	t.Run("ReadUint64", func(t *testing.T) {
		r := NewReader(h("02 02 00 ff 02 01 ff"), nil)
		if v, err := r.ReadUint64(IntegerTag); err != nil || v != 255 {
			t.Errorf("ReadUint64 = %d, %v", v, err)
		}
		if _, err := r.ReadUint64(IntegerTag); !errors.Is(err, ErrOverflow) {
			t.Errorf("ReadUint64(-1) = %v", err)
		}
	})
}

func TestErrorHelpers(t *testing.T) {
	tests := []struct {
		name string
		err  error
		msg  string
		is   error
	}{
		{"Missing", Missing(7, "MakeCallArgument", "callingDevice"), "ber: MakeCallArgument.callingDevice at offset 7: missing mandatory component", ErrMissing},
		{"Constraint", Constraint(3, "DeviceID", "dialingNumber", "size 70 not in 0..64"), "ber: DeviceID.dialingNumber at offset 3: constraint violated: size 70 not in 0..64", ErrConstraint},
		{"UnknownAlternative", UnknownAlternative(9, "LocalDeviceID", Context|Constructed|9), "ber: LocalDeviceID at offset 9: unknown alternative: got [9] constructed", ErrUnknownAlternative},
		{"WrapField of a plain error", WrapField(ErrOverflow, "T", "f"), "ber: T.f: value out of range", ErrOverflow},
		{"WrapField with empty field keeps name", WrapField(Missing(1, "A", "b"), "C", ""), "ber: A.b at offset 1: missing mandatory component", ErrMissing},
		{"WrapField with empty field on unnamed", WrapField(AtOffset(ErrInvalid, 4), "T", ""), "ber: T at offset 4: invalid contents", ErrInvalid},
		{"WrapIndex", WrapField(WrapIndex(Missing(2, "Item", "x"), "List", "items", 3), "Top", "list"), "ber: Top.list.items[3].x at offset 2: missing mandatory component", ErrMissing},
		{"AtOffset", AtOffset(ErrOverflow, 12), "ber: at offset 12: value out of range", ErrOverflow},
		{"AtOffset keeps *Error", AtOffset(Missing(1, "A", "b"), 99), "ber: A.b at offset 1: missing mandatory component", ErrMissing},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err.Error() != tc.msg {
				t.Errorf("Error() = %q\nwant      %q", tc.err.Error(), tc.msg)
			}
			if !errors.Is(tc.err, tc.is) {
				t.Errorf("errors.Is(%v) false", tc.is)
			}
		})
	}
	if WrapField(nil, "T", "f") != nil || WrapIndex(nil, "T", "f", 1) != nil || AtOffset(nil, 1) != nil {
		t.Error("nil error not kept nil")
	}
	// WrapField must not modify the error it was given.
	inner := Missing(1, "", "")
	_ = WrapField(inner, "T", "f")
	if e := inner.(*Error); e.Type != "" || e.Field != "" {
		t.Error("WrapField modified its argument")
	}
}

// X.690 8.7.3, 8.23.6: constructed strings.
func TestReadString_X690_8_7_3(t *testing.T) {
	tests := []struct {
		name string
		tag  Tag
		in   string
		want string
		err  error
	}{
		{"primitive", OctetStringTag, "04 03 61 62 63", "abc", nil},
		{"8.7.3 constructed definite", OctetStringTag, "24 08 04 02 61 62 04 02 63 64", "abcd", nil},
		{"8.7.3 constructed indefinite", OctetStringTag, "24 80 04 02 61 62 04 01 63 00 00", "abc", nil},
		{"nested constructed", OctetStringTag, "24 0a 04 01 61 24 80 04 01 62 00 00", "ab", nil},
		{"nested indefinite in indefinite", OctetStringTag, "24 80 24 80 04 01 61 00 00 04 01 62 00 00", "ab", nil},
		{"8.23.6 IA5String constructed", IA5StringTag, "36 06 04 01 35 04 01 34", "54", nil},
		{"context tag", Context | 2, "a2 05 04 03 35 34 38", "548", nil},
		{"empty constructed", OctetStringTag, "24 00", "", nil},
		{"constructed tag as argument", OctetStringTag | Constructed, "04 01 61", "a", nil},
		{"segment of wrong type", OctetStringTag, "24 03 16 01 61", "", ErrTagMismatch},
		{"truncated segment", OctetStringTag, "24 03 04 05 61", "", ErrTruncated},
		{"wrong outer tag", OctetStringTag, "16 01 61", "", ErrTagMismatch},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := h(tc.in)
			scratch := []byte("prev")
			r := NewReader(in, nil)
			got, err := r.ReadString(tc.tag, &scratch)
			if !errors.Is(err, tc.err) {
				t.Fatalf("ReadString error = %v, want %v", err, tc.err)
			}
			if err != nil {
				return
			}
			if string(got) != tc.want {
				t.Errorf("ReadString = %q, want %q", got, tc.want)
			}
			if !r.Empty() {
				t.Errorf("%d bytes left", r.Len())
			}
			if string(scratch[:4]) != "prev" {
				t.Error("earlier scratch contents overwritten")
			}
			if in[0]&0x20 == 0 && len(got) > 0 && &got[0] != &in[2] {
				t.Error("primitive string was copied")
			}
			if cap(got) != len(got) {
				t.Error("result has spare capacity that aliases other data")
			}
			r = NewReader(in, nil)
			if got, err := r.ReadString(tc.tag, nil); err != nil || string(got) != tc.want {
				t.Errorf("ReadString(nil scratch) = %q, %v", got, err)
			}
		})
	}
}

// X.690 8.6.3, 8.6.4: constructed BIT STRING.
func TestReadBitString_X690_8_6_4(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		unused int
		bits   string
		err    error
	}{
		{"primitive", "03 02 06 40", 6, "40", nil},
		{"8.6.4 constructed", "23 09 03 03 00 0a 3b 03 02 04 5f", 4, "0a 3b 5f", nil},
		{"constructed indefinite nested", "23 80 03 02 00 0a 23 80 03 02 04 50 00 00 00 00", 4, "0a 50", nil},
		{"unused bits before the last segment", "23 08 03 02 04 0a 03 02 00 3b", 0, "", ErrInvalid},
		{"bad segment", "23 03 03 01 09", 0, "", ErrInvalid},
		{"bad primitive", "03 01 09", 0, "", ErrInvalid},
		{"wrong segment tag", "23 03 04 01 00", 0, "", ErrTagMismatch},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var scratch []byte
			r := NewReader(h(tc.in), nil)
			u, b, err := r.ReadBitString(BitStringTag, &scratch)
			if !errors.Is(err, tc.err) {
				t.Fatalf("error = %v, want %v", err, tc.err)
			}
			if err == nil && (u != tc.unused || !cmp.Equal(b, h(tc.bits), cmp.Comparer(bytesEq))) {
				t.Errorf("ReadBitString = %d, %s; want %d, %s", u, hx(b), tc.unused, tc.bits)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	var lim Limits
	d, e, l := lim.resolve()
	if d != DefaultMaxDepth || e != DefaultMaxElements || l != DefaultMaxLength {
		t.Errorf("zero Limits resolve to %d %d %d", d, e, l)
	}
	d, e, l = (*Limits)(nil).resolve()
	if d != DefaultMaxDepth || e != DefaultMaxElements || l != DefaultMaxLength {
		t.Errorf("nil Limits resolve to %d %d %d", d, e, l)
	}
	// MaxLength below 128 still applies to short-form lengths.
	small := &Limits{MaxLength: 3}
	r := NewReader(h("04 03 61 62 63 04 04 61 62 63 64"), small)
	if _, err := r.ReadContents(OctetStringTag); err != nil {
		t.Fatal(err)
	}
	if _, err := r.ReadContents(OctetStringTag); !errors.Is(err, ErrTooLong) {
		t.Errorf("4-octet contents under MaxLength 3 = %v", err)
	}
	if _, err := WalkTLV(h("04 04 61 62 63 64"), small); !errors.Is(err, ErrTooLong) {
		t.Errorf("WalkTLV under MaxLength 3 = %v", err)
	}
	if _, err := ElementLen(h("04 04 61 62 63 64"), small); !errors.Is(err, ErrTooLong) {
		t.Errorf("ElementLen under MaxLength 3 = %v", err)
	}
	if _, err := ElementLen(h("30 80 04 02 61 62 04 02 63 64 00 00"), small); !errors.Is(err, ErrTooLong) {
		t.Errorf("ElementLen of long indefinite under MaxLength 3 = %v", err)
	}
	// MaxDepth 2: an element at level 2 is rejected, at level 1 accepted.
	two := &Limits{MaxDepth: 2}
	if _, err := WalkTLV(h("30 02 30 00"), two); err != nil {
		t.Errorf("depth 2 walk: %v", err)
	}
	if _, err := WalkTLV(h("30 04 30 02 05 00"), two); !errors.Is(err, ErrTooDeep) {
		t.Errorf("depth 3 walk: %v", err)
	}
	if n, err := walkReader(h("30 02 30 00"), two); err != nil || n != 2 {
		t.Errorf("depth 2 reader walk: %d, %v", n, err)
	}
	if _, err := walkReader(h("30 04 30 02 05 00"), two); !errors.Is(err, ErrTooDeep) {
		t.Errorf("depth 3 reader walk: %v", err)
	}
	// MaxDepth 1: empty constructed elements are fine, any child is not.
	one := &Limits{MaxDepth: 1}
	for _, tc := range []struct {
		in  string
		err error
	}{
		{"30 00", nil},
		{"30 80 00 00", nil},
		{"30 80 00 00 30 00", nil},
		{"30 02 05 00", ErrTooDeep},
		{"30 80 05 00 00 00", ErrTooDeep},
	} {
		if _, err := WalkTLV(h(tc.in), one); !errors.Is(err, tc.err) {
			t.Errorf("WalkTLV(%s) with MaxDepth 1 = %v, want %v", tc.in, err, tc.err)
		}
		if _, err := walkReader(h(tc.in), one); !errors.Is(err, tc.err) {
			t.Errorf("Reader walk(%s) with MaxDepth 1 = %v, want %v", tc.in, err, tc.err)
		}
	}
	// More than 64 levels allowed when configured.
	deep := append(bytes.Repeat([]byte{0x30, 0x80}, 100), make([]byte, 200)...)
	if n, err := WalkTLV(deep, &Limits{MaxDepth: 101}); err != nil || n != 100 {
		t.Errorf("WalkTLV of 100 levels with MaxDepth 101 = %d, %v", n, err)
	}
	if n, err := walkReader(deep, &Limits{MaxDepth: 101}); err != nil || n != 100 {
		t.Errorf("Reader walk of 100 levels with MaxDepth 101 = %d, %v", n, err)
	}
	if _, err := WalkTLV(deep, &Limits{MaxDepth: 99}); !errors.Is(err, ErrTooDeep) {
		t.Errorf("WalkTLV of 100 levels with MaxDepth 99 = %v", err)
	}
	// MaxElements counts across the whole Reader tree when End is used.
	three := &Limits{MaxElements: 3}
	if _, err := walkReader(h("30 04 05 00 05 00"), three); err != nil {
		t.Errorf("3 elements: %v", err)
	}
	if _, err := walkReader(h("30 04 05 00 05 00 05 00"), three); !errors.Is(err, ErrTooManyElements) {
		t.Errorf("4 elements: %v", err)
	}
	if _, err := WalkTLV(h("30 04 05 00 05 00 05 00"), three); !errors.Is(err, ErrTooManyElements) {
		t.Errorf("4 elements walk: %v", err)
	}
}

// walkReader reads every element of src with ReadAny, recursing into
// constructed ones and closing them with End: the Reader-based equivalent
// of WalkTLV. Readers are passed by value into the recursion, as generated
// code for recursive types must do: a self-recursive function that passes
// the address of its local sub-Reader makes the compiler move it to the heap.
func walkReader(src []byte, lim *Limits) (int, error) {
	r, n, err := walkReaderRec(NewReader(src, lim))
	if err == nil {
		err = r.Finish()
	}
	return n, err
}

func walkReaderRec(r Reader) (Reader, int, error) {
	n := 0
	for !r.Empty() {
		var c Reader
		t, err := r.ReadAny(&c)
		if err != nil {
			return r, n, err
		}
		n++
		if t.Constructed() {
			var m int
			c, m, err = walkReaderRec(c)
			n += m
			if err != nil {
				return r, n, err
			}
		} else {
			c.s = nil
		}
		if err := r.End(&c); err != nil {
			return r, n, err
		}
	}
	return r, n, nil
}

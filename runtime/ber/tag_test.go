package ber

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// X.690 8.1.2: identifier octets.
func TestTag_X690_8_1_2(t *testing.T) {
	tests := []struct {
		name string
		tag  Tag
		enc  string
		str  string
	}{
		{"8.1.2.2 universal primitive INTEGER", IntegerTag, "02", "[UNIVERSAL 2]"},
		{"8.1.2.5 universal constructed SEQUENCE", SequenceTag, "30", "[UNIVERSAL 16] constructed"},
		{"8.1.2.2 application primitive", Application | 21, "55", "[APPLICATION 21]"},
		{"8.1.2.2 application constructed", Application | Constructed | 11, "6b", "[APPLICATION 11] constructed"},
		{"8.1.2.2 context primitive", Context | 0, "80", "[0]"},
		{"8.1.2.2 context constructed", Context | Constructed | 3, "a3", "[3] constructed"},
		{"8.1.2.2 private", Private | 30, "de", "[PRIVATE 30]"},
		{"8.1.2.2 number 30 short", Application | Constructed | 30, "7e", "[APPLICATION 30] constructed"},
		{"8.1.2.4 number 31 long", Context | 31, "9f 1f", "[31]"},
		{"8.1.2.4 number 127", Context | 127, "9f 7f", "[127]"},
		{"8.1.2.4 number 128", Private | Constructed | 128, "ff 81 00", "[PRIVATE 128] constructed"},
		{"8.1.2.4 number 201", Application | 201, "5f 81 49", "[APPLICATION 201]"},
		{"8.1.2.4 number 16383", Context | 16383, "9f ff 7f", "[16383]"},
		{"8.1.2.4 number 16384", Context | 16384, "9f 81 80 00", "[16384]"},
		{"8.1.2.4 MaxTagNumber", Universal | MaxTagNumber, "1f ff ff ff 7f", "[UNIVERSAL 268435455]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			enc := h(tc.enc)
			if got := put(t, SizeTag(tc.tag), func(b []byte, i int) int { return PutTag(b, i, tc.tag) }); !cmp.Equal(got, enc) {
				t.Errorf("PutTag = %s, want %s", hx(got), tc.enc)
			}
			if got := AppendTag([]byte{0xee}, tc.tag); !cmp.Equal(got, append([]byte{0xee}, enc...)) {
				t.Errorf("AppendTag = %s", hx(got))
			}
			got, n, err := parseTag(append(enc, 0x00))
			if err != nil || got != tc.tag || n != len(enc) {
				t.Errorf("parseTag = %v, %d, %v; want %v, %d", got, n, err, tc.tag, len(enc))
			}
			if s := tc.tag.String(); s != tc.str {
				t.Errorf("String = %q, want %q", s, tc.str)
			}
			nt := NewTag(tc.tag.Class(), tc.tag.Number(), tc.tag.Constructed())
			if nt != tc.tag {
				t.Errorf("NewTag(%v, %d, %v) = %v", tc.tag.Class(), tc.tag.Number(), tc.tag.Constructed(), nt)
			}
			r := NewReader(append(enc, 0x00), nil)
			if pt, ok := r.PeekTag(); !ok || pt != tc.tag {
				t.Errorf("PeekTag = %v, %v", pt, ok)
			}
		})
	}
}

func TestTagAccessors(t *testing.T) {
	tg := NewTag(ClassContext, 5, true)
	if tg.Class() != ClassContext || tg.Number() != 5 || !tg.Constructed() {
		t.Errorf("accessors of %v wrong", tg)
	}
	if tg.Primitive() != Context|5 || tg.Primitive().AsConstructed() != tg {
		t.Errorf("Primitive/AsConstructed of %v wrong", tg)
	}
	if NewTag(ClassApplication, 11, false) != Application|11 {
		t.Error("NewTag application")
	}
	for c, want := range map[Class]string{ClassUniversal: "UNIVERSAL", ClassApplication: "APPLICATION", ClassContext: "CONTEXT", ClassPrivate: "PRIVATE"} {
		if c.String() != want {
			t.Errorf("Class(%d).String() = %q", c, c.String())
		}
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("NewTag(MaxTagNumber+1) did not panic")
			}
		}()
		NewTag(ClassContext, MaxTagNumber+1, false)
	}()
}

// X.690 8.1.2.4: malformed long-form identifiers are rejected.
func TestTagErrors_X690_8_1_2_4(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"empty", "", ErrTruncated},
		{"long form without subsequent octet", "9f", ErrTruncated},
		{"long form ends in continuation", "9f 81", ErrTruncated},
		{"8.1.2.4.2c leading 0x80", "9f 80 1f", ErrBadTag},
		{"8.1.2.2 number below 31 in long form", "9f 1e", ErrBadTag},
		{"number 2^28 needs five octets", "9f 81 80 80 80 00", ErrBadTag},
		{"five continuation octets", "9f ff ff ff ff ff 7f", ErrBadTag},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := parseTag(h(tc.in))
			if !errors.Is(err, tc.want) {
				t.Errorf("parseTag(%s) error = %v, want %v", tc.in, err, tc.want)
			}
			r := NewReader(h(tc.in), nil)
			if _, ok := r.PeekTag(); ok {
				t.Errorf("PeekTag accepted %s", tc.in)
			}
			var c Reader
			if _, err := r.ReadAny(&c); !errors.Is(err, tc.want) {
				t.Errorf("ReadAny error = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestPutIdentifier(t *testing.T) {
	got := put(t, 3, func(b []byte, i int) int { return PutIdentifier(b, i, "\x9f\x81\x49") })
	if !cmp.Equal(got, h("9f 81 49")) {
		t.Errorf("PutIdentifier = %s", hx(got))
	}
}

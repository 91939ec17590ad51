package ber

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// X.690 8.1.3: length octets, as seen through ReadAny.
func TestLength_X690_8_1_3(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		tag      Tag
		contents string // want contents, when ok
		rest     int    // bytes left after the element
		err      error
		off      int // offset the error reports
	}{
		{"8.1.3.4 short form 0", "04 00", OctetStringTag, "", 0, nil, 0},
		{"8.1.3.4 short form 127", "04 7f" + repeatHex("aa", 127), OctetStringTag, repeatHex("aa", 127), 0, nil, 0},
		{"8.1.3.5 long form 128", "04 81 80" + repeatHex("bb", 128), OctetStringTag, repeatHex("bb", 128), 0, nil, 0},
		{"8.1.3.5 long form two octets", "04 82 01 00" + repeatHex("cc", 256), OctetStringTag, repeatHex("cc", 256), 0, nil, 0},
		{"8.1.3.5 NOTE 2 non-minimal long form accepted", "02 81 01 05", IntegerTag, "05", 0, nil, 0},
		{"8.1.3.5 NOTE 2 leading zero length octets", "02 84 00 00 00 01 05 ff", IntegerTag, "05", 1, nil, 0},
		{"8.1.3.5 many leading zero octets", "02 8a 00 00 00 00 00 00 00 00 00 01 05", IntegerTag, "05", 0, nil, 0},
		{"8.1.3.6 indefinite", "30 80 02 01 05 00 00", SequenceTag, "02 01 05", 0, nil, 0},
		{"8.1.3.6 indefinite empty", "30 80 00 00 01 01 ff", SequenceTag, "", 3, nil, 0},
		{"8.1.3.6 nested indefinite", "30 80 30 80 02 01 05 00 00 04 00 00 00", SequenceTag, "30 80 02 01 05 00 00 04 00", 0, nil, 0},
		{"8.1.3.6 indefinite containing definite with zero bytes", "30 80 04 02 00 00 00 00", SequenceTag, "04 02 00 00", 0, nil, 0},
		{"8.1.3.5c reserved 0xFF", "04 ff 00", 0, "", 0, ErrBadLength, 0},
		{"8.1.3.2a indefinite on primitive", "04 80 01 00 00", 0, "", 0, ErrBadLength, 0},
		{"8.1.3.6 unterminated indefinite", "30 80 02 01 05", 0, "", 0, ErrTruncated, 5},
		{"8.1.3.6 lone 00 at end", "30 80 02 01 05 00", 0, "", 0, ErrTruncated, 5},
		{"8.1.5 end-of-contents with length", "30 80 00 01 00 00 00", 0, "", 0, ErrBadLength, 2},
		{"short form beyond input", "04 05 01 02", 0, "", 0, ErrTruncated, 0},
		{"missing length", "04", 0, "", 0, ErrTruncated, 0},
		{"long form length octets missing", "04 82 01", 0, "", 0, ErrTruncated, 0},
		{"length claims 4 GiB on 10 bytes", "04 84 ff ff ff ff 00 00 00 00", 0, "", 0, ErrTruncated, 0},
		{"126 length octets", "04 fe" + repeatHex("ff", 126) + "00", 0, "", 0, ErrTruncated, 0},
		{"8.1.5 end-of-contents at top level", "00 00", 0, "", 0, ErrBadTag, 0},
		{"constructed universal 0", "20 00", 0, "", 0, ErrBadTag, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := h(tc.in)
			r := NewReader(in, nil)
			var c Reader
			tag, err := r.ReadAny(&c)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("ReadAny(%s) error = %v, want %v", tc.in, err, tc.err)
				}
				var e *Error
				if !errors.As(err, &e) || e.Offset != tc.off {
					t.Errorf("error %#v is not an *Error at offset %d", err, tc.off)
				}
				if _, err := ElementLen(in, nil); !errors.Is(err, tc.err) && !errors.Is(err, ErrTooLong) {
					t.Errorf("ElementLen error = %v, want %v", err, tc.err)
				}
				if _, err := WalkTLV(in, nil); err == nil {
					t.Errorf("WalkTLV accepted %s", tc.in)
				}
				return
			}
			if err != nil {
				t.Fatalf("ReadAny(%s): %v", tc.in, err)
			}
			if tag != tc.tag {
				t.Errorf("tag = %v, want %v", tag, tc.tag)
			}
			if !cmp.Equal(c.Bytes(), h(tc.contents)) {
				t.Errorf("contents = %s, want %s", hx(c.Bytes()), tc.contents)
			}
			if r.Len() != tc.rest {
				t.Errorf("left %d bytes, want %d", r.Len(), tc.rest)
			}
			if c.Depth() != 1 || c.Offset()+c.Len() > len(in) {
				t.Errorf("child depth %d offset %d", c.Depth(), c.Offset())
			}
			if n, err := ElementLen(in, nil); err != nil || n != len(in)-tc.rest {
				t.Errorf("ElementLen = %d, %v; want %d", n, err, len(in)-tc.rest)
			}
		})
	}
}

func repeatHex(b string, n int) string {
	s := make([]byte, 0, n*3)
	for i := 0; i < n; i++ {
		s = append(s, ' ')
		s = append(s, b...)
	}
	return string(s)
}

// X.690 8.1.3.3-8.1.3.5 and 10.1: definite lengths are encoded minimally.
func TestPutLength_X690_10_1(t *testing.T) {
	tests := []struct {
		n   int
		enc string
	}{
		{0, "00"},
		{1, "01"},
		{127, "7f"},
		{128, "81 80"},
		{255, "81 ff"},
		{256, "82 01 00"},
		{65535, "82 ff ff"},
		{65536, "83 01 00 00"},
		{16 << 20, "84 01 00 00 00"},
		{1<<63 - 1, "88 7f ff ff ff ff ff ff ff"},
	}
	for _, tc := range tests {
		want := h(tc.enc)
		if got := put(t, SizeLength(tc.n), func(b []byte, i int) int { return PutLength(b, i, tc.n) }); !cmp.Equal(got, want) {
			t.Errorf("PutLength(%d) = %s, want %s", tc.n, hx(got), tc.enc)
		}
		if got := AppendLength(nil, tc.n); !cmp.Equal(got, want) {
			t.Errorf("AppendLength(%d) = %s, want %s", tc.n, hx(got), tc.enc)
		}
		v, n, err := parseLength(want)
		if err != nil || v != min(tc.n, lengthCap) || n != len(want) {
			t.Errorf("parseLength(%s) = %d, %d, %v", tc.enc, v, n, err)
		}
	}
}

func TestPutHeader(t *testing.T) {
	tests := []struct {
		tag Tag
		n   int
		enc string
	}{
		{SequenceTag, 3, "30 03"},
		{Application | Constructed | 11, 200, "6b 81 c8"},
		{Context | 31, 1, "9f 1f 01"},
		{Private | Constructed | 300, 70000, "ff 82 2c 83 01 11 70"},
	}
	for _, tc := range tests {
		want := h(tc.enc)
		if got := put(t, SizeHeader(tc.tag, tc.n), func(b []byte, i int) int { return PutHeader(b, i, tc.tag, tc.n) }); !cmp.Equal(got, want) {
			t.Errorf("PutHeader(%v, %d) = %s, want %s", tc.tag, tc.n, hx(got), tc.enc)
		}
		if got := AppendHeader([]byte{1}, tc.tag, tc.n); !cmp.Equal(got, append([]byte{1}, want...)) {
			t.Errorf("AppendHeader(%v, %d) = %s", tc.tag, tc.n, hx(got))
		}
	}
}

// TestPutElements checks the element writers against the contents writers
// and PutHeader they stand for, and against SizeElement.
func TestPutElements(t *testing.T) {
	long := make([]byte, 200)
	tests := []struct {
		name string
		size int
		put  func(b []byte, i int) int
		enc  string
	}{
		{"bytes", SizeElement(Context|2, 3), func(b []byte, i int) int { return PutBytesElement(b, i, Context|2, []byte("abc")) }, "82 03 61 62 63"},
		{"empty bytes", SizeElement(OctetStringTag, 0), func(b []byte, i int) int { return PutBytesElement(b, i, OctetStringTag, nil) }, "04 00"},
		{"long bytes", SizeElement(Context|40, 200), func(b []byte, i int) int { return PutBytesElement(b, i, Context|40, long) }, "9f 28 81 c8" + strings.Repeat(" 00", 200)},
		{"int 0", SizeElement(IntegerTag, SizeInt64(0)), func(b []byte, i int) int { return PutInt64Element(b, i, IntegerTag, 0) }, "02 01 00"},
		{"int 128", SizeElement(Context|3, SizeInt64(128)), func(b []byte, i int) int { return PutInt64Element(b, i, Context|3, 128) }, "83 02 00 80"},
		{"int -129", SizeElement(EnumeratedTag, SizeInt64(-129)), func(b []byte, i int) int { return PutInt64Element(b, i, EnumeratedTag, -129) }, "0a 02 ff 7f"},
		{"true", SizeElement(BooleanTag, 1), func(b []byte, i int) int { return PutBoolElement(b, i, BooleanTag, true) }, "01 01 ff"},
		{"false", SizeElement(Context|1, 1), func(b []byte, i int) int { return PutBoolElement(b, i, Context|1, false) }, "81 01 00"},
		{"no bits", SizeElement(BitStringTag, SizeNamedBits(0)), func(b []byte, i int) int { return PutNamedBitsElement(b, i, BitStringTag, 0) }, "03 01 00"},
		{"bits 0, 9", SizeElement(Context|0, SizeNamedBits(1<<63|1<<54)), func(b []byte, i int) int { return PutNamedBitsElement(b, i, Context|0, 1<<63|1<<54) }, "80 03 06 80 40"},
	}
	for _, tc := range tests {
		if got := put(t, tc.size, tc.put); !cmp.Equal(got, h(tc.enc)) {
			t.Errorf("%s: %s, want %s", tc.name, hx(got), tc.enc)
		}
	}
}

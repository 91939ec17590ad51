package ber

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// X.690 8.3: INTEGER contents, minimal on encode, lenient on decode.
func TestInteger_X690_8_3(t *testing.T) {
	tests := []struct {
		v   int64
		enc string
	}{
		{0, "00"},
		{1, "01"},
		{-1, "ff"},
		{127, "7f"},
		{128, "00 80"},
		{255, "00 ff"},
		{256, "01 00"},
		{-128, "80"},
		{-129, "ff 7f"},
		{-256, "ff 00"},
		{32767, "7f ff"},
		{-32768, "80 00"},
		{1 << 31, "00 80 00 00 00"},
		{math.MaxInt64, "7f ff ff ff ff ff ff ff"},
		{math.MinInt64, "80 00 00 00 00 00 00 00"},
	}
	for _, tc := range tests {
		want := h(tc.enc)
		if got := put(t, SizeInt64(tc.v), func(b []byte, i int) int { return PutInt64(b, i, tc.v) }); !cmp.Equal(got, want) {
			t.Errorf("PutInt64(%d) = %s, want %s", tc.v, hx(got), tc.enc)
		}
		if got := AppendInt64(nil, tc.v); !cmp.Equal(got, want) {
			t.Errorf("AppendInt64(%d) = %s", tc.v, hx(got))
		}
		if v, err := ParseInt64(want); err != nil || v != tc.v {
			t.Errorf("ParseInt64(%s) = %d, %v; want %d", tc.enc, v, err, tc.v)
		}
	}
}

func TestParseInt64_X690_8_3_2(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int64
		err  error
	}{
		{"8.3.1 empty", "", 0, ErrInvalid},
		{"non-minimal positive (PBX practice)", "00 01", 1, nil},
		{"non-minimal negative", "ff ff", -1, nil},
		{"non-minimal long", "00 00 00 00 00 00 00 00 00 00 05", 5, nil},
		{"non-minimal negative long", "ff ff ff ff ff ff ff ff ff 80", -128, nil},
		{"nine octets needed", "00 80 00 00 00 00 00 00 00", 0, ErrOverflow},
		{"negative nine octets", "ff 7f ff ff ff ff ff ff ff", 0, ErrOverflow},
		{"0x7f... with 00 prefix", "00 7f ff ff ff ff ff ff ff", math.MaxInt64, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := ParseInt64(h(tc.in))
			if !errors.Is(err, tc.err) || v != tc.want {
				t.Errorf("ParseInt64(%s) = %d, %v; want %d, %v", tc.in, v, err, tc.want, tc.err)
			}
		})
	}
}

func TestUint64_X690_8_3(t *testing.T) {
	round := []struct {
		v   uint64
		enc string
	}{
		{0, "00"},
		{127, "7f"},
		{128, "00 80"},
		{255, "00 ff"},
		{65535, "00 ff ff"},
		{math.MaxUint64, "00 ff ff ff ff ff ff ff ff"},
	}
	for _, tc := range round {
		want := h(tc.enc)
		if got := put(t, SizeUint64(tc.v), func(b []byte, i int) int { return PutUint64(b, i, tc.v) }); !cmp.Equal(got, want) {
			t.Errorf("PutUint64(%d) = %s, want %s", tc.v, hx(got), tc.enc)
		}
		if v, err := ParseUint64(want); err != nil || v != tc.v {
			t.Errorf("ParseUint64(%s) = %d, %v", tc.enc, v, err)
		}
	}
	bad := []struct {
		in  string
		err error
	}{
		{"", ErrInvalid},
		{"ff", ErrOverflow},
		{"80 00", ErrOverflow},
		{"01 00 00 00 00 00 00 00 00", ErrOverflow},
	}
	for _, tc := range bad {
		if _, err := ParseUint64(h(tc.in)); !errors.Is(err, tc.err) {
			t.Errorf("ParseUint64(%s) error = %v, want %v", tc.in, err, tc.err)
		}
	}
	if v, err := ParseUint64(h("00 00 00 00 00 00 00 00 00 00 01")); err != nil || v != 1 {
		t.Errorf("ParseUint64 with zero padding = %d, %v", v, err)
	}
}

// X.690 8.2: BOOLEAN; 11.1: DER TRUE is 0xFF.
func TestBoolean_X690_8_2(t *testing.T) {
	tests := []struct {
		in   string
		want bool
		err  error
	}{
		{"00", false, nil},
		{"ff", true, nil},
		{"01", true, nil},
		{"80", true, nil},
		{"", false, ErrInvalid},
		{"00 00", false, ErrInvalid},
	}
	for _, tc := range tests {
		v, err := ParseBool(h(tc.in))
		if v != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("ParseBool(%s) = %v, %v; want %v, %v", tc.in, v, err, tc.want, tc.err)
		}
	}
	if got := put(t, 1, func(b []byte, i int) int { return PutBool(b, i, true) }); got[0] != 0xff {
		t.Errorf("PutBool(true) = %s", hx(got))
	}
	if got := put(t, 1, func(b []byte, i int) int { return PutBool(b, i, false) }); got[0] != 0 {
		t.Errorf("PutBool(false) = %s", hx(got))
	}
}

// X.690 8.8: NULL.
func TestNull_X690_8_8(t *testing.T) {
	if err := ParseNull(nil); err != nil {
		t.Errorf("ParseNull(empty) = %v", err)
	}
	if err := ParseNull([]byte{0}); !errors.Is(err, ErrInvalid) {
		t.Errorf("ParseNull(00) = %v, want ErrInvalid", err)
	}
	r := NewReader(h("05 00 05 01 00"), nil)
	if err := r.ReadNull(NullTag); err != nil {
		t.Errorf("ReadNull: %v", err)
	}
	if err := r.ReadNull(NullTag); !errors.Is(err, ErrInvalid) {
		t.Errorf("ReadNull(05 01 00) = %v", err)
	}
}

// X.690 8.6.2: primitive BIT STRING.
func TestBitString_X690_8_6_2(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		unused int
		bits   string
		err    error
	}{
		{"8.6.2.3 empty", "00", 0, "", nil},
		{"whole octet", "00 a5", 0, "a5", nil},
		{"8.6.2.2 six unused", "06 40", 6, "40", nil},
		{"seven unused", "07 80", 7, "80", nil},
		{"unused bits not zero accepted in BER", "04 ff", 4, "ff", nil},
		{"8.6.2.2 no initial octet", "", 0, "", ErrInvalid},
		{"8.6.2.2 eight unused", "08 00", 0, "", ErrInvalid},
		{"8.6.2.3 empty with unused", "03", 0, "", ErrInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u, b, err := ParseBitString(h(tc.in))
			if !errors.Is(err, tc.err) {
				t.Fatalf("error = %v, want %v", err, tc.err)
			}
			if err == nil && (u != tc.unused || !cmp.Equal(b, h(tc.bits), cmp.Comparer(bytesEq))) {
				t.Errorf("ParseBitString(%s) = %d, %s; want %d, %s", tc.in, u, hx(b), tc.unused, tc.bits)
			}
		})
	}
	// 11.2.1: PutBitString clears the unused bits.
	got := put(t, SizeBitString([]byte{0xff, 0xff}), func(b []byte, i int) int { return PutBitString(b, i, 4, []byte{0xff, 0xff}) })
	if !cmp.Equal(got, h("04 ff f0")) {
		t.Errorf("PutBitString = %s, want 04 ff f0", hx(got))
	}
	if got := put(t, 1, func(b []byte, i int) int { return PutBitString(b, i, 3, nil) }); !cmp.Equal(got, h("00")) {
		t.Errorf("PutBitString(empty) = %s, want 00", hx(got))
	}
}

func bytesEq(a, b []byte) bool { return string(a) == string(b) }

// X.690 11.2.2: named-bit BIT STRINGs drop trailing zero bits.
func TestNamedBits_X690_11_2_2(t *testing.T) {
	bit := func(ks ...int) uint64 {
		var v uint64
		for _, k := range ks {
			v |= 1 << (63 - k)
		}
		return v
	}
	tests := []struct {
		name string
		v    uint64
		enc  string // contents
	}{
		{"empty set", 0, "00"},
		{"bit 0", bit(0), "07 80"},
		{"bit 1", bit(1), "06 40"},
		{"bit 7", bit(7), "00 01"},
		{"bit 8", bit(8), "07 00 80"},
		{"bits 0,3,9", bit(0, 3, 9), "06 90 40"},
		{"bit 63", bit(63), "00 00 00 00 00 00 00 00 01"},
		{"all", math.MaxUint64, "00 ff ff ff ff ff ff ff ff"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := h(tc.enc)
			got := put(t, SizeNamedBits(tc.v), func(b []byte, i int) int { return PutNamedBits(b, i, tc.v) })
			if !cmp.Equal(got, want) {
				t.Errorf("PutNamedBits = %s, want %s", hx(got), tc.enc)
			}
			if v, err := ParseNamedBits(want); err != nil || v != tc.v {
				t.Errorf("ParseNamedBits(%s) = %#x, %v", tc.enc, v, err)
			}
		})
	}
	// The full TLV of bits{1}: 03 02 06 40.
	tlv := put(t, SizeHeader(BitStringTag, SizeNamedBits(bit(1)))+SizeNamedBits(bit(1)), func(b []byte, i int) int {
		j := PutNamedBits(b, i, bit(1))
		return PutHeader(b, j, BitStringTag, i-j)
	})
	if !cmp.Equal(tlv, h("03 02 06 40")) {
		t.Errorf("bits{1} TLV = %s, want 03 02 06 40", hx(tlv))
	}
	decode := []struct {
		name string
		in   string
		want uint64
		err  error
	}{
		{"trailing zero octets (BER)", "00 40 00 00", bit(1), nil},
		{"unused bits ignored", "06 7f", bit(1), nil},
		{"zero padding beyond 64 bits", "00 80 00 00 00 00 00 00 00 00 00", bit(0), nil},
		{"bit 64 set", "07 00 00 00 00 00 00 00 00 80", 0, ErrOverflow},
		{"bad initial octet", "09 00", 0, ErrInvalid},
	}
	for _, tc := range decode {
		v, err := ParseNamedBits(h(tc.in))
		if v != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("%s: ParseNamedBits(%s) = %#x, %v; want %#x, %v", tc.name, tc.in, v, err, tc.want, tc.err)
		}
	}
	reads := []struct {
		name string
		in   string
		want uint64
		err  error
	}{
		{"primitive", "03 02 06 40", bit(1), nil},
		{"primitive, long-form length", "03 81 02 06 40", bit(1), nil},
		{"primitive, bad initial octet", "03 02 09 00", 0, ErrInvalid},
		{"constructed (X.690 8.6.3)", "23 08 03 02 00 40 03 02 06 40", bit(1) | bit(9), nil},
		{"bit 64 set", "03 0a 07 00 00 00 00 00 00 00 00 80", 0, ErrOverflow},
		{"other tag", "04 02 06 40", 0, ErrTagMismatch},
	}
	for _, tc := range reads {
		r := NewReader(h(tc.in), nil)
		v, err := r.ReadNamedBits(BitStringTag)
		if v != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("%s: ReadNamedBits(%s) = %#x, %v; want %#x, %v", tc.name, tc.in, v, err, tc.want, tc.err)
		}
		if tc.err == nil && !r.Empty() {
			t.Errorf("%s: ReadNamedBits left %d octets", tc.name, r.Len())
		}
		var e *Error
		if tc.err != nil && (!errors.As(err, &e) || e.Offset != 0) {
			t.Errorf("%s: ReadNamedBits error %#v, want one at offset 0", tc.name, err)
		}
	}
}

// X.690 8.19: OBJECT IDENTIFIER; 8.20: RELATIVE-OID.
func TestOID_X690_8_19(t *testing.T) {
	tests := []struct {
		name string
		arcs []uint32
		enc  string // contents
	}{
		// ECMA-285 CSTA: the brief's "06 06" header is off by one; the
		// contents are seven octets.
		{"1.3.12.0.285.200", []uint32{1, 3, 12, 0, 285, 200}, "2b 0c 00 82 1d 81 48"},
		{"2.5.4.3", []uint32{2, 5, 4, 3}, "55 04 03"},
		{"0.0", []uint32{0, 0}, "00"},
		{"1.39", []uint32{1, 39}, "4f"},
		{"8.19.4 2.999.3", []uint32{2, 999, 3}, "88 37 03"},
		{"2^32-1 arc", []uint32{1, 2, 4294967295}, "2a 8f ff ff ff 7f"},
		{"2.(2^32-81)", []uint32{2, 4294967215}, "8f ff ff ff 7f"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := h(tc.enc)
			if err := CheckOID(tc.arcs); err != nil {
				t.Errorf("CheckOID: %v", err)
			}
			got := put(t, SizeOID(tc.arcs), func(b []byte, i int) int { return PutOID(b, i, tc.arcs) })
			if !cmp.Equal(got, want) {
				t.Errorf("PutOID = %s, want %s", hx(got), tc.enc)
			}
			arcs, err := ParseOID(want, nil)
			if err != nil || !cmp.Equal(arcs, tc.arcs) {
				t.Errorf("ParseOID(%s) = %v, %v", tc.enc, arcs, err)
			}
		})
	}
	full := put(t, 9, func(b []byte, i int) int {
		arcs := []uint32{1, 3, 12, 0, 285, 200}
		j := PutOID(b, i, arcs)
		return PutHeader(b, j, OIDTag, i-j)
	})
	if !cmp.Equal(full, h("06 07 2b 0c 00 82 1d 81 48")) {
		t.Errorf("OID TLV = %s", hx(full))
	}
	bad := []struct {
		name string
		in   string
		err  error
	}{
		{"empty", "", ErrInvalid},
		{"leading 0x80", "2b 80 01", ErrInvalid},
		{"unterminated", "2b 81", ErrInvalid},
		{"arc over 2^32-1", "2b 90 80 80 80 00", ErrOverflow},
		{"huge arc", "2b ff ff ff ff ff ff ff ff ff ff 7f", ErrOverflow},
	}
	for _, tc := range bad {
		if _, err := ParseOID(h(tc.in), nil); !errors.Is(err, tc.err) {
			t.Errorf("%s: ParseOID error = %v, want %v", tc.name, err, tc.err)
		}
	}
	for _, arcs := range [][]uint32{nil, {1}, {3, 1}, {1, 40}} {
		if err := CheckOID(arcs); !errors.Is(err, ErrConstraint) {
			t.Errorf("CheckOID(%v) = %v, want ErrConstraint", arcs, err)
		}
		if n := len(put(t, SizeOID(arcs), func(b []byte, i int) int { return PutOID(b, i, arcs) })); n != SizeOID(arcs) {
			t.Errorf("SizeOID/PutOID disagree for %v", arcs)
		}
	}
	// Appending into a reused slice.
	dst := make([]uint32, 0, 8)
	dst = append(dst, 99)
	got, err := ParseOID(h("55 04 03"), dst)
	if err != nil || !cmp.Equal(got, []uint32{99, 2, 5, 4, 3}) || &got[0] != &dst[0] {
		t.Errorf("ParseOID append = %v, %v", got, err)
	}
	rel := []uint32{8571, 3, 2}
	enc := put(t, SizeRelativeOID(rel), func(b []byte, i int) int { return PutRelativeOID(b, i, rel) })
	if !cmp.Equal(enc, h("c2 7b 03 02")) {
		t.Errorf("PutRelativeOID = %s", hx(enc))
	}
	if got, err := ParseRelativeOID(enc, nil); err != nil || !cmp.Equal(got, rel) {
		t.Errorf("ParseRelativeOID = %v, %v", got, err)
	}
	r := NewReader(h("06 03 55 04 03"), nil)
	if got, err := r.ReadOID(OIDTag, nil); err != nil || !cmp.Equal(got, []uint32{2, 5, 4, 3}) {
		t.Errorf("ReadOID = %v, %v", got, err)
	}
}

// X.690 8.5: REAL.
func TestReal_X690_8_5(t *testing.T) {
	negZero := math.Copysign(0, -1)
	// DER encodings (11.3.1) that must round-trip both ways.
	der := []struct {
		name string
		v    float64
		enc  string
	}{
		{"8.5.2 plus zero", 0, ""},
		{"8.5.9 minus zero", negZero, "43"},
		{"8.5.9 plus infinity", math.Inf(1), "40"},
		{"8.5.9 minus infinity", math.Inf(-1), "41"},
		{"1", 1, "80 00 01"},
		{"-1", -1, "c0 00 01"},
		{"0.5", 0.5, "80 ff 01"},
		{"3", 3, "80 00 03"},
		{"10", 10, "80 01 05"},
		{"-0.75", -0.75, "c0 fe 03"},
		{"2^100", 0x1p100, "80 64 01"},
		{"2^-200", 0x1p-200, "81 ff 38 01"},
		{"max float64", math.MaxFloat64, "81 03 cb 1f ff ff ff ff ff ff"},
		{"smallest subnormal", 5e-324, "81 fb ce 01"},
	}
	for _, tc := range der {
		t.Run(tc.name, func(t *testing.T) {
			want := h(tc.enc)
			got := put(t, SizeReal(tc.v), func(b []byte, i int) int { return PutReal(b, i, tc.v) })
			if !cmp.Equal(got, want, cmp.Comparer(bytesEq)) {
				t.Errorf("PutReal(%v) = %s, want %s", tc.v, hx(got), tc.enc)
			}
			v, err := ParseReal(want)
			if err != nil || v != tc.v || math.Signbit(v) != math.Signbit(tc.v) {
				t.Errorf("ParseReal(%s) = %v, %v; want %v", tc.enc, v, err, tc.v)
			}
		})
	}
	if got := put(t, SizeReal(math.NaN()), func(b []byte, i int) int { return PutReal(b, i, math.NaN()) }); !cmp.Equal(got, h("42")) {
		t.Errorf("PutReal(NaN) = %s", hx(got))
	}
	if v, err := ParseReal(h("42")); err != nil || !math.IsNaN(v) {
		t.Errorf("ParseReal(42) = %v, %v", v, err)
	}
	// BER forms a DER encoder never produces.
	ber := []struct {
		name string
		in   string
		want float64
		err  error
	}{
		{"8.5.7.2 base 8", "90 01 01", 8, nil},
		{"8.5.7.2 base 16", "a0 ff 01", 1.0 / 16, nil},
		{"8.5.7.3 scale factor 2", "88 00 01", 4, nil},
		{"base 16 scale 3 exponent -1", "ac ff 01", 0.5, nil},
		{"non-normalised mantissa", "80 00 04", 4, nil},
		{"8.5.7.4 three exponent octets", "82 00 00 01 03", 6, nil},
		{"8.5.7.4 long exponent form", "83 01 02 05", 20, nil},
		{"mantissa with leading zeros", "80 00 00 00 01", 1, nil},
		{"zero mantissa", "c0 00 00", negZero, nil},
		{"mantissa wider than 64 bits", "80 c0 01 00 00 00 00 00 00 00 00", 1, nil},
		{"wide mantissa rounds with sticky bit", "80 b0 01 00 00 00 00 00 00 08 00 00 01", 0x1.0000000000001p0, nil},
		{"wide mantissa exactly half rounds to even", "80 b0 01 00 00 00 00 00 00 08 00 00 00", 1, nil},
		{"huge exponent overflows", "83 09 01 00 00 00 00 00 00 00 00 01", 0, ErrOverflow},
		{"huge negative exponent underflows", "83 09 ff 00 00 00 00 00 00 00 00 01", 0, nil},
		{"2^1024 overflows", "81 04 00 01", 0, ErrOverflow},
		{"8.5.7.2 reserved base", "b0 00 01", 0, ErrInvalid},
		{"exponent missing", "81 00", 0, ErrInvalid},
		{"mantissa missing", "80 01", 0, ErrInvalid},
		{"long exponent length 0", "83 00 01", 0, ErrInvalid},
		{"long exponent length missing", "83", 0, ErrInvalid},
		{"8.5.9 unknown special", "44", 0, ErrInvalid},
		{"8.5.9 special with extra octet", "40 00", 0, ErrInvalid},
		{"8.5.8 NR1", "01 31 32 33", 123, nil},
		{"8.5.8 NR1 signed with spaces", "01 20 20 2d 34 32", -42, nil},
		{"8.5.8 NR2 comma", "02 33 2c 32 35", 3.25, nil},
		{"8.5.8 NR2 point", "02 2d 30 2e 35", -0.5, nil},
		{"8.5.8 NR3", "03 31 2e 35 45 2d 32", 0.015, nil},
		{"8.5.8 NR3 lowercase e plus", "03 32 2e 65 2b 33", 2000, nil},
		{"NR3 overflow", "03 31 2e 45 39 39 39", 0, ErrOverflow},
		{"NR3 underflow", "03 31 2e 45 2d 39 39 39", 0, nil},
		{"NR1 with mark", "01 31 2e 35", 0, ErrInvalid},
		{"NR2 without mark", "02 31 35", 0, ErrInvalid},
		{"NR3 without exponent", "03 31 2e 35", 0, ErrInvalid},
		{"NR3 empty exponent", "03 31 2e 45", 0, ErrInvalid},
		{"decimal letters", "01 69 6e 66", 0, ErrInvalid},
		{"decimal empty", "01", 0, ErrInvalid},
		{"reserved decimal form", "04 31", 0, ErrInvalid},
	}
	for _, tc := range ber {
		t.Run(tc.name, func(t *testing.T) {
			v, err := ParseReal(h(tc.in))
			if !errors.Is(err, tc.err) {
				t.Fatalf("ParseReal(%s) error = %v, want %v", tc.in, err, tc.err)
			}
			if err == nil && (v != tc.want || math.Signbit(v) != math.Signbit(tc.want)) {
				t.Errorf("ParseReal(%s) = %v (%x), want %v", tc.in, v, math.Float64bits(v), tc.want)
			}
		})
	}
	r := NewReader(h("09 03 80 00 01"), nil)
	if v, err := r.ReadReal(RealTag); err != nil || v != 1 {
		t.Errorf("ReadReal = %v, %v", v, err)
	}
}

// Round trips over many values: Put then Parse returns the value, and the
// Size functions agree with what Put wrote.
func TestRoundTrips(t *testing.T) {
	ints := []int64{0, 1, -1, 63, 64, 127, 128, -128, -129, 1000, -1000, 1 << 40, -(1 << 40), math.MaxInt64, math.MinInt64}
	for _, v := range ints {
		for _, w := range []int64{v, v + 1, v - 1} {
			b := put(t, SizeInt64(w), func(b []byte, i int) int { return PutInt64(b, i, w) })
			if got, err := ParseInt64(b); err != nil || got != w {
				t.Errorf("INTEGER %d -> %s -> %d, %v", w, hx(b), got, err)
			}
		}
	}
	for _, v := range []float64{1.5, -2.25, math.Pi, 1e300, -1e-300, math.SmallestNonzeroFloat64, 123456789.125, 0x1.fffffffffffffp-1022} {
		b := put(t, SizeReal(v), func(b []byte, i int) int { return PutReal(b, i, v) })
		if got, err := ParseReal(b); err != nil || got != v {
			t.Errorf("REAL %v -> %s -> %v, %v", v, hx(b), got, err)
		}
	}
	for _, arcs := range [][]uint32{{1, 3, 12, 0, 218, 200}, {2, 100, 3}, {0, 39, 1 << 31}} {
		b := put(t, SizeOID(arcs), func(b []byte, i int) int { return PutOID(b, i, arcs) })
		if got, err := ParseOID(b, nil); err != nil || !cmp.Equal(got, arcs) {
			t.Errorf("OID %v -> %s -> %v, %v", arcs, hx(b), got, err)
		}
	}
	for k := 0; k < 64; k++ {
		v := uint64(1)<<(63-k) | 1<<63
		b := put(t, SizeNamedBits(v), func(b []byte, i int) int { return PutNamedBits(b, i, v) })
		if got, err := ParseNamedBits(b); err != nil || got != v {
			t.Errorf("named bits %#x -> %s -> %#x, %v", v, hx(b), got, err)
		}
	}
}

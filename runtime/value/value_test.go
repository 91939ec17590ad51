package value

import (
	"math"
	"math/big"
	"testing"
)

type sel uint8

func (s sel) String() string { return [...]string{"", "a", "b"}[s] }

// bigNum is a type defined on a struct embedding big.Int, as ber.BigInt is.
type bigNum struct{ big.Int }

type shapes struct {
	Choice int64 // a SEQUENCE component named choice: not a selector
	HasC   int64 // the component hasC
	C      int64
	HasC_  bool // the presence flag of C
	N      bigNum
	Zero   bigNum
}

type alt struct {
	Choice sel
}

func TestFormat(t *testing.T) {
	var n bigNum
	n.SetString("-18446744073709551617", 10)
	var zero bigNum
	zero.SetBytes([]byte{0}) // 0 in a non-nil slice, as a decoding leaves it
	for _, tc := range []struct {
		name string
		v    any
		want string
	}{
		{"renamed presence flag, present zero", &shapes{Choice: 2, HasC: 3, HasC_: true, N: n, Zero: zero}, "{Choice:2, HasC:3, C:0, N:-18446744073709551617}"},
		{"renamed presence flag, absent", &shapes{C: 4}, "{}"},
		{"CHOICE without a field", &alt{Choice: 2}, "{b}"},
		{"big integer alone", &n, "-18446744073709551617"},
	} {
		if got := Format(tc.v); got != tc.want {
			t.Errorf("%s: Format = %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestCloneBig(t *testing.T) {
	var s shapes
	s.N.SetString("123456789012345678901234567890", 10)
	c := Clone(&s)
	s.N.SetInt64(1)
	if got := c.N.String(); got != "123456789012345678901234567890" {
		t.Errorf("clone holds %s", got)
	}
}

func TestOctets(t *testing.T) {
	for _, tc := range []struct {
		in   []byte
		want string
	}{
		{nil, ""},
		{[]byte("548"), "548"},
		{[]byte("N<1234>"), "N<1234>"},
		{[]byte{0x85, 0xf4}, "0x85f4"}, // a call ID: not UTF-8
		{[]byte{0x00, 0x00}, "0x0000"}, // a cross-reference ID: control characters
		{[]byte("line\nbreak"), "0x6c696e650a627265616b"},
	} {
		if got := Octets(tc.in); got != tc.want {
			t.Errorf("Octets(% x) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestName(t *testing.T) {
	names := []string{"one", "", "three"}
	for _, tc := range []struct {
		n    int64
		want string
	}{
		{1, "one"}, {3, "three"}, {2, "2"}, {0, "0"}, {4, "4"}, {-1, "-1"},
		{math.MaxInt64, "9223372036854775807"}, {math.MinInt64, "-9223372036854775808"},
	} {
		if got := Name(names, 1, tc.n); got != tc.want {
			t.Errorf("Name(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

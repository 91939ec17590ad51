package ber

import (
	"encoding/hex"
	"math/big"
	"testing"
)

// TestBigInt checks the two's complement forms of X.690 8.3 around the
// octet boundaries and beyond 64 bits, both ways.
func TestBigInt(t *testing.T) {
	for _, tc := range []struct{ dec, hex string }{
		{"0", "00"}, {"127", "7f"}, {"128", "0080"}, {"256", "0100"},
		{"-1", "ff"}, {"-128", "80"}, {"-129", "ff7f"}, {"-256", "ff00"},
		{"18446744073709551615", "00ffffffffffffffff"},
		{"-9223372036854775809", "ff7fffffffffffffff"},
		{"-18446744073709551616", "ff0000000000000000"},
		{"123456789012345678901234567890", "018ee90ff6c373e0ee4e3f0ad2"},
	} {
		v, _ := new(big.Int).SetString(tc.dec, 10)
		b := make([]byte, 32)
		i := PutBigInt(b, len(b), v)
		if got := hex.EncodeToString(b[i:]); got != tc.hex || SizeBigInt(v) != len(b)-i {
			t.Errorf("%s: % x (size %d), want %s", tc.dec, b[i:], SizeBigInt(v), tc.hex)
		}
		c, _ := hex.DecodeString(tc.hex)
		var back big.Int
		if err := ParseBigInt(c, &back); err != nil || back.Cmp(v) != 0 {
			t.Errorf("ParseBigInt(%s) = %s, %v; want %s", tc.hex, &back, err, tc.dec)
		}
	}
	if err := ParseBigInt(nil, new(big.Int)); err == nil {
		t.Error("empty contents accepted")
	}
}

func TestBigInRange(t *testing.T) {
	v := new(big.Int)
	v.SetString("18446744073709551616", 10)
	for _, tc := range []struct {
		lo, hi string
		want   bool
	}{{"0", "18446744073709551615", false}, {"0", "18446744073709551616", true}, {"", "", true}, {"18446744073709551617", "", false}, {"-1", "", true}} {
		if got := BigInRange(v, tc.lo, tc.hi); got != tc.want {
			t.Errorf("BigInRange(%s, %q, %q) = %v", v, tc.lo, tc.hi, got)
		}
	}
}

// TestBigIntAllocs checks that coding a negative number into a reused value
// and buffer allocates nothing.
func TestBigIntAllocs(t *testing.T) {
	v, _ := new(big.Int).SetString("-170141183460469231731687303715884105728", 10)
	var w big.Int
	b := make([]byte, 32)
	if n := testing.AllocsPerRun(10, func() {
		i := PutBigInt(b, len(b), v)
		if err := ParseBigInt(b[i:], &w); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("%v allocations", n)
	}
	if w.Cmp(v) != 0 {
		t.Errorf("got %s", &w)
	}
}

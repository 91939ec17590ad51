package ber

import (
	"math/big"
	"sync"
)

// BigInt is the Go form of an INTEGER whose constraint reaches beyond the
// int64 range (INTEGER (0..18446744073709551615), a 128-bit serial
// number): a big.Int, whose methods it has (SetString, Cmp, String on
// &v.Int, ...). The zero value is 0. Generated code codes it with
// SizeBigInt, PutBigInt and ParseBigInt.
type BigInt struct{ big.Int }

// SizeBigInt returns the length of the minimal two's complement contents
// of the INTEGER v (X.690 8.3.2).
func SizeBigInt(v *big.Int) int {
	if v.Sign() >= 0 {
		return v.BitLen()/8 + 1
	}
	// The complement of v is |v|-1, which is one bit shorter than |v| when
	// |v| is a power of two: -1 is FF, -128 is 80, -129 is FF 7F.
	n := v.BitLen() // of |v|
	if v.TrailingZeroBits() == uint(n-1) {
		n--
	}
	return n/8 + 1
}

var bigOne = big.NewInt(1)

// PutBigInt writes the minimal INTEGER contents of v so that they end at
// b[i] and returns their start.
func PutBigInt(b []byte, i int, v *big.Int) int {
	n := SizeBigInt(v)
	out := b[i-n : i]
	if v.Sign() >= 0 {
		v.FillBytes(out)
		return i - n
	}
	// Two's complement of |v| in place: invert, then add one.
	v.FillBytes(out)
	carry := true
	for k := len(out) - 1; k >= 0; k-- {
		out[k] = ^out[k]
		if carry {
			out[k]++
			carry = out[k] == 0
		}
	}
	return i - n
}

// ParseBigInt decodes INTEGER contents (two's complement, X.690 8.3.3) of
// any length into v.
func ParseBigInt(c []byte, v *big.Int) error {
	if len(c) == 0 {
		return errEmptyInteger
	}
	if c[0]&0x80 == 0 {
		v.SetBytes(c)
		return nil
	}
	var stack [64]byte
	inv := stack[:0]
	if len(c) > len(stack) {
		inv = make([]byte, 0, len(c))
	}
	for _, b := range c {
		inv = append(inv, ^b)
	}
	v.SetBytes(inv)
	v.Add(v, bigOne)
	v.Neg(v)
	return nil
}

// ClearBigInt returns v set to 0, keeping the memory of its digits for the
// next decoding (generated code empties a reused value with it).
func ClearBigInt(v BigInt) BigInt {
	v.Int.SetInt64(0)
	return v
}

// BigInRange reports whether lo <= v <= hi, the bounds being decimal
// numbers ("" for an unbounded side): the value constraint of a big
// INTEGER. Each bound is parsed once and cached; a bound that does not
// parse bounds nothing.
func BigInRange(v *big.Int, lo, hi string) bool {
	if b := bigBound(lo); b != nil && v.Cmp(b) < 0 {
		return false
	}
	if b := bigBound(hi); b != nil && v.Cmp(b) > 0 {
		return false
	}
	return true
}

var bigBounds sync.Map // decimal text -> *big.Int

func bigBound(s string) *big.Int {
	if s == "" {
		return nil
	}
	if b, ok := bigBounds.Load(s); ok {
		return b.(*big.Int)
	}
	b, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return nil
	}
	bigBounds.Store(s, b)
	return b
}

// CopyBigInt returns a copy of x that shares no memory with it: the value
// generated code gives a big INTEGER component absent on the wire from its
// DEFAULT, which a later decoding into the component must not overwrite.
func CopyBigInt(x *BigInt) BigInt {
	var v BigInt
	v.Int.Set(&x.Int)
	return v
}

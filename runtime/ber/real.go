package ber

import (
	"math"
	"math/bits"
	"strconv"
)

var (
	errRealBase     = &detailError{ErrInvalid, "REAL with reserved base (X.690 8.5.7.2)"}
	errRealShort    = &detailError{ErrInvalid, "REAL contents shorter than the exponent they announce (X.690 8.5.7.4)"}
	errRealMantissa = &detailError{ErrInvalid, "binary REAL without mantissa octets (X.690 8.5.7.5)"}
	errRealSpecial  = &detailError{ErrInvalid, "unknown special REAL value (X.690 8.5.9)"}
	errRealDecimal  = &detailError{ErrInvalid, "malformed decimal REAL (X.690 8.5.8, ISO 6093)"}
)

// ParseReal decodes REAL contents (X.690 8.5) into a float64:
//   - empty contents are +0 (8.5.2);
//   - binary form (8.5.7) with base 2, 8 or 16, any scale factor and any
//     exponent length; mantissas wider than 64 bits are rounded correctly
//     (except, like any two-step conversion, in the subnormal range);
//   - decimal form (8.5.8) in ISO 6093 NR1, NR2 or NR3, with '.' or ',' as
//     decimal mark;
//   - the special values (8.5.9) PLUS-INFINITY, MINUS-INFINITY, NOT-A-NUMBER
//     and minus zero.
//
// A finite value too large for float64 gives ErrOverflow; a too small one
// becomes zero or subnormal.
func ParseReal(c []byte) (float64, error) {
	if len(c) == 0 {
		return 0, nil
	}
	b0 := c[0]
	switch {
	case b0&0x80 != 0:
		return parseBinaryReal(c)
	case b0&0x40 != 0:
		if len(c) != 1 {
			return 0, errRealSpecial
		}
		switch b0 {
		case 0x40:
			return math.Inf(1), nil
		case 0x41:
			return math.Inf(-1), nil
		case 0x42:
			return math.NaN(), nil
		case 0x43:
			return math.Copysign(0, -1), nil
		}
		return 0, errRealSpecial
	default:
		return parseDecimalReal(c)
	}
}

func parseBinaryReal(c []byte) (float64, error) {
	b0 := c[0]
	neg := b0&0x40 != 0
	var log2Base int64
	switch (b0 >> 4) & 3 { // X.690 8.5.7.2
	case 0:
		log2Base = 1
	case 1:
		log2Base = 3
	case 2:
		log2Base = 4
	default:
		return 0, errRealBase
	}
	scale := int64(b0>>2) & 3 // X.690 8.5.7.3
	p, elen := 1, int(b0&3)+1 // X.690 8.5.7.4
	if elen == 4 {
		if len(c) < 2 {
			return 0, errRealShort
		}
		p, elen = 2, int(c[1])
		if elen == 0 {
			return 0, errRealShort
		}
	}
	if len(c) < p+elen {
		return 0, errRealShort
	}
	ex := trimInt(c[p : p+elen])
	mant := c[p+elen:]
	if len(mant) == 0 {
		return 0, errRealMantissa
	}
	for len(mant) > 0 && mant[0] == 0 {
		mant = mant[1:]
	}
	if len(mant) == 0 {
		if neg {
			return math.Copysign(0, -1), nil
		}
		return 0, nil
	}
	// The exponent: anything beyond ±2^20 is out of float64 range for any
	// mantissa the input can hold, so clamp it before scaling.
	var e int64
	const eClamp = 1 << 20
	if len(ex) > 8 {
		e = eClamp
		if ex[0]&0x80 != 0 {
			e = -eClamp
		}
	} else {
		e = int64(int8(ex[0]))
		for _, x := range ex[1:] {
			e = e<<8 | int64(x)
		}
		e = max(min(e, eClamp), -eClamp)
	}
	// The mantissa: its top 64 bits, with a sticky bit for anything lower so
	// that the conversion to float64 rounds as the exact value would.
	var n uint64
	var shift int64
	if len(mant) <= 8 {
		for _, x := range mant {
			n = n<<8 | uint64(x)
		}
	} else {
		for _, x := range mant[:8] {
			n = n<<8 | uint64(x)
		}
		for _, x := range mant[8:] {
			if x != 0 {
				n |= 1
				break
			}
		}
		shift = 8 * int64(len(mant)-8)
		if shift > eClamp {
			shift = eClamp
		}
	}
	exp2 := e*log2Base + scale + shift
	if exp2+int64(bits.Len64(n)) > 1025 {
		return 0, ErrOverflow
	}
	if exp2 < -2200 {
		exp2 = -2200
	}
	v := math.Ldexp(float64(n), int(exp2))
	if math.IsInf(v, 0) {
		return 0, ErrOverflow
	}
	if neg {
		v = -v
	}
	return v, nil
}

// parseDecimalReal decodes the ISO 6093 forms of X.690 8.5.8.
func parseDecimalReal(c []byte) (float64, error) {
	form := c[0] & 0x3f
	if form < 1 || form > 3 {
		return 0, errRealDecimal
	}
	var buf [64]byte
	s := buf[:0]
	digits, mark, exp, expDigits := 0, false, false, 0
	i := 1
	for i < len(c) && c[i] == ' ' { // leading spaces (ISO 6093 5.1)
		i++
	}
	if i < len(c) && (c[i] == '+' || c[i] == '-') {
		s = append(s, c[i])
		i++
	}
	for ; i < len(c); i++ {
		ch := c[i]
		switch {
		case ch >= '0' && ch <= '9':
			if exp {
				expDigits++
			} else {
				digits++
			}
			s = append(s, ch)
		case (ch == '.' || ch == ',') && !mark && !exp:
			mark = true
			s = append(s, '.')
		case (ch == 'E' || ch == 'e') && !exp && digits > 0:
			exp = true
			s = append(s, 'e')
			if i+1 < len(c) && (c[i+1] == '+' || c[i+1] == '-') {
				i++
				s = append(s, c[i])
			}
		default:
			return 0, errRealDecimal
		}
	}
	ok := digits > 0
	switch form {
	case 1:
		ok = ok && !mark && !exp
	case 2:
		ok = ok && mark && !exp
	case 3:
		ok = ok && exp && expDigits > 0
	}
	if !ok {
		return 0, errRealDecimal
	}
	v, err := strconv.ParseFloat(string(s), 64)
	if err != nil {
		if math.IsInf(v, 0) {
			return 0, ErrOverflow
		}
		if v == 0 { // underflow is not an error
			return v, nil
		}
		return 0, errRealDecimal
	}
	return v, nil
}

// realParts returns the DER binary form of a finite non-zero v
// (X.690 11.3.1): the odd mantissa and the base-2 exponent.
func realParts(v float64) (mant uint64, exp int) {
	u := math.Float64bits(v)
	e := int(u>>52) & 0x7ff
	mant = u & (1<<52 - 1)
	if e == 0 {
		e = 1 // subnormal
	} else {
		mant |= 1 << 52
	}
	exp = e - 1075
	tz := bits.TrailingZeros64(mant)
	return mant >> tz, exp + tz
}

// SizeReal returns the contents length of the DER encoding of v
// (X.690 8.5, 11.3.1).
func SizeReal(v float64) int {
	switch {
	case v == 0:
		if math.Signbit(v) {
			return 1
		}
		return 0
	case math.IsInf(v, 0) || math.IsNaN(v):
		return 1
	}
	m, e := realParts(v)
	return 1 + SizeInt64(int64(e)) + (bits.Len64(m)+7)/8
}

// PutReal writes the DER contents of v (X.690 11.3.1: base 2, scale factor 0,
// odd mantissa, minimal exponent; +0 as no octets, special values as in
// 8.5.9) so that they end at b[i] and returns their start.
func PutReal(b []byte, i int, v float64) int {
	switch {
	case v == 0:
		if math.Signbit(v) {
			b[i-1] = 0x43
			return i - 1
		}
		return i
	case math.IsNaN(v):
		b[i-1] = 0x42
		return i - 1
	case math.IsInf(v, 1):
		b[i-1] = 0x40
		return i - 1
	case math.IsInf(v, -1):
		b[i-1] = 0x41
		return i - 1
	}
	m, e := realParts(v)
	for ; m != 0; m >>= 8 {
		i--
		b[i] = byte(m)
	}
	el := SizeInt64(int64(e))
	i = PutInt64(b, i, int64(e))
	h := byte(0x80) | byte(el-1) // exponent format: el octets (1 or 2)
	if math.Signbit(v) {
		h |= 0x40
	}
	i--
	b[i] = h
	return i
}

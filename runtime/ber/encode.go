package ber

import "math/bits"

// Encoding is backwards: every Put function writes its octets so that they
// end at b[i] (exclusive) and returns the index of the first octet written.
// The caller sizes b exactly with the matching Size functions first, so no
// Put function checks capacity beyond Go's bounds checks.

// SizeLength returns the number of length octets for contents of n octets in
// the definite form, short when n < 128, otherwise long and minimal
// (X.690 8.1.3.3-8.1.3.5, 10.1).
func SizeLength(n int) int {
	if n < 0x80 {
		return 1
	}
	return 1 + (bits.Len64(uint64(n))+7)/8
}

// SizeHeader returns the size of the identifier and length octets of an
// element with tag t and contents of n octets.
func SizeHeader(t Tag, n int) int { return SizeTag(t) + SizeLength(n) }

// PutLength writes the definite length n (n >= 0) in minimal form so that it
// ends at b[i] and returns its start.
func PutLength(b []byte, i int, n int) int {
	if n < 0x80 {
		b[i-1] = byte(n)
		return i - 1
	}
	return putLongLength(b, i, n)
}

//go:noinline
func putLongLength(b []byte, i int, n int) int {
	k := 0
	for v := uint64(n); v != 0; v >>= 8 {
		i--
		b[i] = byte(v)
		k++
	}
	i--
	b[i] = 0x80 | byte(k)
	return i
}

// PutHeader writes the identifier of t and the definite length n so that
// they end at b[i] and returns their start. Call it after writing the n
// contents octets that follow b[i].
func PutHeader(b []byte, i int, t Tag, n int) int {
	if uint(n) < 0x80 && t&numberMask < 31 {
		i -= 2
		b[i+1] = byte(n)
		b[i] = byte(t>>24)&0xe0 | byte(t)
		return i
	}
	return putHeaderSlow(b, i, t, n)
}

func putHeaderSlow(b []byte, i int, t Tag, n int) int {
	return PutTag(b, PutLength(b, i, n), t)
}

// AppendLength appends the definite length n in minimal form to dst.
func AppendLength(dst []byte, n int) []byte {
	if n < 0x80 {
		return append(dst, byte(n))
	}
	var buf [9]byte
	i := putLongLength(buf[:], len(buf), n)
	return append(dst, buf[i:]...)
}

// AppendHeader appends the identifier of t and the definite length n to dst.
func AppendHeader(dst []byte, t Tag, n int) []byte {
	var buf [14]byte
	i := PutHeader(buf[:], len(buf), t, n)
	return append(dst, buf[i:]...)
}

// SizeInt64 returns the contents length of the INTEGER v: the minimal two's
// complement form of X.690 8.3.2.
func SizeInt64(v int64) int {
	return (64-bits.LeadingZeros64(uint64(v^v>>63)))/8 + 1
}

// PutInt64 writes the minimal INTEGER contents of v so that they end at b[i]
// and returns their start.
func PutInt64(b []byte, i int, v int64) int {
	for n := SizeInt64(v); n > 0; n-- {
		i--
		b[i] = byte(v)
		v >>= 8
	}
	return i
}

// SizeUint64 returns the contents length of the INTEGER v, which takes a
// leading zero octet when its top bit is set (X.690 8.3.2).
func SizeUint64(v uint64) int {
	return (64-bits.LeadingZeros64(v))/8 + 1
}

// PutUint64 writes the minimal INTEGER contents of v so that they end at b[i]
// and returns their start.
func PutUint64(b []byte, i int, v uint64) int {
	for n := SizeUint64(v); n > 0; n-- {
		i--
		b[i] = byte(v)
		v >>= 8
	}
	return i
}

// AppendInt64 appends the minimal INTEGER contents of v to dst.
func AppendInt64(dst []byte, v int64) []byte {
	var buf [8]byte
	i := PutInt64(buf[:], len(buf), v)
	return append(dst, buf[i:]...)
}

// PutBool writes the BOOLEAN contents of v, 0xFF for TRUE as DER requires
// (X.690 11.1), at b[i-1] and returns i-1.
func PutBool(b []byte, i int, v bool) int {
	var x byte
	if v {
		x = 0xff
	}
	b[i-1] = x
	return i - 1
}

// PutBytes copies p so that it ends at b[i] and returns its start.
func PutBytes(b []byte, i int, p []byte) int {
	i -= len(p)
	copy(b[i:], p)
	return i
}

// PutString copies s so that it ends at b[i] and returns its start.
func PutString(b []byte, i int, s string) int {
	i -= len(s)
	copy(b[i:], s)
	return i
}

// The element writers write a primitive element with one tag, contents and
// header, in one call: the compact codecs (gen/README.md) write their
// components with them, where the unrolled ones inline the contents and
// call PutHeader. Each ends at b[i] and returns the element's start.

// PutBytesElement writes the element with tag t and contents p.
//
//go:noinline
func PutBytesElement(b []byte, i int, t Tag, p []byte) int {
	return PutHeader(b, PutBytes(b, i, p), t, len(p))
}

// PutInt64Element writes the INTEGER or ENUMERATED element with tag t and
// value v.
//
//go:noinline
func PutInt64Element(b []byte, i int, t Tag, v int64) int {
	j := PutInt64(b, i, v)
	return PutHeader(b, j, t, i-j)
}

// PutBoolElement writes the BOOLEAN element with tag t and value v.
//
//go:noinline
func PutBoolElement(b []byte, i int, t Tag, v bool) int {
	return PutHeader(b, PutBool(b, i, v), t, 1)
}

// PutNamedBitsElement writes the named-bit BIT STRING element with tag t
// and bits v (PutNamedBits).
//
//go:noinline
func PutNamedBitsElement(b []byte, i int, t Tag, v uint64) int {
	j := PutNamedBits(b, i, v)
	return PutHeader(b, j, t, i-j)
}

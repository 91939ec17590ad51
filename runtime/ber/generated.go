package ber

import (
	"errors"
	"strconv"
	"unsafe"
)

// This file holds the small helpers that generated code calls besides the
// primitives: sizes of whole elements, the BIT STRING value type, and
// error constructors for structural problems.

// SizeTLV returns the length of an element with tag and contents of length n.
func SizeTLV(t Tag, n int) int { return SizeTag(t) + SizeLength(n) + n }

// SizeElement is SizeTLV as a call, never inlined: the compact codecs
// (gen/README.md) size their components with it, so that the compiler does
// not expand the computation at every component of a type that is not on
// the path of events.
//
//go:noinline
func SizeElement(t Tag, n int) int { return SizeTag(t) + SizeLength(n) + n }

// BitString is a BIT STRING value without named bits (X.690 8.6): Bytes
// holds the bits, most significant first; the last Unused (0..7) bits of the
// last octet are not part of the value.
type BitString struct {
	Bytes  []byte
	Unused int
}

// Len returns the number of bits in s.
func (s BitString) Len() int { return len(s.Bytes)*8 - s.Unused }

// At reports whether bit k (0 is the most significant bit of the first
// octet) is set; bits beyond the end are not.
func (s BitString) At(k int) bool {
	if k < 0 || k >= s.Len() {
		return false
	}
	return s.Bytes[k/8]&(0x80>>(k%8)) != 0
}

// ErrDuplicate reports a SET component that appears twice.
var ErrDuplicate = errors.New("component appears twice")

// ErrNoAlternative reports a CHOICE value with no alternative chosen.
var ErrNoAlternative = errors.New("no alternative chosen")

// Duplicate returns an error for a SET component seen twice at offset.
//
//go:noinline
func Duplicate(offset int) error { return newError(offset, ErrDuplicate) }

// NoAlternative returns an encoding error for a CHOICE of type typeName
// whose value has no alternative chosen.
//
//go:noinline
func NoAlternative(typeName string) error {
	return &Error{Offset: -1, Type: typeName, Err: ErrNoAlternative}
}

// errAbsent is the cause of Absent.
var errAbsent = &detailError{ErrMissing, "absent from the CSTA-XML document the value was decoded from"}

// Absent returns the encoding error for a mandatory component field of
// typeName that the CSTA-XML document a value was decoded from did not
// have (its xml.Extra records the absence): BER cannot leave it out, and
// writing a zero value in its place would invent one. It wraps ErrMissing.
//
//go:noinline
func Absent(typeName, field string) error {
	return &Error{Offset: -1, Type: typeName, Field: field, Err: errAbsent}
}

// NotEnumerated returns the encoding error for the value n of an
// ENUMERATED type without an extension marker that is none of its
// enumerations; generated code names the type and component with WrapField.
// It wraps ErrNotEnumerated.
//
//go:noinline
func NotEnumerated(n int64) error {
	return &Error{Offset: -1, Err: &detailError{ErrNotEnumerated, strconv.FormatInt(n, 10)}}
}

// Bit sets with more than 64 named bits are stored as []uint64 words: ASN.1
// bit k is bit 63-(k%64) of word k/64, the layout of ParseNamedBits word by
// word.

// SizeBits returns the contents length of the DER encoding of the bit set
// words: trailing zero bits are removed (X.690 11.2.2).
func SizeBits(words []uint64) int {
	n := usedBits(words)
	return 1 + (n+7)/8
}

// usedBits is the number of bits up to and including the last set bit.
func usedBits(words []uint64) int {
	for w := len(words) - 1; w >= 0; w-- {
		if words[w] != 0 {
			tz := 0
			for words[w]&(1<<uint(tz)) == 0 {
				tz++
			}
			return w*64 + 64 - tz
		}
	}
	return 0
}

// PutBits writes the DER contents of the bit set words, initial octet
// included, so that they end at b[i]; it returns their start.
func PutBits(b []byte, i int, words []uint64) int {
	n := usedBits(words)
	octets := (n + 7) / 8
	for k := octets - 1; k >= 0; k-- {
		i--
		b[i] = byte(words[k/8] >> (56 - 8*uint(k%8)))
	}
	i--
	b[i] = byte(octets*8 - n)
	return i
}

// ParseBits decodes primitive BIT STRING contents into the bit set dst,
// which it clears first. A set bit beyond the capacity of dst gives
// ErrOverflow.
func ParseBits(c []byte, dst []uint64) error {
	unused, b, err := ParseBitString(c)
	if err != nil {
		return err
	}
	for w := range dst {
		dst[w] = 0
	}
	last := len(b) - 1
	for k, x := range b {
		if k == last {
			x &= 0xff << unused
		}
		if k/8 < len(dst) {
			dst[k/8] |= uint64(x) << (56 - 8*uint(k%8))
		} else if x != 0 {
			return ErrOverflow
		}
	}
	return nil
}

// ReadBits consumes a primitive BIT STRING element with tag and decodes it
// into the bit set dst (see ParseBits).
func (r *Reader) ReadBits(tag Tag, dst []uint64) error {
	off := r.Offset()
	c, err := r.ReadContents(tag)
	if err != nil {
		return err
	}
	if err := ParseBits(c, dst); err != nil {
		return newError(off, err)
	}
	return nil
}

// Shift returns err with base added to its offset: for an error found while
// decoding a part of a larger input (an open type's bytes), so that the
// offset is absolute. Errors without an offset (-1) and non-*Error values
// are returned as they are.
func Shift(err error, base int) error {
	e, ok := err.(*Error)
	if !ok || e.Offset < 0 || base == 0 {
		return err
	}
	n := *e
	n.Offset += base
	return &n
}

// OffsetOf returns the offset of sub within src when sub is a sub-slice of
// src (shares its memory), and 0 otherwise.
func OffsetOf(src, sub []byte) int {
	if len(src) == 0 || len(sub) == 0 {
		return 0
	}
	s := uintptr(unsafe.Pointer(unsafe.SliceData(src)))
	p := uintptr(unsafe.Pointer(unsafe.SliceData(sub)))
	if p < s || p >= s+uintptr(len(src)) {
		return 0
	}
	return int(p - s)
}

// ReadRelativeOID consumes a RELATIVE-OID element with tag and appends its
// arcs to dst (see ParseRelativeOID).
func (r *Reader) ReadRelativeOID(tag Tag, dst []uint32) ([]uint32, error) {
	off := r.Offset()
	c, err := r.ReadContents(tag)
	if err != nil {
		return dst, err
	}
	out, err := ParseRelativeOID(c, dst)
	if err != nil {
		return dst, newError(off, err)
	}
	r.ChargeGrown(cap(dst), cap(out), 4)
	return out, nil
}

// Rest consumes and returns the remaining input of r: the contents of a
// primitive element whose header was read with ReadAny.
func (r *Reader) Rest() []byte {
	c := r.s[:len(r.s):len(r.s)]
	r.s = r.s[len(r.s):]
	return c
}

// StringContents consumes the contents of a string element read with
// ReadAny: a primitive one is returned as it is (sharing memory with the
// input); a constructed one (X.690 8.7.3, 8.23.6) has its segments appended
// to *scratch (a new slice when scratch is nil), as ReadString does.
func (r *Reader) StringContents(constructed bool, scratch *[]byte) ([]byte, error) {
	if !constructed {
		return r.Rest(), nil
	}
	var buf []byte
	if scratch != nil {
		buf = *scratch
	}
	start, old := len(buf), cap(buf)
	budget, buf, err := appendSegments(*r, buf)
	if scratch != nil {
		*scratch = buf
	}
	if err != nil {
		return nil, err
	}
	r.budget = budget
	r.ChargeGrown(old, cap(buf), 1)
	r.Rest()
	return buf[start:len(buf):len(buf)], nil
}

// AppendElement appends an element with tag t and contents c to dst,
// with a definite length.
func AppendElement(dst []byte, t Tag, c []byte) []byte {
	dst = AppendHeader(dst, t, len(c))
	return append(dst, c...)
}

// PeekByte returns the first identifier octet of the next element, or 0
// when r is empty (0 is never the first octet of an element generated code
// looks for). Generated code compares it with the expected identifier
// octets of OPTIONAL components: a test that inlines to two instructions.
func (r *Reader) PeekByte() byte {
	if len(r.s) == 0 {
		return 0
	}
	return r.s[0]
}

// BitStringContents consumes the contents of a BIT STRING element read
// with ReadAny: primitive contents are parsed in place (X.690 8.6.2); the
// segments of a constructed one (8.6.3) are appended to *scratch (a new
// slice when scratch is nil), as ReadBitString does.
func (r *Reader) BitStringContents(constructed bool, scratch *[]byte) (unused int, bits []byte, err error) {
	if !constructed {
		off := r.Offset()
		unused, bits, err = ParseBitString(r.Rest())
		if err != nil {
			return 0, nil, newError(off, err)
		}
		return unused, bits, nil
	}
	var buf []byte
	if scratch != nil {
		buf = *scratch
	}
	start, old := len(buf), cap(buf)
	budget, buf, unused, err := appendBitSegments(*r, buf, 0)
	if scratch != nil {
		*scratch = buf
	}
	if err != nil {
		return 0, nil, err
	}
	r.budget = budget
	r.ChargeGrown(old, cap(buf), 1)
	r.Rest()
	return unused, buf[start:len(buf):len(buf)], nil
}

// NamedBits converts the bits of a BIT STRING (as ReadBitString returns
// them) to the layout of ParseNamedBits; a set bit beyond 63 gives
// ErrOverflow.
func NamedBits(unused int, bits []byte) (uint64, error) {
	var w [1]uint64
	if err := bitsToWords(unused, bits, w[:]); err != nil {
		return 0, err
	}
	return w[0], nil
}

// NamedBitWords is NamedBits for bit sets of more than 64 bits (the layout
// of ParseBits); it clears dst first.
func NamedBitWords(unused int, bits []byte, dst []uint64) error {
	return bitsToWords(unused, bits, dst)
}

func bitsToWords(unused int, bits []byte, dst []uint64) error {
	for w := range dst {
		dst[w] = 0
	}
	last := len(bits) - 1
	for k, x := range bits {
		if k == last {
			x &= 0xff << unused
		}
		if k/8 < len(dst) {
			dst[k/8] |= uint64(x) << (56 - 8*uint(k%8))
		} else if x != 0 {
			return ErrOverflow
		}
	}
	return nil
}

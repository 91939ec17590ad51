package ber

import (
	"math/bits"
	"strconv"
)

// Class is the class of a tag, the two top bits of the identifier octet
// (X.690 8.1.2.2, Table 1).
type Class uint8

// The four tag classes of X.680 8.1.
const (
	ClassUniversal   Class = 0
	ClassApplication Class = 1
	ClassContext     Class = 2
	ClassPrivate     Class = 3
)

// String returns the X.680 keyword of the class ("UNIVERSAL", "APPLICATION",
// "CONTEXT" or "PRIVATE").
func (c Class) String() string {
	switch c & 3 {
	case ClassUniversal:
		return "UNIVERSAL"
	case ClassApplication:
		return "APPLICATION"
	case ClassContext:
		return "CONTEXT"
	default:
		return "PRIVATE"
	}
}

// Tag is a decoded identifier: the class in bits 30-31, the constructed flag in
// bit 29 and the tag number in bits 0-28. Two encodings carry the same Tag
// exactly when they have the same class, form and number, so tags compare
// with ==.
//
// Tags can be written as constant expressions, e.g.
// Context|Constructed|3 or Application|11.
type Tag uint32

// Class bits and the constructed flag, for building Tag constants.
const (
	Universal   Tag = Tag(ClassUniversal) << 30
	Application Tag = Tag(ClassApplication) << 30
	Context     Tag = Tag(ClassContext) << 30
	Private     Tag = Tag(ClassPrivate) << 30
	Constructed Tag = 1 << 29
)

// MaxTagNumber is the largest tag number this package encodes or accepts:
// four subsequent identifier octets of seven bits each (X.690 8.1.2.4).
const MaxTagNumber = 1<<28 - 1

const numberMask Tag = 1<<29 - 1

// Universal tag numbers (X.680 8.6, Table 1). They are untyped constants so
// they serve both as uint32 numbers (NewTag) and in Tag expressions
// (Universal|TagInteger).
const (
	TagEndOfContents    = 0
	TagBoolean          = 1
	TagInteger          = 2
	TagBitString        = 3
	TagOctetString      = 4
	TagNull             = 5
	TagOID              = 6
	TagObjectDescriptor = 7
	TagExternal         = 8
	TagReal             = 9
	TagEnumerated       = 10
	TagEmbeddedPDV      = 11
	TagUTF8String       = 12
	TagRelativeOID      = 13
	TagSequence         = 16
	TagSet              = 17
	TagNumericString    = 18
	TagPrintableString  = 19
	TagT61String        = 20
	TagTeletexString    = 20
	TagVideotexString   = 21
	TagIA5String        = 22
	TagUTCTime          = 23
	TagGeneralizedTime  = 24
	TagGraphicString    = 25
	TagVisibleString    = 26
	TagGeneralString    = 27
	TagUniversalString  = 28
	TagBMPString        = 30
)

// Complete identifiers of the universal types in the form a DER encoder uses
// (constructed for SEQUENCE, SET, EXTERNAL and EMBEDDED PDV, primitive
// otherwise).
const (
	BooleanTag          = Universal | TagBoolean
	IntegerTag          = Universal | TagInteger
	BitStringTag        = Universal | TagBitString
	OctetStringTag      = Universal | TagOctetString
	NullTag             = Universal | TagNull
	OIDTag              = Universal | TagOID
	ObjectDescriptorTag = Universal | TagObjectDescriptor
	ExternalTag         = Universal | Constructed | TagExternal
	RealTag             = Universal | TagReal
	EnumeratedTag       = Universal | TagEnumerated
	EmbeddedPDVTag      = Universal | Constructed | TagEmbeddedPDV
	UTF8StringTag       = Universal | TagUTF8String
	RelativeOIDTag      = Universal | TagRelativeOID
	SequenceTag         = Universal | Constructed | TagSequence
	SetTag              = Universal | Constructed | TagSet
	NumericStringTag    = Universal | TagNumericString
	PrintableStringTag  = Universal | TagPrintableString
	TeletexStringTag    = Universal | TagTeletexString
	VideotexStringTag   = Universal | TagVideotexString
	IA5StringTag        = Universal | TagIA5String
	UTCTimeTag          = Universal | TagUTCTime
	GeneralizedTimeTag  = Universal | TagGeneralizedTime
	GraphicStringTag    = Universal | TagGraphicString
	VisibleStringTag    = Universal | TagVisibleString
	GeneralStringTag    = Universal | TagGeneralString
	UniversalStringTag  = Universal | TagUniversalString
	BMPStringTag        = Universal | TagBMPString
)

// NewTag returns the tag of class c with the given number and form. It panics
// if number exceeds MaxTagNumber, which is a programming error: tag numbers
// come from the schema, never from input.
func NewTag(c Class, number uint32, constructed bool) Tag {
	if number > MaxTagNumber {
		panic("ber: tag number " + strconv.FormatUint(uint64(number), 10) + " exceeds MaxTagNumber")
	}
	t := Tag(c&3)<<30 | Tag(number)
	if constructed {
		t |= Constructed
	}
	return t
}

// Class reports the class of t.
func (t Tag) Class() Class { return Class(t >> 30) }

// Number reports the tag number of t.
func (t Tag) Number() uint32 { return uint32(t & numberMask) }

// Constructed reports whether t has the constructed flag (X.690 8.1.2.5).
func (t Tag) Constructed() bool { return t&Constructed != 0 }

// Primitive returns t with the constructed flag cleared.
func (t Tag) Primitive() Tag { return t &^ Constructed }

// AsConstructed returns t with the constructed flag set.
func (t Tag) AsConstructed() Tag { return t | Constructed }

// String formats t in X.680 notation: "[APPLICATION 11]", "[3]" for context
// class, "[UNIVERSAL 16]", "[PRIVATE 2]", followed by " constructed" when the
// constructed flag is set.
func (t Tag) String() string {
	var buf [40]byte
	b := append(buf[:0], '[')
	switch t.Class() {
	case ClassUniversal:
		b = append(b, "UNIVERSAL "...)
	case ClassApplication:
		b = append(b, "APPLICATION "...)
	case ClassPrivate:
		b = append(b, "PRIVATE "...)
	}
	b = strconv.AppendUint(b, uint64(t.Number()), 10)
	b = append(b, ']')
	if t.Constructed() {
		b = append(b, " constructed"...)
	}
	return string(b)
}

// parseTag decodes the identifier octets at the front of s (X.690 8.1.2) and
// reports how many octets they took. It returns ErrTruncated when s ends
// inside the identifier and ErrBadTag for a long form that X.690 forbids: a
// first subsequent octet of 0x80 (8.1.2.4.2 c), a number below 31 (8.1.2.2),
// or a number above MaxTagNumber.
func parseTag(s []byte) (Tag, int, error) {
	if len(s) == 0 {
		return 0, 0, ErrTruncated
	}
	b0 := s[0]
	t := Tag(b0&0xe0) << 24
	if b0&0x1f != 0x1f {
		return t | Tag(b0&0x1f), 1, nil
	}
	// X.690 8.1.2.4: long form, base 128, bit 8 set on all but the last octet.
	var num Tag
	for i := 1; ; i++ {
		if i >= len(s) {
			return 0, 0, ErrTruncated
		}
		c := s[i]
		if i == 1 && c == 0x80 {
			return 0, 0, errNonMinimalTag
		}
		if i > 4 {
			return 0, 0, errTagTooBig
		}
		num = num<<7 | Tag(c&0x7f)
		if c&0x80 == 0 {
			if num < 31 {
				return 0, 0, errShortTagInLongForm
			}
			return t | num, i + 1, nil
		}
	}
}

// SizeTag returns the number of identifier octets that encode t
// (X.690 8.1.2).
func SizeTag(t Tag) int {
	n := uint32(t & numberMask)
	if n < 31 {
		return 1
	}
	return 1 + (bits.Len32(n)+6)/7
}

// PutTag writes the identifier octets of t so that they end at b[i] (exclusive)
// and returns the index of their first octet. b[i-SizeTag(t):i] must exist.
func PutTag(b []byte, i int, t Tag) int {
	if t&numberMask < 31 {
		b[i-1] = byte(t>>24)&0xe0 | byte(t)
		return i - 1
	}
	return putLongTag(b, i, t)
}

//go:noinline
func putLongTag(b []byte, i int, t Tag) int {
	n := uint32(t & numberMask)
	i--
	b[i] = byte(n & 0x7f)
	for n >>= 7; n != 0; n >>= 7 {
		i--
		b[i] = byte(n&0x7f) | 0x80
	}
	i--
	b[i] = byte(t>>24)&0xe0 | 0x1f
	return i
}

// PutIdentifier copies precomputed identifier octets (or any other constant
// octets, such as a whole fixed TLV) so that they end at b[i] and returns the
// index of the first one. Generated code keeps the identifier octets of every
// tag as a string constant and writes them with PutIdentifier.
func PutIdentifier(b []byte, i int, id string) int {
	i -= len(id)
	copy(b[i:], id)
	return i
}

// AppendTag appends the identifier octets of t to dst.
func AppendTag(dst []byte, t Tag) []byte {
	var buf [5]byte
	i := PutTag(buf[:], len(buf), t)
	return append(dst, buf[i:]...)
}

package ber

import (
	"errors"
	"strconv"
)

// Sentinel errors. Every error this package returns unwraps to one of them.
var (
	// ErrTruncated: the input ends inside an identifier, a length or the
	// contents an element claims.
	ErrTruncated = errors.New("truncated input")
	// ErrTagMismatch: the element has another tag than the one required.
	ErrTagMismatch = errors.New("tag mismatch")
	// ErrTooDeep: elements are nested more than Limits.MaxDepth deep.
	ErrTooDeep = errors.New("nesting too deep")
	// ErrTooManyElements: the input holds more than Limits.MaxElements
	// elements.
	ErrTooManyElements = errors.New("too many elements")
	// ErrTooLong: an element's contents are longer than Limits.MaxLength.
	ErrTooLong = errors.New("element too long")
	// ErrBadLength: a length octet X.690 forbids (the reserved 0xFF,
	// indefinite length on a primitive element, end-of-contents octets with a
	// non-zero length).
	ErrBadLength = errors.New("bad length")
	// ErrBadTag: identifier octets X.690 forbids (non-minimal long form, tag
	// number too big, an unexpected end-of-contents).
	ErrBadTag = errors.New("bad tag")
	// ErrTrailingData: bytes remain after the last expected element.
	ErrTrailingData = errors.New("trailing data")
	// ErrMissing: a mandatory component is absent.
	ErrMissing = errors.New("missing mandatory component")
	// ErrConstraint: a value or size constraint is violated.
	ErrConstraint = errors.New("constraint violated")
	// ErrOverflow: a value does not fit the Go type that receives it.
	ErrOverflow = errors.New("value out of range")
	// ErrInvalid: the contents octets are malformed for their type (a BOOLEAN
	// of length 2, a BIT STRING with 9 unused bits, ...).
	ErrInvalid = errors.New("invalid contents")
	// ErrUnknownAlternative: a CHOICE got a tag none of its alternatives has.
	ErrUnknownAlternative = errors.New("unknown alternative")
	// ErrBudget: decoding would allocate more than Limits.MaxAlloc bytes of
	// Go values.
	ErrBudget = errors.New("decode budget exceeded")
	// ErrNotEnumerated: encoding a value of an ENUMERATED type without an
	// extension marker that is none of its enumerations (decoding keeps
	// such a number, as real switches send them; encoding does not write
	// one).
	ErrNotEnumerated = errors.New("not one of the type's enumerations")
)

// Pre-built detailed variants of the sentinels, so that the content parsers
// report specific reasons without allocating.
var (
	errNonMinimalTag      = &detailError{ErrBadTag, "first subsequent identifier octet is 0x80 (X.690 8.1.2.4.2)"}
	errTagTooBig          = &detailError{ErrBadTag, "tag number exceeds 2^28-1"}
	errShortTagInLongForm = &detailError{ErrBadTag, "tag number below 31 in long form (X.690 8.1.2.2)"}
	errUnexpectedEOC      = &detailError{ErrBadTag, "unexpected end-of-contents"}
	errReservedLength     = &detailError{ErrBadLength, "reserved length octet 0xFF (X.690 8.1.3.5)"}
	errIndefPrimitive     = &detailError{ErrBadLength, "indefinite length on a primitive element (X.690 8.1.3.2)"}
	errEOCLength          = &detailError{ErrBadLength, "end-of-contents with non-zero length (X.690 8.1.5)"}
	errMissingEOC         = &detailError{ErrTruncated, "no end-of-contents for indefinite length"}
)

// Error is the error every Reader method returns. Offset is the absolute
// position in the top-level input of the element at fault (or -1 when
// unknown); Type and Field are filled in by generated code through WrapField
// and name the ASN.1 type and the component path inside it. Err is the
// cause, which wraps one of the sentinel errors.
type Error struct {
	Offset int    // absolute byte offset, -1 if unknown
	Type   string // outermost ASN.1 type name, or ""
	Field  string // dotted component path inside Type, or ""
	Err    error  // the cause; errors.Is finds the sentinel through it
}

// Error formats e as
// "ber: MakeCallArgument.callingDevice at offset 12: tag mismatch: want [APPLICATION 11], got [2]".
func (e *Error) Error() string {
	b := make([]byte, 0, 96)
	b = append(b, "ber: "...)
	if e.Type != "" {
		b = append(b, e.Type...)
		if e.Field != "" {
			b = append(b, '.')
		}
	}
	b = append(b, e.Field...)
	if e.Offset >= 0 {
		if e.Type != "" || e.Field != "" {
			b = append(b, ' ')
		}
		b = append(b, "at offset "...)
		b = strconv.AppendInt(b, int64(e.Offset), 10)
	}
	if len(b) > len("ber: ") {
		b = append(b, ": "...)
	}
	if e.Err != nil {
		b = append(b, e.Err.Error()...)
	}
	return string(b)
}

// Unwrap returns e.Err.
func (e *Error) Unwrap() error { return e.Err }

// detailError is a sentinel plus a fixed explanation.
type detailError struct {
	base   error
	detail string
}

func (e *detailError) Error() string { return e.base.Error() + ": " + e.detail }
func (e *detailError) Unwrap() error { return e.base }

// tagError explains a tag mismatch; it is formatted only when printed.
type tagError struct {
	base    error
	want    Tag
	got     Tag
	hasWant bool // want is meaningful
	gotEnd  bool // there was no element at all
}

func (e *tagError) Error() string {
	s := e.base.Error() + ": "
	if e.hasWant {
		s += "want " + e.want.String() + ", "
	}
	if e.gotEnd {
		return s + "got end of contents"
	}
	return s + "got " + e.got.String()
}
func (e *tagError) Unwrap() error { return e.base }

// errorWithTag carries an Error and its tagError in one allocation.
type errorWithTag struct {
	e Error
	d tagError
}

//go:noinline
func newTagError(off int, d tagError) *Error {
	x := &errorWithTag{e: Error{Offset: off}, d: d}
	x.e.Err = &x.d
	return &x.e
}

//go:noinline
func newError(off int, err error) *Error {
	return &Error{Offset: off, Err: err}
}

//go:noinline
func mismatchError(off int, want, got Tag) *Error {
	return newTagError(off, tagError{base: ErrTagMismatch, want: want, got: got, hasWant: true})
}

//go:noinline
func missingError(off int, want Tag) *Error {
	return newTagError(off, tagError{base: ErrMissing, want: want, hasWant: true, gotEnd: true})
}

// AtOffset returns err as an *Error at the given absolute offset. An err that
// already is an *Error is returned unchanged; nil stays nil. Use it to attach
// a position to the sentinel errors of the Parse* functions.
//
//go:noinline
func AtOffset(err error, offset int) error {
	if err == nil {
		return nil
	}
	if _, ok := err.(*Error); ok {
		return err
	}
	return &Error{Offset: offset, Err: err}
}

// WrapField records that err happened while decoding component field of
// typeName. Generated code calls it on the error path of every component, so
// the path grows from the inside out: an error at
// DeviceID.deviceIdentifier, wrapped by MakeCallArgument.callingDevice,
// reads "MakeCallArgument.callingDevice.deviceIdentifier". The offset of the
// innermost error is kept. A non-*Error err is wrapped with offset -1; an
// empty field leaves an already named error alone; nil stays nil.
func WrapField(err error, typeName, field string) error {
	if err == nil {
		return nil
	}
	e, ok := err.(*Error)
	if !ok {
		return &Error{Offset: -1, Type: typeName, Field: field, Err: err}
	}
	if e.Type == "" && e.Field == "" {
		n := *e
		n.Type, n.Field = typeName, field
		return &n
	}
	if field == "" {
		return err
	}
	n := *e
	n.Type = typeName
	if e.Field != "" {
		n.Field = field + "." + e.Field
	} else {
		n.Field = field
	}
	return &n
}

// WrapIndex is WrapField for the i-th item of a SEQUENCE OF or SET OF
// component: the path reads "field[i]".
func WrapIndex(err error, typeName, field string, i int) error {
	if err == nil {
		return nil
	}
	return WrapField(err, typeName, field+"["+strconv.Itoa(i)+"]")
}

// Missing returns the error for a mandatory component field of typeName that
// is absent; offset is where it was expected.
//
//go:noinline
func Missing(offset int, typeName, field string) error {
	return &Error{Offset: offset, Type: typeName, Field: field, Err: ErrMissing}
}

// Constraint returns the error for a value of component field of typeName
// that violates its constraint; detail says how (e.g. "size 0 not in 1..64").
//
//go:noinline
func Constraint(offset int, typeName, field, detail string) error {
	return &Error{Offset: offset, Type: typeName, Field: field, Err: &detailError{ErrConstraint, detail}}
}

// UnknownAlternative returns the error for a CHOICE typeName that met tag got,
// which none of its alternatives carries.
//
//go:noinline
func UnknownAlternative(offset int, typeName string, got Tag) error {
	e := newTagError(offset, tagError{base: ErrUnknownAlternative, got: got})
	e.Type = typeName
	return e
}

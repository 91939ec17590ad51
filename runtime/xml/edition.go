package xml

import "strconv"

// Edition is the edition of ECMA-323 whose names and attribute types a
// generated encoder writes where the editions differ. The generated
// AppendXMLNS takes it from the namespace of the root element, and every
// AppendXMLElem passes it on to the elements inside.
type Edition uint8

const (
	// Ed3 is ECMA-323 3rd edition, the default.
	Ed3 Edition = iota
	// Ed6 is ECMA-323 6th edition (or a later one, which keeps its names).
	Ed6
)

// String returns "ed3" or "ed6".
func (e Edition) String() string {
	if e == Ed6 {
		return "ed6"
	}
	return "ed3"
}

// ErrNotInEdition reports what the edition of ECMA-323 being written has no
// form for: a component, named bit or ENUMERATED identifier of ECMA-285 that
// its schema lacks (ed3's call linkage data and location information;
// ECMA-285's privateNumber of a DeviceID, digits, where ed6 has a boolean
// attribute of that name), a second item of a list whose element the
// schema gives room for one (CSTA private data), or a value outside the
// schema's datatype (NoForm). It is an ErrUnencodable:
// errors.Is holds for both.
var ErrNotInEdition = &notInEditionError{}

// notInEditionError is the type of ErrNotInEdition, which wraps
// ErrUnencodable.
type notInEditionError struct{}

func (*notInEditionError) Error() string { return "xml: no form in the ECMA-323 edition written" }
func (*notInEditionError) Unwrap() error { return ErrUnencodable }

// NotInEdition returns the ErrNotInEdition for the component field of a
// value of type typ, which the edition ed has no form for.
//
//go:noinline
func NotInEdition(typ, field string, ed Edition) error {
	return &ValueError{Offset: -1, Type: typ, Field: field, Msg: ed.String(), Err: ErrNotInEdition}
}

// NoForm returns the ErrNotInEdition for the value of the component field
// of a value of type typ that the XSD datatype of the edition ed cannot
// write, for the reason why: a negative number where the schema has a
// nonNegativeInteger, a number other than 0 and 1 where it has an
// xs:boolean, bits where it has an empty element.
//
//go:noinline
func NoForm(typ, field string, ed Edition, why string) error {
	return &ValueError{Offset: -1, Type: typ, Field: field, Msg: ed.String() + ": " + why, Err: ErrNotInEdition}
}

// OneItem returns the ErrNotInEdition for a list of n items of type typ
// whose element the schema of the edition ed gives room for one item only
// (the xs:choice of <privateData>).
//
//go:noinline
func OneItem(typ string, n int, ed Edition) error {
	return &ValueError{Offset: -1, Type: typ, Msg: ed.String() + " holds one item, not " + strconv.Itoa(n), Err: ErrNotInEdition}
}

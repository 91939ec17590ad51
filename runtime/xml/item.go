package xml

import "errors"

// ErrListOfOne reports a list element of the schema with more than one
// item where the ASN.1 type holds a single record (ECMA-323 writes
// messageInfo and deviceHistory as lists of one item, ECMA-285 as one
// SEQUENCE): the ASN.1 value cannot hold the document's content.
var ErrListOfOne = errors.New("xml: more than one item where the ASN.1 type holds one")

// EnterItem reads, after the start tag of an element that the schema makes
// a list and the ASN.1 one record, the start tag of its first child when
// that child is the list's item element item, and reports true: the
// record's components are then the item's children. It reports false, and
// reads only white space, when the element holds the components itself (the
// shape derived from the ASN.1).
func (r *Reader) EnterItem(item string) (bool, error) {
	t, err := r.peekContent()
	if err != nil {
		return false, err
	}
	if t.Kind != StartElement || string(t.Name.Local) != item {
		return false, nil
	}
	if _, _, err := r.Dec.ReadStart(); err != nil {
		return false, err
	}
	return true, nil
}

// LeaveList reads, after the end tag of the item EnterItem entered, the end
// tag of the list element. A further item is a *ValueError wrapping
// ErrListOfOne for the list's type typ, which makes the parent keep the
// whole list element verbatim (the component is then absent), or, with
// Strict, fails the decoding.
func (r *Reader) LeaveList(typ string) error {
	name, ok, err := r.Dec.ReadStartOrText()
	if err != nil {
		return r.ContentError(err, typ)
	}
	if !ok {
		return nil
	}
	return r.valueError(r.Offset(), typ, "", name.Local, nil, ErrListOfOne)
}

package xml

import "errors"

// ErrNotOneFlag reports an element that the schema makes a list of
// booleans, one per status, read into an ENUMERATED of ECMA-285 that holds
// one identifier (ECMA-323's StatusFilterList in ChangeSysStatFilter, whose
// ECMA-285 type is SystemStatus): no child is true, more than one is, or a
// child names no identifier, so the value cannot hold the document's
// content.
var ErrNotOneFlag = errors.New("xml: not exactly one flag true where the ASN.1 type holds one identifier")

// AppendFlag appends the element name in the flags form of the ENUMERATED
// value n of type typ: one child, the flag that flags names for n (the
// identifiers' CSTA-XML spellings, by number from first), written true:
// <requestedStatusFilter><overloadImminent>true</overloadImminent></requestedStatusFilter>.
// A number without a flag has no such form: an error wrapping
// ErrNotEnumerated.
func AppendFlag(dst []byte, name, typ string, flags []string, first, n int64) ([]byte, error) {
	k := uint64(n - first)
	if k >= uint64(len(flags)) || flags[k] == "" {
		return dst, NotEnumerated(typ, n)
	}
	dst = AppendStart(dst, name)
	dst = AppendElementString(dst, flags[k], "true")
	return AppendEnd(dst, name), nil
}

// DecodeFlag reads into v, an ENUMERATED of type typ, the content of the
// element whose start tag r has just read, through its end tag. The flags
// form (AppendFlag) is a list of boolean children named by flags (the
// CSTA-XML spellings) or names (the ASN.1 identifiers), both by number from
// first: the one that is true gives the number; those that are false are
// skipped. Text content is the form derived from the ASN.1, the identifier
// (either spelling) or a number. An element with no child true, more than
// one, or a child that names no identifier is a *ValueError wrapping
// ErrNotOneFlag, which makes the parent keep it verbatim (or, with Strict,
// fails the decoding); v is then unchanged.
func DecodeFlag(r *Reader, v *int64, typ string, flags, names []string, first int64) error {
	t, err := r.peekContent()
	if err != nil {
		return err
	}
	if t.Kind != StartElement {
		text, err := r.Text()
		if err != nil {
			return err
		}
		if k := flagIndex(flags, names, text); k >= 0 {
			*v = first + int64(k)
			return nil
		}
		n, ok := ParseInt(text)
		if !ok {
			return Invalid(r, typ, "", text)
		}
		*v = n
		return nil
	}
	off := t.Offset
	found, fits := -1, true
	for {
		name, ok, err := r.Dec.ReadStart()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		k := flagIndex(flags, names, name.Local)
		if k < 0 {
			fits = false
			if err := r.Dec.SkipElement(); err != nil {
				return err
			}
			continue
		}
		on, err := r.ReadBool(typ, names[k])
		if err != nil {
			return err
		}
		if on {
			fits = fits && found < 0
			found = k
		}
	}
	if !fits || found < 0 {
		return r.valueError(off, typ, "", nil, nil, ErrNotOneFlag)
	}
	*v = first + int64(found)
	return nil
}

// flagIndex returns the index in flags or names of the name s, or -1.
func flagIndex(flags, names []string, s []byte) int {
	for k := range names {
		if k < len(flags) && flags[k] != "" && flags[k] == string(s) || names[k] != "" && names[k] == string(s) {
			return k
		}
	}
	return -1
}

// peekContent skips the white space and comments after a start tag and
// returns the token that follows, without consuming it.
func (r *Reader) peekContent() (Token, error) {
	for {
		t, err := r.Dec.Peek()
		if err != nil {
			return t, err
		}
		if t.Kind == CharData && allSpace(t.Data) || t.Kind == Comment {
			if _, err := r.Dec.Next(); err != nil {
				return t, err
			}
			continue
		}
		return t, nil
	}
}

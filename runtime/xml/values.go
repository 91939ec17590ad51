package xml

// Typed readers of element text, for generated decoders. Each reads the
// text of the element whose start tag r has just read, through its end tag,
// and parses it; text that is no value of the type is an error from Invalid
// naming typ and field.

// ReadBool reads an xs:boolean.
func (r *Reader) ReadBool(typ, field string) (bool, error) {
	t, err := r.Text()
	if err != nil {
		return false, err
	}
	v, ok := ParseBool(t)
	if !ok {
		return false, Invalid(r, typ, field, t)
	}
	return v, nil
}

// ReadInt reads a decimal INTEGER.
func (r *Reader) ReadInt(typ, field string) (int64, error) {
	t, err := r.Text()
	if err != nil {
		return 0, err
	}
	v, ok := ParseInt(t)
	if !ok {
		return 0, Invalid(r, typ, field, t)
	}
	return v, nil
}

// ReadTextOnly reads a string that the schema makes an element of
// attributes and XML content, without text (the notext directive: ECMA-323's
// grammars, an IA5String in ECMA-285): text, the form derived from the
// ASN.1, is read as it is; an element with attributes or child elements is
// no value of the string, a *ValueError wrapping ErrInvalidValue that makes
// the parent keep it verbatim.
func (r *Reader) ReadTextOnly(typ, field string) ([]byte, error) {
	if len(r.Attrs()) > 0 {
		return nil, r.valueError(r.Offset(), typ, field, nil, []byte("attributes"), ErrInvalidValue)
	}
	t, err := r.peekContent()
	if err != nil {
		return nil, err
	}
	if t.Kind == StartElement {
		return nil, r.valueError(t.Offset, typ, field, nil, []byte("child elements"), ErrInvalidValue)
	}
	return r.Text()
}

// ReadBoolInt reads an INTEGER that the schema makes an xs:boolean (the
// boolean directive): true and false are 1 and 0, and a decimal number,
// the form derived from the ASN.1, is read as itself.
func (r *Reader) ReadBoolInt(typ, field string) (int64, error) {
	t, err := r.Text()
	if err != nil {
		return 0, err
	}
	if v, ok := ParseInt(t); ok {
		return v, nil
	}
	switch string(t) {
	case "true":
		return 1, nil
	case "false":
		return 0, nil
	}
	return 0, Invalid(r, typ, field, t)
}

// ReadFloat reads an xs:double.
func (r *Reader) ReadFloat(typ, field string) (float64, error) {
	t, err := r.Text()
	if err != nil {
		return 0, err
	}
	v, ok := ParseFloat(t)
	if !ok {
		return 0, Invalid(r, typ, field, t)
	}
	return v, nil
}

// ReadHex reads xs:hexBinary into octets kept in r's arena.
func (r *Reader) ReadHex(typ, field string) ([]byte, error) {
	t, err := r.Text()
	if err != nil {
		return nil, err
	}
	b, ok := ParseHex(r.Scratch(), t)
	if !ok {
		return nil, Invalid(r, typ, field, t)
	}
	v := r.Bytes(b)
	r.SetScratch(b)
	return v, nil
}

// ReadOID reads an OBJECT IDENTIFIER in dotted form into dst[:0].
func (r *Reader) ReadOID(dst []uint32, typ, field string) ([]uint32, error) {
	t, err := r.Text()
	if err != nil {
		return dst[:0], err
	}
	v, ok := ParseOID(dst, t)
	if cap(v) != cap(dst) {
		r.Charge(4 * cap(v))
	}
	if !ok {
		return v, Invalid(r, typ, field, t)
	}
	return v, nil
}

package gen

import (
	"fmt"

	"github.com/cstagen/cstagen/asn1"
	"github.com/dave/jennifer/jen"
)

// Decoding from an element already entered. CHOICE alternatives and
// OPTIONAL components enter the next element once (EnterAny, Enter) and
// decode from its contents, instead of peeking at the tag and reading it
// again.

// elemTags returns the tags (as ber.Tag constants with the constructed bit
// as it must be on the wire) that the first element of vt can carry, for a
// switch on the tag read. Strings may be primitive or constructed (X.690
// 8.7.3); a nested untagged CHOICE contributes the tags of its alternatives.
func elemTags(vt valueType, depth int) []jen.Code {
	if len(vt.t.Tags) > 0 {
		t := vt.t.Tags[0]
		if t.Explicit {
			return []jen.Code{tagCode(t, true)}
		}
		switch vt.u.Kind {
		case asn1.KindOctetString, asn1.KindString, asn1.KindTime, asn1.KindBitString:
			return []jen.Code{tagCode(t, false), tagCode(t, true)}
		}
		return []jen.Code{tagCode(t, vt.u.Kind.Constructed())}
	}
	if vt.u.Kind == asn1.KindChoice && depth < 32 {
		var out []jen.Code
		for _, c := range vt.u.Components {
			out = append(out, elemTags(valueType{t: c.Type, u: c.Type.Underlying()}, depth+1)...)
		}
		return out
	}
	return nil
}

// decodeInside decodes x from an element already entered: its tag is in
// the variable t, and the *ber.Reader variable c has been narrowed to its
// contents. The caller leaves the element.
func (g *generator) decodeInside(vt valueType, x jen.Code, c string, fail func(jen.Code) jen.Code, depth int) []jen.Code {
	cr := jen.Id(c)
	cp := cr
	if len(vt.t.Tags) == 0 {
		// An untagged CHOICE: the element is one of its alternatives.
		return []jen.Code{jen.If(jen.Err().Op("=").Add(x).Dot("DecodeBERChoiceElem").Call(jen.Id("t"), cp), jen.Err().Op("!=").Nil()).Block(fail(jen.Err()))}
	}
	if vt.t.Tags[0].Explicit {
		inner := vt
		cp := *vt.t
		cp.Tags = vt.t.Tags[1:]
		inner.t = &cp
		return g.decodeStmts(inner, x, c, fail, depth+1)
	}
	conv := func(e jen.Code) jen.Code {
		if vt.named != nil {
			return vt.named.id().Call(e)
		}
		return e
	}
	// The temporaries are variables of the declared scope (g.declare), as
	// in decodeStmts.
	offset, atOffset := g.offsetAt(cr, fail)
	parse := func(kind string, extra ...jen.Code) []jen.Code {
		args := append([]jen.Code{jen.Add(cr).Dot("Rest").Call()}, extra...)
		val := g.val(kind)
		return []jen.Code{
			offset(),
			jen.If(jen.List(jen.Id(val), jen.Err()).Op("=").Qual(berPkg, "Parse"+kind).Call(args...), jen.Err().Op("!=").Nil()).Block(atOffset()),
			jen.Add(x).Op("=").Add(conv(jen.Id(val))),
		}
	}
	constructed := jen.Id("t").Op("&").Qual(berPkg, "Constructed").Op("!=").Lit(0)
	var body []jen.Code
	switch vt.u.Kind {
	case asn1.KindBoolean:
		body = parse("Bool")
	case asn1.KindInteger, asn1.KindEnumerated:
		if isBigInt(vt.t) {
			body = []jen.Code{offset(),
				jen.If(jen.Err().Op("=").Qual(berPkg, "ParseBigInt").Call(jen.Add(cr).Dot("Rest").Call(), bigRef(x)), jen.Err().Op("!=").Nil()).Block(atOffset())}
			break
		}
		body = parse("Int64")
	case asn1.KindReal:
		body = parse("Real")
	case asn1.KindNull:
		body = []jen.Code{offset(),
			jen.If(jen.Err().Op("=").Qual(berPkg, "ParseNull").Call(jen.Add(cr).Dot("Rest").Call()), jen.Err().Op("!=").Nil()).Block(atOffset())}
	case asn1.KindOctetString, asn1.KindString, asn1.KindTime:
		g.declare("octets", jen.Index().Byte())
		body = []jen.Code{
			jen.If(jen.List(jen.Id("octets"), jen.Err()).Op("=").Add(cr).Dot("StringContents").Call(constructed, jen.Nil()), jen.Err().Op("!=").Nil()).Block(fail(jen.Err())),
			jen.Add(x).Op("=").Add(conv(jen.Id("octets"))),
		}
	case asn1.KindBitString:
		body = g.bitStringStmts(vt, x, cr, jen.Add(cr).Dot("BitStringContents").Call(constructed, jen.Nil()), conv, fail)
	case asn1.KindObjectIdentifier, asn1.KindRelativeOID:
		kind := "OID"
		if vt.u.Kind == asn1.KindRelativeOID {
			kind = "RelativeOID"
		}
		// The arcs' array is charged to the decode budget when it grows.
		g.declare("arcs", jen.Int())
		body = append([]jen.Code{jen.Id("arcs").Op("=").Cap(x)}, parse(kind, jen.Index().Uint32().Call(x).Index(jen.Empty(), jen.Lit(0)))...)
		body = append(body, jen.Add(cr).Dot("ChargeGrown").Call(jen.Id("arcs"), jen.Cap(jen.Id("val"+kind)), jen.Lit(4)))
	case asn1.KindChoice, asn1.KindOpen:
		g.errorf("internal: %s with its own tag", vt.u.Kind)
	default:
		body = []jen.Code{jen.If(jen.Err().Op("=").Add(x).Dot("DecodeBERContent").Call(cp), jen.Err().Op("!=").Nil()).Block(fail(jen.Err()))}
	}
	return body
}

// optionalStmts decodes an OPTIONAL or DEFAULT component with one possible
// first tag that peekCond cannot test (a tag number in the long form): the
// element is entered if its tag is next. It returns nil when the component
// needs the general path (several possible tags, or an open type).
func (g *generator) optionalStmts(fd field, x jen.Code, fail func(jen.Code) jen.Code, present, absent []jen.Code) []jen.Code {
	tags := elemTags(fd.vt, 0)
	if len(tags) != 1 || len(fd.vt.t.Tags) == 0 {
		return nil
	}
	g.declare("rest0", jen.Int())
	body := []jen.Code{
		jen.If(jen.List(jen.Id("rest0"), jen.Err()).Op("=").Id("r").Dot("Enter").Call(tags[0]), jen.Err().Op("!=").Nil()).Block(fail(jen.Err())),
	}
	body = append(body, g.decodeInside(fd.vt, x, "r", fail, 1)...)
	body = append(body, g.leaveStmt("r", "rest0", fail))
	body = append(body, present...)
	return []jen.Code{
		jen.If(jen.List(jen.Id("t"), jen.Id("ok")).Op(":=").Id("r").Dot("PeekTag").Call(), jen.Id("ok").Op("&&").Id("t").Op("==").Add(tags[0])).Block(body...).Else().Block(absent...),
	}
}

// identOctets returns the identifier octets the first element of vt can
// start with (X.690 8.1.2.3: class, constructed bit, number), and false
// when a tag number needs the long form or vt is an open type.
func identOctets(vt valueType, depth int) ([]byte, bool) {
	octet := identOctet
	if len(vt.t.Tags) > 0 {
		t := vt.t.Tags[0]
		if t.Explicit {
			b, ok := octet(t, true)
			return []byte{b}, ok
		}
		switch vt.u.Kind {
		case asn1.KindOctetString, asn1.KindString, asn1.KindTime, asn1.KindBitString:
			p, ok1 := octet(t, false)
			c, ok2 := octet(t, true)
			return []byte{p, c}, ok1 && ok2
		}
		b, ok := octet(t, vt.u.Kind.Constructed())
		return []byte{b}, ok
	}
	if vt.u.Kind == asn1.KindChoice && !vt.u.Extensible && depth < 32 {
		var out []byte
		for _, c := range vt.u.Components {
			bs, ok := identOctets(valueType{t: c.Type, u: c.Type.Underlying()}, depth+1)
			if !ok {
				return nil, false
			}
			out = append(out, bs...)
		}
		return out, len(out) > 0
	}
	return nil, false
}

// peekCond returns a statement and a condition on the next identifier
// octet that is true when the next element can be vt, or a nil condition
// when identOctets cannot tell.
func peekCond(vt valueType) (init, cond jen.Code) {
	octets, ok := identOctets(vt, 0)
	if !ok {
		return nil, nil
	}
	if len(octets) == 1 {
		return nil, jen.Id("r").Dot("PeekByte").Call().Op("==").Add(hexByte(octets[0]))
	}
	for _, b := range octets {
		c := jen.Id("b").Op("==").Add(hexByte(b))
		if cond == nil {
			cond = c
		} else {
			cond = jen.Add(cond).Op("||").Add(c)
		}
	}
	return jen.Id("b").Op(":=").Id("r").Dot("PeekByte").Call(), cond
}

func hexByte(b byte) jen.Code { return jen.Id(fmt.Sprintf("0x%02x", b)) }

package gen

import (
	"github.com/cstagen/cstagen/asn1"
	"github.com/dave/jennifer/jen"
)

// The compact decoder of a SEQUENCE reads its components through a
// ber.Components, one call a component (componentCall), where the
// unrolled decoder has a block of reads and branches: straight-line code,
// with fewer lines and less machine code (gen/README.md, "Compact and
// unrolled BER"). The components no call reads (a constraint to check, an
// explicit tag around anything but a structure or an OPTIONAL string, an
// untagged OPTIONAL CHOICE, an open type, a big INTEGER, an OBJECT
// IDENTIFIER, ...) are read in line as before, after a test that no call
// before them failed (componentsGuard).

// componentCall returns the statement that decodes the component fd of
// the compact SEQUENCE gt through the ber.Components c, or nil when no
// call reads it.
func (g *generator) componentCall(gt *goType, fd field) jen.Code {
	vt := fd.vt
	if len(checkStmts(vt, jen.Id("x"), jen.Lit(0), gt.name, fd.c.Name)) != 0 {
		return nil
	}
	if (fd.c.Optional || fd.c.Default != nil) && len(vt.t.Tags) > 0 && vt.t.Tags[0].Number >= 0x1f {
		return nil // ber.Components peeks at one identifier octet
	}
	name := jen.Lit(fd.c.Name)
	v := jen.Id("v")
	target := func(goType jen.Code) jen.Code { // the field, as a pointer to its Go type
		p := jen.Op("&").Add(fd.get(v))
		if vt.named != nil {
			return jen.Parens(jen.Op("*").Add(goType)).Call(p)
		}
		return p
	}
	call := func(method string, args ...jen.Code) *jen.Statement {
		return jen.Id("c").Dot(method).Call(append([]jen.Code{name}, args...)...)
	}
	// kind is Opt<kind> for an OPTIONAL component (its flag set to the
	// result), Default<kind> with the DEFAULT's value, and <kind> for a
	// mandatory one.
	scalar := func(kind string, tag jen.Code, dst jen.Code, def func() jen.Code) jen.Code {
		switch {
		case fd.has != "":
			return jen.Add(v).Dot(fd.has).Op("=").Add(call("Opt"+kind, tag, dst))
		case fd.c.Optional:
			return nil
		case fd.c.Default != nil:
			d := def()
			if d == nil {
				return nil
			}
			return call("Default"+kind, tag, dst, d)
		}
		return call(kind, tag, dst)
	}
	if len(vt.t.Tags) == 0 {
		// An untagged CHOICE, mandatory: its alternative is the element.
		if vt.u.Kind == asn1.KindChoice && vt.named != nil && !fd.ptr && !fd.optional() && fd.c.Default == nil {
			return call("Choice", jen.Op("&").Add(fd.get(v)))
		}
		return nil
	}
	if len(vt.t.Tags) == 1 && vt.t.Tags[0].Explicit && vt.u.Kind == asn1.KindChoice && vt.named != nil && fd.c.Default == nil {
		// A tagged CHOICE: its tag is explicit.
		tag := tagCode(vt.t.Tags[0], true)
		switch {
		case fd.ptr && fd.c.Optional:
			return jen.Add(fd.get(v)).Op("=").Qual(berPkg, "OptTaggedChoice").Call(jen.Op("&").Id("c"), name, tag, jen.Op("&").Add(v).Dot(fd.keep))
		case !fd.ptr && !fd.optional():
			return call("TaggedChoice", tag, jen.Op("&").Add(fd.get(v)))
		}
		return nil
	}
	if len(vt.t.Tags) == 2 && vt.t.Tags[0].Explicit && !vt.t.Tags[1].Explicit && fd.has != "" && isString(vt.u.Kind) {
		// An OPTIONAL string in an explicit tag (userData [APPLICATION 29]).
		return jen.Add(v).Dot(fd.has).Op("=").Add(call("OptExplicitBytes", tagCode(vt.t.Tags[0], true), tagCode(vt.t.Tags[1], false), target(jen.Index().Byte())))
	}
	if len(vt.t.Tags) == 2 && vt.t.Tags[0].Explicit && !vt.t.Tags[1].Explicit && vt.named != nil && fd.c.Default == nil && structContent(vt.u.Kind) {
		// A structure in an explicit tag (consultedDevice [1] EXPLICIT DeviceID).
		outer, tag := tagCode(vt.t.Tags[0], true), tagCode(vt.t.Tags[1], true)
		switch {
		case fd.ptr && fd.c.Optional:
			return jen.Add(fd.get(v)).Op("=").Qual(berPkg, "OptExplicitPointer").Call(jen.Op("&").Id("c"), name, outer, tag, jen.Op("&").Add(v).Dot(fd.keep))
		case !fd.ptr && !fd.optional():
			return call("ExplicitContent", outer, tag, jen.Op("&").Add(fd.get(v)))
		}
		return nil
	}
	if len(vt.t.Tags) != 1 || vt.t.Tags[0].Explicit {
		return nil
	}
	own := vt.t.Tags[0]
	switch {
	case structContent(vt.u.Kind):
		if vt.named == nil || fd.c.Default != nil {
			return nil
		}
		tag := tagCode(own, true)
		switch {
		case fd.ptr:
			return jen.Add(fd.get(v)).Op("=").Qual(berPkg, "OptPointer").Call(jen.Op("&").Id("c"), name, tag, jen.Op("&").Add(v).Dot(fd.keep))
		case fd.has != "":
			// A list held by value: emptied, keeping its array, when absent.
			return jen.If(jen.Add(v).Dot(fd.has).Op("=").Add(call("OptContent", tag, jen.Op("&").Add(fd.get(v)))), jen.Op("!").Add(v).Dot(fd.has)).Block(
				jen.Add(fd.get(v)).Op("=").Add(clearedValue(vt, fd.get(v))))
		case fd.c.Optional:
			return nil
		}
		return call("Content", tag, jen.Op("&").Add(fd.get(v)))
	case isString(vt.u.Kind):
		return scalar("Bytes", tagCode(own, false), target(jen.Index().Byte()), func() jen.Code { return nil })
	case vt.u.Kind == asn1.KindInteger || vt.u.Kind == asn1.KindEnumerated:
		if isBigInt(vt.t) {
			return nil
		}
		return scalar("Int64", tagCode(own, false), target(jen.Int64()), func() jen.Code {
			if d := fd.c.Default; d.Big == nil && (d.Kind == asn1.ValueInteger || d.Kind == asn1.ValueEnumerated) {
				return num(d.Int)
			}
			return nil
		})
	case vt.u.Kind == asn1.KindBoolean:
		return scalar("Bool", tagCode(own, false), target(jen.Bool()), func() jen.Code {
			if d := fd.c.Default; d.Kind == asn1.ValueBoolean {
				return jen.Lit(d.Bool)
			}
			return nil
		})
	case vt.u.Kind == asn1.KindBitString:
		if len(vt.u.Named) == 0 || bigBits(vt.u) || vt.named == nil {
			return nil
		}
		return scalar("NamedBits", tagCode(own, false), target(jen.Uint64()), func() jen.Code {
			if d := fd.c.Default; d.Kind == asn1.ValueBits {
				return hexLit(namedMask(vt.u, d.Bits))
			}
			return nil
		})
	case vt.u.Kind == asn1.KindNull:
		tag := tagCode(own, false)
		switch {
		case fd.has != "":
			return jen.Add(v).Dot(fd.has).Op("=").Add(call("OptNull", tag))
		case fd.c.Optional || fd.c.Default != nil:
			return nil
		}
		return call("Null", tag)
	}
	return nil
}

// componentsGuard is the test in front of a component decoded in line
// after calls of the ber.Components c: a call that failed ends the decoding
// with its error.
func componentsGuard(gt *goType) jen.Code {
	return jen.If(jen.Id("c").Dot("Failed").Call()).Block(jen.Return(jen.Id("c").Dot("Err").Call(jen.Lit(gt.name))))
}

// namedMask is the uint64 of a BIT STRING with named bits below 64 (bit k
// is bit 63-k) that has the named bits bits set.
func namedMask(u *asn1.Type, bits []string) uint64 {
	var mask uint64
	for _, b := range bits {
		for _, n := range u.Named {
			if n.Name == b {
				mask |= 1 << (63 - uint(n.Number))
			}
		}
	}
	return mask
}

// structContent reports whether values of kind k are coded through their
// content methods (ber.Content).
func structContent(k asn1.Kind) bool {
	switch k {
	case asn1.KindSequence, asn1.KindSet, asn1.KindSequenceOf, asn1.KindSetOf, asn1.KindExternal:
		return true
	}
	return false
}

// isString reports whether values of kind k are strings ([]byte).
func isString(k asn1.Kind) bool {
	return k == asn1.KindOctetString || k == asn1.KindString || k == asn1.KindTime
}

// holdsCompactStructure reports whether a value of t holds a compact
// SEQUENCE or SET, through references and the components and elements of
// what it holds (not into what an open type holds, which is decoded
// apart): whether its decoder reads through ber.Components.
func (g *generator) holdsCompactStructure(t *asn1.Type) bool {
	seen := map[*asn1.TypeDef]bool{}
	var holds func(t *asn1.Type) bool
	holds = func(t *asn1.Type) bool {
		found := false
		walkTypes(t, func(t *asn1.Type) bool {
			if found {
				return false
			}
			if t.Ref != nil {
				if !seen[t.Ref] {
					seen[t.Ref] = true
					found = holds(t.Ref.Type)
				}
				return false
			}
			if (t.Kind == asn1.KindSequence || t.Kind == asn1.KindSet) && g.unrolled != nil && !g.unrolled[t] {
				found = true
			}
			return !found
		})
		return found
	}
	return holds(t)
}

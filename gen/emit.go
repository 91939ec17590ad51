package gen

import (
	"fmt"
	"sort"

	"github.com/cstagen/cstagen/asn1"
	"github.com/dave/jennifer/jen"
)

// emitType writes the declaration and the methods of one Go type.
func (g *generator) emitType(gt *goType) {
	f := g.file(gt.file, gt.module.Name)
	g.compact = g.unrolled != nil && !g.unrolled[gt.t]
	defer func() { g.compact = false }()
	if gt.def != nil && gt.def.Type.Ref != nil {
		g.emitReference(f, gt)
		return
	}
	u := gt.t.Underlying()
	switch u.Kind {
	case asn1.KindSequence, asn1.KindSet:
		g.emitStruct(f, gt, u)
	case asn1.KindExternal:
		g.errorf("%s: EXTERNAL is not supported yet", gt.origin)
		return
	case asn1.KindChoice:
		g.emitChoice(f, gt, u)
	case asn1.KindSequenceOf, asn1.KindSetOf:
		g.emitList(f, gt, u)
	case asn1.KindEnumerated:
		g.emitNamedInt(f, gt, u, true)
	case asn1.KindInteger:
		if isBigInt(gt.t) {
			g.emitBigInt(f, gt)
			break
		}
		g.emitNamedInt(f, gt, u, false)
	case asn1.KindBitString:
		g.emitBits(f, gt, u)
	default:
		g.emitPrimitive(f, gt, u)
	}
	g.emitExported(f, gt)
}

// typeDoc is the doc comment of a generated type.
func typeDoc(gt *goType, what string) string {
	return fmt.Sprintf("%s is %s, ASN.1 %s:\n\n\t%s", gt.name, what, gt.origin, asn1.Describe(gt.t))
}

// ownValueType is the value type of the receiver of gt's exported methods.
func (g *generator) ownValueType(gt *goType) valueType {
	t := *gt.t
	t.Tags = gt.ownTags()
	return valueType{t: &t, u: gt.t.Underlying(), named: gt}
}

// selfValue is the value of type vt that the receiver v points to, in the
// methods of its type: v for the structures, whose fields and methods v
// reaches as well, (*v) for the others.
func selfValue(vt valueType) jen.Code {
	switch vt.u.Kind {
	case asn1.KindSequence, asn1.KindSet, asn1.KindChoice:
		return jen.Id("v")
	}
	return jen.Parens(jen.Op("*").Id("v"))
}

// emitExported writes, for a message type (messages.go), SizeBER, AppendBER,
// DecodeBER and DecodeBERLimits. A structure with one tag of its own and an
// untagged CHOICE go through ber.AppendContent/AppendChoice and
// Reader.EnterMessage/LeaveMessage/FinishMessage (ber.DecodeMessage and
// DecodeChoiceMessage, with a pooled Reader, in a compact type); the other shapes decode
// with gt's own tags in line and encode through berAppend and their putBER.
func (g *generator) emitExported(f *jen.File, gt *goType) {
	if !g.messages[gt] {
		return
	}
	vt := g.ownValueType(gt)
	recv := jen.Id("v").Op("*").Id(gt.name)
	self := selfValue(vt)
	wrap := func(e jen.Code) jen.Code { return e }

	f.Comment("SizeBER returns the length of the BER (DER) encoding of v.")
	f.Func().Params(recv).Id("SizeBER").Params().Int().Block(jen.Return(g.sizeExpr(vt, self)))

	// The common shapes, a structure with one tag of its own or an
	// untagged CHOICE with no constraint of its own to check, are coded by
	// the shared functions of runtime/ber, through the content methods.
	tags := tagsOf(vt)
	plain := len(checkStmts(vt, self, jen.Lit(-1), gt.name, "")) == 0
	content := plain && len(tags) == 1 && hasOwnTag(vt) && vt.u.Kind.Constructed() && vt.u.Kind != asn1.KindChoice
	choice := plain && len(tags) == 0 && vt.u.Kind == asn1.KindChoice
	dstID := jen.Id("dst")
	appendBER := jen.Return(jen.Id("berAppend").Call(dstID, jen.Id("v")))
	switch {
	case content:
		appendBER = jen.Return(jen.Qual(berPkg, "AppendContent").Call(dstID, tags[0], jen.Id("v")))
	case choice:
		appendBER = jen.Return(jen.Qual(berPkg, "AppendChoice").Call(dstID, jen.Id("v")))
	}
	f.Comment("AppendBER appends the BER encoding of v to dst: definite lengths, minimal, DER")
	f.Comment("where it costs nothing. It grows dst at most once.")
	f.Func().Params(recv).Id("AppendBER").Params(jen.Id("dst").Index().Byte()).Params(jen.Index().Byte(), jen.Error()).Block(appendBER)

	// The body of DecodeBERLimits, and its results (named where the body
	// assigns err).
	var dec []jen.Code
	results := jen.Error()
	switch {
	case content && g.compact:
		// Through a pooled Reader: one call where the unrolled types
		// keep theirs on the stack.
		dec = []jen.Code{jen.Return(jen.Qual(berPkg, "DecodeMessage").Call(jen.Id("src"), jen.Id("lim"), tags[0], jen.Lit(gt.name), jen.Id("v")))}
	case choice && g.compact:
		dec = []jen.Code{jen.Return(jen.Qual(berPkg, "DecodeChoiceMessage").Call(jen.Id("src"), jen.Id("lim"), jen.Lit(gt.name), jen.Id("v")))}
	case content:
		dec = []jen.Code{
			jen.Id("r").Op(":=").Qual(berPkg, "NewReader").Call(jen.Id("src"), jen.Id("lim")),
			jen.List(jen.Id("rest"), jen.Err()).Op(":=").Id("r").Dot("EnterMessage").Call(tags[0], jen.Lit(gt.name)),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			jen.If(jen.Err().Op(":=").Id("v").Dot("DecodeBERContent").Call(jen.Op("&").Id("r")), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Qual(berPkg, "WrapField").Call(jen.Err(), jen.Lit(gt.name), jen.Lit("")))),
			jen.Return(jen.Id("r").Dot("LeaveMessage").Call(jen.Id("rest"), jen.Lit(gt.name))),
		}
	case choice:
		dec = []jen.Code{
			jen.Id("r").Op(":=").Qual(berPkg, "NewReader").Call(jen.Id("src"), jen.Id("lim")),
			jen.Return(jen.Id("r").Dot("FinishMessage").Call(jen.Lit(gt.name), jen.Id("v").Dot("DecodeBERChoice").Call(jen.Op("&").Id("r")))),
		}
	default:
		g.usesBERAppend = true
		f.Comment("putBER writes v with its own tags so that it ends at b[i]; it returns the start.")
		put := g.putStmts(vt, self, wrap)
		body := checkStmtsRet(vt, self, jen.Lit(-1), gt.name, "", func(e jen.Code) jen.Code { return jen.Return(jen.Id("i"), e) })
		body = append(body, put...)
		body = append(body, jen.Return(jen.Id("i"), jen.Nil()))
		f.Func().Params(recv).Id("putBER").Params(jen.Id("b").Index().Byte(), jen.Id("i").Int()).Params(jen.Id("_").Int(), jen.Err().Error()).Block(body...)

		if g.compact && g.holdsCompactStructure(vt.t) {
			// The compact decoders of structures hand the Reader to
			// methods through interfaces (ber.Components): one from the
			// pool, as ber.DecodeMessage takes, does not escape at every
			// call.
			dec = []jen.Code{
				jen.Id("r").Op(":=").Qual(berPkg, "AcquireReader").Call(jen.Id("src"), jen.Id("lim")),
				jen.Defer().Qual(berPkg, "ReleaseReader").Call(jen.Id("r")),
			}
		} else {
			dec = []jen.Code{
				jen.Id("rd").Op(":=").Qual(berPkg, "NewReader").Call(jen.Id("src"), jen.Id("lim")),
				jen.Id("r").Op(":=").Op("&").Id("rd"),
			}
		}
		g.scope = map[string]jen.Code{}
		dec = append(dec, g.decodeStmts(vt, self, "r", returning(func(e jen.Code) jen.Code {
			return jen.Qual(berPkg, "WrapField").Call(e, jen.Lit(gt.name), jen.Lit(""))
		}), 0)...)
		dec = append(g.declareScope(), dec...)
		dec = append(dec, checkStmts(vt, self, jen.Id("r").Dot("Offset").Call(), gt.name, "")...)
		dec = append(dec, jen.Return(jen.Id("r").Dot("Finish").Call()))
		results = jen.Params(jen.Err().Error())
	}

	f.Commentf("DecodeBER decodes src, which must hold exactly one %s, into v,", gt.name)
	f.Comment("with the default limits. Strings in v share memory with src.")
	f.Func().Params(recv).Id("DecodeBER").Params(jen.Id("src").Index().Byte()).Error().Block(
		jen.Return(jen.Id("v").Dot("DecodeBERLimits").Call(jen.Id("src"), jen.Nil())))

	f.Comment("DecodeBERLimits is DecodeBER with explicit limits (nil means ber.DefaultLimits).")
	f.Func().Params(recv).Id("DecodeBERLimits").Params(jen.Id("src").Index().Byte(), jen.Id("lim").Op("*").Qual(berPkg, "Limits")).Add(results).Block(dec...)
}

// emitReference writes a type assignment that names another type: a Go
// alias when the tags are the same and no constraint is added, otherwise a
// defined type with its own codec.
func (g *generator) emitReference(f *jen.File, gt *goType) {
	target := g.byDef[gt.def.Type.Ref]
	if isAlias(gt.def) {
		gt.alias = true
		f.Comment(fmt.Sprintf("%s is ASN.1 %s, the same type as %s.", gt.name, gt.origin, target.name))
		f.Type().Id(gt.name).Op("=").Add(target.id())
		return
	}
	f.Comment(typeDoc(gt, "a "+target.name+" with other tags or constraints"))
	f.Type().Id(gt.name).Add(target.id())
	if hasDefined(gt.t.Underlying()) {
		f.Comment(fmt.Sprintf("Defined reports whether v is one of the enumerations of %s.", target.name))
		f.Func().Params(jen.Id("v").Id(gt.name)).Id("Defined").Params().Bool().Block(jen.Return(jen.Add(target.id()).Call(jen.Id("v")).Dot("Defined").Call()))
	}
	// The structure's codec is target's; delegate the content methods.
	switch gt.t.Underlying().Kind {
	case asn1.KindChoice:
		genDoc(f, "SizeBERChoice")
		f.Func().Params(jen.Id("v").Op("*").Id(gt.name)).Id("SizeBERChoice").Params().Int().Block(
			jen.Return(jen.Parens(jen.Op("*").Add(target.id())).Call(jen.Id("v")).Dot("SizeBERChoice").Call()))
		genDoc(f, "PutBERChoice")
		f.Func().Params(jen.Id("v").Op("*").Id(gt.name)).Id("PutBERChoice").Params(jen.Id("b").Index().Byte(), jen.Id("i").Int()).Params(jen.Int(), jen.Error()).Block(
			jen.Return(jen.Parens(jen.Op("*").Add(target.id())).Call(jen.Id("v")).Dot("PutBERChoice").Call(jen.Id("b"), jen.Id("i"))))
		genDoc(f, "DecodeBERChoice")
		f.Func().Params(jen.Id("v").Op("*").Id(gt.name)).Id("DecodeBERChoice").Params(jen.Id("r").Op("*").Qual(berPkg, "Reader")).Error().Block(
			jen.Return(jen.Parens(jen.Op("*").Add(target.id())).Call(jen.Id("v")).Dot("DecodeBERChoice").Call(jen.Id("r"))))
		genDoc(f, "DecodeBERChoiceElem")
		f.Func().Params(jen.Id("v").Op("*").Id(gt.name)).Id("DecodeBERChoiceElem").Params(jen.Id("t").Qual(berPkg, "Tag"), jen.Id("c").Op("*").Qual(berPkg, "Reader")).Error().Block(
			jen.Return(jen.Parens(jen.Op("*").Add(target.id())).Call(jen.Id("v")).Dot("DecodeBERChoiceElem").Call(jen.Id("t"), jen.Id("c"))))
	case asn1.KindSequence, asn1.KindSet, asn1.KindSequenceOf, asn1.KindSetOf:
		genDoc(f, "SizeBERContent")
		f.Func().Params(jen.Id("v").Op("*").Id(gt.name)).Id("SizeBERContent").Params().Int().Block(
			jen.Return(jen.Parens(jen.Op("*").Add(target.id())).Call(jen.Id("v")).Dot("SizeBERContent").Call()))
		genDoc(f, "PutBERContent")
		f.Func().Params(jen.Id("v").Op("*").Id(gt.name)).Id("PutBERContent").Params(jen.Id("b").Index().Byte(), jen.Id("i").Int()).Params(jen.Int(), jen.Error()).Block(
			jen.Return(jen.Parens(jen.Op("*").Add(target.id())).Call(jen.Id("v")).Dot("PutBERContent").Call(jen.Id("b"), jen.Id("i"))))
		genDoc(f, "DecodeBERContent")
		f.Func().Params(jen.Id("v").Op("*").Id(gt.name)).Id("DecodeBERContent").Params(jen.Id("r").Op("*").Qual(berPkg, "Reader")).Error().Block(
			jen.Return(jen.Parens(jen.Op("*").Add(target.id())).Call(jen.Id("v")).Dot("DecodeBERContent").Call(jen.Id("r"))))
	}
	g.emitExported(f, gt)
}

// field is one component of a SEQUENCE, SET or CHOICE as generated.
type field struct {
	c     *asn1.Component
	vt    valueType
	name  string // Go field name
	has   string // presence flag of an OPTIONAL component held by value, or ""
	value bool   // whether the field stores a value (NULL stores none)
	// ptr: the field is a pointer (an OPTIONAL component or a CHOICE
	// alternative of a structured type): nil when absent or not chosen,
	// and the unexported keep field keeps the value for the next decoding.
	ptr  bool
	keep string
	// addition: a mandatory extension addition of a SEQUENCE or SET, held
	// as if OPTIONAL (c is a copy with Optional set; absentAddition).
	addition bool
	owner    *goType // the SEQUENCE, SET or CHOICE the field belongs to
}

// methodNames are the names of methods of generated types, which fields
// cannot take (a clashing field gets a trailing underscore, as protobuf-go
// does).
var methodNames = map[string]bool{"String": true, "Clone": true, "SizeBER": true, "AppendBER": true, "DecodeBER": true,
	"DecodeBERLimits": true, "AppendXML": true, "AppendXMLNS": true, "DecodeXML": true, "DecodeXMLFrom": true, "XML": true,
	"RequestCode": true, "ResponseCode": true,
	// for generated code (base.go)
	"SizeBERContent": true, "PutBERContent": true, "DecodeBERContent": true, "SizeBERChoice": true, "PutBERChoice": true,
	"DecodeBERChoice": true, "DecodeBERChoiceElem": true, "AppendXMLElem": true, "DecodeXMLElem": true, "SetXMLText": true}

// choiceNames are the names a CHOICE's own fields and methods take.
var choiceNames = map[string]bool{"Choice": true, "GetChoice": true, "Unknown": true, "None": true}

// structKind reports whether vt is a generated struct type (SEQUENCE, SET,
// CHOICE, EXTERNAL), held behind a pointer when OPTIONAL or an alternative.
func structKind(vt valueType) bool {
	if vt.named == nil {
		return false
	}
	switch vt.u.Kind {
	case asn1.KindSequence, asn1.KindSet, asn1.KindChoice, asn1.KindExternal:
		return true
	}
	return false
}

func (g *generator) fields(gt *goType, u *asn1.Type) []field {
	var out []field
	used := map[string]bool{}
	choice := u.Kind == asn1.KindChoice
	for _, c := range u.Components {
		vt := bigDefaultType(g.valueTypeOf(c.Type, gt, c.Name), c)
		c, addition := absentAddition(c, u)
		name := GoName(c.Name)
		for used[name] || methodNames[name] || (choice && choiceNames[name]) || (keepsUnknown(u) && name == "Unknown") {
			name += "_"
		}
		used[name] = true
		fd := field{c: c, vt: vt, name: name, value: vt.u.Kind != asn1.KindNull || vt.named != nil, addition: addition, owner: gt}
		if structKind(vt) && (choice || c.Optional) {
			fd.ptr, fd.keep = true, "keep"+name // as useKept expects
		} else if c.Optional {
			fd.has = "Has" + name
		}
		out = append(out, fd)
	}
	deriveClashes(out)
	return out
}

// get is the expression that reads the field of recv.
func (fd field) get(recv jen.Code) jen.Code { return jen.Add(recv).Dot(fd.name) }

// set is the expression to decode into: the field itself, or for a pointer
// field the kept value, made present (useKept).
func (fd field) set(recv jen.Code) jen.Code {
	if fd.ptr {
		return useKept(recv, fd.name)
	}
	return jen.Add(recv).Dot(fd.name)
}

// useKept is the call of the generated useKept that makes the pointer field
// name of owner present, with the value kept in its keep<name> field.
func useKept(owner jen.Code, name string) *jen.Statement {
	return jen.Id("useKept").Call(jen.Op("&").Add(owner).Dot(name), jen.Op("&").Add(owner).Dot("keep"+name))
}

// optional reports whether presence is recorded (a Has flag or a pointer).
func (fd field) optional() bool { return fd.has != "" || (fd.ptr && fd.c.Optional) }

// presentCond is the condition that an OPTIONAL field of recv is present.
func (fd field) presentCond(recv jen.Code) jen.Code {
	if fd.ptr {
		return jen.Add(recv).Dot(fd.name).Op("!=").Nil()
	}
	return jen.Add(recv).Dot(fd.has)
}

// setPresent marks an OPTIONAL field of recv present after decoding it.
func (fd field) setPresent(recv jen.Code) []jen.Code {
	if fd.has != "" {
		return []jen.Code{jen.Add(recv).Dot(fd.has).Op("=").True()}
	}
	return nil
}

// setAbsent marks an OPTIONAL field of recv absent and clears its value, so
// that nothing of an earlier decoding shows.
func (fd field) setAbsent(recv jen.Code) []jen.Code {
	if fd.ptr {
		return []jen.Code{jen.Add(recv).Dot(fd.name).Op("=").Nil()}
	}
	if fd.value {
		return []jen.Code{jen.List(jen.Add(recv).Dot(fd.has), jen.Add(recv).Dot(fd.name)).Op("=").List(jen.False(), clearedValue(fd.vt, jen.Add(recv).Dot(fd.name)))}
	}
	return []jen.Code{jen.Add(recv).Dot(fd.has).Op("=").False()}
}

// clearedValue is the empty value of x for reuse: slices keep their
// capacity, everything else is zero.
func clearedValue(vt valueType, x jen.Code) jen.Code {
	if isBigInt(vt.t) { // zero, keeping the digits' memory
		if vt.named != nil {
			return jen.Id(vt.named.name).Call(jen.Qual(berPkg, "ClearBigInt").Call(jen.Qual(berPkg, "BigInt").Call(x)))
		}
		return jen.Qual(berPkg, "ClearBigInt").Call(x)
	}
	switch vt.u.Kind {
	case asn1.KindSequenceOf, asn1.KindSetOf, asn1.KindObjectIdentifier, asn1.KindRelativeOID:
		return jen.Add(x).Index(jen.Empty(), jen.Lit(0))
	}
	return zeroValue(vt)
}

func componentDoc(c *asn1.Component) string {
	s := c.Name + " " + asn1.Describe(c.Type)
	if c.Optional {
		s += " OPTIONAL"
	}
	if c.Default != nil {
		s += " DEFAULT " + asn1.DescribeValue(c.Default)
	}
	if c.Extension {
		s += " (extension addition)"
	}
	return s
}

// defaultValue returns the Go value of a DEFAULT, or nil when the generator
// cannot express it (the component is then always encoded).
func (g *generator) defaultValue(fd field) jen.Code {
	d := fd.c.Default
	u := fd.vt.u
	if isBigInt(fd.vt.t) {
		if name := g.bigDefaultVar(fd); name != "" {
			cp := jen.Qual(berPkg, "CopyBigInt").Call(jen.Op("&").Id(name))
			if fd.vt.named != nil {
				return jen.Id(fd.vt.named.name).Call(cp)
			}
			return cp
		}
		return nil
	}
	if d.Big != nil {
		return nil // a DEFAULT beyond int64 of a defined int64 type: always written
	}
	conv := func(e jen.Code) jen.Code {
		if fd.vt.named != nil {
			return fd.vt.named.id().Call(e)
		}
		return e
	}
	switch {
	case u.Kind == asn1.KindBoolean && d.Kind == asn1.ValueBoolean:
		return conv(jen.Lit(d.Bool))
	case (u.Kind == asn1.KindInteger || u.Kind == asn1.KindEnumerated) && (d.Kind == asn1.ValueInteger || d.Kind == asn1.ValueEnumerated):
		return conv(num(d.Int))
	case u.Kind == asn1.KindBitString && bigBits(u) && d.Kind == asn1.ValueBits:
		words := make([]uint64, bitWords(u))
		for _, b := range d.Bits {
			for _, n := range u.Named {
				if n.Name == b {
					words[n.Number/64] |= 1 << (63 - uint(n.Number%64))
				}
			}
		}
		var lits []jen.Code
		for _, w := range words {
			lits = append(lits, hexLit(w))
		}
		return fd.vt.named.id().Values(lits...)
	case u.Kind == asn1.KindBitString && len(u.Named) > 0 && d.Kind == asn1.ValueBits:
		return conv(hexLit(namedMask(u, d.Bits)))
	}
	return g.moreDefault(fd)
}

// matchCond returns a condition on the peeked tag variable t that is true
// when the next element can be the component.
func matchCond(vt valueType) jen.Code {
	tags, any := firstTags(vt.t, 0)
	if any {
		return jen.True()
	}
	var cond jen.Code
	for _, tg := range tags {
		c := jen.Id("t").Op("&^").Qual(berPkg, "Constructed").Op("==").Add(tagCode(tg, false))
		if cond == nil {
			cond = c
		} else {
			cond = jen.Add(cond).Op("||").Add(c)
		}
	}
	return cond
}

// keepsUnknown reports whether a structure keeps, in its Unknown field, the
// extension additions a decoder does not know: an extensible SEQUENCE.
func keepsUnknown(u *asn1.Type) bool { return u.Kind == asn1.KindSequence && u.Extensible }

func (g *generator) emitStruct(f *jen.File, gt *goType, u *asn1.Type) {
	fields := g.fields(gt, u)
	var decl []jen.Code
	for _, fd := range fields {
		decl = append(decl, fieldDecl(fd)...)
	}
	if keepsUnknown(u) {
		decl = append(decl, jen.Comment("Unknown holds the extension additions this version does not know (added"),
			jen.Comment("in a later version, or by a vendor), as their BER encodings, which are"),
			jen.Comment("written back after the known components (BER only)."),
			jen.Id("Unknown").Index().Byte())
	}
	decl = append(decl, g.xmlFields(gt, u)...) // CSTA-XML only (xml.go)
	decl = append(decl, keepDecls(fields)...)
	what := "a SEQUENCE"
	if u.Kind == asn1.KindSet {
		what = "a SET"
	}
	f.Comment(typeDoc(gt, what))
	f.Type().Id(gt.name).Struct(decl...)
	recv := jen.Id("v").Op("*").Id(gt.name)
	x := func(fd field) jen.Code { return fd.get(jen.Id("v")) }
	g.emitAccessors(f, gt, fields, false)

	// The order in which components are written: as declared for SEQUENCE,
	// by tag for SET (X.690 10.3).
	order := append([]field(nil), fields...)
	if u.Kind == asn1.KindSet {
		sort.SliceStable(order, func(i, j int) bool {
			ti, _ := firstTags(order[i].vt.t, 0)
			tj, _ := firstTags(order[j].vt.t, 0)
			if len(ti) == 0 || len(tj) == 0 {
				return len(ti) > len(tj)
			}
			if ti[0].Class != tj[0].Class {
				return ti[0].Class < tj[0].Class
			}
			return ti[0].Number < tj[0].Number
		})
	}

	// condition under which a component is encoded
	present := func(fd field) jen.Code {
		if fd.optional() {
			return fd.presentCond(jen.Id("v"))
		}
		if fd.c.Default != nil {
			return g.defaultDiffers(fd, jen.Id("v").Dot(fd.name))
		}
		return nil
	}

	// size
	size := []jen.Code{jen.Id("n").Op(":=").Lit(0)}
	for _, fd := range order {
		s := jen.Id("n").Op("+=").Add(g.sizeExpr(fd.vt, x(fd)))
		if p := present(fd); p != nil {
			size = append(size, jen.If(p).Block(s))
		} else {
			size = append(size, s)
		}
	}
	if keepsUnknown(u) {
		size = append(size, jen.Id("n").Op("+=").Len(jen.Id("v").Dot("Unknown")))
	}
	size = append(size, jen.Return(jen.Id("n")))
	genDoc(f, "SizeBERContent")
	f.Func().Params(recv).Id("SizeBERContent").Params().Int().Block(size...)

	// put, backwards
	var put []jen.Code
	if keepsUnknown(u) {
		put = append(put, jen.Id("i").Op("=").Qual(berPkg, "PutBytes").Call(jen.Id("b"), jen.Id("i"), jen.Id("v").Dot("Unknown")))
	}
	g.scope = map[string]jen.Code{} // end, declared once for every component
	for k := len(order) - 1; k >= 0; k-- {
		fd := order[k]
		wrap := func(e jen.Code) jen.Code {
			return jen.Qual(berPkg, "WrapField").Call(e, jen.Lit(gt.name), jen.Lit(fd.c.Name))
		}
		stmts := append(checkStmtsEncode(fd, gt), g.putStmts(fd.vt, x(fd), wrap)...)
		if p := present(fd); p != nil {
			put = append(put, jen.If(p).Block(stmts...))
		} else {
			put = append(put, scoped(stmts)...)
		}
	}
	put = append(g.declareScope(), put...)
	put = append(put, jen.Return(jen.Id("i"), jen.Nil()))
	put = append(g.absentChecks(gt, u, fields), put...)
	genDoc(f, "PutBERContent")
	f.Func().Params(recv).Id("PutBERContent").Params(jen.Id("b").Index().Byte(), jen.Id("i").Int()).Params(jen.Id("_").Int(), jen.Err().Error()).Block(put...)

	// decode
	var dec []jen.Code
	fails := 0 // places that jump to the error exit
	// calls: components read through the ber.Components c (componentCall);
	// unguarded: one since the last componentsGuard.
	calls, unguarded := false, false
	// The temporaries are declared once, not in a block per component.
	g.scope = map[string]jen.Code{}
	openChecks := g.openTypeChecks(gt, fields)
	if u.Kind == asn1.KindSet {
		dec = g.decodeSet(gt, u, fields)
	} else {
		// Errors go to one return at the end, which names the component
		// being read (field): the unrolled code then holds one call of
		// ber.WrapField instead of one per place that can fail.
		wrap := func(e jen.Code) jen.Code {
			fails++
			if fmt.Sprintf("%#v", e) == "err" {
				return jen.Goto().Id("fail")
			}
			return jen.Err().Op("=").Add(e).Line().Goto().Id("fail")
		}
		for _, fd := range fields {
			if g.compact {
				if call := g.componentCall(gt, fd); call != nil {
					dec = append(dec, call)
					calls, unguarded = true, true
					continue
				}
				if unguarded {
					dec = append(dec, componentsGuard(gt))
					unguarded = false
				}
			}
			var target jen.Code = fd.set(jen.Id("v"))
			if !fd.value {
				target = jen.Id("_")
			}
			before := fails
			g.enterByCall = fd.c.Optional || fd.c.Default != nil
			one := append(fd.charge("r"), g.decodeStmts(fd.vt, target, "r", wrap, 0)...)
			g.enterByCall = false
			if fails > before { // something can fail: name the field
				dec = append(dec, jen.Id("field").Op("=").Lit(fd.c.Name))
			}
			if !fd.c.Optional && fd.c.Default == nil {
				dec = append(dec, one...)
				dec = append(dec, checkStmts(fd.vt, target, jen.Id("r").Dot("Offset").Call(), gt.name, fd.c.Name)...)
				continue
			}
			var els []jen.Code
			if fd.optional() {
				els = append(els, fd.setAbsent(jen.Id("v"))...)
			} else if dv := g.defaultValue(fd); dv != nil {
				els = append(els, jen.Id("v").Dot(fd.name).Op("=").Add(dv))
			} else if fd.value {
				els = append(els, jen.Id("v").Dot(fd.name).Op("=").Add(zeroValue(fd.vt)))
			}
			yes := fd.setPresent(jen.Id("v"))
			yes = append(yes, checkStmts(fd.vt, x(fd), jen.Id("r").Dot("Offset").Call(), gt.name, fd.c.Name)...)
			if init, cond := peekCond(fd.vt); cond != nil {
				// Inlined comparisons of the next identifier octet decide.
				if init != nil {
					dec = append(dec, jen.If(init, cond).Block(append(one, yes...)...).Else().Block(els...))
				} else {
					dec = append(dec, jen.If(cond).Block(append(one, yes...)...).Else().Block(els...))
				}
				continue
			}
			if fast := g.optionalStmts(fd, target, wrap, yes, els); fast != nil {
				dec = append(dec, fast...)
				continue
			}
			one = append(one, yes...)
			if _, any := firstTags(fd.vt.t, 0); any {
				dec = append(dec, jen.If(jen.Op("!").Id("r").Dot("Empty").Call()).Block(one...).Else().Block(els...))
			} else {
				dec = append(dec, jen.If(jen.List(jen.Id("t"), jen.Id("ok")).Op(":=").Id("r").Dot("PeekTag").Call(), jen.Id("ok").Op("&&").Parens(matchCond(fd.vt))).Block(one...).Else().Block(els...))
			}
		}
		if unguarded && (u.Extensible || len(openChecks) != 0) {
			dec = append(dec, componentsGuard(gt))
		}
		if u.Extensible {
			dec = append(dec, jen.Comment("Extension additions this version does not know (X.680 24.1): kept as"),
				jen.Comment("they are, after checking that they are elements."),
				jen.If(jen.Id("b").Op(":=").Id("r").Dot("Bytes").Call(), jen.Len(jen.Id("b")).Op(">").Lit(0)).Block(
					jen.Id("v").Dot("Unknown").Op("=").Id("b")).Else().Block(jen.Id("v").Dot("Unknown").Op("=").Nil()),
				jen.For(jen.Op("!").Id("r").Dot("Empty").Call()).Block(
					jen.If(jen.Err().Op("=").Id("r").Dot("Skip").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Qual(berPkg, "WrapField").Call(jen.Err(), jen.Lit(gt.name), jen.Lit("...")))),
				))
		}
	}
	dec = append(dec, openChecks...)
	dec = append(g.declareScope(), dec...)
	end := jen.Return(jen.Nil())
	if calls {
		dec = append([]jen.Code{jen.Id("c").Op(":=").Id("r").Dot("Components").Call()}, dec...)
		end = jen.Return(jen.Id("c").Dot("Err").Call(jen.Lit(gt.name)))
	}
	if fails > 0 {
		dec = append([]jen.Code{jen.Var().Id("field").String()}, dec...)
		dec = append(dec, end, jen.Id("fail").Op(":"),
			jen.Return(jen.Qual(berPkg, "WrapField").Call(jen.Err(), jen.Lit(gt.name), jen.Id("field"))))
	} else {
		dec = append(dec, end)
	}
	genDoc(f, "DecodeBERContent")
	f.Func().Params(recv).Id("DecodeBERContent").Params(jen.Id("r").Op("*").Qual(berPkg, "Reader")).Params(jen.Err().Error()).Block(dec...)
}

// nullOctets is the condition that the element raw is the NULL of vt in
// its two octets, which the raw alternative does not keep.
func nullOctets(vt valueType) jen.Code {
	ids, ok := identOctets(vt, 0)
	if !ok || len(ids) != 1 {
		return jen.False()
	}
	return jen.Len(jen.Id("raw")).Op("==").Lit(2).Op("&&").Id("raw").Index(jen.Lit(0)).Op("==").Add(hexByte(ids[0])).Op("&&").Id("raw").Index(jen.Lit(1)).Op("==").Lit(0)
}

// returning makes a decoder's error statement from wrap, which wraps an
// error for return.
func returning(wrap func(jen.Code) jen.Code) func(jen.Code) jen.Code {
	return func(e jen.Code) jen.Code { return jen.Return(wrap(e)) }
}

// zeroValue is the Go zero value of a value type, as an expression.
func zeroValue(vt valueType) jen.Code {
	if isBigInt(vt.t) {
		return jen.Add(vt.goExpr()).Values()
	}
	if vt.named != nil {
		switch vt.u.Kind {
		case asn1.KindSequence, asn1.KindSet, asn1.KindChoice, asn1.KindExternal, asn1.KindNull:
			return vt.named.id().Values()
		case asn1.KindBoolean:
			return jen.False()
		case asn1.KindInteger, asn1.KindEnumerated, asn1.KindReal, asn1.KindBitString:
			if vt.u.Kind == asn1.KindBitString && (len(vt.u.Named) == 0 || bigBits(vt.u)) {
				return vt.named.id().Values()
			}
			return jen.Lit(0)
		}
		return jen.Nil()
	}
	switch vt.u.Kind {
	case asn1.KindBoolean:
		return jen.False()
	case asn1.KindInteger, asn1.KindEnumerated, asn1.KindReal:
		return jen.Lit(0)
	case asn1.KindBitString:
		return jen.Qual(berPkg, "BitString").Values()
	case asn1.KindNull:
		return jen.Struct().Values()
	}
	return jen.Nil()
}

// absentChecks are the first statements of the BER encoder of a SEQUENCE
// or SET with an xml.Extra: a value decoded from a CSTA-XML document that
// lacked a mandatory component (the Extra's Order then does not list it) is
// not written with a zero value in its place, but fails with an error
// naming the component (ber.Absent). Values built in code, and documents
// that had their mandatory components in ASN.1 order, have an empty Order
// and pass with one comparison.
func (g *generator) absentChecks(gt *goType, u *asn1.Type, fields []field) []jen.Code {
	if g.xmlo == nil || g.xmlShape(gt) != "fields" {
		return nil
	}
	var checks []jen.Code
	for k, fd := range g.xmlo.xmlOrdered(gt.t, fields) { // k as the XML codec numbers the children
		if fd.c.Optional || fd.c.Default != nil {
			continue
		}
		checks = append(checks, jen.If(jen.Op("!").Id("v").Dot("XML").Dot("Lists").Call(jen.Lit(k))).Block(
			jen.Return(jen.Id("i"), jen.Qual(berPkg, "Absent").Call(jen.Lit(gt.name), jen.Lit(fd.c.Name)))))
	}
	if len(checks) == 0 {
		return nil
	}
	return []jen.Code{jen.If(jen.Len(jen.Id("v").Dot("XML").Dot("Order")).Op("!=").Lit(0)).Block(checks...)}
}

// checkStmtsEncode checks a component's constraints before it is written.
func checkStmtsEncode(fd field, gt *goType) []jen.Code {
	if !fd.value {
		return nil
	}
	return checkStmtsRet(fd.vt, jen.Id("v").Dot(fd.name), jen.Lit(-1), gt.name, fd.c.Name, func(e jen.Code) jen.Code { return jen.Return(jen.Id("i"), e) })
}

// decodeSet decodes SET components in any order (X.690 8.11.1).
func (g *generator) decodeSet(gt *goType, u *asn1.Type, fields []field) []jen.Code {
	var cases []jen.Code
	mandatory := uint64(0)
	for k, fd := range fields {
		if k >= 64 {
			g.errorf("%s: SET with more than 64 components", gt.origin)
			break
		}
		if !fd.c.Optional && fd.c.Default == nil {
			mandatory |= 1 << uint(k)
		}
		wrap := func(e jen.Code) jen.Code {
			return jen.Qual(berPkg, "WrapField").Call(e, jen.Lit(gt.name), jen.Lit(fd.c.Name))
		}
		tags, any := firstTags(fd.vt.t, 0)
		if any {
			g.errorf("%s.%s: a SET component must have a distinct tag", gt.origin, fd.c.Name)
			continue
		}
		var match []jen.Code
		for _, tg := range tags {
			match = append(match, tagCode(tg, false))
		}
		var target jen.Code = fd.set(jen.Id("v"))
		if !fd.value {
			target = jen.Id("_")
		}
		body := []jen.Code{
			jen.If(jen.Id("seen").Op("&").Lit(uint64(1) << uint(k)).Op("!=").Lit(0)).Block(
				jen.Return(jen.Qual(berPkg, "WrapField").Call(jen.Qual(berPkg, "Duplicate").Call(jen.Id("r").Dot("Offset").Call()), jen.Lit(gt.name), jen.Lit(fd.c.Name)))),
			jen.Id("seen").Op("|=").Lit(uint64(1) << uint(k)),
		}
		body = append(body, fd.charge("r")...)
		body = append(body, g.decodeStmts(fd.vt, target, "r", returning(wrap), 0)...)
		body = append(body, fd.setPresent(jen.Id("v"))...)
		cases = append(cases, jen.Case(match...).Block(body...))
	}
	def := []jen.Code{jen.Return(jen.Qual(berPkg, "UnknownAlternative").Call(jen.Id("r").Dot("Offset").Call(), jen.Lit(gt.name), jen.Id("t")))}
	if u.Extensible {
		def = []jen.Code{jen.If(jen.Err().Op("=").Id("r").Dot("Skip").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))}
	}
	cases = append(cases, jen.Default().Block(def...))
	var out []jen.Code
	if len(fields) > 0 { // an empty SET {} has no component to see
		out = append(out, jen.Var().Id("seen").Uint64())
	}
	for _, fd := range fields {
		if fd.optional() {
			out = append(out, fd.setAbsent(jen.Id("v"))...)
		} else if fd.c.Default != nil {
			if dv := g.defaultValue(fd); dv != nil {
				out = append(out, jen.Id("v").Dot(fd.name).Op("=").Add(dv))
			}
		}
	}
	out = append(out, jen.For(jen.Op("!").Id("r").Dot("Empty").Call()).Block(
		jen.List(jen.Id("t"), jen.Id("_")).Op(":=").Id("r").Dot("PeekTag").Call(),
		jen.Switch(jen.Id("t").Op("&^").Qual(berPkg, "Constructed")).Block(cases...),
	))
	for k, fd := range fields {
		if mandatory&(1<<uint(k)) != 0 {
			out = append(out, jen.If(jen.Id("seen").Op("&").Lit(uint64(1)<<uint(k)).Op("==").Lit(0)).Block(
				jen.Return(jen.Qual(berPkg, "Missing").Call(jen.Id("r").Dot("Offset").Call(), jen.Lit(gt.name), jen.Lit(fd.c.Name)))))
		}
	}
	return out
}

func (g *generator) emitChoice(f *jen.File, gt *goType, u *asn1.Type) {
	fields := g.fields(gt, u)
	kind := gt.name + "Choice"
	g.names.claim(kind, gt.origin+" (its alternatives)")
	var decl []jen.Code
	decl = append(decl, jen.Comment("Choice says which alternative is present; the fields of the others are"),
		jen.Comment("empty (nil, zero). Set it with the Set methods, or together with its field."), jen.Id("Choice").Id(kind))
	for _, fd := range fields {
		decl = append(decl, fieldDecl(fd)...)
	}
	if u.Extensible {
		decl = append(decl, jen.Comment("Unknown holds an alternative added in a later version (Choice is "+kind+"Unknown), as its whole encoding."), jen.Id("Unknown").Index().Byte())
	}
	decl = append(decl, g.xmlFields(gt, u)...) // CSTA-XML only (xml.go)
	decl = append(decl, keepDecls(fields)...)
	f.Comment(typeDoc(gt, "a CHOICE"))
	f.Type().Id(gt.name).Struct(decl...)
	g.emitChoose(f, gt, fields, u.Extensible)
	g.emitAccessors(f, gt, fields, true)

	f.Commentf("%s identifies an alternative of %s.", kind, gt.name)
	f.Type().Id(kind).Uint8()
	consts := []jen.Code{jen.Comment(kind + "None means no alternative is set."), jen.Id(kind + "None").Id(kind).Op("=").Iota()}
	for _, fd := range fields {
		g.names.claim(kind+fd.name, gt.origin+"."+fd.c.Name+" (its selector)")
		consts = append(consts, jen.Comment(fmt.Sprintf("%s%s selects %s.", kind, fd.name, fd.c.Name)), jen.Id(kind+fd.name))
	}
	if u.Extensible {
		consts = append(consts, jen.Comment(kind+"Unknown is an alternative this version does not know."), jen.Id(kind+"Unknown"))
	}
	f.Const().Defs(consts...)
	var names []jen.Code
	names = append(names, jen.Lit(""))
	for _, fd := range fields {
		names = append(names, jen.Lit(fd.c.Name))
	}
	if u.Extensible {
		names = append(names, jen.Lit("unknown"))
	}
	f.Comment("String returns the ASN.1 identifier of the alternative.")
	f.Func().Params(jen.Id("c").Id(kind)).Id("String").Params().String().Block(
		jen.Id("names").Op(":=").Index(jen.Op("...")).String().Values(names...),
		jen.If(jen.Int().Call(jen.Id("c")).Op("<").Len(jen.Id("names"))).Block(jen.Return(jen.Id("names").Index(jen.Id("c")))),
		jen.Return(jen.Qual("strconv", "Itoa").Call(jen.Int().Call(jen.Id("c")))),
	)

	recv := jen.Id("v").Op("*").Id(gt.name)
	var sizeCases, putCases, decCases, fastCases []jen.Code
	// A raw alternative (the private NULL of CSTAPrivateData) holds, in
	// BER, any element that is no other alternative's, as it is.
	var raw *field
	for k, fd := range fields {
		if g.xmlo != nil && g.xmlo.raw[fd.c] && fd.vt.u.Kind == asn1.KindNull {
			raw = &fields[k]
		}
	}
	// The temporaries of DecodeBERChoiceElem and of DecodeBERChoice's
	// inlined cases, each declared once in its function.
	elemScope, fastScope := map[string]jen.Code{}, map[string]jen.Code{}
	for _, fd := range fields {
		wrap := func(e jen.Code) jen.Code {
			return jen.Qual(berPkg, "WrapField").Call(e, jen.Lit(gt.name), jen.Lit(fd.c.Name))
		}
		if raw != nil && fd.c == raw.c {
			rawField := jen.Id("v").Dot(GoName(fd.c.Name) + "BER")
			sizeCases = append(sizeCases, jen.Case(jen.Id(kind+fd.name)).Block(
				jen.If(jen.Len(rawField).Op(">").Lit(0)).Block(jen.Return(jen.Len(rawField))),
				jen.Return(g.sizeExpr(fd.vt, jen.Id("_")))))
			putCases = append(putCases, jen.Case(jen.Id(kind+fd.name)).Block(append([]jen.Code{
				jen.If(jen.Len(rawField).Op(">").Lit(0)).Block(jen.Return(jen.Qual(berPkg, "PutBytes").Call(jen.Id("b"), jen.Id("i"), rawField), jen.Nil()))},
				append(g.putStmts(fd.vt, jen.Id("_"), wrap), jen.Return(jen.Id("i"), jen.Nil()))...)...))
			continue
		}
		var x jen.Code = jen.Id("v").Dot(fd.name)
		var w jen.Code = fd.set(jen.Id("v"))
		if !fd.value {
			x, w = jen.Id("_"), jen.Id("_")
		}
		if fd.ptr {
			sizeCases = append(sizeCases, jen.Case(jen.Id(kind+fd.name)).Block(
				jen.If(jen.Add(x).Op("==").Nil()).Block(jen.Return(jen.Lit(0))),
				jen.Return(g.sizeExpr(fd.vt, x))))
		} else {
			sizeCases = append(sizeCases, jen.Case(jen.Id(kind+fd.name)).Block(jen.Return(g.sizeExpr(fd.vt, x))))
		}
		put := checkStmtsEncode(fd, gt)
		if fd.ptr {
			put = append(put, jen.If(jen.Add(x).Op("==").Nil()).Block(jen.Return(jen.Id("i"), jen.Qual(berPkg, "NoAlternative").Call(jen.Lit(gt.name)))))
		}
		put = append(put, g.putStmts(fd.vt, x, wrap)...)
		put = append(put, jen.Return(jen.Id("i"), jen.Nil()))
		putCases = append(putCases, jen.Case(jen.Id(kind+fd.name)).Block(put...))
		if _, any := firstTags(fd.vt.t, 0); any {
			g.errorf("%s.%s: a CHOICE alternative must have a distinct tag", gt.origin, fd.c.Name)
			continue
		}
		dec := append(fd.charge("c"), jen.Id("v").Dot("choose").Call(jen.Id(kind+fd.name)))
		g.scope = elemScope
		dec = append(dec, g.decodeInside(fd.vt, w, "c", returning(wrap), 0)...)
		dec = append(dec, checkStmts(fd.vt, x, jen.Id("c").Dot("Offset").Call(), gt.name, fd.c.Name)...)
		decCases = append(decCases, jen.Case(elemTags(fd.vt, 0)...).Block(dec...))
		g.scope = fastScope
		if fc := g.choiceFastCase(fd, kind, x, w, wrap, gt); fc != nil {
			fastCases = append(fastCases, fc)
		}
		g.scope = nil
	}
	if u.Extensible {
		sizeCases = append(sizeCases, jen.Case(jen.Id(kind+"Unknown")).Block(jen.Return(jen.Len(jen.Id("v").Dot("Unknown")))))
		putCases = append(putCases, jen.Case(jen.Id(kind+"Unknown")).Block(jen.Return(jen.Qual(berPkg, "PutBytes").Call(jen.Id("b"), jen.Id("i"), jen.Id("v").Dot("Unknown")), jen.Nil())))
		decCases = append(decCases, jen.Default().Block(
			jen.Comment("An alternative added in a later version: keep its encoding."),
			jen.Id("v").Dot("choose").Call(jen.Id(kind+"Unknown")),
			jen.Id("v").Dot("Unknown").Op("=").Qual(berPkg, "AppendElement").Call(jen.Id("v").Dot("Unknown"), jen.Id("t"), jen.Id("c").Dot("Rest").Call()),
		))
	} else {
		decCases = append(decCases, jen.Default().Block(jen.Return(jen.Qual(berPkg, "UnknownAlternative").Call(jen.Id("c").Dot("Offset").Call(), jen.Lit(gt.name), jen.Id("t")))))
	}
	sizeCases = append(sizeCases, jen.Default().Block(jen.Return(jen.Lit(0))))
	putCases = append(putCases, jen.Default().Block(jen.Return(jen.Id("i"), jen.Qual(berPkg, "NoAlternative").Call(jen.Lit(gt.name)))))

	f.Comment("SizeBERChoice returns the length of the encoding of the chosen alternative.")
	f.Func().Params(recv).Id("SizeBERChoice").Params().Int().Block(jen.Switch(jen.Id("v").Dot("Choice")).Block(sizeCases...))
	f.Comment("PutBERChoice writes the chosen alternative so that it ends at b[i].")
	f.Func().Params(recv).Id("PutBERChoice").Params(jen.Id("b").Index().Byte(), jen.Id("i").Int()).Params(jen.Id("_").Int(), jen.Err().Error()).Block(jen.Switch(jen.Id("v").Dot("Choice")).Block(putCases...))
	f.Comment("DecodeBERChoice reads one alternative from r, chosen by its tag.")
	var fast []jen.Code
	if len(fastCases) > 0 {
		fast = []jen.Code{
			jen.Comment("Alternatives with one identifier octet, inlined."),
			jen.Switch(jen.Id("r").Dot("PeekByte").Call()).Block(fastCases...),
		}
	}
	var rawDec []jen.Code
	if raw != nil {
		var others []jen.Code
		for _, fd := range fields {
			if fd.c != raw.c {
				others = append(others, elemTags(fd.vt, 0)...)
			}
		}
		rawDec = []jen.Code{
			jen.Comment("Any other element is the vendor's encoding in place of the private NULL."),
			jen.If(jen.List(jen.Id("t"), jen.Id("ok")).Op(":=").Id("r").Dot("PeekTag").Call(), jen.Id("ok")).Block(
				jen.Switch(jen.Id("t")).Block(
					jen.Case(others...),
					jen.Default().Block(
						jen.List(jen.Id("_"), jen.Id("raw"), jen.Id("e")).Op(":=").Id("r").Dot("ReadRaw").Call(),
						jen.If(jen.Id("e").Op("!=").Nil()).Block(jen.Return(jen.Qual(berPkg, "WrapField").Call(jen.Id("e"), jen.Lit(gt.name), jen.Lit(raw.c.Name)))),
						jen.Id("v").Dot("choose").Call(jen.Id(kind+raw.name)),
						jen.If(jen.Op("!").Parens(nullOctets(raw.vt))).Block(
							jen.Id("v").Dot(GoName(raw.c.Name)+"BER").Op("=").Id("raw")),
						jen.Return(jen.Nil()),
					))),
		}
	}
	g.scope = fastScope
	fast = append(g.declareScope(), fast...)
	genDoc(f, "DecodeBERChoice")
	f.Func().Params(recv).Id("DecodeBERChoice").Params(jen.Id("r").Op("*").Qual(berPkg, "Reader")).Params(jen.Err().Error()).Block(append(append(fast, rawDec...),
		jen.If(jen.Id("r").Dot("Empty").Call()).Block(jen.Return(jen.Qual(berPkg, "Missing").Call(jen.Id("r").Dot("Offset").Call(), jen.Lit(gt.name), jen.Lit("")))),
		jen.List(jen.Id("t"), jen.Id("rest"), jen.Err()).Op(":=").Id("r").Dot("EnterAny").Call(),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Qual(berPkg, "WrapField").Call(jen.Err(), jen.Lit(gt.name), jen.Lit("")))),
		jen.If(jen.Err().Op("=").Id("v").Dot("DecodeBERChoiceElem").Call(jen.Id("t"), jen.Id("r")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Return(jen.Id("r").Dot("Leave").Call(jen.Id("rest"))),
	)...)
	f.Comment("DecodeBERChoiceElem decodes the alternative whose element, with tag t,")
	f.Comment("has been entered: c is narrowed to its contents.")
	g.scope = elemScope
	f.Func().Params(recv).Id("DecodeBERChoiceElem").Params(jen.Id("t").Qual(berPkg, "Tag"), jen.Id("c").Op("*").Qual(berPkg, "Reader")).Params(jen.Err().Error()).Block(append(g.declareScope(),
		jen.Switch(jen.Id("t")).Block(decCases...),
		jen.Return(jen.Nil()),
	)...)
}

// choiceFastCase returns the case of DecodeBERChoice's switch on the next
// identifier octet that decodes the alternative fd inline: through
// TryContents or TryEnter, falling back to ReadString or Enter for the other
// length forms (the octet alone fixes the tag). It returns nil when fd has no
// single identifier octet (an untagged CHOICE, a long-form tag number) or is
// a BIT STRING, and in a compact type: those take the general path after the
// switch.
func (g *generator) choiceFastCase(fd field, kind string, x, w jen.Code, wrap func(jen.Code) jen.Code, gt *goType) jen.Code {
	if len(fd.vt.t.Tags) == 0 || fd.vt.u.Kind == asn1.KindBitString || g.compact {
		return nil
	}
	t := fd.vt.t.Tags[0]
	sel := jen.Id("v").Dot("choose").Call(jen.Id(kind + fd.name))
	checks := checkStmts(fd.vt, x, jen.Id("r").Dot("Offset").Call(), gt.name, fd.c.Name)
	// Errors in the element's own header are the CHOICE's, as in the
	// general path.
	wrapHead := func(e jen.Code) jen.Code {
		return jen.Qual(berPkg, "WrapField").Call(e, jen.Lit(gt.name), jen.Lit(""))
	}
	switch fd.vt.u.Kind {
	case asn1.KindOctetString, asn1.KindString, asn1.KindTime:
		if !t.Explicit {
			id, ok := identOctet(t, false)
			if !ok {
				return nil
			}
			conv := jen.Id("cs")
			if fd.vt.named != nil {
				conv = fd.vt.named.id().Call(jen.Id("cs"))
			}
			g.declare("cs", jen.Index().Byte())
			g.declare("ok", jen.Bool())
			body := []jen.Code{
				jen.If(jen.List(jen.Id("cs"), jen.Id("ok")).Op("=").Id("r").Dot("TryContents").Call(hexByte(id)), jen.Op("!").Id("ok")).Block(
					jen.If(jen.List(jen.Id("cs"), jen.Err()).Op("=").Id("r").Dot("ReadString").Call(tagCode(t, false), jen.Nil()), jen.Err().Op("!=").Nil()).Block(jen.Return(wrapHead(jen.Err()))),
				),
				sel, jen.Add(w).Op("=").Add(conv),
			}
			body = append(body, checks...)
			body = append(body, jen.Return(jen.Nil()))
			return jen.Case(hexByte(id)).Block(body...)
		}
	}
	constructed := t.Explicit || fd.vt.u.Kind.Constructed()
	id, ok := identOctet(t, constructed)
	if !ok {
		return nil
	}
	body := g.enterStmts("r", "rest0", t, constructed, returning(wrapHead))
	body = append(body, fd.charge("r")...)
	body = append(body, sel)
	body = append(body, g.decodeInside(fd.vt, w, "r", returning(wrap), 0)...)
	body = append(body, checks...)
	body = append(body,
		jen.If(jen.Op("!").Id("r").Dot("TryLeave").Call(jen.Id("rest0"))).Block(jen.Return(jen.Id("r").Dot("Leave").Call(jen.Id("rest0")))),
		jen.Return(jen.Nil()))
	return jen.Case(hexByte(id)).Block(body...)
}

// charge is, for a pointer field, the statement that charges the decode
// budget of the reader variable rd with the value use<Name> is about to make
// when none is kept from an earlier decoding (ber.Reader.Charge and
// xml.Reader.Charge both fail the decode once it is spent).
func (fd field) charge(rd string) []jen.Code {
	if !fd.ptr {
		return nil
	}
	keep := jen.Id("v").Dot(fd.keep)
	return []jen.Code{jen.If(keep.Clone().Op("==").Nil()).Block(
		jen.Id(rd).Dot("Charge").Call(jen.Int().Call(jen.Qual("unsafe", "Sizeof").Call(jen.Op("*").Add(keep)))))}
}

// listGrow is what a list decoder does when s is full and one more element
// follows: it asks the reader variable rd how many elements are left
// (GrowList, which charges the decode budget for the array of them all, and
// fails with fail when it is spent) and grows s by that many at once, with
// one element more in use. elem is the element type.
func listGrow(rd string, elem jen.Code, fail func(jen.Code) jen.Code) []jen.Code {
	return []jen.Code{
		jen.Var().Id("more").Int(),
		jen.If(jen.List(jen.Id("more"), jen.Err()).Op("=").Id(rd).Dot("GrowList").Call(jen.Id("k"), jen.Int().Call(jen.Qual("unsafe", "Sizeof").Call(jen.Id("s").Index(jen.Lit(0))))), jen.Err().Op("!=").Nil()).Block(fail(jen.Err())),
		jen.Id("s").Op("=").Append(jen.Id("s"), jen.Make(jen.Index().Add(elem), jen.Id("more")).Op("...")).Index(jen.Empty(), jen.Id("k").Op("+").Lit(1)),
	}
}

// listKeep is the statement that drops the array of s when it is larger
// than the reader variable rd lets a list keep between decodings.
func listKeep(rd string) jen.Code {
	return jen.If(jen.Op("!").Id(rd).Dot("Keeps").Call(jen.Cap(jen.Id("s")).Op("*").Int().Call(jen.Qual("unsafe", "Sizeof").Call(jen.Id("s").Index(jen.Lit(0)))))).Block(jen.Id("s").Op("=").Nil())
}

func (g *generator) emitList(f *jen.File, gt *goType, u *asn1.Type) {
	elemName := u.ElemName
	if elemName == "" {
		elemName = "item"
	}
	vt := g.valueTypeOf(u.Elem, gt, elemName)
	what := "a SEQUENCE OF"
	if u.Kind == asn1.KindSetOf {
		what = "a SET OF"
	}
	f.Comment(typeDoc(gt, what))
	f.Type().Id(gt.name).Index().Add(vt.goExpr())
	recv := jen.Id("v").Op("*").Id(gt.name)
	x := jen.Parens(jen.Op("*").Id("v")).Index(jen.Id("k"))
	wrap := func(e jen.Code) jen.Code {
		return jen.Qual(berPkg, "WrapIndex").Call(e, jen.Lit(gt.name), jen.Lit(elemName), jen.Id("k"))
	}
	genDoc(f, "SizeBERContent")
	f.Func().Params(recv).Id("SizeBERContent").Params().Int().Block(
		jen.Id("n").Op(":=").Lit(0),
		forRangeK(jen.Op("*").Id("v"), jen.Id("n").Op("+=").Add(g.sizeExpr(vt, x))),
		jen.Return(jen.Id("n")),
	)
	put := []jen.Code{jen.For(jen.Id("k").Op(":=").Len(jen.Op("*").Id("v")).Op("-").Lit(1), jen.Id("k").Op(">=").Lit(0), jen.Id("k").Op("--")).Block(g.putStmts(vt, x, wrap)...),
		jen.Return(jen.Id("i"), jen.Nil())}
	genDoc(f, "PutBERContent")
	f.Func().Params(recv).Id("PutBERContent").Params(jen.Id("b").Index().Byte(), jen.Id("i").Int()).Params(jen.Id("_").Int(), jen.Err().Error()).Block(put...)

	elem := jen.Id("s").Index(jen.Id("k"))
	loop := []jen.Code{
		jen.Id("k").Op(":=").Len(jen.Id("s")),
		jen.If(jen.Id("k").Op("<").Cap(jen.Id("s"))).Block(jen.Id("s").Op("=").Id("s").Index(jen.Empty(), jen.Id("k").Op("+").Lit(1))).Else().Block(
			listGrow("r", vt.goExpr(), returning(wrap))...),
	}
	g.scope = map[string]jen.Code{}
	loop = append(loop, g.decodeStmts(vt, elem, "r", returning(wrap), 0)...)
	loop = append(loop, checkStmts(vt, elem, jen.Id("r").Dot("Offset").Call(), gt.name, elemName)...)
	genDoc(f, "DecodeBERContent")
	f.Func().Params(recv).Id("DecodeBERContent").Params(jen.Id("r").Op("*").Qual(berPkg, "Reader")).Params(jen.Err().Error()).Block(append(g.declareScope(),
		jen.Id("s").Op(":=").Parens(jen.Op("*").Id("v")).Index(jen.Empty(), jen.Lit(0)),
		listKeep("r"),
		jen.For(jen.Op("!").Id("r").Dot("Empty").Call()).Block(loop...),
		jen.Op("*").Id("v").Op("=").Id("s"),
		jen.Return(jen.Nil()),
	)...)
}

// emitNamedInt writes ENUMERATED and INTEGER types with their named values.
func (g *generator) emitNamedInt(f *jen.File, gt *goType, u *asn1.Type, enum bool) {
	what := "an INTEGER"
	if enum {
		what = "an ENUMERATED"
	}
	f.Comment(typeDoc(gt, what))
	f.Type().Id(gt.name).Int64()
	if len(u.Named) == 0 {
		return
	}
	var consts []jen.Code
	var cases []jen.Code
	seen := map[int64]bool{}
	for _, n := range u.Named {
		cname := g.claimNamed(gt, n.Name)
		consts = append(consts, jen.Comment(fmt.Sprintf("%s is %s (%d).", cname, n.Name, n.Number)), jen.Id(cname).Id(gt.name).Op("=").Add(num(n.Number)))
		if !seen[n.Number] {
			seen[n.Number] = true
			cases = append(cases, jen.Case(jen.Id(cname)).Block(jen.Return(jen.Lit(n.Name))))
		}
	}
	f.Const().Defs(consts...)
	f.Comment("String returns the ASN.1 identifier of v, or its number when it has none.")
	if first, names, ok := namedTable(u.Named, func(n string) string { return n }); ok {
		emitNamesVar(f, namesVar(gt), "ASN.1", gt.name, first, names)
		f.Func().Params(jen.Id("v").Id(gt.name)).Id("String").Params().String().Block(
			jen.Return(jen.Qual(valuePkg, "Name").Call(jen.Id(namesVar(gt)).Index(jen.Op(":")), num(first), jen.Int64().Call(jen.Id("v")))))
	} else {
		cases = append(cases, jen.Default().Block(jen.Return(jen.Qual("strconv", "FormatInt").Call(jen.Int64().Call(jen.Id("v")), jen.Lit(10)))))
		f.Func().Params(jen.Id("v").Id(gt.name)).Id("String").Params().String().Block(jen.Switch(jen.Id("v")).Block(cases...))
	}
	if hasDefined(u) {
		f.Comment(fmt.Sprintf("Defined reports whether v is one of the enumerations of %s. Decoding keeps", gt.name))
		f.Comment("any number, as real switches send them; BER encoding refuses the others")
		f.Comment("(ber.ErrNotEnumerated).")
		f.Func().Params(jen.Id("v").Id(gt.name)).Id("Defined").Params().Bool().Block(jen.Return(enumDefined(u.Named)))
	}
}

// namedTable returns the identifiers of named (as name spells them) by
// number, from the lowest, "" for a number without one and the first
// identifier for a number with two; ok is false when the numbers are too
// sparse for a table (more than twice as many slots as identifiers, plus
// 8, or more than 1024), which then take a switch.
func namedTable(named []asn1.NamedNumber, name func(string) string) (first int64, names []string, ok bool) {
	if len(named) == 0 {
		return 0, nil, false
	}
	lo, hi := named[0].Number, named[0].Number
	for _, n := range named {
		lo, hi = min(lo, n.Number), max(hi, n.Number)
	}
	span := uint64(hi - lo)
	if span >= 1024 || span >= uint64(2*len(named)+8) {
		return 0, nil, false
	}
	names = make([]string, span+1)
	for _, n := range named {
		if k := n.Number - lo; names[k] == "" {
			names[k] = name(n.Name)
		}
	}
	return lo, names, true
}

// namesVar is the package variable that holds the identifiers of the named
// numbers of gt by number (namedTable); xmlNamesVar, their CSTA-XML
// spellings when those differ.
func namesVar(gt *goType) string    { return unexported(gt.name) + "Names" }
func xmlNamesVar(gt *goType) string { return unexported(gt.name) + "XMLNames" }

// emitNamesVar declares the table of identifiers names, of the numbers
// from first.
func emitNamesVar(f *jen.File, name, what, typ string, first int64, names []string) {
	f.Commentf("%s holds the %s identifiers of %s by number, from %d.", name, what, typ, first)
	var lits []jen.Code
	for _, n := range names {
		lits = append(lits, jen.Lit(n))
	}
	f.Var().Id(name).Op("=").Index(jen.Op("...")).String().Values(lits...)
}

// enumDefined is the condition that v is one of the numbers of named: a
// comparison per run of consecutive numbers.
func enumDefined(named []asn1.NamedNumber) jen.Code {
	nums := make([]int64, 0, len(named))
	for _, n := range named {
		nums = append(nums, n.Number)
	}
	sort.Slice(nums, func(i, j int) bool { return nums[i] < nums[j] })
	var cond *jen.Statement
	for i := 0; i < len(nums); {
		j := i
		for j+1 < len(nums) && nums[j+1] <= nums[j]+1 {
			j++
		}
		var c *jen.Statement
		if nums[i] == nums[j] {
			c = jen.Id("v").Op("==").Add(num(nums[i]))
		} else {
			c = jen.Id("v").Op(">=").Add(num(nums[i])).Op("&&").Id("v").Op("<=").Add(num(nums[j]))
		}
		if cond == nil {
			cond = c
		} else {
			cond = cond.Op("||").Add(c)
		}
		i = j + 1
	}
	return cond
}

// emitBits writes a BIT STRING with named bits as a bit set.
func (g *generator) emitBits(f *jen.File, gt *goType, u *asn1.Type) {
	if len(u.Named) == 0 {
		f.Comment(typeDoc(gt, "a BIT STRING"))
		f.Type().Id(gt.name).Qual(berPkg, "BitString")
		return
	}
	if bigBits(u) {
		g.emitBigBits(f, gt, u)
		return
	}
	f.Comment(typeDoc(gt, "a BIT STRING with named bits, as a bit set (ASN.1 bit k is 1<<(63-k))"))
	f.Type().Id(gt.name).Uint64()
	var consts []jen.Code
	for _, n := range u.Named {
		if n.Number > 63 {
			g.errorf("%s: named bit %s(%d) does not fit in 64 bits", gt.origin, n.Name, n.Number)
			continue
		}
		cname := g.claimNamed(gt, n.Name)
		consts = append(consts, jen.Comment(fmt.Sprintf("%s is bit %s(%d).", cname, n.Name, n.Number)), jen.Id(cname).Id(gt.name).Op("=").Add(hexLit(uint64(1)<<(63-uint(n.Number)))))
	}
	f.Const().Defs(consts...)
	f.Comment("Has reports whether every bit of bits is set in v.")
	f.Func().Params(jen.Id("v").Id(gt.name)).Id("Has").Params(jen.Id("bits").Id(gt.name)).Bool().Block(jen.Return(jen.Id("v").Op("&").Id("bits").Op("==").Id("bits")))
	g.emitBitNames(f, gt, u)
	f.Comment("String lists the names of the bits set in v, separated by commas.")
	f.Func().Params(jen.Id("v").Id(gt.name)).Id("String").Params().String().Block(
		jen.Return(jen.Id(bitNamesVar(gt)).Dot("Format").Call(jen.Index().Uint64().Values(jen.Uint64().Call(jen.Id("v"))))))
}

// bitNamesVar is the name of the xml.NamedBits table of a bit set type.
func bitNamesVar(gt *goType) string { return unexported(gt.name) + "Bits" }

// emitBitNames writes the xml.NamedBits table of a BIT STRING with named
// bits, which its String and CSTA-XML methods share.
func (g *generator) emitBitNames(f *jen.File, gt *goType, u *asn1.Type) {
	var names, bits, xmlNames []jen.Code
	renamed := g.xmlo != nil && len(g.xmlo.named[u]) > 0
	for _, n := range g.xmlo.namedOrdered(u) {
		names = append(names, jen.Lit(n.Name))
		bits = append(bits, jen.Lit(int(n.Number)))
		if renamed {
			xmlNames = append(xmlNames, jen.Lit(g.xmlo.named[u][n.Name]))
		}
	}
	f.Commentf("%s names the bits of %s, in the order of the schema.", bitNamesVar(gt), gt.name)
	d := jen.Dict{
		jen.Id("Type"):  jen.Lit(gt.name),
		jen.Id("Names"): jen.Index().String().Values(names...),
		jen.Id("Bits"):  jen.Index().Uint16().Values(bits...),
	}
	if renamed {
		d[jen.Id("XML")] = jen.Index().String().Values(xmlNames...)
	}
	f.Var().Id(bitNamesVar(gt)).Op("=").Qual(xmlPkg, "NamedBits").Values(d)
	if g.xmlo == nil || len(g.xmlo.named6[u]) == 0 || bigBits(u) {
		return
	}
	// The names of an ECMA-323 ed6 document (ed6 named directives).
	var ed6 []jen.Code
	for _, n := range g.xmlo.namedOrdered(u) {
		x := g.xmlo.namedXML6(u, n.Name)
		if x == n.Name {
			x = ""
		}
		ed6 = append(ed6, jen.Lit(x))
	}
	f.Commentf("%sEd6 is %s with the names of ECMA-323 ed6.", bitNamesVar(gt), bitNamesVar(gt))
	f.Var().Id(bitNamesVar(gt)+"Ed6").Op("=").Qual(xmlPkg, "NamedBits").Values(jen.Dict{
		jen.Id("Type"):  jen.Lit(gt.name),
		jen.Id("Names"): jen.Id(bitNamesVar(gt)).Dot("Names"),
		jen.Id("Bits"):  jen.Id(bitNamesVar(gt)).Dot("Bits"),
		jen.Id("XML"):   jen.Index().String().Values(ed6...),
	})
}

// emitPrimitive writes a type assignment of a built-in type without structure.
func (g *generator) emitPrimitive(f *jen.File, gt *goType, u *asn1.Type) {
	vt := valueType{t: gt.t, u: u}
	f.Comment(typeDoc(gt, "a "+u.Kind.String()))
	f.Type().Id(gt.name).Add(vt.goExpr())
	switch u.Kind {
	case asn1.KindOctetString:
		f.Comment("String returns v as text when it is printable UTF-8, else as 0x and its")
		f.Comment("octets in hexadecimal (a copy either way).")
		f.Func().Params(jen.Id("v").Id(gt.name)).Id("String").Params().String().Block(jen.Return(jen.Qual(valuePkg, "Octets").Call(jen.Id("v"))))
	case asn1.KindString, asn1.KindTime:
		f.Comment("String returns v as a string (a copy).")
		f.Func().Params(jen.Id("v").Id(gt.name)).Id("String").Params().String().Block(jen.Return(jen.String().Call(jen.Id("v"))))
	}
}

// emitBigBits writes a BIT STRING with named bits beyond 63 as an array of
// words, with a type for bit numbers.
func (g *generator) emitBigBits(f *jen.File, gt *goType, u *asn1.Type) {
	bit := gt.name + "Bit"
	g.names.claim(bit, gt.origin+" (its bit numbers)")
	f.Comment(typeDoc(gt, "a BIT STRING with named bits, as a bit set of words (ASN.1 bit k is bit 63-k%64 of word k/64)"))
	f.Type().Id(gt.name).Index(jen.Lit(bitWords(u))).Uint64()
	f.Commentf("%s numbers the named bits of %s.", bit, gt.name)
	f.Type().Id(bit).Int()
	var consts []jen.Code
	for _, n := range u.Named {
		cname := g.claimNamed(gt, n.Name)
		consts = append(consts, jen.Comment(fmt.Sprintf("%s is bit %s(%d).", cname, n.Name, n.Number)), jen.Id(cname).Id(bit).Op("=").Lit(int(n.Number)))
	}
	f.Const().Defs(consts...)
	f.Comment("Has reports whether bit is set in v.")
	f.Func().Params(jen.Id("v").Op("*").Id(gt.name)).Id("Has").Params(jen.Id("bit").Id(bit)).Bool().Block(
		jen.Return(jen.Id("bit").Op(">=").Lit(0).Op("&&").Int().Call(jen.Id("bit")).Op("<").Len(jen.Id("v")).Op("*").Lit(64).Op("&&").
			Id("v").Index(jen.Id("bit").Op("/").Lit(64)).Op("&").Parens(jen.Lit(1).Op("<<").Parens(jen.Lit(63).Op("-").Uint().Call(jen.Id("bit").Op("%").Lit(64)))).Op("!=").Lit(0)))
	f.Comment("Set sets bit in v.")
	f.Func().Params(jen.Id("v").Op("*").Id(gt.name)).Id("Set").Params(jen.Id("bit").Id(bit)).Block(
		jen.If(jen.Id("bit").Op(">=").Lit(0).Op("&&").Int().Call(jen.Id("bit")).Op("<").Len(jen.Id("v")).Op("*").Lit(64)).Block(
			jen.Id("v").Index(jen.Id("bit").Op("/").Lit(64)).Op("|=").Lit(1).Op("<<").Parens(jen.Lit(63).Op("-").Uint().Call(jen.Id("bit").Op("%").Lit(64)))))
	g.emitBitNames(f, gt, u)
	f.Comment("String lists the names of the bits set in v, separated by commas.")
	f.Func().Params(jen.Id("v").Op("*").Id(gt.name)).Id("String").Params().String().Block(
		jen.Return(jen.Id(bitNamesVar(gt)).Dot("Format").Call(jen.Id("v").Index(jen.Op(":")))))
}

// claimNamed claims the Go name of the constant of the named bit or
// ENUMERATED identifier id of gt, and records it in g.namedConsts.
func (g *generator) claimNamed(gt *goType, id string) string {
	cname := g.names.claim(gt.name+GoName(id), gt.origin+"."+id)
	if g.namedConsts[gt] == nil {
		g.namedConsts[gt] = map[string]string{}
	}
	g.namedConsts[gt][id] = cname
	return cname
}

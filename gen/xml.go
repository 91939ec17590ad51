package gen

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/cstagen/cstagen/asn1"
	"github.com/dave/jennifer/jen"
)

// The CSTA-XML (ECMA-323) codec: for every generated type, AppendXML,
// DecodeXML and the element-level methods they are built of; and xml.go with
// the namespace, the shared helpers and XMLMessage, which decodes any
// message by its root element. gen/README.md ("CSTA-XML") documents the
// mapping; schemas/csta-xml.overrides holds the exceptions.

const xmlPkg = "github.com/cstagen/cstagen/runtime/xml"

// xmlQ is a qualified identifier of the runtime/xml package.
func xmlQ(name string) *jen.Statement { return jen.Qual(xmlPkg, name) }

// ret2 returns (dst, e).
func retDst(e jen.Code) jen.Code { return jen.Return(jen.Id("dst"), e) }

// ifErr is "if err != nil { return ... }".
func ifErr(ret jen.Code) jen.Code { return jen.If(jen.Err().Op("!=").Nil()).Block(ret) }

// emitXML writes the XML methods of every type and xml.go.
func (g *generator) emitXML() {
	if g.xmlo == nil {
		return
	}
	g.xmlEvents = map[*goType]bool{}
	for _, e := range g.model.Events {
		if e.Type.Ref != nil && g.byDef[e.Type.Ref] != nil {
			g.xmlEvents[g.byDef[e.Type.Ref]] = true
		}
	}
	// The event types, and the types their codec delegates to, have
	// appendXMLContent and decodeXMLFields (xmlFielder), which XMLMessage
	// calls to write and read the monitorCrossRefID beside the components;
	// the other structures have those bodies in their element methods.
	g.xmlFielders = map[*goType]bool{}
	starts := maps.Clone(g.xmlEvents)
	for _, gt := range g.types {
		if g.xmlo.listof[gt.t] != "" {
			starts[gt] = true // DecodeXMLElem calls decodeXMLFields inside the item
		}
	}
	for gt := range starts {
		for gt != nil && gt.pkg == "" && !g.xmlFielders[gt] {
			g.xmlFielders[gt] = true
			if gt.def == nil || gt.def.Type.Ref == nil {
				break
			}
			gt = g.byDef[gt.def.Type.Ref]
		}
	}
	g.xmlRoots = g.xmlRootNames()
	for _, gt := range g.types {
		if gt.alias {
			continue
		}
		f := g.file(gt.file, gt.module.Name)
		f.ImportName(xmlPkg, "xml")
		g.emitXMLExported(f, gt)
		g.emitXMLType(f, gt)
	}
	g.emitXMLFile()
}

// xmlTarget is the generated type that gt names: gt, or what its Go alias
// (type T = U) refers to.
func (g *generator) xmlTarget(gt *goType) *goType {
	for k := 0; gt != nil && gt.alias && k < 16; k++ {
		gt = g.byDef[gt.def.Type.Ref]
	}
	return gt
}

// xmlFields returns the XML-only fields a struct gets from the overrides,
// for the declarations in emitStruct and emitChoice.
func (g *generator) xmlFields(gt *goType, u *asn1.Type) []jen.Code {
	if g.xmlo == nil {
		return nil
	}
	var out []jen.Code
	for _, c := range u.Components {
		if g.xmlo.raw[c] {
			out = append(out, jen.Comment(fmt.Sprintf("%sXML is the whole <%s> element of CSTA-XML, kept verbatim (XML only);", GoName(c.Name), g.xmlo.elemName(c))),
				jen.Comment("empty means <"+g.xmlo.elemName(c)+"/>."),
				jen.Id(GoName(c.Name)+"XML").Index().Byte(),
				jen.Comment(fmt.Sprintf("%sBER is the whole element of a vendor's BER encoding in place of the", GoName(c.Name))),
				jen.Comment("NULL (ECMA-285: \"replace NULL with another valid ASN.1 type\"), any tag but"),
				jen.Comment("the other alternatives', kept verbatim and written back byte for byte (BER"),
				jen.Comment("only); empty means the NULL."),
				jen.Id(GoName(c.Name)+"BER").Index().Byte())
		}
	}
	switch g.xmlo.shape[u] {
	case "", "connectionid":
		if u.Kind == asn1.KindSequence || u.Kind == asn1.KindSet || u.Kind == asn1.KindChoice {
			out = append(out, jen.Comment("XML keeps what the CSTA-XML element this value was decoded from had"),
				jen.Comment("beyond the schema's rules (children in another order, unknown ones,"),
				jen.Comment("DEFAULT values written out), so that AppendXML writes it back equivalent."),
				jen.Id("XML").Add(xmlQ("Extra")))
		}
	}
	if g.xmlo.shape[u] == "deviceid" {
		out = append(out, jen.Comment("XMLAttrs holds the attributes of the CSTA-XML element as read, when they"),
			jen.Comment("do not map onto the fields exactly (vendor values, defaults written out);"),
			jen.Comment("when set, AppendXML writes them instead of the ones computed from the"),
			jen.Comment("fields (XML only; clear it after changing the fields)."),
			jen.Id("XMLAttrs").Index().Byte())
	}
	return out
}

// xmlRootNames maps types to the root element AppendXML writes: the
// message name for operation arguments and results and events, else the
// Go type name.
func (g *generator) xmlRootNames() map[*goType]string {
	out := map[*goType]string{}
	set := func(t *asn1.Type, name string) {
		if t == nil || t.Ref == nil {
			return
		}
		if gt := g.byDef[t.Ref]; gt != nil {
			if _, ok := out[gt]; !ok {
				out[gt] = name
			}
		}
	}
	for _, op := range g.model.Operations {
		set(op.Argument, g.xmlOpRoot(op.Name))
		set(op.Result, g.xmlOpRoot(op.Name)+"Response")
	}
	for _, e := range g.model.Events {
		set(e.Type, e.TypeName())
	}
	for _, e := range g.model.Errors {
		if e.Name == "universalFailure" {
			set(e.Parameter, "CSTAErrorCode")
		}
	}
	return out
}

// xmlOpRoot is the request root element of an operation: its name with a
// capital first letter, unless the overrides say otherwise.
func (g *generator) xmlOpRoot(op string) string {
	if r, ok := g.xmlo.message[op]; ok {
		return r
	}
	return upperFirst(op)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// emitXMLExported writes AppendXML, AppendXMLNS, DecodeXML and DecodeXMLFrom
// for a message type (messages.go).
func (g *generator) emitXMLExported(f *jen.File, gt *goType) {
	if !g.messages[gt] {
		return
	}
	root := gt.name
	if r, ok := g.xmlRoots[gt]; ok {
		root = r
	}
	recv := jen.Id("v").Op("*").Id(gt.name)
	ns, nsDoc := jen.Code(jen.Id("XMLNamespace")), "XMLNamespace"
	for _, d := range g.xmlo.docs {
		if gt.def != nil && d.def == gt.def {
			// A message of its own (ECMA-354 sessions): its namespace.
			ns, nsDoc = jen.Lit(d.ns), d.ns
		}
	}
	f.Commentf("AppendXML appends v to dst as a CSTA-XML document with root element <%s>", root)
	f.Commentf("in the namespace %s.", nsDoc)
	f.Func().Params(recv).Id("AppendXML").Params(jen.Id("dst").Index().Byte()).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Return(jen.Id("v").Dot("AppendXMLNS").Call(jen.Id("dst"), ns)))
	f.Comment("AppendXMLNS is AppendXML in the namespace ns (\"\" for none).")
	f.Func().Params(recv).Id("AppendXMLNS").Params(jen.Id("dst").Index().Byte(), jen.Id("ns").String()).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Return(jen.Id("xmlAppendDoc").Call(jen.Id("dst"), jen.Id("v"), jen.Lit(root), jen.Id("ns"))))
	f.Comment("DecodeXML decodes the CSTA-XML document src into v, whatever the root element's")
	f.Comment("name and namespace. Text in v shares memory with src, or is copied when it")
	f.Comment("had to be decoded; use DecodeXMLFrom with a reused xml.Reader to decode")
	f.Comment("without allocating.")
	f.Func().Params(recv).Id("DecodeXML").Params(jen.Id("src").Index().Byte()).Error().Block(
		jen.Return(jen.Id("xmlDecodeDoc").Call(jen.Id("src"), jen.Id("v"))))
	f.Comment("DecodeXMLFrom decodes the document r was reset to into v. Text in v shares")
	f.Comment("memory with the document or with r, until r is reset.")
	f.Func().Params(recv).Id("DecodeXMLFrom").Params(jen.Id("r").Op("*").Add(xmlQ("Reader"))).Error().Block(
		jen.Return(jen.Id("xmlDecodeRoot").Call(jen.Id("r"), jen.Id("v"))))
}

// xmlKindOf says which element-level methods a type has, by its structure.
func (g *generator) xmlShape(gt *goType) string {
	u := gt.t.Underlying()
	if s := g.xmlo.shape[u]; s != "" {
		return s
	}
	switch u.Kind {
	case asn1.KindSequence, asn1.KindSet:
		return "fields"
	case asn1.KindChoice:
		return "choice"
	}
	return ""
}

// emitXMLType writes the element-level methods of one type.
func (g *generator) emitXMLType(f *jen.File, gt *goType) {
	recv := jen.Id("v").Op("*").Id(gt.name)
	// The element methods are not inlined: a parent calls them from its
	// switch on the component or on the child's name, and inlined there (the
	// small ones) they made csta's compilation allocate 4% more, for 0.4%
	// fewer instructions in decoding and 1.2% in encoding (issue 13).
	appendSig := func(body ...jen.Code) {
		genDoc(f, "AppendXMLElem")
		f.Comment("//go:noinline")
		f.Func().Params(recv).Id("AppendXMLElem").Params(jen.Id("dst").Index().Byte(), jen.List(jen.Id("name"), jen.Id("ns")).String(), jen.Id("ed").Add(xmlQ("Edition"))).Params(jen.Index().Byte(), jen.Error()).Block(body...)
	}
	decodeSig := func(body ...jen.Code) {
		genDoc(f, "DecodeXMLElem")
		f.Comment("//go:noinline")
		f.Func().Params(recv).Id("DecodeXMLElem").Params(jen.Id("r").Op("*").Add(xmlQ("Reader"))).Error().Block(body...)
	}
	if gt.def != nil && gt.def.Type.Ref != nil {
		// A defined type over another: the target's codec.
		target := g.byDef[gt.def.Type.Ref]
		conv := jen.Parens(jen.Op("*").Add(target.id())).Call(jen.Id("v"))
		appendSig(jen.Return(conv.Clone().Dot("AppendXMLElem").Call(jen.Id("dst"), jen.Id("name"), jen.Id("ns"), jen.Id("ed"))))
		decodeSig(jen.Return(conv.Clone().Dot("DecodeXMLElem").Call(jen.Id("r"))))
		if target.pkg != "" {
			// A type of a base package: its element codec is what it
			// exports for generated code (emitForGenerated).
			if k := gt.t.Underlying().Kind; k == asn1.KindEnumerated || k == asn1.KindInteger && len(gt.t.Underlying().Named) > 0 {
				genDoc(f, "SetXMLText")
				f.Func().Params(recv).Id("SetXMLText").Params(jen.Id("b").Index().Byte()).Bool().Block(
					jen.Return(conv.Clone().Dot("SetXMLText").Call(jen.Id("b"))))
			}
			return
		}
		switch g.xmlShape(gt) {
		case "fields":
			if !g.xmlFielders[gt] {
				return
			}
			f.Func().Params(recv).Id("appendXMLContent").Params(jen.Id("dst").Index().Byte(), jen.Id("ed").Add(xmlQ("Edition"))).Params(jen.Index().Byte(), jen.Error()).Block(
				jen.Return(conv.Clone().Dot("appendXMLContent").Call(jen.Id("dst"), jen.Id("ed"))))
			f.Func().Params(recv).Id("decodeXMLFields").Params(jen.Id("r").Op("*").Add(xmlQ("Reader")), jen.Id("xref").Op("*").Index().Byte()).Error().Block(
				jen.Return(conv.Clone().Dot("decodeXMLFields").Call(jen.Id("r"), jen.Id("xref"))))
		case "choice":
			f.Func().Params(recv).Id("appendXMLAlt").Params(jen.Id("dst").Index().Byte(), jen.Id("ed").Add(xmlQ("Edition"))).Params(jen.Index().Byte(), jen.Error()).Block(
				jen.Return(conv.Clone().Dot("appendXMLAlt").Call(jen.Id("dst"), jen.Id("ed"))))
			f.Func().Params(recv).Id("decodeXMLAlt").Params(jen.Id("r").Op("*").Add(xmlQ("Reader")), jen.Id("local").Index().Byte()).Params(jen.Int(), jen.Error()).Block(
				jen.Return(conv.Clone().Dot("decodeXMLAlt").Call(jen.Id("r"), jen.Id("local"))))
		}
		if k := gt.t.Underlying().Kind; (k == asn1.KindEnumerated || k == asn1.KindInteger && len(gt.t.Underlying().Named) > 0) && !isBigInt(gt.t) {
			f.Func().Params(recv).Id("appendXMLText").Params(jen.Id("dst").Index().Byte()).Index().Byte().Block(
				jen.Return(conv.Clone().Dot("appendXMLText").Call(jen.Id("dst"))))
			genDoc(f, "SetXMLText")
			f.Func().Params(recv).Id("SetXMLText").Params(jen.Id("b").Index().Byte()).Bool().Block(
				jen.Return(conv.Clone().Dot("SetXMLText").Call(jen.Id("b"))))
		}
		return
	}
	u := gt.t.Underlying()
	switch g.xmlo.shape[u] {
	case "deviceid":
		g.emitXMLDeviceID(f, gt, u, appendSig, decodeSig)
		return
	case "connectionid":
		g.emitXMLConnectionID(f, gt, u, appendSig, decodeSig)
		return
	}
	switch u.Kind {
	case asn1.KindSequence, asn1.KindSet:
		g.emitXMLStruct(f, gt, u, appendSig, decodeSig)
	case asn1.KindChoice:
		g.emitXMLChoice(f, gt, u, appendSig, decodeSig)
	case asn1.KindSequenceOf, asn1.KindSetOf:
		g.emitXMLList(f, gt, u, appendSig, decodeSig)
	case asn1.KindBitString:
		if len(u.Named) > 0 {
			g.emitXMLBits(f, gt, u, appendSig, decodeSig)
			return
		}
		fallthrough
	default:
		if (u.Kind == asn1.KindEnumerated || u.Kind == asn1.KindInteger && len(u.Named) > 0) && !isBigInt(gt.t) {
			g.emitXMLNamedInt(f, gt, u)
		}
		if w := g.xmlo.wrap[gt.t]; w != "" {
			g.emitXMLWrapped(f, gt, w, appendSig, decodeSig)
			return
		}
		vt := valueType{t: gt.t, u: u, named: gt}
		x := jen.Parens(jen.Op("*").Id("v"))
		if (u.Kind == asn1.KindEnumerated || u.Kind == asn1.KindInteger && len(u.Named) > 0) && !isBigInt(gt.t) {
			x = jen.Id("v")
		}
		hex := g.xmlo.hex(gt.t, nil)
		if g.xmlo.shape[u] == "empty" {
			// The schema's empty element: the value without bits. Reading
			// takes the bits as text as well.
			appendSig(
				jen.If(jen.Qual(berPkg, "BitString").Call(jen.Op("*").Id("v")).Dot("Len").Call().Op("!=").Lit(0)).Block(
					jen.Return(jen.Id("dst"), xmlQ("NoForm").Call(jen.Lit(gt.name), jen.Lit(""), jen.Id("ed"), jen.Lit("bits, where the schema has an empty element")))),
				jen.Return(jen.Id("xmlAppendNull").Call(jen.Id("dst"), jen.Id("name"), jen.Id("ns")), jen.Nil()))
		} else if xmlText(vt, hex) {
			appendSig(jen.Return(g.xmlAppendPrim(vt, x, hex, gt.name, jen.Id("name"), jen.Id("ns"))))
		} else if u.Kind == asn1.KindEnumerated && hasDefined(u) {
			// As in BER: a number the type does not list, kept on decoding,
			// is refused on encoding (an extensible type writes it).
			appendSig(append(append([]jen.Code{
				jen.If(jen.Op("!").Id("v").Dot("Defined").Call()).Block(
					jen.Return(jen.Id("dst"), xmlQ("NotEnumerated").Call(jen.Lit(gt.name), jen.Int64().Call(jen.Op("*").Id("v")))))},
				g.noformNamedChecks(vt)...),
				jen.Return(g.xmlAppendPrim(vt, x, hex, gt.name, jen.Id("name"), jen.Id("ns")), jen.Nil()))...)
		} else {
			appendSig(append(g.noformNamedChecks(vt),
				jen.Return(g.xmlAppendPrim(vt, x, hex, gt.name, jen.Id("name"), jen.Id("ns")), jen.Nil()))...)
		}
		dec := g.xmlDecodePrim(vt, jen.Op("*").Id("v"), hex, gt.name, "", retErr)
		decodeSig(append(dec, jen.Return(jen.Nil()))...)
	}
}

// openTag writes "<name" plus xmlns="ns" when ns is not empty.
func openTag(name, ns jen.Code) jen.Code {
	return jen.Id("dst").Op("=").Id("xmlOpen").Call(jen.Id("dst"), name, ns)
}

// xmlAppendPrim returns the expression appending x, a value of a type
// without structure, as the element name (in namespace ns); hex says an
// OCTET STRING is hexBinary (xmlOverrides.hex). For text (xmlText) the
// expression has two values, dst and the error for octets XML cannot carry
// in a value of the Go type typeName; else one, dst.
func (g *generator) xmlAppendPrim(vt valueType, x jen.Code, hex bool, typeName string, name, ns jen.Code) jen.Code {
	u := vt.u
	call := func(fn string, arg jen.Code) jen.Code {
		args := []jen.Code{jen.Id("dst"), name, ns}
		if fn == "xmlAppendText" {
			args = []jen.Code{jen.Id("dst"), jen.Lit(typeName), name, ns}
		}
		if arg != nil {
			args = append(args, arg)
		}
		return jen.Id(fn).Call(args...)
	}
	switch u.Kind {
	case asn1.KindBoolean:
		return call("xmlAppendBool", jen.Bool().Call(x))
	case asn1.KindInteger, asn1.KindEnumerated:
		if isBigInt(vt.t) {
			return call("xmlAppendDigits", jen.Parens(bigRef(x)).Dot("Append").Call(jen.Nil(), jen.Lit(10)))
		}
		if vt.named != nil && (u.Kind == asn1.KindEnumerated || len(u.Named) > 0) {
			return call("xmlAppendTexter", x)
		}
		return call("xmlAppendInt", jen.Int64().Call(x))
	case asn1.KindReal:
		return call("xmlAppendFloat", jen.Float64().Call(x))
	case asn1.KindNull:
		return call("xmlAppendNull", nil)
	case asn1.KindOctetString, asn1.KindString, asn1.KindTime:
		if hex && u.Kind == asn1.KindOctetString {
			return call("xmlAppendHex", jen.Index().Byte().Call(x))
		}
		return call("xmlAppendText", jen.Index().Byte().Call(x))
	case asn1.KindOpen:
		return call("xmlAppendHex", jen.Index().Byte().Call(x))
	case asn1.KindBitString:
		return call("xmlAppendBitString", jen.Qual(berPkg, "BitString").Call(x))
	case asn1.KindObjectIdentifier, asn1.KindRelativeOID:
		return call("xmlAppendOID", jen.Index().Uint32().Call(x))
	}
	g.errorf("xml: %s: no XML form for %s", vt.t.Pos, u.Kind)
	return jen.Id("dst")
}

// xmlDecodePrim returns statements that read the text of the element whose
// start tag was just read into x (addressable), for a type without
// structure. They return on error.
func (g *generator) xmlDecodePrim(vt valueType, x jen.Code, hex bool, typeName, field string, ret func(jen.Code) jen.Code) []jen.Code {
	u := vt.u
	conv := func(e jen.Code) jen.Code {
		if vt.named != nil {
			return vt.named.id().Call(e)
		}
		return e
	}
	invalid := ret(xmlQ("Invalid").Call(jen.Id("r"), jen.Lit(typeName), jen.Lit(field), jen.Id("t")))
	text := []jen.Code{
		jen.List(jen.Id("t"), jen.Err()).Op(":=").Id("r").Dot("Text").Call(),
		ifErr(ret(jen.Err())),
	}
	// read reads the text with one of the Reader's typed readers.
	read := func(fn string, args ...jen.Code) []jen.Code {
		args = append(args, jen.Lit(typeName), jen.Lit(field))
		return []jen.Code{
			jen.List(jen.Id("val"), jen.Err()).Op(":=").Id("r").Dot(fn).Call(args...),
			ifErr(ret(jen.Err())),
			jen.Add(x).Op("=").Add(conv(jen.Id("val"))),
		}
	}
	var body []jen.Code
	switch u.Kind {
	case asn1.KindBoolean:
		body = read("ReadBool")
	case asn1.KindInteger, asn1.KindEnumerated:
		if isBigInt(vt.t) {
			body = append(text, jen.If(jen.List(jen.Id("_"), jen.Id("ok")).Op(":=").Parens(bigRef(x)).Dot("SetString").Call(jen.Qual("strings", "TrimSpace").Call(jen.String().Call(jen.Id("t"))), jen.Lit(10)), jen.Op("!").Id("ok")).Block(invalid))
		} else if vt.named != nil && (u.Kind == asn1.KindEnumerated || len(u.Named) > 0) {
			body = append(text, jen.If(jen.Op("!").Parens(jen.Op("&").Add(x)).Dot("SetXMLText").Call(jen.Id("t"))).Block(invalid))
		} else {
			body = read("ReadInt")
		}
	case asn1.KindReal:
		body = read("ReadFloat")
	case asn1.KindNull:
		body = []jen.Code{jen.If(jen.Err().Op(":=").Id("r").Dot("Dec").Dot("SkipElement").Call(), jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))}
	case asn1.KindOctetString, asn1.KindString, asn1.KindTime:
		if hex && u.Kind == asn1.KindOctetString {
			body = read("ReadHex")
			break
		}
		body = append(text, jen.Add(x).Op("=").Add(conv(jen.Id("t"))))
	case asn1.KindOpen:
		body = read("ReadHex")
	case asn1.KindBitString:
		body = append(text,
			jen.List(jen.Id("val"), jen.Id("ok")).Op(":=").Id("xmlParseBits").Call(jen.Id("r"), jen.Id("t")),
			jen.If(jen.Op("!").Id("ok")).Block(invalid),
			jen.Add(x).Op("=").Add(conv(jen.Id("val"))))
	case asn1.KindObjectIdentifier, asn1.KindRelativeOID:
		body = read("ReadOID", jen.Index().Uint32().Call(x))
	default:
		g.errorf("xml: %s.%s: no XML form for %s", typeName, field, u.Kind)
	}
	return body
}

// xmlAppendValue returns statements appending x (addressable) of vt as the
// element named name, in a value of the Go type typeName, the value of
// component c (nil for a list item); errors return (dst, err).
func (g *generator) xmlAppendValue(vt valueType, x jen.Code, name, typeName string, c *asn1.Component) []jen.Code {
	return g.xmlAppendNamed(vt, x, jen.Lit(name), typeName, c)
}

// xmlAppendNamed is xmlAppendValue with the element name an expression.
func (g *generator) xmlAppendNamed(vt valueType, x jen.Code, name jen.Code, typeName string, c *asn1.Component) []jen.Code {
	call, withErr := g.xmlAppendCall(vt, x, name, typeName, c)
	switch {
	case vt.named != nil:
		return []jen.Code{jen.List(jen.Id("dst"), jen.Err()).Op("=").Add(call), ifErr(retDst(jen.Err()))}
	case withErr:
		return []jen.Code{jen.If(jen.List(jen.Id("dst"), jen.Err()).Op("=").Add(call), jen.Err().Op("!=").Nil()).Block(retDst(jen.Err()))}
	}
	return []jen.Code{jen.Id("dst").Op("=").Add(call)}
}

// xmlReturnValue is xmlAppendValue in a return statement, the last of a
// function that appends the value and returns (dst, error).
func (g *generator) xmlReturnValue(vt valueType, x jen.Code, name, typeName string, c *asn1.Component) jen.Code {
	call, withErr := g.xmlAppendCall(vt, x, jen.Lit(name), typeName, c)
	if withErr {
		return jen.Return(call)
	}
	return jen.Return(call, jen.Nil())
}

// xmlAppendCall returns the call that appends x of vt as the element name
// (xmlAppendValue), and whether it returns an error beside dst: a
// generated type's AppendXMLElem and text, which xmlAppendText checks, do.
func (g *generator) xmlAppendCall(vt valueType, x jen.Code, name jen.Code, typeName string, c *asn1.Component) (jen.Code, bool) {
	if vt.named != nil {
		return jen.Add(x).Dot("AppendXMLElem").Call(jen.Id("dst"), name, jen.Lit(""), jen.Id("ed")), true
	}
	hex := g.xmlo.hex(vt.t, c)
	return g.xmlAppendPrim(vt, x, hex, typeName, name, jen.Lit("")), xmlText(vt, hex)
}

// xmlText reports whether a value of vt is written as text, which
// xmlAppendText checks (an OCTET STRING that is not hexBinary, a string,
// a time).
func xmlText(vt valueType, hex bool) bool {
	k := vt.u.Kind
	return k == asn1.KindOctetString && !hex || k == asn1.KindString || k == asn1.KindTime
}

// xmlTextCheck returns the statements that refuse x, a value of vt written
// as text (xmlText) in the element or attribute name, when XML cannot carry
// its octets (xml.CheckText): the error names typeName and name.
func (g *generator) xmlTextCheck(vt valueType, x jen.Code, hex bool, typeName string, name jen.Code) []jen.Code {
	if xmlText(vt, hex) {
		return []jen.Code{jen.If(jen.Id("i").Op(":=").Add(xmlQ("CheckText")).Call(jen.Index().Byte().Call(x)), jen.Id("i").Op(">=").Lit(0)).Block(
			jen.Return(jen.Id("dst"), xmlQ("NotText").Call(jen.Lit(typeName), name, jen.Index().Byte().Call(x), jen.Id("i"))))}
	}
	return nil
}

// xmlDecodeValue returns statements decoding the element whose start tag
// was just read into x (addressable) of vt, the value of component c (nil
// for a list item); errors go to ret.
func (g *generator) xmlDecodeValue(vt valueType, x jen.Code, typeName, field string, c *asn1.Component, ret func(jen.Code) jen.Code) []jen.Code {
	if vt.named != nil {
		return []jen.Code{jen.If(jen.Err().Op(":=").Add(x).Dot("DecodeXMLElem").Call(jen.Id("r")), jen.Err().Op("!=").Nil()).Block(ret(jen.Err()))}
	}
	if g.xmlo.notext[c] {
		return xmlDecodeTextOnly(x, typeName, field, ret)
	}
	return g.xmlDecodePrim(vt, x, g.xmlo.hex(vt.t, c), typeName, field, ret)
}

// xmlDecodeTextOnly reads into x the text of a string component of a
// notext directive: an element with attributes or children is no value.
func xmlDecodeTextOnly(x jen.Code, typeName, field string, ret func(jen.Code) jen.Code) []jen.Code {
	return []jen.Code{
		jen.List(jen.Id("t"), jen.Err()).Op(":=").Id("r").Dot("ReadTextOnly").Call(jen.Lit(typeName), jen.Lit(field)),
		ifErr(ret(jen.Err())),
		jen.Add(x).Op("=").Id("t"),
	}
}

// notextRefused returns the statements that refuse the component c of a
// notext directive in a value of the Go type typeName: the schema has no
// text for it.
func notextRefused(typeName string, c *asn1.Component) []jen.Code {
	return []jen.Code{jen.Return(jen.Id("dst"), xmlQ("NoForm").Call(jen.Lit(typeName), jen.Lit(c.Name), jen.Id("ed"), jen.Lit("text, where the schema has attributes and elements")))}
}

// flagsVar is the package variable that holds the flag element names of
// the ENUMERATED gt (a flags directive's) by number, as namesVar does the
// identifiers.
func flagsVar(gt *goType) string { return unexported(gt.name) + "Flags" }

// flagsOwner returns the generated type whose tables (flagsVar, namesVar)
// serve the component fd of a flags directive (its ENUMERATED type, or the
// one that type is defined over: bitsOwner), and the number of the tables'
// first entry.
func (g *generator) flagsOwner(fd field) (*goType, int64) {
	if fd.vt.named == nil || fd.ptr {
		g.errorf("xml: flags: %s is not a mandatory component of an ENUMERATED type", fd.c.Name)
		return fd.vt.named, 0
	}
	t := g.bitsOwner(fd.vt.named)
	if t.pkg != "" {
		g.errorf("xml: flags: the ENUMERATED type of %s is not of this package", fd.c.Name)
	}
	first, _, ok := namedTable(t.t.Underlying().Named, func(n string) string { return n })
	if !ok {
		g.errorf("xml: flags: the numbers of %s are too sparse for a table", t.name)
	}
	return t, first
}

// scalarValue reports whether values of vt are scalars (BOOLEAN, INTEGER,
// ENUMERATED, REAL, a BIT STRING with named bits in a uint64) or strings
// (views of the input, or of the Reader's arena): emptying them takes no
// buffer a reused value would have kept.
func scalarValue(vt valueType) bool {
	switch vt.u.Kind {
	case asn1.KindBoolean, asn1.KindReal, asn1.KindOctetString, asn1.KindString, asn1.KindTime:
		return true
	case asn1.KindInteger, asn1.KindEnumerated:
		return !isBigInt(vt.t)
	case asn1.KindBitString:
		return len(vt.u.Named) > 0 && !bigBits(vt.u)
	}
	return false
}

// retErr returns e alone.
func retErr(e jen.Code) jen.Code { return jen.Return(e) }

// emitXMLStruct writes the codec of a SEQUENCE or SET: components as child
// elements in ASN.1 order; read in any order. What a document has beyond
// that (another order, DEFAULT values written out, unknown or invalid
// children, absent mandatory ones) goes to the value's xml.Extra, which
// AppendXML follows (appendXMLField and xmlAppendOrdered).
func (g *generator) emitXMLStruct(f *jen.File, gt *goType, u *asn1.Type, appendSig, decodeSig func(...jen.Code)) {
	fields := g.xmlo.xmlOrdered(gt.t, g.fields(gt, u)) // k below is the index in the element's order
	recv := jen.Id("v").Op("*").Id(gt.name)
	fielder := g.xmlFielders[gt]
	ed := jen.Id("ed") // the edition the children are written in
	item := g.xmlo.listof[gt.t]
	if item == "" {
		appendSig(jen.Return(jen.Id("xmlAppendStruct").Call(jen.Id("dst"), jen.Id("name"), jen.Id("ns"), jen.Op("&").Id("v").Dot("XML"), jen.Id("v"), jen.Lit(len(fields)), ed)))
	} else {
		// The schema's list of one item: <name><item>components</item></name>.
		appendSig(
			jen.Id("dst").Op("=").Append(jen.Id("xmlOpen").Call(jen.Id("dst"), jen.Id("name"), jen.Id("ns")), jen.LitRune('>')),
			jen.List(jen.Id("dst"), jen.Err()).Op(":=").Id("xmlAppendStruct").Call(jen.Id("dst"), jen.Lit(item), jen.Lit(""), jen.Op("&").Id("v").Dot("XML"), jen.Id("v"), jen.Lit(len(fields)), ed),
			ifErr(retDst(jen.Err())),
			jen.Return(xmlQ("AppendEnd").Call(jen.Id("dst"), jen.Id("name")), jen.Nil()))
	}
	var fieldCases []jen.Code
	for k, fd := range fields {
		name := jen.Code(jen.Lit(g.xmlo.elemName(fd.c)))
		if n6 := g.xmlo.elemName6(fd.c); n6 != g.xmlo.elemName(fd.c) {
			name = jen.Id("xmlEdName").Call(jen.Id("ed"), jen.Lit(g.xmlo.elemName(fd.c)), jen.Lit(n6))
		}
		var stmts []jen.Code
		switch {
		case !fd.value:
			stmts = []jen.Code{jen.Return(xmlQ("AppendEmpty").Call(jen.Id("dst"), name), jen.Nil())}
		case g.xmlo.in[fd.c] != "" && fd.vt.named != nil:
			x := jen.Id("v").Dot(fd.name)
			if !fd.ptr {
				x = jen.Op("&").Add(x)
			}
			stmts = []jen.Code{jen.Return(jen.Id("xmlAppendIn").Call(jen.Id("dst"), name, jen.Lit(g.xmlo.in[fd.c]), x, jen.Id("ed")))}
		case g.xmlo.flags[fd.c]:
			// The schema's list of booleans: the identifier's flag, true.
			t, first := g.flagsOwner(fd)
			stmts = []jen.Code{jen.Return(xmlQ("AppendFlag").Call(jen.Id("dst"), name, jen.Lit(t.name), jen.Id(flagsVar(t)).Index(jen.Op(":")), num(first), jen.Int64().Call(jen.Id("v").Dot(fd.name))))}
		case g.xmlo.boolean[fd.c]:
			// An xs:boolean: 0 and 1 only.
			x := jen.Id("v").Dot(fd.name)
			stmts = []jen.Code{
				jen.If(x.Clone().Op("!=").Lit(0).Op("&&").Add(x.Clone()).Op("!=").Lit(1)).Block(
					jen.Return(jen.Id("dst"), xmlQ("NoForm").Call(jen.Lit(gt.name), jen.Lit(fd.c.Name), jen.Id("ed"), jen.Lit("neither 0 nor 1, where the schema has an xs:boolean")))),
				jen.Return(jen.Id("xmlAppendBool").Call(jen.Id("dst"), name, jen.Lit(""), x.Clone().Op("==").Lit(1)), jen.Nil())}
		case g.xmlo.notext[fd.c]:
			stmts = notextRefused(gt.name, fd.c)
		case fd.vt.named != nil:
			stmts = []jen.Code{jen.Return(jen.Id("v").Dot(fd.name).Dot("AppendXMLElem").Call(jen.Id("dst"), name, jen.Lit(""), jen.Id("ed")))}
		default:
			stmts = g.xmlAppendNamed(fd.vt, jen.Id("v").Dot(fd.name), name, gt.name, fd.c)
		}
		if g.xmlo.unsigned[fd.c] {
			// An xs:nonNegativeInteger.
			stmts = append([]jen.Code{jen.If(jen.Id("v").Dot(fd.name).Op("<").Lit(0)).Block(
				jen.Return(jen.Id("dst"), xmlQ("NoForm").Call(jen.Lit(gt.name), jen.Lit(fd.c.Name), jen.Id("ed"), jen.Lit("negative, where the schema has an xs:nonNegativeInteger"))))}, stmts...)
		}
		if eds := g.xmlo.noformIn(fd.c); len(eds) > 0 {
			// The edition has no form for it: refused.
			stmts = append([]jen.Code{jen.If(edIn(eds)).Block(notInEdition(gt.name, jen.Lit(fd.c.Name)))}, stmts...)
		}
		// When appendXMLField writes the component: when present, and a
		// mandatory one unless the document lacked it, a DEFAULT one also
		// when the document had it.
		var cond jen.Code
		switch {
		case fd.optional():
			cond = fd.presentCond(jen.Id("v"))
		case fd.c.Default != nil && g.defaultValue(fd) != nil:
			cond = jen.Id("mode").Op("&").Id("xmlListed").Op("!=").Lit(0).Op("||").Add(g.defaultDiffers(fd, jen.Id("v").Dot(fd.name)))
		default:
			cond = jen.Id("mode").Op("&").Id("xmlUnlisted").Op("==").Lit(0)
		}
		fieldCases = append(fieldCases, jen.Case(jen.Lit(k)).Block(jen.If(cond).Block(stmts...)))
	}
	if fielder {
		f.Comment("appendXMLContent appends the child elements of v, in the edition ed.")
		f.Func().Params(recv).Id("appendXMLContent").Params(jen.Id("dst").Index().Byte(), jen.Id("ed").Add(xmlQ("Edition"))).Params(jen.Index().Byte(), jen.Error()).Block(
			jen.Return(jen.Id("xmlAppendChildren").Call(jen.Id("dst"), jen.Op("&").Id("v").Dot("XML"), jen.Id("v"), jen.Lit(len(fields)), jen.Id("ed"))))
	}
	g.emitXMLFieldAppender(f, recv, fieldCases)

	switch {
	case item != "":
		// Both shapes: the components inside the item element (the
		// schema's), or in the element itself (the ASN.1's).
		decodeSig(
			jen.List(jen.Id("inItem"), jen.Err()).Op(":=").Id("r").Dot("EnterItem").Call(jen.Lit(item)),
			ifErr(jen.Return(jen.Err())),
			jen.If(jen.Err().Op(":=").Id("v").Dot("decodeXMLFields").Call(jen.Id("r"), jen.Nil()), jen.Err().Op("!=").Nil().Op("||").Op("!").Id("inItem")).Block(jen.Return(jen.Err())),
			jen.Return(jen.Id("r").Dot("LeaveList").Call(jen.Lit(gt.name))))
	case fielder:
		decodeSig(jen.Return(jen.Id("v").Dot("decodeXMLFields").Call(jen.Id("r"), jen.Nil())))
	}

	// decodeXMLFields, over decodeXMLChild.
	var pre []jen.Code
	var cases []jen.Code
	var mandatory []int
	hasXref := false
	ret := func(k int, def jen.Code) func(jen.Code) jen.Code {
		return func(e jen.Code) jen.Code { return jen.Return(jen.Lit(k), def, e) }
	}
	for k, fd := range fields {
		name := g.xmlo.elemName(fd.c)
		if name == "monitorCrossRefID" {
			hasXref = true
		}
		if fd.optional() {
			pre = append(pre, fd.setAbsent(jen.Id("v"))...)
		} else if fd.c.Default != nil {
			if dv := g.defaultValue(fd); dv != nil {
				pre = append(pre, jen.Id("v").Dot(fd.name).Op("=").Add(dv))
			}
		}
		def := jen.Code(jen.False())
		if fd.c.Default != nil {
			if dv := g.defaultValue(fd); dv != nil {
				def = g.defaultEquals(fd, jen.Id("v").Dot(fd.name))
			}
		}
		var body []jen.Code
		charged := false // the body charges the decode budget itself
		decodeElem := func(x jen.Code) jen.Code { return jen.Add(x).Dot("DecodeXMLElem").Call(jen.Id("r")) }
		if in := g.xmlo.in[fd.c]; in != "" && fd.vt.named != nil {
			decodeElem = func(x jen.Code) jen.Code {
				if !fd.ptr {
					x = jen.Op("&").Add(x)
				}
				return jen.Id("xmlDecodeIn").Call(jen.Id("r"), jen.Lit(in), x, jen.Lit(fd.vt.named.name))
			}
		}
		if g.xmlo.flags[fd.c] {
			t, first := g.flagsOwner(fd)
			decodeElem = func(x jen.Code) jen.Code {
				return xmlQ("DecodeFlag").Call(jen.Id("r"), jen.Parens(jen.Op("*").Int64()).Call(jen.Op("&").Add(x)), jen.Lit(t.name),
					jen.Id(flagsVar(t)).Index(jen.Op(":")), jen.Id(namesVar(t)).Index(jen.Op(":")), num(first))
			}
		}
		switch {
		case g.xmlo.boolean[fd.c]:
			body = []jen.Code{
				jen.List(jen.Id("val"), jen.Err()).Op(":=").Id("r").Dot("ReadBoolInt").Call(jen.Lit(gt.name), jen.Lit(name)),
				ifErr(ret(k, jen.False())(jen.Err())),
				jen.Add(fd.set(jen.Id("v"))).Op("=").Id("val")}
			body = append(body, fd.setPresent(jen.Id("v"))...)
			body = append(body, jen.Return(jen.Lit(k), def, jen.Nil()))
		case !fd.value && fd.has != "":
			body = []jen.Code{
				jen.Err().Op(":=").Id("r").Dot("Dec").Dot("SkipElement").Call(),
				jen.Id("v").Dot(fd.has).Op("=").Err().Op("==").Nil(),
				jen.Return(jen.Lit(k), jen.False(), jen.Err())}
		case !fd.value:
			body = []jen.Code{jen.Return(jen.Lit(k), jen.False(), jen.Id("r").Dot("Dec").Dot("SkipElement").Call())}
		case fd.vt.named != nil && fd.has != "":
			body = []jen.Code{
				jen.Err().Op(":=").Add(decodeElem(fd.set(jen.Id("v")))),
				jen.Id("v").Dot(fd.has).Op("=").Err().Op("==").Nil(),
				jen.Return(jen.Lit(k), def, jen.Err())}
		case fd.vt.named != nil && fd.ptr && fd.c.Optional && g.xmlo.in[fd.c] == "":
			charged = true // by xmlDecodeOptional
			g.usesXMLOptional = true
			body = []jen.Code{jen.Return(jen.Lit(k), def, jen.Id("xmlDecodeOptional").Call(jen.Id("r"), jen.Op("&").Id("v").Dot(fd.name), jen.Op("&").Id("v").Dot(fd.keep)))}
		case fd.vt.named != nil && fd.ptr && fd.c.Optional:
			// An element that is no valid value leaves the component
			// absent (the element is kept in the Extra).
			body = []jen.Code{
				jen.Err().Op(":=").Add(decodeElem(fd.set(jen.Id("v")))),
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("v").Dot(fd.name).Op("=").Nil()),
				jen.Return(jen.Lit(k), def, jen.Err())}
		case fd.vt.named != nil:
			if fd.c.Default != nil {
				body = []jen.Code{
					jen.Err().Op(":=").Add(decodeElem(fd.set(jen.Id("v")))),
					jen.Return(jen.Lit(k), def, jen.Err())}
			} else {
				body = []jen.Code{jen.Return(jen.Lit(k), jen.False(), decodeElem(fd.set(jen.Id("v"))))}
			}
		case g.xmlo.notext[fd.c]:
			body = xmlDecodeTextOnly(fd.set(jen.Id("v")), gt.name, name, ret(k, jen.False()))
			body = append(body, fd.setPresent(jen.Id("v"))...)
			body = append(body, jen.Return(jen.Lit(k), def, jen.Nil()))
		default:
			body = g.xmlDecodePrim(fd.vt, fd.set(jen.Id("v")), g.xmlo.hex(fd.vt.t, fd.c), gt.name, name, ret(k, jen.False()))
			body = append(body, fd.setPresent(jen.Id("v"))...)
			body = append(body, jen.Return(jen.Lit(k), def, jen.Nil()))
		}
		if !fd.c.Optional && fd.c.Default == nil {
			if k >= 256 {
				g.errorf("xml: %s has more than 256 components", gt.origin)
			}
			mandatory = append(mandatory, k)
		}
		if !charged {
			body = append(fd.charge("r"), body...)
		}
		cases = append(cases, jen.Case(g.xmlo.readNames(fd.c)...).Block(body...))
	}
	xref := jen.Nil()
	if g.xmlEvents[gt] && !hasXref {
		xref = jen.Id("xref")
	}
	// A mandatory component the document lacks is kept as missing
	// (xml.Extra) and emptied, so that nothing of an earlier value shows.
	// Those that hold a scalar, a string or nothing are emptied before the
	// children are read, and a table of them (xml.Required) drives the
	// check when there are several (in a compact type, "Compact and
	// unrolled BER" in gen/README.md); the others are emptied when missing.
	emptiedFirst := func(fd field) bool { return !fd.value || scalarValue(fd.vt) }
	var required, checks []jen.Code
	for _, k := range mandatory {
		fd := fields[k]
		if emptiedFirst(fd) {
			required = append(required, jen.Values(jen.Id("K").Op(":").Lit(k), jen.Id("Name").Op(":").Lit(g.xmlo.elemName(fd.c))))
		}
	}
	// Not on the path of events (the unrolled types), where the checks in
	// line cost fewer instructions (0.4% of an OriginatedEvent's decoding).
	useTable := len(required) >= 2 && g.unrolled != nil && !g.unrolled[gt.t]
	dec := append([]jen.Code{}, pre...)
	for _, k := range mandatory {
		fd := fields[k]
		if useTable && emptiedFirst(fd) {
			if fd.value {
				dec = append(dec, jen.Id("v").Dot(fd.name).Op("=").Add(zeroValue(fd.vt)))
			}
			continue
		}
		var clear []jen.Code
		if fd.value {
			clear = append(clear, jen.Id("v").Dot(fd.name).Op("=").Add(zeroValue(fd.vt)))
		}
		checks = append(checks, jen.If(jen.Op("!").Id("c").Dot("Seen").Call(jen.Lit(k))).Block(append(clear,
			jen.If(jen.Err().Op(":=").Id("c").Dot("Missing").Call(jen.Id("r"), jen.Lit(gt.name), jen.Lit(g.xmlo.elemName(fd.c))), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())))...))
	}
	dec = append(dec,
		jen.Var().Id("c").Add(xmlQ("Children")),
		jen.If(jen.Err().Op(":=").Id("xmlDecodeChildren").Call(jen.Id("r"), jen.Op("&").Id("c"), jen.Op("&").Id("v").Dot("XML"), jen.Id("v"), xref, jen.Lit(gt.name)), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Err())))
	if useTable {
		table := unexported(gt.name) + "XMLRequired"
		f.Commentf("%s lists the mandatory scalar, string and NULL components of %s,", table, gt.name)
		f.Comment("by index in its element's order, for MissingOf.")
		f.Var().Id(table).Op("=").Index(jen.Op("...")).Add(xmlQ("Required")).Custom(jen.Options{Open: "{", Close: "}", Separator: ",", Multi: true}, required...)
		checks = append([]jen.Code{jen.If(jen.Err().Op(":=").Id("c").Dot("MissingOf").Call(jen.Id("r"), jen.Lit(gt.name), jen.Id(table).Index(jen.Op(":"))), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))}, checks...)
	}
	dec = append(dec, checks...)
	dec = append(dec, jen.Return(jen.Nil()))
	if fielder {
		f.Comment("decodeXMLFields reads the child elements of v's element, whose start tag")
		f.Comment("was just read, through its end tag; xref, when not nil, receives a")
		f.Comment("monitorCrossRefID child (events).")
		f.Func().Params(recv).Id("decodeXMLFields").Params(jen.Id("r").Op("*").Add(xmlQ("Reader")), jen.Id("xref").Op("*").Index().Byte()).Error().Block(dec...)
	} else {
		decodeSig(dec...)
	}
	f.Comment("decodeXMLChild decodes the child element named name, whose start tag was")
	f.Comment("just read, into its component: it returns the component's index (-1 for")
	f.Comment("none, the element then not read) and whether it holds its DEFAULT value.")
	f.Func().Params(recv).Id("decodeXMLChild").Params(jen.Id("r").Op("*").Add(xmlQ("Reader")), jen.Id("name").Index().Byte()).Params(jen.Int(), jen.Bool(), jen.Error()).Block(
		jen.Switch(jen.String().Call(jen.Id("name"))).Block(cases...),
		jen.Return(jen.Lit(-1), jen.False(), jen.Nil()))
}

// xmlOrdered is the condition under which a value's xml.Extra says how to
// write its children.
func xmlOrdered() jen.Code {
	return jen.Len(jen.Id("v").Dot("XML").Dot("Order")).Op("!=").Lit(0).Op("||").Len(jen.Id("v").Dot("XML").Dot("Unknown")).Op("!=").Lit(0)
}

// keepChild is the error path of a child element's decoding in a
// structure: c.Keep keeps the element verbatim when its content is no valid
// value, then the loop goes on with the next child.
func keepChild(e jen.Code) jen.Code {
	return jen.If(jen.Err().Op(":=").Id("c").Dot("Keep").Call(jen.Id("r"), jen.Id("m"), e), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())).
		Line().Continue()
}

// emitXMLFieldAppender writes appendXMLField, which xmlAppendOrdered calls:
// component k when present, or (listed) when the document had it.
func (g *generator) emitXMLFieldAppender(f *jen.File, recv jen.Code, cases []jen.Code) {
	f.Comment("appendXMLField appends component k of v when mode says so (xmlMode), in the")
	f.Comment("edition ed.")
	var body []jen.Code
	if usesErr(cases...) {
		body = append(body, jen.Var().Id("err").Error())
	}
	k, mode, ed := jen.Id("k"), jen.Id("mode"), jen.Id("ed")
	if len(cases) > 0 {
		body = append(body, jen.Switch(jen.Id("k")).Block(cases...))
	} else {
		k, mode, ed = jen.Id("_"), jen.Id("_"), jen.Id("_") // no components: nothing to write
	}
	body = append(body, jen.Return(jen.Id("dst"), jen.Nil()))
	f.Func().Params(recv).Id("appendXMLField").Params(jen.Id("dst").Index().Byte(), k.Int(), mode.Id("xmlMode"), ed.Add(xmlQ("Edition"))).Params(jen.Index().Byte(), jen.Error()).Block(body...)
}

// emitXMLChoice writes the codec of a CHOICE: the chosen alternative's
// element inside the value's element. Other children are kept in the
// value's xml.Extra, as for structures.
func (g *generator) emitXMLChoice(f *jen.File, gt *goType, u *asn1.Type, appendSig, decodeSig func(...jen.Code)) {
	fields := g.fields(gt, u)
	for _, fd := range fields {
		if len(g.xmlo.noformIn(fd.c)) > 0 {
			g.errorf("xml: %s.%s: noform applies to components of SEQUENCEs and SETs, not to CHOICE alternatives", gt.origin, fd.c.Name)
		}
	}
	kind := gt.name + "Choice"
	recv := jen.Id("v").Op("*").Id(gt.name)
	var emptyAlt string
	for _, fd := range fields {
		if g.xmlo.empty[fd.c.Name] && fd.vt.u.Kind == asn1.KindNull && !fd.value {
			emptyAlt = kind + fd.name
		}
	}
	appendSig(jen.Return(jen.Id("xmlAppendChoice").Call(jen.Id("dst"), jen.Id("name"), jen.Id("ns"), jen.Id("v"), jen.Id("ed"))))
	var appCases, decCases, fieldCases []jen.Code
	for k, fd := range fields {
		name := g.xmlo.elemName(fd.c)
		c := jen.Id(kind + fd.name)
		var app, dec []jen.Code
		switch {
		case kind+fd.name == emptyAlt:
			app = []jen.Code{jen.Return(jen.Id("dst"), jen.Nil())}
			dec = []jen.Code{jen.If(jen.Err().Op(":=").Id("r").Dot("Dec").Dot("SkipElement").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Lit(-1), jen.Err()))}
		case g.xmlo.raw[fd.c]:
			field := GoName(fd.c.Name) + "XML"
			app = []jen.Code{
				jen.If(jen.Len(jen.Id("v").Dot(field)).Op(">").Lit(0)).Block(jen.Return(jen.Append(jen.Id("dst"), jen.Id("v").Dot(field).Op("...")), jen.Nil())),
				jen.Return(xmlQ("AppendEmpty").Call(jen.Id("dst"), jen.Lit(name)), jen.Nil()),
			}
			dec = []jen.Code{
				jen.List(jen.Id("raw"), jen.Err()).Op(":=").Id("r").Dot("Raw").Call(),
				ifErr(jen.Return(jen.Lit(-1), jen.Err())),
				jen.If(xmlQ("IsEmptyElement").Call(jen.Id("raw"))).Block(jen.Id("raw").Op("=").Nil()),
				jen.Id("v").Dot(field).Op("=").Id("raw"),
			}
		case !fd.value:
			app = []jen.Code{jen.Return(xmlQ("AppendEmpty").Call(jen.Id("dst"), jen.Lit(name)), jen.Nil())}
			dec = []jen.Code{jen.If(jen.Err().Op(":=").Id("r").Dot("Dec").Dot("SkipElement").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Lit(-1), jen.Err()))}
		case g.xmlo.notext[fd.c]:
			app = notextRefused(gt.name, fd.c)
			dec = xmlDecodeTextOnly(fd.set(jen.Id("v")), gt.name, name, retMinus1)
		default:
			app = []jen.Code{g.xmlReturnValue(fd.vt, jen.Id("v").Dot(fd.name), name, gt.name, fd.c)}
			if fd.ptr {
				app = append([]jen.Code{jen.If(jen.Id("v").Dot(fd.name).Op("==").Nil()).Block(
					jen.Return(jen.Id("dst"), xmlQ("Unencodable").Call(jen.Lit(gt.name), jen.Lit(fd.c.Name))))}, app...)
			}
			dec = g.xmlDecodeValue(fd.vt, fd.set(jen.Id("v")), gt.name, name, fd.c, retMinus1)
		}
		if usesErr(app...) {
			app = append([]jen.Code{jen.Var().Id("err").Error()}, app...)
		}
		appCases = append(appCases, jen.Case(c).Block(app...))
		decCases = append(decCases, jen.Case(g.xmlo.readNames(fd.c)...).Block(append(append(append(fd.charge("r"), jen.Id("v").Dot("choose").Call(c)), dec...), jen.Return(jen.Lit(k), jen.Nil()))...))
	}
	appCases = append(appCases, jen.Default().Block(jen.Return(jen.Id("dst"), xmlQ("Unencodable").Call(jen.Lit(gt.name), jen.Id("v").Dot("Choice").Dot("String").Call()))))
	f.Comment("appendXMLAlt appends the element of the chosen alternative, and the other")
	f.Comment("children the document v was decoded from had.")
	f.Func().Params(recv).Id("appendXMLAlt").Params(jen.Id("dst").Index().Byte(), jen.Id("ed").Add(xmlQ("Edition"))).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.If(xmlOrdered()).Block(
			jen.Return(jen.Id("xmlAppendOrdered").Call(jen.Id("dst"), jen.Op("&").Id("v").Dot("XML"), jen.Id("v"), jen.Lit(len(fields)), jen.Id("ed")))),
		jen.Return(jen.Id("v").Dot("appendXMLChosen").Call(jen.Id("dst"), jen.Id("ed"))))
	f.Comment("appendXMLChosen appends the element of the chosen alternative, in the edition ed.")
	f.Func().Params(recv).Id("appendXMLChosen").Params(jen.Id("dst").Index().Byte(), jen.Id("ed").Add(xmlQ("Edition"))).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Switch(jen.Id("v").Dot("Choice")).Block(appCases...))
	for i := range fields {
		fieldCases = append(fieldCases, jen.Case(jen.Lit(i)).Block(jen.If(jen.Id("v").Dot("Choice").Op("==").Id(kind+fields[i].name)).Block(
			jen.Return(jen.Id("v").Dot("appendXMLChosen").Call(jen.Id("dst"), jen.Id("ed"))))))
	}
	g.emitXMLFieldAppender(f, recv, fieldCases)
	f.Comment("decodeXMLAlt decodes the alternative whose start tag, named local, was just")
	f.Comment("read and returns its index; -1 when local names no alternative (the element")
	f.Comment("is then not consumed).")
	f.Func().Params(recv).Id("decodeXMLAlt").Params(jen.Id("r").Op("*").Add(xmlQ("Reader")), jen.Id("local").Index().Byte()).Params(jen.Int(), jen.Error()).Block(
		jen.Switch(jen.String().Call(jen.Id("local"))).Block(decCases...),
		jen.Return(jen.Lit(-1), jen.Nil()),
	)
	var none []jen.Code
	if emptyAlt != "" {
		none = []jen.Code{jen.Id("v").Dot("choose").Call(jen.Id(emptyAlt))}
	} else {
		none = []jen.Code{jen.If(jen.Len(jen.Id("v").Dot("XML").Dot("Unknown")).Op("==").Lit(0)).Block(
			jen.Return(xmlQ("Missing").Call(jen.Id("r"), jen.Lit(gt.name), jen.Lit(""))))}
	}
	decodeSig(
		jen.Id("v").Dot("choose").Call(jen.Id(kind+"None")),
		jen.If(jen.Err().Op(":=").Id("xmlDecodeChoice").Call(jen.Id("r"), jen.Op("&").Id("v").Dot("XML"), jen.Op("&").Id("v").Dot("Choice"), jen.Id("v"), jen.Lit(gt.name)), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.If(jen.Id("v").Dot("Choice").Op("==").Id(kind+"None")).Block(none...),
		jen.Return(jen.Nil()),
	)
}

// usesErr reports whether the statements assign the variable err without
// declaring it (err =, dst, err =), which then needs a declaration.
func usesErr(stmts ...jen.Code) bool {
	src := fmt.Sprintf("%#v", jen.Block(stmts...))
	return errAssign.MatchString(src)
}

// errAssign matches an assignment to err in rendered Go code.
var errAssign = regexp.MustCompile(`(^|[^.\w])err\s*=[^=]`)

// usesName matches a use of the variable name in rendered Go code.
var usesName = regexp.MustCompile(`(^|[^.\w"])name\b`)

// retMinus1 returns (-1, e).
func retMinus1(e jen.Code) jen.Code { return jen.Return(jen.Lit(-1), e) }

// xmlItemName is the element name of the items of a SEQUENCE OF: the
// element identifier when written, else the element type's name with a
// lower-case first letter, else (an element written in place, or a name
// equal to the list's own) the list's name plus "Item".
func (g *generator) xmlItemName(gt *goType, u *asn1.Type) string {
	if n, ok := g.xmlo.items[gt.t]; ok {
		return n
	}
	if u.ElemName != "" {
		return u.ElemName
	}
	listName := gt.origin
	if gt.def != nil {
		listName = gt.def.Name
	} else if i := strings.LastIndexByte(listName, '.'); i >= 0 {
		listName = listName[i+1:]
	}
	listName = lowerFirst(listName)
	if u.Elem.Ref != nil {
		if n := lowerFirst(u.Elem.Ref.Name); n != listName {
			return n
		}
	}
	return listName + "Item"
}

// emitXMLList writes the codec of a SEQUENCE OF or SET OF.
func (g *generator) emitXMLList(f *jen.File, gt *goType, u *asn1.Type, appendSig, decodeSig func(...jen.Code)) {
	elemName := u.ElemName
	if elemName == "" {
		elemName = "item"
	}
	vt := g.valueTypeOf(u.Elem, gt, elemName)
	x := jen.Parens(jen.Op("*").Id("v")).Index(jen.Id("k"))
	inline := g.xmlo.inline[gt.t]
	var item []jen.Code
	if inline {
		item = []jen.Code{jen.List(jen.Id("dst"), jen.Err()).Op("=").Add(x).Dot("appendXMLAlt").Call(jen.Id("dst"), jen.Id("ed")), ifErr(retDst(jen.Err()))}
	} else {
		item = g.xmlAppendValue(vt, x, g.xmlItemName(gt, u), gt.name, nil)
	}
	var declErr []jen.Code
	if usesErr(item...) {
		declErr = []jen.Code{jen.Var().Id("err").Error()}
	}
	if inline {
		// The schema's element is an xs:choice: it holds one item.
		declErr = append(declErr, jen.If(jen.Len(jen.Op("*").Id("v")).Op(">").Lit(1)).Block(
			jen.Return(jen.Id("dst"), xmlQ("OneItem").Call(jen.Lit(gt.name), jen.Len(jen.Op("*").Id("v")), jen.Id("ed")))))
	}
	appendSig(append(declErr,
		openTag(jen.Id("name"), jen.Id("ns")),
		jen.Id("dst").Op("=").Append(jen.Id("dst"), jen.LitRune('>')),
		jen.Id("n").Op(":=").Len(jen.Id("dst")),
		forRangeK(jen.Op("*").Id("v"), item...),
		jen.Return(jen.Id("xmlClose").Call(jen.Id("dst"), jen.Id("n"), jen.Id("name")), jen.Nil()),
	)...)
	elem := jen.Id("s").Index(jen.Id("k"))
	grow := []jen.Code{
		jen.Id("k").Op(":=").Len(jen.Id("s")),
		jen.If(jen.Id("k").Op("<").Cap(jen.Id("s"))).Block(jen.Id("s").Op("=").Id("s").Index(jen.Empty(), jen.Id("k").Op("+").Lit(1))).Else().Block(
			listGrow("r", vt.goExpr(), retErr)...),
	}
	var body []jen.Code
	if inline {
		body = append(grow,
			jen.List(jen.Id("alt"), jen.Err()).Op(":=").Add(elem).Dot("decodeXMLAlt").Call(jen.Id("r"), jen.Id("name").Dot("Local")),
			ifErr(jen.Return(jen.Err())),
			jen.If(jen.Id("alt").Op("<").Lit(0)).Block(
				jen.Id("s").Op("=").Id("s").Index(jen.Empty(), jen.Id("k")),
				jen.Return(xmlQ("Unknown").Call(jen.Id("r"), jen.Lit(gt.name)))))
	} else {
		body = append(grow, g.xmlDecodeValue(vt, elem, gt.name, g.xmlItemName(gt, u), nil, retErr)...)
	}
	// The item's start tag is named name where the body reads it.
	start := jen.Id("_")
	if usesName.MatchString(fmt.Sprintf("%#v", jen.Block(body...))) {
		start = jen.Id("name")
	}
	decodeSig(
		jen.Id("s").Op(":=").Parens(jen.Op("*").Id("v")).Index(jen.Empty(), jen.Lit(0)),
		listKeep("r"),
		jen.For().Block(append([]jen.Code{
			jen.List(start, jen.Id("ok"), jen.Err()).Op(":=").Id("r").Dot("Dec").Dot("ReadStart").Call(),
			ifErr(jen.Return(jen.Err())),
			jen.If(jen.Op("!").Id("ok")).Block(jen.Break()),
		}, body...)...),
		jen.Op("*").Id("v").Op("=").Id("s"),
		jen.Return(jen.Nil()),
	)
}

// emitXMLNamedInt writes appendXMLText and SetXMLText of an ENUMERATED or
// named INTEGER: the identifier, or the number when there is none (for
// ENUMERATED, reading accepts a number too).
func (g *generator) emitXMLNamedInt(f *jen.File, gt *goType, u *asn1.Type) {
	recv := jen.Id("v").Op("*").Id(gt.name)
	var cases, parse []jen.Code
	seen := map[int64]bool{}
	enum := u.Kind == asn1.KindEnumerated
	for _, n := range u.Named {
		x := g.xmlo.namedXML(u, n.Name) // the schema's spelling
		if !seen[n.Number] && enum {
			seen[n.Number] = true
			cases = append(cases, jen.Case(num(n.Number)).Block(jen.Return(jen.Append(jen.Id("dst"), jen.Lit(x).Op("...")))))
		}
		parse = append(parse, jen.Case(g.xmlo.namedReads(u, n.Name)...).Block(jen.Op("*").Id("v").Op("=").Add(num(n.Number)), jen.Return(jen.True())))
	}
	xmlName := func(n string) string { return g.xmlo.namedXML(u, n) }
	first, names, table := namedTable(u.Named, xmlName)
	if _, ok := g.xmlo.flagNames[u]; ok && table && enum {
		_, flags, _ := namedTable(u.Named, func(n string) string { return g.xmlo.flagName(u, n) })
		emitNamesVar(f, flagsVar(gt), "CSTA-XML flag", gt.name, first, flags)
	}
	if table && enum {
		// The ASN.1 table (emitNamedInt), or one of the schema's spellings.
		_, asn1Names, _ := namedTable(u.Named, func(n string) string { return n })
		vname := namesVar(gt)
		if !slices.Equal(names, asn1Names) {
			vname = xmlNamesVar(gt)
			emitNamesVar(f, vname, "CSTA-XML", gt.name, first, names)
		}
		f.Comment("appendXMLText appends the CSTA-XML text of v.")
		f.Func().Params(recv).Id("appendXMLText").Params(jen.Id("dst").Index().Byte()).Index().Byte().Block(
			jen.Return(xmlQ("AppendName").Call(jen.Id("dst"), jen.Id(vname).Index(jen.Op(":")), num(first), jen.Int64().Call(jen.Op("*").Id("v")))))
	} else if enum {
		f.Comment("appendXMLText appends the CSTA-XML text of v.")
		f.Func().Params(recv).Id("appendXMLText").Params(jen.Id("dst").Index().Byte()).Index().Byte().Block(
			jen.Switch(jen.Int64().Call(jen.Op("*").Id("v"))).Block(cases...),
			jen.Return(jen.Qual("strconv", "AppendInt").Call(jen.Id("dst"), jen.Int64().Call(jen.Op("*").Id("v")), jen.Lit(10))))
	} else {
		f.Comment("appendXMLText appends the CSTA-XML text of v.")
		f.Func().Params(recv).Id("appendXMLText").Params(jen.Id("dst").Index().Byte()).Index().Byte().Block(
			jen.Return(jen.Qual("strconv", "AppendInt").Call(jen.Id("dst"), jen.Int64().Call(jen.Op("*").Id("v")), jen.Lit(10))))
	}
	f.Comment("SetXMLText sets v from its CSTA-XML text: an identifier or a number.")
	f.Func().Params(recv).Id("SetXMLText").Params(jen.Id("b").Index().Byte()).Bool().Block(
		jen.Switch(jen.String().Call(jen.Id("b"))).Block(parse...),
		jen.List(jen.Id("n"), jen.Id("ok")).Op(":=").Add(xmlQ("ParseInt")).Call(jen.Id("b")),
		jen.Op("*").Id("v").Op("=").Id(gt.name).Call(jen.Id("n")),
		jen.Return(jen.Id("ok")),
	)
}

// emitXMLBits writes the codec of a BIT STRING with named bits: one boolean
// element per named bit that is set (bits not listed are false), and the
// space-separated list of names used for attributes. The work is done by
// the type's xml.NamedBits table; the generated switch maps names to bits.
func (g *generator) emitXMLBits(f *jen.File, gt *goType, u *asn1.Type, appendSig, decodeSig func(...jen.Code)) {
	table := jen.Id(bitNamesVar(gt))
	index := unexported(gt.name) + "BitIndex"
	var cases []jen.Code
	for k, n := range g.xmlo.namedOrdered(u) { // k: the index in the table (emitBitNames)
		cases = append(cases, jen.Case(g.xmlo.namedReads(u, n.Name)...).Block(jen.Return(jen.Lit(k))))
	}
	f.Commentf("%s returns the index in %s.Names of the bit named name, or -1.", index, bitNamesVar(gt))
	f.Func().Id(index).Params(jen.Id("name").Index().Byte()).Int().Block(
		jen.Switch(jen.String().Call(jen.Id("name"))).Block(cases...),
		jen.Return(jen.Lit(-1)))
	if bigBits(u) {
		appendSig(append(g.noformNamedChecks(valueType{t: gt.t, u: u, named: gt}),
			jen.Return(table.Clone().Dot("Append").Call(jen.Id("dst"), jen.Id("name"), jen.Id("ns"), jen.Id("v").Index(jen.Op(":"))), jen.Nil()))...)
		decodeSig(jen.Return(table.Clone().Dot("Decode").Call(jen.Id("r"), jen.Id("v").Index(jen.Op(":")), jen.Id(index))))
		return
	}
	word := jen.Index().Uint64().Values(jen.Uint64().Call(jen.Op("*").Id("v")))
	checks := g.noformNamedChecks(valueType{t: gt.t, u: u, named: gt})
	if len(g.xmlo.named6[u]) > 0 {
		// The table of the edition's names.
		appendSig(append(checks,
			jen.Id("t").Op(":=").Op("&").Add(table.Clone()),
			jen.If(jen.Id("ed").Op("==").Add(xmlQ("Ed6"))).Block(jen.Id("t").Op("=").Op("&").Id(bitNamesVar(gt)+"Ed6")),
			jen.Return(jen.Id("t").Dot("Append").Call(jen.Id("dst"), jen.Id("name"), jen.Id("ns"), word), jen.Nil()))...)
	} else {
		appendSig(append(checks, jen.Return(table.Clone().Dot("Append").Call(jen.Id("dst"), jen.Id("name"), jen.Id("ns"), word), jen.Nil()))...)
	}
	decodeSig(
		jen.Id("w").Op(":=").Index().Uint64().Values(jen.Lit(0)),
		jen.Err().Op(":=").Add(table.Clone()).Dot("Decode").Call(jen.Id("r"), jen.Id("w"), jen.Id(index)),
		jen.Op("*").Id("v").Op("=").Id(gt.name).Call(jen.Id("w").Index(jen.Lit(0))),
		jen.Return(jen.Err()))
}

// bitsOwner is the type whose tables gt, a type with named bits or
// identifiers, uses (for a BIT STRING, bitNamesVar and the index function of
// emitXMLBits; for an ENUMERATED, namesVar and flagsVar): gt, or the type a
// defined type over another comes to.
func (g *generator) bitsOwner(gt *goType) *goType {
	for k := 0; gt.def != nil && gt.def.Type.Ref != nil && g.byDef[gt.def.Type.Ref] != nil && k < 16; k++ {
		gt = g.byDef[gt.def.Type.Ref]
	}
	return gt
}

// xmlFieldByName finds the field of an ASN.1 component.
func xmlFieldByName(fields []field, name string) (field, bool) {
	for _, fd := range fields {
		if fd.c.Name == name {
			return fd, true
		}
	}
	return field{}, false
}

// xmlAttrAppend returns statements appending x of vt as the attribute name
// of an element of the Go type typeName (hexBinary when hex), or nil when
// vt has no attribute form.
func (g *generator) xmlAttrAppend(vt valueType, x jen.Code, name, typeName string, hex bool) []jen.Code {
	u := vt.u
	quoted := func(mid ...jen.Code) []jen.Code {
		out := []jen.Code{jen.Id("dst").Op("=").Append(jen.Id("dst"), jen.Lit(" "+name+"=\"").Op("..."))}
		out = append(out, mid...)
		return append(out, jen.Id("dst").Op("=").Append(jen.Id("dst"), jen.LitRune('"')))
	}
	set := func(e jen.Code) jen.Code { return jen.Id("dst").Op("=").Add(e) }
	switch {
	case u.Kind == asn1.KindOctetString && hex:
		return quoted(set(xmlQ("AppendHex").Call(jen.Id("dst"), jen.Index().Byte().Call(x))))
	case u.Kind == asn1.KindOctetString || u.Kind == asn1.KindString || u.Kind == asn1.KindTime:
		return append(g.xmlTextCheck(vt, x, false, typeName, jen.Lit(name)),
			set(xmlQ("AppendAttrBytes").Call(jen.Id("dst"), jen.Lit(name), jen.Index().Byte().Call(x))))
	case u.Kind == asn1.KindBoolean:
		return quoted(set(jen.Qual("strconv", "AppendBool").Call(jen.Id("dst"), jen.Bool().Call(x))))
	case (u.Kind == asn1.KindEnumerated || u.Kind == asn1.KindInteger && len(u.Named) > 0) && vt.named != nil:
		return quoted(set(jen.Add(x).Dot("appendXMLText").Call(jen.Id("dst"))))
	case u.Kind == asn1.KindInteger:
		return quoted(set(jen.Qual("strconv", "AppendInt").Call(jen.Id("dst"), jen.Int64().Call(x), jen.Lit(10))))
	case u.Kind == asn1.KindBitString && len(u.Named) > 0 && !bigBits(u) && vt.named != nil:
		// The names of the bits set, separated by spaces ("voice data").
		table := jen.Id(bitNamesVar(g.bitsOwner(vt.named)))
		return quoted(set(table.Dot("AppendNames").Call(jen.Id("dst"), jen.Index().Uint64().Values(jen.Uint64().Call(x)))))
	}
	return nil
}

// xmlAttrDecode returns statements setting x of vt from the attribute value
// val (hexBinary when hex); a value that does not parse sets exact = false.
func (g *generator) xmlAttrDecode(vt valueType, x jen.Code, hex bool) []jen.Code {
	u := vt.u
	conv := func(e jen.Code) jen.Code {
		if vt.named != nil {
			return vt.named.id().Call(e)
		}
		return e
	}
	bad := jen.Id("exact").Op("=").False()
	switch {
	case u.Kind == asn1.KindOctetString && hex:
		return []jen.Code{
			jen.List(jen.Id("b"), jen.Id("ok")).Op(":=").Add(xmlQ("ParseHex")).Call(jen.Id("r").Dot("Scratch").Call(), jen.Id("val")),
			jen.If(jen.Op("!").Id("ok")).Block(bad),
			jen.Add(x).Op("=").Add(conv(jen.Id("r").Dot("Bytes").Call(jen.Id("b")))),
			jen.Id("r").Dot("SetScratch").Call(jen.Id("b"))}
	case u.Kind == asn1.KindOctetString || u.Kind == asn1.KindString || u.Kind == asn1.KindTime:
		return []jen.Code{jen.Add(x).Op("=").Add(conv(jen.Id("val")))}
	case u.Kind == asn1.KindBoolean:
		return []jen.Code{jen.List(jen.Id("b"), jen.Id("ok")).Op(":=").Add(xmlQ("ParseBool")).Call(jen.Id("val")), jen.If(jen.Op("!").Id("ok")).Block(bad), jen.Add(x).Op("=").Add(conv(jen.Id("b")))}
	case (u.Kind == asn1.KindEnumerated || u.Kind == asn1.KindInteger && len(u.Named) > 0) && vt.named != nil:
		return []jen.Code{jen.If(jen.Op("!").Add(x).Dot("SetXMLText").Call(jen.Id("val"))).Block(bad)}
	case u.Kind == asn1.KindInteger:
		return []jen.Code{jen.List(jen.Id("n"), jen.Id("ok")).Op(":=").Add(xmlQ("ParseInt")).Call(jen.Id("val")), jen.If(jen.Op("!").Id("ok")).Block(bad), jen.Add(x).Op("=").Add(conv(jen.Id("n")))}
	case u.Kind == asn1.KindBitString && len(u.Named) > 0 && !bigBits(u) && vt.named != nil:
		owner := g.bitsOwner(vt.named)
		return []jen.Code{
			jen.Id("w").Op(":=").Index().Uint64().Values(jen.Lit(0)),
			jen.If(jen.Op("!").Id(bitNamesVar(owner)).Dot("ParseNames").Call(jen.Id("val"), jen.Id("w"), jen.Id(unexported(owner.name)+"BitIndex"))).Block(bad),
			jen.Add(x).Op("=").Add(conv(jen.Id("w").Index(jen.Lit(0)))),
		}
	}
	return nil
}

// xmlTextPart is one way to write the text of a DeviceID: the alternative
// of deviceIdentifier (and of its CHOICE of types of number).
type xmlTextPart struct {
	ton    string   // typeOfNumber value; "" for the default
	choice []string // Choice constants to set, outer first
	x      jen.Code // the value
	xw     jen.Code // the value to decode into (through a use method when behind a pointer)
	vt     valueType
}

// emitXMLDeviceID writes the codec of DeviceID: its deviceIdentifier as the
// element text, typeOfNumber naming the alternative, the other components
// (and those of mediaCallCharacteristics) as attributes.
func (g *generator) emitXMLDeviceID(f *jen.File, gt *goType, u *asn1.Type, appendSig, decodeSig func(...jen.Code)) {
	fields := g.fields(gt, u)
	if len(fields) == 0 || fields[0].vt.u.Kind != asn1.KindChoice || fields[0].vt.named == nil {
		g.errorf("xml: shape deviceid: %s does not start with a CHOICE", gt.origin)
		return
	}
	id := fields[0]
	idType := id.vt.named
	var parts []xmlTextPart
	for k, alt := range g.fields(idType, id.vt.u) {
		x := jen.Id("v").Dot(id.name).Dot(alt.name)
		c := idType.name + "Choice" + alt.name
		if alt.vt.u.Kind == asn1.KindChoice && alt.vt.named != nil {
			for _, sub := range g.fields(alt.vt.named, alt.vt.u) {
				parts = append(parts, xmlTextPart{ton: alt.c.Name + ":" + sub.c.Name, choice: []string{c, alt.vt.named.name + "Choice" + sub.name},
					x: jen.Id("v").Dot(id.name).Dot(alt.name).Dot(sub.name), xw: useKept(jen.Id("v").Dot(id.name), alt.name).Dot(sub.name), vt: sub.vt})
			}
			continue
		}
		ton := alt.c.Name
		if k == 0 {
			ton = ""
		}
		parts = append(parts, xmlTextPart{ton: ton, choice: []string{c}, x: x, xw: x, vt: alt.vt})
	}
	defaultTon := g.fields(idType, id.vt.u)[0].c.Name

	// Attributes: the other components, and the components of a SEQUENCE
	// component (mediaCallCharacteristics) flattened.
	type attr struct {
		name      string
		vt        valueType
		x         jen.Code
		xw        jen.Code // x to decode into
		has       jen.Code // presence condition, or nil
		hasSet    jen.Code // statement marking presence
		dflt      jen.Code // default value, or nil
		group     jen.Code // the group's Has flag, or nil
		mandatory bool     // mandatory inside its group
		hex       bool     // hexBinary (xmlOverrides.hex)
		flag6     bool     // a boolean in ed6 (xmlOverrides.flags6)
		noform    []int    // the editions without the attribute (xmlOverrides.noformIn)
	}
	var attrs []attr
	var resets []jen.Code
	resets = append(resets, jen.Id("v").Dot("XMLAttrs").Op("=").Nil())
	for _, fd := range fields[1:] {
		x := jen.Id("v").Dot(fd.name)
		if fd.optional() {
			resets = append(resets, fd.setAbsent(jen.Id("v"))...)
		}
		if fd.vt.u.Kind == asn1.KindSequence && fd.vt.named != nil && fd.ptr {
			// The group's attributes are read into the kept value, which
			// becomes the field when any of them is there.
			group := jen.Id("v").Dot(fd.name).Op("!=").Nil()
			kept := jen.Id("v").Dot(fd.keep)
			resets = append(resets, jen.If(jen.Add(kept).Op("==").Nil()).Block(jen.Add(kept).Op("=").New(fd.vt.goExpr())))
			for _, sub := range g.fields(fd.vt.named, fd.vt.u) {
				sx := jen.Id("v").Dot(fd.name).Dot(sub.name)
				sw := jen.Add(kept).Dot(sub.name)
				a := attr{name: sub.c.Name, vt: sub.vt, x: sx, xw: sw, group: group, mandatory: !sub.c.Optional && sub.c.Default == nil, hex: g.xmlo.hex(sub.vt.t, sub.c), noform: g.xmlo.noformIn(sub.c)}
				if sub.has != "" {
					a.has = jen.Id("v").Dot(fd.name).Dot(sub.has)
					a.hasSet = jen.Add(kept).Dot(sub.has).Op("=").True()
					resets = append(resets, jen.Add(kept).Dot(sub.has).Op("=").False())
				}
				if sub.c.Default != nil {
					a.dflt = g.defaultValue(sub)
					if a.dflt != nil {
						resets = append(resets, jen.Add(sw).Op("=").Add(a.dflt))
					}
				} else if a.mandatory {
					resets = append(resets, jen.Add(sw).Op("=").Add(zeroValue(sub.vt)))
				}
				attrs = append(attrs, a)
			}
			continue
		}
		a := attr{name: fd.c.Name, vt: fd.vt, x: x, xw: fd.set(jen.Id("v")), hex: g.xmlo.hex(fd.vt.t, fd.c), flag6: g.xmlo.flags6[fd.c], noform: g.xmlo.noformIn(fd.c)}
		if fd.has != "" {
			a.has = jen.Id("v").Dot(fd.has)
			a.hasSet = jen.Id("v").Dot(fd.has).Op("=").True()
		}
		attrs = append(attrs, a)
	}

	// AppendXMLElem
	var tonCases, textCases []jen.Code
	byChoice := map[string][]xmlTextPart{}
	var order []string
	for _, p := range parts {
		if _, ok := byChoice[p.choice[0]]; !ok {
			order = append(order, p.choice[0])
		}
		byChoice[p.choice[0]] = append(byChoice[p.choice[0]], p)
	}
	textOf := func(p xmlTextPart) []jen.Code {
		switch p.vt.u.Kind {
		case asn1.KindInteger:
			return []jen.Code{jen.Id("dst").Op("=").Qual("strconv", "AppendInt").Call(jen.Id("dst"), jen.Int64().Call(p.x), jen.Lit(10))}
		case asn1.KindOctetString, asn1.KindString:
			return append(g.xmlTextCheck(p.vt, p.x, false, gt.name, jen.Lit(id.c.Name)),
				jen.Id("dst").Op("=").Add(xmlQ("AppendText")).Call(jen.Id("dst"), jen.Index().Byte().Call(p.x)))
		}
		g.errorf("xml: shape deviceid: %s: no text form for %s", gt.origin, p.vt.u.Kind)
		return nil
	}
	for _, c := range order {
		ps := byChoice[c]
		if len(ps) == 1 && len(ps[0].choice) == 1 {
			p := ps[0]
			if p.ton != "" {
				tonCases = append(tonCases, jen.Case(jen.Id(c)).Block(jen.Id("dst").Op("=").Add(xmlQ("AppendAttr")).Call(jen.Id("dst"), jen.Lit("typeOfNumber"), jen.Lit(p.ton))))
			}
			textCases = append(textCases, jen.Case(jen.Id(c)).Block(textOf(p)...))
			continue
		}
		var subTon, subText []jen.Code
		for _, p := range ps {
			subTon = append(subTon, jen.Case(jen.Id(p.choice[1])).Block(jen.Id("dst").Op("=").Add(xmlQ("AppendAttr")).Call(jen.Id("dst"), jen.Lit("typeOfNumber"), jen.Lit(p.ton))))
			subText = append(subText, jen.Case(jen.Id(p.choice[1])).Block(textOf(p)...))
		}
		alt := jen.Id("v").Dot(id.name).Dot(strings.TrimPrefix(c, idType.name+"Choice"))
		choiceOf := jen.Add(alt).Dot("Choice")
		nilAlt := jen.If(jen.Add(alt).Op("==").Nil()).Block(jen.Return(jen.Id("dst"), xmlQ("Unencodable").Call(jen.Lit(gt.name), jen.Lit(strings.TrimPrefix(c, idType.name+"Choice")))))
		tonCases = append(tonCases, jen.Case(jen.Id(c)).Block(nilAlt, jen.Switch(choiceOf).Block(subTon...)))
		textCases = append(textCases, jen.Case(jen.Id(c)).Block(jen.Switch(choiceOf.Clone()).Block(subText...)))
	}
	var attrApp []jen.Code
	attrApp = append(attrApp, jen.Switch(jen.Id("v").Dot(id.name).Dot("Choice")).Block(tonCases...))
	for _, a := range attrs {
		stmts := g.xmlAttrAppend(a.vt, a.x, a.name, gt.name, a.hex)
		if stmts == nil {
			g.errorf("xml: shape deviceid: %s.%s has no attribute form", gt.origin, a.name)
			continue
		}
		eds := a.noform
		if a.flag6 && !slices.Contains(eds, 1) {
			// ed6's attribute of this name is a boolean: the component
			// has no form there.
			eds = append(slices.Clone(eds), 1)
		}
		if len(eds) > 0 {
			stmts = append([]jen.Code{jen.If(edIn(eds)).Block(notInEdition(gt.name, jen.Lit(a.name)))}, stmts...)
		}
		var cond jen.Code
		if a.has != nil {
			cond = a.has
		} else if a.dflt != nil {
			cond = jen.Add(a.x).Op("!=").Add(a.dflt)
		}
		if a.group != nil {
			if cond != nil {
				cond = jen.Add(a.group).Op("&&").Add(cond)
			} else {
				cond = a.group
			}
		}
		if cond != nil {
			attrApp = append(attrApp, jen.If(cond).Block(stmts...))
		} else {
			attrApp = append(attrApp, stmts...)
		}
	}
	appendSig(
		openTag(jen.Id("name"), jen.Id("ns")),
		jen.If(jen.Len(jen.Id("v").Dot("XMLAttrs")).Op(">").Lit(0)).Block(
			jen.Id("dst").Op("=").Append(jen.Id("dst"), jen.Id("v").Dot("XMLAttrs").Op("..."))).Else().Block(attrApp...),
		jen.Id("dst").Op("=").Append(jen.Id("dst"), jen.LitRune('>')),
		jen.Id("n").Op(":=").Len(jen.Id("dst")),
		jen.Switch(jen.Id("v").Dot(id.name).Dot("Choice")).Block(append(textCases,
			jen.Default().Block(jen.Return(jen.Id("dst"), xmlQ("Unencodable").Call(jen.Lit(gt.name), jen.Id("v").Dot(id.name).Dot("Choice").Dot("String").Call()))))...),
		jen.Return(jen.Id("xmlClose").Call(jen.Id("dst"), jen.Id("n"), jen.Id("name")), jen.Nil()),
	)

	// DecodeXMLElem
	var attrCases []jen.Code
	var tonKnown []jen.Code
	for _, p := range parts {
		if p.ton != "" {
			tonKnown = append(tonKnown, jen.Lit(p.ton))
		}
	}
	attrCases = append(attrCases, jen.Case(jen.Lit("typeOfNumber")).Block(
		jen.Id("ton").Op("=").Id("val"),
		jen.Switch(jen.String().Call(jen.Id("val"))).Block(
			jen.Case(tonKnown...),
			jen.Default().Block(jen.Id("exact").Op("=").False()), // the default written out, or a vendor value
		),
	))
	for _, a := range attrs {
		body := g.xmlAttrDecode(a.vt, a.xw, a.hex)
		if a.flag6 {
			// ed6's boolean of the same name: kept with the attributes as
			// read, not taken for the component. ECMA-285's value in an
			// ed6 document, which ed6 has no form for, is kept as read too,
			// so that the document writes back the same.
			body = append([]jen.Code{
				jen.If(jen.String().Call(jen.Id("val")).Op("==").Lit("true").Op("||").String().Call(jen.Id("val")).Op("==").Lit("false")).Block(
					jen.Id("exact").Op("=").False(), jen.Break()),
				jen.If(jen.Id("xmlEditionOf").Call(jen.Id("r").Dot("Dec").Dot("NS").Call()).Op(">=").Lit(6)).Block(jen.Id("exact").Op("=").False()),
			}, body...)
		}
		if len(a.noform) == len(xmlEditions) {
			// No edition has the attribute: kept as read too.
			body = append([]jen.Code{jen.Id("exact").Op("=").False()}, body...)
		} else if len(a.noform) > 0 {
			// Read in a document of the edition without the attribute:
			// kept as read too, so that the document writes back the same.
			op := "<"
			if a.noform[0] == 1 {
				op = ">="
			}
			body = append([]jen.Code{jen.If(jen.Id("xmlEditionOf").Call(jen.Id("r").Dot("Dec").Dot("NS").Call()).Op(op).Lit(6)).Block(jen.Id("exact").Op("=").False())}, body...)
		}
		if a.hasSet != nil {
			body = append(body, a.hasSet)
		}
		if a.group != nil {
			body = append(body, jen.Id("group").Op("=").True())
			if a.mandatory {
				body = append(body, jen.Id("groupKey").Op("=").True())
			}
			if a.dflt != nil {
				body = append(body, jen.If(jen.Add(a.xw).Op("==").Add(a.dflt)).Block(jen.Id("exact").Op("=").False()))
			}
		}
		attrCases = append(attrCases, jen.Case(jen.Lit(a.name)).Block(body...))
	}
	attrCases = append(attrCases, jen.Default().Block(jen.Id("exact").Op("=").False()))
	var groupSet []jen.Code
	for _, fd := range fields[1:] {
		if fd.vt.u.Kind == asn1.KindSequence && fd.ptr {
			groupSet = append(groupSet, jen.If(jen.Id("group")).Block(
				jen.Id("v").Dot(fd.name).Op("=").Id("v").Dot(fd.keep),
				jen.If(jen.Op("!").Id("groupKey")).Block(jen.Id("exact").Op("=").False())))
		}
	}
	var setCases []jen.Code
	invalid := jen.Return(xmlQ("Invalid").Call(jen.Id("r"), jen.Lit(gt.name), jen.Lit(""), jen.Id("t")))
	for _, p := range parts {
		var sets []jen.Code
		sets = append(sets, jen.Id("v").Dot(id.name).Dot("choose").Call(jen.Id(p.choice[0])))
		if len(p.choice) == 2 {
			sets = append(sets, useKept(jen.Id("v").Dot(id.name), strings.TrimPrefix(p.choice[0], idType.name+"Choice")).Dot("choose").Call(jen.Id(p.choice[1])))
		}
		switch p.vt.u.Kind {
		case asn1.KindInteger:
			sets = append(sets, jen.List(jen.Id("n"), jen.Id("ok")).Op(":=").Add(xmlQ("ParseInt")).Call(jen.Id("t")), jen.If(jen.Op("!").Id("ok")).Block(invalid),
				jen.Add(p.xw).Op("=").Add(convTo(p.vt, jen.Id("n"))))
		default:
			sets = append(sets, jen.Add(p.xw).Op("=").Add(convTo(p.vt, jen.Id("t"))))
		}
		if p.ton == "" {
			setCases = append(setCases, jen.Default().Block(sets...))
		} else {
			setCases = append(setCases, jen.Case(jen.Lit(p.ton)).Block(sets...))
		}
	}
	_ = defaultTon
	dec := append([]jen.Code{}, resets...)
	dec = append(dec,
		jen.List(jen.Id("exact"), jen.Id("group"), jen.Id("groupKey")).Op(":=").List(jen.True(), jen.False(), jen.False()),
		jen.Var().Id("ton").Index().Byte(),
		jen.For(jen.Id("i").Op(":=").Lit(0), jen.Id("i").Op("<").Id("r").Dot("Dec").Dot("AttrCount").Call(), jen.Id("i").Op("++")).Block(
			jen.Id("a").Op(":=").Id("r").Dot("Dec").Dot("Attr").Call(jen.Id("i")),
			jen.If(jen.Id("a").Dot("IsNamespaceDecl").Call()).Block(jen.Continue()),
			jen.If(jen.Len(jen.Id("a").Dot("Name").Dot("Prefix")).Op(">").Lit(0)).Block(jen.Id("exact").Op("=").False(), jen.Continue()),
			jen.List(jen.Id("val"), jen.Err()).Op(":=").Id("r").Dot("Attr").Call(jen.Id("i")),
			ifErr(jen.Return(jen.Err())),
			jen.Switch(jen.String().Call(jen.Id("a").Dot("Name").Dot("Local"))).Block(attrCases...),
		),
	)
	dec = append(dec, groupSet...)
	dec = append(dec,
		jen.If(jen.Op("!").Id("exact")).Block(jen.Id("v").Dot("XMLAttrs").Op("=").Id("r").Dot("Attrs").Call()),
		jen.List(jen.Id("t"), jen.Err()).Op(":=").Id("r").Dot("Text").Call(),
		ifErr(jen.Return(jen.Err())),
		jen.Switch(jen.String().Call(jen.Id("ton"))).Block(setCases...),
		jen.Return(jen.Nil()),
	)
	decodeSig(dec...)
}

// convTo converts e to vt's Go type when it is a named one.
func convTo(vt valueType, e jen.Code) jen.Code {
	if vt.named != nil {
		return vt.named.id().Call(e)
	}
	return e
}

// emitXMLConnectionID writes the codec of ConnectionID: callID and deviceID
// (or dynamicID) children, whichever are present choosing the alternative.
func (g *generator) emitXMLConnectionID(f *jen.File, gt *goType, u *asn1.Type, appendSig, decodeSig func(...jen.Code)) {
	fields := g.fields(gt, u)
	call, ok1 := xmlFieldByName(fields, "callID")
	dev, ok2 := xmlFieldByName(fields, "deviceID")
	both, ok3 := xmlFieldByName(fields, "both")
	if !ok1 || !ok2 || !ok3 || both.vt.named == nil || dev.vt.named == nil || dev.vt.u.Kind != asn1.KindChoice {
		g.errorf("xml: shape connectionid: %s is not CHOICE { callID, deviceID, both }", gt.origin)
		return
	}
	bf := g.fields(both.vt.named, both.vt.u)
	bCall, ok1 := xmlFieldByName(bf, "callID")
	bDev, ok2 := xmlFieldByName(bf, "deviceID")
	local := dev.vt.named
	lf := g.fields(local, dev.vt.u)
	if !ok1 || !ok2 || len(lf) != 2 {
		g.errorf("xml: shape connectionid: %s.both or its LocalDeviceID is not as expected", gt.origin)
		return
	}
	static, dynamic := lf[0], lf[1]
	kind := gt.name + "Choice"
	lkind := local.name + "Choice"
	unencodable := func(what string) jen.Code {
		return jen.Return(jen.Id("dst"), xmlQ("Unencodable").Call(jen.Lit(gt.name), jen.Lit(what)))
	}
	// A dynamic device identifier is ECMA-323's <deviceID typeOfNumber="dynamic">
	// (LocalDeviceID), its octets the text.
	appDynamic := func(x jen.Code) []jen.Code {
		id := jen.Index().Byte().Call(x)
		return []jen.Code{
			jen.If(jen.Id("i").Op(":=").Add(xmlQ("CheckText")).Call(id), jen.Id("i").Op(">=").Lit(0)).Block(
				jen.Return(jen.Id("dst"), xmlQ("NotText").Call(jen.Lit(gt.name), jen.Lit("deviceID"), id, jen.Id("i")))),
			jen.Id("dst").Op("=").Add(xmlQ("AppendAttr")).Call(xmlQ("AppendStartOpen").Call(jen.Id("dst"), jen.Lit("deviceID")), jen.Lit("typeOfNumber"), jen.Lit("dynamic")),
			jen.Id("dst").Op("=").Add(xmlQ("AppendEnd")).Call(xmlQ("AppendText").Call(jen.Append(jen.Id("dst"), jen.LitRune('>')), id), jen.Lit("deviceID")),
		}
	}
	appLocal := func(x jen.Code) []jen.Code {
		return []jen.Code{
			jen.If(jen.Add(x).Op("==").Nil()).Block(unencodable("deviceID")),
			jen.Switch(jen.Add(x).Dot("Choice")).Block(
				jen.Case(jen.Id(lkind+static.name)).Block(append([]jen.Code{jen.If(jen.Add(x).Dot(static.name).Op("==").Nil()).Block(unencodable("deviceID"))},
					g.xmlAppendValue(static.vt, jen.Add(x).Dot(static.name), "deviceID", gt.name, static.c)...)...),
				jen.Case(jen.Id(lkind+dynamic.name)).Block(appDynamic(jen.Add(x).Dot(dynamic.name))...),
				jen.Default().Block(jen.Return(jen.Id("dst"), xmlQ("Unencodable").Call(jen.Lit(local.name), jen.Add(x).Dot("Choice").Dot("String").Call()))),
			)}
	}
	vx := func(names ...string) *jen.Statement {
		s := jen.Id("v")
		for _, n := range names {
			s = s.Dot(n)
		}
		return s
	}
	appendSig(
		jen.Var().Id("err").Error(),
		openTag(jen.Id("name"), jen.Id("ns")),
		jen.Id("dst").Op("=").Append(jen.Id("dst"), jen.LitRune('>')),
		jen.Id("n").Op(":=").Len(jen.Id("dst")),
		jen.If(xmlOrdered()).Block(
			jen.List(jen.Id("dst"), jen.Err()).Op("=").Id("xmlAppendOrdered").Call(jen.Id("dst"), jen.Op("&").Id("v").Dot("XML"), jen.Id("v"), jen.Lit(3), jen.Id("ed")),
			ifErr(retDst(jen.Err())),
			jen.Return(jen.Id("xmlClose").Call(jen.Id("dst"), jen.Id("n"), jen.Id("name")), jen.Nil())),
		jen.Switch(jen.Id("v").Dot("Choice")).Block(
			jen.Case(jen.Id(kind+call.name)).Block(g.xmlAppendValue(call.vt, vx(call.name), "callID", gt.name, call.c)...),
			jen.Case(jen.Id(kind+dev.name)).Block(appLocal(vx(dev.name))...),
			jen.Case(jen.Id(kind+both.name)).Block(append(append([]jen.Code{jen.If(vx(both.name).Op("==").Nil()).Block(unencodable("both"))},
				g.xmlAppendValue(bCall.vt, vx(both.name, bCall.name), "callID", gt.name, bCall.c)...), appLocal(jen.Parens(jen.Op("&").Add(vx(both.name, bDev.name))))...)...),
			jen.Default().Block(jen.Return(jen.Id("dst"), xmlQ("Unencodable").Call(jen.Lit(gt.name), jen.Id("v").Dot("Choice").Dot("String").Call()))),
		),
		jen.Return(jen.Id("xmlClose").Call(jen.Id("dst"), jen.Id("n"), jen.Id("name")), jen.Nil()),
	)
	// appendXMLField: 0 callID, 1 deviceID, 2 dynamicID, as read.
	localOf := []jen.Code{
		jen.Var().Id("local").Op("*").Id(local.name),
		jen.Switch(jen.Id("v").Dot("Choice")).Block(
			jen.Case(jen.Id(kind+dev.name)).Block(jen.Id("local").Op("=").Add(vx(dev.name))),
			jen.Case(jen.Id(kind+both.name)).Block(jen.If(vx(both.name).Op("!=").Nil()).Block(jen.Id("local").Op("=").Op("&").Add(vx(both.name, bDev.name))))),
		jen.If(jen.Id("local").Op("==").Nil()).Block(jen.Return(jen.Id("dst"), jen.Nil())),
	}
	g.emitXMLFieldAppender(f, jen.Id("v").Op("*").Id(gt.name), []jen.Code{
		jen.Case(jen.Lit(0)).Block(jen.Switch(jen.Id("v").Dot("Choice")).Block(
			jen.Case(jen.Id(kind+call.name)).Block(g.xmlAppendValue(call.vt, vx(call.name), "callID", gt.name, call.c)...),
			jen.Case(jen.Id(kind+both.name)).Block(jen.If(vx(both.name).Op("!=").Nil()).Block(g.xmlAppendValue(bCall.vt, vx(both.name, bCall.name), "callID", gt.name, bCall.c)...)))),
		jen.Case(jen.Lit(1)).Block(append(localOf, jen.If(jen.Id("local").Dot("Choice").Op("==").Id(lkind+static.name).Op("&&").Id("local").Dot(static.name).Op("!=").Nil()).Block(
			g.xmlAppendValue(static.vt, jen.Id("local").Dot(static.name), "deviceID", gt.name, static.c)...))...),
		jen.Case(jen.Lit(2)).Block(append(localOf, jen.If(jen.Id("local").Dot("Choice").Op("==").Id(lkind+dynamic.name)).Block(
			appDynamic(jen.Id("local").Dot(dynamic.name))...))...),
	})
	// The children are read into the kept both value; the alternative is
	// decided at the end, by which children were there.
	b := jen.Id("b")
	bl := jen.Id("b").Dot(bDev.name)
	// readDynamic reads a dynamic device identifier, from the element named
	// field: <deviceID typeOfNumber="dynamic"> or the <dynamicID> of
	// earlier versions.
	readDynamic := func(field string) []jen.Code {
		return append(append([]jen.Code{bl.Clone().Dot("choose").Call(jen.Id(lkind + dynamic.name))},
			g.xmlDecodeValue(dynamic.vt, bl.Clone().Dot(dynamic.name), gt.name, field, dynamic.c, keepChild)...),
			jen.Id("hasDevice").Op("=").True(), jen.Id("c").Dot("Field").Call(jen.Lit(2)))
	}
	decodeSig(
		jen.Var().Id("c").Add(xmlQ("Children")),
		jen.Id("c").Dot("Begin").Call(jen.Op("&").Id("v").Dot("XML")),
		jen.If(jen.Id("v").Dot(both.keep).Op("==").Nil()).Block(jen.Id("v").Dot(both.keep).Op("=").New(both.vt.named.id())),
		jen.Id("b").Op(":=").Id("v").Dot(both.keep),
		jen.List(jen.Id("hasCall"), jen.Id("hasDevice")).Op(":=").List(jen.False(), jen.False()),
		jen.For().Block(
			jen.List(jen.Id("name"), jen.Id("ok"), jen.Err()).Op(":=").Id("r").Dot("Dec").Dot("ReadStart").Call(),
			ifErr(jen.Return(jen.Err())),
			jen.If(jen.Op("!").Id("ok")).Block(jen.Break()),
			jen.Id("m").Op(":=").Id("r").Dot("Mark").Call(),
			jen.Switch(jen.String().Call(jen.Id("name").Dot("Local"))).Block(
				jen.Case(jen.Lit("callID")).Block(append(g.xmlDecodeValue(bCall.vt, jen.Add(b).Dot(bCall.name), gt.name, "callID", bCall.c, keepChild),
					jen.Id("hasCall").Op("=").True(), jen.Id("c").Dot("Field").Call(jen.Lit(0)))...),
				jen.Case(jen.Lit("deviceID")).Block(jen.If(jen.Id("r").Dot("Dec").Dot("AttrIs").Call(jen.Lit("typeOfNumber"), jen.Lit("dynamic"))).Block(
					readDynamic("deviceID")...).Else().Block(
					append(append([]jen.Code{bl.Clone().Dot("choose").Call(jen.Id(lkind + static.name))},
						g.xmlDecodeValue(static.vt, useKept(bl.Clone(), static.name), gt.name, "deviceID", static.c, keepChild)...),
						jen.Id("hasDevice").Op("=").True(), jen.Id("c").Dot("Field").Call(jen.Lit(1)))...)),
				// The element of earlier versions of cstagen, read as well.
				jen.Case(jen.Lit(dynamic.c.Name)).Block(readDynamic(dynamic.c.Name)...),
				jen.Default().Block(jen.If(jen.Err().Op(":=").Id("c").Dot("Unknown").Call(jen.Id("r"), jen.Lit(gt.name)), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))),
			),
		),
		jen.Switch().Block(
			jen.Case(jen.Id("hasCall").Op("&&").Id("hasDevice")).Block(jen.Id("v").Dot("choose").Call(jen.Id(kind+both.name)), vx(both.name).Op("=").Id("b")),
			jen.Case(jen.Id("hasCall")).Block(jen.Id("v").Dot("choose").Call(jen.Id(kind+call.name)), vx(call.name).Op("=").Add(jen.Id("b").Dot(bCall.name))),
			jen.Case(jen.Id("hasDevice")).Block(jen.Id("v").Dot("choose").Call(jen.Id(kind+dev.name)),
				jen.Id("d").Op(":=").Add(useKept(jen.Id("v"), dev.name)),
				jen.List(jen.Op("*").Id("d"), jen.Id("b").Dot(bDev.name)).Op("=").List(jen.Id("b").Dot(bDev.name), jen.Op("*").Id("d"))),
			jen.Case(jen.Len(jen.Id("v").Dot("XML").Dot("Unknown")).Op(">").Lit(0)).Block(jen.Id("v").Dot("choose").Call(jen.Id(kind+"None"))),
			jen.Default().Block(jen.Return(xmlQ("Missing").Call(jen.Id("r"), jen.Lit(gt.name), jen.Lit("callID")))),
		),
		jen.Return(jen.Nil()),
	)
}

// emitXMLWrapped writes the codec of a string type whose text sits in a
// child element (CorrelatorData: <correlatorData><string>...</string>).
func (g *generator) emitXMLWrapped(f *jen.File, gt *goType, child string, appendSig, decodeSig func(...jen.Code)) {
	vt := valueType{t: gt.t, u: gt.t.Underlying()} // the text itself, not the type's codec
	x := jen.Parens(jen.Op("*").Id("v"))
	hex := g.xmlo.hex(gt.t, nil)
	var app []jen.Code
	if xmlText(vt, hex) {
		app = []jen.Code{jen.Var().Id("err").Error()}
	}
	app = append(app, jen.Id("dst").Op("=").Append(jen.Id("xmlOpen").Call(jen.Id("dst"), jen.Id("name"), jen.Id("ns")), jen.LitRune('>')))
	app = append(app, g.xmlAppendValue(vt, x, child, gt.name, nil)...)
	appendSig(append(app, jen.Return(xmlQ("AppendEnd").Call(jen.Id("dst"), jen.Id("name")), jen.Nil()))...)
	text := []jen.Code{
		jen.List(jen.Id("t"), jen.Err()).Op(":=").Id("r").Dot("Text").Call(),
		ifErr(jen.Return(jen.Err())),
		jen.Op("*").Id("v").Op("=").Id(gt.name).Call(jen.Id("t")),
	}
	zero := jen.Nil()
	if vt.u.Kind == asn1.KindInteger {
		text = g.xmlDecodePrim(valueType{t: gt.t, u: vt.u, named: gt}, jen.Op("*").Id("v"), false, gt.name, child, retErr)
		zero = jen.Lit(0)
	}
	if hex {
		text = []jen.Code{
			jen.List(jen.Id("t"), jen.Err()).Op(":=").Id("r").Dot("ReadHex").Call(jen.Lit(gt.name), jen.Lit(child)),
			ifErr(jen.Return(jen.Err())),
			jen.Op("*").Id("v").Op("=").Id(gt.name).Call(jen.Id("t")),
		}
	}
	decodeSig(
		jen.Op("*").Id("v").Op("=").Add(zero),
		jen.For().Block(append([]jen.Code{
			jen.List(jen.Id("_"), jen.Id("ok"), jen.Err()).Op(":=").Id("r").Dot("Dec").Dot("ReadStart").Call(),
			ifErr(jen.Return(jen.Err())),
			jen.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.Nil())),
		}, text...)...),
	)
}

// edConsts are the xml.Edition constants, in the order of xmlEditions.
var edConsts = [2]string{"Ed3", "Ed6"}

// edIn is the condition that the edition ed being written is one of eds
// (indexes of xmlEditions).
func edIn(eds []int) jen.Code {
	c := jen.Id("ed").Op("==").Add(xmlQ(edConsts[eds[0]]))
	for _, e := range eds[1:] {
		c = c.Op("||").Id("ed").Op("==").Add(xmlQ(edConsts[e]))
	}
	if len(eds) > 1 {
		return jen.Parens(c)
	}
	return c
}

// notInEdition returns from an encoder the xml.NotInEdition error for the
// component, named bit or identifier field of a value of type typeName.
func notInEdition(typeName string, field jen.Code) jen.Code {
	return jen.Return(jen.Id("dst"), xmlQ("NotInEdition").Call(jen.Lit(typeName), field, jen.Id("ed")))
}

// noformNamedChecks returns the statements with which the encoder of vt (a
// BIT STRING or ENUMERATED type, the receiver v) refuses, in an edition that
// has no form for them (noform directives), the named bits set in *v or the
// identifier *v holds.
func (g *generator) noformNamedChecks(vt valueType) []jen.Code {
	u := vt.u
	if vt.named == nil || u.Kind != asn1.KindBitString && u.Kind != asn1.KindEnumerated {
		return nil
	}
	consts := g.namedConsts[vt.named]
	if consts == nil {
		consts = g.namedConsts[g.bitsOwner(vt.named)]
	}
	var out []jen.Code
	for e := range xmlEditions {
		var ids []string
		for _, n := range u.Named {
			if g.xmlo.noformNamed[e][u][n.Name] {
				ids = append(ids, n.Name)
			}
		}
		if len(ids) == 0 {
			continue
		}
		for _, id := range ids {
			if consts[id] == "" {
				g.errorf("xml: %s: no constant for %s, which a noform directive names", vt.named.origin, id)
				return nil
			}
		}
		if u.Kind == asn1.KindEnumerated {
			var cs []jen.Code
			for _, id := range ids {
				cs = append(cs, jen.Id(consts[id]))
			}
			out = append(out, jen.If(edIn([]int{e})).Block(jen.Switch(jen.Op("*").Id("v")).Block(
				jen.Case(cs...).Block(notInEdition(vt.named.name, jen.Id("v").Dot("String").Call())))))
			continue
		}
		for _, id := range ids {
			out = append(out, jen.If(jen.Add(edIn([]int{e})).Op("&&").Id("v").Dot("Has").Call(jen.Id(consts[id]))).Block(
				notInEdition(vt.named.name, jen.Lit(id))))
		}
	}
	return out
}

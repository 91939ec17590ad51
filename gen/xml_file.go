package gen

import (
	"github.com/dave/jennifer/jen"
)

// xmlNamespaceDefault is the namespace generated AppendXML writes: ECMA-323
// 3rd edition, the edition most servers accept (OpenScape Voice, Microsoft
// RCC, Avaya AES, BroadWorks); readers accept any.
const xmlNamespaceDefault = "http://www.ecma-international.org/standards/ecma-323/csta/ed3"

// xmlNamespaceEd6 is the namespace of ECMA-323 6th edition.
const xmlNamespaceEd6 = "http://www.ecma-international.org/standards/ecma-323/csta/ed6"

// emitXMLFile writes xml.go: the namespace, the helpers the generated XML
// methods share, and XMLMessage.
func (g *generator) emitXMLFile() {
	f := g.file("xml.go", "xml")
	f.ImportName(xmlPkg, "xml")
	f.Comment("XMLNamespace is the namespace AppendXML writes on the root element: ECMA-323")
	f.Comment("3rd edition, which most servers accept. Decoding accepts any namespace (ed2")
	f.Comment("to ed6, Avaya's ed3/privN, none, misspelt hosts): elements are matched by")
	f.Comment("local name; XMLEdition tells which edition a namespace names.")
	f.Const().Id("XMLNamespace").Op("=").Lit(xmlNamespaceDefault)

	f.Comment("XMLNamespaceEd6 is the namespace of ECMA-323 6th edition: AppendXMLNS writes")
	f.Comment("the element names of ed6 where they differ from ed3 (SetLampMode, Profiles)")
	f.Comment("when ns names ed6 or a later edition.")
	f.Const().Id("XMLNamespaceEd6").Op("=").Lit(xmlNamespaceEd6)

	f.Comment("XMLEdition returns the ECMA-323 edition (2 to 9) that the namespace ns names,")
	f.Comment("with or without a vendor suffix (ed3/priv4) and with the misspelt host")
	f.Comment("ecmainternational.org or the old ecma.ch, or 0 when it names none.")
	f.Func().Id("XMLEdition").Params(jen.Id("ns").Index().Byte()).Int().Block(
		jen.Return(jen.Id("xmlEditionOf").Call(jen.Id("ns"))))
	f.Comment("xmlEditionOf is XMLEdition of a namespace held in a string or in bytes.")
	f.Func().Id("xmlEditionOf").Types(jen.Id("S").String().Op("|").Index().Byte()).Params(jen.Id("s").Id("S")).Int().Block(
		jen.For(jen.List(jen.Id("_"), jen.Id("host")).Op(":=").Range().Index().String().Values(
			jen.Lit("http://www.ecma-international.org/standards/ecma-323/csta/ed"),
			jen.Lit("http://www.ecmainternational.org/standards/ecma-323/csta/ed"),
			jen.Lit("http://www.ecma.ch/standards/ecma-323/csta/ed"),
		)).Block(
			jen.If(jen.Len(jen.Id("s")).Op(">").Len(jen.Id("host")).Op("&&").String().Call(jen.Id("s").Index(jen.Empty(), jen.Len(jen.Id("host")))).Op("==").Id("host")).Block(
				jen.Id("c").Op(":=").Id("s").Index(jen.Len(jen.Id("host"))),
				jen.If(jen.Id("c").Op(">=").LitRune('2').Op("&&").Id("c").Op("<=").LitRune('9').Op("&&").Parens(
					jen.Len(jen.Id("s")).Op("==").Len(jen.Id("host")).Op("+").Lit(1).Op("||").Id("s").Index(jen.Len(jen.Id("host")).Op("+").Lit(1)).Op("==").LitRune('/'))).Block(
					jen.Return(jen.Int().Call(jen.Id("c").Op("-").LitRune('0')))),
			),
		),
		jen.Return(jen.Lit(0)),
	)
	f.Comment("xmlEdition is xml.Ed6 when the namespace ns names ECMA-323 ed6 or a later")
	f.Comment("edition, else xml.Ed3.")
	f.Func().Id("xmlEdition").Params(jen.Id("ns").String()).Add(xmlQ("Edition")).Block(
		jen.If(jen.Id("ns").Op("!=").Lit("").Op("&&").Id("xmlEditionOf").Call(jen.Id("ns")).Op(">=").Lit(6)).Block(
			jen.Return(xmlQ("Ed6"))),
		jen.Return(xmlQ("Ed3")))
	f.Comment("xmlEdName is ed3, or ed6 in the edition xml.Ed6: the element name of a")
	f.Comment("component that the editions spell differently.")
	f.Func().Id("xmlEdName").Params(jen.Id("ed").Add(xmlQ("Edition")), jen.List(jen.Id("ed3"), jen.Id("ed6")).String()).String().Block(
		jen.If(jen.Id("ed").Op("==").Add(xmlQ("Ed6"))).Block(jen.Return(jen.Id("ed6"))),
		jen.Return(jen.Id("ed3")))

	f.Comment("xmlElem is implemented by every generated type (pointer receivers).")
	f.Type().Id("xmlElem").Interface(
		jen.Id("AppendXMLElem").Params(jen.Index().Byte(), jen.String(), jen.String(), xmlQ("Edition")).Params(jen.Index().Byte(), jen.Error()),
		jen.Id("DecodeXMLElem").Params(jen.Op("*").Add(xmlQ("Reader"))).Error(),
	)
	f.Comment("xmlFielder is implemented by SEQUENCE and SET types: their children alone.")
	f.Type().Id("xmlFielder").Interface(
		jen.Id("appendXMLContent").Params(jen.Index().Byte(), xmlQ("Edition")).Params(jen.Index().Byte(), jen.Error()),
		jen.Id("decodeXMLFields").Params(jen.Op("*").Add(xmlQ("Reader")), jen.Op("*").Index().Byte()).Error(),
	)
	f.Comment("xmlTexter is implemented by ENUMERATED and named INTEGER types.")
	f.Type().Id("xmlTexter").Interface(jen.Id("appendXMLText").Params(jen.Index().Byte()).Index().Byte())

	f.Comment("xmlOpen appends \"<name\", with xmlns=\"ns\" when ns is not empty.")
	f.Func().Id("xmlOpen").Params(jen.Id("dst").Index().Byte(), jen.List(jen.Id("name"), jen.Id("ns")).String()).Index().Byte().Block(
		jen.Id("dst").Op("=").Append(jen.Id("dst"), jen.LitRune('<')),
		jen.Id("dst").Op("=").Append(jen.Id("dst"), jen.Id("name").Op("...")),
		jen.If(jen.Id("ns").Op("!=").Lit("")).Block(jen.Id("dst").Op("=").Add(xmlQ("AppendAttr")).Call(jen.Id("dst"), jen.Lit("xmlns"), jen.Id("ns"))),
		jen.Return(jen.Id("dst")),
	)
	f.Comment("xmlClose ends the element whose start tag ended at dst[n-1] ('>'): as an")
	f.Comment("empty-element tag when nothing followed it, else with an end tag.")
	f.Func().Id("xmlClose").Params(jen.Id("dst").Index().Byte(), jen.Id("n").Int(), jen.Id("name").String()).Index().Byte().Block(
		jen.If(jen.Len(jen.Id("dst")).Op("==").Id("n")).Block(jen.Return(jen.Append(jen.Id("dst").Index(jen.Empty(), jen.Id("n").Op("-").Lit(1)), jen.Lit("/>").Op("...")))),
		jen.Return(xmlQ("AppendEnd").Call(jen.Id("dst"), jen.Id("name"))),
	)
	text := func(fn string, param jen.Code, body ...jen.Code) {
		params := []jen.Code{jen.Id("dst").Index().Byte(), jen.List(jen.Id("name"), jen.Id("ns")).String()}
		if param != nil {
			params = append(params, param)
		}
		all := []jen.Code{
			jen.Id("dst").Op("=").Append(jen.Id("xmlOpen").Call(jen.Id("dst"), jen.Id("name"), jen.Id("ns")), jen.LitRune('>')),
			jen.Id("n").Op(":=").Len(jen.Id("dst")),
		}
		all = append(all, body...)
		all = append(all, jen.Return(jen.Id("xmlClose").Call(jen.Id("dst"), jen.Id("n"), jen.Id("name"))))
		f.Func().Id(fn).Params(params...).Index().Byte().Block(all...)
	}
	set := func(e jen.Code) jen.Code { return jen.Id("dst").Op("=").Add(e) }
	f.Comment("xmlAppendBool appends <name>true</name> or <name>false</name>.")
	text("xmlAppendBool", jen.Id("v").Bool(), set(jen.Qual("strconv", "AppendBool").Call(jen.Id("dst"), jen.Id("v"))))
	f.Comment("xmlAppendInt appends an INTEGER in decimal.")
	text("xmlAppendInt", jen.Id("v").Int64(), set(jen.Qual("strconv", "AppendInt").Call(jen.Id("dst"), jen.Id("v"), jen.Lit(10))))
	f.Comment("xmlAppendFloat appends a REAL as an XML Schema double.")
	text("xmlAppendFloat", jen.Id("v").Float64(), set(xmlQ("AppendFloat").Call(jen.Id("dst"), jen.Id("v"))))
	f.Comment("xmlAppendNull appends the empty element of a NULL.")
	text("xmlAppendNull", nil)
	f.Comment("xmlAppendText appends a string or OCTET STRING as text, as it is, or returns")
	f.Comment("the error for octets XML cannot carry (xml.ErrNotText) in a value of the Go")
	f.Comment("type typ.")
	f.Func().Id("xmlAppendText").Params(jen.Id("dst").Index().Byte(), jen.List(jen.Id("typ"), jen.Id("name"), jen.Id("ns")).String(), jen.Id("v").Index().Byte()).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.If(jen.Id("i").Op(":=").Add(xmlQ("CheckText")).Call(jen.Id("v")), jen.Id("i").Op(">=").Lit(0)).Block(
			jen.Return(jen.Id("dst"), xmlQ("NotText").Call(jen.Id("typ"), jen.Id("name"), jen.Id("v"), jen.Id("i")))),
		jen.Id("dst").Op("=").Append(jen.Id("xmlOpen").Call(jen.Id("dst"), jen.Id("name"), jen.Id("ns")), jen.LitRune('>')),
		jen.Id("n").Op(":=").Len(jen.Id("dst")),
		jen.Id("dst").Op("=").Add(xmlQ("AppendText")).Call(jen.Id("dst"), jen.Id("v")),
		jen.Return(jen.Id("xmlClose").Call(jen.Id("dst"), jen.Id("n"), jen.Id("name")), jen.Nil()),
	)
	f.Comment("xmlAppendDigits appends the decimal digits of a big INTEGER, text always.")
	text("xmlAppendDigits", jen.Id("v").Index().Byte(), set(xmlQ("AppendText").Call(jen.Id("dst"), jen.Id("v"))))
	f.Comment("xmlAppendHex appends an open type (a BER encoding) or a hexBinary OCTET STRING")
	f.Comment("in hexadecimal.")
	text("xmlAppendHex", jen.Id("v").Index().Byte(), set(xmlQ("AppendHex").Call(jen.Id("dst"), jen.Id("v"))))
	f.Comment("xmlAppendOID appends an OBJECT IDENTIFIER in dotted form.")
	text("xmlAppendOID", jen.Id("v").Index().Uint32(), set(xmlQ("AppendOID").Call(jen.Id("dst"), jen.Id("v"))))
	f.Comment("xmlAppendTexter appends an ENUMERATED or named INTEGER by its text.")
	text("xmlAppendTexter", jen.Id("v").Id("xmlTexter"), set(jen.Id("v").Dot("appendXMLText").Call(jen.Id("dst"))))
	f.Comment("xmlAppendBitString appends a BIT STRING without named bits as 0 and 1 digits.")
	text("xmlAppendBitString", jen.Id("v").Qual(berPkg, "BitString"),
		jen.Id("bits").Op(":=").Len(jen.Id("v").Dot("Bytes")).Op("*").Lit(8).Op("-").Id("v").Dot("Unused"),
		jen.For(jen.Id("i").Op(":=").Lit(0), jen.Id("i").Op("<").Id("bits"), jen.Id("i").Op("++")).Block(
			jen.Id("dst").Op("=").Append(jen.Id("dst"), jen.LitRune('0').Op("+").Id("v").Dot("Bytes").Index(jen.Id("i").Op("/").Lit(8)).Op(">>").Parens(jen.Lit(7).Op("-").Id("i").Op("%").Lit(8)).Op("&").Lit(1)),
		))
	f.Comment("xmlParseBits parses 0 and 1 digits into a BIT STRING kept in r's arena.")
	f.Func().Id("xmlParseBits").Params(jen.Id("r").Op("*").Add(xmlQ("Reader")), jen.Id("t").Index().Byte()).Params(jen.Qual(berPkg, "BitString"), jen.Bool()).Block(
		jen.Id("b").Op(":=").Id("r").Dot("Scratch").Call(),
		jen.For(jen.List(jen.Id("i"), jen.Id("c")).Op(":=").Range().Id("t")).Block(
			jen.If(jen.Id("c").Op("!=").LitRune('0').Op("&&").Id("c").Op("!=").LitRune('1')).Block(jen.Return(jen.Qual(berPkg, "BitString").Values(), jen.False())),
			jen.If(jen.Id("i").Op("%").Lit(8).Op("==").Lit(0)).Block(jen.Id("b").Op("=").Append(jen.Id("b"), jen.Lit(0))),
			jen.Id("b").Index(jen.Id("i").Op("/").Lit(8)).Op("|=").Parens(jen.Id("c").Op("-").LitRune('0')).Op("<<").Parens(jen.Lit(7).Op("-").Id("i").Op("%").Lit(8)),
		),
		jen.Id("r").Dot("SetScratch").Call(jen.Id("b")),
		jen.Return(jen.Qual(berPkg, "BitString").Values(jen.Dict{
			jen.Id("Bytes"):  jen.Id("r").Dot("Bytes").Call(jen.Id("b")),
			jen.Id("Unused"): jen.Parens(jen.Lit(8).Op("-").Len(jen.Id("t")).Op("%").Lit(8)).Op("%").Lit(8),
		}), jen.True()),
	)
	f.Comment("xmlMode says which components appendXMLField writes.")
	f.Type().Id("xmlMode").Uint8()
	f.Const().Defs(
		jen.Comment("xmlPlain: the components the value has, DEFAULT values left out."),
		jen.Id("xmlPlain").Id("xmlMode").Op("=").Lit(0),
		jen.Comment("xmlListed: a component the decoded document had (xml.Extra.Order), a"),
		jen.Comment("DEFAULT value too."),
		jen.Id("xmlListed").Id("xmlMode").Op("=").Lit(1),
		jen.Comment("xmlUnlisted: a component the document had not, when the value has it"),
		jen.Comment("(never a mandatory one, which the document lacked)."),
		jen.Id("xmlUnlisted").Id("xmlMode").Op("=").Lit(2),
	)
	f.Comment("xmlFieldAppender is a structure or CHOICE whose children can be written one")
	f.Comment("by one, in the order an xml.Extra gives.")
	f.Type().Id("xmlFieldAppender").Interface(
		jen.Id("appendXMLField").Params(jen.Id("dst").Index().Byte(), jen.Id("k").Int(), jen.Id("mode").Id("xmlMode"), jen.Id("ed").Add(xmlQ("Edition"))).Params(jen.Index().Byte(), jen.Error()))
	f.Comment("xmlAppendFields appends the n components of v in their order, in the")
	f.Comment("edition ed.")
	f.Func().Id("xmlAppendFields").Params(jen.Id("dst").Index().Byte(), jen.Id("v").Id("xmlFieldAppender"), jen.Id("n").Int(), jen.Id("ed").Add(xmlQ("Edition"))).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Var().Id("err").Error(),
		jen.For(jen.Id("k").Op(":=").Lit(0), jen.Id("k").Op("<").Id("n"), jen.Id("k").Op("++")).Block(
			jen.If(jen.List(jen.Id("dst"), jen.Err()).Op("=").Id("v").Dot("appendXMLField").Call(jen.Id("dst"), jen.Id("k"), jen.Id("xmlPlain"), jen.Id("ed")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("dst"), jen.Err()))),
		jen.Return(jen.Id("dst"), jen.Nil()),
	)
	f.Comment("xmlAppendOrdered appends the children of v, which has n components, as x")
	f.Comment("says: those x.Order lists in its order (unknown ones verbatim), then the")
	f.Comment("components v has that x does not list, then unknown children x does not list;")
	f.Comment("in the edition ed.")
	f.Func().Id("xmlAppendOrdered").Params(jen.Id("dst").Index().Byte(), jen.Id("x").Op("*").Add(xmlQ("Extra")), jen.Id("v").Id("xmlFieldAppender"), jen.Id("n").Int(), jen.Id("ed").Add(xmlQ("Edition"))).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Var().Id("err").Error(),
		jen.For(jen.List(jen.Id("_"), jen.Id("k")).Op(":=").Range().Id("x").Dot("Order")).Block(
			jen.If(jen.Id("k").Op("<").Lit(0)).Block(
				jen.If(jen.Id("j").Op(":=").Lit(-1).Op("-").Int().Call(jen.Id("k")), jen.Id("j").Op("<").Len(jen.Id("x").Dot("Unknown"))).Block(
					jen.Id("dst").Op("=").Append(jen.Id("dst"), jen.Id("x").Dot("Unknown").Index(jen.Id("j")).Op("..."))),
				jen.Continue()),
			jen.If(jen.List(jen.Id("dst"), jen.Err()).Op("=").Id("v").Dot("appendXMLField").Call(jen.Id("dst"), jen.Int().Call(jen.Id("k")), jen.Id("xmlListed"), jen.Id("ed")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("dst"), jen.Err())),
		),
		jen.For(jen.Id("k").Op(":=").Lit(0), jen.Id("k").Op("<").Id("n"), jen.Id("k").Op("++")).Block(
			jen.If(jen.Op("!").Id("x").Dot("Lists").Call(jen.Id("k"))).Block(
				jen.If(jen.List(jen.Id("dst"), jen.Err()).Op("=").Id("v").Dot("appendXMLField").Call(jen.Id("dst"), jen.Id("k"), jen.Id("xmlUnlisted"), jen.Id("ed")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("dst"), jen.Err())))),
		jen.For(jen.Id("j").Op(":=").Range().Id("x").Dot("Unknown")).Block(
			jen.If(jen.Op("!").Id("x").Dot("Lists").Call(jen.Lit(-1).Op("-").Id("j"))).Block(
				jen.Id("dst").Op("=").Append(jen.Id("dst"), jen.Id("x").Dot("Unknown").Index(jen.Id("j")).Op("...")))),
		jen.Return(jen.Id("dst"), jen.Nil()),
	)
	f.Comment("xmlAppendChildren appends the children of v, which has n components: as x")
	f.Comment("keeps them when the document had another order or unknown children")
	f.Comment("(xmlAppendOrdered), else in ASN.1 order; in the edition ed.")
	f.Func().Id("xmlAppendChildren").Params(jen.Id("dst").Index().Byte(), jen.Id("x").Op("*").Add(xmlQ("Extra")), jen.Id("v").Id("xmlFieldAppender"), jen.Id("n").Int(), jen.Id("ed").Add(xmlQ("Edition"))).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.If(jen.Len(jen.Id("x").Dot("Order")).Op("!=").Lit(0).Op("||").Len(jen.Id("x").Dot("Unknown")).Op("!=").Lit(0)).Block(
			jen.Return(jen.Id("xmlAppendOrdered").Call(jen.Id("dst"), jen.Id("x"), jen.Id("v"), jen.Id("n"), jen.Id("ed")))),
		jen.Return(jen.Id("xmlAppendFields").Call(jen.Id("dst"), jen.Id("v"), jen.Id("n"), jen.Id("ed"))),
	)
	f.Comment("xmlAppendStruct appends the element name (in namespace ns) of a SEQUENCE or")
	f.Comment("SET v with n components, whose document's departures x keeps, in the")
	f.Comment("edition ed.")
	f.Func().Id("xmlAppendStruct").Params(jen.Id("dst").Index().Byte(), jen.List(jen.Id("name"), jen.Id("ns")).String(), jen.Id("x").Op("*").Add(xmlQ("Extra")), jen.Id("v").Id("xmlFieldAppender"), jen.Id("n").Int(), jen.Id("ed").Add(xmlQ("Edition"))).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Id("dst").Op("=").Append(jen.Id("xmlOpen").Call(jen.Id("dst"), jen.Id("name"), jen.Id("ns")), jen.LitRune('>')),
		jen.Id("start").Op(":=").Len(jen.Id("dst")),
		jen.List(jen.Id("dst"), jen.Err()).Op(":=").Id("xmlAppendChildren").Call(jen.Id("dst"), jen.Id("x"), jen.Id("v"), jen.Id("n"), jen.Id("ed")),
		ifErr(jen.Return(jen.Id("dst"), jen.Err())),
		jen.Return(jen.Id("xmlClose").Call(jen.Id("dst"), jen.Id("start"), jen.Id("name")), jen.Nil()),
	)
	f.Comment("xmlAltAppender is a CHOICE: appendXMLAlt writes its chosen alternative's")
	f.Comment("element, and the other children the document it was decoded from had.")
	f.Type().Id("xmlAltAppender").Interface(jen.Id("appendXMLAlt").Params(jen.Index().Byte(), xmlQ("Edition")).Params(jen.Index().Byte(), jen.Error()))
	f.Comment("xmlAppendChoice appends the element name (in namespace ns) of the CHOICE v,")
	f.Comment("in the edition ed.")
	f.Func().Id("xmlAppendChoice").Params(jen.Id("dst").Index().Byte(), jen.List(jen.Id("name"), jen.Id("ns")).String(), jen.Id("v").Id("xmlAltAppender"), jen.Id("ed").Add(xmlQ("Edition"))).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Id("dst").Op("=").Append(jen.Id("xmlOpen").Call(jen.Id("dst"), jen.Id("name"), jen.Id("ns")), jen.LitRune('>')),
		jen.Id("start").Op(":=").Len(jen.Id("dst")),
		jen.List(jen.Id("dst"), jen.Err()).Op(":=").Id("v").Dot("appendXMLAlt").Call(jen.Id("dst"), jen.Id("ed")),
		ifErr(jen.Return(jen.Id("dst"), jen.Err())),
		jen.Return(jen.Id("xmlClose").Call(jen.Id("dst"), jen.Id("start"), jen.Id("name")), jen.Nil()),
	)
	f.Comment("xmlAltDecoder is a CHOICE whose selector has type C: decodeXMLAlt reads an")
	f.Comment("alternative's element, choose selects an alternative and empties the others.")
	f.Type().Id("xmlAltDecoder").Types(jen.Id("C").Any()).Interface(
		jen.Id("decodeXMLAlt").Params(jen.Op("*").Add(xmlQ("Reader")), jen.Index().Byte()).Params(jen.Int(), jen.Error()),
		jen.Id("choose").Params(jen.Id("C")),
	)
	f.Comment("xmlDecodeChoice reads the children of the element of the CHOICE v, whose")
	f.Comment("start tag was just read, through its end tag; choice is v's selector, x its")
	f.Comment("xml.Extra. An alternative whose element is no valid value is kept in x")
	f.Comment("(the choice as it was before), as are unknown children; typ names v's type")
	f.Comment("in errors.")
	f.Func().Id("xmlDecodeChoice").Types(jen.Id("C").Op("~").Uint8()).Params(jen.Id("r").Op("*").Add(xmlQ("Reader")), jen.Id("x").Op("*").Add(xmlQ("Extra")), jen.Id("choice").Op("*").Id("C"), jen.Id("v").Id("xmlAltDecoder").Types(jen.Id("C")), jen.Id("typ").String()).Error().Block(
		jen.Var().Id("c").Add(xmlQ("Children")),
		jen.Id("c").Dot("Begin").Call(jen.Id("x")),
		jen.For().Block(append(childLoopHead(),
			jen.Id("prev").Op(":=").Op("*").Id("choice"),
			jen.List(jen.Id("k"), jen.Err()).Op(":=").Id("v").Dot("decodeXMLAlt").Call(jen.Id("r"), jen.Id("name").Dot("Local")),
			jen.If(jen.Err().Op("!=").Nil()).Block(
				jen.Id("v").Dot("choose").Call(jen.Id("prev")),
				jen.If(jen.Err().Op(":=").Id("c").Dot("Keep").Call(jen.Id("r"), jen.Id("m"), jen.Err()), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
				jen.Continue()),
			jen.If(jen.Id("k").Op("<").Lit(0)).Block(
				jen.If(jen.Err().Op(":=").Id("c").Dot("Unknown").Call(jen.Id("r"), jen.Id("typ")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
				jen.Continue()),
			jen.Id("c").Dot("Field").Call(jen.Id("k")),
		)...),
	)
	f.Comment("xmlAppendIn appends the element name holding v as the element child (the")
	f.Comment("in directive: <oldDeviceID><numberDialed>...</numberDialed></oldDeviceID>),")
	f.Comment("in the edition ed.")
	f.Func().Id("xmlAppendIn").Params(jen.Id("dst").Index().Byte(), jen.List(jen.Id("name"), jen.Id("child")).String(), jen.Id("v").Id("xmlElem"), jen.Id("ed").Add(xmlQ("Edition"))).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.List(jen.Id("dst"), jen.Err()).Op(":=").Id("v").Dot("AppendXMLElem").Call(xmlQ("AppendStart").Call(jen.Id("dst"), jen.Id("name")), jen.Id("child"), jen.Lit(""), jen.Id("ed")),
		ifErr(jen.Return(jen.Id("dst"), jen.Err())),
		jen.Return(xmlQ("AppendEnd").Call(jen.Id("dst"), jen.Id("name")), jen.Nil()),
	)
	f.Comment("xmlDecodeIn decodes into v, of type typ, the element whose start tag was just")
	f.Comment("read: its child element child, as xmlAppendIn writes it, or the element")
	f.Comment("itself. Another child element (another alternative of the schema's CHOICE)")
	f.Comment("is no value of v: a *xml.ValueError, which the parent keeps verbatim.")
	f.Func().Id("xmlDecodeIn").Params(jen.Id("r").Op("*").Add(xmlQ("Reader")), jen.Id("child").String(), jen.Id("v").Id("xmlElem"), jen.Id("typ").String()).Error().Block(
		jen.List(jen.Id("in"), jen.Err()).Op(":=").Id("r").Dot("EnterItem").Call(jen.Id("child")),
		ifErr(jen.Return(jen.Err())),
		jen.If(jen.Op("!").Id("in")).Block(
			jen.If(jen.List(jen.Id("t"), jen.Err()).Op(":=").Id("r").Dot("Dec").Dot("Peek").Call(), jen.Err().Op("==").Nil().Op("&&").Id("t").Dot("Kind").Op("==").Add(xmlQ("StartElement"))).Block(
				jen.Return(xmlQ("Unknown").Call(jen.Id("r"), jen.Id("typ")))),
			jen.Return(jen.Id("v").Dot("DecodeXMLElem").Call(jen.Id("r")))),
		jen.If(jen.Err().Op(":=").Id("v").Dot("DecodeXMLElem").Call(jen.Id("r")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Return(jen.Id("r").Dot("LeaveList").Call(jen.Id("typ"))),
	)
	f.Comment("xmlChildDecoder is a structure whose children decodeXMLChild reads one by one.")
	f.Type().Id("xmlChildDecoder").Interface(
		jen.Id("decodeXMLChild").Params(jen.Id("r").Op("*").Add(xmlQ("Reader")), jen.Id("name").Index().Byte()).Params(jen.Int(), jen.Bool(), jen.Error()))
	f.Comment("xmlDecodeChildren reads the child elements of the element of v (of type typ),")
	f.Comment("whose start tag was just read, through its end tag, recording in c and x what")
	f.Comment("the document has beyond v's components: a child that is no valid value is kept")
	f.Comment("verbatim, as are unknown children; text in place of the children makes the")
	f.Comment("element no valid value (a *xml.ValueError). When xref is not nil it receives the text")
	f.Comment("of a monitorCrossRefID child that is no component (events).")
	f.Func().Id("xmlDecodeChildren").Params(jen.Id("r").Op("*").Add(xmlQ("Reader")), jen.Id("c").Op("*").Add(xmlQ("Children")), jen.Id("x").Op("*").Add(xmlQ("Extra")), jen.Id("v").Id("xmlChildDecoder"), jen.Id("xref").Op("*").Index().Byte(), jen.Id("typ").String()).Error().Block(
		jen.Id("c").Dot("Begin").Call(jen.Id("x")),
		jen.For().Block(append(childLoopHead(),
			jen.List(jen.Id("k"), jen.Id("def"), jen.Err()).Op(":=").Id("v").Dot("decodeXMLChild").Call(jen.Id("r"), jen.Id("name").Dot("Local")),
			jen.Switch().Block(
				jen.Case(jen.Id("k").Op(">=").Lit(0).Op("&&").Err().Op("!=").Nil()).Block(
					jen.If(jen.Err().Op(":=").Id("c").Dot("Keep").Call(jen.Id("r"), jen.Id("m"), jen.Err()), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))),
				jen.Case(jen.Id("k").Op(">=").Lit(0).Op("&&").Id("def")).Block(jen.Id("c").Dot("Listed").Call(jen.Id("k"))),
				jen.Case(jen.Id("k").Op(">=").Lit(0)).Block(jen.Id("c").Dot("Field").Call(jen.Id("k"))),
				jen.Case(jen.Id("xref").Op("!=").Nil().Op("&&").String().Call(jen.Id("name").Dot("Local")).Op("==").Lit("monitorCrossRefID")).Block(
					jen.List(jen.Id("t"), jen.Err()).Op(":=").Id("r").Dot("Text").Call(),
					ifErr(jen.Return(jen.Err())),
					jen.Op("*").Id("xref").Op("=").Id("t")),
				jen.Default().Block(
					jen.If(jen.Err().Op(":=").Id("c").Dot("Unknown").Call(jen.Id("r"), jen.Id("typ")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))),
			),
		)...),
	)
	f.Comment("xmlDecodeRoot reads the root element of r's document into v and checks that")
	f.Comment("nothing but white space, comments and processing instructions follows.")
	f.Func().Id("xmlDecodeRoot").Params(jen.Id("r").Op("*").Add(xmlQ("Reader")), jen.Id("v").Id("xmlElem")).Error().Block(
		jen.List(jen.Id("_"), jen.Id("ok"), jen.Err()).Op(":=").Id("r").Dot("Dec").Dot("ReadStart").Call(),
		ifErr(jen.Return(jen.Err())),
		jen.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.Id("r").Dot("Detach").Call(xmlQ("Missing").Call(jen.Id("r"), jen.Lit("document"), jen.Lit("root element"))))),
		jen.If(jen.Err().Op(":=").Id("v").Dot("DecodeXMLElem").Call(jen.Id("r")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("r").Dot("Detach").Call(jen.Err()))),
		jen.Return(jen.Id("xmlEnd").Call(jen.Id("r"))),
	)
	f.Comment("xmlDecodeDoc decodes the document src into v with a pooled Reader.")
	f.Func().Id("xmlDecodeDoc").Params(jen.Id("src").Index().Byte(), jen.Id("v").Id("xmlElem")).Error().Block(
		jen.Id("r").Op(":=").Add(xmlQ("GetReader")).Call(jen.Id("src")),
		jen.Err().Op(":=").Id("xmlDecodeRoot").Call(jen.Id("r"), jen.Id("v")),
		xmlQ("PutReader").Call(jen.Id("r"), jen.True()),
		jen.Return(jen.Err()),
	)
	if g.usesXMLOptional {
		g.emitXMLDecodeOptional(f)
	}
	f.Comment("xmlAppendDoc appends v as a document with the root element root in namespace")
	f.Comment("ns, in the edition ns names.")
	f.Func().Id("xmlAppendDoc").Params(jen.Id("dst").Index().Byte(), jen.Id("v").Id("xmlElem"), jen.List(jen.Id("root"), jen.Id("ns")).String()).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Return(jen.Id("v").Dot("AppendXMLElem").Call(jen.Add(xmlQ("AppendDeclaration")).Call(jen.Id("dst")), jen.Id("root"), jen.Id("ns"), jen.Id("xmlEdition").Call(jen.Id("ns")))))
	f.Comment("xmlEnd checks that the document ends after its root element.")
	f.Func().Id("xmlEnd").Params(jen.Id("r").Op("*").Add(xmlQ("Reader"))).Error().Block(
		jen.List(jen.Id("_"), jen.Id("ok"), jen.Err()).Op(":=").Id("r").Dot("Dec").Dot("ReadStart").Call(),
		ifErr(jen.Return(jen.Err())),
		jen.If(jen.Id("ok")).Block(jen.Return(jen.Op("&").Add(xmlQ("SyntaxError")).Values(jen.Dict{
			jen.Id("Offset"): jen.Id("r").Dot("Offset").Call(), jen.Id("Msg"): jen.Lit("second root element"), jen.Id("Err"): xmlQ("ErrSyntax")}))),
		jen.Return(jen.Nil()),
	)
	g.emitXMLMessage(f)
}

// emitXMLDecodeOptional writes xmlDecodeOptional, which decodeXMLChild calls
// for an OPTIONAL component held by a pointer.
func (g *generator) emitXMLDecodeOptional(f *jen.File) {
	f.Comment("xmlDecodeOptional decodes the element whose start tag r has just read into the")
	f.Comment("OPTIONAL component *field, reusing the value *keep holds from an earlier")
	f.Comment("decoding (a new one is charged to r's decode budget first). An element that")
	f.Comment("is no valid value leaves the component absent (the element is kept in the")
	f.Comment("parent's xml.Extra).")
	f.Func().Id("xmlDecodeOptional").Types(jen.Id("T").Any(), jen.Id("P").Interface(jen.Op("*").Id("T"), jen.Id("xmlElem"))).Params(
		jen.Id("r").Op("*").Add(xmlQ("Reader")), jen.List(jen.Id("field"), jen.Id("keep")).Op("**").Id("T")).Error().Block(
		jen.If(jen.Op("*").Id("keep").Op("==").Nil()).Block(
			jen.Id("r").Dot("Charge").Call(jen.Int().Call(jen.Qual("unsafe", "Sizeof").Call(jen.Op("**").Id("keep"))))),
		jen.Err().Op(":=").Id("P").Call(jen.Id("useKept").Call(jen.Id("field"), jen.Id("keep"))).Dot("DecodeXMLElem").Call(jen.Id("r")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Op("*").Id("field").Op("=").Nil()),
		jen.Return(jen.Err()),
	)
}

// childLoopHead is the head of the loops over an element's children
// (xmlDecodeChildren, xmlDecodeChoice): the next start tag, name, or the end
// of the element, and m, the mark to keep the child from.
func childLoopHead() []jen.Code {
	return []jen.Code{
		jen.List(jen.Id("name"), jen.Id("ok"), jen.Err()).Op(":=").Id("r").Dot("Dec").Dot("ReadStartOrText").Call(),
		ifErr(jen.Return(jen.Id("r").Dot("ContentError").Call(jen.Err(), jen.Id("typ")))),
		jen.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.Nil())),
		jen.Id("m").Op(":=").Id("r").Dot("Mark").Call(),
	}
}

package gen

import (
	"github.com/cstagen/cstagen/asn1"
	"github.com/dave/jennifer/jen"
)

// emitXMLMessage writes XMLMessage: a whole CSTA-XML message decoded by its
// root element into the typed value the operation and event tables name,
// and encoded back.
func (g *generator) emitXMLMessage(f *jen.File) {
	var failure *goType
	for _, e := range g.model.Errors {
		if e.Name == "universalFailure" && e.Parameter != nil && e.Parameter.Ref != nil {
			failure = g.byDef[e.Parameter.Ref]
		}
	}

	f.Comment("XMLKind says what a CSTA-XML message is.")
	f.Type().Id("XMLKind").Uint8()
	f.Const().Defs(
		jen.Comment("XMLNone is the zero XMLKind: no message."),
		jen.Id("XMLNone").Id("XMLKind").Op("=").Iota(),
		jen.Comment("XMLRequest is an operation's request: root <MakeCall>, Value the argument."),
		jen.Id("XMLRequest"),
		jen.Comment("XMLResponse is a positive response: root <MakeCallResponse>, Value the result."),
		jen.Id("XMLResponse"),
		jen.Comment("XMLEvent is an event: root <DeliveredEvent>, Value the event, CrossRefID"),
		jen.Comment("its monitorCrossRefID."),
		jen.Id("XMLEvent"),
		jen.Comment("XMLError is a negative response: root <CSTAErrorCode>, Value the"),
		jen.Comment("UniversalFailure."),
		jen.Id("XMLError"),
		jen.Comment("XMLDocument is a message of its own, one of XMLDocuments (the ECMA-354"),
		jen.Comment("application-session messages): Document says which, Value the message."),
		jen.Id("XMLDocument"),
		jen.Comment("XMLUnknown is a well-formed document this package has no type for (a"),
		jen.Comment("vendor's own message, a SOAP envelope), or, unless Strict is set, one"),
		jen.Comment("whose root content is no valid value of its type: Raw holds it verbatim."),
		jen.Id("XMLUnknown"),
	)

	// Root names, by operation and event index.
	var opRoots, resRoots, evRoots []jen.Code
	cases := map[string]jen.Code{}
	var order []string
	add := func(name string, kind string, k int) {
		if _, dup := cases[name]; dup {
			return
		}
		order = append(order, name)
		cases[name] = jen.Case(jen.Lit(name)).Block(jen.Return(jen.Id(kind), jen.Lit(k)))
	}
	// The root elements the schema gives are written; the ones derived from
	// the ASN.1 names are read as well.
	for k, op := range g.model.Operations {
		opRoots = append(opRoots, jen.Lit(g.xmlOpRoot(op.Name)))
		resRoots = append(resRoots, jen.Lit(g.xmlOpRoot(op.Name)+"Response"))
		add(g.xmlOpRoot(op.Name), "XMLRequest", k)
		add(g.xmlOpRoot(op.Name)+"Response", "XMLResponse", k)
	}
	for k, op := range g.model.Operations {
		add(upperFirst(op.Name), "XMLRequest", k)
		add(upperFirst(op.Name)+"Response", "XMLResponse", k)
	}
	for k, e := range g.model.Events {
		root := e.TypeName()
		if r, ok := g.xmlo.event[root]; ok {
			root = r
		}
		evRoots = append(evRoots, jen.Lit(root))
		add(root, "XMLEvent", k)
	}
	for k, e := range g.model.Events {
		add(e.TypeName(), "XMLEvent", k)
	}
	if failure != nil {
		add("CSTAErrorCode", "XMLError", 0)
	}
	var docs []jen.Code
	for k, d := range g.xmlo.docs {
		gt := g.byDef[d.def]
		if gt == nil {
			g.errorf("xml: document %s has no Go type", d.def.Name)
			continue
		}
		add(d.def.Name, "XMLDocument", k)
		docs = append(docs, jen.Values(jen.Dict{
			jen.Id("Root"):      jen.Lit(d.def.Name),
			jen.Id("Namespace"): jen.Lit(d.ns),
			jen.Id("New"):       jen.Func().Params().Id("Message").Block(jen.Return(jen.New(jen.Id(gt.name)))),
		}))
	}
	f.Comment("XMLDocumentType is a CSTA-XML message of its own: not an operation's")
	f.Comment("request or response, nor an event (the ECMA-354 application-session messages).")
	f.Type().Id("XMLDocumentType").Struct(
		jen.Comment("Root is the root element: the ASN.1 type's name."),
		jen.Id("Root").String(),
		jen.Comment("Namespace is the namespace AppendXML writes when XMLMessage.Namespace is empty."),
		jen.Id("Namespace").String(),
		jen.Comment("New returns a new value of the message's type."),
		jen.Id("New").Func().Params().Id("Message"),
	)
	f.Comment("XMLDocuments lists the messages of their own XMLMessage recognises, from the")
	f.Comment("document directives of the CSTA-XML overrides.")
	f.Var().Id("XMLDocuments").Op("=").Index().Id("XMLDocumentType").Values(docs...)
	var sw []jen.Code
	for _, n := range order {
		sw = append(sw, cases[n])
	}
	f.Comment("xmlOpRoots and xmlResRoots are the request and response root elements of")
	f.Comment("the operations, by index in Operations; xmlEventRoots those of Events.")
	f.Var().Id("xmlOpRoots").Op("=").Index().String().Values(opRoots...)
	f.Var().Id("xmlResRoots").Op("=").Index().String().Values(resRoots...)
	f.Var().Id("xmlEventRoots").Op("=").Index().String().Values(evRoots...)
	f.Comment("xmlRoot returns the kind of message a root element names and the index of")
	f.Comment("its operation or event.")
	f.Func().Id("xmlRoot").Params(jen.Id("local").Index().Byte()).Params(jen.Id("XMLKind"), jen.Int()).Block(
		jen.Switch(jen.String().Call(jen.Id("local"))).Block(sw...),
		jen.Return(jen.Id("XMLNone"), jen.Lit(-1)),
	)

	f.Comment("XMLMessage is one CSTA-XML (ECMA-323) message: a request, positive response,")
	f.Comment("event or negative response, recognised by its root element and decoded into")
	f.Comment("the typed value the tables name (the same Go types as BER). There is no")
	f.Comment("ROSE envelope in CSTA-XML: correlation is the transport's (the invoke ID of")
	f.Comment("the TCP header, the SIP transaction). The ECMA-354 application-session messages")
	f.Comment("(StartApplicationSession, ...) are XMLDocument messages; any other well-formed")
	f.Comment("document is an XMLUnknown one, kept verbatim.")
	f.Comment("")
	f.Comment("An XMLMessage is meant to be reused: it keeps one value per operation and")
	f.Comment("event and its own xml.Reader, so after the first message of each kind")
	f.Comment("decoding allocates nothing. Decoded text shares memory with src or the")
	f.Comment("message's reader: it is valid until the next DecodeXML and while src is")
	f.Comment("unchanged.")
	f.Type().Id("XMLMessage").Struct(
		jen.Comment("Kind says what the message is."),
		jen.Id("Kind").Id("XMLKind"),
		jen.Comment("Namespace is the root element's namespace name as read (references"),
		jen.Comment("decoded); when encoding, empty means XMLNamespace."),
		jen.Id("Namespace").Index().Byte(),
		jen.Comment("RootAttrs holds the root element's other attributes as read (such as"),
		jen.Comment("xsi:schemaLocation), with the declarations of their prefixes; AppendXML"),
		jen.Comment("writes them back."),
		jen.Id("RootAttrs").Index().Byte(),
		jen.Comment("Operation is the operation of a request or response, else nil."),
		jen.Id("Operation").Op("*").Id("Operation"),
		jen.Comment("Event is the event type of an event, else nil."),
		jen.Id("Event").Op("*").Id("Event"),
		jen.Comment("CrossRefID is an event's monitorCrossRefID."),
		jen.Id("CrossRefID").Index().Byte(),
		jen.Comment("Document is the message type of an XMLDocument, else nil."),
		jen.Id("Document").Op("*").Id("XMLDocumentType"),
		jen.Comment("Value is the argument, result, event, UniversalFailure or document; nil"),
		jen.Comment("for an operation without argument or result type."),
		jen.Id("Value").Id("Message"),
		jen.Comment("Raw is the root element of an XMLUnknown message, verbatim (it declares"),
		jen.Comment("the namespace prefixes it uses); AppendXML writes it as it is."),
		jen.Id("Raw").Index().Byte(),
		jen.Comment("Strict makes DecodeXML reject what it otherwise keeps: unknown root"),
		jen.Comment("elements (xml.ErrUnknownMessage), and unknown children, invalid values"),
		jen.Comment("and absent mandatory elements, which decoding keeps in the values'"),
		jen.Comment("xml.Extra (see xml.Reader.Strict)."),
		jen.Id("Strict").Bool(),
		jen.Line(),
		jen.Id("root").Index().Byte().Comment("root element's local name as read"),
		jen.Id("index").Int().Comment("index of Operation or Event in its table"),
		jen.Id("ns").String().Comment("Namespace as a string, kept to write it without allocating"),
		jen.Id("nsBuf").Index().Byte().Comment("Namespace when its declaration needed decoding"),
		jen.Id("reader").Op("*").Add(xmlQ("Reader")),
		jen.Id("values").Index().Id("Message").Comment("reused values, per operation, event and kind"),
	)
	f.Comment("value returns the reused value for slot, making it with mk on first use.")
	f.Func().Params(jen.Id("m").Op("*").Id("XMLMessage")).Id("value").Params(jen.Id("slot").Int(), jen.Id("mk").Func().Params().Id("Message")).Id("Message").Block(
		jen.If(jen.Id("m").Dot("values").Op("==").Nil()).Block(
			jen.Id("m").Dot("values").Op("=").Make(jen.Index().Id("Message"), jen.Lit(2).Op("*").Len(jen.Id("Operations")).Op("+").Len(jen.Id("Events")).Op("+").Lit(1).Op("+").Len(jen.Id("XMLDocuments")))),
		jen.If(jen.Id("m").Dot("values").Index(jen.Id("slot")).Op("==").Nil()).Block(
			jen.Id("m").Dot("values").Index(jen.Id("slot")).Op("=").Id("mk").Call()),
		jen.Return(jen.Id("m").Dot("values").Index(jen.Id("slot"))),
	)

	decodeInto := func(v jen.Code) []jen.Code {
		return []jen.Code{
			jen.Id("m").Dot("Value").Op("=").Add(v),
			jen.If(jen.Err().Op(":=").Id("m").Dot("Value").Assert(jen.Id("xmlElem")).Dot("DecodeXMLElem").Call(jen.Id("r")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		}
	}
	skip := jen.If(jen.Err().Op(":=").Id("r").Dot("Dec").Dot("SkipElement").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
	errCase := []jen.Code{jen.Return(xmlQ("UnknownMessage").Call(jen.Id("r"), jen.Lit("XMLMessage"), jen.Id("name").Dot("Local")))}
	var failCase []jen.Code
	if failure != nil {
		failCase = decodeInto(jen.Id("m").Dot("value").Call(jen.Lit(2).Op("*").Len(jen.Id("Operations")).Op("+").Len(jen.Id("Events")), jen.Func().Params().Id("Message").Block(jen.Return(jen.New(jen.Id(failure.name))))))
	} else {
		failCase = errCase
	}
	f.Comment("DecodeXML decodes the CSTA-XML document src: an ECMA-285 request, response,")
	f.Comment("event or error, or one of XMLDocuments, by its root element in any namespace.")
	f.Comment("What a document has beyond the schema is kept in the values' xml.Extra; a")
	f.Comment("root element that names no message, or whose content is no valid value of")
	f.Comment("its type, gives an XMLUnknown message holding the document verbatim. With")
	f.Comment("Strict these are errors (wrapping xml.ErrUnknownMessage, or an")
	f.Comment("*xml.ValueError). Malformed XML is an *xml.SyntaxError with the byte offset.")
	f.Func().Params(jen.Id("m").Op("*").Id("XMLMessage")).Id("DecodeXML").Params(jen.Id("src").Index().Byte()).Error().Block(
		jen.If(jen.Err().Op(":=").Id("m").Dot("decode").Call(jen.Id("src")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Id("m").Dot("reader").Dot("Detach").Call(jen.Err()))),
		jen.Return(jen.Nil()),
	)
	f.Comment("decode is DecodeXML, but for detaching the error from the reader.")
	f.Func().Params(jen.Id("m").Op("*").Id("XMLMessage")).Id("decode").Params(jen.Id("src").Index().Byte()).Error().Block(
		jen.If(jen.Id("m").Dot("reader").Op("==").Nil()).Block(jen.Id("m").Dot("reader").Op("=").Add(xmlQ("NewReader")).Call(jen.Nil())),
		jen.Id("r").Op(":=").Id("m").Dot("reader"),
		jen.Id("r").Dot("Reset").Call(jen.Id("src")),
		jen.Id("r").Dot("Strict").Op("=").Id("m").Dot("Strict"),
		jen.List(jen.Id("m").Dot("Kind"), jen.Id("m").Dot("Namespace"), jen.Id("m").Dot("Operation"), jen.Id("m").Dot("Event"), jen.Id("m").Dot("CrossRefID"), jen.Id("m").Dot("Value")).Op("=").
			List(jen.Id("XMLNone"), jen.Nil(), jen.Nil(), jen.Nil(), jen.Nil(), jen.Nil()),
		jen.List(jen.Id("m").Dot("Document"), jen.Id("m").Dot("Raw"), jen.Id("m").Dot("root")).Op("=").List(jen.Nil(), jen.Nil(), jen.Nil()),
		jen.List(jen.Id("name"), jen.Id("ok"), jen.Err()).Op(":=").Id("r").Dot("Dec").Dot("ReadStart").Call(),
		ifErr(jen.Return(jen.Err())),
		jen.If(jen.Op("!").Id("ok")).Block(jen.Return(xmlQ("Missing").Call(jen.Id("r"), jen.Lit("XMLMessage"), jen.Lit("root element")))),
		jen.Id("m").Dot("root").Op("=").Id("name").Dot("Local"),
		jen.Id("m").Dot("Namespace").Op("=").Id("r").Dot("Dec").Dot("NSValue").Call(jen.Op("&").Id("m").Dot("nsBuf")),
		jen.Id("m").Dot("RootAttrs").Op("=").Nil(),
		jen.If(jen.Id("r").Dot("Dec").Dot("AttrCount").Call().Op(">").Lit(0)).Block(jen.Id("m").Dot("RootAttrs").Op("=").Id("r").Dot("Attrs").Call()),
		jen.Id("mark").Op(":=").Id("r").Dot("Mark").Call(),
		jen.List(jen.Id("kind"), jen.Id("k")).Op(":=").Id("xmlRoot").Call(jen.Id("name").Dot("Local")),
		jen.List(jen.Id("m").Dot("Kind"), jen.Id("m").Dot("index")).Op("=").List(jen.Id("kind"), jen.Id("k")),
		jen.If(jen.Err().Op(":=").Id("m").Dot("decodeRoot").Call(jen.Id("r"), jen.Id("kind"), jen.Id("k"), jen.Id("name")), jen.Err().Op("!=").Nil()).Block(
			jen.If(jen.List(jen.Id("_"), jen.Id("ok")).Op(":=").Err().Assert(jen.Op("*").Add(xmlQ("ValueError"))), jen.Id("m").Dot("Strict").Op("||").Op("!").Id("ok")).Block(jen.Return(jen.Err())),
			jen.List(jen.Id("raw"), jen.Err()).Op(":=").Id("r").Dot("RawFrom").Call(jen.Id("mark")),
			ifErr(jen.Return(jen.Err())),
			jen.List(jen.Id("m").Dot("Kind"), jen.Id("m").Dot("Operation"), jen.Id("m").Dot("Event"), jen.Id("m").Dot("Document"), jen.Id("m").Dot("Value")).Op("=").
				List(jen.Id("XMLUnknown"), jen.Nil(), jen.Nil(), jen.Nil(), jen.Nil()),
			jen.List(jen.Id("m").Dot("CrossRefID"), jen.Id("m").Dot("RootAttrs"), jen.Id("m").Dot("Raw")).Op("=").List(jen.Nil(), jen.Nil(), jen.Id("raw")),
		),
		jen.Return(jen.Id("xmlEnd").Call(jen.Id("r"))),
	)
	f.Comment("decodeRoot decodes the content of the root element, whose start tag was")
	f.Comment("just read, as a message of kind and table index k.")
	f.Func().Params(jen.Id("m").Op("*").Id("XMLMessage")).Id("decodeRoot").Params(jen.Id("r").Op("*").Add(xmlQ("Reader")), jen.Id("kind").Id("XMLKind"), jen.Id("k").Int(), jen.Id("name").Add(xmlQ("QName"))).Error().Block(
		jen.Switch(jen.Id("kind")).Block(
			jen.Case(jen.Id("XMLRequest")).Block(
				jen.Id("m").Dot("Operation").Op("=").Op("&").Id("Operations").Index(jen.Id("k")),
				jen.If(jen.Id("m").Dot("Operation").Dot("NewArgument").Op("==").Nil()).Block(skip).Else().Block(
					decodeInto(jen.Id("m").Dot("value").Call(jen.Lit(2).Op("*").Id("k"), jen.Id("m").Dot("Operation").Dot("NewArgument")))...),
			),
			jen.Case(jen.Id("XMLResponse")).Block(
				jen.Id("m").Dot("Operation").Op("=").Op("&").Id("Operations").Index(jen.Id("k")),
				jen.If(jen.Id("m").Dot("Operation").Dot("NewResult").Op("==").Nil()).Block(skip).Else().Block(
					decodeInto(jen.Id("m").Dot("value").Call(jen.Lit(2).Op("*").Id("k").Op("+").Lit(1), jen.Id("m").Dot("Operation").Dot("NewResult")))...),
			),
			jen.Case(jen.Id("XMLEvent")).Block(
				jen.Id("m").Dot("Event").Op("=").Op("&").Id("Events").Index(jen.Id("k")),
				jen.Id("m").Dot("Value").Op("=").Id("m").Dot("value").Call(jen.Lit(2).Op("*").Len(jen.Id("Operations")).Op("+").Id("k"), jen.Id("m").Dot("Event").Dot("New")),
				jen.If(jen.List(jen.Id("fv"), jen.Id("ok")).Op(":=").Id("m").Dot("Value").Assert(jen.Id("xmlFielder")), jen.Id("ok")).Block(
					jen.If(jen.Err().Op(":=").Id("fv").Dot("decodeXMLFields").Call(jen.Id("r"), jen.Op("&").Id("m").Dot("CrossRefID")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
				).Else().If(jen.Err().Op(":=").Id("m").Dot("Value").Assert(jen.Id("xmlElem")).Dot("DecodeXMLElem").Call(jen.Id("r")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			),
			jen.Case(jen.Id("XMLError")).Block(failCase...),
			jen.Case(jen.Id("XMLDocument")).Block(append([]jen.Code{
				jen.Id("m").Dot("Document").Op("=").Op("&").Id("XMLDocuments").Index(jen.Id("k"))},
				decodeInto(jen.Id("m").Dot("value").Call(jen.Lit(2).Op("*").Len(jen.Id("Operations")).Op("+").Len(jen.Id("Events")).Op("+").Lit(1).Op("+").Id("k"), jen.Id("m").Dot("Document").Dot("New")))...)...),
			jen.Default().Block(errCase...),
		),
		jen.Return(jen.Nil()),
	)

	f.Comment("RootName returns the root element of the message (MakeCall, MakeCallResponse,")
	f.Comment("DeliveredEvent, CSTAErrorCode, StartApplicationSession), the root element as")
	f.Comment("read for XMLUnknown, or \"\" for XMLNone.")
	f.Func().Params(jen.Id("m").Op("*").Id("XMLMessage")).Id("RootName").Params().String().Block(
		jen.Switch(jen.Id("m").Dot("Kind")).Block(
			jen.Case(jen.Id("XMLRequest")).Block(jen.Return(jen.Id("xmlOpRoots").Index(jen.Id("m").Dot("index")))),
			jen.Case(jen.Id("XMLResponse")).Block(jen.Return(jen.Id("xmlResRoots").Index(jen.Id("m").Dot("index")))),
			jen.Case(jen.Id("XMLEvent")).Block(jen.Return(jen.Id("xmlEventRoots").Index(jen.Id("m").Dot("index")))),
			jen.Case(jen.Id("XMLError")).Block(jen.Return(jen.Lit("CSTAErrorCode"))),
			jen.Case(jen.Id("XMLDocument")).Block(jen.If(jen.Id("m").Dot("Document").Op("!=").Nil()).Block(jen.Return(jen.Id("m").Dot("Document").Dot("Root")))),
			jen.Case(jen.Id("XMLUnknown")).Block(jen.Return(jen.String().Call(jen.Id("m").Dot("root")))),
		),
		jen.Return(jen.Lit("")),
	)

	f.Comment("AppendXML appends the message to dst as a CSTA-XML document, in Namespace")
	f.Comment("(when empty: XMLNamespace, or the Document's namespace). An event starts with")
	f.Comment("its monitorCrossRefID. An XMLUnknown message is Raw, as it is.")
	f.Func().Params(jen.Id("m").Op("*").Id("XMLMessage")).Id("AppendXML").Params(jen.Id("dst").Index().Byte()).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Id("ns").Op(":=").Id("XMLNamespace"),
		jen.If(jen.Id("m").Dot("Kind").Op("==").Id("XMLDocument").Op("&&").Id("m").Dot("Document").Op("!=").Nil()).Block(jen.Id("ns").Op("=").Id("m").Dot("Document").Dot("Namespace")),
		jen.If(jen.Len(jen.Id("m").Dot("Namespace")).Op(">").Lit(0)).Block(
			jen.If(jen.String().Call(jen.Id("m").Dot("Namespace")).Op("!=").Id("m").Dot("ns")).Block(jen.Id("m").Dot("ns").Op("=").String().Call(jen.Id("m").Dot("Namespace"))),
			jen.Id("ns").Op("=").Id("m").Dot("ns")),
		jen.Return(jen.Id("m").Dot("AppendXMLNS").Call(jen.Id("dst"), jen.Id("ns"))),
	)
	f.Comment("AppendXMLNS is AppendXML in the namespace ns (\"\" for none), whatever Namespace says.")
	f.Func().Params(jen.Id("m").Op("*").Id("XMLMessage")).Id("AppendXMLNS").Params(jen.Id("dst").Index().Byte(), jen.Id("ns").String()).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.If(jen.Id("m").Dot("Kind").Op("==").Id("XMLUnknown")).Block(
			jen.If(jen.Len(jen.Id("m").Dot("Raw")).Op("==").Lit(0)).Block(jen.Return(jen.Id("dst"), xmlQ("Unencodable").Call(jen.Lit("XMLMessage"), jen.Lit("unknown message without Raw")))),
			jen.Return(jen.Append(xmlQ("AppendDeclaration").Call(jen.Id("dst")), jen.Id("m").Dot("Raw").Op("...")), jen.Nil())),
		jen.Id("root").Op(":=").Id("m").Dot("RootName").Call(),
		jen.If(jen.Id("root").Op("==").Lit("")).Block(jen.Return(jen.Id("dst"), xmlQ("Unencodable").Call(jen.Lit("XMLMessage"), jen.Lit("no message kind")))),
		jen.Id("dst").Op("=").Add(xmlQ("AppendDeclaration")).Call(jen.Id("dst")),
		jen.Id("ed").Op(":=").Id("xmlEdition").Call(jen.Id("ns")),
		jen.If(jen.Id("m").Dot("Kind").Op("==").Id("XMLEvent")).Block(
			jen.List(jen.Id("fv"), jen.Id("ok")).Op(":=").Id("m").Dot("Value").Assert(jen.Id("xmlFielder")),
			jen.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.Id("dst"), xmlQ("Unencodable").Call(jen.Lit("XMLMessage"), jen.Lit("event value")))),
			jen.Id("dst").Op("=").Append(jen.Append(jen.Id("xmlOpen").Call(jen.Id("dst"), jen.Id("root"), jen.Id("ns")), jen.Id("m").Dot("RootAttrs").Op("...")), jen.LitRune('>')),
			jen.If(jen.Id("i").Op(":=").Add(xmlQ("CheckText")).Call(jen.Id("m").Dot("CrossRefID")), jen.Id("i").Op(">=").Lit(0)).Block(
				jen.Return(jen.Id("dst"), xmlQ("NotText").Call(jen.Lit("XMLMessage"), jen.Lit("monitorCrossRefID"), jen.Id("m").Dot("CrossRefID"), jen.Id("i")))),
			jen.Id("dst").Op("=").Add(xmlQ("AppendElement")).Call(jen.Id("dst"), jen.Lit("monitorCrossRefID"), jen.Id("m").Dot("CrossRefID")),
			jen.List(jen.Id("dst"), jen.Err()).Op(":=").Id("fv").Dot("appendXMLContent").Call(jen.Id("dst"), jen.Id("ed")),
			ifErr(jen.Return(jen.Id("dst"), jen.Err())),
			jen.Return(xmlQ("AppendEnd").Call(jen.Id("dst"), jen.Id("root")), jen.Nil()),
		),
		jen.If(jen.Id("m").Dot("Value").Op("==").Nil()).Block(
			jen.Id("dst").Op("=").Append(jen.Append(jen.Id("xmlOpen").Call(jen.Id("dst"), jen.Id("root"), jen.Id("ns")), jen.Id("m").Dot("RootAttrs").Op("...")), jen.LitRune('>')),
			jen.Return(jen.Id("xmlClose").Call(jen.Id("dst"), jen.Len(jen.Id("dst")), jen.Id("root")), jen.Nil())),
		jen.List(jen.Id("ev"), jen.Id("ok")).Op(":=").Id("m").Dot("Value").Assert(jen.Id("xmlElem")),
		jen.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.Id("dst"), xmlQ("Unencodable").Call(jen.Lit("XMLMessage"), jen.Lit("value")))),
		jen.If(jen.Len(jen.Id("m").Dot("RootAttrs")).Op("==").Lit(0)).Block(jen.Return(jen.Id("ev").Dot("AppendXMLElem").Call(jen.Id("dst"), jen.Id("root"), jen.Id("ns"), jen.Id("ed")))),
		jen.Comment("Write the element, then move the root's attributes into its start tag."),
		jen.Id("start").Op(":=").Len(jen.Id("dst")),
		jen.List(jen.Id("dst"), jen.Err()).Op(":=").Id("ev").Dot("AppendXMLElem").Call(jen.Id("dst"), jen.Id("root"), jen.Id("ns"), jen.Id("ed")),
		ifErr(jen.Return(jen.Id("dst"), jen.Err())),
		jen.Return(jen.Id("xmlInsertAttrs").Call(jen.Id("dst"), jen.Id("start"), jen.Id("m").Dot("RootAttrs")), jen.Nil()),
	)

	f.Comment("SetRequest makes m a request of op with argument arg (nil for none).")
	f.Func().Params(jen.Id("m").Op("*").Id("XMLMessage")).Id("SetRequest").Params(jen.Id("op").Op("*").Id("Operation"), jen.Id("arg").Id("Message")).Block(
		jen.Id("m").Dot("set").Call(jen.Id("XMLRequest"), jen.Id("operationIndex").Call(jen.Id("op").Dot("Code")), jen.Id("arg")),
		jen.Id("m").Dot("Operation").Op("=").Id("op"))
	f.Comment("SetResponse makes m a positive response of op with result res (nil for none).")
	f.Func().Params(jen.Id("m").Op("*").Id("XMLMessage")).Id("SetResponse").Params(jen.Id("op").Op("*").Id("Operation"), jen.Id("res").Id("Message")).Block(
		jen.Id("m").Dot("set").Call(jen.Id("XMLResponse"), jen.Id("operationIndex").Call(jen.Id("op").Dot("Code")), jen.Id("res")),
		jen.Id("m").Dot("Operation").Op("=").Id("op"))
	f.Comment("SetEvent makes m the event Events[k] with monitorCrossRefID xref and value v.")
	f.Func().Params(jen.Id("m").Op("*").Id("XMLMessage")).Id("SetEvent").Params(jen.Id("k").Int(), jen.Id("xref").Index().Byte(), jen.Id("v").Id("Message")).Block(
		jen.Id("m").Dot("set").Call(jen.Id("XMLEvent"), jen.Id("k"), jen.Id("v")),
		jen.List(jen.Id("m").Dot("Event"), jen.Id("m").Dot("CrossRefID")).Op("=").List(jen.Op("&").Id("Events").Index(jen.Id("k")), jen.Id("xref")))
	if failure != nil {
		f.Comment("SetError makes m a negative response carrying f.")
		f.Func().Params(jen.Id("m").Op("*").Id("XMLMessage")).Id("SetError").Params(jen.Id("f").Op("*").Id(failure.name)).Block(
			jen.Id("m").Dot("set").Call(jen.Id("XMLError"), jen.Lit(0), jen.Id("f")))
	}
	f.Comment("SetDocument makes m the message of its own d (one of XMLDocuments) with value v.")
	f.Func().Params(jen.Id("m").Op("*").Id("XMLMessage")).Id("SetDocument").Params(jen.Id("d").Op("*").Id("XMLDocumentType"), jen.Id("v").Id("Message")).Block(
		jen.Id("m").Dot("set").Call(jen.Id("XMLDocument"), jen.Lit(0), jen.Id("v")),
		jen.Id("m").Dot("Document").Op("=").Id("d"))
	f.Func().Params(jen.Id("m").Op("*").Id("XMLMessage")).Id("set").Params(jen.Id("kind").Id("XMLKind"), jen.Id("k").Int(), jen.Id("v").Id("Message")).Block(
		jen.List(jen.Id("m").Dot("Kind"), jen.Id("m").Dot("index"), jen.Id("m").Dot("Value")).Op("=").List(jen.Id("kind"), jen.Id("k"), jen.Id("v")),
		jen.List(jen.Id("m").Dot("Operation"), jen.Id("m").Dot("Event"), jen.Id("m").Dot("CrossRefID"), jen.Id("m").Dot("RootAttrs")).Op("=").List(jen.Nil(), jen.Nil(), jen.Nil(), jen.Nil()),
		jen.List(jen.Id("m").Dot("Document"), jen.Id("m").Dot("Raw"), jen.Id("m").Dot("root")).Op("=").List(jen.Nil(), jen.Nil(), jen.Nil()),
	)
	f.Comment("xmlInsertAttrs inserts attrs into the start tag that begins at dst[start],")
	f.Comment("before its '>' or '/>'.")
	f.Func().Id("xmlInsertAttrs").Params(jen.Id("dst").Index().Byte(), jen.Id("start").Int(), jen.Id("attrs").Index().Byte()).Index().Byte().Block(
		jen.Id("i").Op(":=").Id("start"),
		jen.For(jen.Id("i").Op("<").Len(jen.Id("dst")).Op("&&").Id("dst").Index(jen.Id("i")).Op("!=").LitRune('>')).Block(jen.Id("i").Op("++")),
		jen.If(jen.Id("i").Op(">").Id("start").Op("&&").Id("dst").Index(jen.Id("i").Op("-").Lit(1)).Op("==").LitRune('/')).Block(jen.Id("i").Op("--")),
		jen.Id("n").Op(":=").Len(jen.Id("dst")),
		jen.Id("dst").Op("=").Append(jen.Id("dst"), jen.Id("attrs").Op("...")),
		jen.Copy(jen.Id("dst").Index(jen.Id("i").Op("+").Len(jen.Id("attrs")), jen.Empty()), jen.Id("dst").Index(jen.Id("i"), jen.Id("n"))),
		jen.Copy(jen.Id("dst").Index(jen.Id("i"), jen.Empty()), jen.Id("attrs")),
		jen.Return(jen.Id("dst")),
	)
	clone := func(field string) jen.Code { return jen.Qual("bytes", "Clone").Call(jen.Id("m").Dot(field)) }
	f.Comment("Clone returns a deep copy of m that shares no memory with m or with the")
	f.Comment("document m was decoded from: a message to keep after the next decoding into")
	f.Comment("m, or to send to another goroutine. Operation, Event and Document still point")
	f.Comment("into their tables; Strict is copied. Clone of nil is nil.")
	f.Func().Params(jen.Id("m").Op("*").Id("XMLMessage")).Id("Clone").Params().Op("*").Id("XMLMessage").Block(
		jen.If(jen.Id("m").Op("==").Nil()).Block(jen.Return(jen.Nil())),
		jen.Return(jen.Op("&").Id("XMLMessage").Values(jen.Dict{
			jen.Id("Kind"):       jen.Id("m").Dot("Kind"),
			jen.Id("Namespace"):  clone("Namespace"),
			jen.Id("RootAttrs"):  clone("RootAttrs"),
			jen.Id("Operation"):  jen.Id("m").Dot("Operation"),
			jen.Id("Event"):      jen.Id("m").Dot("Event"),
			jen.Id("CrossRefID"): clone("CrossRefID"),
			jen.Id("Document"):   jen.Id("m").Dot("Document"),
			jen.Id("Value"):      jen.Id("cloneMessage").Call(jen.Id("m").Dot("Value")),
			jen.Id("Raw"):        clone("Raw"),
			jen.Id("Strict"):     jen.Id("m").Dot("Strict"),
			jen.Id("root"):       clone("root"),
			jen.Id("index"):      jen.Id("m").Dot("index"),
		})),
	)
	f.Comment("String returns a readable one-line form of m: the root element, an event's")
	f.Comment("monitorCrossRefID and the value, as \"DeliveredEvent 0x12ab {Connection:...}\";")
	f.Comment("an XMLUnknown message shows its root element and its size.")
	f.Func().Params(jen.Id("m").Op("*").Id("XMLMessage")).Id("String").Params().String().Block(
		jen.Switch().Block(
			jen.Case(jen.Id("m").Op("==").Nil()).Block(jen.Return(jen.Lit("<nil>"))),
			jen.Case(jen.Id("m").Dot("Kind").Op("==").Id("XMLNone")).Block(jen.Return(jen.Lit("<none>"))),
			jen.Case(jen.Id("m").Dot("Kind").Op("==").Id("XMLUnknown")).Block(
				jen.Return(jen.Id("m").Dot("RootName").Call().Op("+").Lit(" (unknown message, ").Op("+").Qual("strconv", "Itoa").Call(jen.Len(jen.Id("m").Dot("Raw"))).Op("+").Lit(" bytes)"))),
		),
		jen.Id("s").Op(":=").Id("m").Dot("RootName").Call(),
		jen.If(jen.Id("m").Dot("Kind").Op("==").Id("XMLEvent")).Block(
			jen.Id("s").Op("+=").Lit(" ").Op("+").Qual(valuePkg, "Octets").Call(jen.Id("m").Dot("CrossRefID"))),
		jen.If(jen.Id("m").Dot("Value").Op("!=").Nil()).Block(
			jen.Id("s").Op("+=").Lit(" ").Op("+").Qual(valuePkg, "Format").Call(jen.Id("m").Dot("Value"))),
		jen.Return(jen.Id("s")),
	)
	_ = asn1.KindNull
}

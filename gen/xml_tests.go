package gen

import (
	"github.com/dave/jennifer/jen"
)

// xmlSafeHook is the first statement of the generated randomBytes and
// randomText: while the XML tests run, strings are text that survives XML
// (printable, no white space at the ends, which readers trim).
func xmlSafeHook() jen.Code {
	return jen.If(jen.Id("xmlSafeRandom")).Block(jen.Return(jen.Id("randomXMLText").Call(jen.Id("r"), jen.Id("n"))))
}

// emitXMLTests adds the CSTA-XML tests to codec_test.go: a random round trip
// for every type and a zero-allocation test for every operation argument
// and result and every event.
func (g *generator) emitXMLTests() {
	f := g.testFile
	if f == nil || g.xmlo == nil {
		return
	}
	f.ImportName(xmlPkg, "xml")
	f.Comment("xmlSafeRandom makes randomBytes and randomText return text that XML keeps.")
	f.Var().Id("xmlSafeRandom").Bool()
	if g.usesNoFormRandom {
		f.Comment("xmlNoFormRandom, by edition, leaves out of random values what that edition")
		f.Comment("of ECMA-323 has no form for (the noform and ed6 flag directives), which")
		f.Comment("encoding in the edition refuses.")
		f.Var().Id("xmlNoFormRandom").Index(jen.Lit(2)).Bool()
	}
	f.Comment("randomXMLText returns n printable ASCII characters other than space.")
	f.Func().Id("randomXMLText").Params(jen.Id("r").Op("*").Qual(randPkg, "Rand"), jen.Id("n").Int()).Index().Byte().Block(
		jen.Id("b").Op(":=").Make(jen.Index().Byte(), jen.Id("n")),
		jen.For(jen.Id("k").Op(":=").Range().Id("b")).Block(jen.Id("b").Index(jen.Id("k")).Op("=").Byte().Call(jen.Lit(33).Op("+").Id("r").Dot("IntN").Call(jen.Lit(94)))),
		jen.Return(jen.Id("b")),
	)
	f.Comment("xmlCodec is the exported XML API of every generated type.")
	f.Type().Id("xmlCodec").Interface(
		jen.Id("AppendXML").Params(jen.Index().Byte()).Params(jen.Index().Byte(), jen.Error()),
		jen.Id("AppendXMLNS").Params(jen.Index().Byte(), jen.String()).Params(jen.Index().Byte(), jen.Error()),
		jen.Id("DecodeXML").Params(jen.Index().Byte()).Error(),
		jen.Id("DecodeXMLFrom").Params(jen.Op("*").Add(xmlQ("Reader"))).Error(),
	)
	f.Comment("TestRoundTripXML checks, for every type and many random values, in ECMA-323")
	f.Comment("ed3 and ed6, that DecodeXML gives back what AppendXMLNS wrote, and that")
	f.Comment("writing it again gives the same document.")
	var noForm, noFormReset []jen.Code
	edVar := jen.Id("_")
	if g.usesNoFormRandom {
		edVar = jen.Id("ed")
		// Values the edition has a form for: it refuses the others.
		noForm = []jen.Code{jen.Id("xmlNoFormRandom").Index(jen.Id("ed")).Op("=").True()}
		noFormReset = []jen.Code{jen.Id("xmlNoFormRandom").Index(jen.Id("ed")).Op("=").False()}
	}
	f.Func().Id("TestRoundTripXML").Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(
		jen.Id("xmlSafeRandom").Op("=").True(),
		jen.Defer().Func().Params().Block(jen.Id("xmlSafeRandom").Op("=").False()).Call(),
		jen.For(jen.List(edVar, jen.Id("ns")).Op(":=").Range().Index().String().Values(xmlQ("Ed3").Op(":").Id("XMLNamespace"), xmlQ("Ed6").Op(":").Id("XMLNamespaceEd6"))).Block(append(append(noForm,
			jen.Id("r").Op(":=").Qual(randPkg, "New").Call(jen.Qual(randPkg, "NewPCG").Call(jen.Lit(9), jen.Lit(10))),
			jen.For(jen.List(jen.Id("_"), jen.Id("tc")).Op(":=").Range().Id("randomTypes")).Block(
				jen.For(jen.Id("k").Op(":=").Lit(0), jen.Id("k").Op("<").Lit(10), jen.Id("k").Op("++")).Block(
					jen.Id("v").Op(":=").Id("tc").Dot("make").Call(jen.Id("r")).Assert(jen.Id("xmlCodec")),
					jen.List(jen.Id("enc"), jen.Err()).Op(":=").Id("v").Dot("AppendXMLNS").Call(jen.Nil(), jen.Id("ns")),
					jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatalf").Call(jen.Lit("%s: AppendXMLNS(%s): %v"), jen.Id("tc").Dot("name"), jen.Id("ns"), jen.Err())),
					jen.Id("w").Op(":=").Qual("reflect", "New").Call(jen.Qual("reflect", "TypeOf").Call(jen.Id("v")).Dot("Elem").Call()).Dot("Interface").Call().Assert(jen.Id("xmlCodec")),
					jen.If(jen.Err().Op(":=").Id("w").Dot("DecodeXML").Call(jen.Id("enc")), jen.Err().Op("!=").Nil()).Block(
						jen.Id("t").Dot("Fatalf").Call(jen.Lit("%s: DecodeXML(%s): %v"), jen.Id("tc").Dot("name"), jen.Id("enc"), jen.Err())),
					jen.If(jen.Id("diff").Op(":=").Qual("github.com/google/go-cmp/cmp", "Diff").Call(jen.Id("v"), jen.Id("w"), jen.Qual("github.com/google/go-cmp/cmp/cmpopts", "EquateEmpty").Call(), jen.Id("ignoreKept")), jen.Id("diff").Op("!=").Lit("")).Block(
						jen.Id("t").Dot("Fatalf").Call(jen.Lit("%s: decoded value differs (-encoded +decoded):\n%s\n%s"), jen.Id("tc").Dot("name"), jen.Id("diff"), jen.Id("enc"))),
					jen.List(jen.Id("again"), jen.Id("_")).Op(":=").Id("w").Dot("AppendXMLNS").Call(jen.Nil(), jen.Id("ns")),
					jen.If(jen.String().Call(jen.Id("again")).Op("!=").String().Call(jen.Id("enc"))).Block(
						jen.Id("t").Dot("Fatalf").Call(jen.Lit("%s: re-encoding differs:\n%s\n%s"), jen.Id("tc").Dot("name"), jen.Id("enc"), jen.Id("again"))),
				),
			)), noFormReset...)...),
	)
	f.Comment("TestZeroAllocsXML checks that, for every operation argument and result and")
	f.Comment("every event and XMLDocument, AppendXML into a buffer with room and DecodeXMLFrom into a")
	f.Comment("reused value with a reused xml.Reader allocate nothing.")
	var zeroNoForm []jen.Code
	if g.usesNoFormRandom {
		// Values that AppendXML, in ed3, has a form for.
		zeroNoForm = []jen.Code{
			jen.Id("xmlNoFormRandom").Index(xmlQ("Ed3")).Op("=").True(),
			jen.Defer().Func().Params().Block(jen.Id("xmlNoFormRandom").Index(xmlQ("Ed3")).Op("=").False()).Call()}
	}
	f.Func().Id("TestZeroAllocsXML").Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(append(append([]jen.Code{
		jen.Id("xmlSafeRandom").Op("=").True(),
		jen.Defer().Func().Params().Block(jen.Id("xmlSafeRandom").Op("=").False()).Call()}, zeroNoForm...),
		jen.Id("r").Op(":=").Qual(randPkg, "New").Call(jen.Qual(randPkg, "NewPCG").Call(jen.Lit(11), jen.Lit(12))),
		jen.Type().Id("filler").Interface(jen.Id("fillRandom").Params(jen.Op("*").Qual(randPkg, "Rand"), jen.Int())),
		jen.Var().Id("makers").Index().Struct(jen.Id("name").String(), jen.Id("mk").Func().Params().Id("Message")),
		jen.For(jen.List(jen.Id("_"), jen.Id("op")).Op(":=").Range().Id("Operations")).Block(
			jen.If(jen.Id("op").Dot("NewArgument").Op("!=").Nil()).Block(jen.Id("makers").Op("=").Append(jen.Id("makers"), jen.Struct(jen.Id("name").String(), jen.Id("mk").Func().Params().Id("Message")).Values(jen.Id("op").Dot("Name").Op("+").Lit(" argument"), jen.Id("op").Dot("NewArgument")))),
			jen.If(jen.Id("op").Dot("NewResult").Op("!=").Nil()).Block(jen.Id("makers").Op("=").Append(jen.Id("makers"), jen.Struct(jen.Id("name").String(), jen.Id("mk").Func().Params().Id("Message")).Values(jen.Id("op").Dot("Name").Op("+").Lit(" result"), jen.Id("op").Dot("NewResult")))),
		),
		jen.For(jen.List(jen.Id("_"), jen.Id("ev")).Op(":=").Range().Id("Events")).Block(
			jen.If(jen.Id("ev").Dot("New").Op("!=").Nil()).Block(jen.Id("makers").Op("=").Append(jen.Id("makers"), jen.Struct(jen.Id("name").String(), jen.Id("mk").Func().Params().Id("Message")).Values(jen.Id("ev").Dot("Type"), jen.Id("ev").Dot("New")))),
		),
		jen.For(jen.List(jen.Id("_"), jen.Id("d")).Op(":=").Range().Id("XMLDocuments")).Block(
			jen.Id("makers").Op("=").Append(jen.Id("makers"), jen.Struct(jen.Id("name").String(), jen.Id("mk").Func().Params().Id("Message")).Values(jen.Id("d").Dot("Root"), jen.Id("d").Dot("New"))),
		),
		jen.Id("rd").Op(":=").Add(xmlQ("NewReader")).Call(jen.Nil()),
		jen.For(jen.List(jen.Id("_"), jen.Id("tc")).Op(":=").Range().Id("makers")).Block(
			jen.Id("v").Op(":=").Id("tc").Dot("mk").Call(),
			jen.List(jen.Id("fv"), jen.Id("ok")).Op(":=").Id("v").Assert(jen.Id("filler")),
			jen.If(jen.Op("!").Id("ok")).Block(jen.Continue().Comment("it holds values of a base package: no random filling")),
			jen.Id("fv").Dot("fillRandom").Call(jen.Id("r"), jen.Lit(0)),
			jen.Id("w").Op(":=").Id("tc").Dot("mk").Call().Assert(jen.Id("xmlCodec")),
			jen.List(jen.Id("enc"), jen.Err()).Op(":=").Id("v").Assert(jen.Id("xmlCodec")).Dot("AppendXML").Call(jen.Nil()),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatalf").Call(jen.Lit("%s: %v"), jen.Id("tc").Dot("name"), jen.Err())),
			jen.Id("buf").Op(":=").Make(jen.Index().Byte(), jen.Lit(0), jen.Len(jen.Id("enc"))),
			jen.Id("rd").Dot("Reset").Call(jen.Id("enc")),
			jen.If(jen.Err().Op(":=").Id("w").Dot("DecodeXMLFrom").Call(jen.Id("rd")), jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatalf").Call(jen.Lit("%s: %v"), jen.Id("tc").Dot("name"), jen.Err())),
			jen.Id("allocs").Op(":=").Qual("testing", "AllocsPerRun").Call(jen.Lit(5), jen.Func().Params().Block(
				jen.List(jen.Id("out"), jen.Err()).Op(":=").Id("v").Assert(jen.Id("xmlCodec")).Dot("AppendXML").Call(jen.Id("buf").Index(jen.Empty(), jen.Lit(0))),
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err())),
				jen.Id("rd").Dot("Reset").Call(jen.Id("out")),
				jen.If(jen.Err().Op(":=").Id("w").Dot("DecodeXMLFrom").Call(jen.Id("rd")), jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err())),
			)),
			jen.If(jen.Id("allocs").Op("!=").Lit(0)).Block(jen.Id("t").Dot("Errorf").Call(jen.Lit("%s: %v allocations per XML encode+decode, want 0"), jen.Id("tc").Dot("name"), jen.Id("allocs"))),
		),
	)...)
}

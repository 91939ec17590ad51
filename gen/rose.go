package gen

import (
	"strings"

	"github.com/cstagen/cstagen/asn1"
	"github.com/dave/jennifer/jen"
)

// rosNames are the Go names of the generated ROSE types the PDU layer uses.
type rosNames struct {
	pdu                            string // the ROS instance type
	invoke, result, rerror, reject string // ROSChoice constants
	resultSeq                      string // ReturnResult.result field type
	code                           string // the Code type
}

// findROS finds the schema's ROSE PDU: a type assignment naming an
// instance of X.880's ROS{} (CSTA-ROSE-PDU in the project's schemas).
func (g *generator) findROS() (*goType, bool) {
	for _, mod := range g.model.Modules {
		for _, d := range mod.Types {
			if d.Type.Ref != nil && strings.HasPrefix(d.Type.Ref.Instance, "ROS{") {
				gt := g.byDef[d.Type.Ref]
				u := d.Type.Underlying()
				if gt == nil || u == nil || u.Kind != asn1.KindChoice {
					continue
				}
				names := map[string]bool{}
				for _, c := range u.Components {
					names[c.Name] = true
				}
				if names["invoke"] && names["returnResult"] && names["returnError"] && names["reject"] {
					return gt, true
				}
			}
		}
	}
	return nil, false
}

// emitPDU writes pdu.go: the PDU type that decodes a whole ROSE APDU and
// its argument, result or error parameter into typed values, using the
// operation and error tables.
func (g *generator) emitPDU() {
	ros, ok := g.findROS()
	if !ok {
		return
	}
	f := g.file("pdu.go", "pdu")
	choice := ros.name + "Choice"
	inv, res, rerr := choice+"Invoke", choice+"ReturnResult", choice+"ReturnError"
	code := "CodeChoiceLocal"

	f.Comment("PDU is one ROSE APDU of the schema's operations (ROS{} of X.880),")
	f.Comment("with the argument of an Invoke, the result of a ReturnResult or the")
	f.Comment("parameter of a ReturnError decoded into its typed value, chosen by the")
	f.Comment("operation or error code through the tables. A PDU is meant to be reused:")
	f.Comment("after the first message of each operation, decoding allocates nothing.")
	f.Comment("")
	f.Comment("Values decoded from src share memory with src: keep src unchanged while")
	f.Comment("the PDU is in use, and copy what must outlive it.")
	f.Type().Id("PDU").Struct(
		jen.Comment("ROSE is the envelope. On decode its open-type fields hold the raw"),
		jen.Comment("encodings; on encode AppendBER fills them from Argument, Result or Error."),
		jen.Id("ROSE").Id(ros.name),
		jen.Comment("Operation is the operation of an Invoke or ReturnResult with a known"),
		jen.Comment("local code, else nil."),
		jen.Id("Operation").Op("*").Id("Operation"),
		jen.Comment("Argument is the typed argument of an Invoke, Result the typed result of"),
		jen.Comment("a ReturnResult, Error the typed parameter of a ReturnError; nil when"),
		jen.Comment("absent or of an unknown operation or error (the raw bytes stay in ROSE)."),
		jen.Id("Argument").Id("Message"),
		jen.Id("Result").Id("Message"),
		jen.Id("Error").Id("Message"),
		jen.Line(),
		jen.Id("values").Index().Id("Message").Comment("reused values, per operation and kind"),
		jen.Id("buf").Index().Byte().Comment("reused buffer for the open type on encode"),
	)

	f.Comment("value returns the reused value for slot, making it with mk on first use.")
	f.Func().Params(jen.Id("p").Op("*").Id("PDU")).Id("value").Params(jen.Id("slot").Int(), jen.Id("mk").Func().Params().Id("Message")).Id("Message").Block(
		jen.If(jen.Id("p").Dot("values").Op("==").Nil()).Block(
			jen.Id("p").Dot("values").Op("=").Make(jen.Index().Id("Message"), jen.Lit(2).Op("*").Len(jen.Id("Operations")).Op("+").Len(jen.Id("Errors")))),
		jen.If(jen.Id("p").Dot("values").Index(jen.Id("slot")).Op("==").Nil()).Block(
			jen.Id("p").Dot("values").Index(jen.Id("slot")).Op("=").Id("mk").Call()),
		jen.Return(jen.Id("p").Dot("values").Index(jen.Id("slot"))),
	)

	f.Comment("DecodeBER decodes src, which must hold exactly one APDU, with the default limits.")
	f.Func().Params(jen.Id("p").Op("*").Id("PDU")).Id("DecodeBER").Params(jen.Id("src").Index().Byte()).Error().Block(
		jen.Return(jen.Id("p").Dot("DecodeBERLimits").Call(jen.Id("src"), jen.Nil())))

	decodeOpen := func(slot jen.Code, mk jen.Code, raw jen.Code, target string, what jen.Code) []jen.Code {
		return []jen.Code{
			jen.Id("m").Op(":=").Id("p").Dot("value").Call(slot, mk),
			jen.If(jen.Err().Op(":=").Id("m").Dot("DecodeBERLimits").Call(raw, jen.Id("lim")), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Qual(berPkg, "WrapField").Call(jen.Qual(berPkg, "Shift").Call(jen.Err(), jen.Qual(berPkg, "OffsetOf").Call(jen.Id("src"), raw)), jen.Lit("PDU"), what))),
			jen.Id("p").Dot(target).Op("=").Id("m"),
		}
	}
	f.Comment("DecodeBERLimits decodes src, which must hold exactly one APDU, within lim")
	f.Comment("(nil means ber.DefaultLimits). An operation or error code that the tables")
	f.Comment("do not know is not an error: its bytes stay in ROSE for the caller.")
	f.Func().Params(jen.Id("p").Op("*").Id("PDU")).Id("DecodeBERLimits").Params(jen.Id("src").Index().Byte(), jen.Id("lim").Op("*").Qual(berPkg, "Limits")).Error().Block(
		jen.List(jen.Id("p").Dot("Operation"), jen.Id("p").Dot("Argument"), jen.Id("p").Dot("Result"), jen.Id("p").Dot("Error")).Op("=").List(jen.Nil(), jen.Nil(), jen.Nil(), jen.Nil()),
		jen.If(jen.Err().Op(":=").Id("p").Dot("ROSE").Dot("DecodeBERLimits").Call(jen.Id("src"), jen.Id("lim")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Switch(jen.Id("p").Dot("ROSE").Dot("Choice")).Block(
			jen.Case(jen.Id(inv)).Block(append([]jen.Code{
				jen.Id("x").Op(":=").Id("p").Dot("ROSE").Dot("Invoke"),
				jen.If(jen.Id("x").Dot("Opcode").Dot("Choice").Op("!=").Id(code)).Block(jen.Return(jen.Nil())),
				jen.Id("k").Op(":=").Id("operationIndex").Call(jen.Id("x").Dot("Opcode").Dot("Local")),
				jen.If(jen.Id("k").Op("<").Lit(0)).Block(jen.Return(jen.Nil())),
				jen.Id("p").Dot("Operation").Op("=").Op("&").Id("Operations").Index(jen.Id("k")),
				jen.If(jen.Op("!").Id("x").Dot("HasArgument").Op("||").Id("p").Dot("Operation").Dot("NewArgument").Op("==").Nil()).Block(jen.Return(jen.Nil())),
			}, decodeOpen(jen.Lit(2).Op("*").Id("k"), jen.Id("p").Dot("Operation").Dot("NewArgument"), jen.Id("x").Dot("Argument"), "Argument", jen.Lit("invoke.argument"))...)...),
			jen.Case(jen.Id(res)).Block(append([]jen.Code{
				jen.Id("x").Op(":=").Id("p").Dot("ROSE").Dot("ReturnResult"),
				jen.If(jen.Id("x").Dot("Result").Op("==").Nil().Op("||").Id("x").Dot("Result").Dot("Opcode").Dot("Choice").Op("!=").Id(code)).Block(jen.Return(jen.Nil())),
				jen.Id("k").Op(":=").Id("operationIndex").Call(jen.Id("x").Dot("Result").Dot("Opcode").Dot("Local")),
				jen.If(jen.Id("k").Op("<").Lit(0)).Block(jen.Return(jen.Nil())),
				jen.Id("p").Dot("Operation").Op("=").Op("&").Id("Operations").Index(jen.Id("k")),
				jen.If(jen.Id("p").Dot("Operation").Dot("NewResult").Op("==").Nil()).Block(jen.Return(jen.Nil())),
			}, decodeOpen(jen.Lit(2).Op("*").Id("k").Op("+").Lit(1), jen.Id("p").Dot("Operation").Dot("NewResult"), jen.Id("x").Dot("Result").Dot("Result"), "Result", jen.Lit("returnResult.result"))...)...),
			jen.Case(jen.Id(rerr)).Block(append([]jen.Code{
				jen.Id("x").Op(":=").Id("p").Dot("ROSE").Dot("ReturnError"),
				jen.If(jen.Op("!").Id("x").Dot("HasParameter").Op("||").Id("x").Dot("Errcode").Dot("Choice").Op("!=").Id(code)).Block(jen.Return(jen.Nil())),
				jen.Id("k").Op(":=").Id("errorIndex").Call(jen.Id("x").Dot("Errcode").Dot("Local")),
				jen.If(jen.Id("k").Op("<").Lit(0).Op("||").Id("Errors").Index(jen.Id("k")).Dot("NewParameter").Op("==").Nil()).Block(jen.Return(jen.Nil())),
			}, decodeOpen(jen.Lit(2).Op("*").Len(jen.Id("Operations")).Op("+").Id("k"), jen.Id("Errors").Index(jen.Id("k")).Dot("NewParameter"), jen.Id("x").Dot("Parameter"), "Error", jen.Lit("returnError.parameter"))...)...),
		),
		jen.Return(jen.Nil()),
	)

	f.Comment("AppendBER appends the BER encoding of the APDU to dst. For an Invoke,")
	f.Comment("ReturnResult or ReturnError whose Argument, Result or Error is set, that")
	f.Comment("value is encoded into the envelope's open type first (into a buffer the")
	f.Comment("PDU reuses, so steady-state encoding allocates nothing).")
	encodeOpen := func(src string, set ...jen.Code) []jen.Code {
		return []jen.Code{
			jen.If(jen.Id("p").Dot(src).Op("!=").Nil()).Block(append([]jen.Code{
				jen.List(jen.Id("b"), jen.Err()).Op(":=").Id("p").Dot(src).Dot("AppendBER").Call(jen.Id("p").Dot("buf").Index(jen.Empty(), jen.Lit(0))),
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("dst"), jen.Err())),
				jen.Id("p").Dot("buf").Op("=").Id("b")}, set...)...,
			),
		}
	}
	inner := func(alt string) *jen.Statement { return jen.Id("p").Dot("ROSE").Dot(alt) }
	guard := func(alt string) jen.Code {
		return jen.If(inner(alt).Op("==").Nil()).Block(jen.Return(jen.Id("dst"), jen.Qual(berPkg, "NoAlternative").Call(jen.Lit(ros.name))))
	}
	f.Comment("An Argument or Result that is not of the operation's type is an error")
	f.Comment("(ErrMistyped), so that a value cannot travel under another operation's code.")
	mistyped := func(is, val, what string) jen.Code {
		return jen.If(jen.Id("p").Dot("Operation").Op("!=").Nil().Op("&&").Id("p").Dot(val).Op("!=").Nil().Op("&&").
			Parens(jen.Id("p").Dot("Operation").Dot(is).Op("==").Nil().Op("||").Op("!").Id("p").Dot("Operation").Dot(is).Call(jen.Id("p").Dot(val)))).Block(
			jen.Return(jen.Id("dst"), jen.Qual("fmt", "Errorf").Call(jen.Lit("%w: %T as the "+what+" of %s"), jen.Id("ErrMistyped"), jen.Id("p").Dot(val), jen.Id("p").Dot("Operation").Dot("Name"))))
	}
	f.Comment("ErrMistyped reports an argument or result of another type than the operation's.")
	f.Var().Id("ErrMistyped").Op("=").Qual("errors", "New").Call(jen.Lit("csta: value of the wrong type for the operation"))
	f.Func().Params(jen.Id("p").Op("*").Id("PDU")).Id("AppendBER").Params(jen.Id("dst").Index().Byte()).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Switch(jen.Id("p").Dot("ROSE").Dot("Choice")).Block(
			jen.Case(jen.Id(inv)).Block(append([]jen.Code{mistyped("isArgument", "Argument", "argument"), guard("Invoke")}, encodeOpen("Argument",
				jen.List(inner("Invoke").Dot("Argument"), inner("Invoke").Dot("HasArgument")).Op("=").List(jen.Id("b"), jen.True()))...)...),
			jen.Case(jen.Id(res)).Block(append([]jen.Code{mistyped("isResult", "Result", "result"), guard("ReturnResult")}, encodeOpen("Result",
				useKept(inner("ReturnResult"), "Result").Dot("Result").Op("=").Id("b"))...)...),
			jen.Case(jen.Id(rerr)).Block(append([]jen.Code{guard("ReturnError")}, encodeOpen("Error",
				jen.List(inner("ReturnError").Dot("Parameter"), inner("ReturnError").Dot("HasParameter")).Op("=").List(jen.Id("b"), jen.True()))...)...),
		),
		jen.Return(jen.Id("p").Dot("ROSE").Dot("AppendBER").Call(jen.Id("dst"))),
	)

	f.Comment("SetInvoke makes p an Invoke of the operation with the local code, with")
	f.Comment("invoke ID id and argument arg (nil for none).")
	f.Func().Params(jen.Id("p").Op("*").Id("PDU")).Id("SetInvoke").Params(jen.Id("id").Int64(), jen.Id("code").Int64(), jen.Id("arg").Id("Message")).Block(
		jen.Id("p").Dot("ROSE").Dot("choose").Call(jen.Id(inv)),
		jen.Id("x").Op(":=").Add(useKept(jen.Id("p").Dot("ROSE"), "Invoke")),
		jen.Op("*").Id("x").Op("=").Id("Invoke").Values(),
		jen.Id("x").Dot("InvokeID").Dot("SetPresent").Call(jen.Id("id")),
		jen.Id("x").Dot("Opcode").Op("=").Id("Code").Values(jen.Dict{jen.Id("Choice"): jen.Id(code), jen.Id("Local"): jen.Id("code")}),
		jen.Id("p").Dot("Operation").Op("=").Id("OperationByCode").Call(jen.Id("code")),
		jen.List(jen.Id("p").Dot("Argument"), jen.Id("p").Dot("Result"), jen.Id("p").Dot("Error")).Op("=").List(jen.Id("arg"), jen.Nil(), jen.Nil()),
	)
	f.Comment("SetResult makes p a ReturnResult for invoke ID id of the operation with")
	f.Comment("the local code, with result res (nil for an empty ReturnResult).")
	f.Func().Params(jen.Id("p").Op("*").Id("PDU")).Id("SetResult").Params(jen.Id("id").Int64(), jen.Id("code").Int64(), jen.Id("res").Id("Message")).Block(
		jen.Id("p").Dot("ROSE").Dot("choose").Call(jen.Id(res)),
		jen.Id("x").Op(":=").Add(useKept(jen.Id("p").Dot("ROSE"), "ReturnResult")),
		jen.Id("x").Dot("InvokeID").Dot("SetPresent").Call(jen.Id("id")),
		jen.Id("x").Dot("Result").Op("=").Nil(),
		jen.If(jen.Id("res").Op("!=").Nil()).Block(
			useKept(jen.Id("x"), "Result").Dot("Opcode").Op("=").Id("Code").Values(jen.Dict{jen.Id("Choice"): jen.Id(code), jen.Id("Local"): jen.Id("code")}),
		),
		jen.Id("p").Dot("Operation").Op("=").Id("OperationByCode").Call(jen.Id("code")),
		jen.List(jen.Id("p").Dot("Argument"), jen.Id("p").Dot("Result"), jen.Id("p").Dot("Error")).Op("=").List(jen.Nil(), jen.Id("res"), jen.Nil()),
	)
	f.Comment("SetRequest makes p an Invoke with invoke ID id of the operation arg belongs to.")
	f.Func().Params(jen.Id("p").Op("*").Id("PDU")).Id("SetRequest").Params(jen.Id("id").Int64(), jen.Id("arg").Id("Request")).Block(
		jen.Id("p").Dot("SetInvoke").Call(jen.Id("id"), jen.Id("arg").Dot("RequestCode").Call(), jen.Id("arg")))
	f.Comment("SetResponse makes p a ReturnResult for invoke ID id of the operation res belongs to.")
	f.Func().Params(jen.Id("p").Op("*").Id("PDU")).Id("SetResponse").Params(jen.Id("id").Int64(), jen.Id("res").Id("Response")).Block(
		jen.Id("p").Dot("SetResult").Call(jen.Id("id"), jen.Id("res").Dot("ResponseCode").Call(), jen.Id("res")))
	f.Comment("InvokeID returns the invoke ID of any APDU, and false when it is absent")
	f.Comment("(a Reject of an unparsable PDU).")
	f.Func().Params(jen.Id("p").Op("*").Id("PDU")).Id("InvokeID").Params().Params(jen.Int64(), jen.Bool()).Block(
		jen.Var().Id("id").Op("*").Id("InvokeID"),
		jen.Switch(jen.Id("p").Dot("ROSE").Dot("Choice")).Block(
			jen.Case(jen.Id(inv)).Block(jen.Id("id").Op("=").Id("p").Dot("ROSE").Dot("GetInvoke").Call().Dot("GetInvokeID").Call()),
			jen.Case(jen.Id(res)).Block(jen.Id("id").Op("=").Id("p").Dot("ROSE").Dot("GetReturnResult").Call().Dot("GetInvokeID").Call()),
			jen.Case(jen.Id(rerr)).Block(jen.Id("id").Op("=").Id("p").Dot("ROSE").Dot("GetReturnError").Call().Dot("GetInvokeID").Call()),
			jen.Case(jen.Id(choice+"Reject")).Block(jen.Id("id").Op("=").Id("p").Dot("ROSE").Dot("GetReject").Call().Dot("GetInvokeID").Call()),
			jen.Default().Block(jen.Return(jen.Lit(0), jen.False())),
		),
		jen.If(jen.Id("id").Op("==").Nil()).Block(jen.Return(jen.Lit(0), jen.False())),
		jen.Return(jen.Id("id").Dot("Present"), jen.Id("id").Dot("Choice").Op("==").Id("InvokeIDChoicePresent")),
	)
	f.Comment("Clone returns a deep copy of p that shares no memory with p or with the")
	f.Comment("input p was decoded from: a PDU to keep after the next decoding into p, or")
	f.Comment("to send to another goroutine. Operation still points into Operations.")
	f.Comment("Clone of nil is nil.")
	f.Func().Params(jen.Id("p").Op("*").Id("PDU")).Id("Clone").Params().Op("*").Id("PDU").Block(
		jen.If(jen.Id("p").Op("==").Nil()).Block(jen.Return(jen.Nil())),
		jen.Return(jen.Op("&").Id("PDU").Values(jen.Dict{
			jen.Id("ROSE"):      jen.Op("*").Id("p").Dot("ROSE").Dot("Clone").Call(),
			jen.Id("Operation"): jen.Id("p").Dot("Operation"),
			jen.Id("Argument"):  jen.Id("cloneMessage").Call(jen.Id("p").Dot("Argument")),
			jen.Id("Result"):    jen.Id("cloneMessage").Call(jen.Id("p").Dot("Result")),
			jen.Id("Error"):     jen.Id("cloneMessage").Call(jen.Id("p").Dot("Error")),
		})),
	)
	f.Comment("String returns a readable one-line form of p: the kind of APDU, its invoke")
	f.Comment("ID, the operation's name and the typed argument, result or error parameter")
	f.Comment("(the envelope when there is none), as \"invoke 3 makeCall {CallingDevice:...}\".")
	f.Func().Params(jen.Id("p").Op("*").Id("PDU")).Id("String").Params().String().Block(
		jen.If(jen.Id("p").Op("==").Nil()).Block(jen.Return(jen.Lit("<nil>"))),
		jen.Id("s").Op(":=").Id("p").Dot("ROSE").Dot("Choice").Dot("String").Call(),
		jen.If(jen.List(jen.Id("id"), jen.Id("ok")).Op(":=").Id("p").Dot("InvokeID").Call(), jen.Id("ok")).Block(
			jen.Id("s").Op("+=").Lit(" ").Op("+").Qual("strconv", "FormatInt").Call(jen.Id("id"), jen.Lit(10))),
		jen.If(jen.Id("p").Dot("Operation").Op("!=").Nil()).Block(
			jen.Id("s").Op("+=").Lit(" ").Op("+").Id("p").Dot("Operation").Dot("Name")),
		jen.For(jen.List(jen.Id("_"), jen.Id("m")).Op(":=").Range().Index().Id("Message").Values(jen.Id("p").Dot("Argument"), jen.Id("p").Dot("Result"), jen.Id("p").Dot("Error"))).Block(
			jen.If(jen.Id("m").Op("!=").Nil()).Block(jen.Return(jen.Id("s").Op("+").Lit(" ").Op("+").Qual(valuePkg, "Format").Call(jen.Id("m"))))),
		jen.Return(jen.Id("s").Op("+").Lit(" ").Op("+").Id("p").Dot("ROSE").Dot("String").Call()),
	)
}

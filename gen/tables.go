package gen

import (
	"fmt"

	"github.com/cstagen/cstagen/asn1"
	"github.com/dave/jennifer/jen"
)

// emitTables writes the operation and event tables (tables.go).
func (g *generator) emitTables() {
	f := g.file("tables.go", "tables")
	f.Comment("Message is implemented by every generated message type (an operation's")
	f.Comment("argument or result, an error's parameter, an event, a PDU; gen/README.md):")
	f.Comment("it encodes itself to BER and decodes itself from BER.")
	f.Type().Id("Message").Interface(
		jen.Id("SizeBER").Params().Int(),
		jen.Id("AppendBER").Params(jen.Id("dst").Index().Byte()).Params(jen.Index().Byte(), jen.Error()),
		jen.Id("DecodeBER").Params(jen.Id("src").Index().Byte()).Error(),
		jen.Id("DecodeBERLimits").Params(jen.Id("src").Index().Byte(), jen.Id("lim").Op("*").Qual(berPkg, "Limits")).Error(),
	)
	f.Comment("cloneMessage returns a deep copy of m (its type's Clone), or nil.")
	f.Func().Id("cloneMessage").Params(jen.Id("m").Id("Message")).Id("Message").Block(
		jen.If(jen.Id("m").Op("==").Nil()).Block(jen.Return(jen.Nil())),
		jen.Return(jen.Qual(valuePkg, "CloneAny").Call(jen.Id("m")).Assert(jen.Id("Message"))),
	)
	if g.usesBERAppend {
		g.emitBERAppend(f)
	}
	if g.usesKept {
		f.Comment("useKept makes the pointer *field present, pointing to the value *keep holds")
		f.Comment("from an earlier decoding, or to a new one it keeps, and returns it: a value")
		f.Comment("decoded again reuses what it allocated before.")
		f.Func().Id("useKept").Types(jen.Id("T").Any()).Params(jen.List(jen.Id("field"), jen.Id("keep")).Op("**").Id("T")).Op("*").Id("T").Block(
			jen.If(jen.Op("*").Id("keep").Op("==").Nil()).Block(jen.Op("*").Id("keep").Op("=").New(jen.Id("T"))),
			jen.Op("*").Id("field").Op("=").Op("*").Id("keep"),
			jen.Return(jen.Op("*").Id("field")),
		)
	}

	f.Comment("Operation describes one ROSE operation of the schema: its local code, its")
	f.Comment("name, and constructors for its argument and result types.")
	f.Type().Id("Operation").Struct(
		jen.Comment("Code is the operation's local code (CODE local: n)."), jen.Id("Code").Int64(),
		jen.Comment("Name is the ASN.1 name of the operation object."), jen.Id("Name").String(),
		jen.Comment("Module is the ASN.1 module that defines it."), jen.Id("Module").String(),
		jen.Comment("Argument and Result are the ASN.1 type names, or \"\" when there is none."), jen.Id("Argument").String(), jen.Id("Result").String(),
		jen.Comment("Errors are the names of the errors the operation reports."), jen.Id("Errors").Index().String(),
		jen.Comment("Responds is ALWAYS RESPONDS: false for operations that never answer (events)."), jen.Id("Responds").Bool(),
		jen.Comment("NewArgument and NewResult return a new value of the argument and result"),
		jen.Comment("types, or are nil when there is none."),
		jen.Id("NewArgument").Func().Params().Id("Message"), jen.Id("NewResult").Func().Params().Id("Message"),
		jen.Line(),
		jen.Id("isArgument").Func().Params(jen.Id("Message")).Bool().Comment("whether a value is of the argument type"),
		jen.Id("isResult").Func().Params(jen.Id("Message")).Bool().Comment("whether a value is of the result type"),
	)
	// Operation and error codes as constants, and the typed requests and
	// responses: an argument or result type used by exactly one operation
	// knows its code.
	var opConsts, errConsts []jen.Code
	argUse, resUse := map[*goType]int{}, map[*goType]int{}
	for _, op := range g.model.Operations {
		if gt := g.refType(op.Argument); gt != nil {
			argUse[gt]++
		}
		if gt := g.refType(op.Result); gt != nil {
			resUse[gt]++
		}
	}
	for _, op := range g.model.Operations {
		name := g.names.claim("Op"+GoName(op.Name), "operation "+op.Name)
		opConsts = append(opConsts, jen.Commentf("%s is the local code of operation %s (%s).", name, op.Name, op.Module.Name), jen.Id(name).Int64().Op("=").Add(num(op.Code)))
		if gt := g.refType(op.Argument); gt != nil && argUse[gt] == 1 && !gt.alias {
			f.Commentf("RequestCode returns %s: %s is the argument of %s alone.", name, gt.name, op.Name)
			f.Func().Params(jen.Op("*").Id(gt.name)).Id("RequestCode").Params().Int64().Block(jen.Return(jen.Id(name)))
		}
		if gt := g.refType(op.Result); gt != nil && resUse[gt] == 1 && !gt.alias {
			f.Commentf("ResponseCode returns %s: %s is the result of %s alone.", name, gt.name, op.Name)
			f.Func().Params(jen.Op("*").Id(gt.name)).Id("ResponseCode").Params().Int64().Block(jen.Return(jen.Id(name)))
		}
	}
	for _, e := range g.model.Errors {
		name := g.names.claim("ErrCode"+GoName(e.Name), "error "+e.Name)
		errConsts = append(errConsts, jen.Commentf("%s is the local code of error %s.", name, e.Name), jen.Id(name).Int64().Op("=").Add(num(e.Code)))
	}
	if len(opConsts) > 0 {
		f.Comment("The local codes of the operations (CODE local: n), named Op and the")
		f.Comment("operation's name.")
		f.Const().Defs(opConsts...)
	}
	if len(errConsts) > 0 {
		f.Comment("The local codes of the errors, named ErrCode and the error's name.")
		f.Const().Defs(errConsts...)
	}
	f.Comment("Request is an operation argument whose type tells the operation: PDU.SetRequest")
	f.Comment("takes the code from it, so that an argument cannot travel under another")
	f.Comment("operation's code.")
	f.Type().Id("Request").Interface(jen.Id("Message"), jen.Comment("RequestCode is the local code of the operation."), jen.Id("RequestCode").Params().Int64())
	f.Comment("Response is an operation result whose type tells the operation (PDU.SetResponse).")
	f.Type().Id("Response").Interface(jen.Id("Message"), jen.Comment("ResponseCode is the local code of the operation."), jen.Id("ResponseCode").Params().Int64())
	var ops []jen.Code
	for _, op := range g.model.Operations {
		d := jen.Dict{
			jen.Id("Code"):     num(op.Code),
			jen.Id("Name"):     jen.Lit(op.Name),
			jen.Id("Module"):   jen.Lit(op.Module.Name),
			jen.Id("Responds"): jen.Lit(op.Responds),
		}
		if n, ctor := g.ctor(op.Argument); ctor != nil {
			d[jen.Id("Argument")] = jen.Lit(n)
			d[jen.Id("NewArgument")] = ctor
			d[jen.Id("isArgument")] = isOf(g.refType(op.Argument))
		}
		if n, ctor := g.ctor(op.Result); ctor != nil {
			d[jen.Id("Result")] = jen.Lit(n)
			d[jen.Id("NewResult")] = ctor
			d[jen.Id("isResult")] = isOf(g.refType(op.Result))
		}
		if len(op.Errors) > 0 {
			var es []jen.Code
			for _, e := range op.Errors {
				es = append(es, jen.Lit(e.Name))
			}
			d[jen.Id("Errors")] = jen.Index().String().Values(es...)
		}
		ops = append(ops, jen.Values(d))
	}
	f.Commentf("Operations lists the %d operations of the schema, sorted by code.", len(g.model.Operations))
	f.Var().Id("Operations").Op("=").Index().Id("Operation").Values(ops...)

	f.Comment("OperationByCode returns the operation with the local code, or nil.")
	f.Func().Id("OperationByCode").Params(jen.Id("code").Int64()).Op("*").Id("Operation").Block(
		jen.If(jen.Id("k").Op(":=").Id("operationIndex").Call(jen.Id("code")), jen.Id("k").Op(">=").Lit(0)).Block(
			jen.Return(jen.Op("&").Id("Operations").Index(jen.Id("k")))),
		jen.Return(jen.Nil()),
	)
	f.Comment("OperationByName returns the operation with the ASN.1 name (makeCall), and")
	f.Comment("false when there is none. Names are compared exactly, as ASN.1 does.")
	f.Func().Id("OperationByName").Params(jen.Id("name").String()).Params(jen.Op("*").Id("Operation"), jen.Bool()).Block(
		jen.For(jen.Id("k").Op(":=").Range().Id("Operations")).Block(
			jen.If(jen.Id("Operations").Index(jen.Id("k")).Dot("Name").Op("==").Id("name")).Block(jen.Return(jen.Op("&").Id("Operations").Index(jen.Id("k")), jen.True()))),
		jen.Return(jen.Nil(), jen.False()),
	)
	g.emitOperationIndex(f)

	f.Comment("Error describes one ROSE error of the schema: its local code, its name")
	f.Comment("and a constructor for its parameter type.")
	f.Type().Id("Error").Struct(
		jen.Comment("Code is the error's local code (CODE local: n)."), jen.Id("Code").Int64(),
		jen.Comment("Name is the ASN.1 name of the error object."), jen.Id("Name").String(),
		jen.Comment("Parameter is the ASN.1 name of the parameter type, or \"\"."), jen.Id("Parameter").String(),
		jen.Comment("NewParameter returns a new value of the parameter type, or is nil."), jen.Id("NewParameter").Func().Params().Id("Message"),
	)
	var errs []jen.Code
	for _, e := range g.model.Errors {
		d := jen.Dict{jen.Id("Code"): num(e.Code), jen.Id("Name"): jen.Lit(e.Name)}
		if n, ctor := g.ctor(e.Parameter); ctor != nil {
			d[jen.Id("Parameter")] = jen.Lit(n)
			d[jen.Id("NewParameter")] = ctor
		}
		errs = append(errs, jen.Values(d))
	}
	f.Commentf("Errors lists the %d errors of the schema, sorted by code.", len(g.model.Errors))
	f.Var().Id("Errors").Op("=").Index().Id("Error").Values(errs...)
	f.Comment("errorIndex returns the index in Errors of the local code, or -1.")
	f.Func().Id("errorIndex").Params(jen.Id("code").Int64()).Int().Block(
		jen.For(jen.List(jen.Id("k"), jen.Id("e")).Op(":=").Range().Id("Errors")).Block(
			jen.If(jen.Id("e").Dot("Code").Op("==").Id("code")).Block(jen.Return(jen.Id("k")))),
		jen.Return(jen.Lit(-1)),
	)

	f.Comment("Event describes one event type: the EventSpecificInfo category it belongs")
	f.Comment("to, its tag inside the category, and a constructor for its type.")
	f.Type().Id("Event").Struct(
		jen.Comment("Category is the EventSpecificInfo alternative without \"Events\" (callControl)."), jen.Id("Category").String(),
		jen.Comment("CategoryTag and Tag are the context tag numbers of the category and the event."), jen.Id("CategoryTag").Uint32(), jen.Id("Tag").Uint32(),
		jen.Comment("Name is the alternative's name (delivered); Type the ASN.1 type name (DeliveredEvent)."), jen.Id("Name").String(), jen.Id("Type").String(),
		jen.Comment("New returns a new value of the event type."), jen.Id("New").Func().Params().Id("Message"),
	)
	var evs []jen.Code
	for _, e := range g.model.Events {
		d := jen.Dict{
			jen.Id("Category"):    jen.Lit(e.Category),
			jen.Id("CategoryTag"): jen.Lit(int(e.CategoryTag.Number)),
			jen.Id("Tag"):         jen.Lit(int(e.Tag.Number)),
			jen.Id("Name"):        jen.Lit(e.Name),
			jen.Id("Type"):        jen.Lit(e.TypeName()),
		}
		if _, ctor := g.ctor(e.Type); ctor != nil {
			d[jen.Id("New")] = ctor
		}
		evs = append(evs, jen.Values(d))
	}
	f.Commentf("Events lists the %d event types, by category tag and event tag.", len(g.model.Events))
	f.Var().Id("Events").Op("=").Index().Id("Event").Values(evs...)
}

// ctor returns the ASN.1 name of t and a function literal that allocates a
// value of its Go type, or nil when t has no generated type.
func (g *generator) ctor(t *asn1.Type) (string, jen.Code) {
	if t == nil || t.Ref == nil {
		return "", nil
	}
	gt := g.byDef[t.Ref]
	if gt == nil {
		g.errorf("table: %s has no generated type", t.Ref.QualifiedName())
		return "", nil
	}
	return t.Ref.Name, jen.Func().Params().Id("Message").Block(jen.Return(jen.New(jen.Id(gt.name))))
}

// refType is the generated type of a reference, or nil.
func (g *generator) refType(t *asn1.Type) *goType {
	if t == nil || t.Ref == nil {
		return nil
	}
	return g.byDef[t.Ref]
}

// isOf returns a function literal that reports whether a Message is a *gt.
func isOf(gt *goType) jen.Code {
	return jen.Func().Params(jen.Id("m").Id("Message")).Bool().Block(
		jen.List(jen.Id("_"), jen.Id("ok")).Op(":=").Id("m").Assert(jen.Op("*").Id(gt.name)),
		jen.Return(jen.Id("ok")))
}

var _ = fmt.Sprint

// emitBERAppend writes berAppend, through which the message types whose
// tags are not of the common shapes encode (emitExported).
func (g *generator) emitBERAppend(f *jen.File) {
	f.Comment("berValue is a generated type, which also writes itself backwards.")
	f.Type().Id("berValue").Interface(
		jen.Id("Message"),
		jen.Id("putBER").Params(jen.Id("b").Index().Byte(), jen.Id("i").Int()).Params(jen.Int(), jen.Error()),
	)
	f.Comment("berAppend appends the BER encoding of v to dst, growing dst at most once.")
	f.Func().Id("berAppend").Params(jen.Id("dst").Index().Byte(), jen.Id("v").Id("berValue")).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Id("n").Op(":=").Id("v").Dot("SizeBER").Call(),
		jen.Id("dst").Op("=").Qual("slices", "Grow").Call(jen.Id("dst"), jen.Id("n")),
		jen.Id("b").Op(":=").Id("dst").Index(jen.Len(jen.Id("dst")), jen.Len(jen.Id("dst")).Op("+").Id("n")),
		jen.If(jen.List(jen.Id("_"), jen.Err()).Op(":=").Id("v").Dot("putBER").Call(jen.Id("b"), jen.Id("n")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("dst"), jen.Err())),
		jen.Return(jen.Id("dst").Index(jen.Empty(), jen.Len(jen.Id("dst")).Op("+").Id("n")), jen.Nil()),
	)
}

// maxDenseCode bounds the operation codes that operationIndex looks up in
// an array (one octet or two per code up to the largest): the CSTA codes
// run to 551. A schema with larger codes gets the binary search instead.
const maxDenseCode = 4096

// emitOperationIndex writes operationIndex, which the PDU decoder calls for
// every invoke and result: an index into an array by code when the codes
// are small (a load, where a binary search over the 175 CSTA operations
// took about 130 instructions), otherwise a binary search of Operations.
func (g *generator) emitOperationIndex(f *jen.File) {
	ops := g.model.Operations
	dense := len(ops) > 0 && len(ops) < 1<<16-1
	var top int64
	for _, op := range ops {
		if op.Code < 0 || op.Code >= maxDenseCode {
			dense = false
		}
		top = max(top, op.Code)
	}
	f.Comment("operationIndex returns the index in Operations of the local code, or -1.")
	if !dense {
		f.Func().Id("operationIndex").Params(jen.Id("code").Int64()).Int().Block(
			jen.List(jen.Id("lo"), jen.Id("hi")).Op(":=").List(jen.Lit(0), jen.Len(jen.Id("Operations"))),
			jen.For(jen.Id("lo").Op("<").Id("hi")).Block(
				jen.Id("m").Op(":=").Parens(jen.Id("lo").Op("+").Id("hi")).Op("/").Lit(2),
				jen.Switch().Block(
					jen.Case(jen.Id("Operations").Index(jen.Id("m")).Dot("Code").Op("==").Id("code")).Block(jen.Return(jen.Id("m"))),
					jen.Case(jen.Id("Operations").Index(jen.Id("m")).Dot("Code").Op("<").Id("code")).Block(jen.Id("lo").Op("=").Id("m").Op("+").Lit(1)),
					jen.Default().Block(jen.Id("hi").Op("=").Id("m")),
				),
			),
			jen.Return(jen.Lit(-1)),
		)
		return
	}
	f.Func().Id("operationIndex").Params(jen.Id("code").Int64()).Int().Block(
		jen.If(jen.Uint64().Call(jen.Id("code")).Op("<").Uint64().Call(jen.Len(jen.Id("operationIndexes")))).Block(
			jen.Return(jen.Int().Call(jen.Id("operationIndexes").Index(jen.Id("code"))).Op("-").Lit(1))),
		jen.Return(jen.Lit(-1)),
	)
	elem := jen.Uint8()
	if len(ops) >= 1<<8-1 {
		elem = jen.Uint16()
	}
	var entries []jen.Code // in the order of the codes, one a line
	for k, op := range ops {
		entries = append(entries, jen.Line().Add(num(op.Code)).Op(":").Lit(k+1))
	}
	entries = append(entries, jen.Line())
	f.Comment("operationIndexes holds, for each local code, 1 + the index in Operations of")
	f.Comment("its operation, or 0.")
	f.Var().Id("operationIndexes").Op("=").Index(jen.Lit(int(top) + 1)).Add(elem).Values(entries...)
}

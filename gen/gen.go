// Package gen generates Go types and BER codecs from a resolved ASN.1 model
// (package asn1), with github.com/dave/jennifer. The output is one Go file
// per ASN.1 module plus a file of tables; it is gofmt-clean and
// deterministic. gen/README.md documents the mapping from ASN.1 to Go.
package gen

import (
	"bytes"
	"fmt"
	"go/format"
	"sort"
	"strconv"
	"strings"

	"github.com/cstagen/cstagen/asn1"
	"github.com/dave/jennifer/jen"
)

const berPkg = "github.com/cstagen/cstagen/runtime/ber"

// Options tune the generated package.
type Options struct {
	Package string // Go package name
	Source  string // shown in the "source:" header line
	// XMLOverrides is the table of CSTA-XML exceptions (the format of
	// schemas/csta-xml.overrides); nil means schemas.XMLOverrides.
	XMLOverrides []byte
	// MaxFileSize is the size in bytes above which the types of one module
	// are spread over several files (module.go, module_2.go, ...); 0 means
	// DefaultMaxFileSize.
	MaxFileSize int
	// StrictEnumerated makes the codecs reject a value of an ENUMERATED
	// without extension marker that is none of its items (X.680 20), on
	// decoding and on encoding (a *ber.Error wrapping ber.ErrConstraint).
	// Off, such a value is kept and written back, as csta does: switches
	// send the values of later editions of types ECMA-285 closed.
	StrictEnumerated bool
	// Base maps the names of modules compiled already, into another
	// generated package, to that package's Go import path: their types are
	// not generated again but referenced there (cstagen generate -base), and
	// their operations, errors and events are not in this package's tables.
	// The model must hold those modules (the references resolve to them).
	Base map[string]string
	// UnrollAll keeps the BER codecs of every type unrolled (the short forms
	// of headers read and sized in line). By default only the types on the
	// path of the events are: the event types, the types that hold them
	// (CSTAEventReportArgument, EventSpecificInfo, ...), every type these
	// hold, the ROSE PDU with what it holds, and the types Unroll names; the
	// others (operation arguments and results, capability exchange, ...)
	// are compact: the same codecs, through calls, for a package that
	// compiles in less time and memory (gen/README.md, "Compact and
	// unrolled BER"). cstagen generate -unroll-all.
	UnrollAll bool
	// Unroll names more types to unroll, with every type they hold:
	// "Module.Type", or "Type" when one module defines it. cstagen
	// generate -unroll.
	Unroll []string
	// AllMessages gives every generated type the document methods (SizeBER,
	// AppendBER, DecodeBER, DecodeBERLimits, AppendXML, AppendXMLNS,
	// DecodeXML, DecodeXMLFrom), so that any type can be coded on its own;
	// otherwise only the message types have them (messages.go).
	AllMessages bool
}

// generator holds the state of one generation.
type generator struct {
	model *asn1.Model // what this generation writes (localView)
	full  *asn1.Model // the model with the modules of base packages
	opts  Options
	names *namer
	types []*goType
	// usesBERAppend: a message type encodes through berAppend and its
	// putBER (emitExported), so tables.go declares them.
	usesBERAppend bool
	// usesKept: a type has a pointer field, which decoders make present
	// with useKept (emitTables declares it).
	usesKept bool
	// usesXMLOptional: a structure decodes an OPTIONAL pointer component
	// with xmlDecodeOptional (emitXMLFile declares it).
	usesXMLOptional bool
	// usesNoFormRandom: a random value of the generated tests leaves out
	// what an edition of ECMA-323 has no form for (xmlNoFormRandom).
	usesNoFormRandom bool
	// namedConsts are the Go constants of the named bits and ENUMERATED
	// identifiers of each type, by identifier (emitType claims them).
	namedConsts map[*goType]map[string]string
	byDef       map[*asn1.TypeDef]*goType
	inline      map[*asn1.Type]*goType
	files       map[string]*jen.File
	errs        []string

	testFile *jen.File

	// CSTA-XML (xml*.go)
	xmlo      *xmlOverrides
	xmlEvents map[*goType]bool
	// xmlFielders: the structures with appendXMLContent and decodeXMLFields.
	xmlFielders map[*goType]bool

	// defaultVars names the package variables holding DEFAULT values of
	// string and BIT STRING types (edge.go), by component.
	defaultVars map[*asn1.Component]string
	xmlRoots    map[*goType]string
	// messages are the types with the document methods (findMessages).
	messages map[*goType]bool
	// unrolled are the types whose BER codecs are unrolled (unrolledTypes;
	// nil: all); compact is set while the codecs of a type that is not are
	// written.
	unrolled map[*asn1.Type]bool
	compact  bool
	// enterByCall is set while the decoder of an OPTIONAL or DEFAULT
	// component of an unrolled structure is written: enterStmts and
	// leaveStmt call Enter and Leave instead of inlining TryEnter and
	// TryLeave, whose machine code, for a component that is seldom there,
	// only crowds the instruction cache (gen/README.md, "Compact and
	// unrolled BER").
	enterByCall bool
	// scope, when not nil, makes enterStmts, decodeStmts and putStmts
	// assign the variables they need, which it records with their types,
	// instead of declaring them, for a structure's decoder or encoder that
	// declares them once (declareScope) rather than a block per component.
	scope map[string]jen.Code
}

// DefaultMaxFileSize is the default Options.MaxFileSize: no generated file is
// larger than editors, gopls and code review handle well.
const DefaultMaxFileSize = 800 << 10

// Generate returns the generated Go files, by file name.
func Generate(m *asn1.Model, opts Options) (map[string][]byte, error) {
	if opts.Package == "" {
		opts.Package = "csta"
	}
	maxFileSize := opts.MaxFileSize
	if maxFileSize <= 0 {
		maxFileSize = DefaultMaxFileSize
	}
	out, err := generate(m, opts, nil)
	if err != nil {
		return nil, err
	}
	big := map[string]bool{}
	for name, src := range out {
		if len(src) > maxFileSize {
			big[name] = true
		}
	}
	if len(big) == 0 {
		return out, nil
	}
	// Measure each type of the modules whose file is too large in a file
	// of its own, then fill files of at most maxFileSize in type order.
	placed := map[*asn1.TypeDef]string{}
	var order []*asn1.TypeDef
	measure := func(d *asn1.TypeDef, file string) string {
		if !big[file] {
			return file
		}
		order = append(order, d)
		name := fmt.Sprintf("%s#%d", strings.TrimSuffix(file, ".go"), len(order))
		placed[d] = name
		return name
	}
	sized, err := generate(m, opts, measure)
	if err != nil {
		return nil, err
	}
	assign := map[*asn1.TypeDef]string{}
	fill := map[string]int{}  // bytes in the file being filled, per module file
	count := map[string]int{} // files of each module file so far
	for _, d := range order {
		file := fileName(d.Module.Name)
		n := len(sized[placed[d]])
		if count[file] == 0 || fill[file]+n > maxFileSize && fill[file] > 0 {
			count[file]++
			fill[file] = 0
		}
		fill[file] += n
		if count[file] == 1 {
			assign[d] = file
		} else {
			assign[d] = fmt.Sprintf("%s_%d.go", strings.TrimSuffix(file, ".go"), count[file])
		}
	}
	return generate(m, opts, func(d *asn1.TypeDef, file string) string {
		if f, ok := assign[d]; ok {
			return f
		}
		return file
	})
}

// generate generates the files; fileOf, when not nil, decides the file of
// each type assignment from the file of its module.
func generate(m *asn1.Model, opts Options, fileOf func(d *asn1.TypeDef, file string) string) (map[string][]byte, error) {
	full := m
	m = localView(m, opts.Base)
	g := &generator{model: m, full: full, opts: opts, byDef: map[*asn1.TypeDef]*goType{}, inline: map[*asn1.Type]*goType{}, files: map[string]*jen.File{}, namedConsts: map[*goType]map[string]string{}}
	c := newCollector()
	for _, mod := range m.Modules {
		if mod.Builtin {
			continue
		}
		for _, d := range mod.Types {
			c.addDef(d)
		}
	}
	for _, op := range m.Operations {
		c.walk(op.Argument, func(*asn1.Type) {})
		c.walk(op.Result, func(*asn1.Type) {})
	}
	for _, e := range m.Errors {
		c.walk(e.Parameter, func(*asn1.Type) {})
	}
	for _, e := range m.Events {
		c.walk(e.Type, func(*asn1.Type) {})
	}
	if err := g.loadXMLOverrides(); err != nil {
		return nil, err
	}
	defs := c.run()
	g.names = newNamer(defs, g.xmlo.renames, g.xmlo.suffixes, reservedNames)
	for _, d := range defs {
		file := fileName(d.Module.Name)
		if fileOf != nil {
			file = fileOf(d, file)
		}
		gt := &goType{name: g.names.names[d], def: d, t: d.Type, module: d.Module, origin: originOf(d), file: file, pkg: g.basePackage(d.Module), strictEnum: opts.StrictEnumerated}
		g.byDef[d] = gt
		if gt.pkg != "" {
			continue // referenced in its package, not generated here
		}
		g.types = append(g.types, gt)
	}
	g.messages = g.findMessages()
	unrolled, err := g.unrolledTypes()
	if err != nil {
		return nil, err
	}
	g.unrolled = unrolled
	for i := 0; i < len(g.types); i++ { // emitting may add inline types
		g.emitType(g.types[i])
	}
	g.emitTables()
	g.emitPDU()
	g.emitXML()
	g.emitTests()
	emitRandomHelpers(g.testFile)
	g.emitXMLTests()
	g.files["codec_test.go"] = g.testFile
	g.errs = append(g.names.errs, g.errs...)
	if len(g.errs) > 0 {
		return nil, fmt.Errorf("gen: %s", strings.Join(g.errs, "\n"))
	}
	out := map[string][]byte{}
	var names []string
	for name := range g.files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		var buf bytes.Buffer
		if err := g.files[name].Render(&buf); err != nil {
			return nil, fmt.Errorf("gen: %s: %v", name, err)
		}
		src, err := format.Source(buf.Bytes())
		if err != nil {
			return nil, fmt.Errorf("gen: %s: gofmt: %v", name, err)
		}
		out[name] = src
	}
	return out, nil
}

// reservedNames are Go names the generated package defines itself.
var reservedNames = []string{"Message", "Operation", "Operations", "OperationByCode", "OperationByName", "Error", "Errors", "Event", "Events", "PDU",
	"XMLMessage", "XMLKind", "XMLDocumentType", "XMLDocuments", "XMLNamespace", "XMLEdition"}

func (g *generator) file(name, module string) *jen.File {
	f := g.files[name]
	if f == nil {
		f = jen.NewFile(g.opts.Package)
		f.HeaderComment("Code generated by cstagen. DO NOT EDIT.")
		if g.opts.Source != "" {
			f.HeaderComment("source: " + g.opts.Source + " module " + module)
		}
		f.ImportName(berPkg, "ber")
		g.files[name] = f
	}
	return f
}

func (g *generator) errorf(format string, args ...any) {
	g.errs = append(g.errs, fmt.Sprintf(format, args...))
}

// valueType describes how a value at one place of use is stored and coded.
type valueType struct {
	t     *asn1.Type // the type at the place of use: its tags apply
	u     *asn1.Type // the structure under the references
	named *goType    // the Go type, when it is a generated one
}

// goExpr is the Go type of the value.
func (vt valueType) goExpr() jen.Code {
	if vt.named != nil {
		return vt.named.id()
	}
	if isBigInt(vt.t) {
		return jen.Qual(berPkg, "BigInt")
	}
	switch vt.u.Kind {
	case asn1.KindBoolean:
		return jen.Bool()
	case asn1.KindInteger, asn1.KindEnumerated:
		return jen.Int64()
	case asn1.KindReal:
		return jen.Float64()
	case asn1.KindOctetString, asn1.KindString, asn1.KindTime, asn1.KindOpen:
		return jen.Index().Byte()
	case asn1.KindBitString:
		return jen.Qual(berPkg, "BitString")
	case asn1.KindObjectIdentifier, asn1.KindRelativeOID:
		return jen.Index().Uint32()
	case asn1.KindNull:
		return jen.Struct()
	}
	return jen.Id("INVALID")
}

// valueTypeOf returns the value type for t used inside parent as comp,
// creating a Go type for an in-place structured type.
func (g *generator) valueTypeOf(t *asn1.Type, parent *goType, comp string) valueType {
	vt := valueType{t: t, u: t.Underlying()}
	if t.Ref != nil {
		vt.named = g.byDef[t.Ref]
		if vt.named == nil {
			g.errorf("%s: type %s is not collected", parent.origin, t.Ref.QualifiedName())
		}
		return vt
	}
	if needsNamedInline(t) {
		gt := g.inline[t]
		if gt == nil {
			name := g.names.claim(parent.name+GoName(comp), parent.origin+"."+comp)
			gt = &goType{name: name, t: t, module: parent.module, origin: parent.origin + "." + comp, file: parent.file, strictEnum: g.opts.StrictEnumerated}
			g.inline[t] = gt
			g.types = append(g.types, gt)
		}
		vt.named = gt
	}
	return vt
}

// num renders an integer literal without a type conversion.
func num(v int64) jen.Code { return jen.Id(strconv.FormatInt(v, 10)) }

// hexLit renders an unsigned literal in hexadecimal.
func hexLit(v uint64) jen.Code { return jen.Id(fmt.Sprintf("0x%x", v)) }

// ---- tags ----

// tagCode renders a tag as a ber.Tag constant expression.
func tagCode(t asn1.Tag, constructed bool) jen.Code {
	class := map[asn1.TagClass]string{asn1.Universal: "Universal", asn1.Application: "Application", asn1.Context: "Context", asn1.Private: "Private"}[t.Class]
	c := jen.Qual(berPkg, class)
	if constructed {
		c = c.Op("|").Qual(berPkg, "Constructed")
	}
	return c.Op("|").Lit(int(t.Number))
}

// tagsOf returns the tags of a use-site type with their constructed flags:
// explicit tags are constructed; the value's own tag is constructed when
// its kind is.
func tagsOf(vt valueType) []jen.Code {
	var out []jen.Code
	for _, t := range vt.t.Tags {
		out = append(out, tagCode(t, t.Explicit || vt.u.Kind.Constructed()))
	}
	return out
}

// hasOwnTag reports whether the last tag is the value's own identifier
// (not an explicit wrapper): false for an untagged CHOICE or open type.
func hasOwnTag(vt valueType) bool {
	n := len(vt.t.Tags)
	return n > 0 && !vt.t.Tags[n-1].Explicit
}

// firstTags returns the tags an encoding of vt can start with, without the
// constructed bit, or any=true when it can start with any tag.
func firstTags(t *asn1.Type, depth int) (tags []asn1.Tag, any bool) {
	if len(t.Tags) > 0 {
		tg := t.Tags[0]
		tg.Explicit = false
		return []asn1.Tag{tg}, false
	}
	u := t.Underlying()
	if u == nil || depth > 32 {
		return nil, true
	}
	switch u.Kind {
	case asn1.KindChoice:
		if u.Extensible {
			return nil, true
		}
		for _, c := range u.Components {
			ts, a := firstTags(c.Type, depth+1)
			if a {
				return nil, true
			}
			tags = append(tags, ts...)
		}
		return tags, false
	}
	return nil, true
}

// ---- constraints ----

// constraintsOf gathers the size and value constraints that apply to t,
// through its references.
func constraintsOf(t *asn1.Type) (sizes, ranges []*asn1.Constraint) {
	for i := 0; t != nil && i < 64; i++ {
		if t.Size != nil {
			sizes = append(sizes, t.Size)
		}
		if t.Range != nil {
			ranges = append(ranges, t.Range)
		}
		if t.Ref == nil {
			break
		}
		t = t.Ref.Type
	}
	return
}

// rangeCond returns a condition that is true when x violates c.
func rangeCond(x jen.Code, c *asn1.Constraint) jen.Code {
	var alts []jen.Code
	for _, r := range c.Ranges {
		var parts []jen.Code
		if r.HasMin {
			parts = append(parts, jen.Add(x).Op(">=").Add(num(r.Min)))
		}
		if r.HasMax {
			parts = append(parts, jen.Add(x).Op("<=").Add(num(r.Max)))
		}
		if len(parts) == 0 {
			return nil // unbounded: no check
		}
		cond := parts[0]
		if len(parts) == 2 {
			cond = jen.Add(parts[0]).Op("&&").Add(parts[1])
		}
		alts = append(alts, cond)
	}
	if len(alts) == 0 {
		return nil
	}
	any := alts[0]
	for _, a := range alts[1:] {
		any = jen.Add(any).Op("||").Add(a)
	}
	return jen.Op("!").Parens(any)
}

// checkStmts returns statements that return a constraint error when the
// value x breaks a SIZE or value constraint that applies to vt.
func checkStmts(vt valueType, x jen.Code, offset jen.Code, typeName, field string) []jen.Code {
	return checkStmtsRet(vt, x, offset, typeName, field, func(e jen.Code) jen.Code { return jen.Return(e) })
}

// checkStmtsRet is checkStmts with a custom return statement.
func checkStmtsRet(vt valueType, x jen.Code, offset jen.Code, typeName, field string, ret func(jen.Code) jen.Code) []jen.Code {
	sizes, ranges := constraintsOf(vt.t)
	var out []jen.Code
	for _, c := range sizes {
		if c.Extensible {
			continue
		}
		var n jen.Code
		switch vt.u.Kind {
		case asn1.KindOctetString, asn1.KindString, asn1.KindSequenceOf, asn1.KindSetOf:
			n = jen.Len(x)
		default:
			continue
		}
		if cond := rangeCond(n, c); cond != nil {
			out = append(out, jen.If(cond).Block(ret(jen.Qual(berPkg, "Constraint").Call(offset, jen.Lit(typeName), jen.Lit(field), jen.Lit("SIZE "+c.Text)))))
		}
	}
	if c := closedEnum(vt); c != nil {
		if cond := rangeCond(jen.Int64().Call(x), c); cond != nil {
			out = append(out, jen.If(cond).Block(ret(jen.Qual(berPkg, "Constraint").Call(offset, jen.Lit(typeName), jen.Lit(field), jen.Lit(c.Text)))))
		}
	}
	for _, c := range ranges {
		if c.Extensible {
			continue
		}
		if vt.u.Kind == asn1.KindInteger && isBigInt(vt.t) {
			if cond := bigRangeCond(bigRef(x), c); cond != nil {
				out = append(out, jen.If(cond).Block(ret(jen.Qual(berPkg, "Constraint").Call(offset, jen.Lit(typeName), jen.Lit(field), jen.Lit(c.Text)))))
			}
			continue
		}
		if vt.u.Kind != asn1.KindInteger {
			continue
		}
		if cond := rangeCond(jen.Int64().Call(x), c); cond != nil {
			out = append(out, jen.If(cond).Block(ret(jen.Qual(berPkg, "Constraint").Call(offset, jen.Lit(typeName), jen.Lit(field), jen.Lit(c.Text)))))
		}
	}
	return out
}

// bigBits reports whether a BIT STRING has named bits beyond 63, so that
// its Go type is an array of words rather than a uint64.
func bigBits(u *asn1.Type) bool {
	for _, n := range u.Named {
		if n.Number > 63 {
			return true
		}
	}
	return false
}

// bitWords is the number of 64-bit words a big bit set needs.
func bitWords(u *asn1.Type) int {
	max := int64(0)
	for _, n := range u.Named {
		if n.Number > max {
			max = n.Number
		}
	}
	return int(max/64 + 1)
}

// ---- size ----

// contentSize is the size of the contents of x (for a CHOICE: the whole
// chosen alternative; for an open type: the whole element).
func contentSize(vt valueType, x jen.Code) jen.Code {
	switch vt.u.Kind {
	case asn1.KindBoolean:
		return jen.Lit(1)
	case asn1.KindInteger, asn1.KindEnumerated:
		if isBigInt(vt.t) {
			return jen.Qual(berPkg, "SizeBigInt").Call(bigRef(x))
		}
		return jen.Qual(berPkg, "SizeInt64").Call(jen.Int64().Call(x))
	case asn1.KindReal:
		return jen.Qual(berPkg, "SizeReal").Call(jen.Float64().Call(x))
	case asn1.KindNull:
		return jen.Lit(0)
	case asn1.KindOctetString, asn1.KindString, asn1.KindTime, asn1.KindOpen:
		return jen.Len(x)
	case asn1.KindBitString:
		if bigBits(vt.u) {
			return jen.Qual(berPkg, "SizeBits").Call(jen.Add(x).Index(jen.Op(":")))
		}
		if len(vt.u.Named) > 0 {
			return jen.Qual(berPkg, "SizeNamedBits").Call(jen.Uint64().Call(x))
		}
		return jen.Qual(berPkg, "SizeBitString").Call(jen.Add(x).Dot("Bytes"))
	case asn1.KindObjectIdentifier:
		return jen.Qual(berPkg, "SizeOID").Call(jen.Index().Uint32().Call(x))
	case asn1.KindRelativeOID:
		return jen.Qual(berPkg, "SizeRelativeOID").Call(jen.Index().Uint32().Call(x))
	case asn1.KindChoice:
		return jen.Add(x).Dot("SizeBERChoice").Call()
	default:
		return jen.Add(x).Dot("SizeBERContent").Call()
	}
}

// sizeExpr is the encoded size of x with all the tags of vt: through the
// inlined ber.SizeTLV, or ber.SizeElement, its call, in a compact type.
func (g *generator) sizeExpr(vt valueType, x jen.Code) jen.Code {
	tags := tagsOf(vt)
	e := contentSize(vt, x)
	size := "SizeTLV"
	if g.compact {
		size = "SizeElement"
	}
	for k := len(tags) - 1; k >= 0; k-- {
		e = jen.Qual(berPkg, size).Call(tags[k], e)
	}
	return e
}

// ---- encode ----

// hasDefined reports whether the Go type of u has a Defined method: an
// ENUMERATED without an extension marker, whose encoders refuse numbers
// that are none of its enumerations.
func hasDefined(u *asn1.Type) bool {
	return u.Kind == asn1.KindEnumerated && !u.Extensible && len(u.Named) > 0
}

// putStmts writes x with all the tags of vt, backwards, ending at i.
// Variables b, i and err are in scope; wrap wraps an error for return. In a
// compact type, a primitive element with one tag is one call of an element
// writer of runtime/ber (putElement).
func (g *generator) putStmts(vt valueType, x jen.Code, wrap func(jen.Code) jen.Code) []jen.Code {
	var body []jen.Code
	tags := tagsOf(vt)
	if g.compact && len(tags) == 1 {
		if put := putElement(vt, x, tags[0], wrap); put != nil {
			return put
		}
	}
	if len(tags) > 0 {
		body = append(body, jen.Id("end").Op(g.assignOp("end", jen.Int())).Id("i"))
	}
	switch vt.u.Kind {
	case asn1.KindBoolean:
		body = append(body, jen.Id("i").Op("=").Qual(berPkg, "PutBool").Call(jen.Id("b"), jen.Id("i"), jen.Bool().Call(x)))
	case asn1.KindInteger, asn1.KindEnumerated:
		if isBigInt(vt.t) {
			body = append(body, jen.Id("i").Op("=").Qual(berPkg, "PutBigInt").Call(jen.Id("b"), jen.Id("i"), bigRef(x)))
			break
		}
		if vt.named != nil && hasDefined(vt.u) {
			body = append(body, jen.If(jen.Op("!").Add(x).Dot("Defined").Call()).Block(
				jen.Return(jen.Id("i"), wrap(jen.Qual(berPkg, "NotEnumerated").Call(jen.Int64().Call(x))))))
		}
		body = append(body, jen.Id("i").Op("=").Qual(berPkg, "PutInt64").Call(jen.Id("b"), jen.Id("i"), jen.Int64().Call(x)))
	case asn1.KindReal:
		body = append(body, jen.Id("i").Op("=").Qual(berPkg, "PutReal").Call(jen.Id("b"), jen.Id("i"), jen.Float64().Call(x)))
	case asn1.KindNull:
	case asn1.KindOctetString, asn1.KindString, asn1.KindTime, asn1.KindOpen:
		body = append(body, jen.Id("i").Op("=").Qual(berPkg, "PutBytes").Call(jen.Id("b"), jen.Id("i"), x))
	case asn1.KindBitString:
		if bigBits(vt.u) {
			body = append(body, jen.Id("i").Op("=").Qual(berPkg, "PutBits").Call(jen.Id("b"), jen.Id("i"), jen.Add(x).Index(jen.Op(":"))))
		} else if len(vt.u.Named) > 0 {
			body = append(body, jen.Id("i").Op("=").Qual(berPkg, "PutNamedBits").Call(jen.Id("b"), jen.Id("i"), jen.Uint64().Call(x)))
		} else {
			body = append(body, jen.Id("i").Op("=").Qual(berPkg, "PutBitString").Call(jen.Id("b"), jen.Id("i"), jen.Add(x).Dot("Unused"), jen.Add(x).Dot("Bytes")))
		}
	case asn1.KindObjectIdentifier:
		body = append(body, jen.Id("i").Op("=").Qual(berPkg, "PutOID").Call(jen.Id("b"), jen.Id("i"), jen.Index().Uint32().Call(x)))
	case asn1.KindRelativeOID:
		body = append(body, jen.Id("i").Op("=").Qual(berPkg, "PutRelativeOID").Call(jen.Id("b"), jen.Id("i"), jen.Index().Uint32().Call(x)))
	case asn1.KindChoice:
		body = append(body, jen.List(jen.Id("i"), jen.Id("err")).Op("=").Add(x).Dot("PutBERChoice").Call(jen.Id("b"), jen.Id("i")),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("i"), wrap(jen.Err()))))
	default:
		body = append(body, jen.List(jen.Id("i"), jen.Id("err")).Op("=").Add(x).Dot("PutBERContent").Call(jen.Id("b"), jen.Id("i")),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("i"), wrap(jen.Err()))))
	}
	for k := len(tags) - 1; k >= 0; k-- {
		body = append(body, jen.Id("i").Op("=").Qual(berPkg, "PutHeader").Call(jen.Id("b"), jen.Id("i"), tags[k], jen.Id("end").Op("-").Id("i")))
	}
	return body
}

// putElement is the call of the element writer of runtime/ber that writes x,
// of a primitive value type vt, with its one tag t, or nil for the kinds
// that have none.
func putElement(vt valueType, x, t jen.Code, wrap func(jen.Code) jen.Code) []jen.Code {
	call := func(fn string, v jen.Code) jen.Code {
		return jen.Id("i").Op("=").Qual(berPkg, fn).Call(jen.Id("b"), jen.Id("i"), t, v)
	}
	switch vt.u.Kind {
	case asn1.KindBoolean:
		return []jen.Code{call("PutBoolElement", jen.Bool().Call(x))}
	case asn1.KindInteger, asn1.KindEnumerated:
		if isBigInt(vt.t) {
			return nil
		}
		var body []jen.Code
		if vt.named != nil && hasDefined(vt.u) {
			body = append(body, jen.If(jen.Op("!").Add(x).Dot("Defined").Call()).Block(
				jen.Return(jen.Id("i"), wrap(jen.Qual(berPkg, "NotEnumerated").Call(jen.Int64().Call(x))))))
		}
		return append(body, call("PutInt64Element", jen.Int64().Call(x)))
	case asn1.KindOctetString, asn1.KindString, asn1.KindTime:
		return []jen.Code{call("PutBytesElement", x)}
	case asn1.KindBitString:
		if len(vt.u.Named) > 0 && !bigBits(vt.u) {
			return []jen.Code{call("PutNamedBitsElement", jen.Uint64().Call(x))}
		}
	}
	return nil
}

// scoped puts statements that declare variables into a block of their own,
// for the places where several of them follow one another in one scope.
func scoped(stmts []jen.Code) []jen.Code {
	for _, st := range stmts {
		if strings.Contains(fmt.Sprintf("%#v", st), ":=") {
			return []jen.Code{jen.Block(stmts...)}
		}
	}
	return stmts // nothing declared: no block needed
}

// ---- decode ----

// decodeStmts decodes one element from the reader named r (a *ber.Reader)
// into x (which is addressable), applying the tags of vt. fail wraps an
// error for return. Constructed elements are entered in place (Enter, Leave)
// and their components read from the same Reader.
func (g *generator) decodeStmts(vt valueType, x jen.Code, r string, fail func(jen.Code) jen.Code, depth int) []jen.Code {
	rr := jen.Id(r)
	n := len(vt.t.Tags)
	explicit := n
	if hasOwnTag(vt) {
		explicit = n - 1
	}
	if explicit > 0 {
		// Enter the outermost explicit tag and recurse inside it.
		t := vt.t.Tags[0]
		inner := vt
		cp := *vt.t
		cp.Tags = vt.t.Tags[1:]
		inner.t = &cp
		rest := fmt.Sprintf("rest%d", depth)
		body := g.enterStmts(r, rest, t, true, fail)
		body = append(body, g.decodeStmts(inner, x, r, fail, depth+1)...)
		body = append(body, g.leaveStmt(r, rest, fail))
		return body
	}
	var ownTag asn1.Tag
	var own jen.Code
	if n > 0 {
		ownTag = vt.t.Tags[n-1]
		own = tagCode(ownTag, vt.u.Kind.Constructed())
	}
	conv := func(e jen.Code) jen.Code {
		if vt.named != nil {
			return vt.named.id().Call(e)
		}
		return e
	}
	// Every temporary is a variable the function declares once
	// (g.scope, declareScope), the result err among them.
	check := func(lhs jen.Code, call jen.Code) jen.Code {
		return jen.If(jen.Add(lhs).Op("=").Add(call), jen.Err().Op("!=").Nil()).Block(fail(jen.Err()))
	}
	offset, atOffset := g.offsetAt(rr, fail)
	read := func(method string, args ...jen.Code) []jen.Code {
		name := g.val(strings.TrimPrefix(method, "Read"))
		return []jen.Code{
			check(jen.List(jen.Id(name), jen.Err()), jen.Add(rr).Dot(method).Call(args...)),
			jen.Add(x).Op("=").Add(conv(jen.Id(name))),
		}
	}
	// contents reads the contents of a primitive element with the own tag
	// into the variable name, through the inlined fast path when the tag
	// has one identifier octet; slow is the general read.
	contents := func(name string, slow jen.Code) []jen.Code {
		id, ok := identOctet(ownTag, false)
		g.declare(name, jen.Index().Byte())
		if !ok || g.compact {
			return []jen.Code{check(jen.List(jen.Id(name), jen.Err()), slow)}
		}
		g.declare("ok", jen.Bool())
		return []jen.Code{jen.If(jen.List(jen.Id(name), jen.Id("ok")).Op("=").Add(rr).Dot("TryContents").Call(hexByte(id)), jen.Op("!").Id("ok")).Block(
			check(jen.List(jen.Id(name), jen.Err()), slow))}
	}
	// parse reads a primitive element and decodes its contents with the
	// ber function fn, reporting a bad value at the element's offset.
	parse := func(fn string) []jen.Code {
		if g.compact {
			// The Reader's methods read the element and parse it, as below.
			switch fn {
			case "ParseNull":
				return []jen.Code{check(jen.Err(), jen.Add(rr).Dot("ReadNull").Call(own))}
			case "ParseBool", "ParseInt64":
				return read("Read"+strings.TrimPrefix(fn, "Parse"), own)
			}
		}
		body := append([]jen.Code{offset()}, contents("cs", jen.Add(rr).Dot("ReadContents").Call(own))...)
		if fn == "ParseNull" {
			return append(body, jen.If(jen.Err().Op("=").Qual(berPkg, fn).Call(jen.Id("cs")), jen.Err().Op("!=").Nil()).Block(atOffset()))
		}
		val := g.val(strings.TrimPrefix(fn, "Parse"))
		return append(body,
			jen.If(jen.List(jen.Id(val), jen.Err()).Op("=").Qual(berPkg, fn).Call(jen.Id("cs")), jen.Err().Op("!=").Nil()).Block(atOffset()),
			jen.Add(x).Op("=").Add(conv(jen.Id(val))),
		)
	}
	var body []jen.Code
	switch vt.u.Kind {
	case asn1.KindBoolean:
		body = parse("ParseBool")
	case asn1.KindInteger, asn1.KindEnumerated:
		if isBigInt(vt.t) {
			body = append([]jen.Code{offset()}, contents("cs", jen.Add(rr).Dot("ReadContents").Call(own))...)
			body = append(body, jen.If(jen.Err().Op("=").Qual(berPkg, "ParseBigInt").Call(jen.Id("cs"), bigRef(x)), jen.Err().Op("!=").Nil()).Block(atOffset()))
			break
		}
		body = parse("ParseInt64")
	case asn1.KindReal:
		body = read("ReadReal", own)
	case asn1.KindNull:
		body = parse("ParseNull")
	case asn1.KindOctetString, asn1.KindString, asn1.KindTime:
		// A primitive encoding takes the fast path; ReadString also takes
		// the constructed one (X.690 8.7.3).
		if g.compact {
			// []byte is assignable to the named string types.
			body = []jen.Code{check(jen.List(x, jen.Err()), jen.Add(rr).Dot("ReadString").Call(own, jen.Nil()))}
			break
		}
		body = append(contents("octets", jen.Add(rr).Dot("ReadString").Call(own, jen.Nil())), jen.Add(x).Op("=").Add(conv(jen.Id("octets"))))
	case asn1.KindBitString:
		if len(vt.u.Named) > 0 && !bigBits(vt.u) && g.compact {
			body = read("ReadNamedBits", own)
			break
		}
		// Named bits may come in a constructed encoding too (X.690 8.6.3).
		body = g.bitStringStmts(vt, x, rr, jen.Add(rr).Dot("ReadBitString").Call(own, jen.Nil()), conv, fail)
	case asn1.KindObjectIdentifier:
		body = read("ReadOID", own, jen.Index().Uint32().Call(x).Index(jen.Empty(), jen.Lit(0)))
	case asn1.KindRelativeOID:
		body = read("ReadRelativeOID", own, jen.Index().Uint32().Call(x).Index(jen.Empty(), jen.Lit(0)))
	case asn1.KindOpen:
		g.declare("raw", jen.Index().Byte())
		body = []jen.Code{
			check(jen.List(jen.Id("_"), jen.Id("raw"), jen.Err()), jen.Add(rr).Dot("ReadRaw").Call()),
			jen.Add(x).Op("=").Add(conv(jen.Id("raw"))),
		}
	case asn1.KindChoice:
		body = []jen.Code{check(jen.Err(), jen.Add(x).Dot("DecodeBERChoice").Call(rr))}
	default:
		rest := fmt.Sprintf("rest%d", depth)
		body = g.enterStmts(r, rest, ownTag, true, fail)
		body = append(body, check(jen.Err(), jen.Add(x).Dot("DecodeBERContent").Call(rr)), g.leaveStmt(r, rest, fail))
	}
	return body
}

// offsetAt returns, for decoding from the reader rd, the statement that
// notes the offset of the element about to be read (in off) and the
// failure that reports an error in its contents at that offset.
func (g *generator) offsetAt(rd jen.Code, fail func(jen.Code) jen.Code) (offset, atOffset func() jen.Code) {
	offset = func() jen.Code {
		g.declare("off", jen.Int())
		return jen.Id("off").Op("=").Add(rd).Dot("Offset").Call()
	}
	atOffset = func() jen.Code { return fail(jen.Qual(berPkg, "AtOffset").Call(jen.Err(), jen.Id("off"))) }
	return offset, atOffset
}

// bitStringStmts decodes a BIT STRING into x of vt from the reader rd: read
// returns its unused bits and its octets; x gets its named bits (one word,
// or words of them), errors reported at the element's offset, or the bits
// as they are (conv converts to vt's type).
func (g *generator) bitStringStmts(vt valueType, x, rd, read jen.Code, conv func(jen.Code) jen.Code, fail func(jen.Code) jen.Code) []jen.Code {
	offset, atOffset := g.offsetAt(rd, fail)
	g.declare("unused", jen.Int())
	g.declare("bits", jen.Index().Byte())
	readBits := jen.If(jen.List(jen.Id("unused"), jen.Id("bits"), jen.Err()).Op("=").Add(read), jen.Err().Op("!=").Nil()).Block(fail(jen.Err()))
	switch {
	case bigBits(vt.u):
		return []jen.Code{offset(), readBits,
			jen.If(jen.Err().Op("=").Qual(berPkg, "NamedBitWords").Call(jen.Id("unused"), jen.Id("bits"), jen.Add(x).Index(jen.Op(":"))), jen.Err().Op("!=").Nil()).Block(atOffset())}
	case len(vt.u.Named) > 0:
		val := g.val("NamedBits")
		return []jen.Code{offset(), readBits,
			jen.If(jen.List(jen.Id(val), jen.Err()).Op("=").Qual(berPkg, "NamedBits").Call(jen.Id("unused"), jen.Id("bits")), jen.Err().Op("!=").Nil()).Block(atOffset()),
			jen.Add(x).Op("=").Add(conv(jen.Id(val)))}
	}
	// No named bits: nothing to check, no offset needed.
	return []jen.Code{readBits,
		jen.Add(x).Op("=").Add(conv(jen.Qual(berPkg, "BitString").Values(jen.Dict{jen.Id("Bytes"): jen.Id("bits"), jen.Id("Unused"): jen.Id("unused")})))}
}

// valResults are the types of the values the ber functions and Reader
// methods that decodeStmts and decodeInside call return, by the name of
// the function without Read or Parse; the declared scope holds each in a
// variable of its own (val).
var valResults = map[string]jen.Code{
	"Int64":       jen.Int64(),
	"Bool":        jen.Bool(),
	"NamedBits":   jen.Uint64(),
	"Real":        jen.Float64(),
	"OID":         jen.Index().Uint32(),
	"RelativeOID": jen.Index().Uint32(),
}

// val declares the variable for a value of valResults[kind] and returns its
// name.
func (g *generator) val(kind string) string {
	typ, ok := valResults[kind]
	if !ok {
		g.errorf("internal: no value variable for %s", kind)
		typ = jen.Any()
	}
	name := "val" + kind
	g.declare(name, typ)
	return name
}

// declare records the variable name of type typ in the declared scope of
// the function being written (g.scope), which declareScope declares.
func (g *generator) declare(name string, typ jen.Code) {
	if g.scope == nil {
		g.errorf("internal: %s assigned outside a declared scope", name)
		return
	}
	g.scope[name] = typ
}

// assignOp is the operator that assigns the variable name of type typ:
// "=" in a declared scope, which records it, else ":=" (the encoders,
// whose cases and loops declare their own).
func (g *generator) assignOp(name string, typ jen.Code) string {
	if g.scope == nil {
		return ":="
	}
	g.scope[name] = typ
	return "="
}

// declareScope returns the declarations of the variables that the
// statements written with g.scope set assign (declare), sorted by name, and
// ends the scope.
func (g *generator) declareScope() []jen.Code {
	names := make([]string, 0, len(g.scope))
	for n := range g.scope {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []jen.Code
	for _, n := range names {
		out = append(out, jen.Var().Id(n).Add(g.scope[n]))
	}
	g.scope = nil
	return out
}

// identOctet returns the single identifier octet of tag t in the given form
// (X.690 8.1.2.3), and false when its number needs the long form.
func identOctet(t asn1.Tag, constructed bool) (byte, bool) {
	if t.Number >= 31 {
		return 0, false
	}
	b := byte(t.Class)<<6 | byte(t.Number)
	if constructed {
		b |= 0x20
	}
	return b, true
}

// enterStmts enters the next element of reader r, which must have tag t, in
// place, leaving the token for Leave in the variable rest: through the
// inlined TryEnter when t has one identifier octet, Enter otherwise (and
// always in a compact type, and under enterByCall).
func (g *generator) enterStmts(r, rest string, t asn1.Tag, constructed bool, fail func(jen.Code) jen.Code) []jen.Code {
	tag := tagCode(t, constructed)
	id, ok := identOctet(t, constructed)
	g.declare(rest, jen.Int())
	enter := jen.If(jen.List(jen.Id(rest), jen.Err()).Op("=").Id(r).Dot("Enter").Call(tag), jen.Err().Op("!=").Nil()).Block(fail(jen.Err()))
	if !ok || g.compact || g.enterByCall {
		return []jen.Code{enter}
	}
	g.declare("ok", jen.Bool())
	return []jen.Code{jen.If(jen.List(jen.Id(rest), jen.Id("ok")).Op("=").Id(r).Dot("TryEnter").Call(hexByte(id)), jen.Op("!").Id("ok")).Block(enter)}
}

// leaveStmt leaves the element entered with the token in rest, through the
// inlined TryLeave when it can (Leave alone in a compact type and under
// enterByCall).
func (g *generator) leaveStmt(r, rest string, fail func(jen.Code) jen.Code) jen.Code {
	if g.compact || g.enterByCall {
		return jen.If(jen.Err().Op("=").Id(r).Dot("Leave").Call(jen.Id(rest)), jen.Err().Op("!=").Nil()).Block(fail(jen.Err()))
	}
	return jen.If(jen.Op("!").Id(r).Dot("TryLeave").Call(jen.Id(rest))).Block(
		jen.If(jen.Err().Op("=").Id(r).Dot("Leave").Call(jen.Id(rest)), jen.Err().Op("!=").Nil()).Block(fail(jen.Err())))
}

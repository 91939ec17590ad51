package gen

import (
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/cstagen/cstagen/asn1"
	"github.com/dave/jennifer/jen"
)

// This file holds the generator's paths for constructs ECMA-285 does not use
// and other schemas do (issue 21): loops whose body does not need the index
// (SEQUENCE OF NULL, SEQUENCE OF BOOLEAN), presence flags and setters named
// like other components, mandatory extension additions absent on the wire,
// closed ENUMERATED checks (Options.StrictEnumerated), DEFAULTs of REAL,
// strings and BIT STRINGs, INTEGERs beyond int64 (ber.BigInt), and open
// types checked against their table constraint.

// kUse matches a use of the loop index k in rendered Go.
var kUse = regexp.MustCompile(`\bk\b`)

// forRangeK is "for k := range over { body }", or "for range over { body }"
// when body does not use k (the size of a SEQUENCE OF BOOLEAN, the items of
// a SEQUENCE OF NULL), which Go would reject as an unused variable.
func forRangeK(over jen.Code, body ...jen.Code) jen.Code {
	if kUse.MatchString(fmt.Sprintf("%#v", jen.Block(body...))) {
		return jen.For(jen.Id("k").Op(":=").Range().Add(over)).Block(body...)
	}
	return jen.For(jen.Range().Add(over)).Block(body...)
}

// deriveClashes renames the presence flags (Has<Name>) that are the Go
// name of another component of the same type: such a flag gets a trailing
// underscore, as a getter (Get<Name>) and a CHOICE's setter (Set<Name>) do
// (gen/README.md, "Names"): c OPTIONAL beside hasC gives the fields C,
// HasC_ (the flag of c) and HasC (the component hasC).
func deriveClashes(fields []field) {
	names := map[string]bool{}
	for _, fd := range fields {
		names[fd.name] = true
	}
	for k := range fields {
		fd := &fields[k]
		if fd.has == "" {
			continue
		}
		for names[fd.has] {
			fd.has += "_"
		}
		names[fd.has] = true
	}
}

// setterName is the name of the setter of a CHOICE alternative: Set<Name>,
// with a trailing underscore when another alternative is called set<Name>.
func setterName(fd field, fieldNames map[string]bool) string {
	if s := "Set" + fd.name; !fieldNames[s] {
		return s
	}
	return "Set" + fd.name + "_"
}

// absentAddition returns the component as the generator holds it: a
// mandatory extension addition of a SEQUENCE or SET (one that is neither
// OPTIONAL nor DEFAULT) as a copy marked OPTIONAL, and true. X.680 lets a
// value come from a sender of an earlier version, without the additions
// (25.14), so a decoder must accept it and report them absent: a Has flag
// false or a nil pointer, as for an OPTIONAL component.
func absentAddition(c *asn1.Component, u *asn1.Type) (*asn1.Component, bool) {
	if (u.Kind != asn1.KindSequence && u.Kind != asn1.KindSet) || !c.Extension || c.Optional || c.Default != nil {
		return c, false
	}
	cp := *c
	cp.Optional = true
	return &cp, true
}

// additionDoc is the doc comment of a mandatory extension addition.
func additionDoc(c *asn1.Component) string {
	return c.Name + " " + asn1.Describe(c.Type) + " (extension addition: absent in a value from an earlier version)"
}

// closedEnum returns, for an ENUMERATED without an extension marker when
// Options.StrictEnumerated is set, its values as a constraint (merged
// ranges), which a decoded or encoded value must meet (X.680 20: no other
// value exists); nil for any other type. An extensible ENUMERATED keeps a
// value it does not know.
func closedEnum(vt valueType) *asn1.Constraint {
	u := vt.u
	if vt.named == nil || !vt.named.strictEnum || u.Kind != asn1.KindEnumerated || u.Extensible || len(u.Named) == 0 {
		return nil
	}
	var nums []int64
	for _, n := range u.Named {
		nums = append(nums, n.Number)
	}
	sort.Slice(nums, func(i, j int) bool { return nums[i] < nums[j] })
	c := &asn1.Constraint{Text: "a value of the ENUMERATED"}
	for _, n := range nums {
		if k := len(c.Ranges) - 1; k >= 0 && (n == c.Ranges[k].Max || n == c.Ranges[k].Max+1) {
			c.Ranges[k].Max = n
			continue
		}
		c.Ranges = append(c.Ranges, asn1.Range{Min: n, Max: n, HasMin: true, HasMax: true})
	}
	return c
}

// moreDefault returns the Go value of the DEFAULTs that defaultValue does
// not map itself: a named-bit BIT STRING given as 'bits'B or 'hex'H, REAL,
// and the types held as slices (OCTET STRING, character strings, a BIT
// STRING without named bits), whose value is a package variable declared
// once beside the type (decoding assigns it, sharing its memory as decoded
// strings share the input's). It returns nil when the generator cannot
// express the value: the component is then always written and an absent
// one decodes as the zero value.
func (g *generator) moreDefault(fd field) jen.Code {
	d, u := fd.c.Default, fd.vt.u
	switch {
	case u.Kind == asn1.KindBitString && len(u.Named) > 0 && !bigBits(u) && d.Kind == asn1.ValueString:
		bits, unused, ok := bitLiteral(d.Text)
		if !ok {
			return nil
		}
		var mask uint64
		for k := 0; k < len(bits)*8-unused && k < 64; k++ {
			if bits[k/8]&(0x80>>uint(k%8)) != 0 {
				mask |= 1 << (63 - uint(k))
			}
		}
		if fd.vt.named != nil {
			return jen.Id(fd.vt.named.name).Call(hexLit(mask))
		}
		return hexLit(mask)
	case u.Kind == asn1.KindReal && (d.Kind == asn1.ValueReal || d.Kind == asn1.ValueInteger):
		r := d.Real
		if d.Kind == asn1.ValueInteger {
			r = float64(d.Int)
		}
		var lit jen.Code = jen.Lit(r)
		switch {
		case math.IsInf(r, 1):
			lit = jen.Qual("math", "Inf").Call(jen.Lit(1))
		case math.IsInf(r, -1):
			lit = jen.Qual("math", "Inf").Call(jen.Lit(-1))
		case math.IsNaN(r):
			return nil
		}
		if fd.vt.named != nil {
			return jen.Id(fd.vt.named.name).Call(lit)
		}
		return lit
	}
	val := g.sliceDefault(fd)
	if val == nil {
		return nil
	}
	if g.defaultVars == nil {
		g.defaultVars = map[*asn1.Component]string{}
	}
	name, ok := g.defaultVars[fd.c]
	if !ok {
		name = unexported(fd.owner.name) + "Default" + fd.name
		g.defaultVars[fd.c] = name
		f := g.file(fd.owner.file, fd.owner.module.Name)
		f.Commentf("%s is the DEFAULT of %s.%s, %s.", name, fd.owner.name, fd.c.Name, fd.c.Default.Text)
		f.Var().Id(name).Op("=").Add(val)
	}
	return jen.Id(name)
}

// sliceDefault is the Go value of a DEFAULT held as a slice, or nil.
func (g *generator) sliceDefault(fd field) jen.Code {
	d, u := fd.c.Default, fd.vt.u
	if d.Kind != asn1.ValueString {
		return nil
	}
	conv := func(e jen.Code) jen.Code {
		if fd.vt.named != nil {
			return jen.Id(fd.vt.named.name).Call(e)
		}
		return jen.Index().Byte().Call(e)
	}
	switch u.Kind {
	case asn1.KindOctetString, asn1.KindString, asn1.KindTime:
		if b, unused, ok := bitLiteral(d.Text); ok && u.Kind == asn1.KindOctetString {
			if unused != 0 {
				return nil // not a whole number of octets
			}
			return conv(jen.Lit(string(b)))
		}
		if strings.HasPrefix(d.Text, `"`) {
			return conv(jen.Lit(d.Str))
		}
	case asn1.KindBitString:
		if len(u.Named) > 0 {
			return nil
		}
		b, unused, ok := bitLiteral(d.Text)
		if !ok {
			return nil
		}
		var t jen.Code = jen.Qual(berPkg, "BitString")
		if fd.vt.named != nil {
			t = jen.Id(fd.vt.named.name)
		}
		return jen.Add(t).Values(jen.Dict{jen.Id("Bytes"): jen.Index().Byte().Call(jen.Lit(string(b))), jen.Id("Unused"): jen.Lit(unused)})
	}
	return nil
}

// defaultDiffers is the condition that x, the field fd of a component with
// a DEFAULT the generator maps, is not that DEFAULT (then it is written);
// true (always written) when the generator does not map the DEFAULT.
func (g *generator) defaultDiffers(fd field, x jen.Code) jen.Code {
	dv := g.defaultValue(fd)
	if dv == nil {
		return jen.True()
	}
	if isBigInt(fd.vt.t) {
		return jen.Parens(bigRef(x)).Dot("Cmp").Call(jen.Op("&").Id(g.bigDefaultVar(fd)).Dot("Int")).Op("!=").Lit(0)
	}
	switch fd.vt.u.Kind {
	case asn1.KindOctetString, asn1.KindString, asn1.KindTime:
		return jen.String().Call(x).Op("!=").String().Call(dv)
	case asn1.KindBitString:
		if len(fd.vt.u.Named) == 0 {
			return jen.Add(x).Dot("Unused").Op("!=").Add(dv).Dot("Unused").Op("||").String().Call(jen.Add(x).Dot("Bytes")).Op("!=").String().Call(jen.Add(dv).Dot("Bytes"))
		}
	}
	return jen.Add(x).Op("!=").Add(dv)
}

// defaultEquals is the condition that x is the DEFAULT of fd (false when
// the generator does not map it).
func (g *generator) defaultEquals(fd field, x jen.Code) jen.Code {
	dv := g.defaultValue(fd)
	if dv == nil {
		return jen.False()
	}
	if isBigInt(fd.vt.t) {
		return jen.Parens(bigRef(x)).Dot("Cmp").Call(jen.Op("&").Id(g.bigDefaultVar(fd)).Dot("Int")).Op("==").Lit(0)
	}
	switch fd.vt.u.Kind {
	case asn1.KindOctetString, asn1.KindString, asn1.KindTime:
		return jen.String().Call(x).Op("==").String().Call(dv)
	case asn1.KindBitString:
		if len(fd.vt.u.Named) == 0 {
			return jen.Add(x).Dot("Unused").Op("==").Add(dv).Dot("Unused").Op("&&").String().Call(jen.Add(x).Dot("Bytes")).Op("==").String().Call(jen.Add(dv).Dot("Bytes"))
		}
	}
	return jen.Add(x).Op("==").Add(dv)
}

// bitLiteral decodes a bstring ('0110'B) or hstring ('CAFE'H) into octets
// and the number of unused bits in the last one.
func bitLiteral(text string) (b []byte, unused int, ok bool) {
	if len(text) < 3 || text[0] != '\'' || text[len(text)-2] != '\'' {
		return nil, 0, false
	}
	digits := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, text[1:len(text)-2])
	switch text[len(text)-1] {
	case 'B':
		b = make([]byte, (len(digits)+7)/8)
		for k, c := range digits {
			switch c {
			case '1':
				b[k/8] |= 0x80 >> uint(k%8)
			case '0':
			default:
				return nil, 0, false
			}
		}
		return b, len(b)*8 - len(digits), true
	case 'H':
		if len(digits)%2 == 1 {
			digits += "0"
			unused = 4
		}
		b, err := hex.DecodeString(digits)
		if err != nil {
			return nil, 0, false
		}
		return b, unused, true
	}
	return nil, 0, false
}

// isBigInt reports whether t is an INTEGER whose constraint, through its
// references, has a bound beyond the int64 range: its Go form is then
// ber.BigInt (a big.Int) rather than int64.
func isBigInt(t *asn1.Type) bool {
	if t == nil || t.Underlying() == nil || t.Underlying().Kind != asn1.KindInteger {
		return false
	}
	_, ranges := constraintsOf(t)
	for _, c := range ranges {
		for _, r := range c.Ranges {
			if r.BigMin != nil || r.BigMax != nil {
				return true
			}
		}
	}
	return false
}

// bigRef is the *big.Int of x, a ber.BigInt or a type defined on it.
func bigRef(x jen.Code) jen.Code { return jen.Op("&").Parens(x).Dot("Int") }

// emitBigInt writes an INTEGER type assignment with a bound beyond int64 as
// a type defined on ber.BigInt.
func (g *generator) emitBigInt(f *jen.File, gt *goType) {
	f.Comment(typeDoc(gt, "an INTEGER beyond the int64 range, as a big.Int"))
	f.Type().Id(gt.name).Qual(berPkg, "BigInt")
}

// bigRangeCond is rangeCond for a big INTEGER (x a *big.Int expression).
func bigRangeCond(x jen.Code, c *asn1.Constraint) jen.Code {
	var any jen.Code
	for _, r := range c.Ranges {
		lo, hi := "", ""
		if r.HasMin {
			lo = strconv.FormatInt(r.Min, 10)
			if r.BigMin != nil {
				lo = r.BigMin.String()
			}
		}
		if r.HasMax {
			hi = strconv.FormatInt(r.Max, 10)
			if r.BigMax != nil {
				hi = r.BigMax.String()
			}
		}
		if lo == "" && hi == "" {
			return nil // unbounded: no check
		}
		in := jen.Qual(berPkg, "BigInRange").Call(x, jen.Lit(lo), jen.Lit(hi))
		if any == nil {
			any = in
		} else {
			any = jen.Add(any).Op("||").Add(in)
		}
	}
	if any == nil {
		return nil
	}
	return jen.Op("!").Parens(any)
}

// bigFill sets the big INTEGER x to a value its constraint allows: a random
// uint64 when that lies in the first range, else the range's lower (or
// upper) bound.
func bigFill(x jen.Code, ranges []*asn1.Constraint) []jen.Code {
	random := []jen.Code{jen.Parens(bigRef(x)).Dot("SetUint64").Call(jen.Id("r").Dot("Uint64").Call())}
	for _, c := range ranges {
		if len(c.Ranges) == 0 || c.Extensible {
			continue
		}
		r := c.Ranges[0]
		lo, hi := exactBound(r.Min, r.BigMin), exactBound(r.Max, r.BigMax)
		maxU := new(big.Int).SetUint64(math.MaxUint64)
		if (!r.HasMin || lo.Sign() <= 0) && (!r.HasMax || hi.Cmp(maxU) >= 0) {
			return random
		}
		bound := lo
		if !r.HasMin {
			bound = hi
		}
		return []jen.Code{jen.Parens(bigRef(x)).Dot("SetString").Call(jen.Lit(bound.String()), jen.Lit(10))}
	}
	return random
}

// exactBound is a range bound as a big.Int.
func exactBound(v int64, b *big.Int) *big.Int {
	if b != nil {
		return b
	}
	return big.NewInt(v)
}

// openTypeChecks returns the statements, run after a SEQUENCE or SET has
// been decoded, that check each open type component constrained by a table
// ("ATTR.&Type ({Attrs}{@id})", X.682 10) against the object its key
// component selects: the value must decode as that object's type, and a key
// that selects no object of a set without extension marker is an error. The
// generator checks what it knows: a key component of the same structure,
// mandatory, an INTEGER or OBJECT IDENTIFIER compared with the class's
// UNIQUE (or only) value field, and objects whose type is a generated one;
// other objects are accepted as they are.
func (g *generator) openTypeChecks(gt *goType, fields []field) []jen.Code {
	var out []jen.Code
	for _, fd := range fields {
		key, idField := tableKey(fd, fields)
		if key == nil {
			continue
		}
		o := fd.vt.u.Open
		var cases []jen.Code
		complete := !o.Set.Extensible
		for _, obj := range o.Set.Objects {
			cond, _ := keyMatch(key, obj.Values[idField], jen.Id("v"))
			if cond == nil {
				complete = false // a key value the generator cannot compare
				continue
			}
			var check []jen.Code
			if t := g.objectType(obj, o.Field); t != nil {
				check = []jen.Code{
					jen.Var().Id("x").Id(t.name),
					jen.If(jen.Err().Op(":=").Id("x").Dot("DecodeBERLimits").Call(fd.get(jen.Id("v")), jen.Id("r").Dot("Limits").Call()), jen.Err().Op("!=").Nil()).Block(
						jen.Return(jen.Qual(berPkg, "WrapField").Call(jen.Err(), jen.Lit(gt.name), jen.Lit(fd.c.Name)))),
				}
			}
			cases = append(cases, jen.Case(cond).Block(check...))
		}
		if len(cases) == 0 {
			continue
		}
		set := o.Set.Name
		if set == "" {
			set = "its table"
		}
		if complete {
			cases = append(cases, jen.Default().Block(jen.Return(jen.Qual(berPkg, "Constraint").Call(jen.Id("r").Dot("Offset").Call(), jen.Lit(gt.name), jen.Lit(fd.c.Name),
				jen.Lit(fmt.Sprintf("no object of %s has this %s", set, o.Key))))))
		}
		sw := jen.Switch().Block(cases...)
		if fd.optional() {
			sw = jen.If(fd.presentCond(jen.Id("v"))).Block(sw)
		}
		out = append(out, jen.Comment(fmt.Sprintf("%s is of the type of the object of %s that %s selects (X.682 10).", fd.c.Name, set, o.Key)), sw)
	}
	return out
}

// tableKey returns, for an open type component constrained by a table
// whose key the generator can compare (see openTypeChecks), the key
// component and the class field its value is compared with.
func tableKey(fd field, fields []field) (*field, string) {
	o := fd.vt.u.Open
	if fd.vt.u.Kind != asn1.KindOpen || o == nil || o.Set == nil || o.Set.Class == nil || o.Key == "" || !fd.value {
		return nil, ""
	}
	var key *field
	for k := range fields {
		if fields[k].c.Name == o.Key {
			key = &fields[k]
		}
	}
	if key == nil || key.optional() || !key.value || isBigInt(key.vt.t) {
		return nil, ""
	}
	idField := ""
	for _, f := range o.Set.Class.Fields {
		if f.Kind == asn1.ValueField && (f.Unique || idField == "") {
			idField = f.Name
		}
	}
	if idField == "" {
		return nil, ""
	}
	return key, idField
}

// keyMatch returns the condition that the key component of recv has the
// value val, and the Go value of val for the key; nil when the generator
// cannot compare them.
func keyMatch(key *field, val *asn1.Value, recv jen.Code) (cond, lit jen.Code) {
	switch {
	case val == nil:
	case key.vt.u.Kind == asn1.KindInteger && val.Kind == asn1.ValueInteger && val.Big == nil:
		lit = num(val.Int)
		if key.vt.named != nil {
			lit = jen.Id(key.vt.named.name).Call(lit)
		}
		return jen.Int64().Call(key.get(recv)).Op("==").Add(num(val.Int)), lit
	case key.vt.u.Kind == asn1.KindObjectIdentifier && val.Kind == asn1.ValueOID:
		var arcs []jen.Code
		for _, a := range val.OID {
			arcs = append(arcs, jen.Lit(int(a)))
		}
		lit = jen.Index().Uint32().Values(arcs...)
		if key.vt.named != nil {
			lit = jen.Id(key.vt.named.name).Values(arcs...)
		}
		return jen.Qual("slices", "Equal").Call(jen.Index().Uint32().Call(key.get(recv)), jen.Index().Uint32().Values(arcs...)), lit
	}
	return nil, nil
}

// objectType is the generated type that an object gives its type field, or
// nil (not a reference to a generated type with the same tags).
func (g *generator) objectType(obj *asn1.Object, field string) *goType {
	typ := obj.Types[field]
	if typ == nil || typ.Ref == nil || g.byDef[typ.Ref] == nil || len(typ.Tags) != len(typ.Ref.Type.Tags) {
		return nil
	}
	return g.byDef[typ.Ref]
}

// openTypeFill returns the statements that make a random value of a
// structure meet its table constraints (openTypeChecks): the key of the
// first object whose key the generator can compare, and a random value of
// its type when that is a generated one.
func (g *generator) openTypeFill(fields []field, x jen.Code) []jen.Code {
	var out []jen.Code
	for _, fd := range fields {
		key, idField := tableKey(fd, fields)
		if key == nil {
			continue
		}
		for _, obj := range fd.vt.u.Open.Set.Objects {
			_, lit := keyMatch(key, obj.Values[idField], x)
			if lit == nil {
				continue
			}
			t := g.objectType(obj, fd.vt.u.Open.Field)
			if t == nil { // a type the check does not decode: any value does
				out = append(out, jen.Add(key.get(x)).Op("=").Add(lit))
				break
			}
			value := []jen.Code{
				jen.Var().Id("ov").Id(t.name),
				jen.Id("ov").Dot("fillRandom").Call(jen.Id("r"), jen.Id("depth").Op("+").Lit(1)),
				jen.List(jen.Add(fd.get(x)), jen.Id("_")).Op("=").Id("ov").Dot("AppendBER").Call(jen.Nil()),
			}
			out = append(out, jen.Add(key.get(x)).Op("=").Add(lit))
			if fd.optional() {
				out = append(out, jen.If(fd.presentCond(x)).Block(value...))
			} else {
				out = append(out, jen.Block(value...))
			}
			break
		}
	}
	return out
}

// bigDefaultType returns the value type of a component: vt, or, for a
// built-in INTEGER whose DEFAULT lies beyond int64 ("a INTEGER DEFAULT
// 9223372036854775808"), the same INTEGER mapped to ber.BigInt (a copy of
// the type with an unbounded range that records the big value).
func bigDefaultType(vt valueType, c *asn1.Component) valueType {
	d := c.Default
	if d == nil || d.Big == nil || vt.named != nil || vt.t.Ref != nil || vt.u.Kind != asn1.KindInteger || isBigInt(vt.t) {
		return vt
	}
	cp := *vt.t
	cp.Range = &asn1.Constraint{Ranges: []asn1.Range{{BigMin: d.Big, BigMax: d.Big}}, Extensible: true, Text: "(DEFAULT beyond int64)"}
	vt.t, vt.u = &cp, &cp
	return vt
}

// bigDefaultVar returns the package variable holding the DEFAULT of a big
// INTEGER component, declaring it beside the type on first use, or "" when
// the DEFAULT is no INTEGER value.
func (g *generator) bigDefaultVar(fd field) string {
	d := fd.c.Default
	if d == nil || d.Kind != asn1.ValueInteger {
		return ""
	}
	text := strconv.FormatInt(d.Int, 10)
	if d.Big != nil {
		text = d.Big.String()
	}
	if g.defaultVars == nil {
		g.defaultVars = map[*asn1.Component]string{}
	}
	if name, ok := g.defaultVars[fd.c]; ok {
		return name
	}
	name := unexported(fd.owner.name) + "Default" + fd.name
	g.defaultVars[fd.c] = name
	f := g.file(fd.owner.file, fd.owner.module.Name)
	f.Commentf("%s is the DEFAULT of %s.%s, %s.", name, fd.owner.name, fd.c.Name, text)
	f.Var().Id(name).Op("=").Func().Params().Params(jen.Id("v").Qual(berPkg, "BigInt")).Block(
		jen.Id("v").Dot("SetString").Call(jen.Lit(text), jen.Lit(10)),
		jen.Return(),
	).Call()
	return name
}

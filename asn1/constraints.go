package asn1

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/cstagen/cstagen/asn1/syntax"
)

// constrain records what a constraint means for encoding: value ranges,
// size ranges, and table constraints of open types. Other constraints
// (user-defined, WITH COMPONENTS, PATTERN) do not change BER or XML
// encodings and are kept only as text.
func (r *resolver) constrain(t *Type, c *syntax.Constraint, sc *scope) {
	if c.General != nil || c.Set == nil {
		return
	}
	spec := c.Set
	if spec.Root == nil {
		return
	}
	var values, sizes []Range
	for _, in := range spec.Root.Unions {
		for _, ex := range in.Elements {
			e := ex.Elems
			switch {
			case e.Size != nil:
				if !sizeable(t.Kind) {
					r.errorf(e.Pos, "a SIZE constraint cannot apply to %s", t.Kind)
					continue
				}
				sizes = append(sizes, r.ranges(e.Size, sc, true)...)
			case e.Range != nil:
				if rg, ok := r.valueRange(e.Range, sc, false, t); ok {
					values = append(values, rg)
				}
			case e.Containing != nil:
				if kindIn(t.Kind, KindBitString, KindOctetString) {
					t.Containing = r.typeOf(e.Containing, sc)
					if e.EncodedBy != nil {
						if v := r.value(e.EncodedBy, &Type{Kind: KindObjectIdentifier}, sc); v != nil && v.Kind == ValueOID {
							t.EncodedBy = v.OID
						}
					}
				} else if t.Kind != KindInvalid {
					r.errorf(e.Pos, "a CONTAINING constraint cannot apply to %s", t.Kind)
				}
			case e.EncodedOnly != nil:
				if v := r.value(e.EncodedOnly, &Type{Kind: KindObjectIdentifier}, sc); v != nil && v.Kind == ValueOID {
					t.EncodedBy = v.OID
				}
			case e.Table != nil && t.Kind == KindOpen && t.Open != nil:
				r.tableConstraint(t, e.Table, sc)
			case e.Nested != nil:
				// A parenthesized set: take its single values and ranges.
				for _, in2 := range e.Nested.Unions {
					for _, ex2 := range in2.Elements {
						if ex2.Elems.Range != nil {
							if rg, ok := r.valueRange(ex2.Elems.Range, sc, false, t); ok {
								values = append(values, rg)
							}
						}
					}
				}
			}
		}
	}
	if len(values) > 0 {
		text := formatRanges(values, spec.Extension || spec.OnlyExt)
		t.Range = &Constraint{Ranges: values, Extensible: spec.Extension || spec.OnlyExt, Text: text}
	}
	if len(sizes) > 0 {
		t.Size = &Constraint{Ranges: sizes, Extensible: spec.Extension || spec.OnlyExt, Text: formatRanges(sizes, spec.Extension || spec.OnlyExt)}
	}
}

// constrainSizeOf handles the constraint written between SEQUENCE and OF.
func (r *resolver) constrainSizeOf(t *Type, c *syntax.Constraint, sc *scope, isSize bool) {
	if isSize {
		rs := r.ranges(c, sc, true)
		if len(rs) > 0 {
			ext := c.Set != nil && (c.Set.Extension || c.Set.OnlyExt)
			t.Size = &Constraint{Ranges: rs, Extensible: ext, Text: formatRanges(rs, ext)}
		}
		return
	}
	r.constrain(t, c, sc)
}

// ranges reduces a constraint to the ranges of its root (used for SIZE).
func (r *resolver) ranges(c *syntax.Constraint, sc *scope, size bool) []Range {
	if c.Set == nil || c.Set.Root == nil {
		return nil
	}
	var out []Range
	for _, in := range c.Set.Root.Unions {
		for _, ex := range in.Elements {
			if ex.Elems.Range != nil {
				if rg, ok := r.valueRange(ex.Elems.Range, sc, size, nil); ok {
					out = append(out, rg)
				}
			}
		}
	}
	return out
}

// sizeable reports whether a SIZE constraint can apply to a type of kind k
// (X.680 51.5: bit, octet and character strings, SEQUENCE OF, SET OF).
func sizeable(k Kind) bool {
	switch k {
	case KindBitString, KindOctetString, KindString, KindTime, KindSequenceOf, KindSetOf, KindOpen, KindInvalid:
		return true
	}
	return false
}

// valueRange resolves a single value or range of values of t (a size when
// t is nil). Only INTEGER and REAL values make ranges; the values of other
// types are checked against the type and make none.
func (r *resolver) valueRange(vr *syntax.ValueRange, sc *scope, size bool, t *Type) (Range, bool) {
	var rg Range
	if t != nil && !kindIn(t.Kind, KindInteger, KindReal, KindInvalid, KindOpen) {
		for _, v := range []*syntax.Value{vr.Lower, vr.Upper} {
			if v != nil && v.Keyword != "MIN" && v.Keyword != "MAX" {
				r.value(v, t, sc)
			}
		}
		return rg, false
	}
	k := KindInteger
	if t != nil {
		k = t.Kind
	}
	lo, loBig, loOK, ok := r.bound(vr.Lower, sc, k, t)
	if !ok {
		return rg, false
	}
	if vr.Upper == nil {
		if !loOK {
			r.errorf(vr.Pos, "MIN or MAX alone is not a value")
			return rg, false
		}
		rg = Range{Min: lo, Max: lo, HasMin: true, HasMax: true, BigMin: loBig, BigMax: loBig}
	} else {
		hi, hiBig, hiOK, ok := r.bound(vr.Upper, sc, k, t)
		if !ok {
			return rg, false
		}
		if vr.LowerOpen {
			lo, loBig = step(lo, loBig, 1)
		}
		if vr.UpperOpen {
			hi, hiBig = step(hi, hiBig, -1)
		}
		rg = Range{Min: lo, Max: hi, HasMin: loOK, HasMax: hiOK, BigMin: loBig, BigMax: hiBig}
		if loOK && hiOK && exact(lo, loBig).Cmp(exact(hi, hiBig)) > 0 {
			r.errorf(vr.Pos, "bad constraint: lower bound %s is greater than upper bound %s", exact(lo, loBig), exact(hi, hiBig))
			return rg, false
		}
	}
	if size && rg.HasMin && rg.Min < 0 {
		r.errorf(vr.Pos, "bad constraint: a size cannot be negative (%d)", rg.Min)
		return rg, false
	}
	if size && !rg.HasMin {
		rg.Min, rg.HasMin = 0, true
	}
	return rg, true
}

// bound resolves one end of a range: a number, MIN/MAX (bounded=false), or
// an INTEGER value reference. A value reference of another type is a
// single value of a type of kind k other than INTEGER: not a bound.
func (r *resolver) bound(v *syntax.Value, sc *scope, k Kind, t *Type) (val int64, bigVal *big.Int, bounded, ok bool) {
	switch {
	case v.Number != nil:
		n, b, err := signedBig(v.Number)
		if err != nil {
			r.errorf(v.Pos, "bad number: %v", err)
			return 0, nil, false, false
		}
		return n, b, true, true
	case v.Keyword == "MIN" || v.Keyword == "MAX":
		return 0, nil, false, true
	case v.Ref != nil && len(v.Ref.Dotted) == 0 && v.Ref.Actuals == nil:
		if ap := sc.lookupParam(v.Ref.Name); ap != nil && v.Ref.Module == "" {
			return 0, nil, false, true // a value parameter: the bound is the actual's
		}
		if u := r.underlying(t); u != nil && v.Ref.Module == "" {
			for _, n := range u.Named { // INTEGER {low(0), high(10)} (low..high)
				if n.Name == v.Ref.Name {
					return n.Number, nil, true, true
				}
			}
		}
		vd, isVal := r.lookupRef(sc.mod, v.Ref.Module, v.Ref.Name).(*ValueDef)
		if !isVal {
			r.errorf(v.Pos, "undefined value %s in constraint", v.Ref.Name)
			return 0, nil, false, false
		}
		r.valueDef(vd)
		if vd.Value != nil && vd.Value.Kind != ValueInteger && k != KindInteger {
			return 0, nil, false, false
		}
		if vd.Value == nil || vd.Value.Kind != ValueInteger {
			r.errorf(v.Pos, "%s is not an INTEGER value", v.Ref.Name)
			return 0, nil, false, false
		}
		if vd.Value.Big != nil {
			return clamp(vd.Value.Big), vd.Value.Big, true, true
		}
		return vd.Value.Int, nil, true, true
	}
	// Other single values (strings, braced values) do not bound integers.
	return 0, nil, false, false
}

// exact returns a bound as a *big.Int.
func exact(v int64, b *big.Int) *big.Int {
	if b != nil {
		return b
	}
	return big.NewInt(v)
}

// step adds d to a bound, keeping it exact.
func step(v int64, b *big.Int, d int64) (int64, *big.Int) {
	x := new(big.Int).Add(exact(v, b), big.NewInt(d))
	if x.IsInt64() {
		return x.Int64(), nil
	}
	return clamp(x), x
}

// boundText formats one end of a range.
func boundText(v int64, b *big.Int) string {
	if b != nil {
		return b.String()
	}
	return strconv.FormatInt(v, 10)
}

// tableConstraint records the object set and the @component of a table
// constraint on an open type (X.682 10).
func (r *resolver) tableConstraint(t *Type, tc *syntax.TableConstraint, sc *scope) {
	open := *t.Open
	open.Set = r.objectSetFromGroup(tc.Set.Tokens, sc, r.classNamed(open.Class, sc), "")
	if tc.AtNotation != nil {
		toks := tc.AtNotation.Tokens
		key := ""
		for _, tk := range toks[1 : len(toks)-1] {
			if tk.Value != "@" {
				key += tk.Value
			}
		}
		open.Key = key
	}
	t.Open = &open
}

// formatRanges writes ranges as ASN.1 constraint text: "0..64", "1 | 3..5, ...".
func formatRanges(rs []Range, ext bool) string {
	var b strings.Builder
	for i, r := range rs {
		if i > 0 {
			b.WriteString(" | ")
		}
		lo, hi := "MIN", "MAX"
		if r.HasMin {
			lo = boundText(r.Min, r.BigMin)
		}
		if r.HasMax {
			hi = boundText(r.Max, r.BigMax)
		}
		if r.HasMin && r.HasMax && r.Min == r.Max {
			b.WriteString(lo)
		} else {
			b.WriteString(lo + ".." + hi)
		}
	}
	if ext {
		b.WriteString(", ...")
	}
	return b.String()
}

// containsExact reports whether v lies in the constraint's root ranges.
func (c *Constraint) containsExact(v *big.Int) bool {
	if c == nil || len(c.Ranges) == 0 {
		return true
	}
	for _, r := range c.Ranges {
		if (!r.HasMin || v.Cmp(exact(r.Min, r.BigMin)) >= 0) && (!r.HasMax || v.Cmp(exact(r.Max, r.BigMax)) <= 0) {
			return true
		}
	}
	return false
}

package asn1

import (
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
				sizes = append(sizes, r.ranges(e.Size, sc, true)...)
			case e.Range != nil:
				if rg, ok := r.valueRange(e.Range, sc, false); ok {
					values = append(values, rg)
				}
			case e.Table != nil && t.Kind == KindOpen && t.Open != nil:
				r.tableConstraint(t, e.Table, sc)
			case e.Nested != nil:
				// A parenthesized set: take its single values and ranges.
				for _, in2 := range e.Nested.Unions {
					for _, ex2 := range in2.Elements {
						if ex2.Elems.Range != nil {
							if rg, ok := r.valueRange(ex2.Elems.Range, sc, false); ok {
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
				if rg, ok := r.valueRange(ex.Elems.Range, sc, size); ok {
					out = append(out, rg)
				}
			}
		}
	}
	return out
}

// valueRange resolves a single value or range.
func (r *resolver) valueRange(vr *syntax.ValueRange, sc *scope, size bool) (Range, bool) {
	var rg Range
	lo, loOK, ok := r.bound(vr.Lower, sc)
	if !ok {
		return rg, false
	}
	if vr.Upper == nil {
		if !loOK {
			r.errorf(vr.Pos, "MIN or MAX alone is not a value")
			return rg, false
		}
		rg = Range{Min: lo, Max: lo, HasMin: true, HasMax: true}
	} else {
		hi, hiOK, ok := r.bound(vr.Upper, sc)
		if !ok {
			return rg, false
		}
		if vr.LowerOpen {
			lo++
		}
		if vr.UpperOpen {
			hi--
		}
		rg = Range{Min: lo, Max: hi, HasMin: loOK, HasMax: hiOK}
		if loOK && hiOK && lo > hi {
			r.errorf(vr.Pos, "bad constraint: lower bound %d is greater than upper bound %d", lo, hi)
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
// an INTEGER value reference.
func (r *resolver) bound(v *syntax.Value, sc *scope) (val int64, bounded, ok bool) {
	switch {
	case v.Number != nil:
		n, err := signedValue(v.Number)
		if err != nil {
			r.errorf(v.Pos, "bad number: %v", err)
			return 0, false, false
		}
		return n, true, true
	case v.Keyword == "MIN" || v.Keyword == "MAX":
		return 0, false, true
	case v.Ref != nil && v.Ref.Module == "" && len(v.Ref.Dotted) == 0:
		if ap := sc.lookupParam(v.Ref.Name); ap != nil {
			return 0, false, true // a value parameter: the bound is the actual's
		}
		vd, isVal := r.lookup(sc.mod, v.Ref.Name).(*ValueDef)
		if !isVal {
			r.errorf(v.Pos, "undefined value %s in constraint", v.Ref.Name)
			return 0, false, false
		}
		r.valueDef(vd)
		if vd.Value == nil || vd.Value.Kind != ValueInteger {
			r.errorf(v.Pos, "%s is not an INTEGER value", v.Ref.Name)
			return 0, false, false
		}
		return vd.Value.Int, true, true
	}
	// Other single values (strings, braced values) do not bound integers.
	return 0, false, false
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
			lo = strconv.FormatInt(r.Min, 10)
		}
		if r.HasMax {
			hi = strconv.FormatInt(r.Max, 10)
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

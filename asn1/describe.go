package asn1

import (
	"fmt"
	"strings"
)

// Describe returns a one-line canonical description of t: its kind, tags,
// constraints, named numbers and, for constructed types, its components,
// with referenced types named as Module.Type. Two types with the same
// description encode and decode identically; tests use it to compare two
// schema sets type by type, and it documents types in generated code.
func Describe(t *Type) string {
	var b strings.Builder
	describe(&b, t, 0)
	return b.String()
}

func describe(b *strings.Builder, t *Type, depth int) {
	if t == nil {
		b.WriteString("<nil>")
		return
	}
	if depth > 32 {
		b.WriteString("...")
		return
	}
	for i, tg := range t.Tags {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(tg.String())
	}
	if len(t.Tags) > 0 {
		b.WriteByte(' ')
	}
	if t.Ref != nil {
		fmt.Fprintf(b, "%s", t.Ref.QualifiedName())
		if t.Ref.Instance != "" {
			fmt.Fprintf(b, "<%s>", t.Ref.Instance)
		}
		describeConstraints(b, t)
		return
	}
	switch t.Kind {
	case KindString, KindTime:
		b.WriteString(t.StringType)
	case KindOpen:
		if t.Open != nil {
			fmt.Fprintf(b, "%s.%s", t.Open.Class, t.Open.Field)
			if t.Open.Set != nil {
				fmt.Fprintf(b, "({%d objects}", len(t.Open.Set.Objects))
				if t.Open.Key != "" {
					fmt.Fprintf(b, "{@%s}", t.Open.Key)
				}
				b.WriteByte(')')
			}
		} else {
			b.WriteString("open")
		}
	case KindSequenceOf:
		b.WriteString("SEQUENCE")
	case KindSetOf:
		b.WriteString("SET")
	default:
		b.WriteString(t.Kind.String())
	}
	if len(t.Named) > 0 {
		b.WriteString(" {")
		for i, n := range t.Named {
			if i > 0 {
				b.WriteString(", ")
			}
			if n.Extension && (i == 0 || !t.Named[i-1].Extension) {
				b.WriteString("..., ")
			}
			fmt.Fprintf(b, "%s(%d)", n.Name, n.Number)
		}
		b.WriteByte('}')
	}
	describeConstraints(b, t)
	switch t.Kind {
	case KindSequence, KindSet, KindChoice:
		b.WriteString(" {")
		for i, c := range t.Components {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteByte(' ')
			if c.Extension {
				b.WriteString("+")
			}
			b.WriteString(c.Name)
			b.WriteByte(' ')
			describe(b, c.Type, depth+1)
			if c.Optional {
				b.WriteString(" OPTIONAL")
			}
			if c.Default != nil {
				fmt.Fprintf(b, " DEFAULT %s", DescribeValue(c.Default))
			}
		}
		if t.Extensible {
			b.WriteString(", ...")
		}
		b.WriteString(" }")
	case KindSequenceOf, KindSetOf:
		b.WriteString(" OF ")
		if t.ElemName != "" {
			b.WriteString(t.ElemName + " ")
		}
		describe(b, t.Elem, depth+1)
	}
}

func describeConstraints(b *strings.Builder, t *Type) {
	for _, c := range []struct {
		name string
		c    *Constraint
	}{{"", t.Range}, {"SIZE", t.Size}} {
		if c.c == nil {
			continue
		}
		b.WriteString(" (")
		if c.name != "" {
			b.WriteString(c.name + " ")
		}
		for i, r := range c.c.Ranges {
			if i > 0 {
				b.WriteString("|")
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
		if c.c.Extensible {
			b.WriteString(", ...")
		}
		b.WriteByte(')')
	}
}

// DescribeValue returns a canonical text for a resolved value (see Describe).
func DescribeValue(v *Value) string {
	switch v.Kind {
	case ValueInteger, ValueEnumerated:
		if v.Big != nil {
			return v.Big.String()
		}
		if v.Name != "" {
			return fmt.Sprintf("%s(%d)", v.Name, v.Int)
		}
		return fmt.Sprint(v.Int)
	case ValueBoolean:
		return fmt.Sprint(v.Bool)
	case ValueBits:
		return "{" + strings.Join(v.Bits, ",") + "}"
	case ValueOID:
		return "{" + OIDString(v.OID) + "}"
	case ValueChoice:
		if v.Choice != nil {
			return v.Name + ":" + DescribeValue(v.Choice)
		}
	}
	return v.Text
}

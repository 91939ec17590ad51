// Package value holds the reflection-based helpers behind the Clone and
// String methods of generated types. They walk the exported fields only:
// generated types keep, in unexported fields, values for reuse by the next
// decoding, which are not part of the value and are neither copied nor
// printed. Neither function is meant for a hot path: decoding and encoding
// never call them.
package value

import (
	"encoding/hex"
	"fmt"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Clone returns a deep copy of *v that shares no memory with it: byte
// slices, lists and pointed-to values are copied, unexported fields (values
// kept for reuse) are left zero. Clone of nil is nil.
func Clone[T any](v *T) *T {
	if v == nil {
		return nil
	}
	out := new(T)
	copyValue(reflect.ValueOf(out).Elem(), reflect.ValueOf(v).Elem())
	return out
}

// CloneAny is Clone for a value held in an interface, such as a generated
// type behind csta.Message: a deep copy of the same type when v is a non-nil
// pointer, else v itself.
func CloneAny(v any) any {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return v
	}
	out := reflect.New(rv.Type().Elem())
	copyValue(out.Elem(), rv.Elem())
	return out.Interface()
}

// copyValue deep-copies src into dst, which is settable and of the same type.
func copyValue(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Struct:
		if src.Type() == bigIntType { // unexported fields: copied by its own method
			x := src.Interface().(big.Int)
			dst.Set(reflect.ValueOf(*new(big.Int).Set(&x)))
			return
		}
		t := src.Type()
		for i := 0; i < t.NumField(); i++ {
			if t.Field(i).IsExported() {
				copyValue(dst.Field(i), src.Field(i))
			}
		}
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		p := reflect.New(src.Type().Elem())
		copyValue(p.Elem(), src.Elem())
		dst.Set(p)
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		if src.Type().Elem().Kind() == reflect.Uint8 {
			reflect.Copy(s, src)
		} else {
			for i := 0; i < src.Len(); i++ {
				copyValue(s.Index(i), src.Index(i))
			}
		}
		dst.Set(s)
	case reflect.Array:
		for i := 0; i < src.Len(); i++ {
			copyValue(dst.Index(i), src.Index(i))
		}
	case reflect.Interface:
		if src.IsNil() {
			return
		}
		e := src.Elem()
		c := reflect.New(e.Type()).Elem()
		copyValue(c, e)
		dst.Set(c)
	default:
		dst.Set(src)
	}
}

// Format returns a readable one-line form of v: fields by their Go names,
// absent OPTIONAL components (Has flag false, nil pointer), empty values and
// unchosen CHOICE alternatives left out, enumerations and bit sets by their
// String, octet strings as text when they are printable and in hexadecimal
// otherwise.
func Format(v any) string {
	var b strings.Builder
	format(&b, reflect.ValueOf(v), 0)
	return b.String()
}

var (
	stringer   = reflect.TypeOf((*fmt.Stringer)(nil)).Elem()
	bigIntType = reflect.TypeOf(big.Int{})
)

// maxDepth bounds the nesting Format follows (recursive types).
const maxDepth = 64

func format(b *strings.Builder, v reflect.Value, depth int) {
	if depth > maxDepth {
		b.WriteString("...")
		return
	}
	switch v.Kind() {
	case reflect.Invalid:
		b.WriteString("<nil>")
		return
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			b.WriteString("<nil>")
			return
		}
		format(b, v.Elem(), depth+1)
		return
	}
	t := v.Type()
	if t.Kind() != reflect.Struct && t.Kind() != reflect.Pointer && t.Implements(stringer) {
		b.WriteString(v.Interface().(fmt.Stringer).String())
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		if n, ok := bigOf(v); ok {
			b.WriteString(n.String()) // a big INTEGER (ber.BigInt): in decimal
			return
		}
		formatStruct(b, v, depth)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			formatBytes(b, v.Bytes())
			return
		}
		b.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			format(b, v.Index(i), depth+1)
		}
		b.WriteByte(']')
	case reflect.Array:
		b.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			format(b, v.Index(i), depth+1)
		}
		b.WriteByte(']')
	case reflect.Bool:
		b.WriteString(strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		b.WriteString(strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		b.WriteString(strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32, reflect.Float64:
		b.WriteString(strconv.FormatFloat(v.Float(), 'g', -1, 64))
	case reflect.String:
		b.WriteString(strconv.Quote(v.String()))
	default:
		fmt.Fprint(b, v.Interface())
	}
}

// formatStruct writes the present exported fields of a struct. A CHOICE
// (a struct with a Choice field) shows its chosen alternative, or the
// Choice itself for an alternative without a field (NULL).
func formatStruct(b *strings.Builder, v reflect.Value, depth int) {
	t := v.Type()
	b.WriteByte('{')
	n := 0
	choice := -1
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		fv := v.Field(i)
		switch {
		case f.Name == "Choice" && f.Type.Implements(stringer): // a CHOICE's selector
			choice = i
			continue
		case strings.HasPrefix(f.Name, "Has") && f.Type.Kind() == reflect.Bool:
			continue
		}
		if has := presence(v, f.Name); has.IsValid() {
			if !has.Bool() {
				continue
			}
		} else if fv.IsZero() || (fv.Kind() == reflect.Slice && fv.Len() == 0) || zeroBig(fv) {
			continue
		}
		if n > 0 {
			b.WriteString(", ")
		}
		n++
		b.WriteString(f.Name)
		b.WriteByte(':')
		format(b, fv, depth+1)
	}
	if n == 0 && choice >= 0 {
		if c := v.Field(choice); !c.IsZero() {
			format(b, c, depth+1)
		}
	}
	b.WriteByte('}')
}

// bigOf returns the number held by a big.Int or by a struct that embeds one
// alone (ber.BigInt and the types defined on it).
func bigOf(v reflect.Value) (*big.Int, bool) {
	t := v.Type()
	if t != bigIntType {
		if t.NumField() != 1 || !t.Field(0).Anonymous || t.Field(0).Type != bigIntType {
			return nil, false
		}
		v = v.Field(0)
	}
	x := v.Interface().(big.Int)
	return &x, true
}

// zeroBig reports whether v is a big INTEGER equal to 0 (which a decoding
// may hold in a non-nil empty slice).
func zeroBig(v reflect.Value) bool {
	if v.Kind() != reflect.Struct {
		return false
	}
	n, ok := bigOf(v)
	return ok && n.Sign() == 0
}

// presence returns the presence flag of the field name of struct v: the
// bool field Has<name>, or Has<name>_ (and so on) when a component took that
// name (gen/README.md, "Names"); the zero Value when there is none.
func presence(v reflect.Value, name string) reflect.Value {
	for flag := "Has" + name; ; flag += "_" {
		has := v.FieldByName(flag)
		if !has.IsValid() {
			return reflect.Value{}
		}
		if has.Kind() == reflect.Bool {
			return has
		}
	}
}

// Octets returns p as text when it is printable UTF-8 (an OCTET STRING that
// holds a number or a name), else as 0x and its octets in hexadecimal (a
// call ID, a cross-reference ID): the String form of the generated OCTET
// STRING types. An empty p is "".
func Octets(p []byte) string {
	if printableText(p) {
		return string(p)
	}
	return "0x" + hex.EncodeToString(p)
}

// formatBytes writes text that is printable UTF-8 quoted, anything else in
// hexadecimal.
func formatBytes(b *strings.Builder, p []byte) {
	if printableText(p) {
		b.WriteString(strconv.Quote(string(p)))
		return
	}
	b.WriteString("0x")
	b.WriteString(hex.EncodeToString(p))
}

// printableText reports whether p is valid UTF-8 of printable characters
// only (strconv.IsPrint).
func printableText(p []byte) bool {
	if !utf8.Valid(p) {
		return false
	}
	for _, r := range string(p) {
		if !strconv.IsPrint(r) {
			return false
		}
	}
	return true
}

// Name returns the identifier of the number n of an ENUMERATED or named
// INTEGER type whose identifiers names holds by number, from first ("" for
// a number without one), or n in decimal when it has none: the String
// method of such a generated type.
func Name(names []string, first, n int64) string {
	if k := uint64(n - first); k < uint64(len(names)) && names[k] != "" {
		return names[k]
	}
	return strconv.FormatInt(n, 10)
}

package wirecli

import (
	"reflect"
	"strings"
	"sync"

	"github.com/cstagen/cstagen/asn1"
	"github.com/cstagen/cstagen/gen"
)

// The -json output has one shape per ASN.1 type, so the printer needs the
// ASN.1 type behind each Go type: an OCTET STRING and an IA5String are both
// []byte in Go, a named NULL and an empty SEQUENCE both structs, an
// ENUMERATED and a named INTEGER both integers with a String method.
// asn1Types recovers it from the schemas csta was generated from, by the
// generator's naming rules: a type assignment is named GoName of its name,
// a type written in place after its parent and its component.

// typeIndex maps Go type names, and the fields of Go struct types, to the
// ASN.1 types they were generated from.
type typeIndex struct {
	byType  map[string]*asn1.Type    // Go type name -> type
	byField map[[2]string]*asn1.Type // Go type name, Go field name -> the component's type
}

var asn1Types = sync.OnceValue(func() *typeIndex {
	ix := &typeIndex{byType: map[string]*asn1.Type{}, byField: map[[2]string]*asn1.Type{}}
	m, err := loadEmbedded()
	if err != nil || m == nil {
		return ix
	}
	for _, mod := range m.Modules {
		for _, def := range mod.Types {
			ix.add(gen.GoName(def.Name), def.Type)
		}
	}
	return ix
})

// add indexes t under the Go name name, with its components and the types
// written in place inside it.
func (ix *typeIndex) add(name string, t *asn1.Type) {
	if t == nil {
		return
	}
	if _, ok := ix.byType[name]; ok {
		return
	}
	ix.byType[name] = t
	for _, c := range t.Components {
		field := gen.GoName(c.Name)
		ix.byField[[2]string{name, field}] = c.Type
		if c.Type != nil && c.Type.Ref == nil {
			ix.add(name+field, c.Type)
		}
	}
}

// cstaPackage reports whether t is a type of a generated package.
func cstaPackage(t reflect.Type) bool {
	return t.Name() != "" && strings.HasSuffix(t.PkgPath(), "/csta")
}

// lookup returns the ASN.1 type of the Go type t, or hint (the type of the
// component or element holding it) when t is unnamed or unknown.
func (ix *typeIndex) lookup(t reflect.Type, hint *asn1.Type) *asn1.Type {
	if cstaPackage(t) {
		if a := ix.byType[t.Name()]; a != nil {
			return a
		}
	}
	return hint
}

// field returns the ASN.1 type of field f of the Go struct type t, or nil.
func (ix *typeIndex) field(t reflect.Type, f string) *asn1.Type {
	if !cstaPackage(t) {
		return nil
	}
	return ix.byField[[2]string{t.Name(), f}]
}

// kindOf returns the kind of a, KindInvalid for nil.
func kindOf(a *asn1.Type) asn1.Kind {
	if a == nil {
		return asn1.KindInvalid
	}
	return a.Kind
}

// Package asn1 resolves parsed ASN.1 modules into one model that the code
// generator walks: every type reference resolved across modules, every
// component's effective tags and tagging, constraints, default values, and
// the information objects of the ROSE OPERATION and ERROR classes.
//
// The entry point is Compile, which takes source files and returns a *Model
// (or an ErrorList naming file:line:col for each problem). Parsing itself
// lives in package syntax.
package asn1

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
)

// Pos is a source position (file, line, column).
type Pos = lexer.Position

// Model is the resolved form of a set of ASN.1 modules.
type Model struct {
	Modules    []*Module    // in source order
	Operations []*Operation // objects of class OPERATION with a local code, sorted by code
	Errors     []*ErrorObj  // objects of class ERROR with a local code, sorted by code
	// ROSEOperations and ROSEErrors are the ones X.880 itself defines
	// (probe, cancel, refuse, ... in Remote-Operations-Useful-Definitions,
	// modules under {joint-iso-itu-t remote-operations(4)}): ROSE machinery,
	// not operations of the application, so not in the tables above.
	ROSEOperations []*Operation
	ROSEErrors     []*ErrorObj
	Events         []*Event // event types under EventSpecificInfo, by category tag then event tag
	Warnings       []error  // problems that do not make the model invalid

	allTypes []*Type
}

// Module is one ASN.1 module.
type Module struct {
	Name       string
	OID        []uint32 // definitive identifier arcs, or nil
	File       string
	Pos        Pos
	TagDefault TagMode // EXPLICIT, IMPLICIT or AUTOMATIC (TagExplicit when absent)
	Extensible bool    // EXTENSIBILITY IMPLIED
	Builtin    bool    // defined by the compiler: the type associated with EXTERNAL, EMBEDDED PDV or CHARACTER STRING
	Types      []*TypeDef
	Values     []*ValueDef
	Classes    []*Class
	Objects    []*Object
	ObjectSets []*ObjectSet
	// Instances are the types created by instantiating this module's
	// parameterized types with actual parameters (X.683).
	Instances []*TypeDef

	names map[string]any // local assignments by name
}

// TagMode is a tagging mode: of a module (its default) or of one tag.
type TagMode uint8

const (
	TagExplicit TagMode = iota
	TagImplicit
	TagAutomatic
)

func (m TagMode) String() string {
	return [...]string{"EXPLICIT", "IMPLICIT", "AUTOMATIC"}[m]
}

// TagClass is the class of a tag (X.680 8.1).
type TagClass uint8

// The tag classes.
const (
	Universal TagClass = iota
	Application
	Context
	Private
)

func (c TagClass) String() string {
	return [...]string{"UNIVERSAL", "APPLICATION", "CONTEXT", "PRIVATE"}[c]
}

// Tag is one tag in a type's encoding. Explicit tags wrap the inner
// encoding in a constructed TLV; the last tag of a list is the identifier
// of the value itself unless it is explicit (untagged CHOICE, open type).
type Tag struct {
	Class    TagClass
	Number   uint32
	Explicit bool
}

func (t Tag) String() string {
	var s string
	switch t.Class {
	case Universal:
		s = fmt.Sprintf("[UNIVERSAL %d]", t.Number)
	case Application:
		s = fmt.Sprintf("[APPLICATION %d]", t.Number)
	case Private:
		s = fmt.Sprintf("[PRIVATE %d]", t.Number)
	default:
		s = fmt.Sprintf("[%d]", t.Number)
	}
	if t.Explicit {
		s += " EXPLICIT"
	}
	return s
}

// Kind is the built-in type a Type is, after references are followed.
type Kind uint8

// The kinds of types.
const (
	KindInvalid Kind = iota
	KindBoolean
	KindInteger
	KindEnumerated
	KindReal
	KindBitString
	KindOctetString
	KindNull
	KindObjectIdentifier
	KindRelativeOID
	KindString // character string types: see Type.StringType
	KindTime   // GeneralizedTime, UTCTime, and TIME, DATE, TIME-OF-DAY, DATE-TIME, DURATION: see Type.StringType
	KindSequence
	KindSet
	KindChoice
	KindSequenceOf
	KindSetOf
	KindExternal
	KindOpen // open type: a class field type (OPERATION.&ArgumentType) or ANY
)

var kindNames = [...]string{"invalid", "BOOLEAN", "INTEGER", "ENUMERATED", "REAL", "BIT STRING", "OCTET STRING",
	"NULL", "OBJECT IDENTIFIER", "RELATIVE-OID", "string", "time", "SEQUENCE", "SET", "CHOICE",
	"SEQUENCE OF", "SET OF", "EXTERNAL", "open type"}

func (k Kind) String() string { return kindNames[k] }

// Constructed reports whether values of the kind are encoded constructed in DER.
func (k Kind) Constructed() bool {
	switch k {
	case KindSequence, KindSet, KindSequenceOf, KindSetOf, KindExternal:
		return true
	}
	return false
}

// universalNumber is the universal tag number of each kind (0 when none).
func universalNumber(k Kind, stringType string) uint32 {
	switch k {
	case KindBoolean:
		return 1
	case KindInteger:
		return 2
	case KindBitString:
		return 3
	case KindOctetString:
		return 4
	case KindNull:
		return 5
	case KindObjectIdentifier:
		return 6
	case KindExternal:
		return 8
	case KindReal:
		return 9
	case KindEnumerated:
		return 10
	case KindRelativeOID:
		return 13
	case KindSequence, KindSequenceOf:
		return 16
	case KindSet, KindSetOf:
		return 17
	case KindString, KindTime:
		return stringTags[stringType]
	}
	return 0
}

// stringTags are the universal tag numbers of the character string and time types.
var stringTags = map[string]uint32{
	"UTF8String": 12, "NumericString": 18, "PrintableString": 19, "TeletexString": 20, "T61String": 20,
	"VideotexString": 21, "IA5String": 22, "UTCTime": 23, "GeneralizedTime": 24, "GraphicString": 25,
	"VisibleString": 26, "ISO646String": 26, "GeneralString": 27, "UniversalString": 28, "BMPString": 30,
	"ObjectDescriptor": 7,
	"TIME":             14, "DATE": 31, "TIME-OF-DAY": 32, "DATE-TIME": 33, "DURATION": 34,
}

// TypeDef is a type assignment "Name ::= Type".
type TypeDef struct {
	Name   string
	Module *Module
	Pos    Pos
	Type   *Type
	// Instance is set for types created by instantiating a parameterized
	// type; it holds the actual parameters as written.
	Instance string

	state   uint8 // resolution state (0 new, 1 in progress, 2 done)
	hdr     *header
	hdrBusy bool
	assign  any // the syntax node
	params  []string
	binding *scope
}

// QualifiedName is "Module.Name".
func (d *TypeDef) QualifiedName() string { return d.Module.Name + "." + d.Name }

// Type is a type as used at one place: the type of an assignment, a
// component, or a SEQUENCE OF element. References keep the TypeDef they
// name (Ref), and carry the referenced structure so the generator can work
// from either.
type Type struct {
	Pos  Pos
	Kind Kind
	// Tags are the effective tags, outermost first, after applying every
	// tag prefix and the tagging mode (X.680 31). An untagged CHOICE or open
	// type has none of its own; all explicit tags wrap the value.
	Tags []Tag
	// Ref is the type assignment this type refers to, or nil for a type
	// written in place (built-in or anonymous).
	Ref *TypeDef
	// StringType names the character string or time type (IA5String, GeneralizedTime).
	StringType string

	Components []*Component  // SEQUENCE, SET, CHOICE, in the order written (Component.Extension marks the additions)
	Extensible bool          // has an extension marker
	Elem       *Type         // SEQUENCE OF, SET OF element type
	ElemName   string        // element identifier, if written
	Named      []NamedNumber // INTEGER named numbers, ENUMERATED items, BIT STRING named bits
	Size       *Constraint   // SIZE constraint (strings, SEQUENCE OF), or nil
	Range      *Constraint   // value constraint (INTEGER), or nil
	Open       *OpenType     // for KindOpen
	// Containing is the type of a contents constraint "CONTAINING T"
	// (X.682 11) on a BIT STRING or OCTET STRING, or nil; EncodedBy is
	// the object identifier of its ENCODED BY, or nil (then the value is
	// encoded with the same rules as the outer one).
	Containing *Type
	EncodedBy  []uint32
}

// Component is a named element of a SEQUENCE, SET or CHOICE.
type Component struct {
	Name      string
	Pos       Pos
	Type      *Type
	Optional  bool
	Default   *Value // nil when none
	Extension bool   // an extension addition (after the extension marker)
	// Group is the number, from 1 in the order written, of the extension
	// addition group "[[ ... ]]" the component is in, or 0. Components of
	// one group are present or absent together (X.680 25.11); BER encodes
	// them in line.
	Group int
	// GroupVersion is the version number written at the start of the
	// group ("[[ 2: ... ]]"), or 0.
	GroupVersion int64
}

// NamedNumber is an identifier with a number: an INTEGER named number, an
// ENUMERATED item, or a named bit.
type NamedNumber struct {
	Name      string
	Number    int64
	Extension bool // ENUMERATED item after the extension marker
}

// Constraint is a value or size constraint reduced to ranges (union).
type Constraint struct {
	Ranges     []Range
	Extensible bool
	Text       string // as written, for messages and documentation
}

// Range is an inclusive range; HasMin/HasMax false means MIN/MAX (unbounded).
type Range struct {
	Min, Max       int64
	HasMin, HasMax bool
	// BigMin and BigMax hold a bound that does not fit in an int64 (nil
	// otherwise); Min or Max then holds it clamped to the int64 range, so
	// that Contains stays right for every int64. A generator must map a
	// type with such a bound to a big integer.
	BigMin, BigMax *big.Int
}

// Contains reports whether v lies in the constraint's root ranges.
func (c *Constraint) Contains(v int64) bool {
	if c == nil || len(c.Ranges) == 0 {
		return true
	}
	for _, r := range c.Ranges {
		if (!r.HasMin || v >= r.Min) && (!r.HasMax || v <= r.Max) {
			return true
		}
	}
	return false
}

// OpenType describes a type whose actual type is chosen at run time by an
// information object: "OPERATION.&ArgumentType ({Operations}{@opcode})".
type OpenType struct {
	Class string     // the class name (OPERATION, ERROR, ...)
	Field string     // the field name (&ArgumentType)
	Set   *ObjectSet // the table constraint's object set, or nil
	Key   string     // the @component naming the object, or ""
}

// ValueKind says which field of a Value is set.
type ValueKind uint8

// Value kinds.
const (
	ValueInteger ValueKind = iota + 1
	ValueBoolean
	ValueNull
	ValueBits   // named bits set
	ValueString // character, bstring or hstring text
	ValueOID
	ValueChoice
	ValueReal
	ValueEnumerated
)

// Value is a resolved value (DEFAULT values, value assignments, object fields).
type Value struct {
	Kind ValueKind
	Int  int64 // INTEGER, ENUMERATED number
	// Big is the INTEGER value when it does not fit in an int64 (Int is
	// then 0), exactly as written; nil otherwise.
	Big    *big.Int
	Name   string // identifier written (named number, enumeration, choice alternative)
	Bool   bool
	Bits   []string // named bits that are set, in written order
	Str    string
	OID    []uint32
	Real   float64
	Choice *Value // chosen alternative's value for ValueChoice
	Text   string // as written
}

// ValueDef is a value assignment "name Type ::= value".
type ValueDef struct {
	Name   string
	Module *Module
	Pos    Pos
	Type   *Type
	Value  *Value

	assign any
	state  uint8
}

// Class is an information object class (X.681 9).
type Class struct {
	Name   string
	Module *Module
	Pos    Pos
	Fields []*FieldSpec
	// Syntax is the WITH SYNTAX list, or nil for the default syntax.
	Syntax []SyntaxItem

	state  uint8
	assign any
}

// Field returns the field named name (with its &), or nil.
func (c *Class) Field(name string) *FieldSpec {
	for _, f := range c.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// FieldKind says what a class field holds.
type FieldKind uint8

// Field kinds (X.681 9.4).
const (
	TypeField FieldKind = iota + 1
	ValueField
	ObjectField
	ObjectSetField
	// ValueSetField is a fixed-type or variable-type value set field
	// ("&Priorities INTEGER", "&Values &Type"); settings are in
	// Object.ValueSets.
	ValueSetField
)

// FieldSpec is one field of a class.
type FieldSpec struct {
	Name string // with the leading &
	Kind FieldKind
	Type *Type // ValueField, ValueSetField: its type (an open type when TypeFrom is set)
	// TypeFrom names the type field that gives the type of a variable-type
	// value or value set field ("&value &Type"), or is "".
	TypeFrom string
	Class    *Class // ObjectField, ObjectSetField: the governing class
	Optional bool
	Unique   bool
	Default  *Value
	Pos      Pos
}

// SyntaxItem is one element of a WITH SYNTAX list.
type SyntaxItem struct {
	Literal  string       // a word or ","
	Field    string       // a field reference
	Optional []SyntaxItem // an optional group
}

// Object is an information object (X.681 11).
type Object struct {
	Name   string
	Module *Module
	Pos    Pos
	Class  *Class
	Types  map[string]*Type  // type field settings
	Values map[string]*Value // value field settings
	// ValueSets are the value set field settings, each as the field's type
	// constrained by the set written.
	ValueSets map[string]*Type
	Sets      map[string]*ObjectSet // object set field settings
	ObjRefs   map[string]*Object    // object field settings

	state  uint8
	assign any
}

// ObjectSet is an information object set (X.681 12).
type ObjectSet struct {
	Name       string
	Module     *Module
	Pos        Pos
	Class      *Class
	Objects    []*Object
	Extensible bool

	state  uint8
	assign any
}

// Operation is a ROSE operation: an object of class OPERATION.
type Operation struct {
	Name          string
	Module        *Module
	Pos           Pos
	Code          int64 // local code
	Argument      *Type // nil when the operation has no argument
	Result        *Type // nil when it has no result
	Errors        []*ErrorObj
	Responds      bool // ALWAYS RESPONDS (default TRUE)
	ReturnsResult bool // RETURN RESULT (default TRUE)
	Object        *Object
}

// ErrorObj is a ROSE error: an object of class ERROR.
type ErrorObj struct {
	Name      string
	Module    *Module
	Code      int64
	Parameter *Type
	Object    *Object
}

// Event is one CSTA event type: an alternative of a category CHOICE under
// EventSpecificInfo.
type Event struct {
	Category    string // EventSpecificInfo alternative (callControlEvents)
	CategoryTag Tag
	Name        string // alternative name inside the category (delivered)
	Tag         Tag
	Type        *Type // the event type (its Ref is DeliveredEvent)
}

// TypeName returns the event's type name (DeliveredEvent).
func (e *Event) TypeName() string {
	if e.Type.Ref != nil {
		return e.Type.Ref.Name
	}
	return e.Name
}

// Module returns the module named name, or nil.
func (m *Model) Module(name string) *Module {
	for _, mod := range m.Modules {
		if mod.Name == name {
			return mod
		}
	}
	return nil
}

// LookupType returns the type assignment name in module, or nil.
func (m *Module) LookupType(name string) *TypeDef {
	if td, ok := m.names[name].(*TypeDef); ok {
		return td
	}
	return nil
}

// OIDString formats OID arcs as dotted decimal.
func OIDString(arcs []uint32) string {
	parts := make([]string, len(arcs))
	for i, a := range arcs {
		parts[i] = fmt.Sprint(a)
	}
	return strings.Join(parts, ".")
}

// UniversalTag returns the universal tag of a built-in type of kind k (for
// character string and time types, stringType names it), and false for
// CHOICE and open types, which have none.
func UniversalTag(k Kind, stringType string) (Tag, bool) {
	n := universalNumber(k, stringType)
	if n == 0 {
		return Tag{}, false
	}
	return Tag{Class: Universal, Number: n}, true
}

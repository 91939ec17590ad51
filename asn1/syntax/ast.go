package syntax

import "github.com/alecthomas/participle/v2/lexer"

// Node names follow the X.680/X.681/X.682/X.683 productions they parse.
// Every node records its position (Pos). Constructs whose meaning depends on
// an information object class (object definitions in defined syntax, object
// sets, actual parameters) are kept as balanced token groups and interpreted
// by the resolver, which knows the class.

// ModuleFile is the content of one source file: one or more modules.
type ModuleFile struct {
	Pos     lexer.Position
	Modules []*ModuleDefinition `parser:"@@+"`
}

// ModuleDefinition is X.680 clause 13 ModuleDefinition.
type ModuleDefinition struct {
	Pos         lexer.Position
	Name        string        `parser:"@TypeRef"`                                                                       // modulereference
	OID         *ObjIDValue   `parser:"@@?"`                                                                            // DefinitiveIdentifier, or nil
	IRI         string        `parser:"@CString?"`                                                                      // IRI value of the identifier (X.680 13.1, 2008), quotes included, or ""
	TagDefault  string        `parser:"\"DEFINITIONS\" ( @( \"EXPLICIT\" | \"IMPLICIT\" | \"AUTOMATIC\" ) \"TAGS\" )?"` // "" means EXPLICIT
	Extensible  bool          `parser:"@( \"EXTENSIBILITY\" \"IMPLIED\" )?"`                                            // EXTENSIBILITY IMPLIED
	Exports     *Exports      `parser:"\"::=\" \"BEGIN\" @@?"`                                                          // nil means EXPORTS ALL (X.680 13.13)
	Imports     *Imports      `parser:"@@?"`                                                                            // or nil
	Assignments []*Assignment `parser:"@@*"`                                                                            // the body
	// EncodingControl names the encoding references of the ENCODING-CONTROL
	// sections (X.680 13.1, 54) before END, in order. Their contents are
	// for other encoding rules; ParseFile drops them.
	EncodingControl []string
	End             lexer.Position `parser:"\"END\""` // position of END
}

// Exports is X.680 13.13 Exports.
type Exports struct {
	Pos     lexer.Position
	All     bool      `parser:"\"EXPORTS\" ( @\"ALL\""`
	Symbols []*Symbol `parser:"          | @@ ( \",\" @@ )* )? \";\""` // empty: exports nothing
}

// Imports is X.680 13.16 Imports.
type Imports struct {
	Pos  lexer.Position
	From []*SymbolsFromModule `parser:"\"IMPORTS\" @@* \";\""`
}

// SymbolsFromModule is one "a, B FROM Module {oid}" group of an import list.
type SymbolsFromModule struct {
	Pos     lexer.Position
	Symbols []*Symbol   `parser:"@@ ( \",\" @@ )*"`
	Module  string      `parser:"\"FROM\" @TypeRef"`
	OID     *ObjIDValue `parser:"( @@"`                              // AssignedIdentifier as an OID value, or nil
	Ref     string      `parser:"| @Ident (?! \",\" | \"FROM\") )?"` // AssignedIdentifier as a defined value (X.680 13.16), or ""
	// Selection is "SUCCESSORS" or "DESCENDANTS" for WITH SUCCESSORS / WITH
	// DESCENDANTS (X.680 13.16, 2008): the OID also matches later versions.
	Selection string `parser:"( \"WITH\" @( \"SUCCESSORS\" | \"DESCENDANTS\" ) )?"`
}

// Symbol is an exported or imported reference; Param marks "Name{}".
type Symbol struct {
	Pos   lexer.Position
	Name  string `parser:"@( TypeRef | Ident | \"TYPE-IDENTIFIER\" | \"ABSTRACT-SYNTAX\" )"`
	Param bool   `parser:"@( \"{\" \"}\" )?"`
}

// ObjIDValue is an OBJECT IDENTIFIER value (X.680 32.3).
type ObjIDValue struct {
	Pos        lexer.Position
	Components []*ObjIDComponent `parser:"\"{\" @@+ \"}\""`
}

// ObjIDComponent is one arc: "name(1)", "1", or a name alone.
type ObjIDComponent struct {
	Pos    lexer.Position
	Name   string `parser:"( @Ident ( \"(\" "`
	Number *int64 `parser:"  @Number \")\" )?"`
	Only   *int64 `parser:"| @Number )"`
}

// Assignment is any X.680 / X.681 / X.683 assignment. Which kind it is
// depends on the names involved and is decided by the resolver:
//   - Type ::= ...                    TypeAssignment (Kind: Type set)
//   - CLASS ::= CLASS {...}           ObjectClassAssignment (Class set)
//   - value Type ::= Value            ValueAssignment, or ObjectAssignment when Type is a class
//   - Set Type ::= {...}              ValueSetTypeAssignment, or ObjectSetAssignment for a class
type Assignment struct {
	Pos      lexer.Position
	Name     string           `parser:"@( TypeRef | Ident )"`
	Params   []*Parameter     `parser:"( \"{\" @@ ( \",\" @@ )* \"}\" )?"`
	Governor *Type            `parser:"@@?"` // for value, value set, object and object set assignments
	Class    *ClassDefinition `parser:"\"::=\" ( @@"`
	Type     *Type            `parser:"      | @@"`
	Value    *Value           `parser:"      | @@ )"`
}

// Parameter is a formal parameter of a parameterized assignment (X.683 8.3):
// "Governor : Reference" or just "Reference".
type Parameter struct {
	Pos       lexer.Position
	Governor  *Type  `parser:"( @@ \":\" )?"`
	Reference string `parser:"@( TypeRef | Ident )"`
}

// ClassDefinition is X.681 9.3 ObjectClassDefn.
type ClassDefinition struct {
	Pos    lexer.Position
	Fields []*FieldSpec   `parser:"\"CLASS\" \"{\" @@ ( \",\" @@ )* \"}\""`
	Syntax []*SyntaxToken `parser:"( \"WITH\" \"SYNTAX\" \"{\" @@* \"}\" )?"`
}

// FieldSpec is X.681 9.4 FieldSpec. Kind (type, fixed-type value, object,
// object set) is decided by the resolver from the field name's case and the
// Type given.
type FieldSpec struct {
	Pos      lexer.Position
	Name     string `parser:"@FieldRef"`
	Type     *Type  `parser:"( @@"`
	TypeFrom string `parser:"| @FieldRef )?"` // variable-type value (set) field: the type field naming its type
	Unique   bool   `parser:"@\"UNIQUE\"?"`
	Optional bool   `parser:"( @\"OPTIONAL\""`
	Default  *Value `parser:"| \"DEFAULT\" @@ )?"`
}

// SyntaxToken is one element of a WITH SYNTAX list (X.681 10.5): a literal
// word or comma, a field reference, or an optional group in brackets.
type SyntaxToken struct {
	Pos      lexer.Position
	Optional []*SyntaxToken `parser:"  \"[\" @@* \"]\""`
	Field    string         `parser:"| @FieldRef"`
	Literal  string         `parser:"| @( TypeRef | Keyword | \",\" )"`
}

// Type is X.680 16.1 Type with its optional tag prefix and constraints.
type Type struct {
	Pos         lexer.Position
	Tag         *Tag           `parser:"@@?"`
	Mode        string         `parser:"@( \"IMPLICIT\" | \"EXPLICIT\" )?"` // tagging mode written on the tag
	Builtin     *BuiltinType   `parser:"( @@"`
	Ref         *TypeReference `parser:"| @@ )"`
	Constraints []*Constraint  `parser:"@@*"`
}

// Tag is X.680 30.1 Tag: "[" Class ClassNumber "]".
type Tag struct {
	Pos    lexer.Position
	Class  string `parser:"\"[\" @( \"UNIVERSAL\" | \"APPLICATION\" | \"PRIVATE\" )?"`
	Number *int64 `parser:"( @Number"`
	Value  string `parser:"| @Ident ) \"]\""` // a defined value used as the tag number
}

// BuiltinType is one of the built-in type notations.
type BuiltinType struct {
	Pos        lexer.Position
	Sequence   *ComponentList `parser:"  \"SEQUENCE\" @@"`
	SequenceOf *CollectionOf  `parser:"| \"SEQUENCE\" @@"`
	Set        *ComponentList `parser:"| \"SET\" @@"`
	SetOf      *CollectionOf  `parser:"| \"SET\" @@"`
	Choice     *ComponentList `parser:"| \"CHOICE\" @@"`
	Enumerated *EnumList      `parser:"| \"ENUMERATED\" @@"`
	Integer    *IntegerType   `parser:"| @@"`
	BitString  *BitStringType `parser:"| @@"`
	Selection  *Selection     `parser:"| @@"`
	Any        *AnyType       `parser:"| @@"`
	Simple     string         `parser:"| @( \"BOOLEAN\" | \"NULL\" | \"REAL\" | \"EXTERNAL\" | \"RELATIVE-OID\" | \"BMPString\" | \"GeneralString\" | \"GraphicString\" | \"IA5String\" | \"ISO646String\" | \"NumericString\" | \"PrintableString\" | \"TeletexString\" | \"T61String\" | \"UniversalString\" | \"UTF8String\" | \"VideotexString\" | \"VisibleString\" )"`
	OctetStr   bool           `parser:"| @( \"OCTET\" \"STRING\" )"`
	ObjectID   bool           `parser:"| @( \"OBJECT\" \"IDENTIFIER\" )"`
	Embedded   bool           `parser:"| @( \"EMBEDDED\" \"PDV\" )"`
	CharString bool           `parser:"| @( \"CHARACTER\" \"STRING\" )"`
	InstanceOf string         `parser:"| \"INSTANCE\" \"OF\" @( TypeRef | \"TYPE-IDENTIFIER\" | \"ABSTRACT-SYNTAX\" )"`
}

// IntegerType is "INTEGER" with optional named numbers.
type IntegerType struct {
	Pos   lexer.Position
	Named []*NamedNumber `parser:"\"INTEGER\" ( \"{\" @@ ( \",\" @@ )* \"}\" )?"`
}

// BitStringType is "BIT STRING" with optional named bits.
type BitStringType struct {
	Pos   lexer.Position
	Named []*NamedNumber `parser:"\"BIT\" \"STRING\" ( \"{\" @@ ( \",\" @@ )* \"}\" )?"`
}

// AnyType is the obsolete "ANY [DEFINED BY id]" (X.208), accepted for old modules.
type AnyType struct {
	Pos       lexer.Position
	DefinedBy string `parser:"\"ANY\" ( \"DEFINED\" \"BY\" @Ident )?"`
}

// Selection is a selection type "identifier < Type" (X.680 30).
type Selection struct {
	Pos  lexer.Position
	Name string `parser:"@Ident \"<\""`
	Type *Type  `parser:"@@"`
}

// NamedNumber is "name(number)" or "name(valueref)" (X.680 19.1, 22.1).
type NamedNumber struct {
	Pos   lexer.Position
	Name  string        `parser:"@Ident \"(\""`
	Value *SignedNumber `parser:"( @@"`
	Ref   string        `parser:"| @Ident ) \")\""`
}

// SignedNumber is an optionally negative number.
type SignedNumber struct {
	Neg   bool   `parser:"@\"-\"?"`
	Value string `parser:"@Number"`
}

// EnumList is the body of an ENUMERATED type (X.680 20).
type EnumList struct {
	Pos   lexer.Position
	Items []*EnumItem `parser:"\"{\" @@ ( \",\" @@ )* \"}\""`
}

// EnumItem is one enumeration: "name", "name(n)", or an extension marker.
type EnumItem struct {
	Pos       lexer.Position
	Extension bool           `parser:"( @\"...\" ( \"!\""`
	Exception *ExceptionSpec `parser:"@@ )?"`
	Name      string         `parser:"| @Ident"`
	Number    *SignedNumber  `parser:"  ( \"(\" ( @@"`
	Ref       string         `parser:"      | @Ident ) \")\" )? )"` // number given by a value reference
}

// ComponentList is the body of SEQUENCE, SET or CHOICE (X.680 24, 26, 28).
type ComponentList struct {
	Pos        lexer.Position
	Components []*ComponentType `parser:"\"{\" ( @@ ( \",\" @@ )* )? \"}\""`
}

// ComponentType is one element of a component list.
type ComponentType struct {
	Pos          lexer.Position
	Extension    bool            `parser:"  @\"...\" ( \"!\""`
	Exception    *ExceptionSpec  `parser:"@@ )?"`
	Group        *ExtensionGroup `parser:"| @@"`
	ComponentsOf *Type           `parser:"| \"COMPONENTS\" \"OF\" @@"`
	Name         string          `parser:"| @Ident"`
	Type         *Type           `parser:"  @@"`
	Optional     bool            `parser:"  ( @\"OPTIONAL\""`
	Default      *Value          `parser:"  | \"DEFAULT\" @@ )?"`
}

// ExtensionGroup is an extension addition group "[[ n: a, b ]]" (X.680 24.1).
type ExtensionGroup struct {
	Pos        lexer.Position
	Version    *int64           `parser:"\"[\" \"[\" ( @Number \":\" )?"`
	Components []*ComponentType `parser:"@@ ( \",\" @@ )* \"]\" \"]\""`
}

// CollectionOf is the tail of SEQUENCE OF / SET OF, with an optional size
// constraint written before OF (X.680 25, 27 and 49.5).
type CollectionOf struct {
	Pos        lexer.Position
	Constraint *Constraint `parser:"( @@"`
	Size       *Constraint `parser:"| \"SIZE\" @@ )?"`
	Name       string      `parser:"\"OF\" ( @Ident (?= \"[\" | Keyword | TypeRef) )?"`
	Element    *Type       `parser:"@@"`
}

// TypeReference is a reference to a type, class or object set, possibly
// qualified by a module name or followed by field names ("OPERATION.&ArgumentType")
// and actual parameters ("Invoke{{InvokeIdSet}, {Operations}}").
type TypeReference struct {
	Pos     lexer.Position
	Module  string   `parser:"( @TypeRef \".\" (?= TypeRef) )?"` // modulereference of an external reference (X.680 14.1), or ""
	Name    string   `parser:"@( TypeRef | \"TYPE-IDENTIFIER\" | \"ABSTRACT-SYNTAX\" ) (?! \".\" Ident)"`
	Dotted  []string `parser:"( \".\" @( TypeRef | FieldRef ) )*"`
	Actuals *Group   `parser:"@@?"`
}

// Group is a balanced "{ ... }" token group whose meaning the resolver
// decides (defined-syntax objects, object sets, actual parameters, and
// braced values). Tokens holds every token of the group, braces included.
type Group struct {
	Pos    lexer.Position
	Items  []*GroupItem `parser:"\"{\" @@* \"}\""`
	Tokens []lexer.Token
}

// GroupItem is one token or nested group inside a Group.
type GroupItem struct {
	Group *Group `parser:"  @@"`
	Token string `parser:"| @( Keyword | TypeRef | Ident | FieldRef | Number | RealNumber | CString | BString | HString | \"::=\" | \"...\" | \"..\" | \"(\" | \")\" | \"[\" | \"]\" | \",\" | \";\" | \"|\" | \"^\" | \"!\" | \"@\" | \".\" | \":\" | \"<\" | \">\" | \"-\" )"`
}

// Value is X.680 16.7 Value (and the object and object set forms of X.681,
// which are braced groups).
type Value struct {
	Pos     lexer.Position
	Braced  *Group        `parser:"  @@"`
	Choice  *ChoiceValue  `parser:"| @@"`
	Number  *SignedNumber `parser:"| @@"`
	Real    string        `parser:"| @RealNumber"`
	Keyword string        `parser:"| @( \"TRUE\" | \"FALSE\" | \"NULL\" | \"MIN\" | \"MAX\" | \"PLUS-INFINITY\" | \"MINUS-INFINITY\" )"`
	CString string        `parser:"| @CString"`
	BString string        `parser:"| @BString"`
	HString string        `parser:"| @HString"`
	Ref     *ValueRef     `parser:"| @@"`
}

// ChoiceValue is "identifier : Value" (X.680 28.11), also used for "local: 10".
type ChoiceValue struct {
	Pos   lexer.Position
	Name  string `parser:"@Ident \":\""`
	Value *Value `parser:"@@"`
}

// ValueRef is a (possibly module-qualified or dotted) reference to a value
// or object: "prompt", "Module.value", "object.&field".
type ValueRef struct {
	Pos     lexer.Position
	Module  string   `parser:"( @TypeRef \".\" )?"`
	Name    string   `parser:"@Ident"`
	Actuals *Group   `parser:"@@?"` // actual parameters of a parameterized value or object, or nil
	Dotted  []string `parser:"( \".\" @FieldRef )*"`
}

// Constraint is X.682/X.680 49 Constraint: "(" ConstraintSpec ExceptionSpec ")".
type Constraint struct {
	Pos       lexer.Position
	General   *GeneralConstraint `parser:"\"(\" ( @@"`
	Set       *ElementSetSpecs   `parser:"    | @@ )"`
	Exception *ExceptionSpec     `parser:"( \"!\" @@ )? \")\""`
	Tokens    []lexer.Token      // every token of the constraint, parentheses included
}

// GeneralConstraint is a user-defined constraint (X.682 9): CONSTRAINED BY {...}.
type GeneralConstraint struct {
	Pos  lexer.Position
	Body *Group `parser:"\"CONSTRAINED\" \"BY\" @@"`
}

// ExceptionSpec is X.680 49.4: a number, a value reference or "Type : Value".
type ExceptionSpec struct {
	Pos   lexer.Position
	Type  string `parser:"( @TypeRef \":\""`
	Value *Value `parser:"  @@"`
	Plain *Value `parser:"| @@ )"`
}

// ElementSetSpecs is X.680 50.1: root, optional extension marker, additions.
type ElementSetSpecs struct {
	Pos       lexer.Position
	Root      *ElementSetSpec `parser:"( @@"`
	Extension bool            `parser:"  ( \",\" @\"...\""`
	Additions *ElementSetSpec `parser:"    ( \",\" @@ )? )?"`
	OnlyExt   bool            `parser:"| @\"...\" )"`
}

// ElementSetSpec is a union of intersections, or ALL EXCEPT.
type ElementSetSpec struct {
	Pos       lexer.Position
	AllExcept *Elements       `parser:"  \"ALL\" \"EXCEPT\" @@"`
	Unions    []*Intersection `parser:"| @@ ( ( \"|\" | \"UNION\" ) @@ )*"`
}

// Intersection is a list of elements joined by "^" or INTERSECTION.
type Intersection struct {
	Pos      lexer.Position
	Elements []*ExceptElements `parser:"@@ ( ( \"^\" | \"INTERSECTION\" ) @@ )*"`
}

// ExceptElements is "Elements [EXCEPT Elements]".
type ExceptElements struct {
	Pos    lexer.Position
	Elems  *Elements `parser:"@@"`
	Except *Elements `parser:"( \"EXCEPT\" @@ )?"`
}

// Elements is X.680 50.5 Elements: a subtype element, an object set
// element, or a parenthesized set.
type Elements struct {
	Pos            lexer.Position
	Nested         *ElementSetSpec  `parser:"  \"(\" @@ \")\""`
	Size           *Constraint      `parser:"| \"SIZE\" @@"`
	From           *Constraint      `parser:"| \"FROM\" @@"`
	WithComponent  *Constraint      `parser:"| \"WITH\" \"COMPONENT\" @@"`
	WithComponents *Group           `parser:"| \"WITH\" \"COMPONENTS\" @@"`
	Pattern        *Value           `parser:"| \"PATTERN\" @@"`
	Containing     *Type            `parser:"| \"CONTAINING\" @@"`
	EncodedBy      *Value           `parser:"  ( \"ENCODED\" \"BY\" @@ )?"`
	EncodedOnly    *Value           `parser:"| \"ENCODED\" \"BY\" @@"` // ENCODED BY without CONTAINING
	Table          *TableConstraint `parser:"| @@"`
	Range          *ValueRange      `parser:"| @@"`
	Includes       *Type            `parser:"| \"INCLUDES\" @@"`
	TypeElem       *Type            `parser:"| @@"`
}

// TableConstraint is X.682 10: "{ObjectSet}" optionally followed by
// "{@component, ...}", or a braced value used as a single value.
type TableConstraint struct {
	Pos        lexer.Position
	Set        *Group `parser:"@@"`
	AtNotation *Group `parser:"@@?"`
}

// ValueRange is a single value or a range "lower [<] .. [<] upper" (X.680 51.4).
type ValueRange struct {
	Pos       lexer.Position
	Lower     *Value `parser:"@@"`
	LowerOpen bool   `parser:"( @\"<\"? \"..\""`
	UpperOpen bool   `parser:"  @\"<\"?"`
	Upper     *Value `parser:"  @@ )?"`
}

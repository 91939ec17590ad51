package asn1

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// compileSrc compiles one inline file.
func compileSrc(t *testing.T, src string) (*Model, error) {
	t.Helper()
	return Compile([]File{{Name: "test.asn1", Src: []byte(src)}}, nil)
}

func mustCompile(t *testing.T, src string) *Model {
	t.Helper()
	m, err := compileSrc(t, src)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return m
}

// component finds Type.component in the first module.
func component(t *testing.T, m *Model, typeName, comp string) *Component {
	t.Helper()
	td := m.Modules[0].LookupType(typeName)
	if td == nil {
		t.Fatalf("no type %s", typeName)
	}
	for _, c := range td.Type.Underlying().Components {
		if c.Name == comp {
			return c
		}
	}
	t.Fatalf("no component %s.%s", typeName, comp)
	return nil
}

func tagsString(tags []Tag) string {
	var parts []string
	for _, t := range tags {
		parts = append(parts, t.String())
	}
	return strings.Join(parts, " ")
}

// TestTagging checks effective tags (X.680 31.2) for each tagging situation.
func TestTagging(t *testing.T) {
	tests := []struct {
		name, defaults, body, typ, comp, want string
	}{
		{"explicit default wraps", "", "T ::= SEQUENCE { a [0] INTEGER }", "T", "a", "[0] EXPLICIT [UNIVERSAL 2]"},
		{"implicit keyword replaces", "", "T ::= SEQUENCE { a [0] IMPLICIT INTEGER }", "T", "a", "[0]"},
		{"IMPLICIT TAGS module", "IMPLICIT TAGS", "T ::= SEQUENCE { a [0] INTEGER }", "T", "a", "[0]"},
		{"EXPLICIT overrides IMPLICIT TAGS", "IMPLICIT TAGS", "T ::= SEQUENCE { a [0] EXPLICIT INTEGER }", "T", "a", "[0] EXPLICIT [UNIVERSAL 2]"},
		{"untagged CHOICE forced explicit", "IMPLICIT TAGS", "C ::= CHOICE { x INTEGER, y NULL } T ::= SEQUENCE { a [0] C }", "T", "a", "[0] EXPLICIT"},
		{"untagged CHOICE has no tag", "", "C ::= CHOICE { x INTEGER, y NULL } T ::= SEQUENCE { a C }", "T", "a", ""},
		{"tagged CHOICE is explicit", "", "C ::= [APPLICATION 11] CHOICE { x INTEGER } T ::= SEQUENCE { a C }", "T", "a", "[APPLICATION 11] EXPLICIT"},
		{"IMPLICIT on tagged CHOICE replaces its tag", "", "C ::= [APPLICATION 11] CHOICE { x INTEGER } T ::= SEQUENCE { a [2] IMPLICIT C }", "T", "a", "[2] EXPLICIT"},
		{"APPLICATION IMPLICIT SEQUENCE", "", "S ::= [APPLICATION 30] IMPLICIT SEQUENCE { x INTEGER } T ::= SEQUENCE { a S }", "T", "a", "[APPLICATION 30]"},
		{"explicit over explicit", "", "U ::= [APPLICATION 29] OCTET STRING T ::= SEQUENCE { a [1] U }", "T", "a", "[1] EXPLICIT [APPLICATION 29] EXPLICIT [UNIVERSAL 4]"},
		{"implicit over explicit keeps inner", "", "U ::= [APPLICATION 29] OCTET STRING T ::= SEQUENCE { a [1] IMPLICIT U }", "T", "a", "[1] EXPLICIT [UNIVERSAL 4]"},
		{"private and universal classes", "", "T ::= SEQUENCE { a [PRIVATE 7] IMPLICIT BOOLEAN, b [UNIVERSAL 30] IMPLICIT OCTET STRING }", "T", "a", "[PRIVATE 7]"},
		{"tag number from a value", "", "n INTEGER ::= 5 T ::= SEQUENCE { a [n] IMPLICIT NULL }", "T", "a", "[5]"},
		{"automatic tags", "AUTOMATIC TAGS", "T ::= SEQUENCE { a INTEGER, b BOOLEAN }", "T", "b", "[1]"},
		{"automatic tags on CHOICE component are explicit", "AUTOMATIC TAGS", "C ::= CHOICE { x INTEGER } T ::= SEQUENCE { a INTEGER, b C }", "T", "b", "[1] EXPLICIT"},
		{"automatic tagging off when tags written", "AUTOMATIC TAGS", "T ::= SEQUENCE { a [5] INTEGER, b BOOLEAN }", "T", "b", "[UNIVERSAL 1]"},
		{"useful type", "", "T ::= SEQUENCE { a GeneralizedTime }", "T", "a", "[UNIVERSAL 24]"},
		{"character string", "", "T ::= SEQUENCE { a IA5String (SIZE(0..64)) }", "T", "a", "[UNIVERSAL 22]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := fmt.Sprintf("M DEFINITIONS %s ::= BEGIN %s END", tc.defaults, tc.body)
			m := mustCompile(t, src)
			got := tagsString(component(t, m, tc.typ, tc.comp).Type.Tags)
			if got != tc.want {
				t.Errorf("tags = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestTaggingAcrossModules checks that IMPLICIT on a tagged CHOICE is told
// apart from IMPLICIT on an untagged one through imports (schema-facts.md).
func TestTaggingAcrossModules(t *testing.T) {
	a := `A { 1 2 3 } DEFINITIONS ::= BEGIN
ConnectionID ::= [APPLICATION 11] CHOICE { callID [0] IMPLICIT OCTET STRING, deviceID [1] OCTET STRING }
Plain ::= CHOICE { x INTEGER }
END`
	b := `B DEFINITIONS ::= BEGIN
IMPORTS ConnectionID, Plain FROM A { 1 2 3 };
DeviceHistory ::= SEQUENCE { oldConnectionID [2] IMPLICIT ConnectionID OPTIONAL }
Bad ::= SEQUENCE { p [3] IMPLICIT Plain }
END`
	_, err := Compile([]File{{Name: "a.asn1", Src: []byte(a)}, {Name: "b.asn1", Src: []byte(b)}}, nil)
	if err == nil || !strings.Contains(err.Error(), "b.asn1:4:") || !strings.Contains(err.Error(), "untagged CHOICE") {
		t.Fatalf("want an error at b.asn1:4 about IMPLICIT on an untagged CHOICE, got %v", err)
	}
	b = strings.Replace(b, "Bad ::= SEQUENCE { p [3] IMPLICIT Plain }", "", 1)
	m, err := Compile([]File{{Name: "a.asn1", Src: []byte(a)}, {Name: "b.asn1", Src: []byte(b)}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	dh := m.Module("B").LookupType("DeviceHistory").Type.Components[0]
	if got := tagsString(dh.Type.Tags); got != "[2] EXPLICIT" {
		t.Errorf("oldConnectionID tags = %q, want [2] EXPLICIT", got)
	}
	if dh.Type.Ref == nil || dh.Type.Ref.Module.Name != "A" {
		t.Errorf("oldConnectionID should refer to A.ConnectionID")
	}
}

// TestConstructs checks the resolved form of each type construct.
func TestConstructs(t *testing.T) {
	m := mustCompile(t, `M DEFINITIONS ::= BEGIN
E ::= ENUMERATED { a, b(5), c, ... , d }
I ::= INTEGER { low(0), high(10) } (0..10, ...)
B ::= BIT STRING { x(0), y(3) } (SIZE(0..8))
L ::= SEQUENCE SIZE (1..32) OF INTEGER
L2 ::= SEQUENCE (SIZE(2)) OF item BOOLEAN
Base ::= SEQUENCE { p INTEGER, q BOOLEAN OPTIONAL }
S ::= SEQUENCE {
  e E DEFAULT b,
  f B DEFAULT { x, y },
  g BOOLEAN DEFAULT TRUE,
  h [2] IMPLICIT I DEFAULT high,
  COMPONENTS OF Base,
  ...,
  later [9] IMPLICIT NULL,
  [[ 2: grp1 [10] IMPLICIT INTEGER, grp2 [11] IMPLICIT INTEGER ]]
}
C ::= CHOICE { one [0] IMPLICIT NULL, two [1] IMPLICIT INTEGER }
Sel ::= two < C
Oid ::= OBJECT IDENTIFIER
o Oid ::= { iso(1) identified-organization(3) 12 0 }
END`)
	mod := m.Modules[0]
	e := mod.LookupType("E").Type
	wantEnum := []NamedNumber{{Name: "a", Number: 0}, {Name: "b", Number: 5}, {Name: "c", Number: 1}, {Name: "d", Number: 2, Extension: true}}
	if diff := cmp.Diff(wantEnum, e.Named); diff != "" {
		t.Errorf("enumeration (-want +got):\n%s", diff)
	}
	if !e.Extensible {
		t.Error("E should be extensible")
	}
	i := mod.LookupType("I").Type
	if i.Range == nil || !i.Range.Extensible || !i.Range.Contains(10) || i.Range.Contains(11) == false && false {
		t.Errorf("I range = %+v", i.Range)
	}
	if diff := cmp.Diff([]Range{{Min: 0, Max: 10, HasMin: true, HasMax: true}}, i.Range.Ranges); diff != "" {
		t.Errorf("I ranges:\n%s", diff)
	}
	if l := mod.LookupType("L").Type; l.Kind != KindSequenceOf || l.Size == nil || l.Size.Ranges[0] != (Range{Min: 1, Max: 32, HasMin: true, HasMax: true}) {
		t.Errorf("L = %+v size %+v", l, l.Size)
	}
	if l2 := mod.LookupType("L2").Type; l2.ElemName != "item" || l2.Size == nil || l2.Size.Ranges[0] != (Range{Min: 2, Max: 2, HasMin: true, HasMax: true}) {
		t.Errorf("L2 elem name %q size %+v", l2.ElemName, l2.Size)
	}
	s := mod.LookupType("S").Type
	var names []string
	for _, c := range s.Components {
		names = append(names, fmt.Sprintf("%s ext=%v", c.Name, c.Extension))
	}
	want := []string{"e ext=false", "f ext=false", "g ext=false", "h ext=false", "p ext=false", "q ext=false", "later ext=true", "grp1 ext=true", "grp2 ext=true"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("components (-want +got):\n%s", diff)
	}
	defaults := map[string]string{}
	for _, c := range s.Components {
		if c.Default != nil {
			defaults[c.Name] = fmt.Sprintf("%d/%v/%v/%s", c.Default.Kind, c.Default.Int, c.Default.Bits, c.Default.Name)
		}
	}
	wantDef := map[string]string{
		"e": fmt.Sprintf("%d/5/[]/b", ValueEnumerated),
		"f": fmt.Sprintf("%d/0/[x y]/", ValueBits),
		"g": fmt.Sprintf("%d/0/[]/", ValueBoolean),
		"h": fmt.Sprintf("%d/10/[]/high", ValueInteger),
	}
	if diff := cmp.Diff(wantDef, defaults); diff != "" {
		t.Errorf("defaults (-want +got):\n%s", diff)
	}
	if sel := mod.LookupType("Sel").Type; sel.Kind != KindInteger || tagsString(sel.Tags) != "[1]" {
		t.Errorf("selection type = %s %s", sel.Kind, tagsString(sel.Tags))
	}
	var o *ValueDef
	for _, v := range mod.Values {
		if v.Name == "o" {
			o = v
		}
	}
	if o == nil || OIDString(o.Value.OID) != "1.3.12.0" {
		t.Errorf("OID value = %+v", o)
	}
}

const roseClasses = `Remote-Operations-Information-Objects {joint-iso-itu-t remote-operations(4) informationObjects(5) version1(0)} DEFINITIONS ::= BEGIN
OPERATION ::= CLASS {
  &ArgumentType OPTIONAL, &argumentTypeOptional BOOLEAN OPTIONAL, &returnResult BOOLEAN DEFAULT TRUE,
  &ResultType OPTIONAL, &Errors ERROR OPTIONAL, &alwaysReturns BOOLEAN DEFAULT TRUE, &operationCode Code UNIQUE OPTIONAL }
WITH SYNTAX { [ARGUMENT &ArgumentType [OPTIONAL &argumentTypeOptional]] [RESULT &ResultType] [RETURN RESULT &returnResult]
  [ERRORS &Errors] [ALWAYS RESPONDS &alwaysReturns] [CODE &operationCode] }
ERROR ::= CLASS { &ParameterType OPTIONAL, &errorCode Code UNIQUE OPTIONAL }
WITH SYNTAX { [PARAMETER &ParameterType] [CODE &errorCode] }
Code ::= CHOICE { local INTEGER, global OBJECT IDENTIFIER }
END
`

// TestInformationObjects checks OPERATION/ERROR objects in defined syntax,
// object sets and the operation table.
func TestInformationObjects(t *testing.T) {
	src := roseClasses + `Ops DEFINITIONS ::= BEGIN
IMPORTS OPERATION, ERROR FROM Remote-Operations-Information-Objects {joint-iso-itu-t remote-operations(4) informationObjects(5) version1(0)};
failure ERROR ::= { PARAMETER Failure CODE local:1 }
Failure ::= ENUMERATED { generic(1) }
makeCall OPERATION ::= { ARGUMENT MakeCallArgument RESULT MakeCallResult ERRORS {failure} CODE local: 10 }
report OPERATION ::= { ARGUMENT INTEGER ALWAYS RESPONDS FALSE CODE local:21 }
All OPERATION ::= { makeCall | report, ... }
MakeCallArgument ::= SEQUENCE { dest OCTET STRING }
MakeCallResult ::= SEQUENCE { id INTEGER }
END`
	m := mustCompile(t, src)
	type row struct {
		Code             int64
		Name, Arg, Res   string
		Errors           []string
		Responds, Result bool
	}
	var got []row
	for _, op := range m.Operations {
		rw := row{Code: op.Code, Name: op.Name, Responds: op.Responds, Result: op.ReturnsResult}
		if op.Argument != nil {
			rw.Arg = op.Argument.Kind.String()
			if op.Argument.Ref != nil {
				rw.Arg = op.Argument.Ref.Name
			}
		}
		if op.Result != nil && op.Result.Ref != nil {
			rw.Res = op.Result.Ref.Name
		}
		for _, e := range op.Errors {
			rw.Errors = append(rw.Errors, e.Name)
		}
		got = append(got, rw)
	}
	want := []row{
		{Code: 10, Name: "makeCall", Arg: "MakeCallArgument", Res: "MakeCallResult", Errors: []string{"failure"}, Responds: true, Result: true},
		{Code: 21, Name: "report", Arg: "INTEGER", Responds: false, Result: true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("operations (-want +got):\n%s", diff)
	}
	set := m.Module("Ops").ObjectSets[0]
	if len(set.Objects) != 2 || !set.Extensible {
		t.Errorf("object set All: %d objects, extensible %v", len(set.Objects), set.Extensible)
	}
	if len(m.Errors) != 1 || m.Errors[0].Code != 1 || m.Errors[0].Parameter.Ref.Name != "Failure" {
		t.Errorf("errors = %+v", m.Errors)
	}
}

// TestParameterizedROSE checks instantiation of a parameterized type with
// a table-constrained open type, as the ROSE PDUs use.
func TestParameterizedROSE(t *testing.T) {
	src := roseClasses + `PDUs DEFINITIONS IMPLICIT TAGS ::= BEGIN
IMPORTS OPERATION FROM Remote-Operations-Information-Objects {joint-iso-itu-t remote-operations(4) informationObjects(5) version1(0)};
ROS{OPERATION:Invokable} ::= CHOICE { invoke [1] Invoke{{Invokable}} }
Invoke{OPERATION:Operations} ::= SEQUENCE {
  invokeId INTEGER,
  opcode OPERATION.&operationCode ({Operations}),
  argument OPERATION.&ArgumentType ({Operations}{@opcode}) OPTIONAL }
op1 OPERATION ::= { ARGUMENT BOOLEAN CODE local:1 }
My-Ops OPERATION ::= { op1 }
PDU ::= ROS{{My-Ops}}
END`
	m := mustCompile(t, src)
	pdu := m.Module("PDUs").LookupType("PDU").Type
	if pdu.Ref == nil || pdu.Kind != KindChoice {
		t.Fatalf("PDU = %+v", pdu)
	}
	inv := pdu.Underlying().Components[0]
	if got := tagsString(inv.Type.Tags); got != "[1]" {
		t.Errorf("invoke tags = %q, want [1] (implicit over SEQUENCE)", got)
	}
	seq := inv.Type.Underlying()
	opcode, arg := seq.Components[1], seq.Components[2]
	if opcode.Type.Kind != KindChoice {
		t.Errorf("opcode kind = %s, want CHOICE (Code)", opcode.Type.Kind)
	}
	if arg.Type.Kind != KindOpen || arg.Type.Open.Field != "&ArgumentType" || arg.Type.Open.Key != "opcode" {
		t.Errorf("argument = %+v %+v", arg.Type, arg.Type.Open)
	}
	if arg.Type.Open.Set == nil || len(arg.Type.Open.Set.Objects) != 1 || arg.Type.Open.Set.Objects[0].Name != "op1" {
		t.Errorf("argument table constraint set = %+v", arg.Type.Open.Set)
	}
}

// TestImportByOID checks that an import naming the wrong module but the
// right object identifier resolves by OID with a warning.
func TestImportByOID(t *testing.T) {
	a := `Real-Name { 1 3 12 0 285 120 } DEFINITIONS ::= BEGIN X ::= INTEGER END`
	b := `B DEFINITIONS ::= BEGIN IMPORTS X FROM Wrong-Name { 1 3 12 0 285 120 }; Y ::= SEQUENCE { x X } END`
	m, err := Compile([]File{{Name: "a.asn1", Src: []byte(a)}, {Name: "b.asn1", Src: []byte(b)}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Warnings) != 1 || !strings.Contains(m.Warnings[0].Error(), "identifies module Real-Name") {
		t.Errorf("warnings = %v", m.Warnings)
	}
}

// TestErrors checks that each class of mistake is reported at its position
// with a message a person understands. Each source marks the offending line
// with "-- ERROR rx".
func TestErrors(t *testing.T) {
	tests := []struct{ name, src string }{
		{"undefined type", "M DEFINITIONS ::= BEGIN\nT ::= SEQUENCE { a Missing } -- ERROR undefined type Missing\nEND"},
		{"duplicate assignment", "M DEFINITIONS ::= BEGIN\nT ::= INTEGER\nT ::= BOOLEAN -- ERROR T is defined twice\nEND"},
		{"duplicate component", "M DEFINITIONS ::= BEGIN\nT ::= SEQUENCE { a INTEGER,\n a BOOLEAN } -- ERROR component a appears twice\nEND"},
		{"choice tag clash", "M DEFINITIONS ::= BEGIN\nT ::= CHOICE { a [0] INTEGER,\n b [0] BOOLEAN } -- ERROR tag \\[0\\] of alternative b .* ambiguous\nEND"},
		{"choice clash through untagged choice", "M DEFINITIONS ::= BEGIN\nC ::= CHOICE { x INTEGER }\nT ::= CHOICE { a C,\n b INTEGER } -- ERROR UNIVERSAL 2\\] of alternative b\nEND"},
		{"set tag clash", "M DEFINITIONS ::= BEGIN\nT ::= SET { a INTEGER,\n b INTEGER } -- ERROR of component b\nEND"},
		{"sequence optional clash", "M DEFINITIONS ::= BEGIN\nT ::= SEQUENCE { a INTEGER OPTIONAL,\n b INTEGER } -- ERROR tag .* of component b\nEND"},
		{"implicit untagged choice", "M DEFINITIONS ::= BEGIN\nC ::= CHOICE { x INTEGER }\nT ::= SEQUENCE { a [0] IMPLICIT C } -- ERROR IMPLICIT cannot be applied\nEND"},
		{"bad range", "M DEFINITIONS ::= BEGIN\nT ::= INTEGER (5..3) -- ERROR lower bound 5 is greater than upper bound 3\nEND"},
		{"negative size", "M DEFINITIONS ::= BEGIN\nT ::= OCTET STRING (SIZE(-1..3)) -- ERROR size cannot be negative\nEND"},
		{"reference cycle", "M DEFINITIONS ::= BEGIN\nAa ::= Bb\nBb ::= Aa -- ERROR refers to itself\nEND"},
		{"class reference cycle", "M DEFINITIONS ::= BEGIN\nA ::= B\nB ::= A -- ERROR refers to itself\nEND"},
		{"unknown import module", "M DEFINITIONS ::= BEGIN\nIMPORTS X FROM Nowhere; -- ERROR no such module\nEND"},
		{"import not defined", "A DEFINITIONS ::= BEGIN END\nM DEFINITIONS ::= BEGIN\nIMPORTS X FROM A; -- ERROR X is imported from A, which does not define it\nEND"},
		{"import not exported", "A DEFINITIONS ::= BEGIN EXPORTS Y; X ::= INTEGER Y ::= INTEGER END\nM DEFINITIONS ::= BEGIN\nIMPORTS X FROM A; -- ERROR does not export it\nEND"},
		{"bad default", "M DEFINITIONS ::= BEGIN\nE ::= ENUMERATED { a, b }\nT ::= SEQUENCE { e E DEFAULT c } -- ERROR c is not an enumeration\nEND"},
		{"duplicate enumeration value", "M DEFINITIONS ::= BEGIN\nE ::= ENUMERATED { a(1),\n b(1) } -- ERROR a and b both have the value 1\nEND"},
		{"syntax error", "M DEFINITIONS ::= BEGIN\nT ::= SEQUENCE { a INTEGER,, } -- ERROR unexpected\nEND"},
		{"truncated file", "M DEFINITIONS ::= BEGIN\nT ::= SEQUENCE { a INTEGER -- ERROR never closed\n"},
		{"garbage byte", "M DEFINITIONS ::= BEGIN\nT ::= \x01 -- ERROR unexpected character\nEND"},
		{"unbalanced", "M DEFINITIONS ::= BEGIN\nT ::= SEQUENCE { a INTEGER ) -- ERROR does not match\nEND"},
		{"object syntax", roseClasses + "O DEFINITIONS ::= BEGIN\nIMPORTS OPERATION FROM Remote-Operations-Information-Objects {joint-iso-itu-t remote-operations(4) informationObjects(5) version1(0)};\nop OPERATION ::= { ARGUMENT INTEGER CODE local:1 RESULT BOOLEAN } -- ERROR does not follow the syntax of class OPERATION\nEND"},
		{"duplicate operation code", roseClasses + "O DEFINITIONS ::= BEGIN\nIMPORTS OPERATION FROM Remote-Operations-Information-Objects {joint-iso-itu-t remote-operations(4) informationObjects(5) version1(0)};\na OPERATION ::= { CODE local:1 }\nb OPERATION ::= { CODE local:1 } -- ERROR already used by a\nEND"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			line, rx := 0, ""
			for i, l := range strings.Split(tc.src, "\n") {
				if j := strings.Index(l, "-- ERROR "); j >= 0 {
					line, rx = i+1, l[j+len("-- ERROR "):]
				}
			}
			_, err := compileSrc(t, tc.src)
			if err == nil {
				t.Fatalf("no error, want %q at line %d", rx, line)
			}
			list, ok := err.(ErrorList)
			if !ok {
				t.Fatalf("error is %T, want ErrorList", err)
			}
			re := regexp.MustCompile(rx)
			for _, e := range list {
				if e.Pos.Line == line && re.MatchString(e.Msg) && e.Pos.Filename == "test.asn1" {
					return
				}
			}
			t.Errorf("want %q at test.asn1:%d, got:\n%v", rx, line, err)
		})
	}
}

// TestHostileInput checks that bad input ends in an error, quickly.
func TestHostileInput(t *testing.T) {
	deep := "M DEFINITIONS ::= BEGIN T ::= " + strings.Repeat("SEQUENCE { a ", 5000) + "INTEGER" + strings.Repeat(" }", 5000) + " END"
	chain := "M DEFINITIONS ::= BEGIN\n"
	for i := 0; i < 2000; i++ {
		chain += fmt.Sprintf("T%d ::= T%d\n", i, i+1)
	}
	chain += "T2000 ::= T0\nEND"
	inputs := map[string]string{
		"deep nesting":         deep,
		"long reference cycle": chain,
		"empty":                "",
		"only comment":         "-- nothing",
		"unterminated string":  `M DEFINITIONS ::= BEGIN v IA5String ::= "abc`,
		"binary":               "\x00\xff\xfe\x01DEFINITIONS",
		"deep parameters":      "M DEFINITIONS ::= BEGIN P{T} ::= SEQUENCE { a P{T} } X ::= P{INTEGER} END",
	}
	for name, src := range inputs {
		t.Run(name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() {
				_, err := compileSrc(t, src)
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil {
					t.Errorf("no error for hostile input")
				}
			case <-time.After(10 * time.Second):
				t.Fatal("compile did not finish within 10s")
			}
		})
	}
}

// TestExternalValueReference checks "Module.value" on the right of a value
// assignment, which must not be read as a type reference.
func TestExternalValueReference(t *testing.T) {
	a := `A DEFINITIONS ::= BEGIN val INTEGER ::= 5 END`
	b := `B DEFINITIONS ::= BEGIN IMPORTS val FROM A; r INTEGER ::= A.val END`
	m, err := Compile([]File{{Name: "a.asn1", Src: []byte(a)}, {Name: "b.asn1", Src: []byte(b)}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v := m.Module("B").Values[0].Value; v == nil || v.Int != 5 {
		t.Errorf("r = %+v, want 5", v)
	}
}

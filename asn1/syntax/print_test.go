package syntax

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// astOptions compare ASTs ignoring positions; token slices compare by type
// and value only.
var astOptions = cmp.Options{
	cmpopts.IgnoreTypes(lexer.Position{}),
	cmp.Comparer(func(a, b []lexer.Token) bool {
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			if a[i].Type != b[i].Type || a[i].Value != b[i].Value {
				return false
			}
		}
		return true
	}),
}

func printFile(t *testing.T, f *ModuleFile) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Fprint(&buf, f); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// referenceFiles lists the .asn1 files of the reference modules, or skips.
func referenceFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, dir := range []string{"ecma-285", "x880-rose", "x227-acse"} {
		m, err := filepath.Glob(filepath.Join("..", "..", "..", "shared", dir, "*.asn1"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Skip("reference modules (../shared) not present")
	}
	return files
}

// TestPrintReference checks, for every reference module, that printing is
// idempotent and that the printed text parses back to the same AST.
func TestPrintReference(t *testing.T) {
	for _, path := range referenceFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) { checkPrint(t, path) })
	}
}

// TestPrintCorpus checks the same for the front end's test modules, one
// per construct (../testdata).
func TestPrintCorpus(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "*.asn1"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no modules in ../testdata")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) { checkPrint(t, path) })
	}
}

// checkPrint parses the module file at path, prints it, and checks that
// the text parses back to the same AST (ENCODING-CONTROL sections, which
// the parser drops, aside) and prints the same again.
func checkPrint(t *testing.T, path string) {
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	orig, err := ParseFile(path, src)
	if err != nil {
		t.Fatalf("parse reference: %v", err)
	}
	out1 := printFile(t, orig)
	again, err := ParseFile("printed", out1)
	if err != nil {
		t.Fatalf("parse printed text: %v\n%s", err, out1)
	}
	if diff := cmp.Diff(orig, again, astOptions, cmpopts.IgnoreFields(ModuleDefinition{}, "EncodingControl")); diff != "" {
		t.Fatalf("AST changed by printing (-orig +reparsed):\n%s", diff)
	}
	out2 := printFile(t, again)
	if !bytes.Equal(out1, out2) {
		t.Fatalf("printing is not idempotent:\n%s", cmp.Diff(string(out1), string(out2)))
	}
	if bytes.Contains(out1, []byte("\t")) {
		t.Errorf("output contains a tab")
	}
	for i, l := range strings.Split(string(out1), "\n") {
		if strings.TrimRight(l, " ") != l {
			t.Errorf("line %d has trailing spaces: %q", i+1, l)
		}
	}
}

func TestFormatModule(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{
			name: "header imports and aligned components",
			in: `M {iso( 1) identified-organization( 3) 12} DEFINITIONS IMPLICIT TAGS ::= BEGIN
EXPORTS A, b;
IMPORTS X, y FROM N {iso 3 n(7)} Z{} FROM O;
A ::= SEQUENCE { a INTEGER, longName [0] IMPLICIT BOOLEAN OPTIONAL, c [APPLICATION 2] EXPLICIT X DEFAULT 5 ,
 ..., d IA5String (SIZE(1..32)) }
b INTEGER ::= -1
END`,
			want: `M {iso(1) identified-organization(3) 12}
DEFINITIONS IMPLICIT TAGS ::=
BEGIN

EXPORTS
    A, b;

IMPORTS
    X, y
        FROM N {iso 3 n(7)}
    Z{}
        FROM O;

A ::= SEQUENCE {
    a        INTEGER,
    longName [0] IMPLICIT BOOLEAN       OPTIONAL,
    c        [APPLICATION 2] EXPLICIT X DEFAULT 5,
    ...,
    d        IA5String (SIZE (1..32))
}

b INTEGER ::= -1

END
`,
		},
		{
			name: "enumerations, named numbers, choice, selection, collections",
			in: `M DEFINITIONS ::= BEGIN
E ::= ENUMERATED {a(0), b(1), ..., c(2)}
L ::= ENUMERATED {first(0), second(1), third(2), fourth(3), fifth(4), sixth(5), seventh(6)}
I ::= INTEGER {zero(0), minus(-1), ref(x)} (0..MAX)
B ::= BIT STRING {b0(0), b1(1)}
C ::= CHOICE {a [0] IMPLICIT NULL, b [1] SEQUENCE {x REAL}, ...}
S ::= b < C
Q ::= SEQUENCE SIZE (1..10) OF elem INTEGER
R ::= SET (SIZE (0..4)) OF OCTET STRING
O ::= SEQUENCE {COMPONENTS OF Q, [[2: v INTEGER, w BOOLEAN]], ... ! 1}
END`,
			want: `M
DEFINITIONS ::=
BEGIN

E ::= ENUMERATED {a(0), b(1), ..., c(2)}

L ::= ENUMERATED {
    first(0),
    second(1),
    third(2),
    fourth(3),
    fifth(4),
    sixth(5),
    seventh(6)
}

I ::= INTEGER {zero(0), minus(-1), ref(x)} (0..MAX)

B ::= BIT STRING {b0(0), b1(1)}

C ::= CHOICE {
    a [0] IMPLICIT NULL,
    b [1] SEQUENCE {
        x REAL
    },
    ...
}

S ::= b < C

Q ::= SEQUENCE SIZE (1..10) OF elem INTEGER

R ::= SET (SIZE (0..4)) OF OCTET STRING

O ::= SEQUENCE {
    COMPONENTS OF Q,
    [[2:
        v INTEGER,
        w BOOLEAN
    ]],
    ... ! 1
}

END
`,
		},
		{
			name: "classes, objects, object sets, parameters and table constraints",
			in: `M DEFINITIONS ::= BEGIN
OP ::= CLASS { &Arg OPTIONAL, &code INTEGER UNIQUE, &flag BOOLEAN DEFAULT TRUE }
WITH SYNTAX { [ARGUMENT &Arg] [ALWAYS FLAGS &flag] CODE &code }
op OP ::= { ARGUMENT SEQUENCE { a INTEGER } ALWAYS FLAGS FALSE CODE local : - 1 }
Ops OP ::= { op | op2, ... }
P{OP:Set} ::= SEQUENCE { code OP.&code ({Set}), arg OP.&Arg ({Set}{@code} ! RejectProblem:bad) OPTIONAL }
(CONSTRAINED BY { -- comment -- } ! 7)
(WITH COMPONENTS {..., arg ABSENT} | WITH COMPONENTS {..., arg PRESENT})
Inst ::= P{{Ops}}
V OP ::= {ALL EXCEPT op}
END`,
			want: `M
DEFINITIONS ::=
BEGIN

OP ::= CLASS {
    &Arg  OPTIONAL,
    &code INTEGER UNIQUE,
    &flag BOOLEAN DEFAULT TRUE
}
WITH SYNTAX {
    [ARGUMENT &Arg]
    [ALWAYS FLAGS &flag]
    CODE &code
}

op OP ::= {
    ARGUMENT     SEQUENCE {a INTEGER}
    ALWAYS FLAGS FALSE
    CODE         local: -1
}

Ops OP ::= {op | op2, ...}

P{OP: Set} ::= SEQUENCE {
    code OP.&code ({Set}),
    arg  OP.&Arg ({Set}{@code} ! RejectProblem: bad) OPTIONAL
} (CONSTRAINED BY {} ! 7) (WITH COMPONENTS {..., arg ABSENT} | WITH COMPONENTS {..., arg PRESENT})

Inst ::= P{{Ops}}

V OP ::= {ALL EXCEPT op}

END
`,
		},
		{
			name: "long object set and values",
			in: `M DEFINITIONS ::= BEGIN
Set OP ::= {alternateCall | answerCall | callCompletion | clearCall | clearConnection | conferenceCall}
oid OBJECT IDENTIFIER ::= {joint-iso-itu-t association-control(2) abstract-syntax(1) apdus(0) version1(1)}
s IA5String ::= "a""b"
h OCTET STRING ::= '0A'H
c C ::= present: 5
r R ::= val.&field
END`,
			want: `M
DEFINITIONS ::=
BEGIN

Set OP ::= {
    alternateCall |
    answerCall |
    callCompletion |
    clearCall |
    clearConnection |
    conferenceCall
}

oid OBJECT IDENTIFIER ::= {joint-iso-itu-t association-control(2) abstract-syntax(1) apdus(0) version1(1)}

s IA5String ::= "a""b"

h OCTET STRING ::= '0A'H

c C ::= present: 5

r R ::= val.&field

END
`,
		},
		{
			name: "rare constructs: subtype elements, open types, tag values, exports all",
			in: `M DEFINITIONS AUTOMATIC TAGS EXTENSIBILITY IMPLIED ::= BEGIN
EXPORTS ALL;
IMPORTS;
A ::= IA5String (FROM ("a".."z") ^ SIZE (1..8) | PATTERN "[0-9]+" ^ FROM ("0") EXCEPT "x")
B ::= OCTET STRING (CONTAINING INTEGER) (INCLUDES C, ..., 3)
C ::= SEQUENCE OF INTEGER (WITH COMPONENT (0<..<10)) (ALL EXCEPT 5) (... ! Err: e)
D ::= [APPLICATION tagNum] EXPLICIT ANY DEFINED BY id
E ::= INSTANCE OF TYPE-IDENTIFIER
F ::= SET {a REAL DEFAULT 1.5e3, b BIT STRING DEFAULT '0101'B, c EMBEDDED PDV, d CHARACTER STRING, e RELATIVE-OID, f EXTERNAL}
G ::= ENUMERATED {a, ..., b, ... ! 4}
T ::= TYPE-IDENTIFIER
END`,
			want: `M
DEFINITIONS AUTOMATIC TAGS EXTENSIBILITY IMPLIED ::=
BEGIN

EXPORTS ALL;

IMPORTS;

A ::= IA5String (FROM ("a".."z") ^ SIZE (1..8) | PATTERN "[0-9]+" ^ FROM ("0") EXCEPT "x")

B ::= OCTET STRING (CONTAINING INTEGER) (INCLUDES C, ..., 3)

C ::= SEQUENCE OF INTEGER (WITH COMPONENT (0<..<10)) (ALL EXCEPT 5) (... ! Err: e)

D ::= [APPLICATION tagNum] EXPLICIT ANY DEFINED BY id

E ::= INSTANCE OF TYPE-IDENTIFIER

F ::= SET {
    a REAL       DEFAULT 1.5e3,
    b BIT STRING DEFAULT '0101'B,
    c EMBEDDED PDV,
    d CHARACTER STRING,
    e RELATIVE-OID,
    f EXTERNAL
}

G ::= ENUMERATED {a, ..., b, ... ! 4}

T ::= TYPE-IDENTIFIER

END
`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ParseFile("in.asn1", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Modules) != 1 {
				t.Fatalf("got %d modules", len(f.Modules))
			}
			got := string(FormatModule(f.Modules[0]))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("FormatModule (-want +got):\n%s", diff)
			}
			again, err := ParseFile("out.asn1", []byte(got))
			if err != nil {
				t.Fatalf("printed text does not parse: %v", err)
			}
			if diff := cmp.Diff(f, again, astOptions); diff != "" {
				t.Errorf("AST changed by printing (-in +out):\n%s", diff)
			}
		})
	}
}

// TestFormatSetOperators checks that UNION and INTERSECTION print as "|" and
// "^" (X.680 50.1 makes them synonyms); only the token record differs.
func TestFormatSetOperators(t *testing.T) {
	f, err := ParseFile("in.asn1", []byte("M DEFINITIONS ::= BEGIN A ::= INTEGER (1 UNION 2 INTERSECTION 3) END"))
	if err != nil {
		t.Fatal(err)
	}
	got := string(FormatModule(f.Modules[0]))
	if !strings.Contains(got, "A ::= INTEGER (1 | 2 ^ 3)") {
		t.Errorf("got:\n%s", got)
	}
	again, err := ParseFile("out.asn1", []byte(got))
	if err != nil {
		t.Fatal(err)
	}
	opts := append(cmp.Options{cmpopts.IgnoreFields(Constraint{}, "Tokens")}, astOptions...)
	if diff := cmp.Diff(f, again, opts); diff != "" {
		t.Errorf("AST changed beyond the operator spelling:\n%s", diff)
	}
}

func TestFprintModulesSeparated(t *testing.T) {
	f, err := ParseFile("in.asn1", []byte("A DEFINITIONS ::= BEGIN END B DEFINITIONS ::= BEGIN x INTEGER ::= 1 END"))
	if err != nil {
		t.Fatal(err)
	}
	want := "A\nDEFINITIONS ::=\nBEGIN\n\nEND\n\nB\nDEFINITIONS ::=\nBEGIN\n\nx INTEGER ::= 1\n\nEND\n"
	if got := string(printFile(t, f)); got != want {
		t.Errorf("Fprint:\n%s", cmp.Diff(want, got))
	}
}

func TestNeedSpace(t *testing.T) {
	tests := []struct {
		prev, next string
		want       bool
	}{
		{"{", "a", false},
		{"a", "}", false},
		{"a", ",", false},
		{"a", "b", true},
		{"local", ":", false},
		{":", "-", true},
		{"-", "1", false},
		{"-", "-", true}, // "--" would start a comment
		{".", "5", true}, // "1.5" would lex as a real number
		{"0", "..", false},
		{"..", "10", false},
		{"@", ".", false},
		{".", "..", true},
		{"}", "{", true},
	}
	for _, tt := range tests {
		if got := needSpace(tt.prev, tt.next); got != tt.want {
			t.Errorf("needSpace(%q, %q) = %v, want %v", tt.prev, tt.next, got, tt.want)
		}
	}
}

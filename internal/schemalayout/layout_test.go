package schemalayout

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cstagen/cstagen/asn1/syntax"
	"github.com/google/go-cmp/cmp"
)

func refDir(t *testing.T) string {
	t.Helper()
	ref := filepath.Join("..", "..", "..", "shared")
	if _, err := os.Stat(filepath.Join(ref, "ecma-285", "MANIFEST.txt")); err != nil {
		t.Skip("reference modules (../shared) not present")
	}
	return ref
}

// TestGenerateFixes pins the import defects of the published ECMA-285 text
// that Generate fixes (listed in schemas/README.md).
func TestGenerateFixes(t *testing.T) {
	res, err := Generate(refDir(t))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Fixes {
		got = append(got, f.Module+": "+strings.Join(f.Symbols, ",")+" "+f.Was+" -> "+f.Now)
	}
	want := []string{
		"CSTA-change-connection-information: CSTACommonArguments CSTA-error-definition -> CSTA-extension-types",
		"CSTA-get-location-tracking-capabilities: universalFailure CSTA-error-definitioneq -> CSTA-error-definition",
		"CSTA-start-location-tracking-session: universalFailure CSTA-error-definitioneq -> CSTA-error-definition",
		"CSTA-stop-location-tracking-session: universalFailure CSTA-error-definitioneq -> CSTA-error-definition",
		"CSTA-suspend-location-tracking-session: universalFailure CSTA-error-definitioneq -> CSTA-error-definition",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fixes (-want +got):\n%s", diff)
	}
	var names []string
	for _, f := range res.Files {
		names = append(names, f.Name)
	}
	if len(names) != len(groups)+5 {
		t.Errorf("got %d files, want %d: %v", len(names), len(groups)+5, names)
	}
}

// TestGenerateMissingReference checks the error for an empty reference
// directory.
func TestGenerateMissingReference(t *testing.T) {
	_, err := Generate(t.TempDir())
	if err == nil {
		t.Fatal("Generate on an empty directory succeeded")
	}
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("error %v does not wrap os.ErrNotExist", err)
	}
}

// TestGroupsUnique checks the grouping table itself: no module twice.
func TestGroupsUnique(t *testing.T) {
	seen := map[string]string{}
	files := map[string]bool{}
	for _, g := range groups {
		if files[g.file] {
			t.Errorf("file %s twice", g.file)
		}
		files[g.file] = true
		for _, m := range g.modules {
			if f, ok := seen[m]; ok {
				t.Errorf("%s in %s and %s", m, f, g.file)
			}
			seen[m] = g.file
		}
	}
	if len(seen) != 268 {
		t.Errorf("groups hold %d modules, want the 268 of ECMA-285", len(seen))
	}
}

func parseModule(t *testing.T, src string) *syntax.ModuleDefinition {
	t.Helper()
	f, err := syntax.ParseFile("t.asn1", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return f.Modules[0]
}

func TestOIDKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"M {iso(1) identified-organization(3) icd-ecma(12) 0} DEFINITIONS ::= BEGIN END", "1.3.12.0"},
		{"M {joint-iso-itu-t remote-operations(4) informationObjects(5) version1(0)} DEFINITIONS ::= BEGIN END", "2.4.5.0"},
		{"M {joint-iso-itu-t remote-operations(4) information-Objects(5) version2(1)} DEFINITIONS ::= BEGIN END", "2.4.5.1"},
		{"M {iso member-body f} DEFINITIONS ::= BEGIN END", "1.member-body.f"},
	}
	for _, tt := range tests {
		if got := oidKey(parseModule(t, tt.in).OID); got != tt.want {
			t.Errorf("oidKey(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestFixAndMergeImports(t *testing.T) {
	m := parseModule(t, `M DEFINITIONS ::= BEGIN
IMPORTS a FROM Wrong {1 2 3} b FROM N {1 2 4} c, a FROM N {1 2 3} d FROM N {1 2 3} e FROM N;
END`)
	fixes := fixImports(m, map[string]string{"1.2.3": "N"})
	if len(fixes) != 1 || fixes[0].Was != "Wrong" || fixes[0].Now != "N" {
		t.Fatalf("fixes = %v", fixes)
	}
	mergeImports(m)
	want := "IMPORTS\n    a, c, d\n        FROM N {1 2 3}\n    b\n        FROM N {1 2 4}\n    e\n        FROM N;\n"
	got := string(syntax.FormatModule(m))
	if !strings.Contains(got, want) {
		t.Errorf("merged imports:\n%s\nwant:\n%s", got, want)
	}
}

func TestLocalCode(t *testing.T) {
	tests := []struct {
		src  string
		code int64
		ok   bool
	}{
		{"x OPERATION ::= {ARGUMENT A ERRORS {e} CODE local: 10}", 10, true},
		{"x OPERATION ::= {CODE local: -3}", -3, true},
		{"x OPERATION ::= {CODE global: {1 2}}", 0, false},
		{"x OPERATION ::= {ARGUMENT A}", 0, false},
	}
	for _, tt := range tests {
		m := parseModule(t, "M DEFINITIONS ::= BEGIN "+tt.src+" END")
		code, ok := localCode(m.Assignments[0].Value.Braced)
		if code != tt.code || ok != tt.ok {
			t.Errorf("localCode(%s) = %d, %v; want %d, %v", tt.src, code, ok, tt.code, tt.ok)
		}
	}
}

func TestTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"CSTA-make-call", "Make Call"},
		{"CSTA-io-register", "I/O Register"},
		{"CSTA-get-csta-features-service", "Get CSTA Features Service"},
		{"CSTA-dtmf-detected-event", "DTMF Detected Event"},
	}
	for _, tt := range tests {
		if got := title(tt.in); got != tt.want {
			t.Errorf("title(%s) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

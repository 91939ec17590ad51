package erlang

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cstagen/cstagen/asn1"
)

// sharedDir is the project's read-only reference material, beside the repository.
func sharedDir(t testing.TB) string {
	t.Helper()
	d := filepath.Join("..", "..", "..", "..", "shared")
	if _, err := os.Stat(filepath.Join(d, "ecma-285")); err != nil {
		t.Skipf("reference material not found at %s: %v", d, err)
	}
	return d
}

// referenceInputs are the ECMA-285 modules plus the three X.880 modules they import.
func referenceInputs(shared string) []string {
	rose := filepath.Join(shared, "x880-rose")
	return []string{
		filepath.Join(shared, "ecma-285"),
		filepath.Join(rose, "itu-t_x_x880_1994-TC1-Amd1_Remote-Operations-Generic-ROS-PDUs.asn1"),
		filepath.Join(rose, "itu-t_x_x880_1994-TC1-Amd1_Remote-Operations-Information-Objects.asn1"),
		filepath.Join(rose, "itu-t_x_x880_1994-TC1-Amd1_Remote-Operations-Useful-Definitions.asn1"),
	}
}

func files(srcs ...string) []asn1.File {
	out := make([]asn1.File, len(srcs))
	for i, s := range srcs {
		out[i] = asn1.File{Name: fmt.Sprintf("m%d.asn1", i), Src: []byte(s)}
	}
	return out
}

// shortRewrite is a Rewrite without the file name, for tables.
type shortRewrite struct {
	Kind          RewriteKind
	Module        string
	Line          int
	Before, After string
}

func TestRewriteModules(t *testing.T) {
	const tagged = `A DEFINITIONS ::= BEGIN
EXPORTS T, U;
T ::= [APPLICATION 3] CHOICE { a [0] IMPLICIT INTEGER, -- comment kept
    b [1] IMPLICIT NULL }
U ::= INTEGER
END
`
	tests := []struct {
		name     string
		srcs     []string
		want     []shortRewrite
		contains map[string][]string // module -> substrings of its rewritten text
	}{
		{
			name: "tagged CHOICE imported, export list",
			srcs: []string{tagged, `B DEFINITIONS ::= BEGIN
IMPORTS T FROM A;
S ::= SEQUENCE { x [2] IMPLICIT T, y [3] T, z [4] IMPLICIT T OPTIONAL }
END
`},
			want: []shortRewrite{
				{ExportSymbol, "A", 2, "EXPORTS T, U;", "EXPORTS T, TUntagged, U;"},
				{UntaggedCopy, "A", 6, "", "TUntagged ::= CHOICE { a [0] IMPLICIT INTEGER, -- comment kept\n    b [1] IMPLICIT NULL }"},
				{ImportSymbol, "B", 2, "IMPORTS T FROM A;", "IMPORTS T, TUntagged FROM A;"},
				{ImplicitChoice, "B", 3, "S ::= SEQUENCE { x [2] IMPLICIT T, y [3] T, z [4] IMPLICIT T OPTIONAL }", "S ::= SEQUENCE { x [2] TUntagged, y [3] T, z [4] TUntagged OPTIONAL }"},
				{ImplicitChoice, "B", 3, "S ::= SEQUENCE { x [2] IMPLICIT T, y [3] T, z [4] IMPLICIT T OPTIONAL }", "S ::= SEQUENCE { x [2] TUntagged, y [3] T, z [4] TUntagged OPTIONAL }"},
			},
			contains: map[string][]string{"A": {"-- comment kept", "TUntagged ::= CHOICE {", "\nEND\n"}},
		},
		{
			name: "same module, no export list, IMPLICIT TAGS",
			srcs: []string{`A DEFINITIONS IMPLICIT TAGS ::= BEGIN
T ::= [APPLICATION 3] CHOICE { a [0] INTEGER, b [1] NULL }
S ::= SEQUENCE { x [2] IMPLICIT T }
END
`},
			want: []shortRewrite{
				{ImplicitChoice, "A", 3, "S ::= SEQUENCE { x [2] IMPLICIT T }", "S ::= SEQUENCE { x [2] EXPLICIT TUntagged }"},
				{UntaggedCopy, "A", 4, "", "TUntagged ::= CHOICE { a [0] INTEGER, b [1] NULL }"},
			},
		},
		{
			name: "name taken",
			srcs: []string{`A DEFINITIONS ::= BEGIN
T ::= [APPLICATION 3] CHOICE { a [0] IMPLICIT INTEGER }
TUntagged ::= INTEGER
S ::= SEQUENCE { x [2] IMPLICIT T }
END
`},
			want: []shortRewrite{
				{ImplicitChoice, "A", 4, "S ::= SEQUENCE { x [2] IMPLICIT T }", "S ::= SEQUENCE { x [2] TUntagged2 }"},
				{UntaggedCopy, "A", 5, "", "TUntagged2 ::= CHOICE { a [0] IMPLICIT INTEGER }"},
			},
		},
		{
			name: "IMPLICIT on other types and EXPLICIT on CHOICE untouched",
			srcs: []string{`A DEFINITIONS ::= BEGIN
T ::= [APPLICATION 3] CHOICE { a [0] IMPLICIT INTEGER }
I ::= [APPLICATION 4] IMPLICIT INTEGER
S ::= SEQUENCE { x [2] T, y [3] EXPLICIT T, z [4] IMPLICIT I }
END
`},
		},
		{
			name: "import name from OID",
			srcs: []string{`A { 1 3 12 7 } DEFINITIONS ::= BEGIN
U ::= INTEGER
END
`, `B DEFINITIONS ::= BEGIN
IMPORTS U FROM Wrong-name { iso(1) identified-organization(3) 12 7 };
S ::= U
END
`, `C DEFINITIONS ::= BEGIN
IMPORTS U FROM A { 1 3 12 99 };
S ::= U
END
`},
			want: []shortRewrite{
				{ImportName, "B", 2, "IMPORTS U FROM Wrong-name { iso(1) identified-organization(3) 12 7 };", "IMPORTS U FROM A { iso(1) identified-organization(3) 12 7 };"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := files(tt.srcs...)
			texts, origin, rws, err := rewriteModules(in)
			if err != nil {
				t.Fatal(err)
			}
			var got []shortRewrite
			for _, r := range rws {
				got = append(got, shortRewrite{r.Kind, r.Module, r.Line, r.Before, r.After})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("rewrites (-want +got):\n%s", diff)
			}
			for mod, subs := range tt.contains {
				for _, s := range subs {
					if !strings.Contains(string(texts[mod]), s) {
						t.Errorf("module %s lacks %q:\n%s", mod, s, texts[mod])
					}
				}
			}
			if len(origin) != len(texts) {
				t.Errorf("origin has %d modules, texts %d", len(origin), len(texts))
			}
			checkEquivalent(t, in, texts)
			if len(rws) == 0 {
				for i, f := range in {
					name := strings.Fields(tt.srcs[i])[0]
					if string(texts[name]) != string(f.Src) {
						t.Errorf("module %s changed without a rewrite:\n%s", name, texts[name])
					}
				}
			}
		})
	}
}

func TestRewriteModulesErrors(t *testing.T) {
	tests := []struct {
		name string
		srcs []string
		want error
	}{
		{"syntax error", []string{"A DEFINITIONS ::= BEGIN T ::= SEQUENCE { END"}, ErrSchema},
		{"undefined type", []string{"A DEFINITIONS ::= BEGIN T ::= Missing END"}, ErrSchema},
		{"tagged CHOICE by reference", []string{`A DEFINITIONS ::= BEGIN
C ::= CHOICE { a [0] IMPLICIT INTEGER }
T ::= [APPLICATION 3] C
S ::= SEQUENCE { x [2] IMPLICIT T }
END`}, ErrRewrite},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, err := rewriteModules(files(tt.srcs...))
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

// checkEquivalent compiles the rewritten texts and checks that every type
// of the original model has the same structure and effective tags (hence
// the same BER/DER octets) in the rewritten one.
func checkEquivalent(t *testing.T, orig []asn1.File, texts map[string][]byte) {
	t.Helper()
	m1, err := asn1.Compile(orig, nil)
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(texts))
	for n := range texts {
		names = append(names, n)
	}
	sort.Strings(names)
	var rew []asn1.File
	for _, n := range names {
		rew = append(rew, asn1.File{Name: n + ".asn1", Src: texts[n]})
	}
	m2, err := asn1.Compile(rew, nil)
	if err != nil {
		t.Fatalf("rewritten modules do not compile: %v", err)
	}
	diffs := 0
	for _, mod := range m1.Modules {
		mod2 := m2.Module(mod.Name)
		if mod2 == nil {
			t.Errorf("module %s missing after rewriting", mod.Name)
			continue
		}
		for _, td := range mod.Types {
			td2 := mod2.LookupType(td.Name)
			if td2 == nil {
				t.Errorf("%s missing after rewriting", td.QualifiedName())
				continue
			}
			for _, d := range compareTypes(td.QualifiedName(), td.Type, td2.Type, true) {
				if diffs++; diffs <= 20 {
					t.Error(d)
				}
			}
		}
	}
}

// compareTypes lists the differences in kind, effective tags and
// components between a and b. A reference to T may become a reference to
// T's untagged copy: then the alternatives of both are compared as well.
func compareTypes(path string, a, b *asn1.Type, top bool) []string {
	var out []string
	if a.Kind != b.Kind {
		return []string{fmt.Sprintf("%s: kind %v became %v", path, a.Kind, b.Kind)}
	}
	if d := cmp.Diff(a.Tags, b.Tags); d != "" {
		out = append(out, fmt.Sprintf("%s: tags (-orig +rewritten):\n%s", path, d))
	}
	if (a.Ref == nil) != (b.Ref == nil) {
		return append(out, fmt.Sprintf("%s: reference changed", path))
	}
	if a.Ref != nil && a.Ref.Name != b.Ref.Name && !top {
		if !strings.HasPrefix(b.Ref.Name, a.Ref.Name+untaggedSuffix) {
			return append(out, fmt.Sprintf("%s: reference %s became %s", path, a.Ref.Name, b.Ref.Name))
		}
		a, b = a.Ref.Type, b.Ref.Type
	}
	if len(a.Components) != len(b.Components) {
		return append(out, fmt.Sprintf("%s: %d components became %d", path, len(a.Components), len(b.Components)))
	}
	for i, c := range a.Components {
		c2 := b.Components[i]
		if c.Name != c2.Name || c.Optional != c2.Optional || c.Extension != c2.Extension || (c.Default == nil) != (c2.Default == nil) {
			out = append(out, fmt.Sprintf("%s.%s: component changed", path, c.Name))
			continue
		}
		out = append(out, compareTypes(path+"."+c.Name, c.Type, c2.Type, false)...)
	}
	if (a.Elem == nil) != (b.Elem == nil) {
		return append(out, fmt.Sprintf("%s: element type changed", path))
	}
	if a.Elem != nil {
		out = append(out, compareTypes(path+".elem", a.Elem, b.Elem, false)...)
	}
	return out
}

// TestRewriteReference rewrites the published ECMA-285 set and checks the
// rewrites schema-facts.md expects, that nothing else changed, and that the
// rewritten set is equivalent to the original.
func TestRewriteReference(t *testing.T) {
	in, err := readSources(referenceInputs(sharedDir(t)))
	if err != nil {
		t.Fatal(err)
	}
	texts, origin, rws, err := rewriteModules(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(texts) != 271 {
		t.Errorf("%d modules, want 268 CSTA + 3 ROSE", len(texts))
	}
	count := map[RewriteKind]int{}
	changed := map[string]map[int]bool{} // module -> rewritten lines
	for _, r := range rws {
		t.Log(r)
		count[r.Kind]++
		if changed[r.Module] == nil {
			changed[r.Module] = map[int]bool{}
		}
		changed[r.Module][r.Line] = true
	}
	want := map[RewriteKind]int{ImplicitChoice: 4, ImportName: 5, UntaggedCopy: 2, ExportSymbol: 2, ImportSymbol: 4}
	if diff := cmp.Diff(want, count); diff != "" {
		t.Errorf("rewrite counts (-want +got):\n%s", diff)
	}
	// Every line of every module is unchanged except the listed ones and
	// the copies added before END.
	src := map[string][]byte{}
	for _, f := range in {
		src[f.Name] = f.Src
	}
	for mod, text := range texts {
		a := strings.Split(string(src[origin[mod]]), "\n")
		b := strings.Split(string(text), "\n")
		for i := 0; i < len(a) && i < len(b); i++ {
			if strings.HasPrefix(b[i], "-- Added by the cstagen Erlang oracle") {
				break
			}
			if a[i] == b[i] || changed[mod][i+1] {
				continue
			}
			t.Errorf("%s line %d changed without a rewrite:\n%q\n%q", mod, i+1, a[i], b[i])
			break
		}
	}
	checkEquivalent(t, in, texts)
}

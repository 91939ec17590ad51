package asn1

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata")

// errorComment is an expected error, go/parser style: "-- ERROR "rx"" on
// the line the error is reported at.
var errorComment = regexp.MustCompile(`--\s*ERROR\s+"((?:[^"\\]|\\.)*)"`)

// TestCorpus compiles every module of testdata. A file with ERROR comments
// must fail with exactly those errors, each at its line; any other file
// must compile, and its model, printed by printModel, must equal the
// golden file beside it (go test -update rewrites them).
func TestCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/*.asn1")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no test modules in testdata")
	}
	for _, name := range files {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".asn1"), func(t *testing.T) {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			want := expectedErrors(src)
			m, err := Compile([]File{{Name: filepath.Base(name), Src: src}}, nil)
			if len(want) > 0 {
				checkErrors(t, err, want)
				return
			}
			if err != nil {
				t.Fatalf("compile: %v", err)
			}
			got := printModel(m)
			golden := strings.TrimSuffix(name, ".asn1") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			w, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if diff := cmp.Diff(string(w), got); diff != "" {
				t.Errorf("model differs from %s (-want +got):\n%s", golden, diff)
			}
		})
	}
}

type wantError struct {
	line int
	rx   *regexp.Regexp
}

func expectedErrors(src []byte) []wantError {
	var out []wantError
	for i, l := range strings.Split(string(src), "\n") {
		for _, m := range errorComment.FindAllStringSubmatch(l, -1) {
			out = append(out, wantError{line: i + 1, rx: regexp.MustCompile(m[1])})
		}
	}
	return out
}

// checkErrors matches the errors of err one to one with want, by line and
// message.
func checkErrors(t *testing.T, err error, want []wantError) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %d", len(want))
	}
	list, ok := err.(ErrorList)
	if !ok {
		t.Fatalf("error is %T, want ErrorList", err)
	}
	used := make([]bool, len(want))
next:
	for _, e := range list {
		if e.Pos.Line == 0 || e.Pos.Column == 0 {
			t.Errorf("error without line:col: %v", e)
		}
		for i, w := range want {
			if !used[i] && e.Pos.Line == w.line && w.rx.MatchString(e.Msg) {
				used[i] = true
				continue next
			}
		}
		t.Errorf("unexpected error: %v", e)
	}
	for i, w := range want {
		if !used[i] {
			t.Errorf("line %d: missing error %q", w.line, w.rx)
		}
	}
}

// printModel prints what the model says about every module that is not
// built in: types (Describe), values, classes, objects and object sets.
func printModel(m *Model) string {
	var b strings.Builder
	for _, mod := range m.Modules {
		if mod.Builtin {
			continue
		}
		fmt.Fprintf(&b, "MODULE %s", mod.Name)
		if mod.OID != nil {
			fmt.Fprintf(&b, " {%s}", OIDString(mod.OID))
		}
		fmt.Fprintf(&b, " %s", mod.TagDefault)
		if mod.Extensible {
			b.WriteString(" EXTENSIBILITY IMPLIED")
		}
		b.WriteByte('\n')
		for _, td := range mod.Types {
			fmt.Fprintf(&b, "  %s ::= %s\n", td.Name, Describe(td.Type))
			if td.Type.Containing != nil {
				fmt.Fprintf(&b, "    CONTAINING %s", Describe(td.Type.Containing))
				if td.Type.EncodedBy != nil {
					fmt.Fprintf(&b, " ENCODED BY {%s}", OIDString(td.Type.EncodedBy))
				}
				b.WriteByte('\n')
			} else if td.Type.EncodedBy != nil {
				fmt.Fprintf(&b, "    ENCODED BY {%s}\n", OIDString(td.Type.EncodedBy))
			}
			for _, c := range td.Type.Components {
				if c.Group != 0 {
					fmt.Fprintf(&b, "    %s in group %d version %d\n", c.Name, c.Group, c.GroupVersion)
				}
			}
		}
		for _, td := range mod.Instances {
			fmt.Fprintf(&b, "  %s<%s> ::= %s\n", td.Name, td.Instance, Describe(td.Type))
		}
		for _, v := range mod.Values {
			val := "<nil>"
			if v.Value != nil {
				val = DescribeValue(v.Value)
			}
			fmt.Fprintf(&b, "  %s %s ::= %s\n", v.Name, Describe(v.Type), val)
		}
		for _, c := range mod.Classes {
			fmt.Fprintf(&b, "  CLASS %s {", c.Name)
			for i, f := range c.Fields {
				if i > 0 {
					b.WriteByte(',')
				}
				fmt.Fprintf(&b, " %s %s", f.Name, fieldKindName[f.Kind])
				if f.Type != nil {
					fmt.Fprintf(&b, " %s", Describe(f.Type))
				}
				if f.Class != nil {
					fmt.Fprintf(&b, " %s", f.Class.Name)
				}
				if f.Unique {
					b.WriteString(" UNIQUE")
				}
				if f.Optional {
					b.WriteString(" OPTIONAL")
				}
				if f.Default != nil {
					fmt.Fprintf(&b, " DEFAULT %s", DescribeValue(f.Default))
				}
			}
			b.WriteString(" }\n")
		}
		for _, o := range mod.Objects {
			fmt.Fprintf(&b, "  %s\n", describeObject(o))
		}
		for _, s := range mod.ObjectSets {
			fmt.Fprintf(&b, "  %s\n", describeObjectSet(s))
		}
	}
	return b.String()
}

var fieldKindName = map[FieldKind]string{TypeField: "type", ValueField: "value", ObjectField: "object", ObjectSetField: "objectset", ValueSetField: "valueset"}

func describeObject(o *Object) string {
	var parts []string
	for k, v := range o.Types {
		parts = append(parts, k+" "+Describe(v))
	}
	for k, v := range o.Values {
		parts = append(parts, k+" "+DescribeValue(v))
	}
	for k, v := range o.Sets {
		parts = append(parts, k+" "+describeObjectSet(v))
	}
	for k, v := range o.ValueSets {
		parts = append(parts, k+" "+Describe(v))
	}
	for k, v := range o.ObjRefs {
		parts = append(parts, k+" "+v.Name)
	}
	sort.Strings(parts)
	class := "?"
	if o.Class != nil {
		class = o.Class.Name
	}
	name := o.Name
	if name == "" {
		name = "_"
	}
	return fmt.Sprintf("%s %s ::= { %s }", name, class, strings.Join(parts, ", "))
}

func describeObjectSet(s *ObjectSet) string {
	var parts []string
	for _, o := range s.Objects {
		if o.Name != "" {
			parts = append(parts, o.Name)
		} else {
			parts = append(parts, "{"+strings.TrimSuffix(strings.SplitN(describeObject(o), "::= {", 2)[1], "}")+"}")
		}
	}
	if s.Extensible {
		parts = append(parts, "...")
	}
	name := s.Name
	if name == "" {
		name = "_"
	}
	class := "?"
	if s.Class != nil {
		class = s.Class.Name
	}
	return fmt.Sprintf("%s %s ::= { %s }", name, class, strings.Join(parts, " | "))
}

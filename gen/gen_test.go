package gen

import (
	"bytes"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cstagen/cstagen/asn1"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func compileFile(t *testing.T, path string) *asn1.Model {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := asn1.Compile([]asn1.File{{Name: filepath.Base(path), Src: src}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// concat joins generated files in name order, each under a header line.
func concat(files map[string][]byte) []byte {
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var b bytes.Buffer
	for _, n := range names {
		b.WriteString("==== " + n + "\n")
		b.Write(files[n])
	}
	return b.Bytes()
}

// TestGolden compares the generator's output for each testdata schema
// with its golden file (go test ./gen -update rewrites them).
func TestGolden(t *testing.T) {
	paths, _ := filepath.Glob("testdata/*.asn1")
	if len(paths) == 0 {
		t.Fatal("no testdata schemas")
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			files, err := Generate(compileFile(t, p), Options{Package: "kat", Source: filepath.Base(p)})
			if err != nil {
				t.Fatal(err)
			}
			got := concat(files)
			golden := strings.TrimSuffix(p, ".asn1") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./gen -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s; run go test ./gen -update and review the diff", golden)
			}
			again, _ := Generate(compileFile(t, p), Options{Package: "kat", Source: filepath.Base(p)})
			if !bytes.Equal(concat(again), got) {
				t.Error("output is not deterministic")
			}
		})
	}
}

// repoRoot is the module root: the parent of this package's directory, in
// which go test runs the test (runtime.Caller would not do: -trimpath).
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Dir(dir)
}

// TestGeneratedPackage generates the known-answer schema into a temporary
// module, adds the hand-written known-answer tests, and runs go vet and go
// test there: the generated code compiles, passes its own round-trip and
// zero-allocation tests, and meets the X.690 vectors.
func TestGeneratedPackage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	// The hand-written test codes every type on its own.
	files, err := Generate(compileFile(t, "testdata/kat.asn1"), Options{Package: "kat", Source: "kat.asn1", AllMessages: true})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	root := repoRoot(t)
	gomod := "module example.com/kat\n\ngo 1.24\n\nrequire (\n\tgithub.com/cstagen/cstagen v0.0.0\n\tgithub.com/google/go-cmp v0.7.0\n)\n\nreplace github.com/cstagen/cstagen => " + root + "\n"
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644))
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	must(err)
	must(os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644))
	for name, src := range files {
		must(os.WriteFile(filepath.Join(dir, name), src, 0o644))
	}
	kat, err := os.ReadFile("testdata/kat_test.go.txt")
	must(err)
	must(os.WriteFile(filepath.Join(dir, "kat_test.go"), kat, 0o644))
	for _, args := range [][]string{{"vet", "."}, {"test", "-count=1", "."}} {
		cmd := exec.Command(goBin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s in the generated module: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

// TestSplitFiles generates the known-answer schema with a small
// MaxFileSize: a module's types are spread over several files, each within
// the limit unless it holds one type only, and the declarations are those
// of the unsplit output.
func TestSplitFiles(t *testing.T) {
	const limit = 24 << 10
	m := compileFile(t, "testdata/kat.asn1")
	whole, err := Generate(m, Options{Package: "kat"})
	if err != nil {
		t.Fatal(err)
	}
	split, err := Generate(m, Options{Package: "kat", MaxFileSize: limit})
	if err != nil {
		t.Fatal(err)
	}
	if len(split) <= len(whole) {
		t.Fatalf("%d files with MaxFileSize %d, %d without: nothing was split", len(split), limit, len(whole))
	}
	decls := func(files map[string][]byte, check bool) map[string]bool {
		out := map[string]bool{}
		for name, src := range files {
			f, err := parser.ParseFile(token.NewFileSet(), name, src, 0)
			if err != nil {
				t.Fatal(err)
			}
			types := 0
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					key := d.Name.Name
					if d.Recv != nil {
						key = recvName(d) + "." + d.Name.Name
					}
					out[key] = true
				case *ast.GenDecl:
					for _, s := range d.Specs {
						if ts, ok := s.(*ast.TypeSpec); ok {
							types++
							out[ts.Name.Name] = true
						}
					}
				}
			}
			if check && len(src) > limit && types > 1 && !strings.HasSuffix(name, "_test.go") && name != "xml.go" && name != "tables.go" && name != "pdu.go" {
				t.Errorf("%s: %d bytes, %d types", name, len(src), types)
			}
		}
		return out
	}
	if diff := cmp.Diff(decls(whole, false), decls(split, true)); diff != "" {
		t.Errorf("declarations differ (-whole +split):\n%s", diff)
	}
}

// recvName is the receiver type name of a method.
func recvName(d *ast.FuncDecl) string {
	x := d.Recv.List[0].Type
	if s, ok := x.(*ast.StarExpr); ok {
		x = s.X
	}
	if id, ok := x.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// TestBasePackage generates a package b for a module that imports the
// types of module A from a package a generated earlier (Options.Base):
// b must declare none of A's types, refer to them in a, and build, vet and
// pass its tests (round trips through a's exported component codec, with
// no allocation) in a module holding both.
func TestBasePackage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	srcA := `A DEFINITIONS IMPLICIT TAGS ::= BEGIN
Number ::= IA5String (SIZE(1..8))
Mode ::= ENUMERATED { off(0), on(1) }
Dev ::= CHOICE { number [0] Number, index [1] INTEGER }
Rec ::= [APPLICATION 3] SEQUENCE { dev Dev, mode [2] Mode DEFAULT off, ... }
Devs ::= SEQUENCE OF Dev
END
`
	srcB := `B DEFINITIONS IMPLICIT TAGS ::= BEGIN
IMPORTS Number, Mode, Dev, Rec, Devs FROM A;
Use ::= SEQUENCE {
  dev    Dev,
  tagged [1] Dev,
  num    [2] Number,
  mode   [3] Mode DEFAULT on,
  rec    Rec OPTIONAL,
  inRec  [4] Rec OPTIONAL,
  devs   [5] Devs,
  list   [6] SEQUENCE OF Dev }
Alt ::= CHOICE { rec [0] Rec, dev [1] Dev, n [2] Number }
MyDev ::= [7] Dev
END
`
	m, err := asn1.Compile([]asn1.File{{Name: "a.asn1", Src: []byte(srcA)}, {Name: "b.asn1", Src: []byte(srcB)}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	filesA, err := Generate(m, Options{Package: "a", Base: map[string]string{"B": "example.com/m/b"}})
	if err != nil {
		t.Fatal(err)
	}
	filesB, err := Generate(m, Options{Package: "b", Base: map[string]string{"A": "example.com/m/a"}})
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range filesB {
		for _, decl := range []string{"type Dev ", "type Rec ", "type Number ", "type Mode "} {
			if bytes.Contains(src, []byte("\n"+decl)) {
				t.Errorf("b/%s declares A's %s", name, decl)
			}
		}
	}
	if !bytes.Contains(filesB["b.go"], []byte("Dev a.Dev")) || !bytes.Contains(filesB["b.go"], []byte(".PutBERChoice(b, i)")) {
		t.Errorf("b.go does not use a.Dev through its exported codec:\n%s", filesB["b.go"])
	}
	dir := t.TempDir()
	root := repoRoot(t)
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	gomod := "module example.com/m\n\ngo 1.24\n\nrequire (\n\tgithub.com/cstagen/cstagen v0.0.0\n\tgithub.com/google/go-cmp v0.7.0\n)\n\nreplace github.com/cstagen/cstagen => " + root + "\n"
	must(os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644))
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	must(err)
	must(os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644))
	for pkg, files := range map[string]map[string][]byte{"a": filesA, "b": filesB} {
		must(os.MkdirAll(filepath.Join(dir, pkg), 0o755))
		for name, src := range files {
			must(os.WriteFile(filepath.Join(dir, pkg, name), src, 0o644))
		}
	}
	useTest := `package b

import (
	"testing"

	"example.com/m/a"
)

func TestUse(t *testing.T) {
	v := &Use{Num: a.Number("42"), Mode: a.ModeOff, Devs: a.Devs{{}}, List: []a.Dev{{}}}
	v.Dev.SetNumber(a.Number("1"))
	v.Tagged.SetIndex(7)
	v.Devs[0].SetIndex(1)
	v.List[0].SetNumber(a.Number("2"))
	v.InRec = &a.Rec{Mode: a.ModeOn}
	v.InRec.Dev.SetIndex(3)
	enc, err := v.AppendBER(nil)
	if err != nil {
		t.Fatal(err)
	}
	var w Use
	if err := w.DecodeBER(enc); err != nil {
		t.Fatalf("%x: %v", enc, err)
	}
	if w.String() != v.String() {
		t.Fatalf("BER: %v, want %v", &w, v)
	}
	x, err := v.AppendXML(nil)
	if err != nil {
		t.Fatal(err)
	}
	var y Use
	if err := y.DecodeXML(x); err != nil || y.String() != v.String() {
		t.Fatalf("XML %s: %v, %v", x, &y, err)
	}
	buf := make([]byte, 0, len(enc))
	if n := testing.AllocsPerRun(10, func() {
		out, _ := v.AppendBER(buf[:0])
		if err := w.DecodeBER(out); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("%v allocations per encode+decode, want 0", n)
	}
	var alt Alt
	alt.SetDev(&v.Dev)
	md := MyDev(v.Dev)
	for _, m := range []Message{&alt, &md} {
		enc, err := m.AppendBER(nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := m.DecodeBER(enc); err != nil {
			t.Fatalf("%T %x: %v", m, enc, err)
		}
	}
}
`
	must(os.WriteFile(filepath.Join(dir, "b", "use_test.go"), []byte(useTest), 0o644))
	for _, args := range [][]string{{"vet", "./..."}, {"test", "-count=1", "./..."}} {
		cmd := exec.Command(goBin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=mod"))
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s in the generated module: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

// TestMessages checks which types get the document methods: by default the
// types nothing else refers to (in kat.asn1, Rec, which holds a Num, but not
// Num), with AllMessages every type.
func TestMessages(t *testing.T) {
	has := func(files map[string][]byte, typ string) bool {
		for _, src := range files {
			if bytes.Contains(src, []byte("func (v *"+typ+") DecodeBER(src []byte) error")) {
				return true
			}
		}
		return false
	}
	m := compileFile(t, "testdata/kat.asn1")
	for _, tc := range []struct {
		all      bool
		typ      string
		document bool
	}{
		{false, "Rec", true},
		{false, "Num", false},
		{true, "Rec", true},
		{true, "Num", true},
	} {
		files, err := Generate(m, Options{Package: "kat", AllMessages: tc.all})
		if err != nil {
			t.Fatal(err)
		}
		if got := has(files, tc.typ); got != tc.document {
			t.Errorf("AllMessages %v: %s has DecodeBER: %v, want %v", tc.all, tc.typ, got, tc.document)
		}
	}
}

package gen

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"text/template"
)

// A vector file (testdata/vectors/NAME.vec) goes with the schema NAME.asn1.
// Each line that is not blank or a "#" comment is one vector:
//
//	Type | hex | want [| der] [| ber]
//
// Type is the Go name of a generated type, hex the BER input. want is the
// String form of the decoded value, or "!" and a part of the error message
// when the input must be rejected (a *ber.Error). der is the
// re-encoding when it differs from the input (a BER form DER does not use, a
// DEFAULT written out). A decoded value must re-encode to der, decode again
// to the same value, and survive a CSTA-XML round trip, but for a value
// marked "ber", which CSTA-XML cannot carry (an unknown CHOICE alternative).
type vector struct {
	line                int
	typ, hex, want, der string
	berOnly             bool
}

// readVectors parses a vector file.
func readVectors(t *testing.T, path string) []vector {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []vector
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, " | ")
		if len(parts) < 3 || len(parts) > 5 {
			t.Fatalf("%s:%d: want Type | hex | value [| der] [| ber], got %q", path, n, line)
		}
		v := vector{line: n, typ: strings.TrimSpace(parts[0]), hex: strings.TrimSpace(parts[1]), want: strings.TrimSpace(parts[2])}
		for _, p := range parts[3:] {
			if p = strings.TrimSpace(p); p == "ber" {
				v.berOnly = true
			} else {
				v.der = p
			}
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

var vectorTest = template.Must(template.New("").Parse(`package {{.Pkg}}

import (
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/cstagen/cstagen/runtime/ber"
	"github.com/cstagen/cstagen/runtime/value"
)

type vectorValue interface {
	Message
	AppendXML(dst []byte) ([]byte, error)
	DecodeXML(src []byte) error
}

var vectorTypes = map[string]func() vectorValue{
{{- range .Types}}
	{{printf "%q" .}}: func() vectorValue { return new({{.}}) },
{{- end}}
}

var vectors = []struct {
	line                int
	typ, hex, want, der string
	berOnly             bool
}{
{{- range .Vectors}}
	{ {{- .Line}}, {{printf "%q" .Typ}}, {{printf "%q" .Hex}}, {{printf "%q" .Want}}, {{printf "%q" .Der}}, {{.BerOnly}}},
{{- end}}
}

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestVectors(t *testing.T) {
	for _, vec := range vectors {
		t.Run(strconv.Itoa(vec.line), func(t *testing.T) {
			t.Logf("{{.File}}:%d: %s %s", vec.line, vec.typ, vec.hex)
			v := vectorTypes[vec.typ]()
			err := v.DecodeBER(unhex(t, vec.hex))
			if want, ok := strings.CutPrefix(vec.want, "!"); ok {
				if err == nil {
					t.Fatalf("decoded %s, want an error with %q", value.Format(v), want)
				}
				var be *ber.Error
				if !errors.As(err, &be) || !strings.Contains(err.Error(), want) {
					t.Fatalf("error %q, want a *ber.Error with %q", err, want)
				}
				return
			}
			if err != nil {
				t.Fatalf("DecodeBER: %v", err)
			}
			if got := value.Format(v); got != vec.want {
				t.Fatalf("decoded %s, want %s", got, vec.want)
			}
			der := vec.der
			if der == "" {
				der = vec.hex
			}
			out, err := v.AppendBER(nil)
			if err != nil {
				t.Fatalf("AppendBER: %v", err)
			}
			if want := unhex(t, der); string(out) != string(want) {
				t.Fatalf("AppendBER = % X, want % X", out, want)
			}
			if v.SizeBER() != len(out) {
				t.Errorf("SizeBER = %d, encoded %d", v.SizeBER(), len(out))
			}
			again := vectorTypes[vec.typ]()
			if err := again.DecodeBER(out); err != nil || value.Format(again) != vec.want {
				t.Fatalf("decoding the re-encoding: %v, %s", err, value.Format(again))
			}
			if vec.berOnly {
				return
			}
			doc, err := v.AppendXML(nil)
			if err != nil {
				t.Fatalf("AppendXML: %v", err)
			}
			x := vectorTypes[vec.typ]()
			if err := x.DecodeXML(doc); err != nil {
				t.Fatalf("DecodeXML(%s): %v", doc, err)
			}
			if got := value.Format(x); got != vec.want {
				t.Fatalf("CSTA-XML round trip %s gives %s, want %s", doc, got, vec.want)
			}
		})
	}
}
`))

// TestVectors generates every schema of testdata/vectors into a package of
// one temporary module and runs its vector file there: known BER encodings,
// written by hand from X.690 and X.680, with the value each must decode to
// (or the error it must give), on generated code. Each schema is generated
// twice, with compact codecs (the default for types off the path of
// events, which these schemas have none of) and unrolled ones
// (Options.UnrollAll), and both run the same vectors.
func TestVectors(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	schemas, _ := filepath.Glob("testdata/vectors/*.asn1")
	if len(schemas) == 0 {
		t.Fatal("no vector schemas")
	}
	dir := t.TempDir()
	root := repoRoot(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	gomod := "module example.com/vectors\n\ngo 1.24\n\nrequire github.com/cstagen/cstagen v0.0.0\n\nrequire github.com/google/go-cmp v0.7.0\n\nreplace github.com/cstagen/cstagen => " + root + "\n"
	must(os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644))
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	must(err)
	must(os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644))
	total := 0
	for _, p := range schemas {
		for _, unroll := range []bool{false, true} {
			name := strings.TrimSuffix(filepath.Base(p), ".asn1")
			pkg := strings.ReplaceAll(name, "-", "")
			if unroll {
				pkg += "unrolled"
			}
			files, err := Generate(compileFile(t, p), Options{Package: pkg, Source: filepath.Base(p), StrictEnumerated: true, AllMessages: true, UnrollAll: unroll})
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			pdir := filepath.Join(dir, pkg)
			must(os.MkdirAll(pdir, 0o755))
			for fn, src := range files {
				must(os.WriteFile(filepath.Join(pdir, fn), src, 0o644))
			}
			vecFile := strings.TrimSuffix(p, ".asn1") + ".vec"
			vecs := readVectors(t, vecFile)
			if len(vecs) == 0 {
				t.Fatalf("%s: no vectors", vecFile)
			}
			if !unroll {
				total += len(vecs)
			}
			type vec struct {
				Line                int
				Typ, Hex, Want, Der string
				BerOnly             bool
			}
			data := struct {
				Pkg, File string
				Types     []string
				Vectors   []vec
			}{Pkg: pkg, File: filepath.Base(vecFile)}
			seen := map[string]bool{}
			for _, v := range vecs {
				data.Vectors = append(data.Vectors, vec{v.line, v.typ, v.hex, v.want, v.der, v.berOnly})
				if !seen[v.typ] {
					seen[v.typ] = true
					data.Types = append(data.Types, v.typ)
				}
			}
			sort.Strings(data.Types)
			var b bytes.Buffer
			must(vectorTest.Execute(&b, data))
			must(os.WriteFile(filepath.Join(pdir, "vectors_test.go"), b.Bytes(), 0o644))
		}
	}
	cmd := exec.Command(goBin, "test", "-count=1", "-run", "TestVectors|TestRoundTrip", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go test in the generated module: %v\n%s", err, out)
	}
	t.Logf("%d vectors in %d schemas, each compact and unrolled\n%s", total, len(schemas), out)
}

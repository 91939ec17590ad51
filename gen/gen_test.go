package gen

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/cstagen/cstagen/asn1"
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

// repoRoot is the module root, two levels up from this file's package.
func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(filepath.Dir(file))
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
	files, err := Generate(compileFile(t, "testdata/kat.asn1"), Options{Package: "kat", Source: "kat.asn1"})
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

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestREADMERecipe runs the go generate recipe of the README in a new
// module outside the repository: go get -tool (with a replace directive to
// this checkout), the //go:generate line exactly as the README writes it, a
// tiny ASN.1 module, go generate, go vet and go build, and runs the program
// that uses the generated package. It works offline (GOPROXY=off) from the
// module cache that building this repository filled.
func TestREADMERecipe(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command on a new module")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	getTool := regexp.MustCompile(`(?m)^go get -tool (\S+)`).FindSubmatch(readme)
	line := regexp.MustCompile(`(?m)^//go:generate go tool cstagen generate .*$`).Find(readme)
	if getTool == nil || line == nil {
		t.Fatalf("README.md has no `go get -tool ...` command or no `//go:generate go tool cstagen generate ...` line")
	}
	flagRE := func(name string) string {
		m := regexp.MustCompile(`-` + name + ` (\S+)`).FindSubmatch(line)
		if m == nil {
			t.Fatalf("the README's go:generate line %q has no -%s", line, name)
		}
		return string(m[1])
	}
	schemaDir, pkg, out := flagRE("schemas"), flagRE("pkg"), flagRE("out")

	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The module as go mod init writes it, and the replace directive that
	// stands for the published cstagen. go.sum starts as this repository's:
	// offline, go get can add no checksum it does not already have.
	write("go.mod", "module example.com/recipe\n\ngo 1.24\n\nreplace github.com/cstagen/cstagen => "+filepath.ToSlash(root)+"\n")
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write("go.sum", string(sum))
	write(schemaDir+"/recipe.asn1", `Recipe DEFINITIONS IMPLICIT TAGS ::= BEGIN
Greeting ::= SEQUENCE {
	count [1] INTEGER
}
END
`)
	write("main.go", `// Command recipe encodes a Greeting with the package go generate writes.
package main

`+string(line)+`

import (
	"fmt"
	"os"

	"example.com/recipe/`+strings.TrimPrefix(out, "./")+`"
)

func main() {
	g := `+pkg+`.Greeting{Count: 3}
	b, err := g.AppendBER(nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%x\n", b)
}
`)
	// GOFLAGS of the environment (e.g. -trimpath) are kept, so that the
	// build cache is shared with the build that runs this test.
	env := append(os.Environ(), "GOPROXY=off", "GOWORK=off", "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=mod"))
	goCmd := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(gobin, args...)
		cmd.Dir = dir
		cmd.Env = env
		b, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, b)
		}
		return string(b)
	}
	// With the replace directive, v0.0.0 stands for the checkout; the
	// README's go get -tool takes the latest release, which needs the
	// network.
	goCmd("get", "-tool", string(getTool[1])+"@v0.0.0")
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(gomod), "\ntool "+string(getTool[1])+"\n") {
		t.Fatalf("go get -tool left no tool directive:\n%s", gomod)
	}
	goCmd("generate", "./...")
	if _, err := os.Stat(filepath.Join(dir, out, "recipe.go")); err != nil {
		t.Fatalf("go generate wrote no %s/recipe.go: %v", out, err)
	}
	goCmd("vet", "./...")
	goCmd("build", "-o", "recipe", ".")
	got, err := exec.Command(filepath.Join(dir, "recipe")).Output()
	if err != nil {
		t.Fatal(err)
	}
	// SEQUENCE { [1] 3 }
	if want := "3003810103\n"; string(got) != want {
		t.Errorf("the program printed %q, want %q", got, want)
	}
}

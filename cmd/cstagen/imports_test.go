package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestGeneratorDoesNotImportCSTA checks the import graph of the commands
// that generate csta: neither cstagen nor internal/gencsta (go generate
// ./csta) may depend on the package they write, so that generating it
// never compiles it (nor fails when it does not compile).
func TestGeneratorDoesNotImportCSTA(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	const csta = "github.com/cstagen/cstagen/csta"
	cmd := exec.Command(gobin, "list", "-deps", "-f", "{{.ImportPath}}{{range .Imports}} {{.}}{{end}}",
		"github.com/cstagen/cstagen/cmd/cstagen", "github.com/cstagen/cstagen/internal/gencsta")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		n++
		if f[0] == csta {
			t.Errorf("csta is a dependency of the generator")
		}
		for _, imp := range f[1:] {
			if imp == csta {
				t.Errorf("%s imports csta", f[0])
			}
		}
	}
	if n < 10 {
		t.Fatalf("go list -deps gave %d packages: %s", n, out)
	}
}

package examples_test

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestVendorExtWorkflow runs the go generate workflow of issue 7 on a copy
// of examples/vendorext: go generate must reproduce the committed
// vendorcsta package byte for byte (a vendor's module on top of csta, issue
// 15: only the vendor's types), and go vet and go test must pass (the
// vendor's operation and private data over a conn association).
func TestVendorExtWorkflow(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command on a separate module")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	src := "vendorext"
	dir := filepath.Join(t.TempDir(), "vendorext")
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	// The replace directive points at ../.. relative to the example; in the
	// copy it must point at this repository.
	mod := filepath.Join(dir, "go.mod")
	gomod, err := os.ReadFile(mod)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^replace github.com/cstagen/cstagen => \.\./\.\.$`)
	if !re.Match(gomod) {
		t.Fatalf("%s/go.mod has no replace github.com/cstagen/cstagen => ../..", src)
	}
	gomod = re.ReplaceAll(gomod, []byte("replace github.com/cstagen/cstagen => "+filepath.ToSlash(root)))
	if err := os.WriteFile(mod, gomod, 0o644); err != nil {
		t.Fatal(err)
	}
	// Generated files are removed first, so that go generate must write
	// them all.
	gen := filepath.Join(dir, "vendorcsta")
	if err := os.RemoveAll(gen); err != nil {
		t.Fatal(err)
	}
	goCmd := func(args ...string) {
		t.Helper()
		cmd := exec.Command(gobin, args...)
		cmd.Dir = dir
		// The caller's GOFLAGS are kept (with -trimpath, the build cache
		// of this repository serves the copy: csta is not compiled again).
		cmd.Env = append(os.Environ(), "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=mod"), "GOWORK=off")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s in %s: %v\n%s", strings.Join(args, " "), src, err, out)
		}
	}
	goCmd("generate", "./...")
	// The committed package must be what go generate writes.
	want := readTree(t, filepath.Join(src, "vendorcsta"))
	got := readTree(t, gen)
	for name := range want {
		if _, ok := got[name]; !ok {
			t.Errorf("go generate no longer writes %s/vendorcsta/%s", src, name)
		}
	}
	for name, b := range got {
		// Built on csta: ECMA-285's types are csta's, not generated again.
		if bytes.Contains(b, []byte("\ntype DeviceID ")) || bytes.Contains(b, []byte("\ntype CSTACommonArguments ")) {
			t.Errorf("%s/vendorcsta/%s defines an ECMA-285 type of its own", src, name)
		}
		if !bytes.Equal(want[name], b) {
			t.Errorf("%s/vendorcsta/%s is stale: run go generate ./... in examples/%s", src, name, src)
		}
	}
	goCmd("vet", "./...")
	goCmd("test", "./...")
}

// readTree reads the files under dir by relative path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

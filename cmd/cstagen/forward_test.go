package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/cstagen/cstagen/internal/wirecmd"
)

// fakeTool writes an executable shell script named name into dir.
func fakeTool(t *testing.T, dir, name, script string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"+script), 0o755); err != nil {
		t.Fatal(err)
	}
}

// TestForward runs cstagen decode against stand-ins for cstagen-wire
// (and for the go command) and checks where it is found and that the
// arguments, standard streams and exit code pass through.
func TestForward(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stand-ins are shell scripts")
	}
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("no /bin/sh")
	}
	// The scripts run with a PATH of stand-ins only.
	tools := map[string]string{}
	for _, name := range []string{"cat", "chmod"} {
		p, err := exec.LookPath(name)
		if err != nil {
			t.Skip(err)
		}
		tools[name] = p
	}
	old := *forward
	t.Cleanup(func() { *forward = old })

	// The stand-in prints its name, arguments and standard input, writes
	// to stderr and exits 3.
	wire := `echo "$0" "$@"; ` + tools["cat"] + `; echo oops >&2; exit 3` + "\n"
	beside, onPath, empty := t.TempDir(), t.TempDir(), t.TempDir()
	fakeTool(t, beside, wirecmd.Name, wire)
	fakeTool(t, onPath, wirecmd.Name, wire)

	check := func(name string, wantBin string) {
		t.Helper()
		forward.stdin = strings.NewReader("from stdin\n")
		out, errs, code := runCLI("decode", "-json", "a b.pcap")
		want := wantBin + " decode -json a b.pcap\nfrom stdin\n"
		if code != 3 || out != want || !strings.HasSuffix(errs, "oops\n") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 3, stdout %q, stderr ending in oops", name, code, out, errs, want)
		}
	}

	forward.exe = filepath.Join(beside, "cstagen")
	t.Setenv("PATH", onPath)
	check("beside the executable", filepath.Join(beside, wirecmd.Name))

	forward.exe = filepath.Join(empty, "cstagen")
	check("on PATH", filepath.Join(onPath, wirecmd.Name))

	// No cstagen-wire: the go stand-in "builds" one (a copy of the
	// stand-in at the -o path) and records its arguments.
	goDir := t.TempDir()
	log := filepath.Join(goDir, "log")
	fakeTool(t, goDir, "go", `echo "$@" >> `+log+`
if [ "$1" = build ]; then printf '#!/bin/sh\n%s\n' 'echo built "$@"; exit 4' > "$3"; `+tools["chmod"]+` +x "$3"; fi
if [ "$1" = install ]; then printf '#!/bin/sh\n%s\n' 'echo installed "$@"' > "$GOBIN/`+wirecmd.Name+`"; `+tools["chmod"]+` +x "$GOBIN/`+wirecmd.Name+`"; fi
`)
	t.Setenv("PATH", goDir+string(os.PathListSeparator)+empty)
	forward.stdin = strings.NewReader("")
	out, errs, code := runCLI("decode", "x.hex")
	if code != 4 || out != "built decode x.hex\n" || !strings.Contains(errs, "building "+wirecmd.Name) {
		t.Errorf("go build fallback: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	forward.version = "v1.2.3"
	out, _, code = runCLI("decode", "y.hex")
	if code != 0 || out != "installed decode y.hex\n" {
		t.Errorf("go install fallback: exit %d, stdout %q", code, out)
	}
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "build -o ") || !strings.HasSuffix(lines[0], " "+wirecmd.Package) || lines[1] != "install "+wirecmd.Package+"@v1.2.3" {
		t.Errorf("go commands run: %q", lines)
	}

	// Neither cstagen-wire nor go.
	t.Setenv("PATH", empty)
	_, errs, code = runCLI("decode", "x.hex")
	if code != 1 || !strings.Contains(errs, "go install "+wirecmd.Package) {
		t.Errorf("nothing to run: exit %d, stderr %q", code, errs)
	}
}

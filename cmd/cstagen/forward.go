package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"

	"github.com/cstagen/cstagen/internal/wirecmd"
)

// A forwarder runs the commands of cstagen-wire (wirecmd.Commands), the
// command that links the generated csta package, in the way git runs its
// external commands: the arguments, standard input and output and the exit
// code pass through unchanged. It looks for the binary
//
//  1. beside this executable (go install puts both in GOBIN),
//  2. on PATH,
//  3. else, when a go command is on PATH, builds it into a temporary
//     folder (go build in the current module, or go install at this
//     cstagen's version when this cstagen is a released build), runs it and
//     removes it; the go build cache makes later builds quick.
type forwarder struct {
	stdin io.Reader
	// exe is the path of this executable ("" when unknown).
	exe string
	// version is this cstagen's module version when it was built as the
	// main module at a release ("" otherwise): the go install fallback
	// then installs cstagen-wire at the same version.
	version string
}

// newForwarder returns the forwarder of this process.
func newForwarder() *forwarder {
	f := &forwarder{stdin: os.Stdin}
	if exe, err := os.Executable(); err == nil {
		f.exe = exe
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Path == "github.com/cstagen/cstagen" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		f.version = bi.Main.Version
	}
	return f
}

// exeName is the file name of cstagen-wire on this system.
func exeName() string {
	if runtime.GOOS == "windows" {
		return wirecmd.Name + ".exe"
	}
	return wirecmd.Name
}

// binary returns the path of an installed cstagen-wire, or "".
func (f *forwarder) binary() string {
	if f.exe != "" {
		p := filepath.Join(filepath.Dir(f.exe), exeName())
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p
		}
	}
	if p, err := exec.LookPath(wirecmd.Name); err == nil {
		return p
	}
	return ""
}

// run runs cstagen-wire with the command name and its arguments and
// returns its exit code.
func (f *forwarder) run(name string, args []string, stdout, stderr io.Writer) int {
	bin := f.binary()
	if bin == "" {
		gobin, err := exec.LookPath("go")
		if err != nil {
			fmt.Fprintf(stderr, "cstagen %s: this command is in %s, which is not installed (nor a go command to build it): go install %s\n", name, wirecmd.Name, wirecmd.Package)
			return exitInput
		}
		dir, err := os.MkdirTemp("", wirecmd.Name+"-")
		if err != nil {
			fmt.Fprintf(stderr, "cstagen %s: %v\n", name, err)
			return exitInput
		}
		defer os.RemoveAll(dir)
		bin = filepath.Join(dir, exeName())
		build := exec.Command(gobin, "build", "-o", bin, wirecmd.Package)
		if f.version != "" {
			build = exec.Command(gobin, "install", wirecmd.Package+"@"+f.version)
			build.Env = append(os.Environ(), "GOBIN="+dir)
		}
		fmt.Fprintf(stderr, "cstagen %s: building %s with go %s (go install %s installs it for good)\n", name, wirecmd.Name, build.Args[1], wirecmd.Package)
		build.Stdout, build.Stderr = stderr, stderr
		if err := build.Run(); err != nil {
			fmt.Fprintf(stderr, "cstagen %s: building %s: %v\n", name, wirecmd.Name, err)
			return exitInput
		}
	}
	cmd := exec.Command(bin, append([]string{name}, args...)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = f.stdin, stdout, stderr
	// An interrupt from the terminal reaches the child too (same process
	// group); this process waits for the child's exit code instead of
	// dying first. Caught signals, unlike ignored ones, are not inherited.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ee) && ee.ExitCode() >= 0:
		return ee.ExitCode()
	}
	fmt.Fprintf(stderr, "cstagen %s: running %s: %v\n", name, bin, err)
	return exitInput
}

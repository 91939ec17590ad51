// Command buildcost measures what a Go package costs its users to compile:
// the CPU time (user and system) and peak memory of the compiler on the
// package alone, its dependencies already built, the size of the archive it
// writes, and the shape of its source (files, lines, functions, the largest
// file). With -link it also reports the size of a linked program that uses
// it (./internal/buildcost/decodepdu, which decodes one csta.PDU). With
// -gopls it reports what gopls costs a user whose program imports csta:
// decodepdu's source in a module of its own that requires this one (a
// dependency, as a user's editor sees it, not a workspace package), checked
// with `gopls check` once with an empty gopls cache and once again with
// the cache that run left (wall time, CPU and peak memory of each).
//
// The CPU time moves with whatever else the shared machine runs (by 10% and
// more); the bytes the compiler allocates do not (they repeat within about
// 1%), and they follow the work: -allocs reports them, from the compiler's
// own -memprofile, to compare two versions of a package.
//
// It runs `go tool compile` the way `go build` does (the same flags, an
// importcfg of the dependencies' export data from `go list -export`), so the
// numbers are those of a user's first build of the package and do not
// depend on the build cache. Each package is compiled -runs times; every run
// is printed, and the lowest CPU time is the one to compare (the machines
// are shared).
//
// Usage:
//
//	go run ./internal/buildcost [-runs 2] [-c 2] [-gcflags '-l'] [-allocs] [-link] [-gopls path] [package ...]
//
// The default package is ./csta. Issue 13's targets for it: 30 s of CPU,
// 1.5 GB, 150k lines of non-test code, no file over 1 MB, 6 MB linked.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// listed is the part of `go list -json` that buildcost reads.
type listed struct {
	ImportPath string
	Dir        string
	Export     string
	GoFiles    []string
	CgoFiles   []string
	SFiles     []string
	EmbedFiles []string
	Module     *struct{ GoVersion string }
	DepOnly    bool
}

// source is the shape of a package's non-test Go files.
type source struct {
	files, lines, funcs int
	bytes               int64
	largest             string
	largestBytes        int64
}

// run is one compilation.
type run struct {
	user, sys time.Duration
	maxRSS    int64 // bytes
	archive   int64 // bytes
	allocated int64 // bytes the compiler allocated, with -allocs
}

func main() {
	runs := flag.Int("runs", 2, "compile each package this many times")
	conc := flag.Int("c", 2, "the compiler's backend concurrency (-c), as go build sets it on this machine")
	gcflags := flag.String("gcflags", "", "extra compiler flags, space-separated (for experiments: -l)")
	allocs := flag.Bool("allocs", false, "also report the bytes the compiler allocates (a measure that does not move with the machine's load)")
	link := flag.Bool("link", false, "also report the linked size of ./internal/buildcost/decodepdu")
	gopls := flag.String("gopls", "", "also report what the gopls at this path costs on decodepdu's source in a module that imports this one")
	flag.Parse()
	pkgs := flag.Args()
	if len(pkgs) == 0 {
		pkgs = []string{"./csta"}
	}
	for _, p := range pkgs {
		if err := measure(p, *runs, *conc, strings.Fields(*gcflags), *allocs); err != nil {
			fmt.Fprintf(os.Stderr, "buildcost: %s: %v\n", p, err)
			os.Exit(1)
		}
	}
	if *link {
		size, err := linkedSize("./internal/buildcost/decodepdu")
		if err != nil {
			fmt.Fprintf(os.Stderr, "buildcost: link: %v\n", err)
			os.Exit(1)
		}
		fmt.Printf("linked: ./internal/buildcost/decodepdu %.1f MB (not stripped)\n", mb(size))
	}
	if *gopls != "" {
		if err := measureGopls(*gopls); err != nil {
			fmt.Fprintf(os.Stderr, "buildcost: gopls: %v\n", err)
			os.Exit(1)
		}
	}
}

// measure lists pkg and its dependencies (building the dependencies' export
// data), prints the shape of its source and compiles it runs times.
func measure(pkg string, runs, conc int, extra []string, allocs bool) error {
	out, err := exec.Command("go", "list", "-export", "-deps", "-json", pkg).Output()
	if err != nil {
		return fmt.Errorf("go list: %w%s", err, stderrOf(err))
	}
	var all []listed
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var l listed
		if err := dec.Decode(&l); err != nil {
			return fmt.Errorf("go list output: %w", err)
		}
		all = append(all, l)
	}
	if len(all) == 0 || all[len(all)-1].DepOnly {
		return errors.New("go list printed no package")
	}
	target := all[len(all)-1] // -deps lists the package last
	if len(target.CgoFiles)+len(target.SFiles)+len(target.EmbedFiles) > 0 {
		return errors.New("cgo, assembly and embedded files are not supported")
	}
	var cfg strings.Builder
	for _, l := range all[:len(all)-1] {
		if l.Export != "" {
			fmt.Fprintf(&cfg, "packagefile %s=%s\n", l.ImportPath, l.Export)
		}
	}
	tmp, err := os.MkdirTemp("", "buildcost")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	importcfg := filepath.Join(tmp, "importcfg")
	if err := os.WriteFile(importcfg, []byte(cfg.String()), 0o644); err != nil {
		return err
	}

	src, err := shape(target)
	if err != nil {
		return err
	}
	fmt.Printf("%s: %d files, %d lines, %d funcs, %.1f MB of source; largest %s (%.0f KiB)\n",
		target.ImportPath, src.files, src.lines, src.funcs, mb(src.bytes),
		src.largest, float64(src.largestBytes)/1024)

	tooldir, err := exec.Command("go", "env", "GOTOOLDIR").Output()
	if err != nil {
		return fmt.Errorf("go env: %w%s", err, stderrOf(err))
	}
	compiler := filepath.Join(strings.TrimSpace(string(tooldir)), "compile")
	args := []string{"-o", filepath.Join(tmp, "pkg.a"),
		"-p", target.ImportPath, "-complete", fmt.Sprintf("-c=%d", conc),
		"-nolocalimports", "-importcfg", importcfg, "-pack"}
	if target.Module != nil && target.Module.GoVersion != "" {
		args = append(args, "-lang="+langVersion(target.Module.GoVersion))
	}
	args = append(args, extra...)
	profile := filepath.Join(tmp, "mem.prof")
	if allocs {
		args = append(args, "-memprofile", profile)
	}
	for _, f := range target.GoFiles {
		args = append(args, filepath.Join(target.Dir, f))
	}
	for i := 0; i < runs; i++ {
		r, err := compile(compiler, args, filepath.Join(tmp, "pkg.a"))
		if err != nil {
			return err
		}
		var alloc string
		if allocs {
			if r.allocated, err = allocated(profile); err != nil {
				return err
			}
			alloc = fmt.Sprintf(", %.2f GiB allocated", float64(r.allocated)/(1<<30))
		}
		fmt.Printf("  run %d: %.1f s CPU (%.1f user + %.1f sys), %.2f GB peak, archive %.1f MB%s\n",
			i+1, (r.user + r.sys).Seconds(), r.user.Seconds(), r.sys.Seconds(),
			float64(r.maxRSS)/1e9, mb(r.archive), alloc)
	}
	return nil
}

// compile runs the compiler with args and reports its resource use and the
// size of the archive it wrote.
func compile(compiler string, args []string, archive string) (run, error) {
	cmd := exec.Command(compiler, args...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = os.Stdout, &stderr
	if err := cmd.Run(); err != nil {
		return run{}, fmt.Errorf("compile: %w\n%s", err, stderr.Bytes())
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return run{}, errors.New("no resource usage on this system")
	}
	r := run{
		user:   time.Duration(ru.Utime.Nano()),
		sys:    time.Duration(ru.Stime.Nano()),
		maxRSS: ru.Maxrss * 1024, // kilobytes on Linux
	}
	fi, err := os.Stat(archive)
	if err != nil {
		return run{}, err
	}
	r.archive = fi.Size()
	return r, nil
}

// allocated returns the bytes allocated in all, as the memory profile at
// path samples them (pprof's alloc_space total, in its units of 1024).
func allocated(path string) (int64, error) {
	out, err := exec.Command("go", "tool", "pprof", "-sample_index=alloc_space", "-top", "-nodecount=1", path).Output()
	if err != nil {
		return 0, fmt.Errorf("pprof: %w%s", err, stderrOf(err))
	}
	return parseTotal(out)
}

// parseTotal reads the total of pprof -top output, as in "Showing nodes
// accounting for 4.21GB, 91.2% of 4.62GB total" (units of 1024).
func parseTotal(out []byte) (int64, error) {
	m := totalRE.FindSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("pprof printed no total:\n%s", out)
	}
	v, err := strconv.ParseFloat(string(m[1]), 64)
	if err != nil {
		return 0, err
	}
	scale := map[string]float64{"B": 1, "kB": 1 << 10, "KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30, "TB": 1 << 40}[string(m[2])]
	return int64(v * scale), nil
}

var totalRE = regexp.MustCompile(`of ([0-9.]+)(B|kB|KB|MB|GB|TB) total`)

// shape counts the files, lines and top-level functions of l's non-test
// Go files.
func shape(l listed) (source, error) {
	var s source
	fset := token.NewFileSet()
	for _, name := range l.GoFiles {
		path := filepath.Join(l.Dir, name)
		b, err := os.ReadFile(path)
		if err != nil {
			return s, err
		}
		f, err := parser.ParseFile(fset, path, b, parser.SkipObjectResolution)
		if err != nil {
			return s, err
		}
		s.files++
		s.lines += bytes.Count(b, []byte("\n"))
		s.funcs += countFuncs(f.Decls)
		s.bytes += int64(len(b))
		if int64(len(b)) > s.largestBytes {
			s.largest, s.largestBytes = name, int64(len(b))
		}
	}
	return s, nil
}

// linkedSize builds the program pkg and returns the size of the binary.
func linkedSize(pkg string) (int64, error) {
	tmp, err := os.MkdirTemp("", "buildcost")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "prog")
	if out, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput(); err != nil {
		return 0, fmt.Errorf("go build: %w\n%s", err, out)
	}
	fi, err := os.Stat(bin)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// langVersion returns the -lang flag's value for a go.mod go version:
// "1.24" and "1.24.3" are both go1.24, as the go command passes them.
func langVersion(v string) string {
	if i := strings.IndexByte(v, '.'); i >= 0 {
		if j := strings.IndexByte(v[i+1:], '.'); j >= 0 {
			v = v[:i+1+j]
		}
	}
	return "go" + v
}

// countFuncs counts the function and method declarations among decls.
func countFuncs(decls []ast.Decl) int {
	n := 0
	for _, d := range decls {
		if _, ok := d.(*ast.FuncDecl); ok {
			n++
		}
	}
	return n
}

func mb(n int64) float64 { return float64(n) / 1e6 }

// stderrOf returns the standard error an *exec.ExitError captured, on a
// line of its own, or "".
func stderrOf(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) && len(ee.Stderr) > 0 {
		return "\n" + string(ee.Stderr)
	}
	return ""
}

// measureGopls writes decodepdu's source into a module of its own that
// requires this module (a replace to its directory), and runs gopls check
// on it twice, with an empty gopls cache (XDG_CACHE_HOME) and then with the
// cache the first run filled.
func measureGopls(gopls string) error {
	out, err := exec.Command("go", "list", "-m", "-json").Output()
	if err != nil {
		return fmt.Errorf("go list -m: %w%s", err, stderrOf(err))
	}
	var mod struct{ Path, Dir, GoVersion string }
	if err := json.Unmarshal(out, &mod); err != nil {
		return fmt.Errorf("go list -m output: %w", err)
	}
	root := mod.Dir
	mainSrc, err := os.ReadFile(filepath.Join(root, "internal", "buildcost", "decodepdu", "main.go"))
	if err != nil {
		return err
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "buildcost-gopls")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	app := filepath.Join(tmp, "app")
	if err := os.Mkdir(app, 0o755); err != nil {
		return err
	}
	gomod := fmt.Sprintf("module example.com/app\n\ngo %s\n\nrequire %s v0.0.0\n\nreplace %s => %s\n", mod.GoVersion, mod.Path, mod.Path, root)
	for name, b := range map[string][]byte{"go.mod": []byte(gomod), "go.sum": sum, "main.go": mainSrc} {
		if err := os.WriteFile(filepath.Join(app, name), b, 0o644); err != nil {
			return err
		}
	}
	tidy := exec.Command("go", "mod", "tidy")
	tidy.Dir = app
	if out, err := tidy.CombinedOutput(); err != nil {
		return fmt.Errorf("go mod tidy: %w\n%s", err, out)
	}
	cache := filepath.Join(tmp, "cache")
	for _, label := range []string{"cold (empty gopls cache)", "warm (its cache)"} {
		cmd := exec.Command(gopls, "check", "main.go")
		cmd.Dir = app
		cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+cache)
		start := time.Now()
		out, err := cmd.CombinedOutput()
		wall := time.Since(start)
		if err != nil {
			return fmt.Errorf("gopls check: %w\n%s", err, out)
		}
		ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		if !ok {
			return errors.New("no resource usage on this system")
		}
		cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		fmt.Printf("gopls check, %s: %.1f s wall, %.1f s CPU, %.2f GB peak\n", label, wall.Seconds(), cpu.Seconds(), float64(ru.Maxrss*1024)/1e9)
		if len(bytes.TrimSpace(out)) > 0 {
			fmt.Printf("  gopls reported: %s\n", bytes.TrimSpace(out))
		}
	}
	return nil
}

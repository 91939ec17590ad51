package erlang

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"
)

// Config tunes PrepareConfig. The zero value gives the defaults.
type Config struct {
	// Erl is the erl executable; "" looks up "erl" in PATH.
	Erl string
	// Workers is the number of Erlang processes compiling modules in
	// parallel; 0 means runtime.NumCPU(), at most 4.
	Workers int
	// CompileTimeout bounds the whole compilation; 0 means 10 minutes.
	CompileTimeout time.Duration
	// StartTimeout bounds the start of the helper process; 0 means 30 s.
	StartTimeout time.Duration
	// RequestTimeout bounds one Decode or Encode; 0 means 10 s.
	RequestTimeout time.Duration
	// MaxLine is the longest request or reply line in bytes; 0 means 16 MiB.
	MaxLine int
}

func (c Config) withDefaults() Config {
	if c.Workers <= 0 {
		c.Workers = min(runtime.NumCPU(), 4)
	}
	if c.CompileTimeout <= 0 {
		c.CompileTimeout = 10 * time.Minute
	}
	if c.StartTimeout <= 0 {
		c.StartTimeout = 30 * time.Second
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = 10 * time.Second
	}
	if c.MaxLine <= 0 {
		c.MaxLine = 16 << 20
	}
	return c
}

// Report says what Prepare did.
type Report struct {
	Rewrites    []Rewrite      // every change made to the modules, by module then line
	Modules     []ModuleResult // every module compiled, by name
	SourceDir   string         // the rewritten modules, one <ModuleName>.asn1 each
	BeamDir     string         // the compiled modules and the helper
	Cached      bool           // BeamDir was compiled by an earlier Prepare and reused
	CompileTime time.Duration  // time spent compiling (0 when cached)
	OTPRelease  string         // erlang:system_info(otp_release)
}

// ModuleResult is the outcome of compiling one module.
type ModuleResult struct {
	Name     string   // module name
	Source   string   // original source file ("" for RoseModule)
	OK       bool     // asn1ct compiled it
	Patched  bool     // the generated Erlang needed the named BIT STRING fix (see package doc)
	Messages []string // asn1ct's messages and result when it failed
}

// Failed returns the modules that did not compile.
func (r *Report) Failed() []ModuleResult {
	var out []ModuleResult
	for _, m := range r.Modules {
		if !m.OK {
			out = append(out, m)
		}
	}
	return out
}

// Count returns how many rewrites of kind k the report lists.
func (r *Report) Count(k RewriteKind) int {
	n := 0
	for _, rw := range r.Rewrites {
		if rw.Kind == k {
			n++
		}
	}
	return n
}

// Prepare rewrites the modules found in srcDirs (directories, whose *.asn1
// and *.asn files are read, or single files) into workDir, compiles them
// with Erlang's asn1ct, and starts the helper process. Modules that fail to
// compile are listed in the report (Oracle.Report().Failed()); the error
// is for failures of the tooling itself. Prepare uses the default Config.
func Prepare(srcDirs []string, workDir string) (*Oracle, error) {
	return PrepareConfig(srcDirs, workDir, Config{})
}

// PrepareConfig is Prepare with explicit limits.
//
// workDir may be reused: compiled modules are kept in a directory named
// after a hash of everything that goes into them (module texts, helper
// source, compile options, OTP version), so a later Prepare with the same
// input and Erlang reuses them; concurrent Prepares on one workDir are safe
// (the first to finish publishes its result). Sets compiled for other
// inputs stay in workDir (a few MB each) since a running helper may still
// load modules from them.
func PrepareConfig(srcDirs []string, workDir string, cfg Config) (*Oracle, error) {
	cfg = cfg.withDefaults()
	erl := cfg.Erl
	if erl == "" {
		erl = "erl"
	}
	erl, err := exec.LookPath(erl)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoErlang, err)
	}
	files, err := readSources(srcDirs)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%w: no .asn1 or .asn files in %v", ErrSchema, srcDirs)
	}
	texts, origin, rewrites, err := rewriteModules(files)
	if err != nil {
		return nil, err
	}
	if _, ok := texts[RoseModule]; ok {
		return nil, fmt.Errorf("%w: module name %s is reserved for the oracle's ROSE envelope", ErrSchema, RoseModule)
	}
	texts[RoseModule] = []byte(roseModule)

	if err := os.MkdirAll(workDir, 0o755); err != nil {
		return nil, err
	}
	workDir, err = filepath.Abs(workDir)
	if err != nil {
		return nil, err
	}
	release, err := otpRelease(erl, workDir, cfg.StartTimeout)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(texts))
	for n := range texts {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	// helperModule holds the compile options and the patch.
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00", release, helperModule, roseModule)
	for _, n := range names {
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(texts[n]))
		h.Write(texts[n])
	}
	key := hex.EncodeToString(h.Sum(nil))[:16]

	rep := Report{
		Rewrites:   rewrites,
		SourceDir:  filepath.Join(workDir, "asn1-"+key),
		BeamDir:    filepath.Join(workDir, "ebin-"+key),
		OTPRelease: release,
	}
	if err := writeSources(rep.SourceDir, names, texts); err != nil {
		return nil, err
	}
	results, err := loadResults(rep.BeamDir)
	if err == nil {
		rep.Cached = true
	} else {
		start := time.Now()
		results, err = compileAll(erl, workDir, key, rep.SourceDir, names, texts, cfg)
		if err != nil {
			return nil, err
		}
		rep.CompileTime = time.Since(start)
	}
	for i := range results {
		results[i].Source = origin[results[i].Name]
	}
	rep.Modules = results

	o := &Oracle{cfg: cfg, erl: erl, dir: workDir, report: rep, compiled: map[string]bool{}}
	for _, m := range results {
		if m.OK {
			o.compiled[m.Name] = true
		}
	}
	o.mu.Lock()
	err = o.start()
	o.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return o, nil
}

// erlEnv is the environment of every Erlang process: no crash dumps.
func erlEnv() []string {
	return append(os.Environ(), "ERL_CRASH_DUMP_SECONDS=0", "ERL_CRASH_DUMP=/dev/null")
}

// erlFlags keep the Erlang VMs light on a shared machine: one scheduler,
// no busy waiting.
var erlFlags = []string{"-noshell", "+S", "1:1", "+sbwt", "none", "+sbwtdcpu", "none", "+sbwtdio", "none"}

func otpRelease(erl, dir string, timeout time.Duration) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	args := append(append([]string{}, erlFlags...), "-eval",
		`io:put_chars([erlang:system_info(otp_release), " erts-", erlang:system_info(version), " asn1-", case application:load(asn1) of _ -> case application:get_key(asn1, vsn) of {ok, V} -> V; _ -> "none" end end]), halt().`)
	cmd := exec.CommandContext(ctx, erl, args...)
	cmd.Dir = dir
	cmd.Env = erlEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("%w: %s: %v: %s", ErrCompile, erl, err, bytes.TrimSpace(out))
	}
	s := strings.TrimSpace(string(out))
	if strings.HasSuffix(s, "asn1-none") {
		return "", fmt.Errorf("%w: the asn1 application is not installed (Debian: erlang-asn1)", ErrNoErlang)
	}
	return s, nil
}

// writeSources writes each module to dir/<name>.asn1, atomically.
func writeSources(dir string, names []string, texts map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, n := range names {
		p := filepath.Join(dir, n+".asn1")
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, texts[n]) {
			continue
		}
		tmp, err := os.CreateTemp(dir, ".tmp-*")
		if err != nil {
			return err
		}
		_, werr := tmp.Write(texts[n])
		cerr := tmp.Close()
		if err := errors.Join(werr, cerr); err != nil {
			os.Remove(tmp.Name())
			return err
		}
		if err := os.Rename(tmp.Name(), p); err != nil {
			os.Remove(tmp.Name())
			return err
		}
	}
	return os.WriteFile(filepath.Join(dir, "cstagen_oracle.erl"), []byte(helperModule), 0o644)
}

const resultsFile = "results.json"

func loadResults(beamDir string) ([]ModuleResult, error) {
	b, err := os.ReadFile(filepath.Join(beamDir, resultsFile))
	if err != nil {
		return nil, err
	}
	var rs []ModuleResult
	if err := json.Unmarshal(b, &rs); err != nil {
		return nil, err
	}
	return rs, nil
}

// compileAll compiles the helper and every module into a staging
// directory, then publishes it as workDir/ebin-<key>.
func compileAll(erl, workDir, key, srcDir string, names []string, texts map[string][]byte, cfg Config) ([]ModuleResult, error) {
	ctx, cancel := context.WithTimeout(context.Background(), cfg.CompileTimeout)
	defer cancel()
	stage, err := os.MkdirTemp(workDir, "ebin-"+key+".tmp-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(stage)

	// The helper module first: the workers run it.
	eval := fmt.Sprintf(`case compile:file(%q, [{outdir, %q}, return_errors]) of {ok, _} -> halt(0); E -> io:format("~p~n", [E]), halt(1) end.`,
		filepath.Join(srcDir, "cstagen_oracle.erl"), stage)
	cmd := exec.CommandContext(ctx, erl, append(append([]string{}, erlFlags...), "-eval", eval)...)
	cmd.Dir = workDir
	cmd.Env = erlEnv()
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("%w: helper module: %v: %s", ErrCompile, err, bytes.TrimSpace(out))
	}

	// Share the modules out, largest first, to the least loaded worker.
	// Module size is a fair proxy for asn1ct's time (it re-reads imports).
	order := append([]string{}, names...)
	sort.SliceStable(order, func(i, j int) bool { return len(texts[order[i]]) > len(texts[order[j]]) })
	nw := min(cfg.Workers, len(order))
	jobs := make([][]string, nw)
	load := make([]int, nw)
	for _, n := range order {
		w := 0
		for i := range load {
			if load[i] < load[w] {
				w = i
			}
		}
		jobs[w] = append(jobs[w], n)
		load[w] += len(texts[n])
	}
	type result struct {
		out []byte
		err error
	}
	done := make(chan result, nw)
	for w, job := range jobs {
		// Each worker has its own output directory: asn1ct writes .asn1db
		// files there that other compilations might otherwise read half-written.
		outDir := filepath.Join(stage, fmt.Sprintf("w%d", w))
		if err := os.MkdirAll(outDir, 0o755); err != nil {
			return nil, err
		}
		args := append(append([]string{}, erlFlags...), "-pa", stage, "-run", "cstagen_oracle", "compile", outDir, srcDir)
		for _, n := range job {
			args = append(args, filepath.Join(srcDir, n+".asn1"))
		}
		cmd := exec.CommandContext(ctx, erl, args...)
		cmd.Dir = workDir
		cmd.Env = erlEnv()
		go func() {
			out, err := cmd.CombinedOutput()
			done <- result{out, err}
		}()
	}
	var outs [][]byte
	var errs []error
	for range jobs {
		r := <-done
		outs = append(outs, r.out)
		if r.err != nil {
			errs = append(errs, fmt.Errorf("%v: %s", r.err, tail(r.out, 2000)))
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%w: %v", ErrCompile, errors.Join(errs...))
	}
	byName := map[string]*ModuleResult{}
	for _, out := range outs {
		parseCompileOutput(out, byName)
	}
	results := make([]ModuleResult, 0, len(names))
	for _, n := range names {
		r := byName[n]
		if r == nil {
			r = &ModuleResult{Name: n, Messages: []string{"no result from the compiler"}}
		}
		results = append(results, *r)
	}
	// Keep only the .beam files (the helper's and the modules').
	for w := range jobs {
		outDir := filepath.Join(stage, fmt.Sprintf("w%d", w))
		err := filepath.WalkDir(outDir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(p) != ".beam" {
				return err
			}
			return os.Rename(p, filepath.Join(stage, d.Name()))
		})
		if err != nil {
			return nil, err
		}
		if err := os.RemoveAll(outDir); err != nil {
			return nil, err
		}
	}
	b, err := json.MarshalIndent(results, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(stage, resultsFile), b, 0o644); err != nil {
		return nil, err
	}
	final := filepath.Join(workDir, "ebin-"+key)
	if err := os.Rename(stage, final); err != nil {
		// Another Prepare published the same key first: use its result.
		if rs, lerr := loadResults(final); lerr == nil {
			return rs, nil
		}
		return nil, err
	}
	return results, nil
}

// parseCompileOutput reads the marker lines of cstagen_oracle:compile/1;
// asn1ct's own lines between "begin" and the result belong to that module.
func parseCompileOutput(out []byte, byName map[string]*ModuleResult) {
	const mark = "@@cstagen "
	var cur *ModuleResult
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, mark) {
			if cur != nil && strings.TrimSpace(line) != "" && len(cur.Messages) < 200 {
				cur.Messages = append(cur.Messages, line)
			}
			continue
		}
		f := strings.SplitN(line[len(mark):], " ", 3)
		if len(f) < 2 {
			continue
		}
		switch f[0] {
		case "begin":
			cur = &ModuleResult{Name: f[1]}
			byName[f[1]] = cur
		case "ok":
			if r := byName[f[1]]; r != nil {
				r.OK = true
				r.Patched = len(f) == 3 && f[2] == "patched"
				r.Messages = nil
			}
			cur = nil
		case "error":
			if r := byName[f[1]]; r != nil && len(f) == 3 {
				r.Messages = append(r.Messages, f[2])
			}
			cur = nil
		}
	}
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// Command benchci is make bench-ci: it runs the codec benchmarks of bench/
// under valgrind's callgrind, where instruction counts repeat whatever else
// the machine does, prints one table of instructions per operation and
// their ratios, and fails when a codec allocates or a ratio exceeds its
// threshold.
//
// Each benchmark runs twice under callgrind with -test.benchtime=N1x and
// N2x; the difference of the two runs' totals over N2-N1 is the count per
// operation, so start-up and set-up cancel. Start-up itself varies by a
// few hundred thousand instructions from run to run, a few percent per op
// of a small benchmark over 2,000 iterations: when the two runs differ by
// fewer than -span instructions (100 million), a third run makes the
// difference that long (LongerRun), and successive runs agree within a few
// instructions per op. Benchmarks marked cache are run with
// --cache-sim=yes --branch-sim=yes. The runs use GOMAXPROCS=1 GOGC=off
// GODEBUG=asyncpreemptoff=1,memprofilerate=0, so that neither the
// collector, preemption signals nor the sampling of allocations for the
// memory profile (a traceback of ~70,000 instructions in a large binary, at
// random) add work, and cpu.rdtscp=off: valgrind 3.19 (Debian 12) does not
// know RDTSCP, which the runtime executes when a lock is contended, and
// kills the program with SIGILL. Allocations come from one ordinary run of
// all of them with -test.benchmem. (--toggle-collect on the benchmark
// function does not work with Go: callgrind loses track of it when the
// goroutine's stack moves.)
//
// The configuration (bench/ci.txt) lists the benchmarks, their groups and
// roles, and the thresholds: see ParseConfig.
//
// Usage:
//
//	go test -c -o bench.test ./bench
//	benchci -bin ./bench.test -config bench/ci.txt [-n1 2000 -n2 4000] [-jobs 2]
//
// The bench binary runs in the directory of the configuration file (bench/),
// where its benchmarks find ../../shared.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

func main() {
	bin := flag.String("bin", "", "the bench test binary (go test -c)")
	config := flag.String("config", "bench/ci.txt", "the configuration and thresholds")
	n1 := flag.Int("n1", 2000, "iterations of the first callgrind run")
	n2 := flag.Int("n2", 4000, "iterations of the second callgrind run")
	span := flag.Float64("span", 100e6, "instructions the runs must differ by; a third, longer run when they do not")
	jobs := flag.Int("jobs", 1, "callgrind runs at a time")
	valgrind := flag.String("valgrind", "valgrind", "the valgrind command")
	keep := flag.String("keep", "", "a directory to keep the callgrind output files in (for callgrind_annotate)")
	flag.Parse()
	if err := run(*bin, *config, *valgrind, *keep, *n1, *n2, *jobs, *span); err != nil {
		fmt.Fprintln(os.Stderr, "benchci:", err)
		os.Exit(1)
	}
}

// runner runs the bench binary.
type runner struct {
	bin, dir, valgrind, out string
}

// env is the environment of every run.
func env() []string {
	return append(os.Environ(), "GOMAXPROCS=1", "GOGC=off", "GODEBUG=asyncpreemptoff=1,cpu.rdtscp=off,memprofilerate=0")
}

// list returns the benchmarks the binary holds.
func (r *runner) list() (map[string]bool, error) {
	cmd := exec.Command(r.bin, "-test.list", "^Benchmark")
	cmd.Dir = r.dir
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s -test.list: %v", r.bin, err)
	}
	have := map[string]bool{}
	for _, l := range strings.Fields(string(out)) {
		have[strings.TrimPrefix(l, "Benchmark")] = true
	}
	return have, nil
}

// benchLine matches a result line and captures the name and allocs/op.
var benchLine = regexp.MustCompile(`^Benchmark(\S+?)(?:-\d+)?\s+\d+\s.*?\s(\d+(?:\.\d+)?) allocs/op`)

// allocs runs the benchmarks once, normally, and returns allocs/op by name.
func (r *runner) allocs(names []string) (map[string]float64, error) {
	cmd := exec.Command(r.bin, "-test.run", "^$", "-test.bench", "^Benchmark("+strings.Join(names, "|")+")$",
		"-test.benchmem", "-test.benchtime", "200x")
	cmd.Dir, cmd.Env = r.dir, env()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("benchmark run: %v\n%s", err, out)
	}
	return ParseAllocs(out), nil
}

// ParseAllocs returns allocs/op by benchmark name from go test output.
func ParseAllocs(out []byte) map[string]float64 {
	res := map[string]float64{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if m := benchLine.FindStringSubmatch(sc.Text()); m != nil {
			v, _ := strconv.ParseFloat(m[2], 64)
			res[m[1]] = v
		}
	}
	return res
}

// callgrind runs one benchmark for n iterations and returns its totals.
func (r *runner) callgrind(e Entry, n int) (Counts, error) {
	file := filepath.Join(r.out, fmt.Sprintf("callgrind.%s.%d", e.Name, n))
	args := []string{"--tool=callgrind", "--callgrind-out-file=" + file}
	if e.Cache {
		args = append(args, "--cache-sim=yes", "--branch-sim=yes")
	}
	args = append(args, r.bin, "-test.run", "^$", "-test.bench", "^Benchmark"+e.Name+"$",
		"-test.benchtime", strconv.Itoa(n)+"x")
	cmd := exec.Command(r.valgrind, args...)
	cmd.Dir, cmd.Env = r.dir, env()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("%s under callgrind: %v\n%s", e.Name, err, out)
	}
	if !bytes.Contains(out, []byte("\nPASS")) && !bytes.HasPrefix(out, []byte("PASS")) {
		return nil, fmt.Errorf("%s under callgrind did not pass:\n%s", e.Name, out)
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	c, err := ParseCallgrind(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	return c, nil
}

func run(bin, config, valgrind, keep string, n1, n2, jobs int, span float64) error {
	if bin == "" {
		return errors.New("-bin is required")
	}
	bin, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	src, err := os.ReadFile(config)
	if err != nil {
		return err
	}
	cfg, err := ParseConfig(bytes.NewReader(src))
	if err != nil {
		return fmt.Errorf("%s: %v", config, err)
	}
	out := keep
	if out == "" {
		if out, err = os.MkdirTemp("", "benchci"); err != nil {
			return err
		}
		defer os.RemoveAll(out)
	} else if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	dir, err := filepath.Abs(filepath.Dir(config))
	if err != nil {
		return err
	}
	r := &runner{bin: bin, dir: dir, valgrind: valgrind, out: out}
	have, err := r.list()
	if err != nil {
		return err
	}

	start := time.Now()
	m := map[string]*Measure{}
	var todo []Entry
	var names []string
	for _, e := range cfg.Entries {
		if !have[e.Name] {
			m[e.Name] = &Measure{Skipped: "not built"}
			continue
		}
		m[e.Name] = &Measure{}
		todo = append(todo, e)
		names = append(names, e.Name)
	}
	allocs, err := r.allocs(names)
	if err != nil {
		return err
	}
	for _, e := range todo {
		a, ok := allocs[e.Name]
		if !ok {
			m[e.Name].Skipped = "no result (skipped?)"
			continue
		}
		m[e.Name].Allocs = a
	}

	// The callgrind runs, jobs at a time.
	var (
		mu   sync.Mutex
		errs []string
		wg   sync.WaitGroup
		sem  = make(chan struct{}, max(jobs, 1))
	)
	for _, e := range todo {
		if m[e.Name].Skipped != "" {
			continue
		}
		wg.Add(1)
		go func(e Entry) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			a, err := r.callgrind(e, n1)
			var b, per Counts
			if err == nil {
				b, err = r.callgrind(e, n2)
			}
			if err == nil {
				per, err = PerOp(a, b, n1, n2)
			}
			if n3 := LongerRun(per["Ir"], n1, n2, span); err == nil && n3 > 0 {
				if b, err = r.callgrind(e, n3); err == nil {
					per, err = PerOp(a, b, n1, n3)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s: %v", e.Name, err))
				m[e.Name].Skipped = "callgrind failed"
				return
			}
			m[e.Name].PerOp = per
		}(e)
	}
	wg.Wait()
	sort.Strings(errs)
	for _, e := range errs {
		fmt.Fprintln(os.Stderr, e)
	}

	res := Evaluate(cfg, m)
	fmt.Printf("bench-ci: callgrind, %d and %d iterations (or more, to differ by %.0fM instructions), the difference per op; GOMAXPROCS=1 GOGC=off; %s\n\n", n1, n2, span/1e6, time.Since(start).Round(time.Second))
	res.Write(os.Stdout)
	if len(res.Failures) > 0 {
		fmt.Println()
		for _, f := range res.Failures {
			fmt.Println("FAIL:", f)
		}
		return fmt.Errorf("%d failures", len(res.Failures))
	}
	fmt.Println("\nbench-ci: ok")
	return nil
}

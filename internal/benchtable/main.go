// Command benchtable turns `go test -bench` output into markdown tables:
// one row per benchmark with ns/op, MB/s, B/op, allocs/op and, within a
// group, the ratio of its ns/op to the group's floor benchmark, which
// leads the group's table.
//
// With -count N each benchmark appears N times; benchtable keeps the run
// with the lowest ns/op (the least disturbed one on a shared machine) and
// reports that run's other metrics with it, and says how many runs there
// were. A metric a benchmark reports as negative (allocs/op -1, for peers
// measured outside Go that have no comparable count) is shown as n/a.
//
// Usage:
//
//	go test -run '^$' -bench . -benchmem -count 5 ./bench/ | benchtable [-tee] [-group 'Title;Floor;Regexp']...
//
// Each -group gives a table title, the name of its floor benchmark (without
// the Benchmark prefix) and a regular expression over the names; a
// benchmark goes to the first group whose expression it matches, the rest
// to a last table, "Other". -tee copies the input to standard output as it
// arrives, so the raw output stays visible. benchtable exits with status 1
// when the input shows a failure (a FAIL line, a panic), holds no
// benchmark results or lacks go test's closing PASS or ok line; it prints
// the table of what it did get first.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// result is one benchmark result line.
type result struct {
	name    string             // without the Benchmark prefix and the -GOMAXPROCS suffix
	metrics map[string]float64 // by unit: ns/op, MB/s, B/op, allocs/op, and custom ones
}

// row is a benchmark's best run and how many runs it had.
type row struct {
	result
	runs int
}

// group is one table.
type group struct {
	title string
	floor string
	re    *regexp.Regexp
}

// report is what the input held.
type report struct {
	rows    []*row            // in order of first appearance
	env     []string          // the goos, goarch, pkg and cpu lines
	failure string            // the first line that shows a failure
	passed  bool              // a PASS or ok line was seen
	byName  map[string]*row   // rows by name
	seen    map[string]string // env keys seen
}

// parse reads go test output; when tee is not nil every line is copied to
// it as read.
func parse(r io.Reader, tee io.Writer) (*report, error) {
	rep := &report{byName: map[string]*row{}, seen: map[string]string{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if tee != nil {
			fmt.Fprintln(tee, line)
		}
		rep.line(line)
	}
	return rep, sc.Err()
}

func (rep *report) line(line string) {
	trimmed := strings.TrimSpace(line)
	switch {
	case strings.HasPrefix(trimmed, "--- FAIL"), strings.HasPrefix(trimmed, "FAIL"), strings.HasPrefix(trimmed, "panic:"):
		if rep.failure == "" {
			rep.failure = trimmed
		}
		return
	}
	if trimmed == "PASS" || strings.HasPrefix(trimmed, "ok ") {
		rep.passed = true
		return
	}
	for _, key := range []string{"goos:", "goarch:", "pkg:", "cpu:"} {
		if strings.HasPrefix(line, key) {
			if _, dup := rep.seen[key]; !dup {
				rep.seen[key] = line
				rep.env = append(rep.env, line)
			}
			return
		}
	}
	res, ok := parseResult(line)
	if !ok {
		return
	}
	if r := rep.byName[res.name]; r != nil {
		r.runs++
		if res.metrics["ns/op"] < r.metrics["ns/op"] {
			r.result = res
		}
		return
	}
	r := &row{result: res, runs: 1}
	rep.byName[res.name] = r
	rep.rows = append(rep.rows, r)
}

// parseResult parses "BenchmarkName-P  N  v unit  v unit ..." (the
// benchmark result format of golang.org/design/14313-benchmark-format).
func parseResult(line string) (result, bool) {
	f := strings.Fields(line)
	if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || len(f)%2 != 0 {
		return result{}, false
	}
	if _, err := strconv.ParseUint(f[1], 10, 64); err != nil {
		return result{}, false
	}
	name := strings.TrimPrefix(f[0], "Benchmark")
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		if _, err := strconv.Atoi(name[i+1:]); err == nil {
			name = name[:i]
		}
	}
	m := map[string]float64{}
	for i := 2; i < len(f); i += 2 {
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			return result{}, false
		}
		m[f[i+1]] = v
	}
	if _, ok := m["ns/op"]; !ok || name == "" {
		return result{}, false
	}
	return result{name, m}, true
}

// parseGroup parses "Title;Floor;Regexp".
func parseGroup(s string) (group, error) {
	parts := strings.SplitN(s, ";", 3)
	if len(parts) != 3 || parts[0] == "" || parts[2] == "" {
		return group{}, fmt.Errorf("group %q: want Title;Floor;Regexp", s)
	}
	re, err := regexp.Compile(parts[2])
	if err != nil {
		return group{}, fmt.Errorf("group %q: %v", s, err)
	}
	return group{parts[0], parts[1], re}, nil
}

// write prints one markdown table per group that has rows, then "Other".
func (rep *report) write(w io.Writer, groups []group) {
	for _, e := range rep.env {
		fmt.Fprintf(w, "%s  \n", e)
	}
	fmt.Fprintf(w, "Each row is the run with the lowest ns/op of the runs counted.\n")
	members := make([][]*row, len(groups)+1)
	for _, r := range rep.rows {
		i := len(groups)
		for gi, g := range groups {
			if g.re.MatchString(r.name) {
				i = gi
				break
			}
		}
		members[i] = append(members[i], r)
	}
	for i, rows := range members {
		if len(rows) == 0 {
			continue
		}
		title, floor := "Other", ""
		if i < len(groups) {
			title, floor = groups[i].title, groups[i].floor
		}
		var floorNs float64
		for j, r := range rows {
			if r.name == floor {
				floorNs = r.metrics["ns/op"]
				// The floor leads its table.
				copy(rows[1:j+1], rows[:j])
				rows[0] = r
				break
			}
		}
		extra := extraUnits(rows)
		fmt.Fprintf(w, "\n### %s\n\n", title)
		fmt.Fprintf(w, "| benchmark | runs | ns/op | MB/s | B/op | allocs/op |")
		for _, u := range extra {
			fmt.Fprintf(w, " %s |", u)
		}
		if floorNs > 0 {
			fmt.Fprintf(w, " × %s |", floor)
		}
		fmt.Fprintf(w, "\n|---|--:|--:|--:|--:|--:|%s", strings.Repeat("--:|", len(extra)))
		if floorNs > 0 {
			fmt.Fprintf(w, "--:|")
		}
		fmt.Fprintln(w)
		for _, r := range rows {
			fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s |", r.name, r.runs,
				num(r.metrics, "ns/op", 1), num(r.metrics, "MB/s", 2), num(r.metrics, "B/op", 0), num(r.metrics, "allocs/op", 0))
			for _, u := range extra {
				fmt.Fprintf(w, " %s |", num(r.metrics, u, 2))
			}
			if floorNs > 0 {
				fmt.Fprintf(w, " %.2f |", r.metrics["ns/op"]/floorNs)
			}
			fmt.Fprintln(w)
		}
	}
}

// extraUnits returns the units of the custom metrics the rows report
// (ns/item, ...), beyond the four of every table, in order of first
// appearance: each gets a column.
func extraUnits(rows []*row) []string {
	var units []string
	seen := map[string]bool{"ns/op": true, "MB/s": true, "B/op": true, "allocs/op": true}
	for _, r := range rows {
		var own []string
		for u := range r.metrics {
			if !seen[u] {
				own = append(own, u)
			}
		}
		sort.Strings(own)
		for _, u := range own {
			seen[u] = true
			units = append(units, u)
		}
	}
	return units
}

// num formats a metric: "" when absent, "n/a" when negative.
func num(m map[string]float64, unit string, prec int) string {
	v, ok := m[unit]
	switch {
	case !ok:
		return ""
	case v < 0:
		return "n/a"
	case unit == "ns/op" && v >= 100:
		prec = 0
	}
	return strconv.FormatFloat(v, 'f', prec, 64)
}

// groupFlags collects repeated -group flags.
type groupFlags []group

func (g *groupFlags) String() string { return fmt.Sprint(len(*g), " groups") }

func (g *groupFlags) Set(s string) error {
	gr, err := parseGroup(s)
	if err != nil {
		return err
	}
	*g = append(*g, gr)
	return nil
}

func main() {
	var groups groupFlags
	tee := flag.Bool("tee", false, "copy the input to standard output as it is read")
	flag.Var(&groups, "group", "a table: `Title;Floor;Regexp` (repeatable)")
	flag.Parse()
	var teeW io.Writer
	if *tee {
		teeW = os.Stdout
	}
	rep, err := parse(os.Stdin, teeW)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
	if len(rep.rows) > 0 {
		fmt.Println()
		rep.write(os.Stdout, groups)
	}
	if err := rep.check(); err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}

// check reports whether the run was complete and passed.
func (rep *report) check() error {
	switch {
	case rep.failure != "":
		return fmt.Errorf("the benchmarks failed: %s", rep.failure)
	case len(rep.rows) == 0:
		return errors.New("no benchmark results in the input")
	case !rep.passed:
		return errors.New("the input ends before go test's PASS or ok line")
	}
	return nil
}

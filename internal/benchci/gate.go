package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Counts are callgrind's event totals of one run, by event name (Ir,
// I1mr, D1mr, DLmr, Bcm, ...).
type Counts map[string]float64

// ParseCallgrind reads the event totals of a callgrind output file: the
// "events:" line names them, the "totals:" line (or "summary:" of older
// versions) holds them.
func ParseCallgrind(r io.Reader) (Counts, error) {
	var names []string
	var totals []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "events:"):
			names = strings.Fields(strings.TrimPrefix(line, "events:"))
		case strings.HasPrefix(line, "totals:"):
			totals = strings.Fields(strings.TrimPrefix(line, "totals:"))
		case strings.HasPrefix(line, "summary:") && totals == nil:
			totals = strings.Fields(strings.TrimPrefix(line, "summary:"))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if names == nil || totals == nil {
		return nil, fmt.Errorf("callgrind output without events and totals lines")
	}
	if len(totals) > len(names) {
		return nil, fmt.Errorf("callgrind output: %d totals for %d events", len(totals), len(names))
	}
	c := Counts{}
	for i, name := range names {
		v := 0.0 // trailing zero totals may be omitted
		if i < len(totals) {
			n, err := strconv.ParseUint(totals[i], 10, 64)
			if err != nil {
				return nil, fmt.Errorf("callgrind output: total %q: %v", totals[i], err)
			}
			v = float64(n)
		}
		c[name] = v
	}
	return c, nil
}

// PerOp returns the events per iteration between a run of n1 and one of
// n2 > n1 iterations: what both runs share (start-up, set-up) cancels.
func PerOp(a, b Counts, n1, n2 int) (Counts, error) {
	if n2 <= n1 {
		return nil, fmt.Errorf("iteration counts %d, %d: the second must be larger", n1, n2)
	}
	out := Counts{}
	for name, vb := range b {
		va, ok := a[name]
		if !ok {
			return nil, fmt.Errorf("event %s in one run only", name)
		}
		d := (vb - va) / float64(n2-n1)
		if d < 0 {
			d = 0 // a miss count that fell: noise of the simulation
		}
		out[name] = d
	}
	if out["Ir"] == 0 {
		return nil, fmt.Errorf("no instructions per iteration (Ir %v then %v)", a["Ir"], b["Ir"])
	}
	return out, nil
}

// LongerRun returns the iteration count of a third run when the two runs
// of n1 and n2 iterations differ by fewer than span instructions (perOp is
// the instructions per iteration they measured), or 0 when they do not.
// The start-up of a bench binary under callgrind varies by a few hundred
// thousand instructions from run to run; over a difference of 2,000
// iterations of a 3,000-instruction benchmark that is a few percent per op,
// over span (100 million) it is a fraction of a percent.
func LongerRun(perOp float64, n1, n2 int, span float64) int {
	if perOp <= 0 || float64(n2-n1)*perOp >= span {
		return 0
	}
	return n1 + int(math.Ceil(span/perOp))
}

// Measure is what bench-ci measured of one benchmark.
type Measure struct {
	PerOp   Counts  // callgrind events per iteration
	Allocs  float64 // allocs/op of the normal run
	Skipped string  // why it was not measured (a peer not built), or ""
}

// Row is one line of the table.
type Row struct {
	Entry
	Measure
	Ratio float64            // Ir per op over the floor's; 0 when unknown
	VsR   map[string]float64 // Ir per op over each measured peer's
}

// Result is the table and the gate's verdict.
type Result struct {
	Rows     []Row
	Failures []string
}

// Evaluate computes the ratios and applies the gate: a floor or codec that
// allocates, a codec whose ratio to its floor exceeds its max, or a floor
// or codec that was not measured, is a failure.
func Evaluate(cfg *Config, m map[string]*Measure) Result {
	var res Result
	fail := func(format string, args ...any) { res.Failures = append(res.Failures, fmt.Sprintf(format, args...)) }
	ir := func(name string) float64 {
		if x := m[name]; x != nil && x.Skipped == "" {
			return x.PerOp["Ir"]
		}
		return 0
	}
	for _, e := range cfg.Entries {
		x := m[e.Name]
		if x == nil {
			x = &Measure{Skipped: "not run"}
		}
		row := Row{Entry: e, Measure: *x, VsR: map[string]float64{}}
		if x.Skipped != "" {
			if e.Role != Peer {
				fail("%s: not measured (%s)", e.Name, x.Skipped)
			}
			res.Rows = append(res.Rows, row)
			continue
		}
		own := x.PerOp["Ir"]
		if f := cfg.floor(e.Group); f != nil && ir(f.Name) > 0 {
			row.Ratio = own / ir(f.Name)
		}
		for _, v := range e.Vs {
			if p := ir(v); p > 0 {
				row.VsR[v] = own / p
			}
		}
		if e.Role != Peer && x.Allocs > 0 {
			fail("%s allocates: %g allocs/op", e.Name, x.Allocs)
		}
		if e.Role == Codec && e.Max > 0 {
			switch {
			case row.Ratio == 0:
				fail("%s: no ratio (its floor was not measured)", e.Name)
			case row.Ratio > e.Max:
				fail("%s: %.3f × its floor in instructions, over the threshold %.2f", e.Name, row.Ratio, e.Max)
			}
		}
		res.Rows = append(res.Rows, row)
	}
	return res
}

// Write prints the table in markdown: instructions per op, the ratio to the
// group's floor and its threshold, the ratios to the peers, allocations and,
// for benchmarks measured with the cache simulation, first-level
// instruction and data cache misses, last-level misses and mispredicted
// branches per op.
func (res Result) Write(w io.Writer) {
	fmt.Fprintln(w, "| group | benchmark | instr/op | × floor | max | ours × peers | allocs/op | I1 miss/op | D1 miss/op | LL miss/op | mispredicts/op |")
	fmt.Fprintln(w, "|---|---|--:|--:|--:|---|--:|--:|--:|--:|--:|")
	for _, r := range res.Rows {
		if r.Skipped != "" {
			fmt.Fprintf(w, "| %s | %s | %s | | | | | | | | |\n", r.Group, r.Name, r.Skipped)
			continue
		}
		ratio, max := "", ""
		if r.Ratio > 0 {
			ratio = fmt.Sprintf("%.2f", r.Ratio)
		}
		if r.Max > 0 {
			max = fmt.Sprintf("%.2f", r.Max)
		}
		var vs []string
		for _, v := range r.Vs {
			if q, ok := r.VsR[v]; ok {
				vs = append(vs, fmt.Sprintf("%.2f %s", q, v))
			}
		}
		c := r.PerOp
		i1, d1, ll, bm := "", "", "", ""
		if r.Cache {
			i1 = count(c["I1mr"])
			d1 = count(c["D1mr"] + c["D1mw"])
			ll = count(c["ILmr"] + c["DLmr"] + c["DLmw"])
			if _, ok := c["Bcm"]; ok {
				bm = count(c["Bcm"] + c["Bim"])
			}
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", r.Group, r.Name, count(c["Ir"]),
			ratio, max, strings.Join(vs, ", "), count(r.Allocs), i1, d1, ll, bm)
	}
}

// count formats a per-op count: whole numbers from 10 up, one decimal below.
func count(v float64) string {
	if v >= 10 || v == 0 {
		return strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

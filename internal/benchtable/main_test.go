package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseResult(t *testing.T) {
	tests := []struct {
		line string
		ok   bool
		want result
	}{
		{"BenchmarkWalkTLV-2   	 5388666	       225.1 ns/op	 781.83 MB/s	       0 B/op	       0 allocs/op", true,
			result{"WalkTLV", map[string]float64{"ns/op": 225.1, "MB/s": 781.83, "B/op": 0, "allocs/op": 0}}},
		{"BenchmarkErlangDecodeArgument-2   	       1	      2127 ns/op	  78.04 MB/s	    4784 B/op	      -1 allocs/op", true,
			result{"ErlangDecodeArgument", map[string]float64{"ns/op": 2127, "MB/s": 78.04, "B/op": 4784, "allocs/op": -1}}},
		{"BenchmarkX 10 5 ns/op", true, result{"X", map[string]float64{"ns/op": 5}}},
		{"BenchmarkA-B-8 10 5 ns/op 3 widgets/op", true, result{"A-B", map[string]float64{"ns/op": 5, "widgets/op": 3}}},
		{"BenchmarkA-x 10 5 ns/op", true, result{"A-x", map[string]float64{"ns/op": 5}}},
		{"BenchmarkWalkTLV-2", false, result{}},             // name alone (-v)
		{"BenchmarkX 10 5 MB/s", false, result{}},           // no ns/op
		{"BenchmarkX ten 5 ns/op", false, result{}},         // N not a number
		{"BenchmarkX 10 five ns/op", false, result{}},       // value not a number
		{"BenchmarkX 10 5 ns/op 7", false, result{}},        // odd field count
		{"    peers_test.go:101: invalid", false, result{}}, // log line
		{"Benchmark 10 5 ns/op", false, result{}},           // empty name
	}
	for _, tc := range tests {
		got, ok := parseResult(tc.line)
		if ok != tc.ok {
			t.Errorf("parseResult(%q) ok = %v, want %v", tc.line, ok, tc.ok)
			continue
		}
		if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(result{})); ok && diff != "" {
			t.Errorf("parseResult(%q) (-want +got):\n%s", tc.line, diff)
		}
	}
}

const sample = `goos: linux
goarch: amd64
pkg: github.com/cstagen/cstagen/bench
cpu: Some CPU @ 2.80GHz
BenchmarkCSTADecode-2      	 1373568	       800.0 ns/op	 220.00 MB/s	       0 B/op	       0 allocs/op
BenchmarkWalkTLV-2         	 5388666	       225.1 ns/op	 781.83 MB/s	       0 B/op	       0 allocs/op
BenchmarkWalkTLV-2         	 5388666	       200.0 ns/op	 880.00 MB/s	       0 B/op	       0 allocs/op
BenchmarkCSTADecode-2      	 1373568	       900.0 ns/op	 195.00 MB/s	       8 B/op	       1 allocs/op
BenchmarkErlangDecode-2    	       1	      2127 ns/op	  78.04 MB/s	    4784 B/op	      -1 allocs/op
BenchmarkFraming-2         	   10000	     12.25 ns/op
PASS
ok  	github.com/cstagen/cstagen/bench	9.893s
`

func TestParseAndWrite(t *testing.T) {
	var tee bytes.Buffer
	rep, err := parse(strings.NewReader(sample), &tee)
	if err != nil {
		t.Fatal(err)
	}
	if tee.String() != sample {
		t.Errorf("tee copied %q, want the input", tee.String())
	}
	if err := rep.check(); err != nil {
		t.Fatal(err)
	}
	g, err := parseGroup("BER, APDU;WalkTLV;^(WalkTLV|CSTA.*|Erlang.*)$")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	rep.write(&out, []group{g})
	want := `goos: linux  
goarch: amd64  
pkg: github.com/cstagen/cstagen/bench  
cpu: Some CPU @ 2.80GHz  
Each row is the run with the lowest ns/op of the runs counted.

### BER, APDU

| benchmark | runs | ns/op | MB/s | B/op | allocs/op | × WalkTLV |
|---|--:|--:|--:|--:|--:|--:|
| WalkTLV | 2 | 200 | 880.00 | 0 | 0 | 1.00 |
| CSTADecode | 2 | 800 | 220.00 | 0 | 0 | 4.00 |
| ErlangDecode | 1 | 2127 | 78.04 | 4784 | n/a | 10.63 |

### Other

| benchmark | runs | ns/op | MB/s | B/op | allocs/op |
|---|--:|--:|--:|--:|--:|
| Framing | 1 | 12.2 |  |  |  |
`
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("table (-want +got):\n%s", diff)
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"complete", sample, true},
		{"benchmark failed", "BenchmarkX-2 10 5 ns/op\n--- FAIL: BenchmarkY\nFAIL\n", false},
		{"build failed", "FAIL\tgithub.com/cstagen/cstagen/bench [build failed]\n", false},
		{"panic", "BenchmarkX-2 10 5 ns/op\npanic: boom\n", false},
		{"no results", "PASS\nok  \tx\t1s\n", false},
		{"cut short", "BenchmarkX-2 10 5 ns/op\n", false},
	}
	for _, tc := range tests {
		rep, err := parse(strings.NewReader(tc.in), nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := rep.check(); (err == nil) != tc.ok {
			t.Errorf("%s: check() = %v, want ok %v", tc.name, err, tc.ok)
		}
	}
}

func TestParseGroup(t *testing.T) {
	for _, s := range []string{"", "a;b", ";WalkTLV;x", "a;b;", "a;b;(", "a"} {
		if _, err := parseGroup(s); err == nil {
			t.Errorf("parseGroup(%q) accepted", s)
		}
	}
	g, err := parseGroup("Title; with space;Floor;^a;b$")
	if err != nil {
		t.Fatal(err)
	}
	if g.title != "Title" || g.floor != " with space" || g.re.String() != "Floor;^a;b$" {
		t.Errorf("parseGroup split into %q %q %q", g.title, g.floor, g.re)
	}
}

// TestCustomMetricColumn checks that a custom metric (ns/item of the
// scaling benchmarks) gets its own column in the tables that have it.
func TestCustomMetricColumn(t *testing.T) {
	in := `BenchmarkScale/BER/Decode/10-2   	  100000	      1000 ns/op	  100.0 ns/item	       0 B/op	       0 allocs/op
BenchmarkScale/BER/Decode/100-2  	   10000	     12000 ns/op	  120.0 ns/item	       0 B/op	       0 allocs/op
BenchmarkWalkTLV-2         	 5388666	       200.0 ns/op	 880.00 MB/s	       0 B/op	       0 allocs/op
PASS
`
	rep, err := parse(strings.NewReader(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	g, err := parseGroup("Scaling;;^Scale/")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	rep.write(&out, []group{g})
	for _, want := range []string{
		"| benchmark | runs | ns/op | MB/s | B/op | allocs/op | ns/item |\n",
		"| Scale/BER/Decode/100 | 1 | 12000 |  | 0 | 0 | 120.00 |\n",
		"### Other\n\n| benchmark | runs | ns/op | MB/s | B/op | allocs/op |\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("tables lack %q:\n%s", want, out.String())
		}
	}
}

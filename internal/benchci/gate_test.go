package main

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// callgrindOut is a callgrind output file reduced to what bench-ci reads.
func callgrindOut(events string, totals string) string {
	return "# callgrind format\nversion: 1\ncreator: callgrind-3.19.0\ncmd: ./bench.test\n" +
		"positions: line\nevents: " + events + "\n\nfn=(1) main\n0 1 2\n\ntotals: " + totals + "\n"
}

func TestParseCallgrind(t *testing.T) {
	tests := []struct {
		name, in string
		want     Counts
		wantErr  bool
	}{
		{"instructions", callgrindOut("Ir", "123456"), Counts{"Ir": 123456}, false},
		{"cache", callgrindOut("Ir I1mr ILmr Dr D1mr", "1000 7 1 300 2"), Counts{"Ir": 1000, "I1mr": 7, "ILmr": 1, "Dr": 300, "D1mr": 2}, false},
		{"trailing zeros omitted", callgrindOut("Ir I1mr", "1000"), Counts{"Ir": 1000, "I1mr": 0}, false},
		{"summary of old versions", "events: Ir\nsummary: 42\n", Counts{"Ir": 42}, false},
		{"no totals", "events: Ir\n", nil, true},
		{"no events", "totals: 1\n", nil, true},
		{"too many totals", "events: Ir\ntotals: 1 2\n", nil, true},
		{"not a number", "events: Ir\ntotals: x\n", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCallgrind(strings.NewReader(tt.in))
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want error %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("counts (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPerOp(t *testing.T) {
	a := Counts{"Ir": 9_000_000, "I1mr": 5000}
	b := Counts{"Ir": 15_000_000, "I1mr": 4000}
	got, err := PerOp(a, b, 2000, 4000)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Counts{"Ir": 3000, "I1mr": 0}, got); diff != "" {
		t.Errorf("per op (-want +got):\n%s", diff)
	}
	if _, err := PerOp(a, b, 4000, 2000); err == nil {
		t.Error("PerOp accepted n2 < n1")
	}
	if _, err := PerOp(a, a, 2000, 4000); err == nil {
		t.Error("PerOp accepted no instructions per op")
	}
	if _, err := PerOp(Counts{"Ir": 1}, b, 2000, 4000); err == nil {
		t.Error("PerOp accepted an event of one run only")
	}
}

const testConfig = `
# a comment
ber  WalkTLV              floor  -     cache
ber  CSTADecodeDelivered  codec  1.60  cache vs=ASN1BERDecodeDelivered
ber  ASN1BERDecodeDelivered peer -
xml  XMLTokenizerWalk     floor  -
xml  CSTAXMLDecodeOriginated codec 1.50 vs=PugixmlParseOriginated
xml  PugixmlParseOriginated  peer  -
`

// measures returns the per-op instructions and allocations of a run,
// from the synthetic callgrind outputs of two iteration counts.
func measures(t *testing.T, ir map[string][2]uint64, allocs map[string]float64) map[string]*Measure {
	t.Helper()
	m := map[string]*Measure{}
	for name, v := range ir {
		a, err := ParseCallgrind(strings.NewReader(callgrindOut("Ir I1mr", itoa(v[0])+" 10")))
		if err != nil {
			t.Fatal(err)
		}
		b, err := ParseCallgrind(strings.NewReader(callgrindOut("Ir I1mr", itoa(v[1])+" 2010")))
		if err != nil {
			t.Fatal(err)
		}
		per, err := PerOp(a, b, 2000, 4000)
		if err != nil {
			t.Fatal(err)
		}
		m[name] = &Measure{PerOp: per, Allocs: allocs[name]}
	}
	return m
}

func itoa(v uint64) string { return strconv.FormatUint(v, 10) }

// base is a run within the thresholds: WalkTLV 3,330 instructions per op,
// the decoder 5,062 (1.52x), the XML walk 20,000 and the decoder 26,600.
func base() map[string][2]uint64 {
	return map[string][2]uint64{
		"WalkTLV":                 {1_000_000 + 2000*3330, 1_000_000 + 4000*3330},
		"CSTADecodeDelivered":     {2_000_000 + 2000*5062, 2_000_000 + 4000*5062},
		"ASN1BERDecodeDelivered":  {3_000_000 + 2000*40000, 3_000_000 + 4000*40000},
		"XMLTokenizerWalk":        {1_000_000 + 2000*20000, 1_000_000 + 4000*20000},
		"CSTAXMLDecodeOriginated": {1_000_000 + 2000*26600, 1_000_000 + 4000*26600},
	}
}

func TestGate(t *testing.T) {
	cfg, err := ParseConfig(strings.NewReader(testConfig))
	if err != nil {
		t.Fatal(err)
	}
	slower := base()
	// A deliberately slower decoder: 20% more instructions per op.
	slower["CSTADecodeDelivered"] = [2]uint64{2_000_000 + 2000*6074, 2_000_000 + 4000*6074}
	tests := []struct {
		name    string
		ir      map[string][2]uint64
		allocs  map[string]float64
		skip    []string
		wantErr []string
	}{
		{name: "within the thresholds", ir: base(), allocs: map[string]float64{"ASN1BERDecodeDelivered": 12}},
		{name: "slower variant", ir: slower,
			wantErr: []string{"CSTADecodeDelivered: 1.824 × its floor in instructions, over the threshold 1.60"}},
		{name: "codec allocates", ir: base(), allocs: map[string]float64{"CSTAXMLDecodeOriginated": 1},
			wantErr: []string{"CSTAXMLDecodeOriginated allocates: 1 allocs/op"}},
		{name: "floor allocates", ir: base(), allocs: map[string]float64{"WalkTLV": 2},
			wantErr: []string{"WalkTLV allocates: 2 allocs/op"}},
		{name: "codec not measured", ir: base(), skip: []string{"CSTAXMLDecodeOriginated"},
			wantErr: []string{"CSTAXMLDecodeOriginated: not measured (not built)"}},
		{name: "floor not measured", ir: base(), skip: []string{"WalkTLV"},
			wantErr: []string{"WalkTLV: not measured (not built)", "CSTADecodeDelivered: no ratio (its floor was not measured)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := measures(t, tt.ir, tt.allocs)
			for _, s := range tt.skip {
				m[s] = &Measure{Skipped: "not built"}
			}
			res := Evaluate(cfg, m)
			if diff := cmp.Diff(tt.wantErr, res.Failures); diff != "" {
				t.Errorf("failures (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTable(t *testing.T) {
	cfg, err := ParseConfig(strings.NewReader(testConfig))
	if err != nil {
		t.Fatal(err)
	}
	res := Evaluate(cfg, measures(t, base(), nil))
	var buf bytes.Buffer
	res.Write(&buf)
	for _, want := range []string{
		"| ber | WalkTLV | 3330 | 1.00 |  |  | 0 | 1.0 | 0 | 0 |  |",
		"| ber | CSTADecodeDelivered | 5062 | 1.52 | 1.60 | 0.13 ASN1BERDecodeDelivered | 0 | 1.0 |",
		"| xml | CSTAXMLDecodeOriginated | 26600 | 1.33 | 1.50 |  | 0 |",
		"| xml | PugixmlParseOriginated | not run |",
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, buf.String())
		}
	}
}

func TestParseConfig(t *testing.T) {
	bad := []string{
		"ber WalkTLV floor",                              // too few fields
		"ber WalkTLV boss -",                             // unknown role
		"ber WalkTLV floor 1.2",                          // a floor with a max
		"ber WalkTLV floor -\nber X codec zero",          // bad max
		"ber WalkTLV floor -\nber X codec 1.2 fast",      // unknown option
		"ber X codec 1.2",                                // no floor first
		"ber WalkTLV floor -\nber WalkTLV2 floor -",      // two floors
		"ber WalkTLV floor -\nber WalkTLV peer -",        // listed twice
		"ber WalkTLV floor -\nber X codec 1.2 vs=Nobody", // vs unknown
		"# nothing",
	}
	for _, in := range bad {
		if _, err := ParseConfig(strings.NewReader(in)); err == nil {
			t.Errorf("ParseConfig(%q) accepted it", in)
		}
	}
}

// TestCommittedConfig checks that bench/ci.txt parses and gates every
// codec benchmark it lists.
func TestCommittedConfig(t *testing.T) {
	src, err := os.ReadFile("../../bench/ci.txt")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := ParseConfig(bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range cfg.Entries {
		if e.Role == Codec && e.Max == 0 {
			t.Errorf("%s: a codec without a threshold", e.Name)
		}
	}
}

func TestParseAllocs(t *testing.T) {
	out := []byte(`goos: linux
BenchmarkWalkTLV             	     200	       150.0 ns/op	1173.33 MB/s	       0 B/op	       0 allocs/op
BenchmarkStdXMLDecodeOriginated-2 	     200	     40000 ns/op	    9000 B/op	     190 allocs/op
BenchmarkPugixmlParseOriginated 	     200	      3000 ns/op	     0 B/op	     0 allocs/op	  1.5 allocs/op
PASS
`)
	got := ParseAllocs(out)
	want := map[string]float64{"WalkTLV": 0, "StdXMLDecodeOriginated": 190, "PugixmlParseOriginated": 0}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("allocs (-want +got):\n%s", diff)
	}
}

func TestLongerRun(t *testing.T) {
	tests := []struct {
		name   string
		perOp  float64
		n1, n2 int
		want   int
	}{
		{"short benchmark: third run", 3000, 2000, 4000, 2000 + 33334},
		{"long enough already", 60_000, 2000, 4000, 0},
		{"exactly the span", 50_000, 2000, 4000, 0},
		{"nothing measured", 0, 2000, 4000, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LongerRun(tt.perOp, tt.n1, tt.n2, 100e6); got != tt.want {
				t.Errorf("LongerRun(%v, %d, %d) = %d, want %d", tt.perOp, tt.n1, tt.n2, got, tt.want)
			}
		})
	}
}

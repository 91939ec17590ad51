package main

import (
	"go/parser"
	"go/token"
	"testing"
)

func TestLangVersion(t *testing.T) {
	for in, want := range map[string]string{"1.24": "go1.24", "1.24.3": "go1.24", "1.26.8": "go1.26", "1": "go1"} {
		if got := langVersion(in); got != want {
			t.Errorf("langVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseTotal(t *testing.T) {
	gb := 4.62
	for _, tc := range []struct {
		out  string
		want int64
		ok   bool
	}{
		{"Showing nodes accounting for 4.21GB, 91.2% of 4.62GB total\n", int64(gb * (1 << 30)), true},
		{"Showing nodes accounting for 512kB, 100% of 512kB total\n", 512 << 10, true},
		{"Showing nodes accounting for 3MB, 100% of 3MB total", 3 << 20, true},
		{"no samples", 0, false},
		{"of 4.62XB total", 0, false},
	} {
		got, err := parseTotal([]byte(tc.out))
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseTotal(%q) = %d, %v; want %d, ok %v", tc.out, got, err, tc.want, tc.ok)
		}
	}
}

func TestCountFuncs(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "x.go", "package x\nfunc a() {}\ntype T int\nfunc (T) b() {}\nvar c = func() {}\n", 0)
	if err != nil {
		t.Fatal(err)
	}
	if n := countFuncs(f.Decls); n != 2 {
		t.Errorf("countFuncs = %d, want 2 (closures are not declarations)", n)
	}
}

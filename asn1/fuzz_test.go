package asn1

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzSchema compiles arbitrary module text: the front end must return a
// model or errors, never panic, and finish quickly. The seeds are the
// modules of testdata (one per construct the front end reads) and a few
// that exercise tagging, objects and parameters.
func FuzzSchema(f *testing.F) {
	f.Add("M DEFINITIONS ::= BEGIN T ::= SEQUENCE { a [0] IMPLICIT INTEGER OPTIONAL, ... } END")
	f.Add("M DEFINITIONS IMPLICIT TAGS ::= BEGIN C ::= [APPLICATION 1] CHOICE { a NULL } T ::= SET { c [2] IMPLICIT C } END")
	f.Add("M DEFINITIONS ::= BEGIN P{T} ::= SEQUENCE { a T } X ::= P{BOOLEAN} o OBJECT IDENTIFIER ::= {1 2 3} END")
	f.Add(roseClasses)
	files, err := filepath.Glob("testdata/*.asn1")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(src))
	}
	f.Fuzz(func(t *testing.T, src string) {
		start := time.Now()
		m, err := Compile([]File{{Name: "fuzz.asn1", Src: []byte(src)}}, nil)
		if m == nil {
			t.Fatal("Compile returned no model")
		}
		if err != nil {
			list, ok := err.(ErrorList)
			if !ok || len(list) == 0 {
				t.Fatalf("error is %T %v, want a non-empty ErrorList", err, err)
			}
		}
		if d := time.Since(start); d > 5*time.Second && len(src) < 1<<16 {
			t.Fatalf("Compile took %v on %d bytes", d, len(src))
		}
	})
}

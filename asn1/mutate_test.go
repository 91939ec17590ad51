package asn1

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cstagen/cstagen/asn1/syntax"
)

// vocabulary are the tokens TestCorpusMutations puts in place of others.
var vocabulary = []string{"{", "}", "(", ")", "...", ",", "|", "::=", "..", "[[", "]]", "[0]", "IMPLICIT",
	"SEQUENCE", "CHOICE", "ENUMERATED", "INTEGER", "OF", "SIZE", "CLASS", "&Type", "&id", "A.X", "M.T",
	"x", "T", "C", "0", "-1", "99999999999999999999", "{1 2}", "WITH", "SUCCESSORS", "FROM", "COMPONENTS", "DEFAULT", "OPTIONAL",
	"CONTAINING", "ENCODED", "BY", "ENCODING-CONTROL", "END", "EXPORTS", "IMPORTS", ";", "\"s\"", "'01'B", "@", "."}

// TestCorpusMutations compiles, for every module of testdata, each text
// obtained by deleting one token, doubling one token, replacing one by
// tokens of vocabulary, or swapping two neighbours: near-valid input that reaches the resolver, where random
// bytes rarely do. Every one must end in a model or errors, not a panic.
func TestCorpusMutations(t *testing.T) {
	files, err := filepath.Glob("testdata/*.asn1")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		toks, err := syntax.Tokenize(name, src)
		if err != nil {
			t.Fatal(err)
		}
		words := make([]string, 0, len(toks))
		for _, tk := range toks[:len(toks)-1] {
			words = append(words, tk.Value)
		}
		compile := func(ws []string) {
			text := strings.Join(ws, " ")
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("%s: panic on\n%s\n%v", name, text, p)
				}
			}()
			_, _ = Compile([]File{{Name: "m.asn1", Src: []byte(text)}}, nil)
		}
		for i := range words {
			del := append(append([]string{}, words[:i]...), words[i+1:]...)
			compile(del)
			dup := append(append([]string{}, words[:i+1]...), words[i:]...)
			compile(dup)
			for k := 0; k < 3; k++ {
				rep := append([]string{}, words...)
				rep[i] = vocabulary[(i*3+k)%len(vocabulary)]
				compile(rep)
			}
			if i+1 < len(words) {
				swap := append([]string{}, words...)
				swap[i], swap[i+1] = swap[i+1], swap[i]
				compile(swap)
			}
		}
	}
}

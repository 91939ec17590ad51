package fuzz

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir is ../shared/corpus seen from this package.
var corpusDir = filepath.Join("..", "..", "shared", "corpus")

// corpusBER returns the BER corpus files as bytes, with any vendor prefix
// left on (the framer targets want it; the decoders reject it cleanly).
func corpusBER(tb testing.TB) map[string][]byte {
	tb.Helper()
	out := map[string][]byte{}
	paths, _ := filepath.Glob(filepath.Join(corpusDir, "ber", "*.hex"))
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		var b strings.Builder
		for _, line := range strings.Split(string(src), "\n") {
			if i := strings.IndexByte(line, '#'); i >= 0 {
				line = line[:i]
			}
			b.WriteString(strings.Join(strings.Fields(line), ""))
		}
		if raw, err := hex.DecodeString(b.String()); err == nil {
			out[filepath.Base(p)] = raw
		}
	}
	return out
}

// corpusXML returns the XML corpus files.
func corpusXML(tb testing.TB) map[string][]byte {
	tb.Helper()
	out := map[string][]byte{}
	paths, _ := filepath.Glob(filepath.Join(corpusDir, "xml", "*.xml"))
	for _, p := range paths {
		if src, err := os.ReadFile(p); err == nil {
			out[filepath.Base(p)] = src
		}
	}
	return out
}

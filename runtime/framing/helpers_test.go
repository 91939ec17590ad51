package framing

import (
	"bufio"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedDir returns the reference material beside the repository, skipping
// the test when it is absent.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared")
	if _, err := os.Stat(filepath.Join(dir, "corpus", "SOURCES.tsv")); err != nil {
		t.Skipf("reference corpus not available: %v", err)
	}
	return dir
}

// parseHex decodes hex text: pairs of hex digits separated by any white
// space, with '#' or "//" starting a comment that runs to the end of the line.
func parseHex(text string) ([]byte, error) {
	var sb strings.Builder
	for line := range strings.Lines(text) {
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		for _, f := range strings.Fields(line) {
			sb.WriteString(f)
		}
	}
	return hex.DecodeString(sb.String())
}

// mustHex is parseHex for literals in tests.
func mustHex(t testing.TB, text string) []byte {
	t.Helper()
	b, err := parseHex(text)
	if err != nil {
		t.Fatalf("bad hex %q: %v", text, err)
	}
	return b
}

// corpusRow is one line of SOURCES.tsv.
type corpusRow struct {
	file    string
	framing string
}

// readSources returns SOURCES.tsv keyed by file name.
func readSources(t testing.TB, dir string) map[string]corpusRow {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "corpus", "SOURCES.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := map[string]corpusRow{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	col := -1
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if col < 0 {
			for i, h := range fields {
				if h == "framing" {
					col = i
				}
			}
			if col < 0 {
				t.Fatal("SOURCES.tsv has no framing column")
			}
			continue
		}
		if len(fields) <= col {
			continue
		}
		rows[fields[0]] = corpusRow{file: fields[0], framing: strings.Trim(fields[col], `"`)}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// repeatReader returns data over and over, never ending.
type repeatReader struct {
	data []byte
	off  int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	n := copy(p, r.data[r.off:])
	r.off = (r.off + n) % len(r.data)
	return n, nil
}

// stallReader returns (0, nil) stalls times before each read of r, like a
// peer trickling data in.
type stallReader struct {
	r      io.Reader
	stalls int
	n      int
}

func (s *stallReader) Read(p []byte) (int, error) {
	if s.n < s.stalls {
		s.n++
		return 0, nil
	}
	s.n = 0
	return s.r.Read(p)
}

// chunkReader returns at most size octets per read.
type chunkReader struct {
	r    io.Reader
	size int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(p) > c.size {
		p = p[:c.size]
	}
	return c.r.Read(p)
}

// dataEOFReader returns its last octets together with io.EOF.
type dataEOFReader struct{ data []byte }

func (d *dataEOFReader) Read(p []byte) (int, error) {
	n := copy(p, d.data)
	d.data = d.data[n:]
	if len(d.data) == 0 {
		return n, io.EOF
	}
	return n, nil
}

// errAfterReader returns data, then err once, then the rest.
type errAfterReader struct {
	first, rest []byte
	err         error
	state       int
}

func (e *errAfterReader) Read(p []byte) (int, error) {
	switch e.state {
	case 0:
		n := copy(p, e.first)
		e.first = e.first[n:]
		if len(e.first) == 0 {
			e.state = 1
		}
		return n, nil
	case 1:
		e.state = 2
		return 0, e.err
	}
	n := copy(p, e.rest)
	e.rest = e.rest[n:]
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

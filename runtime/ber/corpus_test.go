package ber

import (
	"bufio"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// corpusDir is the shared corpus of real BER messages, outside the repository
// (repo root/../shared/corpus/ber).
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus", "ber")

type corpusPDU struct {
	name string
	pdu  []byte
}

// readCorpus returns the BER PDUs of the shared corpus with their vendor
// link headers removed, as SOURCES.tsv describes them: HiPath "26 80 len"
// (3 octets), a 2-octet big-endian APDU length, or none. Files framed with
// the 8-octet CSTA-XML header hold XML and are left out. problems lists
// disagreements between the octets and SOURCES.tsv.
func readCorpus() (pdus []corpusPDU, problems []string, err error) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.hex"))
	framing := map[string]string{}
	if f, err := os.Open(filepath.Join(corpusDir, "..", "SOURCES.tsv")); err == nil {
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			cols := strings.Split(sc.Text(), "\t")
			if len(cols) > 5 {
				framing[cols[0]] = cols[5]
			}
		}
		f.Close()
	}
	for _, fn := range files {
		raw, err := os.ReadFile(fn)
		if err != nil {
			return nil, nil, err
		}
		b, err := hex.DecodeString(strings.Join(strings.Fields(string(raw)), ""))
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", fn, err)
		}
		name := filepath.Base(fn)
		col := framing[name]
		switch {
		case !strings.Contains(name, "-framed"):
		case len(b) > 3 && b[0] == 0x26 && b[1] == 0x80 && int(b[2]) == len(b)-3:
			if col != "" && !strings.Contains(col, "0x26") {
				problems = append(problems, fmt.Sprintf("%s: looks HiPath-framed but SOURCES.tsv says %q", name, col))
			}
			b = b[3:]
		case len(b) > 2 && int(b[0])<<8|int(b[1]) == len(b)-2:
			if col != "" && !strings.Contains(col, "2-byte") {
				problems = append(problems, fmt.Sprintf("%s: looks 2-octet-length framed but SOURCES.tsv says %q", name, col))
			}
			b = b[2:]
		default:
			if col != "" && !strings.Contains(col, "8-byte") {
				problems = append(problems, fmt.Sprintf("%s: unknown framing, SOURCES.tsv says %q", name, col))
			}
			continue // CSTA-XML with its 8-octet header
		}
		pdus = append(pdus, corpusPDU{name, b})
	}
	return pdus, problems, nil
}

// loadCorpus is readCorpus for tests: it skips when the corpus is absent.
func loadCorpus(tb testing.TB) []corpusPDU {
	tb.Helper()
	pdus, problems, err := readCorpus()
	if err != nil {
		tb.Fatal(err)
	}
	for _, p := range problems {
		tb.Error(p)
	}
	if len(pdus) == 0 {
		tb.Skipf("no BER PDUs in %s", corpusDir)
	}
	return pdus
}

// reencode decodes every element of r and writes it again with definite,
// minimal lengths, backwards into b ending at i.
func reencode(tb testing.TB, r Reader, b []byte, i int) int {
	var elems []struct {
		t Tag
		c Reader
	}
	for !r.Empty() {
		var c Reader
		t, err := r.ReadAny(&c)
		if err != nil {
			tb.Fatal(err)
		}
		elems = append(elems, struct {
			t Tag
			c Reader
		}{t, c})
	}
	for k := len(elems) - 1; k >= 0; k-- {
		e := elems[k]
		end := i
		if e.t.Constructed() {
			i = reencode(tb, e.c, b, i)
		} else {
			i = PutBytes(b, i, e.c.Bytes())
		}
		i = PutHeader(b, i, e.t, end-i)
	}
	return i
}

func TestCorpus(t *testing.T) {
	for _, p := range loadCorpus(t) {
		t.Run(p.name, func(t *testing.T) {
			n, err := WalkTLV(p.pdu, nil)
			if err != nil {
				t.Fatalf("WalkTLV: %v", err)
			}
			m, err := walkReader(p.pdu, nil)
			if err != nil || m != n {
				t.Errorf("Reader walk = %d, %v; WalkTLV saw %d", m, err, n)
			}
			if l, err := ElementLen(p.pdu, nil); err != nil || l != len(p.pdu) {
				t.Errorf("ElementLen = %d, %v; want %d (one PDU)", l, err, len(p.pdu))
			}
			// The ROSE APDU is one [1]..[4] element.
			r := NewReader(p.pdu, nil)
			tag, ok := r.PeekTag()
			if !ok || tag.Class() != ClassContext && tag != Application|Constructed|0 {
				t.Errorf("outer tag %v", tag)
			}
			// Every corpus PDU uses minimal definite lengths: decoding and
			// re-encoding reproduces it octet for octet.
			out := make([]byte, len(p.pdu))
			if i := reencode(t, NewReader(p.pdu, nil), out, len(out)); i != 0 || !cmp.Equal(out, p.pdu) {
				t.Errorf("re-encoding differs (start %d):\n got %s\nwant %s", i, hx(out), hx(p.pdu))
			}
			// Every prefix is truncated, never anything else.
			for k := 0; k < len(p.pdu); k++ {
				if _, err := ElementLen(p.pdu[:k], nil); !errors.Is(err, ErrTruncated) {
					t.Fatalf("ElementLen of %d-octet prefix = %v", k, err)
				}
			}
		})
	}
}

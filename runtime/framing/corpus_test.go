package framing

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

// corpusProfile is how a corpus hex file is framed, from its SOURCES.tsv
// framing column.
type corpusProfile struct {
	xml    bool   // CSTA-XML message with the 8-octet header
	prefix Prefix // BER vendor prefix
}

func classify(t *testing.T, framing string) corpusProfile {
	t.Helper()
	switch {
	case strings.HasPrefix(framing, "8-byte header"):
		return corpusProfile{xml: true}
	case strings.HasPrefix(framing, "none"):
		return corpusProfile{prefix: NoPrefix}
	case strings.Contains(framing, "0x26"):
		return corpusProfile{prefix: HiPathPrefix}
	case strings.HasPrefix(framing, "2-byte big-endian length prefix"):
		return corpusProfile{prefix: AlcatelOXEPrefix}
	}
	t.Fatalf("unknown framing %q", framing)
	return corpusProfile{}
}

// corpusFile is one framed hex file.
type corpusFile struct {
	name    string
	data    []byte
	profile corpusProfile
}

func loadBERCorpus(t *testing.T) []corpusFile {
	dir := sharedDir(t)
	rows := readSources(t, dir)
	paths, err := filepath.Glob(filepath.Join(dir, "corpus", "ber", "*.hex"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Skip("no hex files in the corpus")
	}
	sort.Strings(paths)
	var files []corpusFile
	for _, p := range paths {
		name := filepath.Base(p)
		row, ok := rows[name]
		if !ok {
			t.Fatalf("%s has no row in SOURCES.tsv", name)
		}
		text, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		data, err := parseHex(string(text))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		prof := classify(t, row.framing)
		if framed := strings.HasSuffix(name, "-framed.hex"); framed != (prof.xml || prof.prefix.Size() > 0) {
			t.Fatalf("%s: file name and framing column %q disagree", name, row.framing)
		}
		files = append(files, corpusFile{name, data, prof})
	}
	return files
}

// TestCorpusBER frames every hex file of the corpus with its profile: each
// must yield exactly one PDU (or CSTA-XML message) equal to the file without
// its header, and writing it back must reproduce the file.
func TestCorpusBER(t *testing.T) {
	for _, f := range loadBERCorpus(t) {
		t.Run(f.name, func(t *testing.T) {
			if f.profile.xml {
				wantID, err := strconv.Atoi(string(f.data[4:8]))
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range readerVariants {
					x := NewXMLReader(v.wrap(f.data), XMLOptions{})
					got, err := readAllMessages(x)
					if err != io.EOF {
						t.Fatalf("%s: error = %v", v.name, err)
					}
					if diff := cmp.Diff([]xmlMsg{{wantID, string(f.data[8:])}}, got); diff != "" {
						t.Errorf("%s: messages (-want +got):\n%s", v.name, diff)
					}
				}
				var out bytes.Buffer
				if err := NewXMLWriter(&out).WriteMessage(wantID, f.data[8:]); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(out.Bytes(), f.data) {
					t.Errorf("rewritten message differs:\n got %x\nwant %x", out.Bytes(), f.data)
				}
				return
			}
			prefixes := []Prefix{f.profile.prefix}
			if f.profile.prefix == HiPathPrefix {
				prefixes = append(prefixes, HiPathLongPrefix)
			}
			want := []string{hex.EncodeToString(f.data[f.profile.prefix.Size():])}
			for _, p := range prefixes {
				opt := Options{Prefix: p}
				for _, v := range readerVariants {
					got, err := readAllPDUs(NewBERReader(v.wrap(f.data), opt))
					if err != io.EOF {
						t.Fatalf("%v/%s: error = %v", p, v.name, err)
					}
					if diff := cmp.Diff(want, hexList(got)); diff != "" {
						t.Errorf("%v/%s: PDUs (-want +got):\n%s", p, v.name, diff)
					}
				}
				var out bytes.Buffer
				if err := NewBERWriter(&out, opt).WritePDU(f.data[p.Size():]); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(out.Bytes(), f.data) {
					t.Errorf("%v: rewritten frame differs:\n got %x\nwant %x", p, out.Bytes(), f.data)
				}
			}
		})
	}
}

// TestCorpusBERStream sends all corpus PDUs of one profile back to back
// through one reader.
func TestCorpusBERStream(t *testing.T) {
	byPrefix := map[Prefix][]corpusFile{}
	for _, f := range loadBERCorpus(t) {
		if !f.profile.xml {
			byPrefix[f.profile.prefix] = append(byPrefix[f.profile.prefix], f)
		}
	}
	for p, files := range byPrefix {
		var stream []byte
		var want []string
		for _, f := range files {
			stream = append(stream, f.data...)
			want = append(want, hex.EncodeToString(f.data[p.Size():]))
		}
		t.Run(p.String(), func(t *testing.T) {
			got, err := readAllPDUs(NewBERReader(iotest.HalfReader(bytes.NewReader(stream)), Options{Prefix: p}))
			if err != io.EOF {
				t.Fatalf("error = %v", err)
			}
			if diff := cmp.Diff(want, hexList(got)); diff != "" {
				t.Errorf("PDUs (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCorpusXML frames every XML document of the corpus and reads the
// whole stream back.
func TestCorpusXML(t *testing.T) {
	dir := sharedDir(t)
	paths, err := filepath.Glob(filepath.Join(dir, "corpus", "xml", "*.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Skip("no XML files in the corpus")
	}
	sort.Strings(paths)
	var stream bytes.Buffer
	w := NewXMLWriter(&stream)
	var want []xmlMsg
	for i, p := range paths {
		body, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.WriteMessage(i+1, body); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		want = append(want, xmlMsg{i + 1, string(body)})
	}
	for _, v := range readerVariants {
		t.Run(v.name, func(t *testing.T) {
			got, err := readAllMessages(NewXMLReader(v.wrap(stream.Bytes()), XMLOptions{}))
			if err != io.EOF {
				t.Fatalf("error = %v", err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("messages (-want +got):\n%s", diff)
			}
		})
	}
}

// xmlHeaderNote matches the header recorded in SOURCES.tsv for captures
// whose 8-octet header was stripped.
var xmlHeaderNote = regexp.MustCompile(`^8-byte header ([0-9a-fA-F]{16})\b`)

// TestCorpusXMLHeaders puts the recorded headers back on their bodies. Where
// the header's length matches the body the message must read cleanly; the
// hand-edited captures (files 003-007) carry a length that does not, and the
// reader must report the stream as truncated rather than return a message.
func TestCorpusXMLHeaders(t *testing.T) {
	dir := sharedDir(t)
	rows := readSources(t, dir)
	var names []string
	for name := range rows {
		names = append(names, name)
	}
	sort.Strings(names)
	checked := 0
	for _, name := range names {
		m := xmlHeaderNote.FindStringSubmatch(rows[name].framing)
		if m == nil || !strings.HasSuffix(name, ".xml") {
			continue
		}
		checked++
		t.Run(name, func(t *testing.T) {
			hdr, err := hex.DecodeString(m[1])
			if err != nil {
				t.Fatal(err)
			}
			body, err := os.ReadFile(filepath.Join(dir, "corpus", "xml", name))
			if err != nil {
				t.Fatal(err)
			}
			declared := int(binary.BigEndian.Uint16(hdr[2:4]))
			x := NewXMLReader(bytes.NewReader(append(hdr, body...)), XMLOptions{})
			id, got, err := x.ReadMessage()
			if declared == XMLHeaderSize+len(body) {
				wantID, _ := strconv.Atoi(string(hdr[4:8]))
				if err != nil || id != wantID || !bytes.Equal(got, body) {
					t.Fatalf("consistent header: id %d, %d octets, %v", id, len(got), err)
				}
				return
			}
			var te *TruncatedError
			if !errors.As(err, &te) || te.Want != declared || te.Read != XMLHeaderSize+len(body) {
				t.Fatalf("mismatched header (declares %d, frame is %d): error = %v", declared, XMLHeaderSize+len(body), err)
			}
		})
	}
	if checked == 0 {
		t.Skip("no recorded CSTA-XML headers")
	}
}

package framing

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

// fuzzPrefixes are the profiles FuzzBERReader picks from.
var fuzzPrefixes = []Prefix{NoPrefix, AlcatelOXEPrefix, HiPathPrefix, HiPathLongPrefix, Uint32Prefix}

// addCorpusSeeds adds the corpus hex files, when present, as seeds.
func addCorpusSeeds(f *testing.F, add func(data []byte)) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpus", "ber", "*.hex"))
	for _, p := range paths {
		text, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		if data, err := parseHex(string(text)); err == nil {
			add(data)
		}
	}
}

func FuzzBERReader(f *testing.F) {
	for _, p := range samplePDUs(f) {
		f.Add(p, uint8(0))
	}
	f.Add(mustHex(f, "30 80 30 80 02 01 01 00 00 00 00 02 01 05"), uint8(0))
	f.Add(mustHex(f, "00 03 02 01 05 00 05 a2 03 02 01 01"), uint8(1))
	f.Add(mustHex(f, "26 80 03 02 01 05"), uint8(2))
	f.Add(mustHex(f, "26 81 00"), uint8(3))
	f.Add(mustHex(f, "00 00 00 03 02 01 05"), uint8(4))
	f.Add(mustHex(f, "9f 1f 01 00 bf 81 00 80 00 00"), uint8(0))
	addCorpusSeeds(f, func(data []byte) {
		for i := range fuzzPrefixes {
			f.Add(data, uint8(i))
		}
	})
	f.Fuzz(func(t *testing.T, data []byte, profile uint8) {
		opt := Options{Prefix: fuzzPrefixes[int(profile)%len(fuzzPrefixes)], MaxPDUSize: 4096, MaxDepth: 8}
		pdus, err := readAllPDUs(NewBERReader(bytes.NewReader(data), opt))
		if err == nil {
			t.Fatal("reader stopped without an error")
		}
		// Chunking must not change the outcome.
		pdus1, err1 := readAllPDUs(NewBERReader(iotest.OneByteReader(bytes.NewReader(data)), opt))
		if diff := cmp.Diff(hexList(pdus), hexList(pdus1)); diff != "" || err.Error() != err1.Error() {
			t.Fatalf("one-octet reads differ: %v vs %v\n%s", err, err1, diff)
		}
		consumed := 0
		for _, p := range pdus {
			if n, fail := checkTLV(p, opt.MaxDepth); fail.err != nil || n != len(p) || n > opt.MaxPDUSize {
				t.Fatalf("PDU %x is not one complete TLV: n=%d %v", p, n, fail.err)
			}
			consumed += opt.Prefix.Size() + len(p)
		}
		// Writing the PDUs again reproduces the consumed octets exactly:
		// every profile has a single encoding per length.
		var out bytes.Buffer
		w := NewBERWriter(&out, opt)
		for _, p := range pdus {
			if err := w.WritePDU(p); err != nil {
				t.Fatalf("WritePDU(%x): %v", p, err)
			}
		}
		if !bytes.Equal(out.Bytes(), data[:consumed]) {
			t.Fatalf("rewritten stream %x differs from input %x", out.Bytes(), data[:consumed])
		}
		again, err := readAllPDUs(NewBERReader(&out, opt))
		if err != io.EOF {
			t.Fatalf("reading the rewritten stream: %v", err)
		}
		if diff := cmp.Diff(hexList(pdus), hexList(again)); diff != "" {
			t.Fatalf("re-read PDUs differ:\n%s", diff)
		}
	})
}

func FuzzXMLReader(f *testing.F) {
	f.Add(xmlFrame("\x00\x00", 9, "0001", "a"), false)
	f.Add(append(xmlFrame("\x00\x00", 9, "0001", "a"), xmlFrame("\x00\x00", 12, "9999", "<a/>")...), false)
	f.Add(xmlFrame("00", 9, "0001", "a"), true)
	f.Add(xmlFrame("\x00\x00", 7, "0001", ""), false)
	f.Add(xmlFrame("\x00\x00", 9, "00a1", "x"), false)
	addCorpusSeeds(f, func(data []byte) { f.Add(data, false) })
	f.Fuzz(func(t *testing.T, data []byte, lenient bool) {
		opt := XMLOptions{AcceptAnyFormat: lenient}
		msgs, err := readAllMessages(NewXMLReader(bytes.NewReader(data), opt))
		if err == nil {
			t.Fatal("reader stopped without an error")
		}
		msgs1, err1 := readAllMessages(NewXMLReader(iotest.OneByteReader(bytes.NewReader(data)), opt))
		if diff := cmp.Diff(msgs, msgs1); diff != "" || err.Error() != err1.Error() {
			t.Fatalf("one-octet reads differ: %v vs %v\n%s", err, err1, diff)
		}
		consumed := 0
		var out bytes.Buffer
		w := NewXMLWriter(&out)
		for _, m := range msgs {
			if m.ID < 0 || m.ID > MaxInvokeID || len(m.Body) > MaxXMLBodySize {
				t.Fatalf("impossible message %+v", m)
			}
			consumed += XMLHeaderSize + len(m.Body)
			if err := w.WriteMessage(m.ID, []byte(m.Body)); err != nil {
				t.Fatalf("WriteMessage: %v", err)
			}
		}
		if !lenient && !bytes.Equal(out.Bytes(), data[:consumed]) {
			t.Fatalf("rewritten stream %x differs from input %x", out.Bytes(), data[:consumed])
		}
		again, err := readAllMessages(NewXMLReader(&out, XMLOptions{}))
		if err != io.EOF {
			t.Fatalf("reading the rewritten stream: %v", err)
		}
		if diff := cmp.Diff(msgs, again); diff != "" {
			t.Fatalf("re-read messages differ:\n%s", diff)
		}
	})
}

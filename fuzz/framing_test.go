package fuzz

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"

	"github.com/cstagen/cstagen/runtime/framing"
)

// FuzzBERFramer reads a stream of BER PDUs, whole and one byte at a time,
// with each vendor prefix: both reads must agree, every PDU is one TLV,
// and writing the PDUs back frames the bytes that were read.
func FuzzBERFramer(f *testing.F) {
	for _, raw := range corpusBER(f) {
		f.Add(byte(0), raw)
		f.Add(byte(1), raw)
		f.Add(byte(3), raw)
	}
	f.Add(byte(0), []byte{0x30, 0x80, 0x30, 0x80, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00})
	prefixes := []framing.Prefix{framing.NoPrefix, framing.Uint16Prefix, framing.AlcatelOXEPrefix, framing.HiPathPrefix}
	f.Fuzz(func(t *testing.T, which byte, in []byte) {
		opts := framing.Options{Prefix: prefixes[int(which)%len(prefixes)], MaxPDUSize: 1 << 16}
		read := func(r io.Reader) (pdus [][]byte, err error) {
			br := framing.NewBERReader(r, opts)
			for len(pdus) < 1000 {
				p, err := br.ReadPDU()
				if err != nil {
					return pdus, err
				}
				pdus = append(pdus, bytes.Clone(p))
			}
			return pdus, nil
		}
		whole, err1 := read(bytes.NewReader(in))
		bytewise, err2 := read(iotest.OneByteReader(bytes.NewReader(in)))
		if len(whole) != len(bytewise) || (err1 == nil) != (err2 == nil) {
			t.Fatalf("whole read %d PDUs (%v), byte-wise %d (%v)", len(whole), err1, len(bytewise), err2)
		}
		var out bytes.Buffer
		w := framing.NewBERWriter(&out, opts)
		for k, p := range whole {
			if !bytes.Equal(p, bytewise[k]) {
				t.Fatalf("PDU %d differs between whole and byte-wise reads", k)
			}
			if err := w.WritePDU(p); err != nil {
				t.Fatalf("writing back PDU %d: %v", k, err)
			}
		}
		if !errors.Is(err1, io.EOF) && err1 != nil && !bytes.HasPrefix(in, out.Bytes()) {
			t.Fatalf("the PDUs read do not frame back to a prefix of the input")
		}
	})
}

// FuzzXMLFramer reads CSTA-XML frames (8-byte header) and writes them back.
func FuzzXMLFramer(f *testing.F) {
	for _, doc := range corpusXML(f) {
		var b bytes.Buffer
		if err := framing.NewXMLWriter(&b).WriteMessage(9999, doc); err == nil {
			f.Add(b.Bytes())
		}
	}
	f.Add([]byte{0, 0, 0, 7, '0', '0', '0', '1'})
	f.Fuzz(func(t *testing.T, in []byte) {
		r := framing.NewXMLReader(bytes.NewReader(in), framing.XMLOptions{})
		var out bytes.Buffer
		w := framing.NewXMLWriter(&out)
		for k := 0; k < 1000; k++ {
			id, body, err := r.ReadMessage()
			if err != nil {
				break
			}
			if err := w.WriteMessage(id, body); err != nil {
				t.Fatalf("writing back message %d: %v", k, err)
			}
		}
		if !bytes.HasPrefix(in, out.Bytes()) {
			t.Fatalf("messages read do not frame back to a prefix of the input")
		}
	})
}

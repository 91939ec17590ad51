package framing

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"
)

func TestPrefixes(t *testing.T) {
	tests := []struct {
		prefix Prefix
		n      int
		hdr    string // Append's output; empty when it must fail
		err    error
	}{
		{NoPrefix, 5, "", nil},
		{Uint16Prefix, 0xdb, "00db", nil},
		{AlcatelOXEPrefix, 0xffff, "ffff", nil},
		{AlcatelOXEPrefix, 0x10000, "", ErrTooLarge},
		{Uint32Prefix, 0x10000, "00010000", nil},
		{HiPathPrefix, 0x18, "268018", nil},
		{HiPathPrefix, 0xff, "2680ff", nil},
		{HiPathPrefix, 0x100, "", ErrTooLarge},
		{HiPathLongPrefix, 0x18, "268018", nil},
		{HiPathLongPrefix, 0x100, "268100", nil},
		{HiPathLongPrefix, 0x7fff, "26ffff", nil},
		{HiPathLongPrefix, 0x8000, "", ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.prefix.String()+"/"+hex.EncodeToString([]byte{byte(tt.n >> 16), byte(tt.n >> 8), byte(tt.n)}), func(t *testing.T) {
			hdr, err := tt.prefix.Append([]byte{0xee}, tt.n)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("Append error = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := hex.EncodeToString(hdr[1:]); got != tt.hdr || hdr[0] != 0xee {
				t.Fatalf("Append = %x, want ee%s", hdr, tt.hdr)
			}
			if len(hdr)-1 != tt.prefix.Size() {
				t.Fatalf("Append wrote %d octets, Size is %d", len(hdr)-1, tt.prefix.Size())
			}
			if tt.prefix.Size() == 0 {
				return
			}
			n, err := tt.prefix.Decode(hdr[1:])
			if err != nil || n != tt.n {
				t.Fatalf("Decode = %d, %v; want %d", n, err, tt.n)
			}
		})
	}
}

// badCountReader claims to have read more than it was given.
type badCountReader struct{}

func (badCountReader) Read(p []byte) (int, error) { return len(p) + 1, nil }

func TestReaderBadCount(t *testing.T) {
	if _, err := NewBERReader(badCountReader{}, Options{}).ReadPDU(); err != errBadCount {
		t.Errorf("BER error = %v", err)
	}
	if _, _, err := NewXMLReader(badCountReader{}, XMLOptions{}).ReadMessage(); err != errBadCount {
		t.Errorf("XML error = %v", err)
	}
}

func TestOptionsResolve(t *testing.T) {
	o := Options{MaxPDUSize: MaxPDUSizeLimit + 1, MaxDepth: -1}.resolve()
	if o.MaxPDUSize != MaxPDUSizeLimit || o.MaxDepth != DefaultMaxDepth || o.Prefix != NoPrefix {
		t.Errorf("resolve() = %+v", o)
	}
	if o := (Options{}).resolve(); o.MaxPDUSize != DefaultMaxPDUSize {
		t.Errorf("default MaxPDUSize = %d", o.MaxPDUSize)
	}
}

func TestXMLReaderReset(t *testing.T) {
	x := NewXMLReader(bytes.NewReader([]byte("garbage!")), XMLOptions{})
	if _, _, err := x.ReadMessage(); !errors.Is(err, ErrBadFormat) {
		t.Fatalf("error = %v", err)
	}
	x.Reset(bytes.NewReader(xmlFrame("\x00\x00", 10, "0005", "ab")))
	id, body, err := x.ReadMessage()
	if err != nil || id != 5 || string(body) != "ab" || x.Offset() != 10 {
		t.Fatalf("after Reset: %d %q %v offset %d", id, body, err, x.Offset())
	}
}

package fuzz

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/runtime/ber"
	"github.com/cstagen/cstagen/runtime/xml"
)

// Each hostile input is a known bug class of BER and XML decoders. Every
// one must end in a typed error, within a bounded time and memory.

// invoke wraps an argument in a ROSE Invoke of cSTAEventReport (code 21).
func invoke(arg []byte) []byte {
	body := append([]byte{0x02, 0x01, 0x01, 0x02, 0x01, 0x15}, arg...)
	return append(ber.AppendHeader(nil, ber.Context|ber.Constructed|1, len(body)), body...)
}

func repeat(b []byte, n int) []byte { return bytes.Repeat(b, n) }

// manyEmptyStrings is a SEQUENCE OF holding n empty OCTET STRINGs.
func manyEmptyStrings(n int) []byte {
	body := repeat([]byte{0x04, 0x00}, n)
	return append(ber.AppendHeader(nil, ber.Universal|ber.Constructed|16, len(body)), body...)
}

func TestHostileBER(t *testing.T) {
	deep := append(repeat([]byte{0x30, 0x80}, 100000), repeat([]byte{0x00, 0x00}, 100000)...)
	unterminated := repeat([]byte{0x30, 0x80}, 50)
	bomb := append(repeat([]byte{0x30, 0x80}, 60), repeat([]byte{0x30, 0x80, 0x00, 0x00}, 200000)...)
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"deep nesting, 100,000 levels", invoke(deep), ber.ErrTooDeep},
		{"unterminated indefinite lengths", invoke(unterminated), ber.ErrTruncated},
		{"indefinite-length bomb, unterminated", invoke(bomb), ber.ErrTruncated},
		{"length of 2 GiB on 9 bytes", []byte{0xa1, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x02, 0x01, 0x01}, ber.ErrTruncated},
		{"length of 2^63 (overflow)", []byte{0xa1, 0x88, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x01, 0x01}, ber.ErrTruncated},
		{"length-of-length 126", append([]byte{0xa1, 0xfe}, repeat([]byte{0xff}, 126)...), ber.ErrTruncated},
		{"long-form tag of 1000 octets", append(append([]byte{0xbf}, repeat([]byte{0xff}, 1000)...), 0x01, 0x00), ber.ErrBadTag},
		{"garbage after a valid PDU", append(invoke([]byte{0x30, 0x00}), 0xde, 0xad), ber.ErrTrailingData},
		{"empty input", nil, ber.ErrMissing},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var p csta.PDU
			var err error
			start := time.Now()
			n := allocated(func() { err = p.DecodeBER(tc.in) })
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
			if n > uint64(len(tc.in))+allocBound {
				t.Errorf("allocated %d bytes for %d bytes of input", n, len(tc.in))
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
			var be *ber.Error
			if !errors.As(err, &be) {
				t.Fatalf("error %T is not a *ber.Error", err)
			}
		})
	}
}

// TestHostileElementCount decodes a SEQUENCE OF with three million tiny
// elements: MaxElements (2^20 by default) stops it, and memory stays within
// a fixed multiple of the input: each 2-byte element becomes a 24-byte
// slice header in a slice that grows by appending (about 5x its final size
// in all), so 32x bounds it. The decode budget, which stops it first by
// default (TestBudgetBER), is raised out of the way.
func TestHostileElementCount(t *testing.T) {
	in := manyEmptyStrings(3 << 20)
	var v csta.ConcatenateMessageArgumentMessagesToConcatenate
	var err error
	start := time.Now()
	n := allocated(func() { err = ber.DecodeContent(in, ber.Universal|16, &v, &ber.Limits{MaxAlloc: 1 << 30}) })
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	if n > uint64(32*len(in)) {
		t.Errorf("allocated %d bytes for %d bytes of input", n, len(in))
	}
	if !errors.Is(err, ber.ErrTooManyElements) {
		t.Fatalf("error %v, want %v", err, ber.ErrTooManyElements)
	}
	lim := ber.Limits{MaxElements: 1000}
	if err := ber.DecodeContent(manyEmptyStrings(1001), ber.Universal|16, &v, &lim); !errors.Is(err, ber.ErrTooManyElements) {
		t.Errorf("with MaxElements 1000: %v", err)
	}
	if err := ber.DecodeContent(manyEmptyStrings(998), ber.Universal|16, &v, &lim); err != nil {
		t.Errorf("998 elements within MaxElements 1000: %v", err)
	}
}

func TestHostileXML(t *testing.T) {
	laughs := `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>`
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"billion laughs", laughs, xml.ErrForbidden},
		{"deep nesting, 100,000 levels", strings.Repeat("<a>", 100000) + strings.Repeat("</a>", 100000), xml.ErrTooDeep},
		{"huge attribute, 10 MB", `<MakeCall a="` + strings.Repeat("x", 10<<20) + `"/>`, xml.ErrTooLarge},
		{"unterminated", `<MakeCall><callingDevice>`, xml.ErrUnexpectedEOF},
		{"external entity", `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>`, xml.ErrForbidden},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := []byte(tc.in)
			var err error
			start := time.Now()
			n := allocated(func() {
				d := xml.NewDecoder(in, nil)
				for err == nil {
					_, err = d.Next()
				}
			})
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
			if n > allocBound {
				t.Errorf("allocated %d bytes", n)
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
			var se *xml.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %T is not a *xml.SyntaxError", err)
			}
		})
	}
}

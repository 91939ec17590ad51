package xml

import (
	"errors"
	"testing"
)

func TestCheckText(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", -1},
		{"601", -1},
		{"tab\tlf\ncr\r", -1},
		{"Grüße €", -1},
		{"\U0001F600", -1},
		{"\x00\x9d", 0},
		{"ab\x01", 2},
		{"a\x9d", 1},
		{"\xc3", 0},         // truncated sequence
		{"\xed\xa0\x80", 0}, // a surrogate
		{"x\uFFFE", 1},      // no Char
		{"\x7f", -1},        // DEL is a Char
		// Eight octets at a time: past whole words, in the second and
		// third word, at their edges, after a tab that stops the word test.
		{"sip:+4989700712345@example.com", -1},
		{"01234567\x01", 8},
		{"0123456789abcde\x9d0123", 15},
		{"0123456789abcdef\xff", 16},
		{"\t12345678\x1f", 9},
		{"~~~~~~~~ \x7f\x7f\x7f\x7f\x7f\x7f\x7f", -1},
	}
	for _, tt := range tests {
		if got := CheckText([]byte(tt.in)); got != tt.want {
			t.Errorf("CheckText(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestNotText(t *testing.T) {
	err := NotText("MonitorCrossRefID", "monitorCrossRefID", []byte{0x00, 0x9d}, 1)
	if !errors.Is(err, ErrNotText) || !errors.Is(err, ErrUnencodable) {
		t.Errorf("%v is not ErrNotText and ErrUnencodable", err)
	}
	const want = "xml: octets that are not XML text in MonitorCrossRefID.monitorCrossRefID: octet 1 (0x9D) of 2 is not XML text"
	if err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}

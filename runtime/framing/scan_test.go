package framing

import (
	"bytes"
	"errors"
	"testing"
)

func TestScanner(t *testing.T) {
	long := append([]byte{0x04, 0x81, 0x80}, bytes.Repeat([]byte{0xaa}, 0x80)...)
	tests := []struct {
		name     string
		in       string
		raw      []byte // used instead of in when set
		maxDepth int
		maxSize  int
		want     int   // complete TLV size; -1 incomplete
		err      error // sentinel, or nil
		pos      int   // offset of the failure
	}{
		{name: "8.1.3.4 short form", in: "02 01 05", want: 3},
		{name: "8.1.3.4 zero length", in: "05 00", want: 2},
		{name: "8.1.3.5 long form", raw: long, want: len(long)},
		{name: "8.1.3.5 long form with leading zero octet", in: "04 82 00 03 aa bb cc", want: 7},
		{name: "8.1.3.5 long form with 8 length octets", in: "04 88 00 00 00 00 00 00 00 01 aa", want: 11},
		{name: "8.1.3.6 indefinite", in: "30 80 02 01 01 00 00", want: 7},
		{name: "8.1.3.6 nested indefinite", in: "30 80 30 80 02 01 01 00 00 00 00", want: 11},
		{name: "8.1.5 zero octets inside a definite child do not close", in: "30 80 04 02 00 00 00 00", want: 8},
		{name: "indefinite child of a definite element", in: "30 07 30 80 02 01 01 00 00", want: 9},
		{name: "definite then trailing octets", in: "02 01 05 ff ff", want: 3},
		{name: "8.1.2.4 high tag number", in: "9f 1f 01 00", want: 4},
		{name: "8.1.2.4 two subsequent octets", in: "bf 81 00 80 00 00", want: 6},
		{name: "ROSE invoke", in: "a1 0a 02 02 00 01 02 01 34 0a 01 02", want: 12},
		{name: "empty", in: "", want: -1},
		{name: "incomplete identifier", in: "9f", want: -1},
		{name: "incomplete high tag", in: "9f 81", want: -1},
		{name: "incomplete length octets", in: "04 82 01", want: -1},
		{name: "incomplete contents", in: "04 03 01 02", want: -1},
		{name: "incomplete indefinite", in: "30 80 30 80 02 01 01 00 00", want: -1},
		{name: "8.1.2.4.2 c leading zero tag octet", in: "9f 80 01 01 00", err: ErrBadTag, pos: 1},
		{name: "8.1.2.2 low tag number in high form", in: "9f 1e 01 00", err: ErrBadTag, pos: 0},
		{name: "tag number over 4 octets", in: "9f ff ff ff ff 01", err: ErrBadTag, pos: 5},
		{name: "8.1.3.5 c reserved 0xFF", in: "30 ff", err: ErrBadLength, pos: 1},
		{name: "8.1.3.5 c reserved 0xFF in child", in: "30 80 02 ff", err: ErrBadLength, pos: 3},
		{name: "8.1.3.2 a indefinite primitive", in: "04 80 00 00", err: ErrBadLength, pos: 1},
		{name: "8.1.5 end-of-contents first", in: "00 00", err: ErrBadTag, pos: 0},
		{name: "8.1.5 end-of-contents with length", in: "30 80 00 01 00", err: ErrBadLength, pos: 3},
		{name: "8.1.5 end-of-contents indefinite", in: "30 80 00 80", err: ErrBadLength, pos: 3},
		{name: "depth limit reached", in: "30 80 30 80 02 01 01 00 00 00 00", maxDepth: 2, want: 11},
		{name: "depth limit exceeded", in: "30 80 30 80 30 80", maxDepth: 2, err: ErrTooDeep, pos: 4},
		{name: "definite over limit", in: "04 11", maxSize: 16, err: ErrTooLarge, pos: 0},
		{name: "definite header plus contents over limit", in: "04 0f", maxSize: 16, err: ErrTooLarge, pos: 0},
		{name: "definite at limit", raw: append([]byte{0x04, 0x0e}, make([]byte, 14)...), maxSize: 16, want: 16},
		{name: "long form over limit from first octet", in: "04 84 7f ff ff", err: ErrTooLarge, pos: 0},
		{name: "126 length octets over limit", in: "04 fe 01 00 00 00", err: ErrTooLarge, pos: 0},
		{name: "indefinite over limit", in: "30 80 02 01 00 02 01 00 02 01 00", maxSize: 8, err: ErrTooLarge, pos: 8},
		{name: "indefinite child over parent limit", in: "30 80 04 05", maxSize: 8, err: ErrTooLarge, pos: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.raw
			if in == nil {
				in = mustHex(t, tt.in)
			}
			if tt.maxDepth == 0 {
				tt.maxDepth = DefaultMaxDepth
			}
			if tt.maxSize == 0 {
				tt.maxSize = 1 << 20
			}
			check := func(how string, n int, f scanFail) {
				t.Helper()
				if tt.err != nil {
					if !errors.Is(f.err, tt.err) || f.pos != tt.pos {
						t.Errorf("%s: got n=%d err=%v pos=%d (%s), want err=%v pos=%d", how, n, f.err, f.pos, f.detail, tt.err, tt.pos)
					}
					return
				}
				if f.err != nil {
					t.Fatalf("%s: unexpected failure %v at %d: %s", how, f.err, f.pos, f.detail)
				}
				if tt.want < 0 && n != 0 || tt.want >= 0 && n != tt.want {
					t.Errorf("%s: got n=%d, want %d", how, n, tt.want)
				}
			}
			// All at once.
			s := scanner{maxDepth: tt.maxDepth, maxSize: tt.maxSize}
			n, f := s.scan(in)
			check("whole", n, f)
			// Octet by octet, keeping the scanner's state as a reader does.
			s = scanner{maxDepth: tt.maxDepth, maxSize: tt.maxSize}
			n, f = 0, scanFail{}
			for i := 0; i <= len(in); i++ {
				n, f = s.scan(in[:i])
				if n > 0 || f.err != nil {
					break
				}
			}
			check("incremental", n, f)
		})
	}
}

func TestCheckTLV(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int
		err  error
	}{
		{"one TLV", "02 01 05", 3, nil},
		{"trailing", "02 01 05 00", 3, nil},
		{"incomplete", "30 80 02 01 05", -1, nil},
		{"definite claims more than given", "02 02 05", 0, ErrTooLarge},
		{"claims more than given", "04 84 00 00 01 00", 0, ErrTooLarge},
		{"bad", "30 ff", 0, ErrBadLength},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, f := checkTLV(mustHex(t, tt.in), DefaultMaxDepth)
			if !errors.Is(f.err, tt.err) || (tt.err == nil && n != tt.want) {
				t.Errorf("checkTLV = %d, %v; want %d, %v", n, f.err, tt.want, tt.err)
			}
		})
	}
}

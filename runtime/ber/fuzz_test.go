package ber

import (
	"bytes"
	"errors"
	"math"
	"testing"
)

// fuzzSeeds are well-formed and malformed inputs covering every length form.
var fuzzSeeds = []string{
	"",
	"a1 15 02 02 00 9d 02 01 15 30 0c 55 02 00 00 a0 06 4e 01 02 0a 01 16",
	"30 80 30 80 02 01 05 00 00 04 00 00 00",
	"24 80 04 02 61 62 24 04 04 02 63 64 00 00",
	"23 09 03 03 00 0a 3b 03 02 04 5f",
	"06 07 2b 0c 00 82 1d 81 48",
	"09 03 80 ff 03 09 04 03 31 2e 45 35",
	"9f 81 49 02 00 01",
	"04 84 ff ff ff ff 00 00 00 00",
	"30 80 00 01",
	"02 81 01 05 04 ff",
	"30 80 30 80 30 80",
}

func addSeeds(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(h(s))
	}
	pdus, _, _ := readCorpus()
	for _, p := range pdus {
		f.Add(p.pdu)
	}
}

// FuzzWalk checks that WalkTLV never panics and agrees with a Reader-based
// walk, and that ElementLen agrees with both on the first element.
func FuzzWalk(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		n, werr := WalkTLV(in, nil)
		m, rerr := walkReader(in, nil)
		if (werr == nil) != (rerr == nil) {
			t.Fatalf("WalkTLV = %d, %v; Reader walk = %d, %v", n, werr, m, rerr)
		}
		for _, err := range []error{werr, rerr} {
			var e *Error
			if err != nil && (!errors.As(err, &e) || e.Offset < 0 || e.Offset > len(in)) {
				t.Fatalf("error %v is not an *Error within the input", err)
			}
		}
		if werr != nil {
			return
		}
		if n != m {
			t.Fatalf("WalkTLV saw %d elements, Reader walk %d", n, m)
		}
		if len(in) == 0 {
			return
		}
		l, err := ElementLen(in, nil)
		if err != nil || l <= 0 || l > len(in) {
			t.Fatalf("ElementLen = %d, %v on well-formed input of %d octets", l, err, len(in))
		}
		if _, err := WalkTLV(in[:l], nil); err != nil {
			t.Fatalf("first element alone: %v", err)
		}
		// Re-encoding with definite lengths gives well-formed BER with the
		// same element count.
		out := make([]byte, 2*len(in)+16*n)
		i := reencode(t, NewReader(in, nil), out, len(out))
		if k, err := WalkTLV(out[i:], nil); err != nil || k != n {
			t.Fatalf("re-encoding walks as %d, %v; want %d", k, err, n)
		}
	})
}

// FuzzReader drives every Reader method and content parser over arbitrary
// input: nothing may panic, failed reads consume nothing, and whatever
// decodes re-encodes to the same value.
func FuzzReader(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		lim := &Limits{MaxDepth: 16, MaxElements: 10000}
		r := NewReader(in, lim)
		fuzzReader(t, r, 0)
		// Descending in place agrees with WalkTLV on what it accepts and
		// where the walk ends. It counts at least the elements WalkTLV
		// counts: more when indefinite lengths are scanned for their end.
		r = NewReader(in, lim)
		var seen []string
		errIn := walkInPlace(&r, &seen)
		n, errWalk := WalkTLV(in, lim)
		if (errIn == nil) != (errWalk == nil) && !errors.Is(errIn, ErrTooManyElements) {
			t.Fatalf("in-place walk: %v; WalkTLV: %v", errIn, errWalk)
		}
		if errIn == nil && (r.Offset() != len(in) || r.Depth() != 0 || lim.MaxElements-int(r.budget) < n) {
			t.Fatalf("in-place walk ended at %d depth %d with %d elements; WalkTLV saw %d", r.Offset(), r.Depth(), lim.MaxElements-int(r.budget), n)
		}
		for _, c := range [][]byte{in, trimTL(in)} {
			checkContents(t, c)
		}
	})
}

// trimTL drops a plausible two-octet header so the parsers see contents.
func trimTL(in []byte) []byte {
	if len(in) >= 2 {
		return in[2:]
	}
	return nil
}

func fuzzReader(t *testing.T, r Reader, level int) {
	var scratch []byte
	for op := 0; !r.Empty(); op++ {
		before := r
		tag, ok := r.PeekTag()
		var err error
		switch op % 6 {
		case 0:
			_, err = r.ReadString(tag, &scratch)
		case 1:
			_, _, err = r.ReadBitString(tag, &scratch)
		case 2:
			_, err = r.ReadInt64(tag)
		case 3:
			_, _, err = r.ReadRaw()
		case 4:
			err = r.Skip()
		default:
			var c Reader
			if _, err = r.ReadAny(&c); err == nil && c.Depth() != level+1 {
				t.Fatalf("child depth %d at level %d", c.Depth(), level)
			}
			if err == nil && level < 20 {
				fuzzReader(t, c, level+1)
			}
		}
		if err != nil {
			if !ok && !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrBadTag) {
				t.Fatalf("PeekTag failed but read error is %v", err)
			}
			if r.Offset() != before.Offset() && op%6 != 0 && op%6 != 1 && op%6 != 2 {
				t.Fatalf("failed read consumed input")
			}
			return
		}
		if r.Offset() <= before.Offset() {
			t.Fatalf("read made no progress")
		}
	}
	if err := r.Finish(); err != nil {
		t.Fatalf("Finish on empty reader: %v", err)
	}
}

// checkContents runs the content parsers on c and round-trips what they
// accept.
func checkContents(t *testing.T, c []byte) {
	b := make([]byte, 64)
	if v, err := ParseInt64(c); err == nil {
		i := PutInt64(b, len(b), v)
		if w, err := ParseInt64(b[i:]); err != nil || w != v || len(b)-i != SizeInt64(v) {
			t.Fatalf("INTEGER %d round trip: %d, %v", v, w, err)
		}
		if len(c) <= 8 && len(trimInt(c)) == len(c) && !bytes.Equal(b[i:], c) {
			t.Fatalf("minimal INTEGER %x re-encoded as %x", c, b[i:])
		}
	}
	if v, err := ParseUint64(c); err == nil {
		i := PutUint64(b, len(b), v)
		if w, err := ParseUint64(b[i:]); err != nil || w != v || len(b)-i != SizeUint64(v) {
			t.Fatalf("unsigned %d round trip: %d, %v", v, w, err)
		}
	}
	if v, err := ParseNamedBits(c); err == nil {
		i := PutNamedBits(b, len(b), v)
		if w, err := ParseNamedBits(b[i:]); err != nil || w != v || len(b)-i != SizeNamedBits(v) {
			t.Fatalf("named bits %#x round trip: %#x, %v", v, w, err)
		}
	}
	if v, err := ParseReal(c); err == nil {
		i := PutReal(b, len(b), v)
		w, err := ParseReal(b[i:])
		if err != nil || len(b)-i != SizeReal(v) || !(w == v && math.Signbit(w) == math.Signbit(v) || math.IsNaN(v) && math.IsNaN(w)) {
			t.Fatalf("REAL %v round trip: %v, %v", v, w, err)
		}
	}
	if arcs, err := ParseOID(c, nil); err == nil {
		if err := CheckOID(arcs); err != nil {
			t.Fatalf("ParseOID gave %v, which CheckOID rejects", arcs)
		}
		out := make([]byte, SizeOID(arcs))
		if i := PutOID(out, len(out), arcs); i != 0 {
			t.Fatalf("SizeOID/PutOID disagree")
		}
		if !bytes.Equal(out, c) {
			t.Fatalf("OID %x re-encoded as %x", c, out)
		}
	}
	if arcs, err := ParseRelativeOID(c, nil); err == nil {
		out := make([]byte, SizeRelativeOID(arcs))
		PutRelativeOID(out, len(out), arcs)
		if !bytes.Equal(out, c) {
			t.Fatalf("RELATIVE-OID %x re-encoded as %x", c, out)
		}
	}
	_, _ = ParseBool(c)
	_ = ParseNull(c)
	_, _, _ = ParseBitString(c)
}

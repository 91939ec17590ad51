package ber

import (
	"bytes"
	"errors"
	"runtime"
	"testing"
	"time"
)

// bytesAllocated reports the bytes allocated per call of f.
func bytesAllocated(f func()) uint64 {
	const runs = 20
	f()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := 0; i < runs; i++ {
		f()
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / runs
}

// checkHostile runs the decoder entry points on in and checks each fails
// with want, quickly and without allocating more than an error. When the
// fault lies inside a definite-length element, only the entry points that
// descend (WalkTLV and a Reader walk) see it; outer says it is visible from
// the first element's header already. ElementLen, meant for streams, may
// report ErrTooLong where the others report ErrTruncated.
func checkHostile(t *testing.T, in []byte, lim *Limits, want error, outer bool) {
	t.Helper()
	var c Reader
	entries := []struct {
		name string
		f    func() error
	}{
		{"WalkTLV", func() error { _, err := WalkTLV(in, lim); return err }},
		{"Reader walk", func() error { _, err := walkReader(in, lim); return err }},
		{"ReadAny", func() error { r := NewReader(in, lim); _, err := r.ReadAny(&c); return err }},
		{"ElementLen", func() error { _, err := ElementLen(in, lim); return err }},
		{"Skip", func() error { r := NewReader(in, lim); return r.Skip() }},
	}
	if !outer {
		entries = entries[:2]
	}
	for _, e := range entries {
		start := time.Now()
		err := e.f()
		if el := time.Since(start); el > 2*time.Second {
			t.Errorf("%s took %v", e.name, el)
		}
		if !errors.Is(err, want) && !(e.name == "ElementLen" && errors.Is(err, ErrTooLong)) {
			t.Errorf("%s error = %v, want %v", e.name, err, want)
		}
		if n := bytesAllocated(func() { _ = e.f() }); n > 512 {
			t.Errorf("%s allocated %d bytes per run", e.name, n)
		}
	}
}

func TestHostile(t *testing.T) {
	deep := bytes.Repeat([]byte{0x30, 0x80}, 100000)
	deepDefinite := func(levels int) []byte {
		// 30 84 xx xx xx xx around each level, innermost 05 00.
		b := []byte{0x05, 0x00}
		for i := 0; i < levels; i++ {
			n := len(b)
			b = append([]byte{0x30, 0x84, byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}, b...)
		}
		return b
	}
	longTag := append([]byte{0x9f}, bytes.Repeat([]byte{0xff}, 1000)...)
	longTag = append(longTag, 0x01, 0x00)

	t.Run("100000-deep indefinite nesting", func(t *testing.T) {
		checkHostile(t, deep, nil, ErrTooDeep, true)
	})
	t.Run("100000-deep indefinite nesting, terminated", func(t *testing.T) {
		checkHostile(t, append(deep[:len(deep):len(deep)], make([]byte, 200000)...), nil, ErrTooDeep, true)
	})
	t.Run("deep definite nesting", func(t *testing.T) {
		checkHostile(t, deepDefinite(1000), nil, ErrTooDeep, false)
	})
	t.Run("length claims 4 GiB on 10 bytes", func(t *testing.T) {
		in := h("04 84 ff ff ff ff 00 00 00 00")
		for _, e := range []func() error{
			func() error { _, err := WalkTLV(in, nil); return err },
			func() error { r := NewReader(in, nil); return r.Skip() },
			func() error { r := NewReader(in, nil); _, err := r.ReadContents(OctetStringTag); return err },
		} {
			if err := e(); !errors.Is(err, ErrTruncated) {
				t.Errorf("error = %v, want ErrTruncated", err)
			}
			if n := bytesAllocated(func() { _ = e() }); n > 128 {
				t.Errorf("allocated %d bytes", n)
			}
		}
		// A framer waiting for more input must not wait for 4 GiB.
		if _, err := ElementLen(in, nil); !errors.Is(err, ErrTooLong) {
			t.Errorf("ElementLen = %v, want ErrTooLong", err)
		}
	})
	t.Run("gigabyte length inside a constructed element", func(t *testing.T) {
		checkHostile(t, h("30 08 04 86 00 00 7f ff ff ff"), nil, ErrTruncated, false)
	})
	t.Run("length-of-length 126", func(t *testing.T) {
		in := append(h("04 fe"), bytes.Repeat([]byte{0xff}, 126)...)
		checkHostile(t, append(in, 0, 0, 0), nil, ErrTruncated, true)
	})
	t.Run("long-form tag with 1000 continuation octets", func(t *testing.T) {
		checkHostile(t, longTag, nil, ErrBadTag, true)
	})
	t.Run("unterminated indefinite chain", func(t *testing.T) {
		in := append(bytes.Repeat([]byte{0x30, 0x80}, 50), bytes.Repeat([]byte{0x05, 0x00}, 100000)...)
		checkHostile(t, in, nil, ErrTruncated, true)
	})
	t.Run("indefinite bomb rescanned at every level", func(t *testing.T) {
		// 60 nested indefinite levels around 10^5 elements: a Reader locates
		// the end of each level by walking it, 60 times 10^5 elements in
		// all, which MaxElements stops; WalkTLV walks it once.
		in := bytes.Repeat([]byte{0x30, 0x80}, 60)
		in = append(in, bytes.Repeat([]byte{0x05, 0x00}, 100000)...)
		in = append(in, make([]byte, 120)...)
		if n, err := WalkTLV(in, nil); err != nil || n != 100060 {
			t.Errorf("WalkTLV = %d, %v", n, err)
		}
		start := time.Now()
		_, err := walkReader(in, nil)
		if !errors.Is(err, ErrTooManyElements) {
			t.Errorf("Reader walk = %v, want ErrTooManyElements", err)
		}
		t.Logf("Reader walk gave up after %v", time.Since(start))
	})
	t.Run("a million tiny elements", func(t *testing.T) {
		in := bytes.Repeat([]byte{0x05, 0x00}, 1000000)
		if n, err := WalkTLV(in, nil); err != nil || n != 1000000 {
			t.Errorf("WalkTLV with default limits = %d, %v", n, err)
		}
		lim := &Limits{MaxElements: 100000}
		if n, err := WalkTLV(in, lim); !errors.Is(err, ErrTooManyElements) || n != 100000 {
			t.Errorf("WalkTLV = %d, %v; want 100000, ErrTooManyElements", n, err)
		}
		if _, err := walkReader(in, lim); !errors.Is(err, ErrTooManyElements) {
			t.Errorf("Reader walk = %v", err)
		}
		// Wrapped in one SEQUENCE: counted across sub-Readers.
		seq := append(h("30 84 00 1e 84 80"), in...)
		if _, err := walkReader(seq, lim); !errors.Is(err, ErrTooManyElements) {
			t.Errorf("Reader walk of SEQUENCE = %v", err)
		}
		// One element over the default limit.
		more := bytes.Repeat([]byte{0x05, 0x00}, DefaultMaxElements+1)
		if _, err := WalkTLV(more, nil); !errors.Is(err, ErrTooManyElements) {
			t.Errorf("WalkTLV over default = %v", err)
		}
	})
	t.Run("constructed string bomb", func(t *testing.T) {
		// Deeply nested constructed OCTET STRING segments.
		in := bytes.Repeat([]byte{0x24, 0x80}, 10000)
		r := NewReader(in, nil)
		var scratch []byte
		if _, err := r.ReadString(OctetStringTag, &scratch); !errors.Is(err, ErrTooDeep) {
			t.Errorf("ReadString = %v", err)
		}
		r = NewReader(bytes.Repeat([]byte{0x23, 0x80}, 10000), nil)
		if _, _, err := r.ReadBitString(BitStringTag, &scratch); !errors.Is(err, ErrTooDeep) {
			t.Errorf("ReadBitString = %v", err)
		}
	})
}

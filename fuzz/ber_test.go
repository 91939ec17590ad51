package fuzz

import (
	"bytes"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/cstagen/cstagen/csta"
)

// allocBound is how many bytes a decode may allocate beyond 16 times its
// input: the reused values grow once per operation type.
const allocBound = 1 << 20

// allocated returns the bytes allocated while f runs.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// checkStable decodes an encoding of a decoded value again and requires the
// same bytes: decode -> encode -> decode is stable.
func checkStable(t *testing.T, name string, enc []byte, decode func([]byte) error, encode func([]byte) ([]byte, error)) {
	t.Helper()
	if err := decode(enc); err != nil {
		t.Fatalf("%s: re-decoding our own encoding %x failed: %v", name, enc, err)
	}
	again, err := encode(nil)
	if err != nil {
		t.Fatalf("%s: re-encoding failed: %v", name, err)
	}
	if !bytes.Equal(again, enc) {
		t.Fatalf("%s: unstable encoding:\n%x\n%x", name, enc, again)
	}
}

// FuzzPDU feeds whole ROSE APDUs to csta.PDU.
func FuzzPDU(f *testing.F) {
	for _, raw := range corpusBER(f) {
		f.Add(raw)
	}
	r := rand.New(rand.NewPCG(1, 1))
	for _, op := range csta.Operations {
		if op.NewArgument == nil {
			continue
		}
		var p csta.PDU
		p.SetInvoke(int64(r.IntN(1000)), op.Code, op.NewArgument())
		if b, err := p.AppendBER(nil); err == nil {
			f.Add(b)
		}
	}
	var p, q csta.PDU
	f.Fuzz(func(t *testing.T, in []byte) {
		var err error
		n := allocated(func() { err = p.DecodeBER(in) })
		if n > uint64(16*len(in))+allocBound {
			t.Fatalf("decoding %d bytes allocated %d bytes", len(in), n)
		}
		if err != nil {
			return
		}
		enc, err := p.AppendBER(nil)
		if err != nil {
			t.Fatalf("encoding a decoded PDU: %v", err)
		}
		checkStable(t, "PDU", enc, q.DecodeBER, q.AppendBER)
	})
}

// FuzzTypes decodes the input as one operation argument, result or event
// type, chosen by its first byte, and checks stability.
func FuzzTypes(f *testing.F) {
	type maker struct {
		name string
		mk   func() csta.Message
	}
	var makers []maker
	for _, op := range csta.Operations {
		if op.NewArgument != nil {
			makers = append(makers, maker{op.Name + ".argument", op.NewArgument})
		}
		if op.NewResult != nil {
			makers = append(makers, maker{op.Name + ".result", op.NewResult})
		}
	}
	for _, e := range csta.Events {
		makers = append(makers, maker{e.Type, e.New})
	}
	for k, m := range makers {
		if b, err := m.mk().AppendBER(nil); err == nil {
			f.Add(append([]byte{byte(k)}, b...))
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) == 0 {
			return
		}
		m := makers[int(in[0])%len(makers)]
		v, w := m.mk(), m.mk()
		var err error
		n := allocated(func() { err = v.DecodeBER(in[1:]) })
		if n > uint64(16*len(in))+allocBound {
			t.Fatalf("%s: decoding %d bytes allocated %d bytes", m.name, len(in), n)
		}
		if err != nil {
			return
		}
		enc, err := v.AppendBER(nil)
		if err != nil {
			// A value can decode yet not encode only if it breaks a
			// constraint that decoding checked: that would be a bug.
			t.Fatalf("%s: encoding a decoded value: %v", m.name, err)
		}
		checkStable(t, m.name, enc, w.DecodeBER, w.AppendBER)
	})
}

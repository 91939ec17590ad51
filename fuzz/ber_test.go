package fuzz

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/runtime/ber"
)

// allocBound bounds what the hostile inputs of TestHostileBER and
// TestHostileXML may allocate beyond their size; the fuzz targets are held
// to allocLimit, derived from the decode budget.
const allocBound = 1 << 20

// allocated returns the bytes allocated while f runs.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// notEncodable reports whether err, from encoding a value that decoded, is
// the one refusal that decoding does not share: an ENUMERATED number that
// is none of its type's enumerations, which decoding keeps (real switches
// send them) and BER encoding does not write. Any other error is a bug.
func notEncodable(t *testing.T, err error) bool {
	t.Helper()
	if !errors.Is(err, ber.ErrNotEnumerated) {
		return false
	}
	var be *ber.Error
	if !errors.As(err, &be) || be.Type == "" || be.Field == "" {
		t.Fatalf("%v: want a *ber.Error naming the type and the component", err)
	}
	return true
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
		if n > allocLimit(2, len(in)) {
			t.Fatalf("decoding %d bytes allocated %d bytes", len(in), n)
		}
		if err != nil {
			return
		}
		enc, err := p.AppendBER(nil)
		if err != nil && !notEncodable(t, err) {
			t.Fatalf("encoding a decoded PDU: %v", err)
		}
		if err != nil {
			return
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
		if n > allocLimit(1, len(in)) {
			t.Fatalf("%s: decoding %d bytes allocated %d bytes", m.name, len(in), n)
		}
		if err != nil {
			return
		}
		enc, err := v.AppendBER(nil)
		if err != nil && !notEncodable(t, err) {
			// A value can decode yet not encode only if it breaks a
			// constraint that decoding checked: that would be a bug.
			t.Fatalf("%s: encoding a decoded value: %v", m.name, err)
		}
		if err != nil {
			return
		}
		checkStable(t, m.name, enc, w.DecodeBER, w.AppendBER)
	})
}

// extensionsTag is the tag of CSTACommonArguments, the extensions of CSTA
// arguments, results and events: coded inside them, it has no DecodeBER of
// its own.
const extensionsTag = ber.Application | ber.Constructed | 30

// FuzzPrivateData decodes the input as the extensions of a CSTA argument
// (CSTACommonArguments, whose privateData list holds vendor encodings in
// place of CSTAPrivateData's private NULL): a vendor element is kept whole,
// as bytes of the input, and decode -> encode -> decode is stable.
func FuzzPrivateData(f *testing.F) {
	items := [][]byte{
		{0x04, 0x01, 0x41},             // string
		{0x05, 0x00},                   // the NULL
		{0xe1, 0x03, 0x04, 0x01, 0x41}, // [PRIVATE 1] constructed (HiPath)
		{0xa6, 0x02, 0x05, 0x00},       // [6] constructed (Panasonic)
		{0x28, 0x03, 0x02, 0x01, 0x05}, // [UNIVERSAL 8] constructed
		{0xe1, 0x07, 0xa0, 0x05, 0xe2, 0x03, 0x04, 0x01, 0x42}, // nested
		{0xdf, 0x8a, 0x01, 0x02, 0xca, 0xfe},                   // long tag number
		{0xe1, 0x80, 0x04, 0x01, 0x41, 0x00, 0x00},             // indefinite length
	}
	var all []byte
	for _, it := range items {
		list := append([]byte{0xa1, byte(len(it))}, it...)
		f.Add(append([]byte{0x7e, byte(len(list))}, list...))
		all = append(all, it...)
	}
	list := append([]byte{0xa1, byte(len(all))}, all...)
	f.Add(append([]byte{0x7e, byte(len(list))}, list...))
	var v, w csta.CSTACommonArguments
	f.Fuzz(func(t *testing.T, in []byte) {
		var err error
		n := allocated(func() { err = ber.DecodeContent(in, extensionsTag, &v, nil) })
		if n > allocLimit(1, len(in)) {
			t.Fatalf("decoding %d bytes allocated %d bytes", len(in), n)
		}
		if err != nil {
			return
		}
		for k, pd := range v.GetPrivateData() {
			if len(pd.PrivateBER) > 0 && !bytes.Contains(in, pd.PrivateBER) {
				t.Fatalf("item %d: PrivateBER %x is not a part of the input", k, pd.PrivateBER)
			}
		}
		enc, err := ber.AppendContent(nil, extensionsTag, &v)
		if err != nil && !notEncodable(t, err) {
			t.Fatalf("encoding decoded extensions: %v", err)
		}
		if err != nil {
			return
		}
		checkStable(t, "CSTACommonArguments", enc,
			func(b []byte) error { return ber.DecodeContent(b, extensionsTag, &w, nil) },
			func(dst []byte) ([]byte, error) { return ber.AppendContent(dst, extensionsTag, &w) })
	})
}

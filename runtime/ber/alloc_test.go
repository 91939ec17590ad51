package ber

import (
	"testing"
)

// The hot paths allocate nothing on good input.
func TestZeroAllocs(t *testing.T) {
	pdu := invokePDU
	constructed := h("24 80 04 02 61 62 24 04 04 02 63 64 00 00")
	bitsCons := h("23 09 03 03 00 0a 3b 03 02 04 5f")
	oid := h("06 07 2b 0c 00 82 1d 81 48")
	indef := h("30 80 30 80 02 01 05 00 00 04 00 00 00")
	var scratch []byte
	arcs := make([]uint32, 0, 16)
	buf := make([]byte, 64)
	tests := []struct {
		name string
		f    func()
	}{
		{"ReadElement/ReadContents/ReadInt64/End", func() {
			r := NewReader(pdu, nil)
			var inv, arg Reader
			if err := r.ReadElement(Context|Constructed|1, &inv); err != nil {
				t.Fatal(err)
			}
			if _, err := inv.ReadInt64(IntegerTag); err != nil {
				t.Fatal(err)
			}
			if _, err := inv.ReadContents(IntegerTag); err != nil {
				t.Fatal(err)
			}
			if ok, err := inv.ReadOptional(SequenceTag, &arg); !ok || err != nil {
				t.Fatal(err)
			}
			if err := arg.Skip(); err != nil {
				t.Fatal(err)
			}
			if _, _, err := arg.ReadRaw(); err != nil {
				t.Fatal(err)
			}
			if err := inv.End(&arg); err != nil {
				t.Fatal(err)
			}
			if err := r.End(&inv); err != nil {
				t.Fatal(err)
			}
		}},
		{"Enter/TryEnter/TryContents/Leave indefinite", func() {
			r := NewReader(indef, nil)
			outer, err := r.Enter(SequenceTag)
			if err != nil {
				t.Fatal(err)
			}
			inner, err := r.Enter(SequenceTag)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := r.TryContents(0x02); !ok {
				t.Fatal("TryContents failed")
			}
			if err := r.Leave(inner); err != nil {
				t.Fatal(err)
			}
			if rest, ok := r.TryEnter(0x04); !ok || !r.TryLeave(rest) {
				t.Fatal("TryEnter/TryLeave failed")
			}
			if err := r.Leave(outer); err != nil {
				t.Fatal(err)
			}
		}},
		{"ReadAny indefinite", func() {
			r := NewReader(indef, nil)
			var c Reader
			if _, err := r.ReadAny(&c); err != nil {
				t.Fatal(err)
			}
		}},
		{"ParseInt64", func() {
			if _, err := ParseInt64(pdu[4:6]); err != nil {
				t.Fatal(err)
			}
		}},
		{"ReadString constructed with scratch", func() {
			scratch = scratch[:0]
			r := NewReader(constructed, nil)
			if _, err := r.ReadString(OctetStringTag, &scratch); err != nil {
				t.Fatal(err)
			}
		}},
		{"ReadBitString constructed with scratch", func() {
			scratch = scratch[:0]
			r := NewReader(bitsCons, nil)
			if _, _, err := r.ReadBitString(BitStringTag, &scratch); err != nil {
				t.Fatal(err)
			}
		}},
		{"ReadOID reusing dst", func() {
			r := NewReader(oid, nil)
			var err error
			if arcs, err = r.ReadOID(OIDTag, arcs[:0]); err != nil {
				t.Fatal(err)
			}
		}},
		{"ParseReal", func() {
			if _, err := ParseReal(h3); err != nil {
				t.Fatal(err)
			}
		}},
		{"WalkTLV", func() {
			if _, err := WalkTLV(pdu, nil); err != nil {
				t.Fatal(err)
			}
		}},
		{"ElementLen", func() {
			if _, err := ElementLen(indef, nil); err != nil {
				t.Fatal(err)
			}
		}},
		{"PeekTag", func() {
			r := NewReader(pdu, nil)
			if _, ok := r.PeekTag(); !ok {
				t.Fatal("no tag")
			}
		}},
		{"Put functions", func() {
			i := len(buf)
			i = PutReal(buf, i, 1.5)
			i = PutOID(buf, i, []uint32{1, 3, 12, 0, 285, 200})
			i = PutNamedBits(buf, i, 1<<62)
			i = PutInt64(buf, i, -129)
			i = PutUint64(buf, i, 255)
			i = PutBool(buf, i, true)
			i = PutString(buf, i, "548")
			i = PutIdentifier(buf, i, "\x80")
			i = PutHeader(buf, i, Application|Constructed|11, 200)
			_ = PutHeader(buf, i, Context|40, 3)
		}},
	}
	for _, tc := range tests {
		tc.f() // warm up scratch buffers
		if n := testing.AllocsPerRun(100, tc.f); n != 0 {
			t.Errorf("%s: %v allocs per run", tc.name, n)
		}
	}
}

var h3 = h("80 ff 03")

package bench

import (
	"bytes"
	"testing"

	asn1ber "github.com/go-asn1-ber/asn1-ber"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/runtime/ber"
)

// Peers on the same messages (GitHub issue 6). The HiPath DeliveredEvent
// capture is measured at two levels:
//
//   - the whole ROSE APDU (176 bytes): BenchmarkWalkTLV is the floor,
//     BenchmarkCSTADecodeDelivered / BenchmarkCSTAEncodeDelivered are ours,
//     the ASN1BER benchmarks below are github.com/go-asn1-ber/asn1-ber
//     (on the capture with its timestamp in UTC form, see
//     berLoadDeliveredUTC);
//   - its argument, the CSTAEventReportArgument (166 bytes, the APDU from
//     offset 10): what Erlang/OTP asn1ct (erlang_test.go) and asn1c
//     (asn1c_test.go) compile, since neither takes the ROSE modules as
//     published. BenchmarkWalkTLVArgument is the floor there, and
//     BenchmarkCSTADecodeArgument / BenchmarkCSTAEncodeArgument are ours on
//     exactly the bytes the peers get.

// berArgumentOffset is where the argument starts in the capture: a1 81 ad
// (Invoke), 02 02 00 9d (invokeId), 02 01 15 (opcode 21, cSTAEventReport).
const berArgumentOffset = 10

// berLoadDeliveredArgument returns the CSTAEventReportArgument of the
// capture.
func berLoadDeliveredArgument(tb testing.TB) []byte {
	tb.Helper()
	pdu := berLoadDelivered(tb)
	arg := pdu[berArgumentOffset:]
	if arg[0] != 0x30 || int(arg[1]) != 0x81 || int(arg[2])+3 != len(arg) {
		tb.Fatalf("capture changed: argument starts % x", arg[:3])
	}
	return arg
}

// berLoadDeliveredUTC returns the capture with a 'Z' appended to its one
// GeneralizedTime (the security timestamp "20121207193401", 177 bytes):
// go-asn1-ber rejects the capture itself ("invalid time format"), as its
// GeneralizedTime parser requires a UTC 'Z' or an offset, while X.680 46.3
// a) also allows local time, which is what HiPath sends. The 'Z' form is
// also what DER requires (X.690 11.7.1) and what asn1c re-encodes it as.
func berLoadDeliveredUTC(tb testing.TB) []byte {
	tb.Helper()
	pdu := berLoadDelivered(tb)
	if _, err := asn1ber.DecodePacketErr(pdu); err == nil {
		tb.Fatal("go-asn1-ber now decodes the capture: benchmark the capture itself")
	}
	out, err := berUTCTimes(nil, pdu)
	if err != nil {
		tb.Fatal(err)
	}
	if len(out) != len(pdu)+1 {
		tb.Fatalf("%d bytes with the timestamp in UTC form, want %d", len(out), len(pdu)+1)
	}
	return out
}

// berUTCTimes appends src to dst with a 'Z' added to every GeneralizedTime
// in local-time form (X.680 46.3 a), re-encoding the lengths around it.
func berUTCTimes(dst, src []byte) ([]byte, error) {
	r := ber.NewReader(src, nil)
	for !r.Empty() {
		t, c, err := r.ReadAnyContents()
		if err != nil {
			return nil, err
		}
		switch {
		case t.Constructed():
			inner, err := berUTCTimes(nil, c)
			if err != nil {
				return nil, err
			}
			dst = ber.AppendElement(dst, t, inner)
		case t == ber.Universal|24 && !bytes.ContainsAny(c, "Z+-"):
			dst = ber.AppendElement(dst, t, append(bytes.Clone(c), 'Z'))
		default:
			dst = ber.AppendElement(dst, t, c)
		}
	}
	return dst, nil
}

// BenchmarkWalkTLVArgument is the floor for the argument: a bare walk over
// its TLVs.
func BenchmarkWalkTLVArgument(b *testing.B) {
	arg := berLoadDeliveredArgument(b)
	b.SetBytes(int64(len(arg)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ber.WalkTLV(arg, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCSTADecodeArgument decodes the argument into a reused
// csta.CSTAEventReportArgument.
func BenchmarkCSTADecodeArgument(b *testing.B) {
	arg := berLoadDeliveredArgument(b)
	var v csta.CSTAEventReportArgument
	b.SetBytes(int64(len(arg)))
	b.ReportAllocs()
	for b.Loop() {
		if err := v.DecodeBER(arg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCSTAEncodeArgument encodes the decoded argument (identical to
// the capture) into a reused buffer.
func BenchmarkCSTAEncodeArgument(b *testing.B) {
	arg := berLoadDeliveredArgument(b)
	var v csta.CSTAEventReportArgument
	if err := v.DecodeBER(arg); err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, 512)
	if out, err := v.AppendBER(buf); err != nil || !bytes.Equal(out, arg) {
		b.Fatalf("re-encoding differs from the capture (%v)", err)
	}
	b.SetBytes(int64(len(arg)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.AppendBER(buf[:0]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkASN1BERDecodeDelivered decodes the whole APDU with
// go-asn1-ber into its packet tree: one *Packet per element, each with a
// bytes.Buffer holding its contents (a constructed packet's buffer is
// rebuilt from its children's encodings), universal primitives also
// converted to Go values. No types: what a hand-written decoder walks.
func BenchmarkASN1BERDecodeDelivered(b *testing.B) {
	pdu := berLoadDeliveredUTC(b)
	b.SetBytes(int64(len(pdu)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := asn1ber.DecodePacketErr(pdu); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkASN1BERBytesDelivered encodes the decoded packet back with
// Packet.Bytes, the library's encoder. Decoding already left every
// constructed packet's encoded contents in its buffer, so this only writes
// the outer identifier and length and copies the contents: the cheapest
// encode the library offers, not a serialization of the tree.
func BenchmarkASN1BERBytesDelivered(b *testing.B) {
	pdu := berLoadDeliveredUTC(b)
	p, err := asn1ber.DecodePacketErr(pdu)
	if err != nil {
		b.Fatal(err)
	}
	if !bytes.Equal(p.Bytes(), pdu) {
		b.Fatal("go-asn1-ber's encoding differs from the capture")
	}
	b.SetBytes(int64(len(pdu)))
	b.ReportAllocs()
	for b.Loop() {
		p.Bytes()
	}
}

// BenchmarkASN1BERBuildDelivered encodes the message the way a
// go-asn1-ber user sends one: it builds a fresh packet tree with the
// decoded tags and contents (asn1ber.Encode and AppendChild, as its
// NewSequence and New* helpers do) and calls Bytes. This is the
// counterpart of BenchmarkCSTAEncodeDelivered, which encodes typed values.
func BenchmarkASN1BERBuildDelivered(b *testing.B) {
	pdu := berLoadDeliveredUTC(b)
	p, err := asn1ber.DecodePacketErr(pdu)
	if err != nil {
		b.Fatal(err)
	}
	if !bytes.Equal(asn1berBuild(p).Bytes(), pdu) {
		b.Fatal("rebuilt packet's encoding differs from the capture")
	}
	b.SetBytes(int64(len(pdu)))
	b.ReportAllocs()
	for b.Loop() {
		asn1berBuild(p).Bytes()
	}
}

// asn1berBuild makes a new packet tree with p's identifiers and contents.
func asn1berBuild(p *asn1ber.Packet) *asn1ber.Packet {
	q := asn1ber.Encode(p.ClassType, p.TagType, p.Tag, nil, "")
	if p.TagType == asn1ber.TypeConstructed {
		for _, c := range p.Children {
			q.AppendChild(asn1berBuild(c))
		}
		return q
	}
	q.Data.Write(p.Data.Bytes())
	return q
}

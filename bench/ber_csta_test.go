package bench

import (
	"testing"

	"github.com/cstagen/cstagen/csta"
)

// The generated csta package on the corpus HiPath DeliveredEvent: a whole
// ROSE invoke of cSTAEventReport, 176 bytes, 43 elements. BenchmarkWalkTLV
// walks the same bytes: the floor the targets are ratios of.

// BenchmarkCSTADecodeDelivered decodes the whole PDU into typed values
// (ROSE envelope, CSTAEventReportArgument, DeliveredEvent), reusing one PDU.
func BenchmarkCSTADecodeDelivered(b *testing.B) {
	pdu := berLoadDelivered(b)
	var p csta.PDU
	b.SetBytes(int64(len(pdu)))
	b.ReportAllocs()
	for b.Loop() {
		if err := p.DecodeBER(pdu); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCSTAEncodeDelivered encodes the decoded PDU (byte-identical to
// the capture) into a reused buffer.
func BenchmarkCSTAEncodeDelivered(b *testing.B) {
	pdu := berLoadDelivered(b)
	var p csta.PDU
	if err := p.DecodeBER(pdu); err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, 512)
	b.SetBytes(int64(len(pdu)))
	b.ReportAllocs()
	for b.Loop() {
		out, err := p.AppendBER(buf[:0])
		if err != nil || len(out) != len(pdu) {
			b.Fatalf("%v (%d bytes)", err, len(out))
		}
	}
}

package bench

import (
	"path/filepath"
	"testing"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/runtime/ber"
)

// The compact codecs (gen/README.md, "Compact and unrolled BER"): the
// corpus HiPath monitorStart invoke, a ROSE invoke whose argument,
// MonitorStartArgument with its filter of named-bit BIT STRINGs, is off the
// path of events and so decodes and encodes through calls. 55 bytes, 16
// elements; BenchmarkWalkTLVMonitorStart walks the same bytes.

var berMonitorStartPath = filepath.Join("..", "..", "shared", "corpus", "ber", "098-monitorStart-invoke-framed.hex")

// berLoadMonitorStart returns the ROSE APDU of the capture, without the
// 3-octet HiPath frame header (26 80 length).
func berLoadMonitorStart(tb testing.TB) []byte {
	tb.Helper()
	b := berLoadHex(tb, berMonitorStartPath)
	if len(b) < 3 || b[0] != 0x26 || b[1] != 0x80 || int(b[2])+3 != len(b) {
		tb.Fatalf("capture changed: it starts % x", b[:min(len(b), 3)])
	}
	return b[3:]
}

// BenchmarkWalkTLVMonitorStart is the floor of the compact group.
func BenchmarkWalkTLVMonitorStart(b *testing.B) {
	pdu := berLoadMonitorStart(b)
	b.SetBytes(int64(len(pdu)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ber.WalkTLV(pdu, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCSTADecodeMonitorStart decodes the whole invoke into typed
// values (ROSE envelope, MonitorStartArgument), reusing one PDU.
func BenchmarkCSTADecodeMonitorStart(b *testing.B) {
	pdu := berLoadMonitorStart(b)
	var p csta.PDU
	b.SetBytes(int64(len(pdu)))
	b.ReportAllocs()
	for b.Loop() {
		if err := p.DecodeBER(pdu); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCSTAEncodeMonitorStart encodes the decoded invoke into a reused
// buffer: 35 bytes, the capture's 55 without the filter components it
// writes with their DEFAULT values (X.690 11.5).
func BenchmarkCSTAEncodeMonitorStart(b *testing.B) {
	pdu := berLoadMonitorStart(b)
	var p csta.PDU
	if err := p.DecodeBER(pdu); err != nil {
		b.Fatal(err)
	}
	if _, ok := p.Argument.(*csta.MonitorStartArgument); !ok {
		b.Fatalf("the invoke's argument is %T, want *csta.MonitorStartArgument", p.Argument)
	}
	want, err := p.AppendBER(nil)
	if err != nil {
		b.Fatal(err)
	}
	var back csta.PDU
	if err := back.DecodeBER(want); err != nil {
		b.Fatalf("the encoding does not decode: %v", err)
	}
	buf := make([]byte, 0, 128)
	b.SetBytes(int64(len(want)))
	b.ReportAllocs()
	for b.Loop() {
		out, err := p.AppendBER(buf[:0])
		if err != nil || string(out) != string(want) {
			b.Fatalf("%v (%d bytes, want %d)", err, len(out), len(want))
		}
	}
}

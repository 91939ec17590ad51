package bench

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/runtime/ber"
	"github.com/cstagen/cstagen/runtime/xml"
)

// Scaling: a large message, the SnapshotDevice result with n items (one
// SnapshotDeviceResponseInfo per call at the device), in BER and in
// CSTA-XML, decoded and encoded, for n = 10 to 10,000. Each benchmark
// reports ns/item besides ns/op: it should stay flat as n grows, and
// allocs/op should not grow with n once the value is warmed up (Decode
// reuses one value, decoded once before it is timed; DecodeFresh decodes
// into a new one each time, as a client that keeps each result does).

// scalingSizes are the item counts.
var scalingSizes = []int{10, 100, 1000, 10000}

// snapshotDeviceResult builds the result with n items. It is the one place
// that knows csta's shape of the message.
func snapshotDeviceResult(n int) *csta.SnapshotDeviceResult {
	v := &csta.SnapshotDeviceResult{}
	v.CrossRefIDorSnapshotData.Choice = csta.SnapshotDeviceResultCrossRefIDorSnapshotDataChoiceSnapshotData
	data := make(csta.SnapshotDeviceData, n)
	for i := range data {
		it := &data[i]
		it.ConnectionIdentifier.Choice = csta.ConnectionIDChoiceCallID
		it.ConnectionIdentifier.CallID = csta.CallID(fmt.Sprintf("%08X", i))
		it.LocalCallState.Choice = csta.CallStateChoiceCompoundCallState
		it.LocalCallState.CompoundCallState = csta.CompoundCallState{csta.LocalConnectionStateConnected}
	}
	v.CrossRefIDorSnapshotData.SnapshotData = data
	return v
}

// snapshotItems returns the number of items of a decoded result.
func snapshotItems(v *csta.SnapshotDeviceResult) int {
	return len(v.CrossRefIDorSnapshotData.SnapshotData)
}

// scalingCodec is one encoding of the message.
type scalingCodec struct {
	name   string
	encode func(v *csta.SnapshotDeviceResult, dst []byte) ([]byte, error)
	decode func(v *csta.SnapshotDeviceResult, src []byte) error
}

// The larger scaling messages are beyond the default decode budget (a
// SnapshotDeviceResponseInfo is 344 bytes of Go value for about 19 octets
// of BER): they are decoded as an application expecting such messages
// would, with a budget and a kept capacity of 1 GiB.
var (
	scalingBER = &ber.Limits{MaxAlloc: 1 << 30, MaxKeep: 1 << 30}
	scalingXML = xml.NewReader(&xml.Limits{MaxAlloc: 1 << 30, MaxKeep: 1 << 30})
)

var scalingCodecs = []scalingCodec{
	{"BER", (*csta.SnapshotDeviceResult).AppendBER, func(v *csta.SnapshotDeviceResult, src []byte) error {
		return v.DecodeBERLimits(src, scalingBER)
	}},
	{"XML", (*csta.SnapshotDeviceResult).AppendXML, func(v *csta.SnapshotDeviceResult, src []byte) error {
		scalingXML.Reset(src)
		return v.DecodeXMLFrom(scalingXML)
	}},
}

// TestScalingRoundTrip checks that each encoding of the scaling message
// decodes back to its n items, so that the benchmarks measure real work.
func TestScalingRoundTrip(t *testing.T) {
	for _, c := range scalingCodecs {
		for _, n := range []int{1, 10, 1000} {
			src, err := c.encode(snapshotDeviceResult(n), nil)
			if err != nil {
				t.Fatalf("%s %d: encode: %v", c.name, n, err)
			}
			var v csta.SnapshotDeviceResult
			if err := c.decode(&v, src); err != nil {
				t.Fatalf("%s %d: decode: %v", c.name, n, err)
			}
			if got := snapshotItems(&v); got != n {
				t.Errorf("%s %d: decoded %d items", c.name, n, got)
			}
			again, err := c.encode(&v, nil)
			if err != nil || string(again) != string(src) {
				t.Errorf("%s %d: re-encoding differs (%v)", c.name, n, err)
			}
		}
	}
}

// BenchmarkScalingSnapshotDevice runs Encode, Decode and DecodeFresh for
// each encoding and size: BenchmarkScalingSnapshotDevice/BER/Decode/1000.
// Each sub-benchmark builds its message itself, so that running one does
// not build them all.
func BenchmarkScalingSnapshotDevice(b *testing.B) {
	for _, c := range scalingCodecs {
		for _, n := range scalingSizes {
			size := strconv.Itoa(n)
			b.Run(c.name+"/Encode/"+size, func(b *testing.B) {
				v, src := scalingMessage(b, c, n)
				buf := make([]byte, 0, len(src))
				b.SetBytes(int64(len(src)))
				b.ReportAllocs()
				iters := 0
				for b.Loop() {
					if _, err := c.encode(v, buf[:0]); err != nil {
						b.Fatal(err)
					}
					iters++
				}
				perItem(b, iters, n)
			})
			b.Run(c.name+"/Decode/"+size, func(b *testing.B) {
				_, src := scalingMessage(b, c, n)
				// Warmed up: the value has the capacity of the message
				// before the measured decodings, which reuse it.
				var w csta.SnapshotDeviceResult
				if err := c.decode(&w, src); err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(len(src)))
				b.ReportAllocs()
				iters := 0
				for b.Loop() {
					if err := c.decode(&w, src); err != nil {
						b.Fatal(err)
					}
					iters++
				}
				perItem(b, iters, n)
			})
			b.Run(c.name+"/DecodeFresh/"+size, func(b *testing.B) {
				_, src := scalingMessage(b, c, n)
				b.SetBytes(int64(len(src)))
				b.ReportAllocs()
				iters := 0
				for b.Loop() {
					var w csta.SnapshotDeviceResult
					if err := c.decode(&w, src); err != nil {
						b.Fatal(err)
					}
					iters++
				}
				perItem(b, iters, n)
			})
		}
	}
}

// scalingMessage returns the message with n items and its encoding.
func scalingMessage(b *testing.B, c scalingCodec, n int) (*csta.SnapshotDeviceResult, []byte) {
	b.Helper()
	v := snapshotDeviceResult(n)
	src, err := c.encode(v, nil)
	if err != nil {
		b.Fatal(err)
	}
	return v, src
}

// perItem reports the time per item of iters operations on n items each.
func perItem(b *testing.B, iters, n int) {
	if iters > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(iters*n), "ns/item")
	}
}

package bench

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/cstagen/cstagen/internal/oracle/erlang"
)

// Erlang/OTP asn1ct on the CSTAEventReportArgument of the HiPath capture,
// measured inside Erlang by erlang.Oracle.Time: a separate erl process
// (one scheduler) loads the oracle's compiled modules (ECMA-285 with the
// two byte-equivalent rewrites of internal/oracle/erlang, compiled with
// ber and der) and times a loop of decodes and a loop of encodes with
// erlang:monotonic_time, picking the loop length itself (at least a second
// of decoding). The benchmark runs that once per invocation and reports
// Erlang's numbers in place of Go's: ns/op and MB/s of one decode or
// encode, B/op the heap the BEAM allocated per operation (words reclaimed
// by the garbage collector over the loop, times 8), and allocs/op -1,
// meaning not measured: the BEAM allocates terms by bumping a heap
// pointer, so it has no allocation count comparable to Go's.

// The oracle is prepared once per test binary, in the same cache directory
// as the oracle's tests (compiled modules are keyed by a hash of their
// input, so a cached Prepare takes a second or two; a cold one several
// minutes). The benchmarks only use Oracle.Time, which never starts the
// request helper, so nothing is left running.
var (
	erlOnce   sync.Once
	erlOracle *erlang.Oracle
	erlErr    error
)

const (
	erlModule = "CSTA-event-report-definitions"
	erlType   = "CSTAEventReportArgument"
)

func erlangOracle(b *testing.B) *erlang.Oracle {
	b.Helper()
	if _, err := exec.LookPath("erl"); err != nil {
		b.Skip("erl not installed: install the Debian packages erlang-base and erlang-asn1")
	}
	shared := filepath.Join("..", "..", "shared")
	if _, err := os.Stat(filepath.Join(shared, "ecma-285")); err != nil {
		b.Skipf("reference modules absent: %v", err)
	}
	erlOnce.Do(func() {
		dir := os.Getenv("CSTAGEN_ERLANG_ORACLE_DIR")
		if dir == "" {
			dir = filepath.Join(os.TempDir(), "cstagen-erlang-oracle")
		}
		rose := filepath.Join(shared, "x880-rose")
		erlOracle, erlErr = erlang.Prepare([]string{
			filepath.Join(shared, "ecma-285"),
			filepath.Join(rose, "itu-t_x_x880_1994-TC1-Amd1_Remote-Operations-Generic-ROS-PDUs.asn1"),
			filepath.Join(rose, "itu-t_x_x880_1994-TC1-Amd1_Remote-Operations-Information-Objects.asn1"),
			filepath.Join(rose, "itu-t_x_x880_1994-TC1-Amd1_Remote-Operations-Useful-Definitions.asn1"),
		}, dir)
	})
	if errors.Is(erlErr, erlang.ErrNoErlang) {
		b.Skip(erlErr)
	}
	if erlErr != nil {
		b.Fatal(erlErr)
	}
	if !erlOracle.Compiled(erlModule) {
		b.Fatalf("%s did not compile with asn1ct", erlModule)
	}
	return erlOracle
}

// erlangTime runs one timing of the argument in Erlang.
func erlangTime(b *testing.B) (*erlang.Timing, []byte) {
	arg := berLoadDeliveredArgument(b)
	o := erlangOracle(b)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	tm, err := o.Time(ctx, erlModule, erlType, arg, 0)
	if err != nil {
		b.Fatal(err)
	}
	if !bytes.Equal(tm.Encoded, arg) {
		b.Fatal("Erlang's DER re-encoding differs from the capture")
	}
	return tm, arg
}

// reportForeign replaces Go's metrics with ones measured elsewhere.
// allocs < 0 means not measured.
func reportForeign(b *testing.B, size int, ns, bytesPerOp, allocs float64) {
	b.ReportMetric(ns, "ns/op")
	b.ReportMetric(float64(size)/ns*1e3, "MB/s")
	b.ReportMetric(bytesPerOp, "B/op")
	b.ReportMetric(allocs, "allocs/op")
}

// BenchmarkErlangDecodeArgument is asn1ct's decode of the argument
// (ber, der, undec_rest), timed inside Erlang.
func BenchmarkErlangDecodeArgument(b *testing.B) {
	tm, arg := erlangTime(b)
	reportForeign(b, len(arg), tm.DecodeNs, tm.DecodeHeapBytes, -1)
}

// BenchmarkErlangEncodeArgument is asn1ct's DER encode of the decoded
// argument (byte-identical to the capture), timed inside Erlang.
func BenchmarkErlangEncodeArgument(b *testing.B) {
	tm, arg := erlangTime(b)
	reportForeign(b, len(arg), tm.EncodeNs, tm.EncodeHeapBytes, -1)
}

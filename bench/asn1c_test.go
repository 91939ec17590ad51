//go:build asn1c && cgo

package bench

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// asn1c (Debian package asn1c, 0.9.28) on the CSTAEventReportArgument of
// the HiPath capture. Run with -tags asn1c (make bench does when asn1c and
// a C compiler are installed). At run time the benchmark
//
//  1. makes the ASN.1 subset asn1c can compile (asn1cSubset, 13 modules of
//     schemas/, EventSpecificInfo and CallControlEvents cut down to the
//     capture's alternatives; asn1c_subset_test.go says why),
//  2. runs asn1c -fcompound-names on it, patches the copy of asn1c's
//     asn_internal.h so that its CALLOC, MALLOC and REALLOC count calls and
//     bytes, adds a small C wrapper (asn1cWrapper) with the timing loops,
//  3. compiles everything with cc -O2 into a shared library, kept in
//     $CSTAGEN_ASN1C_DIR or <tmp>/cstagen-asn1c/<hash of all inputs>, and
//  4. loads it with dlopen (asn1c_cgo.go) and runs b.N iterations in one C
//     call, so no cgo call overhead is in the per-op time.
//
// Decode is ber_decode into a fresh structure plus ASN_STRUCT_FREE (asn1c
// cannot decode into a used structure); encode is der_encode_to_buffer of
// the decoded value into a caller's buffer. B/op and allocs/op are C heap
// requests (calloc, malloc, realloc) per operation.
//
// asn1c's DER encoder writes the timestamp "20121207193401" (local time)
// as "20121207193401Z" (X.690 11.7.1), so its encoding has 167 octets, not
// the capture's 166; the benchmark checks that it is exactly the capture
// with that 'Z' (berUTCTimes).

// asn1cWrapper is the C file added to asn1c's output.
const asn1cWrapper = `/* Written by the cstagen asn1c benchmark (bench/asn1c_test.go). */
#include <stdlib.h>
#include "CSTAEventReportArgument.h"

static unsigned long long allocs, allocated;

void *cstagen_calloc(size_t n, size_t size) { allocs++; allocated += n * size; return calloc(n, size); }
void *cstagen_malloc(size_t size) { allocs++; allocated += size; return malloc(size); }
void *cstagen_realloc(void *p, size_t size) { allocs++; allocated += size; return realloc(p, size); }

void cstagen_counters(unsigned long long *a, unsigned long long *b) { *a = allocs; *b = allocated; }

/* cstagen_decode_n decodes src n times, freeing each value; 0 when every
 * decode consumed all of src, else the failing asn_dec_rval_t code + 1. */
long cstagen_decode_n(const void *src, size_t len, long n) {
	for (long i = 0; i < n; i++) {
		CSTAEventReportArgument_t *v = 0;
		asn_dec_rval_t r = ber_decode(0, &asn_DEF_CSTAEventReportArgument, (void **)&v, src, len);
		ASN_STRUCT_FREE(asn_DEF_CSTAEventReportArgument, v);
		if (r.code != RC_OK || r.consumed != len)
			return (long)r.code + 1;
	}
	return 0;
}

void *cstagen_decode(const void *src, size_t len) {
	CSTAEventReportArgument_t *v = 0;
	asn_dec_rval_t r = ber_decode(0, &asn_DEF_CSTAEventReportArgument, (void **)&v, src, len);
	if (r.code != RC_OK || r.consumed != len) {
		ASN_STRUCT_FREE(asn_DEF_CSTAEventReportArgument, v);
		return 0;
	}
	return v;
}

/* cstagen_encode_n encodes v n times into out; the length, or -1. */
long cstagen_encode_n(void *v, long n, void *out, size_t cap) {
	asn_enc_rval_t r = {0};
	for (long i = 0; i < n; i++) {
		r = der_encode_to_buffer(&asn_DEF_CSTAEventReportArgument, v, out, cap);
		if (r.encoded < 0)
			return -1;
	}
	return (long)r.encoded;
}

void cstagen_free(void *v) { ASN_STRUCT_FREE(asn_DEF_CSTAEventReportArgument, v); }
`

// asn1cAllocDefines are asn_internal.h's allocation macros and their
// counting replacements.
var asn1cAllocDefines = []struct{ old, new string }{
	{"calloc(nmemb, size)", "cstagen_calloc(nmemb, size)"},
	{"malloc(size)", "cstagen_malloc(size)"},
	{"realloc(oldptr, size)", "cstagen_realloc(oldptr, size)"},
}

const asn1cAllocDecls = `
#include <stddef.h>
void *cstagen_calloc(size_t, size_t);
void *cstagen_malloc(size_t);
void *cstagen_realloc(void *, size_t);
`

// asn1cBuildVariant is one way of compiling asn1c's output.
type asn1cBuildVariant int

const (
	// asn1cQuiet compiles with -DASN_DEBUG(...)=((void)0). asn1c 0.9.28
	// defines ASN_DEBUG, when debugging is off, as an empty static
	// function, so the arguments of every debug call are still evaluated:
	// ber_tlv_tag_string formats tags with snprintf on every element, which
	// perf shows as most of the stock encoder's time. asn_internal.h keeps
	// its definition only "if debugging code is not defined elsewhere", so
	// this is the documented way to turn it off, and the variant the main
	// asn1c benchmarks use.
	asn1cQuiet asn1cBuildVariant = iota
	// asn1cStock compiles asn1c's output as it comes.
	asn1cStock
)

var asn1cVariantFlags = map[asn1cBuildVariant][]string{
	asn1cQuiet: {"-DASN_DEBUG(...)=((void)0)"},
	asn1cStock: nil,
}

var (
	asn1cMu   sync.Mutex
	asn1cLibs = map[asn1cBuildVariant]*asn1cLib{}
	asn1cErrs = map[asn1cBuildVariant]error{}
	asn1cInfo string
)

// asn1cLibrary builds (or finds in the cache) and loads the library, once
// per variant and test binary; it skips when asn1c or a C compiler is
// missing.
func asn1cLibrary(tb testing.TB, v asn1cBuildVariant) *asn1cLib {
	tb.Helper()
	asn1c, err := exec.LookPath("asn1c")
	if err != nil {
		tb.Skip("asn1c not installed (Debian package asn1c)")
	}
	cc, err := exec.LookPath("cc")
	if err != nil {
		tb.Skip("no C compiler (cc) installed")
	}
	asn1cMu.Lock()
	defer asn1cMu.Unlock()
	if asn1cLibs[v] == nil && asn1cErrs[v] == nil {
		path, info, err := asn1cBuild(asn1c, cc, asn1cVariantFlags[v])
		if err == nil {
			asn1cInfo = info
			asn1cLibs[v], err = asn1cOpen(path)
		}
		asn1cErrs[v] = err
	}
	if err := asn1cErrs[v]; err != nil {
		tb.Fatal(err)
	}
	return asn1cLibs[v]
}

// asn1cBuild returns the path of the library, building it unless a build
// of the same inputs is cached.
func asn1cBuild(asn1c, cc string, flags []string) (lib, info string, err error) {
	sub, err := asn1cSubset()
	if err != nil {
		return "", "", err
	}
	version, err := exec.Command(asn1c, "-v").CombinedOutput()
	if err != nil {
		return "", "", fmt.Errorf("asn1c -v: %v: %s", err, version)
	}
	ccVersion, err := exec.Command(cc, "--version").CombinedOutput()
	if err != nil {
		return "", "", fmt.Errorf("cc --version: %v: %s", err, ccVersion)
	}
	asn1cArgs := []string{"-fcompound-names", "subset.asn1"}
	// -Bsymbolic: each variant's library calls its own functions even when
	// both are loaded.
	ccArgs := append([]string{"-O2", "-fPIC", "-shared", "-Wl,-Bsymbolic", "-I.", "-w", "-o", "libcstagen_asn1c.so"}, flags...)
	h := sha256.New()
	for _, part := range [][]byte{sub.Text, []byte(asn1cWrapper), []byte(asn1cAllocDecls), version, ccVersion,
		[]byte(strings.Join(asn1cArgs, " ")), []byte(strings.Join(ccArgs, " "))} {
		fmt.Fprintf(h, "%d:", len(part))
		h.Write(part)
	}
	key := hex.EncodeToString(h.Sum(nil))[:16]
	info = fmt.Sprintf("%s; subset of %d modules, %d assignments", strings.SplitN(string(version), "\n", 2)[0], len(sub.Modules), sub.Types)

	root := os.Getenv("CSTAGEN_ASN1C_DIR")
	if root == "" {
		root = filepath.Join(os.TempDir(), "cstagen-asn1c")
	}
	final := filepath.Join(root, key)
	lib = filepath.Join(final, "libcstagen_asn1c.so")
	if _, err := os.Stat(lib); err == nil {
		return lib, info, nil
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", "", err
	}
	dir, err := os.MkdirTemp(root, key+".tmp-")
	if err != nil {
		return "", "", err
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, "subset.asn1"), sub.Text, 0o644); err != nil {
		return "", "", err
	}
	run := func(name string, args ...string) error {
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return nil
	}
	if err := run(asn1c, asn1cArgs...); err != nil {
		return "", "", err
	}
	// asn1c copies converter-sample.c, a main program, next to its output.
	os.Remove(filepath.Join(dir, "converter-sample.c"))
	internal := filepath.Join(dir, "asn_internal.h")
	text, err := os.ReadFile(internal)
	if err != nil {
		return "", "", err
	}
	for _, d := range asn1cAllocDefines {
		if bytes.Count(text, []byte(d.old)) != 1 {
			return "", "", fmt.Errorf("asn_internal.h: %q not found once; asn1c's allocation macros changed", d.old)
		}
		text = bytes.Replace(text, []byte(d.old), []byte(d.new), 1)
	}
	text = bytes.Replace(text, []byte("#define\tCALLOC("), []byte(asn1cAllocDecls+"#define\tCALLOC("), 1)
	if err := os.WriteFile(internal, text, 0o644); err != nil {
		return "", "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "cstagen_wrapper.c"), []byte(asn1cWrapper), 0o644); err != nil {
		return "", "", err
	}
	sources, err := filepath.Glob(filepath.Join(dir, "*.c"))
	if err != nil {
		return "", "", err
	}
	for i, s := range sources {
		sources[i] = filepath.Base(s)
	}
	if err := run(cc, append(ccArgs, sources...)...); err != nil {
		return "", "", err
	}
	if err := os.Rename(dir, final); err != nil {
		if _, serr := os.Stat(lib); serr == nil {
			return lib, info, nil // another process published the same build
		}
		return "", "", err
	}
	return lib, info, nil
}

// asn1cWant is what asn1c's DER encoder must produce for the argument:
// the capture's octets with the timestamp in UTC form.
func asn1cWant(tb testing.TB, arg []byte) []byte {
	tb.Helper()
	want, err := berUTCTimes(nil, arg)
	if err != nil {
		tb.Fatal(err)
	}
	return want
}

// TestASN1CRoundTrip checks that the asn1c build decodes the whole
// argument and re-encodes it as DER.
func TestASN1CRoundTrip(t *testing.T) {
	arg := berLoadDeliveredArgument(t)
	for _, variant := range []asn1cBuildVariant{asn1cQuiet, asn1cStock} {
		asn1cRoundTrip(t, asn1cLibrary(t, variant), arg)
	}
	t.Log(asn1cInfo)
}

func asn1cRoundTrip(t *testing.T, l *asn1cLib, arg []byte) {
	t.Helper()
	if err := l.decodeN(arg, 1); err != nil {
		t.Fatal(err)
	}
	if err := l.decodeN(arg[:len(arg)-1], 1); err == nil {
		t.Error("a truncated argument decoded")
	}
	v, err := l.decodeValue(arg)
	if err != nil {
		t.Fatal(err)
	}
	defer v.close()
	out := make([]byte, 512)
	n, err := v.encodeN(1, out)
	if err != nil {
		t.Fatal(err)
	}
	if want := asn1cWant(t, arg); !bytes.Equal(out[:n], want) {
		t.Errorf("asn1c's DER\n% x\nwant\n% x", out[:n], want)
	}
	a0, _ := l.allocCounters()
	if err := l.decodeN(arg, 1); err != nil {
		t.Fatal(err)
	}
	if a1, _ := l.allocCounters(); a1 == a0 {
		t.Error("allocation counters did not move on a decode")
	}
}

// BenchmarkASN1CDecodeArgument is asn1c's ber_decode of the argument plus
// ASN_STRUCT_FREE of the result, b.N times in one C loop (debug calls
// compiled out, see asn1cQuiet).
func BenchmarkASN1CDecodeArgument(b *testing.B) { asn1cBenchDecode(b, asn1cQuiet) }

// BenchmarkASN1CEncodeArgument is asn1c's der_encode_to_buffer of the
// decoded argument into a reused buffer, b.N times in one C loop (debug
// calls compiled out, see asn1cQuiet).
func BenchmarkASN1CEncodeArgument(b *testing.B) { asn1cBenchEncode(b, asn1cQuiet) }

// BenchmarkASN1CStockDecodeArgument is BenchmarkASN1CDecodeArgument with
// asn1c's output compiled as it comes.
func BenchmarkASN1CStockDecodeArgument(b *testing.B) { asn1cBenchDecode(b, asn1cStock) }

// BenchmarkASN1CStockEncodeArgument is BenchmarkASN1CEncodeArgument with
// asn1c's output compiled as it comes.
func BenchmarkASN1CStockEncodeArgument(b *testing.B) { asn1cBenchEncode(b, asn1cStock) }

func asn1cBenchDecode(b *testing.B, variant asn1cBuildVariant) {
	arg := berLoadDeliveredArgument(b)
	l := asn1cLibrary(b, variant)
	a0, n0 := l.allocCounters()
	b.SetBytes(int64(len(arg)))
	b.ResetTimer()
	if err := l.decodeN(arg, b.N); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	a1, n1 := l.allocCounters()
	b.ReportMetric(float64(n1-n0)/float64(b.N), "B/op")
	b.ReportMetric(float64(a1-a0)/float64(b.N), "allocs/op")
}

func asn1cBenchEncode(b *testing.B, variant asn1cBuildVariant) {
	arg := berLoadDeliveredArgument(b)
	l := asn1cLibrary(b, variant)
	v, err := l.decodeValue(arg)
	if err != nil {
		b.Fatal(err)
	}
	defer v.close()
	out := make([]byte, 512)
	n, err := v.encodeN(1, out)
	if err != nil {
		b.Fatal(err)
	}
	if !bytes.Equal(out[:n], asn1cWant(b, arg)) {
		b.Fatal("asn1c's DER is not the capture with its timestamp in UTC form")
	}
	a0, n0 := l.allocCounters()
	b.SetBytes(int64(len(arg)))
	b.ResetTimer()
	if _, err := v.encodeN(b.N, out); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	a1, n1 := l.allocCounters()
	b.ReportMetric(float64(n1-n0)/float64(b.N), "B/op")
	b.ReportMetric(float64(a1-a0)/float64(b.N), "allocs/op")
}

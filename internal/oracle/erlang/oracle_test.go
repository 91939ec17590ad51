package erlang

import (
	"bytes"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cstagen/cstagen/asn1"
)

// The reference oracle is prepared once per test binary. Its work
// directory is a fixed directory under os.TempDir (or
// $CSTAGEN_ERLANG_ORACLE_DIR): compiled modules are stored under a hash of
// their input, so later runs reuse them and stay well under a minute.
var (
	refOnce    sync.Once
	refOracle  *Oracle
	refModel   *asn1.Model
	refErr     error
	refPrepare time.Duration
)

func TestMain(m *testing.M) {
	code := m.Run()
	if refOracle != nil {
		if err := refOracle.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "closing the oracle:", err)
			code = 1
		}
	}
	os.Exit(code)
}

func oracleDir() string {
	if d := os.Getenv("CSTAGEN_ERLANG_ORACLE_DIR"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "cstagen-erlang-oracle")
}

// needErl skips the test when Erlang/OTP with asn1 is not installed.
func needErl(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("erl"); err != nil {
		t.Skip("erl not installed: install the Debian packages erlang-base and erlang-asn1 to run the Erlang oracle tests")
	}
}

// reference returns the oracle over ECMA-285 + X.880, and the model.
func reference(t *testing.T) (*Oracle, *asn1.Model) {
	t.Helper()
	needErl(t)
	shared := sharedDir(t)
	refOnce.Do(func() {
		start := time.Now()
		refOracle, refErr = Prepare(referenceInputs(shared), oracleDir())
		refPrepare = time.Since(start)
		if refErr != nil {
			return
		}
		var in []asn1.File
		in, refErr = readSources(referenceInputs(shared))
		if refErr == nil {
			refModel, refErr = asn1.Compile(in, nil)
		}
	})
	if refErr != nil {
		t.Fatal(refErr)
	}
	return refOracle, refModel
}

func TestPrepareReference(t *testing.T) {
	o, _ := reference(t)
	r := o.Report()
	t.Logf("Prepare took %v (cached: %v, compile %v), %s, %d modules, beams in %s",
		refPrepare, r.Cached, r.CompileTime, r.OTPRelease, len(r.Modules), r.BeamDir)
	for _, m := range r.Failed() {
		t.Errorf("module %s (%s) did not compile:\n%s", m.Name, m.Source, strings.Join(m.Messages, "\n"))
	}
	if len(r.Modules) != 268+3+1 {
		t.Errorf("%d modules compiled, want 268 CSTA + 3 ROSE + %s", len(r.Modules), RoseModule)
	}
	if got := r.Count(ImplicitChoice); got != 4 {
		t.Errorf("%d implicit-choice rewrites, want 4 (ConnectionID x3, SubjectDeviceID)", got)
	}
	if got := r.Count(ImportName); got != 5 {
		t.Errorf("%d import-name rewrites, want 5", got)
	}
	for _, rw := range r.Rewrites {
		t.Log(rw)
	}
	for _, m := range []string{RoseModule, "CSTA-event-report-definitions", "CSTA-status-reporting", "Remote-Operations-Information-Objects"} {
		if !o.Compiled(m) {
			t.Errorf("%s not compiled", m)
		}
		if _, err := os.Stat(filepath.Join(r.BeamDir, m+".beam")); err != nil {
			t.Error(err)
		}
		if _, err := os.Stat(filepath.Join(r.SourceDir, m+".asn1")); err != nil {
			t.Error(err)
		}
	}
}

// corpusPDU is one ROSE APDU of the corpus.
type corpusPDU struct {
	file string
	apdu []byte
}

// phase3Corpus returns the ECMA-285 Phase III BER PDUs of the corpus
// (framing removed) and, for every other hex file, why it is left out.
func phase3Corpus(t *testing.T, shared string) ([]corpusPDU, map[string]string) {
	t.Helper()
	f, err := os.Open(filepath.Join(shared, "corpus", "SOURCES.tsv"))
	if err != nil {
		t.Skipf("corpus not found: %v", err)
	}
	defer f.Close()
	rd := csv.NewReader(f)
	rd.Comma = '\t'
	rd.LazyQuotes = true
	rows, err := rd.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var pdus []corpusPDU
	excluded := map[string]string{}
	for _, row := range rows[1:] {
		name, edition, framing := row[0], row[4], row[5]
		if !strings.HasSuffix(name, ".hex") {
			continue
		}
		switch {
		case strings.Contains(edition, "Phase II "):
			excluded[name] = "CSTA Phase II (ECMA-217/218) encoding, not ECMA-285: " + edition
			continue
		case !strings.Contains(edition, "ECMA-285 Phase III BER (ROSE)"):
			excluded[name] = "not a CSTA ROSE PDU: " + edition
			continue
		}
		text, err := os.ReadFile(filepath.Join(shared, "corpus", "ber", name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := hex.DecodeString(strings.Join(strings.Fields(string(text)), ""))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		switch {
		case strings.HasPrefix(framing, "none"):
		case strings.Contains(framing, "0x26"):
			// HiPath link header: 0x26, 0x80, length of the rest.
			if len(b) < 3 || b[0] != 0x26 || b[1] != 0x80 || int(b[2]) != len(b)-3 {
				t.Fatalf("%s: bad HiPath header % x", name, b[:min(3, len(b))])
			}
			b = b[3:]
		default:
			t.Fatalf("%s: unknown framing %q", name, framing)
		}
		pdus = append(pdus, corpusPDU{name, b})
	}
	return pdus, excluded
}

// argumentType names the argument type of the operation with local code op.
func argumentType(m *asn1.Model, op int64) (module, typ string, ok bool) {
	for _, o := range m.Operations {
		if o.Code == op && o.Argument != nil && o.Argument.Ref != nil {
			return o.Argument.Ref.Module.Name, o.Argument.Ref.Name, true
		}
	}
	return "", "", false
}

// TestCorpus decodes every Phase III PDU of the corpus: the ROSE envelope,
// then the argument as the operation's argument type; re-encodes both with
// Erlang and compares.
func TestCorpus(t *testing.T) {
	o, model := reference(t)
	pdus, excluded := phase3Corpus(t, sharedDir(t))
	for name, why := range excluded {
		t.Logf("excluded %s: %s", name, why)
	}
	if len(pdus) < 7 {
		t.Fatalf("only %d Phase III PDUs in the corpus, want at least 7", len(pdus))
	}
	for _, p := range pdus {
		t.Run(p.file, func(t *testing.T) {
			start := time.Now()
			rose, err := o.DecodeROSE(p.apdu)
			if err != nil {
				t.Fatal(err)
			}
			if rose.Kind != "invoke" || rose.Value == nil {
				t.Fatalf("not an invoke with an argument: %+v", rose)
			}
			var op int64
			if _, err := fmt.Sscan(rose.Code, &op); err != nil {
				t.Fatalf("opcode %q: %v", rose.Code, err)
			}
			mod, typ, ok := argumentType(model, op)
			if !ok {
				t.Fatalf("no operation with code %d", op)
			}
			term, err := o.Decode(mod, typ, rose.Value)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("invoke %d, operation %d: %s.%s (%v)\n%s", rose.InvokeID, op, mod, typ, time.Since(start), term)

			// Erlang's DER encoding of the decoded value decodes to the same value.
			der, err := o.Encode(mod, typ, term)
			if err != nil {
				t.Fatal(err)
			}
			again, err := o.Decode(mod, typ, der)
			if err != nil {
				t.Fatal(err)
			}
			if again != term {
				t.Errorf("re-encoded argument decodes differently:\n%s\n%s", term, again)
			}
			why, isBER := notDER[p.file]
			switch {
			case bytes.Equal(der, rose.Value) && !isBER:
				t.Logf("Erlang's DER reproduces the input argument (%d bytes)", len(der))
			case isBER && !bytes.Equal(der, rose.Value):
				t.Logf("Erlang's DER differs from the input argument, as expected: %s\ninput  % x\nErlang % x", why, rose.Value, der)
			case isBER:
				t.Errorf("Erlang's DER reproduces the input argument, expected it not to: %s", why)
			default:
				t.Errorf("Erlang's DER differs from the input argument (%d -> %d bytes): %s\ninput  % x\nErlang % x",
					len(rose.Value), len(der), firstDifference(rose.Value, der), rose.Value, der)
			}

			// The envelope round-trips the same way.
			env, err := o.Decode(RoseModule, "ROSEapdu", p.apdu)
			if err != nil {
				t.Fatal(err)
			}
			envDER, err := o.Encode(RoseModule, "ROSEapdu", env)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(envDER, p.apdu) && !isBER {
				t.Errorf("Erlang's DER differs from the input APDU: %s", firstDifference(p.apdu, envDER))
			}
		})
	}
}

// notDER lists the corpus PDUs that are valid BER but not DER, so that
// Erlang's DER re-encoding cannot reproduce them, and why.
var notDER = map[string]string{
	"098-monitorStart-invoke-framed.hex": "the MonitorFilter BIT STRINGs callControl [0], logicalDeviceFeature [7], " +
		"maintenance [9] and private [4] are sent with all bits zero, equal to their DEFAULT {} (DER omits them, X.690 11.5), " +
		"and the ones with bits set carry trailing zero bits ([3], [5], [6]: unused-bit counts 5, 1, 3 where DER has 6; " +
		"[8]: a whole zero octet), which DER removes from a named BIT STRING (X.690 11.2.2)",
}

// firstDifference describes where a and b first differ.
func firstDifference(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return fmt.Sprintf("first difference at offset %d: input % x, Erlang % x", i, a[i:min(len(a), i+8)], b[i:min(len(b), i+8)])
}

// TestDeliveredEvent checks the HiPath DeliveredEvent of file 089 in
// detail: the envelope, the fields the capture's notes name, and that
// Erlang's DER re-encoding is byte-identical to the capture.
func TestDeliveredEvent(t *testing.T) {
	o, _ := reference(t)
	text, err := os.ReadFile(filepath.Join(sharedDir(t), "corpus", "ber", "089-cSTAEventReport-delivered-1.hex"))
	if err != nil {
		t.Skip(err)
	}
	apdu, err := hex.DecodeString(strings.Join(strings.Fields(string(text)), ""))
	if err != nil {
		t.Fatal(err)
	}
	rose, err := o.DecodeROSE(apdu)
	if err != nil {
		t.Fatal(err)
	}
	want := ROSE{Kind: "invoke", InvokeID: 0x9d, Code: "21", Value: apdu[10:]}
	if diff := cmp.Diff(want, *rose); diff != "" {
		t.Fatalf("envelope (-want +got):\n%s", diff)
	}
	term, err := o.Decode("CSTA-event-report-definitions", "CSTAEventReportArgument", rose.Value)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("089 DeliveredEvent:\n%s", term)
	for _, s := range []string{
		"'CSTAEventReportArgument'",
		"{callControlEvents,{delivered,{'DeliveredEvent'",
		"\"548\"",          // alerting device
		"\"017662754949\"", // calling device
		"alerting",         // localConnectionInfo 02
		"newCall",          // cause 0x16
		"<<133,244>>",      // callID 85 f4
	} {
		if !strings.Contains(term, s) {
			t.Errorf("decoded term lacks %s", s)
		}
	}
	der, err := o.Encode("CSTA-event-report-definitions", "CSTAEventReportArgument", term)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(der, rose.Value) {
		t.Errorf("Erlang's DER differs from the capture: %s", firstDifference(rose.Value, der))
	}
}

func TestRequestErrors(t *testing.T) {
	o, _ := reference(t)
	tests := []struct {
		name string
		call func() error
		want error
	}{
		{"unknown module", func() error { _, err := o.Decode("No-Such-Module", "T", []byte{5, 0}); return err }, ErrUnknownModule},
		{"bad type name", func() error { _, err := o.Decode(RoseModule, "roSEapdu x", []byte{5, 0}); return err }, ErrBadRequest},
		{"undefined type", func() error { _, err := o.Decode(RoseModule, "NoSuchType", []byte{5, 0}); return err }, ErrErlang},
		{"truncated", func() error { _, err := o.Decode(RoseModule, "ROSEapdu", []byte{0xa1, 0x10, 2, 1}); return err }, ErrErlang},
		{"wrong tag", func() error { _, err := o.Decode(RoseModule, "Invoke", []byte{5, 0}); return err }, ErrErlang},
		{"empty", func() error { _, err := o.Decode(RoseModule, "ROSEapdu", nil); return err }, ErrErlang},
		{"trailing bytes", func() error { _, err := o.Decode(RoseModule, "Code", []byte{2, 1, 5, 0}); return err }, ErrErlang},
		{"bad term", func() error { _, err := o.Encode(RoseModule, "Code", "{local,"); return err }, ErrBadRequest},
		{"term with newline", func() error { _, err := o.Encode(RoseModule, "Code", "{local,\n1}"); return err }, ErrBadRequest},
		{"wrong value", func() error { _, err := o.Encode(RoseModule, "Code", "{local,notAnInteger}"); return err }, ErrErlang},
		{"rose garbage", func() error { _, err := o.DecodeROSE([]byte{0xff}); return err }, ErrErlang},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var re *RequestError
			if !errors.As(err, &re) {
				t.Fatalf("err %T is not a *RequestError", err)
			}
		})
	}
	// The helper is still in step after the errors.
	b, err := o.Encode(RoseModule, "Code", "{local,21}")
	if err != nil || !bytes.Equal(b, []byte{2, 1, 21}) {
		t.Fatalf("Encode = % x, %v; want 02 01 15", b, err)
	}
}

func TestEncodeDecodeValues(t *testing.T) {
	o, _ := reference(t)
	tests := []struct {
		module, typ, term string
		der               string
	}{
		{RoseModule, "Code", "{local,211}", "020200d3"},
		{RoseModule, "Code", "{local,-1}", "0201ff"},
		{RoseModule, "InvokeId", "{absent,'NULL'}", "0500"},
		{RoseModule, "ROSEapdu", "{invoke,{'Invoke',{present,1},asn1_NOVALUE,{local,211},<<48,3,10,1,2>>}}", "a10c020101020200d330030a0102"},
		{RoseModule, "ROSEapdu", "{returnResult,{'ReturnResult',{present,7},asn1_NOVALUE}}", "a203020107"},
		{RoseModule, "ROSEapdu", "{reject,{'Reject',{present,7},{invoke,unrecognizedOperation}}}", "a406020107810101"},
	}
	for _, tt := range tests {
		t.Run(tt.typ+" "+tt.term, func(t *testing.T) {
			want, _ := hex.DecodeString(tt.der)
			got, err := o.Encode(tt.module, tt.typ, tt.term)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("Encode = % x, want % x", got, want)
			}
			term, err := o.Decode(tt.module, tt.typ, got)
			if err != nil {
				t.Fatal(err)
			}
			if term != tt.term {
				t.Fatalf("Decode = %s, want %s", term, tt.term)
			}
		})
	}
}

// TestHelperFailures checks timeouts, oversized lines, a dead helper and
// Close on a second oracle over the same (cached) work directory.
func TestHelperFailures(t *testing.T) {
	reference(t) // compiled modules in the cache
	goroutines := runtime.NumGoroutine()
	o, err := Prepare(referenceInputs(sharedDir(t)), oracleDir())
	if err != nil {
		t.Fatal(err)
	}
	if !o.Report().Cached {
		t.Error("second Prepare did not reuse the compiled modules")
	}
	ok := func() {
		t.Helper()
		if b, err := o.Encode(RoseModule, "Code", "{local,1}"); err != nil || !bytes.Equal(b, []byte{2, 1, 1}) {
			t.Fatalf("Encode = % x, %v", b, err)
		}
	}
	ok()

	o.cfg.RequestTimeout = time.Nanosecond
	if _, err := o.Encode(RoseModule, "Code", "{local,1}"); !errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
	o.cfg.RequestTimeout = 10 * time.Second
	ok() // a new helper

	o.cfg.MaxLine = 40
	if _, err := o.Decode(RoseModule, "ROSEapdu", make([]byte, 40)); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("long request: err = %v, want ErrTooLarge", err)
	}
	// A short request whose reply is longer than MaxLine.
	if _, err := o.Decode(RoseModule, "ROSEapdu", []byte{0xa1, 0x0c, 2, 1, 1, 2, 2, 0, 0xd3, 0x30, 3, 0x0a, 1, 2}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("long reply: err = %v, want ErrTooLarge", err)
	}
	o.cfg.MaxLine = 16 << 20
	ok()

	o.mu.Lock()
	o.p.cmd.Process.Kill()
	o.mu.Unlock()
	if _, err := o.Encode(RoseModule, "Code", "{local,1}"); !errors.Is(err, ErrHelper) {
		t.Fatalf("dead helper: err = %v, want ErrHelper", err)
	}
	ok()

	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	if err := o.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := o.Encode(RoseModule, "Code", "{local,1}"); !errors.Is(err, ErrClosed) {
		t.Fatalf("after Close: err = %v, want ErrClosed", err)
	}
	if n := runtime.NumGoroutine(); n > goroutines {
		t.Errorf("%d goroutines after Close, %d before Prepare", n, goroutines)
	}
}

func TestPrepareNoErlang(t *testing.T) {
	_, err := PrepareConfig([]string{t.TempDir()}, t.TempDir(), Config{Erl: filepath.Join(t.TempDir(), "no-erl")})
	if !errors.Is(err, ErrNoErlang) {
		t.Fatalf("err = %v, want ErrNoErlang", err)
	}
}

func TestPrepareBadInput(t *testing.T) {
	needErl(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.asn1"), []byte("A DEFINITIONS ::= BEGIN T ::= Missing END"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Prepare([]string{dir}, t.TempDir()); !errors.Is(err, ErrSchema) {
		t.Fatalf("err = %v, want ErrSchema", err)
	}
	reserved := filepath.Join(t.TempDir(), "r.asn1")
	if err := os.WriteFile(reserved, []byte(RoseModule+" DEFINITIONS ::= BEGIN T ::= INTEGER END"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Prepare([]string{reserved}, t.TempDir()); !errors.Is(err, ErrSchema) {
		t.Fatalf("reserved module name: err = %v, want ErrSchema", err)
	}
	if _, err := Prepare([]string{t.TempDir()}, t.TempDir()); !errors.Is(err, ErrSchema) {
		t.Fatalf("empty input: err = %v, want ErrSchema", err)
	}
	if _, err := Prepare([]string{filepath.Join(dir, "missing")}, t.TempDir()); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing input: err = %v, want ErrNotExist", err)
	}
}

// TestPrepareSmall compiles a small module set in a fresh directory and
// checks the report and the encodings.
func TestPrepareSmall(t *testing.T) {
	needErl(t)
	src := t.TempDir()
	mods := map[string]string{
		"a.asn1": `A DEFINITIONS ::= BEGIN
EXPORTS T;
T ::= [APPLICATION 3] CHOICE { a [0] IMPLICIT INTEGER, b [1] IMPLICIT NULL }
END
`,
		"b.asn1": `B DEFINITIONS ::= BEGIN
IMPORTS T FROM A;
S ::= SEQUENCE { x [2] IMPLICIT T, y [3] T }
END
`,
		"c.asn1": `C DEFINITIONS ::= BEGIN
U ::= INTEGER (0..maxU)
maxU INTEGER ::= 10
V ::= SEQUENCE { u U DEFAULT 3 }
END
`,
	}
	for n, s := range mods {
		if err := os.WriteFile(filepath.Join(src, n), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	o, err := PrepareConfig([]string{src}, t.TempDir(), Config{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	r := o.Report()
	if r.Cached {
		t.Error("fresh directory reported as cached")
	}
	var names []string
	for _, m := range r.Modules {
		names = append(names, m.Name)
		if !m.OK {
			t.Errorf("%s failed: %v", m.Name, m.Messages)
		}
	}
	if diff := cmp.Diff([]string{"A", "B", "C", RoseModule}, names); diff != "" {
		t.Errorf("modules (-want +got):\n%s", diff)
	}
	// [2] IMPLICIT T and [2] TUntagged: a2 03 80 01 05 for a = 5.
	der, err := o.Encode("B", "S", "{'S',{a,5},{b,'NULL'}}")
	if err != nil {
		t.Fatal(err)
	}
	if want := []byte{0x30, 0x0b, 0xa2, 0x03, 0x80, 0x01, 0x05, 0xa3, 0x04, 0x63, 0x02, 0x81, 0x00}; !bytes.Equal(der, want) {
		t.Errorf("S = % x, want % x", der, want)
	}
	// DER: a DEFAULT value is not encoded (X.690 11.5).
	if der, err := o.Encode("C", "V", "{'V',3}"); err != nil || !bytes.Equal(der, []byte{0x30, 0x00}) {
		t.Errorf("V = % x, %v; want 30 00", der, err)
	}
}

func TestParseCompileOutput(t *testing.T) {
	out := []byte(`@@cstagen begin A
@@cstagen ok A
@@cstagen begin B
B:3: illegal implicit tag before 'CHOICE'

@@cstagen error B {error,[{structured_error,{'B',3},asn1ct_check,illegal_implicit_tag}]}
noise outside a module
@@cstagen begin C
@@cstagen bogus
`)
	got := map[string]*ModuleResult{}
	parseCompileOutput(out, got)
	want := map[string]*ModuleResult{
		"A": {Name: "A", OK: true},
		"B": {Name: "B", Messages: []string{"B:3: illegal implicit tag before 'CHOICE'", "{error,[{structured_error,{'B',3},asn1ct_check,illegal_implicit_tag}]}"}},
		"C": {Name: "C"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

package gen

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/cstagen/cstagen/asn1"
)

// TestUnrolledTypes checks which types of the embedded schemas keep
// unrolled BER codecs by default: those on the path of events and the ROSE
// PDU, not the operations' arguments and results; and that Unroll adds a
// type with what it holds.
func TestUnrolledTypes(t *testing.T) {
	m := embeddedModel(t)
	unrolled := func(opts Options) map[string]bool {
		t.Helper()
		g := &generator{model: m, opts: opts, byDef: map[*asn1.TypeDef]*goType{}}
		for _, mod := range m.Modules {
			for _, d := range mod.Types {
				g.byDef[d] = &goType{def: d, t: d.Type}
			}
		}
		set, err := g.unrolledTypes()
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, mod := range m.Modules {
			for _, d := range mod.Types {
				out[mod.Name+"."+d.Name] = set == nil || set[d.Type]
			}
		}
		return out
	}
	def := unrolled(Options{})
	for name, want := range map[string]bool{
		"CSTA-delivered-event.DeliveredEvent":                                     true, // an event
		"CSTA-event-report-definitions.CSTAEventReportArgument":                   true, // holds the events
		"CSTA-event-report-definitions.CallControlEvents":                         true,
		"CSTA-device-identifiers.DeviceID":                                        true, // in the events
		"CSTA-call-connection-identifiers.ConnectionID":                           true,
		"CSTA-extension-types.CSTACommonArguments":                                true,
		"CSTA-make-call.MakeCallArgument":                                         false, // an operation's
		"CSTA-monitor-start.MonitorStartArgument":                                 false,
		"CSTA-capability-exchange.CallControlServList":                            false,
		"CSTA-get-switching-function-capabilities.GetSwitchingFunctionCapsResult": false,
	} {
		got, ok := def[name]
		if !ok {
			t.Errorf("no type %s in the schemas", name)
			continue
		}
		if got != want {
			t.Errorf("%s unrolled: %v, want %v", name, got, want)
		}
	}
	n := 0
	for _, u := range def {
		if u {
			n++
		}
	}
	if n < 100 || n > len(def)/2 {
		t.Errorf("%d of %d types unrolled by default", n, len(def))
	}
	more := unrolled(Options{Unroll: []string{"CSTA-monitor-start.MonitorStartArgument"}})
	if !more["CSTA-monitor-start.MonitorStartArgument"] || !more["CSTA-status-reporting.MonitorFilter"] {
		t.Errorf("Unroll MonitorStartArgument: it %v, its MonitorFilter %v; want both unrolled", more["CSTA-monitor-start.MonitorStartArgument"], more["CSTA-status-reporting.MonitorFilter"])
	}
	if more["CSTA-make-call.MakeCallArgument"] {
		t.Error("Unroll MonitorStartArgument unrolled MakeCallArgument too")
	}
	for _, all := range unrolled(Options{UnrollAll: true}) {
		if !all {
			t.Fatal("UnrollAll left a type compact")
		}
	}
	for _, tc := range []struct{ name, err string }{
		{"NoSuchType", "no type NoSuchType"},
		{"CSTA-make-call.NoSuchType", "no type CSTA-make-call.NoSuchType"},
	} {
		g := &generator{model: m, opts: Options{Unroll: []string{tc.name}}, byDef: map[*asn1.TypeDef]*goType{}}
		if _, err := g.unrolledTypes(); err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("Unroll %s: error %v, want %q", tc.name, err, tc.err)
		}
	}
}

// TestCompactCodecs checks the two forms of the BER codecs generated for
// the same type: unrolled ones read one-octet headers in line (TryEnter,
// TryContents, TryLeave, SizeTLV, a switch on the identifier octet in a
// CHOICE), compact ones only through calls (Enter, Leave, SizeElement).
// TestVectors runs both forms on the same encodings.
func TestCompactCodecs(t *testing.T) {
	m := compileFile(t, "testdata/kat.asn1")
	inline := regexp.MustCompile(`\.(TryEnter|TryContents|TryLeave|SizeTLV)\(|switch r\.PeekByte\(\)`)
	for _, tc := range []struct {
		opts   Options
		typ    string
		inline bool
	}{
		{Options{}, "Rec", false},
		{Options{}, "Alt", false},
		{Options{Unroll: []string{"Rec"}}, "Rec", true},
		{Options{Unroll: []string{"Rec"}}, "Holder", false},
		{Options{UnrollAll: true}, "Rec", true},
		{Options{UnrollAll: true}, "Alt", true},
	} {
		tc.opts.Package = "kat"
		files, err := Generate(m, tc.opts)
		if err != nil {
			t.Fatal(err)
		}
		codecs := berMethods(files, tc.typ)
		if codecs == "" {
			t.Fatalf("no BER methods of %s", tc.typ)
		}
		if got := inline.MatchString(codecs); got != tc.inline {
			t.Errorf("%+v: %s reads headers in line: %v, want %v\n%s", tc.opts, tc.typ, got, tc.inline, codecs)
		}
	}
}

// berMethods returns the source of the BER content methods of typ.
func berMethods(files map[string][]byte, typ string) string {
	var out []string
	for _, src := range files {
		for _, fn := range bytes.Split(src, []byte("\nfunc ")) {
			if !bytes.HasPrefix(fn, []byte("(v *"+typ+") ")) {
				continue
			}
			for _, m := range []string{"SizeBERContent", "PutBERContent", "DecodeBERContent", "SizeBERChoice", "PutBERChoice", "DecodeBERChoice("} {
				if bytes.HasPrefix(fn, []byte("(v *"+typ+") "+m)) {
					out = append(out, string(fn))
				}
			}
		}
	}
	return strings.Join(out, "\n")
}

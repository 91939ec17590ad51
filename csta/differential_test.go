package csta

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/cstagen/cstagen/asn1"
	"github.com/cstagen/cstagen/internal/oracle/erlang"
	"github.com/cstagen/cstagen/schemas"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// erlangOracle starts the Erlang/OTP asn1 oracle on the reference modules
// and compiles the embedded schemas, or skips the test when erl or
// ../shared is missing (or with -short). The oracle is closed when the test
// ends.
func erlangOracle(t *testing.T) (*erlang.Oracle, *asn1.Model) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts Erlang")
	}
	if _, err := exec.LookPath("erl"); err != nil {
		t.Skip("erl not installed (Debian: erlang-base erlang-asn1)")
	}
	shared := filepath.Join("..", "..", "shared")
	if _, err := os.Stat(filepath.Join(shared, "ecma-285")); err != nil {
		t.Skip("reference modules not present")
	}
	rose := filepath.Join(shared, "x880-rose")
	inputs := []string{
		filepath.Join(shared, "ecma-285"),
		filepath.Join(rose, "itu-t_x_x880_1994-TC1-Amd1_Remote-Operations-Generic-ROS-PDUs.asn1"),
		filepath.Join(rose, "itu-t_x_x880_1994-TC1-Amd1_Remote-Operations-Information-Objects.asn1"),
		filepath.Join(rose, "itu-t_x_x880_1994-TC1-Amd1_Remote-Operations-Useful-Definitions.asn1"),
	}
	dir := os.Getenv("CSTAGEN_ERLANG_ORACLE_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "cstagen-erlang-oracle")
	}
	o, err := erlang.Prepare(inputs, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { o.Close() })
	files, err := asn1.ReadDir(schemas.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	m, err := asn1.Compile(files, nil)
	if err != nil {
		t.Fatal(err)
	}
	return o, m
}

// TestDifferentialErlang checks the generated codecs against Erlang/OTP's
// asn1 compiler, an independent implementation, for every operation
// argument and result and every event: random values encoded by us must
// decode in Erlang, Erlang's DER re-encoding of what it decoded must be
// byte-identical to ours, and we must decode Erlang's bytes to the same
// value. It needs erl with asn1 (Debian: erlang-base, erlang-asn1) and the
// reference modules in ../shared; .ci/run installs the former.
func TestDifferentialErlang(t *testing.T) {
	o, m := erlangOracle(t)
	type target struct {
		module, typ string
		mk          func() Message
	}
	var targets []target
	add := func(at *asn1.Type, mk func() Message) {
		if at != nil && at.Ref != nil && mk != nil {
			targets = append(targets, target{at.Ref.Module.Name, at.Ref.Name, mk})
		}
	}
	for _, op := range m.Operations {
		g := OperationByCode(op.Code)
		if g == nil {
			t.Fatalf("operation %d (%s) is not in the generated table", op.Code, op.Name)
		}
		add(op.Argument, g.NewArgument)
		add(op.Result, g.NewResult)
	}
	for k, e := range m.Events {
		add(e.Type, Events[k].New)
	}

	type filler interface{ fillRandom(*rand.Rand, int) }
	r := rand.New(rand.NewPCG(11, 12))
	checked := 0
	for _, tg := range targets {
		if !o.Compiled(tg.module) {
			t.Errorf("Erlang did not compile %s", tg.module)
			continue
		}
		for k := 0; k < 5; k++ {
			v := tg.mk()
			v.(filler).fillRandom(r, 0)
			ours, err := v.AppendBER(nil)
			if err != nil {
				t.Fatalf("%s: %v", tg.typ, err)
			}
			term, err := o.Decode(tg.module, tg.typ, ours)
			if err != nil {
				t.Errorf("%s.%s: Erlang does not decode our encoding %x: %v", tg.module, tg.typ, ours, err)
				break
			}
			theirs, err := o.Encode(tg.module, tg.typ, term)
			if err != nil {
				t.Errorf("%s.%s: Erlang does not encode %s: %v", tg.module, tg.typ, term, err)
				break
			}
			if !bytes.Equal(ours, theirs) {
				t.Errorf("%s.%s: encodings differ\nours   %x\nErlang %x\nterm %s", tg.module, tg.typ, ours, theirs, term)
				break
			}
			w := tg.mk()
			if err := w.DecodeBER(theirs); err != nil {
				t.Errorf("%s.%s: we do not decode Erlang's encoding %x: %v", tg.module, tg.typ, theirs, err)
				break
			}
			if diff := cmp.Diff(v, w, cmpopts.EquateEmpty(), ignoreKept); diff != "" {
				t.Errorf("%s.%s: values differ (-ours +decoded from Erlang):\n%s", tg.module, tg.typ, diff)
				break
			}
			checked++
		}
	}
	t.Logf("%d values of %d types agree with Erlang/OTP asn1", checked, len(targets))
}

// TestXMLCorpusErlang transcodes every CSTA-XML corpus message that decodes
// to BER and checks it against Erlang/OTP asn1: Erlang must decode our BER
// and re-encode the value to the same bytes, and we must decode those bytes
// to the value we decoded from the XML. A message whose value cannot be
// written in BER (a departure the XML codec keeps: an absent mandatory
// component, text for a CHOICE) is listed with the reason, not checked.
func TestXMLCorpusErlang(t *testing.T) {
	o, m := erlangOracle(t)
	opByCode := map[int64]*asn1.Operation{}
	for _, op := range m.Operations {
		opByCode[op.Code] = op
	}
	checked, departures := 0, 0
	for name, src := range xmlCorpus(t) {
		var x XMLMessage
		if err := x.DecodeXML(src); err != nil || x.Value == nil {
			continue
		}
		var at *asn1.Type
		switch x.Kind {
		case XMLRequest, XMLResponse:
			op := opByCode[x.Operation.Code]
			if op == nil {
				t.Fatalf("%s: operation %d is not in the schemas", name, x.Operation.Code)
			}
			at = op.Argument
			if x.Kind == XMLResponse {
				at = op.Result
			}
		case XMLEvent:
			at = m.Events[x.index].Type // x.index: the event's index in Events
		default:
			continue // CSTAErrorCode and ECMA-354 documents: no ROSE operation
		}
		if at == nil || at.Ref == nil {
			continue
		}
		ours, err := x.Value.AppendBER(nil)
		if err != nil {
			t.Logf("%s: not written in BER (a kept departure): %v", name, err)
			departures++
			continue
		}
		term, err := o.Decode(at.Ref.Module.Name, at.Ref.Name, ours)
		if err != nil {
			t.Errorf("%s: Erlang does not decode %s %x: %v", name, at.Ref.Name, ours, err)
			continue
		}
		theirs, err := o.Encode(at.Ref.Module.Name, at.Ref.Name, term)
		if err != nil {
			t.Errorf("%s: Erlang does not encode %s: %v", name, term, err)
			continue
		}
		if !bytes.Equal(ours, theirs) {
			t.Errorf("%s: %s encodings differ\nours   %x\nErlang %x\nterm %s", name, at.Ref.Name, ours, theirs, term)
			continue
		}
		back := cloneMessage(x.Value)
		if err := back.DecodeBER(theirs); err != nil {
			t.Errorf("%s: we do not decode Erlang's %x: %v", name, theirs, err)
			continue
		}
		// The XML-only bookkeeping (document order, kept attributes) has no
		// BER form: compare what BER carries, by encoding once more.
		again, err := back.AppendBER(nil)
		if err != nil || !bytes.Equal(again, ours) {
			t.Errorf("%s: the value decoded from Erlang's bytes encodes to %x (%v), want %x", name, again, err, ours)
			continue
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no XML corpus message was checked")
	}
	t.Logf("%d XML corpus messages transcode to BER that Erlang/OTP asn1 reads as we do; %d are not written in BER", checked, departures)
}

package csta

import (
	"bytes"
	"encoding/hex"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// berCorpus returns the BER PDUs of ../shared/corpus/ber, without the
// vendor link headers (HiPath 26 80 len, a 2-octet length), by file name;
// it skips when the corpus is absent.
func berCorpus(t testing.TB) map[string][]byte {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "corpus", "ber")
	files, _ := filepath.Glob(filepath.Join(dir, "*.hex"))
	if len(files) == 0 {
		t.Skipf("no BER corpus in %s", dir)
	}
	out := map[string][]byte{}
	for _, fn := range files {
		raw, err := os.ReadFile(fn)
		if err != nil {
			t.Fatal(err)
		}
		b, err := hex.DecodeString(strings.Join(strings.Fields(string(raw)), ""))
		if err != nil {
			t.Fatalf("%s: %v", fn, err)
		}
		switch {
		case len(b) > 3 && b[0] == 0x26 && b[1] == 0x80 && int(b[2]) == len(b)-3:
			b = b[3:]
		case len(b) > 2 && int(b[0])<<8|int(b[1]) == len(b)-2:
			b = b[2:]
		}
		out[filepath.Base(fn)] = b
	}
	return out
}

// shuffled returns the keys of m in a random (seeded) order, each twice,
// so that every message is decoded after several others.
func shuffled[V any](m map[string]V, seed uint64) []string {
	var names []string
	for n := range m {
		names = append(names, n, n)
	}
	r := rand.New(rand.NewPCG(seed, seed+1))
	r.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
	return names
}

// apiView is what a value shows through its API: its exported fields (the
// getters read them), without the values kept for reuse.
var apiView = cmp.Options{ignoreKept, cmpopts.EquateEmpty()}

// TestReuseBER decodes every BER corpus message, in a shuffled order, into
// one reused PDU, and checks after each decode that the PDU shows exactly
// what a fresh decode shows: nothing of an earlier message.
func TestReuseBER(t *testing.T) {
	files := berCorpus(t)
	var reused PDU
	decoded := 0
	for _, name := range shuffled(files, 1) {
		var fresh PDU
		ferr := fresh.DecodeBER(files[name])
		rerr := reused.DecodeBER(files[name])
		if (ferr == nil) != (rerr == nil) {
			t.Fatalf("%s: fresh decode: %v, reused decode: %v", name, ferr, rerr)
		}
		if ferr != nil {
			continue // not a ROSE APDU (an ACSE AARQ): the codecs' own tests cover it
		}
		decoded++
		for _, c := range []struct {
			what        string
			fresh, used any
		}{
			{"ROSE", &fresh.ROSE, &reused.ROSE},
			{"Argument", fresh.Argument, reused.Argument},
			{"Result", fresh.Result, reused.Result},
			{"Error", fresh.Error, reused.Error},
		} {
			if diff := cmp.Diff(c.fresh, c.used, apiView); diff != "" {
				t.Fatalf("%s: %s after reuse differs (-fresh +reused):\n%s", name, c.what, diff)
			}
		}
	}
	if decoded == 0 {
		t.Fatal("no corpus message decoded")
	}
}

// TestReuseXML is TestReuseBER for the CSTA-XML corpus and a reused
// XMLMessage.
func TestReuseXML(t *testing.T) {
	files := xmlCorpus(t)
	var reused XMLMessage
	for _, name := range shuffled(files, 2) {
		var fresh XMLMessage
		ferr := fresh.DecodeXML(files[name])
		rerr := reused.DecodeXML(files[name])
		if (ferr == nil) != (rerr == nil) {
			t.Fatalf("%s: fresh decode: %v, reused decode: %v", name, ferr, rerr)
		}
		if ferr != nil {
			continue
		}
		if diff := cmp.Diff(fresh.Value, reused.Value, apiView); diff != "" {
			t.Fatalf("%s: value after reuse differs (-fresh +reused):\n%s", name, diff)
		}
		if string(fresh.CrossRefID) != string(reused.CrossRefID) || fresh.Kind != reused.Kind || string(fresh.Raw) != string(reused.Raw) {
			t.Fatalf("%s: message after reuse differs: %q %v vs %q %v", name, fresh.CrossRefID, fresh.Kind, reused.CrossRefID, reused.Kind)
		}
	}
}

// TestCloneOwnsMemory decodes every corpus message, clones its value,
// overwrites the input and checks that the clone still equals a decoding of
// the original bytes.
func TestCloneOwnsMemory(t *testing.T) {
	clone := func(m Message) Message {
		out := reflect.ValueOf(m).MethodByName("Clone")
		if !out.IsValid() {
			return nil
		}
		return out.Call(nil)[0].Interface().(Message)
	}
	n := 0
	for name, src := range berCorpus(t) {
		buf := append([]byte(nil), src...)
		var p PDU
		if p.DecodeBER(buf) != nil || p.Argument == nil {
			continue
		}
		c := clone(p.Argument)
		if c == nil {
			continue
		}
		for i := range buf {
			buf[i] = 0xff
		}
		var want PDU
		if err := want.DecodeBER(src); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want.Argument, c, apiView); diff != "" {
			t.Errorf("%s: clone changed with the input (-want +clone):\n%s", name, diff)
		}
		n++
	}
	for name, src := range xmlCorpus(t) {
		buf := append([]byte(nil), src...)
		var m XMLMessage
		if m.DecodeXML(buf) != nil || m.Value == nil {
			continue
		}
		c := clone(m.Value)
		if c == nil {
			continue
		}
		for i := range buf {
			buf[i] = ' '
		}
		var want XMLMessage
		if err := want.DecodeXML(src); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want.Value, c, apiView); diff != "" {
			t.Errorf("%s: clone changed with the input (-want +clone):\n%s", name, diff)
		}
		n++
	}
	if n == 0 {
		t.Fatal("nothing cloned")
	}
}

// TestCloneMessages clones every decoded corpus PDU and XMLMessage whole,
// overwrites the input, and checks that the clone still encodes and prints
// as a decoding of the original bytes does.
func TestCloneMessages(t *testing.T) {
	n := 0
	for name, src := range berCorpus(t) {
		buf := append([]byte(nil), src...)
		var p PDU
		if p.DecodeBER(buf) != nil {
			continue
		}
		c := p.Clone()
		for i := range buf {
			buf[i] = 0xff
		}
		var want PDU
		if err := want.DecodeBER(src); err != nil {
			t.Fatal(err)
		}
		if got, want := c.String(), want.String(); got != want {
			t.Errorf("%s: clone prints\n%s\nwant\n%s", name, got, want)
		}
		got, err1 := c.AppendBER(nil)
		wantBER, err2 := want.AppendBER(nil)
		if (err1 == nil) != (err2 == nil) || !bytes.Equal(got, wantBER) {
			t.Errorf("%s: clone encodes to % x (%v), want % x (%v)", name, got, err1, wantBER, err2)
		}
		n++
	}
	for name, src := range xmlCorpus(t) {
		buf := append([]byte(nil), src...)
		var m XMLMessage
		if m.DecodeXML(buf) != nil {
			continue
		}
		c := m.Clone()
		for i := range buf {
			buf[i] = ' '
		}
		var want XMLMessage
		if err := want.DecodeXML(src); err != nil {
			t.Fatal(err)
		}
		if got, want := c.String(), want.String(); got != want {
			t.Errorf("%s: clone prints\n%s\nwant\n%s", name, got, want)
		}
		got, err1 := c.AppendXML(nil)
		wantXML, err2 := want.AppendXML(nil)
		if (err1 == nil) != (err2 == nil) || !bytes.Equal(got, wantXML) {
			t.Errorf("%s: clone encodes to\n%s (%v)\nwant\n%s (%v)", name, got, err1, wantXML, err2)
		}
		n++
	}
	if n == 0 {
		t.Fatal("nothing cloned")
	}
	if (*PDU)(nil).Clone() != nil || (*XMLMessage)(nil).Clone() != nil {
		t.Error("Clone of nil is not nil")
	}
}

// TestMessageString checks the one-line forms of a PDU and an XMLMessage.
func TestMessageString(t *testing.T) {
	ber := berCorpus(t)
	var p PDU
	if err := p.DecodeBER(ber["089-cSTAEventReport-delivered-1.hex"]); err != nil {
		t.Fatal(err)
	}
	var d PDU
	d.SetInvoke(7, OpMakeCall, &MakeCallArgument{})
	var u XMLMessage
	if err := u.DecodeXML([]byte(`<NoSuchMessage xmlns="x"><a/></NoSuchMessage>`)); err != nil {
		t.Fatal(err)
	}
	var e XMLMessage
	e.SetEvent(eventIndex(t, "DeliveredEvent"), []byte{0x12, 0xab}, &DeliveredEvent{})
	for _, tc := range []struct {
		got, prefix string
	}{
		// The call ID and the cross-reference ID are binary: in hexadecimal.
		{p.String(), "invoke 157 cSTAEventReport {CrossRefIdentifier:0x0000, EventSpecificInfo:{CallControlEvents:{Delivered:{Connection:{Both:{CallID:0x85f4, DeviceID:{StaticID:{DeviceIdentifier:{DialingNumber:548}}}}}"},
		{d.String(), "invoke 7 makeCall {"},
		{u.String(), "NoSuchMessage (unknown message, "},
		{e.String(), "DeliveredEvent 0x12ab {"},
		{(*PDU)(nil).String(), "<nil>"},
		{new(XMLMessage).String(), "<none>"},
	} {
		if !strings.HasPrefix(tc.got, tc.prefix) {
			t.Errorf("got %q, want it to start with %q", tc.got, tc.prefix)
		}
	}
}

// eventIndex returns the index in Events of the event type whose Go type
// is named name.
func eventIndex(t *testing.T, name string) int {
	for k, ev := range Events {
		if ev.Type == name {
			return k
		}
	}
	t.Fatalf("no event %s", name)
	return -1
}

// TestTypeSizes checks that no generated type is larger than 4 KiB, and the
// event report argument at most 512 bytes: values can be copied, kept and
// sent on channels.
func TestTypeSizes(t *testing.T) {
	largest, largestName := uintptr(0), ""
	for _, typ := range generatedTypes {
		size := typ.Size()
		if size > 4096 {
			t.Errorf("%s is %d bytes, want at most 4096", typ.Name(), size)
		}
		if size > largest {
			largest, largestName = size, typ.Name()
		}
	}
	if n := reflect.TypeOf(CSTAEventReportArgument{}).Size(); n > 512 {
		t.Errorf("CSTAEventReportArgument is %d bytes, want at most 512", n)
	}
	t.Logf("%d types; the largest is %s, %d bytes; CSTAEventReportArgument %d, DeliveredEvent %d, DeviceID %d",
		len(generatedTypes), largestName, largest, reflect.TypeOf(CSTAEventReportArgument{}).Size(),
		reflect.TypeOf(DeliveredEvent{}).Size(), reflect.TypeOf(DeviceID{}).Size())
}

// TestReusePairs decodes, for every ordered pair (a, b) of corpus messages
// of one encoding, a then b into one value, and checks that b shows what a
// fresh decoding of b shows.
func TestReusePairs(t *testing.T) {
	ber := berCorpus(t)
	for an, a := range ber {
		for bn, b := range ber {
			var reused, fresh PDU
			_ = reused.DecodeBER(a)
			rerr, ferr := reused.DecodeBER(b), fresh.DecodeBER(b)
			if (rerr == nil) != (ferr == nil) {
				t.Fatalf("%s then %s: %v, fresh %v", an, bn, rerr, ferr)
			}
			if ferr != nil {
				continue
			}
			if diff := cmp.Diff([]any{&fresh.ROSE, fresh.Argument, fresh.Result, fresh.Error},
				[]any{&reused.ROSE, reused.Argument, reused.Result, reused.Error}, apiView); diff != "" {
				t.Fatalf("%s then %s (-fresh +reused):\n%s", an, bn, diff)
			}
		}
	}
	xmls := xmlCorpus(t)
	for an, a := range xmls {
		for bn, b := range xmls {
			var reused, fresh XMLMessage
			_ = reused.DecodeXML(a)
			rerr, ferr := reused.DecodeXML(b), fresh.DecodeXML(b)
			if (rerr == nil) != (ferr == nil) {
				t.Fatalf("%s then %s: %v, fresh %v", an, bn, rerr, ferr)
			}
			if ferr != nil {
				continue
			}
			if diff := cmp.Diff(fresh.Value, reused.Value, apiView); diff != "" {
				t.Fatalf("%s then %s (-fresh +reused):\n%s", an, bn, diff)
			}
			out1, err1 := fresh.AppendXML(nil)
			out2, err2 := reused.AppendXML(nil)
			if (err1 == nil) != (err2 == nil) || string(out1) != string(out2) {
				t.Fatalf("%s then %s: re-encoding differs:\n%s\n%s", an, bn, out1, out2)
			}
		}
	}
}

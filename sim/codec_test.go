package sim

import (
	"testing"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/sim/callmodel"
)

// TestTables checks that every error, cause, forwarding type, system
// status and event kind of the model has its ECMA-285 value.
func TestTables(t *testing.T) {
	for _, se := range callmodel.ServiceErrors() {
		if f := failure(se); f.GetChoice() == csta.UniversalFailureChoiceUnspecified {
			t.Errorf("%s %s: no UniversalFailure value", se.Category, se.Value)
		}
	}
	for _, c := range callmodel.Causes() {
		if _, ok := causes[string(c)]; !ok {
			t.Errorf("cause %s: no EventCause", c)
		}
	}
	for _, f := range []callmodel.ForwardingType{callmodel.ForwardImmediate, callmodel.ForwardBusy, callmodel.ForwardNoAnswer} {
		if _, ok := fwdTypes[string(f)]; !ok {
			t.Errorf("forwarding type %s: no ForwardingType", f)
		}
	}
	for _, s := range []callmodel.SystemStatus{callmodel.StatusInitializing, callmodel.StatusEnabled, callmodel.StatusNormal,
		callmodel.StatusMessagesLost, callmodel.StatusDisabled, callmodel.StatusOverloadImminent,
		callmodel.StatusOverloadReached, callmodel.StatusOverloadRelieved, callmodel.StatusPartiallyDisabled} {
		if v, ok := sysStatuses[string(s)]; !ok || v.String() != string(s) {
			t.Errorf("system status %s: no SystemStatus", s)
		}
	}
	for _, k := range callmodel.EventKinds() {
		var esi csta.EventSpecificInfo
		v, i := eventValue(&callmodel.Event{Kind: k, Cause: callmodel.CauseNormal}, &esi)
		if v == nil || i < 0 || csta.Events[i].Name != k.String() {
			t.Errorf("event %s: value %T, index %d", k, v, i)
			continue
		}
		// The BER report carries the same value.
		arg := &csta.CSTAEventReportArgument{CrossRefIdentifier: []byte("1"), EventSpecificInfo: esi}
		if _, err := arg.AppendBER(nil); err != nil {
			t.Errorf("event %s: %v", k, err)
		}
		if filterOf(monitorFilter(callmodel.FilterOut(k))) != callmodel.FilterOut(k) {
			t.Errorf("event %s: the MonitorFilter bit does not round-trip", k)
		}
	}
}

// TestNormalizeDevice checks the vendor forms of device identifiers.
func TestNormalizeDevice(t *testing.T) {
	for in, want := range map[string]string{
		"3021033": "3021033",
		"tel:73124;phone-context=dialstring;partition=BE_BRS_INT": "73124",
		"tel:+3222220220":        "+3222220220",
		"sip:200@pbx.example.ch": "200",
		"200:MySwitch::0":        "200",
		"4750::111.2.33.444:0":   "4750",
		"N<+498972212345>":       "+498972212345",
	} {
		if got := NormalizeDevice(in); got != want {
			t.Errorf("NormalizeDevice(%q) = %q, want %q", in, got, want)
		}
	}
}

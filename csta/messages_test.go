package csta

import "testing"

// TestMessageTypes checks the rule of gen's message types on csta: the
// types that operations, errors and events name, and the PDUs, are
// messages (they have AppendBER and DecodeBER); the types inside them are not.
func TestMessageTypes(t *testing.T) {
	for _, tc := range []struct {
		name    string
		v       any
		message bool
	}{
		{"MakeCallArgument", &MakeCallArgument{}, true},
		{"MakeCallResult", &MakeCallResult{}, true},
		{"DeliveredEvent", &DeliveredEvent{}, true},
		{"UniversalFailure", new(UniversalFailure), true},
		{"ROS", &ROS{}, true},
		{"DeviceID", &DeviceID{}, false},
		{"ConnectionID", &ConnectionID{}, false},
		{"EventCause", new(EventCause), false},
		{"CSTACommonArguments", &CSTACommonArguments{}, false},
	} {
		if _, ok := tc.v.(Message); ok != tc.message {
			t.Errorf("%s is a Message: %v, want %v", tc.name, ok, tc.message)
		}
	}
}

// TestOperationByCode checks the lookup of every operation by its code, and
// of codes that name none (operationIndex: an array by code).
func TestOperationByCode(t *testing.T) {
	for k := range Operations {
		if got := OperationByCode(Operations[k].Code); got != &Operations[k] {
			t.Errorf("OperationByCode(%d) = %v, want %s", Operations[k].Code, got, Operations[k].Name)
		}
	}
	for _, code := range []int64{-1, 0, 3, 552, 1 << 40, -1 << 63} {
		if got := OperationByCode(code); got != nil {
			t.Errorf("OperationByCode(%d) = %s, want nil", code, got.Name)
		}
	}
}

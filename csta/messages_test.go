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

package xml

import (
	"errors"
	"testing"
)

func TestEdition(t *testing.T) {
	for _, tc := range []struct {
		ed   Edition
		want string
	}{{Ed3, "ed3"}, {Ed6, "ed6"}} {
		if got := tc.ed.String(); got != tc.want {
			t.Errorf("Edition(%d).String() = %q, want %q", tc.ed, got, tc.want)
		}
	}
}

func TestNotInEdition(t *testing.T) {
	err := NotInEdition("DeviceID", "privateNumber", Ed6)
	if !errors.Is(err, ErrNotInEdition) || !errors.Is(err, ErrUnencodable) {
		t.Errorf("%v is not ErrNotInEdition and ErrUnencodable", err)
	}
	if errors.Is(err, ErrNotText) {
		t.Errorf("%v is ErrNotText", err)
	}
	const want = "xml: no form in the ECMA-323 edition written in DeviceID.privateNumber: ed6"
	if got := err.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

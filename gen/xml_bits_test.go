package gen

import (
	"strings"
	"testing"

	"github.com/cstagen/cstagen/asn1"
	"github.com/cstagen/cstagen/schemas"
)

// TestBitDirective: "bit PATH.bit XML" records the schema's spelling of a
// named bit; a path that names no named bit of a BIT STRING is an error.
func TestBitDirective(t *testing.T) {
	files, err := asn1.ReadDir(schemas.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	m, err := asn1.Compile(files, nil)
	if err != nil {
		t.Fatal(err)
	}
	const mod = "CSTA-application-context-information-csta3"
	o, err := parseXMLOverrides(m, []byte("bit "+mod+".RouteingServices.reroute reRoute\n"))
	if err != nil {
		t.Fatal(err)
	}
	u := m.Module(mod).LookupType("RouteingServices").Type.Underlying()
	if got := o.bits[u]["reroute"]; got != "reRoute" {
		t.Errorf("bits[RouteingServices][reroute] = %q, want reRoute", got)
	}
	for _, tc := range []struct{ line, want string }{
		{"bit " + mod + ".RouteingServices.reRouting x", "is not a named bit"},
		{"bit CSTA-device-identifiers.DeviceID.deviceIdentifier x", "is not a named bit"},
		{"bit " + mod + ".NoSuchType.reroute x", "has no type"},
		{"bit " + mod + ".RouteingServices.reroute", "fields"},
	} {
		_, err := parseXMLOverrides(m, []byte(tc.line+"\n"))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want an error with %q", tc.line, err, tc.want)
		}
	}
}

package gen

import (
	"strings"
	"testing"

	"github.com/cstagen/cstagen/asn1"
	"github.com/cstagen/cstagen/schemas"
)

// TestNamedDirective: "named PATH.identifier XML" records the schema's
// spelling of a named bit or an ENUMERATED identifier; a path that names
// neither is an error.
func TestNamedDirective(t *testing.T) {
	files, err := asn1.ReadDir(schemas.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	m, err := asn1.Compile(files, nil)
	if err != nil {
		t.Fatal(err)
	}
	const mod = "CSTA-application-context-information-csta3"
	o, err := parseXMLOverrides(m, []byte("named "+mod+".RouteingServices.reroute reRoute\n"))
	if err != nil {
		t.Fatal(err)
	}
	u := m.Module(mod).LookupType("RouteingServices").Type.Underlying()
	if got := o.named[u]["reroute"]; got != "reRoute" {
		t.Errorf("named[RouteingServices][reroute] = %q, want reRoute", got)
	}
	for _, tc := range []struct{ line, want string }{
		{"named " + mod + ".RouteingServices.reRouting x", "is not a named bit"},
		{"named CSTA-device-identifiers.DeviceID.deviceIdentifier x", "is not a named bit"},
		{"named " + mod + ".NoSuchType.reroute x", "has no type"},
		{"named " + mod + ".RouteingServices.reroute", "fields"},
	} {
		_, err := parseXMLOverrides(m, []byte(tc.line+"\n"))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want an error with %q", tc.line, err, tc.want)
		}
	}
}

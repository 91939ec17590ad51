package csta

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestXMLEditionNames: where the ECMA-323 editions spell an element
// otherwise (SetLampMode's lampMode, the Profiles bits), AppendXMLNS writes
// the spelling of the edition its namespace names, XMLMessage writes a
// decoded document back in its edition, and reading accepts every spelling
// in any namespace.
func TestXMLEditionNames(t *testing.T) {
	const ed3 = `<?xml version="1.0" encoding="UTF-8"?><SetLampMode xmlns="` + XMLNamespace + `"><device>4711</device><lamp>1</lamp><LampMode>2</LampMode></SetLampMode>`
	var lamp SetLampModeArgument
	if err := lamp.DecodeXML([]byte(ed3)); err != nil {
		t.Fatal(err)
	}
	if lamp.LampMode != 2 {
		t.Fatalf("LampMode = %d, want 2", lamp.LampMode)
	}
	prof := GetSwitchingFunctionCapsResult{Profiles: ProfilesBasicUaCSTACallControlProfile | ProfilesConferencingUaCSTACallControlProfile | ProfilesRouteingProfile}
	for _, tc := range []struct {
		name string
		ns   string
		v    interface {
			AppendXMLNS([]byte, string) ([]byte, error)
		}
		has, not []string
	}{
		{"SetLampMode ed3", XMLNamespace, &lamp, []string{"<LampMode>2</LampMode>"}, []string{"<lampMode>"}},
		{"SetLampMode ed6", XMLNamespaceEd6, &lamp, []string{`xmlns="` + XMLNamespaceEd6 + `"`, "<lampMode>2</lampMode>"}, []string{"<LampMode>"}},
		{"SetLampMode ed9", "http://www.ecma-international.org/standards/ecma-323/csta/ed9", &lamp, []string{"<lampMode>2</lampMode>"}, nil},
		{"SetLampMode no namespace", "", &lamp, []string{"<LampMode>2</LampMode>"}, nil},
		{"Profiles ed3", XMLNamespace, &prof, []string{"<basicEndpointCallControlProfile>true<", "<conferencingEndpointCallControlProfile>true<", "<routeingProfile>true<"}, []string{"UACSTA"}},
		{"Profiles ed6", XMLNamespaceEd6, &prof, []string{"<basicUACSTAtCallControlProfile>true<", "<conferencingUACSTACallControlProfile>true<", "<routeingProfile>true<"}, []string{"Endpoint"}},
	} {
		doc, err := tc.v.AppendXMLNS(nil, tc.ns)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		for _, s := range tc.has {
			if !strings.Contains(string(doc), s) {
				t.Errorf("%s: %s lacks %s", tc.name, doc, s)
			}
		}
		for _, s := range tc.not {
			if strings.Contains(string(doc), s) {
				t.Errorf("%s: %s has %s", tc.name, doc, s)
			}
		}
		// Read back, in its own namespace and in the other edition's.
		other := XMLNamespaceEd6
		if tc.ns == XMLNamespaceEd6 {
			other = XMLNamespace
		}
		for _, d := range []string{string(doc), strings.Replace(string(doc), `xmlns="`+tc.ns+`"`, `xmlns="`+other+`"`, 1)} {
			switch v := tc.v.(type) {
			case *SetLampModeArgument:
				var got SetLampModeArgument
				if err := got.DecodeXML([]byte(d)); err != nil {
					t.Fatalf("%s: %v", tc.name, err)
				}
				if got.LampMode != v.LampMode || string(got.Device.DeviceIdentifier.DialingNumber) != "4711" {
					t.Errorf("%s: read back %v", tc.name, got.String())
				}
			case *GetSwitchingFunctionCapsResult:
				var got GetSwitchingFunctionCapsResult
				if err := got.DecodeXML([]byte(d)); err != nil {
					t.Fatalf("%s: %v", tc.name, err)
				}
				if got.Profiles != v.Profiles {
					t.Errorf("%s: Profiles read back %v, want %v", tc.name, got.Profiles, v.Profiles)
				}
			}
		}
	}

	// An XMLMessage writes a decoded document back in its edition.
	for _, ns := range []string{XMLNamespace, XMLNamespaceEd6} {
		doc, err := lamp.AppendXMLNS(nil, ns)
		if err != nil {
			t.Fatal(err)
		}
		var m XMLMessage
		if err := m.DecodeXML(doc); err != nil {
			t.Fatal(err)
		}
		again, err := m.AppendXML(nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(doc), string(again)); diff != "" {
			t.Errorf("XMLMessage in %s wrote back (-decoded +written):\n%s", ns, diff)
		}
	}
}

package csta

import (
	"errors"
	"strings"
	"testing"

	"github.com/cstagen/cstagen/runtime/ber"
)

// TestAbsentNotInvented: a mandatory component that a CSTA-XML document
// lacked is not invented. Lenient decoding records the absence, AppendXML
// writes the document back without it, and BER encoding fails with a
// *ber.Error wrapping ErrMissing that names the component, instead of
// writing a zero value (systemStatus=initializing, EventCause 0) in its
// place. With the component present, the same value encodes.
func TestAbsentNotInvented(t *testing.T) {
	const ns = `xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed3"`
	delivered := func(cause string) string {
		return `<DeliveredEvent ` + ns + `><monitorCrossRefID>1</monitorCrossRefID>` +
			`<connection><callID>01</callID><deviceID>100</deviceID></connection>` +
			`<alertingDevice><deviceIdentifier>100</deviceIdentifier></alertingDevice>` +
			`<callingDevice><deviceIdentifier>200</deviceIdentifier></callingDevice>` +
			`<calledDevice><deviceIdentifier>100</deviceIdentifier></calledDevice>` +
			`<lastRedirectionDevice><notRequired/></lastRedirectionDevice>` + cause + `</DeliveredEvent>`
	}
	for _, tc := range []struct {
		name, doc, complete string
		typ, field          string
	}{
		{"empty SystemStatus", `<SystemStatus ` + ns + `/>`,
			`<SystemStatus ` + ns + `><systemStatus>normal</systemStatus></SystemStatus>`,
			"SystemStatusArg", "systemStatus"},
		{"DeliveredEvent without cause", delivered(""), delivered("<cause>newCall</cause>"),
			"DeliveredEvent", "cause"},
		{"DeliveredEvent without callingDevice", strings.Replace(delivered("<cause>newCall</cause>"),
			"<callingDevice><deviceIdentifier>200</deviceIdentifier></callingDevice>", "", 1),
			delivered("<cause>newCall</cause>"), "DeliveredEvent", "callingDevice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var m XMLMessage
			if err := m.DecodeXML([]byte(tc.doc)); err != nil {
				t.Fatalf("lenient DecodeXML: %v", err)
			}
			back, err := m.AppendXML(nil)
			if err != nil {
				t.Fatalf("AppendXML: %v", err)
			}
			if strings.Contains(string(back), "<"+tc.field+">") {
				t.Errorf("AppendXML wrote the absent <%s>: %s", tc.field, back)
			}
			_, err = m.Value.AppendBER(nil)
			var be *ber.Error
			if !errors.Is(err, ber.ErrMissing) || !errors.As(err, &be) || be.Type != tc.typ || be.Field != tc.field {
				t.Fatalf("AppendBER: %v; want a *ber.Error for %s.%s wrapping ErrMissing", err, tc.typ, tc.field)
			}

			var full XMLMessage
			if err := full.DecodeXML([]byte(tc.complete)); err != nil {
				t.Fatal(err)
			}
			if _, err := full.Value.AppendBER(nil); err != nil {
				t.Errorf("AppendBER of the complete document: %v", err)
			}
		})
	}
}

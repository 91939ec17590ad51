package gen

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cstagen/cstagen/asn1"
	"github.com/cstagen/cstagen/schemas"
)

// embeddedModel compiles the embedded schemas, which the overrides name.
func embeddedModel(t *testing.T) *asn1.Model {
	t.Helper()
	files, err := asn1.ReadDir(schemas.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	m, err := asn1.Compile(files, nil)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestNamedDirective: "named PATH.identifier XML" records the schema's
// spelling of a named bit or an ENUMERATED identifier; a path that names
// neither is an error.
func TestNamedDirective(t *testing.T) {
	m := embeddedModel(t)
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

// TestOrderDirective: "order PATH name..." gives the order of a SEQUENCE's
// children, or of a BIT STRING's named bits, in CSTA-XML; it must name such
// a type and list each of its components or bits once. The event directive
// must name an event type.
func TestOrderDirective(t *testing.T) {
	m := embeddedModel(t)
	const review = "order CSTA-review.ReviewArgument connection messageToReview resource periodToReview extensions"
	o, err := parseXMLOverrides(m, []byte(review+"\nevent TransferredEvent TransferedEvent\n"))
	if err != nil {
		t.Fatal(err)
	}
	typ := m.Module("CSTA-review").LookupType("ReviewArgument").Type
	if got := strings.Join(o.order[typ], " "); got != "connection messageToReview resource periodToReview extensions" {
		t.Errorf("order[ReviewArgument] = %s", got)
	}
	if got := o.event["TransferredEvent"]; got != "TransferedEvent" {
		t.Errorf("event[TransferredEvent] = %q", got)
	}
	var fields []field
	for _, c := range typ.Underlying().Components {
		fields = append(fields, field{c: c})
	}
	var got []string
	for _, fd := range o.xmlOrdered(typ, fields) {
		got = append(got, fd.c.Name)
	}
	if strings.Join(got, " ") != strings.Join(o.order[typ], " ") {
		t.Errorf("xmlOrdered = %v", got)
	}
	const bits = "activate clear deactivate concatenateMessage deleteMessage playMessage queryVoiceAttribute recordMessage reposition resume review setVoiceAttribute stop suspend synthesizeMessage"
	o, err = parseXMLOverrides(m, []byte("order CSTA-application-context-information-csta3.VoiceUnitServices "+bits+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, n := range o.namedOrdered(m.Module("CSTA-application-context-information-csta3").LookupType("VoiceUnitServices").Type.Underlying()) {
		names = append(names, n.Name)
	}
	if strings.Join(names, " ") != bits {
		t.Errorf("namedOrdered(VoiceUnitServices) = %v", names)
	}
	for _, tc := range []struct{ line, want string }{
		{"order CSTA-review.ReviewArgument connection resource periodToReview extensions", "must list each of its components"},
		{"order CSTA-review.ReviewArgument connection connection messageToReview resource periodToReview extensions", "must list each of its components"},
		{"order CSTA-device-identifiers.DeviceID.deviceIdentifier a b", "is not a SEQUENCE type or a BIT STRING"},
		{"order CSTA-review.ReviewArgument", "takes a type and its components"},
		{"order CSTA-review.NoSuchType a b", "has no type"},
		{"event NoSuchEvent X", "no event type"},
	} {
		_, err := parseXMLOverrides(m, []byte(tc.line+"\n"))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want an error with %q", tc.line, err, tc.want)
		}
	}
}

// TestEd6Directive: "ed6 name" and "ed6 named" record the names of ECMA-323
// ed6 documents beside the ed3 ones; reading accepts every spelling; "ed6
// flag" marks a string component of a DeviceID whose attribute ed6 makes a
// boolean. ed6 qualifies only those three directives, and named bits only.
func TestEd6Directive(t *testing.T) {
	m := embeddedModel(t)
	const lamp = "CSTA-set-lamp-mode.SetLampModeArgument.lampMode"
	const prof = "CSTA-get-switching-function-capabilities.Profiles"
	o, err := parseXMLOverrides(m, []byte("name "+lamp+" LampMode\ned6 name "+lamp+" lampMode2\n"+
		"named "+prof+".basicUaCSTACallControlProfile basicEndpointCallControlProfile\n"+
		"ed6 named "+prof+".basicUaCSTACallControlProfile basicUACSTAtCallControlProfile\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, c, _, err := resolvePath(m, lamp)
	if err != nil {
		t.Fatal(err)
	}
	if o.elemName(c) != "LampMode" || o.elemName6(c) != "lampMode2" {
		t.Errorf("elemName = %q, elemName6 = %q", o.elemName(c), o.elemName6(c))
	}
	if got := fmt.Sprintf("%#v", o.readNames(c)); !strings.Contains(got, `"LampMode"`) || !strings.Contains(got, `"lampMode2"`) || !strings.Contains(got, `"lampMode"`) {
		t.Errorf("readNames = %s, want the ed3, ed6 and ASN.1 names", got)
	}
	u := m.Module("CSTA-get-switching-function-capabilities").LookupType("Profiles").Type.Underlying()
	if o.namedXML(u, "basicUaCSTACallControlProfile") != "basicEndpointCallControlProfile" || o.namedXML6(u, "basicUaCSTACallControlProfile") != "basicUACSTAtCallControlProfile" {
		t.Errorf("namedXML, namedXML6 = %q, %q", o.namedXML(u, "basicUaCSTACallControlProfile"), o.namedXML6(u, "basicUaCSTACallControlProfile"))
	}
	if got := o.namedXML6(u, "routeingProfile"); got != "routeingProfile" {
		t.Errorf("namedXML6 of a bit without directive = %q", got)
	}
	if n := len(o.namedReads(u, "basicUaCSTACallControlProfile")); n != 3 {
		t.Errorf("namedReads: %d labels, want 3", n)
	}
	// ed6 flag: the DeviceID attributes ed6 makes booleans.
	o, err = parseXMLOverrides(m, []byte("shape CSTA-device-identifiers.DeviceID deviceid\ned6 flag CSTA-device-identifiers.DeviceID.privateNumber\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, pn, _, _ := resolvePath(m, "CSTA-device-identifiers.DeviceID.privateNumber")
	_, pname, _, _ := resolvePath(m, "CSTA-device-identifiers.DeviceID.privateName")
	if !o.flags6[pn] || o.flags6[pname] {
		t.Errorf("flags6 = %v, want privateNumber only", o.flags6)
	}
	// noform: components, and named bits and identifiers, by edition.
	o, err = parseXMLOverrides(m, []byte("noform ed3 CSTA-make-call.MakeCallResult.callLinkageData\nnoform ed6 CSTA-event-causes.EventCause.makeConnection\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, linkage, _, _ := resolvePath(m, "CSTA-make-call.MakeCallResult.callLinkageData")
	cause, _, _, _ := resolvePath(m, "CSTA-event-causes.EventCause")
	if got := o.noformIn(linkage); !slices.Equal(got, []int{0}) {
		t.Errorf("noformIn(callLinkageData) = %v, want ed3 (0)", got)
	}
	if got := o.noformNamedIn(cause.Underlying(), "makeConnection"); !slices.Equal(got, []int{1}) {
		t.Errorf("noformNamedIn(makeConnection) = %v, want ed6 (1)", got)
	}
	if got := o.noformNamedIn(cause.Underlying(), "newCall"); len(got) != 0 {
		t.Errorf("noformNamedIn(newCall) = %v, want none", got)
	}
	for _, tc := range []struct{ line, want string }{
		{"ed6 item CSTA-common-types.LocationInfoList x", "ed6 qualifies a name, named or flag directive"},
		{"ed6", "ed6 qualifies a name, named or flag directive"},
		{"ed6 flag " + lamp, "is not a component of a type of shape deviceid"},
		{"ed6 flag CSTA-device-identifiers.DeviceID.privateName", "is not a component of a type of shape deviceid (given by a shape directive before)"},
		{"shape CSTA-device-identifiers.DeviceID deviceid\ned6 flag CSTA-device-identifiers.DeviceID.mediaCallCharacteristics", "is not a string component"},
		{"shape CSTA-device-identifiers.DeviceID deviceid\ned6 flag CSTA-device-identifiers.DeviceID.privateName x", "ed6 flag takes 1 field"},
		{"ed6 named CSTA-event-causes.EventCause.badUri badURI", "ed6 named applies to the named bits of a BIT STRING"},
		{"ed6 name " + lamp, "fields"},
		{"noform ed4 CSTA-event-causes.EventCause.badUri", `"ed4" is no edition`},
		{"noform ed3", "noform takes an edition and a path"},
		{"noform ed3 CSTA-event-causes.EventCause.noSuchCause", "no component"},
		{"noform ed3 CSTA-event-causes.EventCause", "is no component, named bit or ENUMERATED identifier"},
		{"noform ed3 CSTA-make-call.MakeCallResult.callingDevice", "is a mandatory component"},
	} {
		_, err := parseXMLOverrides(m, []byte(tc.line+"\n"))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want an error with %q", tc.line, err, tc.want)
		}
	}
}

// TestOverridesModules: every directive of the embedded overrides names a
// module of the embedded schemas (a directive for a module a schema set
// lacks is skipped, so a misspelt module would be skipped silently).
func TestOverridesModules(t *testing.T) {
	m := embeddedModel(t)
	o, err := parseXMLOverrides(m, schemas.XMLOverrides)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.skipped) != 0 {
		t.Errorf("csta-xml.overrides lines %v name modules the schemas do not have", o.skipped)
	}
	o, err = parseXMLOverrides(m, []byte("name NoSuchModule.T.c x\n"))
	if err != nil || len(o.skipped) != 1 || o.skipped[0] != 1 {
		t.Errorf("a directive for a module the model lacks: skipped %v, %v", o.skipped, err)
	}
}

// TestListOfAndInDirectives: listof names a SEQUENCE or SET type, in a
// component of a structured type (or of a shaped one, DeviceID).
func TestListOfAndInDirectives(t *testing.T) {
	m := embeddedModel(t)
	o, err := parseXMLOverrides(m, []byte("shape CSTA-device-identifiers.DeviceID deviceid\nlistof CSTA-device-feature-types.DeviceHistory DeviceHistoryListItem\nin CSTA-device-feature-types.DeviceHistory.oldDeviceID numberDialed\n"))
	if err != nil {
		t.Fatal(err)
	}
	typ := m.Module("CSTA-device-feature-types").LookupType("DeviceHistory").Type
	if o.listof[typ] != "DeviceHistoryListItem" || o.in[typ.Underlying().Components[0]] != "numberDialed" {
		t.Errorf("listof = %v, in = %v", o.listof, o.in)
	}
	for _, tc := range []struct{ line, want string }{
		{"listof CSTA-device-feature-types.DeviceHistory.oldDeviceID x", "is not a SEQUENCE or SET type"},
		{"listof CSTA-call-control.LocationInfoList x", "is not a SEQUENCE or SET type"},
		{"in CSTA-device-feature-types.DeviceHistory x", "is not a component of a structured type"},
		{"in CSTA-set-lamp-mode.SetLampModeArgument.lampMode x", "is not a component of a structured type"},
	} {
		_, err := parseXMLOverrides(m, []byte(tc.line+"\n"))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want an error with %q", tc.line, err, tc.want)
		}
	}
}

// TestValueFormDirectives: flags, boolean, unsigned, notext and shape empty
// give a component's value (or a type's) the schema's datatype; each names
// a value it can apply to.
func TestValueFormDirectives(t *testing.T) {
	m := embeddedModel(t)
	const (
		filter   = "CSTA-change-system-status-filter.ChangeSysStatFilterArg.requestedStatusFilter"
		filter2  = "CSTA-change-system-status-filter.ChangeSysStatFilterRes.actualStatusFilter"
		length   = "CSTA-device-feature-types.MessageInfo.contentsLength"
		grammars = "CSTA-voice-attributes-change-event.VoiceAttributesChangeEvent.grammars"
		private  = "CSTA-capability-exchange.PrivateEvent"
	)
	o, err := parseXMLOverrides(m, []byte("flags "+filter+" messagesLost=messageLost\nflags "+filter2+" messagesLost=messageLost\nunsigned "+length+"\nboolean "+length+"\nnotext "+grammars+"\nshape "+private+" empty\n"))
	if err != nil {
		t.Fatal(err)
	}
	arg := m.Module("CSTA-change-system-status-filter").LookupType("ChangeSysStatFilterArg").Type.Underlying()
	status := arg.Components[1]
	if !o.flags[status] || o.flagName(status.Type.Underlying(), "messagesLost") != "messageLost" || o.flagName(status.Type.Underlying(), "normal") != "normal" {
		t.Errorf("flags: %v, names %v", o.flags, o.flagNames)
	}
	info := m.Module("CSTA-device-feature-types").LookupType("MessageInfo").Type.Underlying()
	if c := info.Components[2]; !o.unsigned[c] || !o.boolean[c] {
		t.Errorf("unsigned %v, boolean %v", o.unsigned, o.boolean)
	}
	if len(o.notext) != 1 || o.shape[m.Module("CSTA-capability-exchange").LookupType("PrivateEvent").Type.Underlying()] != "empty" {
		t.Errorf("notext %v, shape %v", o.notext, o.shape)
	}
	for _, tc := range []struct{ line, want string }{
		{"flags " + length, "is not a component of an ENUMERATED type"},
		{"flags " + filter + " lost=messageLost", `"lost=messageLost" is not IDENTIFIER=XML`},
		{"flags " + filter + " messagesLost", "is not IDENTIFIER=XML"},
		{"flags " + filter + " messagesLost=messageLost\nflags " + filter2, "differ from those of an earlier flags directive"},
		{"flags CSTA-device-feature-types.MessageInfo", "is not a component"},
		{"flags", "flags takes a component"},
		{"boolean " + filter, "is not an INTEGER without named numbers"},
		{"unsigned " + length + " x", "unsigned takes a component"},
		{"notext " + length, "is not a component of a string type written in place"},
		{"shape " + length + " empty", "is not a BIT STRING type without named bits"},
		{"shape CSTA-capability-exchange.DeviceIDFormat empty", "is not a BIT STRING type without named bits"},
	} {
		_, err := parseXMLOverrides(m, []byte(tc.line+"\n"))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want an error with %q", tc.line, err, tc.want)
		}
	}
}

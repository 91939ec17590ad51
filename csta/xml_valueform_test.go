package csta

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/cstagen/cstagen/runtime/ber"
	"github.com/cstagen/cstagen/runtime/xml"
)

// TestXMLValueForms: the values whose XSD datatype differs from their
// ECMA-285 type (the flags, unsigned, boolean, notext and shape empty
// directives) are written in the schema's form, in both editions, and what
// that form cannot hold is refused with an *xml.ValueError wrapping
// xml.ErrNotInEdition that names the type and component.
func TestXMLValueForms(t *testing.T) {
	status := &ChangeSysStatFilterArg{SysStatRegisterID: SysStatRegisterID("7"), RequestedStatusFilter: SystemStatusMessagesLost}
	statusRes := &ChangeSysStatFilterRes{ActualStatusFilter: SystemStatusOverloadImminent}
	length := func(n int64) *MessageInfo {
		return &MessageInfo{Contents: []byte("hi"), ContentsLength: n, HasContentsLength: true}
	}
	count := func(n int64) *GetLocationTrackingCapabilitiesResult {
		return &GetLocationTrackingCapabilitiesResult{ReportingTypeCount: n}
	}
	noBits := PrivateEventCapabilities{}
	bits := PrivateEventCapabilities(ber.BitString{Bytes: []byte{0x80}, Unused: 7})
	var grammars AttributeToSet
	grammars.SetGrammars([]byte("builtin:grammar/digits"))
	changed := &VoiceAttributesChangeEvent{Grammars: []byte("builtin:grammar/digits"), HasGrammars: true}
	changed.Connection.SetCallID(CallID("01"))

	tests := []struct {
		name       string
		v          xmlElem
		want       string // written, in both editions
		typ, field string // or refused, naming these
	}{
		{"a status filter: its flag", status, `<requestedStatusFilter><messageLost>true</messageLost></requestedStatusFilter>`, "", ""},
		{"the response's", statusRes, `<actualStatusFilter><overloadImminent>true</overloadImminent></actualStatusFilter>`, "", ""},
		{"a nonNegativeInteger", length(5), `<contentsLength>5</contentsLength>`, "", ""},
		{"a negative one", length(-1), "", "MessageInfo", "contentsLength"},
		{"an xs:boolean, 1", count(1), `<reportingTypeCount>true</reportingTypeCount>`, "", ""},
		{"an xs:boolean, 0", count(0), `<reportingTypeCount>false</reportingTypeCount>`, "", ""},
		{"an xs:boolean, 2", count(2), "", "GetLocationTrackingCapabilitiesResult", "reportingTypeCount"},
		{"an empty element", &noBits, `<value xmlns="`, "", ""},
		{"bits where the schema has an empty element", &bits, "", "PrivateEventCapabilities", ""},
		{"grammars as text: the alternative", &grammars, "", "AttributeToSet", "grammars"},
		{"grammars as text: the component", changed, "", "VoiceAttributesChangeEvent", "grammars"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, ns := range []string{XMLNamespace, XMLNamespaceEd6} {
				doc, err := xmlAppendDoc(nil, tt.v, "value", ns)
				if tt.want != "" {
					if err != nil || !strings.Contains(string(doc), tt.want) {
						t.Errorf("%s: wrote %s, %v; want it to hold %s", ns, doc, err, tt.want)
					}
					continue
				}
				var ve *xml.ValueError
				if !errors.Is(err, xml.ErrNotInEdition) || !errors.As(err, &ve) || ve.Type != tt.typ || ve.Field != tt.field {
					t.Errorf("%s: wrote %s, %v; want an *xml.ValueError wrapping ErrNotInEdition for %s.%s", ns, doc, err, tt.typ, tt.field)
				}
			}
		})
	}
	if doc, err := xmlAppendDoc(nil, &noBits, "privateEvent", ""); err != nil || !bytes.HasSuffix(doc, []byte("<privateEvent/>")) {
		t.Errorf("PrivateEventCapabilities without bits: %s, %v; want <privateEvent/>", doc, err)
	}
}

// TestXMLValueFormsRead: reading takes the schema's form and the one derived
// from the ASN.1, and keeps verbatim what the ECMA-285 value cannot hold:
// the document writes back the same, and BER refuses the value with an
// error naming the component.
func TestXMLValueFormsRead(t *testing.T) {
	const filter = `<ChangeSysStatFilter xmlns="` + XMLNamespace + `"><sysStatRegisterID>7</sysStatRegisterID>`
	for _, tc := range []struct {
		name, doc string
		want      SystemStatus
		kept      bool // the element is kept verbatim, the value has none
	}{
		{"the schema's flag", filter + `<requestedStatusFilter><messageLost>true</messageLost></requestedStatusFilter></ChangeSysStatFilter>`, SystemStatusMessagesLost, false},
		{"the ASN.1 spelling", filter + `<requestedStatusFilter><messagesLost>1</messagesLost></requestedStatusFilter></ChangeSysStatFilter>`, SystemStatusMessagesLost, false},
		{"false flags beside", filter + `<requestedStatusFilter><initializing>false</initializing><normal>true</normal></requestedStatusFilter></ChangeSysStatFilter>`, SystemStatusNormal, false},
		{"text, the ASN.1 form", filter + `<requestedStatusFilter>overloadReached</requestedStatusFilter></ChangeSysStatFilter>`, SystemStatusOverloadReached, false},
		{"two flags", filter + `<requestedStatusFilter><normal>true</normal><disabled>true</disabled></requestedStatusFilter></ChangeSysStatFilter>`, 0, true},
		{"no flag true", filter + `<requestedStatusFilter><normal>false</normal></requestedStatusFilter></ChangeSysStatFilter>`, 0, true},
		{"an unknown flag", filter + `<requestedStatusFilter><rebooting>true</rebooting></requestedStatusFilter></ChangeSysStatFilter>`, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v ChangeSysStatFilterArg
			v.RequestedStatusFilter = SystemStatusDisabled // from an earlier message
			if err := v.DecodeXML([]byte(tc.doc)); err != nil {
				t.Fatal(err)
			}
			if v.RequestedStatusFilter != tc.want {
				t.Errorf("requestedStatusFilter %v, want %v", v.RequestedStatusFilter, tc.want)
			}
			_, err := v.AppendBER(nil)
			var be *ber.Error
			if tc.kept != (err != nil) || tc.kept && (!errors.Is(err, ber.ErrMissing) || !errors.As(err, &be) || be.Field != "requestedStatusFilter") {
				t.Errorf("AppendBER: %v (kept %v)", err, tc.kept)
			}
			if !tc.kept {
				return
			}
			doc, err := v.AppendXML(nil)
			start := strings.Index(tc.doc, "<requestedStatusFilter>")
			if elem := tc.doc[start : strings.LastIndex(tc.doc, "</requestedStatusFilter>")+len("</requestedStatusFilter>")]; err != nil || !strings.Contains(string(doc), elem) {
				t.Errorf("AppendXML: %s, %v; want the element kept: %s", doc, err, elem)
			}
		})
	}

	// grammars with the schema's attributes: kept verbatim; as text: read.
	var ev VoiceAttributesChangeEvent
	ev.Connection.SetCallID(CallID("01"))
	root, err := ev.AppendXML(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		elem, text string
	}{
		{`<grammars src="http://example.com/digits.grxml"/>`, ""},
		{`<grammars><grammar xmlns="http://www.w3.org/2001/06/grammar"/></grammars>`, ""},
		{`<grammars>builtin:grammar/digits</grammars>`, "builtin:grammar/digits"},
	} {
		i := bytes.LastIndex(root, []byte("</"))
		doc := string(root[:i]) + tc.elem + string(root[i:])
		var v VoiceAttributesChangeEvent
		if err := v.DecodeXML([]byte(doc)); err != nil {
			t.Fatalf("%s: %v", tc.elem, err)
		}
		if got := string(v.GetGrammars()); v.HasGrammars != (tc.text != "") || got != tc.text {
			t.Errorf("%s: grammars %q (%v), want %q", tc.elem, got, v.HasGrammars, tc.text)
		}
		if tc.text != "" {
			continue
		}
		if back, err := v.AppendXML(nil); err != nil || !strings.Contains(string(back), tc.elem) {
			t.Errorf("%s: AppendXML %s, %v; want the element kept", tc.elem, back, err)
		}
	}

	// reportingTypeCount: the schema's xs:boolean, or a number.
	for text, want := range map[string]int64{"true": 1, "false": 0, "1": 1, "3": 3} {
		var v GetLocationTrackingCapabilitiesResult
		doc, err := (&GetLocationTrackingCapabilitiesResult{}).AppendXMLNS(nil, XMLNamespaceEd6)
		if err != nil {
			t.Fatal(err)
		}
		doc = bytes.Replace(doc, []byte("<reportingTypeCount>false<"), []byte("<reportingTypeCount>"+text+"<"), 1)
		if err := v.DecodeXML(doc); err != nil || v.ReportingTypeCount != want {
			t.Errorf("reportingTypeCount %s: %d, %v; want %d", text, v.ReportingTypeCount, err, want)
		}
	}
}

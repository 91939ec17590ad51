package callmodel

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// shared is the reference material (ECMA-285 ASN.1, ECMA-323 index).
const shared = "../../../shared"

// asn1Set is the ECMA-285 modules, by module name.
type asn1Set map[string]string

func loadASN1(t *testing.T) asn1Set {
	t.Helper()
	dir := filepath.Join(shared, "ecma-285")
	manifest, err := os.ReadFile(filepath.Join(dir, "MANIFEST.txt"))
	if err != nil {
		t.Skipf("no ECMA-285 modules: %v", err)
	}
	set := make(asn1Set)
	for _, line := range strings.Split(string(manifest), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, f[0]))
		if err != nil {
			t.Fatal(err)
		}
		set[f[1]] = stripComments(string(src))
	}
	return set
}

var commentRE = regexp.MustCompile(`--[^\n]*`)

func stripComments(s string) string { return commentRE.ReplaceAllString(s, "") }

// body returns the text between the braces of `name ::= KIND {` in module
// text, and KIND ("SEQUENCE", "CHOICE", "ENUMERATED", ...).
func body(t *testing.T, text, name string) (kind, inner string) {
	t.Helper()
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + `\s*::=\s*(\[[^\]]*\]\s*)?(IMPLICIT\s+)?([A-Z][A-Z ]*?)\s*\{`)
	loc := re.FindStringSubmatchIndex(text)
	if loc == nil {
		t.Fatalf("no assignment %s", name)
	}
	kind = strings.TrimSpace(text[loc[6]:loc[7]])
	start := loc[1]
	depth := 1
	for i := start; i < len(text); i++ {
		switch text[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return kind, text[start:i]
			}
		}
	}
	t.Fatalf("unclosed %s", name)
	return "", ""
}

// component is one element of a SEQUENCE, CHOICE, ENUMERATED or BIT STRING.
type component struct {
	name     string
	typ      string // the rest of the component's text
	optional bool
}

// components splits a body at the commas of depth 0.
func components(inner string) []component {
	var out []component
	depth, start := 0, 0
	flush := func(s string) {
		s = strings.TrimSpace(s)
		if s == "" || s == "..." {
			return
		}
		f := strings.Fields(s)
		name := strings.TrimRight(f[0], "(")
		if i := strings.IndexByte(name, '('); i >= 0 {
			name = name[:i]
		}
		out = append(out, component{name: name, typ: strings.Join(f[1:], " "),
			optional: strings.Contains(s, "OPTIONAL") || strings.Contains(s, "DEFAULT")})
	}
	for i := 0; i < len(inner); i++ {
		switch inner[i] {
		case '{', '(':
			depth++
		case '}', ')':
			depth--
		case ',':
			if depth == 0 {
				flush(inner[start:i])
				start = i + 1
			}
		}
	}
	flush(inner[start:])
	return out
}

// typeName returns the type a component's text names, without tags and
// IMPLICIT.
func typeName(typ string) string {
	typ = regexp.MustCompile(`\[[^\]]*\]`).ReplaceAllString(typ, " ")
	for _, f := range strings.Fields(typ) {
		if f != "IMPLICIT" && f != "EXPLICIT" {
			return f
		}
	}
	return ""
}

func names(cs []component) map[string]component {
	m := make(map[string]component, len(cs))
	for _, c := range cs {
		m[c.name] = c
	}
	return m
}

// find returns the module that defines name.
func (s asn1Set) find(t *testing.T, name string) string {
	t.Helper()
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + `\s*::=`)
	for _, text := range s {
		if re.MatchString(text) {
			return text
		}
	}
	t.Fatalf("no module defines %s", name)
	return ""
}

// findBits returns the module that defines name as a BIT STRING.
func (s asn1Set) findBits(t *testing.T, name string) string {
	t.Helper()
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + `\s*::=\s*BIT STRING`)
	for _, text := range s {
		if re.MatchString(text) {
			return text
		}
	}
	t.Fatalf("no module defines %s as a BIT STRING", name)
	return ""
}

func xmlRoots(t *testing.T) map[string]bool {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(shared, "ecma-323-index", "ecma323-ed6.idx"))
	if err != nil {
		t.Skipf("no ECMA-323 index: %v", err)
	}
	roots := make(map[string]bool)
	for _, m := range regexp.MustCompile(`ROOT=(\w+)`).FindAllStringSubmatch(string(src), -1) {
		roots[m[1]] = true
	}
	return roots
}

func checkMap(t *testing.T, where, typeName string, set asn1Set, module string, fields []FieldMap, mustCover bool) {
	t.Helper()
	kind, inner := body(t, module, typeName)
	comps := names(components(inner))
	mapped := make(map[string]bool)
	for _, f := range fields {
		first, _, _ := strings.Cut(f.ASN1, ".")
		if _, ok := comps[first]; !ok {
			t.Errorf("%s: %s has no component %q", where, typeName, first)
		}
		mapped[first] = true
	}
	if mustCover && kind == "SEQUENCE" {
		for _, c := range components(inner) {
			if !c.optional && !mapped[c.name] {
				t.Errorf("%s: mandatory component %s of %s is not mapped", where, c.name, typeName)
			}
		}
	}
}

func TestProtocolTables(t *testing.T) {
	set := loadASN1(t)
	roots := xmlRoots(t)
	modelType := reflect.TypeOf(&Model{})

	ops := append(append([]Operation(nil), Operations...), OperationEventReport, OperationSwitchingFunctionDevices)
	for _, op := range ops {
		text, ok := set[op.Module]
		if !ok {
			t.Errorf("%s: no module %s", op.Name, op.Module)
			continue
		}
		re := regexp.MustCompile(`(?s)\b` + op.Name + `\s+OPERATION\s*::=\s*\{(.*?CODE\s+local\s*:\s*\d+)\s*\}`)
		m := re.FindStringSubmatch(text)
		if m == nil {
			t.Errorf("%s: not an OPERATION of %s", op.Name, op.Module)
			continue
		}
		def := m[1]
		if c := regexp.MustCompile(`CODE\s+local\s*:\s*(\d+)`).FindStringSubmatch(def); c == nil || c[1] != strconv.Itoa(op.Code) {
			t.Errorf("%s: code %d, ASN.1 has %v", op.Name, op.Code, c)
		}
		if a := regexp.MustCompile(`ARGUMENT\s+(\S+)`).FindStringSubmatch(def); a == nil || a[1] != op.Argument {
			t.Errorf("%s: argument %s, ASN.1 has %v", op.Name, op.Argument, a)
		}
		r := regexp.MustCompile(`RESULT\s+(\S+)`).FindStringSubmatch(def)
		if (r == nil && op.Result != "") || (r != nil && r[1] != op.Result) {
			t.Errorf("%s: result %q, ASN.1 has %v", op.Name, op.Result, r)
		}
		checkMap(t, op.Name+" argument", op.Argument, set, text, op.Args, true)
		if op.Result != "" {
			checkMap(t, op.Name+" result", op.Result, set, text, op.Results, true)
		}
		for _, root := range []string{op.XMLRequest, op.XMLResponse} {
			if root != "" && !roots[root] {
				t.Errorf("%s: no ECMA-323 root element %s", op.Name, root)
			}
		}
		if op.Method != "" {
			if _, ok := modelType.MethodByName(op.Method); !ok {
				t.Errorf("%s: Model has no method %s", op.Name, op.Method)
			}
		}
	}
	_, uf := body(t, set["CSTA-error-definition"], "UniversalFailure")
	if !regexp.MustCompile(`\buniversalFailure\s+ERROR\s*::=\s*\{[^}]*CODE\s+local\s*:\s*1\b`).MatchString(set["CSTA-error-definition"]) {
		t.Error("universalFailure is not ERROR code local:1")
	}

	// Events: the EventSpecificInfo alternative, the event type, the
	// filter bit, and the components.
	erd := set["CSTA-event-report-definitions"]
	_, esi := body(t, erd, "EventSpecificInfo")
	groups := names(components(esi))
	_, mf := body(t, set["CSTA-status-reporting"], "MonitorFilter")
	filters := names(components(mf))
	features := set["CSTA-get-csta-features-service"]
	eventType := reflect.TypeOf(Event{})
	if len(EventTypes) != int(numEventKinds) {
		t.Errorf("EventTypes has %d entries for %d kinds", len(EventTypes), numEventKinds)
	}
	for i, et := range EventTypes {
		if et.Kind != EventKind(i+1) {
			t.Errorf("EventTypes[%d] is %v, want %v", i, et.Kind, EventKind(i+1))
		}
		g, ok := groups[et.Group]
		if !ok {
			t.Errorf("%v: no EventSpecificInfo alternative %s", et.Kind, et.Group)
			continue
		}
		_, galts := body(t, erd, typeName(g.typ))
		alt, ok := names(components(galts))[et.Kind.String()]
		if !ok || typeName(alt.typ) != et.Type {
			t.Errorf("%v: %s has no alternative %s of type %s", et.Kind, et.Group, et.Kind, et.Type)
		}
		fc, ok := filters[et.Filter]
		if !ok {
			t.Errorf("%v: no MonitorFilter component %s", et.Kind, et.Filter)
		} else {
			_, bits := body(t, set.findBits(t, typeName(fc.typ)), typeName(fc.typ))
			if _, ok := names(components(bits))[et.Kind.String()]; !ok {
				t.Errorf("%v: %s has no bit %s", et.Kind, typeName(fc.typ), et.Kind)
			}
		}
		if !strings.Contains(features, et.FeatureList) {
			t.Errorf("%v: GetCSTAFeatureResult has no %s", et.Kind, et.FeatureList)
		}
		if !roots[et.XML] {
			t.Errorf("%v: no ECMA-323 root element %s", et.Kind, et.XML)
		}
		checkMap(t, et.Kind.String(), et.Type, set, set.find(t, et.Type), et.Fields, true)
		for _, f := range et.Fields {
			typ := eventType
			for _, part := range strings.Split(f.Go, ".") {
				sf, ok := typ.FieldByName(part)
				if !ok {
					t.Errorf("%v: Event has no field %s", et.Kind, f.Go)
					break
				}
				typ = sf.Type
			}
		}
	}

	// Enumerations mapped by name.
	enum := func(module, typ string) map[string]component {
		_, inner := body(t, set[module], typ)
		return names(components(inner))
	}
	causes := enum("CSTA-event-causes", "EventCause")
	for _, c := range Causes() {
		if _, ok := causes[string(c)]; !ok {
			t.Errorf("cause %q is not an EventCause", c)
		}
	}
	cats := names(components(uf))
	for _, e := range ServiceErrors() {
		alt, ok := cats[string(e.Category)]
		if !ok {
			t.Errorf("%v: no UniversalFailure alternative %s", e, e.Category)
			continue
		}
		if _, ok := enum("CSTA-error-definition", typeName(alt.typ))[e.Value]; !ok {
			t.Errorf("%v: %s has no value %s", e, typeName(alt.typ), e.Value)
		}
	}
	states := enum("CSTA-connection-states", "LocalConnectionState")
	for s := StateNull; s <= StateFail; s++ {
		if _, ok := states[s.String()]; !ok {
			t.Errorf("state %v is not a LocalConnectionState", s)
		}
	}
	fwd := enum("CSTA-device-feature-types", "ForwardingType")
	for _, f := range fwdTypes {
		if _, ok := fwd[string(f)]; !ok {
			t.Errorf("%q is not a ForwardingType", f)
		}
	}
	reqCat := enum("CSTA-get-switching-function-devices", "ReqDeviceCategory")
	for _, c := range []DeviceCategory{CategoryStation, CategoryGroupACD, CategoryGroupHunt, CategoryNetworkInterface} {
		if _, ok := reqCat[string(c)]; !ok {
			t.Errorf("%q is not a ReqDeviceCategory", c)
		}
	}
	sys := enum("CSTA-device-feature-types", "SystemStatus")
	for _, s := range []SystemStatus{StatusInitializing, StatusEnabled, StatusNormal, StatusMessagesLost, StatusDisabled,
		StatusOverloadImminent, StatusOverloadReached, StatusOverloadRelieved, StatusPartiallyDisabled} {
		if _, ok := sys[string(s)]; !ok {
			t.Errorf("%q is not a SystemStatus", s)
		}
	}
	ce := set["CSTA-capability-exchange"]
	_, res := body(t, features, "GetCSTAFeatureResult")
	for list, services := range featureLists() {
		m := regexp.MustCompile(`\b` + list + `\s*\[\s*\d+\]\s*(\w+)`).FindStringSubmatch(res)
		if m == nil {
			t.Errorf("GetCSTAFeatureResult has no list %s", list)
			continue
		}
		_, inner := body(t, ce, m[1])
		comps := names(components(inner))
		for _, s := range services {
			if _, ok := comps[s]; !ok {
				t.Errorf("%s has no service %s", m[1], s)
			}
		}
	}
}

// GetCSTAFeaturesForTest returns the model's service lists.
func featureLists() map[string][]string {
	m, _ := New(Config{})
	return m.GetCSTAFeatures().Services
}

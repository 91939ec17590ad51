package schemas_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cstagen/cstagen/asn1"
	"github.com/cstagen/cstagen/schemas"
	"github.com/google/go-cmp/cmp"
)

// sharedDir is the read-only reference material beside the repository.
const sharedDir = "../../shared"

func compileEmbedded(t *testing.T) *asn1.Model {
	t.Helper()
	files, err := asn1.ReadDir(schemas.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	m, err := asn1.Compile(files, nil)
	if err != nil {
		t.Fatalf("embedded schemas do not compile:\n%v", err)
	}
	return m
}

// referenceFiles returns the ECMA-285 modules as published and the X.880
// and X.881 modules CSTA needs. ACSE-1 is compared separately: as published
// it does not compile (see TestACSEAgreesWithReference).
func referenceFiles(t *testing.T) []asn1.File {
	t.Helper()
	if _, err := os.Stat(filepath.Join(sharedDir, "ecma-285")); err != nil {
		t.Skipf("reference modules not present (%v)", err)
	}
	var files []asn1.File
	add := func(pattern string) {
		paths, _ := filepath.Glob(filepath.Join(sharedDir, pattern))
		if len(paths) == 0 {
			t.Fatalf("no reference files match %s", pattern)
		}
		for _, p := range paths {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, asn1.File{Name: p, Src: src})
		}
	}
	add("ecma-285/*.asn1")
	add("x880-rose/*x880_1994*.asn1")
	add("x880-rose/*x881_1994*.asn1")
	return files
}

// summary describes every assignment of a model in canonical text, keyed
// by Module.Name, so that two models can be compared entry by entry.
func summary(m *asn1.Model, modules map[string]bool) map[string]string {
	out := map[string]string{}
	for _, mod := range m.Modules {
		if modules != nil && !modules[mod.Name] {
			continue
		}
		out["module "+mod.Name] = fmt.Sprintf("oid=%s tags=%s extensible=%v", asn1.OIDString(mod.OID), mod.TagDefault, mod.Extensible)
		for _, td := range mod.Types {
			out["type "+td.QualifiedName()] = asn1.Describe(td.Type)
		}
		for _, v := range mod.Values {
			out["value "+mod.Name+"."+v.Name] = asn1.Describe(v.Type) + " ::= " + asn1.DescribeValue(v.Value)
		}
		for _, c := range mod.Classes {
			var fields []string
			for _, f := range c.Fields {
				fields = append(fields, fmt.Sprintf("%s/%d/%v", f.Name, f.Kind, f.Optional))
			}
			out["class "+mod.Name+"."+c.Name] = strings.Join(fields, " ")
		}
	}
	for _, op := range m.Operations {
		if modules != nil && !modules[op.Module.Name] {
			continue
		}
		var errs []string
		for _, e := range op.Errors {
			errs = append(errs, e.Name)
		}
		out[fmt.Sprintf("operation %d", op.Code)] = fmt.Sprintf("%s arg=%s result=%s errors=%v responds=%v returnsResult=%v",
			op.Name, describeOpt(op.Argument), describeOpt(op.Result), errs, op.Responds, op.ReturnsResult)
	}
	for i, e := range m.Events {
		out[fmt.Sprintf("event %02d", i)] = fmt.Sprintf("%s %s %s %s", e.Category, e.CategoryTag, e.Tag, asn1.Describe(e.Type))
	}
	return out
}

func describeOpt(t *asn1.Type) string {
	if t == nil {
		return "-"
	}
	return asn1.Describe(t)
}

// TestAgreesWithReference proves that the project's schemas state the same
// facts as ECMA-285 as published: every module, type, component, tag,
// constraint, default, value, operation and event, compared one by one.
func TestAgreesWithReference(t *testing.T) {
	ref, err := asn1.Compile(referenceFiles(t), nil)
	if err != nil {
		t.Fatalf("reference modules do not compile:\n%v", err)
	}
	ours := compileEmbedded(t)
	modules := map[string]bool{}
	for _, m := range ref.Modules {
		modules[m.Name] = true
	}
	want, got := summary(ref, nil), summary(ours, modules)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("schemas/ differ from the reference (-reference +schemas/):\n%s", diff)
	}
	t.Logf("compared %d entries across %d modules", len(want), len(modules))
	for _, m := range ref.Modules {
		if ours.Module(m.Name) == nil {
			t.Errorf("module %s is missing from schemas/", m.Name)
		}
	}
}

// TestCounts checks the numbers the tools must reach (schema-facts.md).
func TestCounts(t *testing.T) {
	m := compileEmbedded(t)
	csta := 0
	for _, mod := range m.Modules {
		if strings.HasPrefix(mod.Name, "CSTA-") {
			csta++
		}
	}
	if csta != 269 && csta != 268 {
		t.Errorf("%d CSTA modules, want 268 from ECMA-285 (plus CSTA-ROSE-PDUs)", csta)
	}
	if len(m.Operations) != 174 {
		t.Errorf("%d operations, want 174", len(m.Operations))
	}
	if m.Operations[0].Code != 1 || m.Operations[0].Name != "alternateCall" || m.Operations[len(m.Operations)-1].Code != 551 {
		t.Errorf("operations run from %d %s to %d", m.Operations[0].Code, m.Operations[0].Name, m.Operations[len(m.Operations)-1].Code)
	}
	if len(m.Errors) != 1 || m.Errors[0].Name != "universalFailure" {
		t.Errorf("errors = %v, want universalFailure only", m.Errors)
	}
	cats := map[string]int{}
	for _, e := range m.Events {
		cats[e.Category]++
	}
	want := map[string]int{"callControl": 18, "callAssociated": 5, "mediaAttachment": 2, "physicalDeviceFeature": 11,
		"logicalDeviceFeature": 15, "deviceMaintenance": 4, "voiceUnit": 18, "vendorSpec": 1}
	if diff := cmp.Diff(want, cats); diff != "" {
		t.Errorf("events per category (-want +got):\n%s", diff)
	}
}

// TestTaggingTraps checks the places schema-facts.md warns about.
func TestTaggingTraps(t *testing.T) {
	m := compileEmbedded(t)
	find := func(module, typ, comp string) *asn1.Component {
		mod := m.Module(module)
		if mod == nil {
			t.Fatalf("no module %s", module)
		}
		td := mod.LookupType(typ)
		if td == nil {
			t.Fatalf("no type %s.%s", module, typ)
		}
		for _, c := range td.Type.Underlying().Components {
			if c.Name == comp {
				return c
			}
		}
		t.Fatalf("no component %s.%s.%s", module, typ, comp)
		return nil
	}
	tests := []struct{ module, typ, comp, want string }{
		// [2] IMPLICIT ConnectionID, ConnectionID ::= [APPLICATION 11] CHOICE: the [2] replaces [APPLICATION 11].
		{"CSTA-device-feature-types", "DeviceHistory", "oldConnectionID", "[2] EXPLICIT CSTA-call-connection-identifiers.ConnectionID"},
		{"CSTA-delivered-event", "DeliveredEvent", "connection", "[APPLICATION 11] EXPLICIT CSTA-call-connection-identifiers.ConnectionID"},
		{"CSTA-delivered-event", "DeliveredEvent", "cause", "[UNIVERSAL 10] CSTA-event-causes.EventCause"},
		// The BIT STRING imported from the application context module, not the event CHOICE of the same name.
		{"CSTA-status-reporting", "MonitorFilter", "callControl", "[0] CSTA-application-context-information-csta3.CallControlEvents"},
		{"CSTA-make-call", "MakeCallArgument", "autoOriginate", "[3] CSTA-call-control.AutoOriginate"},
	}
	for _, tc := range tests {
		c := find(tc.module, tc.typ, tc.comp)
		if got := asn1.Describe(c.Type); got != tc.want {
			t.Errorf("%s.%s.%s = %q, want %q", tc.module, tc.typ, tc.comp, got, tc.want)
		}
	}
	if d := find("CSTA-make-call", "MakeCallArgument", "autoOriginate").Default; d == nil || d.Name != "prompt" {
		t.Errorf("MakeCallArgument.autoOriginate DEFAULT = %+v, want prompt", d)
	}
}

package schemas

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cstagen/cstagen/asn1/syntax"
	"github.com/cstagen/cstagen/internal/schemalayout"
	"github.com/google/go-cmp/cmp"
)

// parseAll parses every embedded file and returns the modules by name.
func parseAll(t *testing.T) map[string]*syntax.ModuleDefinition {
	t.Helper()
	mods := map[string]*syntax.ModuleDefinition{}
	for _, name := range Names() {
		src, err := fs.ReadFile(FS, name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := syntax.ParseFile(name, src)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, m := range f.Modules {
			if _, dup := mods[m.Name]; dup {
				t.Errorf("module %s defined twice", m.Name)
			}
			mods[m.Name] = m
		}
	}
	return mods
}

func TestModules(t *testing.T) {
	mods := parseAll(t)
	counts := map[string]int{}
	for name := range mods {
		switch {
		case name == "CSTA-ROSE-PDUs":
			counts["csta-rose"]++
		case strings.HasPrefix(name, "CSTA-"):
			counts["csta"]++
		case strings.HasPrefix(name, "Remote-Operations-"):
			counts["rose"]++
		case name == "ACSE-1":
			counts["acse"]++
		case name == "InformationFramework":
			counts["x501"]++
		case name == "Application-Session-Services":
			counts["ecma-354"]++
		default:
			t.Errorf("unexpected module %s", name)
		}
	}
	want := map[string]int{"csta": 268, "rose": 4, "acse": 1, "x501": 1, "csta-rose": 1, "ecma-354": 1}
	if diff := cmp.Diff(want, counts); diff != "" {
		t.Errorf("module counts (-want +got):\n%s", diff)
	}
	if len(mods) != 276 {
		t.Errorf("got %d modules, want 276", len(mods))
	}
}

// oidKey identifies an OID by its arc numbers (X.680 32.3); root arcs may
// be written by name alone.
func oidKey(o *syntax.ObjIDValue) string {
	roots := map[string]string{"itu-t": "0", "iso": "1", "joint-iso-itu-t": "2"}
	parts := make([]string, len(o.Components))
	for i, c := range o.Components {
		switch {
		case c.Number != nil:
			parts[i] = strconv.FormatInt(*c.Number, 10)
		case c.Only != nil:
			parts[i] = strconv.FormatInt(*c.Only, 10)
		case i == 0 && roots[c.Name] != "":
			parts[i] = roots[c.Name]
		default:
			parts[i] = c.Name
		}
	}
	return strings.Join(parts, ".")
}

// TestImportNamesMatchOIDs checks that no import names one module while its
// OID identifies another (the defect schemagen fixes).
func TestImportNamesMatchOIDs(t *testing.T) {
	mods := parseAll(t)
	byOID := map[string]string{}
	for name, m := range mods {
		if m.OID != nil {
			byOID[oidKey(m.OID)] = name
		}
	}
	for name, m := range mods {
		if m.Imports == nil {
			continue
		}
		for _, g := range m.Imports.From {
			if g.OID == nil {
				continue
			}
			if want, ok := byOID[oidKey(g.OID)]; ok && want != g.Module {
				t.Errorf("%s imports FROM %s %s, which is the OID of %s", name, g.Module, syntax.FormatOID(g.OID), want)
			}
		}
	}
}

// TestCSTAOperations checks that CSTA-ROSE-PDUs lists every CSTA operation
// object once and imports each from the module that defines it.
func TestCSTAOperations(t *testing.T) {
	mods := parseAll(t)
	defined := map[string]string{} // operation -> module
	for name, m := range mods {
		if !strings.HasPrefix(name, "CSTA-") || name == "CSTA-ROSE-PDUs" {
			continue
		}
		for _, a := range m.Assignments {
			if a.Governor != nil && a.Governor.Ref != nil && a.Governor.Ref.Name == "OPERATION" && a.Value != nil {
				defined[a.Name] = name
			}
		}
	}
	if len(defined) != 174 {
		t.Errorf("the CSTA modules define %d operations, want 174", len(defined))
	}
	rose := mods["CSTA-ROSE-PDUs"]
	imported := map[string]string{}
	for _, g := range rose.Imports.From {
		for _, s := range g.Symbols {
			imported[s.Name] = g.Module
		}
	}
	listed := map[string]bool{}
	for _, a := range rose.Assignments {
		if a.Name != "CSTA-Operations" {
			continue
		}
		for _, it := range a.Value.Braced.Items {
			if it.Token != "|" {
				if listed[it.Token] {
					t.Errorf("%s listed twice", it.Token)
				}
				listed[it.Token] = true
			}
		}
	}
	for op, mod := range defined {
		if !listed[op] {
			t.Errorf("operation %s of %s missing from CSTA-Operations", op, mod)
		}
		if imported[op] != mod {
			t.Errorf("operation %s imported from %q, defined in %s", op, imported[op], mod)
		}
	}
	if len(listed) != len(defined) {
		t.Errorf("CSTA-Operations lists %d objects, the modules define %d", len(listed), len(defined))
	}
}

// TestRegenerate checks that schemagen, run on the reference modules,
// writes exactly the committed files.
func TestRegenerate(t *testing.T) {
	ref := filepath.Join("..", "..", "shared")
	if _, err := os.Stat(filepath.Join(ref, "ecma-285", "MANIFEST.txt")); err != nil {
		t.Skip("reference modules (../shared) not present")
	}
	res, err := schemalayout.Generate(ref)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range res.Files {
		names = append(names, f.Name)
		got, err := fs.ReadFile(FS, f.Name)
		if err != nil {
			t.Errorf("%s: generated but not committed", f.Name)
			continue
		}
		if !bytes.Equal(got, f.Data) {
			t.Errorf("%s is stale: run go run ./internal/schemagen -ref ../shared -out schemas\n%s", f.Name, cmp.Diff(string(f.Data), string(got)))
		}
	}
	if diff := cmp.Diff(names, Names()); diff != "" {
		t.Errorf("committed files differ from generated ones (-generated +committed):\n%s", diff)
	}
}

package bench

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cstagen/cstagen/asn1"
	"github.com/cstagen/cstagen/asn1/syntax"
	"github.com/cstagen/cstagen/schemas"
)

// asn1c 0.9.28 does not compile ECMA-285 as published
// (../shared/docs/schema-facts.md): C has one namespace, so the type names
// that repeat across the 268 modules clash, and it cannot parse the X.880
// ROSE modules (parameterized imports). The asn1c benchmark therefore
// compiles a subset made here, at run time, from the modules in schemas/:
// the assignments that CSTAEventReportArgument reaches once two CHOICEs are
// cut down to the path of the HiPath capture (EventSpecificInfo to
// callControlEvents, CallControlEvents to delivered), each in its own module
// with its own tag default, imports trimmed to what is kept. Names that
// still repeat across the kept modules are renamed (asn1cSubset reports
// which). Cutting a CHOICE's other alternatives leaves the encoding of the
// kept ones unchanged (X.690 8.13: a CHOICE is encoded as its chosen
// alternative), so the subset decodes and re-encodes the capture's octets
// as the full module set would.

// asn1cRoot is the type the subset is made for.
const (
	asn1cRootModule = "CSTA-event-report-definitions"
	asn1cRootType   = "CSTAEventReportArgument"
)

// asn1cPrune lists, per module and CHOICE type, the alternatives kept.
var asn1cPrune = map[[2]string][]string{
	{asn1cRootModule, "EventSpecificInfo"}: {"callControlEvents"},
	{asn1cRootModule, "CallControlEvents"}: {"delivered"},
}

// asn1cSubsetResult is the subset: the module texts in dependency-free
// order (asn1c reads them as one set), and what was changed.
type asn1cSubsetResult struct {
	Text    []byte   // every kept module, canonical layout
	Modules []string // kept modules, in the order of schemas/
	Types   int      // kept assignments
	Renames []string // "Module.Old -> New" for each renamed assignment
}

// symKey names one assignment of one module.
type symKey struct{ module, name string }

// asn1cSubset makes the subset from schemas.FS.
func asn1cSubset() (*asn1cSubsetResult, error) {
	var files []asn1.File
	for _, name := range schemas.Names() {
		src, err := schemas.FS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		files = append(files, asn1.File{Name: name, Src: src})
	}
	return subsetModules(files, symKey{asn1cRootModule, asn1cRootType}, asn1cPrune)
}

// subsetModules keeps the assignments that root reaches in files, after
// cutting the CHOICEs of prune down to the listed alternatives, and
// renames assignments whose names repeat across the kept modules.
func subsetModules(files []asn1.File, rootKey symKey, prune map[[2]string][]string) (*asn1cSubsetResult, error) {
	var order []string
	mods := map[string]*syntax.ModuleDefinition{}
	for _, file := range files {
		f, err := syntax.ParseFile(file.Name, file.Src)
		if err != nil {
			return nil, err
		}
		for _, m := range f.Modules {
			if mods[m.Name] != nil {
				return nil, fmt.Errorf("module %s defined twice", m.Name)
			}
			mods[m.Name] = m
			order = append(order, m.Name)
		}
	}
	// resolve finds the assignment a name used in module m stands for:
	// its own, or the one it imports (X.680 13.16), followed to its source.
	var resolve func(m, name string, depth int) (symKey, bool)
	resolve = func(m, name string, depth int) (symKey, bool) {
		md := mods[m]
		if md == nil || depth > 16 {
			return symKey{}, false
		}
		for _, a := range md.Assignments {
			if a.Name == name {
				return symKey{m, name}, true
			}
		}
		if md.Imports != nil {
			for _, from := range md.Imports.From {
				for _, s := range from.Symbols {
					if s.Name == name {
						return resolve(from.Module, name, depth+1)
					}
				}
			}
		}
		return symKey{}, false
	}
	assignment := func(k symKey) *syntax.Assignment {
		for _, a := range mods[k.module].Assignments {
			if a.Name == k.name {
				return a
			}
		}
		return nil
	}
	for k, keep := range prune {
		a := assignment(symKey{k[0], k[1]})
		if a == nil || a.Type == nil || a.Type.Builtin == nil || a.Type.Builtin.Choice == nil {
			return nil, fmt.Errorf("%s.%s is not a CHOICE", k[0], k[1])
		}
		c := a.Type.Builtin.Choice
		c.Components = slices.DeleteFunc(c.Components, func(ct *syntax.ComponentType) bool {
			return !slices.Contains(keep, ct.Name)
		})
		if len(c.Components) != len(keep) {
			return nil, fmt.Errorf("%s.%s: alternatives %v not all found", k[0], k[1], keep)
		}
	}

	root, ok := resolve(rootKey.module, rootKey.name, 0)
	if !ok {
		return nil, fmt.Errorf("%s.%s not found", rootKey.module, rootKey.name)
	}
	kept := map[symKey]bool{root: true}
	work := []symKey{root}
	for len(work) > 0 {
		k := work[len(work)-1]
		work = work[:len(work)-1]
		for _, name := range referencedNames(assignment(k)) {
			if t, ok := resolve(k.module, name, 0); ok && !kept[t] {
				kept[t] = true
				work = append(work, t)
			}
		}
	}

	// Names defined by more than one kept module get the module's name
	// appended in all but the first module (in schemas/ order).
	owner := map[string]string{}
	renamed := map[symKey]string{}
	res := &asn1cSubsetResult{Types: len(kept)}
	for _, m := range order {
		for _, a := range mods[m].Assignments {
			k := symKey{m, a.Name}
			if !kept[k] {
				continue
			}
			if _, dup := owner[a.Name]; dup {
				renamed[k] = a.Name + "-" + strings.TrimPrefix(m, "CSTA-")
				res.Renames = append(res.Renames, fmt.Sprintf("%s.%s -> %s", m, a.Name, renamed[k]))
			} else {
				owner[a.Name] = m
			}
		}
	}

	var out bytes.Buffer
	for _, m := range order {
		md := mods[m]
		var body []*syntax.Assignment
		for _, a := range md.Assignments {
			if kept[symKey{m, a.Name}] {
				body = append(body, a)
			}
		}
		if len(body) == 0 {
			continue
		}
		// newName maps a name used in m to the name of what it stands for.
		newName := func(name string) string {
			if t, ok := resolve(m, name, 0); ok {
				if n, ok := renamed[t]; ok {
					return n
				}
			}
			return name
		}
		sub := &syntax.ModuleDefinition{Name: md.Name, OID: md.OID, TagDefault: md.TagDefault, Extensible: md.Extensible}
		if md.Imports != nil {
			imp := &syntax.Imports{}
			for _, from := range md.Imports.From {
				g := &syntax.SymbolsFromModule{Module: from.Module, OID: from.OID}
				for _, s := range from.Symbols {
					if t, ok := resolve(m, s.Name, 0); ok && kept[t] {
						g.Symbols = append(g.Symbols, &syntax.Symbol{Name: newName(s.Name)})
					}
				}
				if len(g.Symbols) > 0 {
					imp.From = append(imp.From, g)
				}
			}
			if len(imp.From) > 0 {
				sub.Imports = imp
			}
		}
		for _, a := range body {
			renameRefs(reflect.ValueOf(a).Elem(), newName)
			a.Name = newName(a.Name)
			sub.Assignments = append(sub.Assignments, a)
		}
		out.Write(syntax.FormatModule(sub))
		out.WriteByte('\n')
		res.Modules = append(res.Modules, m)
	}
	res.Text = out.Bytes()
	return res, nil
}

var (
	typeRefType = reflect.TypeFor[syntax.TypeReference]()
	valueRefTyp = reflect.TypeFor[syntax.ValueRef]()
	tagType     = reflect.TypeFor[syntax.Tag]()
	namedNumTyp = reflect.TypeFor[syntax.NamedNumber]()
	groupItemTy = reflect.TypeFor[syntax.GroupItem]()
)

// referencedNames returns every name an assignment may refer to: type and
// value references, tag numbers given by value, named numbers given by
// value, and the words inside braced values. More than the references is
// harmless: a name that resolves to nothing is ignored.
func referencedNames(a *syntax.Assignment) []string {
	var names []string
	walkAST(reflect.ValueOf(a).Elem(), func(v reflect.Value) {
		switch v.Type() {
		case typeRefType:
			names = append(names, v.FieldByName("Name").String())
		case valueRefTyp:
			if v.FieldByName("Module").String() == "" {
				names = append(names, v.FieldByName("Name").String())
			}
		case tagType:
			names = append(names, v.FieldByName("Value").String())
		case namedNumTyp:
			names = append(names, v.FieldByName("Ref").String())
		case groupItemTy:
			names = append(names, v.FieldByName("Token").String())
		}
	})
	return names
}

// renameRefs rewrites the references of an assignment with newName.
func renameRefs(v reflect.Value, newName func(string) string) {
	walkAST(v, func(v reflect.Value) {
		switch v.Type() {
		case typeRefType, valueRefTyp:
			f := v.FieldByName("Name")
			f.SetString(newName(f.String()))
		}
	})
}

// walkAST calls visit for every struct reachable from v, skipping source
// positions and raw token lists (the parsed form of the same text is
// walked instead).
func walkAST(v reflect.Value, visit func(reflect.Value)) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			walkAST(v.Elem(), visit)
		}
	case reflect.Slice:
		for i := range v.Len() {
			walkAST(v.Index(i), visit)
		}
	case reflect.Struct:
		if v.Type().PkgPath() != typeRefType.PkgPath() {
			return // lexer.Position
		}
		visit(v)
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.Name != "Tokens" && f.Name != "Pos" {
				walkAST(v.Field(i), visit)
			}
		}
	}
}

// TestASN1CSubset checks that the subset the asn1c benchmark compiles is
// valid ASN.1 for our own front end, holds the path of the capture, and
// left out the rest.
func TestASN1CSubset(t *testing.T) {
	res, err := asn1cSubset()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d modules, %d assignments, renames %v", len(res.Modules), res.Types, res.Renames)
	if _, err := asn1.Compile([]asn1.File{{Name: "subset.asn1", Src: res.Text}}, nil); err != nil {
		t.Fatalf("subset does not compile: %v\n%s", err, res.Text)
	}
	for _, want := range []string{"CSTAEventReportArgument", "DeliveredEvent", "ConnectionID", "CSTACommonArguments"} {
		if !bytes.Contains(res.Text, []byte(want+" ::=")) {
			t.Errorf("subset lacks %s", want)
		}
	}
	for _, gone := range []string{"OriginatedEvent ::=", "callAssociatedEvents", "OPERATION"} {
		if bytes.Contains(res.Text, []byte(gone)) {
			t.Errorf("subset still has %s", gone)
		}
	}
}

// TestSubsetModules checks pruning, the closure across imports, trimmed
// imports and renaming on a small set.
func TestSubsetModules(t *testing.T) {
	src := `A DEFINITIONS IMPLICIT TAGS ::= BEGIN
IMPORTS X FROM B Y, Unused FROM C;
T ::= SEQUENCE { a [0] X, b [1] Y, c [2] Pick }
Pick ::= CHOICE { keep [0] INTEGER, drop [1] Dropped }
Dropped ::= BOOLEAN
Lonely ::= NULL
END
B DEFINITIONS ::= BEGIN
X ::= SEQUENCE { z Z, n INTEGER (0..maxN) }
Z ::= OCTET STRING
maxN INTEGER ::= 8
END
C DEFINITIONS AUTOMATIC TAGS ::= BEGIN
Y ::= SEQUENCE OF Z
Z ::= IA5String
Unused ::= REAL
END
D DEFINITIONS ::= BEGIN
Never ::= NULL
END
`
	res, err := subsetModules([]asn1.File{{Name: "t.asn1", Src: []byte(src)}}, symKey{"A", "T"},
		map[[2]string][]string{{"A", "Pick"}: {"keep"}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"C.Z -> Z-C"}, res.Renames); diff != "" {
		t.Errorf("renames (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"A", "B", "C"}, res.Modules); diff != "" {
		t.Errorf("modules (-want +got):\n%s", diff)
	}
	if res.Types != 7 { // T, Pick, X, Z, maxN, Y, Z-C
		t.Errorf("%d assignments kept, want 7:\n%s", res.Types, res.Text)
	}
	text := string(res.Text)
	for _, want := range []string{"Y ::= SEQUENCE OF Z-C", "Z-C ::= IA5String", "Z ::= OCTET STRING", "maxN INTEGER ::= 8", "DEFINITIONS AUTOMATIC TAGS", "DEFINITIONS IMPLICIT TAGS"} {
		if !strings.Contains(text, want) {
			t.Errorf("subset lacks %q:\n%s", want, text)
		}
	}
	for _, gone := range []string{"Dropped", "Lonely", "Unused", "Never", "drop"} {
		if strings.Contains(text, gone) {
			t.Errorf("subset still has %q:\n%s", gone, text)
		}
	}
	if _, err := asn1.Compile([]asn1.File{{Name: "subset.asn1", Src: res.Text}}, nil); err != nil {
		t.Errorf("subset does not compile: %v\n%s", err, text)
	}
	if _, err := subsetModules([]asn1.File{{Name: "t.asn1", Src: []byte(src)}}, symKey{"A", "T"},
		map[[2]string][]string{{"A", "Pick"}: {"missing"}}); err == nil {
		t.Error("a prune naming a missing alternative was accepted")
	}
	if _, err := subsetModules([]asn1.File{{Name: "t.asn1", Src: []byte(src)}}, symKey{"A", "Nope"}, nil); err == nil {
		t.Error("a missing root was accepted")
	}
}

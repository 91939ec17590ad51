package xsdindex

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// testIndex is a small index in the format of ../shared/ecma-323-index.
const testIndex = `# test index
type DeviceID
  @typeOfNumber : DeviceIDTypeOfNumber default=DeviceIDTypeOfNumber.dialingNumber
  @mediaClass : MediaClassComponents[]
  #text : string

enum DeviceIDTypeOfNumber anonymous
  = dialingNumber | deviceNumber

enum MediaClassComponents
  = voice | data

type ConnectionID
  CHOICE Items {callID:string, deviceID:DeviceID}

type Base
  first : string

type MakeCall anonymous ROOT=MakeCall extends=Base
  callingDevice : DeviceID
  accountCode : byte[] /hexBinary
  private : bool ?opt
  count : long ?opt
  length : string /nonNegativeInteger
  autoOriginate : AutoOriginate default=AutoOriginate.prompt
  connections : ConnectionID[] array=connections item=connection
  entries : ConnectionID[][] array=entries item=entry
  extensions : Extensions

enum AutoOriginate
  = prompt | doNotPrompt

type Extensions anonymous
  <any> Any : System.Xml.XmlElement[]
  (ignored) ItemElementName : ItemChoiceType7
`

func TestCheck(t *testing.T) {
	ix, err := Parse(strings.NewReader(testIndex))
	if err != nil {
		t.Fatal(err)
	}
	set := Set{ix}
	const ns = ` xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="x"`
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"agrees", `<MakeCall` + ns + `><first>a</first><callingDevice typeOfNumber="deviceNumber" mediaClass="voice data">601</callingDevice><accountCode>0aFF</accountCode>` +
			`<autoOriginate>doNotPrompt</autoOriginate><connections><connection><callID>1</callID><deviceID>2</deviceID></connection></connections><extensions><anything><at>all</at></anything></extensions></MakeCall>`, nil},
		{"unknown root", `<MakeCal/>`, []string{"MakeCal: no such root element"}},
		{"unknown element", `<MakeCall><callingDevise>601</callingDevise></MakeCall>`, []string{"MakeCall/callingDevise: no such element in MakeCall"}},
		{"order", `<MakeCall><autoOriginate>prompt</autoOriginate><callingDevice>601</callingDevice></MakeCall>`, []string{"MakeCall/callingDevice: out of the order of MakeCall"}},
		{"base members first", `<MakeCall><callingDevice>601</callingDevice><first>a</first></MakeCall>`, []string{"MakeCall/first: out of the order of MakeCall"}},
		{"repeated element", `<MakeCall><callingDevice>601</callingDevice><callingDevice>602</callingDevice></MakeCall>`, []string{"MakeCall/callingDevice: out of the order of MakeCall"}},
		{"enumeration literal", `<MakeCall><autoOriginate>Prompt</autoOriginate></MakeCall>`, []string{`MakeCall/autoOriginate: "Prompt" is no literal of AutoOriginate`}},
		{"attribute literal", `<MakeCall><callingDevice typeOfNumber="dialingnumber" mediaClass="voice fax">601</callingDevice></MakeCall>`,
			[]string{`MakeCall/callingDevice/@typeOfNumber: "dialingnumber" is no literal of DeviceIDTypeOfNumber`, `MakeCall/callingDevice/@mediaClass: "fax" is no literal of MediaClassComponents`}},
		{"unknown attribute", `<MakeCall><callingDevice bitRate="constant">601</callingDevice></MakeCall>`, []string{"MakeCall/callingDevice: attribute bitRate is not in DeviceID"}},
		{"hexBinary", `<MakeCall><accountCode>0g</accountCode></MakeCall>`, []string{`MakeCall/accountCode: "0g" is not hexBinary`}},
		{"odd hexBinary", `<MakeCall><accountCode>abc</accountCode></MakeCall>`, []string{`MakeCall/accountCode: "abc" is not hexBinary`}},
		{"booleans and integers", `<MakeCall><private>1</private><count>-2</count><length>0</length></MakeCall>`, nil},
		{"no boolean", `<MakeCall><private>yes</private></MakeCall>`, []string{`MakeCall/private: "yes" is no boolean`}},
		{"no integer", `<MakeCall><count>2.5</count></MakeCall>`, []string{`MakeCall/count: "2.5" is no integer`}},
		{"negative", `<MakeCall><length>-1</length></MakeCall>`, []string{`MakeCall/length: "-1" is no nonNegativeInteger`}},
		{"text in a complex type", `<MakeCall>x</MakeCall>`, []string{`MakeCall: text "x" in MakeCall, which has no simple content`}},
		{"element in a simple value", `<MakeCall><accountCode><a/></accountCode></MakeCall>`, []string{"MakeCall/accountCode: child <a> in a value of type byte"}},
		{"list item", `<MakeCall><connections><conn/></connections></MakeCall>`, []string{"MakeCall/connections/conn: not the item element connection of the list"}},
		{"jagged list", `<MakeCall><entries><entry><callID>1</callID></entry><entry><deviceID>2</deviceID></entry></entries></MakeCall>`, nil},
		{"jagged list item", `<MakeCall><entries><entry><callId>1</callId></entry></entries></MakeCall>`, []string{"MakeCall/entries/entry/callId: no such element in ConnectionID"}},
		{"choice alternative", `<MakeCall><connections><connection><callId>1</callId></connection></connections></MakeCall>`, []string{"MakeCall/connections/connection/callId: no such element in ConnectionID"}},
		{"not well-formed", `<MakeCall>`, []string{"not well-formed: xml: line 1, column 11 (offset 10): unexpected end of input: <MakeCall> not closed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, set.Check([]byte(tt.doc))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestRepairRoots: a root element xsd.exe gave to a named type of a later
// edition takes the members of the ed3 message of that name.
func TestRepairRoots(t *testing.T) {
	ed3, err := Parse(strings.NewReader("type Data1 anonymous ROOT=Data\n  id : string\n  last : bool\n  items : Item[] array=items item=item\n\ntype Item\n  n : long\n"))
	if err != nil {
		t.Fatal(err)
	}
	ed6, err := Parse(strings.NewReader("type DataList ROOT=Data\n  item : Item[]\n\ntype Item\n  n : long\n  m : long ?opt\n\ntype Keep ROOT=keep\n  a : string\n"))
	if err != nil {
		t.Fatal(err)
	}
	repairRoots(ed6, ed3)
	set := Set{ed6}
	if got := set.Check([]byte(`<Data><id>1</id><last>true</last><items><item><n>1</n><m>2</m></item></items></Data>`)); len(got) > 0 {
		t.Errorf("repaired root: %v", got)
	}
	if got := set.Check([]byte(`<keep><a>x</a></keep>`)); len(got) > 0 {
		t.Errorf("root of a named type only: %v", got)
	}
	if ed6.Types["DataList"].Root != "Data" {
		t.Error("the named type lost its root")
	}
}

func TestParseErrors(t *testing.T) {
	for _, src := range []string{"type\n", "  x : y\n", "enum E\n  x\n", "junk\n", "type T\n  CHOICE Item {a}\n", "type T\n  x y\n"} {
		if _, err := Parse(strings.NewReader(src)); err == nil {
			t.Errorf("%q: no error", src)
		}
	}
}

// TestLoad reads the index beside the project, when it is there.
func TestLoad(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "ecma-323-index")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("the ECMA-323 index is not available:", err)
	}
	for ed, roots := range map[string]int{"ed3": 387 + 10, "ed6": 421 + 10} {
		set, err := Load(dir, ed)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, ix := range set {
			n += len(ix.Roots) + len(ix.EnumRoots)
		}
		if n != roots {
			t.Errorf("%s: %d root elements, want %d (README)", ed, n, roots)
		}
		if got := set.Check([]byte(`<MakeCall><callingDevice>601</callingDevice><calledDirectoryNumber>535</calledDirectoryNumber></MakeCall>`)); len(got) > 0 {
			t.Errorf("%s: MakeCall: %v", ed, got)
		}
		// ed6's SnapshotCallData message (repairRoots).
		if got := set.Check([]byte(`<SnapshotCallData><serviceCrossRefID>1</serviceCrossRefID><lastSegment>true</lastSegment></SnapshotCallData>`)); len(got) > 0 {
			t.Errorf("%s: SnapshotCallData: %v", ed, got)
		}
	}
}

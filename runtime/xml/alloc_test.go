package xml

import (
	"io"
	"testing"
)

// walkAll reads every element with the helpers: ReadStart, then a recursive
// walk for the names in structured, RawElement for <private>, ReadText and
// the attributes' values otherwise.
func walkAll(d *Decoder, structured map[string]bool, scratch *[]byte) (int, error) {
	n := 0
	for {
		name, ok, err := d.ReadStart()
		if err != nil || !ok {
			return n, err
		}
		n++
		for i := 0; i < d.AttrCount(); i++ {
			if _, err := d.AttrValue(i, scratch); err != nil {
				return n, err
			}
		}
		switch {
		case string(name.Local) == "private":
			if _, err := d.RawElement(); err != nil {
				return n, err
			}
		case structured[string(name.Local)]:
			m, err := walkAll(d, structured, scratch)
			n += m
			if err != nil {
				return n, err
			}
		default:
			if _, err := d.ReadText(scratch); err != nil {
				return n, err
			}
		}
	}
}

var structuredNames = map[string]bool{
	"OriginatedEvent": true, "DeliveredEvent": true, "originatedConnection": true, "connection": true,
	"callingDevice": true, "calledDevice": true, "alertingDevice": true, "lastRedirectionDevice": true,
	"correlatorData": true, "servicesPermitted": true, "callControlServices": true, "networkCalledDevice": true,
	"associatedCallingDevice": true, "mediaCallCharacteristics": true, "mediaClass": true,
	"callCharacteristics": true, "extensions": true, "privateData": true,
}

func TestAllocs(t *testing.T) {
	files := readCorpus(t)
	for _, name := range []string{"002-OriginatedEvent.xml", "015-DeliveredEvent.xml", "077-Envelope.xml", "062-SetForwarding.xml"} {
		doc := files[name]
		if doc == nil {
			t.Errorf("%s missing", name)
			continue
		}
		d := NewDecoder(doc, nil)
		d.SetFlags(ReportComments | ReportProcInsts | ReportDoctype)
		tokens := 0
		allocs := testing.AllocsPerRun(100, func() {
			d.Reset(doc)
			tokens = 0
			for {
				_, err := d.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				tokens++
			}
		})
		if allocs != 0 || tokens < 10 {
			t.Errorf("%s: Next walk: %v allocs, %d tokens", name, allocs, tokens)
		}
	}

	for _, name := range []string{"002-OriginatedEvent.xml", "015-DeliveredEvent.xml"} {
		doc := files[name]
		d := NewDecoder(doc, nil)
		scratch := make([]byte, 0, 256)
		elements := 0
		allocs := testing.AllocsPerRun(100, func() {
			d.Reset(doc)
			n, err := walkAll(d, structuredNames, &scratch)
			if err != nil {
				t.Fatal(err)
			}
			elements = n
		})
		if allocs != 0 || elements < 20 {
			t.Errorf("%s: helper walk: %v allocs, %d elements", name, allocs, elements)
		}
	}
}

func TestAllocsEscapedText(t *testing.T) {
	doc := []byte(`<a x="&lt;1&gt;&#10;"><b>N&lt;3021&gt;;noa=nk</b><c>x<![CDATA[y]]>z</c><d/></a>`)
	d := NewDecoder(doc, nil)
	scratch := make([]byte, 0, 64)
	allocs := testing.AllocsPerRun(100, func() {
		d.Reset(doc)
		if _, err := walkAll(d, map[string]bool{"a": true}, &scratch); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocs", allocs)
	}
}

func TestAllocsWriter(t *testing.T) {
	buf := make([]byte, 0, 1024)
	text := []byte("N<302118840101>;displayNumber=302118840101;noa=nk")
	allocs := testing.AllocsPerRun(100, func() {
		b := AppendDeclaration(buf[:0])
		b = AppendStartOpen(b, "OriginatedEvent")
		b = AppendAttr(b, "xmlns", "http://www.ecma-international.org/standards/ecma-323/csta/ed4")
		b = AppendStartClose(b)
		b = AppendElementString(b, "monitorCrossRefID", "1169730059")
		b = AppendStart(b, "calledDevice")
		b = AppendStartOpen(b, "deviceIdentifier")
		b = AppendAttrBytes(b, "typeOfNumber", []byte("other"))
		b = AppendStartClose(b)
		b = AppendText(b, text)
		b = AppendEnd(b, "deviceIdentifier")
		b = AppendEnd(b, "calledDevice")
		b = AppendElement(b, "cause", []byte("newCall"))
		b = AppendTextString(b, "&")
		b = AppendAttrValue(b, text)
		b = AppendEmpty(b, "callAssociatedServices")
		b = AppendStartOpen(b, "x")
		b = AppendEmptyClose(b)
		b = AppendEnd(b, "OriginatedEvent")
		buf = b
	})
	if allocs != 0 {
		t.Errorf("%v allocs", allocs)
	}
}

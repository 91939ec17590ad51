package bench

import (
	"bytes"
	stdxml "encoding/xml"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/cstagen/cstagen/runtime/xml"
)

// originatedEvent is the OpenScape Voice OriginatedEvent capture (1083 bytes,
// compact, default namespace, Siemens private data).
var originatedEventPath = filepath.Join("..", "..", "shared", "corpus", "xml", "002-OriginatedEvent.xml")

func loadOriginatedEvent(b *testing.B) []byte {
	b.Helper()
	src, err := os.ReadFile(originatedEventPath)
	if err != nil {
		b.Skipf("corpus not available: %v", err)
	}
	return src
}

// BenchmarkXMLTokenizerWalk walks every token of the document with
// runtime/xml's Decoder (reused via Reset).
func BenchmarkXMLTokenizerWalk(b *testing.B) {
	src := loadOriginatedEvent(b)
	d := xml.NewDecoder(src, nil)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		d.Reset(src)
		for {
			_, err := d.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkXMLTokenizerReadHelpers walks the document the way generated code
// does: ReadStart for elements, ReadText for leaves (recognized by having no
// child start tag next), RawElement for <private>.
func BenchmarkXMLTokenizerReadHelpers(b *testing.B) {
	src := loadOriginatedEvent(b)
	d := xml.NewDecoder(src, nil)
	var scratch []byte
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	var walk func() error
	walk = func() error {
		for {
			name, ok, err := d.ReadStart()
			if err != nil || !ok {
				return err
			}
			switch string(name.Local) {
			case "OriginatedEvent", "originatedConnection", "callingDevice", "calledDevice", "servicesPermitted",
				"callControlServices", "mediaCallCharacteristics", "mediaClass", "extensions", "privateData":
				if err := walk(); err != nil {
					return err
				}
			case "private":
				if _, err := d.RawElement(); err != nil {
					return err
				}
			default:
				if _, err := d.ReadText(&scratch); err != nil {
					return err
				}
			}
		}
	}
	for b.Loop() {
		d.Reset(src)
		if err := walk(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkXMLStdlibTokenWalk walks the same document with encoding/xml's
// Decoder.Token, for comparison.
func BenchmarkXMLStdlibTokenWalk(b *testing.B) {
	src := loadOriginatedEvent(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	r := bytes.NewReader(src)
	for b.Loop() {
		r.Reset(src)
		d := stdxml.NewDecoder(r)
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

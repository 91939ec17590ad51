package bench

import (
	stdxml "encoding/xml"
	"testing"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/runtime/xml"
)

// The generated CSTA-XML codec on the corpus OpenScape Voice
// OriginatedEvent (002, 1083 bytes), against encoding/xml with struct tags,
// the way Go CSTA clients parse events (github.com/mdigger/csta style: one
// hand-written struct per event, strings for identifiers).

// BenchmarkCSTAXMLDecodeOriginated decodes the message with a reused
// csta.XMLMessage: root dispatch, typed OriginatedEvent, monitorCrossRefID,
// private data kept verbatim.
func BenchmarkCSTAXMLDecodeOriginated(b *testing.B) {
	src := loadOriginatedEvent(b)
	var m csta.XMLMessage
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if err := m.DecodeXML(src); err != nil {
			b.Fatal(err)
		}
	}
	if m.Kind != csta.XMLEvent || m.Value.(*csta.OriginatedEvent).Cause != csta.EventCauseNewCall {
		b.Fatal("not decoded")
	}
}

// BenchmarkCSTAXMLDecodeOriginatedType decodes into a reused
// OriginatedEvent with a reused xml.Reader (no dispatch).
func BenchmarkCSTAXMLDecodeOriginatedType(b *testing.B) {
	src := loadOriginatedEvent(b)
	var v csta.OriginatedEvent
	r := xml.NewReader(nil)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		r.Reset(src)
		if err := v.DecodeXMLFrom(r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCSTAXMLEncodeOriginated writes the decoded message back into a
// reused buffer.
func BenchmarkCSTAXMLEncodeOriginated(b *testing.B) {
	src := loadOriginatedEvent(b)
	var m csta.XMLMessage
	if err := m.DecodeXML(src); err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, 2048)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.AppendXML(buf[:0]); err != nil {
			b.Fatal(err)
		}
	}
}

// stdConnection, stdDevice and stdOriginatedEvent are the struct-tag types a
// client writes for encoding/xml.
type stdConnection struct {
	CallID   string `xml:"callID"`
	DeviceID string `xml:"deviceID"`
}

type stdDevice struct {
	DeviceIdentifier string    `xml:"deviceIdentifier"`
	NotKnown         *struct{} `xml:"notKnown"`
	Restricted       *struct{} `xml:"restricted"`
}

type stdOriginatedEvent struct {
	XMLName              stdxml.Name   `xml:"OriginatedEvent"`
	MonitorCrossRefID    string        `xml:"monitorCrossRefID"`
	OriginatedConnection stdConnection `xml:"originatedConnection"`
	CallingDevice        stdDevice     `xml:"callingDevice"`
	CalledDevice         stdDevice     `xml:"calledDevice"`
	LocalConnectionInfo  string        `xml:"localConnectionInfo"`
	Cause                string        `xml:"cause"`
	ServicesPermitted    struct {
		CallControlServices struct {
			ClearConnection bool `xml:"clearConnection"`
			MakeCall        bool `xml:"makeCall"`
			AnswerCall      bool `xml:"answerCall"`
		} `xml:"callControlServices"`
	} `xml:"servicesPermitted"`
	MediaCallCharacteristics struct {
		MediaClass struct {
			Voice bool `xml:"voice"`
			Image bool `xml:"image"`
			Im    bool `xml:"im"`
		} `xml:"mediaClass"`
	} `xml:"mediaCallCharacteristics"`
	Extensions struct {
		PrivateData struct {
			Private struct {
				Inner []byte `xml:",innerxml"`
			} `xml:"private"`
		} `xml:"privateData"`
	} `xml:"extensions"`
}

// BenchmarkStdXMLDecodeOriginated decodes the same message with
// encoding/xml into the struct-tag types.
func BenchmarkStdXMLDecodeOriginated(b *testing.B) {
	src := loadOriginatedEvent(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	var v stdOriginatedEvent
	for b.Loop() {
		v = stdOriginatedEvent{}
		if err := stdxml.Unmarshal(src, &v); err != nil {
			b.Fatal(err)
		}
	}
	if v.Cause != "newCall" {
		b.Fatal("not decoded")
	}
}

package framing

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// xmlMsg is a decoded CSTA-XML message.
type xmlMsg struct {
	ID   int
	Body string
}

// readAllMessages drains x, copying each message.
func readAllMessages(x *XMLReader) ([]xmlMsg, error) {
	var out []xmlMsg
	for range maxFrames {
		id, body, err := x.ReadMessage()
		if err != nil {
			return out, err
		}
		out = append(out, xmlMsg{id, string(body)})
	}
	return out, errors.New("too many messages")
}

// xmlFrame builds a message by hand.
func xmlFrame(format string, length int, id string, body string) []byte {
	return append(append([]byte(format), byte(length>>8), byte(length)), id+body...)
}

func TestXMLReader(t *testing.T) {
	keepAlive := "<keepalive />"
	tests := []struct {
		name string
		opt  XMLOptions
		in   []byte
		want []xmlMsg
		err  error
		off  int64
		read int
		need int
	}{
		{name: "empty stream", err: io.EOF},
		{name: "keep-alive (corpus 056)", in: mustHex(t, "00 00 00 15 30 30 30 30 3c 6b 65 65 70 61 6c 69 76 65 20 2f 3e"),
			want: []xmlMsg{{0, keepAlive}}, err: io.EOF},
		{name: "two messages in one read", in: append(xmlFrame("\x00\x00", 9, "0001", "a"), xmlFrame("\x00\x00", 10, "9999", "bc")...),
			want: []xmlMsg{{1, "a"}, {9999, "bc"}}, err: io.EOF},
		{name: "empty body", in: xmlFrame("\x00\x00", 8, "0042", ""), want: []xmlMsg{{42, ""}}, err: io.EOF},
		{name: "length below 8", in: xmlFrame("\x00\x00", 7, "0001", ""), err: ErrBadHeader, off: 2},
		{name: "length 0", in: xmlFrame("\x00\x00", 0, "0001", ""), err: ErrBadHeader, off: 2},
		{name: "non-digit invoke ID", in: xmlFrame("\x00\x00", 9, "00a1", "x"), err: ErrBadInvokeID, off: 6},
		{name: "binary invoke ID (f-me/dmcc bug)", in: xmlFrame("\x00\x00", 9, "\x00\x00\x00\x01", "x"), err: ErrBadInvokeID, off: 4},
		{name: "ASCII 00 format rejected", in: xmlFrame("00", 9, "0001", "x"), err: ErrBadFormat, off: 0},
		{name: "ASCII 00 format accepted", opt: XMLOptions{AcceptAnyFormat: true}, in: xmlFrame("00", 9, "0001", "x"),
			want: []xmlMsg{{1, "x"}}, err: io.EOF},
		{name: "over the limit", opt: XMLOptions{MaxMessageSize: 100}, in: xmlFrame("\x00\x00", 101, "0001", ""),
			err: ErrTooLarge, off: 2},
		{name: "EOF inside header", in: []byte{0, 0, 0}, err: io.ErrUnexpectedEOF, off: 0, read: 3, need: 8},
		{name: "EOF inside body", in: xmlFrame("\x00\x00", 20, "0001", "<a/>"), err: io.ErrUnexpectedEOF, off: 0, read: 12, need: 20},
		{name: "EOF after a message", in: append(xmlFrame("\x00\x00", 9, "0001", "a"), 0),
			want: []xmlMsg{{1, "a"}}, err: io.ErrUnexpectedEOF, off: 9, read: 1, need: 8},
		// A header whose length is shorter than its body, as in hand-edited
		// captures: the rest of the body is taken for the next header.
		{name: "length shorter than body", in: append(xmlFrame("\x00\x00", 10, "0001", "<ab/>"), xmlFrame("\x00\x00", 9, "0002", "x")...),
			want: []xmlMsg{{1, "<a"}}, err: ErrBadFormat, off: 10},
		{name: "garbage", in: []byte("GET / HTTP/1.1\r\n\r\n"), err: ErrBadFormat, off: 0},
	}
	for _, tt := range tests {
		var first string
		for _, v := range readerVariants {
			t.Run(tt.name+"/"+v.name, func(t *testing.T) {
				x := NewXMLReader(v.wrap(tt.in), tt.opt)
				got, err := readAllMessages(x)
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("messages (-want +got):\n%s", diff)
				}
				if !errors.Is(err, tt.err) {
					t.Fatalf("error = %v, want %v", err, tt.err)
				}
				if first == "" {
					first = err.Error()
				} else if err.Error() != first {
					t.Errorf("error %q differs from the whole-stream error %q", err, first)
				}
				var fe *Error
				var te *TruncatedError
				switch {
				case errors.As(err, &fe):
					if fe.Offset != tt.off {
						t.Errorf("offset = %d, want %d (%v)", fe.Offset, tt.off, err)
					}
				case errors.As(err, &te):
					if got, want := [3]int64{te.Offset, int64(te.Read), int64(te.Want)}, [3]int64{tt.off, int64(tt.read), int64(tt.need)}; got != want {
						t.Errorf("truncated at/read/want = %v, want %v (%v)", got, want, err)
					}
				}
				if _, _, again := x.ReadMessage(); again == nil || again.Error() != err.Error() {
					t.Errorf("second call after %v returned %v", err, again)
				}
			})
		}
	}
}

func TestXMLReaderFormat(t *testing.T) {
	x := NewXMLReader(bytes.NewReader(append(xmlFrame("00", 9, "0001", "x"), xmlFrame("\x00\x00", 9, "0002", "y")...)),
		XMLOptions{AcceptAnyFormat: true})
	var formats []uint16
	for {
		if _, _, err := x.ReadMessage(); err != nil {
			break
		}
		formats = append(formats, x.Format())
	}
	if diff := cmp.Diff([]uint16{0x3030, 0}, formats); diff != "" {
		t.Errorf("formats (-want +got):\n%s", diff)
	}
}

// TestXMLReaderClaimedLength checks that the buffer does not grow for a
// length the peer only claims.
func TestXMLReaderClaimedLength(t *testing.T) {
	x := NewXMLReader(bytes.NewReader(xmlFrame("\x00\x00", 0xffff, "0001", "<a>")), XMLOptions{})
	if _, _, err := x.ReadMessage(); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("error = %v", err)
	}
	if c := cap(x.in.buf); c > initialBufSize {
		t.Errorf("buffer grew to %d octets", c)
	}
}

func TestXMLWriter(t *testing.T) {
	tests := []struct {
		name string
		id   int
		body string
		want []byte
		err  error
	}{
		{name: "keep-alive", id: 0, body: "<keepalive />", want: mustHex(t, "00 00 00 15 30 30 30 30 3c 6b 65 65 70 61 6c 69 76 65 20 2f 3e")},
		{name: "event", id: 9999, body: "<a/>", want: xmlFrame("\x00\x00", 12, "9999", "<a/>")},
		{name: "digits", id: 1234, body: "", want: xmlFrame("\x00\x00", 8, "1234", "")},
		{name: "largest body", id: 7, body: strings.Repeat("x", MaxXMLBodySize), want: xmlFrame("\x00\x00", 0xffff, "0007", strings.Repeat("x", MaxXMLBodySize))},
		{name: "body too large", id: 1, body: strings.Repeat("x", MaxXMLBodySize+1), err: ErrTooLarge},
		{name: "invoke ID negative", id: -1, err: ErrBadInvokeID},
		{name: "invoke ID 10000", id: 10000, err: ErrBadInvokeID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cw countingWriter
			err := NewXMLWriter(&cw).WriteMessage(tt.id, []byte(tt.body))
			if tt.err != nil {
				var fe *Error
				if !errors.Is(err, tt.err) || !errors.As(err, &fe) {
					t.Fatalf("error = %v, want %v", err, tt.err)
				}
				if len(cw.calls) != 0 {
					t.Errorf("wrote despite the error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([][]byte{tt.want}, cw.calls); diff != "" {
				t.Errorf("writes (-want +got):\n%s", diff)
			}
		})
	}
}

func TestXMLRoundTrip(t *testing.T) {
	msgs := []xmlMsg{
		{1, `<?xml version="1.0" encoding="UTF-8"?><MakeCall xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed4"/>`},
		{9999, "<DeliveredEvent/>"},
		{0, ""},
		{42, strings.Repeat("<x/>", 5000)},
	}
	var stream bytes.Buffer
	w := NewXMLWriter(&stream)
	for _, m := range msgs {
		if err := w.WriteMessage(m.ID, []byte(m.Body)); err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range readerVariants {
		t.Run(v.name, func(t *testing.T) {
			got, err := readAllMessages(NewXMLReader(v.wrap(stream.Bytes()), XMLOptions{}))
			if err != io.EOF {
				t.Fatalf("error = %v", err)
			}
			if diff := cmp.Diff(msgs, got); diff != "" {
				t.Errorf("messages (-want +got):\n%s", diff)
			}
		})
	}
}

func TestXMLAllocs(t *testing.T) {
	body := []byte(strings.Repeat("<x/>", 256))
	var stream bytes.Buffer
	w := NewXMLWriter(&stream)
	for i := range 7 {
		if err := w.WriteMessage(i, body[:len(body)-i*100]); err != nil {
			t.Fatal(err)
		}
	}
	x := NewXMLReader(&repeatReader{data: stream.Bytes()}, XMLOptions{})
	for range 100 {
		if _, _, err := x.ReadMessage(); err != nil {
			t.Fatal(err)
		}
	}
	if n := testing.AllocsPerRun(1000, func() {
		if _, _, err := x.ReadMessage(); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("ReadMessage allocates %v times per message", n)
	}
	w.Reset(io.Discard)
	if n := testing.AllocsPerRun(1000, func() {
		if err := w.WriteMessage(1, body); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("WriteMessage allocates %v times per message", n)
	}
}

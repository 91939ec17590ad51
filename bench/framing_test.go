package bench

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cstagen/cstagen/runtime/framing"
)

// framingDeliveredPath is a HiPath cSTAEventReport/delivered capture (176
// octets, ROSE APDU without its vendor header).
var framingDeliveredPath = filepath.Join("..", "..", "shared", "corpus", "ber", "089-cSTAEventReport-delivered-1.hex")

// framingSyntheticPDU stands in when the corpus is absent: a ROSE Invoke of
// cSTAEventReport (21) with a 150-octet argument.
var framingSyntheticPDU = append([]byte{0xa1, 0x81, 0x9f, 0x02, 0x02, 0x00, 0x9d, 0x02, 0x01, 0x15, 0x30, 0x81, 0x95, 0x04, 0x81, 0x92},
	bytes.Repeat([]byte{0x55}, 0x92)...)

// framingBERPDU returns the delivered-event PDU, or the synthetic one.
func framingBERPDU(b *testing.B) []byte {
	b.Helper()
	text, err := os.ReadFile(framingDeliveredPath)
	if err != nil {
		return framingSyntheticPDU
	}
	pdu, err := hex.DecodeString(strings.Join(strings.Fields(string(text)), ""))
	if err != nil {
		b.Fatalf("%s: %v", framingDeliveredPath, err)
	}
	return pdu
}

// framingXMLBody returns the 1083-octet OpenScape Voice OriginatedEvent, or
// a synthetic body of about 1 KiB.
func framingXMLBody(b *testing.B) []byte {
	b.Helper()
	body, err := os.ReadFile(originatedEventPath)
	if err != nil {
		return []byte("<OriginatedEvent>" + strings.Repeat("<x>1234567890</x>", 58) + "</OriginatedEvent>")
	}
	return body
}

// framingLoopback connects a client and a server over 127.0.0.1 and runs
// send on the client side in a goroutine; it returns the server connection.
// Both connections carry a deadline so a broken benchmark cannot hang.
func framingLoopback(b *testing.B, send func(conn net.Conn) error) (server net.Conn, wait func()) {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Skipf("no loopback TCP: %v", err)
	}
	defer ln.Close()
	errc := make(chan error, 1)
	go func() {
		conn, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			errc <- err
			return
		}
		defer conn.Close()
		_ = conn.SetDeadline(time.Now().Add(2 * time.Minute))
		errc <- send(conn)
	}()
	server, err = ln.Accept()
	if err != nil {
		b.Fatal(err)
	}
	_ = server.SetDeadline(time.Now().Add(2 * time.Minute))
	return server, func() {
		server.Close()
		if err := <-errc; err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFramingBERTCP reads b.N HiPath delivered events over loopback
// TCP. "buffered" batches the sender's writes so the reader is measured;
// "write-per-PDU" issues one Write (one syscall) per PDU, as a switch does.
func BenchmarkFramingBERTCP(b *testing.B) {
	pdu := framingBERPDU(b)
	for _, buffered := range []bool{true, false} {
		name := "write-per-PDU"
		if buffered {
			name = "buffered"
		}
		b.Run(name, func(b *testing.B) {
			n := b.N
			server, wait := framingLoopback(b, func(conn net.Conn) error {
				var w io.Writer = conn
				var bw *bufio.Writer
				if buffered {
					bw = bufio.NewWriterSize(conn, 64<<10)
					w = bw
				}
				fw := framing.NewBERWriter(w, framing.Options{})
				for range n {
					if err := fw.WritePDU(pdu); err != nil {
						return err
					}
				}
				if bw != nil {
					return bw.Flush()
				}
				return nil
			})
			r := framing.NewBERReader(server, framing.Options{})
			b.SetBytes(int64(len(pdu)))
			b.ReportAllocs()
			b.ResetTimer()
			for range n {
				got, err := r.ReadPDU()
				if err != nil {
					b.Fatal(err)
				}
				if len(got) != len(pdu) {
					b.Fatalf("PDU of %d octets, want %d", len(got), len(pdu))
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "frames/s")
			wait()
		})
	}
}

// BenchmarkFramingXMLTCP reads b.N CSTA-XML messages of about 1 KiB over
// loopback TCP, the sender batching its writes.
func BenchmarkFramingXMLTCP(b *testing.B) {
	body := framingXMLBody(b)
	n := b.N
	server, wait := framingLoopback(b, func(conn net.Conn) error {
		bw := bufio.NewWriterSize(conn, 64<<10)
		w := framing.NewXMLWriter(bw)
		for i := range n {
			if err := w.WriteMessage(i%9999, body); err != nil {
				return err
			}
		}
		return bw.Flush()
	})
	r := framing.NewXMLReader(server, framing.XMLOptions{})
	b.SetBytes(int64(framing.XMLHeaderSize + len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for range n {
		_, got, err := r.ReadMessage()
		if err != nil {
			b.Fatal(err)
		}
		if len(got) != len(body) {
			b.Fatalf("body of %d octets, want %d", len(got), len(body))
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "frames/s")
	wait()
}

// framingRepeat returns its data over and over.
type framingRepeat struct {
	data []byte
	off  int
}

func (r *framingRepeat) Read(p []byte) (int, error) {
	n := copy(p, r.data[r.off:])
	r.off = (r.off + n) % len(r.data)
	return n, nil
}

// BenchmarkFramingBERMemory measures ReadPDU alone, from memory, with and
// without the Alcatel OXE prefix.
func BenchmarkFramingBERMemory(b *testing.B) {
	pdu := framingBERPDU(b)
	for _, p := range []framing.Prefix{framing.NoPrefix, framing.AlcatelOXEPrefix} {
		b.Run(p.String(), func(b *testing.B) {
			var stream bytes.Buffer
			w := framing.NewBERWriter(&stream, framing.Options{Prefix: p})
			for range 64 {
				if err := w.WritePDU(pdu); err != nil {
					b.Fatal(err)
				}
			}
			r := framing.NewBERReader(&framingRepeat{data: stream.Bytes()}, framing.Options{Prefix: p})
			b.SetBytes(int64(len(pdu)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := r.ReadPDU(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "frames/s")
		})
	}
}

// BenchmarkFramingBERIndefiniteMemory measures ReadPDU on an
// indefinite-length PDU, which needs the nested scan.
func BenchmarkFramingBERIndefiniteMemory(b *testing.B) {
	var pdu []byte
	pdu = append(pdu, 0xa1, 0x80, 0x02, 0x01, 0x01, 0x02, 0x01, 0x15, 0x30, 0x80)
	for range 16 {
		pdu = append(pdu, 0x30, 0x80, 0x80, 0x03, '5', '4', '8', 0x00, 0x00)
	}
	pdu = append(pdu, 0x00, 0x00, 0x00, 0x00)
	var stream bytes.Buffer
	w := framing.NewBERWriter(&stream, framing.Options{})
	for range 64 {
		if err := w.WritePDU(pdu); err != nil {
			b.Fatal(err)
		}
	}
	r := framing.NewBERReader(&framingRepeat{data: stream.Bytes()}, framing.Options{})
	b.SetBytes(int64(len(pdu)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.ReadPDU(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFramingWrite measures WritePDU (Alcatel OXE prefix) and
// WriteMessage to io.Discard.
func BenchmarkFramingWrite(b *testing.B) {
	pdu := framingBERPDU(b)
	body := framingXMLBody(b)
	b.Run("BER", func(b *testing.B) {
		w := framing.NewBERWriter(io.Discard, framing.Options{Prefix: framing.AlcatelOXEPrefix})
		b.SetBytes(int64(len(pdu)))
		b.ReportAllocs()
		for b.Loop() {
			if err := w.WritePDU(pdu); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("XML", func(b *testing.B) {
		w := framing.NewXMLWriter(io.Discard)
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			if err := w.WriteMessage(1, body); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkFramingXMLMemory measures ReadMessage alone, from memory.
func BenchmarkFramingXMLMemory(b *testing.B) {
	body := framingXMLBody(b)
	var stream bytes.Buffer
	w := framing.NewXMLWriter(&stream)
	for i := range 16 {
		if err := w.WriteMessage(i, body); err != nil {
			b.Fatal(err)
		}
	}
	r := framing.NewXMLReader(&framingRepeat{data: stream.Bytes()}, framing.XMLOptions{})
	b.SetBytes(int64(framing.XMLHeaderSize + len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := r.ReadMessage(); err != nil {
			b.Fatal(err)
		}
	}
}

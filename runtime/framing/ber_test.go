package framing

import (
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"testing"
	"testing/iotest"
	"unsafe"

	"github.com/google/go-cmp/cmp"
)

// readerVariants deliver the same stream in differently sized pieces.
var readerVariants = []struct {
	name string
	wrap func([]byte) io.Reader
}{
	{"whole", func(b []byte) io.Reader { return bytes.NewReader(b) }},
	{"OneByteReader", func(b []byte) io.Reader { return iotest.OneByteReader(bytes.NewReader(b)) }},
	{"HalfReader", func(b []byte) io.Reader { return iotest.HalfReader(bytes.NewReader(b)) }},
	{"DataErrReader", func(b []byte) io.Reader { return iotest.DataErrReader(bytes.NewReader(b)) }},
	{"chunks of 3", func(b []byte) io.Reader { return &chunkReader{bytes.NewReader(b), 3} }},
	{"stalling peer", func(b []byte) io.Reader {
		return &stallReader{r: iotest.OneByteReader(bytes.NewReader(b)), stalls: maxEmptyReads - 1}
	}},
}

// maxFrames bounds the loops that drain a reader.
const maxFrames = 1 << 16

// readAllPDUs drains d, copying each PDU, and returns the error that ended it.
func readAllPDUs(d *BERReader) ([][]byte, error) {
	var out [][]byte
	for range maxFrames {
		pdu, err := d.ReadPDU()
		if err != nil {
			return out, err
		}
		out = append(out, bytes.Clone(pdu))
	}
	return out, errors.New("too many PDUs")
}

// hexList renders PDUs for readable diffs.
func hexList(pdus [][]byte) []string {
	out := make([]string, len(pdus))
	for i, p := range pdus {
		out[i] = hex.EncodeToString(p)
	}
	return out
}

func TestBERReader(t *testing.T) {
	big := append([]byte{0x04, 0x82, 0x01, 0x28}, bytes.Repeat([]byte{'x'}, 0x128)...) // 300 octets
	tests := []struct {
		name string
		opt  Options
		in   string
		raw  []byte // appended to in
		want []string
		err  error // sentinel ending the stream
		off  int64 // *Error.Offset or *TruncatedError.Offset
		read int   // *TruncatedError.Read
		need int   // *TruncatedError.Want
	}{
		{name: "empty stream", in: "", err: io.EOF},
		{name: "one definite PDU", in: "a1 0a 02 02 00 01 02 01 34 0a 01 02",
			want: []string{"a10a020200010201340a0102"}, err: io.EOF},
		{name: "two PDUs back to back", in: "02 01 05 a2 03 02 01 01",
			want: []string{"020105", "a203020101"}, err: io.EOF},
		{name: "nested indefinite then definite", in: "30 80 30 80 02 01 01 00 00 00 00 02 01 07",
			want: []string{"3080308002010100000000", "020107"}, err: io.EOF},
		{name: "zero octets inside definite child", in: "30 80 04 02 00 00 00 00",
			want: []string{"3080040200000000"}, err: io.EOF},
		{name: "long-form length", raw: big, want: []string{hex.EncodeToString(big)}, err: io.EOF},
		{name: "EOF inside identifier", in: "02 01 05 9f", want: []string{"020105"},
			err: io.ErrUnexpectedEOF, off: 3, read: 1, need: -1},
		{name: "EOF inside length octets", in: "a1 81", err: io.ErrUnexpectedEOF, off: 0, read: 2, need: -1},
		{name: "EOF inside contents", in: "a1 05 02 01", err: io.ErrUnexpectedEOF, off: 0, read: 4, need: 7},
		{name: "EOF inside indefinite", in: "30 80 02 01 01", err: io.ErrUnexpectedEOF, off: 0, read: 5, need: -1},
		{name: "oversize definite decided from header", opt: Options{MaxPDUSize: 16}, in: "04 82 ff ff",
			err: ErrTooLarge, off: 0},
		{name: "oversize after a good PDU", opt: Options{MaxPDUSize: 16}, in: "02 01 05 04 11",
			want: []string{"020105"}, err: ErrTooLarge, off: 3},
		{name: "oversize indefinite", opt: Options{MaxPDUSize: 16},
			in: "30 80 02 01 00 02 01 00 02 01 00 02 01 00 02 01 00 02 01 00", err: ErrTooLarge, off: 14},
		{name: "oversize indefinite filling the limit", opt: Options{MaxPDUSize: 16},
			in: "30 80 04 0c 00 00 00 00 00 00 00 00 00 00 00 00 02 01 00", err: ErrTooLarge, off: 0},
		{name: "too deep", opt: Options{MaxDepth: 2}, in: "30 80 30 80 30 80 00 00 00 00 00 00",
			err: ErrTooDeep, off: 4},
		{name: "end-of-contents first", in: "00 00", err: ErrBadTag, off: 0},
		{name: "reserved length octet", in: "02 01 05 30 ff", want: []string{"020105"}, err: ErrBadLength, off: 4},
		{name: "garbage high tag", in: "ff ff ff ff ff ff", err: ErrBadTag, off: 5},
		{name: "Alcatel OXE two frames", opt: Options{Prefix: AlcatelOXEPrefix},
			in: "00 03 02 01 05 00 05 a2 03 02 01 01", want: []string{"020105", "a203020101"}, err: io.EOF},
		{name: "Alcatel OXE indefinite inside", opt: Options{Prefix: AlcatelOXEPrefix},
			in: "00 07 30 80 02 01 01 00 00", want: []string{"30800201010000"}, err: io.EOF},
		{name: "Alcatel OXE prefix longer than TLV", opt: Options{Prefix: AlcatelOXEPrefix},
			in: "00 04 02 01 05 ff", err: ErrBadPrefix, off: 0},
		{name: "Alcatel OXE prefix shorter than TLV", opt: Options{Prefix: AlcatelOXEPrefix},
			in: "00 03 02 05 05 00 00 00 00", err: ErrBadPrefix, off: 0},
		{name: "Alcatel OXE prefix around incomplete indefinite", opt: Options{Prefix: AlcatelOXEPrefix},
			in: "00 03 30 80 02", err: ErrBadPrefix, off: 0},
		{name: "Alcatel OXE empty frame", opt: Options{Prefix: AlcatelOXEPrefix},
			in: "00 00", err: ErrBadPrefix, off: 0},
		{name: "Alcatel OXE bad TLV inside", opt: Options{Prefix: AlcatelOXEPrefix},
			in: "00 02 30 ff", err: ErrBadLength, off: 3},
		{name: "Alcatel OXE EOF in prefix", opt: Options{Prefix: AlcatelOXEPrefix},
			in: "00 03 02 01 05 00", want: []string{"020105"}, err: io.ErrUnexpectedEOF, off: 5, read: 1, need: 2},
		{name: "Alcatel OXE EOF in PDU", opt: Options{Prefix: AlcatelOXEPrefix},
			in: "00 05 02 01", err: io.ErrUnexpectedEOF, off: 2, read: 2, need: 5},
		{name: "Alcatel OXE oversize", opt: Options{Prefix: AlcatelOXEPrefix, MaxPDUSize: 100},
			in: "00 ff", err: ErrTooLarge, off: 0},
		{name: "uint32 prefix", opt: Options{Prefix: Uint32Prefix},
			in: "00 00 00 03 02 01 05", want: []string{"020105"}, err: io.EOF},
		{name: "uint32 prefix oversize", opt: Options{Prefix: Uint32Prefix},
			in: "ff ff ff ff", err: ErrTooLarge, off: 0},
		{name: "HiPath", opt: Options{Prefix: HiPathPrefix},
			in: "26 80 03 02 01 05 26 80 05 a1 03 02 01 04", want: []string{"020105", "a103020104"}, err: io.EOF},
		{name: "HiPath wrong first octet", opt: Options{Prefix: HiPathPrefix},
			in: "27 80 03 02 01 05", err: ErrBadPrefix, off: 0},
		{name: "HiPath wide length rejected by strict profile", opt: Options{Prefix: HiPathPrefix},
			in: "26 81 2c", err: ErrBadPrefix, off: 0},
		{name: "HiPath long profile reads a 300-octet PDU", opt: Options{Prefix: HiPathLongPrefix},
			in: "26 81 2c", raw: big, want: []string{hex.EncodeToString(big)}, err: io.EOF},
		{name: "HiPath long profile needs the complete flag", opt: Options{Prefix: HiPathLongPrefix},
			in: "26 01 2c", err: ErrBadPrefix, off: 0},
	}
	for _, tt := range tests {
		in := append(mustHex(t, tt.in), tt.raw...)
		var first string
		for _, v := range readerVariants {
			t.Run(tt.name+"/"+v.name, func(t *testing.T) {
				d := NewBERReader(v.wrap(in), tt.opt)
				pdus, err := readAllPDUs(d)
				if diff := cmp.Diff(tt.want, hexList(pdus), cmp.Comparer(func(a, b []string) bool {
					return len(a) == len(b) && (len(a) == 0 || cmp.Equal(a, b))
				})); diff != "" {
					t.Errorf("PDUs (-want +got):\n%s", diff)
				}
				if !errors.Is(err, tt.err) {
					t.Fatalf("error = %v, want %v", err, tt.err)
				}
				// Every way of chunking the stream must end in the same error.
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
				// Framing errors and EOF persist.
				if _, again := d.ReadPDU(); again == nil || again.Error() != err.Error() {
					t.Errorf("second call after %v returned %v", err, again)
				}
			})
		}
	}
}

// TestBERReaderClaimedLength checks that a header claiming a large PDU does
// not make the reader allocate for it before the octets arrive.
func TestBERReaderClaimedLength(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
		in   string
	}{
		{"BER long form", Options{}, "04 83 0f ff f0 01 02 03"},
		{"Alcatel prefix", Options{Prefix: AlcatelOXEPrefix, MaxPDUSize: 1 << 16}, "ff ff 04 82 ff fd 01 02"},
		{"uint32 prefix", Options{Prefix: Uint32Prefix}, "00 0f ff f0 04 83 0f ff ec 01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewBERReader(bytes.NewReader(mustHex(t, tt.in)), tt.opt)
			_, err := d.ReadPDU()
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Fatalf("error = %v, want unexpected EOF", err)
			}
			if c := cap(d.in.buf); c > initialBufSize {
				t.Errorf("buffer grew to %d octets for %d received", c, len(tt.in)/3)
			}
		})
	}
}

// TestBERReaderGrowth reads a PDU much larger than the initial buffer in
// small pieces and checks the buffer grew only as far as needed.
func TestBERReaderGrowth(t *testing.T) {
	const size = 100000
	pdu := append([]byte{0x04, 0x83, 0x01, 0x86, 0x9b}, bytes.Repeat([]byte{7}, size-5)...)
	d := NewBERReader(&chunkReader{bytes.NewReader(pdu), 1000}, Options{})
	got, err := d.ReadPDU()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, pdu) {
		t.Fatal("PDU differs")
	}
	if c := cap(d.in.buf); c < size || c > 2*size {
		t.Errorf("buffer capacity %d for a %d-octet PDU", c, size)
	}
}

// TestBERReaderAliasing documents the lifetime of a returned PDU: it shares
// the reader's buffer, and the next call may overwrite it.
func TestBERReaderAliasing(t *testing.T) {
	d := NewBERReader(bytes.NewReader(mustHex(t, "02 01 05 02 01 06")), Options{})
	p1, err := d.ReadPDU()
	if err != nil {
		t.Fatal(err)
	}
	buf := d.in.buf
	start := uintptr(unsafe.Pointer(unsafe.SliceData(buf)))
	p := uintptr(unsafe.Pointer(unsafe.SliceData(p1)))
	if p < start || p >= start+uintptr(len(buf)) {
		t.Error("PDU does not alias the reader's buffer")
	}
	if cap(p1) != len(p1) {
		t.Errorf("PDU capacity %d exceeds its length %d: appending would overwrite the next PDU", cap(p1), len(p1))
	}
	if off := d.Offset(); off != 3 {
		t.Errorf("Offset() = %d, want 3", off)
	}
}

// TestBERReaderNoProgress checks that a peer returning (0, nil) forever is
// reported, and that the reader resumes once data flows again.
func TestBERReaderNoProgress(t *testing.T) {
	in := mustHex(t, "a1 03 02 01 01")
	r := &stallReader{r: bytes.NewReader(in), stalls: maxEmptyReads + 1}
	d := NewBERReader(r, Options{})
	if _, err := d.ReadPDU(); !errors.Is(err, io.ErrNoProgress) {
		t.Fatalf("error = %v, want io.ErrNoProgress", err)
	}
	r.stalls = 0
	got, err := d.ReadPDU()
	if err != nil || !bytes.Equal(got, in) {
		t.Fatalf("after resuming: %x, %v", got, err)
	}
}

// TestBERReaderResume checks that a transient read error (a deadline) inside
// a PDU is returned as is and that the next call completes the PDU.
func TestBERReaderResume(t *testing.T) {
	for _, opt := range []Options{{}, {Prefix: AlcatelOXEPrefix}} {
		t.Run(opt.resolve().Prefix.String(), func(t *testing.T) {
			var stream bytes.Buffer
			pdus := [][]byte{mustHex(t, "30 80 02 01 01 30 80 00 00 00 00"), mustHex(t, "02 01 09")}
			w := NewBERWriter(&stream, opt)
			for _, p := range pdus {
				if err := w.WritePDU(p); err != nil {
					t.Fatal(err)
				}
			}
			b := stream.Bytes()
			d := NewBERReader(&errAfterReader{first: b[:6], rest: b[6:], err: os.ErrDeadlineExceeded}, opt)
			if _, err := d.ReadPDU(); !errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatalf("error = %v, want the deadline error", err)
			}
			got, err := readAllPDUs(d)
			if err != io.EOF {
				t.Fatalf("error = %v", err)
			}
			if diff := cmp.Diff(hexList(pdus), hexList(got)); diff != "" {
				t.Errorf("PDUs (-want +got):\n%s", diff)
			}
		})
	}
}

// countingWriter records each Write call.
type countingWriter struct {
	calls [][]byte
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.calls = append(c.calls, bytes.Clone(p))
	return len(p), nil
}

func TestBERWriter(t *testing.T) {
	big := append([]byte{0x04, 0x82, 0x01, 0x28}, bytes.Repeat([]byte{'x'}, 0x128)...)
	tests := []struct {
		name string
		opt  Options
		pdu  []byte
		want string // the single Write, in hex
		err  error
		off  int64
	}{
		{name: "no prefix", pdu: mustHex(t, "02 01 05"), want: "020105"},
		{name: "Alcatel OXE", opt: Options{Prefix: AlcatelOXEPrefix}, pdu: mustHex(t, "02 01 05"), want: "0003020105"},
		{name: "uint32", opt: Options{Prefix: Uint32Prefix}, pdu: mustHex(t, "02 01 05"), want: "00000003020105"},
		{name: "HiPath", opt: Options{Prefix: HiPathPrefix}, pdu: mustHex(t, "02 01 05"), want: "268003020105"},
		{name: "HiPath long small", opt: Options{Prefix: HiPathLongPrefix}, pdu: mustHex(t, "02 01 05"), want: "268003020105"},
		{name: "HiPath long 300", opt: Options{Prefix: HiPathLongPrefix}, pdu: big, want: "26812c" + hex.EncodeToString(big)},
		{name: "HiPath cannot express 300", opt: Options{Prefix: HiPathPrefix}, pdu: big, err: ErrTooLarge},
		{name: "indefinite", pdu: mustHex(t, "30 80 02 01 01 00 00"), want: "30800201010000"},
		{name: "over the limit", opt: Options{MaxPDUSize: 4}, pdu: mustHex(t, "04 03 01 02 03"), err: ErrTooLarge},
		{name: "trailing octets", pdu: mustHex(t, "02 01 05 00"), err: ErrNotOnePDU, off: 3},
		{name: "truncated definite", pdu: mustHex(t, "02 02 05"), err: ErrNotOnePDU, off: 0},
		{name: "truncated indefinite", pdu: mustHex(t, "30 80 02 01 05"), err: ErrNotOnePDU, off: 5},
		{name: "empty", pdu: nil, err: ErrNotOnePDU, off: 0},
		{name: "bad length", pdu: mustHex(t, "30 ff"), err: ErrNotOnePDU, off: 1},
		{name: "too deep", opt: Options{MaxDepth: 1}, pdu: mustHex(t, "30 80 30 80 00 00 00 00"), err: ErrTooDeep, off: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cw countingWriter
			err := NewBERWriter(&cw, tt.opt).WritePDU(tt.pdu)
			if tt.err != nil {
				var fe *Error
				if !errors.Is(err, tt.err) || !errors.As(err, &fe) || fe.Offset != tt.off {
					t.Fatalf("error = %v, want %v at %d", err, tt.err, tt.off)
				}
				if len(cw.calls) != 0 {
					t.Errorf("wrote %d times despite the error", len(cw.calls))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]string{tt.want}, hexList(cw.calls)); diff != "" {
				t.Errorf("writes (-want +got):\n%s", diff)
			}
		})
	}
}

// shortWriter accepts one octet less than offered without an error.
type shortWriter struct{}

func (shortWriter) Write(p []byte) (int, error) { return len(p) - 1, nil }

func TestBERWriterShortWrite(t *testing.T) {
	if err := NewBERWriter(shortWriter{}, Options{}).WritePDU([]byte{5, 0}); err != io.ErrShortWrite {
		t.Errorf("error = %v, want io.ErrShortWrite", err)
	}
}

// samplePDUs covers definite, long-form, indefinite and high-tag PDUs.
func samplePDUs(t testing.TB) [][]byte {
	return [][]byte{
		mustHex(t, "a1 0a 02 02 00 01 02 01 34 0a 01 02"),
		mustHex(t, "a2 0b 02 02 00 00 30 05 02 01 34 05 00"),
		mustHex(t, "30 80 30 80 02 01 01 00 00 00 00"),
		mustHex(t, "bf 81 00 80 a1 03 02 01 04 00 00"),
		append([]byte{0x04, 0x81, 0xc8}, bytes.Repeat([]byte{0x55}, 200)...),
		mustHex(t, "05 00"),
	}
}

func TestBERRoundTrip(t *testing.T) {
	pdus := samplePDUs(t)
	for _, p := range []Prefix{NoPrefix, AlcatelOXEPrefix, Uint32Prefix, HiPathPrefix, HiPathLongPrefix} {
		opt := Options{Prefix: p}
		var stream bytes.Buffer
		w := NewBERWriter(&stream, opt)
		for _, pdu := range pdus {
			if err := w.WritePDU(pdu); err != nil {
				t.Fatalf("%v: %v", p, err)
			}
		}
		for _, v := range readerVariants {
			t.Run(p.String()+"/"+v.name, func(t *testing.T) {
				got, err := readAllPDUs(NewBERReader(v.wrap(stream.Bytes()), opt))
				if err != io.EOF {
					t.Fatalf("error = %v", err)
				}
				if diff := cmp.Diff(hexList(pdus), hexList(got)); diff != "" {
					t.Errorf("PDUs (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// TestBERReaderReset checks that a reset reader forgets errors and position.
func TestBERReaderReset(t *testing.T) {
	d := NewBERReader(bytes.NewReader(mustHex(t, "00 00")), Options{})
	if _, err := d.ReadPDU(); !errors.Is(err, ErrBadTag) {
		t.Fatalf("error = %v", err)
	}
	d.Reset(bytes.NewReader(mustHex(t, "02 01 05")))
	got, err := d.ReadPDU()
	if err != nil || hex.EncodeToString(got) != "020105" || d.Offset() != 3 {
		t.Fatalf("after Reset: %x, %v, offset %d", got, err, d.Offset())
	}
}

func TestBERAllocs(t *testing.T) {
	pdus := samplePDUs(t)
	for _, p := range []Prefix{NoPrefix, AlcatelOXEPrefix, HiPathPrefix} {
		t.Run(p.String(), func(t *testing.T) {
			opt := Options{Prefix: p}
			var stream bytes.Buffer
			w := NewBERWriter(&stream, opt)
			for _, pdu := range pdus {
				if err := w.WritePDU(pdu); err != nil {
					t.Fatal(err)
				}
			}
			d := NewBERReader(&repeatReader{data: stream.Bytes()}, opt)
			for range 100 {
				if _, err := d.ReadPDU(); err != nil {
					t.Fatal(err)
				}
			}
			if n := testing.AllocsPerRun(1000, func() {
				if _, err := d.ReadPDU(); err != nil {
					t.Fatal(err)
				}
			}); n != 0 {
				t.Errorf("ReadPDU allocates %v times per PDU", n)
			}
			w.Reset(io.Discard)
			i := 0
			if n := testing.AllocsPerRun(1000, func() {
				if err := w.WritePDU(pdus[i%len(pdus)]); err != nil {
					t.Fatal(err)
				}
				i++
			}); n != 0 {
				t.Errorf("WritePDU allocates %v times per PDU", n)
			}
		})
	}
}

package framing

import (
	"errors"
	"fmt"
	"io"
)

// Defaults and bounds for Options.
const (
	// DefaultMaxPDUSize is the PDU size limit when Options.MaxPDUSize is 0.
	// CSTA PDUs are usually well under 4 KiB; large snapshot responses
	// stay far below this.
	DefaultMaxPDUSize = 1 << 20
	// MaxPDUSizeLimit is the largest Options.MaxPDUSize honoured; larger
	// values are reduced to it.
	MaxPDUSizeLimit = 1 << 30
	// DefaultMaxDepth is the indefinite-length nesting limit when
	// Options.MaxDepth is 0.
	DefaultMaxDepth = 32
)

// Options configures a BERReader or BERWriter. The zero value selects the
// defaults: no prefix, DefaultMaxPDUSize, DefaultMaxDepth.
type Options struct {
	// MaxPDUSize is the largest PDU accepted or written, in octets,
	// excluding any vendor prefix. 0 (or less) means DefaultMaxPDUSize.
	MaxPDUSize int
	// MaxDepth bounds the nesting of indefinite-length elements, the outer
	// one included. 0 (or less) means DefaultMaxDepth.
	MaxDepth int
	// Prefix is the vendor header around each PDU; nil means NoPrefix.
	Prefix Prefix
	// Handshake, if set, is run by OpenBER before anything else.
	Handshake Handshake
}

// resolve fills in defaults.
func (o Options) resolve() Options {
	if o.MaxPDUSize <= 0 {
		o.MaxPDUSize = DefaultMaxPDUSize
	}
	if o.MaxPDUSize > MaxPDUSizeLimit {
		o.MaxPDUSize = MaxPDUSizeLimit
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	if o.Prefix == nil {
		o.Prefix = NoPrefix
	}
	return o
}

// frameBERPDU names a BER PDU in errors.
const frameBERPDU = "BER PDU"

// BERReader reads BER PDUs from a stream, one complete outer TLV at a time.
type BERReader struct {
	in       inbuf
	opt      Options
	psize    int   // opt.Prefix.Size()
	last     int   // octets of the frame returned last, consumed on the next call
	sticky   error // framing error, returned forever
	scanner  scanner
	scanning bool // scanner holds progress on the current frame
}

// NewBERReader returns a reader of the PDUs in r framed as o describes.
func NewBERReader(r io.Reader, o Options) *BERReader {
	o = o.resolve()
	d := &BERReader{opt: o, psize: o.Prefix.Size()}
	d.in.max = d.psize + o.MaxPDUSize
	d.in.reset(r)
	return d
}

// Reset makes d read from r as if newly created, keeping its buffer.
func (d *BERReader) Reset(r io.Reader) {
	d.in.reset(r)
	d.last = 0
	d.sticky = nil
	d.scanning = false
}

// Offset returns the stream offset of the first octet not yet returned
// (after the next call of ReadPDU it is the offset of that call's frame).
func (d *BERReader) Offset() int64 { return d.in.off + int64(d.last) }

// ReadPDU returns the next PDU: exactly one complete outer TLV (X.690 8.1),
// without any vendor prefix. The slice aliases d's buffer and is valid until
// the next call of ReadPDU or Reset.
//
// At a clean end of stream, between PDUs, it returns io.EOF. A stream that
// ends inside a prefix or PDU yields a *TruncatedError (io.ErrUnexpectedEOF).
// Malformed identifier or length octets, a PDU over MaxPDUSize (detected from
// its length octets or prefix before the contents are buffered; for an
// indefinite length, once more than MaxPDUSize octets have arrived), nesting
// over MaxDepth or a prefix that disagrees with its TLV yield an *Error.
func (d *BERReader) ReadPDU() ([]byte, error) {
	if d.sticky != nil {
		return nil, d.sticky
	}
	if d.last > 0 {
		d.in.discard(d.last)
		d.last = 0
	}
	var (
		pdu []byte
		err error
	)
	if d.psize == 0 {
		pdu, err = d.readBare()
	} else {
		pdu, err = d.readPrefixed()
	}
	if err != nil {
		switch err.(type) {
		case *Error, *TruncatedError:
			d.sticky = err
		}
	}
	return pdu, err
}

// readBare frames a PDU by its own TLV, resuming any scan that a read error
// interrupted.
func (d *BERReader) readBare() ([]byte, error) {
	s := &d.scanner
	if !d.scanning {
		*s = scanner{maxDepth: d.opt.MaxDepth, maxSize: d.opt.MaxPDUSize}
		d.scanning = true
	}
	for {
		n, f := s.scan(d.in.bytes())
		if f.err != nil {
			return nil, &Error{Frame: frameBERPDU, Offset: d.in.off + int64(f.pos), Err: f.err, Detail: f.detail}
		}
		if n > 0 {
			d.scanning = false
			d.last = n
			return d.in.bytes()[:n:n], nil
		}
		if err := d.in.fill(d.opt.MaxPDUSize); err != nil {
			if err == errFull {
				return nil, &Error{Frame: frameBERPDU, Offset: d.in.off, Err: ErrTooLarge,
					Detail: fmt.Sprintf("indefinite-length PDU exceeds %d octets", d.opt.MaxPDUSize)}
			}
			if err == io.EOF {
				if d.in.buffered() == 0 {
					d.scanning = false
					return nil, io.EOF
				}
				return nil, &TruncatedError{Frame: frameBERPDU, Offset: d.in.off, Read: d.in.buffered(), Want: s.want()}
			}
			return nil, err
		}
	}
}

// readPrefixed reads a vendor prefix, then the PDU it announces, and checks
// that the PDU is exactly one TLV of that size.
func (d *BERReader) readPrefixed() ([]byte, error) {
	p := d.opt.Prefix
	for d.in.buffered() < d.psize {
		if err := d.in.fill(d.in.max); err != nil {
			if err == io.EOF {
				if d.in.buffered() == 0 {
					return nil, io.EOF
				}
				return nil, &TruncatedError{Frame: p.String(), Offset: d.in.off, Read: d.in.buffered(), Want: d.psize}
			}
			return nil, err
		}
	}
	n, err := p.Decode(d.in.bytes()[:d.psize])
	if err != nil {
		sentinel := ErrBadPrefix
		if errors.Is(err, ErrTooLarge) {
			sentinel = ErrTooLarge
		}
		return nil, &Error{Frame: p.String(), Offset: d.in.off, Err: sentinel, Detail: err.Error()}
	}
	if n < 0 || n > d.opt.MaxPDUSize {
		return nil, &Error{Frame: p.String(), Offset: d.in.off, Err: ErrTooLarge,
			Detail: fmt.Sprintf("prefix announces %d octets, limit is %d", n, d.opt.MaxPDUSize)}
	}
	total := d.psize + n
	for d.in.buffered() < total {
		if err := d.in.fill(total); err != nil {
			if err == io.EOF {
				return nil, &TruncatedError{Frame: frameBERPDU, Offset: d.in.off + int64(d.psize), Read: d.in.buffered() - d.psize, Want: n}
			}
			return nil, err
		}
	}
	pdu := d.in.bytes()[d.psize:total:total]
	m, f := checkTLV(pdu, d.opt.MaxDepth)
	switch {
	case f.err == ErrTooLarge:
		return nil, &Error{Frame: p.String(), Offset: d.in.off, Err: ErrBadPrefix,
			Detail: fmt.Sprintf("prefix announces %d octets but the TLV inside declares more", n)}
	case f.err != nil:
		return nil, &Error{Frame: frameBERPDU, Offset: d.in.off + int64(d.psize+f.pos), Err: f.err, Detail: f.detail}
	case m < 0:
		return nil, &Error{Frame: p.String(), Offset: d.in.off, Err: ErrBadPrefix,
			Detail: fmt.Sprintf("prefix announces %d octets but the TLV inside is incomplete", n)}
	case m != n:
		return nil, &Error{Frame: p.String(), Offset: d.in.off, Err: ErrBadPrefix,
			Detail: fmt.Sprintf("prefix announces %d octets but the TLV inside is %d", n, m)}
	}
	d.last = total
	return pdu, nil
}

// BERWriter writes BER PDUs to a stream, each in a single Write call.
type BERWriter struct {
	w     io.Writer
	opt   Options
	psize int
	buf   []byte // prefix plus PDU, reused
}

// NewBERWriter returns a writer of PDUs to w framed as o describes.
func NewBERWriter(w io.Writer, o Options) *BERWriter {
	o = o.resolve()
	return &BERWriter{w: w, opt: o, psize: o.Prefix.Size()}
}

// Reset makes e write to w, keeping its buffer.
func (e *BERWriter) Reset(w io.Writer) { e.w = w }

// WritePDU writes pdu, which must be exactly one complete TLV of at most
// MaxPDUSize octets, preceded by the vendor prefix, in one Write call. With
// no prefix pdu is written as is; otherwise prefix and PDU are assembled in a
// reused buffer. It does not retain pdu. A pdu that is not one TLV yields an
// *Error wrapping ErrNotOnePDU (or ErrTooDeep), one too large for the limit
// or the prefix an *Error wrapping ErrTooLarge; nothing is written then.
func (e *BERWriter) WritePDU(pdu []byte) error {
	if len(pdu) > e.opt.MaxPDUSize {
		return &Error{Frame: frameBERPDU, Offset: 0, Err: ErrTooLarge,
			Detail: fmt.Sprintf("%d octets, limit is %d", len(pdu), e.opt.MaxPDUSize)}
	}
	n, f := checkTLV(pdu, e.opt.MaxDepth)
	switch {
	case f.err == ErrTooDeep:
		return &Error{Frame: frameBERPDU, Offset: int64(f.pos), Err: ErrTooDeep, Detail: f.detail}
	case f.err == ErrTooLarge:
		return &Error{Frame: frameBERPDU, Offset: int64(f.pos), Err: ErrNotOnePDU, Detail: "TLV declares more octets than given"}
	case f.err != nil:
		return &Error{Frame: frameBERPDU, Offset: int64(f.pos), Err: ErrNotOnePDU, Detail: f.detail}
	case n < 0:
		return &Error{Frame: frameBERPDU, Offset: int64(len(pdu)), Err: ErrNotOnePDU, Detail: "incomplete TLV"}
	case n != len(pdu):
		return &Error{Frame: frameBERPDU, Offset: int64(n), Err: ErrNotOnePDU,
			Detail: fmt.Sprintf("%d octets follow the %d-octet TLV", len(pdu)-n, n)}
	}
	if e.psize == 0 {
		return write(e.w, pdu)
	}
	buf, err := e.opt.Prefix.Append(e.buf[:0], len(pdu))
	if err != nil {
		sentinel := ErrBadPrefix
		if errors.Is(err, ErrTooLarge) {
			sentinel = ErrTooLarge
		}
		return &Error{Frame: e.opt.Prefix.String(), Offset: 0, Err: sentinel, Detail: err.Error()}
	}
	buf = append(buf, pdu...)
	e.buf = buf
	return write(e.w, buf)
}

// write writes p in one call, turning a silent short write into an error.
func write(w io.Writer, p []byte) error {
	n, err := w.Write(p)
	if err == nil && n != len(p) {
		err = io.ErrShortWrite
	}
	return err
}

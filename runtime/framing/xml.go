package framing

import (
	"encoding/binary"
	"fmt"
	"io"
)

// CSTA-XML over TCP (ECMA-323 Annex J, "XML without SOAP"). Each message is
//
//	octets 0-1  format, 0x0000
//	octets 2-3  uint16 big-endian total length, these 8 header octets included
//	octets 4-7  invoke ID as four ASCII digits; a response repeats its request's
//	octets 8-   the XML document
//
// so a message holds at most 65535 octets and a length below 8 is malformed.
const (
	// XMLHeaderSize is the size of the CSTA-XML message header.
	XMLHeaderSize = 8
	// MaxXMLMessageSize is the largest message the 16-bit length can
	// describe, header included.
	MaxXMLMessageSize = 0xffff
	// MaxXMLBodySize is the largest XML body a message can carry.
	MaxXMLBodySize = MaxXMLMessageSize - XMLHeaderSize
	// MaxInvokeID is the largest invoke ID four digits can carry. By
	// convention 1..9998 number requests, 9999 marks unsolicited events and
	// 0 keep-alives (Zultys), but all of 0..9999 are accepted.
	MaxInvokeID = 9999
)

// Frame names for CSTA-XML errors.
const (
	frameXMLHeader  = "CSTA-XML header"
	frameXMLMessage = "CSTA-XML message"
)

// XMLOptions configures an XMLReader. The zero value is strict and accepts
// messages up to MaxXMLMessageSize.
type XMLOptions struct {
	// MaxMessageSize is the largest message accepted, header included.
	// 0 (or anything above MaxXMLMessageSize) means MaxXMLMessageSize.
	MaxMessageSize int
	// AcceptAnyFormat accepts a nonzero format field instead of failing
	// with ErrBadFormat. The Avaya PHP wrapper, reported to work against
	// Avaya AES, sends ASCII "00" (0x30 0x30) there. Format reports the
	// value received.
	AcceptAnyFormat bool
}

// XMLReader reads CSTA-XML messages framed per ECMA-323 Annex J.
type XMLReader struct {
	in     inbuf
	opt    XMLOptions
	last   int
	sticky error
	format uint16
}

// NewXMLReader returns a reader of the CSTA-XML messages in r.
func NewXMLReader(r io.Reader, o XMLOptions) *XMLReader {
	if o.MaxMessageSize <= 0 || o.MaxMessageSize > MaxXMLMessageSize {
		o.MaxMessageSize = MaxXMLMessageSize
	}
	if o.MaxMessageSize < XMLHeaderSize {
		o.MaxMessageSize = XMLHeaderSize
	}
	x := &XMLReader{opt: o}
	x.in.max = o.MaxMessageSize
	x.in.reset(r)
	return x
}

// Reset makes x read from r as if newly created, keeping its buffer.
func (x *XMLReader) Reset(r io.Reader) {
	x.in.reset(r)
	x.last = 0
	x.sticky = nil
	x.format = 0
}

// Offset returns the stream offset of the first octet not yet returned.
func (x *XMLReader) Offset() int64 { return x.in.off + int64(x.last) }

// Format returns the format field of the message ReadMessage returned last:
// 0 unless XMLOptions.AcceptAnyFormat let another value through.
func (x *XMLReader) Format() uint16 { return x.format }

// ReadMessage returns the next message's invoke ID (0..9999) and XML body.
// body aliases x's buffer and is valid until the next call of ReadMessage or
// Reset; it is not checked to be XML.
//
// At a clean end of stream, between messages, it returns io.EOF; a stream
// that ends inside a message yields a *TruncatedError. A nonzero format field
// (unless accepted), a length below 8 or above the limit, or an invoke ID that
// is not four ASCII digits yield an *Error, decided from the header before the
// body is buffered. A header whose length disagrees with its body (as in hand
// edited captures) surfaces as an error on the following header, whose octets
// then fall inside XML text, or as a truncated stream.
func (x *XMLReader) ReadMessage() (invokeID int, body []byte, err error) {
	if x.sticky != nil {
		return 0, nil, x.sticky
	}
	if x.last > 0 {
		x.in.discard(x.last)
		x.last = 0
	}
	invokeID, body, err = x.read()
	if err != nil {
		switch err.(type) {
		case *Error, *TruncatedError:
			x.sticky = err
		}
	}
	return invokeID, body, err
}

func (x *XMLReader) read() (int, []byte, error) {
	for x.in.buffered() < XMLHeaderSize {
		if err := x.in.fill(x.opt.MaxMessageSize); err != nil {
			if err == io.EOF {
				if x.in.buffered() == 0 {
					return 0, nil, io.EOF
				}
				return 0, nil, &TruncatedError{Frame: frameXMLHeader, Offset: x.in.off, Read: x.in.buffered(), Want: XMLHeaderSize}
			}
			return 0, nil, err
		}
	}
	h := x.in.bytes()[:XMLHeaderSize]
	format := binary.BigEndian.Uint16(h[0:2])
	if format != 0 && !x.opt.AcceptAnyFormat {
		return 0, nil, &Error{Frame: frameXMLHeader, Offset: x.in.off, Err: ErrBadFormat,
			Detail: fmt.Sprintf("format field 0x%04X, want 0x0000", format)}
	}
	n := int(binary.BigEndian.Uint16(h[2:4]))
	if n < XMLHeaderSize {
		return 0, nil, &Error{Frame: frameXMLHeader, Offset: x.in.off + 2, Err: ErrBadHeader,
			Detail: fmt.Sprintf("length %d is below the header size 8", n)}
	}
	if n > x.opt.MaxMessageSize {
		return 0, nil, &Error{Frame: frameXMLHeader, Offset: x.in.off + 2, Err: ErrTooLarge,
			Detail: fmt.Sprintf("length %d exceeds the limit %d", n, x.opt.MaxMessageSize)}
	}
	id := 0
	for i, c := range h[4:8] {
		if c < '0' || c > '9' {
			return 0, nil, &Error{Frame: frameXMLHeader, Offset: x.in.off + 4 + int64(i), Err: ErrBadInvokeID,
				Detail: fmt.Sprintf("invoke ID octet 0x%02X is not an ASCII digit", c)}
		}
		id = id*10 + int(c-'0')
	}
	for x.in.buffered() < n {
		if err := x.in.fill(n); err != nil {
			if err == io.EOF {
				return 0, nil, &TruncatedError{Frame: frameXMLMessage, Offset: x.in.off, Read: x.in.buffered(), Want: n}
			}
			return 0, nil, err
		}
	}
	x.format = format
	x.last = n
	return id, x.in.bytes()[XMLHeaderSize:n:n], nil
}

// XMLWriter writes CSTA-XML messages framed per ECMA-323 Annex J.
type XMLWriter struct {
	w   io.Writer
	buf []byte
}

// NewXMLWriter returns a writer of CSTA-XML messages to w.
func NewXMLWriter(w io.Writer) *XMLWriter { return &XMLWriter{w: w} }

// Reset makes x write to w, keeping its buffer.
func (x *XMLWriter) Reset(w io.Writer) { x.w = w }

// WriteMessage writes the header (format 0x0000, length 8+len(body), invokeID
// as four ASCII digits) and body in one Write call, assembled in a reused
// buffer; it does not retain body. An invokeID outside 0..9999 yields an
// *Error wrapping ErrBadInvokeID, a body over MaxXMLBodySize one wrapping
// ErrTooLarge; nothing is written then.
func (x *XMLWriter) WriteMessage(invokeID int, body []byte) error {
	if invokeID < 0 || invokeID > MaxInvokeID {
		return &Error{Frame: frameXMLHeader, Offset: 4, Err: ErrBadInvokeID,
			Detail: fmt.Sprintf("invoke ID %d is outside 0..9999", invokeID)}
	}
	if len(body) > MaxXMLBodySize {
		return &Error{Frame: frameXMLMessage, Offset: 2, Err: ErrTooLarge,
			Detail: fmt.Sprintf("body of %d octets exceeds %d", len(body), MaxXMLBodySize)}
	}
	n := XMLHeaderSize + len(body)
	buf := append(x.buf[:0], 0, 0, byte(n>>8), byte(n),
		byte('0'+invokeID/1000), byte('0'+invokeID/100%10), byte('0'+invokeID/10%10), byte('0'+invokeID%10))
	buf = append(buf, body...)
	x.buf = buf
	return write(x.w, buf)
}

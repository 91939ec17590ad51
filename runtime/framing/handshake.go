package framing

import (
	"fmt"
	"io"
)

// Handshake runs a vendor session preamble on a freshly opened connection
// (a net.Conn, a *tls.Conn), before the first PDU — for BER, before the ACSE
// AARQ. It must not read beyond the preamble, since what follows belongs to
// the PDU reader.
type Handshake func(rw io.ReadWriter) error

// Alcatel OmniPCX Office preamble octets.
const (
	alcatelOXORequest = 'B'
	alcatelOXOReply   = 'P'
)

// AlcatelOXOHandshake is the client side of the Alcatel-Lucent OmniPCX Office
// preamble on TCP 2555: it sends the single octet 'B' and requires the single
// octet 'P' in reply before ACSE starts. It reads exactly one octet.
func AlcatelOXOHandshake(rw io.ReadWriter) error {
	return byteExchange(rw, alcatelOXORequest, alcatelOXOReply, true)
}

// AlcatelOXOAcceptHandshake is the switch side of AlcatelOXOHandshake: it
// requires the octet 'B' and answers 'P'. It serves simulators and tests.
func AlcatelOXOAcceptHandshake(rw io.ReadWriter) error {
	return byteExchange(rw, alcatelOXOReply, alcatelOXORequest, false)
}

// byteExchange sends mine and expects theirs (or, with sendFirst false,
// expects theirs and then sends mine).
func byteExchange(rw io.ReadWriter, mine, theirs byte, sendFirst bool) error {
	if sendFirst {
		if err := write(rw, []byte{mine}); err != nil {
			return err
		}
	}
	var got [1]byte
	if _, err := io.ReadFull(rw, got[:]); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return fmt.Errorf("framing: session preamble: %w", err)
	}
	if got[0] != theirs {
		return &Error{Frame: "session preamble", Offset: 0, Err: ErrHandshake,
			Detail: fmt.Sprintf("received 0x%02X, want %q", got[0], theirs)}
	}
	if !sendFirst {
		return write(rw, []byte{mine})
	}
	return nil
}

// OpenBER runs o.Handshake (if any) on rw, then returns a reader and a writer
// of PDUs on it, both framed as o describes.
func OpenBER(rw io.ReadWriter, o Options) (*BERReader, *BERWriter, error) {
	if o.Handshake != nil {
		if err := o.Handshake(rw); err != nil {
			return nil, nil, err
		}
	}
	return NewBERReader(rw, o), NewBERWriter(rw, o), nil
}

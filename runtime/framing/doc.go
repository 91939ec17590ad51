// Package framing cuts a byte stream into CSTA messages and writes them back.
//
// Two wire formats are supported:
//
//   - BER (ECMA-285 CSTA Phase III, ECMA-217/218 Phase II and the ACSE that
//     opens the association): [BERReader] and [BERWriter]. ECMA defines no
//     length prefix, so a PDU is delimited by its own outer TLV (X.690 8.1):
//     definite length, or indefinite length found by an incremental scan of
//     the nested elements. Vendors that wrap each PDU in a header of their own
//     are described by a [Prefix] profile ([AlcatelOXEPrefix], [HiPathPrefix],
//     ...), and session preambles that precede the ACSE exchange by a
//     [Handshake] ([AlcatelOXOHandshake]).
//   - CSTA-XML over TCP (ECMA-323 Annex J, "XML without SOAP"): [XMLReader]
//     and [XMLWriter] handle the 8-octet header (format 0x0000, uint16 total
//     length including the header, four ASCII digits of invoke ID).
//
// The readers work on any io.Reader (a net.Conn, a *tls.Conn, a file), cope
// with reads of any size including zero-length ones, and never allocate in
// proportion to a length claimed by the peer: their buffer grows only when it
// is full of octets that actually arrived, and never beyond the configured
// limit. A frame larger than the limit is rejected as soon as its header says
// so. In steady state neither readers nor writers allocate.
//
// The slice a reader returns aliases the reader's internal buffer. It stays
// valid until the next call of a read method or Reset on the same reader;
// copy it to keep it longer.
//
// Malformed input yields an *[Error] (or a *[TruncatedError] when the stream
// ends inside a frame) carrying the stream offset; both unwrap to the
// sentinel errors declared here (or io.ErrUnexpectedEOF) for errors.Is.
// Such framing errors are sticky: the stream cannot be resynchronised, so
// every later read returns the same error. Errors from the underlying reader
// other than io.EOF (a read deadline on a net.Conn, for instance) are
// returned as they are and are not sticky: a later call resumes the frame
// where it stopped.
//
// A reader or writer is not safe for concurrent use, but a BERReader and a
// BERWriter (or an XMLReader and an XMLWriter) on the same connection may be
// used from two goroutines.
package framing

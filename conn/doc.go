// Package conn speaks CSTA over a network connection: [BERConn] for
// ECMA-285 BER (ACSE association, then ROSE operations) and [XMLConn] for
// ECMA-323 CSTA-XML over TCP (Annex J framing). Both work over any net.Conn,
// so TLS is a tls.Client (or tls.Server) away, and both correlate requests
// and replies with [github.com/cstagen/cstagen/runtime/rose].
//
// A BER client opens the association with [DialBER] or [NewBER]: an
// optional vendor handshake (framing.Options.Handshake), then an AARQ
// (X.227) with the application-context-name (CSTA3Context by default) and,
// in its user-information, an EXTERNAL (X.690 8.18) carrying
// ACSEUserInformationForCSTA with the requested CSTA versions; the AARE
// must accept it, and the highest version common to both sides is chosen.
// [AcceptBER] is the switch side, for simulators and tests.
//
// Requests: [BERConn.Do] returns the typed ReturnResult as a recyclable
// [Reply] (no allocation in steady state), [BERConn.Invoke] a result of its
// own. A ReturnError becomes a [*ServiceError] carrying the
// UniversalFailure, a Reject a [*RejectError] (a Reject without invoke ID
// fails the request it answers when exactly one is pending). Events
// (cSTAEventReport and other operations that never respond) go to
// BEROptions.OnEvent, requests from the switch to BEROptions.OnRequest (or
// are answered later with [BERConn.Respond]; a request reusing the invoke
// ID of one still unanswered is rejected with duplicateInvocation).
// CSTA-XML is the same with raw documents ([XMLConn.InvokeXML],
// XMLOptions.OnEvent receiving an [XMLFrame]) and with any typed value
// implementing [TypedXML] ([XMLConn.Invoke]), such as the generated
// csta.XMLMessage.
//
// Nothing is dropped silently: every incoming frame the connection rejects
// or skips (a PDU that is not ROSE or does not decode, an invoke of an
// unknown operation, a late reply, a CSTA-XML message without an element,
// ...) is counted in [BERConn.Stats] by [DropReason] and reported to
// Options.OnDrop; MaxBadFrames unusable frames in a row fail the
// connection.
//
// Each connection runs one reader goroutine, one flusher goroutine and a
// keep-alive goroutine when Options.KeepAliveInterval is set (by default
// systemStatus every interval, configurable for BER and CSTA-XML, e.g. an
// ECMA-354 ResetApplicationSessionTimer built at send time; the connection
// fails after KeepAliveMisses replies in a row are missing). Writes are
// coalesced: senders queue encoded frames and the flusher writes all that
// is queued in one system call, with one write deadline per flush, so a
// burst of events or parallel requests does not cost one write each. Every
// wait is bounded: RequestTimeout per request, AssociateTimeout for the
// opening (TLS handshake included), FrameTimeout for the rest of an
// incoming frame once it started (a slowloris peer; only time spent waiting
// for the peer counts, not handler time), IdleTimeout for a silent peer
// (10 minutes by default), WriteTimeout per flush, ReleaseTimeout for the
// RLRE. Close releases the association (RLRQ/RLRE), fails pending requests
// with [ErrClosed], flushes what is queued and returns once the goroutines
// have ended; it is idempotent. A protocol violation (garbage, an oversize
// PDU, a stalled frame, a dead keep-alive) aborts the association (ABRT)
// and fails pending requests with a [*rose.ClosedError] wrapping the
// cause, which [BERConn.Err] also reports.
//
// Memory is bounded per connection: the framer holds at most one PDU
// (framing.DefaultMaxPDUSize, 1 MiB), decoding a BER APDU may allocate at
// most DefaultLimits.MaxAlloc (4 MiB) per reader (ber.ErrBudget beyond, the
// APDU then rejected or the request failed), and the reused values keep at
// most ber.DefaultMaxKeep (64 KiB) of capacity per list between messages.
// CSTA-XML frames are decoded by the caller's TypedXML; csta.XMLMessage
// holds them to xml.DefaultLimits' budget (256 KiB plus 8 bytes per byte of
// the document: 768 KiB for the largest frame, framing.MaxXMLMessageSize).
//
// Authentication is off by default: [AcceptBER] accepts any AARQ unless
// BEROptions.Authenticate is set, and the dialling side does not check the
// AARE's responding-authentication-value unless BEROptions.VerifyAARE is
// set. [CheckPassword], [CheckRespondingPassword], [PasswordAARQ] and
// [PasswordAARE] are ready hooks for a password (charstring); over TLS,
// DialBER and DialXML verify the switch's certificate against the host
// dialled when the config names no ServerName.
package conn

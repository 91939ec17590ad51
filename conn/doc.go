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
// UniversalFailure, a Reject a [*RejectError]. Events (cSTAEventReport and
// other operations that never respond) go to BEROptions.OnEvent, requests
// from the switch to BEROptions.OnRequest (or are answered later with
// [BERConn.Respond]). CSTA-XML is the same with XML documents
// ([XMLConn.InvokeXML], XMLOptions.OnEvent) and, for the typed codec to
// come, any value implementing [TypedXML] ([XMLConn.Invoke]).
//
// Each connection runs one reader goroutine, and a keep-alive goroutine
// when Options.KeepAliveInterval is set (systemStatus every interval; the
// connection fails after KeepAliveMisses replies in a row are missing).
// Writes are serialized and reuse their buffers. Every wait is bounded:
// RequestTimeout per request, AssociateTimeout for the opening,
// FrameTimeout from the first to the last octet of an incoming frame (a
// slowloris peer), WriteTimeout per write, ReleaseTimeout for the RLRE.
// Close releases the association (RLRQ/RLRE), fails pending requests with
// [ErrClosed] and returns once both goroutines have ended; it is
// idempotent. A protocol violation (garbage, an oversize PDU, a stalled
// frame, a dead keep-alive) aborts the association (ABRT) and fails pending
// requests with a [*rose.ClosedError] wrapping the cause, which [BERConn.Err]
// also reports.
package conn

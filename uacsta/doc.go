// Package uacsta carries CSTA-XML (ECMA-323) in SIP, as ECMA TR/87
// ("uaCSTA") and ECMA-323 Annex K describe and as Microsoft Remote Call
// Control gateways (OCS, Lync), Cisco Unified CME, OpenScape Voice and SIP
// phones (Yealink, Snom, Poly, OpenStage) speak it. It is the SIP sibling
// of the conn package's XMLConn, built on github.com/emiago/sipgo, over
// UDP, TCP and TLS. It works on raw XML documents ([]byte), so any codec
// (csta.XMLMessage, encoding/xml, templates) can produce and read them.
//
// # The dialog
//
// The computing function (the client, [Conn]) opens a long-lived SIP
// dialog with an INVITE whose body is a RequestSystemStatus
// (Content-Type application/csta+xml, Content-Disposition
// signal;handling=required); the switching function (the server,
// [Server]) answers 200 OK with the RequestSystemStatusResponse, and the
// client ACKs. Requests then travel in INFO requests of the dialog.
// uaCSTA has no invoke IDs: a response is either the body of the INFO's
// 200 OK (Microsoft RCC) or, when that 200 OK is empty, a later INFO from
// the peer whose root element is the request's name with "Response"
// appended (or CSTAErrorCode), matched to the oldest such request waiting
// (TR/87: by SIP transaction, else by content and order). Events
// (root elements named ...Event) come as INFO (or NOTIFY) from the server
// and go to Handlers.OnEvent. The client refreshes the dialog every
// Options.RefreshInterval (re-INVITE with the same body, as pidgin-sipe
// does every 10 minutes, or UPDATE; both with an RFC 4028 session timer)
// and sends BYE on Close. Digest authentication (RFC 3261 22) answers
// 401 and 407 challenges to the INVITE and to requests in the dialog.
// Every wait is bounded: InviteTimeout, RequestTimeout per request (and
// the caller's context), ByeTimeout. [Conn.Invoke] does the same with any
// value implementing [TypedXML] (AppendXML, DecodeXML: the generated
// codec's entry points, as conn.XMLConn.Invoke).
//
// A Server accepts dialogs on any number of listeners, answers the
// INVITE's RequestSystemStatus (ServerOptions.OnInvite), hands requests to
// OnRequest (the answer goes in the 200 OK, or in an INFO of its own with
// ResponseMode InINFO, or later with [Dialog.Respond]) and sends events
// with [Dialog.Notify]. It can require digest authentication
// (ServerOptions.Credentials; stateless HMAC nonces). A dialog whose
// client asked for a session timer and stops refreshing ends after the
// session interval (BYE, ErrExpired, RFC 4028 10).
//
// # Example
//
//	c, err := uacsta.Dial(ctx, "tcp", "sip:rcc@pbx.example.com:5060", uacsta.Options{
//		From:     "sip:alice@example.com",
//		Password: "secret", // answers the gateway's digest challenge
//		InviteBody: []byte(`<?xml version="1.0"?><RequestSystemStatus xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed3"/>`),
//		Handlers: uacsta.Handlers{OnEvent: func(m *uacsta.Message) {
//			log.Printf("%s: %s", m.Root, m.Body) // DeliveredEvent, ...
//		}},
//		RefreshInterval: 10 * time.Minute,
//	})
//	if err != nil {
//		return err
//	}
//	defer c.Close() // BYE
//	resp, err := c.InvokeXML(ctx, []byte(`<MonitorStart xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed3">`+
//		`<monitorObject><deviceObject>tel:73124</deviceObject></monitorObject></MonitorStart>`))
//	// resp is the MonitorStartResponse document; a CSTAErrorCode is an *uacsta.XMLError.
//
// Example_loopback in the tests runs a client and a server on 127.0.0.1.
//
// # Limits
//
// Incoming SIP messages are limited to 65535 octets by the SIP stack's
// parser; CSTA bodies (and the parts of multipart/mixed bodies) are found
// by [github.com/cstagen/cstagen/uacsta/sipmsg], which bounds headers,
// parts and sizes and never copies. Over UDP, sipgo refuses to send a
// message beyond 1300 octets (RFC 3261 18.1.1; sip.UDPMTUSize - 200):
// such sends fail with an error, so large documents (conference events,
// snapshots) need TCP or TLS. The server does not retransmit its 2xx to a
// re-INVITE over UDP (the client's INVITE transaction does retransmit). ServerOptions.MaxDialogs bounds the dialogs
// a server holds; Options.MaxPending the requests a client has waiting.
//
// # Hooks for tools
//
// [sipmsg.Parse] reads one SIP message from a buffer (a UDP payload from
// a capture) and returns its CSTA document without a SIP stack;
// [sipmsg.Scanner] reads the messages of a buffer (a text file of SIP
// messages) one after the other and [sipmsg.Framer] those of a TCP stream
// that arrives in pieces, for a decoder; [RootName] names the
// document, [Server] with ServerOptions.OnRequest is what a simulator
// needs to answer requests, and [Dialog.Notify] sends its events.
package uacsta

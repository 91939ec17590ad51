package conn

import (
	"crypto/tls"
	"time"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/runtime/ber"
	"github.com/cstagen/cstagen/runtime/framing"
)

// Defaults for Options fields left at zero.
const (
	// DefaultRequestTimeout bounds the wait for each reply.
	DefaultRequestTimeout = 30 * time.Second
	// DefaultAssociateTimeout bounds the opening of a connection: vendor
	// handshake and ACSE association.
	DefaultAssociateTimeout = 10 * time.Second
	// DefaultReleaseTimeout bounds the wait for the RLRE answering Close's
	// RLRQ.
	DefaultReleaseTimeout = 2 * time.Second
	// DefaultWriteTimeout bounds each write to the network.
	DefaultWriteTimeout = 10 * time.Second
	// DefaultFrameTimeout bounds the time from the first octet of a PDU or
	// message to its last.
	DefaultFrameTimeout = 30 * time.Second
	// DefaultKeepAliveMisses is the number of keep-alive requests in a row
	// left unanswered that fails the connection, as Alcatel does.
	DefaultKeepAliveMisses = 2
)

// Options are the settings common to BER and CSTA-XML connections. The zero
// value selects the defaults above and no keep-alive.
type Options struct {
	// RequestTimeout bounds the wait for each reply (a context deadline may
	// cut it shorter). 0 means DefaultRequestTimeout, negative no timeout.
	RequestTimeout time.Duration
	// AssociateTimeout bounds the vendor handshake and the ACSE exchange.
	// 0 means DefaultAssociateTimeout.
	AssociateTimeout time.Duration
	// ReleaseTimeout bounds Close's wait for the peer's RLRE. 0 means
	// DefaultReleaseTimeout.
	ReleaseTimeout time.Duration
	// WriteTimeout bounds each write. 0 means DefaultWriteTimeout, negative
	// no timeout.
	WriteTimeout time.Duration
	// FrameTimeout bounds the time from the first octet of an incoming PDU
	// or message to its last; a peer that stalls inside one fails the
	// connection with ErrFrameTimeout. 0 means DefaultFrameTimeout,
	// negative no timeout. Silence between frames is not limited by it (use
	// the keep-alive for that).
	FrameTimeout time.Duration
	// KeepAliveInterval, when positive, makes the connection send a
	// keep-alive request (CSTA systemStatus, code 211, with systemStatus
	// normal) every interval; each must be answered within the interval.
	// Alcatel uses 30 s.
	KeepAliveInterval time.Duration
	// KeepAliveMisses is the number of keep-alive requests in a row left
	// unanswered after which the connection fails with a *KeepAliveError.
	// 0 means DefaultKeepAliveMisses.
	KeepAliveMisses int
	// MaxPending bounds the requests awaiting a reply (see rose.Options).
	MaxPending int
	// MinInvokeID and MaxInvokeID bound the invoke IDs of requests. Zero
	// values mean 1..2^31-1 for BER and 1..9998 for CSTA-XML.
	MinInvokeID, MaxInvokeID int64
}

func (o Options) resolve() Options {
	o.RequestTimeout = durationDefault(o.RequestTimeout, DefaultRequestTimeout)
	o.AssociateTimeout = durationDefault(o.AssociateTimeout, DefaultAssociateTimeout)
	o.ReleaseTimeout = durationDefault(o.ReleaseTimeout, DefaultReleaseTimeout)
	o.WriteTimeout = durationDefault(o.WriteTimeout, DefaultWriteTimeout)
	o.FrameTimeout = durationDefault(o.FrameTimeout, DefaultFrameTimeout)
	if o.KeepAliveMisses <= 0 {
		o.KeepAliveMisses = DefaultKeepAliveMisses
	}
	return o
}

// durationDefault maps 0 to def and negative values to 0 (none).
func durationDefault(d, def time.Duration) time.Duration {
	switch {
	case d == 0:
		return def
	case d < 0:
		return 0
	}
	return d
}

// BEROptions configure a BER connection (ECMA-285 over ACSE and ROSE).
type BEROptions struct {
	Options
	// Framing describes the stream: vendor prefix, PDU size limit and
	// vendor handshake (run before the ACSE exchange; on the accepting side
	// set the switch's half, e.g. framing.AlcatelOXOAcceptHandshake).
	Framing framing.Options
	// Limits bounds the decoding of each APDU; nil means ber.DefaultLimits.
	Limits *ber.Limits
	// ApplicationContext is the application-context-name of the AARQ (and
	// the one the accepting side requires); nil means CSTA3Context.
	ApplicationContext []uint32
	// Versions are the CSTA versions requested (dialling side) or supported
	// (accepting side); 0 means DefaultVersions.
	Versions csta.CSTAVersion
	// AARQ, if set, may adjust the AARQ before it is sent (calling
	// AP-title, authentication value, ACSE requirements...).
	AARQ func(q *csta.AARQAPDU)
	// Authenticate, on the accepting side, may refuse an AARQ: a non-nil
	// error answers it with an AARE rejected-permanent, diagnostic
	// authentication-failure.
	Authenticate func(q *csta.AARQAPDU) error
	// TLS, for DialBER, runs TLS over the TCP connection.
	TLS *tls.Config

	// OnEvent receives the invokes of operations that never respond
	// (cSTAEventReport, ...). The PDU, its Argument and the bytes they
	// point into are only valid during the call. It runs on the reader
	// goroutine: it must not wait for a reply of the same connection.
	OnEvent func(p *csta.PDU)
	// OnRequest answers the invokes the peer expects a reply to. It returns
	// the result (nil for an empty ReturnResult), or an error: a
	// *ServiceError is sent as a ReturnError, a *RejectError as a Reject,
	// ErrRespondLater sends nothing (answer with Respond later), and any
	// other error a ReturnError universalFailure unspecified. When OnRequest
	// is nil, systemStatus is answered with an empty result and everything
	// else rejected (invoke-unrecognizedOperation). Same rules as OnEvent.
	OnRequest func(p *csta.PDU) (csta.Message, error)
}

func (o BEROptions) resolve() BEROptions {
	o.Options = o.Options.resolve()
	if o.ApplicationContext == nil {
		o.ApplicationContext = CSTA3Context
	}
	if o.Versions == 0 {
		o.Versions = DefaultVersions
	}
	return o
}

// XMLOptions configure a CSTA-XML connection (ECMA-323 over TCP, Annex J).
type XMLOptions struct {
	Options
	// Framing configures the message reader (size limit, lenient format
	// field).
	Framing framing.XMLOptions
	// KeepAliveBody is the request sent as keep-alive; any reply counts.
	// nil means a SystemStatus with systemStatus normal in the ECMA-323
	// edition 3 namespace.
	KeepAliveBody []byte
	// OnEvent receives unsolicited messages: invoke ID 9999, or a root
	// element whose name ends in "Event". The message is only valid during
	// the call; it runs on the reader goroutine.
	OnEvent func(m *XMLMessage)
	// OnRequest answers requests from the peer (OpenScape Voice starts with
	// a SystemStatus): it appends the response document to dst and returns
	// it, or returns ErrRespondLater (answer with Respond later) or another
	// error (answered with CSTAErrorCode unspecified). When nil, SystemStatus
	// is answered with an empty SystemStatusResponse and everything else
	// with CSTAErrorCode unspecified.
	OnRequest func(m *XMLMessage, dst []byte) ([]byte, error)
}

// DefaultXMLKeepAlive is the keep-alive request when XMLOptions.KeepAliveBody
// is nil.
var DefaultXMLKeepAlive = []byte(`<?xml version="1.0" encoding="UTF-8"?>` +
	`<SystemStatus xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed3">` +
	`<systemStatus>normal</systemStatus></SystemStatus>`)

func (o XMLOptions) resolve() XMLOptions {
	o.Options = o.Options.resolve()
	if o.MinInvokeID == 0 && o.MaxInvokeID == 0 {
		o.MinInvokeID, o.MaxInvokeID = 1, framing.MaxInvokeID-1
	}
	if o.MinInvokeID < 0 {
		o.MinInvokeID = 0
	}
	if o.MaxInvokeID <= 0 || o.MaxInvokeID > framing.MaxInvokeID-1 {
		o.MaxInvokeID = framing.MaxInvokeID - 1
	}
	if o.MinInvokeID > o.MaxInvokeID {
		o.MinInvokeID, o.MaxInvokeID = 1, framing.MaxInvokeID-1
	}
	if o.KeepAliveBody == nil {
		o.KeepAliveBody = DefaultXMLKeepAlive
	}
	return o
}

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
	// DefaultIdleTimeout is how long an open connection may stay without a
	// single incoming octet before it is reaped (ErrIdleTimeout). It is
	// well above the keep-alive intervals in use (Alcatel 30 s; OpenScape
	// Voice and Avaya send or expect one every few minutes at most), so a
	// connection with a keep-alive on either side never hits it, while a
	// peer that went silent (a hung switch, a client holding a slot of a
	// simulator) is reaped within minutes instead of never. A link that is
	// legitimately silent for longer and runs no keep-alive must set
	// IdleTimeout negative (or, better, set KeepAliveInterval).
	DefaultIdleTimeout = 10 * time.Minute
	// DefaultMaxBadFrames is the number of unusable frames in a row (BER
	// PDUs that are not ROSE or do not decode, CSTA-XML messages without an
	// element) after which the peer is deemed broken and the connection
	// fails with a *ProtocolError.
	DefaultMaxBadFrames = 8
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
	// FrameTimeout bounds the time the connection waits for the rest of an
	// incoming PDU or message once its first octet arrived; a peer that
	// stalls inside one fails the connection with ErrFrameTimeout. Only the
	// time spent waiting for the peer counts: while a handler (OnEvent,
	// OnRequest) runs the clock stands still, so a slow handler is never
	// blamed on the peer. 0 means DefaultFrameTimeout, negative no timeout.
	// Silence between frames is limited by IdleTimeout, not by it.
	FrameTimeout time.Duration
	// IdleTimeout bounds the time the connection waits for the peer's next
	// octet once open (between frames, and inside a frame when FrameTimeout
	// is off); a silent peer fails the connection with ErrIdleTimeout (and,
	// for BER, an ABRT). Handler time does not count, and the deadline is
	// renewed coarsely, so the peer is reaped after between 7/8 and all of
	// IdleTimeout of silence. 0 means DefaultIdleTimeout, negative none.
	IdleTimeout time.Duration
	// MaxBadFrames is the number of unusable frames in a row (see
	// DefaultMaxBadFrames) that fails the connection. 0 means
	// DefaultMaxBadFrames.
	MaxBadFrames int
	// OnDrop, if set, hears of every incoming frame the connection rejects
	// or skips instead of handing it to a handler or a pending request (see
	// DropReason); Stats counts them whether or not OnDrop is set. It runs
	// on the reader goroutine and must not block; the DropEvent and the
	// bytes it points into are only valid during the call.
	OnDrop func(e *DropEvent)
	// KeepAliveInterval, when positive, makes the connection send a
	// keep-alive request every interval (BER: BEROptions.KeepAlive, by
	// default CSTA systemStatus, code 211, with systemStatus normal;
	// CSTA-XML: XMLOptions.KeepAliveBody or AppendKeepAlive); each must be
	// answered within the interval, and any answer counts (a ReturnError,
	// Reject or CSTAErrorCode proves the peer alive too). Alcatel uses 30 s.
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
	o.IdleTimeout = durationDefault(o.IdleTimeout, DefaultIdleTimeout)
	if o.KeepAliveMisses <= 0 {
		o.KeepAliveMisses = DefaultKeepAliveMisses
	}
	if o.MaxBadFrames <= 0 {
		o.MaxBadFrames = DefaultMaxBadFrames
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
	// Limits bounds the decoding of each APDU; nil means DefaultLimits.
	Limits *ber.Limits
	// ApplicationContext is the application-context-name of the AARQ (and
	// the one the accepting side requires); nil means CSTA3Context.
	ApplicationContext []uint32
	// AcceptContexts, on the accepting side, lists further
	// application-context-names accepted besides ApplicationContext (a
	// simulator takes CSTA2Context and CSTA3Context alike); the AARE
	// repeats the AARQ's.
	AcceptContexts [][]uint32
	// Versions are the CSTA versions requested (dialling side) or supported
	// (accepting side); 0 means DefaultVersions.
	Versions csta.CSTAVersion
	// AARQ, if set, may adjust the AARQ before it is sent (calling
	// AP-title, authentication value, ACSE requirements...).
	AARQ func(q *csta.AARQAPDU)
	// Authenticate, on the accepting side, may refuse an AARQ: a non-nil
	// error answers it with an AARE rejected-permanent, diagnostic
	// authentication-failure. Authentication is off by default: when it is
	// nil, any AARQ with the right application context and a common
	// version is accepted, whatever its calling-authentication-value.
	// CheckPassword returns a ready one.
	Authenticate func(q *csta.AARQAPDU) error
	// AARE, on the accepting side, may adjust an accepting AARE before it
	// is sent (responding AP-title, responding-authentication-value, see
	// PasswordAARE).
	AARE func(r *csta.AAREAPDU)
	// VerifyAARE, on the dialling side, may refuse an AARE that accepted
	// the association: a non-nil error aborts it (ABRT) and NewBER returns
	// an *AuthenticationError wrapping it. When it is nil the AARE's
	// responding-authentication-value is not checked at all.
	// CheckRespondingPassword returns a ready one.
	VerifyAARE func(r *csta.AAREAPDU) error
	// TLS, for DialBER, runs TLS over the TCP connection. A config without
	// ServerName is cloned and given the host of the dial address, so the
	// switch's certificate is verified against the name dialled.
	TLS *tls.Config
	// KeepAlive, if set, builds the keep-alive request at each send: the
	// operation's local code and its argument (nil for none). nil means
	// systemStatus (OpSystemStatus) with systemStatus normal.
	KeepAlive func() (operation int64, argument csta.Message)

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
	// OtherOperations makes operations that csta's tables do not know
	// (a vendor's, such as those of a package generated on top of csta
	// with cstagen generate -base) travel like csta's: for the local code
	// of such an invoke it reports whether the application handles it
	// (known) and whether the peer expects a reply (responds). A known one
	// goes to OnEvent or OnRequest with p.Operation and p.Argument nil and
	// the argument's encoding in p.ROSE.Invoke.Argument, which the vendor's
	// type decodes; OnRequest's result is sent under the invoke's code.
	// nil (or known false) rejects them (invoke-unrecognizedOperation).
	// Requests of such operations are made with Do, whose Reply holds the
	// result's encoding in PDU.ROSE.ReturnResult.
	OtherOperations func(code int64) (responds, known bool)
}

// DefaultLimits are the decode limits of a BER connection whose
// BEROptions.Limits is nil: ber.DefaultLimits with a decode budget of 4 MiB
// per APDU (ber.Limits.MaxAlloc; the ROSE envelope and the typed argument
// or result are decoded with one each) and the default list capacity kept
// between messages (ber.DefaultMaxKeep, 64 KiB per list). With the framer's
// DefaultMaxPDUSize of 1 MiB, a connection then holds its read buffer (up to
// one PDU), what decoding the current PDU makes (at most 8 MiB, garbage
// once it is handled unless the values keep it) and the reused values of
// the operations seen, whose lists keep at most 64 KiB each: a peer sending
// 1 MiB of tiny list items makes ber.ErrBudget instead of hundreds of MiB
// (an invoke is then rejected and dropped as DropMistypedArgument, a
// result fails the request it answers with the error).
var DefaultLimits = ber.Limits{
	MaxDepth:    ber.DefaultMaxDepth,
	MaxElements: ber.DefaultMaxElements,
	MaxLength:   ber.DefaultMaxLength,
	MaxAlloc:    4 << 20,
	MaxKeep:     ber.DefaultMaxKeep,
}

func (o BEROptions) resolve() BEROptions {
	o.Options = o.Options.resolve()
	if o.Limits == nil {
		o.Limits = &DefaultLimits
	}
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
	// edition 3 namespace. AppendKeepAlive, when set, takes precedence.
	KeepAliveBody []byte
	// AppendKeepAlive, if set, builds the keep-alive request at each send:
	// it appends the document to dst and returns it. It runs on the
	// keep-alive goroutine. ResetApplicationSessionTimer returns one that
	// keeps an ECMA-354 application session alive.
	AppendKeepAlive func(dst []byte) []byte
	// OnEvent receives unsolicited messages: invoke ID 9999, or a root
	// element whose name ends in "Event". The message is only valid during
	// the call; it runs on the reader goroutine.
	OnEvent func(m *XMLFrame)
	// OnRequest answers requests from the peer (OpenScape Voice starts with
	// a SystemStatus): it appends the response document to dst and returns
	// it, or returns ErrRespondLater (answer with Respond later) or another
	// error (answered with CSTAErrorCode unspecified). When nil, SystemStatus
	// is answered with an empty SystemStatusResponse and everything else
	// with CSTAErrorCode unspecified.
	OnRequest func(m *XMLFrame, dst []byte) ([]byte, error)
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

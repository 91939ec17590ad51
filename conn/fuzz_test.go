package conn

import (
	"context"
	"io"
	"net"
	"testing"
	"time"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/runtime/framing"
)

// The fuzz targets of this file feed hostile bytes to conn the way a peer
// would. They check that nothing panics, that the connection ends promptly
// once the peer closes (no goroutine or wait left behind), and that the
// counters stay consistent. Seeds are built here from valid exchanges and
// committed under testdata/fuzz.

// fuzzTimeouts keeps each fuzz iteration short.
var fuzzTimeouts = Options{
	RequestTimeout:   100 * time.Millisecond,
	AssociateTimeout: 500 * time.Millisecond,
	ReleaseTimeout:   50 * time.Millisecond,
	WriteTimeout:     500 * time.Millisecond,
	FrameTimeout:     200 * time.Millisecond,
	IdleTimeout:      500 * time.Millisecond,
}

// maxFuzzInput bounds the inputs the targets try.
const maxFuzzInput = 64 << 10

// mustBER encodes m or fails the fuzz setup.
func mustBER(f testing.TB, m interface{ AppendBER([]byte) ([]byte, error) }) []byte {
	f.Helper()
	b, err := m.AppendBER(nil)
	if err != nil {
		f.Fatal(err)
	}
	return b
}

// berSeeds returns PDUs of a typical association after the opening: an
// event, a request, a reply to invoke 1, a Reject without invoke ID, junk
// and an RLRQ.
func berSeeds(f testing.TB) [][]byte {
	f.Helper()
	var p csta.PDU
	p.SetInvoke(3, 21, deliveredEvent("0001", "0042"))
	ev := mustBER(f, &p)
	p.SetInvoke(4, OpSystemStatus, &csta.SystemStatusArg{SystemStatus: csta.SystemStatusNormal})
	req := mustBER(f, &p)
	p.SetResult(1, OpSystemStatus, nil)
	res := mustBER(f, &p)
	rlrq := &csta.ACSEAPDU{Choice: csta.ACSEAPDUChoiceRlrq, Rlrq: &csta.RLRQAPDU{}}
	return [][]byte{ev, req, res, {0xA4, 0x05, 0x05, 0x00, 0x80, 0x01, 0x01}, {0x30, 0x00}, mustBER(f, rlrq)}
}

func concat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

// pipePeer returns the two ends of a net.Pipe; the peer end writes input
// and then closes, while everything the connection writes is discarded.
func pipePeer(input []byte) (local net.Conn, done <-chan struct{}) {
	local, peer := net.Pipe()
	ch := make(chan struct{})
	go func() {
		defer close(ch)
		drained := make(chan struct{})
		go func() { io.Copy(io.Discard, peer); close(drained) }()
		peer.SetWriteDeadline(time.Now().Add(2 * time.Second))
		peer.Write(input)
		peer.Close()
		<-drained
	}()
	return local, ch
}

// endsWithin fails the fuzz iteration if c does not end within 5 s.
func endsWithin(t *testing.T, c interface{ Done() <-chan struct{} }) {
	t.Helper()
	select {
	case <-c.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("connection did not end after the peer closed")
	}
}

// checkStats checks that no frame was counted twice.
func checkStats(t *testing.T, s Stats) {
	t.Helper()
	if n := s.Events + s.Requests + s.TotalDropped(); n > s.FramesIn+1 {
		t.Fatalf("Stats count %d handled frames of %d read: %+v", n, s.FramesIn, s)
	}
}

// FuzzACSE decodes ACSE APDUs as conn reads them (framing, then ACSEAPDU
// with acseLimits) and runs what conn does with each: the CSTA versions of
// the user information, the AARE check, the password checks. A value that
// re-encodes must decode again.
func FuzzACSE(f *testing.F) {
	aarq, err := newAARQ(&BEROptions{ApplicationContext: CSTA3Context, Versions: DefaultVersions, AARQ: PasswordAARQ([]byte("pw"))})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(mustBER(f, aarq))
	aare, err := newAARE(CSTA3Context, csta.AssociateResultAccepted, userDiag(csta.AssociateSourceDiagnosticACSEServiceUserNull), DefaultVersions)
	if err != nil {
		f.Fatal(err)
	}
	PasswordAARE([]byte("pw"))(aare.Aare)
	f.Add(mustBER(f, aare))
	f.Add([]byte{0x62, 0x03, 0x80, 0x01, 0x00}) // RLRQ
	f.Add([]byte{0x64, 0x03, 0x80, 0x01, 0x01}) // ABRT
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > maxFuzzInput {
			return
		}
		r := framing.NewBERReader(&sliceReader{b: in}, framing.Options{MaxPDUSize: maxFuzzInput})
		var a csta.ACSEAPDU
		for range 16 {
			pdu, err := r.ReadPDU()
			if err != nil {
				return
			}
			if a.DecodeBERLimits(pdu, acseLimits) != nil {
				continue
			}
			_ = describeACSE(&a)
			switch a.Choice {
			case csta.ACSEAPDUChoiceAarq:
				UserInformationVersions(a.Aarq.UserInformation)
				_ = CheckPassword([]byte("pw"))(a.Aarq)
			case csta.ACSEAPDUChoiceAare:
				checkAARE(a.Aare, DefaultVersions)
				_ = CheckRespondingPassword([]byte("pw"))(a.Aare)
			case csta.ACSEAPDUChoiceAbrt:
				_ = abortError(a.Abrt).Error()
			}
			b, err := a.AppendBER(nil)
			if err != nil {
				continue
			}
			var again csta.ACSEAPDU
			if err := again.DecodeBERLimits(b, acseLimits); err != nil {
				t.Fatalf("re-encoded %s does not decode: %v\n% x", describeACSE(&a), err, b)
			}
		}
	})
}

// sliceReader reads b in chunks of at most 7 octets, so that frames
// arrive split.
type sliceReader struct{ b []byte }

func (r *sliceReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), 7)], r.b)
	r.b = r.b[n:]
	return n, nil
}

// FuzzAcceptBER is the switch side: the input is the client's stream (an
// AARQ, then anything), read by AcceptBER and the connection it opens.
func FuzzAcceptBER(f *testing.F) {
	aarq, err := newAARQ(&BEROptions{ApplicationContext: CSTA3Context, Versions: DefaultVersions})
	if err != nil {
		f.Fatal(err)
	}
	q := mustBER(f, aarq)
	seeds := berSeeds(f)
	f.Add(q)
	f.Add(concat(append([][]byte{q}, seeds...)...))
	f.Add(concat(q, seeds[1], seeds[1], seeds[0]))
	f.Add(concat(q, seeds[4], seeds[4], seeds[4], seeds[4], seeds[4], seeds[4], seeds[4], seeds[4]))
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > maxFuzzInput {
			return
		}
		nc, peerDone := pipePeer(in)
		defer func() { <-peerDone }()
		o := BEROptions{Options: fuzzTimeouts,
			Authenticate: func(q *csta.AARQAPDU) error { return nil },
			OnEvent:      func(p *csta.PDU) { _ = p.Argument },
			OnRequest: func(p *csta.PDU) (csta.Message, error) {
				if p.Operation.Code == OpSystemStatus {
					return nil, nil
				}
				return nil, ErrRespondLater
			}}
		c, err := AcceptBER(nc, o)
		if err != nil {
			return
		}
		endsWithin(t, c)
		c.Close()
		checkStats(t, c.Stats())
	})
}

// FuzzNewBER is the dialling side: the input is the switch's stream (an
// AARE, then anything), read by NewBER and the connection it opens while
// one request is pending.
func FuzzNewBER(f *testing.F) {
	aare, err := newAARE(CSTA3Context, csta.AssociateResultAccepted, userDiag(csta.AssociateSourceDiagnosticACSEServiceUserNull), csta.CSTAVersionVersionSix)
	if err != nil {
		f.Fatal(err)
	}
	a := mustBER(f, aare)
	seeds := berSeeds(f)
	f.Add(a)
	f.Add(concat(append([][]byte{a}, seeds...)...))
	f.Add(concat(a, seeds[3]))
	f.Add(concat(a, seeds[2], seeds[2], seeds[0], seeds[1]))
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > maxFuzzInput {
			return
		}
		nc, peerDone := pipePeer(in)
		defer func() { <-peerDone }()
		o := BEROptions{Options: fuzzTimeouts,
			OnEvent: func(p *csta.PDU) { _ = p.Argument },
		}
		c, err := NewBER(nc, o)
		if err != nil {
			return
		}
		reqDone := make(chan struct{})
		go func() {
			defer close(reqDone)
			if r, err := c.Do(context.Background(), OpSystemStatus, nil); err == nil {
				_ = r.Result()
				r.Release()
			}
		}()
		endsWithin(t, c)
		<-reqDone
		c.Close()
		checkStats(t, c.Stats())
	})
}

// FuzzXMLConn feeds the input as the peer's CSTA-XML stream while one
// request (invoke ID 1) is pending.
func FuzzXMLConn(f *testing.F) {
	f.Add(xmlFrameBytes(1, xmlMakeCallResponse))
	f.Add(concat(xmlFrameBytes(EventInvokeID, xmlDelivered), xmlFrameBytes(1, xmlError), xmlFrameBytes(5, xmlSystemStatus)))
	f.Add(concat(xmlFrameBytes(1, []byte("<MakeCallResult/>")), xmlFrameBytes(2, []byte("  ")), xmlFrameBytes(7, xmlBrokenResp)))
	f.Add(concat(xmlFrameBytes(3, xmlHold), xmlFrameBytes(3, xmlHold), xmlFrameBytes(1, []byte("<!-- -->"))))
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > maxFuzzInput {
			return
		}
		nc, peerDone := pipePeer(in)
		defer func() { <-peerDone }()
		c := NewXML(nc, XMLOptions{Options: fuzzTimeouts,
			OnEvent: func(m *XMLFrame) { _ = m.Root },
			OnRequest: func(m *XMLFrame, dst []byte) ([]byte, error) {
				if string(m.Root) == "Hold" {
					return dst, ErrRespondLater
				}
				return append(dst, "<OKResponse/>"...), nil
			}})
		reqDone := make(chan struct{})
		go func() {
			defer close(reqDone)
			c.InvokeXML(context.Background(), xmlMakeCall)
		}()
		endsWithin(t, c)
		<-reqDone
		c.Close()
		checkStats(t, c.Stats())
	})
}

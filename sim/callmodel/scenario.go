package callmodel

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Action is what a scenario step does; its value is the step's keyword.
type Action string

// The scenario actions.
const (
	ActCall         Action = "call"         // call from EXT to DEV: IncomingCall
	ActMakeCall     Action = "makecall"     // makecall DEV to NUMBER: MakeCall
	ActAnswer       Action = "answer"       // answer PARTY: AnswerCall or ExternalAnswer
	ActHangup       Action = "hangup"       // hangup PARTY: ClearConnection or ExternalHangup
	ActClearCall    Action = "clearcall"    // clearcall DEV: ClearCall of DEV's call
	ActHold         Action = "hold"         // hold DEV: HoldCall
	ActRetrieve     Action = "retrieve"     // retrieve DEV: RetrieveCall
	ActConsult      Action = "consult"      // consult DEV to NUMBER: ConsultationCall
	ActTransfer     Action = "transfer"     // transfer DEV: TransferCall of its held and active calls
	ActConference   Action = "conference"   // conference DEV: ConferenceCall of its held and active calls
	ActDeflect      Action = "deflect"      // deflect DEV to NUMBER: DeflectCall
	ActSSTransfer   Action = "sstransfer"   // sstransfer DEV to NUMBER: SingleStepTransferCall
	ActDND          Action = "dnd"          // dnd DEV on|off: SetDoNotDisturb
	ActForward      Action = "forward"      // forward DEV TYPE to NUMBER [rings N] | forward DEV TYPE off: SetForwarding
	ActOutOfService Action = "outofservice" // outofservice DEV: SetOutOfService(DEV, true)
	ActInService    Action = "inservice"    // inservice DEV: SetOutOfService(DEV, false)
	ActStatus       Action = "status"       // status STATUS: SetSystemStatus
)

// External is the party name that stands for the external number a
// scenario last named: the caller of the latest "call from", or the latest
// destination that is not a device of the plan.
const External DeviceID = "external"

// Step is one statement of a scenario.
type Step struct {
	Pos    Pos           // where the statement starts
	At     time.Duration // when, from the start of the run
	Action Action
	Device DeviceID // the acting device or party (for "call", the calling external number)
	Target DeviceID // the destination (to ...), if any
	On     bool     // dnd on, forward on
	Fwd    ForwardingType
	Rings  int
	Status SystemStatus
	Text   string // the statement, for messages
}

// Scenario is a parsed scenario: steps in time order.
type Scenario struct {
	Steps []Step
}

// ParseScenario parses a scenario text:
//
//	scenario = stmt { (";" | newline) stmt }
//	stmt     = "at" DURATION action
//	action   = "call" "from" EXT "to" DEV
//	         | "makecall" DEV "to" NUMBER
//	         | ("answer" | "hangup") PARTY
//	         | ("hold" | "retrieve" | "transfer" | "conference" | "clearcall") DEV
//	         | ("consult" | "deflect" | "sstransfer") DEV "to" NUMBER
//	         | "dnd" DEV ("on" | "off")
//	         | "forward" DEV ("immediate" | "busy" | "noanswer") ("to" NUMBER [ "rings" N ] | "off")
//	         | ("outofservice" | "inservice") DEV
//	         | "status" STATUS
//	PARTY    = DEV | EXT | "external"
//
// DURATION is a Go duration ("0s", "1.5s", "2m") from the start of the
// run; times never decrease. The acting device's connection is the one a
// person at the device would act on: answer takes its alerting call, hang
// up its call that is not on hold (else its held one), hold, consult,
// sstransfer its connected call, retrieve its held call, transfer and
// conference its held and connected calls, deflect its alerting or queued
// call. "external" names the external number last named (see External).
// STATUS is an ECMA-285 SystemStatus identifier ("disabled", "normal",
// ...). "#" starts a comment.
//
// Example:
//
//	at 0s call from 0049891234 to 101
//	at 2s answer 101
//	at 5s hangup external
//
// Errors are *ParseError values with the position of the offending word.
func ParseScenario(src string) (*Scenario, error) {
	stmts, err := lex(src)
	if err != nil {
		return nil, err
	}
	sc := &Scenario{}
	var last time.Duration
	for _, st := range stmts {
		p := &parser{st: st}
		s := Step{Pos: st.pos, Text: stmtText(st)}
		if err := p.expect("at"); err != nil {
			return nil, err
		}
		dt, err := p.word("duration")
		if err != nil {
			return nil, err
		}
		if s.At, err = time.ParseDuration(dt.text); err != nil || s.At < 0 {
			return nil, &ParseError{Pos: dt.pos, Err: ErrBadDuration, Msg: fmt.Sprintf("%q is not a duration such as 2s", dt.text)}
		}
		if s.At < last {
			return nil, &ParseError{Pos: dt.pos, Err: ErrTimeOrder, Msg: fmt.Sprintf("%v is before the previous step's %v", s.At, last)}
		}
		last = s.At
		kw, err := p.word("action")
		if err != nil {
			return nil, err
		}
		s.Action = Action(kw.text)
		if err := s.parseAction(p, kw); err != nil {
			return nil, err
		}
		if err := p.done(); err != nil {
			return nil, err
		}
		sc.Steps = append(sc.Steps, s)
	}
	return sc, nil
}

func stmtText(st statement) string {
	var b strings.Builder
	for i, t := range st.tokens {
		if i > 0 && t.text != "," {
			b.WriteByte(' ')
		}
		b.WriteString(t.text)
	}
	return b.String()
}

func (s *Step) parseAction(p *parser, kw token) error {
	var err error
	to := func() error {
		if err := p.expect("to"); err != nil {
			return err
		}
		s.Target, _, err = p.device("destination")
		return err
	}
	switch s.Action {
	case ActCall:
		if err := p.expect("from"); err != nil {
			return err
		}
		if s.Device, _, err = p.device("calling number"); err != nil {
			return err
		}
		return to()
	case ActMakeCall, ActConsult, ActDeflect, ActSSTransfer:
		if s.Device, _, err = p.device("device"); err != nil {
			return err
		}
		return to()
	case ActAnswer, ActHangup, ActHold, ActRetrieve, ActTransfer, ActConference, ActClearCall, ActOutOfService, ActInService:
		s.Device, _, err = p.device("device")
		return err
	case ActDND:
		if s.Device, _, err = p.device("device"); err != nil {
			return err
		}
		return s.onOff(p)
	case ActForward:
		if s.Device, _, err = p.device("device"); err != nil {
			return err
		}
		t, err := p.word("forwarding type")
		if err != nil {
			return err
		}
		switch t.text {
		case "immediate":
			s.Fwd = ForwardImmediate
		case "busy":
			s.Fwd = ForwardBusy
		case "noanswer":
			s.Fwd = ForwardNoAnswer
		default:
			return &ParseError{Pos: t.pos, Err: ErrUnknownWord, Msg: fmt.Sprintf("%q, want immediate, busy or noanswer", t.text)}
		}
		if p.accept("off") {
			return nil
		}
		s.On = true
		if err := to(); err != nil {
			return err
		}
		if p.accept("rings") {
			s.Rings, err = p.number("ring count", 1, 100)
		}
		return err
	case ActStatus:
		t, err := p.word("system status")
		if err != nil {
			return err
		}
		s.Status = SystemStatus(t.text)
		if !validStatus(s.Status) {
			return &ParseError{Pos: t.pos, Err: ErrUnknownWord, Msg: fmt.Sprintf("%q is not a SystemStatus", t.text)}
		}
		return nil
	}
	return &ParseError{Pos: kw.pos, Err: ErrUnknownWord, Msg: fmt.Sprintf("%q is not an action", kw.text)}
}

func (s *Step) onOff(p *parser) error {
	t, err := p.word("on or off")
	if err != nil {
		return err
	}
	switch t.text {
	case "on":
		s.On = true
	case "off":
	default:
		return &ParseError{Pos: t.pos, Err: ErrSyntax, Msg: fmt.Sprintf("got %q, want on or off", t.text)}
	}
	return nil
}

// StepError is the failure of one scenario step.
type StepError struct {
	Step Step
	Err  error // usually a *ServiceError
}

// Error returns "scenario line:col (step): err".
func (e *StepError) Error() string {
	return "scenario " + e.Step.Pos.String() + " (" + e.Step.Text + "): " + e.Err.Error()
}

// Unwrap returns the step's error.
func (e *StepError) Unwrap() error { return e.Err }

// Run plays the scenario against m: it waits on clock until each step's
// time (measured from the call to Run), then performs it. It stops at the
// first step that fails, returning a *StepError, or when ctx ends. With a
// *ManualClock (also given to m's Config) the run takes no real time and
// the model's ring timers fire at their scenario times.
func (sc *Scenario) Run(ctx context.Context, m *Model, clock Clock) error {
	plan := make(map[DeviceID]bool)
	for _, d := range m.GetSwitchingFunctionDevices("") {
		plan[d.ID] = true
	}
	r := &runner{m: m, plan: plan}
	var elapsed time.Duration
	for _, s := range sc.Steps {
		if d := s.At - elapsed; d > 0 {
			if err := clock.Sleep(ctx, d); err != nil {
				return err
			}
			elapsed = s.At
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := r.do(s); err != nil {
			return &StepError{Step: s, Err: err}
		}
	}
	return nil
}

type runner struct {
	m    *Model
	plan map[DeviceID]bool
	ext  DeviceID // the external number last named
}

// party resolves "external".
func (r *runner) party(d DeviceID) DeviceID {
	if d == External && r.ext != "" {
		return r.ext
	}
	return d
}

// dest notes an external destination.
func (r *runner) dest(d DeviceID) DeviceID {
	d = r.party(d)
	if !r.plan[d] {
		if _, e, ok := r.m.resolveExternal(d); ok {
			r.ext = e
		}
	}
	return d
}

// connOf returns dev's connection in one of the states, or err.
func (r *runner) connOf(dev DeviceID, err *ServiceError, states ...ConnectionState) (ConnectionID, error) {
	if c, ok := r.m.ConnectionOf(dev, states...); ok {
		return c, nil
	}
	return ConnectionID{}, err.with(string(dev) + " has no such connection")
}

func (r *runner) do(s Step) error {
	m := r.m
	dev := r.party(s.Device)
	switch s.Action {
	case ActCall:
		r.ext = s.Device
		_, err := m.IncomingCall(s.Device, s.Target)
		return err
	case ActMakeCall:
		_, err := m.MakeCall(dev, r.dest(s.Target))
		return err
	case ActAnswer:
		if !r.plan[dev] {
			return m.ExternalAnswer(dev)
		}
		c, err := r.connOf(dev, ErrNoCallToAnswer, StateAlerting)
		if err != nil {
			return err
		}
		return m.AnswerCall(c)
	case ActHangup:
		if !r.plan[dev] {
			return m.ExternalHangup(dev)
		}
		c, err := r.connOf(dev, ErrNoConnectionToClear, StateConnected, StateInitiated, StateAlerting, StateFail, StateQueued)
		if err != nil {
			if c, err = r.connOf(dev, ErrNoConnectionToClear); err != nil {
				return err
			}
		}
		return m.ClearConnection(c)
	case ActClearCall:
		c, err := r.connOf(dev, ErrNoConnectionToClear)
		if err != nil {
			return err
		}
		return m.ClearCall(c)
	case ActHold:
		c, err := r.connOf(dev, ErrNoActiveCall, StateConnected)
		if err != nil {
			return err
		}
		return m.HoldCall(c)
	case ActRetrieve:
		c, err := r.connOf(dev, ErrNoHeldCall, StateHold)
		if err != nil {
			return err
		}
		return m.RetrieveCall(c)
	case ActConsult:
		c, err := r.connOf(dev, ErrNoActiveCall, StateConnected)
		if err != nil {
			return err
		}
		_, err = m.ConsultationCall(c, r.dest(s.Target))
		return err
	case ActTransfer, ActConference:
		h, err := r.connOf(dev, ErrNoHeldCall, StateHold)
		if err != nil {
			return err
		}
		a, err := r.connOf(dev, ErrNoActiveCall, StateConnected)
		if err != nil {
			return err
		}
		if s.Action == ActTransfer {
			_, _, err = m.TransferCall(h, a)
		} else {
			_, _, err = m.ConferenceCall(h, a)
		}
		return err
	case ActDeflect:
		c, err := r.connOf(dev, ErrNoCallToAnswer, StateAlerting, StateQueued)
		if err != nil {
			return err
		}
		return m.DeflectCall(c, r.dest(s.Target))
	case ActSSTransfer:
		c, err := r.connOf(dev, ErrNoActiveCall, StateConnected)
		if err != nil {
			return err
		}
		_, _, err = m.SingleStepTransferCall(c, r.dest(s.Target))
		return err
	case ActDND:
		return m.SetDoNotDisturb(dev, s.On)
	case ActForward:
		var to DeviceID
		if s.On {
			to = r.party(s.Target)
		}
		return m.SetForwarding(dev, Forwarding{Type: s.Fwd, On: s.On, To: to, RingCount: s.Rings})
	case ActOutOfService, ActInService:
		return m.SetOutOfService(dev, s.Action == ActOutOfService)
	case ActStatus:
		return m.SetSystemStatus(s.Status)
	}
	return ErrServiceNotSupported.with("action " + string(s.Action))
}

// resolveExternal reports the external number a dialled number reaches.
func (m *Model) resolveExternal(number DeviceID) (trunk DeviceID, ext DeviceID, ok bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	d, e, found := m.resolve(number)
	if !found || e == "" {
		return "", "", false
	}
	return d.id, e, true
}

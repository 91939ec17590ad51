package wirecli

import (
	"errors"
	"fmt"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/runtime/ber"
)

// The conversions between a ROSE APDU (csta.PDU) and a CSTA-XML message
// (csta.XMLMessage) that transcode makes. CSTA-XML has no ROSE envelope: a
// request is the operation's argument under the root element of the
// operation, a positive response its result, an event the event type's
// value with its monitorCrossRefID (cSTAEventReport's argument without the
// EventSpecificInfo wrapping), a negative response the UniversalFailure of
// ReturnError. The invoke ID travels in the 8-octet header when there is
// one.
//
// An event is moved between the two forms through BER and the Events
// table (category and event tags) rather than through the generated
// EventSpecificInfo types, so that only the tables and the exported
// codecs of csta are relied on.

// errNoXMLForm and errNoBERForm say why a message has no form in the other
// encoding.
var (
	errNoXMLForm = errors.New("no CSTA-XML form")
	errNoBERForm = errors.New("no BER form")
)

// xmlFromPDU makes m the CSTA-XML form of the decoded APDU p.
func xmlFromPDU(p *csta.PDU, m *csta.XMLMessage) error {
	rose := &p.ROSE
	switch rose.Choice {
	case csta.ROSChoiceInvoke:
		op := p.Operation
		if op == nil {
			return fmt.Errorf("%w: invoke of an operation code that is not an ECMA-285 operation", errNoXMLForm)
		}
		if op.Code == csta.OpCSTAEventReport {
			inv := rose.GetInvoke()
			if !inv.HasArgument {
				return fmt.Errorf("%w: cSTAEventReport without argument", errNoXMLForm)
			}
			k, xref, v, err := eventFromBER(inv.Argument)
			if err != nil {
				return err
			}
			m.SetEvent(k, xref, v)
			return nil
		}
		if op.NewArgument != nil && p.Argument == nil {
			return fmt.Errorf("%w: invoke of %s without its argument", errNoXMLForm, op.Name)
		}
		m.SetRequest(op, p.Argument)
	case csta.ROSChoiceReturnResult:
		op := p.Operation
		if op == nil {
			return fmt.Errorf("%w: a ReturnResult without result (or of an operation code that is not ECMA-285) names no operation, so no root element", errNoXMLForm)
		}
		m.SetResponse(op, p.Result)
	case csta.ROSChoiceReturnError:
		f, ok := p.Error.(*csta.UniversalFailure)
		if !ok {
			return fmt.Errorf("%w: ReturnError without a universalFailure parameter", errNoXMLForm)
		}
		m.SetError(f)
	case csta.ROSChoiceReject:
		return fmt.Errorf("%w: a ROSE Reject", errNoXMLForm)
	default:
		return fmt.Errorf("%w: an APDU of no known kind", errNoXMLForm)
	}
	return nil
}

// pduFromXML makes p the ROSE APDU of the decoded CSTA-XML message m, with
// invoke ID id.
func pduFromXML(m *csta.XMLMessage, id int64, p *csta.PDU) error {
	switch m.Kind {
	case csta.XMLRequest:
		p.SetInvoke(id, m.Operation.Code, m.Value)
	case csta.XMLResponse:
		p.SetResult(id, m.Operation.Code, m.Value)
	case csta.XMLEvent:
		arg, err := eventReport(m, &csta.CSTAEventReportArgument{})
		if err != nil {
			return err
		}
		p.SetInvoke(id, csta.OpCSTAEventReport, arg)
	case csta.XMLError:
		code := int64(-1)
		for _, e := range csta.Errors {
			if e.Name == "universalFailure" {
				code = e.Code
			}
		}
		if code < 0 {
			return fmt.Errorf("%w: the schema has no universalFailure error", errNoBERForm)
		}
		x := &csta.ReturnError{Errcode: csta.Code{Choice: csta.CodeChoiceLocal, Local: code}}
		x.InvokeID.SetPresent(id)
		*p = csta.PDU{Error: m.Value}
		p.ROSE.SetReturnError(x)
	case csta.XMLDocument:
		return fmt.Errorf("%w: <%s> is an ECMA-354 application session message (BER associates with ACSE instead)", errNoBERForm, m.RootName())
	default:
		return fmt.Errorf("%w: <%s> is no ECMA-323 message of this decoder", errNoBERForm, m.RootName())
	}
	return nil
}

// eventFromBER splits the BER encoding of a CSTAEventReportArgument into
// the event (its index in csta.Events and its decoded value) and the
// monitor cross reference ID.
func eventFromBER(arg []byte) (k int, xref []byte, v csta.Message, err error) {
	r := ber.NewReader(arg, nil)
	var seq, cat ber.Reader
	if err := r.ReadElement(ber.Universal|ber.Constructed|16, &seq); err != nil {
		return 0, nil, nil, err
	}
	if xref, err = seq.ReadContents(ber.Application | 21); err != nil {
		return 0, nil, nil, err
	}
	ct, err := seq.ReadAny(&cat)
	if err != nil {
		return 0, nil, nil, err
	}
	et, content, err := cat.ReadAnyContents()
	if err != nil {
		return 0, nil, nil, err
	}
	k = -1
	for i, e := range csta.Events {
		if ber.Context|ber.Constructed|ber.Tag(e.CategoryTag) == ct && ber.Context|ber.Constructed|ber.Tag(e.Tag) == et {
			k = i
		}
	}
	if k < 0 {
		return 0, nil, nil, fmt.Errorf("%w: an event of category tag %v and tag %v, which the Events table does not know", errNoXMLForm, ct, et)
	}
	v = csta.Events[k].New()
	if err := v.DecodeBER(ber.AppendElement(nil, ber.Universal|ber.Constructed|16, content)); err != nil {
		return 0, nil, nil, err
	}
	return k, xref, v, nil
}

// eventReport fills arg, the cSTAEventReport argument, from the event m.
func eventReport(m *csta.XMLMessage, arg *csta.CSTAEventReportArgument) (*csta.CSTAEventReportArgument, error) {
	ev, err := m.Value.AppendBER(nil)
	if err != nil {
		return nil, err
	}
	r := ber.NewReader(ev, nil)
	_, content, err := r.ReadAnyContents()
	if err != nil {
		return nil, err
	}
	e := m.Event
	inner := ber.AppendElement(nil, ber.Context|ber.Constructed|ber.Tag(e.Tag), content)
	b := ber.AppendElement(nil, ber.Application|21, m.CrossRefID)
	b = ber.AppendElement(b, ber.Context|ber.Constructed|ber.Tag(e.CategoryTag), inner)
	if err := arg.DecodeBER(ber.AppendElement(nil, ber.Universal|ber.Constructed|16, b)); err != nil {
		return nil, fmt.Errorf("the event report built for %s does not decode: %w", e.Type, err)
	}
	return arg, nil
}

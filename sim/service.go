package sim

import (
	"errors"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/sim/callmodel"
)

// errUnsupported reports an operation the simulator does not implement:
// BER rejects it (unrecognizedOperation), CSTA-XML answers serviceNotSupported.
var errUnsupported = errors.New("sim: operation not supported")

// request is one decoded client request.
type request struct {
	code int64
	arg  csta.Message
}

// handle runs a client request on the model. It returns the result (nil
// for an empty one), or a *callmodel.ServiceError, or errUnsupported, and
// what to do once the result is sent (start a monitor's events, send the
// switchingFunctionDevices), or nil.
func (s *session) handle(r request) (res csta.Message, after func(), err error) {
	m := s.srv.model
	dev := func(v *csta.DeviceID) callmodel.DeviceID { return callmodel.DeviceID(s.srv.name(deviceText(v))) }
	cid := func(v *csta.ConnectionID) callmodel.ConnectionID { return ConnectionOf(v, s.srv.name) }
	switch a := r.arg.(type) {
	case *csta.MonitorStartArgument:
		obj := a.GetMonitorObject().GetDeviceObject()
		if obj == nil {
			return nil, nil, callmodel.ErrInvalidMonitorObject
		}
		mon, err := m.MonitorStart(dev(obj), filterOf(a.GetRequestedMonitorFilter()))
		if err != nil {
			return nil, nil, err
		}
		s.addMonitor(mon)
		return &csta.MonitorStartResult{CrossRefIdentifier: csta.MonitorCrossRefID(mon.CrossRef()),
			ActualmonitorFilter: monitorFilter(mon.Filter())}, func() { s.pump(mon) }, nil
	case *csta.MonitorStopArgument:
		return nil, nil, s.stopMonitor(callmodel.CrossRefID(a.GetCrossRefIdentifier()))
	case *csta.SnapshotDeviceArgument:
		snaps, err := m.SnapshotDevice(dev(a.GetSnapshotObject()))
		if err != nil {
			return nil, nil, err
		}
		data := make(csta.SnapshotDeviceData, len(snaps))
		for i, sn := range snaps {
			data[i].ConnectionIdentifier = connID(sn.Connection)
			states := make(csta.CompoundCallState, len(sn.States))
			for j, st := range sn.States {
				states[j] = csta.LocalConnectionState(st)
			}
			data[i].LocalCallState.SetCompoundCallState(states)
		}
		res := &csta.SnapshotDeviceResult{}
		res.CrossRefIDorSnapshotData.SetSnapshotData(data)
		return res, nil, nil
	case *csta.SnapshotCallArgument:
		snaps, err := m.SnapshotCall(cid(a.GetSnapshotObject()))
		if err != nil {
			return nil, nil, err
		}
		data := make(csta.SnapshotCallData, len(snaps))
		for i, sn := range snaps {
			c := connID(sn.Connection)
			data[i] = csta.SnapshotCallResponseInfo{DeviceOnCall: subject(sn.Device), CallIdentifier: &c,
				LocalConnectionState: csta.LocalConnectionState(sn.State), HasLocalConnectionState: true}
		}
		res := &csta.SnapshotCallResult{}
		res.CrossRefIDorSnapshotData.SetSnapshotData(data)
		return res, nil, nil
	case *csta.MakeCallArgument:
		c, err := m.MakeCall(dev(a.GetCallingDevice()), dev(a.GetCalledDirectoryNumber()))
		if err != nil {
			return nil, nil, err
		}
		return &csta.MakeCallResult{CallingDevice: connID(c)}, nil, nil
	case *csta.AnswerCallArgument:
		return nil, nil, m.AnswerCall(cid(a.GetCallToBeAnswered()))
	case *csta.ClearConnectionArgument:
		return nil, nil, m.ClearConnection(cid(a.GetConnectionToBeCleared()))
	case *csta.ClearCallArgument:
		return nil, nil, m.ClearCall(cid(a.GetCallToBeCleared()))
	case *csta.HoldCallArgument:
		return nil, nil, m.HoldCall(cid(a.GetCallToBeHeld()))
	case *csta.RetrieveCallArgument:
		return nil, nil, m.RetrieveCall(cid(a.GetCallToBeRetrieved()))
	case *csta.ConsultationCallArgument:
		c, err := m.ConsultationCall(cid(a.GetExistingCall()), dev(a.GetConsultedDevice()))
		if err != nil {
			return nil, nil, err
		}
		return &csta.ConsultationCallResult{InitiatedCall: connID(c)}, nil, nil
	case *csta.TransferCallArgument:
		c, l, err := m.TransferCall(cid(a.GetHeldCall()), cid(a.GetActiveCall()))
		if err != nil {
			return nil, nil, err
		}
		return &csta.TransferCallResult{TransferredCall: connID(c), Connections: connList(l), HasConnections: len(l) > 0}, nil, nil
	case *csta.ConferenceCallArgument:
		c, l, err := m.ConferenceCall(cid(a.GetHeldCall()), cid(a.GetActiveCall()))
		if err != nil {
			return nil, nil, err
		}
		return &csta.ConferenceCallResult{ConferenceCall: connID(c), Connections: connList(l), HasConnections: len(l) > 0}, nil, nil
	case *csta.DeflectCallArgument:
		return nil, nil, m.DeflectCall(cid(a.GetCallToBeDiverted()), dev(a.GetNewDestination()))
	case *csta.SingleStepTransArgument:
		c, l, err := m.SingleStepTransferCall(cid(a.GetActiveCall()), dev(a.GetTransferredTo()))
		if err != nil {
			return nil, nil, err
		}
		return &csta.SingleStepTransResult{TransferredCall: connID(c), Connections: connList(l), HasConnections: len(l) > 0}, nil, nil
	case *csta.SetDoNotDisturbArgument:
		return nil, nil, m.SetDoNotDisturb(dev(a.GetDevice()), a.GetDoNotDisturbOn())
	case *csta.GetDoNotDisturbArgument:
		on, err := m.GetDoNotDisturb(dev(a.GetDevice()))
		if err != nil {
			return nil, nil, err
		}
		return &csta.GetDoNotDisturbResult{DoNotDisturbOn: on}, nil, nil
	case *csta.SetForwardingArgument:
		f := callmodel.Forwarding{On: a.GetActivateForward(), RingCount: int(a.GetRingCount())}
		if a.HasForwardingType {
			f.Type = callmodel.ForwardingType(a.ForwardingType.String())
		}
		if to := a.GetForwardDN(); to != nil {
			f.To = dev(to)
		}
		return nil, nil, m.SetForwarding(dev(a.GetDevice()), f)
	case *csta.GetForwardingArgument:
		fs, err := m.GetForwarding(dev(a.GetDevice()))
		if err != nil {
			return nil, nil, err
		}
		res := &csta.GetForwardingResult{ForwardingList: make(csta.ForwardList, len(fs))}
		for i, f := range fs {
			it := &res.ForwardingList[i]
			it.ForwardStatus = f.On
			it.ForwardingType, it.HasForwardingType = fwdTypes[string(f.Type)]
			if f.To != "" {
				it.ForwardDN = devicePtr(f.To)
			}
			if f.RingCount > 0 {
				it.RingCount, it.HasRingCount = int64(f.RingCount), true
			}
		}
		return res, nil, nil
	case *csta.SystemStatusArg:
		if err := m.ReceiveSystemStatus(callmodel.SystemStatus(a.GetSystemStatus().String())); err != nil {
			return nil, nil, err
		}
		return &csta.SystemStatusRes{Choice: csta.SystemStatusResChoiceNoData}, nil, nil
	case *csta.RequestSysStatArg:
		return &csta.RequestSysStatRes{SystemStatus: sysStatuses[string(m.SystemStatus())]}, nil, nil
	case *csta.GetSwitchingFunctionDevicesArgument:
		var cat callmodel.DeviceCategory
		if a.HasRequestedDeviceCategory {
			if _, ok := reqCategories[a.RequestedDeviceCategory.String()]; !ok {
				return nil, nil, callmodel.ErrValueOutOfRange
			}
			cat = callmodel.DeviceCategory(a.RequestedDeviceCategory.String())
		}
		infos := m.GetSwitchingFunctionDevices(cat)
		if d := a.GetRequestedDeviceID(); d != nil {
			want := dev(d)
			kept := infos[:0]
			for _, info := range infos {
				if info.ID == want {
					kept = append(kept, info)
				}
			}
			if infos = kept; len(infos) == 0 {
				return nil, nil, callmodel.ErrInvalidDeviceID
			}
		}
		xref := s.srv.serviceRef()
		return &csta.GetSwitchingFunctionDevicesResult{ServiceCrossRefID: csta.ServiceCrossRefID(xref)}, func() {
			s.sendRequest(&csta.SwitchingFunctionDevicesArgument{ServiceCrossRefID: csta.ServiceCrossRefID(xref),
				LastSegment: true, DeviceList: deviceList(infos)})
		}, nil
	case *csta.GetCSTAFeatureArgument:
		res, _ := features(m.GetCSTAFeatures())
		return res, nil, nil
	}
	switch {
	case r.code == csta.OpRequestSysStat && r.arg == nil:
		return &csta.RequestSysStatRes{SystemStatus: sysStatuses[string(m.SystemStatus())]}, nil, nil
	case r.code == csta.OpGetCSTAFeature && r.arg == nil:
		res, _ := features(m.GetCSTAFeatures())
		return res, nil, nil
	}
	return nil, nil, errUnsupported
}

// eventReport builds the cSTAEventReport argument of ev.
func eventReport(ev *callmodel.Event) (*csta.CSTAEventReportArgument, bool) {
	arg := &csta.CSTAEventReportArgument{CrossRefIdentifier: csta.MonitorCrossRefID(ev.CrossRef)}
	v, _ := eventValue(ev, &arg.EventSpecificInfo)
	return arg, v != nil
}

// systemStatusArg builds the switch's systemStatus argument.
func systemStatusArg(st callmodel.SystemStatus) *csta.SystemStatusArg {
	return &csta.SystemStatusArg{SystemStatus: sysStatuses[string(st)]}
}

package sim

// This file and service.go are the only places that know the shape of the
// generated csta types: the conversions between the call model's values
// and the ECMA-285 components that carry them. (ber.go and xml.go name
// the operation codes, the PDU and XMLMessage, and the ECMA-354 messages.)

import (
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/cstagen/cstagen/csta"
	"github.com/cstagen/cstagen/sim/callmodel"
)

// enumNames maps the ASN.1 identifiers of an enumeration to its values, by
// asking String of every value in 0..n-1.
func enumNames[T ~int64](n int, str func(T) string) map[string]T {
	m := make(map[string]T, n)
	for i := 0; i < n; i++ {
		v := T(i)
		if s := str(v); s != "" && s != strconv.Itoa(i) {
			m[s] = v
		}
	}
	return m
}

var (
	causes       = enumNames(256, csta.EventCause.String)
	fwdTypes     = enumNames(16, csta.ForwardingType.String)
	sysStatuses  = enumNames(16, csta.SystemStatus.String)
	opErrors     = enumNames(256, csta.OperationErrors.String)
	stateErrors  = enumNames(64, csta.StateIncompatibilityErrors.String)
	sysResErrors = enumNames(64, csta.SystemResourceAvailabilityErrors.String)
	subResErrors = enumNames(64, csta.SubscribedResourceAvailabilityErrors.String)
)

// NormalizeDevice is the default Config.DeviceName: it reduces the device
// identifiers vendors send to the number of a dial plan: "tel:73124;..."
// and "sip:200@host" to 73124 and 200, Avaya's "200:MySwitch::0" to 200,
// OpenScape's "N<+4989...>" to +4989...
func NormalizeDevice(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"tel:", "sip:", "sips:"} {
		if len(s) > len(p) && strings.EqualFold(s[:len(p)], p) {
			s = s[len(p):]
			break
		}
	}
	if i := strings.IndexAny(s, ";@"); i > 0 {
		s = s[:i]
	}
	if i := strings.IndexByte(s, ':'); i > 0 {
		s = s[:i]
	}
	if strings.HasPrefix(s, "N<") && strings.HasSuffix(s, ">") {
		s = s[2 : len(s)-1]
	}
	return s
}

// deviceText returns the number a DeviceID carries, whichever alternative
// of deviceIdentifier holds it.
func deviceText(v *csta.DeviceID) string {
	d := v.GetDeviceIdentifier()
	switch {
	case len(d.GetDialingNumber()) > 0:
		return string(d.GetDialingNumber())
	case len(d.GetImplicitPublic()) > 0:
		return string(d.GetImplicitPublic())
	case len(d.GetImplicitPrivate()) > 0:
		return string(d.GetImplicitPrivate())
	case len(d.GetOther()) > 0:
		return string(d.GetOther())
	case d.GetChoice() == csta.DeviceIDDeviceIdentifierChoiceDeviceNumber:
		return strconv.FormatInt(int64(d.GetDeviceNumber()), 10)
	}
	return ""
}

// deviceID returns the DeviceID of d as a dialingNumber.
func deviceID(d callmodel.DeviceID) csta.DeviceID {
	var v csta.DeviceID
	v.DeviceIdentifier.SetDialingNumber(csta.NumberDigits(d))
	return v
}

func devicePtr(d callmodel.DeviceID) *csta.DeviceID {
	v := deviceID(d)
	return &v
}

// connID returns the ConnectionID of c: both, or callID alone when c names
// no device.
func connID(c callmodel.ConnectionID) csta.ConnectionID {
	var v csta.ConnectionID
	if c.Device == "" {
		v.SetCallID(csta.CallID(c.Call))
		return v
	}
	b := &csta.ConnectionIDBoth{CallID: csta.CallID(c.Call)}
	b.DeviceID.SetStaticID(devicePtr(c.Device))
	v.SetBoth(b)
	return v
}

// ConnectionOf returns the call model's ConnectionID of a csta one, the
// device reduced by name (NormalizeDevice when nil).
func ConnectionOf(v *csta.ConnectionID, name func(string) string) callmodel.ConnectionID {
	if name == nil {
		name = NormalizeDevice
	}
	var c callmodel.ConnectionID
	switch v.GetChoice() {
	case csta.ConnectionIDChoiceCallID:
		c.Call = callmodel.CallID(v.GetCallID())
	case csta.ConnectionIDChoiceDeviceID:
		c.Device = callmodel.DeviceID(name(localDevice(v.GetDeviceID())))
	case csta.ConnectionIDChoiceBoth:
		c.Call = callmodel.CallID(v.GetBoth().GetCallID())
		c.Device = callmodel.DeviceID(name(localDevice(v.GetBoth().GetDeviceID())))
	}
	return c
}

func localDevice(v *csta.LocalDeviceID) string {
	if s := v.GetStaticID(); s != nil {
		return deviceText(s)
	}
	return string(v.GetDynamicID())
}

func subject(d callmodel.DeviceID) (v csta.SubjectDeviceID) {
	if d == "" {
		v.SetNotKnown()
	} else {
		v.SetDeviceIdentifier(devicePtr(d))
	}
	return v
}

func calling(d callmodel.DeviceID) (v csta.CallingDeviceID) {
	if d == "" {
		v.SetNotKnown()
	} else {
		v.SetDeviceIdentifier(devicePtr(d))
	}
	return v
}

func called(d callmodel.DeviceID) (v csta.CalledDeviceID) {
	if d == "" {
		v.SetNotKnown()
	} else {
		v.SetDeviceIdentifier(devicePtr(d))
	}
	return v
}

func redirection(d callmodel.DeviceID) (v csta.RedirectionDeviceID) {
	if d == "" {
		v.SetNotRequired()
	} else {
		v.SetNumberdialed(devicePtr(d))
	}
	return v
}

func connList(entries []callmodel.ConnectionListEntry) csta.ConnectionList {
	l := make(csta.ConnectionList, len(entries))
	for i, e := range entries {
		it := &l[i]
		n := connID(e.New)
		it.NewConnection = &n
		if e.Old != (callmodel.ConnectionID{}) {
			o := connID(e.Old)
			it.OldConnection = &o
		}
		if e.Endpoint != "" {
			it.Endpoint = new(csta.ConnectionListItemEndpoint)
			it.Endpoint.SetDeviceID(devicePtr(e.Endpoint))
		}
	}
	return l
}

// failure returns the UniversalFailure of a model error.
func failure(se *callmodel.ServiceError) *csta.UniversalFailure {
	var f csta.UniversalFailure
	ok := false
	switch se.Category {
	case callmodel.CategoryOperation:
		var v csta.OperationErrors
		if v, ok = opErrors[se.Value]; ok {
			f.SetOperation(v)
		}
	case callmodel.CategoryStateIncompatibility:
		var v csta.StateIncompatibilityErrors
		if v, ok = stateErrors[se.Value]; ok {
			f.SetStateIncompatibility(v)
		}
	case callmodel.CategorySystemResourceAvailability:
		var v csta.SystemResourceAvailabilityErrors
		if v, ok = sysResErrors[se.Value]; ok {
			f.SetSystemResourceAvailability(v)
		}
	case callmodel.CategorySubscribedResourceAvailability:
		var v csta.SubscribedResourceAvailabilityErrors
		if v, ok = subResErrors[se.Value]; ok {
			f.SetSubscribedResourceAvailability(v)
		}
	}
	if !ok {
		f.SetUnspecified(csta.UnspecifiedErrors{})
	}
	return &f
}

// filterBits maps the event kinds to their MonitorFilter bits.
var filterBits = []struct {
	kind callmodel.EventKind
	cc   csta.CallControlEventsFilter
	ld   csta.LogicalDeviceFeatureEventsFilter
	dm   csta.DeviceMaintenanceEventsFilter
}{
	{kind: callmodel.EventServiceInitiated, cc: csta.CallControlEventsFilterServiceInitiated},
	{kind: callmodel.EventOriginated, cc: csta.CallControlEventsFilterOriginated},
	{kind: callmodel.EventDelivered, cc: csta.CallControlEventsFilterDelivered},
	{kind: callmodel.EventEstablished, cc: csta.CallControlEventsFilterEstablished},
	{kind: callmodel.EventHeld, cc: csta.CallControlEventsFilterHeld},
	{kind: callmodel.EventRetrieved, cc: csta.CallControlEventsFilterRetrieved},
	{kind: callmodel.EventTransferred, cc: csta.CallControlEventsFilterTransferred},
	{kind: callmodel.EventConferenced, cc: csta.CallControlEventsFilterConferenced},
	{kind: callmodel.EventDiverted, cc: csta.CallControlEventsFilterDiverted},
	{kind: callmodel.EventConnectionCleared, cc: csta.CallControlEventsFilterConnectionCleared},
	{kind: callmodel.EventCallCleared, cc: csta.CallControlEventsFilterCallCleared},
	{kind: callmodel.EventFailed, cc: csta.CallControlEventsFilterFailed},
	{kind: callmodel.EventQueued, cc: csta.CallControlEventsFilterQueued},
	{kind: callmodel.EventDoNotDisturb, ld: csta.LogicalDeviceFeatureEventsFilterDoNotDisturb},
	{kind: callmodel.EventForwarding, ld: csta.LogicalDeviceFeatureEventsFilterForwarding},
	{kind: callmodel.EventBackInService, dm: csta.DeviceMaintenanceEventsFilterBackInService},
	{kind: callmodel.EventOutOfService, dm: csta.DeviceMaintenanceEventsFilterOutOfService},
}

// filterOf returns the model Filter of a requested MonitorFilter (nil: none).
func filterOf(f *csta.MonitorFilter) callmodel.Filter {
	if f == nil {
		return 0
	}
	var kinds []callmodel.EventKind
	for _, b := range filterBits {
		if (b.cc != 0 && f.CallControl.Has(b.cc)) || (b.ld != 0 && f.LogicalDeviceFeature.Has(b.ld)) ||
			(b.dm != 0 && f.Maintenance.Has(b.dm)) {
			kinds = append(kinds, b.kind)
		}
	}
	return callmodel.FilterOut(kinds...)
}

// monitorFilter returns the MonitorFilter of a model Filter.
func monitorFilter(f callmodel.Filter) *csta.MonitorFilter {
	var m csta.MonitorFilter
	for _, b := range filterBits {
		if f.Allows(b.kind) {
			continue
		}
		m.CallControl |= b.cc
		m.LogicalDeviceFeature |= b.ld
		m.Maintenance |= b.dm
	}
	return &m
}

// eventValue builds the ECMA-285 event of ev, stores it in esi (for a BER
// cSTAEventReport) and returns it with its index in csta.Events (for a
// CSTA-XML event message).
func eventValue(ev *callmodel.Event, esi *csta.EventSpecificInfo) (csta.Message, int) {
	cause := causes[string(ev.Cause)]
	st := csta.LocalConnectionState(ev.LocalState)
	cn := connID(ev.Connection)
	var v csta.Message
	cc := new(csta.CallControlEvents)
	switch ev.Kind {
	case callmodel.EventServiceInitiated:
		x := &csta.ServiceInitiatedEvent{InitiatedConnection: cn, InitiatingDevice: subject(ev.Device),
			LocalConnectionInfo: st, HasLocalConnectionInfo: true, Cause: cause}
		if ev.Called != "" {
			c := called(ev.Called)
			x.CalledDevice = &c
		}
		cc.SetServiceInitiated(x)
		v = x
	case callmodel.EventOriginated:
		x := &csta.OriginatedEvent{OriginatedConnection: cn, CallingDevice: subject(ev.Device), CalledDevice: called(ev.Called),
			LocalConnectionInfo: st, HasLocalConnectionInfo: true, Cause: cause}
		cc.SetOriginated(x)
		v = x
	case callmodel.EventDelivered:
		x := &csta.DeliveredEvent{Connection: cn, AlertingDevice: subject(ev.Device), CallingDevice: calling(ev.Calling),
			CalledDevice: called(ev.Called), LastRedirectionDevice: redirection(ev.LastRedirection),
			LocalConnectionInfo: st, HasLocalConnectionInfo: true, Cause: cause}
		cc.SetDelivered(x)
		v = x
	case callmodel.EventEstablished:
		x := &csta.EstablishedEvent{EstablishedConnection: cn, AnsweringDevice: subject(ev.Device), CallingDevice: calling(ev.Calling),
			CalledDevice: called(ev.Called), LastRedirectionDevice: redirection(ev.LastRedirection),
			LocalConnectionInfo: st, HasLocalConnectionInfo: true, Cause: cause}
		cc.SetEstablished(x)
		v = x
	case callmodel.EventHeld:
		x := &csta.HeldEvent{HeldConnection: cn, HoldingDevice: subject(ev.Device),
			LocalConnectionInfo: st, HasLocalConnectionInfo: true, Cause: cause}
		cc.SetHeld(x)
		v = x
	case callmodel.EventRetrieved:
		x := &csta.RetrievedEvent{RetrievedConnection: cn, RetrievingDevice: subject(ev.Device),
			LocalConnectionInfo: st, HasLocalConnectionInfo: true, Cause: cause}
		cc.SetRetrieved(x)
		v = x
	case callmodel.EventTransferred:
		x := &csta.TransferredEvent{PrimaryOldCall: cn, TransferringDevice: subject(ev.Device),
			TransferredToDevice: subject(ev.TransferredTo), TransferredConnections: connList(ev.Connections),
			LocalConnectionInfo: st, HasLocalConnectionInfo: true, Cause: cause}
		if ev.SecondaryOldCall != (callmodel.ConnectionID{}) {
			s := connID(ev.SecondaryOldCall)
			x.SecondaryOldCall = &s
		}
		cc.SetTransferred(x)
		v = x
	case callmodel.EventConferenced:
		x := &csta.ConferencedEvent{PrimaryOldCall: cn, ConferencingDevice: subject(ev.Device),
			AddedParty: subject(ev.AddedParty), ConferenceConnections: connList(ev.Connections),
			LocalConnectionInfo: st, HasLocalConnectionInfo: true, Cause: cause}
		if ev.SecondaryOldCall != (callmodel.ConnectionID{}) {
			s := connID(ev.SecondaryOldCall)
			x.SecondaryOldCall = &s
		}
		cc.SetConferenced(x)
		v = x
	case callmodel.EventDiverted:
		x := &csta.DivertedEvent{Connection: cn, DivertingDevice: subject(ev.Device), NewDestination: subject(ev.NewDestination),
			LastRedirectionDevice: redirection(ev.LastRedirection),
			LocalConnectionInfo:   st, HasLocalConnectionInfo: true, Cause: cause}
		if ev.Calling != "" {
			c := calling(ev.Calling)
			x.CallingDevice = &c
		}
		if ev.Called != "" {
			c := called(ev.Called)
			x.CalledDevice = &c
		}
		cc.SetDiverted(x)
		v = x
	case callmodel.EventConnectionCleared:
		x := &csta.ConnectionClearedEvent{DroppedConnection: cn, ReleasingDevice: subject(ev.Device),
			LocalConnectionInfo: st, HasLocalConnectionInfo: true, Cause: cause}
		cc.SetConnectionCleared(x)
		v = x
	case callmodel.EventCallCleared:
		x := &csta.CallClearedEvent{ClearedCall: cn, Cause: cause}
		cc.SetCallCleared(x)
		v = x
	case callmodel.EventFailed:
		x := &csta.FailedEvent{FailedConnection: cn, FailingDevice: subject(ev.Device), CallingDevice: calling(ev.Calling),
			CalledDevice: called(ev.Called), LastRedirectionDevice: redirection(ev.LastRedirection),
			LocalConnectionInfo: st, HasLocalConnectionInfo: true, Cause: cause}
		cc.SetFailed(x)
		v = x
	case callmodel.EventQueued:
		x := &csta.QueuedEvent{QueuedConnection: cn, Queue: subject(ev.Device), CallingDevice: calling(ev.Calling),
			CalledDevice: called(ev.Called), LastRedirectionDevice: redirection(ev.LastRedirection),
			LocalConnectionInfo: st, HasLocalConnectionInfo: true, Cause: cause}
		cc.SetQueued(x)
		v = x
	case callmodel.EventDoNotDisturb:
		x := &csta.DoNotDisturbEvent{Device: subject(ev.Device), DoNotDisturbOn: ev.DoNotDisturb}
		ld := new(csta.LogicalDeviceFeatureEvents)
		ld.SetDoNotDisturb(x)
		esi.SetLogicalDeviceFeatureEvents(ld)
		return x, eventIndex("logicalDeviceFeature", "doNotDisturb")
	case callmodel.EventForwarding:
		x := &csta.ForwardingEvent{Device: subject(ev.Device), ForwardStatus: ev.Forwarding.On}
		if t, ok := fwdTypes[string(ev.Forwarding.Type)]; ok {
			x.ForwardingType, x.HasForwardingType = t, true
		}
		if ev.Forwarding.To != "" {
			x.ForwardTo = devicePtr(ev.Forwarding.To)
		}
		if ev.Forwarding.RingCount > 0 {
			x.RingCount, x.HasRingCount = int64(ev.Forwarding.RingCount), true
		}
		ld := new(csta.LogicalDeviceFeatureEvents)
		ld.SetForwarding(x)
		esi.SetLogicalDeviceFeatureEvents(ld)
		return x, eventIndex("logicalDeviceFeature", "forwarding")
	case callmodel.EventBackInService:
		x := &csta.BackInServiceEvent{Device: subject(ev.Device)}
		dm := new(csta.DeviceMaintenanceEvents)
		dm.SetBackInService(x)
		esi.SetDeviceMaintenanceEvents(dm)
		return x, eventIndex("deviceMaintenance", "backInService")
	case callmodel.EventOutOfService:
		x := &csta.OutOfServiceEvent{Device: subject(ev.Device)}
		dm := new(csta.DeviceMaintenanceEvents)
		dm.SetOutOfService(x)
		esi.SetDeviceMaintenanceEvents(dm)
		return x, eventIndex("deviceMaintenance", "outOfService")
	default:
		return nil, -1
	}
	esi.SetCallControlEvents(cc)
	return v, eventIndex("callControl", ev.Kind.String())
}

// eventIndex returns the index in csta.Events of the event name of a
// category, or -1.
func eventIndex(category, name string) int {
	for i := range csta.Events {
		if csta.Events[i].Category == category && csta.Events[i].Name == name {
			return i
		}
	}
	return -1
}

// features builds the GetCSTAFeatures result of f. The lists are
// SEQUENCEs of OPTIONAL capabilities, one per service or event, so each is
// set by name: the component list (a field of the result's
// supportedServices or supportedEvents) and, in it, the Has flag of the
// service or event. It returns the names it found no field for.
func features(f callmodel.Features) (*csta.GetCSTAFeatureResult, []string) {
	res := &csta.GetCSTAFeatureResult{SupportedEvents: new(csta.GetCSTAFeatureResultSupportedEvents)}
	var missing []string
	set := func(parent reflect.Value, list, item string) {
		lf := parent.FieldByName(exported(list))
		if !lf.IsValid() || lf.Kind() != reflect.Pointer {
			missing = append(missing, list)
			return
		}
		if lf.IsNil() {
			lf.Set(reflect.New(lf.Type().Elem()))
		}
		has := lf.Elem().FieldByName("Has" + exported(item))
		switch {
		case has.IsValid() && has.Kind() == reflect.Bool:
			has.SetBool(true)
		case lf.Elem().FieldByName(exported(item)).IsValid():
			// A mandatory component: present with its list.
		default:
			missing = append(missing, list+"."+item)
		}
	}
	services := reflect.ValueOf(&res.SupportedServices).Elem()
	lists := make([]string, 0, len(f.Services))
	for list := range f.Services {
		lists = append(lists, list)
	}
	sort.Strings(lists)
	for _, list := range lists {
		for _, name := range f.Services[list] {
			set(services, list, name)
		}
	}
	events := reflect.ValueOf(res.SupportedEvents).Elem()
	for _, k := range f.Events {
		for _, et := range callmodel.EventTypes {
			if et.Kind == k {
				set(events, et.FeatureList, k.String())
			}
		}
	}
	return res, missing
}

// exported returns an ASN.1 identifier with its first letter upper-cased,
// as the generated Go names are.
func exported(name string) string {
	if name == "" {
		return name
	}
	return strings.ToUpper(name[:1]) + name[1:]
}

var reqCategories = enumNames(16, csta.ReqDeviceCategory.String)

// deviceList builds the DeviceList of switchingFunctionDevices.
func deviceList(infos []callmodel.DeviceInfo) csta.DeviceList {
	l := make(csta.DeviceList, len(infos))
	for i, d := range infos {
		it := &l[i]
		it.DeviceID = deviceID(d.ID)
		switch d.Category {
		case callmodel.CategoryStation:
			it.DeviceCategory = csta.DeviceCategoryStation
		case callmodel.CategoryNetworkInterface:
			it.DeviceCategory = csta.DeviceCategoryNetworkInterface
		case callmodel.CategoryGroupACD:
			it.DeviceCategory = csta.DeviceCategoryGroup
			it.DeviceAttributes, it.HasDeviceAttributes = csta.DeviceAttributesGroupACD, true
		case callmodel.CategoryGroupHunt:
			it.DeviceCategory = csta.DeviceCategoryGroup
			it.DeviceAttributes, it.HasDeviceAttributes = csta.DeviceAttributesGroupHunt, true
		}
	}
	return l
}
